/* mc_measure.h: measurements of a segmented lesion (area, perimeter, equivalent diameter) and its
 * outline as polylines for drawing.
 *
 * Masks are width*height bytes, nonzero = lesion (mc_segment writes 255). Pixel (x, y) covers the
 * square [x, x+1] x [y, y+1]; its centre is (x + 0.5, y + 0.5). Everything outside the image counts
 * as skin, so a lesion cut by the image border has the border as part of its outline. */
#ifndef MC_MEASURE_H
#define MC_MEASURE_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  int64_t area_px;     /* lesion pixels that are also valid */
  int64_t analysed_px; /* valid pixels (every pixel when valid is NULL) */
  double area_percent; /* 100 * area_px / analysed_px, in [0, 100]; 0 when nothing is analysed */
  double area_mm2;     /* area_px * pixel_size_mm^2; -1 when the pixel size is 0 (unknown) */
  double perimeter_px; /* length of the lesion's outline in pixel units, holes' outlines included.
                          Cauchy-Crofton estimate from boundary crossings in 4 directions, which
                          is not biased by the grid: a digital disc of radius r gives 2*pi*r
                          within 2% for r from 10 to 200 px (measured: within 0.5%) */
  double diameter_px;  /* diameter of the circle of equal area, 2 * sqrt(area_px / pi) */
  int components;      /* 8-connected lesion regions */
} mc_lesion_measure;

/* Measures the lesion in mask, counting only pixels where valid is nonzero (valid may be NULL =
 * all). pixel_size_mm: side of one pixel in millimetres, >= 0; 0 = unknown.
 * MC_ERR_ARG for a NULL mask/out, a size < 1, or a negative or non-finite pixel size. */
mc_status mc_measure_lesion (const uint8_t *mask, const uint8_t *valid, int width, int height,
                             double pixel_size_mm, mc_lesion_measure *out);

/* The outline of the lesion as closed polylines, for drawing (the plug-in strokes them with cairo).
 * Traced by marching squares at level 0.5 on the mask (nonzero = 1, padded with 0 outside the
 * image), so each vertex lies midway between a lesion pixel centre and a skin pixel centre.
 * Points of polyline i are xy[2*j], xy[2*j+1] for j in [start[i], start[i+1]); each polyline is
 * closed (its last point joins its first, which is not repeated). Outer outlines and hole outlines
 * alike; no order is promised between polylines, but the output is deterministic. */
typedef struct
{
  int n_polylines; /* number of closed polylines */
  int *start;      /* n_polylines + 1 offsets into the points */
  int n_points;    /* = start[n_polylines] */
  float *xy;       /* 2 * n_points coordinates in pixel units, origin at the image's top-left corner */
} mc_contours;

/* Fills out (which the caller frees with mc_contours_free). An empty mask gives 0 polylines.
 * MC_ERR_ARG for NULL arguments or a size < 1; MC_ERR_NOMEM. */
mc_status mc_lesion_contours (const uint8_t *mask, int width, int height, mc_contours *out);
void mc_contours_free (mc_contours *contours);

#ifdef __cplusplus
}
#endif
#endif
