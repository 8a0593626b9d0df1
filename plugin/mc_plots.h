/* mc_plots.h: the two "look before you cluster" procedures, plug-in-medclust-scatter (colour
 * scatter plots) and plug-in-medclust-elbow (inertia against K): their parameter records, the
 * computations their dialogs' previews share with them, and the cairo drawing of the plots and
 * their conversion into a new image. */
#ifndef MC_PLOTS_H
#define MC_PLOTS_H

#include <cairo.h>
#include <glib.h>

#include "mc_common.h"
#include "mc_pixels.h"

#define MC_SCATTER_PROC "plug-in-medclust-scatter"
#define MC_ELBOW_PROC "plug-in-medclust-elbow"

/* plug-in-medclust-scatter's parameters after run-mode, image and drawable (also its
 * last-values record). Defaults: mc_vals_default (&mc_proc_scatter, vals). */
typedef struct
{
  gdouble sample_fraction; /* (0, 1], default 0.05 (the course): share of the analysed pixels
                              plotted (at most MC_SCATTER_MAX_POINTS) and used to fit the centres */
  gint32 n_clusters;       /* 0 = no clustering, 1..256 = mark that many k-means centres;
                              default 5 (the course) */
  gint32 seed;             /* the plotted sample and the fit; default 0 */
} mc_scatter_vals;

/* plug-in-medclust-elbow's parameters after run-mode, image and drawable (also its last-values
 * record). Defaults: mc_vals_default (&mc_proc_elbow, vals). */
typedef struct
{
  gint32 k_min;            /* 1..255, default 1 */
  gint32 k_max;            /* k_min+1..256, default 10 */
  gdouble sample_fraction; /* (0, 1], default 0.05 (the course): the share of the pixels each fit
                              draws; the inertia always covers every analysed pixel */
  gint32 seed;             /* default 0 */
} mc_elbow_vals;

/* What a colour scatter plot shows: three panels (Red-Green, Red-Blue, Green-Blue) of the
 * points, each drawn as a small translucent dot of its own colour, and the centres marked. */
typedef struct
{
  const float *rgb;     /* n R'G'B' [0, 1] triples, drawn in this order (later dots on top) */
  size_t n;
  const float *centres; /* k R'G'B' [0, 1] triples to mark; may be NULL when k == 0 */
  int k;
  const char *title;    /* first line, large; may be NULL */
  const char *subtitle; /* second line, small; may be NULL */
} mc_scatter_plot;

/* Side of each scatter panel's plotting square, pixels. */
#define MC_SCATTER_PANEL_PX 400

/* What an elbow plot shows: inertia against K, the suggested K marked and labelled. */
typedef struct
{
  const double *inertias; /* count values, inertias[i] for K = k_min + i */
  int k_min;
  int count;              /* >= 1 */
  int suggested_k;        /* marked when inside the range; k_min (never an elbow under the
                             kneedle rule) draws a "no elbow in this range" note instead */
  const char *title;      /* may be NULL */
  const char *subtitle;   /* may be NULL */
} mc_elbow_plot;

/* Draw the plots into new opaque ARGB32 surfaces (1548 x 600 and 960 x 600 pixels). Free with
 * cairo_surface_destroy. Never NULL; check cairo_surface_status for memory errors. */
cairo_surface_t *mc_plot_scatter (const mc_scatter_plot *plot);
cairo_surface_t *mc_plot_elbow (const mc_elbow_plot *plot);

/* n with its digits grouped by three ("270 000"), for titles. g_free it. */
gchar *mc_plot_count_text (gsize n);

/* A new RGB image (8-bit, undo history empty) holding the surface in one layer named
 * layer_name. Returns the image ID, or -1 when GIMP refused to create it. */
gint32 mc_plot_to_image (cairo_surface_t *surface, const char *layer_name);

/* The computations of the procedures, shared with the dialogs' previews. image_name goes into
 * the title (may be NULL). Each returns the plot surface (NULL on failure, with *status set). */

/* Samples the region's analysed pixels, fits the centres when vals->n_clusters > 0 (centres
 * receives them, 3 x n_clusters floats, may be NULL) and draws the scatter plot. */
cairo_surface_t *mc_scatter_render (const mc_region *region, const mc_scatter_vals *vals,
                                    const char *image_name, float *centres, mc_status *status,
                                    const mc_monitor *monitor);

/* Fits every K of the range, fills inertias (k_max - k_min + 1 values) and *suggested_k, and
 * draws the elbow plot. */
cairo_surface_t *mc_elbow_render (const mc_region *region, const mc_elbow_vals *vals,
                                  const char *image_name, double *inertias, gint32 *suggested_k,
                                  mc_status *status, const mc_monitor *monitor);

#endif
