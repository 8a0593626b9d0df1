/* pixels8.c: 8-bit layers read and written in their own bytes, strip by strip, for layers of many
 * megapixels: a 24 MP layer is 96 MB as R'G'B'A u8 and 384 MB as R'G'B'A float, so the lean path
 * keeps only what the computation needs (a packed colour per analysed pixel) and a strip. */
#include "mc_pixels.h"
#include "mc_pixels_convert.h"

#include <gegl.h>
#include <string.h>

/* Rows per strip: GIMP's tiles are 64 pixels high, so a strip touches each tile row once. */
#define STRIP_ROWS 64

gboolean
mc_drawable_is_rgb8 (gint32 drawable)
{
  mc_gegl_ensure ();
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  if (!buf)
    return FALSE;
  const Babl *format = gegl_buffer_get_format (buf);
  g_object_unref (buf);
  return format == babl_format ("R'G'B' u8") || format == babl_format ("R'G'B'A u8");
}

/* One strip of the box: rows [y, y + rows) of the region, in the buffer's own format (R'G'B' u8
 * or R'G'B'A u8: copied, never converted; a babl conversion between 8-bit formats of three
 * components can make babl build a 2^24-entry lookup table through float, a 320 MB peak) with
 * analysed flags. */
typedef struct
{
  const mc_region *region;
  GeglBuffer *buffer;
  const Babl *format;
  int bpp;        /* 3 or 4 */
  int y, rows;
  uint8_t *px;    /* width * STRIP_ROWS * bpp */
  uint8_t *valid; /* width * STRIP_ROWS */
  size_t n_valid;
  gboolean opaque; /* every pixel read so far has alpha 255 (or the format has none) */
  gboolean selection; /* the image has a selection */
} strip;

static void
strip_open (strip *s, const mc_region *r)
{
  memset (s, 0, sizeof *s);
  s->region = r;
  s->buffer = mch_drawable_get_buffer (r->drawable);
  s->format = gegl_buffer_get_format (s->buffer);
  s->bpp = babl_format_get_bytes_per_pixel (s->format);
  s->px = g_new (uint8_t, (gsize) r->width * STRIP_ROWS * s->bpp);
  s->valid = g_new (uint8_t, (gsize) r->width * STRIP_ROWS);
  s->opaque = TRUE;
}

static void
strip_close (strip *s)
{
  g_object_unref (s->buffer);
  g_free (s->px);
  g_free (s->valid);
}

/* Reads the strip at row y of the box; its analysed flags follow mc_region_read: alpha above 0
 * and at least half selected. */
static void
strip_read (strip *s, int y)
{
  const mc_region *r = s->region;
  s->y = y;
  s->rows = MIN (STRIP_ROWS, r->height - y);
  size_t n = (size_t) r->width * s->rows;
  GeglRectangle rect = { r->x, r->y + y, r->width, s->rows };
  gegl_buffer_get (s->buffer, &rect, 1.0, s->format, s->px, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  float *cover = mc_read_selection (r->drawable, r->x, r->y + y, r->width, s->rows);
  s->selection |= cover != NULL;
  s->n_valid = 0;
  for (size_t i = 0; i < n; i++)
    {
      s->valid[i] = (s->bpp == 3 || s->px[4 * i + 3] > 0) && (!cover || cover[i] >= 0.5f);
      s->opaque &= s->bpp == 3 || s->px[4 * i + 3] == 255;
      s->n_valid += s->valid[i];
    }
  g_free (cover);
}

gboolean
mc_region_read_rgb24 (gint32 drawable, gboolean in_canvas, mc_region *r, uint32_t **rgb,
                      gchar **error)
{
  *rgb = NULL;
  if (!mc_region_box (drawable, in_canvas, r, error))
    return FALSE;
  mc_gegl_ensure ();
  /* Room for every pixel of the box: pages never written (unselected pixels) cost no memory. */
  GArray *codes = g_array_sized_new (FALSE, FALSE, sizeof (uint32_t), (guint) r->width * r->height);
  strip s;
  strip_open (&s, r);
  for (int y = 0; y < r->height; y += STRIP_ROWS)
    {
      strip_read (&s, y);
      size_t n = (size_t) r->width * s.rows, at = codes->len;
      g_array_set_size (codes, at + s.n_valid);
      uint32_t *out = &g_array_index (codes, uint32_t, at);
      for (size_t i = 0; i < n; i++)
        if (s.valid[i])
          {
            const uint8_t *p = s.px + (size_t) s.bpp * i;
            *out++ = (uint32_t) p[0] << 16 | (uint32_t) p[1] << 8 | p[2];
          }
    }
  r->n_valid = codes->len;
  r->dense = s.opaque && !s.selection && r->n_valid == (size_t) r->width * r->height;
  strip_close (&s);
  if (r->n_valid == 0)
    {
      g_array_free (codes, TRUE);
      *error = g_strdup ("no pixel to analyse: the selected part of the drawable is fully "
                         "transparent");
      return FALSE;
    }
  *rgb = (uint32_t *) (void *) g_array_free (codes, FALSE);
  return TRUE;
}

/* Pushes the shadow's tiles to GIMP and merges them into target (one undo step). */
static void
shadow_merge (GeglBuffer *shadow, gint32 target, const mc_region *r)
{
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  mch_drawable_merge_shadow (target, TRUE);
  mch_drawable_update (target, r->x, r->y, r->width, r->height);
}

void
mc_region_rewrite_u8 (const mc_region *r, gint32 target, mc_strip_fn fn, void *ctx)
{
  GeglBuffer *shadow = mch_drawable_get_shadow_buffer (target);
  strip s;
  strip_open (&s, r);
  for (int y = 0; y < r->height; y += STRIP_ROWS)
    {
      strip_read (&s, y);
      fn (ctx, s.px, s.bpp, s.valid, (size_t) r->width * s.rows);
      GeglRectangle rect = { r->x, r->y + y, r->width, s.rows };
      gegl_buffer_set (shadow, &rect, 0, s.format, s.px, GEGL_AUTO_ROWSTRIDE);
    }
  strip_close (&s);
  shadow_merge (shadow, target, r);
}

void
mc_region_rewrite_codes (const mc_region *r, gint32 target, gboolean new_layer,
                         const uint32_t *rgb, mc_strip_fn fn, void *ctx)
{
  g_return_if_fail (r->dense);
  GeglBuffer *shadow = new_layer ? mch_drawable_get_buffer (target)
                                 : mch_drawable_get_shadow_buffer (target);
  const Babl *format = gegl_buffer_get_format (shadow);
  int bpp = babl_format_get_bytes_per_pixel (format);
  size_t cap = (size_t) r->width * STRIP_ROWS;
  uint8_t *px = g_new (uint8_t, cap * bpp), *valid = g_new (uint8_t, cap);
  memset (valid, 1, cap);
  for (int y = 0; y < r->height; y += STRIP_ROWS)
    {
      int rows = MIN (STRIP_ROWS, r->height - y);
      size_t n = (size_t) r->width * rows;
      const uint32_t *code = rgb + (size_t) y * r->width;
      for (size_t i = 0; i < n; i++)
        {
          uint8_t *p = px + (size_t) bpp * i;
          p[0] = (uint8_t) (code[i] >> 16);
          p[1] = (uint8_t) (code[i] >> 8);
          p[2] = (uint8_t) code[i];
          if (bpp == 4)
            p[3] = 255;
        }
      fn (ctx, px, bpp, valid, n);
      GeglRectangle rect = { r->x, r->y + y, r->width, rows };
      gegl_buffer_set (shadow, &rect, 0, format, px, GEGL_AUTO_ROWSTRIDE);
    }
  g_free (px);
  g_free (valid);
  if (!new_layer)
    {
      shadow_merge (shadow, target, r);
      return;
    }
  gegl_buffer_flush (shadow);
  g_object_unref (shadow);
  mch_drawable_update (target, r->x, r->y, r->width, r->height);
}

gboolean
mc_region_read_bytes (gint32 drawable, gboolean in_canvas, mc_region *r, uint8_t **bytes,
                      int *bpp, gchar **error)
{
  *bytes = NULL;
  if (!mc_region_box (drawable, in_canvas, r, error))
    return FALSE;
  mc_gegl_ensure ();
  strip s;
  strip_open (&s, r);
  size_t total = (size_t) r->width * r->height;
  uint8_t *out = g_try_malloc (total * s.bpp);
  r->valid = g_try_new (uint8_t, total);
  if (!out || !r->valid)
    {
      strip_close (&s);
      g_free (out);
      mc_region_free (r);
      *error = g_strdup_printf ("not enough memory for %d x %d pixels", r->width, r->height);
      return FALSE;
    }
  for (int y = 0; y < r->height; y += STRIP_ROWS)
    {
      strip_read (&s, y);
      size_t n = (size_t) r->width * s.rows, at = (size_t) y * r->width;
      memcpy (r->valid + at, s.valid, n);
      memcpy (out + at * s.bpp, s.px, n * s.bpp);
      r->n_valid += s.n_valid;
    }
  *bpp = s.bpp;
  strip_close (&s);
  if (r->n_valid == 0)
    {
      g_free (out);
      mc_region_free (r);
      *error = g_strdup ("no pixel to analyse: the selected part of the drawable is fully "
                         "transparent");
      return FALSE;
    }
  *bytes = out;
  return TRUE;
}

gboolean
mc_write_rgba_exact (gint32 drawable, gint width, gint height, const float *rgba)
{
  if (!mc_drawable_is_rgb8 (drawable))
    return FALSE;
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  const Babl *format = gegl_buffer_get_format (buf);
  int bpp = babl_format_get_bytes_per_pixel (format);
  uint8_t *px = g_new (uint8_t, (gsize) width * STRIP_ROWS * 4);
  for (gint row = 0; row < height; row += STRIP_ROWS)
    {
      gint rows = MIN (STRIP_ROWS, height - row);
      size_t n = (size_t) width * rows;
      mc_pixels_to_u8 (rgba + (size_t) row * width * 4, n, px);
      for (size_t i = 0; bpp == 3 && i < n; i++) /* drop alpha: the layer has none */
        memmove (px + 3 * i, px + 4 * i, 3);
      GeglRectangle rect = { 0, row, width, rows };
      gegl_buffer_set (buf, &rect, 0, format, px, GEGL_AUTO_ROWSTRIDE);
    }
  g_free (px);
  gegl_buffer_flush (buf);
  g_object_unref (buf);
  return TRUE;
}
