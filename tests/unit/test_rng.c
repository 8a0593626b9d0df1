/* test_rng.c: the counter-based generator is a pure function of (seed, stream, index). */
#include "mc_rng.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>

static void
test_rng_pure (void)
{
  g_assert_cmpuint (mc_rand_u64 (1, 2, 3), ==, mc_rand_u64 (1, 2, 3));
  g_assert_cmpuint (mc_rand_u64 (1, 2, 3), !=, mc_rand_u64 (2, 2, 3));
  g_assert_cmpuint (mc_rand_u64 (1, 2, 3), !=, mc_rand_u64 (1, 3, 3));
  g_assert_cmpuint (mc_rand_u64 (1, 2, 3), !=, mc_rand_u64 (1, 2, 4));
  mc_rng a, b;
  mc_rng_init (&a, 42, 7);
  mc_rng_init (&b, 42, 7);
  for (int i = 0; i < 100; i++)
    g_assert_cmpuint (mc_rng_next (&a), ==, mc_rand_u64 (42, 7, (uint64_t) i) + 0 * mc_rng_next (&b));
}

static void
test_rng_uniform (void)
{
  /* Mean and range of 100k draws: 0.5 +- 0.005, all in [0, 1). */
  double sum = 0;
  for (uint64_t i = 0; i < 100000; i++)
    {
      double u = mc_rand_unit (9, 1, i);
      g_assert_cmpfloat (u, >=, 0.0);
      g_assert_cmpfloat (u, <, 1.0);
      sum += u;
    }
  g_assert_cmpfloat (fabs (sum / 100000 - 0.5), <, 0.005);
  mc_rng r;
  mc_rng_init (&r, 3, 3);
  int hist[7] = { 0 };
  for (int i = 0; i < 70000; i++)
    hist[mc_rng_below (&r, 7)]++;
  for (int i = 0; i < 7; i++)
    g_assert_cmpint (abs (hist[i] - 10000), <, 500);
  g_assert_cmpfloat (mc_rng_range (&r, 2.5, 2.5), ==, 2.5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/pure", test_rng_pure);
  g_test_add_func ("/rng/uniform", test_rng_uniform);
  return g_test_run ();
}
