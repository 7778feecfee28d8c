/* Resolving baselines: a revision, or the merge-base with an upstream. */
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/baseline.h"
#include "gitbench/repo.h"
#include "gitbench/series.h"

void gb_baseline_dispose(gb_baseline *b)
{
	if (b)
		gb_runlist_dispose(&b->runs);
}

typedef struct {
	gb_baseline *out;
	gb_store *store;
	const char *machine;
} find_job;

/* Results of a measured commit on the machine: stop the walk when some. */
static int results_at(const gb_measured_commit *mc, void *payload)
{
	find_job *j = payload;
	int error = gb_store_read(&j->out->runs, j->store, mc->commit, NULL);

	if (error == GB_EDAMAGED) {
		/* Passed over, and the caller can say so. */
		j->out->skipped++;
		gb_error_clear();
		return 0;
	}
	if (error < 0)
		return error;
	gb_runlist_keep_machine(&j->out->runs, j->machine);
	if (!j->out->runs.count)
		return 0;
	git_oid_cpy(&j->out->commit, mc->commit);
	j->out->distance = mc->distance;
	return 1;
}

int gb_baseline_find(gb_baseline *out, gb_store *s, const git_oid *start,
	const char *machine, size_t max_distance)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	find_job j = { out, s, machine };
	git_commit *c = NULL;
	char hex[8];
	int error;

	memset(out, 0, sizeof(*out));
	git_oid_cpy(&out->requested, start);
	if ((error = git_commit_lookup(&c, gb_store_repository(s), start)) < 0)
		return gb_error_git(error, "cannot read the baseline commit");
	git_commit_free(c);
	wo.max_distance = max_distance;
	if ((error = gb_store_measured_foreach(s, start, &wo, results_at,
		     &j)) == 1)
		return 0;
	if (error == 0) {
		git_oid_tostr(hex, sizeof(hex), start);
		error = gb_error_set(GB_ENOTFOUND,
			"no results for %s or its first-parent ancestors%s%s",
			hex, machine ? " on machine " : "", machine ? machine : "");
	}
	gb_baseline_dispose(out);
	return error;
}

/* The upstream of the branch HEAD is on, as a commit id and a name. */
static int head_upstream(git_oid *out, gb_buf *name, git_repository *repo)
{
	git_reference *head = NULL, *up = NULL;
	int found = 0;

	if (git_repository_head(&head, repo) == 0 && git_reference_is_branch(head) &&
	    git_branch_upstream(&up, head) == 0 &&
	    git_reference_name_to_id(out, repo, git_reference_name(up)) == 0) {
		gb_buf_puts(name, git_reference_shorthand(up));
		found = 1;
	}
	git_reference_free(up);
	git_reference_free(head);
	return found;
}

int gb_baseline_default(git_oid *out, gb_buf *how, git_repository *repo,
	const git_oid *head, const char *configured)
{
	gb_buf name = GB_BUF_INIT;
	git_oid other;
	int error = 0;

	/* A setting someone wrote beats an upstream that happens to be there:
	 * on a pushed feature branch the upstream is the branch itself. */
	if (configured && *configured) {
		if (gb_repo_resolve_commit(&other, repo, configured) < 0) {
			error = gb_error_set(GB_ENOTFOUND, "bench.baseline: %s",
				gb_error_last()->message);
			goto cleanup;
		}
		gb_buf_puts(&name, configured);
	} else if (!head_upstream(&other, &name, repo)) {
		error = gb_error_set(GB_ENOTFOUND,
			"no baseline: HEAD has no upstream and bench.baseline is not "
			"set; name a revision (e.g. 'main') or set bench.baseline");
		goto cleanup;
	}
	if ((error = git_merge_base(out, repo, head, &other)) < 0) {
		error = gb_error_set(GB_ENOTFOUND,
			"no baseline: HEAD and %s have no common ancestor", name.ptr);
		goto cleanup;
	}
	gb_buf_printf(how, "merge-base of HEAD and %s", name.ptr);
cleanup:
	gb_buf_dispose(&name);
	return error;
}
