/* mc_preview_fitter.h: the host-neutral scheduling of the live preview's fits (glib only): the
 * client a dialog gives its preview, and the fitter that fits the reduced copy in a worker thread
 * after a short pause in the changes, a newer change cancelling a fit still running. The toolkit
 * preview (ui/gtk2, ui/gtk3 mc_preview.h) paints with the latest fit. */
#ifndef MC_PREVIEW_FITTER_H
#define MC_PREVIEW_FITTER_H

#include "mc_preview_region.h"

/* Quiet time after the last parameter change before a fit starts. */
#define MC_PREVIEW_DEBOUNCE_MS 150

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

typedef struct mc_preview_fitter mc_preview_fitter;

/* GUI thread: a finished fit is now the latest (NULL after a failure), after client->fitted. */
typedef void (*mc_preview_shown_fn) (gconstpointer fit, gpointer data);

/* Starts the first fit of reduced (which must outlive the fitter) with values. */
mc_preview_fitter *mc_preview_fitter_new (const mc_preview_client *client,
                                          const mc_region *reduced, gconstpointer values,
                                          mc_preview_shown_fn shown, gpointer data);

/* The latest finished fit, or NULL. */
gconstpointer mc_preview_fitter_get_fit (const mc_preview_fitter *fitter);

/* Copies values and fits again after MC_PREVIEW_DEBOUNCE_MS without a further change. */
void mc_preview_fitter_set_values (mc_preview_fitter *fitter, gconstpointer values);

/* Stops a running fit (waiting for it to notice) and frees everything. NULL is accepted. */
void mc_preview_fitter_free (mc_preview_fitter *fitter);

#endif
