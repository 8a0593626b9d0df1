/* test_csv.c: the batch procedures' CSV reading and writing (plugin/csv.c) and the joint colour
 * model file (plugin/joint_model.c): what is written reads back the same, bit for bit, and a
 * damaged file gets an error that names the parameter, the file and what is wrong. */
#include "mc_csv.h"
#include "mc_joint_model.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static gchar *tmp_dir;

static gchar *
write_text (const char *name, const char *text)
{
  gchar *path = g_build_filename (tmp_dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Fields with commas, semicolons, quotes and line breaks survive a write and a read. */
static void
test_csv_round_trip (void)
{
  const char *fields[] = { "plain", "a,b", "x;y", "say \"hi\"", "two\nlines", "", "end" };
  gchar *path = g_build_filename (tmp_dir, "round.csv", NULL);
  FILE *f = fopen (path, "w");
  g_assert_nonnull (f);
  fputs ("c0,c1,c2,c3,c4,c5,c6\n", f);
  for (int i = 0; i < 7; i++)
    {
      if (i)
        fputc (',', f);
      mc_csv_write_field (f, fields[i]);
    }
  mc_csv_write_number (f, "%.4f", 0.5);
  fputs ("\r\n", f);
  fclose (f);
  mc_csv csv;
  gchar *error = NULL;
  /* The record has 8 fields, the header 7: an error naming the record. */
  g_assert_false (mc_csv_read ("csv-path", path, &csv, &error));
  g_assert_nonnull (strstr (error, "record 2"));
  g_assert_nonnull (strstr (error, "csv-path"));
  g_clear_pointer (&error, g_free);
  gchar *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  gchar *fixed = g_strconcat ("c0,c1,c2,c3,c4,c5,c6,c7\n", strchr (text, '\n') + 1, "a\n", NULL);
  g_assert_true (g_file_set_contents (path, fixed, -1, NULL));
  g_assert_true (mc_csv_read ("csv-path", path, &csv, &error));
  g_assert_null (error);
  g_assert_cmpint (csv.n_columns, ==, 8);
  g_assert_cmpint (csv.records->len, ==, 2);
  gchar **r = csv.records->pdata[0];
  for (int i = 0; i < 7; i++)
    g_assert_cmpstr (r[i], ==, fields[i]);
  g_assert_cmpstr (r[7], ==, "0.5000");
  gchar **short_record = csv.records->pdata[1];
  g_assert_cmpstr (short_record[0], ==, "a");
  g_assert_cmpstr (short_record[7], ==, ""); /* padded */
  g_assert_cmpint (mc_csv_column (&csv, "c7"), ==, 7);
  g_assert_cmpint (mc_csv_column (&csv, "nope"), ==, -1);
  mc_csv_clear (&csv);
  g_free (fixed);
  g_free (text);
  g_free (path);
}

/* mc_csv_append_field quotes as mc_csv_write_field does; leading blanks stay unquoted and read
 * back as they are. */
static void
test_csv_append (void)
{
  const char *fields[] = { " lead", "\ttab", "a,b", "x;y", "say \"hi\"" };
  GString *s = g_string_new ("c0,c1,c2,c3,c4\n");
  gchar *path = g_build_filename (tmp_dir, "append.csv", NULL);
  FILE *f = fopen (path, "w");
  g_assert_nonnull (f);
  fputs (s->str, f);
  for (int i = 0; i < 5; i++)
    {
      g_string_append (s, i ? "," : "");
      mc_csv_append_field (s, fields[i]);
      fputs (i ? "," : "", f);
      mc_csv_write_field (f, fields[i]);
    }
  fclose (f);
  gchar *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, s->str);
  g_assert_cmpstr (strchr (text, '\n') + 1, ==,
                   " lead,\ttab,\"a,b\",\"x;y\",\"say \"\"hi\"\"\"");
  mc_csv csv;
  gchar *error = NULL;
  g_assert_true (mc_csv_read ("csv-path", path, &csv, &error));
  gchar **r = csv.records->pdata[0];
  for (int i = 0; i < 5; i++)
    g_assert_cmpstr (r[i], ==, fields[i]);
  mc_csv_clear (&csv);
  g_free (text);
  g_free (path);
  g_string_free (s, TRUE);
}

static void
test_csv_errors (void)
{
  mc_csv csv;
  gchar *error = NULL;
  gchar *empty = write_text ("empty.csv", "");
  g_assert_false (mc_csv_read ("csv-path", empty, &csv, &error));
  g_assert_nonnull (strstr (error, "empty"));
  g_clear_pointer (&error, g_free);
  gchar *open_quote = write_text ("quote.csv", "a,b\n\"x,y\n");
  g_assert_false (mc_csv_read ("csv-path", open_quote, &csv, &error));
  g_assert_nonnull (strstr (error, "quote"));
  g_clear_pointer (&error, g_free);
  g_assert_false (mc_csv_read ("csv-path", "/nonexistent/x.csv", &csv, &error));
  g_assert_nonnull (strstr (error, "/nonexistent/x.csv"));
  g_clear_pointer (&error, g_free);
  g_free (empty);
  g_free (open_quote);
}

/* Both methods' models read back bit-identical. */
static void
test_model_round_trip (void)
{
  gchar *path = g_build_filename (tmp_dir, "model.txt", NULL), *error = NULL;
  mc_segment_model m0 = { MC_SEGMENT_COURSE, { 0.1f / 3, 0.2f, 1.0f / 7, 0.9f, 0.77777f, 1e-7f }, 0 };
  mc_segment_model m1 = { MC_SEGMENT_OURS, { 0 }, 0.123456789012345678 };
  const mc_segment_model *models[2] = { &m0, &m1 };
  for (int i = 0; i < 2; i++)
    {
      mc_segment_model back;
      g_assert_true (mc_joint_model_save ("model-path", path, models[i], "3 files", &error));
      g_assert_true (mc_joint_model_load ("model-path", path, &back, &error));
      g_assert_null (error);
      g_assert_cmpint (back.method, ==, models[i]->method);
      g_assert_cmpmem (back.centres, sizeof back.centres, models[i]->centres,
                       sizeof back.centres);
      g_assert_true (back.threshold == models[i]->threshold);
    }
  g_free (path);
}

static void
test_model_errors (void)
{
  const char *bad[] = {
    "format 1\nmethod 0\n",                                  /* no centres */
    "format 2\nmethod 1\nthreshold 0.5\n",                   /* another format */
    "format 1\nmethod 3\nthreshold 0.5\n",                   /* another method */
    "format 1\nmethod 0\ncentres 1 2 3 4 5\n",               /* five numbers */
    "format 1\nmethod 0\ncentres 1 2 3 4 5 nan\n",           /* not finite */
    "format 1\nmethod 1\nthreshold 0.5 junk\n",              /* trailing text */
    "format 1\nmethod 1\ncentres 1 2 3 4 5 6\n",             /* centres for method 1 */
    "GIF89a\x01\x02",                                        /* not a model at all */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gchar *path = write_text ("bad.txt", bad[i]), *error = NULL;
      mc_segment_model m;
      g_assert_false (mc_joint_model_load ("model-path", path, &m, &error));
      g_assert_nonnull (strstr (error, "model-path"));
      g_assert_nonnull (strstr (error, "accepted"));
      g_free (error);
      g_free (path);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("medclust-csv-XXXXXX", NULL);
  g_test_add_func ("/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/csv/append", test_csv_append);
  g_test_add_func ("/csv/errors", test_csv_errors);
  g_test_add_func ("/joint-model/round-trip", test_model_round_trip);
  g_test_add_func ("/joint-model/errors", test_model_errors);
  int status = g_test_run ();
  const char *names[] = { "round.csv", "empty.csv", "quote.csv", "model.txt", "bad.txt" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gchar *p = g_build_filename (tmp_dir, names[i], NULL);
      g_remove (p);
      g_free (p);
    }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
