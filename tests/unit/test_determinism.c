/* test_determinism.c: the same seed gives the same bits whatever the thread count and whatever
 * else the machine is doing. Augmentation plans (every operation, the "hue -10..10 +
 * erase 0.05" among them), k-means (sampled and exact), segmentation (both methods, one image and
 * a joint pool) and the exact integer pixel conversions are run with 1, 2, 4 and 8 threads,
 * several times each, while spinner threads compete for the cores so that the parallel blocks
 * are handed out in a different order every time; every result must equal the one-thread result
 * bit for bit. Images are small (about 70,000 pixels, just over one colour block; 160 x 120 for
 * segmentation) and each case runs twice per thread count, so that the default test run stays
 * fast; MEDCLUST_DETERMINISM_REPEATS=10 (or -m slow, which means 10) runs more. */
#include "mc_augment.h"
#include "mc_kmeans.h"
#include "mc_pixels_convert.h"
#include "mc_rng.h"
#include "mc_segment.h"
#include "mc_synth.h"

#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#define W 271 /* 271 x 251 = 68,021 pixels: more than one 65,536-pixel colour block */
#define H 251
#define SW 160 /* segmentation images */
#define SH 120
#define SPINNERS 2

static const int thread_counts[] = { 1, 2, 4, 8 };

/* Runs per thread count: 2, 10 with -m slow, or MEDCLUST_DETERMINISM_REPEATS. */
static int
repeats (void)
{
  const char *env = g_getenv ("MEDCLUST_DETERMINISM_REPEATS");
  int n = env ? atoi (env) : g_test_slow () ? 10 : 2;
  return n < 1 ? 1 : n;
}

/* ---- Load: threads that keep the cores busy while the tests run ------------------------- */

static atomic_int spin_stop;
static pthread_t spinners[SPINNERS];
static int n_spinners;

static void *
spin (void *arg)
{
  volatile uint64_t x = (uintptr_t) arg;
  unsigned i = 0;
  while (!atomic_load_explicit (&spin_stop, memory_order_relaxed))
    {
      x = x * 6364136223846793005u + 1442695040888963407u;
      if ((++i & 0xFFFF) == 0)
        sched_yield (); /* now and then, so the scheduler reshuffles the workers */
    }
  return NULL;
}

static void
load_start (void)
{
  atomic_store (&spin_stop, 0);
  n_spinners = 0;
  for (int i = 0; i < SPINNERS; i++)
    if (pthread_create (&spinners[n_spinners], NULL, spin, (void *) (uintptr_t) (i + 1)) == 0)
      n_spinners++;
}

static void
load_stop (void)
{
  atomic_store (&spin_stop, 1);
  for (int i = 0; i < n_spinners; i++)
    pthread_join (spinners[i], NULL);
  n_spinners = 0;
}

/* ---- Helpers ------------------------------------------------------------------------------ */

static uint64_t
fnv (uint64_t h, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++)
    h = (h ^ p[i]) * UINT64_C (0x100000001b3);
  return h;
}

#define FNV_START UINT64_C (0xcbf29ce484222325)

/* An RGBA image of smooth colour with noise, translucent in a band when asked (so that blur,
 * rotate and mix take their premultiplied paths), and a mask of an ellipse. */
static float *
test_image (uint64_t seed, int translucent, uint8_t **mask)
{
  float *p = g_new (float, (size_t) W * H * 4);
  *mask = g_new (uint8_t, (size_t) W * H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        size_t i = (size_t) y * W + x;
        float *q = p + i * 4;
        q[0] = (float) (0.3 + 0.5 * x / W + 0.05 * mc_rand_unit (seed, 0, i));
        q[1] = (float) (0.2 + 0.4 * y / H + 0.05 * mc_rand_unit (seed, 1, i));
        q[2] = (float) (0.6 - 0.3 * (x + y) / (W + H) + 0.05 * mc_rand_unit (seed, 2, i));
        q[3] = translucent && y > H / 3 && y < H / 2 ? (float) mc_rand_unit (seed, 3, i) : 1.0f;
        double dx = (x - W / 2.0) / (W / 3.0), dy = (y - H / 2.0) / (H / 4.0);
        (*mask)[i] = dx * dx + dy * dy <= 1 ? 255 : 0;
      }
  return p;
}

typedef struct
{
  const float *other;
} layers;

static const float *
layer_fn (void *user, const char *name, int *width, int *height)
{
  const layers *l = user;
  if (strcmp (name, "other") != 0)
    return NULL;
  *width = W;
  *height = H;
  return l->other;
}

/* ---- Augmentation ------------------------------------------------------------------------ */

static const char RECIPE[]
  = "hue -10..10 + erase 0.05; rotate -30..30 + blur 0..2 + saturation 0.5..1.5; "
    "mix other 0.2..0.5 + erase 0.2 + flip h; "
    "rotate 90 + contrast 0.5..1.5 + brightness -0.1..0.1; "
    "blur 3 + flip v + hue -180..180; erase 0.5 + rotate 200";

/* Hash of every output of the recipe (all variants, repeat 1) on the image. */
static uint64_t
augment_hash (const mc_recipe *recipe, const float *rgba, const uint8_t *mask,
              const layers *other, uint32_t seed)
{
  uint64_t h = FNV_START;
  for (int v = 0; v < mc_recipe_num_variants (recipe); v++)
    for (int r = 1; r < 2; r++)
      {
        mc_aug_plan plan;
        mc_aug_result res;
        g_assert_cmpint (mc_recipe_draw (recipe, v, r, seed, &plan), ==, MC_OK);
        g_assert_cmpint (mc_aug_apply (&plan, rgba, W, H, mask, layer_fn, (void *) other, &res,
                                       NULL),
                         ==, MC_OK);
        size_t n = (size_t) res.width * res.height;
        h = fnv (h, &res.width, sizeof res.width);
        h = fnv (h, &res.height, sizeof res.height);
        h = fnv (h, res.rgba, n * 4 * sizeof (float));
        h = fnv (h, res.mask, n);
        /* The bytes a PNG gets. */
        uint8_t *bytes = g_new (uint8_t, n * 4);
        mc_pixels_to_u8 (res.rgba, n, bytes);
        h = fnv (h, bytes, n * 4);
        g_free (bytes);
        mc_aug_result_clear (&res);
      }
  return h;
}

static void
test_augment (void)
{
  mc_recipe *recipe = NULL;
  mc_recipe_error err;
  g_assert_cmpint (mc_recipe_parse (RECIPE, &recipe, &err), ==, MC_OK);
  for (int translucent = 0; translucent < 2; translucent++)
    {
      uint8_t *mask, *other_mask;
      float *rgba = test_image (7 + translucent, translucent, &mask);
      float *other_rgba = test_image (99, translucent, &other_mask);
      layers other = { other_rgba };
      uint32_t seed = 12345u + (uint32_t) translucent;
      mc_set_threads (1);
      uint64_t want = augment_hash (recipe, rgba, mask, &other, seed);
      load_start ();
      for (gsize t = 0; t < G_N_ELEMENTS (thread_counts); t++)
        for (int k = 0; k < repeats (); k++)
          {
            mc_set_threads (thread_counts[t]);
            uint64_t got = augment_hash (recipe, rgba, mask, &other, seed);
            if (got != want)
              g_test_message ("augment: %d threads, run %d, translucent %d differs",
                              thread_counts[t], k, translucent);
            g_assert_cmphex (got, ==, want);
          }
      load_stop ();
      /* Another seed gives other pixels: the hash sees the work at all. */
      mc_set_threads (2);
      g_assert_cmphex (augment_hash (recipe, rgba, mask, &other, seed + 1), !=, want);
      g_free (rgba);
      g_free (mask);
      g_free (other_rgba);
      g_free (other_mask);
    }
  mc_set_threads (0);
  mc_recipe_free (recipe);
}

/* ---- K-means and segmentation ------------------------------------------------------------ */

static float *
synth_rgb (uint32_t seed, int w, int h)
{
  mc_synth_params sp;
  mc_synth_params_init (&sp, w, h);
  sp.seed = seed;
  float *rgb = g_new (float, (size_t) w * h * 3);
  g_assert_cmpint (mc_synth_lesion (&sp, rgb, NULL), ==, MC_OK);
  return rgb;
}

static uint64_t
kmeans_hash (const float *rgb, size_t n)
{
  uint64_t h = FNV_START;
  const double fractions[] = { 0.05, 1.0 };
  const int ks[] = { 2, 5 };
  uint8_t *labels = g_new (uint8_t, n);
  for (int f = 0; f < 2; f++)
    for (int ki = 0; ki < 2; ki++)
      {
        mc_kmeans_params p;
        mc_kmeans_params_init (&p);
        p.k = ks[ki];
        p.sample_fraction = fractions[f];
        p.seed = 4242;
        mc_kmeans_result r;
        g_assert_cmpint (mc_kmeans (rgb, n, &p, &r, labels, NULL), ==, MC_OK);
        h = fnv (h, r.centres, (size_t) r.k * 3 * sizeof (float));
        h = fnv (h, r.counts, (size_t) r.k * sizeof (int64_t));
        h = fnv (h, &r.inertia, sizeof r.inertia);
        h = fnv (h, &r.iterations, sizeof r.iterations);
        h = fnv (h, labels, n);
      }
  g_free (labels);
  return h;
}

static uint64_t
segment_hash (float *const *rgb, int n_images)
{
  uint64_t h = FNV_START;
  uint8_t *mask = g_new (uint8_t, (size_t) SW * SH);
  for (int method = 0; method < 2; method++)
    {
      mc_segment_params p;
      mc_segment_params_init (&p);
      p.method = method;
      p.seed = 77;
      for (int i = 0; i < n_images; i++)
        {
          g_assert_cmpint (mc_segment (rgb[i], NULL, SW, SH, &p, mask, NULL), ==, MC_OK);
          h = fnv (h, mask, (size_t) SW * SH);
        }
      /* Joint: one model fitted on all the images. */
      mc_segment_pool *pool = mc_segment_pool_new (&p);
      g_assert_nonnull (pool);
      for (int i = 0; i < n_images; i++)
        g_assert_cmpint (mc_segment_pool_add (pool, i, rgb[i], NULL, SW, SH, NULL), ==, MC_OK);
      g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_OK);
      for (int i = 0; i < n_images; i++)
        {
          g_assert_cmpint (mc_segment_pool_segment (pool, rgb[i], NULL, SW, SH, mask, NULL), ==,
                           MC_OK);
          h = fnv (h, mask, (size_t) SW * SH);
        }
      mc_segment_pool_free (pool);
    }
  g_free (mask);
  return h;
}

static void
test_kmeans_segment (void)
{
  float *rgb[2] = { synth_rgb (1, SW, SH), synth_rgb (2, SW, SH) };
  mc_set_threads (1);
  uint64_t want_k = kmeans_hash (rgb[0], (size_t) SW * SH);
  uint64_t want_s = segment_hash (rgb, 2);
  load_start ();
  for (gsize t = 0; t < G_N_ELEMENTS (thread_counts); t++)
    for (int k = 0; k < repeats (); k++)
      {
        mc_set_threads (thread_counts[t]);
        g_assert_cmphex (kmeans_hash (rgb[0], (size_t) SW * SH), ==, want_k);
        g_assert_cmphex (segment_hash (rgb, 2), ==, want_s);
      }
  load_stop ();
  mc_set_threads (0);
  g_free (rgb[0]);
  g_free (rgb[1]);
}

/* ---- The exact conversions --------------------------------------------------------------- */

static void
test_to_u8 (void)
{
  /* Halves round up; the ends clamp; NaN gives 0. */
  const float in[] = { 0.0f, 1.0f, -0.5f, 2.0f, NAN, 0.5f / 255.0f, 1.5f / 255.0f,
                       (127.5f / 255.0f), 0.5f, 254.4f / 255.0f, INFINITY, -INFINITY };
  size_t n = G_N_ELEMENTS (in) / 4;
  uint8_t out[G_N_ELEMENTS (in)];
  mc_pixels_to_u8 (in, n, out);
  for (size_t i = 0; i < G_N_ELEMENTS (in); i++)
    {
      double v = in[i] != in[i] ? 0 : in[i] < 0 ? 0 : in[i] > 1 ? 1 : in[i];
      g_assert_cmpint (out[i], ==, (int) floor (v * 255.0 + 0.5));
    }
  g_assert_cmpint (out[5], ==, (int) floor ((double) (0.5f / 255.0f) * 255.0 + 0.5));
  g_assert_cmpint (out[8], ==, 128); /* 127.5 exactly: half up */
  /* Every u8 value survives the round trip, and many pixels give the same bytes for any thread
   * count. */
  size_t big = 200000;
  uint8_t *bytes = g_new (uint8_t, big * 4), *back = g_new (uint8_t, big * 4);
  for (size_t i = 0; i < big * 4; i++)
    bytes[i] = (uint8_t) mc_rand_u64 (5, 0, i);
  float *f = g_new (float, big * 4);
  g_assert_true (mc_pixels_from_u8 (bytes, 4, big, f));
  mc_pixels_to_u8 (f, big, back);
  g_assert_cmpmem (bytes, big * 4, back, big * 4);
  float *noise = g_new (float, big * 4);
  for (size_t i = 0; i < big * 4; i++)
    noise[i] = (float) (mc_rand_u64 (6, 0, i) >> 43) / 2097152.0f; /* erase's 21-bit noise */
  mc_set_threads (1);
  mc_pixels_to_u8 (noise, big, back);
  uint64_t want = fnv (FNV_START, back, big * 4);
  load_start ();
  for (gsize t = 0; t < G_N_ELEMENTS (thread_counts); t++)
    {
      mc_set_threads (thread_counts[t]);
      memset (back, 0, big * 4);
      mc_pixels_to_u8 (noise, big, back);
      g_assert_cmphex (fnv (FNV_START, back, big * 4), ==, want);
    }
  load_stop ();
  mc_set_threads (0);
  g_free (noise);
  g_free (f);
  g_free (back);
  g_free (bytes);
}

static void
test_from_int (void)
{
  uint8_t grey[2 * 2] = { 0, 255, 51, 128 }; /* two Y'A pixels */
  float out[2 * 4];
  g_assert_true (mc_pixels_from_u8 (grey, 2, 2, out));
  g_assert_cmpfloat (out[0], ==, 0.0f);
  g_assert_cmpfloat (out[1], ==, 0.0f);
  g_assert_cmpfloat (out[2], ==, 0.0f);
  g_assert_cmpfloat (out[3], ==, 1.0f);
  g_assert_cmpfloat (out[4], ==, (float) (51 / 255.0));
  g_assert_cmpfloat (out[6], ==, (float) (51 / 255.0));
  g_assert_cmpfloat (out[7], ==, (float) (128 / 255.0));
  uint8_t rgb[3] = { 1, 2, 3 };
  g_assert_true (mc_pixels_from_u8 (rgb, 3, 1, out));
  g_assert_cmpfloat (out[0], ==, (float) (1 / 255.0));
  g_assert_cmpfloat (out[2], ==, (float) (3 / 255.0));
  g_assert_cmpfloat (out[3], ==, 1.0f);
  for (int v = 0; v < 256; v++)
    {
      uint8_t b = (uint8_t) v;
      g_assert_true (mc_pixels_from_u8 (&b, 1, 1, out));
      g_assert_cmpfloat (out[0], ==, (float) (v / 255.0));
    }
  uint16_t wide[4] = { 0, 65535, 32768, 1 };
  g_assert_true (mc_pixels_from_u16 (wide, 4, 1, out));
  g_assert_cmpfloat (out[1], ==, 1.0f);
  g_assert_cmpfloat (out[2], ==, (float) (32768 / 65535.0));
  g_assert_cmpfloat (out[3], ==, (float) (1 / 65535.0));
  g_assert_false (mc_pixels_from_u8 (rgb, 5, 1, out));
  g_assert_false (mc_pixels_from_u16 (wide, 0, 1, out));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/determinism/augment", test_augment);
  g_test_add_func ("/determinism/kmeans-segment", test_kmeans_segment);
  g_test_add_func ("/determinism/to-u8", test_to_u8);
  g_test_add_func ("/determinism/from-int", test_from_int);
  return g_test_run ();
}
