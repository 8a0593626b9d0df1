/* proc_quantize.c: plug-in-medclust-quantize, "K-means Colour Quantisation…": its table
 * (parameters, returns, menu, help) and its run step (the new or replaced layer and the
 * returns). */
#include "mc_host.h"
#include "mc_proc.h"
#include "mc_quantize.h"
#include "mc_pixels_convert.h"

#define V(field) offsetof (mc_quantize_vals, field)

static const char *const colour_spaces[] = { "R'G'B' (as the course)", "CIE L*a*b*", NULL };
static const char *const outputs[] = { "New layer \"K-means K=<n>\"", "Replace the layer", NULL };

static const mc_param params[] = {
  { "n-clusters", MC_PARAM_INT, V (n_clusters), 0, 1, 256, 5, NULL, "1..256", "",
    "Clusters (_K):", "Number of colours K (1..256; the course uses 5)", NULL, 0 },
  { "colour-space", MC_PARAM_INT, V (colour_space), 0, 0, 1, 0, NULL,
    "0 (R'G'B') or 1 (CIE L*a*b*)", "", "Colour s_pace:",
    "Space of the fit and distances: 0 = R'G'B' (as the course), 1 = CIE L*a*b*", colour_spaces,
    MC_PARAM_CHOICE },
  { "sample-fraction", MC_PARAM_FLOAT, V (sample_fraction), 0, 0.0, 1.0, 0.05, NULL,
    "0 < f <= 1", "", "Sample _fraction:",
    "Share of the pixels drawn to fit the centres, 0 < f <= 1 (1 = every pixel, the exact fit; "
    "the course uses 0.05). Every pixel is assigned either way",
    NULL, MC_PARAM_MIN_OPEN },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every random choice (sample, k-means++)", NULL, MC_PARAM_SEED },
  { "output", MC_PARAM_INT, V (output), 0, 0, 1, 0, NULL, "0 (new layer) or 1 (replace)", "",
    "Outp_ut:", "0 = a new layer \"K-means K=<n>\" above the drawable, 1 = replace the drawable's "
    "pixels", outputs, MC_PARAM_CHOICE },
};

static const mc_ret rets[] = {
  { "layer", MC_RET_LAYER, "The layer written" },
  { "num-centres", MC_RET_INT, "Length of centres (3 x clusters)" },
  { "centres", MC_RET_FLOAT_ARRAY, "Centres as R'G'B' triples in [0, 1], darkest first by L*" },
  { "num-counts", MC_RET_INT, "Length of counts (clusters)" },
  { "counts", MC_RET_INT_ARRAY, "Pixels assigned to each centre, in the order of centres" },
  { "inertia", MC_RET_FLOAT, "Sum of squared R'G'B' [0,1] distances of the analysed pixels to "
                             "their centres (scikit-learn's inertia)" },
  { "iterations", MC_RET_INT, "Lloyd iterations run" },
  { "warnings", MC_RET_STRING,
    "\"\" when none. When K is above the number of distinct analysed colours some clusters stay "
    "empty: K centres are still returned (the empty ones repeat others, with count 0) and this "
    "says which, as scikit-learn warns" },
};

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

/* The empty-cluster warning: in the return always, and shown to the user when interactive. */
static void
return_warnings (const mc_call *call, mc_return *ret, const mc_quantize_result *res)
{
  gchar *warnings = mc_quantize_warnings (res);
  mc_return_string (ret, warnings);
  if (*warnings && call->mode != MC_RUN_NONINTERACTIVE)
    {
      gchar *text = g_strdup_printf ("%s: %s", call->def->name, warnings);
      mch_message (text);
      g_free (text);
    }
  g_free (warnings);
}

/* The target layer: a copy of the drawable above it (output 0) or the drawable itself. */
static gint32
make_target (gint32 image, gint32 drawable, const mc_quantize_vals *v)
{
  if (v->output == 1)
    return drawable;
  gint32 layer = mch_layer_copy (drawable);
  gchar *name = g_strdup_printf ("K-means K=%d", v->n_clusters);
  mch_item_set_name (layer, name);
  g_free (name);
  gint32 parent = mch_item_get_parent (drawable);
  gint position = mch_image_get_item_position (image, drawable);
  mch_image_insert_layer (image, layer, parent > 0 ? parent : 0, position);
  return layer;
}

static void
fail (const mc_call *call, mc_return *ret, const char *what, const char *why)
{
  mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s%s", call->def->name, what, why);
}

/* Any drawable: the region as R'G'B'A float, quantised and written back. */
static void
quantize_float (const mc_call *call, mc_return *ret, const mc_monitor *mon)
{
  const mc_quantize_vals *v = call->vals;
  mc_region region;
  gchar *why = NULL;
  if (!mc_region_read (call->drawable, &region, &why))
    {
      fail (call, ret, "", why);
      g_free (why);
      return;
    }
  mc_quantize_result res;
  float *out = g_new (float, (gsize) region.width * region.height * 4);
  mc_status st = mc_quantize_region (&region, v, &res, out, mon);
  if (st != MC_OK)
    fail (call, ret, "k-means failed: ", mc_status_text (st));
  else
    {
      gint32 target = make_target (call->image, call->drawable, v);
      mc_region_write (&region, target, out);
      fill_returns (ret, target, &res);
      return_warnings (call, ret, &res);
    }
  g_free (out);
  mc_region_free (&region);
}

/* The palette of an 8-bit layer: each colour's centre as bytes. */
typedef struct
{
  const uint8_t *colour_labels;
  uint8_t palette[MC_KMEANS_MAX_K][4];
} paint_ctx;

static void
paint_strip (void *ctx_, uint8_t *pixels, int bpp, const uint8_t *valid, size_t n)
{
  const paint_ctx *p = ctx_;
  for (size_t i = 0; i < n; i++)
    if (valid[i])
      {
        uint8_t *px = pixels + (size_t) bpp * i;
        const uint8_t *c = p->palette[p->colour_labels[px[0] << 16 | px[1] << 8 | px[2]]];
        px[0] = c[0];
        px[1] = c[1];
        px[2] = c[2];
      }
}

/* 8-bit R'G'B' layers in R'G'B': packed colours in, the palette out, no float copy. */
static void
quantize_rgb8 (const mc_call *call, mc_return *ret, const mc_monitor *mon)
{
  const mc_quantize_vals *v = call->vals;
  mc_region region;
  uint32_t *rgb = NULL;
  gchar *why = NULL;
  if (!mc_region_read_rgb24 (call->drawable, FALSE, &region, &rgb, &why))
    {
      fail (call, ret, "", why);
      g_free (why);
      return;
    }
  mc_quantize_result res;
  paint_ctx paint = { g_malloc0 ((gsize) 1 << 24), { { 0 } } };
  mc_status st = mc_quantize_rgb24 (rgb, region.n_valid, v, &res, (uint8_t *) paint.colour_labels,
                                    mon);
  if (!region.dense)
    g_clear_pointer (&rgb, g_free);
  if (st != MC_OK)
    fail (call, ret, "k-means failed: ", mc_status_text (st));
  else
    {
      for (int j = 0; j < res.fit.k; j++)
        {
          float c[4] = { res.rgb_centres[3 * j], res.rgb_centres[3 * j + 1],
                         res.rgb_centres[3 * j + 2], 1.0f };
          mc_pixels_to_u8 (c, 1, paint.palette[j]);
        }
      gint32 target = make_target (call->image, call->drawable, v);
      if (region.dense) /* the packed colours are the whole layer: no second read */
        mc_region_rewrite_codes (&region, target, target != call->drawable, rgb, paint_strip,
                                 &paint);
      else
        mc_region_rewrite_u8 (&region, target, paint_strip, &paint);
      fill_returns (ret, target, &res);
      return_warnings (call, ret, &res);
    }
  g_free ((gpointer) paint.colour_labels);
  g_free (rgb);
}

static void
quantize_run (const mc_call *call, mc_return *ret)
{
  const mc_quantize_vals *v = call->vals;
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.9);
  if (v->colour_space == 0 && mc_drawable_is_rgb8 (call->drawable))
    quantize_rgb8 (call, ret, &mon);
  else
    quantize_float (call, ret, &mon);
}

const mc_proc_def mc_proc_quantize = {
  .name = MC_QUANTIZE_PROC,
  .menu_label = "_K-means Colour Quantisation…",
  .menu_path = MC_MENU,
  .blurb = "Reduce a drawable to K colours found by k-means clustering",
  .help = "Fits K centres with k-means (k-means++ seeding, Lloyd iterations to convergence) on a "
          "sample of the analysed pixels (sample-fraction 1 fits on every pixel, exactly), then "
          "paints every pixel with its nearest centre. Only selected, not fully transparent "
          "pixels are analysed and changed. The same seed gives the same result. Centres are "
          "returned darkest first, with the pixel count of each and the inertia.",
  .kind = MC_PROC_IMAGE,
  .drawable_rule = MC_DRAWABLE_LAYER,
  .progress_text = "K-means colour quantisation",
  .vals_size = sizeof (mc_quantize_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = NULL,
  .run = quantize_run,
};
