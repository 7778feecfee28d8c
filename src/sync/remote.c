/*
 * Fetching from and pushing to a remote with the user's git.
 *
 * Fetch asks the remote where its two refs point (ls-remote: a remote
 * without them is not an error), fetches the ones that moved into the
 * tracking refs, and notes the time in the tracking history's reflog for
 * `status`. Push pulls, then pushes the commits it decided on with a lease
 * on what it fetched; when the remote moved meanwhile it waits a random,
 * growing while and starts over, a bounded number of times.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "sync/sync_int.h"
#include "sync/transport.h"

/* Fetch times kept in a tracking ref's reflog: only the last one is read. */
#define FETCH_LOG_KEEP 20

typedef struct {
	gb_buf history;   /* tracking refs */
	gb_buf notes;
} tracking;

static void tracking_dispose(tracking *t)
{
	gb_buf_dispose(&t->history);
	gb_buf_dispose(&t->notes);
}

static int tracking_open(tracking *t, const char *remote)
{
	memset(t, 0, sizeof(*t));
	if (gb_sync_tracking_ref(&t->history, remote, "history") < 0 ||
	    gb_sync_tracking_ref(&t->notes, remote, "notes") < 0) {
		tracking_dispose(t);
		return gb_error_last()->code;
	}
	return 0;
}

static int check_options(const gb_sync_options *opts)
{
	if (opts && (opts->version == 0 || opts->version > GB_SYNC_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported sync options version");
	return 0;
}

/* Record "we looked at the remote now", whether or not the ref moved. */
static int note_fetch_time(git_repository *repo, const char *ref,
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

/* Whether the tracking ref already holds `tip`, objects included. */
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

static int drop_ref(git_repository *repo, const char *ref)
{
	int error = git_reference_remove(repo, ref);

	if (error < 0 && error != GIT_ENOTFOUND)
		return gb_error_git(error, "cannot remove %s", ref);
	return 0;
}

int gb_sync_fetch(gb_store *s, const char *remote, const gb_sync_options *opts)
{
	return gb_sync_fetch_from(s, remote, remote, opts);
}

int gb_sync_fetch_from(gb_store *s, const char *remote, const char *where,
	const gb_sync_options *opts)
{
	git_repository *repo = gb_store_repository(s);
	gb_transport t;
	gb_remote_ref refs[2] = { { gb_store_remote_history_ref(s), false, { { 0 } } },
				  { gb_store_notes_ref(s), false, { { 0 } } } };
	gb_buf specs[2] = { GB_BUF_INIT, GB_BUF_INIT };
	const char *argv[2];
	tracking tr;
	size_t i, n = 0;
	int error;

	if ((error = check_options(opts)) < 0 ||
	    (error = tracking_open(&tr, remote)) < 0)
		return error;
	gb_transport_init(&t, repo, where, opts);
	if ((error = gb_transport_ls_remote(&t, refs, 2)) < 0)
		goto cleanup;
	for (i = 0; i < 2 && !error; i++) {
		const char *dst = i ? tr.notes.ptr : tr.history.ptr;

		if (!refs[i].found)
			error = drop_ref(repo, dst);
		else if (!have_tip(repo, dst, &refs[i].tip) &&
			 (error = gb_buf_printf(&specs[n], "+%s:%s", refs[i].name,
				  dst)) == 0)
			argv[n] = specs[n].ptr, n++;
	}
	if (!error && n)
		error = gb_transport_fetch(&t, argv, n);
	if (!error && note_fetch_time(repo, tr.history.ptr, where) < 0)
		gb_error_clear(); /* only status reads it */
cleanup:
	gb_buf_dispose(&specs[0]);
	gb_buf_dispose(&specs[1]);
	tracking_dispose(&tr);
	return error;
}

int gb_sync_pull(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	int error;

	gb_sync_report_dispose(report);
	if ((error = gb_sync_fetch(s, remote, opts)) < 0)
		return error;
	return gb_sync_merge(report, s, remote);
}

/* ---- push ------------------------------------------------------------------ */

typedef struct {
	git_oid history, notes, rhistory, rnotes;
	bool has_history, has_notes, has_rhistory, has_rnotes;
} tips;

static void read_tips(tips *t, gb_store *s, const tracking *tr)
{
	git_repository *repo = gb_store_repository(s);

	memset(t, 0, sizeof(*t));
	t->has_history = git_reference_name_to_id(&t->history, repo,
		gb_store_history_ref(s)) == 0;
	t->has_notes = git_reference_name_to_id(&t->notes, repo,
		gb_store_notes_ref(s)) == 0;
	t->has_rhistory = git_reference_name_to_id(&t->rhistory, repo,
		tr->history.ptr) == 0;
	t->has_rnotes = git_reference_name_to_id(&t->rnotes, repo,
		tr->notes.ptr) == 0;
}

static bool same_tree(git_repository *repo, const git_oid *a, const git_oid *b)
{
	git_commit *ca = NULL, *cb = NULL;
	bool same = git_commit_lookup(&ca, repo, a) == 0 &&
		    git_commit_lookup(&cb, repo, b) == 0 &&
		    git_oid_equal(git_commit_tree_id(ca), git_commit_tree_id(cb));

	git_commit_free(ca);
	git_commit_free(cb);
	return same;
}

/* Runs of our history that the remote's lacks: what the push brings it. */
static int count_new(size_t *out, git_repository *repo, const tips *t)
{
	gb_sync_set here = { 0 }, there = { 0 };
	size_t i;
	int error;

	*out = 0;
	if ((error = gb_sync_scan(&here, NULL, repo, &t->history)) == 0 &&
	    t->has_rhistory)
		error = gb_sync_scan(&there, NULL, repo, &t->rhistory);
	for (i = 0; !error && i < here.n; i++)
		*out += !gb_sync_set_find(&there, here.v[i].id);
	gb_sync_set_dispose(&here);
	gb_sync_set_dispose(&there);
	return error;
}

static void lease(gb_push_ref *r, const char *name, const git_oid *src,
	bool has_remote, const git_oid *remote)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	git_oid_cpy(&r->src, src);
	r->expect_absent = !has_remote;
	if (has_remote)
		git_oid_cpy(&r->expect, remote);
}

/* After a push the tracking refs say what the remote now holds. */
static void track_pushed(git_repository *repo, const tracking *tr,
	const tips *t, bool history, bool notes, const char *remote)
{
	git_reference *ref = NULL;

	if (history && git_reference_create(&ref, repo, tr->history.ptr,
			       &t->history, 1, "bench: pushed") == 0)
		git_reference_free(ref);
	ref = NULL;
	if (notes && git_reference_create(&ref, repo, tr->notes.ptr, &t->notes,
			     1, "bench: pushed") == 0)
		git_reference_free(ref);
	if (note_fetch_time(repo, tr->history.ptr, remote) < 0)
		gb_error_clear();
}

/* One push of what the pull left: GB_ECONFLICT when the remote moved. */
static int push_once(gb_sync_report *r, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	git_repository *repo = gb_store_repository(s);
	gb_transport t;
	gb_push_ref refs[2];
	bool history, notes;
	tracking tr;
	tips tp;
	size_t n = 0;
	int error;

	if ((error = tracking_open(&tr, remote)) < 0)
		return error;
	gb_transport_init(&t, repo, remote, opts);
	read_tips(&tp, s, &tr);
	if (!tp.has_history)
		goto cleanup; /* nothing recorded here: nothing to send */
	history = !tp.has_rhistory || !git_oid_equal(&tp.history, &tp.rhistory);
	/* Notes commits differ between clones; their content is what counts. */
	notes = tp.has_notes && (!tp.has_rnotes ||
		!same_tree(repo, &tp.notes, &tp.rnotes));
	if (!history && !notes)
		goto cleanup;
	if ((error = count_new(&r->pushed_runs, repo, &tp)) < 0)
		goto cleanup;
	if (history)
		lease(&refs[n++], gb_store_remote_history_ref(s), &tp.history,
			tp.has_rhistory, &tp.rhistory);
	if (notes)
		lease(&refs[n++], gb_store_notes_ref(s), &tp.notes, tp.has_rnotes,
			&tp.rnotes);
	if ((error = gb_transport_push(&t, refs, n)) == 0) {
		r->pushed = true;
		track_pushed(repo, &tr, &tp, history, notes, remote);
	}
cleanup:
	tracking_dispose(&tr);
	return error;
}

/* Random and growing, so that writers who collided do not collide again. */
static void backoff(unsigned attempt)
{
	unsigned ms = attempt < 6 ? 100u << (attempt - 1) : 3200u;
	uint32_t rnd = 0;
	struct timespec ts;
	unsigned long us;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (uint32_t)clock() * 2654435761u;
	us = ms * 500ul + rnd % (ms * 500ul + 1);
	ts.tv_sec = (time_t)(us / 1000000);
	ts.tv_nsec = (long)(us % 1000000) * 1000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int gb_sync_push(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	unsigned max = opts && opts->max_attempts ? opts->max_attempts
						  : GB_SYNC_MAX_ATTEMPTS;
	unsigned attempt;
	int error = 0;

	for (attempt = 1;; attempt++) {
		if ((error = gb_sync_pull(report, s, remote, opts)) < 0)
			break;
		report->attempts = attempt;
		if ((error = push_once(report, s, remote, opts)) != GB_ECONFLICT)
			break;
		if (attempt >= max) {
			error = gb_error_set(GB_ECONFLICT,
				"cannot push to %s: it kept moving under other "
				"pushes (%u attempts); try again", remote, max);
			break;
		}
		backoff(attempt);
	}
	return error;
}
