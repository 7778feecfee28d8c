/* fsck internals: what the check found, which the repair works from. */
#ifndef GB_SRC_FSCK_INT_H
#define GB_SRC_FSCK_INT_H

#include "gitbench/fsck.h"
#include "store/store_int.h"

/* One blob of the history's runs/ tree. */
typedef struct {
	char id[GB_RUN_ID_MAX + 1]; /* the record's, else the path's last part */
	char *path;
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
	bool unreadable;    /* missing or not decodable to its end */
	bool blob_missing;
	size_t first, n;    /* its readable records, in recs[] */
	size_t issue;       /* 1 + index of its damage issue */
	size_t vanished;    /* 1 + index of its vanished-commit issue */
} fsck_note;

/* One readable record of a note. */
typedef struct {
	char id[GB_RUN_ID_MAX + 1];
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
	char **pending;     /* paths added after the notes' mark, sorted */
	size_t npending, apending;
	git_oid *kept;      /* blobs already under damaged/ */
	size_t nkept, akept;
} fsck_state;

/* The history entry of run `id`, or NULL. */
fsck_hist *gb_fsck_find_run(const fsck_state *st, const char *id);
/* The note on `commit`, or NULL. */
fsck_note *gb_fsck_find_note(const fsck_state *st, const git_oid *commit);
/* Whether `blob` is kept under damaged/ already. */
bool gb_fsck_is_kept(const fsck_state *st, const git_oid *blob);

/* Set what the repair did for issue `i` (1-based; 0 is ignored). */
int gb_fsck_repaired(fsck_state *st, size_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Repair what the check found. */
int gb_fsck_repair(fsck_state *st);

#endif
