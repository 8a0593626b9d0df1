/* fields.h: the GIMP 3 dialogs' frame and parameter fields, built from the procedure's table
 * (plugin/mc_proc.h) on the call's GimpProcedureConfig. A field is the widget libgimpui makes for
 * the argument (a scale entry for a number, a spin button with a "New Seed" button for a seed, a
 * combo of the table's choices for a choice, an entry for a text, with a folder button for a
 * path), limited to the table's range, with the table's label and tooltip. The config holds the
 * values: every change goes there (so Reset, Load and Save Settings work), and the dialogs read
 * their previews' values back from it. Also the one place that includes libgimp for the dialogs,
 * in the order they need. */
#ifndef MC_GTK3_FIELDS_H
#define MC_GTK3_FIELDS_H

#include "mc_pixels.h" /* GEGL first */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "mc_proc.h"

/* One call of a procedure's dialog. */
typedef struct
{
  GimpProcedure *procedure;
  GimpProcedureConfig *config;
  const mc_proc_def *def;
  gint32 image;    /* -1 for a batch procedure */
  gint32 drawable; /* -1 for a batch procedure */
} mc_gtk3_call;

/* The mnemonics of GimpProcedureDialog's own buttons (_Cancel, _Reset, _Save Settings, _OK,
 * _Help, _Load Saved Settings) and of a seed field's "_New Seed" button: no field takes them. */
#define MC_GTK3_RESERVED_MNEMONICS "crsohln"

/* A new GimpProcedureDialog for call, titled as the GTK2 dialog (the menu label without its
 * mnemonic and ellipsis), its fields' labels chosen: the table's mnemonic when it is free, else
 * another letter of the label (none when every letter is taken). extra_mnemonics: the lowercase
 * letters of the dialog's own widgets ("u" for "_Update..."), which the fields must not take; may
 * be NULL. The dialog's content area is empty. */
GtkWidget *mc_gtk3_dialog_new (const mc_gtk3_call *call, const char *extra_mnemonics);

/* The row of the field of the parameter name of the dialog's procedure (the labelled widget and
 * its extras). Fields share one label width per dialog. NULL (with a critical) for an unknown
 * name. */
GtkWidget *mc_gtk3_field (GtkWidget *dialog, const char *name);

/* The widget of a field row that holds the value (spin button, combo box or entry): to give it
 * the focus. */
GtkWidget *mc_gtk3_field_input (GtkWidget *row);

/* A vertical box of the fields of names (NULL-terminated), or of every parameter in the table's
 * order when names is NULL. */
GtkWidget *mc_gtk3_fields_box (GtkWidget *dialog, const char *const *names);

/* Packs child into the dialog's content area (above Load/Save Settings). */
void mc_gtk3_dialog_pack (GtkWidget *dialog, GtkWidget *child, gboolean expand);

/* Reads the values record vals of def from config (defaults first; a text that does not fit its
 * field keeps the default). */
void mc_gtk3_read_vals (const mc_proc_def *def, GimpProcedureConfig *config, void *vals);

/* Called when a parameter of the dialog's procedure changed in the config. */
typedef void (*mc_gtk3_changed_fn) (const char *name, gpointer data);

/* Calls changed for every change of a table parameter in the dialog's config, until the dialog
 * is destroyed. */
void mc_gtk3_watch (GtkWidget *dialog, mc_gtk3_changed_fn changed, gpointer data);

/* A label for the dialog's own texts: left-aligned, wrapping. */
GtkWidget *mc_gtk3_note_new (const char *text);

#endif
