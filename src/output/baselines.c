/*
 * Several baselines in one table: the revisions side by side, each value
 * with its change against the first (or the previous) revision, and the
 * verdict of the current side against each baseline as its own comparison
 * made it. Text, markdown, JSON and CSV.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"
#include "output/output_int.h"

/* The label column of the text table: "  verdict". */
#define LABEL_CELLS 10
#define REV_MAX_CELLS 14

/* One benchmark in one measure, and its row in each comparison. */
typedef struct {
	const char *name, *measure, *unit;
	gb_direction direction;
} key;

typedef struct {
	const gb_check *checks;
	size_t n, nrev, current;
	bool stepwise, failed;
	key *keys;
	size_t nkeys;
	const gb_compare_row **cells;  /* nkeys * n; NULL: not in that one */
	gb_buf *labels, *labels_md;    /* per revision */
} view;

/* Time, the measure of most, sorts first; "" for it. */
static const char *measure_key(const char *m)
{
	return m && strcmp(m, GB_MEASURE_TIME) ? m : "";
}

static int key_cmp(const void *a, const void *b)
{
	const key *x = a, *y = b;
	int d = strcmp(x->name, y->name);

	return d ? d : strcmp(measure_key(x->measure), measure_key(y->measure));
}

/* The end of a line of the table, without the padding of empty cells. */
static void line_end(gb_buf *out)
{
	while (out->size && out->ptr[out->size - 1] == ' ')
		out->ptr[--out->size] = '\0';
	gb_buf_putc(out, '\n');
}

static size_t key_find(const view *v, const gb_compare_row *r)
{
	key k = { r->name, r->measure, NULL, 0 };
	const key *found = bsearch(&k, v->keys, v->nkeys, sizeof(key), key_cmp);

	return found ? (size_t)(found - v->keys) : v->nkeys;
}

/* The benchmarks of every comparison, each once, by name and measure. */
static int gather(view *v)
{
	size_t i, j, cap = 0;

	for (i = 0; i < v->n; i++)
		cap += v->checks[i].result.nrows;
	if (!(v->keys = gb_calloc(cap ? cap : 1, sizeof(key))))
		return GB_ERROR;
	for (i = 0; i < v->n; i++)
		for (j = 0; j < v->checks[i].result.nrows; j++) {
			const gb_compare_row *r = &v->checks[i].result.rows[j];
			key k = { r->name, r->measure, r->unit, r->direction };

			v->keys[v->nkeys++] = k;
		}
	/* Sorted, then each once: not a scan of the keys for every row. */
	qsort(v->keys, v->nkeys, sizeof(key), key_cmp);
	for (i = j = 0; i < v->nkeys; i++)
		if (!j || key_cmp(&v->keys[i], &v->keys[j - 1]))
			v->keys[j++] = v->keys[i];
	v->nkeys = j;
	if (!(v->cells = gb_calloc(v->nkeys * v->n + 1, sizeof(*v->cells))))
		return GB_ERROR;
	for (i = 0; i < v->n; i++)
		for (j = 0; j < v->checks[i].result.nrows; j++) {
			const gb_compare_row *r = &v->checks[i].result.rows[j];

			v->cells[key_find(v, r) * v->n + i] = r;
		}
	return 0;
}

/* The comparison of revision `rev`, NULL for the current one. */
static const gb_check *check_of(const view *v, size_t rev)
{
	if (rev == v->current)
		return NULL;
	return &v->checks[rev < v->current ? rev : rev - 1];
}

static const gb_compare_row *cell(const view *v, size_t k, size_t rev)
{
	return rev == v->current ? NULL
		: v->cells[k * v->n + (rev < v->current ? rev : rev - 1)];
}

/* The value of benchmark `k` at revision `rev`; NAN when not measured. */
static double value(const view *v, size_t k, size_t rev)
{
	const gb_compare_row *r;
	size_t i;

	if (rev != v->current)
		return (r = cell(v, k, rev)) && r->base_runs ? r->base : NAN;
	for (i = 0; i < v->n; i++)
		if ((r = v->cells[k * v->n + i]) && r->head_runs)
			return r->head;
	return NAN;
}

/* Percent against the first revision, or the previous; as compare says it. */
static double change(const view *v, size_t k, size_t rev)
{
	double to = value(v, k, rev), from;

	if (rev == 0)
		return NAN;
	from = value(v, k, v->stepwise ? rev - 1 : 0);
	if (isnan(to) || isnan(from))
		return NAN;
	if (from != 0)
		return 100 * (to - from) / fabs(from);
	return to == 0 ? 0 : NAN;
}

/* How revision `rev` was named: "v1.0", "HEAD". */
static const char *rev_name(const view *v, size_t rev)
{
	const gb_check *c = check_of(v, rev);

	return c ? c->base_how : v->checks[0].head_how;
}

static const git_oid *rev_commit(const view *v, size_t rev)
{
	const gb_check *c = check_of(v, rev);

	return c ? &c->base.commit : &v->checks[0].head_commit;
}

static size_t rev_runs(const view *v, size_t rev)
{
	const gb_check *c = check_of(v, rev);

	return c ? c->result.base_runs : v->checks[0].result.head_runs;
}

static void prepare(void *state, const void *data, const gb_output_options *o)
{
	const gb_output_baselines_data *d = data;
	view *v = state;
	size_t i;

	GB_UNUSED(o);
	memset(v, 0, sizeof(*v));
	v->checks = d->checks;
	v->n = d->n;
	v->nrev = d->n + 1;
	v->current = d->current;
	v->stepwise = d->stepwise;
	v->labels = gb_calloc(v->nrev, sizeof(gb_buf));
	v->labels_md = gb_calloc(v->nrev, sizeof(gb_buf));
	if (!v->labels || !v->labels_md || gather(v) < 0) {
		v->failed = true;
		return;
	}
	for (i = 0; i < v->n; i++) {
		size_t rev = i < v->current ? i : i + 1;
		gb_buf head = GB_BUF_INIT, head_md = GB_BUF_INIT;

		gb_output_check_labels(&v->labels[rev], &v->labels_md[rev],
			&head, &head_md, &v->checks[i]);
		if (i == 0) {
			v->labels[v->current] = head;
			v->labels_md[v->current] = head_md;
		} else {
			gb_buf_dispose(&head);
			gb_buf_dispose(&head_md);
		}
	}
}

static void dispose(void *state)
{
	view *v = state;
	size_t i;

	for (i = 0; v->labels && i < v->nrev; i++)
		gb_buf_dispose(&v->labels[i]);
	for (i = 0; v->labels_md && i < v->nrev; i++)
		gb_buf_dispose(&v->labels_md[i]);
	free(v->labels);
	free(v->labels_md);
	free(v->keys);
	free(v->cells);
}

static void percent_text(gb_buf *out, double p)
{
	if (!isnan(p))
		gb_buf_printf(out, "%+.2f%%", gb_units_percent(p, 2));
}

static void value_text(gb_buf *out, double x, const char *unit)
{
	if (isnan(x))
		gb_buf_puts(out, "-");
	else
		gb_units_format(out, x, unit);
}

static bool any_fails(const view *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (gb_comparison_failures(&v->checks[i].result,
			    &v->checks[i].opts))
			return true;
	return false;
}

/* ---- text ---- */

/* The lines above the table: each revision, the machine, the settings. */
static void text_header(gb_buf *out, const view *v, size_t width)
{
	const gb_check *c = &v->checks[0];
	gb_buf line = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < v->nrev; i++)
		gb_buf_printf(out, "%s%s \xc2\xb7 %zu run%s\n",
			i == v->current ? "Current:  " : "Baseline: ",
			v->labels[i].ptr ? v->labels[i].ptr : "", rev_runs(v, i),
			rev_runs(v, i) == 1 ? "" : "s");
	gb_buf_puts(out, "Machine:  ");
	gb_escape_text(out, c->machine ? c->machine : "any");
	gb_buf_printf(out, " \xc2\xb7 %s \xc2\xb7 regression over %g%%\n",
		c->opts.estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean",
		c->opts.max_regression);
	gb_buf_clear(&line);
	gb_buf_puts(&line, "Changes against ");
	if (v->stepwise)
		gb_buf_puts(&line, "the revision before");
	else
		gb_escape_text(&line, rev_name(v, 0));
	gb_buf_puts(&line, "; verdicts of ");
	gb_escape_text(&line, rev_name(v, v->current));
	gb_buf_puts(&line, " against each baseline.");
	gb_text_wrap(out, line.ptr, 0, 0, width);
	gb_buf_puts(out, "\n\n");
	gb_buf_dispose(&line);
}

/* A cell right-aligned in a column of `w` cells. */
static void text_cell(gb_buf *out, const char *s, size_t w, bool color,
	gb_color c)
{
	size_t sw = gb_text_width(s);

	gb_text_pad(out, w > sw ? w - sw : 0);
	gb_text_color(out, color, c, s);
}

/* The widest cell of any column: names (cut), values, changes, verdicts. */
static size_t column_width(const view *v)
{
	gb_buf s = GB_BUF_INIT;
	size_t k, rev, w = 0;

	for (rev = 0; rev < v->nrev; rev++) {
		size_t nw = gb_escape_text_width(rev_name(v, rev));

		w = nw > w ? (nw > REV_MAX_CELLS ? REV_MAX_CELLS : nw) : w;
		for (k = 0; k < v->nkeys; k++) {
			gb_buf_clear(&s);
			value_text(&s, value(v, k, rev), v->keys[k].unit);
			w = gb_text_width(s.ptr) > w ? gb_text_width(s.ptr) : w;
			gb_buf_clear(&s);
			percent_text(&s, change(v, k, rev));
			w = s.size > w ? s.size : w;
		}
	}
	gb_buf_dispose(&s);
	/* Room for the longest verdict, and two cells between columns. */
	w = w > strlen("REGRESSION") ? w : strlen("REGRESSION");
	return w + 2;
}

/* One block of columns, revisions [from, to), every benchmark. */
static void text_block(gb_buf *out, const view *v, size_t from, size_t to,
	size_t cw, const gb_output_options *o)
{
	gb_buf s = GB_BUF_INIT, label = GB_BUF_INIT;
	size_t k, rev;
	char hex[8];

	gb_text_pad(out, LABEL_CELLS);
	for (rev = from; rev < to; rev++) {
		gb_buf_clear(&s);
		gb_text_fit(&s, rev_name(v, rev), REV_MAX_CELLS);
		text_cell(out, s.ptr, cw, o->color && rev == v->current,
			GB_COLOR_BOLD);
	}
	line_end(out);
	gb_text_pad(out, LABEL_CELLS);
	for (rev = from; rev < to; rev++)
		text_cell(out, git_oid_tostr(hex, sizeof(hex), rev_commit(v, rev)),
			cw, o->color, GB_COLOR_DIM);
	line_end(out);
	for (k = 0; k < v->nkeys; k++) {
		gb_text_fit(out, gb_text_label(&label, v->keys[k].name,
			v->keys[k].measure), o->width ? o->width : 80);
		gb_buf_puts(out, "\n  value   ");
		for (rev = from; rev < to; rev++) {
			gb_buf_clear(&s);
			value_text(&s, value(v, k, rev), v->keys[k].unit);
			text_cell(out, s.ptr, cw, false, GB_COLOR_PLAIN);
		}
		line_end(out);
		gb_buf_puts(out, "  change  ");
		for (rev = from; rev < to; rev++) {
			gb_buf_clear(&s);
			percent_text(&s, change(v, k, rev));
			text_cell(out, s.ptr ? s.ptr : "", cw, false, GB_COLOR_PLAIN);
		}
		line_end(out);
		gb_buf_puts(out, "  verdict ");
		for (rev = from; rev < to; rev++) {
			const gb_compare_row *r = cell(v, k, rev);

			text_cell(out, r ? gb_output_verdict_word(r) : "", cw,
				o->color && r, r ? (gb_color)gb_output_verdict_color(r)
						 : GB_COLOR_PLAIN);
		}
		line_end(out);
	}
	gb_buf_dispose(&s);
	gb_buf_dispose(&label);
}

/* "Against v1.0: 1 regression, 8 stable.", one line a baseline. */
static void text_footer(gb_buf *out, const view *v, size_t width)
{
	gb_buf line = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < v->nrev; i++) {
		const gb_check *c = check_of(v, i);
		size_t fails;

		if (!c)
			continue;
		gb_buf_clear(&line);
		gb_buf_puts(&line, "Against ");
		gb_escape_text(&line, c->base_how);
		gb_buf_puts(&line, ": ");
		gb_output_shown_counts(&line, &c->result);
		fails = gb_comparison_failures(&c->result, &c->opts);
		if (fails)
			gb_buf_printf(&line, "; %zu fail%s the check", fails,
				fails == 1 ? "s" : "");
		gb_buf_putc(&line, '.');
		gb_text_wrap(out, line.ptr, 0, 2, width);
		gb_buf_putc(out, '\n');
	}
	gb_buf_dispose(&line);
}

int gb_output_baselines_text(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	size_t width = o->width ? o->width : 80, cw, per, from;

	if (v->failed)
		return GB_ERROR;
	cw = column_width(v);
	per = width > LABEL_CELLS + cw ? (width - LABEL_CELLS) / cw : 1;
	text_header(out, v, width);
	/* Revisions that do not fit side by side go on in another block. */
	for (from = 0; from < v->nrev; from += per) {
		if (from)
			gb_buf_putc(out, '\n');
		text_block(out, v, from, from + per < v->nrev ? from + per
							       : v->nrev, cw, o);
	}
	gb_buf_putc(out, '\n');
	text_footer(out, v, width);
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- markdown ---- */

int gb_output_baselines_markdown(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	gb_buf s = GB_BUF_INIT;
	size_t k, rev;

	GB_UNUSED(o);
	if (v->failed)
		return GB_ERROR;
	for (rev = 0; rev < v->nrev; rev++)
		gb_buf_printf(out, "**%s** %s \xc2\xb7 %zu run%s  \n",
			rev == v->current ? "Current:" : "Baseline:",
			v->labels_md[rev].ptr ? v->labels_md[rev].ptr : "",
			rev_runs(v, rev), rev_runs(v, rev) == 1 ? "" : "s");
	gb_buf_puts(out, "\n| Benchmark |");
	for (rev = 0; rev < v->nrev; rev++) {
		gb_buf_putc(out, ' ');
		gb_escape_markdown(out, rev_name(v, rev));
		gb_buf_puts(out, " |");
	}
	gb_buf_puts(out, "\n|:--|");
	for (rev = 0; rev < v->nrev; rev++)
		gb_buf_puts(out, "--:|");
	gb_buf_putc(out, '\n');
	for (k = 0; k < v->nkeys; k++) {
		gb_buf_puts(out, "| ");
		gb_escape_markdown(out, gb_text_label(&s, v->keys[k].name,
			v->keys[k].measure));
		gb_buf_puts(out, " |");
		for (rev = 0; rev < v->nrev; rev++) {
			const gb_compare_row *r = cell(v, k, rev);

			gb_buf_clear(&s);
			value_text(&s, value(v, k, rev), v->keys[k].unit);
			gb_buf_printf(out, " %s", s.ptr);
			gb_buf_clear(&s);
			percent_text(&s, change(v, k, rev));
			if (s.size)
				gb_buf_printf(out, " (%s)", s.ptr);
			if (r)
				gb_buf_printf(out, "<br>%s %s%s%s",
					gb_output_verdict_indicator(r),
					r->failed ? "**" : "",
					gb_output_verdict_word(r),
					r->failed ? "**" : "");
			gb_buf_puts(out, " |");
		}
		gb_buf_putc(out, '\n');
	}
	gb_buf_printf(out, "\nChanges against %s; verdicts of the current "
			   "against each baseline.\n",
		v->stepwise ? "the revision before" : "the first revision");
	gb_buf_dispose(&s);
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- JSON ---- */

static void json_benchmark(gb_jsonw *w, const view *v, size_t k)
{
	size_t rev;

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "name", v->keys[k].name);
	gb_jsonw_string(w, "measure", v->keys[k].measure);
	gb_jsonw_string(w, "unit", v->keys[k].unit);
	gb_jsonw_string(w, "direction", gb_text_direction(v->keys[k].direction));
	gb_jsonw_array(w, "revisions");
	for (rev = 0; rev < v->nrev; rev++) {
		const gb_compare_row *r = cell(v, k, rev);

		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "revision", rev_name(v, rev));
		gb_jsonw_number(w, "value", value(v, k, rev));
		gb_jsonw_number(w, "change_percent", change(v, k, rev));
		/* The current against this baseline, as compare judges it. */
		if (r) {
			gb_jsonw_string(w, "verdict", gb_verdict_name(r->verdict));
			gb_jsonw_string(w, "shown_verdict",
				gb_output_verdict_word(r));
			gb_jsonw_number(w, "current_change_percent", r->change);
			gb_jsonw_bool(w, "failed", gb_compare_row_fails(r,
				&check_of(v, rev)->opts));
		} else
			gb_jsonw_null(w, "verdict");
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

static void json_revision(gb_jsonw *w, const view *v, size_t rev)
{
	const gb_check *c = check_of(v, rev);
	char hex[GIT_OID_HEXSZ + 1];

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "revision", rev_name(v, rev));
	gb_json_oid(w, "commit", rev_commit(v, rev));
	gb_jsonw_bool(w, "current", !c);
	gb_jsonw_number(w, "runs", (double)rev_runs(v, rev));
	if (c) {
		git_oid_tostr(hex, sizeof(hex), &c->base.requested);
		gb_jsonw_string(w, "requested", hex);
		gb_jsonw_number(w, "distance", (double)c->base.distance);
		gb_jsonw_number(w, "failures", (double)gb_comparison_failures(
			&c->result, &c->opts));
	}
	gb_jsonw_end(w);
}

static void write_json(gb_jsonw *w, const void *state)
{
	const view *v = state;
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", 1);
	gb_jsonw_string(w, "machine", v->checks[0].machine);
	gb_jsonw_string(w, "changes_against",
		v->stepwise ? "previous" : "first");
	gb_jsonw_array(w, "revisions");
	for (i = 0; i < v->nrev; i++)
		json_revision(w, v, i);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "benchmarks");
	for (i = 0; i < v->nkeys; i++)
		json_benchmark(w, v, i);
	gb_jsonw_end(w);
	gb_jsonw_bool(w, "passed", !any_fails(v));
	gb_jsonw_end(w);
}

int gb_output_baselines_json(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	if (((const view *)state)->failed)
		return GB_ERROR;
	return gb_output_json(out, true, write_json, state);
}

/* ---- CSV ---- */

int gb_output_baselines_csv(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	size_t k, rev;
	char hex[GIT_OID_HEXSZ + 1];

	GB_UNUSED(o);
	if (v->failed)
		return GB_ERROR;
	gb_buf_puts(out, "benchmark,measure,unit,direction,revision,commit,"
			 "current,value,change_percent,verdict,"
			 "current_change_percent,failed,shown_verdict\n");
	for (k = 0; k < v->nkeys; k++)
		for (rev = 0; rev < v->nrev; rev++) {
			const gb_compare_row *r = cell(v, k, rev);

			gb_escape_csv(out, v->keys[k].name);
			gb_buf_putc(out, ',');
			gb_escape_csv(out, v->keys[k].measure);
			gb_buf_putc(out, ',');
			gb_escape_csv(out, v->keys[k].unit);
			gb_buf_printf(out, ",%s,",
				gb_text_direction(v->keys[k].direction));
			gb_escape_csv(out, rev_name(v, rev));
			gb_buf_printf(out, ",%s,%s,", git_oid_tostr(hex, sizeof(hex),
				rev_commit(v, rev)), rev == v->current ? "true" : "false");
			gb_output_number(out, value(v, k, rev));
			gb_buf_putc(out, ',');
			gb_output_number(out, change(v, k, rev));
			gb_buf_printf(out, ",%s,", r ? gb_verdict_name(r->verdict) : "");
			if (r)
				gb_output_number(out, r->change);
			gb_buf_printf(out, ",%s,%s\n", !r ? "" :
				gb_compare_row_fails(r, &check_of(v, rev)->opts)
				? "true" : "false", r ? gb_output_verdict_word(r) : "");
		}
	return out->ptr ? 0 : GB_ERROR;
}

const gb_output_prep gb_output_baselines_prep = { sizeof(view), prepare,
	dispose };

int gb_output_baselines(gb_buf *out, const gb_check *checks, size_t n,
	size_t current, bool stepwise, const gb_output_options *opts)
{
	gb_output_baselines_data d = { checks, n, current, stepwise };
	size_t i;

	if (!n || current > n)
		return gb_error_set(GB_EINVALID, "no baselines to show");
	for (i = 0; i < n; i++)
		if (!checks[i].have_base)
			return gb_error_set(GB_EINVALID, "no comparison to show");
	return gb_output_render(out, GB_OUTPUT_BASELINES, &d, opts);
}
