/*
 * Sharing results through git remotes.
 *
 * The network goes through the user's `git` binary (ls-remote, fetch,
 * push), so credentials, ssh configuration, proxies and CI tokens work as
 * for `git push`; the merge happens in-process. A remote's history and
 * notes refs are fetched into refs/bench-remotes/<remote>/history and
 * refs/bench-remotes/<remote>/notes.
 *
 * What a remote holds is untrusted: only blobs at runs/YYYY/MM/DD/<run id>
 * that are regular files, no larger than GB_RECORD_MAX_BYTES, decode as a
 * record of that id and sit where the record's time puts them are taken;
 * the rest is reported and left out.
 *
 * The merge is a three-way union of run ids against the merge base of the
 * two histories: runs the remote added are added here, runs forgotten here
 * (in the base, gone here) stay forgotten, runs the remote forgot stay
 * here, and a run whose id is here with other bytes keeps the local bytes.
 * Notes of the commits whose runs were added are rebuilt from the history.
 */
#ifndef GITBENCH_SYNC_H
#define GITBENCH_SYNC_H

#include <stdbool.h>
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GB_SYNC_TRACKING_PREFIX "refs/bench-remotes/"
/* Tries of a push (or a fold) before giving up on a remote that moves. */
#define GB_SYNC_MAX_ATTEMPTS 10
/* Pending pushes of a remote read at once; the rest wait for a fold. */
#define GB_SYNC_MAX_PENDING 1024
/* Left-out entries kept in a report; all are counted. */
#define GB_SYNC_MAX_LISTED 100

/*
 * What git says while it transfers (its --progress): pieces of lines that
 * end in '\r' (redrawn in place) or '\n', as git writes them on a
 * terminal. A server's messages come through too: escape before showing.
 */
typedef void (*gb_sync_progress_cb)(const char *text, size_t len,
	void *payload);

typedef struct {
	unsigned int version;
	/* Push: rounds before giving up (0: GB_SYNC_MAX_ATTEMPTS). */
	unsigned int max_attempts;
	/* Let git's own messages through to stderr (else kept for errors). */
	bool verbose;
	/* Version 2: git's progress, when set (else git shows none). */
	gb_sync_progress_cb progress;
	void *payload;
} gb_sync_options;

#define GB_SYNC_OPTIONS_VERSION 2
#define GB_SYNC_OPTIONS_INIT { GB_SYNC_OPTIONS_VERSION, 0, false, NULL, NULL }

typedef struct {
	const char *id;    /* kept by the list */
	git_oid commit;    /* the measured commit; zero when unknown */
} gb_sync_run;

/* What a list's ids point into, packed (a list may name every run). */
typedef struct gb_sync_strings gb_sync_strings;

typedef struct {
	gb_sync_run *runs;
	size_t count, alloc;
	gb_sync_strings *strings;
} gb_sync_runs;

/* An entry of a remote history left out, and why. */
typedef struct {
	char *path;        /* as found: escape it before printing */
	char *reason;
} gb_sync_rejected;

typedef enum {
	GB_SYNC_NO_REMOTE = 0, /* the remote has no history */
	GB_SYNC_UP_TO_DATE,    /* its history is already in ours */
	GB_SYNC_FAST_FORWARD,  /* ours moved to its tip */
	GB_SYNC_MERGED,        /* a merge commit joins both */
} gb_sync_outcome;

typedef struct {
	gb_sync_outcome outcome;
	git_oid remote_tip;
	size_t remote_runs;     /* run records at valid paths on the remote,
				 * less those found not to be records there */
	size_t remote_new;      /* of those, neither here nor forgotten here */
	gb_sync_runs added;     /* merged here, in id order */
	gb_sync_runs conflicts; /* here with other bytes on the remote: kept */
	size_t not_restored;    /* forgotten here, still on the remote */
	size_t kept;            /* forgotten on the remote, kept here */
	gb_sync_rejected *rejected; /* the first GB_SYNC_MAX_LISTED */
	size_t nlisted;
	size_t nrejected;       /* all of them */
	size_t notes_rebuilt;   /* notes written or removed by the merge */
	/* Filled by gb_sync_push. */
	bool pushed;
	bool pending;           /* as a pending push, beside the history */
	size_t pushed_runs;     /* runs the remote did not have */
	size_t folded;          /* pending pushes folded into its history */
	/*
	 * The remote's notes of commits not in this clone, sent back as the
	 * remote has them rather than dropped (the notes here are those of
	 * the commits here).
	 */
	size_t notes_kept;
	unsigned int attempts;
	/*
	 * Filled by gb_sync_pull and gb_sync_pull_bundle: the pending pushes
	 * past the GB_SYNC_MAX_PENDING read at once, left until a push folds
	 * them (a bundle's are never folded: not read from it).
	 */
	size_t pending_left;
	/*
	 * Blobs decoded to check the records new here: each distinct blob
	 * once, however many entries name it (one record fits one path).
	 */
	size_t decoded;
	/*
	 * Notes of the remote's that git carried to a rewritten commit (amend,
	 * rebase), taken here: the history cannot rebuild them.
	 */
	size_t notes_carried;
} gb_sync_report;

GB_EXTERN(void) gb_sync_report_dispose(gb_sync_report *report);

/*
 * Whether `name` can name a remote here: one ref component (no '/'), not
 * starting with '-' (git would read it as an option).
 */
GB_EXTERN(bool) gb_sync_remote_name_valid(const char *name);

/* refs/bench-remotes/<remote>/<which>, which is "history" or "notes". */
GB_EXTERN(int) gb_sync_tracking_ref(gb_buf *out, const char *remote,
	const char *which);

/*
 * Fetch the remote's history and notes refs into the tracking refs (a
 * ref the remote does not have removes its tracking ref). Nothing merged.
 */
GB_EXTERN(int) gb_sync_fetch(gb_store *store, const char *remote,
	const gb_sync_options *opts);

/* Merge the tracking history of `remote` (from the last fetch) here. */
GB_EXTERN(int) gb_sync_merge(gb_sync_report *report, gb_store *store,
	const char *remote);

/* Fetch, then merge. */
GB_EXTERN(int) gb_sync_pull(gb_sync_report *report, gb_store *store,
	const char *remote, const gb_sync_options *opts);

/*
 * Pull, then fold: push both refs with a lease on what was fetched,
 * deleting the remote's pending pushes that the pull merged. When another
 * writer moved the remote meanwhile, push our history instead as a
 * pending push of its own, "<remote history ref>-pending/<name>", which no
 * other writer touches (retried, at most opts->max_attempts times, only
 * when the server refuses a new ref as if it had moved). So every push
 * lands whatever the number of writers; the next fold takes the pending
 * pushes in, and pull reads the union meanwhile.
 */
GB_EXTERN(int) gb_sync_push(gb_sync_report *report, gb_store *store,
	const char *remote, const gb_sync_options *opts);

/*
 * Pull, then fold the remote's pending pushes into its history, retrying
 * with a random, growing wait while other writers move it, at most
 * opts->max_attempts times (then GB_ECONFLICT).
 */
GB_EXTERN(int) gb_sync_compact(gb_sync_report *report, gb_store *store,
	const char *remote, const gb_sync_options *opts);

typedef struct {
	size_t commits;          /* measured commits whose runs are in it */
	size_t runs;
	size_t objects;          /* git objects packed */
	size_t bytes;            /* of the bundle */
} gb_sync_bundle_info;

/*
 * The results as a git bundle (git's v2 format: `git bundle verify` reads
 * it), appended to `out`, for `git bench pull` elsewhere to read as it
 * reads a remote: its refs are the remote history ref and the notes ref.
 * With `start`, only the runs of the measured commits along its first
 * parents (down to walk->hide, excluded), as a history commit and a notes
 * commit without parents; with `start` NULL, the history and the notes as
 * they are, all of it. GB_ENOTFOUND when there is nothing to bundle.
 * Of `opts`, only the progress is used (it gets git-like lines).
 */
GB_EXTERN(int) gb_sync_bundle_create(gb_buf *out, gb_sync_bundle_info *info,
	gb_store *store, const git_oid *start, const gb_walk_options *walk,
	const gb_sync_options *opts);

/*
 * Pull the bundle at `path` (made by gb_sync_bundle_create) as a remote's
 * results: fetched into refs/bench-remotes/-bundle/, then checked and
 * merged exactly as gb_sync_pull does a remote's, for it is as untrusted.
 * GB_EINVALID when the file cannot be read or is not a git bundle.
 */
GB_EXTERN(int) gb_sync_pull_bundle(gb_sync_report *report, gb_store *store,
	const char *path, const gb_sync_options *opts);

typedef struct {
	bool fetched;            /* a tracking history exists */
	int64_t fetched_at;      /* when it was last fetched; 0 unknown */
	size_t local_runs;
	size_t remote_runs;      /* at valid paths on the remote, less refused */
	gb_sync_runs local_only; /* here, not on the remote: push sends them */
	gb_sync_runs remote_only; /* there, not here: pull merges them */
	size_t forgotten;        /* there, forgotten here: pull leaves them */
	/*
	 * Entries there at run paths whose blob is not a record that
	 * belongs at that path (another id, or no record): pull refuses
	 * them. Not counted in remote_runs, nor as forgotten.
	 */
	size_t refused;
} gb_sync_status;

/* Compare the local history with the tracking history of `remote`. */
GB_EXTERN(int) gb_sync_status_read(gb_sync_status *out, gb_store *store,
	const char *remote);
GB_EXTERN(void) gb_sync_status_dispose(gb_sync_status *status);

#ifdef __cplusplus
}
#endif
#endif
