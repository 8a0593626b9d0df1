/* test_e2e_elbow.c: plug-in-medclust-elbow end to end. Script-Fu calls the procedure in a headless
 * GIMP on a synthetic image of four flat colours plus noise (quadrants, with transparent pixels
 * hiding a fifth colour) and on a 600x450 dermoscopy image; the checks here hold the returned
 * inertias, suggested K and plot image to the contract (../shared/docs/pdb-contract.md): the
 * inertia of K = 1 is the direct sum of squares of the analysed pixels, the suggested K of four
 * colours is 4 (2 inside a selection of two), the same seed gives the same values and plot, bad
 * parameters are refused with a message naming them, and the source image never changes. */
#include "harness.h"

#include <math.h>
#include <string.h>

/* The synthetic image: four well separated flat colours in the quadrants, Gaussian noise, and
 * fully transparent pixels (a corner block and a sprinkle) hiding magenta, which must take no part
 * in any fit. One row is half transparent: still analysed. */
#define SYN_WIDTH 160
#define SYN_HEIGHT 120
#define SYN_NOISE 0.03
static const double syn_colours[4][3] = {
  { 0.85, 0.66, 0.56 }, /* top left: skin */
  { 0.45, 0.25, 0.15 }, /* top right: lesion brown */
  { 0.25, 0.40, 0.75 }, /* bottom left: blue */
  { 0.30, 0.65, 0.30 }, /* bottom right: green */
};
static const double syn_hidden[3] = { 1.0, 0.0, 1.0 };

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

static double
syn_alpha (int x, int y)
{
  if ((x < 16 && y < 16) || (x * 7 + y * 13) % 41 == 0)
    return 0.0;
  if (y == 100)
    return 128 / 255.0;
  return 1.0;
}

/* Writes a PNG once per program and returns its path as a Scheme string literal. */
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
        int region = (y >= SYN_HEIGHT / 2) * 2 + (x >= SYN_WIDTH / 2);
        const double *colour = alpha == 0 ? syn_hidden : syn_colours[region];
        for (int c = 0; c < 3; c++)
          {
            guint64 index = (guint64) (y * SYN_WIDTH + x) * 3 + c;
            double noise = alpha == 0 ? 0 : SYN_NOISE * gauss (index);
            p[c] = CLAMP (colour[c] + noise, 0.0, 1.0);
          }
        p[3] = alpha;
      }
  char *path = g_build_filename (e2e_tmp_dir (), "elbow-synthetic.png", NULL);
  g_assert_true (e2e_image_save_png (&img, path, 8));
  e2e_image_clear (&img);
  quoted = e2e_scm_string (path);
  g_free (path);
  return quoted;
}

/* A 4x4 image of two flat colours: fewer pixels than the largest K tried. */
static const char *
tiny_png (void)
{
  static char *quoted;
  if (quoted)
    return quoted;
  E2eImage img;
  e2e_image_alloc (&img, 4, 4);
  for (int y = 0; y < 4; y++)
    for (int x = 0; x < 4; x++)
      {
        float *p = e2e_image_pixel (&img, x, y);
        p[0] = x < 2 ? 0.2f : 0.8f;
        p[1] = 0.5f;
        p[2] = x < 2 ? 0.8f : 0.2f;
        p[3] = 1.0f;
      }
  char *path = g_build_filename (e2e_tmp_dir (), "elbow-tiny.png", NULL);
  g_assert_true (e2e_image_save_png (&img, path, 8));
  e2e_image_clear (&img);
  quoted = e2e_scm_string (path);
  g_free (path);
  return quoted;
}

/* Script-Fu that calls the procedure and reports under KEY: its return values (KEY.0 plot,
 * KEY.1 num-inertias, KEY.2 inertias, KEY.3 suggested-k), the plot's size, layers and type, how
 * many images the call added, and the source image's state. With a save name the plot is saved. */
static const char elbow_scm[]
  = "(define (elbow key img drw run-mode kmin kmax f seed save)\n"
    "  (let* ((before (car (gimp-image-list)))\n"
    "         (r (mc-report key (lambda ()\n"
    "              (plug-in-medclust-elbow run-mode img drw kmin kmax f seed)))))\n"
    "    (if r\n"
    "        (let ((plot (car r)))\n"
    "          (mc-out (string-append key \".width\") (car (gimp-image-width plot)))\n"
    "          (mc-out (string-append key \".height\") (car (gimp-image-height plot)))\n"
    "          (mc-out (string-append key \".plot-layers\") (mc-layer-count plot))\n"
    "          (mc-out (string-append key \".base-type\") (car (gimp-image-base-type plot)))\n"
    "          (if save (mc-save-png plot (car (gimp-image-get-active-layer plot)) save))))\n"
    "    (mc-out (string-append key \".new-images\") (- (car (gimp-image-list)) before))\n"
    "    (mc-out (string-append key \".dirty\") (car (gimp-image-is-dirty img)))\n"
    "    (mc-out (string-append key \".layers\") (mc-layer-count img))\n"
    "    r))\n"
    "(define (layer-of img) (car (gimp-image-get-active-layer img)))\n"
    "(define (load-clean path)\n"
    "  (let ((img (mc-load-image path)))\n"
    "    (gimp-image-clean-all img)\n"
    "    img))\n";

static char *
script (const char *body)
{
  return g_strdup_printf ("%s(define synthetic %s)\n(define tiny %s)\n%s", elbow_scm,
                          synthetic_png (), tiny_png (), body);
}

static gint64
get_int (const E2eRun *run, const char *key, const char *suffix)
{
  char *full = g_strconcat (key, ".", suffix, NULL);
  gint64 v = e2e_run_get_int (run, full);
  g_free (full);
  return v;
}

static const char *
get_text (const E2eRun *run, const char *key, const char *suffix)
{
  char *full = g_strconcat (key, ".", suffix, NULL);
  const char *v = e2e_run_get (run, full);
  g_free (full);
  return v;
}

static E2eImage
load_saved (const E2eRun *run, const char *name)
{
  E2eImage img;
  char *path = e2e_run_path (run, name);
  if (!e2e_image_load (path, &img))
    {
      g_test_message ("cannot read %s", path);
      g_assert_not_reached ();
    }
  g_free (path);
  return img;
}

/* One successful call's returns. */
typedef struct
{
  double *inertias;
  int count;
  int suggested;
} Elbow;

/* Reads a successful call: K values, a 960 x 600 RGB plot of one layer, one new image, and the
 * source image untouched (not dirty, one layer). */
static Elbow
elbow_read (const E2eRun *run, const char *key, int k_min, int k_max)
{
  Elbow e = { 0 };
  if (get_int (run, key, "ok") != 1)
    {
      g_test_message ("%s failed: %s", key, get_text (run, key, "error"));
      g_assert_not_reached ();
    }
  int n = 0;
  char *full = g_strconcat (key, ".2", NULL);
  e.inertias = e2e_run_get_doubles (run, full, &n);
  g_free (full);
  e.count = (int) get_int (run, key, "1");
  g_assert_cmpint (e.count, ==, k_max - k_min + 1);
  g_assert_cmpint (n, ==, e.count);
  e.suggested = (int) get_int (run, key, "3");
  g_assert_cmpint (e.suggested, >=, k_min);
  g_assert_cmpint (e.suggested, <=, k_max);
  g_assert_cmpint (get_int (run, key, "width"), ==, 960);
  g_assert_cmpint (get_int (run, key, "height"), ==, 600);
  g_assert_cmpint (get_int (run, key, "plot-layers"), ==, 1);
  g_assert_cmpint (get_int (run, key, "base-type"), ==, 0);
  g_assert_cmpint (get_int (run, key, "new-images"), ==, 1);
  g_assert_cmpint (get_int (run, key, "dirty"), ==, 0);
  g_assert_cmpint (get_int (run, key, "layers"), ==, 1);
  for (int i = 0; i < e.count; i++)
    {
      g_assert_true (isfinite (e.inertias[i]));
      g_assert_cmpfloat (e.inertias[i], >=, 0);
    }
  return e;
}

/* More clusters never fit much worse: k-means may end a little higher at K + 1 than at K (a
 * local minimum, or a sample), so allow 2%. */
static void
assert_non_increasing (const Elbow *e, const char *what)
{
  for (int i = 1; i < e->count; i++)
    if (e->inertias[i] > e->inertias[i - 1] * 1.02 + 1e-9)
      {
        g_test_message ("%s: inertia %d is %g, above %g before it", what, i, e->inertias[i],
                        e->inertias[i - 1]);
        g_assert_not_reached ();
      }
}

/* Sum of squared R'G'B' distances of the analysed pixels (alpha > 0, inside the box when w > 0)
 * to their mean: the inertia of K = 1 fitted exactly; *n receives their count. */
static double
direct_sum_of_squares (const E2eImage *img, int bx, int by, int bw, int bh, size_t *n)
{
  double mean[3] = { 0, 0, 0 }, sum = 0;
  *n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int y = 0; y < img->height; y++)
      for (int x = 0; x < img->width; x++)
        {
          const float *p = e2e_image_pixel (img, x, y);
          if (p[3] <= 0 || (bw > 0 && (x < bx || x >= bx + bw || y < by || y >= by + bh)))
            continue;
          for (int c = 0; c < 3; c++)
            if (pass == 0)
              mean[c] += p[c];
            else
              sum += (p[c] - mean[c] / *n) * (p[c] - mean[c] / *n);
          *n += pass == 0;
        }
  return sum;
}

static void
assert_close (double got, double want, double rel, const char *what)
{
  g_test_message ("%s: %.10g, expected %.10g", what, got, want);
  g_assert_cmpfloat (fabs (got - want), <=, rel * fabs (want) + 1e-9);
}

/* Every channel equal. */
static void
assert_same_image (const E2eImage *a, const E2eImage *b, const char *what)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  size_t n = (size_t) a->width * a->height * 4, differ = 0;
  for (size_t i = 0; i < n; i++)
    differ += a->rgba[i] != b->rgba[i];
  if (differ)
    g_test_message ("%s: %zu channel values differ", what, differ);
  g_assert_cmpuint (differ, ==, 0);
}

/* Pixels within tol of colour in every channel. */
static size_t
count_colour (const E2eImage *img, const double *colour, double tol)
{
  size_t n = 0;
  for (size_t i = 0; i < (size_t) img->width * img->height; i++)
    {
      const float *p = img->rgba + 4 * i;
      n += fabs (p[0] - colour[0]) < tol && fabs (p[1] - colour[1]) < tol
           && fabs (p[2] - colour[2]) < tol;
    }
  return n;
}

static void
assert_no_trouble (const E2eRun *run)
{
  g_assert_null (strstr (run->stderr_text, "GeglBuffers leaked"));
  g_assert_null (strstr (run->stderr_text, "CRITICAL"));
  g_assert_null (strstr (run->stderr_text, "crashed"));
}

/* Four colours: suggested 4 with the exact fit and the course's sample, the inertia of K = 1 is
 * the sum of squares of the analysed pixels (transparent ones left out), the elbow sits at the
 * noise; a selection of two quadrants suggests 2; the same seed repeats bit for bit. */
static void
test_synthetic (void)
{
  char *body = script ("(define img (load-clean synthetic))\n"
                       "(define src (layer-of img))\n"
                       "(mc-save-png img src \"source.png\")\n"
                       "(elbow \"exact\" img src RUN-NONINTERACTIVE 1 10 1.0 0 \"exact.png\")\n"
                       "(elbow \"course\" img src RUN-NONINTERACTIVE 1 10 0.05 0 \"course.png\")\n"
                       "(elbow \"again\" img src RUN-NONINTERACTIVE 1 10 0.05 0 \"again.png\")\n"
                       "(elbow \"seed1\" img src RUN-NONINTERACTIVE 1 10 0.05 1 #f)\n"
                       "(elbow \"from3\" img src RUN-NONINTERACTIVE 3 12 0.2 0 #f)\n"
                       "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 160 60)\n"
                       "(gimp-image-clean-all img)\n"
                       "(elbow \"top\" img src RUN-NONINTERACTIVE 1 8 1.0 0 \"top.png\")\n"
                       "(gimp-selection-none img)\n"
                       "(gimp-image-clean-all img)\n"
                       "(mc-save-png img src \"source-after.png\")\n");
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  E2eImage src = load_saved (&run, "source.png");

  Elbow exact = elbow_read (&run, "exact", 1, 10);
  assert_non_increasing (&exact, "exact");
  g_assert_cmpint (exact.suggested, ==, 4);
  size_t n = 0;
  double total = direct_sum_of_squares (&src, 0, 0, 0, 0, &n);
  g_assert_cmpuint (n, <, (size_t) SYN_WIDTH * SYN_HEIGHT); /* some pixels are transparent */
  assert_close (exact.inertias[0], total, 1e-5, "K=1 inertia, whole image");
  /* At K = 4 what is left is the noise: about 3 sigma^2 per pixel (clamping trims a little). */
  double noise = 3 * SYN_NOISE * SYN_NOISE * n;
  g_assert_cmpfloat (exact.inertias[3], >, 0.8 * noise);
  g_assert_cmpfloat (exact.inertias[3], <, 1.2 * noise);
  g_assert_cmpfloat (exact.inertias[2], >, 5 * noise); /* three centres cannot cover four colours */

  Elbow course = elbow_read (&run, "course", 1, 10);
  assert_non_increasing (&course, "course");
  g_assert_cmpint (course.suggested, ==, 4);
  /* Inertia is always measured over every analysed pixel, so a sampled fit is not below the
   * exact one by more than the exact fit's own tolerance, and close to it. */
  assert_close (course.inertias[0], total, 0.01, "K=1 inertia with a 5% sample");
  assert_close (course.inertias[3], exact.inertias[3], 0.05, "K=4 inertia with a 5% sample");

  /* The same seed: the same inertias (as printed, 10 digits) and the same plot, bit for bit. */
  g_assert_cmpstr (e2e_run_get (&run, "again.2"), ==, e2e_run_get (&run, "course.2"));
  g_assert_cmpstr (e2e_run_get (&run, "again.3"), ==, e2e_run_get (&run, "course.3"));
  E2eImage plot_course = load_saved (&run, "course.png");
  E2eImage plot_again = load_saved (&run, "again.png");
  assert_same_image (&plot_course, &plot_again, "the same seed's plot");
  /* Another seed draws another sample: the inertias move. */
  g_assert_cmpstr (e2e_run_get (&run, "seed1.2"), !=, e2e_run_get (&run, "course.2"));
  Elbow seed1 = elbow_read (&run, "seed1", 1, 10);
  g_assert_cmpint (seed1.suggested, ==, 4);

  /* A range that does not start at 1: values for K = 3..12, elbow still at 4. */
  Elbow from3 = elbow_read (&run, "from3", 3, 12);
  assert_non_increasing (&from3, "from3");
  g_assert_cmpint (from3.suggested, ==, 4);

  /* Only the selected top half (skin and brown) is analysed. */
  Elbow top = elbow_read (&run, "top", 1, 8);
  assert_non_increasing (&top, "top");
  g_assert_cmpint (top.suggested, ==, 2);
  size_t n_top = 0;
  assert_close (top.inertias[0], direct_sum_of_squares (&src, 0, 0, 160, 60, &n_top), 1e-5,
                "K=1 inertia, top half selected");

  /* The plot: the suggestion drawn in the accent red; the plots of two ranges differ. */
  E2eImage plot_exact = load_saved (&run, "exact.png"), plot_top = load_saved (&run, "top.png");
  static const double accent[3] = { 0.84, 0.19, 0.15 };
  g_assert_cmpuint (count_colour (&plot_exact, accent, 0.03), >, 150);
  g_assert_cmpuint (count_colour (&plot_top, accent, 0.03), >, 150);

  /* The source never changes. */
  E2eImage after = load_saved (&run, "source-after.png");
  assert_same_image (&src, &after, "the source layer");

  E2eImage *images[] = { &plot_course, &plot_again, &plot_exact, &plot_top, &after };
  for (size_t i = 0; i < G_N_ELEMENTS (images); i++)
    e2e_image_clear (images[i]);
  Elbow *all[] = { &exact, &course, &seed1, &from3, &top };
  for (size_t i = 0; i < G_N_ELEMENTS (all); i++)
    g_free (all[i]->inertias);
  e2e_image_clear (&src);
  e2e_run_clear (&run);
}

/* Bad parameters are refused with a message that names the parameter, the value and what is
 * accepted; no image is made and the source is unchanged. */
static void
test_bad_parameters (void)
{
  static const struct
  {
    const char *key, *args, *words[3];
  } cases[] = {
    { "kmin0", "0 10 0.05 0", { "k-min = 0", "1 <= k-min < k-max <= 256", NULL } },
    { "kmin-neg", "-3 10 0.05 0", { "k-min = -3", "1 <= k-min < k-max <= 256", NULL } },
    { "equal", "5 5 0.05 0", { "k-min = 5", "k-max = 5", "1 <= k-min < k-max <= 256" } },
    { "reversed", "7 3 0.05 0", { "k-min = 7", "k-max = 3", "1 <= k-min < k-max <= 256" } },
    { "kmax257", "1 257 0.05 0", { "k-max = 257", "1 <= k-min < k-max <= 256", NULL } },
    { "fraction0", "1 10 0 0", { "sample-fraction = 0", "0 < f <= 1", NULL } },
    { "fraction1.5", "1 10 1.5 0", { "sample-fraction = 1.5", "0 < f <= 1", NULL } },
  };
  GString *body = g_string_new ("(define img (load-clean synthetic))\n"
                                "(define src (layer-of img))\n"
                                "(mc-save-png img src \"source.png\")\n");
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (body, "(elbow \"%s\" img src RUN-NONINTERACTIVE %s #f)\n",
                            cases[i].key, cases[i].args);
  g_string_append (body,
                   "(mc-save-png img src \"source-after.png\")\n"
                   "(define indexed (load-clean synthetic))\n"
                   "(gimp-image-convert-indexed indexed CONVERT-DITHER-NONE "
                   "CONVERT-PALETTE-GENERATE 16 0 0 \"\")\n"
                   "(gimp-image-clean-all indexed)\n"
                   "(elbow \"indexed\" indexed (layer-of indexed) RUN-NONINTERACTIVE 1 10 0.05 0 "
                   "#f)\n");
  char *full = script (body->str);
  g_string_free (body, TRUE);
  E2eRun run;
  e2e_run_script (full, &run);
  g_free (full);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *key = cases[i].key, *error = get_text (&run, key, "error");
      g_assert_cmpint (get_int (&run, key, "ok"), ==, 0);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", key, error);
      g_assert_nonnull (strstr (error, "plug-in-medclust-elbow"));
      for (int w = 0; w < 3 && cases[i].words[w]; w++)
        g_assert_nonnull (strstr (error, cases[i].words[w]));
      g_assert_cmpint (get_int (&run, key, "new-images"), ==, 0);
      g_assert_cmpint (get_int (&run, key, "dirty"), ==, 0);
      g_assert_cmpint (get_int (&run, key, "layers"), ==, 1);
    }
  const char *error = get_text (&run, "indexed", "error");
  g_assert_cmpint (get_int (&run, "indexed", "ok"), ==, 0);
  g_test_message ("indexed: %s", error);
  g_assert_nonnull (strstr (error, "indexed"));
  g_assert_nonnull (strstr (error, "RGB"));
  g_assert_cmpint (get_int (&run, "indexed", "new-images"), ==, 0);
  g_assert_cmpint (get_int (&run, "indexed", "dirty"), ==, 0);
  E2eImage src = load_saved (&run, "source.png"), after = load_saved (&run, "source-after.png");
  assert_same_image (&src, &after, "the source after refused calls");
  e2e_image_clear (&src);
  e2e_image_clear (&after);
  e2e_run_clear (&run);
}

/* Every precision GIMP 2.10 offers, and grey: the same answer up to the storage's rounding. */
static void
test_precisions (void)
{
  static const struct
  {
    const char *name;
    double rel; /* inertia tolerance: linear 8-bit is coarse in the dark, half has 11 bits */
  } precisions[] = { { "U8-LINEAR", 0.02 },   { "U16-GAMMA", 1e-6 },  { "U32-GAMMA", 1e-6 },
                     { "HALF-GAMMA", 0.002 }, { "FLOAT-GAMMA", 1e-6 }, { "FLOAT-LINEAR", 1e-6 } };
  GString *body = g_string_new ("(define base (load-clean synthetic))\n"
                                "(define (at-precision key precision)\n"
                                "  (let* ((img (car (gimp-image-duplicate base)))\n"
                                "         (drw (layer-of img)))\n"
                                "    (if precision (gimp-image-convert-precision img precision))\n"
                                "    (gimp-image-clean-all img)\n"
                                "    (elbow key img drw RUN-NONINTERACTIVE 1 8 1.0 3 #f)))\n"
                                "(at-precision \"U8-GAMMA\" #f)\n");
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    g_string_append_printf (body, "(at-precision \"%s\" PRECISION-%s)\n", precisions[i].name,
                            precisions[i].name);
  g_string_append (body, "(define grey (car (gimp-image-duplicate base)))\n"
                         "(gimp-image-convert-grayscale grey)\n"
                         "(gimp-image-clean-all grey)\n"
                         "(elbow \"grey\" grey (layer-of grey) RUN-NONINTERACTIVE 1 8 1.0 3 #f)\n");
  char *full = script (body->str);
  g_string_free (body, TRUE);
  E2eRun run;
  e2e_run_script (full, &run);
  g_free (full);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  Elbow base = elbow_read (&run, "U8-GAMMA", 1, 8);
  g_assert_cmpint (base.suggested, ==, 4);
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      Elbow e = elbow_read (&run, precisions[i].name, 1, 8);
      g_assert_cmpint (e.suggested, ==, 4);
      /* K = 1 (the sum of squares) and K = 4 (one centre per colour) have one clear optimum;
         at K = 2 and 3 which colours share a centre may change with the storage's rounding,
         and past 4 the fits split noise. */
      assert_close (e.inertias[0], base.inertias[0], precisions[i].rel, precisions[i].name);
      assert_close (e.inertias[3], base.inertias[3], precisions[i].rel, precisions[i].name);
      g_free (e.inertias);
    }
  /* Grey: one channel's worth of variation (R' = G' = B'), less than the colours' spread. */
  Elbow grey = elbow_read (&run, "grey", 1, 8);
  assert_non_increasing (&grey, "grey");
  g_assert_cmpfloat (grey.inertias[0], <, base.inertias[0]);
  g_assert_cmpfloat (grey.inertias[0], >, 0);
  g_free (grey.inertias);
  g_free (base.inertias);
  e2e_run_clear (&run);
}

/* RUN-INTERACTIVE without a display runs with the values given; RUN-WITH-LAST-VALS repeats the
 * last successful call's values, whatever is passed; more K than pixels is valid. */
static void
test_run_modes_and_tiny (void)
{
  char *body = script ("(define img (load-clean synthetic))\n"
                       "(define src (layer-of img))\n"
                       "(elbow \"plain\" img src RUN-NONINTERACTIVE 2 9 0.3 17 #f)\n"
                       "(elbow \"interactive\" img src RUN-INTERACTIVE 2 9 0.3 17 #f)\n"
                       "(elbow \"bad\" img src RUN-NONINTERACTIVE 0 9 0.3 17 #f)\n"
                       "(elbow \"last\" img src RUN-WITH-LAST-VALS 1 3 1.0 99 #f)\n"
                       "(define small (load-clean tiny))\n"
                       "(elbow \"tiny\" small (layer-of small) RUN-NONINTERACTIVE 1 20 1.0 0 "
                       "#f)\n");
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  Elbow plain = elbow_read (&run, "plain", 2, 9);
  Elbow interactive = elbow_read (&run, "interactive", 2, 9);
  g_assert_cmpstr (e2e_run_get (&run, "interactive.2"), ==, e2e_run_get (&run, "plain.2"));
  g_assert_nonnull (strstr (run.stderr_text, "no display"));
  /* The refused call leaves the last values alone. */
  g_assert_cmpint (get_int (&run, "bad", "ok"), ==, 0);
  Elbow last = elbow_read (&run, "last", 2, 9);
  g_assert_cmpstr (e2e_run_get (&run, "last.2"), ==, e2e_run_get (&run, "plain.2"));
  g_assert_cmpint (last.suggested, ==, plain.suggested);
  /* 16 pixels of two colours, K up to 20: exact fits from K = 2 on, and K = 2 suggested. */
  Elbow tiny = elbow_read (&run, "tiny", 1, 20);
  g_assert_cmpfloat (tiny.inertias[0], >, 0.5);
  for (int i = 1; i < tiny.count; i++)
    g_assert_cmpfloat (tiny.inertias[i], <, 1e-9);
  g_assert_cmpint (tiny.suggested, ==, 2);
  Elbow *all[] = { &plain, &interactive, &last, &tiny };
  for (size_t i = 0; i < G_N_ELEMENTS (all); i++)
    g_free (all[i]->inertias);
  e2e_run_clear (&run);
}

/* A real 600x450 dermoscopy image with the course's settings, and the exact fit's K = 1. */
static void
test_dermoscopy (void)
{
  char **images = e2e_data_images (600, 450);
  if (!images)
    return;
  if (!images[0])
    {
      g_test_skip ("the data folder has no 600x450 image");
      g_strfreev (images);
      return;
    }
  char *path = e2e_scm_string (images[0]);
  char *body_text = g_strdup_printf (
    "(define img (mc-load-image %s))\n"
    "(gimp-image-clean-all img)\n"
    "(define src (layer-of img))\n"
    "(mc-save-png img src \"source.png\")\n"
    "(elbow \"course\" img src RUN-NONINTERACTIVE 1 10 0.05 0 \"dermoscopy-elbow.png\")\n"
    "(elbow \"exact\" img src RUN-NONINTERACTIVE 1 4 1.0 0 #f)\n",
    path);
  char *body = script (body_text);
  g_free (body_text);
  g_free (path);
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  Elbow course = elbow_read (&run, "course", 1, 10);
  assert_non_increasing (&course, "dermoscopy");
  /* Skin, lesion and the dark rim, maybe a lighter and darker lesion part: no tiny or huge K. */
  g_test_message ("dermoscopy: suggested K = %d", course.suggested);
  g_assert_cmpint (course.suggested, >=, 2);
  g_assert_cmpint (course.suggested, <=, 6);
  g_assert_cmpfloat (course.inertias[9], <, 0.2 * course.inertias[0]);
  Elbow exact = elbow_read (&run, "exact", 1, 4);
  E2eImage src = load_saved (&run, "source.png");
  size_t n = 0;
  assert_close (exact.inertias[0], direct_sum_of_squares (&src, 0, 0, 0, 0, &n), 1e-5,
                "dermoscopy K=1 inertia");
  g_assert_cmpuint (n, ==, 600 * 450);
  e2e_image_clear (&src);
  g_free (course.inertias);
  g_free (exact.inertias);
  g_strfreev (images);
  e2e_run_clear (&run);
}

/* The drawable rule and K above the distinct colours (issue 9): groups, channels and layer masks
 * are refused and change nothing; k-max = 5 on three colours still gives every inertia (0 from
 * K = 3 on), with a warning on the log. */
static const char DRAWABLES_SCM[]
  = "(define fx (mc-drawables-fixture))\n"
    "(define img (list-ref fx 0))\n"
    "(define (el key d kmax)\n"
    "  (mc-report key (lambda () (plug-in-medclust-elbow RUN-NONINTERACTIVE img d 1 kmax 1.0 0))))\n"
    "(mc-fixture-state \"before\" fx)\n"
    "(el \"group\" (list-ref fx 2) 4)\n"
    "(el \"channel\" (list-ref fx 4) 4)\n"
    "(el \"mask\" (list-ref fx 6) 4)\n"
    "(mc-fixture-state \"after\" fx)\n"
    "(el \"k5\" (list-ref fx 1) 5)\n";

static void
test_drawables_and_few_colours (void)
{
  E2eRun run;
  e2e_run_script (DRAWABLES_SCM, &run);
  e2e_assert_ok (&run);
  e2e_assert_refused (&run, "group", "is a layer group; choose a layer inside it");
  e2e_assert_refused (&run, "channel", "is a channel; these procedures work on layers");
  e2e_assert_refused (&run, "mask", "is a layer mask; these procedures work on layers");
  e2e_assert_fixture_unchanged (&run, "before", "after");
  g_assert_cmpint (e2e_run_get_int (&run, "k5.ok"), ==, 1);
  int n = 0;
  double *inertias = e2e_run_get_doubles (&run, "k5.2", &n);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpfloat (inertias[4], <, 1e-9);
  g_free (inertias);
  g_assert_nonnull (strstr (run.stderr_text, "k-max = 5 but the analysed pixels have only 3 "
                                             "distinct colours"));
  e2e_assert_no_leaks (&run);
  e2e_run_clear (&run);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/elbow/synthetic", test_synthetic);
  g_test_add_func ("/elbow/bad-parameters", test_bad_parameters);
  g_test_add_func ("/elbow/precisions", test_precisions);
  g_test_add_func ("/elbow/run-modes-and-tiny", test_run_modes_and_tiny);
  g_test_add_func ("/elbow/dermoscopy", test_dermoscopy);
  g_test_add_func ("/elbow/drawables-and-few-colours", test_drawables_and_few_colours);
  return e2e_finish (g_test_run ());
}
