/* mc_chart.h: a bar chart written as a PNG with cairo, for plug-in-medclust-measure-files (the
 * lesion area per image). */
#ifndef MC_CHART_H
#define MC_CHART_H

#include <glib.h>

typedef struct
{
  const char *label; /* under the bar (the file name); UTF-8 */
  double value;      /* bar height in the y axis' unit, >= 0; ignored when failed */
  gboolean failed;   /* no value: the slot is marked "failed" in red */
} mc_chart_bar;

/* Bars are drawn for up to this many entries; beyond, the distribution. */
#define MC_CHART_MAX_BARS 40

/* Up to MC_CHART_MAX_BARS entries: one bar per entry, in order, with a title, a subtitle (may be
 * NULL), a labelled y axis with a grid, the labels under the bars (turned when they do not fit,
 * cut when very long), and each bar's value. More entries: the values sorted into one curve
 * (x = rank, failed entries left out) with the quartiles marked, at a fixed size. Then writes the
 * PNG at path. value_decimals: digits after the point in the value labels. FALSE with a message
 * in *error (g_free) when the file cannot be written. */
gboolean mc_chart_bars_png (const char *path, const char *title, const char *subtitle,
                            const char *x_label, const char *y_label, const mc_chart_bar *bars,
                            gint n, gint value_decimals, gchar **error);

/* A number with thousands separators and the given decimals: 1234567.8 -> "1,234,567.8". */
gchar *mc_chart_format_number (double v, gint decimals);

#endif
