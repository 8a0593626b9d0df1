/* test_elbow.c: the elbow curve's inertias, the suggested-K rule (kneedle on log inertia) on
 * synthetic curves and on synthetic images with a known number of flat colours, and the scatter
 * plot's seeded sample. */
#include "mc_elbow.h"
#include "mc_kmeans.h"
#include "mc_rng.h"
#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Well separated R'G'B' colours: skin, lesion, hair and four unlike any of them. */
static const float palette[][3] = {
  { 0.85f, 0.65f, 0.58f }, { 0.45f, 0.28f, 0.22f }, { 0.15f, 0.10f, 0.08f },
  { 0.30f, 0.50f, 0.80f }, { 0.90f, 0.90f, 0.20f }, { 0.20f, 0.70f, 0.30f },
  { 0.60f, 0.20f, 0.60f },
};

/* n points, each one of the first `colours` palette entries (chosen from the seed) plus Gaussian
 * noise of standard deviation sigma, clamped to [0, 1] as pixels are. */
static float *
flat_colours (int colours, size_t n, double sigma, uint64_t seed)
{
  float *p = g_new (float, n * 3);
  for (size_t i = 0; i < n; i++)
    {
      int c = (int) (mc_rand_unit (seed, 99, i) * colours);
      for (int d = 0; d < 3; d++)
        {
          double v = palette[c][d] + sigma * tu_gauss (seed, 3 * i + d);
          p[3 * i + d] = (float) (v < 0 ? 0 : v > 1 ? 1 : v);
        }
    }
  return p;
}

static void
test_suggest_clear_elbow (void)
{
  const double curve[] = { 100, 50, 20, 2, 1.8, 1.6, 1.5, 1.4, 1.3, 1.2 };
  g_assert_cmpint (mc_elbow_suggest_k (curve, 1, 10), ==, 4);
  /* The rule looks at the shape only: units and where the range starts do not matter. */
  double scaled[10];
  for (int i = 0; i < 10; i++)
    scaled[i] = curve[i] * 1e6;
  g_assert_cmpint (mc_elbow_suggest_k (scaled, 1, 10), ==, 4);
  g_assert_cmpint (mc_elbow_suggest_k (curve, 3, 10), ==, 6);
}

static void
test_suggest_small_late_drop (void)
{
  /* The curve of four unequally separated colours plus noise (skin, lesion, hair and blue;
   * relative inertia from scikit-learn): the fourth colour's drop is small in absolute terms
   * but removes 70% of what is left. On the raw curve the chord's farthest point is K = 3; on
   * log inertia it is K = 4. */
  const double curve[] = { 1.0,    0.3574, 0.1249, 0.0371, 0.0351,
                           0.0331, 0.0312, 0.0298, 0.0278, 0.0265 };
  g_assert_cmpint (mc_elbow_suggest_k (curve, 1, 10), ==, 4);
}

static void
test_suggest_no_elbow (void)
{
  const double flat[] = { 5, 5, 5, 5, 5 };
  g_assert_cmpint (mc_elbow_suggest_k (flat, 2, 5), ==, 2);
  const double zeros[] = { 0, 0, 0, 0 };
  g_assert_cmpint (mc_elbow_suggest_k (zeros, 1, 4), ==, 1);
  /* A geometric curve is a straight line in log: no point lies below the chord. */
  double geometric[12];
  for (int i = 0; i < 12; i++)
    geometric[i] = 1000.0 * pow (0.5, i);
  g_assert_cmpint (mc_elbow_suggest_k (geometric, 1, 12), ==, 1);
  /* Concave in log (improvement accelerates): every point lies above the chord. */
  const double concave[] = { 100, 99, 97, 90, 70, 20 };
  g_assert_cmpint (mc_elbow_suggest_k (concave, 1, 6), ==, 1);
  /* Fewer than three values: no chord to measure against. */
  const double two[] = { 10, 1 };
  g_assert_cmpint (mc_elbow_suggest_k (two, 3, 2), ==, 3);
  g_assert_cmpint (mc_elbow_suggest_k (two, 3, 1), ==, 3);
  g_assert_cmpint (mc_elbow_suggest_k (NULL, 3, 5), ==, 3);
}

static void
test_suggest_exact_fit_and_noise (void)
{
  /* An image of exactly three colours: inertia 0 from K = 3 on (log needs the floor). */
  const double exact[] = { 30, 10, 0, 0, 0, 0, 0 };
  g_assert_cmpint (mc_elbow_suggest_k (exact, 1, 7), ==, 3);
  /* k-means may end a little higher at K + 1 than at K (a local minimum): small bumps after the
   * elbow must not move it. */
  const double bumpy[] = { 100, 40, 12, 1.0, 1.02, 0.93, 0.95, 0.86, 0.87, 0.80 };
  g_assert_cmpint (mc_elbow_suggest_k (bumpy, 1, 10), ==, 4);
}

/* The inertia of K = 1: the sum of squared distances to the mean, computed directly. */
static double
direct_inertia_k1 (const float *p, size_t n)
{
  double mean[3] = { 0, 0, 0 }, sum = 0;
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      mean[d] += p[3 * i + d];
  for (int d = 0; d < 3; d++)
    mean[d] /= (double) n;
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      sum += (p[3 * i + d] - mean[d]) * (p[3 * i + d] - mean[d]);
  return sum;
}

static void
check_flat_colours (int colours, int k_max, double sigma, double fraction)
{
  const size_t n = 160 * 120;
  float *p = flat_colours (colours, n, sigma, (uint64_t) colours * 7 + 1);
  int count = k_max;
  double *inertias = g_new (double, count);
  g_assert_cmpint (mc_elbow_inertias (p, n, 1, k_max, fraction, 3, inertias, NULL), ==, MC_OK);
  /* K = 1 measures every point against the mean: the direct sum (the sample only moves the
   * centre a little, so the sampled fit is within 1%). */
  g_assert_cmpfloat (fabs (inertias[0] - direct_inertia_k1 (p, n)), <=,
                     (fraction < 1 ? 1e-2 : 1e-6) * inertias[0]);
  /* More centres never fit much worse: k-means may stop in a local minimum a little above. */
  for (int i = 1; i < count; i++)
    g_assert_cmpfloat (inertias[i], <=, inertias[i - 1] * 1.02);
  /* At the true K the residue is the noise: about 3 sigma^2 per point. */
  double noise = 3 * sigma * sigma * (double) n;
  g_assert_cmpfloat (inertias[colours - 1], <, 1.3 * noise);
  g_assert_cmpfloat (inertias[colours - 1], >, 0.7 * noise);
  int suggested = mc_elbow_suggest_k (inertias, 1, count);
  if (suggested != colours)
    for (int i = 0; i < count; i++)
      g_test_message ("K=%d inertia=%g", i + 1, inertias[i]);
  g_assert_cmpint (suggested, ==, colours);
  g_free (inertias);
  g_free (p);
}

static void
test_four_colours (void)
{
  check_flat_colours (4, 10, 0.04, 1.0);
  check_flat_colours (4, 10, 0.04, 0.05); /* the course's sample fraction */
  check_flat_colours (4, 15, 0.08, 0.2);
}

static void
test_other_counts (void)
{
  check_flat_colours (2, 8, 0.05, 1.0);
  check_flat_colours (3, 10, 0.05, 0.1);
  check_flat_colours (6, 12, 0.03, 0.25);
}

static void
test_inertias_deterministic (void)
{
  const size_t n = 20000;
  float *p = flat_colours (5, n, 0.06, 11);
  double a[7], b[7], c[7], d[7];
  mc_set_threads (1);
  g_assert_cmpint (mc_elbow_inertias (p, n, 2, 8, 0.3, 42, a, NULL), ==, MC_OK);
  mc_set_threads (2);
  g_assert_cmpint (mc_elbow_inertias (p, n, 2, 8, 0.3, 42, b, NULL), ==, MC_OK);
  g_assert_cmpint (mc_elbow_inertias (p, n, 2, 8, 0.3, 42, c, NULL), ==, MC_OK);
  mc_set_threads (0);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_cmpmem (b, sizeof b, c, sizeof c);
  /* Another seed draws another sample: some inertia differs. */
  g_assert_cmpint (mc_elbow_inertias (p, n, 2, 8, 0.3, 43, d, NULL), ==, MC_OK);
  g_assert_true (memcmp (a, d, sizeof a) != 0);
  /* Each value is the plain k-means fit of that K with the same fraction and seed. */
  for (int k = 2; k <= 8; k++)
    {
      mc_kmeans_params params;
      mc_kmeans_params_init (&params);
      params.k = k;
      params.sample_fraction = 0.3;
      params.seed = 42;
      mc_kmeans_result fit;
      g_assert_cmpint (mc_kmeans (p, n, &params, &fit, NULL, NULL), ==, MC_OK);
      g_assert_cmpfloat (fit.inertia, ==, a[k - 2]);
    }
  g_free (p);
}

static void
test_inertias_arguments (void)
{
  float p[6] = { 0, 0, 0, 1, 1, 1 };
  double out[300];
  g_assert_cmpint (mc_elbow_inertias (p, 2, 0, 3, 1.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 3, 3, 1.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 4, 3, 1.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 1, 257, 1.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 1, 3, 0.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 1, 3, 1.5, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 0, 1, 3, 1.0, 0, out, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_elbow_inertias (p, 2, 1, 3, 1.0, 0, NULL, NULL), ==, MC_ERR_ARG);
  /* More K than distinct colours is valid: the surplus fits are exact (inertia 0). */
  g_assert_cmpint (mc_elbow_inertias (p, 2, 1, 5, 1.0, 0, out, NULL), ==, MC_OK);
  g_assert_cmpfloat (fabs (out[0] - 1.5), <, 1e-6); /* two points sqrt(3) apart: 2 x 3/4 */
  for (int i = 1; i < 5; i++)
    g_assert_cmpfloat (out[i], ==, 0.0);
  g_assert_cmpint (mc_elbow_suggest_k (out, 1, 5), ==, 2);
}

typedef struct
{
  double last;
  int calls, backwards;
  volatile int *cancel;
  int cancel_after;
} progress_log;

static void
log_progress (void *user, double fraction)
{
  progress_log *log = user;
  if (fraction < log->last)
    log->backwards++;
  log->last = fraction;
  if (++log->calls == log->cancel_after)
    *log->cancel = 1;
}

static void
test_inertias_progress_and_cancel (void)
{
  const size_t n = 5000;
  float *p = flat_colours (3, n, 0.05, 5);
  double out[8];
  volatile int cancel = 0;
  progress_log log = { 0, 0, 0, &cancel, -1 };
  mc_monitor mon = { log_progress, &log, &cancel };
  g_assert_cmpint (mc_elbow_inertias (p, n, 1, 8, 1.0, 0, out, &mon), ==, MC_OK);
  g_assert_cmpint (log.backwards, ==, 0);
  g_assert_cmpint (log.calls, >, 8);
  g_assert_cmpfloat (log.last, ==, 1.0);
  /* Raised during the run, the flag stops it. */
  progress_log log2 = { 0, 0, 0, &cancel, 3 };
  mc_monitor mon2 = { log_progress, &log2, &cancel };
  g_assert_cmpint (mc_elbow_inertias (p, n, 1, 8, 1.0, 0, out, &mon2), ==, MC_ERR_CANCELLED);
  g_assert_cmpfloat (log2.last, <, 1.0);
  g_free (p);
}

static void
test_sample_fraction (void)
{
  const size_t n = 100000;
  size_t *idx = g_new (size_t, n), *again = g_new (size_t, n);
  size_t count = 0, count2 = 0;
  g_assert_cmpint (mc_scatter_sample (n, 0.05, n, 7, idx, &count), ==, MC_OK);
  /* Binomial(100000, 0.05): mean 5000, sd 69; 6 sd either side. */
  g_assert_cmpuint (count, >, 5000 - 414);
  g_assert_cmpuint (count, <, 5000 + 414);
  guint8 *seen = g_new0 (guint8, n);
  gboolean sorted = TRUE;
  double mean = 0;
  for (size_t i = 0; i < count; i++)
    {
      g_assert_cmpuint (idx[i], <, n);
      g_assert_cmpuint (seen[idx[i]], ==, 0);
      seen[idx[i]] = 1;
      if (i > 0 && idx[i] < idx[i - 1])
        sorted = FALSE;
      mean += (double) idx[i] / (double) count;
    }
  /* Drawn in a random order, from the whole range (mean index n/2, sd about 0.3 n / sqrt 5000). */
  g_assert_false (sorted);
  g_assert_cmpfloat (fabs (mean - n / 2.0), <, 0.03 * n);
  /* Bit-identical for the same seed, another sample for another. */
  g_assert_cmpint (mc_scatter_sample (n, 0.05, n, 7, again, &count2), ==, MC_OK);
  g_assert_cmpuint (count2, ==, count);
  g_assert_cmpmem (idx, count * sizeof *idx, again, count2 * sizeof *again);
  g_assert_cmpint (mc_scatter_sample (n, 0.05, n, 8, again, &count2), ==, MC_OK);
  g_assert_true (count2 != count || memcmp (idx, again, count * sizeof *idx) != 0);
  g_free (seen);
  g_free (idx);
  g_free (again);
}

static void
test_sample_all_and_cap (void)
{
  const size_t n = 3000;
  size_t idx[3000], count = 0;
  g_assert_cmpint (mc_scatter_sample (n, 1.0, n, 1, idx, &count), ==, MC_OK);
  g_assert_cmpuint (count, ==, n);
  size_t sum = 0;
  guint8 seen[3000] = { 0 };
  for (size_t i = 0; i < count; i++)
    {
      g_assert_cmpuint (seen[idx[i]], ==, 0);
      seen[idx[i]] = 1;
      sum += idx[i];
    }
  g_assert_cmpuint (sum, ==, n * (n - 1) / 2); /* a permutation of every point */
  /* A cap below the count thins uniformly to exactly the cap (the fraction is lowered first). */
  g_assert_cmpint (mc_scatter_sample (n, 1.0, 500, 1, idx, &count), ==, MC_OK);
  g_assert_cmpuint (count, <=, 500);
  g_assert_cmpuint (count, >, 500 - 6 * 22);
  g_assert_cmpint (mc_scatter_sample (n, 0.5, 200, 2, idx, &count), ==, MC_OK);
  g_assert_cmpuint (count, <=, 200);
  g_assert_cmpuint (count, >, 200 - 6 * 15);
  /* A tiny fraction of a tiny image still shows a point. */
  g_assert_cmpint (mc_scatter_sample (3, 1e-9, 3, 1, idx, &count), ==, MC_OK);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (idx[0], <, 3);
  /* Bad arguments. */
  g_assert_cmpint (mc_scatter_sample (0, 0.5, 10, 1, idx, &count), ==, MC_ERR_ARG);
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpint (mc_scatter_sample (10, 0.0, 10, 1, idx, &count), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_scatter_sample (10, 1.5, 10, 1, idx, &count), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_scatter_sample (10, 0.5, 0, 1, idx, &count), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_scatter_sample (10, 0.5, 10, 1, NULL, &count), ==, MC_ERR_ARG);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/elbow/suggest/clear-elbow", test_suggest_clear_elbow);
  g_test_add_func ("/elbow/suggest/small-late-drop", test_suggest_small_late_drop);
  g_test_add_func ("/elbow/suggest/no-elbow", test_suggest_no_elbow);
  g_test_add_func ("/elbow/suggest/exact-fit-and-noise", test_suggest_exact_fit_and_noise);
  g_test_add_func ("/elbow/inertias/four-colours", test_four_colours);
  g_test_add_func ("/elbow/inertias/two-three-six-colours", test_other_counts);
  g_test_add_func ("/elbow/inertias/deterministic", test_inertias_deterministic);
  g_test_add_func ("/elbow/inertias/arguments", test_inertias_arguments);
  g_test_add_func ("/elbow/inertias/progress-and-cancel", test_inertias_progress_and_cancel);
  g_test_add_func ("/scatter/sample/fraction", test_sample_fraction);
  g_test_add_func ("/scatter/sample/all-and-cap", test_sample_all_and_cap);
  return g_test_run ();
}
