/* test_parallel.c: the block loop covers every item once, and a block-ordered reduction is
 * bit-identical with 1, 2 and 5 threads. */
#include "mc_common.h"

#include <glib.h>
#include <math.h>
#include <string.h>

typedef struct
{
  const double *x;
  double *partial;
  int *visits;
} sum_ctx;

static void
sum_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  sum_ctx *ctx = ctx_;
  double s = 0;
  for (size_t i = begin; i < end; i++)
    {
      s += ctx->x[i];
      ctx->visits[i]++;
    }
  ctx->partial[b] = s;
}

static double
block_sum (const double *x, size_t n, int threads, int *visits)
{
  mc_set_threads (threads);
  size_t nb = mc_num_blocks (n, 1000);
  double *partial = g_new0 (double, nb);
  sum_ctx ctx = { x, partial, visits };
  mc_parallel_blocks (n, 1000, sum_block, &ctx);
  double s = 0;
  for (size_t b = 0; b < nb; b++)
    s += partial[b];
  g_free (partial);
  mc_set_threads (0);
  return s;
}

static void
test_parallel_identical (void)
{
  size_t n = 123457;
  double *x = g_new (double, n);
  int *visits = g_new0 (int, n);
  for (size_t i = 0; i < n; i++)
    x[i] = sin ((double) i) * 1e-3 + 1.0 / (double) (i + 1);
  double s1 = block_sum (x, n, 1, visits);
  double s2 = block_sum (x, n, 2, visits);
  double s5 = block_sum (x, n, 5, visits);
  g_assert_true (memcmp (&s1, &s2, sizeof s1) == 0);
  g_assert_true (memcmp (&s1, &s5, sizeof s1) == 0);
  for (size_t i = 0; i < n; i++)
    g_assert_cmpint (visits[i], ==, 3);
  g_free (x);
  g_free (visits);
}

static void
test_parallel_threads_setting (void)
{
  mc_set_threads (3);
  g_assert_cmpint (mc_get_threads (), ==, 3);
  mc_set_threads (0);
  g_assert_cmpint (mc_get_threads (), >=, 1);
  g_assert_cmpuint (mc_num_blocks (0, 10), ==, 0);
  g_assert_cmpuint (mc_num_blocks (10, 10), ==, 1);
  g_assert_cmpuint (mc_num_blocks (11, 10), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parallel/identical", test_parallel_identical);
  g_test_add_func ("/parallel/threads-setting", test_parallel_threads_setting);
  return g_test_run ();
}
