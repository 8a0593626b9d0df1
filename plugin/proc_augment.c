/* proc_augment.c: plug-in-medclust-augment, "Augment into Layers…": registration, argument
 * checks, run modes, the new "Augmented" group with one layer per variant and repeat, and the
 * return values. The pixel work is in augment_run.c. */
#include "mc_plugin.h"
#include "mc_augment_run.h"
#include "mc_dialogs.h"

#include <string.h>

static const char *const PROC = MC_AUGMENT_PROC;

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

static void
augment_query (void)
{
  static const GimpParamDef args[] = {
    { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                                  "RUN-WITH-LAST-VALS (2) }" },
    { GIMP_PDB_IMAGE, "image", "Input image" },
    { GIMP_PDB_DRAWABLE, "drawable", "Input layer (RGB or grayscale, any precision; not a group)" },
    { GIMP_PDB_STRING, "recipe", "Variants separated by ';' of operations joined by '+', e.g. "
                                 "\"rotate 90; flip h; flip v; blur 2\" or "
                                 "\"rotate -30..30 + flip h + blur 0..2\"" },
    { GIMP_PDB_INT32, "repeats", "How many times the recipe is applied, 1..1000 (ranges are "
                                 "drawn afresh each time); variants x repeats <= 1000" },
    { GIMP_PDB_INT32, "seed", "Seed of every drawn number and of erase's noise" },
  };
  static const GimpParamDef rets[] = {
    { GIMP_PDB_INT32, "num-layers", "Number of new layers (variants x repeats)" },
    { GIMP_PDB_INT32ARRAY, "layers", "The new layers' IDs, repeat by repeat, variant by variant "
                                     "(top to bottom in the \"Augmented\" group)" },
  };
  gimp_install_procedure (PROC, "Augment a layer into new layers with a recipe of rotations, "
                                "flips, blur, colour changes, erasing and mixing",
                          HELP, MC_AUTHOR, MC_COPYRIGHT, MC_DATE, "_Augment into Layers…",
                          "RGB*, GRAY*", GIMP_PLUGIN, G_N_ELEMENTS (args), G_N_ELEMENTS (rets),
                          args, rets);
  gimp_plugin_menu_register (PROC, MC_MENU);
}

/* Gets the values for this run from the parameters, the last run or the dialog. Returns FALSE
 * when the user cancelled the dialog. */
static gboolean
get_vals (GimpRunMode mode, gint nparams, const GimpParam *param, gint32 image, gint32 drawable,
          mc_augment_vals *v)
{
  mc_augment_vals_default (v);
  if (mode == GIMP_RUN_NONINTERACTIVE || (mode == GIMP_RUN_INTERACTIVE && !mc_have_display ()))
    {
      if (mode == GIMP_RUN_INTERACTIVE)
        g_message ("%s: no display; running with the values given, without the dialog", PROC);
      if (nparams >= 6)
        {
          const char *recipe = param[3].data.d_string;
          g_strlcpy (v->recipe, recipe ? recipe : "", sizeof v->recipe);
          v->repeats = param[4].data.d_int32;
          v->seed = param[5].data.d_int32;
        }
      return TRUE;
    }
  if (gimp_get_data_size (PROC) == sizeof *v)
    gimp_get_data (PROC, v);
  if (mode == GIMP_RUN_WITH_LAST_VALS)
    return TRUE;
  return mc_augment_dialog (image, drawable, v);
}

/* Checks the values and parses the recipe; NULL (with ret filled) when a value is refused. */
static mc_recipe *
check_vals (mc_return *ret, const mc_augment_vals *v, const char *raw_recipe)
{
  if (raw_recipe && strlen (raw_recipe) >= sizeof v->recipe)
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: recipe is %zu bytes long; accepted: at most %d bytes", PROC,
                       strlen (raw_recipe), MC_RECIPE_MAX_LENGTH);
      return NULL;
    }
  if (!v->recipe[0])
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: recipe = \"\" is empty; accepted: variants separated by ';' of "
                       "operations joined by '+', e.g. \"%s\"",
                       PROC, MC_AUGMENT_DEFAULT_RECIPE);
      return NULL;
    }
  if (!mc_check_int (ret, PROC, "repeats", v->repeats, 1, MC_AUGMENT_MAX_REPEATS, "1..1000"))
    return NULL;
  gchar *why = NULL;
  mc_recipe *recipe = mc_augment_parse (PROC, v->recipe, &why);
  if (!recipe)
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s", why);
      g_free (why);
      return NULL;
    }
  gint64 layers = (gint64) mc_recipe_num_variants (recipe) * v->repeats;
  if (layers > MC_AUGMENT_MAX_LAYERS)
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: repeats = %d with %d variants would make %" G_GINT64_FORMAT
                       " layers; accepted: variants x repeats <= %d",
                       PROC, v->repeats, mc_recipe_num_variants (recipe), layers,
                       MC_AUGMENT_MAX_LAYERS);
      mc_recipe_free (recipe);
      return NULL;
    }
  return recipe;
}

/* Makes every layer inside one new group. Returns the number made; on a failure the group is
 * removed again, ret holds the error and 0 is returned. */
static gint
make_layers (gint32 image, gint32 drawable, const mc_recipe *recipe, const mc_augment_vals *v,
             const mc_augment_source *src, gint32 *ids, mc_return *ret)
{
  int n_variants = mc_recipe_num_variants (recipe);
  gint total = n_variants * v->repeats, made = 0;
  gint32 group = mc_augment_insert_group (image, drawable);
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
            gimp_image_remove_layer (image, group);
            mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR,
                             "%s: variant %d (\"%s\"), repeat %d failed: %s", PROC, k + 1,
                             mc_recipe_variant_text (recipe, k), r + 1, mc_status_text (st));
            return 0;
          }
        ids[made] = mc_augment_add_layer (image, group, made, drawable, &plan, &result);
        made++;
        mc_aug_result_clear (&result);
      }
  return made;
}

static gboolean
check_layer (mc_return *ret, gint32 drawable)
{
  if (gimp_item_is_layer (drawable) && !gimp_item_is_group (drawable))
    return TRUE;
  mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                   "%s: drawable = %d is a %s; accepted: a pixel layer", PROC, drawable,
                   gimp_item_is_group (drawable) ? "layer group" : "channel or layer mask");
  return FALSE;
}

/* GIMP 2.10 pads an error return that is shorter than the procedure's return list with the
 * default values, and then sends layers (an INT32ARRAY) with the count it reads from the value
 * before it, which is the error message: Script-Fu and GIMP crash. One more plain value makes
 * the return as long as the list, so nothing is padded and no array is sent. */
static void
pad_error_return (mc_return *ret)
{
  if (ret->values[0].data.d_status != GIMP_PDB_SUCCESS && ret->n == 2)
    mc_return_int (ret, 0);
}

static void
augment_checked_run (gint nparams, const GimpParam *param, mc_return *ret)
{
  if (nparams < 3)
    {
      mc_check_nparams (ret, PROC, nparams, 6);
      return;
    }
  GimpRunMode mode = param[0].data.d_int32;
  gint32 image = param[1].data.d_image, drawable = param[2].data.d_drawable;
  if (mode == GIMP_RUN_NONINTERACTIVE && !mc_check_nparams (ret, PROC, nparams, 6))
    return;
  if (!mc_check_image_drawable (ret, PROC, image, drawable) || !check_layer (ret, drawable))
    return;
  mc_augment_vals v;
  if (!get_vals (mode, nparams, param, image, drawable, &v))
    {
      ret->values[0].data.d_status = GIMP_PDB_CANCEL;
      return;
    }
  /* The recipe given as a parameter is checked for its length before the copy cut it. */
  gboolean from_params
    = nparams >= 6
      && (mode == GIMP_RUN_NONINTERACTIVE || (mode == GIMP_RUN_INTERACTIVE && !mc_have_display ()));
  const char *raw = from_params ? param[3].data.d_string : NULL;
  mc_recipe *recipe = check_vals (ret, &v, raw);
  if (!recipe)
    return;

  mc_augment_source src;
  gchar *why = NULL;
  if (!mc_augment_source_read (image, drawable, recipe, 0, &src, &why))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s", why);
      g_free (why);
      mc_recipe_free (recipe);
      return;
    }
  gimp_progress_init ("Augmenting into layers");
  gint32 *ids = g_new0 (gint32, mc_recipe_num_variants (recipe) * v.repeats);
  gimp_image_undo_group_start (image);
  gint made = make_layers (image, drawable, recipe, &v, &src, ids, ret);
  gimp_image_undo_group_end (image);
  if (made > 0)
    {
      gimp_progress_update (1.0);
      mc_return_int_array (ret, ids, made);
      if (mode != GIMP_RUN_NONINTERACTIVE)
        gimp_displays_flush ();
      gimp_set_data (PROC, &v, sizeof v);
    }
  g_free (ids);
  mc_augment_source_free (&src);
  mc_recipe_free (recipe);
}

static void
augment_run (gint nparams, const GimpParam *param, mc_return *ret)
{
  augment_checked_run (nparams, param, ret);
  pad_error_return (ret);
}

const mc_procedure mc_proc_augment = { MC_AUGMENT_PROC, augment_query, augment_run };
