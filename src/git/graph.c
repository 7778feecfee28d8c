#include <string.h>

#include "git/graph.h"
#include "git/proc.h"
#include "gitbench/repo.h"

/* One commit id and its newline: more is not merge-base's answer. */
#define OUTPUT_MAX 4096

/* git merge-base [--is-ancestor] a b in `repo`: its status, its output. */
static int merge_base(int *status, gb_buf *res, git_repository *repo,
	const char *option, const git_oid *a, const git_oid *b)
{
	const char *top = git_repository_workdir(repo);
	const char *gitdir = git_repository_path(repo);
	gb_proc_options opts = { false, OUTPUT_MAX, NULL, 0, NULL, NULL };
	gb_buf dir = GB_BUF_INIT, err = GB_BUF_INIT, line = GB_BUF_INIT;
	char ha[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1];
	const char *argv[] = { "git", "-C", top ? top : gitdir, NULL,
		"merge-base", ha, hb, NULL, NULL };
	int error;

	git_oid_tostr(ha, sizeof(ha), a);
	git_oid_tostr(hb, sizeof(hb), b);
	if (option) {
		argv[5] = option;
		argv[6] = ha;
		argv[7] = hb;
	}
	/* --git-dir: a GIT_DIR in our environment (hooks) cannot move it. */
	if ((error = gb_buf_printf(&dir, "--git-dir=%s", gitdir)) < 0)
		goto cleanup;
	argv[3] = dir.ptr;
	if ((error = gb_proc_run(status, res, &err, argv, &opts)) < 0)
		goto cleanup;
	/* 1 and silence is "no" (no common ancestor, not an ancestor). */
	if (*status > 1 || (*status == 1 && err.size)) {
		gb_proc_error_line(&line, &err);
		error = gb_error_set(GB_ERROR, "git merge-base: %s",
			line.size ? line.ptr : "failed");
	}
cleanup:
	gb_buf_dispose(&dir);
	gb_buf_dispose(&err);
	gb_buf_dispose(&line);
	return error;
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
