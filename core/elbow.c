/* elbow.c: the computations behind the "choose K" plots of mc_elbow.h: inertia for a range of K,
 * the suggested K of the elbow curve (kneedle on log inertia), and the scatter plot's sample. */
#include "mc_elbow.h"

#include "mc_kmeans.h"
#include "mc_rng.h"

#include <math.h>
#include <stdlib.h>

/* Stream of the scatter sample's draws: apart from the streams k-means uses for its own. */
#define SCATTER_STREAM UINT64_C (0x5CA77E7)

/* Progress of one fit mapped onto its share of the whole range of K. */
typedef struct
{
  const mc_monitor *parent;
  double done;  /* weight of the fits already finished */
  double share; /* weight of this fit */
  double total; /* weight of every fit */
} elbow_span;

static void
elbow_span_progress (void *user, double fraction)
{
  const elbow_span *s = user;
  mc_monitor_report (s->parent, (s->done + s->share * fraction) / s->total);
}

mc_status
mc_elbow_inertias (const float *points, size_t n, int k_min, int k_max, double sample_fraction,
                   uint32_t seed, double *inertias, const mc_monitor *monitor)
{
  if (!points || !inertias || n == 0 || k_min < 1 || k_max <= k_min || k_max > MC_KMEANS_MAX_K
      || !(sample_fraction > 0.0 && sample_fraction <= 1.0))
    return MC_ERR_ARG;
  /* A fit's cost grows about linearly with K, so K is the weight of its share of the bar. */
  elbow_span span = { monitor, 0.0, 0.0, 0.5 * ((double) k_min + k_max) * (k_max - k_min + 1) };
  mc_monitor sub = { elbow_span_progress, &span, monitor ? monitor->cancel : NULL };
  mc_kmeans_result *fit = malloc (sizeof *fit);
  if (!fit)
    return MC_ERR_NOMEM;
  mc_status st = MC_OK;
  for (int k = k_min; k <= k_max && st == MC_OK; k++)
    {
      if (mc_monitor_cancelled (monitor))
        {
          st = MC_ERR_CANCELLED;
          break;
        }
      mc_kmeans_params params;
      mc_kmeans_params_init (&params);
      params.k = k;
      params.sample_fraction = sample_fraction;
      params.seed = seed;
      span.share = k;
      st = mc_kmeans (points, n, &params, fit, NULL, &sub);
      if (st == MC_OK)
        inertias[k - k_min] = fit->inertia;
      span.done += k;
    }
  free (fit);
  if (st == MC_OK)
    mc_monitor_report (monitor, 1.0);
  return st;
}

int
mc_elbow_suggest_k (const double *inertias, int k_min, int count)
{
  if (!inertias || count < 3)
    return k_min;
  double top = 0.0;
  for (int i = 0; i < count; i++)
    if (inertias[i] > top)
      top = inertias[i];
  if (!(top > 0.0))
    return k_min; /* every fit is exact (or the input is not a curve): nothing to choose */
  /* An inertia of 0 (K reached the number of distinct colours) would be -infinity on a log
   * scale; a floor far below any real residue keeps the curve finite and still drops to it. */
  double floor_value = top * 1e-9;
  double lo = INFINITY, hi = -INFINITY;
  double *y = malloc ((size_t) count * sizeof *y);
  if (!y)
    return k_min;
  for (int i = 0; i < count; i++)
    {
      double v = inertias[i] > floor_value ? inertias[i] : floor_value;
      y[i] = log (v);
      lo = y[i] < lo ? y[i] : lo;
      hi = y[i] > hi ? y[i] : hi;
    }
  int best = k_min;
  if (hi > lo)
    {
      double first = (y[0] - lo) / (hi - lo), last = (y[count - 1] - lo) / (hi - lo);
      /* A point must lie visibly below the chord: rounding alone must not make an elbow of a
         straight (geometric) curve. */
      double best_gap = 1e-6;
      for (int i = 1; i < count - 1; i++)
        {
          double x = (double) i / (count - 1);
          double chord = first + (last - first) * x;
          /* The vertical gap is the perpendicular distance times a constant of the chord, so
           * both pick the same K; strict > keeps the smaller K on ties. */
          double gap = chord - (y[i] - lo) / (hi - lo);
          if (gap > best_gap)
            {
              best_gap = gap;
              best = k_min + i;
            }
        }
    }
  free (y);
  return best;
}

/* A drawn point: its random key orders the drawing, its index names the pixel. */
typedef struct
{
  uint64_t key;
  size_t index;
} scatter_pick;

static int
scatter_pick_compare (const void *a, const void *b)
{
  const scatter_pick *p = a, *q = b;
  if (p->key != q->key)
    return p->key < q->key ? -1 : 1;
  return p->index < q->index ? -1 : p->index > q->index;
}

mc_status
mc_scatter_sample (size_t n, double fraction, size_t max_points, uint32_t seed, size_t *indices,
                   size_t *count)
{
  if (count)
    *count = 0;
  if (n == 0 || max_points == 0 || !indices || !count
      || !(fraction > 0.0 && fraction <= 1.0))
    return MC_ERR_ARG;
  double take = fraction;
  if ((double) n * take > (double) max_points)
    take = (double) max_points / (double) n;
  /* Room for the expected count plus six standard deviations; grown if ever exceeded. */
  double expected = (double) n * take;
  size_t capacity = (size_t) (expected + 6.0 * sqrt (expected) + 16.0);
  if (capacity > n)
    capacity = n;
  scatter_pick *picks = malloc (capacity * sizeof *picks);
  if (!picks)
    return MC_ERR_NOMEM;
  size_t taken = 0;
  scatter_pick smallest = { UINT64_MAX, 0 };
  for (size_t i = 0; i < n; i++)
    {
      uint64_t key = mc_rand_u64 (seed, SCATTER_STREAM, i);
      if (key < smallest.key)
        smallest = (scatter_pick) { key, i };
      /* The same 53 bits mc_rand_unit would give: key order and the draw agree. */
      if ((double) (key >> 11) * (1.0 / 9007199254740992.0) >= take)
        continue;
      if (taken == capacity)
        {
          size_t grown = capacity * 2 < n ? capacity * 2 : n;
          scatter_pick *more = realloc (picks, grown * sizeof *picks);
          if (!more)
            {
              free (picks);
              return MC_ERR_NOMEM;
            }
          picks = more;
          capacity = grown;
        }
      picks[taken++] = (scatter_pick) { key, i };
    }
  if (taken == 0) /* a tiny fraction of a tiny image: show at least the first drawn point */
    picks[taken++] = smallest;
  qsort (picks, taken, sizeof *picks, scatter_pick_compare);
  if (taken > max_points)
    taken = max_points;
  for (size_t i = 0; i < taken; i++)
    indices[i] = picks[i].index;
  *count = taken;
  free (picks);
  return MC_OK;
}
