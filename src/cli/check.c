/* A check of the library, opened, explained and shown for the commands. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "messages.h"
#include "settings.h"
#include "terminal.h"

int cli_check_open(gb_check *c, cli_repo *r, const gb_check_options *opts)
{
	int code;

	memset(c, 0, sizeof(*c));
	if ((code = cli_repo_open(r)) != 0)
		return code;
	cli_config_warn_unknown(r->config);
	if (gb_check_init(c, r->store, opts) < 0)
		return cli_error_last();
	return 0;
}

void cli_check_close(gb_check *c, cli_repo *r)
{
	gb_check_dispose(c);
	cli_repo_close(r);
}

int cli_check_head(gb_check *c, cli_repo *r, const char *rev)
{
	git_oid id;

	if (gb_revision_resolve(&id, r->store, rev) < 0)
		return cli_error_last();
	if (gb_check_head_commit(c, &id, rev) == 0)
		return 0;
	/* The reason says what to do; else, the usual ways to results. */
	if (gb_error_last()->code != GB_ENOTFOUND || c->head_why)
		return cli_error_last();
	return cli_error("%s; run the benchmarks and 'git bench record', "
			 "or compare the work tree's results with --working",
		gb_error_last()->message);
}

int cli_check_base(gb_check *c, const char *rev, bool quiet)
{
	bool unmeasured;

	if (gb_check_base_rev(c, rev) == 0) {
		if (c->base.skipped)
			cli_warning("passed over %zu commit%s with damaged results "
				    "looking for the baseline", c->base.skipped,
				c->base.skipped == 1 ? "" : "s");
		return 0;
	}
	/*
	 * The revision is known and has no results on this machine. Not so
	 * in a shallow clone whose edge stopped the search: results may be
	 * past it, and a regression must not pass as nothing to compare.
	 */
	unmeasured = c->base_how && gb_error_last()->code == GB_ENOTFOUND &&
		     !c->base.past_edge;
	if (!quiet)
		cli_error_last();
	return unmeasured ? EXIT_NOTHING_TO_COMPARE : EXIT_USAGE;
}

void cli_check_say_self(const gb_check *c, const char *prefix)
{
	gb_buf id = GB_BUF_INIT;

	gb_repo_short_id_buf(&id, gb_store_repository(c->store), &c->head_commit);
	fprintf(stderr, "%s%s is its own baseline (%s): nothing to compare\n",
		prefix, id.ptr, c->base_how);
	gb_buf_dispose(&id);
}

int cli_check_compare(gb_check *c, const char *base_rev)
{
	int code;

	if (gb_check_machine(c) < 0)
		return cli_error_last();
	if ((code = cli_check_base(c, base_rev, false)) != 0)
		return code;
	if (gb_check_compare(c) < 0)
		return cli_error_last();
	return 0;
}

int cli_check_against(gb_check *c, const char *base_rev)
{
	int code;

	if ((code = cli_check_compare(c, base_rev)) != 0)
		return code;
	cli_check_warn_budgets(c);
	return 0;
}

void cli_check_warn_budgets(const gb_check *c)
{
	size_t i;

	for (i = 0; i < c->nbudgets; i++) {
		gb_buf near = GB_BUF_INIT;

		if (gb_names_match_budget(&c->names, c->budgets[i].pattern) == 0)
			continue;
		gb_names_suggest(&near, &c->names, c->budgets[i].pattern, 2);
		cli_warning("budget bench.%s.* matches no benchmark compared%s%s%s",
			c->budgets[i].pattern, near.size ? "; did you mean " : "",
			near.size ? near.ptr : "", near.size ? "?" : "");
		gb_buf_dispose(&near);
	}
	gb_error_clear();
}

void cli_check_failed(const gb_check *c)
{
	const gb_comparison *r = &c->result;
	size_t uncertain = gb_comparison_failures(r, &c->opts) - r->failures;

	/* After the table it speaks of, where both go to one file (CI logs,
	 * a hook's output, which git sends to standard error). */
	fflush(stdout);
	size_t i, one_run = 0;

	for (i = 0; i < r->nrows; i++)
		one_run += r->rows[i].failed &&
			   gb_compare_row_on_samples_alone(&r->rows[i]);
	if (r->failures)
		fprintf(stderr, "check failed: %zu benchmark%s over budget\n",
			r->failures, r->failures == 1 ? "" : "s");
	/* A regression of one run a side, nothing stored: the noise between
	 * runs is not known, and more runs of both sides tell. */
	if (one_run)
		cli_hint("one run a side: git bench run --repeat 3 tells %s "
			"from run-to-run noise", one_run == 1 ? "it" : "them");
	if (uncertain) {
		gb_buf more = GB_BUF_INIT;

		fprintf(stderr, "check failed: %zu benchmark%s uncertain "
				"(bench.onUncertain=%s)\n", uncertain,
			uncertain == 1 ? "" : "s",
			gb_on_uncertain_name(c->opts.on_uncertain));
		if (gb_output_more_runs(&more, c) == 0 && more.size)
			cli_hint("more runs settle them: %s", more.ptr);
		gb_buf_dispose(&more);
	}
}

/*
 * The text table of `c` without what is said around it (the sides, the
 * evidence): its rows, and the line that counts them.
 */
static int print_rows(const gb_check *c, const gb_config *cfg)
{
	gb_output_options o;
	gb_buf out = GB_BUF_INIT, rows = GB_BUF_INIT;
	const char *table, *end, *counts;
	int code = 0;

	cli_output_options(&o, GB_OUTPUT_TEXT, cfg);
	if (gb_output_compare(&out, c, &o) < 0) {
		code = cli_error_last();
		goto done;
	}
	/* The sides, a blank line, the table, a blank line, the counts. */
	table = strstr(out.ptr, "\n\n");
	table = table ? table + 2 : out.ptr;
	end = strstr(table, "\n\n");
	counts = end ? end + 2 : table + strlen(table);
	gb_buf_put(&rows, table, end ? (size_t)(end - table) + 1 : strlen(table));
	gb_buf_put(&rows, counts, strcspn(counts, "\n"));
	gb_buf_putc(&rows, '\n');
	cli_write(&rows);
done:
	gb_buf_dispose(&out);
	gb_buf_dispose(&rows);
	return code;
}

int cli_check_print_failing(const gb_check *c, gb_output_format format,
	const gb_config *cfg)
{
	const gb_comparison *all = &c->result;
	gb_compare_row *rows;
	gb_check failing;
	size_t i, n = 0;
	int code;

	if (!(rows = calloc(all->nrows ? all->nrows : 1, sizeof(*rows))))
		return cli_error("out of memory");
	/* A view of the same check, its rows those that fail (borrowed). */
	failing = *c;
	memset(failing.result.count, 0, sizeof(failing.result.count));
	memset(failing.result.evidence_count, 0,
		sizeof(failing.result.evidence_count));
	for (i = 0; i < all->nrows; i++) {
		const gb_compare_row *r = &all->rows[i];

		if (!gb_compare_row_fails(r, &c->opts))
			continue;
		rows[n++] = *r;
		failing.result.count[r->verdict]++;
		failing.result.evidence_count[r->evidence]++;
	}
	failing.result.rows = rows;
	failing.result.nrows = n;
	/* Of every row: it says nothing of these alone. */
	failing.result.geomean = NAN;
	code = format == GB_OUTPUT_TEXT ? print_rows(&failing, cfg)
		: cli_check_print(&failing, format, cfg);
	free(rows);
	return code;
}

int cli_check_print(const gb_check *c, gb_output_format format,
	const gb_config *cfg)
{
	gb_output_options o;
	gb_buf out = GB_BUF_INIT;
	int code = 0;

	cli_output_options(&o, format, cfg);
	if (gb_output_compare(&out, c, &o) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	return code;
}
