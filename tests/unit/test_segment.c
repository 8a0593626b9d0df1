/* test_segment.c: lesion segmentation on synthetic images whose answer is known (mc_synth.h): our
 * method finds a disc on textured skin crossed by hair inside a dark vignette with its area and
 * perimeter within 2%; the course's method finds a flat two-colour disc exactly; only valid pixels
 * are ever lesion; the same seed gives bit-identical masks with 1 and 2 threads; the joint pool
 * fits once for a set of images whatever the order of the adds; progress, cancel and bad
 * arguments behave as mc_segment.h says; and, when the dev set is present, our method agrees with
 * the dermatologists' masks on a few real images. */
#include "mc_measure.h"
#include "mc_segment.h"
#include "mc_synth.h"
#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#ifdef HAVE_GEGL
#include <gegl.h>
#endif
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
/* GEGL's plug-in modules keep allocations to the end of the process; they are not ours to
 * free, so the leak checker ignores what is allocated while they are in use. */
#define LEAK_CHECK_PAUSE() __lsan_disable ()
#define LEAK_CHECK_RESUME() __lsan_enable ()
#else
#define LEAK_CHECK_PAUSE()
#define LEAK_CHECK_RESUME()
#endif

typedef struct
{
  int width, height;
  float *rgb;
  uint8_t *truth;
  double area; /* pixels of the truth */
} synthetic;

static synthetic
draw (const mc_synth_params *p)
{
  synthetic s = { p->width, p->height, NULL, NULL, 0 };
  size_t n = (size_t) p->width * p->height;
  s.rgb = g_new (float, 3 * n);
  s.truth = g_new (uint8_t, n);
  g_assert_cmpint (mc_synth_lesion (p, s.rgb, s.truth), ==, MC_OK);
  for (size_t i = 0; i < n; i++)
    s.area += s.truth[i] != 0;
  return s;
}

static void
synthetic_free (synthetic *s)
{
  g_free (s->rgb);
  g_free (s->truth);
}

/* A flat two-colour disc: no texture, hair, vignette or soft edge. */
static mc_synth_params
two_colour_params (int w, int h, double r)
{
  mc_synth_params p;
  mc_synth_params_init (&p, w, h);
  p.rx = p.ry = r;
  p.texture = 0;
  p.hairs = 0;
  p.vignette = 0;
  p.edge_px = 0;
  return p;
}

static mc_segment_params
method (int m, uint32_t seed)
{
  mc_segment_params p;
  mc_segment_params_init (&p);
  p.method = m;
  p.seed = seed;
  return p;
}

static double
jaccard (const uint8_t *a, const uint8_t *b, size_t n)
{
  int64_t both = 0, either = 0;
  for (size_t i = 0; i < n; i++)
    {
      both += a[i] && b[i];
      either += a[i] || b[i];
    }
  return either ? (double) both / (double) either : 1.0;
}

static void
test_defaults (void)
{
  mc_segment_params p;
  memset (&p, 0x55, sizeof p);
  mc_segment_params_init (&p);
  g_assert_cmpint (p.method, ==, MC_SEGMENT_OURS);
  g_assert_cmpuint (p.seed, ==, 0);
}

/* Our method on the hard synthetic image: a disc on textured skin, hair over lesion and skin, the
 * light falling off towards a dark round rim. Area and perimeter within 2%. */
static void
check_ours_on_synthetic (const mc_synth_params *sp)
{
  synthetic s = draw (sp);
  size_t n = (size_t) s.width * s.height;
  uint8_t *mask = g_new (uint8_t, n);
  mc_segment_params p = method (1, 0);
  g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, NULL), ==, MC_OK);
  for (size_t i = 0; i < n; i++)
    g_assert_true (mask[i] == 0 || mask[i] == 255);
  mc_lesion_measure m;
  g_assert_cmpint (mc_measure_lesion (mask, NULL, s.width, s.height, 0, &m), ==, MC_OK);
  double truth_perimeter = 2 * G_PI * sp->rx;
  g_test_message ("%dx%d r=%.0f seed %u: area %+.2f%%, perimeter %+.2f%%, Jaccard %.3f", s.width,
                  s.height, sp->rx, sp->seed, 100 * (m.area_px / s.area - 1),
                  100 * (m.perimeter_px / truth_perimeter - 1), jaccard (mask, s.truth, n));
  g_assert_cmpfloat (fabs (m.area_px / s.area - 1), <, 0.02);
  g_assert_cmpfloat (fabs (m.area_px / mc_synth_ellipse_area (sp) - 1), <, 0.02);
  g_assert_cmpfloat (fabs (m.perimeter_px / truth_perimeter - 1), <, 0.02);
  g_assert_cmpfloat (jaccard (mask, s.truth, n), >, 0.95);
  g_assert_cmpint (m.components, ==, 1);
  g_free (mask);
  synthetic_free (&s);
}

static void
test_ours_disc (void)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, 600, 450);
  g_assert_cmpint (sp.hairs, >, 0);
  g_assert_cmpfloat (sp.vignette, >, 0);
  g_assert_cmpfloat (sp.texture, >, 0);
  check_ours_on_synthetic (&sp);
  /* Other hair, texture and a lesion off the centre, on a larger image (a different scale of
   * the working copy). */
  for (uint32_t seed = 1; seed <= 3; seed++)
    {
      mc_synth_params_init (&sp, 1024, 768);
      sp.seed = seed;
      sp.cx += 40.0 * seed;
      sp.cy -= 25.0 * seed;
      check_ours_on_synthetic (&sp);
    }
}

/* A small lesion must survive the clean-up: its smoothing follows the lesion's size. */
static void
test_ours_small_lesion (void)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, 600, 450);
  sp.rx = sp.ry = 22; /* 3% of the diagonal */
  sp.hairs = 2;
  synthetic s = draw (&sp);
  size_t n = (size_t) s.width * s.height;
  uint8_t *mask = g_new (uint8_t, n);
  mc_segment_params p = method (1, 0);
  g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, NULL), ==, MC_OK);
  double j = jaccard (mask, s.truth, n);
  g_test_message ("small lesion: Jaccard %.3f", j);
  g_assert_cmpfloat (j, >, 0.85);
  g_free (mask);
  synthetic_free (&s);
}

static void
test_course_two_colours (void)
{
  mc_synth_params sp = two_colour_params (320, 240, 50);
  synthetic s = draw (&sp);
  size_t n = (size_t) s.width * s.height;
  uint8_t *mask = g_new (uint8_t, n);
  for (uint32_t seed = 0; seed < 3; seed++)
    {
      mc_segment_params p = method (0, seed);
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, NULL), ==, MC_OK);
      /* Two colours, two centres: the darker one is exactly the disc. */
      g_assert_cmpmem (mask, n, s.truth, n);
    }
  /* With skin darker than the lesion, the "lesion" is the skin: the course's rule, unchanged. */
  for (int c = 0; c < 3; c++)
    {
      float t = sp.skin[c];
      sp.skin[c] = sp.lesion[c];
      sp.lesion[c] = t;
    }
  synthetic inverted = draw (&sp);
  mc_segment_params p = method (0, 0);
  g_assert_cmpint (mc_segment (inverted.rgb, NULL, s.width, s.height, &p, mask, NULL), ==, MC_OK);
  for (size_t i = 0; i < n; i++)
    g_assert_cmpint (mask[i], ==, inverted.truth[i] ? 0 : 255);
  synthetic_free (&inverted);
  g_free (mask);
  synthetic_free (&s);
}

/* Pixels outside valid are never lesion; NULL valid is the same as all valid. */
static void
test_valid_restriction (void)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, 400, 300);
  synthetic s = draw (&sp);
  size_t n = (size_t) s.width * s.height;
  uint8_t *valid = g_new (uint8_t, n), *all = g_new (uint8_t, n);
  uint8_t *mask = g_new (uint8_t, n), *ref = g_new (uint8_t, n), *cut = g_new (uint8_t, n);
  memset (all, 1, n);
  /* The left 220 columns, so the lesion is cut by the edge of the selection. */
  for (int y = 0; y < s.height; y++)
    for (int x = 0; x < s.width; x++)
      {
        size_t i = (size_t) y * s.width + x;
        valid[i] = x < 220;
        cut[i] = valid[i] && s.truth[i];
      }
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_params p = method (m, 3);
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, ref, NULL), ==, MC_OK);
      g_assert_cmpint (mc_segment (s.rgb, all, s.width, s.height, &p, mask, NULL), ==, MC_OK);
      g_assert_cmpmem (mask, n, ref, n);
      g_assert_cmpint (mc_segment (s.rgb, valid, s.width, s.height, &p, mask, NULL), ==, MC_OK);
      for (size_t i = 0; i < n; i++)
        if (!valid[i])
          g_assert_cmpint (mask[i], ==, 0);
      mc_lesion_measure out;
      g_assert_cmpint (mc_measure_lesion (mask, valid, s.width, s.height, 0, &out), ==, MC_OK);
      g_assert_cmpint (out.analysed_px, ==, 220 * 300);
      g_assert_cmpfloat (fabs (out.area_percent - 100.0 * out.area_px / out.analysed_px), <, 1e-9);
      if (m == 1)
        {
          double j = jaccard (mask, cut, n);
          g_test_message ("ours on a selection: Jaccard %.3f", j);
          g_assert_cmpfloat (j, >, 0.93);
        }
    }
  /* No valid pixel at all: nothing is lesion, and that is not an error. */
  memset (valid, 0, n);
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_params p = method (m, 0);
      memset (mask, 7, n);
      g_assert_cmpint (mc_segment (s.rgb, valid, s.width, s.height, &p, mask, NULL), ==, MC_OK);
      for (size_t i = 0; i < n; i++)
        g_assert_cmpint (mask[i], ==, 0);
    }
  g_free (valid);
  g_free (all);
  g_free (mask);
  g_free (ref);
  g_free (cut);
  synthetic_free (&s);
}

static void
test_threads_bit_identical (void)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, 1024, 768);
  sp.seed = 11;
  synthetic s = draw (&sp);
  size_t n = (size_t) s.width * s.height;
  uint8_t *one = g_new (uint8_t, n), *two = g_new (uint8_t, n);
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_params p = method (m, 5);
      mc_set_threads (1);
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, one, NULL), ==, MC_OK);
      mc_set_threads (2);
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, two, NULL), ==, MC_OK);
      g_assert_cmpmem (one, n, two, n);
      /* And again with the same seed: the same mask. */
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, two, NULL), ==, MC_OK);
      g_assert_cmpmem (one, n, two, n);
    }
  /* The synthetic image itself does not depend on the thread count either. */
  float *again = g_new (float, 3 * n);
  mc_set_threads (1);
  g_assert_cmpint (mc_synth_lesion (&sp, again, NULL), ==, MC_OK);
  g_assert_cmpmem (again, 3 * n * sizeof (float), s.rgb, 3 * n * sizeof (float));
  mc_set_threads (0);
  g_free (again);
  g_free (one);
  g_free (two);
  synthetic_free (&s);
}

/* Three images of different sizes and lesions, added to a pool in the given order. */
static void
pool_masks (int m, const int *order, synthetic *imgs, uint8_t **masks)
{
  mc_segment_params p = method (m, 9);
  mc_segment_pool *pool = mc_segment_pool_new (&p);
  g_assert_nonnull (pool);
  g_assert_cmpint (mc_segment_pool_segment (pool, imgs[0].rgb, NULL, imgs[0].width,
                                            imgs[0].height, masks[0], NULL),
                   ==, MC_ERR_ARG); /* not fitted yet */
  g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_ERR_ARG); /* nothing added */
  for (int k = 0; k < 3; k++)
    {
      int i = order[k];
      g_assert_cmpint (mc_segment_pool_add (pool, i, imgs[i].rgb, NULL, imgs[i].width,
                                            imgs[i].height, NULL),
                       ==, MC_OK);
    }
  g_assert_cmpint (mc_segment_pool_add (pool, order[1], imgs[order[1]].rgb, NULL,
                                        imgs[order[1]].width, imgs[order[1]].height, NULL),
                   ==, MC_ERR_ARG); /* the same index twice */
  g_assert_cmpint (mc_segment_pool_add (pool, -1, imgs[0].rgb, NULL, imgs[0].width,
                                        imgs[0].height, NULL),
                   ==, MC_ERR_ARG);
  g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_OK);
  g_assert_cmpint (mc_segment_pool_add (pool, 7, imgs[0].rgb, NULL, imgs[0].width,
                                        imgs[0].height, NULL),
                   ==, MC_ERR_ARG); /* after the fit */
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (mc_segment_pool_segment (pool, imgs[i].rgb, NULL, imgs[i].width,
                                              imgs[i].height, masks[i], NULL),
                     ==, MC_OK);
  mc_segment_pool_free (pool);
}

/* Segments the three images with a pool made by make (bounded or not), fitted on all three;
 * also returns the pool's model and how many points it pooled. */
static size_t
bounded_pool_masks (int m, int n_images, synthetic *imgs, uint8_t **masks,
                    mc_segment_model *model)
{
  mc_segment_params p = method (m, 9);
  mc_segment_pool *pool
    = n_images ? mc_segment_pool_new_bounded (&p, n_images) : mc_segment_pool_new (&p);
  g_assert_nonnull (pool);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (mc_segment_pool_add (pool, i, imgs[i].rgb, NULL, imgs[i].width,
                                          imgs[i].height, NULL),
                     ==, MC_OK);
  g_assert_cmpint (mc_segment_pool_model (pool, model), ==, MC_ERR_ARG); /* not fitted */
  g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_OK);
  g_assert_cmpint (mc_segment_pool_model (pool, model), ==, MC_OK);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (mc_segment_pool_segment (pool, imgs[i].rgb, NULL, imgs[i].width,
                                              imgs[i].height, masks[i], NULL),
                     ==, MC_OK);
  size_t points = mc_segment_pool_points (pool);
  mc_segment_pool_free (pool);
  return points;
}

/* A bounded pool gives the unbounded pool's result while the images' samples fit its budget,
 * and holds at most the budget when told of many images; a model saved from a fitted pool
 * segments exactly as that pool, in a pool of its own. */
static void
test_joint_pool_bounded_and_model (void)
{
  const int sizes[3][2] = { { 480, 320 }, { 400, 300 }, { 384, 384 } };
  const double radii[3] = { 50, 70, 60 };
  synthetic imgs[3];
  uint8_t *a[3], *b[3];
  for (int i = 0; i < 3; i++)
    {
      mc_synth_params sp;
      mc_synth_params_init (&sp, sizes[i][0], sizes[i][1]);
      sp.rx = sp.ry = radii[i];
      sp.seed = (uint32_t) i + 40;
      imgs[i] = draw (&sp);
      a[i] = g_new (uint8_t, (size_t) sizes[i][0] * sizes[i][1]);
      b[i] = g_new (uint8_t, (size_t) sizes[i][0] * sizes[i][1]);
    }
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_model model, unused;
      size_t whole = bounded_pool_masks (m, 0, imgs, a, &model);
      size_t few = bounded_pool_masks (m, 3, imgs, b, &unused);
      g_assert_cmpuint (whole, ==, few);
      for (int i = 0; i < 3; i++)
        g_assert_cmpmem (a[i], (size_t) imgs[i].width * imgs[i].height, b[i],
                         (size_t) imgs[i].width * imgs[i].height);
      /* Told of 100,000 images, each adds at most 1/100,000 of the budget. */
      size_t many = bounded_pool_masks (m, 100000, imgs, b, &unused);
      g_assert_cmpuint (many, <=, 3 * (MC_SEGMENT_POOL_MAX_POINTS / 100000));
      if (m == 0)
        g_assert_cmpuint (many, >, 0);
      else
        g_assert_cmpuint (many, ==, 0);
      /* The model alone. */
      g_assert_cmpint (model.method, ==, m);
      mc_segment_pool *again = mc_segment_pool_from_model (&model);
      g_assert_nonnull (again);
      for (int i = 0; i < 3; i++)
        {
          size_t n = (size_t) imgs[i].width * imgs[i].height;
          g_assert_cmpint (mc_segment_pool_segment (again, imgs[i].rgb, NULL, imgs[i].width,
                                                    imgs[i].height, b[i], NULL),
                           ==, MC_OK);
          g_assert_cmpmem (a[i], n, b[i], n);
        }
      mc_segment_pool_free (again);
    }
  mc_segment_model bad = { 0, { 0, 0, NAN, 1, 1, 1 }, 0 };
  g_assert_null (mc_segment_pool_from_model (&bad));
  bad.method = 7;
  bad.centres[2] = 0;
  g_assert_null (mc_segment_pool_from_model (&bad));
  bad.method = 1;
  bad.threshold = INFINITY;
  g_assert_null (mc_segment_pool_from_model (&bad));
  for (int i = 0; i < 3; i++)
    {
      synthetic_free (&imgs[i]);
      g_free (a[i]);
      g_free (b[i]);
    }
}

static void
test_joint_pool (void)
{
  const int sizes[3][2] = { { 480, 320 }, { 400, 300 }, { 384, 384 } };
  const double radii[3] = { 50, 70, 60 };
  synthetic flat[3], hard[3];
  uint8_t *a[3], *b[3];
  for (int i = 0; i < 3; i++)
    {
      mc_synth_params sp = two_colour_params (sizes[i][0], sizes[i][1], radii[i]);
      flat[i] = draw (&sp);
      mc_synth_params_init (&sp, sizes[i][0], sizes[i][1]);
      sp.rx = sp.ry = radii[i];
      sp.seed = (uint32_t) i + 20;
      hard[i] = draw (&sp);
      a[i] = g_new (uint8_t, (size_t) sizes[i][0] * sizes[i][1]);
      b[i] = g_new (uint8_t, (size_t) sizes[i][0] * sizes[i][1]);
    }
  const int forward[3] = { 0, 1, 2 }, shuffled[3] = { 2, 0, 1 };
  /* Method 0: one pair of centres for all; flat two-colour images come out exactly, whatever
   * the order of the adds. */
  pool_masks (0, forward, flat, a);
  pool_masks (0, shuffled, flat, b);
  for (int i = 0; i < 3; i++)
    {
      size_t n = (size_t) flat[i].width * flat[i].height;
      g_assert_cmpmem (a[i], n, flat[i].truth, n);
      g_assert_cmpmem (a[i], n, b[i], n);
    }
  /* Method 1: one pooled threshold; the hard images still come out within 3%. */
  pool_masks (1, forward, hard, a);
  pool_masks (1, shuffled, hard, b);
  for (int i = 0; i < 3; i++)
    {
      size_t n = (size_t) hard[i].width * hard[i].height;
      g_assert_cmpmem (a[i], n, b[i], n);
      int64_t area = 0;
      for (size_t j = 0; j < n; j++)
        area += a[i][j] != 0;
      g_test_message ("joint ours, image %d: area %+.2f%%", i, 100 * (area / hard[i].area - 1));
      g_assert_cmpfloat (fabs (area / hard[i].area - 1), <, 0.03);
    }
  for (int i = 0; i < 3; i++)
    {
      synthetic_free (&flat[i]);
      synthetic_free (&hard[i]);
      g_free (a[i]);
      g_free (b[i]);
    }
  mc_segment_params bad = method (5, 0);
  g_assert_null (mc_segment_pool_new (&bad));
  g_assert_null (mc_segment_pool_new (NULL));
  mc_segment_pool_free (NULL);
}

typedef struct
{
  int calls;
  double last;
  int decreasing;
  volatile int cancel;
  int cancel_at_call;
} progress_log;

static void
on_progress (void *user, double fraction)
{
  progress_log *log = user;
  if (fraction < log->last)
    log->decreasing = 1;
  log->last = fraction;
  if (++log->calls == log->cancel_at_call)
    log->cancel = 1;
}

static void
test_progress_and_cancel (void)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, 320, 240);
  synthetic s = draw (&sp);
  uint8_t *mask = g_new (uint8_t, (size_t) s.width * s.height);
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_params p = method (m, 0);
      progress_log log = { 0, 0, 0, 0, -1 };
      mc_monitor mon = { on_progress, &log, &log.cancel };
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, &mon), ==, MC_OK);
      g_assert_cmpint (log.calls, >=, 2);
      g_assert_false (log.decreasing);
      g_assert_cmpfloat (log.last, ==, 1.0);
      /* Raised before the start, and raised from the first progress report. */
      progress_log early = { 0, 0, 0, 1, -1 };
      mc_monitor stop = { on_progress, &early, &early.cancel };
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, &stop), ==,
                       MC_ERR_CANCELLED);
      progress_log later = { 0, 0, 0, 0, 1 };
      mc_monitor stop_later = { on_progress, &later, &later.cancel };
      g_assert_cmpint (mc_segment (s.rgb, NULL, s.width, s.height, &p, mask, &stop_later), ==,
                       MC_ERR_CANCELLED);
    }
  g_free (mask);
  synthetic_free (&s);
}

static void
test_bad_arguments (void)
{
  float rgb[12] = { 0 };
  uint8_t mask[4];
  mc_segment_params p = method (1, 0);
  g_assert_cmpint (mc_segment (NULL, NULL, 2, 2, &p, mask, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_segment (rgb, NULL, 0, 2, &p, mask, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_segment (rgb, NULL, 2, -3, &p, mask, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_segment (rgb, NULL, 2, 2, NULL, mask, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_segment (rgb, NULL, 2, 2, &p, NULL, NULL), ==, MC_ERR_ARG);
  p.method = 2;
  g_assert_cmpint (mc_segment (rgb, NULL, 2, 2, &p, mask, NULL), ==, MC_ERR_ARG);
  p.method = -1;
  g_assert_cmpint (mc_segment (rgb, NULL, 2, 2, &p, mask, NULL), ==, MC_ERR_ARG);
  /* Tiny images are valid input. */
  for (int m = 0; m <= 1; m++)
    {
      p.method = m;
      g_assert_cmpint (mc_segment (rgb, NULL, 1, 1, &p, mask, NULL), ==, MC_OK);
      g_assert_cmpint (mc_segment (rgb, NULL, 2, 2, &p, mask, NULL), ==, MC_OK);
    }
}

#ifdef HAVE_GEGL
/* Loads a file through GEGL in the given babl format; NULL when it cannot be read. */
static void *
load_pixels (const char *path, const char *format, int bytes_per_pixel, int *w, int *h)
{
  GeglNode *graph = gegl_node_new ();
  GeglNode *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglBuffer *buffer = NULL;
  GeglNode *sink
    = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (!buffer)
    return NULL;
  *w = gegl_buffer_get_width (buffer);
  *h = gegl_buffer_get_height (buffer);
  void *pixels = g_malloc ((size_t) *w * *h * bytes_per_pixel);
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format (format), pixels,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return pixels;
}
#endif

/* Our method against the dermatologists' outlines on a few dev images of both sources. */
static void
test_real_images (void)
{
  const char *dir = tu_data_dir ();
  if (!dir)
    {
      g_test_skip ("the dermoscopy dev set (../shared/data/dermoscopy or $MEDCLUST_DATA) is absent");
      return;
    }
#ifndef HAVE_GEGL
  g_test_skip ("built without GEGL: cannot decode the dev set's JPEG files");
#else
  LEAK_CHECK_PAUSE ();
  gegl_init (NULL, NULL);
  const char *ids[] = { "ISIC_0024311", "ISIC_0027800", "ISIC_0000039", "ISIC_0010015" };
  for (size_t k = 0; k < G_N_ELEMENTS (ids); k++)
    {
      char *image_path = g_strdup_printf ("%s/images/%s.jpg", dir, ids[k]);
      char *mask_path = g_strdup_printf ("%s/masks/%s.png", dir, ids[k]);
      int w, h, mw, mh;
      float *rgb = load_pixels (image_path, "R'G'B' float", 12, &w, &h);
      uint8_t *truth = load_pixels (mask_path, "Y' u8", 1, &mw, &mh);
      g_assert_nonnull (rgb);
      g_assert_nonnull (truth);
      g_assert_cmpint (w, ==, mw);
      g_assert_cmpint (h, ==, mh);
      size_t n = (size_t) w * h;
      for (size_t i = 0; i < n; i++)
        truth[i] = truth[i] >= 128;
      uint8_t *mask = g_new (uint8_t, n);
      mc_segment_params p = method (1, 0);
      g_assert_cmpint (mc_segment (rgb, NULL, w, h, &p, mask, NULL), ==, MC_OK);
      double j = jaccard (mask, truth, n);
      g_test_message ("%s: Jaccard %.3f", ids[k], j);
      g_assert_cmpfloat (j, >=, 0.5);
      g_free (mask);
      g_free (rgb);
      g_free (truth);
      g_free (image_path);
      g_free (mask_path);
    }
  gegl_exit ();
  LEAK_CHECK_RESUME ();
#endif
}

/* 8-bit pixels (3 or 4 bytes, with a valid mask) give the mask and quality the same pixels give as
 * floats, to the bit, for both methods; 1500x1100 is large enough that method 1 shrinks. */
static void
test_bytes_equal_floats (void)
{
  int w = 1500, h = 1100;
  size_t n = (size_t) w * h;
  mc_synth_params sp;
  mc_synth_params_init (&sp, w, h);
  float *rgb = g_new (float, 3 * n);
  g_assert_cmpint (mc_synth_lesion (&sp, rgb, NULL), ==, MC_OK);
  uint8_t *b3 = g_new (uint8_t, 3 * n), *b4 = g_new (uint8_t, 4 * n), *valid = g_new (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    {
      for (int c = 0; c < 3; c++)
        {
          int v = (int) (rgb[3 * i + c] * 255 + 0.5);
          b3[3 * i + c] = b4[4 * i + c] = (uint8_t) v;
          rgb[3 * i + c] = (float) (v / 255.0);
        }
      b4[4 * i + 3] = (uint8_t) (i % 7);
      valid[i] = (i / w) % 97 != 3; /* a few unanalysed rows */
    }
  for (int method = 0; method <= 1; method++)
    {
      mc_segment_params p;
      mc_segment_params_init (&p);
      p.method = method;
      uint8_t *m_f = g_new (uint8_t, n), *m_3 = g_new (uint8_t, n), *m_4 = g_new (uint8_t, n);
      mc_segment_quality q_f, q_3, q_4;
      g_assert_cmpint (mc_segment_checked (rgb, valid, w, h, &p, m_f, &q_f, NULL), ==, MC_OK);
      g_assert_cmpint (mc_segment_checked_u8 (b3, 3, valid, w, h, &p, m_3, &q_3, NULL), ==, MC_OK);
      g_assert_cmpint (mc_segment_checked_u8 (b4, 4, valid, w, h, &p, m_4, &q_4, NULL), ==, MC_OK);
      g_assert_cmpint (memcmp (m_f, m_3, n), ==, 0);
      g_assert_cmpint (memcmp (m_f, m_4, n), ==, 0);
      g_assert_cmpint (memcmp (&q_f, &q_3, sizeof q_f), ==, 0);
      g_assert_cmpint (memcmp (&q_f, &q_4, sizeof q_f), ==, 0);
      size_t lesion = 0;
      for (size_t i = 0; i < n; i++)
        lesion += m_f[i] == 255;
      g_assert_cmpuint (lesion, >, n / 50); /* a real mask, not two empty ones */
      g_free (m_f);
      g_free (m_3);
      g_free (m_4);
    }
  mc_segment_params p;
  mc_segment_params_init (&p);
  g_assert_cmpint (mc_segment_checked_u8 (b3, 2, valid, w, h, &p, valid, NULL, NULL), ==,
                   MC_ERR_ARG);
  g_free (rgb);
  g_free (b3);
  g_free (b4);
  g_free (valid);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/segment/defaults", test_defaults);
  g_test_add_func ("/segment/ours/disc", test_ours_disc);
  g_test_add_func ("/segment/ours/small-lesion", test_ours_small_lesion);
  g_test_add_func ("/segment/course/two-colours", test_course_two_colours);
  g_test_add_func ("/segment/valid-restriction", test_valid_restriction);
  g_test_add_func ("/segment/threads-bit-identical", test_threads_bit_identical);
  g_test_add_func ("/segment/joint-pool", test_joint_pool);
  g_test_add_func ("/segment/joint-pool-bounded-and-model", test_joint_pool_bounded_and_model);
  g_test_add_func ("/segment/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/segment/bad-arguments", test_bad_arguments);
  g_test_add_func ("/segment/real-images", test_real_images);
  g_test_add_func ("/segment/bytes-equal-floats", test_bytes_equal_floats);
  return g_test_run ();
}
