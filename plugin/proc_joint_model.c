/* proc_joint_model.c: the two procedures that let the shards of a set share measure-files' joint
 * colour model across processes and machines (examples/measure-parallel.sh):
 *
 * - plug-in-medclust-fit-joint-model, "Fit a Joint Colour Model to Files…": pass 1 of
 *   measure-files' joint mode over every file (the same bounded sample, each file by its place
 *   in the sorted list), the model saved to a small text file (mc_joint_model.h);
 * - plug-in-medclust-measure-files-model, "Measure Lesion Areas with a Saved Model…": pass 2
 *   over any subset of the files (a shard, @LIST), with that model: the rows are exactly those
 *   one joint measure-files call over the whole set writes for them. */
#include "mc_joint_model.h"
#include "mc_measure_files.h"
#include "mc_measure_params.h"
#include "mc_measure_set.h"
#include "mc_proc.h"
#include "mc_segment_run.h"

#include <string.h>

typedef struct
{
  gchar pattern[MC_MEASURE_FILES_PATH_MAX];
  gint32 method;
  gint32 seed;
  gchar model_path[MC_MEASURE_FILES_PATH_MAX];
} fit_vals;

typedef struct
{
  gchar pattern[MC_MEASURE_FILES_PATH_MAX];
  gchar model_path[MC_MEASURE_FILES_PATH_MAX];
  gdouble pixel_size_mm;
  gchar csv_path[MC_MEASURE_FILES_PATH_MAX];
  gchar chart_path[MC_MEASURE_FILES_PATH_MAX];
} with_model_vals;

#define FV(field) offsetof (fit_vals, field)
#define FSIZE(field) sizeof (((fit_vals *) NULL)->field)
#define MV(field) offsetof (with_model_vals, field)
#define MSIZE(field) sizeof (((with_model_vals *) NULL)->field)

#define PATTERN_ACCEPTED "a glob or @LIST matching at least one image file"
#define PATTERN_BLURB                                                                              \
  "Glob of the images, e.g. \"/data/derm/*.jpg\", or @LIST: a text file of paths, one a line"

/* ---- plug-in-medclust-fit-joint-model ------------------------------------------------------ */

static const mc_param fit_params[] = {
  MC_MEASURE_PARAM_PATTERN (fit_vals, PATTERN_ACCEPTED, PATTERN_BLURB),
  MC_MEASURE_PARAM_METHOD (fit_vals),
  MC_MEASURE_PARAM_SEED (fit_vals, "Seed of every random choice (the pooled sample, the fit)"),
  { "model-path", MC_PARAM_STRING, FV (model_path), FSIZE (model_path), 0, 0, 0, "",
    "a writable file path", "", "_Model file:",
    "The text file to write the model to (its folder must exist)", NULL,
    MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
};

static const mc_ret fit_rets[] = {
  { "num-files", MC_RET_INT, "Files matched" },
  { "num-failed", MC_RET_INT, "Files that could not be read (damaged, unreadable): not pooled" },
};

static void
fit_run (const mc_call *call, mc_return *ret)
{
  const fit_vals *v = call->vals;
  const char *proc = call->def->name;
  gchar **files;
  gint n;
  if (!mc_measure_files_check (ret, proc, v->pattern, "model-path", v->model_path, NULL, &files,
                               &n))
    {
      g_strfreev (files);
      return;
    }
  mc_measure_set *set = mc_measure_set_new (files, n);
  mc_measure_options o = { v->method, 0.0, v->seed };
  mc_segment_model model;
  gchar *why = NULL;
  gboolean fitted = mc_measure_set_fit (set, &o, FALSE, &model, 0.0, 1.0);
  gint failed = mc_measure_set_failed (set);
  gchar *source = g_strdup_printf ("%d files of %s, seed %d", n - failed, v->pattern, v->seed);
  if (!fitted)
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR,
                     "%s: no joint colour model could be fitted: none of the %d files could be "
                     "read and sampled",
                     proc, n);
  else if (!mc_joint_model_save ("model-path", v->model_path, &model, source, &why))
    mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", proc, why);
  else
    {
      mc_return_int (ret, n);
      mc_return_int (ret, failed);
    }
  g_free (source);
  g_free (why);
  mc_measure_set_free (set);
  g_strfreev (files);
}

const mc_proc_def mc_proc_fit_joint_model = {
  .name = "plug-in-medclust-fit-joint-model",
  .menu_label = "Fit a _Joint Colour Model to Files…",
  .menu_path = MC_MENU_BATCH,
  .blurb = "Fit measure-files' joint colour model on a set of files and save it, for shards",
  .help = "Pass 1 of plug-in-medclust-measure-files with joint = 1 over every file the pattern "
          "matches (or @LIST lists): the same bounded sample pooled from every readable file, "
          "the same fit, saved to model-path as a small text file (method 0: the two centres; "
          "method 1: the darkness threshold). plug-in-medclust-measure-files-model then measures "
          "any shard of the set with it, giving exactly the rows one joint measure-files call "
          "over the whole set gives. Damaged and unreadable files take no part.",
  .kind = MC_PROC_BATCH,
  .progress_text = "Fitting the joint colour model",
  .vals_size = sizeof (fit_vals),
  .params = fit_params,
  .n_params = G_N_ELEMENTS (fit_params),
  .rets = fit_rets,
  .n_rets = G_N_ELEMENTS (fit_rets),
  .check = NULL,
  .run = fit_run,
};

/* ---- plug-in-medclust-measure-files-model -------------------------------------------------- */

static const mc_param model_params[] = {
  MC_MEASURE_PARAM_PATTERN (with_model_vals, PATTERN_ACCEPTED, PATTERN_BLURB),
  { "model-path", MC_PARAM_STRING, MV (model_path), MSIZE (model_path), 0, 0, 0, "",
    "a model file written by plug-in-medclust-fit-joint-model", "", "_Model file:",
    "The joint colour model to measure with (its method is the model's)", NULL,
    MC_PARAM_PATH | MC_PARAM_NON_EMPTY },
  MC_MEASURE_PARAM_PIXEL_SIZE (with_model_vals,
                               "Side of one pixel in millimetres, 0..10; 0 = unknown"),
  MC_MEASURE_PARAM_CSV_PATH (with_model_vals),
  MC_MEASURE_PARAM_CHART_PATH (with_model_vals,
                               "A PNG chart of the area per image to write; \"\" = none"),
};

static const mc_ret model_rets[] = {
  { "num-files", MC_RET_INT, "Files matched and reported" },
  { "num-failed", MC_RET_INT, "Files that could not be read or measured" },
  { "num-areas", MC_RET_INT, "Length of areas (= num-files)" },
  { "areas", MC_RET_FLOAT_ARRAY, "Lesion area in pixels per file, in the CSV's order; -1 for a "
                                 "failed file" },
  { "warnings", MC_RET_STRING, "What went wrong without failing the call (a chart that could "
                               "not be written); \"\" when nothing did" },
};

static void
model_run (const mc_call *call, mc_return *ret)
{
  const with_model_vals *v = call->vals;
  const char *proc = call->def->name;
  mc_segment_model model;
  gchar *why = NULL, **files;
  gint n;
  if (!mc_joint_model_load ("model-path", v->model_path, &model, &why))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s", proc, why);
      g_free (why);
      return;
    }
  if (mc_measure_files_check (ret, proc, v->pattern, "csv-path", v->csv_path, v->chart_path,
                              &files, &n))
    {
      mc_measure_set *set = mc_measure_set_new (files, n);
      /* The seed plays no part once the model is fitted. */
      mc_measure_options o = { model.method, v->pixel_size_mm, 0 };
      mc_measure_set_with_model (set, &o, &model, 0.0, 1.0);
      mc_measure_files_finish (ret, proc, set, &o, "joint colour model from a file", v->csv_path,
                               v->chart_path);
      mc_measure_set_free (set);
    }
  g_strfreev (files);
}

const mc_proc_def mc_proc_measure_files_model = {
  .name = "plug-in-medclust-measure-files-model",
  .menu_label = "Measure Lesion Areas with a _Saved Model…",
  .menu_path = MC_MENU_BATCH,
  .blurb = "Measure the lesion areas of files with a joint colour model saved by "
           "fit-joint-model (a shard of a set)",
  .help = "Pass 2 of plug-in-medclust-measure-files with joint = 1, with the model that "
          "plug-in-medclust-fit-joint-model saved: every file the pattern matches (or @LIST "
          "lists) is segmented with it and measured into the CSV and chart of measure-files "
          "(same columns, same rows as one joint measure-files call over the whole set gives "
          "for these files). The method is the model's. Returns as measure-files.",
  .kind = MC_PROC_BATCH,
  .progress_text = "Measuring lesion areas",
  .vals_size = sizeof (with_model_vals),
  .params = model_params,
  .n_params = G_N_ELEMENTS (model_params),
  .rets = model_rets,
  .n_rets = G_N_ELEMENTS (model_rets),
  .check = NULL,
  .run = model_run,
};
