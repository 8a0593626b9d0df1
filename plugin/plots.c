/* plots.c: cairo drawing of the colour scatter panels and the elbow curve (mc_plots.h), and the
 * move of a drawn plot into a new GIMP image. The layouts are fixed in pixels so that every plot
 * of a course looks the same and its labels stay readable when shown at 100%. */
#include "mc_host.h"
#include "mc_plots.h"

#include <gegl.h>
#include <math.h>
#include <string.h>

#define FONT "DejaVu Sans"

/* Scatter layout: three cells side by side, each a square plot with room for its labels. */
#define SC_PAD 8 /* px between the square's edge and the data range 0..1 (dots at 0 or 1 show) */
#define SC_LEFT 78
#define SC_RIGHT 26
#define SC_CELL (SC_LEFT + MC_SCATTER_PANEL_PX + SC_RIGHT)
#define SC_MARGIN 18
#define SC_TOP 118 /* title, subtitle and the panel's own title */
#define SC_BOTTOM 82
#define SC_WIDTH (2 * SC_MARGIN + 3 * SC_CELL)
#define SC_HEIGHT (SC_TOP + MC_SCATTER_PANEL_PX + SC_BOTTOM)

/* Elbow layout. */
#define EL_WIDTH 960
#define EL_HEIGHT 600
#define EL_LEFT 112
#define EL_RIGHT 40
#define EL_TOP 96
#define EL_BOTTOM 104

static const double ink[3] = { 0.13, 0.13, 0.13 };
static const double plot_bg[3] = { 0.90, 0.90, 0.90 };
static const double grid[3] = { 0.97, 0.97, 0.97 };
static const double accent[3] = { 0.84, 0.19, 0.15 }; /* the suggested K */
static const double curve_ink[3] = { 0.12, 0.37, 0.66 };

/* Draws text with its anchor at (x, y): ax, ay = 0 (left / top), 0.5 (centre), 1 (right /
 * bottom). Vertical placement uses the font's ascent and descent, not the glyphs', so
 * labels of one row share a baseline. */
static void
draw_text (cairo_t *cr, const char *s, double x, double y, double size, gboolean bold, double ax,
           double ay)
{
  if (!s || !*s)
    return;
  cairo_select_font_face (cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  cairo_text_extents_t te;
  cairo_font_extents_t fe;
  cairo_text_extents (cr, s, &te);
  cairo_font_extents (cr, &fe);
  double height = fe.ascent + fe.descent;
  cairo_move_to (cr, x - ax * te.x_advance, y - ay * height + fe.ascent);
  cairo_show_text (cr, s);
}

/* The same, rotated a quarter turn anticlockwise about (x, y) (for y-axis names). */
static void
draw_text_vertical (cairo_t *cr, const char *s, double x, double y, double size, gboolean bold)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, -G_PI / 2);
  draw_text (cr, s, 0, 0, size, bold, 0.5, 0.5);
  cairo_restore (cr);
}

static void
set_rgb (cairo_t *cr, const double *c)
{
  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
}

static void
draw_titles (cairo_t *cr, const char *title, const char *subtitle, double width)
{
  set_rgb (cr, ink);
  draw_text (cr, title, width / 2, 16, 22, TRUE, 0.5, 0);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, subtitle, width / 2, 48, 14, FALSE, 0.5, 0);
}

/* ---- scatter ---------------------------------------------------------------------------- */

static const char *const channel_names[3] = { "Red (R')", "Green (G')", "Blue (B')" };
static const char *const panel_titles[3] = { "Red \xe2\x80\x93 Green", "Red \xe2\x80\x93 Blue",
                                             "Green \xe2\x80\x93 Blue" };
static const int panel_axes[3][2] = { { 0, 1 }, { 0, 2 }, { 1, 2 } };

/* Top-left corner of panel p's plotting square. */
static void
panel_origin (int p, double *x, double *y)
{
  *x = SC_MARGIN + p * SC_CELL + SC_LEFT;
  *y = SC_TOP;
}

/* Position of the value v (0..1) along a panel's side, in pixels from its start. */
static double
panel_pos (double v)
{
  return SC_PAD + v * (MC_SCATTER_PANEL_PX - 2 * SC_PAD);
}

static void
draw_panel_frame (cairo_t *cr, int p)
{
  double x0, y0, side = MC_SCATTER_PANEL_PX;
  panel_origin (p, &x0, &y0);
  set_rgb (cr, plot_bg);
  cairo_rectangle (cr, x0, y0, side, side);
  cairo_fill (cr);
  /* Grid every 0.1, heavier every 0.2 where the ticks are labelled. */
  set_rgb (cr, grid);
  for (int i = 0; i <= 10; i++)
    {
      double t = panel_pos (i / 10.0);
      cairo_set_line_width (cr, i % 2 ? 0.6 : 1.2);
      cairo_move_to (cr, x0 + t, y0);
      cairo_line_to (cr, x0 + t, y0 + side);
      cairo_move_to (cr, x0, y0 + side - t);
      cairo_line_to (cr, x0 + side, y0 + side - t);
      cairo_stroke (cr);
    }
}

static void
draw_panel_axes (cairo_t *cr, int p)
{
  double x0, y0, side = MC_SCATTER_PANEL_PX;
  panel_origin (p, &x0, &y0);
  set_rgb (cr, ink);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x0 + 0.5, y0 + 0.5, side - 1, side - 1);
  cairo_stroke (cr);
  for (int i = 0; i <= 5; i++)
    {
      double v = i / 5.0, t = panel_pos (v);
      char label[8];
      g_snprintf (label, sizeof label, i == 0 ? "0" : i == 5 ? "1" : "%.1f", v);
      cairo_move_to (cr, x0 + t, y0 + side);
      cairo_line_to (cr, x0 + t, y0 + side + 6);
      cairo_move_to (cr, x0, y0 + side - t);
      cairo_line_to (cr, x0 - 6, y0 + side - t);
      cairo_stroke (cr);
      draw_text (cr, label, x0 + t, y0 + side + 9, 13, FALSE, 0.5, 0);
      draw_text (cr, label, x0 - 10, y0 + side - t, 13, FALSE, 1, 0.5);
    }
  int ax = panel_axes[p][0], ay = panel_axes[p][1];
  draw_text (cr, channel_names[ax], x0 + side / 2, y0 + side + 32, 15, TRUE, 0.5, 0);
  draw_text_vertical (cr, channel_names[ay], x0 - 56, y0 + side / 2, 15, TRUE);
  draw_text (cr, panel_titles[p], x0 + side / 2, y0 - 10, 16, TRUE, 0.5, 1);
}

/* How opaque one dot is: dense samples get fainter dots so that clusters keep their shape and
 * colour instead of merging into one blot; small ones stay clearly visible. */
static double
dot_alpha (size_t n)
{
  double a = 0.55 * sqrt (15000.0 / (double) (n > 0 ? n : 1));
  return a < 0.06 ? 0.06 : a > 0.85 ? 0.85 : a;
}

/* Blends the points of panel p into its square, held as floats so that thousands of faint dots
 * add up without 8-bit rounding. Each dot is an anti-aliased disc of radius 1.6 px. */
static void
splat_panel (float *square, const mc_scatter_plot *plot, int p)
{
  const int side = MC_SCATTER_PANEL_PX;
  const double radius = 1.6, alpha = dot_alpha (plot->n);
  int ax = panel_axes[p][0], ay = panel_axes[p][1];
  for (size_t i = 0; i < plot->n; i++)
    {
      const float *c = plot->rgb + 3 * i;
      double cx = panel_pos (c[ax]), cy = side - panel_pos (c[ay]);
      int xa = MAX (0, (int) floor (cx - radius - 1));
      int xb = MIN (side - 1, (int) ceil (cx + radius));
      int ya = MAX (0, (int) floor (cy - radius - 1));
      int yb = MIN (side - 1, (int) ceil (cy + radius));
      for (int y = ya; y <= yb; y++)
        for (int x = xa; x <= xb; x++)
          {
            double d = hypot (x + 0.5 - cx, y + 0.5 - cy);
            double cover = radius + 0.5 - d;
            if (cover <= 0)
              continue;
            double a = alpha * (cover > 1 ? 1 : cover);
            float *dst = square + 3 * ((size_t) y * side + x);
            for (int k = 0; k < 3; k++)
              dst[k] = (float) (a * c[k] + (1 - a) * dst[k]);
          }
    }
}

/* Moves a square of the opaque ARGB32 surface to floats and back around the splatting. */
static void
surface_square_io (cairo_surface_t *s, double x0, double y0, float *square, gboolean to_surface)
{
  const int side = MC_SCATTER_PANEL_PX;
  unsigned char *data = cairo_image_surface_get_data (s);
  int stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < side; y++)
    {
      uint32_t *row = (uint32_t *) (data + (size_t) (y0 + y) * stride) + (int) x0;
      for (int x = 0; x < side; x++)
        {
          float *f = square + 3 * ((size_t) y * side + x);
          if (to_surface)
            {
              uint32_t r = (uint32_t) lrintf (CLAMP (f[0], 0.0f, 1.0f) * 255.0f);
              uint32_t g = (uint32_t) lrintf (CLAMP (f[1], 0.0f, 1.0f) * 255.0f);
              uint32_t b = (uint32_t) lrintf (CLAMP (f[2], 0.0f, 1.0f) * 255.0f);
              row[x] = 0xff000000u | r << 16 | g << 8 | b;
            }
          else
            {
              f[0] = ((row[x] >> 16) & 0xff) / 255.0f;
              f[1] = ((row[x] >> 8) & 0xff) / 255.0f;
              f[2] = (row[x] & 0xff) / 255.0f;
            }
        }
    }
}

/* A centre: a disc of its colour in a black ring inside a white halo, readable on any dot. */
static void
draw_centre (cairo_t *cr, double x, double y, const float *c, double radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 5.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  /* A cross through it marks the exact spot even when the disc hides the dots below; black on
     light centres, white on dark ones. */
  double cross = c[0] + c[1] + c[2] > 1.5 ? 0.0 : 1.0;
  cairo_set_line_width (cr, 1.0);
  cairo_move_to (cr, x - 4, y);
  cairo_line_to (cr, x + 4, y);
  cairo_move_to (cr, x, y - 4);
  cairo_line_to (cr, x, y + 4);
  cairo_set_source_rgb (cr, cross, cross, cross);
  cairo_stroke (cr);
}

static void
draw_scatter_footer (cairo_t *cr, const mc_scatter_plot *plot)
{
  double y = SC_HEIGHT - 22;
  set_rgb (cr, ink);
  gchar *text;
  if (plot->k > 0)
    {
      float grey[3] = { 0.6f, 0.6f, 0.6f };
      draw_centre (cr, SC_MARGIN + 18, y, grey, 8.5);
      set_rgb (cr, ink);
      text = g_strdup_printf ("k-means centre (K = %d), filled with its colour.   Each dot is one "
                              "sampled pixel drawn in its own colour; axes are R'G'B' values "
                              "0..1 (np.array(img)/255).",
                              plot->k);
      draw_text (cr, text, SC_MARGIN + 34, y, 13, FALSE, 0, 0.5);
    }
  else
    {
      text = g_strdup ("Each dot is one sampled pixel drawn in its own colour; axes are R'G'B' "
                       "values 0..1 (np.array(img)/255). No clustering (n-clusters = 0).");
      draw_text (cr, text, SC_MARGIN, y, 13, FALSE, 0, 0.5);
    }
  g_free (text);
}

cairo_surface_t *
mc_plot_scatter (const mc_scatter_plot *plot)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, SC_WIDTH, SC_HEIGHT);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (int p = 0; p < 3; p++)
    draw_panel_frame (cr, p);
  cairo_surface_flush (s);
  if (cairo_surface_status (s) == CAIRO_STATUS_SUCCESS)
    {
      float *square = g_new (float, (gsize) MC_SCATTER_PANEL_PX * MC_SCATTER_PANEL_PX * 3);
      for (int p = 0; p < 3; p++)
        {
          double x0, y0;
          panel_origin (p, &x0, &y0);
          surface_square_io (s, x0, y0, square, FALSE);
          splat_panel (square, plot, p);
          surface_square_io (s, x0, y0, square, TRUE);
        }
      g_free (square);
      cairo_surface_mark_dirty (s);
    }
  for (int p = 0; p < 3; p++)
    {
      draw_panel_axes (cr, p);
      double x0, y0;
      panel_origin (p, &x0, &y0);
      int ax = panel_axes[p][0], ay = panel_axes[p][1];
      /* Many centres crowd a panel: smaller markers keep the dots between them visible. */
      double radius = plot->k > 12 ? 6.0 : 8.5;
      for (int j = 0; j < plot->k && plot->centres; j++)
        {
          const float *c = plot->centres + 3 * j;
          draw_centre (cr, x0 + panel_pos (c[ax]), y0 + MC_SCATTER_PANEL_PX - panel_pos (c[ay]),
                       c, radius);
        }
    }
  draw_titles (cr, plot->title, plot->subtitle, SC_WIDTH);
  draw_scatter_footer (cr, plot);
  cairo_destroy (cr);
  return s;
}

/* ---- elbow ------------------------------------------------------------------------------ */

/* A "nice" step (1, 2 or 5 times a power of ten) giving about `want` intervals over span. */
static double
nice_step (double span, int want)
{
  double raw = span / want, p = pow (10, floor (log10 (raw))), f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* The y axis's scale: values are divided by 10^power when they are large, and the axis name
 * says so, so that tick labels stay short. */
static int
axis_power (double top)
{
  int p = top > 0 ? (int) floor (log10 (top)) : 0;
  return p >= 5 ? p : 0;
}

static void
superscript (GString *s, int v)
{
  static const char *const digits[10] = { "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2", "\xc2\xb3",
                                          "\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6",
                                          "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9" };
  gchar *text = g_strdup_printf ("%d", v);
  for (const gchar *c = text; *c; c++)
    g_string_append (s, digits[*c - '0']);
  g_free (text);
}

typedef struct
{
  double x0, y0, w, h;  /* plotting rectangle */
  double kmin, kmax;    /* x range (K, with half a step of room on each side) */
  double ymax;          /* y range 0..ymax */
} elbow_frame;

static double
frame_x (const elbow_frame *f, double k)
{
  return f->x0 + (k - f->kmin) / (f->kmax - f->kmin) * f->w;
}

static double
frame_y (const elbow_frame *f, double v)
{
  return f->y0 + f->h - v / f->ymax * f->h;
}

static void
draw_elbow_axes (cairo_t *cr, const elbow_frame *f, const mc_elbow_plot *plot, double top)
{
  set_rgb (cr, plot_bg);
  cairo_rectangle (cr, f->x0, f->y0, f->w, f->h);
  cairo_fill (cr);
  double ystep = nice_step (top, 6);
  int power = axis_power (f->ymax);
  double scale = pow (10, power);
  int decimals = MAX (0, (int) -floor (log10 (ystep / scale) + 1e-9));
  cairo_set_line_width (cr, 1.0);
  for (double v = 0; v <= f->ymax * (1 + 1e-9); v += ystep)
    {
      double y = round (frame_y (f, v)) + 0.5;
      set_rgb (cr, grid);
      cairo_move_to (cr, f->x0, y);
      cairo_line_to (cr, f->x0 + f->w, y);
      cairo_stroke (cr);
      set_rgb (cr, ink);
      cairo_move_to (cr, f->x0 - 6, y);
      cairo_line_to (cr, f->x0, y);
      cairo_stroke (cr);
      gchar *label = g_strdup_printf ("%.*f", decimals, v / scale);
      draw_text (cr, label, f->x0 - 10, y, 13, FALSE, 1, 0.5);
      g_free (label);
    }
  int kstep = (int) MAX (1, nice_step (plot->count, 12));
  for (int k = plot->k_min; k < plot->k_min + plot->count; k++)
    {
      if ((k - plot->k_min) % kstep != 0 && k != plot->suggested_k)
        continue;
      double x = round (frame_x (f, k)) + 0.5;
      set_rgb (cr, grid);
      cairo_move_to (cr, x, f->y0);
      cairo_line_to (cr, x, f->y0 + f->h);
      cairo_stroke (cr);
      set_rgb (cr, ink);
      cairo_move_to (cr, x, f->y0 + f->h);
      cairo_line_to (cr, x, f->y0 + f->h + 6);
      cairo_stroke (cr);
      gchar *label = g_strdup_printf ("%d", k);
      draw_text (cr, label, x, f->y0 + f->h + 9, 13, k == plot->suggested_k, 0.5, 0);
      g_free (label);
    }
  set_rgb (cr, ink);
  cairo_rectangle (cr, f->x0 + 0.5, f->y0 + 0.5, f->w - 1, f->h - 1);
  cairo_stroke (cr);
  draw_text (cr, "Number of clusters K", f->x0 + f->w / 2, f->y0 + f->h + 34, 15, TRUE, 0.5, 0);
  GString *name = g_string_new ("Inertia (sum of squared R'G'B' distances)");
  if (power)
    {
      g_string_printf (name, "Inertia (\xc3\x97" "10");
      superscript (name, power);
      g_string_append (name, ", sum of squared R'G'B' distances)");
    }
  draw_text_vertical (cr, name->str, f->x0 - 78, f->y0 + f->h / 2, 15, TRUE);
  g_string_free (name, TRUE);
}

static void
draw_elbow_curve (cairo_t *cr, const elbow_frame *f, const mc_elbow_plot *plot)
{
  set_rgb (cr, curve_ink);
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int i = 0; i < plot->count; i++)
    {
      double x = frame_x (f, plot->k_min + i), y = frame_y (f, plot->inertias[i]);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  double r = plot->count > 40 ? 2.5 : 5.0;
  for (int i = 0; i < plot->count; i++)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, frame_x (f, plot->k_min + i), frame_y (f, plot->inertias[i]), r, 0,
                 2 * G_PI);
    }
  set_rgb (cr, curve_ink);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);
}

/* The rule never puts an elbow on the range's first or last K: k_min means "no elbow here", and
 * the plot says so instead of marking a point as if it were one. */
static void
draw_no_elbow (cairo_t *cr, const elbow_frame *f, const mc_elbow_plot *plot)
{
  gchar *line1 = g_strdup_printf ("No elbow inside K = %d..%d: suggested K falls back to k-min.",
                                  plot->k_min, plot->k_min + plot->count - 1);
  const char *line2 = "Widen the range: k-max well above the K you expect.";
  double x = f->x0 + f->w - 16, y = f->y0 + 16;
  cairo_select_font_face (cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 15);
  cairo_text_extents_t te1, te2;
  cairo_text_extents (cr, line1, &te1);
  cairo_text_extents (cr, line2, &te2);
  double w = MAX (te1.x_advance, te2.x_advance) + 20;
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_rectangle (cr, x - w, y, w, 52);
  cairo_fill_preserve (cr);
  set_rgb (cr, accent);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  draw_text (cr, line1, x - 10, y + 6, 15, TRUE, 1, 0);
  draw_text (cr, line2, x - 10, y + 28, 15, FALSE, 1, 0);
  g_free (line1);
}

static void
draw_elbow_suggestion (cairo_t *cr, const elbow_frame *f, const mc_elbow_plot *plot)
{
  int i = plot->suggested_k - plot->k_min;
  if (i <= 0 || i >= plot->count)
    {
      draw_no_elbow (cr, f, plot);
      return;
    }
  double x = frame_x (f, plot->suggested_k), y = frame_y (f, plot->inertias[i]);
  static const double dash[] = { 6, 4 };
  set_rgb (cr, accent);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_move_to (cr, round (x) + 0.5, f->y0);
  cairo_line_to (cr, round (x) + 0.5, f->y0 + f->h);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 3.0);
  cairo_arc (cr, x, y, 10, 0, 2 * G_PI);
  cairo_stroke (cr);
  /* The label sits up and to the right of the point, or to the left near the right edge. */
  gchar *label = g_strdup_printf ("suggested K = %d", plot->suggested_k);
  gboolean left = x > f->x0 + f->w - 230;
  double lx = left ? x - 18 : x + 18, ly = MAX (f->y0 + 22, y - 40);
  cairo_set_font_size (cr, 17);
  cairo_text_extents_t te;
  cairo_select_font_face (cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_text_extents (cr, label, &te);
  double bx = left ? lx - te.x_advance - 8 : lx - 8;
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_rectangle (cr, bx, ly - 16, te.x_advance + 16, 32);
  cairo_fill_preserve (cr);
  set_rgb (cr, accent);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  draw_text (cr, label, lx, ly, 17, TRUE, left ? 1 : 0, 0.5);
  g_free (label);
}

cairo_surface_t *
mc_plot_elbow (const mc_elbow_plot *plot)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, EL_WIDTH, EL_HEIGHT);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  double top = 0;
  for (int i = 0; i < plot->count; i++)
    top = MAX (top, plot->inertias[i]);
  if (!(top > 0))
    top = 1; /* every fit exact: an empty axis 0..1 */
  elbow_frame f = { EL_LEFT, EL_TOP, EL_WIDTH - EL_LEFT - EL_RIGHT, EL_HEIGHT - EL_TOP - EL_BOTTOM,
                    plot->k_min - 0.5, plot->k_min + plot->count - 0.5, 0 };
  double ystep = nice_step (top, 6);
  f.ymax = ceil (top / ystep * (1 + 1e-9)) * ystep;
  if (f.ymax < top * 1.04) /* room above the first point for its marker */
    f.ymax += ystep;
  draw_elbow_axes (cr, &f, plot, top);
  draw_elbow_curve (cr, &f, plot);
  draw_elbow_suggestion (cr, &f, plot);
  draw_titles (cr, plot->title, plot->subtitle, EL_WIDTH);
  cairo_set_source_rgb (cr, 0.35, 0.35, 0.35);
  draw_text (cr, "Suggested K (the \"kneedle\" rule on log inertia): with K and log(inertia) "
                 "rescaled to 0..1, the K whose point",
             EL_LEFT, EL_HEIGHT - 36, 13, FALSE, 0, 0.5);
  draw_text (cr, "lies farthest below the straight line from the first point to the last. A hint, "
                 "not a verdict: look at the curve.",
             EL_LEFT, EL_HEIGHT - 17, 13, FALSE, 0, 0.5);
  cairo_destroy (cr);
  return s;
}

/* ---- into GIMP -------------------------------------------------------------------------- */

gchar *
mc_plot_count_text (gsize n)
{
  gchar *digits = g_strdup_printf ("%" G_GSIZE_FORMAT, n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (s, "\xe2\x80\x89"); /* a thin space between groups of three */
      g_string_append_c (s, digits[i]);
    }
  g_free (digits);
  return g_string_free (s, FALSE);
}

gint32
mc_plot_to_image (cairo_surface_t *surface, const char *layer_name)
{
  cairo_surface_flush (surface);
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const unsigned char *data = cairo_image_surface_get_data (surface);
  gint32 image = mch_image_new (w, h, MCH_RGB);
  if (image < 0)
    return -1;
  mch_image_undo_disable (image);
  gint32 layer = mch_layer_new (image, layer_name, w, h, MCH_RGB_IMAGE, 100.0);
  mch_image_insert_layer (image, layer, 0, 0);
  /* The plots are opaque, so ARGB32's premultiplied channels are the colours themselves. */
  guchar *rgb = g_new (guchar, (gsize) w * h * 3);
  for (int y = 0; y < h; y++)
    {
      const uint32_t *row = (const uint32_t *) (data + (size_t) y * stride);
      guchar *out = rgb + (size_t) y * w * 3;
      for (int x = 0; x < w; x++)
        {
          out[3 * x] = (row[x] >> 16) & 0xff;
          out[3 * x + 1] = (row[x] >> 8) & 0xff;
          out[3 * x + 2] = row[x] & 0xff;
        }
    }
  GeglBuffer *buf = mch_drawable_get_buffer (layer);
  gegl_buffer_set (buf, GEGL_RECTANGLE (0, 0, w, h), 0, babl_format ("R'G'B' u8"), rgb,
                   GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush (buf);
  g_object_unref (buf);
  g_free (rgb);
  mch_drawable_update (layer, 0, 0, w, h);
  mch_image_undo_enable (image);
  return image;
}
