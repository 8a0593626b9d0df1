/* aug_erase.c: random erasing (Zhong et al., 2017, as torchvision's RandomErasing): a rectangle
 * of a given share of the image filled with uniform noise. Its shape and place come from three
 * uniforms the plan drew from the seed; the noise of each pixel from a counter-based generator
 * keyed by (seed, stream, x, y), so it does not depend on how rows are split among threads. */
#include "mc_augment.h"

#include "mc_rng.h"

#include <math.h>

#define ROW_BLOCK 16
#define MIN_ASPECT (1.0 / 3.0) /* width / height, log-uniform in [1/3, 3] */

static int
clamp_int (long v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : (int) v;
}

mc_aug_rect
mc_aug_erase_rect (int width, int height, double fraction, const double u[3])
{
  mc_aug_rect rect = { 0, 0, 0, 0 };
  double area = fraction * (double) width * (double) height;
  if (!(area >= 0.5) || width < 1 || height < 1)
    return rect; /* less than one pixel (or NaN): nothing to erase */
  double aspect = exp (log (MIN_ASPECT) * (1.0 - 2.0 * u[0]));
  /* Height from the aspect, then the width that brings the area closest to the target; when
   * that is wider than the image, the full width and the height that fits the area. */
  rect.height = clamp_int (lround (sqrt (area / aspect)), 1, height);
  long w = lround (area / rect.height);
  if (w > width)
    {
      rect.width = width;
      rect.height = clamp_int (lround (area / width), 1, height);
    }
  else
    rect.width = clamp_int (w, 1, width);
  rect.x = clamp_int ((long) floor (u[1] * (width - rect.width + 1)), 0, width - rect.width);
  rect.y = clamp_int ((long) floor (u[2] * (height - rect.height + 1)), 0, height - rect.height);
  return rect;
}

typedef struct
{
  float *rgba;
  int width;
  mc_aug_rect rect;
  uint32_t seed;
  uint64_t stream;
} erase_job;

static void
erase_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const erase_job *j = ctx;
  const float scale = 1.0f / 2097152.0f; /* 2^-21: three 21-bit uniforms from 64 bits */
  for (size_t row = begin; row < end; row++)
    {
      uint64_t y = (uint64_t) j->rect.y + row;
      for (int i = 0; i < j->rect.width; i++)
        {
          uint64_t x = (uint64_t) (j->rect.x + i);
          uint64_t bits = mc_rand_u64 (j->seed, j->stream, (y << 32) | x);
          float *p = j->rgba + (y * (uint64_t) j->width + x) * 4;
          p[0] = (float) (bits >> 43) * scale;
          p[1] = (float) ((bits >> 22) & 0x1FFFFF) * scale;
          p[2] = (float) ((bits >> 1) & 0x1FFFFF) * scale;
        }
    }
}

void
mc_aug_erase (float *rgba, int width, int height, mc_aug_rect rect, uint32_t seed,
              uint64_t stream)
{
  /* Keep to the canvas whatever rectangle the caller gives. */
  if (rect.x < 0 || rect.y < 0 || rect.width <= 0 || rect.height <= 0 || rect.x >= width
      || rect.y >= height)
    return;
  if (rect.width > width - rect.x)
    rect.width = width - rect.x;
  if (rect.height > height - rect.y)
    rect.height = height - rect.y;
  erase_job j = { rgba, width, rect, seed, stream };
  mc_parallel_blocks ((size_t) rect.height, ROW_BLOCK, erase_block, &j);
}
