/* The report's data, shared by its collection and its page. */
#ifndef GB_SRC_REPORT_INT_H
#define GB_SRC_REPORT_INT_H

#include "gitbench/trend.h"
#include "gitbench/report.h"
#include "gitbench/series.h"

/* A measured commit, listed once for every machine that measured it. */
typedef struct {
	git_oid id;
	int64_t time;          /* author time */
	char *subject;
	char *accepts;         /* its Bench-Accept trailers, said; NULL: none */
	bool damaged;          /* its note could not be read */
} report_commit;

/* A verdict of one commit against the previous measured one. */
typedef struct {
	size_t pos;            /* in the machine's commits */
	gb_verdict verdict;
	gb_evidence evidence;
	double change;         /* percent */
} report_verdict;

typedef struct {
	size_t pos;            /* first commit of the new level */
	double change;         /* percent */
	double pvalue;
	gb_verdict verdict;    /* of the step, by compare's rule */
	/*
	 * The commits it may be in: after `after` up to `through` (positions
	 * in the machine's commits), `commits` of them, `unmeasured` without
	 * results; `placed` false where the noise cannot tell measured ones
	 * apart (gb_trend_step.first_from, first_to).
	 */
	size_t after, through;
	size_t commits;
	size_t unmeasured;
	bool placed;
} report_change;

typedef struct {
	report_change *changes;
	size_t nchanges;
	report_verdict *verdicts;
	size_t nverdicts, alloc_verdicts;
	/* With a window: the rolling value at each measured commit. */
	size_t *rolling_pos;   /* in the machine's commits */
	double *rolling;
	size_t nrolling;
} report_series;

typedef struct {
	char *key;             /* NULL: every machine's runs together */
	char *alias;           /* bench.machine.<key>.alias; NULL: none */
	gb_env env;            /* of its newest run */
	size_t runs;
	gb_series_set set;     /* its commits are its x axis */
	size_t *global;        /* set.commits[i] is commits[global[i]] */
	report_series *series; /* parallel to set.series */
} report_machine;

typedef struct {
	char *name;
	char *measure;
	char *unit;
	gb_direction direction;
	double base, head, change, noise;
	size_t base_runs, head_runs;
	gb_verdict verdict;
	gb_evidence evidence;
	bool failed;
	bool within_noise;
} report_row;

typedef struct {
	bool present;
	git_oid base, head;
	char *base_subject, *head_subject;
	int64_t base_time, head_time;
	char *base_how;
	size_t base_distance;
	char *machine;
	double max_regression, geomean;
	report_row *rows;
	size_t nrows;
} report_summary;

struct gb_report {
	gb_store *store;
	char *title;
	char *range;
	gb_window window;        /* zero: no rolling values */
	/* Comparisons against baselines named after the first (summary). */
	report_summary *more;
	size_t nmore, alloc_more;
	gb_compare_options compare;
	report_commit *commits;  /* oldest first */
	size_t ncommits, alloc_commits;
	report_machine *machines;  /* the one of the newest run first */
	size_t nmachines, alloc_machines;
	report_summary summary;
};

#endif
