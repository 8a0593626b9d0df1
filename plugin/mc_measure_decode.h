/* mc_measure_decode.h: decoding the input files of the batch procedures into the core's R'G'B'
 * floats, safely (JPEG and PNG through libjpeg and libpng with their own error reporting: a
 * damaged file is an error, never a measurement) and quickly (8-bit files are read as bytes and
 * turned into floats through a table, and can be kept as bytes between the two passes of joint
 * mode instead of being decoded again). */
#ifndef MC_MEASURE_DECODE_H
#define MC_MEASURE_DECODE_H

#include <gegl.h>
#include <glib.h>
#include <stdint.h>

#include "mc_decode.h"

/* A decoded image as the core takes it, in buffers that are reused from one image to the next:
 * first touches of fresh memory are slow (page faults cost about 40 us a page on the project's
 * machine, 0.9 s for a 7 MP image's floats), so a batch allocates them once, at its largest
 * image. Zero it before first use; free with mc_decoded_clear. */
typedef struct
{
  gint width, height;
  float *rgb;      /* width*height*3 R'G'B' in [0, 1] */
  uint8_t *valid;  /* width*height: 1 where alpha > 0 */
  uint8_t *mask;   /* width*height, for the caller's segmentation */
  size_t capacity; /* pixels that rgb, valid and mask can hold */
  guint8 *scratch; /* the bytes of an 8-bit image that is not kept */
  size_t scratch_size;
} mc_decoded;

/* An 8-bit image kept as bytes; mc_decoded_from_packed turns them into floats through one table
 * shared by every image (v / 255, as mc_pixels_from_u8 gives it). */
typedef struct
{
  gint width, height;
  gint n_components; /* 1 = Y', 2 = Y'A, 3 = R'G'B', 4 = R'G'B'A */
  guint8 *bytes;     /* width*height*n_components, or NULL when nothing is kept */
} mc_packed_image;

/* Decodes path into d (whose buffers are reused or grown). When keep is not NULL and the file is
 * 8-bit sRGB, its bytes are also left in *keep (freed with mc_packed_clear) for
 * mc_decoded_from_packed; otherwise keep->bytes is NULL. FALSE with a message naming the file in
 * *error (g_free) when it cannot be read, is not an image, or does not fit in memory. The floats
 * are bit-identical to those of a GEGL load read as "R'G'B'A float". */
gboolean mc_decode_image_file (const char *path, mc_decoded *d, mc_packed_image *keep,
                               gchar **error);
/* The image kept by mc_decode_image_file, as floats again. FALSE when memory runs out. */
gboolean mc_decoded_from_packed (const mc_packed_image *packed, mc_decoded *d);

void mc_decoded_clear (mc_decoded *d);
void mc_packed_clear (mc_packed_image *p);

/* The error of a damaged file starts with this ("damaged \u2014 Premature end of JPEG file"): the
 * batch procedures write it after "error: " in their CSV rows. */
#define MC_DAMAGED_PREFIX "damaged \u2014 "

/* Checks that path is a readable regular file (a dangling link, a folder or an unreadable entry
 * gets its own reason) and decodes it if it is a JPEG or a PNG (mc_decode.h). MC_DECODE_OK: *raw
 * holds it. MC_DECODE_NOT_MINE: another format, for mc_load_other. Otherwise *error (g_free)
 * says why: MC_DAMAGED_PREFIX and the decoder's words for a damaged file. */
mc_decode_result mc_load_raw (const char *path, mc_raw_image *raw, gchar **error);
/* babl's format of a decoded image ("R'G'B' u8", "Y'A u16", ...). */
const Babl *mc_raw_format (const mc_raw_image *raw);
/* A file of another format through GEGL's loaders; NULL with *error when it cannot. */
GeglBuffer *mc_load_other (const char *path, gchar **error);

#endif
