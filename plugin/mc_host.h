/* mc_host.h: the whole interface between the host-neutral glue and a GIMP. Items and images
 * are integer IDs (GIMP 2.10's IDs; GIMP 3's gimp_item_get_id), and every function has the
 * meaning of the GIMP 2.10 function of the same name without the "mch_" prefix. One file per
 * host implements it: plugin/gimp2/host.c (libgimp 2.0), plugin/gimp3/host.c (libgimp 3.0).
 * An adapter only translates; what to do is decided in the glue. */
#ifndef MC_HOST_H
#define MC_HOST_H

#include <gegl.h>
#include <glib.h>

/* Image and layer types, numbered as GIMP's GimpImageBaseType and GimpImageType. */
typedef enum
{
  MCH_RGB = 0,
  MCH_GRAY = 1,
  MCH_INDEXED = 2
} mch_base_type;

typedef enum
{
  MCH_RGB_IMAGE = 0,
  MCH_RGBA_IMAGE = 1,
  MCH_GRAY_IMAGE = 2,
  MCH_GRAYA_IMAGE = 3
} mch_image_type;

/* Progress and displays. */
void mch_progress_init (const gchar *text);
void mch_progress_update (gdouble fraction);
void mch_progress_set_text (const gchar *text);
void mch_displays_flush (void);
void mch_display_new (gint32 image);
/* A message to the user (a dialog when interactive, stderr in batch). */
void mch_message (const gchar *text);

/* Images. */
gboolean mch_image_is_valid (gint32 image);
gint32 mch_image_new (gint width, gint height, mch_base_type type);
gint mch_image_width (gint32 image);
gint mch_image_height (gint32 image);
mch_base_type mch_image_base_type (gint32 image);
gchar *mch_image_get_name (gint32 image); /* g_free */
gint32 mch_image_get_layer_by_name (gint32 image, const gchar *name);   /* -1: none */
gint32 mch_image_get_channel_by_name (gint32 image, const gchar *name); /* -1: none */
gint mch_image_get_item_position (gint32 image, gint32 item);
gboolean mch_image_insert_layer (gint32 image, gint32 layer, gint32 parent, gint position);
gboolean mch_image_insert_channel (gint32 image, gint32 channel, gint32 parent, gint position);
gboolean mch_image_remove_layer (gint32 image, gint32 layer);
gboolean mch_image_remove_channel (gint32 image, gint32 channel);
gint32 mch_image_get_selection (gint32 image);
gboolean mch_image_undo_group_start (gint32 image);
gboolean mch_image_undo_group_end (gint32 image);
gboolean mch_image_undo_disable (gint32 image);
gboolean mch_image_undo_enable (gint32 image);
/* Selection bounds in image coordinates (x2, y2 exclusive); *non_empty FALSE without one. */
gboolean mch_selection_bounds (gint32 image, gboolean *non_empty, gint *x1, gint *y1, gint *x2,
                               gint *y2);

/* Items. */
gboolean mch_item_is_valid (gint32 item);
gboolean mch_item_is_drawable (gint32 item);
gboolean mch_item_is_layer (gint32 item);
gboolean mch_item_is_group (gint32 item);
gboolean mch_item_is_layer_mask (gint32 item);
gint32 mch_item_get_image (gint32 item);
gint32 mch_item_get_parent (gint32 item); /* 0 or -1: top level */
gboolean mch_item_set_name (gint32 item, const gchar *name);
gboolean mch_item_set_visible (gint32 item, gboolean visible);

/* Drawables. Buffers are GEGL's own: unref them (the shadow buffer before merging). */
gint mch_drawable_width (gint32 drawable);
gint mch_drawable_height (gint32 drawable);
gboolean mch_drawable_offsets (gint32 drawable, gint *x, gint *y);
gboolean mch_drawable_is_indexed (gint32 drawable);
gboolean mch_drawable_is_gray (gint32 drawable);
gboolean mch_drawable_has_alpha (gint32 drawable);
gboolean mch_drawable_mask_intersect (gint32 drawable, gint *x, gint *y, gint *width,
                                      gint *height);
GeglBuffer *mch_drawable_get_buffer (gint32 drawable);
GeglBuffer *mch_drawable_get_shadow_buffer (gint32 drawable);
gboolean mch_drawable_merge_shadow (gint32 drawable, gboolean push_undo);
gboolean mch_drawable_update (gint32 drawable, gint x, gint y, gint width, gint height);

/* Layers, channels, masks, text. */
gint32 mch_layer_new (gint32 image, const gchar *name, gint width, gint height,
                      mch_image_type type, gdouble opacity); /* normal mode */
gint32 mch_layer_copy (gint32 layer);
gint32 mch_layer_group_new (gint32 image);
gboolean mch_layer_set_offsets (gint32 layer, gint x, gint y);
gint32 mch_layer_from_mask (gint32 mask);
gint32 mch_layer_create_mask_black (gint32 layer);
gboolean mch_layer_add_mask (gint32 layer, gint32 mask);
gboolean mch_layer_set_apply_mask (gint32 layer, gboolean apply);
/* A channel of the image's size; colour r, g, b in [0, 1]. */
gint32 mch_channel_new (gint32 image, const gchar *name, gint width, gint height,
                        gdouble opacity, gdouble r, gdouble g, gdouble b);
/* A text layer in font (e.g. "Sans-serif Bold") of size_px pixels; -1 when it cannot be made
 * (no fonts). */
gint32 mch_text_layer_new (gint32 image, const gchar *text, const gchar *font, gdouble size_px);
gboolean mch_text_layer_set_font_size (gint32 layer, gdouble size_px);
gboolean mch_text_layer_set_color (gint32 layer, gdouble r, gdouble g, gdouble b);

#endif
