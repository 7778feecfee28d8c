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

/* Warn when a walk of history stopped short, saying why. */
void cli_warn_history_cut(cli_repo *r);

#endif
