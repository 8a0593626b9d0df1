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
#include "mc_pixels.h" /* before libgimp: it brings GEGL, which libgimp 2.0's headers need */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* Quiet time after the last parameter change before a fit starts. */
#define MC_PREVIEW_DEBOUNCE_MS 150
/* Default longer side, in pixels, of the reduced copy the fit sees (a few ms for k-means). */
#define MC_PREVIEW_REDUCED_SIDE 400
/* Longer side, in pixels, of the preview on screen (GIMP's own previews have 200). */
#define MC_PREVIEW_VIEW_SIDE 320

typedef struct mc_preview mc_preview;

/* The pixels the preview shows now. */
typedef struct
{
  mc_region pixels; /* width x height visible pixels, R'G'B'A in [0, 1] at the zoom's scale;
                       x, y = the drawable pixel at the top-left corner; valid = not fully
                       transparent (the selection is applied when the result is drawn) */
  gdouble scale;    /* preview pixels per drawable pixel (> 0; 1 = actual pixels) */
} mc_preview_view;

/* Worker thread: computes a fit of reduced (see mc_preview_get_reduced) with a copy of the
 * dialog's values. Must not call GTK or libgimp; babl conversions and the core are fine. Returns
 * the fit, or NULL when monitor's cancel flag was raised (stop early: the fit is not wanted any
 * more) or the fit failed, then with a message for the dialog in *error (g_strdup'ed). */
typedef gpointer (*mc_preview_fit_fn) (const mc_region *reduced, gconstpointer values,
                                       const mc_monitor *monitor, gchar **error, gpointer user);
/* GUI thread: fills out (view->pixels.width * height * 4, R'G'B'A) with the result of fit on
 * the visible pixels. out starts as a copy of the visible pixels. */
typedef void (*mc_preview_paint_fn) (gconstpointer fit, const mc_preview_view *view, float *out,
                                     gpointer user);
/* GUI thread: a fit has finished (fit NULL and error set when it failed) and is now the one the
 * preview paints with; seconds is how long it took. For the dialog's readouts. */
typedef void (*mc_preview_fitted_fn) (gconstpointer fit, const gchar *error, gdouble seconds,
                                      gpointer user);
/* GUI thread: a fit has started (the readouts may say "computing"). */
typedef void (*mc_preview_started_fn) (gpointer user);

typedef struct
{
  gsize values_size;             /* bytes of the dialog's values record (copied per fit) */
  gint reduced_side;             /* longer side of the reduced copy, px; <= 0 = the default */
  mc_preview_fit_fn fit;         /* required */
  GDestroyNotify free_fit;       /* required: frees what fit returned */
  mc_preview_paint_fn paint;     /* required */
  mc_preview_fitted_fn fitted;   /* may be NULL */
  mc_preview_started_fn started; /* may be NULL */
  gpointer user;                 /* passed to every callback; must outlive the preview */
} mc_preview_client;

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
