/* Trends as a terminal table, markdown, JSON or CSV. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"
#include "output/output_int.h"

#define NAME_MAX_CELLS 40
#define MARKDOWN_POINTS 30
#define ARROW " \xe2\x86\x92 "

/* A trend list as its renderers show it. */
typedef struct {
	git_repository *repo;
	const gb_series_set *set;
	const gb_trend_row *rows;
	size_t nrows;
	const char *machine;       /* NULL: any */
	gb_estimator estimator;
	const gb_changepoint_options *cp;
	bool color;
	size_t width;              /* terminal columns */
	/* Sparklines' one scale: the widest relative range of a row. */
	double span;
	/* The rolling column's heading ("7d mean"), when one was asked. */
	bool rolling;
	char heading[48], wname[32];
	const gb_window *window;
} view;

static const gb_series_commit *point_commit(const view *v,
	const gb_trend *t, size_t point)
{
	return &v->set->commits[t->points[point].commit];
}

/* Where change point i may be (gb_trend_span_of). */
static gb_trend_span span_of(const view *v, const gb_trend *t, size_t i)
{
	gb_trend_span sp;

	gb_trend_span_of(&sp, t, i, v->set);
	return sp;
}

/* "9a1b2c3..4af99eb": the commits the step may be in, as git names them. */
static void step_range(gb_buf *out, const view *v, const gb_trend *t,
	const gb_trend_span *sp)
{
	gb_repo_short_id_buf(out, v->repo, &point_commit(v, t, sp->older)->id);
	gb_buf_puts(out, "..");
	gb_repo_short_id_buf(out, v->repo, &point_commit(v, t, sp->newer)->id);
}

static void percent_text(gb_buf *out, double p)
{
	if (isnan(p))
		gb_buf_puts(out, "-");
	else
		gb_buf_printf(out, "%+.2f%%", gb_units_percent(p, 2));
}

static void pvalue_text(gb_buf *out, double p)
{
	if (p < 1e-16)
		gb_buf_puts(out, "p<1e-16");
	else
		gb_buf_printf(out, "p=%.2g", p);
}

/* Whether a change is for the worse, given the benchmark's direction. */
static bool worse(const gb_series *s, double change)
{
	return s->direction == GB_HIGHER_IS_BETTER ? change < 0 : change > 0;
}

static void header(gb_buf *out, const view *v, bool markdown)
{
	const gb_series_set *set = v->set;

	/* Not a code span: a backquote in a remote's machine key would end
	 * it, and escapes do not work inside one. */
	gb_buf_puts(out, "Machine: ");
	if (markdown)
		gb_escape_markdown(out, v->machine ? v->machine : "any");
	else
		gb_escape_text(out, v->machine ? v->machine : "any");
	gb_buf_printf(out, " \xc2\xb7 %s \xc2\xb7 %zu measured commit%s",
		v->estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean",
		set->ncommits, set->ncommits == 1 ? "" : "s");
	if (set->ncommits) {
		gb_buf_puts(out, markdown ? ", `" : ", ");
		gb_repo_short_id_buf(out, v->repo, &set->commits[0].id);
		gb_buf_puts(out, markdown ? "`..`" : "..");
		gb_repo_short_id_buf(out, v->repo, &set->commits[set->ncommits - 1].id);
		if (markdown)
			gb_buf_putc(out, '`');
	}
	gb_buf_puts(out, "\n\n");
}

/* The values of the last `n` points of a trend. */
static double *last_values(const gb_trend *t, size_t n)
{
	double *x = gb_malloc((n ? n : 1) * sizeof(double));
	size_t i;

	if (!x)
		return NULL;
	for (i = 0; i < n; i++)
		x[i] = t->points[t->n - n + i].value;
	return x;
}

static void spark(gb_buf *out, const view *v, const gb_trend *t, size_t n)
{
	double *x;

	n = n < t->n ? n : t->n;
	if ((x = last_values(t, n)))
		gb_text_sparkline(out, x, n, v->span);
	free(x);
}

/* Smallest height of the common scale: jitter below it draws flat. */
#define SPAN_FLOOR 0.01

/* The widest range of a row relative to its middle, at least SPAN_FLOOR. */
static double common_span(const gb_trend_row *rows, size_t n)
{
	double span = SPAN_FLOOR, lo, hi, r;
	size_t i, k;

	for (i = 0; i < n; i++) {
		const gb_trend *t = &rows[i].trend;

		if (!t->n)
			continue;
		lo = hi = t->points[0].value;
		for (k = 1; k < t->n; k++) {
			lo = t->points[k].value < lo ? t->points[k].value : lo;
			hi = t->points[k].value > hi ? t->points[k].value : hi;
		}
		r = lo + hi != 0 ? (hi - lo) / fabs((lo + hi) / 2) : 0;
		span = isfinite(r) && r > span ? r : span;
	}
	return span;
}

/* Whether a step shown lies in commits without results; in several
 * measured ones the noise cannot tell apart. */
static void any_range(const view *v, bool *gap, bool *unplaced)
{
	size_t i, k;

	*gap = *unplaced = false;
	for (i = 0; i < v->nrows; i++)
		for (k = 0; k < v->rows[i].trend.nchanges; k++) {
			gb_trend_span sp = span_of(v, &v->rows[i].trend, k);

			*gap |= sp.unmeasured > 0;
			*unplaced |= !sp.placed;
		}
}

/* What Change and the sparklines are measured against, said once. */
static void legend(gb_buf *out, const view *v, bool markdown)
{
	bool gap, unplaced;

	gb_buf_printf(out, "\nChange: the latest against the first of the range.%s"
		"Sparklines share one scale: full height is %.1f%%.\n",
		markdown ? " " : "\n", 100 * v->span);
	any_range(v, &gap, &unplaced);
	if (gap)
		gb_buf_printf(out, "A step in A..B: in B or a commit since A "
			"without results;%sgit bench bisect --run measures them to "
			"name it.\n", markdown ? " " : "\n");
	if (unplaced)
		gb_buf_printf(out, "A step the noise cannot place: in B or a "
			"commit since A; more runs of%sthem (git bench run "
			"--repeat 3 --record at each) place it.\n",
			markdown ? " " : "\n");
	if (!v->rolling)
		return;
	if (v->window->commits)
		gb_buf_printf(out, "%s: over the last %zu measured commits.\n",
			v->heading, v->window->commits);
	else
		gb_buf_printf(out, "%s: over the measured commits of the %s up "
			"to the latest,%sby commit date.\n", v->heading,
			v->wname, markdown ? " " : "\n");
}

/* The rolling value at the latest point, or "-". */
static void rolling_text(gb_buf *out, const gb_trend_row *row)
{
	const gb_trend *t = &row->trend;

	if (!t->rolling || !t->n)
		gb_buf_puts(out, "-");
	else
		gb_units_format(out, t->rolling[t->n - 1], row->series->unit);
}

/* ---- table ------------------------------------------------------------- */

typedef struct {
	gb_buf latest, rolling, change;
} row_cells;

/* The verdict of change point i by compare's rule ("" when not judged). */
static const char *step_verdict(const gb_trend_row *row, size_t i)
{
	return row->trend.steps ? gb_verdict_name(row->trend.steps[i].verdict)
				: "";
}

static void step_line(gb_buf *out, const view *v, const gb_trend_row *row,
	size_t i)
{
	const gb_changepoint *cp = &row->trend.changes[i];
	const gb_series_commit *c = point_commit(v, &row->trend, cp->index);
	gb_buf pct = GB_BUF_INIT, subject = GB_BUF_INIT, tail = GB_BUF_INIT;
	size_t start = out->size, used, paren;
	gb_trend_span sp = span_of(v, &row->trend, i);
	bool gap = sp.commits > 1;

	if (gap) {
		/* Not one commit: the range it is in, as bisect would search. */
		gb_buf_puts(out, "  step in ");
		step_range(out, v, &row->trend, &sp);
		gb_buf_printf(out, " (%zu commits", sp.commits);
		if (sp.unmeasured)
			gb_buf_printf(out, ", %zu unmeasured", sp.unmeasured);
		gb_buf_puts(out, sp.placed ? "): " : ", noise cannot place it): ");
	} else {
		gb_buf_puts(out, "  step at ");
		gb_repo_short_id_buf(out, v->repo, &c->id);
		gb_buf_putc(out, ' ');
		gb_date_format(out, c->time, GB_DATE_DAY);
		gb_buf_puts(out, ": ");
	}
	gb_units_format(out, cp->mean_before, row->series->unit);
	gb_buf_puts(out, ARROW);
	gb_units_format_as(out, cp->mean_after, row->series->unit, cp->mean_before);
	paren = out->size;
	gb_buf_puts(out, " (");
	percent_text(&pct, cp->change);
	gb_text_color(out, v->color, worse(row->series, cp->change) ? GB_COLOR_RED
								 : GB_COLOR_GREEN, pct.ptr);
	if (row->trend.steps)
		gb_buf_printf(out, ", %s", step_verdict(row, i));
	gb_buf_puts(out, ", ");
	pvalue_text(out, cp->pvalue);
	gb_buf_puts(out, ")");
	used = gb_text_width(out->ptr + start);
	if (used > v->width) {
		/* Too wide: the figures go on under the step, indented. */
		gb_buf_puts(&tail, out->ptr + paren + 1);
		out->size = paren;
		out->ptr[paren] = '\0';
		gb_buf_puts(out, "\n    ");
		start = out->size;
		gb_buf_puts(out, tail.ptr);
		used = gb_text_width(out->ptr + start) + 4;
	}
	/* The subject of the commit that stepped, when that is known. */
	if (!gap && gb_repo_commit_subject(&subject, v->repo, &c->id) == 0 &&
	    subject.size && used + 12 < v->width) {
		gb_buf_putc(out, ' ');
		gb_text_fit(out, subject.ptr, v->width - used - 1);
	}
	gb_buf_putc(out, '\n');
	gb_buf_dispose(&pct);
	gb_buf_dispose(&subject);
	gb_buf_dispose(&tail);
}

/*
 * "  newest 1 commit: 130.00 ns → 170.00 ns (+30.77%, REGRESSION); a step
 * once more commits stay there": the tail, said before it is a level.
 */
static void tail_text(gb_buf *out, const view *v, const gb_trend_row *row,
	bool markdown)
{
	const gb_trend *t = &row->trend;
	gb_buf pct = GB_BUF_INIT;
	double last = t->points[t->n - 1].value;

	gb_buf_printf(out, "newest %zu commit%s: ", t->tail, t->tail == 1 ? "" : "s");
	gb_units_format(out, t->tail_level, row->series->unit);
	gb_buf_puts(out, ARROW);
	gb_units_format_as(out, t->tail == 1 ? last : t->tail_level *
		(1 + t->tail_change / 100), row->series->unit, t->tail_level);
	gb_buf_puts(out, " (");
	percent_text(&pct, t->tail_change);
	if (markdown)
		gb_buf_puts(out, pct.ptr);
	else
		gb_text_color(out, v->color, worse(row->series, t->tail_change)
			? GB_COLOR_RED : GB_COLOR_GREEN, pct.ptr);
	if (t->steps)
		gb_buf_printf(out, ", %s", gb_verdict_name(t->tail_step.verdict));
	gb_buf_puts(out, "); a step once more commits stay there");
	gb_buf_dispose(&pct);
}

static void tail_line(gb_buf *out, const view *v, const gb_trend_row *row)
{
	size_t start = out->size, cut;

	gb_buf_puts(out, "  ");
	tail_text(out, v, row, false);
	/* Too wide: the words after the figures go on the next line. */
	if (gb_text_width(out->ptr + start) > v->width &&
	    (cut = (size_t)(strstr(out->ptr + start, "; a step") - out->ptr)) > start) {
		out->size = cut;
		out->ptr[cut] = '\0';
		gb_buf_puts(out, ";\n    a step once more commits stay there");
	}
	gb_buf_putc(out, '\n');
}

static void table_row(gb_buf *out, const view *v, const gb_trend_row *row,
	const row_cells *cells, const size_t *w)
{
	size_t start = out->size, i, shown;

	gb_text_fit_label(out, row->series->name, row->series->measure, w[0]);
	gb_text_pad(out, w[0] - gb_text_width(out->ptr + start));
	gb_buf_puts(out, "  ");
	shown = row->trend.n < w[1] ? row->trend.n : w[1];
	spark(out, v, &row->trend, shown);
	gb_text_pad(out, w[1] - shown + 2);
	gb_text_pad(out, w[2] - gb_text_width(cells->latest.ptr));
	gb_buf_printf(out, "%s  ", cells->latest.ptr);
	if (v->rolling) {
		gb_text_pad(out, w[4] - gb_text_width(cells->rolling.ptr));
		gb_buf_printf(out, "%s  ", cells->rolling.ptr);
	}
	gb_text_pad(out, w[3] - gb_text_width(cells->change.ptr));
	gb_buf_printf(out, "%s\n", cells->change.ptr);
	for (i = 0; i < row->trend.nchanges; i++)
		step_line(out, v, row, i);
	if (row->trend.tail)
		tail_line(out, v, row);
}

/* Widths: name, sparkline, latest value, change, rolling value. */
static void table_widths(size_t *w, const view *v, const row_cells *cells)
{
	size_t i, most = 0, fixed;
	gb_buf label = GB_BUF_INIT;

	w[0] = 9;
	w[2] = 6;
	w[3] = 6;
	w[4] = v->rolling ? gb_text_width(v->heading) : 0;
	for (i = 0; i < v->nrows; i++) {
		size_t n = gb_escape_text_width(gb_text_label(&label,
			v->rows[i].series->name, v->rows[i].series->measure));

		w[0] = n > w[0] ? (n > NAME_MAX_CELLS ? NAME_MAX_CELLS : n) : w[0];
		w[2] = gb_text_width(cells[i].latest.ptr) > w[2] ? gb_text_width(cells[i].latest.ptr) : w[2];
		w[3] = gb_text_width(cells[i].change.ptr) > w[3] ? gb_text_width(cells[i].change.ptr) : w[3];
		if (v->rolling && gb_text_width(cells[i].rolling.ptr) > w[4])
			w[4] = gb_text_width(cells[i].rolling.ptr);
		most = v->rows[i].trend.n > most ? v->rows[i].trend.n : most;
	}
	/* A narrow terminal cuts long names before the trend gets too short. */
	fixed = w[2] + w[3] + 6 + (v->rolling ? w[4] + 2 : 0);
	while (w[0] > 12 && v->width < fixed + w[0] + 8)
		w[0]--;
	fixed += w[0];
	w[1] = v->width > fixed + 5 ? v->width - fixed : 5;
	w[1] = w[1] < most ? w[1] : most;
	w[1] = w[1] < 5 ? 5 : w[1];
	gb_buf_dispose(&label);
}

int gb_output_trends_text(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	row_cells *cells = gb_calloc(v->nrows ? v->nrows : 1, sizeof(*cells));
	size_t i, w[5];

	GB_UNUSED(o);
	if (!cells)
		return GB_ERROR;
	for (i = 0; i < v->nrows; i++) {
		const gb_trend_row *row = &v->rows[i];

		gb_units_format(&cells[i].latest,
			row->trend.points[row->trend.n - 1].value, row->series->unit);
		percent_text(&cells[i].change, gb_trend_range_change(&row->trend));
		if (v->rolling)
			rolling_text(&cells[i].rolling, row);
	}
	table_widths(w, v, cells);
	header(out, v, false);
	if (!v->nrows)
		gb_buf_puts(out, "No benchmark has a change point in this range.\n");
	else if (v->rolling)
		gb_buf_printf(out, "%-*s  %-*s  %*s  %*s  %*s\n", (int)w[0],
			"Benchmark", (int)w[1], "Trend", (int)w[2], "Latest",
			(int)w[4], v->heading, (int)w[3], "Change");
	else
		gb_buf_printf(out, "%-*s  %-*s  %*s  %*s\n", (int)w[0], "Benchmark",
			(int)w[1], "Trend", (int)w[2], "Latest", (int)w[3], "Change");
	for (i = 0; i < v->nrows; i++)
		table_row(out, v, &v->rows[i], &cells[i], w);
	if (v->nrows)
		legend(out, v, false);
	for (i = 0; i < v->nrows; i++) {
		gb_buf_dispose(&cells[i].latest);
		gb_buf_dispose(&cells[i].rolling);
		gb_buf_dispose(&cells[i].change);
	}
	free(cells);
	return 0;
}

/* ---- markdown ---------------------------------------------------------- */

static void markdown_steps(gb_buf *out, const view *v,
	const gb_trend_row *row)
{
	size_t i;

	if (!row->trend.nchanges && !row->trend.tail)
		gb_buf_puts(out, "none");
	for (i = 0; i < row->trend.nchanges; i++) {
		const gb_changepoint *cp = &row->trend.changes[i];

		gb_trend_span sp = span_of(v, &row->trend, i);

		gb_buf_puts(out, i ? "<br>`" : "`");
		if (sp.commits > 1)
			step_range(out, v, &row->trend, &sp);
		else
			gb_repo_short_id_buf(out, v->repo,
				&point_commit(v, &row->trend, cp->index)->id);
		gb_buf_puts(out, "` ");
		percent_text(out, cp->change);
		if (row->trend.steps)
			gb_buf_printf(out, " %s", step_verdict(row, i));
		gb_buf_puts(out, " (");
		gb_units_format(out, cp->mean_before, row->series->unit);
		gb_buf_puts(out, ARROW);
		gb_units_format_as(out, cp->mean_after, row->series->unit,
			cp->mean_before);
		gb_buf_puts(out, ")");
	}
	if (row->trend.tail) {
		gb_buf_puts(out, row->trend.nchanges ? "<br>" : "");
		tail_text(out, v, row, true);
	}
}

int gb_output_trends_markdown(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	gb_buf label = GB_BUF_INIT;
	size_t i;

	GB_UNUSED(o);
	gb_buf_puts(out, "## Benchmark trends\n\n");
	header(out, v, true);
	if (v->rolling)
		gb_buf_printf(out, "| Benchmark | Trend | Latest | %s | Change | "
			"Change points |\n|---|---|--:|--:|--:|---|\n", v->heading);
	else
		gb_buf_puts(out, "| Benchmark | Trend | Latest | Change | "
			"Change points |\n|---|---|--:|--:|---|\n");
	for (i = 0; i < v->nrows; i++) {
		const gb_trend_row *row = &v->rows[i];

		gb_buf_puts(out, "| ");
		gb_escape_markdown(out, gb_text_label(&label, row->series->name,
			row->series->measure));
		gb_buf_puts(out, " | ");
		spark(out, v, &row->trend, MARKDOWN_POINTS);
		gb_buf_puts(out, " | ");
		gb_units_format(out, row->trend.points[row->trend.n - 1].value,
			row->series->unit);
		gb_buf_puts(out, " | ");
		if (v->rolling) {
			rolling_text(out, row);
			gb_buf_puts(out, " | ");
		}
		percent_text(out, gb_trend_range_change(&row->trend));
		gb_buf_puts(out, " | ");
		markdown_steps(out, v, row);
		gb_buf_puts(out, " |\n");
	}
	gb_buf_dispose(&label);
	if (v->nrows)
		legend(out, v, true);
	return 0;
}

/* ---- JSON -------------------------------------------------------------- */

static void json_time(gb_jsonw *w, const char *key, int64_t when)
{
	gb_buf t = GB_BUF_INIT;

	gb_date_format(&t, when, GB_DATE_ISO);
	gb_jsonw_string(w, key, t.ptr);
	gb_buf_dispose(&t);
}

static void json_commits(gb_jsonw *w, const gb_series_set *set)
{
	size_t i;

	gb_jsonw_array(w, "commits");
	for (i = 0; i < set->ncommits; i++) {
		const gb_series_commit *c = &set->commits[i];

		gb_jsonw_object(w, NULL);
		gb_json_oid(w, "id", &c->id);
		json_time(w, "time", c->time);
		if (c->label)
			gb_jsonw_string(w, "label", c->label);
		else
			gb_jsonw_null(w, "label");
		gb_jsonw_number(w, "runs", (double)c->runs);
		gb_jsonw_bool(w, "damaged", c->damaged);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void json_steps(gb_jsonw *w, const view *v, const gb_trend_row *row)
{
	size_t i;

	gb_jsonw_array(w, "change_points");
	for (i = 0; i < row->trend.nchanges; i++) {
		const gb_changepoint *cp = &row->trend.changes[i];
		gb_trend_span sp = span_of(v, &row->trend, i);

		gb_jsonw_object(w, NULL);
		gb_json_oid(w, "commit", &point_commit(v, &row->trend, cp->index)->id);
		/*
		 * The commits it may be in: after `after` (the last at the
		 * old level for certain) up to `through`, `unmeasured` of
		 * them without results; `placed` false where the noise
		 * cannot tell measured ones apart.
		 */
		if (cp->index) {
			gb_json_oid(w, "after", &point_commit(v, &row->trend,
				sp.older)->id);
			gb_json_oid(w, "through", &point_commit(v, &row->trend,
				sp.newer)->id);
		}
		gb_jsonw_number(w, "commits", (double)sp.commits);
		gb_jsonw_number(w, "unmeasured", (double)sp.unmeasured);
		gb_jsonw_bool(w, "placed", sp.placed);
		gb_jsonw_number(w, "index", (double)cp->index);
		gb_jsonw_number(w, "mean_before", cp->mean_before);
		gb_jsonw_number(w, "mean_after", cp->mean_after);
		gb_jsonw_number(w, "change_percent", cp->change);
		gb_jsonw_number(w, "pvalue", cp->pvalue);
		if (row->trend.steps) {
			gb_jsonw_string(w, "verdict", step_verdict(row, i));
			gb_jsonw_number(w, "verdict_pvalue", row->trend.steps[i].p);
			gb_jsonw_number(w, "noise_percent", row->trend.steps[i].noise);
		}
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void json_row(gb_jsonw *w, const view *v, const gb_trend_row *row)
{
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "name", row->series->name);
	gb_jsonw_string(w, "measure", row->series->measure);
	gb_jsonw_string(w, "unit", row->series->unit);
	gb_jsonw_string(w, "direction", gb_text_direction(row->series->direction));
	gb_jsonw_number(w, "latest", row->trend.points[row->trend.n - 1].value);
	gb_jsonw_number(w, "change_percent", gb_trend_last_change(&row->trend));
	gb_jsonw_number(w, "range_change_percent",
		gb_trend_range_change(&row->trend));
	gb_jsonw_array(w, "points");
	for (i = 0; i < row->trend.n; i++) {
		gb_jsonw_object(w, NULL);
		gb_json_oid(w, "commit", &point_commit(v, &row->trend, i)->id);
		gb_jsonw_number(w, "value", row->trend.points[i].value);
		if (row->trend.rolling)
			gb_jsonw_number(w, "rolling", row->trend.rolling[i]);
		gb_jsonw_number(w, "runs", (double)row->trend.points[i].runs);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	json_steps(w, v, row);
	if (row->trend.tail) {
		gb_jsonw_object(w, "newest");
		gb_jsonw_number(w, "commits", (double)row->trend.tail);
		gb_jsonw_number(w, "level", row->trend.tail_level);
		gb_jsonw_number(w, "change_percent", row->trend.tail_change);
		if (row->trend.steps)
			gb_jsonw_string(w, "verdict",
				gb_verdict_name(row->trend.tail_step.verdict));
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void write_json(gb_jsonw *w, const void *state)
{
	const view *v = state;
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", 1);
	if (v->machine)
		gb_jsonw_string(w, "machine", v->machine);
	else
		gb_jsonw_null(w, "machine");
	gb_jsonw_string(w, "estimator",
		v->estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean");
	gb_jsonw_object(w, "change_point_settings");
	gb_jsonw_number(w, "pvalue", v->cp->max_pvalue);
	gb_jsonw_number(w, "window", (double)v->cp->window);
	gb_jsonw_number(w, "min_magnitude_percent", 100 * v->cp->min_magnitude);
	gb_jsonw_end(w);
	if (v->rolling) {
		gb_jsonw_object(w, "rolling");
		if (v->window->seconds)
			gb_jsonw_number(w, "seconds", (double)v->window->seconds);
		else
			gb_jsonw_null(w, "seconds");
		if (v->window->commits)
			gb_jsonw_number(w, "commits", (double)v->window->commits);
		else
			gb_jsonw_null(w, "commits");
		gb_jsonw_string(w, "estimator", v->estimator ==
			GB_ESTIMATOR_MEDIAN ? "median" : "mean");
		gb_jsonw_end(w);
	} else {
		gb_jsonw_null(w, "rolling");
	}
	json_commits(w, v->set);
	gb_jsonw_array(w, "benchmarks");
	for (i = 0; i < v->nrows; i++)
		json_row(w, v, &v->rows[i]);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

int gb_output_trends_json(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_output_json(out, true, write_json, state);
}

/* ---- CSV --------------------------------------------------------------- */

static void csv_row(gb_buf *out, const view *v, const gb_trend_row *row,
	size_t i, size_t step)
{
	const gb_changepoint *cp = step < row->trend.nchanges
					   ? &row->trend.changes[step] : NULL;
	const gb_series_commit *c = point_commit(v, &row->trend, i);
	char hex[GIT_OID_HEXSZ + 1];

	gb_escape_csv(out, row->series->name);
	gb_buf_putc(out, ',');
	gb_escape_csv(out, row->series->measure);
	gb_buf_putc(out, ',');
	gb_escape_csv(out, row->series->unit);
	git_oid_tostr(hex, sizeof(hex), &c->id);
	gb_buf_printf(out, ",%s,", hex);
	gb_date_format(out, c->time, GB_DATE_ISO);
	gb_buf_printf(out, ",%.17g,%zu,", row->trend.points[i].value,
		row->trend.points[i].runs);
	if (cp)
		gb_buf_printf(out, "%.6g,%.6g,%s", cp->change, cp->pvalue,
			step_verdict(row, step));
	else
		gb_buf_puts(out, ",,");
	if (v->rolling && row->trend.rolling)
		gb_buf_printf(out, ",%.17g", row->trend.rolling[i]);
	else if (v->rolling)
		gb_buf_putc(out, ',');
	gb_buf_putc(out, '\n');
}

int gb_output_trends_csv(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	size_t i, k, next;

	GB_UNUSED(o);
	gb_buf_printf(out, "benchmark,measure,unit,commit,time,value,runs,"
			 "change_point_percent,change_point_pvalue,"
			 "change_point_verdict%s\n", v->rolling ? ",rolling" : "");
	for (i = 0; i < v->nrows; i++) {
		const gb_trend_row *row = &v->rows[i];

		for (k = 0, next = 0; k < row->trend.n; k++) {
			size_t step = next < row->trend.nchanges &&
				row->trend.changes[next].index == k ? next++ : SIZE_MAX;

			csv_row(out, v, row, k, step);
		}
	}
	return 0;
}

static void prepare(void *state, const void *data, const gb_output_options *o)
{
	const gb_output_trends_data *d = data;
	view *v = state;

	v->repo = d->repo;
	v->set = &d->list->set;
	v->rows = d->list->rows;
	v->nrows = d->list->nrows;
	v->machine = d->list->machine;
	v->estimator = d->list->estimator;
	v->cp = &d->list->changepoint;
	v->color = o->color;
	v->width = o->width ? o->width : 80;
	v->span = common_span(v->rows, v->nrows);
	v->window = &d->list->window;
	v->rolling = v->window->seconds || v->window->commits;
	if (v->rolling) {
		gb_buf name = GB_BUF_INIT;

		const char *est = v->estimator == GB_ESTIMATOR_MEDIAN ? "median"
								     : "mean";
		long long n = (long long)(v->window->seconds % 86400 ?
			v->window->seconds / 3600 : v->window->seconds / 86400);

		gb_window_name(&name, v->window);
		snprintf(v->heading, sizeof(v->heading), "%s %s",
			name.ptr ? name.ptr : "", est);
		snprintf(v->wname, sizeof(v->wname), "%lld %s%s", n,
			v->window->seconds % 86400 ? "hour" : "day",
			n == 1 ? "" : "s");
		gb_buf_dispose(&name);
	}
}

static void dispose(void *state)
{
	GB_UNUSED(state);
}

const gb_output_prep gb_output_trends_prep = { sizeof(view), prepare,
	dispose };

int gb_output_trends(gb_buf *out, const gb_trend_list *l,
	git_repository *repo, const gb_output_options *opts)
{
	gb_output_trends_data d = { l, repo };

	return gb_output_render(out, GB_OUTPUT_TRENDS, &d, opts);
}
