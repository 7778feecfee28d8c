/*
 * Trends: a benchmark's series reduced to one value per measured commit,
 * and the change points found in it (what `git bench log` shows).
 */
#ifndef GITBENCH_TREND_H
#define GITBENCH_TREND_H

#include "changepoint.h"
#include "config.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Defaults, then bench.changePointPValue, bench.changePointWindow and
 * bench.changePointMagnitude (percent; when unset, bench.warnRegression's
 * value) of `cfg` (NULL: the detector's defaults only). GB_EINVALID naming
 * the key when a value is out of range.
 */
GB_EXTERN(int) gb_changepoint_options_load(gb_changepoint_options *opts,
	const gb_config *cfg);

typedef struct {
	size_t commit;      /* index in gb_series_set.commits */
	double value;       /* mean of the estimates of the commit's runs */
	size_t runs;        /* how many runs gave one */
} gb_trend_point;

typedef struct {
	gb_trend_point *points;   /* one per measured commit, oldest first */
	size_t n;
	gb_changepoint *changes;  /* `index` counts in points */
	size_t nchanges;
} gb_trend;

/*
 * The trend of series `s`: runs of one commit are pooled into their mean
 * (change points fall between commits, never inside one), estimates that
 * are missing are left out. `opts` may be NULL for the defaults.
 */
GB_EXTERN(int) gb_trend_compute(gb_trend *out, const gb_series *s,
	const gb_changepoint_options *opts);
GB_EXTERN(void) gb_trend_dispose(gb_trend *t);

/*
 * Percent change of the last point against the one before, direction as
 * measured (not oriented by better or worse); NAN with fewer than two
 * points or from zero.
 */
GB_EXTERN(double) gb_trend_last_change(const gb_trend *t);

#ifdef __cplusplus
}
#endif
#endif
