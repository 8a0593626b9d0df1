/* dialog_segment.c: the dialog of plug-in-medclust-segment (method, pixel size, annotate, seed)
 * with a live preview: the whole analysed region, scaled down, segmented by the same code as the
 * procedure (mc_segment_region), the outline drawn over it, the lesion's share read out and the
 * segmentation's warnings under it. The preview segments the scaled-down pixels, so its outline
 * (and its warnings) approximate the full-size result. */
#include "fields.h"
#include "mc_dialogs.h"
#include "mc_preview_compute.h"

#include <string.h>

#define PREVIEW_MAX_W 400
#define PREVIEW_MAX_H 300

typedef struct
{
  mc_region small;  /* the region box averaged down to the preview's size */
  gint factor;      /* full-size pixels per preview pixel along each axis */
  mc_segment_vals vals; /* the values the fields show (they write into it) */
  gboolean have_preview;
  GtkWidget *area;  /* GimpPreviewArea */
  GtkWidget *label;   /* the readout under the preview */
  GtkWidget *warning; /* the segmentation's warnings under the readout; hidden when none */
} preview_state;

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

/* The picture with the pixels that are not analysed dimmed and the lesion's border in green. */
static void
render (preview_state *s, const uint8_t *mask)
{
  gint w = s->small.width, h = s->small.height;
  guchar *rgb = g_new (guchar, (gsize) w * h * 3);
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        const float *p = s->small.rgba + 4 * i;
        guchar *o = rgb + 3 * i;
        gboolean border = mask[i]
                          && (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !mask[i - 1]
                              || !mask[i + 1] || !mask[i - w] || !mask[i + w]);
        float dim = s->small.valid[i] ? 1.0f : 0.35f;
        o[0] = border ? 60 : to_byte (p[0] * dim);
        o[1] = border ? 255 : to_byte (p[1] * dim);
        o[2] = border ? 80 : to_byte (p[2] * dim);
      }
  gimp_preview_area_draw (GIMP_PREVIEW_AREA (s->area), 0, 0, w, h, GIMP_RGB_IMAGE, rgb, w * 3);
  g_free (rgb);
}

static void
update_preview (preview_state *s)
{
  uint8_t *mask = g_new (uint8_t, (gsize) s->small.width * s->small.height);
  gchar *readout, *warnings;
  mc_preview_segment (&s->small, s->factor, &s->vals, mask, &readout, &warnings);
  render (s, mask);
  gtk_label_set_text (GTK_LABEL (s->label), readout);
  gtk_label_set_text (GTK_LABEL (s->warning), warnings);
  gtk_widget_set_visible (s->warning, *warnings != '\0');
  g_free (readout);
  g_free (warnings);
  g_free (mask);
}

/* A field that the preview depends on wrote its new value into s->vals. */
static void
on_changed (GtkWidget *field, gpointer data)
{
  (void) field;
  preview_state *s = data;
  if (s->have_preview)
    update_preview (s);
}

/* Adds the preview to box when the region can be read; FALSE leaves the dialog without one. */
static gboolean
build_preview (GtkWidget *box, gint32 drawable, preview_state *s)
{
  mc_region full;
  gchar *why = NULL;
  if (!mc_region_read_in_canvas (drawable, &full, &why))
    {
      g_free (why);
      return FALSE;
    }
  s->factor = MAX (1, MAX ((full.width + PREVIEW_MAX_W - 1) / PREVIEW_MAX_W,
                           (full.height + PREVIEW_MAX_H - 1) / PREVIEW_MAX_H));
  gboolean ok = shrink_region (&full, s->factor, &s->small);
  mc_region_free (&full);
  if (!ok)
    {
      mc_region_free (&s->small);
      return FALSE;
    }
  GtkWidget *frame = gtk_frame_new (NULL);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  s->area = gimp_preview_area_new ();
  gtk_widget_set_size_request (s->area, s->small.width, s->small.height);
  gtk_container_add (GTK_CONTAINER (frame), s->area);
  GtkWidget *align = gtk_alignment_new (0.5, 0.5, 0.0, 0.0);
  gtk_container_add (GTK_CONTAINER (align), frame);
  gtk_box_pack_start (GTK_BOX (box), align, FALSE, FALSE, 0);
  s->label = gtk_label_new ("");
  gtk_box_pack_start (GTK_BOX (box), s->label, FALSE, FALSE, 0);
  /* Wrapped to the picture's width: a warning can be longer than the dialog is wide. */
  s->warning = gtk_label_new ("");
  gtk_label_set_line_wrap (GTK_LABEL (s->warning), TRUE);
  gtk_widget_set_size_request (s->warning, MAX (s->small.width, PREVIEW_MAX_W), -1);
  gtk_box_pack_start (GTK_BOX (box), s->warning, FALSE, FALSE, 0);
  return TRUE;
}

gboolean
mc_segment_dialog (gint32 image, gint32 drawable, mc_segment_vals *vals)
{
  (void) image;
  gimp_ui_init ("medclust", FALSE);
  GtkWidget *dialog = gimp_dialog_new ("Lesion Segmentation and Area", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_SEGMENT_PROC, GTK_STOCK_CANCEL,
                                       GTK_RESPONSE_CANCEL, GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  GtkWidget *vbox = gtk_vbox_new (FALSE, 8);
  gtk_container_set_border_width (GTK_CONTAINER (vbox), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), vbox, TRUE,
                      TRUE, 0);
  preview_state s;
  memset (&s, 0, sizeof s);
  s.vals = *vals;
  s.have_preview = build_preview (vbox, drawable, &s);

  /* The fields, from the procedure's table; the pixel size and annotate do not change the
   * preview. */
  GtkWidget *table = mc_gtk2_field_table (4);
  gtk_box_pack_start (GTK_BOX (vbox), table, FALSE, FALSE, 0);
  GtkTable *t = GTK_TABLE (table);
  const mc_proc_def *def = &mc_proc_segment;
  mc_gtk2_field (t, 0, def, "method", &s.vals, on_changed, &s);
  mc_gtk2_field (t, 1, def, "pixel-size-mm", &s.vals, NULL, NULL);
  mc_gtk2_field (t, 2, def, "annotate", &s.vals, NULL, NULL);
  mc_gtk2_field (t, 3, def, "seed", &s.vals, on_changed, &s);

  gtk_widget_show_all (dialog);
  if (s.have_preview)
    update_preview (&s);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = s.vals;
  gtk_widget_destroy (dialog);
  mc_region_free (&s.small);
  return ok;
}
