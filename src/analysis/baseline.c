/*
 * Resolving baselines: a revision, or the merge-base with an upstream,
 * or with the remote's branch a new branch came from.
 */
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/baseline.h"
#include "gitbench/names.h"
#include "gitbench/repo.h"
#include "gitbench/series.h"
#include "analysis/baseline_int.h"
#include "git/graph.h"

void gb_baseline_dispose(gb_baseline *b)
{
	if (b)
		gb_runlist_dispose(&b->runs);
}

/* Machines named in a message, at most. */
#define MAX_OTHER_MACHINES 3

typedef struct {
	gb_baseline *out;
	gb_store *store;
	const char *machine;
	const char *how;     /* why `start` is the baseline (NULL: not said) */
	gb_names others;     /* machines of the runs passed */
} find_job;

/* Results of a measured commit on the machine: stop the walk when some. */
static int results_at(const gb_measured_commit *mc, void *payload)
{
	find_job *j = payload;
	int error = gb_store_read(&j->out->runs, j->store, mc->commit, NULL);

	if (error == GB_EDAMAGED) {
		/* Passed over, and the caller can say so. */
		j->out->skipped++;
		gb_error_clear();
		return 0;
	}
	if (error < 0)
		return error;
	if (j->machine && (error = gb_names_add_machines(&j->others,
				   &j->out->runs, j->machine)) < 0)
		return error;
	gb_runlist_keep_machine(&j->out->runs, j->machine);
	if (!j->out->runs.count)
		return 0;
	git_oid_cpy(&j->out->commit, mc->commit);
	j->out->distance = mc->distance;
	return 1;
}

/*
 * Nothing found: which machines have results there instead, or that
 * the clone is too shallow to look further.
 */
static int not_found(const find_job *j, const git_oid *start)
{
	gb_buf why = GB_BUF_INIT;
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), start);
	if (j->others.n) {
		gb_buf_puts(&why, "; results there are of ");
		gb_names_list(&why, &j->others, MAX_OTHER_MACHINES);
		gb_buf_puts(&why, " (--machine or --any-machine)");
	} else if (gb_repo_is_shallow(gb_store_repository(j->store))) {
		gb_buf_puts(&why, " here; " GB_SHALLOW_HINT);
		j->out->past_edge = true;
	}
	gb_error_set(GB_ENOTFOUND,
		"no results for %s%s%s%s%s or its first-parent ancestors%s%s%s",
		j->how ? "the baseline " : "", hex, j->how ? " (" : "",
		j->how ? j->how : "", j->how ? ")" : "",
		j->machine ? " on machine " : "", j->machine ? j->machine : "",
		why.ptr ? why.ptr : "");
	gb_buf_dispose(&why);
	return GB_ENOTFOUND;
}

int gb_baseline_find(gb_baseline *out, gb_store *s, const git_oid *start,
	const char *machine, size_t max_distance)
{
	return gb_baseline_find_as(out, s, start, NULL, machine, max_distance);
}

int gb_baseline_find_as(gb_baseline *out, gb_store *s, const git_oid *start,
	const char *how, const char *machine, size_t max_distance)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	find_job j = { out, s, machine, how, { NULL, 0, 0, NULL } };
	git_commit *c = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	git_oid_cpy(&out->requested, start);
	if ((error = git_commit_lookup(&c, gb_store_repository(s), start)) < 0)
		return gb_error_git(error, "cannot read the baseline commit");
	git_commit_free(c);
	wo.max_distance = max_distance;
	if ((error = gb_store_measured_foreach(s, start, &wo, results_at,
		     &j)) == 1)
		error = 0;
	else if (error == 0)
		error = not_found(&j, start);
	gb_names_dispose(&j.others);
	if (error < 0)
		gb_baseline_dispose(out);
	return error;
}

/* ---- branches and remotes, read from git config as git reads them ------ */

/*
 * Not git_branch_upstream nor git_remote_lookup: looking a remote up
 * applies url.<base>.insteadOf through a config regex whose match data
 * libgit2 1.5 leaks with PCRE2. The fetch refspecs map a branch as well.
 */

/* The setting `fmt` (with `name` in it) into `out`: 1 when set. */
static int config_string(gb_buf *out, git_config *cfg, const char *fmt,
	const char *name)
{
	gb_buf key = GB_BUF_INIT;
	git_buf v = GIT_BUF_INIT;
	int found;

	gb_buf_printf(&key, fmt, name);
	if ((found = git_config_get_string_buf(&v, cfg, key.ptr) == 0)) {
		gb_buf_clear(out);
		gb_buf_puts(out, v.ptr);
	}
	git_buf_dispose(&v);
	gb_buf_dispose(&key);
	return found;
}

typedef struct {
	const char *merge;
	gb_buf *out;
	bool found;
} fetch_map;

/* One remote.<name>.fetch refspec, mapping the branch fetched. */
static int map_fetched(const git_config_entry *e, void *payload)
{
	fetch_map *m = payload;
	git_refspec *spec = NULL;
	git_buf dst = GIT_BUF_INIT;

	if (m->found || git_refspec_parse(&spec, e->value, true) < 0)
		return 0;
	if (git_refspec_src_matches(spec, m->merge) &&
	    git_refspec_transform(&dst, spec, m->merge) == 0) {
		gb_buf_clear(m->out);
		gb_buf_puts(m->out, dst.ptr);
		m->found = true;
	}
	git_buf_dispose(&dst);
	git_refspec_free(spec);
	return 0;
}

int gb_baseline_upstream(gb_buf *ref, gb_buf *remote, git_repository *repo,
	const char *branch)
{
	git_config *cfg = NULL;
	gb_buf merge = GB_BUF_INIT, key = GB_BUF_INIT;
	fetch_map m = { NULL, ref, false };

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return gb_error_git(-1, "cannot read git config");
	if (config_string(remote, cfg, "branch.%s.remote", branch) &&
	    config_string(&merge, cfg, "branch.%s.merge", branch)) {
		m.merge = merge.ptr;
		if (!strcmp(remote->ptr, ".")) {
			/* A local branch upstream: the ref itself. */
			gb_buf_clear(ref);
			m.found = gb_buf_puts(ref, merge.ptr) == 0;
		} else {
			gb_buf_printf(&key, "remote.%s.fetch", remote->ptr);
			git_config_get_multivar_foreach(cfg, key.ptr, NULL,
				map_fetched, &m);
		}
	}
	git_error_clear();
	gb_buf_dispose(&merge);
	gb_buf_dispose(&key);
	git_config_free(cfg);
	return m.found;
}

/* The branch HEAD is on ("main"), into `out`: 1, or 0 when detached. */
static int head_branch(gb_buf *out, git_repository *repo)
{
	git_reference *head = NULL;
	int found = 0;

	if (git_repository_head(&head, repo) == 0 &&
	    git_reference_is_branch(head)) {
		gb_buf_puts(out, git_reference_shorthand(head));
		found = 1;
	}
	git_reference_free(head);
	return found;
}

/* The upstream of the branch HEAD is on, as a commit id and a name. */
static int head_upstream(git_oid *out, gb_buf *name, git_repository *repo)
{
	gb_buf branch = GB_BUF_INIT, ref = GB_BUF_INIT, remote = GB_BUF_INIT;
	git_reference *up = NULL;
	int found = 0;

	if (head_branch(&branch, repo) &&
	    gb_baseline_upstream(&ref, &remote, repo, branch.ptr) == 1 &&
	    git_reference_lookup(&up, repo, ref.ptr) == 0 &&
	    git_reference_name_to_id(out, repo, ref.ptr) == 0) {
		gb_buf_puts(name, git_reference_shorthand(up));
		found = 1;
	}
	git_error_clear();
	git_reference_free(up);
	gb_buf_dispose(&branch);
	gb_buf_dispose(&ref);
	gb_buf_dispose(&remote);
	return found;
}

int gb_baseline_merge_base(git_oid *out, git_repository *repo,
	const git_oid *a, const char *a_name, const git_oid *b,
	const char *b_name)
{
	int error = gb_graph_merge_base(out, repo, a, b);

	if (error == 0)
		return 0;
	if (!gb_repo_is_shallow(repo))
		return gb_error_set(GB_ENOTFOUND,
			"no baseline: %s and %s have no common ancestor", a_name,
			b_name);
	return gb_error_set(GB_ENOTFOUND,
		"no baseline: no common ancestor of %s and %s here; "
		GB_SHALLOW_HINT, a_name, b_name);
}

int gb_baseline_default(git_oid *out, gb_buf *how, git_repository *repo,
	const git_oid *head, const char *configured)
{
	gb_buf name = GB_BUF_INIT;
	git_oid other;
	int error = 0;

	/* A setting someone wrote beats an upstream that happens to be there:
	 * on a pushed feature branch the upstream is the branch itself. */
	if (configured && *configured) {
		if (gb_repo_resolve_commit(&other, repo, configured) < 0) {
			error = gb_error_set(GB_ENOTFOUND, "bench.baseline: %s",
				gb_error_last()->message);
			goto cleanup;
		}
		gb_buf_puts(&name, configured);
	} else if (!head_upstream(&other, &name, repo)) {
		error = gb_error_set(GB_ENOTFOUND,
			"no baseline: HEAD has no upstream and bench.baseline is not "
			"set; name a revision (e.g. 'main') or set bench.baseline");
		goto cleanup;
	}
	if ((error = gb_baseline_merge_base(out, repo, head, "HEAD", &other,
		     name.ptr)) < 0)
		goto cleanup;
	gb_buf_printf(how, "merge-base of HEAD and %s", name.ptr);
cleanup:
	gb_buf_dispose(&name);
	return error;
}

/* ---- the branch a branch new on a remote is compared with --------------- */

/* Remote-tracking branches weighed as where a branch forked from, at most. */
#define MAX_FORK_CANDIDATES 200

/* What refs/remotes/<remote>/HEAD points to, as a clone sets it. */
static int remote_head(gb_buf *ref, git_repository *repo, const char *remote)
{
	gb_buf name = GB_BUF_INIT;
	git_reference *r = NULL;
	int found = 0;

	gb_buf_printf(&name, "refs/remotes/%s/HEAD", remote);
	if (git_reference_lookup(&r, repo, name.ptr) == 0 &&
	    git_reference_type(r) == GIT_REFERENCE_SYMBOLIC) {
		gb_buf_puts(ref, git_reference_symbolic_target(r));
		found = 1;
	}
	git_reference_free(r);
	gb_buf_dispose(&name);
	return found;
}

typedef struct {
	gb_buf ref;
	size_t ahead, behind;
	int preferred;
	bool found;
} fork_point;

/* The default branch's usual names win a tie. */
static int preference(const char *ref)
{
	const char *last = strrchr(ref, '/');

	last = last ? last + 1 : ref;
	return !strcmp(last, "main") || !strcmp(last, "master");
}

bool gb_baseline_default_name(const char *ref)
{
	return preference(ref);
}

static void weigh_fork(fork_point *best, git_repository *repo,
	const git_oid *commit, const char *ref)
{
	size_t ahead, behind;
	git_oid tip;
	int pref = preference(ref);

	if (git_reference_name_to_id(&tip, repo, ref) < 0 ||
	    git_graph_ahead_behind(&ahead, &behind, repo, commit, &tip) < 0)
		return;
	/* A branch that holds the commit and is not the default one is the
	 * commit's own (its tracking ref, or one built on it): compared with
	 * it, the commit would be its own baseline. */
	if (!ahead && !pref)
		return;
	/* Fewest commits of its own since the fork, then a default name,
	 * then the branch that moved least since. */
	if (best->found && (ahead > best->ahead ||
		    (ahead == best->ahead && (pref < best->preferred ||
			    (pref == best->preferred && behind >= best->behind)))))
		return;
	gb_buf_clear(&best->ref);
	gb_buf_puts(&best->ref, ref);
	best->ahead = ahead;
	best->behind = behind;
	best->preferred = pref;
	best->found = true;
}

/* The remote-tracking branch of `remote` that `commit` forked from. */
static int forked_from(gb_buf *ref, git_repository *repo,
	const git_oid *commit, const char *remote, const char *own)
{
	fork_point best = { GB_BUF_INIT, 0, 0, 0, false };
	git_reference_iterator *it = NULL;
	git_reference *r = NULL;
	gb_buf glob = GB_BUF_INIT;
	size_t seen = 0;

	gb_buf_printf(&glob, "refs/remotes/%s/*", remote);
	if (git_reference_iterator_glob_new(&it, repo, glob.ptr) == 0)
		while (seen < MAX_FORK_CANDIDATES && git_reference_next(&r, it) == 0) {
			if (git_reference_type(r) == GIT_REFERENCE_DIRECT &&
			    (!own || strcmp(git_reference_name(r), own))) {
				weigh_fork(&best, repo, commit, git_reference_name(r));
				seen++;
			}
			git_reference_free(r);
		}
	git_reference_iterator_free(it);
	git_error_clear();
	/* `ref` may hold the remote's HEAD, passed over: replaced. */
	if (best.found) {
		gb_buf_clear(ref);
		gb_buf_puts(ref, best.ref.ptr);
	}
	gb_buf_dispose(&best.ref);
	gb_buf_dispose(&glob);
	return best.found;
}

int gb_baseline_remote_branch(git_oid *tip, gb_buf *name,
	git_repository *repo, const git_oid *commit, const char *remote,
	const char *own)
{
	gb_buf ref = GB_BUF_INIT, own_ref = GB_BUF_INIT;
	git_reference *r = NULL;
	int error = 0;

	if (own)
		gb_buf_printf(&own_ref, "refs/remotes/%s/%s", remote, own);
	if (!((remote_head(&ref, repo, remote) &&
		      (!own || strcmp(ref.ptr, own_ref.ptr))) ||
		    forked_from(&ref, repo, commit, remote,
			    own ? own_ref.ptr : NULL)) ||
	    git_reference_lookup(&r, repo, ref.ptr) < 0 ||
	    git_reference_name_to_id(tip, repo, ref.ptr) < 0) {
		git_error_clear();
		error = gb_error_set(GB_ENOTFOUND,
			"no remote-tracking branch of '%s' to compare with",
			remote);
		goto cleanup;
	}
	gb_buf_puts(name, git_reference_shorthand(r));
cleanup:
	git_reference_free(r);
	gb_buf_dispose(&ref);
	gb_buf_dispose(&own_ref);
	return error;
}

/* Whether `remote` is configured: a remote.<name>.url or .fetch set. */
static bool remote_configured(git_config *cfg, const char *remote)
{
	gb_buf v = GB_BUF_INIT;
	bool yes = config_string(&v, cfg, "remote.%s.url", remote) ||
		config_string(&v, cfg, "remote.%s.fetch", remote);

	gb_buf_dispose(&v);
	return yes;
}

/* The only remote configured, into `out`: 1, else 0 (none or several). */
static int only_remote(gb_buf *out, git_config *cfg)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	gb_buf name = GB_BUF_INIT;
	int n = 0;

	/* Not a glob iterator: its regex leaks as git_remote_lookup's does. */
	if (git_config_iterator_new(&it, cfg) < 0)
		return 0;
	while (n < 2 && git_config_next(&e, it) == 0) {
		const char *last = strrchr(e->name, '.');
		size_t len;

		if (strncmp(e->name, "remote.", 7) || !last || strcmp(last, ".url"))
			continue;
		len = (size_t)(last - e->name - 7);
		if (name.size == len && !strncmp(name.ptr, e->name + 7, len))
			continue;
		gb_buf_clear(&name);
		gb_buf_put(&name, e->name + 7, len);
		n++;
	}
	git_config_iterator_free(it);
	if (n == 1)
		gb_buf_puts(out, name.ptr);
	gb_buf_dispose(&name);
	return n == 1;
}

int gb_baseline_remote_of(gb_buf *out, git_repository *repo,
	const char *branch, const char *preferred)
{
	git_config *cfg = NULL;
	int found = 0;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return gb_error_git(-1, "cannot read git config");
	if (branch && config_string(out, cfg, "branch.%s.remote", branch) &&
	    strcmp(out->ptr, "."))
		found = 1;
	else if (preferred && remote_configured(cfg, preferred)) {
		gb_buf_clear(out);
		found = gb_buf_puts(out, preferred) == 0;
	} else {
		gb_buf_clear(out);
		found = only_remote(out, cfg);
	}
	git_error_clear();
	git_config_free(cfg);
	return found;
}
