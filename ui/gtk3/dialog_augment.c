/* dialog_augment.c: the GIMP 3 dialog of plug-in-medclust-augment, as ui/gtk2/dialog_augment.c:
 * the recipe (checked as it is typed, with the parser's message), repeats and seed, and a live
 * preview of any variant (the first by default) computed on a small copy of the layer, with the
 * lesion mask shown over it when the image has one. */
#include "mc_augment_run.h"
#include "mc_dialogs.h"

#include <string.h>

#define PREVIEW_SOURCE_SIDE 200 /* px: the longer side of the preview's copy of the layer */
#define PREVIEW_AREA_SIDE 290   /* px: holds that copy turned by any angle (200 x sqrt 2) */

typedef struct
{
  const mc_gtk3_call *call;
  mc_augment_vals vals; /* the config's values */
  GtkWidget *status, *area, *plan_label, *show_mask;
  GtkAdjustment *variant;
  mc_augment_source src; /* the preview's copy, with the mix layers of src_layers */
  gchar *src_layers;     /* the recipe's mix layer names joined by '\n' when src was read */
  gboolean have_src;
  gint area_w, area_h; /* the area's size when last drawn after an allocation */
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
  d->have_src = mc_augment_source_read (d->call->image, d->call->drawable, recipe,
                                        PREVIEW_SOURCE_SIDE, &d->src, error);
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
  gint room_w = gtk_widget_get_allocated_width (d->area);
  gint room_h = gtk_widget_get_allocated_height (d->area);
  if (room_w <= 1 || room_h <= 1)
    return; /* not allocated yet: on_area_allocated draws */
  gimp_preview_area_fill (area, 0, 0, room_w, room_h, 128, 128, 128);
  if (!r)
    return;
  gboolean tint = r->mask && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->show_mask));
  int w = MIN (r->width, room_w), h = MIN (r->height, room_h);
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
  gimp_preview_area_draw (area, (room_w - w) / 2, (room_h - h) / 2, w, h, GIMP_RGBA_IMAGE, buf,
                          w * 4);
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

/* The recipe parsed, its mix layers read; NULL after showing why not. */
static mc_recipe *
parse_recipe (augment_dialog *d)
{
  gchar *why = NULL;
  mc_recipe *recipe = mc_augment_parse (MC_AUGMENT_PROC, d->vals.recipe, &why);
  if (recipe && !ensure_source (d, recipe, &why))
    g_clear_pointer (&recipe, mc_recipe_free);
  if (recipe)
    return recipe;
  /* The procedure's name is noise in the dialog: show the message after it. */
  const char *msg = g_str_has_prefix (why, MC_AUGMENT_PROC ": ")
                      ? why + strlen (MC_AUGMENT_PROC ": ") : why;
  show_status (d, msg, TRUE);
  g_free (why);
  gtk_label_set_text (GTK_LABEL (d->plan_label), "");
  draw_result (d, NULL);
  return NULL;
}

/* Re-checks the recipe and redraws the preview of the chosen variant (first repeat). */
static void
update (augment_dialog *d)
{
  mc_recipe *recipe = parse_recipe (d);
  if (!recipe)
    return;
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
on_changed (const char *name, gpointer data)
{
  (void) name;
  augment_dialog *d = data;
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
  update (d);
}

static void
on_control (GtkWidget *widget, augment_dialog *d)
{
  (void) widget;
  update (d);
}

/* GimpPreviewArea holds its pixels only once it has a size: draw then, and when it changes. */
static void
on_area_allocated (GtkWidget *widget, GtkAllocation *allocation, augment_dialog *d)
{
  (void) widget;
  if (allocation->width == d->area_w && allocation->height == d->area_h)
    return;
  d->area_w = allocation->width;
  d->area_h = allocation->height;
  update (d);
}

static GtkWidget *
make_preview (augment_dialog *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  d->area = gimp_preview_area_new ();
  gtk_widget_set_size_request (d->area, PREVIEW_AREA_SIDE, PREVIEW_AREA_SIDE);
  gtk_box_pack_start (GTK_BOX (box), d->area, FALSE, FALSE, 0);
  d->plan_label = gtk_label_new ("");
  gtk_label_set_ellipsize (GTK_LABEL (d->plan_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (d->plan_label), 36);
  gtk_box_pack_start (GTK_BOX (box), d->plan_label, FALSE, FALSE, 0);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  d->variant = gtk_adjustment_new (1, 1, 1, 1, 1, 0);
  GtkWidget *spin = gtk_spin_button_new (d->variant, 1, 0);
  GtkWidget *label = gtk_label_new_with_mnemonic ("Preview _variant:");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
  gtk_box_pack_start (GTK_BOX (row), label, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (row), spin, FALSE, FALSE, 0);
  d->show_mask = gtk_check_button_new_with_mnemonic ("Show lesion _mask");
  gtk_widget_set_sensitive (d->show_mask,
                            mch_image_get_channel_by_name (d->call->image,
                                                           MC_AUGMENT_MASK_CHANNEL)
                              > 0);
  gtk_box_pack_start (GTK_BOX (row), d->show_mask, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
  g_signal_connect (d->variant, "value-changed", G_CALLBACK (on_control), d);
  g_signal_connect (d->show_mask, "toggled", G_CALLBACK (on_control), d);
  g_signal_connect_after (d->area, "size-allocate", G_CALLBACK (on_area_allocated), d);
  return box;
}

/* The fields, from the procedure's table, with the recipe's status under the recipe. */
static GtkWidget *
make_controls (augment_dialog *d, GtkWidget *dialog)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_pack_start (GTK_BOX (box), mc_gtk3_field (dialog, "recipe"), FALSE, FALSE, 0);
  d->status = mc_gtk3_note_new ("");
  gtk_label_set_max_width_chars (GTK_LABEL (d->status), 56);
  gtk_box_pack_start (GTK_BOX (box), d->status, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), mc_gtk3_field (dialog, "repeats"), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), mc_gtk3_field (dialog, "seed"), FALSE, FALSE, 0);
  return box;
}

gboolean
mc_gtk3_augment_dialog (const mc_gtk3_call *call)
{
  augment_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  mc_gtk3_read_vals (call->def, call->config, &d.vals);
  /* "v" and "m": the preview's variant and mask controls. */
  GtkWidget *dialog = mc_gtk3_dialog_new (call, "vm");
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_pack_start (GTK_BOX (hbox), make_preview (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), make_controls (&d, dialog), TRUE, TRUE, 0);
  gtk_widget_show_all (hbox);
  mc_gtk3_dialog_pack (dialog, hbox, TRUE);
  mc_gtk3_watch (dialog, on_changed, &d);

  gtk_widget_show (dialog);
  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  if (d.have_src)
    mc_augment_source_free (&d.src);
  g_free (d.src_layers);
  return ok;
}
