/* fuzz_segment.c: fuzz target for the core's segmentation as the plug-in calls it:
 * mc_segment_checked (one image) or a joint pool (mc_segment_pool_*, also rebuilt from its saved
 * model), then mc_measure_lesion and mc_lesion_contours on the mask. Images are small (up to
 * 48 x 48), of raw, smooth-with-a-dark-disc, flat or 16-bit pixels, with no, full, disc-shaped,
 * rectangular, scattered or empty valid masks, either method, any seed.
 * Checked: the mask is 0 or 255 and 0 outside the valid pixels; the measured area is the mask's
 * lesion pixels and the analysed count the valid ones; the quality flags and artefact bits are
 * the defined ones and agree (no lesion <=> empty mask; artefacts <=> the artefacts flag); the
 * warnings text has the length it reports; a pool rebuilt from its model segments alike; one and
 * two threads give the same bits.
 *
 * Bytes: [0] width-1 (mod 48); [1] height-1 (mod 48); [2] bit 0 method, bits 1-2 image kind,
 * bit 3 joint pool, bits 4-6 pixel size; [3] valid kind (mod 6); [4..7] seed; then the pixel
 * bytes, repeated as often as the image needs. */
#include "fuzz_common.h"
#include "mc_measure.h"
#include "mc_segment.h"

#include <math.h>
#include <string.h>

enum
{
  HEADER = 8,
  MAX_SIDE = 48,
  FLAG_BITS = 63,   /* MC_SEGMENT_NO_LESION .. MC_SEGMENT_UNSTABLE */
  ARTEFACT_BITS = 15
};

static const double pixel_sizes[8] = { 0, 0.001, 0.01, 0.05, 0.1, 1, 10, 1000 };

static void
make_image (const uint8_t *pix, size_t n_pix, int w, int h, int kind, float *rgb)
{
  size_t at = 0;
#define NEXT() (n_pix ? pix[at++ % n_pix] : 0)
  float cx = (float) (NEXT () % w), cy = (float) (NEXT () % h), r = 1.0f + NEXT () % MAX_SIDE / 2;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float *p = rgb + 3 * ((size_t) y * w + x);
        int inside = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
        for (int c = 0; c < 3; c++)
          switch (kind)
            {
            case 0: /* raw bytes */
              p[c] = (float) (NEXT () / 255.0);
              break;
            case 1: /* skin with a dark disc, and noise */
              p[c] = (float) (((inside ? 60 : 200) - 20 * c + (NEXT () & 31)) / 255.0);
              break;
            case 2: /* flat */
              p[c] = (float) ((n_pix ? pix[c % n_pix] : 128) / 255.0);
              break;
            default: /* 16-bit */
              {
                unsigned hi = NEXT ();
                p[c] = (float) ((hi << 8 | NEXT ()) / 65535.0);
              }
              break;
            }
      }
#undef NEXT
}

/* NULL (every pixel), all, a disc (a dermoscope's field of view), a rectangle (a selection),
 * scattered (alpha), none. */
static uint8_t *
make_valid (const uint8_t *pix, size_t n_pix, int w, int h, int kind)
{
  if (kind == 0)
    return NULL;
  uint8_t *v = malloc ((size_t) w * h);
  CHECK (v != NULL);
  int x0 = n_pix ? pix[0] % w : 0, y0 = n_pix > 1 ? pix[1] % h : 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        size_t i = (size_t) y * w + x;
        double dx = x + 0.5 - w / 2.0, dy = y + 0.5 - h / 2.0;
        switch (kind)
          {
          case 1: v[i] = 1; break;
          case 2: v[i] = dx * dx / (w * w) + dy * dy / (h * h) <= 0.25 ? 255 : 0; break;
          case 3: v[i] = x >= x0 && y >= y0; break;
          case 4: v[i] = n_pix ? pix[i % n_pix] & 1 : 0; break;
          default: v[i] = 0; break;
          }
      }
  return v;
}

/* Segments with the pool (joint) or alone; returns the status. */
static mc_status
segment (const float *rgb, const uint8_t *valid, int w, int h, const mc_segment_params *params,
         int joint, uint8_t *mask, mc_segment_quality *q)
{
  if (!joint)
    return mc_segment_checked (rgb, valid, w, h, params, mask, q, NULL);
  mc_segment_pool *pool = mc_segment_pool_new (params);
  CHECK (pool != NULL);
  CHECK (mc_segment_pool_add (pool, 0, rgb, valid, w, h, NULL) == MC_OK);
  CHECK (mc_segment_pool_add (pool, 0, rgb, valid, w, h, NULL) == MC_ERR_ARG);
  mc_status s = mc_segment_pool_fit (pool, NULL);
  if (s != MC_OK)
    {
      /* Only a set without any valid pixel cannot be fitted by method 0; method 1 also fails
       * when none of the valid pixels lies in a field of view (all dark vignette). */
      CHECK (s == MC_ERR_ARG);
      int any = valid == NULL;
      for (size_t i = 0; valid && i < (size_t) w * h; i++)
        any |= valid[i] != 0;
      CHECK (!any || params->method == MC_SEGMENT_OURS);
      mc_segment_pool_free (pool);
      return s;
    }
  s = mc_segment_pool_segment_checked (pool, rgb, valid, w, h, mask, q, NULL);
  mc_segment_model model;
  CHECK (mc_segment_pool_model (pool, &model) == MC_OK);
  CHECK (model.method == params->method);
  mc_segment_pool *again = mc_segment_pool_from_model (&model);
  CHECK (again != NULL);
  uint8_t *mask2 = malloc ((size_t) w * h);
  mc_segment_quality q2;
  CHECK (mc_segment_pool_segment_checked (again, rgb, valid, w, h, mask2, &q2, NULL) == s);
  CHECK (memcmp (mask, mask2, (size_t) w * h) == 0);
  CHECK (q2.flags == q->flags);
  free (mask2);
  mc_segment_pool_free (again);
  mc_segment_pool_free (pool);
  return s;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_bytes in = { data, size, 0 };
  int w = 1 + fuzz_u8 (&in) % MAX_SIDE, h = 1 + fuzz_u8 (&in) % MAX_SIDE;
  uint8_t opts = fuzz_u8 (&in);
  int valid_kind = fuzz_u8 (&in) % 6;
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = opts & 1;
  params.seed = fuzz_u32 (&in);
  int image_kind = (opts >> 1) & 3, joint = (opts >> 3) & 1;
  double pixel_size = pixel_sizes[(opts >> 4) & 7];
  const uint8_t *pix = data + in.at;
  size_t n_pix = fuzz_left (&in);
  size_t n = (size_t) w * h;

  float *rgb = malloc (n * 3 * sizeof (float));
  uint8_t *mask = malloc (n), *mask2 = malloc (n);
  CHECK (rgb && mask && mask2);
  make_image (pix, n_pix, w, h, image_kind, rgb);
  uint8_t *valid = make_valid (pix, n_pix, w, h, valid_kind);

  mc_segment_quality q;
  mc_set_threads (1);
  mc_status s = segment (rgb, valid, w, h, &params, joint, mask, &q);
  if (s != MC_OK)
    {
      CHECK (joint && s == MC_ERR_ARG);
      goto done;
    }

  int64_t lesion = 0, analysed = 0;
  for (size_t i = 0; i < n; i++)
    {
      CHECK (mask[i] == 0 || mask[i] == 255);
      CHECK (!(valid && !valid[i] && mask[i]));
      lesion += mask[i] != 0;
      analysed += !valid || valid[i];
    }
  CHECK ((q.flags & ~(unsigned) FLAG_BITS) == 0);
  CHECK ((q.artefacts & ~(unsigned) ARTEFACT_BITS) == 0);
  CHECK ((q.artefacts != 0) == ((q.flags & MC_SEGMENT_ARTEFACTS) != 0));
  CHECK (((q.flags & MC_SEGMENT_NO_LESION) != 0) == (lesion == 0));
  CHECK (isfinite (q.contrast) && isfinite (q.stability));
  CHECK (q.stability >= 0 && q.stability <= 1);
  char text[1024];
  size_t len = mc_segment_warnings (&q, text, sizeof text);
  CHECK (len < sizeof text && strlen (text) == len && (len == 0) == (q.flags == 0));

  mc_lesion_measure m;
  CHECK (mc_measure_lesion (mask, valid, w, h, pixel_size, &m) == MC_OK);
  CHECK (m.area_px == lesion && m.analysed_px == analysed);
  CHECK (m.area_percent >= 0 && m.area_percent <= 100);
  CHECK (pixel_size > 0 ? isfinite (m.area_mm2) && m.area_mm2 >= 0 : m.area_mm2 == -1);
  CHECK (isfinite (m.perimeter_px) && m.perimeter_px >= 0 && isfinite (m.diameter_px));
  CHECK ((m.components == 0) == (lesion == 0) && m.components <= lesion);
  mc_contours contours;
  CHECK (mc_lesion_contours (mask, w, h, &contours) == MC_OK);
  CHECK ((contours.n_polylines == 0) == (lesion == 0));
  CHECK (contours.n_polylines >= m.components);
  for (int i = 0; i < 2 * contours.n_points; i++)
    CHECK (contours.xy[i] >= 0 && contours.xy[i] <= (i % 2 ? h : w));
  mc_contours_free (&contours);

  /* Two threads: the very same mask and quality. */
  mc_segment_quality q2;
  mc_set_threads (2);
  CHECK (segment (rgb, valid, w, h, &params, joint, mask2, &q2) == MC_OK);
  CHECK (memcmp (mask, mask2, n) == 0);
  CHECK (q.flags == q2.flags && q.artefacts == q2.artefacts);
  CHECK (memcmp (&q.contrast, &q2.contrast, sizeof q.contrast) == 0);
  CHECK (memcmp (&q.stability, &q2.stability, sizeof q.stability) == 0);

done:
  mc_set_threads (0);
  free (rgb);
  free (mask);
  free (mask2);
  free (valid);
  return 0;
}
