/* preview.c: the dialogs' live preview (mc_preview.h): a reduced copy of the analysed region for
 * the fits, a worker thread that fits it after a short pause in the changes, and the painting of
 * the zoom preview's visible pixels with the latest fit. */
#include "mc_preview.h"

#include <gegl.h>
#include <string.h>

/* One fit in the worker thread. The GUI thread owns it; the worker only fills fit, error and
 * seconds, then hands it back through an idle callback. */
typedef struct
{
  mc_preview *preview;
  gpointer values;     /* copy of the values the fit uses */
  volatile int cancel; /* raised by the GUI thread when the fit is not wanted any more */
  gpointer fit;
  gchar *error;
  gdouble seconds;
  GThread *thread;
  guint done_source; /* the idle callback that hands the fit back */
} preview_job;

struct mc_preview
{
  gint32 drawable;
  mc_preview_client client;
  GtkWidget *widget; /* the GimpZoomPreview; NULL once destroyed */
  mc_region reduced;
  gint factor;
  gpointer values;       /* the latest values from the dialog */
  gboolean values_dirty; /* changed since the last fit started */
  guint debounce_source;
  preview_job *job; /* the running fit, or NULL */
  gpointer fit;     /* the latest finished fit, or NULL */
};

/* ---- The reduced copy ----------------------------------------------------------------------- */

/* Reads one band of the box at full size: R'G'B'A and, with a selection, its coverage (sel in
 * image coordinates, hence the drawable's offsets). */
static void
read_band (GeglBuffer *buf, GeglBuffer *sel, gint ox, gint oy, const GeglRectangle *band,
           float *rgba, float *cover)
{
  gegl_buffer_get (buf, band, 1.0, babl_format ("R'G'B'A float"), rgba, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
  if (!sel)
    return;
  GeglRectangle rect = { band->x + ox, band->y + oy, band->width, band->height };
  gegl_buffer_get (sel, &rect, 1.0, babl_format ("Y float"), cover, GEGL_AUTO_ROWSTRIDE,
                   GEGL_ABYSS_NONE);
}

/* Averages one band of factor full-size rows into row ry of the reduced copy. A reduced pixel
 * averages the analysed pixels of its block, and is analysed when at least half of the block is,
 * as the full-size procedure would analyse most of it. */
static void
reduce_band (const float *rgba, const float *cover, gint width, gint factor, gint ry, mc_region *r)
{
  for (gint rx = 0; rx < r->width; rx++)
    {
      double sum[4] = { 0, 0, 0, 0 };
      gint count = 0, total = 0;
      for (gint y = 0; y < factor; y++)
        for (gint x = rx * factor; x < MIN ((rx + 1) * factor, width); x++)
          {
            gsize i = (gsize) y * width + x;
            total++;
            if (rgba[4 * i + 3] <= 0.0f || (cover && cover[i] < 0.5f))
              continue;
            count++;
            for (gint c = 0; c < 4; c++)
              sum[c] += rgba[4 * i + c];
          }
      gsize o = (gsize) ry * r->width + rx;
      for (gint c = 0; c < 4 && count > 0; c++)
        r->rgba[4 * o + c] = (float) (sum[c] / count);
      r->valid[o] = count > 0 && 2 * count >= total;
      r->n_valid += r->valid[o];
    }
}

/* Reads the reduced copy band by band, so that a large layer never sits in memory as floats. */
static gboolean
read_reduced (gint32 drawable, gint side, mc_region *r, gint *factor, gchar **error)
{
  memset (r, 0, sizeof *r);
  r->drawable = drawable;
  gint x, y, w, h;
  if (!gimp_drawable_mask_intersect (drawable, &x, &y, &w, &h) || w <= 0 || h <= 0)
    {
      *error = g_strdup ("the selection does not touch the drawable: nothing to preview");
      return FALSE;
    }
  mc_gegl_ensure ();
  gint f = MAX (1, (MAX (w, h) + side - 1) / side);
  r->x = x;
  r->y = y;
  r->width = MAX (1, w / f);
  r->height = MAX (1, h / f);
  r->rgba = g_new0 (float, (gsize) r->width * r->height * 4);
  r->valid = g_new0 (uint8_t, (gsize) r->width * r->height);
  gint32 image = gimp_item_get_image (drawable);
  gboolean non_empty = FALSE;
  gint x1, y1, x2, y2, ox, oy;
  gimp_drawable_offsets (drawable, &ox, &oy);
  GeglBuffer *buf = gimp_drawable_get_buffer (drawable);
  GeglBuffer *sel = gimp_selection_bounds (image, &non_empty, &x1, &y1, &x2, &y2) && non_empty
                      ? gimp_drawable_get_buffer (gimp_image_get_selection (image))
                      : NULL;
  gint band_w = r->width * f;
  float *rgba = g_new (float, (gsize) band_w * f * 4);
  float *cover = sel ? g_new (float, (gsize) band_w * f) : NULL;
  for (gint ry = 0; ry < r->height; ry++)
    {
      GeglRectangle band = { x, y + ry * f, band_w, f };
      read_band (buf, sel, ox, oy, &band, rgba, cover);
      reduce_band (rgba, cover, band_w, f, ry, r);
    }
  g_object_unref (buf);
  if (sel)
    g_object_unref (sel);
  g_free (cover);
  g_free (rgba);
  *factor = f;
  if (r->n_valid == 0)
    {
      *error = g_strdup ("no pixel to analyse: the selected part of the drawable is fully "
                         "transparent");
      mc_region_free (r);
      return FALSE;
    }
  return TRUE;
}

/* ---- Painting the view ---------------------------------------------------------------------- */

static float
byte_to_unit (guchar v)
{
  return v / 255.0f;
}

static guchar
unit_to_byte (float v)
{
  return (guchar) (CLAMP (v, 0.0f, 1.0f) * 255.0f + 0.5f);
}

/* The zoom preview's pixels (8-bit grey, grey + alpha, RGB or RGBA) as a view. */
static void
view_from_source (const mc_preview *p, const guchar *src, gint w, gint h, gint bpp,
                  mc_preview_view *view)
{
  GimpPreview *gp = GIMP_PREVIEW (p->widget);
  memset (view, 0, sizeof *view);
  mc_region *px = &view->pixels;
  px->drawable = p->drawable;
  px->width = w;
  px->height = h;
  px->rgba = g_new (float, (gsize) w * h * 4);
  px->valid = g_new (uint8_t, (gsize) w * h);
  gboolean grey = bpp <= 2, alpha = bpp == 2 || bpp == 4;
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      const guchar *s = src + i * bpp;
      float *o = px->rgba + 4 * i;
      o[0] = byte_to_unit (s[0]);
      o[1] = byte_to_unit (grey ? s[0] : s[1]);
      o[2] = byte_to_unit (grey ? s[0] : s[2]);
      o[3] = alpha ? byte_to_unit (s[bpp - 1]) : 1.0f;
      px->valid[i] = o[3] > 0.0f;
      px->n_valid += px->valid[i];
    }
  /* Where the view sits in the drawable: its corners mapped back through the zoom. */
  gint x0, y0, x1, y1;
  gimp_preview_untransform (gp, 0, 0, &x0, &y0);
  gimp_preview_untransform (gp, w, h, &x1, &y1);
  px->x = x0;
  px->y = y0;
  view->scale = x1 > x0 ? (gdouble) w / (x1 - x0) : 1.0;
}

/* Turns the client's R'G'B'A result back into the zoom preview's pixel layout. */
static void
result_to_source (const float *out, gsize n, gint bpp, guchar *dst)
{
  gboolean grey = bpp <= 2, alpha = bpp == 2 || bpp == 4;
  for (gsize i = 0; i < n; i++)
    {
      const float *o = out + 4 * i;
      guchar *d = dst + i * bpp;
      if (grey)
        d[0] = unit_to_byte ((o[0] + o[1] + o[2]) / 3.0f);
      else
        for (gint c = 0; c < 3; c++)
          d[c] = unit_to_byte (o[c]);
      if (alpha)
        d[bpp - 1] = unit_to_byte (o[3]);
    }
}

/* Draws the visible pixels as the latest fit makes them. Without a fit, or with the preview
 * switched off, the zoom preview keeps showing the original pixels. */
static void
paint (mc_preview *p)
{
  if (!p->widget || !p->fit || !gimp_preview_get_update (GIMP_PREVIEW (p->widget)))
    return;
  gint w = 0, h = 0, bpp = 0;
  guchar *src = gimp_zoom_preview_get_source (GIMP_ZOOM_PREVIEW (p->widget), &w, &h, &bpp);
  if (!src || w <= 0 || h <= 0 || bpp < 1 || bpp > 4)
    {
      g_free (src);
      return;
    }
  mc_preview_view view;
  view_from_source (p, src, w, h, bpp, &view);
  gsize n = (gsize) w * h;
  float *out = g_memdup2 (view.pixels.rgba, n * 4 * sizeof (float));
  p->client.paint (p->fit, &view, out, p->client.user);
  result_to_source (out, n, bpp, src);
  gimp_preview_draw_buffer (GIMP_PREVIEW (p->widget), src, w * bpp);
  g_free (out);
  mc_region_free (&view.pixels);
  g_free (src);
}

static void
on_invalidated (GimpPreview *widget, mc_preview *p)
{
  (void) widget;
  paint (p);
}

static void
on_destroy (GtkWidget *widget, mc_preview *p)
{
  (void) widget;
  p->widget = NULL;
}

/* ---- Fitting in the worker thread ----------------------------------------------------------- */

static void start_fit (mc_preview *p);

static gboolean
fit_done (gpointer data)
{
  preview_job *job = data;
  mc_preview *p = job->preview;
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
      if (p->fit)
        paint (p);
      else if (p->widget)
        gimp_preview_draw (GIMP_PREVIEW (p->widget)); /* no stale result after a failure */
    }
  g_free (job->error);
  g_free (job->values);
  g_free (job);
  /* Values changed while this fit ran and the pause after them is over: fit them now. */
  if (p->values_dirty && !p->debounce_source)
    start_fit (p);
  return G_SOURCE_REMOVE;
}

static gpointer
fit_thread (gpointer data)
{
  preview_job *job = data;
  mc_preview *p = job->preview;
  mc_monitor monitor = { NULL, NULL, &job->cancel };
  gint64 start = g_get_monotonic_time ();
  job->fit = p->client.fit (&p->reduced, job->values, &monitor, &job->error, p->client.user);
  job->seconds = (g_get_monotonic_time () - start) / 1e6;
  job->done_source = g_idle_add (fit_done, job);
  return NULL;
}

static void
start_fit (mc_preview *p)
{
  preview_job *job = g_new0 (preview_job, 1);
  job->preview = p;
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
  mc_preview *p = data;
  p->debounce_source = 0;
  if (p->job)
    p->job->cancel = 1; /* fit_done starts the fit of the new values */
  else
    start_fit (p);
  return G_SOURCE_REMOVE;
}

/* ---- Public --------------------------------------------------------------------------------- */

mc_preview *
mc_preview_new (gint32 drawable, const mc_preview_client *client, gconstpointer values,
                gchar **error)
{
  mc_preview *p = g_new0 (mc_preview, 1);
  p->drawable = drawable;
  p->client = *client;
  gint side = client->reduced_side > 0 ? client->reduced_side : MC_PREVIEW_REDUCED_SIDE;
  if (!read_reduced (drawable, side, &p->reduced, &p->factor, error))
    {
      g_free (p);
      return NULL;
    }
  p->values = g_memdup2 (values, client->values_size);
  /* babl builds its conversions on first use: build the common ones here, in the GUI thread,
   * rather than in the worker. */
  float rgb[3] = { 0.5f, 0.5f, 0.5f }, lab[3];
  mc_convert_triples ("R'G'B' float", "CIE Lab float", rgb, lab, 1);
  mc_convert_triples ("CIE Lab float", "R'G'B' float", lab, rgb, 1);

  /* GimpPreview takes its size from a style property: give ours its own style. */
  static gboolean style_parsed = FALSE;
  if (!style_parsed)
    {
      gchar *rc = g_strdup_printf ("style \"medclust-preview\" { GimpPreview::size = %d }\n"
                                   "widget \"*.medclust-preview\" style \"medclust-preview\"\n",
                                   MC_PREVIEW_VIEW_SIDE);
      gtk_rc_parse_string (rc);
      g_free (rc);
      style_parsed = TRUE;
    }
  p->widget = gimp_zoom_preview_new_from_drawable_id (drawable);
  gtk_widget_set_name (p->widget, "medclust-preview");
  g_signal_connect (p->widget, "invalidated", G_CALLBACK (on_invalidated), p);
  g_signal_connect (p->widget, "destroy", G_CALLBACK (on_destroy), p);
  start_fit (p);
  return p;
}

GtkWidget *
mc_preview_get_widget (mc_preview *p)
{
  return p->widget;
}

const mc_region *
mc_preview_get_reduced (const mc_preview *p, gint *factor)
{
  if (factor)
    *factor = p->factor;
  return &p->reduced;
}

gssize
mc_preview_reduced_index (const mc_preview *p, const mc_preview_view *view, gint u, gint v)
{
  /* The view pixel's centre in drawable coordinates, then in the reduced copy's pixels. */
  gdouble dx = view->pixels.x + (u + 0.5) / view->scale;
  gdouble dy = view->pixels.y + (v + 0.5) / view->scale;
  gdouble rx = (dx - p->reduced.x) / p->factor, ry = (dy - p->reduced.y) / p->factor;
  if (rx < 0 || ry < 0 || rx >= p->reduced.width || ry >= p->reduced.height)
    return -1;
  return (gssize) ry * p->reduced.width + (gssize) rx;
}

void
mc_preview_outline_mask (const mc_preview *p, const mc_preview_view *view, const uint8_t *mask,
                         const float rgb[3], float *out)
{
  gint w = view->pixels.width, h = view->pixels.height;
  /* One more pixel around the view, so that the view's edge is no border of its own. */
  gint pw = w + 2;
  uint8_t *inside = g_new0 (uint8_t, (gsize) pw * (h + 2));
  for (gint v = -1; v <= h; v++)
    for (gint u = -1; u <= w; u++)
      {
        gssize i = mc_preview_reduced_index (p, view, u, v);
        inside[(gsize) (v + 1) * pw + (u + 1)] = i >= 0 && mask[i] != 0;
      }
  for (gint v = 0; v < h; v++)
    for (gint u = 0; u < w; u++)
      {
        const uint8_t *c = inside + (gsize) (v + 1) * pw + (u + 1);
        if (*c && (!c[-1] || !c[1] || !c[-pw] || !c[pw]))
          memcpy (out + 4 * ((gsize) v * w + u), rgb, 3 * sizeof (float));
      }
  g_free (inside);
}

void
mc_preview_set_values (mc_preview *p, gconstpointer values)
{
  memcpy (p->values, values, p->client.values_size);
  p->values_dirty = TRUE;
  if (p->debounce_source)
    g_source_remove (p->debounce_source);
  p->debounce_source = g_timeout_add (MC_PREVIEW_DEBOUNCE_MS, debounce_over, p);
}

void
mc_preview_free (mc_preview *p)
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
      g_free (job->error);
      g_free (job->values);
      g_free (job);
    }
  if (p->widget)
    g_signal_handlers_disconnect_by_data (p->widget, p);
  if (p->fit)
    p->client.free_fit (p->fit);
  mc_region_free (&p->reduced);
  g_free (p->values);
  g_free (p);
}
