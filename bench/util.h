/* What the bench/ programs share: repeatable random data and a clock. */
#ifndef GB_BENCH_UTIL_H
#define GB_BENCH_UTIL_H

#include <stdint.h>

/* Start the xorshift generator at `seed` (not 0): same seed, same data. */
void bench_seed(uint64_t seed);
/* Uniform in (0, 1). */
double bench_uniform(void);
/* Standard normal, by Box-Muller. */
double bench_gaussian(void);
/* A monotonic clock, in seconds. */
double bench_seconds(void);

#endif
