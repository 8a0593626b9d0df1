/* rng.c: the counter-based generator of mc_rng.h, a SplitMix64-style mix of (seed, stream, index). */
#include "mc_rng.h"

static uint64_t
mix64 (uint64_t z)
{
  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

uint64_t
mc_rand_u64 (uint64_t seed, uint64_t stream, uint64_t index)
{
  /* Two rounds so that nearby seeds, streams and indices give unrelated values. */
  uint64_t k = mix64 (seed + UINT64_C (0x9e3779b97f4a7c15));
  k = mix64 (k ^ (stream * UINT64_C (0xd1b54a32d192ed03)));
  return mix64 (k + index * UINT64_C (0x9e3779b97f4a7c15));
}

double
mc_rand_unit (uint64_t seed, uint64_t stream, uint64_t index)
{
  return (double) (mc_rand_u64 (seed, stream, index) >> 11) * (1.0 / 9007199254740992.0);
}

void
mc_rng_init (mc_rng *rng, uint64_t seed, uint64_t stream)
{
  rng->seed = seed;
  rng->stream = stream;
  rng->index = 0;
}

uint64_t
mc_rng_next (mc_rng *rng)
{
  return mc_rand_u64 (rng->seed, rng->stream, rng->index++);
}

double
mc_rng_unit (mc_rng *rng)
{
  return (double) (mc_rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

double
mc_rng_range (mc_rng *rng, double a, double b)
{
  if (a == b)
    return a;
  return a + (b - a) * mc_rng_unit (rng);
}

uint64_t
mc_rng_below (mc_rng *rng, uint64_t n)
{
  if (n == 0)
    return 0;
  /* Rejection keeps every value equally likely. */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r;
  do
    r = mc_rng_next (rng);
  while (r >= limit);
  return r % n;
}
