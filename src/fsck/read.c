/*
 * fsck's reading: every record of the history and every note into the
 * state, sorted so that the copies of a run can be found by its id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fsck/fsck_int.h"
#include "gitbench/repo.h"

/* ---- lookups ------------------------------------------------------------- */

static int cmp_hist_id(const void *a, const void *b)
{
	return strcmp((*(fsck_hist *const *)a)->id, (*(fsck_hist *const *)b)->id);
}

fsck_hist *gb_fsck_find_run(const fsck_state *st, const char *id)
{
	size_t lo = 0, hi = st->nhist;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->by_id[mid]->id, id);

		if (c == 0)
			return st->by_id[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_note(const void *a, const void *b)
{
	return git_oid_cmp(&((const fsck_note *)a)->commit,
		&((const fsck_note *)b)->commit);
}

fsck_note *gb_fsck_find_note(const fsck_state *st, const git_oid *commit)
{
	fsck_note key;

	if (!st->nnotes)
		return NULL;
	git_oid_cpy(&key.commit, commit);
	return bsearch(&key, st->notes, st->nnotes, sizeof(*st->notes),
		cmp_note);
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

bool gb_fsck_is_kept(const fsck_state *st, const git_oid *blob)
{
	return st->nkept && bsearch(blob, st->kept, st->nkept,
		sizeof(*st->kept), cmp_oid) != NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool gb_fsck_is_removed(const fsck_state *st, const char *id)
{
	return st->nremoved && bsearch(&id, st->removed, st->nremoved,
		sizeof(*st->removed), cmp_str) != NULL;
}

bool gb_fsck_is_pending(const fsck_state *st, const char *path)
{
	return st->npending && bsearch(&path, st->pending, st->npending,
		sizeof(*st->pending), cmp_str) != NULL;
}

/* ---- reading the history ------------------------------------------------- */

static int visit_history(const gb_history_entry *e, void *payload)
{
	fsck_state *st = payload;
	const char *base = strrchr(e->path, '/');
	fsck_hist *h;

	if (gb_array_grow(&st->hist, &st->ahist, st->nhist, sizeof(*h)) < 0)
		return GB_ERROR;
	h = &st->hist[st->nhist];
	memset(h, 0, sizeof(*h));
	h->copy = -1;
	h->id = "";
	git_oid_cpy(&h->blob, e->blob);
	if (!(h->path = gb_strpool_keep(&st->strings, e->path, strlen(e->path))))
		return GB_ERROR;
	st->nhist++;
	/* The id is the path's last part, as record writes it, or kept apart. */
	base = h->path + (base ? (size_t)(base + 1 - e->path) : 0);
	if (e->run) {
		h->ok = true;
		if (!(h->id = gb_strpool_keep_name(&st->strings, h->path,
			      e->run->id)))
			return GB_ERROR;
		git_oid_cpy(&h->commit, &e->run->commit);
		h->commit_exists = git_odb_exists(st->odb, &h->commit) != 0;
	} else {
		if (gb_run_id_valid(base))
			h->id = base;
		h->blob_missing = !git_odb_exists(st->odb, e->blob);
		if (!(h->issue = gb_fsck_add_issue(st, GB_FSCK_DAMAGED_RECORD, NULL,
			      h->id, e->path, "%s", e->error)))
			return GB_ERROR;
	}
	st->report->records++;
	gb_fsck_progress(st, "Checking records", st->report->records, 0);
	return 0;
}

static int visit_kept(const char *root, const git_tree_entry *e, void *p)
{
	fsck_state *st = p;

	GB_UNUSED(root);
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (gb_array_grow(&st->kept, &st->akept, st->nkept, sizeof(git_oid)) < 0)
		return GB_ERROR;
	git_oid_cpy(&st->kept[st->nkept++], git_tree_entry_id(e));
	return 0;
}

static int walk_kept(fsck_state *st, git_tree *root)
{
	git_tree_entry *e = NULL;
	git_tree *kept = NULL;
	int error = 0;

	if (git_tree_entry_bypath(&e, root, "damaged") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto cleanup;
	if ((error = git_tree_lookup(&kept, st->repo, git_tree_entry_id(e))) < 0) {
		error = gb_error_git(error, "cannot read damaged/");
		goto cleanup;
	}
	if ((error = git_tree_walk(kept, GIT_TREEWALK_PRE, visit_kept, st)) < 0 &&
	    error != GB_ERROR)
		error = gb_error_git(error, "cannot read damaged/");
cleanup:
	git_tree_free(kept);
	git_tree_entry_free(e);
	return error;
}

/* The blobs earlier repairs kept under damaged/: not damage any more. */
static int read_kept(fsck_state *st)
{
	git_commit *tip = NULL;
	git_tree *root = NULL;
	int error;

	if ((error = gb_ref_peel_commit(&tip, st->repo,
		     gb_store_history_ref(st->store))) < 0 || !tip)
		return error;
	if ((error = git_commit_tree(&root, tip)) < 0)
		error = gb_error_git(error, "cannot read %s",
			gb_store_history_ref(st->store));
	else
		error = walk_kept(st, root);
	st->report->kept = st->nkept;
	if (st->nkept)
		qsort(st->kept, st->nkept, sizeof(*st->kept), cmp_oid);
	git_tree_free(root);
	git_commit_free(tip);
	return error;
}

static int collect_pending(const char *path, const git_oid *blob, void *p)
{
	fsck_state *st = p;

	GB_UNUSED(blob);
	if (gb_array_grow(&st->pending, &st->apending, st->npending,
		    sizeof(char *)) < 0 ||
	    !(st->pending[st->npending] = gb_strdup(path)))
		return GB_ERROR;
	st->npending++;
	return 0;
}

/* A run id a prune or forget took out of the history: the path's end. */
static int collect_removed(const char *path, const git_oid *blob, void *p)
{
	fsck_state *st = p;
	const char *id = strrchr(path, '/');

	GB_UNUSED(blob);
	if (gb_array_grow(&st->removed, &st->aremoved, st->nremoved,
		    sizeof(char *)) < 0 ||
	    !(st->removed[st->nremoved] = gb_strdup(id ? id + 1 : path)))
		return GB_ERROR;
	st->nremoved++;
	return 0;
}

/* The runs of writes interrupted between the history and the notes. */
static int read_pending(fsck_state *st)
{
	git_oid chain[64];
	size_t n = 0, i;
	int error;

	if ((error = gb_store_pending(chain, &n, st->store)) <= 0)
		return error;
	for (i = 0, error = 0; i < n && !error; i++)
		if ((error = gb_store_added_runs(st->repo, &chain[i],
			     collect_pending, st)) == 0)
			error = gb_store_removed_runs(st->repo, &chain[i],
				collect_removed, st);
	if (st->npending)
		qsort(st->pending, st->npending, sizeof(char *), cmp_str);
	if (st->nremoved)
		qsort(st->removed, st->nremoved, sizeof(char *), cmp_str);
	return error;
}

int gb_fsck_read_history(fsck_state *st)
{
	size_t i;
	int error;

	if ((error = read_kept(st)) < 0 || (error = read_pending(st)) < 0 ||
	    (error = gb_store_history_foreach(st->store, NULL, visit_history,
		     st)) < 0)
		return error;
	if (st->nhist && !(st->by_id = gb_calloc(st->nhist, sizeof(*st->by_id))))
		return GB_ERROR;
	for (i = 0; i < st->nhist; i++) {
		st->by_id[i] = &st->hist[i];
		st->hist[i].pending = gb_fsck_is_pending(st, st->hist[i].path);
	}
	if (st->nhist)
		qsort(st->by_id, st->nhist, sizeof(*st->by_id), cmp_hist_id);
	return 0;
}

/* ---- reading the notes --------------------------------------------------- */

static int visit_note(const git_oid *commit, const git_oid *blob, void *p)
{
	fsck_state *st = p;
	git_object_t type;
	size_t size;
	fsck_note *n;

	if (gb_array_grow(&st->notes, &st->anotes, st->nnotes, sizeof(*n)) < 0)
		return GB_ERROR;
	n = &st->notes[st->nnotes++];
	memset(n, 0, sizeof(*n));
	git_oid_cpy(&n->commit, commit);
	git_oid_cpy(&n->blob, blob);
	/* git notes annotates any object; git bench, commits only. */
	if (git_odb_read_header(&size, &type, st->odb, commit) == 0) {
		n->exists = type == GIT_OBJECT_COMMIT;
		if (!n->exists)
			n->not_commit = type;
	}
	return 0;
}

/* What an entry of the notes tree is, for a message. */
static const char *entry_kind(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_TREE: return "tree";
	case GIT_FILEMODE_LINK: return "symbolic link";
	case GIT_FILEMODE_COMMIT: return "submodule";
	default: return "file";
	}
}

/*
 * A commit's note in a shape no reader takes (a tree, a link): the note
 * of that commit, damaged, which read_note reports and the repair
 * removes by its path.
 */
static int visit_shaped(fsck_state *st, const gb_note_stray *e)
{
	fsck_note *n;

	if (visit_note(e->object, e->id, st) < 0)
		return GB_ERROR;
	n = &st->notes[st->nnotes - 1];
	n->mode = e->mode;
	if (!(n->path = gb_strpool_keep(&st->strings, e->path,
		      strlen(e->path))))
		return GB_ERROR;
	return 0;
}

/* An entry that readers pass over: damage, named by its own path. */
static int visit_stray(const gb_note_stray *e, void *p)
{
	fsck_state *st = p;
	gb_buf where = GB_BUF_INIT;
	fsck_stray *x;

	if (e->object)
		return visit_shaped(st, e);
	if (gb_array_grow(&st->strays, &st->astrays, st->nstrays,
		    sizeof(*x)) < 0)
		return GB_ERROR;
	x = &st->strays[st->nstrays];
	memset(x, 0, sizeof(*x));
	git_oid_cpy(&x->id, e->id);
	x->mode = e->mode;
	if (!(x->path = gb_strpool_keep(&st->strings, e->path,
		      strlen(e->path))) ||
	    gb_buf_printf(&where, "%s:%s", gb_store_notes_ref(st->store),
		    e->path) < 0)
		goto oom;
	x->issue = gb_fsck_add_issue(st, GB_FSCK_NOT_A_NOTE, NULL, NULL,
		where.ptr, "not a note: a %s whose path is not an object id",
		entry_kind(e->mode));
	if (!x->issue)
		goto oom;
	st->nstrays++;
	gb_buf_dispose(&where);
	return 0;
oom:
	gb_buf_dispose(&where);
	return GB_ERROR;
}

static int add_record(fsck_state *st, size_t note, const gb_run *run,
	const char *data, size_t off, size_t len)
{
	const fsck_hist *h;
	fsck_rec *r;

	if (gb_array_grow(&st->recs, &st->arecs, st->nrecs, sizeof(*r)) < 0)
		return GB_ERROR;
	r = &st->recs[st->nrecs];
	memset(r, 0, sizeof(*r));
	/* Most records are of a run of the history: its id serves both. */
	if ((h = gb_fsck_find_run(st, run->id)))
		r->id = h->id;
	else if (!(r->id = gb_strpool_keep(&st->strings, run->id, strlen(run->id))))
		return GB_ERROR;
	st->nrecs++;
	git_oid_cpy(&r->commit, &run->commit);
	r->time = run->time;
	r->note = note;
	r->off = off;
	r->len = len;
	r->hist = -1;
	if (git_odb_hash(&r->hash, data + off, len, GIT_OBJECT_BLOB) < 0)
		return gb_error_git(-1, "cannot hash a record");
	return 0;
}

/* Every record of note `i` that can be read; the first that cannot ends it. */
static int read_note(fsck_state *st, size_t i)
{
	fsck_note *n = &st->notes[i];
	git_blob *blob = NULL;
	const char *data;
	size_t len, off = 0, k = 0;
	char where[64]; /* named only for an issue: a lookup of the commit */
	int error = 0;

	n->first = st->nrecs;
	/* Not measured there, so not compared with the history: the note
	 * goes whole (cross_check), its records with it. */
	if (n->not_commit)
		return 0;
	if (n->path) {
		n->unreadable = true;
		n->blob_missing = n->mode == GIT_FILEMODE_COMMIT ||
			!git_odb_exists(st->odb, &n->blob);
		gb_fsck_note_where(where, st->repo, &n->commit);
		n->issue = gb_fsck_add_issue(st, GB_FSCK_DAMAGED_NOTE, &n->commit,
			NULL, where, "the note is a %s, not a file",
			entry_kind(n->mode));
		return n->issue ? 0 : GB_ERROR;
	}
	if (git_blob_lookup(&blob, st->repo, &n->blob) < 0) {
		n->unreadable = n->blob_missing = true;
		gb_fsck_note_where(where, st->repo, &n->commit);
		n->issue = gb_fsck_add_issue(st, GB_FSCK_DAMAGED_NOTE, &n->commit, NULL,
			where, "the note's blob is missing from the repository");
		return n->issue ? 0 : GB_ERROR;
	}
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	while (off < len && !error) {
		gb_run *run = NULL;
		size_t used = 0;

		k++;
		if (gb_codec_decode(&run, &used, data + off, len - off, NULL) < 0) {
			n->unreadable = true;
			gb_fsck_note_where(where, st->repo, &n->commit);
			n->issue = gb_fsck_add_issue(st, GB_FSCK_DAMAGED_NOTE, &n->commit,
				NULL, where, "record %zu (byte %zu): %s", k, off,
				gb_error_last()->message);
			error = n->issue ? 0 : GB_ERROR;
			break;
		}
		error = add_record(st, i, run, data, off, used);
		gb_run_free(run);
		off += used;
	}
	if (len == 0) {
		n->unreadable = true;
		gb_fsck_note_where(where, st->repo, &n->commit);
		n->issue = gb_fsck_add_issue(st, GB_FSCK_DAMAGED_NOTE, &n->commit, NULL,
			where, "the note is empty");
		error = n->issue ? 0 : GB_ERROR;
	}
	n->n = st->nrecs - n->first;
	st->report->note_records += n->n;
	git_blob_free(blob);
	return error;
}

/* By run, then note, then place in the note. */
static int cmp_rec(const void *a, const void *b, void *recs)
{
	const fsck_rec *x = &((const fsck_rec *)recs)[*(const size_t *)a];
	const fsck_rec *y = &((const fsck_rec *)recs)[*(const size_t *)b];
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	if (x->note != y->note)
		return x->note < y->note ? -1 : 1;
	return (x > y) - (x < y);
}

/* Which records repeat a run: sorted once, not compared pairwise, since a
 * hostile note may hold many records. */
static int mark_repeats(fsck_state *st)
{
	size_t *order, i;

	if (!st->nrecs)
		return 0;
	if (!(order = gb_calloc(st->nrecs, sizeof(*order))))
		return GB_ERROR;
	for (i = 0; i < st->nrecs; i++)
		order[i] = i;
	qsort_r(order, st->nrecs, sizeof(*order), cmp_rec, st->recs);
	for (i = 0; i < st->nrecs; i++) {
		fsck_rec *r = &st->recs[order[i]];
		const fsck_rec *prev = i ? &st->recs[order[i - 1]] : NULL;

		r->first = !prev || strcmp(prev->id, r->id) != 0;
		r->again = !r->first && prev->note == r->note;
	}
	free(order);
	return 0;
}

int gb_fsck_read_notes(fsck_state *st)
{
	size_t i;
	int error;

	if ((error = gb_store_notes_walk(st->store, visit_note, visit_stray,
		     st)) < 0)
		return error;
	if (st->nnotes)
		qsort(st->notes, st->nnotes, sizeof(*st->notes), cmp_note);
	for (i = 0; i < st->nnotes && !error; i++) {
		error = read_note(st, i);
		gb_fsck_progress(st, "Checking notes", i + 1, st->nnotes);
	}
	st->report->notes = st->nnotes;
	return error ? error : mark_repeats(st);
}
