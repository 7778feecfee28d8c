/*
 * The store: run records on the history ref (the source of truth) and in
 * the notes of the measured commits (the index by commit).
 *
 * Every write builds new objects and moves each ref with a compare-and-swap,
 * retrying on a lost race, so concurrent writers never lose a run. The
 * history is written before the notes; notes can always be rebuilt from it.
 */
#ifndef GITBENCH_STORE_H
#define GITBENCH_STORE_H

#include <stdint.h>
#include <git2/repository.h>
#include "codec.h"
#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_store gb_store;

typedef struct {
	unsigned int version;
	/* NULL: the setting bench.historyRef, else GB_DEFAULT_HISTORY_REF. */
	const char *history_ref;
	/* NULL: the setting bench.notesRef, else GB_DEFAULT_NOTES_REF. */
	const char *notes_ref;
} gb_store_options;

#define GB_STORE_OPTIONS_VERSION 1
#define GB_STORE_OPTIONS_INIT { GB_STORE_OPTIONS_VERSION, NULL, NULL }

/* `repo` is borrowed and must outlive the store. `opts` may be NULL. */
GB_EXTERN(int) gb_store_open(gb_store **out, git_repository *repo,
	const gb_store_options *opts);
GB_EXTERN(void) gb_store_free(gb_store *store);
GB_EXTERN(git_repository *) gb_store_repository(const gb_store *store);
/*
 * The repository's settings, read when the store was opened (values given
 * with `git -c` included): what the operations on the store follow.
 */
GB_EXTERN(const gb_config *) gb_store_config(const gb_store *store);
GB_EXTERN(const char *) gb_store_history_ref(const gb_store *store);
GB_EXTERN(const char *) gb_store_notes_ref(const gb_store *store);
/* The history's name on remotes (bench.remoteHistoryRef). */
GB_EXTERN(const char *) gb_store_remote_history_ref(const gb_store *store);

/*
 * Record runs: one history commit holding all of them, then each measured
 * commit's note extended. `runs` need ids (gb_run_id_generate) and commits.
 */
GB_EXTERN(int) gb_store_append(gb_store *store, gb_run *const *runs, size_t n);

/*
 * All runs recorded for `commit`, read from its note, appended to `out`.
 * GB_ENOTFOUND when the commit has no note; GB_EDAMAGED, naming the commit,
 * when the note cannot be decoded. `opts` may be NULL. A record that
 * names another commit was carried there by git when it rewrote that
 * commit into this one (notes.rewriteRef): it reads as this commit's run,
 * with carried_from the commit it was measured on.
 */
GB_EXTERN(int) gb_store_read(gb_runlist *out, gb_store *store,
	const git_oid *commit, const gb_decode_options *opts);

/*
 * copy[i] when runs[i] holds the same values as an earlier one of `runs`
 * or as a run stored for its commit (gb_run_same_values); *ncopies how
 * many. A copy must not count as another measurement.
 */
GB_EXTERN(int) gb_store_mark_copies(bool *copy, size_t *ncopies,
	gb_store *store, const gb_run *const *runs, size_t n);

/*
 * Results a tree of results left behind: left[i] when run->results[i]'s
 * benchmark has a time that one of the newest GB_STORE_LEFT_LOOKBACK runs
 * of the history holds value for value (gb_result_same_values), on the
 * same machine for another commit. The runs just before this one are
 * where a filtered run's leftovers were recorded; looking further would
 * cost every record the reading of older records (0.1 ms each). A harness that keeps a folder per
 * benchmark (Criterion.rs) leaves the folders a filtered run did not
 * rewrite; minutes after the run that wrote them, their times do not
 * tell them apart. Only times summarising several samples that vary (a
 * count of 2 or more, a deviation above 0) are compared: two measurements
 * never agree on all of those, while a count of instructions or a single
 * rounded figure may. Every result of such a benchmark is marked; *nleft
 * counts them, `from` gets the id and commit of the newest run matched and
 * nruns how many runs were.
 */
#define GB_STORE_LEFT_LOOKBACK 8

typedef struct {
	size_t nleft;
	size_t nruns;
	char id[GB_RUN_ID_MAX + 1];
	git_oid commit;
} gb_left_behind;

GB_EXTERN(int) gb_store_mark_left_behind(bool *left, gb_left_behind *from,
	gb_store *store, const gb_run *run);

/* 1 when `commit` has a note, 0 when not, < 0 on error. */
GB_EXTERN(int) gb_store_has(gb_store *store, const git_oid *commit);

/* The raw note blob of `commit` (GB_ENOTFOUND when none). */
GB_EXTERN(int) gb_store_note_blob(git_oid *out, gb_store *store,
	const git_oid *commit);

/*
 * Remove every run of `commit` from the notes and the history, as a
 * history commit that says so. `removed` (may be NULL) gets how many runs
 * left the history. GB_ENOTFOUND when the commit has no results.
 */
GB_EXTERN(int) gb_store_forget(gb_store *store, const git_oid *commit,
	size_t *removed);

/* One record of the history tree, in chronological order. */
typedef struct {
	const char *path;     /* e.g. "runs/2026/11/23/<run id>" */
	const git_oid *blob;
	const gb_run *run;    /* NULL when the blob cannot be decoded */
	const char *error;    /* why, when run is NULL */
} gb_history_entry;

/* Return non-zero from the callback to stop; that value is returned. */
typedef int (*gb_history_cb)(const gb_history_entry *entry, void *payload);

/*
 * Visit every record on the history ref, oldest first. A damaged record is
 * visited with run NULL and the walk goes on. `opts` may be NULL.
 */
GB_EXTERN(int) gb_store_history_foreach(gb_store *store,
	const gb_decode_options *opts, gb_history_cb cb, void *payload);

/*
 * Visit every note: the annotated commit and the note blob. Entries of the
 * notes tree that are not notes (a path that is no object id in git's
 * fanout, or a tree, link or submodule where a note would be) are not
 * visited; git bench fsck reports them.
 */
typedef int (*gb_note_cb)(const git_oid *commit, const git_oid *blob,
	void *payload);
GB_EXTERN(int) gb_store_notes_foreach(gb_store *store, gb_note_cb cb,
	void *payload);

/* A measured commit (one with a note) met along first parents. */
typedef struct {
	const git_oid *commit;
	const git_oid *note;      /* its note's blob */
	size_t distance;          /* first-parent steps from where the walk began */
	int64_t time;             /* its commit time; GB_TIME_UNKNOWN if not read */
} gb_measured_commit;

#define GB_TIME_UNKNOWN INT64_MIN

typedef int (*gb_measured_cb)(const gb_measured_commit *c, void *payload);

typedef struct {
	unsigned int version;
	const git_oid *hide;      /* stop at this commit (excluded); NULL: none */
	size_t max_distance;      /* steps from the start to look at most */
} gb_walk_options;

#define GB_WALK_OPTIONS_VERSION 1
#define GB_WALK_OPTIONS_INIT { GB_WALK_OPTIONS_VERSION, NULL, SIZE_MAX }

/*
 * Visit the measured commits along the first parents of `start`, newest
 * first: the one walk of history that log, export, series, the report and
 * baselines share. A range A..B is `start` B with `hide` A. Return non-zero
 * from the callback to stop; that value is returned. `opts` may be NULL.
 */
GB_EXTERN(int) gb_store_measured_foreach(gb_store *store,
	const git_oid *start, const gb_walk_options *opts, gb_measured_cb cb,
	void *payload);

/*
 * Whether a walk of this store met a commit the clone does not have (past
 * a shallow clone's edge, or missing from a partial or damaged one), and
 * which (`at` may be NULL): the history it gave stopped short there.
 */
GB_EXTERN(bool) gb_store_history_cut(git_oid *at, const gb_store *store);

/* The path of a run's record in the history tree, from its time and id. */
GB_EXTERN(int) gb_store_run_path(gb_buf *out, const gb_run *run);

#ifdef __cplusplus
}
#endif
#endif
