/* preview_compute.c: the host-neutral computations of the live previews (mc_preview_compute.h),
 * shared by the GTK2 and GTK3 dialogs. */
#include "mc_preview_compute.h"

#include "mc_chart.h"

#include <string.h>

/* ---- plug-in-medclust-quantize -------------------------------------------------------------- */

gpointer
mc_preview_fit_quantize (const mc_region *reduced, gconstpointer values, const mc_monitor *monitor,
                         gchar **error, gpointer user)
{
  (void) user;
  const mc_quantize_vals *v = values;
  mc_quantize_fit *f = g_new0 (mc_quantize_fit, 1);
  mc_status st = mc_quantize_region (reduced, v, &f->res, NULL, monitor);
  if (st != MC_OK)
    {
      if (st != MC_ERR_CANCELLED)
        *error = g_strdup_printf ("The preview's k-means failed: %s.", mc_status_text (st));
      g_free (f);
      return NULL;
    }
  f->colour_space = v->colour_space;
  f->n_valid = reduced->n_valid;
  return f;
}

/* Paints every visible pixel with its nearest centre, measured in the fit's colour space. */
void
mc_preview_paint_quantize (gconstpointer data, const mc_preview_view *view, float *out,
                           gpointer user)
{
  (void) user;
  const mc_quantize_fit *f = data;
  const mc_region *px = &view->pixels;
  float *points = f->colour_space == 1 ? mc_region_pack_format (px, "CIE Lab float")
                                       : mc_region_pack_rgb (px);
  uint8_t *labels = g_new (uint8_t, px->n_valid + 1);
  mc_kmeans_assign (points, px->n_valid, f->res.fit.centres, f->res.fit.k, labels, NULL);
  gsize total = (gsize) px->width * px->height, j = 0;
  for (gsize i = 0; i < total; i++)
    if (px->valid[i])
      memcpy (out + 4 * i, f->res.rgb_centres + 3 * labels[j++], 3 * sizeof (float));
  g_free (labels);
  g_free (points);
}

double
mc_quantize_fit_share (const mc_quantize_fit *f, gint centre)
{
  return f->n_valid ? (double) f->res.fit.counts[centre] / (double) f->n_valid : 0.0;
}

/* ---- plug-in-medclust-segment --------------------------------------------------------------- */

void
mc_preview_segment (const mc_region *small, gint factor, const mc_segment_vals *vals,
                    uint8_t *mask, gchar **readout, gchar **warnings)
{
  mc_lesion_measure m;
  mc_segment_quality q;
  memset (mask, 0, (gsize) small->width * small->height);
  if (mc_segment_region (small, vals, mask, &m, &q, NULL) != MC_OK)
    {
      *readout = g_strdup ("Preview: the segmentation failed");
      *warnings = g_strdup ("");
      return;
    }
  gchar *full = mc_chart_format_number ((double) m.area_px * factor * factor, 0);
  *readout = g_strdup_printf ("Preview (1:%d): lesion %.1f%% of the analysed pixels, about %s px "
                              "at full size",
                              factor, m.area_percent, full);
  g_free (full);
  gchar *words = mc_segment_warnings_text (&q);
  *warnings = *words ? g_strconcat ("Warning: ", words, NULL) : g_strdup ("");
  g_free (words);
}
