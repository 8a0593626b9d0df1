/* test_util.c: helpers shared by the core unit tests. */
#include "test_util.h"

#include "mc_rng.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>

double
tu_gauss (uint64_t seed, uint64_t index)
{
  /* Box-Muller on two counter-based uniforms. */
  double u1 = mc_rand_unit (seed, 0x7e57, 2 * index);
  double u2 = mc_rand_unit (seed, 0x7e57, 2 * index + 1);
  if (u1 < 1e-300)
    u1 = 1e-300;
  return sqrt (-2.0 * log (u1)) * cos (6.283185307179586 * u2);
}

const char *
tu_data_dir (void)
{
  const char *env = getenv ("MEDCLUST_DATA");
  if (env && access (env, R_OK) == 0)
    return env;
  static const char *candidates[] = { MEDCLUST_SOURCE_DIR "/../shared/data/dermoscopy", NULL };
  for (int i = 0; candidates[i]; i++)
    if (access (candidates[i], R_OK) == 0)
      return candidates[i];
  return NULL;
}
