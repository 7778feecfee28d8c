/*
 * Notes rebuilt from the history: for commits whose runs came with a
 * merge before the commit itself was fetched (unindexed), and for fsck
 * and prune, which rewrite notes wholesale.
 */
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "store/store_int.h"

typedef struct {
	gb_store *store;
	const git_oid *only;
	size_t nonly;
	gb_note_groups groups;
} rebuild_scan;

static bool listed(const rebuild_scan *r, const git_oid *commit)
{
	size_t i;

	if (r->nonly == 0)
		return true;
	for (i = 0; i < r->nonly; i++)
		if (git_oid_equal(&r->only[i], commit))
			return true;
	return false;
}

typedef struct {
	gb_store *store;
	git_oid *commits;
	size_t n, alloc;
} unindexed_scan;

static int find_unindexed(const gb_history_entry *e, void *payload)
{
	unindexed_scan *u = payload;
	size_t i;

	if (!e->run || !gb_store_commit_present(u->store, &e->run->commit) ||
	    gb_store_has(u->store, &e->run->commit) != 0)
		return 0;
	for (i = 0; i < u->n; i++)
		if (git_oid_equal(&u->commits[i], &e->run->commit))
			return 0;
	if (GB_ARRAY_GROW(u->commits, u->n, u->alloc) < 0)
		return GB_ERROR;
	git_oid_cpy(&u->commits[u->n++], &e->run->commit);
	return 0;
}

int gb_store_unindexed(git_oid **out, size_t *n, gb_store *s)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	unindexed_scan u = { s, NULL, 0, 0 };
	int error;

	opts.want = gb_codec_want_none;
	error = gb_store_history_foreach(s, &opts, find_unindexed, &u);
	if (error < 0) {
		free(u.commits);
		return error;
	}
	*out = u.commits;
	*n = u.n;
	return 0;
}

static int gather_record(const gb_history_entry *e, void *payload)
{
	rebuild_scan *r = payload;
	gb_note_group *g;
	git_blob *blob = NULL;
	int error;

	if (!e->run || !listed(r, &e->run->commit))
		return 0;
	if (!(g = gb_note_groups_for(&r->groups, &e->run->commit)))
		return GB_ERROR;
	/* A note goes only on a commit this repository has (git notes prune
	 * would drop the others): runs merged from a remote for commits not
	 * fetched wait in the history until they are. */
	if (!gb_store_commit_present(r->store, &e->run->commit))
		return 0;
	/* The note holds the very bytes of the history blob. */
	if ((error = git_blob_lookup(&blob, r->store->repo, e->blob)) < 0)
		return gb_error_git(error, "cannot read %s", e->path);
	error = gb_buf_put(&g->bytes, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return error;
}

int gb_store_notes_rebuild(gb_store *s, const git_oid *commits, size_t n,
	const char *message, size_t *rebuilt)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	rebuild_scan r = { s, commits, n, { NULL, 0, 0 } };
	gb_note_change *changes = NULL;
	gb_buf msg = GB_BUF_INIT;
	size_t i;
	git_oid head;
	int has_head, error;

	opts.want = gb_codec_want_none;
	/* The new notes commit moves the mark past runs of interrupted writes
	 * that may belong to commits not listed: complete them first. */
	if (n > 0 && gb_store_roll_forward(s) < 0)
		gb_error_clear();
	has_head = git_reference_name_to_id(&head, s->repo, s->history_ref) == 0;
	if ((error = gb_store_history_foreach(s, &opts, gather_record, &r)) < 0)
		goto cleanup;
	/* Listed commits without runs lose their note. */
	for (i = 0; i < n; i++)
		if (!gb_note_groups_for(&r.groups, &commits[i])) {
			error = GB_ERROR;
			goto cleanup;
		}
	if ((error = gb_note_groups_changes(&changes, &r.groups,
		     GB_NOTE_REPLACE)) < 0)
		goto cleanup;
	gb_store_notes_message(&msg, message, has_head ? &head : NULL);
	error = r.groups.n ? gb_store_notes_write(s, changes, r.groups.n,
				     msg.ptr) : 0;
	if (!error && rebuilt)
		*rebuilt = r.groups.n;
cleanup:
	gb_note_groups_dispose(&r.groups);
	free(changes);
	gb_buf_dispose(&msg);
	return error;
}
