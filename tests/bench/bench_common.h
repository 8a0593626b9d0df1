/* bench_common.h: what the medclust-bench subcommands share: image loading through GEGL,
 * a monotonic clock, medians, and peak memory. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stddef.h>

typedef struct
{
  int width, height;
  float *rgb;  /* width*height*3 R'G'B' in [0, 1] */
  float *rgba; /* width*height*4 R'G'B'A in [0, 1] */
} bench_image;

/* Loads any file GEGL reads (JPEG, PNG at any depth) as R'G'B' and R'G'B'A float. Returns 0 on
 * success. Calls gegl_init on first use. */
int bench_load (const char *path, bench_image *img);
/* Loads a grey mask (PNG, 255 = lesion) as bytes 0/1 per pixel; returns 0 on success. */
int bench_load_mask (const char *path, int *width, int *height, unsigned char **mask);
void bench_image_free (bench_image *img);

double bench_now_ms (void);
double bench_median (double *values, int n); /* sorts values in place */
double bench_min (const double *values, int n);
long bench_peak_rss_kib (void);

/* "dir/ISIC_1.jpg" -> "ISIC_1" in a static buffer. */
const char *bench_basename_noext (const char *path);

/* The subcommands. */
int bench_kmeans_main (int argc, char **argv);
int bench_segment_main (int argc, char **argv);
int bench_augment_main (int argc, char **argv);

#endif
