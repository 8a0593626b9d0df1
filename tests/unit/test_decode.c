/* test_decode.c: plugin/decode.c alone. Whole JPEGs and PNGs decode to the right pixels; files
 * damaged the ways issue 9 lists (cut short, compressed data overwritten, a changed IDAT byte,
 * not an image, empty) give MC_DECODE_DAMAGED with the decoder's message or MC_DECODE_NOT_MINE,
 * never a measurement and never an exit; CMYK JPEGs (plain and Adobe-inverted) come out R'G'B'. */
#include "mc_decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#define W 64
#define H 48

/* A smooth colour picture whose right answer is known: JPEG keeps it within a few levels. */
static void
make_rgb (guint8 *rgb)
{
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        guint8 *p = rgb + 3 * (y * W + x);
        p[0] = (guint8) (40 + 3 * x);
        p[1] = (guint8) (60 + 2 * y);
        p[2] = (guint8) (200 - 2 * x);
      }
}

/* Encodes W x H pixels of n components in colour space cs as a JPEG; adobe_inverted stores CMYK
 * inks inverted behind an Adobe marker, as Photoshop does. */
static guint8 *
encode_jpeg (const guint8 *pixels, int n, J_COLOR_SPACE cs, gboolean adobe, size_t *size)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr e;
  unsigned char *out = NULL;
  unsigned long out_size = 0;
  c.err = jpeg_std_error (&e);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &out, &out_size);
  c.image_width = W;
  c.image_height = H;
  c.input_components = n;
  c.in_color_space = cs;
  jpeg_set_defaults (&c);
  if (cs == JCS_CMYK)
    jpeg_set_colorspace (&c, JCS_CMYK);
  c.write_Adobe_marker = adobe;
  jpeg_set_quality (&c, 98, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < H)
    {
      JSAMPROW row = (JSAMPROW) pixels + (size_t) c.next_scanline * W * n;
      jpeg_write_scanlines (&c, &row, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  guint8 *copy = g_memdup2 (out, out_size);
  free (out);
  *size = out_size;
  return copy;
}

/* libjpeg's own RGB decode of a JPEG: the reference for decode.c's pixels. */
static guint8 *
reference_rgb (const guint8 *data, size_t size)
{
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr e;
  d.err = jpeg_std_error (&e);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, data, size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = JCS_RGB;
  d.dct_method = JDCT_FLOAT; /* as decode.c and GEGL's loader */
  jpeg_start_decompress (&d);
  guint8 *rgb = g_malloc ((size_t) W * H * 3);
  while (d.output_scanline < H)
    {
      JSAMPROW row = rgb + (size_t) d.output_scanline * W * 3;
      jpeg_read_scanlines (&d, &row, 1);
    }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  return rgb;
}

typedef struct
{
  GByteArray *bytes;
} png_sink;

static void
png_write_bytes (png_structp png, png_bytep data, png_size_t n)
{
  g_byte_array_append (((png_sink *) png_get_io_ptr (png))->bytes, data, (guint) n);
}

static void
png_flush_nothing (png_structp png)
{
  (void) png;
}

/* Encodes W x H R'G'B' (bits 8) as a PNG, interlaced when asked. */
static GByteArray *
encode_png (const guint8 *rgb, gboolean interlaced)
{
  png_sink sink = { g_byte_array_new () };
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  png_set_write_fn (png, &sink, png_write_bytes, png_flush_nothing);
  png_set_IHDR (png, info, W, H, 8, PNG_COLOR_TYPE_RGB,
                interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  int passes = png_set_interlace_handling (png); /* 7 for Adam7: every row once a pass */
  for (int pass = 0; pass < passes; pass++)
    for (int y = 0; y < H; y++)
      png_write_row (png, rgb + (size_t) y * W * 3);
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return sink.bytes;
}

static mc_decode_result
decode (const guint8 *data, size_t size, mc_raw_image *img, gchar **message)
{
  *message = NULL;
  return mc_decode_memory (data, size, img, message);
}

static int
max_difference (const guint8 *a, const guint8 *b, size_t n)
{
  int worst = 0;
  for (size_t i = 0; i < n; i++)
    worst = MAX (worst, abs ((int) a[i] - (int) b[i]));
  return worst;
}

static void
test_jpeg_whole (void)
{
  guint8 rgb[W * H * 3];
  make_rgb (rgb);
  size_t size;
  guint8 *jpeg = encode_jpeg (rgb, 3, JCS_RGB, FALSE, &size);
  mc_raw_image img;
  gchar *message;
  g_assert_cmpint (decode (jpeg, size, &img, &message), ==, MC_DECODE_OK);
  g_assert_null (message);
  g_assert_cmpint (img.width, ==, W);
  g_assert_cmpint (img.height, ==, H);
  g_assert_cmpint (img.n_components, ==, 3);
  g_assert_cmpint (img.bits, ==, 8);
  guint8 *want = reference_rgb (jpeg, size);
  g_assert_cmpmem (img.pixels, W * H * 3, want, W * H * 3);
  g_free (want);
  mc_raw_image_clear (&img);
  g_free (jpeg);
}

static void
test_jpeg_grey (void)
{
  guint8 grey[W * H];
  for (int i = 0; i < W * H; i++)
    grey[i] = (guint8) (i % 251);
  size_t size;
  guint8 *jpeg = encode_jpeg (grey, 1, JCS_GRAYSCALE, FALSE, &size);
  mc_raw_image img;
  gchar *message;
  g_assert_cmpint (decode (jpeg, size, &img, &message), ==, MC_DECODE_OK);
  g_assert_cmpint (img.n_components, ==, 1);
  mc_raw_image_clear (&img);
  g_free (jpeg);
}

/* CMYK made from R'G'B' with K = 0 (C = 255 - R ...): the decoded colours are the original's
 * within JPEG's loss, for plain inks and for Adobe's inverted ones. */
static void
check_cmyk (gboolean adobe)
{
  guint8 rgb[W * H * 3], cmyk[W * H * 4];
  make_rgb (rgb);
  for (int i = 0; i < W * H; i++)
    {
      for (int c = 0; c < 3; c++)
        cmyk[4 * i + c] = adobe ? rgb[3 * i + c] : (guint8) (255 - rgb[3 * i + c]);
      cmyk[4 * i + 3] = adobe ? 255 : 0;
    }
  size_t size;
  guint8 *jpeg = encode_jpeg (cmyk, 4, JCS_CMYK, adobe, &size);
  mc_raw_image img;
  gchar *message;
  g_assert_cmpint (decode (jpeg, size, &img, &message), ==, MC_DECODE_OK);
  g_assert_cmpint (img.n_components, ==, 3);
  g_assert_cmpint (max_difference (img.pixels, rgb, W * H * 3), <=, 4);
  mc_raw_image_clear (&img);
  g_free (jpeg);
}

static void
test_jpeg_cmyk (void)
{
  check_cmyk (FALSE);
}

static void
test_jpeg_cmyk_adobe (void)
{
  check_cmyk (TRUE);
}

static void
expect_damaged (const guint8 *data, size_t size)
{
  mc_raw_image img;
  gchar *message;
  g_assert_cmpint (decode (data, size, &img, &message), ==, MC_DECODE_DAMAGED);
  g_assert_nonnull (message);
  g_assert_cmpuint (strlen (message), >, 0);
  g_assert_null (img.pixels);
  g_free (message);
}

static void
test_jpeg_damaged (void)
{
  guint8 rgb[W * H * 3];
  make_rgb (rgb);
  size_t size;
  guint8 *jpeg = encode_jpeg (rgb, 3, JCS_RGB, FALSE, &size);
  expect_damaged (jpeg, size / 2); /* cut short */
  expect_damaged (jpeg, size - 2); /* no end-of-image marker */
  size_t sos = 0;
  for (size_t i = 0; i + 1 < size; i++)
    if (jpeg[i] == 0xff && jpeg[i + 1] == 0xda)
      sos = i;
  g_assert_cmpuint (sos, >, 0);
  /* Compressed data overwritten with random bytes, as a bad sector would: they hold stray
   * markers and invalid codes, which libjpeg reports as corrupt data. */
  guint8 *over = g_memdup2 (jpeg, size);
  GRand *rand = g_rand_new_with_seed (9);
  for (size_t i = sos + 40; i < sos + 440 && i < size - 2; i++)
    over[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  /* JPEG has no checksum: random bits without a marker can decode to a wrong picture with no
   * word from libjpeg (this small file does, in ImageMagick too). A stray marker in the data, as
   * overwritten sectors of real files hold, is what libjpeg reports. */
  over[sos + 100] = 0xff;
  over[sos + 101] = 0x99;
  expect_damaged (over, size);
  g_free (over);
  g_free (jpeg);
}

static void
test_png_whole (void)
{
  guint8 rgb[W * H * 3];
  make_rgb (rgb);
  for (int interlaced = 0; interlaced < 2; interlaced++)
    {
      GByteArray *png = encode_png (rgb, interlaced);
      mc_raw_image img;
      gchar *message;
      g_assert_cmpint (decode (png->data, png->len, &img, &message), ==, MC_DECODE_OK);
      g_assert_cmpint (img.n_components, ==, 3);
      g_assert_cmpint (img.bits, ==, 8);
      g_assert_cmpmem (img.pixels, W * H * 3, rgb, W * H * 3);
      mc_raw_image_clear (&img);
      g_byte_array_unref (png);
    }
}

static void
test_png_damaged (void)
{
  guint8 rgb[W * H * 3];
  make_rgb (rgb);
  GByteArray *png = encode_png (rgb, FALSE);
  expect_damaged (png->data, png->len / 2); /* cut in half */
  expect_damaged (png->data, png->len - 12); /* no IEND */
  guint8 *bad = g_memdup2 (png->data, png->len);
  guint8 *idat = memmem (bad, png->len, "IDAT", 4);
  g_assert_nonnull (idat);
  idat[20] ^= 0x55; /* a byte of the compressed data: the chunk's CRC no longer matches */
  expect_damaged (bad, png->len);
  g_free (bad);
  g_byte_array_unref (png);
}

static void
test_not_an_image (void)
{
  mc_raw_image img;
  gchar *message;
  const char *text = "this is not an image\n";
  g_assert_cmpint (decode ((const guint8 *) text, strlen (text), &img, &message), ==,
                   MC_DECODE_NOT_MINE);
  g_assert_cmpint (decode ((const guint8 *) "", 0, &img, &message), ==, MC_DECODE_NOT_MINE);
}

static void
test_too_large (void)
{
  guint8 rgb[W * H * 3];
  make_rgb (rgb);
  GByteArray *png = encode_png (rgb, FALSE);
  mc_decode_set_max_pixels (W * H - 1);
  mc_raw_image img;
  gchar *message;
  g_assert_cmpint (decode (png->data, png->len, &img, &message), ==, MC_DECODE_FAILED);
  g_assert_nonnull (message);
  g_free (message);
  mc_decode_set_max_pixels ((size_t) 1 << 28);
  g_byte_array_unref (png);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decode/jpeg-whole", test_jpeg_whole);
  g_test_add_func ("/decode/jpeg-grey", test_jpeg_grey);
  g_test_add_func ("/decode/jpeg-cmyk", test_jpeg_cmyk);
  g_test_add_func ("/decode/jpeg-cmyk-adobe", test_jpeg_cmyk_adobe);
  g_test_add_func ("/decode/jpeg-damaged", test_jpeg_damaged);
  g_test_add_func ("/decode/png-whole", test_png_whole);
  g_test_add_func ("/decode/png-damaged", test_png_damaged);
  g_test_add_func ("/decode/not-an-image", test_not_an_image);
  g_test_add_func ("/decode/too-large", test_too_large);
  return g_test_run ();
}
