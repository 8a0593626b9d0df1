/* mc_pixels.h: moving pixels between GIMP drawables (GEGL buffers, any precision, RGB or grey)
 * and the core's plain float buffers, honouring the selection and alpha. */
#ifndef MC_PIXELS_H
#define MC_PIXELS_H

#include <glib.h>
#include "mc_host.h"
#include <stdint.h>

/* The part of a drawable a procedure works on: the bounding box of the selection (the whole
 * drawable without one), its pixels as R'G'B'A float, and which of them are analysed. */
typedef struct
{
  gint32 drawable;
  gint x, y;          /* box origin in drawable coordinates */
  gint width, height; /* box size */
  float *rgba;        /* width*height*4, R'G'B'A in [0, 1] */
  uint8_t *valid;     /* width*height: 1 = analysed (selected and not fully transparent) */
  size_t n_valid;     /* number of analysed pixels */
  gboolean dense;     /* set by mc_region_read_rgb24: no selection, and every pixel of the box
                         is analysed and opaque, so its packed colours are the whole box */
} mc_region;

/* Reads the drawable's selection box. Fails (FALSE, message in *error) when the selection does
 * not touch the drawable or no pixel is analysed. Free with mc_region_free. */
gboolean mc_region_read (gint32 drawable, mc_region *region, gchar **error);
/* The same, narrowed to the part of the drawable on the image's canvas: for results that are
 * image-sized (segment's "Lesion mask" channel can hold only that part, so its numbers must
 * describe only that part too). */
gboolean mc_region_read_in_canvas (gint32 drawable, mc_region *region, gchar **error);
void mc_region_free (mc_region *region);
/* A rectangle of the drawable (drawable coordinates) as R'G'B'A float (width * height * 4): integer
 * layers (8 or 16 bits, grey or RGB) read in their own format and converted exactly by
 * mc_pixels_from_u8/u16, strip by strip; other formats through babl. mc_region_read reads so. */
void mc_read_rgba (gint32 drawable, gint x, gint y, gint width, gint height, float *rgba);
/* Only the box of mc_region_read (in_canvas: of mc_region_read_in_canvas): pixels not read. */
gboolean mc_region_box (gint32 drawable, gboolean in_canvas, mc_region *region, gchar **error);
/* Selection coverage over a box of the drawable (drawable coordinates), in [0, 1], or NULL when
 * the image has no selection. g_free. A pixel is analysed when its coverage is >= 0.5. */
float *mc_read_selection (gint32 drawable, gint x, gint y, gint width, gint height);

/* ---- 8-bit layers (pixels8.c) ---------------------------------------------------------------
 * A drawable stored as 8-bit non-linear R'G'B' or R'G'B'A is read and written in its own bytes,
 * strip by strip: no float copy of the layer (16 bytes a pixel). Its bytes are exactly the
 * colours the float path reads (v / 255), so the results are the same. */
gboolean mc_drawable_is_rgb8 (gint32 drawable);
/* The region's box and n_valid (rgba and valid stay NULL) and, in *rgb (g_free), the analysed
 * pixels' colours packed 0xRRGGBB in row order: the pixels mc_region_pack_rgb gives. */
gboolean mc_region_read_rgb24 (gint32 drawable, gboolean in_canvas, mc_region *region,
                               uint32_t **rgb, gchar **error);
/* The region's box, valid and n_valid (rgba stays NULL) and, in *bytes (g_free), every pixel of
 * the box in the drawable's own 8-bit format (*bpp 3: R'G'B', 4: R'G'B'A): 3 or 4 bytes a pixel
 * where mc_region_read takes 16. */
gboolean mc_region_read_bytes (gint32 drawable, gboolean in_canvas, mc_region *region,
                               uint8_t **bytes, int *bpp, gchar **error);
/* Writes R'G'B'A float pixels (width * height * 4, from the origin) into an 8-bit R'G'B'(A)
 * drawable's buffer, converted by mc_pixels_to_u8 strip by strip (alpha dropped when the layer
 * has none); FALSE, nothing written, for another kind of drawable. */
gboolean mc_write_rgba_exact (gint32 drawable, gint width, gint height, const float *rgba);
/* Rewrites the region's box of target (the same size, offsets and format as the region's
 * drawable): strip after strip, the drawable's bytes (bpp 3: R'G'B', 4: R'G'B'A) go to fn with
 * their analysed flags (the rule of mc_region_read), fn changes them in place, and they are
 * written to target's shadow buffer; then the shadow is merged (the selection masks it) and the
 * view updated. */
typedef void (*mc_strip_fn) (void *ctx, uint8_t *px, int bpp, const uint8_t *valid, size_t n);
void mc_region_rewrite_u8 (const mc_region *region, gint32 target, mc_strip_fn fn, void *ctx);
/* mc_region_rewrite_u8 for a dense region (see mc_region): the strips are made from the packed
 * colours the region was read into (opaque), not read from the drawable again: one transfer of
 * the layer's tiles from GIMP saved. new_layer: target is a layer made for the result in this
 * call (its creation is the undo step): written directly, without the shadow and its merge. */
void mc_region_rewrite_codes (const mc_region *region, gint32 target, gboolean new_layer,
                              const uint32_t *rgb, mc_strip_fn fn, void *ctx);

/* Packs the analysed pixels' R'G'B' into n_valid triples (caller frees with g_free). */
float *mc_region_pack_rgb (const mc_region *region);
/* The same, converted to another babl format with three float components ("CIE Lab float"). */
float *mc_region_pack_format (const mc_region *region, const char *format3);

/* Writes rgba (width*height*4 R'G'B'A float, the region's box) into target (the same size and
 * offsets as the region's drawable) through its shadow buffer, then merges it (the selection
 * masks the merge) and updates the view. */
void mc_region_write (const mc_region *region, gint32 target, const float *rgba);

/* Converts n triples between babl formats (e.g. "CIE Lab float" -> "R'G'B' float"). */
void mc_convert_triples (const char *from, const char *to, const float *src, float *dst, size_t n);

/* Called first in main, before GIMP or GEGL start babl: babl's cache of conversion paths is not
 * read. That cache is the user's (GIMP's own conversions fill it), and loading it made babl build
 * lookup tables for the busiest 8-bit paths at start-up: 1.1 s and a 360 MB peak in every call of
 * the plug-in, whatever it did. The plug-in converts 8-bit pixels itself (exactly), so babl is left
 * with few and cheap paths to find. A BABL_INHIBIT_CACHE set by the user is kept. */
void mc_gegl_prepare (void);

/* Calls gegl_init once per process. */
void mc_gegl_ensure (void);

#endif
