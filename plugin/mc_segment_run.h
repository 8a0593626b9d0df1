/* mc_segment_run.h: lesion segmentation of a drawable region or a decoded file, shared by
 * plug-in-medclust-segment, its dialog's preview and plug-in-medclust-measure-files: pixels in,
 * mask, measurements and the segmentation's warnings out. */
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
/* The method parameter, the same in plug-in-medclust-segment and plug-in-medclust-measure-files:
 * the dialogs' labels of codes 0 and 1 (NULL-terminated), what is accepted and the blurb. */
extern const char *const mc_segment_method_labels[];
#define MC_SEGMENT_METHOD_ACCEPTED "0 (course: 2-means) or 1 (skin model)"
#define MC_SEGMENT_METHOD_BLURB                                                                  \
  "0 = Course: the course's method, 2-means on R'G'B' fitted on a 5% sample, lesion = the "     \
  "darker cluster, no clean-up; 1 = Skin model (the default): the skin's colour and lighting "  \
  "are fitted and divided out, the lesion is what is darker than the fitted skin inside the "   \
  "dermatoscope's field of view, with hair, ruler marks and other artefacts excluded and the "  \
  "border cleaned up"

/* The largest accepted pixel size, mm (contract Limits): a dermoscopy pixel is hundredths of a
 * millimetre, so a centimetre is far beyond any real one, and the bound keeps every mm² finite. */
#define MC_PIXEL_SIZE_MAX_MM 10.0

typedef struct
{
  gint32 method;         /* 0 = course (2-means), 1 = skin model; default 1 */
  gdouble pixel_size_mm; /* side of one pixel in mm, 0..MC_PIXEL_SIZE_MAX_MM; 0 = unknown */
  gint32 annotate;       /* 0 = mask only, 1 = also outline and readout layers; default 1 */
  gint32 seed;           /* every random draw; default 0 */
} mc_segment_vals;

/* Segments the region's analysed pixels and measures the lesion over them.
 *   mask     out, region->width * region->height: 255 = lesion, 0 = skin or not analysed
 *   quality  out (may be NULL): what makes the result less trustworthy (mc_segment.h); a lesion
 *            cut by the region's box edge counts as touching the edge
 * The measurements count only analysed pixels. */
mc_status mc_segment_region (const mc_region *region, const mc_segment_vals *vals, uint8_t *mask,
                             mc_lesion_measure *measure, mc_segment_quality *quality,
                             const mc_monitor *monitor);

/* The same for a region read by mc_region_read_bytes (its valid map, its 8-bit pixels of bpp
 * bytes): the same results, with no float copy of the pixels. */
mc_status mc_segment_bytes (const uint8_t *bytes, int bpp, const mc_region *region,
                            const mc_segment_vals *vals, uint8_t *mask, mc_lesion_measure *measure,
                            mc_segment_quality *quality, const mc_monitor *monitor);

/* Segments and measures one whole image given as R'G'B' (w*h*3) with its valid map, alone
 * (pool NULL) or with a fitted joint pool. mask: w*h out; quality: out, may be NULL. */
mc_status mc_segment_image (const float *rgb, const uint8_t *valid, int width, int height,
                            const mc_segment_vals *vals, const mc_segment_pool *pool,
                            uint8_t *mask, mc_lesion_measure *measure,
                            mc_segment_quality *quality, const mc_monitor *monitor);

/* The quality's warnings in words (mc_segment_warnings), "" when there are none. g_free it. */
gchar *mc_segment_warnings_text (const mc_segment_quality *quality);

#endif
