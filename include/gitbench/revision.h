/*
 * Revisions as git bench reads them: what git names (a ref, an id,
 * HEAD~2), else the label of recorded runs (`record --label v0.1.0`),
 * so that a label is a revision for every command; and, for a commit
 * without results, why it has none and what to do.
 */
#ifndef GITBENCH_REVISION_H
#define GITBENCH_REVISION_H

#include "store.h"
#include "sync.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The commit `rev` names: as git resolves it (a ref of that name wins),
 * else the commit whose runs carry the label `rev` (a label may be
 * followed by ~n or ^n). GB_ENOTFOUND "unknown revision 'x'" (in a
 * shallow clone, saying so) when neither; GB_EINVALID naming the
 * commits when several carry the label.
 */
GB_EXTERN(int) gb_revision_resolve(git_oid *out, gb_store *store,
	const char *rev);

/*
 * A measured commit whose change is `commit`'s: the same author, time
 * and patch-id (git patch-id), as `git commit --amend` and `git rebase`
 * leave them. 0 and *out, or GB_ENOTFOUND.
 */
GB_EXTERN(int) gb_revision_find_rewritten(git_oid *out, gb_store *store,
	const git_oid *commit);

/*
 * Why `commit` has no results here, as a clause for a message (its patch
 * matches a measured commit; the remote has results that 'git bench
 * pull' fetches), appended to `out`; nothing when no reason is known.
 */
GB_EXTERN(int) gb_revision_why_unmeasured(gb_buf *out, gb_store *store,
	const git_oid *commit);

/*
 * The error for `commit` having no results: GB_ENOTFOUND "no results for
 * 1a2b3c4; <why>" when a reason is known (*why, may be NULL, gets it; the
 * caller frees it), else "no results recorded for 1a2b3c4".
 */
GB_EXTERN(int) gb_revision_unmeasured(gb_store *store, const git_oid *commit,
	char **why);

/*
 * Why the history a walk gave stopped short, when it did (1; else 0):
 * GB_SHALLOW_HINT in a shallow clone, else the commit the clone lacks.
 */
GB_EXTERN(int) gb_revision_history_cut(gb_buf *out, gb_store *store);

/*
 * How many of `runs` (as a pull merged them) are of commits this clone
 * does not have, as past a shallow clone's edge: they are indexed by the
 * pull after the commits are fetched.
 */
GB_EXTERN(size_t) gb_revision_count_absent(gb_store *store,
	const gb_sync_runs *runs);

#ifdef __cplusplus
}
#endif
#endif
