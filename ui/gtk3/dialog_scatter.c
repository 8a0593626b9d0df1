/* dialog_scatter.c: the GIMP 3 dialog of plug-in-medclust-scatter (sample fraction, clusters,
 * seed), as ui/gtk2/dialog_scatter.c: a live preview of the plot, recomputed by the procedure's
 * own mc_scatter_render a moment after the last change, so what the preview shows is what OK
 * produces. */
#include "mc_dialogs.h"
#include "mc_plots.h"

#include <string.h>

/* Preview at half the plot's size: the three panels stay recognisable in a dialog. */
#define VIEW_WIDTH 774
#define VIEW_HEIGHT 300
#define UPDATE_DELAY_MS 300

typedef struct
{
  const mc_gtk3_call *call;
  mc_scatter_vals vals; /* the config's values */
  mc_region region;
  gboolean have_region;
  gchar *image_name;
  GtkWidget *view;
  GtkWidget *note;      /* under the preview: what it shows or why it cannot */
  GtkWidget *automatic; /* "update automatically" toggle */
  cairo_surface_t *plot;
  guint pending;        /* the scheduled recomputation, 0 = none */
} scatter_dialog;

/* Draws the plot scaled to the view. */
static gboolean
on_view_draw (GtkWidget *widget, cairo_t *cr, scatter_dialog *d)
{
  if (!d->plot)
    return FALSE;
  double sx = (double) gtk_widget_get_allocated_width (widget)
              / cairo_image_surface_get_width (d->plot);
  double sy = (double) gtk_widget_get_allocated_height (widget)
              / cairo_image_surface_get_height (d->plot);
  double scale = MIN (sx, sy);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, d->plot, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  return TRUE;
}

static gboolean
recompute (gpointer data)
{
  scatter_dialog *d = data;
  d->pending = 0;
  if (!d->have_region)
    return G_SOURCE_REMOVE;
  gtk_label_set_text (GTK_LABEL (d->note), "Computing…");
  while (gtk_events_pending ())
    gtk_main_iteration ();
  mc_status st;
  cairo_surface_t *plot = mc_scatter_render (&d->region, &d->vals, d->image_name, NULL, &st, NULL);
  if (plot)
    {
      if (d->plot)
        cairo_surface_destroy (d->plot);
      d->plot = plot;
      gtk_label_set_text (GTK_LABEL (d->note), "Preview at half size; OK opens the plot as a new "
                                               "image.");
    }
  else
    {
      gchar *text = g_strdup_printf ("The preview failed: %s", mc_status_text (st));
      gtk_label_set_text (GTK_LABEL (d->note), text);
      g_free (text);
    }
  gtk_widget_queue_draw (d->view);
  return G_SOURCE_REMOVE;
}

/* Called on every change: recomputes a moment after the last one, when automatic. */
static void
schedule (scatter_dialog *d)
{
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->automatic)))
    return;
  if (d->pending)
    g_source_remove (d->pending);
  d->pending = g_timeout_add (UPDATE_DELAY_MS, recompute, d);
}

static void
on_changed (const char *name, gpointer data)
{
  (void) name;
  scatter_dialog *d = data;
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
  schedule (d);
}

static void
on_automatic (GtkToggleButton *toggle, scatter_dialog *d)
{
  (void) toggle;
  schedule (d);
}

static GtkWidget *
build_preview (scatter_dialog *d)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame = gtk_frame_new (NULL);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  d->view = gtk_drawing_area_new ();
  gtk_widget_set_size_request (d->view, VIEW_WIDTH, VIEW_HEIGHT);
  g_signal_connect (d->view, "draw", G_CALLBACK (on_view_draw), d);
  gtk_container_add (GTK_CONTAINER (frame), d->view);
  gtk_box_pack_start (GTK_BOX (box), frame, FALSE, FALSE, 0);
  d->note = mc_gtk3_note_new (NULL);
  gtk_box_pack_start (GTK_BOX (box), d->note, FALSE, FALSE, 0);
  d->automatic = gtk_check_button_new_with_mnemonic ("_Update the preview automatically");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->automatic), TRUE);
  g_signal_connect (d->automatic, "toggled", G_CALLBACK (on_automatic), d);
  gtk_box_pack_start (GTK_BOX (box), d->automatic, FALSE, FALSE, 0);
  return box;
}

gboolean
mc_gtk3_scatter_dialog (const mc_gtk3_call *call)
{
  scatter_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  mc_gtk3_read_vals (call->def, call->config, &d.vals);
  gchar *why = NULL;
  d.have_region = mc_region_read (call->drawable, &d.region, &why);
  d.image_name = mch_image_get_name (call->image);
  /* "u": "_Update the preview automatically". */
  GtkWidget *dialog = mc_gtk3_dialog_new (call, "u");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_pack_start (GTK_BOX (box), build_preview (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), mc_gtk3_fields_box (dialog, NULL), FALSE, FALSE, 0);
  if (!d.have_region)
    {
      gchar *text = g_strdup_printf ("No preview: %s", why);
      gtk_label_set_text (GTK_LABEL (d.note), text);
      g_free (text);
    }
  gtk_widget_show_all (box);
  mc_gtk3_dialog_pack (dialog, box, TRUE);
  mc_gtk3_watch (dialog, on_changed, &d);
  gtk_widget_show (dialog);
  schedule (&d);

  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  if (d.pending)
    g_source_remove (d.pending);
  gtk_widget_destroy (dialog);
  if (d.plot)
    cairo_surface_destroy (d.plot);
  if (d.have_region)
    mc_region_free (&d.region);
  g_free (d.image_name);
  g_free (why);
  return ok;
}
