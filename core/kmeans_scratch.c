/* kmeans_scratch.c: the working memory of one k-means call, carved out of an arena that is kept
 * between calls.
 *
 * Why: a call on a 600x450 image needs about a megabyte of hash table, colours and bounds, and
 * computes its answer in a few milliseconds. Fresh memory costs a page fault per 4 KiB, and on the
 * virtual machines we measured a fault costs 15 to 70 µs: more than the arithmetic. malloc hands
 * such blocks back to the system when they are freed, so every call paid the faults again. The
 * arena stays, so repeated calls (the benchmark, the elbow curve, batch procedures, previews)
 * touch warm memory; a call that needs more than the arena holds takes the rest from malloc and
 * the arena grows to that size for the next call. A call made while another thread holds the
 * arena uses malloc alone. The arena is never returned: it is as large as the largest call made
 * (a few MB for a photograph), and a plug-in process ends after its call anyway. */
#include "kmeans_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Allocations start on cache lines and sizes are rounded to them, so that no two share one. */
#define ALIGN 64

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* A block taken from malloc because the arena was full; freed when the scratch closes. */
typedef struct spill
{
  struct spill *next;
  unsigned char pad[ALIGN - sizeof (struct spill *)];
} spill;

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *arena;  /* guarded by arena_lock */
static size_t arena_size;     /* bytes in arena */
static size_t arena_wanted;   /* the most a call has asked for */

void
kmeans_scratch_open (kmeans_scratch *s)
{
  memset (s, 0, sizeof *s);
#ifdef UNDER_ASAN
  /* Under AddressSanitizer every allocation is its own block, so that overruns are caught. */
  return;
#endif
  if (pthread_mutex_trylock (&arena_lock) != 0)
    return;
  s->from_arena = 1;
  if (arena_size < arena_wanted)
    {
      free (arena);
      arena_size = (arena_wanted + arena_wanted / 4 + ALIGN - 1) / ALIGN * ALIGN;
      arena = aligned_alloc (ALIGN, arena_size);
      if (!arena)
        arena_size = 0;
    }
  s->base = arena;
  s->size = arena_size;
}

void *
kmeans_scratch_alloc (kmeans_scratch *s, size_t bytes)
{
  bytes = (bytes + ALIGN - 1) / ALIGN * ALIGN;
  s->wanted += bytes;
  if (s->base && s->size - s->used >= bytes)
    {
      void *p = s->base + s->used;
      s->used += bytes;
      return p;
    }
  spill *block = aligned_alloc (ALIGN, sizeof (spill) + bytes);
  if (!block)
    return NULL;
  block->next = s->spilled;
  s->spilled = block;
  return block + 1;
}

void *
kmeans_scratch_zalloc (kmeans_scratch *s, size_t bytes)
{
  void *p = kmeans_scratch_alloc (s, bytes);
  if (p)
    memset (p, 0, bytes);
  return p;
}

void
kmeans_scratch_close (kmeans_scratch *s)
{
  while (s->spilled)
    {
      spill *next = ((spill *) s->spilled)->next;
      free (s->spilled);
      s->spilled = next;
    }
  if (s->from_arena)
    {
      if (s->wanted > arena_wanted)
        arena_wanted = s->wanted;
      pthread_mutex_unlock (&arena_lock);
    }
  memset (s, 0, sizeof *s);
}
