/* The repository a command works in: git's, its store and its settings. */
#ifndef GB_CLI_REPO_H
#define GB_CLI_REPO_H

#include <git2.h>
#include <gitbench.h>

typedef struct {
	git_repository *repo;
	const gb_config *config;  /* the store's */
	gb_store *store;
} cli_repo;

/* Open the repository of the current directory and its store; 0 or 2. */
int cli_repo_open(cli_repo *r);
void cli_repo_close(cli_repo *r);

/*
 * Map at most 4 MB of pack at once instead of 32 MB, for a command that
 * writes as it reads the whole history (prune, push, pull), before it opens
 * the repository: a place of the pack it reads is seldom read again. On
 * 100,000 runs each is 24 to 28 MB smaller for the same time
 * (docs/performance.md). log, which reads notes scattered across the pack,
 * keeps 32 MB: with 16 or less it maps and unmaps so often that its
 * system time doubles.
 */
void cli_narrow_pack_windows(void);

/* Warn when a walk of history stopped short, saying why. */
void cli_warn_history_cut(cli_repo *r);

#endif
