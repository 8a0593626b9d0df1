/* preview.c: the GIMP 3 dialogs' live preview (mc_preview.h), as ui/gtk2/preview.c: the
 * GimpZoomPreview and the painting of its visible pixels (in the drawable's own 8-bit layout)
 * with the latest fit. The reduced copy the fits see and the fits themselves are host-neutral:
 * ui/preview_region.c, ui/preview_fitter.c. */
#include "mc_preview.h"

#include <gegl.h>
#include <string.h>

struct mc_preview
{
  gint32 drawable;
  mc_preview_client client;
  GtkWidget *widget; /* the GimpZoomPreview; NULL once destroyed */
  mc_region reduced;
  gint factor;
  mc_preview_fitter *fitter;
};

/* ---- Painting the view ---------------------------------------------------------------------- */

/* The zoom preview's pixels (8-bit grey, grey + alpha, RGB or RGBA) as a view. */
static void
view_from_source (const mc_preview *p, const guchar *src, gint w, gint h, gint bpp,
                  mc_preview_view *view)
{
  GimpPreview *gp = GIMP_PREVIEW (p->widget);
  mc_preview_view_from_bytes (p->drawable, src, w, h, bpp, view);
  /* Where the view sits in the drawable: its corners mapped back through the zoom. */
  gint x0, y0, x1, y1;
  gimp_preview_untransform (gp, 0, 0, &x0, &y0);
  gimp_preview_untransform (gp, w, h, &x1, &y1);
  view->pixels.x = x0;
  view->pixels.y = y0;
  view->scale = x1 > x0 ? (gdouble) w / (x1 - x0) : 1.0;
}

/* Draws the visible pixels as the latest fit makes them. Without a fit, or with the preview
 * switched off, the zoom preview keeps showing the original pixels. */
static void
paint (mc_preview *p)
{
  gconstpointer fit = p->fitter ? mc_preview_fitter_get_fit (p->fitter) : NULL;
  if (!p->widget || !fit || !gimp_preview_get_update (GIMP_PREVIEW (p->widget)))
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
  p->client.paint (fit, &view, out, p->client.user);
  mc_preview_bytes_from_result (out, n, bpp, src);
  gimp_preview_draw_buffer (GIMP_PREVIEW (p->widget), src, w * bpp);
  g_free (out);
  mc_region_free (&view.pixels);
  g_free (src);
}

/* A fit has finished: paint with it, or show the original pixels after a failure. */
static void
on_shown (gconstpointer fit, gpointer data)
{
  mc_preview *p = data;
  if (fit)
    paint (p);
  else if (p->widget)
    gimp_preview_draw (GIMP_PREVIEW (p->widget)); /* no stale result after a failure */
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

/* GimpPreview takes its size from its "size" style property: give ours a larger one. */
static void
set_view_size (GtkWidget *widget)
{
  static GtkCssProvider *css = NULL;
  if (!css)
    {
      css = gtk_css_provider_new ();
      gchar *text = g_strdup_printf ("#medclust-preview { -GimpPreview-size: %d; }",
                                     MC_PREVIEW_VIEW_SIDE);
      gtk_css_provider_load_from_data (css, text, -1, NULL);
      g_free (text);
    }
  gtk_widget_set_name (widget, "medclust-preview");
  gtk_style_context_add_provider (gtk_widget_get_style_context (widget),
                                  GTK_STYLE_PROVIDER (css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
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
  if (!mc_preview_read_reduced (drawable, side, &p->reduced, &p->factor, error))
    {
      g_free (p);
      return NULL;
    }
  /* babl builds its conversions on first use: build the common ones here, in the GUI thread,
   * rather than in the worker. */
  float rgb[3] = { 0.5f, 0.5f, 0.5f }, lab[3];
  mc_convert_triples ("R'G'B' float", "CIE Lab float", rgb, lab, 1);
  mc_convert_triples ("CIE Lab float", "R'G'B' float", lab, rgb, 1);

  p->widget = gimp_zoom_preview_new_from_drawable (gimp_drawable_get_by_id (drawable));
  set_view_size (p->widget);
  g_signal_connect (p->widget, "invalidated", G_CALLBACK (on_invalidated), p);
  g_signal_connect (p->widget, "destroy", G_CALLBACK (on_destroy), p);
  p->fitter = mc_preview_fitter_new (client, &p->reduced, values, on_shown, p);
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
  return mc_preview_region_index (&p->reduced, p->factor, view, u, v);
}

void
mc_preview_outline_mask (const mc_preview *p, const mc_preview_view *view, const uint8_t *mask,
                         const float rgb[3], float *out)
{
  mc_preview_region_outline (&p->reduced, p->factor, view, mask, rgb, out);
}

void
mc_preview_set_values (mc_preview *p, gconstpointer values)
{
  mc_preview_fitter_set_values (p->fitter, values);
}

void
mc_preview_free (mc_preview *p)
{
  if (!p)
    return;
  mc_preview_fitter_free (p->fitter);
  p->fitter = NULL;
  if (p->widget)
    g_signal_handlers_disconnect_by_data (p->widget, p);
  mc_region_free (&p->reduced);
  g_free (p);
}
