/* quantize.c: the quantisation computation behind plug-in-medclust-quantize: k-means in the
 * chosen colour space (babl converts), centres reported in R'G'B' sorted darkest first. */
#include "mc_quantize.h"

#include <string.h>


static float
clamp01 (float v)
{
  return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

/* Permutation that orders the centres by L* (darkest first; ties keep the fit's order). */
static void
order_by_lightness (const float *rgb, int k, int *perm)
{
  float lab[MC_KMEANS_MAX_K * 3];
  mc_convert_triples ("R'G'B' float", "CIE Lab float", rgb, lab, (size_t) k);
  for (int i = 0; i < k; i++)
    perm[i] = i;
  for (int i = 1; i < k; i++) /* insertion sort: stable, k <= 256 */
    {
      int p = perm[i], j = i;
      while (j > 0 && lab[3 * perm[j - 1]] > lab[3 * p])
        {
          perm[j] = perm[j - 1];
          j--;
        }
      perm[j] = p;
    }
}

/* After the fit: R'G'B' centres clamped and sorted darkest first (perm: new index j takes old
 * index perm[j]), the fit permuted the same way, the empty clusters counted. */
static void
finish_centres (mc_quantize_result *result, gboolean lab, int *perm)
{
  int k = result->fit.k;
  if (lab)
    mc_convert_triples ("CIE Lab float", "R'G'B' float", result->fit.centres,
                        result->rgb_centres, (size_t) k);
  else
    memcpy (result->rgb_centres, result->fit.centres, (size_t) k * 3 * sizeof (float));
  for (int i = 0; i < 3 * k; i++)
    result->rgb_centres[i] = clamp01 (result->rgb_centres[i]);
  float sorted[MC_KMEANS_MAX_K * 3];
  order_by_lightness (result->rgb_centres, k, perm);
  for (int j = 0; j < k; j++)
    memcpy (sorted + 3 * j, result->rgb_centres + 3 * perm[j], 3 * sizeof (float));
  memcpy (result->rgb_centres, sorted, (size_t) k * 3 * sizeof (float));
}

static void
count_empty (mc_quantize_result *result)
{
  for (int j = 0; j < result->fit.k; j++)
    result->n_empty += result->fit.counts[j] == 0;
}

static void
params_from_vals (mc_kmeans_params *params, const mc_quantize_vals *vals)
{
  mc_kmeans_params_init (params);
  params->k = vals->n_clusters;
  params->sample_fraction = vals->sample_fraction;
  params->seed = (uint32_t) vals->seed;
}

mc_status
mc_quantize_region (const mc_region *region, const mc_quantize_vals *vals,
                    mc_quantize_result *result, float *out, const mc_monitor *monitor)
{
  size_t n = region->n_valid;
  gboolean lab = vals->colour_space == 1;
  float *rgb = mc_region_pack_rgb (region);
  float *points = lab ? mc_region_pack_format (region, "CIE Lab float") : rgb;
  uint8_t *labels = g_new (uint8_t, n);

  mc_kmeans_params params;
  params_from_vals (&params, vals);
  memset (result, 0, sizeof *result);
  mc_status st = mc_kmeans (points, n, &params, &result->fit, labels, monitor);
  if (st == MC_OK)
    {
      int perm[MC_KMEANS_MAX_K];
      finish_centres (result, lab, perm);
      mc_kmeans_permute (&result->fit, perm, labels, n);
      result->n_distinct = (int) mc_kmeans_count_distinct (points, n, (size_t) result->fit.k);
      count_empty (result);
      /* Inertia is always reported against the R'G'B' centres the pixels are painted with. */
      result->inertia_rgb = mc_kmeans_inertia (rgb, n, result->rgb_centres, labels);

      if (out)
        {
          size_t total = (size_t) region->width * region->height, j = 0;
          memcpy (out, region->rgba, total * 4 * sizeof (float));
          for (size_t i = 0; i < total; i++)
            if (region->valid[i])
              memcpy (out + 4 * i, result->rgb_centres + 3 * labels[j++], 3 * sizeof (float));
        }
    }
  if (points != rgb)
    g_free (points);
  g_free (rgb);
  g_free (labels);
  return st;
}

mc_status
mc_quantize_rgb24 (const uint32_t *rgb, size_t n, const mc_quantize_vals *vals,
                   mc_quantize_result *result, uint8_t *colour_labels,
                   const mc_monitor *monitor)
{
  g_return_val_if_fail (vals->colour_space == 0, MC_ERR_ARG);
  mc_kmeans_params params;
  params_from_vals (&params, vals);
  memset (result, 0, sizeof *result);
  mc_status st = mc_kmeans_rgb24 (rgb, n, &params, &result->fit, colour_labels, monitor);
  if (st == MC_OK)
    {
      int perm[MC_KMEANS_MAX_K];
      uint8_t new_index[MC_KMEANS_MAX_K] = { 0 };
      finish_centres (result, FALSE, perm);
      mc_kmeans_permute (&result->fit, perm, NULL, 0);
      for (int j = 0; j < result->fit.k; j++)
        new_index[perm[j]] = (uint8_t) j;
      for (size_t c = 0; c < (size_t) 1 << 24; c++)
        colour_labels[c] = new_index[colour_labels[c]];
      result->n_distinct = (int) mc_kmeans_count_distinct_rgb24 (rgb, n, (size_t) result->fit.k);
      count_empty (result);
      result->inertia_rgb
          = mc_kmeans_inertia_rgb24 (rgb, n, result->rgb_centres, result->fit.k, colour_labels);
    }
  return st;
}

gchar *
mc_quantize_warnings (const mc_quantize_result *r)
{
  if (r->n_empty == 0)
    return g_strdup ("");
  GString *s = g_string_new (NULL);
  if (r->n_distinct < r->fit.k)
    g_string_append_printf (s, "n-clusters = %d but the analysed pixels have only %d distinct "
                            "colour%s: ", r->fit.k, r->n_distinct, r->n_distinct == 1 ? "" : "s");
  g_string_append_printf (s, "%d of %d clusters are empty (count 0; their centres repeat "
                          "others): centre%s", r->n_empty, r->fit.k, r->n_empty == 1 ? "" : "s");
  const char *sep = " ";
  for (int j = 0; j < r->fit.k; j++)
    if (r->fit.counts[j] == 0)
      {
        g_string_append_printf (s, "%s%d", sep, j);
        sep = ", ";
      }
  g_string_append (s, " (from 0, in the returned order)");
  return g_string_free (s, FALSE);
}
