/*
 * The git commands that talk to remotes, run against a bare repository on
 * disk with the real git: what ls-remote finds, what fetch brings, and a
 * push whose lease fails telling "the remote moved" from a refusal.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "sync/transport.h"

typedef struct {
	char *dir;            /* the local repository */
	char *remote;         /* a bare repository beside it */
	git_repository *repo;
	git_oid c1, c2;
	gb_transport t;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	f->repo = th_repo_new(&f->dir, &f->c1);
	th_repo_commit(f->repo, "second", &f->c2);
	f->remote = th_tmpdir();
	assert_int_equal(th_sh(f->remote, "git init -q --bare ."), 0);
	assert_int_equal(th_sh(f->dir, "git remote add there '%s' && "
		"git push -q there HEAD~1:refs/heads/main", f->remote), 0);
	f->t.repo = f->repo;
	f->t.remote = "there";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	git_repository_free(f->repo);
	th_tmpdir_remove(f->dir);
	th_tmpdir_remove(f->remote);
	free(f);
	return 0;
}

static void test_ls_remote(void **state)
{
	fixture *f = *state;
	gb_remote_ref refs[] = {
		{ "refs/heads/main", true, { { 0 } } },
		{ "refs/heads/absent", true, { { 0 } } },
	};

	assert_int_equal(gb_transport_ls_remote(&f->t, refs, 2, NULL, NULL), 0);
	assert_true(refs[0].found);
	assert_true(git_oid_equal(&refs[0].tip, &f->c1));
	assert_false(refs[1].found);
}

static void test_fetch(void **state)
{
	fixture *f = *state;
	const char *spec[] = { "+refs/heads/main:refs/fetched/main" };
	git_oid id;

	assert_int_equal(gb_transport_fetch(&f->t, spec, 1), 0);
	assert_int_equal(git_reference_name_to_id(&id, f->repo,
				 "refs/fetched/main"), 0);
	assert_true(git_oid_equal(&id, &f->c1));
}

static void test_push_with_lease(void **state)
{
	fixture *f = *state;
	gb_push_ref ref = { "refs/heads/main", { { 0 } }, false, { { 0 } }, false };
	gb_push_ref fresh = { "refs/heads/new", { { 0 } }, true, { { 0 } }, false };
	gb_remote_ref seen = { "refs/heads/main", false, { { 0 } } };

	git_oid_cpy(&ref.src, &f->c2);
	git_oid_cpy(&ref.expect, &f->c1);
	git_oid_cpy(&fresh.src, &f->c2);
	assert_int_equal(gb_transport_push(&f->t, &ref, 1), 0);
	assert_int_equal(gb_transport_ls_remote(&f->t, &seen, 1, NULL, NULL), 0);
	assert_true(git_oid_equal(&seen.tip, &f->c2));
	/* A ref leased as absent is created. */
	assert_int_equal(gb_transport_push(&f->t, &fresh, 1), 0);
	/* Leased as absent again, it is not: the remote moved. */
	git_oid_cpy(&fresh.src, &f->c1);
	assert_int_equal(gb_transport_push(&f->t, &fresh, 1), GB_ECONFLICT);
	assert_string_equal(gb_error_last()->message,
		"there moved during the push");
}

/* A refusal that pulling again cannot mend is an error of its own. */
static void test_push_refused(void **state)
{
	fixture *f = *state;
	gb_push_ref ref = { "refs/heads/main", { { 0 } }, false, { { 0 } }, false };

	assert_int_equal(th_sh(f->remote, "printf '#!/bin/sh\\necho no >&2\\n"
		"exit 1\\n' >hooks/pre-receive && chmod +x hooks/pre-receive"), 0);
	git_oid_cpy(&ref.src, &f->c2);
	git_oid_cpy(&ref.expect, &f->c1);
	assert_int_equal(gb_transport_push(&f->t, &ref, 1), GB_ERROR);
	assert_non_null(strstr(gb_error_last()->message, "cannot push to there"));
}

static void test_unreachable(void **state)
{
	fixture *f = *state;
	gb_remote_ref ref = { "refs/heads/main", false, { { 0 } } };

	assert_int_equal(th_sh(f->dir, "git remote set-url there /nonexistent/x.git"),
		0);
	assert_int_equal(gb_transport_ls_remote(&f->t, &ref, 1, NULL, NULL), GB_ERROR);
	assert_non_null(strstr(gb_error_last()->message, "cannot reach there"));
	assert_false(ref.found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ls_remote, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_with_lease, setup, teardown),
		cmocka_unit_test_setup_teardown(test_push_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreachable, setup, teardown),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
