/* mc_rng.h: seeded randomness. Every random number in medclust is a pure function of
 * (seed, stream, index), as GEGL's random operations derive theirs from (seed, x, y), so results
 * never depend on thread count or the order in which work is done. */
#ifndef MC_RNG_H
#define MC_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counter-based generator: 64 random bits for (seed, stream, index). */
uint64_t mc_rand_u64 (uint64_t seed, uint64_t stream, uint64_t index);
/* Uniform double in [0, 1) with 53 random bits. */
double mc_rand_unit (uint64_t seed, uint64_t stream, uint64_t index);

/* A sequential view of one stream, for serial draws (k-means++ seeding, recipe ranges). */
typedef struct
{
  uint64_t seed;
  uint64_t stream;
  uint64_t index;
} mc_rng;

void mc_rng_init (mc_rng *rng, uint64_t seed, uint64_t stream);
uint64_t mc_rng_next (mc_rng *rng);
double mc_rng_unit (mc_rng *rng);                    /* [0, 1) */
double mc_rng_range (mc_rng *rng, double a, double b); /* [a, b) (a when a == b) */
uint64_t mc_rng_below (mc_rng *rng, uint64_t n);     /* [0, n), unbiased; 0 when n == 0 */

#ifdef __cplusplus
}
#endif
#endif
