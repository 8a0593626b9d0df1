/* files.c: the batch procedures' file work. Images are decoded and encoded with GEGL's own
 * loaders and savers inside the plug-in process, so a folder is processed without creating GIMP
 * images (faster, and nothing appears in the user's image list). */
#include "mc_files.h"
#include "mc_host.h"
#include "mc_measure_decode.h"
#include "mc_pixels.h"

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

gchar **
mc_files_glob (const char *pattern, gint *n)
{
  glob_t g;
  GPtrArray *files = g_ptr_array_new ();
  if (glob (pattern, 0, NULL, &g) == 0)
    {
      for (size_t i = 0; i < g.gl_pathc; i++)
        if (g_file_test (g.gl_pathv[i], G_FILE_TEST_IS_REGULAR))
          g_ptr_array_add (files, g_strdup (g.gl_pathv[i]));
      globfree (&g);
    }
  g_ptr_array_sort (files, compare_by_name);
  *n = (gint) files->len;
  g_ptr_array_add (files, NULL);
  return (gchar **) g_ptr_array_free (files, FALSE);
}

static GeglBuffer *
load_buffer (const char *path, gchar **error)
{
  mc_gegl_ensure ();
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || access (path, R_OK) != 0)
    {
      *error = g_strdup_printf ("cannot read %s: %s", path, g_strerror (errno ? errno : ENOENT));
      return NULL;
    }
  /* GEGL's JPEG loader exits the process on a JPEG broken before its image data: refuse those
   * files here so that one bad file cannot end a batch. */
  gchar *risk = mc_jpeg_decode_risk (path);
  if (risk)
    {
      *error = g_strdup_printf ("cannot decode %s: %s", path, risk);
      g_free (risk);
      return NULL;
    }
  GeglNode *graph = gegl_node_new ();
  GeglNode *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglBuffer *buffer = NULL;
  GeglNode *sink
    = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer, NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (buffer && (gegl_buffer_get_width (buffer) <= 0 || gegl_buffer_get_height (buffer) <= 0))
    g_clear_object (&buffer);
  if (!buffer)
    *error = g_strdup_printf ("cannot decode %s: not an image file GEGL can read, or corrupt",
                              path);
  return buffer;
}

gboolean
mc_files_load_rgba (const char *path, gint *width, gint *height, float **rgba, gchar **error)
{
  GeglBuffer *buffer = load_buffer (path, error);
  if (!buffer)
    return FALSE;
  *width = gegl_buffer_get_width (buffer);
  *height = gegl_buffer_get_height (buffer);
  *rgba = g_try_new (float, (gsize) *width * *height * 4);
  if (!*rgba)
    {
      *error = g_strdup_printf ("%s: %dx%d is too large for memory", path, *width, *height);
      g_object_unref (buffer);
      return FALSE;
    }
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format ("R'G'B'A float"),
                   *rgba, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return TRUE;
}

gboolean
mc_files_load_mask (const char *path, gint *width, gint *height, uint8_t **mask, gchar **error)
{
  GeglBuffer *buffer = load_buffer (path, error);
  if (!buffer)
    return FALSE;
  *width = gegl_buffer_get_width (buffer);
  *height = gegl_buffer_get_height (buffer);
  gsize n = (gsize) *width * *height;
  *mask = g_new (uint8_t, n);
  gegl_buffer_get (buffer, gegl_buffer_get_extent (buffer), 1.0, babl_format ("Y' u8"), *mask,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  for (gsize i = 0; i < n; i++)
    (*mask)[i] = (*mask)[i] >= 128 ? 255 : 0;
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
  GeglBuffer *buffer = gegl_buffer_new (&r, babl_format ("R'G'B'A u8"));
  gegl_buffer_set (buffer, &r, 0, babl_format ("R'G'B'A float"), rgba, GEGL_AUTO_ROWSTRIDE);
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
