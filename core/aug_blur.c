/* aug_blur.c: Gaussian blur of RGBA float images, matching scipy.ndimage.gaussian_filter as
 * skimage.filters.gaussian calls it (mode 'nearest', truncate 4.0): the same sampled, normalised
 * kernel, applied down the columns and then along the rows.
 *
 * Speed: each parallel band of rows does both passes while its rows are in cache (the column
 * pass strip by strip); the kernel is symmetric, so each tap pair costs one multiply; the inner
 * loops sum fixed strips of 16 floats in registers, which the compiler turns into SSE, and into
 * AVX2 in a clone picked at run time on x86-64. Every output value is summed in the same order
 * whatever the thread count or the clone, so the bits never change. */
#include "mc_augment.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define TRUNCATE 4.0
#define ROW_BLOCK 16  /* output rows per parallel block: a band done in both passes */
#define CHUNK 1024    /* floats per inner run: the 2r+1 input runs of a chunk stay in L1/L2 */

typedef struct
{
  const float *src;
  float *dst;
  size_t width, height;
  int radius;
  const float *weight; /* radius + 1 taps: weight[k] for offsets +-k */
  int translucent;     /* some alpha < 1: blur premultiplied by alpha */
  atomic_int failed;   /* a block could not get its scratch memory */
} blur_job;

/* scipy's _gaussian_kernel1d: exp(-x^2 / 2 sigma^2) on -r..r, normalised to sum 1. */
static float *
gaussian_weights (double sigma, int radius)
{
  float *w = malloc ((size_t) (radius + 1) * sizeof *w);
  double *phi = malloc ((size_t) (2 * radius + 1) * sizeof *phi);
  if (!w || !phi)
    {
      free (w);
      free (phi);
      return NULL;
    }
  double sum = 0;
  for (int x = -radius; x <= radius; x++)
    sum += phi[x + radius] = exp (-0.5 / (sigma * sigma) * (double) x * x);
  for (int k = 0; k <= radius; k++)
    w[k] = (float) (phi[radius + k] / sum);
  free (phi);
  return w;
}

/* x86-64 builds carry an AVX2 copy of the inner loops, chosen at load time when the CPU has it;
 * it does the same operations in the same order (no FMA), so results are identical. */
#if defined(__x86_64__) && defined(__ELF__) && (defined(__GNUC__) || defined(__clang__))
#define MC_SIMD_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define MC_SIMD_CLONES
#endif
/* The loops below must be compiled inside each clone (and once per premultiply setting). */
#if defined(__GNUC__) || defined(__clang__)
#define MC_ALWAYS_INLINE inline __attribute__ ((always_inline))
#else
#define MC_ALWAYS_INLINE inline
#endif

#define STRIP 16 /* floats (4 pixels) whose sums stay in registers across all taps */

/* Pixel value p[j] (j within a pixel's 4 floats), premultiplied by the pixel's alpha when
 * asked; alpha itself stays. */
static MC_ALWAYS_INLINE float
tap (const float *p, size_t j, int premultiply)
{
  return premultiply && (j & 3) != 3 ? p[j] * p[j | 3] : p[j];
}

/* out[i] = w0 c[i] + sum_k w_k (lo[k][i] + hi[k][i]) for i < len (a multiple of 4), with every
 * input pixel premultiplied by its alpha first when asked. Each strip of 16 floats is summed over
 * every tap before it is stored, so the sums stay in registers; the fixed strip length lets the
 * compiler use whole vectors. Inputs are read straight from memory: copying them to a local
 * array first would stall on store forwarding. */
static MC_ALWAYS_INLINE void
fir_strips (float *restrict out, const float *restrict centre, const float *const *lo,
            const float *const *hi, const float *weight, int radius, size_t len, int premultiply)
{
  float w0 = weight[0];
  size_t i = 0;
  for (; i + STRIP <= len; i += STRIP)
    {
      float acc[STRIP];
      const float *c = centre + i;
      for (size_t j = 0; j < STRIP; j++)
        acc[j] = w0 * tap (c, j, premultiply);
      for (int k = 1; k <= radius; k++)
        {
          const float *restrict a = lo[k] + i;
          const float *restrict b = hi[k] + i;
          float wk = weight[k];
          for (size_t j = 0; j < STRIP; j++)
            acc[j] += wk * (tap (a, j, premultiply) + tap (b, j, premultiply));
        }
      for (size_t j = 0; j < STRIP; j++)
        out[i + j] = acc[j];
    }
  for (; i < len; i += 4) /* the last pixels of a row, one at a time, the same sums */
    {
      float acc[4];
      for (size_t j = 0; j < 4; j++)
        acc[j] = w0 * tap (centre + i, j, premultiply);
      for (int k = 1; k <= radius; k++)
        for (size_t j = 0; j < 4; j++)
          acc[j] += weight[k] * (tap (lo[k] + i, j, premultiply) + tap (hi[k] + i, j, premultiply));
      for (size_t j = 0; j < 4; j++)
        out[i + j] = acc[j];
    }
}

MC_SIMD_CLONES static void
symmetric_fir (float *restrict out, const float *restrict centre, const float *const *lo,
               const float *const *hi, const float *weight, int radius, size_t len)
{
  fir_strips (out, centre, lo, hi, weight, radius, len, 0);
}

MC_SIMD_CLONES static void
symmetric_fir_premultiplied (float *restrict out, const float *restrict centre,
                             const float *const *lo, const float *const *hi, const float *weight,
                             int radius, size_t len)
{
  fir_strips (out, centre, lo, hi, weight, radius, len, 1);
}

/* Columns [x0, x0 + len) of row y of the column pass: rows above and below the image repeat its
 * first and last row. A translucent image is premultiplied as it is read. */
static void
vertical_run (const blur_job *j, size_t y, size_t x0, size_t len, const float **lo,
              const float **hi)
{
  size_t n = j->width * 4;
  for (int k = 1; k <= j->radius; k++)
    {
      size_t up = y >= (size_t) k ? y - (size_t) k : 0;
      size_t down = y + (size_t) k < j->height ? y + (size_t) k : j->height - 1;
      lo[k] = j->src + up * n + x0;
      hi[k] = j->src + down * n + x0;
    }
  float *out = j->dst + y * n + x0;
  const float *centre = j->src + y * n + x0;
  if (j->translucent)
    symmetric_fir_premultiplied (out, centre, lo, hi, j->weight, j->radius, len);
  else
    symmetric_fir (out, centre, lo, hi, j->weight, j->radius, len);
}

/* The row pass, in place on row: a copy padded by radius pixels of the edge values on each side
 * is read, the row written. */
static void
horizontal_row (const blur_job *j, float *row, float *padded, const float **lo, const float **hi)
{
  size_t r = (size_t) j->radius, w = j->width;
  for (size_t i = 0; i < r; i++)
    {
      memcpy (padded + i * 4, row, 4 * sizeof (float));
      memcpy (padded + (r + w + i) * 4, row + (w - 1) * 4, 4 * sizeof (float));
    }
  memcpy (padded + r * 4, row, w * 4 * sizeof (float));
  size_t n = w * 4;
  for (size_t x0 = 0; x0 < n; x0 += CHUNK)
    {
      size_t len = n - x0 < CHUNK ? n - x0 : CHUNK;
      const float *centre = padded + r * 4 + x0;
      for (size_t k = 1; k <= r; k++)
        {
          lo[k] = centre - k * 4;
          hi[k] = centre + k * 4;
        }
      symmetric_fir (row + x0, centre, lo, hi, j->weight, j->radius, len);
    }
}

/* Back from premultiplied: colour = sum / alpha (0 where nothing is left). */
static void
unpremultiply_row (float *row, size_t width)
{
  for (size_t i = 0; i < width; i++)
    {
      float *p = row + i * 4;
      float inv = p[3] > 0 ? 1.0f / p[3] : 0.0f;
      for (int c = 0; c < 3; c++)
        {
          float v = p[c] * inv;
          p[c] = v > 1.0f ? 1.0f : v;
        }
    }
}

static void
blur_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  blur_job *j = ctx;
  size_t r = (size_t) j->radius;
  float *padded = malloc ((j->width + 2 * r) * 4 * sizeof (float));
  const float **taps = malloc (2 * (r + 1) * sizeof *taps);
  if (!padded || !taps)
    {
      atomic_store (&j->failed, 1);
      free (padded);
      free (taps);
      return;
    }
  /* The column pass goes down the band one strip of columns at a time, so the 2r+1 input rows
   * of a strip stay in cache from one output row to the next, however wide the image; then the
   * row pass runs over the band's rows. */
  size_t n = j->width * 4;
  for (size_t x0 = 0; x0 < n; x0 += CHUNK)
    for (size_t y = begin; y < end; y++)
      vertical_run (j, y, x0, n - x0 < CHUNK ? n - x0 : CHUNK, taps, taps + r + 1);
  for (size_t y = begin; y < end; y++)
    {
      horizontal_row (j, j->dst + y * n, padded, taps, taps + r + 1);
      if (j->translucent)
        unpremultiply_row (j->dst + y * n, j->width);
    }
  free (padded);
  free (taps);
}

/* ---- Transparency: blur premultiplied so transparent pixels lend no colour ---------------- */

typedef struct
{
  const float *src;
  atomic_int translucent;
} alpha_job;

static void
find_translucent_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  alpha_job *j = ctx;
  if (atomic_load (&j->translucent))
    return;
  for (size_t i = begin; i < end; i++)
    if (j->src[i * 4 + 3] < 1.0f)
      {
        atomic_store (&j->translucent, 1);
        return;
      }
}

#define PIXEL_BLOCK 65536

mc_status
mc_aug_blur (const float *src, int width, int height, double sigma, float *dst)
{
  if (!src || !dst || width < 1 || height < 1 || !(sigma >= 0 && sigma <= 100))
    return MC_ERR_ARG;
  size_t w = (size_t) width, h = (size_t) height, n = w * h;
  int radius = (int) (TRUNCATE * sigma + 0.5);
  if (radius == 0)
    {
      memcpy (dst, src, n * 4 * sizeof (float));
      return MC_OK;
    }
  float *weight = gaussian_weights (sigma, radius);
  if (!weight)
    return MC_ERR_NOMEM;
  /* Opaque images (the usual case) skip the premultiplication, which would change nothing but
   * the rounding. */
  alpha_job a = { src, 0 };
  mc_parallel_blocks (n, PIXEL_BLOCK, find_translucent_block, &a);
  blur_job j = { src, dst, w, h, radius, weight, atomic_load (&a.translucent), 0 };
  mc_parallel_blocks (h, ROW_BLOCK, blur_block, &j);
  free (weight);
  return atomic_load (&j.failed) ? MC_ERR_NOMEM : MC_OK;
}
