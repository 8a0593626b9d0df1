/* mc_files.h: file work shared by the batch procedures (measure-files, augment-files): a sorted
 * glob, decoding and encoding through GEGL, output folder checks, and "file i of N" progress. */
#ifndef MC_FILES_H
#define MC_FILES_H

#include <glib.h>
#include <stdint.h>

/* Files matching a glob pattern (a path with * and ? wildcards; folders left out, dangling links
 * and unreadable files kept, so that each gets its error row), or listed in the text file PATH
 * when the pattern is "@PATH" (one path a line, blank lines skipped, relative paths from the
 * list's folder: a shard of a larger set), sorted by file name (then path), as a NULL-terminated
 * array (g_strfreev). *n receives the count; no match gives an empty array. NULL with *error
 * (g_free) when the list cannot be read. */
gchar **mc_files_glob (const char *pattern, gint *n, gchar **error);

/* Decodes an image file as R'G'B'A float (w*h*4, g_free): JPEG and PNG through decode.c, others
 * through GEGL. FALSE with a message in *error (g_free) when the file cannot be read or decoded;
 * a damaged file's message starts with MC_DAMAGED_PREFIX (mc_measure_decode.h). */
gboolean mc_files_load_rgba (const char *path, gint *width, gint *height, float **rgba,
                             gchar **error);
/* Decodes a grey mask (any image; luminance >= 0.5 = 255, else 0) as w*h bytes. */
gboolean mc_files_load_mask (const char *path, gint *width, gint *height, uint8_t **mask,
                             gchar **error);

/* Encodes R'G'B'A float (w*h*4) as an 8-bit RGBA PNG, or a mask (w*h bytes) as an 8-bit grey
 * PNG. FALSE with a message in *error on failure. */
gboolean mc_files_save_png_rgba (const char *path, gint width, gint height, const float *rgba,
                                 gchar **error);
gboolean mc_files_save_png_mask (const char *path, gint width, gint height, const uint8_t *mask,
                                 gchar **error);

/* Creates dir (and parents) when missing; FALSE with a message when it cannot be created or
 * written. */
gboolean mc_files_prepare_dir (const char *dir, gchar **error);
/* Checks that a file can be written at path (its folder exists and is writable; an existing
 * file is writable). */
gboolean mc_files_check_writable (const char *param, const char *path, gchar **error);

/* Progress text and fraction for file i (0-based) of n: "PREFIX: file i+1 of N (name)", through
 * the host's progress bar (mc_host.h). */
void mc_files_progress (const char *prefix, gint i, gint n, const char *path);

/* "dir/ISIC_1.jpg" -> "ISIC_1" (g_free). */
gchar *mc_files_stem (const char *path);

#endif
