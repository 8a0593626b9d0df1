/* mc_preview_compute.h: the host-neutral computations of the dialogs' live previews (glib, the
 * glue and the core only): for each procedure with a zoom preview, its fit of the reduced copy
 * (worker thread) and its paint of the visible pixels, as mc_preview_client callbacks
 * (mc_preview_fitter.h). The GTK2 and GTK3 dialogs share them. */
#ifndef MC_PREVIEW_COMPUTE_H
#define MC_PREVIEW_COMPUTE_H

#include "mc_preview_fitter.h"
#include "mc_quantize.h"

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

#endif
