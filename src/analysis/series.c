/*
 * Series along first parents. Reading streams: one note at a time, decoded
 * without samples and, given a pattern, without the results it excludes.
 */
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/series.h"
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

bool gb_series_pattern_match(const char *pattern, const char *name)
{
	if (!pattern || !*pattern)
		return true;
	/* "BM_Sort [cpu_time]" or "test_fib[5]" names itself, glob or not. */
	if (!strcmp(pattern, name))
		return true;
	if (strpbrk(pattern, "*?["))
		return fnmatch(pattern, name, 0) == 0;
	return strstr(name, pattern) != NULL;
}

/* ---- series by name ------------------------------------------------------ */

static const char *series_name(const void *items, size_t pos)
{
	return ((const gb_series *)items)[pos].name;
}

const gb_series *gb_series_find(const gb_series_set *set, const char *name)
{
	size_t pos;

	if (!set->index ||
	    !gb_index_find(&pos, set->index, name, series_name, set->series))
		return NULL;
	return &set->series[pos];
}

static gb_series *series_for(gb_series_set *set, const gb_result *r)
{
	gb_series *s;
	size_t pos;

	if (gb_index_find(&pos, set->index, r->name, series_name, set->series))
		return &set->series[pos];
	if (GB_ARRAY_GROW(set->series, set->nseries, set->alloc_series) < 0)
		return NULL;
	s = &set->series[set->nseries];
	memset(s, 0, sizeof(*s));
	s->name = gb_strdup(r->name);
	s->unit = gb_strdup(r->unit);
	s->direction = r->direction;
	if (!s->name || !s->unit ||
	    gb_index_add(set->index, s->name, set->nseries, series_name,
		    set->series) < 0) {
		free(s->name);
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
	s->points[s->n].commit = commit;
	s->points[s->n].value = value;
	s->points[s->n].stddev = sd;
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
	git_oid_cpy(&c->id, id);
	c->time = time;
	return c;
}

/* A --bench pattern, told glob or substring once rather than per name. */
typedef struct {
	const char *pattern;
	bool glob;
} name_filter;

static bool want_pattern(const char *name, size_t len, void *payload)
{
	const name_filter *f = payload;

	GB_UNUSED(len);
	if (f->glob)
		return !strcmp(f->pattern, name) || fnmatch(f->pattern, name, 0) == 0;
	return strstr(name, f->pattern) != NULL;
}

/* Add one commit's runs; points are in walk order (newest first). */
static int take_runs(gb_series_set *set, gb_runlist *runs, const git_oid *id,
	int64_t time, const gb_series_options *o)
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
			gb_series *s = series_for(set, r);

			if (!s || add_point(s, idx, gb_series_estimate(r, o->estimator),
					  r->stddev) < 0)
				goto cleanup;
		}
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
 * The runs in note blob `note`: 1, or GB_EDAMAGED when they cannot be read.
 * The walk found the blob: one lookup of the note where gb_store_has and
 * gb_store_read would make two, which counts over ten thousand commits.
 */
static int read_runs(gb_runlist *runs, gb_store *store, const git_oid *note,
	const gb_decode_options *dopts)
{
	git_blob *blob = NULL;
	int error;

	if (git_blob_lookup(&blob, gb_store_repository(store), note) < 0)
		return GB_EDAMAGED;
	error = gb_codec_decode_stream(runs, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob), dopts);
	git_blob_free(blob);
	if (error == GB_ERROR)
		return error;
	return error < 0 ? GB_EDAMAGED : 1;
}

typedef struct {
	gb_series_set *set;
	gb_store *store;
	gb_decode_options dopts;
	const gb_series_options *o;
} collect_job;

/* Add a measured commit with its runs: kept with `damaged` if unreadable. */
static int take_commit(const gb_measured_commit *mc, void *payload)
{
	collect_job *j = payload;
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	int error = read_runs(&runs, j->store, mc->note, &j->dopts);

	if (error == GB_ERROR)
		goto cleanup;
	if (git_commit_lookup(&c, gb_store_repository(j->store), mc->commit) < 0) {
		error = gb_error_git(-1, "cannot read a commit");
		goto cleanup;
	}
	if (error == GB_EDAMAGED) {
		gb_series_commit *dc = add_commit(j->set, mc->commit,
			git_commit_time(c));

		gb_error_clear();
		error = dc ? 0 : GB_ERROR;
		if (dc)
			dc->damaged = true;
	} else {
		error = take_runs(j->set, &runs, mc->commit, git_commit_time(c),
			j->o);
	}
	/* Enough measured commits: stop the walk. */
	if (!error && j->o->max_commits && j->set->ncommits >= j->o->max_commits)
		error = 1;
cleanup:
	gb_runlist_dispose(&runs);
	git_commit_free(c);
	return error;
}

int gb_series_collect(gb_series_set *out, gb_store *store,
	const git_oid *start, const gb_series_options *opts)
{
	gb_series_options defaults = GB_SERIES_OPTIONS_INIT;
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	collect_job j = { out, store, GB_DECODE_OPTIONS_INIT, NULL };
	name_filter filter = { NULL, false };
	int error;

	j.o = opts ? opts : &defaults;
	memset(out, 0, sizeof(*out));
	if (j.o->version == 0 || j.o->version > GB_SERIES_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported series options version");
	if (!(out->index = gb_calloc(1, sizeof(gb_index))))
		return GB_ERROR;
	j.dopts.skip_samples = true;
	if (j.o->pattern && *j.o->pattern) {
		filter.pattern = j.o->pattern;
		filter.glob = strpbrk(j.o->pattern, "*?[") != NULL;
		j.dopts.want = want_pattern;
		j.dopts.payload = &filter;
	}
	wo.hide = j.o->hide;
	error = gb_store_measured_foreach(store, start, &wo, take_commit, &j);
	if (error >= 0) {
		error = 0;
		if (out->ncommits)
			reverse(out);
	} else {
		gb_series_set_dispose(out);
	}
	return error;
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

int gb_series_kind(gb_buf *out, const char *name, const char *unit)
{
	size_t len = strlen(name);
	const char *open = strrchr(name, '[');

	gb_buf_clear(out);
	if (len && name[len - 1] == ']' && open && open > name && open[-1] == ' ')
		gb_buf_puts(out, open);
	gb_buf_putc(out, '\n');
	return gb_buf_puts(out, unit ? unit : "");
}
