/* Internals of the sync module shared by its merge and network halves. */
#ifndef GB_SRC_SYNC_INT_H
#define GB_SRC_SYNC_INT_H

#include "gitbench/sync.h"
#include "store/store_int.h"
#include "util/strpool.h"
#include "sync/transport.h"

/* One run record of a history tree. */
typedef struct {
	const char *id;  /* the last part of its path */
	const char *path; /* in the set's pool */
	git_oid blob;
	git_oid commit;  /* once checked */
	int checked;     /* 0 not yet, 1 a valid record, -1 left out */
	const char *why; /* why it was left out */
} gb_sync_entry;

/* The records of one history tree, sorted by id once scanned. */
typedef struct {
	gb_sync_entry *v;
	size_t n, alloc;
	gb_strpool paths;
} gb_sync_set;

/*
 * The run records of history commit `commit`. With `report` the tree is
 * untrusted: what is not at runs/YYYY/MM/DD/<run id> is reported there and
 * left out, as are repeated ids. Without it, such entries are skipped.
 */
int gb_sync_scan(gb_sync_set *set, gb_sync_report *report,
	git_repository *repo, const git_oid *commit);
void gb_sync_set_dispose(gb_sync_set *set);

/*
 * What `remote` holds as last fetched: the union of its history and its
 * pending pushes. 1 with its history's tip in *history, 2 when it has
 * only pending pushes, 0 when nothing was fetched; a tracking ref that is
 * not a commit counts as absent.
 */
int gb_sync_scan_remote(gb_sync_set *set, git_repository *repo,
	const char *remote, git_oid *history);
/* The entry of `id`, or NULL. */
gb_sync_entry *gb_sync_set_find(const gb_sync_set *set, const char *id);

/*
 * The measured commit of a record, from its head (bounded like any remote
 * record): 1 and *out, or 0 and the zero id when it does not decode.
 */
int gb_sync_entry_commit(git_oid *out, const gb_sync_entry *e,
	git_repository *repo);

/*
 * Check the records of the `n` entries `v` of remote sets not checked
 * yet: in full, or only the head (id, time, commit) with `head_only`.
 * A blob holds one record, which belongs at one path (its id and time
 * say which), so each distinct blob is decoded once and every entry
 * naming it is judged by that decode: a tree naming one large blob under
 * thousands of ids costs one decode, not one an entry. Each entry gets
 * `checked` 1 and its commit, or -1 and the reason in `why` (a blob's
 * own reason kept in `reasons`, when given). *decoded counts the decodes.
 */
int gb_sync_entries_check(gb_sync_entry **v, size_t n, git_repository *repo,
	bool head_only, gb_strpool *reasons, size_t *decoded);

/*
 * Report `path` as left out for `reason`: counted always, listed up to
 * GB_SYNC_MAX_LISTED (a hostile tree is not our memory).
 */
int gb_sync_reject(gb_sync_report *r, const char *path, const char *reason);

int gb_sync_runs_add(gb_sync_runs *runs, const char *id,
	const git_oid *commit);
void gb_sync_runs_dispose(gb_sync_runs *runs);

/*
 * Where a remote keeps the pushes not folded into its history yet:
 * "<remote history ref>-pending/", one ref per push under it.
 */
int gb_sync_pending_prefix(gb_buf *out, gb_store *s);

/*
 * The pending pushes of `remote` as last fetched (names are what follows
 * refs/bench-remotes/<remote>/pending/), in name order.
 */
int gb_sync_tracked_pending(gb_remote_list *out, git_repository *repo,
	const char *remote);

/* Point local ref `ref` at `to`, or remove it when `to` is NULL. */
int gb_sync_ref_set(git_repository *repo, const char *ref, const git_oid *to,
	const char *why);

/* Note in the reflog of tracking ref `ref` that `remote` was looked at now. */
int gb_sync_note_fetch_time(git_repository *repo, const char *ref,
	const char *remote);

/*
 * The name a pulled bundle's refs are tracked under: no remote's, for no
 * remote name here starts with '-' (gb_sync_remote_name_valid).
 */
#define GB_SYNC_BUNDLE_NAME "-bundle"

/*
 * Fetch into the tracking refs of `name` from `where`: a remote, or a
 * bundle's path (git takes both); messages name `where`. In *left (when
 * not NULL) the pending pushes past the GB_SYNC_MAX_PENDING read at once.
 */
int gb_sync_fetch_from(gb_store *s, const char *name, const char *where,
	const gb_sync_options *opts, size_t *left);

/*
 * gb_sync_fetch(), and in *left the pending pushes of the remote past
 * the GB_SYNC_MAX_PENDING it reads at once.
 */
int gb_sync_fetch_counted(gb_store *s, const char *remote,
	const gb_sync_options *opts, size_t *left);

/*
 * The notes commit a push sends (absent.c): `ours`, or one whose tree is
 * ours plus the note in `theirs` (the remote's notes as fetched) of each
 * commit that is not here and that ours have no note of; *kept gets how
 * many. The local notes ref is not changed.
 */
int gb_sync_notes_to_push(git_oid *out, size_t *kept, gb_store *s,
	const git_oid *ours, const git_oid *theirs);

/*
 * Take the notes git carried across rewrites (amend, rebase) from the
 * tracking notes of `name` into ours, those whose records the merged
 * history holds (carried.c); *taken gets how many notes changed.
 */
int gb_sync_take_carried(gb_store *s, const char *name, const char *label,
	size_t *taken);

/* Merge the tracking history of `name`; messages say `label`. */
int gb_sync_merge_as(gb_sync_report *report, gb_store *s, const char *name,
	const char *label);

/* The commit a ref points to: 1 and *out, 0 when absent, < 0 on error. */
int gb_sync_ref_tip(git_oid *out, git_repository *repo, const char *name);

#endif
