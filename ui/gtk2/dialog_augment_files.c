/* dialog_augment_files.c: the dialog of plug-in-medclust-augment-files: one field per parameter of
 * the procedure's table, in its order (the input pattern, the masks and output folders, the
 * recipe, repeats and seed), and under them how many files the pattern matches and whether the
 * recipe parses (or why not), updated as they are typed. */
#include "fields.h"
#include "mc_dialogs.h"
#include "mc_files.h"

#include <string.h>

typedef struct
{
  mc_augment_files_vals vals; /* the values the fields show (they write into it) */
  GtkWidget *status;
} files_dialog;

/* Tells how many files match and whether the recipe parses (or why not). */
static void
update (GtkWidget *field, gpointer data)
{
  (void) field;
  files_dialog *d = data;
  gint n_files = 0;
  gchar *why = NULL;
  gchar **files = mc_files_glob (d->vals.pattern, &n_files, &why); /* NULL: an unreadable list */
  g_strfreev (files);
  g_clear_pointer (&why, g_free);
  mc_recipe *recipe = mc_augment_parse (MC_AUGMENT_FILES_PROC, d->vals.aug.recipe, &why);
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, "%d file%s match%s", n_files, n_files == 1 ? "" : "s",
                          n_files == 1 ? "es" : "");
  if (recipe)
    {
      int n = mc_recipe_num_variants (recipe) * d->vals.aug.repeats;
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

gboolean
mc_augment_files_dialog (mc_augment_files_vals *vals)
{
  const mc_proc_def *def = &mc_proc_augment_files;
  gimp_ui_init ("medclust", FALSE);
  files_dialog d;
  memset (&d, 0, sizeof d);
  d.vals = *vals;
  GtkWidget *dialog = gimp_dialog_new ("Augment Files", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_AUGMENT_FILES_PROC,
                                       GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL, GTK_STOCK_OK,
                                       GTK_RESPONSE_OK, NULL);
  GtkWidget *table = mc_gtk2_field_table (def->n_params + 1);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);

  d.status = gtk_label_new ("");
  gint row = mc_gtk2_fields (GTK_TABLE (table), 0, def, &d.vals, update, &d);
  gtk_label_set_line_wrap (GTK_LABEL (d.status), TRUE);
  gtk_misc_set_alignment (GTK_MISC (d.status), 0.0, 0.5);
  gtk_table_attach (GTK_TABLE (table), d.status, 1, 3, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
  update (NULL, &d);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = d.vals;
  gtk_widget_destroy (dialog);
  return ok;
}
