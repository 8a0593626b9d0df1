/* dialog_quantize.c: the dialog of plug-in-medclust-quantize (K, sample fraction, seed, colour
 * space, output) with a live preview of the quantised layer and the colours found: a strip whose
 * parts are as wide as each centre's share of the pixels, and swatches with their shares.
 *
 * The preview fits K centres with the procedure's own computation (mc_quantize_region) on a
 * reduced copy of the analysed pixels, in a worker thread (mc_preview.h), then paints the visible
 * pixels with their nearest centre. The full-size fit sees more pixels, so its centres can differ
 * slightly from the preview's. */
#include "fields.h"
#include "mc_dialogs.h"
#include "mc_preview.h"
#include "mc_preview_compute.h"

#include <math.h>
#include <string.h>

#define SWATCHES_SHOWN 16 /* at most this many swatches; the strip shows every centre */
#define SWATCHES_PER_ROW 8
#define SWATCH_WIDTH 40
#define SWATCH_HEIGHT 22
#define STRIP_HEIGHT 18

typedef struct
{
  mc_quantize_vals vals; /* the values the fields show (they write into it) */
  mc_preview *preview;
  GtkWidget *k;          /* the spin button of K */
  GtkWidget *strip; /* GtkDrawingArea: every centre, as wide as its share */
  GtkWidget *swatch[SWATCHES_SHOWN], *swatch_colour[SWATCHES_SHOWN], *swatch_share[SWATCHES_SHOWN];
  GtkWidget *readout;
  mc_quantize_fit shown; /* the fit the strip and swatches show */
  gboolean have_shown;
} quantize_dialog;

/* ---- The colours found ---------------------------------------------------------------------- */

/* The strip: one part per centre, darkest first, as wide as its share of the pixels. */
static gboolean
on_strip_expose (GtkWidget *widget, GdkEventExpose *event, quantize_dialog *d)
{
  (void) event;
  GtkAllocation a;
  gtk_widget_get_allocation (widget, &a);
  cairo_t *cr = gdk_cairo_create (gtk_widget_get_window (widget));
  cairo_set_source_rgb (cr, 0.5, 0.5, 0.5);
  cairo_rectangle (cr, 0, 0, a.width, a.height);
  cairo_fill (cr);
  if (d->have_shown)
    {
      double x = 0.0;
      for (gint j = 0; j < d->shown.res.fit.k; j++)
        {
          double w = mc_quantize_fit_share (&d->shown, j) * a.width;
          const float *c = d->shown.res.rgb_centres + 3 * j;
          cairo_set_source_rgb (cr, c[0], c[1], c[2]);
          /* Whole pixels, so that neighbouring parts never blend into a colour not found. */
          double x0 = floor (x + 0.5), x1 = floor (x + w + 0.5);
          cairo_rectangle (cr, x0, 0, x1 - x0, a.height);
          cairo_fill (cr);
          x += w;
        }
    }
  cairo_destroy (cr);
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

static void
show_swatches (quantize_dialog *d)
{
  const mc_quantize_fit *f = &d->shown;
  gint chosen[SWATCHES_SHOWN];
  gint n = choose_swatches (f, chosen);
  for (gint s = 0; s < SWATCHES_SHOWN; s++)
    {
      if (s >= n)
        {
          gtk_widget_hide (d->swatch[s]);
          continue;
        }
      gint j = chosen[s];
      const float *c = f->res.rgb_centres + 3 * j;
      GimpRGB rgb;
      gimp_rgba_set (&rgb, c[0], c[1], c[2], 1.0);
      gimp_color_area_set_color (GIMP_COLOR_AREA (d->swatch_colour[s]), &rgb);
      gchar *share = g_strdup_printf ("%.1f%%", 100.0 * mc_quantize_fit_share (f, j));
      gtk_label_set_text (GTK_LABEL (d->swatch_share[s]), share);
      gchar *tip = g_strdup_printf ("Centre %d of %d (darkest first): R'G'B' %.3f %.3f %.3f "
                                    "(#%02x%02x%02x), %s of the analysed pixels",
                                    j + 1, f->res.fit.k, c[0], c[1], c[2],
                                    (guint) (c[0] * 255 + 0.5f), (guint) (c[1] * 255 + 0.5f),
                                    (guint) (c[2] * 255 + 0.5f), share);
      gimp_help_set_help_data (d->swatch[s], tip, NULL);
      g_free (tip);
      g_free (share);
      gtk_widget_show (d->swatch[s]);
    }
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

/* A field wrote its new value into d->vals: fit again. */
static void
on_value_changed (GtkWidget *field, gpointer data)
{
  (void) field;
  quantize_dialog *d = data;
  if (d->preview)
    mc_preview_set_values (d->preview, &d->vals);
}

/* The fields, from the procedure's table; the output does not change the preview. */
static GtkWidget *
make_controls (quantize_dialog *d)
{
  GtkWidget *table = mc_gtk2_field_table (5);
  GtkTable *t = GTK_TABLE (table);
  const mc_proc_def *def = &mc_proc_quantize;
  d->k = mc_gtk2_field (t, 0, def, "n-clusters", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 1, def, "sample-fraction", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 2, def, "seed", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 3, def, "colour-space", &d->vals, on_value_changed, d);
  mc_gtk2_field (t, 4, def, "output", &d->vals, NULL, NULL);
  return table;
}

/* The strip, the swatches (hidden until a fit arrives) and the readout, in a frame. */
static GtkWidget *
make_colours (quantize_dialog *d)
{
  GtkWidget *frame = gimp_frame_new ("Colours found (preview)");
  GtkWidget *vbox = gtk_vbox_new (FALSE, 6);
  gtk_container_add (GTK_CONTAINER (frame), vbox);
  d->strip = gtk_drawing_area_new ();
  gtk_widget_set_size_request (d->strip, -1, STRIP_HEIGHT);
  gimp_help_set_help_data (d->strip, "Every centre, darkest first, as wide as its share of the "
                                     "analysed pixels", NULL);
  g_signal_connect (d->strip, "expose-event", G_CALLBACK (on_strip_expose), d);
  gtk_box_pack_start (GTK_BOX (vbox), d->strip, FALSE, FALSE, 0);

  GtkWidget *grid = gtk_table_new (SWATCHES_SHOWN / SWATCHES_PER_ROW, SWATCHES_PER_ROW, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (grid), 4);
  gtk_table_set_row_spacings (GTK_TABLE (grid), 4);
  for (gint s = 0; s < SWATCHES_SHOWN; s++)
    {
      GimpRGB grey;
      gimp_rgba_set (&grey, 0.5, 0.5, 0.5, 1.0);
      /* An event box, so that the tooltip shows over the whole swatch. */
      d->swatch[s] = gtk_event_box_new ();
      GtkWidget *cell = gtk_vbox_new (FALSE, 2);
      gtk_container_add (GTK_CONTAINER (d->swatch[s]), cell);
      d->swatch_colour[s] = gimp_color_area_new (&grey, GIMP_COLOR_AREA_FLAT, 0);
      gtk_widget_set_size_request (d->swatch_colour[s], SWATCH_WIDTH, SWATCH_HEIGHT);
      gtk_box_pack_start (GTK_BOX (cell), d->swatch_colour[s], FALSE, FALSE, 0);
      d->swatch_share[s] = gtk_label_new ("");
      gtk_widget_set_size_request (d->swatch_share[s], SWATCH_WIDTH + 4, -1);
      gtk_box_pack_start (GTK_BOX (cell), d->swatch_share[s], FALSE, FALSE, 0);
      gtk_widget_show_all (d->swatch[s]);
      gtk_widget_set_no_show_all (d->swatch[s], TRUE);
      gtk_widget_hide (d->swatch[s]);
      gtk_table_attach (GTK_TABLE (grid), d->swatch[s], s % SWATCHES_PER_ROW,
                        s % SWATCHES_PER_ROW + 1, s / SWATCHES_PER_ROW,
                        s / SWATCHES_PER_ROW + 1, GTK_FILL, GTK_FILL, 0, 0);
    }
  GtkWidget *align = gtk_alignment_new (0.0, 0.5, 0.0, 0.0);
  gtk_container_add (GTK_CONTAINER (align), grid);
  gtk_box_pack_start (GTK_BOX (vbox), align, FALSE, FALSE, 0);

  d->readout = gtk_label_new ("");
  gtk_label_set_line_wrap (GTK_LABEL (d->readout), TRUE);
  gtk_widget_set_size_request (d->readout, SWATCHES_PER_ROW * (SWATCH_WIDTH + 4), -1);
  gtk_misc_set_alignment (GTK_MISC (d->readout), 0.0, 0.0);
  gimp_label_set_attributes (GTK_LABEL (d->readout), PANGO_ATTR_STYLE, PANGO_STYLE_ITALIC, -1);
  gtk_box_pack_start (GTK_BOX (vbox), d->readout, FALSE, FALSE, 0);
  return frame;
}

/* Starts the live preview; without pixels to analyse the dialog goes on without one. */
static GtkWidget *
make_preview (quantize_dialog *d, gint32 drawable)
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
  d->preview = mc_preview_new (drawable, &client, &d->vals, &why);
  if (!d->preview)
    {
      gchar *text = g_strdup_printf ("No preview: %s.", why);
      GtkWidget *label = gtk_label_new (text);
      g_free (text);
      g_free (why);
      return label;
    }
  return mc_preview_get_widget (d->preview);
}

gboolean
mc_quantize_dialog (gint32 image, gint32 drawable, mc_quantize_vals *vals)
{
  (void) image;
  gimp_ui_init ("medclust", FALSE);
  quantize_dialog d;
  memset (&d, 0, sizeof d);
  d.vals = *vals;
  GtkWidget *dialog = gimp_dialog_new ("K-means Colour Quantisation", "medclust", NULL, 0,
                                       gimp_standard_help_func, MC_QUANTIZE_PROC, GTK_STOCK_CANCEL,
                                       GTK_RESPONSE_CANCEL, GTK_STOCK_OK, GTK_RESPONSE_OK, NULL);
  gimp_window_set_transient (GTK_WINDOW (dialog));
  GtkWidget *hbox = gtk_hbox_new (FALSE, 12);
  gtk_container_set_border_width (GTK_CONTAINER (hbox), 12);
  gtk_box_pack_start (GTK_BOX (gtk_dialog_get_content_area (GTK_DIALOG (dialog))), hbox, TRUE,
                      TRUE, 0);
  GtkWidget *right = gtk_vbox_new (FALSE, 12);
  gtk_box_pack_start (GTK_BOX (right), make_controls (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (right), make_colours (&d), FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), make_preview (&d, drawable), TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), right, FALSE, FALSE, 0);

  gtk_widget_show_all (dialog);
  /* K is what one changes most: typing a number and pressing Return applies it. */
  gtk_widget_grab_focus (d.k);
  gboolean ok = gimp_dialog_run (GIMP_DIALOG (dialog)) == GTK_RESPONSE_OK;
  if (ok)
    *vals = d.vals;
  gtk_widget_destroy (dialog);
  mc_preview_free (d.preview);
  return ok;
}
