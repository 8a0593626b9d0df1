/* bench_common.c: image loading through GEGL and the measuring helpers of medclust-bench. */
#include "bench_common.h"

#include <gegl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static void
ensure_gegl (void)
{
  static int done = 0;
  if (!done)
    {
      gegl_init (NULL, NULL);
      done = 1;
    }
}

static GeglBuffer *
load_buffer (const char *path)
{
  ensure_gegl ();
  GeglNode *graph = gegl_node_new ();
  GeglNode *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglBuffer *buffer = NULL;
  GeglNode *sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (buffer && (gegl_buffer_get_width (buffer) <= 0 || gegl_buffer_get_height (buffer) <= 0))
    {
      g_object_unref (buffer);
      buffer = NULL;
    }
  return buffer;
}

int
bench_load (const char *path, bench_image *img)
{
  memset (img, 0, sizeof *img);
  GeglBuffer *buffer = load_buffer (path);
  if (!buffer)
    return -1;
  img->width = gegl_buffer_get_width (buffer);
  img->height = gegl_buffer_get_height (buffer);
  size_t n = (size_t) img->width * img->height;
  img->rgb = malloc (n * 3 * sizeof (float));
  img->rgba = malloc (n * 4 * sizeof (float));
  const GeglRectangle *r = gegl_buffer_get_extent (buffer);
  gegl_buffer_get (buffer, r, 1.0, babl_format ("R'G'B' float"), img->rgb, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  gegl_buffer_get (buffer, r, 1.0, babl_format ("R'G'B'A float"), img->rgba, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return 0;
}

int
bench_load_mask (const char *path, int *width, int *height, unsigned char **mask)
{
  GeglBuffer *buffer = load_buffer (path);
  if (!buffer)
    return -1;
  *width = gegl_buffer_get_width (buffer);
  *height = gegl_buffer_get_height (buffer);
  size_t n = (size_t) *width * *height;
  *mask = malloc (n);
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format ("Y' u8"), *mask,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (size_t i = 0; i < n; i++)
    (*mask)[i] = (*mask)[i] >= 128;
  g_object_unref (buffer);
  return 0;
}

void
bench_image_free (bench_image *img)
{
  free (img->rgb);
  free (img->rgba);
  memset (img, 0, sizeof *img);
}

double
bench_now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_median (double *values, int n)
{
  if (n <= 0)
    return 0;
  qsort (values, (size_t) n, sizeof (double), cmp_double);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double
bench_min (const double *values, int n)
{
  double m = n > 0 ? values[0] : 0;
  for (int i = 1; i < n; i++)
    if (values[i] < m)
      m = values[i];
  return m;
}

long
bench_peak_rss_kib (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

const char *
bench_basename_noext (const char *path)
{
  static char buf[512];
  const char *slash = strrchr (path, '/');
  snprintf (buf, sizeof buf, "%s", slash ? slash + 1 : path);
  char *dot = strrchr (buf, '.');
  if (dot)
    *dot = '\0';
  return buf;
}
