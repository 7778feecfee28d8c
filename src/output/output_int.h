/*
 * Output internals: the renderer of each (view, format) the registry
 * lists, the data each view hands them, and text layout for terminals.
 */
#ifndef GB_SRC_OUTPUT_OUTPUT_INT_H
#define GB_SRC_OUTPUT_OUTPUT_INT_H

#include <git2.h>
#include "common.h"
#include "gitbench/jsonw.h"
#include "gitbench/metrics.h"
#include "gitbench/output.h"

/*
 * What a view's renderers get: the view's data (its struct below), or the
 * state its preparation made of it.
 */
typedef int (*gb_output_fn)(gb_buf *out, const void *state,
	const gb_output_options *o);

/* A view whose renderers share a preparation of its data. */
typedef struct {
	size_t size;           /* of the state */
	void (*prepare)(void *state, const void *data,
		const gb_output_options *o);
	void (*dispose)(void *state);
} gb_output_prep;

extern const gb_output_prep gb_output_compare_prep;
extern const gb_output_prep gb_output_trends_prep;

/* Render `data` of `view` in o->format, as the registry says. */
int gb_output_render(gb_buf *out, gb_output_view view, const void *data,
	const gb_output_options *o);

/*
 * The shortest text that reads back as the very same double (up to 17
 * significant digits); nothing for NaN or an infinity.
 */
int gb_output_number(gb_buf *out, double v);

/*
 * A JSON document that `write` fills from `state`, appended to `out`:
 * indented when `pretty`, else on one line.
 */
int gb_output_json(gb_buf *out, bool pretty,
	void (*write)(gb_jsonw *w, const void *state), const void *state);

typedef struct {
	const gb_trend_list *list;
	git_repository *repo;
} gb_output_trends_data;

typedef struct {
	const gb_runlist *runs;
	const git_oid *commit;
	bool samples;
} gb_output_runs_data;

typedef struct {
	const gb_bisect_result *result;
	git_repository *repo;
	const char *name;
	const char *machine;
	size_t width;   /* where text folds; set by the renderer */
} gb_output_bisect_data;

/* OpenMetrics families are gathered over a whole export: `metrics`. */
typedef struct {
	const gb_runlist *runs;
	int64_t commit_time;
	size_t *rows;
	const gb_metrics *metrics;
} gb_output_export_data;

/* The renderers, named view_format. */
int gb_output_compare_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_compare_markdown(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_compare_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_compare_csv(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_trends_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_trends_markdown(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_trends_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_trends_csv(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_runs_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_runs_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_export_csv(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_export_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_export_openmetrics(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_bisect_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_bisect_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_report_html(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_report_json(gb_buf *out, const void *data,
	const gb_output_options *o);

/* What a check's views share (output/compare.c). */
/* "3f2a1c9 (v1.0~2, 2 commits back)" and "3f2a1c9 (HEAD)", for text and markdown. */
void gb_output_check_labels(gb_buf *base, gb_buf *base_md, gb_buf *head,
	gb_buf *head_md, const gb_check *c);
/* The emoji of a row's verdict, and its colour (a gb_color). */
const char *gb_output_verdict_indicator(const gb_compare_row *r);
int gb_output_verdict_color(const gb_compare_row *r);
/* "1 regression, 8 stable", or "no benchmarks". */
void gb_output_verdict_counts(gb_buf *out, const size_t *count);
/*
 * The word a row shows: its verdict's name, or GB_OUTPUT_OVER_BUDGET for
 * a row that breaks a budget without being a REGRESSION (maxTime).
 */
#define GB_OUTPUT_OVER_BUDGET "OVER BUDGET"
const char *gb_output_verdict_word(const gb_compare_row *r);
/* The rows counted by the word they show: "1 regression, 1 over budget". */
void gb_output_shown_counts(gb_buf *out, const gb_comparison *c);

typedef struct {
	const gb_check *checks;
	size_t n;
	size_t current;
	bool stepwise;
} gb_output_baselines_data;

extern const gb_output_prep gb_output_baselines_prep;
extern const gb_output_prep gb_output_across_prep;
int gb_output_across_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_across_markdown(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_across_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_across_csv(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_baselines_text(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_baselines_markdown(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_baselines_json(gb_buf *out, const void *data,
	const gb_output_options *o);
int gb_output_baselines_csv(gb_buf *out, const void *data,
	const gb_output_options *o);

/* ---- text layout ---- */

typedef enum {
	GB_COLOR_PLAIN = 0, GB_COLOR_RED, GB_COLOR_BOLD_RED, GB_COLOR_YELLOW,
	GB_COLOR_GREEN, GB_COLOR_CYAN, GB_COLOR_BOLD, GB_COLOR_DIM,
} gb_color;

/* `text` in colour `c` when `on`. */
void gb_text_color(gb_buf *out, bool on, gb_color c, const char *text);
/* Terminal cells taken by UTF-8 text (emoji count two). */
size_t gb_text_width(const char *s);
void gb_text_pad(gb_buf *out, size_t n);
/*
 * Plain `text` (already escaped) that starts at column `col`, its words
 * wrapped at `width` cells onto lines indented by `indent`; no newline
 * after the last.
 */
void gb_text_wrap(gb_buf *out, const char *text, size_t col, size_t indent,
	size_t width);
/*
 * Plain `text` (already escaped) that starts at column `col`, cut where it
 * reaches `width` cells and carried on lines indented by `indent`: a
 * name without spaces that no line holds, shown whole.
 */
void gb_text_fold(gb_buf *out, const char *text, size_t col, size_t indent,
	size_t width);
/* Escape `s` for the terminal, cut to `max` cells with an ellipsis. */
void gb_text_fit(gb_buf *out, const char *s, size_t max);
/*
 * The label of `name` in `measure` (gb_text_label), escaped and cut to
 * `max` cells as gb_text_fit does, but in the name: " [cpu_time]" stays.
 */
void gb_text_fit_label(gb_buf *out, const char *name, const char *measure,
	size_t max);
/*
 * The fewest cells gb_text_fit_label needs to show the label's measure
 * whole and `keep` cells of its name (and the ellipsis when it cuts).
 */
size_t gb_text_label_least(const char *name, const char *measure,
	size_t keep);
/* Unicode blocks from ▁ to █, scaled to the least and greatest value. */
/*
 * Eight levels from the lowest value to the highest; with `span` > 0 the
 * height is at least that fraction of the values' middle, so that series
 * drawn on one scale compare (a 0.1% wobble stays flat beside a 30% step).
 */
void gb_text_sparkline(gb_buf *out, const double *values, size_t n,
	double span);
/* "higher" or "lower", as JSON and CSV say a direction. */
const char *gb_text_direction(gb_direction d);
/*
 * The label of a benchmark in a measure ("name", "name [measure]"), made
 * in `scratch` (cleared first), not escaped: for the escaping of where it
 * is shown.
 */
const char *gb_text_label(gb_buf *scratch, const char *name,
	const char *measure);
/* A commit id in full, as a JSON member. */
void gb_json_oid(gb_jsonw *w, const char *key, const git_oid *id);

#endif
