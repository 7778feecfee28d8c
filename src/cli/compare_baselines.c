/* git bench compare with several revisions: one table of baselines. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "messages.h"
#include "terminal.h"

/* The current side `head` against `base`, as compare makes the pair. */
static int against(gb_check *c, cli_repo *r, const char *head,
	const char *base)
{
	int code;

	if ((code = cli_check_head(c, r, head)) != 0 ||
	    (code = cli_check_compare(c, base)) != 0)
		return code;
	if (c->base_self)
		cli_check_say_self(c, "warning: ");
	return 0;
}

static int show(const gb_check *checks, size_t n, size_t current,
	bool stepwise, gb_output_format format, const gb_config *cfg)
{
	gb_output_options o;
	gb_buf out = GB_BUF_INIT;
	int code = 0;

	cli_output_options(&o, format, cfg);
	if (gb_output_baselines(&out, checks, n, current, stepwise, &o) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	return code;
}

static bool any_fails(const gb_check *checks, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (gb_comparison_failures(&checks[i].result, &checks[i].opts))
			return true;
	return false;
}

int cli_compare_baselines(const char *const *revs, size_t nrevs,
	const char *current, bool stepwise, bool fail,
	const gb_check_options *opts, gb_output_format format)
{
	size_t cur = nrevs - 1, i, n = 0;
	gb_check *checks;
	cli_repo r;
	int code;

	if (nrevs < 2)
		return cli_error("--current and --stepwise need two revisions "
				 "or more");
	for (i = 0; current && i < nrevs && strcmp(revs[i], current); i++)
		;
	if (current && i == nrevs)
		return cli_error("--current '%s' is not one of the revisions "
				 "compared", current);
	cur = current ? i : cur;
	if (!(checks = calloc(nrevs - 1, sizeof(*checks))))
		return cli_error("out of memory");
	code = cli_check_open(&checks[0], &r, opts);
	for (i = 0; i < nrevs && !code; i++) {
		if (i == cur)
			continue;
		if (n && gb_check_init(&checks[n], r.store, opts) < 0)
			code = cli_error_last();
		else
			code = against(&checks[n], &r, revs[cur], revs[i]);
		n++;
	}
	if (!code) {
		cli_check_warn_budgets(&checks[n - 1]);
		code = show(checks, n, cur, stepwise, format, r.config);
	}
	if (!code && fail && any_fails(checks, n))
		code = EXIT_CHECK_FAILED;
	/* Revisions named without results are bad input, as for compare. */
	if (code == EXIT_NOTHING_TO_COMPARE)
		code = EXIT_USAGE;
	for (i = 1; i < nrevs - 1; i++)
		gb_check_dispose(&checks[i]);
	cli_check_close(&checks[0], &r);
	free(checks);
	return code;
}
