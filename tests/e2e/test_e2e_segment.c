/* test_e2e_segment.c: plug-in-medclust-segment end to end in a headless GIMP 2.10. The "Lesion
 * mask" channel is saved as a PNG and checked against the returned area and against the core's
 * own mc_segment on the very same pixels (the inputs are lossless PNGs, so GIMP and the test
 * decode them identically; the core runs here on one thread, the plug-in on all of them, so a
 * match also shows the result does not depend on the thread count). Covered: a synthetic lesion
 * of known area (runs anywhere), both methods on real dermoscopy images (skipped without the
 * data), the report layers (outline and editable readout), the selection, layer offsets and
 * alpha, precisions, grey and indexed images, bad parameters, re-runs, last values and the
 * no-display fallback of an interactive call. Every call's flags and warnings are the core's
 * for the same pixels; a lesion cut by the image's edge is flagged and worded (returns and
 * readout), a clean centred one is not. */
#include "harness.h"

#include "mc_measure.h"
#include "mc_segment.h"
#include "mc_synth.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#define SYN_W 400
#define SYN_H 300
#define PIXEL_MM 0.05

/* Layer offsets test: the layer hangs over the canvas's left edge. */
#define OFF_IMG_W 420
#define OFF_IMG_H 360
#define OFF_X (-40)
#define OFF_Y 30
/* The cleared (transparent) strip of that layer, in layer coordinates. */
#define CLEAR_X 190
#define CLEAR_W 16
/* The same layer with offsets, wholly inside that canvas. */
#define IN_X 10
#define IN_Y 30
/* And moved so far left that the canvas's edge cuts the lesion. */
#define CUT_X (-240)

/* The warnings test: plain lesions (no hair, no vignette) of this radius, one cut by the left
 * edge of the image, one in the middle. */
#define PLAIN_R 60.0
#define EDGE_CX 20.0

/* The selection test keeps the right part of the synthetic image. */
#define SEL_X 180
#define SEL_Y 20
#define SEL_W 220
#define SEL_H 260

/* Script-Fu shared by the runs. */
static const char HELPERS_SCM[]
  = "(define (seg key img d method size annotate seed)\n"
    "  (mc-report key (lambda () (plug-in-medclust-segment RUN-NONINTERACTIVE img d method size\n"
    "                                                      annotate seed))))\n"
    "(define (state key img)\n"
    "  (mc-out (string-append key \".channels\") (car (gimp-image-get-channels img)))\n"
    "  (mc-out (string-append key \".layers\") (mc-layer-count img)))\n"
    "(define (top-layer img i) (vector-ref (cadr (gimp-image-get-layers img)) i))\n";

/* Paths and files ------------------------------------------------------------------------- */

static gboolean any_failure;

static void
note_failure (void)
{
  any_failure |= g_test_failed ();
}

static E2eImage
load_or_fail (const char *path)
{
  E2eImage img = { 0 };
  if (!e2e_image_load (path, &img))
    g_error ("cannot read %s", path);
  return img;
}

static E2eImage
load_run_image (const E2eRun *run, const char *name)
{
  gchar *path = e2e_run_path (run, name);
  E2eImage img = load_or_fail (path);
  g_free (path);
  return img;
}

/* A saved mask channel as bytes; fails the test unless every pixel is 0 or 255. */
static uint8_t *
load_mask (const E2eRun *run, const char *name, int *w, int *h)
{
  E2eImage img = load_run_image (run, name);
  size_t n = (size_t) img.width * img.height, odd = 0;
  uint8_t *mask = g_new (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    {
      float v = img.rgba[4 * i];
      odd += v != 0.0f && v != 1.0f;
      mask[i] = v >= 0.5f ? 255 : 0;
    }
  g_assert_cmpuint (odd, ==, 0);
  *w = img.width;
  *h = img.height;
  e2e_image_clear (&img);
  return mask;
}

static gint64
count_lesion (const uint8_t *mask, size_t n)
{
  gint64 c = 0;
  for (size_t i = 0; i < n; i++)
    c += mask[i] != 0;
  return c;
}

/* The core's mask for the box (x0, y0, w, h) of img (valid = not fully transparent), its
 * measurements and its quality. */
static uint8_t *
core_mask (const E2eImage *img, int x0, int y0, int w, int h, int method, uint32_t seed,
           double pixel_mm, mc_lesion_measure *m, mc_segment_quality *q)
{
  size_t n = (size_t) w * h;
  float *rgb = g_new (float, n * 3);
  uint8_t *valid = g_new (uint8_t, n), *mask = g_new (uint8_t, n);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const float *p = e2e_image_pixel (img, x0 + x, y0 + y);
        size_t i = (size_t) y * w + x;
        memcpy (rgb + 3 * i, p, 3 * sizeof (float));
        valid[i] = p[3] > 0.0f;
      }
  mc_segment_params params;
  mc_segment_params_init (&params);
  params.method = method;
  params.seed = seed;
  g_assert_cmpint (mc_segment_checked (rgb, valid, w, h, &params, mask, q, NULL), ==, MC_OK);
  g_assert_cmpint (mc_measure_lesion (mask, valid, w, h, pixel_mm, m), ==, MC_OK);
  g_free (rgb);
  g_free (valid);
  return mask;
}

/* The picture of p written as an 8-bit PNG named name in the temporary folder (once). */
static gchar *
write_synth_png (const mc_synth_params *p, const char *name)
{
  gchar *path = g_build_filename (e2e_tmp_dir (), name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  size_t n = (size_t) p->width * p->height;
  float *rgb = g_new (float, n * 3);
  g_assert_cmpint (mc_synth_lesion (p, rgb, NULL), ==, MC_OK);
  E2eImage img;
  e2e_image_alloc (&img, p->width, p->height);
  for (size_t i = 0; i < n; i++)
    {
      memcpy (img.rgba + 4 * i, rgb + 3 * i, 3 * sizeof (float));
      img.rgba[4 * i + 3] = 1.0f;
    }
  g_assert_true (e2e_image_save_png (&img, path, 8));
  e2e_image_clear (&img);
  g_free (rgb);
  return path;
}

/* The synthetic lesion written as an 8-bit PNG; *truth_area gets the ellipse's exact area. */
static gchar *
write_synthetic (double *truth_area)
{
  mc_synth_params p;
  mc_synth_params_init (&p, SYN_W, SYN_H);
  p.cx = 210.0;
  p.cy = 160.0;
  p.rx = 70.0;
  p.ry = 52.0;
  p.angle_deg = 20.0;
  p.seed = 3;
  *truth_area = mc_synth_ellipse_area (&p);
  return write_synth_png (&p, "synthetic.png");
}

/* A round lesion of radius PLAIN_R on textured skin without hair or vignette, centred at
 * (cx, SYN_H / 2), as an 8-bit PNG. */
static gchar *
write_plain (const char *name, double cx)
{
  mc_synth_params p;
  mc_synth_params_init (&p, SYN_W, SYN_H);
  p.cx = cx;
  p.cy = SYN_H / 2.0;
  p.rx = p.ry = PLAIN_R;
  p.hairs = 0;
  p.vignette = 0;
  p.seed = 5;
  return write_synth_png (&p, name);
}

/* The returned values of a segment call printed by mc-report as key.0 ... key.7. */
typedef struct
{
  gint64 area;
  double percent, mm2, perimeter, diameter;
  gint64 flags;
  const char *warnings; /* owned by the run */
} returned;

static returned
get_returned (const E2eRun *run, const char *key)
{
  gchar *ok = g_strconcat (key, ".ok", NULL);
  if (e2e_run_get_int (run, ok) != 1)
    {
      gchar *err = g_strconcat (key, ".error", NULL);
      g_test_message ("%s failed: %s", key, e2e_run_get (run, err));
      g_free (err);
    }
  g_assert_cmpint (e2e_run_get_int (run, ok), ==, 1);
  g_free (ok);
  returned r;
  gchar *k[5];
  for (int i = 0; i < 5; i++)
    k[i] = g_strdup_printf ("%s.%d", key, i + 1);
  r.area = e2e_run_get_int (run, k[0]);
  r.percent = e2e_run_get_double (run, k[1]);
  r.mm2 = e2e_run_get_double (run, k[2]);
  r.perimeter = e2e_run_get_double (run, k[3]);
  r.diameter = e2e_run_get_double (run, k[4]);
  for (int i = 0; i < 5; i++)
    g_free (k[i]);
  gchar *kf = g_strdup_printf ("%s.6", key), *kw = g_strdup_printf ("%s.7", key);
  r.flags = e2e_run_get_int (run, kf);
  r.warnings = e2e_run_get (run, kw);
  g_assert_nonnull (r.warnings);
  g_free (kf);
  g_free (kw);
  return r;
}

/* Returned values against the core's measurements (Script-Fu prints 10 significant digits),
 * flags and warnings in words. */
static void
assert_returned_matches (const returned *r, const mc_lesion_measure *m,
                         const mc_segment_quality *q)
{
  char words[1024];
  mc_segment_warnings (q, words, sizeof words);
  g_assert_cmpint (r->flags, ==, q->flags);
  g_assert_cmpstr (r->warnings, ==, words);
  g_assert_cmpint (r->area, ==, m->area_px);
  g_assert_cmpfloat_with_epsilon (r->percent, m->area_percent, 1e-6 * MAX (1.0, m->area_percent));
  g_assert_cmpfloat_with_epsilon (r->mm2, m->area_mm2, 1e-6 * MAX (1.0, fabs (m->area_mm2)));
  g_assert_cmpfloat_with_epsilon (r->perimeter, m->perimeter_px, 1e-6 * MAX (1.0, m->perimeter_px));
  g_assert_cmpfloat_with_epsilon (r->diameter, m->diameter_px, 1e-6 * MAX (1.0, m->diameter_px));
}

static void
assert_error_names (const E2eRun *run, const char *key, const char *const *words)
{
  gchar *ok = g_strconcat (key, ".ok", NULL), *err = g_strconcat (key, ".error", NULL);
  g_assert_cmpint (e2e_run_get_int (run, ok), ==, 0);
  const char *message = e2e_run_get (run, err);
  g_assert_nonnull (message);
  for (int i = 0; words[i]; i++)
    {
      if (!strstr (message, words[i]))
        g_test_message ("'%s' not in the error of %s: %s", words[i], key, message);
      g_assert_nonnull (strstr (message, words[i]));
      /* GIMP also reports the failed call on stderr, with the plug-in's message. */
      g_assert_nonnull (strstr (run->stderr_text, words[i]));
    }
  g_free (ok);
  g_free (err);
}

/* GIMP needs its fonts for text layers, which the harness's "-f" turns off. Every run starts
 * GIMP through a wrapper that drops that flag while a flag file exists: main() sets the
 * environment once, before GEGL starts threads (setenv is not thread-safe). */
static gchar *fonts_flag;

static void
install_fonts_wrapper (void)
{
  gchar *wrapper = g_build_filename (e2e_tmp_dir (), "gimp-maybe-fonts.sh", NULL);
  fonts_flag = g_build_filename (e2e_tmp_dir (), "fonts-on", NULL);
  const char *script = "#!/bin/sh\n"
                       "# Runs GIMP as the harness asks; with fonts (no -f) while the flag exists.\n"
                       "if [ -e \"$MEDCLUST_E2E_FONTS_FLAG\" ]; then\n"
                       "  for a in \"$@\"; do shift; [ \"$a\" = -f ] || set -- \"$@\" \"$a\"; done\n"
                       "fi\n"
                       "exec \"$MEDCLUST_E2E_REAL_GIMP\" \"$@\"\n";
  g_assert_true (g_file_set_contents (wrapper, script, -1, NULL));
  g_chmod (wrapper, 0755);
  const char *real = g_getenv ("MEDCLUST_GIMP");
  g_setenv ("MEDCLUST_E2E_REAL_GIMP", real && *real ? real : "gimp-console-2.10", TRUE);
  g_setenv ("MEDCLUST_E2E_FONTS_FLAG", fonts_flag, TRUE);
  g_setenv ("MEDCLUST_GIMP", wrapper, TRUE);
  g_free (wrapper);
}

static void
use_fonts (gboolean on)
{
  if (on)
    g_assert_true (g_file_set_contents (fonts_flag, "1", -1, NULL));
  else
    g_unlink (fonts_flag);
}

/* Synthetic run: general rules -------------------------------------------------------------- */

static E2eRun synth_run;
static gboolean synth_ran;
static double synth_truth;

static const E2eRun *
get_synth_run (void)
{
  if (!synth_ran)
    {
      synth_ran = TRUE;
      gchar *png = write_synthetic (&synth_truth);
      gchar *edge = write_plain ("edge.png", EDGE_CX), *clean = write_plain ("clean.png", SYN_W / 2.0);
      gchar *q = e2e_scm_string (png), *qe = e2e_scm_string (edge), *qc = e2e_scm_string (clean);
      gchar *body = g_strdup_printf (
        "%s"
        /* 1. the whole image, method 1 twice (same seed), then method 0: a re-run replaces */
        "(define img1 (mc-load-image %s))\n"
        "(define src1 (car (gimp-image-get-active-layer img1)))\n"
        "(define r1 (seg \"m1\" img1 src1 1 %g 0 0))\n"
        "(mc-save-png img1 (car r1) \"m1.png\")\n"
        "(mc-out \"m1.name\" (car (gimp-item-get-name (car r1))))\n"
        "(mc-out \"m1.size\" (car (gimp-drawable-width (car r1)))\n"
        "        (car (gimp-drawable-height (car r1))))\n"
        "(state \"m1\" img1)\n"
        "(define r1b (seg \"m1b\" img1 src1 1 %g 0 0))\n"
        "(mc-save-png img1 (car r1b) \"m1b.png\")\n"
        "(define r0 (seg \"m0\" img1 src1 0 0 0 3))\n"
        "(mc-save-png img1 (car r0) \"m0.png\")\n"
        "(state \"m0\" img1)\n"
        "(mc-out \"m0.channel-name\" (car (gimp-item-get-name (vector-ref (cadr "
        "(gimp-image-get-channels img1)) 0))))\n"
        /* last values: the last call was method 0, seed 3 */
        "(mc-report \"last\" (lambda () (plug-in-medclust-segment RUN-WITH-LAST-VALS img1 src1 1 "
        "0 0 0)))\n"
        /* interactive without a display: the given values, no dialog */
        "(mc-report \"inter\" (lambda () (plug-in-medclust-segment RUN-INTERACTIVE img1 src1 1 "
        "%g 0 0)))\n"
        "(state \"after\" img1)\n"
        "(mc-save-png img1 src1 \"src1-after.png\")\n"
        /* 2. a selection */
        "(define img2 (mc-load-image %s))\n"
        "(define src2 (car (gimp-image-get-active-layer img2)))\n"
        "(gimp-image-select-rectangle img2 CHANNEL-OP-REPLACE %d %d %d %d)\n"
        "(define rs (seg \"sel\" img2 src2 1 0 0 0))\n"
        "(mc-save-png img2 (car rs) \"sel.png\")\n"
        /* 3. a layer with offsets (partly off the canvas) and a transparent strip */
        "(define img3 (car (gimp-image-new %d %d RGB)))\n"
        "(define src3 (car (gimp-file-load-layer RUN-NONINTERACTIVE img3 %s)))\n"
        "(gimp-image-insert-layer img3 src3 0 0)\n"
        "(gimp-layer-set-offsets src3 %d %d)\n"
        "(gimp-layer-add-alpha src3)\n"
        "(gimp-image-select-rectangle img3 CHANNEL-OP-REPLACE %d 0 %d %d)\n"
        "(gimp-edit-clear src3)\n"
        "(gimp-selection-none img3)\n"
        "(mc-save-png img3 src3 \"off-src.png\")\n"
        "(define ro (seg \"off\" img3 src3 1 0 0 0))\n"
        "(mc-save-png img3 (car ro) \"off.png\")\n"
        "(mc-out \"off.size\" (car (gimp-drawable-width (car ro)))\n"
        "        (car (gimp-drawable-height (car ro))))\n"
        /* 3b. the same layer with offsets, wholly inside the canvas */
        "(gimp-layer-set-offsets src3 %d %d)\n"
        "(define ri (seg \"in\" img3 src3 1 0 0 0))\n"
        "(mc-save-png img3 (car ri) \"in.png\")\n"
        "(gimp-layer-set-offsets src3 %d %d)\n"
        "(define rc (seg \"cut\" img3 src3 1 0 0 0))\n"
        "(mc-save-png img3 (car rc) \"cut.png\")\n"
        /* 4. bad parameters change nothing */
        "(define img4 (mc-load-image %s))\n"
        "(define src4 (car (gimp-image-get-active-layer img4)))\n"
        "(seg \"bad-method\" img4 src4 2 0 0 0)\n"
        "(seg \"bad-size\" img4 src4 1 -1 0 0)\n"
        "(seg \"bad-annotate\" img4 src4 1 0 2 0)\n"
        "(seg \"bad-size-huge\" img4 src4 1 1e300 0 0)\n"
        "(seg \"bad-size-11\" img4 src4 1 11 0 0)\n"
        "(seg \"bad-size-nan\" img4 src4 1 (sqrt -1.0) 0 0)\n"
        "(seg \"bad-size-inf\" img4 src4 1 (exp 1000.0) 0 0)\n"
        /* the drawable rule: groups, channels and layer masks are refused */
        "(define fx (mc-drawables-fixture))\n"
        "(mc-fixture-state \"fx-before\" fx)\n"
        "(seg \"group\" (list-ref fx 0) (list-ref fx 2) 1 0 1 0)\n"
        "(seg \"channel\" (list-ref fx 0) (list-ref fx 4) 1 0 1 0)\n"
        "(seg \"lmask\" (list-ref fx 0) (list-ref fx 6) 1 0 1 0)\n"
        "(mc-fixture-state \"fx-after\" fx)\n"
        "(state \"bad\" img4)\n"
        "(mc-save-png img4 src4 \"bad-src.png\")\n"
        /* the largest pixel size is accepted */
        "(seg \"size10\" img4 src4 1 10 0 0)\n"
        /* 5. precisions, grey, indexed */
        "(define (converted key convert)\n"
        "  (let* ((img (mc-load-image %s)) (d (car (gimp-image-get-active-layer img))))\n"
        "    (convert img)\n"
        "    (let ((r (seg key img d 1 0 0 0)))\n"
        "      (if r (begin (mc-save-png img (car r) (string-append key \".png\"))\n"
        "                   (mc-save-png img d (string-append key \"-src.png\"))))\n"
        "      (state key img))))\n"
        "(converted \"u16\" (lambda (i) (gimp-image-convert-precision i PRECISION-U16-GAMMA)))\n"
        "(converted \"float\" (lambda (i) (gimp-image-convert-precision i "
        "PRECISION-FLOAT-LINEAR)))\n"
        "(converted \"half\" (lambda (i) (gimp-image-convert-precision i PRECISION-HALF-GAMMA)))\n"
        "(converted \"grey\" (lambda (i) (gimp-image-convert-grayscale i)))\n"
        "(converted \"indexed\" (lambda (i) (gimp-image-convert-indexed i CONVERT-DITHER-NONE\n"
        "                          CONVERT-PALETTE-GENERATE 16 FALSE FALSE \"\")))\n"
        /* 6. warnings: a lesion cut by the image's edge (both methods), a clean centred one */
        "(define (warned key path method)\n"
        "  (let* ((img (mc-load-image path)) (d (car (gimp-image-get-active-layer img)))\n"
        "         (r (seg key img d method 0 0 0)))\n"
        "    (if r (mc-out (string-append key \".is-string\") (string? (list-ref r 7))))\n"
        "    (gimp-image-delete img)))\n"
        "(warned \"edge1\" %s 1)\n"
        "(warned \"edge0\" %s 0)\n"
        "(warned \"clean1\" %s 1)\n",
        HELPERS_SCM, q, PIXEL_MM, PIXEL_MM, PIXEL_MM, q, SEL_X, SEL_Y, SEL_W, SEL_H, OFF_IMG_W,
        OFF_IMG_H, q, OFF_X, OFF_Y, OFF_X + CLEAR_X, CLEAR_W, OFF_IMG_H, IN_X, IN_Y, CUT_X, OFF_Y, q, q,
        qe, qe, qc);
      e2e_run_script (body, &synth_run);
      g_free (body);
      g_free (q);
      g_free (qe);
      g_free (qc);
      g_free (edge);
      g_free (clean);
      g_free (png);
    }
  e2e_assert_ok (&synth_run);
  return &synth_run;
}

static E2eImage
synthetic_input (void)
{
  gchar *png = write_synthetic (&synth_truth);
  E2eImage img = load_or_fail (png);
  g_free (png);
  return img;
}

/* Method 1 on a lesion of known area: the area is right, the channel holds exactly the returned
 * area, and it is the core's mask for the same pixels; the numbers are the core's. */
static void
test_synthetic_method1 (void)
{
  const E2eRun *run = get_synth_run ();
  returned r = get_returned (run, "m1");
  int w, h;
  uint8_t *mask = load_mask (run, "m1.png", &w, &h);
  g_assert_cmpint (w, ==, SYN_W);
  g_assert_cmpint (h, ==, SYN_H);
  g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, r.area);
  g_test_message ("method 1: area %" G_GINT64_FORMAT " px, truth %.0f px (%+.2f%%)", r.area,
                  synth_truth, 100.0 * (r.area / synth_truth - 1.0));
  g_assert_cmpfloat (fabs (r.area / synth_truth - 1.0), <, 0.03);

  E2eImage img = synthetic_input ();
  mc_lesion_measure m;
  mc_segment_quality q;
  uint8_t *expected = core_mask (&img, 0, 0, SYN_W, SYN_H, 1, 0, PIXEL_MM, &m, &q);
  g_assert_cmpmem (mask, (size_t) w * h, expected, (size_t) w * h);
  assert_returned_matches (&r, &m, &q);
  g_assert_cmpfloat_with_epsilon (r.percent, 100.0 * r.area / (SYN_W * SYN_H), 1e-6);
  g_assert_cmpfloat_with_epsilon (r.mm2, r.area * PIXEL_MM * PIXEL_MM, 1e-6 * r.mm2);
  g_assert_cmpfloat_with_epsilon (r.diameter, 2.0 * sqrt (r.area / G_PI), 1e-6 * r.diameter);

  /* The channel: named, image-sized, the only one. */
  g_assert_cmpstr (e2e_run_get (run, "m1.name"), ==, "Lesion mask");
  g_assert_cmpstr (e2e_run_get (run, "m1.size"), ==, "400 300");
  g_assert_cmpint (e2e_run_get_int (run, "m1.channels"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (run, "m1.layers"), ==, 1);
  /* The same seed gives the same mask. */
  int w2, h2;
  uint8_t *again = load_mask (run, "m1b.png", &w2, &h2);
  g_assert_cmpmem (again, (size_t) w2 * h2, mask, (size_t) w * h);
  g_free (again);
  g_free (expected);
  g_free (mask);
  e2e_image_clear (&img);
  note_failure ();
}

/* Method 0 (the course's) on the same image: the core's mask; the re-run replaced the channel
 * and the source layer is untouched. */
static void
test_synthetic_method0_rerun (void)
{
  const E2eRun *run = get_synth_run ();
  returned r = get_returned (run, "m0");
  int w, h;
  uint8_t *mask = load_mask (run, "m0.png", &w, &h);
  g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, r.area);
  E2eImage img = synthetic_input ();
  mc_lesion_measure m;
  mc_segment_quality q;
  uint8_t *expected = core_mask (&img, 0, 0, SYN_W, SYN_H, 0, 3, 0.0, &m, &q);
  g_assert_cmpmem (mask, (size_t) w * h, expected, (size_t) w * h);
  assert_returned_matches (&r, &m, &q);
  g_assert_cmpfloat (r.mm2, ==, -1.0);
  g_assert_cmpint (e2e_run_get_int (run, "m0.channels"), ==, 1);
  g_assert_cmpint (e2e_run_get_int (run, "m0.layers"), ==, 1);
  g_assert_cmpstr (e2e_run_get (run, "m0.channel-name"), ==, "Lesion mask");

  E2eImage after = load_run_image (run, "src1-after.png");
  g_assert_cmpmem (after.rgba, (size_t) SYN_W * SYN_H * 4 * sizeof (float), img.rgba,
                   (size_t) SYN_W * SYN_H * 4 * sizeof (float));
  e2e_image_clear (&after);
  g_free (expected);
  g_free (mask);
  e2e_image_clear (&img);
  note_failure ();
}

/* RUN-WITH-LAST-VALS repeats the last call's values (method 0, seed 3) whatever is passed; an
 * interactive call without a display runs with the given values and says so. GIMP 3 keeps last
 * values only after interactive runs (the contract's "Both hosts"; gimp-3-headless.md, section
 * 4): with none before it, RUN-WITH-LAST-VALS runs with the values passed (method 1, as m1). */
static void
test_run_modes (void)
{
  const E2eRun *run = get_synth_run ();
  returned last = get_returned (run, "last"), m0 = get_returned (run, "m0");
  returned inter = get_returned (run, "inter"), m1 = get_returned (run, "m1");
  g_assert_cmpint (last.area, ==, e2e_gimp_host () == 3 ? m1.area : m0.area);
  g_assert_cmpint (inter.area, ==, m1.area);
  g_assert_cmpfloat (inter.mm2, ==, m1.mm2);
  g_assert_nonnull (strstr (run->stderr_text, "no display"));
  g_assert_cmpint (e2e_run_get_int (run, "after.channels"), ==, 1);
  note_failure ();
}

/* Only the selected pixels are analysed: the mask is 0 outside the selection, and inside it is
 * the core's mask of the selection's box; the percentage is of the selected pixels. */
static void
test_selection (void)
{
  const E2eRun *run = get_synth_run ();
  returned r = get_returned (run, "sel");
  int w, h;
  uint8_t *mask = load_mask (run, "sel.png", &w, &h);
  g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, r.area);
  E2eImage img = synthetic_input ();
  mc_lesion_measure m;
  mc_segment_quality q;
  uint8_t *box = core_mask (&img, SEL_X, SEL_Y, SEL_W, SEL_H, 1, 0, 0.0, &m, &q);
  size_t outside = 0, differ = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean in = x >= SEL_X && x < SEL_X + SEL_W && y >= SEL_Y && y < SEL_Y + SEL_H;
        uint8_t v = mask[(size_t) y * w + x];
        if (!in)
          outside += v != 0;
        else
          differ += v != box[(size_t) (y - SEL_Y) * SEL_W + (x - SEL_X)];
      }
  g_assert_cmpuint (outside, ==, 0);
  g_assert_cmpuint (differ, ==, 0);
  assert_returned_matches (&r, &m, &q);
  g_assert_cmpfloat_with_epsilon (r.percent, 100.0 * r.area / (SEL_W * SEL_H), 1e-6);
  g_assert_cmpint (r.area, >, 0);
  /* The selection cuts the lesion: its area is a lower bound, and the call says so. */
  g_assert_true (r.flags & MC_SEGMENT_EDGE);
  g_assert_nonnull (strstr (r.warnings, "edge"));
  g_free (box);
  g_free (mask);
  e2e_image_clear (&img);
  note_failure ();
}

/* Compares a returned mask channel with the core's mask of the part of the layer at (ox, oy)
 * that lies on the canvas (layer coordinates lx0.., lw x lh), and checks that the returned area
 * is the channel's lesion pixels and the core's measurement of that part. */
static void
check_offset_mask (const E2eRun *run, const char *key, const E2eImage *layer, int ox, int oy)
{
  returned r = get_returned (run, key);
  gchar *png = g_strconcat (key, ".png", NULL);
  int w, h;
  uint8_t *mask = load_mask (run, png, &w, &h);
  g_assert_cmpint (w, ==, OFF_IMG_W);
  g_assert_cmpint (h, ==, OFF_IMG_H);
  int lx0 = MAX (0, -ox), ly0 = MAX (0, -oy);
  int lw = MIN (SYN_W, OFF_IMG_W - ox) - lx0, lh = MIN (SYN_H, OFF_IMG_H - oy) - ly0;
  mc_lesion_measure m;
  mc_segment_quality q;
  uint8_t *expected = core_mask (layer, lx0, ly0, lw, lh, 1, 0, 0.0, &m, &q);
  size_t differ = 0, outside = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int lx = x - ox - lx0, ly = y - oy - ly0;
        uint8_t v = mask[(size_t) y * w + x];
        if (lx < 0 || ly < 0 || lx >= lw || ly >= lh)
          outside += v != 0;
        else
          differ += v != expected[(size_t) ly * lw + lx];
      }
  g_assert_cmpuint (outside, ==, 0);
  g_assert_cmpuint (differ, ==, 0);
  g_assert_cmpint (r.area, >, 0);
  /* The numbers describe the mask exactly: area = the channel's lesion pixels. */
  g_test_message ("%s: area %" G_GINT64_FORMAT ", channel %" G_GINT64_FORMAT, key, r.area,
                  count_lesion (mask, (size_t) w * h));
  g_assert_cmpint (r.area, ==, count_lesion (mask, (size_t) w * h));
  assert_returned_matches (&r, &m, &q);
  size_t clear = 0;
  for (int y = ly0; y < ly0 + lh; y++)
    for (int x = MAX (CLEAR_X, lx0); x < MIN (CLEAR_X + CLEAR_W, lx0 + lw); x++)
      clear++;
  g_assert_cmpfloat_with_epsilon (r.percent, 100.0 * r.area / ((double) lw * lh - clear), 1e-6);
  g_free (expected);
  g_free (mask);
  g_free (png);
}

/* A layer with offsets, hanging off the canvas, with a transparent strip: the channel is
 * image-sized and in image coordinates, transparent pixels are not analysed, only the part on
 * the canvas is analysed (the channel can hold no more) and the numbers are the channel's, also
 * when the canvas's edge cuts the lesion. The same layer moved wholly inside the canvas: the
 * whole layer, at its offsets. */
static void
test_offsets_and_alpha (void)
{
  const E2eRun *run = get_synth_run ();
  g_assert_cmpstr (e2e_run_get (run, "off.size"), ==, "420 360");
  E2eImage layer = load_run_image (run, "off-src.png");
  g_assert_cmpint (layer.width, ==, SYN_W);
  size_t transparent = 0;
  for (int y = 0; y < SYN_H; y++)
    for (int x = CLEAR_X; x < CLEAR_X + CLEAR_W; x++)
      transparent += e2e_image_pixel (&layer, x, y)[3] == 0.0f;
  g_assert_cmpuint (transparent, ==, (size_t) CLEAR_W * SYN_H);
  check_offset_mask (run, "off", &layer, OFF_X, OFF_Y);
  check_offset_mask (run, "in", &layer, IN_X, IN_Y);
  check_offset_mask (run, "cut", &layer, CUT_X, OFF_Y);
  e2e_image_clear (&layer);
  note_failure ();
}

/* Pixel sizes outside 0..10 mm, NaN and infinity are refused; 10 mm is accepted and gives a
 * finite mm² = pixels x 100. Groups, channels and layer masks are refused and change nothing. */
static void
test_pixel_size_and_drawables (void)
{
  E2eRun *run = (E2eRun *) get_synth_run ();
  const char *keys[] = { "bad-size-huge", "bad-size-11" };
  const char *values[] = { "pixel-size-mm = 1e+300", "pixel-size-mm = 11" };
  for (int i = 0; i < 2; i++)
    {
      e2e_assert_refused (run, keys[i], values[i]);
      e2e_assert_refused (run, keys[i], "0 <= value <= 10");
    }
  /* GIMP refuses NaN and infinities itself before the plug-in runs (2.10 names the argument,
   * GIMP 3's Script-Fu gives its position); the plug-in's own check (finite first) refuses them
   * on any other path. */
  const char *gimp_words = e2e_gimp_host () == 2 ? "pixel-size-mm" : "argument 4";
  e2e_assert_refused (run, "bad-size-nan", gimp_words);
  e2e_assert_refused (run, "bad-size-inf", e2e_gimp_host () == 2 ? gimp_words : NULL);
  returned r = get_returned (run, "size10");
  g_assert_cmpint (r.area, >, 0);
  g_assert_cmpfloat_with_epsilon (r.mm2, r.area * 100.0, r.area * 1e-6);
  e2e_assert_refused (run, "group", "is a layer group; choose a layer inside it");
  e2e_assert_refused (run, "channel", "is a channel; these procedures work on layers");
  e2e_assert_refused (run, "lmask", "is a layer mask; these procedures work on layers");
  e2e_assert_fixture_unchanged (run, "fx-before", "fx-after");
  note_failure ();
}

/* Bad parameters: a calling error naming the parameter, its value and what is accepted; the
 * image keeps its one layer, gets no channel, and its pixels are unchanged. */
static void
test_bad_parameters (void)
{
  const E2eRun *run = get_synth_run ();
  const char *method[] = { "plug-in-medclust-segment", "method = 2", "accepted", NULL };
  const char *size[] = { "pixel-size-mm = -1", "accepted", "0 <= value <= 10", NULL };
  const char *annotate[] = { "annotate = 2", "accepted", NULL };
  assert_error_names (run, "bad-method", method);
  assert_error_names (run, "bad-size", size);
  assert_error_names (run, "bad-annotate", annotate);
  g_assert_cmpint (e2e_run_get_int (run, "bad.channels"), ==, 0);
  g_assert_cmpint (e2e_run_get_int (run, "bad.layers"), ==, 1);
  E2eImage img = synthetic_input (), after = load_run_image (run, "bad-src.png");
  g_assert_cmpmem (after.rgba, (size_t) SYN_W * SYN_H * 4 * sizeof (float), img.rgba,
                   (size_t) SYN_W * SYN_H * 4 * sizeof (float));
  e2e_image_clear (&after);
  e2e_image_clear (&img);
  note_failure ();
}

/* 16-bit, half and float linear images give (nearly) the 8-bit result; a grey image is the
 * core's result on its grey pixels; an indexed one is refused with advice. */
static void
test_precisions_grey_indexed (void)
{
  const E2eRun *run = get_synth_run ();
  returned m1 = get_returned (run, "m1");
  g_assert_cmpint (m1.area, >, 0);
  const char *keys[] = { "u16", "half", "float" };
  for (int i = 0; i < 3; i++)
    {
      returned r = get_returned (run, keys[i]);
      gchar *name = g_strconcat (keys[i], ".png", NULL);
      int w, h;
      uint8_t *mask = load_mask (run, name, &w, &h);
      g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, r.area);
      g_test_message ("%s: area %" G_GINT64_FORMAT " (8-bit: %" G_GINT64_FORMAT ")", keys[i],
                      r.area, m1.area);
      g_assert_cmpfloat (fabs ((double) r.area / m1.area - 1.0), <, 0.01);
      g_free (mask);
      g_free (name);
    }
  returned g = get_returned (run, "grey");
  int w, h;
  uint8_t *mask = load_mask (run, "grey.png", &w, &h);
  g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, g.area);
  g_assert_cmpint (g.area, >, 0);
  E2eImage grey = load_run_image (run, "grey-src.png");
  mc_lesion_measure m;
  mc_segment_quality q;
  uint8_t *expected = core_mask (&grey, 0, 0, w, h, 1, 0, 0.0, &m, &q);
  g_assert_cmpmem (mask, (size_t) w * h, expected, (size_t) w * h);
  assert_returned_matches (&g, &m, &q);
  const char *indexed[] = { "indexed", "RGB", NULL };
  assert_error_names (run, "indexed", indexed);
  g_assert_cmpint (e2e_run_get_int (run, "indexed.channels"), ==, 0);
  g_free (expected);
  g_free (mask);
  e2e_image_clear (&grey);
  note_failure ();
}

/* Warnings ----------------------------------------------------------------------------------- */

/* The two returns after diameter-pixels, read from Script-Fu: flags (an integer) and warnings (a
 * string). A lesion cut by the image's left edge: bit 2 and words about the edge, with either
 * method; a clean centred lesion with method 1: 0 and "". Both are the core's for the pixels. */
static void
test_warnings_edge_and_clean (void)
{
  const E2eRun *run = get_synth_run ();
  const struct
  {
    const char *key, *png;
    double cx;
    int method;
    gboolean cut;
  } cases[] = { { "edge1", "edge.png", EDGE_CX, 1, TRUE },
                { "edge0", "edge.png", EDGE_CX, 0, TRUE },
                { "clean1", "clean.png", SYN_W / 2.0, 1, FALSE } };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      returned r = get_returned (run, cases[i].key);
      g_test_message ("%s: %" G_GINT64_FORMAT " px, flags %" G_GINT64_FORMAT " \"%s\"",
                      cases[i].key, r.area, r.flags, r.warnings);
      gchar *is_string = g_strconcat (cases[i].key, ".is-string", NULL);
      g_assert_cmpint (e2e_run_get_int (run, is_string), ==, 1);
      g_free (is_string);
      g_assert_cmpint (r.area, >, 0);
      if (cases[i].cut)
        {
          g_assert_true (r.flags & MC_SEGMENT_EDGE);
          g_assert_false (r.flags & MC_SEGMENT_NO_LESION);
          g_assert_nonnull (strstr (r.warnings, "edge"));
          g_assert_nonnull (strstr (r.warnings, "lower bound"));
        }
      else
        {
          g_assert_cmpint (r.flags, ==, 0);
          g_assert_cmpstr (r.warnings, ==, "");
        }
      gchar *png = write_plain (cases[i].png, cases[i].cx);
      E2eImage img = load_or_fail (png);
      mc_lesion_measure m;
      mc_segment_quality q;
      uint8_t *expected = core_mask (&img, 0, 0, SYN_W, SYN_H, cases[i].method, 0, 0.0, &m, &q);
      assert_returned_matches (&r, &m, &q);
      g_free (expected);
      e2e_image_clear (&img);
      g_free (png);
    }
  note_failure ();
}

/* Report layers ------------------------------------------------------------------------------ */

/* Parses "Lesion area 41,230 px (15.3%) · 12.9 mm² · Ø 4.05 mm" (or "... · Ø 229 px" without a
 * pixel size) and checks each number against the returned values at the readout's precision. */
static void
assert_readout (const char *text, const returned *r, double pixel_mm)
{
  g_test_message ("readout: %s", text);
  GMatchInfo *match = NULL;
  gboolean mm = pixel_mm > 0;
  GRegex *re = g_regex_new (mm ? "^Lesion area ([0-9,]+) px \\(([0-9.]+)%\\) \u00b7 ([0-9.,]+) "
                                 "mm\u00b2 \u00b7 \u00d8 ([0-9.,]+) mm$"
                               : "^Lesion area ([0-9,]+) px \\(([0-9.]+)%\\) \u00b7 \u00d8 "
                                 "([0-9.,]+) px$",
                            0, 0, NULL);
  g_assert_true (g_regex_match (re, text, 0, &match));
  double values[4];
  int n = mm ? 4 : 3;
  for (int i = 0; i < n; i++)
    {
      gchar *s = g_match_info_fetch (match, i + 1);
      GString *digits = g_string_new (NULL);
      for (const char *c = s; *c; c++)
        if (*c != ',')
          g_string_append_c (digits, *c);
      values[i] = g_ascii_strtod (digits->str, NULL);
      g_string_free (digits, TRUE);
      g_free (s);
    }
  g_match_info_free (match);
  g_regex_unref (re);
  g_assert_cmpfloat (values[0], ==, (double) r->area);
  g_assert_cmpfloat (fabs (values[1] - r->percent), <=, 0.05 + 1e-9);
  /* Three significant digits. */
  if (mm)
    {
      g_assert_cmpfloat (fabs (values[2] / r->mm2 - 1.0), <, 0.006);
      g_assert_cmpfloat (fabs (values[3] / (r->diameter * pixel_mm) - 1.0), <, 0.006);
    }
  else
    g_assert_cmpfloat (fabs (values[2] / r->diameter - 1.0), <, 0.006);
}

/* The runs that need fonts (the readout is a text layer) share one GIMP start: the synthetic
 * annotate checks, and the real images when the data is there. */
static E2eRun report_run;
static gboolean report_ran, real_included;
static gchar *real_pngs[2], *real_sources[2];

/* Two dev images (600x450 and 1024x768) re-encoded losslessly in the temporary folder, so GIMP
 * and the core see the same pixels. FALSE, without skipping, when the data is absent. */
static gboolean
prepare_real_images (void)
{
  const char *dir = e2e_data_dir ();
  gchar *manifest = dir ? g_build_filename (dir, "manifest.csv", NULL) : NULL;
  gboolean have = manifest && g_file_test (manifest, G_FILE_TEST_EXISTS);
  g_free (manifest);
  if (!have)
    return FALSE;
  char **small = e2e_data_images (600, 450), **large = e2e_data_images (1024, 768);
  gboolean ok = small && small[0] && large && large[0];
  for (int i = 0; i < 2 && ok; i++)
    {
      real_sources[i] = g_strdup (i == 0 ? small[0] : large[0]);
      E2eImage img = load_or_fail (real_sources[i]);
      gchar *stem = g_path_get_basename (real_sources[i]);
      real_pngs[i] = g_strdup_printf ("%s/real%d-%s.png", e2e_tmp_dir (), i, stem);
      g_assert_true (e2e_image_save_png (&img, real_pngs[i], 8));
      e2e_image_clear (&img);
      g_free (stem);
    }
  g_strfreev (small);
  g_strfreev (large);
  return ok;
}

static const E2eRun *
get_report_run (void)
{
  if (!report_ran)
    {
      report_ran = TRUE;
      gchar *png = write_synthetic (&synth_truth);
      gchar *edge = write_plain ("edge.png", EDGE_CX);
      gchar *q = e2e_scm_string (png), *qe = e2e_scm_string (edge);
      GString *body = g_string_new (NULL);
      g_string_append_printf (
        body,
        "%s"
        "(define (describe key img)\n"
        "  (state key img)\n"
        "  (let loop ((i 0))\n"
        "    (if (< i (mc-layer-count img))\n"
        "        (let ((l (top-layer img i)) (k (string-append key \".layer\" (number->string i))))\n"
        "          (mc-out (string-append k \".name\") (car (gimp-item-get-name l)))\n"
        "          (mc-out (string-append k \".text\") (car (gimp-item-is-text-layer l)))\n"
        "          (mc-out (string-append k \".offsets\") (gimp-drawable-offsets l))\n"
        "          (mc-out (string-append k \".size\") (car (gimp-drawable-width l))\n"
        "                  (car (gimp-drawable-height l)))\n"
        "          (loop (+ i 1))))))\n"
        "(define (readout img) (car (gimp-text-layer-get-text\n"
        "  (car (gimp-image-get-layer-by-name img \"Lesion readout\")))))\n"
        "(define (composite img name)\n"
        "  (let* ((dup (car (gimp-image-duplicate img))) (flat (car (gimp-image-flatten dup))))\n"
        "    (mc-save-png dup flat name)\n"
        "    (gimp-image-delete dup)))\n"
        "(define img (mc-load-image %s))\n"
        "(define src (car (gimp-image-get-active-layer img)))\n"
        "(define r (seg \"ann\" img src 1 %g 1 0))\n"
        "(describe \"ann\" img)\n"
        "(mc-out \"ann.readout\" (readout img))\n"
        "(mc-save-png img (car r) \"ann-mask.png\")\n"
        "(mc-save-png img (car (gimp-image-get-layer-by-name img \"Lesion outline\"))\n"
        "             \"outline.png\")\n"
        "(composite img \"composite.png\")\n"
        "(mc-save-png img src \"src-after.png\")\n"
        /* a re-run without a pixel size replaces the mask and both report layers */
        "(define r2 (seg \"ann2\" img src 1 0 1 0))\n"
        "(describe \"ann2\" img)\n"
        "(mc-out \"ann2.readout\" (readout img))\n"
        "(composite img \"composite2.png\")\n"
        /* a lesion cut by the edge: the readout shows the warnings */
        "(define imge (mc-load-image %s))\n"
        "(seg \"ann-edge\" imge (car (gimp-image-get-active-layer imge)) 1 0 1 0)\n"
        "(mc-out \"ann-edge.readout\" (readout imge))\n"
        "(composite imge \"composite-edge.png\")\n",
        HELPERS_SCM, q, PIXEL_MM, qe);
      real_included = prepare_real_images ();
      for (int i = 0; i < 2 && real_included; i++)
        {
          gchar *qr = e2e_scm_string (real_pngs[i]);
          g_string_append_printf (
            body,
            "(define img%d (mc-load-image %s))\n"
            "(define d%d (car (gimp-image-get-active-layer img%d)))\n"
            "(mc-save-png img%d (car (seg \"real%d.m0\" img%d d%d 0 0 0 0)) \"real%d-m0.png\")\n"
            "(mc-save-png img%d (car (seg \"real%d.m1\" img%d d%d 1 0.01 1 0)) \"real%d-m1.png\")\n"
            "(composite img%d \"real%d-annotated.png\")\n",
            i, qr, i, i, i, i, i, i, i, i, i, i, i, i, i, i);
          g_free (qr);
        }
      use_fonts (TRUE);
      e2e_run_script (body->str, &report_run);
      use_fonts (FALSE);
      g_string_free (body, TRUE);
      g_free (q);
      g_free (qe);
      g_free (edge);
      g_free (png);
    }
  e2e_assert_ok (&report_run);
  return &report_run;
}

/* annotate = 1 adds, above the picture, an editable text layer "Lesion readout" with the right
 * text at the top-left, and a transparent image-sized "Lesion outline" layer stroked along the
 * mask's border; the picture itself is untouched. */
static void
test_annotate_layers (void)
{
  const E2eRun *run = get_report_run ();
  returned r = get_returned (run, "ann");
  g_assert_cmpint (e2e_run_get_int (run, "ann.layers"), ==, 3);
  g_assert_cmpint (e2e_run_get_int (run, "ann.channels"), ==, 1);
  g_assert_cmpstr (e2e_run_get (run, "ann.layer0.name"), ==, "Lesion readout");
  g_assert_cmpint (e2e_run_get_int (run, "ann.layer0.text"), ==, 1);
  g_assert_cmpstr (e2e_run_get (run, "ann.layer1.name"), ==, "Lesion outline");
  g_assert_cmpint (e2e_run_get_int (run, "ann.layer1.text"), ==, 0);
  g_assert_cmpstr (e2e_run_get (run, "ann.layer1.size"), ==, "400 300");
  g_assert_cmpstr (e2e_run_get (run, "ann.layer1.offsets"), ==, "0 0");
  assert_readout (e2e_run_get (run, "ann.readout"), &r, PIXEL_MM);

  /* Top-left, inside the picture, not wider than it. */
  int n = 0;
  double *off = e2e_run_get_doubles (run, "ann.layer0.offsets", &n);
  double *size = e2e_run_get_doubles (run, "ann.layer0.size", &n);
  g_assert_cmpfloat (off[0], >, 0);
  g_assert_cmpfloat (off[1], >, 0);
  g_assert_cmpfloat (off[0], <, SYN_W * 0.1);
  g_assert_cmpfloat (off[1], <, SYN_H * 0.1);
  g_assert_cmpfloat (off[0] + size[0], <=, SYN_W);
  g_assert_cmpfloat (size[1], >=, 8);
  g_free (off);
  g_free (size);

  /* The outline runs along the mask's border and leaves the lesion and the skin clear. */
  int w, h;
  uint8_t *mask = load_mask (run, "ann-mask.png", &w, &h);
  E2eImage outline = load_run_image (run, "outline.png");
  size_t border = 0, covered = 0;
  for (int y = 1; y < h - 1; y++)
    for (int x = 1; x < w - 1; x++)
      {
        size_t i = (size_t) y * w + x;
        if (!mask[i] || (mask[i - 1] && mask[i + 1] && mask[i - w] && mask[i + w]))
          continue;
        border++;
        covered += e2e_image_pixel (&outline, x, y)[3] > 0.5f;
      }
  g_assert_cmpuint (border, >, 100);
  g_assert_cmpfloat ((double) covered / border, >, 0.95);
  /* The lesion's centre (known from the synthetic image) and the bottom-right skin. */
  g_assert_cmpfloat (e2e_image_pixel (&outline, 210, 160)[3], ==, 0.0f);
  g_assert_cmpfloat (e2e_image_pixel (&outline, SYN_W - 10, SYN_H - 10)[3], ==, 0.0f);

  E2eImage img = synthetic_input (), after = load_run_image (run, "src-after.png");
  g_assert_cmpmem (after.rgba, (size_t) SYN_W * SYN_H * 4 * sizeof (float), img.rgba,
                   (size_t) SYN_W * SYN_H * 4 * sizeof (float));
  e2e_image_clear (&img);
  e2e_image_clear (&after);
  e2e_image_clear (&outline);
  g_free (mask);
  note_failure ();
}

/* The readout of a lesion cut by the edge: the numbers' line, then "Warning: <the warnings
 * returned>" on lines of its own (Script-Fu's output shows a line break as " | "). The readout
 * of a result without warnings has no such line (test_annotate_layers' readout is one line). */
static void
test_annotate_warnings (void)
{
  const E2eRun *run = get_report_run ();
  returned r = get_returned (run, "ann-edge");
  g_assert_true (r.flags & MC_SEGMENT_EDGE);
  g_assert_cmpstr (r.warnings, !=, "");
  gchar **lines = g_strsplit (e2e_run_get (run, "ann-edge.readout"), " | ", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  assert_readout (lines[0], &r, 0.0);
  gchar *rest = g_strjoinv (" ", lines + 1);
  gchar *want = g_strconcat ("Warning: ", r.warnings, NULL);
  g_assert_cmpstr (rest, ==, want);
  /* Broken into lines, none much wider than the numbers' line. */
  for (int i = 1; lines[i]; i++)
    g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, MAX (g_utf8_strlen (lines[0], -1), 40));
  g_free (want);
  g_free (rest);
  g_strfreev (lines);
  returned clean = get_returned (run, "ann");
  g_assert_cmpint (strstr (e2e_run_get (run, "ann.readout"), "Warning") != NULL, ==,
                   clean.flags != 0);
  note_failure ();
}

/* A re-run replaces the mask and both report layers; without a pixel size the readout is in
 * pixels. */
static void
test_annotate_rerun (void)
{
  const E2eRun *run = get_report_run ();
  returned r = get_returned (run, "ann2");
  g_assert_cmpint (e2e_run_get_int (run, "ann2.layers"), ==, 3);
  g_assert_cmpint (e2e_run_get_int (run, "ann2.channels"), ==, 1);
  g_assert_cmpstr (e2e_run_get (run, "ann2.layer0.name"), ==, "Lesion readout");
  g_assert_cmpstr (e2e_run_get (run, "ann2.layer1.name"), ==, "Lesion outline");
  g_assert_cmpfloat (r.mm2, ==, -1.0);
  assert_readout (e2e_run_get (run, "ann2.readout"), &r, 0.0);
  g_assert_null (strstr (e2e_run_get (run, "ann2.readout"), "mm"));
  note_failure ();
}

/* Real dermoscopy images ------------------------------------------------------------------- */

/* Both methods on two dev images (600x450 and 1024x768): the mask against the returned area and
 * the core's own mask for the same pixels. */
static void
test_real_images (void)
{
  if (!e2e_data_dir ())
    {
      g_test_skip ("the dermoscopy data folder is absent (set MEDCLUST_DATA or put it at "
                   "../shared/data/dermoscopy next to the source tree)");
      return;
    }
  const E2eRun *run = get_report_run ();
  if (!real_included)
    {
      g_test_skip ("the data folder's manifest lists no 600x450 or 1024x768 image");
      return;
    }
  for (int i = 0; i < 2; i++)
    {
      E2eImage img = load_or_fail (real_pngs[i]);
      for (int method = 0; method <= 1; method++)
        {
          gchar *key = g_strdup_printf ("real%d.m%d", i, method);
          gchar *name = g_strdup_printf ("real%d-m%d.png", i, method);
          returned r = get_returned (run, key);
          int w, h;
          uint8_t *mask = load_mask (run, name, &w, &h);
          g_assert_cmpint (w, ==, img.width);
          g_assert_cmpint (count_lesion (mask, (size_t) w * h), ==, r.area);
          g_assert_cmpint (r.area, >, 0);
          mc_lesion_measure m;
          mc_segment_quality q;
          uint8_t *expected
            = core_mask (&img, 0, 0, w, h, method, 0, method == 1 ? 0.01 : 0.0, &m, &q);
          g_assert_cmpmem (mask, (size_t) w * h, expected, (size_t) w * h);
          assert_returned_matches (&r, &m, &q);
          g_test_message ("%s method %d: %" G_GINT64_FORMAT " px (%.1f%%), flags %" G_GINT64_FORMAT
                          " \"%s\"", real_sources[i], method, r.area, r.percent, r.flags,
                          r.warnings);
          g_free (expected);
          g_free (mask);
          g_free (name);
          g_free (key);
        }
      e2e_image_clear (&img);
    }
  g_test_message ("report layers and real images: GIMP run %.1f s", run->seconds);
  note_failure ();
}

int
main (int argc, char **argv)
{
  e2e_init (&argc, &argv);
  install_fonts_wrapper ();
  /* The core here runs on one thread; the plug-in on every core: equal masks show that the
   * result does not depend on the thread count. */
  mc_set_threads (1);
  g_test_add_func ("/segment/synthetic-method1-area-and-core", test_synthetic_method1);
  g_test_add_func ("/segment/synthetic-method0-rerun-replaces", test_synthetic_method0_rerun);
  g_test_add_func ("/segment/run-modes", test_run_modes);
  g_test_add_func ("/segment/selection", test_selection);
  g_test_add_func ("/segment/offsets-and-alpha", test_offsets_and_alpha);
  g_test_add_func ("/segment/pixel-size-and-drawables", test_pixel_size_and_drawables);
  g_test_add_func ("/segment/bad-parameters", test_bad_parameters);
  g_test_add_func ("/segment/precisions-grey-indexed", test_precisions_grey_indexed);
  g_test_add_func ("/segment/annotate-layers", test_annotate_layers);
  g_test_add_func ("/segment/annotate-rerun", test_annotate_rerun);
  g_test_add_func ("/segment/warnings-edge-and-clean", test_warnings_edge_and_clean);
  g_test_add_func ("/segment/annotate-warnings", test_annotate_warnings);
  g_test_add_func ("/segment/real-images-both-methods", test_real_images);
  int status = g_test_run ();
  /* The shared runs' folders stay for inspection when a test failed. */
  if (!any_failure)
    {
      if (synth_ran)
        e2e_run_clear (&synth_run);
      if (report_ran)
        e2e_run_clear (&report_run);
    }
  return e2e_finish (status);
}
