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
 * The kind of a result, as one key "[metric]\nunit": the "[...]" its name
 * ends with ("" for a plain name) and its unit. Results of one kind from
 * one run move together and spread alike.
 */
GB_EXTERN(int) gb_series_kind(gb_buf *out, const char *name,
	const char *unit);
/*
 * Whether a benchmark name matches a --bench pattern: the name itself,
 * else a glob when the pattern has * ? or [ (fnmatch; * also matches /),
 * else a substring.
 */
GB_EXTERN(bool) gb_series_pattern_match(const char *pattern, const char *name);

typedef struct {
	unsigned int version;
	const char *machine;     /* NULL: runs of every machine */
	const char *pattern;     /* NULL: every benchmark */
	gb_estimator estimator;
	size_t max_commits;      /* measured commits to take (0: all) */
	const git_oid *hide;     /* stop at this commit (excluded), NULL: none */
} gb_series_options;

#define GB_SERIES_OPTIONS_VERSION 1
#define GB_SERIES_OPTIONS_INIT { GB_SERIES_OPTIONS_VERSION, NULL, NULL, \
	GB_ESTIMATOR_MEAN, 0, NULL }

typedef struct {
	git_oid id;
	int64_t time;        /* commit time */
	char *label;         /* label of its first run that has one */
	size_t runs;         /* runs taken from this commit */
	size_t copies;       /* runs left out: identical to one taken */
	bool damaged;        /* its note could not be read (no points) */
} gb_series_commit;

typedef struct {
	size_t commit;       /* index in gb_series_set.commits */
	double value;        /* the estimate of one run */
	double stddev;       /* that run's own spread (NAN if unknown) */
} gb_point;

typedef struct {
	char *name;
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
} gb_series_set;

/*
 * Walk first parents from `start` (included) and collect the measured
 * commits and their runs. A commit whose note cannot be decoded is kept
 * with damaged set, so callers can say so, and the walk goes on.
 */
GB_EXTERN(int) gb_series_collect(gb_series_set *out, gb_store *store,
	const git_oid *start, const gb_series_options *opts);
GB_EXTERN(void) gb_series_set_dispose(gb_series_set *set);
/* The series named `name`, or NULL. */
GB_EXTERN(const gb_series *) gb_series_find(const gb_series_set *set,
	const char *name);

#ifdef __cplusplus
}
#endif
#endif
