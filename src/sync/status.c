/* What the local history and a remote's (as last fetched) hold apart. */
#include <stdlib.h>
#include <string.h>

#include "sync/sync_int.h"

static int64_t fetch_time(git_repository *repo, const char *ref)
{
	git_reflog *log = NULL;
	const git_reflog_entry *e;
	int64_t when = 0;

	if (git_reflog_read(&log, repo, ref) < 0) {
		git_error_clear();
		return 0;
	}
	/* Entry 0 is the newest. */
	if (git_reflog_entrycount(log) > 0 && (e = git_reflog_entry_byindex(log, 0)))
		when = (int64_t)git_reflog_entry_committer(e)->when.time;
	git_reflog_free(log);
	return when;
}

/*
 * Runs only there: to merge, forgotten here, or not records that belong
 * where they are, which pull would refuse (a merge that refused them
 * still has them in its merge base: they are not forgotten). Each blob's
 * head is read once, however many entries name it.
 */
static int list_there(gb_sync_status *st, git_repository *repo,
	gb_sync_set *there, const gb_sync_set *here, const gb_sync_set *base)
{
	gb_sync_entry **only = NULL;
	size_t i, n = 0, decoded = 0;
	int error = 0;

	if (there->n && !(only = gb_calloc(there->n, sizeof(*only))))
		return GB_ERROR;
	for (i = 0; i < there->n; i++)
		if (!gb_sync_set_find(here, there->v[i].id))
			only[n++] = &there->v[i];
	error = gb_sync_entries_check(only, n, repo, true, NULL, &decoded);
	for (i = 0; i < n && !error; i++) {
		if (only[i]->checked < 0)
			st->refused++;
		else if (gb_sync_set_find(base, only[i]->id))
			st->forgotten++;
		else
			error = gb_sync_runs_add(&st->remote_only, only[i]->id,
				&only[i]->commit);
	}
	free(only);
	return error;
}

static int list_here(gb_sync_status *st, git_repository *repo,
	const gb_sync_set *here, const gb_sync_set *there)
{
	git_oid commit;
	size_t i;
	int error = 0;

	for (i = 0; i < here->n && !error; i++)
		if (!gb_sync_set_find(there, here->v[i].id)) {
			gb_sync_entry_commit(&commit, &here->v[i], repo);
			error = gb_sync_runs_add(&st->local_only, here->v[i].id,
				&commit);
		}
	return error;
}

static int scan_tip(gb_sync_set *set, gb_sync_report *report,
	git_repository *repo, const char *ref, bool *found, git_oid *tip)
{
	int error = gb_sync_ref_tip(tip, repo, ref);

	*found = error > 0;
	if (error <= 0)
		return error;
	return gb_sync_scan(set, report, repo, tip);
}

/*
 * Status reads no network, so nothing else would catch a misspelt remote:
 * it must be configured, or have been fetched from before.
 */
static int known_remote(gb_store *s, const char *remote, const char *tracking)
{
	gb_buf key = GB_BUF_INIT;
	git_oid id;
	bool known;

	/* From the settings, so that `git -c remote.<name>.url=...` counts. */
	gb_buf_printf(&key, "remote.%s.url", remote);
	known = key.ptr && gb_config_get(gb_store_config(s), key.ptr, NULL);
	gb_buf_dispose(&key);
	if (known || git_reference_name_to_id(&id, gb_store_repository(s),
			     tracking) == 0)
		return 0;
	return gb_error_set(GB_ENOTFOUND,
		"no remote named '%s' ('git remote -v' lists the remotes)", remote);
}

int gb_sync_status_read(gb_sync_status *st, gb_store *s, const char *remote)
{
	git_repository *repo = gb_store_repository(s);
	gb_sync_set here = { 0 }, there = { 0 }, base = { 0 };
	gb_buf ref = GB_BUF_INIT;
	git_oid tip, rtip, mb;
	bool has_tip = false;
	int error;

	memset(st, 0, sizeof(*st));
	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0 ||
	    (error = known_remote(s, remote, ref.ptr)) < 0 ||
	    (error = scan_tip(&here, NULL, repo, gb_store_history_ref(s),
		     &has_tip, &tip)) < 0 ||
	    (error = gb_sync_scan_remote(&there, repo, remote, &rtip)) < 0)
		goto cleanup;
	st->fetched = error > 0;
	if (st->fetched)
		st->fetched_at = fetch_time(repo, ref.ptr);
	if (has_tip && error == 1 && git_merge_base(&mb, repo, &tip, &rtip) == 0 &&
	    (error = gb_sync_scan(&base, NULL, repo, &mb)) < 0)
		goto cleanup;
	st->local_runs = here.n;
	if ((error = list_here(st, repo, &here, &there)) == 0 &&
	    (error = list_there(st, repo, &there, &here, &base)) == 0)
		st->remote_runs = there.n - st->refused;
cleanup:
	if (error < 0)
		gb_sync_status_dispose(st);
	gb_sync_set_dispose(&here);
	gb_sync_set_dispose(&there);
	gb_sync_set_dispose(&base);
	gb_buf_dispose(&ref);
	return error;
}

void gb_sync_status_dispose(gb_sync_status *st)
{
	if (!st)
		return;
	gb_sync_runs_dispose(&st->local_only);
	gb_sync_runs_dispose(&st->remote_only);
	memset(st, 0, sizeof(*st));
}
