/*
 * What compare, check, run, report and the pre-push hook share: a check
 * of the library opened with the settings, and shown or explained.
 */
#ifndef GB_CLI_CHECK_H
#define GB_CLI_CHECK_H

#include <gitbench.h>
#include "repo.h"

/*
 * Open the repository and start a check with its settings under `opts`;
 * settings git bench does not know are warned about first (a misspelt
 * threshold would leave the gate at its default). 0 or an exit code.
 */
int cli_check_open(gb_check *c, cli_repo *r, const gb_check_options *opts);
void cli_check_close(gb_check *c, cli_repo *r);
/* The current side: the runs recorded for `rev`, with a hint if none. */
int cli_check_head(gb_check *c, cli_repo *r, const char *rev);
/*
 * The baseline: `rev`, or the default. An error, said unless `quiet`:
 * exit 3 when the revision has no results (nothing to compare), else 2.
 */
int cli_check_base(gb_check *c, const char *rev, bool quiet);
/*
 * Once the current side is known: the machine, the baseline (`rev`, or the
 * default) and the verdicts.
 */
int cli_check_against(gb_check *c, const char *base_rev);
/* The same without the warnings about budgets, for one of several. */
int cli_check_compare(gb_check *c, const char *base_rev);
/*
 * compare with several revisions (two or more): the current one (`current`,
 * NULL: the last) against each of the others as `compare BASE CURRENT`
 * judges it, shown in one table; `fail`: exit 1 when it fails against any.
 * 0 or an exit code.
 */
int cli_compare_baselines(const char *const *revs, size_t nrevs,
	const char *current, bool stepwise, bool fail,
	const gb_check_options *opts, gb_output_format format);
/* "<prefix>1a2b3c4 is its own baseline (how): nothing to compare". */
void cli_check_say_self(const gb_check *c, const char *prefix);
/* Warn about each budget (bench.<pattern>.*) that matched no benchmark. */
void cli_check_warn_budgets(const gb_check *c);
/* On standard error: why a check failed (over budget, uncertain). */
void cli_check_failed(const gb_check *c);
/* The comparison on standard output, in `format`. */
int cli_check_print(const gb_check *c, gb_output_format format,
	const gb_config *cfg);
/*
 * The same with only the rows that fail the check (check --quiet): what
 * breaks a budget, and the counts of those rows.
 */
int cli_check_print_failing(const gb_check *c, gb_output_format format,
	const gb_config *cfg);

#endif
