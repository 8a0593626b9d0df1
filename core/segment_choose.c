/* segment_choose.c: method 1, step 8: which of the dark regions is the lesion.
 *
 * Every 4-connected region of the thresholded mask is a candidate, scored by
 *     area * contrast^2 * compactness * exp(-8 d^2) * (0.3 if it touches the edge)
 * contrast: its mean darkness against the skin model (log units), squared so that a small dark
 *   lesion beats a large dim patch of shadow or left-over vignette (area alone: clinical set mean
 *   Jaccard 0.816; contrast^1: 0.839; contrast^2: 0.843, and no image below 0.5);
 * compactness: 2 * (area / border pixels) / equivalent radius, 1 for a disc, about 0.3 for a
 *   ring: ink circles drawn around a lesion are rings (without it a thick magenta ring, which
 *   the colour test of step 2 does not catch, beats the lesion inside it);
 * d: the centroid's offset from the image centre relative to the image size: clinicians frame
 *   the lesion;
 * the edge: touching the image border or the edge of the field of view (vignette, artefacts).
 * frames: a region drawn around another region that scores at least a quarter of its own is an
 *   ink circle around the lesion, not the lesion: its score is cut tenfold (and the result says
 *   that ink was excluded);
 * The best region is the lesion; other regions of at least a tenth of its score are kept too
 * (lesions in several pieces) when they are compact and do not touch the edge. The best score
 * among the regions left out, relative to the lesion's, tells how clear the choice was. */
#include "segment_internal.h"

#include "mc_morphology.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CONTRAST_POWER 2.0      /* score grows with the mean darkness to this power */
#define CENTRE_WEIGHT 8.0       /* score falls off as exp(-CENTRE_WEIGHT d^2) */
#define EDGE_FACTOR 0.3         /* score factor of a region touching the edge */
#define SECOND_REGION_SHARE 0.1 /* other regions kept from this share of the best score ... */
#define SECOND_COMPACTNESS 0.5  /* ... when at least this compact */
#define RIM_TOUCH_RADIUS 2.0    /* "touches the edge": this close, at reference */
#define FRAME_SHARE 0.25        /* a region around another scoring this share of its own ... */
#define FRAME_FACTOR 0.1        /* ... is a frame (an ink circle): its score times this */

typedef struct
{
  double area, sx, sy, dark, border;
  int touches;
  int32_t hole; /* the hole of another region that surrounds this one, 0 when none */
  double score;
  int kept;
} region;

/* Area, centroid sums, darkness, border pixels and edge contact of every region. */
static mc_status
measure_regions (const int32_t *labels, const uint8_t *fov, const float *dark, int W, int H,
                 double unit, region *r)
{
  size_t n = (size_t) W * H;
  uint8_t *inner = malloc (n);
  if (!inner)
    return MC_ERR_NOMEM;
  /* inner: in the field of view and farther than RIM_TOUCH_RADIUS from its edge. */
  double edge = RIM_TOUCH_RADIUS * unit;
  mc_status st = mc_binary_erode (fov, inner, W, H, edge);
  if (st != MC_OK)
    {
      free (inner);
      return st;
    }
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        size_t i = (size_t) y * W + x;
        int32_t l = labels[i];
        if (!l)
          continue;
        region *g = &r[l];
        g->area += 1;
        g->sx += x;
        g->sy += y;
        g->dark += dark[i];
        g->border += x == 0 || y == 0 || x == W - 1 || y == H - 1 || labels[i - 1] != l
                     || labels[i + 1] != l || labels[i - W] != l || labels[i + W] != l;
        /* mc_binary_erode keeps the image border; the image edge is an edge too. */
        if (!inner[i] || x < edge || y < edge || W - 1 - x < edge || H - 1 - y < edge)
          g->touches = 1;
      }
  free (inner);
  return MC_OK;
}

/* Marks in r[].hole the regions that lie in a hole of another region (nothing around them but
 * one hole), and returns in encloser[hole] the region around each hole. The holes are the
 * components of the complement that do not reach the image border. */
static mc_status
find_frames (const int32_t *labels, int count, int W, int H, region *r, int32_t **enclosers)
{
  size_t n = (size_t) W * H;
  uint8_t *rest = malloc (n);
  int32_t *holes = malloc (n * sizeof *holes);
  int32_t *encloser = NULL;
  mc_status st = MC_ERR_NOMEM;
  if (!rest || !holes)
    goto done;
  for (size_t i = 0; i < n; i++)
    rest[i] = !labels[i];
  int nh = mc_label_components (rest, W, H, 4, holes);
  if (nh < 0 || !(encloser = calloc ((size_t) nh + 1, sizeof *encloser)))
    goto done;
  /* Components of the complement on the image border are the outside, not holes. */
  uint8_t *outside = rest; /* reused: one flag per complement label */
  memset (outside, 0, (size_t) nh + 1);
  for (int x = 0; x < W; x++)
    outside[holes[x]] = outside[holes[(size_t) (H - 1) * W + x]] = 1;
  for (int y = 0; y < H; y++)
    outside[holes[(size_t) y * W]] = outside[holes[(size_t) y * W + W - 1]] = 1;
  /* Each region's complement neighbours: -1 = several or the outside, else the one hole. */
  for (int l = 1; l <= count; l++)
    r[l].hole = 0;
  for (int y = 1; y < H - 1; y++)
    for (int x = 1; x < W - 1; x++)
      {
        size_t i = (size_t) y * W + x;
        int32_t l = labels[i];
        if (!l || r[l].hole < 0)
          continue;
        const size_t nb[4] = { i - 1, i + 1, i - W, i + W };
        for (int k = 0; k < 4; k++)
          {
            int32_t h = labels[nb[k]] ? 0 : holes[nb[k]];
            if (!h)
              continue;
            if (outside[h] || (r[l].hole && r[l].hole != h))
              r[l].hole = -1;
            else
              r[l].hole = h;
          }
      }
  /* The region around a hole: a neighbour of the hole that is not inside it. */
  for (size_t i = 0; i < n; i++)
    {
      int32_t l = labels[i];
      if (!l)
        continue;
      int x = (int) (i % W), y = (int) (i / W);
      if (x == 0 || y == 0 || x == W - 1 || y == H - 1)
        continue;
      const size_t nb[4] = { i - 1, i + 1, i - W, i + W };
      for (int k = 0; k < 4; k++)
        {
          int32_t h = labels[nb[k]] ? 0 : holes[nb[k]];
          if (h && !outside[h] && r[l].hole != h
              && (!encloser[h] || r[l].area > r[encloser[h]].area))
            encloser[h] = l;
        }
    }
  for (int l = 1; l <= count; l++)
    if (r[l].hole < 0)
      r[l].hole = 0;
  *enclosers = encloser;
  encloser = NULL;
  st = MC_OK;
done:
  free (rest);
  free (holes);
  free (encloser);
  return st;
}

static double
compactness (const region *g)
{
  double r_eq = sqrt (g->area / M_PI);
  double c = r_eq > 0 ? 2 * (g->area / g->border) / r_eq : 1;
  return c < 1 ? c : 1;
}

mc_status
segment_choose (uint8_t *m, const uint8_t *fov, const float *dark, int W, int H, double unit,
                segment_choice *choice)
{
  size_t n = (size_t) W * H;
  choice->runner_up = 0;
  choice->frames = 0;
  int32_t *labels = malloc (n * sizeof *labels);
  region *r = NULL;
  int32_t *encloser = NULL;
  mc_status st = MC_ERR_NOMEM;
  if (!labels)
    goto done;
  int count = mc_label_components (m, W, H, 4, labels);
  if (count < 0)
    goto done;
  st = MC_OK;
  if (count == 0)
    goto done;
  st = MC_ERR_NOMEM;
  if (!(r = calloc ((size_t) count + 1, sizeof *r)))
    goto done;
  if ((st = measure_regions (labels, fov, dark, W, H, unit, r)) != MC_OK)
    goto done;
  if ((st = find_frames (labels, count, W, H, r, &encloser)) != MC_OK)
    goto done;
  for (int l = 1; l <= count; l++)
    {
      region *g = &r[l];
      double dx = (g->sx / g->area - 0.5 * (W - 1)) / W, dy = (g->sy / g->area - 0.5 * (H - 1)) / H;
      g->score = g->area * pow (g->dark / g->area, CONTRAST_POWER) * compactness (g)
                 * exp (-CENTRE_WEIGHT * (dx * dx + dy * dy)) * (g->touches ? EDGE_FACTOR : 1);
    }
  /* A region drawn around another that scores as a lesion too is a frame, not the lesion. */
  for (int l = 1; l <= count; l++)
    {
      int32_t e = r[l].hole ? encloser[r[l].hole] : 0;
      if (e && !r[e].hole && r[l].score >= FRAME_SHARE * r[e].score)
        r[e].hole = -1; /* marked; scored down below */
    }
  int best = 1;
  double frame = 0; /* the best score of a frame, before scoring it down */
  for (int l = 1; l <= count; l++)
    {
      if (r[l].hole < 0)
        {
          frame = r[l].score > frame ? r[l].score : frame;
          r[l].score *= FRAME_FACTOR;
        }
      if (r[l].score > r[best].score)
        best = l;
    }
  choice->frames = frame >= SECOND_REGION_SHARE * r[best].score;
  double second = 0;
  for (int l = 1; l <= count; l++)
    {
      region *g = &r[l];
      g->kept = l == best
                || (g->score >= SECOND_REGION_SHARE * r[best].score && !g->touches
                    && compactness (g) >= SECOND_COMPACTNESS);
      if (!g->kept && g->score > second)
        second = g->score;
    }
  choice->runner_up = r[best].score > 0 ? second / r[best].score : 0;
  for (size_t i = 0; i < n; i++)
    m[i] = labels[i] && r[labels[i]].kept;
  st = MC_OK;
done:
  free (labels);
  free (r);
  free (encloser);
  return st;
}
