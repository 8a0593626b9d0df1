/* bench_kmeans.c: `medclust-bench kmeans`, the speed of the core k-means on real images.
 * Usage: medclust-bench kmeans [--k K] [--sample F] [--seed S] [--repeat N] [--threads T]
 *                              [--dump DIR] IMAGE...
 * Prints per image: IMAGE k=K sample=F ms_median=... ms_min=... inertia=... iterations=...
 * where ms covers the fit and the labelling of every pixel, not the decoding. The last line gives
 * the peak resident memory. --dump DIR writes each image's decoded pixels to DIR/<name>.f32 (raw
 * float32 R'G'B' triples) so that tests/bench/sklearn_kmeans.py can fit exactly the same pixels. */
#include "bench_common.h"
#include "mc_kmeans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  int k;
  double sample;
  unsigned seed;
  int repeat;
  int threads;
  const char *dump_dir;
} kmeans_options;

static void
usage (void)
{
  fprintf (stderr, "usage: medclust-bench kmeans [--k K] [--sample F] [--seed S] [--repeat N] "
                   "[--threads T] [--dump DIR] IMAGE...\n");
}

/* Parses the options; returns the index of the first image argument, or -1. */
static int
parse_options (int argc, char **argv, kmeans_options *o)
{
  *o = (kmeans_options){ 5, 1.0, 0, 5, 0, NULL };
  int i = 1;
  for (; i < argc && strncmp (argv[i], "--", 2) == 0; i++)
    {
      if (i + 1 >= argc)
        return -1;
      const char *v = argv[++i];
      if (strcmp (argv[i - 1], "--k") == 0)
        o->k = atoi (v);
      else if (strcmp (argv[i - 1], "--sample") == 0)
        o->sample = atof (v);
      else if (strcmp (argv[i - 1], "--seed") == 0)
        o->seed = (unsigned) strtoul (v, NULL, 10);
      else if (strcmp (argv[i - 1], "--repeat") == 0)
        o->repeat = atoi (v);
      else if (strcmp (argv[i - 1], "--threads") == 0)
        o->threads = atoi (v);
      else if (strcmp (argv[i - 1], "--dump") == 0)
        o->dump_dir = v;
      else
        return -1;
    }
  if (i >= argc || o->repeat < 1)
    return -1;
  return i;
}

static int
dump_pixels (const char *dir, const char *path, const bench_image *img)
{
  char out[1024];
  snprintf (out, sizeof out, "%s/%s.f32", dir, bench_basename_noext (path));
  FILE *f = fopen (out, "wb");
  size_t n = (size_t) img->width * img->height * 3;
  int ok = f && fwrite (img->rgb, sizeof (float), n, f) == n;
  if (f)
    ok = fclose (f) == 0 && ok;
  if (!ok)
    fprintf (stderr, "medclust-bench: cannot write %s\n", out);
  return ok ? 0 : -1;
}

/* Times `repeat` runs of mc_kmeans on one image and prints its line. Returns 0 on success. */
static int
bench_one (const char *path, const kmeans_options *o)
{
  bench_image img;
  if (bench_load (path, &img) != 0)
    {
      fprintf (stderr, "medclust-bench: cannot load %s\n", path);
      return -1;
    }
  if (o->dump_dir && dump_pixels (o->dump_dir, path, &img) != 0)
    {
      bench_image_free (&img);
      return -1;
    }
  size_t n = (size_t) img.width * img.height;
  uint8_t *labels = malloc (n);
  double *ms = malloc ((size_t) o->repeat * sizeof (double));
  mc_kmeans_params params;
  mc_kmeans_params_init (&params);
  params.k = o->k;
  params.sample_fraction = o->sample;
  params.seed = o->seed;
  mc_kmeans_result result;
  mc_status status = MC_OK;
  for (int r = 0; r < o->repeat && status == MC_OK && labels && ms; r++)
    {
      double t0 = bench_now_ms ();
      status = mc_kmeans (img.rgb, n, &params, &result, labels, NULL);
      ms[r] = bench_now_ms () - t0;
    }
  int rc = -1;
  if (!labels || !ms)
    fprintf (stderr, "medclust-bench: out of memory\n");
  else if (status != MC_OK)
    fprintf (stderr, "medclust-bench: %s: %s\n", path, mc_status_text (status));
  else
    {
      double ms_min = bench_min (ms, o->repeat);
      printf ("%s k=%d sample=%g ms_median=%.3f ms_min=%.3f inertia=%.6f iterations=%d\n", path,
              o->k, o->sample, bench_median (ms, o->repeat), ms_min, result.inertia,
              result.iterations);
      fflush (stdout);
      rc = 0;
    }
  free (labels);
  free (ms);
  bench_image_free (&img);
  return rc;
}

int
bench_kmeans_main (int argc, char **argv)
{
  kmeans_options o;
  int first = parse_options (argc, argv, &o);
  if (first < 0)
    {
      usage ();
      return 2;
    }
  if (o.threads > 0)
    mc_set_threads (o.threads);
  int failed = 0;
  for (int i = first; i < argc; i++)
    failed += bench_one (argv[i], &o) != 0;
  printf ("peak_rss_kib=%ld\n", bench_peak_rss_kib ());
  return failed ? 1 : 0;
}
