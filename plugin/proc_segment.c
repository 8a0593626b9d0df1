/* proc_segment.c: plug-in-medclust-segment, "Lesion Segmentation and Area…": its table
 * (parameters, returns, menu, help), its check that the drawable is not one of its own outputs,
 * and its run step (the "Lesion mask" channel, the optional report layers, the returns). The
 * computation is in segment_run.c (shared with the dialog's preview). */
#include "mc_annotate.h"
#include "mc_host.h"
#include "mc_proc.h"
#include "mc_segment_run.h"

#include <gegl.h>

#define V(field) offsetof (mc_segment_vals, field)

static const char *const annotations[]
  = { "No (the mask channel only)", "Yes (also the outline and readout layers)", NULL };

static const mc_param params[] = {
  { "method", MC_PARAM_INT, V (method), 0, 0, 1, MC_SEGMENT_OURS, NULL,
    MC_SEGMENT_METHOD_ACCEPTED, "", "_Method:", MC_SEGMENT_METHOD_BLURB,
    mc_segment_method_labels, MC_PARAM_CHOICE },
  { "pixel-size-mm", MC_PARAM_FLOAT, V (pixel_size_mm), 0, 0.0, MC_PIXEL_SIZE_MAX_MM, 0.0, NULL,
    "a finite value, 0 <= value <= 10 (millimetres per pixel; 0 = unknown)", "mm",
    "_Pixel size (mm):",
    "Side of one pixel in millimetres, finite, 0..10; 0 = unknown (the area in mm² is then -1 "
    "and the readout is in pixels). A dermoscopy image has pixels of hundredths of a "
    "millimetre; above 10 mm (1 cm) a pixel is no dermoscopy image, and the bound keeps mm² "
    "finite",
    NULL, 0 },
  { "annotate", MC_PARAM_INT, V (annotate), 0, 0, 1, 1, NULL,
    "0 (mask only) or 1 (also outline and readout layers)", "",
    "_Annotate: outline layer and editable readout text",
    "0 = only the mask channel; 1 = also a layer \"Lesion outline\" and an editable text layer "
    "\"Lesion readout\" for reports",
    annotations, MC_PARAM_CHOICE },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every random choice (the fitting sample)", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "mask", MC_RET_CHANNEL, "The channel \"Lesion mask\" added to the image (image-sized; "
                            "255 = lesion, 0 = skin or not analysed)" },
  { "area-pixels", MC_RET_INT, "Lesion area in pixels" },
  { "area-percent", MC_RET_FLOAT, "Lesion area as a percentage of the analysed pixels" },
  { "area-mm2", MC_RET_FLOAT, "Lesion area in mm² (-1 when the pixel size is unknown)" },
  { "perimeter-pixels", MC_RET_FLOAT, "Length of the lesion's outline in pixels (holes "
                                      "included; not biased by the pixel grid)" },
  { "diameter-pixels", MC_RET_FLOAT, "Diameter of the circle of equal area, in pixels" },
  { "flags", MC_RET_INT,
    "A bit per warning; 0 = none: 1 no lesion found; 2 the lesion touches the edge of the frame "
    "or of the field of view (the area is a lower bound); 4 artefacts were excluded (ink, "
    "stickers, colour charts, rulers, glare); 8 low contrast between lesion and skin; 16 several "
    "separate candidates scored alike; 32 unstable (the mask changes a lot between neighbouring "
    "thresholds)" },
  { "warnings", MC_RET_STRING, "The flags in words, \"\" when there are none" },
};

/* The drawable must not be one of the items this procedure replaces. */
static gboolean
segment_check (const mc_call *call, mc_return *ret)
{
  const char *names[] = { MC_LESION_MASK_NAME, MC_LESION_OUTLINE_NAME, MC_LESION_READOUT_NAME };
  gint32 found[] = { mch_image_get_channel_by_name (call->image, names[0]),
                     mch_image_get_layer_by_name (call->image, names[1]),
                     mch_image_get_layer_by_name (call->image, names[2]) };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (found[i] == call->drawable)
      {
        mc_return_error (ret, MC_PDB_CALLING_ERROR,
                         "%s: drawable = %d is the \"%s\" item that this procedure replaces; "
                         "accepted: the layer with the picture",
                         call->def->name, call->drawable, names[i]);
        return FALSE;
      }
  return TRUE;
}

/* Replaces (or adds) the channel "Lesion mask": image-sized, the region's mask at its place in
 * image coordinates, 0 everywhere else. */
static gint32
write_mask_channel (gint32 image, const uint8_t *mask, gint w, gint h, gint mx, gint my)
{
  gint iw = mch_image_width (image), ih = mch_image_height (image);
  gint position = 0;
  gint32 old = mch_image_get_channel_by_name (image, MC_LESION_MASK_NAME);
  if (old > 0)
    {
      position = mch_image_get_item_position (image, old);
      mch_image_remove_channel (image, old);
    }
  gint32 channel = mch_channel_new (image, MC_LESION_MASK_NAME, iw, ih, 50.0, 1.0, 0.0, 0.0);
  GeglBuffer *buffer = mch_drawable_get_buffer (channel);
  gegl_buffer_clear (buffer, NULL);
  gint x0 = MAX (mx, 0), y0 = MAX (my, 0);
  gint x1 = MIN (mx + w, iw), y1 = MIN (my + h, ih);
  if (x1 > x0 && y1 > y0)
    {
      GeglRectangle r = { x0, y0, x1 - x0, y1 - y0 };
      const uint8_t *first = mask + (gsize) (y0 - my) * w + (x0 - mx);
      gegl_buffer_set (buffer, &r, 0, babl_format ("Y u8"), first, w);
    }
  gegl_buffer_flush (buffer);
  g_object_unref (buffer);
  mch_image_insert_channel (image, channel, 0, position);
  /* Hidden: a visible channel tints the picture; the outline layer is the visual. */
  mch_item_set_visible (channel, FALSE);
  return channel;
}

static void
fill_returns (mc_return *ret, gint32 channel, const mc_lesion_measure *m, guint flags,
              const gchar *warnings)
{
  mc_return_channel (ret, channel);
  mc_return_int (ret, (gint32) MIN (m->area_px, (int64_t) G_MAXINT32));
  mc_return_float (ret, m->area_percent);
  mc_return_float (ret, m->area_mm2);
  mc_return_float (ret, m->perimeter_px);
  mc_return_float (ret, m->diameter_px);
  mc_return_int (ret, (gint32) flags);
  mc_return_string (ret, warnings);
}

/* The report layers. When they cannot be made the mask and the numbers are still right: warn
 * rather than fail. */
static void
annotate (const mc_call *call, const uint8_t *mask, const mc_region *region, gint mx, gint my,
          const mc_lesion_measure *m, const gchar *warnings)
{
  const mc_segment_vals *v = call->vals;
  gchar *text = mc_annotate_readout (m, v->pixel_size_mm, warnings), *why = NULL;
  gint32 outline, label;
  if (!mc_annotate_lesion (call->image, call->drawable, mask, region->width, region->height, mx,
                           my, text, &outline, &label, &why))
    {
      gchar *warning = g_strdup_printf ("%s: the report layers could not be made: %s",
                                        call->def->name, why);
      mch_message (warning);
      g_free (warning);
      g_free (why);
    }
  g_free (text);
}

/* All changes to the image (inside the call's undo group): the mask channel and, if asked, the
 * report layers. */
static gint32
apply_to_image (const mc_call *call, const mc_region *region, const uint8_t *mask,
                const mc_lesion_measure *m, const gchar *warnings)
{
  const mc_segment_vals *v = call->vals;
  gint ox, oy;
  mch_drawable_offsets (call->drawable, &ox, &oy);
  gint mx = ox + region->x, my = oy + region->y;
  gint32 channel
    = write_mask_channel (call->image, mask, region->width, region->height, mx, my);
  if (v->annotate)
    annotate (call, mask, region, mx, my, m, warnings);
  else if (call->mode != MC_RUN_NONINTERACTIVE)
    {
      gchar *text = mc_annotate_readout (m, v->pixel_size_mm, warnings);
      mch_message (text);
      g_free (text);
    }
  return channel;
}

static void
segment_run (const mc_call *call, mc_return *ret)
{
  const mc_segment_vals *v = call->vals;
  mc_region region;
  gchar *why = NULL;
  /* The mask is an image-sized channel: only the part of the layer on the canvas can be in it,
   * so only that part is analysed and measured, and the numbers describe the mask exactly. */
  uint8_t *bytes = NULL; /* 8-bit layers: their own bytes, no float copy */
  int bpp = 0;
  gboolean rgb8 = mc_drawable_is_rgb8 (call->drawable);
  if (!(rgb8 ? mc_region_read_bytes (call->drawable, TRUE, &region, &bytes, &bpp, &why)
             : mc_region_read_in_canvas (call->drawable, &region, &why)))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", call->def->name, why);
      g_free (why);
      return;
    }
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.9);
  uint8_t *mask = g_try_new (uint8_t, (gsize) region.width * region.height);
  mc_lesion_measure m;
  mc_segment_quality q;
  mc_status st = !mask ? MC_ERR_NOMEM
                 : bytes ? mc_segment_bytes (bytes, bpp, &region, v, mask, &m, &q, &mon)
                         : mc_segment_region (&region, v, mask, &m, &q, &mon);
  g_free (bytes);
  if (st != MC_OK)
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: segmentation failed: %s",
                     call->def->name, mc_status_text (st));
  else
    {
      gchar *warnings = mc_segment_warnings_text (&q);
      fill_returns (ret, apply_to_image (call, &region, mask, &m, warnings), &m, q.flags,
                    warnings);
      g_free (warnings);
    }
  g_free (mask);
  mc_region_free (&region);
}

const mc_proc_def mc_proc_segment = {
  .name = MC_SEGMENT_PROC,
  .menu_label = "_Lesion Segmentation and Area…",
  .menu_path = MC_MENU,
  .blurb = "Segment the lesion (mole) from the skin and measure its area",
  .help = "Separates the lesion from the surrounding skin of a dermoscopy image and measures it. "
          "Method 0, Course, is the course's: 2-means clustering of the R'G'B' colours fitted "
          "on a 5% sample drawn from the seed, every pixel assigned, the darker cluster taken as "
          "the lesion, no clean-up. Method 1, Skin model (the default), is built for real "
          "dermoscopy images: it ignores the dark vignette outside the dermatoscope's round "
          "field of view, suppresses hair, fits the skin's colour and lighting and takes as "
          "lesion what is darker than that skin, excludes artefacts (ink, stickers, rulers, "
          "glare), chooses the lesion among the dark regions by contrast, compactness and "
          "position, fills holes and smooths the border. The mask is added as the channel "
          "\"Lesion mask\" (hidden; a re-run replaces it). Only selected, not fully transparent "
          "pixels are analysed, and only the part of the layer on the canvas (the channel is "
          "image-sized, so it can hold no more; a layer with offsets is measured where it lies "
          "on the canvas); the percentage is of those pixels. On a hard photograph (other "
          "moles, ink or stickers nearby) draw a rough ellipse selection around the lesion "
          "first: the skin is then taken from the selection's rim. The perimeter is a "
          "Cauchy-Crofton estimate (not biased by the pixel grid); the diameter is that of the "
          "circle of equal area. With annotate = 1 the outline is drawn on a transparent layer "
          "\"Lesion outline\" and the readout (area in pixels and percent, mm² and diameter when "
          "the pixel size is given) is put in an editable text layer \"Lesion readout\" at the "
          "top-left on a dark plate, so the image can go into a report as it is; a re-run "
          "replaces both. flags and warnings say what makes the area less trustworthy (no "
          "lesion found, a lesion cut by the edge of the image or of the selection so that the "
          "area is a lower bound, artefacts excluded, low contrast, several candidates alike, "
          "an unstable outline); the readout shows the warnings too. All changes are one undo "
          "step; the analysed layer is never modified. The same seed gives the same mask.",
  .kind = MC_PROC_IMAGE,
  .drawable_rule = MC_DRAWABLE_LAYER,
  .progress_text = "Lesion segmentation",
  .vals_size = sizeof (mc_segment_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = segment_check,
  .run = segment_run,
};
