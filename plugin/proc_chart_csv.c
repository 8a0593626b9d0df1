/* proc_chart_csv.c: plug-in-medclust-chart-csv, "Chart Lesion Areas from a CSV…": the chart of
 * plug-in-medclust-measure-files drawn from a CSV that procedure wrote, or from several merged
 * (examples/measure-parallel.sh merges the CSVs of its shards and draws one chart with this). */
#include "mc_chart.h"
#include "mc_csv.h"
#include "mc_measure_files.h"
#include "mc_measure_set.h"
#include "mc_proc.h"

#include <stdlib.h>
#include <string.h>

static const char *const PROC = "plug-in-medclust-chart-csv";

typedef struct
{
  gchar csv_path[MC_MEASURE_FILES_PATH_MAX];
  gchar chart_path[MC_MEASURE_FILES_PATH_MAX];
} chart_csv_vals;

#define V(field) offsetof (chart_csv_vals, field)
#define SIZE(field) sizeof (((chart_csv_vals *) NULL)->field)

static const mc_param params[] = {
  { "csv-path", MC_PARAM_STRING, V (csv_path), SIZE (csv_path), 0, 0, 0, "",
    "a CSV written by plug-in-medclust-measure-files (or several merged)", "", "_CSV file:",
    "The CSV to chart: columns file, area_pixels, area_mm2 and status, as measure-files writes",
    NULL, MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
  { "chart-path", MC_PARAM_STRING, V (chart_path), SIZE (chart_path), 0, 0, 0, "",
    "a writable file path", "", "C_hart (PNG):", "The PNG chart to write", NULL,
    MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
};

static const mc_ret rets[] = {
  { "num-files", MC_RET_INT, "Rows of the CSV (files)" },
  { "num-failed", MC_RET_INT, "Rows whose status is not \"ok\"" },
};

static const char HELP[]
  = "Draws the chart of plug-in-medclust-measure-files from a CSV that it wrote (or from the "
    "merged CSVs of several runs over shards of a set): one bar per file up to 40 files, "
    "beyond that the areas sorted into one curve with the quartiles marked. The areas are in "
    "mm² when every measured row has one, else in pixels; rows whose status is not \"ok\" are "
    "counted as failed. The CSV is never modified.";

/* The columns the chart needs, or an error naming the missing one. */
static gboolean
find_columns (const mc_csv *csv, const char *path, gint col[4], gchar **error)
{
  static const char *const names[4] = { "file", "area_pixels", "area_mm2", "status" };
  for (int i = 0; i < 4; i++)
    if ((col[i] = mc_csv_column (csv, names[i])) < 0)
      {
        *error = g_strdup_printf ("csv-path = \"%s\" has no column \"%s\"; accepted: a CSV "
                                  "written by plug-in-medclust-measure-files",
                                  path, names[i]);
        return FALSE;
      }
  return TRUE;
}

/* The chart must be writable and must not replace the CSV. */
static gboolean
check_chart_path (const chart_csv_vals *v, mc_return *ret)
{
  const char *const csv[] = { v->csv_path, NULL };
  return mc_measure_check_output_path (ret, PROC, "chart-path", v->chart_path, csv,
                                       "is the CSV itself; accepted: another file path");
}

static void
chart_csv_run (const mc_call *call, mc_return *ret)
{
  const chart_csv_vals *v = call->vals;
  mc_csv csv;
  gchar *why = NULL;
  gint col[4];
  if (!check_chart_path (v, ret))
    return;
  if (!mc_csv_read ("csv-path", v->csv_path, &csv, &why) || !find_columns (&csv, v->csv_path, col, &why))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s", PROC, why);
      g_free (why);
      mc_csv_clear (&csv);
      return;
    }
  gint n = (gint) csv.records->len, n_failed = 0;
  gboolean mm = TRUE;
  mc_chart_bar *bars = g_new0 (mc_chart_bar, MAX (n, 1));
  for (gint i = 0; i < n; i++)
    {
      gchar **r = csv.records->pdata[i];
      bars[i].label = r[col[0]];
      bars[i].failed = strcmp (r[col[3]], "ok") != 0;
      n_failed += bars[i].failed;
      mm = mm && (bars[i].failed || g_ascii_strtod (r[col[2]], NULL) >= 0.0);
    }
  for (gint i = 0; i < n; i++)
    if (!bars[i].failed)
      bars[i].value = g_ascii_strtod (((gchar **) csv.records->pdata[i])[col[mm ? 2 : 1]], NULL);
  gchar *base = g_path_get_basename (v->csv_path);
  gchar *failed = n_failed ? g_strdup_printf (" (%d failed)", n_failed) : g_strdup ("");
  gchar *subtitle = g_strdup_printf ("%d image%s%s \u00b7 from %s%s", n, n == 1 ? "" : "s",
                                     failed, base, mm ? "" : " \u00b7 pixel size unknown");
  if (mc_chart_bars_png (v->chart_path, "Lesion area per image", subtitle, "Image",
                         mm ? "Lesion area (mm\u00b2)" : "Lesion area (pixels)", bars, n,
                         mm ? 1 : 0, &why))
    {
      mc_return_int (ret, n);
      mc_return_int (ret, n_failed);
    }
  else
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", PROC, why);
  g_free (why);
  g_free (subtitle);
  g_free (failed);
  g_free (base);
  g_free (bars);
  mc_csv_clear (&csv);
}

const mc_proc_def mc_proc_chart_csv = {
  .name = "plug-in-medclust-chart-csv",
  .menu_label = "_Chart Lesion Areas from a CSV…",
  .menu_path = MC_MENU_BATCH,
  .blurb = "Draw the lesion-area chart of measure-files from its CSV (also merged shards)",
  .help = HELP,
  .kind = MC_PROC_BATCH,
  .progress_text = "Drawing the chart",
  .vals_size = sizeof (chart_csv_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = NULL,
  .run = chart_csv_run,
};
