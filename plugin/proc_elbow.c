/* proc_elbow.c: plug-in-medclust-elbow, "Choose K (Elbow Plot)…": k-means for every K of a range
 * on the analysed pixels, a new image plotting the inertia against K with a suggested K, and the
 * inertias themselves for scripts. It answers the course's "what K is enough?". Its table, its
 * check (k-min < k-max), the rendering shared with the dialog's preview, and its run step. */
#include "mc_elbow.h"
#include "mc_host.h"
#include "mc_kmeans.h"
#include "mc_plots.h"
#include "mc_proc.h"

#define V(field) offsetof (mc_elbow_vals, field)

#define K_ACCEPTED "1 <= k-min < k-max <= 256"

static const mc_param params[] = {
  { "k-min", MC_PARAM_INT, V (k_min), 0, 1, MC_KMEANS_MAX_K - 1, 1, NULL, K_ACCEPTED, "",
    "Smallest K (k-_min):", "Smallest K tried, 1 <= k-min < k-max", NULL, 0 },
  { "k-max", MC_PARAM_INT, V (k_max), 0, 2, MC_KMEANS_MAX_K, 10, NULL, K_ACCEPTED, "",
    "Largest K (k-ma_x):", "Largest K tried, k-min < k-max <= 256", NULL, 0 },
  { "sample-fraction", MC_PARAM_FLOAT, V (sample_fraction), 0, 0.0, 1.0, 0.05, NULL,
    "0 < f <= 1", "", "_Sample fraction:",
    "Share of the pixels each fit draws, 0 < f <= 1 (1 = every pixel, the exact fit; the course "
    "uses 0.05). The inertia always covers every analysed pixel",
    NULL, MC_PARAM_MIN_OPEN },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every random choice (the same sample for every K)", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "plot", MC_RET_IMAGE, "A new RGB image (960 x 600, one layer): inertia against K with the "
                          "suggested K marked" },
  { "num-inertias", MC_RET_INT, "Length of inertias (k-max - k-min + 1)" },
  { "inertias", MC_RET_FLOAT_ARRAY, "Inertia of the fit of each K from k-min to k-max: the sum "
                                    "over the analysed pixels of the squared R'G'B' [0,1] "
                                    "distance to the nearest centre (scikit-learn's inertia)" },
  { "suggested-k", MC_RET_INT, "The elbow of the curve (kneedle rule on log inertia, see the "
                               "help); k-min when the curve has no elbow" },
};

/* Beyond the table's ranges: the range of K must not be empty. */
static gboolean
elbow_check (const mc_call *call, mc_return *ret)
{
  const mc_elbow_vals *v = call->vals;
  if (v->k_min < v->k_max)
    return TRUE;
  mc_return_error (ret, MC_PDB_CALLING_ERROR,
                   "%s: k-min = %d is not below k-max = %d; accepted: %s", call->def->name,
                   v->k_min, v->k_max, K_ACCEPTED);
  return FALSE;
}

/* As scikit-learn warns: for K above the distinct colours some clusters stay empty, and the
 * inertia stops falling there for that reason alone. */
static void
warn_few_colours (const mc_elbow_vals *vals, size_t distinct)
{
  gchar *text = g_strdup_printf ("plug-in-medclust-elbow: k-max = %d but the analysed pixels "
                                 "have only %zu distinct colours: for K > %zu some clusters are "
                                 "empty (duplicate centres)",
                                 vals->k_max, distinct, distinct);
  mch_message (text);
  g_free (text);
}

cairo_surface_t *
mc_elbow_render (const mc_region *region, const mc_elbow_vals *vals, const char *image_name,
                 double *inertias, gint32 *suggested_k, mc_status *status,
                 const mc_monitor *monitor)
{
  size_t n = region->n_valid;
  int count = vals->k_max - vals->k_min + 1;
  float *rgb = mc_region_pack_rgb (region);
  cairo_surface_t *surface = NULL;
  mc_status st = mc_elbow_inertias (rgb, n, vals->k_min, vals->k_max, vals->sample_fraction,
                                    (uint32_t) vals->seed, inertias, monitor);
  /* Only the procedure passes a monitor; the dialog's preview redraws too often to warn. */
  size_t distinct = monitor ? mc_kmeans_count_distinct (rgb, n, (size_t) vals->k_max) : n;
  g_free (rgb);
  if (st == MC_OK && distinct < (size_t) vals->k_max)
    warn_few_colours (vals, distinct);
  if (st == MC_OK)
    {
      *suggested_k = mc_elbow_suggest_k (inertias, vals->k_min, count);
      gchar *pixels = mc_plot_count_text (n);
      gchar *title = g_strdup_printf ("Elbow plot of %s: which K is enough?",
                                      image_name ? image_name : "the image");
      gchar *subtitle = g_strdup_printf ("k-means inertia for K = %d..%d over %s analysed pixels "
                                         "(sample fraction %g, seed %d)",
                                         vals->k_min, vals->k_max, pixels, vals->sample_fraction,
                                         vals->seed);
      mc_elbow_plot plot = { inertias, vals->k_min, count, *suggested_k, title, subtitle };
      surface = mc_plot_elbow (&plot);
      g_free (pixels);
      g_free (title);
      g_free (subtitle);
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        {
          cairo_surface_destroy (surface);
          surface = NULL;
          st = MC_ERR_NOMEM;
        }
    }
  *status = st;
  return surface;
}

/* The plot image from the rendered surface, or -1 with an error in ret. */
static gint32
make_plot (const mc_call *call, cairo_surface_t *surface, mc_status st, mc_return *ret)
{
  if (!surface)
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: k-means failed: %s", call->def->name,
                       mc_status_text (st));
      return -1;
    }
  gint32 plot = mc_plot_to_image (surface, "Elbow plot");
  cairo_surface_destroy (surface);
  if (plot < 0)
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: GIMP could not create the plot image",
                     call->def->name);
  return plot;
}

static void
elbow_run (const mc_call *call, mc_return *ret)
{
  const mc_elbow_vals *v = call->vals;
  mc_region region;
  gchar *why = NULL;
  if (!mc_region_read (call->drawable, &region, &why))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", call->def->name, why);
      g_free (why);
      return;
    }
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.95);
  int count = v->k_max - v->k_min + 1;
  gdouble *inertias = g_new (gdouble, count);
  gint32 suggested = v->k_min;
  mc_status st;
  gchar *name = mch_image_get_name (call->image);
  cairo_surface_t *surface = mc_elbow_render (&region, v, name, inertias, &suggested, &st, &mon);
  g_free (name);
  mc_region_free (&region);
  gint32 plot = make_plot (call, surface, st, ret);
  if (plot >= 0)
    {
      if (call->mode != MC_RUN_NONINTERACTIVE)
        mch_display_new (plot);
      mc_return_image (ret, plot);
      mc_return_float_array (ret, inertias, count);
      mc_return_int (ret, suggested);
    }
  g_free (inertias);
}

const mc_proc_def mc_proc_elbow = {
  .name = MC_ELBOW_PROC,
  .menu_label = "Choose _K (Elbow Plot)…",
  .menu_path = MC_MENU,
  .blurb = "Plot k-means inertia against K to choose the number of clusters",
  .help = "Runs k-means (k-means++ seeding, Lloyd iterations; the engine of "
          "plug-in-medclust-quantize, in R'G'B' scaled to [0,1]) once for every K from k-min to "
          "k-max on the drawable's analysed pixels (selected and not fully transparent), each "
          "fit with the same sample fraction and seed, and measures its inertia over every "
          "analysed pixel. The inertia falls as K grows; where it stops falling steeply (the "
          "\"elbow\"), more clusters no longer describe the colours much better. The suggested "
          "K is found by the kneedle rule on the logarithm of the inertia: with K and "
          "log(inertia) rescaled to 0..1, it is the K whose point lies farthest below the "
          "straight line from the first point to the last (the logarithm weighs relative "
          "improvements, so a small but distinct group of colours still counts). It is k-min "
          "when no point lies below that line (a straight or concave curve, or fewer than three "
          "K). The elbow must lie strictly inside the range: choose k-max well above the K you "
          "expect. Returns a new image of one layer, 960 x 600 pixels, plotting the inertia "
          "against K with the suggested K marked and labelled (displayed when run "
          "interactively), the inertias, and the suggested K. The input image is not changed; "
          "the same seed gives the same inertias. Indexed drawables are refused: convert to RGB "
          "first.",
  .kind = MC_PROC_IMAGE,
  .drawable_rule = MC_DRAWABLE_LAYER,
  .leaves_image = TRUE,
  .progress_text = "Elbow plot: k-means for each K",
  .vals_size = sizeof (mc_elbow_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = elbow_check,
  .run = elbow_run,
};
