/* measure_decode.c: decoding the batch procedures' inputs (measure-files, augment-files).
 *
 * - JPEG and PNG files go through decode.c (libjpeg-turbo and libpng with their own error
 *   reporting), which tells a damaged file (truncated, corrupt compressed data, any decoder
 *   warning) from a whole one and never lets a decoder end the process; a damaged file's error
 *   starts with MC_DAMAGED_PREFIX and the decoder's own words. JPEGs are decoded with
 *   the float DCT, as GEGL's JPEG loader does, so a whole file gives the very bytes (and areas)
 *   it gave when GEGL decoded it (Pillow's default integer DCT differs by 1-3 levels on a few %
 *   of pixels); CMYK ones are turned into R'G'B' correctly. Embedded colour profiles and PNG gamma chunks are not applied, as
 *   Pillow's np.array(img) does not apply them.
 * - Other formats (TIFF, WebP, ...) go through GEGL's loaders, which report failure but not
 *   every kind of damage. A file named like a JPEG or PNG that is neither never reaches them
 *   (GEGL's JPEG loader would let libjpeg end the process).
 * - 8-bit images are turned into floats through one 256-entry table (v / 255, as
 *   mc_pixels_from_u8 gives it; not babl's, see u8_table), and joint mode keeps the bytes (a
 *   quarter of the floats) between its two passes. */
#include "mc_measure_decode.h"

#include "mc_pixels_convert.h"

#include <errno.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Loading ------------------------------------------------------------------------------------- */

/* The file's own reason for not being readable: a dangling link, a folder, no permission. */
static gchar *
unreadable (const char *path)
{
  GStatBuf st;
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode) && g_stat (path, &st) != 0)
    return g_strdup_printf ("cannot read %s: it is a symbolic link to a file that does not exist",
                            path);
  if (g_stat (path, &st) != 0)
    return g_strdup_printf ("cannot read %s: %s", path, g_strerror (errno));
  if (!S_ISREG (st.st_mode))
    return g_strdup_printf ("cannot read %s: it is not a regular file", path);
  if (access (path, R_OK) != 0)
    return g_strdup_printf ("cannot read %s: %s", path, g_strerror (errno));
  return NULL;
}

/* A name that GEGL would hand to its JPEG or PNG loader: those must never see a file that
 * decode.c did not recognise (GEGL's JPEG loader lets libjpeg end the process on one). */
static gboolean
named_like_jpeg_or_png (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *const names[] = { ".jpg", ".jpeg", ".jpe", ".jfif", ".png" };
  for (gsize i = 0; dot && i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (dot, names[i]) == 0)
      return TRUE;
  return FALSE;
}

mc_decode_result
mc_load_raw (const char *path, mc_raw_image *raw, gchar **error)
{
  memset (raw, 0, sizeof *raw);
  if ((*error = unreadable (path)))
    return MC_DECODE_FAILED;
  gchar *why = NULL;
  mc_decode_result r = mc_decode_file (path, raw, &why);
  if (r == MC_DECODE_DAMAGED)
    *error = g_strdup_printf ("%s%s", MC_DAMAGED_PREFIX, why);
  else if (r == MC_DECODE_FAILED)
    *error = g_strdup_printf ("cannot decode %s: %s", path, why);
  else if (r == MC_DECODE_NOT_MINE && named_like_jpeg_or_png (path))
    {
      *error = g_strdup_printf ("cannot decode %s: its name says JPEG or PNG but it does not "
                                "start like either",
                                path);
      r = MC_DECODE_FAILED;
    }
  g_free (why);
  return r;
}

const Babl *
mc_raw_format (const mc_raw_image *raw)
{
  static const char *const models[4] = { "Y'", "Y'A", "R'G'B'", "R'G'B'A" };
  gchar *name = g_strdup_printf ("%s %s", models[raw->n_components - 1],
                                 raw->bits == 16 ? "u16" : "u8");
  const Babl *format = babl_format (name);
  g_free (name);
  return format;
}

GeglBuffer *
mc_load_other (const char *path, gchar **error)
{
  GeglNode *graph = gegl_node_new ();
  GeglNode *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglBuffer *buffer = NULL;
  GeglNode *sink
    = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (buffer && (gegl_buffer_get_width (buffer) <= 0 || gegl_buffer_get_height (buffer) <= 0))
    g_clear_object (&buffer);
  if (!buffer)
    *error = g_strdup_printf ("cannot decode %s: not an image file GEGL can read, or corrupt",
                              path);
  return buffer;
}

/* 8-bit, gamma-encoded grey or RGB (with or without alpha) in sRGB: what the table handles. */
static gboolean
packable (const Babl *format)
{
  int n = babl_format_get_n_components (format);
  if (n < 1 || n > 4 || babl_format_get_space (format) != babl_space ("sRGB"))
    return FALSE;
  for (int i = 0; i < n; i++)
    if (babl_format_get_type (format, i) != babl_type ("u8"))
      return FALSE;
  const char *model = babl_get_name (babl_format_get_model (format));
  const char *const models[] = { "Y'", "Y'A", "R'G'B'", "R'G'B'A" };
  return strcmp (model, models[n - 1]) == 0;
}

/* The table: v / 255 for v = 0..255, as mc_pixels_from_u8 defines it, the same for every
 * channel; computed once (g_once) for all images and threads. Not babl's: babl chooses its
 * conversion path by timing candidates that round differently, so its floats can change with the
 * machine's load (issue 9, item 10). */
static const float *
u8_table (void)
{
  static float table[256];
  static gsize done = 0;
  if (g_once_init_enter (&done))
    {
      mc_pixels_u8_table (table);
      g_once_init_leave (&done, 1);
    }
  return table;
}

/* Pixel i of p as R'G'B'A through the table t. */
static inline void
lookup (const mc_packed_image *p, const float *t, size_t i, float *rgba)
{
  const guint8 *b = p->bytes + (size_t) p->n_components * i;
  switch (p->n_components)
    {
    case 1:
    case 2:
      rgba[0] = rgba[1] = rgba[2] = t[b[0]];
      rgba[3] = p->n_components == 2 ? t[b[1]] : 1.0f;
      break;
    default:
      rgba[0] = t[b[0]];
      rgba[1] = t[b[1]];
      rgba[2] = t[b[2]];
      rgba[3] = p->n_components == 4 ? t[b[3]] : 1.0f;
    }
}

/* Room for a width x height image in d, reusing its buffers when they are large enough. */
static gboolean
decoded_reserve (mc_decoded *d, gint width, gint height)
{
  size_t n = (size_t) width * height;
  if (n > d->capacity)
    {
      g_clear_pointer (&d->rgb, g_free);
      g_clear_pointer (&d->valid, g_free);
      g_clear_pointer (&d->mask, g_free);
      d->capacity = 0;
      d->rgb = g_try_new (float, n * 3);
      d->valid = g_try_new (uint8_t, n);
      d->mask = g_try_new (uint8_t, n);
      if (!d->rgb || !d->valid || !d->mask)
        return FALSE;
      d->capacity = n;
    }
  d->width = width;
  d->height = height;
  return TRUE;
}

/* Room for n bytes in the scratch buffer. */
static guint8 *
scratch_reserve (mc_decoded *d, size_t n)
{
  if (n > d->scratch_size)
    {
      g_free (d->scratch);
      d->scratch = g_try_malloc (n);
      d->scratch_size = d->scratch ? n : 0;
    }
  return d->scratch;
}

gboolean
mc_decoded_from_packed (const mc_packed_image *p, mc_decoded *d)
{
  if (!decoded_reserve (d, p->width, p->height))
    return FALSE;
  size_t n = (size_t) p->width * p->height;
  const float *table = u8_table ();
  for (size_t i = 0; i < n; i++)
    {
      float rgba[4];
      lookup (p, table, i, rgba);
      memcpy (d->rgb + 3 * i, rgba, 3 * sizeof (float));
      d->valid[i] = rgba[3] > 0.0f;
    }
  return TRUE;
}

/* The general path (not 8-bit, or another colour space): babl converts to R'G'B'A floats, which
 * are then packed into d. */
/* n R'G'B'A floats into d's R'G'B' and validity. */
static void
floats_into (const float *rgba, size_t n, mc_decoded *d)
{
  for (size_t i = 0; i < n; i++)
    {
      memcpy (d->rgb + 3 * i, rgba + 4 * i, 3 * sizeof (float));
      d->valid[i] = rgba[4 * i + 3] > 0.0f;
    }
}

static gboolean
decode_floats (GeglBuffer *buffer, mc_decoded *d)
{
  gint w = gegl_buffer_get_width (buffer), h = gegl_buffer_get_height (buffer);
  size_t n = (size_t) w * h;
  float *rgba = g_try_new (float, n * 4);
  if (!rgba || !decoded_reserve (d, w, h))
    {
      g_free (rgba);
      return FALSE;
    }
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format ("R'G'B'A float"),
                   rgba, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  floats_into (rgba, n, d);
  g_free (rgba);
  return TRUE;
}

/* Reads an 8-bit buffer as bytes into p, in fresh memory when it is to be kept, else in d's
 * scratch buffer. FALSE when the format is not one the table renders exactly or memory runs
 * out. */
static gboolean
pack_buffer (GeglBuffer *buffer, mc_packed_image *p, mc_decoded *d, gboolean keep)
{
  const Babl *format = gegl_buffer_get_format (buffer);
  memset (p, 0, sizeof *p);
  if (!packable (format))
    return FALSE;
  p->width = gegl_buffer_get_width (buffer);
  p->height = gegl_buffer_get_height (buffer);
  p->n_components = babl_format_get_n_components (format);
  size_t size = (size_t) p->width * p->height * p->n_components;
  p->bytes = keep ? g_try_malloc (size) : scratch_reserve (d, size);
  if (!p->bytes)
    return FALSE;
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, format, p->bytes,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  return TRUE; /* the table is exact for the packable formats, whose channels do not mix */
}

/* A JPEG or PNG decoded by decode.c into d: 8-bit through the table (its bytes handed to *keep
 * when asked), 16-bit through mc_pixels_from_u16; neither through babl (see u8_table). */
static gboolean
decode_raw (mc_raw_image *raw, mc_decoded *d, mc_packed_image *keep)
{
  if (raw->bits == 8)
    {
      mc_packed_image p = { raw->width, raw->height, raw->n_components, raw->pixels };
      if (!mc_decoded_from_packed (&p, d))
        return FALSE;
      if (keep)
        {
          *keep = p;
          raw->pixels = NULL; /* now the kept bytes */
        }
      return TRUE;
    }
  size_t n = (size_t) raw->width * raw->height;
  float *rgba = g_try_new (float, n * 4);
  gboolean ok = rgba && decoded_reserve (d, raw->width, raw->height);
  if (ok)
    {
      mc_pixels_from_u16 ((const uint16_t *) raw->pixels, raw->n_components, n, rgba);
      floats_into (rgba, n, d);
    }
  g_free (rgba);
  return ok;
}

/* Any other format through GEGL's loaders. */
static gboolean
decode_other (const char *path, mc_decoded *d, mc_packed_image *keep, gchar **error)
{
  GeglBuffer *buffer = mc_load_other (path, error);
  if (!buffer)
    return FALSE;
  gint w = gegl_buffer_get_width (buffer), h = gegl_buffer_get_height (buffer);
  mc_packed_image packed;
  gboolean ok;
  if (pack_buffer (buffer, &packed, d, keep != NULL))
    {
      ok = mc_decoded_from_packed (&packed, d);
      if (ok && keep)
        *keep = packed;
      else if (keep)
        mc_packed_clear (&packed);
    }
  else
    ok = decode_floats (buffer, d);
  g_object_unref (buffer);
  if (!ok)
    *error = g_strdup_printf ("cannot decode %s: %dx%d is too large for memory", path, w, h);
  return ok;
}

gboolean
mc_decode_image_file (const char *path, mc_decoded *d, mc_packed_image *keep, gchar **error)
{
  if (keep)
    memset (keep, 0, sizeof *keep);
  mc_raw_image raw;
  mc_decode_result r = mc_load_raw (path, &raw, error);
  if (r == MC_DECODE_NOT_MINE)
    return decode_other (path, d, keep, error);
  if (r != MC_DECODE_OK)
    return FALSE;
  gboolean ok = decode_raw (&raw, d, keep);
  if (!ok)
    *error = g_strdup_printf ("cannot decode %s: %dx%d is too large for memory", path, raw.width,
                              raw.height);
  mc_raw_image_clear (&raw);
  return ok;
}

void
mc_decoded_clear (mc_decoded *d)
{
  g_free (d->rgb);
  g_free (d->valid);
  g_free (d->mask);
  g_free (d->scratch);
  memset (d, 0, sizeof *d);
}

void
mc_packed_clear (mc_packed_image *p)
{
  g_clear_pointer (&p->bytes, g_free);
}
