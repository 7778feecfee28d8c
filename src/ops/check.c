/*
 * A current side against its baseline: what compare, check, run, the
 * pre-push hook and the report's summary all do, step by step.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/check.h"
#include "gitbench/machine.h"
#include "gitbench/repo.h"

int gb_check_init(gb_check *c, gb_store *store, const gb_check_options *opts)
{
	gb_check_options defaults = GB_CHECK_OPTIONS_INIT;
	const gb_config *cfg = gb_store_config(store);
	int error;

	memset(c, 0, sizeof(*c));
	c->store = store;
	c->options = opts ? *opts : defaults;
	if (c->options.version == 0 ||
	    c->options.version > GB_CHECK_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported check options version");
	if (c->options.version < 2) {
		c->options.accept = NULL;
		c->options.naccept = 0;
	}
	if ((error = gb_compare_options_init(&c->opts, cfg)) < 0 ||
	    (error = gb_budgets_load(&c->budgets, &c->nbudgets, cfg)) < 0)
		return error;
	c->opts.budgets = c->budgets;
	c->opts.nbudgets = c->nbudgets;
	c->opts.pattern = c->options.pattern;
	if (!isnan(c->options.max_regression))
		c->opts.max_regression = c->options.max_regression;
	if (c->options.estimator &&
	    (error = gb_estimator_parse(&c->opts.estimator,
		     c->options.estimator)) < 0)
		return error;
	return 0;
}

void gb_check_dispose(gb_check *c)
{
	if (!c)
		return;
	gb_comparison_dispose(&c->result);
	gb_waivers_dispose(&c->waivers);
	gb_series_set_dispose(&c->history);
	gb_series_set_dispose(&c->between);
	gb_noise_free(c->noise);
	gb_baseline_dispose(&c->base);
	gb_runlist_dispose(&c->head);
	gb_budgets_free(c->budgets, c->nbudgets);
	free(c->machine);
	free(c->head_how);
	free(c->base_how);
	memset(c, 0, sizeof(*c));
}

int gb_check_head_commit(gb_check *c, const git_oid *commit, const char *how)
{
	int error;

	git_oid_cpy(&c->head_commit, commit);
	if ((error = gb_store_read(&c->head, c->store, commit, NULL)) < 0)
		return error;
	return gb_run_set_string(&c->head_how, how);
}

int gb_check_head_runs(gb_check *c, gb_runlist *runs, const char *how,
	bool working)
{
	size_t i;

	for (i = 0; i < runs->count; i++) {
		if (gb_runlist_add(&c->head, runs->runs[i]) < 0)
			return GB_ERROR;
		runs->runs[i] = NULL;
	}
	runs->count = 0;
	if (c->head.count)
		git_oid_cpy(&c->head_commit, &c->head.runs[0]->commit);
	c->head_working = working;
	return gb_run_set_string(&c->head_how, how);
}

int gb_check_machine(gb_check *c)
{
	int error;

	free(c->machine);
	c->machine = NULL;
	if (c->options.any_machine && !c->options.machine)
		return 0;
	if (c->options.machine)
		error = gb_run_set_string(&c->machine, c->options.machine);
	else
		error = gb_machine_choose(&c->machine, &c->head,
			gb_store_config(c->store));
	if (error == 0)
		gb_runlist_keep_machine(&c->head, c->machine);
	return error;
}

int gb_check_base(gb_check *c, const git_oid *start, const char *how,
	bool named)
{
	int error;

	gb_baseline_dispose(&c->base);
	c->have_base = false;
	c->base_named = named;
	if ((error = gb_run_set_string(&c->base_how, how)) < 0 ||
	    (error = gb_baseline_find(&c->base, c->store, start, c->machine,
		     GB_BASELINE_MAX_DISTANCE)) < 0)
		return error;
	c->have_base = true;
	return 0;
}

int gb_check_base_rev(gb_check *c, const char *rev)
{
	git_repository *repo = gb_store_repository(c->store);
	gb_buf how = GB_BUF_INIT;
	git_oid start;
	int error;

	if (rev) {
		if ((error = gb_repo_resolve_commit(&start, repo, rev)) < 0)
			return error;
		return gb_check_base(c, &start, rev, true);
	}
	if ((error = gb_baseline_default(&start, &how, repo, &c->head_commit,
		     gb_config_get(gb_store_config(c->store), "bench.baseline",
			     NULL))) == 0)
		error = gb_check_base(c, &start, how.ptr, false);
	gb_buf_dispose(&how);
	return error;
}

/*
 * The commits strictly between the baseline and the current side, along
 * the current side's first parents: stored runs that teach the noise too
 * (a fresh baseline on a long-measured branch).
 */
static int collect_between(gb_check *c, gb_series_options *so)
{
	git_repository *repo = gb_store_repository(c->store);
	git_commit *commit = NULL;
	git_oid start;
	int error;

	if (c->head_working)
		git_oid_cpy(&start, &c->head_commit);
	else if (git_commit_lookup(&commit, repo, &c->head_commit) < 0 ||
		 git_commit_parentcount(commit) == 0) {
		git_commit_free(commit);
		return 0;
	} else
		git_oid_cpy(&start, git_commit_parent_id(commit, 0));
	git_commit_free(commit);
	if (git_oid_equal(&start, &c->base.commit))
		return 0;
	so->hide = &c->base.commit;
	error = gb_series_collect(&c->between, c->store, &start, so);
	so->hide = NULL;
	return error;
}

/*
 * The waivers, a step after the verdicts: they accept what was judged,
 * never judge. A range that cannot be walked (a shallow clone's end)
 * accepts what its commits that are here say.
 */
static int waive(gb_check *c)
{
	git_repository *repo = gb_store_repository(c->store);
	size_t i;
	int error = 0;

	gb_waivers_dispose(&c->waivers);
	for (i = 0; i < c->options.naccept && !error; i++)
		error = gb_waivers_add(&c->waivers, c->options.accept[i], NULL);
	if (!error && !git_oid_is_zero(&c->head_commit))
		error = gb_waivers_read_range(&c->waivers, repo, &c->head_commit,
			&c->base.commit);
	if (!error)
		gb_comparison_waive(&c->result, &c->waivers);
	return error;
}

int gb_check_compare(gb_check *c)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_compare_input in = { 0 };
	int error;

	if (!c->have_base)
		return gb_error_set(GB_EINVALID, "no baseline to compare with");
	gb_series_set_dispose(&c->history);
	gb_series_set_dispose(&c->between);
	gb_noise_free(c->noise);
	c->noise = NULL;
	gb_comparison_dispose(&c->result);
	so.machine = c->machine;
	so.pattern = c->opts.pattern;
	so.estimator = c->opts.estimator;
	so.max_commits = GB_COMPARE_HISTORY_COMMITS;
	if ((error = gb_series_collect(&c->history, c->store, &c->base.commit,
		     &so)) < 0 ||
	    (error = collect_between(c, &so)) < 0 ||
	    (error = gb_noise_new(&c->noise)) < 0 ||
	    (error = gb_noise_add_series_set(c->noise, &c->history)) < 0 ||
	    (error = gb_noise_add_series_set(c->noise, &c->between)) < 0)
		return error;
	in.base = (const gb_run *const *)c->base.runs.runs;
	in.nbase = c->base.runs.count;
	in.head = (const gb_run *const *)c->head.runs;
	in.nhead = c->head.count;
	in.noise = c->noise;
	if ((error = gb_compare(&c->result, &in, &c->opts)) < 0)
		return error;
	return waive(c);
}

int gb_check_revision(gb_check *c, gb_store *store, const char *rev,
	const char *base_rev, const gb_check_options *opts)
{
	git_oid head;
	int error;

	if ((error = gb_check_init(c, store, opts)) < 0 ||
	    (error = gb_repo_resolve_commit(&head,
		     gb_store_repository(store), rev)) < 0 ||
	    (error = gb_check_head_commit(c, &head, rev)) < 0 ||
	    (error = gb_check_machine(c)) < 0 ||
	    (error = gb_check_base_rev(c, base_rev)) < 0)
		return error;
	return gb_check_compare(c);
}
