/* mc_proc.h: a medclust procedure as data. Each procedure is one mc_proc_def table in its
 * proc_*.c file: its parameters (name, type, range, default, unit, label, help), its returns,
 * its menu entry and help, and its check and run steps. Both hosts (plugin/gimp2, plugin/gimp3)
 * register the procedure from the table, read the caller's arguments into the procedure's
 * values record through it, build the dialog fields from it, and word range errors from it.
 * Nothing here knows libgimp: items are integer IDs, statuses and run modes are our own enums. */
#ifndef MC_PROC_H
#define MC_PROC_H

#include <glib.h>
#include <stddef.h>

#include "mc_common.h"

#define MC_AUTHOR "The medclust authors"
#define MC_COPYRIGHT "GPL-3.0-or-later"
#define MC_DATE "2026"
#define MC_MENU "<Image>/Filters/Medical"
#define MC_MENU_BATCH "<Image>/Filters/Medical/Batch"
#define MC_MAX_PARAMS 12
#define MC_MAX_RETURNS 16

/* Run modes and statuses, numbered as in GIMP's PDB. */
typedef enum
{
  MC_RUN_INTERACTIVE = 0,
  MC_RUN_NONINTERACTIVE = 1,
  MC_RUN_WITH_LAST_VALS = 2
} mc_run_mode;

typedef enum
{
  MC_PDB_EXECUTION_ERROR,
  MC_PDB_CALLING_ERROR,
  MC_PDB_PASS_THROUGH,
  MC_PDB_SUCCESS,
  MC_PDB_CANCEL
} mc_pdb_status;

/* A parameter after run-mode (and image and drawable for an image procedure). */
typedef enum
{
  MC_PARAM_INT,   /* gint32 field */
  MC_PARAM_FLOAT, /* gdouble field */
  MC_PARAM_STRING /* gchar[size] field */
} mc_param_type;

/* Flags of a parameter. */
enum
{
  MC_PARAM_MIN_OPEN = 1 << 0,  /* the minimum itself is not accepted (0 < f) */
  MC_PARAM_NON_EMPTY = 1 << 1, /* a string that must not be empty */
  MC_PARAM_PATH = 1 << 2,      /* a string naming a file or folder (dialog: a path entry) */
  MC_PARAM_SEED = 1 << 3,      /* a random seed (dialog: with a "new seed" button) */
  MC_PARAM_CHOICE = 1 << 4,    /* an int code whose values are listed in choices (dialog: combo) */
  MC_PARAM_MULTILINE = 1 << 5  /* a long text (dialog: a wider entry) */
};

typedef struct
{
  const char *name;    /* PDB name, e.g. "n-clusters" */
  mc_param_type type;  /* the type of the field */
  size_t offset;       /* offset of the field in the procedure's values record */
  size_t size;         /* MC_PARAM_STRING: capacity of the field in bytes (text + NUL) */
  double min, max;     /* accepted numbers (inclusive unless MC_PARAM_MIN_OPEN) */
  double def;          /* default number */
  const char *def_str; /* default text (MC_PARAM_STRING) */
  const char *accepted; /* what is accepted, in words, for the error message: "1..256" */
  const char *unit;    /* unit shown beside the field ("px", "mm", "" for none) */
  const char *label;   /* dialog label with its mnemonic, e.g. "_Number of colours (K)" */
  const char *blurb;   /* help for the Procedure Browser and the dialog's tooltip */
  const char *const *choices; /* MC_PARAM_CHOICE: labels of codes min..max, in order */
  guint flags;
} mc_param;

/* A return value after the status. An array is always preceded by its own MC_RET_INT count
 * entry in the table ("num-centres" then "centres"), as the contract lists them. */
typedef enum
{
  MC_RET_INT,
  MC_RET_FLOAT,
  MC_RET_STRING,
  MC_RET_LAYER,
  MC_RET_CHANNEL,
  MC_RET_IMAGE,
  MC_RET_FLOAT_ARRAY,
  MC_RET_INT_ARRAY
} mc_ret_type;

typedef struct
{
  const char *name;
  mc_ret_type type;
  const char *blurb;
} mc_ret;

/* The return values of one call, filled in table order by the procedure's run step. */
typedef struct
{
  mc_ret_type type;
  gint32 i;      /* MC_RET_INT and the item kinds (an ID) */
  gdouble d;     /* MC_RET_FLOAT */
  gchar *s;      /* MC_RET_STRING (owned) */
  gdouble *da;   /* MC_RET_FLOAT_ARRAY (owned, n values) */
  gint32 *ia;    /* MC_RET_INT_ARRAY (owned, n values) */
  gint n;
} mc_value;

typedef struct
{
  mc_pdb_status status;
  gchar *error; /* the message of an error status (owned) */
  mc_value values[MC_MAX_RETURNS];
  gint n;
} mc_return;

typedef enum
{
  MC_PROC_IMAGE, /* run-mode, image, drawable, then the table's parameters */
  MC_PROC_BATCH  /* run-mode, then the table's parameters */
} mc_proc_kind;

/* What the procedure accepts as its drawable (image procedures). */
typedef enum
{
  MC_DRAWABLE_LAYER /* layers (text layers too); groups, channels and masks refused */
} mc_drawable_rule;

struct mc_proc_def;

/* One call: the table, the run mode, the target and the values record (already filled from the
 * arguments, the last values or the dialog, and checked against the table). */
typedef struct
{
  const struct mc_proc_def *def;
  mc_run_mode mode;
  gint32 image;    /* -1 for a batch procedure */
  gint32 drawable; /* -1 for a batch procedure */
  void *vals;
} mc_call;

typedef struct mc_proc_def
{
  const char *name;        /* "plug-in-medclust-quantize" */
  const char *menu_label;  /* "_K-means Colour Quantisation…" */
  const char *menu_path;   /* MC_MENU or MC_MENU_BATCH */
  const char *blurb;       /* one line */
  const char *help;        /* the Procedure Browser's help text */
  mc_proc_kind kind;
  mc_drawable_rule drawable_rule;
  const char *progress_text; /* shown in the progress bar while running */
  gboolean leaves_image;   /* TRUE: the call never changes its image (it makes a new one), so it
                              opens no undo group and the image stays clean */
  size_t vals_size;        /* sizeof the values record */
  const mc_param *params;
  gint n_params;
  const mc_ret *rets;
  gint n_rets;
  /* Checks beyond the table's ranges (e.g. k-min < k-max, a recipe that parses); NULL = none.
   * Returns FALSE with an error in ret. */
  gboolean (*check) (const mc_call *call, mc_return *ret);
  /* Computes and applies; fills ret's values in table order, or an error. Runs inside the
   * call's undo group (image procedures), with the progress bar started. */
  void (*run) (const mc_call *call, mc_return *ret);
} mc_proc_def;

/* The procedures, each defined by its table in its proc_*.c file. */
extern const mc_proc_def mc_proc_quantize;
extern const mc_proc_def mc_proc_segment;
extern const mc_proc_def mc_proc_measure_files;
extern const mc_proc_def mc_proc_augment;
extern const mc_proc_def mc_proc_augment_files;
extern const mc_proc_def mc_proc_scatter;
extern const mc_proc_def mc_proc_elbow;
extern const mc_proc_def mc_proc_chart_csv;
extern const mc_proc_def mc_proc_fit_joint_model;
extern const mc_proc_def mc_proc_measure_files_model;

/* Every procedure of the plug-in, in registration order (proc_list.c). */
extern const mc_proc_def *const mc_procedures[];
extern const gint mc_n_procedures;
const mc_proc_def *mc_proc_find (const char *name);

/* The values record: defaults from the table, reading and writing one parameter. */
void mc_vals_default (const mc_proc_def *def, void *vals);
gint32 mc_vals_get_int (const mc_param *p, const void *vals);
gdouble mc_vals_get_float (const mc_param *p, const void *vals);
const gchar *mc_vals_get_string (const mc_param *p, const void *vals);
void mc_vals_set_int (const mc_param *p, void *vals, gint32 v);
void mc_vals_set_float (const mc_param *p, void *vals, gdouble v);
/* Copies text into the field; FALSE (field unchanged) when it does not fit. */
gboolean mc_vals_set_string (const mc_param *p, void *vals, const gchar *text);
/* The same for a caller's argument: FALSE with "PROC: NAME is N bytes long; accepted: at most
 * M bytes" in ret when it does not fit. */
gboolean mc_vals_take_string (const mc_proc_def *def, const mc_param *p, void *vals,
                              const gchar *text, mc_return *ret);
const mc_param *mc_proc_param (const mc_proc_def *def, const char *name);

/* Checks every parameter of vals against the table: "PROC: NAME = VALUE is out of range;
 * accepted: ...". Returns FALSE with the error in ret. */
gboolean mc_vals_check (const mc_proc_def *def, const void *vals, mc_return *ret);

/* Return values. */
void mc_return_init (mc_return *ret);
void mc_return_clear (mc_return *ret);
void mc_return_error (mc_return *ret, mc_pdb_status status, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);
void mc_return_int (mc_return *ret, gint32 v);
void mc_return_float (mc_return *ret, gdouble v);
void mc_return_string (mc_return *ret, const gchar *v);
void mc_return_layer (mc_return *ret, gint32 id);
void mc_return_channel (mc_return *ret, gint32 id);
void mc_return_image (mc_return *ret, gint32 id);
void mc_return_float_array (mc_return *ret, const gdouble *v, gint n); /* appends count + array */
void mc_return_int_array (mc_return *ret, const gint32 *v, gint n);   /* appends count + array */

/* The common checks of one argument, for run steps and check steps. */
gboolean mc_check_string (mc_return *ret, const char *proc, const char *param, const char *v);

/* Run orchestration, the same on both hosts (run.c). The adapter reads the arguments into a
 * values record, calls mc_run_check_target (image procedures), shows the dialog when
 * interactive, then calls mc_run_call, which checks the values against the table and the
 * procedure's own check, starts the progress, opens one undo group, runs, closes it and
 * flushes the displays. */
gboolean mc_run_check_target (const mc_proc_def *def, gint32 image, gint32 drawable,
                              mc_return *ret);
void mc_run_call (const mc_call *call, mc_return *ret);
/* The number of PDB arguments: run-mode (+ image, drawable) + the table's parameters. */
gint mc_proc_n_args (const mc_proc_def *def);

/* Progress: a monitor whose callback drives the host's progress bar between lo and hi. */
typedef struct
{
  double lo, hi;
  double last;
} mc_progress_span;
mc_monitor mc_progress_monitor (mc_progress_span *span, double lo, double hi);

#endif
