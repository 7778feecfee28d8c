/*
 * Baselines: any revision; when it has no results on a matching machine,
 * the nearest first-parent ancestor that has them.
 */
#ifndef GITBENCH_BASELINE_H
#define GITBENCH_BASELINE_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How far back the search for results goes by default. */
#define GB_BASELINE_MAX_DISTANCE 1000

typedef struct {
	git_oid requested;   /* the commit the revision names */
	git_oid commit;      /* the commit whose results are used */
	size_t distance;     /* first-parent steps from requested to commit */
	gb_runlist runs;     /* its runs on the machine asked for */
	size_t skipped;      /* commits passed whose notes were damaged */
	bool past_edge;      /* none found, and the walk stopped at a shallow
				clone's edge, beyond which results may be */
} gb_baseline;

/*
 * Find results at `start` or its nearest first-parent ancestor, only runs
 * of `machine` (NULL: any), at most `max_distance` commits back.
 * GB_ENOTFOUND with a message naming `start` when there are none, and the
 * machines whose results are there instead, or that the clone is shallow.
 */
GB_EXTERN(int) gb_baseline_find(gb_baseline *out, gb_store *store,
	const git_oid *start, const char *machine, size_t max_distance);
GB_EXTERN(void) gb_baseline_dispose(gb_baseline *b);

/*
 * The revision to compare with when none is named: the merge-base of HEAD
 * with `configured` (bench.baseline) when set, else with HEAD's upstream.
 * `how` gets a description ("merge-base of HEAD and origin/main").
 * GB_ENOTFOUND with a message saying how to name one when neither exists.
 */
GB_EXTERN(int) gb_baseline_default(git_oid *out, gb_buf *how,
	git_repository *repo, const git_oid *head, const char *configured);

/*
 * The merge-base of `a` and `b`, named `a_name` and `b_name` in the
 * GB_ENOTFOUND when they have none (in a shallow clone: that it is).
 */
GB_EXTERN(int) gb_baseline_merge_base(git_oid *out, git_repository *repo,
	const git_oid *a, const char *a_name, const git_oid *b,
	const char *b_name);

/*
 * The upstream of the local branch `branch` ("main"), as git reads it from
 * branch.<name>.remote and .merge through the remote's fetch refspecs:
 * `ref` gets its ref ("refs/remotes/origin/main"), `remote` the remote
 * ("." for a local branch). 1 when there is one, 0 when not.
 */
GB_EXTERN(int) gb_baseline_upstream(gb_buf *ref, gb_buf *remote,
	git_repository *repo, const char *branch);

/*
 * The remote a branch is compared on: its upstream's remote, else
 * `preferred` (bench.remote) when it is configured, else the only remote.
 * 1 and its name in `out`, or 0 when there is none.
 */
GB_EXTERN(int) gb_baseline_remote_of(gb_buf *out, git_repository *repo,
	const char *branch, const char *preferred);

/*
 * What a branch new on `remote` is compared with: the remote's default
 * branch (refs/remotes/<remote>/HEAD), else the remote-tracking branch
 * `commit` forked from (the fewest commits of its own since), leaving
 * out `own`, the branch's own name there (NULL: none). `name` gets its
 * short name ("origin/main"), `tip` its commit. GB_ENOTFOUND when the
 * remote has no branch here.
 */
GB_EXTERN(int) gb_baseline_remote_branch(git_oid *tip, gb_buf *name,
	git_repository *repo, const git_oid *commit, const char *remote,
	const char *own);

/*
 * Whether the branch `ref` ("origin/main", "refs/remotes/origin/master")
 * has a default branch's usual name: main or master.
 */
GB_EXTERN(bool) gb_baseline_default_name(const char *ref);

#ifdef __cplusplus
}
#endif
#endif
