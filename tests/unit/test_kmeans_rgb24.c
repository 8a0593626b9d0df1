/* test_kmeans_rgb24.c: k-means on packed 8-bit colours gives what mc_kmeans gives on the same
 * colours as floats, to the bit: centres, counts, iterations, inertia and labels, for the exact fit
 * and the sampled one, for images over a megapixel (mc_kmeans deduplicates those in blocks), K
 * above the distinct colours, any thread count; and it refuses what mc_kmeans refuses. */
#include "mc_common.h"
#include "mc_kmeans.h"
#include "test_util.h"

#include <glib.h>
#include <string.h>

/* A photograph-like set of codes: smooth colour ramps with noise, clumped so colours repeat. */
static uint32_t *
make_codes (size_t n, int levels, uint64_t seed)
{
  uint32_t *rgb = g_new (uint32_t, n);
  for (size_t i = 0; i < n; i++)
    {
      int v[3];
      for (int d = 0; d < 3; d++)
        {
          double base = 0.3 + 0.4 * ((i / 977 + d * 31) % 97) / 97.0;
          double x = base + 0.08 * tu_gauss (seed, 3 * i + d);
          int q = (int) (x * (levels - 1) + 0.5);
          q = q < 0 ? 0 : q >= levels ? levels - 1 : q;
          v[d] = q * 255 / (levels - 1);
        }
      rgb[i] = (uint32_t) (v[0] << 16 | v[1] << 8 | v[2]) | 0xff000000u; /* top byte ignored */
    }
  return rgb;
}

static float *
to_floats (const uint32_t *rgb, size_t n)
{
  float *p = g_new (float, 3 * n);
  uint8_t *bytes = g_new (uint8_t, 3 * n);
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      bytes[3 * i + d] = (uint8_t) (rgb[i] >> (16 - 8 * d));
  for (size_t i = 0; i < 3 * n; i++)
    p[i] = (float) (bytes[i] / 255.0);
  g_free (bytes);
  return p;
}

static void
check_same (const uint32_t *rgb, size_t n, int k, double fraction, uint32_t seed)
{
  float *points = to_floats (rgb, n);
  mc_kmeans_params p;
  mc_kmeans_params_init (&p);
  p.k = k;
  p.sample_fraction = fraction;
  p.seed = seed;
  mc_kmeans_result a, b;
  uint8_t *labels = g_new (uint8_t, n);
  uint8_t *table = g_malloc0 ((size_t) 1 << 24);
  g_assert_cmpint (mc_kmeans (points, n, &p, &a, labels, NULL), ==, MC_OK);
  g_assert_cmpint (mc_kmeans_rgb24 (rgb, n, &p, &b, table, NULL), ==, MC_OK);
  g_assert_cmpint (memcmp (a.centres, b.centres, 3 * k * sizeof (float)), ==, 0);
  g_assert_cmpint (memcmp (a.counts, b.counts, k * sizeof (int64_t)), ==, 0);
  g_assert_cmpint (a.iterations, ==, b.iterations);
  g_assert_true (a.inertia == b.inertia);
  for (size_t i = 0; i < n; i++)
    if (labels[i] != table[rgb[i] & 0xffffff])
      g_error ("point %zu: label %d, colour label %d", i, labels[i], table[rgb[i] & 0xffffff]);
  double ia = mc_kmeans_inertia (points, n, a.centres, labels);
  double ib = mc_kmeans_inertia_rgb24 (rgb, n, b.centres, k, table);
  g_assert_true (ia == ib);
  size_t da = mc_kmeans_count_distinct (points, n, (size_t) k);
  g_assert_cmpuint (da, ==, mc_kmeans_count_distinct_rgb24 (rgb, n, (size_t) k));
  g_free (points);
  g_free (labels);
  g_free (table);
}

static void
test_same_as_floats (void)
{
  size_t n = 200 * 150;
  uint32_t *rgb = make_codes (n, 256, 7);
  for (int k = 1; k <= 16; k *= 2)
    for (uint32_t seed = 0; seed < 3; seed++)
      {
        check_same (rgb, n, k, 1.0, seed);
        check_same (rgb, n, k, 0.05, seed);
      }
  check_same (rgb, n, 5, 0.3, 11);
  g_free (rgb);
}

/* Over a megapixel mc_kmeans deduplicates in blocks and merges them; the colours must agree. */
static void
test_same_over_a_megapixel (void)
{
  size_t n = 1300 * 1000;
  uint32_t *rgb = make_codes (n, 256, 3);
  check_same (rgb, n, 5, 1.0, 0);
  check_same (rgb, n, 5, 0.05, 1);
  g_free (rgb);
}

/* Eight colours and K = 12: four empty clusters, as in mc_kmeans. */
static void
test_more_clusters_than_colours (void)
{
  size_t n = 5000;
  uint32_t *rgb = make_codes (n, 2, 5);
  check_same (rgb, n, 12, 1.0, 0);
  check_same (rgb, n, 12, 0.05, 0);
  g_free (rgb);
}

static void
test_threads (void)
{
  size_t n = 400 * 300;
  uint32_t *rgb = make_codes (n, 256, 9);
  mc_kmeans_params p;
  mc_kmeans_params_init (&p);
  mc_kmeans_result ref, r;
  for (int threads = 1; threads <= 4; threads++)
    {
      mc_set_threads (threads);
      g_assert_cmpint (mc_kmeans_rgb24 (rgb, n, &p, &r, NULL, NULL), ==, MC_OK);
      if (threads == 1)
        ref = r;
      g_assert_cmpint (memcmp (&ref, &r, sizeof r), ==, 0);
    }
  mc_set_threads (0);
  g_free (rgb);
}

static void
test_invalid (void)
{
  uint32_t rgb[4] = { 1, 2, 3, 4 };
  mc_kmeans_params p;
  mc_kmeans_params_init (&p);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans_rgb24 (rgb, 0, &p, &r, NULL, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_kmeans_rgb24 (NULL, 4, &p, &r, NULL, NULL), ==, MC_ERR_ARG);
  p.k = 257;
  g_assert_cmpint (mc_kmeans_rgb24 (rgb, 4, &p, &r, NULL, NULL), ==, MC_ERR_ARG);
  p.k = 2;
  p.sample_fraction = 0;
  g_assert_cmpint (mc_kmeans_rgb24 (rgb, 4, &p, &r, NULL, NULL), ==, MC_ERR_ARG);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kmeans-rgb24/same-as-floats", test_same_as_floats);
  g_test_add_func ("/kmeans-rgb24/same-over-a-megapixel", test_same_over_a_megapixel);
  g_test_add_func ("/kmeans-rgb24/more-clusters-than-colours", test_more_clusters_than_colours);
  g_test_add_func ("/kmeans-rgb24/threads", test_threads);
  g_test_add_func ("/kmeans-rgb24/invalid", test_invalid);
  return g_test_run ();
}
