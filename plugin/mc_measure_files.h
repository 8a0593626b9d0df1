/* mc_measure_files.h: the parameters of plug-in-medclust-measure-files, shared by the procedure
 * and its dialog (and stored as the last values, hence the fixed-size strings). Their defaults
 * are in the procedure's table: mc_vals_default (&mc_proc_measure_files, vals). */
#ifndef MC_MEASURE_FILES_H
#define MC_MEASURE_FILES_H

#include <glib.h>

#define MC_MEASURE_FILES_PROC "plug-in-medclust-measure-files"
#define MC_MEASURE_FILES_PATH_MAX 4096

typedef struct
{
  gchar pattern[MC_MEASURE_FILES_PATH_MAX];    /* glob of the input images; no default */
  gint32 method;                               /* 0 = the course's, 1 = ours; default 1 */
  gint32 joint;                                /* 1 = one colour model pooled from all images,
                                                  0 = each image alone; default 1 */
  gdouble pixel_size_mm;                       /* >= 0, 0 = unknown; default 0 */
  gchar csv_path[MC_MEASURE_FILES_PATH_MAX];   /* the CSV written; required */
  gchar chart_path[MC_MEASURE_FILES_PATH_MAX]; /* the bar chart PNG; "" = none */
  gint32 seed;                                 /* default 0 */
} mc_measure_files_vals;

#endif
