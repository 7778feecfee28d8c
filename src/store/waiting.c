/*
 * Runs that wait for their commit. A merge brings runs of commits this
 * repository has not fetched; their notes are written once the commits
 * arrive, by the next pull or push. Finding them takes every run's
 * commit, which is in its record: decoding every record of the history on
 * every pull and push (1.4 s of a 2.8 s push at 100,000 runs). So the
 * commits found waiting are kept in $GIT_COMMON_DIR/bench-waiting with
 * the history commit they were found at, a line each:
 *
 *   <history commit>
 *   <commit waiting>...
 *
 * and the next search reads only what it lists and the runs the history
 * added since that commit (a diff of the two trees, which skips every
 * subtree they share). The file is a shortcut, never the truth: when it
 * is missing, unreadable or names a history commit this repository does
 * not have (a rewritten history, gc'd), every record is read as before;
 * a write that does not keep it (an older git-bench, a prune) leaves it
 * naming an older history commit, and the runs added since are in the
 * diff. A commit listed whose runs were pruned since is only looked at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record/codec_int.h"
#include "store/store_int.h"

/* 40 hex digits and a newline a commit: 2.6 million commits. */
#define WAITING_MAX_BYTES (100u << 20)
#define LINE (GIT_OID_HEXSZ + 1)

typedef struct {
	git_oid *v;
	size_t n, alloc;
} oid_list;

static int list_add(oid_list *l, const git_oid *id)
{
	if (GB_ARRAY_GROW(l->v, l->n, l->alloc) < 0)
		return GB_ERROR;
	git_oid_cpy(&l->v[l->n++], id);
	return 0;
}

static bool notes_present(gb_store *s)
{
	git_oid id;

	return git_reference_name_to_id(&id, s->repo, s->notes_ref) == 0;
}

static int waiting_path(gb_buf *out, gb_store *s)
{
	return gb_buf_printf(out, "%sbench-waiting",
		git_repository_commondir(s->repo));
}

/* True with *tip and the commits listed read, false when there is no list. */
static bool waiting_read(git_oid *tip, oid_list *l, gb_store *s)
{
	gb_buf path = GB_BUF_INIT, text = GB_BUF_INIT;
	bool ok = false;
	git_oid id;
	size_t at;

	if (waiting_path(&path, s) < 0 ||
	    gb_read_file(&text, path.ptr, WAITING_MAX_BYTES) < 0 ||
	    text.size == 0 || text.size % LINE != 0)
		goto done;
	for (at = 0; at < text.size; at += LINE) {
		if (text.ptr[at + GIT_OID_HEXSZ] != '\n' ||
		    git_oid_fromstrn(&id, text.ptr + at, GIT_OID_HEXSZ) < 0)
			goto done;
		if (at == 0)
			git_oid_cpy(tip, &id);
		else if (list_add(l, &id) < 0)
			goto done;
	}
	ok = true;
done:
	if (!ok)
		l->n = 0;
	gb_error_clear();
	gb_buf_dispose(&path);
	gb_buf_dispose(&text);
	return ok;
}

/* Best effort: without the file the next search reads every record. */
static void waiting_write(gb_store *s, const git_oid *tip, const oid_list *l)
{
	gb_buf path = GB_BUF_INIT, tmp = GB_BUF_INIT, text = GB_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	FILE *fp;

	for (i = 0; i <= l->n; i++) {
		git_oid_tostr(hex, sizeof(hex), i ? &l->v[i - 1] : tip);
		gb_buf_printf(&text, "%s\n", hex);
	}
	if (waiting_path(&path, s) == 0 &&
	    gb_buf_printf(&tmp, "%s.tmp%ld", path.ptr, (long)getpid()) == 0 &&
	    text.ptr && (fp = fopen(tmp.ptr, "wb")) != NULL) {
		bool written = fwrite(text.ptr, 1, text.size, fp) == text.size;

		if (fclose(fp) != 0 || !written || rename(tmp.ptr, path.ptr) != 0)
			unlink(tmp.ptr);
	}
	gb_error_clear();
	gb_buf_dispose(&path);
	gb_buf_dispose(&tmp);
	gb_buf_dispose(&text);
}

typedef struct {
	gb_store *store;
	oid_list *commits;
} scan_job;

/* Every run's commit that has no note: the whole history read. */
static int note_missing(const gb_history_entry *e, void *payload)
{
	scan_job *j = payload;
	oid_list *l = j->commits;

	/* A commit's runs follow one another only when made together: each
	 * once is made at the end, by sorting, not by a scan per run. */
	if (!e->run || (l->n && git_oid_equal(&l->v[l->n - 1], &e->run->commit)))
		return 0;
	if (gb_store_commit_present(j->store, &e->run->commit) &&
	    gb_store_has(j->store, &e->run->commit) != 0) {
		gb_error_clear();
		return 0;
	}
	return list_add(l, &e->run->commit);
}

/* The commit of a run the history added; a damaged one is fsck's. */
static int added_run(const char *path, const git_oid *id, void *payload)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	scan_job *j = payload;
	git_blob *blob = NULL;
	gb_run *run = NULL;
	size_t used = 0;
	int error = 0;

	(void)path;
	opts.want = gb_codec_want_none;
	if (git_blob_lookup(&blob, j->store->repo, id) == 0 &&
	    gb_codec_decode(&run, &used, git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), &opts) == 0)
		error = list_add(j->commits, &run->commit);
	else
		gb_error_clear();
	gb_run_free(run);
	git_blob_free(blob);
	return error;
}

/*
 * The commits that may wait: those listed and those of the runs added
 * since the list was made, or, without a list that this repository can
 * follow, every commit with runs. *same is true when the list was made
 * at the history's tip (then *listed says how many it names).
 */
static int candidates(oid_list *out, bool *same, size_t *listed,
	gb_store *s, git_commit *head)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	scan_job job = { s, out };
	git_commit *then = NULL;
	git_oid tip;
	int error;

	*same = false;
	/* No notes at all (never written, or deleted): any run may wait,
	 * whatever a list says. */
	if (notes_present(s) && waiting_read(&tip, out, s)) {
		*listed = out->n;
		if (git_oid_equal(&tip, git_commit_id(head))) {
			*same = true;
			return 0;
		}
		if (git_commit_lookup(&then, s->repo, &tip) == 0) {
			error = gb_store_added_since(s->repo, then, head,
				added_run, &job);
			git_commit_free(then);
			if (error == 0 || error == GB_ERROR)
				return error;
		}
		/* A history this repository cannot follow: read it all. */
		gb_error_clear();
		out->n = 0;
	}
	opts.want = gb_codec_want_none;
	return gb_store_history_foreach(s, &opts, note_missing, &job);
}

int gb_store_unindexed(git_oid **out, size_t *n, gb_store *s)
{
	oid_list cand = { 0 }, late = { 0 }, keep = { 0 };
	git_commit *head = NULL;
	size_t i, listed = 0;
	bool same;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = gb_ref_peel_commit(&head, s->repo, s->history_ref)) < 0 ||
	    !head)
		return error;
	if ((error = candidates(&cand, &same, &listed, s, head)) < 0)
		goto cleanup;
	cand.n = gb_oids_sort_unique(cand.v, cand.n);
	for (i = 0; i < cand.n && !error; i++) {
		const git_oid *c = &cand.v[i];
		int has;

		if (!gb_store_commit_present(s, c)) {
			error = list_add(&keep, c);
		} else if ((has = gb_store_has(s, c)) < 0) {
			gb_error_clear(); /* a note that cannot be read is fsck's */
		} else if (!has) {
			/* Listed still until its note is written: a write
			 * that fails leaves it to the next search. */
			if ((error = list_add(&keep, c)) == 0)
				error = list_add(&late, c);
		}
	}
	if (error < 0)
		goto cleanup;
	if (!same || keep.n != listed || late.n)
		waiting_write(s, git_commit_id(head), &keep);
	*out = late.v;
	*n = late.n;
	late.v = NULL;
cleanup:
	free(cand.v);
	free(late.v);
	free(keep.v);
	git_commit_free(head);
	return error;
}
