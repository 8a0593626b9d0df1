/* pixels_convert.c: the exact conversions between integer pixels and R'G'B'A float
 * (mc_pixels_convert.h), in parallel blocks of pixels. */
#include "mc_pixels_convert.h"
#include "mc_common.h"

#define CONVERT_BLOCK 65536 /* pixels per parallel block */

typedef struct
{
  const void *src;
  int components, wide; /* wide: 16-bit source */
  float *rgba;
  uint8_t *dst;
  const float *lut; /* 256 entries for 8-bit sources */
} convert_job;

static void
from_int_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const convert_job *j = ctx;
  const int nc = j->components;
  for (size_t i = begin; i < end; i++)
    {
      float v[4] = { 0.0f, 0.0f, 0.0f, 0.0f };
      for (int c = 0; c < nc; c++)
        v[c] = j->wide ? (float) (((const uint16_t *) j->src)[i * nc + c] / 65535.0)
                       : j->lut[((const uint8_t *) j->src)[i * nc + c]];
      float *out = j->rgba + i * 4;
      if (nc <= 2)
        {
          out[0] = out[1] = out[2] = v[0];
          out[3] = nc == 2 ? v[1] : 1.0f;
        }
      else
        {
          out[0] = v[0];
          out[1] = v[1];
          out[2] = v[2];
          out[3] = nc == 4 ? v[3] : 1.0f;
        }
    }
}

static int
from_int (const void *src, int wide, int components, size_t n, float *rgba)
{
  if (components < 1 || components > 4 || (n && (!src || !rgba)))
    return 0;
  float lut[256];
  for (int v = 0; v < 256; v++)
    lut[v] = (float) (v / 255.0); /* exact in double, then rounded once to float */
  convert_job j = { src, components, wide, rgba, NULL, lut };
  mc_parallel_blocks (n, CONVERT_BLOCK, from_int_block, &j);
  return 1;
}

int
mc_pixels_from_u8 (const uint8_t *src, int components, size_t n, float *rgba)
{
  return from_int (src, 0, components, n, rgba);
}

int
mc_pixels_from_u16 (const uint16_t *src, int components, size_t n, float *rgba)
{
  return from_int (src, 1, components, n, rgba);
}

static void
to_u8_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const convert_job *j = ctx;
  const float *in = j->src;
  for (size_t i = begin * 4; i < end * 4; i++)
    {
      float v = in[i];
      /* v * 255 is exact in double (24 + 8 bits), so + 0.5 and truncation round halves up. */
      j->dst[i] = v >= 1.0f ? 255 : v > 0.0f ? (uint8_t) ((double) v * 255.0 + 0.5) : 0;
    }
}

void
mc_pixels_to_u8 (const float *rgba, size_t n, uint8_t *dst)
{
  if (!n || !rgba || !dst)
    return;
  convert_job j = { rgba, 4, 0, NULL, dst, NULL };
  mc_parallel_blocks (n, CONVERT_BLOCK, to_u8_block, &j);
}

void
mc_pixels_u8_table (float table[256])
{
  uint8_t ramp[256];
  float rgba[256 * 4];
  for (int v = 0; v < 256; v++)
    ramp[v] = (uint8_t) v;
  mc_pixels_from_u8 (ramp, 1, 256, rgba);
  for (int v = 0; v < 256; v++)
    table[v] = rgba[4 * v];
}
