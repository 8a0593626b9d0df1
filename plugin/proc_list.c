/* proc_list.c: every procedure of the plug-in, in the order both hosts register them. Adding a
 * procedure: a proc_*.c file with its mc_proc_def table, a line here, and its file in
 * plugin/meson.build. */
#include "mc_proc.h"

#include <string.h>

const mc_proc_def *const mc_procedures[] = {
  &mc_proc_quantize,      &mc_proc_segment, &mc_proc_measure_files, &mc_proc_augment,
  &mc_proc_augment_files, &mc_proc_scatter, &mc_proc_elbow, &mc_proc_chart_csv,
  &mc_proc_fit_joint_model, &mc_proc_measure_files_model,
};

const gint mc_n_procedures = G_N_ELEMENTS (mc_procedures);

const mc_proc_def *
mc_proc_find (const char *name)
{
  for (gint i = 0; i < mc_n_procedures; i++)
    if (strcmp (mc_procedures[i]->name, name) == 0)
      return mc_procedures[i];
  return NULL;
}
