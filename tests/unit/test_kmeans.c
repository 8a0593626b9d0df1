/* test_kmeans.c: the core k-means on synthetic colour sets whose answer is known: flat colours plus
 * noise give centres near the true colours, the result is bit-identical for any thread count, the
 * reported inertia, counts and labels agree with direct computations, and the edge cases (more
 * clusters than colours, one pixel, bad parameters, cancelling) behave as mc_kmeans.h says. */
#include "mc_kmeans.h"
#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Three well separated colours; each point takes colour i % 3 plus Gaussian noise of sigma. */
static const float true_colours[9] = { 0.80f, 0.20f, 0.20f, 0.20f, 0.70f, 0.30f,
                                       0.10f, 0.20f, 0.90f };

static float *
three_colours (size_t n, double sigma, uint64_t seed)
{
  float *p = g_new (float, 3 * n);
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      p[3 * i + d] = (float) (true_colours[3 * (i % 3) + d] + sigma * tu_gauss (seed, 3 * i + d));
  return p;
}

static double
direct_inertia (const float *p, size_t n, const float *centres, const uint8_t *labels)
{
  double s = 0;
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      {
        double diff = (double) p[3 * i + d] - centres[3 * labels[i] + d];
        s += diff * diff;
      }
  return s;
}

static mc_kmeans_params
params_for (int k, double fraction, uint32_t seed)
{
  mc_kmeans_params p;
  mc_kmeans_params_init (&p);
  p.k = k;
  p.sample_fraction = fraction;
  p.seed = seed;
  return p;
}

/* Rounds to the 256 levels of an 8-bit image (as v / 255), so that colours repeat as in photos. */
static void
quantise_8bit (float *p, size_t n)
{
  for (size_t i = 0; i < 3 * n; i++)
    p[i] = (float) lrint (CLAMP (p[i], 0.0f, 1.0f) * 255.0) / 255.0f;
}

/* Every true colour has a returned centre nearby, and each centre holds a third of the points. */
static void
check_three_centres (double fraction, int eight_bit)
{
  size_t n = 30000;
  float *p = three_colours (n, 0.02, 1);
  if (eight_bit)
    quantise_8bit (p, n);
  uint8_t *labels = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (3, fraction, 7);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, NULL), ==, MC_OK);
  g_assert_cmpint (r.k, ==, 3);
  for (int t = 0; t < 3; t++)
    {
      double best = INFINITY;
      int best_j = -1;
      for (int j = 0; j < 3; j++)
        {
          double d = 0;
          for (int c = 0; c < 3; c++)
            d += pow (r.centres[3 * j + c] - true_colours[3 * t + c], 2);
          if (d < best)
            best = d, best_j = j;
        }
      g_assert_cmpfloat (sqrt (best), <, 0.005);
      /* Noise of 0.02 never crosses half the 0.5+ gap between colours: exact counts. */
      g_assert_cmpint (r.counts[best_j], ==, (int64_t) n / 3);
    }
  g_assert_cmpint (r.iterations, >=, 1);
  g_assert_cmpint (r.iterations, <=, 300);
  g_free (p);
  g_free (labels);
}

static void
test_three_colours_full (void)
{
  check_three_centres (1.0, 0);
  check_three_centres (1.0, 1);
}

static void
test_three_colours_sampled (void)
{
  check_three_centres (0.05, 0);
  check_three_centres (0.05, 1);
}

static void
run_with_threads (const float *p, size_t n, const mc_kmeans_params *params, int threads,
                  mc_kmeans_result *r, uint8_t *labels)
{
  mc_set_threads (threads);
  memset (r, 0xab, sizeof *r);
  g_assert_cmpint (mc_kmeans (p, n, params, r, labels, NULL), ==, MC_OK);
  mc_set_threads (0);
}

/* Large enough (and with enough distinct colours: more than a million for the exact fit) that
 * every pass runs several blocks. */
static void
check_deterministic (double fraction, int k, size_t n)
{
  float *p = three_colours (n, 0.1, 2);
  uint8_t *l1 = g_new (uint8_t, n), *l2 = g_new (uint8_t, n), *l3 = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (k, fraction, 12345);
  mc_kmeans_result r1, r2, r3, again;
  run_with_threads (p, n, &params, 1, &r1, l1);
  run_with_threads (p, n, &params, 2, &r2, l2);
  run_with_threads (p, n, &params, 3, &r3, l3);
  g_assert_true (memcmp (&r1, &r2, sizeof r1) == 0);
  g_assert_true (memcmp (&r1, &r3, sizeof r1) == 0);
  g_assert_true (memcmp (l1, l2, n) == 0);
  g_assert_true (memcmp (l1, l3, n) == 0);
  run_with_threads (p, n, &params, 2, &again, l2);
  g_assert_true (memcmp (&r1, &again, sizeof r1) == 0);
  g_assert_true (memcmp (l1, l2, n) == 0);
  /* Another seed gives another start, and (almost surely) other bits somewhere. */
  params.seed = 54321;
  run_with_threads (p, n, &params, 2, &again, l2);
  g_assert_false (memcmp (&r1, &again, sizeof r1) == 0 && memcmp (l1, l2, n) == 0);
  g_free (p);
  g_free (l1);
  g_free (l2);
  g_free (l3);
}

static void
test_deterministic_full (void)
{
  check_deterministic (1.0, 8, 1200007);
}

static void
test_deterministic_sampled (void)
{
  check_deterministic (0.05, 5, 200003);
}

/* The inertia, counts and labels of a result agree with direct double computations, with
 * mc_kmeans_inertia and with mc_kmeans_assign on the returned centres. */
static void
check_consistent (double fraction, int k, int eight_bit)
{
  size_t n = 50000;
  float *p = three_colours (n, 0.08, 3);
  if (eight_bit)
    quantise_8bit (p, n);
  uint8_t *labels = g_new (uint8_t, n), *assigned = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (k, fraction, 99);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, NULL), ==, MC_OK);
  double direct = direct_inertia (p, n, r.centres, labels);
  g_assert_cmpfloat (fabs (r.inertia - direct), <=, 1e-9 * direct);
  double measured = mc_kmeans_inertia (p, n, r.centres, labels);
  g_assert_cmpfloat (fabs (measured - direct), <=, 1e-9 * direct);
  int64_t counts[MC_KMEANS_MAX_K], from_labels[MC_KMEANS_MAX_K] = { 0 };
  double assign_inertia = mc_kmeans_assign (p, n, r.centres, k, assigned, counts);
  g_assert_true (memcmp (labels, assigned, n) == 0);
  g_assert_cmpfloat (fabs (assign_inertia - direct), <=, 1e-9 * direct);
  for (size_t i = 0; i < n; i++)
    from_labels[labels[i]]++;
  int64_t total = 0;
  for (int j = 0; j < k; j++)
    {
      g_assert_cmpint (r.counts[j], ==, counts[j]);
      g_assert_cmpint (r.counts[j], ==, from_labels[j]);
      total += r.counts[j];
    }
  g_assert_cmpint (total, ==, (int64_t) n);
  /* Each point's label is its nearest centre (checked independently, in double). */
  for (size_t i = 0; i < n; i += 97)
    for (int j = 0; j < k; j++)
      {
        double dj = 0, dl = 0;
        for (int d = 0; d < 3; d++)
          {
            dj += pow ((double) p[3 * i + d] - r.centres[3 * j + d], 2);
            dl += pow ((double) p[3 * i + d] - r.centres[3 * labels[i] + d], 2);
          }
        g_assert_cmpfloat (dl, <=, dj);
      }
  g_free (p);
  g_free (labels);
  g_free (assigned);
}

static void
test_consistent_full (void)
{
  check_consistent (1.0, 6, 0);
  check_consistent (1.0, 6, 1);
}

static void
test_consistent_sampled (void)
{
  check_consistent (0.05, 6, 0);
  check_consistent (0.05, 6, 1);
}

/* With tol = 0 the iterations run to strict convergence, so every centre is the mean of its
 * points: Lloyd's fixed point, whatever the bounds skipped on the way. */
static void
test_converged_centres_are_means (void)
{
  size_t n = 40000;
  float *p = three_colours (n, 0.15, 4);
  uint8_t *labels = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (7, 1.0, 5);
  params.tol = 0;
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, NULL), ==, MC_OK);
  g_assert_cmpint (r.iterations, <, 300);
  double sum[MC_KMEANS_MAX_K * 3] = { 0 };
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      sum[3 * labels[i] + d] += p[3 * i + d];
  for (int j = 0; j < 7; j++)
    {
      g_assert_cmpint (r.counts[j], >, 0);
      for (int d = 0; d < 3; d++)
        g_assert_cmpfloat (fabs (sum[3 * j + d] / r.counts[j] - r.centres[3 * j + d]), <, 1e-5);
    }
  /* The default tolerance stops no later than strict convergence. */
  mc_kmeans_result loose;
  params.tol = -1;
  g_assert_cmpint (mc_kmeans (p, n, &params, &loose, NULL, NULL), ==, MC_OK);
  g_assert_cmpint (loose.iterations, <=, r.iterations);
  params.max_iter = 1;
  g_assert_cmpint (mc_kmeans (p, n, &params, &loose, NULL, NULL), ==, MC_OK);
  g_assert_cmpint (loose.iterations, ==, 1);
  g_free (p);
  g_free (labels);
}

/* 4 distinct colours, k = 10: a valid answer with 6 empty clusters and no error. */
static void
check_more_clusters_than_colours (double fraction)
{
  static const float colours[12] = { 0.1f, 0.2f, 0.3f, 0.9f, 0.1f, 0.1f,
                                     0.5f, 0.5f, 0.5f, 0.0f, 1.0f, 0.25f };
  size_t n = 4000;
  float *p = g_new (float, 3 * n);
  for (size_t i = 0; i < n; i++)
    memcpy (p + 3 * i, colours + 3 * ((i * 7 + i / 5) % 4), 3 * sizeof (float));
  uint8_t *labels = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (10, fraction, 3);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, NULL), ==, MC_OK);
  int64_t total = 0;
  int zeros = 0;
  for (int j = 0; j < 10; j++)
    {
      total += r.counts[j];
      zeros += r.counts[j] == 0;
      for (int d = 0; d < 3; d++)
        g_assert_true (isfinite (r.centres[3 * j + d]));
      if (r.counts[j] > 0)
        {
          int matches = 0;
          for (int c = 0; c < 4; c++)
            matches += memcmp (r.centres + 3 * j, colours + 3 * c, 3 * sizeof (float)) == 0;
          g_assert_cmpint (matches, ==, 1);
        }
    }
  g_assert_cmpint (total, ==, (int64_t) n);
  g_assert_cmpint (zeros, ==, 6);
  g_assert_cmpfloat (r.inertia, ==, 0.0);
  for (size_t i = 0; i < n; i++)
    g_assert_cmpint (r.counts[labels[i]], >, 0);
  g_free (p);
  g_free (labels);
}

static void
test_more_clusters_than_colours (void)
{
  check_more_clusters_than_colours (1.0);
  check_more_clusters_than_colours (0.01);
}

static void
test_one_pixel (void)
{
  const float pixel[3] = { 0.25f, 0.5f, 0.75f };
  uint8_t label = 99;
  mc_kmeans_params params = params_for (1, 1.0, 0);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (pixel, 1, &params, &r, &label, NULL), ==, MC_OK);
  g_assert_cmpint (label, ==, 0);
  g_assert_true (memcmp (r.centres, pixel, sizeof pixel) == 0);
  g_assert_cmpint (r.counts[0], ==, 1);
  g_assert_cmpfloat (r.inertia, ==, 0.0);
  g_assert_cmpint (r.iterations, >=, 1);
  /* More clusters than pixels, also through the sampled path. */
  for (int s = 0; s < 2; s++)
    {
      params = params_for (5, s ? 0.05 : 1.0, 0);
      g_assert_cmpint (mc_kmeans (pixel, 1, &params, &r, &label, NULL), ==, MC_OK);
      g_assert_cmpint (label, ==, 0);
      g_assert_cmpint (r.counts[0], ==, 1);
      for (int j = 1; j < 5; j++)
        g_assert_cmpint (r.counts[j], ==, 0);
      g_assert_cmpfloat (r.inertia, ==, 0.0);
    }
}

static void
test_one_cluster_is_mean (void)
{
  size_t n = 10007;
  float *p = three_colours (n, 0.05, 5);
  double mean[3] = { 0 };
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      mean[d] += p[3 * i + d];
  mc_kmeans_params params = params_for (1, 1.0, 1);
  mc_kmeans_result r;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, NULL, NULL), ==, MC_OK);
  for (int d = 0; d < 3; d++)
    g_assert_cmpfloat (fabs (r.centres[d] - mean[d] / n), <, 1e-6);
  g_assert_cmpint (r.counts[0], ==, (int64_t) n);
  /* One centre: the second step finds no label to change. */
  g_assert_cmpint (r.iterations, <=, 2);
  g_free (p);
}

static void
test_invalid_parameters (void)
{
  float p[6] = { 0, 0, 0, 1, 1, 1 };
  mc_kmeans_result r;
  mc_kmeans_params params = params_for (2, 1.0, 0);
  g_assert_cmpint (mc_kmeans (p, 0, &params, &r, NULL, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_kmeans (NULL, 2, &params, &r, NULL, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_kmeans (p, 2, NULL, &r, NULL, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_kmeans (p, 2, &params, NULL, NULL, NULL), ==, MC_ERR_ARG);
  const int bad_k[] = { 0, -1, 257 };
  for (size_t i = 0; i < G_N_ELEMENTS (bad_k); i++)
    {
      params = params_for (bad_k[i], 1.0, 0);
      g_assert_cmpint (mc_kmeans (p, 2, &params, &r, NULL, NULL), ==, MC_ERR_ARG);
    }
  const double bad_fraction[] = { 0.0, -0.5, 1.5, NAN };
  for (size_t i = 0; i < G_N_ELEMENTS (bad_fraction); i++)
    {
      params = params_for (2, bad_fraction[i], 0);
      g_assert_cmpint (mc_kmeans (p, 2, &params, &r, NULL, NULL), ==, MC_ERR_ARG);
    }
  params = params_for (2, 1.0, 0);
  params.max_iter = -1;
  g_assert_cmpint (mc_kmeans (p, 2, &params, &r, NULL, NULL), ==, MC_ERR_ARG);
  /* The limits themselves are valid. */
  params = params_for (256, 1.0, 0);
  g_assert_cmpint (mc_kmeans (p, 2, &params, &r, NULL, NULL), ==, MC_OK);
  g_assert_cmpint (r.counts[0] + r.counts[1], ==, 2);
}

typedef struct
{
  volatile int cancel;
  double cancel_at; /* raise cancel once progress reaches this */
  double last;
  int calls;
  int backwards;
} progress_log;

static void
log_progress (void *user, double fraction)
{
  progress_log *log = user;
  log->backwards += fraction < log->last;
  log->last = fraction;
  log->calls++;
  if (fraction >= log->cancel_at)
    log->cancel = 1;
}

static void
test_progress_and_cancel (void)
{
  size_t n = 60000;
  float *p = three_colours (n, 0.1, 6);
  uint8_t *labels = g_new (uint8_t, n);
  mc_kmeans_result r;
  for (int s = 0; s < 2; s++)
    {
      mc_kmeans_params params = params_for (5, s ? 0.05 : 1.0, 1);
      progress_log log = { 0, 2.0, 0, 0, 0 };
      mc_monitor monitor = { log_progress, &log, &log.cancel };
      g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, &monitor), ==, MC_OK);
      g_assert_cmpint (log.calls, >, 3);
      g_assert_cmpint (log.backwards, ==, 0);
      g_assert_cmpfloat (log.last, ==, 1.0);
      /* Raised before the call. */
      log = (progress_log){ 1, 2.0, 0, 0, 0 };
      g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, &monitor), ==, MC_ERR_CANCELLED);
      /* Raised during the iterations. */
      log = (progress_log){ 0, 0.21, 0, 0, 0 };
      g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, &monitor), ==, MC_ERR_CANCELLED);
      g_assert_cmpfloat (log.last, <, 1.0);
      /* A cancel flag alone, without a callback. */
      volatile int flag = 1;
      mc_monitor flag_only = { NULL, NULL, &flag };
      g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, &flag_only), ==, MC_ERR_CANCELLED);
    }
  g_free (p);
  g_free (labels);
}

static void
test_permute (void)
{
  size_t n = 3000;
  float *p = three_colours (n, 0.02, 8);
  uint8_t *labels = g_new (uint8_t, n), *assigned = g_new (uint8_t, n);
  mc_kmeans_params params = params_for (3, 1.0, 2);
  mc_kmeans_result r, before;
  g_assert_cmpint (mc_kmeans (p, n, &params, &r, labels, NULL), ==, MC_OK);
  before = r;
  const int perm[3] = { 2, 0, 1 };
  mc_kmeans_permute (&r, perm, labels, n);
  for (int j = 0; j < 3; j++)
    {
      g_assert_true (memcmp (r.centres + 3 * j, before.centres + 3 * perm[j], 12) == 0);
      g_assert_cmpint (r.counts[j], ==, before.counts[perm[j]]);
    }
  g_assert_cmpfloat (r.inertia, ==, before.inertia);
  mc_kmeans_assign (p, n, r.centres, 3, assigned, NULL);
  g_assert_true (memcmp (labels, assigned, n) == 0);
  g_free (p);
  g_free (labels);
  g_free (assigned);
}

/* Equal colours are fitted once with their count as weight: an input made of each point twice
 * gives the same centres and twice the inertia, whatever order the copies come in. */
static void
test_duplicates_weigh (void)
{
  size_t n = 20000;
  float *p = three_colours (n, 0.1, 9);
  float *twice = g_new (float, 6 * n);
  memcpy (twice, p, 3 * n * sizeof (float));
  memcpy (twice + 3 * n, p, 3 * n * sizeof (float));
  mc_kmeans_params params = params_for (4, 1.0, 3);
  params.tol = 0;
  mc_kmeans_result once, doubled;
  g_assert_cmpint (mc_kmeans (p, n, &params, &once, NULL, NULL), ==, MC_OK);
  g_assert_cmpint (mc_kmeans (twice, 2 * n, &params, &doubled, NULL, NULL), ==, MC_OK);
  /* Different seeding draws may land in different optima; compare the optimum reached from
   * the first fit's centres instead: assigning the doubled input to them doubles everything. */
  int64_t counts[MC_KMEANS_MAX_K];
  double inertia = mc_kmeans_assign (twice, 2 * n, once.centres, 4, NULL, counts);
  g_assert_cmpfloat (fabs (inertia - 2 * once.inertia), <=, 1e-9 * inertia);
  for (int j = 0; j < 4; j++)
    g_assert_cmpint (counts[j], ==, 2 * once.counts[j]);
  /* Both fits reach an optimum of about the same quality. */
  g_assert_cmpfloat (fabs (doubled.inertia - 2 * once.inertia), <, 0.05 * doubled.inertia);
  g_free (p);
  g_free (twice);
}

typedef struct
{
  const float *points;
  size_t n;
  mc_kmeans_params params;
  mc_kmeans_result result;
  uint8_t *labels;
  mc_status status;
} concurrent_call;

static gpointer
run_call (gpointer data)
{
  concurrent_call *call = data;
  for (int r = 0; r < 5 && call->status == MC_OK; r++)
    call->status = mc_kmeans (call->points, call->n, &call->params, &call->result, call->labels,
                              NULL);
  return NULL;
}

/* Calls from several threads at once (they share the working-memory arena, one at a time, the
 * others allocating their own) give the results of calls made one after another. */
static void
test_concurrent_calls (void)
{
  size_t n = 30000;
  float *p = three_colours (n, 0.1, 10);
  concurrent_call calls[4];
  GThread *threads[4];
  for (int t = 0; t < 4; t++)
    {
      calls[t] = (concurrent_call){ p, n, params_for (3 + t % 2, t < 2 ? 1.0 : 0.2, 7), { 0 },
                                    g_new (uint8_t, n), MC_OK };
      threads[t] = g_thread_new ("kmeans", run_call, &calls[t]);
    }
  for (int t = 0; t < 4; t++)
    g_thread_join (threads[t]);
  uint8_t *labels = g_new (uint8_t, n);
  for (int t = 0; t < 4; t++)
    {
      mc_kmeans_result alone;
      g_assert_cmpint (calls[t].status, ==, MC_OK);
      g_assert_cmpint (mc_kmeans (p, n, &calls[t].params, &alone, labels, NULL), ==, MC_OK);
      g_assert_true (memcmp (&alone, &calls[t].result, sizeof alone) == 0);
      g_assert_true (memcmp (labels, calls[t].labels, n) == 0);
      g_free (calls[t].labels);
    }
  g_free (labels);
  g_free (p);
}

/* The distinct-colour count behind the K-above-colours warning: exact below the limit (3
 * colours among 3000 points), capped at the limit, and bit-exact (0.0 and -0.0 differ). */
static void
test_count_distinct (void)
{
  enum { N = 3000 };
  float *p = g_new (float, 3 * N);
  const float colours[3][3] = { { 0.1f, 0.2f, 0.3f }, { 0.9f, 0.1f, 0.0f }, { 0.5f, 0.5f, 0.5f } };
  for (int i = 0; i < N; i++)
    memcpy (p + 3 * i, colours[i % 3], sizeof colours[0]);
  g_assert_cmpuint (mc_kmeans_count_distinct (p, N, 8), ==, 3);
  g_assert_cmpuint (mc_kmeans_count_distinct (p, N, 2), ==, 2);
  g_assert_cmpuint (mc_kmeans_count_distinct (p, N, 3), ==, 3);
  g_assert_cmpuint (mc_kmeans_count_distinct (p, 0, 8), ==, 0);
  for (int i = 0; i < N; i++)
    for (int c = 0; c < 3; c++)
      p[3 * i + c] = (float) ((i * 7 + c * 13) % 1000) / 1000.0f;
  g_assert_cmpuint (mc_kmeans_count_distinct (p, N, 256), ==, 256);
  float signed_zero[6] = { 0.0f, 0.0f, 0.0f, -0.0f, 0.0f, 0.0f };
  g_assert_cmpuint (mc_kmeans_count_distinct (signed_zero, 2, 8), ==, 2);
  g_free (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kmeans/three-colours/full", test_three_colours_full);
  g_test_add_func ("/kmeans/three-colours/sampled", test_three_colours_sampled);
  g_test_add_func ("/kmeans/deterministic/full", test_deterministic_full);
  g_test_add_func ("/kmeans/deterministic/sampled", test_deterministic_sampled);
  g_test_add_func ("/kmeans/consistent/full", test_consistent_full);
  g_test_add_func ("/kmeans/consistent/sampled", test_consistent_sampled);
  g_test_add_func ("/kmeans/converged-centres-are-means", test_converged_centres_are_means);
  g_test_add_func ("/kmeans/more-clusters-than-colours", test_more_clusters_than_colours);
  g_test_add_func ("/kmeans/one-pixel", test_one_pixel);
  g_test_add_func ("/kmeans/one-cluster-is-mean", test_one_cluster_is_mean);
  g_test_add_func ("/kmeans/invalid-parameters", test_invalid_parameters);
  g_test_add_func ("/kmeans/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/kmeans/permute", test_permute);
  g_test_add_func ("/kmeans/duplicates-weigh", test_duplicates_weigh);
  g_test_add_func ("/kmeans/concurrent-calls", test_concurrent_calls);
  g_test_add_func ("/kmeans/count-distinct", test_count_distinct);
  return g_test_run ();
}
