/* dialog_quantize.c: the dialog of plug-in-medclust-quantize (K, colour space, sample fraction,
 * seed, output). */
#include "mc_dialogs.h"

#include <libgimp/gimpui.h>

gboolean
mc_quantize_dialog (gint32 image, gint32 drawable, mc_quantize_vals *vals)
{
  (void) image;
  (void) drawable;
  gimp_ui_init ("medclust", FALSE);
  GtkWidget *dialog = gimp_dialog_new ("K-means Colour Quantisation", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_QUANTIZE_PROC, GTK_STOCK_CANCEL,
                                       GTK_RESPONSE_CANCEL, GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  GtkWidget *table = gtk_table_new (5, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);

  GtkObject *k_adj = gimp_scale_entry_new (GTK_TABLE (table), 0, 0, "_Clusters (K):", 160, 5,
                                           vals->n_clusters, 1, 256, 1, 8, 0, TRUE, 0, 0,
                                           "Number of colours", NULL);
  GtkObject *f_adj = gimp_scale_entry_new (GTK_TABLE (table), 0, 1, "_Sample fraction:", 160, 5,
                                           vals->sample_fraction, 0.001, 1, 0.01, 0.1, 3, TRUE, 0,
                                           0, "Share of pixels used to fit (1 = exact)", NULL);
  GtkWidget *seed = gimp_random_seed_new ((guint *) &vals->seed, NULL);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 2, "S_eed:", 0.0, 0.5, seed, 2, FALSE);
  GtkWidget *space = gimp_int_combo_box_new ("R'G'B' (as the course)", 0, "CIE L*a*b*", 1, NULL);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (space), vals->colour_space);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 3, "Colour _space:", 0.0, 0.5, space, 2, FALSE);
  GtkWidget *output = gimp_int_combo_box_new ("New layer", 0, "Replace the layer", 1, NULL);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (output), vals->output);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 4, "_Output:", 0.0, 0.5, output, 2, FALSE);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    {
      vals->n_clusters = (gint32) gtk_adjustment_get_value (GTK_ADJUSTMENT (k_adj));
      vals->sample_fraction = gtk_adjustment_get_value (GTK_ADJUSTMENT (f_adj));
      gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (space), &vals->colour_space);
      gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (output), &vals->output);
    }
  gtk_widget_destroy (dialog);
  return ok;
}
