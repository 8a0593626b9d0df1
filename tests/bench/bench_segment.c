/* bench_segment.c: `medclust-bench segment`, the accuracy and speed of lesion segmentation against
 * expert masks.
 * Usage: medclust-bench segment [--method M] [--seed S] [--seeds A-B] [--joint] [--repeat N]
 *                               [--threads T] [--reference CSV] [--save DIR] [--hint F]
 *                               --masks DIR IMAGE...
 * Prints per image the Jaccard index, Dice, area error (predicted / true - 1) against DIR/<base>.png
 * and the core's time over --repeat runs (decoding excluded): the median wall-clock ms, the best
 * (min_ms), and cpu_ms, the median of the process's CPU time (all threads); a busy machine
 * inflates the last two least. Then means and medians.
 * --seeds A-B runs every seed from A to B and scores the mask of median area (the course's
 *   reference is the median area over seeds 0-4).
 * --reference CSV (the course's course_segment_areas.csv) adds the ratio of our area to the
 *   course Python's and counts the images within 3% and 10% of it.
 * --joint fits one model on a sample pooled from all the images (measure-files' joint = 1).
 * --save DIR writes each predicted mask as DIR/<base>.pgm.
 * --hint F analyses only an ellipse around the expert's lesion (its bounding box's half-sides
 *   times F), as a user's rough selection does.
 * Each row also gives the result's quality (mc_segment_quality: flags, contrast, stability), and
 * the summary how the warnings line up with the bad results (Jaccard < 0.5). */
#include "bench_common.h"
#include "mc_common.h"
#include "mc_segment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct
{
  int method;
  unsigned seed_from, seed_to;
  int joint;
  int repeat;
  int threads;
  const char *masks_dir;
  const char *reference;
  const char *save_dir;
  double hint; /* > 0: analyse only an ellipse around the expert's lesion, this many times its
                  bounding box's half-sides (the user's rough selection) */
} segment_options;

static void
usage (void)
{
  fprintf (stderr, "usage: medclust-bench segment [--method 0|1] [--seed S] [--seeds A-B] [--joint] "
                   "[--repeat N] [--threads T] [--reference CSV] [--save DIR] [--hint F] --masks DIR "
                   "IMAGE...\n");
}

static int
parse_options (int argc, char **argv, segment_options *o)
{
  *o = (segment_options){ 1, 0, 0, 0, 3, 0, NULL, NULL, NULL, 0 };
  int i = 1;
  for (; i < argc && strncmp (argv[i], "--", 2) == 0; i++)
    {
      const char *name = argv[i];
      if (strcmp (name, "--joint") == 0)
        {
          o->joint = 1;
          continue;
        }
      if (i + 1 >= argc)
        return -1;
      const char *v = argv[++i];
      if (strcmp (name, "--method") == 0)
        o->method = atoi (v);
      else if (strcmp (name, "--seed") == 0)
        o->seed_from = o->seed_to = (unsigned) strtoul (v, NULL, 10);
      else if (strcmp (name, "--seeds") == 0)
        {
          if (sscanf (v, "%u-%u", &o->seed_from, &o->seed_to) != 2 || o->seed_to < o->seed_from)
            return -1;
        }
      else if (strcmp (name, "--repeat") == 0)
        o->repeat = atoi (v);
      else if (strcmp (name, "--threads") == 0)
        o->threads = atoi (v);
      else if (strcmp (name, "--masks") == 0)
        o->masks_dir = v;
      else if (strcmp (name, "--reference") == 0)
        o->reference = v;
      else if (strcmp (name, "--save") == 0)
        o->save_dir = v;
      else if (strcmp (name, "--hint") == 0)
        o->hint = atof (v);
      else
        return -1;
    }
  if (i >= argc || !o->masks_dir || o->repeat < 1 || (o->method != 0 && o->method != 1))
    return -1;
  return i;
}

/* The course Python's median area for image id, from the reference CSV; -1 when absent. */
static double
reference_area (const char *csv, const char *id)
{
  FILE *f = fopen (csv, "r");
  if (!f)
    return -1;
  char line[512];
  double area = -1;
  size_t len = strlen (id);
  while (fgets (line, sizeof line, f))
    if (strncmp (line, id, len) == 0 && line[len] == ',')
      {
        area = atof (line + len + 1);
        break;
      }
  fclose (f);
  return area;
}

static void
save_pgm (const char *dir, const char *base, const uint8_t *mask, int w, int h)
{
  char path[4096];
  snprintf (path, sizeof path, "%s/%s.pgm", dir, base);
  FILE *f = fopen (path, "wb");
  if (!f)
    {
      fprintf (stderr, "cannot write %s\n", path);
      return;
    }
  fprintf (f, "P5\n%d %d\n255\n", w, h);
  fwrite (mask, 1, (size_t) w * h, f);
  fclose (f);
}

typedef struct
{
  double jaccard, dice, area_error, ms, min_ms, cpu_ms, area, course_ratio;
  unsigned flags;
} image_score;

static double
cpu_now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int64_t
mask_area (const uint8_t *m, size_t n)
{
  int64_t a = 0;
  for (size_t i = 0; i < n; i++)
    a += m[i] != 0;
  return a;
}

static void
score_mask (const uint8_t *pred, const unsigned char *truth, size_t n, image_score *s)
{
  int64_t both = 0, either = 0, p = 0, t = 0;
  for (size_t i = 0; i < n; i++)
    {
      int a = pred[i] != 0, b = truth[i] != 0;
      both += a && b;
      either += a || b;
      p += a;
      t += b;
    }
  s->jaccard = either ? (double) both / (double) either : 1.0;
  s->dice = p + t ? 2.0 * (double) both / (double) (p + t) : 1.0;
  s->area_error = t ? (double) p / (double) t - 1 : 0;
  s->area = (double) p;
}

/* Segments one image for every seed of the range, keeps the mask of median area in best.
 * Returns the median wall time per run in ms (the best in *min_ms, the median CPU time in
 * *cpu_ms), or -1 on failure. */
/* The ellipse a user would draw around the lesion: centred on the truth's bounding box, with
 * half-sides `scale` times the box's. NULL when the truth is empty or memory runs out. */
static uint8_t *
hint_ellipse (const unsigned char *truth, int w, int h, double scale)
{
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (truth[(size_t) y * w + x])
        {
          x0 = x < x0 ? x : x0;
          x1 = x > x1 ? x : x1;
          y0 = y < y0 ? y : y0;
          y1 = y > y1 ? y : y1;
        }
  uint8_t *valid = x1 >= 0 ? malloc ((size_t) w * h) : NULL;
  if (!valid)
    return NULL;
  double cx = 0.5 * (x0 + x1 + 1), cy = 0.5 * (y0 + y1 + 1);
  double rx = scale * 0.5 * (x1 - x0 + 1), ry = scale * 0.5 * (y1 - y0 + 1);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double u = (x + 0.5 - cx) / rx, v = (y + 0.5 - cy) / ry;
        valid[(size_t) y * w + x] = u * u + v * v <= 1;
      }
  return valid;
}

static double
segment_image (const segment_options *o, const mc_segment_pool *pool, const bench_image *img,
               const uint8_t *valid, uint8_t *best, mc_segment_quality *quality, double *min_ms,
               double *cpu_ms)
{
  size_t n = (size_t) img->width * img->height;
  int seeds = (int) (o->seed_to - o->seed_from + 1);
  uint8_t **masks = calloc ((size_t) seeds, sizeof *masks);
  double *areas = calloc ((size_t) seeds, sizeof *areas);
  mc_segment_quality *qs = calloc ((size_t) seeds, sizeof *qs);
  double *times = calloc ((size_t) seeds * o->repeat, sizeof *times);
  double *cpu = calloc ((size_t) seeds * o->repeat, sizeof *cpu);
  int ntimes = 0, ok = 1;
  for (int s = 0; s < seeds && ok; s++)
    {
      masks[s] = malloc (n);
      mc_segment_params p;
      mc_segment_params_init (&p);
      p.method = o->method;
      p.seed = o->seed_from + (unsigned) s;
      for (int r = 0; r < o->repeat && ok; r++)
        {
          double t0 = bench_now_ms (), c0 = cpu_now_ms ();
          mc_status st
            = pool ? mc_segment_pool_segment_checked (pool, img->rgb, valid, img->width,
                                                      img->height, masks[s], &qs[s], NULL)
                   : mc_segment_checked (img->rgb, valid, img->width, img->height, &p, masks[s],
                                         &qs[s], NULL);
          cpu[ntimes] = cpu_now_ms () - c0;
          times[ntimes++] = bench_now_ms () - t0;
          if (st != MC_OK)
            {
              fprintf (stderr, "segmentation failed: %s\n", mc_status_text (st));
              ok = 0;
            }
        }
      areas[s] = (double) mask_area (masks[s], n);
    }
  if (ok)
    {
      /* The seed whose area is the median (the lower middle one for an even count). */
      int pick = 0;
      for (int s = 0; s < seeds; s++)
        {
          int below = 0, equal_before = 0;
          for (int u = 0; u < seeds; u++)
            {
              below += areas[u] < areas[s];
              equal_before += u < s && areas[u] == areas[s];
            }
          if (below + equal_before == (seeds - 1) / 2)
            pick = s;
        }
      memcpy (best, masks[pick], n);
      *quality = qs[pick];
    }
  *min_ms = ok ? bench_min (times, ntimes) : -1;
  double ms = ok ? bench_median (times, ntimes) : -1;
  *cpu_ms = ok ? bench_median (cpu, ntimes) : -1;
  free (cpu);
  for (int s = 0; s < seeds; s++)
    free (masks[s]);
  free (masks);
  free (areas);
  free (qs);
  free (times);
  return ms;
}

static mc_segment_pool *
build_pool (const segment_options *o, char **paths, int count)
{
  mc_segment_params p;
  mc_segment_params_init (&p);
  p.method = o->method;
  p.seed = o->seed_from;
  mc_segment_pool *pool = mc_segment_pool_new (&p);
  double t0 = bench_now_ms ();
  for (int i = 0; i < count && pool; i++)
    {
      bench_image img;
      if (bench_load (paths[i], &img) != 0)
        continue;
      mc_status st = mc_segment_pool_add (pool, i, img.rgb, NULL, img.width, img.height, NULL);
      bench_image_free (&img);
      if (st != MC_OK)
        fprintf (stderr, "%s: pool add failed: %s\n", paths[i], mc_status_text (st));
    }
  if (pool && mc_segment_pool_fit (pool, NULL) != MC_OK)
    {
      fprintf (stderr, "pool fit failed\n");
      mc_segment_pool_free (pool);
      return NULL;
    }
  printf ("# joint pool of %d images built and fitted in %.1f ms (decoding included)\n", count,
          bench_now_ms () - t0);
  return pool;
}

int
bench_segment_main (int argc, char **argv)
{
  segment_options o;
  int first = parse_options (argc, argv, &o);
  if (first < 0)
    {
      usage ();
      return 2;
    }
  if (o.threads > 0)
    mc_set_threads (o.threads);
  int count = argc - first;
  if (o.joint && o.seed_to != o.seed_from)
    {
      fprintf (stderr, "--joint takes one seed\n");
      return 2;
    }
  mc_segment_pool *pool = o.joint ? build_pool (&o, argv + first, count) : NULL;
  if (o.joint && !pool)
    return 1;
  image_score *scores = calloc ((size_t) count, sizeof *scores);
  int scored = 0, within3 = 0, within10 = 0, compared = 0;
  printf ("# method %d, seeds %u-%u%s, threads %d\n", o.method, o.seed_from, o.seed_to,
          o.joint ? ", joint" : "", mc_get_threads ());
  printf ("%-16s %9s %7s %7s %9s %8s %8s %8s %5s %8s %9s", "image", "size", "jaccard", "dice",
          "area_err", "ms", "min_ms", "cpu_ms", "flags", "contrast", "stability");
  if (o.reference)
    printf (" %10s %11s", "area", "vs_course");
  printf ("\n");
  for (int i = 0; i < count; i++)
    {
      const char *path = argv[first + i];
      char base[1024];
      snprintf (base, sizeof base, "%s", bench_basename_noext (path));
      bench_image img;
      if (bench_load (path, &img) != 0)
        {
          printf ("%-16s cannot be read\n", base);
          continue;
        }
      char mask_path[4096];
      snprintf (mask_path, sizeof mask_path, "%s/%s.png", o.masks_dir, base);
      int mw, mh;
      unsigned char *truth;
      if (bench_load_mask (mask_path, &mw, &mh, &truth) != 0 || mw != img.width
          || mh != img.height)
        {
          printf ("%-16s no mask of the same size at %s\n", base, mask_path);
          bench_image_free (&img);
          continue;
        }
      size_t n = (size_t) img.width * img.height;
      uint8_t *pred = malloc (n);
      double min_ms, cpu_ms;
      mc_segment_quality q = { 0 };
      uint8_t *valid = o.hint > 0 ? hint_ellipse (truth, img.width, img.height, o.hint) : NULL;
      double ms = segment_image (&o, pool, &img, valid, pred, &q, &min_ms, &cpu_ms);
      free (valid);
      if (ms >= 0)
        {
          image_score *s = &scores[scored++];
          score_mask (pred, truth, n, s);
          s->ms = ms;
          s->min_ms = min_ms;
          s->cpu_ms = cpu_ms;
          char size[32];
          snprintf (size, sizeof size, "%dx%d", img.width, img.height);
          printf ("%-16s %9s %7.3f %7.3f %+9.3f %8.1f %8.1f %8.1f %5u %8.3f %9.3f", base, size,
                  s->jaccard, s->dice, s->area_error, ms, min_ms, cpu_ms, q.flags, q.contrast,
                  q.stability);
          s->flags = q.flags;
          if (o.reference)
            {
              double ref = reference_area (o.reference, base);
              if (ref > 0)
                {
                  s->course_ratio = s->area / ref - 1;
                  compared++;
                  within3 += fabs (s->course_ratio) <= 0.03;
                  within10 += fabs (s->course_ratio) <= 0.10;
                  printf (" %10.0f %+10.3f%%", s->area, 100 * s->course_ratio);
                }
              else
                printf (" %10.0f %11s", s->area, "-");
            }
          printf ("\n");
          if (o.save_dir)
            save_pgm (o.save_dir, base, pred, img.width, img.height);
        }
      free (pred);
      free (truth);
      bench_image_free (&img);
    }
  double *v = malloc ((size_t) (scored ? scored : 1) * sizeof *v);
  const char *names[] = { "jaccard", "dice", "|area_err|", "ms", "min_ms", "cpu_ms" };
  for (int k = 0; k < 6; k++)
    {
      double sum = 0, lo = HUGE_VAL;
      for (int i = 0; i < scored; i++)
        {
          v[i] = k == 0 ? scores[i].jaccard
                 : k == 1 ? scores[i].dice
                 : k == 2 ? fabs (scores[i].area_error)
                 : k == 3 ? scores[i].ms
                 : k == 4 ? scores[i].min_ms
                          : scores[i].cpu_ms;
          sum += v[i];
          lo = v[i] < lo ? v[i] : lo;
        }
      printf ("%-11s mean %.3f  median %.3f  min %.3f  (%d images)\n", names[k],
              scored ? sum / scored : 0, bench_median (v, scored), scored ? lo : 0, scored);
    }
  /* Do the warnings tell the bad results (Jaccard < 0.5) from the good ones? */
  int table[2][2] = { { 0, 0 }, { 0, 0 } }; /* [warned][bad] */
  for (int i = 0; i < scored; i++)
    table[scores[i].flags != 0][scores[i].jaccard < 0.5]++;
  printf ("warnings    none: %d good, %d bad   warned: %d good, %d bad\n", table[0][0],
          table[0][1], table[1][0], table[1][1]);
  if (o.reference)
    printf ("vs course   within 3%%: %d of %d   within 10%%: %d of %d\n", within3, compared,
            within10, compared);
  free (v);
  free (scores);
  mc_segment_pool_free (pool);
  return scored == count ? 0 : 1;
}
