/*
 * Retention: removing old runs from the history and the notes, as a
 * history commit that says what went; optionally dropping the history
 * before it so that git gc can collect the objects.
 */
#ifndef GITBENCH_PRUNE_H
#define GITBENCH_PRUNE_H

#include "date.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int version;
	bool by_count;       /* keep the `keep` most recent runs */
	size_t keep;
	bool by_age;         /* remove only runs recorded before `older_than` */
	int64_t older_than;  /* seconds since the epoch */
	bool labelled;       /* remove labelled runs too (baselines: kept) */
	bool rewrite;        /* drop the history and notes commits before */
	bool dry_run;        /* say what would go, change nothing */
} gb_prune_options;

#define GB_PRUNE_OPTIONS_VERSION 1
#define GB_PRUNE_OPTIONS_INIT { GB_PRUNE_OPTIONS_VERSION, false, 0, false, 0, \
	false, false, false }

typedef struct {
	const char *id;
	const char *path;    /* of its record in the history's tree */
	git_oid commit;
	int64_t time;
	const char *label;   /* NULL when none */
} gb_prune_entry;

/* What the entries' ids and labels point into, freed with the result. */
typedef struct gb_prune_strings gb_prune_strings;

typedef struct {
	gb_prune_entry *removed;  /* oldest first */
	size_t nremoved;
	size_t kept;              /* runs left in the history */
	size_t spared;            /* of them, kept only for their label */
	size_t damaged;           /* records that cannot be read: left alone */
	size_t notes;             /* notes rewritten or removed */
	bool rewritten;           /* the history now starts at its tip */
	/* What was asked, as the history commit says it after "Prune <n> runs ":
	 * "older than 2026-01-01", "beyond the 50 most recent", or both. */
	char *criteria;
	git_oid history;          /* the history tip after (zero: unchanged) */
	gb_prune_strings *strings;
} gb_prune_result;

/*
 * Remove the runs the options select: from the history, as one commit
 * whose message lists each run by id and commit, then from the notes of
 * their commits. With `rewrite`, the history ref and the notes ref then
 * point to new root commits holding what is left, moved by compare-and-
 * swap, and their reflogs go, so that `git gc --prune=now` can drop the
 * rest. Other refs are never touched.
 */
GB_EXTERN(int) gb_store_prune(gb_prune_result *out, gb_store *store,
	const gb_prune_options *opts);
GB_EXTERN(void) gb_prune_result_dispose(gb_prune_result *r);

#ifdef __cplusplus
}
#endif
#endif
