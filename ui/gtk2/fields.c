/* fields.c: one parameter's field in a GTK2 dialog, made from the procedure's table: the widget
 * that fits the parameter's type and flags, with the table's label, range, default, tooltip and
 * choices, writing every change into the dialog's values record. */
#include "fields.h"

#include <math.h>
#include <string.h>

#define SCALE_WIDTH 160      /* px of a number's slider */
#define SPIN_CHARS 6         /* characters of a number's spin button */
#define ENTRY_CHARS 48       /* characters of a text entry */
#define WIDE_ENTRY_CHARS 64  /* ... of a long text (MC_PARAM_MULTILINE) */
#define PATH_ENTRY_CHARS 40  /* ... of a path, which has its folder button beside it */
#define FOLDER_BUTTON_CHARS 14
#define LABEL_WRAP_CHARS 32  /* a longer label (a choice explained in it) wraps ... */
#define LABEL_WRAP_WIDTH 220 /* ... at this many px, so the fields keep the dialog narrow */
#define UNBOUNDED 1e6        /* a bound this far out is no bound: the field stops here */
#define STATE_KEY "mc-gtk2-field"

/* What a field needs to write its value: owned by the object whose signal it handles. */
typedef struct
{
  const mc_param *param;
  void *vals;
  mc_gtk2_changed_fn changed;
  gpointer data;
  GtkWidget *field; /* what mc_gtk2_field returned, passed to changed */
  guint32 seed;     /* the seed widget writes its value here too */
} field_state;

/* The seed widget needs storage for its "Randomize" flag. The toggle stays hidden: results must
 * come from the seed shown (its "New Seed" button still draws a fresh one into the field). */
static gboolean randomize_unused = FALSE;

static void
own_state (GObject *owner, field_state *s)
{
  g_object_set_data_full (owner, STATE_KEY, s, g_free);
}

static void
notify (field_state *s)
{
  if (s->changed)
    s->changed (s->field, s->data);
}

/* A unit the label does not name already goes right of the field. */
static void
attach_unit (GtkTable *table, gint row, const mc_param *p)
{
  if (!p->unit || !*p->unit || (p->label && strstr (p->label, p->unit)))
    return;
  GtkWidget *unit = gtk_label_new (p->unit);
  gtk_misc_set_alignment (GTK_MISC (unit), 0.0, 0.5);
  gtk_table_attach (table, unit, 3, 4, row, row + 1, GTK_FILL, GTK_FILL, 0, 0);
  gtk_widget_show (unit);
}

/* Wraps a long label of the first column. */
static void
fit_label (GtkWidget *label)
{
  if (!GTK_IS_LABEL (label)
      || g_utf8_strlen (gtk_label_get_text (GTK_LABEL (label)), -1) <= LABEL_WRAP_CHARS)
    return;
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_size_request (label, LABEL_WRAP_WIDTH, -1);
}

/* Attaches widget with the parameter's label (its mnemonic going to focus), spanning the two
 * columns right of the label. */
static void
attach (GtkTable *table, gint row, const mc_param *p, GtkWidget *widget, GtkWidget *focus)
{
  GtkWidget *label = gimp_table_attach_aligned (table, 0, row, p->label, 0.0, 0.5, widget, 2,
                                                FALSE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), focus);
  fit_label (label);
  attach_unit (table, row, p);
}

/* ---- Numbers -------------------------------------------------------------------------------- */

/* An int accepting every 32-bit value is a seed: a seed field, not a scale. */
static gboolean
is_seed (const mc_param *p)
{
  return (p->flags & MC_PARAM_SEED) || (p->min <= G_MININT32 && p->max >= G_MAXINT32);
}

static void
store_number (field_state *s, gdouble v)
{
  if (s->param->type == MC_PARAM_FLOAT)
    mc_vals_set_float (s->param, s->vals, v);
  else if (is_seed (s->param))
    mc_vals_set_int (s->param, s->vals, (gint32) (guint32) v); /* the widget shows it unsigned */
  else
    mc_vals_set_int (s->param, s->vals, (gint32) rint (v));
}

static void
on_number_changed (GtkAdjustment *adj, field_state *s)
{
  store_number (s, gtk_adjustment_get_value (adj));
  notify (s);
}

/* How a number's scale entry shows the table's range. */
typedef struct
{
  gdouble lower, upper;           /* the slider's range */
  gdouble spin_lower, spin_upper; /* the spin button's: wider when the table sets no bound */
  gdouble step, page;
  guint digits;
  gboolean constrain, logarithmic;
} number_range;

static number_range
range_of (const mc_param *p)
{
  number_range r = { 0 };
  gboolean is_int = p->type == MC_PARAM_INT;
  gboolean no_min = p->min <= -UNBOUNDED, no_max = p->max >= UNBOUNDED;
  /* A float without an upper bound (a size in mm) may be small: one more digit. */
  r.digits = is_int ? 0 : no_max ? 4 : 3;
  r.step = is_int ? 1.0 : pow (10.0, 1.0 - r.digits);
  /* An open minimum: the smallest step above it. */
  gdouble open = p->flags & MC_PARAM_MIN_OPEN ? (is_int ? 1.0 : pow (10.0, -(double) r.digits))
                                              : 0.0;
  gdouble span = is_int ? 100.0 : 1.0; /* the slider's length when a bound is missing */
  r.spin_lower = no_min ? -UNBOUNDED : p->min + open;
  r.spin_upper = no_max ? UNBOUNDED : p->max;
  r.lower = no_min ? MIN (-span, -10.0 * fabs (p->def)) : r.spin_lower;
  r.upper = no_max ? MAX (r.lower + span, 10.0 * fabs (p->def)) : r.spin_upper;
  r.constrain = !no_min && !no_max;
  r.page = is_int ? CLAMP (rint ((r.upper - r.lower) / 32.0), 1.0, 10.0) : 10.0 * r.step;
  r.logarithmic = r.lower > 0.0 && r.upper / r.lower >= 100.0;
  return r;
}

static GtkWidget *
number_field (GtkTable *table, gint row, field_state *s)
{
  const mc_param *p = s->param;
  number_range r = range_of (p);
  gdouble value = p->type == MC_PARAM_INT ? mc_vals_get_int (p, s->vals)
                                          : mc_vals_get_float (p, s->vals);
  if (!isfinite (value))
    value = p->def;
  value = CLAMP (value, r.spin_lower, r.spin_upper);
  GtkObject *adj = gimp_scale_entry_new (table, 0, row, p->label, SCALE_WIDTH, SPIN_CHARS, value,
                                         r.lower, r.upper, r.step, r.page, r.digits, r.constrain,
                                         r.spin_lower, r.spin_upper, p->blurb, NULL);
  if (r.logarithmic)
    gimp_scale_entry_set_logarithmic (adj, TRUE);
  fit_label (GIMP_SCALE_ENTRY_LABEL (adj));
  attach_unit (table, row, p);
  own_state (G_OBJECT (adj), s);
  store_number (s, gtk_adjustment_get_value (GTK_ADJUSTMENT (adj)));
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_number_changed), s);
  return GIMP_SCALE_ENTRY_SPINBUTTON (adj);
}

static GtkWidget *
seed_field (GtkTable *table, gint row, field_state *s)
{
  s->seed = (guint32) mc_vals_get_int (s->param, s->vals);
  GtkWidget *hbox = gimp_random_seed_new (&s->seed, &randomize_unused);
  GtkWidget *toggle = GIMP_RANDOM_SEED_TOGGLE (hbox);
  gtk_widget_set_no_show_all (toggle, TRUE);
  gtk_widget_hide (toggle);
  GtkWidget *spin = GIMP_RANDOM_SEED_SPINBUTTON (hbox);
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (spin));
  gimp_help_set_help_data (spin, s->param->blurb, NULL);
  attach (table, row, s->param, hbox, spin);
  own_state (G_OBJECT (adj), s);
  store_number (s, gtk_adjustment_get_value (adj));
  g_signal_connect (adj, "value-changed", G_CALLBACK (on_number_changed), s);
  return spin;
}

/* ---- Choices -------------------------------------------------------------------------------- */

static void
on_choice_changed (GtkComboBox *combo, field_state *s)
{
  gint code;
  if (!gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &code))
    return;
  mc_vals_set_int (s->param, s->vals, code);
  notify (s);
}

/* Codes min..max, labelled by the table's choices (a code past the labels by its number). */
static GtkWidget *
choice_field (GtkTable *table, gint row, field_state *s)
{
  const mc_param *p = s->param;
  GtkWidget *combo = g_object_new (GIMP_TYPE_INT_COMBO_BOX, NULL); /* empty */
  const char *const *label = p->choices;
  for (gint code = (gint) p->min; code <= (gint) p->max; code++)
    {
      gchar *number = label && *label ? NULL : g_strdup_printf ("%d", code);
      gimp_int_combo_box_append (GIMP_INT_COMBO_BOX (combo), GIMP_INT_STORE_VALUE, code,
                                 GIMP_INT_STORE_LABEL, number ? number : *label, -1);
      g_free (number);
      if (label && *label)
        label++;
    }
  if (!gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (combo), mc_vals_get_int (p, s->vals)))
    gimp_int_combo_box_set_active (GIMP_INT_COMBO_BOX (combo), (gint) p->min);
  gimp_help_set_help_data (combo, p->blurb, NULL);
  attach (table, row, p, combo, combo);
  own_state (G_OBJECT (combo), s);
  gint code = (gint) p->min;
  gimp_int_combo_box_get_active (GIMP_INT_COMBO_BOX (combo), &code);
  mc_vals_set_int (p, s->vals, code);
  g_signal_connect (combo, "changed", G_CALLBACK (on_choice_changed), s);
  return combo;
}

/* ---- Texts and paths ------------------------------------------------------------------------ */

/* Writes text into the record; what does not fit (the entry counts characters, the record
 * bytes) is cut after the last whole character that does. */
static void
store_text (field_state *s, const gchar *text)
{
  if (mc_vals_set_string (s->param, s->vals, text) || s->param->size == 0)
    return;
  gchar *cut = g_strndup (text, s->param->size - 1);
  const gchar *end = NULL;
  g_utf8_validate (cut, -1, &end);
  cut[end - cut] = '\0';
  mc_vals_set_string (s->param, s->vals, cut);
  g_free (cut);
}

static void
on_text_changed (GtkEntry *entry, field_state *s)
{
  store_text (s, gtk_entry_get_text (entry));
  notify (s);
}

static GtkWidget *
new_entry (field_state *s, gint chars)
{
  GtkWidget *entry = gtk_entry_new ();
  if (s->param->size > 1)
    gtk_entry_set_max_length (GTK_ENTRY (entry), (gint) MIN (s->param->size - 1, 65535));
  gtk_entry_set_width_chars (GTK_ENTRY (entry), chars);
  gtk_entry_set_text (GTK_ENTRY (entry), mc_vals_get_string (s->param, s->vals));
  gimp_help_set_help_data (entry, s->param->blurb, NULL);
  own_state (G_OBJECT (entry), s);
  store_text (s, gtk_entry_get_text (GTK_ENTRY (entry)));
  g_signal_connect (entry, "changed", G_CALLBACK (on_text_changed), s);
  return entry;
}

static GtkWidget *
text_field (GtkTable *table, gint row, field_state *s)
{
  gint chars = s->param->flags & MC_PARAM_MULTILINE ? WIDE_ENTRY_CHARS : ENTRY_CHARS;
  GtkWidget *entry = new_entry (s, chars);
  attach (table, row, s->param, entry, entry);
  return entry;
}

/* What a path names, which decides what choosing a folder writes into it. The table flags a
 * path only; the PDB names (fixed by the contract) tell the rest. */
typedef enum
{
  PATH_FILE,   /* a file to write: the folder chosen, the file name typed kept */
  PATH_FOLDER, /* "...-dir": the folder chosen */
  PATH_GLOB    /* "pattern": the folder chosen, the wildcards typed kept (else "*.jpg") */
} path_kind;

static path_kind
kind_of (const mc_param *p)
{
  if (g_str_has_suffix (p->name, "-dir"))
    return PATH_FOLDER;
  if (strstr (p->name, "pattern"))
    return PATH_GLOB;
  return PATH_FILE;
}

/* The text for the folder chosen, from the text typed so far. */
static gchar *
path_in_folder (path_kind kind, const gchar *dir, const gchar *now)
{
  if (kind == PATH_FOLDER)
    return g_strdup (dir);
  gboolean has_name = *now && !g_str_has_suffix (now, G_DIR_SEPARATOR_S);
  gchar *base = has_name ? g_path_get_basename (now) : g_strdup ("");
  if (kind == PATH_GLOB && !strpbrk (base, "*?["))
    {
      g_free (base);
      base = g_strdup ("*.jpg"); /* JPEG files, the usual case */
    }
  gchar *text = g_str_has_suffix (dir, G_DIR_SEPARATOR_S)
                  ? g_strconcat (dir, base, NULL)
                  : g_strconcat (dir, G_DIR_SEPARATOR_S, base, NULL);
  g_free (base);
  return text;
}

static void
on_folder_set (GtkFileChooserButton *button, GtkWidget *entry)
{
  gchar *dir = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (button));
  if (!dir)
    return;
  field_state *s = g_object_get_data (G_OBJECT (entry), STATE_KEY);
  gchar *text = path_in_folder (kind_of (s->param), dir, gtk_entry_get_text (GTK_ENTRY (entry)));
  gtk_entry_set_text (GTK_ENTRY (entry), text); /* "changed" stores it */
  g_free (text);
  g_free (dir);
}

/* The label without its mnemonic and colon, as the folder chooser's title. */
static gchar *
plain_label (const char *label)
{
  GString *s = g_string_new (NULL);
  for (const char *c = label ? label : ""; *c; c++)
    if (*c != '_')
      g_string_append_c (s, *c);
  while (s->len > 0 && (s->str[s->len - 1] == ':' || s->str[s->len - 1] == ' '))
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

static GtkWidget *
folder_button (const mc_param *p, const gchar *now)
{
  static const char *const tips[] = {
    [PATH_FILE] = "Choose the folder; the file name typed is kept",
    [PATH_FOLDER] = "Choose the folder",
    [PATH_GLOB] = "Choose the folder; the wildcards typed are kept, else its *.jpg files",
  };
  path_kind kind = kind_of (p);
  gchar *title = plain_label (p->label);
  GtkWidget *button = gtk_file_chooser_button_new (title, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  g_free (title);
  gtk_file_chooser_button_set_width_chars (GTK_FILE_CHOOSER_BUTTON (button), FOLDER_BUTTON_CHARS);
  gimp_help_set_help_data (button, tips[kind], NULL);
  gchar *dir = kind == PATH_FOLDER ? g_strdup (now) : g_path_get_dirname (now);
  if (*now && g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (button), dir);
  g_free (dir);
  return button;
}

/* The entry and, beside it, a folder button that fills it. */
static GtkWidget *
path_field (GtkTable *table, gint row, field_state *s)
{
  GtkWidget *entry = new_entry (s, PATH_ENTRY_CHARS);
  GtkWidget *button = folder_button (s->param, gtk_entry_get_text (GTK_ENTRY (entry)));
  g_signal_connect (button, "file-set", G_CALLBACK (on_folder_set), entry);
  GtkWidget *hbox = gtk_hbox_new (FALSE, 6);
  gtk_box_pack_start (GTK_BOX (hbox), entry, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (hbox), button, FALSE, FALSE, 0);
  gtk_widget_show_all (hbox);
  attach (table, row, s->param, hbox, entry);
  return entry;
}

/* ---- The field ------------------------------------------------------------------------------ */

GtkWidget *
mc_gtk2_field (GtkTable *table, gint row, const mc_proc_def *def, const char *name, void *vals,
               mc_gtk2_changed_fn changed, gpointer data)
{
  g_return_val_if_fail (GTK_IS_TABLE (table) && def && name && vals, NULL);
  const mc_param *p = mc_proc_param (def, name);
  g_return_val_if_fail (p != NULL, NULL);
  field_state *s = g_new0 (field_state, 1);
  s->param = p;
  s->vals = vals;
  s->changed = changed;
  s->data = data;
  if (p->type == MC_PARAM_STRING)
    s->field = p->flags & MC_PARAM_PATH ? path_field (table, row, s) : text_field (table, row, s);
  else if (p->flags & MC_PARAM_CHOICE)
    s->field = choice_field (table, row, s);
  else if (p->type == MC_PARAM_INT && is_seed (p))
    s->field = seed_field (table, row, s);
  else
    s->field = number_field (table, row, s);
  return s->field;
}

gint
mc_gtk2_fields (GtkTable *table, gint row, const mc_proc_def *def, void *vals,
                mc_gtk2_changed_fn changed, gpointer data)
{
  for (gint i = 0; i < def->n_params; i++)
    mc_gtk2_field (table, row++, def, def->params[i].name, vals, changed, data);
  return row;
}

GtkAdjustment *
mc_gtk2_field_adjustment (GtkWidget *field)
{
  return GTK_IS_SPIN_BUTTON (field) ? gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (field))
                                    : NULL;
}

GtkWidget *
mc_gtk2_field_table (gint rows)
{
  GtkWidget *table = gtk_table_new (MAX (rows, 1), 3, FALSE);
  gtk_table_set_col_spacings (GTK_TABLE (table), 6);
  gtk_table_set_row_spacings (GTK_TABLE (table), 4);
  return table;
}
