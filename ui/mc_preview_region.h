/* mc_preview_region.h: the host-neutral half of the dialogs' live preview (ui/gtk2 and ui/gtk3
 * mc_preview.h): the reduced copy of the analysed region the fits see, read through mc_host.h;
 * the visible pixels as a view, converted from and to the zoom preview's 8-bit layouts; and the
 * mapping of view pixels onto the reduced copy, for overlays. No GTK, no libgimp. */
#ifndef MC_PREVIEW_REGION_H
#define MC_PREVIEW_REGION_H

#include "mc_common.h"
#include "mc_pixels.h"

/* Default longer side, in pixels, of the reduced copy the fit sees (a few ms for k-means). */
#define MC_PREVIEW_REDUCED_SIDE 400

/* The pixels the preview shows now. */
typedef struct
{
  mc_region pixels; /* width x height visible pixels, R'G'B'A in [0, 1] at the zoom's scale;
                       x, y = the drawable pixel at the top-left corner; valid = not fully
                       transparent (the selection is applied when the result is drawn) */
  gdouble scale;    /* preview pixels per drawable pixel (> 0; 1 = actual pixels) */
} mc_preview_view;

/* Reads the reduced copy r of drawable's analysed region (the selection's box, or the whole
 * drawable) whose longer side is at most side: each of its pixels averages factor x factor
 * drawable pixels (only the analysed ones; a pixel is analysed when at least half of its block
 * is). FALSE with *error when there is no pixel to analyse. */
gboolean mc_preview_read_reduced (gint32 drawable, gint side, mc_region *r, gint *factor,
                                  gchar **error);

/* Fills view->pixels (width w, height h) from the zoom preview's 8-bit pixels src (grey, grey +
 * alpha, RGB or RGBA by bpp). Leaves pixels.x, pixels.y and scale for the caller (0, 0, 0). */
void mc_preview_view_from_bytes (gint32 drawable, const guchar *src, gint w, gint h, gint bpp,
                                 mc_preview_view *view);

/* Turns n R'G'B'A pixels of a result back into the 8-bit layout of bpp bytes per pixel. */
void mc_preview_bytes_from_result (const float *out, gsize n, gint bpp, guchar *dst);

/* The index into reduced (of reduction factor) of the view pixel (u, v), or -1 outside. */
gssize mc_preview_region_index (const mc_region *reduced, gint factor,
                                const mc_preview_view *view, gint u, gint v);

/* Draws the border of mask (one byte per reduced pixel, non-zero = inside) over out in colour rgb:
 * a view pixel is on it when it is inside and one of its four neighbours is not. */
void mc_preview_region_outline (const mc_region *reduced, gint factor,
                                const mc_preview_view *view, const uint8_t *mask,
                                const float rgb[3], float *out);

#endif
