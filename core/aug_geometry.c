/* aug_geometry.c: the geometric augmentations, rotation and flips, for RGBA float images and for
 * byte masks. Rotations by multiples of 90 degrees are index moves (lossless, as np.rot90); any
 * other angle is resampled on the canvas that holds the whole rotated image, as
 * skimage.transform.rotate(resize=True) does: bilinear for pixels, nearest for masks. */
#include "mc_augment.h"

#include <math.h>
#include <string.h>

#define MC_PI 3.14159265358979323846
/* Output rows per parallel block; also the tile height of the 90-degree moves. */
#define ROW_BLOCK 32
#define TILE 64      /* output columns per tile of a free rotation */

/* Angle in [0, 360); quarter turns 0..3 when the angle is a multiple of 90, else -1. */
static int
quarter_turns (double degrees, double *normalised)
{
  double a = fmod (degrees, 360.0);
  if (a < 0)
    a += 360.0;
  if (a >= 360.0)
    a = 0; /* fmod of a tiny negative angle */
  if (normalised)
    *normalised = a;
  if (a == 0.0)
    return 0;
  if (a == 90.0)
    return 1;
  if (a == 180.0)
    return 2;
  if (a == 270.0)
    return 3;
  return -1;
}

void
mc_aug_rotated_size (int width, int height, double degrees, int *out_width, int *out_height)
{
  double a;
  int q = quarter_turns (degrees, &a);
  if (q >= 0)
    {
      *out_width = q % 2 ? height : width;
      *out_height = q % 2 ? width : height;
      return;
    }
  /* The span of the rotated pixel centres plus one pixel, as scikit-image sizes its canvas. */
  double rad = a * (MC_PI / 180.0);
  double c = fabs (cos (rad)), s = fabs (sin (rad));
  *out_width = (int) lround ((width - 1) * c + (height - 1) * s + 1);
  *out_height = (int) lround ((width - 1) * s + (height - 1) * c + 1);
}

/* ---- Quarter turns: pure index moves of elem-byte pixels ---------------------------------- */

typedef struct
{
  const unsigned char *src;
  unsigned char *dst;
  int width, height; /* of the source */
  int quarter;
  size_t elem;       /* bytes per pixel: 16 for RGBA float, 1 for masks */
} quarter_job;

/* Output pixel (xo, yo) takes the source pixel given by np.rot90's index rules. Rows of the
 * output are done ROW_BLOCK at a time, column by column, so that each source row is read as
 * one short contiguous run rather than one pixel per cache line. */
static inline void
quarter_rows (const quarter_job *j, size_t y0, size_t y1, size_t elem)
{
  size_t w = (size_t) j->width, h = (size_t) j->height;
  switch (j->quarter)
    {
    case 0:
      memcpy (j->dst + y0 * w * elem, j->src + y0 * w * elem, (y1 - y0) * w * elem);
      break;
    case 2: /* out[y][x] = in[h-1-y][w-1-x] */
      for (size_t y = y0; y < y1; y++)
        {
          const unsigned char *in = j->src + (h - 1 - y) * w * elem;
          unsigned char *out = j->dst + y * w * elem;
          for (size_t x = 0; x < w; x++)
            memcpy (out + x * elem, in + (w - 1 - x) * elem, elem);
        }
      break;
    case 1: /* 90 CCW, output h wide, w high: out[y][x] = in[x][w-1-y] */
      for (size_t x = 0; x < h; x++)
        {
          const unsigned char *in = j->src + x * w * elem;
          for (size_t y = y0; y < y1; y++)
            memcpy (j->dst + (y * h + x) * elem, in + (w - 1 - y) * elem, elem);
        }
      break;
    case 3: /* 270 CCW: out[y][x] = in[h-1-x][y] */
      for (size_t x = 0; x < h; x++)
        {
          const unsigned char *in = j->src + (h - 1 - x) * w * elem;
          for (size_t y = y0; y < y1; y++)
            memcpy (j->dst + (y * h + x) * elem, in + y * elem, elem);
        }
      break;
    }
}

static void
quarter_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const quarter_job *j = ctx;
  /* Constant element sizes let the compiler turn each memcpy into one move. */
  if (j->elem == 16)
    quarter_rows (j, begin, end, 16);
  else
    quarter_rows (j, begin, end, 1);
}

static void
quarter_turn (const void *src, int width, int height, int quarter, size_t elem, void *dst)
{
  quarter_job j = { src, dst, width, height, quarter, elem };
  size_t out_rows = (size_t) (quarter % 2 ? width : height);
  mc_parallel_blocks (out_rows, ROW_BLOCK, quarter_block, &j);
}

/* ---- Any other angle ---------------------------------------------------------------------- */

typedef struct
{
  const void *src;
  void *dst;
  int width, height, out_width, out_height;
  double cos_a, sin_a;
  double cx_in, cy_in, cx_out, cy_out; /* rotation centres: the middle of each canvas */
} resample_job;

static resample_job
resample_setup (const void *src, int width, int height, double degrees, void *dst)
{
  resample_job j = { src, dst, width, height, 0, 0, 0, 0, 0, 0, 0, 0 };
  mc_aug_rotated_size (width, height, degrees, &j.out_width, &j.out_height);
  double rad = degrees * (MC_PI / 180.0);
  j.cos_a = cos (rad);
  j.sin_a = sin (rad);
  j.cx_in = (width - 1) * 0.5;
  j.cy_in = (height - 1) * 0.5;
  j.cx_out = (j.out_width - 1) * 0.5;
  j.cy_out = (j.out_height - 1) * 0.5;
  return j;
}

/* Source position of output pixel (xo, yo). A counter-clockwise turn on screen (y down) maps
 * source offsets (sx, sy) to (c sx + s sy, -s sx + c sy); this is its inverse. */
static inline void
source_of (const resample_job *j, int xo, int yo, double *sx, double *sy)
{
  double dx = xo - j->cx_out, dy = yo - j->cy_out;
  *sx = j->cos_a * dx - j->sin_a * dy + j->cx_in;
  *sy = j->sin_a * dx + j->cos_a * dy + j->cy_in;
}

/* One output pixel from the up to four source pixels around (sx, sy), premultiplied by alpha so
 * that transparent neighbours (outside the source, or the source's own transparency) lend no
 * colour. x0 = floor(sx), y0 = floor(sy) are in [-1, w-1] x [-1, h-1]. */
static inline void
bilinear_pixel (const float *src, int w, int h, int x0, int y0, float fx, float fy, float *out)
{
  float wt[4] = { (1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy };
  float acc[4] = { 0, 0, 0, 0 };
  int inside = x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h;
  for (int t = 0; t < 4; t++)
    {
      int x = x0 + (t & 1), y = y0 + (t >> 1);
      if (!inside && (x < 0 || y < 0 || x >= w || y >= h))
        continue;
      const float *in = src + ((size_t) y * (size_t) w + (size_t) x) * 4;
      float wa = wt[t] * in[3];
      acc[0] += wa * in[0];
      acc[1] += wa * in[1];
      acc[2] += wa * in[2];
      acc[3] += wa;
    }
  if (acc[3] > 0)
    {
      float inv = 1.0f / acc[3];
      for (int c = 0; c < 3; c++)
        {
          float v = acc[c] * inv;
          out[c] = v > 1.0f ? 1.0f : v;
        }
      out[3] = acc[3] > 1.0f ? 1.0f : acc[3];
    }
  else
    out[0] = out[1] = out[2] = out[3] = 0.0f;
}

static void
bilinear_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const resample_job *j = ctx;
  int w = j->width, h = j->height;
  /* Tiles of the band: a tile's source pixels lie in a few dozen rows, while one whole output
   * row of a turned image crosses hundreds of source rows (a page each on wide images). */
  for (int x_tile = 0; x_tile < j->out_width; x_tile += TILE)
    for (size_t yo = begin; yo < end; yo++)
    for (int xo = x_tile; xo < j->out_width && xo < x_tile + TILE; xo++)
      {
        double sx, sy;
        source_of (j, xo, (int) yo, &sx, &sy);
        float *out = (float *) j->dst + (yo * (size_t) j->out_width + (size_t) xo) * 4;
        if (!(sx > -1.0 && sy > -1.0 && sx < w && sy < h))
          {
            out[0] = out[1] = out[2] = out[3] = 0.0f;
            continue;
          }
        /* floor without a libm call: sx + 1 > 0, so truncation is floor there. */
        int x0 = (int) (sx + 1.0) - 1, y0 = (int) (sy + 1.0) - 1;
        bilinear_pixel (j->src, w, h, x0, y0, (float) (sx - x0), (float) (sy - y0), out);
      }
}

static void
nearest_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const resample_job *j = ctx;
  const uint8_t *src = j->src;
  uint8_t *dst = j->dst;
  for (int x_tile = 0; x_tile < j->out_width; x_tile += TILE)
    for (size_t yo = begin; yo < end; yo++)
    for (int xo = x_tile; xo < j->out_width && xo < x_tile + TILE; xo++)
      {
        double sx, sy;
        source_of (j, xo, (int) yo, &sx, &sy);
        uint8_t v = 0;
        /* Nearest = floor(s + 0.5); inside when s + 0.5 is in [0, size). */
        double px = sx + 0.5, py = sy + 0.5;
        if (px >= 0 && py >= 0 && px < j->width && py < j->height)
          v = src[(size_t) py * (size_t) j->width + (size_t) px];
        dst[yo * (size_t) j->out_width + (size_t) xo] = v;
      }
}

void
mc_aug_rotate (const float *src, int width, int height, double degrees, float *dst)
{
  int q = quarter_turns (degrees, NULL);
  if (q >= 0)
    {
      quarter_turn (src, width, height, q, 4 * sizeof (float), dst);
      return;
    }
  resample_job j = resample_setup (src, width, height, degrees, dst);
  mc_parallel_blocks ((size_t) j.out_height, ROW_BLOCK, bilinear_block, &j);
}

void
mc_aug_rotate_mask (const uint8_t *src, int width, int height, double degrees, uint8_t *dst)
{
  int q = quarter_turns (degrees, NULL);
  if (q >= 0)
    {
      quarter_turn (src, width, height, q, 1, dst);
      return;
    }
  resample_job j = resample_setup (src, width, height, degrees, dst);
  mc_parallel_blocks ((size_t) j.out_height, ROW_BLOCK, nearest_block, &j);
}

/* ---- Flips -------------------------------------------------------------------------------- */

typedef struct
{
  const unsigned char *src;
  unsigned char *dst;
  size_t width, height, elem;
  int vertical;
} flip_job;

static inline void
flip_rows (const flip_job *j, size_t y0, size_t y1, size_t elem)
{
  size_t row = j->width * elem;
  for (size_t y = y0; y < y1; y++)
    {
      unsigned char *out = j->dst + y * row;
      if (j->vertical)
        memcpy (out, j->src + (j->height - 1 - y) * row, row);
      else
        {
          const unsigned char *in = j->src + y * row;
          for (size_t x = 0; x < j->width; x++)
            memcpy (out + x * elem, in + (j->width - 1 - x) * elem, elem);
        }
    }
}

static void
flip_block (void *ctx, size_t block_index, size_t begin, size_t end)
{
  (void) block_index;
  const flip_job *j = ctx;
  if (j->elem == 16)
    flip_rows (j, begin, end, 16);
  else
    flip_rows (j, begin, end, 1);
}

static void
flip_any (const void *src, int width, int height, int vertical, size_t elem, void *dst)
{
  flip_job j = { src, dst, (size_t) width, (size_t) height, elem, vertical };
  mc_parallel_blocks ((size_t) height, ROW_BLOCK, flip_block, &j);
}

void
mc_aug_flip (const float *src, int width, int height, int vertical, float *dst)
{
  flip_any (src, width, height, vertical, 4 * sizeof (float), dst);
}

void
mc_aug_flip_mask (const uint8_t *src, int width, int height, int vertical, uint8_t *dst)
{
  flip_any (src, width, height, vertical, 1, dst);
}
