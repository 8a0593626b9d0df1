/* test_e2e_augment.c: plug-in-medclust-augment end to end in a headless GIMP 2.10: the course's
 * recipe on a real image against the references of the course's Python, a random recipe on a
 * synthetic lesion with a "Lesion mask" channel (the masks must stay on the lesion, the same
 * seed must give the same layers), and the general rules: bad parameters change nothing, mix
 * finds its layer by name, the selection is ignored, alpha, grey and every precision work. */
#include "harness.h"

#include <math.h>
#include <string.h>

#define REFERENCE_ID "ISIC_0024311"

/* The course's reference outputs: ../shared/reference/augment beside the data folder. */
static const char *
reference_dir (void)
{
  static gchar *dir;
  if (!dir)
    {
      const char *data = e2e_data_dir ();
      dir = data ? g_build_filename (data, "..", "..", "reference", "augment", NULL)
                 : g_strdup ("/work/shared/reference/augment");
    }
  return dir;
}

/* Script-Fu shared by the tests: (aug-export img tag ids) prints, for the i-th new layer,
 * "<tag>.name<i>", ".size<i>" (w h), ".offsets<i>", ".alpha<i>", ".grey<i>", ".mask<i>" (1 when
 * it has a layer mask), ".apply<i>" (the mask's apply flag) and queues the layer as <tag>-<i>
 * and its mask as <tag>-<i>-mask for the harness's sheet (a 16-bit PNG, exact for 8- and
 * 16-bit values, read back with e2e_run_load_image). */
static const char EXPORT_SCM[]
  = "(define (aug-key tag what i) (string-append tag \".\" what (number->string i)))\n"
    "(define (aug-export img tag ids)\n"
    "  (let loop ((ids ids) (i 0))\n"
    "    (if (pair? ids)\n"
    "        (let* ((l (car ids)) (mask (car (gimp-layer-get-mask l))))\n"
    "          (mc-out (aug-key tag \"name\" i) (car (gimp-item-get-name l)))\n"
    "          (mc-out (aug-key tag \"size\" i) (car (gimp-drawable-width l))\n"
    "                  (car (gimp-drawable-height l)))\n"
    "          (mc-out (aug-key tag \"offsets\" i) (gimp-drawable-offsets l))\n"
    "          (mc-out (aug-key tag \"alpha\" i) (car (gimp-drawable-has-alpha l)))\n"
    "          (mc-out (aug-key tag \"grey\" i) (car (gimp-drawable-is-gray l)))\n"
    "          (mc-out (aug-key tag \"mask\" i) (if (= mask -1) 0 1))\n"
    "          (if (not (= mask -1))\n"
    "              (begin\n"
    "                (mc-out (aug-key tag \"apply\" i) (car (gimp-layer-get-apply-mask l)))\n"
    "                (mc-queue-png img mask (string-append tag \"-\" (number->string i)\n"
    "                                                      \"-mask\"))))\n"
    "          (mc-queue-png img l (string-append tag \"-\" (number->string i)))\n"
    "          (loop (cdr ids) (+ i 1))))))\n"
    "(define (aug-call key img d recipe repeats seed)\n"
    "  (mc-report key (lambda () (plug-in-medclust-augment RUN-NONINTERACTIVE img d recipe\n"
    "                                                       repeats seed))))\n"
    "(define (aug-ids result) (vector->list (cadr result)))\n";

/* Runs EXPORT_SCM followed by body. */
static void
run_with_export (const char *body, E2eRun *run)
{
  gchar *script = g_strconcat (EXPORT_SCM, body, NULL);
  e2e_run_script (script, run);
  g_free (script);
  e2e_assert_ok (run);
}

static E2eImage
load_or_fail (const char *path)
{
  E2eImage img = { 0 };
  if (!e2e_image_load (path, &img))
    g_error ("cannot read %s", path);
  return img;
}

/* A drawable the script queued under name. */
static E2eImage
load_run_image (E2eRun *run, const char *name)
{
  E2eImage img = { 0 };
  if (!e2e_run_load_image (run, name, &img))
    g_error ("the run has no image %s", name);
  return img;
}

static void
assert_size (const E2eRun *run, const char *tag, int i, int w, int h)
{
  gchar *key = g_strdup_printf ("%s.size%d", tag, i);
  int n = 0;
  double *v = e2e_run_get_doubles (run, key, &n);
  g_assert_cmpint (n, ==, 2);
  g_assert_cmpint ((int) v[0], ==, w);
  g_assert_cmpint ((int) v[1], ==, h);
  g_free (v);
  g_free (key);
}

static const char *
get_indexed (const E2eRun *run, const char *tag, const char *what, int i)
{
  gchar *key = g_strdup_printf ("%s.%s%d", tag, what, i);
  const char *v = e2e_run_get (run, key);
  g_assert_nonnull (v);
  g_free (key);
  return v;
}

/* The largest difference of R, G, B between two images of one size, and the mean. */
static double
max_rgb_difference (const E2eImage *a, const E2eImage *b, double *mean)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  double worst = 0, sum = 0;
  size_t n = (size_t) a->width * a->height;
  for (size_t i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      {
        double d = fabs ((double) a->rgba[4 * i + c] - b->rgba[4 * i + c]);
        worst = MAX (worst, d);
        sum += d;
      }
  if (mean)
    *mean = sum / (3.0 * n);
  return worst;
}

/* Number of channels whose values differ at the given bit depth (both rounded to it). */
static size_t
count_level_differences (const E2eImage *a, const E2eImage *b, int bits)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  double top = bits == 8 ? 255.0 : 65535.0;
  size_t n = (size_t) a->width * a->height, differ = 0;
  for (size_t i = 0; i < n; i++)
    for (int c = 0; c < 3; c++)
      differ += lround (a->rgba[4 * i + c] * top) != lround (b->rgba[4 * i + c] * top);
  return differ;
}

static gchar *
reference_path (const char *what)
{
  return g_strdup_printf ("%s/%s__%s.png", reference_dir (), REFERENCE_ID, what);
}

/* The course's recipe on the lossless input, in an 8-bit and a 16-bit image. */
static void
test_course_recipe (void)
{
  gchar *input = reference_path ("input");
  if (!g_file_test (input, G_FILE_TEST_EXISTS))
    {
      gchar *why = g_strdup_printf ("no reference input %s (the shared reference folder is "
                                    "absent): the comparison with the course is not run",
                                    input);
      g_test_skip (why);
      g_free (why);
      g_free (input);
      return;
    }
  gchar *in = e2e_scm_string (input);
  gchar *body = g_strdup_printf (
    "(define (course img tag)\n"
    "  (let* ((d (car (gimp-image-get-active-layer img)))\n"
    "         (r (aug-call (string-append tag \".aug\") img d\n"
    "                      \"rotate 90; flip h; flip v; blur 2\" 1 0))\n"
    "         (group (car (gimp-item-get-parent (car (aug-ids r))))))\n"
    "    (mc-out (string-append tag \".group\") (car (gimp-item-get-name group)))\n"
    "    (mc-out (string-append tag \".children\") (car (gimp-item-get-children group)))\n"
    "    (mc-out (string-append tag \".group-position\")\n"
    "            (car (gimp-image-get-item-position img group)))\n"
    "    (mc-out (string-append tag \".source-position\")\n"
    "            (car (gimp-image-get-item-position img d)))\n"
    "    (mc-out (string-append tag \".top-layers\") (mc-layer-count img))\n"
    "    (aug-export img tag (aug-ids r))\n"
    "    (mc-queue-png img d (string-append tag \"-source\"))))\n"
    "(define img8 (mc-load-image %s))\n"
    "(course img8 \"u8\")\n"
    "(define img16 (mc-load-image %s))\n"
    "(gimp-image-convert-precision img16 PRECISION-U16-GAMMA)\n"
    "(course img16 \"u16\")\n",
    in, in);
  E2eRun run;
  run_with_export (body, &run);

  const char *refs[] = { "rot90", "flip_h", "flip_v", "blur2" };
  const char *names[] = { "rotate 90", "flip h", "flip v", "blur 2" };
  E2eImage source = load_or_fail (input);
  const char *tags[] = { "u8", "u16" };
  for (int t = 0; t < 2; t++)
    {
      const char *tag = tags[t];
      gchar *key = g_strdup_printf ("%s.aug.0", tag);
      g_assert_cmpint (e2e_run_get_int (&run, key), ==, 4);
      g_free (key);
      key = g_strdup_printf ("%s.group", tag);
      g_assert_cmpstr (e2e_run_get (&run, key), ==, "Augmented");
      g_free (key);
      key = g_strdup_printf ("%s.children", tag);
      g_assert_cmpint (e2e_run_get_int (&run, key), ==, 4);
      g_free (key);
      /* The group lies directly above the source layer, beside it at the top level. */
      key = g_strdup_printf ("%s.top-layers", tag);
      g_assert_cmpint (e2e_run_get_int (&run, key), ==, 2);
      g_free (key);
      key = g_strdup_printf ("%s.group-position", tag);
      g_assert_cmpint (e2e_run_get_int (&run, key), ==, 0);
      g_free (key);
      key = g_strdup_printf ("%s.source-position", tag);
      g_assert_cmpint (e2e_run_get_int (&run, key), ==, 1);
      g_free (key);

      /* The source layer is untouched. */
      gchar *name = g_strdup_printf ("%s-source", tag);
      E2eImage after = load_run_image (&run, name);
      g_assert_cmpuint (count_level_differences (&source, &after, 8), ==, 0);
      e2e_image_clear (&after);
      g_free (name);

      for (int i = 0; i < 4; i++)
        {
          g_assert_cmpstr (get_indexed (&run, tag, "name", i), ==, names[i]);
          g_assert_cmpstr (get_indexed (&run, tag, "mask", i), ==, "0");
          g_assert_cmpstr (get_indexed (&run, tag, "alpha", i), ==, "0");
          g_assert_cmpstr (get_indexed (&run, tag, "offsets", i), ==, "0 0");
          assert_size (&run, tag, i, i == 0 ? 450 : 600, i == 0 ? 600 : 450);
          gchar *ref_path = reference_path (refs[i]);
          E2eImage ref = load_or_fail (ref_path);
          name = g_strdup_printf ("%s-%d", tag, i);
          E2eImage got = load_run_image (&run, name);
          double mean = 0, worst = max_rgb_difference (&got, &ref, &mean);
          g_test_message ("%s %s: largest difference %.3g 8-bit levels, mean %.3g", tag,
                          refs[i], worst * 255, mean * 255);
          if (i < 3) /* the moves are exact: the 8-bit input's values, moved */
            g_assert_cmpuint (count_level_differences (&got, &ref, t == 0 ? 8 : 16), ==, 0);
          else if (t == 0) /* 8-bit blur: the 8-bit layer rounds to a level */
            {
              g_assert_cmpfloat (worst, <=, 1.0 / 255 + 1e-6);
              g_assert_cmpfloat (mean, <, 0.3 / 255);
            }
          else /* 16-bit layer: within half an 8-bit level plus the two 16-bit roundings */
            g_assert_cmpfloat (worst, <=, 0.5 / 255 + 1.0 / 65535);
          e2e_image_clear (&got);
          e2e_image_clear (&ref);
          g_free (name);
          g_free (ref_path);
        }
    }
  e2e_image_clear (&source);
  e2e_run_clear (&run);
  g_free (body);
  g_free (in);
  g_free (input);
}

/* ---- A random recipe on a synthetic lesion with its mask ---------------------------------- */

#define SYNTH_W 160
#define SYNTH_H 120

/* A skin-coloured layer with a dark lesion (a disc with a tail to the right, so that any wrong
 * turn or mirror shows), the lesion also saved as the "Lesion mask" channel. */
static const char SYNTH_SCM[]
  = "(define img (car (gimp-image-new 160 120 RGB)))\n"
    "(define skin (car (gimp-layer-new img 160 120 RGB-IMAGE \"skin\" 100 LAYER-MODE-NORMAL)))\n"
    "(gimp-image-insert-layer img skin 0 0)\n"
    "(gimp-context-set-foreground '(220 170 150))\n"
    "(gimp-drawable-fill skin FILL-FOREGROUND)\n"
    "(gimp-context-set-antialias FALSE)\n"
    "(gimp-context-set-feather FALSE)\n"
    "(gimp-image-select-ellipse img CHANNEL-OP-REPLACE 30 25 50 50)\n"
    "(gimp-image-select-rectangle img CHANNEL-OP-ADD 75 45 45 10)\n"
    "(gimp-context-set-foreground '(60 35 25))\n"
    "(gimp-drawable-edit-fill skin FILL-FOREGROUND)\n"
    "(define lesion (car (gimp-selection-save img)))\n"
    "(gimp-item-set-name lesion \"Lesion mask\")\n"
    "(gimp-selection-none img)\n"
    "(mc-queue-png img lesion \"source-mask\")\n";

#define RANDOM_RECIPE "rotate -30..30 + flip h; rotate 17; blur 0..2 + brightness -0.1..0.1"

typedef struct
{
  size_t mask, dark, both;
} overlap;

/* How the mask lies on the dark pixels of the layer (opaque and darker than halfway between
 * skin and lesion). */
static overlap
mask_overlap (const E2eImage *layer, const E2eImage *mask)
{
  g_assert_cmpint (layer->width, ==, mask->width);
  g_assert_cmpint (layer->height, ==, mask->height);
  overlap o = { 0, 0, 0 };
  size_t n = (size_t) layer->width * layer->height;
  for (size_t i = 0; i < n; i++)
    {
      const float *p = layer->rgba + 4 * i;
      double grey = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
      gboolean dark = p[3] >= 0.5f && grey < 0.45;
      gboolean in_mask = mask->rgba[4 * i] >= 0.5f;
      o.dark += dark;
      o.mask += in_mask;
      o.both += dark && in_mask;
    }
  return o;
}

/* A layer name without the " #1" GIMP appends when the image already has a layer of that name. */
static gchar *
plain_name (const char *name)
{
  gchar *plain = g_strdup (name);
  char *hash = strstr (plain, " #");
  if (hash)
    *hash = '\0';
  return plain;
}

static gboolean
same_pixels (const E2eImage *a, const E2eImage *b)
{
  return a->width == b->width && a->height == b->height
         && memcmp (a->rgba, b->rgba, (size_t) a->width * a->height * 4 * sizeof (float)) == 0;
}

static void
test_random_recipe_with_mask (void)
{
  gchar *body = g_strdup_printf (
    "%s"
    "(define recipe \"%s\")\n"
    "(aug-export img \"a\" (aug-ids (aug-call \"a.aug\" img skin recipe 2 11)))\n"
    "(aug-export img \"b\" (aug-ids (aug-call \"b.aug\" img skin recipe 2 11)))\n"
    "(aug-export img \"c\" (aug-ids (aug-call \"c.aug\" img skin recipe 2 12)))\n",
    SYNTH_SCM, RANDOM_RECIPE);
  E2eRun run;
  run_with_export (body, &run);
  g_assert_cmpint (e2e_run_get_int (&run, "a.aug.0"), ==, 6);
  E2eImage source_mask = load_run_image (&run, "source-mask");
  overlap source = { 0, 0, 0 };
  for (size_t i = 0; i < (size_t) SYNTH_W * SYNTH_H; i++)
    source.mask += source_mask.rgba[4 * i] >= 0.5f;
  g_assert_cmpuint (source.mask, >, 1500);

  gboolean seed_changed_something = FALSE;
  for (int i = 0; i < 6; i++)
    {
      gchar *name = g_strdup_printf ("a-%d", i), *mask_name = g_strdup_printf ("a-%d-mask", i);
      E2eImage layer = load_run_image (&run, name), mask = load_run_image (&run, mask_name);
      g_assert_cmpstr (get_indexed (&run, "a", "mask", i), ==, "1");
      g_assert_cmpstr (get_indexed (&run, "a", "apply", i), ==, "0");
      overlap o = mask_overlap (&layer, &mask);
      g_test_message ("%s: mask %zu px, dark %zu px, both %zu", get_indexed (&run, "a", "name", i),
                      o.mask, o.dark, o.both);
      g_assert_cmpfloat ((double) o.both / o.mask, >=, 0.95);
      g_assert_cmpfloat ((double) o.both / o.dark, >=, 0.95);
      /* Nearest-neighbour moves keep the lesion's area (a rotation within a few percent). */
      g_assert_cmpfloat (fabs ((double) o.mask - source.mask) / source.mask, <=, 0.05);
      if (i % 3 == 2) /* blur + brightness: the mask is the source's, pixel for pixel */
        g_assert_true (same_pixels (&mask, &source_mask));
      if (i % 3 == 1) /* rotate 17: the canvas grows, the corners are transparent */
        {
          double c = cos (17 * G_PI / 180), s = sin (17 * G_PI / 180);
          assert_size (&run, "a", i, (int) lround ((SYNTH_W - 1) * c + (SYNTH_H - 1) * s + 1),
                       (int) lround ((SYNTH_W - 1) * s + (SYNTH_H - 1) * c + 1));
          g_assert_cmpfloat (layer.rgba[3], ==, 0.0f);
          g_assert_cmpstr (get_indexed (&run, "a", "alpha", i), ==, "1");
        }

      /* The same seed gives the same layers; another seed other numbers. */
      g_free (name);
      name = g_strdup_printf ("b-%d", i);
      E2eImage again = load_run_image (&run, name);
      g_assert_true (same_pixels (&layer, &again));
      gchar *name_a = plain_name (get_indexed (&run, "a", "name", i));
      gchar *name_b = plain_name (get_indexed (&run, "b", "name", i));
      gchar *name_c = plain_name (get_indexed (&run, "c", "name", i));
      g_assert_cmpstr (name_a, ==, name_b);
      g_free (name);
      name = g_strdup_printf ("c-%d", i);
      E2eImage other = load_run_image (&run, name);
      if (!same_pixels (&layer, &other) || strcmp (name_a, name_c) != 0)
        seed_changed_something = TRUE;
      g_free (name_a);
      g_free (name_b);
      g_free (name_c);
      e2e_image_clear (&other);
      e2e_image_clear (&again);
      e2e_image_clear (&layer);
      e2e_image_clear (&mask);
      g_free (name);
      g_free (mask_name);
    }
  g_assert_true (seed_changed_something);
  /* The drawn values are in the names: the two repeats of a ranged variant differ. */
  g_assert_cmpstr (get_indexed (&run, "a", "name", 0), !=, get_indexed (&run, "a", "name", 3));
  g_assert_true (g_str_has_prefix (get_indexed (&run, "a", "name", 1), "rotate 17"));
  e2e_image_clear (&source_mask);
  e2e_run_clear (&run);
  g_free (body);
}

/* ---- The general rules -------------------------------------------------------------------- */

static const char RULES_SCM[]
  = "(define (new-layer img name type w h x y colour)\n"
    "  (let ((l (car (gimp-layer-new img w h type name 100 LAYER-MODE-NORMAL))))\n"
    "    (gimp-image-insert-layer img l 0 -1)\n"
    "    (gimp-layer-set-offsets l x y)\n"
    "    (gimp-context-set-foreground colour)\n"
    "    (gimp-drawable-fill l FILL-FOREGROUND)\n"
    "    l))\n"
    "(define img (car (gimp-image-new 60 40 RGB)))\n"
    "(define other (new-layer img \"Layer 2\" RGB-IMAGE 60 40 0 0 '(0 100 250)))\n"
    "(define base (new-layer img \"base\" RGB-IMAGE 40 30 7 5 '(200 100 50)))\n"
    /* the right half of base blue, so that a mirror shows */
    "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 27 5 20 30)\n"
    "(gimp-context-set-foreground '(0 0 255))\n"
    "(gimp-drawable-edit-fill base FILL-FOREGROUND)\n"
    "(gimp-selection-none img)\n"
    "(define n0 (mc-layer-count img))\n"
    "(aug-call \"repeats0\" img base \"flip h\" 0 0)\n"
    "(aug-call \"empty\" img base \"\" 1 0)\n"
    "(aug-call \"parse\" img base \"rotate 90; blurr 2\" 1 0)\n"
    "(aug-call \"nolayer\" img base \"flip h; mix nosuch 0.5\" 1 0)\n"
    "(aug-call \"toomany\" img base \"flip h; flip v\" 600 0)\n"
    "(mc-out \"layers-after-bad\" (- (mc-layer-count img) n0))\n"
    /* mix finds "Layer 2" by name and blends what lies under base */
    "(define mixed (car (aug-ids (aug-call \"mix\" img base \"mix \\\"Layer 2\\\" 0.5\" 1 0))))\n"
    "(mc-out \"mix.left\" (gimp-drawable-get-pixel mixed 2 2))\n"
    "(mc-out \"mix.right\" (gimp-drawable-get-pixel mixed 37 2))\n"
    /* the selection is ignored: the whole layer is mirrored */
    "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 7 5 10 10)\n"
    "(aug-export img \"sel\" (aug-ids (aug-call \"sel.aug\" img base \"flip h; rotate 90; "
    "rotate 30\" 1 0)))\n"
    "(gimp-selection-none img)\n"
    "(define flipped (car (aug-ids (aug-call \"flip\" img base \"flip h\" 1 0))))\n"
    "(mc-out \"flip.left\" (gimp-drawable-get-pixel flipped 2 2))\n"
    "(mc-out \"flip.right\" (gimp-drawable-get-pixel flipped 37 2))\n"
    /* a layer group is refused */
    "(define group (car (gimp-item-get-parent flipped)))\n"
    "(aug-call \"group\" img group \"flip h\" 1 0)\n"
    /* alpha: the transparent left part of a layer goes right */
    "(gimp-layer-add-alpha base)\n"
    "(gimp-image-select-rectangle img CHANNEL-OP-REPLACE 7 5 10 30)\n"
    "(gimp-drawable-edit-clear base)\n"
    "(gimp-selection-none img)\n"
    "(define clear (car (aug-ids (aug-call \"alpha\" img base \"flip h\" 1 0))))\n"
    "(mc-out \"alpha.has\" (car (gimp-drawable-has-alpha clear)))\n"
    "(mc-out \"alpha.left\" (gimp-drawable-get-pixel clear 2 2))\n"
    "(mc-out \"alpha.right\" (gimp-drawable-get-pixel clear 37 2))\n"
    /* indexed images are refused */
    "(define indexed (car (gimp-image-new 20 20 RGB)))\n"
    "(define ilayer (new-layer indexed \"i\" RGB-IMAGE 20 20 0 0 '(10 20 30)))\n"
    "(gimp-image-convert-indexed indexed CONVERT-DITHER-NONE CONVERT-PALETTE-GENERATE 16 FALSE "
    "FALSE \"\")\n"
    "(aug-call \"indexed\" indexed ilayer \"flip h\" 1 0)\n"
    "(mc-out \"indexed.layers\" (mc-layer-count indexed))\n";

static void
assert_refused (const E2eRun *run, const char *key, const char *needle)
{
  gchar *ok = g_strdup_printf ("%s.ok", key), *err = g_strdup_printf ("%s.error", key);
  g_assert_cmpint (e2e_run_get_int (run, ok), ==, 0);
  const char *message = e2e_run_get (run, err);
  g_assert_nonnull (message);
  g_test_message ("%s: %s", key, message);
  if (!strstr (message, needle))
    g_error ("%s: the message \"%s\" does not mention \"%s\"", key, message, needle);
  g_free (ok);
  g_free (err);
}

static void
assert_pixel (const E2eRun *run, const char *key, int n, const int *want, int tolerance)
{
  int got_n = 0;
  double *v = e2e_run_get_doubles (run, key, &got_n);
  g_assert_cmpint (got_n, ==, n + 1); /* the count, then the channels */
  for (int c = 0; c < n; c++)
    if (fabs (v[c + 1] - want[c]) > tolerance)
      g_error ("%s channel %d is %g; expected %d", key, c, v[c + 1], want[c]);
  g_free (v);
}

static void
test_rules (void)
{
  E2eRun run;
  run_with_export (RULES_SCM, &run);
  assert_refused (&run, "repeats0", "repeats = 0");
  assert_refused (&run, "empty", "recipe");
  assert_refused (&run, "parse", "blurr");
  assert_refused (&run, "parse", "column");
  assert_refused (&run, "nolayer", "nosuch");
  assert_refused (&run, "toomany", "1000");
  assert_refused (&run, "group", "group");
  assert_refused (&run, "indexed", "indexed");
  g_assert_cmpint (e2e_run_get_int (&run, "layers-after-bad"), ==, 0);
  g_assert_cmpint (e2e_run_get_int (&run, "indexed.layers"), ==, 1);

  /* base: (200,100,50) left, (0,0,255) right; Layer 2: (0,100,250) everywhere. */
  const int mix_left[] = { 100, 100, 150 }, mix_right[] = { 0, 50, 253 };
  assert_pixel (&run, "mix.left", 3, mix_left, 1);
  assert_pixel (&run, "mix.right", 3, mix_right, 1);
  const int blue[] = { 0, 0, 255 }, brown[] = { 200, 100, 50 };
  assert_pixel (&run, "flip.left", 3, blue, 0);
  assert_pixel (&run, "flip.right", 3, brown, 0);
  g_assert_cmpint (e2e_run_get_int (&run, "alpha.has"), ==, 1);
  const int opaque_blue[] = { 0, 0, 255, 255 };
  assert_pixel (&run, "alpha.left", 4, opaque_blue, 0);
  int n = 0;
  double *right = e2e_run_get_doubles (&run, "alpha.right", &n);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpfloat (right[4], ==, 0); /* transparent stays transparent */
  g_free (right);

  /* With a selection: every layer is whole; the right-angle turn keeps base's corner (7, 5),
   * the grown canvas of rotate 30 is centred on base. */
  assert_size (&run, "sel", 0, 40, 30);
  assert_size (&run, "sel", 1, 30, 40);
  g_assert_cmpstr (get_indexed (&run, "sel", "offsets", 0), ==, "7 5");
  g_assert_cmpstr (get_indexed (&run, "sel", "offsets", 1), ==, "7 5");
  double c = cos (30 * G_PI / 180), s = sin (30 * G_PI / 180);
  int w30 = (int) lround (39 * c + 29 * s + 1), h30 = (int) lround (39 * s + 29 * c + 1);
  assert_size (&run, "sel", 2, w30, h30);
  gchar *offsets = g_strdup_printf ("%d %d", 7 - (w30 - 40) / 2, 5 - (h30 - 30) / 2);
  g_assert_cmpstr (get_indexed (&run, "sel", "offsets", 2), ==, offsets);
  g_free (offsets);
  E2eImage flipped = load_run_image (&run, "sel-0");
  g_assert_cmpfloat (flipped.rgba[2], ==, 1.0f); /* blue at the top left: mirrored, whole */
  e2e_image_clear (&flipped);
  e2e_run_clear (&run);
}

/* ---- Grey and every precision ------------------------------------------------------------- */

/* Every precision and grey: "flip h; rotate 90" must move the source's values exactly (at the
 * 16-bit export), "rotate 45" must add alpha with transparent corners, and grey stays grey. */
static void
check_precisions (int grey)
{
  const char *precisions[] = { "PRECISION-U8-GAMMA",   "PRECISION-U16-LINEAR",
                               "PRECISION-U32-GAMMA",  "PRECISION-HALF-LINEAR",
                               "PRECISION-FLOAT-GAMMA" };
  GString *body = g_string_new (NULL);
  for (gsize p = 0; p < G_N_ELEMENTS (precisions); p++)
    g_string_append_printf (
      body,
      "(let* ((img (car (gimp-image-new 48 32 RGB)))\n"
      "       (l (car (gimp-layer-new img 48 32 RGB-IMAGE \"src\" 100 LAYER-MODE-NORMAL))))\n"
      "  (gimp-image-insert-layer img l 0 0)\n"
      "  (gimp-context-set-gradient-fg-bg-rgb)\n"
      "  (gimp-context-set-foreground '(250 40 10))\n"
      "  (gimp-context-set-background '(20 90 230))\n"
      "  (gimp-drawable-edit-gradient-fill l GRADIENT-LINEAR 0 FALSE 1 0 FALSE 0 0 47 31)\n"
      "  %s\n"
      "  (if (not (= (car (gimp-image-get-precision img)) %s))\n"
      "      (gimp-image-convert-precision img %s))\n"
      "  (let ((ids (aug-ids (aug-call \"p%d%d.aug\" img l \"flip h + rotate 90; rotate 45\" "
      "1 3))))\n"
      "    (mc-queue-png img l \"p%d%d-source\")\n"
      "    (aug-export img \"p%d%d\" ids)))\n",
      grey ? "(gimp-image-convert-grayscale img)" : "", precisions[p], precisions[p], grey,
      (int) p, grey, (int) p, grey, (int) p);
  E2eRun run;
  run_with_export (body->str, &run);
  for (gsize p = 0; p < G_N_ELEMENTS (precisions); p++)
    {
      gchar *tag = g_strdup_printf ("p%d%d", grey, (int) p);
      gchar *name = g_strdup_printf ("%s-source", tag);
      E2eImage src = load_run_image (&run, name);
      g_free (name);
      name = g_strdup_printf ("%s-0", tag);
      E2eImage moved = load_run_image (&run, name);
      g_free (name);
      g_assert_cmpint (moved.width, ==, src.height);
      g_assert_cmpint (moved.height, ==, src.width);
      /* rotate 90 CCW (np.rot90) gives out(x, y) = in(W-1-y, x); after flip h, in(x, y) =
       * src(W-1-x, y); together a transpose: moved(x, y) = src(y, x). */
      size_t differ = 0;
      for (int y = 0; y < moved.height; y++)
        for (int x = 0; x < moved.width; x++)
          for (int c = 0; c < 4; c++)
            differ += lround (e2e_image_pixel (&moved, x, y)[c] * 65535)
                      != lround (e2e_image_pixel (&src, y, x)[c] * 65535);
      g_test_message ("%s (%s%s): %zu channel values differ", tag, precisions[p],
                      grey ? ", grey" : "", differ);
      g_assert_cmpuint (differ, ==, 0);
      g_assert_cmpstr (get_indexed (&run, tag, "grey", 0), ==, grey ? "1" : "0");
      g_assert_cmpstr (get_indexed (&run, tag, "grey", 1), ==, grey ? "1" : "0");
      g_assert_cmpstr (get_indexed (&run, tag, "alpha", 0), ==, "0");
      g_assert_cmpstr (get_indexed (&run, tag, "alpha", 1), ==, "1");
      name = g_strdup_printf ("%s-1", tag);
      E2eImage turned = load_run_image (&run, name);
      g_assert_cmpfloat (e2e_image_pixel (&turned, 0, 0)[3], ==, 0.0f);
      g_assert_cmpfloat (e2e_image_pixel (&turned, turned.width / 2, turned.height / 2)[3], ==,
                         1.0f);
      e2e_image_clear (&turned);
      e2e_image_clear (&moved);
      e2e_image_clear (&src);
      g_free (name);
      g_free (tag);
    }
  e2e_run_clear (&run);
  g_string_free (body, TRUE);
}

/* One GIMP run each, so that a loaded machine stays well inside the harness's timeout. */
static void
test_precisions_rgb (void)
{
  check_precisions (0);
}

static void
test_precisions_grey (void)
{
  check_precisions (1);
}

/* ---- The drawable rule, the limits and leaks (issue 9) ----------------------------------- */

static const char LIMITS_SCM[]
  = "(define fx (mc-drawables-fixture))\n"
    "(define img (list-ref fx 0))\n"
    "(mc-fixture-state \"before\" fx)\n"
    "(aug-call \"group\" img (list-ref fx 2) \"flip h\" 1 0)\n"
    "(aug-call \"channel\" img (list-ref fx 4) \"flip h\" 1 0)\n"
    "(aug-call \"mask\" img (list-ref fx 6) \"flip h\" 1 0)\n"
    "(mc-fixture-state \"after\" fx)\n"
    /* a small layer of its own for the limits */
    "(define small (car (gimp-image-new 4 3 RGB)))\n"
    "(define s (car (gimp-layer-new small 4 3 RGB-IMAGE \"s\" 100 LAYER-MODE-NORMAL)))\n"
    "(gimp-image-insert-layer small s 0 0)\n"
    "(define (ops n) (if (= n 1) \"flip h\" (string-append \"flip h + \" (ops (- n 1)))))\n"
    "(define (padded bytes) (string-append \"flip h\" (make-string (- bytes 6) #\\space)))\n"
    "(define (drop-group r) (if r (gimp-image-remove-layer small\n"
    "                               (car (gimp-item-get-parent (car (aug-ids r)))))))\n"
    "(drop-group (aug-call \"repeats1000\" small s \"flip h\" 1000 0))\n"
    "(aug-call \"repeats1001\" small s \"flip h\" 1001 0)\n"
    "(drop-group (aug-call \"ops32\" small s (ops 32) 1 0))\n"
    "(aug-call \"ops33\" small s (ops 33) 1 0)\n"
    "(drop-group (aug-call \"bytes65536\" small s (padded 65536) 1 0))\n"
    "(aug-call \"bytes65537\" small s (padded 65537) 1 0)\n"
    "(mc-out \"small.layers\" (mc-layer-count small))\n";

static void
test_drawables_limits_leaks (void)
{
  E2eRun run;
  run_with_export (LIMITS_SCM, &run);
  e2e_assert_refused (&run, "group", "is a layer group; choose a layer inside it");
  e2e_assert_refused (&run, "channel", "is a channel; these procedures work on layers");
  e2e_assert_refused (&run, "mask", "is a layer mask; these procedures work on layers");
  e2e_assert_fixture_unchanged (&run, "before", "after");

  /* Each limit at its boundary: the limit itself works, one more is refused with the parameter,
   * the value and the limit. */
  g_assert_cmpint (e2e_run_get_int (&run, "repeats1000.ok"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (&run, "repeats1000.0"), ==, 1000);
  e2e_assert_refused (&run, "repeats1001", "repeats = 1001");
  e2e_assert_refused (&run, "repeats1001", "1..1000");
  g_assert_cmpint (e2e_run_get_int (&run, "ops32.ok"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (&run, "ops32.0"), ==, 1);
  e2e_assert_refused (&run, "ops33", "more than 32 operations");
  e2e_assert_refused (&run, "ops33", "at most 32 operations in one variant");
  g_assert_cmpint (e2e_run_get_int (&run, "bytes65536.ok"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (&run, "bytes65536.0"), ==, 1);
  e2e_assert_refused (&run, "bytes65537", "recipe is 65537 bytes long");
  e2e_assert_refused (&run, "bytes65537", "at most 65536 bytes");
  /* Only the source layer is left: refused calls added nothing. */
  g_assert_cmpint (e2e_run_get_int (&run, "small.layers"), ==, 1);
  /* GEGL reports leaked buffers on standard output at exit: there must be none. */
  e2e_assert_no_leaks (&run);
  e2e_run_clear (&run);
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  g_test_add_func ("/augment/course-recipe", test_course_recipe);
  g_test_add_func ("/augment/random-recipe-with-mask", test_random_recipe_with_mask);
  g_test_add_func ("/augment/rules", test_rules);
  g_test_add_func ("/augment/precisions-rgb", test_precisions_rgb);
  g_test_add_func ("/augment/precisions-grey", test_precisions_grey);
  g_test_add_func ("/augment/drawables-limits-leaks", test_drawables_limits_leaks);
  return e2e_finish (g_test_run ());
}
