/* mc_plugin.h: what the medclust procedures share in the libgimp 2.10 glue: the procedure table,
 * error returns, argument checks, progress, and the last-values store. */
#ifndef MC_PLUGIN_H
#define MC_PLUGIN_H

#include <libgimp/gimp.h>

#include "mc_common.h"

#define MC_AUTHOR "The medclust authors"
#define MC_COPYRIGHT "GPL-3.0-or-later"
#define MC_DATE "2026"
#define MC_MENU "<Image>/Filters/Medical"
#define MC_MENU_BATCH "<Image>/Filters/Medical/Batch"

/* The return values of one call. The procedure fills values[1..] and the count; the array lives
 * until the next call (GIMP copies it after run() returns). */
typedef struct
{
  GimpParam values[16];
  gint n;
} mc_return;

/* One PDB procedure of the plug-in. */
typedef struct
{
  const char *name;
  void (*query) (void);
  void (*run) (gint nparams, const GimpParam *param, mc_return *ret);
} mc_procedure;

/* Starts a successful return (status SUCCESS, no values yet). */
void mc_return_init (mc_return *ret);
/* Makes ret an error return with a formatted message that names the parameter, the value and
 * what is accepted. status is GIMP_PDB_CALLING_ERROR or GIMP_PDB_EXECUTION_ERROR. */
void mc_return_error (mc_return *ret, GimpPDBStatusType status, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);
/* Appends return values. Arrays are copied into storage that lives until the next call. */
void mc_return_int (mc_return *ret, gint32 v);
void mc_return_float (mc_return *ret, gdouble v);
void mc_return_layer (mc_return *ret, gint32 id);
void mc_return_channel (mc_return *ret, gint32 id);
void mc_return_image (mc_return *ret, gint32 id);
void mc_return_float_array (mc_return *ret, const gdouble *v, gint n); /* appends count + array */
void mc_return_int_array (mc_return *ret, const gint32 *v, gint n);   /* appends count + array */

/* Argument checks. Each returns TRUE when the value is accepted; otherwise it fills ret with a
 * calling error "PROC: parameter NAME = VALUE is out of range; accepted: ..." and returns FALSE. */
gboolean mc_check_nparams (mc_return *ret, const char *proc, gint nparams, gint expected);
gboolean mc_check_int (mc_return *ret, const char *proc, const char *param, gint32 v, gint32 lo,
                       gint32 hi, const char *accepted);
gboolean mc_check_image_drawable (mc_return *ret, const char *proc, gint32 image, gint32 drawable);
gboolean mc_check_string (mc_return *ret, const char *proc, const char *param, const char *v);

/* True when a display can be opened (RUN-INTERACTIVE falls back to non-interactive without). */
gboolean mc_have_display (void);

/* Progress: a monitor whose callback drives gimp_progress_update between lo and hi. */
typedef struct
{
  double lo, hi;
  double last;
} mc_progress_span;
mc_monitor mc_progress_monitor (mc_progress_span *span, double lo, double hi);

/* The procedures, each defined in its proc_*.c file. */
extern const mc_procedure mc_proc_quantize;
extern const mc_procedure mc_proc_segment;
extern const mc_procedure mc_proc_measure_files;
extern const mc_procedure mc_proc_augment;
extern const mc_procedure mc_proc_augment_files;
extern const mc_procedure mc_proc_scatter;
extern const mc_procedure mc_proc_elbow;

#endif
