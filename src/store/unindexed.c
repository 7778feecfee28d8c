/*
 * Notes rebuilt from the history: for commits whose runs came with a
 * merge before the commit itself was fetched (found in waiting.c), and
 * for fsck and prune, which rewrite notes wholesale.
 */
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "store/store_int.h"

/* A run of the history that goes into its commit's note. */
typedef struct {
	git_oid commit;
	git_oid blob;       /* its record: the note holds these very bytes */
	size_t seq;         /* its place in the history walk */
} rebuild_entry;

typedef struct {
	gb_store *store;
	const git_oid *only;   /* sorted, each once; NULL with nonly 0: all */
	size_t nonly;
	rebuild_entry *v;
	size_t n, alloc;
} rebuild_scan;

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* By commit, then in history order: each note's records in a run. */
static int cmp_entry(const void *a, const void *b)
{
	const rebuild_entry *x = a, *y = b;
	int d = git_oid_cmp(&x->commit, &y->commit);

	return d ? d : (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Only the ids of the records are kept while the history is walked, and
 * each note is written as soon as it is put together: holding every
 * note's bytes until the one notes commit made a pull of 100,000 runs
 * into a fresh clone hold them all (260 MB).
 */
static int gather_record(const gb_history_entry *e, void *payload)
{
	rebuild_scan *r = payload;
	rebuild_entry *x;

	if (!e->run)
		return 0;
	if (r->nonly && !bsearch(&e->run->commit, r->only, r->nonly,
			   sizeof(git_oid), cmp_oid))
		return 0;
	/* A note goes only on a commit this repository has (git notes prune
	 * would drop the others): runs merged from a remote for commits not
	 * fetched wait in the history until they are. */
	if (!gb_store_commit_present(r->store, &e->run->commit))
		return 0;
	if (GB_ARRAY_GROW(r->v, r->n, r->alloc) < 0)
		return GB_ERROR;
	x = &r->v[r->n];
	git_oid_cpy(&x->commit, &e->run->commit);
	git_oid_cpy(&x->blob, e->blob);
	x->seq = r->n++;
	return 0;
}

/* The note of the entries [from, to), all of one commit, written. */
static int write_note(git_oid *out, gb_store *s, const rebuild_entry *from,
	const rebuild_entry *to, gb_buf *bytes)
{
	git_blob *blob = NULL;
	int error = 0;

	gb_buf_clear(bytes);
	for (; from < to && !error; from++) {
		if ((error = git_blob_lookup(&blob, s->repo, &from->blob)) < 0)
			return gb_error_git(error, "cannot read a run record");
		error = gb_buf_put(bytes, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
	}
	if (error < 0)
		return error;
	gb_error_git_clear();
	if ((error = git_blob_create_from_buffer(out, s->repo, bytes->ptr,
		     bytes->size)) < 0)
		return gb_error_git(error, "cannot write a note");
	return 0;
}

/*
 * One change per commit with runs (its note written), and one removal per
 * listed commit without any; *n is how many.
 */
static int rebuild_changes(gb_note_change **out, size_t *n, gb_store *s,
	rebuild_scan *r)
{
	gb_buf bytes = GB_BUF_INIT;
	size_t i = 0, j, cap = r->n + r->nonly;
	gb_note_change *c;
	int error = 0;

	*n = 0;
	if (!(*out = c = gb_calloc(cap ? cap : 1, sizeof(*c))))
		return GB_ERROR;
	if (r->n)
		qsort(r->v, r->n, sizeof(*r->v), cmp_entry);
	while (i < r->n && !error) {
		for (j = i + 1; j < r->n &&
			git_oid_equal(&r->v[j].commit, &r->v[i].commit); j++)
			;
		git_oid_cpy(&c[*n].commit, &r->v[i].commit);
		c[*n].action = GB_NOTE_REPLACE;
		c[*n].written = true;
		error = write_note(&c[(*n)++].blob, s, r->v + i, r->v + j, &bytes);
		i = j;
	}
	/* Both sorted: the listed commits left without runs, in one pass. */
	for (i = j = 0; i < r->nonly && !error; i++) {
		while (j < r->n && git_oid_cmp(&r->v[j].commit, &r->only[i]) < 0)
			j++;
		if (j < r->n && git_oid_equal(&r->v[j].commit, &r->only[i]))
			continue;
		git_oid_cpy(&c[*n].commit, &r->only[i]);
		c[(*n)++].action = GB_NOTE_REMOVE;
	}
	gb_buf_dispose(&bytes);
	return error;
}

int gb_store_notes_rebuild_rolled(gb_store *s, const git_oid *commits,
	size_t n, const char *message, size_t *rebuilt)
{
	bool rolling = s->rolling;
	int error;

	s->rolling = true;
	error = gb_store_notes_rebuild(s, commits, n, message, rebuilt);
	s->rolling = rolling;
	return error;
}

int gb_store_notes_rebuild(gb_store *s, const git_oid *commits, size_t n,
	const char *message, size_t *rebuilt)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	rebuild_scan r = { s, NULL, 0, NULL, 0, 0 };
	gb_note_change *changes = NULL;
	git_oid *only = NULL, head;
	gb_buf msg = GB_BUF_INIT;
	size_t nchanges = 0;
	int has_head, error;

	opts.want = gb_codec_want_none;
	/* The new notes commit moves the mark past runs of interrupted writes
	 * that may belong to commits not listed: complete them first. */
	if (n > 0 && gb_store_roll_forward(s) < 0)
		gb_error_clear();
	has_head = git_reference_name_to_id(&head, s->repo, s->history_ref) == 0;
	if (n > 0) {
		if (!(only = gb_calloc(n, sizeof(*only))))
			return GB_ERROR;
		memcpy(only, commits, n * sizeof(*only));
		r.nonly = gb_oids_sort_unique(only, n);
		r.only = only;
	}
	/* Listed commits without runs lose their note. */
	if ((error = gb_store_history_foreach(s, &opts, gather_record, &r)) < 0 ||
	    (error = rebuild_changes(&changes, &nchanges, s, &r)) < 0)
		goto cleanup;
	gb_store_notes_message(&msg, message, has_head ? &head : NULL);
	/* A listed commit without runs or note (waiting for its commit)
	 * changes nothing and is not counted. */
	error = nchanges ? gb_store_notes_write_counted(s, changes, nchanges,
				   msg.ptr, rebuilt)
			 : 0;
	if (!nchanges && rebuilt)
		*rebuilt = 0;
cleanup:
	free(r.v);
	free(only);
	free(changes);
	gb_buf_dispose(&msg);
	return error;
}
