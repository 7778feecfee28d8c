/* Small conveniences over libgit2 that every command needs. */
#ifndef GITBENCH_REPO_H
#define GITBENCH_REPO_H

#include <stdbool.h>
#include <git2/repository.h>
#include <git2/oid.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Open the repository containing `path` (NULL: the current directory). */
GB_EXTERN(int) gb_repo_open(git_repository **out, const char *path);

/*
 * Resolve a revision (tag, branch, HEAD~3, id, ...) to a commit id.
 * GB_ENOTFOUND with "unknown revision 'x'" when it does not exist, or
 * as git says it when the revision starts at HEAD and HEAD's branch has
 * no commit yet.
 */
GB_EXTERN(int) gb_repo_resolve_commit(git_oid *out, git_repository *repo,
	const char *rev);

/*
 * GB_ENOTFOUND saying "unknown revision 'rev'", or "your current branch
 * 'main' does not have any commits yet" when `rev` starts at an unborn
 * HEAD (an empty repository), as git says it.
 */
GB_EXTERN(int) gb_repo_unknown_revision(git_repository *repo,
	const char *rev, const char *hint);

/*
 * What to do when history a command needs is cut off by a shallow clone,
 * said wherever that happens.
 */
#define GB_SHALLOW_HINT "this clone is shallow: git fetch --unshallow " \
	"(or fetch-depth: 0 in actions/checkout)"

/*
 * Whether the repository is a shallow clone (`git clone --depth`, the
 * default of actions/checkout): commits past its edge are not there.
 */
GB_EXTERN(bool) gb_repo_is_shallow(git_repository *repo);

/* Whether tracked files differ from HEAD (index or work tree). */
GB_EXTERN(int) gb_repo_is_dirty(bool *dirty, git_repository *repo);

/* The shortest unambiguous abbreviation of `id` (at least 7), into out[41]. */
GB_EXTERN(int) gb_repo_short_id(char *out, git_repository *repo,
	const git_oid *id);

/* The same, appended to `out`. */
GB_EXTERN(int) gb_repo_short_id_buf(gb_buf *out, git_repository *repo,
	const git_oid *id);
/*
 * Whether commits `a` and `b` are one change: the same author, author
 * time and patch-id (git patch-id), as a commit and what `git commit
 * --amend` or `git rebase` made of it are. 1 or 0; < 0 when one of them
 * (or a first parent) is not in the repository.
 */
GB_EXTERN(int) gb_repo_same_change(git_repository *repo, const git_oid *a,
	const git_oid *b);

/* The first line of the commit's message into `out` (empty if none). */
GB_EXTERN(int) gb_repo_commit_subject(gb_buf *out, git_repository *repo,
	const git_oid *id);

/* The error of the last libgit2 call, for messages; never NULL. */
GB_EXTERN(const char *) gb_repo_git_error(void);

#ifdef __cplusplus
}
#endif
#endif
