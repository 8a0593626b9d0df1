/* test_morphology.c: the morphology of the core against brute force on random masks and images:
 * exact squared distances, disc dilation / erosion / opening / closing for small radii (direct
 * path) and large ones (distance-transform path) with the documented border rules, hole filling,
 * connected components in 4 and 8 connectivity, and grey max / min filters over squares. */
#include "mc_morphology.h"
#include "test_util.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* Random scattered pixels: each set when a standard normal draw exceeds p. */
static uint8_t *
random_mask (int w, int h, double p, uint64_t seed)
{
  size_t n = (size_t) w * h;
  uint8_t *m = g_new0 (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    m[i] = tu_gauss (seed, i) > p;
  return m;
}

static float
brute_distance_sq (const uint8_t *m, int w, int h, int x, int y)
{
  float best = INFINITY;
  for (int v = 0; v < h; v++)
    for (int u = 0; u < w; u++)
      if (m[(size_t) v * w + u])
        {
          float d = (float) ((u - x) * (u - x) + (v - y) * (v - y));
          if (d < best)
            best = d;
        }
  return best;
}

static void
test_distance (void)
{
  int w = 37, h = 23;
  uint8_t *m = random_mask (w, h, 1.8, 1);
  float *d = g_new (float, (size_t) w * h);
  g_assert_cmpint (mc_distance_sq (m, w, h, d), ==, MC_OK);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      g_assert_cmpfloat (d[(size_t) y * w + x], ==, brute_distance_sq (m, w, h, x, y));
  /* Empty mask: everything far. */
  memset (m, 0, (size_t) w * h);
  g_assert_cmpint (mc_distance_sq (m, w, h, d), ==, MC_OK);
  g_assert_cmpfloat (d[0], >, (float) (w + h) * (w + h));
  g_free (m);
  g_free (d);
}

/* Dilation: set when a set pixel lies within r. Erosion: set when no unset pixel of the image
 * lies within r (outside the image does not count). */
static uint8_t
brute_disc (const uint8_t *m, int w, int h, int x, int y, double r, int dilate)
{
  int reach = (int) ceil (r);
  for (int dy = -reach; dy <= reach; dy++)
    for (int dx = -reach; dx <= reach; dx++)
      {
        int u = x + dx, v = y + dy;
        if (u < 0 || v < 0 || u >= w || v >= h || dx * dx + dy * dy > r * r + 1e-3)
          continue;
        int set = m[(size_t) v * w + u] != 0;
        if (dilate && set)
          return 1;
        if (!dilate && !set)
          return 0;
      }
  return !dilate;
}

static void
test_disc_filters (void)
{
  int w = 41, h = 29;
  size_t n = (size_t) w * h;
  const double radii[] = { 0, 1, 1.5, 2, 2.4, 2.6, 3, 4.5, 7.2 };
  uint8_t *m = random_mask (w, h, 1.2, 2);
  uint8_t *out = g_new (uint8_t, n), *step = g_new (uint8_t, n);
  for (size_t k = 0; k < G_N_ELEMENTS (radii); k++)
    {
      double r = radii[k];
      for (int dilate = 0; dilate <= 1; dilate++)
        {
          mc_status st = dilate ? mc_binary_dilate (m, out, w, h, r)
                                : mc_binary_erode (m, out, w, h, r);
          g_assert_cmpint (st, ==, MC_OK);
          for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
              g_assert_cmpint (out[(size_t) y * w + x], ==, brute_disc (m, w, h, x, y, r, dilate));
        }
      /* Opening and closing are the compositions. */
      g_assert_cmpint (mc_binary_open (m, out, w, h, r), ==, MC_OK);
      g_assert_cmpint (mc_binary_erode (m, step, w, h, r), ==, MC_OK);
      g_assert_cmpint (mc_binary_dilate (step, step, w, h, r), ==, MC_OK);
      g_assert_cmpmem (out, n, step, n);
      g_assert_cmpint (mc_binary_close (m, out, w, h, r), ==, MC_OK);
      g_assert_cmpint (mc_binary_dilate (m, step, w, h, r), ==, MC_OK);
      g_assert_cmpint (mc_binary_erode (step, step, w, h, r), ==, MC_OK);
      g_assert_cmpmem (out, n, step, n);
    }
  /* In place. */
  memcpy (out, m, n);
  g_assert_cmpint (mc_binary_dilate (out, out, w, h, 3.5), ==, MC_OK);
  g_assert_cmpint (mc_binary_dilate (m, step, w, h, 3.5), ==, MC_OK);
  g_assert_cmpmem (out, n, step, n);
  g_assert_cmpint (mc_binary_dilate (m, out, w, h, -1), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_binary_erode (m, out, 0, h, 1), ==, MC_ERR_ARG);
  g_free (m);
  g_free (out);
  g_free (step);
}

static void
test_fill_holes (void)
{
  /* A ring with a hole (and an island in it), and two shapes whose gaps touch the image border:
   * only background not 4-connected to the border is a hole. */
  const char *rows[] = {
    ".........",
    ".#####...",
    ".#...#...",
    ".#.#.#...",
    ".#...#.##",
    ".#####.#.",
    ".......##",
    "###......",
    "#.#......",
  };
  const char *want[] = {
    ".........",
    ".#####...",
    ".#####...",
    ".#####...",
    ".#####.##",
    ".#####.#.",
    ".......##",
    "###......",
    "#.#......",
  };
  int w = 9, h = 9;
  uint8_t m[81];
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      m[y * w + x] = rows[y][x] == '#';
  g_assert_cmpint (mc_fill_holes (m, w, h), ==, MC_OK);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      g_assert_cmpint (m[y * w + x], ==, want[y][x] == '#');
}

static void
test_components (void)
{
  const char *rows[] = {
    "##..#",
    "#...#",
    "..#..",
    ".#...",
    "....#",
  };
  int w = 5, h = 5;
  uint8_t m[25];
  int32_t labels[25];
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      m[y * w + x] = rows[y][x] == '#';
  /* 4-connected: {top-left L}, {right column top}, {centre}, {diagonal}, {bottom right}. */
  g_assert_cmpint (mc_label_components (m, w, h, 4, labels), ==, 5);
  g_assert_cmpint (labels[0], ==, 1);
  g_assert_cmpint (labels[1], ==, 1);
  g_assert_cmpint (labels[5], ==, 1);
  g_assert_cmpint (labels[4], ==, 2);
  g_assert_cmpint (labels[9], ==, 2);
  g_assert_cmpint (labels[12], ==, 3);
  g_assert_cmpint (labels[16], ==, 4);
  g_assert_cmpint (labels[24], ==, 5);
  g_assert_cmpint (labels[2], ==, 0);
  /* 8-connected: the centre and the pixel below-left join. */
  g_assert_cmpint (mc_label_components (m, w, h, 8, labels), ==, 4);
  g_assert_cmpint (labels[12], ==, labels[16]);
  g_assert_cmpint (mc_label_components (m, w, h, 6, labels), ==, -1);
}

static void
test_grey_filters (void)
{
  int w = 33, h = 21;
  size_t n = (size_t) w * h;
  float *img = g_new (float, n), *out = g_new (float, n), *tmp = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    img[i] = (float) tu_gauss (3, i);
  for (int r = 0; r <= 6; r += 2)
    for (int dilate = 0; dilate <= 1; dilate++)
      {
        mc_status st = dilate ? mc_grey_dilate (img, out, w, h, r) : mc_grey_erode (img, out, w, h, r);
        g_assert_cmpint (st, ==, MC_OK);
        for (int y = 0; y < h; y++)
          for (int x = 0; x < w; x++)
            {
              float best = dilate ? -INFINITY : INFINITY;
              for (int v = y - r; v <= y + r; v++)
                for (int u = x - r; u <= x + r; u++)
                  {
                    if (u < 0 || v < 0 || u >= w || v >= h)
                      continue;
                    float val = img[(size_t) v * w + u];
                    best = dilate ? fmaxf (best, val) : fminf (best, val);
                  }
              g_assert_cmpfloat (out[(size_t) y * w + x], ==, best);
            }
      }
  /* Closing = dilation then erosion; it removes a dark line narrower than the window. */
  g_assert_cmpint (mc_grey_close (img, out, w, h, 3), ==, MC_OK);
  g_assert_cmpint (mc_grey_dilate (img, tmp, w, h, 3), ==, MC_OK);
  g_assert_cmpint (mc_grey_erode (tmp, tmp, w, h, 3), ==, MC_OK);
  g_assert_cmpmem (out, n * sizeof (float), tmp, n * sizeof (float));
  for (size_t i = 0; i < n; i++)
    img[i] = (i % w == 16) ? 0.1f : 0.8f;
  g_assert_cmpint (mc_grey_close (img, out, w, h, 2), ==, MC_OK);
  for (size_t i = 0; i < n; i++)
    g_assert_cmpfloat (out[i], ==, 0.8f);
  g_assert_cmpint (mc_grey_close (img, out, w, h, -1), ==, MC_ERR_ARG);
  g_free (img);
  g_free (out);
  g_free (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/morphology/distance", test_distance);
  g_test_add_func ("/morphology/disc-filters", test_disc_filters);
  g_test_add_func ("/morphology/fill-holes", test_fill_holes);
  g_test_add_func ("/morphology/components", test_components);
  g_test_add_func ("/morphology/grey-filters", test_grey_filters);
  return g_test_run ();
}
