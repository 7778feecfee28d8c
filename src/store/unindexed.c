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

static int cmp_group(const void *a, const void *b)
{
	return git_oid_cmp(&((const gb_note_group *)a)->commit,
		&((const gb_note_group *)b)->commit);
}

/*
 * The groups of the listed commits, made at once and sorted, each found
 * by bisection: looking each run's commit up in a list made every
 * rebuild of N commits' notes cost runs x N (a pull of 100,000 runs of
 * 10,000 commits into a fresh clone: 10^9 comparisons).
 */
static int listed_groups(gb_note_groups *g, const git_oid *commits, size_t n)
{
	size_t i, m = 0;

	if (n == 0)
		return 0;
	if (!(g->v = gb_calloc(n, sizeof(*g->v))))
		return GB_ERROR;
	g->alloc = n;
	for (i = 0; i < n; i++)
		git_oid_cpy(&g->v[i].commit, &commits[i]);
	qsort(g->v, n, sizeof(*g->v), cmp_group);
	for (i = 0; i < n; i++)
		if (m == 0 || !git_oid_equal(&g->v[m - 1].commit, &g->v[i].commit))
			g->v[m++] = g->v[i];
	g->n = m;
	return 0;
}

/* The group a run of `commit` goes to; NULL when none is to be rebuilt. */
static gb_note_group *group_of(rebuild_scan *r, const git_oid *commit)
{
	gb_note_group key;

	if (r->nonly == 0)
		return gb_note_groups_for(&r->groups, commit);
	git_oid_cpy(&key.commit, commit);
	return bsearch(&key, r->groups.v, r->groups.n, sizeof(key), cmp_group);
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

	if (!e->run)
		return 0;
	if (!(g = group_of(r, &e->run->commit)))
		return r->nonly ? 0 : GB_ERROR;
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
	git_oid head;
	int has_head, error;

	opts.want = gb_codec_want_none;
	/* The new notes commit moves the mark past runs of interrupted writes
	 * that may belong to commits not listed: complete them first. */
	if (n > 0 && gb_store_roll_forward(s) < 0)
		gb_error_clear();
	has_head = git_reference_name_to_id(&head, s->repo, s->history_ref) == 0;
	/* Listed commits without runs keep an empty group: they lose their
	 * note. */
	if ((error = listed_groups(&r.groups, commits, n)) < 0 ||
	    (error = gb_store_history_foreach(s, &opts, gather_record, &r)) < 0)
		goto cleanup;
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
