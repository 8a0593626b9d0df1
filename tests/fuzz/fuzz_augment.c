/* fuzz_augment.c: fuzz target for applying an augmentation plan, mc_aug_apply
 * (core/mc_augment.h), with plans built directly from the bytes rather than drawn from a recipe
 * (fuzz_recipe.c does that): any operation in any order, values anywhere in each operation's
 * documented range (also off the recipe's decimal grid), any erase shape, a mix layer of another
 * size or a missing one, on images up to 24 x 24 with or without a mask.
 * Checked: success exactly when every mix layer exists; the output has the size
 * mc_aug_plan_output_size promises; every sample is in [0, 1]; the mask is 0 or 255, and
 * untouched when the plan moves no pixel; one and two threads give the same bits.
 *
 * Bytes: [0] width-1 (mod 24); [1] height-1 (mod 24); [2] operations-1 (mod 8); [3] bit 0 mask,
 * bits 1-4 the mix layer's side; then 3 bytes an operation (kind mod 10, a 16-bit position in its
 * range); the rest are pixels, repeated as often as needed. */
#include "fuzz_common.h"
#include "mc_augment.h"

#include <math.h>
#include <string.h>

enum
{
  MAX_SIDE = 24,
  MAX_OPS = 8,
  /* Each rotation off the right angles grows the canvas up to sqrt(2) times per side; a plan
   * whose canvas would pass this is not applied (see the report on unbounded growth). */
  MAX_CANVAS = 1 << 16
};

typedef struct
{
  float *rgba;
  int side;
} mix_layer;

static const float *
layer_by_name (void *user, const char *name, int *width, int *height)
{
  mix_layer *l = user;
  if (strcmp (name, "other") != 0)
    return NULL;
  *width = *height = l->side;
  return l->rgba;
}

/* A value at position u (0..65535) of the operation's range, rounded to `decimals` places so that
 * value_units / 10^decimals is the value as the plan promises. */
static void
set_value (mc_aug_op *op, uint16_t u, int decimals)
{
  static const double lo[] = { -360, 0, 0, 0, -1, 0, 0, -360, 0, 0 };
  static const double hi[] = { 360, 0, 0, 100, 1, 10, 10, 360, 1, 1 };
  double v = lo[op->kind] + (hi[op->kind] - lo[op->kind]) * (u / 65535.0);
  double scale = pow (10, decimals);
  op->value_units = (int64_t) llround (v * scale);
  op->value_decimals = decimals;
  op->value = (double) op->value_units / scale;
  if (op->kind == MC_AUG_FLIP_H || op->kind == MC_AUG_FLIP_V)
    op->value = 0, op->value_units = 0, op->value_decimals = 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_bytes in = { data, size, 0 };
  int w = 1 + fuzz_u8 (&in) % MAX_SIDE, h = 1 + fuzz_u8 (&in) % MAX_SIDE;
  mc_aug_plan plan;
  memset (&plan, 0, sizeof plan);
  plan.n_ops = 1 + fuzz_u8 (&in) % MAX_OPS;
  uint8_t opts = fuzz_u8 (&in);
  int with_mask = opts & 1;
  mix_layer layer = { NULL, 1 + ((opts >> 1) & 15) * 2 };
  int missing_layer = 0;
  for (int i = 0; i < plan.n_ops; i++)
    {
      mc_aug_op *op = &plan.ops[i];
      uint8_t k = fuzz_u8 (&in);
      op->kind = (mc_aug_kind) (k % 10);
      set_value (op, fuzz_u16 (&in), (k >> 4) % 7);
      if (op->kind == MC_AUG_ROTATE && (k & 0x08))
        op->value = 90.0 * (op->value_units % 9 - 4), op->value_units = (int64_t) op->value,
        op->value_decimals = 0;
      if (op->kind == MC_AUG_ERASE)
        for (int j = 0; j < 3; j++)
          op->erase_u[j] = (double) fuzz_u8 (&in) / 256.0;
      if (op->kind == MC_AUG_MIX)
        {
          op->layer = (k & 0x08) && (k & 0x40) ? "missing" : "other";
          missing_layer |= op->layer[0] == 'm';
        }
    }
  plan.seed = (uint32_t) size * 2654435761u;
  plan.variant = (int) (size % 7);
  plan.repeat = (int) (size % 3);

  /* The largest canvas on the way. */
  int cw = w, ch = h;
  size_t largest = (size_t) w * h;
  for (int i = 0; i < plan.n_ops; i++)
    if (plan.ops[i].kind == MC_AUG_ROTATE)
      {
        mc_aug_rotated_size (cw, ch, plan.ops[i].value, &cw, &ch);
        CHECK (cw >= 1 && ch >= 1);
        if ((size_t) cw * ch > largest)
          largest = (size_t) cw * ch;
      }
  int out_w, out_h;
  mc_aug_plan_output_size (&plan, w, h, &out_w, &out_h);
  CHECK (out_w == cw && out_h == ch);
  if (largest > MAX_CANVAS)
    return 0;

  const uint8_t *pix = data + in.at;
  size_t n_pix = fuzz_left (&in), n = (size_t) w * h;
  float *rgba = malloc (n * 4 * sizeof (float));
  uint8_t *mask = with_mask ? malloc (n) : NULL;
  layer.rgba = malloc ((size_t) layer.side * layer.side * 4 * sizeof (float));
  CHECK (rgba && layer.rgba && (mask || !with_mask));
  for (size_t i = 0; i < n * 4; i++)
    rgba[i] = n_pix ? (float) (pix[i % n_pix] / 255.0) : 0.5f;
  for (size_t i = 0; i < (size_t) layer.side * layer.side * 4; i++)
    layer.rgba[i] = n_pix ? (float) (pix[(i * 7 + 3) % n_pix] / 255.0) : 0.25f;
  for (size_t i = 0; mask && i < n; i++)
    mask[i] = n_pix && (pix[i % n_pix] & 0x80) ? 255 : 0;

  mc_aug_result r, r2;
  mc_set_threads (1);
  mc_status s = mc_aug_apply (&plan, rgba, w, h, mask, layer_by_name, &layer, &r, NULL);
  if (missing_layer)
    CHECK (s == MC_ERR_ARG);
  else
    {
      CHECK (s == MC_OK);
      CHECK (r.width == out_w && r.height == out_h);
      size_t out_n = (size_t) r.width * r.height;
      for (size_t i = 0; i < out_n * 4; i++)
        CHECK (r.rgba[i] >= 0.0f && r.rgba[i] <= 1.0f);
      CHECK ((r.mask != NULL) == with_mask);
      for (size_t i = 0; r.mask && i < out_n; i++)
        CHECK (r.mask[i] == 0 || r.mask[i] == 255);
      if (mask && !mc_aug_plan_is_geometric (&plan))
        CHECK (memcmp (mask, r.mask, n) == 0);

      mc_set_threads (2);
      CHECK (mc_aug_apply (&plan, rgba, w, h, mask, layer_by_name, &layer, &r2, NULL) == MC_OK);
      CHECK (r2.width == r.width && r2.height == r.height);
      CHECK (memcmp (r.rgba, r2.rgba, out_n * 4 * sizeof (float)) == 0);
      CHECK (!mask || memcmp (r.mask, r2.mask, out_n) == 0);
      mc_aug_result_clear (&r2);
      mc_aug_result_clear (&r);
    }
  mc_set_threads (0);
  free (rgba);
  free (mask);
  free (layer.rgba);
  return 0;
}
