/* dialog_augment_files.c: the dialog of plug-in-medclust-augment-files: the input pattern (with
 * the number of files it matches), the masks and output folders, the recipe (checked as it is
 * typed), repeats and seed. */
#include "mc_dialogs.h"
#include "mc_files.h"

#include <libgimp/gimpui.h>
#include <string.h>

typedef struct
{
  GtkWidget *pattern, *masks_dir, *out_dir, *recipe, *status;
  GtkAdjustment *repeats;
} files_dialog;

/* Tells how many files match and whether the recipe parses (or why not). */
static void
update (GtkWidget *widget, files_dialog *d)
{
  (void) widget;
  gint n_files = 0;
  gchar **files = mc_files_glob (gtk_entry_get_text (GTK_ENTRY (d->pattern)), &n_files);
  g_strfreev (files);
  gchar *why = NULL;
  mc_recipe *recipe
    = mc_augment_parse (MC_AUGMENT_FILES_PROC, gtk_entry_get_text (GTK_ENTRY (d->recipe)), &why);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%d file%s match%s", n_files, n_files == 1 ? "" : "s",
                          n_files == 1 ? "es" : "");
  if (recipe)
    {
      int n = mc_recipe_num_variants (recipe) * (int) gtk_adjustment_get_value (d->repeats);
      g_string_append_printf (s, "; %d output%s per file", n, n == 1 ? "" : "s");
      if (mc_recipe_num_layers (recipe) > 0)
        g_string_append (s, "\nmix needs a layer of an image: not available for files");
      mc_recipe_free (recipe);
    }
  else
    {
      const char *prefix = MC_AUGMENT_FILES_PROC ": ";
      g_string_append_printf (s, "\n%s",
                              g_str_has_prefix (why, prefix) ? why + strlen (prefix) : why);
      g_free (why);
    }
  gtk_label_set_text (GTK_LABEL (d->status), s->str);
  g_string_free (s, TRUE);
}

static GtkWidget *
add_entry (GtkWidget *table, int row, const char *label, const char *text, const char *tip,
           files_dialog *d)
{
  GtkWidget *entry = gtk_entry_new ();
  gtk_entry_set_width_chars (GTK_ENTRY (entry), 48);
  gtk_entry_set_text (GTK_ENTRY (entry), text);
  gimp_help_set_help_data (entry, tip, NULL);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, row, label, 0.0, 0.5, entry, 2, FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (update), d);
  return entry;
}

static void
copy_entry (GtkWidget *entry, gchar *dst, gsize size)
{
  g_strlcpy (dst, gtk_entry_get_text (GTK_ENTRY (entry)), size);
}

gboolean
mc_augment_files_dialog (mc_augment_files_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  files_dialog d;
  memset (&d, 0, sizeof d);
  GtkWidget *dialog = gimp_dialog_new ("Augment Files", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_AUGMENT_FILES_PROC,
                                       GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL, GTK_STOCK_OK,
                                       GTK_RESPONSE_OK, NULL);
  GtkWidget *table = gtk_table_new (7, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);

  d.status = gtk_label_new ("");
  d.pattern = add_entry (table, 0, "_Images:", vals->pattern,
                         "A path with * and ? wildcards, e.g. /data/derm/*.jpg", &d);
  d.masks_dir = add_entry (table, 1, "_Masks folder:", vals->masks_dir,
                           "Folder of <base>.png masks; leave empty for none", &d);
  d.out_dir = add_entry (table, 2, "_Output folder:", vals->out_dir,
                         "Created when missing; not the folder of the images", &d);
  d.recipe = add_entry (table, 3, "_Recipe:", vals->aug.recipe,
                        "Variants separated by ';', operations joined by '+'; a number may be a "
                        "range a..b",
                        &d);
  d.repeats = GTK_ADJUSTMENT (gimp_scale_entry_new (
    GTK_TABLE (table), 0, 4, "Re_peats:", 160, 5, vals->aug.repeats, 1, MC_AUGMENT_MAX_REPEATS, 1,
    10, 0, FALSE, 1, MC_AUGMENT_MAX_REPEATS, "How many times the recipe is applied to each file",
    NULL));
  g_signal_connect (d.repeats, "value-changed", G_CALLBACK (update), &d);
  /* GIMP 2.10 requires the randomize flag's storage (NULL crashes); it is not used. */
  static gboolean randomize = FALSE;
  GtkWidget *seed = gimp_random_seed_new ((guint *) &vals->aug.seed, &randomize);
  /* The seed is always the one shown: no "Randomize" toggle that would draw a hidden one. */
  gtk_widget_set_no_show_all (GIMP_RANDOM_SEED_TOGGLE (seed), TRUE);
  gtk_widget_hide (GIMP_RANDOM_SEED_TOGGLE (seed));
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 5, "S_eed:", 0.0, 0.5, seed, 2, FALSE);
  gtk_label_set_line_wrap (GTK_LABEL (d.status), TRUE);
  gtk_misc_set_alignment (GTK_MISC (d.status), 0.0, 0.5);
  gtk_table_attach (GTK_TABLE (table), d.status, 1, 3, 6, 7, GTK_FILL, GTK_FILL, 0, 0);
  update (NULL, &d);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    {
      copy_entry (d.pattern, vals->pattern, sizeof vals->pattern);
      copy_entry (d.masks_dir, vals->masks_dir, sizeof vals->masks_dir);
      copy_entry (d.out_dir, vals->out_dir, sizeof vals->out_dir);
      copy_entry (d.recipe, vals->aug.recipe, sizeof vals->aug.recipe);
      vals->aug.repeats = (gint32) gtk_adjustment_get_value (d.repeats);
      vals->aug.seed = (gint32) (guint32) gtk_adjustment_get_value (
        GIMP_RANDOM_SEED_SPINBUTTON_ADJ (seed));
    }
  gtk_widget_destroy (dialog);
  return ok;
}
