/*
 * Recording runs: one history commit holding all of them, then the note of
 * each measured commit extended, both built before either ref moves.
 */
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "store/store_int.h"

static void describe_runs(gb_buf *msg, gb_run *const *runs, size_t n)
{
	gb_run_lines lines = { msg, false, 0 };
	size_t i, results = 0, commits = 1;
	char hex[8];

	for (i = 0; i < n; i++)
		results += runs[i]->nresults;
	for (i = 1; i < n; i++)
		if (!git_oid_equal(&runs[i]->commit, &runs[0]->commit))
			commits++;
	git_oid_tostr(hex, sizeof(hex), &runs[0]->commit);
	if (commits == 1)
		gb_buf_printf(msg, "Record %zu run%s of %s on ", n,
			n == 1 ? "" : "s", hex);
	else
		gb_buf_printf(msg, "Record %zu runs of %zu commits on ", n,
			commits);
	gb_escape_text(msg, runs[0]->machine);
	gb_buf_printf(msg, ": %zu result%s from ", results,
		results == 1 ? "" : "s");
	gb_escape_text(msg, runs[0]->format ? runs[0]->format : "unknown");
	if (runs[0]->label) {
		gb_buf_puts(msg, ", label ");
		gb_escape_text(msg, runs[0]->label);
	}
	gb_buf_puts(msg, "\n\n");
	for (i = 0; i < n; i++)
		gb_run_lines_add(&lines, runs[i]->id, &runs[i]->commit);
	gb_run_lines_end(&lines);
}

/*
 * A ref's next tip, built before the ref is moved: used as is when the ref
 * has not moved since, else built again from where it is.
 */
typedef struct {
	gb_ref_build_fn build;
	void *payload;
	bool ready;
	bool root;          /* built while the ref did not exist */
	git_oid parent;
	git_oid tip;
	int changed;
} prebuilt;

static int prebuild(prebuilt *p, gb_store *s, const char *ref,
	gb_ref_build_fn build, void *payload)
{
	git_commit *old = NULL;
	int error;

	memset(p, 0, sizeof(*p));
	p->build = build;
	p->payload = payload;
	p->changed = 1;
	if ((error = gb_ref_peel_commit(&old, s->repo, ref)) < 0)
		return error;
	if (!(p->root = old == NULL))
		git_oid_cpy(&p->parent, git_commit_id(old));
	error = build(&p->tip, &p->changed, old, payload);
	git_commit_free(old);
	p->ready = error == 0;
	return error;
}

static int build_prebuilt(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	prebuilt *p = payload;

	if (p->ready && (old ? !p->root && git_oid_equal(git_commit_id(old),
					      &p->parent)
			     : p->root)) {
		*changed = p->changed;
		git_oid_cpy(new_tip, &p->tip);
		return 0;
	}
	return p->build(new_tip, changed, old, p->payload);
}

/*
 * The two writes of a record: history first, it is the source of truth.
 * Every object of both is written before either ref moves, so that a full
 * disk or an object store we cannot write fails the record with no ref
 * moved rather than between the two (which the next write would mend).
 */
static int append_write(gb_store *s, const git_tree_update *updates,
	size_t n, const char *message, const gb_note_change *changes,
	size_t nchanges)
{
	gb_history_job hj = { s, updates, n, message, NULL, 0 };
	gb_notes_job nj = { s, changes, nchanges, NULL, 0 };
	prebuilt ph, pn;
	gb_buf msg = GB_BUF_INIT;
	git_oid tip;
	int error;

	if ((error = prebuild(&ph, s, s->history_ref, gb_history_build, &hj)) < 0 ||
	    (error = gb_store_notes_message(&msg,
		     "Notes added by 'git bench record'", &ph.tip)) < 0)
		goto cleanup;
	nj.message = msg.ptr;
	if ((error = prebuild(&pn, s, s->notes_ref, gb_notes_build, &nj)) < 0 ||
	    (error = gb_ref_cas_update(s->repo, s->history_ref, build_prebuilt,
		     &ph, message, &tip)) < 0)
		goto cleanup;
	if (!git_oid_equal(&tip, &ph.tip)) {
		/* Another writer came first: the mark names our commit. */
		gb_buf_clear(&msg);
		if ((error = gb_store_notes_message(&msg,
			     "Notes added by 'git bench record'", &tip)) < 0)
			goto cleanup;
		nj.message = msg.ptr;
		pn.ready = false;
	}
	error = gb_ref_cas_update(s->repo, s->notes_ref, build_prebuilt, &pn,
		nj.message, NULL);
cleanup:
	gb_store_invalidate(s);
	gb_buf_dispose(&msg);
	return error;
}

int gb_store_append(gb_store *s, gb_run *const *runs, size_t n)
{
	git_tree_update *updates = NULL;
	gb_buf *paths = NULL, msg = GB_BUF_INIT, enc = GB_BUF_INIT;
	gb_note_groups groups = { NULL, 0, 0 };
	gb_note_group *g;
	gb_note_change *changes = NULL;
	size_t i;
	int error = 0;

	if (n == 0)
		return 0;
	updates = gb_calloc(n, sizeof(*updates));
	paths = gb_calloc(n, sizeof(*paths));
	if (!updates || !paths) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		gb_buf_clear(&enc);
		if ((error = gb_codec_encode(&enc, runs[i])) < 0 ||
		    (error = gb_store_run_path(&paths[i], runs[i])) < 0)
			goto cleanup;
		gb_error_git_clear();
		if ((error = git_blob_create_from_buffer(&updates[i].id, s->repo,
			     enc.ptr, enc.size)) < 0) {
			error = gb_error_git(error, "cannot write a run record");
			goto cleanup;
		}
		updates[i].action = GIT_TREE_UPDATE_UPSERT;
		updates[i].filemode = GIT_FILEMODE_BLOB;
		updates[i].path = paths[i].ptr;
		if (!(g = gb_note_groups_for(&groups, &runs[i]->commit))) {
			error = GB_ERROR;
			goto cleanup;
		}
		if ((error = gb_buf_put(&g->bytes, enc.ptr, enc.size)) < 0)
			goto cleanup;
		g->nruns++;
		git_oid_cpy(&g->blob, &updates[i].id);
	}
	describe_runs(&msg, runs, n);
	if ((error = gb_note_groups_changes(&changes, &groups,
		     GB_NOTE_APPEND)) < 0)
		goto cleanup;
	/* Best effort: our own write must not fail for an older one. */
	if (gb_store_roll_forward(s) < 0)
		gb_error_clear();
	error = append_write(s, updates, n, msg.ptr, changes, groups.n);
cleanup:
	if (paths)
		for (i = 0; i < n; i++)
			gb_buf_dispose(&paths[i]);
	gb_note_groups_dispose(&groups);
	free(paths);
	free(updates);
	free(changes);
	gb_buf_dispose(&msg);
	gb_buf_dispose(&enc);
	return error;
}
