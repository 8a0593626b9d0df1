/* mc_segment.h: lesion / skin segmentation of dermoscopy images, one image at a time or a set of
 * images sharing one colour model (the course's "joint" mode).
 *
 * Two methods:
 *   0  the course's: 2-means on R'G'B' fitted on a 5% sample drawn from the seed, every pixel
 *      assigned, lesion = the cluster whose centre has the lower mean of R, G, B; no clean-up.
 *   1  ours (the default): an unsupervised pipeline built for real dermoscopy images (round field
 *      of view, hair, ruler marks, low-contrast lesions); segment.c explains it at its top.
 *
 * Pixels are R'G'B' floats in [0, 1] (gamma-encoded sRGB, the course's np.array(img)/255), w*h*3
 * interleaved, rows top to bottom. `valid` marks the analysed pixels (the selection and alpha):
 * only they take part in any fit, and only they can become lesion. */
#ifndef MC_SEGMENT_H
#define MC_SEGMENT_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  MC_SEGMENT_COURSE = 0, /* the course's 2-means on R'G'B' */
  MC_SEGMENT_OURS = 1    /* the project's pipeline, the default */
} mc_segment_method;

typedef struct
{
  int method;    /* mc_segment_method: 0 or 1; default 1 */
  uint32_t seed; /* method 0 draws its sample and k-means++ start from it (method 1 draws
                    nothing at random); default 0 */
} mc_segment_params;

/* Fills p with the defaults: method = 1, seed = 0. */
void mc_segment_params_init (mc_segment_params *p);

/* Segments one image.
 *   rgb     width*height*3 R'G'B' in [0, 1]
 *   valid   width*height, nonzero = analysed pixel; NULL = every pixel is analysed
 *   mask    out, width*height: 255 = lesion, 0 = skin; always 0 where valid is 0
 * Deterministic: the same inputs and seed give bit-identical masks whatever mc_get_threads().
 * Returns MC_ERR_ARG for a size < 1, a NULL rgb/mask/params or an unknown method; an image with
 * no valid pixel is not an error (the mask is all 0). MC_ERR_CANCELLED when the monitor's cancel
 * flag is raised (the mask is then unspecified). */
mc_status mc_segment (const float *rgb, const uint8_t *valid, int width, int height,
                      const mc_segment_params *params, uint8_t *mask, const mc_monitor *monitor);

/* ---- How sure the result is ---------------------------------------------------------------
 * Every segmentation can report what it noticed that makes its area less trustworthy. The bits
 * are the contract's `flags` return of plug-in-medclust-segment; both methods set those that
 * apply to them. A result with flags == 0 is one the method has no reason to doubt. */
enum
{
  MC_SEGMENT_NO_LESION = 1,    /* nothing was found: the mask is empty */
  MC_SEGMENT_EDGE = 2,         /* the lesion touches the frame or the field of view: the area is
                                  a lower bound */
  MC_SEGMENT_ARTEFACTS = 4,    /* artefacts were excluded (which: `artefacts`) */
  MC_SEGMENT_LOW_CONTRAST = 8, /* lesion and skin differ little */
  MC_SEGMENT_AMBIGUOUS = 16,   /* several separate candidates scored alike */
  MC_SEGMENT_UNSTABLE = 32     /* the mask changes a lot between neighbouring thresholds */
};

/* Kinds of artefact, the bits of mc_segment_quality.artefacts. */
enum
{
  MC_ARTEFACT_INK = 1,     /* marker ink drawn on the skin (saturated purple, blue, green) */
  MC_ARTEFACT_STICKER = 2, /* stickers, colour charts: large saturated non-skin patches */
  MC_ARTEFACT_GLARE = 4,   /* specular reflections */
  MC_ARTEFACT_RULER = 8    /* ruler marks and frame at the edge */
};

typedef struct
{
  unsigned flags;     /* MC_SEGMENT_* bits */
  unsigned artefacts; /* MC_ARTEFACT_* bits, nonzero exactly when flags has MC_SEGMENT_ARTEFACTS */
  double contrast;    /* lesion against skin, in the method's own feature units (method 1: log
                         darkness of the lesion's median over the skin; method 0: R'G'B' distance
                         of the two centres); 0 when there is no lesion */
  double stability;   /* smallest ratio of areas (smaller / larger) between the mask and the masks
                         at the neighbouring thresholds, 1 = perfectly stable; 1 when not measured */
} mc_segment_quality;

/* The flags in words, for people: "" when flags is 0, else one phrase per bit joined by "; ",
 * e.g. "the lesion touches the edge of the image: the area is a lower bound; artefacts
 * excluded: ink". Writes at most size bytes including the NUL (truncating), returns the length
 * of the whole text (as snprintf). */
size_t mc_segment_warnings (const mc_segment_quality *q, char *text, size_t size);

/* mc_segment, also filling *quality (may be NULL). */
mc_status mc_segment_checked (const float *rgb, const uint8_t *valid, int width, int height,
                              const mc_segment_params *params, uint8_t *mask,
                              mc_segment_quality *quality, const mc_monitor *monitor);

/* mc_segment_checked on 8-bit pixels: bytes holds width*height R'G'B' (bpp 3) or R'G'B'A (bpp 4,
 * alpha ignored: say what is analysed in valid) whose values stand for v / 255. The same mask and
 * quality as mc_segment_checked on those floats, to the bit. Method 1 reads the bytes only to
 * shrink them to its working size, so a 24 MP layer needs 3 or 4 bytes a pixel instead of 12;
 * method 0 (the course's k-means over every pixel) makes the floats itself. */
mc_status mc_segment_checked_u8 (const uint8_t *bytes, int bpp, const uint8_t *valid, int width,
                                 int height, const mc_segment_params *params, uint8_t *mask,
                                 mc_segment_quality *quality, const mc_monitor *monitor);

/* Joint mode for a set of images: one colour model fitted once on a sample pooled from every image,
 * so that areas compare across images, as the course does for a folder.
 *
 *   pool = mc_segment_pool_new (&params);
 *   for each image i: mc_segment_pool_add (pool, i, rgb_i, valid_i, w_i, h_i, monitor);
 *   mc_segment_pool_fit (pool, monitor);
 *   for each image i: mc_segment_pool_segment (pool, rgb_i, valid_i, w_i, h_i, mask_i, monitor);
 *   mc_segment_pool_free (pool);
 *
 * Method 0: each image contributes a 5% sample of its valid pixels drawn from (seed, image_index);
 * the two centres are fitted once on the pooled sample (every pooled point, k-means++ from the
 * seed), then every pixel of each image is assigned to them and the lesion is the darker centre.
 * The result depends on the set of (image_index, image) pairs, never on the order of the adds.
 *
 * Method 1: every image's darkness relative to its own skin (segment.c, steps 1-5) is comparable
 * across images, so the pool adds up the images' darkness histograms and fit sets ONE lesion /
 * skin threshold from the pooled histogram; segment applies it instead of the image's own. Field
 * of view, hair removal and the region clean-up stay per image. Measured on the 26 dev images:
 * mean Jaccard 0.832 joint against 0.857 per image, so per image (joint = 0) is the more accurate
 * choice, and joint is there for areas measured with one criterion. Method 1 draws nothing at
 * random: its result does not depend on the seed.
 *
 * The pool copies what it needs; the caller's buffers may be freed after each call. */
typedef struct mc_segment_pool mc_segment_pool;

/* NULL when params is NULL, its method is unknown, or memory runs out. */
mc_segment_pool *mc_segment_pool_new (const mc_segment_params *params);

/* A pool for a set of n_images images whose memory does not grow with their number: method 0's
 * sample holds at most MC_SEGMENT_POOL_MAX_POINTS points (151 MB of floats), each image adding
 * at most MC_SEGMENT_POOL_MAX_POINTS / n_images of its 5% sample. Below that share nothing
 * changes: the whole 5% of up to 930 images of 600x450, or of the 26 dev images (up to 7 MP), so
 * their result is that of mc_segment_pool_new. Method 1 pools a histogram of fixed size either
 * way. NULL as mc_segment_pool_new. */
#define MC_SEGMENT_POOL_MAX_POINTS ((size_t) 12 << 20)
mc_segment_pool *mc_segment_pool_new_bounded (const mc_segment_params *params, int n_images);

/* Points pooled so far (method 0; 0 for method 1). */
size_t mc_segment_pool_points (const mc_segment_pool *pool);

/* A fitted pool's model, to be saved and reused by other processes (shards of a set measured with
 * one model): method 0's two centres, darker first (R'G'B' in [0, 1]), or method 1's threshold.
 * The fields the method does not use are 0. */
typedef struct
{
  int method;        /* MC_SEGMENT_COURSE or MC_SEGMENT_OURS */
  float centres[6];  /* method 0 */
  double threshold;  /* method 1 */
} mc_segment_model;

/* MC_ERR_ARG when the pool is not fitted. */
mc_status mc_segment_pool_model (const mc_segment_pool *pool, mc_segment_model *model);
/* A fitted pool that segments exactly as the pool the model came from (seed and other parameters
 * play no part once fitted). NULL for an unknown method or non-finite values. */
mc_segment_pool *mc_segment_pool_from_model (const mc_segment_model *model);

/* Adds image number image_index (>= 0, each index at most once) to the pool. MC_ERR_ARG for a
 * repeated or negative index or a bad size; MC_ERR_CANCELLED on cancel. */
mc_status mc_segment_pool_add (mc_segment_pool *pool, int image_index, const float *rgb,
                               const uint8_t *valid, int width, int height,
                               const mc_monitor *monitor);

/* Fits the pooled model. MC_ERR_ARG when nothing was added or when the images together hold no
 * valid pixel; adding after fitting is MC_ERR_ARG. */
mc_status mc_segment_pool_fit (mc_segment_pool *pool, const mc_monitor *monitor);

/* Segments one image with the fitted model (the image need not be one that was added). Same
 * arguments and mask convention as mc_segment; MC_ERR_ARG before mc_segment_pool_fit. */
mc_status mc_segment_pool_segment (const mc_segment_pool *pool, const float *rgb,
                                   const uint8_t *valid, int width, int height, uint8_t *mask,
                                   const mc_monitor *monitor);

/* mc_segment_pool_segment, also filling *quality (may be NULL). */
mc_status mc_segment_pool_segment_checked (const mc_segment_pool *pool, const float *rgb,
                                           const uint8_t *valid, int width, int height,
                                           uint8_t *mask, mc_segment_quality *quality,
                                           const mc_monitor *monitor);

void mc_segment_pool_free (mc_segment_pool *pool);

#ifdef __cplusplus
}
#endif
#endif
