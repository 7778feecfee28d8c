#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/repo.h"

const char *gb_repo_git_error(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

/*
 * Whether the repository's work tree is `dir` already: libgit2 1.5's
 * git_repository_set_workdir leaks its path when given the same one.
 */
static bool same_dir(git_repository *repo, const char *dir)
{
	const char *w = git_repository_workdir(repo);
	size_t n = strlen(dir);

	return w && !strncmp(w, dir, n) && (!w[n] || !strcmp(w + n, "/"));
}

int gb_repo_open(git_repository **out, const char *path)
{
	/*
	 * As git does for its subcommands: GIT_DIR, GIT_WORK_TREE and
	 * GIT_CEILING_DIRECTORIES count (hooks run with GIT_DIR set). libgit2
	 * refuses GIT_WORK_TREE ("unimplemented"), which `git --work-tree`
	 * sets: the repository is opened without it, then given that work
	 * tree, and the variable is put back for the processes run later.
	 */
	const char *env = path ? NULL : getenv("GIT_WORK_TREE");
	char *work_tree = env && *env ? realpath(env, NULL) : NULL;
	char *saved;
	int error;

	if (env && *env && !work_tree)
		return gb_error_set(GB_EINVALID, "GIT_WORK_TREE: cannot use "
			"'%s': %s", env, strerror(errno));
	saved = env ? strdup(env) : NULL;
	if (saved)
		unsetenv("GIT_WORK_TREE");
	error = git_repository_open_ext(out, path,
		path ? 0 : GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (saved)
		setenv("GIT_WORK_TREE", saved, 1);
	free(saved);
	if (error == 0 && work_tree && !same_dir(*out, work_tree) &&
	    (error = git_repository_set_workdir(*out, work_tree, 0)) < 0) {
		git_repository_free(*out);
		*out = NULL;
	}
	free(work_tree);
	if (error == GIT_ENOTFOUND)
		return gb_error_set(GB_ENOTFOUND,
			"not a git repository (or any of the parent directories)");
	if (error < 0)
		return gb_error_git(error, "cannot open the repository");
	return 0;
}

int gb_repo_unknown_revision(git_repository *repo, const char *rev,
	const char *hint)
{
	git_reference *head = NULL;
	const char *target;
	int error;

	if (!strncmp(rev, "HEAD", 4) && strchr("~^@", rev[4]) &&
	    git_repository_head_unborn(repo) == 1 &&
	    git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    (target = git_reference_symbolic_target(head)) != NULL) {
		if (!strncmp(target, "refs/heads/", 11))
			target += 11;
		error = gb_error_set(GB_ENOTFOUND, "your current branch '%s' "
			"does not have any commits yet", target);
		git_reference_free(head);
		return error;
	}
	git_reference_free(head);
	return gb_error_set(GB_ENOTFOUND, "unknown revision '%s'%s%s", rev,
		hint ? "; " : "", hint ? hint : "");
}

int gb_repo_resolve_commit(git_oid *out, git_repository *repo,
	const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int error;

	if (!rev || !*rev || rev[0] == '-')
		return gb_error_set(GB_ENOTFOUND, "unknown revision '%s'",
			rev ? rev : "");
	error = git_revparse_single(&obj, repo, rev);
	if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC ||
	    error == GIT_EAMBIGUOUS)
		return gb_repo_unknown_revision(repo, rev, NULL);
	if (error < 0)
		return gb_error_git(error, "cannot resolve '%s'", rev);
	error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (error < 0)
		return gb_error_set(GB_ENOTFOUND, "'%s' is not a commit", rev);
	git_oid_cpy(out, git_object_id(commit));
	git_object_free(commit);
	return 0;
}

bool gb_repo_is_shallow(git_repository *repo)
{
	return git_repository_is_shallow(repo) == 1;
}

int gb_repo_is_dirty(bool *dirty, git_repository *repo)
{
	git_status_options opts;
	git_status_list *list = NULL;
	int error;

	*dirty = false;
	if (git_repository_is_bare(repo))
		return 0;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((error = git_status_list_new(&list, repo, &opts)) < 0)
		return gb_error_git(error, "cannot read the work tree status");
	*dirty = git_status_list_entrycount(list) > 0;
	git_status_list_free(list);
	return 0;
}

int gb_repo_short_id(char *out, git_repository *repo, const git_oid *id)
{
	git_object *obj = NULL;
	git_buf buf = GIT_BUF_INIT;

	if (git_object_lookup(&obj, repo, id, GIT_OBJECT_ANY) == 0 &&
	    git_object_short_id(&buf, obj) == 0 && buf.size <= GIT_OID_HEXSZ) {
		memcpy(out, buf.ptr, buf.size);
		out[buf.size] = '\0';
	} else {
		git_oid_tostr(out, 8, id);
	}
	git_buf_dispose(&buf);
	git_object_free(obj);
	return 0;
}

int gb_repo_short_id_buf(gb_buf *out, git_repository *repo, const git_oid *id)
{
	char s[GIT_OID_HEXSZ + 1];

	gb_repo_short_id(s, repo, id);
	return gb_buf_puts(out, s);
}

/* git patch-id of a commit: its diff against its first parent. */
static int patch_id(git_oid *out, git_repository *repo, const git_commit *c)
{
	git_commit *parent = NULL;
	git_tree *old = NULL, *new = NULL;
	git_diff *diff = NULL;
	int error;

	if (git_commit_parentcount(c) > 0 &&
	    (error = git_commit_parent(&parent, c, 0)) < 0)
		return error; /* past a shallow clone's edge */
	if ((parent && (error = git_commit_tree(&old, parent)) < 0) ||
	    (error = git_commit_tree(&new, c)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, repo, old, new, NULL)) < 0)
		goto cleanup;
	error = git_diff_patchid(out, diff, NULL);
cleanup:
	git_diff_free(diff);
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(parent);
	return error;
}

static bool same_author(const git_signature *a, const git_signature *b)
{
	return a->when.time == b->when.time && !strcmp(a->name, b->name) &&
		!strcmp(a->email, b->email);
}

int gb_repo_same_change(git_repository *repo, const git_oid *a,
	const git_oid *b)
{
	git_commit *ca = NULL, *cb = NULL;
	git_oid pa, pb;
	int same = GB_ENOTFOUND;

	if (git_commit_lookup(&ca, repo, a) < 0 ||
	    git_commit_lookup(&cb, repo, b) < 0)
		goto cleanup;
	/* The author and the time stay through a rewrite: only commits that
	 * agree on them are diffed. */
	if (!same_author(git_commit_author(ca), git_commit_author(cb)))
		same = 0;
	else if (patch_id(&pa, repo, ca) == 0 && patch_id(&pb, repo, cb) == 0)
		same = git_oid_equal(&pa, &pb);
cleanup:
	git_error_clear();
	git_commit_free(ca);
	git_commit_free(cb);
	return same;
}

int gb_repo_commit_subject(gb_buf *out, git_repository *repo,
	const git_oid *id)
{
	git_commit *c = NULL;
	const char *s;
	int error;

	if ((error = git_commit_lookup(&c, repo, id)) < 0)
		return gb_error_git(error, "cannot read commit");
	s = git_commit_summary(c);
	error = gb_buf_puts(out, s ? s : "");
	git_commit_free(c);
	return error;
}
