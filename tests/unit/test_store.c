/* The store against real temporary repositories. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "store/store_int.h"

typedef th_store_fixture fixture;

static void append(fixture *f, gb_run *run)
{
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
}

static size_t count_history(fixture *f);

static void test_append_and_read(void **state)
{
	fixture *f = *state;
	gb_run *run = th_run_make(&f->head, 3, 100);
	gb_runlist list = { 0 };
	git_oid note_blob;
	git_object *hist = NULL;
	gb_buf path = GB_BUF_INIT;

	append(f, run);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.runs[0]->id, run->id);
	assert_int_equal(list.runs[0]->nresults, 3);
	assert_true(list.runs[0]->results[2].mean == 300);
	/* One run per commit: the note is the very blob of the history. */
	assert_int_equal(gb_store_note_blob(&note_blob, f->store, &f->head), 0);
	assert_int_equal(gb_store_run_path(&path, run), 0);
	gb_buf_puts(&path, "");
	{
		char spec[256];

		snprintf(spec, sizeof(spec), "%s:%s", GB_DEFAULT_HISTORY_REF,
			path.ptr);
		assert_int_equal(git_revparse_single(&hist, f->repo, spec), 0);
	}
	assert_true(git_oid_equal(&note_blob, git_object_id(hist)));
	assert_int_equal(strncmp(path.ptr, "runs/", 5), 0);
	/* Real git sees the note. */
	assert_int_equal(th_sh(f->dir,
		"git notes --ref=benchmarks list | grep -q $(git rev-parse HEAD)"), 0);
	git_object_free(hist);
	gb_buf_dispose(&path);
	gb_runlist_dispose(&list);
	gb_run_free(run);
}

static void test_two_runs_one_commit(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 2, 100);
	gb_run *b = th_run_make(&f->head, 2, 200);
	gb_runlist list = { 0 };

	append(f, a);
	append(f, b);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.runs[0]->id, a->id);
	assert_string_equal(list.runs[1]->id, b->id);
	assert_int_equal(count_history(f), 2);
	/* Two history commits, each saying what it did. */
	assert_int_equal(th_sh(f->dir,
		"test $(git rev-list --count refs/benchmark-history) = 2 && "
		"git log -1 --format=%%s refs/benchmark-history | grep -q '^Record 1 run of '"), 0);
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
}

static int collect_ids(const gb_history_entry *e, void *payload)
{
	gb_buf *ids = payload;

	assert_non_null(e->run);
	gb_buf_printf(ids, "%s\n", e->run->id);
	return 0;
}

static int count_cb(const gb_history_entry *e, void *payload)
{
	(void)e;
	(*(size_t *)payload)++;
	return 0;
}

static size_t count_history(fixture *f)
{
	size_t n = 0;

	assert_int_equal(gb_store_history_foreach(f->store, NULL, count_cb, &n), 0);
	return n;
}

static void test_history_is_chronological(void **state)
{
	fixture *f = *state;
	gb_buf ids = GB_BUF_INIT, expect = GB_BUF_INIT;
	git_oid c[4];
	int i;

	for (i = 0; i < 4; i++) {
		gb_run *run;

		th_repo_commit(f->repo, "next", &c[i]);
		run = th_run_make(&c[i], 1, 10);
		/* Runs a day apart land in different directories. */
		run->time += (int64_t)i * 86400;
		append(f, run);
		gb_buf_printf(&expect, "%s\n", run->id);
		gb_run_free(run);
	}
	assert_int_equal(gb_store_history_foreach(f->store, NULL, collect_ids,
				 &ids), 0);
	assert_string_equal(ids.ptr, expect.ptr);
	gb_buf_dispose(&ids);
	gb_buf_dispose(&expect);
}

/*
 * Point the notes ref at a commit of these tree updates, as git would
 * write them, and make the store read it afresh. The tree is kept in *t.
 */
static void notes_commit_of(fixture *f, const git_tree_update *up, size_t n,
	git_tree **t)
{
	git_tree *empty = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tree, commit;

	assert_int_equal(gb_tree_empty(&empty, f->repo), 0);
	assert_int_equal(git_tree_create_updated(&tree, f->repo, empty, n, up), 0);
	assert_int_equal(git_tree_lookup(t, f->repo, &tree), 0);
	assert_int_equal(git_signature_now(&sig, "T", "t@example.com"), 0);
	assert_int_equal(git_commit_create(&commit, f->repo, NULL, sig, sig, NULL,
				 "notes", *t, 0, NULL), 0);
	assert_int_equal(git_reference_create(&ref, f->repo, GB_DEFAULT_NOTES_REF,
				 &commit, 1, NULL), 0);
	gb_store_invalidate(f->store);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(empty);
}

/* A note that git placed under a fanout directory is found and extended
 * in place, never duplicated at the top. */
static void test_notes_fanout(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 100), *b;
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	gb_runlist list = { 0 };
	char hex[41], fan[64];
	git_tree_update up;
	git_oid blob;
	git_tree *t = NULL;

	assert_int_equal(gb_codec_encode(&enc, a), 0);
	assert_int_equal(git_blob_create_from_buffer(&up.id, f->repo, enc.ptr,
				 enc.size), 0);
	git_oid_tostr(hex, sizeof(hex), &f->head);
	snprintf(fan, sizeof(fan), "%.2s/%s", hex, hex + 2);
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = fan;
	notes_commit_of(f, &up, 1, &t);

	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 1);
	b = th_run_make(&f->head, 1, 200);
	append(f, b);
	gb_runlist_dispose(&list);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 2);
	/* Still one note, at the fanout path; git agrees. */
	assert_int_equal(th_sh(f->dir,
		"test $(git notes --ref=benchmarks list | wc -l) = 1 && "
		"git ls-tree -r --name-only refs/notes/benchmarks | grep -qx '%s'",
		fan), 0);
	assert_int_equal(gb_notes_find(&path, &blob, f->repo, t, &f->head), 1);
	assert_string_equal(path.ptr, fan);
	git_tree_free(t);
	gb_runlist_dispose(&list);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(a);
	gb_run_free(b);
}

/*
 * Notes at every depth of git's fanout, some sharing a first directory:
 * each found (a note at the top before the directory of its first two
 * digits), the absent ones not, the same when asked again.
 */
static void test_notes_fanout_depths(void **state)
{
	static const char *const paths[] = {
		"ab/cd/000000000000000000000000000000000000",
		"ab/11000000000000000000000000000000000000",
		"ab22000000000000000000000000000000000000",
		"ab/33",  /* a file where a directory would be */
	};
	static const char *const ids[] = {
		"abcd000000000000000000000000000000000000",
		"ab11000000000000000000000000000000000000",
		"ab22000000000000000000000000000000000000",
		"ab33000000000000000000000000000000000000",
		"cd00000000000000000000000000000000000000",
	};
	static const int want[] = { 1, 1, 1, 0, 0 };
	fixture *f = *state;
	git_tree_update up[4];
	git_tree *t = NULL;
	git_oid blob, id, got;
	size_t i, round;

	assert_int_equal(git_blob_create_from_buffer(&blob, f->repo, "x", 1), 0);
	for (i = 0; i < 4; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = paths[i];
		git_oid_cpy(&up[i].id, &blob);
	}
	notes_commit_of(f, up, 4, &t);
	for (round = 0; round < 2; round++)
		for (i = 0; i < GB_ARRAY_SIZE(ids); i++) {
			assert_int_equal(git_oid_fromstr(&id, ids[i]), 0);
			assert_int_equal(gb_store_has(f->store, &id), want[i]);
			if (want[i]) {
				assert_int_equal(gb_store_note_blob(&got, f->store,
							 &id), 0);
				assert_true(git_oid_equal(&got, &blob));
			}
		}
	git_tree_free(t);
}

static void test_forget(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 100);
	gb_run *b = th_run_make(&f->head, 1, 100);
	gb_runlist list = { 0 };
	git_oid other;
	gb_run *keep;
	size_t removed = 0;

	th_repo_commit(f->repo, "other", &other);
	keep = th_run_make(&other, 1, 5);
	append(f, a);
	append(f, keep);
	append(f, b);
	assert_int_equal(gb_store_forget(f->store, &f->head, &removed), 0);
	assert_int_equal(removed, 2);
	assert_int_equal(gb_store_has(f->store, &f->head), 0);
	assert_int_equal(gb_store_read(&list, f->store, &other, NULL), 0);
	assert_int_equal(list.count, 1);
	assert_int_equal(count_history(f), 1);
	assert_int_equal(th_sh(f->dir,
		"git log -1 --format=%%s refs/benchmark-history | grep -q '^Forget 2 runs of '"), 0);
	assert_int_equal(gb_store_forget(f->store, &f->head, NULL), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "no results recorded"));
	/* Forgetting the last run leaves no empty directories behind. */
	assert_int_equal(gb_store_forget(f->store, &other, NULL), 0);
	assert_int_equal(th_sh(f->dir,
		"test -z \"$(git ls-tree -r -t refs/benchmark-history)\""), 0);
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(keep);
}

static void test_damaged_note(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 100), *b;
	gb_runlist list = { 0 };
	git_oid other;
	char hex[8];

	th_repo_commit(f->repo, "other", &other);
	b = th_run_make(&other, 1, 100);
	append(f, a);
	append(f, b);
	/* Real git replaces the note of the first commit with garbage. */
	assert_int_equal(th_sh(f->dir,
		"printf 'garbage' > g && git notes --ref=benchmarks add -f -F g HEAD~1"), 0);
	gb_store_invalidate(f->store);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), GB_EDAMAGED);
	git_oid_tostr(hex, sizeof(hex), &f->head);
	assert_non_null(strstr(gb_error_last()->message, hex));
	assert_int_equal(list.count, 0);
	assert_int_equal(gb_store_read(&list, f->store, &other, NULL), 0);
	assert_int_equal(list.count, 1);
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
}

static void test_bad_ref_config(void **state)
{
	fixture *f = *state;
	gb_store *s = NULL;
	gb_store_options opts = GB_STORE_OPTIONS_INIT;

	opts.history_ref = "refs/../oops";
	assert_int_equal(gb_store_open(&s, f->repo, &opts), GB_EINVALID);
	assert_null(s);
	assert_int_equal(th_sh(f->dir, "git config bench.notesRef heads/x"), 0);
	assert_int_equal(gb_store_open(&s, f->repo, NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "bench.notesRef"));
	/* The user's refs are never taken for git-bench's: a branch set as
	 * the notes ref was moved to a notes commit. */
	assert_int_equal(th_sh(f->dir, "git config bench.notesRef "
		"refs/heads/main"), 0);
	assert_int_equal(gb_store_open(&s, f->repo, NULL), GB_EINVALID);
	assert_string_equal(gb_error_last()->message, "bench.notesRef: "
		"'refs/heads/main' is not under refs/notes/, where git keeps "
		"notes");
	assert_int_equal(th_sh(f->dir, "git config bench.notesRef "
		"refs/notes/mine && git config bench.historyRef refs/tags/h"), 0);
	assert_int_equal(gb_store_open(&s, f->repo, NULL), GB_EINVALID);
	assert_string_equal(gb_error_last()->message, "bench.historyRef: "
		"'refs/tags/h' is a ref of yours, not one for the history "
		"(default refs/benchmark-history)");
	assert_int_equal(th_sh(f->dir, "git config bench.historyRef "
		"refs/notes/h"), 0);
	assert_int_equal(gb_store_open(&s, f->repo, NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "is a ref of notes"));
	assert_int_equal(th_sh(f->dir, "git config bench.historyRef "
		"refs/my-history"), 0);
	assert_int_equal(gb_store_open(&s, f->repo, NULL), 0);
	assert_string_equal(gb_store_notes_ref(s), "refs/notes/mine");
	gb_store_free(s);
}

/* Many processes appending at once: every run lands in both copies. */
static void test_concurrent_writers(void **state)
{
	fixture *f = *state;
	enum { WRITERS = 8, RUNS = 3 };
	gb_runlist list = { 0 };
	pid_t pids[WRITERS];
	int i, status;

	for (i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			git_repository *repo = NULL;
			gb_store *s = NULL;
			int k, rc = 0;

			if (git_repository_open(&repo, f->dir) < 0 ||
			    gb_store_open(&s, repo, NULL) < 0)
				_exit(10);
			for (k = 0; k < RUNS && rc == 0; k++) {
				gb_run *run = th_run_make(&f->head, 2, i + 1);

				/* Distinct ids across processes. */
				run->id[strlen(run->id) - 1] = (char)('a' + i);
				run->id[strlen(run->id) - 2] = (char)('a' + k);
				rc = gb_store_append(s, &run, 1);
				gb_run_free(run);
			}
			gb_store_free(s);
			git_repository_free(repo);
			_exit(rc == 0 ? 0 : 11);
		}
	}
	for (i = 0; i < WRITERS; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	gb_store_invalidate(f->store);
	assert_int_equal(count_history(f), WRITERS * RUNS);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, WRITERS * RUNS);
	gb_runlist_dispose(&list);
}

/*
 * Writers that all find the ref absent: creating it must be a
 * compare-and-swap too, or the second creator overwrites the first.
 */
static void test_concurrent_first_writers(void **state)
{
	fixture *f = *state;
	enum { ROUNDS = 4, WRITERS = 6 };
	pid_t pids[WRITERS];
	int round, i, status, gate[2];
	char c;

	for (round = 0; round < ROUNDS; round++) {
		assert_int_equal(th_sh(f->dir, "git update-ref -d refs/benchmark-history; "
			"git update-ref -d refs/notes/benchmarks; true"), 0);
		/* All start when the gate closes, so their first reads coincide. */
		assert_int_equal(pipe(gate), 0);
		for (i = 0; i < WRITERS; i++) {
			pids[i] = fork();
			assert_true(pids[i] >= 0);
			if (pids[i] == 0) {
				git_repository *repo = NULL;
				gb_store *s = NULL;
				gb_run *run;
				int rc;

				close(gate[1]);
				if (git_repository_open(&repo, f->dir) < 0 ||
				    gb_store_open(&s, repo, NULL) < 0)
					_exit(10);
				run = th_run_make(&f->head, 1, i + 1);
				if (read(gate[0], &c, 1) != 0)
					_exit(12);
				run->id[strlen(run->id) - 1] = (char)('a' + i);
				rc = gb_store_append(s, &run, 1);
				gb_run_free(run);
				gb_store_free(s);
				git_repository_free(repo);
				_exit(rc == 0 ? 0 : 11);
			}
		}
		close(gate[0]);
		close(gate[1]);
		for (i = 0; i < WRITERS; i++) {
			assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
			assert_true(WIFEXITED(status));
			assert_int_equal(WEXITSTATUS(status), 0);
		}
		assert_int_equal(th_sh(f->dir,
			"test $(git ls-tree -r refs/benchmark-history | wc -l) = %d", WRITERS), 0);
	}
}

static void test_notes_rebuild(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 100), *b = th_run_make(&f->head, 1, 7);
	gb_runlist list = { 0 };
	gb_note_change junk = { .action = GB_NOTE_REPLACE, .data = "junk", .len = 4 };
	git_oid other, tip;
	size_t n = 0;

	append(f, a);
	append(f, b);
	th_repo_commit(f->repo, "other", &other);
	/* The note of HEAD~1 is damaged; `other` has a note but no runs. */
	git_oid_cpy(&junk.commit, &f->head);
	assert_int_equal(gb_store_notes_write(f->store, &junk, 1, "damage"), 0);
	git_oid_cpy(&junk.commit, &other);
	assert_int_equal(gb_store_notes_write(f->store, &junk, 1, "stray"), 0);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), GB_EDAMAGED);
	{
		git_oid both[2];

		git_oid_cpy(&both[0], &f->head);
		git_oid_cpy(&both[1], &other);
		assert_int_equal(gb_store_notes_rebuild(f->store, both, 2, "rebuild",
					 &n), 0);
	}
	assert_int_equal(n, 2);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 2);
	assert_string_equal(list.runs[0]->id, a->id);
	assert_int_equal(gb_store_has(f->store, &other), 0);
	/* Nothing left to change: no new notes commit. */
	assert_int_equal(git_reference_name_to_id(&tip, f->repo,
				 GB_DEFAULT_NOTES_REF), 0);
	assert_int_equal(gb_store_notes_rebuild(f->store, NULL, 0, "again", NULL), 0);
	{
		git_oid tip2;

		assert_int_equal(git_reference_name_to_id(&tip2, f->repo,
					 GB_DEFAULT_NOTES_REF), 0);
		assert_true(git_oid_equal(&tip, &tip2));
	}
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
}

/* A history write with an extra parent is a merge commit. */
static void test_history_merge_parent(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 100);
	git_oid side, tip;
	git_commit *c = NULL;

	append(f, a);
	assert_int_equal(git_reference_name_to_id(&side, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_int_equal(gb_store_history_write(f->store, NULL, 0, "Merge", &side,
				 1, NULL), 0);
	assert_int_equal(git_reference_name_to_id(&tip, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_int_equal(git_commit_lookup(&c, f->repo, &tip), 0);
	assert_int_equal(git_commit_parentcount(c), 2);
	assert_string_equal(git_commit_message(c), "Merge");
	git_commit_free(c);
	gb_run_free(a);
}

/* A history write as a killed `record` leaves it: no notes after it. */
static void history_only(fixture *f, gb_run *run)
{
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	git_tree_update up;

	assert_int_equal(gb_codec_encode(&enc, run), 0);
	assert_int_equal(gb_store_run_path(&path, run), 0);
	assert_int_equal(git_blob_create_from_buffer(&up.id, f->repo, enc.ptr,
				 enc.size), 0);
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path.ptr;
	assert_int_equal(gb_store_history_write(f->store, &up, 1, "Record",
				 NULL, 0, NULL), 0);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
}

static void test_roll_forward(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1), *b = th_run_make(&f->head, 1, 2);
	gb_run *c = th_run_make(&f->head, 1, 3), *d = th_run_make(&f->head, 1, 4);
	git_oid chain[64], mark, tip;
	gb_runlist list = { 0 };
	size_t n = 0;

	append(f, a);
	assert_int_equal(gb_store_notes_mark(&mark, f->store), 1);
	assert_int_equal(git_reference_name_to_id(&tip, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_true(git_oid_equal(&mark, &tip));
	assert_int_equal(gb_store_pending(chain, &n, f->store), 0);
	/* b is interrupted; d is interrupted, then forgotten by hand. */
	history_only(f, b);
	history_only(f, d);
	assert_int_equal(gb_store_pending(chain, &n, f->store), 1);
	assert_int_equal(n, 2);
	{
		gb_buf p = GB_BUF_INIT;
		git_tree_update rm = { .action = GIT_TREE_UPDATE_REMOVE };

		assert_int_equal(gb_store_run_path(&p, d), 0);
		rm.path = p.ptr;
		assert_int_equal(gb_store_history_write(f->store, &rm, 1, "Forget",
					 NULL, 0, NULL), 0);
		gb_buf_dispose(&p);
	}
	/* The next write completes b, not d. */
	append(f, c);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 3);
	assert_string_equal(list.runs[0]->id, a->id);
	assert_string_equal(list.runs[1]->id, b->id);
	assert_string_equal(list.runs[2]->id, c->id);
	assert_int_equal(gb_store_pending(chain, &n, f->store), 0);
	assert_int_equal(th_sh(f->dir, "git log --format=%%s refs/notes/benchmarks | "
				 "grep -q '^Notes completed after an interrupted write$'"), 0);
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
	gb_run_free(c);
	gb_run_free(d);
}

/* A rebuild of other commits must not skip an interrupted write. */
static void test_rebuild_completes_pending(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1), *b;
	gb_runlist list = { 0 };
	git_oid other;
	size_t n = 0;

	append(f, a);
	th_repo_commit(f->repo, "other", &other);
	b = th_run_make(&other, 1, 2);
	history_only(f, b);
	assert_int_equal(gb_store_notes_rebuild(f->store, &f->head, 1, "rebuild",
				 &n), 0);
	assert_int_equal(gb_store_read(&list, f->store, &other, NULL), 0);
	assert_int_equal(list.count, 1);
	assert_string_equal(list.runs[0]->id, b->id);
	gb_runlist_dispose(&list);
	gb_run_free(a);
	gb_run_free(b);
}

static void test_append_is_idempotent(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1);
	gb_buf enc = GB_BUF_INIT;
	gb_note_change ch = { .action = GB_NOTE_APPEND };
	gb_runlist list = { 0 };

	append(f, a);
	assert_int_equal(gb_codec_encode(&enc, a), 0);
	git_oid_cpy(&ch.commit, &f->head);
	ch.data = enc.ptr;
	ch.len = enc.size;
	assert_int_equal(gb_store_notes_write(f->store, &ch, 1, "again"), 0);
	assert_int_equal(gb_store_read(&list, f->store, &f->head, NULL), 0);
	assert_int_equal(list.count, 1);
	/* Nothing changed, so no notes commit was made. */
	assert_int_equal(th_sh(f->dir,
		"test $(git rev-list --count refs/notes/benchmarks) = 1"), 0);
	gb_runlist_dispose(&list);
	gb_buf_dispose(&enc);
	gb_run_free(a);
}

/* A lock left by a writer that died is cleared once stale. */
static void test_stale_lock(void **state)
{
	fixture *f = *state;
	gb_run *a = th_run_make(&f->head, 1, 1);

	assert_int_equal(th_sh(f->dir,
		"mkdir -p .git/refs && touch -d '1 minute ago' .git/refs/benchmark-history.lock"), 0);
	append(f, a);
	assert_int_equal(th_sh(f->dir,
		"test ! -e .git/refs/benchmark-history.lock && "
		"git rev-parse -q --verify refs/benchmark-history"), 0);
	gb_run_free(a);
}

/* The first build meets a ref another writer created meanwhile. */
typedef struct {
	git_repository *repo;
	int calls;
	git_oid other;
} race_job;

static int build_racing(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	race_job *j = payload;
	git_tree *empty = NULL;
	git_reference *ref = NULL;

	(void)changed;
	j->calls++;
	assert_int_equal(gb_tree_empty(&empty, j->repo), 0);
	if (j->calls == 1) {
		assert_null(old);
		/* The other writer lands first. */
		assert_int_equal(gb_commit_write(&j->other, j->repo,
					 git_tree_id(empty), "other", NULL, 0), 0);
		assert_int_equal(git_reference_create(&ref, j->repo, "refs/race",
					 &j->other, 0, NULL), 0);
		git_reference_free(ref);
	} else {
		assert_non_null(old);
		assert_true(git_oid_equal(git_commit_id(old), &j->other));
	}
	assert_int_equal(gb_commit_write(new_tip, j->repo, git_tree_id(empty),
				 "mine", &old, old ? 1 : 0), 0);
	git_tree_free(empty);
	return 0;
}

static void test_cas_first_writers(void **state)
{
	fixture *f = *state;
	race_job j = { f->repo, 0, { { 0 } } };
	git_oid tip;
	git_commit *c = NULL;

	assert_int_equal(gb_ref_cas_update(f->repo, "refs/race", build_racing, &j,
				 "test", &tip), 0);
	assert_int_equal(j.calls, 2);
	assert_int_equal(git_commit_lookup(&c, f->repo, &tip), 0);
	assert_int_equal(git_commit_parentcount(c), 1);
	assert_true(git_oid_equal(git_commit_parent_id(c, 0), &j.other));
	git_commit_free(c);
}

typedef struct {
	git_oid seen[8];
	size_t distance[8];
	size_t n, stop_at;
} walked;

static int visit(const gb_measured_commit *mc, void *payload)
{
	walked *w = payload;

	git_oid_cpy(&w->seen[w->n], mc->commit);
	w->distance[w->n++] = mc->distance;
	return w->n == w->stop_at ? 42 : 0;
}

/* The one walk: measured commits, newest first, within a range. */
static void test_measured_foreach(void **state)
{
	fixture *f = *state;
	gb_walk_options o = GB_WALK_OPTIONS_INIT;
	walked w = { .n = 0 };
	git_oid *c = f->c;
	gb_run *run;
	int i;

	for (i = 0; i < 4; i += 2) {
		run = th_run_make(&c[i], 1, 10);
		append(f, run);
		gb_run_free(run);
	}
	assert_int_equal(gb_store_measured_foreach(f->store, &c[3], NULL, visit,
				 &w), 0);
	assert_int_equal(w.n, 2);
	assert_true(git_oid_equal(&w.seen[0], &c[2]));
	assert_int_equal(w.distance[0], 1);
	assert_true(git_oid_equal(&w.seen[1], &c[0]));
	assert_int_equal(w.distance[1], 3);
	/* A range c0..c3 leaves c0 out; a reach of 2 stops before it. */
	memset(&w, 0, sizeof(w));
	o.hide = &c[0];
	assert_int_equal(gb_store_measured_foreach(f->store, &c[3], &o, visit,
				 &w), 0);
	assert_int_equal(w.n, 1);
	memset(&w, 0, sizeof(w));
	o.hide = NULL;
	o.max_distance = 2;
	assert_int_equal(gb_store_measured_foreach(f->store, &c[3], &o, visit,
				 &w), 0);
	assert_int_equal(w.n, 1);
	/* A callback's non-zero answer stops the walk and is returned. */
	memset(&w, 0, sizeof(w));
	w.stop_at = 1;
	assert_int_equal(gb_store_measured_foreach(f->store, &c[3], NULL, visit,
				 &w), 42);
	assert_int_equal(w.n, 1);
	o.version = 0;
	assert_int_equal(gb_store_measured_foreach(f->store, &c[3], &o, visit,
				 &w), GB_EINVALID);
}

/* Paths gb_store_runs_added gives, one a line. */
static int add_line(const char *path, const git_oid *blob, void *payload)
{
	gb_buf *out = payload;

	assert_non_null(blob);
	return gb_buf_printf(out, "%s\n", path);
}

static void runs_added_as_git(th_store_fixture *f, const char *from,
	const char *to)
{
	git_object *a = NULL, *b = NULL;
	gb_buf ours = GB_BUF_INIT, path = GB_BUF_INIT;
	char *git;

	assert_int_equal(git_revparse_single(&a, f->repo, from), 0);
	assert_int_equal(git_revparse_single(&b, f->repo, to), 0);
	assert_int_equal(gb_store_runs_added(f->repo, (git_tree *)a,
				 (git_tree *)b, add_line, &ours), 0);
	assert_int_equal(th_sh(f->dir, "git diff-tree -r --no-renames "
		"--diff-filter=A --name-only %s %s -- runs/ >added", from, to), 0);
	gb_buf_printf(&path, "%s/added", f->dir);
	git = th_slurp(path.ptr, NULL);
	assert_string_equal(ours.ptr ? ours.ptr : "", git);
	free(git);
	gb_buf_dispose(&ours);
	gb_buf_dispose(&path);
	git_object_free(a);
	git_object_free(b);
}

/*
 * The runs one history tree adds to another are those git's diff lists
 * as added: new days and months, a run beside others in a shared day, a
 * file where the other has a directory and the reverse, nothing for a
 * changed blob or outside runs/.
 */
static void test_runs_added_as_git_diff(void **state)
{
	th_store_fixture *f = *state;

	assert_int_equal(th_sh(f->dir,
		"set -e; mk() { mkdir -p \"$(dirname \"$1\")\"; echo \"$2\" >\"$1\"; };"
		"mk runs/2025/01/01/a 1 && mk runs/2025/01/01/b 2 &&"
		"mk runs/2025/01/02/c 3 && mk runs/2025/03 x && mk other/o 4 &&"
		"mk runs/2025/04/01/t 5 && mk runs/2025/05/01/same 6 &&"
		"git add -A && git commit -q -m one && git tag one &&"
		"mk runs/2025/01/01/a changed && mk runs/2025/01/01/b2 7 &&"
		"mk runs/2025/01/03/d 8 && mk runs/2026/01/01/e 9 &&"
		"rm runs/2025/03 && mk runs/2025/03/01/f 10 &&"
		"rm -r runs/2025/04/01 && mk runs/2025/04/01 11 &&"
		"mk other/p 12 && mk runs-not/q 13 &&"
		"git add -A && git commit -q -m two && git tag two"), 0);
	runs_added_as_git(f, "one^{tree}", "two^{tree}");
	runs_added_as_git(f, "two^{tree}", "one^{tree}");
	runs_added_as_git(f, "two^{tree}", "two^{tree}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TH_STORE_TEST(test_append_and_read),
		TH_LINE_TEST(test_measured_foreach),
		TH_STORE_TEST(test_two_runs_one_commit),
		TH_STORE_TEST(test_history_is_chronological),
		TH_STORE_TEST(test_notes_fanout),
		TH_STORE_TEST(test_notes_fanout_depths),
		TH_STORE_TEST(test_forget),
		TH_STORE_TEST(test_damaged_note),
		TH_STORE_TEST(test_bad_ref_config),
		TH_STORE_TEST(test_concurrent_writers),
		TH_STORE_TEST(test_concurrent_first_writers),
		TH_STORE_TEST(test_notes_rebuild),
		TH_STORE_TEST(test_history_merge_parent),
		TH_STORE_TEST(test_roll_forward),
		TH_STORE_TEST(test_rebuild_completes_pending),
		TH_STORE_TEST(test_append_is_idempotent),
		TH_STORE_TEST(test_stale_lock),
		TH_STORE_TEST(test_cas_first_writers),
		TH_STORE_TEST(test_runs_added_as_git_diff),
	};

	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
