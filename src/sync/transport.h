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

/* Refs found under a prefix, at most GB_SYNC_MAX_PENDING of them. */
typedef struct {
	gb_remote_ref *v;     /* names allocated, freed by _dispose */
	size_t n, alloc;
	size_t more;          /* found beyond GB_SYNC_MAX_PENDING, not kept */
} gb_remote_list;

void gb_remote_list_dispose(gb_remote_list *l);

/*
 * Where each of `refs` points on the remote (found false when absent);
 * with `prefix`, also the refs whose names start with it, into `under`.
 */
int gb_transport_ls_remote(const gb_transport *t, gb_remote_ref *refs,
	size_t n, const char *prefix, gb_remote_list *under);

/* git fetch of these refspecs; no tags, no submodules. */
int gb_transport_fetch(const gb_transport *t, const char *const *refspecs,
	size_t n);

typedef struct {
	const char *name;     /* the same name on both sides */
	git_oid src;          /* the commit pushed */
	bool expect_absent;   /* the lease: absent on the remote, or ... */
	git_oid expect;       /* ... pointing here */
	bool remove;          /* delete it (src unused) */
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
