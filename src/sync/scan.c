/*
 * Reading a history tree as a set of run records keyed by run id (the file
 * name of a blob under runs/). A remote's tree is untrusted: its paths are
 * checked while walking it, and the records that would be added are
 * decoded in full before they are, each blob once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "sync/sync_int.h"

/* ---- reading a history tree ----------------------------------------------- */

typedef struct {
	gb_sync_set *set;
	gb_sync_report *report;
	git_repository *repo;
	gb_buf path;
} scan_ctx;

void gb_sync_set_dispose(gb_sync_set *set)
{
	free(set->v);
	gb_strpool_dispose(&set->paths);
	memset(set, 0, sizeof(*set));
}

static int scan_reject(scan_ctx *c, const char *reason)
{
	return c->report ? gb_sync_reject(c->report, c->path.ptr, reason) : 0;
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
	git_oid_cpy(&x->blob, git_tree_entry_id(e));
	if (!(x->path = gb_strpool_keep(&c->set->paths, c->path.ptr,
		      c->path.size)))
		return GB_ERROR;
	/* The id is the path's end: a set of 100,000 runs is 6 MB smaller. */
	x->id = x->path + (c->path.size - strlen(name));
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
				error = gb_sync_reject(report, set->v[i].path,
					"the run id appears twice");
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

int gb_sync_scan_remote(gb_sync_set *set, git_repository *repo,
	const char *remote, git_oid *history)
{
	gb_remote_list pending = { 0 };
	gb_buf ref = GB_BUF_INIT;
	size_t i;
	int found = 0, error;

	if ((error = gb_sync_tracking_ref(&ref, remote, "history")) < 0)
		return error;
	/* What is wrong there is pull's to report, not a reason to fail. */
	if ((error = gb_sync_ref_tip(history, repo, ref.ptr)) < 0)
		gb_error_clear();
	if (error > 0 && (error = gb_sync_scan(set, NULL, repo, history)) == 0)
		found = 1;
	if (error >= 0)
		error = gb_sync_tracked_pending(&pending, repo, remote);
	for (i = 0; error >= 0 && i < pending.n; i++)
		if ((error = gb_sync_scan(set, NULL, repo, &pending.v[i].tip)) == 0)
			found = found ? found : 2;
	gb_remote_list_dispose(&pending);
	gb_buf_dispose(&ref);
	return error < 0 ? error : found;
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

/* What one blob holds: a record, which belongs at one path, or why not. */
typedef struct {
	gb_run *run;     /* NULL when it is not a record */
	gb_buf path;     /* where its record belongs; empty when nowhere */
	char why[1200];
} blob_verdict;

/* Decode the record of `blob` (its head only with `head_only`). */
static void decode_blob(blob_verdict *v, const git_oid *blob,
	git_repository *repo, bool head_only)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	git_odb *odb = NULL;
	git_blob *b = NULL;
	git_object_t type;
	size_t size = 0, used = 0;

	memset(v, 0, sizeof(*v));
	opts.want = head_only ? gb_codec_want_none : NULL;
	/* The size first: a blob is only loaded once known to be bounded. */
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read_header(&size, &type, odb, blob) < 0 ||
	    type != GIT_OBJECT_BLOB)
		snprintf(v->why, sizeof(v->why), "the blob is missing");
	else if (size > GB_RECORD_MAX_BYTES)
		snprintf(v->why, sizeof(v->why),
			"%zu bytes, more than a record may have", size);
	else if (git_blob_lookup(&b, repo, blob) < 0)
		snprintf(v->why, sizeof(v->why), "the blob is missing");
	else if (gb_codec_decode(&v->run, &used, git_blob_rawcontent(b), size,
			 &opts) < 0)
		snprintf(v->why, sizeof(v->why), "cannot decode: %s",
			gb_error_last()->message);
	else if (used != size)
		snprintf(v->why, sizeof(v->why), "trailing bytes after the record");
	else if (gb_store_run_path(&v->path, v->run) < 0)
		gb_buf_clear(&v->path); /* a time no date gives: no path */
	if (v->why[0]) {
		gb_run_free(v->run);
		v->run = NULL;
	}
	gb_error_clear();
	git_blob_free(b);
	git_odb_free(odb);
}

static void verdict_dispose(blob_verdict *v)
{
	gb_run_free(v->run);
	gb_buf_dispose(&v->path);
}

/* Why the record of `v` does not belong at `e`; NULL when it does. */
static const char *misplaced(const gb_sync_entry *e, const blob_verdict *v)
{
	if (!v->run)
		return v->why;
	if (strcmp(v->run->id, e->id))
		return "the record has another run id";
	if (!v->path.size || strcmp(v->path.ptr, e->path))
		return "not at the path the record's time gives";
	return NULL;
}

int gb_sync_entry_commit(git_oid *out, const gb_sync_entry *e,
	git_repository *repo)
{
	blob_verdict v;
	int found;

	decode_blob(&v, &e->blob, repo, true);
	found = !misplaced(e, &v);
	if (found)
		git_oid_cpy(out, &v.run->commit);
	else
		memset(out, 0, sizeof(*out));
	verdict_dispose(&v);
	return found;
}

static int by_blob(const void *a, const void *b)
{
	const gb_sync_entry *x = *(gb_sync_entry *const *)a;
	const gb_sync_entry *y = *(gb_sync_entry *const *)b;

	return git_oid_cmp(&x->blob, &y->blob);
}

/* Judge entry `e` by the record its blob holds. */
static int judge(gb_sync_entry *e, const blob_verdict *v,
	const char **kept, gb_strpool *reasons)
{
	const char *why = misplaced(e, v);

	if (!why) {
		e->checked = 1;
		git_oid_cpy(&e->commit, &v->run->commit);
		return 0;
	}
	e->checked = -1;
	e->why = why;
	if (why != v->why || !reasons)
		return 0;
	/* The blob's own reason, kept once for all the entries naming it. */
	if (!*kept && !(*kept = gb_strpool_keep(reasons, why, strlen(why))))
		return GB_ERROR;
	e->why = *kept;
	return 0;
}

int gb_sync_entries_check(gb_sync_entry **v, size_t n, git_repository *repo,
	bool head_only, gb_strpool *reasons, size_t *decoded)
{
	gb_sync_entry **by;
	size_t i, j, k, m = 0;
	int error = 0;

	if (!n)
		return 0;
	if (!(by = gb_calloc(n, sizeof(*by))))
		return GB_ERROR;
	for (i = 0; i < n; i++)
		if (!v[i]->checked)
			by[m++] = v[i];
	if (m)
		qsort(by, m, sizeof(*by), by_blob);
	for (i = 0; i < m && !error; i = j) {
		blob_verdict bv;
		const char *kept = NULL;

		for (j = i + 1; j < m && git_oid_equal(&by[j]->blob, &by[i]->blob);)
			j++;
		decode_blob(&bv, &by[i]->blob, repo, head_only);
		(*decoded)++;
		for (k = i; k < j && !error; k++)
			error = judge(by[k], &bv, &kept, reasons);
		verdict_dispose(&bv);
	}
	free(by);
	return error;
}
