/* Moving a ref safely when other processes may be moving it too. */
#ifndef GB_SRC_REFS_H
#define GB_SRC_REFS_H

#include <git2.h>
#include "common.h"

/*
 * Build the new tip from the current one (`old` NULL when the ref does not
 * exist yet). Set *changed to 0 to leave the ref alone.
 */
typedef int (*gb_ref_build_fn)(git_oid *new_tip, int *changed,
	git_commit *old, void *payload);

/*
 * Read the ref, build, and move the ref only if it still points where it
 * did; on a lost race read again and rebuild, with growing random waits,
 * a bounded number of times (then GB_ECONFLICT). A lock file left by a
 * writer of ours killed in its move is taken over at once (with a notice),
 * any other once stale. `tip` (may be NULL) gets where
 * the ref points afterwards.
 */
/*
 * Point `refname` at `to` (NULL: remove it) as the writer of record, like
 * every move of gb_ref_cas_update: a lock that a killed writer of ours
 * left on it is taken over rather than failing every later command.
 * Returns libgit2's code.
 */
int gb_ref_set(git_repository *repo, const char *refname, const git_oid *to,
	const char *why);

int gb_ref_cas_update(git_repository *repo, const char *refname,
	gb_ref_build_fn build, void *payload, const char *reflog_message,
	git_oid *tip);

/* The commit a ref points to, or *out NULL when the ref does not exist. */
int gb_ref_peel_commit(git_commit **out, git_repository *repo,
	const char *refname);

/* The identity for commits this library writes. */
int gb_signature(git_signature **out, git_repository *repo);

/* A commit with `tree` and parents, no ref moved. */
int gb_commit_write(git_oid *out, git_repository *repo, const git_oid *tree,
	const char *message, git_commit *const *parents, size_t nparents);

/* The empty tree, written to the repository. */
int gb_tree_empty(git_tree **out, git_repository *repo);

/* The tree a write to `ref` starts from: its tip's, or the empty tree. */
int gb_tree_of_tip(git_tree **out, git_repository *repo, git_commit *tip,
	const char *ref);

#endif
