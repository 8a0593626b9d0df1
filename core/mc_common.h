/* mc_common.h: what every part of the medclust core shares: status codes, the progress
 * callback and cancel flag, the thread count, and the deterministic parallel loop.
 * The core is plain C11 with libm and threads only: no GIMP, GTK or GLib. */
#ifndef MC_COMMON_H
#define MC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  MC_OK = 0,
  MC_ERR_ARG,       /* a parameter is out of range (the caller checks and words the message) */
  MC_ERR_NOMEM,     /* an allocation failed */
  MC_ERR_CANCELLED, /* the cancel flag was raised */
  MC_ERR_PARSE      /* text input (a recipe) did not parse; see the function's error text */
} mc_status;

/* One-line English description of a status, for messages. */
const char *mc_status_text (mc_status status);

/* Progress: fraction in [0, 1]. Always called from the thread that called the core. */
typedef void (*mc_progress_fn) (void *user, double fraction);

typedef struct
{
  mc_progress_fn progress;    /* may be NULL */
  void *user;                 /* passed to progress */
  const volatile int *cancel; /* may be NULL; non-zero asks the work to stop with MC_ERR_CANCELLED */
} mc_monitor;

/* Reports progress (if a callback is set) and returns 1 when cancel is raised. m may be NULL. */
int mc_monitor_report (const mc_monitor *m, double fraction);
/* Returns 1 when cancel is raised. m may be NULL. */
int mc_monitor_cancelled (const mc_monitor *m);

/* Threads used by the parallel loops: n >= 1 fixes it, 0 = automatic (the environment variable
 * MEDCLUST_THREADS, else the number of online CPUs). Results never depend on it. */
void mc_set_threads (int n);
int mc_get_threads (void);

/* Runs fn over [0, n) cut into fixed blocks of `block` items (the last may be shorter). Blocks are
 * handed to threads in any order, but their boundaries do not depend on the thread count, so
 * partial results stored per block_index and reduced in block order are bit-identical whatever
 * the thread count. Returns when every block is done. */
typedef void (*mc_block_fn) (void *ctx, size_t block_index, size_t begin, size_t end);
size_t mc_num_blocks (size_t n, size_t block);
void mc_parallel_blocks (size_t n, size_t block, mc_block_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
