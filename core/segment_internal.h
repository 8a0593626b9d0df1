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
                          uint32_t seed, uint8_t *mask, const mc_monitor *monitor);

/* Joint method 0, step 1: copies a 5% sample (at least 1 point when any pixel is valid) of the
 * image's valid pixels, drawn from (seed, image_index), into a new array of *count triples. */
mc_status course_pool_sample (const float *rgb, const uint8_t *valid, int width, int height,
                              uint32_t seed, int image_index, float **sample, size_t *count);

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
                        const mc_monitor *monitor);

/* Method 1's threshold from a histogram (Otsu's, then moved towards skin). */
double ours_threshold (const int64_t *hist);

#endif
