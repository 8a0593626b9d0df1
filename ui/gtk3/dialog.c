/* dialog.c: which GIMP 3 dialog belongs to which procedure (mc_gtk3.h), and the dialog of the
 * table's fields alone (the batch procedure plug-in-medclust-measure-files). */
#include "mc_dialogs.h"
#include "mc_gtk3.h"

gboolean
mc_gtk3_fields_dialog (const mc_gtk3_call *call)
{
  GtkWidget *dialog = mc_gtk3_dialog_new (call, NULL);
  GtkWidget *box = mc_gtk3_fields_box (dialog, NULL);
  mc_gtk3_dialog_pack (dialog, box, TRUE);
  gtk_widget_show (dialog);
  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  return ok;
}

gboolean
mc_gtk3_dialog (GimpProcedure *procedure, GimpProcedureConfig *config, const mc_proc_def *def,
                gint32 image, gint32 drawable)
{
  const mc_gtk3_call call = { procedure, config, def, image, drawable };
  if (def == &mc_proc_quantize)
    return mc_gtk3_quantize_dialog (&call);
  if (def == &mc_proc_segment)
    return mc_gtk3_segment_dialog (&call);
  if (def == &mc_proc_augment)
    return mc_gtk3_augment_dialog (&call);
  if (def == &mc_proc_scatter)
    return mc_gtk3_scatter_dialog (&call);
  if (def == &mc_proc_elbow)
    return mc_gtk3_elbow_dialog (&call);
  if (def == &mc_proc_augment_files)
    return mc_gtk3_augment_files_dialog (&call);
  return mc_gtk3_fields_dialog (&call);
}
