/*
 * Benchmark series along first parents: for each benchmark, one value per
 * run, oldest first. What trends, change points, bisection and the noise
 * learned from history are computed on.
 */
#ifndef GITBENCH_SERIES_H
#define GITBENCH_SERIES_H

#include <git2/oid.h>
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	GB_ESTIMATOR_MEAN = 0,
	GB_ESTIMATOR_MEDIAN = 1,
} gb_estimator;

/* Parse "mean" or "median"; GB_EINVALID otherwise. */
GB_EXTERN(int) gb_estimator_parse(gb_estimator *out, const char *text);
/* The estimate of a result (median falls back to mean when absent). */
GB_EXTERN(double) gb_series_estimate(const gb_result *r, gb_estimator est);

/*
 * The kind of a result, as one key "measure\nunit" (a NULL measure is
 * time). Results of one kind from one run move together and spread alike.
 */
GB_EXTERN(int) gb_series_kind(gb_buf *out, const char *measure,
	const char *unit);
/*
 * Whether a benchmark name matches a --bench pattern: the name itself,
 * else a glob when the pattern has * ? or [ (fnmatch; * also matches /),
 * else a substring.
 */
GB_EXTERN(bool) gb_series_pattern_match(const char *pattern, const char *name);

/*
 * Which results a --bench pattern and a --measure choose. The pattern
 * matches a benchmark's name (gb_series_pattern_match); a pattern written
 * as a label, "name [measure]", also chooses that measure alone. The
 * measure, when given, is the one measure chosen.
 */
typedef struct {
	char *whole;       /* the pattern as given; NULL: every benchmark */
	char *name;        /* its name part (the whole without a measure) */
	char *in;          /* the measure its label names, or NULL */
	char *measure;     /* --measure, or NULL: every measure */
} gb_selector;

#define GB_SELECTOR_INIT { NULL, NULL, NULL, NULL }

GB_EXTERN(int) gb_selector_init(gb_selector *out, const char *pattern,
	const char *measure);
/* Whether some measure of benchmark `name` may be chosen. */
GB_EXTERN(bool) gb_selector_name(const gb_selector *s, const char *name);
/* Whether benchmark `name` in `measure` is chosen. */
GB_EXTERN(bool) gb_selector_match(const gb_selector *s, const char *name,
	const char *measure);
/* Leave in each run only the results `s` chooses. */
GB_EXTERN(void) gb_selector_keep(const gb_selector *s, gb_runlist *runs);
GB_EXTERN(void) gb_selector_dispose(gb_selector *s);

typedef struct {
	unsigned int version;
	const char *machine;     /* NULL: runs of every machine */
	const char *pattern;     /* NULL: every benchmark */
	gb_estimator estimator;
	size_t max_commits;      /* measured commits to take (0: all) */
	const git_oid *hide;     /* stop at this commit (excluded), NULL: none */
	const char *measure;     /* NULL: every measure */
	/*
	 * Also what the suite's command cost (gb_run.usage), as benchmark
	 * GB_USAGE_BENCHMARK in measures time, user, system, peak-memory.
	 */
	bool usage;
} gb_series_options;

#define GB_USAGE_BENCHMARK "(command)"

#define GB_SERIES_OPTIONS_VERSION 1
#define GB_SERIES_OPTIONS_INIT { GB_SERIES_OPTIONS_VERSION, NULL, NULL, \
	GB_ESTIMATOR_MEAN, 0, NULL, NULL, false }

typedef struct {
	git_oid id;
	int64_t time;        /* commit time */
	char *label;         /* label of its first run that has one */
	size_t runs;         /* runs taken from this commit */
	size_t copies;       /* runs left out: identical to one taken */
	bool damaged;        /* its note could not be read (no points) */
	/*
	 * First-parent steps from the newest commit of the walk: between two
	 * measured commits a and b (a older), a.distance - b.distance - 1
	 * commits have no results.
	 */
	size_t distance;
} gb_series_commit;

/* 16 bytes: a report over 100,000 runs of 10 benchmarks holds a million. */
typedef struct {
	double value;        /* the estimate of one run */
	uint32_t commit;     /* index in gb_series_set.commits */
	float stddev;        /* that run's own spread (NAN if unknown), shown
	                      * with 2 significant digits */
} gb_point;

typedef struct {
	char *name;
	char *measure;       /* a series is one benchmark in one measure */
	char *unit;
	gb_direction direction;
	gb_point *points;    /* oldest first */
	size_t n, alloc;
} gb_series;

typedef struct {
	gb_series_commit *commits;  /* oldest first */
	size_t ncommits;
	gb_series *series;          /* in order of first appearance */
	size_t nseries;
	size_t alloc_commits, alloc_series;
	void *index;                /* name lookup, internal */
	size_t held;                /* bytes of values and names held */
} gb_series_set;

/*
 * Walk first parents from `start` (included) and collect the measured
 * commits and their runs. A commit whose note cannot be decoded is kept
 * with damaged set, so callers can say so, and the walk goes on. What the
 * set holds is bounded by bench.maxMemory (MiB): past it, GB_EINVALID
 * saying so and how to narrow the range, rather than a command that a
 * remote's records can make take gigabytes.
 */
GB_EXTERN(int) gb_series_collect(gb_series_set *out, gb_store *store,
	const git_oid *start, const gb_series_options *opts);
GB_EXTERN(void) gb_series_set_dispose(gb_series_set *set);
/*
 * The commits without results between measured commits `older` and
 * `newer` (indices in set->commits) along first parents: where a step
 * seen at `newer` may have happened instead.
 */
GB_EXTERN(size_t) gb_series_unmeasured_between(const gb_series_set *set,
	size_t older, size_t newer);
/* The series of benchmark `name` in `measure` (NULL: time), or NULL. */
GB_EXTERN(const gb_series *) gb_series_find_measure(const gb_series_set *set,
	const char *name, const char *measure);
/* The series of benchmark `name` in time, or NULL. */
GB_EXTERN(const gb_series *) gb_series_find(const gb_series_set *set,
	const char *name);

#ifdef __cplusplus
}
#endif
#endif
