/* proc_measure_files.c: plug-in-medclust-measure-files, "Measure Lesion Areas in Files…": its
 * table (parameters, returns, menu, help) and its run step: the lesion area of every image
 * matching a glob, into a CSV and a bar chart, without opening GIMP images. Every check on the
 * parameters (the table's) and on the matches and output paths (the run step's first) comes
 * before any work, so a bad call costs nothing; a file that cannot be read gets its error in its
 * CSV row and the run goes on.
 *
 * Joint mode (as the course does for a folder) needs two passes: every image adds its sample to
 * one pooled colour model, the model is fitted, then every image is segmented with it. Holding
 * 26 decoded multi-megapixel images as floats would take gigabytes, so pass 1 keeps each 8-bit
 * image as its bytes (a quarter of the floats' size; 135 MB for the 26 dev images) while they
 * fit a budget, and pass 2 turns them into the very same floats again (measure_decode.c); any
 * other image is decoded again. */
#include "mc_chart.h"
#include "mc_files.h"
#include "mc_host.h"
#include "mc_measure_decode.h"
#include "mc_measure_files.h"
#include "mc_proc.h"
#include "mc_segment_run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const PROC = MC_MEASURE_FILES_PROC;

/* Memory for the bytes of the images kept between the passes of joint mode. */
#define KEPT_BYTES_BUDGET ((gsize) 1 << 30)
#define V(field) offsetof (mc_measure_files_vals, field)
#define SIZE(field) sizeof (((mc_measure_files_vals *) NULL)->field)

static const char HELP[]
  = "Segments the lesion of every image matching the glob pattern (as "
    "plug-in-medclust-segment does) and writes a CSV with a header and one row per file, "
    "sorted by file name: file, width, height, area_pixels, area_percent, area_mm2, "
    "perimeter_pixels, diameter_pixels, status (\"ok\", or the error for that file and -1 in "
    "the numbers it could not give), warnings (the segmentation's warnings in words, as the "
    "warnings return of plug-in-medclust-segment: a lesion cut by the image's edge, artefacts "
    "excluded, low contrast ...; \"\" when there are none or the file failed). The file column holds the file name, or the full path "
    "when two matched files share a name. A file that cannot be read is reported in its row "
    "and the run goes on. With joint = 1 the colour model is fitted once on a sample pooled "
    "from all images, as the course does, so the areas compare across images. chart-path, when "
    "not empty, gets a PNG bar chart of the area per image (in mm² when the pixel size is "
    "given). Input files are never modified; an output path that is missing, not writable or "
    "one of the inputs, and a pattern that matches nothing, are refused before any work starts.";

static const char *const joints[]
  = { "No (each image alone)", "Yes (one colour model pooled from all images)", NULL };

static const mc_param params[] = {
  { "pattern", MC_PARAM_STRING, V (pattern), SIZE (pattern), 0, 0, 0, "",
    "a glob matching at least one image file", "", "_Images (pattern):",
    "Glob of the images to measure, e.g. \"/data/derm/*.jpg\" (* and ? wildcards; any format "
    "GEGL reads)",
    NULL, MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
  { "method", MC_PARAM_INT, V (method), 0, 0, 1, MC_SEGMENT_OURS, NULL,
    MC_SEGMENT_METHOD_ACCEPTED, "", "_Method:", MC_SEGMENT_METHOD_BLURB,
    mc_segment_method_labels, MC_PARAM_CHOICE },
  { "joint", MC_PARAM_INT, V (joint), 0, 0, 1, 1, NULL,
    "0 (each image alone) or 1 (one model pooled from all images)", "",
    "_Joint: one colour model for all images (areas compare across images)",
    "1 = fit the colour model once on a sample pooled from all images, as the course does, so "
    "areas compare across images; 0 = fit each image alone",
    joints, MC_PARAM_CHOICE },
  { "pixel-size-mm", MC_PARAM_FLOAT, V (pixel_size_mm), 0, 0.0, G_MAXDOUBLE, 0.0, NULL,
    "a finite value >= 0 (millimetres per pixel; 0 = unknown)", "mm", "_Pixel size (mm):",
    "Side of one pixel in millimetres, >= 0; 0 = unknown (area_mm2 is then -1)", NULL, 0 },
  { "csv-path", MC_PARAM_STRING, V (csv_path), SIZE (csv_path), 0, 0, 0, "",
    "a writable file path", "", "_CSV file:",
    "The CSV file to write (its folder must exist)", NULL, MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
  { "chart-path", MC_PARAM_STRING, V (chart_path), SIZE (chart_path), 0, 0, 0, "",
    "a writable file path, or \"\" for no chart", "", "C_hart (PNG):",
    "A PNG bar chart of the area per image to write; \"\" = none", NULL, MC_PARAM_PATH },
  { "seed", MC_PARAM_INT, V (seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every random choice", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "num-files", MC_RET_INT, "Files matched and reported" },
  { "num-failed", MC_RET_INT, "Files that could not be read or measured" },
  { "num-areas", MC_RET_INT, "Length of areas (= num-files)" },
  { "areas", MC_RET_FLOAT_ARRAY, "Lesion area in pixels per file, in the CSV's order; -1 for a "
                                 "failed file" },
};

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

static gboolean
check_output_path (mc_return *ret, const char *param, const char *path, gchar **files)
{
  gchar *why = NULL;
  if (!mc_files_check_writable (param, path, &why))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s; accepted: a writable file path",
                       PROC, why);
      g_free (why);
      return FALSE;
    }
  for (gchar **f = files; *f; f++)
    if (same_file (path, *f))
      {
        mc_return_error (ret, MC_PDB_CALLING_ERROR,
                         "%s: %s = \"%s\" is one of the input images; inputs are never "
                         "overwritten, choose another path",
                         PROC, param, path);
        return FALSE;
      }
  return TRUE;
}

/* Checks the matches and the output paths (the table has checked the values); on success
 * *files holds the sorted matches. */
static gboolean
check_outputs (mc_return *ret, const mc_measure_files_vals *v, gchar ***files, gint *n)
{
  *files = mc_files_glob (v->pattern, n);
  if (*n == 0)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: pattern = \"%s\" matches no file; accepted: a glob matching at least "
                       "one image file",
                       PROC, v->pattern);
      return FALSE;
    }
  if (!check_output_path (ret, "csv-path", v->csv_path, *files))
    return FALSE;
  if (v->chart_path[0])
    {
      if (!check_output_path (ret, "chart-path", v->chart_path, *files))
        return FALSE;
      if (same_file (v->chart_path, v->csv_path))
        {
          mc_return_error (ret, MC_PDB_CALLING_ERROR,
                           "%s: chart-path = \"%s\" is the same file as csv-path; accepted: "
                           "two different paths, or \"\" for no chart",
                           PROC, v->chart_path);
          return FALSE;
        }
    }
  return TRUE;
}

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
measure_row (file_row *row, const mc_decoded *d, const mc_measure_files_vals *v,
             const mc_segment_pool *pool)
{
  mc_segment_vals sv = { v->method, v->pixel_size_mm, 0, v->seed };
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

/* Each image alone: decode, segment, measure. */
static void
measure_separately (file_row *rows, gint n, const mc_measure_files_vals *v, mc_decoded *d)
{
  for (gint i = 0; i < n; i++)
    {
      progress ("Measuring lesion areas", i, n, rows[i].path, 0.0, 1.0);
      if (decode_row (&rows[i], d, FALSE))
        measure_row (&rows[i], d, v, NULL);
    }
}

/* Pass 1 of joint mode: every readable image adds its sample to the pool; the bytes of 8-bit
 * images are kept for pass 2 while they fit the budget. */
static void
pool_all (mc_segment_pool *pool, file_row *rows, gint n, mc_decoded *d)
{
  gsize kept = 0;
  for (gint i = 0; i < n; i++)
    {
      progress ("Sampling lesion colours", i, n, rows[i].path, 0.0, 0.5);
      if (!decode_row (&rows[i], d, TRUE))
        continue;
      gsize bytes = (gsize) d->width * d->height * rows[i].packed.n_components;
      if (rows[i].packed.bytes && kept + bytes > KEPT_BYTES_BUDGET)
        mc_packed_clear (&rows[i].packed);
      else if (rows[i].packed.bytes)
        kept += bytes;
      mc_status st = mc_segment_pool_add (pool, i, d->rgb, d->valid, d->width, d->height, NULL);
      if (st != MC_OK)
        {
          set_core_error (&rows[i], "sampling", st);
          mc_packed_clear (&rows[i].packed);
        }
    }
}

/* Joint mode: pool, fit once, then segment every image with the shared model. When no model can
 * be fitted (the readable images hold no analysed pixel), every row says so. */
static gboolean
measure_jointly (file_row *rows, gint n, const mc_measure_files_vals *v, mc_decoded *d,
                 gchar **error)
{
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = v->method;
  params.seed = (uint32_t) v->seed;
  mc_segment_pool *pool = mc_segment_pool_new (&params);
  if (!pool)
    {
      *error = g_strdup ("cannot create the joint colour model (out of memory)");
      return FALSE;
    }
  pool_all (pool, rows, n, d);
  gboolean any = FALSE;
  for (gint i = 0; i < n; i++)
    any |= rows[i].error == NULL;
  /* With no readable image every row already holds its error: nothing to fit. */
  mc_status st = any ? mc_segment_pool_fit (pool, NULL) : MC_OK;
  for (gint i = 0; i < n && st != MC_OK; i++)
    if (!rows[i].error)
      {
        set_core_error (&rows[i], "fitting the joint colour model", st);
        mc_packed_clear (&rows[i].packed);
      }
  for (gint i = 0; i < n; i++)
    {
      if (rows[i].error)
        continue;
      progress ("Measuring lesion areas", i, n, rows[i].path, 0.5, 1.0);
      if (decode_row (&rows[i], d, FALSE))
        measure_row (&rows[i], d, v, pool);
    }
  mc_segment_pool_free (pool);
  return TRUE;
}

/* A CSV field (RFC 4180): quoted, with doubled quotes, when it holds a comma, quote or line
 * break, or a semicolon (the separator spreadsheets use in many locales; warnings hold them). */
static void
write_field (FILE *f, const char *s)
{
  if (!strpbrk (s, ",;\"\r\n"))
    {
      fputs (s, f);
      return;
    }
  fputc ('"', f);
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        fputc ('"', f);
      fputc (*p, f);
    }
  fputc ('"', f);
}

/* ",<number>" with the C locale's point whatever the user's locale. */
static void
write_number (FILE *f, const char *format, double v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  fputc (',', f);
  fputs (g_ascii_formatd (buf, sizeof buf, format, v), f);
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

static gboolean
write_csv (const char *path, const file_row *rows, gint n, gchar **error)
{
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
      write_field (f, name);
      g_free (name);
      fprintf (f, ",%d,%d", r->width, r->height);
      write_number (f, "%.0f", ok ? (double) r->m.area_px : -1.0);
      write_number (f, "%.4f", ok ? r->m.area_percent : -1.0);
      write_number (f, "%.4f", ok ? r->m.area_mm2 : -1.0);
      write_number (f, "%.3f", ok ? r->m.perimeter_px : -1.0);
      write_number (f, "%.3f", ok ? r->m.diameter_px : -1.0);
      fputc (',', f);
      write_field (f, ok ? "ok" : r->error);
      fputc (',', f);
      write_field (f, ok && r->warnings ? r->warnings : "");
      fputc ('\n', f);
    }
  gboolean good = !ferror (f);
  good = (fclose (f) == 0) && good;
  if (!good)
    *error = g_strdup_printf ("writing csv-path = \"%s\" failed: %s", path, g_strerror (errno));
  return good;
}

static gboolean
write_chart (const mc_measure_files_vals *v, const file_row *rows, gint n, gint n_failed,
             gchar **error)
{
  gboolean mm = v->pixel_size_mm > 0.0;
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
                                     n == 1 ? "" : "s", failed, v->method,
                                     v->method == 0 ? "course: 2-means" : "skin model",
                                     v->joint ? "joint colour model" : "each image alone",
                                     mm ? "" : " \u00b7 pixel size unknown");
  gboolean ok = mc_chart_bars_png (v->chart_path, "Lesion area per image", subtitle, "Image",
                                   mm ? "Lesion area (mm\u00b2)" : "Lesion area (pixels)", bars,
                                   n, mm ? 1 : 0, error);
  g_free (subtitle);
  g_free (failed);
  g_strfreev (names);
  g_free (bars);
  return ok;
}

static void
free_rows (file_row *rows, gint n)
{
  for (gint i = 0; i < n; i++)
    {
      g_free (rows[i].error);
      g_free (rows[i].warnings);
      mc_packed_clear (&rows[i].packed);
    }
  g_free (rows);
}

static void
measure_files_run (const mc_call *call, mc_return *ret)
{
  const mc_measure_files_vals *v = call->vals;
  gchar **files;
  gint n;
  if (!check_outputs (ret, v, &files, &n))
    {
      g_strfreev (files);
      return;
    }
  file_row *rows = g_new0 (file_row, n);
  for (gint i = 0; i < n; i++)
    {
      rows[i].path = files[i];
      rows[i].width = rows[i].height = -1;
    }
  gchar *why = NULL;
  gboolean ok = TRUE;
  mc_decoded work = { 0 };
  if (v->joint)
    ok = measure_jointly (rows, n, v, &work, &why);
  else
    measure_separately (rows, n, v, &work);
  mc_decoded_clear (&work);

  gint n_failed = 0;
  gdouble *areas = g_new (gdouble, n);
  for (gint i = 0; i < n; i++)
    {
      n_failed += rows[i].error != NULL;
      areas[i] = rows[i].error ? -1.0 : (gdouble) rows[i].m.area_px;
    }
  if (ok)
    ok = write_csv (v->csv_path, rows, n, &why);
  if (ok && v->chart_path[0])
    ok = write_chart (v, rows, n, n_failed, &why);
  if (!ok)
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", PROC, why);
  else
    {
      mc_return_int (ret, n);
      mc_return_int (ret, n_failed);
      mc_return_float_array (ret, areas, n);
    }
  g_free (why);
  g_free (areas);
  free_rows (rows, n);
  g_strfreev (files);
}

const mc_proc_def mc_proc_measure_files = {
  .name = MC_MEASURE_FILES_PROC,
  .menu_label = "Measure Lesion _Areas in Files…",
  .menu_path = MC_MENU_BATCH,
  .blurb = "Measure the lesion area of every image matching a pattern, into a CSV and a chart",
  .help = HELP,
  .kind = MC_PROC_BATCH,
  .progress_text = "Measuring lesion areas",
  .vals_size = sizeof (mc_measure_files_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = NULL,
  .run = measure_files_run,
};
