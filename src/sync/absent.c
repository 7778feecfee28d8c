/*
 * The remote's notes of commits this clone does not have, kept when it
 * pushes.
 *
 * Our notes are built for the commits here: a push that replaced the
 * remote's notes with them dropped the note of every commit this clone
 * lacks. A CI job in a clone of depth 1 that pushed its one run left the
 * remote two notes of five; a note git carried to a rewritten commit
 * (which no history rebuilds) was lost that way. What a push sends is now
 * our notes, plus the remote's note of each commit that is not here and
 * that we have no note of, as the remote has it: never one of a commit
 * here (ours say what the runs here are), never one we have. The local
 * notes ref is not changed: its notes stay those of the commits here,
 * which is what fsck checks.
 *
 * The notes sent are then the remote's with ours in their place, built on
 * the remote's notes commit: as many changes as the two differ by. Cost:
 * the remote's notes are walked against ours and ours against theirs,
 * notes and whole subtrees both hold the same passed over unread; each
 * other note of theirs costs a lookup of its commit and of our note of it.
 */
#include <stdlib.h>
#include <string.h>

#include "sync/sync_int.h"

typedef struct {
	gb_store *store;
	git_odb *odb;
	gb_note_change *v;
	size_t n, alloc;
	size_t kept;
} absent_job;

static bool is_here(absent_job *j, const git_oid *id)
{
	git_object_t type;
	size_t size;
	bool here = git_odb_read_header(&size, &type, j->odb, id) == 0;

	git_error_clear();
	return here;
}

/*
 * A note of the remote's that ours does not hold the same: kept when its
 * commit is not here and we have none; removed when its commit is here
 * and we have none; else ours replaces it (ours_cb, below).
 */
static int theirs_cb(const git_oid *commit, const git_oid *blob, void *payload)
{
	absent_job *j = payload;
	git_oid ours;
	int error;

	GB_UNUSED(blob);
	if ((error = gb_store_note_blob(&ours, j->store, commit)) == 0)
		return 0;
	if (error != GB_ENOTFOUND)
		return error;
	gb_error_clear();
	if (!is_here(j, commit)) {
		j->kept++;
		return 0;
	}
	return gb_note_change_add(&j->v, &j->n, &j->alloc, commit,
		       GB_NOTE_REMOVE) ? 0 : GB_ERROR;
}

/* A note of ours that the remote does not hold the same: it goes. */
static int ours_cb(const git_oid *commit, const git_oid *blob, void *payload)
{
	absent_job *j = payload;
	gb_note_change *c = gb_note_change_add(&j->v, &j->n, &j->alloc, commit,
		GB_NOTE_REPLACE);

	if (!c)
		return GB_ERROR;
	git_oid_cpy(&c->blob, blob);
	c->written = true;
	return 0;
}

int gb_sync_notes_to_push(git_oid *out, size_t *kept, gb_store *s,
	const git_oid *ours, const git_oid *theirs)
{
	git_repository *repo = gb_store_repository(s);
	absent_job j = { s, NULL, NULL, 0, 0, 0 };
	git_commit *mine = NULL, *remote = NULL;
	git_tree *mine_tree = NULL, *remote_tree = NULL;
	gb_notes_job job = { s, NULL, 0, NULL, 0 };
	gb_buf msg = GB_BUF_INIT;
	int changed = 1, error; /* the build says when nothing changed */

	git_oid_cpy(out, ours);
	*kept = 0;
	if ((error = git_commit_lookup(&mine, repo, ours)) < 0 ||
	    (error = git_commit_lookup(&remote, repo, theirs)) < 0 ||
	    (error = git_commit_tree(&remote_tree, remote)) < 0 ||
	    (error = git_commit_tree(&mine_tree, mine)) < 0 ||
	    (error = git_repository_odb(&j.odb, repo)) < 0) {
		error = gb_error_git(error, "cannot read the notes to push");
		goto cleanup;
	}
	if ((error = gb_notes_tree_walk(repo, remote_tree, mine_tree, theirs_cb,
		     &j)) < 0 || !j.kept)
		goto cleanup;
	/*
	 * The remote's notes with ours in place of theirs: as many changes
	 * as the two differ by, whichever holds more notes, and the remote's
	 * notes ref goes forward from its own commit.
	 */
	if ((error = gb_notes_tree_walk(repo, mine_tree, remote_tree, ours_cb,
		     &j)) < 0)
		goto cleanup;
	gb_buf_printf(&msg, "Notes of this clone's commits, and the remote's "
		"of %zu commit%s not in it\n", j.kept, j.kept == 1 ? "" : "s");
	if (!msg.ptr) {
		error = GB_ERROR;
		goto cleanup;
	}
	job.changes = j.v;
	job.n = j.n;
	job.message = msg.ptr;
	if ((error = gb_notes_build(out, &changed, remote, &job)) < 0)
		goto cleanup;
	if (!changed)
		git_oid_cpy(out, theirs);
	*kept = j.kept;
cleanup:
	gb_buf_dispose(&msg);
	free(j.v);
	git_odb_free(j.odb);
	git_tree_free(mine_tree);
	git_tree_free(remote_tree);
	git_commit_free(mine);
	git_commit_free(remote);
	return error;
}
