/* dialog_elbow.c: the GIMP 3 dialog of plug-in-medclust-elbow (range of K, sample fraction,
 * seed), as ui/gtk2/dialog_elbow.c: a preview of the elbow plot, computed by the procedure's own
 * mc_elbow_render a moment after the last change (or on demand, since a wide range of K on a
 * large image takes a while). k-min stays below k-max: moving one past the other pushes it. */
#include "mc_dialogs.h"
#include "mc_kmeans.h"
#include "mc_plots.h"

#include <string.h>

#define VIEW_WIDTH 576
#define VIEW_HEIGHT 360
#define UPDATE_DELAY_MS 400

typedef struct
{
  const mc_gtk3_call *call;
  mc_elbow_vals vals; /* the config's values */
  mc_region region;
  gboolean have_region;
  gchar *image_name;
  GtkWidget *view;
  GtkWidget *note;      /* under the preview: the suggested K, or why there is no preview */
  GtkWidget *automatic; /* "update automatically" toggle */
  cairo_surface_t *plot;
  guint pending;        /* the scheduled recomputation, 0 = none */
} elbow_dialog;

static gboolean
on_view_draw (GtkWidget *widget, cairo_t *cr, elbow_dialog *d)
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
  elbow_dialog *d = data;
  d->pending = 0;
  if (!d->have_region || d->vals.k_max <= d->vals.k_min)
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

/* A parameter changed in the config. k-min must stay below k-max: moving one past the other
 * pushes the other along (which comes back here). */
static void
on_changed (const char *name, gpointer data)
{
  elbow_dialog *d = data;
  GObject *config = G_OBJECT (d->call->config);
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
  if (strcmp (name, "k-min") == 0 && d->vals.k_max <= d->vals.k_min)
    g_object_set (config, "k-max", MIN (d->vals.k_min + 1, MC_KMEANS_MAX_K), NULL);
  else if (strcmp (name, "k-max") == 0 && d->vals.k_min >= d->vals.k_max)
    g_object_set (config, "k-min", MAX (d->vals.k_max - 1, 1), NULL);
  else
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

static GtkWidget *
build_preview (elbow_dialog *d)
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
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  d->automatic = gtk_check_button_new_with_mnemonic ("_Update the preview automatically");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (d->automatic), TRUE);
  g_signal_connect (d->automatic, "toggled", G_CALLBACK (on_automatic), d);
  gtk_box_pack_start (GTK_BOX (row), d->automatic, FALSE, FALSE, 0);
  GtkWidget *now = gtk_button_new_with_mnemonic ("Up_date now");
  g_signal_connect (now, "clicked", G_CALLBACK (on_update_now), d);
  gtk_box_pack_end (GTK_BOX (row), now, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), row, FALSE, FALSE, 0);
  return box;
}

/* Last values from an older run may break the range rule; the dialog starts from a valid one. */
static void
valid_range (elbow_dialog *d)
{
  gint k_min = CLAMP (d->vals.k_min, 1, MC_KMEANS_MAX_K - 1);
  gint k_max = CLAMP (d->vals.k_max, k_min + 1, MC_KMEANS_MAX_K);
  if (k_min != d->vals.k_min || k_max != d->vals.k_max)
    g_object_set (d->call->config, "k-min", k_min, "k-max", k_max, NULL);
  d->vals.k_min = k_min;
  d->vals.k_max = k_max;
}

gboolean
mc_gtk3_elbow_dialog (const mc_gtk3_call *call)
{
  elbow_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  mc_gtk3_read_vals (call->def, call->config, &d.vals);
  valid_range (&d);
  gchar *why = NULL;
  d.have_region = mc_region_read (call->drawable, &d.region, &why);
  d.image_name = mch_image_get_name (call->image);
  /* "u" and "d": "_Update the preview automatically", "Up_date now". */
  GtkWidget *dialog = mc_gtk3_dialog_new (call, "ud");
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
  schedule (&d, FALSE);

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
