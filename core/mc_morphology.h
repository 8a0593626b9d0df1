/* mc_morphology.h: mathematical morphology on binary masks (disc structuring elements of any
 * radius through an exact Euclidean distance transform, hole filling, connected components) and on
 * grey images (square windows, for hair removal). Masks are width*height bytes, nonzero = set;
 * outputs are 0/1. All functions run in time linear in the pixel count, whatever the radius. */
#ifndef MC_MORPHOLOGY_H
#define MC_MORPHOLOGY_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Squared Euclidean distance from every pixel to the nearest set pixel of mask (0 on set pixels;
 * a huge value, > (width + height)^2, when mask is empty). Exact (Felzenszwalb-Huttenlocher). */
mc_status mc_distance_sq (const uint8_t *mask, int width, int height, float *dist_sq);

/* Disc of radius r (pixels, >= 0): a pixel is within r of another when their centres are at
 * Euclidean distance <= r. Outside the image counts as unset for dilation and as set for erosion,
 * so opening and closing leave regions cut by the image border as they are.
 * in and out may be the same buffer. */
mc_status mc_binary_dilate (const uint8_t *in, uint8_t *out, int width, int height, double r);
mc_status mc_binary_erode (const uint8_t *in, uint8_t *out, int width, int height, double r);
mc_status mc_binary_open (const uint8_t *in, uint8_t *out, int width, int height, double r);
mc_status mc_binary_close (const uint8_t *in, uint8_t *out, int width, int height, double r);

/* Sets every unset region that is not 4-connected to the image border (the holes), in place. */
mc_status mc_fill_holes (uint8_t *mask, int width, int height);

/* Labels the connected set regions (connectivity 4 or 8): labels[i] = 0 for unset pixels, 1..n in
 * raster order of each region's first pixel. Returns n >= 0, or -1 on a bad argument or when
 * memory runs out. */
int mc_label_components (const uint8_t *mask, int width, int height, int connectivity,
                         int32_t *labels);

/* Grey dilation (max) and erosion (min) over a (2r+1) x (2r+1) square window, clamped at the
 * image border; van Herk / Gil-Werman, 3 comparisons per pixel per axis. in and out may be the
 * same buffer. Closing = dilation then erosion: it fills dark thin structures (hair) narrower
 * than the window with the brighter surroundings. */
mc_status mc_grey_dilate (const float *in, float *out, int width, int height, int r);
mc_status mc_grey_erode (const float *in, float *out, int width, int height, int r);
mc_status mc_grey_close (const float *in, float *out, int width, int height, int r);

#ifdef __cplusplus
}
#endif
#endif
