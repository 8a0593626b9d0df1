/* kmeans.c: k-means clustering of colour triples as scikit-learn's KMeans(n_init=1,
 * init="k-means++") does it: greedy k-means++ seeding, then Lloyd iterations until the labels stop
 * changing or the centres move less than the tolerance, then a last assignment.
 *
 * Speed comes from the structure of images, not from approximation: the fit runs on the distinct
 * colours weighted by how often they occur (kmeans_dedup.c), which gives exactly the sums a fit on
 * every pixel gives; Hamerly's bounds skip the distance computations that the triangle inequality
 * shows cannot change a label; distances during the fit are SSE2 floats (sums stay double); the
 * working memory stays warm between calls (kmeans_scratch.c); and the passes over colours and
 * pixels run in fixed blocks whose partial sums are reduced in block order, so the result does not
 * depend on the thread count. The returned labels, counts and inertia come from an exact
 * assignment in double to the returned float centres, the one mc_kmeans_assign makes.
 *
 * Choices where scikit-learn's behaviour is not the natural one for weighted colours:
 * - A cluster left empty by an assignment step is moved onto the colour farthest from its centre
 *   (ties to the lowest colour index) among the colours whose removal does not empty their own
 *   cluster; a colour moves with all its pixels. When no colour is farther than 0 from its centre
 *   (fewer distinct colours than clusters), the empty centre stays where it was.
 * - When k exceeds the number of distinct colours, k-means++ places the surplus centres on
 *   duplicates of the first colour (scikit-learn's draw against a zero potential does the same);
 *   the final assignment sends ties to the lowest index, so the duplicates keep count 0. */
#include "mc_kmeans.h"

#include "kmeans_internal.h"
#include "mc_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Colours per block of the passes of the fit, points per block of mc_kmeans_assign. The fit's
 * blocks are large: a pass over the 20 000 to 200 000 colours of a photograph takes about as long
 * as starting a thread (80 to 200 µs on the VMs we measured, and milliseconds when the machine is
 * loaded), and a fit makes dozens of passes, so only fits on more than a million colours (deep or
 * synthetic images) use threads. The passes over every point use them. */
#define FIT_BLOCK (1 << 20)
#define ASSIGN_BLOCK KMEANS_ASSIGN_BLOCK

/* Random streams: the sample and the k-means++ draws never share numbers. */
#define STREAM_SAMPLE 1
#define STREAM_SEEDING 2

/* scikit-learn's n_local_trials = 2 + floor(ln k) is at most 7 for k <= 256. */
#define MAX_TRIALS 8

void
mc_kmeans_params_init (mc_kmeans_params *p)
{
  p->k = 5;
  p->sample_fraction = 1.0;
  p->seed = 0;
  p->max_iter = 300;
  p->tol = 1e-4;
}

/* ---- Seeding: greedy k-means++ ---------------------------------------------------------- */

/* Working memory of a fit, one entry per colour, shared by its phases so that no phase touches
 * fresh memory the one before it already paid for. */
typedef struct
{
  float *near;    /* seeding: squared distance to the nearest chosen centre; Lloyd: upper bound
                     on the distance to the own centre */
  float *far;     /* Lloyd: lower bound on the distance to every other centre */
  uint8_t *label; /* Lloyd and the final assignment: the colour's centre */
} fit_memory;

typedef struct
{
  const kmeans_colours *c;
  float *closest;             /* = fit_memory.near */
  float cand[MAX_TRIALS * 3]; /* the candidates of this round */
  int trials;
  double *trial_pot;          /* per block and trial: sum of weight * min(closest, d2(candidate)) */
  double *block_pot;          /* per block: sum of weight * closest */
  /* The draws' running sums, marked as far as a draw of this round needed them (see
   * seeding_draw): */
  double *mark;        /* per DRAW_STEP colours: the running sum before them */
  size_t *reached;     /* per block: its colours whose running sum is marked */
  double *reached_run; /* per block: the running sum after them */
  size_t *last;        /* per block: the last of them with a positive share */
} seeding_ctx;

/* Colours per mark of the running sums of the draws. */
#define DRAW_STEP 256

/* Sum of weight * min(closest, squared distance to cand) over [begin, end), accumulated in eight
 * lanes (point i goes to lane i % 8) that are summed in a fixed order, so the result depends on
 * the block alone. With update, closest takes the minimum too (cand becomes a centre).
 * The SSE2 version (every x86-64 has it) and the plain one do the same operations in the same
 * order and give the same bits. */
static double
potential_with (const seeding_ctx *s, size_t begin, size_t end, const float *cand, int update)
{
  const float *x = s->c->x, *y = s->c->y, *z = s->c->z;
  const uint32_t *w = s->c->weight;
  float *cl = s->closest;
  double lane[8] = { 0 };
  size_t i = begin;
#ifdef __SSE2__
  {
    const __m128 cx = _mm_set1_ps (cand[0]), cy = _mm_set1_ps (cand[1]), cz = _mm_set1_ps (cand[2]);
    __m128d acc[4] = { _mm_setzero_pd (), _mm_setzero_pd (), _mm_setzero_pd (), _mm_setzero_pd () };
    for (; i + 8 <= end; i += 8)
      for (int h = 0; h < 2; h++)
        {
          size_t o = i + 4 * (size_t) h;
          __m128 dx = _mm_sub_ps (_mm_loadu_ps (x + o), cx);
          __m128 dy = _mm_sub_ps (_mm_loadu_ps (y + o), cy);
          __m128 dz = _mm_sub_ps (_mm_loadu_ps (z + o), cz);
          __m128 d = _mm_add_ps (_mm_add_ps (_mm_mul_ps (dx, dx), _mm_mul_ps (dy, dy)),
                                 _mm_mul_ps (dz, dz));
          __m128 m = _mm_min_ps (d, _mm_loadu_ps (cl + o));
          if (update)
            _mm_storeu_ps (cl + o, m);
          __m128i wi = _mm_loadu_si128 ((const __m128i *) (w + o));
          __m128d w_lo = _mm_cvtepi32_pd (wi), w_hi = _mm_cvtepi32_pd (_mm_srli_si128 (wi, 8));
          acc[2 * h] = _mm_add_pd (acc[2 * h], _mm_mul_pd (w_lo, _mm_cvtps_pd (m)));
          acc[2 * h + 1] = _mm_add_pd (acc[2 * h + 1],
                                       _mm_mul_pd (w_hi, _mm_cvtps_pd (_mm_movehl_ps (m, m))));
        }
    for (int h = 0; h < 4; h++)
      _mm_storeu_pd (lane + 2 * h, acc[h]);
  }
#endif
  for (; i < end; i++)
    {
      float dx = x[i] - cand[0], dy = y[i] - cand[1], dz = z[i] - cand[2];
      float d = (dx * dx + dy * dy) + dz * dz;
      float m = d < cl[i] ? d : cl[i];
      if (update)
        cl[i] = m;
      lane[(i - begin) % 8] += (double) (int32_t) w[i] * (double) m;
    }
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

static void
seeding_eval_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  seeding_ctx *s = ctx_;
  for (int t = 0; t < s->trials; t++)
    s->trial_pot[b * MAX_TRIALS + t] = potential_with (s, begin, end, s->cand + 3 * t, 0);
}

/* Makes cand[0] a chosen centre: the block's closest and potential. */
static void
seeding_commit_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  seeding_ctx *s = ctx_;
  s->block_pot[b] = potential_with (s, begin, end, s->cand, 1);
}

/* Runs the sum of weight * closest over the next DRAW_STEP colours of block b (at most to end),
 * marking the sum before them. */
static void
draw_extend (seeding_ctx *s, size_t b, size_t end)
{
  size_t i = b * FIT_BLOCK + s->reached[b], stop = i + DRAW_STEP < end ? i + DRAW_STEP : end;
  double run = s->reached_run[b];
  s->mark[i / DRAW_STEP] = run;
  for (; i < stop; i++)
    {
      double share = (double) s->c->weight[i] * (double) s->closest[i];
      if (share > 0)
        {
          s->last[b] = i;
          run += share;
        }
    }
  s->reached[b] = stop - b * FIT_BLOCK;
  s->reached_run[b] = run;
}

/* The colour of block b at which the running sum reaches r, from the mark of its DRAW_STEP
 * colours (the running sum after them reaches r). */
static size_t
draw_within (const seeding_ctx *s, size_t g, size_t end, double r)
{
  double run = s->mark[g];
  size_t stop = (g + 1) * DRAW_STEP < end ? (g + 1) * DRAW_STEP : end;
  for (size_t i = g * DRAW_STEP; i < stop; i++)
    {
      double share = (double) s->c->weight[i] * (double) s->closest[i];
      if (share > 0 && (run += share) >= r)
        return i;
    }
  return stop - 1; /* not reached: the sum after these colours is at least r */
}

/* The colour of block b (whose running sum starts at run) at which the running sum first
 * reaches r, or the block's last colour with a positive share when rounding left r beyond it.
 * All the draws of a round share the running sums: they are marked once, as far as the
 * farthest draw needs, and each draw then runs them over DRAW_STEP colours at most. The sums
 * are those of the plain scan, added in the same order, so the draw is the same. */
static size_t
draw_in_block (seeding_ctx *s, size_t b, double run, double r)
{
  size_t begin = b * FIT_BLOCK, n = s->c->n_unique, end = begin + FIT_BLOCK < n ? begin + FIT_BLOCK : n;
  if (s->reached[b] == 0)
    {
      s->reached_run[b] = run;
      s->last[b] = begin;
    }
  while (s->reached_run[b] < r && begin + s->reached[b] < end)
    draw_extend (s, b, end);
  if (s->reached_run[b] < r)
    return s->last[b];
  /* The first marked stretch whose sum after it reaches r. */
  size_t lo = begin / DRAW_STEP, hi = (begin + s->reached[b] - 1) / DRAW_STEP;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (s->mark[mid + 1] >= r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return draw_within (s, lo, end, r);
}

/* The colour at which the running sum of weight * closest first reaches r (scikit-learn's
 * searchsorted on the cumulative potential). Only colours with a positive share can be drawn;
 * index 0 when the potential is 0 (every colour is already a centre), as in scikit-learn. */
static size_t
seeding_draw (seeding_ctx *s, size_t nb, double pot, double r)
{
  if (!(pot > 0))
    return 0;
  size_t last_block = 0;
  for (size_t b = 0; b < nb; b++)
    if (s->block_pot[b] > 0)
      last_block = b;
  double run = 0;
  for (size_t b = 0; b < nb; b++)
    {
      if (s->block_pot[b] > 0 && (run + s->block_pot[b] >= r || b == last_block))
        return draw_in_block (s, b, run, r);
      run += s->block_pot[b];
    }
  return 0;
}

static double
sum_blocks (const double *v, size_t nb, size_t stride)
{
  double s = 0;
  for (size_t b = 0; b < nb; b++)
    s += v[b * stride];
  return s;
}

static void
set_candidate (seeding_ctx *s, int t, size_t i)
{
  s->cand[3 * t] = s->c->x[i];
  s->cand[3 * t + 1] = s->c->y[i];
  s->cand[3 * t + 2] = s->c->z[i];
}

/* The first centre is drawn uniformly over the points (not the colours): the colour holding the
 * p-th point for a uniform p. */
static size_t
seeding_first (const kmeans_colours *c, mc_rng *rng)
{
  uint64_t p = mc_rng_below (rng, c->n_points), run = 0;
  for (size_t i = 0; i < c->n_unique; i++)
    {
      run += c->weight[i];
      if (p < run)
        return i;
    }
  return c->n_unique - 1;
}

/* Greedy k-means++ (scikit-learn's _kmeans_plusplus): each new centre is the best, by the
 * potential it leaves, of n_local_trials colours drawn with probability proportional to
 * weight * squared distance to the nearest chosen centre. Writes k centres to centres. */
static mc_status
kmeans_seed (const kmeans_colours *c, int k, uint32_t seed, fit_memory *mem, double *centres,
             const mc_monitor *monitor)
{
  size_t n = c->n_unique, nb = mc_num_blocks (n, FIT_BLOCK);
  seeding_ctx s = { c, mem->near, { 0 }, 1, malloc (nb * MAX_TRIALS * sizeof (double)),
                    malloc (nb * sizeof (double)),
                    malloc ((n / DRAW_STEP + 1) * sizeof (double)), malloc (nb * sizeof (size_t)),
                    malloc (nb * sizeof (double)), malloc (nb * sizeof (size_t)) };
  mc_status status = MC_OK;
  if (!s.trial_pot || !s.block_pot || !s.mark || !s.reached || !s.reached_run || !s.last)
    status = MC_ERR_NOMEM;
  mc_rng rng;
  mc_rng_init (&rng, seed, STREAM_SEEDING);
  int trials = 2 + (int) floor (log ((double) k));
  for (int j = 0; j < k && status == MC_OK; j++)
    {
      size_t chosen;
      if (j == 0)
        {
          chosen = seeding_first (c, &rng);
          for (size_t i = 0; i < n; i++)
            s.closest[i] = INFINITY;
        }
      else
        {
          double pot = sum_blocks (s.block_pot, nb, 1);
          memset (s.reached, 0, nb * sizeof (size_t)); /* closest changed: nothing marked */
          size_t cand[MAX_TRIALS];
          for (int t = 0; t < trials; t++)
            {
              cand[t] = seeding_draw (&s, nb, pot, mc_rng_unit (&rng) * pot);
              set_candidate (&s, t, cand[t]);
            }
          s.trials = trials;
          mc_parallel_blocks (n, FIT_BLOCK, seeding_eval_block, &s);
          int best = 0;
          double best_pot = 0;
          for (int t = 0; t < trials; t++)
            {
              double p = sum_blocks (s.trial_pot + t, nb, MAX_TRIALS);
              if (t == 0 || p < best_pot)
                best = t, best_pot = p;
            }
          chosen = cand[best];
        }
      centres[3 * j] = c->x[chosen];
      centres[3 * j + 1] = c->y[chosen];
      centres[3 * j + 2] = c->z[chosen];
      /* The last centre's distances are not needed: Lloyd starts from scratch. */
      if (j + 1 < k)
        {
          set_candidate (&s, 0, chosen);
          mc_parallel_blocks (n, FIT_BLOCK, seeding_commit_block, &s);
        }
      if (mc_monitor_report (monitor, 0.1 + 0.1 * (j + 1) / k))
        status = MC_ERR_CANCELLED;
    }
  free (s.trial_pot);
  free (s.block_pot);
  free (s.mark);
  free (s.reached);
  free (s.reached_run);
  free (s.last);
  return status;
}

/* ---- Lloyd iterations with Hamerly's bounds ----------------------------------------------- */

/* Hamerly's bounds, stored so that a colour whose label the bounds settle costs no write: centre
 * j's total movement drift[j] and the running sum of the largest movement of each step,
 * max_drift, are kept once for all colours, and each colour stores its bounds with the drift at
 * the time subtracted (upper) or added (lower). Its current bounds are then
 *   upper = near + drift[label]  >= distance to its centre,
 *   lower = far - max_drift      <= distance to every other centre,
 * and it keeps its label when upper <= max(lower, half the distance from its centre to the
 * nearest other centre). A first loop lists the colours that the bounds do not settle, without
 * branches (their outcome is a coin toss near cluster borders, and mispredictions cost more than
 * the test); a second measures each listed colour's distance to its own centre, which settles
 * most of them; a third measures the rest against every centre, four at a time.
 * Distances and bounds are floats: they decide labels during the fit as scikit-learn's doubles
 * do except for ties within float rounding, and the final assignment is exact in double. */
typedef struct
{
  const kmeans_colours *c;
  int k;
  float cx[MC_KMEANS_MAX_K], cy[MC_KMEANS_MAX_K], cz[MC_KMEANS_MAX_K]; /* centres of this step */
  float half_gap[MC_KMEANS_MAX_K]; /* half the distance from each centre to its nearest other */
  float drift[MC_KMEANS_MAX_K];    /* how far each centre has moved in all, summed over steps */
  float max_drift;                 /* sum over steps of the largest move of the step */
  int first;               /* the first step measures every colour and sums from scratch */
  fit_memory *mem;         /* labels and bounds */
  double *partial;         /* per block, per centre: sums of w*x, w*y, w*z, w (changes only,
                              except in the first step) */
  size_t *changed;         /* per block: colours whose label changed */
} lloyd_ctx;

static inline void
add_point (double *sums, int j, double w, double x, double y, double z)
{
  sums[4 * j] += w * x;
  sums[4 * j + 1] += w * y;
  sums[4 * j + 2] += w * z;
  sums[4 * j + 3] += w;
}

/* Squared distances from four colours to the nearest (b1, label best) and second-nearest (b2)
 * centre; ties to the lowest index. The SSE2 and the plain versions give the same bits. */
static void
nearest_two4 (const lloyd_ctx *L, const float *x, const float *y, const float *z, float *b1,
              float *b2, int *best)
{
#ifdef __SSE2__
  __m128 px = _mm_loadu_ps (x), py = _mm_loadu_ps (y), pz = _mm_loadu_ps (z);
  __m128 d1 = _mm_set1_ps (INFINITY), d2 = d1;
  __m128i idx = _mm_setzero_si128 ();
  for (int j = 0; j < L->k; j++)
    {
      __m128 dx = _mm_sub_ps (px, _mm_set1_ps (L->cx[j]));
      __m128 dy = _mm_sub_ps (py, _mm_set1_ps (L->cy[j]));
      __m128 dz = _mm_sub_ps (pz, _mm_set1_ps (L->cz[j]));
      __m128 d = _mm_add_ps (_mm_add_ps (_mm_mul_ps (dx, dx), _mm_mul_ps (dy, dy)),
                             _mm_mul_ps (dz, dz));
      __m128i closer = _mm_castps_si128 (_mm_cmplt_ps (d, d1));
      d2 = _mm_min_ps (d2, _mm_max_ps (d1, d));
      d1 = _mm_min_ps (d, d1);
      idx = _mm_or_si128 (_mm_and_si128 (closer, _mm_set1_epi32 (j)),
                          _mm_andnot_si128 (closer, idx));
    }
  _mm_storeu_ps (b1, d1);
  _mm_storeu_ps (b2, d2);
  _mm_storeu_si128 ((__m128i *) best, idx);
#else
  for (int p = 0; p < 4; p++)
    {
      float d1 = INFINITY, d2 = INFINITY;
      int idx = 0;
      for (int j = 0; j < L->k; j++)
        {
          float dx = x[p] - L->cx[j], dy = y[p] - L->cy[j], dz = z[p] - L->cz[j];
          float d = (dx * dx + dy * dy) + dz * dz;
          int closer = d < d1;
          float hi = d1 > d ? d1 : d; /* as _mm_max_ps (d1, d) */
          d2 = d2 < hi ? d2 : hi;
          d1 = d < d1 ? d : d1;
          idx = closer ? j : idx;
        }
      b1[p] = d1;
      b2[p] = d2;
      best[p] = idx;
    }
#endif
}

/* Hamerly's bound for colour i: max(lower, half the gap of its centre). */
static inline float
settle_bound (const lloyd_ctx *L, size_t i, int a)
{
  float l = L->mem->far[i] - L->max_drift;
  return l > L->half_gap[a] ? l : L->half_gap[a];
}

/* Measures the listed colours against every centre: new labels, bounds and sums. */
static size_t
measure_listed (lloyd_ctx *L, const uint32_t *list, size_t count, double *part)
{
  const kmeans_colours *c = L->c;
  float *near = L->mem->near, *far = L->mem->far;
  uint8_t *label = L->mem->label;
  size_t changed = 0;
  for (size_t q = 0; q < count; q += 4)
    {
      /* Gather four colours. */
      float x[4], y[4], z[4], b1[4], b2[4];
      int best[4];
      size_t ids[4];
      for (int p = 0; p < 4; p++)
        {
          ids[p] = list[q + p]; /* the list repeats its last colour */
          x[p] = c->x[ids[p]];
          y[p] = c->y[ids[p]];
          z[p] = c->z[ids[p]];
        }
      nearest_two4 (L, x, y, z, b1, b2, best);
      for (int p = 0; p < 4 && q + p < count; p++)
        {
          size_t i = ids[p];
          int a = best[p];
          near[i] = sqrtf (b1[p]) - L->drift[a];
          far[i] = sqrtf (b2[p]) + L->max_drift;
          if (L->first)
            add_point (part, a, c->weight[i], x[p], y[p], z[p]);
          else if (a != label[i])
            {
              add_point (part, label[i], -(double) c->weight[i], x[p], y[p], z[p]);
              add_point (part, a, c->weight[i], x[p], y[p], z[p]);
              changed++;
            }
          label[i] = (uint8_t) a;
        }
    }
  return L->first ? count : changed;
}

/* Of the listed colours, keeps listed only those whose exact distance to their own centre still
 * exceeds their bound (settle_bound), four at a time; the others keep their label and get that
 * distance as their upper bound (Hamerly's tightening step, which spares k - 1 distances for
 * each colour it settles). Returns how many stay listed, followed by three copies of the last. */
static size_t
tighten_listed (lloyd_ctx *L, uint32_t *list, size_t count)
{
  const kmeans_colours *c = L->c;
  float *near = L->mem->near;
  const uint8_t *label = L->mem->label;
  size_t kept = 0;
  for (size_t q = 0; q < count; q += 4)
    {
      float x[4], y[4], z[4], d[4], m[4];
      uint32_t ids[4];
      int a[4];
      for (int p = 0; p < 4; p++)
        {
          ids[p] = list[q + p];
          a[p] = label[ids[p]];
          x[p] = c->x[ids[p]] - L->cx[a[p]];
          y[p] = c->y[ids[p]] - L->cy[a[p]];
          z[p] = c->z[ids[p]] - L->cz[a[p]];
          m[p] = settle_bound (L, ids[p], a[p]);
        }
#ifdef __SSE2__
      __m128 dx = _mm_loadu_ps (x), dy = _mm_loadu_ps (y), dz = _mm_loadu_ps (z);
      _mm_storeu_ps (d, _mm_sqrt_ps (_mm_add_ps (_mm_add_ps (_mm_mul_ps (dx, dx),
                                                             _mm_mul_ps (dy, dy)),
                                                 _mm_mul_ps (dz, dz))));
#else
      for (int p = 0; p < 4; p++)
        d[p] = sqrtf ((x[p] * x[p] + y[p] * y[p]) + z[p] * z[p]);
#endif
      for (int p = 0; p < 4 && q + p < count; p++)
        {
          near[ids[p]] = d[p] - L->drift[a[p]];
          list[kept] = ids[p];
          kept += d[p] > m[p];
        }
    }
  for (int p = 0; p < 3; p++)
    list[kept + (size_t) p] = kept ? list[kept - 1] : list[0];
  return kept;
}

/* One assignment step over a block of colours, a chunk at a time so that the lists stay on the
 * stack. */
#define LIST_CHUNK 512

#ifdef __SSE2__
/* For each mask of four lanes, the lanes that are set, in order (then zeros). */
static const uint32_t listed_lanes[16][4] = {
  { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 },
  { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 1, 2, 0, 0 }, { 0, 1, 2, 0 },
  { 3, 0, 0, 0 }, { 0, 3, 0, 0 }, { 1, 3, 0, 0 }, { 0, 1, 3, 0 },
  { 2, 3, 0, 0 }, { 0, 2, 3, 0 }, { 1, 2, 3, 0 }, { 0, 1, 2, 3 }
};
#endif

/* Lists the colours of [begin, end) whose bounds do not settle their label (all of them in the
 * first step), followed by three copies of the last so that the lists can be read four at a
 * time. SSE2 tests four colours at a time with the same float operations as the plain loop (so
 * it lists the same colours) and appends the listed ones with a table instead of branches
 * (whether a colour is listed is a coin toss near cluster borders). list has room for
 * end - begin + 4 entries. */
static size_t
list_unsettled (const lloyd_ctx *L, size_t begin, size_t end, uint32_t *list)
{
  const float *near = L->mem->near, *drift = L->drift;
  const uint8_t *label = L->mem->label;
  size_t count = 0, i = begin;
  if (L->first)
    for (; i < end; i++)
      list[count++] = (uint32_t) i;
#ifdef __SSE2__
  const __m128 md = _mm_set1_ps (L->max_drift);
  const float *far = L->mem->far, *half_gap = L->half_gap;
  for (; i + 4 <= end; i += 4)
    {
      const uint8_t *a = label + i;
      __m128 u = _mm_add_ps (_mm_loadu_ps (near + i),
                             _mm_setr_ps (drift[a[0]], drift[a[1]], drift[a[2]], drift[a[3]]));
      __m128 l = _mm_sub_ps (_mm_loadu_ps (far + i), md);
      __m128 m = _mm_max_ps (l, _mm_setr_ps (half_gap[a[0]], half_gap[a[1]], half_gap[a[2]],
                                             half_gap[a[3]])); /* l > half_gap ? l : half_gap */
      unsigned over = (unsigned) _mm_movemask_ps (_mm_cmpgt_ps (u, m));
      __m128i lanes = _mm_loadu_si128 ((const __m128i *) listed_lanes[over]);
      _mm_storeu_si128 ((__m128i *) (list + count),
                        _mm_add_epi32 (_mm_set1_epi32 ((int) i), lanes));
      count += (UINT64_C (0x4332322132212110) >> (4 * over)) & 15; /* bits set in over */
    }
#endif
  for (; i < end; i++)
    {
      list[count] = (uint32_t) i;
      count += near[i] + drift[label[i]] > settle_bound (L, i, label[i]);
    }
  for (int p = 0; p < 3; p++)
    list[count + (size_t) p] = count ? list[count - 1] : (uint32_t) begin;
  return count;
}

static void
lloyd_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  lloyd_ctx *L = ctx_;
  double *part = L->partial + b * 4 * (size_t) L->k;
  size_t changed = 0;
  memset (part, 0, 4 * (size_t) L->k * sizeof (double));
  for (size_t chunk = begin; chunk < end; chunk += LIST_CHUNK)
    {
      size_t stop = chunk + LIST_CHUNK < end ? chunk + LIST_CHUNK : end;
      uint32_t list[LIST_CHUNK + 4];
      size_t count = list_unsettled (L, chunk, stop, list);
      if (!L->first)
        count = tighten_listed (L, list, count);
      changed += measure_listed (L, list, count, part);
    }
  L->changed[b] = changed;
}

/* The float copies of the centres, and half the distance from each to its nearest other. */
static void
prepare_step (lloyd_ctx *L, const double *centres)
{
  for (int j = 0; j < L->k; j++)
    {
      L->cx[j] = (float) centres[3 * j];
      L->cy[j] = (float) centres[3 * j + 1];
      L->cz[j] = (float) centres[3 * j + 2];
      double g = INFINITY;
      for (int o = 0; o < L->k; o++)
        if (o != j)
          {
            double dx = centres[3 * j] - centres[3 * o];
            double dy = centres[3 * j + 1] - centres[3 * o + 1];
            double dz = centres[3 * j + 2] - centres[3 * o + 2];
            double d = sqrt (dx * dx + dy * dy + dz * dz);
            g = d < g ? d : g;
          }
      /* Rounded down a little, so that the float bounds err on the side of measuring. */
      L->half_gap[j] = (float) (0.5 * g * (1 - 1e-6));
    }
}

/* Moves each empty cluster onto a far colour (see the top of the file). Returns how many colours
 * moved. sums holds w*x, w*y, w*z, w per centre and is updated. */
static size_t
relocate_empty (lloyd_ctx *L, const double *centres, double *sums)
{
  const kmeans_colours *c = L->c;
  uint8_t *label = L->mem->label;
  size_t moved = 0;
  double *dist2 = NULL;
  for (int j = 0; j < L->k; j++)
    {
      if (sums[4 * j + 3] > 0)
        continue;
      if (!dist2)
        {
          dist2 = malloc (c->n_unique * sizeof (double));
          if (!dist2)
            return moved; /* no memory: the centre stays, which is still a valid answer */
          for (size_t i = 0; i < c->n_unique; i++)
            {
              const double *cen = centres + 3 * label[i];
              double dx = c->x[i] - cen[0], dy = c->y[i] - cen[1], dz = c->z[i] - cen[2];
              dist2[i] = dx * dx + dy * dy + dz * dz;
            }
        }
      size_t best = SIZE_MAX;
      for (size_t i = 0; i < c->n_unique; i++)
        if (dist2[i] > 0 && sums[4 * label[i] + 3] > c->weight[i]
            && (best == SIZE_MAX || dist2[i] > dist2[best]))
          best = i;
      if (best == SIZE_MAX)
        break;
      double w = c->weight[best];
      add_point (sums, label[best], -w, c->x[best], c->y[best], c->z[best]);
      memset (sums + 4 * j, 0, 4 * sizeof (double));
      add_point (sums, j, w, c->x[best], c->y[best], c->z[best]);
      label[best] = (uint8_t) j;
      /* It sits on its new centre; it is measured again once that centre moves. */
      L->mem->near[best] = -L->drift[j];
      L->mem->far[best] = L->max_drift;
      dist2[best] = 0;
      moved++;
    }
  free (dist2);
  return moved;
}

/* The update step: centres = sums / weights, and the drifts that loosen the bounds. Returns the
 * sum of squared shifts, which scikit-learn compares with the tolerance. */
static double
update_centres (lloyd_ctx *L, const double *sums, double *centres)
{
  double total = 0, largest = 0;
  for (int j = 0; j < L->k; j++)
    {
      double s2 = 0;
      if (sums[4 * j + 3] > 0)
        for (int d = 0; d < 3; d++)
          {
            double v = sums[4 * j + d] / sums[4 * j + 3];
            s2 += (v - centres[3 * j + d]) * (v - centres[3 * j + d]);
            centres[3 * j + d] = v;
          }
      total += s2;
      /* Rounded up a little, so that the float bounds err on the side of measuring. */
      double s = sqrt (s2) * (1 + 1e-6);
      L->drift[j] = (float) (L->drift[j] + s);
      largest = s > largest ? s : largest;
    }
  L->max_drift = (float) (L->max_drift + largest);
  return total;
}

/* Lloyd iterations from the seeded centres until the labels stop changing, or the squared
 * centre shifts sum to at most tol_abs, or max_iter steps ran (scikit-learn's
 * _kmeans_single_lloyd). *iterations receives the steps run, as n_iter_. */
static mc_status
kmeans_lloyd (const kmeans_colours *c, int k, int max_iter, double tol_abs, fit_memory *mem,
              double *centres, int *iterations, const mc_monitor *monitor)
{
  size_t n = c->n_unique, nb = mc_num_blocks (n, FIT_BLOCK);
  lloyd_ctx L;
  memset (&L, 0, sizeof L);
  L.c = c;
  L.k = k;
  L.mem = mem;
  L.partial = malloc (nb * 4 * (size_t) k * sizeof (double));
  L.changed = malloc (nb * sizeof (size_t));
  double sums[4 * MC_KMEANS_MAX_K] = { 0 };
  mc_status status = MC_OK;
  if (!L.partial || !L.changed)
    status = MC_ERR_NOMEM;
  int it = 0;
  while (status == MC_OK && it < max_iter)
    {
      L.first = it == 0;
      it++;
      prepare_step (&L, centres);
      mc_parallel_blocks (n, FIT_BLOCK, lloyd_block, &L);
      size_t changed = 0;
      for (size_t b = 0; b < nb; b++)
        {
          changed += L.changed[b];
          for (int e = 0; e < 4 * k; e++)
            sums[e] += L.partial[b * 4 * (size_t) k + e];
        }
      changed += relocate_empty (&L, centres, sums);
      double shift = update_centres (&L, sums, centres);
      if (!L.first && changed == 0)
        break; /* strict convergence: the labels did not change */
      if (shift <= tol_abs)
        break;
      if (mc_monitor_report (monitor, 0.2 + 0.75 * it / max_iter))
        status = MC_ERR_CANCELLED;
    }
  *iterations = it;
  free (L.partial);
  free (L.changed);
  return status;
}

/* ---- Tolerance, final assignment ------------------------------------------------------------ */

/* scikit-learn's _tolerance: tol times the mean over the three dimensions of the variance of the
 * points (weighted by multiplicity, so it is the variance over every point). One pass of sums and
 * sums of squares: coordinates are bounded, so the cancellation costs a few ulps of a tolerance
 * that only decides when to stop. */
static double
absolute_tolerance (const kmeans_colours *c, double tol)
{
  double sum[3] = { 0 }, sq[3] = { 0 }, n = (double) c->n_points, var = 0;
  for (size_t i = 0; i < c->n_unique; i++)
    {
      double w = c->weight[i], v[3] = { c->x[i], c->y[i], c->z[i] };
      for (int d = 0; d < 3; d++)
        {
          sum[d] += w * v[d];
          sq[d] += w * v[d] * v[d];
        }
    }
  for (int d = 0; d < 3; d++)
    {
      double mean = sum[d] / n, v = sq[d] / n - mean * mean;
      var += v > 0 ? v : 0;
    }
  return tol * var / 3.0;
}

typedef struct
{
  const kmeans_colours *c;
  double centres[3 * MC_KMEANS_MAX_K]; /* the returned float centres, widened */
  double reach[MC_KMEANS_MAX_K]; /* squared distance within which a colour is surely nearest to
                                    the centre (see final_reach) */
  int k;
  uint8_t *label;  /* per colour */
  double *weight;  /* per block, per centre */
  double *inertia; /* per block */
} final_ctx;

/* For each centre, a squared distance within which every colour is nearest to it, whatever the
 * rounding: a little under a quarter of the squared distance to its nearest other centre. By the
 * triangle inequality a colour at distance d < gap / 2 from centre a is farther than gap - d > d
 * from every other; the margin of 1e-7 dwarfs the few ulps by which the computed squared
 * distances can differ from the exact ones, so kmeans_nearest would pick a too. 0 (no colour)
 * for a centre that another duplicates, and when the gap is too small for relative rounding
 * bounds to hold. */
static void
final_reach (final_ctx *F)
{
  for (int j = 0; j < F->k; j++)
    {
      double g2 = INFINITY;
      for (int o = 0; o < F->k; o++)
        if (o != j)
          {
            double dx = F->centres[3 * j] - F->centres[3 * o];
            double dy = F->centres[3 * j + 1] - F->centres[3 * o + 1];
            double dz = F->centres[3 * j + 2] - F->centres[3 * o + 2];
            double d2 = dx * dx + dy * dy + dz * dz;
            g2 = d2 < g2 ? d2 : g2;
          }
      double half = 0.5 * sqrt (g2) * (1 - 1e-7);
      F->reach[j] = g2 > 1e-200 ? half * half : 0;
    }
}

/* The exact labels of a block of colours, with their weights and inertia. The fit's label is
 * tried first: its distance (computed as kmeans_nearest computes it, so the same bits) settles
 * the colour when it is within the centre's reach; the other colours, near a border, are
 * measured against every centre. */
static void
final_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  final_ctx *F = ctx_;
  const kmeans_colours *c = F->c;
  double *wsum = F->weight + b * (size_t) F->k, inertia = 0;
  memset (wsum, 0, (size_t) F->k * sizeof (double));
  for (size_t i = begin; i < end; i++)
    {
      double x = c->x[i], y = c->y[i], z = c->z[i];
      int a = F->label[i];
      const double *ca = F->centres + 3 * a;
      double dx = x - ca[0], dy = y - ca[1], dz = z - ca[2];
      double d2 = dx * dx + dy * dy + dz * dz;
      if (!(d2 < F->reach[a]))
        a = kmeans_nearest (x, y, z, F->centres, F->k, &d2);
      F->label[i] = (uint8_t) a;
      wsum[a] += c->weight[i];
      inertia += c->weight[i] * d2;
    }
  F->inertia[b] = inertia;
}

/* Labels every colour with its nearest returned centre and fills counts and inertia; spreads the
 * labels to the points when labels is not NULL. */
static mc_status
final_assignment (const kmeans_colours *c, fit_memory *mem,
                  mc_kmeans_result *result, uint8_t *labels)
{
  size_t n = c->n_unique, nb = mc_num_blocks (n, FIT_BLOCK);
  final_ctx F = { c, { 0 }, { 0 }, result->k, mem->label, malloc (nb * result->k * sizeof (double)),
                  malloc (nb * sizeof (double)) };
  mc_status status = MC_ERR_NOMEM;
  if (F.weight && F.inertia)
    {
      for (int e = 0; e < 3 * result->k; e++)
        F.centres[e] = result->centres[e];
      final_reach (&F);
      mc_parallel_blocks (n, FIT_BLOCK, final_block, &F);
      result->inertia = sum_blocks (F.inertia, nb, 1);
      for (int j = 0; j < result->k; j++)
        result->counts[j] = (int64_t) sum_blocks (F.weight + j, nb, (size_t) result->k);
      if (labels)
        kmeans_colours_spread (c, F.label, labels);
      status = MC_OK;
    }
  free (F.weight);
  free (F.inertia);
  return status;
}

/* ---- Fitting ------------------------------------------------------------------------------ */

/* Seeds and iterates on the weighted colours, writes the float centres and iterations; then,
 * when the colours are those of every point (all_points), the exact final assignment. */
mc_status
kmeans_fit (const kmeans_colours *c, int all_points, const mc_kmeans_params *p,
            kmeans_scratch *s, mc_kmeans_result *result, uint8_t *labels,
            const mc_monitor *monitor)
{
  double centres[3 * MC_KMEANS_MAX_K];
  int max_iter = p->max_iter > 0 ? p->max_iter : 300;
  double tol = p->tol < 0 ? 1e-4 : p->tol;
  fit_memory mem = { kmeans_scratch_alloc (s, c->n_unique * sizeof (float)),
                     kmeans_scratch_alloc (s, c->n_unique * sizeof (float)),
                     kmeans_scratch_alloc (s, c->n_unique) };
  mc_status status = MC_ERR_NOMEM;
  if (mem.near && mem.far && mem.label)
    status = kmeans_seed (c, p->k, p->seed, &mem, centres, monitor);
  if (status == MC_OK)
    status = kmeans_lloyd (c, p->k, max_iter, absolute_tolerance (c, tol), &mem, centres,
                           &result->iterations, monitor);
  for (int e = 0; e < 3 * p->k && status == MC_OK; e++)
    result->centres[e] = (float) centres[e];
  if (status == MC_OK && all_points)
    status = final_assignment (c, &mem, result, labels);
  return status;
}

/* Index of the lowest set bit of a non-zero word (de Bruijn multiplication, portable C). */
static inline int
lowest_bit (uint64_t bits)
{
  static const int index[64]
      = { 0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28, 62, 5,  39, 46, 44, 42,
          22, 9,  24, 35, 59, 56, 49, 18, 29, 11, 63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21,
          23, 58, 17, 10, 51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12 };
  return index[((bits & -bits) * UINT64_C (0x022fdd63cc95386d)) >> 58];
}

/* Floyd's algorithm: m distinct indices of n, each subset equally likely, drawn from the seed, as
 * a bitmap of (n + 63) / 64 words. Returns NULL when out of memory. */
uint64_t *
kmeans_draw_taken (size_t n, size_t m, uint32_t seed, kmeans_scratch *s)
{
  uint64_t *taken = kmeans_scratch_zalloc (s, (n + 63) / 64 * sizeof (uint64_t));
  if (!taken)
    return NULL;
  mc_rng rng;
  mc_rng_init (&rng, seed, STREAM_SAMPLE);
  for (size_t j = n - m; j < n; j++)
    {
      size_t t = (size_t) mc_rng_below (&rng, (uint64_t) j + 1);
      if (taken[t / 64] >> (t % 64) & 1)
        t = j;
      taken[t / 64] |= (uint64_t) 1 << (t % 64);
    }
  return taken;
}

size_t
kmeans_next_taken (const uint64_t *taken, size_t words, size_t *w, uint64_t *bits)
{
  while (!*bits)
    {
      if (++*w >= words)
        return SIZE_MAX;
      *bits = taken[*w];
    }
  size_t i = 64 * *w + (size_t) lowest_bit (*bits);
  *bits &= *bits - 1;
  return i;
}

/* The sampled points, copied in increasing index order. Returns NULL when out of memory. */
static float *
draw_sample (const float *points, size_t n, size_t m, uint32_t seed, kmeans_scratch *s)
{
  uint64_t *taken = kmeans_draw_taken (n, m, seed, s);
  float *sample = kmeans_scratch_alloc (s, 3 * m * sizeof (float));
  if (!taken || !sample)
    return NULL;
  size_t count = 0, words = (n + 63) / 64, w = 0, i;
  uint64_t bits = taken[0];
  while ((i = kmeans_next_taken (taken, words, &w, &bits)) != SIZE_MAX)
    memcpy (sample + 3 * count++, points + 3 * i, 3 * sizeof (float));
  return sample;
}

/* The exact path: every point, deduplicated. */
static mc_status
kmeans_all_points (const float *points, size_t n, const mc_kmeans_params *p,
                   mc_kmeans_result *result, uint8_t *labels, const mc_monitor *monitor)
{
  kmeans_scratch s;
  kmeans_colours c;
  kmeans_scratch_open (&s, kmeans_colours_bytes (n));
  mc_status status = kmeans_colours_build (points, n, &s, &c);
  if (status == MC_OK && mc_monitor_report (monitor, 0.1))
    status = MC_ERR_CANCELLED;
  if (status == MC_OK)
    status = kmeans_fit (&c, 1, p, &s, result, labels, monitor);
  kmeans_scratch_close (&s);
  return status;
}

/* The course's recipe: fit on a sample drawn from the seed, then assign every point. */
static mc_status
kmeans_sampled (const float *points, size_t n, size_t m, const mc_kmeans_params *p,
                mc_kmeans_result *result, uint8_t *labels, const mc_monitor *monitor)
{
  kmeans_scratch s;
  kmeans_colours c;
  kmeans_scratch_open (&s, (n + 63) / 8 + 12 * m + kmeans_colours_bytes (m));
  float *sample = draw_sample (points, n, m, p->seed, &s);
  mc_status status = sample ? kmeans_colours_build (sample, m, &s, &c) : MC_ERR_NOMEM;
  if (status == MC_OK && mc_monitor_report (monitor, 0.1))
    status = MC_ERR_CANCELLED;
  if (status == MC_OK)
    status = kmeans_fit (&c, 0, p, &s, result, NULL, monitor);
  kmeans_scratch_close (&s);
  if (status == MC_OK && mc_monitor_report (monitor, 0.95))
    status = MC_ERR_CANCELLED;
  if (status == MC_OK)
    result->inertia = mc_kmeans_assign (points, n, result->centres, p->k, labels, result->counts);
  return status;
}

int
kmeans_params_invalid (const mc_kmeans_params *params, size_t n)
{
  return n == 0 || n > INT32_MAX || params->k < 1 || params->k > MC_KMEANS_MAX_K
         || !(params->sample_fraction > 0 && params->sample_fraction <= 1) || params->max_iter < 0
         || isnan (params->tol);
}

size_t
kmeans_sample_size (const mc_kmeans_params *params, size_t n)
{
  /* The sample has at least k points, so that every centre can start on a point of its own. */
  double want = floor (params->sample_fraction * (double) n + 0.5);
  size_t m = want >= (double) n ? n : (size_t) want;
  size_t min_m = (size_t) params->k < n ? (size_t) params->k : n;
  return m < min_m ? min_m : m;
}

mc_status
mc_kmeans (const float *points, size_t n, const mc_kmeans_params *params, mc_kmeans_result *result,
           uint8_t *labels, const mc_monitor *monitor)
{
  if (!points || !params || !result || kmeans_params_invalid (params, n))
    return MC_ERR_ARG;
  memset (result, 0, sizeof *result);
  result->k = params->k;
  size_t m = kmeans_sample_size (params, n);
  mc_status status;
  if (mc_monitor_report (monitor, 0))
    status = MC_ERR_CANCELLED;
  else if (m == n)
    status = kmeans_all_points (points, n, params, result, labels, monitor);
  else
    status = kmeans_sampled (points, n, m, params, result, labels, monitor);
  if (status == MC_OK)
    mc_monitor_report (monitor, 1);
  return status;
}

/* ---- Assignment, inertia, permutation ------------------------------------------------------- */

typedef struct
{
  const float *points;
  double centres[3 * MC_KMEANS_MAX_K];
  int k;
  uint8_t *labels;  /* may be NULL */
  const uint8_t *given; /* mc_kmeans_inertia: the labels to measure */
  int64_t *counts;  /* per block, per centre */
  double *inertia;  /* per block */
} assign_ctx;

static void
assign_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  assign_ctx *A = ctx_;
  int64_t *counts = A->counts + b * (size_t) A->k;
  double inertia = 0;
  memset (counts, 0, (size_t) A->k * sizeof (int64_t));
  for (size_t i = begin; i < end; i += 2)
    {
      const float *p = A->points + 3 * i, *q = i + 1 < end ? p + 3 : p;
      double p0[3] = { p[0], p[1], p[2] }, p1[3] = { q[0], q[1], q[2] }, d2[2];
      int a[2];
      kmeans_nearest2 (p0, p1, A->centres, A->k, a, d2);
      for (size_t r = 0; r < 2 && i + r < end; r++)
        {
          if (A->labels)
            A->labels[i + r] = (uint8_t) a[r];
          counts[a[r]]++;
          inertia += d2[r];
        }
    }
  A->inertia[b] = inertia;
}

double
mc_kmeans_assign (const float *points, size_t n, const float *centres, int k, uint8_t *labels,
                  int64_t *counts)
{
  if (counts && k > 0)
    memset (counts, 0, (size_t) (k < MC_KMEANS_MAX_K ? k : MC_KMEANS_MAX_K) * sizeof (int64_t));
  if (!points || !centres || n == 0 || k < 1 || k > MC_KMEANS_MAX_K)
    return 0;
  size_t nb = mc_num_blocks (n, ASSIGN_BLOCK);
  assign_ctx A = { points, { 0 }, k, labels, NULL, malloc (nb * k * sizeof (int64_t)),
                   malloc (nb * sizeof (double)) };
  double inertia = 0;
  for (int e = 0; e < 3 * k; e++)
    A.centres[e] = centres[e];
  if (A.counts && A.inertia)
    {
      mc_parallel_blocks (n, ASSIGN_BLOCK, assign_block, &A);
      inertia = sum_blocks (A.inertia, nb, 1);
      if (counts)
        for (size_t b = 0; b < nb; b++)
          for (int j = 0; j < k; j++)
            counts[j] += A.counts[b * k + j];
    }
  free (A.counts);
  free (A.inertia);
  return inertia;
}

static void
inertia_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  assign_ctx *A = ctx_;
  double inertia = 0;
  for (size_t i = begin; i < end; i++)
    {
      const float *p = A->points + 3 * i;
      const double *c = A->centres + 3 * A->given[i];
      double dx = p[0] - c[0], dy = p[1] - c[1], dz = p[2] - c[2];
      inertia += dx * dx + dy * dy + dz * dz;
    }
  A->inertia[b] = inertia;
}

double
mc_kmeans_inertia (const float *points, size_t n, const float *centres, const uint8_t *labels)
{
  if (!points || !centres || !labels || n == 0)
    return 0;
  size_t nb = mc_num_blocks (n, ASSIGN_BLOCK);
  assign_ctx A = { points, { 0 }, MC_KMEANS_MAX_K, NULL, labels, NULL,
                   malloc (nb * sizeof (double)) };
  if (!A.inertia)
    return NAN;
  /* Labels index centres directly; the caller passes as many centres as its labels use. */
  int used = 0;
  for (size_t i = 0; i < n; i++)
    used = labels[i] >= used ? labels[i] + 1 : used;
  for (int e = 0; e < 3 * used; e++)
    A.centres[e] = centres[e];
  mc_parallel_blocks (n, ASSIGN_BLOCK, inertia_block, &A);
  double inertia = sum_blocks (A.inertia, nb, 1);
  free (A.inertia);
  return inertia;
}

void
mc_kmeans_permute (mc_kmeans_result *result, const int *perm, uint8_t *labels, size_t n)
{
  int k = result->k;
  float centres[3 * MC_KMEANS_MAX_K];
  int64_t counts[MC_KMEANS_MAX_K];
  uint8_t new_index[MC_KMEANS_MAX_K];
  for (int j = 0; j < k; j++)
    {
      memcpy (centres + 3 * j, result->centres + 3 * perm[j], 3 * sizeof (float));
      counts[j] = result->counts[perm[j]];
      new_index[perm[j]] = (uint8_t) j;
    }
  memcpy (result->centres, centres, 3 * (size_t) k * sizeof (float));
  memcpy (result->counts, counts, (size_t) k * sizeof (int64_t));
  if (labels)
    for (size_t i = 0; i < n; i++)
      labels[i] = new_index[labels[i]];
}
