/* A comparison as a terminal table, markdown, JSON or CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"
#include "output/output_int.h"

#define NAME_MAX_CELLS 60
/* The least a name column gives way to the figures beside it. */
#define NAME_MIN_CELLS 16
/* Where a note too long for its row goes on: under the benchmark names. */
#define NOTE_INDENT 5

/* A check as its renderers show it: labels made, for text and markdown. */
typedef struct {
	const gb_check *check;
	const gb_comparison *c;
	const gb_compare_options *opts;
	gb_buf base_label, base_label_md;
	gb_buf head_label, head_label_md;
	const char *machine;
	const char *base_spec;       /* how the baseline was named */
	git_oid base_commit, base_requested, head_commit;
	size_t base_distance;
	bool head_working;
} view;

/* "3f2a1c9 (HEAD)" for the terminal, and the same for markdown. */
/*
 * Whether a row is better higher: the geometric mean turns its change
 * around (+ is worse), and a reader seeing -2% in the row must be told.
 */
static bool any_higher_is_better(const gb_comparison *c)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].direction == GB_HIGHER_IS_BETTER)
			return true;
	return false;
}

static void label(gb_buf *text, gb_buf *md, git_repository *repo,
	const git_oid *id, const char *how)
{
	gb_buf short_id = GB_BUF_INIT;

	gb_repo_short_id_buf(&short_id, repo, id);
	gb_buf_printf(text, "%s (", short_id.ptr);
	gb_escape_text(text, how);
	gb_buf_putc(text, ')');
	gb_buf_printf(md, "`%s` (", short_id.ptr);
	gb_escape_markdown(md, how);
	gb_buf_putc(md, ')');
	gb_buf_dispose(&short_id);
}

/* "v1", "v1~2, 2 commits back", "2 commits before the merge-base ...". */
static void base_labels(gb_buf *text, gb_buf *md, const gb_check *c,
	git_repository *repo)
{
	gb_buf desc = GB_BUF_INIT;
	size_t d = c->base.distance;

	if (d == 0)
		gb_buf_puts(&desc, c->base_how);
	else if (c->base_named)
		gb_buf_printf(&desc, "%s~%zu, %zu commit%s back", c->base_how, d, d,
			d == 1 ? "" : "s");
	else
		gb_buf_printf(&desc, "%zu commit%s before the %s", d,
			d == 1 ? "" : "s", c->base_how);
	label(text, md, repo, &c->base.commit, desc.ptr);
	gb_buf_dispose(&desc);
}

static void prepare(void *state, const void *data, const gb_output_options *o)
{
	view *v = state;
	const gb_check *c = data;

	GB_UNUSED(o);
	memset(v, 0, sizeof(*v));
	v->check = c;
	v->c = &c->result;
	v->opts = &c->opts;
	v->machine = c->machine;
	v->base_spec = c->base_how;
	git_oid_cpy(&v->base_commit, &c->base.commit);
	git_oid_cpy(&v->base_requested, &c->base.requested);
	git_oid_cpy(&v->head_commit, &c->head_commit);
	v->base_distance = c->base.distance;
	v->head_working = c->head_working;
	gb_output_check_labels(&v->base_label, &v->base_label_md,
		&v->head_label, &v->head_label_md, c);
}

static void dispose(void *state)
{
	view *v = state;

	gb_buf_dispose(&v->base_label);
	gb_buf_dispose(&v->base_label_md);
	gb_buf_dispose(&v->head_label);
	gb_buf_dispose(&v->head_label_md);
}

static const char *indicator(const gb_compare_row *r)
{
	if (r->failed)
		return "\xf0\x9f\x94\xb4"; /* red circle */
	switch (r->verdict) {
	case GB_VERDICT_REGRESSION: return "\xf0\x9f\x94\xb4";
	case GB_VERDICT_SLOWER: return "\xf0\x9f\x9f\xa0";   /* orange circle */
	case GB_VERDICT_UNCERTAIN: return "\xf0\x9f\x9f\xa1"; /* yellow circle */
	case GB_VERDICT_FASTER:
	case GB_VERDICT_IMPROVED: return "\xf0\x9f\x9f\xa2"; /* green circle */
	case GB_VERDICT_NEW: return "\xf0\x9f\x86\x95";      /* NEW button */
	case GB_VERDICT_REMOVED: return "\xe2\x9e\x96\xef\xb8\x8f"; /* minus */
	case GB_VERDICT_ACCEPTED: return "\xf0\x9f\x94\xb5"; /* blue circle */
	default: return "\xe2\x9a\xaa";                        /* white circle */
	}
}

static gb_color verdict_color(const gb_compare_row *r)
{
	if (r->failed)
		return GB_COLOR_BOLD_RED;
	switch (r->verdict) {
	case GB_VERDICT_SLOWER:
	case GB_VERDICT_UNCERTAIN: return GB_COLOR_YELLOW;
	case GB_VERDICT_FASTER:
	case GB_VERDICT_IMPROVED: return GB_COLOR_GREEN;
	case GB_VERDICT_NEW:
	case GB_VERDICT_ACCEPTED: return GB_COLOR_CYAN;
	case GB_VERDICT_REMOVED: return GB_COLOR_DIM;
	default: return GB_COLOR_PLAIN;
	}
}

static void change_text(gb_buf *out, const gb_compare_row *r)
{
	if (r->verdict == GB_VERDICT_NEW)
		gb_buf_puts(out, "new");
	else if (r->verdict == GB_VERDICT_REMOVED)
		gb_buf_puts(out, "removed");
	else if (isnan(r->change))
		gb_buf_puts(out, "-");
	else
		gb_buf_printf(out, "%+.2f%%", gb_units_percent(r->change, 2));
}

/*
 * The options of `git bench run` that more runs would take: "--repeat
 * 6", or with the baseline measured again too, "--interleave --repeat 6".
 * The one wording of that advice: the rows, the footer and check's
 * failure all say it so.
 */
static void more_runs_options(gb_buf *out, size_t n, bool both)
{
	gb_buf_printf(out, "%s--repeat %zu", both ? "--interleave " : "", n);
}

int gb_output_more_runs(gb_buf *out, const gb_check *c)
{
	const gb_comparison *r = &c->result;
	size_t i, n, most = 0;
	bool both, any_both = false;

	for (i = 0; i < r->nrows; i++) {
		if (!(n = gb_compare_runs_advised(&r->rows[i], &c->opts, &both)))
			continue;
		most = n > most ? n : most;
		any_both |= both;
	}
	if (!most)
		return 0;
	gb_buf_puts(out, "git bench run ");
	if (any_both) {
		/* run --interleave measures the revision it is given. */
		gb_buf_puts(out, "--baseline ");
		gb_repo_short_id_buf(out, gb_store_repository(c->store),
			&c->base.commit);
		gb_buf_putc(out, ' ');
	}
	more_runs_options(out, most, any_both);
	gb_buf_puts(out, ", or --confirm");
	if (most > GB_DEFAULT_CONFIRM_MAX_RUNS)
		gb_buf_printf(out, " --max-runs %zu", most);
	return out->ptr ? 0 : GB_ERROR;
}

/* ": re-run with --repeat 6", when more runs would settle the row. */
static void row_advice(gb_buf *out, const gb_compare_row *r,
	const gb_compare_options *o)
{
	bool both;
	size_t n = gb_compare_runs_advised(r, o, &both);

	if (!n)
		return;
	gb_buf_puts(out, ": re-run with ");
	more_runs_options(out, n, both);
}

/* "baseline +40.0% off level" (the footer says of what) */
static void base_level_text(gb_buf *out, const gb_compare_row *r,
	const char *sep)
{
	gb_buf_printf(out, "%sbaseline %+.1f%% off level", sep,
		r->base_off_level);
}

/* What an UNCERTAIN row lacked, and what would settle it. */
static void uncertain_text(gb_buf *out, const gb_compare_row *r,
	const gb_compare_options *o)
{
	const char *sep = out->size ? ", " : "";

	switch (r->why) {
	case GB_WHY_RUN_MOVED:
		gb_buf_printf(out, "%sthe whole run moved %+.1f%%", sep, r->shift);
		break;
	case GB_WHY_NOISY_PAIR:
		gb_buf_printf(out, "%sthese runs noisier than their evidence "
				   "(\xc2\xb1%.1f%% a run)", sep, r->noise);
		row_advice(out, r, o);
		break;
	case GB_WHY_ONE_RUN:
		gb_buf_printf(out, "%sone run a side, noise unknown", sep);
		row_advice(out, r, o);
		break;
	case GB_WHY_NO_NOISE:
		gb_buf_printf(out, "%sno measure of noise", sep);
		row_advice(out, r, o);
		break;
	case GB_WHY_NO_RATIO:
		gb_buf_printf(out, "%sa side is 0, below or infinite: no ratio "
			"to judge", sep);
		break;
	case GB_WHY_BASE_OFF_LEVEL:
		base_level_text(out, r, sep);
		row_advice(out, r, o);
		break;
	case GB_WHY_NEAR_BUDGET:
		gb_buf_printf(out, "%scounts vary \xc2\xb1%.1f%% a run: this is "
				   "the budget's edge", sep, r->noise);
		break;
	default:
		gb_buf_printf(out, "%snoise \xc2\xb1%.1f%% a run", sep, r->noise);
		if (r->base_runs == 1 && r->head_runs == 1)
			gb_buf_puts(out, ", one run a side");
		row_advice(out, r, o);
		break;
	}
}

/* What accepted the row: "Bench-Accept in 1a2b3c4: why", "--accept". */
static void waiver_text(gb_buf *out, const gb_waiver *w, bool markdown)
{
	char hex[8];

	if (git_oid_is_zero(&w->commit))
		gb_buf_puts(out, "--accept");
	else
		gb_buf_printf(out, GB_WAIVER_TRAILER " in %s",
			git_oid_tostr(hex, sizeof(hex), &w->commit));
	if (!w->reason)
		return;
	gb_buf_puts(out, ": ");
	if (markdown)
		gb_escape_markdown(out, w->reason);
	else
		gb_escape_text(out, w->reason);
}

/* Why a row is what it is, when the verdict alone does not say. */
static void note_text(gb_buf *out, const gb_compare_row *r, bool markdown,
	const gb_compare_options *o)
{
	gb_buf v = GB_BUF_INIT;

	if (r->waiver) {
		waiver_text(out, r->waiver, markdown);
		return;
	}

	if (r->over_time) {
		gb_units_format(&v, r->budget->max_time, "ns");
		gb_buf_printf(out, "above %s", v.ptr);
	}
	if (r->verdict == GB_VERDICT_REGRESSION && r->budget &&
	    !isnan(r->budget->max_regression))
		gb_buf_printf(out, "%sover %g%%", out->size ? ", " : "",
			r->threshold);
	if (r->budget && (r->over_time || (r->verdict == GB_VERDICT_REGRESSION &&
					   !isnan(r->budget->max_regression)))) {
		gb_buf_puts(out, " (budget ");
		if (markdown)
			gb_escape_markdown(out, r->budget->pattern);
		else
			gb_escape_text(out, r->budget->pattern);
		gb_buf_putc(out, ')');
	}
	if (r->verdict == GB_VERDICT_UNCERTAIN)
		uncertain_text(out, r, o);
	else if (gb_compare_row_on_samples_alone(r))
		/* What the gate rests on, said where it fails: the noise
		 * between runs is not known. */
		gb_buf_printf(out, "%sone run a side, noise between runs "
			"unknown", out->size ? ", " : "");
	else if (r->why == GB_WHY_RUN_MOVED)
		gb_buf_printf(out, "%sthe whole run moved %+.1f%%",
			out->size ? ", " : "", r->shift);
	else if (r->why == GB_WHY_BASE_OFF_LEVEL)
		base_level_text(out, r, out->size ? ", " : "");
	else if (r->why == GB_WHY_NOISY_PAIR)
		gb_buf_printf(out, "%sthese runs noisier than their evidence "
			"(\xc2\xb1%.1f%% a run)", out->size ? ", " : "", r->noise);
	else if (r->within_noise && r->evidence == GB_EVIDENCE_NONE)
		/* Nothing measured the noise: not "within" it. */
		gb_buf_printf(out, "%sno measure of noise", out->size ? ", " : "");
	else if (r->within_noise)
		gb_buf_printf(out, "%swithin noise", out->size ? ", " : "");
	gb_buf_dispose(&v);
}

typedef struct {
	gb_buf base, head, change, note;
} cells;

static void row_cells(cells *c, const gb_compare_row *r, bool markdown,
	const gb_compare_options *o)
{
	memset(c, 0, sizeof(*c));
	gb_units_format(&c->base, r->base, r->unit);
	gb_units_format(&c->head, r->head, r->unit);
	change_text(&c->change, r);
	note_text(&c->note, r, markdown, o);
}

static void cells_dispose(cells *c)
{
	gb_buf_dispose(&c->base);
	gb_buf_dispose(&c->head);
	gb_buf_dispose(&c->change);
	gb_buf_dispose(&c->note);
}

static void header_lines(gb_buf *out, const view *v)
{
	gb_buf_printf(out, "Baseline: %s \xc2\xb7 %zu run%s\n", v->base_label.ptr,
		v->c->base_runs, v->c->base_runs == 1 ? "" : "s");
	gb_buf_printf(out, "Current:  %s \xc2\xb7 %zu run%s\n", v->head_label.ptr,
		v->c->head_runs, v->c->head_runs == 1 ? "" : "s");
	gb_buf_puts(out, "Machine:  ");
	gb_escape_text(out, v->machine ? v->machine : "any");
	gb_buf_printf(out, " \xc2\xb7 %s \xc2\xb7 regression over %g%%\n\n",
		v->opts->estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean",
		v->opts->max_regression);
}

/*
 * One run a side: what beside its samples each verdict was weighed
 * against, and no more (a suite of one benchmark has no spread across
 * benchmarks; an assumed spread settles no gate).
 */
static void samples_lines(gb_buf *out, const gb_comparison *c)
{
	/* Best first, as the evidence is. */
	static const gb_pair_spread order[] = { GB_PAIR_SPREAD_MEASURED,
		GB_PAIR_SPREAD_ASSUMED, GB_PAIR_SPREAD_NONE };
	size_t n[GB_PAIR_SPREAD_ASSUMED + 1] = { 0 }, i, k;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].evidence == GB_EVIDENCE_SAMPLES &&
		    c->rows[i].verdict != GB_VERDICT_NEW &&
		    c->rows[i].verdict != GB_VERDICT_REMOVED &&
		    c->rows[i].pair_spread <= GB_PAIR_SPREAD_ASSUMED)
			n[c->rows[i].pair_spread]++;
	for (k = 0; k < GB_ARRAY_SIZE(order); k++) {
		i = order[k];
		if (!n[i])
			continue;
		gb_buf_printf(out, "%zu verdict%s from one run a side with nothing "
				   "stored: its samples", n[i], n[i] == 1 ? "" : "s");
		if (i == GB_PAIR_SPREAD_MEASURED)
			gb_buf_puts(out, ", and the spread across benchmarks.\n");
		else if (i == GB_PAIR_SPREAD_ASSUMED)
			gb_buf_printf(out, ", and a spread between runs assumed "
					   "at \xc2\xb1%g%% a run.\n",
				100 * GB_ASSUMED_RUN_SPREAD);
		else
			gb_buf_puts(out, " alone.\n");
	}
}

/* The calls the baseline's odd run made, held back. */
static void base_level_line(gb_buf *out, const gb_comparison *c)
{
	size_t i, most = 0;

	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].why == GB_WHY_BASE_OFF_LEVEL &&
		    c->rows[i].level_commits > most)
			most = c->rows[i].level_commits;
	gb_buf_printf(out, "%zu call%s held back: the baseline's one run reads "
			   "off the level of the %zu measured commits before "
			   "it (their median); measure the baseline again.\n",
		c->base_off_level, c->base_off_level == 1 ? "" : "s", most);
}

/*
 * The footer: what the verdicts rest on, in the same words as the rows,
 * and what would make them firmer.
 */
static void evidence_line(gb_buf *out, const view *v)
{
	const gb_comparison *c = v->c;
	const size_t *e = c->evidence_count;

	if (e[GB_EVIDENCE_RUNS])
		gb_buf_printf(out, "%zu verdict%s from several runs a side.\n",
			e[GB_EVIDENCE_RUNS], e[GB_EVIDENCE_RUNS] == 1 ? "" : "s");
	if (e[GB_EVIDENCE_HISTORY])
		gb_buf_printf(out, "%zu verdict%s against the noise between runs "
				   "learned from stored runs.\n",
			e[GB_EVIDENCE_HISTORY], e[GB_EVIDENCE_HISTORY] == 1 ? "" : "s");
	if (e[GB_EVIDENCE_SAMPLES])
		samples_lines(out, c);
	if (e[GB_EVIDENCE_COUNTS])
		gb_buf_printf(out, "%zu verdict%s from one run a side of counts, "
				   "which repeat within \xc2\xb1%g%% a run.\n",
			e[GB_EVIDENCE_COUNTS], e[GB_EVIDENCE_COUNTS] == 1 ? "" : "s",
			100 * GB_COUNT_SPREAD);
	if (e[GB_EVIDENCE_NONE])
		gb_buf_printf(out, "%zu verdict%s without any measure of noise.\n",
			e[GB_EVIDENCE_NONE], e[GB_EVIDENCE_NONE] == 1 ? "" : "s");
	if (!isnan(c->shift)) {
		gb_buf_printf(out, "The whole run moved %+.1f%% (", c->shift);
		gb_escape_text(out, c->shift_measure &&
				    strcmp(c->shift_measure, GB_MEASURE_TIME)
				    ? c->shift_measure : "times");
		gb_buf_puts(out, "): the machine, or a change to everything; "
				 "runs made one after the other cannot tell.\n");
	}
	if (c->base_off_level)
		base_level_line(out, c);
	if (c->base_copies || c->head_copies)
		gb_buf_printf(out, "%zu identical cop%s of a run counted once.\n",
			c->base_copies + c->head_copies,
			c->base_copies + c->head_copies == 1 ? "y" : "ies");
	if (c->count[GB_VERDICT_UNCERTAIN]) {
		gb_buf more = GB_BUF_INIT;

		gb_output_more_runs(&more, v->check);
		gb_buf_printf(out, "%zu uncertain: %s (bench.onUncertain=%s).%s%s%s\n",
			c->count[GB_VERDICT_UNCERTAIN],
			v->opts->on_uncertain == GB_ON_UNCERTAIN_PASS
				? "they pass the check" : "they fail the check",
			gb_on_uncertain_name(v->opts->on_uncertain),
			more.size ? " More runs settle them: " : "",
			more.size ? more.ptr : "", more.size ? "." : "");
		gb_buf_dispose(&more);
	}
}

static void counts_text(gb_buf *out, const size_t *count)
{
	static const char *words[] = { "regression", "slower", "uncertain",
				       "stable", "faster", "improved", "new",
				       "removed", "accepted" };
	size_t i, n = 0;

	for (i = 0; i < GB_VERDICT_COUNT; i++) {
		if (!count[i])
			continue;
		gb_buf_printf(out, "%s%zu %s%s", n++ ? ", " : "", count[i],
			words[i], i == 0 && count[i] > 1 ? "s" : "");
	}
	if (!n)
		gb_buf_puts(out, "no benchmarks");
}

/*
 * The word a row shows: its verdict, or OVER BUDGET for a row that breaks
 * a budget while its change is not a REGRESSION (above a maxTime budget:
 * STABLE would say it passes).
 */
static const char *verdict_word(const gb_compare_row *r)
{
	return r->failed && r->verdict != GB_VERDICT_REGRESSION
		? GB_OUTPUT_OVER_BUDGET : gb_verdict_name(r->verdict);
}

/*
 * The rows counted by the word they show: `count` by verdict without the
 * rows OVER BUDGET, which `over` counts.
 */
static void shown_counts(size_t *count, size_t *over, const gb_comparison *c)
{
	size_t i;

	memcpy(count, c->count, GB_VERDICT_COUNT * sizeof(*count));
	*over = 0;
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];

		if (!r->failed || r->verdict == GB_VERDICT_REGRESSION)
			continue;
		if (count[r->verdict])
			count[r->verdict]--;
		(*over)++;
	}
}

/* "1 regression, 1 over budget, 5 stable", as the rows say them. */
static void shown_counts_text(gb_buf *out, const gb_comparison *c)
{
	size_t count[GB_VERDICT_COUNT], over;
	gb_buf rest = GB_BUF_INIT;

	shown_counts(count, &over, c);
	if (!over) {
		counts_text(out, count);
		return;
	}
	if (count[GB_VERDICT_REGRESSION])
		gb_buf_printf(out, "%zu regression%s, ",
			count[GB_VERDICT_REGRESSION],
			count[GB_VERDICT_REGRESSION] > 1 ? "s" : "");
	gb_buf_printf(out, "%zu over budget", over);
	count[GB_VERDICT_REGRESSION] = 0;
	counts_text(&rest, count);
	if (strcmp(rest.ptr, "no benchmarks"))
		gb_buf_printf(out, ", %s", rest.ptr);
	gb_buf_dispose(&rest);
}

static void summary_counts(gb_buf *out, const gb_comparison *c)
{
	shown_counts_text(out, c);
}

/* Rows the markdown shows up front: what breaks or nears a budget. */
static bool md_first(const gb_compare_row *r)
{
	return r->failed || r->verdict == GB_VERDICT_SLOWER ||
	       r->verdict == GB_VERDICT_UNCERTAIN ||
	       r->verdict == GB_VERDICT_ACCEPTED;
}

/* A row's note after its verdict, at column `col`, wrapped to `width`. */
static void row_note(gb_buf *out, gb_buf *note, size_t col, size_t width)
{
	gb_buf first = GB_BUF_INIT;

	gb_buf_putc(note, ')');
	gb_buf_put(&first, note->ptr, strcspn(note->ptr, " "));
	/* Not even its first word fits after the verdict: the next line. */
	if (col + 2 + gb_text_width(first.ptr ? first.ptr : "") > width) {
		gb_buf_putc(out, '\n');
		gb_text_pad(out, NOTE_INDENT);
		col = NOTE_INDENT - 1;
		gb_buf_putc(out, '(');
	} else {
		gb_buf_puts(out, " (");
	}
	gb_buf_dispose(&first);
	gb_text_wrap(out, note->ptr, col + 2, NOTE_INDENT, width);
}

/* Lines of plain text, each wrapped to `width`. */
static void wrap_lines(gb_buf *out, const char *text, size_t width)
{
	gb_buf line = GB_BUF_INIT;

	while (*text) {
		size_t len = strcspn(text, "\n");

		gb_buf_clear(&line);
		gb_buf_put(&line, text, len);
		gb_text_wrap(out, line.ptr ? line.ptr : "", 0, 0, width);
		gb_buf_putc(out, '\n');
		text += len + (text[len] == '\n');
	}
	gb_buf_dispose(&line);
}

int gb_output_compare_text(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	const gb_comparison *c = v->c;
	size_t i, wn = 9, wb = 8, wh = 7, wc = 6, width = o->width ? o->width : 80;
	size_t fixed, wl = 0, wv = strlen("REGRESSION");
	bool stacked;
	cells *cl = gb_calloc(c->nrows ? c->nrows : 1, sizeof(cells));
	gb_buf label = GB_BUF_INIT;
	gb_buf foot = GB_BUF_INIT;

	if (!cl)
		return GB_ERROR;
	for (i = 0; i < c->nrows; i++) {
		size_t w = gb_escape_text_width(gb_text_label(&label,
			c->rows[i].name, c->rows[i].measure));
		size_t least = gb_text_label_least(c->rows[i].name,
			c->rows[i].measure, NAME_MIN_CELLS);

		wl = least > wl ? least : wl;
		row_cells(&cl[i], &c->rows[i], false, v->opts);
		wn = w > wn ? (w > NAME_MAX_CELLS ? NAME_MAX_CELLS : w) : wn;
		wb = gb_text_width(cl[i].base.ptr) > wb ? gb_text_width(cl[i].base.ptr) : wb;
		wh = gb_text_width(cl[i].head.ptr) > wh ? gb_text_width(cl[i].head.ptr) : wh;
		wc = gb_text_width(cl[i].change.ptr) > wc ? gb_text_width(cl[i].change.ptr) : wc;
		wv = strlen(verdict_word(&c->rows[i])) > wv
			? strlen(verdict_word(&c->rows[i])) : wv;
	}
	/*
	 * The name gives way to the figures so that a row fits the width
	 * (an indicator, four columns, the longest verdict), down to
	 * NAME_MIN_CELLS of it and its measure whole; below that, each name
	 * goes on a line of its own above its figures.
	 */
	fixed = 3 + wb + wh + wc + 8 + wv;
	stacked = fixed + (wl < wn ? wl : wn) > width;
	if (stacked)
		wn = 0;
	else if (fixed + wn > width)
		wn = width - fixed;
	header_lines(out, v);
	if (stacked)
		gb_buf_puts(out, "   Benchmark\n ");
	else
		gb_buf_printf(out, "   %-*s", (int)wn, "Benchmark");
	gb_buf_printf(out, "  %*s  %*s  %*s  Verdict\n",
		(int)wb, "Baseline", (int)wh, "Current", (int)wc, "Change");
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];
		size_t start = out->size;

		/* Every indicator is an emoji: two cells wide. */
		gb_buf_printf(out, "%s ", indicator(r));
		start = out->size;
		gb_text_fit_label(out, r->name, r->measure, stacked ? width - 3 : wn);
		if (stacked)
			gb_buf_puts(out, "\n ");
		else
			gb_text_pad(out, wn - gb_text_width(out->ptr + start));
		gb_buf_puts(out, "  ");
		gb_text_pad(out, wb - gb_text_width(cl[i].base.ptr));
		gb_buf_printf(out, "%s  ", cl[i].base.ptr);
		gb_text_pad(out, wh - gb_text_width(cl[i].head.ptr));
		gb_buf_printf(out, "%s  ", cl[i].head.ptr);
		gb_text_pad(out, wc - gb_text_width(cl[i].change.ptr));
		gb_text_color(out, o->color, verdict_color(r), cl[i].change.ptr);
		gb_buf_puts(out, "  ");
		gb_text_color(out, o->color, verdict_color(r), verdict_word(r));
		if (cl[i].note.size)
			row_note(out, &cl[i].note, 3 + wn + wb + wh + wc +
				(stacked ? 6 : 8) + strlen(verdict_word(r)),
				width);
		gb_buf_putc(out, '\n');
		cells_dispose(&cl[i]);
	}
	if (!isnan(c->geomean) && stacked)
		gb_buf_printf(out, "   geometric mean\n   %*s  %*s  %+*.2f%%\n",
			(int)wb, "", (int)wh, "", (int)wc - 1,
			gb_units_percent(c->geomean, 2));
	else if (!isnan(c->geomean))
		gb_buf_printf(out, "   %-*s  %*s  %*s  %+*.2f%%\n", (int)wn,
			"geometric mean", (int)wb, "", (int)wh, "", (int)wc - 1,
			gb_units_percent(c->geomean, 2));
	gb_buf_putc(out, '\n');
	summary_counts(&foot, c);
	gb_buf_puts(&foot, ".\n");
	if (!isnan(c->geomean) && any_higher_is_better(c))
		gb_buf_puts(&foot, "The geometric mean turns each change so "
			"that + is worse: a throughput's is inverted.\n");
	evidence_line(&foot, v);
	wrap_lines(out, foot.ptr ? foot.ptr : "", width);
	gb_buf_dispose(&foot);
	free(cl);
	gb_buf_dispose(&label);
	return out->ptr ? 0 : GB_ERROR;
}

static void md_row(gb_buf *out, const gb_compare_row *r,
	const gb_compare_options *o)
{
	gb_buf label = GB_BUF_INIT;
	cells c;

	row_cells(&c, r, true, o);
	gb_buf_printf(out, "| %s | ", indicator(r));
	gb_escape_markdown(out, gb_text_label(&label, r->name, r->measure));
	gb_buf_dispose(&label);
	gb_buf_printf(out, " | %s | %s | %s | %s%s%s", c.base.ptr, c.head.ptr,
		c.change.ptr, r->failed ? "**" : "", verdict_word(r),
		r->failed ? "**" : "");
	if (c.note.size)
		gb_buf_printf(out, " (%s)", c.note.ptr);
	gb_buf_puts(out, " |\n");
	cells_dispose(&c);
}

static void md_table_head(gb_buf *out)
{
	gb_buf_puts(out, "| | Benchmark | Baseline | Current | Change | Verdict |\n"
			 "|:-:|:--|--:|--:|--:|:--|\n");
}

int gb_output_compare_markdown(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const view *v = state;
	const gb_comparison *c = v->c;
	gb_buf label = GB_BUF_INIT;
	size_t i, shown = 0;

	gb_buf_puts(out, "## \xf0\x9f\x93\x8a Benchmark results\n\n");
	gb_buf_printf(out, "Baseline %s \xc2\xb7 %zu run%s \xe2\x86\x92 current %s "
			   "\xc2\xb7 %zu run%s \xc2\xb7 machine ", v->base_label_md.ptr,
		c->base_runs, c->base_runs == 1 ? "" : "s", v->head_label_md.ptr,
		c->head_runs, c->head_runs == 1 ? "" : "s");
	gb_escape_markdown(out, v->machine ? v->machine : "any");
	gb_buf_puts(out, "\n\n");
	/* What needs attention first, in full. */
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];

		if (!md_first(r))
			continue;
		if (!shown++)
			md_table_head(out);
		md_row(out, r, v->opts);
	}
	if (c->failures) {
		gb_buf_printf(out, "\n**\xe2\x9a\xa0\xef\xb8\x8f %zu benchmark%s over budget:**\n",
			c->failures, c->failures == 1 ? "" : "s");
		for (i = 0; i < c->nrows; i++) {
			cells cl;

			if (!c->rows[i].failed)
				continue;
			row_cells(&cl, &c->rows[i], true, v->opts);
			gb_buf_puts(out, "- ");
			gb_escape_markdown(out, gb_text_label(&label, c->rows[i].name,
				c->rows[i].measure));
			gb_buf_printf(out, ": %s", cl.change.ptr);
			if (cl.note.size)
				gb_buf_printf(out, " (%s)", cl.note.ptr);
			gb_buf_putc(out, '\n');
			cells_dispose(&cl);
		}
	} else if (!shown) {
		gb_buf_puts(out, "\xe2\x9c\x85 No performance regressions.\n");
	}
	if (shown < c->nrows) {
		size_t rest[GB_VERDICT_COUNT] = { 0 };

		for (i = 0; i < c->nrows; i++)
			if (!md_first(&c->rows[i]))
				rest[c->rows[i].verdict]++;
		gb_buf_puts(out, "\n<details>\n<summary>");
		gb_buf_printf(out, "%s%zu benchmark%s: ", shown ? "Other " : "",
			c->nrows - shown, c->nrows - shown == 1 ? "" : "s");
		counts_text(out, rest);
		gb_buf_puts(out, "</summary>\n\n");
		md_table_head(out);
		for (i = 0; i < c->nrows; i++)
			if (!md_first(&c->rows[i]))
				md_row(out, &c->rows[i], v->opts);
		if (!isnan(c->geomean))
			gb_buf_printf(out, "| | *geometric mean%s* | | | %+.2f%% | |\n",
				any_higher_is_better(c) ? " (+ is worse)" : "",
				gb_units_percent(c->geomean, 2));
		gb_buf_puts(out, "\n</details>\n");
	}
	gb_buf_puts(out, "\n<sub>");
	{
		gb_buf ev = GB_BUF_INIT;

		evidence_line(&ev, v);
		for (i = 0; i < ev.size; i++)
			gb_buf_putc(out, ev.ptr[i] == '\n' ? ' ' : ev.ptr[i]);
		gb_buf_dispose(&ev);
	}
	gb_buf_puts(out, "</sub>\n");
	gb_buf_dispose(&label);
	GB_UNUSED(o);
	return out->ptr ? 0 : GB_ERROR;
}

static void json_side(gb_jsonw *w, const char *key, const git_oid *commit,
	size_t runs)
{
	char hex[GIT_OID_HEXSZ + 1];

	gb_jsonw_object(w, key);
	if (commit) {
		git_oid_tostr(hex, sizeof(hex), commit);
		gb_jsonw_string(w, "commit", hex);
	} else {
		gb_jsonw_null(w, "commit");
	}
	gb_jsonw_number(w, "runs", (double)runs);
}

static void json_row(gb_jsonw *w, const gb_compare_row *r)
{
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "name", r->name);
	gb_jsonw_string(w, "measure", r->measure);
	gb_jsonw_string(w, "unit", r->unit);
	gb_jsonw_string(w, "direction", gb_text_direction(r->direction));
	gb_jsonw_number(w, "baseline", r->base);
	gb_jsonw_number(w, "current", r->head);
	gb_jsonw_number(w, "baseline_runs", (double)r->base_runs);
	gb_jsonw_number(w, "current_runs", (double)r->head_runs);
	gb_jsonw_number(w, "change_percent", r->change);
	gb_jsonw_string(w, "verdict", gb_verdict_name(r->verdict));
	/* What the text shows: "OVER BUDGET" for a row failed otherwise. */
	gb_jsonw_string(w, "shown_verdict", verdict_word(r));
	gb_jsonw_string(w, "evidence", gb_evidence_name(r->evidence));
	if (r->why)
		gb_jsonw_string(w, "why", gb_why_name(r->why));
	else
		gb_jsonw_null(w, "why");
	gb_jsonw_number(w, "p_value", r->p);
	gb_jsonw_number(w, "noise_percent", r->noise);
	gb_jsonw_number(w, "degrees_of_freedom", r->df);
	gb_jsonw_number(w, "interval_low_percent", r->low);
	gb_jsonw_number(w, "interval_high_percent", r->high);
	gb_jsonw_number(w, "run_moved_percent", r->shift);
	/* How far the baseline's run read off its level, where that held
	 * the call back. */
	gb_jsonw_number(w, "baseline_off_level_percent",
		r->why == GB_WHY_BASE_OFF_LEVEL ? r->base_off_level : NAN);
	gb_jsonw_number(w, "level_commits", r->why == GB_WHY_BASE_OFF_LEVEL
						    ? (double)r->level_commits : NAN);
	gb_jsonw_bool(w, "significant", r->significant);
	gb_jsonw_bool(w, "within_noise", r->within_noise);
	gb_jsonw_number(w, "threshold_percent", r->threshold);
	gb_jsonw_string(w, "budget", r->budget ? r->budget->pattern : NULL);
	gb_jsonw_bool(w, "over_max_time", r->over_time);
	gb_jsonw_bool(w, "failed", r->failed);
	if (r->waiver) {
		gb_jsonw_object(w, "accepted");
		if (git_oid_is_zero(&r->waiver->commit))
			gb_jsonw_null(w, "commit"); /* --accept */
		else
			gb_json_oid(w, "commit", &r->waiver->commit);
		gb_jsonw_string(w, "pattern", r->waiver->pattern);
		gb_jsonw_string(w, "measure", r->waiver->measure);
		gb_jsonw_string(w, "reason", r->waiver->reason);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void write_json(gb_jsonw *w, const void *state)
{
	static const char *keys[] = { "regression", "slower", "uncertain",
				      "stable", "faster", "improved", "new",
				      "removed", "accepted" };
	const view *v = state;
	const gb_comparison *c = v->c;
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", 1);
	json_side(w, "baseline", &v->base_commit, c->base_runs);
	{
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), &v->base_requested);
		gb_jsonw_string(w, "requested", hex);
	}
	gb_jsonw_string(w, "revision", v->base_spec);
	gb_jsonw_number(w, "distance", (double)v->base_distance);
	gb_jsonw_end(w);
	json_side(w, "current", v->head_working ? NULL : &v->head_commit,
		c->head_runs);
	gb_jsonw_bool(w, "working_tree", v->head_working);
	gb_jsonw_end(w);
	gb_jsonw_string(w, "machine", v->machine);
	gb_jsonw_object(w, "settings");
	gb_jsonw_string(w, "estimator",
		v->opts->estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean");
	gb_jsonw_number(w, "max_regression", v->opts->max_regression);
	gb_jsonw_number(w, "warn_regression", v->opts->warn_regression);
	gb_jsonw_number(w, "improvement", v->opts->improvement);
	gb_jsonw_number(w, "significance", v->opts->significance);
	gb_jsonw_number(w, "within_confidence", v->opts->within_confidence);
	gb_jsonw_string(w, "on_uncertain", gb_on_uncertain_name(v->opts->on_uncertain));
	gb_jsonw_end(w);
	gb_jsonw_array(w, "benchmarks");
	for (i = 0; i < c->nrows; i++)
		json_row(w, &c->rows[i]);
	gb_jsonw_end(w);
	gb_jsonw_object(w, "summary");
	for (i = 0; i < GB_VERDICT_COUNT; i++)
		gb_jsonw_number(w, keys[i], (double)c->count[i]);
	gb_jsonw_number(w, "failures", (double)gb_comparison_failures(c, v->opts));
	gb_jsonw_number(w, "over_budget", (double)c->failures);
	{
		size_t shown[GB_VERDICT_COUNT], over;

		/* The rows counted as they are shown, OVER BUDGET apart. */
		shown_counts(shown, &over, c);
		gb_jsonw_object(w, "shown");
		for (i = 0; i < GB_VERDICT_COUNT; i++)
			gb_jsonw_number(w, keys[i], (double)shown[i]);
		gb_jsonw_number(w, "over_budget", (double)over);
		gb_jsonw_end(w);
	}
	gb_jsonw_number(w, "run_moved_percent", c->shift);
	gb_jsonw_number(w, "copies_left_out", (double)(c->base_copies + c->head_copies));
	gb_jsonw_number(w, "geomean_change_percent", c->geomean);
	gb_jsonw_object(w, "evidence");
	for (i = 0; i < GB_EVIDENCE_COUNT; i++)
		gb_jsonw_number(w, gb_evidence_name(i), (double)c->evidence_count[i]);
	gb_jsonw_end(w);
	gb_jsonw_bool(w, "passed", gb_comparison_failures(c, v->opts) == 0);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

int gb_output_compare_json(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_output_json(out, true, write_json, state);
}

static void csv_number(gb_buf *out, double v)
{
	if (!isnan(v))
		gb_buf_printf(out, "%.10g", v);
}

int gb_output_compare_csv(gb_buf *out, const void *state,
	const gb_output_options *o)
{
	const gb_comparison *c = ((const view *)state)->c;
	size_t i;

	gb_buf_puts(out, "benchmark,measure,unit,direction,baseline,current,"
			 "change_percent,verdict,evidence,why,p_value,"
			 "noise_percent,interval_low_percent,"
			 "interval_high_percent,significant,budget,failed,"
			 "accepted_commit,accepted_reason,shown_verdict\n");
	for (i = 0; i < c->nrows; i++) {
		const gb_compare_row *r = &c->rows[i];

		gb_escape_csv(out, r->name);
		gb_buf_putc(out, ',');
		gb_escape_csv(out, r->measure);
		gb_buf_putc(out, ',');
		gb_escape_csv(out, r->unit);
		gb_buf_printf(out, ",%s,", gb_text_direction(r->direction));
		csv_number(out, r->base);
		gb_buf_putc(out, ',');
		csv_number(out, r->head);
		gb_buf_putc(out, ',');
		csv_number(out, r->change);
		gb_buf_printf(out, ",%s,%s,%s,", gb_verdict_name(r->verdict),
			gb_evidence_name(r->evidence), gb_why_name(r->why));
		csv_number(out, r->p);
		gb_buf_putc(out, ',');
		csv_number(out, r->noise);
		gb_buf_putc(out, ',');
		csv_number(out, r->low);
		gb_buf_putc(out, ',');
		csv_number(out, r->high);
		gb_buf_printf(out, ",%s,", r->significant ? "true" : "false");
		if (r->budget)
			gb_escape_csv(out, r->budget->pattern);
		gb_buf_printf(out, ",%s,", r->failed ? "true" : "false");
		if (r->waiver && !git_oid_is_zero(&r->waiver->commit)) {
			char hex[GIT_OID_HEXSZ + 1];

			gb_buf_puts(out, git_oid_tostr(hex, sizeof(hex),
				&r->waiver->commit));
		} else if (r->waiver) {
			gb_buf_puts(out, "--accept");
		}
		gb_buf_putc(out, ',');
		if (r->waiver && r->waiver->reason)
			gb_escape_csv(out, r->waiver->reason);
		gb_buf_printf(out, ",%s\n", verdict_word(r));
	}
	GB_UNUSED(o);
	return out->ptr ? 0 : GB_ERROR;
}

const gb_output_prep gb_output_compare_prep = { sizeof(view), prepare,
	dispose };

int gb_output_compare(gb_buf *out, const gb_check *c,
	const gb_output_options *opts)
{
	if (!c->have_base)
		return gb_error_set(GB_EINVALID, "no comparison to show");
	return gb_output_render(out, GB_OUTPUT_COMPARE, c, opts);
}

/* ---- shared with the view of several baselines ---- */

void gb_output_check_labels(gb_buf *base, gb_buf *base_md, gb_buf *head,
	gb_buf *head_md, const gb_check *c)
{
	git_repository *repo = gb_store_repository(c->store);

	base_labels(base, base_md, c, repo);
	if (!c->head_working) {
		gb_buf how = GB_BUF_INIT, from = GB_BUF_INIT;
		size_t i;

		/*
		 * Results git carried from the commit it rewrote (an amend,
		 * a rebase: notes.rewriteRef) are that commit's: said, as
		 * show says it, since the code may have changed since.
		 */
		for (i = 0; i < c->head.count; i++)
			if (!git_oid_is_zero(&c->head.runs[i]->carried_from))
				break;
		gb_buf_puts(&how, c->head_how);
		if (i < c->head.count) {
			gb_repo_short_id_buf(&from, repo,
				&c->head.runs[i]->carried_from);
			gb_buf_printf(&how, "; results of %s, before a "
				"rewrite", from.ptr);
		}
		label(head, head_md, repo, &c->head_commit, how.ptr);
		gb_buf_dispose(&how);
		gb_buf_dispose(&from);
		return;
	}
	gb_buf_puts(head, "work tree (");
	gb_escape_text(head, c->head_how);
	gb_buf_puts(head, ")");
	gb_buf_puts(head_md, "work tree");
}

const char *gb_output_verdict_indicator(const gb_compare_row *r)
{
	return indicator(r);
}

int gb_output_verdict_color(const gb_compare_row *r)
{
	return (int)verdict_color(r);
}

void gb_output_verdict_counts(gb_buf *out, const size_t *count)
{
	counts_text(out, count);
}

const char *gb_output_verdict_word(const gb_compare_row *r)
{
	return verdict_word(r);
}

void gb_output_shown_counts(gb_buf *out, const gb_comparison *c)
{
	shown_counts_text(out, c);
}
