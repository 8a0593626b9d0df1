/* dialog_measure_files.c: the dialog of plug-in-medclust-measure-files: one field per parameter of
 * the procedure's table, in its order: the input pattern (typed, or built from a chosen folder),
 * method, joint model, pixel size, the CSV and chart paths, seed. */
#include "fields.h"
#include "mc_dialogs.h"

gboolean
mc_measure_files_dialog (mc_measure_files_vals *vals)
{
  const mc_proc_def *def = &mc_proc_measure_files;
  gimp_ui_init ("medclust", FALSE);
  GtkWidget *dialog = gimp_dialog_new ("Measure Lesion Areas in Files", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_MEASURE_FILES_PROC,
                                       GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL, GTK_STOCK_OK,
                                       GTK_RESPONSE_OK, NULL);
  GtkWidget *table = mc_gtk2_field_table (def->n_params);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);
  /* The fields write into a copy, kept only on OK. */
  mc_measure_files_vals edited = *vals;
  mc_gtk2_fields (GTK_TABLE (table), 0, def, &edited, NULL, NULL);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = edited;
  gtk_widget_destroy (dialog);
  return ok;
}
