/* measure_decode.c: decoding measure-files' inputs. Two things make this more than a GEGL load:
 *
 * - GEGL's JPEG loader lets libjpeg end the whole process (exit (1)) on a fatal error, for
 *   example a file that is not a JPEG at all: one bad file would kill the batch and lose every
 *   row. So a file GEGL would hand to that loader (by its extension or its first bytes) has its
 *   marker structure checked first, up to the image data, as libjpeg will read it. Damage inside
 *   the compressed data is only a warning for libjpeg and needs no check.
 *
 * - Reading a decoded JPEG as "R'G'B'A float" costs several times the decoding itself (1.3 s
 *   against 0.25 s for the bytes of a 7 MP image here), and joint mode needs every image twice.
 *   8-bit images are therefore read as bytes and turned into floats through a 256-entry table
 *   per channel that babl itself fills, so the floats are bit-identical to babl's; the table is
 *   checked against babl on the first pixels of every image. */
#include "mc_measure_decode.h"

#include <errno.h>
#include <gegl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHECKED_PIXELS 4096

/* The JPEG guard ------------------------------------------------------------------------------ */

static gboolean
read_u16 (FILE *f, guint *v)
{
  int a = fgetc (f), b = fgetc (f);
  *v = (guint) a << 8 | (guint) b;
  return a != EOF && b != EOF;
}

/* Reads the frame header (SOFn) after its length: an 8-bit baseline, extended or progressive
 * frame (Huffman or arithmetic coded) of 1 to 4 components, as libjpeg-turbo accepts. */
static gchar *
frame_problem (FILE *f, int marker, guint len)
{
  if (marker != 0xc0 && marker != 0xc1 && marker != 0xc2 && marker != 0xc9 && marker != 0xca)
    return g_strdup_printf ("its coding process (SOF%d) is not supported", marker - 0xc0);
  int precision = fgetc (f);
  guint h, w;
  int components = (read_u16 (f, &h) && read_u16 (f, &w)) ? fgetc (f) : EOF;
  if (precision != 8 || h == 0 || w == 0 || components < 1 || components > 4
      || len != 8u + 3u * (guint) components)
    return g_strdup ("its frame header is damaged");
  return NULL;
}

/* Walks the markers from after SOI to the first SOS. */
static gchar *
jpeg_structure_problem (FILE *f)
{
  gboolean have_frame = FALSE, have_tables = FALSE;
  for (;;)
    {
      int c = fgetc (f);
      if (c != 0xff)
        return g_strdup (c == EOF ? "it ends before its image data" : "a marker is missing");
      while ((c = fgetc (f)) == 0xff)
        ;
      if (c == EOF || c == 0xd8 || c == 0xd9)
        return g_strdup ("it ends before its image data");
      if ((c >= 0xd0 && c <= 0xd7) || c == 0x01)
        continue; /* markers without a length */
      guint len;
      if (!read_u16 (f, &len) || len < 2)
        return g_strdup ("a marker has a bad length");
      long skip = (long) len - 2;
      if (c == 0xdb)
        have_tables = TRUE;
      else if (c >= 0xc0 && c <= 0xcf && c != 0xc4 && c != 0xc8 && c != 0xcc)
        {
          gchar *problem = frame_problem (f, c, len);
          if (problem)
            return problem;
          have_frame = TRUE;
          skip -= 6; /* precision, height, width and the component count were read */
        }
      else if (c == 0xda)
        return have_frame && have_tables
                 ? NULL
                 : g_strdup ("its image data comes before its frame header or tables");
      if (fseek (f, skip, SEEK_CUR) != 0)
        return g_strdup ("it ends before its image data");
    }
}

static gboolean
handled_as_jpeg (const char *path, const guint8 *head, size_t n)
{
  const char *dot = strrchr (path, '.');
  const char *const jpeg[] = { ".jpg", ".jpeg", ".jpe", ".jfif" };
  for (gsize i = 0; dot && i < G_N_ELEMENTS (jpeg); i++)
    if (g_ascii_strcasecmp (dot, jpeg[i]) == 0)
      return TRUE;
  return n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff;
}

gchar *
mc_jpeg_decode_risk (const char *path)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    return NULL; /* the loader reports unreadable files itself */
  guint8 head[3] = { 0, 0, 0 };
  size_t n = fread (head, 1, sizeof head, f);
  gchar *problem = NULL;
  if (handled_as_jpeg (path, head, n))
    {
      if (n < 2 || head[0] != 0xff || head[1] != 0xd8)
        problem = g_strdup ("it does not start like a JPEG file");
      else if (fseek (f, 2, SEEK_SET) == 0)
        problem = jpeg_structure_problem (f);
    }
  fclose (f);
  if (!problem)
    return NULL;
  gchar *message = g_strdup_printf ("cannot decode %s: not a valid JPEG file (%s)", path, problem);
  g_free (problem);
  return message;
}

/* Loading ------------------------------------------------------------------------------------- */

static GeglBuffer *
load_buffer (const char *path, gchar **error)
{
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || access (path, R_OK) != 0)
    {
      *error = g_strdup_printf ("cannot read %s: %s", path, g_strerror (errno ? errno : ENOENT));
      return NULL;
    }
  if ((*error = mc_jpeg_decode_risk (path)))
    return NULL;
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

/* The table: a ramp whose every component is v, converted by babl, for v = 0..255. */
static void
fill_lut (const Babl *format, mc_packed_image *p)
{
  int n = p->n_components;
  guint8 ramp[256 * 4];
  float out[256 * 4];
  for (int v = 0; v < 256; v++)
    for (int c = 0; c < n; c++)
      ramp[n * v + c] = (guint8) v;
  babl_process (babl_fish (format, babl_format ("R'G'B'A float")), ramp, out, 256);
  for (int v = 0; v < 256; v++)
    for (int c = 0; c < 4; c++)
      p->lut[c][v] = out[4 * v + c];
}

/* Pixel i of p as R'G'B'A through the table. */
static inline void
lookup (const mc_packed_image *p, size_t i, float *rgba)
{
  const guint8 *b = p->bytes + (size_t) p->n_components * i;
  switch (p->n_components)
    {
    case 1:
    case 2:
      rgba[0] = rgba[1] = rgba[2] = p->lut[0][b[0]];
      rgba[3] = p->n_components == 2 ? p->lut[3][b[1]] : 1.0f;
      break;
    default:
      rgba[0] = p->lut[0][b[0]];
      rgba[1] = p->lut[1][b[1]];
      rgba[2] = p->lut[2][b[2]];
      rgba[3] = p->n_components == 4 ? p->lut[3][b[3]] : 1.0f;
    }
}

/* The table against babl on the first pixels: a format the table cannot render exactly (one
 * whose channels mix) shows here and takes the float path instead. */
static gboolean
lut_agrees (const Babl *format, const mc_packed_image *p)
{
  size_t n = MIN ((size_t) CHECKED_PIXELS, (size_t) p->width * p->height);
  float *want = g_new (float, n * 4);
  babl_process (babl_fish (format, babl_format ("R'G'B'A float")), p->bytes, want, (long) n);
  gboolean same = TRUE;
  for (size_t i = 0; i < n && same; i++)
    {
      float got[4];
      lookup (p, i, got);
      same = memcmp (got, want + 4 * i, sizeof got) == 0;
    }
  g_free (want);
  return same;
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
  for (size_t i = 0; i < n; i++)
    {
      float rgba[4];
      lookup (p, i, rgba);
      memcpy (d->rgb + 3 * i, rgba, 3 * sizeof (float));
      d->valid[i] = rgba[3] > 0.0f;
    }
  return TRUE;
}

/* The general path (not 8-bit, or another colour space): babl converts to R'G'B'A floats, which
 * are then packed into d. */
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
  for (size_t i = 0; i < n; i++)
    {
      memcpy (d->rgb + 3 * i, rgba + 4 * i, 3 * sizeof (float));
      d->valid[i] = rgba[4 * i + 3] > 0.0f;
    }
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
  fill_lut (format, p);
  if (lut_agrees (format, p))
    return TRUE;
  if (keep)
    g_free (p->bytes);
  p->bytes = NULL;
  return FALSE;
}

gboolean
mc_decode_image_file (const char *path, mc_decoded *d, mc_packed_image *keep, gchar **error)
{
  if (keep)
    memset (keep, 0, sizeof *keep);
  GeglBuffer *buffer = load_buffer (path, error);
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
