/*
 * Comparing results: per benchmark, the change of the estimator between a
 * baseline and a current side, weighed against run-to-run noise from the
 * best evidence available, classified, and checked against budgets.
 */
#ifndef GITBENCH_COMPARE_H
#define GITBENCH_COMPARE_H

#include "config.h"
#include "noise.h"
#include "series.h"
#include "waiver.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	GB_VERDICT_REGRESSION,  /* worse beyond maxRegression, beyond noise */
	GB_VERDICT_SLOWER,      /* worse beyond warnRegression, beyond noise,
				   and shown within maxRegression */
	GB_VERDICT_UNCERTAIN,   /* possibly beyond maxRegression: the evidence
				   can neither show it nor rule it out */
	GB_VERDICT_STABLE,      /* shown within budget */
	GB_VERDICT_FASTER,      /* better beyond improvement, beyond noise */
	GB_VERDICT_IMPROVED,    /* better beyond maxRegression, beyond noise */
	GB_VERDICT_NEW,         /* only on the current side */
	GB_VERDICT_REMOVED,     /* only on the baseline side */
	GB_VERDICT_ACCEPTED,    /* a REGRESSION or UNCERTAIN that a waiver
				   accepts (gitbench/waiver.h) */
	GB_VERDICT_COUNT
} gb_verdict;

/* The noise a verdict was weighed against, best first. */
typedef enum {
	GB_EVIDENCE_RUNS,       /* several runs per side: their spread */
	GB_EVIDENCE_HISTORY,    /* the spread learned from stored runs */
	GB_EVIDENCE_SAMPLES,    /* one run a side, nothing stored: its samples */
	GB_EVIDENCE_COUNTS,     /* one run a side of a count that repeats
				   between runs (instructions): its known
				   spread, GB_COUNT_SPREAD */
	GB_EVIDENCE_NONE,       /* nothing to tell noise from change */
	GB_EVIDENCE_COUNT
} gb_evidence;

/* Why a verdict is UNCERTAIN (or why a claim was held back). */
typedef enum {
	GB_WHY_NONE = 0,
	GB_WHY_NOISE,           /* the change and the budget are within noise */
	GB_WHY_ONE_RUN,         /* one run a side, nothing stored: noise between
				   runs unknown */
	GB_WHY_NO_NOISE,        /* nothing at all measures the noise */
	GB_WHY_RUN_MOVED,       /* the whole run moved by about as much */
	GB_WHY_NOISY_PAIR,      /* these runs are noisier than the evidence:
				   their changes spread wider than it allows */
	GB_WHY_NEAR_BUDGET,     /* a count within its spread of the budget */
	GB_WHY_NO_RATIO,        /* a side is 0 (or below) and they differ:
				   no ratio to judge */
	GB_WHY_BASE_OFF_LEVEL,  /* the baseline's one run reads far off the
				   level of the commits before it, and the
				   current side does not: the odd run made
				   the call */
} gb_why;

/*
 * What a row's verdict was weighed against beside its own evidence: one
 * run a side knows nothing of the noise between runs, so its samples'
 * error is set beside the pair's spread of one change.
 */
typedef enum {
	GB_PAIR_SPREAD_NONE = 0,        /* its own evidence alone */
	GB_PAIR_SPREAD_MEASURED,        /* the spread of the pair's changes
					   across benchmarks of the kind */
	GB_PAIR_SPREAD_ASSUMED,         /* too few benchmarks to measure it:
					   GB_ASSUMED_RUN_SPREAD, which only
					   calms calls that settle no gate */
} gb_pair_spread;

/*
 * The spread of one run assumed, as a fraction, where one run a side of
 * fewer than six benchmarks of a kind leaves nothing to measure it by
 * (docs/verdicts.md, samples).
 */
#define GB_ASSUMED_RUN_SPREAD 0.02

/* What UNCERTAIN does to a check (bench.onUncertain). */
typedef enum {
	GB_ON_UNCERTAIN_PASS = 0,
	GB_ON_UNCERTAIN_FAIL,
	/* Measure again until decided; where nothing can re-measure, fail. */
	GB_ON_UNCERTAIN_CONFIRM,
} gb_on_uncertain;

GB_EXTERN(const char *) gb_verdict_name(gb_verdict v);
GB_EXTERN(const char *) gb_evidence_name(gb_evidence e);
/*
 * "noise", "one-run", "no-noise", "run-moved", "noisy-pair",
 * "near-budget", "no-ratio", "baseline-off-level"; "" for GB_WHY_NONE.
 */
GB_EXTERN(const char *) gb_why_name(gb_why w);
/* Parse "pass", "fail" or "confirm"; GB_EINVALID otherwise. */
GB_EXTERN(int) gb_on_uncertain_parse(gb_on_uncertain *out, const char *text);
GB_EXTERN(const char *) gb_on_uncertain_name(gb_on_uncertain v);

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
	/*
	 * Two-sided level below which a change is beyond noise
	 * (bench.significance, 0.01): a one-sided 0.5% chance that noise
	 * alone makes a REGRESSION.
	 */
	double significance;
	/*
	 * One-sided confidence with which STABLE and SLOWER must show the
	 * change within maxRegression; below it, UNCERTAIN. 0.84: the change
	 * plus about one standard error stays within budget.
	 */
	double within_confidence;
	gb_on_uncertain on_uncertain;   /* bench.onUncertain */
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
#define GB_COMPARE_HISTORY_COMMITS GB_NOISE_MAX_COMMITS

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

/*
 * Whether `measure` is a count that repeats between runs of the same code
 * (instructions, estimated cycles: what Valgrind's tools count). One run
 * a side of it, with nothing else to go by, is judged against
 * GB_COUNT_SPREAD, the spread of one run's count, as a fraction.
 */
GB_EXTERN(bool) gb_measure_is_count(const char *measure);
#define GB_COUNT_SPREAD 0.001

typedef struct {
	char *name;
	char *measure;          /* a row is one benchmark in one measure */
	char *unit;
	gb_direction direction;
	double base;            /* estimator: mean over the side's runs */
	double head;
	size_t base_runs;
	size_t head_runs;
	size_t order;           /* position in the benchmarks' order */
	double change;          /* percent, (head - base) / base */
	double worse;           /* percent, positive when the change is bad */
	/*
	 * The change as a log-ratio, oriented like worse (ln(head/base) for
	 * lower-is-better), its standard error, and the spread of one run
	 * it rests on (all NAN when unknown), with its degrees of freedom.
	 */
	double log_change;
	double se;
	double sigma;
	double df;
	gb_evidence evidence;
	double p;               /* two-sided p-value of the change, NAN if none */
	double noise;           /* sigma as a percent spread of one run */
	double low, high;       /* percent: the change's interval at significance */
	double shift;           /* percent the whole run moved, NAN: did not */
	/*
	 * GB_WHY_BASE_OFF_LEVEL: percent the baseline's run reads off the
	 * level of the `level_commits` measured commits before it (the
	 * median of their means): (run - level) / level; else NAN and 0.
	 */
	double base_off_level;
	size_t level_commits;
	bool significant;       /* the change is beyond noise */
	bool within_noise;      /* large enough to count, but not beyond noise */
	gb_verdict verdict;
	gb_why why;             /* for UNCERTAIN, and claims held back */
	gb_pair_spread pair_spread; /* weighed against it too */
	const gb_budget *budget;   /* the budget applied, NULL: global */
	double threshold;          /* maxRegression applied, percent */
	bool over_time;            /* head above the budget's max_time */
	bool failed;               /* violates a budget: fails the check */
	const gb_waiver *waiver;   /* ACCEPTED: the waiver (borrowed) */
} gb_compare_row;

typedef struct {
	gb_compare_row *rows;   /* worst first: failed, then by verdict, worse */
	size_t nrows;
	size_t count[GB_VERDICT_COUNT];
	size_t failures;        /* rows breaking a budget */
	size_t evidence_count[GB_EVIDENCE_COUNT];
	double geomean;         /* percent, over compared rows, >0 is worse */
	size_t base_runs, head_runs;    /* runs taken (copies left out) */
	size_t base_copies, head_copies; /* runs left out: copies of one taken */
	/*
	 * The largest move of a whole run: the median change of one kind of
	 * result (time, or "[cpu_time]", ...) over enough benchmarks, in
	 * percent, when it is beyond warnRegression and beyond its noise; else
	 * NAN. `moved` rows were judged against it.
	 */
	double shift;
	char *shift_measure;    /* the measure of the kind of result that moved */
	size_t moved;
	size_t base_off_level;  /* rows held back: GB_WHY_BASE_OFF_LEVEL */
} gb_comparison;

/*
 * What the comparison weighs each side with. The run-to-run spreads come
 * from `noise` (may be NULL), else are learned from `history` (may be
 * NULL): series of the same machine's stored runs.
 */
typedef struct {
	const gb_run *const *base;
	size_t nbase;
	const gb_run *const *head;
	size_t nhead;
	const gb_series_set *history;
	const gb_noise *noise;
} gb_compare_input;

GB_EXTERN(int) gb_compare(gb_comparison *out, const gb_compare_input *in,
	const gb_compare_options *opts);
GB_EXTERN(void) gb_comparison_dispose(gb_comparison *c);

/*
 * The one rule, for callers that weigh a change themselves (bisect's steps,
 * log's change points): the verdict of a log-ratio `d` (oriented, > 0 is
 * worse) with standard error `se` (NAN: no measure of noise) on `df`
 * degrees of freedom, against a budget of `threshold` percent. `p` gets
 * the two-sided p-value (NAN without noise).
 */
GB_EXTERN(gb_verdict) gb_compare_judge(double *p, double d, double se,
	double df, double threshold, const gb_compare_options *opts);

/* Whether a row fails a check: over budget, or UNCERTAIN unless onUncertain=pass. */
GB_EXTERN(bool) gb_compare_row_fails(const gb_compare_row *row,
	const gb_compare_options *opts);
/*
 * Whether a row is a REGRESSION resting on one run a side's samples
 * alone (a suite too small to measure the spread between runs): the
 * noise between runs is not known, which the row and check say.
 */
GB_EXTERN(bool) gb_compare_row_on_samples_alone(const gb_compare_row *row);
/* Rows that fail a check, by gb_compare_row_fails. */
GB_EXTERN(size_t) gb_comparison_failures(const gb_comparison *c,
	const gb_compare_options *opts);

/*
 * After the verdicts: each REGRESSION or UNCERTAIN row, or row over its
 * budget, that a waiver of `w` (kept alive as long as `c`) accepts becomes
 * ACCEPTED and fails nothing. Returns how many rows it accepted.
 */
GB_EXTERN(size_t) gb_comparison_waive(gb_comparison *c, const gb_waivers *w);

/*
 * How many runs a side would likely decide an UNCERTAIN (or REGRESSION)
 * row at its spread: the runs of the current side alone (`both` false:
 * the baseline stays as it is) or of each side (`both` true) at which the
 * change seen, if it held, would be beyond noise past the budget or
 * shown within it. 0 when the row is decided already; SIZE_MAX when more
 * runs of those sides cannot decide it (no spread known, or the baseline
 * side's own noise is too much). A sequential confirmation measures
 * toward this, re-judging after each run.
 */
GB_EXTERN(size_t) gb_compare_runs_needed(const gb_compare_row *row,
	const gb_compare_options *opts, bool both);

/*
 * The runs a side to advise for an UNCERTAIN row (`run --repeat`), more
 * than it has: where its spread measures the noise between runs (runs,
 * history, or the pair's own spread), the runs gb_compare_runs_needed
 * gives at that spread, or twice what the row has when that is no more;
 * else (one run a side, no spread) twice the runs, at least 3. `*both`
 * when the baseline's runs alone keep it undecided, so that both sides
 * need them (`run --interleave`). 0 when more runs are not what the row
 * lacks (a whole run that moved, no ratio, a count at its budget's
 * edge), or would take more than GB_MAX_REPEAT; and for any other verdict.
 */
GB_EXTERN(size_t) gb_compare_runs_advised(const gb_compare_row *row,
	const gb_compare_options *opts, bool *both);

#ifdef __cplusplus
}
#endif
#endif
