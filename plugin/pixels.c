/* pixels.c: GEGL buffer <-> float buffer moves for the procedures. Every conversion goes through
 * babl formats, so any precision (8/16/32-bit integer, half, float) and grey drawables work. */
#include "mc_pixels.h"

#include "mc_pixels_convert.h"

#include <gegl.h>
#include <string.h>

void
mc_gegl_prepare (void)
{
  g_setenv ("BABL_INHIBIT_CACHE", "1", FALSE);
}

void
mc_gegl_ensure (void)
{
  static gboolean done = FALSE;
  if (!done)
    {
      gegl_init (NULL, NULL);
      /* Tiles fetched from GIMP are read once: a small cache keeps the process lean. */
      g_object_set (gegl_config (), "tile-cache-size", (guint64) 32 << 20, NULL);
      done = TRUE;
    }
}

float *
mc_read_selection (gint32 drawable, gint x, gint y, gint w, gint h)
{
  gint32 image = mch_item_get_image (drawable);
  gboolean non_empty = FALSE;
  gint x1, y1, x2, y2;
  if (!mch_selection_bounds (image, &non_empty, &x1, &y1, &x2, &y2) || !non_empty)
    return NULL;
  gint ox, oy;
  mch_drawable_offsets (drawable, &ox, &oy);
  gint32 sel = mch_image_get_selection (image);
  GeglBuffer *buf = mch_drawable_get_buffer (sel);
  float *cover = g_new (float, (gsize) w * h);
  GeglRectangle rect = { ox + x, oy + y, w, h };
  gegl_buffer_get (buf, &rect, 1.0, babl_format ("Y float"), cover, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buf);
  return cover;
}

/* Narrows the box (drawable coordinates) to the part that lies on the image's canvas. */
static void
clip_to_canvas (gint32 drawable, mc_region *r)
{
  gint32 image = mch_item_get_image (drawable);
  gint ox = 0, oy = 0;
  mch_drawable_offsets (drawable, &ox, &oy);
  gint x0 = MAX (r->x, -ox), y0 = MAX (r->y, -oy);
  gint x1 = MIN (r->x + r->width, mch_image_width (image) - ox);
  gint y1 = MIN (r->y + r->height, mch_image_height (image) - oy);
  r->x = x0;
  r->y = y0;
  r->width = MAX (x1 - x0, 0);
  r->height = MAX (y1 - y0, 0);
}

gboolean
mc_region_box (gint32 drawable, gboolean in_canvas, mc_region *r, gchar **error)
{
  memset (r, 0, sizeof *r);
  r->drawable = drawable;
  gboolean touches = mch_drawable_mask_intersect (drawable, &r->x, &r->y, &r->width, &r->height);
  if (touches && in_canvas)
    clip_to_canvas (drawable, r);
  if (!touches || r->width <= 0 || r->height <= 0)
    {
      *error = g_strdup (in_canvas && touches
                           ? "the drawable lies outside the canvas: nothing to analyse"
                           : "the selection does not touch the drawable: nothing to analyse");
      return FALSE;
    }
  return TRUE;
}

/* The integer formats whose pixels have one exact float each (v / 255, v / 65535): non-linear
 * Y', Y'A, R'G'B', R'G'B'A in 8 or 16 bits. 0 for any other format. */
static int
exact_components (const Babl *format, gboolean *wide)
{
  static const char *const names[] = { "Y' u8", "Y'A u8", "R'G'B' u8", "R'G'B'A u8",
                                       "Y' u16", "Y'A u16", "R'G'B' u16", "R'G'B'A u16" };
  for (int i = 0; i < 8; i++)
    if (format == babl_format (names[i]))
      {
        *wide = i >= 4;
        return i % 4 + 1;
      }
  return 0;
}

/* A rectangle of the drawable as R'G'B'A float. Integer formats are read as they are and converted by
 * mc_pixels_from_u8/u16, strip by strip: exact, and the same floats every run (babl, without
 * its cache of paths, picks a conversion path by timing, and not every candidate is exact);
 * other formats through babl. */
void
mc_read_rgba (gint32 drawable, gint x, gint y, gint width, gint height, float *rgba)
{
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  const Babl *format = gegl_buffer_get_format (buf);
  gboolean wide = FALSE;
  int comps = exact_components (format, &wide);
  if (!comps)
    {
      GeglRectangle rect = { x, y, width, height };
      gegl_buffer_get (buf, &rect, 1.0, babl_format ("R'G'B'A float"), rgba, GEGL_AUTO_ROWSTRIDE,
                       GEGL_ABYSS_NONE);
      g_object_unref (buf);
      return;
    }
  enum { ROWS = 64 };
  size_t bpp = (size_t) comps * (wide ? 2 : 1);
  guint8 *px = g_new (guint8, (gsize) width * ROWS * bpp + 1);
  for (gint row = 0; row < height; row += ROWS)
    {
      gint rows = MIN (ROWS, height - row);
      size_t n = (size_t) width * rows;
      GeglRectangle rect = { x, y + row, width, rows };
      gegl_buffer_get (buf, &rect, 1.0, format, px, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
      float *out = rgba + (size_t) row * width * 4;
      if (wide)
        mc_pixels_from_u16 ((const uint16_t *) (void *) px, comps, n, out);
      else
        mc_pixels_from_u8 (px, comps, n, out);
    }
  g_free (px);
  g_object_unref (buf);
}

static gboolean
region_read (gint32 drawable, gboolean in_canvas, mc_region *r, gchar **error)
{
  if (!mc_region_box (drawable, in_canvas, r, error))
    return FALSE;
  mc_gegl_ensure ();
  size_t n = (size_t) r->width * r->height;
  r->rgba = g_new (float, n * 4);
  r->valid = g_new (uint8_t, n);
  mc_read_rgba (drawable, r->x, r->y, r->width, r->height, r->rgba);
  float *cover = mc_read_selection (drawable, r->x, r->y, r->width, r->height);
  for (size_t i = 0; i < n; i++)
    {
      /* A pixel takes part when it is at least half selected and not fully transparent. */
      gboolean ok = r->rgba[4 * i + 3] > 0.0f && (!cover || cover[i] >= 0.5f);
      r->valid[i] = ok;
      r->n_valid += ok;
    }
  g_free (cover);
  if (r->n_valid == 0)
    {
      *error = g_strdup ("no pixel to analyse: the selected part of the drawable is fully "
                         "transparent");
      mc_region_free (r);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_region_read (gint32 drawable, mc_region *r, gchar **error)
{
  return region_read (drawable, FALSE, r, error);
}

gboolean
mc_region_read_in_canvas (gint32 drawable, mc_region *r, gchar **error)
{
  return region_read (drawable, TRUE, r, error);
}

void
mc_region_free (mc_region *r)
{
  g_clear_pointer (&r->rgba, g_free);
  g_clear_pointer (&r->valid, g_free);
}

float *
mc_region_pack_rgb (const mc_region *r)
{
  size_t n = (size_t) r->width * r->height;
  float *out = g_new (float, r->n_valid * 3 + 3);
  size_t j = 0;
  for (size_t i = 0; i < n; i++)
    if (r->valid[i])
      {
        memcpy (out + 3 * j, r->rgba + 4 * i, 3 * sizeof (float));
        j++;
      }
  return out;
}

float *
mc_region_pack_format (const mc_region *r, const char *format3)
{
  float *rgb = mc_region_pack_rgb (r);
  float *out = g_new (float, r->n_valid * 3 + 3);
  mc_convert_triples ("R'G'B' float", format3, rgb, out, r->n_valid);
  g_free (rgb);
  return out;
}

void
mc_convert_triples (const char *from, const char *to, const float *src, float *dst, size_t n)
{
  mc_gegl_ensure ();
  const Babl *fish = babl_fish (babl_format (from), babl_format (to));
  babl_process (fish, src, dst, (long) n);
}

void
mc_region_write (const mc_region *r, gint32 target, const float *rgba)
{
  GeglBuffer *shadow = mch_drawable_get_shadow_buffer (target);
  GeglRectangle rect = { r->x, r->y, r->width, r->height };
  gegl_buffer_set (shadow, &rect, 0, babl_format ("R'G'B'A float"), rgba, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  mch_drawable_merge_shadow (target, TRUE);
  mch_drawable_update (target, r->x, r->y, r->width, r->height);
}
