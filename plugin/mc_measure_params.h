/* mc_measure_params.h: the parameter entries (mc_proc.h) that plug-in-medclust-measure-files
 * shares with its shard companions fit-joint-model and measure-files-model (proc_joint_model.c),
 * each written once. A macro takes the procedure's values record type, whose field has the
 * parameter's name (pattern, method, pixel_size_mm, csv_path, chart_path, seed), and the texts
 * in which the procedures differ. */
#ifndef MC_MEASURE_PARAMS_H
#define MC_MEASURE_PARAMS_H

#include "mc_proc.h"
#include "mc_segment_run.h"

#define MC_MEASURE_FIELD(type, field) offsetof (type, field)
#define MC_MEASURE_FIELD_SIZE(type, field) sizeof (((type *) NULL)->field)

/* pattern: a glob (or @LIST) of the input images; accepted and blurb as the procedure says. */
#define MC_MEASURE_PARAM_PATTERN(type, accepted, blurb)                                           \
  { "pattern", MC_PARAM_STRING, MC_MEASURE_FIELD (type, pattern),                                 \
    MC_MEASURE_FIELD_SIZE (type, pattern), 0, 0, 0, "", accepted, "", "_Images (pattern):",       \
    blurb, NULL, MC_PARAM_PATH | MC_PARAM_NON_EMPTY }

/* method: the segmentation method, as plug-in-medclust-segment's. */
#define MC_MEASURE_PARAM_METHOD(type)                                                             \
  { "method", MC_PARAM_INT, MC_MEASURE_FIELD (type, method), 0, 0, 1, MC_SEGMENT_OURS, NULL,      \
    MC_SEGMENT_METHOD_ACCEPTED, "", "_Method:", MC_SEGMENT_METHOD_BLURB,                          \
    mc_segment_method_labels, MC_PARAM_CHOICE }

/* pixel-size-mm: 0..MC_PIXEL_SIZE_MAX_MM, 0 = unknown; blurb as the procedure says. */
#define MC_MEASURE_PARAM_PIXEL_SIZE(type, blurb)                                                  \
  { "pixel-size-mm", MC_PARAM_FLOAT, MC_MEASURE_FIELD (type, pixel_size_mm), 0, 0.0,              \
    MC_PIXEL_SIZE_MAX_MM, 0.0, NULL,                                                              \
    "a finite value, 0 <= value <= 10 (millimetres per pixel; 0 = unknown)", "mm",                \
    "_Pixel size (mm):", blurb, NULL, 0 }

/* csv-path: the CSV written, required. */
#define MC_MEASURE_PARAM_CSV_PATH(type)                                                           \
  { "csv-path", MC_PARAM_STRING, MC_MEASURE_FIELD (type, csv_path),                               \
    MC_MEASURE_FIELD_SIZE (type, csv_path), 0, 0, 0, "", "a writable file path", "",              \
    "_CSV file:", "The CSV file to write (its folder must exist)", NULL,                          \
    MC_PARAM_PATH | MC_PARAM_NON_EMPTY }

/* chart-path: the PNG chart written, "" for none; blurb as the procedure says. */
#define MC_MEASURE_PARAM_CHART_PATH(type, blurb)                                                  \
  { "chart-path", MC_PARAM_STRING, MC_MEASURE_FIELD (type, chart_path),                           \
    MC_MEASURE_FIELD_SIZE (type, chart_path), 0, 0, 0, "",                                        \
    "a writable file path, or \"\" for no chart", "", "C_hart (PNG):", blurb, NULL,               \
    MC_PARAM_PATH }

/* seed: any integer; blurb as the procedure says. */
#define MC_MEASURE_PARAM_SEED(type, blurb)                                                        \
  { "seed", MC_PARAM_INT, MC_MEASURE_FIELD (type, seed), 0, G_MININT32, G_MAXINT32, 0, NULL,      \
    "any integer", "", "S_eed:", blurb, NULL, MC_PARAM_SEED }

#endif
