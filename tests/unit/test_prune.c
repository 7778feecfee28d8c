/*
 * Retention on real temporary repositories: which runs go, what the
 * history says, the notes rebuilt, labelled runs kept, the rewrite to
 * root commits.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "store/store_int.h"

#define COMMITS 8

typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *store;
	git_oid c[COMMITS];
	char ids[COMMITS][GB_RUN_ID_MAX + 1];
} fixture;

/* Commit i measured once, at time T0 + i days; c[2] labelled v0.1.0. */
#define T0 1700000000

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char msg[16];
	int i;

	f->store = th_store_new(&f->repo, &f->dir, &f->c[0]);
	for (i = 1; i < COMMITS; i++) {
		snprintf(msg, sizeof(msg), "c%d", i);
		th_repo_commit(f->repo, msg, &f->c[i]);
	}
	for (i = 0; i < COMMITS; i++) {
		gb_run *run = th_run_make(&f->c[i], 2, 10);

		run->time = T0 + (int64_t)i * 86400;
		gb_run_id_generate(run->id, run->time * 1000000);
		memcpy(f->ids[i], run->id, sizeof(f->ids[i]));
		if (i == 2)
			assert_int_equal(gb_run_set_string(&run->label, "v0.1.0"), 0);
		assert_int_equal(gb_store_append(f->store, &run, 1), 0);
		gb_run_free(run);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	th_store_dispose(f->store, f->repo, f->dir);
	free(f);
	return 0;
}

static int has(fixture *f, int i)
{
	return gb_store_has(f->store, &f->c[i]);
}

static char *history_message(fixture *f)
{
	git_commit *tip = NULL;
	git_object *obj = NULL;
	char *msg;

	assert_int_equal(git_revparse_single(&obj, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_int_equal(git_commit_lookup(&tip, f->repo, git_object_id(obj)), 0);
	msg = strdup(git_commit_message(tip));
	git_commit_free(tip);
	git_object_free(obj);
	return msg;
}

static size_t history_runs(fixture *f);

static void test_keep(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;
	char line[200], hex[GIT_OID_HEXSZ + 1];
	char *msg;
	int i;

	o.by_count = true;
	o.keep = 3;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	/* c0..c4 are beyond the three newest; c2 stays for its label. */
	assert_int_equal(r.nremoved, 4);
	assert_int_equal(r.kept, 4);
	assert_int_equal(r.spared, 1);
	assert_int_equal(r.notes, 4);
	assert_false(r.rewritten);
	assert_string_equal(r.criteria, "beyond the 3 most recent");
	assert_string_equal(r.removed[0].id, f->ids[0]);
	assert_string_equal(r.removed[3].id, f->ids[4]);
	for (i = 0; i < COMMITS; i++)
		assert_int_equal(has(f, i), i == 2 || i >= 5);
	assert_int_equal(history_runs(f), 4);
	msg = history_message(f);
	assert_true(strncmp(msg, "Prune 4 runs beyond the 3 most recent\n\n", 39) == 0);
	git_oid_tostr(hex, sizeof(hex), &f->c[3]);
	snprintf(line, sizeof(line), "run %s commit %s\n", f->ids[3], hex);
	assert_non_null(strstr(msg, line));
	assert_non_null(strstr(msg, "Kept 1 older run for its label."));
	free(msg);
	gb_prune_result_dispose(&r);
	/* Nothing more to do. */
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 0);
	gb_prune_result_dispose(&r);
}

static void test_older_than_and_labelled(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;
	int i;

	o.by_age = true;
	o.older_than = T0 + 3 * 86400;
	o.labelled = true;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 3);
	assert_int_equal(r.spared, 0);
	assert_string_equal(r.criteria, "older than 2023-11-17 22:13:20 UTC");
	assert_string_equal(r.removed[2].label, "v0.1.0");
	for (i = 0; i < COMMITS; i++)
		assert_int_equal(has(f, i), i >= 3);
	gb_prune_result_dispose(&r);
}

/* Both limits: only runs that are old and beyond the newest n. */
static void test_both_limits(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;

	o.by_age = true;
	o.older_than = T0 + 5 * 86400;
	o.by_count = true;
	o.keep = 6;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 2);
	assert_true(strstr(r.criteria, "older than ") == r.criteria);
	assert_non_null(strstr(r.criteria, " beyond the 6 most recent"));
	gb_prune_result_dispose(&r);
}

static void test_dry_run(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;
	git_oid before, after;

	assert_int_equal(git_reference_name_to_id(&before, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	o.by_count = true;
	o.keep = 0;
	o.dry_run = true;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 7);
	assert_int_equal(git_reference_name_to_id(&after, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_true(git_oid_equal(&before, &after));
	assert_int_equal(has(f, 0), 1);
	gb_prune_result_dispose(&r);
}

static void test_rewrite(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;
	git_commit *c = NULL;
	git_oid tip, head_before, head_after;
	char *msg;

	assert_int_equal(git_reference_name_to_id(&head_before, f->repo, "HEAD"), 0);
	o.by_count = true;
	o.keep = 2;
	o.rewrite = true;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_true(r.rewritten);
	assert_int_equal(r.nremoved, 5);
	assert_int_equal(git_reference_name_to_id(&tip, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_true(git_oid_equal(&tip, &r.history));
	assert_int_equal(git_commit_lookup(&c, f->repo, &tip), 0);
	assert_int_equal(git_commit_parentcount(c), 0);
	git_commit_free(c);
	msg = history_message(f);
	assert_true(strncmp(msg, "Prune 5 runs beyond the 2 most recent\n", 38) == 0);
	assert_non_null(strstr(msg, "dropped by 'git bench prune --rewrite'"));
	free(msg);
	assert_int_equal(git_reference_name_to_id(&tip, f->repo,
				 GB_DEFAULT_NOTES_REF), 0);
	assert_int_equal(git_commit_lookup(&c, f->repo, &tip), 0);
	assert_int_equal(git_commit_parentcount(c), 0);
	git_commit_free(c);
	assert_int_equal(has(f, 7), 1);
	assert_int_equal(has(f, 2), 1);
	assert_int_equal(has(f, 3), 0);
	/* The notes name the new history root: a later record completes
	 * nothing by mistake and lands normally. */
	{
		gb_run *run = th_run_make(&f->c[3], 1, 5);

		assert_int_equal(gb_store_append(f->store, &run, 1), 0);
		gb_run_free(run);
	}
	assert_int_equal(has(f, 3), 1);
	assert_int_equal(history_runs(f), 4);
	assert_int_equal(git_reference_name_to_id(&head_after, f->repo, "HEAD"), 0);
	assert_true(git_oid_equal(&head_before, &head_after));
	gb_prune_result_dispose(&r);
	/* Again with nothing to remove: the history, one commit longer now,
	 * starts over once more. */
	o.keep = 100;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 0);
	assert_true(r.rewritten);
	msg = history_message(f);
	assert_true(strncmp(msg, "Start the history over from the 4 runs it holds", 47) == 0);
	free(msg);
	gb_prune_result_dispose(&r);
}

/*
 * A record whose writer died between the history and the notes is in the
 * notes after a rewrite: past it, nothing would show it missing.
 */
static void test_rewrite_completes_notes(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;
	gb_runlist runs = { 0 };
	git_tree_update up = { 0 };
	gb_buf enc = GB_BUF_INIT, path = GB_BUF_INIT;
	gb_run *run = th_run_make(&f->c[3], 1, 5);

	assert_int_equal(gb_codec_encode(&enc, run), 0);
	assert_int_equal(gb_store_run_path(&path, run), 0);
	assert_int_equal(git_blob_create_from_buffer(&up.id, f->repo, enc.ptr,
				 enc.size), 0);
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path.ptr;
	assert_int_equal(gb_store_history_write(f->store, &up, 1,
				 "Record 1 run (the notes never written)", NULL, 0, NULL), 0);
	o.by_count = true;
	o.keep = 100;
	o.rewrite = true;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_true(r.rewritten);
	assert_int_equal(gb_store_read(&runs, f->store, &f->c[3], NULL), 0);
	assert_int_equal(runs.count, 2);
	gb_runlist_dispose(&runs);
	gb_prune_result_dispose(&r);
	gb_buf_dispose(&enc);
	gb_buf_dispose(&path);
	gb_run_free(run);
}

static void test_bad_options(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result r;

	assert_int_equal(gb_store_prune(&r, f->store, &o), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "number of runs to keep or a date"));
	o.version = 7;
	assert_int_equal(gb_store_prune(&r, f->store, &o), GB_EINVALID);
}

/* A record not at the path its id names: its id is its own, the path kept. */
static void test_record_elsewhere(void **state)
{
	fixture *f = *state;
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	const char *moved = "runs/2023/11/14/a-name-longer-than-any-run-id-is";
	git_tree_update up[2] = {
		{ .action = GIT_TREE_UPDATE_REMOVE },
		{ .action = GIT_TREE_UPDATE_UPSERT, .filemode = GIT_FILEMODE_BLOB },
	};
	gb_buf path = GB_BUF_INIT;
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	git_tree_entry *e = NULL;
	gb_prune_result r;
	gb_run *first;

	first = th_run_make(&f->c[0], 2, 10);
	first->time = T0;
	memcpy(first->id, f->ids[0], sizeof(first->id));
	assert_int_equal(gb_store_run_path(&path, first), 0);
	assert_int_equal(git_revparse_single((git_object **)&tip, f->repo,
				 GB_DEFAULT_HISTORY_REF), 0);
	assert_int_equal(git_commit_tree(&tree, tip), 0);
	assert_int_equal(git_tree_entry_bypath(&e, tree, path.ptr), 0);
	up[0].path = path.ptr;
	up[1].path = moved;
	git_oid_cpy(&up[1].id, git_tree_entry_id(e));
	assert_int_equal(gb_store_history_write(f->store, up, 2, "move", NULL,
				 0, NULL), 0);

	o.by_count = true;
	o.keep = COMMITS - 1;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 1);
	assert_string_equal(r.removed[0].id, f->ids[0]);
	assert_string_equal(r.removed[0].path, moved);
	assert_false(has(f, 0));
	assert_int_equal(history_runs(f), COMMITS - 1);
	gb_prune_result_dispose(&r);
	/* The others are where their ids say. */
	o.keep = COMMITS - 2;
	assert_int_equal(gb_store_prune(&r, f->store, &o), 0);
	assert_int_equal(r.nremoved, 1);
	assert_string_equal(r.removed[0].id, f->ids[1]);
	assert_non_null(strstr(r.removed[0].path, f->ids[1]));
	assert_string_equal(r.removed[0].path + strlen(r.removed[0].path) -
		strlen(f->ids[1]), f->ids[1]);
	gb_prune_result_dispose(&r);
	git_tree_entry_free(e);
	git_tree_free(tree);
	git_commit_free(tip);
	gb_buf_dispose(&path);
	gb_run_free(first);
}

/*
 * A history commit names its first GB_RUN_LINES_MAX runs, then how many
 * more and the diff that lists them all.
 */
static size_t count_lines(const char *s, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
		n += !strncmp(s, prefix, len);
	return n;
}

/* Runs run-00000 to run-<n - 1>, then the end, into `msg` made empty. */
static void list_runs(gb_run_lines *lines, size_t n, const git_oid *commit)
{
	char id[32];
	size_t i;

	gb_buf_clear(lines->msg);
	lines->n = 0;
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "run-%05zu", i);
		gb_run_lines_add(lines, id, commit);
	}
	gb_run_lines_end(lines);
}

static void test_message_lines(void **state)
{
	gb_buf msg = GB_BUF_INIT;
	gb_run_lines lines = { &msg, true, 0 };
	git_oid commit;

	(void)state;
	git_oid_fromstr(&commit, "1234567890123456789012345678901234567890");
	list_runs(&lines, GB_RUN_LINES_MAX, &commit);
	assert_int_equal(count_lines(msg.ptr, "run run-"), GB_RUN_LINES_MAX);
	assert_null(strstr(msg.ptr, "more"));
	assert_non_null(strstr(msg.ptr, "run run-00999 commit "
		"1234567890123456789012345678901234567890\n"));
	list_runs(&lines, GB_RUN_LINES_MAX + 2, &commit);
	assert_int_equal(count_lines(msg.ptr, "run run-"), GB_RUN_LINES_MAX);
	assert_null(strstr(msg.ptr, "run-01000"));
	assert_int_equal(count_lines(msg.ptr, "and 2 more runs, every one listed by\n"
		"    git diff-tree -r --diff-filter=D <this commit>^ <this commit>\n"),
		1);
	/* Added runs are listed by the other filter. */
	gb_buf_clear(&msg);
	lines.removed = false;
	lines.n = GB_RUN_LINES_MAX;
	gb_run_lines_add(&lines, "x", &commit);
	gb_run_lines_end(&lines);
	assert_string_equal(msg.ptr, "and 1 more run, every one listed by\n"
		"    git diff-tree -r --diff-filter=A <this commit>^ <this commit>\n");
	gb_buf_dispose(&msg);
}

static int count_run(const gb_history_entry *e, void *payload)
{
	(void)e;
	(*(size_t *)payload)++;
	return 0;
}

static size_t history_runs(fixture *f)
{
	size_t n = 0;

	assert_int_equal(gb_store_history_foreach(f->store, NULL, count_run, &n), 0);
	return n;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_than_and_labelled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_both_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_completes_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_elsewhere, setup, teardown),
		cmocka_unit_test(test_message_lines),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
