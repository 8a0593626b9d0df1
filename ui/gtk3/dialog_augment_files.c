/* dialog_augment_files.c: the GIMP 3 dialog of plug-in-medclust-augment-files, as
 * ui/gtk2/dialog_augment_files.c: one field per parameter of the procedure's table, in its order
 * (the input pattern, the masks and output folders, the recipe, repeats and seed), and under them
 * how many files the pattern matches and whether the recipe parses (or why not), updated as they
 * are typed. No preview. */
#include "mc_augment_run.h"
#include "mc_dialogs.h"
#include "mc_files.h"

#include <string.h>

typedef struct
{
  const mc_gtk3_call *call;
  mc_augment_files_vals vals; /* the config's values */
  GtkWidget *status;
} files_dialog;

/* Tells how many files match and whether the recipe parses (or why not). */
static void
update (const char *name, gpointer data)
{
  (void) name;
  files_dialog *d = data;
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
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
mc_gtk3_augment_files_dialog (const mc_gtk3_call *call)
{
  files_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  GtkWidget *dialog = mc_gtk3_dialog_new (call, NULL);
  GtkWidget *box = mc_gtk3_fields_box (dialog, NULL);
  d.status = mc_gtk3_note_new ("");
  gtk_label_set_max_width_chars (GTK_LABEL (d.status), 72);
  gtk_box_pack_start (GTK_BOX (box), d.status, FALSE, FALSE, 6);
  gtk_widget_show (d.status);
  mc_gtk3_dialog_pack (dialog, box, TRUE);
  mc_gtk3_watch (dialog, update, &d);
  update (NULL, &d);

  gtk_widget_show (dialog);
  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  return ok;
}
