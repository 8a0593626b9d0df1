/* dialogs.c: which GTK2 dialog belongs to which procedure. */
#include "mc_dialogs.h"
#include "mc_gtk2.h"

gboolean
mc_gtk2_dialog (const mc_proc_def *def, gint32 image, gint32 drawable, void *vals)
{
  if (def == &mc_proc_quantize)
    return mc_quantize_dialog (image, drawable, vals);
  if (def == &mc_proc_segment)
    return mc_segment_dialog (image, drawable, vals);
  if (def == &mc_proc_augment)
    return mc_augment_dialog (image, drawable, vals);
  if (def == &mc_proc_augment_files)
    return mc_augment_files_dialog (vals);
  if (def == &mc_proc_scatter)
    return mc_scatter_dialog (image, drawable, vals);
  if (def == &mc_proc_elbow)
    return mc_elbow_dialog (image, drawable, vals);
  return mc_gtk2_fields_dialog (def, vals);
}
