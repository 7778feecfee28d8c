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

/*
 * The schema version this library writes; readers accept 1..this. Schema 3
 * stores the results as columns (every name, then every value of each
 * figure); 2 and 1 as a map per result. Schema 1 had no measures: a result
 * "<name> [<metric>]" is read as benchmark <name>, measure <metric>
 * (docs/storage.md).
 */
#define GB_RUN_SCHEMA 3
/* Run ids are ASCII, at most this long (without the NUL). */
#define GB_RUN_ID_MAX 64
/*
 * The largest magnitude of a stored figure. No measurement comes near it
 * (a year is 3e16 ns), and the statistics square a figure and square that
 * again (Welch's degrees of freedom): 1e60 keeps them finite, where a
 * figure of 1e160 from a remote made every trend of a history fail.
 * record refuses a figure beyond it; a record holding one is malformed.
 */
#define GB_VALUE_MAX 1e60
/* The latest run time a record may give: 9999-12-31T23:59:59Z. */
#define GB_TIME_MAX INT64_C(253402300799)

typedef enum {
	GB_LOWER_IS_BETTER = 0,
	GB_HIGHER_IS_BETTER = 1,
} gb_direction;

/*
 * The measure of a benchmark's time: what a harness reports first, and
 * the one a result is shown without naming ("name", not "name [time]").
 */
#define GB_MEASURE_TIME "time"

/*
 * One benchmark's result in one measure: a benchmark has a result per
 * measure it was measured in (time, cpu_time, instructions, peak memory,
 * ...). Estimates that the harness did not give are NAN; counts it did not
 * give are 0. Times are in `unit` (for time, "ns").
 */
typedef struct {
	char *name;        /* full id: group/function/parameter */
	char *measure;     /* "time", "cpu_time", "instructions", ... */
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

/*
 * What running the suite cost, from the operating system (wait4's rusage
 * of the process tree): recorded by `git bench run`. NAN when unknown.
 */
typedef struct {
	double wall;       /* ns */
	double user;       /* CPU time in user mode, ns */
	double system;     /* CPU time in the kernel, ns */
	double maxrss;     /* peak resident memory of the largest process, B */
} gb_usage;

typedef struct {
	uint32_t schema;
	char id[GB_RUN_ID_MAX + 1];
	git_oid commit;
	int64_t time;      /* seconds since the epoch, UTC */
	char *label;       /* e.g. "v0.1.0"; may be NULL */
	char *machine;     /* machine key */
	gb_env env;
	char *format;      /* source format, e.g. "criterion" */
	gb_usage usage;    /* of the suite's command; NAN when not measured */
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
	/*
	 * When set, one block holding every result's name, measure and unit,
	 * freed with the run (as a reader of many runs allocates them);
	 * results are then neither added nor renamed. NULL otherwise.
	 */
	char *strings;
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
 * Append an empty result (estimates NAN) of benchmark `name` in `measure`;
 * the pointer is valid until the next call that adds a result to this run.
 */
GB_EXTERN(int) gb_run_add_measure(gb_result **out, gb_run *run,
	const char *name, const char *measure, const char *unit,
	gb_direction direction);
/* gb_run_add_measure() in the measure gb_measure_for_unit(unit). */
GB_EXTERN(int) gb_run_add_result(gb_result **out, gb_run *run, const char *name,
	const char *unit, gb_direction direction);
/*
 * Put a result's figures in the unit results are compared in: a time in
 * ns, a rate in its unit per second (gb_units_rate_canonical: "MB/s" as
 * "B/s", "ops/ms" as "ops/s"), so that two runs that wrote one figure in
 * two units compare as one. Other units are kept.
 */
GB_EXTERN(int) gb_result_unit_canonical(gb_result *r);
/* Remove the i-th result (those after it move up one). */
GB_EXTERN(void) gb_run_remove_result(gb_run *run, size_t i);
/* The result named `name`, or NULL. */
/* The result of `name` in `measure` (NULL: its first), or NULL. */
GB_EXTERN(const gb_result *) gb_run_find_measure(const gb_run *run,
	const char *name, const char *measure);
/* The first result of benchmark `name`, in whichever measure, or NULL. */
GB_EXTERN(const gb_result *) gb_run_find(const gb_run *run, const char *name);

/*
 * The measure of a figure no harness named, from its unit: "time" for a
 * time, "throughput" for a rate (higher is better), "bytes" for "B",
 * "value" without a unit, else the unit itself ("instructions", "allocs").
 */
GB_EXTERN(const char *) gb_measure_for_unit(const char *unit);
/*
 * How a benchmark in a measure is named in tables: "name" in time,
 * "name [measure]" in any other. Appends to `out`.
 */
GB_EXTERN(int) gb_measure_label(gb_buf *out, const char *name,
	const char *measure);
/*
 * The parts of a label "name [measure]": the name is its first *name_len
 * bytes, the measure the *measure_len at *measure. False when `label`
 * (len bytes) does not end in " [measure]" (a measure holds no brackets).
 */
GB_EXTERN(bool) gb_measure_label_split(size_t *name_len, const char **measure,
	size_t *measure_len, const char *label, size_t len);
/* Whether a result is benchmark `name` in `measure`. */
GB_EXTERN(bool) gb_result_is(const gb_result *r, const char *name,
	const char *measure);
/* The usage with every figure unknown. */
GB_EXTERN(void) gb_usage_init(gb_usage *u);
/* Whether any figure of `u` is known. */
GB_EXTERN(bool) gb_usage_known(const gb_usage *u);
/* Leave in `run` only the results `keep` says yes to, in their order. */
GB_EXTERN(void) gb_run_keep_results(gb_run *run,
	bool (*keep)(const gb_result *r, void *payload), void *payload);
/*
 * Whether two runs hold the same measurements: the same machine and the
 * same results (names, units, means) in the same order, and every other
 * estimate and count that both give equal. Identical copies of one run,
 * recorded twice, are; so are two exports of one run that give it in
 * more or less detail (hyperfine's JSON and its CSV, which has no count);
 * two separate runs of a benchmark practically never are. Samples are
 * not compared (they may not have been read); the estimates summarise
 * them.
 */
GB_EXTERN(bool) gb_run_same_values(const gb_run *a, const gb_run *b);
/*
 * Whether two results hold the same measurement, as gb_run_same_values
 * compares each pair: name, measure, unit, direction and mean equal, and
 * every other estimate and count that both give.
 */
GB_EXTERN(bool) gb_result_same_values(const gb_result *a, const gb_result *b);
/*
 * Whether the run can be stored: the results of one measure in one unit
 * (a record keeps each measure, unit and direction once, and times of
 * every unit are read in ns, so time in ns and in us would be one
 * measure twice). GB_EINVALID names two results that disagree. One
 * measure may be better lower for one benchmark and higher for another.
 */
GB_EXTERN(int) gb_run_check_measures(const gb_run *run);
/*
 * A result whose benchmark and measure another result of the run also
 * has (its time's when the benchmark is twice in several), in *out; NULL
 * when each is once. O(n log n); GB_ERROR only when out of memory.
 */
GB_EXTERN(int) gb_run_find_twice(const gb_result **out, const gb_run *run);
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
