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
#include "util/index.h"

/* A history the remote holds: its ref, or one of its pending pushes. */
typedef struct {
	git_oid tip;
	gb_sync_set set;
	bool active;       /* not yet in ours */
} merge_source;

typedef struct {
	gb_store *store;
	const char *remote;
	const char *label;  /* what messages call it (a bundle's path) */
	merge_source *src;  /* [0] the remote's history ref when it has one */
	size_t nsrc;
	bool has_history;
	gb_sync_report *report;
	git_tree_update *ups;
	size_t nups, aups;
	gb_index added;     /* paths of ups[] */
	const gb_sync_entry **seen; /* remote ids met once, across sources */
	size_t nseen, aseen;
	gb_index seen_ix;
	gb_sync_entry **fresh; /* new here: checked, then added, in order */
	size_t nfresh, afresh;
	size_t refused;     /* of those, left out */
	gb_strpool reasons; /* why, for the blobs that are not records */
} merge_job;

static gb_index_key up_path(const void *items, size_t pos)
{
	return gb_index_name(((const git_tree_update *)items)[pos].path);
}

static gb_index_key seen_id(const void *items, size_t pos)
{
	return gb_index_name(((const gb_sync_entry *const *)items)[pos]->id);
}

/* 1 when `e`'s id was met in an earlier source (or entry): once is enough. */
static int seen_before(merge_job *j, const gb_sync_entry *e)
{
	size_t pos;

	if (gb_index_find(&pos, &j->seen_ix, gb_index_name(e->id), seen_id,
		    j->seen))
		return 1;
	if (GB_ARRAY_GROW(j->seen, j->nseen, j->aseen) < 0)
		return GB_ERROR;
	j->seen[j->nseen] = e;
	if (gb_index_add(&j->seen_ix, gb_index_name(e->id), j->nseen, seen_id,
		    j->seen) < 0)
		return GB_ERROR;
	j->nseen++;
	return 0;
}

static void seen_reset(merge_job *j)
{
	gb_index_dispose(&j->seen_ix);
	j->nseen = 0;
}

static int add_run(merge_job *j, gb_sync_entry *r)
{
	git_tree_update *u;
	size_t pos;

	if (gb_index_find(&pos, &j->added, gb_index_name(r->path), up_path,
		    j->ups))
		return 0;
	if (GB_ARRAY_GROW(j->ups, j->nups, j->aups) < 0)
		return GB_ERROR;
	u = &j->ups[j->nups];
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = r->path;
	git_oid_cpy(&u->id, &r->blob);
	if (gb_index_add(&j->added, gb_index_name(r->path), j->nups, up_path,
		    j->ups) < 0)
		return GB_ERROR;
	j->nups++;
	return gb_sync_runs_add(&j->report->added, r->id, &r->commit);
}

/*
 * Sort each record of one source into new here, conflict or forgotten
 * here. The new ones are checked after every source is sorted, so that
 * a blob many entries name is decoded once (check_fresh).
 */
static int classify(merge_job *j, merge_source *m, const gb_sync_set *local,
	const gb_sync_set *base)
{
	gb_sync_report *rep = j->report;
	size_t i;
	int error = 0;

	for (i = 0; i < m->set.n && !error; i++) {
		gb_sync_entry *r = &m->set.v[i], *l = gb_sync_set_find(local, r->id);
		int seen = seen_before(j, r);

		/* Met in an earlier source: the rest of this one still counts. */
		if (seen < 0)
			error = seen;
		if (seen)
			continue;
		if (l) {
			if (!git_oid_equal(&l->blob, &r->blob) || strcmp(l->path, r->path))
				error = gb_sync_runs_add(&rep->conflicts, r->id, NULL);
		} else if (gb_sync_set_find(base, r->id)) {
			rep->not_restored++;
		} else if (r->checked < 0) {
			j->refused++; /* reported by an earlier try of this merge */
		} else if (GB_ARRAY_GROW(j->fresh, j->nfresh, j->afresh) < 0) {
			error = GB_ERROR;
		} else {
			j->fresh[j->nfresh++] = r;
		}
	}
	/* Pending pushes are snapshots of other clones: only the history
	 * ref says what the remote forgot. */
	for (i = 0; m == j->src && j->has_history && i < local->n; i++)
		if (gb_sync_set_find(base, local->v[i].id) &&
		    !gb_sync_set_find(&m->set, local->v[i].id))
			rep->kept++;
	return error < 0 ? error : 0;
}

/*
 * Decode the records new here, each blob once, and add those that belong
 * where they are; the others are reported in the order of their ids, as
 * the trees list them, and are not counted as runs or as new.
 */
static int check_fresh(merge_job *j)
{
	gb_sync_report *rep = j->report;
	size_t i;
	int error = gb_sync_entries_check(j->fresh, j->nfresh,
		gb_store_repository(j->store), false, &j->reasons, &rep->decoded);

	for (i = 0; i < j->nfresh && !error; i++) {
		gb_sync_entry *r = j->fresh[i];

		if (r->checked > 0) {
			rep->remote_new++;
			error = add_run(j, r);
		} else {
			j->refused++;
			error = gb_sync_reject(rep, r->path, r->why);
		}
	}
	return error;
}

static int scan_base(gb_sync_set *base, merge_job *j, git_commit *old,
	const git_oid *rtip)
{
	git_repository *repo = gb_store_repository(j->store);
	git_oid id;
	int error = git_merge_base(&id, repo, git_commit_id(old), rtip);

	if (error == GIT_ENOTFOUND)
		return 0; /* unrelated histories: a plain union */
	if (error < 0)
		return gb_error_git(error, "cannot find the merge base");
	return gb_sync_scan(base, NULL, repo, &id);
}

/*
 * Taking the one remote tip that is new as it is: only when all of it was
 * checked and it holds everything of ours.
 */
static bool can_fast_forward(merge_job *j, git_commit *old,
	const merge_source *only)
{
	const gb_sync_report *r = j->report;

	if (!only || r->nrejected || r->conflicts.count || r->kept)
		return false;
	return !old || git_graph_descendant_of(gb_store_repository(j->store),
			       &only->tip, git_commit_id(old)) == 1;
}

static void merge_message(gb_buf *msg, const merge_job *j)
{
	const gb_sync_report *r = j->report;
	gb_run_lines lines = { msg, false, 0 };
	size_t i, n = r->added.count;

	if (n)
		gb_buf_printf(msg, "Merge %zu run%s from ", n, n == 1 ? "" : "s");
	else
		gb_buf_puts(msg, "Merge ");
	gb_escape_text(msg, j->label);
	gb_buf_puts(msg, n ? "\n\n" : ": no new runs\n\n");
	for (i = 0; i < n; i++)
		gb_run_lines_add(&lines, r->added.runs[i].id,
			&r->added.runs[i].commit);
	gb_run_lines_end(&lines);
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
	git_commit **parents = gb_calloc(j->nsrc + 1, sizeof(*parents));
	git_tree *tree = NULL;
	gb_buf msg = GB_BUF_INIT;
	git_oid tree_id;
	size_t i, k, n = 0;
	int error = GB_ERROR;

	if (!parents)
		return GB_ERROR;
	if (old)
		parents[n++] = old;
	if ((error = gb_tree_of_tip(&tree, repo, old,
		     gb_store_history_ref(j->store))) < 0)
		goto cleanup;
	gb_error_git_clear();
	if ((error = git_tree_create_updated(&tree_id, repo, tree, j->nups,
		     j->ups)) < 0) {
		error = gb_error_git(error, "cannot write the merged history");
		goto cleanup;
	}
	for (i = 0; i < j->nsrc; i++) {
		bool dup = !j->src[i].active;

		for (k = old ? 1 : 0; k < n && !dup; k++)
			dup = git_oid_equal(git_commit_id(parents[k]), &j->src[i].tip);
		if (!dup && (error = git_commit_lookup(&parents[n], repo,
				     &j->src[i].tip)) < 0) {
			error = gb_error_git(error, "cannot write the merged history");
			goto cleanup;
		}
		n += !dup;
	}
	merge_message(&msg, j);
	error = gb_commit_write(out, repo, &tree_id, msg.ptr, parents, n);
cleanup:
	for (k = old ? 1 : 0; k < n; k++)
		git_commit_free(parents[k]);
	free(parents);
	git_tree_free(tree);
	gb_buf_dispose(&msg);
	return error;
}

/* Which sources are not in ours yet; the one when exactly one is. */
static size_t mark_active(merge_job *j, git_commit *old, merge_source **only)
{
	git_repository *repo = gb_store_repository(j->store);
	size_t i, n = 0;

	*only = NULL;
	for (i = 0; i < j->nsrc; i++) {
		merge_source *m = &j->src[i];

		m->active = !old || !(git_oid_equal(git_commit_id(old), &m->tip) ||
			git_graph_descendant_of(repo, git_commit_id(old), &m->tip) == 1);
		if (m->active && n++ == 0)
			*only = m;
	}
	if (n != 1)
		*only = NULL;
	return n;
}

static int build_merge(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	merge_job *j = payload;
	git_repository *repo = gb_store_repository(j->store);
	gb_sync_set local = { 0 };
	merge_source *only;
	size_t i;
	int error = 0;

	/* A retry starts over from the new tip. */
	gb_sync_runs_dispose(&j->report->added);
	gb_sync_runs_dispose(&j->report->conflicts);
	j->report->remote_new = j->report->not_restored = j->report->kept = 0;
	j->nups = j->nfresh = j->refused = 0;
	gb_index_dispose(&j->added);
	seen_reset(j);
	if (mark_active(j, old, &only) == 0) {
		j->report->outcome = GB_SYNC_UP_TO_DATE;
		*changed = 0;
		return 0;
	}
	if (old && (error = gb_sync_scan(&local, NULL, repo, git_commit_id(old))) < 0)
		goto cleanup;
	for (i = 0; i < j->nsrc && !error; i++) {
		gb_sync_set base = { 0 };

		if (!j->src[i].active)
			continue;
		if (!old || (error = scan_base(&base, j, old, &j->src[i].tip)) == 0)
			error = classify(j, &j->src[i], &local, &base);
		gb_sync_set_dispose(&base);
	}
	if (error < 0 || (error = check_fresh(j)) < 0)
		goto cleanup;
	if (can_fast_forward(j, old, only)) {
		git_oid_cpy(new_tip, &only->tip);
		j->report->outcome = GB_SYNC_FAST_FORWARD;
	} else {
		error = merge_commit(new_tip, j, old);
		j->report->outcome = GB_SYNC_MERGED;
	}
cleanup:
	gb_sync_set_dispose(&local);
	return error;
}

/* Notes of the commits whose runs came in, remade from the history. */
static int rebuild_notes(merge_job *j)
{
	const gb_sync_runs *added = &j->report->added;
	git_oid *commits, *late = NULL, *p;
	gb_buf msg = GB_BUF_INIT;
	size_t i, nlate = 0, total;
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
	/* The rebuild takes each commit once, however often listed. */
	gb_buf_puts(&msg, "Notes rebuilt after merging runs from ");
	gb_escape_text(&msg, j->label);
	/* The merge completed interrupted writes before it moved the history:
	 * its own commit is not one. */
	error = gb_store_notes_rebuild_rolled(j->store, commits, total, msg.ptr,
		&j->report->notes_rebuilt);
	gb_buf_dispose(&msg);
	free(commits);
	return error;
}

/*
 * The remote's history (first, when it has one) and its pending pushes,
 * each scanned: what the remote holds is their union.
 */
static int collect_sources(merge_job *j, const char *history_ref)
{
	git_repository *repo = gb_store_repository(j->store);
	gb_remote_list pending = { 0 };
	git_oid tip;
	size_t i;
	int error;

	if ((error = gb_sync_ref_tip(&tip, repo, history_ref)) < 0)
		return gb_error_set(GB_EDAMAGED, "%s of %s is not a commit",
			gb_store_remote_history_ref(j->store), j->label);
	j->has_history = error > 0;
	if ((error = gb_sync_tracked_pending(&pending, repo, j->remote)) < 0)
		return error;
	if (!(j->src = gb_calloc(pending.n + 1, sizeof(*j->src)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	if (j->has_history)
		git_oid_cpy(&j->src[j->nsrc++].tip, &tip);
	for (i = 0; i < pending.n; i++)
		git_oid_cpy(&j->src[j->nsrc++].tip, &pending.v[i].tip);
	for (i = 0; i < j->nsrc && !error; i++)
		error = gb_sync_scan(&j->src[i].set, j->report, repo, &j->src[i].tip);
cleanup:
	gb_remote_list_dispose(&pending);
	return error;
}

/* Distinct run ids across the sources. */
static int count_remote_runs(merge_job *j)
{
	size_t i, k;
	int error = 0;

	for (i = 0; i < j->nsrc; i++)
		for (k = 0; k < j->src[i].set.n && error >= 0; k++)
			error = seen_before(j, &j->src[i].set.v[k]);
	j->report->remote_runs = j->nseen;
	seen_reset(j);
	return error < 0 ? error : 0;
}

static void job_dispose(merge_job *j)
{
	size_t i;

	for (i = 0; i < j->nsrc; i++)
		gb_sync_set_dispose(&j->src[i].set);
	free(j->src);
	free(j->ups);
	free(j->seen);
	free(j->fresh);
	gb_index_dispose(&j->added);
	gb_index_dispose(&j->seen_ix);
	gb_strpool_dispose(&j->reasons);
	j->src = NULL;
	j->ups = NULL;
	j->seen = NULL;
	j->fresh = NULL;
	j->nsrc = j->nups = j->aups = j->nseen = j->aseen = 0;
	j->nfresh = j->afresh = 0;
}

int gb_sync_merge(gb_sync_report *report, gb_store *s, const char *remote)
{
	return gb_sync_merge_as(report, s, remote, remote);
}

int gb_sync_merge_as(gb_sync_report *report, gb_store *s, const char *remote,
	const char *label)
{
	git_repository *repo = gb_store_repository(s);
	merge_job j;
	gb_buf ref = GB_BUF_INIT, log = GB_BUF_INIT;
	int error;

	memset(&j, 0, sizeof(j));
	j.store = s;
	j.remote = remote;
	j.label = label;
	j.report = report;
	gb_sync_report_dispose(report);
	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0 ||
	    (error = collect_sources(&j, ref.ptr)) < 0)
		goto cleanup;
	if (j.nsrc == 0)
		goto cleanup; /* nothing fetched: nothing to merge */
	if (j.has_history)
		git_oid_cpy(&report->remote_tip, &j.src[0].tip);
	report->outcome = GB_SYNC_UP_TO_DATE;
	if ((error = count_remote_runs(&j)) < 0)
		goto cleanup;
	/* The merge moves the notes' mark: interrupted writes go first. */
	if (gb_store_roll_forward(s) < 0)
		gb_error_clear();
	gb_buf_puts(&log, "bench: merge from ");
	gb_buf_puts(&log, label);
	if ((error = gb_ref_cas_update(repo, gb_store_history_ref(s),
		     build_merge, &j, log.ptr, NULL)) == 0) {
		/* Entries refused are not runs of the remote's. */
		report->remote_runs -= j.refused;
		/* What the merge read (both trees' runs) is not needed by the
		 * notes: 20 MB at 100,000 runs come in, given back first. */
		job_dispose(&j);
		if ((error = rebuild_notes(&j)) == 0)
			error = gb_sync_take_carried(s, remote, label,
				&report->notes_carried);
	}
	gb_store_invalidate(s);
cleanup:
	if (error > 0)
		error = 0;
	job_dispose(&j);
	gb_buf_dispose(&ref);
	gb_buf_dispose(&log);
	return error;
}
