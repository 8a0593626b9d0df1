/* dialog_augment.c: the dialog of plug-in-medclust-augment: the recipe (checked as it is typed,
 * with the parser's message), repeats and seed, and a live preview of any variant computed on a
 * small copy of the layer, with the lesion mask shown over it when the image has one. */
#include "fields.h"
#include "mc_dialogs.h"

#include <string.h>

#define PREVIEW_SOURCE_SIDE 200 /* px: the longer side of the preview's copy of the layer */
#define PREVIEW_AREA_SIDE 290   /* px: holds that copy turned by any angle (200 x sqrt 2) */

typedef struct
{
  gint32 image, drawable;
  mc_augment_vals vals; /* the values the fields show (they write into it) */
  GtkWidget *status, *area, *plan_label, *show_mask;
  GtkAdjustment *variant;
  mc_augment_source src; /* the preview's copy, with the mix layers of src_layers */
  gchar *src_layers;     /* the recipe's mix layer names joined by '\n' when src was read */
  gboolean have_src;
} augment_dialog;

/* The recipe's mix layers as one text, to notice when the preview's copy must be read again. */
static gchar *
layer_key (const mc_recipe *recipe)
{
  GString *s = g_string_new (NULL);
  for (int i = 0; i < mc_recipe_num_layers (recipe); i++)
    g_string_append_printf (s, "%s\n", mc_recipe_layer (recipe, i));
  return g_string_free (s, FALSE);
}

/* Reads the preview's copy of the layer when the mix layers changed. FALSE with *error when a
 * mix layer is missing. */
static gboolean
ensure_source (augment_dialog *d, const mc_recipe *recipe, gchar **error)
{
  gchar *key = layer_key (recipe);
  if (d->have_src && strcmp (key, d->src_layers) == 0)
    {
      g_free (key);
      return TRUE;
    }
  if (d->have_src)
    mc_augment_source_free (&d->src);
  g_free (d->src_layers);
  d->src_layers = key;
  d->have_src = mc_augment_source_read (d->image, d->drawable, recipe, PREVIEW_SOURCE_SIDE,
                                        &d->src, error);
  if (!d->have_src)
    {
      g_clear_pointer (&d->src_layers, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Draws result centred in the preview area, the mask tinted red over it when asked. */
static void
draw_result (augment_dialog *d, const mc_aug_result *r)
{
  GimpPreviewArea *area = GIMP_PREVIEW_AREA (d->area);
  /* The area may be given more room than it asked for: fill and centre in all of it. */
  GtkAllocation room;
  gtk_widget_get_allocation (d->area, &room);
  gimp_preview_area_fill (area, 0, 0, room.width, room.height, 128, 128, 128);
  if (!r)
    return;
  gboolean tint = r->mask && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->show_mask));
  int w = MIN (r->width, room.width), h = MIN (r->height, room.height);
  guchar *buf = g_new (guchar, (gsize) w * h * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const float *p = r->rgba + ((gsize) y * r->width + x) * 4;
        guchar *q = buf + ((gsize) y * w + x) * 4;
        gboolean lesion = tint && r->mask[(gsize) y * r->width + x] >= 128;
        for (int c = 0; c < 4; c++)
          {
            float v = lesion && c < 3 ? 0.5f * p[c] + (c == 0 ? 0.5f : 0.0f) : p[c];
            q[c] = (guchar) (CLAMP (v, 0.0f, 1.0f) * 255.0f + 0.5f);
          }
      }
  gimp_preview_area_draw (area, (room.width - w) / 2, (room.height - h) / 2, w, h,
                          GIMP_RGBA_IMAGE, buf, w * 4);
  g_free (buf);
}

static void
show_status (augment_dialog *d, const char *text, gboolean error)
{
  gchar *escaped = g_markup_escape_text (text, -1);
  gchar *markup = error ? g_strdup_printf ("<span foreground=\"#c00000\">%s</span>", escaped)
                        : g_strdup (escaped);
  gtk_label_set_markup (GTK_LABEL (d->status), markup);
  g_free (markup);
  g_free (escaped);
}

/* Re-checks the recipe and redraws the preview of the chosen variant (first repeat). */
static void
update (augment_dialog *d)
{
  gchar *why = NULL;
  mc_recipe *recipe = mc_augment_parse (MC_AUGMENT_PROC, d->vals.recipe, &why);
  if (recipe && !ensure_source (d, recipe, &why))
    g_clear_pointer (&recipe, mc_recipe_free);
  if (!recipe)
    {
      /* The procedure's name is noise in the dialog: show the message after it. */
      const char *msg = g_str_has_prefix (why, MC_AUGMENT_PROC ": ")
                          ? why + strlen (MC_AUGMENT_PROC ": ") : why;
      show_status (d, msg, TRUE);
      g_free (why);
      gtk_label_set_text (GTK_LABEL (d->plan_label), "");
      draw_result (d, NULL);
      return;
    }
  int n = mc_recipe_num_variants (recipe);
  int repeats = d->vals.repeats;
  gchar *summary = g_strdup_printf ("%d variant%s x %d repeat%s = %d new layer%s%s", n,
                                    n == 1 ? "" : "s", repeats, repeats == 1 ? "" : "s",
                                    n * repeats, n * repeats == 1 ? "" : "s",
                                    n * repeats > MC_AUGMENT_MAX_LAYERS ? " (too many)" : "");
  show_status (d, summary, n * repeats > MC_AUGMENT_MAX_LAYERS);
  g_free (summary);
  gtk_adjustment_set_upper (d->variant, n);
  int variant = CLAMP ((int) gtk_adjustment_get_value (d->variant), 1, n) - 1;

  mc_aug_plan plan;
  mc_aug_result result;
  guint32 seed = (guint32) d->vals.seed;
  if (mc_recipe_draw (recipe, variant, 0, seed, &plan) == MC_OK
      && mc_augment_apply (&d->src, &plan, &result, NULL) == MC_OK)
    {
      char name[512];
      mc_aug_plan_text (&plan, name, sizeof name);
      gtk_label_set_text (GTK_LABEL (d->plan_label), name);
      draw_result (d, &result);
      mc_aug_result_clear (&result);
    }
  mc_recipe_free (recipe);
}

static void
on_changed (GtkWidget *widget, gpointer data)
{
  (void) widget;
  update (data);
}

/* GimpPreviewArea holds its pixels only once it has a size: draw then. */
static void
on_area_allocated (GtkWidget *widget, GtkAllocation *allocation, augment_dialog *d)
{
  (void) widget;
  (void) allocation;
  update (d);
}

static GtkWidget *
make_preview (augment_dialog *d)
{
  GtkWidget *box = gtk_vbox_new (FALSE, 4);
  d->area = gimp_preview_area_new ();
  gtk_widget_set_size_request (d->area, PREVIEW_AREA_SIDE, PREVIEW_AREA_SIDE);
  gtk_box_pack_start (GTK_BOX (box), d->area, FALSE, FALSE, 0);
  d->plan_label = gtk_label_new ("");
  gtk_label_set_ellipsize (GTK_LABEL (d->plan_label), PANGO_ELLIPSIZE_END);
  gtk_box_pack_start (GTK_BOX (box), d->plan_label, FALSE, FALSE, 0);
  GtkWidget *row = gtk_hbox_new (FALSE, 6);
  d->variant = GTK_ADJUSTMENT (gtk_adjustment_new (1, 1, 1, 1, 1, 0));
  GtkWidget *spin = gtk_spin_button_new (d->variant, 1, 0);
  gtk_box_pack_start (GTK_BOX (row), gtk_label_new ("Preview variant:"), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row), spin, FALSE, FALSE, 0);
  d->show_mask = gtk_check_button_new_with_mnemonic ("Show _lesion mask");
  gtk_widget_set_sensitive (d->show_mask,
                            gimp_image_get_channel_by_name (d->image, MC_AUGMENT_MASK_CHANNEL)
                              > 0);
  gtk_box_pack_start (GTK_BOX (row), d->show_mask, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
  g_signal_connect (d->variant, "value-changed", G_CALLBACK (on_changed), d);
  g_signal_connect (d->show_mask, "toggled", G_CALLBACK (on_changed), d);
  g_signal_connect_after (d->area, "size-allocate", G_CALLBACK (on_area_allocated), d);
  return box;
}

/* The fields, from the procedure's table, with the recipe's status under the recipe. */
static GtkWidget *
make_controls (augment_dialog *d)
{
  GtkWidget *table = mc_gtk2_field_table (4);
  GtkTable *t = GTK_TABLE (table);
  const mc_proc_def *def = &mc_proc_augment;
  d->status = gtk_label_new ("");
  gtk_label_set_line_wrap (GTK_LABEL (d->status), TRUE);
  gtk_misc_set_alignment (GTK_MISC (d->status), 0.0, 0.5);
  gtk_table_attach (t, d->status, 1, 3, 1, 2, GTK_FILL, GTK_FILL, 0, 0);
  mc_gtk2_field (t, 0, def, "recipe", &d->vals, on_changed, d);
  mc_gtk2_field (t, 2, def, "repeats", &d->vals, on_changed, d);
  mc_gtk2_field (t, 3, def, "seed", &d->vals, on_changed, d);
  return table;
}

gboolean
mc_augment_dialog (gint32 image, gint32 drawable, mc_augment_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  augment_dialog d;
  memset (&d, 0, sizeof d);
  d.image = image;
  d.drawable = drawable;
  d.vals = *vals;
  GtkWidget *dialog = gimp_dialog_new ("Augment into Layers", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_AUGMENT_PROC, GTK_STOCK_CANCEL,
                                       GTK_RESPONSE_CANCEL, GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);
  gtk_container_set_border_width (GTK_CONTAINER (hbox), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), hbox, TRUE,
                      TRUE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), make_preview (&d), FALSE, FALSE, 0);
  GtkWidget *controls = gtk_vbox_new (FALSE, 0);
  gtk_box_pack_start (GTK_BOX (controls), make_controls (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), controls, TRUE, TRUE, 0);

  gtk_widget_show_all (dialog);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = d.vals;
  gtk_widget_destroy (dialog);
  if (d.have_src)
    mc_augment_source_free (&d.src);
  g_free (d.src_layers);
  return ok;
}
