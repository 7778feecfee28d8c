/*
 * Retention: old runs leave the history as one commit that lists them,
 * then the notes of their commits are rebuilt. With --rewrite the two
 * refs then start over from root commits holding what is left.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/date.h"
#include "gitbench/prune.h"
#include "store/store_int.h"
#include "record/codec_int.h"
#include "util/strpool.h"

/* ---- which runs go ----------------------------------------------------- */

struct gb_prune_strings {
	gb_strpool pool;
};

/* Every readable run of the history, then the ones chosen to go. */
typedef struct {
	gb_prune_entry *v;
	size_t n, alloc;
	bool *remove;               /* by position once sorted */
	size_t damaged;
	gb_prune_strings *strings;  /* paths, ids and labels */
} scan;

static int collect(const gb_history_entry *h, void *payload)
{
	scan *s = payload;
	gb_strpool *pool = &s->strings->pool;
	gb_prune_entry *x;

	if (!h->run) {
		s->damaged++;
		return 0;
	}
	if (GB_ARRAY_GROW(s->v, s->n, s->alloc) < 0)
		return GB_ERROR;
	x = &s->v[s->n];
	memset(x, 0, sizeof(*x));
	git_oid_cpy(&x->commit, &h->run->commit);
	x->time = h->run->time;
	if (!(x->path = gb_strpool_keep(pool, h->path, strlen(h->path))) ||
	    !(x->id = gb_strpool_keep_name(pool, x->path, h->run->id)) ||
	    (h->run->label && !(x->label = gb_strpool_keep(pool,
		    h->run->label, strlen(h->run->label)))))
		return GB_ERROR;
	s->n++;
	return 0;
}

static int cmp_time(const void *a, const void *b)
{
	const gb_prune_entry *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Mark the runs to remove, oldest first; the newest `keep` always stay. */
static int choose(scan *s, const gb_prune_options *o, gb_prune_result *r)
{
	size_t i, old = s->n;

	if (s->n && !(s->remove = gb_calloc(s->n, sizeof(*s->remove))))
		return GB_ERROR;
	if (o->by_count)
		old = o->keep < s->n ? s->n - o->keep : 0;
	for (i = 0; i < s->n; i++) {
		const gb_prune_entry *x = &s->v[i];

		if (i >= old || (o->by_age && x->time >= o->older_than))
			continue;
		if (x->label && !o->labelled)
			r->spared++;
		else
			s->remove[i] = true;
	}
	return 0;
}

static void strings_free(gb_prune_strings *strings)
{
	if (strings) {
		gb_strpool_dispose(&strings->pool);
		free(strings);
	}
}

static void scan_dispose(scan *s)
{
	free(s->v);
	free(s->remove);
	strings_free(s->strings);
}

/*
 * Hand the chosen entries and the strings over to the result, oldest first:
 * the scan's array, the others squeezed out of it.
 */
static void take_removed(gb_prune_result *r, scan *s)
{
	size_t i, n = 0;
	gb_prune_entry *shrunk;

	for (i = 0; i < s->n; i++)
		if (s->remove[i])
			s->v[n++] = s->v[i];
	r->kept = s->n - n;
	r->nremoved = n;
	if (n) {
		shrunk = realloc(s->v, n * sizeof(*s->v));
		r->removed = shrunk ? shrunk : s->v;
	} else {
		free(s->v);
	}
	s->v = NULL;
	s->n = s->alloc = 0;
	r->strings = s->strings;
	s->strings = NULL;
}

/* ---- what the history says ---------------------------------------------- */

/* "older than 2026-01-01 beyond the 50 most recent" */
static int criteria(gb_buf *out, const gb_prune_options *o)
{
	if (o->by_age) {
		gb_buf_puts(out, "older than ");
		gb_date_format(out, o->older_than, GB_DATE_UTC);
	}
	if (o->by_count)
		gb_buf_printf(out, "%sbeyond the %zu most recent",
			o->by_age ? " " : "", o->keep);
	return out->ptr ? 0 : GB_ERROR;
}

/* "Prune 12 runs older than 2026-01-01" */
static int headline(gb_buf *out, size_t n, const gb_prune_options *o)
{
	gb_buf_printf(out, "Prune %zu run%s ", n, n == 1 ? "" : "s");
	return criteria(out, o);
}

/* The history commit's message: the headline, then the runs removed. */
static int message(gb_buf *out, const gb_prune_result *r,
	const gb_prune_options *o)
{
	gb_run_lines lines = { out, true, 0 };
	size_t i;

	headline(out, r->nremoved, o);
	gb_buf_puts(out, "\n\n");
	for (i = 0; i < r->nremoved; i++)
		gb_run_lines_add(&lines, r->removed[i].id, &r->removed[i].commit);
	gb_run_lines_end(&lines);
	if (r->spared)
		gb_buf_printf(out, "\nKept %zu older run%s for %s label.\n",
			r->spared, r->spared == 1 ? "" : "s",
			r->spared == 1 ? "its" : "their");
	return out->ptr ? 0 : GB_ERROR;
}

/* ---- removing ------------------------------------------------------------- */

/* The history commit that removes them, then their commits' notes. */
static int remove_runs(gb_store *store, gb_prune_result *r, const char *msg)
{
	git_tree_update *up = gb_calloc(r->nremoved, sizeof(*up));
	git_oid *commits = gb_calloc(r->nremoved, sizeof(*commits));
	size_t k;
	int error;

	if (!up || !commits) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (k = 0; k < r->nremoved; k++) {
		up[k].action = GIT_TREE_UPDATE_REMOVE;
		up[k].path = r->removed[k].path;
		git_oid_cpy(&commits[k], &r->removed[k].commit);
	}
	/* History first: it is the truth the notes are rebuilt from (which
	 * takes each commit once, however often listed). */
	if ((error = gb_store_history_write(store, up, k, msg, NULL, 0,
		     &r->history)) < 0)
		goto cleanup;
	/* prune completed interrupted writes before its own (prune()). */
	error = gb_store_notes_rebuild_rolled(store, commits, k,
		"Notes rebuilt by 'git bench prune'", &r->notes);
cleanup:
	free(up);
	free(commits);
	return error;
}

/* ---- rewriting ------------------------------------------------------------ */

typedef struct {
	git_repository *repo;
	const char *message;
} squash_job;

/* The tip's tree as a root commit; nothing to do when it is one. */
static int squash(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	squash_job *job = payload;

	if (!old || git_commit_parentcount(old) == 0) {
		*changed = 0;
		return 0;
	}
	return gb_commit_write(new_tip, job->repo, git_commit_tree_id(old),
		job->message, NULL, 0);
}

/* 1 when the ref moved to a root commit, 0 when it was one already. */
static int squash_ref(gb_store *store, const char *ref, const char *msg,
	git_oid *tip)
{
	squash_job job = { gb_store_repository(store), msg };
	git_oid before, after;
	int error;

	if (git_reference_name_to_id(&before, job.repo, ref) < 0)
		return 0;
	if ((error = gb_ref_cas_update(job.repo, ref, squash, &job, msg,
		     &after)) < 0)
		return error;
	if (tip)
		git_oid_cpy(tip, &after);
	/* The reflog would keep every old commit, and so every old run, alive. */
	if (git_reflog_delete(job.repo, ref) < 0)
		git_error_clear();
	return !git_oid_equal(&before, &after);
}

/*
 * Both refs start over from root commits: the history first, then the
 * notes, whose message names the new history root as every notes commit
 * names the history commit it indexes.
 */
static int rewrite(gb_store *store, gb_prune_result *r, const char *msg)
{
	char hex[GIT_OID_HEXSZ + 1];
	gb_buf hmsg = GB_BUF_INIT, nmsg = GB_BUF_INIT;
	git_oid old;
	int error, moved;

	if (git_reference_name_to_id(&old, gb_store_repository(store),
		    gb_store_history_ref(store)) < 0)
		return 0;
	git_oid_tostr(hex, sizeof(hex), &old);
	if (r->nremoved)
		gb_buf_printf(&hmsg, "%s\n", msg);
	else
		gb_buf_printf(&hmsg, "Start the history over from the %zu run%s it "
				     "holds\n\n", r->kept, r->kept == 1 ? "" : "s");
	gb_buf_printf(&hmsg, "The history before this commit was dropped by "
			     "'git bench prune --rewrite'; it ended at %s.\n", hex);
	if ((moved = error = squash_ref(store, gb_store_history_ref(store),
		     hmsg.ptr, &r->history)) < 0)
		goto cleanup;
	gb_store_notes_message(&nmsg,
		"Notes of the runs left by 'git bench prune --rewrite'", &r->history);
	if ((error = squash_ref(store, gb_store_notes_ref(store), nmsg.ptr,
		     NULL)) >= 0) {
		r->rewritten = moved || error;
		error = 0;
	}
	gb_store_invalidate(store);
cleanup:
	gb_buf_dispose(&hmsg);
	gb_buf_dispose(&nmsg);
	return error;
}

/* ---- the whole --------------------------------------------------------- */

static int check_options(const gb_prune_options *o)
{
	if (!o || o->version != GB_PRUNE_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported prune options version");
	if (!o->by_count && !o->by_age)
		return gb_error_set(GB_EINVALID,
			"prune needs a number of runs to keep or a date");
	return 0;
}

int gb_store_prune(gb_prune_result *out, gb_store *store,
	const gb_prune_options *o)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	scan s = { NULL, 0, 0, NULL, 0, NULL };
	gb_buf msg = GB_BUF_INIT;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = check_options(o)) < 0)
		return error;
	if (!(s.strings = gb_calloc(1, sizeof(*s.strings))))
		return GB_ERROR;
	dopts.skip_samples = true;
	dopts.want = gb_codec_want_none;
	if ((error = gb_store_history_foreach(store, &dopts, collect, &s)) < 0)
		goto cleanup;
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_time);
	if ((error = choose(&s, o, out)) < 0)
		goto cleanup;
	out->damaged = s.damaged;
	take_removed(out, &s);
	if ((error = criteria(&msg, o)) < 0 ||
	    !(out->criteria = gb_buf_detach(&msg))) {
		error = GB_ERROR;
		goto cleanup;
	}
	if ((error = message(&msg, out, o)) < 0)
		goto cleanup;
	if (o->dry_run)
		goto cleanup;
	/* Runs an interrupted write left out of the notes go in first: past a
	 * rewrite, nothing would show they are missing. */
	if ((error = gb_store_roll_forward(store)) < 0 ||
	    (out->nremoved && (error = remove_runs(store, out, msg.ptr)) < 0))
		goto cleanup;
	if (o->rewrite)
		error = rewrite(store, out, msg.ptr);
cleanup:
	scan_dispose(&s);
	gb_buf_dispose(&msg);
	if (error < 0)
		gb_prune_result_dispose(out);
	return error;
}

void gb_prune_result_dispose(gb_prune_result *r)
{
	if (!r)
		return;
	free(r->removed);
	strings_free(r->strings);
	free(r->criteria);
	memset(r, 0, sizeof(*r));
}
