/* fuzz_common.h: what the fuzz targets share: a check that stops the process with the failed
 * condition's text (libFuzzer saves the input as a crash; the standalone driver's test fails),
 * and a reader that draws numbers from the front of the fuzzer's bytes. */
#ifndef MC_FUZZ_COMMON_H
#define MC_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                               \
  do                                                                                              \
    {                                                                                             \
      if (!(cond))                                                                                \
        {                                                                                         \
          fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
          abort ();                                                                               \
        }                                                                                         \
    }                                                                                             \
  while (0)

/* The fuzzer's bytes as a stream of numbers; past the end every read gives 0, so that any input,
 * even an empty one, maps to one well-defined call. */
typedef struct
{
  const uint8_t *data;
  size_t size, at;
} fuzz_bytes;

static inline uint8_t
fuzz_u8 (fuzz_bytes *b)
{
  return b->at < b->size ? b->data[b->at++] : 0;
}

static inline uint16_t
fuzz_u16 (fuzz_bytes *b)
{
  uint16_t hi = fuzz_u8 (b);
  return (uint16_t) (hi << 8 | fuzz_u8 (b));
}

static inline uint32_t
fuzz_u32 (fuzz_bytes *b)
{
  uint32_t hi = fuzz_u16 (b);
  return hi << 16 | fuzz_u16 (b);
}

/* The bytes not read yet. */
static inline size_t
fuzz_left (const fuzz_bytes *b)
{
  return b->size - b->at;
}

#endif
