/* kmeans_internal.h: what kmeans.c and kmeans_dedup.c share and nobody else needs: the set of
 * distinct colours with their multiplicities, and the exact nearest-centre rule that every labelling
 * path uses so that they all agree to the bit. */
#ifndef MC_KMEANS_INTERNAL_H
#define MC_KMEANS_INTERNAL_H

#include "mc_common.h"

/* A hash-table slot: a colour's bits and its index + 1 (0 = empty). The key lives in the slot so
 * that a lookup reads one cache line. */
typedef struct
{
  uint32_t x, y, z;
  uint32_t index;
} kmeans_slot;

/* The distinct points of an input, found by exact bit equality of their three floats, in order of
 * first occurrence (so the order depends on the input alone). The hash table is kept so that
 * each point's colour can be found again when the labels are written: on the VMs we measured, a
 * per-point colour index costs more in page faults to allocate than the lookups cost. */
typedef struct
{
  size_t n_points;    /* points deduplicated, < 2^31 */
  size_t n_unique;    /* distinct colours found, 1..n_points */
  float *x, *y, *z;   /* n_unique coordinates each (structure of arrays, for vector loops) */
  uint32_t *weight;   /* n_unique multiplicities: how many points have this colour */
  size_t capacity;    /* room in x, y, z and weight */
  kmeans_slot *table; /* open addressing with linear probing, at most 3/4 full */
  int table_bits;     /* the table has 1 << table_bits slots */
} kmeans_colours;

/* Finds the distinct colours of points[3*i..3*i+2], i < n (1 <= n < 2^31). Returns MC_OK or
 * MC_ERR_NOMEM; on failure c is left freed. */
mc_status kmeans_colours_build (const float *points, size_t n, kmeans_colours *c);

/* Writes labels[i] = colour_labels[colour of point i] for the n_points points the set was
 * built from (in parallel). */
void kmeans_colours_spread (const kmeans_colours *c, const float *points,
                            const uint8_t *colour_labels, uint8_t *labels);

void kmeans_colours_free (kmeans_colours *c);

/* The nearest of k centres (xyz triples in double) to (x, y, z), ties to the lowest index; *d2
 * receives the squared distance. Every exact labelling (the final one of mc_kmeans and
 * mc_kmeans_assign) goes through this one function, so they cannot disagree. */
static inline int
kmeans_nearest (double x, double y, double z, const double *centres, int k, double *d2)
{
  int best = 0;
  double best_d2 = 0;
  for (int j = 0; j < k; j++)
    {
      double dx = x - centres[3 * j];
      double dy = y - centres[3 * j + 1];
      double dz = z - centres[3 * j + 2];
      double d = dx * dx + dy * dy + dz * dz;
      if (j == 0 || d < best_d2)
        {
          best = j;
          best_d2 = d;
        }
    }
  *d2 = best_d2;
  return best;
}

#endif
