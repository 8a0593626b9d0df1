/* test_e2e_scatter.c: plug-in-medclust-scatter end to end. Script-Fu calls the procedure in a
 * headless GIMP on a synthetic image of four flat, saturated colours plus noise (quadrants, with
 * transparent pixels hiding magenta) and on a 600x450 dermoscopy image, saves the plots, and the
 * checks here read them back: the plot is a new 1548 x 600 RGB image of one layer; the colours of
 * the analysed pixels appear in it and colours outside the selection or under alpha 0 do not;
 * centres are marked only when asked; a larger sample draws more dots; the same seed gives the
 * same plot; bad parameters are refused with a message naming them; the source never changes. */
#include "harness.h"

#include <math.h>
#include <string.h>

#define PLOT_WIDTH 1548
#define PLOT_HEIGHT 600

/* The synthetic image (as in test_e2e_elbow.c): four colours far apart and far from grey, so
 * that their dots are told apart from the plot's neutral frame, text and grid. */
#define SYN_WIDTH 160
#define SYN_HEIGHT 120
#define SYN_NOISE 0.02
static const double syn_colours[4][3] = {
  { 0.90, 0.60, 0.45 }, /* top left: skin */
  { 0.50, 0.25, 0.10 }, /* top right: lesion brown */
  { 0.20, 0.35, 0.80 }, /* bottom left: blue */
  { 0.25, 0.70, 0.25 }, /* bottom right: green */
};
static const double syn_hidden[3] = { 1.0, 0.0, 1.0 }; /* magenta under alpha 0 */

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
  return 1.0;
}

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
  char *path = g_build_filename (e2e_tmp_dir (), "scatter-synthetic.png", NULL);
  g_assert_true (e2e_image_save_png (&img, path, 8));
  e2e_image_clear (&img);
  quoted = e2e_scm_string (path);
  g_free (path);
  return quoted;
}

/* Script-Fu that calls the procedure and reports under KEY: the plot's ID (KEY.0), size, layers
 * and type, how many images the call added, the source image's state; with a save name the plot
 * is saved. */
static const char scatter_scm[]
  = "(define (scatter key img drw run-mode f k seed save)\n"
    "  (let* ((before (car (gimp-image-list)))\n"
    "         (r (mc-report key (lambda ()\n"
    "              (plug-in-medclust-scatter run-mode img drw f k seed)))))\n"
    "    (if r\n"
    "        (let ((plot (car r)))\n"
    "          (mc-out (string-append key \".width\") (car (gimp-image-width plot)))\n"
    "          (mc-out (string-append key \".height\") (car (gimp-image-height plot)))\n"
    "          (mc-out (string-append key \".plot-layers\") (mc-layer-count plot))\n"
    "          (mc-out (string-append key \".base-type\") (car (gimp-image-base-type plot)))\n"
    "          (if save (mc-save-png plot (car (gimp-image-get-active-layer plot)) save))\n"
    "          (gimp-image-delete plot)))\n"
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
  return g_strdup_printf ("%s(define synthetic %s)\n%s", scatter_scm, synthetic_png (), body);
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

/* A successful call: a new 1548 x 600 RGB image of one layer (the script deletes it after saving,
 * so it counts as 0 new images at the end), the source image untouched. */
static void
assert_plotted (const E2eRun *run, const char *key)
{
  if (get_int (run, key, "ok") != 1)
    {
      g_test_message ("%s failed: %s", key, get_text (run, key, "error"));
      g_assert_not_reached ();
    }
  g_assert_cmpint (get_int (run, key, "0"), >, 0);
  g_assert_cmpint (get_int (run, key, "width"), ==, PLOT_WIDTH);
  g_assert_cmpint (get_int (run, key, "height"), ==, PLOT_HEIGHT);
  g_assert_cmpint (get_int (run, key, "plot-layers"), ==, 1);
  g_assert_cmpint (get_int (run, key, "base-type"), ==, 0);
  g_assert_cmpint (get_int (run, key, "new-images"), ==, 0);
  g_assert_cmpint (get_int (run, key, "dirty"), ==, 0);
  g_assert_cmpint (get_int (run, key, "layers"), ==, 1);
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

/* Pixels of clear colour (channels spread by more than 0.08): dots, since the frame, grid and
 * text of the plot are grey. */
static size_t
count_chromatic (const E2eImage *img)
{
  size_t n = 0;
  for (size_t i = 0; i < (size_t) img->width * img->height; i++)
    {
      const float *p = img->rgba + 4 * i;
      n += MAX (p[0], MAX (p[1], p[2])) - MIN (p[0], MIN (p[1], p[2])) > 0.08;
    }
  return n;
}

/* Pure black pixels: only the rings of the centre markers are drawn in pure black. */
static size_t
count_black (const E2eImage *img)
{
  static const double black[3] = { 0, 0, 0 };
  return count_colour (img, black, 0.02);
}

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

static double
mean_abs_difference (const E2eImage *a, const E2eImage *b)
{
  size_t n = (size_t) a->width * a->height * 4;
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += fabs (a->rgba[i] - b->rgba[i]);
  return sum / n;
}

static void
assert_no_trouble (const E2eRun *run)
{
  g_assert_null (strstr (run->stderr_text, "GeglBuffers leaked"));
  g_assert_null (strstr (run->stderr_text, "CRITICAL"));
  g_assert_null (strstr (run->stderr_text, "crashed"));
}

/* The four colours show, the hidden one does not; centres are marked only with n-clusters > 0;
 * a larger sample draws more; the same seed draws the same plot, another seed another; a
 * selection shows only its colours; the source never changes. */
static void
test_synthetic (void)
{
  char *body = script ("(define img (load-clean synthetic))\n"
                       "(define src (layer-of img))\n"
                       "(mc-save-png img src \"source.png\")\n"
                       "(scatter \"full\" img src RUN-NONINTERACTIVE 1.0 0 0 \"full.png\")\n"
                       "(scatter \"k4\" img src RUN-NONINTERACTIVE 1.0 4 0 \"k4.png\")\n"
                       "(scatter \"small\" img src RUN-NONINTERACTIVE 0.02 0 0 \"small.png\")\n"
                       "(scatter \"a\" img src RUN-NONINTERACTIVE 0.3 3 5 \"a.png\")\n"
                       "(scatter \"b\" img src RUN-NONINTERACTIVE 0.3 3 5 \"b.png\")\n"
                       "(scatter \"c\" img src RUN-NONINTERACTIVE 0.3 3 6 \"c.png\")\n"
                       "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 0 0 160 60)\n"
                       "(gimp-image-clean-all img)\n"
                       "(scatter \"top\" img src RUN-NONINTERACTIVE 1.0 0 0 \"top.png\")\n"
                       "(scatter \"top-k2\" img src RUN-NONINTERACTIVE 1.0 2 0 #f)\n"
                       "(gimp-selection-none img)\n"
                       "(gimp-image-clean-all img)\n"
                       "(mc-save-png img src \"source-after.png\")\n");
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  const char *keys[] = { "full", "k4", "small", "a", "b", "c", "top", "top-k2" };
  for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
    assert_plotted (&run, keys[i]);

  /* Every colour is drawn (each dense cluster shows its own colour in many pixels); the colour
   * under alpha 0 never is. */
  E2eImage full = load_saved (&run, "full.png");
  for (int c = 0; c < 4; c++)
    {
      size_t n = count_colour (&full, syn_colours[c], 0.06);
      g_test_message ("full: %zu pixels near colour %d", n, c);
      g_assert_cmpuint (n, >, 300);
    }
  g_assert_cmpuint (count_colour (&full, syn_hidden, 0.25), ==, 0);
  g_assert_cmpuint (count_black (&full), ==, 0);

  /* Centres marked: black rings (3 panels x 4 centres), and the dots still there. */
  E2eImage k4 = load_saved (&run, "k4.png");
  size_t black = count_black (&k4);
  g_test_message ("k4: %zu black pixels", black);
  g_assert_cmpuint (black, >, 12 * 20);
  g_assert_cmpuint (count_colour (&k4, syn_hidden, 0.25), ==, 0);

  /* 2% of the pixels draw fewer coloured pixels than all of them. */
  E2eImage small = load_saved (&run, "small.png");
  size_t dots_full = count_chromatic (&full), dots_small = count_chromatic (&small);
  g_test_message ("coloured pixels: %zu with every pixel, %zu with 2%%", dots_full, dots_small);
  g_assert_cmpuint (dots_small, >, 0);
  g_assert_cmpuint (dots_full, >, 2 * dots_small);

  /* The same seed: the same plot, bit for bit; another seed draws another sample. */
  E2eImage a = load_saved (&run, "a.png"), b = load_saved (&run, "b.png"),
           c = load_saved (&run, "c.png");
  assert_same_image (&a, &b, "the same seed's plot");
  g_assert_cmpfloat (mean_abs_difference (&a, &c), >, 0);

  /* The top half selected: skin and brown only. */
  E2eImage top = load_saved (&run, "top.png");
  g_assert_cmpuint (count_colour (&top, syn_colours[0], 0.06), >, 300);
  g_assert_cmpuint (count_colour (&top, syn_colours[1], 0.06), >, 300);
  g_assert_cmpuint (count_colour (&top, syn_colours[2], 0.15), ==, 0);
  g_assert_cmpuint (count_colour (&top, syn_colours[3], 0.15), ==, 0);

  E2eImage src = load_saved (&run, "source.png"), after = load_saved (&run, "source-after.png");
  assert_same_image (&src, &after, "the source layer");
  E2eImage *images[] = { &full, &k4, &small, &a, &b, &c, &top, &src, &after };
  for (size_t i = 0; i < G_N_ELEMENTS (images); i++)
    e2e_image_clear (images[i]);
  e2e_run_clear (&run);
}

/* Bad parameters are refused with a message that names the parameter, the value and what is
 * accepted; no image is made and the source is unchanged. */
static void
test_bad_parameters (void)
{
  static const struct
  {
    const char *key, *args, *words[2];
  } cases[] = {
    { "fraction0", "0 5 0", { "sample-fraction = 0", "0 < f <= 1" } },
    { "fraction-neg", "-0.5 5 0", { "sample-fraction = -0.5", "0 < f <= 1" } },
    { "fraction1.5", "1.5 5 0", { "sample-fraction = 1.5", "0 < f <= 1" } },
    { "k300", "0.05 300 0", { "n-clusters = 300", "0 (no clustering) or 1..256" } },
    { "k-neg", "0.05 -1 0", { "n-clusters = -1", "0 (no clustering) or 1..256" } },
  };
  GString *body = g_string_new ("(define img (load-clean synthetic))\n"
                                "(define src (layer-of img))\n"
                                "(mc-save-png img src \"source.png\")\n");
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (body, "(scatter \"%s\" img src RUN-NONINTERACTIVE %s #f)\n",
                            cases[i].key, cases[i].args);
  g_string_append (body, "(mc-save-png img src \"source-after.png\")\n"
                         "(define indexed (load-clean synthetic))\n"
                         "(gimp-image-convert-indexed indexed CONVERT-DITHER-NONE "
                         "CONVERT-PALETTE-GENERATE 16 0 0 \"\")\n"
                         "(gimp-image-clean-all indexed)\n"
                         "(scatter \"indexed\" indexed (layer-of indexed) RUN-NONINTERACTIVE "
                         "0.05 5 0 #f)\n");
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
      g_assert_nonnull (strstr (error, "plug-in-medclust-scatter"));
      g_assert_nonnull (strstr (error, cases[i].words[0]));
      g_assert_nonnull (strstr (error, cases[i].words[1]));
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

/* Every precision GIMP 2.10 offers gives (nearly) the plot of the 8-bit image; grey pixels give
 * grey dots on the diagonal, no coloured ones. RUN-INTERACTIVE without a display and
 * RUN-WITH-LAST-VALS give the plot of the values given last. */
static void
test_precisions_and_run_modes (void)
{
  static const struct
  {
    const char *name;
    double tol; /* mean absolute difference from the 8-bit plot */
  } precisions[] = { { "U8-LINEAR", 0.006 },  { "U16-GAMMA", 1e-4 },  { "U32-GAMMA", 1e-4 },
                     { "HALF-GAMMA", 0.001 }, { "FLOAT-GAMMA", 1e-4 }, { "FLOAT-LINEAR", 1e-4 } };
  GString *body = g_string_new (
    "(define base (load-clean synthetic))\n"
    "(define (at-precision key precision)\n"
    "  (let* ((img (car (gimp-image-duplicate base))) (drw (layer-of img)))\n"
    "    (if precision (gimp-image-convert-precision img precision))\n"
    "    (gimp-image-clean-all img)\n"
    "    (scatter key img drw RUN-NONINTERACTIVE 0.5 3 2 (string-append key \".png\"))\n"
    "    (gimp-image-delete img)))\n"
    "(at-precision \"U8-GAMMA\" #f)\n");
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    g_string_append_printf (body, "(at-precision \"%s\" PRECISION-%s)\n", precisions[i].name,
                            precisions[i].name);
  g_string_append (
    body, "(define grey (car (gimp-image-duplicate base)))\n"
          "(gimp-image-convert-grayscale grey)\n"
          "(gimp-image-clean-all grey)\n"
          "(scatter \"grey\" grey (layer-of grey) RUN-NONINTERACTIVE 1.0 0 0 \"grey.png\")\n"
          "(scatter \"interactive\" base (layer-of base) RUN-INTERACTIVE 0.4 2 8 \"inter.png\")\n"
          "(scatter \"last\" base (layer-of base) RUN-WITH-LAST-VALS 1.0 0 1 \"last.png\")\n"
          "(scatter \"plain\" base (layer-of base) RUN-NONINTERACTIVE 0.4 2 8 \"plain.png\")\n");
  char *full = script (body->str);
  g_string_free (body, TRUE);
  E2eRun run;
  e2e_run_script (full, &run);
  g_free (full);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  assert_plotted (&run, "U8-GAMMA");
  E2eImage base = load_saved (&run, "U8-GAMMA.png");
  for (size_t i = 0; i < G_N_ELEMENTS (precisions); i++)
    {
      assert_plotted (&run, precisions[i].name);
      char *name = g_strconcat (precisions[i].name, ".png", NULL);
      E2eImage plot = load_saved (&run, name);
      g_free (name);
      double d = mean_abs_difference (&plot, &base);
      g_test_message ("%s: mean difference from the 8-bit plot %g", precisions[i].name, d);
      g_assert_cmpfloat (d, <=, precisions[i].tol);
      e2e_image_clear (&plot);
    }
  assert_plotted (&run, "grey");
  E2eImage grey = load_saved (&run, "grey.png");
  g_assert_cmpuint (count_chromatic (&grey), <, 20);
  g_assert_cmpuint (count_chromatic (&base), >, 3000);

  E2eImage inter = load_saved (&run, "inter.png"), last = load_saved (&run, "last.png"),
           plain = load_saved (&run, "plain.png");
  assert_plotted (&run, "interactive");
  assert_plotted (&run, "last");
  g_assert_nonnull (strstr (run.stderr_text, "no display"));
  assert_same_image (&inter, &plain, "interactive without a display");
  assert_same_image (&last, &plain, "the last values");
  E2eImage *images[] = { &base, &grey, &inter, &last, &plain };
  for (size_t i = 0; i < G_N_ELEMENTS (images); i++)
    e2e_image_clear (images[i]);
  e2e_run_clear (&run);
}

/* A real 600x450 dermoscopy image with the course's settings. */
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
    "(scatter \"course\" img src RUN-NONINTERACTIVE 0.05 5 0 \"dermoscopy-scatter.png\")\n",
    path);
  char *body = script (body_text);
  g_free (body_text);
  g_free (path);
  E2eRun run;
  e2e_run_script (body, &run);
  g_free (body);
  e2e_assert_ok (&run);
  assert_no_trouble (&run);
  assert_plotted (&run, "course");
  E2eImage plot = load_saved (&run, "dermoscopy-scatter.png");
  g_assert_cmpuint (count_chromatic (&plot), >, 2000);
  g_assert_cmpuint (count_black (&plot), >, 15 * 20);
  e2e_image_clear (&plot);
  g_strfreev (images);
  e2e_run_clear (&run);
}

/* The drawable rule and K above the distinct colours (issue 9): groups, channels and layer masks
 * are refused and change nothing; K = 5 on three colours still plots, with a warning on the
 * log (scatter returns only the plot, so the warning has no return of its own). */
static const char DRAWABLES_SCM[]
  = "(define fx (mc-drawables-fixture))\n"
    "(define img (list-ref fx 0))\n"
    "(define (sc key d k)\n"
    "  (mc-report key (lambda () (plug-in-medclust-scatter RUN-NONINTERACTIVE img d 1.0 k 0))))\n"
    "(mc-fixture-state \"before\" fx)\n"
    "(sc \"group\" (list-ref fx 2) 3)\n"
    "(sc \"channel\" (list-ref fx 4) 3)\n"
    "(sc \"mask\" (list-ref fx 6) 3)\n"
    "(mc-fixture-state \"after\" fx)\n"
    "(sc \"k5\" (list-ref fx 1) 5)\n";

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
  g_assert_nonnull (strstr (run.stderr_text, "n-clusters = 5 but the analysed pixels have only 3 "
                                             "distinct colours"));
  e2e_assert_no_leaks (&run);
  e2e_run_clear (&run);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/scatter/synthetic", test_synthetic);
  g_test_add_func ("/scatter/bad-parameters", test_bad_parameters);
  g_test_add_func ("/scatter/precisions-and-run-modes", test_precisions_and_run_modes);
  g_test_add_func ("/scatter/dermoscopy", test_dermoscopy);
  g_test_add_func ("/scatter/drawables-and-few-colours", test_drawables_and_few_colours);
  return e2e_finish (g_test_run ());
}
