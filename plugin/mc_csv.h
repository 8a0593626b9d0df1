/* mc_csv.h: the CSV files of the batch procedures (RFC 4180, as spreadsheets read them): a field
 * is quoted, with its quotes doubled, when it holds a comma, a quote, a line break or a semicolon
 * (the separator spreadsheets use in many locales); numbers use the C locale's point. */
#ifndef MC_CSV_H
#define MC_CSV_H

#include <glib.h>
#include <stdio.h>

/* Writes one field, quoted when it must be; mc_csv_append_field appends it to out instead. */
void mc_csv_write_field (FILE *f, const char *s);
void mc_csv_append_field (GString *out, const char *s);
/* Writes ",<number>" formatted with format, with a point whatever the user's locale. */
void mc_csv_write_number (FILE *f, const char *format, double v);

/* A CSV read whole: its header's fields and its records' fields, the records as arrays of
 * n_columns strings (a shorter record is padded with ""; a longer one is an error). */
typedef struct
{
  gchar **header; /* NULL-terminated */
  gint n_columns;
  GPtrArray *records; /* of gchar ** (NULL-terminated, n_columns each) */
} mc_csv;

/* Reads path; FALSE with "<param> = \"<path>\": <why>" in *error (g_free) when it cannot be read,
 * is empty or is not well-formed (an unclosed quote, a record longer than the header; the line
 * is named). */
gboolean mc_csv_read (const char *param, const char *path, mc_csv *csv, gchar **error);
/* The column named name, or -1. */
gint mc_csv_column (const mc_csv *csv, const char *name);
void mc_csv_clear (mc_csv *csv);

#endif
