/*
 * Sharing results through remotes: the names of remotes and of the refs
 * that track them, and the reports of what a sync did. Reading a history
 * tree is scan.c, merging merge.c, fetching and pushing remote.c (through
 * transport.c), comparing without merging status.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/sync_int.h"

/* ---- names ---------------------------------------------------------------- */

bool gb_sync_remote_name_valid(const char *name)
{
	gb_buf ref = GB_BUF_INIT;
	int valid = 0;

	if (!name || !*name || name[0] == '-' || strchr(name, '/'))
		return false;
	if (gb_buf_printf(&ref, GB_SYNC_TRACKING_PREFIX "%s/history", name) < 0 ||
	    git_reference_name_is_valid(&valid, ref.ptr) < 0)
		valid = 0;
	gb_buf_dispose(&ref);
	return valid != 0;
}

int gb_sync_tracking_ref(gb_buf *out, const char *remote, const char *which)
{
	if (!gb_sync_remote_name_valid(remote) &&
	    (!remote || strcmp(remote, GB_SYNC_BUNDLE_NAME)))
		return gb_error_set(GB_EINVALID,
			"'%s' cannot name a remote here: it must be one valid ref "
			"component (no '/') and not start with '-'",
			remote ? remote : "");
	return gb_buf_printf(out, GB_SYNC_TRACKING_PREFIX "%s/%s", remote, which);
}

int gb_sync_ref_tip(git_oid *out, git_repository *repo, const char *name)
{
	git_commit *c = NULL;
	int error = gb_ref_peel_commit(&c, repo, name);

	if (error < 0 || !c)
		return error;
	git_oid_cpy(out, git_commit_id(c));
	git_commit_free(c);
	return 1;
}

int gb_sync_pending_prefix(gb_buf *out, gb_store *s)
{
	return gb_buf_printf(out, "%s-pending/", gb_store_remote_history_ref(s));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const gb_remote_ref *)a)->name,
		((const gb_remote_ref *)b)->name);
}

int gb_sync_tracked_pending(gb_remote_list *out, git_repository *repo,
	const char *remote)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	gb_buf glob = GB_BUF_INIT;
	size_t plen;
	bool oom = false;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = gb_sync_tracking_ref(&glob, remote, "pending/")) < 0)
		return error;
	plen = glob.size;
	gb_buf_putc(&glob, '*');
	if ((error = git_reference_iterator_glob_new(&it, repo, glob.ptr)) < 0) {
		error = gb_error_git(error, "cannot list %s", glob.ptr);
		goto cleanup;
	}
	while ((error = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref);
		const git_oid *id = git_reference_target(ref);

		if (id && strlen(name) > plen && !strchr(name + plen, '/') &&
		    out->n < GB_SYNC_MAX_PENDING) {
			if ((oom = GB_ARRAY_GROW(out->v, out->n, out->alloc) < 0)) {
				error = GB_ERROR;
				break;
			}
			out->v[out->n].found = true;
			git_oid_cpy(&out->v[out->n].tip, id);
			if ((oom = !(out->v[out->n].name = gb_strdup(name + plen)))) {
				error = GB_ERROR;
				break;
			}
			out->n++;
		}
		git_reference_free(ref);
		ref = NULL;
	}
	if (error == GIT_ITEROVER)
		error = 0;
	else if (error < 0 && !oom)
		error = gb_error_git(error, "cannot list %s", glob.ptr);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
cleanup:
	git_reference_free(ref);
	git_reference_iterator_free(it);
	gb_buf_dispose(&glob);
	if (error < 0)
		gb_remote_list_dispose(out);
	return error;
}

/* ---- reports ---------------------------------------------------------------- */

struct gb_sync_strings {
	gb_strpool pool;
};

int gb_sync_runs_add(gb_sync_runs *runs, const char *id, const git_oid *commit)
{
	gb_sync_run *r;
	const char *kept;

	if (!runs->strings &&
	    !(runs->strings = gb_calloc(1, sizeof(*runs->strings))))
		return GB_ERROR;
	if (GB_ARRAY_GROW(runs->runs, runs->count, runs->alloc) < 0 ||
	    !(kept = gb_strpool_keep(&runs->strings->pool, id, strlen(id))))
		return GB_ERROR;
	r = &runs->runs[runs->count++];
	memset(r, 0, sizeof(*r));
	r->id = kept;
	if (commit)
		git_oid_cpy(&r->commit, commit);
	return 0;
}

void gb_sync_runs_dispose(gb_sync_runs *runs)
{
	free(runs->runs);
	if (runs->strings) {
		gb_strpool_dispose(&runs->strings->pool);
		free(runs->strings);
	}
	memset(runs, 0, sizeof(*runs));
}

void gb_sync_report_dispose(gb_sync_report *r)
{
	size_t i;

	if (!r)
		return;
	gb_sync_runs_dispose(&r->added);
	gb_sync_runs_dispose(&r->conflicts);
	for (i = 0; i < r->nlisted; i++) {
		free(r->rejected[i].path);
		free(r->rejected[i].reason);
	}
	free(r->rejected);
	memset(r, 0, sizeof(*r));
}

int gb_sync_reject(gb_sync_report *r, const char *path, const char *reason)
{
	gb_sync_rejected *e;

	r->nrejected++;
	if (r->nlisted >= GB_SYNC_MAX_LISTED)
		return 0; /* counted, not kept: a hostile tree is not our memory */
	if (!r->rejected &&
	    !(r->rejected = gb_calloc(GB_SYNC_MAX_LISTED, sizeof(*r->rejected))))
		return GB_ERROR;
	e = &r->rejected[r->nlisted];
	e->path = gb_strdup(path);
	e->reason = gb_strdup(reason);
	if (!e->path || !e->reason) {
		free(e->path);
		free(e->reason);
		return GB_ERROR;
	}
	r->nlisted++;
	return 0;
}
