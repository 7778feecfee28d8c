/* The comparison at the top of the report, made as compare makes it. */
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/report.h"

/* The current side: the newest measured commit, on the machine. */
static int summary_head(gb_check *c, const git_oid *newest)
{
	int error;

	if ((error = gb_check_head_commit(c, newest, "HEAD")) < 0 ||
	    (error = gb_check_machine(c)) < 0)
		return error;
	return c->head.count ? 0 : GB_ENOTFOUND;
}

/*
 * The baseline `git bench compare` would take (the merge-base with the
 * upstream, or bench.baseline), else, when there is none or it is the
 * newest commit itself, the measured commit before it.
 */
static int summary_base(gb_check *c)
{
	git_commit *head = NULL;
	git_oid start;
	int error;

	if (gb_check_base_rev(c, NULL) == 0 &&
	    !git_oid_equal(&c->base.commit, &c->head_commit))
		return 0;
	gb_error_clear();
	if (git_commit_lookup(&head, gb_store_repository(c->store),
		    &c->head_commit) < 0 || git_commit_parentcount(head) == 0) {
		git_commit_free(head);
		return GB_ENOTFOUND;
	}
	git_oid_cpy(&start, git_commit_parent_id(head, 0));
	git_commit_free(head);
	if ((error = gb_check_base(c, &start, "the measured commit before",
		     false)) == 0)
		c->base.distance++; /* counted from the newest commit */
	return error;
}

/*
 * The newest measured commit against `rev` (NULL: the default baseline,
 * and nothing when there is none), added to the report's comparisons.
 */
static int summarize(gb_report *r, gb_store *store,
	const gb_check_options *opts, const char *rev)
{
	gb_report_stats st;
	gb_report_summary s;
	gb_check c;
	int error;

	gb_report_get_stats(&st, r);
	if ((error = gb_check_init(&c, store, opts)) < 0)
		goto cleanup;
	if (!st.newest || (error = summary_head(&c, st.newest)) < 0 ||
	    (error = rev ? gb_check_base_rev(&c, rev) : summary_base(&c)) < 0) {
		/* A baseline the user named says why it cannot be one. */
		if (rev)
			goto cleanup;
		/* Nothing to compare with: the page goes without. */
		gb_error_clear();
		error = 0;
		goto cleanup;
	}
	if ((error = gb_check_compare(&c)) < 0)
		goto cleanup;
	memset(&s, 0, sizeof(s));
	s.comparison = &c.result;
	s.opts = &c.opts;
	git_oid_cpy(&s.base, &c.base.commit);
	git_oid_cpy(&s.head, &c.head_commit);
	s.base_how = c.base_how;
	s.base_distance = c.base.distance;
	s.machine = c.machine;
	error = rev ? gb_report_add_summary(r, &s) : gb_report_set_summary(r, &s);
cleanup:
	gb_check_dispose(&c);
	return error;
}

int gb_report_summarize(gb_report *r, gb_store *store,
	const gb_check_options *opts)
{
	return summarize(r, store, opts, NULL);
}

int gb_report_summarize_against(gb_report *r, gb_store *store,
	const gb_check_options *opts, const char *rev)
{
	return summarize(r, store, opts, rev);
}
