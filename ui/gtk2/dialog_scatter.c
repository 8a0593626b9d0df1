/* dialog_scatter.c: the dialog of plug-in-medclust-scatter (sample fraction, clusters, seed) with
 * a live preview of the plot, recomputed by the procedure's own mc_scatter_render a moment after
 * the last change, so what the preview shows is what OK produces. */
#include "fields.h"
#include "mc_dialogs.h"

/* Preview at half the plot's size: the three panels stay recognisable in a dialog. */
#define VIEW_WIDTH 774
#define VIEW_HEIGHT 300
#define UPDATE_DELAY_MS 300

typedef struct
{
  mc_scatter_vals vals; /* the values the fields show (they write into it) */
  mc_region region;
  gboolean have_region;
  gchar *image_name;
  GtkWidget *view;
  GtkWidget *note;      /* under the preview: what it shows or why it cannot */
  GtkWidget *automatic; /* "update automatically" toggle */
  cairo_surface_t *plot;
  guint pending;        /* the scheduled recomputation, 0 = none */
} scatter_dialog;

static gboolean
view_expose (GtkWidget *widget, GdkEventExpose *event, scatter_dialog *d)
{
  (void) event;
  if (!d->plot)
    return FALSE;
  GtkAllocation a;
  gtk_widget_get_allocation (widget, &a);
  double sx = (double) a.width / cairo_image_surface_get_width (d->plot);
  double sy = (double) a.height / cairo_image_surface_get_height (d->plot);
  double scale = MIN (sx, sy);
  cairo_t *cr = gdk_cairo_create (gtk_widget_get_window (widget));
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, d->plot, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
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

/* A field wrote its new value into d->vals. */
static void
on_value_changed (GtkWidget *field, gpointer data)
{
  (void) field;
  schedule (data);
}

static void
on_automatic (GtkToggleButton *toggle, scatter_dialog *d)
{
  (void) toggle;
  schedule (d);
}

static GtkWidget *
build_preview (scatter_dialog *d, GtkWidget *box)
{
  GtkWidget *frame = gtk_frame_new (NULL);
  gtk_frame_set_shadow_type (GTK_FRAME (frame), GTK_SHADOW_IN);
  d->view = gtk_drawing_area_new ();
  gtk_widget_set_size_request (d->view, VIEW_WIDTH, VIEW_HEIGHT);
  g_signal_connect (d->view, "expose-event", G_CALLBACK (view_expose), d);
  gtk_container_add (GTK_CONTAINER (frame), d->view);
  gtk_box_pack_start (GTK_BOX (box), frame, FALSE, FALSE, 0);
  d->note = gtk_label_new (NULL);
  gtk_misc_set_alignment (GTK_MISC (d->note), 0.0, 0.5);
  gtk_box_pack_start (GTK_BOX (box), d->note, FALSE, FALSE, 0);
  d->automatic = gtk_check_button_new_with_mnemonic ("_Update the preview automatically");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->automatic), TRUE);
  g_signal_connect (d->automatic, "toggled", G_CALLBACK (on_automatic), d);
  gtk_box_pack_start (GTK_BOX (box), d->automatic, FALSE, FALSE, 0);
  return frame;
}

/* The fields, from the procedure's table, in its order. */
static void
build_controls (scatter_dialog *d, GtkWidget *box)
{
  const mc_proc_def *def = &mc_proc_scatter;
  GtkWidget *table = mc_gtk2_field_table (def->n_params);
  gtk_box_pack_start (GTK_BOX (box), table, FALSE, FALSE, 0);
  mc_gtk2_fields (GTK_TABLE (table), 0, def, &d->vals, on_value_changed, d);
}

gboolean
mc_scatter_dialog (gint32 image, gint32 drawable, mc_scatter_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  scatter_dialog d = { 0 };
  d.vals = *vals;
  gchar *why = NULL;
  d.have_region = mc_region_read (drawable, &d.region, &why);
  d.image_name = gimp_image_get_name (image);
  GtkWidget *dialog = gimp_dialog_new ("Colour Scatter Plot", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_SCATTER_PROC, GTK_STOCK_CANCEL,
                                       GTK_RESPONSE_CANCEL, GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  GtkWidget *box = gtk_vbox_new (FALSE, 8);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), box, TRUE,
                      TRUE, 0);
  build_preview (&d, box);
  build_controls (&d, box);
  if (!d.have_region)
    {
      gchar *text = g_strdup_printf ("No preview: %s", why);
      gtk_label_set_text (GTK_LABEL (d.note), text);
      g_free (text);
    }
  gtk_widget_show_all (dialog);
  schedule (&d);

  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = d.vals;
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
