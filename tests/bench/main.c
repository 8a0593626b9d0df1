/* main.c: medclust-bench, the benchmark and accuracy program. Speed is measured here, never in a
 * timed test. Usage: medclust-bench kmeans|segment|augment [options] IMAGE... */
#include "bench_common.h"

#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s kmeans|segment|augment [options] IMAGE...\n", argv[0]);
      return 2;
    }
#ifdef HAVE_BENCH_KMEANS
  if (strcmp (argv[1], "kmeans") == 0)
    return bench_kmeans_main (argc - 1, argv + 1);
#endif
#ifdef HAVE_BENCH_SEGMENT
  if (strcmp (argv[1], "segment") == 0)
    return bench_segment_main (argc - 1, argv + 1);
#endif
#ifdef HAVE_BENCH_AUGMENT
  if (strcmp (argv[1], "augment") == 0)
    return bench_augment_main (argc - 1, argv + 1);
#endif
  fprintf (stderr, "medclust-bench: unknown subcommand '%s' (expected kmeans, segment or augment)\n",
           argv[1]);
  return 2;
}
