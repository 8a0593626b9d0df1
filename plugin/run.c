/* run.c: what every medclust call does around its procedure's own run step, the same on both
 * hosts: the target checks, the value checks worded from the table, progress, one undo group,
 * and the display flush. */
#include "mc_host.h"
#include "mc_proc.h"

/* The one drawable rule (contract, Additions "Drawables"), fed by the table's drawable_rule:
 * every image procedure works on layers, text layers included. A group has no pixels of its own
 * (reading it gives the composite, writing it changes nothing), and a channel or mask holds no
 * colours, so they are refused before anything in the image changes. */
static gboolean
drawable_kind_ok (const mc_proc_def *def, gint32 drawable, mc_return *ret)
{
  const char *what = NULL;
  g_assert (def->drawable_rule == MC_DRAWABLE_LAYER);
  if (mch_item_is_group (drawable))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: drawable = %d is a layer group; choose a layer inside it", def->name,
                       drawable);
      return FALSE;
    }
  if (mch_item_is_layer_mask (drawable))
    what = "a layer mask";
  else if (!mch_item_is_layer (drawable))
    what = "a channel";
  if (!what)
    return TRUE;
  mc_return_error (ret, MC_PDB_CALLING_ERROR,
                   "%s: drawable = %d is %s; these procedures work on layers (quantize, "
                   "segment, augment, scatter and elbow take a layer, text layers included)",
                   def->name, drawable, what);
  return FALSE;
}

gboolean
mc_run_check_target (const mc_proc_def *def, gint32 image, gint32 drawable, mc_return *ret)
{
  const char *proc = def->name;
  if (def->kind != MC_PROC_IMAGE)
    return TRUE;
  if (!mch_image_is_valid (image))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: image = %d is not a valid image", proc,
                       image);
      return FALSE;
    }
  if (!mch_item_is_valid (drawable) || !mch_item_is_drawable (drawable)
      || mch_item_get_image (drawable) != image)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: drawable = %d is not a drawable of image %d",
                       proc, drawable, image);
      return FALSE;
    }
  if (!drawable_kind_ok (def, drawable, ret))
    return FALSE;
  if (mch_drawable_is_indexed (drawable))
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: drawable = %d is indexed; accepted: RGB or grayscale drawables. "
                       "Convert the image to RGB first (Image > Mode > RGB)",
                       proc, drawable);
      return FALSE;
    }
  return TRUE;
}

void
mc_run_call (const mc_call *call, mc_return *ret)
{
  const mc_proc_def *def = call->def;
  if (!mc_vals_check (def, call->vals, ret))
    return;
  if (def->check && !def->check (call, ret))
    return;
  gboolean undo = def->kind == MC_PROC_IMAGE && !def->leaves_image;
  mch_progress_init (def->progress_text);
  if (undo)
    mch_image_undo_group_start (call->image);
  def->run (call, ret);
  if (undo)
    mch_image_undo_group_end (call->image);
  if (ret->status == MC_PDB_SUCCESS)
    mch_progress_update (1.0);
  if (call->mode != MC_RUN_NONINTERACTIVE)
    mch_displays_flush ();
}

static void
progress_cb (void *user, double fraction)
{
  mc_progress_span *span = user;
  double v = span->lo + (span->hi - span->lo) * fraction;
  /* Updating the progress bar costs a round trip to GIMP: only every 1%. */
  if (v - span->last >= 0.01 || fraction >= 1.0)
    {
      mch_progress_update (v);
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
