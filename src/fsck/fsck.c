/*
 * fsck: read every record of the history and every note, and say how the
 * two copies differ. Every run is identified by its run id, in the history
 * and in notes alike; a history blob that cannot be decoded still has one,
 * the last part of its path, which lets a note's copy stand in for it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "fsck/fsck_int.h"
#include "gitbench/repo.h"

const char *gb_fsck_kind_name(gb_fsck_kind kind)
{
	switch (kind) {
	case GB_FSCK_DAMAGED_RECORD: return "damaged-record";
	case GB_FSCK_DAMAGED_NOTE: return "damaged-note";
	case GB_FSCK_MISSING_FROM_NOTE: return "missing-from-note";
	case GB_FSCK_MISSING_FROM_HISTORY: return "missing-from-history";
	case GB_FSCK_NOTE_MISMATCH: return "note-mismatch";
	case GB_FSCK_VANISHED_COMMIT: return "vanished-commit";
	case GB_FSCK_INTERRUPTED: return "interrupted-write";
	case GB_FSCK_NOT_A_NOTE: return "not-a-note";
	case GB_FSCK_NOTE_ON_NON_COMMIT: return "note-on-non-commit";
	}
	return "unknown";
}

void gb_fsck_report_free(gb_fsck_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nissues; i++) {
		free(r->issues[i].where);
		free(r->issues[i].what);
		free(r->issues[i].repair);
	}
	free(r->issues);
	free(r);
}

size_t gb_fsck_add_issue(fsck_state *st, gb_fsck_kind kind,
	const git_oid *commit, const char *id, const char *where,
	const char *fmt, ...)
{
	gb_fsck_report *r = st->report;
	gb_fsck_issue *is;
	gb_buf what = GB_BUF_INIT;
	va_list ap;

	if (gb_array_grow(&r->issues, &st->aissues, r->nissues, sizeof(*is)) < 0)
		return 0;
	is = &r->issues[r->nissues];
	memset(is, 0, sizeof(*is));
	va_start(ap, fmt);
	gb_buf_vprintf(&what, fmt, ap);
	va_end(ap);
	is->kind = kind;
	is->damage = kind != GB_FSCK_INTERRUPTED;
	if ((is->has_commit = commit != NULL))
		git_oid_cpy(&is->commit, commit);
	if (id)
		snprintf(is->run_id, sizeof(is->run_id), "%s", id);
	is->where = gb_strdup(where);
	is->what = gb_buf_detach(&what);
	if (!is->where || !is->what) {
		free(is->where);
		free(is->what);
		return 0;
	}
	r->damage += is->damage;
	return ++r->nissues;
}

int gb_fsck_repaired(fsck_state *st, size_t i, const char *fmt, ...)
{
	gb_fsck_issue *is;
	gb_buf text = GB_BUF_INIT;
	va_list ap;

	if (i == 0)
		return 0;
	is = &st->report->issues[i - 1];
	if (is->repair)
		return 0; /* the first thing done for it says the most */
	va_start(ap, fmt);
	gb_buf_vprintf(&text, fmt, ap);
	va_end(ap);
	if (!(is->repair = gb_buf_detach(&text)))
		return GB_ERROR;
	return 0;
}

void gb_fsck_progress(fsck_state *st, const char *what, size_t done,
	size_t total)
{
	if (st->opts && st->opts->progress)
		st->opts->progress(what, done, total, st->opts->payload);
}

void gb_fsck_note_where(char out[64], git_repository *repo,
	const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];

	gb_repo_short_id(hex, repo, commit);
	snprintf(out, 64, "note of %s", hex);
}

static void short_hex(char out[GIT_OID_HEXSZ + 1], git_repository *repo,
	const git_oid *id)
{
	gb_repo_short_id(out, repo, id);
}

/* ---- comparing the copies ------------------------------------------------ */

/* What a note's record says against the history. */
static int check_record(fsck_state *st, fsck_rec *r)
{
	const fsck_note *n = &st->notes[r->note];
	fsck_hist *h = gb_fsck_find_run(st, r->id);
	char where[64], other[GIT_OID_HEXSZ + 1];

	if (h)
		r->hist = h - st->hist;
	/* git copied the note when it rewrote the commit measured into this
	 * one (notes.rewriteRef): the history's record, on the same change
	 * (or on a commit gone since, which cannot be told apart). */
	if (!git_oid_equal(&r->commit, &n->commit) && h && h->ok &&
	    git_oid_equal(&h->commit, &r->commit) &&
	    git_oid_equal(&h->blob, &r->hash) && !r->again &&
	    gb_repo_same_change(st->repo, &r->commit, &n->commit) != 0) {
		st->report->carried++;
		return 0;
	}
	if (git_oid_equal(&r->commit, &n->commit) && !r->again && h) {
		if (!h->ok) {
			if (h->copy < 0)
				h->copy = r - st->recs; /* the second copy, for repair */
			return 0;
		}
		if (git_oid_equal(&h->blob, &r->hash)) {
			h->in_note = true;
			return 0;
		}
	}
	/* Named only for an issue: the short id looks the commit up. */
	gb_fsck_note_where(where, st->repo, &n->commit);
	if (!git_oid_equal(&r->commit, &n->commit)) {
		short_hex(other, st->repo, &r->commit);
		r->issue = gb_fsck_add_issue(st, GB_FSCK_NOTE_MISMATCH, &n->commit, r->id,
			where, "the run was measured on %s, not on this commit",
			other);
	} else if (r->again) {
		r->issue = gb_fsck_add_issue(st, GB_FSCK_NOTE_MISMATCH, &n->commit, r->id,
			where, "the note holds this run twice");
	} else if (!h && gb_fsck_is_removed(st, r->id)) {
		r->issue = gb_fsck_add_issue(st, GB_FSCK_INTERRUPTED, &r->commit,
			r->id, where, "removed from the history, still in the "
			"note: a prune or forget was interrupted between the two; "
			"the next write or 'git bench fsck --repair' completes it");
	} else if (!h) {
		r->issue = gb_fsck_add_issue(st, GB_FSCK_MISSING_FROM_HISTORY, &r->commit,
			r->id, where, "the run is in the note, not in the history");
	} else {
		r->issue = gb_fsck_add_issue(st, GB_FSCK_NOTE_MISMATCH, &n->commit, r->id,
			where, "the record differs from the history's at %s",
			h->path);
	}
	return r->issue ? 0 : GB_ERROR;
}

/* What a history run that its commit's note lacks is. */
static int check_run(fsck_state *st, fsck_hist *h)
{
	fsck_note *n = gb_fsck_find_note(st, &h->commit);
	char hex[GIT_OID_HEXSZ + 1];

	/* Runs of commits gone from the repository have nowhere to be
	 * indexed; a damaged note is reported as such. */
	if (!h->ok || h->in_note || !h->commit_exists || (n && n->unreadable))
		return 0;
	short_hex(hex, st->repo, &h->commit);
	if (h->pending)
		h->issue = gb_fsck_add_issue(st, GB_FSCK_INTERRUPTED, &h->commit, h->id,
			h->path, "in the history, not yet in the %s of %s: a write "
			"was interrupted between the two; the next write or "
			"'git bench fsck --repair' completes it",
			n ? "note" : "notes", hex);
	else if (n)
		h->issue = gb_fsck_add_issue(st, GB_FSCK_MISSING_FROM_NOTE, &h->commit,
			h->id, h->path, "the run is not in the note of %s", hex);
	else
		h->issue = gb_fsck_add_issue(st, GB_FSCK_MISSING_FROM_NOTE, &h->commit,
			h->id, h->path, "%s has no note", hex);
	return h->issue ? 0 : GB_ERROR;
}

static int cross_check(fsck_state *st)
{
	size_t i;
	int error = 0;

	for (i = 0; i < st->nnotes && !error; i++) {
		fsck_note *n = &st->notes[i];
		char where[64];

		if (n->exists)
			continue;
		gb_fsck_note_where(where, st->repo, &n->commit);
		if (n->not_commit)
			n->vanished = gb_fsck_add_issue(st,
				GB_FSCK_NOTE_ON_NON_COMMIT, &n->commit, NULL,
				where, "a note on a %s, not on a commit",
				git_object_type2string(n->not_commit));
		else
			n->vanished = gb_fsck_add_issue(st,
				GB_FSCK_VANISHED_COMMIT, &n->commit, NULL, where,
				"a note on a commit that is not in the "
				"repository");
		if (!n->vanished)
			error = GB_ERROR;
	}
	for (i = 0; i < st->nrecs && !error; i++)
		error = check_record(st, &st->recs[i]);
	for (i = 0; i < st->nhist && !error; i++)
		error = check_run(st, &st->hist[i]);
	return error;
}

/* ---- the entry point ----------------------------------------------------- */

static void state_dispose(fsck_state *st)
{
	size_t i;

	gb_strpool_dispose(&st->strings);
	for (i = 0; i < st->npending; i++)
		free(st->pending[i]);
	for (i = 0; i < st->nremoved; i++)
		free(st->removed[i]);
	free(st->removed);
	free(st->hist);
	free(st->by_id);
	free(st->notes);
	free(st->recs);
	free(st->strays);
	free(st->pending);
	free(st->kept);
}

/* Forget what one check found, for another. */
static void state_reset(fsck_state *st)
{
	gb_fsck_report *r = st->report;
	size_t i;

	state_dispose(st);
	for (i = 0; i < r->nissues; i++) {
		free(r->issues[i].where);
		free(r->issues[i].what);
	}
	free(r->issues);
	memset(r, 0, sizeof(*r));
	st->aissues = 0;
	st->hist = NULL;
	st->by_id = NULL;
	st->notes = NULL;
	st->recs = NULL;
	st->strays = NULL;
	st->nstrays = st->astrays = 0;
	st->pending = NULL;
	st->removed = NULL;
	st->nremoved = st->aremoved = 0;
	st->kept = NULL;
	st->nhist = st->ahist = st->nnotes = st->anotes = 0;
	st->nrecs = st->arecs = st->npending = st->apending = 0;
	st->nkept = st->akept = 0;
}

static void read_tips(git_oid tips[2], const fsck_state *st)
{
	memset(tips, 0, 2 * sizeof(git_oid));
	git_reference_name_to_id(&tips[0], st->repo,
		gb_store_history_ref(st->store));
	git_reference_name_to_id(&tips[1], st->repo,
		gb_store_notes_ref(st->store));
}

/*
 * One check, from both refs as they were at one moment: a write that
 * lands while we read (between the history and the notes, say) would look
 * like damage, so the check starts again when either ref moved meanwhile.
 */
static int check(fsck_state *st)
{
	git_oid before[2], after[2];
	int attempt, error = 0;

	for (attempt = 0; attempt < 5; attempt++) {
		if (attempt)
			state_reset(st);
		read_tips(before, st);
		gb_store_invalidate(st->store);
		if ((error = gb_fsck_read_history(st)) < 0 ||
		    (error = gb_fsck_read_notes(st)) < 0 ||
		    (error = cross_check(st)) < 0)
			return error;
		read_tips(after, st);
		if (!memcmp(before, after, sizeof(before)))
			break;
	}
	return error;
}

/* Complete interrupted writes; *rolled says whether the notes moved. */
static int roll_forward(bool *rolled, gb_store *store)
{
	git_repository *repo = gb_store_repository(store);
	git_oid before, after;
	bool had = git_reference_name_to_id(&before, repo,
		gb_store_notes_ref(store)) == 0;
	int error = gb_store_roll_forward(store);

	*rolled = error == 0 && had &&
		git_reference_name_to_id(&after, repo, gb_store_notes_ref(store)) == 0 &&
		!git_oid_equal(&before, &after);
	gb_store_invalidate(store);
	return error;
}

int gb_fsck(gb_fsck_report **out, gb_store *store, const gb_fsck_options *opts)
{
	fsck_state st;
	bool rolled = false;
	int error;

	*out = NULL;
	if (opts && (opts->version == 0 || opts->version > GB_FSCK_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported fsck options version");
	memset(&st, 0, sizeof(st));
	st.store = store;
	st.repo = gb_store_repository(store);
	st.opts = opts;
	if (!(st.report = gb_calloc(1, sizeof(*st.report))))
		return GB_ERROR;
	if ((error = git_repository_odb(&st.odb, st.repo)) < 0) {
		error = gb_error_git(error, "cannot open the object database");
		goto cleanup;
	}
	/* A repair completes interrupted writes first, as the next write
	 * would: what a prune or forget removed is never put back. */
	if (opts && opts->repair && (error = roll_forward(&rolled, store)) < 0)
		goto cleanup;
	if ((error = check(&st)) == 0 && rolled)
		st.report->repaired = true;
	if (error == 0 && opts && opts->repair &&
	    st.report->nissues > 0)
		error = gb_fsck_repair(&st);
cleanup:
	state_dispose(&st);
	git_odb_free(st.odb);
	if (error < 0)
		gb_fsck_report_free(st.report);
	else
		*out = st.report;
	return error;
}
