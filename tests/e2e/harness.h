/* harness.h: the end-to-end test harness. It runs a Script-Fu program inside a headless GIMP
 * 2.10 (gimp-console-2.10) or GIMP 3 (gimp-console-3.0), as MEDCLUST_GIMP_HOST says, that loads
 * medclust from the build tree, collects the values the script prints, and reads the images the
 * script saved, so that a GTest program can check in C what the plug-in did. The same test
 * program and the same Script-Fu text serve both hosts.
 *
 * How a run works (see ../shared/docs/gimp-2.10-headless.md and gimp-3-headless.md for the
 * measured facts behind it):
 * - e2e_run_script (body, &run) writes <run dir>/script.scm, which defines mc-run-dir and
 *   mc-result-file, loads the host's preludes from tests/e2e (GIMP 2.10: prelude.scm; GIMP 3:
 *   prelude-gimp3.scm, which defines the GIMP 2.10 PDB names the scripts use on top of 3.0's,
 *   then prelude.scm) and defines (main) as the body followed by (mc-done). GIMP runs it as
 *     timeout 300 gimp-console-2.10 -i -d -f --stack-trace-mode=never --gimprc=<run dir>/gimprc
 *       -b '(begin (load "<run dir>/script.scm") (main))' -b '(gimp-quit 0)'
 *   or
 *     timeout 300 gimp-console-3.0 -i -d --stack-trace-mode=never --gimprc=<run dir>/gimprc
 *       --batch-interpreter=plug-in-script-fu-eval
 *       -b '(begin (load "<run dir>/script.scm") (main))' --quit
 *   (GIMP 3 loads its fonts, which text layers need) with GIMP2_DIRECTORY or GIMP3_DIRECTORY =
 *   <run dir>/profile, a folder that does not exist yet (GIMP fills it), and XDG_CACHE_HOME /
 *   XDG_CONFIG_HOME inside the test program's temporary folder.
 * - The gimprc's plug-in-path holds a folder of links to the few system plug-ins a test needs
 *   (script-fu, file-png, file-jpeg, file-tiff from $MEDCLUST_SYSTEM_PLUGIN_DIR: querying all
 *   120 would triple the start-up time) and the build tree's plug-ins folder
 *   ($MEDCLUST_PLUGIN_DIR, set by meson); GIMP 3's also sets Script-Fu's two script folders.
 * - The script reports through the prelude's (mc-out "key" value ...), which appends the line
 *   "key value ..." to <run dir>/results.txt (numbers with 10 significant digits, vectors and
 *   lists flattened, space-separated). (mc-report "key" (lambda () (some-procedure ...))) calls a
 *   procedure without stopping the script when it fails and prints "key.ok 1" and its return
 *   values as "key.0", "key.1", ..., or "key.ok 0" and "key.error <message>".
 * - (mc-save-png image drawable "name") exports a drawable as <run dir>/name at once; each export
 *   starts a plug-in process (0.25 s on a quiet machine, seconds on a loaded one), so
 *   (mc-queue-png image drawable "name") instead copies it into one sheet that (mc-done) exports
 *   as a single 16-bit PNG (see prelude.scm for what a copy keeps). e2e_run_load_image reads
 *   either kind by name.
 * - GIMP 2.10's exit code is always 0, so a run is ok only when the last result line is the
 *   sentinel printed by (mc-done), stderr has no "batch command experienced an execution
 *   error", timeout did not fire, no key was printed twice and (GIMP 3) GIMP exited with 0.
 * - GIMP 3 prints lines that say nothing about the test (broken pipes when plug-ins exit, a
 *   critical at GIMP's exit, deprecation warnings for positional calls ...): run->stderr_text
 *   leaves them out; stderr.txt in the run folder keeps everything.
 * - Every run has its own folder under the program's temporary folder; it is kept when the test
 *   fails (its path is printed as a TAP comment at the start of the run) and removed by
 *   e2e_run_clear otherwise. MEDCLUST_E2E_KEEP=1 keeps every folder.
 *
 * A test program:
 *   int main (int argc, char **argv)
 *   {
 *     e2e_init (&argc, &argv);
 *     g_test_add_func ("/segment/synthetic", test_segment_synthetic);
 *     return e2e_finish (g_test_run ());
 *   }
 * and a test:
 *   E2eRun run;
 *   e2e_run_script ("(define img (mc-load-image \"/x.png\"))\n"
 *                   "(mc-out \"layers\" (car (gimp-image-get-layers img)))\n", &run);
 *   e2e_assert_ok (&run);
 *   g_assert_cmpint (e2e_run_get_int (&run, "layers"), ==, 1);
 *   e2e_run_clear (&run);
 *
 * Each cold start of GIMP costs seconds: do many calls and checks per run.
 *
 * Environment (meson sets all but the last three for `meson test`; the compiled-in defaults make
 * the test programs runnable by hand from the build tree):
 *   MEDCLUST_GIMP_HOST   2 or 3: which GIMP (default: the first one the build made)
 *   MEDCLUST_PLUGIN_DIR  the build tree's plug-ins folder of that host (holds only
 *                        medclust/medclust)
 *   MEDCLUST_SYSTEM_PLUGIN_DIR  GIMP's own plug-ins folder (gimplibdir/plug-ins)
 *   MEDCLUST_E2E_DIR     the source folder tests/e2e (for the preludes)
 *   MEDCLUST_E2E_DATA    the default dermoscopy data folder; MEDCLUST_DATA overrides it
 *   MEDCLUST_GIMP        the GIMP binary (default gimp-console-2.10 or gimp-console-3.0 from
 *                        PATH; e2e_init sets it to that default when unset)
 *   MEDCLUST_E2E_TIMEOUT seconds per GIMP run (default 300)
 *   MEDCLUST_E2E_KEEP    1 = keep every run folder
 *   MEDCLUST_GIMP_GUI    the GIMP with a display for e2e_gui_start (gimp-2.10 or gimp-3.0) */
#ifndef E2E_HARNESS_H
#define E2E_HARNESS_H

#include <glib.h>

G_BEGIN_DECLS

/* An image as float R'G'B'A, row-major, values in [0, 1]. */
typedef struct
{
  int width, height;
  float *rgba; /* width * height * 4 */
  int bits;    /* bits per channel of the file it came from (8, 16, 32) or was saved with */
} E2eImage;

/* The outcome of one GIMP run. Filled by e2e_run_script, freed by e2e_run_clear. */
typedef struct
{
  gboolean ok;        /* TRUE when the whole script ran: see the rules above */
  char *failure;      /* why ok is FALSE, one line; NULL when ok */
  char *dir;          /* the run folder: script.scm, gimprc, results.txt, stdout.txt, stderr.txt,
                         profile/ and every file the script saved with (mc-path "name") */
  char *stdout_text;  /* GIMP's standard output */
  char *stderr_text;  /* GIMP's standard error: warnings and the messages of failed procedures */
  double seconds;     /* wall-clock time of the run, s */
  GHashTable *values; /* result key -> the rest of its line (owned strings) */
  void *sheet;        /* private: sheet.png, loaded on first use by e2e_run_load_image */
} E2eRun;

/* Initialises GTest (TAP when --tap is given) and the harness. Call first in main(). */
void e2e_init (int *argc, char ***argv);

/* The GIMP the runs use: 2 (GIMP 2.10) or 3 (GIMP 3), from MEDCLUST_GIMP_HOST. For the few
 * checks where GIMP 3 itself behaves differently (see gimp-3-headless.md). */
int e2e_gimp_host (void);

/* Removes the program's temporary folder when every run folder in it was removed; returns
 * status unchanged, so main() can end with `return e2e_finish (g_test_run ());`. */
int e2e_finish (int status);

/* Runs scheme_body (any number of Script-Fu expressions, defines included) in a fresh headless
 * GIMP with medclust loaded, and fills *run. Returns run->ok. Never asserts: call e2e_assert_ok
 * or inspect run->failure. */
gboolean e2e_run_script (const char *scheme_body, E2eRun *run);

/* Fails the current test with the failure reason, the tail of stderr and the run folder when
 * run->ok is FALSE. */
void e2e_assert_ok (const E2eRun *run);

/* Frees the run and removes its folder, unless the current test has failed or MEDCLUST_E2E_KEEP
 * is set. */
void e2e_run_clear (E2eRun *run);

/* Result lookups. e2e_run_get returns NULL when the key was not printed; the typed getters fail
 * the test when the key is missing or does not parse. */
const char *e2e_run_get (const E2eRun *run, const char *key);
gint64 e2e_run_get_int (const E2eRun *run, const char *key);
double e2e_run_get_double (const E2eRun *run, const char *key);
/* All the numbers on the key's line (a vector is printed flat); *n gets their count. g_free it. */
double *e2e_run_get_doubles (const E2eRun *run, const char *key, int *n);

/* A file in the run folder (what (mc-path name) names in the script). g_free it. */
char *e2e_run_path (const E2eRun *run, const char *name);

/* Reads what the script saved under name, with (mc-save-png ...) or (mc-queue-png ...), as
 * R'G'B'A float. Returns FALSE when there is no such file or copy. */
gboolean e2e_run_load_image (E2eRun *run, const char *name, E2eImage *img);

/* The program's temporary folder, for inputs the test writes before a run (synthetic images). */
const char *e2e_tmp_dir (void);

/* s as a Scheme string literal with its quotes, for building script bodies. g_free it. */
char *e2e_scm_string (const char *s);

/* Initialises GEGL and babl once (the image functions do it themselves), for tests that convert
 * colours with babl. */
void e2e_gegl_init (void);

/* Loads any file GEGL reads (PNG of 8 or 16 bits, JPEG, TIFF) as R'G'B'A float; grey files come
 * back with R' = G' = B'. Returns FALSE when the file is missing or unreadable. */
gboolean e2e_image_load (const char *path, E2eImage *img);
/* Allocates a zeroed (transparent black) width x height image. */
void e2e_image_alloc (E2eImage *img, int width, int height);
/* Writes img as an R'G'B'A PNG of 8 or 16 bits per channel; TRUE on success. */
gboolean e2e_image_save_png (const E2eImage *img, const char *path, int bits);
void e2e_image_clear (E2eImage *img);
/* The pixel at (x, y): a pointer to its 4 channels. */
static inline float *
e2e_image_pixel (const E2eImage *img, int x, int y)
{
  return img->rgba + ((size_t) y * img->width + x) * 4;
}

/* A GIMP with a display, for what batch mode cannot do (GIMP's PDB has no undo, so "one Ctrl+Z
 * undoes the call" needs a key press; dialogs). e2e_gui_start runs Xvfb on a free display and
 * gimp-2.10 or gimp-3.0 with the Script-Fu server on a free local port, in its own folder
 * <program tmp>/gui-NN-<test> (kept when the test fails) with a fresh profile and the same
 * plug-in path as batch runs. Scheme sent with e2e_gui_eval runs in the server's interpreter,
 * which keeps its definitions between calls; the host's preludes are loaded first (their
 * output helpers need a run folder and do not work here; GIMP 3's 2.10 names do). */
typedef struct E2eGui E2eGui;

/* NULL, after g_test_skip with the reason, when Xvfb, xdotool or the GIMP is not installed
 * ($MEDCLUST_GIMP_GUI names another GIMP); fails the test when GIMP does not come up. */
E2eGui *e2e_gui_start (void);
/* Evaluates one Scheme expression; returns what the server printed (g_free it) and sets *ok to
 * FALSE when it raised an error (the text is then the error message). */
char *e2e_gui_eval (E2eGui *gui, const char *scheme, gboolean *ok);
/* Like e2e_gui_eval, but fails the test unless the expression succeeds. */
char *e2e_gui_eval_ok (E2eGui *gui, const char *scheme);
/* Focuses the first visible window whose title matches the regular expression and types keys
 * through XTEST (xdotool syntax: "ctrl+z", "Return"). Returns FALSE when no window matched. */
gboolean e2e_gui_keys (E2eGui *gui, const char *title_regex, const char *keys);
/* Quits GIMP, stops Xvfb and removes the folder unless the test failed. */
void e2e_gui_stop (E2eGui *gui);

/* The real dermoscopy data folder ($MEDCLUST_DATA, $MEDCLUST_E2E_DATA, or
 * ../shared/data/dermoscopy next to the source tree), or NULL when absent. */
const char *e2e_data_dir (void);
/* The images of the data folder's manifest.csv that are width x height (0 x 0 = all), as full
 * paths in manifest order, NULL-terminated (g_strfreev it). When the folder or the manifest is
 * absent, calls g_test_skip with a message saying what is missing and returns NULL. */
char **e2e_data_images (int width, int height);

/* Additions (issue 9). A call that mc-report printed as refused (key.ok 0), whose message
 * contains needle (NULL: any message). */
void e2e_assert_refused (const E2eRun *run, const char *key, const char *needle);
/* Two states of prelude.scm's drawables fixture printed by (mc-fixture-state before fx) and
 * (mc-fixture-state after fx) are the same: item counts and every drawable's pixels. */
void e2e_assert_fixture_unchanged (E2eRun *run, const char *before, const char *after);
/* Neither GIMP's standard output (where GEGL prints "EEEEeEeek! N GeglBuffers leaked" at exit)
 * nor its standard error mentions leaked buffers. */
void e2e_assert_no_leaks (const E2eRun *run);

G_END_DECLS

#endif
