/* segment_internal.h: what segment.c (method 1, the dispatcher and the joint pool) and
 * segment_course.c (method 0) share. Not part of the public API. */
#ifndef SEGMENT_INTERNAL_H
#define SEGMENT_INTERNAL_H

#include "mc_segment.h"

/* The course's sample share and cluster count. */
#define COURSE_SAMPLE_FRACTION 0.05
#define COURSE_K 2

/* Method 0 on one image: fit on a 5% sample of the valid pixels, assign all, darker = lesion. */
mc_status segment_course (const float *rgb, const uint8_t *valid, int width, int height,
                          uint32_t seed, uint8_t *mask, mc_segment_quality *quality,
                          const mc_monitor *monitor);

/* Method 0's contrast (the distance of its two centres) and LOW_CONTRAST flag. */
void course_contrast (const float centres[6], mc_segment_quality *q);

/* Joint method 0, step 1: copies a 5% sample (at least 1 point when any pixel is valid) of the
 * image's valid pixels, but at most max_points of them, drawn from (seed, image_index), into a
 * new array of *count triples. */
mc_status course_pool_sample (const float *rgb, const uint8_t *valid, int width, int height,
                              uint32_t seed, int image_index, size_t max_points, float **sample,
                              size_t *count);

/* Joint method 0, step 2: the two centres fitted on the pooled sample, darker first. */
mc_status course_pool_fit (const float *pooled, size_t count, uint32_t seed, float centres[6],
                           const mc_monitor *monitor);

/* Joint method 0, step 3 (and the end of segment_course): every valid pixel to its nearest
 * centre; lesion where that is centres[0..2], the darker one. */
mc_status course_assign (const float centres[6], const float *rgb, const uint8_t *valid, int width,
                         int height, uint8_t *mask);

/* Method 1's decision threshold comes from a histogram of its darkness feature over the field of
 * view; the joint pool adds these histograms. */
#define OURS_HIST_BINS 2048

/* Method 1 on one image. threshold < 0: the image's own (from its histogram); otherwise the
 * pooled one. hist (OURS_HIST_BINS counts, may be NULL) receives the image's histogram; with
 * hist_only the work stops there and mask is not touched (may be NULL). */
mc_status segment_ours (const float *rgb, const uint8_t *valid, int width, int height,
                        double threshold, int64_t *hist, int hist_only, uint8_t *mask,
                        mc_segment_quality *quality, const mc_monitor *monitor);

/* Method 1's threshold from a histogram (Otsu's, then moved towards skin). */
double ours_threshold (const int64_t *hist);

/* segment.c: the q-quantile (0..1) of n >= 1 values, nearest rank; reorders values. */
double segment_quantile (float *values, size_t n, double q);

/* segment_artefacts.c: art (W*H) = valid pixels of ink, stickers and colour charts, grown by a
 * margin; *kinds = the MC_ARTEFACT_* bits found. */
mc_status segment_artefacts (const float *rgb, const uint8_t *valid, int W, int H, double diag,
                             uint8_t *art, unsigned *kinds);

/* What segment_choose saw besides the lesion. */
typedef struct
{
  double runner_up; /* the best score left out relative to the lesion's (0 when none) */
  int frames;       /* 1 when a region drawn around the lesion (an ink circle) was left out */
} segment_choice;

/* segment_choose.c: keeps in m (W*H working mask) the lesion's regions among its candidates. */
mc_status segment_choose (uint8_t *m, const uint8_t *fov, const float *dark, int W, int H,
                          double unit, segment_choice *choice);

/* segment_quality.c: q to "nothing noticed" (flags 0, stability 1). */
void segment_quality_init (mc_segment_quality *q);

/* segment_quality.c: the checks that apply to any finished mask (no lesion, touches the edge of
 * the image or of the valid pixels), and the ARTEFACTS bit from q->artefacts. */
void segment_quality_finish (const uint8_t *mask, const uint8_t *valid, int width, int height,
                             mc_segment_quality *q);

#endif
