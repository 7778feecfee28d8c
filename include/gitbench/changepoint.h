/*
 * Change points of a benchmark's history: where a series of per-commit
 * values (oldest first) moves to a new level and stays there.
 *
 * The method is Apache Otava's (formerly Hunter, by DataStax): E-divisive
 * means with a t-test in place of the permutation test. The test is
 * Welch's, with each side's stddev taken as at least the series'
 * run-to-run spread (gb_stats_successive_spread): a short segment's own
 * stddev can be near zero by chance, and the search for the best split
 * finds exactly those. With it, flat gaussian noise of 300 points shows
 * a change in about 1% of series rather than 15%; a long history of
 * noise shows a spurious pair (around a run of some tens of points
 * under 1 sigma off) about once per 20,000 points, which min_magnitude
 * removes when the noise is known. A step of 5 sigma is usually
 * reported once 5 points are on the new level.
 *
 * 1. Split. Windows of `window` points, each overlapping the last by
 *    half, are cut recursively: in a segment the split that maximises the
 *    E-divisive energy statistic (q-hat, Matteson and James 2014) is a
 *    candidate, kept when Welch's t-test between its two sides gives
 *    p < 10 * max_pvalue (2 * max_pvalue from 0.05, max_pvalue itself
 *    from 0.5): this first pass is relaxed because a window sees fewer
 *    points than the final segments will. The two sides are then
 *    searched in turn. A window starts at the last point found in the one
 *    before, or half a window on. Work is O(len * window).
 * 2. Merge. The points of all windows are re-tested against their
 *    neighbours: each point's two segments reach to the previous and next
 *    point. The weakest point that fails (a side shorter than
 *    min_segment, then the highest p-value >= max_pvalue, then the
 *    smallest relative change below min_magnitude) is dropped and its
 *    neighbours re-tested, until every point passes.
 */
#ifndef GITBENCH_CHANGEPOINT_H
#define GITBENCH_CHANGEPOINT_H

#include "common.h"
#include <git2/oid.h>
#include "config.h" /* the defaults of window and max_pvalue */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int version;
	/* Points per split window; at least 2 * min_segment. Default 50. */
	size_t window;
	/* Welch's two-sided p must be below this. Default 0.001. */
	double max_pvalue;
	/*
	 * |after - before| / |before| must be at least this: a point is
	 * reported only when |change| >= 100 * min_magnitude. Default 0.
	 */
	double min_magnitude;
	/*
	 * Fewest points on each side of a change; at least 2 (Welch's test
	 * needs a variance on each side). Default 3: with 2 a side, a pair of
	 * outliers looks like a level, and each side has one degree of
	 * freedom. A change in the last min_segment - 1 points is not
	 * reported until more points arrive.
	 */
	size_t min_segment;
	/*
	 * Since version 2: where a trend's change points found before are
	 * kept (gb_trend_compute), or NULL. Below.
	 */
	const struct gb_changepoint_cache *cache;
} gb_changepoint_options;

#define GB_CHANGEPOINT_OPTIONS_VERSION 2
#define GB_CHANGEPOINT_OPTIONS_INIT { GB_CHANGEPOINT_OPTIONS_VERSION, \
	GB_DEFAULT_CHANGE_POINT_WINDOW, GB_DEFAULT_CHANGE_POINT_PVALUE, 0.0, 3, \
	NULL }

/*
 * What the method finds for the same points and options: raised with
 * every change to it, so that change points kept by an older method are
 * not read (a cache's key names it).
 */
#define GB_CHANGEPOINT_REVISION 1

typedef struct {
	size_t index;        /* first point of the new level */
	double mean_before;  /* mean of the segment before (from the previous change point) */
	double mean_after;   /* mean of the segment after (up to the next change point) */
	/*
	 * Percent: 100 * (after - before) / before; +/-INFINITY (or NAN when
	 * both are 0) when mean_before is 0.
	 */
	double change;
	double pvalue;       /* Welch's t-test between those segments, as above */
} gb_changepoint;

/*
 * A store of a trend's change points by a key that names its points and
 * options whole (a SHA-1 of them, GB_CHANGEPOINT_REVISION included):
 * `get` gives 1 and a copy for the caller to free() (NULL when *count
 * is 0) when it holds the key, 0 when not, < 0 on an error; `put` keeps
 * a result, or does not.
 */
typedef struct gb_changepoint_cache {
	int (*get)(gb_changepoint **out, size_t *count, const git_oid *key,
		void *payload);
	void (*put)(const git_oid *key, const gb_changepoint *points,
		size_t count, void *payload);
	void *payload;
} gb_changepoint_cache;

/*
 * Change points of `series` (len values), in order of index; *out is the
 * caller's to free() and NULL when *count is 0. opts may be NULL for the
 * defaults. GB_EINVALID for a NaN or infinite value in the series or for
 * options out of range (the message names which).
 */
GB_EXTERN(int) gb_changepoints(gb_changepoint **out, size_t *count,
	const double *series, size_t len, const gb_changepoint_options *opts);

#ifdef __cplusplus
}
#endif
#endif
