/* mc_gtk2.h: the GTK2 dialogs of the GIMP 2.10 front end. */
#ifndef MC_GTK2_H
#define MC_GTK2_H

#include <glib.h>

#include "mc_proc.h"

/* Opens the dialog of def on vals (the procedure's values record, edited in place). Returns
 * TRUE when the user pressed OK. */
gboolean mc_gtk2_dialog (const mc_proc_def *def, gint32 image, gint32 drawable, void *vals);

#endif
