/* Store internals shared with the modules that rewrite history or notes. */
#ifndef GB_SRC_STORE_INT_H
#define GB_SRC_STORE_INT_H

#include <git2.h>
#include "gitbench/store.h"
#include "git/refs.h"

/* Summaries of notes by blob id, beside the notes (summaries.c). */
typedef struct gb_summaries gb_summaries;
/* Write what waits and let go. */
void gb_summaries_free(gb_summaries *s);
/*
 * What the walk reads of commit `id`, kept beside the notes: 1 with its
 * first parent (when *parents > 0) and time, 0 when not kept (or the
 * summaries are not open and `open` is false).
 */
int gb_summaries_commit(gb_store *store, const git_oid *id, git_oid *parent,
	unsigned int *parents, int64_t *time, bool open);
/* Keep what the walk reads of `commit`, while the summaries are open. */
void gb_summaries_commit_keep(gb_store *store, const git_commit *commit);

struct gb_store {
	git_repository *repo;
	gb_config *config;
	char *history_ref;
	char *notes_ref;
	char *remote_history_ref;
	/* The notes tree read last, for lookups of many commits. */
	git_tree *notes_tree;
	git_oid notes_tip;
	int notes_state; /* 0 not read, 1 read, 2 ref absent */
	/* Its subtrees by the first byte of a commit, as read (notes.c). */
	struct {
		git_tree *sub[256];
		bool read[256];
	} *fanout;
	gb_summaries *summaries;
	int summaries_state; /* 0 not opened, 1 open, -1 off */
	bool rolling;    /* completing an interrupted write: not again */
	/* A walk stopped at a commit the clone lacks: the first such. */
	bool cut;
	git_oid cut_at;
};

typedef enum {
	GB_NOTE_APPEND,   /* add the records it does not hold yet */
	GB_NOTE_REPLACE,  /* the note becomes these bytes */
	GB_NOTE_REMOVE,   /* the note goes */
} gb_note_action;

typedef struct {
	git_oid commit;
	gb_note_action action;
	const void *data;
	size_t len;
	/*
	 * GB_NOTE_REPLACE: the note is blob `blob`, written already (not data
	 * and len). GB_NOTE_APPEND: data and len are blob `blob`, written by
	 * this same write (a run's history blob): a new note is that blob,
	 * not written again.
	 */
	bool written;
	git_oid blob;
	/*
	 * GB_NOTE_REMOVE only: the entry at this path of the notes tree goes,
	 * whatever it is (not `commit`'s note): what fsck --repair removes
	 * of what is not a note.
	 */
	const char *path;
} gb_note_change;

/*
 * A change of `commit`'s note appended to the array *v (*n of *alloc),
 * zeroed but for its commit and action; NULL when out of memory.
 */
gb_note_change *gb_note_change_add(gb_note_change **v, size_t *n,
	size_t *alloc, const git_oid *commit, gb_note_action action);

/* What the notes of several commits become, built as one notes commit. */
typedef struct {
	gb_store *store;
	const gb_note_change *changes;
	size_t n;
	const char *message;
	size_t applied;     /* set by the build: notes written or removed */
} gb_notes_job;

/*
 * Visit at most `max` records of the history ref, newest first (the
 * reverse of gb_store_history_foreach): what a check of the last runs
 * reads without walking the whole history.
 */
int gb_store_history_newest(gb_store *store, const gb_decode_options *opts,
	size_t max, gb_history_cb cb, void *payload);

/* A gb_ref_build_fn for the notes ref (payload: a gb_notes_job). */
int gb_notes_build(git_oid *new_tip, int *changed, git_commit *old,
	void *payload);

/*
 * Apply changes (one per commit) to the notes ref as one notes commit,
 * compare-and-swap with retry.
 */
int gb_store_notes_write(gb_store *store, const gb_note_change *changes,
	size_t n, const char *message);
/* The same, and how many notes it wrote or removed (removing none absent). */
int gb_store_notes_write_counted(gb_store *store,
	const gb_note_change *changes, size_t n, const char *message,
	size_t *applied);

/*
 * An entry of the notes tree that is not a note: its path does not spell
 * an object id in git's fanout (a README, a name of 39 digits), or it does
 * and the entry is not a regular file (a tree, a link, a submodule).
 */
typedef struct {
	const char *path;       /* in the notes tree, "ab/README" */
	const git_oid *id;      /* the entry's object */
	git_filemode_t mode;
	const git_oid *object;  /* the id its path spells, else NULL */
} gb_note_stray;

typedef int (*gb_note_stray_cb)(const gb_note_stray *stray, void *payload);

/*
 * gb_store_notes_foreach, and every entry that is not a note to `stray`
 * (which may be NULL: such entries are passed over, as git passes them).
 * The one place that says what in the notes tree is a note.
 */
int gb_store_notes_walk(gb_store *store, gb_note_cb cb,
	gb_note_stray_cb stray, void *payload);

/*
 * The notes of notes tree `tree` (another ref's: a remote's as fetched),
 * by the same rules, passing over what `except` (may be NULL) holds the
 * same at the same place: a note, or a whole subtree of them. What is not
 * a note is passed over.
 */
int gb_notes_tree_walk(git_repository *repo, const git_tree *tree,
	const git_tree *except, gb_note_cb cb, void *payload);

/*
 * Find the note of `commit` in a notes tree, following git's fanout: 1 and
 * its path and blob when found; 0 and the path a new note goes to when not.
 */
int gb_notes_find(gb_buf *path, git_oid *blob, git_repository *repo,
	git_tree *root, const git_oid *commit);

/* Run records grouped by the commit they measured: what its note gets. */
typedef struct {
	git_oid commit;
	gb_buf bytes;       /* the records, one after the other */
	size_t nruns;       /* set by gb_store_append: the runs in bytes, */
	git_oid blob;       /* and the history blob of the last one */
} gb_note_group;

typedef struct {
	gb_note_group *v;
	size_t n, alloc;
} gb_note_groups;

/* The group of `commit`, added empty when there is none yet (NULL: OOM). */
gb_note_group *gb_note_groups_for(gb_note_groups *g, const git_oid *commit);
/*
 * One change per group, `action` with its bytes (a group left empty is
 * removed when `action` is GB_NOTE_REPLACE); *out is the caller's to free().
 */
int gb_note_groups_changes(gb_note_change **out, const gb_note_groups *g,
	gb_note_action action);
void gb_note_groups_dispose(gb_note_groups *g);

/* A change to the history: tree updates and extra parents, one commit. */
typedef struct {
	gb_store *store;
	const git_tree_update *updates;
	size_t n;
	const char *message;
	const git_oid *extra;
	size_t nextra;
} gb_history_job;

/* A gb_ref_build_fn for the history ref (payload: a gb_history_job). */
int gb_history_build(git_oid *new_tip, int *changed, git_commit *old,
	void *payload);

/*
 * Apply tree updates to the history as one commit saying `message`, with
 * the current tip as first parent and `extra_parents` after it (a merged
 * history). Compare-and-swap with retry; a removal of a path that is no
 * longer there is dropped. `tip` (may be NULL) gets the new tip.
 */
int gb_store_history_write(gb_store *store, const git_tree_update *updates,
	size_t n, const char *message, const git_oid *extra_parents,
	size_t nextra, git_oid *tip);

/*
 * Make the notes of `commits` (all commits with runs in the history when
 * n is 0) the concatenation of their runs in the history, in history order,
 * as one notes commit. A listed commit with no run in the history, or not
 * in the repository, loses its note. Records that cannot be decoded are left out (fsck reports them).
 * `rebuilt` (may be NULL) gets how many notes were written or removed.
 */
int gb_store_notes_rebuild(gb_store *store, const git_oid *commits, size_t n,
	const char *message, size_t *rebuilt);
/*
 * The same, by a writer that completed interrupted writes
 * (gb_store_roll_forward) before it moved the history itself: its own
 * history commit is not one to complete, and its notes commit says what
 * it did.
 */
int gb_store_notes_rebuild_rolled(gb_store *store, const git_oid *commits,
	size_t n, const char *message, size_t *rebuilt);

/*
 * The history commit the notes last indexed, from the "History: <id>"
 * trailer of the notes tip: 1 and *out, or 0 when the tip has none.
 */
int gb_store_notes_mark(git_oid *out, gb_store *store);

/*
 * History commits written after that mark, newest first (at most 64): the
 * runs they added may be missing from the notes because their write was
 * interrupted between the two refs; the next write completes them.
 * Returns 1 and fills chain/n when there are such commits, 0 when none (or
 * when the mark is not among the recent first parents), < 0 on error.
 */
int gb_store_pending(git_oid *chain, size_t *n, gb_store *store);

/*
 * Complete the notes of history writes interrupted between their two refs
 * (the runs added after the notes' mark). Every writer that moves the mark
 * calls this first, or those runs would stay out of the notes (append and
 * notes_rebuild do).
 */
int gb_store_roll_forward(gb_store *store);

/*
 * The message of a notes commit: `what`, then the "History: <id>" trailer
 * naming the history commit the notes index (none when history is NULL).
 */
int gb_store_notes_message(gb_buf *msg, const char *what,
	const git_oid *history);

/*
 * The lines of a history commit's message that name its runs ("run <id>
 * commit <commit>"): the first GB_RUN_LINES_MAX, then "and <n> more runs"
 * with the diff that lists them all (added ones, or with `removed` the
 * ones it removed). Add each run, then end.
 */
#define GB_RUN_LINES_MAX 1000

typedef struct {
	gb_buf *msg;
	bool removed;
	size_t n;
} gb_run_lines;

void gb_run_lines_add(gb_run_lines *l, const char *id, const git_oid *commit);
void gb_run_lines_end(gb_run_lines *l);

/* A run blob of the history and its path ("runs/YYYY/MM/DD/<id>"). */
typedef int (*gb_run_path_cb)(const char *path, const git_oid *blob,
	void *payload);

/*
 * The run blobs under runs/ of history tree `to` at paths that `from`
 * (NULL: none) does not have, as a diff of the two lists them added;
 * subtrees the two share are not read, and one tree a level is held.
 */
int gb_store_runs_added(git_repository *repo, const git_tree *from,
	const git_tree *to, gb_run_path_cb cb, void *payload);

/*
 * Visit the run blobs (paths under runs/) that history commit `id` added,
 * or, with gb_store_removed_runs, removed (a prune's or a forget's, whose
 * notes are rebuilt after the history moved).
 */
int gb_store_removed_runs(git_repository *repo, const git_oid *id,
	gb_run_path_cb cb, void *payload);
int gb_store_added_runs(git_repository *repo, const git_oid *id,
	gb_run_path_cb cb, void *payload);
/* The runs added from the history commit `from` to `to`, any two. */
int gb_store_added_since(git_repository *repo, git_commit *from,
	git_commit *to,
	gb_run_path_cb cb, void *payload);

/* Sorts v and drops repeats; returns how many are left. */
size_t gb_oids_sort_unique(git_oid *v, size_t n);

/* Whether the repository has the commit (results may be for others). */
bool gb_store_commit_present(gb_store *store, const git_oid *commit);

/*
 * Commits that have runs in the history and are in the repository but have
 * no note: their runs were merged before the commit was fetched. *out is
 * the caller's to free().
 */
int gb_store_unindexed(git_oid **out, size_t *n, gb_store *store);

/* Forget the cached notes tree (after a write by anyone). */
void gb_store_invalidate(gb_store *store);

#endif
