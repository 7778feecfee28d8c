#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "git/refs.h"

#define CAS_ATTEMPTS 1000
/* Give up on a ref another process keeps locked after this long. */
#define CAS_DEADLINE_SECONDS 30
/*
 * A lock file this old was left by a process that died while holding it:
 * writers hold a ref lock for the time of one small file write.
 */
#define STALE_LOCK_SECONDS 10

/*
 * Why `ref` does not peel to a commit, in one line: libgit2 says "can not
 * be successfully peeled into a commit (git_object_t=1)", which names
 * neither the ref nor what it points to.
 */
static int not_a_commit(git_repository *repo, const char *refname,
	git_reference *ref, int git_code)
{
	/* The codes libgit2's would map to: a missing object is not found. */
	int code = git_code == GIT_ENOTFOUND ? GB_ENOTFOUND : GB_ERROR;
	git_reference *direct = NULL;
	git_object *obj = NULL, *peeled = NULL;
	char hex[GIT_OID_HEXSZ + 1] = "";
	const char *type = NULL, *tagged = NULL;

	if (git_reference_resolve(&direct, ref) == 0 &&
	    git_reference_target(direct)) {
		git_oid_tostr(hex, 8, git_reference_target(direct));
		if (git_object_lookup(&obj, repo, git_reference_target(direct),
			    GIT_OBJECT_ANY) == 0)
			type = git_object_type2string(git_object_type(obj));
		/* A tag of a tree: what the tag names. */
		if (obj && git_object_type(obj) == GIT_OBJECT_TAG &&
		    git_object_peel(&peeled, obj, GIT_OBJECT_ANY) == 0)
			tagged = git_object_type2string(git_object_type(peeled));
	}
	git_object_free(peeled);
	git_object_free(obj);
	git_reference_free(direct);
	git_error_clear();
	if (!*hex)
		return gb_error_set(code, "%s does not point to a commit",
			refname);
	if (!type)
		return gb_error_set(code, "%s points to %s, which is not in the "
			"repository", refname, hex);
	return gb_error_set(code, "%s points to a %s%s%s (%s), not a commit",
		refname, type, tagged ? " of a " : "", tagged ? tagged : "", hex);
}

int gb_ref_peel_commit(git_commit **out, git_repository *repo,
	const char *refname)
{
	git_reference *ref = NULL;
	git_object *obj = NULL;
	int error;

	*out = NULL;
	error = git_reference_lookup(&ref, repo, refname);
	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0)
		return gb_error_git(error, "cannot read %s", refname);
	error = git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT);
	if (error < 0)
		error = not_a_commit(repo, refname, ref, error);
	git_reference_free(ref);
	if (error < 0)
		return error;
	*out = (git_commit *)obj;
	return 0;
}

static void backoff(unsigned attempt)
{
	unsigned cap = attempt < 6 ? (1u << attempt) : 64u; /* ms */
	uint32_t rnd = 0;
	struct timespec ts;
	unsigned us;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (uint32_t)clock();
	us = 200 + rnd % (cap * 1000u);
	ts.tv_sec = 0;
	ts.tv_nsec = (long)us * 1000L;
	nanosleep(&ts, NULL);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * When the ref's lock file is older than any live writer keeps it, remove
 * it: its writer died. Returns 1 when a stale lock went, 0 otherwise.
 */
static int clear_stale_lock(gb_buf *lock, git_repository *repo,
	const char *refname)
{
	struct stat st;

	gb_buf_clear(lock);
	gb_buf_printf(lock, "%s%s.lock", git_repository_commondir(repo),
		refname);
	if (lstat(lock->ptr, &st) < 0)
		return 0;
	if (time(NULL) - st.st_mtime < STALE_LOCK_SECONDS)
		return 0;
	return unlink(lock->ptr) == 0 || errno == ENOENT;
}

/*
 * Who moves a ref: every move of ours holds an exclusive flock(2) on
 * <commondir>/bench-writer and writes "<pid> <host> <ref>" into it for the
 * moment of the move, emptied after. The kernel drops the flock of a
 * process that dies, so a writer that finds the file not empty under its
 * own flock knows the last writer was killed in its move: when that
 * writer ran on this host and its pid is gone, the ref lock it left is
 * taken over at once, rather than waited out.
 */
typedef struct {
	int fd;
	gb_buf path;
} owner_lock;

static void take_over_dead(owner_lock *o, git_repository *repo)
{
	char text[512], host[256] = "", theirs[256], ref[256];
	ssize_t n = pread(o->fd, text, sizeof(text) - 1, 0);
	long pid;
	gb_buf lock = GB_BUF_INIT;

	if (n <= 0)
		return;
	text[n] = '\0';
	gethostname(host, sizeof(host) - 1);
	if (sscanf(text, "%ld %255s %255s", &pid, theirs, ref) != 3 ||
	    strcmp(theirs, host) != 0 || pid <= 0 || pid == (long)getpid() ||
	    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
		return;
	gb_buf_printf(&lock, "%s%s.lock", git_repository_commondir(repo), ref);
	if (lock.ptr && unlink(lock.ptr) == 0)
		gb_notice("took over %s: process %ld, which held it, is gone",
			lock.ptr, pid);
	gb_buf_dispose(&lock);
}

static int owner_acquire(owner_lock *o, git_repository *repo,
	const char *refname)
{
	char host[256] = "";
	gb_buf text = GB_BUF_INIT;
	int r;

	gb_buf_printf(&o->path, "%sbench-writer",
		git_repository_commondir(repo));
	if (!o->path.ptr ||
	    (o->fd = open(o->path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0)
		return 0; /* best effort: a read-only store fails in the move */
	while ((r = flock(o->fd, LOCK_EX)) < 0 && errno == EINTR)
		;
	if (r < 0) {
		close(o->fd);
		o->fd = -1;
		return 0;
	}
	take_over_dead(o, repo);
	gethostname(host, sizeof(host) - 1);
	gb_buf_printf(&text, "%ld %s %s\n", (long)getpid(), host, refname);
	if (ftruncate(o->fd, 0) < 0 || !text.ptr ||
	    pwrite(o->fd, text.ptr, text.size, 0) < 0)
		errno = 0; /* the move itself says what the system refused */
	gb_buf_dispose(&text);
	return 0;
}

static void owner_release(owner_lock *o)
{
	if (o->fd >= 0) {
		if (ftruncate(o->fd, 0) < 0)
			errno = 0;
		flock(o->fd, LOCK_UN);
		close(o->fd);
	}
	gb_buf_dispose(&o->path);
}

int gb_ref_set(git_repository *repo, const char *refname, const git_oid *to,
	const char *why)
{
	owner_lock owner = { -1, GB_BUF_INIT };
	git_reference *r = NULL;
	int error;

	owner_acquire(&owner, repo, refname);
	if (to) {
		error = git_reference_create(&r, repo, refname, to, 1, why);
	} else if ((error = git_reference_remove(repo, refname)) == GIT_ENOTFOUND) {
		git_error_clear();
		error = 0;
	}
	owner_release(&owner);
	git_reference_free(r);
	return error;
}

/* One try: 0 moved or nothing to do, 1 lost a race, < 0 error. */
static int cas_try(git_repository *repo, const char *refname,
	gb_ref_build_fn build, void *payload, const char *reflog_message,
	git_oid *tip)
{
	git_commit *old = NULL;
	git_reference *ref = NULL;
	git_oid new_tip, old_id;
	owner_lock owner = { -1, GB_BUF_INIT };
	int changed = 1, error;

	if ((error = gb_ref_peel_commit(&old, repo, refname)) < 0)
		return error;
	if (old)
		git_oid_cpy(&old_id, git_commit_id(old));
	error = build(&new_tip, &changed, old, payload);
	git_commit_free(old);
	if (error < 0)
		return error;
	if (!changed) {
		if (tip && old)
			git_oid_cpy(tip, &old_id);
		return 0;
	}
	/*
	 * A zero old id means "must not exist", checked under the lock;
	 * git_reference_create(force=0) checks before locking, so two first
	 * writers could both create the ref and one run would be lost.
	 */
	if (!old)
		memset(&old_id, 0, sizeof(old_id));
	owner_acquire(&owner, repo, refname);
	gb_error_git_clear();
	error = git_reference_create_matching(&ref, repo, refname, &new_tip, 1,
		&old_id, reflog_message);
	owner_release(&owner);
	git_reference_free(ref);
	if (error == 0 && tip)
		git_oid_cpy(tip, &new_tip);
	if (error == GIT_EMODIFIED || error == GIT_EEXISTS)
		return 1;
	if (error == GIT_ELOCKED)
		return 2;
	return error < 0 ? gb_error_git(error, "cannot update %s", refname) : 0;
}

int gb_ref_cas_update(git_repository *repo, const char *refname,
	gb_ref_build_fn build, void *payload, const char *reflog_message,
	git_oid *tip)
{
	double start = now_seconds();
	gb_buf lock = GB_BUF_INIT;
	unsigned attempt;
	int error = 0;

	for (attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
		if ((error = cas_try(repo, refname, build, payload,
			     reflog_message, tip)) <= 0)
			break;
		if (error == 2 && clear_stale_lock(&lock, repo, refname))
			continue;
		if (now_seconds() - start > CAS_DEADLINE_SECONDS)
			break;
		backoff(attempt);
	}
	if (error == 2)
		gb_error_set(GB_ECONFLICT,
			"cannot update %s: %s exists; another process is writing "
			"it, or died doing so (then remove the file)",
			refname, lock.ptr ? lock.ptr : "its lock file");
	else if (error > 0)
		gb_error_set(GB_ECONFLICT,
			"cannot update %s: other writers kept moving it", refname);
	gb_buf_dispose(&lock);
	return error > 0 ? GB_ECONFLICT : error;
}

int gb_signature(git_signature **out, git_repository *repo)
{
	const char *name = getenv("GIT_COMMITTER_NAME");
	const char *email = getenv("GIT_COMMITTER_EMAIL");

	if (name && email && *name && *email &&
	    git_signature_now(out, name, email) == 0)
		return 0;
	if (git_signature_default(out, repo) == 0)
		return 0;
	/* Like CI machines with no identity: results must still land. */
	if (git_signature_now(out, "git-bench", "git-bench@localhost") < 0)
		return gb_error_git(-1, "cannot make a commit signature");
	return 0;
}

int gb_commit_write(git_oid *out, git_repository *repo, const git_oid *tree,
	const char *message, git_commit *const *parents, size_t nparents)
{
	git_signature *sig = NULL;
	git_tree *t = NULL;
	git_odb *odb = NULL;
	git_buf buf = { NULL, 0, 0 };
	int error;

	if ((error = gb_signature(&sig, repo)) < 0)
		return error;
	if ((error = git_tree_lookup(&t, repo, tree)) < 0) {
		error = gb_error_git(error, "cannot read a tree just written");
		goto cleanup;
	}
	/*
	 * Built, then written: git_commit_create would also touch the tree's
	 * file (to keep it from a pruning gc), which the write of the tree
	 * did a moment ago: a write of the file's metadata to the disk.
	 */
	gb_error_git_clear();
	if ((error = git_commit_create_buffer(&buf, repo, sig, sig, NULL,
		     message, t, nparents, (const git_commit **)parents)) == 0 &&
	    (error = git_repository_odb(&odb, repo)) == 0)
		error = git_odb_write(out, odb, buf.ptr, buf.size,
			GIT_OBJECT_COMMIT);
	if (error < 0)
		error = gb_error_git(error, "cannot write a commit");
cleanup:
	git_odb_free(odb);
	git_buf_dispose(&buf);
	git_tree_free(t);
	git_signature_free(sig);
	return error;
}

int gb_tree_empty(git_tree **out, git_repository *repo)
{
	git_treebuilder *tb = NULL;
	git_oid id;
	int error;

	if ((error = git_treebuilder_new(&tb, repo, NULL)) == 0 &&
	    (error = git_treebuilder_write(&id, tb)) == 0)
		error = git_tree_lookup(out, repo, &id);
	git_treebuilder_free(tb);
	if (error < 0)
		return gb_error_git(error, "cannot write an empty tree");
	return 0;
}

int gb_tree_of_tip(git_tree **out, git_repository *repo, git_commit *tip,
	const char *ref)
{
	int error;

	if (!tip)
		return gb_tree_empty(out, repo);
	if ((error = git_commit_tree(out, tip)) < 0)
		return gb_error_git(error, "cannot read %s", ref);
	return 0;
}
