/* Ranges of commits as git names them, walked along first parents. */
#ifndef GB_CLI_RANGE_H
#define GB_CLI_RANGE_H

#include <stdbool.h>
#include <git2.h>
#include <gitbench.h>

typedef struct {
	const char *spec;     /* as given (borrowed) */
	git_oid start;        /* walked from, along first parents */
	git_oid hide;         /* stopped at, excluded, when has_hide */
	bool has_hide;
} cli_range;

/*
 * "A..B", "A.." (to HEAD), "..B" or a revision (NULL: HEAD); each side
 * may be a label of recorded runs (gb_revision_resolve).
 */
int cli_parse_range(cli_range *out, gb_store *store, const char *spec);
/* The walk of the range: its hidden commit. */
void cli_range_walk(gb_walk_options *out, const cli_range *range);

#endif
