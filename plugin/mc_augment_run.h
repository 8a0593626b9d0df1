/* mc_augment_run.h: data augmentation of a layer, shared by plug-in-medclust-augment, its
 * dialog's preview and plug-in-medclust-augment-files: the recipe parsed with a message in the
 * procedure's words, the source pixels (layer, "Lesion mask", the layers mix needs) read once,
 * one plan applied to them, and the result turned into a new layer with its layer mask. */
#ifndef MC_AUGMENT_RUN_H
#define MC_AUGMENT_RUN_H

#include <glib.h>
#include <stdint.h>

#include "mc_augment.h"

#define MC_AUGMENT_PROC "plug-in-medclust-augment"
#define MC_AUGMENT_FILES_PROC "plug-in-medclust-augment-files"
#define MC_AUGMENT_MASK_CHANNEL "Lesion mask" /* the channel moved along with the pixels */
#define MC_AUGMENT_GROUP "Augmented"           /* the layer group that receives the new layers */
#define MC_AUGMENT_DEFAULT_RECIPE "rotate 90; flip h; flip v; blur 2" /* the course's set */
#define MC_AUGMENT_MAX_REPEATS 1000
#define MC_AUGMENT_MAX_LAYERS 1000 /* variants x repeats of one augment call (each is a layer) */
#define MC_AUGMENT_PATH_MAX 4096   /* bytes of a pattern or folder kept in the last values */

/* plug-in-medclust-augment's parameters after run-mode, image and drawable (also the
 * last-values record). Its defaults are in the procedure's table:
 * mc_vals_default (&mc_proc_augment, vals). */
typedef struct
{
  gchar recipe[MC_RECIPE_MAX_LENGTH + 1]; /* default MC_AUGMENT_DEFAULT_RECIPE */
  gint32 repeats;                         /* 1..MC_AUGMENT_MAX_REPEATS, default 1 */
  gint32 seed;                            /* any, default 0 */
} mc_augment_vals;

/* plug-in-medclust-augment-files' parameters after run-mode (also the last-values record).
 * Defaults: mc_vals_default (&mc_proc_augment_files, vals). */
typedef struct
{
  gchar pattern[MC_AUGMENT_PATH_MAX];   /* glob of the input images; default "" */
  gchar masks_dir[MC_AUGMENT_PATH_MAX]; /* folder of <base>.png masks; "" = none (default) */
  gchar out_dir[MC_AUGMENT_PATH_MAX];   /* output folder; default "" */
  mc_augment_vals aug;                  /* recipe, repeats, seed as plug-in-medclust-augment */
} mc_augment_files_vals;

/* Parses text for procedure proc. Returns the recipe, or NULL with *error set (g_free) to a
 * message that names the parameter, quotes the recipe and gives the parser's position, found
 * text and what was expected. */
mc_recipe *mc_augment_parse (const char *proc, const char *text, gchar **error);

/* The pixels a recipe works on: the whole layer (augmentation ignores the selection: rotations
 * and flips change the frame, so a partial result has no place to go), or a smaller copy of it
 * for a preview. */
typedef struct
{
  int width, height;
  double scale;        /* width / the layer's width: 1, or < 1 for a preview copy */
  float *rgba;         /* width*height*4 R'G'B'A float in [0, 1] (alpha 1 without an alpha
                          channel) */
  uint8_t *mask;       /* width*height: the "Lesion mask" channel under the layer (0 outside the
                          image), or NULL when the image has no such channel */
  int n_layers;        /* the layers the recipe's mix operations name, in the recipe's order */
  gchar **layer_names; /* n_layers names */
  float **layer_rgba;  /* n_layers buffers of width*height*4, each the other layer's pixels in
                          this layer's frame (image coordinates match; transparent outside it) */
} mc_augment_source;

/* Reads drawable (a layer of image) with its mask and the layers recipe mixes with (recipe may
 * be NULL: no mix layers). max_side 0 reads every pixel; otherwise the copy is shrunk by GEGL so
 * that its longer side is at most max_side (for previews). FALSE with *error (g_free) when a mix
 * layer is missing, naming it, or memory runs out; nothing is changed in the image. */
gboolean mc_augment_source_read (gint32 image, gint32 drawable, const mc_recipe *recipe,
                                 int max_side, mc_augment_source *src, gchar **error);
/* Wraps plain buffers (augment-files): the source takes them over (mc_augment_source_free frees
 * them with g_free); mask may be NULL; no mix layers; scale 1. */
void mc_augment_source_wrap (mc_augment_source *src, float *rgba, uint8_t *mask, int width,
                             int height);
void mc_augment_source_free (mc_augment_source *src);

/* Applies plan to src. On a preview copy (scale < 1) blur sigmas are multiplied by the scale so
 * the preview looks like the result. result is freed with mc_aug_result_clear. */
mc_status mc_augment_apply (const mc_augment_source *src, const mc_aug_plan *plan,
                            mc_aug_result *result, const mc_monitor *monitor);

/* Creates an empty layer group MC_AUGMENT_GROUP directly above drawable (in its parent). */
gint32 mc_augment_insert_group (gint32 image, gint32 drawable);
/* Adds result as a new layer named after plan at position (0 = top) of group: the drawable's
 * kind (RGB or grey, with alpha when the drawable or the result has transparency), placed at
 * the drawable's offsets, or centred on the drawable when the canvas grew (a rotation that is
 * not a multiple of 90). With a mask, it becomes the layer's mask, not applied. Returns the
 * layer. */
gint32 mc_augment_add_layer (gint32 image, gint32 group, gint position, gint32 drawable,
                             const mc_aug_plan *plan, const mc_aug_result *result);

#endif
