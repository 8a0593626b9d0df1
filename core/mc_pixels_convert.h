/* mc_pixels_convert.h: exact conversions to and from integer pixels, for the decoders (8- and
 * 16-bit files to R'G'B'A float) and the encoders (float to 8-bit).
 *
 * babl, which GEGL converts pixels with, chooses among conversion paths that differ in their
 * rounding by timing each candidate once on a test buffer (and forgets its cached choices at
 * random, 1 in 100 per run), so the same pixels can convert to other bits under machine load.
 * These conversions have one definition each: code that must give the same bits for the same
 * seed (the files the batch procedures read and write) converts with them, and hands GEGL
 * buffers in their own format, which babl copies unchanged. */
#ifndef MC_PIXELS_CONVERT_H
#define MC_PIXELS_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* v / 255 (u8) or v / 65535 (u16), computed in double and rounded to float, for n pixels of
 * `components` integers each (1 Y', 2 Y'A, 3 R'G'B', 4 R'G'B'A) into R'G'B'A float: grey goes to
 * R, G and B, and alpha is 1 when absent. Returns 0 (and writes nothing) for another number of
 * components. */
int mc_pixels_from_u8 (const uint8_t *src, int components, size_t n, float *rgba);
int mc_pixels_from_u16 (const uint16_t *src, int components, size_t n, float *rgba);
/* The 256 floats of mc_pixels_from_u8: table[v] = v / 255 as it converts them. */
void mc_pixels_u8_table (float table[256]);
/* R'G'B'A float to R'G'B'A u8: round (v * 255) with halves up, after clamping to [0, 1]; NaN
 * gives 0. */
void mc_pixels_to_u8 (const float *rgba, size_t n, uint8_t *dst);

#ifdef __cplusplus
}
#endif
#endif
