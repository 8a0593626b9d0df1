/* chart.c: measure-files' chart of the lesion area per image, a PNG drawn with cairo.
 *
 * Up to MC_CHART_MAX_BARS images it is a bar chart with the file names. The layout is measured
 * from the text it has to hold: margins grow with the widest tick, bar and value labels, labels
 * turn 45° (names) or 90° (values) only when they do not fit their slot, and long names are cut.
 * Beyond that a bar per file would be unreadable (and, past a few hundred, wider than cairo's
 * 32,767-pixel limit), so the chart becomes the distribution: every area as one point of a curve
 * sorted by area, with the quartiles marked, in a picture whose size does not depend on the number
 * of files; the names stay in the CSV. */
#include "mc_chart.h"

#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_PX 46.0     /* horizontal room per bar */
#define PLOT_H_PX 420.0  /* height of the plotting area */
#define MIN_PLOT_W 560.0 /* narrowest plotting area, for charts of a few bars */
#define FONT "sans-serif"
#define MAX_LABEL_CHARS 40 /* longer file names are cut with an ellipsis */
#define CURVE_W_PX 760.0   /* plotting area of the distribution chart */

typedef struct
{
  double r, g, b;
} rgb;

static const rgb INK = { 0.13, 0.13, 0.13 };
static const rgb MUTED = { 0.40, 0.40, 0.40 };
static const rgb GRID = { 0.88, 0.88, 0.88 };
static const rgb BAR = { 0.24, 0.47, 0.70 };
static const rgb FAILED = { 0.80, 0.12, 0.12 };

gchar *
mc_chart_format_number (double v, gint decimals)
{
  gchar format[16], buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 9));
  /* The C locale's point, so that the comma can only be the thousands separator. */
  gchar *plain = g_strdup (g_ascii_formatd (buf, sizeof buf, format, fabs (v)));
  gchar *point = strchr (plain, '.');
  gsize int_len = point ? (gsize) (point - plain) : strlen (plain);
  GString *s = g_string_new (v < 0 && strspn (plain, "0.") != strlen (plain) ? "-" : "");
  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, plain[i]);
    }
  if (point)
    g_string_append (s, point);
  g_free (plain);
  return g_string_free (s, FALSE);
}

static void
set_font (cairo_t *cr, double size, gboolean bold)
{
  cairo_select_font_face (cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
}

static double
text_width (cairo_t *cr, const char *text)
{
  cairo_text_extents_t e;
  cairo_text_extents (cr, text, &e);
  return e.x_advance;
}

static void
set_colour (cairo_t *cr, rgb c)
{
  cairo_set_source_rgb (cr, c.r, c.g, c.b);
}

/* Draws text turned by angle (radians; cairo's y points down, so -pi/2 reads upwards) with its
 * anchor at (x, y). align: 0 = the anchor is at the text's start, 0.5 = its middle, 1 = its end;
 * the text's vertical middle sits on the anchor. */
static void
draw_text (cairo_t *cr, const char *text, double x, double y, double angle, double align)
{
  cairo_text_extents_t e;
  cairo_font_extents_t f;
  cairo_text_extents (cr, text, &e);
  cairo_font_extents (cr, &f);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, angle);
  cairo_move_to (cr, -align * e.x_advance, (f.ascent - f.descent) / 2.0);
  cairo_show_text (cr, text);
  cairo_restore (cr);
}

/* A "nice" tick step (1, 2 or 5 times a power of ten) giving about five intervals. */
static double
nice_step (double max)
{
  double raw = max / 5.0, mag = pow (10.0, floor (log10 (raw))), norm = raw / mag;
  return (norm < 1.5 ? 1.0 : norm < 3.0 ? 2.0 : norm < 7.0 ? 5.0 : 10.0) * mag;
}

typedef struct
{
  double left, top, plot_w, plot_h;
  double y_max, y_step;
  gint tick_decimals;
  gboolean turn_names, turn_values;
  double width, height;
} layout;

static gchar *
value_text (const mc_chart_bar *b, gint decimals)
{
  return b->failed ? g_strdup ("failed") : mc_chart_format_number (b->value, decimals);
}

/* The bar's name, cut to MAX_LABEL_CHARS characters: one long name must not widen the picture
 * past what cairo can hold. */
static gchar *
label_text (const mc_chart_bar *b)
{
  const char *label = b->label && g_utf8_validate (b->label, -1, NULL) ? b->label : "";
  if (g_utf8_strlen (label, -1) <= MAX_LABEL_CHARS)
    return g_strdup (label);
  gchar *cut = g_utf8_substring (label, 0, MAX_LABEL_CHARS - 1);
  gchar *s = g_strconcat (cut, "\u2026", NULL);
  g_free (cut);
  return s;
}

static double
widest (cairo_t *cr, const mc_chart_bar *bars, gint n, gboolean values, gint decimals)
{
  double w = 0.0;
  for (gint i = 0; i < n; i++)
    {
      gchar *s = values ? value_text (&bars[i], decimals) : label_text (&bars[i]);
      w = MAX (w, text_width (cr, s));
      g_free (s);
    }
  return w;
}

static double
largest_value (const mc_chart_bar *bars, gint n)
{
  double max = 0.0;
  for (gint i = 0; i < n; i++)
    if (!bars[i].failed && isfinite (bars[i].value))
      max = MAX (max, bars[i].value);
  return max;
}

/* The y axis from 0 to a round number at or above max, in about five steps. */
static void
set_y_ticks (layout *L, double max)
{
  L->y_step = max > 0.0 ? nice_step (max) : 0.2;
  L->y_max = max > 0.0 ? ceil (max / L->y_step - 1e-9) * L->y_step : 1.0;
  L->tick_decimals = L->y_step >= 1.0 ? 0 : (gint) ceil (-log10 (L->y_step) - 1e-9);
}

static double
widest_tick (cairo_t *cr, const layout *L)
{
  set_font (cr, 12, FALSE);
  double w = 0.0;
  for (double t = 0.0; t <= L->y_max + L->y_step / 2; t += L->y_step)
    {
      gchar *s = mc_chart_format_number (t, L->tick_decimals);
      w = MAX (w, text_width (cr, s));
      g_free (s);
    }
  return w;
}

/* Measures every label and sizes the margins to hold them. */
static layout
measure_layout (cairo_t *cr, const char *subtitle, const mc_chart_bar *bars, gint n,
                gint value_decimals)
{
  layout L = { 0 };
  set_y_ticks (&L, largest_value (bars, n));
  double tick_w = widest_tick (cr, &L);
  double name_w = widest (cr, bars, n, FALSE, 0);
  set_font (cr, 11, FALSE);
  double value_w = widest (cr, bars, n, TRUE, value_decimals);
  L.turn_names = name_w > SLOT_PX - 6.0;
  L.turn_values = value_w > SLOT_PX - 4.0;
  double name_drop = L.turn_names ? name_w * G_SQRT2 / 2.0 + 12.0 : 16.0;
  double value_rise = L.turn_values ? value_w + 8.0 : 18.0;

  L.plot_w = MAX (MIN_PLOT_W, n * SLOT_PX);
  L.plot_h = PLOT_H_PX;
  /* Names turned by 45° reach left of their bar: the first one must not leave the picture. */
  L.left = MAX (tick_w + 50.0, L.turn_names ? name_w * G_SQRT2 / 2.0 - SLOT_PX / 2.0 + 10.0 : 0);
  L.top = 44.0 + (subtitle ? 20.0 : 0.0) + value_rise;
  L.width = ceil (L.left + L.plot_w + 30.0);
  L.height = ceil (L.top + L.plot_h + 10.0 + name_drop + 34.0);
  return L;
}

static double
y_of (const layout *L, double v)
{
  return L->top + L->plot_h * (1.0 - v / L->y_max);
}

static void
draw_axes (cairo_t *cr, const layout *L, const char *x_label, const char *y_label)
{
  set_font (cr, 12, FALSE);
  cairo_set_line_width (cr, 1.0);
  for (double t = 0.0; t <= L->y_max + L->y_step / 2; t += L->y_step)
    {
      double y = round (y_of (L, t)) + 0.5;
      set_colour (cr, GRID);
      cairo_move_to (cr, L->left, y);
      cairo_line_to (cr, L->left + L->plot_w, y);
      cairo_stroke (cr);
      set_colour (cr, MUTED);
      gchar *s = mc_chart_format_number (t, L->tick_decimals);
      draw_text (cr, s, L->left - 8.0, y, 0.0, 1.0);
      g_free (s);
    }
  set_colour (cr, INK);
  cairo_move_to (cr, L->left + 0.5, L->top);
  cairo_line_to (cr, L->left + 0.5, L->top + L->plot_h + 0.5);
  cairo_line_to (cr, L->left + L->plot_w, L->top + L->plot_h + 0.5);
  cairo_stroke (cr);
  set_font (cr, 14, FALSE);
  draw_text (cr, y_label, 18.0, L->top + L->plot_h / 2.0, -G_PI / 2.0, 0.5);
  draw_text (cr, x_label, L->left + L->plot_w / 2.0, L->height - 16.0, 0.0, 0.5);
}

/* A red cross on the axis where a failed file's bar would stand. */
static void
draw_failed_mark (cairo_t *cr, double cx, double base)
{
  set_colour (cr, FAILED);
  cairo_set_line_width (cr, 2.0);
  cairo_move_to (cr, cx - 5, base - 13);
  cairo_line_to (cr, cx + 5, base - 3);
  cairo_move_to (cr, cx + 5, base - 13);
  cairo_line_to (cr, cx - 5, base - 3);
  cairo_stroke (cr);
}

static void
draw_bars (cairo_t *cr, const layout *L, const mc_chart_bar *bars, gint n, gint value_decimals)
{
  double slot = L->plot_w / MAX (n, 1), base = L->top + L->plot_h;
  for (gint i = 0; i < n; i++)
    {
      const mc_chart_bar *b = &bars[i];
      double cx = L->left + slot * (i + 0.5), top = base - 16.0;
      if (b->failed)
        draw_failed_mark (cr, cx, base);
      else
        {
          top = y_of (L, CLAMP (b->value, 0.0, L->y_max));
          set_colour (cr, BAR);
          /* Bars stay slim when a few images share a wide plot. */
          double half = MIN (slot * 0.35, 36.0);
          cairo_rectangle (cr, cx - half, top, 2.0 * half, base - top);
          cairo_fill (cr);
        }
      set_font (cr, 11, b->failed);
      set_colour (cr, b->failed ? FAILED : INK);
      gchar *v = value_text (b, value_decimals);
      if (L->turn_values)
        draw_text (cr, v, cx, top - 5.0, -G_PI / 2.0, 0.0);
      else
        draw_text (cr, v, cx, top - 9.0, 0.0, 0.5);
      g_free (v);
      set_font (cr, 12, FALSE);
      gchar *name = label_text (b);
      if (L->turn_names)
        draw_text (cr, name, cx + 4.0, base + 10.0, -G_PI / 4.0, 1.0);
      else
        draw_text (cr, name, cx, base + 12.0, 0.0, 0.5);
      g_free (name);
    }
}

/* The distribution chart ---------------------------------------------------------------------- */

typedef struct
{
  double *v; /* the areas of the files that have one, ascending */
  gint m;
  gint n_failed;
} sorted_values;

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static sorted_values
sort_values (const mc_chart_bar *bars, gint n)
{
  sorted_values s = { g_new (double, MAX (n, 1)), 0, 0 };
  for (gint i = 0; i < n; i++)
    if (!bars[i].failed && isfinite (bars[i].value))
      s.v[s.m++] = bars[i].value;
    else
      s.n_failed++;
  qsort (s.v, (size_t) s.m, sizeof *s.v, compare_doubles);
  return s;
}

/* The p-quantile with linear interpolation between ranks (numpy's and pandas' default). */
static double
quantile (const sorted_values *s, double p)
{
  double pos = p * (s->m - 1);
  gint lo = (gint) floor (pos);
  if (lo >= s->m - 1)
    return s->v[s->m - 1];
  return s->v[lo] + (pos - lo) * (s->v[lo + 1] - s->v[lo]);
}

static double
x_of_rank (const layout *L, double rank, gint m)
{
  return L->left + L->plot_w * (m > 1 ? rank / (m - 1) : 0.5);
}

static layout
measure_curve_layout (cairo_t *cr, const char *subtitle, const sorted_values *s)
{
  layout L = { 0 };
  set_y_ticks (&L, s->m ? s->v[s->m - 1] : 0.0);
  L.plot_w = CURVE_W_PX;
  L.plot_h = PLOT_H_PX;
  L.left = MAX (widest_tick (cr, &L) + 50.0, 120.0); /* the same size for most area ranges */
  L.top = 44.0 + (subtitle ? 20.0 : 0.0) + 22.0;
  L.width = ceil (L.left + L.plot_w + 150.0); /* room for the quartiles' labels */
  L.height = ceil (L.top + L.plot_h + 30.0 + 34.0);
  return L;
}

/* Ticks under the x axis at round ranks (1-based, as the reader counts). */
static void
draw_rank_ticks (cairo_t *cr, const layout *L, gint m)
{
  double base = L->top + L->plot_h + 0.5;
  double step = m > 1 ? nice_step ((double) m) : 1.0;
  set_font (cr, 12, FALSE);
  set_colour (cr, MUTED);
  for (double r = step; r <= m + step / 2; r += step)
    {
      double x = round (x_of_rank (L, MIN (r, (double) m) - 1.0, m)) + 0.5;
      cairo_move_to (cr, x, base);
      cairo_line_to (cr, x, base + 5.0);
      cairo_stroke (cr);
      gchar *t = mc_chart_format_number (MIN (r, (double) m), 0);
      draw_text (cr, t, x, base + 16.0, 0.0, 0.5);
      g_free (t);
    }
}

static void
draw_curve (cairo_t *cr, const layout *L, const sorted_values *s)
{
  double base = L->top + L->plot_h;
  cairo_move_to (cr, x_of_rank (L, 0, s->m), base);
  for (gint r = 0; r < s->m; r++)
    cairo_line_to (cr, x_of_rank (L, r, s->m), y_of (L, CLAMP (s->v[r], 0.0, L->y_max)));
  cairo_line_to (cr, x_of_rank (L, s->m - 1, s->m), base);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, BAR.r, BAR.g, BAR.b, 0.18);
  cairo_fill_preserve (cr);
  cairo_new_path (cr);
  for (gint r = 0; r < s->m; r++)
    cairo_line_to (cr, x_of_rank (L, r, s->m), y_of (L, CLAMP (s->v[r], 0.0, L->y_max)));
  set_colour (cr, BAR);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
}

/* Q1, the median and Q3: a dashed level line each, a dot where the curve crosses it, and the
 * value at the right, the labels pushed apart when the quartiles lie close. */
static void
draw_quartiles (cairo_t *cr, const layout *L, const sorted_values *s, gint decimals)
{
  static const char *const names[3] = { "Q1", "median", "Q3" };
  double label_y = G_MAXDOUBLE;
  for (int q = 0; q < 3; q++)
    {
      double p = 0.25 * (q + 1), v = quantile (s, p), y = y_of (L, CLAMP (v, 0.0, L->y_max));
      double dash = 4.0;
      cairo_set_dash (cr, &dash, 1, 0.0);
      cairo_set_line_width (cr, 1.0);
      set_colour (cr, FAILED);
      cairo_move_to (cr, L->left, round (y) + 0.5);
      cairo_line_to (cr, L->left + L->plot_w, round (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0.0);
      cairo_arc (cr, x_of_rank (L, p * (s->m - 1), s->m), y, 4.0, 0, 2 * G_PI);
      cairo_fill (cr);
      label_y = MIN (y, label_y - 15.0);
      gchar *num = mc_chart_format_number (v, decimals);
      gchar *text = g_strdup_printf ("%s %s", names[q], num);
      set_font (cr, 12, q == 1);
      draw_text (cr, text, L->left + L->plot_w + 8.0, label_y, 0.0, 0.0);
      g_free (text);
      g_free (num);
    }
}

static void
draw_distribution (cairo_t *cr, const layout *L, const sorted_values *s, const char *x_label,
                   const char *y_label, gint value_decimals)
{
  gchar *axis = g_strdup_printf ("%s rank by area (1 = smallest of %d; the names are in the CSV)",
                                 x_label, s->m);
  draw_axes (cr, L, axis, y_label);
  g_free (axis);
  if (s->m == 0)
    {
      set_colour (cr, FAILED);
      set_font (cr, 14, TRUE);
      draw_text (cr, "no areas: every file failed", L->left + L->plot_w / 2.0,
                 L->top + L->plot_h / 2.0, 0.0, 0.5);
      return;
    }
  draw_rank_ticks (cr, L, s->m);
  draw_curve (cr, L, s);
  draw_quartiles (cr, L, s, value_decimals);
}

/* Writing --------------------------------------------------------------------------------------- */

static cairo_surface_t *
start_picture (const layout *L, const char *title, const char *subtitle, cairo_t **cr)
{
  cairo_surface_t *surface
    = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) L->width, (int) L->height);
  *cr = cairo_create (surface);
  cairo_set_source_rgb (*cr, 1, 1, 1);
  cairo_paint (*cr);
  set_colour (*cr, INK);
  set_font (*cr, 19, TRUE);
  draw_text (*cr, title, L->left, 22.0, 0.0, 0.0);
  if (subtitle)
    {
      set_colour (*cr, MUTED);
      set_font (*cr, 13, FALSE);
      draw_text (*cr, subtitle, L->left, 44.0, 0.0, 0.0);
    }
  return surface;
}

static gboolean
finish_picture (cairo_surface_t *surface, cairo_t *cr, const char *path, gchar **error)
{
  cairo_status_t st = cairo_status (cr);
  cairo_destroy (cr);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (st != CAIRO_STATUS_SUCCESS)
    {
      *error = g_strdup_printf ("cannot write chart-path = \"%s\": %s", path,
                                cairo_status_to_string (st));
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_chart_bars_png (const char *path, const char *title, const char *subtitle, const char *x_label,
                   const char *y_label, const mc_chart_bar *bars, gint n, gint value_decimals,
                   gchar **error)
{
  /* Measure on a scratch surface first: the picture's size depends on the text. */
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  sorted_values s = { NULL, 0, 0 };
  layout L;
  if (n <= MC_CHART_MAX_BARS)
    L = measure_layout (cr, subtitle, bars, n, value_decimals);
  else
    {
      s = sort_values (bars, n);
      L = measure_curve_layout (cr, subtitle, &s);
    }
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);

  cairo_surface_t *surface = start_picture (&L, title, subtitle, &cr);
  if (n <= MC_CHART_MAX_BARS)
    {
      draw_axes (cr, &L, x_label, y_label);
      draw_bars (cr, &L, bars, n, value_decimals);
    }
  else
    draw_distribution (cr, &L, &s, x_label, y_label, value_decimals);
  g_free (s.v);
  return finish_picture (surface, cr, path, error);
}
