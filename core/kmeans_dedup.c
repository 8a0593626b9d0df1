/* kmeans_dedup.c: finding the distinct colours of an image and how often each occurs, so that the
 * exact k-means fit runs on tens of thousands of weighted colours instead of hundreds of thousands
 * or millions of pixels (a 600x450 dermoscopy JPEG has about 20 000 distinct colours; a 7 MP one
 * fewer than 100 000).
 *
 * Colours are equal when their three floats are equal bit for bit. One pass inserts them into an
 * open-addressing hash table whose slots hold the colour itself, so that a probe reads one cache
 * line; the colours come out in order of first occurrence. The labelling pass looks every point
 * up again, in parallel, rather than keeping a colour index per point: that index would be
 * fresh memory as large as the input's labels several times over, and on the VMs we measured
 * each fresh page costs a 15 µs fault. */
#include "kmeans_internal.h"

#include <stdlib.h>
#include <string.h>

static inline uint32_t
float_bits (float f)
{
  uint32_t u;
  memcpy (&u, &f, sizeof u);
  return u;
}

/* Multiplicative hashing; the table uses the high bits, which depend on every input bit. */
static inline uint64_t
colour_hash (uint32_t x, uint32_t y, uint32_t z)
{
  uint64_t h = ((uint64_t) x << 32 | y) ^ ((uint64_t) z * UINT64_C (0xc2b2ae3d27d4eb4f));
  return h * UINT64_C (0x9e3779b97f4a7c15);
}

/* The slot holding colour (x, y, z), or the empty slot where it belongs. */
static inline kmeans_slot *
table_slot (const kmeans_colours *c, uint32_t x, uint32_t y, uint32_t z)
{
  size_t mask = ((size_t) 1 << c->table_bits) - 1;
  size_t pos = (size_t) (colour_hash (x, y, z) >> (64 - c->table_bits));
  for (;;)
    {
      kmeans_slot *s = &c->table[pos];
      if (s->index == 0 || (s->x == x && s->y == y && s->z == z))
        return s;
      pos = (pos + 1) & mask;
    }
}

static int
grow_colours (kmeans_colours *c)
{
  size_t cap = 2 * c->capacity;
  float *x = realloc (c->x, cap * sizeof (float));
  c->x = x ? x : c->x;
  float *y = realloc (c->y, cap * sizeof (float));
  c->y = y ? y : c->y;
  float *z = realloc (c->z, cap * sizeof (float));
  c->z = z ? z : c->z;
  uint32_t *w = realloc (c->weight, cap * sizeof (uint32_t));
  c->weight = w ? w : c->weight;
  if (!x || !y || !z || !w)
    return 0;
  c->capacity = cap;
  return 1;
}

static int
grow_table (kmeans_colours *c)
{
  kmeans_slot *old = c->table;
  size_t old_size = (size_t) 1 << c->table_bits;
  kmeans_slot *bigger = calloc (2 * old_size, sizeof (kmeans_slot));
  if (!bigger)
    return 0;
  c->table = bigger;
  c->table_bits++;
  for (size_t i = 0; i < old_size; i++)
    if (old[i].index)
      *table_slot (c, old[i].x, old[i].y, old[i].z) = old[i];
  free (old);
  return 1;
}

/* Makes room for one more colour. Returns 0 when out of memory. */
static int
colours_make_room (kmeans_colours *c)
{
  if (c->n_unique == c->capacity && !grow_colours (c))
    return 0;
  /* Linear probing over 16-byte slots stays short up to 3/4 full. */
  if (4 * c->n_unique >= (size_t) 3 << c->table_bits && !grow_table (c))
    return 0;
  return 1;
}

mc_status
kmeans_colours_build (const float *points, size_t n, kmeans_colours *c)
{
  memset (c, 0, sizeof *c);
  c->n_points = n;
  /* Room for n / 8 colours, which photographs seldom exceed (only the part used is touched); a
   * table for n / 16 to start with, which keeps it small enough for the L2 cache. */
  c->capacity = n / 8 > 1024 ? n / 8 : 1024;
  c->table_bits = 10;
  while (((size_t) 3 << c->table_bits) <= 4 * (n / 16))
    c->table_bits++;
  c->x = malloc (c->capacity * sizeof (float));
  c->y = malloc (c->capacity * sizeof (float));
  c->z = malloc (c->capacity * sizeof (float));
  c->weight = malloc (c->capacity * sizeof (uint32_t));
  c->table = calloc ((size_t) 1 << c->table_bits, sizeof (kmeans_slot));
  if (!c->x || !c->y || !c->z || !c->weight || !c->table)
    {
      kmeans_colours_free (c);
      return MC_ERR_NOMEM;
    }
  for (size_t i = 0; i < n; i++)
    {
      const float *p = points + 3 * i;
      uint32_t x = float_bits (p[0]), y = float_bits (p[1]), z = float_bits (p[2]);
      kmeans_slot *s = table_slot (c, x, y, z);
      if (s->index)
        {
          c->weight[s->index - 1]++;
          continue;
        }
      size_t u = c->n_unique++;
      *s = (kmeans_slot){ x, y, z, (uint32_t) u + 1 };
      c->x[u] = p[0];
      c->y[u] = p[1];
      c->z[u] = p[2];
      c->weight[u] = 1;
      if (!colours_make_room (c))
        {
          kmeans_colours_free (c);
          return MC_ERR_NOMEM;
        }
    }
  return MC_OK;
}

/* Points per block of the labelling pass. */
#define SPREAD_BLOCK 65536

typedef struct
{
  const kmeans_colours *c;
  const float *points;
  const uint8_t *colour_labels;
  uint8_t *labels;
} spread_ctx;

static void
spread_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  (void) b;
  spread_ctx *s = ctx_;
  for (size_t i = begin; i < end; i++)
    {
      const float *p = s->points + 3 * i;
      const kmeans_slot *slot
          = table_slot (s->c, float_bits (p[0]), float_bits (p[1]), float_bits (p[2]));
      s->labels[i] = s->colour_labels[slot->index - 1];
    }
}

void
kmeans_colours_spread (const kmeans_colours *c, const float *points,
                       const uint8_t *colour_labels, uint8_t *labels)
{
  spread_ctx s = { c, points, colour_labels, labels };
  mc_parallel_blocks (c->n_points, SPREAD_BLOCK, spread_block, &s);
}

void
kmeans_colours_free (kmeans_colours *c)
{
  free (c->x);
  free (c->y);
  free (c->z);
  free (c->weight);
  free (c->table);
  memset (c, 0, sizeof *c);
}
