/* test_chart.c: measure-files' area chart (plugin/chart.c) holds any number of files: bars with
 * names up to MC_CHART_MAX_BARS, then a fixed-size distribution with the quartiles marked; a
 * very long file name or 10,000 files never make the chart fail. */
#include "mc_chart.h"

#include <cairo.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static gchar *tmp_dir;

typedef struct
{
  int width, height;
  int red_pixels;  /* the quartile marks' colour */
  int blue_pixels; /* bars or curve */
} picture_info;

static gboolean
is_close (guint32 px, int r, int g, int b)
{
  int pr = (px >> 16) & 255, pg = (px >> 8) & 255, pb = px & 255;
  return abs (pr - r) < 12 && abs (pg - g) < 12 && abs (pb - b) < 12;
}

static picture_info
read_chart (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  picture_info info = { cairo_image_surface_get_width (s), cairo_image_surface_get_height (s), 0, 0 };
  const guint8 *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < info.height; y++)
    for (int x = 0; x < info.width; x++)
      {
        guint32 px = *(const guint32 *) (data + (size_t) y * stride + 4 * x);
        info.red_pixels += is_close (px, 204, 31, 31);
        info.blue_pixels += is_close (px, 61, 120, 179);
      }
  cairo_surface_destroy (s);
  return info;
}

/* n bars with areas spread over 1000..6000 (every 7th failed when with_failed), written and read back. */
static picture_info
chart_of (gint n, gboolean with_failed, const char *long_name)
{
  mc_chart_bar *bars = g_new0 (mc_chart_bar, MAX (n, 1));
  gchar **names = g_new0 (gchar *, n + 1);
  for (gint i = 0; i < n; i++)
    {
      names[i] = long_name && i == 0 ? g_strdup (long_name) : g_strdup_printf ("ISIC_%07d.jpg", i);
      bars[i].label = names[i];
      bars[i].value = 1000.0 + 5000.0 * ((i * 7919) % MAX (n, 1)) / MAX (n, 1);
      bars[i].failed = with_failed && i % 7 == 3;
    }
  gchar *path = g_strdup_printf ("%s/chart-%d.png", tmp_dir, n);
  gchar *error = NULL;
  gboolean ok = mc_chart_bars_png (path, "Lesion area per image", "subtitle", "Image",
                                   "Lesion area (pixels)", bars, n, 0, &error);
  g_assert_no_error (NULL);
  g_assert_null (error);
  g_assert_true (ok);
  picture_info info = read_chart (path);
  g_remove (path);
  g_free (path);
  g_strfreev (names);
  g_free (bars);
  return info;
}

/* Bars: the chart widens with the number of files, up to the last bar chart. */
static void
test_bars_grow_with_files (void)
{
  picture_info three = chart_of (3, FALSE, NULL), twenty = chart_of (20, FALSE, NULL);
  picture_info last = chart_of (MC_CHART_MAX_BARS, TRUE, NULL);
  g_assert_cmpint (three.width, <, twenty.width);
  g_assert_cmpint (twenty.width, <, last.width);
  g_assert_cmpint (three.blue_pixels, >, 1000);
  g_assert_cmpint (last.red_pixels, >, 0); /* failed files' crosses */
}

/* Beyond: a picture of one size, whatever the number of files, with the curve and the quartile
 * lines drawn. */
static void
test_distribution_has_fixed_size (void)
{
  picture_info a = chart_of (MC_CHART_MAX_BARS + 1, FALSE, NULL);
  picture_info b = chart_of (10000, TRUE, NULL);
  g_assert_cmpint (a.width, ==, b.width);
  g_assert_cmpint (a.height, ==, b.height);
  g_assert_cmpint (b.width, <, 2000);
  g_assert_cmpint (a.blue_pixels, >, 500);
  g_assert_cmpint (b.blue_pixels, >, 500);
  g_assert_cmpint (a.red_pixels, >, 300); /* three dashed lines across the plot */
  g_assert_cmpint (b.red_pixels, >, 300);
}

/* A file name of 10,000 characters is cut: the bar chart stays a normal size. */
static void
test_long_name_is_cut (void)
{
  gchar *name = g_strnfill (10000, 'x');
  picture_info with = chart_of (5, FALSE, name), without = chart_of (5, FALSE, NULL);
  g_assert_cmpint (with.width, <, without.width + 400);
  g_assert_cmpint (with.height, <, 1200);
  g_free (name);
}

/* Every file failed: still a chart, which says so (no curve). */
static void
test_all_failed (void)
{
  gint n = 100;
  mc_chart_bar *bars = g_new0 (mc_chart_bar, n);
  for (gint i = 0; i < n; i++)
    {
      bars[i].label = "f.jpg";
      bars[i].failed = TRUE;
    }
  gchar *path = g_strdup_printf ("%s/failed.png", tmp_dir), *error = NULL;
  g_assert_true (mc_chart_bars_png (path, "t", NULL, "Image", "y", bars, n, 0, &error));
  picture_info info = read_chart (path);
  g_assert_cmpint (info.blue_pixels, ==, 0);
  g_assert_cmpint (info.red_pixels, >, 50); /* the "no areas" text */
  g_remove (path);
  g_free (path);
  g_free (bars);
}

/* A chart that cannot be written says where and why. */
static void
test_unwritable_path (void)
{
  mc_chart_bar bar = { "a.jpg", 10.0, FALSE };
  gchar *error = NULL;
  g_assert_false (mc_chart_bars_png ("/nonexistent-dir/chart.png", "t", NULL, "Image", "y", &bar, 1,
                                     0, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "chart-path"));
  g_assert_nonnull (strstr (error, "/nonexistent-dir/chart.png"));
  g_free (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("medclust-chart-XXXXXX", NULL);
  g_test_add_func ("/chart/bars-grow-with-files", test_bars_grow_with_files);
  g_test_add_func ("/chart/distribution-has-fixed-size", test_distribution_has_fixed_size);
  g_test_add_func ("/chart/long-name-is-cut", test_long_name_is_cut);
  g_test_add_func ("/chart/all-failed", test_all_failed);
  g_test_add_func ("/chart/unwritable-path", test_unwritable_path);
  int status = g_test_run ();
  /* cairo's font caches, so that LeakSanitizer sees only what the chart code kept. */
  cairo_debug_reset_static_data ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
