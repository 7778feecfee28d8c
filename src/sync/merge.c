/*
 * Merging a remote's history into ours. The merge is computed inside the
 * compare-and-swap of the history ref, so a concurrent local write makes
 * it start over from the new tip rather than overwrite it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "sync/sync_int.h"

typedef struct {
	gb_store *store;
	const char *remote;
	git_oid rtip;
	gb_sync_set rset;
	gb_sync_report *report;
	git_tree_update *ups;
	size_t nups;
} merge_job;

static int add_run(merge_job *j, gb_sync_entry *r)
{
	git_tree_update *u = &j->ups[j->nups++];

	u->action = GIT_TREE_UPDATE_UPSERT;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = r->path;
	git_oid_cpy(&u->id, &r->blob);
	return gb_sync_runs_add(&j->report->added, r->id, &r->commit);
}

/* Sort each remote record into added, conflict or forgotten here. */
static int classify(merge_job *j, const gb_sync_set *local,
	const gb_sync_set *base)
{
	git_repository *repo = gb_store_repository(j->store);
	gb_sync_report *rep = j->report;
	size_t i;
	int error = 0;

	for (i = 0; i < j->rset.n && !error; i++) {
		gb_sync_entry *r = &j->rset.v[i], *l = gb_sync_set_find(local, r->id);

		if (l) {
			if (!git_oid_equal(&l->blob, &r->blob) || strcmp(l->path, r->path))
				error = gb_sync_runs_add(&rep->conflicts, r->id, NULL);
		} else if (gb_sync_set_find(base, r->id)) {
			rep->not_restored++;
		} else {
			rep->remote_new++;
			if ((error = gb_sync_entry_check(r, repo, rep)) == 0 && r->checked > 0)
				error = add_run(j, r);
		}
	}
	for (i = 0; i < local->n; i++)
		if (gb_sync_set_find(base, local->v[i].id) &&
		    !gb_sync_set_find(&j->rset, local->v[i].id))
			rep->kept++;
	return error;
}

static int scan_base(gb_sync_set *base, merge_job *j, git_commit *old)
{
	git_repository *repo = gb_store_repository(j->store);
	git_oid id;
	int error = git_merge_base(&id, repo, git_commit_id(old), &j->rtip);

	if (error == GIT_ENOTFOUND)
		return 0; /* unrelated histories: a plain union */
	if (error < 0)
		return gb_error_git(error, "cannot find the merge base");
	return gb_sync_scan(base, NULL, repo, &id);
}

/* Taking the remote tip as it is: only when all of it was checked. */
static bool can_fast_forward(merge_job *j, git_commit *old)
{
	const gb_sync_report *r = j->report;

	if (r->nrejected || r->conflicts.count || r->kept)
		return false;
	return !old || git_graph_descendant_of(gb_store_repository(j->store),
			       &j->rtip, git_commit_id(old)) == 1;
}

static void merge_message(gb_buf *msg, const merge_job *j)
{
	const gb_sync_report *r = j->report;
	size_t i, n = r->added.count;
	char hex[GIT_OID_HEXSZ + 1];

	if (n)
		gb_buf_printf(msg, "Merge %zu run%s from ", n, n == 1 ? "" : "s");
	else
		gb_buf_puts(msg, "Merge ");
	gb_escape_text(msg, j->remote);
	gb_buf_puts(msg, n ? "\n\n" : ": no new runs\n\n");
	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &r->added.runs[i].commit);
		gb_buf_printf(msg, "run %s commit %s\n", r->added.runs[i].id, hex);
	}
	for (i = 0; i < r->conflicts.count; i++)
		gb_buf_printf(msg, "Kept the local record of run %s: the remote's "
			"differs\n", r->conflicts.runs[i].id);
	if (r->kept)
		gb_buf_printf(msg, "Kept %zu run%s the remote forgot\n", r->kept,
			r->kept == 1 ? "" : "s");
	if (r->not_restored)
		gb_buf_printf(msg, "Left out %zu run%s forgotten here\n",
			r->not_restored, r->not_restored == 1 ? "" : "s");
	for (i = 0; i < r->nlisted; i++) {
		gb_buf_puts(msg, "Left out ");
		gb_escape_text(msg, r->rejected[i].path);
		gb_buf_puts(msg, ": ");
		gb_escape_text(msg, r->rejected[i].reason);
		gb_buf_putc(msg, '\n');
	}
	if (r->nrejected > r->nlisted)
		gb_buf_printf(msg, "Left out %zu more entries\n",
			r->nrejected - r->nlisted);
}

static int merge_commit(git_oid *out, merge_job *j, git_commit *old)
{
	git_repository *repo = gb_store_repository(j->store);
	git_commit *parents[2] = { old, NULL };
	git_tree *tree = NULL;
	gb_buf msg = GB_BUF_INIT;
	git_oid tree_id;
	size_t n = old ? 1 : 0;
	int error;

	if ((error = gb_tree_of_tip(&tree, repo, old,
		     gb_store_history_ref(j->store))) < 0)
		goto cleanup;
	if ((error = git_tree_create_updated(&tree_id, repo, tree, j->nups,
		     j->ups)) < 0 ||
	    (error = git_commit_lookup(&parents[n], repo, &j->rtip)) < 0) {
		error = gb_error_git(error, "cannot write the merged history");
		goto cleanup;
	}
	n++;
	merge_message(&msg, j);
	error = gb_commit_write(out, repo, &tree_id, msg.ptr, parents, n);
cleanup:
	git_commit_free(parents[old ? 1 : 0]);
	git_tree_free(tree);
	gb_buf_dispose(&msg);
	return error;
}

static int build_merge(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	merge_job *j = payload;
	git_repository *repo = gb_store_repository(j->store);
	gb_sync_set local = { 0 }, base = { 0 };
	int error;

	/* A retry starts over from the new tip. */
	gb_sync_runs_dispose(&j->report->added);
	gb_sync_runs_dispose(&j->report->conflicts);
	j->report->remote_new = j->report->not_restored = j->report->kept = 0;
	j->nups = 0;
	if (old && (git_oid_equal(git_commit_id(old), &j->rtip) ||
		    git_graph_descendant_of(repo, git_commit_id(old), &j->rtip) == 1)) {
		j->report->outcome = GB_SYNC_UP_TO_DATE;
		*changed = 0;
		return 0;
	}
	if (old && ((error = gb_sync_scan(&local, NULL, repo, git_commit_id(old))) < 0 ||
		    (error = scan_base(&base, j, old)) < 0))
		goto cleanup;
	if ((error = classify(j, &local, &base)) < 0)
		goto cleanup;
	if (can_fast_forward(j, old)) {
		git_oid_cpy(new_tip, &j->rtip);
		j->report->outcome = GB_SYNC_FAST_FORWARD;
	} else {
		error = merge_commit(new_tip, j, old);
		j->report->outcome = GB_SYNC_MERGED;
	}
cleanup:
	gb_sync_set_dispose(&local);
	gb_sync_set_dispose(&base);
	return error;
}

static int oid_cmp(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* Notes of the commits whose runs came in, remade from the history. */
static int rebuild_notes(merge_job *j)
{
	const gb_sync_runs *added = &j->report->added;
	git_oid *commits, *late = NULL, *p;
	gb_buf msg = GB_BUF_INIT;
	size_t i, n = 0, nlate = 0, total;
	int error;

	/* Also index runs merged earlier for commits fetched since. */
	if ((error = gb_store_unindexed(&late, &nlate, j->store)) < 0)
		return error;
	total = added->count + nlate;
	if (!total)
		return 0;
	if (!(commits = gb_calloc(total, sizeof(*commits)))) {
		free(late);
		return GB_ERROR;
	}
	for (i = 0; i < added->count; i++)
		git_oid_cpy(&commits[i], &added->runs[i].commit);
	for (i = 0, p = commits + added->count; i < nlate; i++)
		git_oid_cpy(&p[i], &late[i]);
	free(late);
	qsort(commits, total, sizeof(*commits), oid_cmp);
	for (i = 0; i < total; i++)
		if (n == 0 || !git_oid_equal(&commits[n - 1], &commits[i]))
			git_oid_cpy(&commits[n++], &commits[i]);
	gb_buf_puts(&msg, "Notes rebuilt after merging runs from ");
	gb_escape_text(&msg, j->remote);
	error = gb_store_notes_rebuild(j->store, commits, n, msg.ptr,
		&j->report->notes_rebuilt);
	gb_buf_dispose(&msg);
	free(commits);
	return error;
}

int gb_sync_merge(gb_sync_report *report, gb_store *s, const char *remote)
{
	return gb_sync_merge_as(report, s, remote, remote);
}

int gb_sync_merge_as(gb_sync_report *report, gb_store *s, const char *remote,
	const char *label)
{
	git_repository *repo = gb_store_repository(s);
	merge_job j = { s, label, { { 0 } }, { 0 }, report, NULL, 0 };
	gb_buf ref = GB_BUF_INIT, log = GB_BUF_INIT;
	int error;

	gb_sync_report_dispose(report);
	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0)
		goto cleanup;
	if ((error = gb_sync_ref_tip(&j.rtip, repo, ref.ptr)) < 0) {
		error = gb_error_set(GB_EDAMAGED, "%s of %s is not a commit",
			gb_store_remote_history_ref(s), label);
		goto cleanup;
	}
	if (error == 0)
		goto cleanup; /* no history fetched: nothing to merge */
	git_oid_cpy(&report->remote_tip, &j.rtip);
	report->outcome = GB_SYNC_UP_TO_DATE;
	if ((error = gb_sync_scan(&j.rset, report, repo, &j.rtip)) < 0)
		goto cleanup;
	report->remote_runs = j.rset.n;
	if (!(j.ups = gb_calloc(j.rset.n, sizeof(*j.ups)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	/* The merge moves the notes' mark: interrupted writes go first. */
	if (gb_store_roll_forward(s) < 0)
		gb_error_clear();
	gb_buf_puts(&log, "bench: merge from ");
	gb_buf_puts(&log, label);
	if ((error = gb_ref_cas_update(repo, gb_store_history_ref(s),
		     build_merge, &j, log.ptr, NULL)) == 0)
		error = rebuild_notes(&j);
	gb_store_invalidate(s);
cleanup:
	if (error > 0)
		error = 0;
	gb_sync_set_dispose(&j.rset);
	free(j.ups);
	gb_buf_dispose(&ref);
	gb_buf_dispose(&log);
	return error;
}
