/* segment_artefacts.c: method 1, step 2: what clinicians put on or beside the skin, found by
 * colour before the lesion is looked for.
 *
 * Skin and every kind of pigment are red to yellow-brown: red is their largest channel. Marker
 * ink (purple, blue, green), blue and green stickers and most patches of a colour chart are not:
 * a pixel whose blue or green clearly exceeds its red, with a chroma (max - min of R'G'B') that
 * the greyish blue of a regression or a veil does not reach, is taken for one. Orange stickers
 * share skin's hue but not its purity: bright and far more saturated than any skin or lesion.
 * Connected pieces of such pixels large enough not to be noise are the artefacts: a piece of at
 * least STICKER_SHARE of the image that fills much of its bounding box is a sticker or a chart,
 * anything else ink. They are grown by a margin (their rims, shadows and the blur of step 3) and
 * take no part in the skin model, the threshold or the choice of the lesion. */
#include "segment_internal.h"

#include "mc_morphology.h"

#include <math.h>
#include <stdlib.h>

#define FOREIGN_HUE_MARGIN 0.15 /* log(blue or green / skin's) above log(red / skin's) by this */
#define FOREIGN_CHROMA 0.2      /* ... and an R'G'B' chroma of at least this */
#define ORANGE_RED_DROP 0.1     /* orange stickers: red at most this much darker than skin's (log) */
#define ORANGE_BLUE_DROP 1.0    /* ... blue this much darker than red, relative to skin (log) */
#define ORANGE_CHROMA 0.45      /* ... and a chroma of at least this */
#define MIN_PIECE_SHARE 0.0002  /* smaller pieces are noise */
#define STICKER_SHARE 0.003     /* a sticker or chart covers at least this share ... */
#define STICKER_FILL 0.4        /* ... and this share of its bounding box */
#define ARTEFACT_MARGIN 0.012   /* grown by this share of the diagonal */

/* The skin's colour: per channel, the median over the brighter half of the valid pixels. */
static mc_status
skin_colour (const float *rgb, const uint8_t *valid, size_t n, float skin[3])
{
  float *v = malloc (n * sizeof *v);
  if (!v)
    return MC_ERR_NOMEM;
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (valid[i])
      v[m++] = rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2];
  skin[0] = skin[1] = skin[2] = 1;
  if (m)
    {
      float half = segment_quantile (v, m, 0.5);
      for (int c = 0; c < 3; c++)
        {
          size_t k = 0;
          for (size_t i = 0; i < n; i++)
            if (valid[i] && rgb[3 * i] + rgb[3 * i + 1] + rgb[3 * i + 2] >= half)
              v[k++] = rgb[3 * i + c];
          skin[c] = k ? fmaxf (segment_quantile (v, k, 0.5), 1e-3f) : 1;
        }
    }
  free (v);
  return MC_OK;
}

enum
{
  FOREIGN_HUE = 1,   /* blue, purple, green */
  FOREIGN_ORANGE = 2 /* skin's hue but brighter and purer than skin or lesion */
};

/* Colours are judged against the skin's, so that a colour cast of the camera (bluish or
 * orange skin) is not taken for ink or a sticker. */
static int
foreign_colour (const float *p, const float skin[3])
{
  float mx = fmaxf (p[0], fmaxf (p[1], p[2])), mn = fminf (p[0], fminf (p[1], p[2]));
  float chroma = mx - mn;
  float l[3];
  for (int c = 0; c < 3; c++)
    l[c] = logf (fmaxf (p[c], 1e-3f) / skin[c]);
  if (chroma >= FOREIGN_CHROMA
      && (l[2] > l[0] + FOREIGN_HUE_MARGIN || l[1] > l[0] + FOREIGN_HUE_MARGIN)
      && (p[2] > p[0] || p[1] > p[0]))
    return FOREIGN_HUE;
  if (chroma >= ORANGE_CHROMA && l[0] >= -ORANGE_RED_DROP && l[2] <= l[0] - ORANGE_BLUE_DROP)
    return FOREIGN_ORANGE;
  return 0;
}

typedef struct
{
  size_t area, orange;
  int x0, y0, x1, y1;
} piece;

mc_status
segment_artefacts (const float *rgb, const uint8_t *valid, int W, int H, double diag,
                   uint8_t *art, unsigned *kinds)
{
  size_t n = (size_t) W * H;
  int32_t *labels = malloc (n * sizeof *labels);
  piece *pieces = NULL;
  mc_status st = MC_ERR_NOMEM;
  *kinds = 0;
  if (!labels)
    goto done;
  float skin[3];
  if ((st = skin_colour (rgb, valid, n, skin)) != MC_OK)
    goto done;
  st = MC_ERR_NOMEM;
  for (size_t i = 0; i < n; i++)
    art[i] = valid[i] ? (uint8_t) foreign_colour (rgb + 3 * i, skin) : 0;
  int count = mc_label_components (art, W, H, 8, labels);
  if (count < 0)
    goto done;
  st = MC_OK;
  if (count == 0)
    goto done;
  st = MC_ERR_NOMEM;
  if (!(pieces = calloc ((size_t) count + 1, sizeof *pieces)))
    goto done;
  for (int l = 1; l <= count; l++)
    pieces[l] = (piece) { 0, 0, W, H, -1, -1 };
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        size_t i = (size_t) y * W + x;
        piece *p = &pieces[labels[i]];
        p->area++;
        p->orange += art[i] == FOREIGN_ORANGE;
        p->x0 = x < p->x0 ? x : p->x0;
        p->y0 = y < p->y0 ? y : p->y0;
        p->x1 = x > p->x1 ? x : p->x1;
        p->y1 = y > p->y1 ? y : p->y1;
      }
  for (int l = 1; l <= count; l++)
    {
      piece *p = &pieces[l];
      double share = (double) p->area / (double) n;
      double box = (double) (p->x1 - p->x0 + 1) * (p->y1 - p->y0 + 1);
      int sticker = share >= STICKER_SHARE && p->area >= STICKER_FILL * box;
      int at_border = p->x0 == 0 || p->y0 == 0 || p->x1 == W - 1 || p->y1 == H - 1;
      /* Orange alone is also the colour of light-brown pigment: only a sticker at the border of
       * the frame is taken for one. */
      int big = share >= MIN_PIECE_SHARE
                && (2 * p->orange < p->area || (sticker && at_border));
      if (big)
        *kinds |= sticker ? MC_ARTEFACT_STICKER : MC_ARTEFACT_INK;
      p->area = big; /* from here on: kept */
    }
  for (size_t i = 0; i < n; i++)
    art[i] = labels[i] && pieces[labels[i]].area;
  st = *kinds ? mc_binary_dilate (art, art, W, H, ARTEFACT_MARGIN * diag) : MC_OK;
done:
  free (labels);
  free (pieces);
  return st;
}
