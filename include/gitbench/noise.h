/*
 * The noise model: how much one run of a benchmark moves from the next on
 * a machine when the code does not change, learned from stored runs.
 *
 * Everything is on the logarithm of the benchmark's estimate, so a spread
 * is relative (0.03 is about 3%) and one model serves benchmarks of every
 * size. Two kinds of evidence are pooled:
 *
 *  - replicates: several runs of one commit. Their spread about the
 *    commit's mean, pooled over commits, with one degree of freedom per
 *    run beyond the first of each commit. Runs made one after the other
 *    share the machine's state, so this can understate the spread of runs
 *    made apart.
 *  - sequence: successive measured commits along a line of history. The
 *    difference of two commits' means, scaled by its expected spread for
 *    their numbers of runs; the RMS of those differences about their
 *    median, the largest eighth left out and the rest corrected to
 *    estimate sigma for normal noise. A step (a real change) is one large
 *    difference and an outlier two: left out, up to one in eight. What is
 *    kept keeps the heavy tails of a machine that is quiet most of the
 *    time and far off now and then, which a MAD would hide. Each
 *    difference is worth 0.7 of a degree of freedom (the mean square
 *    successive difference is about 2/3 as efficient as a variance).
 *
 * A benchmark's own spread is the larger of the sequence's and the pool
 * of both (replicates made back to back must not make runs made apart
 * look quieter than they are), its degrees of freedom those of all its
 * evidence.
 *
 * Benchmarks of one kind (unit and "[metric]") on one machine spread
 * alike more often than not, and a short history leaves each one's own
 * spread with few degrees of freedom. So each is shrunk toward the spread
 * typical of its kind, empirical Bayes as Smyth's moderated variances
 * (limma) do it: the log variances of the kind's benchmarks, less what
 * their own degrees of freedom explain, tell how much the benchmarks
 * really differ; from that come the typical spread s0 and its weight d0
 * (few differences between them: a large weight; very different: next
 * to none). A benchmark's spread is then (d0 s0^2 + d s^2) / (d0 + d) on
 * d0 + d degrees of freedom. d0 is at most GB_NOISE_PRIOR_MAX_DF, and
 * never more than the other benchmarks' degrees of freedom together; a
 * kind of fewer than GB_NOISE_POOL_MIN benchmarks is not pooled.
 * Identical copies of a run never count twice: series drop them.
 *
 * Cost: one pass over the points of each series given, O(n log n) in the
 * points for the median, at most GB_NOISE_MAX_COMMITS commits per series.
 */
#ifndef GITBENCH_NOISE_H
#define GITBENCH_NOISE_H

#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Newest measured commits of one series that a model looks at. */
#define GB_NOISE_MAX_COMMITS 64
/* Benchmarks of a kind needed to pool their spreads, and the most weight. */
#define GB_NOISE_POOL_MIN 4
#define GB_NOISE_PRIOR_MAX_DF 50

typedef struct {
	double sigma;        /* spread of ln(estimate) of one run; NAN unknown */
	double df;           /* degrees of freedom of sigma (0: unknown) */
	double own_sigma;    /* from this benchmark's runs alone (NAN: none) */
	double own_df;
	double prior_sigma;  /* typical of its kind here (NAN: not pooled) */
	double prior_df;     /* the weight that was given */
	/*
	 * How heavy the tails of the kind's noise are, as the degrees of
	 * freedom of a Student t with the kurtosis of its successive
	 * differences: INFINITY for normal tails (or too few to tell).
	 */
	double tail_df;
	double rep_sigma;    /* from replicates alone (NAN: none) */
	double rep_df;       /* runs beyond the first of their commit */
	double seq_sigma;    /* from successive commits alone (NAN: none) */
	size_t seq_n;        /* successive differences it rests on */
} gb_noise_estimate;

typedef struct gb_noise gb_noise;

GB_EXTERN(int) gb_noise_new(gb_noise **out);
GB_EXTERN(void) gb_noise_free(gb_noise *n);

/*
 * Learn from every series of `set` (runs of one machine: the caller
 * collects them so). Several sets may be added, e.g. the first parents of
 * each side of a comparison; a series seen in two sets pools the
 * evidence of both, so the sets should not overlap.
 */
GB_EXTERN(int) gb_noise_add_series_set(gb_noise *n, const gb_series_set *set);
/* Learn from one series (points oldest first, a commit's runs together). */
GB_EXTERN(int) gb_noise_add_series(gb_noise *n, const gb_series *s);

/* The estimate for benchmark `name`, or NULL when nothing was learned. */
GB_EXTERN(const gb_noise_estimate *) gb_noise_find(const gb_noise *n,
	const char *name);

/*
 * The estimate from raw evidence, for callers that have their own
 * replicates and sequence (and for tests): `rep_ss` the pooled sum of
 * squares of ln values about their commits' means with `rep_df` degrees
 * of freedom; `diffs` the scaled successive differences of ln means
 * (modified: sorted in place).
 */
GB_EXTERN(void) gb_noise_estimate_make(gb_noise_estimate *out, double rep_ss,
	double rep_df, double *diffs, size_t ndiffs);

#ifdef __cplusplus
}
#endif
#endif
