/* test_augment.c: every augmentation on small synthetic images whose right answer is known
 * (index arithmetic for flips and quarter turns, the Gaussian formula for the blur, hand-worked
 * colours), the mask following geometric operations only, and plans giving bit-identical
 * results for the same seed with 1 and 2 threads. */
#include "mc_augment.h"

#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* A w x h opaque image whose pixel (x, y) is (x / 100, y / 100, (x + y) / 1000, 1): every pixel
 * tells where it came from. */
static float *
coord_image (int w, int h)
{
  float *p = g_new (float, (size_t) w * h * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float *q = p + ((size_t) y * w + x) * 4;
        q[0] = x / 100.0f;
        q[1] = y / 100.0f;
        q[2] = (x + y) / 1000.0f;
        q[3] = 1.0f;
      }
  return p;
}

static float *
noise_image (int w, int h, uint64_t seed)
{
  float *p = g_new (float, (size_t) w * h * 4);
  for (size_t i = 0; i < (size_t) w * h; i++)
    {
      for (int c = 0; c < 3; c++)
        p[i * 4 + c] = (float) (0.5 + 0.15 * tu_gauss (seed, i * 3 + c));
      p[i * 4 + 3] = 1.0f;
      for (int c = 0; c < 3; c++)
        p[i * 4 + c] = p[i * 4 + c] < 0 ? 0 : p[i * 4 + c] > 1 ? 1 : p[i * 4 + c];
    }
  return p;
}

static const float *
px (const float *img, int w, int x, int y)
{
  return img + ((size_t) y * w + x) * 4;
}

static void
assert_same_pixel (const float *a, const float *b)
{
  g_assert_true (memcmp (a, b, 4 * sizeof (float)) == 0);
}

/* ---- Geometry ----------------------------------------------------------------------------- */

static void
test_flips (void)
{
  int w = 7, h = 5;
  float *src = coord_image (w, h);
  float *dst = g_new (float, w * h * 4);
  mc_aug_flip (src, w, h, 0, dst); /* img[:, ::-1] */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      assert_same_pixel (px (dst, w, x, y), px (src, w, w - 1 - x, y));
  g_assert_cmpfloat (px (dst, w, 0, 0)[0], ==, 0.06f); /* the gradient now falls */
  mc_aug_flip (src, w, h, 1, dst); /* img[::-1, :] */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      assert_same_pixel (px (dst, w, x, y), px (src, w, x, h - 1 - y));

  uint8_t m[6] = { 1, 2, 3, 4, 5, 6 }, mf[6];
  mc_aug_flip_mask (m, 3, 2, 0, mf);
  const uint8_t want_h[6] = { 3, 2, 1, 6, 5, 4 };
  g_assert_true (memcmp (mf, want_h, 6) == 0);
  mc_aug_flip_mask (m, 3, 2, 1, mf);
  const uint8_t want_v[6] = { 4, 5, 6, 1, 2, 3 };
  g_assert_true (memcmp (mf, want_v, 6) == 0);
  g_free (src);
  g_free (dst);
}

/* np.rot90 of [[a b c] [d e f]] is [[c f] [b e] [a d]]: a byte mask shows it plainly. */
static void
test_quarter_turns_small (void)
{
  const uint8_t m[6] = { 'a', 'b', 'c', 'd', 'e', 'f' };
  uint8_t out[6];
  struct
  {
    double deg;
    const char *want;
    int w, h;
  } cases[] = { { 90, "cfbead", 2, 3 },   { -270, "cfbead", 2, 3 }, { 450, "cfbead", 2, 3 },
                { 180, "fedcba", 3, 2 },  { -180, "fedcba", 3, 2 }, { 270, "daebfc", 2, 3 },
                { -90, "daebfc", 2, 3 },  { 0, "abcdef", 3, 2 },    { 360, "abcdef", 3, 2 },
                { -720, "abcdef", 3, 2 } };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int ow, oh;
      mc_aug_rotated_size (3, 2, cases[i].deg, &ow, &oh);
      g_assert_cmpint (ow, ==, cases[i].w);
      g_assert_cmpint (oh, ==, cases[i].h);
      mc_aug_rotate_mask (m, 3, 2, cases[i].deg, out);
      g_assert_true (memcmp (out, cases[i].want, 6) == 0);
    }
}

/* Quarter turns of a larger asymmetric RGBA image are exact index moves (w, h swap). */
static void
test_quarter_turns_rgba (void)
{
  int w = 67, h = 41; /* larger than one 32-row block, not a multiple of it */
  float *src = coord_image (w, h);
  float *dst = g_new (float, w * h * 4);
  mc_aug_rotate (src, w, h, 90, dst); /* out is h wide, w high: out[y][x] = in[x][w-1-y] */
  for (int y = 0; y < w; y++)
    for (int x = 0; x < h; x++)
      assert_same_pixel (px (dst, h, x, y), px (src, w, w - 1 - y, x));
  mc_aug_rotate (src, w, h, 180, dst);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      assert_same_pixel (px (dst, w, x, y), px (src, w, w - 1 - x, h - 1 - y));
  mc_aug_rotate (src, w, h, -90, dst); /* out[y][x] = in[h-1-x][y] */
  for (int y = 0; y < w; y++)
    for (int x = 0; x < h; x++)
      assert_same_pixel (px (dst, h, x, y), px (src, w, y, h - 1 - x));
  g_free (src);
  g_free (dst);
}

/* 45 degrees: the canvas grows to hold the whole image, corners are transparent, the middle
 * keeps the colour, and the image's own corners land on the canvas edges. */
static void
test_rotate_45 (void)
{
  int w = 100, h = 100, ow, oh;
  mc_aug_rotated_size (w, h, 45, &ow, &oh);
  g_assert_cmpint (ow, ==, 141); /* round(99 * sqrt 2 + 1) */
  g_assert_cmpint (oh, ==, 141);
  mc_aug_rotated_size (200, 100, 30, &ow, &oh);
  g_assert_cmpint (ow, ==, (int) lround (199 * cos (G_PI / 6) + 99 * sin (G_PI / 6) + 1));
  g_assert_cmpint (oh, ==, (int) lround (199 * sin (G_PI / 6) + 99 * cos (G_PI / 6) + 1));

  float *src = g_new (float, w * h * 4);
  for (int i = 0; i < w * h; i++)
    {
      src[i * 4] = 0.2f;
      src[i * 4 + 1] = 0.6f;
      src[i * 4 + 2] = 0.4f;
      src[i * 4 + 3] = 1.0f;
    }
  mc_aug_rotated_size (w, h, 45, &ow, &oh);
  float *dst = g_new (float, ow * oh * 4);
  mc_aug_rotate (src, w, h, 45, dst);
  const int corners[4][2] = { { 0, 0 }, { ow - 1, 0 }, { 0, oh - 1 }, { ow - 1, oh - 1 } };
  for (int k = 0; k < 4; k++)
    for (int c = 0; c < 4; c++)
      g_assert_cmpfloat (px (dst, ow, corners[k][0], corners[k][1])[c], ==, 0.0f);
  /* A corner region: the triangle beyond the rotated square's edge is transparent. */
  g_assert_cmpfloat (px (dst, ow, 20, 20)[3], ==, 0.0f);
  const float *mid = px (dst, ow, ow / 2, oh / 2);
  g_assert_cmpfloat (fabsf (mid[0] - 0.2f), <, 1e-6);
  g_assert_cmpfloat (fabsf (mid[1] - 0.6f), <, 1e-6);
  g_assert_cmpfloat (fabsf (mid[3] - 1.0f), <, 1e-6);
  /* The rotated square's top corner is at the middle of the top edge (the source's top-right
   * corner, turned counter-clockwise): opaque there, transparent a few pixels to the side. */
  g_assert_cmpfloat (px (dst, ow, ow / 2, 0)[3], >, 0.5f);
  g_assert_cmpfloat (px (dst, ow, ow / 2 + 5, 0)[3], ==, 0.0f);
  /* Partly covered edge pixels keep the colour (premultiplied sampling): no dark fringe. */
  for (int x = 0; x < ow; x++)
    {
      const float *p = px (dst, ow, x, oh / 4);
      if (p[3] > 0)
        g_assert_cmpfloat (fabsf (p[1] - 0.6f), <, 1e-5);
    }
  g_free (src);
  g_free (dst);
}

/* Counter-clockwise: a marker right of the middle goes up by a small angle too. */
static void
test_rotate_direction (void)
{
  int w = 41, h = 41, ow, oh;
  float *src = g_new0 (float, w * h * 4);
  for (int i = 0; i < w * h; i++)
    src[i * 4 + 3] = 1.0f;
  src[(20 * w + 35) * 4] = 1.0f; /* red dot 15 px right of the middle */
  mc_aug_rotated_size (w, h, 30, &ow, &oh);
  float *dst = g_new (float, ow * oh * 4);
  mc_aug_rotate (src, w, h, 30, dst);
  int best_x = 0, best_y = 0;
  float best = -1;
  for (int y = 0; y < oh; y++)
    for (int x = 0; x < ow; x++)
      if (px (dst, ow, x, y)[0] > best)
        {
          best = px (dst, ow, x, y)[0];
          best_x = x;
          best_y = y;
        }
  double cx = (ow - 1) / 2.0, cy = (oh - 1) / 2.0;
  g_assert_cmpfloat (fabs (best_x - (cx + 15 * cos (G_PI / 6))), <=, 1.0);
  g_assert_cmpfloat (fabs (best_y - (cy - 15 * sin (G_PI / 6))), <=, 1.0);
  g_free (src);
  g_free (dst);
}

/* The mask is moved by the same mapping, sampled nearest: a rotated disc mask still covers the
 * rotated disc of the image. */
static void
test_rotate_mask_follows (void)
{
  int w = 120, h = 80;
  float *src = g_new (float, w * h * 4);
  uint8_t *mask = g_new (uint8_t, w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int in = (x - 80) * (x - 80) + (y - 30) * (y - 30) < 20 * 20;
        float *p = src + ((size_t) y * w + x) * 4;
        p[0] = p[1] = p[2] = in ? 1.0f : 0.0f;
        p[3] = 1.0f;
        mask[y * w + x] = in ? 255 : 0;
      }
  int ow, oh;
  mc_aug_rotated_size (w, h, 33.3, &ow, &oh);
  float *dst = g_new (float, ow * oh * 4);
  uint8_t *mdst = g_new (uint8_t, ow * oh);
  mc_aug_rotate (src, w, h, 33.3, dst);
  mc_aug_rotate_mask (mask, w, h, 33.3, mdst);
  int agree = 0, inside = 0;
  for (int i = 0; i < ow * oh; i++)
    {
      g_assert_true (mdst[i] == 0 || mdst[i] == 255);
      inside += mdst[i] == 255;
      agree += (mdst[i] == 255) == (dst[i * 4] >= 0.5f);
    }
  g_assert_cmpint (abs (inside - (int) (G_PI * 400)), <, 60);
  g_assert_cmpint (agree, >=, ow * oh - 40); /* only a few boundary pixels may differ */
  g_free (src);
  g_free (mask);
  g_free (dst);
  g_free (mdst);
}

/* ---- Blur --------------------------------------------------------------------------------- */

static double
gauss_weight (double sigma, int radius, int x)
{
  double sum = 0;
  for (int k = -radius; k <= radius; k++)
    sum += exp (-0.5 * k * k / (sigma * sigma));
  return exp (-0.5 * x * x / (sigma * sigma)) / sum;
}

static float *
dark_image (int w, int h)
{
  float *p = g_new0 (float, (size_t) w * h * 4);
  for (int i = 0; i < w * h; i++)
    p[i * 4 + 3] = 1.0f;
  return p;
}

/* One bright pixel spreads into the sampled Gaussian: out(dx, dy) = g(dx) g(dy), with the
 * kernel radius int(4 sigma + 0.5) and nothing beyond it. */
static void
test_blur_impulse (void)
{
  int w = 41, h = 33;
  double sigma = 2.0;
  int radius = 8;
  float *src = dark_image (w, h);
  src[(16 * w + 20) * 4] = 1.0f;
  float *dst = g_new (float, w * h * 4);
  g_assert_cmpint (mc_aug_blur (src, w, h, sigma, dst), ==, MC_OK);
  double total = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int dx = x - 20, dy = y - 16;
        double want = (abs (dx) <= radius && abs (dy) <= radius)
                          ? gauss_weight (sigma, radius, dx) * gauss_weight (sigma, radius, dy)
                          : 0.0;
        const float *p = px (dst, w, x, y);
        g_assert_cmpfloat (fabs (p[0] - want), <, 1e-7);
        g_assert_cmpfloat (p[1], ==, 0.0f);
        g_assert_cmpfloat (fabsf (p[3] - 1.0f), <, 1e-6);
        total += p[0];
      }
  g_assert_cmpfloat (fabs (total - 1.0), <, 1e-5);
  /* A non-integer sigma: radius int(4 * 1.3 + 0.5) = 5. */
  g_assert_cmpint (mc_aug_blur (src, w, h, 1.3, dst), ==, MC_OK);
  double want = gauss_weight (1.3, 5, 5) * gauss_weight (1.3, 5, 0);
  g_assert_cmpfloat (fabs (px (dst, w, 25, 16)[0] - want), <, 1e-7);
  g_assert_cmpfloat (px (dst, w, 26, 16)[0], ==, 0.0f);
  g_free (src);
  g_free (dst);
}

/* mode 'nearest': a bright corner pixel is repeated outside, so the corner keeps the weights of
 * all the taps that fall off the image. */
static void
test_blur_edges_nearest (void)
{
  int w = 30, h = 30, radius = 8;
  float *src = dark_image (w, h);
  src[0] = 1.0f;
  float *dst = g_new (float, w * h * 4);
  mc_aug_blur (src, w, h, 2.0, dst);
  double edge = 0;
  for (int k = -radius; k <= 0; k++)
    edge += gauss_weight (2.0, radius, k);
  g_assert_cmpfloat (fabs (px (dst, w, 0, 0)[0] - edge * edge), <, 1e-6);
  /* Three pixels along, the taps reaching x <= 0 (offsets -8..-3) all see the corner. */
  double along = 0;
  for (int k = -radius; k <= -3; k++)
    along += gauss_weight (2.0, radius, k);
  g_assert_cmpfloat (fabs (px (dst, w, 3, 0)[0] - along * edge), <, 1e-6);
  /* A flat image stays flat. */
  for (int i = 0; i < w * h; i++)
    src[i * 4] = src[i * 4 + 1] = src[i * 4 + 2] = 0.7f;
  mc_aug_blur (src, w, h, 5.0, dst);
  for (int i = 0; i < w * h * 4; i++)
    g_assert_cmpfloat (fabsf (dst[i] - src[i]), <, 1e-6);
  /* sigma 0 copies; a sigma out of range is refused. */
  g_assert_cmpint (mc_aug_blur (src, w, h, 0.0, dst), ==, MC_OK);
  g_assert_true (memcmp (src, dst, sizeof (float) * w * h * 4) == 0);
  g_assert_cmpint (mc_aug_blur (src, w, h, 101.0, dst), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_aug_blur (src, w, h, -1.0, dst), ==, MC_ERR_ARG);
  g_free (src);
  g_free (dst);
}

/* Transparent pixels lend no colour: green next to transparent red stays pure green. */
static void
test_blur_premultiplied (void)
{
  int w = 40, h = 10;
  float *src = g_new (float, w * h * 4);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float *p = src + ((size_t) y * w + x) * 4;
        int left = x < 20;
        p[0] = left ? 1.0f : 0.0f;
        p[1] = left ? 0.0f : 1.0f;
        p[2] = 0.0f;
        p[3] = left ? 0.0f : 1.0f;
      }
  float *dst = g_new (float, w * h * 4);
  mc_aug_blur (src, w, h, 2.0, dst);
  for (int x = 0; x < w; x++)
    {
      const float *p = px (dst, w, x, 5);
      if (p[3] > 0)
        {
          g_assert_cmpfloat (p[0], <, 1e-6);
          g_assert_cmpfloat (fabsf (p[1] - 1.0f), <, 1e-5);
        }
    }
  g_assert_cmpfloat (px (dst, w, 19, 5)[3], >, 0.3f); /* the alpha edge is softened */
  g_assert_cmpfloat (px (dst, w, 19, 5)[3], <, 0.7f);
  g_free (src);
  g_free (dst);
}

static void
test_blur_threads (void)
{
  int w = 123, h = 77;
  float *src = noise_image (w, h, 5);
  float *a = g_new (float, w * h * 4), *b = g_new (float, w * h * 4);
  mc_set_threads (1);
  mc_aug_blur (src, w, h, 3.7, a);
  mc_set_threads (2);
  mc_aug_blur (src, w, h, 3.7, b);
  mc_set_threads (0);
  g_assert_true (memcmp (a, b, sizeof (float) * w * h * 4) == 0);
  g_free (src);
  g_free (a);
  g_free (b);
}

/* ---- Colour ------------------------------------------------------------------------------- */

static void
set_px (float *p, float r, float g, float b, float a)
{
  p[0] = r;
  p[1] = g;
  p[2] = b;
  p[3] = a;
}

static void
assert_rgb (const float *p, float r, float g, float b)
{
  if (fabsf (p[0] - r) > 1e-6 || fabsf (p[1] - g) > 1e-6 || fabsf (p[2] - b) > 1e-6)
    g_error ("got (%.7f, %.7f, %.7f), want (%.7f, %.7f, %.7f)", p[0], p[1], p[2], r, g, b);
}

static void
test_brightness_contrast (void)
{
  float p[12];
  set_px (p, 0.2f, 0.8f, 0.5f, 0.25f);
  set_px (p + 4, 0.0f, 1.0f, 0.45f, 1.0f);
  set_px (p + 8, 0.1f, 0.9f, 0.6f, 0.0f);
  mc_aug_brightness (p, 3, 0.5);
  assert_rgb (p, 0.7f, 1.0f, 1.0f); /* clamped at 1 */
  assert_rgb (p + 4, 0.5f, 1.0f, 0.95f);
  g_assert_cmpfloat (p[3], ==, 0.25f); /* alpha kept */
  mc_aug_brightness (p, 3, -0.75);
  assert_rgb (p, 0.0f, 0.25f, 0.25f); /* clamped at 0 */

  set_px (p, 0.7f, 0.1f, 0.5f, 1.0f);
  mc_aug_contrast (p, 1, 2.0);
  assert_rgb (p, 0.9f, 0.0f, 0.5f); /* 0.5 + 2 (c - 0.5), clamped */
  set_px (p, 0.7f, 0.1f, 0.5f, 1.0f);
  mc_aug_contrast (p, 1, 0.0);
  assert_rgb (p, 0.5f, 0.5f, 0.5f);
  set_px (p, 0.7f, 0.1f, 0.5f, 1.0f);
  mc_aug_contrast (p, 1, 0.5);
  assert_rgb (p, 0.6f, 0.3f, 0.5f);
}

static void
test_saturation (void)
{
  float p[8];
  set_px (p, 1.0f, 0.0f, 0.0f, 1.0f);
  set_px (p + 4, 0.6f, 0.4f, 0.4f, 0.5f);
  mc_aug_saturation (p, 2, 0.0);
  assert_rgb (p, 0.299f, 0.299f, 0.299f); /* grey = the luma */
  float g = 0.299f * 0.6f + 0.587f * 0.4f + 0.114f * 0.4f;
  assert_rgb (p + 4, g, g, g);
  g_assert_cmpfloat (p[7], ==, 0.5f);
  set_px (p, 0.6f, 0.4f, 0.4f, 1.0f);
  mc_aug_saturation (p, 1, 2.0);
  assert_rgb (p, g + 2 * (0.6f - g), g + 2 * (0.4f - g), g + 2 * (0.4f - g));
  /* Factor 1 is the identity, bit for bit. */
  float *img = noise_image (16, 16, 9), *copy = g_memdup2 (img, 16 * 16 * 16);
  mc_aug_saturation (img, 256, 1.0);
  mc_aug_contrast (img, 256, 1.0);
  mc_aug_brightness (img, 256, 0.0);
  g_assert_true (memcmp (img, copy, 16 * 16 * 16) == 0);
  g_free (img);
  g_free (copy);
}

static void
test_hue (void)
{
  float p[4];
  struct
  {
    float in[3];
    double deg;
    float want[3];
  } cases[] = {
    { { 1, 0, 0 }, 120, { 0, 1, 0 } },          { { 1, 0, 0 }, 240, { 0, 0, 1 } },
    { { 1, 0, 0 }, -120, { 0, 0, 1 } },         { { 1, 0, 0 }, 60, { 1, 1, 0 } },
    { { 0.8f, 0.4f, 0.2f }, 180, { 0.2f, 0.6f, 0.8f } }, /* the complement */
    { { 0.8f, 0.4f, 0.2f }, -300, { 0.6f, 0.8f, 0.2f } }, /* = +60 */
    { { 0.3f, 0.3f, 0.3f }, 90, { 0.3f, 0.3f, 0.3f } },   /* grey has no hue */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      set_px (p, cases[i].in[0], cases[i].in[1], cases[i].in[2], 0.75f);
      mc_aug_hue (p, 1, cases[i].deg);
      assert_rgb (p, cases[i].want[0], cases[i].want[1], cases[i].want[2]);
      g_assert_cmpfloat (p[3], ==, 0.75f);
    }
  /* Whole turns leave every pixel as it was, bit for bit. */
  float *img = noise_image (16, 16, 4), *copy = g_memdup2 (img, 16 * 16 * 16);
  mc_aug_hue (img, 256, 360);
  mc_aug_hue (img, 256, -360);
  mc_aug_hue (img, 256, 0);
  g_assert_true (memcmp (img, copy, 16 * 16 * 16) == 0);
  /* Three turns of 120 come back within rounding. */
  for (int k = 0; k < 3; k++)
    mc_aug_hue (img, 256, 120);
  for (int i = 0; i < 256 * 4; i++)
    g_assert_cmpfloat (fabsf (img[i] - copy[i]), <, 1e-5);
  g_free (img);
  g_free (copy);
}

/* ---- Erase and mix ------------------------------------------------------------------------ */

static int
count_changed (const float *a, const float *b, int w, int h, mc_aug_rect r, int *outside)
{
  int changed = 0;
  *outside = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const float *p = px (a, w, x, y), *q = px (b, w, x, y);
        int diff = memcmp (p, q, 3 * sizeof (float)) != 0;
        g_assert_cmpfloat (p[3], ==, q[3]);
        if (!diff)
          continue;
        changed++;
        if (x < r.x || y < r.y || x >= r.x + r.width || y >= r.y + r.height)
          (*outside)++;
        for (int c = 0; c < 3; c++)
          g_assert_true (p[c] >= 0.0f && p[c] < 1.0f);
      }
  return changed;
}

static void
test_erase_area (void)
{
  int w = 200, h = 100;
  float *src = g_new (float, w * h * 4);
  for (int i = 0; i < w * h * 4; i++)
    src[i] = (i % 4 == 3) ? 1.0f : 0.5f;
  float *img = g_new (float, w * h * 4);
  const double fractions[] = { 0.02, 0.1, 0.25, 0.5, 0.9, 1.0 };
  for (size_t f = 0; f < G_N_ELEMENTS (fractions); f++)
    for (int k = 0; k < 8; k++)
      {
        double u[3] = { k / 8.0, (k * 3 % 8) / 8.0, 0.999 - k / 8.0 };
        mc_aug_rect r = mc_aug_erase_rect (w, h, fractions[f], u);
        g_assert_cmpint (r.x, >=, 0);
        g_assert_cmpint (r.y, >=, 0);
        g_assert_cmpint (r.x + r.width, <=, w);
        g_assert_cmpint (r.y + r.height, <=, h);
        memcpy (img, src, sizeof (float) * w * h * 4);
        mc_aug_erase (img, w, h, r, 11, 22);
        int outside;
        int changed = count_changed (img, src, w, h, r, &outside);
        g_assert_cmpint (outside, ==, 0);
        /* All of the rectangle is noise, and its area is the fraction's, within half a row or
         * column of the rectangle. */
        g_assert_cmpint (changed, ==, r.width * r.height);
        double want = fractions[f] * w * h;
        double slack = 0.5 * MAX (r.width, r.height) + 1;
        if (fabs (changed - want) > slack)
          g_error ("fraction %g: %d pixels changed, want %g +- %g", fractions[f], changed, want,
                   slack);
      }
  double u[3] = { 0.5, 0.5, 0.5 };
  mc_aug_rect none = mc_aug_erase_rect (w, h, 0.0, u);
  g_assert_cmpint (none.width * none.height, ==, 0);
  g_free (src);
  g_free (img);
}

/* Erase noise comes from (seed, stream, x, y): the same for any thread count, new per seed. */
static void
test_erase_noise (void)
{
  int w = 64, h = 300;
  mc_aug_rect r = { 3, 5, 50, 290 };
  float *a = g_new0 (float, w * h * 4), *b = g_new0 (float, w * h * 4);
  mc_set_threads (1);
  mc_aug_erase (a, w, h, r, 1, 2);
  mc_set_threads (2);
  mc_aug_erase (b, w, h, r, 1, 2);
  mc_set_threads (0);
  g_assert_true (memcmp (a, b, sizeof (float) * w * h * 4) == 0);
  mc_aug_erase (b, w, h, r, 2, 2);
  g_assert_false (memcmp (a, b, sizeof (float) * w * h * 4) == 0);
  /* The noise is uniform: mean near 0.5. */
  double sum = 0;
  for (int y = r.y; y < r.y + r.height; y++)
    for (int x = r.x; x < r.x + r.width; x++)
      sum += px (a, w, x, y)[1];
  g_assert_cmpfloat (fabs (sum / (r.width * r.height) - 0.5), <, 0.01);
  g_free (a);
  g_free (b);
}

static void
test_mix (void)
{
  int w = 5, h = 4;
  float *img = noise_image (w, h, 1), *other = noise_image (3, 3, 2);
  float *copy = g_memdup2 (img, sizeof (float) * w * h * 4);
  mc_aug_mix (img, w, h, other, 3, 3, 0.0);
  g_assert_true (memcmp (img, copy, sizeof (float) * w * h * 4) == 0);
  mc_aug_mix (img, w, h, other, 3, 3, 1.0);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (x < 3 && y < 3)
        assert_same_pixel (px (img, w, x, y), px (other, 3, x, y));
      else
        {
          /* Outside the smaller layer it is transparent: alpha 1 leaves nothing. */
          g_assert_cmpfloat (px (img, w, x, y)[3], ==, 0.0f);
        }
  memcpy (img, copy, sizeof (float) * w * h * 4);
  mc_aug_mix (img, w, h, other, 3, 3, 0.25);
  for (int c = 0; c < 3; c++)
    g_assert_cmpfloat (fabsf (px (img, w, 1, 1)[c]
                              - (0.75f * px (copy, w, 1, 1)[c] + 0.25f * px (other, 3, 1, 1)[c])),
                       <, 1e-6);
  /* Outside: colour kept, alpha scaled by 1 - alpha. */
  assert_rgb (px (img, w, 4, 3), px (copy, w, 4, 3)[0], px (copy, w, 4, 3)[1],
              px (copy, w, 4, 3)[2]);
  g_assert_cmpfloat (fabsf (px (img, w, 4, 3)[3] - 0.75f), <, 1e-6);
  g_free (img);
  g_free (other);
  g_free (copy);
}

/* ---- Plans -------------------------------------------------------------------------------- */

static mc_aug_plan
draw (const char *text, int variant, int repeat, uint32_t seed, mc_recipe **keep)
{
  mc_recipe_error err;
  g_assert_cmpint (mc_recipe_parse (text, keep, &err), ==, MC_OK);
  mc_aug_plan plan;
  g_assert_cmpint (mc_recipe_draw (*keep, variant, repeat, seed, &plan), ==, MC_OK);
  return plan;
}

/* The course's four variants through mc_aug_apply equal the single operations, sizes swapped
 * for the quarter turn. */
static void
test_apply_course (void)
{
  int w = 60, h = 45;
  float *src = noise_image (w, h, 3);
  float *want = g_new (float, w * h * 4);
  mc_recipe *r;
  mc_recipe_error err;
  g_assert_cmpint (mc_recipe_parse ("rotate 90; flip h; flip v; blur 2", &r, &err), ==, MC_OK);
  for (int v = 0; v < 4; v++)
    {
      mc_aug_plan plan;
      mc_recipe_draw (r, v, 0, 0, &plan);
      mc_aug_result res;
      g_assert_cmpint (mc_aug_apply (&plan, src, w, h, NULL, NULL, NULL, &res, NULL), ==, MC_OK);
      g_assert_null (res.mask);
      int ow, oh;
      mc_aug_plan_output_size (&plan, w, h, &ow, &oh);
      g_assert_cmpint (res.width, ==, ow);
      g_assert_cmpint (res.height, ==, oh);
      if (v == 0)
        {
          g_assert_cmpint (res.width, ==, h);
          g_assert_cmpint (res.height, ==, w);
          mc_aug_rotate (src, w, h, 90, want);
        }
      else if (v < 3)
        mc_aug_flip (src, w, h, v == 2, want);
      else
        mc_aug_blur (src, w, h, 2.0, want);
      g_assert_true (memcmp (res.rgba, want, sizeof (float) * w * h * 4) == 0);
      mc_aug_result_clear (&res);
      g_assert_null (res.rgba);
    }
  mc_recipe_free (r);
  g_free (src);
  g_free (want);
}

static uint8_t *
disc_mask (int w, int h)
{
  uint8_t *m = g_new (uint8_t, w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int dx = x - w / 3, dy = y - h / 2;
        m[y * w + x] = dx * dx + dy * dy < (h / 4) * (h / 4) ? 255 : 0;
      }
  return m;
}

/* Geometric operations carry the mask along (nearest); photometric ones leave it alone. */
static void
test_apply_mask (void)
{
  int w = 90, h = 70;
  float *src = noise_image (w, h, 8);
  uint8_t *mask = disc_mask (w, h);
  mc_recipe *r;
  mc_aug_plan plan = draw ("blur 1.5 + hue 40 + erase 0.2 + brightness 0.1 + contrast 1.2 + "
                           "saturation 0.5 + mix self 0.5",
                           0, 0, 5, &r);
  g_assert_false (mc_aug_plan_is_geometric (&plan));
  mc_aug_result res;
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, mask, NULL, NULL, &res, NULL), ==, MC_ERR_ARG);
  g_assert_null (res.rgba); /* mix needs its layer */
  mc_recipe_free (r);

  plan = draw ("blur 1.5 + hue 40 + erase 0.2 + brightness 0.1", 0, 0, 5, &r);
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, mask, NULL, NULL, &res, NULL), ==, MC_OK);
  g_assert_true (memcmp (res.mask, mask, (size_t) w * h) == 0);
  g_assert_true (res.mask != mask);
  mc_aug_result_clear (&res);
  mc_recipe_free (r);

  plan = draw ("rotate 23.5 + flip h + blur 1 + rotate 90 + flip v", 0, 0, 5, &r);
  g_assert_true (mc_aug_plan_is_geometric (&plan));
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, mask, NULL, NULL, &res, NULL), ==, MC_OK);
  int w1, h1;
  mc_aug_rotated_size (w, h, 23.5, &w1, &h1);
  uint8_t *m1 = g_new (uint8_t, w1 * h1), *m2 = g_new (uint8_t, w1 * h1);
  mc_aug_rotate_mask (mask, w, h, 23.5, m1);
  mc_aug_flip_mask (m1, w1, h1, 0, m2);
  mc_aug_rotate_mask (m2, w1, h1, 90, m1);
  mc_aug_flip_mask (m1, h1, w1, 1, m2);
  g_assert_cmpint (res.width, ==, h1);
  g_assert_cmpint (res.height, ==, w1);
  g_assert_true (memcmp (res.mask, m2, (size_t) w1 * h1) == 0);
  /* The source is untouched. */
  float *again = noise_image (w, h, 8);
  g_assert_true (memcmp (again, src, sizeof (float) * w * h * 4) == 0);
  g_free (again);
  g_free (m1);
  g_free (m2);
  mc_aug_result_clear (&res);
  mc_recipe_free (r);
  g_free (src);
  g_free (mask);
}

static const float *
lookup_layer (void *user, const char *name, int *width, int *height)
{
  if (strcmp (name, "Layer 2") != 0)
    return NULL;
  *width = 50;
  *height = 40;
  return user;
}

/* The same seed gives the same bits twice and with 1 or 2 threads; another repeat differs. */
static void
test_apply_deterministic (void)
{
  int w = 97, h = 61;
  float *src = noise_image (w, h, 12);
  float *other = noise_image (50, 40, 13);
  uint8_t *mask = disc_mask (w, h);
  const char *text = "rotate -30..30 + flip h + blur 0..2 + erase 0.05..0.2 + hue -30..30 + "
                     "mix \"Layer 2\" 0.1..0.5 + contrast 0.5..1.5";
  mc_recipe *r;
  mc_aug_plan plan = draw (text, 0, 4, 77, &r);
  mc_aug_result a, b, c, d;
  mc_set_threads (1);
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, mask, lookup_layer, other, &a, NULL), ==, MC_OK);
  mc_set_threads (2);
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, mask, lookup_layer, other, &b, NULL), ==, MC_OK);
  mc_aug_plan plan2;
  mc_recipe_draw (r, 0, 4, 77, &plan2);
  g_assert_cmpint (mc_aug_apply (&plan2, src, w, h, mask, lookup_layer, other, &c, NULL), ==,
                   MC_OK);
  mc_set_threads (0);
  g_assert_cmpint (a.width, ==, b.width);
  g_assert_cmpint (a.height, ==, b.height);
  size_t n = (size_t) a.width * a.height;
  g_assert_true (memcmp (a.rgba, b.rgba, n * 4 * sizeof (float)) == 0);
  g_assert_true (memcmp (a.mask, b.mask, n) == 0);
  g_assert_true (memcmp (a.rgba, c.rgba, n * 4 * sizeof (float)) == 0);
  mc_recipe_draw (r, 0, 5, 77, &plan2);
  g_assert_cmpint (mc_aug_apply (&plan2, src, w, h, mask, lookup_layer, other, &d, NULL), ==,
                   MC_OK);
  g_assert_true (d.width != a.width || d.height != a.height
                 || memcmp (a.rgba, d.rgba, n * 4 * sizeof (float)) != 0);
  mc_aug_result_clear (&a);
  mc_aug_result_clear (&b);
  mc_aug_result_clear (&c);
  mc_aug_result_clear (&d);
  mc_recipe_free (r);
  g_free (src);
  g_free (other);
  g_free (mask);
}

static void
test_apply_cancel_and_args (void)
{
  int w = 8, h = 8;
  float *src = noise_image (w, h, 1);
  mc_recipe *r;
  mc_aug_plan plan = draw ("blur 1 + flip h", 0, 0, 0, &r);
  volatile int cancel = 1;
  mc_monitor mon = { NULL, NULL, &cancel };
  mc_aug_result res;
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, NULL, NULL, NULL, &res, &mon), ==,
                   MC_ERR_CANCELLED);
  g_assert_null (res.rgba);
  g_assert_cmpint (mc_aug_apply (&plan, src, 0, h, NULL, NULL, NULL, &res, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_aug_apply (NULL, src, w, h, NULL, NULL, NULL, &res, NULL), ==, MC_ERR_ARG);
  plan.n_ops = 0;
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, NULL, NULL, NULL, &res, NULL), ==, MC_ERR_ARG);
  mc_recipe_free (r);
  /* "rotate 0" still hands back a buffer of its own. */
  plan = draw ("rotate 0", 0, 0, 0, &r);
  g_assert_cmpint (mc_aug_apply (&plan, src, w, h, NULL, NULL, NULL, &res, NULL), ==, MC_OK);
  g_assert_true (res.rgba != src);
  g_assert_true (memcmp (res.rgba, src, sizeof (float) * w * h * 4) == 0);
  mc_aug_result_clear (&res);
  mc_recipe_free (r);
  g_free (src);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/augment/flips", test_flips);
  g_test_add_func ("/augment/quarter-turns-small", test_quarter_turns_small);
  g_test_add_func ("/augment/quarter-turns-rgba", test_quarter_turns_rgba);
  g_test_add_func ("/augment/rotate-45", test_rotate_45);
  g_test_add_func ("/augment/rotate-direction", test_rotate_direction);
  g_test_add_func ("/augment/rotate-mask-follows", test_rotate_mask_follows);
  g_test_add_func ("/augment/blur-impulse", test_blur_impulse);
  g_test_add_func ("/augment/blur-edges-nearest", test_blur_edges_nearest);
  g_test_add_func ("/augment/blur-premultiplied", test_blur_premultiplied);
  g_test_add_func ("/augment/blur-threads", test_blur_threads);
  g_test_add_func ("/augment/brightness-contrast", test_brightness_contrast);
  g_test_add_func ("/augment/saturation", test_saturation);
  g_test_add_func ("/augment/hue", test_hue);
  g_test_add_func ("/augment/erase-area", test_erase_area);
  g_test_add_func ("/augment/erase-noise", test_erase_noise);
  g_test_add_func ("/augment/mix", test_mix);
  g_test_add_func ("/augment/apply-course", test_apply_course);
  g_test_add_func ("/augment/apply-mask", test_apply_mask);
  g_test_add_func ("/augment/apply-deterministic", test_apply_deterministic);
  g_test_add_func ("/augment/apply-cancel-and-args", test_apply_cancel_and_args);
  return g_test_run ();
}
