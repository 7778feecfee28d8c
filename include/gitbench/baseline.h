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
} gb_baseline;

/*
 * Find results at `start` or its nearest first-parent ancestor, only runs
 * of `machine` (NULL: any), at most `max_distance` commits back.
 * GB_ENOTFOUND with a message naming `start` when there are none.
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

#ifdef __cplusplus
}
#endif
#endif
