/*
 * Merging a remote's history, against real temporary repositories. The
 * "remote" writes straight to the tracking refs through a second store,
 * as if fetched; hostile trees are built with libgit2.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sync/sync_int.h"

#define TRACK_HISTORY "refs/bench-remotes/origin/history"
#define TRACK_NOTES "refs/bench-remotes/origin/notes"

typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *local;
	gb_store *remote;
	git_oid head, other;
	gb_sync_report report;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	gb_store_options o = GB_STORE_OPTIONS_INIT;

	f->repo = th_repo_new(&f->dir, &f->head);
	th_repo_commit(f->repo, "other", &f->other);
	th_repo_commit(f->repo, "head", &f->head);
	/* As in a clone: "origin" is a configured remote. */
	assert_int_equal(th_sh(f->dir, "git remote add origin ../elsewhere.git"), 0);
	assert_int_equal(gb_store_open(&f->local, f->repo, NULL), 0);
	o.history_ref = TRACK_HISTORY;
	o.notes_ref = TRACK_NOTES;
	assert_int_equal(gb_store_open(&f->remote, f->repo, &o), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	gb_sync_report_dispose(&f->report);
	gb_store_free(f->local);
	gb_store_free(f->remote);
	git_repository_free(f->repo);
	th_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

/* Record a new run on `store`; the caller frees it. */
static gb_run *record(gb_store *store, const git_oid *commit, double base)
{
	gb_run *run = th_run_make(commit, 2, base);

	assert_int_equal(gb_store_append(store, &run, 1), 0);
	return run;
}

static void tip(git_oid *out, fixture *f, const char *ref)
{
	assert_int_equal(git_reference_name_to_id(out, f->repo, ref), 0);
}

/* The remote starts from what we have: the merge base is our tip. */
static void remote_from_local(fixture *f)
{
	git_reference *ref = NULL;
	git_oid id;

	tip(&id, f, GB_DEFAULT_HISTORY_REF);
	assert_int_equal(git_reference_create(&ref, f->repo, TRACK_HISTORY, &id,
				 1, NULL), 0);
	git_reference_free(ref);
}

static int count_cb(const gb_history_entry *e, void *payload)
{
	GB_UNUSED(e);
	(*(size_t *)payload)++;
	return 0;
}

static size_t count_local(fixture *f)
{
	size_t n = 0;

	assert_int_equal(gb_store_history_foreach(f->local, NULL, count_cb, &n), 0);
	return n;
}

static int find_cb(const gb_history_entry *e, void *payload)
{
	return e->run && !strcmp(e->run->id, payload);
}

static bool has_local(fixture *f, const char *id)
{
	return gb_store_history_foreach(f->local, NULL, find_cb, (void *)id) == 1;
}

static size_t note_runs(fixture *f, const git_oid *commit)
{
	gb_runlist list = { 0 };
	size_t n;

	gb_store_invalidate(f->local);
	assert_int_equal(gb_store_read(&list, f->local, commit, NULL), 0);
	n = list.count;
	gb_runlist_dispose(&list);
	return n;
}

static void merge(fixture *f)
{
	assert_int_equal(gb_sync_merge(&f->report, f->local, "origin"), 0);
}

/* A commit on the tracking history with `updates` applied to its tree. */
static void remote_change(fixture *f, git_tree_update *updates, size_t n)
{
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, id;
	git_reference *ref = NULL;

	assert_int_equal(gb_ref_peel_commit(&parent, f->repo, TRACK_HISTORY), 0);
	if (parent)
		assert_int_equal(git_commit_tree(&tree, parent), 0);
	else
		assert_int_equal(gb_tree_empty(&tree, f->repo), 0);
	assert_int_equal(git_tree_create_updated(&tree_id, f->repo, tree, n,
				 updates), 0);
	assert_int_equal(gb_commit_write(&id, f->repo, &tree_id, "hostile",
				 &parent, parent ? 1 : 0), 0);
	assert_int_equal(git_reference_create(&ref, f->repo, TRACK_HISTORY, &id,
				 1, NULL), 0);
	git_reference_free(ref);
	git_tree_free(tree);
	git_commit_free(parent);
}

static void put(git_tree_update *u, fixture *f, const char *path,
	const void *data, size_t len, git_filemode_t mode)
{
	memset(u, 0, sizeof(*u));
	u->action = GIT_TREE_UPDATE_UPSERT;
	u->filemode = mode;
	u->path = path;
	assert_int_equal(git_blob_create_from_buffer(&u->id, f->repo, data, len), 0);
}

static bool rejected(const gb_sync_report *r, const char *path,
	const char *reason)
{
	size_t i;

	for (i = 0; i < r->nlisted; i++)
		if (!strcmp(r->rejected[i].path, path) &&
		    strstr(r->rejected[i].reason, reason))
			return true;
	return false;
}

static void test_remote_names(void **state)
{
	gb_buf ref = GB_BUF_INIT;

	(void)state;
	assert_true(gb_sync_remote_name_valid("origin"));
	assert_true(gb_sync_remote_name_valid("ci-2.mirror_x"));
	assert_false(gb_sync_remote_name_valid(""));
	assert_false(gb_sync_remote_name_valid(NULL));
	assert_false(gb_sync_remote_name_valid("-upload-pack=x"));
	assert_false(gb_sync_remote_name_valid("a/b"));
	assert_false(gb_sync_remote_name_valid("a b"));
	assert_false(gb_sync_remote_name_valid("a..b"));
	assert_false(gb_sync_remote_name_valid("x.lock"));
	assert_false(gb_sync_remote_name_valid("a:b"));
	assert_false(gb_sync_remote_name_valid("\x1b[31m"));
	assert_int_equal(gb_sync_tracking_ref(&ref, "origin", "notes"), 0);
	assert_string_equal(ref.ptr, "refs/bench-remotes/origin/notes");
	assert_int_equal(gb_sync_tracking_ref(&ref, "-x", "notes"), GB_EINVALID);
	gb_buf_dispose(&ref);
}

/* Nothing fetched: nothing merged, no ref written. */
static void test_no_remote(void **state)
{
	fixture *f = *state;
	git_oid id;

	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_NO_REMOTE);
	assert_int_equal(git_reference_name_to_id(&id, f->repo,
				 GB_DEFAULT_HISTORY_REF), GIT_ENOTFOUND);
}

/* Unrelated histories: every run of both, one merge commit. */
static void test_union(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1);
	gb_run *b = record(f->remote, &f->head, 2), *c = record(f->remote, &f->other, 3);
	git_commit *m = NULL;
	git_oid t, rt;

	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_MERGED);
	assert_int_equal(f->report.remote_runs, 2);
	assert_int_equal(f->report.remote_new, 2);
	assert_int_equal(f->report.added.count, 2);
	assert_string_equal(f->report.added.runs[0].id, b->id);
	assert_true(git_oid_equal(&f->report.added.runs[1].commit, &f->other));
	assert_int_equal(f->report.notes_rebuilt, 2);
	assert_int_equal(count_local(f), 3);
	assert_int_equal(note_runs(f, &f->head), 2);
	assert_int_equal(note_runs(f, &f->other), 1);
	/* A merge commit: our tip first, the remote's second, saying what. */
	tip(&t, f, GB_DEFAULT_HISTORY_REF);
	tip(&rt, f, TRACK_HISTORY);
	assert_int_equal(git_commit_lookup(&m, f->repo, &t), 0);
	assert_int_equal(git_commit_parentcount(m), 2);
	assert_true(git_oid_equal(git_commit_parent_id(m, 1), &rt));
	assert_string_equal(git_commit_summary(m), "Merge 2 runs from origin");
	assert_non_null(strstr(git_commit_message(m), b->id));
	assert_non_null(strstr(git_commit_message(m), c->id));
	/* The notes say they index the merged history. */
	assert_int_equal(gb_store_notes_mark(&rt, f->local), 1);
	assert_true(git_oid_equal(&rt, &t));
	git_commit_free(m);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
}

/* A fresh clone takes the remote history as it is, and builds notes. */
static void test_fast_forward_into_empty(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->remote, &f->head, 1), *b = record(f->remote, &f->head, 2);
	git_oid t, rt;

	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_FAST_FORWARD);
	assert_int_equal(f->report.added.count, 2);
	tip(&t, f, GB_DEFAULT_HISTORY_REF);
	tip(&rt, f, TRACK_HISTORY);
	assert_true(git_oid_equal(&t, &rt));
	assert_int_equal(note_runs(f, &f->head), 2);
	gb_run_free(a);
	gb_run_free(b);
}

static void test_fast_forward_when_behind(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b;
	git_oid t, rt;

	remote_from_local(f);
	b = record(f->remote, &f->other, 2);
	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_FAST_FORWARD);
	tip(&t, f, GB_DEFAULT_HISTORY_REF);
	tip(&rt, f, TRACK_HISTORY);
	assert_true(git_oid_equal(&t, &rt));
	assert_int_equal(note_runs(f, &f->other), 1);
	assert_int_equal(note_runs(f, &f->head), 1);
	gb_run_free(a);
	gb_run_free(b);
}

/* Forgotten here on purpose: the remote's copy does not come back. */
static void test_local_forget_not_resurrected(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = record(f->local, &f->other, 2);
	gb_run *c;

	remote_from_local(f);
	c = record(f->remote, &f->head, 3);
	assert_int_equal(gb_store_forget(f->local, &f->other, NULL), 0);
	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_MERGED);
	assert_int_equal(f->report.not_restored, 1);
	assert_int_equal(f->report.added.count, 1);
	assert_false(has_local(f, b->id));
	assert_true(has_local(f, c->id));
	assert_int_equal(gb_store_has(f->local, &f->other), 0);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
}

/* Forgotten there: never dropped here. */
static void test_remote_forget_kept(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = record(f->local, &f->other, 2);
	git_oid before, after;

	remote_from_local(f);
	assert_int_equal(gb_store_forget(f->remote, &f->other, NULL), 0);
	tip(&before, f, GB_DEFAULT_HISTORY_REF);
	merge(f);
	/* Not a fast-forward, which would drop b: a merge that keeps it. */
	assert_int_equal(f->report.outcome, GB_SYNC_MERGED);
	assert_int_equal(f->report.kept, 1);
	assert_int_equal(f->report.added.count, 0);
	assert_true(has_local(f, b->id));
	assert_int_equal(note_runs(f, &f->other), 1);
	tip(&after, f, GB_DEFAULT_HISTORY_REF);
	assert_false(git_oid_equal(&before, &after));
	assert_int_equal(th_sh(f->dir, "git log -1 --format=%%B refs/benchmark-history | "
		"grep -q '^Kept 1 run the remote forgot$'"), 0);
	gb_run_free(a);
	gb_run_free(b);
}

/* Damaged records of a remote are reported and left out; the rest comes. */
static void test_damaged_blobs(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = record(f->remote, &f->head, 2);
	gb_run *c = th_run_make(&f->head, 2, 3), *d = th_run_make(&f->head, 2, 4);
	gb_buf enc = GB_BUF_INIT, pc = GB_BUF_INIT, pd = GB_BUF_INIT;
	git_tree_update ups[2];

	assert_int_equal(gb_codec_encode(&enc, c), 0);
	assert_int_equal(gb_store_run_path(&pc, c), 0);
	assert_int_equal(gb_store_run_path(&pd, d), 0);
	put(&ups[0], f, pc.ptr, enc.ptr, enc.size / 2, GIT_FILEMODE_BLOB);
	put(&ups[1], f, pd.ptr, "\x81\xa1x\xff garbage", 12, GIT_FILEMODE_BLOB);
	remote_change(f, ups, 2);
	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_MERGED);
	assert_int_equal(f->report.added.count, 1);
	assert_string_equal(f->report.added.runs[0].id, b->id);
	assert_int_equal(f->report.nrejected, 2);
	assert_true(rejected(&f->report, pc.ptr, "cannot decode: "));
	assert_true(rejected(&f->report, pd.ptr, "cannot decode: "));
	assert_true(has_local(f, a->id));
	assert_false(has_local(f, c->id));
	assert_int_equal(count_local(f), 2);
	assert_int_equal(note_runs(f, &f->head), 2);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&pc);
	gb_buf_dispose(&pd);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
	gb_run_free(d);
}

/* Entries at the wrong places, of the wrong kinds, or lying about ids. */
static void test_hostile_paths(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1), *b = th_run_make(&f->head, 1, 2);
	gb_buf enc = GB_BUF_INIT, pa = GB_BUF_INIT, lie = GB_BUF_INIT,
	       twice = GB_BUF_INIT, link = GB_BUF_INIT, deep = GB_BUF_INIT;
	git_oid id;
	git_tree_update ups[10];
	size_t n = 0, i;

	assert_int_equal(gb_codec_encode(&enc, a), 0);
	assert_int_equal(gb_store_run_path(&pa, a), 0);
	gb_buf_printf(&lie, "runs/2025/11/23/%s", b->id);
	gb_buf_printf(&twice, "runs/2025/02/02/%s", a->id);
	gb_buf_printf(&link, "runs/2025/11/24/%s", b->id);
	gb_buf_printf(&deep, "runs/2025/11/25/%s/x", b->id);
	put(&ups[n++], f, pa.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, twice.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, lie.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, "README", "hi", 2, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, "runs/2025/13/01/x", enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, "runs/2025/11/23/bad id!", enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, "runs/2025/11/23/\x1b[31mred", "x", 1, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, link.ptr, "/etc/passwd", 11, GIT_FILEMODE_LINK);
	put(&ups[n++], f, deep.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	put(&ups[n++], f, "runs/2025/11/26/.hidden", enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	remote_change(f, ups, n);
	merge(f);
	/* Only one entry of a's id would do, and it appears twice. */
	assert_int_equal(f->report.added.count, 0);
	assert_int_equal(f->report.nrejected, n);
	assert_true(rejected(&f->report, pa.ptr, "appears twice"));
	assert_true(rejected(&f->report, twice.ptr, "appears twice"));
	assert_true(rejected(&f->report, lie.ptr, "another run id"));
	assert_true(rejected(&f->report, "README", "not under runs/"));
	assert_true(rejected(&f->report, "runs/2025/13", "not a runs/YYYY/MM/DD"));
	assert_true(rejected(&f->report, "runs/2025/11/23/bad id!", "not a valid run id"));
	assert_true(rejected(&f->report, "runs/2025/11/23/\x1b[31mred", "not a valid run id"));
	assert_true(rejected(&f->report, link.ptr, "not a regular file"));
	assert_true(rejected(&f->report, "runs/2025/11/26/.hidden", "not a valid run id"));
	deep.size -= 2;
	deep.ptr[deep.size] = '\0';
	assert_true(rejected(&f->report, deep.ptr, "not a regular file"));
	/* The merge is recorded, with none of it. */
	assert_int_equal(git_reference_name_to_id(&id, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_int_equal(count_local(f), 0);
	for (i = 0; i < f->report.nlisted; i++)
		assert_non_null(f->report.rejected[i].reason);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&pa);
	gb_buf_dispose(&lie);
	gb_buf_dispose(&twice);
	gb_buf_dispose(&link);
	gb_buf_dispose(&deep);
	gb_run_free(a);
	gb_run_free(b);
}

/* A record at a date its time does not give is not taken. */
static void test_record_at_wrong_date(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1);
	gb_buf enc = GB_BUF_INIT, moved = GB_BUF_INIT;
	git_tree_update up;

	assert_int_equal(gb_codec_encode(&enc, a), 0);
	gb_buf_printf(&moved, "runs/2001/01/01/%s", a->id);
	put(&up, f, moved.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	remote_change(f, &up, 1);
	merge(f);
	assert_int_equal(f->report.added.count, 0);
	assert_true(rejected(&f->report, moved.ptr, "not at the path"));
	gb_buf_dispose(&enc);
	gb_buf_dispose(&moved);
	gb_run_free(a);
}

/* Many bad entries are all counted, a bounded number listed. */
static void test_rejections_bounded(void **state)
{
	fixture *f = *state;
	enum { N = 150 };
	git_tree_update ups[N];
	char paths[N][64];
	size_t i;

	for (i = 0; i < N; i++) {
		snprintf(paths[i], sizeof(paths[i]), "junk-%03zu", i);
		put(&ups[i], f, paths[i], "x", 1, GIT_FILEMODE_BLOB);
	}
	remote_change(f, ups, N);
	merge(f);
	assert_int_equal(f->report.nrejected, N);
	assert_int_equal(f->report.nlisted, GB_SYNC_MAX_LISTED);
	assert_int_equal(th_sh(f->dir, "git log -1 --format=%%B refs/benchmark-history | "
		"grep -q '^Left out 50 more entries$'"), 0);
}

/* A parentless commit of `ups` as pending push `name` of origin. */
static void remote_pending(fixture *f, const char *name,
	const git_tree_update *ups, size_t n)
{
	git_tree *empty = NULL;
	git_reference *ref = NULL;
	git_oid tree_id, id;
	char refname[128];

	assert_int_equal(gb_tree_empty(&empty, f->repo), 0);
	assert_int_equal(git_tree_create_updated(&tree_id, f->repo, empty, n,
				 ups), 0);
	assert_int_equal(gb_commit_write(&id, f->repo, &tree_id, "pending",
				 NULL, 0), 0);
	snprintf(refname, sizeof(refname), "refs/bench-remotes/origin/pending/%s",
		name);
	assert_int_equal(git_reference_create(&ref, f->repo, refname, &id, 1,
				 NULL), 0);
	git_reference_free(ref);
	git_tree_free(empty);
}

/*
 * One record named by many entries, in the history and in a pending
 * push, each under another valid id: the blob is decoded once, the one
 * entry it belongs at is merged, the others are refused, and neither
 * pull nor status counts them as runs (nor status as forgotten here).
 */
static void test_one_blob_many_ids(void **state)
{
	fixture *f = *state;
	enum { K = 40 };
	gb_run *a = th_run_make(&f->head, 50, 1);
	gb_buf enc = GB_BUF_INIT, pa = GB_BUF_INIT;
	git_tree_update ups[2][K + 1];
	char paths[2][K][128];
	gb_sync_status st;
	size_t i, s;

	assert_int_equal(gb_codec_encode(&enc, a), 0);
	assert_int_equal(gb_store_run_path(&pa, a), 0);
	for (s = 0; s < 2; s++)
		for (i = 0; i < K; i++) {
			snprintf(paths[s][i], sizeof(paths[s][i]), "%s-%c%02zu",
				pa.ptr, s ? 'p' : 'h', i);
			put(&ups[s][i], f, paths[s][i], enc.ptr, enc.size,
				GIT_FILEMODE_BLOB);
		}
	put(&ups[0][K], f, pa.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	remote_change(f, ups[0], K + 1);
	remote_pending(f, "p1", ups[1], K);
	merge(f);
	assert_int_equal(f->report.decoded, 1);
	assert_int_equal(f->report.added.count, 1);
	assert_string_equal(f->report.added.runs[0].id, a->id);
	assert_int_equal(f->report.nrejected, 2 * K);
	for (s = 0; s < 2; s++)
		assert_true(rejected(&f->report, paths[s][0], "another run id"));
	assert_int_equal(f->report.remote_runs, 1);
	assert_int_equal(f->report.remote_new, 1);
	assert_int_equal(count_local(f), 1);
	assert_int_equal(note_runs(f, &f->head), 1);

	/* The merge base holds the refused entries: not forgotten here. */
	assert_int_equal(gb_sync_status_read(&st, f->local, "origin"), 0);
	assert_int_equal(st.refused, 2 * K);
	assert_int_equal(st.forgotten, 0);
	assert_int_equal(st.remote_only.count, 0);
	assert_int_equal(st.local_only.count, 0);
	assert_int_equal(st.remote_runs, 1);
	gb_sync_status_dispose(&st);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&pa);
	gb_run_free(a);
}

/* Same id, other bytes: ours stays, and it is said. */
static void test_conflict_keeps_local(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1);
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	git_tree_update up;
	gb_runlist list = { 0 };

	a->results[0].mean = 12345;
	assert_int_equal(gb_codec_encode(&enc, a), 0);
	assert_int_equal(gb_store_run_path(&path, a), 0);
	put(&up, f, path.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	remote_change(f, &up, 1);
	merge(f);
	assert_int_equal(f->report.conflicts.count, 1);
	assert_string_equal(f->report.conflicts.runs[0].id, a->id);
	assert_int_equal(f->report.added.count, 0);
	gb_store_invalidate(f->local);
	assert_int_equal(gb_store_read(&list, f->local, &f->head, NULL), 0);
	assert_int_equal(list.count, 1);
	assert_true(list.runs[0]->results[0].mean == 1);
	gb_runlist_dispose(&list);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(a);
}

/* Merging what is already merged changes nothing. */
static void test_idempotent(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = record(f->remote, &f->head, 2);
	git_oid h1, n1, h2, n2;

	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_MERGED);
	tip(&h1, f, GB_DEFAULT_HISTORY_REF);
	tip(&n1, f, GB_DEFAULT_NOTES_REF);
	merge(f);
	assert_int_equal(f->report.outcome, GB_SYNC_UP_TO_DATE);
	assert_int_equal(f->report.added.count, 0);
	tip(&h2, f, GB_DEFAULT_HISTORY_REF);
	tip(&n2, f, GB_DEFAULT_NOTES_REF);
	assert_true(git_oid_equal(&h1, &h2));
	assert_true(git_oid_equal(&n1, &n2));
	gb_run_free(a);
	gb_run_free(b);
}

/* The merge completes a local record whose notes were never written. */
static void test_merge_keeps_pending_notes(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = th_run_make(&f->other, 1, 2);
	gb_run *c = record(f->remote, &f->head, 3);
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	git_tree_update up;

	/* b reaches the history only, as if record was killed there. */
	assert_int_equal(gb_codec_encode(&enc, b), 0);
	assert_int_equal(gb_store_run_path(&path, b), 0);
	put(&up, f, path.ptr, enc.ptr, enc.size, GIT_FILEMODE_BLOB);
	assert_int_equal(gb_store_history_write(f->local, &up, 1, "Record", NULL,
				 0, NULL), 0);
	merge(f);
	assert_int_equal(f->report.added.count, 1);
	assert_int_equal(note_runs(f, &f->other), 1);
	assert_int_equal(note_runs(f, &f->head), 2);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
}

static void test_status(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f->local, &f->head, 1), *b = record(f->local, &f->other, 2);
	gb_run *c, *d;
	gb_sync_status st;

	assert_int_equal(gb_sync_status_read(&st, f->local, "origin"), 0);
	assert_false(st.fetched);
	assert_int_equal(st.local_only.count, 2);
	gb_sync_status_dispose(&st);
	remote_from_local(f);
	c = record(f->remote, &f->head, 3);
	d = record(f->local, &f->head, 4);
	assert_int_equal(gb_store_forget(f->local, &f->other, NULL), 0);
	assert_int_equal(gb_sync_status_read(&st, f->local, "origin"), 0);
	assert_true(st.fetched);
	assert_int_equal(st.local_runs, 2);
	assert_int_equal(st.remote_runs, 3);
	assert_int_equal(st.local_only.count, 1);
	assert_string_equal(st.local_only.runs[0].id, d->id);
	assert_true(git_oid_equal(&st.local_only.runs[0].commit, &f->head));
	assert_int_equal(st.remote_only.count, 1);
	assert_string_equal(st.remote_only.runs[0].id, c->id);
	assert_int_equal(st.forgotten, 1);
	gb_sync_status_dispose(&st);
	assert_int_equal(gb_sync_status_read(&st, f->local, "a/b"), GB_EINVALID);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
	gb_run_free(d);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remote_names),
		T(test_no_remote),
		T(test_union),
		T(test_fast_forward_into_empty),
		T(test_fast_forward_when_behind),
		T(test_local_forget_not_resurrected),
		T(test_remote_forget_kept),
		T(test_damaged_blobs),
		T(test_hostile_paths),
		T(test_record_at_wrong_date),
		T(test_rejections_bounded),
		T(test_one_blob_many_ids),
		T(test_conflict_keeps_local),
		T(test_idempotent),
		T(test_merge_keeps_pending_notes),
		T(test_status),
	};

	git_libgit2_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
