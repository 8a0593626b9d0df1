/* mc_measure_set.h: the lesion areas of a set of image files, as plug-in-medclust-measure-files
 * and its shard companions (fit-joint-model, measure-files-model) compute them: each file
 * decoded (measure_decode.c), segmented and measured into its row, or its error; a joint colour
 * model fitted once on a bounded sample pooled from every readable file; the CSV and the chart.
 * Every file gets exactly one row; a file that cannot be read or is damaged gets its error and
 * takes no part in a joint fit. */
#ifndef MC_MEASURE_SET_H
#define MC_MEASURE_SET_H

#include <glib.h>

#include "mc_proc.h"
#include "mc_segment.h"

typedef struct
{
  gint method;           /* 0 = the course's, 1 = the skin model */
  gdouble pixel_size_mm; /* 0 = unknown */
  gint32 seed;
} mc_measure_options;

typedef struct mc_measure_set mc_measure_set;

/* A set over files (n paths, sorted as the CSV lists them; borrowed, they must outlive it). */
mc_measure_set *mc_measure_set_new (gchar **files, gint n);
void mc_measure_set_free (mc_measure_set *s);

/* Each file alone: decode, segment, measure. Progress "file i of N" over [lo, hi]. */
void mc_measure_set_separately (mc_measure_set *s, const mc_measure_options *o, double lo,
                                double hi);
/* Pass 1 of joint mode: every readable file adds its sample to a pool bounded in memory
 * (mc_segment_pool_new_bounded over the set's size, each file by its index in the set), and the
 * model is fitted. keep: keep the bytes of 8-bit files (within a budget) for a following
 * mc_measure_set_with_model. FALSE (every readable row then holding why) when no model can be
 * fitted. Progress over [lo, hi]. */
gboolean mc_measure_set_fit (mc_measure_set *s, const mc_measure_options *o, gboolean keep,
                             mc_segment_model *model, double lo, double hi);
/* Pass 2: every file without an error segmented with the model and measured. */
void mc_measure_set_with_model (mc_measure_set *s, const mc_measure_options *o,
                                const mc_segment_model *model, double lo, double hi);

gint mc_measure_set_size (const mc_measure_set *s);
gint mc_measure_set_failed (const mc_measure_set *s);
/* The area in pixels of each file, -1 for a failed one (n entries, g_free). */
gdouble *mc_measure_set_areas (const mc_measure_set *s);

/* The CSV (header and one row per file: file, width, height, area_pixels, area_percent,
 * area_mm2, perimeter_pixels, diameter_pixels, status, warnings). FALSE with *error. */
gboolean mc_measure_set_write_csv (const mc_measure_set *s, const char *path, gchar **error);
/* The chart of the areas (mc_chart.h), subtitled with the method and mode. FALSE with *error. */
gboolean mc_measure_set_write_chart (const mc_measure_set *s, const mc_measure_options *o,
                                     const char *mode, const char *path, gchar **error);

/* The end of a measuring call (measure-files and measure-files-model): writes the CSV (its
 * failure is the call's error) and the chart (its failure only a warning, in the log and the
 * last return), and fills the returns num-files, num-failed, areas, warnings. mode says in the
 * chart's subtitle how the colour model was fitted. */
void mc_measure_files_finish (mc_return *ret, const char *proc, const mc_measure_set *set,
                              const mc_measure_options *o, const char *mode,
                              const char *csv_path, const char *chart_path);
gchar *mc_measure_chart_or_warn (const char *proc, const mc_measure_set *set,
                                 const mc_measure_options *o, const char *mode,
                                 const char *chart_path);

/* The check of an output path before any work: writable (param named in the message), and not
 * the same file (by inode when both exist, else by canonical path) as any of inputs
 * (NULL-terminated), which the error then says as "<proc>: <param> = \"<path>\" <clash>". FALSE
 * with the error in ret. */
gboolean mc_measure_check_output_path (mc_return *ret, const char *proc, const char *param,
                                       const char *path, const char *const *inputs,
                                       const char *clash);

/* The checks of a batch call before any work: the pattern's matches (a glob or @LIST; none is
 * an error) into *files (g_strfreev) and *n, then the output paths: csv_path (named csv_param in
 * messages) and chart_path ("" or NULL = none) writable, none of them an input, the chart not the
 * CSV. FALSE with the error in ret. */
gboolean mc_measure_files_check (mc_return *ret, const char *proc, const char *pattern,
                                 const char *csv_param, const char *csv_path,
                                 const char *chart_path, gchar ***files, gint *n);

#endif
