/* files.c: the batch procedures' file work, inside the plug-in process, so that a folder is
 * processed without creating GIMP images (faster, and nothing appears in the user's image list):
 * JPEG and PNG decoded by decode.c (measure_decode.c: mc_load_raw), other formats by GEGL's
 * loaders, PNGs written by GEGL's saver. */
#include "mc_files.h"
#include "mc_host.h"
#include "mc_measure_decode.h"
#include "mc_pixels.h"
#include "mc_pixels_convert.h"

#include <errno.h>
#include <gegl.h>
#include <glob.h>
#include <string.h>
#include <unistd.h>

static gint
compare_by_name (gconstpointer a, gconstpointer b)
{
  const gchar *pa = *(const gchar *const *) a, *pb = *(const gchar *const *) b;
  gchar *na = g_path_get_basename (pa), *nb = g_path_get_basename (pb);
  gint c = strcmp (na, nb);
  g_free (na);
  g_free (nb);
  return c ? c : strcmp (pa, pb);
}

/* The paths listed in list_path, one a line (blank lines skipped; relative ones taken from the
 * list's folder). FALSE with *error when the list cannot be read. */
static gboolean
read_list (const char *list_path, GPtrArray *files, gchar **error)
{
  gchar *text = NULL;
  GError *gerr = NULL;
  if (!g_file_get_contents (list_path, &text, NULL, &gerr))
    {
      *error = g_strdup_printf ("pattern = \"@%s\": the list cannot be read: %s", list_path,
                                gerr->message);
      g_error_free (gerr);
      return FALSE;
    }
  gchar *dir = g_path_get_dirname (list_path);
  gchar **lines = g_strsplit (text, "\n", -1);
  for (gchar **l = lines; *l; l++)
    {
      g_strchomp (*l); /* trailing blanks and a Windows line end */
      if (**l)
        g_ptr_array_add (files, g_path_is_absolute (*l) ? g_strdup (*l)
                                                        : g_build_filename (dir, *l, NULL));
    }
  g_strfreev (lines);
  g_free (dir);
  g_free (text);
  return TRUE;
}

gchar **
mc_files_glob (const char *pattern, gint *n, gchar **error)
{
  GPtrArray *files = g_ptr_array_new ();
  *n = 0;
  if (pattern[0] == '@')
    {
      if (!read_list (pattern + 1, files, error))
        {
          g_ptr_array_free (files, TRUE);
          return NULL;
        }
    }
  else
    {
      /* Every match but folders: a dangling link or an unreadable file gets its row (and its
       * error) like any other. */
      glob_t g;
      if (glob (pattern, 0, NULL, &g) == 0)
        {
          for (size_t i = 0; i < g.gl_pathc; i++)
            if (!g_file_test (g.gl_pathv[i], G_FILE_TEST_IS_DIR))
              g_ptr_array_add (files, g_strdup (g.gl_pathv[i]));
          globfree (&g);
        }
    }
  g_ptr_array_sort (files, compare_by_name);
  *n = (gint) files->len;
  g_ptr_array_add (files, NULL);
  return (gchar **) g_ptr_array_free (files, FALSE);
}

/* Decodes path as R'G'B'A float (JPEG and PNG through decode.c, others through GEGL). */
gboolean
mc_files_load_rgba (const char *path, gint *width, gint *height, float **rgba, gchar **error)
{
  mc_gegl_ensure ();
  mc_raw_image raw;
  mc_decode_result r = mc_load_raw (path, &raw, error);
  if (r == MC_DECODE_OK)
    {
      *width = raw.width;
      *height = raw.height;
      *rgba = g_try_new (float, (gsize) raw.width * raw.height * 4);
      /* Converted here, not by babl, whose path (chosen by timing) may round otherwise. */
      if (*rgba && raw.bits == 16)
        mc_pixels_from_u16 ((const uint16_t *) raw.pixels, raw.n_components,
                            (size_t) raw.width * raw.height, *rgba);
      else if (*rgba)
        mc_pixels_from_u8 (raw.pixels, raw.n_components, (size_t) raw.width * raw.height, *rgba);
      else
        *error = g_strdup_printf ("%s: %dx%d is too large for memory", path, raw.width,
                                  raw.height);
      mc_raw_image_clear (&raw);
      return *rgba != NULL;
    }
  if (r != MC_DECODE_NOT_MINE)
    return FALSE;
  GeglBuffer *buffer = mc_load_other (path, error);
  if (!buffer)
    return FALSE;
  *width = gegl_buffer_get_width (buffer);
  *height = gegl_buffer_get_height (buffer);
  *rgba = g_try_new (float, (gsize) *width * *height * 4);
  if (*rgba)
    gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format ("R'G'B'A float"),
                     *rgba, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  else
    *error = g_strdup_printf ("%s: %dx%d is too large for memory", path, *width, *height);
  g_object_unref (buffer);
  return *rgba != NULL;
}

gboolean
mc_files_load_mask (const char *path, gint *width, gint *height, uint8_t **mask, gchar **error)
{
  float *rgba;
  if (!mc_files_load_rgba (path, width, height, &rgba, error))
    return FALSE;
  /* Masks are greys (R' = G' = B'): lesion where that grey is at least 128 of 255. A coloured
   * mask is judged by the luma of its R'G'B' (Rec. 709 weights). */
  gsize n = (gsize) *width * *height;
  *mask = g_new (uint8_t, n);
  for (gsize i = 0; i < n; i++)
    {
      const float *p = rgba + 4 * i;
      double y = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      (*mask)[i] = y * 255.0 + 0.5 >= 128.0 ? 255 : 0;
    }
  g_free (rgba);
  return TRUE;
}

static gboolean
save_buffer (const char *path, GeglBuffer *buffer, gchar **error)
{
  GeglNode *graph = gegl_node_new ();
  GeglNode *src = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer", buffer,
                                       NULL);
  GeglNode *save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                                        "bitdepth", 8, "compression", 3, NULL);
  gegl_node_link (src, save);
  gegl_node_process (save);
  g_object_unref (graph);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *error = g_strdup_printf ("cannot write %s", path);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_files_save_png_rgba (const char *path, gint width, gint height, const float *rgba,
                        gchar **error)
{
  mc_gegl_ensure ();
  GeglRectangle r = { 0, 0, width, height };
  /* Rounded here (mc_pixels_to_u8), not by babl: babl picks its float-to-u8 path by timing
   * candidates that round differently, which changed PNG bytes under load (issue 9, item 10).
   * The buffer takes the bytes in its own format, which babl copies unchanged. */
  gsize n = (gsize) width * height;
  uint8_t *bytes = g_try_malloc (n * 4);
  if (!bytes)
    {
      *error = g_strdup_printf ("cannot write %s: %dx%d is too large for memory", path, width,
                                height);
      return FALSE;
    }
  mc_pixels_to_u8 (rgba, n, bytes);
  GeglBuffer *buffer = gegl_buffer_new (&r, babl_format ("R'G'B'A u8"));
  gegl_buffer_set (buffer, &r, 0, babl_format ("R'G'B'A u8"), bytes, GEGL_AUTO_ROWSTRIDE);
  g_free (bytes);
  gboolean ok = save_buffer (path, buffer, error);
  g_object_unref (buffer);
  return ok;
}

gboolean
mc_files_save_png_mask (const char *path, gint width, gint height, const uint8_t *mask,
                        gchar **error)
{
  mc_gegl_ensure ();
  GeglRectangle r = { 0, 0, width, height };
  GeglBuffer *buffer = gegl_buffer_new (&r, babl_format ("Y' u8"));
  gegl_buffer_set (buffer, &r, 0, babl_format ("Y' u8"), mask, GEGL_AUTO_ROWSTRIDE);
  gboolean ok = save_buffer (path, buffer, error);
  g_object_unref (buffer);
  return ok;
}

gboolean
mc_files_prepare_dir (const char *dir, gchar **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      *error = g_strdup_printf ("cannot create folder %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  if (access (dir, W_OK) != 0)
    {
      *error = g_strdup_printf ("folder %s is not writable", dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
mc_files_check_writable (const char *param, const char *path, gchar **error)
{
  gchar *dir = g_path_get_dirname (path);
  gboolean ok = TRUE;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      *error = g_strdup_printf ("%s = \"%s\": its folder %s does not exist", param, path, dir);
      ok = FALSE;
    }
  else if (access (dir, W_OK) != 0 || (g_file_test (path, G_FILE_TEST_EXISTS)
                                       && access (path, W_OK) != 0))
    {
      *error = g_strdup_printf ("%s = \"%s\" is not writable", param, path);
      ok = FALSE;
    }
  else if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      *error = g_strdup_printf ("%s = \"%s\" is a folder; a file path is required", param, path);
      ok = FALSE;
    }
  g_free (dir);
  return ok;
}

void
mc_files_progress (const char *prefix, gint i, gint n, const char *path)
{
  gchar *name = g_path_get_basename (path);
  gchar *text = g_strdup_printf ("%s: file %d of %d (%s)", prefix, i + 1, n, name);
  mch_progress_set_text (text);
  mch_progress_update (n > 0 ? (gdouble) i / n : 0.0);
  g_free (text);
  g_free (name);
}

gchar *
mc_files_stem (const char *path)
{
  gchar *base = g_path_get_basename (path);
  gchar *dot = strrchr (base, '.');
  if (dot && dot != base)
    *dot = '\0';
  return base;
}
