/* proc_augment_files.c: plug-in-medclust-augment-files, "Augment Files…": its table (parameters,
 * returns, menu, help), its check (texts, folders, a recipe that parses, without mix) and its run
 * step: every file matching a pattern (and its mask) through a recipe, repeats times, written as
 * PNG files into an output folder with manifest.csv, which records every drawn number and the
 * seed so the set can be made again bit for bit. Inputs are never modified; outputs of another
 * run are never overwritten. */
#include "mc_augment_run.h"
#include "mc_csv.h"
#include "mc_files.h"
#include "mc_host.h"
#include "mc_proc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const PROC = MC_AUGMENT_FILES_PROC;
#define MANIFEST_NAME "manifest.csv"
#define MANIFEST_HEADER "source,mask_source,output,mask_output,recipe,variant,repeat,seed," \
                        "draw_seed,operations,status\n"
#define STATUS_PENDING "pending"
#define V(field) offsetof (mc_augment_files_vals, field)
#define SIZE(field) sizeof (((mc_augment_files_vals *) NULL)->field)

static const char HELP[]
  = "Applies a recipe of augmentations (the language of plug-in-medclust-augment, without mix, "
    "which needs a layer) to every file matching pattern, repeats times, and writes each result "
    "as an 8-bit RGBA PNG into out-dir, named <base>__<slug>__<repeat>.png: base is the input's "
    "file name without its extension, repeat counts from 0, and slug is the variant's text in "
    "lower case with ranges kept, where every run of characters other than a-z, 0-9, '.' and "
    "'-' becomes one '_' (\"rotate -30..30 + flip h\" -> \"rotate_-30..30_flip_h\"; a repeated "
    "variant gets \"-2\", \"-3\"...).\n"
    "Masks: when masks-dir is not \"\", the mask of an image is <masks-dir>/<base>.png (grey, "
    ">= 50% = lesion), of the image's size; it follows every rotate and flip (nearest "
    "neighbour) and is written beside its image as <base>__<slug>__<repeat>_mask.png (0 / 255). "
    "An image without its mask is a failed file.\n"
    "manifest.csv has a header and one row per output, file by file, repeat by repeat, variant "
    "by variant: source, mask_source, output, mask_output (names inside out-dir), recipe, "
    "variant (0-based), repeat (0-based), seed, draw_seed, operations (the variant with the "
    "numbers drawn, e.g. \"rotate 17.3 + flip h + blur 1.2\") and status (\"ok\" or why the "
    "output is missing).\n"
    "Randomness: every file draws its own numbers, from draw_seed = seed XOR the 32-bit FNV-1a "
    "hash of its base name (so files do not all get the same angles, and a file's outputs do "
    "not change when other files are added); the recipe, variant, repeat and draw_seed "
    "regenerate every output bit for bit.\n"
    "Safety: out-dir is created when missing and must be neither the folder of an input nor "
    "masks-dir, so inputs are never overwritten. When an output name (or manifest.csv) already "
    "exists in out-dir, the call is refused before any work unless out-dir's manifest.csv is the "
    "one this call writes (the same files, masks, recipe, repeats and seed): re-running a run is "
    "allowed, overwriting another run is not.\n"
    "A file that cannot be read (or lacks its mask) is reported in its manifest rows and skipped; "
    "the run goes on. Progress shows \"file i of N\". Returns the number of images written and "
    "the number of input files that failed.";

/* ---- The table ---------------------------------------------------------------------------- */

static const mc_param params[] = {
  { "pattern", MC_PARAM_STRING, V (pattern), SIZE (pattern), 0, 0, 0, "",
    "a glob of image files, e.g. \"/data/*.jpg\"", "", "_Images:",
    "Glob of the input images, e.g. \"/data/derm/*.jpg\"", NULL, MC_PARAM_PATH },
  { "masks-dir", MC_PARAM_STRING, V (masks_dir), SIZE (masks_dir), 0, 0, 0, "",
    "an existing folder of <base>.png masks, or \"\" for none", "", "_Masks folder:",
    "Folder of the masks, <base>.png each; \"\" = no masks", NULL, MC_PARAM_PATH },
  { "out-dir", MC_PARAM_STRING, V (out_dir), SIZE (out_dir), 0, 0, 0, "",
    "the path of an output folder (created when missing; not an input folder)", "",
    "_Output folder:", "Output folder (created when missing; not an input folder)", NULL,
    MC_PARAM_PATH },
  { "recipe", MC_PARAM_STRING, V (aug.recipe), SIZE (aug.recipe), 0, 0, 0,
    MC_AUGMENT_DEFAULT_RECIPE,
    "variants separated by ';' of operations joined by '+', without mix, e.g. \""
    MC_AUGMENT_DEFAULT_RECIPE "\"",
    "", "_Recipe:",
    "Variants separated by ';' of operations joined by '+', e.g. "
    "\"rotate -30..30 + flip h + blur 0..2\" (no mix)",
    NULL, MC_PARAM_MULTILINE },
  { "repeats", MC_PARAM_INT, V (aug.repeats), 0, 1, MC_AUGMENT_MAX_REPEATS, 1, NULL, "1..1000",
    "", "Re_peats:", "How many times the recipe is applied to each file, 1..1000", NULL, 0 },
  { "seed", MC_PARAM_INT, V (aug.seed), 0, G_MININT32, G_MAXINT32, 0, NULL, "any integer", "",
    "S_eed:", "Seed of every drawn number and of erase's noise", NULL, MC_PARAM_SEED },
};

static const mc_ret rets[] = {
  { "num-written", MC_RET_INT, "Number of augmented images written" },
  { "num-failed", MC_RET_INT, "Number of input files that failed (see manifest.csv)" },
};

/* ---- Checks ------------------------------------------------------------------------------- */

static gboolean
refuse (mc_return *ret, const char *param, const char *value, const char *problem,
        const char *accepted)
{
  mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s: %s = \"%s\" %s; accepted: %s", PROC, param,
                   value, problem, accepted);
  return FALSE;
}

/* Checks the texts (the table checks the numbers); the folders' relations to the inputs are
 * checked once globbed. */
static gboolean
check_plain_vals (mc_return *ret, const mc_augment_files_vals *v)
{
  if (!v->pattern[0])
    return refuse (ret, "pattern", "", "is empty", "a glob of image files, e.g. \"/data/*.jpg\"");
  if (!v->out_dir[0])
    return refuse (ret, "out-dir", "", "is empty", "the path of an output folder");
  if (!v->aug.recipe[0])
    return refuse (ret, "recipe", "", "is empty", "e.g. \"" MC_AUGMENT_DEFAULT_RECIPE "\"");
  if (v->masks_dir[0] && !g_file_test (v->masks_dir, G_FILE_TEST_IS_DIR))
    return refuse (ret, "masks-dir", v->masks_dir, "is not a folder",
                   "an existing folder of <base>.png masks, or \"\" for none");
  if (g_file_test (v->out_dir, G_FILE_TEST_EXISTS)
      && !g_file_test (v->out_dir, G_FILE_TEST_IS_DIR))
    return refuse (ret, "out-dir", v->out_dir, "is a file", "a folder (created when missing)");
  return TRUE;
}

/* Checks the values and parses the recipe; NULL (with ret filled) when a value is refused. */
static mc_recipe *
check_vals (mc_return *ret, const mc_augment_files_vals *v)
{
  if (!check_plain_vals (ret, v))
    return NULL;
  gchar *why = NULL;
  mc_recipe *recipe = mc_augment_parse (PROC, v->aug.recipe, &why);
  if (!recipe)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR, "%s", why);
      g_free (why);
      return NULL;
    }
  if (mc_recipe_num_layers (recipe) > 0)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: recipe = \"%s\" uses mix (with layer \"%s\"), which needs a layer of "
                       "an image; accepted: a recipe without mix (use plug-in-medclust-augment "
                       "on an image to mix layers)",
                       PROC, v->aug.recipe, mc_recipe_layer (recipe, 0));
      mc_recipe_free (recipe);
      return NULL;
    }
  return recipe;
}

/* TRUE when a and b name the same existing folder (b may be a file's path: its folder counts). */
static gboolean
same_folder (const char *a_real, const char *b, gboolean b_is_file)
{
  gchar *dir = b_is_file ? g_path_get_dirname (b) : g_strdup (b);
  char *real = realpath (dir, NULL);
  gboolean same = real && a_real && strcmp (real, a_real) == 0;
  free (real);
  g_free (dir);
  return same;
}

/* out-dir must be neither an input's folder nor the masks folder, compared as real paths so
 * that "a/../b", symbolic links and trailing slashes cannot hide the match. */
static gboolean
check_out_dir (mc_return *ret, const mc_augment_files_vals *v, gchar **files)
{
  char *out_real = realpath (v->out_dir, NULL);
  if (!out_real)
    return TRUE; /* a folder still to be created is nobody's folder */
  gboolean ok = TRUE;
  if (v->masks_dir[0] && same_folder (out_real, v->masks_dir, FALSE))
    ok = refuse (ret, "out-dir", v->out_dir, "is the masks folder",
                 "another folder, so no input is ever overwritten");
  for (gint i = 0; ok && files[i]; i++)
    if (same_folder (out_real, files[i], TRUE))
      {
        gchar *problem = g_strdup_printf ("is the folder of the input %s", files[i]);
        ok = refuse (ret, "out-dir", v->out_dir, problem,
                     "another folder than the inputs', so no input is ever overwritten");
        g_free (problem);
      }
  free (out_real);
  return ok;
}

/* ---- The plan of the run: one manifest row per output ------------------------------------ */

typedef struct
{
  gint file;      /* index into the file list */
  gint variant;   /* 0-based */
  gint repeat;    /* 0-based */
  gchar *output;  /* name inside out-dir */
  gchar *mask_output; /* name inside out-dir, or "" without masks */
  gchar *fields;  /* the row's CSV text up to (without) the status */
  gchar *failed_fields; /* the same without output names, for a row whose output is missing */
  gchar *status;  /* "pending", "ok" or "error: " and why the output is missing */
} out_row;

typedef struct
{
  const mc_augment_files_vals *vals;
  const mc_recipe *recipe;
  gchar **files;
  gint n_files;
  gchar **mask_paths; /* per file; NULL entries without masks */
  guint32 *draw_seeds; /* per file: the seed its numbers are drawn from */
  gint n_variants;
  out_row *rows;      /* file-major, then repeat, then variant */
  gint n_rows;
} run_plan;

/* seed XOR the FNV-1a hash of the file's base name: each file draws its own numbers, which do
 * not depend on the other files. */
static guint32
file_draw_seed (gint32 seed, const char *stem)
{
  guint32 h = 2166136261u;
  for (const unsigned char *c = (const unsigned char *) stem; *c; c++)
    h = (h ^ *c) * 16777619u;
  return (guint32) seed ^ h;
}

/* The numbers of one output row. */
static void
row_plan (const run_plan *p, const out_row *row, mc_aug_plan *plan)
{
  mc_status st
    = mc_recipe_draw (p->recipe, row->variant, row->repeat, p->draw_seeds[row->file], plan);
  /* Variant and repeat come from the recipe and the checked repeats: never out of range. */
  g_assert (st == MC_OK);
}

/* The row's fields; without the output names when with_outputs is FALSE. */
static gchar *
row_fields (const run_plan *p, const out_row *row, gboolean with_outputs)
{
  mc_aug_plan plan;
  char ops[2048], num[4][32];
  row_plan (p, row, &plan);
  mc_aug_plan_text (&plan, ops, sizeof ops);
  g_snprintf (num[0], sizeof num[0], "%d", row->variant);
  g_snprintf (num[1], sizeof num[1], "%d", row->repeat);
  g_snprintf (num[2], sizeof num[2], "%d", p->vals->aug.seed);
  g_snprintf (num[3], sizeof num[3], "%u", p->draw_seeds[row->file]);
  const char *mask_source = p->mask_paths[row->file] ? p->mask_paths[row->file] : "";
  const char *fields[] = { p->files[row->file], mask_source, with_outputs ? row->output : "",
                           with_outputs ? row->mask_output : "", p->vals->aug.recipe, num[0],
                           num[1], num[2], num[3], ops };
  GString *s = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i)
        g_string_append_c (s, ',');
      mc_csv_append_field (s, fields[i]);
    }
  return g_string_free (s, FALSE); /* the status follows with its own comma */
}

static void
plan_rows (run_plan *p)
{
  gint repeats = p->vals->aug.repeats;
  p->n_rows = p->n_files * repeats * p->n_variants;
  p->rows = g_new0 (out_row, p->n_rows);
  /* A base name already used by an earlier file would give the same output names. */
  GHashTable *first_with_stem = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint k = 0;
  for (gint f = 0; f < p->n_files; f++)
    {
      gchar *stem = mc_files_stem (p->files[f]);
      const char *clash = g_hash_table_lookup (first_with_stem, stem);
      if (!clash)
        g_hash_table_insert (first_with_stem, g_strdup (stem), p->files[f]);
      for (gint r = 0; r < repeats; r++)
        for (gint v = 0; v < p->n_variants; v++, k++)
          {
            out_row *row = &p->rows[k];
            row->file = f;
            row->variant = v;
            row->repeat = r;
            const char *slug = mc_recipe_variant_slug (p->recipe, v);
            row->output = clash ? g_strdup ("")
                                : g_strdup_printf ("%s__%s__%d.png", stem, slug, r);
            row->mask_output = clash || !p->mask_paths[f]
                                 ? g_strdup ("")
                                 : g_strdup_printf ("%s__%s__%d_mask.png", stem, slug, r);
            row->fields = row_fields (p, row, TRUE);
            row->failed_fields = row_fields (p, row, FALSE);
            row->status = clash ? g_strdup_printf ("error: its base name %s is already used by "
                                                   "%s; outputs would collide",
                                                   stem, clash)
                                : g_strdup (STATUS_PENDING);
          }
      g_free (stem);
    }
  g_hash_table_destroy (first_with_stem);
}

static void
make_plan (run_plan *p, const mc_augment_files_vals *v, const mc_recipe *recipe, gchar **files,
           gint n_files)
{
  memset (p, 0, sizeof *p);
  p->vals = v;
  p->recipe = recipe;
  p->files = files;
  p->n_files = n_files;
  p->n_variants = mc_recipe_num_variants (recipe);
  p->mask_paths = g_new0 (gchar *, n_files + 1);
  p->draw_seeds = g_new0 (guint32, n_files + 1);
  for (gint f = 0; f < n_files; f++)
    {
      gchar *stem = mc_files_stem (files[f]);
      p->draw_seeds[f] = file_draw_seed (v->aug.seed, stem);
      if (v->masks_dir[0])
        {
          gchar *name = g_strconcat (stem, ".png", NULL);
          p->mask_paths[f] = g_build_filename (v->masks_dir, name, NULL);
          g_free (name);
        }
      g_free (stem);
    }
  plan_rows (p);
}

static void
free_plan (run_plan *p)
{
  for (gint i = 0; i < p->n_rows; i++)
    {
      g_free (p->rows[i].output);
      g_free (p->rows[i].mask_output);
      g_free (p->rows[i].fields);
      g_free (p->rows[i].failed_fields);
      g_free (p->rows[i].status);
    }
  g_free (p->rows);
  g_free (p->draw_seeds);
  for (gint f = 0; f < p->n_files; f++)
    g_free (p->mask_paths[f]);
  g_free (p->mask_paths);
}

/* ---- The manifest ------------------------------------------------------------------------- */

static gchar *
manifest_text (const run_plan *p)
{
  GString *s = g_string_new (MANIFEST_HEADER);
  for (gint i = 0; i < p->n_rows; i++)
    {
      /* A row whose output is missing names no output file. */
      gboolean missing = g_str_has_prefix (p->rows[i].status, "error: ");
      g_string_append (s, missing ? p->rows[i].failed_fields : p->rows[i].fields);
      g_string_append_c (s, ',');
      mc_csv_append_field (s, p->rows[i].status);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* Skips one CSV field at s (quoted or not) and returns what follows it. */
static const char *
skip_csv_field (const char *s)
{
  if (*s != '"')
    return s + strcspn (s, ",\r\n");
  for (s++; *s; s++)
    if (*s == '"')
      {
        if (s[1] != '"')
          return s + 1;
        s++;
      }
  return s;
}

/* The length of row's fields at s (with or without its output names), or 0 when they differ. */
static gsize
row_matches (const out_row *row, const char *s)
{
  const char *versions[2] = { row->fields, row->failed_fields };
  for (int k = 0; k < 2; k++)
    {
      gsize n = strlen (versions[k]);
      if (strncmp (s, versions[k], n) == 0 && s[n] == ',')
        return n;
    }
  return 0;
}

/* TRUE when text is the manifest this run writes: the same rows with any status (a row that
 * failed without its output names). */
static gboolean
manifest_matches (const run_plan *p, const char *text)
{
  gsize header = strlen (MANIFEST_HEADER);
  if (strncmp (text, MANIFEST_HEADER, header) != 0)
    return FALSE;
  const char *s = text + header;
  for (gint i = 0; i < p->n_rows; i++)
    {
      gsize n = row_matches (&p->rows[i], s);
      if (n == 0)
        return FALSE;
      s = skip_csv_field (s + n + 1);
      if (*s != '\n')
        return FALSE;
      s++;
    }
  return *s == '\0';
}

/* The first output name of this run that already exists in out-dir (or NULL): the images and
 * masks first, as they say more than the manifest. */
static const char *
first_existing_output (const run_plan *p, const char *out_dir)
{
  static const char *const manifest = MANIFEST_NAME;
  const char *found = NULL;
  for (gint i = 0; i <= p->n_rows && !found; i++)
    {
      gboolean last = i == p->n_rows;
      const char *names[2] = { last ? manifest : p->rows[i].output,
                               last ? "" : p->rows[i].mask_output };
      for (int k = 0; k < 2 && !found; k++)
        if (names[k][0])
          {
            gchar *path = g_build_filename (out_dir, names[k], NULL);
            if (g_file_test (path, G_FILE_TEST_EXISTS))
              found = names[k];
            g_free (path);
          }
    }
  return found;
}

/* Refuses to overwrite anything but the outputs of an earlier run with the same manifest. */
static gboolean
check_overwrite (mc_return *ret, const run_plan *p, const char *out_dir)
{
  const char *existing = first_existing_output (p, out_dir);
  if (!existing)
    return TRUE;
  gchar *path = g_build_filename (out_dir, MANIFEST_NAME, NULL);
  gchar *text = NULL;
  gboolean same = g_file_get_contents (path, &text, NULL, NULL) && manifest_matches (p, text);
  g_free (text);
  g_free (path);
  if (same)
    return TRUE;
  mc_return_error (ret, MC_PDB_CALLING_ERROR,
                   "%s: out-dir = \"%s\" already holds \"%s\" and its %s is not the one this "
                   "call writes (another run, or other files, masks, recipe, repeats or seed); "
                   "accepted: a new or empty folder, or the folder of an earlier run with the "
                   "same parameters",
                   PROC, out_dir, existing, MANIFEST_NAME);
  return FALSE;
}

static gboolean
write_manifest (const run_plan *p, const char *out_dir, gchar **error)
{
  gchar *path = g_build_filename (out_dir, MANIFEST_NAME, NULL);
  gchar *text = manifest_text (p);
  GError *err = NULL;
  /* g_file_set_contents writes a temporary file and renames it: never a half manifest. */
  gboolean ok = g_file_set_contents (path, text, -1, &err);
  if (!ok)
    {
      *error = g_strdup_printf ("cannot write %s: %s", path, err->message);
      g_error_free (err);
    }
  g_free (text);
  g_free (path);
  return ok;
}

/* ---- The work ----------------------------------------------------------------------------- */

static void
set_status (out_row *row, const char *status)
{
  g_free (row->status);
  row->status = g_strdup (status);
  /* One line per row: a message never breaks the manifest's layout. */
  g_strdelimit (row->status, "\r\n", ' ');
}

/* Loads file f and its mask into src; FALSE with a message when either fails. */
static gboolean
load_source (const run_plan *p, gint f, mc_augment_source *src, gchar **error)
{
  gint w, h, mw, mh;
  float *rgba = NULL;
  uint8_t *mask = NULL;
  if (!mc_files_load_rgba (p->files[f], &w, &h, &rgba, error))
    return FALSE;
  const char *mask_path = p->mask_paths[f];
  if (mask_path && !mc_files_load_mask (mask_path, &mw, &mh, &mask, error))
    {
      g_free (rgba);
      return FALSE;
    }
  if (mask && (mw != w || mh != h))
    {
      *error = g_strdup_printf ("mask %s is %dx%d but the image is %dx%d", mask_path, mw, mh, w,
                                h);
      g_free (rgba);
      g_free (mask);
      return FALSE;
    }
  mc_augment_source_wrap (src, rgba, mask, w, h);
  return TRUE;
}

/* Makes and writes one output row; FALSE with a message on failure. */
static gboolean
write_output (const run_plan *p, const out_row *row, const mc_augment_source *src,
              const mc_monitor *mon, gchar **error)
{
  mc_aug_plan plan;
  mc_aug_result result;
  row_plan (p, row, &plan);
  mc_status st = mc_augment_apply (src, &plan, &result, mon);
  if (st != MC_OK)
    {
      *error = g_strdup_printf ("augmentation failed: %s", mc_status_text (st));
      return FALSE;
    }
  gchar *path = g_build_filename (p->vals->out_dir, row->output, NULL);
  gboolean ok = mc_files_save_png_rgba (path, result.width, result.height, result.rgba, error);
  g_free (path);
  if (ok && result.mask)
    {
      path = g_build_filename (p->vals->out_dir, row->mask_output, NULL);
      ok = mc_files_save_png_mask (path, result.width, result.height, result.mask, error);
      g_free (path);
    }
  mc_aug_result_clear (&result);
  return ok;
}

/* Runs every row of file f (rows[first..first+count)). Returns the number of images written;
 * *failed is set when the file failed in any way. */
static gint
augment_file (run_plan *p, gint f, gint first, gint count, gboolean *failed)
{
  mc_augment_source src;
  gchar *why = NULL;
  gint written = 0;
  *failed = FALSE;
  if (!load_source (p, f, &src, &why))
    {
      gchar *status = g_strdup_printf ("error: %s", why);
      for (gint i = first; i < first + count; i++)
        set_status (&p->rows[i], status);
      g_free (status);
      g_free (why);
      *failed = TRUE;
      return 0;
    }
  for (gint i = first; i < first + count; i++)
    {
      mc_progress_span span;
      double lo = (f + (double) (i - first) / count) / p->n_files;
      mc_monitor mon = mc_progress_monitor (&span, lo, lo + 1.0 / count / p->n_files);
      if (write_output (p, &p->rows[i], &src, &mon, &why))
        {
          set_status (&p->rows[i], "ok");
          written++;
        }
      else
        {
          gchar *status = g_strdup_printf ("error: %s", why);
          set_status (&p->rows[i], status);
          g_free (status);
          g_clear_pointer (&why, g_free);
          *failed = TRUE;
        }
    }
  mc_augment_source_free (&src);
  return written;
}

static void
augment_all (run_plan *p, gint *written, gint *failed)
{
  gint per_file = p->vals->aug.repeats * p->n_variants;
  *written = *failed = 0;
  for (gint f = 0; f < p->n_files; f++)
    {
      mc_files_progress ("Augmenting files", f, p->n_files, p->files[f]);
      gint first = f * per_file;
      gboolean file_failed = strcmp (p->rows[first].status, STATUS_PENDING) != 0;
      if (!file_failed)
        *written += augment_file (p, f, first, per_file, &file_failed);
      *failed += file_failed;
    }
}

/* The work once nothing is refused: the pending manifest first, so that an interrupted run can
 * be re-run; then every file; then the manifest with every output's status. */
static void
write_outputs (mc_return *ret, const mc_augment_files_vals *v, run_plan *plan)
{
  gchar *why = NULL;
  gint written = 0, failed = 0;
  if (!mc_files_prepare_dir (v->out_dir, &why) || !write_manifest (plan, v->out_dir, &why))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: out-dir = \"%s\": %s", PROC,
                       v->out_dir, why);
      g_free (why);
      return;
    }
  augment_all (plan, &written, &failed);
  if (!write_manifest (plan, v->out_dir, &why))
    {
      mc_return_error (ret, MC_PDB_EXECUTION_ERROR, "%s: %s", PROC, why);
      g_free (why);
      return;
    }
  mc_return_int (ret, written);
  mc_return_int (ret, failed);
}

/* Everything after the values are checked: glob, plan, refuse overwrites, then the work. */
static void
run_files (mc_return *ret, const mc_augment_files_vals *v, const mc_recipe *recipe)
{
  gint n_files = 0;
  gchar *why = NULL;
  gchar **files = mc_files_glob (v->pattern, &n_files, &why);
  if (!files)
    {
      mc_return_error (ret, MC_PDB_CALLING_ERROR,
                       "%s: %s; accepted: a glob, or @ and a readable text file of paths", PROC,
                       why);
      g_free (why);
      return;
    }
  if (n_files == 0)
    refuse (ret, "pattern", v->pattern, "matches no file", "a glob that matches image files");
  else if (check_out_dir (ret, v, files))
    {
      run_plan plan;
      make_plan (&plan, v, recipe, files, n_files);
      if (check_overwrite (ret, &plan, v->out_dir))
        write_outputs (ret, v, &plan);
      free_plan (&plan);
    }
  g_strfreev (files);
}

/* ---- The steps ---------------------------------------------------------------------------- */

/* Everything that needs no file list: refused before the run starts. */
static gboolean
augment_files_check (const mc_call *call, mc_return *ret)
{
  mc_recipe *recipe = check_vals (ret, call->vals);
  if (!recipe)
    return FALSE;
  mc_recipe_free (recipe);
  return TRUE;
}

/* The recipe is parsed again (cheap); the checks that need the file list come first. */
static void
augment_files_run (const mc_call *call, mc_return *ret)
{
  const mc_augment_files_vals *v = call->vals;
  mc_recipe *recipe = check_vals (ret, v);
  if (recipe)
    {
      run_files (ret, v, recipe);
      mc_recipe_free (recipe);
    }
}

const mc_proc_def mc_proc_augment_files = {
  .name = MC_AUGMENT_FILES_PROC,
  .menu_label = "Augment _Files…",
  .menu_path = MC_MENU_BATCH,
  .blurb = "Augment every image of a folder (with its mask) into new files with a recipe, "
           "recorded in manifest.csv",
  .help = HELP,
  .kind = MC_PROC_BATCH,
  .progress_text = "Augmenting files",
  .vals_size = sizeof (mc_augment_files_vals),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .rets = rets,
  .n_rets = G_N_ELEMENTS (rets),
  .check = augment_files_check,
  .run = augment_files_run,
};
