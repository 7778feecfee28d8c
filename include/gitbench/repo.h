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
 * GB_ENOTFOUND with "unknown revision 'x'" when it does not exist.
 */
GB_EXTERN(int) gb_repo_resolve_commit(git_oid *out, git_repository *repo,
	const char *rev);

/* Whether tracked files differ from HEAD (index or work tree). */
GB_EXTERN(int) gb_repo_is_dirty(bool *dirty, git_repository *repo);

/* The shortest unambiguous abbreviation of `id` (at least 7), into out[41]. */
GB_EXTERN(int) gb_repo_short_id(char *out, git_repository *repo,
	const git_oid *id);

/* The same, appended to `out`. */
GB_EXTERN(int) gb_repo_short_id_buf(gb_buf *out, git_repository *repo,
	const git_oid *id);
/* The first line of the commit's message into `out` (empty if none). */
GB_EXTERN(int) gb_repo_commit_subject(gb_buf *out, git_repository *repo,
	const git_oid *id);

/* The error of the last libgit2 call, for messages; never NULL. */
GB_EXTERN(const char *) gb_repo_git_error(void);

#ifdef __cplusplus
}
#endif
#endif
