/* test_segment_clinical.c: method 1 on what clinic photographs add to a dermoscopy image, drawn
 * with a known answer (mc_synth.h plus the artefact painted over it): an ink ring drawn around
 * the lesion, a saturated sticker at the edge of the frame, a strong lighting gradient without a
 * dark field of view, a small lesion beside a large dim patch of skin, and a tight selection drawn
 * around a lesion with a lighter outer part. Each case must give
 * the lesion's area within 5% and the flags that say what was seen, and no others. */
#include "mc_segment.h"
#include "mc_synth.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#define W 600
#define H 450

typedef struct
{
  float rgb[W * H * 3];
  uint8_t truth[W * H];
} picture;

/* Skin and a lesion without the round field of view: clinic photographs often have none. */
static picture *
base_picture (double cx, double cy, double r)
{
  picture *p = g_new (picture, 1);
  mc_synth_params sp;
  mc_synth_params_init (&sp, W, H);
  sp.cx = cx;
  sp.cy = cy;
  sp.rx = sp.ry = r;
  sp.vignette = 0;
  sp.hairs = 2;
  sp.seed = 7;
  g_assert_cmpint (mc_synth_lesion (&sp, p->rgb, p->truth), ==, MC_OK);
  return p;
}

/* Paints colour over the pixels whose centre lies between radius r0 and r1 of (cx, cy). */
static void
paint_ring (picture *p, double cx, double cy, double r0, double r1, const float colour[3])
{
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        double d = hypot (x + 0.5 - cx, y + 0.5 - cy);
        if (d >= r0 && d < r1)
          memcpy (p->rgb + 3 * ((size_t) y * W + x), colour, 3 * sizeof (float));
      }
}

static double
area_of (const uint8_t *mask)
{
  double a = 0;
  for (size_t i = 0; i < (size_t) W * H; i++)
    a += mask[i] != 0;
  return a;
}

/* Segments p with method 1; checks the area against the truth within 5% and returns the flags. */
static unsigned
segment_and_check (const picture *p, const char *what, mc_segment_quality *q)
{
  mc_segment_params params;
  mc_segment_params_init (&params);
  uint8_t *mask = g_new (uint8_t, (size_t) W * H);
  g_assert_cmpint (mc_segment_checked (p->rgb, NULL, W, H, &params, mask, q, NULL), ==, MC_OK);
  double truth = area_of (p->truth), got = area_of (mask);
  g_test_message ("%s: area %.0f of %.0f (%+.1f%%), flags %u, contrast %.3f, stability %.3f",
                  what, got, truth, 100 * (got / truth - 1), q->flags, q->contrast,
                  q->stability);
  g_assert_cmpfloat (fabs (got / truth - 1), <=, 0.05);
  g_free (mask);
  return q->flags;
}

/* A marker circle drawn around the lesion, 30 px wide (about 1 mm on a 2 cm field at this
 * size): as dark as the lesion, larger, and centred on it. */
static void
ink_ring_case (const float ink[3], const char *what)
{
  picture *p = base_picture (W / 2.0, H / 2.0, 70);
  paint_ring (p, W / 2.0, H / 2.0, 115, 145, ink);
  mc_segment_quality q;
  unsigned flags = segment_and_check (p, what, &q);
  g_assert_cmpuint (flags, ==, MC_SEGMENT_ARTEFACTS);
  g_assert_cmpuint (q.artefacts, ==, MC_ARTEFACT_INK);
  g_free (p);
}

/* Purple or blue ink: known by its colour (segment_artefacts.c). */
static void
test_ink_ring (void)
{
  const float purple[3] = { 0.42f, 0.22f, 0.62f };
  ink_ring_case (purple, "purple ink ring");
}

/* Magenta ink has skin's hue order (red first): known by its shape, a frame around the lesion. */
static void
test_magenta_ink_ring (void)
{
  const float magenta[3] = { 0.50f, 0.18f, 0.40f };
  ink_ring_case (magenta, "magenta ink ring");
}

static void
test_sticker_at_edge (void)
{
  picture *p = base_picture (W * 0.4, H / 2.0, 60);
  const float blue[3] = { 0.10f, 0.55f, 0.85f };
  paint_ring (p, W + 20.0, H * 0.7, 0, 130, blue); /* a disc cut by the right edge */
  mc_segment_quality q;
  unsigned flags = segment_and_check (p, "sticker", &q);
  g_assert_cmpuint (flags, ==, MC_SEGMENT_ARTEFACTS);
  g_assert_cmpuint (q.artefacts & MC_ARTEFACT_STICKER, !=, 0);
  g_free (p);
}

static void
test_orange_sticker_at_edge (void)
{
  picture *p = base_picture (W * 0.35, H / 2.0, 60);
  const float orange[3] = { 0.86f, 0.50f, 0.16f };
  paint_ring (p, W - 40.0, H * 0.3, 0, 150, orange);
  mc_segment_quality q;
  unsigned flags = segment_and_check (p, "orange sticker", &q);
  g_assert_cmpuint (flags, ==, MC_SEGMENT_ARTEFACTS);
  g_assert_cmpuint (q.artefacts, ==, MC_ARTEFACT_STICKER);
  g_free (p);
}

/* A flash on the left: light falling off from 100% to 45% across the frame, steepest on the
 * right, no vignette: the dim side must not become lesion. */
static double
light (int x, int y)
{
  double u = x / (W - 1.0), v = y / (H - 1.0) - 0.5;
  return 1.0 - 0.55 * u * u * u - 0.1 * v * v;
}

static void
test_lighting_gradient (void)
{
  picture *p = base_picture (W / 2.0, H / 2.0, 65);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < 3; c++)
        p->rgb[3 * ((size_t) y * W + x) + c] *= (float) light (x, y);
  mc_segment_quality q;
  g_assert_cmpuint (segment_and_check (p, "lighting gradient", &q), ==, 0);
  g_free (p);
}

/* A small lesion (about 1.2% of the frame) beside a large dim patch (a quarter of the frame,
 * 25% darker than the skin) at the edge: the small dark lesion wins. */
static void
test_small_lesion_dim_patch (void)
{
  picture *p = base_picture (W * 0.55, H * 0.45, 30);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      if (hypot (x + 0.5, y + 0.5 - H) < 0.5 * H)
        for (int c = 0; c < 3; c++)
          p->rgb[3 * ((size_t) y * W + x) + c] *= 0.75f;
  mc_segment_quality q;
  unsigned flags = segment_and_check (p, "small lesion, dim patch", &q);
  g_assert_cmpuint (flags, ==, 0);
  g_free (p);
}

/* The same small lesion with nothing else: no warning at all. */
static void
test_clean_small_lesion (void)
{
  picture *p = base_picture (W * 0.55, H * 0.45, 30);
  mc_segment_quality q;
  g_assert_cmpuint (segment_and_check (p, "small lesion", &q), ==, 0);
  g_assert_cmpfloat (q.contrast, >, 0.3);
  g_assert_cmpfloat (q.stability, >, 0.8);
  g_free (p);
}

/* The user's hint: an ellipse selection drawn tightly around the lesion (1.2 times its radius),
 * so that the lesion is most of the analysed pixels, on a picture with a sticker and a dim patch
 * outside the selection. The lesion's outer part is lighter than its core (the shape that makes
 * Otsu's split fall inside the lesion when skin is a minority). */
static void
test_tight_selection (void)
{
  picture *p = base_picture (W * 0.45, H * 0.5, 80);
  const float blue[3] = { 0.10f, 0.55f, 0.85f };
  paint_ring (p, W + 20.0, H * 0.2, 0, 120, blue);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        size_t i = (size_t) y * W + x;
        double d = hypot (x + 0.5 - W * 0.45, y + 0.5 - H * 0.5);
        if (d < 80 && d > 50) /* the lighter outer part: halfway between lesion and skin */
          for (int c = 0; c < 3; c++)
            p->rgb[3 * i + c] = 0.5f * (p->rgb[3 * i + c] + 0.85f * (c == 0 ? 0.85f : 0.7f));
      }
  uint8_t *valid = g_new (uint8_t, (size_t) W * H);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      valid[(size_t) y * W + x] = hypot (x + 0.5 - W * 0.45, y + 0.5 - H * 0.5) < 96;
  mc_segment_params params;
  mc_segment_params_init (&params);
  uint8_t *mask = g_new (uint8_t, (size_t) W * H);
  mc_segment_quality q;
  g_assert_cmpint (mc_segment_checked (p->rgb, valid, W, H, &params, mask, &q, NULL), ==, MC_OK);
  double truth = area_of (p->truth), got = area_of (mask);
  g_test_message ("tight selection: area %.0f of %.0f (%+.1f%%), flags %u", got, truth,
                  100 * (got / truth - 1), q.flags);
  g_assert_cmpfloat (fabs (got / truth - 1), <=, 0.05);
  g_assert_cmpuint (q.flags, ==, 0);
  g_free (valid);
  g_free (mask);
  g_free (p);
}

/* A lesion only 4% darker than the skin is either not found or reported as low contrast. */
static void
test_faint_lesion_warns (void)
{
  picture *p = g_new (picture, 1);
  mc_synth_params sp;
  mc_synth_params_init (&sp, W, H);
  sp.vignette = 0;
  sp.hairs = 0;
  for (int c = 0; c < 3; c++)
    sp.lesion[c] = sp.skin[c] * 0.96f;
  g_assert_cmpint (mc_synth_lesion (&sp, p->rgb, p->truth), ==, MC_OK);
  mc_segment_params params;
  mc_segment_params_init (&params);
  uint8_t *mask = g_new (uint8_t, (size_t) W * H);
  mc_segment_quality q;
  g_assert_cmpint (mc_segment_checked (p->rgb, NULL, W, H, &params, mask, &q, NULL), ==, MC_OK);
  g_test_message ("faint lesion: flags %u, area %.0f", q.flags, area_of (mask));
  g_assert_cmpuint (q.flags & (MC_SEGMENT_NO_LESION | MC_SEGMENT_LOW_CONTRAST), !=, 0);
  g_free (mask);
  g_free (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/segment-clinical/ink-ring", test_ink_ring);
  g_test_add_func ("/segment-clinical/magenta-ink-ring", test_magenta_ink_ring);
  g_test_add_func ("/segment-clinical/sticker-at-edge", test_sticker_at_edge);
  g_test_add_func ("/segment-clinical/orange-sticker-at-edge", test_orange_sticker_at_edge);
  g_test_add_func ("/segment-clinical/lighting-gradient", test_lighting_gradient);
  g_test_add_func ("/segment-clinical/small-lesion-dim-patch", test_small_lesion_dim_patch);
  g_test_add_func ("/segment-clinical/clean-small-lesion", test_clean_small_lesion);
  g_test_add_func ("/segment-clinical/tight-selection", test_tight_selection);
  g_test_add_func ("/segment-clinical/faint-lesion-warns", test_faint_lesion_warns);
  return g_test_run ();
}
