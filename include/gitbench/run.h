/*
 * The run record: one execution of a benchmark suite on one machine for one
 * commit, and its results. Strings are owned by the structure that holds
 * them and are released by gb_run_free().
 */
#ifndef GITBENCH_RUN_H
#define GITBENCH_RUN_H

#include <stdbool.h>
#include <git2/oid.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes; readers accept 1..this. */
#define GB_RUN_SCHEMA 1
/* Run ids are ASCII, at most this long (without the NUL). */
#define GB_RUN_ID_MAX 64

typedef enum {
	GB_LOWER_IS_BETTER = 0,
	GB_HIGHER_IS_BETTER = 1,
} gb_direction;

/*
 * One benchmark's result. Estimates that the harness did not give are NAN;
 * counts it did not give are 0. Times are in `unit` (for time, "ns").
 */
typedef struct {
	char *name;        /* full id: group/function/parameter */
	char *unit;        /* "ns", "B", "allocs", "ops/s", "B/s", ... */
	gb_direction direction;
	double mean;
	double median;
	double stddev;
	double min;
	double max;
	double slope;      /* Criterion's linear-regression estimate */
	uint64_t count;    /* number of samples the estimates came from */
	uint64_t iterations; /* total iterations over all samples */
	double *samples;   /* per-iteration values, in `unit`; may be NULL */
	size_t nsamples;
} gb_result;

/* Facts about the machine that ran the suite; any may be NULL/0. */
typedef struct {
	char *host;
	char *os;
	char *arch;
	char *cpu;
	uint32_t cores;
	char *toolchain;
} gb_env;

typedef struct {
	uint32_t schema;
	char id[GB_RUN_ID_MAX + 1];
	git_oid commit;
	int64_t time;      /* seconds since the epoch, UTC */
	char *label;       /* e.g. "v0.1.0"; may be NULL */
	char *machine;     /* machine key */
	gb_env env;
	char *format;      /* source format, e.g. "criterion" */
	gb_result *results;
	size_t nresults;
	size_t aresults;
	/*
	 * Not stored: when the run was read from the note of a commit that
	 * git rewrote (commit --amend, rebase) and carried the note to
	 * (notes.rewriteRef), the commit its record names; `commit` is then
	 * the rewritten one. Zero otherwise.
	 */
	git_oid carried_from;
} gb_run;

/* A list of runs; owns them. */
typedef struct {
	gb_run **runs;
	size_t count;
	size_t alloc;
} gb_runlist;

GB_EXTERN(int) gb_run_new(gb_run **out);
GB_EXTERN(void) gb_run_free(gb_run *run);
/*
 * Append an empty result (estimates NAN) named `name`; the pointer is valid
 * until the next call that adds a result to this run.
 */
GB_EXTERN(int) gb_run_add_result(gb_result **out, gb_run *run, const char *name,
	const char *unit, gb_direction direction);
/* Remove the i-th result (those after it move up one). */
GB_EXTERN(void) gb_run_remove_result(gb_run *run, size_t i);
/* The result named `name`, or NULL. */
GB_EXTERN(const gb_result *) gb_run_find(const gb_run *run, const char *name);
/*
 * Whether two runs hold the same measurements: the same machine and the
 * same results (names, units, every estimate and count) in the same
 * order. Identical copies of one run, recorded twice, are; two separate
 * runs of a benchmark practically never are. Samples are not compared
 * (they may not have been read); the estimates summarise them.
 */
GB_EXTERN(bool) gb_run_same_values(const gb_run *a, const gb_run *b);
/*
 * Set copy[i] when runs[i] holds the same values as an earlier run of the
 * list, so that a run recorded twice counts once. O(n log n) in the runs,
 * plus one pass over each run's results.
 */
GB_EXTERN(int) gb_runs_mark_copies(bool *copy, const gb_run *const *runs,
	size_t n);
/* Take ownership of `samples` (malloc'd) as the result's samples. */
GB_EXTERN(void) gb_result_set_samples(gb_result *r, double *samples, size_t n);
/*
 * Fill the estimates that are NAN (mean, median, stddev, min, max, count)
 * from the samples, if there are any.
 */
GB_EXTERN(void) gb_result_fill_from_samples(gb_result *r);
/* Replace a string field (NULL allowed); copies `value`. */
GB_EXTERN(int) gb_run_set_string(char **field, const char *value);

/*
 * A new run id, sortable by time: "20261123T200102.123456Z-1a2b3c4d".
 * `time_us` is microseconds since the epoch. `out` holds GB_RUN_ID_MAX+1.
 */
GB_EXTERN(void) gb_run_id_generate(char *out, int64_t time_us);
/* Whether `id` is safe to use as a file name in a tree. */
GB_EXTERN(bool) gb_run_id_valid(const char *id);

GB_EXTERN(int) gb_runlist_add(gb_runlist *list, gb_run *run);
GB_EXTERN(void) gb_runlist_dispose(gb_runlist *list);
/* Keep only the runs recorded on machine `key` (NULL: keep all). */
GB_EXTERN(void) gb_runlist_keep_machine(gb_runlist *list, const char *key);

#ifdef __cplusplus
}
#endif
#endif
