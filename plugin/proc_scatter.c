/* proc_scatter.c: plug-in-medclust-scatter, "Colour Scatter Plot…": a new image showing a sample
 * of the analysed pixels as points in three colour planes (Red-Green, Red-Blue, Green-Blue), each
 * point in its pixel's colour, with the k-means centres marked. It lets the course look at the
 * pixels the way k-means sees them before choosing K. Its table, the rendering shared with the
 * dialog's preview, and its run step. */
#include "mc_elbow.h"
#include "mc_host.h"
#include "mc_kmeans.h"
#include "mc_plots.h"
#include "mc_proc.h"

#include <string.h>

#define V(field) offsetof (mc_scatter_vals, field)

static const mc_param params[] = {
  { "sample-fraction", MC_PARAM_FLOAT, V (sample_fraction), 0, 0.0, 1.0, 0.05, NULL,
    "0 < f <= 1", "", "_Sample fraction:",
    "Share of the analysed pixels plotted and used to fit the centres, 0 < f <= 1 (the course "
    "uses 0.05; at most 1000000 points are drawn)",
    NULL, MC_PARAM_MIN_OPEN },
  { "n-clusters", MC_PARAM_INT, V (n_clusters), 0, 0, MC_KMEANS_MAX_K, 5, NULL,
    "0 (no clustering) or 1..256", "", "_Clusters to mark:",
    "0 = no clustering; 1..256 = fit that many k-means centres (R'G'B', same sample fraction and "
    "seed) and mark them",
    NULL, 0 },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every random choice (the plotted sample, the fit)", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "plot", MC_RET_IMAGE, "A new RGB image (1548 x 600, one layer) with the three panels" },
};

static float
clamp01 (float v)
{
  return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

/* Fits the centres on all the analysed pixels with the procedure's sample fraction and seed. */
static mc_status
fit_centres (const float *rgb, size_t n, const mc_scatter_vals *vals, float *centres,
             const mc_monitor *monitor)
{
  mc_kmeans_params params;
  mc_kmeans_params_init (&params);
  params.k = vals->n_clusters;
  params.sample_fraction = vals->sample_fraction;
  params.seed = (uint32_t) vals->seed;
  mc_kmeans_result *fit = g_new (mc_kmeans_result, 1);
  mc_status st = mc_kmeans (rgb, n, &params, fit, NULL, monitor);
  if (st == MC_OK)
    for (int i = 0; i < 3 * fit->k; i++)
      centres[i] = clamp01 (fit->centres[i]);
  /* Only the procedure passes a monitor; the dialog's preview redraws too often to warn. */
  size_t distinct
    = st == MC_OK && monitor ? mc_kmeans_count_distinct (rgb, n, (size_t) params.k) : n;
  if (distinct < (size_t) params.k)
    {
      /* As scikit-learn warns: some of the marked centres are empty duplicates. */
      gchar *text = g_strdup_printf ("plug-in-medclust-scatter: n-clusters = %d but the analysed "
                                     "pixels have only %zu distinct colours: %d centres are "
                                     "empty duplicates",
                                     params.k, distinct, params.k - (int) distinct);
      mch_message (text);
      g_free (text);
    }
  g_free (fit);
  return st;
}

static gchar *
scatter_subtitle (size_t plotted, size_t analysed, const mc_scatter_vals *vals)
{
  gchar *a = mc_plot_count_text (plotted), *b = mc_plot_count_text (analysed);
  gchar *k = vals->n_clusters > 0
               ? g_strdup_printf (", %d k-means centres", vals->n_clusters)
               : g_strdup ("");
  gchar *text = g_strdup_printf ("%s of %s analysed pixels plotted (sample fraction %g, seed "
                                 "%d)%s",
                                 a, b, vals->sample_fraction, vals->seed, k);
  g_free (a);
  g_free (b);
  g_free (k);
  return text;
}

cairo_surface_t *
mc_scatter_render (const mc_region *region, const mc_scatter_vals *vals, const char *image_name,
                   float *centres, mc_status *status, const mc_monitor *monitor)
{
  size_t n = region->n_valid;
  float *rgb = mc_region_pack_rgb (region);
  size_t *picks = g_new (size_t, MIN (n, (size_t) MC_SCATTER_MAX_POINTS));
  size_t count = 0;
  float fitted[MC_KMEANS_MAX_K * 3];
  cairo_surface_t *surface = NULL;
  mc_status st = mc_scatter_sample (n, vals->sample_fraction, MC_SCATTER_MAX_POINTS,
                                    (uint32_t) vals->seed, picks, &count);
  if (st == MC_OK && vals->n_clusters > 0)
    st = fit_centres (rgb, n, vals, fitted, monitor);
  if (st == MC_OK)
    {
      float *points = g_new (float, count * 3);
      for (size_t i = 0; i < count; i++)
        memcpy (points + 3 * i, rgb + 3 * picks[i], 3 * sizeof (float));
      gchar *title = g_strdup_printf ("Colours of %s", image_name ? image_name : "the image");
      gchar *subtitle = scatter_subtitle (count, n, vals);
      mc_scatter_plot plot = { points, count, fitted, vals->n_clusters, title, subtitle };
      surface = mc_plot_scatter (&plot);
      if (centres && vals->n_clusters > 0)
        memcpy (centres, fitted, (size_t) vals->n_clusters * 3 * sizeof (float));
      g_free (title);
      g_free (subtitle);
      g_free (points);
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          cairo_surface_destroy (surface);
          surface = NULL;
          st = MC_ERR_NOMEM;
        }
    }
  g_free (picks);
  g_free (rgb);
  *status = st;
  return surface;
}

static void
scatter_run (const mc_call *call, mc_return *ret)
{
  const char *proc = call->def->name;
  mc_region region;
  gchar *why = NULL;
  if (!mc_region_read (call->drawable, &region, &why))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", proc, why);
      g_free (why);
      return;
    }
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.9);
  mc_status st;
  gchar *name = mch_image_get_name (call->image);
  cairo_surface_t *surface = mc_scatter_render (&region, call->vals, name, NULL, &st, &mon);
  g_free (name);
  mc_region_free (&region);
  if (!surface)
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: the plot failed: %s", proc,
                       mc_status_text (st));
      return;
    }
  gint32 plot = mc_plot_to_image (surface, "Colour scatter plot");
  cairo_surface_destroy (surface);
  if (plot < 0)
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: GIMP could not create the plot image",
                       proc);
      return;
    }
  if (call->mode != MC_RUN_NONINTERACTIVE)
    mch_display_new (plot);
  mc_return_image (ret, plot);
}

const mc_proc_def mc_proc_scatter = {
  .name = MC_SCATTER_PROC,
  .menu_label = "Colour _Scatter Plot…",
  .menu_path = MC_MENU,
  .blurb = "Plot the pixels' colours as three scatter plots of colour pairs",
  .help = "Draws a sample of the drawable's analysed pixels (selected and not fully transparent) "
          "as points in three panels, Red against Green, Red against Blue and Green against "
          "Blue, with R'G'B' values 0..1 on the axes (the values the course gets from "
          "np.array(img)/255). Each point is a small translucent dot in its pixel's own colour, "
          "so clusters of similar colours show as dense patches. Each pixel is drawn with "
          "probability sample-fraction, from the seed; above 1000000 points the sample is "
          "thinned uniformly (the picture no longer changes). With n-clusters > 0, k-means "
          "(k-means++ seeding, Lloyd iterations; the same engine, sample fraction and seed as "
          "plug-in-medclust-quantize in R'G'B') fits that many centres, marked as discs of the "
          "centre's colour in a black ring and white halo. The plot is a new image of one layer, "
          "1548 x 600 pixels (three 400 x 400 panels), with a title that names the image and the "
          "sample; it is displayed when run interactively. The input image is not changed. The "
          "same seed gives the same plot. Indexed drawables are refused: convert to RGB first.",
  .kind = MC_PROC_IMAGE,
  .drawable_rule = MC_DRAWABLE_LAYER,
  .leaves_image = TRUE,
  .progress_text = "Colour scatter plot",
  .vals_size = sizeof (mc_scatter_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = NULL,
  .run = scatter_run,
};
