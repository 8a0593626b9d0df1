/* preview_fitter.c: the live preview's fits (mc_preview_fitter.h): a worker thread per fit,
 * started after a short pause in the changes, handed back to the GUI thread by an idle callback. */
#include "mc_preview_fitter.h"

#include <string.h>

/* One fit in the worker thread. The GUI thread owns it; the worker only fills fit, error and
 * seconds, then hands it back through an idle callback. */
typedef struct
{
  mc_preview_fitter *fitter;
  gpointer values;     /* copy of the values the fit uses */
  volatile int cancel; /* raised by the GUI thread when the fit is not wanted any more */
  gpointer fit;
  gchar *error;
  gdouble seconds;
  GThread *thread;
  guint done_source; /* the idle callback that hands the fit back */
} preview_job;

struct mc_preview_fitter
{
  mc_preview_client client;
  const mc_region *reduced;
  mc_preview_shown_fn shown;
  gpointer shown_data;
  gpointer values;       /* the latest values from the dialog */
  gboolean values_dirty; /* changed since the last fit started */
  guint debounce_source;
  preview_job *job; /* the running fit, or NULL */
  gpointer fit;     /* the latest finished fit, or NULL */
};

static void start_fit (mc_preview_fitter *p);

static void
job_free (preview_job *job)
{
  g_free (job->error);
  g_free (job->values);
  g_free (job);
}

static gboolean
fit_done (gpointer data)
{
  preview_job *job = data;
  mc_preview_fitter *p = job->fitter;
  g_thread_join (job->thread);
  p->job = NULL;
  if (job->cancel)
    {
      if (job->fit)
        p->client.free_fit (job->fit);
    }
  else
    {
      if (p->fit)
        p->client.free_fit (p->fit);
      p->fit = job->fit;
      if (p->client.fitted)
        p->client.fitted (p->fit, job->error, job->seconds, p->client.user);
      p->shown (p->fit, p->shown_data);
    }
  job_free (job);
  /* Values changed while this fit ran and the pause after them is over: fit them now. */
  if (p->values_dirty && !p->debounce_source)
    start_fit (p);
  return G_SOURCE_REMOVE;
}

static gpointer
fit_thread (gpointer data)
{
  preview_job *job = data;
  mc_preview_fitter *p = job->fitter;
  mc_monitor monitor = { NULL, NULL, &job->cancel };
  gint64 start = g_get_monotonic_time ();
  job->fit = p->client.fit (p->reduced, job->values, &monitor, &job->error, p->client.user);
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
  job->done_source = g_idle_add (fit_done, job);
  return NULL;
}

static void
start_fit (mc_preview_fitter *p)
{
  preview_job *job = g_new0 (preview_job, 1);
  job->fitter = p;
  job->values = g_memdup2 (p->values, p->client.values_size);
  p->values_dirty = FALSE;
  p->job = job;
  if (p->client.started)
    p->client.started (p->client.user);
  job->thread = g_thread_new ("medclust-preview", fit_thread, job);
}

static gboolean
debounce_over (gpointer data)
{
  mc_preview_fitter *p = data;
  p->debounce_source = 0;
  if (p->job)
    p->job->cancel = 1; /* fit_done starts the fit of the new values */
  else
    start_fit (p);
  return G_SOURCE_REMOVE;
}

mc_preview_fitter *
mc_preview_fitter_new (const mc_preview_client *client, const mc_region *reduced,
                       gconstpointer values, mc_preview_shown_fn shown, gpointer data)
{
  mc_preview_fitter *p = g_new0 (mc_preview_fitter, 1);
  p->client = *client;
  p->reduced = reduced;
  p->shown = shown;
  p->shown_data = data;
  p->values = g_memdup2 (values, client->values_size);
  start_fit (p);
  return p;
}

gconstpointer
mc_preview_fitter_get_fit (const mc_preview_fitter *p)
{
  return p->fit;
}

void
mc_preview_fitter_set_values (mc_preview_fitter *p, gconstpointer values)
{
  memcpy (p->values, values, p->client.values_size);
  p->values_dirty = TRUE;
  if (p->debounce_source)
    g_source_remove (p->debounce_source);
  p->debounce_source = g_timeout_add (MC_PREVIEW_DEBOUNCE_MS, debounce_over, p);
}

void
mc_preview_fitter_free (mc_preview_fitter *p)
{
  if (!p)
    return;
  if (p->debounce_source)
    g_source_remove (p->debounce_source);
  if (p->job)
    {
      preview_job *job = p->job;
      job->cancel = 1;
      g_thread_join (job->thread);
      if (job->done_source)
        g_source_remove (job->done_source);
      if (job->fit)
        p->client.free_fit (job->fit);
      job_free (job);
    }
  if (p->fit)
    p->client.free_fit (p->fit);
  g_free (p->values);
  g_free (p);
}
