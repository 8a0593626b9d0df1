/* main.c: the GIMP 3 front end (libgimp-3.0). A GimpPlugIn that registers every procedure of
 * plugin/proc_list.c from its table as a plain GimpProcedure with the contract's arguments
 * (run-mode, image and a single drawable for image procedures, then the table's parameters, with
 * wide ranges so that the glue words range errors itself) and returns (each num- count before
 * its array, so Script-Fu sees GIMP 2.10's positions). A run reads the GimpProcedureConfig into
 * the procedure's values record, opens the GTK3 dialog when interactive, runs the shared
 * orchestration (plugin/run.c) and turns the mc_return into a GimpValueArray. Last values are
 * libgimp's own business. It translates; it decides nothing. */
#include <gtk/gtk.h>
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>
#include <string.h>

#include "mc_gtk3.h"
#include "mc_pixels.h"
#include "mc_proc.h"

#define MEDCLUST_TYPE (medclust_get_type ())
G_DECLARE_FINAL_TYPE (Medclust, medclust, MEDCLUST, PLUG_IN, GimpPlugIn)

struct _Medclust
{
  GimpPlugIn parent_instance;
};

G_DEFINE_TYPE (Medclust, medclust, GIMP_TYPE_PLUG_IN)

G_DEFINE_QUARK (medclust-error-quark, medclust_error)

/* Registration. */

/* The dialog label of a parameter without its trailing colon (GimpProcedureDialog adds none). */
static gchar *
param_nick (const mc_param *p)
{
  gchar *nick = g_strdup (p->label ? p->label : p->name);
  g_strchomp (nick);
  gsize n = strlen (nick);
  if (n > 1 && nick[n - 1] == ':')
    nick[n - 1] = '\0';
  return nick;
}

static void
add_param (GimpProcedure *proc, const mc_param *p)
{
  gchar *nick = param_nick (p);
  switch (p->type)
    {
    case MC_PARAM_INT:
      gimp_procedure_add_int_argument (proc, p->name, nick, p->blurb, G_MININT32, G_MAXINT32,
                                       (gint) p->def, G_PARAM_READWRITE);
      break;
    case MC_PARAM_FLOAT:
      gimp_procedure_add_double_argument (proc, p->name, nick, p->blurb, -G_MAXDOUBLE,
                                          G_MAXDOUBLE, p->def, G_PARAM_READWRITE);
      break;
    case MC_PARAM_STRING:
      gimp_procedure_add_string_argument (proc, p->name, nick, p->blurb, p->def_str,
                                          G_PARAM_READWRITE);
      break;
    }
  g_free (nick);
}

static void
add_return (GimpProcedure *proc, const mc_ret *r)
{
  const gchar *n = r->name, *b = r->blurb;
  switch (r->type)
    {
    case MC_RET_INT:
      gimp_procedure_add_int_return_value (proc, n, n, b, G_MININT32, G_MAXINT32, 0,
                                           G_PARAM_READWRITE);
      break;
    case MC_RET_FLOAT:
      gimp_procedure_add_double_return_value (proc, n, n, b, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                                              G_PARAM_READWRITE);
      break;
    case MC_RET_STRING:
      gimp_procedure_add_string_return_value (proc, n, n, b, NULL, G_PARAM_READWRITE);
      break;
    case MC_RET_LAYER:
      gimp_procedure_add_layer_return_value (proc, n, n, b, TRUE, G_PARAM_READWRITE);
      break;
    case MC_RET_CHANNEL:
      gimp_procedure_add_channel_return_value (proc, n, n, b, TRUE, G_PARAM_READWRITE);
      break;
    case MC_RET_IMAGE:
      gimp_procedure_add_image_return_value (proc, n, n, b, TRUE, G_PARAM_READWRITE);
      break;
    case MC_RET_FLOAT_ARRAY:
      gimp_procedure_add_double_array_return_value (proc, n, n, b, G_PARAM_READWRITE);
      break;
    case MC_RET_INT_ARRAY:
      gimp_procedure_add_int32_array_return_value (proc, n, n, b, G_PARAM_READWRITE);
      break;
    }
}

/* run-mode, and image and drawable for an image procedure. The image and drawable may be NULL
 * so that the glue words the error (mc_run_check_target). */
static void
add_target_args (GimpProcedure *proc, const mc_proc_def *def)
{
  gimp_procedure_add_enum_argument (proc, "run-mode", "Run mode", "The run mode",
                                    GIMP_TYPE_RUN_MODE, GIMP_RUN_NONINTERACTIVE,
                                    G_PARAM_READWRITE);
  if (def->kind != MC_PROC_IMAGE)
    return;
  gimp_procedure_add_image_argument (proc, "image", "Image", "Input image", TRUE,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_drawable_argument (proc, "drawable", "Drawable",
                                        "Input layer (RGB or grayscale, any precision)", TRUE,
                                        G_PARAM_READWRITE);
}

static void
set_menu_and_docs (GimpProcedure *proc, const mc_proc_def *def)
{
  if (def->kind == MC_PROC_IMAGE)
    {
      gimp_procedure_set_image_types (proc, "RGB*, GRAY*");
      gimp_procedure_set_sensitivity_mask (proc, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
    }
  else
    gimp_procedure_set_sensitivity_mask (proc, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  gimp_procedure_set_menu_label (proc, def->menu_label);
  gimp_procedure_add_menu_path (proc, def->menu_path);
  gimp_procedure_set_documentation (proc, def->blurb, def->help, def->name);
  gimp_procedure_set_attribution (proc, MC_AUTHOR, MC_COPYRIGHT, MC_DATE);
}

/* Running. */

/* Reads the table's parameters from config into vals (defaults first). FALSE with an error in
 * ret when a text does not fit its field. */
static gboolean
read_config (const mc_proc_def *def, GimpProcedureConfig *config, void *vals, mc_return *ret)
{
  mc_vals_default (def, vals);
  for (gint i = 0; i < def->n_params; i++)
    {
      const mc_param *p = &def->params[i];
      gint iv = 0;
      gdouble dv = 0.0;
      gchar *sv = NULL;
      gboolean fits = TRUE;
      switch (p->type)
        {
        case MC_PARAM_INT:
          g_object_get (config, p->name, &iv, NULL);
          mc_vals_set_int (p, vals, iv);
          break;
        case MC_PARAM_FLOAT:
          g_object_get (config, p->name, &dv, NULL);
          mc_vals_set_float (p, vals, dv);
          break;
        case MC_PARAM_STRING:
          g_object_get (config, p->name, &sv, NULL);
          fits = mc_vals_take_string (def, p, vals, sv ? sv : "", ret);
          g_free (sv);
          break;
        }
      if (!fits)
        return FALSE;
    }
  return TRUE;
}

static gboolean
have_display (void)
{
  static gint have = -1;
  if (have < 0)
    {
      have = gtk_init_check (NULL, NULL) ? 1 : 0;
      if (have)
        gimp_ui_init ("medclust");
    }
  return have == 1;
}

/* The dialog when interactive (re-reading the config after OK), the values as given otherwise.
 * FALSE with an error or CANCEL in ret. */
static gboolean
interact (GimpProcedure *procedure, GimpProcedureConfig *config, const mc_call *call,
          mc_return *ret)
{
  const mc_proc_def *def = call->def;
  if (call->mode != MC_RUN_INTERACTIVE)
    return TRUE;
  if (!have_display ())
    {
      g_message ("%s: no display; running with the values given, without the dialog", def->name);
      return TRUE;
    }
  if (!mc_gtk3_dialog (procedure, config, def, call->image, call->drawable))
    {
      mc_return_clear (ret);
      ret->status = MC_PDB_CANCEL;
      return FALSE;
    }
  return read_config (def, config, call->vals, ret);
}

static gint32
image_arg (GimpProcedureConfig *config)
{
  GimpImage *image = NULL;
  g_object_get (config, "image", &image, NULL);
  gint32 id = image ? gimp_image_get_id (image) : -1;
  g_clear_object (&image);
  return id;
}

static gint32
drawable_arg (GimpProcedureConfig *config)
{
  GimpDrawable *drawable = NULL;
  g_object_get (config, "drawable", &drawable, NULL);
  gint32 id = drawable ? gimp_item_get_id (GIMP_ITEM (drawable)) : -1;
  g_clear_object (&drawable);
  return id;
}

static void
run_proc (GimpProcedure *procedure, GimpProcedureConfig *config, const mc_proc_def *def,
          mc_return *ret)
{
  GimpRunMode mode = GIMP_RUN_NONINTERACTIVE;
  g_object_get (config, "run-mode", &mode, NULL);
  mc_call call = { def, (mc_run_mode) mode, -1, -1, NULL };
  if (def->kind == MC_PROC_IMAGE)
    {
      call.image = image_arg (config);
      call.drawable = drawable_arg (config);
    }
  if (!mc_run_check_target (def, call.image, call.drawable, ret))
    return;
  call.vals = g_malloc0 (def->vals_size);
  if (read_config (def, config, call.vals, ret) && interact (procedure, config, &call, ret))
    mc_run_call (&call, ret);
  g_free (call.vals);
}

/* Return values. */

static GimpPDBStatusType
pdb_status (mc_pdb_status status)
{
  static const GimpPDBStatusType map[] = {
    [MC_PDB_EXECUTION_ERROR] = GIMP_PDB_EXECUTION_ERROR,
    [MC_PDB_CALLING_ERROR] = GIMP_PDB_CALLING_ERROR,
    [MC_PDB_PASS_THROUGH] = GIMP_PDB_PASS_THROUGH,
    [MC_PDB_SUCCESS] = GIMP_PDB_SUCCESS,
    [MC_PDB_CANCEL] = GIMP_PDB_CANCEL,
  };
  return map[status];
}

/* The item of an ID when it is of the given type; NULL otherwise (a "none" return). */
static gpointer
item_or_null (gint32 id, GType type)
{
  if (id <= 0 || !gimp_item_id_is_valid (id))
    return NULL;
  GimpItem *item = gimp_item_get_by_id (id);
  return G_TYPE_CHECK_INSTANCE_TYPE (item, type) ? item : NULL;
}

static GimpImage *
image_or_null (gint32 id)
{
  return id > 0 && gimp_image_id_is_valid (id) ? gimp_image_get_by_id (id) : NULL;
}

static void
set_value (GimpValueArray *out, gint n, const mc_value *v)
{
  switch (v->type)
    {
    case MC_RET_INT:
      GIMP_VALUES_SET_INT (out, n, v->i);
      break;
    case MC_RET_FLOAT:
      GIMP_VALUES_SET_DOUBLE (out, n, v->d);
      break;
    case MC_RET_STRING:
      GIMP_VALUES_SET_STRING (out, n, v->s);
      break;
    case MC_RET_LAYER:
      GIMP_VALUES_SET_LAYER (out, n, item_or_null (v->i, GIMP_TYPE_LAYER));
      break;
    case MC_RET_CHANNEL:
      GIMP_VALUES_SET_CHANNEL (out, n, item_or_null (v->i, GIMP_TYPE_CHANNEL));
      break;
    case MC_RET_IMAGE:
      GIMP_VALUES_SET_IMAGE (out, n, image_or_null (v->i));
      break;
    case MC_RET_FLOAT_ARRAY:
      GIMP_VALUES_SET_DOUBLE_ARRAY (out, n, v->da, (gsize) v->n);
      break;
    case MC_RET_INT_ARRAY:
      GIMP_VALUES_SET_INT32_ARRAY (out, n, v->ia, (gsize) v->n);
      break;
    }
}

static GimpValueArray *
to_values (GimpProcedure *procedure, const mc_proc_def *def, const mc_return *ret)
{
  if (ret->status != MC_PDB_SUCCESS)
    {
      GError *error = NULL;
      if (ret->error)
        error = g_error_new_literal (medclust_error_quark (), 0, ret->error);
      return gimp_procedure_new_return_values (procedure, pdb_status (ret->status), error);
    }
  GimpValueArray *out = gimp_procedure_new_return_values (procedure, GIMP_PDB_SUCCESS, NULL);
  for (gint i = 0; i < ret->n && i < def->n_rets; i++)
    {
      if (ret->values[i].type != def->rets[i].type)
        {
          g_warning ("%s: return %s has the wrong type", def->name, def->rets[i].name);
          continue;
        }
      set_value (out, 1 + i, &ret->values[i]);
    }
  return out;
}

static GimpValueArray *
medclust_run (GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  const mc_proc_def *def = run_data;
  mc_return ret;
  mc_return_init (&ret);
  mc_gegl_ensure ();
  run_proc (procedure, config, def, &ret);
  GimpValueArray *out = to_values (procedure, def, &ret);
  mc_return_clear (&ret);
  return out;
}

/* The plug-in class. */

static GList *
medclust_query_procedures (GimpPlugIn *plug_in)
{
  (void) plug_in;
  GList *names = NULL;
  for (gint i = 0; i < mc_n_procedures; i++)
    names = g_list_append (names, g_strdup (mc_procedures[i]->name));
  return names;
}

static GimpProcedure *
medclust_create_procedure (GimpPlugIn *plug_in, const gchar *name)
{
  const mc_proc_def *def = mc_proc_find (name);
  if (!def)
    return NULL;
  GimpProcedure *proc = gimp_procedure_new (plug_in, name, GIMP_PDB_PROC_TYPE_PLUGIN,
                                            medclust_run, (gpointer) def, NULL);
  add_target_args (proc, def);
  for (gint i = 0; i < def->n_params; i++)
    add_param (proc, &def->params[i]);
  for (gint i = 0; i < def->n_rets; i++)
    add_return (proc, &def->rets[i]);
  set_menu_and_docs (proc, def);
  return proc;
}

/* No translations: without this, every query and run prints "Localization disabled" lines. */
static gboolean
medclust_set_i18n (GimpPlugIn *plug_in, const gchar *procedure_name, gchar **gettext_domain,
                   gchar **catalog_dir)
{
  (void) plug_in;
  (void) procedure_name;
  (void) gettext_domain;
  (void) catalog_dir;
  return FALSE;
}

static void
medclust_class_init (MedclustClass *klass)
{
  GimpPlugInClass *plug_in_class = GIMP_PLUG_IN_CLASS (klass);
  plug_in_class->query_procedures = medclust_query_procedures;
  plug_in_class->create_procedure = medclust_create_procedure;
  plug_in_class->set_i18n = medclust_set_i18n;
}

static void
medclust_init (Medclust *self)
{
  (void) self;
}

/* GIMP_MAIN (MEDCLUST_TYPE) with the process set up for GEGL first (see mc_gegl_prepare). */
int
main (int argc, char *argv[])
{
  mc_gegl_prepare ();
  return gimp_main (MEDCLUST_TYPE, argc, argv);
}
