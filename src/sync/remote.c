/*
 * Pushing to a remote with the user's git (fetching is fetch.c).
 *
 * Push pulls, which merges the remote's history and its pending pushes
 * into ours, then tries the fold: one atomic push of our history (and
 * notes) with a lease on what it fetched, deleting the pending pushes it
 * merged. When another writer won that race, our history goes to a ref of
 * its own under "<history ref>-pending/", which no other writer touches;
 * the next fold takes it in. So a push never depends on winning a race,
 * and the remote's refs stay as many as the writers that overlapped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "sync/sync_int.h"
#include "sync/transport.h"

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

int gb_sync_pull(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	int error;

	size_t left = 0;

	gb_sync_report_dispose(report);
	if ((error = gb_sync_fetch_counted(s, remote, opts, &left)) < 0 ||
	    (error = gb_sync_merge(report, s, remote)) < 0)
		return error;
	report->pending_left = left;
	return 0;
}

/* ---- push ------------------------------------------------------------------ */

typedef struct {
	git_oid history, notes, rhistory, rnotes;
	bool has_history, has_notes, has_rhistory, has_rnotes;
	gb_remote_list pending;   /* the remote's pending pushes, as fetched */
} tips;

static int read_tips(tips *t, gb_store *s, const tracking *tr,
	const char *remote)
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
	return gb_sync_tracked_pending(&t->pending, repo, remote);
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

typedef struct {
	git_tree **pending;   /* the remote's pending pushes */
	size_t npending;
	size_t count;
} count_job;

/* A run our tree adds to the remote's history, unless a pending has it. */
static int count_added(const char *path, const git_oid *blob, void *p)
{
	count_job *j = p;
	git_tree_entry *e = NULL;
	size_t i;

	GB_UNUSED(blob);
	for (i = 0; i < j->npending; i++)
		if (git_tree_entry_bypath(&e, j->pending[i], path) == 0) {
			git_tree_entry_free(e);
			return 0;
		}
	j->count++;
	return 0;
}

/* The tree of commit `id`; NULL when there is none to read. */
static git_tree *tree_of(git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	git_tree *t = NULL;

	if (git_commit_lookup(&c, repo, id) == 0 && git_commit_tree(&t, c) < 0)
		t = NULL;
	git_commit_free(c);
	return t;
}

/*
 * Runs of our history that the remote lacks, in its history and in all
 * its pending pushes: what the push brings it. The two trees are walked
 * side by side, skipping every subtree they share: a push after a record
 * reads one day of each history, not every run of both, and a first push
 * holds no list of every run.
 */
static int count_new(size_t *out, gb_store *s, const tips *t,
	const char *remote)
{
	git_repository *repo = gb_store_repository(s);
	count_job j = { NULL, 0, 0 };
	gb_remote_list pending = { 0 };
	git_tree *ours = NULL, *theirs = NULL;
	gb_buf ref = GB_BUF_INIT;
	git_oid rtip;
	size_t i;
	int error;

	*out = 0;
	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0 ||
	    (error = gb_sync_tracked_pending(&pending, repo, remote)) < 0)
		goto cleanup;
	/* What is wrong there is pull's to report, not a reason to fail. */
	if (gb_sync_ref_tip(&rtip, repo, ref.ptr) > 0)
		theirs = tree_of(repo, &rtip);
	gb_error_clear();
	if (!(j.pending = gb_calloc(pending.n + 1, sizeof(*j.pending)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < pending.n; i++)
		if ((j.pending[j.npending] = tree_of(repo, &pending.v[i].tip)))
			j.npending++;
	if (!(ours = tree_of(repo, &t->history))) {
		error = gb_error_set(GB_EDAMAGED, "cannot read %s",
			gb_store_history_ref(s));
		goto cleanup;
	}
	if ((error = gb_store_runs_added(repo, theirs, ours, count_added,
		     &j)) < 0)
		error = gb_error_set(error, "cannot compare with %s's history: %s",
			remote, gb_error_last()->message);
	else
		*out = j.count;
cleanup:
	for (i = 0; i < j.npending; i++)
		git_tree_free(j.pending[i]);
	free(j.pending);
	git_tree_free(ours);
	git_tree_free(theirs);
	gb_remote_list_dispose(&pending);
	gb_buf_dispose(&ref);
	return error;
}

static void lease(gb_push_ref *r, const char *name, const git_oid *src,
	bool has_remote, const git_oid *remote)
{
	memset(r, 0, sizeof(*r));
	r->name = name;
	if (src)
		git_oid_cpy(&r->src, src);
	r->remove = src == NULL;
	r->expect_absent = !has_remote;
	if (has_remote)
		git_oid_cpy(&r->expect, remote);
}

/* After a fold the tracking refs say what the remote now holds. */
static void track_folded(git_repository *repo, const tracking *tr,
	const tips *t, bool history, bool notes, const char *remote)
{
	gb_buf ref = GB_BUF_INIT;
	size_t i;

	if (history)
		gb_sync_ref_set(repo, tr->history.ptr, &t->history, "bench: pushed");
	if (notes)
		gb_sync_ref_set(repo, tr->notes.ptr, &t->notes, "bench: pushed");
	for (i = 0; history && i < t->pending.n; i++) {
		gb_buf_clear(&ref);
		if (gb_sync_tracking_ref(&ref, remote, "pending/") == 0 &&
		    gb_buf_puts(&ref, t->pending.v[i].name) == 0)
			gb_sync_ref_set(repo, ref.ptr, NULL, NULL);
	}
	gb_buf_dispose(&ref);
	if (gb_sync_note_fetch_time(repo, tr->history.ptr, remote) < 0)
		gb_error_clear();
	gb_error_clear(); /* the remote has it all; tracking is a cache */
}

/*
 * The fold: one atomic push of the history (and notes) with a lease on
 * what was fetched, deleting the pending pushes the merge took in, each
 * with a lease on its own tip. GB_ECONFLICT when any of them moved.
 */
static int push_fold(gb_store *s, const gb_transport *t, const tips *tp,
	bool history, bool notes)
{
	gb_push_ref *refs = gb_calloc(tp->pending.n + 2, sizeof(*refs));
	gb_buf *names = gb_calloc(tp->pending.n + 1, sizeof(*names));
	size_t i, n = 0;
	int error = GB_ERROR;

	if (!refs || !names)
		goto cleanup;
	if (history)
		lease(&refs[n++], gb_store_remote_history_ref(s), &tp->history,
			tp->has_rhistory, &tp->rhistory);
	if (notes)
		lease(&refs[n++], gb_store_notes_ref(s), &tp->notes,
			tp->has_rnotes, &tp->rnotes);
	for (i = 0; history && i < tp->pending.n; i++) {
		if (gb_sync_pending_prefix(&names[i], s) < 0 ||
		    gb_buf_puts(&names[i], tp->pending.v[i].name) < 0)
			goto cleanup;
		lease(&refs[n++], names[i].ptr, NULL, true, &tp->pending.v[i].tip);
	}
	error = gb_transport_push(t, refs, n);
cleanup:
	for (i = 0; names && i < tp->pending.n; i++)
		gb_buf_dispose(&names[i]);
	free(names);
	free(refs);
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

/* A name no other push takes: the time, then 64 random bits. */
static int pending_name(gb_buf *out)
{
	uint32_t rnd[2] = { 0, 0 };
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
		return gb_error_set(GB_ERROR, "cannot draw a random name: %s",
			strerror(errno));
	return gb_buf_printf(out, "%04d%02d%02dT%02d%02d%02d.%06ldZ-%08x%08x",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000, rnd[0], rnd[1]);
}

/*
 * Our history under a ref of its own on the remote, which no other writer
 * touches: it cannot lose a race. Retried on what looks like one all the
 * same (a server whose refs share one lock), up to max attempts.
 */
static int push_pending(gb_sync_report *r, gb_store *s,
	const gb_transport *t, const tips *tp, unsigned max)
{
	gb_buf name = GB_BUF_INIT, track = GB_BUF_INIT;
	gb_push_ref ref;
	int error;

	if ((error = pending_name(&track)) < 0 ||
	    (error = gb_sync_pending_prefix(&name, s)) < 0 ||
	    (error = gb_buf_puts(&name, track.ptr)) < 0)
		goto cleanup;
	lease(&ref, name.ptr, &tp->history, false, NULL);
	for (;;) {
		r->attempts++;
		if ((error = gb_transport_push(t, &ref, 1)) != GB_ECONFLICT)
			break;
		if (r->attempts >= max) {
			error = gb_error_set(GB_ECONFLICT,
				"cannot push to %s: it kept refusing a new ref "
				"(%u attempts); try again", t->remote, max);
			break;
		}
		backoff(r->attempts);
	}
	if (error == 0) {
		r->pushed = r->pending = true;
		gb_buf_clear(&name);
		if (gb_sync_tracking_ref(&name, t->remote, "pending/") == 0 &&
		    gb_buf_puts(&name, track.ptr) == 0 &&
		    gb_sync_ref_set(gb_store_repository(s), name.ptr, &tp->history,
			    "bench: pushed") < 0)
			gb_error_clear();
	}
cleanup:
	gb_buf_dispose(&name);
	gb_buf_dispose(&track);
	return error;
}

/* What a push of ours would send, from a fresh pull: 1 something, 0 nothing. */
static int prepare(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts, tracking *tr, tips *tp, bool *history,
	bool *notes)
{
	git_repository *repo = gb_store_repository(s);
	git_oid ours;
	int error;

	gb_remote_list_dispose(&tp->pending);
	if ((error = gb_sync_pull(report, s, remote, opts)) < 0 ||
	    (error = read_tips(tp, s, tr, remote)) < 0 || !tp->has_history)
		return error; /* nothing recorded here: nothing to send */
	*history = !tp->has_rhistory ||
		   !git_oid_equal(&tp->history, &tp->rhistory) || tp->pending.n;
	/* What goes: ours, and the remote's notes of commits not here. */
	git_oid_cpy(&ours, &tp->notes);
	report->notes_kept = 0;
	if (tp->has_notes && tp->has_rnotes &&
	    (error = gb_sync_notes_to_push(&tp->notes, &report->notes_kept, s,
		     &ours, &tp->rnotes)) < 0)
		return error;
	/* Notes commits differ between clones; their content is what counts. */
	*notes = tp->has_notes && (!tp->has_rnotes ||
		!same_tree(repo, &tp->notes, &tp->rnotes));
	if (!*history && !*notes)
		return 0;
	if ((error = count_new(&report->pushed_runs, s, tp, remote)) < 0)
		return error;
	return 1;
}

static void folded(gb_sync_report *report, gb_store *s, const tracking *tr,
	const tips *tp, bool history, bool notes, const char *remote)
{
	report->pushed = true;
	report->folded = history ? tp->pending.n : 0;
	track_folded(gb_store_repository(s), tr, tp, history, notes, remote);
}

/*
 * Pull and fold, from attempt `attempt`, until the fold lands or `max`
 * attempts have lost a race; `what` starts the error ("cannot push to").
 */
static int fold_until(gb_sync_report *report, gb_store *s,
	const gb_transport *t, tracking *tr, tips *tp, const char *remote,
	const gb_sync_options *opts, unsigned max, unsigned attempt,
	const char *what)
{
	bool history = false, notes = false;
	int error;

	for (;; attempt++) {
		if ((error = prepare(report, s, remote, opts, tr, tp, &history,
			     &notes)) <= 0)
			return error;
		report->attempts = attempt;
		if ((error = push_fold(s, t, tp, history, notes)) == 0) {
			folded(report, s, tr, tp, history, notes, remote);
			return 0;
		}
		if (error != GB_ECONFLICT)
			return error;
		if (attempt >= max)
			return gb_error_set(GB_ECONFLICT, "%s %s: it kept moving "
				"under other pushes (%u attempts); try again", what,
				remote, max);
		backoff(attempt);
	}
}

int gb_sync_push(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	gb_transport t;
	unsigned max = opts && opts->max_attempts ? opts->max_attempts
						  : GB_SYNC_MAX_ATTEMPTS;
	bool history = false, notes = false;
	tracking tr;
	tips tp;
	int error;

	gb_transport_init(&t, gb_store_repository(s), remote, opts);
	memset(&tp, 0, sizeof(tp));
	if ((error = tracking_open(&tr, remote)) < 0)
		return error;
	if ((error = prepare(report, s, remote, opts, &tr, &tp, &history,
		     &notes)) <= 0)
		goto cleanup;
	report->attempts = 1;
	if ((error = push_fold(s, &t, &tp, history, notes)) == 0) {
		folded(report, s, &tr, &tp, history, notes, remote);
		goto cleanup;
	}
	if (error != GB_ECONFLICT)
		goto cleanup;
	/* Another push won the history ref: ours goes beside it. */
	gb_error_clear();
	if (report->pushed_runs) {
		error = push_pending(report, s, &t, &tp, max + 1);
	} else {
		/* Nothing goes beside the history but runs: notes alone (a
		 * note git carried to a rewritten commit, which no history
		 * rebuilds) are folded again on a fresh pull. */
		backoff(1);
		error = fold_until(report, s, &t, &tr, &tp, remote, opts, max, 2,
			"cannot push to");
	}
cleanup:
	gb_remote_list_dispose(&tp.pending);
	tracking_dispose(&tr);
	return error;
}

int gb_sync_compact(gb_sync_report *report, gb_store *s, const char *remote,
	const gb_sync_options *opts)
{
	gb_transport t;
	unsigned max = opts && opts->max_attempts ? opts->max_attempts
						  : GB_SYNC_MAX_ATTEMPTS;
	tracking tr;
	tips tp;
	int error;

	gb_transport_init(&t, gb_store_repository(s), remote, opts);
	memset(&tp, 0, sizeof(tp));
	if ((error = tracking_open(&tr, remote)) < 0)
		return error;
	error = fold_until(report, s, &t, &tr, &tp, remote, opts, max, 1,
		"cannot fold the pushes of");
	gb_remote_list_dispose(&tp.pending);
	tracking_dispose(&tr);
	return error;
}
