/* dialog_quantize.c: the GIMP 3 dialog of plug-in-medclust-quantize (K, colour space, sample
 * fraction, seed, output), as ui/gtk2/dialog_quantize.c: a live preview of the quantised layer
 * and the colours found: a strip whose parts are as wide as each centre's share of the pixels,
 * swatches with their shares, and a readout.
 *
 * The preview fits K centres with the procedure's own computation (mc_quantize_region) on a
 * reduced copy of the analysed pixels, in a worker thread (mc_preview.h), then paints the visible
 * pixels with their nearest centre. The full-size fit sees more pixels, so its centres can differ
 * slightly from the preview's. */
#include "mc_dialogs.h"
#include "mc_preview.h"
#include "mc_preview_compute.h"
#include "mc_quantize.h"

#include <math.h>
#include <string.h>

#define SWATCHES_SHOWN 16 /* at most this many swatches; the strip shows every centre */
#define SWATCHES_PER_ROW 8
#define SWATCH_WIDTH 40
#define SWATCH_HEIGHT 22
#define STRIP_HEIGHT 18

typedef struct
{
  const mc_gtk3_call *call;
  mc_quantize_vals vals; /* the config's values */
  mc_preview *preview;
  GtkWidget *strip; /* GtkDrawingArea: every centre, as wide as its share */
  GtkWidget *swatch[SWATCHES_SHOWN], *swatch_colour[SWATCHES_SHOWN], *swatch_share[SWATCHES_SHOWN];
  GtkWidget *readout;
  mc_quantize_fit shown; /* the fit the strip and swatches show */
  gboolean have_shown;
} quantize_dialog;

/* ---- The colours found ---------------------------------------------------------------------- */

/* The strip: one part per centre, darkest first, as wide as its share of the pixels. */
static gboolean
on_strip_draw (GtkWidget *widget, cairo_t *cr, quantize_dialog *d)
{
  gint width = gtk_widget_get_allocated_width (widget);
  gint height = gtk_widget_get_allocated_height (widget);
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  if (!d->have_shown)
    return TRUE;
  double x = 0.0;
  for (gint j = 0; j < d->shown.res.fit.k; j++)
    {
      double w = mc_quantize_fit_share (&d->shown, j) * width;
      const float *c = d->shown.res.rgb_centres + 3 * j;
      cairo_set_source_rgb (cr, c[0], c[1], c[2]);
      /* Whole pixels, so that neighbouring parts never blend into a colour not found. */
      double x0 = floor (x + 0.5), x1 = floor (x + w + 0.5);
      cairo_rectangle (cr, x0, 0, x1 - x0, height);
      cairo_fill (cr);
      x += w;
    }
  return TRUE;
}

/* Which centres get a swatch: all when they fit, else the largest shares, kept darkest first. */
static gint
choose_swatches (const mc_quantize_fit *f, gint *chosen)
{
  gint k = f->res.fit.k, n = 0;
  if (k <= SWATCHES_SHOWN)
    {
      for (gint j = 0; j < k; j++)
        chosen[n++] = j;
      return n;
    }
  gboolean taken[MC_KMEANS_MAX_K] = { FALSE };
  for (gint s = 0; s < SWATCHES_SHOWN; s++)
    {
      gint best = -1;
      for (gint j = 0; j < k; j++)
        if (!taken[j] && (best < 0 || f->res.fit.counts[j] > f->res.fit.counts[best]))
          best = j;
      taken[best] = TRUE;
    }
  for (gint j = 0; j < k; j++)
    if (taken[j])
      chosen[n++] = j;
  return n;
}

/* A GeglColor of an R'G'B' centre (g_object_unref). */
static GeglColor *
centre_colour (const float *c)
{
  gdouble pixel[4] = { c[0], c[1], c[2], 1.0 };
  GeglColor *colour = gegl_color_new (NULL);
  gegl_color_set_pixel (colour, babl_format ("R'G'B'A double"), pixel);
  return colour;
}

static void
show_swatch (quantize_dialog *d, gint s, gint j)
{
  const mc_quantize_fit *f = &d->shown;
  const float *c = f->res.rgb_centres + 3 * j;
  GeglColor *colour = centre_colour (c);
  gimp_color_area_set_color (GIMP_COLOR_AREA (d->swatch_colour[s]), colour);
  g_object_unref (colour);
  gchar *share = g_strdup_printf ("%.1f%%", 100.0 * mc_quantize_fit_share (f, j));
  gtk_label_set_text (GTK_LABEL (d->swatch_share[s]), share);
  gchar *tip = g_strdup_printf ("Centre %d of %d (darkest first): R'G'B' %.3f %.3f %.3f "
                                "(#%02x%02x%02x), %s of the analysed pixels",
                                j + 1, f->res.fit.k, c[0], c[1], c[2], (guint) (c[0] * 255 + 0.5f),
                                (guint) (c[1] * 255 + 0.5f), (guint) (c[2] * 255 + 0.5f), share);
  gimp_help_set_help_data (d->swatch[s], tip, NULL);
  g_free (tip);
  g_free (share);
  gtk_widget_show (d->swatch[s]);
}

static void
show_swatches (quantize_dialog *d)
{
  gint chosen[SWATCHES_SHOWN];
  gint n = choose_swatches (&d->shown, chosen);
  for (gint s = 0; s < SWATCHES_SHOWN; s++)
    if (s < n)
      show_swatch (d, s, chosen[s]);
    else
      gtk_widget_hide (d->swatch[s]);
}

static void
on_fit_started (gpointer user)
{
  quantize_dialog *d = user;
  gtk_label_set_text (GTK_LABEL (d->readout), "Computing the preview…");
}

static void
on_fitted (gconstpointer data, const gchar *error, gdouble seconds, gpointer user)
{
  quantize_dialog *d = user;
  if (!data)
    {
      gtk_label_set_text (GTK_LABEL (d->readout), error ? error : "The preview failed.");
      return;
    }
  d->shown = *(const mc_quantize_fit *) data;
  d->have_shown = TRUE;
  show_swatches (d);
  gtk_widget_queue_draw (d->strip);

  gint factor = 1;
  const mc_region *reduced = mc_preview_get_reduced (d->preview, &factor);
  GString *text = g_string_new (NULL);
  if (d->shown.res.fit.k > SWATCHES_SHOWN)
    g_string_append_printf (text, "Swatches: the %d largest of %d colours. ", SWATCHES_SHOWN,
                            d->shown.res.fit.k);
  g_string_append_printf (text, "Preview fit: %d iterations in %.0f ms on ",
                          d->shown.res.fit.iterations, seconds * 1000.0);
  if (factor > 1)
    g_string_append_printf (text, "the analysed pixels reduced 1:%d (%d x %d); the full-size "
                                  "result can differ slightly.",
                            factor, reduced->width, reduced->height);
  else
    g_string_append_printf (text, "every analysed pixel (%d x %d).", reduced->width,
                            reduced->height);
  gtk_label_set_text (GTK_LABEL (d->readout), text->str);
  g_string_free (text, TRUE);
}

/* ---- Building the dialog -------------------------------------------------------------------- */

/* A parameter changed in the config: fit again (the output does not change the preview). */
static void
on_changed (const char *name, gpointer data)
{
  quantize_dialog *d = data;
  if (!d->preview || strcmp (name, "output") == 0)
    return;
  mc_gtk3_read_vals (d->call->def, d->call->config, &d->vals);
  mc_preview_set_values (d->preview, &d->vals);
}

static GtkWidget *
make_swatch (quantize_dialog *d, gint s)
{
  GeglColor *grey = gegl_color_new ("gray");
  d->swatch[s] = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  d->swatch_colour[s] = gimp_color_area_new (grey, GIMP_COLOR_AREA_FLAT, 0);
  g_object_unref (grey);
  gtk_widget_set_size_request (d->swatch_colour[s], SWATCH_WIDTH, SWATCH_HEIGHT);
  gtk_box_pack_start (GTK_BOX (d->swatch[s]), d->swatch_colour[s], FALSE, FALSE, 0);
  d->swatch_share[s] = gtk_label_new ("");
  gtk_widget_set_size_request (d->swatch_share[s], SWATCH_WIDTH + 4, -1);
  gtk_box_pack_start (GTK_BOX (d->swatch[s]), d->swatch_share[s], FALSE, FALSE, 0);
  gtk_widget_show_all (d->swatch[s]);
  gtk_widget_set_no_show_all (d->swatch[s], TRUE);
  gtk_widget_hide (d->swatch[s]);
  return d->swatch[s];
}

/* The strip, the swatches (hidden until a fit arrives) and the readout, in a frame. */
static GtkWidget *
make_colours (quantize_dialog *d)
{
  GtkWidget *frame = gimp_frame_new ("Colours found (preview)");
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_container_add (GTK_CONTAINER (frame), vbox);
  d->strip = gtk_drawing_area_new ();
  gtk_widget_set_size_request (d->strip, -1, STRIP_HEIGHT);
  gimp_help_set_help_data (d->strip, "Every centre, darkest first, as wide as its share of the "
                                     "analysed pixels", NULL);
  g_signal_connect (d->strip, "draw", G_CALLBACK (on_strip_draw), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->strip, FALSE, FALSE, 0);

  GtkWidget *grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (gint s = 0; s < SWATCHES_SHOWN; s++)
    gtk_grid_attach (GTK_GRID (grid), make_swatch (d, s), s % SWATCHES_PER_ROW,
                     s / SWATCHES_PER_ROW, 1, 1);
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  gtk_box_pack_start (GTK_BOX (vbox), grid, FALSE, FALSE, 0);

  d->readout = mc_gtk3_note_new ("");
  gtk_label_set_max_width_chars (GTK_LABEL (d->readout), 48);
  gimp_label_set_attributes (GTK_LABEL (d->readout), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);
  gtk_box_pack_start (GTK_BOX (vbox), d->readout, FALSE, FALSE, 0);
  gtk_widget_show_all (frame);
  return frame;
}

/* Starts the live preview; without pixels to analyse the dialog goes on without one. */
static GtkWidget *
make_preview (quantize_dialog *d)
{
  mc_preview_client client = { 0 };
  client.values_size = sizeof d->vals;
  client.fit = mc_preview_fit_quantize;
  client.free_fit = g_free;
  client.paint = mc_preview_paint_quantize;
  client.fitted = on_fitted;
  client.started = on_fit_started;
  client.user = d;
  gchar *why = NULL;
  d->preview = mc_preview_new (d->call->drawable, &client, &d->vals, &why);
  if (!d->preview)
    {
      gchar *text = g_strdup_printf ("No preview: %s.", why);
      GtkWidget *label = mc_gtk3_note_new (text);
      g_free (text);
      g_free (why);
      gtk_widget_show (label);
      return label;
    }
  GtkWidget *widget = mc_preview_get_widget (d->preview);
  gtk_widget_show (widget);
  return widget;
}

gboolean
mc_gtk3_quantize_dialog (const mc_gtk3_call *call)
{
  quantize_dialog d;
  memset (&d, 0, sizeof d);
  d.call = call;
  mc_gtk3_read_vals (call->def, call->config, &d.vals);
  /* "p": the zoom preview's "_Preview" toggle. */
  GtkWidget *dialog = mc_gtk3_dialog_new (call, "p");
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  static const char *const names[]
    = { "n-clusters", "colour-space", "sample-fraction", "seed", "output", NULL };
  GtkWidget *fields = mc_gtk3_fields_box (dialog, names);
  gtk_box_pack_start (GTK_BOX (right), fields, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (right), make_colours (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), make_preview (&d), TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), right, FALSE, FALSE, 0);
  gtk_widget_show (right);
  gtk_widget_show (hbox);
  mc_gtk3_dialog_pack (dialog, hbox, TRUE);
  mc_gtk3_watch (dialog, on_changed, &d);

  gtk_widget_show (dialog);
  /* K is what one changes most: typing a number and pressing Return applies it. */
  GList *rows = gtk_container_get_children (GTK_CONTAINER (fields));
  if (rows)
    gtk_widget_grab_focus (mc_gtk3_field_input (rows->data));
  g_list_free (rows);
  gboolean ok = gimp_procedure_dialog_run (GIMP_PROCEDURE_DIALOG (dialog));
  gtk_widget_destroy (dialog);
  mc_preview_free (d.preview);
  return ok;
}
