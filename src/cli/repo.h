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
 * Map at most 8 MB of pack at once instead of 32 MB, for a command that
 * writes as it reads the whole history (prune, push, pull), before it opens
 * the repository: a place of the pack it reads is seldom read again, and
 * on 100,000 runs 24 MB less resident for no more time (docs/performance.md).
 * log, which reads notes scattered across the pack, keeps 32 MB: with 8 it
 * maps and unmaps so often that it takes a quarter longer.
 */
void cli_narrow_pack_windows(void);

/* Warn when a walk of history stopped short, saying why. */
void cli_warn_history_cut(cli_repo *r);

#endif
