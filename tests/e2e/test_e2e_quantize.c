/* test_e2e_quantize.c: plug-in-medclust-quantize end to end. Script-Fu calls the procedure in a
 * headless GIMP on a synthetic image with known colours and transparent pixels and on the 600x450
 * dermoscopy images; the checks here read back the layers it wrote and the values it returned,
 * and hold them to the contract (../shared/docs/pdb-contract.md).
 *
 * Undo: GIMP 2.10's PDB has no procedure that undoes a step (only undo-group-start/end,
 * undo-enable/disable, undo-freeze/thaw and undo-is-enabled), so /quantize/undo-in-gui presses
 * Ctrl+Z in a GIMP with a display (Xvfb, skipped without it). The batch tests check what a script
 * can see: the call leaves undo as it was, GIMP reports no undo group left open ("left image undo
 * in inconsistent state"), a failed call leaves the image clean with its layers and pixels, and a
 * successful one adds exactly one layer (output 0) and leaves the source drawable untouched. */
#include "harness.h"

#include <babl/babl.h>
#include <math.h>
#include <string.h>

/* The synthetic image: four flat colours with Gaussian noise; some pixels fully transparent (with
 * a colour no region has, hidden under alpha 0), one row half transparent. */
#define SYN_WIDTH 120
#define SYN_HEIGHT 90
#define SYN_NOISE 0.025
static const double syn_colours[4][3] = {
  { 0.85, 0.66, 0.56 }, /* skin */
  { 0.30, 0.16, 0.10 }, /* lesion */
  { 0.12, 0.07, 0.06 }, /* lesion core */
  { 0.40, 0.50, 0.65 }, /* a blue-grey band */
};
static const double syn_hidden[3] = { 1.0, 0.0, 1.0 }; /* magenta under alpha 0 */

/* How far a saved output pixel may be from its centre: the layer's storage and the PNG round. */
#define TOL_8BIT (0.6 / 255)
#define TOL_16BIT (2e-5)

/* Script-Fu that calls the procedure and reports everything a check needs under KEY: the return
 * values (KEY.0 layer ... KEY.6 iterations), the written layer queued as KEY.png, its name and
 * position, and the image's state. */
static const char quantize_scm[] =
  "(define (quantize key img drw run-mode k cs f seed output)\n"
  "  (mc-out (string-append key \".undo-enabled-before\") (car (gimp-image-undo-is-enabled img)))\n"
  "  (let ((r (mc-report key (lambda ()\n"
  "             (plug-in-medclust-quantize run-mode img drw k cs f seed output)))))\n"
  "    (if r\n"
  "        (let ((layer (car r)))\n"
  "          (mc-queue-png img layer (string-append key \".png\"))\n"
  "          (mc-out (string-append key \".name\") (car (gimp-item-get-name layer)))\n"
  "          (mc-out (string-append key \".position\")\n"
  "                  (car (gimp-image-get-item-position img layer)))\n"
  "          (mc-out (string-append key \".offsets\") (gimp-drawable-offsets layer))))\n"
  "    (mc-out (string-append key \".drawable-position\")\n"
  "            (car (gimp-image-get-item-position img drw)))\n"
  "    (mc-out (string-append key \".drawable-offsets\") (gimp-drawable-offsets drw))\n"
  "    (mc-out (string-append key \".layers\") (mc-layer-count img))\n"
  "    (mc-out (string-append key \".dirty\") (car (gimp-image-is-dirty img)))\n"
  "    (mc-out (string-append key \".undo-enabled\") (car (gimp-image-undo-is-enabled img)))\n"
  "    r))\n";

/* Helpers ----------------------------------------------------------------------------------- */

static double
gauss (guint64 index)
{
  /* splitmix64 -> two uniforms -> Box-Muller: a fixed image on every machine. */
  double u[2];
  for (int i = 0; i < 2; i++)
    {
      guint64 z = (2 * index + i + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
      z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
      z ^= z >> 31;
      u[i] = ((z >> 11) + 0.5) / 9007199254740992.0;
    }
  return sqrt (-2.0 * log (u[0])) * cos (2 * G_PI * u[1]);
}

static int
syn_region (int x, int y)
{
  double cx = (x - 55) / 30.0, cy = (y - 45) / 22.0;
  double kx = (x - 55) / 12.0, ky = (y - 45) / 9.0;
  if (x >= 100 && x < 112)
    return 3;
  if (kx * kx + ky * ky <= 1)
    return 2;
  if (cx * cx + cy * cy <= 1)
    return 1;
  return 0;
}

static double
syn_alpha (int x, int y)
{
  if ((x < 10 && y < 10) || (x * 7 + y * 13) % 41 == 0)
    return 0.0;
  if (y == 85 && x >= 20 && x < 100)
    return 128 / 255.0;
  return 1.0;
}

/* Writes the synthetic image once per program; returns its path as a Scheme string literal. */
static const char *
synthetic_png (void)
{
  static char *quoted;
  if (quoted)
    return quoted;
  E2eImage img;
  e2e_image_alloc (&img, SYN_WIDTH, SYN_HEIGHT);
  for (int y = 0; y < SYN_HEIGHT; y++)
    for (int x = 0; x < SYN_WIDTH; x++)
      {
        float *p = e2e_image_pixel (&img, x, y);
        double alpha = syn_alpha (x, y);
        const double *colour = alpha == 0 ? syn_hidden : syn_colours[syn_region (x, y)];
        for (int c = 0; c < 3; c++)
          {
            double noise
                = alpha == 0 ? 0 : SYN_NOISE * gauss ((guint64) (y * SYN_WIDTH + x) * 3 + c);
            p[c] = CLAMP (colour[c] + noise, 0.0, 1.0);
          }
        p[3] = alpha;
      }
  char *path = g_build_filename (e2e_tmp_dir (), "synthetic.png", NULL);
  g_assert_true (e2e_image_save_png (&img, path, 8));
  e2e_image_clear (&img);
  quoted = e2e_scm_string (path);
  g_free (path);
  return quoted;
}

static E2eImage
load_saved (E2eRun *run, const char *name)
{
  E2eImage img;
  if (!e2e_run_load_image (run, name, &img))
    {
      g_test_message ("the script saved no image %s (run folder %s)", name, run->dir);
      g_assert_not_reached ();
    }
  return img;
}

static char *
key_of (const char *key, const char *suffix)
{
  return g_strconcat (key, ".", suffix, NULL);
}

static gint64
get_int (const E2eRun *run, const char *key, const char *suffix)
{
  char *full = key_of (key, suffix);
  gint64 value = e2e_run_get_int (run, full);
  g_free (full);
  return value;
}

static const char *
get_text (const E2eRun *run, const char *key, const char *suffix)
{
  char *full = key_of (key, suffix);
  const char *value = e2e_run_get (run, full);
  g_free (full);
  return value;
}

/* Every channel of a and b equal within tol (colour only where a is not fully transparent). */
static void
assert_same_pixels (const E2eImage *a, const E2eImage *b, double tol, const char *what)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  size_t n = (size_t) a->width * a->height, differ = 0;
  for (size_t i = 0; i < n; i++)
    for (int c = a->rgba[4 * i + 3] > 0 ? 0 : 3; c < 4; c++)
      if (fabs (a->rgba[4 * i + c] - b->rgba[4 * i + c]) > tol)
        {
          if (differ++ < 3)
            g_test_message ("%s: pixel (%zu, %zu) channel %d: %g then %g", what, i % a->width,
                            i / a->width, c, a->rgba[4 * i + c], b->rgba[4 * i + c]);
        }
  if (differ)
    g_test_message ("%s: %zu channel values differ", what, differ);
  g_assert_cmpuint (differ, ==, 0);
}

/* R'G'B' triples (or R'G'B'A pixels when stride is 4) to CIE L*a*b* through babl, as the plug-in
 * converts. */
static float *
to_lab (const float *rgb, size_t n, int stride)
{
  e2e_gegl_init ();
  const Babl *from = babl_format (stride == 4 ? "R'G'B'A float" : "R'G'B' float");
  float *lab = g_new (float, n * 3);
  babl_process (babl_fish (from, babl_format ("CIE Lab float")), rgb, lab, (long) n);
  return lab;
}

static double
dist2 (const float *a, const double *b)
{
  double d = 0;
  for (int c = 0; c < 3; c++)
    d += (a[c] - b[c]) * (a[c] - b[c]);
  return d;
}

/* One call's outcome, read back ---------------------------------------------------------------- */

typedef struct
{
  const char *key;
  int k;
  double *centres;     /* 3k R'G'B' in [0, 1], as returned */
  double *centres_lab; /* 3k, the centres converted to L*a*b* */
  double *counts;      /* k */
  double inertia;
  gint64 layer, iterations;
  E2eImage out;        /* the written layer as saved */
  int *labels;         /* per pixel: the centre its output colour is, -1 when not analysed */
} Quantized;

/* What a call should have done. */
typedef struct
{
  int k;
  int colour_space;
  int sel_x, sel_y, sel_w, sel_h; /* the selection; sel_w 0 = none */
  double tol;                     /* see TOL_8BIT */
} Expect;

static void
quantized_read (E2eRun *run, const char *key, int k, Quantized *q)
{
  memset (q, 0, sizeof *q);
  q->key = key;
  q->k = k;
  if (get_int (run, key, "ok") != 1)
    {
      g_test_message ("%s failed: %s", key, get_text (run, key, "error"));
      g_assert_not_reached ();
    }
  int n_centres = 0, n_counts = 0;
  char *centres_key = key_of (key, "2"), *counts_key = key_of (key, "4");
  q->centres = e2e_run_get_doubles (run, centres_key, &n_centres);
  q->counts = e2e_run_get_doubles (run, counts_key, &n_counts);
  g_free (centres_key);
  g_free (counts_key);
  g_assert_cmpint (get_int (run, key, "1"), ==, 3 * k);
  g_assert_cmpint (n_centres, ==, 3 * k);
  g_assert_cmpint (get_int (run, key, "3"), ==, k);
  g_assert_cmpint (n_counts, ==, k);
  char *inertia_key = key_of (key, "5");
  q->inertia = e2e_run_get_double (run, inertia_key);
  g_free (inertia_key);
  q->layer = get_int (run, key, "0");
  q->iterations = get_int (run, key, "6");
  char *png = g_strconcat (key, ".png", NULL);
  q->out = load_saved (run, png);
  g_free (png);

  float rgb[256 * 3];
  for (int i = 0; i < 3 * k; i++)
    rgb[i] = q->centres[i];
  float *lab = to_lab (rgb, k, 3);
  q->centres_lab = g_new (double, 3 * k);
  for (int i = 0; i < 3 * k; i++)
    q->centres_lab[i] = lab[i];
  g_free (lab);
}

static void
quantized_clear (Quantized *q)
{
  g_free (q->centres);
  g_free (q->centres_lab);
  g_free (q->counts);
  g_free (q->labels);
  e2e_image_clear (&q->out);
}

/* Centres in [0, 1], darkest first by L*, counts not negative, a sane iteration count. */
static void
check_centres (const Quantized *q)
{
  for (int i = 0; i < 3 * q->k; i++)
    {
      g_assert_true (isfinite (q->centres[i]));
      g_assert_cmpfloat (q->centres[i], >=, -1e-9);
      g_assert_cmpfloat (q->centres[i], <=, 1 + 1e-9);
    }
  for (int j = 0; j + 1 < q->k; j++)
    if (q->centres_lab[3 * j] > q->centres_lab[3 * (j + 1)] + 1e-4)
      {
        g_test_message ("%s: centre %d has L* %g above centre %d's %g", q->key, j,
                        q->centres_lab[3 * j], j + 1, q->centres_lab[3 * (j + 1)]);
        g_assert_not_reached ();
      }
  for (int j = 0; j < q->k; j++)
    g_assert_cmpfloat (q->counts[j], >=, 0);
  g_assert_cmpint (q->iterations, >=, 1);
  g_assert_cmpint (q->iterations, <=, 300);
}

static gboolean
selected (const Expect *e, int x, int y)
{
  return e->sel_w == 0
         || (x >= e->sel_x && x < e->sel_x + e->sel_w && y >= e->sel_y && y < e->sel_y + e->sel_h);
}

/* The distance that decides the nearest centre: squared R'G'B' (colour space 0) or L*a*b*. */
static double
fit_distance (const Quantized *q, const Expect *e, const float *rgb, const float *lab, int j)
{
  return e->colour_space == 0 ? dist2 (rgb, q->centres + 3 * j)
                              : sqrt (dist2 (lab, q->centres_lab + 3 * j));
}

/* The centre an output pixel shows (the nearest to the source among those it matches), or -1;
 * *matches gets how many centres it matches. */
static int
label_of (const Quantized *q, const Expect *e, const float *out, const float *rgb, const float *lab,
          int *matches)
{
  int best = -1;
  *matches = 0;
  for (int j = 0; j < q->k; j++)
    {
      const double *c = q->centres + 3 * j;
      if (fabs (out[0] - c[0]) > e->tol || fabs (out[1] - c[1]) > e->tol
          || fabs (out[2] - c[2]) > e->tol)
        continue;
      (*matches)++;
      if (best < 0 || fit_distance (q, e, rgb, lab, j) < fit_distance (q, e, rgb, lab, best))
        best = j;
    }
  return best;
}

static void
complain (size_t *bad, const char *key, int x, int y, const char *what)
{
  if ((*bad)++ < 5)
    g_test_message ("%s: pixel (%d, %d) %s", key, x, y, what);
}

/* The pixel checks: outside the selection the layer equals the source; alpha is kept (fully
 * transparent pixels stay so and are not analysed); every analysed pixel shows one of the
 * centres, the nearest to its source pixel; the counts are the pixels per centre and sum to the
 * analysed pixels; the inertia is the sum of squared R'G'B' distances; at most K colours. */
static void
check_pixels (Quantized *q, const E2eImage *src, const Expect *e)
{
  g_assert_cmpint (q->out.width, ==, src->width);
  g_assert_cmpint (q->out.height, ==, src->height);
  size_t n = (size_t) src->width * src->height, bad = 0, analysed = 0, ambiguous = 0;
  float *lab = to_lab (src->rgba, n, 4);
  q->labels = g_new (int, n);
  double inertia = 0, *per_centre = g_new0 (double, q->k);
  GHashTable *colours = g_hash_table_new (g_int64_hash, g_int64_equal);
  gint64 *colour_keys = g_new (gint64, n);
  for (size_t i = 0; i < n; i++)
    {
      int x = i % src->width, y = i / src->width, matches = 0;
      const float *s = src->rgba + 4 * i, *o = q->out.rgba + 4 * i;
      q->labels[i] = -1;
      if (fabs (o[3] - s[3]) > e->tol)
        complain (&bad, q->key, x, y, "changed its alpha");
      if (!selected (e, x, y))
        {
          if (s[3] > 0
              && (fabs (o[0] - s[0]) > e->tol || fabs (o[1] - s[1]) > e->tol
                  || fabs (o[2] - s[2]) > e->tol))
            complain (&bad, q->key, x, y, "outside the selection changed");
          continue;
        }
      if (s[3] == 0)
        continue;
      analysed++;
      int j = label_of (q, e, o, s, lab + 3 * i, &matches);
      if (j < 0)
        {
          complain (&bad, q->key, x, y, "shows no returned centre");
          continue;
        }
      ambiguous += matches > 1;
      double mine = fit_distance (q, e, s, lab + 3 * i, j), nearest = mine;
      for (int m = 0; m < q->k; m++)
        nearest = MIN (nearest, fit_distance (q, e, s, lab + 3 * i, m));
      if (mine > nearest + (e->colour_space == 0 ? 1e-5 : 0.05))
        complain (&bad, q->key, x, y, "shows a centre that is not the nearest to its source");
      q->labels[i] = j;
      per_centre[j]++;
      inertia += dist2 (s, q->centres + 3 * j);
      colour_keys[i] = (gint64) lround (o[0] * 65535) << 32 | lround (o[1] * 65535) << 16
                       | lround (o[2] * 65535);
      g_hash_table_add (colours, &colour_keys[i]);
    }
  if (bad)
    g_test_message ("%s: %zu pixels wrong", q->key, bad);
  g_assert_cmpuint (bad, ==, 0);

  double sum = 0;
  for (int j = 0; j < q->k; j++)
    {
      sum += q->counts[j];
      /* When two centres round to one stored colour the pixel's centre is a guess: skip. */
      if (!ambiguous && q->counts[j] != per_centre[j])
        {
          g_test_message ("%s: count %d is %g; the layer shows %g pixels of that centre", q->key, j,
                          q->counts[j], per_centre[j]);
          g_assert_cmpfloat (q->counts[j], ==, per_centre[j]);
        }
    }
  g_assert_cmpfloat (sum, ==, (double) analysed);
  g_test_message ("%s: inertia returned %.10g, recomputed %.10g", q->key, q->inertia, inertia);
  g_assert_cmpfloat (fabs (q->inertia - inertia), <=, 1e-4 * inertia + 1e-9);
  g_assert_cmpuint (g_hash_table_size (colours), <=, (guint) q->k);

  g_hash_table_destroy (colours);
  g_free (colour_keys);
  g_free (per_centre);
  g_free (lab);
}

/* After an exact fit (sample 1) Lloyd has converged: each centre is the mean of the pixels
 * assigned to it, in the fit's colour space, within tol (the convergence tolerance allows a
 * little). A centre fitted on a sample is off by more. */
static void
check_fixed_point (const Quantized *q, const E2eImage *src, int colour_space, double tol)
{
  size_t n = (size_t) src->width * src->height;
  float *lab = to_lab (src->rgba, n, 4);
  double *sums = g_new0 (double, 3 * q->k), *weights = g_new0 (double, q->k);
  for (size_t i = 0; i < n; i++)
    if (q->labels[i] >= 0)
      {
        const float *v = colour_space == 0 ? src->rgba + 4 * i : lab + 3 * i;
        for (int c = 0; c < 3; c++)
          sums[3 * q->labels[i] + c] += v[c];
        weights[q->labels[i]]++;
      }
  const double *centres = colour_space == 0 ? q->centres : q->centres_lab;
  for (int j = 0; j < q->k; j++)
    for (int c = 0; c < 3 && weights[j] > 0; c++)
      {
        double mean = sums[3 * j + c] / weights[j];
        if (fabs (mean - centres[3 * j + c]) > tol)
          {
            g_test_message ("%s: centre %d channel %d is %g, the mean of its pixels %g", q->key, j,
                            c, centres[3 * j + c], mean);
            g_assert_cmpfloat (fabs (mean - centres[3 * j + c]), <=, tol);
          }
      }
  g_free (weights);
  g_free (sums);
  g_free (lab);
}

/* Each true colour has a centre within radius (R'G'B'). */
static void
check_finds_colours (const Quantized *q, const double (*truth)[3], int n, double radius)
{
  for (int t = 0; t < n; t++)
    {
      double best = G_MAXDOUBLE;
      for (int j = 0; j < q->k; j++)
        {
          float colour[3] = { truth[t][0], truth[t][1], truth[t][2] };
          best = MIN (best, sqrt (dist2 (colour, q->centres + 3 * j)));
        }
      if (best > radius)
        g_test_message ("%s: true colour %d is %g from the nearest centre", q->key, t, best);
      g_assert_cmpfloat (best, <=, radius);
    }
}

/* The hidden colour of the transparent pixels took no part: no centre near it. */
static void
check_ignores_hidden (const Quantized *q)
{
  float hidden[3] = { syn_hidden[0], syn_hidden[1], syn_hidden[2] };
  for (int j = 0; j < q->k; j++)
    g_assert_cmpfloat (dist2 (hidden, q->centres + 3 * j), >, 0.25);
}

/* The full check of one call that made a new layer (output 0) or replaced the drawable. */
static void
check_call (E2eRun *run, const char *key, const E2eImage *src, const Expect *e, Quantized *q)
{
  quantized_read (run, key, e->k, q);
  check_centres (q);
  check_pixels (q, src, e);
  /* (An image a file plug-in loaded may come with undo disabled: a call must not change it.) */
  g_assert_cmpint (get_int (run, key, "undo-enabled"), ==,
                   get_int (run, key, "undo-enabled-before"));
  g_assert_cmpint (get_int (run, key, "dirty"), ==, 1);
}

/* Output 0: one more layer, named "K-means K=<n>", directly above the drawable and at its
 * offsets. GIMP keeps layer names unique, so the second such layer of an image is
 * "K-means K=<n> #1". */
static void
check_new_layer (const E2eRun *run, const char *key, int k, int layers_before)
{
  char *name = g_strdup_printf ("K-means K=%d", k);
  const char *got = get_text (run, key, "name");
  g_assert_nonnull (got);
  if (strcmp (got, name) != 0)
    {
      char *suffix = g_strconcat (name, " #", NULL);
      g_assert_true (g_str_has_prefix (got, suffix));
      g_free (suffix);
    }
  g_free (name);
  g_assert_cmpint (get_int (run, key, "layers"), ==, layers_before + 1);
  g_assert_cmpint (get_int (run, key, "position"), ==, get_int (run, key, "drawable-position") - 1);
  g_assert_cmpstr (get_text (run, key, "offsets"), ==, get_text (run, key, "drawable-offsets"));
}

/* The drawable saved as name equals the source. */
static void
check_unchanged (E2eRun *run, const char *name, const E2eImage *src)
{
  E2eImage after = load_saved (run, name);
  assert_same_pixels (src, &after, 0, name);
  e2e_image_clear (&after);
}

static void
assert_no_undo_trouble (const E2eRun *run)
{
  /* GIMP closes undo groups a plug-in left open and says so on stderr. */
  g_assert_null (strstr (run->stderr_text, "inconsistent state"));
  g_assert_null (strstr (run->stderr_text, "GeglBuffers leaked"));
  g_assert_null (strstr (run->stderr_text, "CRITICAL"));
  g_assert_null (strstr (run->stderr_text, "crashed"));
}

/* Scheme text shared by the tests: the quantize helper and a loader that starts from a clean
 * image, so that "dirty" says whether a call changed it. */
static char *
script_prelude (void)
{
  return g_strdup_printf (
      "%s"
      ";; Loaded once (each file load starts a plug-in), then duplicated.\n"
      "(define synthetic (mc-load-image %s))\n"
      "(define (load-synthetic)\n"
      "  (let ((img (car (gimp-image-duplicate synthetic))))\n"
      "    (gimp-image-clean-all img)\n"
      "    img))\n"
      ";; The active layer: take it once, after loading (a new layer becomes the active one).\n"
      "(define (layer-of img) (car (gimp-image-get-active-layer img)))\n",
      quantize_scm, synthetic_png ());
}

static E2eImage
load_synthetic_source (E2eRun *run, const char *name)
{
  E2eImage src = load_saved (run, name);
  g_assert_cmpint (src.width, ==, SYN_WIDTH);
  g_assert_cmpint (src.height, ==, SYN_HEIGHT);
  return src;
}

/* The harness itself: a script that stops on an error is a failed run, whatever GIMP's exit
 * code, and the values printed before the error are kept. */
static void
test_harness_reports_failure (void)
{
  E2eRun run;
  e2e_run_script ("(mc-out \"before\" 42 #(1 2.5))\n"
                  "(car '())\n"
                  "(mc-out \"after\" 1)\n",
                  &run);
  g_assert_false (run.ok);
  g_assert_nonnull (run.failure);
  g_assert_nonnull (strstr (run.stderr_text, "batch command experienced an execution error"));
  g_assert_cmpstr (e2e_run_get (&run, "before"), ==, "42 1 2.5");
  g_assert_null (e2e_run_get (&run, "after"));
  g_assert_null (e2e_run_get (&run, "E2E-DONE"));
  e2e_run_clear (&run);
}

/* K=5 and K=2, sampled and exact, in R'G'B' and L*a*b*, on the synthetic image; a seed twice. */
static void
test_synthetic (void)
{
  char *prelude = script_prelude ();
  char *body = g_strdup_printf (
    "%s"
    "(mc-out \"dirty-after-load\" (car (gimp-image-is-dirty synthetic)))\n"
    "(define img (load-synthetic))\n"
    "(define src (layer-of img))\n"
    "(mc-queue-png img src \"source.png\")\n"
    "(quantize \"k5-sample\" img src RUN-NONINTERACTIVE 5 0 0.05 11 0)\n"
    "(quantize \"k2-full\" img src RUN-NONINTERACTIVE 2 0 1.0 3 0)\n"
    "(quantize \"k5-full\" img src RUN-NONINTERACTIVE 5 0 1.0 5 0)\n"
    "(quantize \"lab-k5-full\" img src RUN-NONINTERACTIVE 5 1 1.0 5 0)\n"
    "(quantize \"lab-k2-sample\" img src RUN-NONINTERACTIVE 2 1 0.05 5 0)\n"
    "(quantize \"k5-sample-again\" img src RUN-NONINTERACTIVE 5 0 0.05 11 0)\n"
    "(mc-queue-png img src \"source-after.png\")\n",
    prelude);
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  g_free (prelude);
  e2e_assert_ok (&run);
  assert_no_undo_trouble (&run);
  g_test_message ("an image loaded by gimp-file-load is dirty: %s",
                  e2e_run_get (&run, "dirty-after-load"));

  /* GIMP read the synthetic image as written. */
  E2eImage src = load_synthetic_source (&run, "source.png");
  for (int y = 0; y < SYN_HEIGHT; y++)
    for (int x = 0; x < SYN_WIDTH; x++)
      g_assert_cmpfloat (fabs (e2e_image_pixel (&src, x, y)[3] - syn_alpha (x, y)), <, 1e-6);

  struct
  {
    const char *key;
    int k, colour_space, exact;
  } calls[] = { { "k5-sample", 5, 0, 0 },     { "k2-full", 2, 0, 1 },
                { "k5-full", 5, 0, 1 },       { "lab-k5-full", 5, 1, 1 },
                { "lab-k2-sample", 2, 1, 0 }, { "k5-sample-again", 5, 0, 0 } };
  Quantized first = { 0 };
  for (size_t c = 0; c < G_N_ELEMENTS (calls); c++)
    {
      Expect e = { .k = calls[c].k, .colour_space = calls[c].colour_space, .tol = TOL_8BIT };
      Quantized q;
      check_call (&run, calls[c].key, &src, &e, &q);
      check_new_layer (&run, calls[c].key, calls[c].k, 1 + (int) c);
      check_ignores_hidden (&q);
      if (calls[c].exact)
        check_fixed_point (&q, &src, calls[c].colour_space,
                           calls[c].colour_space == 0 ? 0.005 : 0.5);
      if (calls[c].k == 5)
        check_finds_colours (&q, syn_colours, 4, calls[c].colour_space == 0 ? 0.06 : 0.08);
      if (c == 0)
        first = q;
      else
        quantized_clear (&q);
    }
  /* Six new layers later the source drawable is as it was. */
  check_unchanged (&run, "source-after.png", &src);

  /* The same seed gives the same centres, counts, inertia and pixels. */
  g_assert_cmpstr (e2e_run_get (&run, "k5-sample.2"), ==, e2e_run_get (&run, "k5-sample-again.2"));
  g_assert_cmpstr (e2e_run_get (&run, "k5-sample.4"), ==, e2e_run_get (&run, "k5-sample-again.4"));
  g_assert_cmpstr (e2e_run_get (&run, "k5-sample.5"), ==, e2e_run_get (&run, "k5-sample-again.5"));
  E2eImage again = load_saved (&run, "k5-sample-again.png");
  assert_same_pixels (&first.out, &again, 0, "same seed");
  e2e_image_clear (&again);

  quantized_clear (&first);
  e2e_image_clear (&src);
  e2e_run_clear (&run);
}

/* A selection limits the change; output 1 replaces the drawable; RUN-INTERACTIVE without a
 * display runs with the given values; RUN-WITH-LAST-VALS repeats the last call. */
static void
test_selection_and_run_modes (void)
{
  char *prelude = script_prelude ();
  char *body = g_strdup_printf (
      "%s"
      "(define img (load-synthetic))\n"
      "(define src (layer-of img))\n"
      "(mc-out \"src\" src)\n"
      "(mc-queue-png img src \"source.png\")\n"
      "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 30 20 50 40)\n"
      "(quantize \"sel\" img src RUN-NONINTERACTIVE 3 0 1.0 2 0)\n"
      "(quantize \"sel-lab\" img src RUN-NONINTERACTIVE 4 1 0.05 2 0)\n"
      "(mc-queue-png img src \"source-after-sel.png\")\n"
      "(quantize \"sel-replace\" img src RUN-NONINTERACTIVE 4 0 1.0 9 1)\n"
      "(define img2 (load-synthetic))\n"
      "(mc-out \"src2\" (layer-of img2))\n"
      "(quantize \"interactive\" img2 (layer-of img2) RUN-INTERACTIVE 4 0 1.0 9 1)\n"
      "(define img3 (load-synthetic))\n"
      "(mc-out \"src3\" (layer-of img3))\n"
      "(quantize \"replace\" img3 (layer-of img3) RUN-NONINTERACTIVE 4 0 1.0 9 1)\n"
      "(define img4 (load-synthetic))\n"
      "(mc-out \"src4\" (layer-of img4))\n"
      "(quantize \"last-vals\" img4 (layer-of img4) RUN-WITH-LAST-VALS 7 1 0.5 99 0)\n"
      ";; A layer smaller than the image, at (25, 15), and a selection in image coordinates.\n"
      "(define img5 (load-synthetic))\n"
      "(define src5 (layer-of img5))\n"
      "(gimp-layer-resize src5 80 60 -25 -15)\n"
      "(mc-queue-png img5 src5 \"offset-source.png\")\n"
      "(gimp-image-select-rectangle img5 CHANNEL-OP-REPLACE 30 20 50 40)\n"
      "(quantize \"offset-sel\" img5 src5 RUN-NONINTERACTIVE 3 0 1.0 2 0)\n",
      prelude);
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  g_free (prelude);
  e2e_assert_ok (&run);
  assert_no_undo_trouble (&run);
  E2eImage src = load_synthetic_source (&run, "source.png");
  Expect in_rect = { .k = 3, .colour_space = 0, .sel_x = 30, .sel_y = 20, .sel_w = 50, .sel_h = 40,
                     .tol = TOL_8BIT };
  Quantized q;

  /* New layers from a selection: quantised inside, the source outside; the drawable kept. */
  check_call (&run, "sel", &src, &in_rect, &q);
  check_new_layer (&run, "sel", 3, 1);
  check_fixed_point (&q, &src, 0, 0.005);
  quantized_clear (&q);
  in_rect.k = 4;
  in_rect.colour_space = 1;
  check_call (&run, "sel-lab", &src, &in_rect, &q);
  check_new_layer (&run, "sel-lab", 4, 2);
  quantized_clear (&q);
  check_unchanged (&run, "source-after-sel.png", &src);

  /* Replacing within a selection changes only the selected pixels of the drawable itself. */
  in_rect.colour_space = 0;
  check_call (&run, "sel-replace", &src, &in_rect, &q);
  g_assert_cmpint (q.layer, ==, e2e_run_get_int (&run, "src"));
  g_assert_cmpint (get_int (&run, "sel-replace", "layers"), ==, 3);
  quantized_clear (&q);

  /* Replacing the whole drawable, non-interactively and interactively without a display. */
  Expect whole = { .k = 4, .colour_space = 0, .tol = TOL_8BIT };
  Quantized replaced, interactive, last;
  check_call (&run, "replace", &src, &whole, &replaced);
  g_assert_cmpint (replaced.layer, ==, e2e_run_get_int (&run, "src3"));
  g_assert_cmpint (get_int (&run, "replace", "layers"), ==, 1);
  check_call (&run, "interactive", &src, &whole, &interactive);
  g_assert_cmpint (interactive.layer, ==, e2e_run_get_int (&run, "src2"));
  g_assert_cmpstr (e2e_run_get (&run, "interactive.2"), ==, e2e_run_get (&run, "replace.2"));
  assert_same_pixels (&replaced.out, &interactive.out, 0, "interactive without a display");
  g_assert_nonnull (strstr (run.stderr_text, "display"));

  /* The last values (K=4, R'G'B', sample 1, seed 9, replace), not the ones passed. */
  check_call (&run, "last-vals", &src, &whole, &last);
  g_assert_cmpint (last.layer, ==, e2e_run_get_int (&run, "src4"));
  g_assert_cmpint (get_int (&run, "last-vals", "layers"), ==, 1);
  g_assert_cmpstr (e2e_run_get (&run, "last-vals.2"), ==, e2e_run_get (&run, "replace.2"));
  g_assert_cmpstr (e2e_run_get (&run, "last-vals.4"), ==, e2e_run_get (&run, "replace.4"));
  assert_same_pixels (&replaced.out, &last.out, 0, "last values");

  /* The offset layer: the selection is mapped into the layer's coordinates. */
  E2eImage part = load_saved (&run, "offset-source.png");
  g_assert_cmpint (part.width, ==, 80);
  g_assert_cmpint (part.height, ==, 60);
  g_assert_cmpstr (e2e_run_get (&run, "offset-sel.drawable-offsets"), ==, "25 15");
  Expect in_layer = { .k = 3, .colour_space = 0, .sel_x = 5, .sel_y = 5, .sel_w = 50, .sel_h = 40,
                      .tol = TOL_8BIT };
  check_call (&run, "offset-sel", &part, &in_layer, &q);
  check_new_layer (&run, "offset-sel", 3, 1);
  quantized_clear (&q);
  e2e_image_clear (&part);

  quantized_clear (&last);
  quantized_clear (&interactive);
  quantized_clear (&replaced);
  e2e_image_clear (&src);
  e2e_run_clear (&run);
}

/* The numbers in an error message, as written ("1..256" gives 1 and 256, "1.5" gives 1.5). */
static GArray *
numbers_in (const char *text)
{
  GArray *numbers = g_array_new (FALSE, FALSE, sizeof (double));
  GRegex *re = g_regex_new ("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?", 0, 0, NULL);
  GMatchInfo *match = NULL;
  g_regex_match (re, text, 0, &match);
  while (g_match_info_matches (match))
    {
      char *word = g_match_info_fetch (match, 0);
      double value = g_ascii_strtod (word, NULL);
      g_array_append_val (numbers, value);
      g_free (word);
      g_match_info_next (match, NULL);
    }
  g_match_info_free (match);
  g_regex_unref (re);
  return numbers;
}

/* The call failed with a message that names the parameter and holds the given numbers (the value
 * and the ends of the accepted range), and the image is still clean with its one layer. */
static void
check_refused (const E2eRun *run, const char *key, const char *parameter, const double *numbers,
               int n)
{
  g_assert_cmpint (get_int (run, key, "ok"), ==, 0);
  const char *message = get_text (run, key, "error");
  g_assert_nonnull (message);
  g_test_message ("%s: %s", key, message);
  char *lower = g_ascii_strdown (message, -1);
  g_assert_nonnull (strstr (lower, parameter));
  g_free (lower);
  GArray *found = numbers_in (message);
  for (int i = 0; i < n; i++)
    {
      gboolean present = FALSE;
      for (guint j = 0; j < found->len; j++)
        present |= fabs (g_array_index (found, double, j) - numbers[i]) < 1e-9;
      if (!present)
        g_test_message ("%s: the message lacks the number %g", key, numbers[i]);
      g_assert_true (present);
    }
  g_array_unref (found);
  /* GIMP prints the plug-in's message on stderr too. */
  const char *own = strstr (message, "plug-in-medclust-quantize: ");
  g_assert_nonnull (strstr (run->stderr_text, own ? own : parameter));
  g_assert_cmpint (get_int (run, key, "layers"), ==, 1);
  g_assert_cmpint (get_int (run, key, "dirty"), ==, 0);
}

/* Bad parameters are refused with a message and change nothing; the ends of the ranges work. */
static void
test_parameters (void)
{
  char *prelude = script_prelude ();
  char *body = g_strdup_printf (
      "%s"
      "(define img (load-synthetic))\n"
      "(define src (layer-of img))\n"
      "(mc-queue-png img src \"source.png\")\n"
      "(quantize \"k0\" img src RUN-NONINTERACTIVE 0 0 0.05 1 0)\n"
      "(quantize \"k257\" img src RUN-NONINTERACTIVE 257 0 0.05 1 0)\n"
      "(quantize \"f0\" img src RUN-NONINTERACTIVE 5 0 0.0 1 0)\n"
      "(quantize \"f1.5\" img src RUN-NONINTERACTIVE 5 0 1.5 1 0)\n"
      "(quantize \"f-negative\" img src RUN-NONINTERACTIVE 5 0 -0.5 1 0)\n"
      "(quantize \"cs7\" img src RUN-NONINTERACTIVE 5 7 0.05 1 0)\n"
      "(quantize \"output2\" img src RUN-NONINTERACTIVE 5 0 0.05 1 2)\n"
      "(mc-queue-png img src \"source-after.png\")\n"
      "(define indexed (load-synthetic))\n"
      "(gimp-image-convert-indexed indexed CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE\n"
      "                            16 0 0 \"\")\n"
      "(gimp-image-clean-all indexed)\n"
      "(mc-queue-png indexed (layer-of indexed) \"indexed.png\")\n"
      "(quantize \"indexed\" indexed (layer-of indexed) RUN-NONINTERACTIVE 5 0 0.05 1 0)\n"
      "(mc-queue-png indexed (layer-of indexed) \"indexed-after.png\")\n"
      "(quantize \"k1\" img src RUN-NONINTERACTIVE 1 0 1.0 1 0)\n"
      "(quantize \"k256\" img src RUN-NONINTERACTIVE 256 0 1.0 1 0)\n"
      "(quantize \"f-tiny\" img src RUN-NONINTERACTIVE 3 0 0.0001 1 0)\n",
      prelude);
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  g_free (prelude);
  e2e_assert_ok (&run);
  assert_no_undo_trouble (&run);
  E2eImage src = load_synthetic_source (&run, "source.png");

  check_refused (&run, "k0", "n-clusters", (double[]) { 0, 1, 256 }, 3);
  check_refused (&run, "k257", "n-clusters", (double[]) { 257, 1, 256 }, 3);
  check_refused (&run, "f0", "sample-fraction", (double[]) { 0, 1 }, 2);
  check_refused (&run, "f1.5", "sample-fraction", (double[]) { 1.5, 0, 1 }, 3);
  check_refused (&run, "f-negative", "sample-fraction", (double[]) { -0.5, 0, 1 }, 3);
  check_refused (&run, "cs7", "colour-space", (double[]) { 7, 0, 1 }, 3);
  check_refused (&run, "output2", "output", (double[]) { 2, 0, 1 }, 3);
  check_unchanged (&run, "source-after.png", &src);

  /* An indexed image: a message that says to convert to RGB, and nothing changed. */
  g_assert_cmpint (get_int (&run, "indexed", "ok"), ==, 0);
  char *lower = g_ascii_strdown (get_text (&run, "indexed", "error"), -1);
  g_test_message ("indexed: %s", lower);
  g_assert_nonnull (strstr (lower, "indexed"));
  g_assert_nonnull (strstr (lower, "rgb"));
  g_free (lower);
  g_assert_cmpint (get_int (&run, "indexed", "layers"), ==, 1);
  g_assert_cmpint (get_int (&run, "indexed", "dirty"), ==, 0);
  E2eImage indexed = load_saved (&run, "indexed.png");
  check_unchanged (&run, "indexed-after.png", &indexed);
  e2e_image_clear (&indexed);

  /* K=1: the one centre is the mean of the visible pixels. K=256 and a sample smaller than K
   * (0.0001 of the pixels) still give valid layers. */
  Expect e = { .k = 1, .colour_space = 0, .tol = TOL_8BIT };
  Quantized q;
  check_call (&run, "k1", &src, &e, &q);
  check_new_layer (&run, "k1", 1, 1);
  check_fixed_point (&q, &src, 0, 1e-4);
  quantized_clear (&q);
  e.k = 256;
  check_call (&run, "k256", &src, &e, &q);
  check_new_layer (&run, "k256", 256, 2);
  quantized_clear (&q);
  e.k = 3;
  check_call (&run, "f-tiny", &src, &e, &q);
  check_new_layer (&run, "f-tiny", 3, 3);
  quantized_clear (&q);

  e2e_image_clear (&src);
  e2e_run_clear (&run);
}

/* Every precision GIMP 2.10 offers for integer and floating-point layers, and grey. */
static void
test_precisions (void)
{
  static const struct
  {
    const char *name;
    double tol; /* storage rounding: linear 8-bit is coarse in the dark, half has 11 bits */
  } precisions[]
      = { { "U8-LINEAR", 0.03 },  { "U16-GAMMA", TOL_16BIT },   { "U32-GAMMA", TOL_16BIT },
          { "HALF-GAMMA", 6e-4 }, { "FLOAT-GAMMA", TOL_16BIT }, { "FLOAT-LINEAR", 3e-5 } };
  char *prelude = script_prelude ();
  GString *body = g_string_new (prelude);
  g_string_append (body, "(define base (load-synthetic))\n"
                         "(define (at-precision key precision k cs f)\n"
                         "  (let* ((img (car (gimp-image-duplicate base))) (drw (layer-of img)))\n"
                         "    (if precision (gimp-image-convert-precision img precision))\n"
                         "    (mc-queue-png img drw (string-append key \".source.png\"))\n"
                         "    (quantize key img drw RUN-NONINTERACTIVE k cs f 5 0)\n"
                         "    (gimp-image-delete img)))\n"
                         "(at-precision \"U8-GAMMA\" #f 4 0 1.0)\n");
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    g_string_append_printf (body, "(at-precision \"%s\" PRECISION-%s 4 0 1.0)\n",
                            precisions[i].name, precisions[i].name);
  g_string_append (body, "(define grey (car (gimp-image-duplicate base)))\n"
                         "(gimp-image-convert-grayscale grey)\n"
                         "(define grey-src (layer-of grey))\n"
                         "(mc-queue-png grey grey-src \"grey.source.png\")\n"
                         "(quantize \"grey\" grey grey-src RUN-NONINTERACTIVE 3 0 1.0 5 0)\n"
                         "(quantize \"grey-lab\" grey grey-src RUN-NONINTERACTIVE 3 1 0.05 5 0)\n");
  E2eRun run;
  e2e_run_script (body->str, &run);
  g_string_free (body, TRUE);
  g_free (prelude);
  e2e_assert_ok (&run);
  assert_no_undo_trouble (&run);

  E2eImage src8 = load_synthetic_source (&run, "U8-GAMMA.source.png");
  Expect e = { .k = 4, .colour_space = 0, .tol = TOL_8BIT };
  Quantized base;
  check_call (&run, "U8-GAMMA", &src8, &e, &base);
  check_finds_colours (&base, syn_colours, 4, 0.02);
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      const char *key = precisions[i].name;
      char *name = g_strconcat (key, ".source.png", NULL);
      E2eImage src = load_synthetic_source (&run, name);
      g_free (name);
      e.tol = precisions[i].tol;
      Quantized q;
      check_call (&run, key, &src, &e, &q);
      check_new_layer (&run, key, 4, 1);
      check_finds_colours (&q, syn_colours, 4, 0.02);
      /* The same pixels up to the storage's rounding give the same fit. */
      for (int c = 0; c < 12; c++)
        g_assert_cmpfloat (fabs (q.centres[c] - base.centres[c]), <,
                           key[0] == 'U' && key[1] == '8' ? 0.01 : 1e-3);
      quantized_clear (&q);
      e2e_image_clear (&src);
    }
  quantized_clear (&base);
  e2e_image_clear (&src8);

  /* Grey: the centres are greys and the layer shows them. */
  E2eImage grey = load_synthetic_source (&run, "grey.source.png");
  Expect g = { .k = 3, .colour_space = 0, .tol = TOL_8BIT };
  for (int cs = 0; cs < 2; cs++)
    {
      Quantized q;
      g.colour_space = cs;
      check_call (&run, cs == 0 ? "grey" : "grey-lab", &grey, &g, &q);
      for (int j = 0; j < 3; j++)
        {
          g_assert_cmpfloat (fabs (q.centres[3 * j] - q.centres[3 * j + 1]), <, 1e-3);
          g_assert_cmpfloat (fabs (q.centres[3 * j] - q.centres[3 * j + 2]), <, 1e-3);
        }
      quantized_clear (&q);
    }
  e2e_image_clear (&grey);
  e2e_run_clear (&run);
}

/* 8-bit R'G'B' layers take the lean path (packed colours, no float copy); the same pixels in a
 * 16-bit layer take the float path with the same floats (v * 257 / 65535 = v / 255). Both must
 * return the same numbers, exact fit and sampled, and paint the same layer. */
static void
test_lean_path_equals_float_path (void)
{
  char *prelude = script_prelude ();
  GString *body = g_string_new (prelude);
  g_string_append (body, "(define (both key k f seed)\n"
                         "  (let* ((a (load-synthetic)) (b (load-synthetic)))\n"
                         "    (gimp-image-convert-precision b PRECISION-U16-GAMMA)\n"
                         "    (quantize (string-append key \"-u8\") a (layer-of a) RUN-NONINTERACTIVE k 0 f seed 0)\n"
                         "    (quantize (string-append key \"-u16\") b (layer-of b) RUN-NONINTERACTIVE k 0 f seed 0)\n"
                         "    (gimp-image-delete a) (gimp-image-delete b)))\n"
                         "(both \"exact\" 5 1.0 0)\n(both \"sampled\" 5 0.05 3)\n"
                         "(both \"k12\" 12 0.3 7)\n");
  E2eRun run;
  e2e_run_script (body->str, &run);
  g_string_free (body, TRUE);
  g_free (prelude);
  e2e_assert_ok (&run);
  static const struct { const char *key; int k; } calls[] = { { "exact", 5 }, { "sampled", 5 },
                                                              { "k12", 12 } };
  for (size_t c = 0; c < G_N_ELEMENTS (calls); c++)
    {
      Quantized a, b;
      char *ka = g_strconcat (calls[c].key, "-u8", NULL), *kb = g_strconcat (calls[c].key, "-u16", NULL);
      quantized_read (&run, ka, calls[c].k, &a);
      quantized_read (&run, kb, calls[c].k, &b);
      for (int i = 0; i < 3 * calls[c].k; i++)
        g_assert_cmpfloat (a.centres[i], ==, b.centres[i]);
      for (int j = 0; j < calls[c].k; j++)
        g_assert_cmpfloat (a.counts[j], ==, b.counts[j]);
      g_assert_cmpfloat (a.inertia, ==, b.inertia);
      g_assert_cmpint (a.iterations, ==, b.iterations);
      /* Every visible pixel of the 8-bit result is its 16-bit twin rounded to 8 bits (what a
       * fully transparent pixel's colour is saved as depends on the file's depth). */
      g_assert_cmpint (a.out.width, ==, b.out.width);
      for (size_t i = 0; i < (size_t) a.out.width * a.out.height * 4; i++)
        if (a.out.rgba[i | 3] > 0 && fabs (a.out.rgba[i] - b.out.rgba[i]) > 0.5 / 255 + 1e-6)
          g_error ("%s: pixel %zu channel %zu: %g (8-bit) vs %g (16-bit), alpha %g %g", calls[c].key,
                   i / 4, i % 4, a.out.rgba[i], b.out.rgba[i], a.out.rgba[i | 3], b.out.rgba[i | 3]);
      quantized_clear (&a);
      quantized_clear (&b);
      g_free (ka);
      g_free (kb);
    }
  e2e_run_clear (&run);
}

/* The course's settings and the exact fit on two real 600x450 dermoscopy images. */
static void
test_dermoscopy (void)
{
  char **images = e2e_data_images (600, 450);
  if (!images)
    return;
  if (g_strv_length (images) < 2)
    {
      g_test_skip ("the data folder has fewer than two 600x450 images");
      g_strfreev (images);
      return;
    }
  static const struct
  {
    const char *suffix;
    int k, colour_space;
    const char *fraction;
  } calls[] = { { "k5-sample", 5, 0, "0.05" }, { "k2-full", 2, 0, "1.0" },
                { "k5-full", 5, 0, "1.0" },     { "lab-k5-sample", 5, 1, "0.05" } };
  char *prelude = script_prelude ();
  GString *body = g_string_new (prelude);
  for (int i = 0; i < 2; i++)
    {
      char *path = e2e_scm_string (images[i]);
      g_string_append_printf (body, "(define img (mc-load-image %s))\n"
                                    "(define src (layer-of img))\n"
                                    "(mc-queue-png img src \"img%d.source.png\")\n", path, i);
      for (size_t c = 0; c < G_N_ELEMENTS (calls); c++)
        g_string_append_printf (
            body, "(quantize \"img%d-%s\" img src RUN-NONINTERACTIVE %d %d %s 1 0)\n", i,
            calls[c].suffix, calls[c].k, calls[c].colour_space, calls[c].fraction);
      g_string_append_printf (body, "(mc-queue-png img src \"img%d.source-after.png\")\n"
                                    "(gimp-image-delete img)\n", i);
      g_free (path);
    }
  E2eRun run;
  e2e_run_script (body->str, &run);
  g_string_free (body, TRUE);
  g_free (prelude);
  e2e_assert_ok (&run);
  assert_no_undo_trouble (&run);

  for (int i = 0; i < 2; i++)
    {
      g_test_message ("image %s", images[i]);
      char *name = g_strdup_printf ("img%d.source.png", i);
      E2eImage src = load_saved (&run, name);
      g_free (name);
      g_assert_cmpint (src.width, ==, 600);
      g_assert_cmpint (src.height, ==, 450);
      for (size_t c = 0; c < G_N_ELEMENTS (calls); c++)
        {
          char *key = g_strdup_printf ("img%d-%s", i, calls[c].suffix);
          Expect e = { .k = calls[c].k, .colour_space = calls[c].colour_space, .tol = TOL_8BIT };
          Quantized q;
          check_call (&run, key, &src, &e, &q);
          check_new_layer (&run, key, calls[c].k, 1 + (int) c);
          if (strcmp (calls[c].fraction, "1.0") == 0)
            check_fixed_point (&q, &src, calls[c].colour_space, 0.005);
          quantized_clear (&q);
          g_free (key);
        }
      name = g_strdup_printf ("img%d.source-after.png", i);
      check_unchanged (&run, name, &src);
      g_free (name);
      e2e_image_clear (&src);
    }
  g_strfreev (images);
  e2e_run_clear (&run);
}

/* The image's state as Script-Fu prints it: layer count, dirty flag and the drawable's histogram
 * statistics per channel (mean, deviation, median, pixels, count, percentile). */
static const char gui_state_scm[] =
  "(define (state)\n"
  "  (list (car (gimp-image-get-layers img)) (car (gimp-image-is-dirty img))\n"
  "        (map (lambda (channel) (gimp-drawable-histogram src channel 0.0 1.0))\n"
  "             (list HISTOGRAM-RED HISTOGRAM-GREEN HISTOGRAM-BLUE HISTOGRAM-ALPHA))))";

/* Presses Ctrl+Z in the image window and waits (up to 10 s) for the state to become expected.
 * GIMP 3 titles the window of an image loaded through the PDB "[Untitled]-1.0 (...) 120x90 –
 * GIMP", not after its file: there the window is found by GIMP's ending of an image title. */
static char *
undo_until (E2eGui *gui, const char *expected)
{
  const char *title = e2e_gimp_host () == 3 ? "x[0-9]+ – GIMP$" : "synthetic";
  g_assert_true (e2e_gui_keys (gui, title, "ctrl+z"));
  char *state = NULL;
  for (int i = 0; i < 50; i++)
    {
      g_free (state);
      state = e2e_gui_eval_ok (gui, "(state)");
      if (strcmp (state, expected) == 0)
        break;
      g_usleep (200000);
    }
  return state;
}

/* One Ctrl+Z undoes a whole call. GIMP 2.10's PDB cannot undo, so this drives a GIMP with a
 * display (Xvfb) through the Script-Fu server and presses the key: after one undo the image is
 * clean again (the undo reached the state it was saved in), with its one layer and the same
 * pixel statistics, for a new layer (output 0) and for a replaced drawable (output 1). */
static void
test_undo_in_gui (void)
{
  const char *path = synthetic_png ();
  E2eGui *gui = e2e_gui_start ();
  if (!gui)
    return;
  char *load
      = g_strdup_printf ("(begin (define img (car (gimp-file-load RUN-NONINTERACTIVE %s %s)))\n"
                         "       (define src (car (gimp-image-get-active-layer img)))\n"
                         "       (gimp-display-new img)\n"
                         "       (gimp-image-clean-all img))",
                         path, path);
  g_free (e2e_gui_eval_ok (gui, load));
  g_free (load);
  g_free (e2e_gui_eval_ok (gui, gui_state_scm));
  char *before = e2e_gui_eval_ok (gui, "(state)");
  g_test_message ("before: %s", before);
  g_assert_true (g_str_has_prefix (before, "(1 0 "));

  for (int output = 0; output < 2; output++)
    {
      char *call = g_strdup_printf (
          "(plug-in-medclust-quantize RUN-NONINTERACTIVE img src 5 0 0.05 1 %d)", output);
      g_free (e2e_gui_eval_ok (gui, call));
      g_free (call);
      char *after = e2e_gui_eval_ok (gui, "(state)");
      g_test_message ("after a call with output %d: %s", output, after);
      g_assert_true (g_str_has_prefix (after, output == 0 ? "(2 1 " : "(1 1 "));
      if (output == 1)
        g_assert_cmpstr (after, !=, before);
      g_free (after);
      char *undone = undo_until (gui, before);
      g_assert_cmpstr (undone, ==, before);
      g_free (undone);
    }
  g_free (before);
  e2e_gui_stop (gui);
}

/* The drawable rule and K above the distinct colours (issue 9) ------------------------------ */

static const char DRAWABLES_SCM[]
  = "(define fx (mc-drawables-fixture))\n"
    "(define img (list-ref fx 0))\n"
    "(define (q key d k output)\n"
    "  (mc-report key (lambda () (plug-in-medclust-quantize RUN-NONINTERACTIVE img d k 0 1.0 0\n"
    "                                                       output))))\n"
    "(mc-fixture-state \"before\" fx)\n"
    "(q \"group0\" (list-ref fx 2) 3 0)\n"
    "(q \"group1\" (list-ref fx 2) 3 1)\n"
    "(q \"channel\" (list-ref fx 4) 3 0)\n"
    "(q \"mask\" (list-ref fx 6) 3 1)\n"
    "(mc-fixture-state \"after\" fx)\n"
    /* three colours, K = 5 and K = 3 */
    "(q \"k5\" (list-ref fx 1) 5 0)\n"
    "(q \"k3\" (list-ref fx 1) 3 0)\n"
    /* the layer partly off the canvas: the written layer is the whole layer */
    "(gimp-layer-set-offsets (list-ref fx 1) -10 5)\n"
    "(define r (q \"off\" (list-ref fx 1) 3 0))\n"
    "(mc-out \"off.offsets\" (gimp-drawable-offsets (car r)))\n"
    "(mc-out \"off.size\" (car (gimp-drawable-width (car r))) (car (gimp-drawable-height (car r))))\n";

static void
test_drawables_and_empty_clusters (void)
{
  E2eRun run;
  e2e_run_script (DRAWABLES_SCM, &run);
  e2e_assert_ok (&run);
  e2e_assert_refused (&run, "group0", "is a layer group; choose a layer inside it");
  e2e_assert_refused (&run, "group1", "is a layer group; choose a layer inside it");
  e2e_assert_refused (&run, "channel", "is a channel; these procedures work on layers");
  e2e_assert_refused (&run, "mask", "is a layer mask; these procedures work on layers");
  e2e_assert_fixture_unchanged (&run, "before", "after");

  /* K = 5 on three colours: K centres and counts, two of them empty, said in the warning. */
  g_assert_cmpint (e2e_run_get_int (&run, "k5.ok"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (&run, "k5.1"), ==, 15);
  g_assert_cmpint (e2e_run_get_int (&run, "k5.3"), ==, 5);
  int n = 0, empty = 0;
  double *counts = e2e_run_get_doubles (&run, "k5.4", &n), total = 0;
  g_assert_cmpint (n, ==, 5);
  for (int i = 0; i < n; i++)
    {
      empty += counts[i] == 0;
      total += counts[i];
    }
  g_free (counts);
  g_assert_cmpint (empty, ==, 2);
  g_assert_cmpfloat (total, ==, 40 * 30);
  const char *warning = e2e_run_get (&run, "k5.7");
  g_test_message ("k5 warning: %s", warning);
  g_assert_nonnull (strstr (warning, "only 3 distinct colours"));
  g_assert_nonnull (strstr (warning, "2 of 5 clusters are empty"));
  const char *none = e2e_run_get (&run, "k3.7");
  g_assert_cmpstr (g_strstrip (g_strdup (none)), ==, "");

  /* The offset layer: the counts describe the written layer, the whole 40 x 30 layer. */
  g_assert_cmpstr (e2e_run_get (&run, "off.offsets"), ==, "-10 5");
  g_assert_cmpstr (e2e_run_get (&run, "off.size"), ==, "40 30");
  counts = e2e_run_get_doubles (&run, "off.4", &n);
  total = 0;
  for (int i = 0; i < n; i++)
    total += counts[i];
  g_free (counts);
  g_assert_cmpfloat (total, ==, 40 * 30);
  e2e_assert_no_leaks (&run);
  e2e_run_clear (&run);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/quantize/harness-reports-failure", test_harness_reports_failure);
  g_test_add_func ("/quantize/synthetic", test_synthetic);
  g_test_add_func ("/quantize/selection-and-run-modes", test_selection_and_run_modes);
  g_test_add_func ("/quantize/parameters", test_parameters);
  g_test_add_func ("/quantize/precisions", test_precisions);
  g_test_add_func ("/quantize/lean-path-equals-float-path", test_lean_path_equals_float_path);
  g_test_add_func ("/quantize/dermoscopy", test_dermoscopy);
  g_test_add_func ("/quantize/undo-in-gui", test_undo_in_gui);
  g_test_add_func ("/quantize/drawables-and-empty-clusters", test_drawables_and_empty_clusters);
  return e2e_finish (g_test_run ());
}
