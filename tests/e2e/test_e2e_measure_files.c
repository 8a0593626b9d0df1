/* test_e2e_measure_files.c: plug-in-medclust-measure-files end to end in a headless GIMP 2.10.
 * A folder of lesion images plus corrupt files: the CSV (header, one row per file sorted by
 * name, the error in the corrupt files' rows, fields with commas or semicolons quoted), the
 * areas against the returned array, against the truth of synthetic images, and against the
 * core's own result on the same decoded pixels (the plug-in and this test both decode with
 * GEGL), in joint and separate mode; the last column, the segmentation's warnings, against the
 * core's words (a lesion cut by the image's edge says so; a failed file has none); the chart
 * PNG; the inputs unchanged; and bad parameters refused before any work. The real-image test is
 * skipped without ../shared/data/dermoscopy. */
#include "harness.h"

#include "mc_measure.h"
#include "mc_segment.h"
#include "mc_synth.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define PIXEL_MM 0.05
#define CSV_HEADER                                                                               \
  "file,width,height,area_pixels,area_percent,area_mm2,perimeter_pixels,diameter_pixels,status," \
  "warnings"

/* Files ------------------------------------------------------------------------------------ */

static gchar *
make_dir (const char *name)
{
  gchar *dir = g_build_filename (e2e_tmp_dir (), name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  return dir;
}

/* A file of bytes that no decoder accepts, drawn from a fixed seed. */
static void
write_corrupt (const char *dir, const char *name, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  guint8 bytes[3000];
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  gchar *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  g_free (path);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* SHA-256 of every file in dir, "name=sum" sorted, as one string (a link's target for a link
 * that leads nowhere). */
static gchar *
dir_checksums (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    {
      gchar *path = g_build_filename (dir, name, NULL), *data = NULL;
      gsize len = 0;
      gchar *target = g_file_read_link (path, NULL);
      if (target && !g_file_test (path, G_FILE_TEST_EXISTS))
        data = g_strconcat ("link to ", target, NULL), len = strlen (data);
      else
        g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_free (target);
      gchar *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, len);
      g_ptr_array_add (lines, g_strdup_printf ("%s=%s", name, sum));
      g_free (sum);
      g_free (data);
      g_free (path);
    }
  g_dir_close (d);
  g_ptr_array_sort (lines, compare_strings);
  GString *all = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (all, "%s\n", (char *) g_ptr_array_index (lines, i));
  g_ptr_array_free (lines, TRUE);
  return g_string_free (all, FALSE);
}

/* CSV (RFC 4180): rows of fields; quoted fields may hold commas and doubled quotes. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, any = FALSE;
  for (const char *c = text; *c; c++)
    {
      if (quoted)
        {
          if (*c == '"' && c[1] == '"')
            g_string_append_c (field, *c++);
          else if (*c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *c);
          continue;
        }
      any = TRUE;
      if (*c == '"')
        quoted = TRUE;
      else if (*c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (*c == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_free (fields, FALSE));
          fields = g_ptr_array_new ();
          any = FALSE;
        }
      else
        g_string_append_c (field, *c);
    }
  g_assert_false (quoted);
  g_assert_false (any); /* the last line ends with a line break */
  g_ptr_array_free (fields, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

typedef struct
{
  const char *file;
  int width, height;
  double area, percent, mm2, perimeter, diameter;
  const char *status;
  const char *warnings;
} csv_row;

/* A field as the plug-in writes it: quoted, with doubled quotes, when it holds a comma, a
 * semicolon, a quote or a line break. */
static void
append_field (GString *out, const char *field)
{
  if (!strpbrk (field, ",;\"\r\n"))
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *c = field; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static GPtrArray *
read_csv (const E2eRun *run, const char *name, csv_row **out, int *n)
{
  gchar *path = e2e_run_path (run, name), *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("%s:\n%s", name, text);
  GPtrArray *rows = parse_csv (text);
  g_assert_cmpuint (rows->len, >=, 1);
  gchar *header = g_strjoinv (",", g_ptr_array_index (rows, 0));
  g_assert_cmpstr (header, ==, CSV_HEADER);
  /* Quoted exactly where needed: the fields written again give the file's very bytes. */
  GString *again = g_string_new (NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      for (int j = 0; f[j]; j++)
        {
          if (j)
            g_string_append_c (again, ',');
          append_field (again, f[j]);
        }
      g_string_append_c (again, '\n');
    }
  g_assert_cmpstr (again->str, ==, text);
  g_string_free (again, TRUE);
  *n = (int) rows->len - 1;
  *out = g_new0 (csv_row, *n);
  for (int i = 0; i < *n; i++)
    {
      char **f = g_ptr_array_index (rows, i + 1);
      g_assert_cmpuint (g_strv_length (f), ==, 10);
      csv_row *r = &(*out)[i];
      r->file = f[0];
      r->width = atoi (f[1]);
      r->height = atoi (f[2]);
      r->area = g_ascii_strtod (f[3], NULL);
      r->percent = g_ascii_strtod (f[4], NULL);
      r->mm2 = g_ascii_strtod (f[5], NULL);
      r->perimeter = g_ascii_strtod (f[6], NULL);
      r->diameter = g_ascii_strtod (f[7], NULL);
      r->status = f[8];
      r->warnings = f[9];
    }
  g_free (header);
  g_free (text);
  g_free (path);
  return rows;
}

/* The core's results ----------------------------------------------------------------------- */

typedef struct
{
  E2eImage img;
  float *rgb;
  uint8_t *valid;
} decoded;

static decoded
decode (const char *path)
{
  decoded d = { 0 };
  g_assert_true (e2e_image_load (path, &d.img));
  size_t n = (size_t) d.img.width * d.img.height;
  d.rgb = g_new (float, n * 3);
  d.valid = g_new (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    {
      memcpy (d.rgb + 3 * i, d.img.rgba + 4 * i, 3 * sizeof (float));
      d.valid[i] = d.img.rgba[4 * i + 3] > 0.0f;
    }
  return d;
}

static void
decoded_clear (decoded *d)
{
  e2e_image_clear (&d->img);
  g_free (d->rgb);
  g_free (d->valid);
}

/* The measurements the core gives for the readable files (paths[i] with ok[i]), in joint mode
 * (one pool, each image added under its index in the sorted list, as the plug-in does) or
 * each alone; words[i] gets the file's warnings in words (g_strfreev; "" for a failed file). */
static mc_lesion_measure *
core_measures (char **paths, const gboolean *ok, int n, int method, gboolean joint,
               double pixel_mm, gchar ***words)
{
  *words = g_new0 (gchar *, n + 1);
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = method;
  params.seed = 0;
  mc_lesion_measure *m = g_new0 (mc_lesion_measure, n);
  mc_segment_pool *pool = NULL;
  if (joint)
    {
      pool = mc_segment_pool_new (&params);
      for (int i = 0; i < n; i++)
        if (ok[i])
          {
            decoded d = decode (paths[i]);
            g_assert_cmpint (mc_segment_pool_add (pool, i, d.rgb, d.valid, d.img.width,
                                                  d.img.height, NULL),
                             ==, MC_OK);
            decoded_clear (&d);
          }
      g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_OK);
    }
  for (int i = 0; i < n; i++)
    if (ok[i])
      {
        decoded d = decode (paths[i]);
        int w = d.img.width, h = d.img.height;
        uint8_t *mask = g_new (uint8_t, (size_t) w * h);
        mc_segment_quality q;
        mc_status st
          = joint ? mc_segment_pool_segment_checked (pool, d.rgb, d.valid, w, h, mask, &q, NULL)
                  : mc_segment_checked (d.rgb, d.valid, w, h, &params, mask, &q, NULL);
        g_assert_cmpint (st, ==, MC_OK);
        char text[1024];
        mc_segment_warnings (&q, text, sizeof text);
        (*words)[i] = g_strdup (text);
        g_assert_cmpint (mc_measure_lesion (mask, d.valid, w, h, pixel_mm, &m[i]), ==, MC_OK);
        g_free (mask);
        decoded_clear (&d);
      }
  if (pool)
    mc_segment_pool_free (pool);
  for (int i = 0; i < n; i++)
    if (!(*words)[i])
      (*words)[i] = g_strdup ("");
  return m;
}

/* Checks ------------------------------------------------------------------------------------ */

static double *
returned_areas (const E2eRun *run, const char *key, int n_files, int n_failed)
{
  gchar *k = g_strdup_printf ("%s.ok", key);
  if (e2e_run_get_int (run, k) != 1)
    {
      gchar *err = g_strdup_printf ("%s.error", key);
      g_test_message ("%s failed: %s", key, e2e_run_get (run, err));
      g_free (err);
    }
  g_assert_cmpint (e2e_run_get_int (run, k), ==, 1);
  g_free (k);
  k = g_strdup_printf ("%s.0", key);
  g_assert_cmpint (e2e_run_get_int (run, k), ==, n_files);
  g_free (k);
  k = g_strdup_printf ("%s.1", key);
  g_assert_cmpint (e2e_run_get_int (run, k), ==, n_failed);
  g_free (k);
  k = g_strdup_printf ("%s.2", key);
  g_assert_cmpint (e2e_run_get_int (run, k), ==, n_files);
  g_free (k);
  k = g_strdup_printf ("%s.3", key);
  int n = 0;
  double *areas = e2e_run_get_doubles (run, k, &n);
  g_assert_cmpint (n, ==, n_files);
  g_free (k);
  return areas;
}

/* The CSV against the expected file names (sorted), which of them fail, the returned areas and
 * the core's measurements and warnings. */
static void
check_csv (const csv_row *rows, int n, const char *const *names, const gboolean *ok,
           const double *areas, const mc_lesion_measure *core, char **words, double pixel_mm)
{
  for (int i = 0; i < n; i++)
    {
      const csv_row *r = &rows[i];
      g_assert_cmpstr (r->file, ==, names[i]);
      if (!ok[i])
        {
          g_assert_cmpstr (r->status, !=, "ok");
          g_assert_nonnull (strstr (r->status, names[i]));
          g_assert_cmpfloat (r->area, ==, -1);
          g_assert_cmpfloat (r->percent, ==, -1);
          g_assert_cmpfloat (r->mm2, ==, -1);
          g_assert_cmpfloat (r->perimeter, ==, -1);
          g_assert_cmpfloat (r->diameter, ==, -1);
          g_assert_cmpint (r->width, ==, -1);
          g_assert_cmpfloat (areas[i], ==, -1);
          g_assert_cmpstr (r->warnings, ==, "");
          continue;
        }
      g_assert_cmpstr (r->status, ==, "ok");
      g_assert_cmpstr (r->warnings, ==, words[i]);
      g_assert_cmpfloat (r->area, ==, areas[i]);
      g_assert_cmpfloat (r->area, ==, (double) core[i].area_px);
      g_assert_cmpfloat (fabs (r->percent - core[i].area_percent), <, 1e-4);
      g_assert_cmpfloat (fabs (r->percent - 100.0 * r->area / ((double) r->width * r->height)),
                         <, 1e-4);
      if (pixel_mm > 0)
        g_assert_cmpfloat (fabs (r->mm2 - r->area * pixel_mm * pixel_mm), <, 1e-4);
      else
        g_assert_cmpfloat (r->mm2, ==, -1);
      g_assert_cmpfloat (fabs (r->perimeter - core[i].perimeter_px), <, 1e-3);
      g_assert_cmpfloat (fabs (r->diameter - core[i].diameter_px), <, 1e-3);
    }
}

/* The chart decodes, is a sensible size, and shows bars and the failed files' red marks. */
static void
check_chart (const E2eRun *run, const char *name, gboolean expect_failed)
{
  gchar *path = e2e_run_path (run, name);
  E2eImage chart;
  g_assert_true (e2e_image_load (path, &chart));
  g_assert_cmpint (chart.width, >=, 600);
  g_assert_cmpint (chart.height, >=, 400);
  size_t bar = 0, red = 0;
  for (size_t i = 0; i < (size_t) chart.width * chart.height; i++)
    {
      const float *p = chart.rgba + 4 * i;
      int r = (int) lround (p[0] * 255), g = (int) lround (p[1] * 255), b = (int) lround (p[2] * 255);
      bar += abs (r - 61) < 4 && abs (g - 120) < 4 && abs (b - 179) < 4;
      red += r > 180 && g < 60 && b < 60;
    }
  g_assert_cmpuint (bar, >, 1000);
  if (expect_failed)
    g_assert_cmpuint (red, >, 10);
  e2e_image_clear (&chart);
  g_free (path);
}

static void
assert_error (const E2eRun *run, const char *key, const char *const *words)
{
  gchar *ok = g_strconcat (key, ".ok", NULL), *err = g_strconcat (key, ".error", NULL);
  g_assert_cmpint (e2e_run_get_int (run, ok), ==, 0);
  const char *message = e2e_run_get (run, err);
  g_assert_nonnull (message);
  for (int i = 0; words[i]; i++)
    {
      if (!strstr (message, words[i]) || !strstr (run->stderr_text, words[i]))
        g_test_message ("'%s' not in the error of %s: %s", words[i], key, message);
      g_assert_nonnull (strstr (message, words[i]));
      g_assert_nonnull (strstr (run->stderr_text, words[i]));
    }
  g_free (ok);
  g_free (err);
}

static gchar *
measure_call (const char *key, const char *pattern, int method, int joint, double pixel_mm,
              const char *csv, const char *chart)
{
  gchar *qp = e2e_scm_string (pattern);
  gchar *qc = e2e_scm_string (csv), *qh = e2e_scm_string (chart);
  gchar *call = g_strdup_printf (
    "(mc-report \"%s\" (lambda () (plug-in-medclust-measure-files RUN-NONINTERACTIVE %s %d %d "
    "%.17g %s %s 0)))\n",
    key, qp, method, joint, pixel_mm, qc, qh);
  g_free (qp);
  g_free (qc);
  g_free (qh);
  return call;
}

/* "@name" in a script stands for the file name in the run folder ("@/path" is left alone: an
 * @LIST pattern). g_free the result. */
static gchar *
run_dir_paths (const char *script)
{
  /* Not "@/...": an absolute @LIST pattern stays as it is. */
  GRegex *re = g_regex_new ("\"@([^\"/][^\"]*)\"", 0, 0, NULL);
  gchar *out = g_regex_replace (re, script, -1, 0, "(string-append mc-run-dir \"/\\1\")", 0, NULL);
  g_regex_unref (re);
  return out;
}

/* Synthetic folder -------------------------------------------------------------------------- */

/* Three whole lesions, one cut by the image's left edge, two files that are not images. The
 * names' comma and semicolon must be quoted. */
static const char *const SYN_NAMES[] = { "lesion_a.png", "lesion_b.png", "lesion_c.png",
                                          "lesion_d; cut.png", "x.jpg",
                                          "z, corrupt \"copy\".png" };
#define SYN_N 6
#define SYN_OK 4
#define SYN_WHOLE 3 /* the first ones, whose area is the ellipse's */
#define SYN_CUT 3   /* the index of the cut one */

static double
write_params (const char *dir, const char *name, const mc_synth_params *p)
{
  size_t n = (size_t) p->width * p->height;
  float *rgb = g_new (float, n * 3);
  g_assert_cmpint (mc_synth_lesion (p, rgb, NULL), ==, MC_OK);
  E2eImage img;
  e2e_image_alloc (&img, p->width, p->height);
  for (size_t i = 0; i < n; i++)
    {
      memcpy (img.rgba + 4 * i, rgb + 3 * i, 3 * sizeof (float));
      img.rgba[4 * i + 3] = 1.0f;
    }
  gchar *path = g_build_filename (dir, name, NULL);
  g_assert_true (e2e_image_save_png (&img, path, 8));
  g_free (path);
  e2e_image_clear (&img);
  g_free (rgb);
  return mc_synth_ellipse_area (p);
}

static double
write_synthetic (const char *dir, const char *name, int w, int h, double rx, double ry,
                 guint32 seed)
{
  mc_synth_params p;
  mc_synth_params_init (&p, w, h);
  p.rx = rx;
  p.ry = ry;
  p.angle_deg = 30.0 * seed;
  p.seed = seed;
  return write_params (dir, name, &p);
}

/* A lesion whose centre is 20 px from the left edge: a third of it is outside the image. */
static void
write_cut (const char *dir, const char *name)
{
  mc_synth_params p;
  mc_synth_params_init (&p, 360, 280);
  p.cx = 20;
  p.rx = p.ry = 60;
  p.seed = 4;
  write_params (dir, name, &p);
}

static void
test_synthetic_folder (void)
{
  gchar *dir = make_dir ("synthetic");
  double truth[SYN_WHOLE];
  truth[0] = write_synthetic (dir, SYN_NAMES[0], 360, 280, 60, 45, 1);
  truth[1] = write_synthetic (dir, SYN_NAMES[1], 320, 320, 45, 45, 2);
  truth[2] = write_synthetic (dir, SYN_NAMES[2], 400, 300, 85, 55, 3);
  write_cut (dir, SYN_NAMES[SYN_CUT]);
  write_corrupt (dir, SYN_NAMES[4], 7);
  write_corrupt (dir, SYN_NAMES[5], 8);
  gchar *before = dir_checksums (dir);
  gchar *pattern = g_build_filename (dir, "*", NULL);
  gchar *input_png = g_build_filename (dir, SYN_NAMES[0], NULL);

  GString *body = g_string_new (NULL);
  gchar *calls[] = {
    measure_call ("joint1", pattern, 1, 1, PIXEL_MM, "@joint1.csv", "@joint1.png"),
    measure_call ("alone0", pattern, 0, 0, 0, "@alone0.csv", ""),
    measure_call ("joint0", pattern, 0, 1, 0, "@joint0.csv", "@joint0.png"),
    measure_call ("bad-pattern", "/nonexistent-medclust/*.jpg", 1, 1, 0, "@bad1.csv", ""),
    measure_call ("bad-csv-dir", pattern, 1, 1, 0, "/nonexistent-medclust/out.csv", ""),
    measure_call ("bad-chart-dir", pattern, 1, 1, 0, "@bad2.csv", "/tmp"),
    measure_call ("bad-input", pattern, 1, 1, 0, input_png, ""),
    measure_call ("bad-same", pattern, 1, 1, 0, "@bad3.csv", "@bad3.csv"),
    measure_call ("bad-method", pattern, 2, 1, 0, "@bad4.csv", ""),
    measure_call ("bad-joint", pattern, 1, 2, 0, "@bad5.csv", ""),
    measure_call ("bad-size", pattern, 1, 1, -1, "@bad6.csv", ""),
    measure_call ("bad-empty-csv", pattern, 1, 1, 0, "", ""),
  };
  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_string_append (body, calls[i]);
      g_free (calls[i]);
    }
  gchar *script = run_dir_paths (body->str);
  g_string_free (body, TRUE);

  E2eRun run;
  e2e_run_script (script, &run);
  g_free (script);
  e2e_assert_ok (&run);

  gboolean ok[SYN_N] = { TRUE, TRUE, TRUE, TRUE, FALSE, FALSE };
  char *paths[SYN_N + 1] = { NULL };
  for (int i = 0; i < SYN_N; i++)
    paths[i] = g_build_filename (dir, SYN_NAMES[i], NULL);

  struct
  {
    const char *key, *csv;
    int method;
    gboolean joint;
    double pixel_mm;
  } modes[] = { { "joint1", "joint1.csv", 1, TRUE, PIXEL_MM },
                { "alone0", "alone0.csv", 0, FALSE, 0 },
                { "joint0", "joint0.csv", 0, TRUE, 0 } };
  for (gsize k = 0; k < G_N_ELEMENTS (modes); k++)
    {
      double *areas = returned_areas (&run, modes[k].key, SYN_N, SYN_N - SYN_OK);
      csv_row *rows;
      int n;
      GPtrArray *table = read_csv (&run, modes[k].csv, &rows, &n);
      g_assert_cmpint (n, ==, SYN_N);
      gchar **words;
      mc_lesion_measure *core = core_measures (paths, ok, SYN_N, modes[k].method,
                                               modes[k].joint, modes[k].pixel_mm, &words);
      check_csv (rows, n, SYN_NAMES, ok, areas, core, words, modes[k].pixel_mm);
      /* The cut lesion's area is a lower bound, and its row says so. */
      g_test_message ("%s, %s: warnings \"%s\"", modes[k].key, SYN_NAMES[SYN_CUT],
                      rows[SYN_CUT].warnings);
      g_assert_nonnull (strstr (rows[SYN_CUT].warnings, "edge"));
      g_assert_nonnull (strstr (rows[SYN_CUT].warnings, "lower bound"));
      g_strfreev (words);
      if (modes[k].method == 1)
        for (int i = 0; i < SYN_WHOLE; i++)
          {
            g_test_message ("%s: %.0f px, truth %.0f (%+.2f%%)", SYN_NAMES[i], areas[i], truth[i],
                            100 * (areas[i] / truth[i] - 1));
            g_assert_cmpfloat (fabs (areas[i] / truth[i] - 1.0), <, 0.03);
          }
      g_free (core);
      g_free (rows);
      g_ptr_array_free (table, TRUE);
      g_free (areas);
    }
  check_chart (&run, "joint1.png", TRUE);
  check_chart (&run, "joint0.png", TRUE);

  const char *w_pattern[] = { "pattern", "/nonexistent-medclust/*.jpg", "matches no file", NULL };
  const char *w_csv[] = { "csv-path", "/nonexistent-medclust/out.csv", "does not exist", NULL };
  const char *w_chart[] = { "chart-path", "\"/tmp\"", "folder", NULL };
  const char *w_input[] = { "csv-path", "input", NULL };
  const char *w_same[] = { "chart-path", "csv-path", NULL };
  const char *w_method[] = { "method = 2", "accepted", NULL };
  const char *w_joint[] = { "joint = 2", "accepted", NULL };
  const char *w_size[] = { "pixel-size-mm = -1", "accepted", NULL };
  const char *w_empty[] = { "csv-path", "empty", NULL };
  assert_error (&run, "bad-pattern", w_pattern);
  assert_error (&run, "bad-csv-dir", w_csv);
  assert_error (&run, "bad-chart-dir", w_chart);
  assert_error (&run, "bad-input", w_input);
  assert_error (&run, "bad-same", w_same);
  assert_error (&run, "bad-method", w_method);
  assert_error (&run, "bad-joint", w_joint);
  assert_error (&run, "bad-size", w_size);
  assert_error (&run, "bad-empty-csv", w_empty);
  /* Refused before any work: no output file was made. */
  for (int i = 1; i <= 6; i++)
    {
      gchar *name = g_strdup_printf ("bad%d.csv", i);
      gchar *path = e2e_run_path (&run, name);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_free (path);
      g_free (name);
    }

  gchar *after = dir_checksums (dir);
  g_assert_cmpstr (after, ==, before);
  g_free (after);
  e2e_run_clear (&run);
  for (int i = 0; i < SYN_N; i++)
    g_free (paths[i]);
  g_free (input_png);
  g_free (pattern);
  g_free (before);
  g_free (dir);
}

/* Real dev images --------------------------------------------------------------------------- */

/* Copies of three dev images and a corrupt JPEG: one error row, three ok rows, sorted; the areas
 * are the core's on the same GEGL decode, joint (both methods) and alone. */
static void
test_real_folder (void)
{
  char **images = e2e_data_images (600, 450);
  if (!images)
    return;
  if (g_strv_length (images) < 3)
    {
      g_test_skip ("the manifest lists fewer than three 600x450 images");
      g_strfreev (images);
      return;
    }
  gchar *dir = make_dir ("real");
  const char *names[4];
  char *paths[5] = { NULL };
  for (int i = 0; i < 3; i++)
    {
      gchar *data = NULL;
      gsize len = 0;
      g_assert_true (g_file_get_contents (images[i], &data, &len, NULL));
      names[i] = g_path_get_basename (images[i]);
      paths[i] = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_set_contents (paths[i], data, len, NULL));
      g_free (data);
    }
  /* Dev images are ISIC_*.jpg, so the corrupt x.jpg sorts last. */
  names[3] = "x.jpg";
  paths[3] = g_build_filename (dir, names[3], NULL);
  write_corrupt (dir, names[3], 11);
  gchar *before = dir_checksums (dir);
  gchar *pattern = g_build_filename (dir, "*.jpg", NULL);
  gchar *c1 = measure_call ("joint1", pattern, 1, 1, 0, "@joint1.csv", "@joint1.png");
  gchar *c0 = measure_call ("joint0", pattern, 0, 1, 0.02, "@joint0.csv", "@joint0.png");
  gchar *c2 = measure_call ("alone1", pattern, 1, 0, 0, "@alone1.csv", "");
  gchar *text = g_strconcat (c1, c0, c2, NULL);
  gchar *script = run_dir_paths (text);

  E2eRun run;
  e2e_run_script (script, &run);
  e2e_assert_ok (&run);
  g_test_message ("real folder: GIMP run %.1f s", run.seconds);
  gboolean ok[4] = { TRUE, TRUE, TRUE, FALSE };
  struct
  {
    const char *key, *csv;
    int method;
    gboolean joint;
    double pixel_mm;
  } modes[] = { { "joint1", "joint1.csv", 1, TRUE, 0 },
                { "joint0", "joint0.csv", 0, TRUE, 0.02 },
                { "alone1", "alone1.csv", 1, FALSE, 0 } };
  for (gsize k = 0; k < G_N_ELEMENTS (modes); k++)
    {
      double *areas = returned_areas (&run, modes[k].key, 4, 1);
      csv_row *rows;
      int n;
      GPtrArray *table = read_csv (&run, modes[k].csv, &rows, &n);
      g_assert_cmpint (n, ==, 4);
      for (int i = 0; i < 3; i++)
        {
          g_assert_cmpint (rows[i].width, ==, 600);
          g_assert_cmpint (rows[i].height, ==, 450);
        }
      gchar **words;
      mc_lesion_measure *core = core_measures (paths, ok, 4, modes[k].method, modes[k].joint,
                                               modes[k].pixel_mm, &words);
      check_csv (rows, n, names, ok, areas, core, words, modes[k].pixel_mm);
      for (int i = 0; i < 3; i++)
        g_test_message ("%s, %s: warnings \"%s\"", modes[k].key, names[i], rows[i].warnings);
      g_strfreev (words);
      g_free (core);
      g_free (rows);
      g_ptr_array_free (table, TRUE);
      g_free (areas);
    }
  check_chart (&run, "joint1.png", TRUE);
  check_chart (&run, "joint0.png", TRUE);
  gchar *after = dir_checksums (dir);
  g_assert_cmpstr (after, ==, before);

  e2e_run_clear (&run);
  g_free (after);
  g_free (script);
  g_free (text);
  g_free (c1);
  g_free (c0);
  g_free (c2);
  g_free (pattern);
  g_free (before);
  for (int i = 0; i < 4; i++)
    g_free (paths[i]);
  for (int i = 0; i < 3; i++)
    g_free ((gchar *) names[i]);
  g_free (dir);
  g_strfreev (images);
}

/* Damaged and unreadable inputs (issue 9) ----------------------------------------------------- */

static void
write_bytes (const char *dir, const char *name, const char *data, gsize len)
{
  gchar *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
  g_free (path);
}

static gchar *
read_bytes (const char *dir, const char *name, gsize *len)
{
  gchar *path = g_build_filename (dir, name, NULL), *data = NULL;
  g_assert_true (g_file_get_contents (path, &data, len, NULL));
  g_free (path);
  return data;
}

/* Two dev JPEGs and a synthetic PNG, whole; damaged the ways the issue lists: a JPEG cut at
 * 5,000 bytes, one with 400 bytes of its compressed data overwritten, a PNG cut in half, one with
 * a byte of its image data changed; an empty .jpg and a dangling link; a CMYK copy of the first
 * JPEG when ImageMagick is there. Returns the number of whole files (3 or 4). */
static int
write_damaged_folder (const char *dir, char **images)
{
  gsize len;
  for (int i = 0; i < 2; i++)
    {
      gchar *data = NULL;
      g_assert_true (g_file_get_contents (images[i], &data, &len, NULL));
      write_bytes (dir, i ? "b.jpg" : "a.jpg", data, len);
      g_free (data);
    }
  write_synthetic (dir, "p.png", 320, 240, 50, 40, 5);
  gchar *jpeg = read_bytes (dir, "a.jpg", &len);
  write_bytes (dir, "c_cut.jpg", jpeg, 5000);
  for (gsize i = 0; i < 400; i++) /* stray markers in the entropy-coded data */
    jpeg[len / 2 + i] = (char) (i % 2 ? 0x12 : 0xff);
  write_bytes (dir, "d_overwritten.jpg", jpeg, len);
  g_free (jpeg);
  gchar *png = read_bytes (dir, "p.png", &len);
  write_bytes (dir, "e_half.png", png, len / 2);
  const char *idat = memmem (png, len, "IDAT", 4); /* the data hold NUL bytes */
  g_assert_nonnull (idat);
  png[idat - png + 40] ^= 0x5a;
  write_bytes (dir, "f_idat.png", png, len);
  g_free (png);
  write_bytes (dir, "g_empty.jpg", "", 0);
  gchar *link = g_build_filename (dir, "h_dangling.jpg", NULL);
  g_assert_cmpint (symlink ("no-such-file.jpg", link), ==, 0);
  g_free (link);
  gchar *a = g_build_filename (dir, "a.jpg", NULL), *cmyk = g_build_filename (dir, "i_cmyk.jpg", NULL);
  gchar *argv[] = { "convert", a, "-colorspace", "CMYK", "-quality", "97", cmyk, NULL };
  gint status = -1;
  gboolean made = g_find_program_in_path ("convert") != NULL
                  && g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   &status, NULL)
                  && status == 0;
  if (!made)
    g_test_message ("ImageMagick's convert is missing: no CMYK JPEG in the folder");
  g_free (a);
  g_free (cmyk);
  return made ? 4 : 3;
}

static const char *const DAMAGED_NAMES[] = { "a.jpg", "b.jpg", "c_cut.jpg", "d_overwritten.jpg",
                                             "e_half.png", "f_idat.png", "g_empty.jpg",
                                             "h_dangling.jpg", "i_cmyk.jpg", "p.png" };

/* What each row's status must start with ("ok" for a whole file). */
static const char *
expected_status (const char *name)
{
  if (g_str_has_prefix (name, "c_") || g_str_has_prefix (name, "d_")
      || g_str_has_prefix (name, "e_") || g_str_has_prefix (name, "f_"))
    return "error: damaged \u2014 ";
  if (g_str_has_prefix (name, "g_"))
    return "error: cannot decode";
  if (g_str_has_prefix (name, "h_"))
    return "error: cannot read";
  return "ok";
}

static void
test_damaged_inputs (void)
{
  char **images = e2e_data_images (600, 450);
  if (!images)
    return;
  gchar *dir = make_dir ("damaged");
  int n_whole = write_damaged_folder (dir, images);
  int n_files = n_whole == 4 ? 10 : 9;
  const char *names[10];
  for (int i = 0, k = 0; i < 10; i++)
    if (n_whole == 4 || strcmp (DAMAGED_NAMES[i], "i_cmyk.jpg") != 0)
      names[k++] = DAMAGED_NAMES[i];
  gchar *before = dir_checksums (dir);
  gchar *pattern = g_build_filename (dir, "*", NULL);
  /* The whole files alone, listed relative to the list's folder. */
  gchar *list = g_build_filename (dir, "..", "whole.txt", NULL);
  gchar *list_text = g_strdup_printf ("damaged/a.jpg\ndamaged/b.jpg\n%sdamaged/p.png\n",
                                      n_whole == 4 ? "damaged/i_cmyk.jpg\n" : "");
  g_assert_true (g_file_set_contents (list, list_text, -1, NULL));
  gchar *at_list = g_strconcat ("@", list, NULL), *q_pattern = e2e_scm_string (pattern);
  gchar *c1 = measure_call ("alone1", pattern, 1, 0, 0, "@alone1.csv", "@alone1.png");
  gchar *c2 = measure_call ("joint0", pattern, 0, 1, 0, "@joint0.csv", "");
  gchar *c3 = measure_call ("whole0", at_list, 0, 1, 0, "@whole0.csv", "");
  gchar *calls = g_strconcat (c1, c2, c3,
    "(mc-report \"augment\" (lambda () (plug-in-medclust-augment-files RUN-NONINTERACTIVE ",
    q_pattern, " \"\" \"@aug\" \"flip h\" 1 0)))\n", NULL);
  gchar *script = run_dir_paths (calls);
  E2eRun run;
  e2e_run_script (script, &run);
  e2e_assert_ok (&run);

  /* Every matched path has its row; damaged and unreadable ones say why, with no area. */
  csv_row *rows, *joint, *whole;
  int n, nj, nw;
  GPtrArray *t1 = read_csv (&run, "alone1.csv", &rows, &n);
  GPtrArray *t2 = read_csv (&run, "joint0.csv", &joint, &nj);
  GPtrArray *t3 = read_csv (&run, "whole0.csv", &whole, &nw);
  g_assert_cmpint (n, ==, n_files);
  g_assert_cmpint (nj, ==, n_files);
  g_assert_cmpint (nw, ==, n_whole);
  double *areas = returned_areas (&run, "alone1", n_files, n_files - n_whole);
  for (int i = 0, w = 0; i < n; i++)
    {
      const char *want = expected_status (names[i]);
      g_test_message ("%s: %s", names[i], rows[i].status);
      g_assert_cmpstr (rows[i].file, ==, names[i]);
      g_assert_true (g_str_has_prefix (rows[i].status, want));
      g_assert_true (g_str_has_prefix (joint[i].status, want));
      if (strcmp (want, "ok") != 0)
        {
          g_assert_cmpfloat (rows[i].area, ==, -1);
          g_assert_cmpfloat (areas[i], ==, -1);
          g_assert_cmpfloat (joint[i].area, ==, -1);
          continue;
        }
      /* The damaged files take no part in the joint fit: the whole ones measure as alone. */
      g_assert_cmpstr (whole[w].file, ==, names[i]);
      g_assert_cmpfloat (joint[i].area, ==, whole[w].area);
      w++;
    }
  /* The CMYK copy measures as its RGB original (GEGL's loader was 52% off). */
  if (n_whole == 4)
    {
      g_test_message ("a.jpg %.0f px, its CMYK copy %.0f px", rows[0].area, rows[8].area);
      g_assert_cmpfloat (fabs (rows[8].area / rows[0].area - 1), <, 0.02);
    }
  check_chart (&run, "alone1.png", TRUE);

  /* augment-files: the whole files written, the others skipped and counted, their manifest rows
   * naming no output. */
  g_assert_cmpint (e2e_run_get_int (&run, "augment.ok"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (&run, "augment.0"), ==, n_whole);
  g_assert_cmpint (e2e_run_get_int (&run, "augment.1"), ==, n_files - n_whole);
  gchar *manifest_path = e2e_run_path (&run, "aug/manifest.csv"), *manifest = NULL;
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, NULL));
  GPtrArray *m = parse_csv (manifest);
  g_assert_cmpint (m->len, ==, n_files + 1);
  for (guint r = 1; r < m->len; r++)
    {
      gchar **f = m->pdata[r];
      gchar *base = g_path_get_basename (f[0]);
      const char *want = expected_status (base);
      g_assert_true (g_str_has_prefix (f[10], want));
      if (strcmp (want, "ok") != 0)
        {
          g_assert_cmpstr (f[2], ==, "");
          g_assert_cmpstr (f[3], ==, "");
        }
      else
        {
          gchar *out = e2e_run_path (&run, "aug");
          gchar *file = g_build_filename (out, f[2], NULL);
          g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
          g_free (file);
          g_free (out);
        }
      g_free (base);
    }
  /* Inputs are never modified. */
  gchar *after = dir_checksums (dir);
  g_assert_cmpstr (after, ==, before);

  g_free (after);
  g_ptr_array_free (m, TRUE);
  g_free (manifest);
  g_free (manifest_path);
  g_free (areas);
  g_ptr_array_free (t1, TRUE);
  g_ptr_array_free (t2, TRUE);
  g_ptr_array_free (t3, TRUE);
  g_free (rows);
  g_free (joint);
  g_free (whole);
  e2e_run_clear (&run);
  g_free (script);
  g_free (calls);
  g_free (c1);
  g_free (c2);
  g_free (c3);
  g_free (q_pattern);
  g_free (at_list);
  g_free (list_text);
  g_free (list);
  g_free (pattern);
  g_free (before);
  g_free (dir);
  g_strfreev (images);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  /* One thread here, all of them in the plug-in: equal results show thread independence. */
  mc_set_threads (1);
  g_test_add_func ("/measure-files/synthetic-folder-csv-chart-errors", test_synthetic_folder);
  g_test_add_func ("/measure-files/real-folder-with-corrupt-jpeg", test_real_folder);
  g_test_add_func ("/measure-files/damaged-and-unreadable-inputs", test_damaged_inputs);
  return e2e_finish (g_test_run ());
}
