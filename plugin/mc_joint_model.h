/* mc_joint_model.h: the joint colour model of measure-files saved to a small text file, so that
 * shards of a set measured in other processes or on other machines use the one model fitted on
 * the whole set (plug-in-medclust-fit-joint-model writes it, plug-in-medclust-measure-files-model
 * reads it). The file:
 *
 *   # medclust joint colour model
 *   format 1
 *   method 0
 *   centres R G B R G B        (method 0: darker first, R'G'B' in [0, 1], 9 significant digits)
 *   threshold T                (method 1: 17 significant digits)
 *
 * The numbers are written so that reading them gives the very same floats and doubles back. */
#ifndef MC_JOINT_MODEL_H
#define MC_JOINT_MODEL_H

#include <glib.h>

#include "mc_segment.h"

/* FALSE with "<param> = \"<path>\": <why>" in *error when it cannot be written. */
gboolean mc_joint_model_save (const char *param, const char *path, const mc_segment_model *model,
                              const char *source, gchar **error);
/* FALSE with "<param> = \"<path>\": <why>; accepted: ..." when the file cannot be read or is
 * not a model of this format (each line checked; the numbers must be finite). */
gboolean mc_joint_model_load (const char *param, const char *path, mc_segment_model *model,
                              gchar **error);

#endif
