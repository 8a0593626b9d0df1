/* proc_augment.c: plug-in-medclust-augment, "Augment into Layers…": its table (parameters,
 * returns, menu, help), its check (the recipe parses and makes at most MC_AUGMENT_MAX_LAYERS
 * layers) and its run step (the new "Augmented" group with one layer per variant and repeat, and
 * the returns). The pixel work is in augment_run.c. */
#include "mc_augment_run.h"
#include "mc_host.h"
#include "mc_proc.h"

#define V(field) offsetof (mc_augment_vals, field)
#define SIZE(field) sizeof (((mc_augment_vals *) NULL)->field)

static const char HELP[]
  = "Applies a recipe of augmentations to the whole layer and adds the results as new layers "
    "in a new layer group \"" MC_AUGMENT_GROUP "\" directly above it (a new group per call, so "
    "one Ctrl+Z removes exactly what the call made; GIMP names a second group \"" MC_AUGMENT_GROUP
    " #1\"). The layer itself is never changed.\n"
    "Recipe: variants separated by ';', each one or more operations joined by '+', applied "
    "left to right; every variant makes one layer per repeat, named after the variant's text "
    "with the numbers drawn (\"rotate 17.3 + blur 1.2\"). Operations: rotate DEG (counter-"
    "clockwise; 90/180/270 exact, the layer's width and height swap for 90/270; other angles "
    "resampled bilinearly on an enlarged canvas with transparent corners), flip h, flip v, "
    "blur SIGMA (Gaussian, px), brightness D (-1..1, added), contrast F (about mid-grey), "
    "saturation F, hue DEG, erase FRACTION (a random rectangle of that share of the area filled "
    "with noise), mix LAYER-NAME ALPHA (blend with another layer of the image, aligned as in the "
    "image; quote names with blanks). A number may be a range a..b, drawn afresh from the seed "
    "for every variant and repeat. The course's set is \"" MC_AUGMENT_DEFAULT_RECIPE "\".\n"
    "Layers: the order is repeat by repeat, variant by variant, top to bottom in the group. A "
    "layer keeps the drawable's offsets (its top-left corner) when its size is the drawable's "
    "or swapped; a grown canvas is centred on the drawable. New layers are of the drawable's "
    "kind (RGB or grey) with an alpha channel when the drawable has one or the result has "
    "transparent pixels; alpha is carried through every operation.\n"
    "Lesion mask: when the image has a channel named \"" MC_AUGMENT_MASK_CHANNEL "\", its part "
    "under the layer follows every rotate and flip (nearest neighbour, 0 where the canvas "
    "grows; colour operations leave it as it is) and becomes each new layer's layer mask, added "
    "but not applied (the layer shows whole; read it with gimp-layer-get-mask).\n"
    "Selection: ignored. Augmentation works on the whole layer, because rotations and flips "
    "change the frame and a partial result would have no place to go.\n"
    "The same recipe, repeats, seed and layer give bit-identical layers, whatever the number "
    "of threads.";

static const mc_param params[] = {
  { "recipe", MC_PARAM_STRING, V (recipe), SIZE (recipe), 0, 0, 0, MC_AUGMENT_DEFAULT_RECIPE,
    "variants separated by ';' of operations joined by '+', e.g. \"" MC_AUGMENT_DEFAULT_RECIPE
    "\"",
    "", "_Recipe:",
    "Variants separated by ';' of operations joined by '+', e.g. "
    "\"rotate 90; flip h; flip v; blur 2\" or \"rotate -30..30 + flip h + blur 0..2\"",
    NULL, MC_PARAM_MULTILINE },
  { "repeats", MC_PARAM_INT, V (repeats), 0, 1, MC_AUGMENT_MAX_REPEATS, 1, NULL, "1..1000", "",
    "Re_peats:",
    "How many times the recipe is applied, 1..1000 (ranges are drawn afresh each time); "
    "variants x repeats <= 1000",
    NULL, 0 },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every drawn number and of erase's noise", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "num-layers", MC_RET_INT, "Number of new layers (variants x repeats)" },
  { "layers", MC_RET_INT_ARRAY, "The new layers' IDs, repeat by repeat, variant by variant "
                                "(top to bottom in the \"Augmented\" group)" },
};

/* The recipe of the call, parsed and within the layer limit; NULL (with ret filled) when it is
 * refused. */
static mc_recipe *
parse_recipe (const mc_call *call, mc_return *ret)
{
  const mc_augment_vals *v = call->vals;
  const char *proc = call->def->name;
  if (!v->recipe[0])
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: recipe = \"\" is empty; accepted: variants separated by ';' of "
                       "operations joined by '+', e.g. \"%s\"",
                       proc, MC_AUGMENT_DEFAULT_RECIPE);
      return NULL;
    }
  gchar *why = NULL;
  mc_recipe *recipe = mc_augment_parse (proc, v->recipe, &why);
  if (!recipe)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s", why);
      g_free (why);
      return NULL;
    }
  gint64 layers = (gint64) mc_recipe_num_variants (recipe) * v->repeats;
  if (layers > MC_AUGMENT_MAX_LAYERS)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: repeats = %d with %d variants would make %" G_GINT64_FORMAT
                       " layers; accepted: variants x repeats <= %d",
                       proc, v->repeats, mc_recipe_num_variants (recipe), layers,
                       MC_AUGMENT_MAX_LAYERS);
      mc_recipe_free (recipe);
      return NULL;
    }
  return recipe;
}

static gboolean
augment_check (const mc_call *call, mc_return *ret)
{
  mc_recipe *recipe = parse_recipe (call, ret);
  if (!recipe)
    return FALSE;
  mc_recipe_free (recipe);
  return TRUE;
}

/* Makes every layer inside one new group. Returns the number made; on a failure the group is
 * removed again, ret holds the error and 0 is returned. */
static gint
make_layers (const mc_call *call, const mc_recipe *recipe, const mc_augment_source *src,
             gint32 *ids, mc_return *ret)
{
  const mc_augment_vals *v = call->vals;
  int n_variants = mc_recipe_num_variants (recipe);
  gint total = n_variants * v->repeats, made = 0;
  gint32 group = mc_augment_insert_group (call->image, call->drawable);
  for (int r = 0; r < v->repeats; r++)
    for (int k = 0; k < n_variants; k++)
      {
        mc_aug_plan plan;
        mc_aug_result result;
        mc_progress_span span;
        mc_monitor mon = mc_progress_monitor (&span, (double) made / total,
                                              (double) (made + 1) / total);
        mc_status st = mc_recipe_draw (recipe, k, r, (uint32_t) v->seed, &plan);
        if (st == MC_OK)
          st = mc_augment_apply (src, &plan, &result, &mon);
        if (st != MC_OK)
          {
            mch_image_remove_layer (call->image, group);
            mc_return_error (ret, MC_PDB_EXECUTION_ERROR,
                             "%s: variant %d (\"%s\"), repeat %d failed: %s", call->def->name,
                             k + 1, mc_recipe_variant_text (recipe, k), r + 1,
                             mc_status_text (st));
            return 0;
          }
        ids[made] = mc_augment_add_layer (call->image, group, made, call->drawable, &plan,
                                          &result);
        made++;
        mc_aug_result_clear (&result);
      }
  return made;
}

static void
augment_run (const mc_call *call, mc_return *ret)
{
  const mc_augment_vals *v = call->vals;
  mc_recipe *recipe = parse_recipe (call, ret);
  if (!recipe)
    return;
  /* A missing mix layer is refused here, before anything is added to the image. */
  mc_augment_source src;
  gchar *why = NULL;
  if (!mc_augment_source_read (call->image, call->drawable, recipe, 0, &src, &why))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s", why);
      g_free (why);
      mc_recipe_free (recipe);
      return;
    }
  gint32 *ids = g_new0 (gint32, mc_recipe_num_variants (recipe) * v->repeats);
  gint made = make_layers (call, recipe, &src, ids, ret);
  if (made > 0)
    mc_return_int_array (ret, ids, made);
  g_free (ids);
  mc_augment_source_free (&src);
  mc_recipe_free (recipe);
}

const mc_proc_def mc_proc_augment = {
  .name = MC_AUGMENT_PROC,
  .menu_label = "_Augment into Layers…",
  .menu_path = MC_MENU,
  .blurb = "Augment a layer into new layers with a recipe of rotations, flips, blur, colour "
           "changes, erasing and mixing",
  .help = HELP,
  .kind = MC_PROC_IMAGE,
  .drawable_rule = MC_DRAWABLE_LAYER,
  .progress_text = "Augmenting into layers",
  .vals_size = sizeof (mc_augment_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = augment_check,
  .run = augment_run,
};
