/* proc_quantize.c: plug-in-medclust-quantize, "K-means Colour Quantisation…": registration,
 * argument checks, run modes, the new or replaced layer, and the return values. */
#include "mc_plugin.h"
#include "mc_quantize.h"
#include "mc_dialogs.h"

static const char *const PROC = MC_QUANTIZE_PROC;

static void
quantize_query (void)
{
  static const GimpParamDef args[] = {
    { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                                  "RUN-WITH-LAST-VALS (2) }" },
    { GIMP_PDB_IMAGE, "image", "Input image" },
    { GIMP_PDB_DRAWABLE, "drawable", "Input drawable (RGB or grayscale, any precision)" },
    { GIMP_PDB_INT32, "n-clusters", "Number of colours K (1..256; the course uses 5)" },
    { GIMP_PDB_INT32, "colour-space", "Space of the fit and distances: 0 = R'G'B' (as the course), "
                                      "1 = CIE L*a*b*" },
    { GIMP_PDB_FLOAT, "sample-fraction", "Share of the pixels drawn to fit the centres, 0 < f <= 1 "
                                         "(1 = every pixel, the exact fit; the course uses 0.05). "
                                         "Every pixel is assigned either way" },
    { GIMP_PDB_INT32, "seed", "Seed of every random choice (sample, k-means++)" },
    { GIMP_PDB_INT32, "output", "0 = a new layer \"K-means K=<n>\" above the drawable, "
                                "1 = replace the drawable's pixels" },
  };
  static const GimpParamDef rets[] = {
    { GIMP_PDB_LAYER, "layer", "The layer written" },
    { GIMP_PDB_INT32, "num-centres", "Length of centres (3 x clusters)" },
    { GIMP_PDB_FLOATARRAY, "centres", "Centres as R'G'B' triples in [0, 1], darkest first by L*" },
    { GIMP_PDB_INT32, "num-counts", "Length of counts (clusters)" },
    { GIMP_PDB_INT32ARRAY, "counts", "Pixels assigned to each centre, in the order of centres" },
    { GIMP_PDB_FLOAT, "inertia", "Sum of squared R'G'B' [0,1] distances of the analysed pixels to "
                                 "their centres (scikit-learn's inertia)" },
    { GIMP_PDB_INT32, "iterations", "Lloyd iterations run" },
  };
  gimp_install_procedure (
    PROC, "Reduce a drawable to K colours found by k-means clustering",
    "Fits K centres with k-means (k-means++ seeding, Lloyd iterations to convergence) on a "
    "sample of the analysed pixels (sample-fraction 1 fits on every pixel, exactly), then "
    "paints every pixel with its nearest centre. Only selected, not fully transparent pixels "
    "are analysed and changed. The same seed gives the same result. Centres are returned "
    "darkest first, with the pixel count of each and the inertia.",
    MC_AUTHOR, MC_COPYRIGHT, MC_DATE, "_K-means Colour Quantisation…", "RGB*, GRAY*", GIMP_PLUGIN,
    G_N_ELEMENTS (args), G_N_ELEMENTS (rets), args, rets);
  gimp_plugin_menu_register (PROC, MC_MENU);
}

static gboolean
check_vals (mc_return *ret, const mc_quantize_vals *v)
{
  if (!mc_check_int (ret, PROC, "n-clusters", v->n_clusters, 1, 256, "1..256")
      || !mc_check_int (ret, PROC, "colour-space", v->colour_space, 0, 1,
                        "0 (R'G'B') or 1 (CIE L*a*b*)")
      || !mc_check_int (ret, PROC, "output", v->output, 0, 1, "0 (new layer) or 1 (replace)"))
    return FALSE;
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
          mc_quantize_vals *v)
{
  mc_quantize_vals_default (v);
  if (mode == GIMP_RUN_NONINTERACTIVE || (mode == GIMP_RUN_INTERACTIVE && !mc_have_display ()))
    {
      if (mode == GIMP_RUN_INTERACTIVE)
        g_message ("%s: no display; running with the values given, without the dialog", PROC);
      if (nparams >= 8)
        {
          v->n_clusters = param[3].data.d_int32;
          v->colour_space = param[4].data.d_int32;
          v->sample_fraction = param[5].data.d_float;
          v->seed = param[6].data.d_int32;
          v->output = param[7].data.d_int32;
        }
      return TRUE;
    }
  gimp_get_data (PROC, v);
  if (mode == GIMP_RUN_WITH_LAST_VALS)
    return TRUE;
  return mc_quantize_dialog (image, drawable, v);
}

static void
fill_returns (mc_return *ret, gint32 layer, const mc_quantize_result *res)
{
  int k = res->fit.k;
  gdouble centres[MC_KMEANS_MAX_K * 3];
  gint32 counts[MC_KMEANS_MAX_K];
  for (int i = 0; i < 3 * k; i++)
    centres[i] = res->rgb_centres[i];
  for (int i = 0; i < k; i++)
    counts[i] = (gint32) res->fit.counts[i];
  mc_return_layer (ret, layer);
  mc_return_float_array (ret, centres, 3 * k);
  mc_return_int_array (ret, counts, k);
  mc_return_float (ret, res->inertia_rgb);
  mc_return_int (ret, res->fit.iterations);
}

/* The target layer: a copy of the drawable above it (output 0) or the drawable itself. */
static gint32
make_target (gint32 image, gint32 drawable, const mc_quantize_vals *v)
{
  if (v->output == 1)
    return drawable;
  gint32 layer = gimp_layer_copy (drawable);
  gchar *name = g_strdup_printf ("K-means K=%d", v->n_clusters);
  gimp_item_set_name (layer, name);
  g_free (name);
  gint32 parent = gimp_item_get_parent (drawable);
  gint position = gimp_image_get_item_position (image, drawable);
  gimp_image_insert_layer (image, layer, parent > 0 ? parent : 0, position);
  return layer;
}

static void
quantize_run (gint nparams, const GimpParam *param, mc_return *ret)
{
  if (nparams < 3)
    {
      mc_check_nparams (ret, PROC, nparams, 8);
      return;
    }
  GimpRunMode mode = param[0].data.d_int32;
  gint32 image = param[1].data.d_image, drawable = param[2].data.d_drawable;
  if (mode == GIMP_RUN_NONINTERACTIVE && !mc_check_nparams (ret, PROC, nparams, 8))
    return;
  if (!mc_check_image_drawable (ret, PROC, image, drawable))
    return;
  if (!gimp_item_is_layer (drawable))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: drawable = %d is a channel or mask; accepted: a layer", PROC, drawable);
      return;
    }
  mc_quantize_vals v;
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
  gimp_progress_init ("K-means colour quantisation");
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.9);
  mc_quantize_result res;
  float *out = g_new (float, (gsize) region.width * region.height * 4);
  mc_status st = mc_quantize_region (&region, &v, &res, out, &mon);
  if (st != MC_OK)
    mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR, "%s: k-means failed: %s", PROC,
                     mc_status_text (st));
  else
    {
      gimp_image_undo_group_start (image);
      gint32 target = make_target (image, drawable, &v);
      mc_region_write (&region, target, out);
      gimp_image_undo_group_end (image);
      gimp_progress_update (1.0);
      fill_returns (ret, target, &res);
      if (mode != GIMP_RUN_NONINTERACTIVE)
        gimp_displays_flush ();
      gimp_set_data (PROC, &v, sizeof v);
    }
  g_free (out);
  mc_region_free (&region);
}

const mc_procedure mc_proc_quantize = { MC_QUANTIZE_PROC, quantize_query, quantize_run };
