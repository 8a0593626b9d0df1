/* synth.c: synthetic dermoscopy-like images with a known lesion, for tests and examples that must
 * run without the real data. The picture is built from what makes real images hard: a soft-edged
 * elliptical lesion with mottled pigment, textured skin, a gradual fall-off of light towards the
 * rim of a round field of view that is dark beyond it, and dark curved hair strands crossing
 * lesion and skin. Every pixel is a pure function of (seed, x, y). */
#include "mc_synth.h"

#include "mc_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Random streams of the seed. */
#define STREAM_COARSE 11 /* texture on a coarse lattice: mottled pigment, uneven skin */
#define STREAM_FINE 12   /* per-pixel grain */
#define STREAM_HAIR 13   /* hair placement */

#define COARSE_CELL 12.0 /* pixels between lattice points of the coarse texture */

void
mc_synth_params_init (mc_synth_params *p, int width, int height)
{
  memset (p, 0, sizeof *p);
  p->width = width;
  p->height = height;
  p->cx = 0.5 * width;
  p->cy = 0.5 * height;
  p->rx = p->ry = 0.25 * (width < height ? width : height);
  p->angle_deg = 0;
  const float skin[3] = { 0.85f, 0.65f, 0.58f };
  const float lesion[3] = { 0.45f, 0.28f, 0.22f };
  const float hair[3] = { 0.15f, 0.10f, 0.08f };
  memcpy (p->skin, skin, sizeof skin);
  memcpy (p->lesion, lesion, sizeof lesion);
  memcpy (p->hair, hair, sizeof hair);
  p->texture = 0.03;
  p->edge_px = 2;
  p->hairs = 6;
  p->hair_width_px = 3;
  p->vignette = 1;
  p->fov_radius = 0.95;
  p->seed = 0;
}

double
mc_synth_ellipse_area (const mc_synth_params *p)
{
  return M_PI * p->rx * p->ry;
}

static int
params_ok (const mc_synth_params *p)
{
  if (p->width < 1 || p->height < 1 || (size_t) p->width * p->height > SIZE_MAX / 16)
    return 0;
  if (!(p->rx > 0) || !(p->ry > 0) || !(p->texture >= 0) || !(p->edge_px >= 0) || p->hairs < 0
      || !(p->hair_width_px > 0) || !(p->vignette >= 0 && p->vignette <= 1) || !(p->fov_radius > 0))
    return 0;
  if (!isfinite (p->cx) || !isfinite (p->cy) || !isfinite (p->angle_deg))
    return 0;
  for (int c = 0; c < 3; c++)
    if (!(p->skin[c] >= 0 && p->skin[c] <= 1) || !(p->lesion[c] >= 0 && p->lesion[c] <= 1)
        || !(p->hair[c] >= 0 && p->hair[c] <= 1))
      return 0;
  return 1;
}

/* Smooth noise in [-1, 1): random values on a lattice, interpolated with a smoothstep. */
static double
lattice_noise (uint32_t seed, double x, double y)
{
  double gx = x / COARSE_CELL, gy = y / COARSE_CELL;
  int64_t ix = (int64_t) floor (gx), iy = (int64_t) floor (gy);
  double fx = gx - ix, fy = gy - iy;
  fx = fx * fx * (3 - 2 * fx);
  fy = fy * fy * (3 - 2 * fy);
  double v[4];
  for (int k = 0; k < 4; k++)
    {
      uint64_t cx = (uint64_t) (ix + (k & 1) + 4096), cy = (uint64_t) (iy + (k >> 1) + 4096);
      v[k] = 2 * mc_rand_unit (seed, STREAM_COARSE, (cy << 24) ^ cx) - 1;
    }
  return (v[0] * (1 - fx) + v[1] * fx) * (1 - fy) + (v[2] * (1 - fx) + v[3] * fx) * fy;
}

/* Signed distance in pixels from (x, y) to the ellipse border (negative inside), to first order:
 * (rho - 1) / |grad rho|, with rho the normalised elliptical radius. Also returns rho. */
static double
ellipse_distance (const mc_synth_params *p, double x, double y, double *rho_out)
{
  double a = p->angle_deg * M_PI / 180.0;
  double dx = x - p->cx, dy = y - p->cy;
  double u = dx * cos (a) + dy * sin (a), v = -dx * sin (a) + dy * cos (a);
  double rho = sqrt ((u * u) / (p->rx * p->rx) + (v * v) / (p->ry * p->ry));
  *rho_out = rho;
  if (rho < 1e-9)
    return -(p->rx < p->ry ? p->rx : p->ry);
  double gu = u / (p->rx * p->rx), gv = v / (p->ry * p->ry);
  double grad = sqrt (gu * gu + gv * gv) / rho;
  return (rho - 1) / grad;
}

/* Brightness of the dermatoscope's light: a gentle fall-off inside the field of view, then a dark
 * rim. 1 at the centre. */
static double
illumination (const mc_synth_params *p, double x, double y)
{
  double half_diag = 0.5 * hypot (p->width, p->height);
  double radius = p->fov_radius * half_diag;
  double r = hypot (x - 0.5 * p->width, y - 0.5 * p->height) / radius;
  double inside = 1 - 0.2 * r * r;
  double rim = (r - 0.85) / 0.15; /* 0 at 85% of the radius, 1 at the edge of the field */
  rim = rim < 0 ? 0 : rim > 1 ? 1 : rim;
  rim = rim * rim * (3 - 2 * rim);
  double light = inside * (1 - rim) + 0.05 * rim;
  return 1 - p->vignette * (1 - light);
}

/* Hair opacity per pixel, built by stamping soft discs along quadratic Bezier curves; a pixel
 * keeps the largest opacity of all stamps, so the stamping order does not matter. */
static void
draw_hairs (const mc_synth_params *p, float *alpha)
{
  int w = p->width, h = p->height;
  mc_rng rng;
  mc_rng_init (&rng, p->seed, STREAM_HAIR);
  double half = 0.5 * p->hair_width_px;
  for (int i = 0; i < p->hairs; i++)
    {
      /* Ends on two random image edges, the bend anywhere in the image. */
      double pt[3][2];
      for (int e = 0; e < 2; e++)
        {
          int side = (int) mc_rng_below (&rng, 4);
          double t = mc_rng_unit (&rng);
          pt[e * 2][0] = side == 0 ? 0 : side == 1 ? w : t * w;
          pt[e * 2][1] = side == 2 ? 0 : side == 3 ? h : t * h;
        }
      pt[1][0] = mc_rng_unit (&rng) * w;
      pt[1][1] = mc_rng_unit (&rng) * h;
      double length = hypot (pt[1][0] - pt[0][0], pt[1][1] - pt[0][1])
                      + hypot (pt[2][0] - pt[1][0], pt[2][1] - pt[1][1]);
      int steps = (int) ceil (length * 2) + 1;
      for (int s = 0; s <= steps; s++)
        {
          double t = (double) s / steps, q = 1 - t;
          double x = q * q * pt[0][0] + 2 * q * t * pt[1][0] + t * t * pt[2][0];
          double y = q * q * pt[0][1] + 2 * q * t * pt[1][1] + t * t * pt[2][1];
          int x0 = (int) floor (x - half - 1), x1 = (int) ceil (x + half + 1);
          int y0 = (int) floor (y - half - 1), y1 = (int) ceil (y + half + 1);
          for (int py = y0 < 0 ? 0 : y0; py <= y1 && py < h; py++)
            for (int px = x0 < 0 ? 0 : x0; px <= x1 && px < w; px++)
              {
                double d = hypot (px + 0.5 - x, py + 0.5 - y);
                double a = half + 0.5 - d;
                a = a < 0 ? 0 : a > 1 ? 1 : a;
                float *dst = alpha + (size_t) py * w + px;
                if (a > *dst)
                  *dst = (float) a;
              }
        }
    }
}

typedef struct
{
  const mc_synth_params *p;
  const float *hair_alpha;
  float *rgb;
  uint8_t *truth;
} synth_ctx;

static void
synth_rows (void *data, size_t block, size_t begin, size_t end)
{
  (void) block;
  const synth_ctx *ctx = data;
  const mc_synth_params *p = ctx->p;
  for (size_t y = begin; y < end; y++)
    for (int x = 0; x < p->width; x++)
      {
        size_t i = y * (size_t) p->width + x;
        double cx = x + 0.5, cy = y + 0.5, rho;
        double d = ellipse_distance (p, cx, cy, &rho);
        if (ctx->truth)
          ctx->truth[i] = rho <= 1 ? 255 : 0;
        /* Linear ramp of width edge_px centred on the border: exactly half lesion on it. */
        double wl = p->edge_px > 0 ? 0.5 - d / p->edge_px : (d <= 0 ? 1 : 0);
        wl = wl < 0 ? 0 : wl > 1 ? 1 : wl;
        double coarse = lattice_noise (p->seed, cx, cy);
        double fine = 2 * mc_rand_unit (p->seed, STREAM_FINE, i) - 1;
        /* Pigment is mottled more strongly than skin, as in naevi. */
        double tex = p->texture * (0.6 * fine + 1.2 * coarse * (1 + wl));
        double light = illumination (p, cx, cy);
        float a = ctx->hair_alpha[i];
        for (int c = 0; c < 3; c++)
          {
            double v = (p->skin[c] * (1 - wl) + p->lesion[c] * wl) * (1 + tex);
            v = v * (1 - a) + p->hair[c] * a;
            v *= light;
            ctx->rgb[3 * i + c] = (float) (v < 0 ? 0 : v > 1 ? 1 : v);
          }
      }
}

mc_status
mc_synth_lesion (const mc_synth_params *p, float *rgb, uint8_t *truth)
{
  if (!p || !rgb || !params_ok (p))
    return MC_ERR_ARG;
  size_t n = (size_t) p->width * p->height;
  float *alpha = calloc (n, sizeof *alpha);
  if (!alpha)
    return MC_ERR_NOMEM;
  draw_hairs (p, alpha);
  synth_ctx ctx = { p, alpha, rgb, truth };
  mc_parallel_blocks ((size_t) p->height, 16, synth_rows, &ctx);
  free (alpha);
  return MC_OK;
}
