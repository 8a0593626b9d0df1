/* augment.c: applies a drawn plan to an image and its mask: the operations in order, geometric
 * ones moving the mask with them (nearest neighbour), photometric ones leaving it be. The input
 * is never written; at most two image buffers live at a time besides it. */
#include "mc_augment.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_ERASE_NOISE 0xA3u
#define MAX_SIDE (1 << 20) /* far above GIMP's 524288, far below int overflow in the sizes */

/* Erase noise stream of operation op of the plan: the same packing as the plan's draws. */
static uint64_t
erase_stream (const mc_aug_plan *plan, int op)
{
  return ((uint64_t) STREAM_ERASE_NOISE << 56) | ((uint64_t) (unsigned) plan->variant << 40)
         | ((uint64_t) (unsigned) op << 32) | (uint64_t) (uint32_t) plan->repeat;
}

void
mc_aug_plan_output_size (const mc_aug_plan *plan, int width, int height, int *out_width,
                         int *out_height)
{
  for (int i = 0; plan && i < plan->n_ops; i++)
    if (plan->ops[i].kind == MC_AUG_ROTATE)
      mc_aug_rotated_size (width, height, plan->ops[i].value, &width, &height);
  *out_width = width;
  *out_height = height;
}

void
mc_aug_result_clear (mc_aug_result *result)
{
  if (!result)
    return;
  free (result->rgba);
  free (result->mask);
  memset (result, 0, sizeof *result);
}

static int
plan_is_valid (const mc_aug_plan *plan)
{
  if (!plan || plan->n_ops < 1 || plan->n_ops > MC_RECIPE_MAX_OPS)
    return 0;
  for (int i = 0; i < plan->n_ops; i++)
    {
      const mc_aug_op *op = &plan->ops[i];
      if ((unsigned) op->kind > MC_AUG_MIX || op->value != op->value)
        return 0;
      if (op->kind == MC_AUG_MIX && !op->layer)
        return 0;
      if (op->kind == MC_AUG_ROTATE && !(op->value >= -1e6 && op->value <= 1e6))
        return 0;
    }
  return 1;
}

/* The image being worked on: `rgba` is either the caller's input (owned = NULL) or ours. The
 * buffer an operation read from is kept as `spare` for the next one to write into: fresh memory
 * costs a page fault per 4 KiB on first touch, a good part of a fast operation's time. */
typedef struct
{
  const float *rgba;
  float *owned;
  float *spare;
  size_t spare_pixels; /* capacity of spare */
  uint8_t *mask;       /* always ours, or NULL */
  int width, height;
} canvas;

static size_t
pixels_of (int width, int height)
{
  return (size_t) width * (size_t) height;
}

/* A buffer for pixels pixels to write the next state into. */
static float *
canvas_target (canvas *c, size_t pixels)
{
  if (c->spare && c->spare_pixels >= pixels)
    {
      float *t = c->spare;
      c->spare = NULL;
      return t;
    }
  free (c->spare);
  c->spare = NULL;
  return malloc (pixels * 4 * sizeof (float));
}

static void
canvas_take (canvas *c, float *rgba, int width, int height)
{
  if (c->owned)
    {
      free (c->spare);
      c->spare = c->owned;
      c->spare_pixels = pixels_of (c->width, c->height);
    }
  c->rgba = c->owned = rgba;
  c->width = width;
  c->height = height;
}

static void
canvas_free (canvas *c)
{
  free (c->owned);
  free (c->spare);
  free (c->mask);
  c->owned = c->spare = NULL;
  c->mask = NULL;
}

/* Makes the canvas's pixels ours, for the operations that work in place. */
static mc_status
canvas_own (canvas *c)
{
  if (c->owned)
    return MC_OK;
  size_t pixels = pixels_of (c->width, c->height);
  float *copy = canvas_target (c, pixels);
  if (!copy)
    return MC_ERR_NOMEM;
  memcpy (copy, c->rgba, pixels * 4 * sizeof (float));
  c->rgba = c->owned = copy;
  return MC_OK;
}

static mc_status
apply_geometric (canvas *c, const mc_aug_op *op)
{
  int w = c->width, h = c->height;
  if (op->kind == MC_AUG_ROTATE)
    mc_aug_rotated_size (c->width, c->height, op->value, &w, &h);
  if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE
      || pixels_of (w, h) > SIZE_MAX / (4 * sizeof (float)))
    return MC_ERR_ARG;
  float *rgba = canvas_target (c, pixels_of (w, h));
  uint8_t *mask = c->mask ? malloc (pixels_of (w, h)) : NULL;
  if (!rgba || (c->mask && !mask))
    {
      free (rgba);
      free (mask);
      return MC_ERR_NOMEM;
    }
  int vertical = op->kind == MC_AUG_FLIP_V;
  if (op->kind == MC_AUG_ROTATE)
    mc_aug_rotate (c->rgba, c->width, c->height, op->value, rgba);
  else
    mc_aug_flip (c->rgba, c->width, c->height, vertical, rgba);
  if (mask)
    {
      if (op->kind == MC_AUG_ROTATE)
        mc_aug_rotate_mask (c->mask, c->width, c->height, op->value, mask);
      else
        mc_aug_flip_mask (c->mask, c->width, c->height, vertical, mask);
      free (c->mask);
      c->mask = mask;
    }
  canvas_take (c, rgba, w, h);
  return MC_OK;
}

static mc_status
apply_blur (canvas *c, double sigma)
{
  float *rgba = canvas_target (c, pixels_of (c->width, c->height));
  if (!rgba)
    return MC_ERR_NOMEM;
  mc_status s = mc_aug_blur (c->rgba, c->width, c->height, sigma, rgba);
  if (s != MC_OK)
    {
      free (rgba);
      return s;
    }
  canvas_take (c, rgba, c->width, c->height);
  return MC_OK;
}

static mc_status
apply_mix (canvas *c, const mc_aug_op *op, mc_aug_layer_fn layer_fn, void *layer_user)
{
  int ow = 0, oh = 0;
  const float *other = layer_fn ? layer_fn (layer_user, op->layer, &ow, &oh) : NULL;
  if (!other || ow < 1 || oh < 1)
    return MC_ERR_ARG;
  mc_status s = canvas_own (c);
  if (s == MC_OK)
    mc_aug_mix (c->owned, c->width, c->height, other, ow, oh, op->value);
  return s;
}

static mc_status
apply_op (canvas *c, const mc_aug_plan *plan, int i, mc_aug_layer_fn layer_fn, void *layer_user)
{
  const mc_aug_op *op = &plan->ops[i];
  if (mc_aug_kind_is_geometric (op->kind))
    return apply_geometric (c, op);
  if (op->kind == MC_AUG_BLUR)
    return apply_blur (c, op->value);
  if (op->kind == MC_AUG_MIX)
    return apply_mix (c, op, layer_fn, layer_user);
  mc_status s = canvas_own (c);
  if (s != MC_OK)
    return s;
  size_t n = pixels_of (c->width, c->height);
  switch (op->kind)
    {
    case MC_AUG_BRIGHTNESS:
      mc_aug_brightness (c->owned, n, op->value);
      break;
    case MC_AUG_CONTRAST:
      mc_aug_contrast (c->owned, n, op->value);
      break;
    case MC_AUG_SATURATION:
      mc_aug_saturation (c->owned, n, op->value);
      break;
    case MC_AUG_HUE:
      mc_aug_hue (c->owned, n, op->value);
      break;
    case MC_AUG_ERASE:
      {
        mc_aug_rect rect = mc_aug_erase_rect (c->width, c->height, op->value, op->erase_u);
        mc_aug_erase (c->owned, c->width, c->height, rect, plan->seed, erase_stream (plan, i));
      }
      break;
    default:
      break;
    }
  return MC_OK;
}

mc_status
mc_aug_apply (const mc_aug_plan *plan, const float *rgba, int width, int height,
              const uint8_t *mask, mc_aug_layer_fn layer_fn, void *layer_user,
              mc_aug_result *result, const mc_monitor *monitor)
{
  if (!result)
    return MC_ERR_ARG;
  memset (result, 0, sizeof *result);
  if (!plan_is_valid (plan) || !rgba || width < 1 || height < 1 || width > MAX_SIDE
      || height > MAX_SIDE)
    return MC_ERR_ARG;
  canvas c = { rgba, NULL, NULL, 0, NULL, width, height };
  if (mask)
    {
      c.mask = malloc (pixels_of (width, height));
      if (!c.mask)
        return MC_ERR_NOMEM;
      memcpy (c.mask, mask, pixels_of (width, height));
    }
  mc_status s = MC_OK;
  for (int i = 0; i < plan->n_ops && s == MC_OK; i++)
    {
      if (mc_monitor_report (monitor, (double) i / plan->n_ops))
        s = MC_ERR_CANCELLED;
      else
        s = apply_op (&c, plan, i, layer_fn, layer_user);
    }
  if (s == MC_OK)
    s = canvas_own (&c); /* e.g. "rotate 0": the result is still a buffer of its own */
  if (s != MC_OK)
    {
      canvas_free (&c);
      return s;
    }
  free (c.spare);
  mc_monitor_report (monitor, 1.0);
  result->rgba = c.owned;
  result->mask = c.mask;
  result->width = c.width;
  result->height = c.height;
  return MC_OK;
}
