/*
 * Bisecting a change in one benchmark along first parents.
 *
 * The stored results of the range are judged as a series, as `log` does:
 * its change points (with log's settings), each step weighed by compare's
 * rule (gb_compare_judge) against the noise the series shows. Every step
 * that is not STABLE is bisected to its first commit: the commits between
 * its two measured sides are measured (through a callback the caller
 * supplies) and each is on the side of the level it is nearer. A step
 * the series shows is found even where the two ends alone are inside the
 * noise; several steps are each named.
 *
 * Where the series shows no step (too few measured commits, or a change
 * at its very end), the two ends are compared as compare would, and a
 * difference found so is bisected commit by commit: a commit is bad when
 * its verdict against the good side is the one hunted and its value is
 * nearer the bad side's than the good side's.
 */
#ifndef GITBENCH_BISECT_H
#define GITBENCH_BISECT_H

#include "changepoint.h"
#include "compare.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	GB_BISECT_UNTESTED = 0,
	GB_BISECT_GOOD,     /* like the good side */
	GB_BISECT_BAD,      /* differs from it as hunted */
	GB_BISECT_SKIP,     /* cannot tell: no results, or measuring failed */
} gb_bisect_state;

/* Which difference makes a commit bad. */
typedef enum {
	GB_BISECT_WORSE = 1,   /* SLOWER or REGRESSION */
	GB_BISECT_BETTER = 2,  /* FASTER or IMPROVED */
	GB_BISECT_EITHER = 3,
} gb_bisect_hunt;

/* What one commit's results say against the good side. */
typedef struct {
	gb_bisect_state state;
	gb_verdict verdict;
	gb_evidence evidence;
	double good;         /* the good side's value: mean of its runs */
	double value;        /* this commit's */
	double change;       /* percent, value against good */
	double p;            /* p-value of the test used, NAN if none */
	size_t runs;         /* runs of this commit that have the benchmark */
} gb_bisect_judgement;

/* A step of the series and where bisecting it led. */
typedef struct {
	size_t before;       /* path index: last measured commit of the old level */
	size_t after;        /* path index: first measured commit of the new one */
	size_t last_good;    /* narrowed: path index of the last old commit */
	size_t first_bad;    /* and of the first new one */
	bool found;          /* first_bad = last_good + 1 */
	/*
	 * false: the noise cannot tell which of several measured commits
	 * begins the new level (gb_trend_step.first_from, first_to): before
	 * is the last at the old level for certain, after the last that may
	 * begin the new one, and the step is not narrowed (found false).
	 */
	bool placed;
	double level_before; /* means of the two segments (estimator's unit) */
	double level_after;
	double change;       /* percent, after against before */
	double p;            /* of compare's rule on the step */
	double noise;        /* percent: one run's spread, as the series shows */
	double df;
	gb_verdict verdict;  /* compare's rule on the step */
} gb_bisect_step;

typedef struct gb_bisect_judge gb_bisect_judge;

/*
 * A judge of commits for benchmark `name` (exact) against the results of
 * `good`, or of its nearest first-parent ancestor that has them, of
 * machine `machine` (NULL: any). The run-to-run noise is learned from the
 * measured commits along the first parents of `noise_from` (NULL: good),
 * as compare learns it. GB_ENOTFOUND, naming what is missing, when no
 * such results have the benchmark.
 */
GB_EXTERN(int) gb_bisect_judge_new(gb_bisect_judge **out, gb_store *store,
	const git_oid *good, const git_oid *noise_from, const char *name,
	const char *machine, const gb_compare_options *opts);
GB_EXTERN(void) gb_bisect_judge_free(gb_bisect_judge *j);
/* The commit whose results are the good side. */
GB_EXTERN(const git_oid *) gb_bisect_judge_good(const gb_bisect_judge *j);
/* The benchmark's unit and direction, from the good side. */
GB_EXTERN(const char *) gb_bisect_judge_unit(const gb_bisect_judge *j);
GB_EXTERN(gb_direction) gb_bisect_judge_direction(const gb_bisect_judge *j);

/*
 * The bad side's value: from then on a commit is bad only when its value
 * is also nearer this than the good side's (gb_bisect sets it).
 */
GB_EXTERN(void) gb_bisect_judge_set_bad(gb_bisect_judge *j, double value);
/*
 * The two levels of a step: from then on a commit is bad exactly when its
 * value is nearer `after` than `before` (as ratios), whatever its verdict.
 */
GB_EXTERN(void) gb_bisect_judge_set_levels(gb_bisect_judge *j, double before,
	double after);

/* Judge runs of one commit (other machines' runs are left out). */
GB_EXTERN(int) gb_bisect_judge_runs(gb_bisect_judgement *out,
	gb_bisect_judge *j, const gb_runlist *runs, gb_bisect_hunt hunt);
/* Judge a commit by its stored results; SKIP when it has none. */
GB_EXTERN(int) gb_bisect_judge_commit(gb_bisect_judgement *out,
	gb_bisect_judge *j, const git_oid *commit, gb_bisect_hunt hunt);

typedef enum {
	GB_BISECT_EVENT_CHECK,     /* judging a commit by stored results */
	GB_BISECT_EVENT_MEASURE,   /* asking the callback to measure one */
	GB_BISECT_EVENT_JUDGED,    /* a commit was judged (or skipped) */
} gb_bisect_event_kind;

typedef struct {
	gb_bisect_event_kind kind;
	const git_oid *commit;
	size_t left;            /* commits that may still be the first bad one */
	const gb_bisect_judgement *judgement;   /* JUDGED only */
	const char *unit;       /* the benchmark's, once the good side is read */
} gb_bisect_event;

/*
 * Measure `commit` and record its results in the store: 0 when done,
 * GB_ENOTFOUND to skip the commit (its build or benchmark failed), any
 * other negative code to stop the search with that error.
 */
typedef int (*gb_bisect_measure_cb)(const git_oid *commit, void *payload);
typedef void (*gb_bisect_progress_cb)(const gb_bisect_event *event,
	void *payload);

typedef struct {
	unsigned int version;
	const char *name;                    /* the benchmark, exactly */
	const char *machine;                 /* NULL: results of any machine */
	const gb_compare_options *compare;   /* thresholds, estimator */
	gb_bisect_measure_cb measure;        /* NULL: stored results only */
	gb_bisect_progress_cb progress;      /* may be NULL */
	void *payload;                       /* for both callbacks */
	/* log's change point settings (NULL: the defaults, with
	 * min_magnitude warnRegression as log has it) */
	const gb_changepoint_options *changepoint;
} gb_bisect_options;

#define GB_BISECT_OPTIONS_VERSION 1
#define GB_BISECT_OPTIONS_INIT { GB_BISECT_OPTIONS_VERSION, NULL, NULL, \
	NULL, NULL, NULL, NULL, NULL }

typedef struct {
	git_oid id;
	gb_bisect_judgement judgement;   /* state UNTESTED if not looked at */
	bool has_note;       /* had stored results before the search */
	bool measured;       /* measured and recorded during it */
} gb_bisect_commit;

typedef struct {
	gb_bisect_commit *path;   /* first-parent path, good first, bad last */
	size_t n;
	size_t last_good;         /* index in path of the last good commit */
	size_t first_bad;         /* of the first bad one known */
	/*
	 * Whether path[first_bad] is the first bad commit for certain: no
	 * commit between it and path[last_good] is left untested. When
	 * false, any of path[last_good + 1 .. first_bad] may be it; when the
	 * bad side did not differ at all, bad.state is GOOD, as it is when
	 * the series has no step and the bad side differs by no more than
	 * noise could make (its verdict UNCERTAIN): nothing to bisect.
	 */
	bool found;
	gb_bisect_hunt hunt;        /* WORSE or BETTER, from the bad side */
	gb_bisect_judgement bad;    /* the bad side against the good side */
	git_oid good_results;       /* the commit whose results are the good side */
	char *unit;
	gb_direction direction;
	/*
	 * Judged as a series: the steps found, in path order (the fields
	 * above describe the first). `by_series` false: the ends were
	 * compared instead. `measured_commits` and `noise` (percent, NAN if
	 * unknown) are the figures of the series, for a range with no step.
	 */
	bool by_series;
	gb_bisect_step *steps;
	size_t nsteps;
	size_t measured_commits;
	double noise;
	double first_level, last_level;
	/*
	 * The median of the series between its first and last commits (of
	 * two middle values, the one nearer the first): where the range
	 * mostly is, to tell a step from a good side off its level.
	 */
	double rest_level;
} gb_bisect_result;

/*
 * Search the first-parent path from `good` (an ancestor of `bad` along
 * first parents) to `bad`. When `bad` has no results for the benchmark
 * and cannot be measured, the newest commit on the path that has them is
 * the bad side. Measured commits are preferred from the stored ones,
 * nearest the middle of what is left; the callback measures the others.
 */
GB_EXTERN(int) gb_bisect(gb_bisect_result *out, gb_store *store,
	const git_oid *good, const git_oid *bad, const gb_bisect_options *opts);
GB_EXTERN(void) gb_bisect_result_dispose(gb_bisect_result *r);
/* Whether every step of the series (or the one difference) is named. */
GB_EXTERN(bool) gb_bisect_result_complete(const gb_bisect_result *r);

#ifdef __cplusplus
}
#endif
#endif
