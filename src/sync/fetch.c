/*
 * Fetching a remote's results: its history ref, its notes ref and its
 * pending pushes (one ref per push not folded into the history yet).
 *
 * Nothing the remote holds reaches refs/bench-remotes/ unchecked: git
 * fetches into a quarantine, refs/bench-incoming/<remote>/, each ref there
 * is peeled to a commit, and only when the history and notes are commits
 * do the tracking refs move (pending pushes that are not are skipped). So
 * a remote ref that points at a tree or a blob fails the pull and leaves
 * the tracking refs, and `status`, as they were.
 */
#include <string.h>

#include "git/refs.h"
#include "sync/sync_int.h"

#define INCOMING_PREFIX "refs/bench-incoming/"

/* Fetch times kept in a tracking ref's reflog: only the last one is read. */
#define FETCH_LOG_KEEP 20

int gb_sync_note_fetch_time(git_repository *repo, const char *ref,
	const char *remote)
{
	git_reflog *log = NULL;
	git_signature *sig = NULL;
	gb_buf msg = GB_BUF_INIT;
	git_oid tip;
	int error;

	if (git_reference_name_to_id(&tip, repo, ref) < 0)
		return 0;
	gb_buf_printf(&msg, "bench: fetched from %s", remote);
	if ((error = git_reflog_read(&log, repo, ref)) < 0 ||
	    (error = gb_signature(&sig, repo)) < 0 ||
	    (error = git_reflog_append(log, &tip, sig, msg.ptr)) < 0)
		goto cleanup;
	while (git_reflog_entrycount(log) > FETCH_LOG_KEEP)
		git_reflog_drop(log, git_reflog_entrycount(log) - 1, 0);
	error = git_reflog_write(log);
cleanup:
	if (error < 0)
		error = gb_error_git(error, "cannot note the fetch in %s", ref);
	gb_buf_dispose(&msg);
	git_signature_free(sig);
	git_reflog_free(log);
	return error;
}

/* Whether the ref already holds `tip`, objects included. */
static bool have_tip(git_repository *repo, const char *ref, const git_oid *tip)
{
	git_odb *odb = NULL;
	git_oid cur;
	bool have;

	if (git_reference_name_to_id(&cur, repo, ref) < 0 ||
	    !git_oid_equal(&cur, tip) || git_repository_odb(&odb, repo) < 0)
		return false;
	have = git_odb_exists(odb, tip) == 1;
	git_odb_free(odb);
	return have;
}

int gb_sync_ref_set(git_repository *repo, const char *ref, const git_oid *to,
	const char *why)
{
	int error = gb_ref_set(repo, ref, to, why);

	if (error < 0)
		return gb_error_git(error, to ? "cannot update %s"
					     : "cannot remove %s", ref);
	return 0;
}

/* Remove every ref under `prefix` (the quarantine, or stale tracking). */
static int drop_under(git_repository *repo, const char *prefix,
	const gb_remote_list *keep)
{
	gb_remote_list found = { 0 };
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	gb_buf glob = GB_BUF_INIT;
	size_t plen = strlen(prefix), i;
	int error;

	gb_buf_printf(&glob, "%s*", prefix);
	if ((error = git_reference_iterator_glob_new(&it, repo, glob.ptr)) < 0) {
		error = gb_error_git(error, "cannot list %s", glob.ptr);
		goto cleanup;
	}
	while (git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref);
		bool kept = false;

		for (i = 0; keep && i < keep->n && !kept; i++)
			kept = !strcmp(name + plen, keep->v[i].name);
		if (!kept && GB_ARRAY_GROW(found.v, found.n, found.alloc) == 0 &&
		    (found.v[found.n].name = gb_strdup(name)) != NULL)
			found.n++;
		git_reference_free(ref);
	}
	for (i = 0; i < found.n && !error; i++)
		error = gb_sync_ref_set(repo, found.v[i].name, NULL, NULL);
cleanup:
	git_reference_iterator_free(it);
	gb_remote_list_dispose(&found);
	gb_buf_dispose(&glob);
	return error;
}

typedef struct {
	gb_store *store;
	git_repository *repo;
	const char *remote;     /* the name tracked under */
	const char *where;      /* fetched from: the remote, or a bundle */
	gb_buf incoming, tracking, pending_prefix;
	gb_remote_ref refs[2];  /* history, notes: names on the remote */
	gb_remote_list pending; /* found by ls-remote */
	git_oid tips[2];        /* peeled, to install */
	bool fetched[2];
	gb_remote_list valid;   /* pending pushes that are commits */
} fetch_job;

static void job_dispose(fetch_job *j)
{
	gb_buf_dispose(&j->incoming);
	gb_buf_dispose(&j->tracking);
	gb_buf_dispose(&j->pending_prefix);
	gb_remote_list_dispose(&j->pending);
	gb_remote_list_dispose(&j->valid);
}

static const char *const which[2] = { "history", "notes" };

/* git fetch of what moved into the quarantine. */
static int fetch_incoming(fetch_job *j, const gb_sync_options *opts)
{
	gb_transport t;
	gb_buf specs[3] = { GB_BUF_INIT, GB_BUF_INIT, GB_BUF_INIT };
	const char *argv[3];
	size_t i, n = 0;
	int error = 0;

	gb_transport_init(&t, j->repo, j->where, opts);
	for (i = 0; i < 2 && !error; i++) {
		gb_buf mine = GB_BUF_INIT;

		gb_buf_printf(&mine, "%s%s", j->tracking.ptr, which[i]);
		/* With pending pushes the history may be folded meanwhile:
		 * fetch it by name whatever ls-remote said. */
		j->fetched[i] = j->refs[i].found &&
			(j->pending.n || !have_tip(j->repo, mine.ptr, &j->refs[i].tip));
		if (j->fetched[i] && (error = gb_buf_printf(&specs[n], "+%s:%s%s",
				j->refs[i].name, j->incoming.ptr, which[i])) == 0)
			argv[n] = specs[n].ptr, n++;
		gb_buf_dispose(&mine);
	}
	if (!error && j->pending.n &&
	    (error = gb_buf_printf(&specs[n], "+%s*:%spending/*",
		     j->pending_prefix.ptr, j->incoming.ptr)) == 0)
		argv[n] = specs[n].ptr, n++;
	if (!error && n)
		error = gb_transport_fetch(&t, argv, n);
	for (i = 0; i < 3; i++)
		gb_buf_dispose(&specs[i]);
	return error;
}

/* The history and notes as fetched: commits, or the pull fails. */
static int check_incoming(fetch_job *j)
{
	gb_buf ref = GB_BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < 2 && !error; i++) {
		if (!j->refs[i].found)
			continue;
		gb_buf_clear(&ref);
		gb_buf_printf(&ref, "%s%s", j->fetched[i] ? j->incoming.ptr
							 : j->tracking.ptr, which[i]);
		error = gb_sync_ref_tip(&j->tips[i], j->repo, ref.ptr);
		if (error <= 0) {
			gb_error_clear();
			error = gb_error_set(GB_EDAMAGED, "%s of %s is not a commit; "
				"nothing was fetched", j->refs[i].name, j->where);
		} else {
			error = 0;
		}
	}
	gb_buf_dispose(&ref);
	return error;
}

/* Pending pushes that are commits; the others are left out. */
static int check_pending(fetch_job *j)
{
	gb_buf ref = GB_BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < j->pending.n && !error; i++) {
		const char *name = j->pending.v[i].name + j->pending_prefix.size;
		git_oid tip;

		if (strchr(name, '/'))
			continue;
		gb_buf_clear(&ref);
		gb_buf_printf(&ref, "%spending/%s", j->incoming.ptr, name);
		if (gb_sync_ref_tip(&tip, j->repo, ref.ptr) <= 0) {
			gb_error_clear(); /* folded meanwhile, or not a commit */
			continue;
		}
		if ((error = GB_ARRAY_GROW(j->valid.v, j->valid.n, j->valid.alloc)) < 0 ||
		    !(j->valid.v[j->valid.n].name = gb_strdup(name))) {
			error = GB_ERROR;
			break;
		}
		git_oid_cpy(&j->valid.v[j->valid.n++].tip, &tip);
	}
	gb_buf_dispose(&ref);
	return error;
}

/* The tracking refs say what was checked; pushes folded since go. */
static int install(fetch_job *j)
{
	gb_buf ref = GB_BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < 2 && !error; i++) {
		gb_buf_clear(&ref);
		gb_buf_printf(&ref, "%s%s", j->tracking.ptr, which[i]);
		error = gb_sync_ref_set(j->repo, ref.ptr,
			j->refs[i].found ? &j->tips[i] : NULL, "bench: fetched");
	}
	for (i = 0; i < j->valid.n && !error; i++) {
		gb_buf_clear(&ref);
		gb_buf_printf(&ref, "%spending/%s", j->tracking.ptr, j->valid.v[i].name);
		error = gb_sync_ref_set(j->repo, ref.ptr, &j->valid.v[i].tip,
			"bench: fetched");
	}
	if (!error) {
		gb_buf_clear(&ref);
		gb_buf_printf(&ref, "%spending/", j->tracking.ptr);
		error = drop_under(j->repo, ref.ptr, &j->valid);
	}
	gb_buf_dispose(&ref);
	return error;
}

static int job_open(fetch_job *j, gb_store *s, const char *remote,
	const char *where)
{
	memset(j, 0, sizeof(*j));
	j->store = s;
	j->repo = gb_store_repository(s);
	j->remote = remote;
	j->where = where;
	j->refs[0].name = gb_store_remote_history_ref(s);
	j->refs[1].name = gb_store_notes_ref(s);
	if (gb_sync_tracking_ref(&j->tracking, remote, "") < 0)
		return gb_error_last()->code;
	if (gb_buf_printf(&j->incoming, INCOMING_PREFIX "%s/", remote) < 0 ||
	    gb_sync_pending_prefix(&j->pending_prefix, s) < 0)
		return GB_ERROR;
	return 0;
}

static int fetch_from(gb_store *s, const char *remote, const char *where,
	const gb_sync_options *opts, size_t *left);

int gb_sync_fetch(gb_store *s, const char *remote, const gb_sync_options *opts)
{
	return fetch_from(s, remote, remote, opts, NULL);
}

int gb_sync_fetch_counted(gb_store *s, const char *remote,
	const gb_sync_options *opts, size_t *left)
{
	return fetch_from(s, remote, remote, opts, left);
}

int gb_sync_fetch_from(gb_store *s, const char *remote, const char *where,
	const gb_sync_options *opts, size_t *left)
{
	return fetch_from(s, remote, where, opts, left);
}

static int fetch_from(gb_store *s, const char *remote, const char *where,
	const gb_sync_options *opts, size_t *left)
{
	gb_transport t;
	gb_buf history = GB_BUF_INIT;
	fetch_job j;
	int error;

	if (opts && (opts->version == 0 || opts->version > GB_SYNC_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported sync options version");
	gb_transport_init(&t, gb_store_repository(s), where, opts);
	if ((error = job_open(&j, s, remote, where)) < 0 ||
	    (error = gb_transport_ls_remote(&t, j.refs, 2, j.pending_prefix.ptr,
		     &j.pending)) < 0 ||
	    (error = drop_under(j.repo, j.incoming.ptr, NULL)) < 0 ||
	    (error = fetch_incoming(&j, opts)) < 0 ||
	    (error = check_incoming(&j)) < 0 ||
	    (error = check_pending(&j)) < 0 ||
	    (error = install(&j)) < 0)
		goto cleanup;
	if (left)
		*left = j.pending.more;
	gb_buf_printf(&history, "%shistory", j.tracking.ptr);
	if (gb_sync_note_fetch_time(j.repo, history.ptr, where) < 0)
		gb_error_clear(); /* only status reads it */
cleanup:
	/* The quarantine goes whatever happened; a failure here is not ours
	 * to report over the real one. */
	if (j.incoming.size && drop_under(j.repo, j.incoming.ptr, NULL) < 0 && !error)
		gb_error_clear();
	gb_buf_dispose(&history);
	job_dispose(&j);
	return error;
}
