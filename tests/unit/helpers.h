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

/* A new repository with one commit; *head gets its id. */
git_repository *th_repo_new(char **dir, git_oid *head);
/* A new repository with one commit (*head), and its store. */
gb_store *th_store_new(git_repository **repo, char **dir, git_oid *head);
/* Free what th_store_new made and remove the directory. */
void th_store_dispose(gb_store *store, git_repository *repo, char *dir);
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
