/* kmeans_rgb24.c: k-means on 8-bit colours packed as 0xRRGGBB, for layers of many megapixels.
 * It gives the fit, counts and inertia that mc_kmeans gives on the points (R/255, G/255, B/255),
 * to the bit, without a float copy of the image (12 bytes a point) and without a label per point:
 * the distinct colours are found by their 24-bit code (a hash table as large as the colours), and
 * the labels come out per colour, in a table indexed by the code. The fit itself is kmeans.c's,
 * on the same weighted colours in the same order (first occurrence), so nothing can differ. */
#include "kmeans_internal.h"
#include "mc_kmeans.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The distinct codes of some points, with the fit's view of them (coordinates and weights). */
typedef struct
{
  kmeans_colours c; /* x, y, z, weight, n_unique, n_points: what kmeans_fit reads */
  uint32_t *code;   /* n_unique codes, in order of first occurrence */
  uint64_t *slot;   /* open addressing: (code + 1) << 32 | index; 0 = empty; at most half full */
  int bits;         /* 1 << bits slots */
} rgb24_set;

/* The float a byte stands for: v / 255 in double, rounded once, as mc_pixels_from_u8 gives. */
static float
byte_value (uint32_t v)
{
  return (float) (v / 255.0);
}

static inline size_t
slot_of (const rgb24_set *t, uint32_t code)
{
  size_t mask = ((size_t) 1 << t->bits) - 1;
  size_t pos = (size_t) (((uint64_t) code * UINT64_C (0x9e3779b97f4a7c15)) >> (64 - t->bits));
  while (t->slot[pos] && (uint32_t) (t->slot[pos] >> 32) != code + 1)
    pos = (pos + 1) & mask;
  return pos;
}

/* The index of a code that is in the set. */
static inline uint32_t
index_of (const rgb24_set *t, uint32_t code)
{
  return (uint32_t) t->slot[slot_of (t, code)];
}

static void
set_free (rgb24_set *t)
{
  free (t->c.x);
  free (t->c.y);
  free (t->c.z);
  free (t->c.weight);
  free (t->code);
  free (t->slot);
  memset (t, 0, sizeof *t);
}

static int
set_alloc (rgb24_set *t, size_t capacity, int bits)
{
  float **coord[3] = { &t->c.x, &t->c.y, &t->c.z };
  for (int d = 0; d < 3; d++)
    if (!(*coord[d] = realloc (*coord[d], capacity * sizeof (float))))
      return 0;
  t->c.weight = realloc (t->c.weight, capacity * sizeof (uint32_t));
  t->code = realloc (t->code, capacity * sizeof (uint32_t));
  t->c.capacity = capacity;
  if (bits != t->bits)
    {
      free (t->slot);
      t->bits = bits;
      t->slot = calloc ((size_t) 1 << bits, sizeof (uint64_t));
      for (size_t u = 0; t->slot && u < t->c.n_unique; u++)
        t->slot[slot_of (t, t->code[u])] = (uint64_t) (t->code[u] + 1) << 32 | u;
    }
  return t->c.weight && t->code && t->slot;
}

static int
set_init (rgb24_set *t, size_t n_points)
{
  memset (t, 0, sizeof *t);
  t->c.n_points = n_points;
  return set_alloc (t, 4096, 13);
}

/* Adds weight to code's colour, adding the colour when new; 0 when out of memory. */
static int
set_add (rgb24_set *t, uint32_t code, uint32_t weight)
{
  size_t pos = slot_of (t, code);
  if (t->slot[pos])
    {
      t->c.weight[(uint32_t) t->slot[pos]] += weight;
      return 1;
    }
  size_t u = t->c.n_unique++;
  t->slot[pos] = (uint64_t) (code + 1) << 32 | u;
  t->code[u] = code;
  t->c.x[u] = byte_value (code >> 16);
  t->c.y[u] = byte_value (code >> 8 & 255);
  t->c.z[u] = byte_value (code & 255);
  t->c.weight[u] = weight;
  if (t->c.n_unique < t->c.capacity && 2 * t->c.n_unique < ((size_t) 1 << t->bits))
    return 1;
  return set_alloc (t, 2 * t->c.capacity, t->bits + 1);
}

/* The colours of every point, or of the points whose bit is set in taken (NULL = all). */
static mc_status
set_build (rgb24_set *t, const uint32_t *rgb, size_t n, const uint64_t *taken, size_t m)
{
  if (!set_init (t, taken ? m : n))
    return MC_ERR_NOMEM;
  if (!taken)
    {
      for (size_t i = 0; i < n; i++)
        if (!set_add (t, rgb[i] & 0xffffff, 1))
          return MC_ERR_NOMEM;
      return MC_OK;
    }
  size_t words = (n + 63) / 64, w = 0, i;
  uint64_t bits = taken[0];
  while ((i = kmeans_next_taken (taken, words, &w, &bits)) != SIZE_MAX)
    if (!set_add (t, rgb[i] & 0xffffff, 1))
      return MC_ERR_NOMEM;
  return MC_OK;
}

/* Labels every colour of t with its nearest centre (kmeans_nearest: the rule of every exact
 * labelling) and keeps its squared distance. */
static void
label_colours (const rgb24_set *t, const mc_kmeans_result *r, uint8_t *label, double *d2)
{
  double centres[3 * MC_KMEANS_MAX_K];
  for (int e = 0; e < 3 * r->k; e++)
    centres[e] = r->centres[e];
  for (size_t u = 0; u < t->c.n_unique; u++)
    label[u] = (uint8_t) kmeans_nearest (t->c.x[u], t->c.y[u], t->c.z[u], centres, r->k, &d2[u]);
}

typedef struct
{
  const uint32_t *rgb;
  const rgb24_set *set;
  const double *d2; /* per colour */
  double *inertia;  /* per block */
} points_ctx;

/* As mc_kmeans_assign's blocks: the same sum, point after point. */
static void
inertia_points_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  points_ctx *P = ctx_;
  double inertia = 0;
  for (size_t i = begin; i < end; i++)
    inertia += P->d2[index_of (P->set, P->rgb[i] & 0xffffff)];
  P->inertia[b] = inertia;
}

/* After a fit on a sample: every point's counts and inertia, as mc_kmeans_assign gives them. */
static mc_status
assign_all (const uint32_t *rgb, size_t n, const rgb24_set *all, const uint8_t *label,
            const double *d2, mc_kmeans_result *r)
{
  size_t nb = mc_num_blocks (n, KMEANS_ASSIGN_BLOCK);
  double *inertia = malloc (nb * sizeof (double));
  if (!inertia)
    return MC_ERR_NOMEM;
  memset (r->counts, 0, sizeof r->counts);
  for (size_t u = 0; u < all->c.n_unique; u++)
    r->counts[label[u]] += all->c.weight[u];
  points_ctx P = { rgb, all, d2, inertia };
  mc_parallel_blocks (n, KMEANS_ASSIGN_BLOCK, inertia_points_block, &P);
  r->inertia = 0;
  for (size_t b = 0; b < nb; b++)
    r->inertia += inertia[b];
  free (inertia);
  return MC_OK;
}

/* Fits on a sample of m points drawn as mc_kmeans draws it. */
static mc_status
fit_sample (const uint32_t *rgb, size_t n, size_t m, const mc_kmeans_params *p,
            mc_kmeans_result *r, const mc_monitor *monitor)
{
  kmeans_scratch s;
  rgb24_set sample;
  kmeans_scratch_open (&s, (n + 63) / 8 + kmeans_colours_bytes (m));
  uint64_t *taken = kmeans_draw_taken (n, m, p->seed, &s);
  mc_status status = taken ? set_build (&sample, rgb, n, taken, m) : MC_ERR_NOMEM;
  if (status == MC_OK && mc_monitor_report (monitor, 0.1))
    status = MC_ERR_CANCELLED;
  if (status == MC_OK)
    status = kmeans_fit (&sample.c, 0, p, &s, r, NULL, monitor);
  if (taken)
    set_free (&sample);
  kmeans_scratch_close (&s);
  return status;
}

static mc_status
fit_all (const rgb24_set *all, const mc_kmeans_params *p, mc_kmeans_result *r,
         const mc_monitor *monitor)
{
  kmeans_scratch s;
  kmeans_scratch_open (&s, kmeans_colours_bytes (all->c.n_unique));
  mc_status status = kmeans_fit (&all->c, 1, p, &s, r, NULL, monitor);
  kmeans_scratch_close (&s);
  return status;
}

mc_status
mc_kmeans_rgb24 (const uint32_t *rgb, size_t n, const mc_kmeans_params *params,
                 mc_kmeans_result *result, uint8_t *colour_labels, const mc_monitor *monitor)
{
  if (!rgb || !params || !result || kmeans_params_invalid (params, n))
    return MC_ERR_ARG;
  memset (result, 0, sizeof *result);
  result->k = params->k;
  size_t m = kmeans_sample_size (params, n);
  rgb24_set all;
  memset (&all, 0, sizeof all);
  mc_status status
      = mc_monitor_report (monitor, 0) ? MC_ERR_CANCELLED : set_build (&all, rgb, n, NULL, 0);
  if (status == MC_OK)
    status = m == n ? fit_all (&all, params, result, monitor)
                    : fit_sample (rgb, n, m, params, result, monitor);
  uint8_t *label = status == MC_OK ? malloc (all.c.n_unique + 1) : NULL;
  double *d2 = status == MC_OK ? malloc ((all.c.n_unique + 1) * sizeof (double)) : NULL;
  if (status == MC_OK && (!label || !d2))
    status = MC_ERR_NOMEM;
  if (status == MC_OK)
    {
      label_colours (&all, result, label, d2);
      if (m < n)
        status = assign_all (rgb, n, &all, label, d2, result);
      for (size_t u = 0; colour_labels && u < all.c.n_unique; u++)
        colour_labels[all.code[u]] = label[u];
    }
  free (label);
  free (d2);
  set_free (&all);
  if (status == MC_OK)
    mc_monitor_report (monitor, 1);
  return status;
}

typedef struct
{
  const uint32_t *rgb;
  const uint8_t *colour_labels;
  double centres[3 * MC_KMEANS_MAX_K];
  double *inertia;
} inertia_ctx;

/* As mc_kmeans_inertia's blocks: the same operations on the same floats. */
static void
inertia_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  inertia_ctx *I = ctx_;
  double inertia = 0;
  for (size_t i = begin; i < end; i++)
    {
      uint32_t code = I->rgb[i] & 0xffffff;
      float p[3] = { byte_value (code >> 16), byte_value (code >> 8 & 255),
                     byte_value (code & 255) };
      const double *c = I->centres + 3 * I->colour_labels[code];
      double dx = p[0] - c[0], dy = p[1] - c[1], dz = p[2] - c[2];
      inertia += dx * dx + dy * dy + dz * dz;
    }
  I->inertia[b] = inertia;
}

double
mc_kmeans_inertia_rgb24 (const uint32_t *rgb, size_t n, const float *centres, int k,
                         const uint8_t *colour_labels)
{
  if (!rgb || !centres || !colour_labels || n == 0 || k < 1 || k > MC_KMEANS_MAX_K)
    return 0;
  size_t nb = mc_num_blocks (n, KMEANS_ASSIGN_BLOCK);
  inertia_ctx I = { rgb, colour_labels, { 0 }, malloc (nb * sizeof (double)) };
  if (!I.inertia)
    return NAN;
  for (int e = 0; e < 3 * k; e++)
    I.centres[e] = centres[e];
  mc_parallel_blocks (n, KMEANS_ASSIGN_BLOCK, inertia_block, &I);
  double inertia = 0;
  for (size_t b = 0; b < nb; b++)
    inertia += I.inertia[b];
  free (I.inertia);
  return inertia;
}

size_t
mc_kmeans_count_distinct_rgb24 (const uint32_t *rgb, size_t n, size_t limit)
{
  uint64_t *seen = calloc (((size_t) 1 << 24) / 64, sizeof (uint64_t));
  size_t found = 0;
  if (!seen)
    return 0;
  for (size_t i = 0; i < n && found < limit; i++)
    {
      uint32_t code = rgb[i] & 0xffffff;
      uint64_t bit = (uint64_t) 1 << (code % 64);
      found += !(seen[code / 64] & bit);
      seen[code / 64] |= bit;
    }
  free (seen);
  return found;
}
