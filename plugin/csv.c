/* csv.c: writing and reading the batch procedures' CSV files (mc_csv.h). */
#include "mc_csv.h"

#include <errno.h>
#include <string.h>

/* The rule of mc_csv.h: a field is quoted when it holds a comma, a semicolon, a quote or a line
 * break. Blanks are kept as they are, quoted or not (RFC 4180; the reader below keeps them). */
void
mc_csv_append_field (GString *out, const char *s)
{
  if (!strpbrk (s, ",;\"\r\n"))
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
mc_csv_write_field (FILE *f, const char *s)
{
  GString *field = g_string_new (NULL);
  mc_csv_append_field (field, s);
  fputs (field->str, f);
  g_string_free (field, TRUE);
}

void
mc_csv_write_number (FILE *f, const char *format, double v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  fputc (',', f);
  fputs (g_ascii_formatd (buf, sizeof buf, format, v), f);
}

/* Parses one record starting at *p (which is left after its line break); FALSE at an unclosed
 * quote. */
static gboolean
parse_record (const char **p, const char *end, GPtrArray *fields)
{
  GString *field = g_string_new (NULL);
  const char *s = *p;
  gboolean quoted = FALSE, ok = TRUE;
  for (;;)
    {
      if (s == end)
        {
          ok = !quoted;
          break;
        }
      char c = *s++;
      if (quoted)
        {
          if (c != '"')
            g_string_append_c (field, c);
          else if (s < end && *s == '"')
            g_string_append_c (field, *s++);
          else
            quoted = FALSE;
        }
      else if (c == '"')
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && s < end && *s == '\n')
            s++;
          break;
        }
      else
        g_string_append_c (field, c);
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  *p = s;
  return ok;
}

static gchar **
take_fields (GPtrArray *fields, gint pad_to)
{
  while ((gint) fields->len < pad_to)
    g_ptr_array_add (fields, g_strdup (""));
  g_ptr_array_add (fields, NULL);
  return (gchar **) g_ptr_array_free (fields, FALSE);
}

gboolean
mc_csv_read (const char *param, const char *path, mc_csv *csv, gchar **error)
{
  memset (csv, 0, sizeof *csv);
  gchar *text = NULL;
  gsize size = 0;
  GError *gerr = NULL;
  if (!g_file_get_contents (path, &text, &size, &gerr))
    {
      *error = g_strdup_printf ("%s = \"%s\": %s", param, path, gerr->message);
      g_error_free (gerr);
      return FALSE;
    }
  const char *p = text, *end = text + size;
  gboolean ok = size > 0;
  if (!ok)
    *error = g_strdup_printf ("%s = \"%s\" is empty; accepted: a CSV with a header", param, path);
  csv->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (gint line = 1; ok && p < end; line++)
    {
      GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
      ok = parse_record (&p, end, fields);
      if (ok && !csv->header)
        {
          csv->n_columns = (gint) fields->len;
          csv->header = take_fields (fields, 0);
          continue;
        }
      if (ok && (gint) fields->len > csv->n_columns)
        ok = FALSE;
      if (!ok)
        {
          *error = g_strdup_printf ("%s = \"%s\": record %d is not well-formed (%s)", param,
                                    path, line,
                                    (gint) fields->len > csv->n_columns
                                      ? "more fields than the header"
                                      : "a quote is not closed");
          g_ptr_array_free (fields, TRUE);
          break;
        }
      if (fields->len == 1 && !*(const char *) fields->pdata[0])
        g_ptr_array_free (fields, TRUE); /* an empty line */
      else
        g_ptr_array_add (csv->records, take_fields (fields, csv->n_columns));
    }
  g_free (text);
  if (!ok)
    mc_csv_clear (csv);
  return ok;
}

gint
mc_csv_column (const mc_csv *csv, const char *name)
{
  for (gint i = 0; csv->header && csv->header[i]; i++)
    if (strcmp (csv->header[i], name) == 0)
      return i;
  return -1;
}

void
mc_csv_clear (mc_csv *csv)
{
  g_strfreev (csv->header);
  if (csv->records)
    g_ptr_array_free (csv->records, TRUE);
  memset (csv, 0, sizeof *csv);
}
