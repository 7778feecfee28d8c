/*
 * compare: a CI gate on libgitbench, the way the older tools' "programmatic
 * usage" went: load the results of a commit, resolve a baseline, compare,
 * print a table, and exit non-zero on a regression.
 *
 *     usage: compare [<baseline> [<commit>]]
 *
 * <commit> defaults to HEAD; <baseline> to the merge-base of HEAD with its
 * upstream (or bench.baseline), and a baseline without results falls back
 * to its nearest measured first-parent ancestor, as `git bench compare`
 * does. Thresholds and budgets come from git config (bench.*).
 * Exit status: 0 no regression, 1 a benchmark breaks its budget, 2 error.
 *
 * Build against an installed libgitbench:
 *
 *     cc -o compare compare.c $(pkg-config --cflags --libs gitbench)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <gitbench.h>

/* Measured commits along the baseline's first parents to learn noise from. */
#define HISTORY_COMMITS 20

typedef struct {
	git_repository *repo;
	gb_config *cfg;
	gb_store *store;
	gb_runlist current;
	gb_baseline base;
	gb_series_set history;
	gb_compare_options opts;
	gb_comparison result;
} gate;

static int fail(const char *what)
{
	fprintf(stderr, "compare: %s: %s\n", what, gb_error_last()->message);
	return 2;
}

/* The current side: every run recorded for `rev`, on its first run's machine. */
static int load_current(gate *s, git_oid *id, const char *rev)
{
	if (gb_repo_resolve_commit(id, s->repo, rev) < 0 ||
	    gb_store_read(&s->current, s->store, id, NULL) < 0)
		return fail(rev);
	if (!s->current.count || !s->current.runs[0]->machine) {
		fprintf(stderr, "compare: %s: no run with a machine key\n", rev);
		return 2;
	}
	gb_runlist_keep_machine(&s->current, s->current.runs[0]->machine);
	return 0;
}

/* The baseline side: `rev`, or the default, and its nearest results. */
static int load_baseline(gate *s, const git_oid *head, const char *rev)
{
	const char *machine = s->current.runs[0]->machine;
	gb_buf how = GB_BUF_INIT;
	git_oid start;
	int code = 0;

	if (rev ? gb_repo_resolve_commit(&start, s->repo, rev) < 0
		: gb_baseline_default(&start, &how, s->repo, head,
			  gb_config_get(s->cfg, "bench.baseline", NULL)) < 0)
		code = fail("baseline");
	else if (gb_baseline_find(&s->base, s->store, &start, machine,
			 GB_BASELINE_MAX_DISTANCE) < 0)
		code = fail("baseline");
	else
		printf("baseline %.7s (%s, %zu commit(s) back), machine %s\n",
			git_oid_tostr_s(&s->base.commit), rev ? rev : how.ptr,
			s->base.distance, machine);
	gb_buf_dispose(&how);
	return code;
}

static int compare(gate *s)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_compare_input in = { 0 };

	if (gb_compare_options_init(&s->opts, s->cfg) < 0 ||
	    gb_budgets_load(&s->opts.budgets, &s->opts.nbudgets, s->cfg) < 0)
		return fail("settings");
	/* Run-to-run noise learned from the baseline's history. */
	so.machine = s->current.runs[0]->machine;
	so.estimator = s->opts.estimator;
	so.max_commits = HISTORY_COMMITS;
	if (gb_series_collect(&s->history, s->store, &s->base.commit, &so) < 0)
		return fail("history");
	in.base = (const gb_run *const *)s->base.runs.runs;
	in.nbase = s->base.runs.count;
	in.head = (const gb_run *const *)s->current.runs;
	in.nhead = s->current.count;
	in.history = &s->history;
	if (gb_compare(&s->result, &in, &s->opts) < 0)
		return fail("compare");
	return 0;
}

/* Cells of UTF-8 text ("µs" is two bytes, one cell). */
static size_t cells(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* `text` padded to `width` cells, on the left when `right` aligned. */
static void cell(gb_buf *line, const char *text, size_t width, int right)
{
	size_t w = cells(text);

	if (!right)
		gb_buf_puts(line, text);
	for (; w < width; w++)
		gb_buf_putc(line, ' ');
	if (right)
		gb_buf_puts(line, text);
}

static void print_row(gb_buf *line, const gb_compare_row *r)
{
	gb_buf name = GB_BUF_INIT, base = GB_BUF_INIT, head = GB_BUF_INIT;

	/* Names come from results files and remotes: escape them. */
	gb_escape_text(&name, r->name);
	gb_units_format(&base, r->base, r->unit);
	gb_units_format(&head, r->head, r->unit);
	cell(line, name.ptr, 28, 0);
	cell(line, base.ptr, 12, 1);
	cell(line, head.ptr, 12, 1);
	gb_buf_printf(line, " %+8.2f%%  %s%s\n", r->change,
		gb_verdict_name(r->verdict), r->failed ? " (over budget)" : "");
	gb_buf_dispose(&name);
	gb_buf_dispose(&base);
	gb_buf_dispose(&head);
}

static void print_table(const gb_comparison *c)
{
	gb_buf table = GB_BUF_INIT;
	size_t i;

	gb_buf_printf(&table, "%-28s%12s%12s %9s  %s\n", "benchmark", "baseline",
		"current", "change", "verdict");
	for (i = 0; i < c->nrows; i++)
		print_row(&table, &c->rows[i]);
	gb_buf_printf(&table, "%zu benchmark(s) over budget\n", c->failures);
	fputs(table.ptr, stdout);
	gb_buf_dispose(&table);
}

int main(int argc, char **argv)
{
	gate s;
	git_oid head;
	int code = 2;

	memset(&s, 0, sizeof(s));
	if (argc > 3) {
		fprintf(stderr, "usage: compare [<baseline> [<commit>]]\n");
		return 2;
	}
	if (gb_init() < 0)
		return fail("init");
	if (gb_repo_open(&s.repo, NULL) < 0 ||
	    gb_config_open(&s.cfg, s.repo) < 0 ||
	    gb_store_open(&s.store, s.repo, NULL) < 0) {
		code = fail("repository");
		goto cleanup;
	}
	if ((code = load_current(&s, &head, argc > 2 ? argv[2] : "HEAD")) != 0 ||
	    (code = load_baseline(&s, &head, argc > 1 ? argv[1] : NULL)) != 0 ||
	    (code = compare(&s)) != 0)
		goto cleanup;
	print_table(&s.result);
	code = s.result.failures ? 1 : 0;
cleanup:
	gb_comparison_dispose(&s.result);
	gb_budgets_free(s.opts.budgets, s.opts.nbudgets);
	gb_series_set_dispose(&s.history);
	gb_baseline_dispose(&s.base);
	gb_runlist_dispose(&s.current);
	gb_store_free(s.store);
	gb_config_free(s.cfg);
	git_repository_free(s.repo);
	gb_shutdown();
	return code;
}
