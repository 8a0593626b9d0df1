/* bench_common.c: image loading and the measuring helpers of medclust-bench. JPEG and PNG files
 * are decoded as the plug-in's batch procedures decode them (plugin/decode.c, then the file's 8-
 * or 16-bit samples to floats by mc_pixels_from_u8 or mc_pixels_from_u16, not by babl: babl's
 * start alone takes 360 MB), other formats through GEGL, which is started only then: GEGL's start
 * takes hundreds of megabytes that the figures of the benchmark should not hold. */
#include "bench_common.h"
#include "mc_decode.h"
#include "mc_pixels_convert.h"

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

/* A JPEG or PNG through the plug-in's decoder; 1 = not one of those, -1 = damaged or failed. */
static int
load_decoded (const char *path, bench_image *img)
{
  mc_raw_image raw;
  gchar *why = NULL;
  mc_decode_result r = mc_decode_file (path, &raw, &why);
  if (r == MC_DECODE_NOT_MINE)
    return 1;
  if (r != MC_DECODE_OK)
    {
      fprintf (stderr, "medclust-bench: %s: %s\n", path, why ? why : "cannot decode");
      g_free (why);
      return -1;
    }
  img->width = raw.width;
  img->height = raw.height;
  size_t n = (size_t) img->width * img->height;
  img->rgb = malloc (n * 3 * sizeof (float));
  img->rgba = malloc (n * 4 * sizeof (float));
  if (raw.bits == 16)
    mc_pixels_from_u16 ((const uint16_t *) raw.pixels, raw.n_components, n, img->rgba);
  else
    mc_pixels_from_u8 (raw.pixels, raw.n_components, n, img->rgba);
  for (size_t i = 0; i < n; i++)
    memcpy (img->rgb + 3 * i, img->rgba + 4 * i, 3 * sizeof (float));
  mc_raw_image_clear (&raw);
  return 0;
}

int
bench_load (const char *path, bench_image *img)
{
  memset (img, 0, sizeof *img);
  int decoded = load_decoded (path, img);
  if (decoded <= 0)
    return decoded;
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
  bench_image img;
  int decoded = load_decoded (path, &img);
  if (decoded < 0)
    return -1;
  if (decoded == 0)
    {
      /* Lesion where the first channel is at least half way (masks are 0 / 255 greys). */
      *width = img.width;
      *height = img.height;
      size_t n = (size_t) img.width * img.height;
      *mask = malloc (n);
      for (size_t i = 0; i < n; i++)
        (*mask)[i] = img.rgb[3 * i] >= 0.5f;
      bench_image_free (&img);
      return 0;
    }
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
