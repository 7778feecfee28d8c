/* fsck and its repair against real temporary repositories. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store/store_int.h"

typedef th_store_fixture fixture;

static gb_run *record(fixture *f, const git_oid *commit)
{
	gb_run *run = th_run_make(commit, 2, 100);

	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	return run;
}

static gb_fsck_report *check(fixture *f, bool repair)
{
	gb_fsck_options opts = GB_FSCK_OPTIONS_INIT;
	gb_fsck_report *r = NULL;

	opts.repair = repair;
	gb_store_invalidate(f->store);
	assert_int_equal(gb_fsck(&r, f->store, &opts), 0);
	assert_non_null(r);
	return r;
}

static size_t count(const gb_fsck_report *r, gb_fsck_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < r->nissues; i++)
		n += r->issues[i].kind == kind;
	return n;
}

static const gb_fsck_issue *find(const gb_fsck_report *r, gb_fsck_kind kind)
{
	size_t i;

	for (i = 0; i < r->nissues; i++)
		if (r->issues[i].kind == kind)
			return &r->issues[i];
	fail_msg("no %s issue", gb_fsck_kind_name(kind));
	return NULL;
}

static void assert_clean(fixture *f)
{
	gb_fsck_report *r = check(f, false);

	if (r->nissues)
		fail_msg("%s: %s: %s", gb_fsck_kind_name(r->issues[0].kind),
			r->issues[0].where, r->issues[0].what);
	gb_fsck_report_free(r);
}

static void history_path(gb_buf *out, const gb_run *run)
{
	gb_buf_clear(out);
	assert_int_equal(gb_store_run_path(out, run), 0);
}

/* Put `data` at `path` of the history, as a hand edit would. */
static void history_put(fixture *f, const char *path, const char *data,
	size_t len)
{
	git_tree_update up = { .action = GIT_TREE_UPDATE_UPSERT,
			       .filemode = GIT_FILEMODE_BLOB };

	up.path = path;
	if (data)
		assert_int_equal(git_blob_create_from_buffer(&up.id, f->repo,
					 data, len), 0);
	else
		up.action = GIT_TREE_UPDATE_REMOVE;
	assert_int_equal(gb_store_history_write(f->store, &up, 1, "edit", NULL,
				 0, NULL), 0);
}

static void note_put(fixture *f, const git_oid *commit, const void *data,
	size_t len)
{
	gb_note_change c = { .action = GB_NOTE_REPLACE };

	git_oid_cpy(&c.commit, commit);
	c.data = data;
	c.len = len;
	assert_int_equal(gb_store_notes_write(f->store, &c, 1, "edit"), 0);
}

static void test_clean(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head), *b = record(f, &f->head);
	gb_fsck_report *r = check(f, false);

	assert_int_equal(r->nissues, 0);
	assert_int_equal(r->records, 2);
	assert_int_equal(r->notes, 1);
	assert_int_equal(r->note_records, 2);
	gb_fsck_report_free(r);
	/* A repair of nothing writes nothing. */
	assert_int_equal(th_sh(f->dir, "git rev-parse refs/benchmark-history "
		"refs/notes/benchmarks >before"), 0);
	gb_fsck_report_free(check(f, true));
	assert_int_equal(th_sh(f->dir, "git rev-parse refs/benchmark-history "
		"refs/notes/benchmarks | cmp -s - before"), 0);
	gb_run_free(a);
	gb_run_free(b);
}

/* A record killed between the history and the notes is not damage. */
static void test_interrupted_write(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head), *b = th_run_make(&f->head, 1, 5);
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	gb_fsck_report *r;

	assert_int_equal(gb_codec_encode(&enc, b), 0);
	history_path(&path, b);
	history_put(f, path.ptr, enc.ptr, enc.size);
	r = check(f, false);
	assert_int_equal(r->nissues, 1);
	assert_int_equal(r->damage, 0);
	assert_string_equal(find(r, GB_FSCK_INTERRUPTED)->run_id, b->id);
	assert_string_equal(r->issues[0].where, path.ptr);
	gb_fsck_report_free(r);
	/* --repair completes it, as the next write would. */
	r = check(f, true);
	assert_true(r->repaired);
	assert_false(r->wrote_history);
	gb_fsck_report_free(r);
	assert_clean(f);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(a);
	gb_run_free(b);
}

/* A note removed by hand (no mark of ours) leaves a run unindexed. */
static void test_note_removed(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head);
	gb_fsck_report *r;
	char hex[8];

	assert_int_equal(th_sh(f->dir,
		"git notes --ref=benchmarks remove HEAD 2>/dev/null"), 0);
	r = check(f, false);
	assert_int_equal(r->damage, 1);
	assert_string_equal(find(r, GB_FSCK_MISSING_FROM_NOTE)->run_id, a->id);
	git_oid_tostr(hex, sizeof(hex), &f->head);
	assert_non_null(strstr(r->issues[0].what, hex));
	gb_fsck_report_free(r);
	gb_fsck_report_free(check(f, true));
	assert_clean(f);
	assert_int_equal(gb_store_has(f->store, &f->head), 1);
	gb_run_free(a);
}

/* A damaged history record comes back from the note's copy, and the
 * damaged blob is kept under damaged/. */
static void test_damaged_record_restored(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head);
	gb_buf path = GB_BUF_INIT;
	gb_runlist list = { 0 };
	gb_fsck_report *r;

	history_path(&path, a);
	history_put(f, path.ptr, "\x91\x01", 2);
	r = check(f, false);
	assert_int_equal(r->damage, 1);
	assert_string_equal(find(r, GB_FSCK_DAMAGED_RECORD)->run_id, a->id);
	assert_false(r->issues[0].has_commit);
	assert_non_null(strstr(r->issues[0].what, "not a map"));
	gb_fsck_report_free(r);
	r = check(f, true);
	assert_int_equal(r->restored, 1);
	assert_int_equal(r->quarantined, 1);
	assert_non_null(strstr(r->issues[0].repair, "restored from a note"));
	gb_fsck_report_free(r);
	assert_clean(f);
	assert_int_equal(th_sh(f->dir, "git ls-tree -r --name-only "
		"refs/benchmark-history | grep -q '^damaged/%s/' && "
		"git log -1 --format=%%s refs/benchmark-history | "
		"grep -q '^Repair: 1 run put back from notes, 1 blob kept'",
		path.ptr), 0);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_string_equal(list.runs[0]->id, a->id);
	gb_runlist_dispose(&list);
	gb_buf_dispose(&path);
	gb_run_free(a);
}

/* Damaged in both copies: nothing to restore from, everything kept. */
static void test_damaged_everywhere(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head), *b = record(f, &f->head);
	gb_buf path = GB_BUF_INIT;
	gb_fsck_report *r;

	history_path(&path, a);
	history_put(f, path.ptr, "\xc1", 1);
	note_put(f, &f->head, "\xc1\xc1", 2);
	r = check(f, false);
	assert_int_equal(count(r, GB_FSCK_DAMAGED_RECORD), 1);
	assert_int_equal(count(r, GB_FSCK_DAMAGED_NOTE), 1);
	assert_int_equal(r->damage, 2);
	gb_fsck_report_free(r);
	r = check(f, true);
	assert_int_equal(r->restored, 0);
	assert_int_equal(r->quarantined, 2);
	assert_non_null(strstr(find(r, GB_FSCK_DAMAGED_RECORD)->repair,
		"kept under damaged/runs/"));
	gb_fsck_report_free(r);
	assert_clean(f);
	/* b survives in both copies; both damaged blobs are in the tree. */
	assert_int_equal(th_sh(f->dir,
		"test $(git ls-tree -r --name-only refs/benchmark-history | "
		"grep -c ^damaged/) = 2 && git notes --ref=benchmarks show HEAD "
		"| grep -q %s", b->id), 0);
	gb_buf_dispose(&path);
	gb_run_free(a);
	gb_run_free(b);
}

/* A run only a note has goes back into the history, at its path. */
static void test_note_only_run(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head);
	gb_buf path = GB_BUF_INIT;
	gb_fsck_report *r;

	history_path(&path, a);
	history_put(f, path.ptr, NULL, 0);
	r = check(f, false);
	assert_int_equal(r->damage, 1);
	assert_string_equal(find(r, GB_FSCK_MISSING_FROM_HISTORY)->run_id, a->id);
	gb_fsck_report_free(r);
	r = check(f, true);
	assert_int_equal(r->restored, 1);
	gb_fsck_report_free(r);
	assert_clean(f);
	assert_int_equal(th_sh(f->dir, "git cat-file -e refs/benchmark-history:%s",
		path.ptr), 0);
	gb_buf_dispose(&path);
	gb_run_free(a);
}

/*
 * A record at a path not named by its id is still the run of its id, its
 * copy in the note found by it; an issue names the path it is at.
 */
static void test_record_elsewhere(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head);
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	const char *moved = "runs/2025/01/01/not-its-id";
	const gb_fsck_issue *is;
	gb_fsck_report *r;

	assert_int_equal(gb_codec_encode(&enc, a), 0);
	history_path(&path, a);
	history_put(f, path.ptr, NULL, 0);
	history_put(f, moved, enc.ptr, enc.size);
	assert_clean(f);
	/* Without its note, the issue names the run and where it is. */
	assert_int_equal(th_sh(f->dir,
		"git notes --ref=benchmarks remove HEAD 2>/dev/null"), 0);
	r = check(f, false);
	assert_int_equal(count(r, GB_FSCK_MISSING_FROM_NOTE), 1);
	is = find(r, GB_FSCK_MISSING_FROM_NOTE);
	assert_string_equal(is->run_id, a->id);
	assert_string_equal(is->where, moved);
	gb_fsck_report_free(r);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(a);
}

/* A note on a commit that does not exist: its runs are kept, it goes. */
static void test_vanished_commit(void **state)
{
	fixture *f = *state;
	gb_run *a = record(f, &f->head), *ghost_run;
	gb_buf enc = GB_BUF_INIT;
	gb_fsck_report *r;
	git_oid ghost;

	git_oid_fromstr(&ghost, "1234567890123456789012345678901234567890");
	ghost_run = th_run_make(&ghost, 1, 3);
	assert_int_equal(gb_codec_encode(&enc, ghost_run), 0);
	note_put(f, &ghost, enc.ptr, enc.size);
	r = check(f, false);
	assert_int_equal(count(r, GB_FSCK_VANISHED_COMMIT), 1);
	assert_int_equal(count(r, GB_FSCK_MISSING_FROM_HISTORY), 1);
	assert_true(git_oid_equal(&find(r, GB_FSCK_VANISHED_COMMIT)->commit,
		&ghost));
	gb_fsck_report_free(r);
	r = check(f, true);
	assert_int_equal(r->notes_removed, 1);
	assert_int_equal(r->restored, 1);
	gb_fsck_report_free(r);
	assert_clean(f);
	assert_int_equal(gb_store_has(f->store, &ghost), 0);
	assert_int_equal(th_sh(f->dir, "git ls-tree -r refs/benchmark-history | "
		"grep -q %s && git log -1 --format=%%B refs/notes/benchmarks | "
		"grep -q '^History: '", ghost_run->id), 0);
	gb_buf_dispose(&enc);
	gb_run_free(a);
	gb_run_free(ghost_run);
}

/* A record in the wrong note, twice in a note, or differing. */
static void test_note_mismatch(void **state)
{
	fixture *f = *state;
	gb_run *a, *b;
	gb_buf enc = GB_BUF_INIT, both = GB_BUF_INIT;
	gb_fsck_report *r;
	git_oid other;

	th_repo_commit(f->repo, "other", &other);
	a = record(f, &f->head);
	b = record(f, &other);
	assert_int_equal(gb_codec_encode(&enc, a), 0);
	gb_buf_put(&both, enc.ptr, enc.size);
	gb_buf_put(&both, enc.ptr, enc.size);
	note_put(f, &f->head, both.ptr, both.size);
	note_put(f, &other, enc.ptr, enc.size);
	r = check(f, false);
	/* a twice in its note; a in other's note; b missing from it. */
	assert_int_equal(count(r, GB_FSCK_NOTE_MISMATCH), 2);
	assert_int_equal(count(r, GB_FSCK_MISSING_FROM_NOTE), 1);
	gb_fsck_report_free(r);
	gb_fsck_report_free(check(f, true));
	assert_clean(f);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&both);
	gb_run_free(a);
	gb_run_free(b);
}

static void count_progress(const char *what, size_t done, size_t total,
	void *payload)
{
	assert_non_null(what);
	assert_true(total == 0 || done <= total);
	(*(size_t *)payload)++;
}

static void test_options(void **state)
{
	fixture *f = *state;
	gb_fsck_options opts = GB_FSCK_OPTIONS_INIT;
	gb_fsck_report *r = NULL;
	gb_run *a = record(f, &f->head);
	size_t calls = 0;

	opts.progress = count_progress;
	opts.payload = &calls;
	assert_int_equal(gb_fsck(&r, f->store, &opts), 0);
	/* One record, one note. */
	assert_int_equal(calls, 2);
	gb_fsck_report_free(r);
	opts.version = 99;
	assert_int_equal(gb_fsck(&r, f->store, &opts), GB_EINVALID);
	assert_null(r);
	assert_int_equal(gb_fsck(&r, f->store, NULL), 0);
	gb_fsck_report_free(r);
	gb_run_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH_STORE_TEST(test_clean),
		TH_STORE_TEST(test_interrupted_write),
		TH_STORE_TEST(test_note_removed),
		TH_STORE_TEST(test_damaged_record_restored),
		TH_STORE_TEST(test_damaged_everywhere),
		TH_STORE_TEST(test_record_elsewhere),
		TH_STORE_TEST(test_note_only_run),
		TH_STORE_TEST(test_vanished_commit),
		TH_STORE_TEST(test_note_mismatch),
		TH_STORE_TEST(test_options),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
