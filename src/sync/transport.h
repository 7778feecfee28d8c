/*
 * The git commands that talk to remotes: ls-remote, fetch and push, run
 * as the user's `git` in the repository, their output parsed.
 */
#ifndef GB_SRC_TRANSPORT_H
#define GB_SRC_TRANSPORT_H

#include <stdbool.h>
#include <git2.h>
#include "common.h"
#include "gitbench/sync.h"

typedef struct {
	git_repository *repo;
	const char *remote;   /* a remote name, already validated */
	bool verbose;         /* git's stderr goes through to ours */
	gb_sync_progress_cb progress; /* git's progress, when set */
	void *payload;
} gb_transport;

/* A transport to `remote` as the options of a sync ask (NULL: defaults). */
void gb_transport_init(gb_transport *t, git_repository *repo,
	const char *remote, const gb_sync_options *opts);

typedef struct {
	const char *name;     /* full ref name on the remote */
	bool found;
	git_oid tip;
} gb_remote_ref;

/* Where each of `refs` points on the remote (found false when absent). */
int gb_transport_ls_remote(const gb_transport *t, gb_remote_ref *refs,
	size_t n);

/* git fetch of these refspecs; no tags, no submodules. */
int gb_transport_fetch(const gb_transport *t, const char *const *refspecs,
	size_t n);

typedef struct {
	const char *name;     /* the same name on both sides */
	git_oid src;          /* the commit pushed */
	bool expect_absent;   /* the lease: absent on the remote, or ... */
	git_oid expect;       /* ... pointing here */
} gb_push_ref;

/*
 * One atomic push of `refs`, each with its lease. 0 when pushed;
 * GB_ECONFLICT when the remote moved (a lease failed, or another push won
 * the remote's ref lock): pull and try again; another error when the
 * remote refused for good (a hook, permissions) or cannot be reached.
 */
int gb_transport_push(const gb_transport *t, const gb_push_ref *refs,
	size_t n);

#endif
