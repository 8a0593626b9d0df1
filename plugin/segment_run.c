/* segment_run.c: pixels in, lesion mask and measurements out, for the segment procedure, its
 * dialog's preview and the measure-files batch. The core does the work; this file only
 * reshapes buffers and chains segmentation and measurement. */
#include "mc_segment_run.h"

#include <string.h>

mc_status
mc_segment_image (const float *rgb, const uint8_t *valid, int width, int height,
                  const mc_segment_vals *vals, const mc_segment_pool *pool, uint8_t *mask,
                  mc_lesion_measure *measure, const mc_monitor *monitor)
{
  mc_status st;
  if (pool)
    st = mc_segment_pool_segment (pool, rgb, valid, width, height, mask, monitor);
  else
    {
      mc_segment_params params;
      mc_segment_params_init (&params);
      params.method = vals->method;
      params.seed = (uint32_t) vals->seed;
      st = mc_segment (rgb, valid, width, height, &params, mask, monitor);
    }
  if (st == MC_OK)
    st = mc_measure_lesion (mask, valid, width, height, vals->pixel_size_mm, measure);
  return st;
}

mc_status
mc_segment_region (const mc_region *region, const mc_segment_vals *vals, uint8_t *mask,
                   mc_lesion_measure *measure, const mc_monitor *monitor)
{
  size_t n = (size_t) region->width * region->height;
  float *rgb = g_try_new (float, n * 3);
  if (!rgb)
    return MC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    memcpy (rgb + 3 * i, region->rgba + 4 * i, 3 * sizeof (float));
  mc_status st = mc_segment_image (rgb, region->valid, region->width, region->height, vals, NULL,
                                   mask, measure, monitor);
  g_free (rgb);
  return st;
}
