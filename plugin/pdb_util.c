/* pdb_util.c: return values, argument checks and progress shared by the medclust procedures. */
#include "mc_plugin.h"

#include <gtk/gtk.h>
#include <stdarg.h>
#include <string.h>

/* Storage for array returns and the error text: GIMP reads them after run() returns. */
static gdouble *float_arrays[8];
static gint32 *int_arrays[8];
static gint n_float_arrays, n_int_arrays;
static gchar *error_text;

void
mc_return_init (mc_return *ret)
{
  for (gint i = 0; i < n_float_arrays; i++)
    g_free (float_arrays[i]);
  for (gint i = 0; i < n_int_arrays; i++)
    g_free (int_arrays[i]);
  n_float_arrays = n_int_arrays = 0;
  g_clear_pointer (&error_text, g_free);
  memset (ret, 0, sizeof *ret);
  ret->values[0].type = GIMP_PDB_STATUS;
  ret->values[0].data.d_status = GIMP_PDB_SUCCESS;
  ret->n = 1;
}

void
mc_return_error (mc_return *ret, GimpPDBStatusType status, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_free (error_text);
  error_text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  ret->values[0].data.d_status = status;
  ret->values[1].type = GIMP_PDB_STRING;
  ret->values[1].data.d_string = error_text;
  ret->n = 2;
}

static GimpParam *
next_value (mc_return *ret, GimpPDBArgType type)
{
  g_assert (ret->n < (gint) G_N_ELEMENTS (ret->values));
  GimpParam *p = &ret->values[ret->n++];
  p->type = type;
  return p;
}

void
mc_return_int (mc_return *ret, gint32 v)
{
  next_value (ret, GIMP_PDB_INT32)->data.d_int32 = v;
}

void
mc_return_float (mc_return *ret, gdouble v)
{
  next_value (ret, GIMP_PDB_FLOAT)->data.d_float = v;
}

void
mc_return_layer (mc_return *ret, gint32 id)
{
  next_value (ret, GIMP_PDB_LAYER)->data.d_layer = id;
}

void
mc_return_channel (mc_return *ret, gint32 id)
{
  next_value (ret, GIMP_PDB_CHANNEL)->data.d_channel = id;
}

void
mc_return_image (mc_return *ret, gint32 id)
{
  next_value (ret, GIMP_PDB_IMAGE)->data.d_image = id;
}

void
mc_return_float_array (mc_return *ret, const gdouble *v, gint n)
{
  g_assert (n_float_arrays < (gint) G_N_ELEMENTS (float_arrays));
  gdouble *copy = g_new0 (gdouble, MAX (n, 1));
  if (n > 0)
    memcpy (copy, v, (gsize) n * sizeof (gdouble));
  float_arrays[n_float_arrays++] = copy;
  mc_return_int (ret, n);
  next_value (ret, GIMP_PDB_FLOATARRAY)->data.d_floatarray = copy;
}

void
mc_return_int_array (mc_return *ret, const gint32 *v, gint n)
{
  g_assert (n_int_arrays < (gint) G_N_ELEMENTS (int_arrays));
  gint32 *copy = g_new0 (gint32, MAX (n, 1));
  if (n > 0)
    memcpy (copy, v, (gsize) n * sizeof (gint32));
  int_arrays[n_int_arrays++] = copy;
  mc_return_int (ret, n);
  next_value (ret, GIMP_PDB_INT32ARRAY)->data.d_int32array = copy;
}

gboolean
mc_check_nparams (mc_return *ret, const char *proc, gint nparams, gint expected)
{
  if (nparams == expected)
    return TRUE;
  mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s: called with %d parameters; it takes %d", proc,
                   nparams, expected);
  return FALSE;
}

gboolean
mc_check_int (mc_return *ret, const char *proc, const char *param, gint32 v, gint32 lo, gint32 hi,
              const char *accepted)
{
  if (v >= lo && v <= hi)
    return TRUE;
  mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s: %s = %d is out of range; accepted: %s", proc,
                   param, v, accepted);
  return FALSE;
}

gboolean
mc_check_string (mc_return *ret, const char *proc, const char *param, const char *v)
{
  if (v && *v)
    return TRUE;
  mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s: %s is empty; a non-empty text is required",
                   proc, param);
  return FALSE;
}

gboolean
mc_check_image_drawable (mc_return *ret, const char *proc, gint32 image, gint32 drawable)
{
  if (!gimp_image_is_valid (image))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR, "%s: image = %d is not a valid image", proc,
                       image);
      return FALSE;
    }
  if (!gimp_item_is_valid (drawable) || !gimp_item_is_drawable (drawable)
      || gimp_item_get_image (drawable) != image)
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: drawable = %d is not a drawable of image %d", proc, drawable, image);
      return FALSE;
    }
  if (gimp_drawable_is_indexed (drawable))
    {
      mc_return_error (ret, GIMP_PDB_CALLING_ERROR,
                       "%s: drawable = %d is indexed; accepted: RGB or grayscale drawables. "
                       "Convert the image to RGB first (Image > Mode > RGB)",
                       proc, drawable);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_have_display (void)
{
  static gint have = -1;
  if (have < 0)
    have = gtk_init_check (NULL, NULL) ? 1 : 0;
  return have == 1;
}

static void
progress_cb (void *user, double fraction)
{
  mc_progress_span *span = user;
  double v = span->lo + (span->hi - span->lo) * fraction;
  /* Updating the progress bar costs a round trip to GIMP: only every 1%. */
  if (v - span->last >= 0.01 || fraction >= 1.0)
    {
      gimp_progress_update (v);
      span->last = v;
    }
}

mc_monitor
mc_progress_monitor (mc_progress_span *span, double lo, double hi)
{
  span->lo = lo;
  span->hi = hi;
  span->last = -1;
  mc_monitor m = { progress_cb, span, NULL };
  return m;
}
