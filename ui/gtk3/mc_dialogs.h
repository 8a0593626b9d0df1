/* mc_dialogs.h: the GIMP 3 dialogs of the procedures, one per file as in ui/gtk2. Each edits the
 * call's config (the fields write there) and returns TRUE when the user pressed OK. */
#ifndef MC_GTK3_DIALOGS_H
#define MC_GTK3_DIALOGS_H

#include "fields.h"

gboolean mc_gtk3_quantize_dialog (const mc_gtk3_call *call);
gboolean mc_gtk3_segment_dialog (const mc_gtk3_call *call);
gboolean mc_gtk3_augment_dialog (const mc_gtk3_call *call);
gboolean mc_gtk3_scatter_dialog (const mc_gtk3_call *call);
gboolean mc_gtk3_elbow_dialog (const mc_gtk3_call *call);
gboolean mc_gtk3_augment_files_dialog (const mc_gtk3_call *call);
/* The fields of the table only (plug-in-medclust-measure-files, and any procedure without a
 * dialog of its own). */
gboolean mc_gtk3_fields_dialog (const mc_gtk3_call *call);

#endif
