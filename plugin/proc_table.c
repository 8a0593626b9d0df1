/* proc_table.c: the values record of a procedure read and written through its table, the range
 * checks worded from it, and the return values. Host-neutral. */
#include "mc_proc.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

static void *
field (const mc_param *p, void *vals)
{
  return (char *)vals + p->offset;
}

static const void *
cfield (const mc_param *p, const void *vals)
{
  return (const char *)vals + p->offset;
}

gint32
mc_vals_get_int (const mc_param *p, const void *vals)
{
  gint32 v;
  memcpy (&v, cfield (p, vals), sizeof v);
  return v;
}

gdouble
mc_vals_get_float (const mc_param *p, const void *vals)
{
  gdouble v;
  memcpy (&v, cfield (p, vals), sizeof v);
  return v;
}

const gchar *
mc_vals_get_string (const mc_param *p, const void *vals)
{
  return cfield (p, vals);
}

void
mc_vals_set_int (const mc_param *p, void *vals, gint32 v)
{
  memcpy (field (p, vals), &v, sizeof v);
}

void
mc_vals_set_float (const mc_param *p, void *vals, gdouble v)
{
  memcpy (field (p, vals), &v, sizeof v);
}

gboolean
mc_vals_set_string (const mc_param *p, void *vals, const gchar *text)
{
  if (!text)
    text = "";
  if (strlen (text) + 1 > p->size)
    return FALSE;
  g_strlcpy (field (p, vals), text, p->size);
  return TRUE;
}

gboolean
mc_vals_take_string (const mc_proc_def *def, const mc_param *p, void *vals, const gchar *text,
                     mc_return *ret)
{
  if (mc_vals_set_string (p, vals, text))
    return TRUE;
  mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s is %zu bytes long; accepted: at most %zu bytes",
                   def->name, p->name, strlen (text), p->size - 1);
  return FALSE;
}

void
mc_vals_default (const mc_proc_def *def, void *vals)
{
  memset (vals, 0, def->vals_size);
  for (gint i = 0; i < def->n_params; i++)
    {
      const mc_param *p = &def->params[i];
      switch (p->type)
        {
        case MC_PARAM_INT:
          mc_vals_set_int (p, vals, (gint32)p->def);
          break;
        case MC_PARAM_FLOAT:
          mc_vals_set_float (p, vals, p->def);
          break;
        case MC_PARAM_STRING:
          mc_vals_set_string (p, vals, p->def_str);
          break;
        }
    }
}

const mc_param *
mc_proc_param (const mc_proc_def *def, const char *name)
{
  for (gint i = 0; i < def->n_params; i++)
    if (strcmp (def->params[i].name, name) == 0)
      return &def->params[i];
  return NULL;
}

gint
mc_proc_n_args (const mc_proc_def *def)
{
  return (def->kind == MC_PROC_IMAGE ? 3 : 1) + def->n_params;
}

/* NaN fails every comparison, so a plain range check would let it through: finiteness first. */
static gboolean
number_ok (const mc_param *p, double v)
{
  if (!isfinite (v))
    return FALSE;
  if (p->flags & MC_PARAM_MIN_OPEN ? !(v > p->min) : !(v >= p->min))
    return FALSE;
  return v <= p->max;
}

gboolean
mc_check_string (mc_return *ret, const char *proc, const char *param, const char *v)
{
  if (v && *v)
    return TRUE;
  mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s is empty; a non-empty text is required", proc,
                   param);
  return FALSE;
}

gboolean
mc_vals_check (const mc_proc_def *def, const void *vals, mc_return *ret)
{
  for (gint i = 0; i < def->n_params; i++)
    {
      const mc_param *p = &def->params[i];
      if (p->type == MC_PARAM_INT && !number_ok (p, mc_vals_get_int (p, vals)))
        {
          mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s = %d is out of range; accepted: %s",
                           def->name, p->name, mc_vals_get_int (p, vals), p->accepted);
          return FALSE;
        }
      if (p->type == MC_PARAM_FLOAT && !number_ok (p, mc_vals_get_float (p, vals)))
        {
          mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s = %g is out of range; accepted: %s",
                           def->name, p->name, mc_vals_get_float (p, vals), p->accepted);
          return FALSE;
        }
      if (p->type == MC_PARAM_STRING && (p->flags & MC_PARAM_NON_EMPTY)
          && !mc_check_string (ret, def->name, p->name, mc_vals_get_string (p, vals)))
        return FALSE;
    }
  return TRUE;
}

/* Return values. */

void
mc_return_clear (mc_return *ret)
{
  for (gint i = 0; i < ret->n; i++)
    {
      g_free (ret->values[i].s);
      g_free (ret->values[i].da);
      g_free (ret->values[i].ia);
    }
  g_free (ret->error);
  memset (ret, 0, sizeof *ret);
}

void
mc_return_init (mc_return *ret)
{
  memset (ret, 0, sizeof *ret);
  ret->status = MC_PDB_SUCCESS;
}

void
mc_return_error (mc_return *ret, mc_pdb_status status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  gchar *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  mc_return_clear (ret);
  ret->status = status;
  ret->error = text;
}

static mc_value *
next_value (mc_return *ret, mc_ret_type type)
{
  g_assert (ret->n < MC_MAX_RETURNS);
  mc_value *v = &ret->values[ret->n++];
  memset (v, 0, sizeof *v);
  v->type = type;
  return v;
}

void
mc_return_int (mc_return *ret, gint32 v)
{
  next_value (ret, MC_RET_INT)->i = v;
}

void
mc_return_float (mc_return *ret, gdouble v)
{
  next_value (ret, MC_RET_FLOAT)->d = v;
}

void
mc_return_string (mc_return *ret, const gchar *v)
{
  next_value (ret, MC_RET_STRING)->s = g_strdup (v ? v : "");
}

void
mc_return_layer (mc_return *ret, gint32 id)
{
  next_value (ret, MC_RET_LAYER)->i = id;
}

void
mc_return_channel (mc_return *ret, gint32 id)
{
  next_value (ret, MC_RET_CHANNEL)->i = id;
}

void
mc_return_image (mc_return *ret, gint32 id)
{
  next_value (ret, MC_RET_IMAGE)->i = id;
}

void
mc_return_float_array (mc_return *ret, const gdouble *v, gint n)
{
  mc_return_int (ret, n);
  mc_value *a = next_value (ret, MC_RET_FLOAT_ARRAY);
  a->da = g_new0 (gdouble, MAX (n, 1));
  if (n > 0)
    memcpy (a->da, v, (gsize)n * sizeof (gdouble));
  a->n = n;
}

void
mc_return_int_array (mc_return *ret, const gint32 *v, gint n)
{
  mc_return_int (ret, n);
  mc_value *a = next_value (ret, MC_RET_INT_ARRAY);
  a->ia = g_new0 (gint32, MAX (n, 1));
  if (n > 0)
    memcpy (a->ia, v, (gsize)n * sizeof (gint32));
  a->n = n;
}
