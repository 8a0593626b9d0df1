/* main.c: the GIMP 2.10 front end. Registers every procedure of plugin/proc_list.c from its
 * table, reads a call's GimpParams into the procedure's values record, keeps the last values
 * (gimp_set_data), opens the GTK2 dialog when interactive, runs the shared orchestration and
 * turns the mc_return into GimpParams. It translates; it decides nothing. */
#include <gtk/gtk.h>
#include <libgimp/gimp.h>
#include <string.h>

#include "mc_gtk2.h"
#include "mc_pixels.h"
#include "mc_proc.h"

static GimpPDBArgType
param_type (const mc_param *p)
{
  switch (p->type)
    {
    case MC_PARAM_INT:
      return GIMP_PDB_INT32;
    case MC_PARAM_FLOAT:
      return GIMP_PDB_FLOAT;
    case MC_PARAM_STRING:
      return GIMP_PDB_STRING;
    }
  return GIMP_PDB_INT32;
}

static GimpPDBArgType
ret_type (const mc_ret *r)
{
  static const GimpPDBArgType types[] = {
    [MC_RET_INT] = GIMP_PDB_INT32,
    [MC_RET_FLOAT] = GIMP_PDB_FLOAT,
    [MC_RET_STRING] = GIMP_PDB_STRING,
    [MC_RET_LAYER] = GIMP_PDB_LAYER,
    [MC_RET_CHANNEL] = GIMP_PDB_CHANNEL,
    [MC_RET_IMAGE] = GIMP_PDB_IMAGE,
    [MC_RET_FLOAT_ARRAY] = GIMP_PDB_FLOATARRAY,
    [MC_RET_INT_ARRAY] = GIMP_PDB_INT32ARRAY,
  };
  return types[r->type];
}

static void
register_proc (const mc_proc_def *def)
{
  GimpParamDef args[3 + MC_MAX_PARAMS], rets[MC_MAX_RETURNS];
  gint n = 0;
  args[n++] = (GimpParamDef){ GIMP_PDB_INT32, "run-mode",
                              "The run mode { RUN-INTERACTIVE (0), RUN-NONINTERACTIVE (1), "
                              "RUN-WITH-LAST-VALS (2) }" };
  if (def->kind == MC_PROC_IMAGE)
    {
      args[n++] = (GimpParamDef){ GIMP_PDB_IMAGE, "image", "Input image" };
      args[n++] = (GimpParamDef){ GIMP_PDB_DRAWABLE, "drawable",
                                  "Input layer (RGB or grayscale, any precision)" };
    }
  for (gint i = 0; i < def->n_params; i++)
    args[n++] = (GimpParamDef){ param_type (&def->params[i]), (gchar *)def->params[i].name,
                                (gchar *)def->params[i].blurb };
  for (gint i = 0; i < def->n_rets; i++)
    rets[i] = (GimpParamDef){ ret_type (&def->rets[i]), (gchar *)def->rets[i].name,
                              (gchar *)def->rets[i].blurb };
  gimp_install_procedure (def->name, def->blurb, def->help, MC_AUTHOR, MC_COPYRIGHT, MC_DATE,
                          def->menu_label, def->kind == MC_PROC_IMAGE ? "RGB*, GRAY*" : NULL,
                          GIMP_PLUGIN, n, def->n_rets, args, rets);
  gimp_plugin_menu_register (def->name, def->menu_path);
}

static void
query (void)
{
  for (gint i = 0; i < mc_n_procedures; i++)
    register_proc (mc_procedures[i]);
}

/* Reads the table's parameters from param[first..] into vals. */
static gboolean
read_params (const mc_proc_def *def, const GimpParam *param, gint first, void *vals, mc_return *ret)
{
  for (gint i = 0; i < def->n_params; i++)
    {
      const mc_param *p = &def->params[i];
      const GimpParam *g = &param[first + i];
      if (p->type == MC_PARAM_INT)
        mc_vals_set_int (p, vals, g->data.d_int32);
      else if (p->type == MC_PARAM_FLOAT)
        mc_vals_set_float (p, vals, g->data.d_float);
      else if (!mc_vals_take_string (def, p, vals, g->data.d_string ? g->data.d_string : "",
                                     ret))
        return FALSE;
    }
  return TRUE;
}

static gboolean
have_display (void)
{
  static gint have = -1;
  if (have < 0)
    have = gtk_init_check (NULL, NULL) ? 1 : 0;
  return have == 1;
}

static gboolean
load_last_values (const mc_proc_def *def, void *vals)
{
  if (gimp_get_data_size (def->name) != (gint)def->vals_size)
    return FALSE; /* none yet, or a record of an older version */
  return gimp_get_data (def->name, vals);
}

/* Fills vals for this call from the arguments, the last values or the dialog. FALSE with an
 * error in ret, or with status CANCEL when the user cancelled. */
static gboolean
get_vals (const mc_proc_def *def, mc_run_mode mode, gint nparams, const GimpParam *param,
          gint32 image, gint32 drawable, void *vals, mc_return *ret)
{
  gint n_args = mc_proc_n_args (def), first = n_args - def->n_params;
  mc_vals_default (def, vals);
  if (mode == MC_RUN_NONINTERACTIVE || (mode == MC_RUN_INTERACTIVE && !have_display ()))
    {
      if (mode == MC_RUN_INTERACTIVE)
        g_message ("%s: no display; running with the values given, without the dialog", def->name);
      if (nparams >= n_args)
        return read_params (def, param, first, vals, ret);
      return TRUE;
    }
  /* The last run's values; before any run, the dialog starts from the values given. */
  if (!load_last_values (def, vals) && mode == MC_RUN_INTERACTIVE && nparams >= n_args
      && !read_params (def, param, first, vals, ret))
    return FALSE;
  if (mode == MC_RUN_WITH_LAST_VALS)
    return TRUE;
  if (!mc_gtk2_dialog (def, image, drawable, vals))
    {
      ret->status = MC_PDB_CANCEL;
      return FALSE;
    }
  return TRUE;
}

/* Storage for the GimpParams of the last call: GIMP reads them after run() returns. */
static GimpParam values[1 + MC_MAX_RETURNS];
static mc_return last_ret;

/* GIMP 2.10 pads an error return shorter than the procedure's return list with default values
 * and sends an array with the count it reads from the value before it: when the second return
 * is an array, that count would be the error message and Script-Fu crashes. One plain value
 * after the message keeps the count out of it. */
static gint
error_padding (const mc_proc_def *def)
{
  if (!def || def->n_rets < 2)
    return 0;
  mc_ret_type t = def->rets[1].type;
  return t == MC_RET_FLOAT_ARRAY || t == MC_RET_INT_ARRAY;
}

static gint
to_params (const mc_proc_def *def, mc_return *ret)
{
  static const GimpPDBStatusType status[] = {
    [MC_PDB_EXECUTION_ERROR] = GIMP_PDB_EXECUTION_ERROR,
    [MC_PDB_CALLING_ERROR] = GIMP_PDB_CALLING_ERROR,
    [MC_PDB_PASS_THROUGH] = GIMP_PDB_PASS_THROUGH,
    [MC_PDB_SUCCESS] = GIMP_PDB_SUCCESS,
    [MC_PDB_CANCEL] = GIMP_PDB_CANCEL,
  };
  values[0].type = GIMP_PDB_STATUS;
  values[0].data.d_status = status[ret->status];
  if (ret->status != MC_PDB_SUCCESS)
    {
      if (!ret->error)
        return 1;
      values[1].type = GIMP_PDB_STRING;
      values[1].data.d_string = ret->error;
      if (!error_padding (def))
        return 2;
      values[2].type = GIMP_PDB_INT32;
      values[2].data.d_int32 = 0;
      return 3;
    }
  for (gint i = 0; i < ret->n; i++)
    {
      const mc_value *v = &ret->values[i];
      GimpParam *p = &values[1 + i];
      mc_ret r = { NULL, v->type, NULL };
      p->type = ret_type (&r);
      switch (v->type)
        {
        case MC_RET_INT:
          p->data.d_int32 = v->i;
          break;
        case MC_RET_FLOAT:
          p->data.d_float = v->d;
          break;
        case MC_RET_STRING:
          p->data.d_string = v->s;
          break;
        case MC_RET_LAYER:
          p->data.d_layer = v->i;
          break;
        case MC_RET_CHANNEL:
          p->data.d_channel = v->i;
          break;
        case MC_RET_IMAGE:
          p->data.d_image = v->i;
          break;
        case MC_RET_FLOAT_ARRAY:
          p->data.d_floatarray = v->da;
          break;
        case MC_RET_INT_ARRAY:
          p->data.d_int32array = v->ia;
          break;
        }
    }
  return 1 + ret->n;
}

static void
run_proc (const mc_proc_def *def, gint nparams, const GimpParam *param, mc_return *ret)
{
  gint n_args = mc_proc_n_args (def), first = n_args - def->n_params;
  if (nparams < first)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: called with %d parameters; it takes %d",
                       def->name, nparams, n_args);
      return;
    }
  mc_run_mode mode = (mc_run_mode)param[0].data.d_int32;
  if (mode == MC_RUN_NONINTERACTIVE && nparams != n_args)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: called with %d parameters; it takes %d",
                       def->name, nparams, n_args);
      return;
    }
  gint32 image = first == 3 ? param[1].data.d_image : -1;
  gint32 drawable = first == 3 ? param[2].data.d_drawable : -1;
  if (!mc_run_check_target (def, image, drawable, ret))
    return;
  void *vals = g_malloc0 (def->vals_size);
  if (get_vals (def, mode, nparams, param, image, drawable, vals, ret))
    {
      mc_call call = { def, mode, image, drawable, vals };
      mc_run_call (&call, ret);
      if (ret->status == MC_PDB_SUCCESS)
        gimp_set_data (def->name, vals, def->vals_size);
    }
  g_free (vals);
}

static void
run (const gchar *name, gint nparams, const GimpParam *param, gint *nreturn_vals,
     GimpParam **return_vals)
{
  mc_return_clear (&last_ret);
  mc_return_init (&last_ret);
  mc_gegl_ensure ();
  const mc_proc_def *def = mc_proc_find (name);
  if (def)
    run_proc (def, nparams, param, &last_ret);
  else
    mc_return_error (&last_ret, MC_PDB_CALLING_ERROR, "medclust: unknown procedure %s", name);
  *nreturn_vals = to_params (def, &last_ret);
  *return_vals = values;
}

const GimpPlugInInfo PLUG_IN_INFO = { NULL, NULL, query, run };

/* MAIN () with the process set up for GEGL first (see mc_gegl_prepare). */
int
main (int argc, char *argv[])
{
  mc_gegl_prepare ();
  return gimp_main (&PLUG_IN_INFO, argc, argv);
}
