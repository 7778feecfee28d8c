/*
 * Time gb_changepoints on synthetic histories of 1k, 10k and 100k points:
 * gaussian noise around 1000 with a 10% step every 500 points, the shape
 * of a long benchmark history. Prints one line per size; judges nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gitbench.h>

#include "util.h"

static int run(size_t len)
{
	double *x = malloc(len * sizeof(double)), level = 1000, start, took;
	gb_changepoint *cps = NULL;
	size_t i, count = 0;
	int error;

	if (!x)
		return -1;
	for (i = 0; i < len; i++) {
		if (i && i % 500 == 0)
			level *= i % 1000 ? 1.1 : 1 / 1.1;
		x[i] = level + 10 * bench_gaussian();
	}
	start = bench_seconds();
	error = gb_changepoints(&cps, &count, x, len, NULL);
	took = bench_seconds() - start;
	if (!error)
		printf("%zu points: %.4f s, %zu change points\n", len, took, count);
	else
		fprintf(stderr, "bench-changepoint: %s\n", gb_error_last()->message);
	free(cps);
	free(x);
	return error;
}

int main(void)
{
	bench_seed(0x2545F4914F6CDD1DULL);
	if (run(1000) || run(10000) || run(100000))
		return 1;
	return 0;
}
