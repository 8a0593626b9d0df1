/* kmeans_dedup.c: finding the distinct colours of an image and how often each occurs, so that the
 * exact k-means fit runs on tens of thousands of weighted colours instead of hundreds of thousands
 * or millions of pixels (a 600x450 dermoscopy JPEG has about 20 000 distinct colours; a 7 MP one
 * fewer than 100 000).
 *
 * Colours are equal when their three floats are equal bit for bit. One pass inserts them into an
 * open-addressing hash table whose slots hold the colour itself, so that a probe reads one cache
 * line, and records each point's colour index; the colours come out in order of first occurrence.
 * Labelling every point is then one gather. Images over a megapixel are cut into blocks of a
 * megapixel deduplicated in parallel (see DEDUP_BLOCK). Smaller blocks were tried: colours shared
 * by blocks are merged once per block, and with 32768-point blocks that cost a fifth more
 * lookups, more than two cores won back on a 600x450 image. */
#include "kmeans_internal.h"
#include "mc_kmeans.h"

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

/* A colour's bits as the probe compares them: with SSE2, lanes 0-2 the bits and lane 3 zero,
 * so that one compare with a slot tells both a match (lanes 0-2) and an empty slot (index 0). */
#ifdef __SSE2__
typedef __m128i colour_key;
#else
typedef struct
{
  uint32_t x, y, z;
} colour_key;
#endif

static inline colour_key
key_of_bits (uint32_t x, uint32_t y, uint32_t z)
{
#ifdef __SSE2__
  return _mm_setr_epi32 ((int) x, (int) y, (int) z, 0);
#else
  return (colour_key){ x, y, z };
#endif
}

/* The key of colour p, reading 16 bytes from p (so the caller knows a float follows it). */
static inline colour_key
key_of_point_wide (const float *p)
{
#ifdef __SSE2__
  return _mm_and_si128 (_mm_loadu_si128 ((const __m128i *) p), _mm_setr_epi32 (-1, -1, -1, 0));
#else
  return key_of_bits (float_bits (p[0]), float_bits (p[1]), float_bits (p[2]));
#endif
}

/* The slot holding the colour of key, or the empty slot where it belongs, from slot pos of a
 * table of mask + 1 slots. */
static inline kmeans_slot *
probe (kmeans_slot *table, size_t mask, size_t pos, colour_key key)
{
  for (;;)
    {
      kmeans_slot *s = &table[pos];
#ifdef __SSE2__
      int eq = _mm_movemask_ps (
          _mm_castsi128_ps (_mm_cmpeq_epi32 (_mm_load_si128 ((const __m128i *) s), key)));
      if (eq >= 7) /* 7: the colour; 8 and more: an empty slot */
        return s;
#else
      if (s->index == 0 || (s->x == key.x && s->y == key.y && s->z == key.z))
        return s;
#endif
      pos = (pos + 1) & mask;
    }
}

/* The slot holding colour (x, y, z) of hash h, or the empty slot where it belongs. */
static inline kmeans_slot *
table_slot_hashed (const kmeans_colours *c, uint64_t h, uint32_t x, uint32_t y, uint32_t z)
{
  return probe (c->table, ((size_t) 1 << c->table_bits) - 1,
                (size_t) (h >> (64 - c->table_bits)), key_of_bits (x, y, z));
}

static inline kmeans_slot *
table_slot (const kmeans_colours *c, uint32_t x, uint32_t y, uint32_t z)
{
  return table_slot_hashed (c, colour_hash (x, y, z), x, y, z);
}

/* Doubles the room in the colour arrays. */
static int
grow_colours (kmeans_colours *c, kmeans_scratch *s)
{
  size_t cap = 2 * c->capacity;
  float **coord[3] = { &c->x, &c->y, &c->z };
  for (int d = 0; d < 3; d++)
    {
      float *bigger = kmeans_scratch_alloc (s, cap * sizeof (float));
      if (!bigger)
        return 0;
      memcpy (bigger, *coord[d], c->n_unique * sizeof (float));
      *coord[d] = bigger;
    }
  uint32_t *w = kmeans_scratch_alloc (s, cap * sizeof (uint32_t));
  if (!w)
    return 0;
  memcpy (w, c->weight, c->n_unique * sizeof (uint32_t));
  c->weight = w;
  c->capacity = cap;
  return 1;
}

static int
grow_table (kmeans_colours *c, kmeans_scratch *s)
{
  kmeans_slot *old = c->table;
  size_t old_size = (size_t) 1 << c->table_bits;
  kmeans_slot *bigger = kmeans_scratch_zalloc (s, 2 * old_size * sizeof (kmeans_slot));
  if (!bigger)
    return 0;
  c->table = bigger;
  c->table_bits++;
  for (size_t i = 0; i < old_size; i++)
    if (old[i].index)
      *table_slot (c, old[i].x, old[i].y, old[i].z) = old[i];
  return 1;
}

/* Makes room for one more colour. Returns 0 when out of memory. */
static int
colours_make_room (kmeans_colours *c, kmeans_scratch *s)
{
  if (c->n_unique == c->capacity && !grow_colours (c, s))
    return 0;
  /* At most half full: a lookup that needs a second probe costs a branch misprediction, and
   * lookups are most of the time of the pass. */
  if (2 * c->n_unique >= (size_t) 1 << c->table_bits && !grow_table (c, s))
    return 0;
  return 1;
}

/* A first guess of the number of colours of n points: n / 8, but no more than 65536, since
 * colours grow much slower than pixels (7 MP dermoscopy images have 46 000 to 92 000). A 600x450
 * image has 13 000 to 35 000: with n / 16 the richest of them outgrew the table midway and paid
 * for rehashing 32 768 colours, and a table twice as large costs little once lookups are
 * prefetched. */
static size_t
guess_colours (size_t n)
{
  return n / 8 < 1024 ? 1024 : n / 8 > 65536 ? 65536 : n / 8;
}

size_t
kmeans_colours_bytes (size_t n)
{
  /* Colour indices, then per guessed colour: coordinates and weight (16), table slots (up to
   * 64: the table is a power of two at most half full) and the fit's bounds and label (9). */
  return 4 * n + 96 * guess_colours (n);
}

/* An empty set with room for the colours guessed for n points. */
static int
colours_init (kmeans_colours *c, size_t n, kmeans_scratch *s)
{
  memset (c, 0, sizeof *c);
  c->n_points = n;
  /* The table has room for the guessed colours at half full; both double as needed. */
  c->capacity = guess_colours (n);
  c->table_bits = 10;
  while (((size_t) 1 << c->table_bits) < 2 * c->capacity)
    c->table_bits++;
  c->x = kmeans_scratch_alloc (s, c->capacity * sizeof (float));
  c->y = kmeans_scratch_alloc (s, c->capacity * sizeof (float));
  c->z = kmeans_scratch_alloc (s, c->capacity * sizeof (float));
  c->weight = kmeans_scratch_alloc (s, c->capacity * sizeof (uint32_t));
  c->table = kmeans_scratch_zalloc (s, ((size_t) 1 << c->table_bits) * sizeof (kmeans_slot));
  return c->x && c->y && c->z && c->weight && c->table;
}

/* Adds colour p, not yet in c, with the given weight in the empty slot where it belongs.
 * Returns its index, or UINT32_MAX when out of memory. */
static uint32_t
colours_insert (kmeans_colours *c, kmeans_scratch *s, kmeans_slot *slot, const float *p,
                uint32_t weight)
{
  size_t u = c->n_unique++;
  *slot = (kmeans_slot){ float_bits (p[0]), float_bits (p[1]), float_bits (p[2]), (uint32_t) u + 1 };
  c->x[u] = p[0];
  c->y[u] = p[1];
  c->z[u] = p[2];
  c->weight[u] = weight;
  return colours_make_room (c, s) ? (uint32_t) u : UINT32_MAX;
}

/* The index of colour p (hash h) in c, adding it with the given weight when new, or adding the
 * weight to it; UINT32_MAX when out of memory. */
static inline uint32_t
colours_add_hashed (kmeans_colours *c, kmeans_scratch *s, const float *p, uint64_t h,
                    uint32_t weight)
{
  kmeans_slot *slot = table_slot_hashed (c, h, float_bits (p[0]), float_bits (p[1]),
                                         float_bits (p[2]));
  if (!slot->index)
    return colours_insert (c, s, slot, p, weight);
  c->weight[slot->index - 1] += weight;
  return slot->index - 1;
}

static inline uint64_t
point_hash (const float *p)
{
  return colour_hash (float_bits (p[0]), float_bits (p[1]), float_bits (p[2]));
}

/* Asks for the table's cache line where a colour of hash h is looked for. */
static inline void
prefetch_slot (const kmeans_colours *c, uint64_t h)
{
#if defined(__GNUC__) || defined(__clang__)
  __builtin_prefetch (&c->table[h >> (64 - c->table_bits)]);
#else
  (void) c;
  (void) h;
#endif
}

/* How many points ahead the pass asks for table lines: the table of a photograph's colours is
 * megabytes, beyond the first two cache levels, and the lookups of one point after another are
 * independent, so the misses overlap instead of adding up. */
#define LOOKAHEAD 16

/* The colours of points [0, n), each point's index written to colour[0, n). The hashes of the
 * next LOOKAHEAD points wait in a ring. */
static mc_status
colours_of_points (const float *points, size_t n, kmeans_scratch *s, kmeans_colours *c,
                   uint32_t *colour)
{
  uint64_t ring[LOOKAHEAD];
  if (!colours_init (c, n, s))
    return MC_ERR_NOMEM;
  for (size_t i = 0; i < LOOKAHEAD && i < n; i++)
    {
      ring[i] = point_hash (points + 3 * i);
      prefetch_slot (c, ring[i]);
    }
  /* The table, its size and the weights stay in registers; they move only when a colour is
   * added (the arrays may grow). */
  kmeans_slot *table = c->table;
  int shift = 64 - c->table_bits;
  size_t mask = ((size_t) 1 << c->table_bits) - 1, i = 0;
  uint32_t *weight = c->weight;
  for (; i + LOOKAHEAD < n; i++)
    {
      uint64_t h = ring[i % LOOKAHEAD], ahead = point_hash (points + 3 * (i + LOOKAHEAD));
      ring[i % LOOKAHEAD] = ahead;
#if defined(__GNUC__) || defined(__clang__)
      __builtin_prefetch (&table[ahead >> shift]);
#endif
      kmeans_slot *slot = probe (table, mask, (size_t) (h >> shift),
                                 key_of_point_wide (points + 3 * i));
      uint32_t index = slot->index;
      if (index)
        {
          weight[index - 1]++;
          colour[i] = index - 1;
          continue;
        }
      if ((colour[i] = colours_insert (c, s, slot, points + 3 * i, 1)) == UINT32_MAX)
        return MC_ERR_NOMEM;
      table = c->table;
      shift = 64 - c->table_bits;
      mask = ((size_t) 1 << c->table_bits) - 1;
      weight = c->weight;
    }
  for (; i < n; i++)
    if ((colour[i] = colours_add_hashed (c, s, points + 3 * i, ring[i % LOOKAHEAD], 1))
        == UINT32_MAX)
      return MC_ERR_NOMEM;
  return MC_OK;
}

/* Points per block of the deduplication and of the labelling. A block is deduplicated alone, so
 * images up to a megapixel take the plain serial path; larger ones are cut into blocks that are
 * deduplicated in parallel, and merged in block order. Merging keeps first-occurrence order,
 * so the colours and every result are those of one serial pass, whatever the thread count and
 * the block size. The merge does about a tenth more table lookups. */
#define DEDUP_BLOCK ((size_t) 1 << 20)

typedef struct
{
  const float *points;
  kmeans_scratch *scratch;
  kmeans_colours *blocks; /* each block's colours */
  uint32_t *colour;       /* per point: its index among its block's colours */
  mc_status *status;      /* per block */
} dedup_ctx;

static void
dedup_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  dedup_ctx *ctx = ctx_;
  ctx->status[b] = colours_of_points (ctx->points + 3 * begin, end - begin, ctx->scratch,
                                      &ctx->blocks[b], ctx->colour + begin);
}

static inline uint64_t
block_colour_hash (const kmeans_colours *bc, size_t l)
{
  return colour_hash (float_bits (bc->x[l]), float_bits (bc->y[l]), float_bits (bc->z[l]));
}

/* Adds block bc's colours, in order, to c with their weights; map receives their indices in c.
 * Lookups are prefetched LOOKAHEAD colours ahead, as in colours_of_points. */
static mc_status
merge_block (const kmeans_colours *bc, kmeans_scratch *s, kmeans_colours *c, uint32_t *map)
{
  uint64_t ring[LOOKAHEAD];
  size_t m = bc->n_unique;
  for (size_t l = 0; l < LOOKAHEAD && l < m; l++)
    {
      ring[l] = block_colour_hash (bc, l);
      prefetch_slot (c, ring[l]);
    }
  for (size_t l = 0; l < m; l++)
    {
      uint64_t h = ring[l % LOOKAHEAD];
      if (l + LOOKAHEAD < m)
        {
          ring[l % LOOKAHEAD] = block_colour_hash (bc, l + LOOKAHEAD);
          prefetch_slot (c, ring[l % LOOKAHEAD]);
        }
      const float p[3] = { bc->x[l], bc->y[l], bc->z[l] };
      if ((map[l] = colours_add_hashed (c, s, p, h, bc->weight[l])) == UINT32_MAX)
        return MC_ERR_NOMEM;
    }
  return MC_OK;
}

/* Merges the blocks' colours, in block order, into c; block_map[b] maps block b's colour
 * indices to c's. */
static mc_status
merge_blocks (const kmeans_colours *blocks, size_t nb, kmeans_scratch *s, kmeans_colours *c)
{
  for (size_t b = 0; b < nb; b++)
    {
      uint32_t *map = kmeans_scratch_alloc (s, blocks[b].n_unique * sizeof (uint32_t));
      if (!map)
        return MC_ERR_NOMEM;
      c->block_map[b] = map;
      c->block_colours[b] = blocks[b].n_unique;
      mc_status status = merge_block (&blocks[b], s, c, map);
      if (status != MC_OK)
        return status;
    }
  return MC_OK;
}

mc_status
kmeans_colours_build (const float *points, size_t n, kmeans_scratch *s, kmeans_colours *c)
{
  uint32_t *colour = kmeans_scratch_alloc (s, n * sizeof (uint32_t));
  if (!colour)
    return MC_ERR_NOMEM;
  size_t nb = mc_num_blocks (n, DEDUP_BLOCK);
  if (nb == 1)
    {
      mc_status status = colours_of_points (points, n, s, c, colour);
      c->colour = colour;
      return status;
    }
  kmeans_colours *blocks = kmeans_scratch_alloc (s, nb * sizeof (kmeans_colours));
  mc_status *status = kmeans_scratch_alloc (s, nb * sizeof (mc_status));
  uint32_t **maps = kmeans_scratch_alloc (s, nb * sizeof (uint32_t *));
  size_t *counts = kmeans_scratch_alloc (s, nb * sizeof (size_t));
  if (!blocks || !status || !maps || !counts || !colours_init (c, n, s))
    return MC_ERR_NOMEM;
  c->colour = colour;
  c->block_map = maps;
  c->block_colours = counts;
  dedup_ctx ctx = { points, s, blocks, colour, status };
  mc_parallel_blocks (n, DEDUP_BLOCK, dedup_block, &ctx);
  for (size_t b = 0; b < nb; b++)
    if (status[b] != MC_OK)
      return status[b];
  return merge_blocks (blocks, nb, s, c);
}

typedef struct
{
  const kmeans_colours *c;
  const uint8_t *colour_labels;
  uint8_t *labels;
} spread_ctx;

/* With several blocks, the labels of a block's own colours are gathered first, so that each point
 * costs one lookup instead of two (through the block's map, then the labels). */
static void
spread_block (void *ctx_, size_t b, size_t begin, size_t end)
{
  spread_ctx *s = ctx_;
  const uint32_t *colour = s->c->colour;
  const uint8_t *of_colour = s->colour_labels;
  uint8_t *own = NULL;
  if (s->c->block_map)
    {
      const uint32_t *map = s->c->block_map[b];
      size_t m = s->c->block_colours[b];
      own = malloc (m);
      if (!own)
        {
          for (size_t i = begin; i < end; i++)
            s->labels[i] = s->colour_labels[map[colour[i]]];
          return;
        }
      for (size_t l = 0; l < m; l++)
        own[l] = s->colour_labels[map[l]];
      of_colour = own;
    }
  for (size_t i = begin; i < end; i++)
    s->labels[i] = of_colour[colour[i]];
  free (own);
}

void
kmeans_colours_spread (const kmeans_colours *c, const uint8_t *colour_labels, uint8_t *labels)
{
  spread_ctx s = { c, colour_labels, labels };
  /* The blocks of the deduplication, so that each block's map applies. */
  mc_parallel_blocks (c->n_points, DEDUP_BLOCK, spread_block, &s);
}

/* Distinct colours up to a limit, for the warning when K exceeds them: a table of 4 * limit
 * slots holds every colour seen, and the pass stops as soon as limit colours were found, so an
 * image with many colours costs a few pixels and one with few a single cheap pass. */
size_t
mc_kmeans_count_distinct (const float *points, size_t n, size_t limit)
{
  if (limit == 0 || n == 0)
    return 0;
  if (limit > MC_KMEANS_MAX_K)
    limit = MC_KMEANS_MAX_K;
  enum { BITS = 10 }; /* 1024 slots >= 4 * MC_KMEANS_MAX_K: short probes */
  uint32_t table[(1u << BITS) * 3];
  uint8_t used[1u << BITS] = { 0 };
  size_t found = 0, mask = ((size_t) 1 << BITS) - 1;
  for (size_t i = 0; i < n && found < limit; i++)
    {
      uint32_t x = float_bits (points[3 * i]), y = float_bits (points[3 * i + 1]),
               z = float_bits (points[3 * i + 2]);
      size_t pos = (size_t) (colour_hash (x, y, z) >> (64 - BITS));
      while (used[pos] && !(table[3 * pos] == x && table[3 * pos + 1] == y
                            && table[3 * pos + 2] == z))
        pos = (pos + 1) & mask;
      if (!used[pos])
        {
          used[pos] = 1;
          table[3 * pos] = x;
          table[3 * pos + 1] = y;
          table[3 * pos + 2] = z;
          found++;
        }
    }
  return found;
}
