/* dialog_fields.c: the dialog of a procedure without a preview (the batch procedures): one field
 * per parameter of the procedure's table, in its order (paths typed or chosen, choices as combo
 * boxes, seeds with a new-seed button), titled with the procedure's menu label. */
#include "fields.h"
#include "mc_dialogs.h"

#include <string.h>

/* "Measure Lesion _Areas in Files…" -> "Measure Lesion Areas in Files". */
static gchar *
title_of (const mc_proc_def *def)
{
  GString *t = g_string_new (NULL);
  for (const char *p = def->menu_label; *p; p++)
    if (*p != '_')
      g_string_append_c (t, *p);
  if (g_str_has_suffix (t->str, "\u2026"))
    g_string_truncate (t, t->len - strlen ("\u2026"));
  return g_string_free (t, FALSE);
}

gboolean
mc_gtk2_fields_dialog (const mc_proc_def *def, void *vals)
{
  gimp_ui_init ("medclust", FALSE);
  gchar *title = title_of (def);
  GtkWidget *dialog = gimp_dialog_new (title, "medclust", NULL, 0, gimp_standard_help_func,
                                       def->name, GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL,
                                       GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  g_free (title);
  GtkWidget *table = mc_gtk2_field_table (def->n_params);
  gtk_container_set_border_width (GTK_CONTAINER (table), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), table, TRUE,
                      TRUE, 0);
  /* The fields write into a copy, kept only on OK. */
  void *edited = g_memdup2 (vals, def->vals_size);
  mc_gtk2_fields (GTK_TABLE (table), 0, def, edited, NULL, NULL);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    memcpy (vals, edited, def->vals_size);
  g_free (edited);
  gtk_widget_destroy (dialog);
  return ok;
}
