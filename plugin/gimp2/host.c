/* host.c: plugin/mc_host.h for GIMP 2.10 (libgimp 2.0). Items are GIMP 2.10's own IDs, so each
 * function forwards to the libgimp function of the same name. */
#include <gtk/gtk.h>
#include <libgimp/gimp.h>

#include "mc_host.h"

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
  /* Only where a display can be opened: an interactive call may have fallen back to batch. */
  if (gtk_init_check (NULL, NULL))
    gimp_display_new (image);
}
void
mch_message (const gchar *text)
{
  g_message ("%s", text);
}

gboolean
mch_image_is_valid (gint32 image)
{
  return gimp_image_is_valid (image);
}
gint32
mch_image_new (gint width, gint height, mch_base_type type)
{
  return gimp_image_new (width, height, (GimpImageBaseType)type);
}
gint
mch_image_width (gint32 image)
{
  return gimp_image_width (image);
}
gint
mch_image_height (gint32 image)
{
  return gimp_image_height (image);
}
mch_base_type
mch_image_base_type (gint32 image)
{
  return (mch_base_type)gimp_image_base_type (image);
}
gchar *
mch_image_get_name (gint32 image)
{
  return gimp_image_get_name (image);
}
gint32
mch_image_get_layer_by_name (gint32 image, const gchar *name)
{
  return gimp_image_get_layer_by_name (image, name);
}
gint32
mch_image_get_channel_by_name (gint32 image, const gchar *name)
{
  return gimp_image_get_channel_by_name (image, name);
}
gint
mch_image_get_item_position (gint32 image, gint32 item)
{
  return gimp_image_get_item_position (image, item);
}
gboolean
mch_image_insert_layer (gint32 image, gint32 layer, gint32 parent, gint position)
{
  return gimp_image_insert_layer (image, layer, parent > 0 ? parent : 0, position);
}
gboolean
mch_image_insert_channel (gint32 image, gint32 channel, gint32 parent, gint position)
{
  return gimp_image_insert_channel (image, channel, parent > 0 ? parent : 0, position);
}
gboolean
mch_image_remove_layer (gint32 image, gint32 layer)
{
  return gimp_image_remove_layer (image, layer);
}
gboolean
mch_image_remove_channel (gint32 image, gint32 channel)
{
  return gimp_image_remove_channel (image, channel);
}
gint32
mch_image_get_selection (gint32 image)
{
  return gimp_image_get_selection (image);
}
gboolean
mch_image_undo_group_start (gint32 image)
{
  return gimp_image_undo_group_start (image);
}
gboolean
mch_image_undo_group_end (gint32 image)
{
  return gimp_image_undo_group_end (image);
}
gboolean
mch_image_undo_disable (gint32 image)
{
  return gimp_image_undo_disable (image);
}
gboolean
mch_image_undo_enable (gint32 image)
{
  return gimp_image_undo_enable (image);
}
gboolean
mch_selection_bounds (gint32 image, gboolean *non_empty, gint *x1, gint *y1, gint *x2, gint *y2)
{
  return gimp_selection_bounds (image, non_empty, x1, y1, x2, y2);
}

gboolean
mch_item_is_valid (gint32 item)
{
  return gimp_item_is_valid (item);
}
gboolean
mch_item_is_drawable (gint32 item)
{
  return gimp_item_is_drawable (item);
}
gboolean
mch_item_is_layer (gint32 item)
{
  return gimp_item_is_layer (item);
}
gboolean
mch_item_is_group (gint32 item)
{
  return gimp_item_is_group (item);
}
gboolean
mch_item_is_layer_mask (gint32 item)
{
  return gimp_item_is_layer_mask (item);
}
gint32
mch_item_get_image (gint32 item)
{
  return gimp_item_get_image (item);
}
gint32
mch_item_get_parent (gint32 item)
{
  return gimp_item_get_parent (item);
}
gboolean
mch_item_set_name (gint32 item, const gchar *name)
{
  return gimp_item_set_name (item, name);
}
gboolean
mch_item_set_visible (gint32 item, gboolean visible)
{
  return gimp_item_set_visible (item, visible);
}

gint
mch_drawable_width (gint32 drawable)
{
  return gimp_drawable_width (drawable);
}
gint
mch_drawable_height (gint32 drawable)
{
  return gimp_drawable_height (drawable);
}
gboolean
mch_drawable_offsets (gint32 drawable, gint *x, gint *y)
{
  return gimp_drawable_offsets (drawable, x, y);
}
gboolean
mch_drawable_is_indexed (gint32 drawable)
{
  return gimp_drawable_is_indexed (drawable);
}
gboolean
mch_drawable_is_gray (gint32 drawable)
{
  return gimp_drawable_is_gray (drawable);
}
gboolean
mch_drawable_has_alpha (gint32 drawable)
{
  return gimp_drawable_has_alpha (drawable);
}
gboolean
mch_drawable_mask_intersect (gint32 drawable, gint *x, gint *y, gint *width, gint *height)
{
  return gimp_drawable_mask_intersect (drawable, x, y, width, height);
}
GeglBuffer *
mch_drawable_get_buffer (gint32 drawable)
{
  return gimp_drawable_get_buffer (drawable);
}
GeglBuffer *
mch_drawable_get_shadow_buffer (gint32 drawable)
{
  return gimp_drawable_get_shadow_buffer (drawable);
}
gboolean
mch_drawable_merge_shadow (gint32 drawable, gboolean push_undo)
{
  return gimp_drawable_merge_shadow (drawable, push_undo);
}
gboolean
mch_drawable_update (gint32 drawable, gint x, gint y, gint width, gint height)
{
  return gimp_drawable_update (drawable, x, y, width, height);
}

gint32
mch_layer_new (gint32 image, const gchar *name, gint width, gint height, mch_image_type type,
               gdouble opacity)
{
  return gimp_layer_new (image, name, width, height, (GimpImageType)type, opacity,
                         GIMP_LAYER_MODE_NORMAL);
}
gint32
mch_layer_copy (gint32 layer)
{
  return gimp_layer_copy (layer);
}
gint32
mch_layer_group_new (gint32 image)
{
  return gimp_layer_group_new (image);
}
gboolean
mch_layer_set_offsets (gint32 layer, gint x, gint y)
{
  return gimp_layer_set_offsets (layer, x, y);
}
gint32
mch_layer_from_mask (gint32 mask)
{
  return gimp_layer_from_mask (mask);
}
gint32
mch_layer_create_mask_black (gint32 layer)
{
  return gimp_layer_create_mask (layer, GIMP_ADD_MASK_BLACK);
}
gboolean
mch_layer_add_mask (gint32 layer, gint32 mask)
{
  return gimp_layer_add_mask (layer, mask);
}
gboolean
mch_layer_set_apply_mask (gint32 layer, gboolean apply)
{
  return gimp_layer_set_apply_mask (layer, apply);
}
gint32
mch_channel_new (gint32 image, const gchar *name, gint width, gint height, gdouble opacity,
                 gdouble r, gdouble g, gdouble b)
{
  GimpRGB colour = { r, g, b, 1.0 };
  return gimp_channel_new (image, name, width, height, opacity, &colour);
}
gint32
mch_text_layer_new (gint32 image, const gchar *text, const gchar *font, gdouble size_px)
{
  return gimp_text_layer_new (image, text, font, size_px, GIMP_UNIT_PIXEL);
}
gboolean
mch_text_layer_set_font_size (gint32 layer, gdouble size_px)
{
  return gimp_text_layer_set_font_size (layer, size_px, GIMP_UNIT_PIXEL);
}
gboolean
mch_text_layer_set_color (gint32 layer, gdouble r, gdouble g, gdouble b)
{
  GimpRGB colour = { r, g, b, 1.0 };
  return gimp_text_layer_set_color (layer, &colour);
}
