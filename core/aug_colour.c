/* aug_colour.c: the photometric augmentations on R'G'B'A float pixels, in place: brightness
 * (an offset), contrast (a factor about mid-grey), saturation (a factor about the pixel's luma)
 * and hue (a turn of the HSV hue circle). Alpha is never touched; results are clamped to [0, 1].
 * Each is pointwise, so any split into blocks gives the same bits. */
#include "mc_augment.h"

#include <math.h>

#define PIXEL_BLOCK 65536

typedef enum
{
  ADJUST_BRIGHTNESS,
  ADJUST_CONTRAST,
  ADJUST_SATURATION,
  ADJUST_HUE
} adjust_kind;

typedef struct
{
  float *rgba;
  adjust_kind kind;
  float amount; /* delta, factor or hue turn in sextants (degrees / 60, in [0, 6)) */
} adjust_job;

static inline float
clamp01 (float v)
{
  return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

/* Turns the hue of one pixel by `turn` sextants (0 < turn < 6). Hue, chroma (max - min) and
 * the minimum are kept, which is HSV's hue rotation written without the divisions by max. */
static inline void
turn_hue (float *p, float turn)
{
  float r = p[0], g = p[1], b = p[2];
  float max = r > g ? (r > b ? r : b) : (g > b ? g : b);
  float min = r < g ? (r < b ? r : b) : (g < b ? g : b);
  float chroma = max - min;
  if (!(chroma > 0.0f))
    return; /* grey: no hue to turn */
  float h; /* in [-1, 5) */
  if (max == r)
    h = (g - b) / chroma;
  else if (max == g)
    h = (b - r) / chroma + 2.0f;
  else
    h = (r - g) / chroma + 4.0f;
  h += turn; /* in [-1, 11) */
  if (h >= 6.0f)
    h -= 6.0f;
  if (h < 0.0f)
    h += 6.0f;
  int sextant = (int) h;
  if (sextant > 5)
    sextant = 5; /* h just below 6 rounded up */
  /* x = chroma (1 - |h mod 2 - 1|): the middle component rises and falls across sextants. */
  float x = chroma * (1.0f - fabsf (h - (float) (sextant & ~1) - 1.0f));
  float rgb[6][3] = { { chroma, x, 0 }, { x, chroma, 0 }, { 0, chroma, x },
                      { 0, x, chroma }, { x, 0, chroma }, { chroma, 0, x } };
  p[0] = clamp01 (rgb[sextant][0] + min);
  p[1] = clamp01 (rgb[sextant][1] + min);
  p[2] = clamp01 (rgb[sextant][2] + min);
}

/* One loop per kind, so each simple one compiles to straight vector code. */
static void
adjust_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const adjust_job *j = ctx;
  const float a = j->amount;
  float *restrict px = j->rgba;
  switch (j->kind)
    {
    case ADJUST_BRIGHTNESS:
      for (size_t i = begin; i < end; i++)
        for (int c = 0; c < 3; c++)
          px[i * 4 + c] = clamp01 (px[i * 4 + c] + a);
      break;
    case ADJUST_CONTRAST:
      for (size_t i = begin; i < end; i++)
        for (int c = 0; c < 3; c++)
          px[i * 4 + c] = clamp01 (0.5f + a * (px[i * 4 + c] - 0.5f));
      break;
    case ADJUST_SATURATION:
      for (size_t i = begin; i < end; i++)
        {
          float *p = px + i * 4;
          float grey = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
          for (int c = 0; c < 3; c++)
            p[c] = clamp01 (grey + a * (p[c] - grey));
        }
      break;
    case ADJUST_HUE:
      for (size_t i = begin; i < end; i++)
        turn_hue (px + i * 4, a);
      break;
    }
}

static void
adjust (float *rgba, size_t n, adjust_kind kind, float amount)
{
  adjust_job j = { rgba, kind, amount };
  mc_parallel_blocks (n, PIXEL_BLOCK, adjust_block, &j);
}

void
mc_aug_brightness (float *rgba, size_t n, double delta)
{
  if (delta != 0.0)
    adjust (rgba, n, ADJUST_BRIGHTNESS, (float) delta);
}

void
mc_aug_contrast (float *rgba, size_t n, double factor)
{
  /* A factor of 1 is the identity; skipping it keeps the pixels bit for bit. */
  if (factor != 1.0)
    adjust (rgba, n, ADJUST_CONTRAST, (float) factor);
}

void
mc_aug_saturation (float *rgba, size_t n, double factor)
{
  if (factor != 1.0)
    adjust (rgba, n, ADJUST_SATURATION, (float) factor);
}

void
mc_aug_hue (float *rgba, size_t n, double degrees)
{
  double turn = fmod (degrees, 360.0);
  if (turn < 0)
    turn += 360.0;
  if (turn == 0.0 || turn >= 360.0)
    return;
  adjust (rgba, n, ADJUST_HUE, (float) (turn / 60.0));
}
