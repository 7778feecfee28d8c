/* A bisection: its verdict for people, or as JSON for scripts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"
#include "output/output_int.h"

static void value_in(gb_buf *out, const char *unit, double v)
{
	if (isnan(v))
		gb_buf_puts(out, "-");
	else
		gb_units_format(out, v, unit ? unit : "");
}

static void value_text(gb_buf *out, const gb_bisect_result *r, double v)
{
	value_in(out, r->unit, v);
}

static void commit_block(gb_buf *out, git_repository *repo, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_commit *c = NULL;
	const git_signature *a;

	git_oid_tostr(hex, sizeof(hex), id);
	gb_buf_printf(out, "commit %s\n", hex);
	if (git_commit_lookup(&c, repo, id) < 0)
		return;
	a = git_commit_author(c);
	gb_buf_puts(out, "Author: ");
	gb_escape_text(out, a->name);
	gb_buf_puts(out, " <");
	gb_escape_text(out, a->email);
	gb_buf_puts(out, ">\nDate:   ");
	gb_date_format(out, a->when.time, GB_DATE_LOCAL);
	gb_buf_puts(out, "\n\n    ");
	gb_escape_text(out, git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_buf_puts(out, "\n\n");
	git_commit_free(c);
}

/* Whether path[i] has a value of its own, from runs judged. */
static bool own_value(const gb_bisect_result *r, size_t i)
{
	return !isnan(r->path[i].judgement.value) && r->path[i].judgement.runs;
}

/* The value of path[i]: its own, else `level`, that of its side. */
static double value_at(const gb_bisect_result *r, size_t i, double level)
{
	return own_value(r, i) ? r->path[i].judgement.value : level;
}

/*
 * "<value> at <id> (<side>)" when the value is the commit's own, else
 * "<value>, the level up to <id>" (or from), which its segment of the
 * series shows.
 */
static void side_text(gb_buf *line, const gb_output_bisect_data *b,
	size_t i, double value, bool own, const char *level_word,
	const char *side)
{
	const gb_bisect_result *r = b->result;

	value_text(line, r, value);
	gb_buf_puts(line, own ? " at " : level_word);
	gb_repo_short_id_buf(line, b->repo, &r->path[i].id);
	gb_buf_printf(line, " (%s)", side);
}

static void id_list(gb_buf *out, const gb_output_bisect_data *b,
	const char *what, bool measured)
{
	const gb_bisect_result *r = b->result;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		bool take = measured ? r->path[i].measured
				     : r->path[i].judgement.state == GB_BISECT_SKIP;

		if (!take)
			continue;
		gb_buf_puts(out, n++ ? " " : what);
		gb_repo_short_id_buf(out, b->repo, &r->path[i].id);
	}
	if (n)
		gb_buf_putc(out, '\n');
}

/*
 * A line of text (escaped already) folded at the width, the lines after
 * the first indented by two; then `line` is emptied for the next.
 */
static void put_folded(gb_buf *out, gb_buf *line, const gb_output_bisect_data *b)
{
	gb_text_wrap(out, line->ptr ? line->ptr : "", 0, 2, b->width);
	gb_buf_putc(out, '\n');
	gb_buf_clear(line);
}

/*
 * How the two sides of a change are called: git's "good" and "bad" for a
 * change for the worse; for one for the better (hunted with --improvement,
 * or a step of the series that is one), "unchanged" and "better", as git
 * bisect says the terms it is given.
 */
static const char *new_term(const gb_bisect_judgement *j)
{
	return j->verdict == GB_VERDICT_FASTER ||
			       j->verdict == GB_VERDICT_IMPROVED
		       ? "better"
		       : "bad";
}

static const char *old_term(const gb_bisect_judgement *j)
{
	return !strcmp(new_term(j), "bad") ? "good" : "unchanged";
}

/*
 * The first bad commit of a step found, and its figures; `from`: the
 * commit whose results begin the level it is judged against.
 */
static void found_step(gb_buf *out, const gb_output_bisect_data *b,
	const gb_bisect_step *st, const gb_bisect_judgement *j, size_t last_good,
	size_t first, const git_oid *from)
{
	const gb_bisect_result *r = b->result;
	const gb_bisect_commit *bad = &r->path[first];
	double before = value_at(r, last_good, j->good), after = bad->judgement.value;
	char hex[GIT_OID_HEXSZ + 1], side[32];
	gb_buf line = GB_BUF_INIT;

	git_oid_tostr(hex, sizeof(hex), &bad->id);
	gb_buf_printf(out, "%s is the first %s commit\n", hex, new_term(j));
	commit_block(out, b->repo, &bad->id);
	/* A name wider than the line is cut: it cannot fold. */
	gb_text_fit(&line, b->name, b->width > 20 ? b->width - 2 : 18);
	gb_buf_puts(&line, ": ");
	snprintf(side, sizeof(side), "last %s", old_term(j));
	side_text(&line, b, last_good, before, own_value(r, last_good),
		", the level up to ", side);
	gb_buf_puts(&line, " \xe2\x86\x92 ");
	snprintf(side, sizeof(side), "first %s", new_term(j));
	side_text(&line, b, first, after, own_value(r, first),
		", the level from ", side);
	gb_buf_printf(&line, ", %+.2f%%",
		gb_units_percent(100 * (after - before) / fabs(before), 2));
	put_folded(out, &line, b);
	gb_buf_puts(&line, st && from != &r->good_results ? "Against the level from "
		   : !strcmp(old_term(j), "good") ? "Against the good side "
						  : "Against the earlier side ");
	gb_repo_short_id_buf(&line, b->repo, from);
	gb_buf_puts(&line, " (");
	value_text(&line, r, j->good);
	gb_buf_printf(&line, "): %+.2f%%, %s, noise judged from %s",
		gb_units_percent(j->change, 2),
		gb_verdict_name(j->verdict),
		st ? "the series" : gb_evidence_name(j->evidence));
	if (st && !isnan(st->noise))
		gb_buf_printf(&line, " (\xc2\xb1%.1f%% a run, %.1f df)", st->noise,
			st->df);
	put_folded(out, &line, b);
	/*
	 * The newest commit alone off a series that shows no step, on one
	 * run: a step at the very end, or one run that read high. Said, and
	 * how to tell which.
	 */
	if (!st && r->by_series && first == r->n - 1 && bad->judgement.runs <= 1) {
		gb_buf_puts(&line, "This rests on one run of the newest commit, "
			"on a series that shows no step before it: check it out and "
			"run git bench run --repeat 3 --record to tell a step from a "
			"run that read off its level.");
		put_folded(out, &line, b);
	}
	gb_buf_dispose(&line);
}

/* A step not narrowed to one commit: the commits that may be its first. */
static void candidates(gb_buf *out, const gb_output_bisect_data *b,
	size_t last_good, size_t first_bad, const gb_bisect_judgement *j)
{
	const gb_bisect_result *r = b->result;
	size_t i;

	gb_buf_printf(out, "The first %s commit is one of:\n", new_term(j));
	for (i = last_good + 1; i <= first_bad; i++) {
		gb_buf subject = GB_BUF_INIT;
		const gb_bisect_commit *c = &r->path[i];

		gb_repo_short_id_buf(out, b->repo, &c->id);
		gb_repo_commit_subject(&subject, b->repo, &c->id);
		gb_buf_printf(out, " %s ", c->judgement.state == GB_BISECT_SKIP ? "skipped "
					  : c->judgement.state == GB_BISECT_BAD ? "bad     "
					  : c->has_note || c->measured ? "measured"
					  : "untested");
		gb_escape_text(out, subject.ptr ? subject.ptr : "");
		gb_buf_putc(out, '\n');
		gb_buf_dispose(&subject);
	}
}

/* "1.00 µs → 1.12 µs (+11.38%, REGRESSION)": a step's two levels. */
static void levels_text(gb_buf *out, const gb_bisect_result *r,
	const gb_bisect_step *st)
{
	value_text(out, r, st->level_before);
	gb_buf_puts(out, " \xe2\x86\x92 ");
	value_text(out, r, st->level_after);
	gb_buf_printf(out, " (%+.2f%%, %s)", gb_units_percent(st->change, 2),
		gb_verdict_name(st->verdict));
}

/*
 * A step the noise cannot place among measured commits: its figures, why
 * it is a range, and how to narrow it; then the commits it may begin at.
 */
static void unplaced_step(gb_buf *out, const gb_output_bisect_data *b,
	const gb_bisect_step *st, const gb_bisect_judgement *j)
{
	const gb_bisect_result *r = b->result;
	gb_buf line = GB_BUF_INIT;
	size_t i, measured = 0;

	for (i = st->last_good + 1; i <= st->first_bad; i++)
		measured += r->path[i].has_note || r->path[i].measured;
	/* A name wider than the line is cut: it cannot fold. */
	gb_text_fit(&line, b->name, b->width > 20 ? b->width - 2 : 18);
	gb_buf_puts(&line, ": ");
	/* Several steps: "Step 1 of 2" above said the levels already. */
	if (r->nsteps == 1) {
		levels_text(&line, r, st);
		gb_buf_putc(&line, ' ');
	}
	gb_buf_puts(&line, "in ");
	gb_repo_short_id_buf(&line, b->repo, &r->path[st->last_good].id);
	gb_buf_puts(&line, "..");
	gb_repo_short_id_buf(&line, b->repo, &r->path[st->first_bad].id);
	put_folded(out, &line, b);
	gb_buf_printf(&line, "The noise (\xc2\xb1%.1f%% a run) cannot place it: "
		"%zu measured commit%s below read%s as near one level as the "
		"other. More runs of each (check it out, git bench run --repeat 3 "
		"--record) place it; then bisect again.", st->noise, measured,
		measured == 1 ? "" : "s", measured == 1 ? "s" : "");
	put_folded(out, &line, b);
	gb_buf_dispose(&line);
	candidates(out, b, st->last_good, st->first_bad, j);
}

/* Each step of the series, with its first commit or its candidates. */
static void steps_text(gb_buf *out, const gb_output_bisect_data *b)
{
	const gb_bisect_result *r = b->result;
	size_t i;

	for (i = 0; i < r->nsteps; i++) {
		const gb_bisect_step *st = &r->steps[i];
		gb_bisect_judgement j = r->path[st->after].judgement;

		if (i)
			gb_buf_puts(out, "\n");
		j.verdict = st->verdict;
		j.good = st->level_before;
		j.change = st->change;
		if (r->nsteps > 1) {
			gb_buf_printf(out, "Step %zu of %zu: ", i + 1, r->nsteps);
			levels_text(out, r, st);
			gb_buf_putc(out, '\n');
		}
		if (st->found)
			found_step(out, b, st, &j, st->last_good, st->first_bad,
				i ? &r->path[r->steps[i - 1].first_bad].id
				  : &r->good_results);
		else if (!st->placed)
			unplaced_step(out, b, st, &j);
		else
			candidates(out, b, st->last_good, st->first_bad, &j);
	}
}

static void unsettled_text(gb_buf *out, const gb_output_bisect_data *b)
{
	const gb_bisect_result *r = b->result;
	gb_buf line = GB_BUF_INIT;

	if (r->bad.state == GB_BISECT_BAD) {
		candidates(out, b, r->last_good, r->first_bad, &r->bad);
		return;
	}
	/* A name wider than the line is cut: it cannot fold. */
	gb_text_fit(&line, b->name, b->width > 20 ? b->width - 2 : 18);
	gb_buf_puts(&line, r->bad.verdict == GB_VERDICT_STABLE
				   ? " does not differ between " : " between ");
	gb_repo_short_id_buf(&line, b->repo, &r->good_results);
	gb_buf_puts(&line, " and ");
	gb_repo_short_id_buf(&line, b->repo, &r->path[r->n - 1].id);
	gb_buf_puts(&line, ": ");
	value_text(&line, r, r->bad.good);
	gb_buf_puts(&line, " and ");
	value_text(&line, r, r->bad.value);
	/*
	 * The ends differ by no more than noise could make; or they differ,
	 * and the series has no step and is at BAD's level.
	 */
	gb_buf_printf(&line, " (%+.2f%%, %s)%s; nothing to bisect",
		gb_units_percent(r->bad.change, 2), gb_verdict_name(r->bad.verdict),
		r->bad.verdict == GB_VERDICT_STABLE ? ""
		: r->bad.verdict == GB_VERDICT_UNCERTAIN && r->by_series
			? ": no more than noise could make, and no step shows "
			  "where"
			: ", but the series has no step: the good side is off "
			  "its level");
	put_folded(out, &line, b);
	if (r->bad.verdict == GB_VERDICT_UNCERTAIN && r->by_series) {
		gb_buf_puts(&line, "More runs of ");
		gb_repo_short_id_buf(&line, b->repo, &r->path[r->n - 1].id);
		/* Recorded beside its own: at least twice the runs it has. */
		gb_buf_printf(&line, " settle it: check it out and run git bench "
			"run --repeat %zu --record, then bisect again.",
			r->bad.runs > 3 ? r->bad.runs : (size_t)3);
		put_folded(out, &line, b);
	}
	if (r->by_series) {
		gb_buf_printf(&line, "The series of %zu measured commits shows "
			"no step: ", r->measured_commits);
		value_text(&line, r, r->first_level);
		gb_buf_puts(&line, " \xe2\x86\x92 ");
		value_text(&line, r, r->last_level);
		if (!isnan(r->noise))
			gb_buf_printf(&line, ", noise \xc2\xb1%.1f%% a run",
				r->noise);
		put_folded(out, &line, b);
	}
	gb_buf_dispose(&line);
}

int gb_output_bisect_text(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	gb_output_bisect_data folded = *(const gb_output_bisect_data *)data;
	const gb_output_bisect_data *b = &folded;

	folded.width = o->width ? o->width : 80;
	if (b->result->nsteps)
		steps_text(out, b);
	else if (b->result->found)
		found_step(out, b, NULL,
			&b->result->path[b->result->first_bad].judgement,
			b->result->last_good, b->result->first_bad,
			&b->result->good_results);
	else
		unsettled_text(out, b);
	id_list(out, b, "Measured and recorded: ", true);
	id_list(out, b, "Skipped: ", false);
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- progress and single judgements ------------------------------------ */

static const char *state_name(gb_bisect_state s)
{
	static const char *names[] = { "untested", "good", "bad", "skipped" };

	return (unsigned)s < 4 ? names[s] : "?";
}

int gb_output_bisect_event(gb_buf *out, const gb_bisect_event *e,
	git_repository *repo, const char *name)
{
	const gb_bisect_judgement *j = e->judgement;

	if (e->kind == GB_BISECT_EVENT_MEASURE)
		gb_buf_puts(out, "measuring ");
	else if (e->kind == GB_BISECT_EVENT_CHECK)
		gb_buf_puts(out, "checking ");
	gb_repo_short_id_buf(out, repo, e->commit);
	if (e->kind != GB_BISECT_EVENT_JUDGED)
		return gb_buf_printf(out, " (%s%zu candidate%s left)",
			e->kind == GB_BISECT_EVENT_CHECK ? "stored results, " : "",
			e->left, e->left == 1 ? "" : "s");
	gb_buf_printf(out, " is %s", state_name(j->state));
	if (j->state == GB_BISECT_SKIP) {
		gb_buf_puts(out, ": no results for ");
		return gb_escape_text(out, name);
	}
	gb_buf_puts(out, ": ");
	value_in(out, e->unit, j->value);
	return gb_buf_printf(out, ", %+.2f%% (%s)", gb_units_percent(j->change, 2),
		gb_verdict_name(j->verdict));
}

int gb_output_bisect_judgement(gb_buf *out, const gb_bisect_judgement *j,
	git_repository *repo, const git_oid *commit, const char *name,
	const gb_bisect_judge *judge)
{
	const char *unit = gb_bisect_judge_unit(judge);

	gb_repo_short_id_buf(out, repo, commit);
	gb_buf_printf(out, " is %s: ", state_name(j->state));
	gb_escape_text(out, name);
	if (j->state == GB_BISECT_SKIP)
		return gb_buf_puts(out, " has no results here\n");
	gb_buf_putc(out, ' ');
	gb_units_format(out, j->value, unit);
	gb_buf_puts(out, " against ");
	gb_units_format(out, j->good, unit);
	gb_buf_puts(out, " at ");
	gb_repo_short_id_buf(out, repo, gb_bisect_judge_good(judge));
	return gb_buf_printf(out, " (%+.2f%%, %s)\n", gb_units_percent(j->change, 2),
		gb_verdict_name(j->verdict));
}

/* ---- JSON ---------------------------------------------------------------- */

static void judgement(gb_jsonw *w, const gb_bisect_judgement *j)
{
	gb_jsonw_number(w, "value", j->value);
	gb_jsonw_number(w, "change_percent", j->change);
	gb_jsonw_string(w, "verdict", gb_verdict_name(j->verdict));
	gb_jsonw_string(w, "evidence", gb_evidence_name(j->evidence));
	gb_jsonw_number(w, "pvalue", j->p);
}

/* The commit's subject, author and time. */
static void commit_facts(gb_jsonw *w, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	gb_buf when = GB_BUF_INIT;

	if (git_commit_lookup(&c, repo, id) < 0)
		return;
	gb_jsonw_string(w, "subject", git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_jsonw_string(w, "author", git_commit_author(c)->name);
	gb_jsonw_string(w, "email", git_commit_author(c)->email);
	gb_date_format(&when, git_commit_author(c)->when.time, GB_DATE_ISO);
	gb_jsonw_string(w, "time", when.ptr);
	gb_buf_dispose(&when);
	git_commit_free(c);
}

static void ends(gb_jsonw *w, const gb_bisect_result *r)
{
	gb_jsonw_object(w, "good");
	gb_json_oid(w, "commit", &r->path[0].id);
	gb_json_oid(w, "results_commit", &r->good_results);
	gb_jsonw_number(w, "value", r->bad.good);
	gb_jsonw_end(w);
	gb_jsonw_object(w, "bad");
	gb_json_oid(w, "commit", &r->path[r->n - 1].id);
	judgement(w, &r->bad);
	gb_jsonw_end(w);
}

static void first_bad(gb_jsonw *w, const gb_bisect_result *r,
	git_repository *repo)
{
	const gb_bisect_commit *c = &r->path[r->first_bad];

	if (r->bad.state != GB_BISECT_BAD) {
		gb_jsonw_null(w, "first_bad");
		gb_jsonw_null(w, "last_good");
		return;
	}
	gb_jsonw_object(w, "first_bad");
	gb_json_oid(w, "commit", &c->id);
	commit_facts(w, repo, &c->id);
	judgement(w, &c->judgement);
	gb_jsonw_end(w);
	gb_jsonw_object(w, "last_good");
	gb_json_oid(w, "commit", &r->path[r->last_good].id);
	gb_jsonw_number(w, "value", r->last_good ? r->path[r->last_good].judgement.value
						 : r->bad.good);
	gb_jsonw_end(w);
}

static void lists(gb_jsonw *w, const gb_bisect_result *r)
{
	size_t i;

	gb_jsonw_array(w, "candidates");
	for (i = r->last_good + 1; r->bad.state == GB_BISECT_BAD && i <= r->first_bad; i++)
		gb_json_oid(w, NULL, &r->path[i].id);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "commits");
	for (i = 0; i < r->n; i++) {
		const gb_bisect_commit *c = &r->path[i];

		if (c->judgement.state == GB_BISECT_UNTESTED || (i == 0 && !c->measured))
			continue;
		gb_jsonw_object(w, NULL);
		gb_json_oid(w, "commit", &c->id);
		gb_jsonw_string(w, "state", state_name(c->judgement.state));
		gb_jsonw_bool(w, "measured", c->measured);
		judgement(w, &c->judgement);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void steps(gb_jsonw *w, const gb_bisect_result *r)
{
	size_t i;

	gb_jsonw_bool(w, "by_series", r->by_series);
	gb_jsonw_number(w, "measured_commits", (double)r->measured_commits);
	gb_jsonw_number(w, "noise_percent", r->noise);
	gb_jsonw_array(w, "steps");
	for (i = 0; i < r->nsteps; i++) {
		const gb_bisect_step *st = &r->steps[i];

		gb_jsonw_object(w, NULL);
		gb_json_oid(w, "before", &r->path[st->before].id);
		gb_json_oid(w, "after", &r->path[st->after].id);
		gb_jsonw_bool(w, "found", st->found);
		gb_jsonw_bool(w, "placed", st->placed);
		gb_json_oid(w, "last_good", &r->path[st->last_good].id);
		gb_json_oid(w, "first_bad", &r->path[st->first_bad].id);
		gb_jsonw_number(w, "level_before", st->level_before);
		gb_jsonw_number(w, "level_after", st->level_after);
		gb_jsonw_number(w, "change_percent", st->change);
		gb_jsonw_string(w, "verdict", gb_verdict_name(st->verdict));
		gb_jsonw_number(w, "pvalue", st->p);
		gb_jsonw_number(w, "noise_percent", st->noise);
		gb_jsonw_number(w, "degrees_of_freedom", st->df);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static void write_json(gb_jsonw *w, const void *state)
{
	const gb_output_bisect_data *d = state;
	const gb_bisect_result *r = d->result;
	const char *name = d->name, *machine = d->machine;

	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", 1);
	gb_jsonw_string(w, "benchmark", name);
	gb_jsonw_string(w, "unit", r->unit ? r->unit : "");
	if (machine)
		gb_jsonw_string(w, "machine", machine);
	else
		gb_jsonw_null(w, "machine");
	gb_jsonw_string(w, "hunt", r->hunt == GB_BISECT_BETTER ? "better" : "worse");
	gb_jsonw_bool(w, "found", r->found);
	gb_jsonw_number(w, "path_length", (double)r->n);
	ends(w, r);
	first_bad(w, r, d->repo);
	lists(w, r);
	steps(w, r);
	gb_jsonw_end(w);
}

int gb_output_bisect_json(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_output_json(out, true, write_json, data);
}

int gb_output_bisect(gb_buf *out, const gb_bisect_result *r,
	git_repository *repo, const char *name, const char *machine,
	const gb_output_options *opts)
{
	gb_output_bisect_data d = { r, repo, name, machine, 0 };

	return gb_output_render(out, GB_OUTPUT_BISECT, &d, opts);
}
