/* preview_region.c: the host-neutral half of the live preview (mc_preview_region.h): the reduced
 * copy of the analysed region, read band by band through mc_host.h; the view's pixels converted
 * from and to 8-bit; view pixels mapped onto the reduced copy. */
#include "mc_preview_region.h"

#include <gegl.h>
#include <string.h>

/* ---- The reduced copy ----------------------------------------------------------------------- */

/* Reads one band of the box at full size: R'G'B'A and, with a selection, its coverage (sel in
 * image coordinates, hence the drawable's offsets). */
static void
read_band (GeglBuffer *buf, GeglBuffer *sel, gint ox, gint oy, const GeglRectangle *band,
           float *rgba, float *cover)
{
  gegl_buffer_get (buf, band, 1.0, babl_format ("R'G'B'A float"), rgba, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  if (!sel)
    return;
  GeglRectangle rect = { band->x + ox, band->y + oy, band->width, band->height };
  gegl_buffer_get (sel, &rect, 1.0, babl_format ("Y float"), cover, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
}

/* Averages one band of factor full-size rows into row ry of the reduced copy. A reduced pixel
 * averages the analysed pixels of its block, and is analysed when at least half of the block is,
 * as the full-size procedure would analyse most of it. */
static void
reduce_band (const float *rgba, const float *cover, gint width, gint factor, gint ry, mc_region *r)
{
  for (gint rx = 0; rx < r->width; rx++)
    {
      double sum[4] = { 0, 0, 0, 0 };
      gint count = 0, total = 0;
      for (gint y = 0; y < factor; y++)
        for (gint x = rx * factor; x < MIN ((rx + 1) * factor, width); x++)
          {
            gsize i = (gsize) y * width + x;
            total++;
            if (rgba[4 * i + 3] <= 0.0f || (cover && cover[i] < 0.5f))
              continue;
            count++;
            for (gint c = 0; c < 4; c++)
              sum[c] += rgba[4 * i + c];
          }
      gsize o = (gsize) ry * r->width + rx;
      for (gint c = 0; c < 4 && count > 0; c++)
        r->rgba[4 * o + c] = (float) (sum[c] / count);
      r->valid[o] = count > 0 && 2 * count >= total;
      r->n_valid += r->valid[o];
    }
}

/* Reads the reduced copy band by band, so that a large layer never sits in memory as floats. */
gboolean
mc_preview_read_reduced (gint32 drawable, gint side, mc_region *r, gint *factor,
                         gchar **error)
{
  memset (r, 0, sizeof *r);
  r->drawable = drawable;
  gint x, y, w, h;
  if (!mch_drawable_mask_intersect (drawable, &x, &y, &w, &h) || w <= 0 || h <= 0)
    {
      *error = g_strdup ("the selection does not touch the drawable: nothing to preview");
      return FALSE;
    }
  mc_gegl_ensure ();
  gint f = MAX (1, (MAX (w, h) + side - 1) / side);
  r->x = x;
  r->y = y;
  r->width = MAX (1, w / f);
  r->height = MAX (1, h / f);
  r->rgba = g_new0 (float, (gsize) r->width * r->height * 4);
  r->valid = g_new0 (uint8_t, (gsize) r->width * r->height);
  gint32 image = mch_item_get_image (drawable);
  gboolean non_empty = FALSE;
  gint x1, y1, x2, y2, ox = 0, oy = 0;
  mch_drawable_offsets (drawable, &ox, &oy);
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  GeglBuffer *sel = mch_selection_bounds (image, &non_empty, &x1, &y1, &x2, &y2) && non_empty
                      ? mch_drawable_get_buffer (mch_image_get_selection (image))
                      : NULL;
  gint band_w = r->width * f;
  float *rgba = g_new (float, (gsize) band_w * f * 4);
  float *cover = sel ? g_new (float, (gsize) band_w * f) : NULL;
  for (gint ry = 0; ry < r->height; ry++)
    {
      GeglRectangle band = { x, y + ry * f, band_w, f };
      read_band (buf, sel, ox, oy, &band, rgba, cover);
      reduce_band (rgba, cover, band_w, f, ry, r);
    }
  g_object_unref (buf);
  if (sel)
    g_object_unref (sel);
  g_free (cover);
  g_free (rgba);
  *factor = f;
  if (r->n_valid == 0)
    {
      *error = g_strdup ("no pixel to analyse: the selected part of the drawable is fully "
                         "transparent");
      mc_region_free (r);
      return FALSE;
    }
  return TRUE;
}


/* ---- The view ------------------------------------------------------------------------------ */

static float
byte_to_unit (guchar v)
{
  return v / 255.0f;
}

static guchar
unit_to_byte (float v)
{
  return (guchar) (CLAMP (v, 0.0f, 1.0f) * 255.0f + 0.5f);
}

void
mc_preview_view_from_bytes (gint32 drawable, const guchar *src, gint w, gint h, gint bpp,
                            mc_preview_view *view)
{
  memset (view, 0, sizeof *view);
  mc_region *px = &view->pixels;
  px->drawable = drawable;
  px->width = w;
  px->height = h;
  px->rgba = g_new (float, (gsize) w * h * 4);
  px->valid = g_new (uint8_t, (gsize) w * h);
  gboolean grey = bpp <= 2, alpha = bpp == 2 || bpp == 4;
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      const guchar *s = src + i * bpp;
      float *o = px->rgba + 4 * i;
      o[0] = byte_to_unit (s[0]);
      o[1] = byte_to_unit (grey ? s[0] : s[1]);
      o[2] = byte_to_unit (grey ? s[0] : s[2]);
      o[3] = alpha ? byte_to_unit (s[bpp - 1]) : 1.0f;
      px->valid[i] = o[3] > 0.0f;
      px->n_valid += px->valid[i];
    }
}

void
mc_preview_bytes_from_result (const float *out, gsize n, gint bpp, guchar *dst)
{
  gboolean grey = bpp <= 2, alpha = bpp == 2 || bpp == 4;
  for (gsize i = 0; i < n; i++)
    {
      const float *o = out + 4 * i;
      guchar *d = dst + i * bpp;
      if (grey)
        d[0] = unit_to_byte ((o[0] + o[1] + o[2]) / 3.0f);
      else
        for (gint c = 0; c < 3; c++)
          d[c] = unit_to_byte (o[c]);
      if (alpha)
        d[bpp - 1] = unit_to_byte (o[3]);
    }
}

gssize
mc_preview_region_index (const mc_region *reduced, gint factor, const mc_preview_view *view,
                         gint u, gint v)
{
  /* The view pixel's centre in drawable coordinates, then in the reduced copy's pixels. */
  gdouble dx = view->pixels.x + (u + 0.5) / view->scale;
  gdouble dy = view->pixels.y + (v + 0.5) / view->scale;
  gdouble rx = (dx - reduced->x) / factor, ry = (dy - reduced->y) / factor;
  if (rx < 0 || ry < 0 || rx >= reduced->width || ry >= reduced->height)
    return -1;
  return (gssize) ry * reduced->width + (gssize) rx;
}

void
mc_preview_region_outline (const mc_region *reduced, gint factor, const mc_preview_view *view,
                           const uint8_t *mask, const float rgb[3], float *out)
{
  gint w = view->pixels.width, h = view->pixels.height;
  /* One more pixel around the view, so that the view's edge is no border of its own. */
  gint pw = w + 2;
  uint8_t *inside = g_new0 (uint8_t, (gsize) pw * (h + 2));
  for (gint v = -1; v <= h; v++)
    for (gint u = -1; u <= w; u++)
      {
        gssize i = mc_preview_region_index (reduced, factor, view, u, v);
        inside[(gsize) (v + 1) * pw + (u + 1)] = i >= 0 && mask[i] != 0;
      }
  for (gint v = 0; v < h; v++)
    for (gint u = 0; u < w; u++)
      {
        const uint8_t *c = inside + (gsize) (v + 1) * pw + (u + 1);
        if (*c && (!c[-1] || !c[1] || !c[-pw] || !c[pw]))
          memcpy (out + 4 * ((gsize) v * w + u), rgb, 3 * sizeof (float));
      }
  g_free (inside);
}
