/* harness.c: runs Script-Fu in a headless GIMP 2.10 or GIMP 3 (MEDCLUST_GIMP_HOST) with medclust
 * loaded from the build tree, collects what the script printed, and reads and writes images
 * through GEGL. See harness.h. */
#include "harness.h"

#include <errno.h>
#include <gegl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Compiled-in defaults (meson passes the real ones, per host for the folders that depend on
 * it); the environment overrides them. */
#ifndef E2E_DEFAULT_HOST
#define E2E_DEFAULT_HOST 2
#endif
#ifndef E2E_DEFAULT_PLUGIN_DIR_2
#define E2E_DEFAULT_PLUGIN_DIR_2 ""
#endif
#ifndef E2E_DEFAULT_PLUGIN_DIR_3
#define E2E_DEFAULT_PLUGIN_DIR_3 ""
#endif
#ifndef E2E_SYSTEM_PLUGIN_DIR_2
#define E2E_SYSTEM_PLUGIN_DIR_2 "/usr/lib/gimp/2.0/plug-ins"
#endif
#ifndef E2E_SYSTEM_PLUGIN_DIR_3
#define E2E_SYSTEM_PLUGIN_DIR_3 "/usr/lib/x86_64-linux-gnu/gimp/3.0/plug-ins"
#endif
#ifndef E2E_DEFAULT_SOURCE_DIR
#define E2E_DEFAULT_SOURCE_DIR ""
#endif
#ifndef E2E_DEFAULT_DATA_DIR
#define E2E_DEFAULT_DATA_DIR ""
#endif

#define E2E_SENTINEL "E2E-DONE"
#define E2E_BATCH_ERROR "batch command experienced an execution error"

/* What differs between the two GIMPs (see ../shared/docs/gimp-2.10-headless.md and
 * gimp-3-headless.md). The system plug-ins are the ones the tests use: the Script-Fu
 * interpreter (GIMP 3: and its server, for GUI sessions) and the file formats the scripts load
 * and save. GIMP queries every plug-in of a fresh profile at start-up, so linking only these
 * cuts a cold start from about 9 s to about 3.5 s (GIMP 2.10) and from 16-20 s to 4-8 s
 * (GIMP 3) on the project's machine. */
typedef struct
{
  int number;                        /* 2 or 3 */
  const char *console;               /* the batch binary */
  const char *gui;                   /* the binary with a display */
  const char *profile_variable;      /* the environment variable naming the profile folder */
  const char *plugin_dir;            /* compiled-in build-tree plug-ins folder */
  const char *system_plugin_dir;     /* compiled-in GIMP plug-ins folder */
  const char *const *preludes;       /* loaded in this order before the test body */
  const char *const *system_plug_ins;
  const char *const *gui_plug_ins;   /* added for GUI sessions */
} E2eHost;

static const char *const preludes_2[] = { "prelude.scm", NULL };
static const char *const preludes_3[] = { "prelude-gimp3.scm", "prelude.scm", NULL };
static const char *const plug_ins[] = { "script-fu", "file-png", "file-jpeg", "file-tiff", NULL };
static const char *const gui_plug_ins_2[] = { NULL }; /* the server is part of script-fu */
static const char *const gui_plug_ins_3[] = { "script-fu-server", NULL };

static const E2eHost hosts[] = {
  { 2, "gimp-console-2.10", "gimp-2.10", "GIMP2_DIRECTORY", E2E_DEFAULT_PLUGIN_DIR_2,
    E2E_SYSTEM_PLUGIN_DIR_2, preludes_2, plug_ins, gui_plug_ins_2 },
  { 3, "gimp-console-3.0", "gimp-3.0", "GIMP3_DIRECTORY", E2E_DEFAULT_PLUGIN_DIR_3,
    E2E_SYSTEM_PLUGIN_DIR_3, preludes_3, plug_ins, gui_plug_ins_3 },
};

/* GIMP 3's stderr lines that say nothing about the test (gimp-3-headless.md, sections 3 and 8):
 * dropped from run->stderr_text (stderr.txt in the run folder keeps everything). A line is noise
 * when it holds text and, if start is set, begins with start (GIMP's own process for the
 * critical it prints at exit, so that the plug-in's criticals still show). */
typedef struct
{
  const char *start;
  const char *text;
} E2eNoise;

static const E2eNoise gimp3_noise[] = {
  { NULL, "gimp_flush(): error: Broken pipe" },
  { "(gimp:", "g_object_unref: assertion 'G_IS_OBJECT (object)' failed" },
  { NULL, "INFO: a stray image seems to have been left around by a plug-in" },
  { NULL, "script_fu_add_resource_arg declared resource name is invalid" },
  { NULL, "PDB procedure returned NULL GIMP object." },
  { NULL, "Calling Plug-In PDB procedures with arguments as an ordered list is deprecated." },
  { "Please use named arguments: (", "" },
  { NULL, NULL },
};

static char *program_tmp_dir;  /* <tmp>/medclust-e2e-<program>-XXXXXX */
static int run_counter;
static gboolean gegl_ready;
static const E2eHost *host;

/* The host of MEDCLUST_GIMP_HOST ("2" or "3"; default: the first one the build made). */
static const E2eHost *
current_host (void)
{
  if (!host)
    {
      const char *wanted = g_getenv ("MEDCLUST_GIMP_HOST");
      int number = wanted && *wanted ? atoi (wanted) : E2E_DEFAULT_HOST;
      for (size_t i = 0; i < G_N_ELEMENTS (hosts); i++)
        if (hosts[i].number == number)
          host = &hosts[i];
      if (!host)
        g_error ("e2e: MEDCLUST_GIMP_HOST=%s: the harness knows GIMP 2 and 3 only", wanted);
    }
  return host;
}

int
e2e_gimp_host (void)
{
  return current_host ()->number;
}

static const char *
env_or (const char *name, const char *fallback)
{
  const char *value = g_getenv (name);
  return value && *value ? value : fallback;
}

static gboolean
keep_everything (void)
{
  return g_strcmp0 (g_getenv ("MEDCLUST_E2E_KEEP"), "1") == 0;
}

/* Removes a file tree without following links (the system plug-in links point into /usr). */
static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)))
        {
          char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
          g_free (child);
        }
      if (dir)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* links_dir/NAME -> <GIMP's plug-in folder>/NAME for each name. */
static void
make_system_plug_in_links (const char *links_dir, const char *const *names)
{
  const char *system_dir
      = env_or ("MEDCLUST_SYSTEM_PLUGIN_DIR", current_host ()->system_plugin_dir);
  g_mkdir_with_parents (links_dir, 0700);
  for (int i = 0; names[i]; i++)
    {
      char *target = g_build_filename (system_dir, names[i], NULL);
      char *link = g_build_filename (links_dir, names[i], NULL);
      if (symlink (target, link) != 0 && errno != EEXIST)
        g_printerr ("e2e: cannot link %s: %s\n", target, g_strerror (errno));
      g_free (target);
      g_free (link);
    }
}

void
e2e_init (int *argc, char ***argv)
{
  g_test_init (argc, argv, NULL);
  /* The GIMP binary, for programs that wrap it (test_e2e_segment.c's font wrapper): set here,
   * before any thread starts, when the environment does not name one. */
  if (!g_getenv ("MEDCLUST_GIMP") || !*g_getenv ("MEDCLUST_GIMP"))
    g_setenv ("MEDCLUST_GIMP", current_host ()->console, TRUE);
  char *base = g_path_get_basename ((*argv)[0]);
  char *template = g_strdup_printf ("medclust-e2e-%s-XXXXXX", base);
  GError *error = NULL;
  program_tmp_dir = g_dir_make_tmp (template, &error);
  if (!program_tmp_dir)
    g_error ("e2e: cannot create a temporary folder: %s", error->message);
  char *links = g_build_filename (program_tmp_dir, "system-plug-ins", NULL);
  make_system_plug_in_links (links, current_host ()->system_plug_ins);
  g_free (links);
  g_free (template);
  g_free (base);
}

int
e2e_finish (int status)
{
  if (gegl_ready)
    gegl_exit ();
  if (!program_tmp_dir)
    return status;
  /* Keep the whole folder while a failed run's folder is in it: the run may refer to inputs. */
  gboolean kept_run = FALSE;
  GDir *dir = g_dir_open (program_tmp_dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    kept_run |= g_str_has_prefix (name, "run-") || g_str_has_prefix (name, "gui-");
  if (dir)
    g_dir_close (dir);
  if (kept_run || keep_everything ())
    g_printerr ("e2e: kept %s\n", program_tmp_dir);
  else
    remove_tree (program_tmp_dir);
  g_clear_pointer (&program_tmp_dir, g_free);
  return status;
}

const char *
e2e_tmp_dir (void)
{
  g_assert_nonnull (program_tmp_dir); /* e2e_init was not called */
  return program_tmp_dir;
}

char *
e2e_scm_string (const char *s)
{
  GString *quoted = g_string_new ("\"");
  for (const char *c = s; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* "/quantize/synthetic" -> "quantize-synthetic", for readable run folder names. */
static char *
test_path_slug (void)
{
  const char *path = g_test_get_path ();
  char *slug = g_strdup (path && *path ? path + (path[0] == '/') : "run");
  for (char *c = slug; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      *c = '-';
  return slug;
}

static void
write_file_or_die (const char *path, const char *contents)
{
  GError *error = NULL;
  if (!g_file_set_contents (path, contents, -1, &error))
    g_error ("e2e: cannot write %s: %s", path, error->message);
}

/* The version gimp prints for --version ("3.0.4"), or NULL. g_free it. */
static char *
gimp_version (const char *gimp)
{
  const char *argv[] = { "timeout", "60", gimp, "--version", NULL };
  char *out = NULL;
  char *version = NULL;
  if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, NULL, NULL))
    {
      GRegex *re = g_regex_new ("[0-9]+\\.[0-9]+\\.[0-9]+", 0, 0, NULL);
      GMatchInfo *match = NULL;
      if (g_regex_match (re, out, 0, &match))
        version = g_match_info_fetch (match, 0);
      g_match_info_free (match);
      g_regex_unref (re);
    }
  g_free (out);
  return version;
}

/* <dir>/gimprc: the system plug-in links (a GUI session, gui = the GIMP binary, adds
 * <dir>/gui-plug-ins) and the build tree's plug-ins folder. GIMP 3's Script-Fu needs two script
 * folders, the user's and the system's with scriptfu-init/ (one folder makes it crash): GIMP's
 * own defaults. GIMP 3's GUI greets a profile of an older (or no) version with a welcome dialog
 * that keeps the focus from the image window: the profile is declared of GIMP's own version. */
static void
write_gimprc (const char *dir, const char *gui)
{
  const E2eHost *h = current_host ();
  char *gimprc = g_build_filename (dir, "gimprc", NULL);
  GString *path = g_string_new (NULL);
  g_string_append_printf (path, "%s/system-plug-ins", program_tmp_dir);
  if (gui && h->gui_plug_ins[0])
    {
      char *extra = g_build_filename (dir, "gui-plug-ins", NULL);
      make_system_plug_in_links (extra, h->gui_plug_ins);
      g_string_append_printf (path, ":%s", extra);
      g_free (extra);
    }
  g_string_append_printf (path, ":%s", env_or ("MEDCLUST_PLUGIN_DIR", h->plugin_dir));
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, "(plug-in-path \"%s\")\n", path->str);
  if (h->number == 3)
    g_string_append (text, "(script-fu-path \"${gimp_dir}/scripts:${gimp_data_dir}/scripts\")\n");
  char *version = gui && h->number == 3 ? gimp_version (gui) : NULL;
  if (version)
    g_string_append_printf (text, "(config-version \"%s\")\n(show-welcome-dialog no)\n", version);
  g_free (version);
  write_file_or_die (gimprc, text->str);
  g_string_free (text, TRUE);
  g_string_free (path, TRUE);
  g_free (gimprc);
}

/* The environment of a GIMP run in dir. The profile folder (GIMP2_DIRECTORY or GIMP3_DIRECTORY)
 * must not exist yet: GIMP creates and fills it (a pre-created one gives tag-cache and gradient
 * warnings). The caches are shared by the program's runs: that keeps babl's conversion cache
 * and fontconfig's cache warm and never touches ~/.cache. */
static char **
gimp_environment (const char *dir)
{
  char *profile = g_build_filename (dir, "profile", NULL);
  char *cache = g_build_filename (program_tmp_dir, "cache", NULL);
  char *config = g_build_filename (program_tmp_dir, "config", NULL);
  char **envp = g_get_environ ();
  envp = g_environ_setenv (envp, current_host ()->profile_variable, profile, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  /* Headless for sure: an interactive call must take the no-display path. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  g_free (config);
  g_free (cache);
  g_free (profile);
  return envp;
}

/* A new folder <program tmp>/<prefix>-NN-<test path> for a run or a GUI session. */
static char *
make_run_dir (const char *prefix)
{
  char *slug = test_path_slug ();
  char *name = g_strdup_printf ("%s-%02d-%s", prefix, ++run_counter, slug);
  char *dir = g_build_filename (program_tmp_dir, name, NULL);
  g_mkdir_with_parents (dir, 0700);
  g_free (name);
  g_free (slug);
  return dir;
}

/* (load "<tests/e2e>/<name>") for each of the host's preludes. */
static char *
prelude_loads (void)
{
  GString *loads = g_string_new (NULL);
  for (const char *const *name = current_host ()->preludes; *name; name++)
    {
      char *path = g_build_filename (env_or ("MEDCLUST_E2E_DIR", E2E_DEFAULT_SOURCE_DIR), *name,
                                     NULL);
      char *quoted = e2e_scm_string (path);
      g_string_append_printf (loads, "(load %s)\n", quoted);
      g_free (quoted);
      g_free (path);
    }
  return g_string_free (loads, FALSE);
}

static void
write_run_inputs (const E2eRun *run, const char *scheme_body)
{
  write_gimprc (run->dir, NULL);
  char *results = g_build_filename (run->dir, "results.txt", NULL);
  char *q_dir = e2e_scm_string (run->dir);
  char *q_results = e2e_scm_string (results);
  char *loads = prelude_loads ();
  char *script_text = g_strdup_printf ("(define mc-run-dir %s)\n"
                                       "(define mc-result-file %s)\n"
                                       "%s"
                                       "(define (main)\n"
                                       "(begin\n%s\n)\n"
                                       "(mc-done))\n",
                                       q_dir, q_results, loads, scheme_body);
  char *script = g_build_filename (run->dir, "script.scm", NULL);
  write_file_or_die (script, script_text);

  g_free (script);
  g_free (script_text);
  g_free (loads);
  g_free (q_results);
  g_free (q_dir);
  g_free (results);
}

/* text without GIMP 3's noise lines (and the empty line GLib prints before each message). */
static char *
drop_noise (const char *text)
{
  char **lines = g_strsplit (text, "\n", -1);
  GString *kept = g_string_new (NULL);
  for (int i = 0; lines[i]; i++)
    {
      gboolean noise = FALSE;
      for (const E2eNoise *n = gimp3_noise; n->text && !noise; n++)
        noise = (!n->start || g_str_has_prefix (lines[i], n->start))
                && strstr (lines[i], n->text) != NULL;
      if (noise)
        {
          /* GLib puts an empty line before each message: drop it with the message. */
          if (kept->len >= 2 && kept->str[kept->len - 1] == '\n'
              && kept->str[kept->len - 2] == '\n')
            g_string_truncate (kept, kept->len - 1);
          continue;
        }
      g_string_append (kept, lines[i]);
      if (lines[i + 1])
        g_string_append_c (kept, '\n');
    }
  g_strfreev (lines);
  return g_string_free (kept, FALSE);
}

/* Runs GIMP on <run dir>/script.scm; fills stdout_text, stderr_text and seconds. Returns the wait
 * status, or -1 when GIMP could not be started. */
static int
spawn_gimp (E2eRun *run)
{
  char *script = g_build_filename (run->dir, "script.scm", NULL);
  char *q_script = e2e_scm_string (script);
  char *batch = g_strdup_printf ("(begin (load %s) (main))", q_script);
  char *gimprc_opt = g_strdup_printf ("--gimprc=%s/gimprc", run->dir);
  const char *timeout = env_or ("MEDCLUST_E2E_TIMEOUT", "300");
  const char *gimp = env_or ("MEDCLUST_GIMP", current_host ()->console);
  /* GIMP 2.10 needs a last -b to quit; GIMP 3 quits with --quit (a failing -b stops the batch,
   * so a quitting -b would never run) and loads its fonts (no -f), which text layers need. */
  const char *argv2[] = { "timeout", "--kill-after=10", timeout,
                          gimp, "-i", "-d", "-f", "--stack-trace-mode=never", gimprc_opt,
                          "-b", batch, "-b", "(gimp-quit 0)", NULL };
  const char *argv3[] = { "timeout", "--kill-after=10", timeout,
                          gimp, "-i", "-d", "--stack-trace-mode=never", gimprc_opt,
                          "--batch-interpreter=plug-in-script-fu-eval", "-b", batch, "--quit",
                          NULL };
  const char **argv = current_host ()->number == 3 ? argv3 : argv2;

  char **envp = gimp_environment (run->dir);

  int status = -1;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  if (!g_spawn_sync (run->dir, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &run->stdout_text, &run->stderr_text, &status, &error))
    {
      run->stderr_text = g_strdup_printf ("cannot start %s: %s", gimp, error->message);
      run->stdout_text = g_strdup ("");
      g_error_free (error);
      status = -1;
    }
  run->seconds = (g_get_monotonic_time () - start) / 1e6;

  char *out_path = g_build_filename (run->dir, "stdout.txt", NULL);
  char *err_path = g_build_filename (run->dir, "stderr.txt", NULL);
  write_file_or_die (out_path, run->stdout_text);
  write_file_or_die (err_path, run->stderr_text);
  if (current_host ()->number == 3)
    {
      char *filtered = drop_noise (run->stderr_text);
      g_free (run->stderr_text);
      run->stderr_text = filtered;
    }

  g_free (err_path);
  g_free (out_path);
  g_strfreev (envp);
  g_free (gimprc_opt);
  g_free (batch);
  g_free (q_script);
  g_free (script);
  return status;
}

/* Reads results.txt into run->values; returns the last line's key (NULL when there is none) and
 * sets *duplicate to the first key printed twice, if any. */
static char *
parse_results (E2eRun *run, char **duplicate)
{
  char *results = g_build_filename (run->dir, "results.txt", NULL);
  char *text = NULL;
  char *last_key = NULL;
  *duplicate = NULL;
  if (g_file_get_contents (results, &text, NULL, NULL))
    {
      char **lines = g_strsplit (text, "\n", -1);
      for (int i = 0; lines[i]; i++)
        {
          if (!*lines[i])
            continue;
          char *space = strchr (lines[i], ' ');
          char *key = g_strndup (lines[i], space ? (gsize) (space - lines[i]) : strlen (lines[i]));
          char *value = g_strdup (space ? space + 1 : "");
          if (g_hash_table_contains (run->values, key) && !*duplicate)
            *duplicate = g_strdup (key);
          g_free (last_key);
          last_key = g_strdup (key);
          g_hash_table_replace (run->values, key, value);
        }
      g_strfreev (lines);
      g_free (text);
    }
  g_free (results);
  return last_key;
}

gboolean
e2e_run_script (const char *scheme_body, E2eRun *run)
{
  g_assert_nonnull (program_tmp_dir); /* e2e_init was not called */
  memset (run, 0, sizeof *run);
  run->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  run->dir = make_run_dir ("run");
  g_test_message ("e2e: run folder %s (kept if the test fails)", run->dir);

  write_run_inputs (run, scheme_body);
  int status = spawn_gimp (run);
  char *duplicate = NULL;
  char *last_key = parse_results (run, &duplicate);

  /* GIMP 2.10 exits with 0 whatever happened; GIMP 3 with 0 after a script that completed, 70
   * after a Script-Fu error and 64 after a calling error: the sentinel is checked either way. */
  if (status == -1)
    run->failure = g_strdup (run->stderr_text);
  else if (WIFEXITED (status) && WEXITSTATUS (status) == 124)
    run->failure = g_strdup_printf ("GIMP did not finish within %s s",
                                    env_or ("MEDCLUST_E2E_TIMEOUT", "300"));
  else if (!WIFEXITED (status))
    run->failure = g_strdup_printf ("GIMP ended with wait status %d", status);
  else if (strstr (run->stderr_text, E2E_BATCH_ERROR))
    run->failure = g_strdup_printf ("the script stopped on an error (see stderr; GIMP's exit "
                                    "code %d)", WEXITSTATUS (status));
  else if (WEXITSTATUS (status) != 0)
    run->failure = g_strdup_printf ("GIMP ended with exit code %d", WEXITSTATUS (status));
  else if (g_strcmp0 (last_key, E2E_SENTINEL) != 0)
    run->failure = g_strdup_printf ("the script did not reach its end (last result: %s)",
                                    last_key ? last_key : "none");
  else if (duplicate)
    run->failure = g_strdup_printf ("the script printed the key %s twice", duplicate);
  run->ok = run->failure == NULL;
  g_test_message ("e2e: GIMP run took %.1f s%s%s", run->seconds, run->ok ? "" : ": ",
                  run->ok ? "" : run->failure);

  g_free (duplicate);
  g_free (last_key);
  return run->ok;
}

void
e2e_assert_ok (const E2eRun *run)
{
  if (run->ok)
    return;
  const char *err = run->stderr_text ? run->stderr_text : "";
  size_t len = strlen (err);
  const char *tail = len > 3000 ? err + len - 3000 : err;
  g_test_message ("e2e: run failed: %s\ne2e: run folder kept: %s\ne2e: end of stderr:\n%s",
                  run->failure, run->dir, tail);
  g_test_fail_printf ("GIMP run failed: %s (folder %s)", run->failure, run->dir);
  /* The checks after a failed run would only add noise. */
  g_assert_true (run->ok);
}

void
e2e_run_clear (E2eRun *run)
{
  if (run->sheet)
    {
      e2e_image_clear (run->sheet);
      g_free (run->sheet);
    }
  if (run->dir && !g_test_failed () && !keep_everything ())
    remove_tree (run->dir);
  g_free (run->failure);
  g_free (run->dir);
  g_free (run->stdout_text);
  g_free (run->stderr_text);
  if (run->values)
    g_hash_table_destroy (run->values);
  memset (run, 0, sizeof *run);
}

const char *
e2e_run_get (const E2eRun *run, const char *key)
{
  return g_hash_table_lookup (run->values, key);
}

static const char *
get_or_fail (const E2eRun *run, const char *key)
{
  const char *value = e2e_run_get (run, key);
  if (!value)
    {
      g_test_message ("e2e: the script printed no value for '%s' (run folder %s)", key, run->dir);
      g_assert_nonnull (value);
    }
  return value;
}

/* Parses one number as Script-Fu prints it ("3", "0.25", "1e-07", "-nan.0", "+inf.0"). */
static gboolean
parse_number (const char *token, double *value)
{
  if (strstr (token, "nan"))
    {
      *value = NAN;
      return TRUE;
    }
  if (strstr (token, "inf"))
    {
      *value = token[0] == '-' ? -INFINITY : INFINITY;
      return TRUE;
    }
  char *end = NULL;
  *value = g_ascii_strtod (token, &end);
  return end != token && *end == '\0';
}

double *
e2e_run_get_doubles (const E2eRun *run, const char *key, int *n)
{
  const char *value = get_or_fail (run, key);
  char **tokens = g_strsplit (value, " ", -1);
  int count = 0;
  double *numbers = g_new0 (double, g_strv_length (tokens) + 1);
  for (int i = 0; tokens[i]; i++)
    {
      if (!*tokens[i])
        continue;
      if (!parse_number (tokens[i], &numbers[count]))
        {
          g_test_message ("e2e: '%s' is not a number in %s = %s", tokens[i], key, value);
          g_assert_not_reached ();
        }
      count++;
    }
  g_strfreev (tokens);
  *n = count;
  return numbers;
}

double
e2e_run_get_double (const E2eRun *run, const char *key)
{
  int n = 0;
  double *numbers = e2e_run_get_doubles (run, key, &n);
  if (n != 1)
    {
      g_test_message ("e2e: %s holds %d numbers, not one: %s", key, n, e2e_run_get (run, key));
      g_assert_cmpint (n, ==, 1);
    }
  double value = numbers[0];
  g_free (numbers);
  return value;
}

gint64
e2e_run_get_int (const E2eRun *run, const char *key)
{
  double value = e2e_run_get_double (run, key);
  if (value != floor (value))
    {
      g_test_message ("e2e: %s is not an integer: %s", key, e2e_run_get (run, key));
      g_assert_cmpfloat (value, ==, floor (value));
    }
  return (gint64) value;
}

char *
e2e_run_path (const E2eRun *run, const char *name)
{
  return g_build_filename (run->dir, name, NULL);
}

gboolean
e2e_run_load_image (E2eRun *run, const char *name, E2eImage *img)
{
  char *key = g_strconcat ("E2E-SHEET.", name, NULL);
  const char *where = e2e_run_get (run, key);
  g_free (key);
  if (!where)
    {
      char *path = e2e_run_path (run, name);
      gboolean ok = e2e_image_load (path, img);
      g_free (path);
      return ok;
    }
  int x, y, width, height;
  memset (img, 0, sizeof *img);
  if (sscanf (where, "%d %d %d %d", &x, &y, &width, &height) != 4)
    return FALSE;
  if (!run->sheet)
    {
      E2eImage *sheet = g_new0 (E2eImage, 1);
      char *path = e2e_run_path (run, "sheet.png");
      gboolean ok = e2e_image_load (path, sheet);
      g_free (path);
      if (!ok)
        {
          g_free (sheet);
          return FALSE;
        }
      run->sheet = sheet;
    }
  const E2eImage *sheet = run->sheet;
  if (x < 0 || y < 0 || x + width > sheet->width || y + height > sheet->height)
    return FALSE;
  e2e_image_alloc (img, width, height);
  img->bits = sheet->bits;
  for (int row = 0; row < height; row++)
    memcpy (e2e_image_pixel (img, 0, row), e2e_image_pixel (sheet, x, y + row),
            (size_t) width * 4 * sizeof (float));
  return TRUE;
}

/* Images ---------------------------------------------------------------------------------- */

void
e2e_gegl_init (void)
{
  if (!gegl_ready)
    {
      gegl_init (NULL, NULL);
      gegl_ready = TRUE;
    }
}

gboolean
e2e_image_load (const char *path, E2eImage *img)
{
  memset (img, 0, sizeof *img);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  e2e_gegl_init ();
  GeglNode *graph = gegl_node_new ();
  GeglBuffer *buffer = NULL;
  GeglNode *load = gegl_node_new_child (graph, "operation", "gegl:load", "path", path, NULL);
  GeglNode *sink = gegl_node_new_child (graph, "operation", "gegl:buffer-sink", "buffer", &buffer,
                                        NULL);
  gegl_node_link (load, sink);
  gegl_node_process (sink);
  g_object_unref (graph);
  if (!buffer)
    return FALSE;
  const GeglRectangle *extent = gegl_buffer_get_extent (buffer);
  if (extent->width <= 0 || extent->height <= 0)
    {
      g_object_unref (buffer);
      return FALSE;
    }
  const Babl *file_format = gegl_buffer_get_format (buffer);
  img->bits = 8 * babl_format_get_bytes_per_pixel (file_format)
              / babl_format_get_n_components (file_format);
  img->width = extent->width;
  img->height = extent->height;
  img->rgba = g_new (float, (size_t) img->width * img->height * 4);
  gegl_buffer_get (buffer, extent, 1.0, babl_format ("R'G'B'A float"), img->rgba,
                   GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref (buffer);
  return TRUE;
}

void
e2e_image_alloc (E2eImage *img, int width, int height)
{
  img->width = width;
  img->height = height;
  img->bits = 32;
  img->rgba = g_new0 (float, (size_t) width * height * 4);
}

gboolean
e2e_image_save_png (const E2eImage *img, const char *path, int bits)
{
  e2e_gegl_init ();
  GeglRectangle rect = { 0, 0, img->width, img->height };
  GeglBuffer *buffer = gegl_buffer_new (&rect, babl_format ("R'G'B'A float"));
  gegl_buffer_set (buffer, &rect, 0, babl_format ("R'G'B'A float"), img->rgba, GEGL_AUTO_ROWSTRIDE);
  GeglNode *graph = gegl_node_new ();
  GeglNode *source = gegl_node_new_child (graph, "operation", "gegl:buffer-source", "buffer",
                                          buffer, NULL);
  GeglNode *save = gegl_node_new_child (graph, "operation", "gegl:png-save", "path", path,
                                        "bitdepth", bits, "compression", 1, NULL);
  gegl_node_link (source, save);
  gegl_node_process (save);
  g_object_unref (graph);
  g_object_unref (buffer);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

void
e2e_image_clear (E2eImage *img)
{
  g_free (img->rgba);
  memset (img, 0, sizeof *img);
}

/* GUI sessions ------------------------------------------------------------------------------ */

struct E2eGui
{
  char *dir;
  char *display;  /* ":N" */
  GPid xvfb, gimp; /* the `timeout` processes that run them */
  int socket;     /* connected to the Script-Fu server, -1 when closed */
};

/* A local TCP port that was free a moment ago. */
static int
free_port (void)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int port = -1;
  if (fd >= 0 && bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0
      && getsockname (fd, (struct sockaddr *) &addr, &len) == 0)
    port = ntohs (addr.sin_port);
  if (fd >= 0)
    close (fd);
  return port;
}

/* In a GUI session's child before it runs: it gets SIGTERM when the test program dies (a failed
 * assertion aborts before e2e_gui_stop), so that no Xvfb or GIMP outlives the test. */
static void
end_with_parent (gpointer data)
{
  (void) data;
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts Xvfb on a display it picks itself (-displayfd) and returns ":N", or NULL. */
static char *
start_xvfb (E2eGui *gui)
{
  const char *argv[] = { "timeout", "900", "Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24",
                         "-nolisten", "tcp", "-noreset", NULL };
  int out = -1;
  if (!g_spawn_async_with_pipes (gui->dir, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                     | G_SPAWN_STDERR_TO_DEV_NULL,
                                 end_with_parent, NULL, &gui->xvfb, NULL, &out, NULL, NULL))
    return NULL;
  char number[32] = "";
  size_t used = 0;
  struct pollfd pfd = { .fd = out, .events = POLLIN };
  while (used < sizeof number - 1 && !strchr (number, '\n') && poll (&pfd, 1, 30000) > 0)
    {
      ssize_t got = read (out, number + used, sizeof number - 1 - used);
      if (got <= 0)
        break;
      used += got;
      number[used] = '\0';
    }
  close (out);
  return used > 0 ? g_strdup_printf (":%d", atoi (number)) : NULL;
}

static gboolean
process_running (GPid pid)
{
  int status;
  return pid > 0 && waitpid (pid, &status, WNOHANG) == 0;
}

static int
connect_server (E2eGui *gui, int port)
{
  for (int attempt = 0; attempt < 240 && process_running (gui->gimp); attempt++)
    {
      int fd = socket (AF_INET, SOCK_STREAM, 0);
      struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                                  .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
      if (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0)
        return fd;
      close (fd);
      g_usleep (500000);
    }
  return -1;
}

E2eGui *
e2e_gui_start (void)
{
  const char *gimp = env_or ("MEDCLUST_GIMP_GUI", current_host ()->gui);
  const char *needed[] = { "Xvfb", "xdotool", gimp };
  for (size_t i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      char *found = g_find_program_in_path (needed[i]);
      if (!found)
        {
          char *message = g_strdup_printf ("%s is not installed (the GUI test needs xvfb, xdotool "
                                           "and gimp)", needed[i]);
          g_test_skip (message);
          g_free (message);
          return NULL;
        }
      g_free (found);
    }
  E2eGui *gui = g_new0 (E2eGui, 1);
  gui->socket = -1;
  gui->dir = make_run_dir ("gui");
  g_test_message ("e2e: GUI session folder %s (kept if the test fails)", gui->dir);
  write_gimprc (gui->dir, gimp);
  gui->display = start_xvfb (gui);
  if (!gui->display)
    {
      g_test_message ("e2e: Xvfb did not start");
      g_assert_nonnull (gui->display);
    }

  int port = free_port ();
  char *log = g_build_filename (gui->dir, "server.log", NULL);
  char *q_log = e2e_scm_string (log);
  char *server = g_strdup_printf (
      "(plug-in-script-fu-server RUN-NONINTERACTIVE \"127.0.0.1\" %d %s)", port, q_log);
  char *gimprc_opt = g_strdup_printf ("--gimprc=%s/gimprc", gui->dir);
  /* sh keeps GIMP's output in files: nobody reads pipes while the session runs. */
  const char *argv2[] = { "sh", "-c", "exec \"$@\" >stdout.txt 2>stderr.txt", "sh", "timeout",
                          "900", gimp, "-n", "-s", "-d", "-f", gimprc_opt, "-b", server, NULL };
  const char *argv3[] = { "sh", "-c", "exec \"$@\" >stdout.txt 2>stderr.txt", "sh", "timeout",
                          "900", gimp, "-n", "-s", "-d", gimprc_opt,
                          "--batch-interpreter=plug-in-script-fu-eval", "-b", server, NULL };
  const char **argv = current_host ()->number == 3 ? argv3 : argv2;
  char **envp = gimp_environment (gui->dir);
  envp = g_environ_setenv (envp, "DISPLAY", gui->display, TRUE);
  gboolean spawned = g_spawn_async (gui->dir, (char **) argv, envp,
                                    G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                    end_with_parent, NULL,
                                    &gui->gimp, NULL);
  g_strfreev (envp);
  g_free (gimprc_opt);
  g_free (server);
  g_free (q_log);
  g_free (log);
  if (spawned)
    gui->socket = connect_server (gui, port);
  if (gui->socket < 0)
    {
      g_test_message ("e2e: GIMP's Script-Fu server did not answer on port %d (see %s/stderr.txt)",
                      port, gui->dir);
      g_assert_cmpint (gui->socket, >=, 0);
    }
  /* GIMP 3: the GIMP 2.10 names the tests' Scheme uses (prelude-gimp3.scm), and the prelude's
   * helpers on both hosts (they need mc-run-dir only when called). */
  char *loads = prelude_loads ();
  char *begin = g_strdup_printf ("(begin %s #t)", loads);
  g_free (e2e_gui_eval_ok (gui, begin));
  g_free (begin);
  g_free (loads);
  return gui;
}

static gboolean
read_exactly (int fd, void *buffer, size_t size)
{
  size_t done = 0;
  while (done < size)
    {
      ssize_t got = read (fd, (char *) buffer + done, size - done);
      if (got <= 0)
        return FALSE;
      done += got;
    }
  return TRUE;
}

/* The Script-Fu server's protocol: 'G', a 16-bit big-endian length and the text; the answer is
 * 'G', an error flag, a 16-bit length and the printed result. */
char *
e2e_gui_eval (E2eGui *gui, const char *scheme, gboolean *ok)
{
  size_t len = strlen (scheme);
  g_assert_cmpuint (len, <, 65536);
  unsigned char header[3] = { 'G', len >> 8, len & 0xff };
  unsigned char reply[4];
  *ok = FALSE;
  if (write (gui->socket, header, 3) != 3 || write (gui->socket, scheme, len) != (ssize_t) len
      || !read_exactly (gui->socket, reply, 4) || reply[0] != 'G')
    return g_strdup ("the Script-Fu server closed the connection");
  size_t size = (size_t) reply[2] << 8 | reply[3];
  char *text = g_malloc (size + 1);
  if (!read_exactly (gui->socket, text, size))
    size = 0;
  text[size] = '\0';
  *ok = reply[1] == 0;
  return text;
}

char *
e2e_gui_eval_ok (E2eGui *gui, const char *scheme)
{
  gboolean ok = FALSE;
  char *text = e2e_gui_eval (gui, scheme, &ok);
  if (!ok)
    g_test_message ("e2e: %s\nfailed: %s", scheme, text);
  g_assert_true (ok);
  return text;
}

gboolean
e2e_gui_keys (E2eGui *gui, const char *title_regex, const char *keys)
{
  const char *argv[]
      = { "timeout", "30",        "xdotool",     "search", "--sync", "--onlyvisible",
          "--name",  title_regex, "windowfocus", "--sync", "key",    "--clearmodifiers",
          keys,      NULL };
  char **envp = g_environ_setenv (g_get_environ (), "DISPLAY", gui->display, TRUE);
  int status = -1;
  gboolean spawned = g_spawn_sync (gui->dir, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                   NULL, NULL, &status, NULL);
  g_strfreev (envp);
  return spawned && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* Waits up to seconds for pid to end; TERMs it (timeout passes the signal on) when it does not. */
static void
end_process (GPid pid, int seconds)
{
  int status;
  for (int i = 0; i < seconds * 10; i++)
    {
      if (waitpid (pid, &status, WNOHANG) != 0)
        return;
      g_usleep (100000);
    }
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
}

void
e2e_gui_stop (E2eGui *gui)
{
  if (!gui)
    return;
  if (gui->socket >= 0)
    {
      /* GIMP quits without answering. */
      const char *quit = "(gimp-quit 1)";
      unsigned char header[3] = { 'G', 0, (unsigned char) strlen (quit) };
      if (write (gui->socket, header, 3) == 3 && write (gui->socket, quit, strlen (quit)) > 0)
        g_usleep (100000);
      close (gui->socket);
    }
  if (gui->gimp > 0)
    end_process (gui->gimp, 20);
  if (gui->xvfb > 0)
    end_process (gui->xvfb, 0);
  if (!g_test_failed () && !keep_everything ())
    remove_tree (gui->dir);
  g_free (gui->display);
  g_free (gui->dir);
  g_free (gui);
}

/* Data ------------------------------------------------------------------------------------ */

const char *
e2e_data_dir (void)
{
  static char *found;
  if (found)
    return found;
  const char *candidates[] = { g_getenv ("MEDCLUST_DATA"), g_getenv ("MEDCLUST_E2E_DATA"),
                               E2E_DEFAULT_DATA_DIR };
  for (size_t i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] && *candidates[i] && g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
      {
        found = g_canonicalize_filename (candidates[i], NULL);
        return found;
      }
  return NULL;
}

char **
e2e_data_images (int width, int height)
{
  const char *dir = e2e_data_dir ();
  if (!dir)
    {
      g_test_skip ("the dermoscopy data folder is absent (set MEDCLUST_DATA or put it at "
                   "../shared/data/dermoscopy next to the source tree)");
      return NULL;
    }
  char *manifest = g_build_filename (dir, "manifest.csv", NULL);
  char *text = NULL;
  if (!g_file_get_contents (manifest, &text, NULL, NULL))
    {
      char *message = g_strdup_printf ("the data folder has no readable %s", manifest);
      g_test_skip (message);
      g_free (message);
      g_free (manifest);
      return NULL;
    }
  /* Rows: id,source,width,height,... (the header's first field is "id"). */
  GPtrArray *paths = g_ptr_array_new ();
  char **lines = g_strsplit (text, "\n", -1);
  for (int i = 1; lines[i]; i++)
    {
      char **fields = g_strsplit (lines[i], ",", 5);
      if (g_strv_length (fields) >= 4
          && ((width == 0 && height == 0)
              || (atoi (fields[2]) == width && atoi (fields[3]) == height)))
        {
          char *file = g_strconcat (fields[0], ".jpg", NULL);
          char *path = g_build_filename (dir, "images", file, NULL);
          if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (paths, path);
          else
            g_free (path);
          g_free (file);
        }
      g_strfreev (fields);
    }
  g_ptr_array_add (paths, NULL);
  g_strfreev (lines);
  g_free (text);
  g_free (manifest);
  return (char **) g_ptr_array_free (paths, FALSE);
}

/* Additions for the drawable rule and edge values (issue 9). */

void
e2e_assert_refused (const E2eRun *run, const char *key, const char *needle)
{
  gchar *ok = g_strdup_printf ("%s.ok", key), *err = g_strdup_printf ("%s.error", key);
  const char *message = e2e_run_get (run, err);
  if (e2e_run_get_int (run, ok) != 0 || !message)
    g_error ("%s: the call was not refused", key);
  g_test_message ("%s: %s", key, message);
  if (needle && !strstr (message, needle))
    g_error ("%s: the message \"%s\" does not say \"%s\"", key, message, needle);
  g_free (ok);
  g_free (err);
}

void
e2e_assert_fixture_unchanged (E2eRun *run, const char *before, const char *after)
{
  static const char *const counts[] = { "layers", "children", "channels" };
  static const char *const items[] = { "base", "inner", "channel", "masked", "mask" };
  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gchar *a = g_strdup_printf ("%s.%s", before, counts[i]);
      gchar *b = g_strdup_printf ("%s.%s", after, counts[i]);
      g_assert_cmpint (e2e_run_get_int (run, a), ==, e2e_run_get_int (run, b));
      g_free (a);
      g_free (b);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    {
      gchar *a = g_strdup_printf ("%s-%s", before, items[i]);
      gchar *b = g_strdup_printf ("%s-%s", after, items[i]);
      E2eImage x = { 0 }, y = { 0 };
      g_assert_true (e2e_run_load_image (run, a, &x));
      g_assert_true (e2e_run_load_image (run, b, &y));
      g_assert_cmpint (x.width, ==, y.width);
      g_assert_cmpint (x.height, ==, y.height);
      if (memcmp (x.rgba, y.rgba, (size_t) x.width * x.height * 4 * sizeof (float)) != 0)
        g_error ("the %s drawable changed between %s and %s", items[i], before, after);
      e2e_image_clear (&x);
      e2e_image_clear (&y);
      g_free (a);
      g_free (b);
    }
}

void
e2e_assert_no_leaks (const E2eRun *run)
{
  /* GEGL prints its leak report on standard output (g_print) at exit. */
  const char *texts[] = { run->stdout_text, run->stderr_text };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] && strstr (texts[i], "leaked"))
      g_error ("GIMP or the plug-in reported leaked buffers: %s", strstr (texts[i], "EEEE")
                                                                     ? strstr (texts[i], "EEEE")
                                                                     : texts[i]);
}
