/* fields.h: the parameter fields of the GTK2 dialogs, built from the procedure's table
 * (plugin/mc_proc.h). One call attaches one parameter's widget to a row of a GtkTable: a scale
 * with its spin button for a number, a seed field with a "New Seed" button for a seed, a combo
 * for a choice, an entry for a text (with a folder button for a path). The label, range,
 * tooltip and choices come from the table, and every change is written into the dialog's values
 * record at once, so the record always holds what the dialog shows. Also the one place that
 * includes libgimp for the dialogs, in the order libgimpui 2.0 needs. */
#ifndef MC_FIELDS_H
#define MC_FIELDS_H

#include "mc_proc.h"
#include "mc_pixels.h" /* before libgimp: brings GEGL, which libgimp 2.0's headers need */

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

/* Called after a field wrote its new value into the values record; field is the widget
 * mc_gtk2_field returned for it. */
typedef void (*mc_gtk2_changed_fn) (GtkWidget *field, gpointer data);

/* Attaches the field of def's parameter name at row of table (columns 0..2, plus 3 for a unit
 * the label does not name), showing its value in vals (def's values record, which must outlive
 * the dialog) and writing every change back into vals, then calling changed (may be NULL).
 * Values outside what the widget can show are brought into its range, and vals with them.
 * Returns the widget that holds the value, to read or set it or to give it the focus:
 *   int, float   the spin button of the scale entry (mc_gtk2_field_adjustment for its value);
 *   seed         the spin button of the seed field (likewise);
 *   choice       the GimpIntComboBox (codes min..max of the table);
 *   text, path   the GtkEntry.
 * Returns NULL (with a critical) when def has no such parameter. */
GtkWidget *mc_gtk2_field (GtkTable *table, gint row, const mc_proc_def *def, const char *name,
                          void *vals, mc_gtk2_changed_fn changed, gpointer data);

/* Attaches a field for every parameter of def, in the table's order, from row on. Returns the
 * row after the last. */
gint mc_gtk2_fields (GtkTable *table, gint row, const mc_proc_def *def, void *vals,
                     mc_gtk2_changed_fn changed, gpointer data);

/* The adjustment of a number or seed field (setting its value updates vals and calls changed),
 * or NULL for another field. */
GtkAdjustment *mc_gtk2_field_adjustment (GtkWidget *field);

/* A new table for a dialog's fields, with the dialogs' spacing. */
GtkWidget *mc_gtk2_field_table (gint rows);

#endif
