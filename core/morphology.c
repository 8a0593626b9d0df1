/* morphology.c: binary morphology with disc elements (through the exact Euclidean distance
 * transform, so any radius costs the same), hole filling, connected components, and grey
 * max/min filters over square windows (van Herk / Gil-Werman) for hair removal. */
#include "mc_morphology.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Larger than any squared distance inside an image, small enough that sums stay finite. */
#define FAR_SQ 1e30f

static int
size_ok (int width, int height)
{
  return width >= 1 && height >= 1 && (size_t) width * height <= SIZE_MAX / 8;
}

/* One-dimensional squared distance transform of f (n samples, stride apart) after Felzenszwalb
 * and Huttenlocher: the lower envelope of the parabolas rooted at the finite samples. Works in
 * double because sums of squared distances exceed float's exact integers on large images.
 * v, z and d are scratch of n, n + 1 and n entries. */
static void
dt_line (float *f, size_t n, size_t stride, int *v, double *z, double *d)
{
  int k = -1;
  for (size_t q = 0; q < n; q++)
    {
      double fq = f[q * stride];
      if (fq >= FAR_SQ)
        continue; /* a far sample never lies on the envelope */
      if (k < 0)
        {
          k = 0;
          v[0] = (int) q;
          z[0] = -HUGE_VAL;
          z[1] = HUGE_VAL;
          continue;
        }
      double s;
      for (;;)
        {
          int p = v[k];
          double fp = f[(size_t) p * stride];
          s = ((fq + (double) q * q) - (fp + (double) p * p)) / (2.0 * ((double) q - p));
          if (s > z[k])
            break;
          k--; /* z[0] is -inf, so k never drops below 0 */
        }
      k++;
      v[k] = (int) q;
      z[k] = s;
      z[k + 1] = HUGE_VAL;
    }
  if (k < 0)
    return; /* nothing finite on this line: it stays far */
  k = 0;
  for (size_t q = 0; q < n; q++)
    {
      while (z[k + 1] < (double) q)
        k++;
      double dq = (double) q - v[k];
      d[q] = dq * dq + f[(size_t) v[k] * stride];
    }
  for (size_t q = 0; q < n; q++)
    f[q * stride] = (float) d[q];
}

/* Distance to the nearest pixel whose mask value equals `target` (0 or 1). */
static mc_status
distance_to (const uint8_t *mask, int target, int width, int height, float *dist_sq)
{
  size_t n = (size_t) width * height;
  size_t longest = (size_t) (width > height ? width : height);
  int *v = malloc (longest * sizeof *v);
  double *z = malloc ((longest + 1) * sizeof *z);
  double *d = malloc (longest * sizeof *d);
  if (!v || !z || !d)
    {
      free (v);
      free (z);
      free (d);
      return MC_ERR_NOMEM;
    }
  for (size_t i = 0; i < n; i++)
    dist_sq[i] = ((mask[i] != 0) == target) ? 0.0f : FAR_SQ;
  for (int x = 0; x < width; x++)
    dt_line (dist_sq + x, (size_t) height, (size_t) width, v, z, d);
  for (int y = 0; y < height; y++)
    dt_line (dist_sq + (size_t) y * width, (size_t) width, 1, v, z, d);
  free (v);
  free (z);
  free (d);
  return MC_OK;
}

mc_status
mc_distance_sq (const uint8_t *mask, int width, int height, float *dist_sq)
{
  if (!mask || !dist_sq || !size_ok (width, height))
    return MC_ERR_ARG;
  return distance_to (mask, 1, width, height, dist_sq);
}

/* Small discs: a direct look at the few neighbours within r is quicker than two distance
 * transforms, and gives the same result. */
#define SMALL_DISC 2.5

static mc_status
small_disc_filter (const uint8_t *in, uint8_t *out, int width, int height, double r, int target)
{
  size_t n = (size_t) width * height;
  uint8_t *copy = malloc (n);
  if (!copy)
    return MC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    copy[i] = in[i] != 0;
  int reach = (int) floor (r);
  double limit = r * r + 1e-3;
  /* A pixel of the output differs from the input when a neighbour within r has the target
   * value: dilation (target 1) sets, erosion (target 0) clears. */
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        size_t i = (size_t) y * width + x;
        int v = copy[i];
        if (v == target)
          {
            out[i] = (uint8_t) v;
            continue;
          }
        for (int dy = -reach; dy <= reach && v != target; dy++)
          {
            int ny = y + dy;
            if (ny < 0 || ny >= height)
              continue;
            for (int dx = -reach; dx <= reach; dx++)
              {
                int nx = x + dx;
                if (nx < 0 || nx >= width || dx * dx + dy * dy > limit)
                  continue;
                if (copy[(size_t) ny * width + nx] == target)
                  {
                    v = target;
                    break;
                  }
              }
          }
        out[i] = (uint8_t) v;
      }
  free (copy);
  return MC_OK;
}

/* Dilation when target = 1 (pixels within r of a set pixel), erosion when target = 0 (pixels
 * farther than r from every unset pixel; outside the image is not an unset pixel). */
static mc_status
disc_filter (const uint8_t *in, uint8_t *out, int width, int height, double r, int target)
{
  if (!in || !out || !size_ok (width, height) || !(r >= 0))
    return MC_ERR_ARG;
  if (r < SMALL_DISC)
    return small_disc_filter (in, out, width, height, r, target);
  size_t n = (size_t) width * height;
  float *dist = malloc (n * sizeof *dist);
  if (!dist)
    return MC_ERR_NOMEM;
  mc_status st = distance_to (in, target, width, height, dist);
  if (st == MC_OK)
    {
      /* Squared distances between pixel centres are integers: compare with a margin. */
      float limit = (float) (r * r) + 1e-3f;
      for (size_t i = 0; i < n; i++)
        out[i] = target ? dist[i] <= limit : dist[i] > limit;
    }
  free (dist);
  return st;
}

mc_status
mc_binary_dilate (const uint8_t *in, uint8_t *out, int width, int height, double r)
{
  return disc_filter (in, out, width, height, r, 1);
}

mc_status
mc_binary_erode (const uint8_t *in, uint8_t *out, int width, int height, double r)
{
  return disc_filter (in, out, width, height, r, 0);
}

mc_status
mc_binary_open (const uint8_t *in, uint8_t *out, int width, int height, double r)
{
  mc_status st = mc_binary_erode (in, out, width, height, r);
  return st == MC_OK ? mc_binary_dilate (out, out, width, height, r) : st;
}

mc_status
mc_binary_close (const uint8_t *in, uint8_t *out, int width, int height, double r)
{
  mc_status st = mc_binary_dilate (in, out, width, height, r);
  return st == MC_OK ? mc_binary_erode (out, out, width, height, r) : st;
}

mc_status
mc_fill_holes (uint8_t *mask, int width, int height)
{
  if (!mask || !size_ok (width, height))
    return MC_ERR_ARG;
  size_t n = (size_t) width * height;
  /* reached: 1 = unset and 4-connected to the border. */
  uint8_t *reached = calloc (n, 1);
  size_t *stack = malloc (n * sizeof *stack);
  if (!reached || !stack)
    {
      free (reached);
      free (stack);
      return MC_ERR_NOMEM;
    }
  size_t top = 0;
#define PUSH_IF_OPEN(idx)                                                                          \
  do                                                                                               \
    {                                                                                              \
      size_t i_ = (idx);                                                                           \
      if (!mask[i_] && !reached[i_])                                                               \
        {                                                                                          \
          reached[i_] = 1;                                                                         \
          stack[top++] = i_;                                                                       \
        }                                                                                          \
    }                                                                                              \
  while (0)
  for (int x = 0; x < width; x++)
    {
      PUSH_IF_OPEN ((size_t) x);
      PUSH_IF_OPEN ((size_t) (height - 1) * width + x);
    }
  for (int y = 0; y < height; y++)
    {
      PUSH_IF_OPEN ((size_t) y * width);
      PUSH_IF_OPEN ((size_t) y * width + width - 1);
    }
  while (top > 0)
    {
      size_t i = stack[--top];
      int x = (int) (i % width), y = (int) (i / width);
      if (x > 0)
        PUSH_IF_OPEN (i - 1);
      if (x < width - 1)
        PUSH_IF_OPEN (i + 1);
      if (y > 0)
        PUSH_IF_OPEN (i - width);
      if (y < height - 1)
        PUSH_IF_OPEN (i + width);
    }
#undef PUSH_IF_OPEN
  for (size_t i = 0; i < n; i++)
    mask[i] = !reached[i];
  free (reached);
  free (stack);
  return MC_OK;
}

int
mc_label_components (const uint8_t *mask, int width, int height, int connectivity,
                     int32_t *labels)
{
  if (!mask || !labels || !size_ok (width, height) || (connectivity != 4 && connectivity != 8))
    return -1;
  size_t n = (size_t) width * height;
  size_t *stack = malloc (n * sizeof *stack);
  if (!stack)
    return -1;
  for (size_t i = 0; i < n; i++)
    labels[i] = 0;
  int32_t count = 0;
  for (size_t start = 0; start < n; start++)
    {
      if (!mask[start] || labels[start])
        continue;
      labels[start] = ++count;
      size_t top = 0;
      stack[top++] = start;
      while (top > 0)
        {
          size_t i = stack[--top];
          int x = (int) (i % width), y = (int) (i / width);
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                if ((dx == 0 && dy == 0) || (connectivity == 4 && dx != 0 && dy != 0))
                  continue;
                int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= width || ny >= height)
                  continue;
                size_t j = (size_t) ny * width + nx;
                if (mask[j] && !labels[j])
                  {
                    labels[j] = count;
                    stack[top++] = j;
                  }
              }
        }
    }
  free (stack);
  return count;
}

/* Running max (sign = 1) or min (sign = -1) over a window of 2r+1 samples of one line, clamped
 * at its ends. line holds n samples at `stride`; pad is scratch of n + 4r + 2 floats and g, h of
 * the same size. Van Herk / Gil-Werman: block-wise prefix and suffix extrema. */
static void
extremum_line (float *line, size_t n, size_t stride, int r, float sign, float *pad, float *g,
               float *h)
{
  size_t k = (size_t) (2 * r + 1);
  size_t m = n + 2 * (size_t) r;
  size_t total = (m + k - 1) / k * k;
  for (size_t i = 0; i < total; i++)
    pad[i] = -FLT_MAX;
  for (size_t i = 0; i < n; i++)
    pad[i + (size_t) r] = sign * line[i * stride];
  for (size_t b = 0; b < total; b += k)
    {
      g[b] = pad[b];
      for (size_t i = b + 1; i < b + k; i++)
        g[i] = g[i - 1] > pad[i] ? g[i - 1] : pad[i];
      h[b + k - 1] = pad[b + k - 1];
      for (size_t i = b + k - 1; i-- > b;)
        h[i] = h[i + 1] > pad[i] ? h[i + 1] : pad[i];
    }
  /* Output i covers pad[i .. i + 2r]: the suffix max from i within its block and the prefix max
   * up to i + 2r within the next. */
  for (size_t i = 0; i < n; i++)
    {
      float a = h[i], b = g[i + k - 1];
      line[i * stride] = sign * (a > b ? a : b);
    }
}

static mc_status
grey_extremum (const float *in, float *out, int width, int height, int r, float sign)
{
  if (!in || !out || !size_ok (width, height) || r < 0)
    return MC_ERR_ARG;
  size_t n = (size_t) width * height;
  if (out != in)
    memcpy (out, in, n * sizeof *out);
  if (r == 0)
    return MC_OK;
  size_t longest = (size_t) (width > height ? width : height);
  size_t scratch = longest + 4 * (size_t) r + 2;
  float *buf = malloc (3 * scratch * sizeof *buf);
  if (!buf)
    return MC_ERR_NOMEM;
  for (int y = 0; y < height; y++)
    extremum_line (out + (size_t) y * width, (size_t) width, 1, r, sign, buf, buf + scratch,
                   buf + 2 * scratch);
  for (int x = 0; x < width; x++)
    extremum_line (out + x, (size_t) height, (size_t) width, r, sign, buf, buf + scratch,
                   buf + 2 * scratch);
  free (buf);
  return MC_OK;
}

mc_status
mc_grey_dilate (const float *in, float *out, int width, int height, int r)
{
  return grey_extremum (in, out, width, height, r, 1.0f);
}

mc_status
mc_grey_erode (const float *in, float *out, int width, int height, int r)
{
  return grey_extremum (in, out, width, height, r, -1.0f);
}

mc_status
mc_grey_close (const float *in, float *out, int width, int height, int r)
{
  mc_status st = mc_grey_dilate (in, out, width, height, r);
  return st == MC_OK ? mc_grey_erode (out, out, width, height, r) : st;
}
