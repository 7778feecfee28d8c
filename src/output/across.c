/*
 * One commit across machines: a row per benchmark and measure, a column
 * (in text, a line) per machine, and each machine's ratio to the first.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output_int.h"
#include "util/index.h"
#include "gitbench/across.h"
#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"

/* A benchmark in a measure, and its row on each machine (NULL: none). */
typedef struct {
	const gb_compare_row *first;
	const gb_compare_row **on;
} line;

typedef struct {
	const gb_across *a;
	line *lines;
	size_t n, alloc;
	gb_index index;      /* of lines, by name and measure */
	int error;           /* of making it: each renderer says it */
} table;

static gb_index_key line_key(const void *items, size_t pos)
{
	const gb_compare_row *r = ((const line *)items)[pos].first;
	gb_index_key k = { r->name, r->measure };

	return k;
}

/* The row of `r`'s benchmark in `t`, added when new. */
static line *line_of(table *t, const gb_compare_row *r)
{
	gb_index_key k = { r->name, r->measure };
	line *l;
	size_t pos;

	if (gb_index_find(&pos, &t->index, k, line_key, t->lines))
		return &t->lines[pos];
	if (GB_ARRAY_GROW(t->lines, t->n, t->alloc) < 0)
		return NULL;
	l = &t->lines[t->n];
	l->first = r;
	if (!(l->on = gb_calloc(t->a->n ? t->a->n : 1, sizeof(void *))) ||
	    gb_index_add(&t->index, k, t->n, line_key, t->lines) < 0) {
		free(l->on);
		return NULL;
	}
	t->n++;
	return l;
}

static int table_make(table *t, const gb_across *a)
{
	size_t m, i;
	line *l;

	memset(t, 0, sizeof(*t));
	t->a = a;
	for (m = 0; m < a->n; m++) {
		const gb_comparison *c = &a->machines[m].check.result;

		for (i = 0; i < c->nrows; i++) {
			if (c->rows[i].verdict == GB_VERDICT_REMOVED)
				continue;
			if (!(l = line_of(t, &c->rows[i])))
				return GB_ERROR;
			l->on[m] = &c->rows[i];
		}
	}
	return 0;
}

static void table_dispose(table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->lines[i].on);
	free(t->lines);
	gb_index_dispose(&t->index);
}

/* The value on machine `m` over the first machine's; NAN without both. */
static double ratio(const line *l, size_t m)
{
	if (!l->on[0] || !l->on[m] || !(l->on[0]->head > 0))
		return NAN;
	return l->on[m]->head / l->on[0]->head;
}

static const char *shown(const gb_across_machine *m)
{
	return m->alias ? m->alias : m->key;
}

static void change_text(gb_buf *out, const gb_compare_row *r)
{
	if (r->verdict == GB_VERDICT_NEW)
		gb_buf_puts(out, "new");
	else if (isnan(r->change))
		gb_buf_puts(out, "-");
	else
		gb_buf_printf(out, "%+.2f%%", gb_units_percent(r->change, 2));
}

/* "1a2b3c4 (HEAD)" or "1a2b3c4 (HEAD~2, nearest measured)", unescaped. */
static void at_text(gb_buf *out, const gb_across *a, const gb_across_machine *m)
{
	git_repository *repo = gb_store_repository(m->check.store);

	gb_repo_short_id_buf(out, repo, &m->check.head_commit);
	if (m->distance)
		gb_buf_printf(out, " (%s~%zu, nearest measured)", a->rev, m->distance);
	else
		gb_buf_printf(out, " (%s)", a->rev);
}

static void base_text(gb_buf *out, const gb_across_machine *m)
{
	git_repository *repo = gb_store_repository(m->check.store);

	gb_repo_short_id_buf(out, repo, &m->check.base.commit);
	gb_buf_printf(out, " (%s)", m->check.base_how);
}

/* ---- text ---------------------------------------------------------------- */

#define TEXT_NAME_CELLS 22

static void text_machines(gb_buf *out, const gb_across *a, size_t width)
{
	gb_buf say = GB_BUF_INIT, part = GB_BUF_INIT;
	size_t m;

	for (m = 0; m < a->n; m++) {
		const gb_across_machine *x = &a->machines[m];

		gb_buf_clear(&say);
		gb_buf_clear(&part);
		if (x->alias)
			gb_buf_printf(&part, "%s (%s)", x->alias, x->key);
		else
			gb_buf_puts(&part, x->key);
		gb_escape_text(&say, part.ptr);
		gb_buf_clear(&part);
		if (x->why) {
			gb_buf_printf(&part, ": not compared: %s", x->why);
		} else {
			gb_buf_puts(&part, ": ");
			at_text(&part, a, x);
			gb_buf_puts(&part, " against ");
			base_text(&part, x);
		}
		gb_escape_text(&say, part.ptr);
		gb_text_wrap(out, say.ptr, 0, 4, width);
		gb_buf_putc(out, '\n');
	}
	gb_buf_dispose(&say);
	gb_buf_dispose(&part);
}

static void text_line(gb_buf *out, const gb_across *a, const line *l,
	size_t wm, size_t wval, size_t wv)
{
	gb_buf cell = GB_BUF_INIT;
	size_t m, start;

	for (m = 0; m < a->n; m++) {
		const gb_compare_row *r = l->on[m];
		double q = ratio(l, m);

		gb_buf_puts(out, "  ");
		start = out->size;
		gb_text_fit(out, shown(&a->machines[m]), wm);
		gb_text_pad(out, wm - gb_text_width(out->ptr + start));
		if (!r) {
			gb_buf_puts(out, "  -\n");
			continue;
		}
		gb_buf_clear(&cell);
		gb_units_format(&cell, r->head, r->unit);
		gb_text_pad(out, wval + 2 > gb_text_width(cell.ptr) ?
			wval + 2 - gb_text_width(cell.ptr) : 1);
		gb_escape_text(out, cell.ptr);
		gb_buf_clear(&cell);
		change_text(&cell, r);
		gb_text_pad(out, 10 > cell.size ? 10 - cell.size : 1);
		gb_buf_printf(out, "%s  %-*s", cell.ptr, (int)wv,
			gb_output_verdict_word(r));
		if (!isnan(q))
			gb_buf_printf(out, "  %7.2fx", q);
		gb_buf_putc(out, '\n');
	}
	gb_buf_dispose(&cell);
}

/*
 * The cells of the value column: 11, or as wide as the widest value (a
 * throughput, "189.61 Melem/s"), so that the columns after it stay in line.
 */
static size_t value_cells(const gb_across *a, const table *t)
{
	gb_buf cell = GB_BUF_INIT;
	size_t wval = 11, i, m, w;

	for (i = 0; i < t->n; i++)
		for (m = 0; m < a->n; m++) {
			const gb_compare_row *r = t->lines[i].on[m];

			if (!r)
				continue;
			gb_buf_clear(&cell);
			gb_units_format(&cell, r->head, r->unit);
			w = gb_text_width(cell.ptr ? cell.ptr : "");
			wval = w > wval ? w : wval;
		}
	gb_buf_dispose(&cell);
	return wval;
}

/*
 * The cells of the verdict column: 10, as wide as REGRESSION, or wider for
 * a word that is (OVER BUDGET), so that the ratios stay in line.
 */
static size_t verdict_cells(const gb_across *a, const table *t)
{
	size_t wv = 10, i, m, w;

	for (i = 0; i < t->n; i++)
		for (m = 0; m < a->n; m++) {
			if (!t->lines[i].on[m])
				continue;
			w = strlen(gb_output_verdict_word(t->lines[i].on[m]));
			wv = w > wv ? w : wv;
		}
	return wv;
}

static int across_text(gb_buf *out, const gb_across *a, const table *t,
	const gb_output_options *o)
{
	gb_buf label = GB_BUF_INIT;
	size_t width = o->width ? o->width : 80, wm = 7, wval, wv, i;

	gb_buf_puts(out, "Across machines, each against its own baseline:\n");
	text_machines(out, a, width);
	for (i = 0; i < a->n; i++) {
		size_t w = gb_escape_text_width(shown(&a->machines[i]));

		wm = w > wm ? (w > TEXT_NAME_CELLS ? TEXT_NAME_CELLS : w) : wm;
	}
	wv = verdict_cells(a, t);
	/* As wide as the values, while a row still fits 80 columns (a
	 * longer one, a unit of many letters, overflows alone). */
	wval = value_cells(a, t);
	if (wval > 80 - (26 + wm + wv))
		wval = 80 - (26 + wm + wv) > 11 ? 80 - (26 + wm + wv) : 11;
	if (t->n) {
		gb_buf_puts(out, "\n  ");
		gb_buf_printf(out, "%-*s  %*s  %8s  %-*s  %8s\n",
			(int)wm, "Machine", (int)wval, "Value", "Change", (int)wv,
			"Verdict", "Ratio");
	}
	for (i = 0; i < t->n; i++) {
		gb_buf_putc(out, '\n');
		gb_text_fit(out, gb_text_label(&label, t->lines[i].first->name,
			t->lines[i].first->measure), width);
		gb_buf_putc(out, '\n');
		text_line(out, a, &t->lines[i], wm, wval, wv);
	}
	if (!t->n)
		gb_buf_puts(out, "\nNo benchmark was compared on any machine.\n");
	gb_buf_dispose(&label);
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- markdown ------------------------------------------------------------ */

static int across_markdown(gb_buf *out, const gb_across *a, const table *t)
{
	gb_buf part = GB_BUF_INIT, label = GB_BUF_INIT;
	size_t m, i;

	gb_buf_puts(out, "### Across machines\n\n");
	for (m = 0; m < a->n; m++) {
		const gb_across_machine *x = &a->machines[m];

		gb_buf_puts(out, "- **");
		gb_escape_markdown(out, shown(x));
		gb_buf_puts(out, "**");
		if (x->alias) {
			gb_buf_puts(out, " (");
			gb_escape_markdown(out, x->key);
			gb_buf_putc(out, ')');
		}
		gb_buf_clear(&part);
		if (x->why)
			gb_buf_printf(&part, ": not compared: %s", x->why);
		else {
			gb_buf_puts(&part, ": ");
			at_text(&part, a, x);
			gb_buf_puts(&part, " against ");
			base_text(&part, x);
		}
		gb_escape_markdown(out, part.ptr);
		gb_buf_putc(out, '\n');
	}
	gb_buf_puts(out, "\n| Benchmark |");
	for (m = 0; m < a->n; m++) {
		gb_buf_putc(out, ' ');
		gb_escape_markdown(out, shown(&a->machines[m]));
		gb_buf_puts(out, " |");
	}
	gb_buf_puts(out, "\n|---|");
	for (m = 0; m < a->n; m++)
		gb_buf_puts(out, "---:|");
	gb_buf_putc(out, '\n');
	for (i = 0; i < t->n; i++) {
		const line *l = &t->lines[i];

		gb_buf_puts(out, "| ");
		gb_escape_markdown(out, gb_text_label(&label, l->first->name,
			l->first->measure));
		gb_buf_puts(out, " |");
		for (m = 0; m < a->n; m++) {
			double q = ratio(l, m);

			gb_buf_putc(out, ' ');
			if (l->on[m]) {
				gb_buf_clear(&part);
				gb_units_format(&part, l->on[m]->head, l->on[m]->unit);
				gb_buf_puts(&part, " (");
				change_text(&part, l->on[m]);
				gb_buf_printf(&part, " %s)",
					gb_output_verdict_word(l->on[m]));
				if (!isnan(q))
					gb_buf_printf(&part, " %.2fx", q);
				gb_escape_markdown(out, part.ptr);
			} else
				gb_buf_puts(out, "-");
			gb_buf_puts(out, " |");
		}
		gb_buf_putc(out, '\n');
	}
	gb_buf_dispose(&part);
	gb_buf_dispose(&label);
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- json ---------------------------------------------------------------- */

static void json_number(gb_jsonw *w, const char *key, double v)
{
	if (isnan(v) || isinf(v))
		gb_jsonw_null(w, key);
	else
		gb_jsonw_number(w, key, v);
}

static void json_machine(gb_jsonw *w, const gb_across_machine *x)
{
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "key", x->key);
	if (x->alias)
		gb_jsonw_string(w, "alias", x->alias);
	else
		gb_jsonw_null(w, "alias");
	gb_jsonw_bool(w, "measured", x->measured);
	if (x->why)
		gb_jsonw_string(w, "why", x->why);
	else {
		gb_json_oid(w, "commit", &x->check.head_commit);
		gb_jsonw_number(w, "distance", (double)x->distance);
		gb_json_oid(w, "baseline", &x->check.base.commit);
		gb_jsonw_string(w, "baseline_how", x->check.base_how);
	}
	gb_jsonw_end(w);
}

static void json_write(gb_jsonw *w, const void *state)
{
	const table *t = state;
	const gb_across *a = t->a;
	size_t m, i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "revision", a->rev);
	gb_json_oid(w, "commit", &a->requested);
	gb_jsonw_array(w, "machines");
	for (m = 0; m < a->n; m++)
		json_machine(w, &a->machines[m]);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "benchmarks");
	for (i = 0; i < t->n; i++) {
		const line *l = &t->lines[i];

		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "name", l->first->name);
		gb_jsonw_string(w, "measure", l->first->measure);
		gb_jsonw_string(w, "unit", l->first->unit);
		gb_jsonw_array(w, "machines");
		for (m = 0; m < a->n; m++) {
			const gb_compare_row *r = l->on[m];

			gb_jsonw_object(w, NULL);
			gb_jsonw_string(w, "machine", a->machines[m].key);
			if (r) {
				json_number(w, "value", r->head);
				json_number(w, "baseline", r->base);
				json_number(w, "change_percent", r->change);
				gb_jsonw_string(w, "verdict", gb_verdict_name(r->verdict));
				/* As compare's: the word text shows. */
				gb_jsonw_string(w, "shown_verdict",
					gb_output_verdict_word(r));
			} else
				gb_jsonw_null(w, "value");
			json_number(w, "ratio", ratio(l, m));
			gb_jsonw_end(w);
		}
		gb_jsonw_end(w);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

/* ---- csv ----------------------------------------------------------------- */

static void csv_number(gb_buf *out, double v)
{
	gb_output_number(out, v);
	gb_buf_putc(out, ',');
}

static int across_csv(gb_buf *out, const gb_across *a, const table *t)
{
	size_t m, i;

	gb_buf_puts(out, "benchmark,measure,unit,machine,alias,value,baseline,"
		"change_percent,verdict,ratio,shown_verdict\n");
	for (i = 0; i < t->n; i++) {
		const line *l = &t->lines[i];

		for (m = 0; m < a->n; m++) {
			const gb_compare_row *r = l->on[m];

			gb_escape_csv(out, l->first->name);
			gb_buf_putc(out, ',');
			gb_escape_csv(out, l->first->measure ? l->first->measure : "");
			gb_buf_putc(out, ',');
			gb_escape_csv(out, l->first->unit ? l->first->unit : "");
			gb_buf_putc(out, ',');
			gb_escape_csv(out, a->machines[m].key);
			gb_buf_putc(out, ',');
			gb_escape_csv(out, a->machines[m].alias ?
				a->machines[m].alias : "");
			gb_buf_putc(out, ',');
			csv_number(out, r ? r->head : NAN);
			csv_number(out, r ? r->base : NAN);
			csv_number(out, r ? r->change : NAN);
			gb_buf_printf(out, "%s,", r ? gb_verdict_name(r->verdict) : "");
			gb_output_number(out, ratio(l, m));
			/* Last, as compare's: the columns before stay. */
			gb_buf_printf(out, ",%s\n",
				r ? gb_output_verdict_word(r) : "");
		}
	}
	return out->ptr ? 0 : GB_ERROR;
}

/* The registry's renderers: the table made once, by prepare. */
static void prepare(void *state, const void *data, const gb_output_options *o)
{
	table *t = state;

	GB_UNUSED(o);
	t->error = table_make(t, data);
}

static void dispose(void *state)
{
	table_dispose(state);
}

const gb_output_prep gb_output_across_prep = { sizeof(table), prepare,
	dispose };

int gb_output_across_text(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const table *t = state;

	return t->error ? t->error : across_text(out, t->a, t, o);
}

int gb_output_across_markdown(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const table *t = state;

	GB_UNUSED(o);
	return t->error ? t->error : across_markdown(out, t->a, t);
}

int gb_output_across_json(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const table *t = state;

	GB_UNUSED(o);
	return t->error ? t->error : gb_output_json(out, true, json_write, t);
}

int gb_output_across_csv(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const table *t = state;

	GB_UNUSED(o);
	return t->error ? t->error : across_csv(out, t->a, t);
}

int gb_output_across(gb_buf *out, const gb_across *a,
	const gb_output_options *opts)
{
	gb_output_options defaults = GB_OUTPUT_OPTIONS_INIT;

	return gb_output_render(out, GB_OUTPUT_ACROSS, a,
		opts ? opts : &defaults);
}
