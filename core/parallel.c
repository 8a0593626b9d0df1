/* parallel.c: the thread count and the fixed-block parallel loop of mc_common.h. Blocks are
 * claimed from an atomic counter; their boundaries depend only on n and the block size. */
#include "mc_common.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define MC_MAX_THREADS 64

static atomic_int mc_threads_setting = 0;

const char *
mc_status_text (mc_status status)
{
  switch (status)
    {
    case MC_OK: return "success";
    case MC_ERR_ARG: return "invalid argument";
    case MC_ERR_NOMEM: return "out of memory";
    case MC_ERR_CANCELLED: return "cancelled";
    case MC_ERR_PARSE: return "parse error";
    }
  return "unknown error";
}

int
mc_monitor_cancelled (const mc_monitor *m)
{
  return m && m->cancel && *m->cancel;
}

int
mc_monitor_report (const mc_monitor *m, double fraction)
{
  if (!m)
    return 0;
  if (m->progress)
    m->progress (m->user, fraction < 0 ? 0 : fraction > 1 ? 1 : fraction);
  return mc_monitor_cancelled (m);
}

void
mc_set_threads (int n)
{
  atomic_store (&mc_threads_setting, n < 0 ? 0 : n);
}

int
mc_get_threads (void)
{
  int n = atomic_load (&mc_threads_setting);
  if (n <= 0)
    {
      const char *env = getenv ("MEDCLUST_THREADS");
      n = env ? atoi (env) : 0;
      if (n <= 0)
        n = (int) sysconf (_SC_NPROCESSORS_ONLN);
    }
  if (n < 1)
    n = 1;
  return n > MC_MAX_THREADS ? MC_MAX_THREADS : n;
}

size_t
mc_num_blocks (size_t n, size_t block)
{
  if (block == 0)
    block = 1;
  return (n + block - 1) / block;
}

typedef struct
{
  size_t n, block, nblocks;
  atomic_size_t next;
  mc_block_fn fn;
  void *ctx;
} block_job;

static void *
block_worker (void *arg)
{
  block_job *job = arg;
  for (;;)
    {
      size_t b = atomic_fetch_add (&job->next, 1);
      if (b >= job->nblocks)
        break;
      size_t begin = b * job->block;
      size_t end = begin + job->block < job->n ? begin + job->block : job->n;
      job->fn (job->ctx, b, begin, end);
    }
  return NULL;
}

void
mc_parallel_blocks (size_t n, size_t block, mc_block_fn fn, void *ctx)
{
  if (block == 0)
    block = 1;
  block_job job = { n, block, mc_num_blocks (n, block), 0, fn, ctx };
  int threads = mc_get_threads ();
  if ((size_t) threads > job.nblocks)
    threads = (int) job.nblocks;
  pthread_t tids[MC_MAX_THREADS];
  int started = 0;
  for (int t = 1; t < threads; t++)
    if (pthread_create (&tids[started], NULL, block_worker, &job) == 0)
      started++;
  block_worker (&job); /* the calling thread works too; it alone suffices if no thread started */
  for (int t = 0; t < started; t++)
    pthread_join (tids[t], NULL);
}
