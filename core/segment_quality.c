/* segment_quality.c: what a segmentation knows about its own result (mc_segment.h, "How sure
 * the result is"): the checks that apply to any mask, and the flags in words. The checks that
 * need a method's insides (artefacts, contrast, candidates, stability) are made by the method. */
#include "segment_internal.h"

#include <stdio.h>
#include <string.h>

void
segment_quality_init (mc_segment_quality *q)
{
  memset (q, 0, sizeof *q);
  q->stability = 1;
}

/* A lesion pixel on the image's border or beside a pixel that is not analysed (outside the
 * selection, transparent) means the lesion may go on beyond what was seen. */
static int
touches_edge (const uint8_t *mask, const uint8_t *valid, int width, int height)
{
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        size_t i = (size_t) y * width + x;
        if (!mask[i])
          continue;
        if (x == 0 || y == 0 || x == width - 1 || y == height - 1)
          return 1;
        if (valid && (!valid[i - 1] || !valid[i + 1] || !valid[i - width] || !valid[i + width]))
          return 1;
      }
  return 0;
}

void
segment_quality_finish (const uint8_t *mask, const uint8_t *valid, int width, int height,
                        mc_segment_quality *q)
{
  size_t n = (size_t) width * height, area = 0;
  for (size_t i = 0; i < n; i++)
    area += mask[i] != 0;
  if (area == 0)
    {
      /* Nothing to doubt but the absence itself; the artefacts excluded are still said (the
       * flag goes with their kinds, whichever step found them). */
      q->flags = MC_SEGMENT_NO_LESION | (q->artefacts ? MC_SEGMENT_ARTEFACTS : 0);
      q->contrast = 0;
      return;
    }
  if (touches_edge (mask, valid, width, height))
    q->flags |= MC_SEGMENT_EDGE;
  if (q->artefacts)
    q->flags |= MC_SEGMENT_ARTEFACTS;
}

size_t
mc_segment_warnings (const mc_segment_quality *q, char *text, size_t size)
{
  static const struct
  {
    unsigned bit;
    const char *words;
  } phrases[] = {
    { MC_SEGMENT_NO_LESION, "no lesion found" },
    { MC_SEGMENT_EDGE, "the lesion touches the edge of the image or of the analysed area: the "
                       "area is a lower bound" },
    { MC_SEGMENT_ARTEFACTS, "artefacts excluded:" },
    { MC_SEGMENT_LOW_CONTRAST, "low contrast between lesion and skin" },
    { MC_SEGMENT_AMBIGUOUS, "several separate candidates scored alike" },
    { MC_SEGMENT_UNSTABLE, "unstable: the outline changes a lot with the threshold" },
  };
  static const struct
  {
    unsigned bit;
    const char *name;
  } kinds[] = {
    { MC_ARTEFACT_INK, "ink" },
    { MC_ARTEFACT_STICKER, "sticker or colour chart" },
    { MC_ARTEFACT_GLARE, "glare" },
    { MC_ARTEFACT_RULER, "ruler" },
  };
  char buf[512];
  size_t len = 0;
  buf[0] = '\0';
  for (size_t p = 0; q && p < sizeof phrases / sizeof phrases[0]; p++)
    {
      if (!(q->flags & phrases[p].bit))
        continue;
      len += (size_t) snprintf (buf + len, sizeof buf - len, "%s%s", len ? "; " : "",
                                phrases[p].words);
      if (phrases[p].bit != MC_SEGMENT_ARTEFACTS)
        continue;
      int first = 1;
      for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
        if (q->artefacts & kinds[k].bit)
          {
            len += (size_t) snprintf (buf + len, sizeof buf - len, "%s %s", first ? "" : ",",
                                      kinds[k].name);
            first = 0;
          }
    }
  if (size)
    snprintf (text, size, "%s", buf);
  return len;
}
