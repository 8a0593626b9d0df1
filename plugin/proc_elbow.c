/* proc_elbow.c: plug-in-medclust-elbow, "Choose K (Elbow Plot)…": k-means for every K of a range
 * on the analysed pixels, a new image plotting the inertia against K with a suggested K, and the
 * inertias themselves for scripts. It answers the course's "what K is enough?". */
#include "mc_plugin.h"
#include "mc_plots.h"
#include "mc_dialogs.h"
#include "mc_elbow.h"
#include "mc_kmeans.h"

static const char *const PROC = MC_ELBOW_PROC;

void
mc_elbow_vals_default (mc_elbow_vals *vals)
{
  vals->k_min = 1;
  vals->k_max = 10;
  vals->sample_fraction = 0.05;
  vals->seed = 0;
}

static void
elbow_query (void)
{
  static const GimpParamDef args[] = {
    { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                                  "RUN-WITH-LAST-VALS (2) }" },
    { GIMP_PDB_IMAGE, "image", "Input image (not changed)" },
    { GIMP_PDB_DRAWABLE, "drawable", "Drawable whose pixels are clustered (RGB or grayscale, any "
                                     "precision)" },
    { GIMP_PDB_INT32, "k-min", "Smallest K tried, 1 <= k-min < k-max" },
    { GIMP_PDB_INT32, "k-max", "Largest K tried, k-min < k-max <= 256" },
    { GIMP_PDB_FLOAT, "sample-fraction", "Share of the pixels each fit draws, 0 < f <= 1 (1 = "
                                         "every pixel, the exact fit; the course uses 0.05). The "
                                         "inertia always covers every analysed pixel" },
    { GIMP_PDB_INT32, "seed", "Seed of every random choice (the same sample for every K)" },
  };
  static const GimpParamDef rets[] = {
    { GIMP_PDB_IMAGE, "plot", "A new RGB image (960 x 600, one layer): inertia against K with "
                              "the suggested K marked" },
    { GIMP_PDB_INT32, "num-inertias", "Length of inertias (k-max - k-min + 1)" },
    { GIMP_PDB_FLOATARRAY, "inertias", "Inertia of the fit of each K from k-min to k-max: the sum "
                                       "over the analysed pixels of the squared R'G'B' [0,1] "
                                       "distance to the nearest centre (scikit-learn's inertia)" },
    { GIMP_PDB_INT32, "suggested-k", "The elbow of the curve (kneedle rule on log inertia, see "
                                     "the help); k-min when the curve has no elbow" },
  };
  gimp_install_procedure (
    PROC, "Plot k-means inertia against K to choose the number of clusters",
    "Runs k-means (k-means++ seeding, Lloyd iterations; the engine of "
    "plug-in-medclust-quantize, in R'G'B' scaled to [0,1]) once for every K from k-min to "
    "k-max on the drawable's analysed pixels (selected and not fully transparent), each fit "
    "with the same sample fraction and seed, and measures its inertia over every analysed "
    "pixel. The inertia falls as K grows; where it stops falling steeply (the \"elbow\"), more "
    "clusters no longer describe the colours much better. The suggested K is found by the "
    "kneedle rule on the logarithm of the inertia: with K and log(inertia) rescaled to 0..1, "
    "it is the K whose point lies farthest below the straight line from the first point to the "
    "last (the logarithm weighs relative improvements, so a small but distinct group of colours "
    "still counts). It is k-min when no point lies below that line (a straight or concave curve, "
    "or fewer than three K). The elbow must lie strictly inside the range: choose k-max well "
    "above the K you expect. Returns a new image of one layer, 960 x 600 pixels, plotting the "
    "inertia against K with the suggested K marked and labelled (displayed when run "
    "interactively), the inertias, and the suggested K. The input image is not changed; the "
    "same seed gives the same inertias. Indexed drawables are refused: convert to RGB first.",
    MC_AUTHOR, MC_COPYRIGHT, MC_DATE, "Choose _K (Elbow Plot)…", "RGB*, GRAY*", GIMP_PLUGIN,
    G_N_ELEMENTS (args), G_N_ELEMENTS (rets), args, rets);
  gimp_plugin_menu_register (PROC, MC_MENU);
}

static gboolean
check_vals (mc_return *ret, const mc_elbow_vals *v)
{
  const char *accepted = "1 <= k-min < k-max <= 256";
  if (!mc_check_int (ret, PROC, "k-min", v->k_min, 1, MC_KMEANS_MAX_K - 1, accepted)
      || !mc_check_int (ret, PROC, "k-max", v->k_max, 2, MC_KMEANS_MAX_K, accepted))
    return FALSE;
  if (v->k_min >= v->k_max)
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: k-min = %d is not below k-max = %d; accepted: %s", PROC, v->k_min,
                       v->k_max, accepted);
      return FALSE;
    }
  if (!(v->sample_fraction > 0.0 && v->sample_fraction <= 1.0))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: sample-fraction = %g is out of range; accepted: 0 < f <= 1", PROC,
                       v->sample_fraction);
      return FALSE;
    }
  return TRUE;
}

/* Gets the values for this run from the parameters, the last run or the dialog. Returns FALSE
 * when the user cancelled the dialog. */
static gboolean
get_vals (GimpRunMode mode, gint nparams, const GimpParam *param, gint32 image, gint32 drawable,
          mc_elbow_vals *v)
{
  mc_elbow_vals_default (v);
  if (mode == GIMP_RUN_NONINTERACTIVE || (mode == GIMP_RUN_INTERACTIVE && !mc_have_display ()))
    {
      if (mode == GIMP_RUN_INTERACTIVE)
        g_message ("%s: no display; running with the values given, without the dialog", PROC);
      if (nparams >= 7)
        {
          v->k_min = param[3].data.d_int32;
          v->k_max = param[4].data.d_int32;
          v->sample_fraction = param[5].data.d_float;
          v->seed = param[6].data.d_int32;
        }
      return TRUE;
    }
  gimp_get_data (PROC, v);
  if (mode == GIMP_RUN_WITH_LAST_VALS)
    return TRUE;
  return mc_elbow_dialog (image, drawable, v);
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
  g_free (rgb);
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

static void
elbow_run (gint nparams, const GimpParam *param, mc_return *ret)
{
  if (nparams < 3)
    {
      mc_check_nparams (ret, PROC, nparams, 7);
      return;
    }
  GimpRunMode mode = param[0].data.d_int32;
  gint32 image = param[1].data.d_image, drawable = param[2].data.d_drawable;
  if (mode == GIMP_RUN_NONINTERACTIVE && !mc_check_nparams (ret, PROC, nparams, 7))
    return;
  if (!mc_check_image_drawable (ret, PROC, image, drawable))
    return;
  mc_elbow_vals v;
  if (!get_vals (mode, nparams, param, image, drawable, &v))
    {
      ret->values[0].data.d_status = GIMP_PDB_CANCEL;
      return;
    }
  if (!check_vals (ret, &v))
    return;

  mc_region region;
  gchar *why = NULL;
  if (!mc_region_read (drawable, &region, &why))
    {
      mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR, "%s: %s", PROC, why);
      g_free (why);
      return;
    }
  gimp_progress_init ("Elbow plot: k-means for each K");
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.95);
  int count = v.k_max - v.k_min + 1;
  gdouble *inertias = g_new (gdouble, count);
  gint32 suggested = v.k_min;
  mc_status st;
  gchar *name = gimp_image_get_name (image);
  cairo_surface_t *surface = mc_elbow_render (&region, &v, name, inertias, &suggested, &st, &mon);
  g_free (name);
  mc_region_free (&region);
  gint32 plot = -1;
  if (!surface)
    mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR, "%s: k-means failed: %s", PROC,
                     mc_status_text (st));
  else
    {
      plot = mc_plot_to_image (surface, "Elbow plot");
      cairo_surface_destroy (surface);
      if (plot < 0)
        mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR,
                         "%s: GIMP could not create the plot image", PROC);
    }
  if (plot >= 0)
    {
      gimp_progress_update (1.0);
      if (mode != GIMP_RUN_NONINTERACTIVE && mc_have_display ())
        {
          gimp_display_new (plot);
          gimp_displays_flush ();
        }
      gimp_set_data (PROC, &v, sizeof v);
      mc_return_image (ret, plot);
      mc_return_float_array (ret, inertias, count);
      mc_return_int (ret, suggested);
    }
  g_free (inertias);
}

const mc_procedure mc_proc_elbow = { MC_ELBOW_PROC, elbow_query, elbow_run };
