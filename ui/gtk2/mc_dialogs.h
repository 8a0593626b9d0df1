/* mc_dialogs.h: the procedures' dialogs. Each edits its values in place and returns TRUE when
 * the user pressed OK. */
#ifndef MC_DIALOGS_H
#define MC_DIALOGS_H

#include "mc_proc.h"
#include "mc_quantize.h"
#include "mc_segment_run.h"
#include "mc_measure_files.h"
#include "mc_augment_run.h"
#include "mc_plots.h"

gboolean mc_quantize_dialog (gint32 image, gint32 drawable, mc_quantize_vals *vals);
gboolean mc_segment_dialog (gint32 image, gint32 drawable, mc_segment_vals *vals);
/* The table's fields alone, for the procedures without a preview (the batch ones). */
gboolean mc_gtk2_fields_dialog (const mc_proc_def *def, void *vals);
gboolean mc_augment_dialog (gint32 image, gint32 drawable, mc_augment_vals *vals);
gboolean mc_augment_files_dialog (mc_augment_files_vals *vals);
gboolean mc_scatter_dialog (gint32 image, gint32 drawable, mc_scatter_vals *vals);
gboolean mc_elbow_dialog (gint32 image, gint32 drawable, mc_elbow_vals *vals);

#endif
