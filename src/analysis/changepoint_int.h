/*
 * What trend.c asks of changepoint.c beyond the public interface: change
 * points of a series and of its prefixes, the best splits searched once.
 */
#ifndef GB_SRC_ANALYSIS_CHANGEPOINT_INT_H
#define GB_SRC_ANALYSIS_CHANGEPOINT_INT_H

#include "gitbench/changepoint.h"

/*
 * The best split of each segment searched, kept for later searches of
 * the same series: it depends only on the segment's points, so a search
 * of a prefix of the series (the newest points left out) finds most of
 * its segments already done.
 */
typedef struct gb_split_memo gb_split_memo;

/*
 * gb_changepoints() of series[0, len), keeping the splits it searches in
 * *memo (made at the first call, NULL before it) and using those kept by
 * earlier calls on the same `series` array with the same min_segment.
 * The result is the same as gb_changepoints()'s. The memo holds no copy
 * of the points: free it before they change.
 */
int gb_changepoints_memo(gb_changepoint **out, size_t *count,
	const double *series, size_t len, const gb_changepoint_options *opts,
	gb_split_memo **memo);

void gb_split_memo_free(gb_split_memo *memo);

#endif
