/* dialog_measure_files.c: the dialog of plug-in-medclust-measure-files: the input pattern (typed,
 * or built from a chosen folder), method, joint model, pixel size, the CSV and chart paths, seed. */
#include "mc_dialogs.h"

#include <libgimp/gimpui.h>

static GtkWidget *
path_entry (const gchar *text, const gchar *tip)
{
  GtkWidget *entry = gtk_entry_new ();
  gtk_entry_set_text (GTK_ENTRY (entry), text);
  gtk_entry_set_width_chars (GTK_ENTRY (entry), 48);
  gimp_help_set_help_data (entry, tip, NULL);
  return entry;
}

/* Choosing a folder fills the pattern with its JPEG files, the usual case. */
static void
on_folder_set (GtkFileChooserButton *button, GtkWidget *pattern)
{
  gchar *dir = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (button));
  if (!dir)
    return;
  gchar *glob = g_build_filename (dir, "*.jpg", NULL);
  gtk_entry_set_text (GTK_ENTRY (pattern), glob);
  g_free (glob);
  g_free (dir);
}

static void
read_entry (GtkWidget *entry, gchar *dst)
{
  g_strlcpy (dst, gtk_entry_get_text (GTK_ENTRY (entry)), MC_MEASURE_FILES_PATH_MAX);
}

gboolean
mc_measure_files_dialog (mc_measure_files_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  GtkWidget *dialog = gimp_dialog_new ("Measure Lesion Areas in Files", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_MEASURE_FILES_PROC,
                                       GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL, GTK_STOCK_OK,
                                       GTK_RESPONSE_OK, NULL);
  GtkWidget *table = gtk_table_new (8, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);

  GtkWidget *pattern = path_entry (vals->pattern, "Images to measure: a path with * and ? "
                                                  "wildcards, e.g. /data/derm/*.jpg");
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 0, "_Images (pattern):", 0.0, 0.5, pattern, 2,
                             FALSE);
  GtkWidget *folder
    = gtk_file_chooser_button_new ("Folder of images", GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_signal_connect (folder, "file-set", G_CALLBACK (on_folder_set), pattern);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 1, "or _folder:", 0.0, 0.5, folder, 2, FALSE);

  GtkWidget *method = gimp_int_combo_box_new ("Ours (dermoscopy: field of view, hair, clean-up)",
                                              1, "The course's (2-means, darker cluster)", 0,
                                              NULL);
  gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (method), vals->method);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 2, "_Method:", 0.0, 0.5, method, 2, FALSE);
  GtkWidget *joint = gtk_check_button_new_with_mnemonic (
    "_Joint: one colour model for all images (areas compare across images)");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (joint), vals->joint != 0);
  gtk_table_attach (GTK_TABLE (table), joint, 0, 3, 3, 4, GTK_FILL, GTK_FILL, 0, 0);

  GtkObject *size_adj = gtk_adjustment_new (vals->pixel_size_mm, 0.0, 100.0, 0.001, 0.01, 0.0);
  GtkWidget *size = gtk_spin_button_new (GTK_ADJUSTMENT (size_adj), 1.0, 4);
  gimp_help_set_help_data (size, "Side of one pixel in millimetres; 0 = unknown", NULL);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 4, "_Pixel size (mm):", 0.0, 0.5, size, 1,
                             TRUE);
  GtkWidget *csv = path_entry (vals->csv_path, "The CSV file to write (its folder must exist)");
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 5, "_CSV file:", 0.0, 0.5, csv, 2, FALSE);
  GtkWidget *chart = path_entry (vals->chart_path, "A PNG bar chart of the areas; empty = none");
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 6, "C_hart (PNG):", 0.0, 0.5, chart, 2, FALSE);
  gboolean random_seed = FALSE;
  GtkWidget *seed = gimp_random_seed_new ((guint *) &vals->seed, &random_seed);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 7, "S_eed:", 0.0, 0.5, seed, 2, FALSE);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    {
      read_entry (pattern, vals->pattern);
      read_entry (csv, vals->csv_path);
      read_entry (chart, vals->chart_path);
      gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (method), &vals->method);
      vals->joint = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (joint)) ? 1 : 0;
      vals->pixel_size_mm = gtk_adjustment_get_value (GTK_ADJUSTMENT (size_adj));
      vals->seed = (gint32) gtk_adjustment_get_value (
        GTK_ADJUSTMENT (GIMP_RANDOM_SEED_SPINBUTTON_ADJ (seed)));
    }
  gtk_widget_destroy (dialog);
  return ok;
}
