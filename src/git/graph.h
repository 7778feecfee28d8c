/*
 * The commit graph as git sees it. libgit2 1.5 does not read .git/shallow:
 * its walks fail at a shallow clone's edge where git's stop, so there git
 * itself answers.
 */
#ifndef GB_SRC_GRAPH_H
#define GB_SRC_GRAPH_H

#include <git2.h>
#include "common.h"

/*
 * The merge-base of `a` and `b`: 0 and *out, GB_ENOTFOUND when they have
 * no common ancestor in the history there is.
 */
int gb_graph_merge_base(git_oid *out, git_repository *repo,
	const git_oid *a, const git_oid *b);

/* 1 when `ancestor` is an ancestor of `commit` (not itself), else 0. */
int gb_graph_descendant_of(git_repository *repo, const git_oid *commit,
	const git_oid *ancestor);

/* Commit ids, in the order given. */
typedef struct {
	git_oid *v;
	size_t n, alloc;
} gb_oid_list;

void gb_oid_list_dispose(gb_oid_list *l);

/*
 * The commits reachable from `head` and not from `base` (NULL: all),
 * newest first, at most `max`: appended to `out`. In a shallow clone the
 * commits there are.
 */
int gb_graph_range(gb_oid_list *out, git_repository *repo,
	const git_oid *head, const git_oid *base, size_t max);

#endif
