/* dialog_segment.c: the GIMP 3 dialog of plug-in-medclust-segment (method, pixel size, annotate,
 * seed), as ui/gtk2/dialog_segment.c: a live preview of the whole analysed region, scaled down,
 * segmented by the same code as the procedure (mc_segment_region), the lesion's border drawn
 * over it, its share read out and the segmentation's warnings under it. The preview segments
 * the scaled-down pixels, so its outline (and its warnings) approximate the full-size result. */
#include "mc_dialogs.h"
#include "mc_preview_compute.h"
#include "mc_segment_run.h"

#include <string.h>

#define PREVIEW_MAX_W 400
#define PREVIEW_MAX_H 300

typedef struct
{
  const mc_gtk3_call *call;
  mc_region small;      /* the region box averaged down to the preview's size */
  gint factor;          /* full-size pixels per preview pixel along each axis */
  mc_segment_vals vals; /* the config's values */
  guchar *rgb;          /* the picture shown: small.width x small.height R'G'B' bytes */
  GtkWidget *area;      /* GimpPreviewArea */
  GtkWidget *label;     /* the readout under the preview */
  GtkWidget *warning;   /* the segmentation's warnings under the readout; hidden when none */
} segment_dialog;

/* Averages each factor x factor block of the region's analysed pixels; a preview pixel is
 * analysed when at least half of its block is. */
static gboolean
shrink_region (const mc_region *full, gint factor, mc_region *small)
{
  memset (small, 0, sizeof *small);
  small->drawable = full->drawable;
  small->width = MAX (1, full->width / factor);
  small->height = MAX (1, full->height / factor);
  gsize n = (gsize) small->width * small->height;
  small->rgba = g_new0 (float, n * 4);
  small->valid = g_new0 (uint8_t, n);
  for (gint y = 0; y < small->height; y++)
    for (gint x = 0; x < small->width; x++)
      {
        double sum[4] = { 0, 0, 0, 0 };
        gint count = 0, total = 0;
        for (gint sy = y * factor; sy < MIN ((y + 1) * factor, full->height); sy++)
          for (gint sx = x * factor; sx < MIN ((x + 1) * factor, full->width); sx++)
            {
              gsize i = (gsize) sy * full->width + sx;
              total++;
              if (!full->valid[i])
                continue;
              count++;
              for (gint c = 0; c < 4; c++)
                sum[c] += full->rgba[4 * i + c];
            }
        gsize o = (gsize) y * small->width + x;
        for (gint c = 0; c < 4 && count > 0; c++)
          small->rgba[4 * o + c] = (float) (sum[c] / count);
        small->valid[o] = count > 0 && 2 * count >= total;
        small->n_valid += small->valid[o];
      }
  return small->n_valid > 0;
}

static guchar
to_byte (float v)
{
  return (guchar) (CLAMP (v, 0.0f, 1.0f) * 255.0f + 0.5f);
}

/* Shows the picture; the area keeps pixels only once it has its size (on_area_allocated). */
static void
show_picture (segment_dialog *d)
{
  gint w = d->small.width, h = d->small.height;
  if (d->rgb && gtk_widget_get_allocated_width (d->area) >= w)
    gimp_preview_area_draw (GIMP_PREVIEW_AREA (d->area), 0, 0, w, h, GIMP_RGB_IMAGE, d->rgb,
                            w * 3);
}

/* The picture with the pixels that are not analysed dimmed and the lesion's border in green. */
static void
render (segment_dialog *d, const uint8_t *mask)
{
  gint w = d->small.width, h = d->small.height;
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        const float *p = d->small.rgba + 4 * i;
        guchar *o = d->rgb + 3 * i;
        gboolean border = mask[i]
                          && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask[i - 1]
                              || !mask[i + 1] || !mask[i - w] || !mask[i + w]);
        float dim = d->small.valid[i] ? 1.0f : 0.35f;
        o[0] = border ? 60 : to_byte (p[0] * dim);
        o[1] = border ? 255 : to_byte (p[1] * dim);
        o[2] = border ? 80 : to_byte (p[2] * dim);
      }
  show_picture (d);
}

static void
update_preview (segment_dialog *d)
{
  uint8_t *mask = g_new (uint8_t, (gsize) d->small.width * d->small.height);
  gchar *readout, *warnings;
  mc_preview_segment (&d->small, d->factor, &d->vals, mask, &readout, &warnings);
  render (d, mask);
  gtk_label_set_text (GTK_LABEL (d->label), readout);
  gtk_label_set_text (GTK_LABEL (d->warning), warnings);
  gtk_widget_set_visible (d->warning, *warnings != '\0');
  g_free (readout);
  g_free (warnings);
  g_free (mask);
}

/* A parameter changed in the config; the pixel size and annotate do not change the preview. */
static void
on_changed (const char *name, gpointer data)
{
  segment_dialog *d = data;
  if (!d->rgb || (strcmp (name, "method") != 0 && strcmp (name, "seed") != 0))
    return;
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
  update_preview (d);
}

static void
on_area_allocated (GtkWidget *widget, GtkAllocation *allocation, segment_dialog *d)
{
  (void) widget;
  (void) allocation;
  show_picture (d);
}

/* The preview and its readout, or why there is none. */
static GtkWidget *
build_preview (segment_dialog *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  mc_region full;
  gchar *why = NULL;
  gboolean ok = mc_region_read_in_canvas (d->call->drawable, &full, &why);
  if (ok)
    {
      d->factor = MAX (1, MAX ((full.width + PREVIEW_MAX_W - 1) / PREVIEW_MAX_W,
                               (full.height + PREVIEW_MAX_H - 1) / PREVIEW_MAX_H));
      ok = shrink_region (&full, d->factor, &d->small);
      mc_region_free (&full);
      if (!ok)
        why = g_strdup ("no pixel to analyse at the preview's scale");
    }
  if (!ok)
    {
      mc_region_free (&d->small);
      gchar *text = g_strdup_printf ("No preview: %s.", why);
      gtk_box_pack_start (GTK_BOX (box), mc_gtk3_note_new (text), FALSE, FALSE, 0);
      g_free (text);
      g_free (why);
      return box;
    }
  d->rgb = g_new0 (guchar, (gsize) d->small.width * d->small.height * 3);
  GtkWidget *frame = gtk_frame_new (NULL);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  d->area = gimp_preview_area_new ();
  gtk_widget_set_size_request (d->area, d->small.width, d->small.height);
  g_signal_connect_after (d->area, "size-allocate", G_CALLBACK (on_area_allocated), d);
  gtk_container_add (GTK_CONTAINER (frame), d->area);
  gtk_widget_set_halign (frame, GTK_ALIGN_CENTER);
  gtk_box_pack_start (GTK_BOX (box), frame, FALSE, FALSE, 0);
  d->label = gtk_label_new ("");
  gtk_box_pack_start (GTK_BOX (box), d->label, FALSE, FALSE, 0);
  /* Wrapped: a warning can be longer than the dialog is wide. */
  d->warning = gtk_label_new ("");
  gtk_label_set_line_wrap (GTK_LABEL (d->warning), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (d->warning), 60);
  gtk_box_pack_start (GTK_BOX (box), d->warning, FALSE, FALSE, 0);
  return box;
}

gboolean
mc_gtk3_segment_dialog (const mc_gtk3_call *call)
{
  segment_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  mc_gtk3_read_vals (call->def, call->config, &d.vals);
  GtkWidget *dialog = mc_gtk3_dialog_new (call, NULL);
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_pack_start (GTK_BOX (vbox), build_preview (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (vbox), mc_gtk3_fields_box (dialog, NULL), FALSE, FALSE, 0);
  gtk_widget_show_all (vbox);
  mc_gtk3_dialog_pack (dialog, vbox, TRUE);
  mc_gtk3_watch (dialog, on_changed, &d);
  if (d.rgb)
    update_preview (&d);

  gtk_widget_show (dialog);
  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  mc_region_free (&d.small);
  g_free (d.rgb);
  return ok;
}
