/* mc_preview.h: the dialogs' live preview: a GimpZoomPreview of the drawable whose visible pixels
 * show what the procedure would make of them, recomputed as the parameters change.
 *
 * The work is cut in two, because a fit must see the whole analysed region while the view may
 * show only a zoomed part of it:
 * - the fit (k-means, a segmentation ...) runs in a worker thread on a reduced copy of the whole
 *   analysed region, read once when the preview is made. It starts when the parameters have
 *   stopped changing for MC_PREVIEW_DEBOUNCE_MS, and a newer change cancels a fit still running
 *   (through the monitor's cancel flag), so the dialog never freezes, even for K = 256;
 * - the paint runs in the GUI thread: it turns the visible pixels into the procedure's result with
 *   the latest fit, every time a fit arrives or the view is scrolled or zoomed. It must be cheap
 *   (an assignment of each visible pixel, an outline).
 * The zoom preview itself shows pixels outside the selection unchanged. */
#ifndef MC_PREVIEW_H
#define MC_PREVIEW_H

#include "mc_common.h"
#include "mc_preview_fitter.h" /* the client, the view, the reduced copy: host-neutral */
#include "mc_pixels.h" /* before libgimp: it brings GEGL, which libgimp 2.0's headers need */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* Longer side, in pixels, of the preview on screen (GIMP's own previews have 200). */
#define MC_PREVIEW_VIEW_SIDE 320

typedef struct mc_preview mc_preview;

/* Makes the preview of drawable and starts the first fit with values (values_size bytes).
 * Returns NULL with *error when the drawable has no pixel to analyse (the dialog then goes on
 * without a preview). */
mc_preview *mc_preview_new (gint32 drawable, const mc_preview_client *client,
                            gconstpointer values, gchar **error);

/* The GimpZoomPreview to pack into the dialog. */
GtkWidget *mc_preview_get_widget (mc_preview *preview);

/* The reduced copy of the whole analysed region (the selection's box, or the whole drawable)
 * the fits see: each of its pixels averages factor x factor drawable pixels (only the analysed
 * ones; a pixel is analysed when at least half of its block is); x, y = the drawable pixel at
 * its top-left corner. factor is 1 when the region is no larger than the reduced side. */
const mc_region *mc_preview_get_reduced (const mc_preview *preview, gint *factor);

/* For overlays drawn by the paint function: the index into the reduced copy of the view pixel
 * (u, v), or -1 when that pixel lies outside the reduced copy. */
gssize mc_preview_reduced_index (const mc_preview *preview, const mc_preview_view *view, gint u,
                                 gint v);

/* For a paint function that shows a mask fitted on the reduced copy (a segmentation): draws the
 * mask's border over out in colour rgb (R'G'B' in [0, 1]). mask has one byte per reduced pixel,
 * non-zero = inside. A view pixel is on the border when it is inside and one of its four
 * neighbours is not, so the line is one screen pixel wide at any zoom. */
void mc_preview_outline_mask (const mc_preview *preview, const mc_preview_view *view,
                              const uint8_t *mask, const float rgb[3], float *out);

/* The dialog's values changed: copies them and fits again after MC_PREVIEW_DEBOUNCE_MS without
 * a further change. */
void mc_preview_set_values (mc_preview *preview, gconstpointer values);

/* Stops a running fit (waiting for it to notice) and frees everything. NULL is accepted. Call it
 * after the dialog is destroyed. */
void mc_preview_free (mc_preview *preview);

#endif
