/*
 * Notes git carried across a rewrite, taken from a remote.
 *
 * With notes.rewriteRef, git commit --amend and git rebase copy the note
 * of the commit they rewrite to the commit they make. The copy's records
 * still name the commit measured, and the history keeps them under it, so
 * notes rebuilt from the history cannot make the copy: the notes a clone
 * pushed are the only place it is. A pull takes a note of the remote's
 * when it is such a copy, and nothing else of the remote's notes:
 *
 *  - the annotated commit is a commit here;
 *  - every record of the note is, byte for byte, the record the merged
 *    (checked) history holds at the path the record's id and time give,
 *    each run once;
 *  - the records name at most two commits: the annotated one (its own
 *    runs) and one other, which is the same change as the annotated
 *    commit (gb_repo_same_change), or is not here to tell, as fsck takes
 *    it.
 *
 * A remote could write a run naming any commit into its history; a note
 * taken so attaches no more than that. What checking costs is bounded by
 * what was fetched: notes both sides hold (whole subtrees of them) are
 * passed over unread, and each distinct blob is read once, its records
 * looked up in the history tree by path.
 */
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "gitbench/repo.h"
#include "record/codec_int.h"
#include "sync/sync_int.h"

/* A note of the remote's that ours does not have the same. */
typedef struct {
	git_oid commit, blob;
} candidate;

/* What one note blob holds, checked against the history. */
typedef struct {
	bool ok;             /* records of the history, each once */
	git_oid named[2];    /* the commits they name */
	size_t nnamed;
	git_oid *hashes;     /* their blob ids, sorted */
	size_t nhashes, ahashes;
} note_verdict;

typedef struct {
	gb_store *store;
	git_repository *repo;
	git_odb *odb;
	git_tree *history;   /* the merged history's tree */
	candidate *v;
	size_t n, alloc;
	gb_note_change *changes;
	size_t nchanges, achanges;
} carry_job;

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

static int by_blob(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	int d = git_oid_cmp(&x->blob, &y->blob);

	return d ? d : git_oid_cmp(&x->commit, &y->commit);
}

static bool is_commit(carry_job *j, const git_oid *id)
{
	git_object_t type;
	size_t size;

	return git_odb_read_header(&size, &type, j->odb, id) == 0 &&
		type == GIT_OBJECT_COMMIT;
}

/* A remote note: a candidate unless ours is the same or it is no commit's. */
static int collect(const git_oid *commit, const git_oid *blob, void *payload)
{
	carry_job *j = payload;
	git_oid ours;
	int error = gb_store_note_blob(&ours, j->store, commit);

	if (error == 0 && git_oid_equal(&ours, blob))
		return 0;
	if (error < 0 && error != GB_ENOTFOUND)
		return error;
	gb_error_clear();
	if (!is_commit(j, commit))
		return 0;
	if (GB_ARRAY_GROW(j->v, j->n, j->alloc) < 0)
		return GB_ERROR;
	git_oid_cpy(&j->v[j->n].commit, commit);
	git_oid_cpy(&j->v[j->n].blob, blob);
	j->n++;
	return 0;
}

/*
 * The blob ids of the records of `data` into v, sorted; with `check`,
 * each found in the history, and the commits they name (up to two) in
 * v->named. 0, or 1 when `data` is not such a stream of records, each
 * once.
 */
static int split_records(note_verdict *v, const char *data, size_t len,
	carry_job *j, bool check)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_buf path = GB_BUF_INIT;
	size_t off = 0, used, k;
	int bad = 0;

	opts.want = gb_codec_want_none;
	while (off < len && !bad) {
		git_tree_entry *e = NULL;
		gb_run *run = NULL;
		git_oid h;

		if (gb_codec_decode(&run, &used, data + off, len - off, &opts) < 0 ||
		    git_odb_hash(&h, data + off, used, GIT_OBJECT_BLOB) < 0) {
			bad = 1;
		} else if (check) {
			/* The history's record of that run, these very bytes. */
			gb_buf_clear(&path);
			bad = gb_store_run_path(&path, run) < 0 ||
			      git_tree_entry_bypath(&e, j->history, path.ptr) < 0 ||
			      git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB ||
			      !git_oid_equal(git_tree_entry_id(e), &h);
			for (k = 0; k < v->nnamed &&
			     !git_oid_equal(&v->named[k], &run->commit); k++)
				;
			if (!bad && k == v->nnamed && v->nnamed++ < 2)
				git_oid_cpy(&v->named[k], &run->commit);
			bad = bad || v->nnamed > 2;
		}
		git_tree_entry_free(e);
		gb_run_free(run);
		if (!bad && GB_ARRAY_GROW(v->hashes, v->nhashes, v->ahashes) < 0) {
			gb_buf_dispose(&path);
			return GB_ERROR;
		}
		if (!bad)
			git_oid_cpy(&v->hashes[v->nhashes++], &h);
		off += bad ? 0 : used;
	}
	gb_buf_dispose(&path);
	gb_error_clear();
	git_error_clear();
	if (v->nhashes)
		qsort(v->hashes, v->nhashes, sizeof(git_oid), cmp_oid);
	for (k = 1; k < v->nhashes && !bad; k++)
		bad = git_oid_equal(&v->hashes[k - 1], &v->hashes[k]);
	return bad || !v->nhashes;
}

/* The content of blob `id`, when it is a blob no larger than a record. */
static int load_blob(git_blob **out, carry_job *j, const git_oid *id)
{
	git_object_t type;
	size_t size;

	*out = NULL;
	if (git_odb_read_header(&size, &type, j->odb, id) < 0 ||
	    type != GIT_OBJECT_BLOB || size > GB_RECORD_MAX_BYTES ||
	    git_blob_lookup(out, j->repo, id) < 0) {
		git_error_clear();
		return 1;
	}
	return 0;
}

static int judge_blob(note_verdict *v, carry_job *j, const git_blob *b)
{
	int error;

	memset(v, 0, sizeof(*v));
	error = split_records(v, git_blob_rawcontent(b),
		(size_t)git_blob_rawsize(b), j, true);
	v->ok = error == 0;
	return error < 0 ? error : 0;
}

/* The commit measured, other than `commit`, whose copy the note is. */
static const git_oid *carried_from(const note_verdict *v,
	const git_oid *commit)
{
	if (v->nnamed == 1)
		return git_oid_equal(&v->named[0], commit) ? NULL : &v->named[0];
	if (git_oid_equal(&v->named[0], commit))
		return &v->named[1];
	return git_oid_equal(&v->named[1], commit) ? &v->named[0] : NULL;
}

static gb_note_change *add_change(carry_job *j, const git_oid *commit)
{
	gb_note_change *c = gb_note_change_add(&j->changes, &j->nchanges,
		&j->achanges, commit, GB_NOTE_REPLACE);

	if (c)
		c->written = true;
	return c;
}

/*
 * Our note of `commit` with the remote's records it lacks: the remote's
 * very blob when that holds all of ours, else ours and the rest after.
 */
static int join(git_oid *out, carry_job *j, const git_oid *ours,
	const note_verdict *theirs, const git_blob *b)
{
	note_verdict mine;
	git_blob *m = NULL;
	gb_buf content = GB_BUF_INIT;
	const char *data = git_blob_rawcontent(b);
	size_t len = (size_t)git_blob_rawsize(b), off = 0, used, k;
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	int error;

	memset(&mine, 0, sizeof(mine));
	if (load_blob(&m, j, ours) ||
	    (error = split_records(&mine, git_blob_rawcontent(m),
		     (size_t)git_blob_rawsize(m), j, false)) > 0) {
		error = 1; /* ours is damaged: fsck's to judge, not ours */
		goto cleanup;
	}
	if (error < 0)
		goto cleanup;
	for (k = 0; k < mine.nhashes && bsearch(&mine.hashes[k],
		     theirs->hashes, theirs->nhashes, sizeof(git_oid), cmp_oid); k++)
		;
	if (k == mine.nhashes) {
		git_oid_cpy(out, git_blob_id(b));
		goto cleanup;
	}
	opts.want = gb_codec_want_none;
	error = gb_buf_put(&content, git_blob_rawcontent(m),
		(size_t)git_blob_rawsize(m));
	while (off < len && error == 0) {
		gb_run *run = NULL;
		git_oid h;

		/* Checked already: every record decodes. */
		if ((error = gb_codec_decode(&run, &used, data + off, len - off,
			     &opts)) < 0)
			break;
		gb_run_free(run);
		if (git_odb_hash(&h, data + off, used, GIT_OBJECT_BLOB) == 0 &&
		    !bsearch(&h, mine.hashes, mine.nhashes, sizeof(git_oid),
			    cmp_oid))
			error = gb_buf_put(&content, data + off, used);
		off += used;
	}
	gb_error_git_clear();
	if (error == 0 && (error = git_blob_create_from_buffer(out, j->repo,
				   content.ptr, content.size)) < 0)
		error = gb_error_git(error, "cannot write a note");
cleanup:
	free(mine.hashes);
	git_blob_free(m);
	gb_buf_dispose(&content);
	return error;
}

/* The candidates [from, to), all of blob `blob`: those it is a copy for. */
static int take_group(carry_job *j, const candidate *from, const candidate *to)
{
	note_verdict v;
	git_blob *b = NULL;
	int error = 0;

	memset(&v, 0, sizeof(v));
	if (load_blob(&b, j, &from->blob) ||
	    (error = judge_blob(&v, j, b)) < 0 || !v.ok)
		goto cleanup;
	for (; from < to && error >= 0; from++) {
		const git_oid *measured = carried_from(&v, &from->commit);
		gb_note_change *c;
		git_oid ours;

		if (!measured ||
		    gb_repo_same_change(j->repo, measured, &from->commit) == 0)
			continue;
		if (!(c = add_change(j, &from->commit))) {
			error = GB_ERROR;
			break;
		}
		git_oid_cpy(&c->blob, &from->blob);
		if ((error = gb_store_note_blob(&ours, j->store,
			     &from->commit)) == GB_ENOTFOUND) {
			gb_error_clear();
			error = 0;
		} else if (error == 0 &&
			   (error = join(&c->blob, j, &ours, &v, b)) > 0) {
			j->nchanges--; /* our note is damaged: left as it is */
			error = 0;
		}
	}
cleanup:
	free(v.hashes);
	git_blob_free(b);
	return error < 0 ? error : 0;
}

static int take(carry_job *j, const char *label, size_t *taken)
{
	gb_buf msg = GB_BUF_INIT, what = GB_BUF_INIT;
	git_oid mark;
	size_t i, k;
	int has_mark, error = 0;

	if (j->n)
		qsort(j->v, j->n, sizeof(*j->v), by_blob);
	for (i = 0; i < j->n && !error; i = k) {
		for (k = i + 1; k < j->n &&
		     git_oid_equal(&j->v[k].blob, &j->v[i].blob); k++)
			;
		error = take_group(j, j->v + i, j->v + k);
	}
	if (error < 0 || !j->nchanges)
		return error;
	/* The notes index the history as far as they did: the mark stays. */
	if ((has_mark = gb_store_notes_mark(&mark, j->store)) < 0)
		return has_mark;
	gb_buf_puts(&what, "Notes carried across rewrites, taken from ");
	gb_escape_text(&what, label);
	if ((error = gb_store_notes_message(&msg, what.ptr,
		     has_mark ? &mark : NULL)) == 0)
		error = gb_store_notes_write_counted(j->store, j->changes,
			j->nchanges, msg.ptr, taken);
	gb_buf_dispose(&msg);
	gb_buf_dispose(&what);
	return error;
}

int gb_sync_take_carried(gb_store *s, const char *name, const char *label,
	size_t *taken)
{
	carry_job j;
	gb_buf ref = GB_BUF_INIT;
	git_commit *theirs = NULL, *history = NULL, *ours = NULL;
	git_tree *tree = NULL, *except = NULL;
	int error;

	*taken = 0;
	memset(&j, 0, sizeof(j));
	j.store = s;
	j.repo = gb_store_repository(s);
	if ((error = gb_sync_tracking_ref(&ref, name, "notes")) < 0 ||
	    (error = gb_ref_peel_commit(&theirs, j.repo, ref.ptr)) < 0 ||
	    !theirs ||
	    (error = gb_ref_peel_commit(&history, j.repo,
		     gb_store_history_ref(s))) < 0 || !history ||
	    (error = gb_ref_peel_commit(&ours, j.repo,
		     gb_store_notes_ref(s))) < 0)
		goto cleanup;
	if ((error = git_repository_odb(&j.odb, j.repo)) < 0 ||
	    (error = git_commit_tree(&tree, theirs)) < 0 ||
	    (error = git_commit_tree(&j.history, history)) < 0 ||
	    (ours && (error = git_commit_tree(&except, ours)) < 0)) {
		error = gb_error_git(error, "cannot read the notes of %s", label);
		goto cleanup;
	}
	if ((error = gb_notes_tree_walk(j.repo, tree, except, collect, &j)) == 0)
		error = take(&j, label, taken);
	gb_store_invalidate(s);
cleanup:
	free(j.v);
	free(j.changes);
	git_tree_free(tree);
	git_tree_free(except);
	git_tree_free(j.history);
	git_odb_free(j.odb);
	git_commit_free(theirs);
	git_commit_free(history);
	git_commit_free(ours);
	gb_buf_dispose(&ref);
	return error;
}
