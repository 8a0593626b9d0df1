/* kmeans_scratch.c: the working memory of one k-means call, carved out of an arena that is kept
 * between calls.
 *
 * Why: a call on a 600x450 image needs a few megabytes of colour indices, hash table, colours and
 * bounds, and computes its answer in a few milliseconds. Fresh memory costs a page fault per
 * 4 KiB, and on the virtual machines we measured a fault costs 15 to 70 µs: touching 40 MB took a
 * second, far more than the arithmetic. Two remedies:
 * - The arena stays between calls, so repeated calls (the benchmark, the elbow curve, batch
 *   procedures, previews) touch warm memory. The caller says how much it expects to need; a call
 *   that needs more takes the rest from the allocator, and the arena grows to that size for the
 *   next call. A call made while another thread holds the arena allocates its own memory. The
 *   arena is never returned: it is as large as the largest call made, and a plug-in process ends
 *   after its call anyway.
 * - Blocks of 2 MiB and more are aligned to and advised as transparent huge pages where Linux
 *   offers them (as numpy does for large arrays): one fault per 2 MiB. The same 40 MB then took
 *   3 to 20 ms to touch. */
#include "kmeans_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/* Allocations start on cache lines and sizes are rounded to them, so that no two share one. */
#define ALIGN 64
#define HUGE_PAGE ((size_t) 2 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* A block allocated apart because the arena was full; freed when the scratch closes. */
typedef struct spill
{
  struct spill *next;
  unsigned char pad[ALIGN - sizeof (struct spill *)];
} spill;

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *arena;  /* guarded by arena_lock */
static size_t arena_size;     /* bytes in arena */
static size_t arena_wanted;   /* the most a call has asked for */

static size_t
round_up (size_t bytes, size_t unit)
{
  return (bytes + unit - 1) / unit * unit;
}

/* A block of at least bytes (a multiple of ALIGN), on huge pages when it is large. */
static void *
block_alloc (size_t bytes)
{
  if (bytes < HUGE_PAGE)
    return aligned_alloc (ALIGN, bytes);
  bytes = round_up (bytes, HUGE_PAGE);
  void *p = aligned_alloc (HUGE_PAGE, bytes);
#ifdef MADV_HUGEPAGE
  /* Only advice: where huge pages are off, the block works as any other. */
  if (p)
    madvise (p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

void
kmeans_scratch_open (kmeans_scratch *s, size_t expected)
{
  memset (s, 0, sizeof *s);
  pthread_mutex_init (&s->lock, NULL);
#ifdef UNDER_ASAN
  /* Under AddressSanitizer every allocation is its own block, so that overruns are caught. */
  (void) expected;
  return;
#endif
  if (pthread_mutex_trylock (&arena_lock) != 0)
    return;
  s->from_arena = 1;
  size_t need = expected > arena_wanted ? expected : arena_wanted;
  if (arena_size < need)
    {
      free (arena);
      arena_size = round_up (need + need / 4, ALIGN);
      arena = block_alloc (arena_size);
      if (!arena)
        arena_size = 0;
    }
  s->base = arena;
  s->size = arena_size;
}

void *
kmeans_scratch_alloc (kmeans_scratch *s, size_t bytes)
{
  bytes = round_up (bytes, ALIGN);
  void *p = NULL;
  pthread_mutex_lock (&s->lock);
  s->wanted += bytes;
  if (s->base && s->size - s->used >= bytes)
    {
      p = s->base + s->used;
      s->used += bytes;
    }
  else
    {
      spill *block = block_alloc (sizeof (spill) + bytes);
      if (block)
        {
          block->next = s->spilled;
          s->spilled = block;
          p = block + 1;
        }
    }
  pthread_mutex_unlock (&s->lock);
  return p;
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
  pthread_mutex_destroy (&s->lock);
  memset (s, 0, sizeof *s);
}
