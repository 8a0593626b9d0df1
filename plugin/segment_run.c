/* segment_run.c: pixels in, lesion mask, measurements and warnings out, for the segment
 * procedure, its dialog's preview and the measure-files batch. The core does the work; this
 * file only reshapes buffers and chains segmentation and measurement. */
#include "mc_segment_run.h"

#include <string.h>

const char *const mc_segment_method_labels[]
  = { "Course: 2-means on R'G'B', darker cluster",
      "Skin model: darkness against the fitted skin, artefacts excluded", NULL };

mc_status
mc_segment_image (const float *rgb, const uint8_t *valid, int width, int height,
                  const mc_segment_vals *vals, const mc_segment_pool *pool, uint8_t *mask,
                  mc_lesion_measure *measure, mc_segment_quality *quality,
                  const mc_monitor *monitor)
{
  mc_status st;
  if (pool)
    st = mc_segment_pool_segment_checked (pool, rgb, valid, width, height, mask, quality,
                                          monitor);
  else
    {
      mc_segment_params params;
      mc_segment_params_init (&params);
      params.method = vals->method;
      params.seed = (uint32_t) vals->seed;
      st = mc_segment_checked (rgb, valid, width, height, &params, mask, quality, monitor);
    }
  if (st == MC_OK)
    st = mc_measure_lesion (mask, valid, width, height, vals->pixel_size_mm, measure);
  return st;
}

mc_status
mc_segment_region (const mc_region *region, const mc_segment_vals *vals, uint8_t *mask,
                   mc_lesion_measure *measure, mc_segment_quality *quality,
                   const mc_monitor *monitor)
{
  size_t n = (size_t) region->width * region->height;
  float *rgb = g_try_new (float, n * 3);
  if (!rgb)
    return MC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    memcpy (rgb + 3 * i, region->rgba + 4 * i, 3 * sizeof (float));
  mc_status st = mc_segment_image (rgb, region->valid, region->width, region->height, vals, NULL,
                                   mask, measure, quality, monitor);
  g_free (rgb);
  return st;
}

mc_status
mc_segment_bytes (const uint8_t *bytes, int bpp, const mc_region *region,
                  const mc_segment_vals *vals, uint8_t *mask, mc_lesion_measure *measure,
                  mc_segment_quality *quality, const mc_monitor *monitor)
{
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = vals->method;
  params.seed = (uint32_t) vals->seed;
  mc_status st = mc_segment_checked_u8 (bytes, bpp, region->valid, region->width, region->height,
                                        &params, mask, quality, monitor);
  if (st == MC_OK)
    st = mc_measure_lesion (mask, region->valid, region->width, region->height,
                            vals->pixel_size_mm, measure);
  return st;
}

gchar *
mc_segment_warnings_text (const mc_segment_quality *quality)
{
  gsize size = mc_segment_warnings (quality, NULL, 0) + 1;
  gchar *text = g_malloc (size);
  mc_segment_warnings (quality, text, size);
  return text;
}
