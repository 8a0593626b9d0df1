/* test_synth.c: the synthetic dermoscopy images that other tests rely on: the truth mask is the
 * ellipse asked for (its pixel count matches pi * rx * ry), colours stay in [0, 1], the vignette
 * darkens the corners, hair darkens pixels outside the lesion, the picture is a function of the
 * seed alone (any thread count), and bad parameters are refused. */
#include "mc_synth.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static void
test_truth_area (void)
{
  const double axes[][3] = { { 40, 40, 0 }, { 90, 50, 30 }, { 150, 120, -70 }, { 25, 60, 45 } };
  for (size_t k = 0; k < G_N_ELEMENTS (axes); k++)
    {
      mc_synth_params p;
      mc_synth_params_init (&p, 500, 400);
      p.rx = axes[k][0];
      p.ry = axes[k][1];
      p.angle_deg = axes[k][2];
      p.cx = 251.3;
      p.cy = 198.6;
      size_t n = 500 * 400;
      float *rgb = g_new (float, 3 * n);
      uint8_t *truth = g_new (uint8_t, n);
      g_assert_cmpint (mc_synth_lesion (&p, rgb, truth), ==, MC_OK);
      int64_t area = 0;
      for (size_t i = 0; i < n; i++)
        {
          g_assert_true (truth[i] == 0 || truth[i] == 255);
          area += truth[i] != 0;
        }
      double exact = mc_synth_ellipse_area (&p);
      g_assert_cmpfloat (fabs (exact - G_PI * p.rx * p.ry), <, 1e-9);
      g_assert_cmpfloat (fabs (area / exact - 1), <, 0.005);
      for (size_t i = 0; i < 3 * n; i++)
        g_assert_true (rgb[i] >= 0 && rgb[i] <= 1);
      g_free (rgb);
      g_free (truth);
    }
}

static double
mean_brightness (const float *rgb, int w, int x0, int y0, int x1, int y1)
{
  double s = 0;
  int count = 0;
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const float *p = rgb + 3 * ((size_t) y * w + x);
        s += (p[0] + p[1] + p[2]) / 3;
        count++;
      }
  return s / count;
}

static void
test_vignette_and_hair (void)
{
  int w = 400, h = 300;
  size_t n = (size_t) w * h;
  mc_synth_params p;
  mc_synth_params_init (&p, w, h);
  p.hairs = 0;
  float *bare = g_new (float, 3 * n), *hairy = g_new (float, 3 * n);
  uint8_t *truth = g_new (uint8_t, n);
  g_assert_cmpint (mc_synth_lesion (&p, bare, truth), ==, MC_OK);
  /* The corners lie outside the round field of view: far darker than the skin near the lesion. */
  double corner = mean_brightness (bare, w, 0, 0, 10, 10);
  double skin = mean_brightness (bare, w, 20, 140, 60, 160);
  g_assert_cmpfloat (corner, <, 0.3 * skin);
  /* Lesion darker than skin. */
  double lesion = mean_brightness (bare, w, 190, 140, 210, 160);
  g_assert_cmpfloat (lesion, <, 0.7 * skin);
  /* Hair only ever darkens, and it does darken some skin pixels a lot. */
  p.hairs = 6;
  g_assert_cmpint (mc_synth_lesion (&p, hairy, NULL), ==, MC_OK);
  size_t darkened = 0;
  for (size_t i = 0; i < n; i++)
    {
      double a = bare[3 * i] + bare[3 * i + 1] + bare[3 * i + 2];
      double b = hairy[3 * i] + hairy[3 * i + 1] + hairy[3 * i + 2];
      g_assert_cmpfloat (b, <=, a + 1e-6);
      darkened += !truth[i] && b < 0.5 * a;
    }
  g_assert_cmpuint (darkened, >, 500);
  /* No vignette: corners as bright as the skin (within the texture). */
  p.vignette = 0;
  p.hairs = 0;
  g_assert_cmpint (mc_synth_lesion (&p, bare, NULL), ==, MC_OK);
  g_assert_cmpfloat (fabs (mean_brightness (bare, w, 0, 0, 10, 10) / skin - 1), <, 0.15);
  g_free (bare);
  g_free (hairy);
  g_free (truth);
}

static void
test_seed_and_threads (void)
{
  int w = 300, h = 200;
  size_t bytes = (size_t) w * h * 3 * sizeof (float);
  mc_synth_params p;
  mc_synth_params_init (&p, w, h);
  p.seed = 4;
  float *a = g_malloc (bytes), *b = g_malloc (bytes);
  mc_set_threads (1);
  g_assert_cmpint (mc_synth_lesion (&p, a, NULL), ==, MC_OK);
  mc_set_threads (2);
  g_assert_cmpint (mc_synth_lesion (&p, b, NULL), ==, MC_OK);
  g_assert_cmpmem (a, bytes, b, bytes);
  p.seed = 5;
  g_assert_cmpint (mc_synth_lesion (&p, b, NULL), ==, MC_OK);
  g_assert_true (memcmp (a, b, bytes) != 0);
  mc_set_threads (0);
  g_free (a);
  g_free (b);
}

static void
test_bad_parameters (void)
{
  float rgb[3 * 16];
  mc_synth_params p;
  mc_synth_params_init (&p, 4, 4);
  g_assert_cmpint (mc_synth_lesion (&p, rgb, NULL), ==, MC_OK);
  g_assert_cmpint (mc_synth_lesion (&p, NULL, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_synth_lesion (NULL, rgb, NULL), ==, MC_ERR_ARG);
  mc_synth_params bad = p;
  bad.width = 0;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
  bad = p;
  bad.rx = 0;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
  bad = p;
  bad.vignette = 1.5;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
  bad = p;
  bad.skin[1] = -0.1f;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
  bad = p;
  bad.cx = NAN;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
  bad = p;
  bad.hairs = -1;
  g_assert_cmpint (mc_synth_lesion (&bad, rgb, NULL), ==, MC_ERR_ARG);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/synth/truth-area", test_truth_area);
  g_test_add_func ("/synth/vignette-and-hair", test_vignette_and_hair);
  g_test_add_func ("/synth/seed-and-threads", test_seed_and_threads);
  g_test_add_func ("/synth/bad-parameters", test_bad_parameters);
  return g_test_run ();
}
