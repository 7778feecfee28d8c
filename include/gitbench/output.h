/*
 * Output: every view git bench shows, in every format it has, rendered
 * into a gb_buf. One registry says which formats each view takes and which
 * is its default; a program shows what the command line shows by naming
 * the same view and format.
 */
#ifndef GITBENCH_OUTPUT_H
#define GITBENCH_OUTPUT_H

#include "bisect.h"
#include "check.h"
#include "report.h"
#include "trend.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	GB_OUTPUT_TEXT,       /* for people at a terminal ("table" too) */
	GB_OUTPUT_MARKDOWN,   /* for an issue or a pull request */
	GB_OUTPUT_JSON,
	GB_OUTPUT_CSV,
	GB_OUTPUT_HTML,
	GB_OUTPUT_OPENMETRICS, /* gauges for Prometheus and OpenTelemetry */
} gb_output_format;

typedef enum {
	GB_OUTPUT_COMPARE,    /* a check: text, markdown, json, csv */
	GB_OUTPUT_TRENDS,     /* a trend list: text, markdown, json, csv */
	GB_OUTPUT_RUNS,       /* a commit's runs: text, json */
	GB_OUTPUT_EXPORT,     /* runs as rows: csv, json, openmetrics */
	GB_OUTPUT_BISECT,     /* a bisection: text, json */
	GB_OUTPUT_REPORT,     /* the report: html, json */
	GB_OUTPUT_BASELINES,  /* several baselines: text, markdown, json, csv */
	GB_OUTPUT_ACROSS,     /* one commit on machines: text, markdown, json, csv */
} gb_output_view;

/*
 * The format `name` of `view`, its default when `name` is NULL.
 * GB_EINVALID "unknown format 'x' (text, markdown, json or csv)".
 */
GB_EXTERN(int) gb_output_format_parse(gb_output_format *out,
	gb_output_view view, const char *name);
GB_EXTERN(const char *) gb_output_format_name(gb_output_format format);
/* The formats of `view` for a help line: "text (default) or json". */
GB_EXTERN(int) gb_output_formats_describe(gb_buf *out, gb_output_view view);

typedef struct {
	unsigned int version;
	gb_output_format format;
	bool color;           /* text: ANSI colours for verdicts */
	size_t width;         /* text: columns to fit (0: 80) */
	int64_t now;          /* "2 hours ago" is before this (0: the clock) */
} gb_output_options;

#define GB_OUTPUT_OPTIONS_VERSION 1
#define GB_OUTPUT_OPTIONS_INIT { GB_OUTPUT_OPTIONS_VERSION, GB_OUTPUT_TEXT, \
	false, 0, 0 }

/* A check's comparison (after gb_check_compare). */
GB_EXTERN(int) gb_output_compare(gb_buf *out, const gb_check *c,
	const gb_output_options *opts);
/*
 * The command whose runs would settle the UNCERTAIN rows of a check, as
 * compare's footer says it: "git bench run --repeat 6, or --confirm",
 * more runs a side than the rows have (gb_compare_runs_advised; the
 * baseline too, by --interleave, where its runs alone are too few).
 * Nothing when more runs are not what those rows lack.
 */
GB_EXTERN(int) gb_output_more_runs(gb_buf *out, const gb_check *c);
/*
 * Several revisions side by side: checks[i] is the current side against
 * the i-th baseline, each made as compare makes one (the same current
 * side in all); the current is revision `current` of the n + 1, the
 * baselines in their order around it. Changes are against the first
 * revision, or against the previous one when `stepwise`.
 */
GB_EXTERN(int) gb_output_baselines(gb_buf *out, const gb_check *checks,
	size_t n, size_t current, bool stepwise, const gb_output_options *opts);
/* Trends and their change points. */
GB_EXTERN(int) gb_output_trends(gb_buf *out, const gb_trend_list *l,
	git_repository *repo, const gb_output_options *opts);
/* The runs recorded for `commit`; `samples` in JSON too. */
GB_EXTERN(int) gb_output_runs(gb_buf *out, const gb_runlist *runs,
	const git_oid *commit, bool samples, const gb_output_options *opts);
/* A bisection of benchmark `name` on `machine` (NULL: any). */
GB_EXTERN(int) gb_output_bisect(gb_buf *out, const gb_bisect_result *r,
	git_repository *repo, const char *name, const char *machine,
	const gb_output_options *opts);
/* One line of a bisection's progress (without a newline). */
GB_EXTERN(int) gb_output_bisect_event(gb_buf *out, const gb_bisect_event *e,
	git_repository *repo, const char *name);
/* What a judge says of `commit`: "1a2b3c4 is bad: name 1.2 ms against ..." */
GB_EXTERN(int) gb_output_bisect_judgement(gb_buf *out,
	const gb_bisect_judgement *j, git_repository *repo,
	const git_oid *commit, const char *name, const gb_bisect_judge *judge);
/* The report: the page, or its data alone. */
GB_EXTERN(int) gb_output_report(gb_buf *out, const gb_report *r,
	const gb_output_options *opts);

/*
 * Export rows (docs/export.md), streamed: the head, the runs of each
 * measured commit (committed at `commit_time`) as they are read, and the
 * end; `rows` counts the rows written so far.
 */
GB_EXTERN(int) gb_output_export_begin(gb_buf *out,
	const gb_output_options *opts);
GB_EXTERN(int) gb_output_export_runs(gb_buf *out, size_t *rows,
	const gb_runlist *runs, int64_t commit_time,
	const gb_output_options *opts);
GB_EXTERN(int) gb_output_export_end(gb_buf *out, size_t rows,
	const gb_output_options *opts);

/*
 * `s` escaped for a terminal (gb_escape_text) and cut with "…" to at most
 * `max` columns, appended to `out`: a name or label in a line that must
 * fit the terminal.
 */
GB_EXTERN(void) gb_output_text_fit(gb_buf *out, const char *s, size_t max);
/* The same for a benchmark's label (gb_measure_label): " [user]" stays. */
GB_EXTERN(void) gb_output_text_fit_label(gb_buf *out, const char *name,
	const char *measure, size_t max);

/*
 * One line of the listing of measured commits (`git bench log --commits`):
 * id, date, benchmarks, runs, label and subject; `damaged` when its
 * results cannot be read. A long label or subject is cut with "…" to fit
 * `width` columns (0: 80).
 */
GB_EXTERN(int) gb_output_commit_line(gb_buf *out, git_repository *repo,
	const git_oid *commit, const gb_runlist *runs, bool damaged,
	size_t width);

#ifdef __cplusplus
}
#endif
#endif
