/* mc_decode.h: decoding JPEG and PNG files through libjpeg-turbo and libpng, with their own error
 * reporting, so that a damaged file is told from a whole one and no input ends the process.
 *
 * Depends on GLib, libjpeg and libpng only (no GEGL, no GIMP), so that the fuzz targets can link
 * it alone. Other formats are not handled here (MC_DECODE_NOT_MINE): the callers hand them to GEGL.
 *
 * What counts as damaged: every libjpeg warning (corrupt compressed data, premature end of file,
 * extraneous bytes) and every libjpeg error after the start-of-image marker; every libpng warning
 * and error after a valid signature, including a file that ends before IEND. The message is the
 * decoder's own text, but for a PNG that ends early or whose chunk claims more bytes than the
 * file holds, which is found before libpng reads it and worded by decode.c (libpng has no words
 * of its own for it). */
#ifndef MC_DECODE_H
#define MC_DECODE_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef enum
{
  MC_DECODE_OK,       /* whole: *out holds the image */
  MC_DECODE_NOT_MINE, /* neither a JPEG nor a PNG by its first bytes: try another decoder */
  MC_DECODE_DAMAGED,  /* a JPEG or PNG that its decoder reported damaged; *message says how */
  MC_DECODE_FAILED    /* whole but not decodable here (too large, unsupported variant, memory) */
} mc_decode_result;

/* A decoded image: 8-bit (bits = 8, one byte a sample) or 16-bit (bits = 16, one native-endian
 * guint16 a sample) samples, n_components of them a pixel: 1 = Y', 2 = Y'A, 3 = R'G'B',
 * 4 = R'G'B'A (gamma-encoded, as stored: no colour management). CMYK JPEGs (also Adobe's
 * inverted ones) come out as R'G'B'. Rows are packed (stride = width * n_components * bits/8). */
typedef struct
{
  gint width, height;
  gint n_components;
  gint bits;
  guint8 *pixels; /* g_free, or mc_raw_image_clear */
} mc_raw_image;

/* The largest image decoded, in pixels (default 1 << 28, about 268 MP); larger ones give
 * MC_DECODE_FAILED before any pixel memory is taken. The fuzz targets set it lower. */
void mc_decode_set_max_pixels (size_t max_pixels);

/* Decodes size bytes at data. On MC_DECODE_OK *out is filled (free with mc_raw_image_clear);
 * otherwise *out is zeroed and, unless the result is MC_DECODE_NOT_MINE, *message holds the reason
 * (g_free; without the file's name, e.g. "Premature end of JPEG file"). message may be NULL. */
mc_decode_result mc_decode_memory (const guint8 *data, size_t size, mc_raw_image *out,
                                   gchar **message);

/* The same for a file: reads it whole and decodes it. A file that cannot be read gives
 * MC_DECODE_FAILED with the system's reason. */
mc_decode_result mc_decode_file (const char *path, mc_raw_image *out, gchar **message);

void mc_raw_image_clear (mc_raw_image *img);

#endif
