/* measure_files.c: the lesion areas of a set of image files (mc_measure_set.h).
 *
 * Joint mode (as the course does for a folder) needs two passes: every image adds its sample to
 * one pooled colour model, the model is fitted, then every image is segmented with it. Holding
 * the decoded images as floats would take gigabytes, so pass 1 keeps each 8-bit image as its
 * bytes (a quarter of the floats' size) while they fit a budget, and pass 2 turns them into the
 * very same floats again (measure_decode.c); any other image is decoded again. The pool itself
 * is bounded (mc_segment_pool_new_bounded), so that memory stays flat in the number of files. */
#include "mc_measure_set.h"

#include "mc_chart.h"
#include "mc_csv.h"
#include "mc_files.h"
#include "mc_host.h"
#include "mc_measure_decode.h"
#include "mc_proc.h"
#include "mc_segment_run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Memory for the bytes of the images kept between the passes of joint mode: about 300
 * 600x450 images, or 40 of 2 MP; the others are decoded twice. */
#define KEPT_BYTES_BUDGET ((gsize) 256 << 20)

/* One input file: what was measured, or why not. */
typedef struct
{
  const gchar *path;
  gint width, height; /* -1 when the file could not be decoded */
  mc_lesion_measure m;
  gchar *warnings;        /* the segmentation's warnings in words ("" = none); NULL until measured */
  gchar *error;           /* NULL = ok */
  mc_packed_image packed; /* joint mode: the bytes kept between the passes (or none) */
} file_row;

/* Decodes row's file, or expands the bytes kept from pass 1. FALSE with row->error set. */
static gboolean
decode_row (file_row *row, mc_decoded *d, gboolean keep)
{
  gboolean ok;
  if (row->packed.bytes)
    {
      ok = mc_decoded_from_packed (&row->packed, d);
      if (!ok)
        row->error = g_strdup_printf ("%dx%d is too large for memory", row->width, row->height);
    }
  else
    ok = mc_decode_image_file (row->path, d, keep ? &row->packed : NULL, &row->error);
  if (!keep)
    mc_packed_clear (&row->packed);
  if (ok)
    {
      row->width = d->width;
      row->height = d->height;
    }
  return ok;
}

static void
set_core_error (file_row *row, const char *what, mc_status st)
{
  row->error = g_strdup_printf ("%s failed: %s", what, mc_status_text (st));
}

/* Segments and measures a decoded image into its row. */
static void
measure_row (file_row *row, const mc_decoded *d, const mc_measure_options *o,
             const mc_segment_pool *pool)
{
  mc_segment_vals sv = { o->method, o->pixel_size_mm, 0, o->seed };
  mc_segment_quality q;
  mc_status st = mc_segment_image (d->rgb, d->valid, d->width, d->height, &sv, pool, d->mask,
                                   &row->m, &q, NULL);
  if (st != MC_OK)
    set_core_error (row, "segmentation", st);
  else
    row->warnings = mc_segment_warnings_text (&q);
}

/* "PREFIX: file i of N (name)" and the bar at its place within [lo, hi]. */
static void
progress (const char *what, gint i, gint n, const char *path, double lo, double hi)
{
  mc_files_progress (what, i, n, path);
  mch_progress_update (lo + (hi - lo) * i / n);
}

struct mc_measure_set
{
  file_row *rows;
  gint n;
  mc_decoded work; /* decoding buffers reused from file to file */
};

mc_measure_set *
mc_measure_set_new (gchar **files, gint n)
{
  mc_measure_set *s = g_new0 (mc_measure_set, 1);
  s->rows = g_new0 (file_row, MAX (n, 1));
  s->n = n;
  for (gint i = 0; i < n; i++)
    {
      s->rows[i].path = files[i];
      s->rows[i].width = s->rows[i].height = -1;
    }
  return s;
}

void
mc_measure_set_separately (mc_measure_set *s, const mc_measure_options *o, double lo, double hi)
{
  for (gint i = 0; i < s->n; i++)
    {
      progress ("Measuring lesion areas", i, s->n, s->rows[i].path, lo, hi);
      if (decode_row (&s->rows[i], &s->work, FALSE))
        measure_row (&s->rows[i], &s->work, o, NULL);
    }
}

/* Pass 1 of joint mode: every readable image adds its sample to the pool; the bytes of 8-bit
 * images are kept for pass 2 (when keep) while they fit the budget. An image's sample is drawn
 * from its place among the READABLE images, so that a damaged or unreadable file in the folder
 * changes nothing for the others. */
static void
pool_all (mc_measure_set *s, mc_segment_pool *pool, gboolean keep, double lo, double hi)
{
  gsize kept = 0;
  gint readable = 0;
  for (gint i = 0; i < s->n; i++)
    {
      file_row *row = &s->rows[i];
      progress ("Sampling lesion colours", i, s->n, row->path, lo, hi);
      if (!decode_row (row, &s->work, keep))
        continue;
      gsize bytes = (gsize) row->width * row->height * row->packed.n_components;
      if (row->packed.bytes && kept + bytes > KEPT_BYTES_BUDGET)
        mc_packed_clear (&row->packed);
      else if (row->packed.bytes)
        kept += bytes;
      mc_decoded *d = &s->work;
      mc_status st
        = mc_segment_pool_add (pool, readable++, d->rgb, d->valid, d->width, d->height, NULL);
      if (st != MC_OK)
        {
          set_core_error (row, "sampling", st);
          mc_packed_clear (&row->packed);
        }
    }
}

gboolean
mc_measure_set_fit (mc_measure_set *s, const mc_measure_options *o, gboolean keep,
                    mc_segment_model *model, double lo, double hi)
{
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = o->method;
  params.seed = (uint32_t) o->seed;
  mc_segment_pool *pool = mc_segment_pool_new_bounded (&params, s->n);
  mc_status st = pool ? MC_OK : MC_ERR_NOMEM;
  if (pool)
    pool_all (s, pool, keep, lo, hi);
  gboolean any = FALSE;
  for (gint i = 0; i < s->n; i++)
    any |= s->rows[i].error == NULL;
  /* With no readable image every row already holds its error: nothing to fit. */
  if (pool && any)
    st = mc_segment_pool_fit (pool, NULL);
  if (st == MC_OK && any)
    st = mc_segment_pool_model (pool, model);
  for (gint i = 0; i < s->n && st != MC_OK; i++)
    if (!s->rows[i].error)
      {
        set_core_error (&s->rows[i], "fitting the joint colour model", st);
        mc_packed_clear (&s->rows[i].packed);
      }
  mc_segment_pool_free (pool);
  return st == MC_OK && any;
}

void
mc_measure_set_with_model (mc_measure_set *s, const mc_measure_options *o,
                           const mc_segment_model *model, double lo, double hi)
{
  mc_segment_pool *pool = mc_segment_pool_from_model (model);
  for (gint i = 0; i < s->n; i++)
    {
      file_row *row = &s->rows[i];
      if (row->error)
        continue;
      progress ("Measuring lesion areas", i, s->n, row->path, lo, hi);
      if (!pool)
        row->error = g_strdup ("the joint colour model is not valid");
      else if (decode_row (row, &s->work, FALSE))
        measure_row (row, &s->work, o, pool);
    }
  mc_segment_pool_free (pool);
}

gint
mc_measure_set_size (const mc_measure_set *s)
{
  return s->n;
}

gint
mc_measure_set_failed (const mc_measure_set *s)
{
  gint failed = 0;
  for (gint i = 0; i < s->n; i++)
    failed += s->rows[i].error != NULL;
  return failed;
}

gdouble *
mc_measure_set_areas (const mc_measure_set *s)
{
  gdouble *areas = g_new (gdouble, MAX (s->n, 1));
  for (gint i = 0; i < s->n; i++)
    areas[i] = s->rows[i].error ? -1.0 : (gdouble) s->rows[i].m.area_px;
  return areas;
}

/* File names alone read best; full paths only when two matches share a name. */
static gboolean
names_unique (const file_row *rows, gint n)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean unique = TRUE;
  for (gint i = 0; i < n && unique; i++)
    unique = g_hash_table_add (seen, g_path_get_basename (rows[i].path));
  g_hash_table_destroy (seen);
  return unique;
}

gboolean
mc_measure_set_write_csv (const mc_measure_set *s, const char *path, gchar **error)
{
  const file_row *rows = s->rows;
  gint n = s->n;
  FILE *f = fopen (path, "w");
  if (!f)
    {
      *error = g_strdup_printf ("cannot write csv-path = \"%s\": %s", path, g_strerror (errno));
      return FALSE;
    }
  gboolean basenames = names_unique (rows, n);
  fputs ("file,width,height,area_pixels,area_percent,area_mm2,perimeter_pixels,"
         "diameter_pixels,status,warnings\n",
         f);
  for (gint i = 0; i < n; i++)
    {
      const file_row *r = &rows[i];
      gboolean ok = r->error == NULL;
      gchar *name = basenames ? g_path_get_basename (r->path) : g_strdup (r->path);
      mc_csv_write_field (f, name);
      g_free (name);
      fprintf (f, ",%d,%d", r->width, r->height);
      mc_csv_write_number (f, "%.0f", ok ? (double) r->m.area_px : -1.0);
      mc_csv_write_number (f, "%.4f", ok ? r->m.area_percent : -1.0);
      mc_csv_write_number (f, "%.4f", ok ? r->m.area_mm2 : -1.0);
      mc_csv_write_number (f, "%.3f", ok ? r->m.perimeter_px : -1.0);
      mc_csv_write_number (f, "%.3f", ok ? r->m.diameter_px : -1.0);
      fputc (',', f);
      gchar *status = ok ? g_strdup ("ok") : g_strconcat ("error: ", r->error, NULL);
      mc_csv_write_field (f, status);
      g_free (status);
      fputc (',', f);
      mc_csv_write_field (f, ok && r->warnings ? r->warnings : "");
      fputc ('\n', f);
    }
  gboolean good = !ferror (f);
  good = (fclose (f) == 0) && good;
  if (!good)
    *error = g_strdup_printf ("writing csv-path = \"%s\" failed: %s", path, g_strerror (errno));
  return good;
}

gboolean
mc_measure_set_write_chart (const mc_measure_set *s, const mc_measure_options *o,
                            const char *mode, const char *path, gchar **error)
{
  const file_row *rows = s->rows;
  gint n = s->n, n_failed = mc_measure_set_failed (s);
  gboolean mm = o->pixel_size_mm > 0.0;
  mc_chart_bar *bars = g_new0 (mc_chart_bar, n);
  gchar **names = g_new0 (gchar *, n + 1);
  for (gint i = 0; i < n; i++)
    {
      names[i] = g_path_get_basename (rows[i].path);
      bars[i].label = names[i];
      bars[i].failed = rows[i].error != NULL;
      if (!bars[i].failed)
        bars[i].value = mm ? rows[i].m.area_mm2 : (double) rows[i].m.area_px;
    }
  gchar *failed = n_failed ? g_strdup_printf (" (%d failed)", n_failed) : g_strdup ("");
  gchar *subtitle = g_strdup_printf ("%d image%s%s \u00b7 method %d (%s) \u00b7 %s%s", n,
                                     n == 1 ? "" : "s", failed, o->method,
                                     o->method == 0 ? "course: 2-means" : "skin model", mode,
                                     mm ? "" : " \u00b7 pixel size unknown");
  gboolean ok = mc_chart_bars_png (path, "Lesion area per image", subtitle, "Image",
                                   mm ? "Lesion area (mm\u00b2)" : "Lesion area (pixels)", bars,
                                   n, mm ? 1 : 0, error);
  g_free (subtitle);
  g_free (failed);
  g_strfreev (names);
  g_free (bars);
  return ok;
}

void
mc_measure_set_free (mc_measure_set *s)
{
  if (!s)
    return;
  for (gint i = 0; i < s->n; i++)
    {
      g_free (s->rows[i].error);
      g_free (s->rows[i].warnings);
      mc_packed_clear (&s->rows[i].packed);
    }
  g_free (s->rows);
  mc_decoded_clear (&s->work);
  g_free (s);
}


/* The end of a call ------------------------------------------------------------------------ */

/* A chart that cannot be written is a warning in the log and in the returns, never the loss of
 * the finished CSV and areas. Returns the warning ("" when the chart was written). */
gchar *
mc_measure_chart_or_warn (const char *proc, const mc_measure_set *set,
                          const mc_measure_options *o, const char *mode, const char *chart_path)
{
  gchar *why = NULL;
  if (!chart_path[0] || mc_measure_set_write_chart (set, o, mode, chart_path, &why))
    return g_strdup ("");
  gchar *text = g_strdup_printf ("%s: warning: the CSV is written but %s", proc, why);
  mch_message (text);
  g_free (why);
  return text;
}

/* The CSV, the chart and the returns of a measured set (shared with measure-files-model). */
void
mc_measure_files_finish (mc_return *ret, const char *proc, const mc_measure_set *set,
                         const mc_measure_options *o, const char *mode, const char *csv_path,
                         const char *chart_path)
{
  gchar *why = NULL;
  if (!mc_measure_set_write_csv (set, csv_path, &why))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", proc, why);
      g_free (why);
      return;
    }
  gchar *warning = mc_measure_chart_or_warn (proc, set, o, mode, chart_path);
  gint n = mc_measure_set_size (set);
  gdouble *areas = mc_measure_set_areas (set);
  mc_return_int (ret, n);
  mc_return_int (ret, mc_measure_set_failed (set));
  mc_return_float_array (ret, areas, n);
  mc_return_string (ret, warning);
  g_free (areas);
  g_free (warning);
}

/* The checks before any work ------------------------------------------------------------- */

#define INPUT_CLASH "is one of the input images; inputs are never overwritten, choose another path"

/* TRUE when a and b name the same file (an existing one by inode, else by canonical path). */
static gboolean
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  if (stat (a, &sa) == 0 && stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  gchar *ca = g_canonicalize_filename (a, NULL), *cb = g_canonicalize_filename (b, NULL);
  gboolean same = strcmp (ca, cb) == 0;
  g_free (ca);
  g_free (cb);
  return same;
}

gboolean
mc_measure_check_output_path (mc_return *ret, const char *proc, const char *param,
                              const char *path, const char *const *inputs, const char *clash)
{
  gchar *why = NULL;
  if (!mc_files_check_writable (param, path, &why))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s; accepted: a writable file path",
                       proc, why);
      g_free (why);
      return FALSE;
    }
  for (const char *const *f = inputs; *f; f++)
    if (same_file (path, *f))
      {
        mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s = \"%s\" %s", proc, param, path,
                         clash);
        return FALSE;
      }
  return TRUE;
}

gboolean
mc_measure_files_check (mc_return *ret, const char *proc, const char *pattern,
                        const char *csv_param, const char *csv_path, const char *chart_path,
                        gchar ***files, gint *n)
{
  gchar *why = NULL;
  *files = mc_files_glob (pattern, n, &why);
  if (!*files)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: %s; accepted: a glob, or @ and a readable text file of paths", proc,
                       why);
      g_free (why);
      return FALSE;
    }
  if (*n == 0)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: pattern = \"%s\" matches no file; accepted: a glob matching at least "
                       "one image file",
                       proc, pattern);
      return FALSE;
    }
  const char *const *inputs = (const char *const *) *files;
  if (!mc_measure_check_output_path (ret, proc, csv_param, csv_path, inputs, INPUT_CLASH))
    return FALSE;
  if (chart_path && chart_path[0])
    {
      if (!mc_measure_check_output_path (ret, proc, "chart-path", chart_path, inputs,
                                         INPUT_CLASH))
        return FALSE;
      if (same_file (chart_path, csv_path))
        {
          mc_return_error (ret, MC_PDB_CALLING_ERROR,
                           "%s: chart-path = \"%s\" is the same file as %s; accepted: "
                           "two different paths, or \"\" for no chart",
                           proc, chart_path, csv_param);
          return FALSE;
        }
    }
  return TRUE;
}

