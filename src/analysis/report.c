/*
 * The report's data: measured commits along first parents, one series set
 * per machine, the change points of each series and the verdict of each
 * measured commit against the previous one.
 *
 * Reading streams, twice: once for the commits and the machines that
 * measured them (run headers only), then once per machine for its series
 * (estimates, no samples). Verdicts reuse gb_compare on runs rebuilt from
 * the series, so a point is judged by the rules of `git bench compare`.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "analysis/report_int.h"
#include "store/summaries.h"
#include "gitbench/machine.h"
#include "gitbench/names.h"
#include "gitbench/trend.h"
#include "gitbench/waiver.h"
#include "record/codec_int.h"

/* ---- commits and machines ----------------------------------------------- */

/* "parse: the new grammar; sort [cpu_time]": what a commit accepts. */
static int accepts_of(char **out, git_commit *c)
{
	gb_waivers w = { 0 };
	gb_buf text = GB_BUF_INIT;
	size_t i;

	*out = NULL;
	if (gb_waivers_read_message(&w, git_commit_message(c),
		    git_commit_id(c)) < 0)
		return GB_ERROR;
	for (i = 0; i < w.n; i++) {
		gb_buf_printf(&text, "%s%s", i ? "; " : "", w.v[i].pattern);
		if (w.v[i].measure)
			gb_buf_printf(&text, " [%s]", w.v[i].measure);
		if (w.v[i].reason)
			gb_buf_printf(&text, ": %s", w.v[i].reason);
	}
	gb_waivers_dispose(&w);
	if (w.n && !text.ptr)
		return GB_ERROR;
	*out = text.size ? gb_buf_detach(&text) : NULL;
	gb_buf_dispose(&text);
	return 0;
}

static report_commit *add_commit(gb_report *r, git_commit *c, bool damaged)
{
	const git_signature *author = git_commit_author(c);
	const char *subject = git_commit_summary(c);
	report_commit *rc;

	if (GB_ARRAY_GROW(r->commits, r->ncommits, r->alloc_commits) < 0)
		return NULL;
	rc = &r->commits[r->ncommits];
	memset(rc, 0, sizeof(*rc));
	git_oid_cpy(&rc->id, git_commit_id(c));
	rc->time = author ? author->when.time : git_commit_time(c);
	rc->damaged = damaged;
	if (!(rc->subject = gb_strdup(subject ? subject : "")) ||
	    accepts_of(&rc->accepts, c) < 0) {
		free(rc->subject);
		return NULL;
	}
	r->ncommits++;
	return rc;
}

/* The machine for runs keyed `key` (NULL: the one for every machine). */
/* The friendly name of the machine's key, if it has one. */
static int machine_alias(report_machine *m, const gb_config *cfg)
{
	gb_buf name = GB_BUF_INIT;
	int error;

	if (gb_buf_printf(&name, "bench.machine.%s.alias", m->key) < 0)
		return GB_ERROR;
	error = gb_run_set_string(&m->alias, gb_config_get(cfg, name.ptr, NULL));
	gb_buf_dispose(&name);
	return error;
}

static report_machine *machine_for(gb_report *r, const char *key,
	const gb_env *env)
{
	report_machine *m;
	size_t i;

	for (i = 0; i < r->nmachines; i++)
		if ((!key && !r->machines[i].key) ||
		    (key && r->machines[i].key && !strcmp(key, r->machines[i].key)))
			return &r->machines[i];
	if (GB_ARRAY_GROW(r->machines, r->nmachines, r->alloc_machines) < 0)
		return NULL;
	m = &r->machines[r->nmachines];
	memset(m, 0, sizeof(*m));
	if ((key && !(m->key = gb_strdup(key))) || gb_env_copy(&m->env, env) < 0 ||
	    (key && machine_alias(m, gb_store_config(r->store)) < 0)) {
		free(m->key);
		free(m->alias);
		gb_env_dispose(&m->env);
		return NULL;
	}
	r->nmachines++;
	return m;
}


/* Count the runs of one commit by machine; whether any was kept. */
static int take_machines(bool *kept, gb_report *r, const gb_runlist *runs,
	const gb_report_options *o)
{
	size_t i;

	*kept = false;
	for (i = 0; i < runs->count; i++) {
		const gb_run *run = runs->runs[i];
		report_machine *m;

		if (o->machine && !o->any_machine &&
		    (!run->machine || strcmp(run->machine, o->machine)))
			continue;
		m = machine_for(r, o->any_machine ? NULL : run->machine, &run->env);
		if (!m)
			return GB_ERROR;
		m->runs++;
		*kept = true;
	}
	return 0;
}

typedef struct {
	gb_report *r;
	const gb_report_options *o;
} discover_job;

static int discover_one(const gb_measured_commit *mc, void *payload)
{
	discover_job *j = payload;
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	bool kept = false, damaged = false;
	int error;

	dopts.skip_samples = true;
	dopts.want = gb_codec_want_none;
	if ((error = gb_store_read(&runs, j->r->store, mc->commit, &dopts)) ==
	    GB_EDAMAGED)
		damaged = true;
	else if (error < 0 ||
		 (error = take_machines(&kept, j->r, &runs, j->o)) < 0)
		goto cleanup;
	error = 0;
	if (!kept && !damaged)
		goto cleanup;
	if (git_commit_lookup(&c, gb_store_repository(j->r->store),
		    mc->commit) < 0) {
		error = gb_error_git(-1, "cannot read a measured commit");
		goto cleanup;
	}
	if (!add_commit(j->r, c, damaged))
		error = GB_ERROR;
cleanup:
	git_commit_free(c);
	gb_runlist_dispose(&runs);
	return error;
}

/* The measured commits along first parents, oldest first, and machines. */
static int discover(gb_report *r, const git_oid *start,
	const gb_report_options *o)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	discover_job j = { r, o };
	size_t i, k;
	int error;

	wo.hide = o->hide;
	if ((error = gb_store_measured_foreach(r->store, start, &wo,
		     discover_one, &j)) < 0)
		return error;
	for (i = 0, k = r->ncommits ? r->ncommits - 1 : 0; i < k; i++, k--) {
		report_commit t = r->commits[i];

		r->commits[i] = r->commits[k];
		r->commits[k] = t;
	}
	return 0;
}

/* ---- series, change points and verdicts ---------------------------------- */

/* Both lists follow the same first-parent walk, oldest first. */
static int map_commits(gb_report *r, report_machine *m)
{
	size_t i, g = 0;

	if (m->set.ncommits &&
	    !(m->global = gb_calloc(m->set.ncommits, sizeof(size_t))))
		return GB_ERROR;
	for (i = 0; i < m->set.ncommits; i++) {
		while (g < r->ncommits &&
		       !git_oid_equal(&r->commits[g].id, &m->set.commits[i].id))
			g++;
		if (g == r->ncommits)
			return gb_error_set(GB_ERROR,
				"the history moved while the report was read");
		m->global[i] = g++;
	}
	return 0;
}

/* The rolling values of a trend whose t->rolling is filled, if it is. */
static int series_rolling(report_series *rs, const gb_trend *t)
{
	size_t i;

	if (!t->rolling || !t->n)
		return 0;
	if (!(rs->rolling_pos = gb_calloc(t->n, sizeof(size_t))) ||
	    !(rs->rolling = gb_calloc(t->n, sizeof(double))))
		return GB_ERROR;
	for (i = 0; i < t->n; i++) {
		rs->rolling_pos[i] = t->points[i].commit;
		rs->rolling[i] = t->rolling[i];
	}
	rs->nrolling = t->n;
	return 0;
}

/*
 * Change points on the mean of each commit's runs, judged as log and
 * compare judge them (gb_trend_judge): the report marks the same steps.
 */
static int series_changes(report_series *rs, const gb_series *s,
	const gb_changepoint_options *cpo, const gb_noise *noise,
	const gb_compare_options *co, const report_machine *m,
	const gb_window *w)
{
	gb_trend t;
	size_t i;
	int error;

	if ((error = gb_trend_compute(&t, s, cpo)) < 0)
		return error;
	if ((error = gb_trend_judge(&t, s, gb_noise_find(noise, s->name,
			     s->measure), co)) < 0 ||
	    (error = gb_trend_rolling(&t, &m->set, w, co->estimator)) < 0 ||
	    (error = series_rolling(rs, &t)) < 0)
		goto cleanup;
	if (t.nchanges && !(rs->changes = gb_calloc(t.nchanges,
				    sizeof(report_change)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < t.nchanges; i++) {
		size_t k = t.changes[i].index;
		report_change *rc = &rs->changes[i];
		gb_trend_span sp;

		/* The step is in the commits after `after` up to `through`. */
		gb_trend_span_of(&sp, &t, i, &m->set);
		rc->after = t.points[sp.older].commit;
		rc->through = t.points[sp.newer].commit;
		rc->unmeasured = sp.unmeasured;
		rc->commits = sp.commits;
		rc->placed = sp.placed;
		rs->changes[i].pos = t.points[k].commit;
		rs->changes[i].change = t.changes[i].change;
		rs->changes[i].pvalue = t.changes[i].pvalue;
		rs->changes[i].verdict = t.steps[i].verdict;
	}
	rs->nchanges = t.nchanges;
cleanup:
	gb_trend_dispose(&t);
	return error;
}

static int add_verdict(report_series *rs, size_t pos, const gb_compare_row *row)
{
	report_verdict *v;

	if (GB_ARRAY_GROW(rs->verdicts, rs->nverdicts, rs->alloc_verdicts) < 0)
		return GB_ERROR;
	v = &rs->verdicts[rs->nverdicts++];
	v->pos = pos;
	v->verdict = row->verdict;
	v->evidence = row->evidence;
	v->change = row->change;
	return 0;
}

/*
 * The runs of one commit rebuilt from the series (estimate and spread of
 * each result). `at[s]` moves to the first point of series s at or after
 * `pos`; the points before it are the history up to the previous commit.
 */
static int rebuild_runs(gb_runlist *out, report_machine *m, size_t *at,
	size_t pos)
{
	size_t i, s, nruns = m->set.commits[pos].runs;

	for (i = 0; i < nruns; i++) {
		gb_run *run = NULL;

		if (gb_run_new(&run) < 0 || gb_runlist_add(out, run) < 0) {
			gb_run_free(run);
			return GB_ERROR;
		}
		/* Its commit: where compare finds its level in the series. */
		git_oid_cpy(&run->commit, &m->set.commits[pos].id);
	}
	for (s = 0; s < m->set.nseries; s++) {
		const gb_series *ser = &m->set.series[s];
		size_t k = at[s];

		while (k < ser->n && ser->points[k].commit < pos)
			k++;
		at[s] = k;
		for (i = 0; k < ser->n && ser->points[k].commit == pos && i < nruns;
		     k++, i++) {
			gb_result *res;

			if (gb_run_add_measure(&res, out->runs[i], ser->name,
				    ser->measure, ser->unit, ser->direction) < 0)
				return GB_ERROR;
			res->mean = res->median = ser->points[k].value;
			res->stddev = ser->points[k].stddev;
		}
	}
	return 0;
}

/*
 * Compare two rebuilt commits with the history cut where `cur` begins, as
 * `git bench compare` learns noise along the baseline's first parents.
 */
static int judge(report_machine *m, size_t pos, const gb_runlist *prev,
	const gb_runlist *cur, const size_t *at, size_t *full,
	const gb_compare_options *co)
{
	gb_compare_input in = { 0 };
	gb_comparison cmp;
	size_t s, i;
	int error;

	for (s = 0; s < m->set.nseries; s++) {
		full[s] = m->set.series[s].n;
		m->set.series[s].n = at[s];
	}
	in.base = (const gb_run *const *)prev->runs;
	in.nbase = prev->count;
	in.head = (const gb_run *const *)cur->runs;
	in.nhead = cur->count;
	in.history = &m->set;
	error = gb_compare(&cmp, &in, co);
	for (s = 0; s < m->set.nseries; s++)
		m->set.series[s].n = full[s];
	if (error < 0)
		return error;
	for (i = 0; i < cmp.nrows && !error; i++) {
		const gb_compare_row *row = &cmp.rows[i];
		const gb_series *ser;

		if (row->verdict == GB_VERDICT_STABLE || row->verdict == GB_VERDICT_NEW ||
		    row->verdict == GB_VERDICT_REMOVED)
			continue;
		if ((ser = gb_series_find_measure(&m->set, row->name,
			     row->measure)) != NULL)
			error = add_verdict(&m->series[ser - m->set.series], pos, row);
	}
	gb_comparison_dispose(&cmp);
	return error;
}

static int machine_verdicts(report_machine *m, const gb_compare_options *co)
{
	size_t n = m->set.nseries ? m->set.nseries : 1, pos;
	size_t *at = gb_calloc(n, sizeof(size_t)), *full = gb_calloc(n, sizeof(size_t));
	gb_runlist prev = { 0 }, cur = { 0 };
	bool have_prev = false;
	int error = 0;

	if (!at || !full) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (pos = 0; pos < m->set.ncommits && !error; pos++) {
		if (m->set.commits[pos].damaged || !m->set.commits[pos].runs)
			continue;
		if ((error = rebuild_runs(&cur, m, at, pos)) < 0)
			break;
		if (have_prev)
			error = judge(m, pos, &prev, &cur, at, full, co);
		gb_runlist_dispose(&prev);
		prev = cur;
		memset(&cur, 0, sizeof(cur));
		have_prev = true;
	}
cleanup:
	gb_runlist_dispose(&prev);
	gb_runlist_dispose(&cur);
	free(at);
	free(full);
	return error;
}

static int collect_machine(gb_report *r, report_machine *m,
	const git_oid *start, const gb_report_options *o)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_compare_options co = r->compare;
	gb_changepoint_options cpo = GB_CHANGEPOINT_OPTIONS_INIT;
	gb_changepoint_cache cache;
	gb_noise *noise = NULL;
	size_t i;
	int error;

	/* The caller's settings (of any version), and change points found
	 * before for the same points. */
	if (o->changepoint) {
		cpo.version = o->changepoint->version;
		cpo.window = o->changepoint->window;
		cpo.max_pvalue = o->changepoint->max_pvalue;
		cpo.min_magnitude = o->changepoint->min_magnitude;
		cpo.min_segment = o->changepoint->min_segment;
	}
	if (cpo.version >= 2) {
		gb_store_changepoint_cache(&cache, r->store);
		cpo.cache = &cache;
	}
	so.machine = m->key;
	so.pattern = o->pattern;
	so.measure = o->measure;
	so.estimator = r->compare.estimator;
	so.hide = o->hide;
	co.pattern = NULL;
	if ((error = gb_series_collect(&m->set, r->store, start, &so)) < 0 ||
	    (error = map_commits(r, m)) < 0)
		return error;
	if (m->set.nseries &&
	    !(m->series = gb_calloc(m->set.nseries, sizeof(report_series))))
		return GB_ERROR;
	if ((error = gb_noise_new(&noise)) < 0 ||
	    (error = gb_noise_add_series_set(noise, &m->set)) < 0)
		goto cleanup;
	for (i = 0; i < m->set.nseries; i++)
		if ((error = series_changes(&m->series[i], &m->set.series[i],
			     &cpo, noise, &co, m, &r->window)) < 0)
			goto cleanup;
	error = machine_verdicts(m, &co);
cleanup:
	gb_noise_free(noise);
	return error;
}

/* ---- the report ------------------------------------------------------------ */

static int check_options(const gb_report_options *o)
{
	if (o->version == 0 || o->version > GB_REPORT_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported report options version");
	if (o->compare && o->compare->version != GB_COMPARE_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported compare options version");
	return 0;
}

static bool any_series(const gb_report *r)
{
	size_t i;

	for (i = 0; i < r->nmachines; i++)
		if (r->machines[i].set.nseries)
			return true;
	return false;
}

/*
 * No series for --measure (or a label's measure): a typo, when none of
 * the benchmarks recorded near `start` has it, is said with the nearest
 * measures, as log and compare say it; 0 when it is not that.
 */
static int explain_none(gb_store *store, const git_oid *start,
	const gb_report_options *o)
{
	gb_names names = { NULL, 0, 0, NULL }, measures = { NULL, 0, 0, NULL };
	const char *in = NULL;
	size_t name_len, len = 0;
	char *label_measure = NULL;
	int error;

	/* A label, "name [measure]", chooses its measure too. */
	if (!o->measure && o->pattern &&
	    gb_measure_label_split(&name_len, &in, &len, o->pattern,
		    strlen(o->pattern)) &&
	    !(label_measure = gb_strndup(in, len)))
		return GB_ERROR;
	if ((error = gb_names_near_measures(&names, &measures, store, start,
		     20)) == 0 && names.n)
		error = gb_names_match_measure(&measures,
			o->measure ? o->measure : label_measure);
	/* A pattern that matches no name near: a typo, said as log says it
	 * ("no benchmark matches 'x'; did you mean ...?"). */
	if (error == 0 && names.n && o->pattern)
		error = gb_names_match(&names, o->pattern);
	gb_names_dispose(&names);
	gb_names_dispose(&measures);
	free(label_measure);
	return error;
}

int gb_report_collect(gb_report **out, gb_store *store, const git_oid *start,
	const gb_report_options *opts)
{
	gb_report_options defaults = GB_REPORT_OPTIONS_INIT;
	const gb_report_options *o = opts ? opts : &defaults;
	gb_report *r = NULL;
	size_t i;
	int error;

	*out = NULL;
	if ((error = check_options(o)) < 0)
		return error;
	if (!(r = gb_calloc(1, sizeof(*r))))
		return GB_ERROR;
	r->store = store;
	if (o->version >= 2 && o->window &&
	    (error = gb_window_parse(&r->window, o->window)) < 0) {
		free(r);
		return error;
	}
	if (o->compare)
		r->compare = *o->compare;
	else
		gb_compare_options_init(&r->compare, NULL);
	if (!(r->title = gb_strdup(o->title ? o->title : "Benchmarks")) ||
	    !(r->range = gb_strdup(o->range ? o->range : "HEAD"))) {
		error = GB_ERROR;
		goto cleanup;
	}
	if ((error = discover(r, start, o)) < 0)
		goto cleanup;
	if (!r->nmachines) {
		error = o->machine && !o->any_machine
			? gb_error_set(GB_ENOTFOUND, "no results of machine '%s' in %s",
				o->machine, r->range)
			: gb_error_set(GB_ENOTFOUND, "no results in %s", r->range);
		goto cleanup;
	}
	for (i = 0; i < r->nmachines && !error; i++)
		error = collect_machine(r, &r->machines[i], start, o);
	if (!error && (o->pattern || o->measure) && !any_series(r) &&
	    (error = explain_none(store, start, o)) == 0)
		error = o->pattern
			? gb_error_set(GB_ENOTFOUND,
				  "no benchmarks matching '%s' in %s", o->pattern,
				  r->range)
			: gb_error_set(GB_ENOTFOUND,
				  "no results in measure '%s' in %s", o->measure,
				  r->range);
cleanup:
	if (error < 0)
		gb_report_free(r);
	else
		*out = r;
	return error;
}

static void summary_dispose(report_summary *s)
{
	size_t i;

	for (i = 0; i < s->nrows; i++) {
		free(s->rows[i].name);
		free(s->rows[i].measure);
		free(s->rows[i].unit);
	}
	free(s->rows);
	free(s->base_subject);
	free(s->head_subject);
	free(s->base_how);
	free(s->machine);
	memset(s, 0, sizeof(*s));
}

void gb_report_free(gb_report *r)
{
	size_t i, k;

	if (!r)
		return;
	for (i = 0; i < r->ncommits; i++) {
		free(r->commits[i].subject);
		free(r->commits[i].accepts);
	}
	for (i = 0; i < r->nmachines; i++) {
		report_machine *m = &r->machines[i];

		for (k = 0; m->series && k < m->set.nseries; k++) {
			free(m->series[k].changes);
			free(m->series[k].verdicts);
			free(m->series[k].rolling_pos);
			free(m->series[k].rolling);
		}
		free(m->series);
		free(m->global);
		gb_series_set_dispose(&m->set);
		gb_env_dispose(&m->env);
		free(m->key);
		free(m->alias);
	}
	summary_dispose(&r->summary);
	for (i = 0; i < r->nmore; i++)
		summary_dispose(&r->more[i]);
	free(r->more);
	free(r->machines);
	free(r->commits);
	free(r->title);
	free(r->range);
	free(r);
}

void gb_report_get_stats(gb_report_stats *out, const gb_report *r)
{
	/* Benchmarks and series repeat across machines: each counts once. */
	gb_names names = { NULL, 0, 0, NULL }, series = { NULL, 0, 0, NULL };
	gb_buf label = GB_BUF_INIT;
	size_t i, k, v;

	memset(out, 0, sizeof(*out));
	out->commits = r->ncommits;
	out->machines = r->nmachines;
	for (i = 0; i < r->ncommits; i++)
		out->damaged += r->commits[i].damaged;
	if (r->ncommits)
		out->newest = &r->commits[r->ncommits - 1].id;
	for (i = 0; i < r->nmachines; i++) {
		const report_machine *m = &r->machines[i];

		for (k = 0; k < m->set.nseries; k++) {
			gb_buf_clear(&label);
			/* A count for a message: as far as memory lets it go. */
			if (gb_names_add(&names, m->set.series[k].name) < 0 ||
			    gb_measure_label(&label, m->set.series[k].name,
				    m->set.series[k].measure) < 0 ||
			    gb_names_add(&series, label.ptr) < 0)
				gb_error_clear();
			out->points += m->set.series[k].n;
			out->changepoints += m->series[k].nchanges;
			for (v = 0; v < m->series[k].nverdicts; v++)
				out->regressions += m->series[k].verdicts[v].verdict ==
						    GB_VERDICT_REGRESSION;
		}
	}
	out->benchmarks = names.n;
	out->series = series.n;
	gb_names_dispose(&names);
	gb_names_dispose(&series);
	gb_buf_dispose(&label);
}

/* ---- the comparison at the top -------------------------------------------- */

static int commit_facts(char **subject, int64_t *time, git_repository *repo,
	const git_oid *id)
{
	git_commit *c = NULL;
	const git_signature *author;

	if (git_commit_lookup(&c, repo, id) < 0)
		return gb_error_git(-1, "cannot read a compared commit");
	author = git_commit_author(c);
	*time = author ? author->when.time : git_commit_time(c);
	*subject = gb_strdup(git_commit_summary(c) ? git_commit_summary(c) : "");
	git_commit_free(c);
	return *subject ? 0 : GB_ERROR;
}

static int copy_row(report_row *dst, const gb_compare_row *src)
{
	dst->name = gb_strdup(src->name);
	dst->measure = gb_strdup(src->measure);
	dst->unit = gb_strdup(src->unit);
	if (!dst->name || !dst->measure || !dst->unit)
		return GB_ERROR;
	dst->direction = src->direction;
	dst->base = src->base;
	dst->head = src->head;
	dst->change = src->change;
	dst->noise = src->noise;
	dst->base_runs = src->base_runs;
	dst->head_runs = src->head_runs;
	dst->verdict = src->verdict;
	dst->evidence = src->evidence;
	dst->failed = src->failed;
	dst->within_noise = src->within_noise;
	return 0;
}

/* Fill `d` with a copy of comparison `s`. */
static int fill_summary(report_summary *d, const gb_report *r,
	const gb_report_summary *s)
{
	git_repository *repo = gb_store_repository(r->store);
	size_t i;
	int error;

	memset(d, 0, sizeof(*d));
	git_oid_cpy(&d->base, &s->base);
	git_oid_cpy(&d->head, &s->head);
	d->base_distance = s->base_distance;
	d->max_regression = s->opts ? s->opts->max_regression : NAN;
	d->geomean = s->comparison->geomean;
	if ((error = commit_facts(&d->base_subject, &d->base_time, repo,
		     &s->base)) < 0 ||
	    (error = commit_facts(&d->head_subject, &d->head_time, repo,
		     &s->head)) < 0 ||
	    (error = gb_run_set_string(&d->base_how, s->base_how)) < 0 ||
	    (error = gb_run_set_string(&d->machine, s->machine)) < 0)
		goto cleanup;
	if (s->comparison->nrows &&
	    !(d->rows = gb_calloc(s->comparison->nrows, sizeof(report_row)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < s->comparison->nrows; i++, d->nrows++)
		if ((error = copy_row(&d->rows[i], &s->comparison->rows[i])) < 0) {
			d->nrows++; /* so that its strings are freed */
			goto cleanup;
		}
	d->present = true;
cleanup:
	if (error < 0)
		summary_dispose(d);
	return error;
}

int gb_report_set_summary(gb_report *r, const gb_report_summary *s)
{
	summary_dispose(&r->summary);
	return s ? fill_summary(&r->summary, r, s) : 0;
}

int gb_report_add_summary(gb_report *r, const gb_report_summary *s)
{
	int error;

	if (!r->summary.present)
		return gb_report_set_summary(r, s);
	if (GB_ARRAY_GROW(r->more, r->nmore, r->alloc_more) < 0)
		return GB_ERROR;
	if ((error = fill_summary(&r->more[r->nmore], r, s)) < 0)
		return error;
	r->nmore++;
	return 0;
}
