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
#include "gitbench/revision.h"
#include "analysis/baseline_int.h"

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
	if (c->options.version < 3)
		c->options.measure = NULL;
	if ((error = gb_compare_options_init(&c->opts, cfg)) < 0 ||
	    (error = gb_budgets_load(&c->budgets, &c->nbudgets, cfg)) < 0)
		return error;
	c->opts.budgets = c->budgets;
	c->opts.nbudgets = c->nbudgets;
	c->opts.pattern = c->options.pattern;
	c->opts.measure = c->options.measure;
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
	gb_names_dispose(&c->names);
	free(c->machine);
	free(c->head_how);
	free(c->head_why);
	free(c->base_how);
	free(c->uncompared);
	memset(c, 0, sizeof(*c));
}

int gb_check_head_commit(gb_check *c, const git_oid *commit, const char *how)
{
	int error;

	git_oid_cpy(&c->head_commit, commit);
	if ((error = gb_run_set_string(&c->head_how, how)) < 0)
		return error;
	if ((error = gb_store_read(&c->head, c->store, commit, NULL)) == 0)
		c->head_recorded = true;
	else if (error == GB_ENOTFOUND)
		error = gb_revision_unmeasured(c->store, commit, &c->head_why);
	return error;
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
		/* An alias (bench.machine.<key>.alias) stands for its key. */
		error = gb_machine_resolve(&c->machine, gb_store_config(c->store),
			c->options.machine);
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
	    (error = gb_baseline_find_as(&c->base, c->store, start, how,
		     c->machine, GB_BASELINE_MAX_DISTANCE)) < 0)
		return error;
	c->have_base = true;
	c->base_self = c->head_recorded &&
		git_oid_equal(&c->base.commit, &c->head_commit);
	return 0;
}

/* ---- the default baseline -------------------------------------------------- */

/*
 * The local branch the current side is: the branch its name names, else
 * HEAD's branch when HEAD is it. 1 and its name, or 0.
 */
static int side_branch(gb_buf *out, gb_check *c)
{
	git_repository *repo = gb_store_repository(c->store);
	git_reference *ref = NULL;
	gb_buf name = GB_BUF_INIT;
	git_oid id;
	int found = 0;

	if (c->head_how && strcmp(c->head_how, "HEAD")) {
		gb_buf_printf(&name, "refs/heads/%s", c->head_how);
		found = git_reference_name_to_id(&id, repo, name.ptr) == 0 &&
			git_oid_equal(&id, &c->head_commit);
		if (found)
			gb_buf_puts(out, c->head_how);
	} else if (git_repository_head(&ref, repo) == 0 &&
		   git_reference_is_branch(ref) &&
		   git_reference_name_to_id(&id, repo, "HEAD") == 0 &&
		   git_oid_equal(&id, &c->head_commit)) {
		gb_buf_puts(out, git_reference_shorthand(ref));
		found = 1;
	}
	git_error_clear();
	git_reference_free(ref);
	gb_buf_dispose(&name);
	return found;
}

/*
 * The baseline at the merge-base of the current side and `tip`, said as
 * "merge-base of HEAD and origin/main[: why]".
 */
static int base_merge(gb_check *c, const git_oid *tip, const char *name,
	const char *why)
{
	const char *side = c->head_how ? c->head_how : "HEAD";
	gb_buf how = GB_BUF_INIT;
	git_oid start;
	int error;

	if ((error = gb_baseline_merge_base(&start,
		     gb_store_repository(c->store), &c->head_commit, side, tip,
		     name)) == 0) {
		gb_buf_printf(&how, "merge-base of %s and %s%s%s", side, name,
			why ? ": " : "", why ? why : "");
		error = gb_check_base(c, &start, how.ptr, false);
	}
	gb_buf_dispose(&how);
	return error;
}

/* bench.baseline, a revision (or a label) someone wrote down. */
static int base_configured(gb_check *c, const char *configured)
{
	git_oid tip;

	if (gb_revision_resolve(&tip, c->store, configured) < 0)
		return gb_error_set(GB_ENOTFOUND, "bench.baseline: %s",
			gb_error_last()->message);
	return base_merge(c, &tip, configured, NULL);
}

/* Whether `ref` is what refs/remotes/<remote>/HEAD points to. */
static bool remote_default(git_repository *repo, const char *remote,
	const char *ref)
{
	gb_buf head = GB_BUF_INIT;
	git_reference *r = NULL;
	bool yes;

	gb_buf_printf(&head, "refs/remotes/%s/HEAD", remote);
	yes = git_reference_lookup(&r, repo, head.ptr) == 0 &&
		git_reference_type(r) == GIT_REFERENCE_SYMBOLIC &&
		!strcmp(git_reference_symbolic_target(r), ref);
	git_error_clear();
	git_reference_free(r);
	gb_buf_dispose(&head);
	return yes;
}

/*
 * Whether `remote` is fetched one branch alone (git clone -b X
 * --single-branch, or --depth, which implies it): no fetch refspec with a
 * '*'. Its HEAD is then the branch cloned, not the remote's default.
 */
static int any_wildcard(const git_config_entry *e, void *payload)
{
	int *specs = payload;

	specs[0]++;
	if (strchr(e->value, '*'))
		specs[1]++;
	return 0;
}

static bool single_branch(git_repository *repo, const char *remote)
{
	gb_buf key = GB_BUF_INIT;
	git_config *cfg = NULL;
	int specs[2] = { 0, 0 };

	/* No regular expression: libgit2 1.5 leaks PCRE2's match data. */
	if (gb_buf_printf(&key, "remote.%s.fetch", remote) == 0 &&
	    git_repository_config_snapshot(&cfg, repo) == 0)
		git_config_get_multivar_foreach(cfg, key.ptr, NULL,
			any_wildcard, specs);
	git_config_free(cfg);
	gb_buf_dispose(&key);
	git_error_clear();
	return specs[0] > 0 && specs[1] == 0;
}

/* The upstream of the current side's branch, when it has one. */
typedef struct {
	bool found;
	git_oid tip;
	gb_buf name;       /* "origin/main" */
	gb_buf why;        /* why it is not the baseline */
	/* Named the remote's default by a clone of that branch alone. */
	bool single;
	gb_buf remote;     /* its remote, "origin" */
} upstream;

/*
 * The branch's upstream, when it tells something: 1 when used, 0 with
 * up->why said when the remote's branch is to be used instead.
 */
static int base_upstream(gb_check *c, const char *branch, upstream *up)
{
	git_repository *repo = gb_store_repository(c->store);
	gb_buf ref = GB_BUF_INIT, remote = GB_BUF_INIT;
	git_reference *r = NULL;
	git_oid mb;
	int used = 0, error;

	if (!branch || gb_baseline_upstream(&ref, &remote, repo, branch) != 1 ||
	    git_reference_lookup(&r, repo, ref.ptr) < 0 ||
	    git_reference_name_to_id(&up->tip, repo, ref.ptr) < 0) {
		gb_buf_puts(&up->why, "no upstream");
		goto done;
	}
	up->found = true;
	gb_buf_puts(&up->name, git_reference_shorthand(r));
	/* A clone of one branch alone (-b X --single-branch, or --depth)
	 * has not the branch it forked from, and may point the remote's
	 * HEAD at its own. */
	gb_buf_puts(&up->remote, remote.ptr);
	up->single = strcmp(remote.ptr, ".") &&
		     single_branch(repo, remote.ptr) &&
		     !gb_baseline_default_name(ref.ptr);
	/* A feature branch pushed with -u has itself as upstream: compared
	 * with it, every commit would be its own baseline. */
	if (strcmp(remote.ptr, ".") &&
	    (up->single || !remote_default(repo, remote.ptr, ref.ptr)) &&
	    gb_baseline_merge_base(&mb, repo, &c->head_commit, "HEAD", &up->tip,
		    up->name.ptr) == 0 &&
	    git_oid_equal(&mb, &c->head_commit)) {
		gb_buf_puts(&up->why, "upstream holds it");
		goto done;
	}
	used = (error = base_merge(c, &up->tip, up->name.ptr, NULL)) < 0
		? error : 1;
done:
	git_error_clear();
	if (!used)
		gb_error_clear();
	git_reference_free(r);
	gb_buf_dispose(&ref);
	gb_buf_dispose(&remote);
	return used;
}

/*
 * The remote's default branch, or the one the branch forked from; 1 when
 * the remote has none here. In a shallow clone, none but the branch's own
 * (`up`, holding it) is an error: its base may be past the edge or not
 * fetched, and a regression must not pass as its own baseline.
 */
static int base_remote(gb_check *c, const char *branch, const upstream *up)
{
	git_repository *repo = gb_store_repository(c->store);
	const char *preferred = gb_config_get(gb_store_config(c->store),
		"bench.remote", NULL);
	gb_buf remote = GB_BUF_INIT, name = GB_BUF_INIT;
	git_oid tip;
	int error = 1;

	if (gb_baseline_remote_of(&remote, repo, branch, preferred) == 1) {
		if (gb_baseline_remote_branch(&tip, &name, repo, &c->head_commit,
			    remote.ptr, branch) == 0)
			error = base_merge(c, &tip, name.ptr, up->why.ptr);
		else if (gb_repo_is_shallow(repo) && !(up->found &&
				 gb_baseline_default_name(up->name.ptr))) {
			gb_error_clear();
			error = gb_error_set(GB_ENOTFOUND, "no baseline: no branch "
				"of %s that HEAD forked from here; " GB_SHALLOW_HINT,
				remote.ptr);
		}
	}
	/* A merge-base past a shallow clone's edge, or no results there:
	 * base_merge said it. */
	if (error == 1)
		gb_error_clear();
	gb_buf_dispose(&remote);
	gb_buf_dispose(&name);
	return error;
}

/*
 * A merge commit checked out on no branch is what CI measures for a pull
 * request (GitHub's refs/pull/N/merge, GitLab's merged results): the
 * pull request merged into its target, the target its first parent. 1
 * when that parent is the baseline, 0 when HEAD is no merge.
 */
static int base_merge_parent(gb_check *c)
{
	git_repository *repo = gb_store_repository(c->store);
	git_commit *head = NULL;
	git_oid parent;
	int used = 0, error;

	if (git_commit_lookup(&head, repo, &c->head_commit) == 0 &&
	    git_commit_parentcount(head) >= 2) {
		git_oid_cpy(&parent, git_commit_parent_id(head, 0));
		used = 1;
	}
	git_commit_free(head);
	git_error_clear();
	if (!used)
		return 0;
	error = gb_check_base(c, &parent, "first parent of the merge HEAD, "
		"the branch it merges into", false);
	return error < 0 ? error : 1;
}

static int base_default(gb_check *c)
{
	const char *configured = gb_config_get(gb_store_config(c->store),
		"bench.baseline", NULL);
	upstream up = { false, { { 0 } }, GB_BUF_INIT, GB_BUF_INIT, false,
		GB_BUF_INIT };
	gb_buf branch = GB_BUF_INIT;
	bool on_branch;
	int error;

	if (configured && *configured)
		return base_configured(c, configured);
	on_branch = side_branch(&branch, c);
	if (!on_branch && (error = base_merge_parent(c)) != 0) {
		gb_buf_dispose(&branch);
		return error < 0 ? error : 0;
	}
	if ((error = base_upstream(c, on_branch ? branch.ptr : NULL, &up)) == 0 &&
	    (error = base_remote(c, on_branch ? branch.ptr : NULL, &up)) == 1) {
		/* Nothing else to go by: the upstream, even holding it all;
		 * but a clone of the branch alone has not what it forked from,
		 * and a regression must not pass as its own baseline. */
		if (up.found && up.single && up.why.size)
			error = gb_error_set(GB_ENOTFOUND, "no baseline: this "
				"clone fetches %s alone, which holds HEAD; fetch "
				"the branch to compare with (git remote set-branches "
				"--add %s main && git fetch %s) or name it "
				"(--baseline, bench.baseline)", up.name.ptr,
				up.remote.ptr, up.remote.ptr);
		else
			error = up.found ? base_merge(c, &up.tip, up.name.ptr, NULL)
			: gb_error_set(GB_ENOTFOUND, "no baseline: HEAD has no "
				"upstream and bench.baseline is not set; name a "
				"revision (e.g. 'main') or set bench.baseline");
	}
	gb_buf_dispose(&branch);
	gb_buf_dispose(&up.name);
	gb_buf_dispose(&up.why);
	gb_buf_dispose(&up.remote);
	return error < 0 ? error : 0;
}

int gb_check_base_runs(gb_check *c, const git_oid *commit, gb_runlist *runs,
	const char *how)
{
	size_t i;

	if (!c->have_base) {
		gb_baseline_dispose(&c->base);
		git_oid_cpy(&c->base.requested, commit);
		git_oid_cpy(&c->base.commit, commit);
		c->have_base = true;
		c->base_named = true;
		if (gb_run_set_string(&c->base_how, how) < 0)
			return GB_ERROR;
	}
	for (i = 0; i < runs->count; i++) {
		if (gb_runlist_add(&c->base.runs, runs->runs[i]) < 0)
			return GB_ERROR;
		runs->runs[i] = NULL;
	}
	runs->count = 0;
	return 0;
}

int gb_check_base_rev(gb_check *c, const char *rev)
{
	git_oid start;
	int error;

	if (!rev)
		return base_default(c);
	if ((error = gb_revision_resolve(&start, c->store, rev)) < 0)
		return error;
	return gb_check_base(c, &start, rev, true);
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

/* A --measure of no result is a typo, as a --bench matching nothing. */
static int match_measure(const gb_check *c)
{
	gb_names measures = { 0 };
	int error;

	if (!c->opts.measure)
		return 0;
	if ((error = gb_names_add_measures(&measures, &c->head)) == 0 &&
	    (error = gb_names_add_measures(&measures, &c->base.runs)) == 0)
		error = gb_names_match_measure(&measures, c->opts.measure);
	gb_names_dispose(&measures);
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
	gb_names_dispose(&c->names);
	/* A pattern that matches nothing is a typo, not a clean result. */
	if ((error = gb_names_add_runs(&c->names, &c->head)) < 0 ||
	    (error = gb_names_add_runs(&c->names, &c->base.runs)) < 0 ||
	    (error = gb_names_match(&c->names, c->opts.pattern)) < 0 ||
	    (error = match_measure(c)) < 0)
		return error;
	so.machine = c->machine;
	so.pattern = c->opts.pattern;
	so.measure = c->opts.measure;
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
	/* The baseline's own first parents: the level its run is set against. */
	in.history = &c->history;
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
	    (error = gb_revision_resolve(&head, store, rev)) < 0 ||
	    (error = gb_check_head_commit(c, &head, rev)) < 0 ||
	    (error = gb_check_machine(c)) < 0 ||
	    (error = gb_check_base_rev(c, base_rev)) < 0)
		return error;
	return gb_check_compare(c);
}
