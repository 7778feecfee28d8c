/*
 * Series along first parents. Reading streams: one note at a time, decoded
 * without samples and, given a pattern, without the results it excludes.
 */
#include <fnmatch.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/series.h"
#include "store/summaries.h"
#include "util/index.h"

int gb_estimator_parse(gb_estimator *out, const char *text)
{
	if (text && !strcmp(text, "mean"))
		*out = GB_ESTIMATOR_MEAN;
	else if (text && !strcmp(text, "median"))
		*out = GB_ESTIMATOR_MEDIAN;
	else
		return gb_error_set(GB_EINVALID,
			"unknown estimator '%s' (mean or median)", text ? text : "");
	return 0;
}

double gb_series_estimate(const gb_result *r, gb_estimator est)
{
	if (est == GB_ESTIMATOR_MEDIAN && !isnan(r->median))
		return r->median;
	return r->mean;
}

/*
 * A glob as the user meant it: names are UTF-8, and "caf?" (or the "?"
 * a terminal without UTF-8 shows for each character of a name) matches
 * "caf\xc3\xa9" though the program runs in the C locale, where fnmatch
 * counts bytes. A name that is no UTF-8 is still matched byte by byte.
 */
static bool glob_match(const char *pattern, const char *name)
{
	static locale_t utf8;
	static bool tried;
	locale_t was;
	int r = FNM_NOMATCH;

	if (!tried) {
		tried = true;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	if (utf8) {
		was = uselocale(utf8);
		r = fnmatch(pattern, name, 0);
		uselocale(was);
	}
	return r == 0 || fnmatch(pattern, name, 0) == 0;
}

bool gb_series_pattern_match(const char *pattern, const char *name)
{
	if (!pattern || !*pattern)
		return true;
	/* "BM_Sort [cpu_time]" or "test_fib[5]" names itself, glob or not. */
	if (!strcmp(pattern, name))
		return true;
	if (strpbrk(pattern, "*?[") && glob_match(pattern, name))
		return true;
	/* A bracket is more often a parameter than a glob's class:
	 * "test_fib[15]" is also a part of "test_b.py::test_fib[15]". */
	if (strpbrk(pattern, "*?"))
		return false;
	return strstr(name, pattern) != NULL;
}

/* ---- choosing benchmarks and measures ------------------------------------ */

int gb_selector_init(gb_selector *out, const char *pattern, const char *measure)
{
	const char *in;
	size_t name_len, in_len;

	memset(out, 0, sizeof(*out));
	if (measure && *measure && !(out->measure = gb_strdup(measure)))
		return GB_ERROR;
	if (!pattern || !*pattern)
		return 0;
	if (!(out->whole = gb_strdup(pattern)))
		goto fail;
	if (gb_measure_label_split(&name_len, &in, &in_len, pattern,
		    strlen(pattern)) &&
	    (!(out->name = gb_strndup(pattern, name_len)) ||
	     !(out->in = gb_strndup(in, in_len))))
		goto fail;
	return 0;
fail:
	gb_selector_dispose(out);
	return GB_ERROR;
}

bool gb_selector_name(const gb_selector *s, const char *name)
{
	return !s->whole || gb_series_pattern_match(s->whole, name) ||
	       (s->name && gb_series_pattern_match(s->name, name));
}

bool gb_selector_match(const gb_selector *s, const char *name,
	const char *measure)
{
	if (s->measure && strcmp(s->measure, measure))
		return false;
	/* A name that is itself "x [y]" is chosen by its whole name. */
	if (!s->whole || gb_series_pattern_match(s->whole, name))
		return true;
	return s->name && !strcmp(s->in, measure) &&
	       gb_series_pattern_match(s->name, name);
}

static bool keep_selected(const gb_result *r, void *payload)
{
	return gb_selector_match(payload, r->name, r->measure);
}

void gb_selector_keep(const gb_selector *s, gb_runlist *runs)
{
	size_t i;

	if (!s->whole && !s->measure)
		return;
	for (i = 0; i < runs->count; i++)
		gb_run_keep_results(runs->runs[i], keep_selected, (void *)s);
}

void gb_selector_dispose(gb_selector *s)
{
	if (!s)
		return;
	free(s->whole);
	free(s->name);
	free(s->in);
	free(s->measure);
	memset(s, 0, sizeof(*s));
}

/* ---- series by name ------------------------------------------------------ */

static gb_index_key series_key(const void *items, size_t pos)
{
	const gb_series *s = &((const gb_series *)items)[pos];
	gb_index_key k = { s->name, s->measure };

	return k;
}

const gb_series *gb_series_find_measure(const gb_series_set *set,
	const char *name, const char *measure)
{
	gb_index_key k = { name, measure ? measure : GB_MEASURE_TIME };
	size_t pos;

	if (!set->index ||
	    !gb_index_find(&pos, set->index, k, series_key, set->series))
		return NULL;
	return &set->series[pos];
}

const gb_series *gb_series_find(const gb_series_set *set, const char *name)
{
	return gb_series_find_measure(set, name, GB_MEASURE_TIME);
}

static gb_series *series_for(gb_series_set *set, const gb_result *r)
{
	gb_index_key k = { r->name, r->measure };
	gb_series *s;
	size_t pos;

	if (gb_index_find(&pos, set->index, k, series_key, set->series))
		return &set->series[pos];
	if (GB_ARRAY_GROW(set->series, set->nseries, set->alloc_series) < 0)
		return NULL;
	s = &set->series[set->nseries];
	memset(s, 0, sizeof(*s));
	s->name = gb_strdup(r->name);
	s->measure = gb_strdup(r->measure);
	s->unit = gb_strdup(r->unit);
	s->direction = r->direction;
	set->held += sizeof(*s) + 2 * sizeof(void *) + strlen(r->name) +
		     strlen(r->measure) + strlen(r->unit) + 3;
	k.name = s->name;
	k.measure = s->measure;
	if (!s->name || !s->measure || !s->unit ||
	    gb_index_add(set->index, k, set->nseries, series_key,
		    set->series) < 0) {
		free(s->name);
		free(s->measure);
		free(s->unit);
		return NULL;
	}
	set->nseries++;
	return s;
}

static int add_point(gb_series *s, size_t commit, double value, double sd)
{
	if (GB_ARRAY_GROW(s->points, s->n, s->alloc) < 0)
		return GB_ERROR;
	/* A history of 2^32 measured commits would not fit in memory. */
	s->points[s->n].commit = (uint32_t)commit;
	s->points[s->n].value = value;
	s->points[s->n].stddev = (float)sd;
	s->n++;
	return 0;
}

static gb_series_commit *add_commit(gb_series_set *set, const git_oid *id,
	int64_t time)
{
	gb_series_commit *c;

	if (GB_ARRAY_GROW(set->commits, set->ncommits, set->alloc_commits) < 0)
		return NULL;
	c = &set->commits[set->ncommits++];
	memset(c, 0, sizeof(*c));
	set->held += sizeof(*c);
	git_oid_cpy(&c->id, id);
	c->time = time;
	return c;
}

static bool want_selected(const char *name, size_t len, void *payload)
{
	GB_UNUSED(len);
	return gb_selector_name(payload, name);
}

/* What a run's command cost, as points of GB_USAGE_BENCHMARK. */
static int add_usage(gb_series_set *set, size_t idx, const gb_usage *u,
	const gb_selector *sel)
{
	static const struct {
		const char *measure, *unit;
	} kinds[] = {
		{ GB_MEASURE_TIME, "ns" }, { "user", "ns" }, { "system", "ns" },
		{ "peak-memory", "B" },
	};
	const double v[] = { u->wall, u->user, u->system, u->maxrss };
	gb_result r;
	gb_series *s;
	size_t k;

	for (k = 0; k < GB_ARRAY_SIZE(kinds); k++) {
		if (isnan(v[k]) || !gb_selector_match(sel, GB_USAGE_BENCHMARK,
					   kinds[k].measure))
			continue;
		memset(&r, 0, sizeof(r));
		r.name = (char *)GB_USAGE_BENCHMARK;
		r.measure = (char *)kinds[k].measure;
		r.unit = (char *)kinds[k].unit;
		r.direction = GB_LOWER_IS_BETTER;
		if (!(s = series_for(set, &r)) || add_point(s, idx, v[k], NAN) < 0)
			return GB_ERROR;
	}
	return 0;
}

/*
 * Where each result went, by its place in its run: records of one suite
 * list their results in one order, so the series of the k-th result of
 * a commit is most often that of the commit before, found without
 * hashing its name.
 */
typedef struct {
	size_t *at;
	size_t n;
} series_guess;

static gb_series *series_guessed(gb_series_set *set, const gb_result *r,
	series_guess *g, size_t k)
{
	gb_series *s;

	if (k < g->n && g->at[k] < set->nseries) {
		s = &set->series[g->at[k]];
		if (!strcmp(s->name, r->name) && !strcmp(s->measure, r->measure))
			return s;
	}
	if (!(s = series_for(set, r)))
		return NULL;
	if (k >= g->n) {
		size_t n = k + 16, *at = realloc(g->at, n * sizeof(*at));

		if (!at)
			return s; /* only a guess lost */
		memset(at + g->n, 0xff, (n - g->n) * sizeof(*at));
		g->at = at;
		g->n = n;
	}
	g->at[k] = (size_t)(s - set->series);
	return s;
}

/* Add one commit's runs; points are in walk order (newest first). */
static int take_runs(gb_series_set *set, gb_runlist *runs, const git_oid *id,
	int64_t time, const gb_series_options *o, const gb_selector *sel,
	series_guess *guess)
{
	gb_series_commit *c;
	size_t i, k, idx = set->ncommits;
	bool *copy;
	int error = GB_ERROR;

	gb_runlist_keep_machine(runs, o->machine);
	if (runs->count == 0)
		return 0;
	if (!(copy = gb_calloc(runs->count, sizeof(bool))) ||
	    gb_runs_mark_copies(copy, (const gb_run *const *)runs->runs,
		    runs->count) < 0 ||
	    !(c = add_commit(set, id, time)))
		goto cleanup;
	for (i = 0; i < runs->count; i++) {
		const gb_run *run = runs->runs[i];

		/* A run recorded twice is one measurement. */
		if (copy[i]) {
			c->copies++;
			continue;
		}
		c->runs++;
		if (!c->label && run->label && !(c->label = gb_strdup(run->label)))
			goto cleanup;
		for (k = 0; k < run->nresults; k++) {
			const gb_result *r = &run->results[k];
			gb_series *s;

			if (!gb_selector_match(sel, r->name, r->measure))
				continue;
			if (!(s = series_guessed(set, r, guess, k)) ||
			    add_point(s, idx, gb_series_estimate(r,
					    o->estimator), r->stddev) < 0)
				goto cleanup;
			set->held += sizeof(gb_point);
		}
		if (o->usage && gb_usage_known(&run->usage) &&
		    add_usage(set, idx, &run->usage, sel) < 0)
			return GB_ERROR;
	}
	error = 0;
cleanup:
	free(copy);
	return error;
}

/* Points and commits were gathered newest first: turn them around. */
static void reverse(gb_series_set *set)
{
	size_t i, j, last = set->ncommits - 1;

	for (i = 0, j = last; i < j; i++, j--) {
		gb_series_commit t = set->commits[i];

		set->commits[i] = set->commits[j];
		set->commits[j] = t;
	}
	for (i = 0; i < set->nseries; i++) {
		gb_series *s = &set->series[i];
		size_t a, b;

		for (a = 0; a < s->n; a++)
			s->points[a].commit = last - s->points[a].commit;
		for (a = 0, b = s->n ? s->n - 1 : 0; a < b; a++, b--) {
			gb_point t = s->points[a];

			s->points[a] = s->points[b];
			s->points[b] = t;
		}
	}
}

/*
 * The runs in note blob `note`: 1, GB_EDAMAGED when they cannot be read,
 * or the error that stops the reading.
 * The walk found the blob: one lookup of the note where gb_store_has and
 * gb_store_read would make two, which counts over ten thousand commits.
 */
static int read_runs(gb_runlist *runs, gb_store *store, const git_oid *note,
	const gb_decode_options *dopts, bool summaries)
{
	int error = summaries ?
		gb_store_read_summary(runs, store, note, dopts) :
		gb_store_read_note_blob(runs, store, note, dopts);

	return error < 0 ? error : 1;
}

typedef struct {
	gb_series_set *set;
	gb_store *store;
	gb_decode_options dopts;
	const gb_series_options *o;
	gb_selector sel;
	size_t max_held;    /* bench.maxMemory, in bytes */
	series_guess guess;
	bool summaries;     /* read through the summaries of notes */
} collect_job;

/* Add a measured commit with its runs: kept with `damaged` if unreadable. */
static int take_commit(const gb_measured_commit *mc, void *payload)
{
	collect_job *j = payload;
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	int64_t time = mc->time;
	int error = read_runs(&runs, j->store, mc->note, &j->dopts,
		j->summaries);

	if (error < 0 && error != GB_EDAMAGED)
		goto cleanup;
	/* The walk read the commit's time, or the commit is read for it. */
	if (time == GB_TIME_UNKNOWN) {
		if (git_commit_lookup(&c, gb_store_repository(j->store),
			    mc->commit) < 0) {
			error = gb_error_git(-1, "cannot read a commit");
			goto cleanup;
		}
		time = git_commit_time(c);
	}
	if (error == GB_EDAMAGED) {
		gb_series_commit *dc = add_commit(j->set, mc->commit, time);

		gb_error_clear();
		error = dc ? 0 : GB_ERROR;
		if (dc)
			dc->damaged = true;
	} else {
		error = take_runs(j->set, &runs, mc->commit, time, j->o,
			&j->sel, &j->guess);
	}
	/* Where it was met, for the commits between measured ones. */
	if (!error && j->set->ncommits &&
	    git_oid_equal(&j->set->commits[j->set->ncommits - 1].id, mc->commit))
		j->set->commits[j->set->ncommits - 1].distance = mc->distance;
	if (!error && j->set->held > j->max_held)
		error = gb_error_set(GB_EINVALID, "the results of this range "
			"take more than %zu MiB (bench.maxMemory): name a shorter "
			"range (A..B, -n) or fewer benchmarks (--bench), or raise "
			"bench.maxMemory", j->max_held >> 20);
	/* Enough measured commits: stop the walk. */
	if (!error && j->o->max_commits && j->set->ncommits >= j->o->max_commits)
		error = 1;
cleanup:
	gb_runlist_dispose(&runs);
	git_commit_free(c);
	return error;
}

/*
 * Give back what the arrays grew by and did not fill: up to half of
 * them, which over a long history of many benchmarks is tens of MB.
 */
static void trim(gb_series_set *set)
{
	size_t i;

	for (i = 0; i < set->nseries; i++) {
		gb_series *s = &set->series[i];
		gb_point *p;

		if (s->n && s->n < s->alloc &&
		    (p = realloc(s->points, s->n * sizeof(*p)))) {
			s->points = p;
			s->alloc = s->n;
		}
	}
}

int gb_series_collect(gb_series_set *out, gb_store *store,
	const git_oid *start, const gb_series_options *opts)
{
	gb_series_options defaults = GB_SERIES_OPTIONS_INIT;
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	collect_job j = { out, store, GB_DECODE_OPTIONS_INIT, NULL,
		GB_SELECTOR_INIT, 0, { NULL, 0 }, false };
	long mib = GB_DEFAULT_MAX_MEMORY;
	int error;

	j.o = opts ? opts : &defaults;
	memset(out, 0, sizeof(*out));
	if (j.o->version == 0 || j.o->version > GB_SERIES_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported series options version");
	if ((error = gb_config_get_int(&mib, gb_store_config(store),
		     "bench.maxMemory")) < 0 && error != GB_ENOTFOUND)
		return error;
	if (mib < 1 || (unsigned long)mib > (SIZE_MAX >> 21))
		return gb_error_set(GB_EINVALID, "bench.maxMemory: %ld is not a "
			"number of MiB from 1 to %zu", mib, (size_t)(SIZE_MAX >> 21));
	j.max_held = (size_t)mib << 20;
	if (!(out->index = gb_calloc(1, sizeof(gb_index))) ||
	    gb_selector_init(&j.sel, j.o->pattern, j.o->measure) < 0)
		return GB_ERROR;
	j.dopts.skip_samples = true;
	if (j.sel.whole) {
		j.dopts.want = want_selected;
		j.dopts.payload = &j.sel;
	}
	wo.hide = j.o->hide;
	/*
	 * A whole history (log, report) is read through the summaries kept
	 * beside the notes, opened before the walk so that it takes its
	 * commits there too. A range or a few commits (the noise of a check,
	 * the hook's) read their notes: opening the summaries costs more.
	 */
	j.summaries = !j.o->hide && !j.o->max_commits;
	if (j.summaries && (error = gb_store_summaries_open(store)) < 0) {
		gb_selector_dispose(&j.sel);
		gb_series_set_dispose(out);
		return error;
	}
	error = gb_store_measured_foreach(store, start, &wo, take_commit, &j);
	if (error >= 0) {
		error = 0;
		if (out->ncommits)
			reverse(out);
		trim(out);
	} else {
		gb_series_set_dispose(out);
	}
	gb_selector_dispose(&j.sel);
	free(j.guess.at);
	return error;
}

size_t gb_series_unmeasured_between(const gb_series_set *set, size_t older,
	size_t newer)
{
	const gb_series_commit *a = &set->commits[older], *b = &set->commits[newer];

	return a->distance > b->distance ? a->distance - b->distance - 1 : 0;
}

void gb_series_set_dispose(gb_series_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->ncommits; i++)
		free(set->commits[i].label);
	for (i = 0; i < set->nseries; i++) {
		free(set->series[i].name);
		free(set->series[i].measure);
		free(set->series[i].unit);
		free(set->series[i].points);
	}
	if (set->index)
		gb_index_dispose(set->index);
	free(set->index);
	free(set->commits);
	free(set->series);
	memset(set, 0, sizeof(*set));
}

int gb_series_kind(gb_buf *out, const char *measure, const char *unit)
{
	gb_buf_clear(out);
	gb_buf_puts(out, measure ? measure : GB_MEASURE_TIME);
	gb_buf_putc(out, '\n');
	return gb_buf_puts(out, unit ? unit : "");
}
