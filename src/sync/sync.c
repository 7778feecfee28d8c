/*
 * Merging a remote's history into ours, and comparing the two.
 *
 * Both sides are read as sets of run records keyed by run id (the file
 * name of a blob under runs/). The remote's tree is untrusted: its paths
 * are checked while walking it, and the records that would be added are
 * decoded in full before they are. The merge is computed inside the
 * compare-and-swap of the history ref, so a concurrent local write makes
 * it start over from the new tip rather than overwrite it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/escape.h"
#include "sync/sync_int.h"
#include "record/codec_int.h"

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
	if (!gb_sync_remote_name_valid(remote))
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

/* ---- reports ---------------------------------------------------------------- */

int gb_sync_runs_add(gb_sync_runs *runs, const char *id, const git_oid *commit)
{
	gb_sync_run *r;

	if (GB_ARRAY_GROW(runs->runs, runs->count, runs->alloc) < 0)
		return GB_ERROR;
	r = &runs->runs[runs->count++];
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", id);
	if (commit)
		git_oid_cpy(&r->commit, commit);
	return 0;
}

void gb_sync_runs_dispose(gb_sync_runs *runs)
{
	free(runs->runs);
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

static int reject(gb_sync_report *r, const char *path, const char *reason)
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

/* ---- reading a history tree ----------------------------------------------- */

typedef struct {
	gb_sync_set *set;
	gb_sync_report *report;
	git_repository *repo;
	gb_buf path;
} scan_ctx;

void gb_sync_set_dispose(gb_sync_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->v[i].path);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

static int scan_reject(scan_ctx *c, const char *reason)
{
	return c->report ? reject(c->report, c->path.ptr, reason) : 0;
}

static bool digits(const char *s, size_t n, int lo, int hi)
{
	size_t i;
	int v = 0;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/* runs/YYYY/MM/DD: depth 1 is the year. */
static bool dir_name_ok(const char *name, int depth)
{
	return depth == 1 ? digits(name, 4, 0, 9999)
	     : depth == 2 ? digits(name, 2, 1, 12)
			  : digits(name, 2, 1, 31);
}

static int scan_record(scan_ctx *c, const git_tree_entry *e)
{
	const char *name = git_tree_entry_name(e);
	gb_sync_entry *x;

	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB)
		return scan_reject(c, "not a regular file");
	if (!gb_run_id_valid(name))
		return scan_reject(c, "not a valid run id");
	if (GB_ARRAY_GROW(c->set->v, c->set->n, c->set->alloc) < 0)
		return GB_ERROR;
	x = &c->set->v[c->set->n];
	memset(x, 0, sizeof(*x));
	snprintf(x->id, sizeof(x->id), "%s", name);
	git_oid_cpy(&x->blob, git_tree_entry_id(e));
	if (!(x->path = gb_strdup(c->path.ptr)))
		return GB_ERROR;
	c->set->n++;
	return 0;
}

static int scan_tree(scan_ctx *c, git_tree *tree, int depth);

static int scan_subtree(scan_ctx *c, const git_tree_entry *e, int depth)
{
	git_tree *sub = NULL;
	int error;

	if (git_tree_lookup(&sub, c->repo, git_tree_entry_id(e)) < 0)
		return c->report ? scan_reject(c, "the tree is missing")
				 : gb_error_git(-1, "cannot read %s", c->path.ptr);
	error = scan_tree(c, sub, depth);
	git_tree_free(sub);
	return error;
}

/* Depth 0 is the root, 4 the day directories that hold the records. */
static int scan_tree(scan_ctx *c, git_tree *tree, int depth)
{
	size_t i, n = git_tree_entrycount(tree), base = c->path.size;
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		bool is_tree = git_tree_entry_type(e) == GIT_OBJECT_TREE;

		if (c->path.ptr)
			c->path.ptr[c->path.size = base] = '\0';
		if ((error = gb_buf_printf(&c->path, "%s%s", base ? "/" : "",
			     name)) < 0)
			break;
		if (depth == 4)
			error = scan_record(c, e);
		else if (depth == 0 && (strcmp(name, "runs") || !is_tree))
			error = scan_reject(c, "not under runs/");
		else if (depth > 0 && (!is_tree || !dir_name_ok(name, depth)))
			error = scan_reject(c, "not a runs/YYYY/MM/DD directory");
		else
			error = scan_subtree(c, e, depth + 1);
	}
	if (c->path.ptr)
		c->path.ptr[c->path.size = base] = '\0';
	return error;
}

static int entry_cmp(const void *a, const void *b)
{
	const gb_sync_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : strcmp(x->path, y->path);
}

/*
 * One id at two paths: locally the first is kept (the store never does
 * this); from a remote neither is believed.
 */
static int drop_repeated(gb_sync_set *set, gb_sync_report *report)
{
	size_t i, j, out = 0;
	int error = 0;

	for (i = 0; i < set->n; i = j) {
		for (j = i + 1; j < set->n && !strcmp(set->v[j].id, set->v[i].id);)
			j++;
		if (j - i == 1 || !report) {
			set->v[out++] = set->v[i];
			i++;
		}
		for (; i < j; i++) {
			if (report && !error)
				error = reject(report, set->v[i].path,
					"the run id appears twice");
			free(set->v[i].path);
		}
	}
	set->n = out;
	return error;
}

int gb_sync_scan(gb_sync_set *set, gb_sync_report *report,
	git_repository *repo, const git_oid *commit)
{
	scan_ctx c = { set, report, repo, GB_BUF_INIT };
	git_commit *hc = NULL;
	git_tree *tree = NULL;
	int error;

	if ((error = git_commit_lookup(&hc, repo, commit)) < 0 ||
	    (error = git_commit_tree(&tree, hc)) < 0) {
		error = gb_error_git(error, "cannot read a history commit");
		goto cleanup;
	}
	if ((error = scan_tree(&c, tree, 0)) < 0)
		goto cleanup;
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), entry_cmp);
	error = drop_repeated(set, report);
cleanup:
	gb_buf_dispose(&c.path);
	git_tree_free(tree);
	git_commit_free(hc);
	return error;
}

gb_sync_entry *gb_sync_set_find(const gb_sync_set *set, const char *id)
{
	size_t lo = 0, hi = set->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, set->v[mid].id);

		if (c == 0)
			return &set->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ---- checking a remote record ---------------------------------------------- */


/*
 * Decode the record of `e` (its head only with `head_only`): NULL and the
 * reason in `why` when it is not a record that belongs at its path.
 */
static gb_run *decode_entry(const gb_sync_entry *e, git_repository *repo,
	bool head_only, char *why, size_t whysize)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	git_odb *odb = NULL;
	git_blob *blob = NULL;
	gb_run *run = NULL;
	gb_buf path = GB_BUF_INIT;
	git_object_t type;
	size_t size = 0, used = 0;

	opts.want = head_only ? gb_codec_want_none : NULL;
	/* The size first: a blob is only loaded once known to be bounded. */
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read_header(&size, &type, odb, &e->blob) < 0 ||
	    type != GIT_OBJECT_BLOB)
		snprintf(why, whysize, "the blob is missing");
	else if (size > GB_RECORD_MAX_BYTES)
		snprintf(why, whysize, "%zu bytes, more than a record may have", size);
	else if (git_blob_lookup(&blob, repo, &e->blob) < 0)
		snprintf(why, whysize, "the blob is missing");
	else if (gb_codec_decode(&run, &used, git_blob_rawcontent(blob), size,
			 &opts) < 0)
		snprintf(why, whysize, "cannot decode: %s", gb_error_last()->message);
	else if (used != size)
		snprintf(why, whysize, "trailing bytes after the record");
	else if (strcmp(run->id, e->id))
		snprintf(why, whysize, "the record has another run id");
	else if (gb_store_run_path(&path, run) < 0 || strcmp(path.ptr, e->path))
		snprintf(why, whysize, "not at the path the record's time gives");
	else
		why[0] = '\0';
	if (why[0]) {
		gb_run_free(run);
		run = NULL;
	}
	gb_buf_dispose(&path);
	git_blob_free(blob);
	git_odb_free(odb);
	return run;
}

int gb_sync_entry_commit(git_oid *out, const gb_sync_entry *e,
	git_repository *repo)
{
	char why[1200];
	gb_run *run = decode_entry(e, repo, true, why, sizeof(why));

	memset(out, 0, sizeof(*out));
	if (!run) {
		gb_error_clear();
		return 0;
	}
	git_oid_cpy(out, &run->commit);
	gb_run_free(run);
	return 1;
}

/* Decode a remote record in full once; a bad one is reported. */
static int check_entry(gb_sync_entry *e, git_repository *repo,
	gb_sync_report *report)
{
	char why[1200];
	gb_run *run;

	if (e->checked)
		return 0;
	if (!(run = decode_entry(e, repo, false, why, sizeof(why)))) {
		e->checked = -1;
		gb_error_clear();
		return reject(report, e->path, why);
	}
	e->checked = 1;
	git_oid_cpy(&e->commit, &run->commit);
	gb_run_free(run);
	return 0;
}

/* ---- the merge ---------------------------------------------------------------- */

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
			if ((error = check_entry(r, repo, rep)) == 0 && r->checked > 0)
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
	git_repository *repo = gb_store_repository(s);
	merge_job j = { s, remote, { { 0 } }, { 0 }, report, NULL, 0 };
	gb_buf ref = GB_BUF_INIT, log = GB_BUF_INIT;
	int error;

	gb_sync_report_dispose(report);
	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0)
		goto cleanup;
	if ((error = gb_sync_ref_tip(&j.rtip, repo, ref.ptr)) < 0) {
		error = gb_error_set(GB_EDAMAGED, "%s of %s is not a commit",
			gb_store_remote_history_ref(s), remote);
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
	gb_buf_puts(&log, remote);
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
