/* Shared by the unit tests: temporary repositories and fixtures. */
#ifndef GB_TEST_HELPERS_H
#define GB_TEST_HELPERS_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <git2.h>
#include <gitbench.h>

/* A scratch directory under $TMPDIR, removed by th_tmpdir_remove(). */
char *th_tmpdir(void);
void th_tmpdir_remove(char *dir);

/*
 * A new scratch directory holding a copy of `from`: a repository built
 * once for a whole program, copied for each test that may change it.
 */
char *th_tmpdir_copy(const char *from);

/* A new repository with one commit; *head gets its id. */
git_repository *th_repo_new(char **dir, git_oid *head);
/* A new repository with one commit (*head), and its store. */
gb_store *th_store_new(git_repository **repo, char **dir, git_oid *head);
/* Free what th_store_new made and remove the directory. */
void th_store_dispose(gb_store *store, git_repository *repo, char *dir);
/*
 * The fixture of the tests of one store: a repository with one commit
 * (head) and its store, made by th_store_setup and removed by
 * th_store_teardown (cmocka_unit_test_setup_teardown's functions).
 */
typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *store;
	git_oid head;
	git_oid c[4];     /* th_line_setup's commits: c[0] first, c[3] HEAD */
} th_store_fixture;

int th_store_setup(void **state);
int th_store_teardown(void **state);
#define TH_STORE_TEST(t) \
	cmocka_unit_test_setup_teardown(t, th_store_setup, th_store_teardown)
/* The same with a line of four commits, c[0] to c[3] (HEAD). */
int th_line_setup(void **state);
#define TH_LINE_TEST(t) \
	cmocka_unit_test_setup_teardown(t, th_line_setup, th_store_teardown)

/* Another commit on HEAD (first parent: the current HEAD). */
void th_repo_commit(git_repository *repo, const char *message, git_oid *out);
/* Run a shell command in `dir`; returns its exit status. */
int th_sh(const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A fixture path: th_fixture("criterion/baseline/criterion"). */
const char *th_fixture(const char *rel);

/* A run with `n` results "bench/<i>" of mean base*(i+1) ns. */
gb_run *th_run_make(const git_oid *commit, size_t n, double base);

/* The whole file as a NUL-terminated string (abort on failure). */
char *th_slurp(const char *path, size_t *len);

#endif
