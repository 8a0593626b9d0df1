/* augment_run.c: the augmentation work behind plug-in-medclust-augment (and its preview and the
 * files procedure): reading a layer, its "Lesion mask" and the layers a recipe mixes with into
 * plain buffers, applying a drawn plan with the core, and writing the result as a new layer with
 * its mask inside the "Augmented" group. */
#include "mc_augment_run.h"
#include "mc_host.h"
#include "mc_pixels.h"

#include <gegl.h>
#include <math.h>
#include <string.h>

mc_recipe *
mc_augment_parse (const char *proc, const char *text, gchar **error)
{
  mc_recipe *recipe = NULL;
  mc_recipe_error err;
  memset (&err, 0, sizeof err);
  mc_status st = mc_recipe_parse (text, &recipe, &err);
  if (st == MC_OK)
    return recipe;
  /* Long recipes are quoted only in part: the parser's message already gives the column. */
  gchar *quoted = g_strndup (text ? text : "", 80);
  gboolean cut = text && strlen (text) > 80;
  if (st == MC_ERR_PARSE)
    *error = g_strdup_printf ("%s: recipe = \"%s%s\" does not parse: %s", proc, quoted,
                              cut ? "…" : "", err.message);
  else
    *error = g_strdup_printf ("%s: recipe = \"%s%s\" could not be read: %s", proc, quoted,
                              cut ? "…" : "", mc_status_text (st));
  g_free (quoted);
  return NULL;
}

/* Reads a w x h rectangle at (x, y) of drawable at the given scale, in the scaled drawable's
 * coordinates (any part outside the drawable reads as transparent / 0). */
static void
read_rect (gint32 drawable, double scale, gint x, gint y, gint w, gint h, const char *format,
           void *dst)
{
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  GeglRectangle rect = { x, y, w, h };
  gegl_buffer_get (buf, &rect, scale, babl_format (format), dst, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  g_object_unref (buf);
}

/* The part of the "Lesion mask" channel under the drawable (NULL when out of memory). A channel
 * always has the image's size, so the drawable's offsets pick the part under it. */
static uint8_t *
read_lesion_mask (gint32 channel, gint32 drawable, const mc_augment_source *src)
{
  gint ox, oy;
  mch_drawable_offsets (drawable, &ox, &oy);
  uint8_t *mask = g_try_new (uint8_t, (gsize) src->width * src->height);
  if (mask)
    read_rect (channel, src->scale, (gint) lround (ox * src->scale),
               (gint) lround (oy * src->scale), src->width, src->height, "Y u8", mask);
  return mask;
}

/* Reads every layer the recipe mixes with in the drawable's frame, so that what mix blends is
 * what lies under the drawable in the image. */
static gboolean
read_mix_layers (gint32 image, gint32 drawable, const mc_recipe *recipe, mc_augment_source *src,
                 gchar **error)
{
  int n = recipe ? mc_recipe_num_layers (recipe) : 0;
  src->layer_names = g_new0 (gchar *, n + 1);
  src->layer_rgba = g_new0 (float *, n + 1);
  gint dx, dy;
  mch_drawable_offsets (drawable, &dx, &dy);
  for (int i = 0; i < n; i++)
    {
      const char *name = mc_recipe_layer (recipe, i);
      gint32 layer = mch_image_get_layer_by_name (image, name);
      if (layer <= 0 || mch_item_is_group (layer))
        {
          *error = g_strdup_printf (
            "%s: recipe mixes with layer \"%s\", which %s; accepted: the name of a pixel "
            "layer of this image (quote names with blanks: mix \"Layer 2\" 0.3)",
            MC_AUGMENT_PROC, name, layer <= 0 ? "the image does not have" : "is a layer group");
          return FALSE;
        }
      gint lx, ly;
      mch_drawable_offsets (layer, &lx, &ly);
      src->layer_names[i] = g_strdup (name);
      src->n_layers = i + 1;
      src->layer_rgba[i] = g_try_new (float, (gsize) src->width * src->height * 4);
      if (!src->layer_rgba[i])
        {
          *error = g_strdup_printf ("%s: layer \"%s\" does not fit in memory", MC_AUGMENT_PROC,
                                    name);
          return FALSE;
        }
      read_rect (layer, src->scale, (gint) lround ((dx - lx) * src->scale),
                 (gint) lround ((dy - ly) * src->scale), src->width, src->height,
                 "R'G'B'A float", src->layer_rgba[i]);
    }
  return TRUE;
}

gboolean
mc_augment_source_read (gint32 image, gint32 drawable, const mc_recipe *recipe, int max_side,
                        mc_augment_source *src, gchar **error)
{
  memset (src, 0, sizeof *src);
  mc_gegl_ensure ();
  int w = mch_drawable_width (drawable), h = mch_drawable_height (drawable);
  int side = MAX (w, h);
  src->scale = max_side > 0 && side > max_side ? (double) max_side / side : 1.0;
  src->width = src->scale < 1.0 ? MAX (1, (int) floor (w * src->scale)) : w;
  src->height = src->scale < 1.0 ? MAX (1, (int) floor (h * src->scale)) : h;
  if (!read_mix_layers (image, drawable, recipe, src, error))
    {
      mc_augment_source_free (src);
      return FALSE;
    }
  gint32 channel = mch_image_get_channel_by_name (image, MC_AUGMENT_MASK_CHANNEL);
  src->rgba = g_try_new (float, (gsize) src->width * src->height * 4);
  src->mask = channel > 0 ? read_lesion_mask (channel, drawable, src) : NULL;
  if (!src->rgba || (channel > 0 && !src->mask))
    {
      *error = g_strdup_printf ("%s: drawable = %d (%dx%d) does not fit in memory",
                                MC_AUGMENT_PROC, drawable, w, h);
      mc_augment_source_free (src);
      return FALSE;
    }
  if (src->scale == 1.0)
    mc_read_rgba (drawable, 0, 0, src->width, src->height, src->rgba);
  else
    read_rect (drawable, src->scale, 0, 0, src->width, src->height, "R'G'B'A float", src->rgba);
  return TRUE;
}

void
mc_augment_source_wrap (mc_augment_source *src, float *rgba, uint8_t *mask, int width,
                        int height)
{
  memset (src, 0, sizeof *src);
  src->rgba = rgba;
  src->mask = mask;
  src->width = width;
  src->height = height;
  src->scale = 1.0;
}

void
mc_augment_source_free (mc_augment_source *src)
{
  for (int i = 0; i < src->n_layers; i++)
    {
      g_free (src->layer_names[i]);
      g_free (src->layer_rgba[i]);
    }
  g_free (src->layer_names);
  g_free (src->layer_rgba);
  g_free (src->rgba);
  g_free (src->mask);
  memset (src, 0, sizeof *src);
}

/* The core's mix callback: the named layer's pixels in the source's frame. */
static const float *
source_layer (void *user, const char *name, int *width, int *height)
{
  const mc_augment_source *src = user;
  for (int i = 0; i < src->n_layers; i++)
    if (strcmp (src->layer_names[i], name) == 0)
      {
        *width = src->width;
        *height = src->height;
        return src->layer_rgba[i];
      }
  return NULL;
}

mc_status
mc_augment_apply (const mc_augment_source *src, const mc_aug_plan *plan, mc_aug_result *result,
                  const mc_monitor *monitor)
{
  mc_aug_plan scaled = *plan;
  if (src->scale != 1.0)
    for (int i = 0; i < scaled.n_ops; i++)
      if (scaled.ops[i].kind == MC_AUG_BLUR)
        scaled.ops[i].value *= src->scale;
  memset (result, 0, sizeof *result);
  return mc_aug_apply (&scaled, src->rgba, src->width, src->height, src->mask, source_layer,
                       (void *) src, result, monitor);
}

gint32
mc_augment_insert_group (gint32 image, gint32 drawable)
{
  gint32 group = mch_layer_group_new (image);
  mch_item_set_name (group, MC_AUGMENT_GROUP);
  gint32 parent = mch_item_get_parent (drawable);
  gint position = mch_image_get_item_position (image, drawable);
  mch_image_insert_layer (image, group, parent > 0 ? parent : 0, position);
  return group;
}

/* TRUE when some pixel is visibly transparent. Float rounding (a blur's weights sum to 1 only
 * within float precision) leaves an opaque pixel's alpha a hair below 1: below a 16-bit level it
 * still counts as opaque, so an opaque layer does not gain an alpha channel for nothing. */
static gboolean
has_transparency (const mc_aug_result *r)
{
  gsize n = (gsize) r->width * r->height;
  for (gsize i = 0; i < n; i++)
    if (r->rgba[4 * i + 3] < 1.0f - 1e-5f)
      return TRUE;
  return FALSE;
}

static mch_image_type
layer_type (gint32 drawable, const mc_aug_result *r)
{
  gboolean alpha = mch_drawable_has_alpha (drawable) || has_transparency (r);
  if (mch_drawable_is_gray (drawable))
    return alpha ? MCH_GRAYA_IMAGE : MCH_GRAY_IMAGE;
  return alpha ? MCH_RGBA_IMAGE : MCH_RGB_IMAGE;
}

static void
write_buffer (gint32 drawable, int w, int h, const char *format, const void *pixels)
{
  GeglBuffer *buf = mch_drawable_get_buffer (drawable);
  GeglRectangle rect = { 0, 0, w, h };
  gegl_buffer_set (buf, &rect, 0, babl_format (format), pixels, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush (buf);
  g_object_unref (buf);
  mch_drawable_update (drawable, 0, 0, w, h);
}

gint32
mc_augment_add_layer (gint32 image, gint32 group, gint position, gint32 drawable,
                      const mc_aug_plan *plan, const mc_aug_result *result)
{
  char name[1024];
  mc_aug_plan_text (plan, name, sizeof name);
  int w = result->width, h = result->height;
  gint32 layer = mch_layer_new (image, name, w, h, layer_type (drawable, result), 100.0);
  mch_image_insert_layer (image, layer, group, position);

  /* Right-angle turns and flips keep the top-left corner where it was (the layer is the numpy
   * array of the course); a grown canvas is centred so the picture turns about its middle. */
  gint ox, oy;
  mch_drawable_offsets (drawable, &ox, &oy);
  int dw = mch_drawable_width (drawable), dh = mch_drawable_height (drawable);
  gboolean same_frame = (w == dw && h == dh) || (w == dh && h == dw);
  if (!same_frame)
    {
      ox -= (w - dw) / 2;
      oy -= (h - dh) / 2;
    }
  mch_layer_set_offsets (layer, ox, oy);
  if (!mc_write_rgba_exact (layer, w, h, result->rgba))
    write_buffer (layer, w, h, "R'G'B'A float", result->rgba);
  else
    mch_drawable_update (layer, 0, 0, w, h);

  if (result->mask)
    {
      gint32 mask = mch_layer_create_mask_black (layer);
      mch_layer_add_mask (layer, mask);
      write_buffer (mask, w, h, "Y u8", result->mask);
      /* Added but not applied: the layer shows whole and the mask travels with it. */
      mch_layer_set_apply_mask (layer, FALSE);
    }
  return layer;
}
