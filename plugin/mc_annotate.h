/* mc_annotate.h: the report layers of plug-in-medclust-segment: the lesion's outline stroked with
 * cairo on a transparent layer, and an editable GIMP text layer with the area readout. */
#ifndef MC_ANNOTATE_H
#define MC_ANNOTATE_H

#include <glib.h>
#include <stdint.h>

#include "mc_measure.h"

/* The readout, e.g. "Lesion area 41,230 px (15.3%) · 12.9 mm² · Ø 4.05 mm", or without a pixel
 * size (pixel_size_mm 0) "Lesion area 41,230 px (15.3%) · Ø 229 px". When warnings (the
 * segmentation's, mc_segment_warnings_text) is not empty, "Warning: <warnings>" follows on
 * lines of their own, broken at spaces to about the first line's width. NULL or "" adds
 * nothing. UTF-8, g_free. */
gchar *mc_annotate_readout (const mc_lesion_measure *measure, double pixel_size_mm,
                            const char *warnings);

/* Adds the layer "Lesion outline" (image-sized, transparent, the outline of mask stroked in a
 * bright colour with a dark halo, plus a dark plate behind the readout) and the text layer
 * "Lesion readout" (text, white, top-left with a margin, sized to the image) above `above` (a
 * layer of image; anything else puts them on top). Earlier layers with these names are removed
 * first. mask (mask_width x mask_height, nonzero = lesion) sits at (mask_x, mask_y) in image
 * coordinates and may reach outside the canvas. Call inside the caller's undo group.
 * Returns FALSE with a message in *error (g_free) when a layer cannot be made. */
gboolean mc_annotate_lesion (gint32 image, gint32 above, const uint8_t *mask, gint mask_width,
                             gint mask_height, gint mask_x, gint mask_y, const char *text,
                             gint32 *outline_layer, gint32 *text_layer, gchar **error);

#endif
