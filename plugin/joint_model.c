/* joint_model.c: reading and writing the joint colour model file (mc_joint_model.h). */
#include "mc_joint_model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define FORMAT 1
#define ACCEPTED "accepted: a model file written by plug-in-medclust-fit-joint-model"

gboolean
mc_joint_model_save (const char *param, const char *path, const mc_segment_model *model,
                     const char *source, gchar **error)
{
  FILE *f = fopen (path, "w");
  if (!f)
    {
      *error = g_strdup_printf ("%s = \"%s\": %s", param, path, g_strerror (errno));
      return FALSE;
    }
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  fprintf (f, "# medclust joint colour model\n# fitted on %s\nformat %d\nmethod %d\n", source,
           FORMAT, model->method);
  if (model->method == MC_SEGMENT_COURSE)
    {
      fputs ("centres", f);
      for (int i = 0; i < 6; i++)
        fprintf (f, " %s", g_ascii_formatd (buf, sizeof buf, "%.9g", model->centres[i]));
      fputc ('\n', f);
    }
  else
    fprintf (f, "threshold %s\n", g_ascii_formatd (buf, sizeof buf, "%.17g", model->threshold));
  gboolean ok = !ferror (f);
  ok = fclose (f) == 0 && ok;
  if (!ok)
    *error = g_strdup_printf ("%s = \"%s\": writing failed: %s", param, path, g_strerror (errno));
  return ok;
}

/* Reads n finite numbers after the keyword of line; FALSE when there are more, fewer or others. */
static gboolean
read_numbers (const char *line, const char *keyword, double *out, int n)
{
  if (!g_str_has_prefix (line, keyword))
    return FALSE;
  const char *p = line + strlen (keyword);
  for (int i = 0; i < n; i++)
    {
      char *end;
      while (*p == ' ' || *p == '\t')
        p++;
      out[i] = g_ascii_strtod (p, &end);
      if (end == p || !isfinite (out[i]))
        return FALSE;
      p = end;
    }
  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  return *p == '\0';
}

/* Fills model from the file's lines; NULL or what is wrong. */
static const char *
parse_model (gchar **lines, mc_segment_model *model)
{
  double v[6];
  int have_format = 0, have_method = 0, have_values = 0;
  memset (model, 0, sizeof *model);
  for (gchar **l = lines; *l; l++)
    {
      const char *line = g_strstrip (*l);
      if (!*line || *line == '#')
        continue;
      if (read_numbers (line, "format", v, 1))
        {
          if (v[0] != FORMAT)
            return "its format is not 1";
          have_format = 1;
        }
      else if (read_numbers (line, "method", v, 1))
        {
          if (v[0] != MC_SEGMENT_COURSE && v[0] != MC_SEGMENT_OURS)
            return "its method is not 0 or 1";
          model->method = (int) v[0];
          have_method = 1;
        }
      else if (have_method && model->method == MC_SEGMENT_COURSE
               && read_numbers (line, "centres", v, 6))
        {
          for (int i = 0; i < 6; i++)
            model->centres[i] = (float) v[i];
          have_values = 1;
        }
      else if (have_method && model->method == MC_SEGMENT_OURS
               && read_numbers (line, "threshold", v, 1))
        {
          model->threshold = v[0];
          have_values = 1;
        }
      else
        return "a line is not one of format, method, centres (6 numbers, method 0) or "
               "threshold (method 1)";
    }
  if (!have_format || !have_method || !have_values)
    return "it lacks its format, method, centres or threshold line";
  return NULL;
}

gboolean
mc_joint_model_load (const char *param, const char *path, mc_segment_model *model,
                     gchar **error)
{
  gchar *text = NULL;
  GError *gerr = NULL;
  if (!g_file_get_contents (path, &text, NULL, &gerr))
    {
      *error = g_strdup_printf ("%s = \"%s\": %s; " ACCEPTED, param, path, gerr->message);
      g_error_free (gerr);
      return FALSE;
    }
  gchar **lines = g_strsplit (text, "\n", -1);
  const char *problem = parse_model (lines, model);
  g_strfreev (lines);
  g_free (text);
  if (problem)
    *error = g_strdup_printf ("%s = \"%s\" is not a joint colour model: %s; " ACCEPTED, param,
                              path, problem);
  return problem == NULL;
}
