/* test_measure.c: lesion measurements on masks whose answer is known: digital discs of several
 * radii (perimeter within 2% of 2*pi*r, equivalent diameter 2r), an ellipse, the mm² conversion,
 * the restriction to the valid pixels, region counts, the outline polylines (closed, on the
 * circle, enclosing the pixel area, holes outlined the other way round) and bad arguments. */
#include "mc_measure.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* A digital ellipse: pixels whose centre lies inside it. The centre is off the pixel grid so that
 * the disc is not symmetric about a row or a column, as a real lesion is not. */
static uint8_t *
ellipse_mask (int w, int h, double cx, double cy, double rx, double ry, double angle_deg)
{
  uint8_t *m = g_new0 (uint8_t, (size_t) w * h);
  double a = angle_deg * G_PI / 180;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        double u = dx * cos (a) + dy * sin (a), v = -dx * sin (a) + dy * cos (a);
        if ((u * u) / (rx * rx) + (v * v) / (ry * ry) <= 1)
          m[(size_t) y * w + x] = 255;
      }
  return m;
}

static int64_t
count_set (const uint8_t *m, size_t n)
{
  int64_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += m[i] != 0;
  return c;
}

static void
test_disc_perimeter (void)
{
  const double radii[] = { 10, 15, 25, 40, 60, 100, 150, 200 };
  for (size_t k = 0; k < G_N_ELEMENTS (radii); k++)
    {
      double r = radii[k];
      int size = (int) (2 * r + 20);
      uint8_t *m = ellipse_mask (size, size, 0.5 * size + 0.37, 0.5 * size - 0.21, r, r, 0);
      mc_lesion_measure out;
      g_assert_cmpint (mc_measure_lesion (m, NULL, size, size, 0, &out), ==, MC_OK);
      double perimeter = 2 * G_PI * r;
      g_test_message ("r = %.0f: perimeter %.2f (%+.2f%%)", r, out.perimeter_px,
                      100 * (out.perimeter_px / perimeter - 1));
      g_assert_cmpfloat (fabs (out.perimeter_px / perimeter - 1), <, 0.02);
      g_assert_cmpint (out.area_px, ==, count_set (m, (size_t) size * size));
      g_assert_cmpfloat (fabs (out.area_px / (G_PI * r * r) - 1), <, 0.02);
      /* The diameter of the circle of equal area: exact formula, and near 2r for a disc. */
      g_assert_cmpfloat (fabs (out.diameter_px - 2 * sqrt (out.area_px / G_PI)), <, 1e-9);
      g_assert_cmpfloat (fabs (out.diameter_px / (2 * r) - 1), <, 0.01);
      g_assert_cmpint (out.components, ==, 1);
      g_free (m);
    }
}

/* Ramanujan's approximation of an ellipse's perimeter (error far below 0.1% here). */
static double
ellipse_perimeter (double a, double b)
{
  double h = (a - b) * (a - b) / ((a + b) * (a + b));
  return G_PI * (a + b) * (1 + 3 * h / (10 + sqrt (4 - 3 * h)));
}

static void
test_ellipse_perimeter (void)
{
  const double angles[] = { 0, 17, 30, 45, 60, 90 };
  for (size_t k = 0; k < G_N_ELEMENTS (angles); k++)
    {
      uint8_t *m = ellipse_mask (400, 400, 200.3, 199.6, 150, 60, angles[k]);
      mc_lesion_measure out;
      g_assert_cmpint (mc_measure_lesion (m, NULL, 400, 400, 0, &out), ==, MC_OK);
      double truth = ellipse_perimeter (150, 60);
      g_test_message ("ellipse at %.0f deg: %+.2f%%", angles[k],
                      100 * (out.perimeter_px / truth - 1));
      g_assert_cmpfloat (fabs (out.perimeter_px / truth - 1), <, 0.03);
      g_free (m);
    }
}

static void
test_area_mm2 (void)
{
  uint8_t *m = ellipse_mask (200, 150, 100, 75, 40, 30, 0);
  mc_lesion_measure out;
  g_assert_cmpint (mc_measure_lesion (m, NULL, 200, 150, 0.05, &out), ==, MC_OK);
  g_assert_cmpfloat (fabs (out.area_mm2 - out.area_px * 0.05 * 0.05), <, 1e-9);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 200, 150, 0.0125, &out), ==, MC_OK);
  g_assert_cmpfloat (fabs (out.area_mm2 - out.area_px * 0.0125 * 0.0125), <, 1e-9);
  /* Unknown pixel size. */
  g_assert_cmpint (mc_measure_lesion (m, NULL, 200, 150, 0, &out), ==, MC_OK);
  g_assert_cmpfloat (out.area_mm2, ==, -1);
  g_free (m);
}

static void
test_valid_restriction (void)
{
  int w = 120, h = 80;
  size_t n = (size_t) w * h;
  uint8_t *m = g_new (uint8_t, n), *valid = g_new (uint8_t, n);
  memset (m, 255, n);
  /* Only the left 30 columns are analysed. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      valid[(size_t) y * w + x] = x < 30;
  mc_lesion_measure out;
  g_assert_cmpint (mc_measure_lesion (m, valid, w, h, 0, &out), ==, MC_OK);
  g_assert_cmpint (out.analysed_px, ==, 30 * h);
  g_assert_cmpint (out.area_px, ==, 30 * h);
  g_assert_cmpfloat (fabs (out.area_percent - 100), <, 1e-9);
  /* Half of the valid part is lesion: 50% of the analysed pixels, not 12.5% of the image. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      m[(size_t) y * w + x] = (y < h / 2) ? 255 : 0;
  g_assert_cmpint (mc_measure_lesion (m, valid, w, h, 0, &out), ==, MC_OK);
  g_assert_cmpint (out.area_px, ==, 30 * h / 2);
  g_assert_cmpfloat (fabs (out.area_percent - 50), <, 1e-9);
  /* The outline of a 30 x 40 rectangle: Crofton gives about 4 * 35 * 0.95 for a rectangle's
   * straight sides; it must at least see the valid edge as border, not 120 x 40. */
  g_assert_cmpfloat (out.perimeter_px, <, 2 * (30 + 40) * 1.05);
  g_assert_cmpfloat (out.perimeter_px, >, 2 * (30 + 40) * 0.9);
  /* No valid pixel: nothing analysed, 0%, no error. */
  memset (valid, 0, n);
  g_assert_cmpint (mc_measure_lesion (m, valid, w, h, 0.1, &out), ==, MC_OK);
  g_assert_cmpint (out.analysed_px, ==, 0);
  g_assert_cmpint (out.area_px, ==, 0);
  g_assert_cmpfloat (out.area_percent, ==, 0);
  g_assert_cmpfloat (out.area_mm2, ==, 0);
  g_free (m);
  g_free (valid);
}

static void
test_components (void)
{
  int w = 100, h = 60;
  uint8_t *a = ellipse_mask (w, h, 25, 30, 12, 12, 0);
  uint8_t *b = ellipse_mask (w, h, 75, 30, 12, 12, 0);
  for (size_t i = 0; i < (size_t) w * h; i++)
    a[i] |= b[i];
  mc_lesion_measure out;
  g_assert_cmpint (mc_measure_lesion (a, NULL, w, h, 0, &out), ==, MC_OK);
  g_assert_cmpint (out.components, ==, 2);
  /* Two pixels touching at a corner are one region (8-connected). */
  memset (a, 0, (size_t) w * h);
  a[10 * w + 10] = a[11 * w + 11] = 1;
  g_assert_cmpint (mc_measure_lesion (a, NULL, w, h, 0, &out), ==, MC_OK);
  g_assert_cmpint (out.components, ==, 1);
  g_assert_cmpint (out.area_px, ==, 2);
  g_free (a);
  g_free (b);
}

/* Signed area of polyline i by the shoelace formula. */
static double
polyline_area (const mc_contours *c, int i)
{
  double s = 0;
  int a = c->start[i], b = c->start[i + 1];
  for (int j = a; j < b; j++)
    {
      int k = j + 1 < b ? j + 1 : a;
      s += (double) c->xy[2 * j] * c->xy[2 * k + 1] - (double) c->xy[2 * k] * c->xy[2 * j + 1];
    }
  return 0.5 * s;
}

static void
test_contours_disc (void)
{
  int size = 160;
  double cx = 80.3, cy = 79.6, r = 50;
  uint8_t *m = ellipse_mask (size, size, cx, cy, r, r, 0);
  mc_contours c;
  g_assert_cmpint (mc_lesion_contours (m, size, size, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 1);
  g_assert_cmpint (c.start[0], ==, 0);
  g_assert_cmpint (c.start[1], ==, c.n_points);
  g_assert_cmpint (c.n_points, >, 8);
  /* Every vertex lies midway between a lesion and a skin pixel centre: within a pixel of r. */
  for (int j = 0; j < c.n_points; j++)
    {
      double d = hypot (c.xy[2 * j] - cx, c.xy[2 * j + 1] - cy);
      g_assert_cmpfloat (fabs (d - r), <, 1.0);
    }
  /* The outline encloses the lesion's pixels: each boundary pixel loses at most a corner. */
  double area = fabs (polyline_area (&c, 0));
  int64_t pixels = count_set (m, (size_t) size * size);
  g_assert_cmpfloat (fabs (area / pixels - 1), <, 0.01);
  mc_contours_free (&c);
  g_assert_null (c.xy);
  g_free (m);
}

static void
test_contours_hole_and_pieces (void)
{
  int w = 200, h = 120;
  /* An annulus (outer 40, inner 20) and a separate disc. */
  uint8_t *outer = ellipse_mask (w, h, 60.2, 60.4, 40, 40, 0);
  uint8_t *inner = ellipse_mask (w, h, 60.2, 60.4, 20, 20, 0);
  uint8_t *other = ellipse_mask (w, h, 160.1, 60.3, 15, 15, 0);
  for (size_t i = 0; i < (size_t) w * h; i++)
    outer[i] = (outer[i] && !inner[i]) || other[i];
  mc_contours c;
  g_assert_cmpint (mc_lesion_contours (outer, w, h, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 3);
  /* Outer outlines run one way round, the hole's the other: the signed areas add up to the
   * lesion's area. */
  int positive = 0, negative = 0;
  double total = 0;
  for (int i = 0; i < c.n_polylines; i++)
    {
      double a = polyline_area (&c, i);
      positive += a > 0;
      negative += a < 0;
      total += a;
    }
  g_assert_true ((positive == 2 && negative == 1) || (positive == 1 && negative == 2));
  double lesion = (double) count_set (outer, (size_t) w * h);
  g_assert_cmpfloat (fabs (fabs (total) / lesion - 1), <, 0.02);
  mc_contours_free (&c);
  g_free (outer);
  g_free (inner);
  g_free (other);
}

static void
test_contours_edges (void)
{
  int w = 30, h = 20;
  size_t n = (size_t) w * h;
  uint8_t *m = g_new0 (uint8_t, n);
  mc_contours c;
  /* Empty: nothing to draw. */
  g_assert_cmpint (mc_lesion_contours (m, w, h, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 0);
  mc_contours_free (&c);
  /* Full: one outline along the image's edge (the four corners cut by half a pixel). */
  memset (m, 255, n);
  g_assert_cmpint (mc_lesion_contours (m, w, h, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 1);
  g_assert_cmpfloat (fabs (fabs (polyline_area (&c, 0)) - w * h), <, 1.0);
  for (int j = 0; j < c.n_points; j++)
    {
      g_assert_cmpfloat (c.xy[2 * j], >=, 0);
      g_assert_cmpfloat (c.xy[2 * j], <=, w);
      g_assert_cmpfloat (c.xy[2 * j + 1], >=, 0);
      g_assert_cmpfloat (c.xy[2 * j + 1], <=, h);
    }
  mc_contours_free (&c);
  /* Two pixels touching at a corner are outlined together, as they are one region. */
  memset (m, 0, n);
  m[5 * w + 5] = m[6 * w + 6] = 255;
  g_assert_cmpint (mc_lesion_contours (m, w, h, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 1);
  mc_contours_free (&c);
  /* A single pixel: a diamond through its 4 edge midpoints, area 1/2. */
  memset (m, 0, n);
  m[3 * w + 7] = 1;
  g_assert_cmpint (mc_lesion_contours (m, w, h, &c), ==, MC_OK);
  g_assert_cmpint (c.n_polylines, ==, 1);
  g_assert_cmpint (c.n_points, ==, 4);
  g_assert_cmpfloat (fabs (fabs (polyline_area (&c, 0)) - 0.5), <, 1e-6);
  mc_contours_free (&c);
  g_free (m);
}

static void
test_bad_arguments (void)
{
  uint8_t m[4] = { 0, 255, 0, 0 };
  mc_lesion_measure out;
  mc_contours c;
  g_assert_cmpint (mc_measure_lesion (NULL, NULL, 2, 2, 0, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 2, 2, 0, NULL), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 0, 2, 0, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 2, -1, 0, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 2, 2, -0.1, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 2, 2, NAN, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_measure_lesion (m, NULL, 2, 2, INFINITY, &out), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_lesion_contours (NULL, 2, 2, &c), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_lesion_contours (m, 0, 2, &c), ==, MC_ERR_ARG);
  g_assert_cmpint (mc_lesion_contours (m, 2, 2, NULL), ==, MC_ERR_ARG);
  mc_contours_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/measure/disc-perimeter", test_disc_perimeter);
  g_test_add_func ("/measure/ellipse-perimeter", test_ellipse_perimeter);
  g_test_add_func ("/measure/area-mm2", test_area_mm2);
  g_test_add_func ("/measure/valid-restriction", test_valid_restriction);
  g_test_add_func ("/measure/components", test_components);
  g_test_add_func ("/measure/contours/disc", test_contours_disc);
  g_test_add_func ("/measure/contours/hole-and-pieces", test_contours_hole_and_pieces);
  g_test_add_func ("/measure/contours/edges", test_contours_edges);
  g_test_add_func ("/measure/bad-arguments", test_bad_arguments);
  return g_test_run ();
}
