/* mc_segment_run.h: lesion segmentation of a drawable region or a decoded file, shared by
 * plug-in-medclust-segment, its dialog's preview and plug-in-medclust-measure-files: pixels in,
 * mask and measurements out. */
#ifndef MC_SEGMENT_RUN_H
#define MC_SEGMENT_RUN_H

#include "mc_measure.h"
#include "mc_pixels.h"
#include "mc_segment.h"

#define MC_SEGMENT_PROC "plug-in-medclust-segment"

/* Names of what the procedure adds to the image; a re-run replaces items with these names. */
#define MC_LESION_MASK_NAME "Lesion mask"
#define MC_LESION_OUTLINE_NAME "Lesion outline"
#define MC_LESION_READOUT_NAME "Lesion readout"

/* The procedure's parameters after run-mode, image and drawable (also the last-values record).
 * Its defaults are in the procedure's table: mc_vals_default (&mc_proc_segment, vals). */
typedef struct
{
  gint32 method;         /* 0 = the course's 2-means, 1 = ours; default 1 */
  gdouble pixel_size_mm; /* side of one pixel in mm, >= 0; 0 = unknown; default 0 */
  gint32 annotate;       /* 0 = mask only, 1 = also outline and readout layers; default 1 */
  gint32 seed;           /* every random draw; default 0 */
} mc_segment_vals;

/* Segments the region's analysed pixels and measures the lesion over them.
 *   mask  out, region->width * region->height: 255 = lesion, 0 = skin or not analysed
 * The measurements count only analysed pixels; the region's box edge counts as skin. */
mc_status mc_segment_region (const mc_region *region, const mc_segment_vals *vals, uint8_t *mask,
                             mc_lesion_measure *measure, const mc_monitor *monitor);

/* Segments and measures one whole image given as R'G'B' (w*h*3) with its valid map, alone
 * (pool NULL) or with a fitted joint pool. mask: w*h out. */
mc_status mc_segment_image (const float *rgb, const uint8_t *valid, int width, int height,
                            const mc_segment_vals *vals, const mc_segment_pool *pool,
                            uint8_t *mask, mc_lesion_measure *measure, const mc_monitor *monitor);

#endif
