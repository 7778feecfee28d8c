/*
 * Checking the two copies of the results against each other, and repairing
 * one from the other: every record on the history ref and every note.
 *
 * The history is the source of truth: notes are rebuilt from it. A run
 * found only in a note is put back into the history, and a blob that
 * cannot be decoded is never thrown away but kept under damaged/ in the
 * history tree. Runs that a write interrupted between its two refs left out
 * of the notes are not damage: the next write completes them.
 */
#ifndef GITBENCH_FSCK_H
#define GITBENCH_FSCK_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	/* A history blob that cannot be decoded (or is missing). */
	GB_FSCK_DAMAGED_RECORD,
	/* A note that cannot be decoded, wholly or after some records, or
	 * that is not a file (a tree or a link at the commit's path). */
	GB_FSCK_DAMAGED_NOTE,
	/* A run of the history that the note of its commit lacks. */
	GB_FSCK_MISSING_FROM_NOTE,
	/* A run that a note holds and the history does not. */
	GB_FSCK_MISSING_FROM_HISTORY,
	/* A note's record that differs from the history's copy, was measured
	 * on another commit (and is not the history's record of it, as a
	 * note carried across a rewrite is), or is there twice. */
	GB_FSCK_NOTE_MISMATCH,
	/* A note on a commit that is not in the repository (any more). */
	GB_FSCK_VANISHED_COMMIT,
	/* Not damage: a run written to the history by a write that was
	 * interrupted before the notes; the next write completes it. */
	GB_FSCK_INTERRUPTED,
	/* An entry of the notes tree that is not a note: its path is not an
	 * object id in git's fanout (a README, a name of 39 digits). */
	GB_FSCK_NOT_A_NOTE,
	/* A note on an object that is not a commit (a blob, a tree). */
	GB_FSCK_NOTE_ON_NON_COMMIT,
} gb_fsck_kind;

typedef struct {
	gb_fsck_kind kind;
	bool damage;            /* counts as a problem: all but INTERRUPTED */
	bool has_commit;
	git_oid commit;         /* the measured or annotated commit */
	char run_id[GB_RUN_ID_MAX + 1];  /* "" when not known */
	/* A path in the history tree, "note of <id>", or "<notes ref>:<path>"
	 * for an entry of the notes tree that is not a note. */
	char *where;
	char *what;             /* what is wrong, one line */
	char *repair;           /* after a repair: what it did, else NULL */
} gb_fsck_issue;

typedef struct {
	gb_fsck_issue *issues;
	size_t nissues;
	size_t damage;          /* issues that are damage */
	size_t records;         /* records read from the history */
	size_t notes;           /* notes read */
	size_t note_records;    /* records read from notes */
	size_t kept;            /* blobs under damaged/ from earlier repairs */
	/* Note records of another commit, the history's very record of it:
	 * carried by git to the commit it rewrote that one into
	 * (notes.rewriteRef). Not damage. */
	size_t carried;
	/* What a repair did. */
	bool repaired;
	bool wrote_history;
	git_oid history_commit; /* the history commit it wrote */
	size_t restored;        /* runs put back into the history */
	size_t quarantined;     /* blobs moved or copied under damaged/ */
	size_t notes_rebuilt;   /* notes written or removed from the history */
	size_t notes_removed;   /* notes on vanished commits removed */
} gb_fsck_report;

/* `total` is 0 when not known in advance. */
typedef void (*gb_fsck_progress_cb)(const char *what, size_t done,
	size_t total, void *payload);

typedef struct {
	unsigned int version;
	/* Repair what was found (see the top of this file). */
	bool repair;
	gb_fsck_progress_cb progress;
	void *payload;
} gb_fsck_options;

#define GB_FSCK_OPTIONS_VERSION 1
#define GB_FSCK_OPTIONS_INIT { GB_FSCK_OPTIONS_VERSION, false, NULL, NULL }

/*
 * Read every record of the history and every note and report what is
 * wrong; with opts->repair, repair it as one history commit that says what
 * it did, then the notes. An error (< 0) is a failure to read or write,
 * not damage found: that is in the report. `opts` may be NULL.
 */
GB_EXTERN(int) gb_fsck(gb_fsck_report **out, gb_store *store,
	const gb_fsck_options *opts);
GB_EXTERN(void) gb_fsck_report_free(gb_fsck_report *report);

/* "damaged-record", "missing-from-note", ...: for output. */
GB_EXTERN(const char *) gb_fsck_kind_name(gb_fsck_kind kind);

#ifdef __cplusplus
}
#endif
#endif
