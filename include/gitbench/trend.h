/*
 * Trends: a benchmark's series reduced to one value per measured commit,
 * and the change points found in it (what `git bench log` shows).
 */
#ifndef GITBENCH_TREND_H
#define GITBENCH_TREND_H

#include "changepoint.h"
#include "compare.h"
#include "config.h"
#include "series.h"
#include "store.h"

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

/* A change point judged by compare's rule: a step unless STABLE. */
typedef struct {
	gb_verdict verdict;  /* gb_compare_judge on its two levels */
	double p;            /* the rule's p-value, NAN without noise */
	double noise;        /* percent: one run's spread, NAN: unknown */
	double df;           /* of that spread */
	/*
	 * The points that may be the first of the new level: every split of
	 * the change's two segments whose likelihood, at their two levels and
	 * one run's spread, is within GB_TREND_PLACE of the split found
	 * (first_from <= the change's index <= first_to). Both are the
	 * index when the noise places the step at one point, or is unknown.
	 */
	size_t first_from, first_to;
} gb_trend_step;

/*
 * How much less likely, as a log-likelihood, a split may be than the one
 * found and still be where a step begins: ln 20.
 */
#define GB_TREND_PLACE 3.0

typedef struct {
	gb_trend_point *points;   /* one per measured commit, oldest first */
	size_t n;
	gb_changepoint *changes;  /* `index` counts in points */
	size_t nchanges;
	gb_trend_step *steps;     /* once judged: the verdict of each change */
	/*
	 * The newest points too few to be a level of their own (fewer than
	 * min_segment) that stand apart from the level before them: `tail`
	 * of them (0: none), their change in percent against that level
	 * (`tail_level`, the mean since the last change point), and once
	 * judged the verdict on it. A step at the end of a range, said
	 * before more commits can confirm it.
	 */
	size_t tail;
	double tail_level;
	double tail_change;
	gb_trend_step tail_step;
	/*
	 * Once asked (gb_trend_rolling): per point, the mean or median of
	 * the points of the window that ends there; NULL otherwise.
	 */
	double *rolling;
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
 * Judge each change point of `t`, the trend of `s`, as compare judges a
 * change (gb_compare_judge, the one rule): the log-ratio of its two
 * levels, with the error of the runs behind each at the spread `est`
 * learned for the series (NULL: none, thresholds alone), against the
 * budget for `s`. Change points the rule calls STABLE are not steps and
 * are left out; t->steps holds the verdict of each one kept. log, the
 * report and bisect all mark steps so.
 */
GB_EXTERN(int) gb_trend_judge(gb_trend *t, const gb_series *s,
	const gb_noise_estimate *est, const gb_compare_options *opts);

/*
 * The commits change point i of `t` (its points in `set`) may be in: after
 * point `older` (the last at the old level for certain) up to point
 * `newer` (the last that may begin the new one), `commits` of them,
 * `unmeasured` without results of the series; `placed` when the noise
 * places it at one measured point (gb_trend_step.first_from, first_to;
 * the change's own point when not judged). log, the report and bisect
 * all name a step so: one commit, or the range A..B. Without `set` (points
 * not of a set's commits), `commits` and `unmeasured` are 0.
 */
typedef struct {
	size_t older, newer;
	size_t commits;
	size_t unmeasured;
	bool placed;
} gb_trend_span;

GB_EXTERN(void) gb_trend_span_of(gb_trend_span *out, const gb_trend *t,
	size_t i, const gb_series_set *set);

/*
 * Percent change of the last point against the one before, direction as
 * measured (not oriented by better or worse); NAN with fewer than two
 * points or from zero.
 */
GB_EXTERN(double) gb_trend_last_change(const gb_trend *t);
/*
 * Percent change of the last point against the first one of the trend
 * (the first of the range that has the benchmark); NAN with one point.
 */
GB_EXTERN(double) gb_trend_range_change(const gb_trend *t);

/*
 * A rolling window over a trend: for each measured commit, the commits
 * from the first whose commit date is less than `seconds` before its own
 * (dates are the committer's, as `git log` shows them), or its last
 * `commits` measured commits. Both 0: none.
 */
typedef struct {
	int64_t seconds;
	size_t commits;
} gb_window;

/*
 * "7d", "30d", "2w", "12h" (a time: days, weeks, hours) or "10" (measured
 * commits). GB_EINVALID naming the text when it is neither, 0 or over
 * ten years (or 100,000 commits).
 */
GB_EXTERN(int) gb_window_parse(gb_window *out, const char *spec);
/* The window as a column heading starts: "7d", "10-commit". */
GB_EXTERN(int) gb_window_name(gb_buf *out, const gb_window *w);

/*
 * Fill t->rolling: at each point, the `estimator` (mean or median) of
 * the values of the points in the window ending there, commit times from
 * `set`. Change points are not affected: they come from the points.
 */
GB_EXTERN(int) gb_trend_rolling(gb_trend *t, const gb_series_set *set,
	const gb_window *w, gb_estimator estimator);

/* ---- the trends of a range, as `git bench log` shows them ---------------- */

typedef struct {
	const gb_series *series;  /* in the list's set */
	gb_trend trend;
} gb_trend_row;

typedef struct {
	gb_series_set set;        /* the measured commits and their series */
	gb_trend_row *rows;       /* the benchmarks shown, in order of the set */
	size_t nrows;
	gb_changepoint_options changepoint;   /* from the settings */
	gb_compare_options compare;           /* from the settings: steps judged */
	gb_budget *budgets;
	size_t nbudgets;
	gb_estimator estimator;
	char *machine;            /* NULL: every machine's runs */
	char *others;             /* none of the machine: whose the range has */
	gb_window window;         /* rolling values asked for; zero: none */
	bool cut;                 /* the range stops where the clone does:
				     gb_revision_history_cut says why */
} gb_trend_list;

typedef struct {
	unsigned int version;
	const char *machine;      /* NULL: this machine's (see any_machine) */
	bool any_machine;         /* every machine's runs, as one series */
	const char *pattern;      /* only benchmarks matching (NULL: all) */
	const char *estimator;    /* "mean" or "median"; NULL: bench.estimator */
	size_t max_commits;       /* the most recent measured commits (0: all) */
	const git_oid *hide;      /* stop at this commit (excluded), NULL: none */
	bool changed_only;        /* only benchmarks with change points */
	const char *measure;      /* only this measure (NULL: all) */
	/* Version 2: rolling values over this window (gb_window_parse). */
	const char *window;       /* NULL: none */
} gb_trend_list_options;

#define GB_TREND_LIST_OPTIONS_VERSION 2
#define GB_TREND_LIST_OPTIONS_INIT { GB_TREND_LIST_OPTIONS_VERSION, NULL, \
	false, NULL, NULL, 0, NULL, false, NULL, NULL }

/*
 * Each benchmark's trend along the first parents of `start`, with the
 * store's settings (estimator, change point detection) under the options.
 * Commits whose results cannot be read are in the set, marked damaged.
 * GB_ENOTFOUND "no benchmark matches 'x'; did you mean ..." when the
 * pattern matches none of the benchmarks recorded there; `others` names
 * the machines whose results the range holds when the machine's are none.
 */
GB_EXTERN(int) gb_trend_list_collect(gb_trend_list *out, gb_store *store,
	const git_oid *start, const gb_trend_list_options *opts);
GB_EXTERN(void) gb_trend_list_dispose(gb_trend_list *l);

#ifdef __cplusplus
}
#endif
#endif
