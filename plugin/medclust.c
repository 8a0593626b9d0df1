/* medclust.c: the plug-in's entry point. Registers every medclust procedure with GIMP's
 * procedural database and dispatches each call to its procedure. */
#include "mc_plugin.h"
#include "mc_pixels.h"

#include <string.h>

static const mc_procedure *const procedures[] = {
  &mc_proc_quantize,
#ifdef HAVE_PROC_SEGMENT
  &mc_proc_segment,
#endif
#ifdef HAVE_PROC_MEASURE_FILES
  &mc_proc_measure_files,
#endif
#ifdef HAVE_PROC_AUGMENT
  &mc_proc_augment,
#endif
#ifdef HAVE_PROC_AUGMENT_FILES
  &mc_proc_augment_files,
#endif
#ifdef HAVE_PROC_SCATTER
  &mc_proc_scatter,
#endif
#ifdef HAVE_PROC_ELBOW
  &mc_proc_elbow,
#endif
};

static void
query (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (procedures); i++)
    procedures[i]->query ();
}

static void
run (const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
     GimpParam **return_vals)
{
  static mc_return ret;
  mc_return_init (&ret);
  mc_gegl_ensure ();
  gboolean found = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (procedures); i++)
    if (strcmp (name, procedures[i]->name) == 0)
      {
        procedures[i]->run (nparams, param, &ret);
        found = TRUE;
      }
  if (!found)
    mc_return_error (&ret, GIMP_PDB_CALLING_ERROR, "medclust: unknown procedure %s", name);
  *nreturn_vals = ret.n;
  *return_vals = ret.values;
}

const GimpPlugInInfo PLUG_IN_INFO = { NULL, NULL, query, run };

MAIN ()
