#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "git/proc.h"
#include "gitbench/escape.h"
#include "sync/transport.h"

/* ls-remote and push say little; more than this is not their answer. */
#define OUTPUT_MAX (1024u * 1024u)

typedef struct {
	char **v;
	size_t n, alloc;
} argv_list;

static void argv_dispose(argv_list *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static int argv_add(argv_list *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int argv_add(argv_list *a, const char *fmt, ...)
{
	gb_buf arg = GB_BUF_INIT;
	va_list ap;
	int error;

	/* Room for it and the NULL that ends the list. */
	if (GB_ARRAY_GROW(a->v, a->n + 1, a->alloc) < 0)
		return GB_ERROR;
	va_start(ap, fmt);
	error = gb_buf_vprintf(&arg, fmt, ap);
	va_end(ap);
	if (error < 0 || !arg.ptr) {
		gb_buf_dispose(&arg);
		return GB_ERROR;
	}
	a->v[a->n++] = gb_buf_detach(&arg);
	a->v[a->n] = NULL;
	return 0;
}

/*
 * git in this repository: -C the top of the work tree, as git itself runs
 * there (relative remote URLs resolve from it); --git-dir so that a GIT_DIR
 * in our environment (hooks) cannot point elsewhere.
 */
static int argv_git(argv_list *a, const gb_transport *t, const char *cmd)
{
	const char *gitdir = git_repository_path(t->repo);
	const char *top = git_repository_workdir(t->repo);

	if (argv_add(a, "git") < 0 || argv_add(a, "-C") < 0 ||
	    argv_add(a, "%s", top ? top : gitdir) < 0 ||
	    argv_add(a, "--git-dir=%s", gitdir) < 0 ||
	    argv_add(a, "%s", cmd) < 0)
		return GB_ERROR;
	return 0;
}

void gb_transport_init(gb_transport *t, git_repository *repo,
	const char *remote, const gb_sync_options *opts)
{
	memset(t, 0, sizeof(*t));
	t->repo = repo;
	t->remote = remote;
	t->verbose = opts && opts->verbose;
	/* Options of version 1 end before the progress. */
	if (opts && opts->version >= 2) {
		t->progress = opts->progress;
		t->payload = opts->payload;
	}
}

/* git shows progress only on a terminal; ours decides, so ask it to. */
static int argv_progress(argv_list *a, const gb_transport *t)
{
	return t->progress ? argv_add(a, "--progress") : 0;
}

/*
 * --verbose: what git says, a line at a time and escaped, as everything
 * else from a remote is: a server's messages (git passes them on as
 * "remote: ...") must not reach the terminal as escape sequences.
 */
static void verbose_relay(const char *data, size_t len, void *payload)
{
	gb_escape_relay(payload, stderr, false, data, len);
}

static int run(int *status, gb_buf *out, gb_buf *err, const argv_list *a,
	const gb_transport *t)
{
	gb_proc_options opts = { false, OUTPUT_MAX, NULL, 0, t->progress,
				 t->payload };
	gb_buf line = GB_BUF_INIT;
	int error;

	if (t->verbose && !t->progress) {
		opts.on_stderr = verbose_relay;
		opts.payload = &line;
	}
	error = gb_proc_run(status, out, err, (const char *const *)a->v, &opts);
	gb_escape_relay_end(&line, stderr);
	return error;
}

/* "cannot fetch from origin: <git's first complaint>" */
static int git_failed(const char *what, const gb_transport *t,
	const gb_buf *err, int status)
{
	gb_buf line = GB_BUF_INIT;
	int code;

	gb_proc_error_line(&line, err);
	if (line.size)
		code = gb_error_set(GB_ERROR, "cannot %s %s: %s", what, t->remote,
			line.ptr);
	else
		code = gb_error_set(GB_ERROR, "cannot %s %s: git exited with %d%s",
			what, t->remote, status,
			t->verbose ? "" : " (--verbose shows its messages)");
	gb_buf_dispose(&line);
	return code;
}

void gb_remote_list_dispose(gb_remote_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free((char *)l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A line "<oid>\t<name>" whose name starts with `prefix`, kept in `under`. */
static int parse_under(gb_remote_list *under, const char *prefix,
	const char *p, const char *tab, size_t len)
{
	size_t plen = strlen(prefix), nlen = len - (size_t)(tab + 1 - p);
	gb_remote_ref *r;

	if (nlen <= plen || memcmp(tab + 1, prefix, plen))
		return 0;
	if (under->n >= GB_SYNC_MAX_PENDING) {
		under->more++; /* a hostile remote's thousands wait their turn */
		return 0;
	}
	if (tab - p != GIT_OID_HEXSZ ||
	    GB_ARRAY_GROW(under->v, under->n, under->alloc) < 0)
		return tab - p != GIT_OID_HEXSZ ? 0 : GB_ERROR;
	r = &under->v[under->n];
	memset(r, 0, sizeof(*r));
	if (git_oid_fromstrn(&r->tip, p, GIT_OID_HEXSZ) < 0)
		return 0;
	if (!(r->name = gb_strndup(tab + 1, nlen)))
		return GB_ERROR;
	r->found = true;
	under->n++;
	return 0;
}

static int parse_ls_remote(gb_remote_ref *refs, size_t n, const gb_buf *out,
	const char *prefix, gb_remote_list *under)
{
	const char *p = out->ptr, *end = out->ptr + out->size;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), i;

		tab = memchr(p, '\t', len);
		if (tab && prefix && parse_under(under, prefix, p, tab, len) < 0)
			return GB_ERROR;
		for (i = 0; tab && i < n; i++) {
			size_t name_len = len - (size_t)(tab + 1 - p);

			if (strlen(refs[i].name) != name_len ||
			    memcmp(refs[i].name, tab + 1, name_len))
				continue;
			if (tab - p != GIT_OID_HEXSZ ||
			    git_oid_fromstrn(&refs[i].tip, p, GIT_OID_HEXSZ) < 0)
				return gb_error_set(GB_ERROR,
					"unexpected answer from git ls-remote for %s",
					refs[i].name);
			refs[i].found = true;
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

int gb_transport_ls_remote(const gb_transport *t, gb_remote_ref *refs,
	size_t n, const char *prefix, gb_remote_list *under)
{
	argv_list a = { 0 };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT;
	size_t i;
	int status, error;

	for (i = 0; i < n; i++)
		refs[i].found = false;
	if ((error = argv_git(&a, t, "ls-remote")) < 0 ||
	    (error = argv_add(&a, "--")) < 0 ||
	    (error = argv_add(&a, "%s", t->remote)) < 0)
		goto cleanup;
	for (i = 0; i < n && !error; i++)
		error = argv_add(&a, "%s", refs[i].name);
	if (!error && prefix)
		error = argv_add(&a, "%s*", prefix);
	if (error < 0 || (error = run(&status, &out, &err, &a, t)) < 0)
		goto cleanup;
	if (status != 0)
		error = git_failed("reach", t, &err, status);
	else
		error = parse_ls_remote(refs, n, &out, prefix, under);
cleanup:
	argv_dispose(&a);
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
	return error;
}

int gb_transport_fetch(const gb_transport *t, const char *const *refspecs,
	size_t n)
{
	argv_list a = { 0 };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT;
	size_t i;
	int status, error;

	if ((error = argv_git(&a, t, "fetch")) < 0 ||
	    (error = argv_progress(&a, t)) < 0 ||
	    (error = argv_add(&a, "--no-tags")) < 0 ||
	    (error = argv_add(&a, "--no-recurse-submodules")) < 0 ||
	    (error = argv_add(&a, "--")) < 0 ||
	    (error = argv_add(&a, "%s", t->remote)) < 0)
		goto cleanup;
	for (i = 0; i < n && !error; i++)
		error = argv_add(&a, "%s", refspecs[i]);
	if (error < 0 || (error = run(&status, &out, &err, &a, t)) < 0)
		goto cleanup;
	if (status != 0)
		error = git_failed("fetch from", t, &err, status);
cleanup:
	argv_dispose(&a);
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
	return error;
}

static int push_argv(argv_list *a, const gb_transport *t,
	const gb_push_ref *refs, size_t n)
{
	char src[GIT_OID_HEXSZ + 1], old[GIT_OID_HEXSZ + 1];
	size_t i;
	int error;

	if ((error = argv_git(a, t, "push")) < 0 ||
	    (error = argv_progress(a, t)) < 0 ||
	    (error = argv_add(a, "--atomic")) < 0 ||
	    (error = argv_add(a, "--porcelain")) < 0)
		return error;
	for (i = 0; i < n && !error; i++) {
		/* An empty expected value leases the ref as absent. */
		if (refs[i].remove && refs[i].expect_absent)
			continue;
		git_oid_tostr(old, sizeof(old), &refs[i].expect);
		error = argv_add(a, "--force-with-lease=%s:%s", refs[i].name,
			refs[i].expect_absent ? "" : old);
	}
	if (error < 0 || (error = argv_add(a, "--")) < 0 ||
	    (error = argv_add(a, "%s", t->remote)) < 0)
		return error;
	/* The commits decided on, not the local refs: a record made meanwhile
	 * goes with the next push. */
	for (i = 0; i < n && !error; i++) {
		git_oid_tostr(src, sizeof(src), &refs[i].src);
		error = argv_add(a, "%s:%s", refs[i].remove ? "" : src,
			refs[i].name);
	}
	return error;
}

/*
 * Rejections that mean "the remote moved": a lease that no longer holds,
 * the server finding the ref elsewhere than announced, or another push
 * holding its lock. The atomic ones are the echo of another ref's.
 */
static bool moved(const char *reason, size_t len)
{
	static const char *const transient[] = {
		"stale info", "fetch first", "non-fast-forward",
		"atomic push failed", "atomic push failure",
		"atomic transaction failed", "failed to update ref",
		"failed to lock", "cannot lock ref", "incorrect old value",
	};
	size_t i;

	for (i = 0; i < sizeof(transient) / sizeof(transient[0]); i++)
		if (memmem(reason, len, transient[i], strlen(transient[i])))
			return true;
	return false;
}

/*
 * Porcelain lines are "<flag>\t<from>:<to>\t<summary>"; '!' is a refusal.
 * Returns 1 when every refusal is one of moved(), 0 when there is none,
 * < 0 (message set) for the first that is final.
 */
static int push_refusals(const gb_buf *out, const gb_transport *t)
{
	const char *p = out->ptr, *end = out->ptr + out->size;
	int found = 0;

	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *sum = len > 2 ? memchr(p + 2, '\t', len - 2) : NULL;

		if (len > 2 && p[0] == '!' && p[1] == '\t' && sum) {
			size_t slen = len - (size_t)(sum + 1 - p);
			const char *to = memrchr(p + 2, ':', (size_t)(sum - p - 2));

			to = to ? to + 1 : p + 2;
			if (!moved(sum + 1, slen))
				return gb_error_set(GB_ERROR,
					"cannot push to %s: %.*s: %.*s", t->remote,
					(int)(sum - to), to, (int)slen, sum + 1);
			found = 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	return found;
}

int gb_transport_push(const gb_transport *t, const gb_push_ref *refs,
	size_t n)
{
	argv_list a = { 0 };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT;
	int status, error;

	if ((error = push_argv(&a, t, refs, n)) < 0 ||
	    (error = run(&status, &out, &err, &a, t)) < 0 || status == 0)
		goto cleanup;
	if ((error = push_refusals(&out, t)) < 0)
		goto cleanup;
	if (error == 1)
		error = gb_error_set(GB_ECONFLICT, "%s moved during the push",
			t->remote);
	else
		error = git_failed("push to", t, &err, status);
cleanup:
	argv_dispose(&a);
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
	return error;
}
