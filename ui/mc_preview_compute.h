/* mc_preview_compute.h: the host-neutral computations of the dialogs' live previews (glib, the
 * glue and the core only): for each procedure with a zoom preview, its fit of the reduced copy
 * (worker thread) and its paint of the visible pixels, as mc_preview_client callbacks
 * (mc_preview_fitter.h); for the segmentation, its mask and the texts under its picture. The
 * GTK2 and GTK3 dialogs share them. */
#ifndef MC_PREVIEW_COMPUTE_H
#define MC_PREVIEW_COMPUTE_H

#include "mc_preview_fitter.h"
#include "mc_quantize.h"
#include "mc_segment_run.h"

/* ---- plug-in-medclust-quantize ---- */

/* A preview fit: the centres in R'G'B' and in the fit's space, and the pixels of each. */
typedef struct
{
  mc_quantize_result res;
  gint colour_space; /* the space of res.fit.centres */
  gsize n_valid;     /* pixels of the reduced copy the counts add up to */
} mc_quantize_fit;


/* mc_preview_fit_fn: fits K centres with the procedure's own computation (mc_quantize_region);
 * values is an mc_quantize_vals. Returns an mc_quantize_fit (free it with g_free). */
gpointer mc_preview_fit_quantize (const mc_region *reduced, gconstpointer values,
                                  const mc_monitor *monitor, gchar **error, gpointer user);

/* mc_preview_paint_fn: paints every visible pixel with its nearest centre, measured in the fit's
 * colour space. */
void mc_preview_paint_quantize (gconstpointer fit, const mc_preview_view *view, float *out,
                                gpointer user);

/* The share of the reduced copy's pixels nearest to centre, in [0, 1]. */
double mc_quantize_fit_share (const mc_quantize_fit *f, gint centre);

/* ---- plug-in-medclust-segment ---- */

/* Segments small (the analysed region averaged down by factor along each axis) with the
 * procedure's own computation (mc_segment_region) into mask (small's size, 255 = lesion), and
 * words what the dialog shows under the picture: *readout the lesion's share and its area
 * estimated at full size (or that the segmentation failed), *warnings "Warning: <the
 * segmentation's warnings>", or "" when there are none. g_free both. */
void mc_preview_segment (const mc_region *small, gint factor, const mc_segment_vals *vals,
                         uint8_t *mask, gchar **readout, gchar **warnings);

#endif
