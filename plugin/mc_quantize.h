/* mc_quantize.h: k-means colour quantisation of a drawable region, shared by the procedure and
 * its dialog's preview. */
#ifndef MC_QUANTIZE_H
#define MC_QUANTIZE_H

#include "mc_kmeans.h"
#include "mc_pixels.h"

#define MC_QUANTIZE_PROC "plug-in-medclust-quantize"

/* The procedure's parameters after run-mode, image and drawable (also the last-values record). */
typedef struct
{
  gint32 n_clusters;      /* 1..256, default 5 (the course) */
  gint32 colour_space;    /* 0 = R'G'B' (the course), 1 = CIE L*a*b*; default 0 */
  gdouble sample_fraction; /* (0, 1], default 0.05 (the course); 1 = exact fit on every pixel */
  gint32 seed;            /* default 0 */
  gint32 output;          /* 0 = new layer "K-means K=<n>" above the drawable, 1 = replace */
} mc_quantize_vals;

typedef struct
{
  mc_kmeans_result fit;     /* counts and iterations; centres in the fit's colour space */
  float rgb_centres[MC_KMEANS_MAX_K * 3]; /* R'G'B' [0,1], darkest first by L* */
  double inertia_rgb;       /* in R'G'B' [0,1] units whatever the colour space */
  int n_distinct;           /* distinct analysed colours, counted up to K (K = at least K) */
  int n_empty;              /* clusters with count 0: they repeat another centre */
} mc_quantize_result;

/* The warning for K above the distinct colours (or any empty cluster), "" when there is none:
 * "n-clusters = 8 but the analysed pixels have only 3 distinct colours: 5 clusters are empty
 * (count 0; their centres repeat others): centres 2, 4, ... (from 0, in the returned order)".
 * g_free it. */
gchar *mc_quantize_warnings (const mc_quantize_result *result);


/* Quantises the region's analysed pixels: fills result and, when out is not NULL, out
 * (width*height*4: the region's pixels with every analysed pixel replaced by its centre). */
mc_status mc_quantize_region (const mc_region *region, const mc_quantize_vals *vals,
                              mc_quantize_result *result, float *out, const mc_monitor *monitor);

/* The same on an 8-bit layer's analysed colours packed 0xRRGGBB (mc_region_read_rgb24), in
 * R'G'B' only (colour_space 0): the same result to the bit, and instead of out, colour_labels
 * (1 << 24 entries, zeroed by the caller) receives each present colour's index in
 * result->rgb_centres. */
mc_status mc_quantize_rgb24 (const uint32_t *rgb, size_t n, const mc_quantize_vals *vals,
                             mc_quantize_result *result, uint8_t *colour_labels,
                             const mc_monitor *monitor);

#endif
