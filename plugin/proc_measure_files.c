/* proc_measure_files.c: plug-in-medclust-measure-files, "Measure Lesion Areas in Files…": its
 * table (parameters, returns, menu, help) and its run step: the lesion area of every image
 * matching a glob, into a CSV and a bar chart, without opening GIMP images. Every check on the
 * parameters (the table's) and on the matches and output paths (the run step's first) comes
 * before any work, so a bad call costs nothing; a file that cannot be read gets its error in its
 * CSV row and the run goes on. The work itself is measure_files.c's (mc_measure_set.h), shared
 * with the shard companions fit-joint-model and measure-files-model. */
#include "mc_host.h"
#include "mc_measure_files.h"
#include "mc_measure_params.h"
#include "mc_measure_set.h"
#include "mc_proc.h"
#include "mc_segment_run.h"

static const char *const PROC = MC_MEASURE_FILES_PROC;

#define V(field) offsetof (mc_measure_files_vals, field)

static const char HELP[]
  = "Segments the lesion of every image matching the glob pattern (or listed in the text file "
    "LIST when pattern is @LIST, one path a line: a shard of a larger set), as "
    "plug-in-medclust-segment does, and writes a CSV with a header and exactly one row per "
    "matched path, sorted by file name: file, width, height, area_pixels, area_percent, "
    "area_mm2, perimeter_pixels, diameter_pixels, status (\"ok\", or \"error: ...\" with -1 "
    "in the numbers: a dangling link, an unreadable file, a damaged one -- \"error: damaged "
    "\u2014 \" and what the JPEG or PNG decoder reported -- which also takes no part in a "
    "joint fit), warnings (the segmentation's warnings in words, as segment's warnings return; "
    "\"\" when there are none). The file column holds the file name, or the full path when two "
    "matched files share a name. With joint = 1 the colour model is fitted once on a sample "
    "pooled from all images (bounded: at most 12 Mi points whatever their number), as the "
    "course does, so the areas compare across images. chart-path, when not empty, gets a PNG "
    "chart of the area per image (in mm\u00b2 when the pixel size is given): bars up to 40 "
    "files, beyond that the sorted areas with their quartiles; a chart that cannot be written "
    "is a warning (the last return), not a failure. Input files are never modified; an output "
    "path that is missing, not writable or one of the inputs, and a pattern that matches "
    "nothing, are refused before any work starts.";

static const char *const joints[]
  = { "No (each image alone)", "Yes (one colour model pooled from all images)", NULL };

static const mc_param params[] = {
  MC_MEASURE_PARAM_PATTERN (mc_measure_files_vals, "a glob matching at least one image file",
                            "Glob of the images to measure, e.g. \"/data/derm/*.jpg\" (* and ? "
                            "wildcards; any format GEGL reads)"),
  MC_MEASURE_PARAM_METHOD (mc_measure_files_vals),
  { "joint", MC_PARAM_INT, V (joint), 0, 0, 1, 1, NULL,
    "0 (each image alone) or 1 (one model pooled from all images)", "",
    "_Joint: one colour model for all images (areas compare across images)",
    "1 = fit the colour model once on a sample pooled from all images, as the course does, so "
    "areas compare across images; 0 = fit each image alone",
    joints, MC_PARAM_CHOICE },
  MC_MEASURE_PARAM_PIXEL_SIZE (
    mc_measure_files_vals,
    "Side of one pixel in millimetres, finite, 0..10; 0 = unknown (area_mm2 is then -1). A "
    "dermoscopy image has pixels of hundredths of a millimetre; above 10 mm (1 cm) a pixel is "
    "no dermoscopy image, and the bound keeps mm² finite"),
  MC_MEASURE_PARAM_CSV_PATH (mc_measure_files_vals),
  MC_MEASURE_PARAM_CHART_PATH (mc_measure_files_vals,
                               "A PNG bar chart of the area per image to write; \"\" = none"),
  MC_MEASURE_PARAM_SEED (mc_measure_files_vals, "Seed of every random choice"),
};

static const mc_ret rets[] = {
  { "num-files", MC_RET_INT, "Files matched and reported" },
  { "num-failed", MC_RET_INT, "Files that could not be read or measured" },
  { "num-areas", MC_RET_INT, "Length of areas (= num-files)" },
  { "areas", MC_RET_FLOAT_ARRAY, "Lesion area in pixels per file, in the CSV's order; -1 for a "
                                 "failed file" },
  { "warnings", MC_RET_STRING, "What went wrong without failing the call, e.g. a chart that "
                               "could not be written (the CSV and the areas stand); \"\" when "
                               "nothing did" },
};

static void
measure_files_run (const mc_call *call, mc_return *ret)
{
  const mc_measure_files_vals *v = call->vals;
  gchar **files;
  gint n;
  if (!mc_measure_files_check (ret, PROC, v->pattern, "csv-path", v->csv_path, v->chart_path,
                               &files, &n))
    {
      g_strfreev (files);
      return;
    }
  mc_measure_set *set = mc_measure_set_new (files, n);
  mc_measure_options o = { v->method, v->pixel_size_mm, v->seed };
  if (!v->joint)
    mc_measure_set_separately (set, &o, 0.0, 1.0);
  else
    {
      mc_segment_model model;
      if (mc_measure_set_fit (set, &o, TRUE, &model, 0.0, 0.5))
        mc_measure_set_with_model (set, &o, &model, 0.5, 1.0);
    }
  mc_measure_files_finish (ret, PROC, set, &o, v->joint ? "joint colour model" : "each image alone",
                           v->csv_path, v->chart_path);
  mc_measure_set_free (set);
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
