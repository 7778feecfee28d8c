/*
 * The history: an append-only chain of commits whose tree holds one blob
 * per run at runs/YYYY/MM/DD/<run id>, so a tree walk is chronological.
 * Writing a change to it as one commit, and walking its records.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* ---- writing history ------------------------------------------------------ */

/* The commit of a history write: the old tip first, then extra parents. */
static int history_commit(git_oid *out, gb_store *s, const git_oid *tree,
	const gb_history_job *job, git_commit *old)
{
	git_commit **parents;
	size_t i, n = 0;
	int error = 0;

	if (!(parents = gb_calloc(job->nextra + 1, sizeof(*parents))))
		return GB_ERROR;
	if (old)
		parents[n++] = old;
	for (i = 0; i < job->nextra && !error; i++) {
		if ((error = git_commit_lookup(&parents[n], s->repo,
			     &job->extra[i])) < 0)
			error = gb_error_git(error, "cannot read a history commit");
		else
			n++;
	}
	if (!error)
		error = gb_commit_write(out, s->repo, tree, job->message,
			parents, n);
	for (i = old ? 1 : 0; i < n; i++)
		git_commit_free(parents[i]);
	free(parents);
	return error;
}

int gb_history_build(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	gb_history_job *job = payload;
	gb_store *s = job->store;
	git_tree *tree = NULL;
	git_tree_update *live = NULL;
	git_oid tree_id;
	size_t i, n = 0;
	int error;

	if ((error = gb_tree_of_tip(&tree, s->repo, old, s->history_ref)) < 0)
		return error;
	if (!(live = gb_calloc(job->n, sizeof(*live)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	/* A removal of what a concurrent writer already removed is moot. */
	for (i = 0; i < job->n; i++) {
		git_tree_entry *e = NULL;

		if (job->updates[i].action == GIT_TREE_UPDATE_REMOVE) {
			if (git_tree_entry_bypath(&e, tree, job->updates[i].path) < 0)
				continue;
			git_tree_entry_free(e);
		}
		live[n++] = job->updates[i];
	}
	if (n == 0 && job->nextra == 0) {
		*changed = 0;
		goto cleanup;
	}
	gb_error_git_clear();
	if ((error = git_tree_create_updated(&tree_id, s->repo, tree, n,
		     live)) < 0) {
		error = gb_error_git(error, "cannot write the history tree");
		goto cleanup;
	}
	if (old && job->nextra == 0 && git_oid_equal(&tree_id, git_tree_id(tree))) {
		*changed = 0;
		goto cleanup;
	}
	error = history_commit(new_tip, s, &tree_id, job, old);
cleanup:
	free(live);
	git_tree_free(tree);
	return error;
}

int gb_store_history_write(gb_store *s, const git_tree_update *updates,
	size_t n, const char *message, const git_oid *extra_parents,
	size_t nextra, git_oid *tip)
{
	gb_history_job job = { s, updates, n, message, extra_parents, nextra };

	return gb_ref_cas_update(s->repo, s->history_ref, gb_history_build, &job,
		message, tip);
}

/* ---- reading history ------------------------------------------------------ */

typedef struct {
	gb_store *store;
	const gb_decode_options *opts;
	gb_history_cb cb;
	void *payload;
	gb_buf path;
	bool newest_first;  /* each tree's entries in reverse name order */
	size_t budget;      /* records still to visit */
} history_walk;

static int visit_blob(history_walk *w, const git_oid *id)
{
	gb_history_entry entry = { w->path.ptr, id, NULL, NULL };
	char why[1024];
	git_blob *blob = NULL;
	gb_run *run = NULL;
	size_t used = 0;
	int error;

	if ((error = git_blob_lookup(&blob, w->store->repo, id)) < 0) {
		entry.error = "the blob is missing from the repository";
	} else if (gb_codec_decode(&run, &used, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), w->opts) < 0) {
		snprintf(why, sizeof(why), "%s", gb_error_last()->message);
		entry.error = why;
	} else if (used != (size_t)git_blob_rawsize(blob)) {
		entry.error = "trailing bytes after the record";
		gb_run_free(run);
		run = NULL;
	}
	entry.run = run;
	error = w->cb(&entry, w->payload);
	gb_run_free(run);
	git_blob_free(blob);
	return error;
}

static int walk_history(history_walk *w, git_tree *tree)
{
	size_t k, n = git_tree_entrycount(tree), base = w->path.size;
	int error = 0;

	for (k = 0; k < n && !error && w->budget; k++) {
		size_t i = w->newest_first ? n - 1 - k : k;
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_tree *sub = NULL;

		w->path.size = base;
		gb_buf_printf(&w->path, "/%s", git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			if ((error = git_tree_lookup(&sub, w->store->repo,
				     git_tree_entry_id(e))) < 0)
				return gb_error_git(error, "cannot read %s",
					w->path.ptr);
			error = walk_history(w, sub);
			git_tree_free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			w->budget--;
			error = visit_blob(w, git_tree_entry_id(e));
		}
	}
	w->path.size = base;
	w->path.ptr[base] = '\0';
	return error;
}

static int history_walk_all(history_walk *w)
{
	gb_store *s = w->store;
	git_commit *tip = NULL;
	git_tree *root = NULL, *runs = NULL;
	git_tree_entry *e = NULL;
	int error;

	if ((error = gb_ref_peel_commit(&tip, s->repo, s->history_ref)) < 0 ||
	    !tip)
		return error;
	if ((error = git_commit_tree(&root, tip)) < 0) {
		error = gb_error_git(error, "cannot read %s", s->history_ref);
		goto cleanup;
	}
	if (git_tree_entry_bypath(&e, root, "runs") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto cleanup;
	if ((error = git_tree_lookup(&runs, s->repo, git_tree_entry_id(e))) < 0) {
		error = gb_error_git(error, "cannot read %s", s->history_ref);
		goto cleanup;
	}
	gb_buf_puts(&w->path, "runs");
	error = walk_history(w, runs);
cleanup:
	gb_buf_dispose(&w->path);
	git_tree_entry_free(e);
	git_tree_free(runs);
	git_tree_free(root);
	git_commit_free(tip);
	return error;
}

int gb_store_history_foreach(gb_store *s, const gb_decode_options *opts,
	gb_history_cb cb, void *payload)
{
	history_walk w = { s, opts, cb, payload, GB_BUF_INIT, false, SIZE_MAX };

	return history_walk_all(&w);
}

int gb_store_history_newest(gb_store *s, const gb_decode_options *opts,
	size_t max, gb_history_cb cb, void *payload)
{
	history_walk w = { s, opts, cb, payload, GB_BUF_INIT, true, max };

	return history_walk_all(&w);
}
