/* mc_synth.h: synthetic dermoscopy-like images with a known answer: an elliptical lesion of known
 * area on textured skin, crossed by hair strands, inside the dark vignette of a round field of
 * view. Used by the unit tests, the end-to-end tests and the examples, which must run without the
 * real data. Every random choice comes from the seed, pixel by pixel, so the picture does not
 * depend on the thread count. */
#ifndef MC_SYNTH_H
#define MC_SYNTH_H

#include "mc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  int width, height;     /* image size in pixels, >= 1; no default (set by init) */
  double cx, cy;         /* lesion centre in pixels (pixel x covers [x, x+1]); default centre */
  double rx, ry;         /* lesion semi-axes in pixels, > 0; default both min(w, h) / 4 */
  double angle_deg;      /* rotation of the rx axis from the x axis, degrees; default 0 */
  float skin[3];         /* R'G'B' [0, 1] of the skin; default (0.85, 0.65, 0.58) */
  float lesion[3];       /* R'G'B' [0, 1] of the lesion; default (0.45, 0.28, 0.22) */
  double texture;        /* standard deviation of the skin and lesion texture, in [0, 1] units,
                            >= 0; default 0.03 */
  double edge_px;        /* width of the lesion's soft border, pixels, >= 0; default 2 */
  int hairs;             /* hair strands, >= 0; default 6 */
  double hair_width_px;  /* hair thickness in pixels, > 0; default 3 */
  float hair[3];         /* R'G'B' of the hair; default (0.15, 0.10, 0.08) */
  double vignette;       /* darkness of the field of view's rim: 0 = none, 1 = black outside the
                            circle; default 1 */
  double fov_radius;     /* radius of the round field of view as a fraction of half the image
                            diagonal, > 0; default 0.95 (corners dark, edges' middles bright) */
  uint32_t seed;         /* texture and hair placement; default 0 */
} mc_synth_params;

/* Fills p with the defaults above for a width x height image. */
void mc_synth_params_init (mc_synth_params *p, int width, int height);

/* Draws the image into rgb (width*height*3 R'G'B' [0, 1]) and the truth into truth (width*height,
 * 255 where the pixel centre lies inside the ellipse, else 0; may be NULL). Hair over the lesion
 * is still lesion in the truth. MC_ERR_ARG for a bad parameter or NULL rgb. */
mc_status mc_synth_lesion (const mc_synth_params *p, float *rgb, uint8_t *truth);

/* The exact area of the ellipse, pi * rx * ry, in pixels. */
double mc_synth_ellipse_area (const mc_synth_params *p);

#ifdef __cplusplus
}
#endif
#endif
