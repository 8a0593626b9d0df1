/* mc_dialogs.h: the procedures' dialogs. Each edits its values in place and returns TRUE when
 * the user pressed OK. */
#ifndef MC_DIALOGS_H
#define MC_DIALOGS_H

#include "mc_quantize.h"

gboolean mc_quantize_dialog (gint32 image, gint32 drawable, mc_quantize_vals *vals);

#endif
