/* test_util.h: small helpers shared by the core unit tests. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Deterministic standard-normal noise for (seed, index), for drawing synthetic test images. */
double tu_gauss (uint64_t seed, uint64_t index);

/* Path of the real dermoscopy data set (../shared/data/dermoscopy seen from the source tree, or
 * $MEDCLUST_DATA), or NULL when it is absent. */
const char *tu_data_dir (void);

#endif
