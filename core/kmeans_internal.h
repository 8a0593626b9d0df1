/* kmeans_internal.h: what kmeans.c, kmeans_dedup.c and kmeans_scratch.c share and nobody else
 * needs: the working memory of a call, the set of distinct colours with their multiplicities, and
 * the exact nearest-centre rule that every labelling path uses so that they agree to the bit. */
#ifndef MC_KMEANS_INTERNAL_H
#define MC_KMEANS_INTERNAL_H

#include "mc_common.h"
#include "mc_kmeans.h"

#include <pthread.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The working memory of one call (kmeans_scratch.c): allocations are freed together when the
 * scratch closes, and come from an arena kept warm between calls, on huge pages when large. */
typedef struct
{
  unsigned char *base; /* the arena, or NULL when another call holds it */
  size_t size, used;   /* bytes in base, bytes handed out */
  size_t wanted;       /* bytes asked for in all */
  void *spilled;       /* blocks allocated apart when the arena was full */
  int from_arena;      /* this call holds the arena */
  pthread_mutex_t lock; /* the call's worker threads allocate too */
} kmeans_scratch;

/* expected: the bytes the call expects to allocate (a guess; more or less is fine). */
void kmeans_scratch_open (kmeans_scratch *s, size_t expected);
/* 64-byte aligned; NULL when out of memory. zalloc clears the bytes. */
void *kmeans_scratch_alloc (kmeans_scratch *s, size_t bytes);
void *kmeans_scratch_zalloc (kmeans_scratch *s, size_t bytes);
void kmeans_scratch_close (kmeans_scratch *s);

/* A hash-table slot: a colour's bits and its index + 1 (0 = empty). The key lives in the slot so
 * that a lookup reads one cache line. */
typedef struct
{
  uint32_t x, y, z;
  uint32_t index;
} kmeans_slot;

/* The distinct points of an input, found by exact bit equality of their three floats, in order of
 * first occurrence (so the order depends on the input alone, not on the thread count). */
typedef struct
{
  size_t n_points;    /* points deduplicated, < 2^31 */
  size_t n_unique;    /* distinct colours found, 1..n_points */
  float *x, *y, *z;   /* n_unique coordinates each (structure of arrays, for vector loops) */
  uint32_t *weight;   /* n_unique multiplicities: how many points have this colour */
  uint32_t *colour;   /* n_points: each point's colour index, within its block when there are
                         several blocks (see block_map) */
  uint32_t **block_map; /* NULL, or per block of the deduplication: block colour -> colour */
  size_t *block_colours; /* with block_map: per block, its distinct colours */
  size_t capacity;    /* room in x, y, z and weight */
  kmeans_slot *table; /* open addressing with linear probing, at most half full */
  int table_bits;     /* the table has 1 << table_bits slots */
} kmeans_colours;

/* Finds the distinct colours of points[3*i..3*i+2], i < n (1 <= n < 2^31), in memory from s
 * (which worker threads allocate from too). Returns MC_OK or MC_ERR_NOMEM. */
mc_status kmeans_colours_build (const float *points, size_t n, kmeans_scratch *s,
                                kmeans_colours *c);

/* What a call on n points is likely to take from the scratch: the colours and the fit. */
size_t kmeans_colours_bytes (size_t n);

/* Writes labels[i] = colour_labels[colour of point i] for the n_points points the set was
 * built from (in parallel). */
void kmeans_colours_spread (const kmeans_colours *c, const uint8_t *colour_labels,
                            uint8_t *labels);

/* Points per block of the passes over every point (mc_kmeans_assign, the inertia): fixed, so that
 * sums reduced in block order are the same whatever the thread count. */
#define KMEANS_ASSIGN_BLOCK 65536

/* What mc_kmeans refuses (besides NULL pointers): non-zero when params or n are out of range. */
int kmeans_params_invalid (const mc_kmeans_params *params, size_t n);
/* Points the fit uses: round(fraction * n), at least min(k, n), at most n. */
size_t kmeans_sample_size (const mc_kmeans_params *params, size_t n);
/* The sample: a bitmap of (n + 63) / 64 words with m of n bits set, drawn from the seed with
 * Floyd's algorithm. NULL when out of memory. */
uint64_t *kmeans_draw_taken (size_t n, size_t m, uint32_t seed, kmeans_scratch *s);
/* Walks the set bits in increasing order: start with w = 0, bits = taken[0]; returns the next
 * index, or SIZE_MAX at the end. */
size_t kmeans_next_taken (const uint64_t *taken, size_t words, size_t *w, uint64_t *bits);
/* Seeds and iterates on the weighted colours c; with all_points (c holds every point), also the
 * exact final assignment: counts, inertia and, when labels is not NULL, each point's label
 * (which needs c->colour). */
mc_status kmeans_fit (const kmeans_colours *c, int all_points, const mc_kmeans_params *p,
                      kmeans_scratch *s, mc_kmeans_result *result, uint8_t *labels,
                      const mc_monitor *monitor);

/* The nearest of k centres (xyz triples in double) to (x, y, z), ties to the lowest index; *d2
 * receives the squared distance. Every exact labelling (the final one of mc_kmeans and
 * mc_kmeans_assign) goes through this function or kmeans_nearest2, so they cannot disagree. */
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

/* kmeans_nearest for two points at once (p0 and p1 are xyz triples): with SSE2 the same
 * operations in the same order on two lanes, so each point gets the bits it gets alone. */
static inline void
kmeans_nearest2 (const double *p0, const double *p1, const double *centres, int k, int *label,
                 double *d2)
{
#ifdef __SSE2__
  __m128d px = _mm_set_pd (p1[0], p0[0]), py = _mm_set_pd (p1[1], p0[1]);
  __m128d pz = _mm_set_pd (p1[2], p0[2]);
  __m128d best_d2 = _mm_setzero_pd (), best = _mm_setzero_pd ();
  for (int j = 0; j < k; j++)
    {
      __m128d dx = _mm_sub_pd (px, _mm_set1_pd (centres[3 * j]));
      __m128d dy = _mm_sub_pd (py, _mm_set1_pd (centres[3 * j + 1]));
      __m128d dz = _mm_sub_pd (pz, _mm_set1_pd (centres[3 * j + 2]));
      __m128d d = _mm_add_pd (_mm_add_pd (_mm_mul_pd (dx, dx), _mm_mul_pd (dy, dy)),
                              _mm_mul_pd (dz, dz));
      /* As `j == 0 || d < best_d2`: min_pd (d, best) is d exactly when d < best. */
      __m128d closer = j == 0 ? _mm_castsi128_pd (_mm_set1_epi32 (-1)) : _mm_cmplt_pd (d, best_d2);
      best_d2 = j == 0 ? d : _mm_min_pd (d, best_d2);
      best = _mm_or_pd (_mm_and_pd (closer, _mm_set1_pd (j)), _mm_andnot_pd (closer, best));
    }
  double b[2];
  _mm_storeu_pd (d2, best_d2);
  _mm_storeu_pd (b, best);
  label[0] = (int) b[0];
  label[1] = (int) b[1];
#else
  label[0] = kmeans_nearest (p0[0], p0[1], p0[2], centres, k, &d2[0]);
  label[1] = kmeans_nearest (p1[0], p1[1], p1[2], centres, k, &d2[1]);
#endif
}

#endif
