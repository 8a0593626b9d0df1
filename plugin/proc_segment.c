/* proc_segment.c: plug-in-medclust-segment, "Lesion Segmentation and Area…": registration,
 * argument checks, run modes, the "Lesion mask" channel, the optional report layers, and the
 * return values. The computation is in segment_run.c (shared with the dialog's preview). */
#include "mc_plugin.h"
#include "mc_segment_run.h"
#include "mc_annotate.h"
#include "mc_dialogs.h"

#include <gegl.h>
#include <math.h>

static const char *const PROC = MC_SEGMENT_PROC;

#define SEGMENT_NPARAMS 7

static void
segment_query (void)
{
  static const GimpParamDef args[] = {
    { GIMP_PDB_INT32, "run-mode", "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                                  "RUN-WITH-LAST-VALS (2) }" },
    { GIMP_PDB_IMAGE, "image", "Input image" },
    { GIMP_PDB_DRAWABLE, "drawable", "Drawable to analyse (RGB or grayscale, any precision); it is "
                                     "never modified" },
    { GIMP_PDB_INT32, "method", "0 = the course's method (2-means on R'G'B' fitted on a 5% sample, "
                                "lesion = the darker cluster, no clean-up); 1 = the project's "
                                "method for dermoscopy images (field of view, hair, clean-up), "
                                "the default of the dialog" },
    { GIMP_PDB_FLOAT, "pixel-size-mm", "Side of one pixel in millimetres, >= 0; 0 = unknown (the "
                                       "area in mm² is then -1 and the readout is in pixels)" },
    { GIMP_PDB_INT32, "annotate", "0 = only the mask channel; 1 = also a layer \"Lesion outline\" "
                                  "and an editable text layer \"Lesion readout\" for reports" },
    { GIMP_PDB_INT32, "seed", "Seed of every random choice (the fitting sample)" },
  };
  static const GimpParamDef rets[] = {
    { GIMP_PDB_CHANNEL, "mask", "The channel \"Lesion mask\" added to the image (image-sized; "
                                "255 = lesion, 0 = skin or not analysed)" },
    { GIMP_PDB_INT32, "area-pixels", "Lesion area in pixels" },
    { GIMP_PDB_FLOAT, "area-percent", "Lesion area as a percentage of the analysed pixels" },
    { GIMP_PDB_FLOAT, "area-mm2", "Lesion area in mm² (-1 when the pixel size is unknown)" },
    { GIMP_PDB_FLOAT, "perimeter-pixels", "Length of the lesion's outline in pixels (holes "
                                          "included; not biased by the pixel grid)" },
    { GIMP_PDB_FLOAT, "diameter-pixels", "Diameter of the circle of equal area, in pixels" },
  };
  gimp_install_procedure (
    PROC, "Segment the lesion (mole) from the skin and measure its area",
    "Separates the lesion from the surrounding skin of a dermoscopy image and measures it. "
    "Method 0 is the course's: 2-means clustering of the R'G'B' colours fitted on a 5% sample "
    "drawn from the seed, every pixel assigned, the darker cluster taken as the lesion, no "
    "clean-up. Method 1 (the default) is built for real dermoscopy images: it ignores the dark "
    "vignette outside the dermatoscope's round field of view, suppresses hair, picks the lesion "
    "cluster by darkness and position, keeps the lesion's region(s), fills holes and smooths "
    "the border. The mask is added as the channel \"Lesion mask\" (hidden; a re-run replaces "
    "it). Only selected, not fully transparent pixels are analysed; the percentage is of those "
    "pixels. The perimeter is a Cauchy-Crofton estimate (not biased by the pixel grid); the "
    "diameter is that of the circle of equal area. With annotate = 1 the outline is drawn on a "
    "transparent layer \"Lesion outline\" and the readout (area in pixels and percent, mm² and "
    "diameter when the pixel size is given) is put in an editable text layer \"Lesion "
    "readout\" at the top-left on a dark plate, so the image can go into a report as it is; a "
    "re-run replaces both. All changes are one undo step; the analysed layer is never "
    "modified. The same seed gives the same mask.",
    MC_AUTHOR, MC_COPYRIGHT, MC_DATE, "_Lesion Segmentation and Area…", "RGB*, GRAY*", GIMP_PLUGIN,
    G_N_ELEMENTS (args), G_N_ELEMENTS (rets), args, rets);
  gimp_plugin_menu_register (PROC, MC_MENU);
}

static gboolean
check_vals (mc_return *ret, const mc_segment_vals *v)
{
  if (!mc_check_int (ret, PROC, "method", v->method, 0, 1, "0 (the course's) or 1 (ours)"))
    return FALSE;
  if (!(v->pixel_size_mm >= 0.0 && isfinite (v->pixel_size_mm)))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: pixel-size-mm = %g is out of range; accepted: a finite value >= 0 "
                       "(millimetres per pixel; 0 = unknown)",
                       PROC, v->pixel_size_mm);
      return FALSE;
    }
  return mc_check_int (ret, PROC, "annotate", v->annotate, 0, 1,
                       "0 (mask only) or 1 (also outline and readout layers)");
}

/* Gets the values for this run from the parameters, the last run or the dialog. Returns FALSE
 * when the user cancelled the dialog. */
static gboolean
get_vals (GimpRunMode mode, gint nparams, const GimpParam *param, gint32 image, gint32 drawable,
          mc_segment_vals *v)
{
  mc_segment_vals_default (v);
  gboolean given = nparams >= SEGMENT_NPARAMS;
  if (given)
    {
      v->method = param[3].data.d_int32;
      v->pixel_size_mm = param[4].data.d_float;
      v->annotate = param[5].data.d_int32;
      v->seed = param[6].data.d_int32;
    }
  if (mode == GIMP_RUN_NONINTERACTIVE || (mode == GIMP_RUN_INTERACTIVE && !mc_have_display ()))
    {
      if (mode == GIMP_RUN_INTERACTIVE)
        g_message ("%s: no display; running with the values given, without the dialog", PROC);
      return TRUE;
    }
  /* The last run's values; before any run, the dialog starts from the values given. */
  mc_segment_vals last;
  if (gimp_get_data (PROC, &last))
    *v = last;
  else if (mode == GIMP_RUN_WITH_LAST_VALS || !given)
    mc_segment_vals_default (v);
  if (mode == GIMP_RUN_WITH_LAST_VALS)
    return TRUE;
  return mc_segment_dialog (image, drawable, v);
}

/* The drawable must not be one of the items this procedure replaces. */
static gboolean
check_not_output (mc_return *ret, gint32 image, gint32 drawable)
{
  const char *names[] = { MC_LESION_MASK_NAME, MC_LESION_OUTLINE_NAME, MC_LESION_READOUT_NAME };
  gint32 found[] = { gimp_image_get_channel_by_name (image, names[0]),
                     gimp_image_get_layer_by_name (image, names[1]),
                     gimp_image_get_layer_by_name (image, names[2]) };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (found[i] == drawable)
      {
        mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                         "%s: drawable = %d is the \"%s\" item that this procedure replaces; "
                         "accepted: the layer with the picture",
                         PROC, drawable, names[i]);
        return FALSE;
      }
  return TRUE;
}

/* Replaces (or adds) the channel "Lesion mask": image-sized, the region's mask at its place in
 * image coordinates, 0 everywhere else. */
static gint32
write_mask_channel (gint32 image, const uint8_t *mask, gint w, gint h, gint mx, gint my)
{
  gint iw = gimp_image_width (image), ih = gimp_image_height (image);
  gint position = 0;
  gint32 old = gimp_image_get_channel_by_name (image, MC_LESION_MASK_NAME);
  if (old > 0)
    {
      position = gimp_image_get_item_position (image, old);
      gimp_image_remove_channel (image, old);
    }
  GimpRGB red = { 1.0, 0.0, 0.0, 1.0 };
  gint32 channel = gimp_channel_new (image, MC_LESION_MASK_NAME, iw, ih, 50.0, &red);
  GeglBuffer *buffer = gimp_drawable_get_buffer (channel);
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
  gimp_image_insert_channel (image, channel, 0, position);
  /* Hidden: a visible channel tints the picture; the outline layer is the visual. */
  gimp_item_set_visible (channel, FALSE);
  return channel;
}

static void
fill_returns (mc_return *ret, gint32 channel, const mc_lesion_measure *m)
{
  mc_return_channel (ret, channel);
  mc_return_int (ret, (gint32) MIN (m->area_px, (int64_t) G_MAXINT32));
  mc_return_float (ret, m->area_percent);
  mc_return_float (ret, m->area_mm2);
  mc_return_float (ret, m->perimeter_px);
  mc_return_float (ret, m->diameter_px);
}

/* All changes to the image, one undo group: the mask channel and, if asked, the report layers. */
static gint32
apply_to_image (gint32 image, gint32 drawable, const mc_region *region, const uint8_t *mask,
                const mc_segment_vals *v, const mc_lesion_measure *m)
{
  gint ox, oy;
  gimp_drawable_offsets (drawable, &ox, &oy);
  gint mx = ox + region->x, my = oy + region->y;
  gimp_image_undo_group_start (image);
  gint32 channel = write_mask_channel (image, mask, region->width, region->height, mx, my);
  if (v->annotate)
    {
      gchar *text = mc_annotate_readout (m, v->pixel_size_mm), *why = NULL;
      gint32 outline, label;
      if (!mc_annotate_lesion (image, drawable, mask, region->width, region->height, mx, my, text,
                               &outline, &label, &why))
        {
          /* The mask and the numbers are still right: warn rather than fail. */
          g_message ("%s: the report layers could not be made: %s", PROC, why);
          g_free (why);
        }
      g_free (text);
    }
  gimp_image_undo_group_end (image);
  return channel;
}

static void
segment_run (gint nparams, const GimpParam *param, mc_return *ret)
{
  if (nparams < 3)
    {
      mc_check_nparams (ret, PROC, nparams, SEGMENT_NPARAMS);
      return;
    }
  GimpRunMode mode = param[0].data.d_int32;
  gint32 image = param[1].data.d_image, drawable = param[2].data.d_drawable;
  if (mode == GIMP_RUN_NONINTERACTIVE && !mc_check_nparams (ret, PROC, nparams, SEGMENT_NPARAMS))
    return;
  if (!mc_check_image_drawable (ret, PROC, image, drawable)
      || !check_not_output (ret, image, drawable))
    return;
  mc_segment_vals v;
  if (!get_vals (mode, nparams, param, image, drawable, &v))
    {
      ret->values[0].data.d_status = GIMP_PDB_CANCEL;
      return;
    }
  if (!check_vals (ret, &v))
    return;

  mc_region region;
  gchar *why = NULL;
  if (!mc_region_read (drawable, &region, &why))
    {
      mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR, "%s: %s", PROC, why);
      g_free (why);
      return;
    }
  gimp_progress_init ("Lesion segmentation");
  mc_progress_span span;
  mc_monitor mon = mc_progress_monitor (&span, 0.0, 0.9);
  uint8_t *mask = g_try_new (uint8_t, (gsize) region.width * region.height);
  mc_lesion_measure m;
  mc_status st = mask ? mc_segment_region (&region, &v, mask, &m, &mon) : MC_ERR_NOMEM;
  if (st != MC_OK)
    mc_return_error (ret, GIMP_PDB_EXECUTION_ERROR, "%s: segmentation failed: %s", PROC,
                     mc_status_text (st));
  else
    {
      gint32 channel = apply_to_image (image, drawable, &region, mask, &v, &m);
      gimp_progress_update (1.0);
      fill_returns (ret, channel, &m);
      if (mode != GIMP_RUN_NONINTERACTIVE)
        {
          if (!v.annotate)
            {
              gchar *text = mc_annotate_readout (&m, v.pixel_size_mm);
              g_message ("%s", text);
              g_free (text);
            }
          gimp_displays_flush ();
        }
      gimp_set_data (PROC, &v, sizeof v);
    }
  g_free (mask);
  mc_region_free (&region);
}

const mc_procedure mc_proc_segment = { MC_SEGMENT_PROC, segment_query, segment_run };
