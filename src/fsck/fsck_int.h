/* fsck internals: what the check found, which the repair works from. */
#ifndef GB_SRC_FSCK_INT_H
#define GB_SRC_FSCK_INT_H

#include "gitbench/fsck.h"
#include "store/store_int.h"
#include "util/strpool.h"

/* One blob of the history's runs/ tree. */
typedef struct {
	const char *id;     /* the record's, else the path's last part, or "" */
	const char *path;
	git_oid blob;
	git_oid commit;
	bool ok;            /* decoded */
	bool blob_missing;
	bool commit_exists;
	bool pending;       /* added after the notes' mark: interrupted write */
	bool in_note;       /* found in the note of its commit */
	long copy;          /* a note record with a good copy of it, or -1 */
	size_t issue;       /* 1 + index of its issue, 0 when none */
} fsck_hist;

/* One note. */
typedef struct {
	git_oid commit;
	git_oid blob;
	bool exists;        /* the annotated commit is in the repository */
	/* The annotated object is, and is no commit: its type. */
	git_object_t not_commit;
	bool unreadable;    /* missing or not decodable to its end */
	bool blob_missing;
	/* Not a file (a tree, a link, a submodule): its path and mode, which
	 * a repair removes before the note is rebuilt. NULL for a note. */
	const char *path;
	git_filemode_t mode;
	size_t first, n;    /* its readable records, in recs[] */
	size_t issue;       /* 1 + index of its damage issue */
	/* 1 + index of its vanished-commit or note-on-non-commit issue */
	size_t vanished;
} fsck_note;

/* An entry of the notes tree that is not a note. */
typedef struct {
	const char *path;   /* in the notes tree */
	git_oid id;
	git_filemode_t mode;
	size_t issue;
} fsck_stray;

/* One readable record of a note. */
typedef struct {
	const char *id;     /* the history entry's when it has one */
	git_oid commit;     /* the commit it was measured on */
	int64_t time;
	size_t note;        /* in notes[] */
	size_t off, len;    /* its bytes in the note blob */
	git_oid hash;       /* the blob id of those bytes */
	long hist;          /* the history entry of the same run, or -1 */
	bool first;         /* the first record of this run in any note */
	bool again;         /* the same run is earlier in the same note */
	size_t issue;
} fsck_rec;

typedef struct {
	gb_store *store;
	git_repository *repo;
	git_odb *odb;
	const gb_fsck_options *opts;
	gb_fsck_report *report;
	size_t aissues;
	fsck_hist *hist;
	size_t nhist, ahist;
	fsck_hist **by_id;  /* hist sorted by run id */
	fsck_note *notes;   /* sorted by commit */
	size_t nnotes, anotes;
	fsck_rec *recs;
	size_t nrecs, arecs;
	fsck_stray *strays;
	size_t nstrays, astrays;
	char **pending;     /* paths added after the notes' mark, sorted */
	size_t npending, apending;
	char **removed;     /* run ids removed after the mark, sorted */
	size_t nremoved, aremoved;
	git_oid *kept;      /* blobs already under damaged/ */
	size_t nkept, akept;
	gb_strpool strings;  /* what the entries' ids and paths point into */
} fsck_state;

/*
 * Add an issue; returns 1 + its index (what the state records), 0 on
 * error.
 */
size_t gb_fsck_add_issue(fsck_state *st, gb_fsck_kind kind,
	const git_oid *commit, const char *id, const char *where,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Tell the caller's progress callback, if any. */
void gb_fsck_progress(fsck_state *st, const char *what, size_t done,
	size_t total);
/* "note of 1a2b3c4" */
void gb_fsck_note_where(char out[64], git_repository *repo,
	const git_oid *commit);

/* Read every record of the history, then every note, into the state. */
int gb_fsck_read_history(fsck_state *st);
int gb_fsck_read_notes(fsck_state *st);

/* The history entry of run `id`, or NULL. */
fsck_hist *gb_fsck_find_run(const fsck_state *st, const char *id);
/* The note on `commit`, or NULL. */
fsck_note *gb_fsck_find_note(const fsck_state *st, const git_oid *commit);
/* Whether `path` was added after the notes' mark (an interrupted write). */
bool gb_fsck_is_removed(const fsck_state *st, const char *id);
bool gb_fsck_is_pending(const fsck_state *st, const char *path);
/* Whether `blob` is kept under damaged/ already. */
bool gb_fsck_is_kept(const fsck_state *st, const git_oid *blob);

/* Set what the repair did for issue `i` (1-based; 0 is ignored). */
int gb_fsck_repaired(fsck_state *st, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Repair what the check found. */
int gb_fsck_repair(fsck_state *st);

#endif
