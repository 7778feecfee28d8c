/*
 * Revisions: git's names first, then the labels of recorded runs; and
 * the reasons a commit has no results (rewritten, or results on a remote
 * not fetched yet).
 */
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/baseline.h"
#include "gitbench/repo.h"
#include "gitbench/revision.h"
#include "gitbench/sync.h"
#include "store/store_int.h"

/* Commits a message names, at most. */
#define MAX_NAMED 4
/* Notes looked at for a rewritten commit, at most. */
#define MAX_REWRITE_CANDIDATES 100000

/* ---- labels ---------------------------------------------------------------- */

typedef struct {
	const char *label;
	git_oid *commits;      /* distinct, in the history's order */
	size_t n, alloc;
} label_scan;

static bool no_results(const char *name, size_t len, void *payload)
{
	GB_UNUSED(name);
	GB_UNUSED(len);
	GB_UNUSED(payload);
	return false;
}

static int scan_label(const gb_history_entry *e, void *payload)
{
	label_scan *l = payload;
	size_t i;

	if (!e->run || !e->run->label || strcmp(e->run->label, l->label))
		return 0;
	for (i = 0; i < l->n; i++)
		if (git_oid_equal(&l->commits[i], &e->run->commit))
			return 0;
	if (GB_ARRAY_GROW(l->commits, l->n, l->alloc) < 0)
		return GB_ERROR;
	git_oid_cpy(&l->commits[l->n++], &e->run->commit);
	return 0;
}

/* The ids of `ids`, at most MAX_NAMED: "1a2b3c4, 5d6e7f8 and 2 more". */
static void name_commits(gb_buf *out, git_repository *repo,
	const git_oid *ids, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < MAX_NAMED; i++) {
		if (i)
			gb_buf_puts(out, i + 1 == n ? " and " : ", ");
		gb_repo_short_id_buf(out, repo, &ids[i]);
	}
	if (n > MAX_NAMED)
		gb_buf_printf(out, " and %zu more", n - MAX_NAMED);
}

static int unknown(git_repository *repo, const char *rev)
{
	return gb_repo_unknown_revision(repo, rev,
		gb_repo_is_shallow(repo) ? GB_SHALLOW_HINT : NULL);
}

/* The one commit whose runs carry `label`. */
static int find_label(git_oid *out, gb_store *s, const char *label,
	const char *rev)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	git_repository *repo = gb_store_repository(s);
	label_scan l = { label, NULL, 0, 0 };
	gb_buf ids = GB_BUF_INIT;
	git_commit *c = NULL;
	int error;

	dopts.skip_samples = true;
	dopts.want = no_results;
	if ((error = gb_store_history_foreach(s, &dopts, scan_label, &l)) < 0)
		goto cleanup;
	name_commits(&ids, repo, l.commits, l.n);
	if (l.n == 0)
		error = unknown(repo, rev);
	else if (l.n > 1)
		error = gb_error_set(GB_EINVALID, "label '%s' is on %zu commits "
			"(%s): name one", label, l.n, ids.ptr);
	else if (git_commit_lookup(&c, repo, &l.commits[0]) < 0)
		error = gb_error_set(GB_ENOTFOUND, "label '%s' is on %s, which is "
			"not in this repository%s", label, ids.ptr,
			gb_repo_is_shallow(repo) ? "; " GB_SHALLOW_HINT : "");
	else
		git_oid_cpy(out, &l.commits[0]);
cleanup:
	git_commit_free(c);
	free(l.commits);
	gb_buf_dispose(&ids);
	return error;
}

int gb_revision_resolve(git_oid *out, gb_store *s, const char *rev)
{
	git_repository *repo = gb_store_repository(s);
	char hex[GIT_OID_HEXSZ + 1];
	gb_buf label = GB_BUF_INIT, expr = GB_BUF_INIT;
	size_t len;
	int error = gb_repo_resolve_commit(out, repo, rev);

	if (error != GB_ENOTFOUND || !rev || !*rev || rev[0] == '-')
		return error;
	/* "v0.1.0~2": the label, then git's own steps from its commit. */
	len = strcspn(rev, "~^");
	if (len == 0)
		return unknown(repo, rev);
	gb_buf_put(&label, rev, len);
	if ((error = find_label(out, s, label.ptr, rev)) == 0 && rev[len]) {
		git_oid_tostr(hex, sizeof(hex), out);
		gb_buf_printf(&expr, "%s%s", hex, rev + len);
		if ((error = gb_repo_resolve_commit(out, repo, expr.ptr)) < 0)
			error = unknown(repo, rev);
	}
	gb_buf_dispose(&label);
	gb_buf_dispose(&expr);
	return error;
}

/* ---- rewritten commits ------------------------------------------------------ */

typedef struct {
	git_repository *repo;
	const git_oid *target;
	size_t seen;
	git_oid found;
} rewrite_scan;

/* A measured commit: the one sought when it is the same change. */
static int match_rewrite(const git_oid *commit, const git_oid *blob,
	void *payload)
{
	rewrite_scan *r = payload;

	GB_UNUSED(blob);
	if (++r->seen > MAX_REWRITE_CANDIDATES)
		return 1;
	if (git_oid_equal(commit, r->target) ||
	    gb_repo_same_change(r->repo, commit, r->target) != 1)
		return 0;
	git_oid_cpy(&r->found, commit);
	return 2;
}

int gb_revision_find_rewritten(git_oid *out, gb_store *s,
	const git_oid *commit)
{
	rewrite_scan r;
	int error;

	memset(&r, 0, sizeof(r));
	r.repo = gb_store_repository(s);
	r.target = commit;
	error = gb_store_notes_foreach(s, match_rewrite, &r);
	if (error == 2) {
		git_oid_cpy(out, &r.found);
		return 0;
	}
	return error < 0 ? error : GB_ENOTFOUND;
}

/* ---- why there are no results ------------------------------------------------ */

/* Whether the note tree of `ref` (a remote's notes as fetched) has one. */
static bool remote_note(gb_store *s, const char *ref, const git_oid *commit)
{
	git_repository *repo = gb_store_repository(s);
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	gb_buf path = GB_BUF_INIT;
	git_oid blob;
	bool found = false;

	if (gb_ref_peel_commit(&tip, repo, ref) == 0 && tip &&
	    git_commit_tree(&tree, tip) == 0)
		found = gb_notes_find(&path, &blob, repo, tree, commit) == 1;
	gb_error_clear();
	git_tree_free(tree);
	git_commit_free(tip);
	gb_buf_dispose(&path);
	return found;
}

/* Results the remote may have: as last fetched, or never fetched. */
static int remote_why(gb_buf *out, gb_store *s, const git_oid *commit)
{
	git_repository *repo = gb_store_repository(s);
	const char *preferred = gb_config_get(gb_store_config(s),
		"bench.remote", NULL);
	gb_buf remote = GB_BUF_INIT, notes = GB_BUF_INIT, history = GB_BUF_INIT;
	git_oid tip;

	if (gb_baseline_remote_of(&remote, repo, NULL, preferred) != 1 ||
	    gb_sync_tracking_ref(&notes, remote.ptr, "notes") < 0 ||
	    gb_sync_tracking_ref(&history, remote.ptr, "history") < 0)
		goto done;
	if (git_reference_name_to_id(&tip, repo, history.ptr) == 0) {
		if (remote_note(s, notes.ptr, commit))
			gb_buf_printf(out, "%s has results for it: git bench pull",
				remote.ptr);
	} else if (git_reference_name_to_id(&tip, repo,
			   gb_store_history_ref(s)) < 0) {
		gb_buf_printf(out, "nothing is recorded in this clone: "
			"git bench pull fetches %s's results", remote.ptr);
	} else {
		gb_buf_printf(out, "results of %s were never fetched here: "
			"git bench pull", remote.ptr);
	}
done:
	git_error_clear();
	gb_error_clear();
	gb_buf_dispose(&remote);
	gb_buf_dispose(&notes);
	gb_buf_dispose(&history);
	return 0;
}

int gb_revision_why_unmeasured(gb_buf *out, gb_store *s,
	const git_oid *commit)
{
	git_oid other;

	if (gb_revision_find_rewritten(&other, s, commit) == 0) {
		gb_buf_puts(out, "its patch matches ");
		gb_repo_short_id_buf(out, gb_store_repository(s), &other);
		return gb_buf_puts(out, ", measured (amended or rebased?)");
	}
	gb_error_clear();
	return remote_why(out, s, commit);
}

int gb_revision_unmeasured(gb_store *s, const git_oid *commit, char **why)
{
	gb_buf reason = GB_BUF_INIT;
	char hex[8];

	if (why)
		*why = NULL;
	git_oid_tostr(hex, sizeof(hex), commit);
	if (gb_revision_why_unmeasured(&reason, s, commit) < 0 || !reason.size) {
		gb_buf_dispose(&reason);
		return gb_error_set(GB_ENOTFOUND, "no results recorded for %s", hex);
	}
	gb_error_set(GB_ENOTFOUND, "no results for %s; %s", hex, reason.ptr);
	if (why)
		*why = gb_buf_detach(&reason);
	gb_buf_dispose(&reason);
	return GB_ENOTFOUND;
}

size_t gb_revision_count_absent(gb_store *s, const gb_sync_runs *runs)
{
	size_t i, n = 0;

	for (i = 0; i < runs->count; i++)
		if (!git_oid_is_zero(&runs->runs[i].commit) &&
		    !gb_store_commit_present(s, &runs->runs[i].commit))
			n++;
	return n;
}

int gb_revision_history_cut(gb_buf *out, gb_store *s)
{
	git_oid at;
	char hex[8];

	if (!gb_store_history_cut(&at, s))
		return 0;
	if (gb_repo_is_shallow(gb_store_repository(s)))
		gb_buf_puts(out, GB_SHALLOW_HINT);
	else {
		git_oid_tostr(hex, sizeof(hex), &at);
		gb_buf_printf(out, "history stops at %s, missing from this clone "
			"(git fsck)", hex);
	}
	return 1;
}
