/* mc_elbow.h: the numbers behind the two plots that help choose K before clustering colours: the
 * elbow curve (k-means inertia for each K of a range) with its suggested K, and the seeded sample
 * of pixels a colour scatter plot draws. The drawing itself lives in the plug-in. */
#ifndef MC_ELBOW_H
#define MC_ELBOW_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Runs mc_kmeans once for every K in k_min..k_max on the same points, with the same sample
 * fraction and seed (so every K sees the same sample), and stores each fit's inertia (the sum over
 * ALL n points of the squared distance to the nearest centre, in the points' units) in
 * inertias[K - k_min]; the array holds k_max - k_min + 1 values.
 * Progress is reported across the whole range, each K weighted by K (a fit's cost grows with K).
 * MC_ERR_ARG for n == 0, NULL arrays, a fraction outside (0, 1] or a range outside
 * 1 <= k_min < k_max <= 256; MC_ERR_CANCELLED when the monitor's cancel flag is raised. */
mc_status mc_elbow_inertias (const float *points, size_t n, int k_min, int k_max,
                             double sample_fraction, uint32_t seed, double *inertias,
                             const mc_monitor *monitor);

/* The suggested K of an elbow curve: inertias[i] belongs to K = k_min + i, count values.
 *
 * Rule ("kneedle" on the logarithm of the inertia): take y = log (inertia) (inertias below
 * 1e-9 x the largest are raised to that floor, so an exactly fitted image still has a finite
 * curve), rescale K and y to [0, 1] over the range, draw the straight chord from the first point
 * to the last, and suggest the K whose point lies farthest BELOW the chord (ties: the smaller K;
 * a point counts only when it lies more than 1e-6 of the y range below).
 * The logarithm makes the rule weigh relative improvements: a K that removes half of what is left
 * counts the same whether the error left is large or small, so a well separated but small cluster
 * of colours is not overlooked behind the first big drops.
 * Returns k_min when there is no elbow to find: fewer than three values, a constant curve, or no
 * point below the chord. The elbow must lie strictly inside the range, so choose k_max well above
 * the K you expect. Deterministic; count < 1 or NULL returns k_min. */
int mc_elbow_suggest_k (const double *inertias, int k_min, int count);

/* Upper bound on the points a scatter plot draws by default: beyond about a million dots the
 * panels no longer change, while memory and time keep growing. */
#define MC_SCATTER_MAX_POINTS 1000000

/* Draws the sample of points a scatter plot shows: each of the n points is taken with probability
 * fraction (a Bernoulli draw from (seed, point index), so the sample does not depend on the order
 * of work), and the taken ones are written to indices in a random order (the plot draws them in
 * that order, so no part of the image is painted last systematically). When more than max_points
 * would be taken, the fraction is lowered to max_points / n first and the list is cut at
 * max_points: a uniform thinning. At least one point is always taken.
 * indices must hold min (n, max_points) entries; *count receives the number written.
 * MC_ERR_ARG for n == 0, max_points == 0, NULL pointers or a fraction outside (0, 1];
 * MC_ERR_NOMEM when the temporary list cannot be allocated. fraction 1 takes every point. */
mc_status mc_scatter_sample (size_t n, double fraction, size_t max_points, uint32_t seed,
                             size_t *indices, size_t *count);

#ifdef __cplusplus
}
#endif
#endif
