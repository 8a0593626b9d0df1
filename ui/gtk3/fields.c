/* fields.c: the GIMP 3 dialogs' frame and their parameter fields (fields.h): the dialog titled
 * from the menu label, the labels' mnemonics kept clear of the dialog's buttons, and one field
 * per table parameter made by GimpProcedureDialog (or, when its label had to change, by the same
 * libgimpui constructor with the new label), limited to the table's range. */
#include "fields.h"

#include <math.h>
#include <string.h>

#define STATE_KEY "mc-gtk3-fields"
#define INPUT_KEY "mc-gtk3-input"
#define ENTRY_CHARS 40       /* characters of a text entry */
#define WIDE_ENTRY_CHARS 56  /* ... of a long text (MC_PARAM_MULTILINE) */
#define PATH_ENTRY_CHARS 36  /* ... of a path, which has its folder button beside it */
#define FOLDER_BUTTON_CHARS 12
#define LABEL_WRAP_CHARS 32  /* a longer label wraps at about this many characters */
#define UNBOUNDED 1e6        /* a bound this far out is no bound: the field stops here */

/* What a dialog's fields share. */
typedef struct
{
  const mc_proc_def *def;
  GimpProcedureConfig *config;
  gchar **labels;      /* per table parameter: its label, mnemonic chosen, without colon */
  GtkSizeGroup *group; /* the labels' width */
} fields_state;

static void
free_state (gpointer data)
{
  fields_state *s = data;
  g_strfreev (s->labels);
  g_object_unref (s->group);
  g_free (s);
}

static fields_state *
state_of (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), STATE_KEY);
}

/* ---- Title and labels ----------------------------------------------------------------------- */

/* The menu label without its mnemonic and trailing ellipsis: "_K-means ...…" -> "K-means ...". */
static gchar *
dialog_title (const char *menu_label)
{
  GString *s = g_string_new (NULL);
  for (const char *c = menu_label; *c; c++)
    if (*c != '_')
      g_string_append_c (s, *c);
  if (g_str_has_suffix (s->str, "…"))
    g_string_truncate (s, s->len - strlen ("…"));
  while (s->len > 0 && (s->str[s->len - 1] == '.' || s->str[s->len - 1] == ' '))
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* The table's label as libgimp's argument nick (plugin/gimp3/main.c): no trailing colon. */
static gchar *
plain_nick (const mc_param *p)
{
  gchar *nick = g_strdup (p->label ? p->label : p->name);
  g_strchomp (nick);
  gsize n = strlen (nick);
  if (n > 1 && nick[n - 1] == ':')
    nick[n - 1] = '\0';
  return nick;
}

/* The lowercase mnemonic letter of a label, or 0. */
static gchar
mnemonic_of (const char *label)
{
  const char *u = strchr (label, '_');
  return u && g_ascii_isalnum (u[1]) ? g_ascii_tolower (u[1]) : 0;
}

static gboolean
is_free (gchar c, const GString *used)
{
  return c && g_ascii_isalnum (c) && !strchr (used->str, g_ascii_tolower (c));
}

/* Where the mnemonic goes in text (no underscore): a word's first letter (words of three letters
 * or more), else any letter; -1 when every letter is taken. */
static gssize
free_position (const char *text, const GString *used)
{
  for (gsize i = 0; text[i]; i++)
    {
      gboolean starts = i == 0 || !g_ascii_isalnum (text[i - 1]);
      gsize len = 0;
      while (g_ascii_isalnum (text[i + len]))
        len++;
      if (starts && len >= 3 && is_free (text[i], used))
        return (gssize) i;
    }
  for (gsize i = 0; text[i]; i++)
    if (is_free (text[i], used))
      return (gssize) i;
  return -1;
}

/* label with its mnemonic moved to a letter not in used (then added to used). */
static gchar *
remap_mnemonic (const char *label, GString *used)
{
  GString *text = g_string_new (NULL);
  for (const char *c = label; *c; c++)
    if (*c != '_')
      g_string_append_c (text, *c);
  gssize at = free_position (text->str, used);
  if (at >= 0)
    {
      g_string_append_c (used, g_ascii_tolower (text->str[at]));
      g_string_insert_c (text, at, '_');
    }
  return g_string_free (text, FALSE);
}

/* Every parameter keeps its table mnemonic when no button and no earlier field has it; the
 * others then take a free letter. */
static gchar **
choose_labels (const mc_proc_def *def, const char *extra)
{
  GString *used = g_string_new (MC_GTK3_RESERVED_MNEMONICS);
  if (extra)
    g_string_append (used, extra);
  gchar **labels = g_new0 (gchar *, def->n_params + 1);
  for (gint i = 0; i < def->n_params; i++)
    {
      gchar *nick = plain_nick (&def->params[i]);
      gchar m = mnemonic_of (nick);
      if (is_free (m, used))
        {
          labels[i] = nick;
          g_string_append_c (used, m);
        }
      else
        g_free (nick);
    }
  for (gint i = 0; i < def->n_params; i++)
    if (!labels[i])
      {
        gchar *nick = plain_nick (&def->params[i]);
        labels[i] = remap_mnemonic (nick, used);
        g_free (nick);
      }
  g_string_free (used, TRUE);
  return labels;
}

GtkWidget *
mc_gtk3_dialog_new (const mc_gtk3_call *call, const char *extra_mnemonics)
{
  gchar *title = dialog_title (call->def->menu_label);
  GtkWidget *dialog = gimp_procedure_dialog_new (call->procedure, call->config, title);
  g_free (title);
  fields_state *s = g_new0 (fields_state, 1);
  s->def = call->def;
  s->config = call->config;
  s->labels = choose_labels (call->def, extra_mnemonics);
  s->group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, s, free_state);
  return dialog;
}

void
mc_gtk3_dialog_pack (GtkWidget *dialog, GtkWidget *child, gboolean expand)
{
  GtkWidget *content = gtk_dialog_get_content_area (GTK_DIALOG (dialog));
  gtk_box_pack_start (GTK_BOX (content), child, expand, expand, 0);
}

GtkWidget *
mc_gtk3_note_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  return label;
}

/* ---- Numbers -------------------------------------------------------------------------------- */

/* An int accepting every 32-bit value is a seed: a spin button with a "New Seed" button. */
static gboolean
is_seed (const mc_param *p)
{
  return (p->flags & MC_PARAM_SEED) || (p->min <= G_MININT32 && p->max >= G_MAXINT32);
}

/* How a number's scale entry shows the table's range (as the GTK2 dialogs do). */
typedef struct
{
  gdouble lower, upper;           /* the slider's range */
  gdouble spin_lower, spin_upper; /* the spin button's: wider when the table sets no bound */
  gdouble step, page;
  gint digits;
  gboolean logarithmic;
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
  r.page = is_int ? CLAMP (rint ((r.upper - r.lower) / 32.0), 1.0, 10.0) : 10.0 * r.step;
  r.logarithmic = r.lower > 0.0 && r.upper / r.lower >= 100.0;
  return r;
}

/* Limits a scale entry (made on the argument's wide range) to the table's range. */
static void
limit_number (GtkWidget *entry, const mc_param *p)
{
  number_range r = range_of (p);
  GimpScaleEntry *se = GIMP_SCALE_ENTRY (entry);
  gimp_scale_entry_set_bounds (se, r.spin_lower, r.spin_upper, FALSE);
  if (r.lower != r.spin_lower || r.upper != r.spin_upper)
    gimp_scale_entry_set_bounds (se, r.lower, r.upper, TRUE);
  gimp_label_spin_set_digits (GIMP_LABEL_SPIN (entry), r.digits);
  gimp_label_spin_set_increments (GIMP_LABEL_SPIN (entry), r.step, r.page);
  if (r.logarithmic)
    gimp_scale_entry_set_logarithmic (se, TRUE);
}

static void
on_new_seed (GtkButton *button, GimpProcedureConfig *config)
{
  const gchar *name = g_object_get_data (G_OBJECT (button), "mc-param");
  g_object_set (config, name, (gint) g_random_int_range (0, G_MAXINT32), NULL);
}

static GtkWidget *
new_seed_button (GimpProcedureConfig *config, const mc_param *p)
{
  GtkWidget *button = gtk_button_new_with_mnemonic ("_New Seed");
  g_object_set_data (G_OBJECT (button), "mc-param", (gpointer) p->name);
  gimp_help_set_help_data (button, "Draw a new random seed into the field", NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (on_new_seed), config);
  return button;
}

/* ---- Choices and texts ---------------------------------------------------------------------- */

/* Codes min..max, labelled by the table's choices (a code past the labels by its number). */
static GimpIntStore *
choice_store (const mc_param *p)
{
  GtkListStore *store = g_object_new (GIMP_TYPE_INT_STORE, NULL);
  const char *const *label = p->choices;
  for (gint code = (gint) p->min; code <= (gint) p->max; code++)
    {
      gchar *number = label && *label ? NULL : g_strdup_printf ("%d", code);
      gtk_list_store_insert_with_values (store, NULL, -1, GIMP_INT_STORE_VALUE, code,
                                         GIMP_INT_STORE_LABEL, number ? number : *label, -1);
      g_free (number);
      if (label && *label)
        label++;
    }
  return GIMP_INT_STORE (store);
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
  gchar *text = g_build_filename (dir, base, NULL);
  g_free (base);
  return text;
}

static void
on_folder_set (GtkFileChooserButton *button, GimpProcedureConfig *config)
{
  const mc_param *p = g_object_get_data (G_OBJECT (button), "mc-param");
  gchar *dir = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (button));
  if (!dir)
    return;
  gchar *now = NULL;
  g_object_get (config, p->name, &now, NULL);
  gchar *text = path_in_folder (kind_of (p), dir, now ? now : "");
  g_object_set (config, p->name, text, NULL);
  g_free (text);
  g_free (now);
  g_free (dir);
}

static GtkWidget *
folder_button (GimpProcedureConfig *config, const mc_param *p, const gchar *title)
{
  static const char *const tips[] = {
    [PATH_FILE] = "Choose the folder; the file name typed is kept",
    [PATH_FOLDER] = "Choose the folder",
    [PATH_GLOB] = "Choose the folder; the wildcards typed are kept, else its *.jpg files",
  };
  path_kind kind = kind_of (p);
  GtkWidget *button = gtk_file_chooser_button_new (title, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
  gtk_file_chooser_button_set_width_chars (GTK_FILE_CHOOSER_BUTTON (button), FOLDER_BUTTON_CHARS);
  gimp_help_set_help_data (button, tips[kind], NULL);
  gchar *now = NULL;
  g_object_get (config, p->name, &now, NULL);
  gchar *dir = kind == PATH_FOLDER ? g_strdup (now ? now : "") : g_path_get_dirname (now ? now : "");
  if (now && *now && g_file_test (dir, G_FILE_TEST_IS_DIR))
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (button), dir);
  g_free (dir);
  g_free (now);
  g_object_set_data (G_OBJECT (button), "mc-param", (gpointer) p);
  g_signal_connect (button, "file-set", G_CALLBACK (on_folder_set), config);
  return button;
}

static void
shape_entry (GtkWidget *labeled, const mc_param *p)
{
  GtkWidget *entry = gimp_label_entry_get_entry (GIMP_LABEL_ENTRY (labeled));
  gint chars = p->flags & MC_PARAM_PATH        ? PATH_ENTRY_CHARS
               : p->flags & MC_PARAM_MULTILINE ? WIDE_ENTRY_CHARS
                                               : ENTRY_CHARS;
  gtk_entry_set_width_chars (GTK_ENTRY (entry), chars);
  if (p->size > 1)
    gtk_entry_set_max_length (GTK_ENTRY (entry), (gint) MIN (p->size - 1, 65535));
  gtk_widget_set_hexpand (entry, TRUE);
}

/* ---- The field ------------------------------------------------------------------------------ */

/* The labelled widget of p: GimpProcedureDialog's own when its label is the argument's nick, else
 * the same libgimpui widget with label. */
static GtkWidget *
labeled_widget (GtkWidget *dialog, const fields_state *s, const mc_param *p, const gchar *label)
{
  GimpProcedureDialog *pd = GIMP_PROCEDURE_DIALOG (dialog);
  GObject *config = G_OBJECT (s->config);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (config), p->name);
  gboolean own = !pspec || g_strcmp0 (g_param_spec_get_nick (pspec), label) != 0;
  GtkWidget *w;
  if (p->flags & MC_PARAM_CHOICE)
    {
      /* GimpProcedureDialog keeps the store it is given (libgimp 3.0.4); the combo box refs
       * its model. */
      GimpIntStore *store = choice_store (p);
      if (own)
        {
          w = gimp_label_int_widget_new (label, gimp_prop_int_combo_box_new (config, p->name,
                                                                            store));
          g_object_unref (store);
        }
      else
        w = gimp_procedure_dialog_get_int_combo (pd, p->name, store);
    }
  else if (p->type == MC_PARAM_STRING)
    w = own ? gimp_prop_label_entry_new (config, p->name, -1)
            : gimp_procedure_dialog_get_widget (pd, p->name, GIMP_TYPE_LABEL_ENTRY);
  else if (is_seed (p))
    w = own ? gimp_prop_label_spin_new (config, p->name, 0)
            : gimp_procedure_dialog_get_widget (pd, p->name, GIMP_TYPE_LABEL_SPIN);
  else
    w = own ? gimp_prop_scale_entry_new (config, p->name, label, 1.0, FALSE, 0.0, 0.0)
            : gimp_procedure_dialog_get_scale_entry (pd, p->name, 1.0);
  if (own && w)
    {
      gtk_label_set_text_with_mnemonic (GTK_LABEL (gimp_labeled_get_label (GIMP_LABELED (w))),
                                        label);
      gimp_help_set_help_data (w, p->blurb, NULL);
    }
  return w;
}

/* The widget that holds the value, inside a labelled widget. */
static GtkWidget *
input_of (GtkWidget *labeled, const mc_param *p)
{
  if (p->flags & MC_PARAM_CHOICE)
    return gimp_label_int_widget_get_widget (GIMP_LABEL_INT_WIDGET (labeled));
  if (p->type == MC_PARAM_STRING)
    return gimp_label_entry_get_entry (GIMP_LABEL_ENTRY (labeled));
  return gimp_label_spin_get_spin_button (GIMP_LABEL_SPIN (labeled));
}

/* A unit the label does not name goes right of the field. */
static void
add_unit (GtkWidget *row, const mc_param *p)
{
  if (!p->unit || !*p->unit || (p->label && strstr (p->label, p->unit)))
    return;
  gtk_box_pack_start (GTK_BOX (row), gtk_label_new (p->unit), FALSE, FALSE, 0);
}

static void
fit_label (GtkWidget *labeled, GtkSizeGroup *group)
{
  GtkWidget *label = gimp_labeled_get_label (GIMP_LABELED (labeled));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (g_utf8_strlen (gtk_label_get_text (GTK_LABEL (label)), -1) > LABEL_WRAP_CHARS)
    {
      gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), LABEL_WRAP_CHARS + 4);
    }
  gtk_size_group_add_widget (group, label);
}

GtkWidget *
mc_gtk3_field (GtkWidget *dialog, const char *name)
{
  fields_state *s = state_of (dialog);
  g_return_val_if_fail (s != NULL && name != NULL, NULL);
  const mc_param *p = mc_proc_param (s->def, name);
  g_return_val_if_fail (p != NULL, NULL);
  const gchar *label = s->labels[p - s->def->params];
  GtkWidget *w = labeled_widget (dialog, s, p, label);
  g_return_val_if_fail (w != NULL, NULL);
  if (p->type == MC_PARAM_STRING)
    shape_entry (w, p);
  else if (!(p->flags & MC_PARAM_CHOICE) && !is_seed (p))
    limit_number (w, p);
  fit_label (w, s->group);
  gtk_widget_set_hexpand (w, TRUE);

  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_pack_start (GTK_BOX (row), w, TRUE, TRUE, 0);
  add_unit (row, p);
  if (p->type == MC_PARAM_STRING && (p->flags & MC_PARAM_PATH))
    {
      gchar *title = g_strdup (gtk_label_get_text (GTK_LABEL (
        gimp_labeled_get_label (GIMP_LABELED (w)))));
      gtk_box_pack_start (GTK_BOX (row), folder_button (s->config, p, title), FALSE, FALSE, 0);
      g_free (title);
    }
  else if (p->type == MC_PARAM_INT && is_seed (p) && !(p->flags & MC_PARAM_CHOICE))
    gtk_box_pack_start (GTK_BOX (row), new_seed_button (s->config, p), FALSE, FALSE, 0);
  GtkWidget *input = input_of (w, p);
  gtk_widget_set_valign (input, GTK_ALIGN_CENTER); /* beside a label that wraps */
  g_object_set_data (G_OBJECT (row), INPUT_KEY, input);
  gtk_widget_show_all (row);
  return row;
}

GtkWidget *
mc_gtk3_field_input (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), INPUT_KEY);
}

GtkWidget *
mc_gtk3_fields_box (GtkWidget *dialog, const char *const *names)
{
  fields_state *s = state_of (dialog);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  if (names)
    for (const char *const *n = names; *n; n++)
      gtk_box_pack_start (GTK_BOX (box), mc_gtk3_field (dialog, *n), FALSE, FALSE, 0);
  else
    for (gint i = 0; i < s->def->n_params; i++)
      gtk_box_pack_start (GTK_BOX (box), mc_gtk3_field (dialog, s->def->params[i].name), FALSE,
                          FALSE, 0);
  gtk_widget_show (box);
  return box;
}

/* ---- Values ----------------------------------------------------------------------------------- */

void
mc_gtk3_read_vals (const mc_proc_def *def, GimpProcedureConfig *config, void *vals)
{
  mc_vals_default (def, vals);
  for (gint i = 0; i < def->n_params; i++)
    {
      const mc_param *p = &def->params[i];
      gint iv = 0;
      gdouble dv = 0.0;
      gchar *sv = NULL;
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
          mc_vals_set_string (p, vals, sv ? sv : "");
          g_free (sv);
          break;
        }
    }
}

typedef struct
{
  const mc_proc_def *def;
  mc_gtk3_changed_fn changed;
  gpointer data;
  GimpProcedureConfig *config;
  gulong handler;
} watch_state;

static void
on_config_notify (GObject *config, GParamSpec *pspec, watch_state *w)
{
  (void) config;
  if (mc_proc_param (w->def, pspec->name))
    w->changed (pspec->name, w->data);
}

static void
on_dialog_destroy (GtkWidget *dialog, watch_state *w)
{
  (void) dialog;
  if (w->handler)
    g_signal_handler_disconnect (w->config, w->handler);
  w->handler = 0;
}

static void
free_watch (gpointer data, GClosure *closure)
{
  (void) closure;
  g_free (data);
}

void
mc_gtk3_watch (GtkWidget *dialog, mc_gtk3_changed_fn changed, gpointer data)
{
  fields_state *s = state_of (dialog);
  watch_state *w = g_new0 (watch_state, 1);
  w->def = s->def;
  w->changed = changed;
  w->data = data;
  w->config = s->config;
  w->handler = g_signal_connect (s->config, "notify", G_CALLBACK (on_config_notify), w);
  g_signal_connect_data (dialog, "destroy", G_CALLBACK (on_dialog_destroy), w,
                         free_watch, 0);
}
