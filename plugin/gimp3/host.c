/* host.c: plugin/mc_host.h for GIMP 3 (libgimp-3.0). The glue speaks integer IDs; libgimp 3
 * speaks objects. Each function turns IDs into objects (gimp_image_get_by_id,
 * gimp_item_get_by_id after checking that the ID is valid, so that a stale ID gives FALSE or -1
 * instead of a critical warning), calls the libgimp 3 function of the same meaning and turns
 * objects back into IDs. The objects are libgimp's cached proxies (transfer none): nothing here
 * is unreffed but GEGL colours, which this file makes. */
#include <libgimp/gimp.h>

#include "mc_host.h"

/* IDs and objects. */

static GimpImage *
image_of (gint32 id)
{
  if (id <= 0 || !gimp_image_id_is_valid (id))
    return NULL;
  return gimp_image_get_by_id (id);
}

static GimpItem *
item_of (gint32 id)
{
  if (id <= 0 || !gimp_item_id_is_valid (id))
    return NULL;
  return gimp_item_get_by_id (id);
}

static GimpDrawable *
drawable_of (gint32 id)
{
  GimpItem *item = item_of (id);
  return GIMP_IS_DRAWABLE (item) ? GIMP_DRAWABLE (item) : NULL;
}

static GimpLayer *
layer_of (gint32 id)
{
  GimpItem *item = item_of (id);
  return GIMP_IS_LAYER (item) ? GIMP_LAYER (item) : NULL;
}

static GimpChannel *
channel_of (gint32 id)
{
  GimpItem *item = item_of (id);
  return GIMP_IS_CHANNEL (item) ? GIMP_CHANNEL (item) : NULL;
}

static GimpTextLayer *
text_layer_of (gint32 id)
{
  GimpItem *item = item_of (id);
  return GIMP_IS_TEXT_LAYER (item) ? GIMP_TEXT_LAYER (item) : NULL;
}

static gint32
image_id (GimpImage *image)
{
  return image ? gimp_image_get_id (image) : -1;
}

static gint32
item_id (gpointer item)
{
  return GIMP_IS_ITEM (item) ? gimp_item_get_id (GIMP_ITEM (item)) : -1;
}

/* A colour given as R'G'B' in [0, 1], as GIMP 2.10's GimpRGB was (unref it). */
static GeglColor *
colour_new (gdouble r, gdouble g, gdouble b)
{
  GeglColor *colour = gegl_color_new (NULL);
  const gdouble rgba[4] = { r, g, b, 1.0 };
  gegl_color_set_pixel (colour, babl_format ("R'G'B'A double"), rgba);
  return colour;
}

/* Progress and displays. */

void
mch_progress_init (const gchar *text)
{
  gimp_progress_init (text);
}

void
mch_progress_update (gdouble fraction)
{
  gimp_progress_update (fraction);
}

void
mch_progress_set_text (const gchar *text)
{
  gimp_progress_set_text (text);
}

void
mch_displays_flush (void)
{
  gimp_displays_flush ();
}

void
mch_display_new (gint32 image)
{
  GimpImage *img = image_of (image);
  if (img)
    gimp_display_new (img);
}

void
mch_message (const gchar *text)
{
  g_message ("%s", text);
}

/* Images. */

gboolean
mch_image_is_valid (gint32 image)
{
  return image > 0 && gimp_image_id_is_valid (image);
}

gint32
mch_image_new (gint width, gint height, mch_base_type type)
{
  return image_id (gimp_image_new (width, height, (GimpImageBaseType) type));
}

gint
mch_image_width (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_get_width (img) : 0;
}

gint
mch_image_height (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_get_height (img) : 0;
}

mch_base_type
mch_image_base_type (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? (mch_base_type) gimp_image_get_base_type (img) : MCH_RGB;
}

gchar *
mch_image_get_name (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_get_name (img) : NULL;
}

gint32
mch_image_get_layer_by_name (gint32 image, const gchar *name)
{
  GimpImage *img = image_of (image);
  return img ? item_id (gimp_image_get_layer_by_name (img, name)) : -1;
}

gint32
mch_image_get_channel_by_name (gint32 image, const gchar *name)
{
  GimpImage *img = image_of (image);
  return img ? item_id (gimp_image_get_channel_by_name (img, name)) : -1;
}

gint
mch_image_get_item_position (gint32 image, gint32 item)
{
  GimpImage *img = image_of (image);
  GimpItem *it = item_of (item);
  return img && it ? gimp_image_get_item_position (img, it) : -1;
}

gboolean
mch_image_insert_layer (gint32 image, gint32 layer, gint32 parent, gint position)
{
  GimpImage *img = image_of (image);
  GimpLayer *l = layer_of (layer);
  GimpLayer *p = parent > 0 ? layer_of (parent) : NULL;
  if (!img || !l || (parent > 0 && !p))
    return FALSE;
  return gimp_image_insert_layer (img, l, p, position);
}

gboolean
mch_image_insert_channel (gint32 image, gint32 channel, gint32 parent, gint position)
{
  GimpImage *img = image_of (image);
  GimpChannel *c = channel_of (channel);
  GimpChannel *p = parent > 0 ? channel_of (parent) : NULL;
  if (!img || !c || (parent > 0 && !p))
    return FALSE;
  return gimp_image_insert_channel (img, c, p, position);
}

gboolean
mch_image_remove_layer (gint32 image, gint32 layer)
{
  GimpImage *img = image_of (image);
  GimpLayer *l = layer_of (layer);
  return img && l ? gimp_image_remove_layer (img, l) : FALSE;
}

gboolean
mch_image_remove_channel (gint32 image, gint32 channel)
{
  GimpImage *img = image_of (image);
  GimpChannel *c = channel_of (channel);
  return img && c ? gimp_image_remove_channel (img, c) : FALSE;
}

gint32
mch_image_get_selection (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? item_id (gimp_image_get_selection (img)) : -1;
}

gboolean
mch_image_undo_group_start (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_undo_group_start (img) : FALSE;
}

gboolean
mch_image_undo_group_end (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_undo_group_end (img) : FALSE;
}

gboolean
mch_image_undo_disable (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_undo_disable (img) : FALSE;
}

gboolean
mch_image_undo_enable (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? gimp_image_undo_enable (img) : FALSE;
}

gboolean
mch_selection_bounds (gint32 image, gboolean *non_empty, gint *x1, gint *y1, gint *x2, gint *y2)
{
  GimpImage *img = image_of (image);
  if (!img)
    {
      *non_empty = FALSE;
      return FALSE;
    }
  return gimp_selection_bounds (img, non_empty, x1, y1, x2, y2);
}

/* Items. */

gboolean
mch_item_is_valid (gint32 item)
{
  return item > 0 && gimp_item_id_is_valid (item);
}

gboolean
mch_item_is_drawable (gint32 item)
{
  return item > 0 && gimp_item_id_is_drawable (item);
}

gboolean
mch_item_is_layer (gint32 item)
{
  return item > 0 && gimp_item_id_is_layer (item);
}

gboolean
mch_item_is_group (gint32 item)
{
  GimpItem *it = item_of (item);
  return it ? gimp_item_is_group (it) : FALSE;
}

gboolean
mch_item_is_layer_mask (gint32 item)
{
  return item > 0 && gimp_item_id_is_layer_mask (item);
}

gint32
mch_item_get_image (gint32 item)
{
  GimpItem *it = item_of (item);
  return it ? image_id (gimp_item_get_image (it)) : -1;
}

gint32
mch_item_get_parent (gint32 item)
{
  GimpItem *it = item_of (item);
  return it ? item_id (gimp_item_get_parent (it)) : -1;
}

gboolean
mch_item_set_name (gint32 item, const gchar *name)
{
  GimpItem *it = item_of (item);
  return it ? gimp_item_set_name (it, name) : FALSE;
}

gboolean
mch_item_set_visible (gint32 item, gboolean visible)
{
  GimpItem *it = item_of (item);
  return it ? gimp_item_set_visible (it, visible) : FALSE;
}

/* Drawables. */

gint
mch_drawable_width (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_get_width (d) : 0;
}

gint
mch_drawable_height (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_get_height (d) : 0;
}

gboolean
mch_drawable_offsets (gint32 drawable, gint *x, gint *y)
{
  GimpDrawable *d = drawable_of (drawable);
  if (!d)
    {
      *x = *y = 0;
      return FALSE;
    }
  return gimp_drawable_get_offsets (d, x, y);
}

gboolean
mch_drawable_is_indexed (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_is_indexed (d) : FALSE;
}

gboolean
mch_drawable_is_gray (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_is_gray (d) : FALSE;
}

gboolean
mch_drawable_has_alpha (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_has_alpha (d) : FALSE;
}

gboolean
mch_drawable_mask_intersect (gint32 drawable, gint *x, gint *y, gint *width, gint *height)
{
  GimpDrawable *d = drawable_of (drawable);
  if (!d)
    {
      *x = *y = *width = *height = 0;
      return FALSE;
    }
  return gimp_drawable_mask_intersect (d, x, y, width, height);
}

GeglBuffer *
mch_drawable_get_buffer (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_get_buffer (d) : NULL;
}

GeglBuffer *
mch_drawable_get_shadow_buffer (gint32 drawable)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_get_shadow_buffer (d) : NULL;
}

gboolean
mch_drawable_merge_shadow (gint32 drawable, gboolean push_undo)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_merge_shadow (d, push_undo) : FALSE;
}

gboolean
mch_drawable_update (gint32 drawable, gint x, gint y, gint width, gint height)
{
  GimpDrawable *d = drawable_of (drawable);
  return d ? gimp_drawable_update (d, x, y, width, height) : FALSE;
}

/* Layers, channels, masks, text. */

gint32
mch_layer_new (gint32 image, const gchar *name, gint width, gint height, mch_image_type type,
               gdouble opacity)
{
  GimpImage *img = image_of (image);
  if (!img)
    return -1;
  return item_id (gimp_layer_new (img, name, width, height, (GimpImageType) type, opacity,
                                  GIMP_LAYER_MODE_NORMAL));
}

gint32
mch_layer_copy (gint32 layer)
{
  GimpLayer *l = layer_of (layer);
  return l ? item_id (gimp_layer_copy (l)) : -1;
}

gint32
mch_layer_group_new (gint32 image)
{
  GimpImage *img = image_of (image);
  return img ? item_id (gimp_group_layer_new (img, NULL)) : -1;
}

gboolean
mch_layer_set_offsets (gint32 layer, gint x, gint y)
{
  GimpLayer *l = layer_of (layer);
  return l ? gimp_layer_set_offsets (l, x, y) : FALSE;
}

gint32
mch_layer_from_mask (gint32 mask)
{
  GimpItem *it = item_of (mask);
  if (!GIMP_IS_LAYER_MASK (it))
    return -1;
  return item_id (gimp_layer_from_mask (GIMP_LAYER_MASK (it)));
}

gint32
mch_layer_create_mask_black (gint32 layer)
{
  GimpLayer *l = layer_of (layer);
  return l ? item_id (gimp_layer_create_mask (l, GIMP_ADD_MASK_BLACK)) : -1;
}

gboolean
mch_layer_add_mask (gint32 layer, gint32 mask)
{
  GimpLayer *l = layer_of (layer);
  GimpItem *m = item_of (mask);
  if (!l || !GIMP_IS_LAYER_MASK (m))
    return FALSE;
  return gimp_layer_add_mask (l, GIMP_LAYER_MASK (m));
}

gboolean
mch_layer_set_apply_mask (gint32 layer, gboolean apply)
{
  GimpLayer *l = layer_of (layer);
  return l ? gimp_layer_set_apply_mask (l, apply) : FALSE;
}

gint32
mch_channel_new (gint32 image, const gchar *name, gint width, gint height, gdouble opacity,
                 gdouble r, gdouble g, gdouble b)
{
  GimpImage *img = image_of (image);
  if (!img)
    return -1;
  GeglColor *colour = colour_new (r, g, b);
  gint32 id = item_id (gimp_channel_new (img, name, width, height, opacity, colour));
  g_object_unref (colour);
  return id;
}

gint32
mch_text_layer_new (gint32 image, const gchar *text, const gchar *font, gdouble size_px)
{
  GimpImage *img = image_of (image);
  GimpFont *f = font ? gimp_font_get_by_name (font) : NULL;
  if (!img || !f)
    return -1; /* no fonts (gimp -f) or no such font */
  return item_id (gimp_text_layer_new (img, text, f, size_px, gimp_unit_pixel ()));
}

gboolean
mch_text_layer_set_font_size (gint32 layer, gdouble size_px)
{
  GimpTextLayer *t = text_layer_of (layer);
  return t ? gimp_text_layer_set_font_size (t, size_px, gimp_unit_pixel ()) : FALSE;
}

gboolean
mch_text_layer_set_color (gint32 layer, gdouble r, gdouble g, gdouble b)
{
  GimpTextLayer *t = text_layer_of (layer);
  if (!t)
    return FALSE;
  GeglColor *colour = colour_new (r, g, b);
  gboolean ok = gimp_text_layer_set_color (t, colour);
  g_object_unref (colour);
  return ok;
}
