/*
 * compare: a CI gate on libgitbench. The results of a commit against its
 * baseline, as `git bench compare` makes the comparison, printed as a
 * table; exit non-zero on a regression.
 *
 *     usage: compare [<baseline> [<commit>]]
 *
 * <commit> defaults to HEAD; <baseline> to the merge-base of HEAD with its
 * upstream (or bench.baseline), and a baseline without results falls back
 * to its nearest measured first-parent ancestor. Thresholds and budgets
 * come from git config (bench.*).
 * Exit status: 0 no regression, 1 a benchmark breaks its budget, 2 error.
 *
 * Build against an installed libgitbench:
 *
 *     cc -o compare compare.c $(pkg-config --cflags --libs gitbench)
 */
#include <stdio.h>
#include <string.h>

#include <git2.h>
#include <gitbench.h>

/* Names come from results files and remotes: escape them. */
static void print_row(const gb_compare_row *r)
{
	gb_buf name = GB_BUF_INIT, base = GB_BUF_INIT, head = GB_BUF_INIT;

	gb_escape_text(&name, r->name);
	gb_units_format(&base, r->base, r->unit);
	gb_units_format(&head, r->head, r->unit);
	printf("%-28s%12s%12s %+8.2f%%  %s%s\n", name.ptr, base.ptr, head.ptr,
		r->change, gb_verdict_name(r->verdict),
		r->failed ? " (over budget)" : "");
	gb_buf_dispose(&name);
	gb_buf_dispose(&base);
	gb_buf_dispose(&head);
}

static void print_check(const gb_check *c)
{
	size_t i;

	printf("baseline %.7s (%s, %zu commit(s) back), machine %s\n",
		git_oid_tostr_s(&c->base.commit), c->base_how, c->base.distance,
		c->machine ? c->machine : "any");
	printf("%-28s%12s%12s %9s  %s\n", "benchmark", "baseline", "current",
		"change", "verdict");
	for (i = 0; i < c->result.nrows; i++)
		print_row(&c->result.rows[i]);
	printf("%zu benchmark(s) over budget\n", c->result.failures);
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	gb_store *store = NULL;
	gb_check c;
	int code = 2;

	memset(&c, 0, sizeof(c));
	if (argc > 3) {
		fprintf(stderr, "usage: compare [<baseline> [<commit>]]\n");
		return 2;
	}
	if (gb_init() < 0 || gb_repo_open(&repo, NULL) < 0 ||
	    gb_store_open(&store, repo, NULL) < 0 ||
	    gb_check_revision(&c, store, argc > 2 ? argv[2] : "HEAD",
		    argc > 1 ? argv[1] : NULL, NULL) < 0) {
		fprintf(stderr, "compare: %s\n", gb_error_last()->message);
		goto cleanup;
	}
	print_check(&c);
	code = c.result.failures ? 1 : 0;
cleanup:
	gb_check_dispose(&c);
	gb_store_free(store);
	git_repository_free(repo);
	gb_shutdown();
	return code;
}
