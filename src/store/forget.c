/* Forgetting a commit's runs: out of its note, then out of the history. */
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "store/store_int.h"

typedef struct {
	git_oid commit;
	gb_buf *paths;
	size_t n, alloc;
	gb_buf ids;
} forget_scan;

static int collect_commit_runs(const gb_history_entry *e, void *payload)
{
	forget_scan *f = payload;

	if (!e->run || !git_oid_equal(&e->run->commit, &f->commit))
		return 0;
	if (GB_ARRAY_GROW(f->paths, f->n, f->alloc) < 0)
		return GB_ERROR;
	memset(&f->paths[f->n], 0, sizeof(f->paths[0]));
	gb_buf_puts(&f->paths[f->n++], e->path);
	return gb_buf_printf(&f->ids, "run %s\n", e->run->id);
}

int gb_store_forget(gb_store *s, const git_oid *commit, size_t *removed)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	forget_scan f = { .paths = NULL };
	git_tree_update *updates = NULL;
	gb_note_change change = { .action = GB_NOTE_REMOVE };
	gb_buf msg = GB_BUF_INIT;
	char hex[8];
	size_t i;
	int has_note, error;

	/* An earlier write's rest goes first: our notes mark passes it. */
	if (gb_store_roll_forward(s) < 0)
		gb_error_clear();
	git_oid_tostr(hex, sizeof(hex), commit);
	git_oid_cpy(&f.commit, commit);
	opts.want = gb_codec_want_none;
	if ((has_note = gb_store_has(s, commit)) < 0)
		return has_note;
	if ((error = gb_store_history_foreach(s, &opts, collect_commit_runs,
		     &f)) < 0)
		goto cleanup;
	if (!has_note && f.n == 0) {
		error = gb_error_set(GB_ENOTFOUND, "no results recorded for %s",
			hex);
		goto cleanup;
	}
	/*
	 * History first: it records what is meant. Stopped before the notes,
	 * the next write (or fsck --repair) rebuilds the commit's note from
	 * it, so the forgotten runs never come back.
	 */
	if (f.n) {
		if (!(updates = gb_calloc(f.n, sizeof(*updates)))) {
			error = GB_ERROR;
			goto cleanup;
		}
		for (i = 0; i < f.n; i++) {
			updates[i].action = GIT_TREE_UPDATE_REMOVE;
			updates[i].path = f.paths[i].ptr;
		}
		gb_buf_printf(&msg, "Forget %zu run%s of %s\n\n%s", f.n,
			f.n == 1 ? "" : "s", hex, f.ids.ptr);
		if ((error = gb_store_history_write(s, updates, f.n, msg.ptr,
			     NULL, 0, NULL)) < 0)
			goto cleanup;
		gb_buf_clear(&msg);
	}
	if (has_note) {
		git_oid head;
		int has_head = git_reference_name_to_id(&head, s->repo,
			s->history_ref) == 0;

		git_oid_cpy(&change.commit, commit);
		gb_store_notes_message(&msg, "Notes removed by 'git bench forget'",
			has_head ? &head : NULL);
		if ((error = gb_store_notes_write(s, &change, 1, msg.ptr)) < 0)
			goto cleanup;
	}
	if (removed)
		*removed = f.n;
cleanup:
	for (i = 0; i < f.n; i++)
		gb_buf_dispose(&f.paths[i]);
	free(f.paths);
	free(updates);
	gb_buf_dispose(&f.ids);
	gb_buf_dispose(&msg);
	return error;
}
