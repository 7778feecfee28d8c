/*
 * Comparing results: per benchmark, the change of the estimator between a
 * baseline and a current side, weighed against run-to-run noise from the
 * best evidence available, classified, and checked against budgets.
 */
#ifndef GITBENCH_COMPARE_H
#define GITBENCH_COMPARE_H

#include "config.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	GB_VERDICT_REGRESSION,  /* worse beyond maxRegression, beyond noise */
	GB_VERDICT_SLOWER,      /* worse beyond warnRegression, beyond noise */
	GB_VERDICT_STABLE,
	GB_VERDICT_FASTER,      /* better beyond improvement, beyond noise */
	GB_VERDICT_IMPROVED,    /* better beyond maxRegression, beyond noise */
	GB_VERDICT_NEW,         /* only on the current side */
	GB_VERDICT_REMOVED,     /* only on the baseline side */
} gb_verdict;

typedef enum {
	GB_EVIDENCE_RUNS,       /* several runs per side: test on per-run estimates */
	GB_EVIDENCE_HISTORY,    /* run-to-run spread learned from history */
	GB_EVIDENCE_SAMPLES,    /* one run per side: test on its samples */
	GB_EVIDENCE_NONE,       /* nothing to tell noise from change */
} gb_evidence;

GB_EXTERN(const char *) gb_verdict_name(gb_verdict v);
GB_EXTERN(const char *) gb_evidence_name(gb_evidence e);

/* A budget for the benchmarks whose names match `pattern`. */
typedef struct {
	char *pattern;
	double max_regression;  /* percent, NAN when not set */
	double max_time;        /* nanoseconds, NAN when not set */
} gb_budget;

typedef struct {
	unsigned int version;
	gb_estimator estimator;
	double max_regression;  /* percent (bench.maxRegression) */
	double warn_regression; /* percent (bench.warnRegression) */
	double improvement;     /* percent (bench.improvement) */
	double significance;    /* p-value (bench.significance) */
	double noise_sigma;     /* spreads a change must exceed (bench.noiseSigma) */
	size_t min_history;     /* per-run estimates needed to learn the spread */
	gb_budget *budgets;     /* per pattern (borrowed) */
	size_t nbudgets;
	const char *pattern;    /* --bench: only these benchmarks (NULL: all) */
	const char *measure;    /* --measure: only this measure (NULL: all) */
} gb_compare_options;

#define GB_COMPARE_OPTIONS_VERSION 1

/*
 * Measured commits along the baseline's first parents that the run-to-run
 * noise is learned from (gb_compare_input.history), wherever a comparison
 * is made: a check, a bisection.
 */
#define GB_COMPARE_HISTORY_COMMITS 20

/* Defaults, then bench.* settings of `cfg` (NULL: defaults only). */
GB_EXTERN(int) gb_compare_options_init(gb_compare_options *opts,
	const gb_config *cfg);
/* Budgets from bench.<pattern>.maxRegression / .maxTime subsections. */
GB_EXTERN(int) gb_budgets_load(gb_budget **out, size_t *n,
	const gb_config *cfg);
GB_EXTERN(void) gb_budgets_free(gb_budget *b, size_t n);
/* The budget that applies to `name` in time (gb_budget_for_measure). */
GB_EXTERN(const gb_budget *) gb_budget_for(const gb_budget *b, size_t n,
	const char *name);
/*
 * The budget that applies to benchmark `name` in `measure`: of the
 * subsections that match, the longest. A subsection is a pattern for
 * every measure, or "<pattern>.<measure>" or "<pattern> [<measure>]" for
 * one. Without one, the measure's own default: 1% for instruction and
 * cycle counts, which hardly move between runs ("*.instructions").
 */
GB_EXTERN(const gb_budget *) gb_budget_for_measure(const gb_budget *b,
	size_t n, const char *name, const char *measure);

typedef struct {
	char *name;
	char *measure;          /* a row is one benchmark in one measure */
	char *unit;
	gb_direction direction;
	double base;            /* estimator: mean over the side's runs */
	double head;
	size_t base_runs;
	size_t head_runs;
	double change;          /* percent, (head - base) / base */
	double worse;           /* percent, positive when the change is bad */
	gb_evidence evidence;
	double p;               /* p-value of the test used, NAN if none */
	double noise;           /* run-to-run spread in percent of base (HISTORY) */
	bool significant;       /* the change is beyond noise */
	bool within_noise;      /* large enough to count, but not beyond noise */
	gb_verdict verdict;
	const gb_budget *budget;   /* the budget applied, NULL: global */
	double threshold;          /* maxRegression applied, percent */
	bool over_time;            /* head above the budget's max_time */
	bool failed;               /* violates a budget: fails the check */
} gb_compare_row;

typedef struct {
	gb_compare_row *rows;   /* worst first: failed, then by verdict, worse */
	size_t nrows;
	size_t count[GB_VERDICT_REMOVED + 1];
	size_t failures;
	size_t evidence_count[GB_EVIDENCE_NONE + 1];
	double geomean;         /* percent, over compared rows, >0 is worse */
	size_t base_runs, head_runs;
} gb_comparison;

/*
 * What the comparison weighs each side with. `history` (may be NULL) holds
 * the series along the baseline's first parents (same machine) from which
 * run-to-run spreads are learned.
 */
typedef struct {
	const gb_run *const *base;
	size_t nbase;
	const gb_run *const *head;
	size_t nhead;
	const gb_series_set *history;
} gb_compare_input;

GB_EXTERN(int) gb_compare(gb_comparison *out, const gb_compare_input *in,
	const gb_compare_options *opts);
GB_EXTERN(void) gb_comparison_dispose(gb_comparison *c);

#ifdef __cplusplus
}
#endif
#endif
