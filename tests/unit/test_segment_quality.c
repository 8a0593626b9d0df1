/* test_segment_quality.c: what a segmentation says about its own result (mc_segment.h, "How sure
 * the result is"). The words: one phrase per flag, the phrases of a combination joined by "; " in
 * the order of the bits, the kinds of artefact named, snprintf-like truncation. The flags, on
 * synthetic images whose answer is known and only through the checks that apply to any method:
 * no lesion on plain skin, a lesion cut by the image's border or by the analysed pixels' edge,
 * nothing to doubt on a clean centred disc; alone and with a joint pool. */
#include "mc_segment.h"
#include "mc_synth.h"

#include <glib.h>
#include <string.h>

static const unsigned ALL_FLAGS[] = { MC_SEGMENT_NO_LESION,    MC_SEGMENT_EDGE,
                                      MC_SEGMENT_ARTEFACTS,    MC_SEGMENT_LOW_CONTRAST,
                                      MC_SEGMENT_AMBIGUOUS,    MC_SEGMENT_UNSTABLE };
#define N_FLAGS G_N_ELEMENTS (ALL_FLAGS)

static const struct
{
  unsigned bit;
  const char *name;
} KINDS[] = { { MC_ARTEFACT_INK, "ink" },
              { MC_ARTEFACT_STICKER, "sticker" },
              { MC_ARTEFACT_GLARE, "glare" },
              { MC_ARTEFACT_RULER, "ruler" } };

static mc_segment_quality
quality (unsigned flags, unsigned artefacts)
{
  mc_segment_quality q;
  memset (&q, 0, sizeof q);
  q.flags = flags;
  q.artefacts = artefacts;
  q.stability = 1;
  return q;
}

/* The whole text of q's warnings, checking that the returned length is the text's. */
static gchar *
words (const mc_segment_quality *q)
{
  char text[1024];
  size_t len = mc_segment_warnings (q, text, sizeof text);
  g_assert_cmpuint (len, <, sizeof text);
  g_assert_cmpuint (strlen (text), ==, len);
  return g_strdup (text);
}

/* Words ------------------------------------------------------------------------------------ */

static void
test_words_none (void)
{
  mc_segment_quality q = quality (0, 0);
  char text[16];
  memset (text, 'x', sizeof text);
  g_assert_cmpuint (mc_segment_warnings (&q, text, sizeof text), ==, 0);
  g_assert_cmpstr (text, ==, "");
  /* No quality at all reads as nothing to doubt. */
  memset (text, 'x', sizeof text);
  g_assert_cmpuint (mc_segment_warnings (NULL, text, sizeof text), ==, 0);
  g_assert_cmpstr (text, ==, "");
}

/* Each flag alone: one phrase of its own, saying what the contract says. */
static void
test_words_each_flag (void)
{
  static const struct
  {
    unsigned bit;
    const char *must[2];
  } expected[] = {
    { MC_SEGMENT_NO_LESION, { "no lesion", NULL } },
    { MC_SEGMENT_EDGE, { "edge", "lower bound" } },
    { MC_SEGMENT_ARTEFACTS, { "artefacts", "ink" } },
    { MC_SEGMENT_LOW_CONTRAST, { "low contrast", NULL } },
    { MC_SEGMENT_AMBIGUOUS, { "candidates", NULL } },
    { MC_SEGMENT_UNSTABLE, { "unstable", NULL } },
  };
  gchar *seen[N_FLAGS];
  for (gsize i = 0; i < N_FLAGS; i++)
    {
      g_assert_cmpuint (expected[i].bit, ==, ALL_FLAGS[i]);
      mc_segment_quality q = quality (expected[i].bit,
                                      expected[i].bit == MC_SEGMENT_ARTEFACTS ? MC_ARTEFACT_INK : 0);
      seen[i] = words (&q);
      g_test_message ("flag %u: %s", expected[i].bit, seen[i]);
      for (gsize k = 0; k < 2 && expected[i].must[k]; k++)
        g_assert_nonnull (strstr (seen[i], expected[i].must[k]));
      g_assert_null (strstr (seen[i], "; "));
      for (gsize j = 0; j < i; j++)
        g_assert_cmpstr (seen[i], !=, seen[j]);
    }
  for (gsize i = 0; i < N_FLAGS; i++)
    g_free (seen[i]);
}

/* Every combination of flags is the phrases of its bits, lowest bit first, joined by "; ". */
static void
test_words_combinations (void)
{
  const unsigned artefacts = MC_ARTEFACT_GLARE | MC_ARTEFACT_RULER;
  gchar *single[N_FLAGS];
  for (gsize i = 0; i < N_FLAGS; i++)
    {
      mc_segment_quality q = quality (ALL_FLAGS[i], artefacts);
      single[i] = words (&q);
    }
  for (unsigned combo = 1; combo < 1u << N_FLAGS; combo++)
    {
      unsigned flags = 0;
      GString *want = g_string_new (NULL);
      for (gsize i = 0; i < N_FLAGS; i++)
        if (combo & (1u << i))
          {
            flags |= ALL_FLAGS[i];
            g_string_append_printf (want, "%s%s", want->len ? "; " : "", single[i]);
          }
      mc_segment_quality q = quality (flags, flags & MC_SEGMENT_ARTEFACTS ? artefacts : 0);
      gchar *got = words (&q);
      g_assert_cmpstr (got, ==, want->str);
      g_free (got);
      g_string_free (want, TRUE);
    }
  for (gsize i = 0; i < N_FLAGS; i++)
    g_free (single[i]);
}

/* The artefacts phrase names exactly the kinds that were excluded, separated by ", ". */
static void
test_words_artefact_kinds (void)
{
  for (unsigned kinds = 1; kinds < 1u << G_N_ELEMENTS (KINDS); kinds++)
    {
      unsigned artefacts = 0;
      for (gsize k = 0; k < G_N_ELEMENTS (KINDS); k++)
        if (kinds & (1u << k))
          artefacts |= KINDS[k].bit;
      mc_segment_quality q = quality (MC_SEGMENT_ARTEFACTS, artefacts);
      gchar *text = words (&q);
      int named = 0;
      for (gsize k = 0; k < G_N_ELEMENTS (KINDS); k++)
        {
          gboolean in = strstr (text, KINDS[k].name) != NULL;
          g_assert_cmpint (in, ==, (artefacts & KINDS[k].bit) != 0);
          named += in;
        }
      /* n kinds, n - 1 separators. */
      int commas = 0;
      for (const char *c = text; (c = strstr (c, ", ")); c += 2)
        commas++;
      g_assert_cmpint (commas, ==, named - 1);
      g_free (text);
    }
}

/* As snprintf: at most size bytes written, NUL included, always terminated when size > 0, the
 * whole length returned whatever the size; nothing written with size 0. */
static void
test_words_truncation (void)
{
  mc_segment_quality q
    = quality (MC_SEGMENT_EDGE | MC_SEGMENT_ARTEFACTS | MC_SEGMENT_UNSTABLE, MC_ARTEFACT_INK);
  gchar *full = words (&q);
  size_t len = strlen (full);
  g_assert_cmpuint (len, >, 20);
  g_assert_cmpuint (mc_segment_warnings (&q, NULL, 0), ==, len);
  for (size_t size = 0; size <= len + 2; size++)
    {
      char buf[1024];
      memset (buf, '#', sizeof buf);
      g_assert_cmpuint (mc_segment_warnings (&q, buf, size), ==, len);
      if (size == 0)
        {
          g_assert_cmpint (buf[0], ==, '#');
          continue;
        }
      size_t kept = MIN (size - 1, len);
      g_assert_cmpmem (buf, kept, full, kept);
      g_assert_cmpint (buf[kept], ==, '\0');
      /* Nothing beyond size was touched. */
      for (size_t i = size; i < size + 8; i++)
        g_assert_cmpint (buf[i], ==, '#');
    }
  g_free (full);
}

/* Flags on synthetic images ----------------------------------------------------------------- */

typedef struct
{
  int width, height;
  float *rgb;
  uint8_t *mask;
} picture;

/* A lesion on plain skin: no hair, no vignette (the cases below are about the frame and the
 * analysed pixels, not about a dermatoscope's field of view). */
static mc_synth_params
plain_params (int w, int h, double cx, double cy, double r)
{
  mc_synth_params p;
  mc_synth_params_init (&p, w, h);
  p.cx = cx;
  p.cy = cy;
  p.rx = p.ry = r;
  p.hairs = 0;
  p.vignette = 0;
  return p;
}

static picture
draw (const mc_synth_params *p)
{
  picture pic = { p->width, p->height, NULL, NULL };
  pic.rgb = g_new (float, (size_t) p->width * p->height * 3);
  pic.mask = g_new (uint8_t, (size_t) p->width * p->height);
  g_assert_cmpint (mc_synth_lesion (p, pic.rgb, NULL), ==, MC_OK);
  return pic;
}

static void
picture_free (picture *pic)
{
  g_free (pic->rgb);
  g_free (pic->mask);
}

static mc_segment_quality
segment (picture *pic, const uint8_t *valid, int method)
{
  mc_segment_params p;
  mc_segment_params_init (&p);
  p.method = method;
  mc_segment_quality q;
  memset (&q, 0x5a, sizeof q);
  g_assert_cmpint (mc_segment_checked (pic->rgb, valid, pic->width, pic->height, &p, pic->mask,
                                       &q, NULL),
                   ==, MC_OK);
  gchar *text = words (&q);
  g_test_message ("method %d: flags %u, \"%s\"", method, q.flags, text);
  g_free (text);
  return q;
}

static gint64
lesion_pixels (const picture *pic)
{
  gint64 n = 0;
  for (size_t i = 0; i < (size_t) pic->width * pic->height; i++)
    n += pic->mask[i] != 0;
  return n;
}

/* TRUE when a lesion pixel lies on the image's border or beside a pixel that is not analysed. */
static gboolean
mask_touches_edge (const picture *pic, const uint8_t *valid)
{
  int w = pic->width, h = pic->height;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        size_t i = (size_t) y * w + x;
        if (!pic->mask[i])
          continue;
        if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
          return TRUE;
        if (valid && (!valid[i - 1] || !valid[i + 1] || !valid[i - w] || !valid[i + w]))
          return TRUE;
      }
  return FALSE;
}

/* Skin and nothing else. Method 1 finds no lesion and says so. The course's 2-means always
 * splits the pixels in two, so its mask is not empty; it must still say that the split is not
 * to be trusted: no lesion, or low contrast between the two "clusters". */
static void
test_no_lesion_on_plain_skin (void)
{
  /* A lesion far smaller than a pixel, with no soft border: not one pixel is darkened. */
  mc_synth_params sp = plain_params (400, 300, 200, 150, 0.01);
  sp.edge_px = 0;
  picture pic = draw (&sp);
  mc_segment_quality q = segment (&pic, NULL, 1);
  g_assert_cmpint (lesion_pixels (&pic), ==, 0);
  g_assert_true (q.flags & MC_SEGMENT_NO_LESION);
  g_assert_false (q.flags & MC_SEGMENT_EDGE);
  gchar *text = words (&q);
  g_assert_nonnull (strstr (text, "no lesion"));
  g_free (text);

  q = segment (&pic, NULL, 0);
  g_assert_true (q.flags & (MC_SEGMENT_NO_LESION | MC_SEGMENT_LOW_CONTRAST));
  /* No lesion found means an empty mask, and the other way round. */
  g_assert_cmpint ((q.flags & MC_SEGMENT_NO_LESION) != 0, ==, lesion_pixels (&pic) == 0);
  picture_free (&pic);
}

/* With no analysed pixel at all there is no lesion either, for both methods. */
static void
test_no_lesion_without_pixels (void)
{
  mc_synth_params sp = plain_params (200, 150, 100, 75, 40);
  picture pic = draw (&sp);
  uint8_t *none = g_new0 (uint8_t, (size_t) pic.width * pic.height);
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_quality q = segment (&pic, none, m);
      g_assert_cmpint (lesion_pixels (&pic), ==, 0);
      g_assert_true (q.flags & MC_SEGMENT_NO_LESION);
    }
  g_free (none);
  picture_free (&pic);
}

/* Segments pic (valid as given) with method m and checks that a lesion was found, that it is
 * flagged as cut by the edge and that the words say so. When touching, its mask must also reach
 * the image's border or the analysed pixels' edge itself. */
static void
assert_cut (picture *pic, const uint8_t *valid, int m, gboolean touching)
{
  mc_segment_quality q = segment (pic, valid, m);
  g_assert_cmpint (lesion_pixels (pic), >, 0);
  if (touching)
    g_assert_true (mask_touches_edge (pic, valid));
  g_assert_true (q.flags & MC_SEGMENT_EDGE);
  g_assert_false (q.flags & MC_SEGMENT_NO_LESION);
  gchar *text = words (&q);
  g_assert_nonnull (strstr (text, "edge"));
  g_free (text);
}

/* A disc whose left third lies outside the image: both methods find the part inside, which
 * reaches the border, and say that the area is a lower bound. */
static void
test_edge_of_image (void)
{
  mc_synth_params sp = plain_params (400, 300, 25, 150, 70);
  picture pic = draw (&sp);
  for (int m = 0; m <= 1; m++)
    assert_cut (&pic, NULL, m, TRUE);
  picture_free (&pic);
}

/* The same disc whole in the image but cut by the edge of the analysed pixels (a selection of
 * the right half): the part analysed ends on that edge, with either method. (Method 1's border
 * smoothing may stop its mask a pixel short of the edge; it is still cut there.) */
static void
test_edge_of_selection (void)
{
  mc_synth_params sp = plain_params (400, 300, 200, 150, 70);
  picture pic = draw (&sp);
  size_t n = (size_t) pic.width * pic.height;
  uint8_t *valid = g_new (uint8_t, n);
  for (size_t i = 0; i < n; i++)
    valid[i] = (int) (i % pic.width) >= 200;
  for (int m = 0; m <= 1; m++)
    {
      /* Whole, the disc touches nothing. */
      mc_segment_quality q = segment (&pic, NULL, m);
      g_assert_false (q.flags & MC_SEGMENT_EDGE);
      assert_cut (&pic, valid, m, m == 0);
    }
  g_free (valid);
  picture_free (&pic);
}

/* A clean centred disc on textured skin: nothing to doubt, no words. */
static void
test_clean_disc (void)
{
  mc_synth_params sp = plain_params (400, 300, 200, 150, 60);
  picture pic = draw (&sp);
  mc_segment_quality q = segment (&pic, NULL, 1);
  g_assert_cmpint (lesion_pixels (&pic), >, 0);
  g_assert_cmpuint (q.flags, ==, 0);
  g_assert_cmpuint (q.artefacts, ==, 0);
  char text[64];
  memset (text, 'x', sizeof text);
  g_assert_cmpuint (mc_segment_warnings (&q, text, sizeof text), ==, 0);
  g_assert_cmpstr (text, ==, "");
  /* The unchecked call gives the same mask. */
  uint8_t *again = g_new (uint8_t, (size_t) pic.width * pic.height);
  mc_segment_params p;
  mc_segment_params_init (&p);
  g_assert_cmpint (mc_segment (pic.rgb, NULL, pic.width, pic.height, &p, again, NULL), ==, MC_OK);
  g_assert_cmpmem (again, (size_t) pic.width * pic.height, pic.mask,
                   (size_t) pic.width * pic.height);
  g_free (again);
  picture_free (&pic);
}

/* A joint pool reports per image: the image whose lesion is cut by the border gets EDGE, the
 * clean one does not; a NULL quality is accepted. */
static void
test_pool_flags (void)
{
  mc_synth_params clean = plain_params (400, 300, 200, 150, 60);
  mc_synth_params cut = plain_params (400, 300, 25, 150, 70);
  picture pics[2] = { draw (&clean), draw (&cut) };
  for (int m = 0; m <= 1; m++)
    {
      mc_segment_params p;
      mc_segment_params_init (&p);
      p.method = m;
      mc_segment_pool *pool = mc_segment_pool_new (&p);
      g_assert_nonnull (pool);
      for (int i = 0; i < 2; i++)
        g_assert_cmpint (mc_segment_pool_add (pool, i, pics[i].rgb, NULL, 400, 300, NULL), ==,
                         MC_OK);
      g_assert_cmpint (mc_segment_pool_fit (pool, NULL), ==, MC_OK);
      mc_segment_quality q[2];
      for (int i = 0; i < 2; i++)
        g_assert_cmpint (mc_segment_pool_segment_checked (pool, pics[i].rgb, NULL, 400, 300,
                                                          pics[i].mask, &q[i], NULL),
                         ==, MC_OK);
      g_test_message ("pool, method %d: flags %u (clean), %u (cut)", m, q[0].flags, q[1].flags);
      g_assert_false (q[0].flags & (MC_SEGMENT_EDGE | MC_SEGMENT_NO_LESION));
      g_assert_true (q[1].flags & MC_SEGMENT_EDGE);
      g_assert_true (mask_touches_edge (&pics[1], NULL));
      g_assert_cmpint (mc_segment_pool_segment_checked (pool, pics[1].rgb, NULL, 400, 300,
                                                        pics[1].mask, NULL, NULL),
                       ==, MC_OK);
      mc_segment_pool_free (pool);
    }
  picture_free (&pics[0]);
  picture_free (&pics[1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/segment-quality/words/none", test_words_none);
  g_test_add_func ("/segment-quality/words/each-flag", test_words_each_flag);
  g_test_add_func ("/segment-quality/words/combinations", test_words_combinations);
  g_test_add_func ("/segment-quality/words/artefact-kinds", test_words_artefact_kinds);
  g_test_add_func ("/segment-quality/words/truncation", test_words_truncation);
  g_test_add_func ("/segment-quality/no-lesion/plain-skin", test_no_lesion_on_plain_skin);
  g_test_add_func ("/segment-quality/no-lesion/no-pixels", test_no_lesion_without_pixels);
  g_test_add_func ("/segment-quality/edge/image-border", test_edge_of_image);
  g_test_add_func ("/segment-quality/edge/selection", test_edge_of_selection);
  g_test_add_func ("/segment-quality/clean-disc", test_clean_disc);
  g_test_add_func ("/segment-quality/pool", test_pool_flags);
  return g_test_run ();
}
