/* measure.c: what the segment procedure reports about a lesion mask (area, share of the analysed
 * pixels, mm², perimeter, equivalent diameter, regions) and its outline as closed polylines.
 *
 * The perimeter is the Cauchy-Crofton formula with lines in 4 directions: the length of a curve is
 * (1/2) * integral over directions of (number of crossings * line spacing). Counting the lesion /
 * skin transitions along rows and columns (spacing 1) and along both diagonals (spacing 1/sqrt 2)
 * gives P = (pi / 8) * (N_row + N_col + (N_diag + N_anti) / sqrt 2). Unlike counting boundary pixel
 * edges (which gives 8r for a disc of radius r, +27%) it does not depend on how the boundary sits
 * on the grid: a disc's 4 projections all have length 2r, so the estimate is 2*pi*r. */
#include "mc_measure.h"

#include "mc_morphology.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int
is_lesion (const uint8_t *mask, const uint8_t *valid, size_t i)
{
  return mask[i] && (!valid || valid[i]);
}

/* Lesion / skin transitions along lines of direction (dx, dy), outside the image counting as skin:
 * each line is walked from its first in-image pixel to its last. */
static int64_t
crossings (const uint8_t *mask, const uint8_t *valid, int width, int height, int dx, int dy)
{
  int64_t count = 0;
  /* Every pixel compares itself with its predecessor on the line; a missing predecessor (off the
   * image) is skin, and the last pixel of each line also compares with the skin beyond it. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int here = is_lesion (mask, valid, (size_t) y * width + x);
        int px = x - dx, py = y - dy;
        int before = 0;
        if (px >= 0 && py >= 0 && px < width && py < height)
          before = is_lesion (mask, valid, (size_t) py * width + px);
        count += here != before;
        int nx = x + dx, ny = y + dy;
        if (here && (nx < 0 || ny < 0 || nx >= width || ny >= height))
          count++;
      }
  return count;
}

static double
crofton_perimeter (const uint8_t *mask, const uint8_t *valid, int width, int height)
{
  int64_t rows = crossings (mask, valid, width, height, 1, 0);
  int64_t cols = crossings (mask, valid, width, height, 0, 1);
  int64_t diag = crossings (mask, valid, width, height, 1, 1);
  int64_t anti = crossings (mask, valid, width, height, -1, 1);
  return M_PI / 8.0 * ((double) rows + (double) cols + (double) (diag + anti) / M_SQRT2);
}

mc_status
mc_measure_lesion (const uint8_t *mask, const uint8_t *valid, int width, int height,
                   double pixel_size_mm, mc_lesion_measure *out)
{
  if (!mask || !out || width < 1 || height < 1 || !(pixel_size_mm >= 0)
      || !isfinite (pixel_size_mm))
    return MC_ERR_ARG;
  size_t n = (size_t) width * height;
  memset (out, 0, sizeof *out);
  uint8_t *lesion = malloc (n);
  int32_t *labels = malloc (n * sizeof *labels);
  if (!lesion || !labels)
    {
      free (lesion);
      free (labels);
      return MC_ERR_NOMEM;
    }
  for (size_t i = 0; i < n; i++)
    {
      lesion[i] = (uint8_t) is_lesion (mask, valid, i);
      out->area_px += lesion[i];
      out->analysed_px += !valid || valid[i];
    }
  out->area_percent
    = out->analysed_px > 0 ? 100.0 * (double) out->area_px / (double) out->analysed_px : 0.0;
  out->area_mm2 = pixel_size_mm > 0 ? (double) out->area_px * pixel_size_mm * pixel_size_mm : -1.0;
  out->perimeter_px = crofton_perimeter (lesion, NULL, width, height);
  out->diameter_px = 2.0 * sqrt ((double) out->area_px / M_PI);
  int regions = mc_label_components (lesion, width, height, 8, labels);
  free (lesion);
  free (labels);
  if (regions < 0)
    return MC_ERR_NOMEM;
  out->components = regions;
  return MC_OK;
}

/* ---- Outline: marching squares at 0.5 ---------------------------------------------------- */

/* Cells have corners at 4 pixel centres; the grid is padded by one skin pixel on every side, so
 * cell (cx, cy), cx in [0, width], cy in [0, height], has its top-left corner at pixel
 * (cx - 1, cy - 1). A crossing point lies on a grid edge between two centres; it is named by
 * the edge: 2 * (gy * (width + 2) + gx) + 0 for the horizontal edge from padded centre (gx, gy)
 * to (gx + 1, gy), + 1 for the vertical edge from (gx, gy) to (gx, gy + 1). */
typedef struct
{
  int64_t from, to;
} segment;

static int
cmp_segment (const void *a, const void *b)
{
  int64_t x = ((const segment *) a)->from, y = ((const segment *) b)->from;
  return (x > y) - (x < y);
}

static uint8_t
padded_at (const uint8_t *mask, int width, int height, int gx, int gy)
{
  int x = gx - 1, y = gy - 1;
  if (x < 0 || y < 0 || x >= width || y >= height)
    return 0;
  return mask[(size_t) y * width + x] != 0;
}

/* Edges of a cell: 0 top, 1 right, 2 bottom, 3 left. */
static int64_t
edge_point (int width, int gx, int gy, int edge)
{
  int64_t row = (int64_t) width + 2;
  switch (edge)
    {
    case 0: return 2 * ((int64_t) gy * row + gx);
    case 1: return 2 * ((int64_t) gy * row + gx + 1) + 1;
    case 2: return 2 * ((int64_t) (gy + 1) * row + gx);
    default: return 2 * ((int64_t) gy * row + gx) + 1;
    }
}

static void
point_xy (int64_t id, int width, float *xy)
{
  int64_t row = (int64_t) width + 2;
  int64_t cell = id / 2;
  int gx = (int) (cell % row), gy = (int) (cell / row);
  /* Padded centre (gx, gy) is pixel (gx - 1, gy - 1), whose centre is at (gx - 0.5, gy - 0.5). */
  if (id % 2 == 0)
    {
      xy[0] = (float) gx;
      xy[1] = (float) gy - 0.5f;
    }
  else
    {
      xy[0] = (float) gx - 0.5f;
      xy[1] = (float) gy;
    }
}

/* The segments of one cell as (from edge, to edge) pairs, oriented so that the lesion is always on
 * the left of the walking direction as seen on screen (y down); a consistent orientation is what
 * lets every crossing point start exactly one segment. Corners: bit 0 top-left, 1 top-right, 2 bottom-right,
 * 3 bottom-left. Saddles (5, 10) keep diagonal lesion pixels joined, matching 8-connected regions. */
static const int8_t cell_segments[16][4] = {
  { -1, -1, -1, -1 }, /* 0: all skin */
  { 3, 0, -1, -1 },   /* 1: TL */
  { 0, 1, -1, -1 },   /* 2: TR */
  { 3, 1, -1, -1 },   /* 3: TL TR */
  { 1, 2, -1, -1 },   /* 4: BR */
  { 1, 0, 3, 2 },     /* 5: TL BR, joined */
  { 0, 2, -1, -1 },   /* 6: TR BR */
  { 3, 2, -1, -1 },   /* 7: TL TR BR */
  { 2, 3, -1, -1 },   /* 8: BL */
  { 2, 0, -1, -1 },   /* 9: TL BL */
  { 0, 3, 2, 1 },     /* 10: TR BL, joined */
  { 2, 1, -1, -1 },   /* 11: TL TR BL */
  { 1, 3, -1, -1 },   /* 12: BR BL */
  { 1, 0, -1, -1 },   /* 13: TL BR BL */
  { 0, 3, -1, -1 },   /* 14: TR BR BL */
  { -1, -1, -1, -1 }, /* 15: all lesion */
};

static mc_status
collect_segments (const uint8_t *mask, int width, int height, segment **out, size_t *count)
{
  size_t cap = 1024, n = 0;
  segment *s = malloc (cap * sizeof *s);
  if (!s)
    return MC_ERR_NOMEM;
  for (int gy = 0; gy <= height; gy++)
    for (int gx = 0; gx <= width; gx++)
      {
        int c = padded_at (mask, width, height, gx, gy)
                | padded_at (mask, width, height, gx + 1, gy) << 1
                | padded_at (mask, width, height, gx + 1, gy + 1) << 2
                | padded_at (mask, width, height, gx, gy + 1) << 3;
        for (int k = 0; k < 4 && cell_segments[c][k] >= 0; k += 2)
          {
            if (n == cap)
              {
                segment *grown = realloc (s, 2 * cap * sizeof *s);
                if (!grown)
                  {
                    free (s);
                    return MC_ERR_NOMEM;
                  }
                s = grown;
                cap *= 2;
              }
            s[n].from = edge_point (width, gx, gy, cell_segments[c][k]);
            s[n].to = edge_point (width, gx, gy, cell_segments[c][k + 1]);
            n++;
          }
      }
  *out = s;
  *count = n;
  return MC_OK;
}

static size_t
find_from (const segment *s, size_t n, int64_t id)
{
  size_t lo = 0, hi = n;
  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      if (s[mid].from < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Drops the middle one of three collinear points, which the staircase of a straight border
 * produces in long runs; the outline drawn is the same. */
static int
collinear (const float *a, const float *b, const float *c)
{
  float cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
  return fabsf (cross) < 1e-6f;
}

mc_status
mc_lesion_contours (const uint8_t *mask, int width, int height, mc_contours *out)
{
  if (!mask || !out || width < 1 || height < 1)
    return MC_ERR_ARG;
  memset (out, 0, sizeof *out);
  segment *seg;
  size_t n;
  mc_status st = collect_segments (mask, width, height, &seg, &n);
  if (st != MC_OK)
    return st;
  /* Every crossing point starts exactly one segment and ends one, so the segments sorted by
   * start chain into closed loops. */
  qsort (seg, n, sizeof *seg, cmp_segment);
  uint8_t *used = calloc (n ? n : 1, 1);
  float *xy = malloc ((2 * n + 2) * sizeof *xy);
  int *start = malloc ((n + 1) * sizeof *start);
  if (!used || !xy || !start)
    {
      free (seg);
      free (used);
      free (xy);
      free (start);
      return MC_ERR_NOMEM;
    }
  int loops = 0, points = 0;
  for (size_t first = 0; first < n; first++)
    {
      if (used[first])
        continue;
      start[loops] = points;
      size_t i = first;
      while (!used[i])
        {
          used[i] = 1;
          float p[2];
          point_xy (seg[i].from, width, p);
          int m = points - start[loops];
          if (m >= 2 && collinear (xy + 2 * (points - 2), xy + 2 * (points - 1), p))
            points--;
          xy[2 * points] = p[0];
          xy[2 * points + 1] = p[1];
          points++;
          i = find_from (seg, n, seg[i].to);
        }
      /* Close the loop: the last and the first point may also be collinear with their neighbours. */
      int s0 = start[loops];
      while (points - s0 >= 3
             && collinear (xy + 2 * (points - 2), xy + 2 * (points - 1), xy + 2 * s0))
        points--;
      while (points - s0 >= 3 && collinear (xy + 2 * (points - 1), xy + 2 * s0, xy + 2 * (s0 + 1)))
        {
          memmove (xy + 2 * s0, xy + 2 * (s0 + 1), 2 * (size_t) (points - s0 - 1) * sizeof *xy);
          points--;
        }
      loops++;
    }
  start[loops] = points;
  free (seg);
  free (used);
  out->n_polylines = loops;
  out->n_points = points;
  out->start = start;
  out->xy = xy;
  return MC_OK;
}

void
mc_contours_free (mc_contours *contours)
{
  if (!contours)
    return;
  free (contours->start);
  free (contours->xy);
  memset (contours, 0, sizeof *contours);
}
