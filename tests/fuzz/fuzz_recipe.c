/* fuzz_recipe.c: fuzz target for the augmentation recipe, the one piece of the core that takes
 * free text from outside. Any input must either parse or be refused with a well-formed error;
 * whatever parses must draw plans whose text parses back to the same numbers, and those plans
 * must apply to a tiny image (with a mask and a mix layer) without fault, so that every
 * operation's parameter handling runs on the values the parser lets through. */
#include "fuzz_common.h"
#include "mc_augment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>


enum
{
  IMG_W = 5,
  IMG_H = 4,
  LAYER_SIDE = 3,
  MAX_VARIANTS_TRIED = 6,
  /* Every rotation off the right angles can grow the canvas sqrt(2) times a side, and a variant
   * may chain 32: plans whose canvas would pass this many pixels are not applied (the recipe
   * language itself does not bound the growth). */
  MAX_CANVAS = 1 << 16
};

/* The largest canvas the plan passes through on an IMG_W x IMG_H image. */
static size_t
largest_canvas (const mc_aug_plan *plan)
{
  int w = IMG_W, h = IMG_H;
  size_t largest = (size_t) w * h;
  for (int i = 0; i < plan->n_ops; i++)
    if (plan->ops[i].kind == MC_AUG_ROTATE)
      {
        mc_aug_rotated_size (w, h, plan->ops[i].value, &w, &h);
        if ((size_t) w * h > largest)
          largest = (size_t) w * h;
      }
  return largest;
}

static const float *
tiny_layer (void *user, const char *name, int *width, int *height)
{
  (void) name;
  *width = LAYER_SIDE;
  *height = LAYER_SIDE;
  return user;
}

static size_t
utf8_chars (const char *s)
{
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char) *s & 0xC0) != 0x80;
  return n;
}

static void
check_error (const char *text, const mc_recipe_error *err)
{
  CHECK (err->code != MC_RECIPE_OK);
  CHECK (err->column >= 1 && (size_t) err->column <= utf8_chars (text) + 1);
  CHECK (memchr (err->found, '\0', sizeof err->found) != NULL);
  CHECK (memchr (err->message, '\0', sizeof err->message) != NULL);
  CHECK (strncmp (err->message, "recipe", 6) == 0);
}

/* The plan's text parses back to one variant with the very same numbers. */
static void
check_round_trip (const mc_aug_plan *plan)
{
  size_t n = mc_aug_plan_text (plan, NULL, 0);
  char *text = malloc (n + 1);
  CHECK (text != NULL);
  CHECK (mc_aug_plan_text (plan, text, n + 1) == n);
  mc_recipe *again;
  mc_recipe_error err;
  CHECK (mc_recipe_parse (text, &again, &err) == MC_OK);
  CHECK (mc_recipe_num_variants (again) == 1);
  mc_aug_plan fixed;
  CHECK (mc_recipe_draw (again, 0, 0, 0, &fixed) == MC_OK);
  CHECK (fixed.n_ops == plan->n_ops);
  for (int i = 0; i < plan->n_ops; i++)
    {
      CHECK (fixed.ops[i].kind == plan->ops[i].kind);
      CHECK (fixed.ops[i].value == plan->ops[i].value);
      if (plan->ops[i].layer)
        CHECK (strcmp (fixed.ops[i].layer, plan->ops[i].layer) == 0);
    }
  mc_recipe_free (again);
  free (text);
}

static void
check_apply (const mc_aug_plan *plan, const float *rgba, const uint8_t *mask, const float *layer)
{
  mc_aug_result res;
  CHECK (mc_aug_apply (plan, rgba, IMG_W, IMG_H, mask, tiny_layer, (void *) layer, &res, NULL)
         == MC_OK);
  int w, h;
  mc_aug_plan_output_size (plan, IMG_W, IMG_H, &w, &h);
  CHECK (res.width == w && res.height == h);
  for (size_t i = 0; i < (size_t) w * h; i++)
    {
      CHECK (res.mask[i] == 0 || res.mask[i] == 255);
      for (int c = 0; c < 4; c++)
        CHECK (res.rgba[i * 4 + c] >= 0.0f && res.rgba[i * 4 + c] <= 1.0f);
    }
  mc_aug_result_clear (&res);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = malloc (size + 1);
  if (!text)
    return 0;
  memcpy (text, data, size);
  text[size] = '\0';
  mc_recipe *recipe;
  mc_recipe_error err;
  mc_status s = mc_recipe_parse (text, &recipe, &err);
  if (s != MC_OK)
    {
      CHECK (s == MC_ERR_PARSE && recipe == NULL);
      check_error (text, &err);
      free (text);
      return 0;
    }
  float rgba[IMG_W * IMG_H * 4], layer[LAYER_SIDE * LAYER_SIDE * 4];
  uint8_t mask[IMG_W * IMG_H];
  for (int i = 0; i < IMG_W * IMG_H * 4; i++)
    rgba[i] = (float) ((i * 37) % 101) / 100.0f;
  for (int i = 0; i < LAYER_SIDE * LAYER_SIDE * 4; i++)
    layer[i] = (float) ((i * 53) % 97) / 96.0f;
  for (int i = 0; i < IMG_W * IMG_H; i++)
    mask[i] = (i % 3) ? 255 : 0;

  int variants = mc_recipe_num_variants (recipe);
  CHECK (variants >= 1 && variants <= MC_RECIPE_MAX_VARIANTS);
  for (int v = 0; v < variants && v < MAX_VARIANTS_TRIED; v++)
    {
      const char *slug = mc_recipe_variant_slug (recipe, v);
      CHECK (mc_recipe_variant_text (recipe, v) != NULL && slug != NULL && *slug);
      CHECK (strspn (slug, "abcdefghijklmnopqrstuvwxyz0123456789.-_") == strlen (slug));
      for (int r = 0; r < 2; r++)
        {
          mc_aug_plan plan;
          CHECK (mc_recipe_draw (recipe, v, r, (uint32_t) size * 2654435761u, &plan) == MC_OK);
          CHECK (mc_aug_plan_is_geometric (&plan) == mc_recipe_variant_is_geometric (recipe, v));
          check_round_trip (&plan);
          if (largest_canvas (&plan) <= MAX_CANVAS)
            check_apply (&plan, rgba, mask, layer);
        }
    }
  mc_recipe_free (recipe);
  free (text);
  return 0;
}
