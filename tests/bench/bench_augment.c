/* bench_augment.c: `medclust-bench augment`: speed of the augmentations (the course's four
 * variants on a 600x450 image, `blur 2` on a 24 MP buffer, a free rotation) and their agreement
 * with the course's Python references.
 *
 * Usage: medclust-bench augment [--repeats N] [--threads T] [--no-big] [IMAGE]
 *        medclust-bench augment --check-reference DIR
 * IMAGE: any file GEGL reads; without it a synthetic 600x450 image drawn from a fixed seed.
 * Times are compute only (the image is in memory; mc_aug_apply includes allocating its result),
 * the median (and the minimum) of N runs. Compare with tests/bench/skimage_augment.py. */
#include "bench_common.h"

#include "mc_augment.h"
#include "mc_rng.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COURSE_RECIPE "rotate 90; flip h; flip v; blur 2"

static double
cpu_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The machine's load, printed with the figures: on a shared machine wall times stretch. */
static void
print_load (void)
{
  FILE *f = fopen ("/proc/loadavg", "r");
  double load = -1;
  if (f)
    {
      if (fscanf (f, "%lf", &load) != 1)
        load = -1;
      fclose (f);
    }
  if (load >= 0)
    printf ("load average (1 min) %.2f\n", load);
}

/* A smooth gradient with noise, opaque: a stand-in photograph of any size. */
static float *
synthetic_rgba (int width, int height)
{
  float *p = malloc ((size_t) width * height * 4 * sizeof (float));
  if (!p)
    return NULL;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float *q = p + ((size_t) y * width + x) * 4;
        uint64_t i = (uint64_t) y * width + x;
        q[0] = (float) x / width * 0.8f + 0.2f * (float) mc_rand_unit (1, 0, i);
        q[1] = (float) y / height * 0.8f + 0.2f * (float) mc_rand_unit (1, 1, i);
        q[2] = 0.4f + 0.2f * (float) mc_rand_unit (1, 2, i);
        q[3] = 1.0f;
      }
  return p;
}

typedef struct
{
  double median, min;
} timing;

/* Times mc_aug_apply of plan on the image: result allocation included, freeing not. */
static timing
time_plan (const mc_aug_plan *plan, const float *rgba, int w, int h, int repeats)
{
  double *t = malloc ((size_t) repeats * sizeof *t);
  for (int r = -1; r < repeats; r++) /* one warm-up run */
    {
      mc_aug_result res;
      double t0 = bench_now_ms ();
      mc_status s = mc_aug_apply (plan, rgba, w, h, NULL, NULL, NULL, &res, NULL);
      double t1 = bench_now_ms ();
      if (s != MC_OK)
        fprintf (stderr, "augment: apply failed: %s\n", mc_status_text (s));
      mc_aug_result_clear (&res);
      if (r >= 0)
        t[r] = t1 - t0;
    }
  timing out = { 0, bench_min (t, repeats) };
  out.median = bench_median (t, repeats);
  free (t);
  return out;
}

static void
course_variants (const float *rgba, int w, int h, int repeats)
{
  mc_recipe *recipe;
  mc_recipe_error err;
  if (mc_recipe_parse (COURSE_RECIPE, &recipe, &err) != MC_OK)
    {
      fprintf (stderr, "augment: %s\n", err.message);
      return;
    }
  printf ("course variants '%s' on %dx%d, %d threads, median (min) of %d runs, ms:\n",
          COURSE_RECIPE, w, h, mc_get_threads (), repeats);
  double total = 0, total_min = 0;
  for (int v = 0; v < mc_recipe_num_variants (recipe); v++)
    {
      mc_aug_plan plan;
      mc_recipe_draw (recipe, v, 0, 0, &plan);
      timing t = time_plan (&plan, rgba, w, h, repeats);
      printf ("  %-12s %8.3f  (%.3f)\n", mc_recipe_variant_text (recipe, v), t.median, t.min);
      total += t.median;
      total_min += t.min;
    }
  printf ("  %-12s %8.3f  (%.3f)   target <= 4.4 ms (1/5 of scikit-image's ~22 ms)\n", "total",
          total, total_min);

  /* Other operations, for the record. */
  const char *extra = "rotate 17.3; rotate -30..30 + flip h + blur 0..2; brightness 0.1 + "
                      "contrast 1.2 + saturation 1.3 + hue 20; erase 0.1";
  mc_recipe *more;
  if (mc_recipe_parse (extra, &more, &err) == MC_OK)
    {
      for (int v = 0; v < mc_recipe_num_variants (more); v++)
        {
          mc_aug_plan plan;
          mc_recipe_draw (more, v, 0, 0, &plan);
          timing t = time_plan (&plan, rgba, w, h, repeats);
          char name[256];
          mc_aug_plan_text (&plan, name, sizeof name);
          printf ("  %-46s %8.3f  (%.3f)\n", name, t.median, t.min);
        }
      mc_recipe_free (more);
    }
  mc_recipe_free (recipe);
}

static void
big_blur (int repeats)
{
  int w = 6000, h = 4000;
  float *src = synthetic_rgba (w, h);
  float *dst = malloc ((size_t) w * h * 4 * sizeof (float));
  if (!src || !dst)
    {
      fprintf (stderr, "augment: no memory for the 24 MP buffers\n");
      free (src);
      free (dst);
      return;
    }
  memset (dst, 0, (size_t) w * h * 4 * sizeof (float)); /* first touch outside the timing */
  double *t = malloc ((size_t) repeats * sizeof *t);
  double cpu_min = INFINITY;
  for (int r = 0; r < repeats; r++)
    {
      double t0 = bench_now_ms (), c0 = cpu_ms ();
      mc_aug_blur (src, w, h, 2.0, dst);
      t[r] = bench_now_ms () - t0;
      cpu_min = fmin (cpu_min, cpu_ms () - c0);
    }
  double mn = bench_min (t, repeats), med = bench_median (t, repeats);
  printf ("blur 2 on %dx%d (24 MP) RGBA float, %d threads: median %.1f ms (min %.1f; CPU time "
          "of all threads, min %.1f) over %d runs   target < 500 ms\n",
          w, h, mc_get_threads (), med, mn, cpu_min, repeats);
  free (t);
  free (src);
  free (dst);
}

/* ---- Agreement with the course's Python ---------------------------------------------------- */

/* Max |a - b| over R, G, B of two w x h images (a RGBA, b RGB), in 8-bit levels. */
static double
max_diff_levels (const float *rgba, const float *rgb, size_t n)
{
  double worst = 0;
  for (size_t i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      {
        double d = fabs ((double) rgba[i * 4 + c] - rgb[i * 3 + c]);
        if (d > worst)
          worst = d;
      }
  return worst * 255.0;
}

/* Compares one input with its four references; returns the number of failures. */
static int
check_one (const char *dir, const char *input_path, const char *id)
{
  static const struct
  {
    const char *recipe, *ref;
    double tolerance; /* 8-bit levels */
  } ops[] = { { "rotate 90", "rot90", 0.5 / 257 },
              { "flip h", "flip_h", 0.5 / 257 },
              { "flip v", "flip_v", 0.5 / 257 },
              { "blur 2", "blur2", 0.5 } };
  bench_image in;
  if (bench_load (input_path, &in) != 0)
    {
      printf ("  %s: cannot read %s\n", id, input_path);
      return 1;
    }
  int failures = 0;
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
    {
      char path[4096];
      snprintf (path, sizeof path, "%s/%s__%s.png", dir, id, ops[k].ref);
      bench_image ref;
      mc_recipe *recipe;
      mc_aug_plan plan;
      mc_aug_result res;
      if (bench_load (path, &ref) != 0)
        {
          printf ("  %s %-10s reference %s missing\n", id, ops[k].recipe, path);
          failures++;
          continue;
        }
      mc_recipe_parse (ops[k].recipe, &recipe, NULL);
      mc_recipe_draw (recipe, 0, 0, 0, &plan);
      mc_aug_apply (&plan, in.rgba, in.width, in.height, NULL, NULL, NULL, &res, NULL);
      int same_size = res.width == ref.width && res.height == ref.height;
      double d = same_size ? max_diff_levels (res.rgba, ref.rgb, (size_t) res.width * res.height)
                           : INFINITY;
      int ok = d <= ops[k].tolerance;
      failures += !ok;
      printf ("  %s %-10s %4dx%-4d max |diff| %.6f 8-bit levels (tolerance %.4f)  %s\n", id,
              ops[k].recipe, res.width, res.height, d, ops[k].tolerance, ok ? "ok" : "FAIL");
      mc_aug_result_clear (&res);
      mc_recipe_free (recipe);
      bench_image_free (&ref);
    }
  bench_image_free (&in);
  return failures;
}

static int
check_reference (const char *dir)
{
  DIR *d = opendir (dir);
  if (!d)
    {
      fprintf (stderr, "augment: cannot open %s\n", dir);
      return 2;
    }
  printf ("agreement with the course's Python (%s): flips and rot90 must equal the 16-bit "
          "references (half a 16-bit level), blur within half an 8-bit level\n",
          dir);
  int failures = 0, inputs = 0;
  struct dirent *e;
  const char *suffix = "__input.png";
  while ((e = readdir (d)))
    {
      size_t n = strlen (e->d_name), s = strlen (suffix);
      if (n <= s || strcmp (e->d_name + n - s, suffix) != 0)
        continue;
      char id[256], path[4096];
      snprintf (id, sizeof id, "%.*s", (int) (n - s), e->d_name);
      snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
      failures += check_one (dir, path, id);
      inputs++;
    }
  closedir (d);
  printf ("%d inputs, %d failures\n", inputs, failures);
  return inputs == 0 || failures > 0;
}

int
bench_augment_main (int argc, char **argv)
{
  int repeats = 21, big = 1;
  const char *image = NULL;
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--repeats") == 0 && i + 1 < argc)
        repeats = atoi (argv[++i]);
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        mc_set_threads (atoi (argv[++i]));
      else if (strcmp (argv[i], "--no-big") == 0)
        big = 0;
      else if (strcmp (argv[i], "--check-reference") == 0 && i + 1 < argc)
        return check_reference (argv[++i]);
      else if (argv[i][0] == '-')
        {
          fprintf (stderr, "usage: medclust-bench augment [--repeats N] [--threads T] [--no-big] "
                           "[IMAGE] | --check-reference DIR\n");
          return 2;
        }
      else
        image = argv[i];
    }
  if (repeats < 1)
    repeats = 1;
  print_load ();

  bench_image img = { 0 };
  float *rgba;
  int w = 600, h = 450;
  if (image)
    {
      if (bench_load (image, &img) != 0)
        {
          fprintf (stderr, "augment: cannot read %s\n", image);
          return 1;
        }
      rgba = img.rgba;
      w = img.width;
      h = img.height;
    }
  else
    rgba = synthetic_rgba (w, h);
  course_variants (rgba, w, h, repeats);
  if (image)
    bench_image_free (&img);
  else
    free (rgba);
  if (big)
    big_blur (repeats < 5 ? repeats : 5);
  printf ("peak RSS %ld KiB\n", bench_peak_rss_kib ());
  return 0;
}
