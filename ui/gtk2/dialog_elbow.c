/* dialog_elbow.c: the dialog of plug-in-medclust-elbow (range of K, sample fraction, seed) with a
 * preview of the elbow plot, computed by the procedure's own mc_elbow_render a moment after the
 * last change (or on demand, since a wide range of K on a large image takes a while). */
#include "fields.h"
#include "mc_dialogs.h"

#define VIEW_WIDTH 576
#define VIEW_HEIGHT 360
#define UPDATE_DELAY_MS 400

typedef struct
{
  mc_elbow_vals vals; /* the values the fields show (they write into it) */
  mc_region region;
  gboolean have_region;
  gchar *image_name;
  GtkWidget *k_min, *k_max; /* their spin buttons */
  GtkWidget *view;
  GtkWidget *note;      /* under the preview: the suggested K, or why there is no preview */
  GtkWidget *automatic; /* "update automatically" toggle */
  cairo_surface_t *plot;
  guint pending;        /* the scheduled recomputation, 0 = none */
} elbow_dialog;

static gboolean
view_expose (GtkWidget *widget, GdkEventExpose *event, elbow_dialog *d)
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
  elbow_dialog *d = data;
  d->pending = 0;
  if (!d->have_region)
    return G_SOURCE_REMOVE;
  gtk_label_set_text (GTK_LABEL (d->note), "Computing…");
  while (gtk_events_pending ())
    gtk_main_iteration ();
  gint count = d->vals.k_max - d->vals.k_min + 1;
  gdouble *inertias = g_new (gdouble, count);
  gint32 suggested = d->vals.k_min;
  mc_status st;
  cairo_surface_t *plot
    = mc_elbow_render (&d->region, &d->vals, d->image_name, inertias, &suggested, &st, NULL);
  gchar *text;
  if (plot)
    {
      if (d->plot)
        cairo_surface_destroy (d->plot);
      d->plot = plot;
      text = suggested > d->vals.k_min
               ? g_strdup_printf ("Suggested K = %d. OK opens the plot as a new image.", suggested)
               : g_strdup ("No elbow inside this range: widen it (k-max well above the K you "
                           "expect).");
    }
  else
    text = g_strdup_printf ("The preview failed: %s", mc_status_text (st));
  gtk_label_set_text (GTK_LABEL (d->note), text);
  g_free (text);
  g_free (inertias);
  gtk_widget_queue_draw (d->view);
  return G_SOURCE_REMOVE;
}

static void
schedule (elbow_dialog *d, gboolean forced)
{
  if (!forced && !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (d->automatic)))
    return;
  if (d->pending)
    g_source_remove (d->pending);
  d->pending = g_timeout_add (forced ? 0 : UPDATE_DELAY_MS, recompute, d);
}

/* A field wrote its new value into d->vals. k-min must stay below k-max: moving one past the
 * other pushes the other along (which writes it and comes back here). */
static void
on_value_changed (GtkWidget *field, gpointer data)
{
  elbow_dialog *d = data;
  if (field == d->k_min && d->vals.k_max <= d->vals.k_min)
    gtk_adjustment_set_value (mc_gtk2_field_adjustment (d->k_max), d->vals.k_min + 1);
  else if (field == d->k_max && d->vals.k_min >= d->vals.k_max)
    gtk_adjustment_set_value (mc_gtk2_field_adjustment (d->k_min), d->vals.k_max - 1);
  schedule (d, FALSE);
}

static void
on_automatic (GtkToggleButton *toggle, elbow_dialog *d)
{
  (void) toggle;
  schedule (d, FALSE);
}

static void
on_update_now (GtkButton *button, elbow_dialog *d)
{
  (void) button;
  schedule (d, TRUE);
}

static void
build_preview (elbow_dialog *d, GtkWidget *box)
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
  GtkWidget *row = gtk_hbox_new (FALSE, 12);
  d->automatic = gtk_check_button_new_with_mnemonic ("_Update the preview automatically");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->automatic), TRUE);
  g_signal_connect (d->automatic, "toggled", G_CALLBACK (on_automatic), d);
  gtk_box_pack_start (GTK_BOX (row), d->automatic, FALSE, FALSE, 0);
  GtkWidget *now = gtk_button_new_with_mnemonic ("Update _now");
  g_signal_connect (now, "clicked", G_CALLBACK (on_update_now), d);
  gtk_box_pack_end (GTK_BOX (row), now, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
}

/* The fields, from the procedure's table, in its order. */
static void
build_controls (elbow_dialog *d, GtkWidget *box)
{
  const mc_proc_def *def = &mc_proc_elbow;
  GtkWidget *table = mc_gtk2_field_table (4);
  GtkTable *t = GTK_TABLE (table);
  gtk_box_pack_start (GTK_BOX (box), table, FALSE, FALSE, 0);
  d->k_min = mc_gtk2_field (t, 0, def, "k-min", &d->vals, on_value_changed, d);
  d->k_max = mc_gtk2_field (t, 1, def, "k-max", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 2, def, "sample-fraction", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 3, def, "seed", &d->vals, on_value_changed, d);
}

gboolean
mc_elbow_dialog (gint32 image, gint32 drawable, mc_elbow_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  elbow_dialog d = { 0 };
  d.vals = *vals;
  /* Last values from an older run may break the range rule; the dialog starts from a valid one. */
  d.vals.k_min = CLAMP (d.vals.k_min, 1, MC_KMEANS_MAX_K - 1);
  d.vals.k_max = CLAMP (d.vals.k_max, d.vals.k_min + 1, MC_KMEANS_MAX_K);
  gchar *why = NULL;
  d.have_region = mc_region_read (drawable, &d.region, &why);
  d.image_name = gimp_image_get_name (image);
  GtkWidget *dialog = gimp_dialog_new ("Choose K (Elbow Plot)", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_ELBOW_PROC, GTK_STOCK_CANCEL,
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
  schedule (&d, FALSE);

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
