/* mc_kmeans.h: k-means clustering of colour triples (k-means++ seeding, Lloyd iterations), the
 * heart of colour quantisation and of the course's segmentation. It follows scikit-learn's
 * KMeans(n_init=1, init="k-means++"): greedy k-means++ with 2 + floor(ln k) candidates per
 * centre, Lloyd steps until the labels stop changing or the centres move less than the
 * tolerance, at most max_iter steps, then a last assignment. The exact fit (sample_fraction 1)
 * runs on the distinct colours weighted by their counts, which gives the sums a fit on every
 * point gives, and skips distance computations with Hamerly's bounds (see kmeans.c). */
#ifndef MC_KMEANS_H
#define MC_KMEANS_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MC_KMEANS_MAX_K 256

typedef struct
{
  int k;                  /* clusters, 1..256 (the course uses 5) */
  double sample_fraction; /* (0, 1]: share of the points drawn from the seed to fit the centres;
                             1 = fit on every point, exact. Every point is assigned either way. */
  uint32_t seed;          /* every random draw (sample, k-means++) comes from it */
  int max_iter;           /* Lloyd iteration cap; 0 = 300, scikit-learn's default */
  double tol;             /* relative tolerance; < 0 = 1e-4, scikit-learn's default: stop when the
                             squared centre shift sums below tol * mean per-dimension variance */
} mc_kmeans_params;

/* Fills p with the defaults: k = 5, sample_fraction = 1, seed = 0, max_iter = 300, tol = 1e-4. */
void mc_kmeans_params_init (mc_kmeans_params *p);

typedef struct
{
  int k;              /* = params.k */
  float centres[MC_KMEANS_MAX_K * 3]; /* k triples in the space of the input points */
  int64_t counts[MC_KMEANS_MAX_K];    /* points assigned to each centre (0 for an empty one) */
  double inertia;     /* sum over ALL points of the squared distance to the assigned centre */
  int iterations;     /* Lloyd iterations run (scikit-learn's n_iter_) */
} mc_kmeans_result;

/* Clusters n points (xyz triples, contiguous: points[3*i .. 3*i+2]; finite values).
 * labels: n entries receive each point's centre index (may be NULL); they and the counts are
 * those of mc_kmeans_assign on the returned centres, to the bit, and so is the inertia but for
 * the rounding of a sum taken in another order (the exact fit sums over the distinct colours
 * times their counts: the two agree within 1e-12 relative).
 * sample_fraction < 1 fits on max(round(f * n), min(k, n)) points drawn without replacement
 * (the course's recipe), then assigns every point; the inertia is over every point.
 * Deterministic: the same inputs and seed give bit-identical results whatever mc_get_threads().
 * k larger than the number of distinct points is valid: the surplus centres sit on duplicates
 * of fitted centres (ties go to the lowest index) and get count 0. A cluster emptied during the
 * iterations moves onto the point farthest from its centre.
 * The working memory (4 bytes per point and some 60 per distinct colour; each megapixel block of a
 * larger image adds its own colours) is kept between calls, so that repeated calls do not pay the
 * page faults again; calls from several threads at once are safe.
 * Progress goes to monitor between steps; a raised cancel flag returns MC_ERR_CANCELLED.
 * Returns MC_ERR_ARG for n == 0 or n >= 2^31, k outside 1..256, a fraction outside (0, 1],
 * max_iter < 0 or a NaN tol. */
mc_status mc_kmeans (const float *points, size_t n, const mc_kmeans_params *params,
                     mc_kmeans_result *result, uint8_t *labels, const mc_monitor *monitor);

/* Assigns every point to its nearest of k centres (ties to the lowest index), filling labels
 * (may be NULL) and counts (k entries, may be NULL); returns the inertia. Deterministic. */
double mc_kmeans_assign (const float *points, size_t n, const float *centres, int k,
                         uint8_t *labels, int64_t *counts);

/* Sum of squared distances of each point to centres[labels[i]] (deterministic block reduction). */
double mc_kmeans_inertia (const float *points, size_t n, const float *centres,
                          const uint8_t *labels);

/* The number of distinct colours (triples equal bit for bit) among n points, counted up to
 * limit (at most MC_KMEANS_MAX_K): a result below K means K-means will leave clusters empty
 * (duplicate centres, count 0), which scikit-learn warns about; callers warn too. */
size_t mc_kmeans_count_distinct (const float *points, size_t n, size_t limit);

/* The same on 8-bit colours packed as 0xRRGGBB (the top byte is ignored): the points are
 * (R/255, G/255, B/255) in float, and the fit, counts, iterations and inertia are those of
 * mc_kmeans on those points, to the bit. Instead of a label per point, colour_labels (1 << 24
 * entries indexed by the code, may be NULL) receives the label of every colour present; other
 * entries are left as they are. No float copy of the points is made: the working memory is about
 * 40 bytes per distinct colour (plus n / 8 bytes for a sample), for layers of many megapixels. */
mc_status mc_kmeans_rgb24 (const uint32_t *rgb, size_t n, const mc_kmeans_params *params,
                           mc_kmeans_result *result, uint8_t *colour_labels,
                           const mc_monitor *monitor);

/* mc_kmeans_inertia for packed colours labelled per colour (k centres): the same sum, to the
 * bit, as mc_kmeans_inertia on the float points and their labels. */
double mc_kmeans_inertia_rgb24 (const uint32_t *rgb, size_t n, const float *centres, int k,
                                const uint8_t *colour_labels);

/* mc_kmeans_count_distinct for packed colours. */
size_t mc_kmeans_count_distinct_rgb24 (const uint32_t *rgb, size_t n, size_t limit);

/* Reorders the result's centres and counts by perm (new index j takes old index perm[j]) and
 * relabels labels (n entries, may be NULL) to match. */
void mc_kmeans_permute (mc_kmeans_result *result, const int *perm, uint8_t *labels, size_t n);

#ifdef __cplusplus
}
#endif
#endif
