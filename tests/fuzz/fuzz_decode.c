/* fuzz_decode.c: fuzz target for the JPEG and PNG decoders' entry, mc_decode_memory
 * (plugin/mc_decode.h): the bytes of a file the batch procedures read. Whatever the bytes, the
 * decoder must return (never exit or crash), and its answer must keep the header's promises:
 * a whole image has a sane shape and every pixel byte it claims; every other answer but "not
 * mine" says why in readable text; the same bytes give the same answer twice.
 * Built twice, as fuzz-decode-jpeg and fuzz-decode-png: the code is the same, the seed corpus and
 * dictionary differ, so that each run spends its time inside one decoder. */
#include "fuzz_common.h"
#include "mc_decode.h"

#include <string.h>

/* Small enough that a header declaring 65535 x 65535 pixels is refused before any pixel memory
 * is taken, large enough for every image of the corpus. */
#define FUZZ_MAX_PIXELS ((size_t) 1 << 22)

static int
starts_with (const uint8_t *data, size_t size, const char *magic, size_t n)
{
  return size >= n && memcmp (data, magic, n) == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  mc_decode_set_max_pixels (FUZZ_MAX_PIXELS);
  mc_raw_image img;
  gchar *message = NULL;
  mc_decode_result r = mc_decode_memory (data, size, &img, &message);
  CHECK (r == MC_DECODE_OK || r == MC_DECODE_NOT_MINE || r == MC_DECODE_DAMAGED
         || r == MC_DECODE_FAILED);

  int jpeg = starts_with (data, size, "\xff\xd8\xff", 3);
  int png = starts_with (data, size, "\x89PNG\r\n\x1a\n", 8);
  if (jpeg || png)
    CHECK (r != MC_DECODE_NOT_MINE);

  if (r == MC_DECODE_OK)
    {
      CHECK (img.width >= 1 && img.height >= 1);
      CHECK ((size_t) img.width * (size_t) img.height <= FUZZ_MAX_PIXELS);
      CHECK (img.n_components >= 1 && img.n_components <= 4);
      CHECK (img.bits == 8 || img.bits == 16);
      CHECK (img.bits == 8 || png); /* libjpeg-turbo gives 8-bit samples only */
      CHECK (img.pixels != NULL);
      /* Touch every byte the image claims: AddressSanitizer reports a buffer that is smaller. */
      size_t bytes = (size_t) img.width * img.height * img.n_components * (img.bits / 8);
      unsigned sum = 0;
      for (size_t i = 0; i < bytes; i++)
        sum += img.pixels[i];
      (void) sum;
    }
  else
    {
      CHECK (img.pixels == NULL && img.width == 0 && img.height == 0);
      if (r != MC_DECODE_NOT_MINE)
        {
          /* The message goes into a CSV cell and a GIMP message: readable text, one line. */
          CHECK (message != NULL && message[0] != '\0');
          CHECK (g_utf8_validate (message, -1, NULL));
          CHECK (strchr (message, '\n') == NULL);
        }
    }

  /* The same bytes, the same answer: nothing carried over from the call before. */
  mc_raw_image again;
  gchar *message2 = NULL;
  CHECK (mc_decode_memory (data, size, &again, &message2) == r);
  CHECK (g_strcmp0 (message, message2) == 0);
  if (r == MC_DECODE_OK)
    {
      CHECK (again.width == img.width && again.height == img.height
             && again.n_components == img.n_components && again.bits == img.bits);
      CHECK (memcmp (again.pixels, img.pixels,
                     (size_t) img.width * img.height * img.n_components * (img.bits / 8))
             == 0);
    }
  mc_raw_image_clear (&again);
  mc_raw_image_clear (&img);
  g_free (message);
  g_free (message2);
  return 0;
}
