#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "refs.h"

#define CAS_ATTEMPTS 200

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
	git_reference_free(ref);
	if (error < 0)
		return gb_error_git(error, "%s does not point to a commit",
			refname);
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

static int is_race(int error)
{
	return error == GIT_EMODIFIED || error == GIT_ELOCKED ||
	       error == GIT_EEXISTS;
}

int gb_ref_cas_update(git_repository *repo, const char *refname,
	gb_ref_build_fn build, void *payload, const char *reflog_message)
{
	unsigned attempt;
	int error = 0;

	for (attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
		git_commit *old = NULL;
		git_reference *ref = NULL;
		git_oid new_tip, old_id;
		int changed = 1;

		if ((error = gb_ref_peel_commit(&old, repo, refname)) < 0)
			return error;
		if (old)
			git_oid_cpy(&old_id, git_commit_id(old));
		error = build(&new_tip, &changed, old, payload);
		git_commit_free(old);
		if (error < 0 || !changed)
			return error;
		if (old)
			error = git_reference_create_matching(&ref, repo,
				refname, &new_tip, 1, &old_id, reflog_message);
		else
			error = git_reference_create(&ref, repo, refname,
				&new_tip, 0, reflog_message);
		git_reference_free(ref);
		if (error == 0)
			return 0;
		if (!is_race(error))
			return gb_error_git(error, "cannot update %s", refname);
		backoff(attempt);
	}
	return gb_error_set(GB_ECONFLICT,
		"cannot update %s: other writers kept moving it (%d attempts)",
		refname, CAS_ATTEMPTS);
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
	int error;

	if ((error = gb_signature(&sig, repo)) < 0)
		return error;
	if ((error = git_tree_lookup(&t, repo, tree)) < 0) {
		error = gb_error_git(error, "cannot read a tree just written");
		goto cleanup;
	}
	error = git_commit_create(out, repo, NULL, sig, sig, NULL, message, t,
		nparents, (const git_commit **)parents);
	if (error < 0)
		error = gb_error_git(error, "cannot write a commit");
cleanup:
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
