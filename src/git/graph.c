#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/graph.h"
#include "git/proc.h"
#include "gitbench/repo.h"

/* One commit id and its newline: more is not merge-base's answer. */
#define OUTPUT_MAX 4096

/*
 * git <args...> in `repo` (at most 5 arguments): its status, its output
 * (at most `max` bytes).
 */
static int run_git(int *status, gb_buf *res, git_repository *repo,
	const char *const *args, size_t nargs, size_t max)
{
	const char *top = git_repository_workdir(repo);
	const char *gitdir = git_repository_path(repo);
	gb_proc_options opts = { false, max, NULL, 0, NULL, NULL };
	gb_buf dir = GB_BUF_INIT, err = GB_BUF_INIT, line = GB_BUF_INIT;
	const char *argv[4 + 5 + 1] = { "git", "-C", top ? top : gitdir, NULL };
	size_t i;
	int error;

	for (i = 0; i < nargs && i < 5; i++)
		argv[4 + i] = args[i];
	/* --git-dir: a GIT_DIR in our environment (hooks) cannot move it. */
	if ((error = gb_buf_printf(&dir, "--git-dir=%s", gitdir)) < 0)
		goto cleanup;
	argv[3] = dir.ptr;
	if ((error = gb_proc_run(status, res, &err, argv, &opts)) < 0)
		goto cleanup;
	/* 1 and silence is "no" (no common ancestor, not an ancestor). */
	if (*status > 1 || (*status == 1 && err.size)) {
		gb_proc_error_line(&line, &err);
		error = gb_error_set(GB_ERROR, "git %s: %s", args[0],
			line.size ? line.ptr : "failed");
	}
cleanup:
	gb_buf_dispose(&dir);
	gb_buf_dispose(&err);
	gb_buf_dispose(&line);
	return error;
}

/* git merge-base [--is-ancestor] a b in `repo`: its status, its output. */
static int merge_base(int *status, gb_buf *res, git_repository *repo,
	const char *option, const git_oid *a, const git_oid *b)
{
	char ha[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1];
	const char *args[] = { "merge-base", ha, hb, NULL };

	git_oid_tostr(ha, sizeof(ha), a);
	git_oid_tostr(hb, sizeof(hb), b);
	if (option) {
		args[1] = option;
		args[2] = ha;
		args[3] = hb;
	}
	return run_git(status, res, repo, args, option ? 4 : 3, OUTPUT_MAX);
}

int gb_graph_merge_base(git_oid *out, git_repository *repo,
	const git_oid *a, const git_oid *b)
{
	gb_buf res = GB_BUF_INIT;
	int status, error;

	if (!gb_repo_is_shallow(repo)) {
		if ((error = git_merge_base(out, repo, a, b)) == GIT_ENOTFOUND)
			return gb_error_set(GB_ENOTFOUND, "no common ancestor");
		return error < 0 ? gb_error_git(error, "cannot read the history")
				 : 0;
	}
	if ((error = merge_base(&status, &res, repo, NULL, a, b)) < 0)
		goto cleanup;
	if (status == 0 && res.size >= GIT_OID_HEXSZ &&
	    git_oid_fromstrn(out, res.ptr, GIT_OID_HEXSZ) == 0)
		error = 0;
	else
		error = gb_error_set(GB_ENOTFOUND, "no common ancestor");
cleanup:
	gb_buf_dispose(&res);
	return error;
}

int gb_graph_descendant_of(git_repository *repo, const git_oid *commit,
	const git_oid *ancestor)
{
	gb_buf res = GB_BUF_INIT;
	int status, error;

	if (!gb_repo_is_shallow(repo)) {
		error = git_graph_descendant_of(repo, commit, ancestor);
		return error < 0 ? gb_error_git(error, "cannot read the history")
				 : error;
	}
	if (git_oid_equal(commit, ancestor))
		return 0;
	error = merge_base(&status, &res, repo, "--is-ancestor", ancestor,
		commit);
	gb_buf_dispose(&res);
	return error < 0 ? error : status == 0;
}

/* The range by libgit2's walk: a full clone. */
static int range_walk(gb_oid_list *out, git_repository *repo,
	const git_oid *head, const git_oid *base, size_t max)
{
	git_revwalk *walk = NULL;
	git_oid id;
	int error;

	if ((error = git_revwalk_new(&walk, repo)) < 0 ||
	    (error = git_revwalk_push(walk, head)) < 0 ||
	    (base && (error = git_revwalk_hide(walk, base)) < 0)) {
		error = gb_error_git(error, "cannot walk the history");
		goto cleanup;
	}
	while (out->n < max && git_revwalk_next(&id, walk) == 0) {
		if ((error = GB_ARRAY_GROW(out->v, out->n, out->alloc)) < 0)
			break;
		git_oid_cpy(&out->v[out->n++], &id);
	}
	git_error_clear();
cleanup:
	git_revwalk_free(walk);
	return error;
}

int gb_graph_range(gb_oid_list *out, git_repository *repo,
	const git_oid *head, const git_oid *base, size_t max)
{
	char hh[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 2], count[32];
	const char *args[] = { "rev-list", count, hh, hb };
	gb_buf res = GB_BUF_INIT;
	const char *p;
	int status, error;

	if (!gb_repo_is_shallow(repo))
		return range_walk(out, repo, head, base, max);
	snprintf(count, sizeof(count), "--max-count=%zu", max);
	git_oid_tostr(hh, sizeof(hh), head);
	hb[0] = '^';
	if (base)
		git_oid_tostr(hb + 1, sizeof(hb) - 1, base);
	if ((error = run_git(&status, &res, repo, args, base ? 4 : 3,
		     (max + 1) * (GIT_OID_HEXSZ + 1))) < 0)
		goto cleanup;
	if (status != 0) {
		error = gb_error_set(GB_ERROR, "git rev-list: failed");
		goto cleanup;
	}
	for (p = res.ptr; p && res.size - (size_t)(p - res.ptr) > GIT_OID_HEXSZ;
	     p += GIT_OID_HEXSZ + 1) {
		if ((error = GB_ARRAY_GROW(out->v, out->n, out->alloc)) < 0)
			break;
		if (git_oid_fromstrn(&out->v[out->n], p, GIT_OID_HEXSZ) < 0) {
			error = gb_error_set(GB_ERROR, "git rev-list: not a commit id");
			break;
		}
		out->n++;
	}
cleanup:
	gb_buf_dispose(&res);
	return error;
}

void gb_oid_list_dispose(gb_oid_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
