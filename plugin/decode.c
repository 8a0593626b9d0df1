/* decode.c: JPEG and PNG decoding through libjpeg-turbo and libpng with their own error
 * reporting (mc_decode.h): a damaged file is told from a whole one, and no input ends the
 * process. */
#include "mc_decode.h"

#include <setjmp.h>
#include <stdio.h> /* before jpeglib.h, which needs FILE */
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>

static size_t max_pixels = (size_t) 1 << 28;

void
mc_decode_set_max_pixels (size_t n)
{
  max_pixels = n;
}

void
mc_raw_image_clear (mc_raw_image *img)
{
  g_free (img->pixels);
  memset (img, 0, sizeof *img);
}

static gboolean
too_large (size_t w, size_t h, gint channels, gint bytes)
{
  return w == 0 || h == 0 || w > G_MAXINT || h > G_MAXINT || w > max_pixels / h
         || w * h > G_MAXSIZE / ((size_t) channels * bytes);
}

/* JPEG -------------------------------------------------------------------------------------- */

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  gchar *first_warning; /* the first warning's text: the file is damaged */
} jpeg_errors;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  longjmp (((jpeg_errors *) cinfo->err)->jump, 1);
}

/* msg_level -1 is a warning (corrupt data, premature end, extraneous bytes); others are trace
 * messages. libjpeg's default prints warnings and goes on; here the first one is kept. */
static void
jpeg_emit_message (j_common_ptr cinfo, int msg_level)
{
  jpeg_errors *e = (jpeg_errors *) cinfo->err;
  if (msg_level >= 0)
    return;
  e->pub.num_warnings++;
  if (!e->first_warning)
    {
      char text[JMSG_LENGTH_MAX];
      e->pub.format_message (cinfo, text);
      e->first_warning = g_strdup (text);
    }
}

static gchar *
jpeg_message (j_common_ptr cinfo)
{
  char text[JMSG_LENGTH_MAX];
  cinfo->err->format_message (cinfo, text);
  return g_strdup (text);
}

/* Errors that say the file is a kind of JPEG that libjpeg-turbo was not built for (lossless,
 * 12-bit, arithmetic coding), not that the file is damaged. */
static gboolean
jpeg_unsupported (int code)
{
  return code == JERR_SOF_UNSUPPORTED || code == JERR_BAD_PRECISION || code == JERR_NOT_COMPILED
         || code == JERR_ARITH_NOTIMPL || code == JERR_CONVERSION_NOTIMPL;
}

/* Converts a CMYK row to R'G'B'. Adobe's files store the inks inverted (255 = no ink), which is
 * what every CMYK JPEG written by Photoshop and ImageMagick holds; others store the inks. */
static void
cmyk_to_rgb (const guint8 *in, guint8 *out, JDIMENSION width, gboolean inverted)
{
  for (JDIMENSION x = 0; x < width; x++, in += 4, out += 3)
    {
      guint c = in[0], m = in[1], y = in[2], k = in[3];
      if (!inverted)
        {
          c = 255 - c;
          m = 255 - m;
          y = 255 - y;
          k = 255 - k;
        }
      out[0] = (guint8) ((c * k + 127) / 255);
      out[1] = (guint8) ((m * k + 127) / 255);
      out[2] = (guint8) ((y * k + 127) / 255);
    }
}

static mc_decode_result
decode_jpeg (const guint8 *data, size_t size, mc_raw_image *out, gchar **message)
{
  struct jpeg_decompress_struct cinfo;
  jpeg_errors err;
  memset (&err, 0, sizeof err);
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jpeg_error_exit;
  err.pub.emit_message = jpeg_emit_message;
  /* volatile: they change between setjmp and a longjmp back to it. */
  guint8 *volatile pixels = NULL;
  guint8 *volatile row = NULL;
  if (setjmp (err.jump))
    {
      *message = jpeg_message ((j_common_ptr) &cinfo);
      mc_decode_result r = jpeg_unsupported (err.pub.msg_code) ? MC_DECODE_FAILED
                                                                : MC_DECODE_DAMAGED;
      jpeg_destroy_decompress (&cinfo);
      g_free (pixels);
      g_free (row);
      g_free (err.first_warning);
      return r;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, (unsigned long) size);
  jpeg_read_header (&cinfo, TRUE);
  gboolean cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  gint channels = cinfo.num_components == 1 ? 1 : 3;
  cinfo.out_color_space = channels == 1 ? JCS_GRAYSCALE : cmyk ? JCS_CMYK : JCS_RGB;
  if (too_large (cinfo.image_width, cinfo.image_height, channels, 1))
    {
      /* A header that already warned is damaged, whatever size it claims. */
      gboolean damaged = err.first_warning != NULL;
      *message = damaged ? err.first_warning
                         : g_strdup_printf ("%ux%u pixels is more than this decoder takes",
                                            cinfo.image_width, cinfo.image_height);
      jpeg_destroy_decompress (&cinfo);
      return damaged ? MC_DECODE_DAMAGED : MC_DECODE_FAILED;
    }
  /* GEGL's JPEG loader (what measure-files used before, and uses for the tests' references)
   * decodes with the float DCT: the same here keeps every byte, and so every area, as before. */
  cinfo.dct_method = JDCT_FLOAT;
  jpeg_start_decompress (&cinfo);
  size_t stride = (size_t) cinfo.output_width * channels;
  pixels = g_try_malloc (stride * cinfo.output_height);
  if (cmyk)
    row = g_try_malloc ((size_t) cinfo.output_width * 4);
  if (!pixels || (cmyk && !row))
    {
      jpeg_destroy_decompress (&cinfo);
      g_free (pixels);
      g_free (row);
      g_free (err.first_warning);
      *message = g_strdup ("out of memory");
      return MC_DECODE_FAILED;
    }
  while (cinfo.output_scanline < cinfo.output_height)
    {
      guint8 *dest = pixels + stride * cinfo.output_scanline;
      JSAMPROW rows[1] = { cmyk ? row : dest };
      jpeg_read_scanlines (&cinfo, rows, 1);
      if (cmyk)
        cmyk_to_rgb (row, dest, cinfo.output_width, cinfo.saw_Adobe_marker);
    }
  jpeg_finish_decompress (&cinfo);
  out->width = (gint) cinfo.output_width;
  out->height = (gint) cinfo.output_height;
  out->n_components = channels;
  out->bits = 8;
  out->pixels = pixels;
  jpeg_destroy_decompress (&cinfo);
  g_free (row);
  if (err.first_warning)
    {
      *message = err.first_warning;
      mc_raw_image_clear (out);
      return MC_DECODE_DAMAGED;
    }
  return MC_DECODE_OK;
}

/* PNG --------------------------------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  size_t size, at;
  gchar *first_warning;
  gchar *error;
} png_source;

/* libpng's reads, from memory. Past the end: libpng's own words for it, those of its own memory
 * reader (png_image_memory_read in pngread.c); png_chunks_problem has already refused a file that
 * ends early, so this is only a guard. */
static void
png_read_bytes (png_structp png, png_bytep dest, png_size_t n)
{
  png_source *src = png_get_io_ptr (png);
  if (n > src->size - src->at)
    png_error (png, "read beyond end of data");
  memcpy (dest, src->data + src->at, n);
  src->at += n;
}

static void
png_on_error (png_structp png, png_const_charp text)
{
  png_source *src = png_get_error_ptr (png);
  if (!src->error)
    src->error = g_strdup (text);
  png_longjmp (png, 1);
}

static void
png_on_warning (png_structp png, png_const_charp text)
{
  png_source *src = png_get_error_ptr (png);
  if (!src->first_warning)
    src->first_warning = g_strdup (text);
}

/* Asks libpng for 8-bit (or 16-bit) grey or RGB, with alpha when the file has any: palettes and
 * low-bit grey expanded, tRNS turned into alpha. Returns the channel count. */
static gint
png_set_output (png_structp png, png_infop info, gint *bits)
{
  int colour = png_get_color_type (png, info), depth = png_get_bit_depth (png, info);
  if (colour == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (colour == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  *bits = depth == 16 ? 16 : 8;
  if (depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (png); /* PNG stores big-endian; mc_raw_image holds native guint16 */
  png_set_interlace_handling (png);
  png_read_update_info (png, info);
  return png_get_channels (png, info);
}

/* The chunk list, walked before libpng reads it: a chunk that claims more bytes than the file
 * has left is a cut file or a corrupt length, and libpng would first take and clear that much
 * memory (a 45-byte file could claim 2 GB for its text). NULL when every chunk fits up to IEND.
 * The words are ours, not libpng's: libpng never sees these files, and has no words of its own
 * for a file that ends early anyway (a reader set by png_set_read_fn words it; libpng's own
 * readers say only "Read Error" or "read beyond end of data", which do not say the file is cut,
 * nor tell a cut file from a corrupt length). */
static const char *
png_chunks_problem (const guint8 *data, size_t size)
{
  size_t at = 8;
  while (at + 8 <= size)
    {
      guint32 length = (guint32) data[at] << 24 | (guint32) data[at + 1] << 16
                       | (guint32) data[at + 2] << 8 | data[at + 3];
      if (length > 0x7fffffffu || (size_t) length + 4 > size - at - 8)
        return "a chunk claims more bytes than the file holds (truncated, or a corrupt length)";
      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return NULL;
      at += 12 + (size_t) length;
    }
  return "the file ends before its IEND chunk (truncated)";
}

static mc_decode_result
decode_png (const guint8 *data, size_t size, mc_raw_image *out, gchar **message)
{
  const char *problem = png_chunks_problem (data, size);
  if (problem)
    {
      *message = g_strdup (problem);
      return MC_DECODE_DAMAGED;
    }
  png_source src = { data, size, 8, NULL, NULL };
  png_structp png
    = png_create_read_struct (PNG_LIBPNG_VER_STRING, &src, png_on_error, png_on_warning);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  if (!info)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      *message = g_strdup ("out of memory");
      return MC_DECODE_FAILED;
    }
  guint8 *volatile pixels = NULL;
  png_bytep *volatile rows = NULL;
  /* volatile: set just before a png_longjmp, read after it. */
  volatile mc_decode_result result = MC_DECODE_DAMAGED;
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (pixels);
      g_free (rows);
      *message = src.error ? src.error : g_strdup ("libpng failed");
      g_free (src.first_warning);
      return result;
    }
  png_set_read_fn (png, &src, png_read_bytes);
  png_set_sig_bytes (png, 8);
  /* Past any limit of libpng's own, a size this decoder refuses before taking memory. */
  png_set_user_limits (png, 0x7fffffff, 0x7fffffff);
  /* A text or other ancillary chunk may claim gigabytes that libpng would take and clear before
   * reading; no real chunk of a dermoscopy PNG comes near 8 MB (image data is read in pieces). */
  png_set_chunk_malloc_max (png, (png_alloc_size_t) 8 << 20);
  png_read_info (png, info);
  png_uint_32 w = png_get_image_width (png, info), h = png_get_image_height (png, info);
  gint bits;
  gint channels = png_set_output (png, info, &bits);
  if (too_large (w, h, channels, bits / 8))
    {
      src.error = g_strdup_printf ("%ux%u pixels is more than this decoder takes", (unsigned) w,
                                   (unsigned) h);
      result = MC_DECODE_FAILED;
      png_longjmp (png, 1);
    }
  size_t stride = png_get_rowbytes (png, info);
  pixels = g_try_malloc (stride * h);
  rows = g_try_new (png_bytep, h);
  if (!pixels || !rows)
    {
      src.error = g_strdup ("out of memory");
      result = MC_DECODE_FAILED;
      png_longjmp (png, 1);
    }
  for (png_uint_32 y = 0; y < h; y++)
    rows[y] = pixels + stride * y;
  png_read_image (png, rows);
  png_read_end (png, NULL); /* the chunks after the image data, up to IEND */
  png_destroy_read_struct (&png, &info, NULL);
  g_free (rows);
  if (src.first_warning)
    {
      g_free (pixels);
      *message = src.first_warning;
      return MC_DECODE_DAMAGED;
    }
  out->width = (gint) w;
  out->height = (gint) h;
  out->n_components = channels;
  out->bits = bits;
  out->pixels = pixels;
  return MC_DECODE_OK;
}

/* Entry points ------------------------------------------------------------------------------ */

mc_decode_result
mc_decode_memory (const guint8 *data, size_t size, mc_raw_image *out, gchar **message)
{
  gchar *ignored = NULL;
  if (!message)
    message = &ignored;
  *message = NULL;
  memset (out, 0, sizeof *out);
  mc_decode_result r = MC_DECODE_NOT_MINE;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    r = decode_jpeg (data, size, out, message);
  else if (size >= 8 && png_sig_cmp (data, 0, 8) == 0)
    r = decode_png (data, size, out, message);
  g_free (ignored);
  return r;
}

mc_decode_result
mc_decode_file (const char *path, mc_raw_image *out, gchar **message)
{
  gchar *data = NULL;
  gsize size = 0;
  GError *error = NULL;
  memset (out, 0, sizeof *out);
  if (!g_file_get_contents (path, &data, &size, &error))
    {
      if (message)
        *message = g_strdup (error->message);
      g_error_free (error);
      return MC_DECODE_FAILED;
    }
  mc_decode_result r = mc_decode_memory ((const guint8 *) data, size, out, message);
  g_free (data);
  return r;
}
