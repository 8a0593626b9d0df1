/* annotate.c: the report layers of plug-in-medclust-segment. The outline comes from the core's
 * marching-squares contours and is stroked with cairo (a bright line on a dark halo, so it shows
 * on pale skin and on the dark vignette alike); the readout is a real GIMP text layer, so the
 * user can still edit, move or restyle it. A dark plate drawn in the outline layer behind the
 * text keeps the white readout legible whatever the image's corner looks like. */
#include "mc_annotate.h"
#include "mc_host.h"
#include "mc_segment_run.h"

#include <cairo.h>
#include <gegl.h>
#include <math.h>
#include <string.h>

#define READOUT_FONT "Sans-serif Bold"

/* "41230" -> "41,230". The digits are printed from the signed value, so INT64_MIN needs no
 * negation (which would overflow) and its sign comes out once. */
static void
append_grouped (GString *s, int64_t v)
{
  gchar *digits = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) v);
  const gchar *d = digits;
  if (*d == '-')
    g_string_append_c (s, *d++);
  gsize len = strlen (d);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, d[i]);
    }
  g_free (digits);
}

/* Three significant digits without an exponent: 4.05, 12.9, 229, 1,234. The C locale's point
 * is used whatever the locale, since the thousands separator is a comma. */
static void
append_sig3 (GString *s, double v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  /* Beyond 1e15 (and for inf or NaN) llround has no int64 answer: an exponent, never garbage. */
  if (!isfinite (v) || fabs (v) >= 1e15)
    g_string_append (s, isnan (v) ? "?" : g_ascii_formatd (buf, sizeof buf, "%.3g", v));
  else if (v >= 99.95)
    append_grouped (s, (int64_t) llround (v));
  else if (v > 0.0)
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, v >= 9.995 ? "%.1f" : "%.2f", v));
  else
    g_string_append (s, "0");
}

/* "\nWarning: <warnings>" broken at spaces into lines of at most width characters (a longer
 * word stays whole), so that a long warning does not shrink the readout's font to fit the
 * picture's width. */
static void
append_warning_lines (GString *s, const char *warnings, glong width)
{
  gchar *text = g_strconcat ("Warning: ", warnings, NULL);
  gchar **words = g_strsplit (text, " ", -1);
  glong line = -1; /* characters on the current line; -1 before the first */
  for (gchar **w = words; *w; w++)
    {
      if (!**w)
        continue;
      glong len = g_utf8_strlen (*w, -1);
      if (line < 0 || line + 1 + len > width)
        {
          g_string_append_c (s, '\n');
          line = 0;
        }
      else
        {
          g_string_append_c (s, ' ');
          line++;
        }
      g_string_append (s, *w);
      line += len;
    }
  g_strfreev (words);
  g_free (text);
}

gchar *
mc_annotate_readout (const mc_lesion_measure *m, double pixel_size_mm, const char *warnings)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  GString *s = g_string_new ("Lesion area ");
  append_grouped (s, m->area_px);
  g_string_append_printf (s, " px (%s%%)",
                          g_ascii_formatd (buf, sizeof buf, "%.1f", m->area_percent));
  if (pixel_size_mm > 0.0)
    {
      g_string_append (s, " \u00b7 ");
      append_sig3 (s, m->area_mm2);
      g_string_append (s, " mm\u00b2 \u00b7 \u00d8 ");
      append_sig3 (s, m->diameter_px * pixel_size_mm);
      g_string_append (s, " mm");
    }
  else
    {
      g_string_append (s, " \u00b7 \u00d8 ");
      append_sig3 (s, m->diameter_px);
      g_string_append (s, " px");
    }
  if (warnings && *warnings)
    append_warning_lines (s, warnings, MAX (g_utf8_strlen (s->str, -1), 40));
  return g_string_free (s, FALSE);
}

static void
remove_named_layer (gint32 image, const char *name)
{
  gint32 old;
  while ((old = mch_image_get_layer_by_name (image, name)) > 0)
    if (!mch_image_remove_layer (image, old))
      break;
}

/* Where the new layers go: just above `above` when it is a layer (a layer mask counts as its
 * layer), else on top of the stack. */
static void
insertion_point (gint32 image, gint32 above, gint32 *parent, gint *position)
{
  if (mch_item_is_valid (above) && mch_item_is_layer_mask (above))
    above = mch_layer_from_mask (above);
  if (mch_item_is_valid (above) && mch_item_is_layer (above))
    {
      *parent = MAX (mch_item_get_parent (above), 0);
      *position = mch_image_get_item_position (image, above);
    }
  else
    {
      *parent = 0;
      *position = 0;
    }
}

typedef struct
{
  double x, y, w, h;
} box;

/* The readout as a text layer at the top-left, its font scaled to the image so it reads the same
 * on a 600 px and a 6000 px picture, and shrunk when the text would not fit the width. */
static gint32
add_readout_layer (gint32 image, gint32 parent, gint position, const char *text, box *plate)
{
  gint iw = mch_image_width (image), ih = mch_image_height (image);
  double font_px = CLAMP (MIN (iw, ih) / 26.0, 10.0, 400.0);
  gint32 layer = mch_text_layer_new (image, text, READOUT_FONT, font_px);
  if (layer <= 0)
    return -1;
  mch_image_insert_layer (image, layer, parent, position);
  mch_item_set_name (layer, MC_LESION_READOUT_NAME);
  mch_text_layer_set_color (layer, 1.0, 1.0, 1.0);
  double margin = font_px * 0.6, pad = font_px * 0.4;
  double room = iw - 2.0 * (margin + pad);
  gint tw = mch_drawable_width (layer);
  if (tw > room && room > 0)
    {
      font_px = MAX (6.0, font_px * room / tw);
      mch_text_layer_set_font_size (layer, font_px);
      margin = MIN (margin, font_px * 0.6);
      pad = font_px * 0.4;
    }
  gint x = (gint) lround (margin + pad), y = (gint) lround (margin + pad);
  mch_layer_set_offsets (layer, x, y);
  plate->x = x - pad;
  plate->y = y - pad;
  plate->w = mch_drawable_width (layer) + 2.0 * pad;
  plate->h = mch_drawable_height (layer) + 2.0 * pad;
  return layer;
}

static void
rounded_rect (cairo_t *cr, const box *b, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, b->x + b->w - r, b->y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, b->x + b->w - r, b->y + b->h - r, r, 0, G_PI / 2);
  cairo_arc (cr, b->x + r, b->y + b->h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, b->x + r, b->y + r, r, G_PI, 1.5 * G_PI);
  cairo_close_path (cr);
}

static void
contour_path (cairo_t *cr, const mc_contours *c, double dx, double dy)
{
  for (int i = 0; i < c->n_polylines; i++)
    {
      for (int j = c->start[i]; j < c->start[i + 1]; j++)
        {
          double x = c->xy[2 * j] + dx, y = c->xy[2 * j + 1] + dy;
          if (j == c->start[i])
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
    }
}

/* Pixel box of everything drawn: the contours widened by the stroke, and the plate; clipped to
 * the canvas. */
static GeglRectangle
drawn_extent (const mc_contours *c, double dx, double dy, double reach, const box *plate, gint iw,
              gint ih)
{
  gboolean have_plate = plate->w > 0 && plate->h > 0;
  double x0 = have_plate ? plate->x : G_MAXDOUBLE, y0 = have_plate ? plate->y : G_MAXDOUBLE;
  double x1 = have_plate ? plate->x + plate->w : -G_MAXDOUBLE;
  double y1 = have_plate ? plate->y + plate->h : -G_MAXDOUBLE;
  for (int j = 0; j < c->n_points; j++)
    {
      x0 = MIN (x0, c->xy[2 * j] + dx - reach);
      y0 = MIN (y0, c->xy[2 * j + 1] + dy - reach);
      x1 = MAX (x1, c->xy[2 * j] + dx + reach);
      y1 = MAX (y1, c->xy[2 * j + 1] + dy + reach);
    }
  GeglRectangle r = { 0, 0, 0, 0 };
  if (x1 < x0 || y1 < y0)
    return r;
  r.x = CLAMP ((gint) floor (x0), 0, iw);
  r.y = CLAMP ((gint) floor (y0), 0, ih);
  r.width = CLAMP ((gint) ceil (x1), 0, iw) - r.x;
  r.height = CLAMP ((gint) ceil (y1), 0, ih) - r.y;
  return r;
}

/* Strokes the contours (and the plate) on a cairo surface covering r only: a 6000 px image
 * would otherwise need a 144 MB surface for a lesion of a few hundred pixels. */
static void
draw_outline (GeglBuffer *buffer, const GeglRectangle *r, const mc_contours *c, double dx,
              double dy, const box *plate, double line, double halo)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, r->width, r->height);
  cairo_t *cr = cairo_create (surface);
  cairo_translate (cr, -r->x, -r->y);
  if (plate->w > 0 && plate->h > 0)
    {
      rounded_rect (cr, plate, MIN (plate->h / 4.0, 12.0));
      cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.6);
      cairo_fill (cr);
    }
  contour_path (cr, c, dx, dy);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, halo);
  cairo_set_source_rgba (cr, 0.0, 0.0, 0.0, 0.65);
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, line);
  cairo_set_source_rgb (cr, 0.2, 1.0, 0.3);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  gegl_buffer_set (buffer, r, 0, babl_format ("cairo-ARGB32"),
                   cairo_image_surface_get_data (surface),
                   cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
}

static gint32
add_outline_layer (gint32 image, gint32 parent, gint position, const mc_contours *c, double dx,
                   double dy, const box *plate, gchar **error)
{
  gint iw = mch_image_width (image), ih = mch_image_height (image);
  mch_image_type type
    = mch_image_base_type (image) == MCH_GRAY ? MCH_GRAYA_IMAGE : MCH_RGBA_IMAGE;
  gint32 layer = mch_layer_new (image, MC_LESION_OUTLINE_NAME, iw, ih, type, 100.0);
  if (layer <= 0)
    {
      *error = g_strdup ("cannot create the outline layer");
      return -1;
    }
  mch_image_insert_layer (image, layer, parent, position);
  GeglBuffer *buffer = mch_drawable_get_buffer (layer);
  gegl_buffer_clear (buffer, NULL);
  /* The line grows with the picture so that it reads the same at any size. */
  double line = MAX (2.0, MIN (iw, ih) / 320.0), halo = line + 2.0 * MAX (1.0, line / 3.0);
  GeglRectangle r = drawn_extent (c, dx, dy, halo, plate, iw, ih);
  if (r.width > 0 && r.height > 0)
    draw_outline (buffer, &r, c, dx, dy, plate, line, halo);
  gegl_buffer_flush (buffer);
  g_object_unref (buffer);
  mch_drawable_update (layer, 0, 0, iw, ih);
  return layer;
}

gboolean
mc_annotate_lesion (gint32 image, gint32 above, const uint8_t *mask, gint mask_width,
                    gint mask_height, gint mask_x, gint mask_y, const char *text,
                    gint32 *outline_layer, gint32 *text_layer, gchar **error)
{
  mc_contours contours;
  mc_status st = mc_lesion_contours (mask, mask_width, mask_height, &contours);
  if (st != MC_OK)
    {
      *error = g_strdup_printf ("cannot trace the outline: %s", mc_status_text (st));
      return FALSE;
    }
  remove_named_layer (image, MC_LESION_OUTLINE_NAME);
  remove_named_layer (image, MC_LESION_READOUT_NAME);
  gint32 parent;
  gint position;
  insertion_point (image, above, &parent, &position);

  /* Without a text layer (GIMP started without fonts) the outline is still worth having. */
  box plate = { 0, 0, 0, 0 };
  *text_layer = add_readout_layer (image, parent, position, text, &plate);
  gboolean have_text = *text_layer > 0;
  *outline_layer = add_outline_layer (image, parent, position + (have_text ? 1 : 0), &contours,
                                      mask_x, mask_y, &plate, error);
  mc_contours_free (&contours);
  if (*outline_layer > 0 && !have_text)
    *error = g_strdup_printf ("cannot create the text layer with the font \"%s\" (was GIMP "
                              "started without fonts?)",
                              READOUT_FONT);
  return *outline_layer > 0 && have_text;
}
