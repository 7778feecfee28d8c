#include <math.h>
#include <time.h>

#include "util.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

void bench_seed(uint64_t seed)
{
	rng = seed ? seed : 0x9E3779B97F4A7C15ULL;
}

double bench_uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return ((double)(rng >> 11) + 0.5) / 9007199254740992.0;
}

double bench_gaussian(void)
{
	return sqrt(-2 * log(bench_uniform())) *
	       cos(6.283185307179586 * bench_uniform());
}

double bench_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
