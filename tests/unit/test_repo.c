/* The conveniences over libgit2 every command needs, on real repositories. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct {
	char *dir;
	git_repository *repo;
	git_oid c1, c2;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	f->repo = th_repo_new(&f->dir, &f->c1);
	th_repo_commit(f->repo, "second: the subject\n\nand a body", &f->c2);
	/* The work tree as HEAD has it, so that it is clean. */
	assert_int_equal(th_sh(f->dir, "git reset -q --hard && git tag v1 HEAD~1 && "
		"git -c user.name=T -c user.email=t@example.com "
		"tag -a -m annotated v2 HEAD"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	git_repository_free(f->repo);
	th_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static void assert_resolves(fixture *f, const char *rev, const git_oid *want)
{
	git_oid id;

	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, rev), 0);
	assert_true(git_oid_equal(&id, want));
}

static void test_resolve(void **state)
{
	fixture *f = *state;
	char hex[GIT_OID_HEXSZ + 1];

	assert_resolves(f, "HEAD", &f->c2);
	assert_resolves(f, "HEAD~1", &f->c1);
	assert_resolves(f, "v1", &f->c1);
	/* An annotated tag peels to its commit. */
	assert_resolves(f, "v2", &f->c2);
	git_oid_tostr(hex, sizeof(hex), &f->c1);
	assert_resolves(f, hex, &f->c1);
	hex[10] = '\0';
	assert_resolves(f, hex, &f->c1);
}

/* A revision that is not one says so, and is never an option to git. */
static void test_resolve_errors(void **state)
{
	fixture *f = *state;
	git_oid id;

	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, "nope"), GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message, "unknown revision 'nope'");
	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, "HEAD~9"), GB_ENOTFOUND);
	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, "--all"), GB_ENOTFOUND);
	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, ""), GB_ENOTFOUND);
	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, NULL), GB_ENOTFOUND);
	assert_int_equal(gb_repo_resolve_commit(&id, f->repo, "HEAD:file"),
		GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message, "'HEAD:file' is not a commit");
}

static void test_dirty(void **state)
{
	fixture *f = *state;
	bool dirty = true;

	assert_int_equal(gb_repo_is_dirty(&dirty, f->repo), 0);
	assert_false(dirty);
	/* Untracked files do not count; a change to a tracked one does. */
	assert_int_equal(th_sh(f->dir, "echo x >untracked"), 0);
	assert_int_equal(gb_repo_is_dirty(&dirty, f->repo), 0);
	assert_false(dirty);
	assert_int_equal(th_sh(f->dir, "echo x >>file"), 0);
	assert_int_equal(gb_repo_is_dirty(&dirty, f->repo), 0);
	assert_true(dirty);
}

static void test_short_id_and_subject(void **state)
{
	fixture *f = *state;
	char s[GIT_OID_HEXSZ + 1], hex[GIT_OID_HEXSZ + 1];
	gb_buf out = GB_BUF_INIT;

	git_oid_tostr(hex, sizeof(hex), &f->c2);
	assert_int_equal(gb_repo_short_id(s, f->repo, &f->c2), 0);
	assert_true(strlen(s) >= 7);
	assert_int_equal(strncmp(s, hex, strlen(s)), 0);
	gb_buf_puts(&out, "id ");
	assert_int_equal(gb_repo_short_id_buf(&out, f->repo, &f->c2), 0);
	assert_int_equal(strncmp(out.ptr + 3, hex, 7), 0);
	gb_buf_clear(&out);
	assert_int_equal(gb_repo_commit_subject(&out, f->repo, &f->c2), 0);
	assert_string_equal(out.ptr, "second: the subject");
	gb_buf_dispose(&out);
}

static void test_open(void **state)
{
	fixture *f = *state;
	git_repository *repo = NULL;
	char *empty = th_tmpdir();

	assert_int_equal(gb_repo_open(&repo, f->dir), 0);
	git_repository_free(repo);
	assert_int_equal(th_sh(empty, "mkdir -p sub"), 0);
	assert_int_equal(gb_repo_open(&repo, empty), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "not a git repository"));
	th_tmpdir_remove(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolve_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_id_and_subject, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
