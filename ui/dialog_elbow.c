/* dialog_elbow.c: the dialog of plug-in-medclust-elbow (range of K, sample fraction, seed) with a
 * preview of the elbow plot, computed by the procedure's own mc_elbow_render a moment after the
 * last change (or on demand, since a wide range of K on a large image takes a while). */
#include "mc_dialogs.h"

#include <libgimp/gimpui.h>

#define VIEW_WIDTH 576
#define VIEW_HEIGHT 360
#define UPDATE_DELAY_MS 400

typedef struct
{
  mc_elbow_vals *vals;
  mc_region region;
  gboolean have_region;
  gchar *image_name;
  GtkAdjustment *k_min_adj, *k_max_adj;
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
  gint count = d->vals->k_max - d->vals->k_min + 1;
  gdouble *inertias = g_new (gdouble, count);
  gint32 suggested = d->vals->k_min;
  mc_status st;
  cairo_surface_t *plot
    = mc_elbow_render (&d->region, d->vals, d->image_name, inertias, &suggested, &st, NULL);
  gchar *text;
  if (plot)
    {
      if (d->plot)
        cairo_surface_destroy (d->plot);
      d->plot = plot;
      text = suggested > d->vals->k_min
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

/* k-min must stay below k-max: moving one past the other pushes the other along. */
static void
on_k_min (GtkAdjustment *adj, elbow_dialog *d)
{
  d->vals->k_min = (gint32) gtk_adjustment_get_value (adj);
  if (d->vals->k_max <= d->vals->k_min)
    gtk_adjustment_set_value (d->k_max_adj, d->vals->k_min + 1);
  schedule (d, FALSE);
}

static void
on_k_max (GtkAdjustment *adj, elbow_dialog *d)
{
  d->vals->k_max = (gint32) gtk_adjustment_get_value (adj);
  if (d->vals->k_min >= d->vals->k_max)
    gtk_adjustment_set_value (d->k_min_adj, d->vals->k_max - 1);
  schedule (d, FALSE);
}

static void
on_fraction (GtkAdjustment *adj, elbow_dialog *d)
{
  d->vals->sample_fraction = gtk_adjustment_get_value (adj);
  schedule (d, FALSE);
}

static void
on_seed (GtkAdjustment *adj, elbow_dialog *d)
{
  d->vals->seed = (gint32) gtk_adjustment_get_value (adj);
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

static void
build_controls (elbow_dialog *d, GtkWidget *box)
{
  GtkWidget *table = gtk_table_new (4, 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  gtk_box_pack_start (GTK_BOX (box), table, FALSE, FALSE, 0);
  GtkObject *lo = gimp_scale_entry_new (GTK_TABLE (table), 0, 0, "Smallest K (k-_min):", 160, 6,
                                        d->vals->k_min, 1, 255, 1, 5, 0, TRUE, 0, 0,
                                        "The first K tried", NULL);
  GtkObject *hi = gimp_scale_entry_new (GTK_TABLE (table), 0, 1, "Largest K (k-ma_x):", 160, 6,
                                        d->vals->k_max, 2, 256, 1, 5, 0, TRUE, 0, 0,
                                        "The last K tried: well above the K you expect, so the "
                                        "elbow lies inside the range",
                                        NULL);
  d->k_min_adj = GTK_ADJUSTMENT (lo);
  d->k_max_adj = GTK_ADJUSTMENT (hi);
  g_signal_connect (lo, "value-changed", G_CALLBACK (on_k_min), d);
  g_signal_connect (hi, "value-changed", G_CALLBACK (on_k_max), d);
  GtkObject *f_adj = gimp_scale_entry_new (
    GTK_TABLE (table), 0, 2, "_Sample fraction:", 160, 6, d->vals->sample_fraction, 0.001, 1,
    0.01, 0.1, 3, TRUE, 0, 0, "Share of the pixels each fit draws (1 = exact; the course uses "
                              "0.05). The inertia always covers every pixel",
    NULL);
  g_signal_connect (f_adj, "value-changed", G_CALLBACK (on_fraction), d);
  /* The widget needs a "randomize" flag; results must come from the seed shown, so its toggle
     stays hidden (the "New Seed" button still draws a fresh seed into the field). */
  static gboolean randomize = FALSE;
  GtkWidget *seed = gimp_random_seed_new ((guint32 *) &d->vals->seed, &randomize);
  GtkWidget *toggle = GIMP_RANDOM_SEED_TOGGLE (seed);
  gtk_widget_set_no_show_all (toggle, TRUE);
  gtk_widget_hide (toggle);
  gimp_table_attach_aligned (GTK_TABLE (table), 0, 3, "S_eed:", 0.0, 0.5, seed, 2, FALSE);
  GtkAdjustment *seed_adj
    = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (GIMP_RANDOM_SEED_SPINBUTTON (seed)));
  g_signal_connect (seed_adj, "value-changed", G_CALLBACK (on_seed), d);
}

gboolean
mc_elbow_dialog (gint32 image, gint32 drawable, mc_elbow_vals *vals)
{
  gimp_ui_init ("medclust", FALSE);
  /* Last values from an older run may break the range rule; the dialog starts from a valid one. */
  vals->k_min = CLAMP (vals->k_min, 1, 255);
  vals->k_max = CLAMP (vals->k_max, vals->k_min + 1, 256);
  elbow_dialog d = { 0 };
  d.vals = vals;
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
