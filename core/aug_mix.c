/* aug_mix.c: blending with another layer (a "mixup" of two images), in place. The other layer is
 * read at the same pixel coordinates, top-left corners together, and counts as transparent
 * outside its own extent, so layers of any size can be mixed. Colours are mixed premultiplied by
 * their alphas, so a transparent pixel lends no colour. */
#include "mc_augment.h"

#define ROW_BLOCK 16

typedef struct
{
  float *rgba;
  int width;
  const float *other;
  int other_width, other_height;
  float alpha;
} mix_job;

static inline void
mix_pixel (float *p, const float *q, float t)
{
  float s = 1.0f - t;
  if (p[3] == q[3])
    {
      /* Equal alphas (every pixel of two opaque layers): a plain lerp, exact at t = 0 and 1. */
      for (int c = 0; c < 3; c++)
        p[c] = s * p[c] + t * q[c];
      return;
    }
  float pa = s * p[3], qa = t * q[3];
  float a = pa + qa;
  if (a > 0.0f)
    for (int c = 0; c < 3; c++)
      {
        float v = (pa * p[c] + qa * q[c]) / a;
        p[c] = v > 1.0f ? 1.0f : v;
      }
  p[3] = a > 1.0f ? 1.0f : a;
}

static void
mix_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const mix_job *j = ctx;
  static const float transparent[4] = { 0, 0, 0, 0 };
  for (size_t y = begin; y < end; y++)
    for (int x = 0; x < j->width; x++)
      {
        const float *q = transparent;
        if ((int) y < j->other_height && x < j->other_width)
          q = j->other + ((size_t) y * (size_t) j->other_width + (size_t) x) * 4;
        mix_pixel (j->rgba + (y * (size_t) j->width + (size_t) x) * 4, q, j->alpha);
      }
}

void
mc_aug_mix (float *rgba, int width, int height, const float *other, int other_width,
            int other_height, double alpha)
{
  if (alpha <= 0.0 || width < 1 || height < 1)
    return; /* alpha 0: the layer as it is, bit for bit */
  if (!other || other_width < 1 || other_height < 1)
    other_width = other_height = 0;
  mix_job j = { rgba, width, other, other_width, other_height, alpha > 1.0 ? 1.0f : (float) alpha };
  mc_parallel_blocks ((size_t) height, ROW_BLOCK, mix_block, &j);
}
