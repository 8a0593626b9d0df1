/* segment_course.c: method 0, the course's mole / not-mole segmentation, reproduced: 2-means on
 * R'G'B' fitted on a 5% sample of the pixels drawn from the seed (pandas .sample(frac=0.05),
 * KMeans(n_clusters=2, n_init="auto") = one k-means++ start), every pixel assigned, lesion = the
 * cluster whose centre has the lower mean of R, G and B. No clean-up of any kind. */
#include "segment_internal.h"

#include "mc_kmeans.h"
#include "mc_rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Random stream of the joint mode's per-image samples: stream = base + image index. */
#define STREAM_POOL_SAMPLE 0x5e6d00000000ULL

/* Copies the valid pixels into a contiguous array (NULL valid: the caller uses rgb as it is). */
static float *
gather_valid (const float *rgb, const uint8_t *valid, size_t n, size_t *count)
{
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    m += valid[i] != 0;
  float *points = malloc ((m ? m : 1) * 3 * sizeof *points);
  if (!points)
    return NULL;
  size_t j = 0;
  for (size_t i = 0; i < n; i++)
    if (valid[i])
      {
        memcpy (points + 3 * j, rgb + 3 * i, 3 * sizeof *points);
        j++;
      }
  *count = m;
  return points;
}

/* Darker first, by the mean of R, G and B as the course compares them. */
static void
order_darker_first (float centres[6])
{
  double m0 = ((double) centres[0] + centres[1] + centres[2]) / 3;
  double m1 = ((double) centres[3] + centres[4] + centres[5]) / 3;
  if (m1 < m0)
    for (int c = 0; c < 3; c++)
      {
        float t = centres[c];
        centres[c] = centres[3 + c];
        centres[3 + c] = t;
      }
}

mc_status
course_assign (const float centres[6], const float *rgb, const uint8_t *valid, int width,
               int height, uint8_t *mask)
{
  size_t n = (size_t) width * height;
  uint8_t *labels = malloc (n ? n : 1);
  if (!labels)
    return MC_ERR_NOMEM;
  /* Assigning the invalid pixels too costs little and keeps one pass over contiguous memory;
   * they are masked out below. */
  mc_kmeans_assign (rgb, n, centres, COURSE_K, labels, NULL);
  for (size_t i = 0; i < n; i++)
    mask[i] = (labels[i] == 0 && (!valid || valid[i])) ? 255 : 0;
  free (labels);
  return MC_OK;
}

/* The fit's progress shown as the first 80% of the whole; the assignment of every pixel is the
 * rest. */
typedef struct
{
  const mc_monitor *outer;
} fit_share;

static void
fit_progress (void *user, double fraction)
{
  const fit_share *share = user;
  mc_monitor_report (share->outer, 0.8 * fraction);
}

/* Two centres closer than this (R'G'B' distance) split the image into halves of one colour
 * rather than lesion and skin. */
#define COURSE_LOW_CONTRAST 0.1

void
course_contrast (const float centres[6], mc_segment_quality *q)
{
  double d2 = 0;
  for (int c = 0; c < 3; c++)
    d2 += (double) (centres[c] - centres[3 + c]) * (centres[c] - centres[3 + c]);
  q->contrast = sqrt (d2);
  if (q->contrast < COURSE_LOW_CONTRAST)
    q->flags |= MC_SEGMENT_LOW_CONTRAST;
}

mc_status
segment_course (const float *rgb, const uint8_t *valid, int width, int height, uint32_t seed,
                uint8_t *mask, mc_segment_quality *quality, const mc_monitor *monitor)
{
  size_t n = (size_t) width * height;
  size_t count = n;
  float *gathered = NULL;
  const float *points = rgb;
  if (valid)
    {
      gathered = gather_valid (rgb, valid, n, &count);
      if (!gathered)
        return MC_ERR_NOMEM;
      points = gathered;
    }
  if (count == 0)
    {
      free (gathered);
      memset (mask, 0, n);
      return MC_OK;
    }
  mc_kmeans_params kp;
  mc_kmeans_params_init (&kp);
  kp.k = COURSE_K;
  kp.sample_fraction = COURSE_SAMPLE_FRACTION;
  kp.seed = seed;
  mc_kmeans_result result;
  /* Only the centres are needed: labelling every pixel again below is as cheap as scattering
   * the fit's labels back through the valid mask. */
  fit_share share = { monitor };
  mc_monitor fit_monitor = { fit_progress, &share, monitor ? monitor->cancel : NULL };
  mc_status st = mc_kmeans (points, count, &kp, &result, NULL, &fit_monitor);
  free (gathered);
  if (st != MC_OK)
    return st;
  float centres[6];
  memcpy (centres, result.centres, sizeof centres);
  order_darker_first (centres);
  st = course_assign (centres, rgb, valid, width, height, mask);
  if (st == MC_OK)
    {
      course_contrast (centres, quality);
      mc_monitor_report (monitor, 1.0);
    }
  return st;
}

mc_status
course_pool_sample (const float *rgb, const uint8_t *valid, int width, int height, uint32_t seed,
                    int image_index, size_t max_points, float **sample, size_t *count)
{
  size_t n = (size_t) width * height;
  size_t nvalid = n;
  if (valid)
    {
      nvalid = 0;
      for (size_t i = 0; i < n; i++)
        nvalid += valid[i] != 0;
    }
  size_t m = (size_t) floor (COURSE_SAMPLE_FRACTION * (double) nvalid + 0.5);
  if (m > max_points)
    m = max_points;
  if (m == 0 && nvalid > 0)
    m = 1;
  float *out = malloc ((m ? m : 1) * 3 * sizeof *out);
  if (!out)
    return MC_ERR_NOMEM;
  /* Selection sampling (Knuth's algorithm S): each valid pixel in raster order is taken with
   * probability (still wanted) / (still to see), which draws exactly m of them, every subset
   * equally likely, from a stream of its own per image. */
  uint64_t stream = STREAM_POOL_SAMPLE + (uint64_t) image_index;
  size_t seen = 0, taken = 0;
  for (size_t i = 0; i < n && taken < m; i++)
    {
      if (valid && !valid[i])
        continue;
      double u = mc_rand_unit (seed, stream, seen);
      if (u * (double) (nvalid - seen) < (double) (m - taken))
        {
          memcpy (out + 3 * taken, rgb + 3 * i, 3 * sizeof *out);
          taken++;
        }
      seen++;
    }
  *sample = out;
  *count = taken;
  return MC_OK;
}

mc_status
course_pool_fit (const float *pooled, size_t count, uint32_t seed, float centres[6],
                 const mc_monitor *monitor)
{
  if (count == 0)
    return MC_ERR_ARG;
  mc_kmeans_params kp;
  mc_kmeans_params_init (&kp);
  kp.k = COURSE_K;
  kp.sample_fraction = 1.0; /* the pool is already the sample */
  kp.seed = seed;
  mc_kmeans_result result;
  mc_status st = mc_kmeans (pooled, count, &kp, &result, NULL, monitor);
  if (st != MC_OK)
    return st;
  memcpy (centres, result.centres, 6 * sizeof *centres);
  order_darker_first (centres);
  return MC_OK;
}
