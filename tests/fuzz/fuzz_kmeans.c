/* fuzz_kmeans.c: fuzz target for the core's k-means entry, mc_kmeans (core/mc_kmeans.h), with
 * what its callers can pass: any number of points (also over one assignment block, so that two
 * threads share the work), K 1..256, any sample fraction, seed, iteration cap and tolerance, and
 * pixels as the plug-in hands them over (R'G'B' from 8- or 16-bit samples, CIE L*a*b*, or any
 * finite values of moderate size), with as many duplicates as images have. Arguments outside the
 * contract must give MC_ERR_ARG. Checked: the result's promises (counts sum to the points,
 * labels mc_kmeans_assign's to the bit, the inertia within rounding, finite centres inside the points'
 * bounding box, surplus centres on duplicates with count 0) and bit-identical results with one
 * and two threads.
 *
 * Bytes: [0] K-1; [1..2] points-1 (mod 4096); [3] sample fraction (low 6 bits: 0 = 1, else /64)
 * and 0xC0 both set = over 65536 points; [4..7] seed; [8] iteration cap (low 5 bits) and
 * tolerance (high 3); [9] pixel kind (mod 4); [10] 0xA5 = an invalid argument, [11] which one;
 * then the pixel bytes, repeated as often as the points need. */
#include "fuzz_common.h"
#include "mc_kmeans.h"

#include <math.h>
#include <string.h>

enum
{
  HEADER = 12,
  ASSIGN_BLOCK_POINTS = 65536 /* kmeans.c's block: more points use a second block */
};

static const double tolerances[8] = { -1, 0, 1e-4, 1e-2, 1, 1e-9, INFINITY, -0.0 };

/* The points the plug-in can give: kind 0 R'G'B' = u8 / 255, 1 = u16 / 65535, 2 CIE L*a*b*
 * ranges (L* 0..100, a* b* -128..127), 3 any value in [-128, 128) on a 1/256 grid. */
static float *
make_points (const uint8_t *pix, size_t n_pix, size_t n, int kind)
{
  float *p = malloc (n * 3 * sizeof (float));
  CHECK (p != NULL);
  size_t at = 0;
#define NEXT() (n_pix ? pix[at++ % n_pix] : 0)
  for (size_t i = 0; i < 3 * n; i++)
    switch (kind)
      {
      case 0:
        p[i] = (float) (NEXT () / 255.0);
        break;
      case 1:
        {
          unsigned hi = NEXT ();
          p[i] = (float) ((hi << 8 | NEXT ()) / 65535.0);
        }
        break;
      case 2:
        p[i] = i % 3 == 0 ? (float) (NEXT () * 100.0 / 255.0) : (float) (NEXT () - 128);
        break;
      default:
        {
          int hi = (int8_t) NEXT ();
          p[i] = (float) ((hi * 256 + NEXT ()) / 256.0);
        }
        break;
      }
#undef NEXT
  return p;
}

static void
check_invalid (const float *points, size_t n, mc_kmeans_params p, uint8_t which)
{
  switch (which % 6)
    {
    case 0: p.k = 0; break;
    case 1: p.k = MC_KMEANS_MAX_K + 1; break;
    case 2: p.sample_fraction = which & 0x80 ? 0.0 : 1.0000001; break;
    case 3: p.sample_fraction = NAN; break;
    case 4: p.max_iter = -1; break;
    default: p.tol = NAN; break;
    }
  mc_kmeans_result r;
  CHECK (mc_kmeans (points, n, &p, &r, NULL, NULL) == MC_ERR_ARG);
  CHECK (mc_kmeans (points, 0, &p, &r, NULL, NULL) == MC_ERR_ARG);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_bytes in = { data, size, 0 };
  mc_kmeans_params p;
  mc_kmeans_params_init (&p);
  p.k = 1 + fuzz_u8 (&in);
  size_t n = 1 + fuzz_u16 (&in) % 4096;
  uint8_t fraction = fuzz_u8 (&in);
  if ((fraction & 0xC0) == 0xC0)
    {
      n += ASSIGN_BLOCK_POINTS; /* two blocks; K kept small so that a run stays fast */
      p.k = 1 + (p.k - 1) % 16;
    }
  p.sample_fraction = (fraction & 0x3F) ? (fraction & 0x3F) / 64.0 : 1.0;
  p.seed = fuzz_u32 (&in);
  uint8_t iter = fuzz_u8 (&in);
  p.max_iter = iter & 0x1F;
  p.tol = tolerances[iter >> 5];
  int kind = fuzz_u8 (&in) % 4;
  uint8_t invalid = fuzz_u8 (&in), which = fuzz_u8 (&in);
  in.at = in.size < HEADER ? in.size : HEADER;

  float *points = make_points (data + in.at, fuzz_left (&in), n, kind);
  if (invalid == 0xA5)
    {
      check_invalid (points, n, p, which);
      free (points);
      return 0;
    }

  uint8_t *labels = malloc (n), *labels2 = malloc (n), *labels3 = malloc (n);
  mc_kmeans_result *r = malloc (sizeof *r), *r2 = malloc (sizeof *r2);
  CHECK (labels && labels2 && labels3 && r && r2);
  mc_set_threads (1);
  CHECK (mc_kmeans (points, n, &p, r, labels, NULL) == MC_OK);
  CHECK (r->k == p.k);
  CHECK (r->iterations >= 0 && r->iterations <= (p.max_iter ? p.max_iter : 300));
  CHECK (isfinite (r->inertia) && r->inertia >= 0);

  /* Counts sum to the points and agree with the labels. */
  int64_t counted[MC_KMEANS_MAX_K] = { 0 }, sum = 0;
  for (size_t i = 0; i < n; i++)
    {
      CHECK (labels[i] < p.k);
      counted[labels[i]]++;
    }
  for (int j = 0; j < p.k; j++)
    {
      CHECK (r->counts[j] >= 0 && r->counts[j] == counted[j]);
      sum += r->counts[j];
    }
  CHECK (sum == (int64_t) n);

  /* Finite centres inside the points' bounding box: each is a mean of points or a point. */
  float lo[3], hi[3];
  for (int d = 0; d < 3; d++)
    lo[d] = hi[d] = points[d];
  for (size_t i = 0; i < n; i++)
    for (int d = 0; d < 3; d++)
      {
        lo[d] = fminf (lo[d], points[3 * i + d]);
        hi[d] = fmaxf (hi[d], points[3 * i + d]);
      }
  for (int j = 0; j < p.k; j++)
    for (int d = 0; d < 3; d++)
      {
        float c = r->centres[3 * j + d];
        CHECK (isfinite (c));
        CHECK (c >= lo[d] && c <= hi[d]);
      }

  /* The labels and counts are those of mc_kmeans_assign on the centres, to the bit; the inertia
   * too, but for the rounding of a sum taken in another order (the exact fit sums over distinct
   * colours times their counts). */
  int64_t counts3[MC_KMEANS_MAX_K];
  double inertia3 = mc_kmeans_assign (points, n, r->centres, p.k, labels3, counts3);
  CHECK (fabs (inertia3 - r->inertia) <= 1e-12 * r->inertia + 1e-300);
  CHECK (memcmp (labels3, labels, n) == 0);
  CHECK (memcmp (counts3, r->counts, (size_t) p.k * sizeof (int64_t)) == 0);
  double inertia4 = mc_kmeans_inertia (points, n, r->centres, labels);
  CHECK (fabs (inertia4 - r->inertia) <= 1e-9 * r->inertia + 1e-12);

  /* Fewer distinct colours than K, fitted on every point: each colour is a centre of its own and
   * the surplus centres are duplicates of them with count 0. */
  size_t distinct = mc_kmeans_count_distinct (points, n, (size_t) p.k);
  CHECK (distinct >= 1 && distinct <= (size_t) p.k && distinct <= n);
  if (distinct < (size_t) p.k && p.sample_fraction == 1.0)
    {
      size_t used = 0;
      for (int j = 0; j < p.k; j++)
        {
          if (r->counts[j] > 0)
            {
              used++;
              continue;
            }
          int duplicate = 0;
          for (int i = 0; i < p.k && !duplicate; i++)
            duplicate = r->counts[i] > 0
                        && memcmp (r->centres + 3 * i, r->centres + 3 * j, 3 * sizeof (float)) == 0;
          CHECK (duplicate);
        }
      CHECK (used == distinct);
    }

  /* Two threads: the very same bits. */
  mc_set_threads (2);
  CHECK (mc_kmeans (points, n, &p, r2, labels2, NULL) == MC_OK);
  mc_set_threads (0);
  CHECK (memcmp (r->centres, r2->centres, (size_t) p.k * 3 * sizeof (float)) == 0);
  CHECK (memcmp (r->counts, r2->counts, (size_t) p.k * sizeof (int64_t)) == 0);
  CHECK (memcmp (&r->inertia, &r2->inertia, sizeof r->inertia) == 0);
  CHECK (r->iterations == r2->iterations);
  CHECK (memcmp (labels, labels2, n) == 0);

  free (points);
  free (labels);
  free (labels2);
  free (labels3);
  free (r);
  free (r2);
  return 0;
}
