/*
 * fsck --repair: the history first, as one commit that says what it did
 * (blobs that cannot be decoded move under damaged/, runs that only a note
 * holds come back under runs/, a damaged record comes back from a note's
 * copy), then the notes, rebuilt from the history. Nothing is thrown away:
 * whatever cannot be parsed is kept in the history tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fsck/fsck_int.h"
#include "gitbench/escape.h"

typedef struct {
	git_tree_update *updates;
	size_t n, alloc;
	gb_buf *paths;      /* owned paths, one per update */
	gb_buf log;         /* the commit message's body */
	git_oid *added;     /* blobs added under damaged/ by this repair */
	size_t nadded, aadded;
	git_oid *rebuild;   /* commits whose notes are rebuilt */
	size_t nrebuild, arebuild;
	git_oid *remove;    /* notes on vanished commits */
	size_t nremove, aremove;
	const char **strays; /* paths of the notes tree that are not notes */
	size_t nstrays, astrays;
} repair_job;

static int add_update(repair_job *j, git_tree_update_t action,
	const char *path, const git_oid *blob)
{
	size_t alloc = j->alloc;
	git_tree_update *u;

	/* Two arrays in step: the paths grow as the updates do. */
	if (GB_ARRAY_GROW(j->updates, j->n, j->alloc) < 0 ||
	    (j->alloc != alloc && GB_ARRAY_GROW(j->paths, j->n, alloc) < 0))
		return GB_ERROR;
	memset(&j->paths[j->n], 0, sizeof(gb_buf));
	if (gb_buf_puts(&j->paths[j->n], path) < 0)
		return GB_ERROR;
	u = &j->updates[j->n++];
	memset(u, 0, sizeof(*u));
	u->action = action;
	u->filemode = GIT_FILEMODE_BLOB;
	if (blob)
		git_oid_cpy(&u->id, blob);
	return 0;
}

static int add_oid(git_oid **list, size_t *n, size_t *alloc,
	const git_oid *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (git_oid_equal(&(*list)[i], id))
			return 0;
	if (gb_array_grow(list, alloc, *n, sizeof(git_oid)) < 0)
		return GB_ERROR;
	git_oid_cpy(&(*list)[(*n)++], id);
	return 0;
}

/* Keep `blob` (a tree with `mode`) under damaged/<where>/<its id>, once. */
static int keep_object(fsck_state *st, repair_job *j, const char *where,
	const git_oid *blob, git_filemode_t mode, gb_buf *kept_at)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	git_oid_tostr(hex, sizeof(hex), blob);
	gb_buf_clear(kept_at);
	if (gb_fsck_is_kept(st, blob))
		return gb_buf_puts(kept_at, "damaged/ (kept before)");
	for (i = 0; i < j->nadded; i++)
		if (git_oid_equal(&j->added[i], blob))
			return gb_buf_puts(kept_at, "damaged/ (with the same blob)");
	if (gb_buf_printf(kept_at, "damaged/%s/%s", where, hex) < 0 ||
	    add_oid(&j->added, &j->nadded, &j->aadded, blob) < 0 ||
	    add_update(j, GIT_TREE_UPDATE_UPSERT, kept_at->ptr, blob) < 0)
		return GB_ERROR;
	if (mode == GIT_FILEMODE_TREE)
		j->updates[j->n - 1].filemode = mode;
	st->report->quarantined++;
	return gb_buf_printf(&j->log, "keep %s\n", kept_at->ptr);
}

static int keep_blob(fsck_state *st, repair_job *j, const char *where,
	const git_oid *blob, gb_buf *kept_at)
{
	return keep_object(st, j, where, blob, GIT_FILEMODE_BLOB, kept_at);
}

/* The bytes of a note's record, written as a blob of their own. */
static int record_blob(git_oid *out, fsck_state *st, const fsck_rec *r)
{
	git_blob *note = NULL;
	int error;

	if ((error = git_blob_lookup(&note, st->repo,
		     &st->notes[r->note].blob)) < 0)
		return gb_error_git(error, "cannot read a note");
	gb_error_git_clear();
	error = git_blob_create_from_buffer(out, st->repo,
		(const char *)git_blob_rawcontent(note) + r->off, r->len);
	git_blob_free(note);
	return error < 0 ? gb_error_git(error, "cannot write a record") : 0;
}

/* A history blob that cannot be decoded: kept, and replaced by a note's
 * good copy of the same run when there is one. */
static int repair_record(fsck_state *st, repair_job *j, fsck_hist *h)
{
	gb_buf kept = GB_BUF_INIT;
	const fsck_rec *copy = h->copy >= 0 ? &st->recs[h->copy] : NULL;
	git_oid blob;
	int error = 0;

	if (!h->blob_missing)
		error = keep_blob(st, j, h->path, &h->blob, &kept);
	if (error < 0)
		goto cleanup;
	if (copy) {
		if ((error = record_blob(&blob, st, copy)) < 0 ||
		    (error = add_update(j, GIT_TREE_UPDATE_UPSERT, h->path,
			     &blob)) < 0 ||
		    (git_odb_exists(st->odb, &copy->commit) &&
		     (error = add_oid(&j->rebuild, &j->nrebuild, &j->arebuild,
			      &copy->commit)) < 0))
			goto cleanup;
		st->report->restored++;
		gb_buf_printf(&j->log, "restore %s from a note\n", h->path);
		error = gb_fsck_repaired(st, h->issue,
			"restored from a note%s%s", kept.size ? "; kept under " : "",
			kept.size ? kept.ptr : "");
	} else {
		if ((error = add_update(j, GIT_TREE_UPDATE_REMOVE, h->path,
			     NULL)) < 0)
			goto cleanup;
		error = gb_fsck_repaired(st, h->issue, h->blob_missing
			? "removed: its blob is missing and no note has a copy"
			: "kept under %s", kept.ptr);
	}
cleanup:
	gb_buf_dispose(&kept);
	return error;
}

/* A run only a note holds goes back into the history, once. */
static int restore_run(fsck_state *st, repair_job *j, fsck_rec *r)
{
	gb_run run;
	gb_buf path = GB_BUF_INIT;
	git_oid blob;
	int error;

	if (!r->first)
		return gb_fsck_repaired(st, r->issue,
			"put back into the history from another record");
	memset(&run, 0, sizeof(run));
	snprintf(run.id, sizeof(run.id), "%s", r->id);
	run.time = r->time;
	if ((error = gb_store_run_path(&path, &run)) < 0 ||
	    (error = record_blob(&blob, st, r)) < 0 ||
	    (error = add_update(j, GIT_TREE_UPDATE_UPSERT, path.ptr, &blob)) < 0)
		goto cleanup;
	st->report->restored++;
	gb_buf_printf(&j->log, "restore %s from a note\n", path.ptr);
	error = gb_fsck_repaired(st, r->issue, "put back into the history at %s",
		path.ptr);
	if (!error && git_odb_exists(st->odb, &r->commit))
		error = add_oid(&j->rebuild, &j->nrebuild, &j->arebuild,
			&r->commit);
cleanup:
	gb_buf_dispose(&path);
	return error;
}

static int add_stray(repair_job *j, const char *path)
{
	if (gb_array_grow(&j->strays, &j->astrays, j->nstrays,
		    sizeof(*j->strays)) < 0)
		return GB_ERROR;
	j->strays[j->nstrays++] = path;
	return 0;
}

static int repair_note(fsck_state *st, repair_job *j, fsck_note *n)
{
	char hex[GIT_OID_HEXSZ + 1], where[80];
	gb_buf kept = GB_BUF_INIT;
	int error = 0;

	git_oid_tostr(hex, sizeof(hex), &n->commit);
	/* A note on a blob or a tree, unread, is kept as it was. */
	if ((n->unreadable || n->not_commit) && !n->blob_missing) {
		snprintf(where, sizeof(where), "notes/%s", hex);
		error = keep_object(st, j, where, &n->blob,
			n->mode == GIT_FILEMODE_TREE ? GIT_FILEMODE_TREE
						     : GIT_FILEMODE_BLOB, &kept);
	}
	/* A note in the wrong shape goes by its path: a note written where
	 * a tree stands would fail, and removing the commit's note would
	 * not find it. */
	if (!error && n->path)
		error = add_stray(j, n->path);
	if (!error && n->issue)
		error = gb_fsck_repaired(st, n->issue, "%s%s%s",
			n->exists ? "rebuilt from the history" : "removed",
			kept.size ? "; kept under " : "", kept.size ? kept.ptr : "");
	else if (!error && n->not_commit)
		error = gb_fsck_repaired(st, n->vanished, "note removed%s%s",
			kept.size ? "; kept under " : "", kept.size ? kept.ptr : "");
	if (!error && !n->exists)
		error = add_oid(&j->remove, &j->nremove, &j->aremove, &n->commit);
	else if (!error && n->issue)
		error = add_oid(&j->rebuild, &j->nrebuild, &j->arebuild,
			&n->commit);
	gb_buf_dispose(&kept);
	return error;
}

/*
 * An entry of the notes tree that is not a note goes, and what it holds is
 * kept (a submodule holds nothing of this repository's): readers pass it
 * over, so only fsck would ever see it again.
 */
static int repair_stray(fsck_state *st, repair_job *j, fsck_stray *x)
{
	gb_buf kept = GB_BUF_INIT;
	int error = 0;

	if (x->mode != GIT_FILEMODE_COMMIT &&
	    git_odb_exists(st->odb, &x->id))
		error = keep_object(st, j, "stray-notes", &x->id,
			x->mode == GIT_FILEMODE_TREE ? GIT_FILEMODE_TREE
						     : GIT_FILEMODE_BLOB, &kept);
	/* The path, which the kept object's name does not say. */
	if (!error && (gb_buf_puts(&j->log, "remove ") < 0 ||
		       gb_escape_text(&j->log, x->path) < 0 ||
		       gb_buf_printf(&j->log, " from %s\n",
			       gb_store_notes_ref(st->store)) < 0))
		error = GB_ERROR;
	if (!error && (error = add_stray(j, x->path)) == 0)
		error = gb_fsck_repaired(st, x->issue,
			"removed from the notes%s%s",
			kept.size ? "; kept under " : "", kept.size ? kept.ptr : "");
	gb_buf_dispose(&kept);
	return error;
}

/* Decide every change; nothing is written yet. */
static int plan(fsck_state *st, repair_job *j)
{
	size_t i;
	int error = 0;

	for (i = 0; i < st->nhist && !error; i++) {
		fsck_hist *h = &st->hist[i];

		if (!h->ok)
			error = repair_record(st, j, h);
		else if (h->issue)
			error = add_oid(&j->rebuild, &j->nrebuild, &j->arebuild,
				&h->commit);
	}
	for (i = 0; i < st->nnotes && !error; i++)
		error = repair_note(st, j, &st->notes[i]);
	for (i = 0; i < st->nstrays && !error; i++)
		error = repair_stray(st, j, &st->strays[i]);
	for (i = 0; i < st->nrecs && !error; i++) {
		fsck_rec *r = &st->recs[i];
		const fsck_note *n = &st->notes[r->note];

		if (r->hist < 0)
			error = restore_run(st, j, r);
		else if (r->issue && n->exists)
			error = add_oid(&j->rebuild, &j->nrebuild, &j->arebuild,
				&n->commit);
	}
	return error;
}

static int write_history(fsck_state *st, repair_job *j)
{
	gb_fsck_report *r = st->report;
	gb_buf msg = GB_BUF_INIT;
	size_t i;
	int error;

	if (j->n == 0)
		return 0;
	for (i = 0; i < j->n; i++)
		j->updates[i].path = j->paths[i].ptr;
	gb_buf_printf(&msg, "Repair: %zu run%s put back from notes, %zu blob%s "
		"kept under damaged/\n\nWritten by 'git bench fsck --repair'.\n\n%s",
		r->restored, r->restored == 1 ? "" : "s", r->quarantined,
		r->quarantined == 1 ? "" : "s", j->log.ptr ? j->log.ptr : "");
	error = gb_store_history_write(st->store, j->updates, j->n, msg.ptr,
		NULL, 0, &r->history_commit);
	r->wrote_history = error == 0;
	gb_buf_dispose(&msg);
	return error;
}

/* What the notes commit that removes notes says it removed. */
static const char *removal_message(const repair_job *j)
{
	if (!j->nstrays)
		return "Notes on commits that no longer exist removed by "
			"'git bench fsck --repair'";
	if (!j->nremove)
		return "Entries that are not notes removed by "
			"'git bench fsck --repair'";
	return "Notes on commits that no longer exist, and entries that are "
		"not notes, removed by 'git bench fsck --repair'";
}

static int write_notes(fsck_state *st, repair_job *j)
{
	gb_note_change *changes = NULL;
	gb_buf msg = GB_BUF_INIT;
	git_oid head;
	size_t i, n = j->nremove + j->nstrays;
	int error = 0, has_head;

	has_head = git_reference_name_to_id(&head, st->repo,
		gb_store_history_ref(st->store)) == 0;
	/* Removed before the rebuild: a note rebuilt where a stray tree
	 * stands could not be written. */
	if (n) {
		if (!(changes = gb_calloc(n, sizeof(*changes))))
			return GB_ERROR;
		for (i = 0; i < j->nremove; i++) {
			git_oid_cpy(&changes[i].commit, &j->remove[i]);
			changes[i].action = GB_NOTE_REMOVE;
		}
		for (i = 0; i < j->nstrays; i++) {
			changes[j->nremove + i].action = GB_NOTE_REMOVE;
			changes[j->nremove + i].path = j->strays[i];
		}
		/* The mark goes on every notes commit the store writes. */
		gb_store_notes_message(&msg, removal_message(j),
			has_head ? &head : NULL);
		error = gb_store_notes_write_counted(st->store, changes, n,
			msg.ptr, &st->report->notes_removed);
	}
	if (!error && j->nrebuild)
		error = gb_store_notes_rebuild(st->store, j->rebuild, j->nrebuild,
			"Notes rebuilt from the history by 'git bench fsck --repair'",
			&st->report->notes_rebuilt);
	free(changes);
	gb_buf_dispose(&msg);
	return error;
}

/* What the notes' rebuild did for the issues nothing else answered. */
static int describe_rest(fsck_state *st)
{
	size_t i;
	int error = 0;

	for (i = 0; i < st->report->nissues && !error; i++) {
		const gb_fsck_issue *is = &st->report->issues[i];

		if (is->repair)
			continue;
		if (is->kind == GB_FSCK_VANISHED_COMMIT)
			error = gb_fsck_repaired(st, i + 1, "note removed");
		else if (is->kind != GB_FSCK_DAMAGED_RECORD)
			error = gb_fsck_repaired(st, i + 1,
				"note rebuilt from the history");
	}
	return error;
}

int gb_fsck_repair(fsck_state *st)
{
	repair_job j;
	size_t i;
	int error;

	memset(&j, 0, sizeof(j));
	if ((error = plan(st, &j)) == 0 &&
	    (error = write_history(st, &j)) == 0 &&
	    (error = write_notes(st, &j)) == 0)
		error = describe_rest(st);
	st->report->repaired = error == 0;
	for (i = 0; i < j.n; i++)
		gb_buf_dispose(&j.paths[i]);
	free(j.paths);
	free(j.updates);
	free(j.added);
	free(j.rebuild);
	free(j.remove);
	free(j.strays);
	gb_buf_dispose(&j.log);
	return error;
}
