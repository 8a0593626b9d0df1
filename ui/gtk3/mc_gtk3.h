/* mc_gtk3.h: the GTK3 dialogs of the GIMP 3 front end (GimpProcedureDialog built from the
 * procedure tables). */
#ifndef MC_GTK3_H
#define MC_GTK3_H

#include <libgimp/gimp.h>

#include "mc_proc.h"

/* Opens the dialog of def on config (the call's arguments, edited in place; libgimp saves them
 * as the last values after a successful interactive run). image and drawable are the call's
 * target (-1 for a batch procedure). Returns TRUE when the user pressed OK. */
gboolean mc_gtk3_dialog (GimpProcedure *procedure, GimpProcedureConfig *config,
                         const mc_proc_def *def, gint32 image, gint32 drawable);

#endif
