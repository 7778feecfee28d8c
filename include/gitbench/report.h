/*
 * The HTML report: every benchmark's series along first parents, per
 * machine, with its change points and the verdict of each measured commit
 * against the one before it, as one self-contained page.
 *
 * Collecting reads the history; rendering writes the page (inline CSS,
 * JavaScript and SVG, the data as one embedded JSON document). The
 * comparison shown at the top is made by the caller (it chooses the
 * baseline as `git bench compare` does) and handed over with
 * gb_report_set_summary().
 */
#ifndef GITBENCH_REPORT_H
#define GITBENCH_REPORT_H

#include "changepoint.h"
#include "check.h"
#include "compare.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_report gb_report;

typedef struct {
	unsigned int version;
	const char *title;        /* shown at the top (NULL: "Benchmarks") */
	const char *range;        /* how the range was named, for the page */
	const char *pattern;      /* only benchmarks matching (NULL: all) */
	const char *machine;      /* only this machine (NULL: each machine) */
	bool any_machine;         /* every machine's runs as one series */
	const git_oid *hide;      /* stop at this commit (excluded), NULL: none */
	/*
	 * Estimator, thresholds and budgets of the verdicts (NULL: the
	 * defaults); its `pattern` is not used: `pattern` above chooses.
	 */
	const gb_compare_options *compare;
	const gb_changepoint_options *changepoint;  /* NULL: defaults */
	const char *measure;      /* only this measure (NULL: all) */
	/*
	 * Version 2: a rolling mean or median (the estimator's) over this
	 * window (gb_window_parse), drawn beside each chart's trend.
	 */
	const char *window;       /* NULL: none */
} gb_report_options;

#define GB_REPORT_OPTIONS_VERSION 2
#define GB_REPORT_OPTIONS_INIT { GB_REPORT_OPTIONS_VERSION, NULL, NULL, \
	NULL, NULL, false, NULL, NULL, NULL, NULL, NULL }

/*
 * Read the measured commits along first parents from `start` and compute
 * change points and verdicts. GB_ENOTFOUND when there is nothing to show
 * (no results, none of the machine asked for, no benchmark matching).
 */
GB_EXTERN(int) gb_report_collect(gb_report **out, gb_store *store,
	const git_oid *start, const gb_report_options *opts);
GB_EXTERN(void) gb_report_free(gb_report *r);

/* What was collected, for the caller's messages. */
typedef struct {
	size_t commits;       /* measured commits (any machine) */
	size_t damaged;       /* of which could not be read */
	size_t machines;
	size_t benchmarks;    /* distinct benchmarks, all machines */
	size_t series;        /* distinct benchmarks in each measure */
	size_t points;        /* runs x benchmarks */
	size_t changepoints;
	size_t regressions;   /* commits x benchmarks with a REGRESSION */
	const git_oid *newest;  /* the newest measured commit, NULL if none */
} gb_report_stats;

GB_EXTERN(void) gb_report_get_stats(gb_report_stats *out, const gb_report *r);

/* The comparison at the top of the page. Everything is borrowed. */
typedef struct {
	const gb_comparison *comparison;
	const gb_compare_options *opts;
	git_oid base, head;
	const char *base_how;     /* "merge-base of HEAD and origin/main" */
	size_t base_distance;     /* first-parent steps from what was asked */
	const char *machine;      /* NULL: any */
} gb_report_summary;

/* Copy the comparison into the report (NULL: none). */
GB_EXTERN(int) gb_report_set_summary(gb_report *r,
	const gb_report_summary *s);
/* Add a comparison after those the report has: the page shows each. */
GB_EXTERN(int) gb_report_add_summary(gb_report *r,
	const gb_report_summary *s);

/*
 * The comparison `git bench compare` would make for the newest measured
 * commit (its default baseline, else the measured commit before it), on
 * the machine of the options or the one chosen for it, set as the
 * report's summary. 0 with no summary when there is nothing to compare.
 */
GB_EXTERN(int) gb_report_summarize(gb_report *r, gb_store *store,
	const gb_check_options *opts);
/*
 * The same against the baseline revision `rev` (resolved as compare
 * resolves it: a label, its nearest measured ancestor), added after the
 * report's other comparisons. An error when `rev` has no results to
 * compare with: the user named it.
 */
GB_EXTERN(int) gb_report_summarize_against(gb_report *r, gb_store *store,
	const gb_check_options *opts, const char *rev);

/* The data alone, as the JSON document the page embeds. */
GB_EXTERN(int) gb_report_json(gb_buf *out, const gb_report *r);
/* The page: one HTML document, nothing fetched from elsewhere. */
GB_EXTERN(int) gb_report_html(gb_buf *out, const gb_report *r);

/*
 * The same page handed out as it is made, a part of about 1 MB at a time,
 * so that it is never whole in memory (12 MB at 100,000 runs): `put`
 * returns 0, or a negative error code, which stops the page and is
 * returned.
 */
typedef int (*gb_report_put_fn)(const gb_buf *part, void *payload);
GB_EXTERN(int) gb_report_html_parts(const gb_report *r, gb_report_put_fn put,
	void *payload);

#ifdef __cplusplus
}
#endif
#endif
