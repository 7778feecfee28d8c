/*
 * A push judged as the pre-push hook judges it: each branch pushed, its
 * commit's results against what the remote has, with the verdicts and
 * budgets of `git bench check`.
 */
#include <stdio.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/check.h"
#include "gitbench/repo.h"

int gb_check_push_parse(gb_check_push_update *out, const char *line)
{
	char lo[64], ro[64];

	if (sscanf(line, "%1023s %63s %1023s %63s", out->local_ref, lo,
		    out->remote_ref, ro) != 4 ||
	    git_oid_fromstr(&out->local, lo) < 0 ||
	    git_oid_fromstr(&out->remote, ro) < 0)
		return gb_error_set(GB_EINVALID, "cannot read git's line '%s'",
			line);
	return 0;
}

const char *gb_check_push_branch(const char *ref)
{
	return strncmp(ref, "refs/heads/", 11) ? ref : ref + 11;
}

const char *gb_check_push_name(const gb_check_push_update *u)
{
	return strncmp(u->local_ref, "refs/heads/", 11)
		       ? gb_check_push_branch(u->remote_ref)
		       : gb_check_push_branch(u->local_ref);
}

/* At most this many remote-tracking branches are searched for a tag's
 * commit: past them, it is judged as if the remote lacked it. */
#define TAG_MAX_BRANCHES 256

/* Whether a remote-tracking branch of `remote` holds `id`. */
static bool on_remote(git_repository *repo, const git_oid *id,
	const char *remote)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	gb_buf glob = GB_BUF_INIT;
	size_t seen = 0;
	bool found = false;

	gb_buf_printf(&glob, "refs/remotes/%s/*", remote);
	if (!glob.ptr ||
	    git_reference_iterator_glob_new(&it, repo, glob.ptr) < 0) {
		gb_buf_dispose(&glob);
		git_error_clear();
		return false;
	}
	while (!found && seen < TAG_MAX_BRANCHES &&
	       git_reference_next(&ref, it) == 0) {
		const git_oid *tip = git_reference_type(ref) == GIT_REFERENCE_DIRECT
					     ? git_reference_target(ref) : NULL;

		if (tip) {
			seen++;
			found = git_oid_equal(tip, id) ||
				git_graph_descendant_of(repo, tip, id) == 1;
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	gb_buf_dispose(&glob);
	git_error_clear();
	return found;
}

int gb_check_push_tag(gb_check_push_update *out, gb_store *store,
	const gb_check_push_update *u, const char *remote)
{
	git_repository *repo = gb_store_repository(store);
	git_object *obj = NULL, *commit = NULL;
	int error;

	if (git_oid_is_zero(&u->local))
		return 0;
	if ((error = git_object_lookup(&obj, repo, &u->local,
		     GIT_OBJECT_ANY)) < 0)
		return gb_error_git(error, "the pushed object %.12s",
			git_oid_tostr_s(&u->local));
	error = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (error < 0) {
		/* A tag of a tree or a blob: no code that was measured. */
		git_error_clear();
		return 0;
	}
	memcpy(out, u, sizeof(*out));
	git_oid_cpy(&out->local, git_object_id(commit));
	git_object_free(commit);
	if (remote && on_remote(repo, &out->local, remote))
		return 0;
	/* The tag's old commit on the remote is no baseline: as new. */
	memset(&out->remote, 0, sizeof(out->remote));
	return 1;
}

/*
 * Whether an update can bring measured code: a commit sent to any ref but
 * notes and git-bench's own (tags: gb_check_push_tag decides). git names the local side as it was
 * typed (HEAD, an object id, refs/heads/topic), so the remote ref
 * decides: `git push origin HEAD` updates a branch as surely as
 * `git push origin main` does, and must be judged as surely.
 */
static int pushes_code(bool *yes, gb_store *store, const gb_check_push_update *u)
{
	static const char *const not_code[] = { "refs/notes/", "refs/bench" };
	git_object *obj = NULL;
	size_t i;
	int error;

	*yes = false;
	if (git_oid_is_zero(&u->local) ||
	    !strcmp(u->remote_ref, gb_store_history_ref(store)) ||
	    !strcmp(u->remote_ref, gb_store_notes_ref(store)))
		return 0;
	for (i = 0; i < GB_ARRAY_SIZE(not_code); i++)
		if (!strncmp(u->remote_ref, not_code[i], strlen(not_code[i])))
			return 0;
	gb_error_git_clear();
	if ((error = git_object_lookup(&obj, gb_store_repository(store),
		     &u->local, GIT_OBJECT_ANY)) < 0)
		return gb_error_git(error, "the pushed object %.12s",
			git_oid_tostr_s(&u->local));
	*yes = git_object_type(obj) == GIT_OBJECT_COMMIT;
	git_object_free(obj);
	return 0;
}

/*
 * A branch the remote does not have here: the merge-base with
 * bench.baseline, else with the remote's default branch or the one the
 * branch forked from, else the default baseline.
 */
static int new_branch_base(gb_check *c, const gb_check_push_update *u,
	const char *remote)
{
	git_repository *repo = gb_store_repository(c->store);
	const char *configured = gb_config_get(gb_store_config(c->store),
		"bench.baseline", NULL);
	const char *branch = gb_check_push_branch(u->remote_ref);
	gb_buf name = GB_BUF_INIT, why = GB_BUF_INIT, how = GB_BUF_INIT;
	git_oid tip, start;
	int error;

	if ((configured && *configured) || !remote ||
	    gb_baseline_remote_branch(&tip, &name, repo, &u->local, remote,
		    branch) < 0) {
		gb_error_clear();
		return gb_check_base_rev(c, NULL);
	}
	if (git_oid_is_zero(&u->remote))
		gb_buf_printf(&why, "new on %s", remote);
	else
		gb_buf_printf(&why, "its tip on %s is not here", remote);
	if ((error = gb_baseline_merge_base(&start, repo, &u->local, c->head_how,
		     &tip, name.ptr)) == 0) {
		gb_buf_printf(&how, "merge-base of %s and %s: %s", c->head_how,
			name.ptr, why.ptr);
		error = gb_check_base(c, &start, how.ptr, false);
	}
	gb_buf_dispose(&name);
	gb_buf_dispose(&why);
	gb_buf_dispose(&how);
	return error;
}

/*
 * Where to compare from: the remote's commit when this repository has it
 * ("origin/main"), else the base of a new branch. 0 when found,
 * GB_ENOTFOUND when there is nothing to compare with.
 */
static int push_base(gb_check *c, const gb_check_push_update *u,
	const char *remote)
{
	git_repository *repo = gb_store_repository(c->store);
	git_commit *theirs = NULL;
	gb_buf how = GB_BUF_INIT;
	int error;

	if (!git_oid_is_zero(&u->remote) &&
	    git_commit_lookup(&theirs, repo, &u->remote) == 0) {
		gb_buf_printf(&how, "%s/%s", remote ? remote : "remote",
			gb_check_push_branch(u->remote_ref));
		error = gb_check_base(c, &u->remote, how.ptr, true);
	} else {
		error = new_branch_base(c, u, remote);
	}
	git_commit_free(theirs);
	gb_buf_dispose(&how);
	return error;
}

int gb_check_push(gb_check_push_verdict *out, gb_check *c, gb_store *store,
	const gb_check_push_update *u, const char *remote)
{
	gb_check_push_update tag;
	bool code;
	int has, error;

	*out = GB_CHECK_PUSH_SKIPPED;
	if ((error = gb_check_init(c, store, NULL)) < 0)
		return error;
	if (!strncmp(u->remote_ref, "refs/tags/", 10)) {
		if ((error = gb_check_push_tag(&tag, store, u, remote)) <= 0)
			return error;
		u = &tag;
	}
	/* Deletions and notes change no code that was measured. */
	if ((error = pushes_code(&code, store, u)) < 0 || !code)
		return error;
	if ((has = gb_store_has(store, &u->local)) <= 0) {
		*out = GB_CHECK_PUSH_UNMEASURED;
		return has;
	}
	if ((error = gb_check_head_commit(c, &u->local,
		     gb_check_push_name(u))) < 0 ||
	    (error = gb_check_machine(c)) < 0)
		return error;
	/* A push with nothing measured before it is not an error. */
	if ((error = push_base(c, u, remote)) == GB_ENOTFOUND || c->base_self) {
		if (!(c->uncompared = gb_strdup(error < 0 ? gb_error_last()->message
			      : "the baseline is the pushed commit itself")))
			return GB_ERROR;
		gb_error_clear();
		*out = GB_CHECK_PUSH_UNCOMPARED;
		return 0;
	}
	if (error < 0 || (error = gb_check_compare(c)) < 0)
		return error;
	/*
	 * bench.onUncertain=confirm: nothing here can measure the pushed
	 * commit again, so UNCERTAIN refuses as fail does.
	 */
	*out = gb_comparison_failures(&c->result, &c->opts)
		? GB_CHECK_PUSH_FAILED : GB_CHECK_PUSH_PASSED;
	return 0;
}
