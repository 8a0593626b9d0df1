/* test_e2e_augment_files.c: plug-in-medclust-augment-files end to end in a headless GIMP 2.10,
 * on a temporary folder of synthetic lesion images with masks and one corrupt file: the outputs
 * and masks are written under the documented names and agree with their sources, manifest.csv
 * records every output, the corrupt file is counted and reported, the inputs are unchanged, a
 * re-run with the same parameters is allowed and gives the same bytes, and overwriting another
 * run, writing into an input folder and bad parameters are refused. */
#include "harness.h"

#include <math.h>
#include <string.h>

#define RECIPE "rotate 90; flip h + blur 0..1; rotate -20..20"
#define REPEATS 2
#define SEED 5
#define N_GOOD 3

typedef struct
{
  const char *base;
  int width, height;
  int cx, cy, radius; /* the lesion disc */
} synth_spec;

static const synth_spec specs[N_GOOD] = {
  { "lesion_a", 96, 64, 30, 26, 14 },
  { "lesion_b", 80, 80, 50, 44, 18 },
  { "lesion_c", 70, 100, 28, 64, 16 },
};

/* Folders of one test: inputs, masks, and the root for outputs. */
typedef struct
{
  gchar *in, *masks, *root;
} folders;

static gboolean
in_disc (const synth_spec *s, int x, int y)
{
  int dx = x - s->cx, dy = y - s->cy;
  return dx * dx + dy * dy <= s->radius * s->radius;
}

/* Skin with a gentle gradient (so every pixel differs from its mirror) and a dark disc. */
static void
write_inputs (const folders *f)
{
  for (int k = 0; k < N_GOOD; k++)
    {
      const synth_spec *s = &specs[k];
      E2eImage img, mask;
      e2e_image_alloc (&img, s->width, s->height);
      e2e_image_alloc (&mask, s->width, s->height);
      for (int y = 0; y < s->height; y++)
        for (int x = 0; x < s->width; x++)
          {
            float *p = e2e_image_pixel (&img, x, y), *m = e2e_image_pixel (&mask, x, y);
            gboolean lesion = in_disc (s, x, y);
            p[0] = lesion ? 0.25f : 0.80f + 0.1f * x / s->width;
            p[1] = lesion ? 0.15f : 0.60f + 0.1f * y / s->height;
            p[2] = lesion ? 0.10f : 0.55f;
            p[3] = 1.0f;
            m[0] = m[1] = m[2] = lesion ? 1.0f : 0.0f;
            m[3] = 1.0f;
          }
      gchar *name = g_strconcat (s->base, ".png", NULL);
      gchar *path = g_build_filename (f->in, name, NULL), *mpath
        = g_build_filename (f->masks, name, NULL);
      g_assert_true (e2e_image_save_png (&img, path, 8));
      g_assert_true (e2e_image_save_png (&mask, mpath, 8));
      g_free (path);
      g_free (mpath);
      g_free (name);
      e2e_image_clear (&img);
      e2e_image_clear (&mask);
    }
  gchar *bad = g_build_filename (f->in, "broken.png", NULL);
  g_assert_true (g_file_set_contents (bad, "\x89PNG\r\n\x1a\nthis is not an image", -1, NULL));
  g_free (bad);
}

static gchar *
file_checksum (const char *path)
{
  gchar *data = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("missing");
  gchar *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_free (data);
  return sum;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Checksums of every file of a folder, "name=sum\n" sorted by name. */
static gchar *
folder_checksums (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      gchar *path = g_build_filename (dir, name, NULL), *sum = file_checksum (path);
      g_ptr_array_add (lines, g_strdup_printf ("%s=%s\n", name, sum));
      g_free (sum);
      g_free (path);
    }
  g_dir_close (d);
  g_ptr_array_sort (lines, compare_strings);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append (s, g_ptr_array_index (lines, i));
  g_ptr_array_free (lines, TRUE);
  return g_string_free (s, FALSE);
}

/* ---- manifest.csv ------------------------------------------------------------------------- */

/* Splits CSV text (RFC 4180 quoting) into rows of fields. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;
  while (*p)
    {
      if (*p == '"')
        {
          for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
            {
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          if (*p)
            p++;
          continue;
        }
      if (*p == ',' || *p == '\n')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          if (*p == '\n')
            {
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (rows, g_ptr_array_free (fields, FALSE));
              fields = g_ptr_array_new ();
            }
        }
      else
        g_string_append_c (field, *p);
      p++;
    }
  g_string_free (field, TRUE);
  g_ptr_array_free (fields, TRUE);
  return rows;
}

enum
{
  COL_SOURCE,
  COL_MASK_SOURCE,
  COL_OUTPUT,
  COL_MASK_OUTPUT,
  COL_RECIPE,
  COL_VARIANT,
  COL_REPEAT,
  COL_SEED,
  COL_DRAW_SEED,
  COL_OPERATIONS,
  COL_STATUS,
  N_COLS
};

static const char *const HEADER[N_COLS]
  = { "source", "mask_source", "output", "mask_output", "recipe",    "variant",
      "repeat", "seed",        "draw_seed", "operations",  "status" };

static GPtrArray *
read_manifest (const char *out_dir, gchar **text)
{
  gchar *path = g_build_filename (out_dir, "manifest.csv", NULL);
  g_assert_true (g_file_get_contents (path, text, NULL, NULL));
  g_free (path);
  GPtrArray *rows = parse_csv (*text);
  g_assert_cmpuint (rows->len, >, 0);
  char **header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (g_strv_length (header), ==, N_COLS);
  for (int c = 0; c < N_COLS; c++)
    g_assert_cmpstr (header[c], ==, HEADER[c]);
  return rows;
}

/* ---- Checks of the outputs ---------------------------------------------------------------- */

static E2eImage
load_or_fail (const char *path)
{
  E2eImage img = { 0 };
  if (!e2e_image_load (path, &img))
    g_error ("cannot read %s", path);
  return img;
}

/* The variant's slug as the contract defines it: lower case; every run of other characters
 * than a-z, 0-9, '.', '-' becomes one '_'. */
static const char *const SLUGS[] = { "rotate_90", "flip_h_blur_0..1", "rotate_-20..20" };

/* rotate 90 is np.rot90: out(x, y) = in(W-1-y, x), exact for the image and its mask. */
static void
check_rot90 (const char *out_dir, const folders *f, const synth_spec *s)
{
  gchar *name = g_strdup_printf ("%s.png", s->base);
  gchar *in_path = g_build_filename (f->in, name, NULL);
  gchar *mask_path = g_build_filename (f->masks, name, NULL);
  gchar *out_name = g_strdup_printf ("%s__rotate_90__0.png", s->base);
  gchar *out_mask_name = g_strdup_printf ("%s__rotate_90__0_mask.png", s->base);
  gchar *out_path = g_build_filename (out_dir, out_name, NULL);
  gchar *out_mask_path = g_build_filename (out_dir, out_mask_name, NULL);
  E2eImage in = load_or_fail (in_path), mask = load_or_fail (mask_path);
  E2eImage out = load_or_fail (out_path), out_mask = load_or_fail (out_mask_path);
  g_assert_cmpint (out.width, ==, in.height);
  g_assert_cmpint (out.height, ==, in.width);
  size_t differ = 0;
  for (int y = 0; y < out.height; y++)
    for (int x = 0; x < out.width; x++)
      for (int c = 0; c < 4; c++)
        {
          differ += lround (e2e_image_pixel (&out, x, y)[c] * 255)
                    != lround (e2e_image_pixel (&in, in.width - 1 - y, x)[c] * 255);
          differ += (c == 0) && (e2e_image_pixel (&out_mask, x, y)[0] >= 0.5f)
                                  != (e2e_image_pixel (&mask, in.width - 1 - y, x)[0] >= 0.5f);
        }
  g_assert_cmpuint (differ, ==, 0);
  e2e_image_clear (&in);
  e2e_image_clear (&mask);
  e2e_image_clear (&out);
  e2e_image_clear (&out_mask);
  g_free (name);
  g_free (in_path);
  g_free (mask_path);
  g_free (out_name);
  g_free (out_mask_name);
  g_free (out_path);
  g_free (out_mask_path);
}

/* Every output mask has its image's size, lies on its dark lesion, and keeps the lesion's area. */
static void
check_mask_alignment (const char *out_dir, const char *output, const char *mask_output,
                      const synth_spec *s)
{
  gchar *path = g_build_filename (out_dir, output, NULL);
  gchar *mask_path = g_build_filename (out_dir, mask_output, NULL);
  E2eImage img = load_or_fail (path), mask = load_or_fail (mask_path);
  g_assert_cmpint (img.width, ==, mask.width);
  g_assert_cmpint (img.height, ==, mask.height);
  size_t in_mask = 0, dark = 0, both = 0, on_transparent = 0;
  for (size_t i = 0; i < (size_t) img.width * img.height; i++)
    {
      const float *p = img.rgba + 4 * i;
      gboolean is_dark = p[3] >= 0.5f && p[0] < 0.5f;
      gboolean m = mask.rgba[4 * i] >= 0.5f;
      in_mask += m;
      dark += is_dark;
      both += m && is_dark;
      on_transparent += m && p[3] < 0.5f;
    }
  double area = G_PI * s->radius * s->radius;
  g_test_message ("%s: mask %zu px (disc %.0f), dark %zu, both %zu", output, in_mask, area,
                  dark, both);
  g_assert_cmpuint (on_transparent, ==, 0);
  g_assert_cmpfloat ((double) both / in_mask, >=, 0.95);
  g_assert_cmpfloat ((double) both / dark, >=, 0.95);
  g_assert_cmpfloat (fabs (in_mask - area) / area, <=, 0.1);
  e2e_image_clear (&img);
  e2e_image_clear (&mask);
  g_free (path);
  g_free (mask_path);
}

/* The documented draw seed of a file: seed XOR the 32-bit FNV-1a hash of its base name. */
static guint32
draw_seed_of (const char *base)
{
  guint32 h = 2166136261u;
  for (const unsigned char *c = (const unsigned char *) base; *c; c++)
    h = (h ^ *c) * 16777619u;
  return (guint32) SEED ^ h;
}

static const synth_spec *
spec_of (const char *source)
{
  for (int k = 0; k < N_GOOD; k++)
    if (strstr (source, specs[k].base))
      return &specs[k];
  return NULL;
}

/* The manifest of a run with masks: 4 files x 3 variants x 2 repeats rows, file by file, repeat
 * by repeat, variant by variant; the corrupt file's rows failed, the others ok and aligned. */
static void
check_manifest (const char *out_dir, const folders *f)
{
  gchar *text = NULL;
  GPtrArray *rows = read_manifest (out_dir, &text);
  GHashTable *angles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (rows->len, ==, 1 + (N_GOOD + 1) * 3 * REPEATS);
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_assert_cmpuint (g_strv_length (row), ==, N_COLS);
      int k = (int) (i - 1) % 3, r = (int) (i - 1) / 3 % REPEATS;
      g_assert_cmpint (atoi (row[COL_VARIANT]), ==, k);
      g_assert_cmpint (atoi (row[COL_REPEAT]), ==, r);
      g_assert_cmpstr (row[COL_SEED], ==, G_STRINGIFY (SEED));
      g_assert_cmpstr (row[COL_RECIPE], ==, RECIPE);
      const synth_spec *s = spec_of (row[COL_SOURCE]);
      if (!s)
        {
          g_assert_true (strstr (row[COL_SOURCE], "broken.png") != NULL);
          /* Contract (Additions): a failed input's rows say "error: ..." and name no output. */
          g_assert_true (g_str_has_prefix (row[COL_STATUS], "error: "));
          g_assert_cmpstr (row[COL_OUTPUT], ==, "");
          g_assert_cmpstr (row[COL_MASK_OUTPUT], ==, "");
          continue;
        }
      g_assert_cmpstr (row[COL_STATUS], ==, "ok");
      gchar *want = g_strdup_printf ("%s__%s__%d.png", s->base, SLUGS[k], r);
      gchar *want_mask = g_strdup_printf ("%s__%s__%d_mask.png", s->base, SLUGS[k], r);
      gchar *mask_source = g_build_filename (f->masks, s->base, NULL);
      g_assert_cmpstr (row[COL_OUTPUT], ==, want);
      g_assert_cmpuint (g_ascii_strtoull (row[COL_DRAW_SEED], NULL, 10), ==, draw_seed_of (s->base));
      g_assert_cmpstr (row[COL_MASK_OUTPUT], ==, want_mask);
      g_assert_true (g_str_has_prefix (row[COL_MASK_SOURCE], mask_source));
      /* The drawn numbers are in the operations: "rotate -12.3" within the range. */
      if (k == 2)
        {
          double deg = g_ascii_strtod (row[COL_OPERATIONS] + strlen ("rotate "), NULL);
          g_assert_true (g_str_has_prefix (row[COL_OPERATIONS], "rotate "));
          g_assert_cmpfloat (fabs (deg), <=, 20);
          g_hash_table_add (angles, g_strdup (row[COL_OPERATIONS]));
        }
      else
        g_assert_cmpstr (row[COL_OPERATIONS], !=, "");
      check_mask_alignment (out_dir, row[COL_OUTPUT], row[COL_MASK_OUTPUT], s);
      g_free (mask_source);
      g_free (want);
      g_free (want_mask);
    }
  /* Each file draws its own numbers: the files' angles are not all the same. */
  g_assert_cmpuint (g_hash_table_size (angles), >, REPEATS);
  g_hash_table_destroy (angles);
  g_ptr_array_free (rows, TRUE);
  g_free (text);
}

/* ---- The test ----------------------------------------------------------------------------- */

static void
assert_refused (const E2eRun *run, const char *key, const char *needle)
{
  gchar *ok = g_strdup_printf ("%s.ok", key), *err = g_strdup_printf ("%s.error", key);
  g_assert_cmpint (e2e_run_get_int (run, ok), ==, 0);
  const char *message = e2e_run_get (run, err);
  g_assert_nonnull (message);
  g_test_message ("%s: %s", key, message);
  if (!strstr (message, needle))
    g_error ("%s: the message \"%s\" does not mention \"%s\"", key, message, needle);
  g_free (ok);
  g_free (err);
}

static void
assert_counts (const E2eRun *run, const char *key, int written, int failed)
{
  gchar *k0 = g_strdup_printf ("%s.0", key), *k1 = g_strdup_printf ("%s.1", key);
  g_assert_cmpint (e2e_run_get_int (run, k0), ==, written);
  g_assert_cmpint (e2e_run_get_int (run, k1), ==, failed);
  g_free (k0);
  g_free (k1);
}

/* Scheme: (files "key" pattern masks out recipe repeats seed) reports the call. */
static const char CALL_SCM[]
  = "(define (files key pattern masks out recipe repeats seed)\n"
    "  (mc-report key (lambda () (plug-in-medclust-augment-files RUN-NONINTERACTIVE pattern\n"
    "                                                            masks out recipe repeats\n"
    "                                                            seed))))\n";

static void
test_folder (void)
{
  folders f;
  f.root = g_build_filename (e2e_tmp_dir (), "augment-files", NULL);
  f.in = g_build_filename (f.root, "in", NULL);
  f.masks = g_build_filename (f.root, "masks", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f.in, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f.masks, 0755), ==, 0);
  write_inputs (&f);
  gchar *inputs_before = folder_checksums (f.in), *masks_before = folder_checksums (f.masks);

  gchar *out = g_build_filename (f.root, "out", "nested", NULL); /* created with its parent */
  gchar *out_plain = g_build_filename (f.root, "out-plain", NULL);
  gchar *in_alias = g_build_filename (f.masks, "..", "in", NULL);
  gchar *a_file = g_build_filename (f.masks, "lesion_a.png", NULL);
  gchar *pattern = g_build_filename (f.in, "*.png", NULL);
  gchar *s_pattern = e2e_scm_string (pattern), *s_masks = e2e_scm_string (f.masks);
  gchar *s_out = e2e_scm_string (out), *s_plain = e2e_scm_string (out_plain);
  gchar *s_in = e2e_scm_string (f.in), *s_alias = e2e_scm_string (in_alias);
  gchar *s_file = e2e_scm_string (a_file), *s_nomatch = e2e_scm_string ("/nonexistent/*.png");
  gchar *body = g_strdup_printf (
    "%s"
    "(define pat %s)\n(define masks %s)\n(define out %s)\n(define recipe \"%s\")\n"
    "(files \"run1\" pat masks out recipe %d %d)\n"
    "(files \"again\" pat masks out recipe %d %d)\n"
    "(files \"other-seed\" pat masks out recipe %d 6)\n"
    "(files \"other-recipe\" pat masks out \"flip v\" 1 %d)\n"
    "(files \"into-input\" pat masks %s recipe 1 %d)\n"
    "(files \"into-input-alias\" pat masks %s recipe 1 %d)\n"
    "(files \"into-masks\" pat masks masks recipe 1 %d)\n"
    "(files \"out-is-file\" pat masks %s recipe 1 %d)\n"
    "(files \"repeats0\" pat masks %s recipe 0 %d)\n"
    "(files \"empty-recipe\" pat masks %s \"\" 1 %d)\n"
    "(files \"bad-recipe\" pat masks %s \"rotate 90; blurr 2\" 1 %d)\n"
    "(files \"mix\" pat masks %s \"mix skin 0.5\" 1 %d)\n"
    "(files \"no-match\" %s masks %s recipe 1 %d)\n"
    "(files \"no-masks-dir\" pat \"/nonexistent-masks\" %s recipe 1 %d)\n"
    "(files \"plain\" pat \"\" %s \"flip h\" 1 %d)\n",
    CALL_SCM, s_pattern, s_masks, s_out, RECIPE, REPEATS, SEED, REPEATS, SEED, REPEATS, SEED,
    s_in, SEED, s_alias, SEED, SEED, s_file, SEED, s_plain, SEED, s_plain, SEED, s_plain, SEED,
    s_plain, SEED, s_nomatch, s_plain, SEED, s_plain, SEED, s_plain, SEED);

  /* The first run alone first, to keep its bytes for the comparison with the re-run. */
  gchar *first_body = g_strdup_printf ("%s(files \"run1\" %s %s %s \"%s\" %d %d)\n", CALL_SCM,
                                       s_pattern, s_masks, s_out, RECIPE, REPEATS, SEED);
  E2eRun first;
  e2e_run_script (first_body, &first);
  e2e_assert_ok (&first);
  assert_counts (&first, "run1", N_GOOD * 3 * REPEATS, 1);
  e2e_run_clear (&first);
  gchar *outputs_first = folder_checksums (out);
  check_manifest (out, &f);
  check_rot90 (out, &f, &specs[0]);
  check_rot90 (out, &f, &specs[2]);

  E2eRun run;
  e2e_run_script (body, &run);
  e2e_assert_ok (&run);
  /* Re-running into the folder of the same run is allowed and gives the same bytes. */
  assert_counts (&run, "run1", N_GOOD * 3 * REPEATS, 1);
  assert_counts (&run, "again", N_GOOD * 3 * REPEATS, 1);
  gchar *outputs_again = folder_checksums (out);
  g_assert_cmpstr (outputs_again, ==, outputs_first);
  assert_refused (&run, "other-seed", "already holds");
  assert_refused (&run, "other-recipe", "already holds");
  assert_refused (&run, "into-input", "input");
  assert_refused (&run, "into-input-alias", "input");
  assert_refused (&run, "into-masks", "masks folder");
  assert_refused (&run, "out-is-file", "is a file");
  assert_refused (&run, "repeats0", "repeats = 0");
  assert_refused (&run, "empty-recipe", "recipe");
  assert_refused (&run, "bad-recipe", "blurr");
  assert_refused (&run, "mix", "mix");
  assert_refused (&run, "no-match", "matches no file");
  assert_refused (&run, "no-masks-dir", "masks-dir");
  /* A refused call changes nothing: the first run's files are as they were, and the refused
   * calls into out-plain (all before "plain") did not create it with anything in it. */
  gchar *outputs_after_refusals = folder_checksums (out);
  g_assert_cmpstr (outputs_after_refusals, ==, outputs_first);
  g_free (outputs_after_refusals);

  /* Without masks: no mask files, an empty mask_output column. */
  assert_counts (&run, "plain", N_GOOD, 1);
  gchar *text = NULL;
  GPtrArray *rows = read_manifest (out_plain, &text);
  g_assert_cmpuint (rows->len, ==, 1 + N_GOOD + 1);
  for (guint i = 1; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_assert_cmpstr (row[COL_MASK_SOURCE], ==, "");
      g_assert_cmpstr (row[COL_MASK_OUTPUT], ==, "");
      if (spec_of (row[COL_SOURCE]))
        g_assert_true (g_str_has_suffix (row[COL_OUTPUT], "__flip_h__0.png"));
    }
  g_ptr_array_free (rows, TRUE);
  g_free (text);
  gchar *listing = folder_checksums (out_plain);
  g_assert_null (strstr (listing, "_mask.png"));
  g_free (listing);

  /* The inputs are never modified. */
  gchar *inputs_after = folder_checksums (f.in), *masks_after = folder_checksums (f.masks);
  g_assert_cmpstr (inputs_after, ==, inputs_before);
  g_assert_cmpstr (masks_after, ==, masks_before);

  e2e_run_clear (&run);
  g_free (inputs_before);
  g_free (masks_before);
  g_free (inputs_after);
  g_free (masks_after);
  g_free (outputs_first);
  g_free (outputs_again);
  g_free (body);
  g_free (first_body);
  g_free (out);
  g_free (out_plain);
  g_free (in_alias);
  g_free (a_file);
  g_free (pattern);
  g_free (s_pattern);
  g_free (s_masks);
  g_free (s_out);
  g_free (s_plain);
  g_free (s_in);
  g_free (s_alias);
  g_free (s_file);
  g_free (s_nomatch);
  g_free (f.in);
  g_free (f.masks);
  g_free (f.root);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/augment-files/folder", test_folder);
  return e2e_finish (g_test_run ());
}
