/* The trends of a range: what `git bench log` shows, for any program. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/machine.h"
#include "gitbench/names.h"
#include "gitbench/repo.h"
#include "gitbench/trend.h"
#include "store/summaries.h"

/* Measured commits whose names a typo is told against, at most. */
#define NAMES_COMMITS 20
/* Machines named, at most. */
#define MAX_MACHINES 3

/*
 * The trend of every series, its change points judged as compare judges
 * (noise learned from the range's runs); those with nothing to show left
 * out.
 */
static int compute_rows(gb_trend_list *l, gb_store *store, bool changed_only)
{
	gb_changepoint_options cpo = l->changepoint;
	gb_changepoint_cache cache;
	gb_noise *noise = NULL;
	size_t i;
	int error = 0;

	/* Change points found before for the same points, kept beside the
	 * notes' summaries. */
	gb_store_changepoint_cache(&cache, store);
	cpo.cache = &cache;
	if (!(l->rows = gb_calloc(l->set.nseries ? l->set.nseries : 1,
		      sizeof(*l->rows))) ||
	    gb_noise_new(&noise) < 0)
		return GB_ERROR;
	if ((error = gb_noise_add_series_set(noise, &l->set)) < 0)
		goto cleanup;
	for (i = 0; i < l->set.nseries; i++) {
		gb_trend_row *row = &l->rows[l->nrows];

		row->series = &l->set.series[i];
		if ((error = gb_trend_compute(&row->trend, row->series,
			     &cpo)) < 0)
			goto cleanup;
		if ((error = gb_trend_judge(&row->trend, row->series,
			     gb_noise_find(noise, row->series->name,
				     row->series->measure),
			     &l->compare)) < 0 ||
		    (error = gb_trend_rolling(&row->trend, &l->set, &l->window,
			     l->estimator)) < 0) {
			gb_trend_dispose(&row->trend);
			goto cleanup;
		}
		if (row->trend.n == 0 || (changed_only && !row->trend.nchanges))
			gb_trend_dispose(&row->trend);
		else
			l->nrows++;
	}
cleanup:
	gb_noise_free(noise);
	return error;
}

typedef struct {
	gb_store *store;
	const char *pattern;
	const char *except;
	gb_names machines;
} machines_job;

static bool want_pattern(const char *name, size_t len, void *payload)
{
	GB_UNUSED(len);
	return gb_series_pattern_match(payload, name);
}

/* The machines of the runs of a commit that have the benchmarks wanted. */
static int machines_at(const gb_measured_commit *mc, void *payload)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	machines_job *j = payload;
	gb_runlist runs = { 0 };
	size_t i;
	int error = 0;

	dopts.skip_samples = true;
	dopts.want = want_pattern;
	dopts.payload = (void *)j->pattern;
	if (gb_store_read(&runs, j->store, mc->commit, &dopts) == 0)
		for (i = 0; i < runs.count && !error; i++)
			if (runs.runs[i]->nresults && runs.runs[i]->machine &&
			    strcmp(runs.runs[i]->machine, j->except))
				error = gb_names_add(&j->machines,
					runs.runs[i]->machine);
	gb_error_clear();
	gb_runlist_dispose(&runs);
	return error;
}

/*
 * Nothing to show: a pattern that matches no benchmark recorded near
 * `start`, or a measure none of them has, is an error; else, the machines
 * whose results the range holds.
 */
static int explain_empty(gb_trend_list *l, gb_store *store,
	const git_oid *start, const gb_trend_list_options *o)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	machines_job j = { store, o->pattern, l->machine, { NULL, 0, 0, NULL } };
	gb_names names = { NULL, 0, 0, NULL }, measures = { NULL, 0, 0, NULL };
	gb_buf list = GB_BUF_INIT;
	int error;

	if ((error = gb_names_near_measures(&names, &measures, store, start,
		     NAMES_COMMITS)) == 0 && names.n &&
	    (error = gb_names_match(&names, o->pattern)) == 0)
		error = gb_names_match_measure(&measures, o->measure);
	gb_names_dispose(&names);
	gb_names_dispose(&measures);
	if (error < 0 || !l->machine)
		return error;
	wo.hide = o->hide;
	if ((error = gb_store_measured_foreach(store, start, &wo, machines_at,
		     &j)) == 0 && j.machines.n &&
	    (error = gb_names_list(&list, &j.machines, MAX_MACHINES)) == 0)
		l->others = gb_buf_detach(&list);
	gb_names_dispose(&j.machines);
	gb_buf_dispose(&list);
	return error;
}

int gb_trend_list_collect(gb_trend_list *out, gb_store *store,
	const git_oid *start, const gb_trend_list_options *opts)
{
	gb_trend_list_options defaults = GB_TREND_LIST_OPTIONS_INIT;
	const gb_trend_list_options *o = opts ? opts : &defaults;
	const gb_config *cfg = gb_store_config(store);
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	int error;

	memset(out, 0, sizeof(*out));
	if (o->version == 0 || o->version > GB_TREND_LIST_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID,
			"unsupported trend list options version");
	if ((o->version >= 2 && o->window &&
		    (error = gb_window_parse(&out->window, o->window)) < 0) ||
	    (error = gb_machine_pick(&out->machine, o->machine, o->any_machine,
		     cfg)) < 0 ||
	    (error = gb_changepoint_options_load(&out->changepoint, cfg)) < 0 ||
	    (error = gb_compare_options_init(&out->compare, cfg)) < 0 ||
	    (error = gb_budgets_load(&out->budgets, &out->nbudgets, cfg)) < 0 ||
	    (error = gb_estimator_parse(&out->estimator, o->estimator ? o->estimator
			    : gb_config_get(cfg, "bench.estimator", NULL))) < 0)
		goto cleanup;
	out->compare.budgets = out->budgets;
	out->compare.nbudgets = out->nbudgets;
	so.machine = out->machine;
	so.pattern = o->pattern;
	so.measure = o->measure;
	so.usage = true;
	so.estimator = out->estimator;
	so.max_commits = o->max_commits;
	so.hide = o->hide;
	if ((error = gb_series_collect(&out->set, store, start, &so)) < 0 ||
	    (!out->set.nseries &&
		    (error = explain_empty(out, store, start, o)) < 0))
		goto cleanup;
	/* The range stopped where the clone does. */
	out->cut = gb_store_history_cut(NULL, store);
	error = compute_rows(out, store, o->changed_only);
cleanup:
	if (error < 0)
		gb_trend_list_dispose(out);
	return error;
}

void gb_trend_list_dispose(gb_trend_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; l->rows && i < l->nrows; i++)
		gb_trend_dispose(&l->rows[i].trend);
	free(l->rows);
	gb_series_set_dispose(&l->set);
	gb_budgets_free(l->budgets, l->nbudgets);
	free(l->machine);
	free(l->others);
	memset(l, 0, sizeof(*l));
}
