/* git bench compare / check: results against a baseline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "terminal.h"

/* Flags shared by compare and check, applied over the settings. */
struct cmp_flags {
	const char *pattern, *format, *baseline;
	struct cli_verdict_flags verdict;
	int any_machine;
	const char *measure;
};

#define CMP_FLAGS_INIT { NULL, NULL, NULL, CLI_VERDICT_FLAGS_INIT, 0, NULL }
#define CMP_FLAGS(f)                                                          \
	CLI_BENCH_FLAG((f).pattern),                                          \
	CLI_MEASURE_FLAG((f).measure),                                        \
	CLI_VERDICT_FLAGS((f).verdict),                                       \
	OPT_BOOL(0, "any-machine", &(f).any_machine,                         \
		"compare with results of other machines too"),               \
	OPT_STRING(0, "format", &(f).format, "<format>",                     \
		cli_format_help(GB_OUTPUT_COMPARE))

/* The check's options from the flags, and the format; 0 or exit code. */
static int apply_flags(gb_check_options *o, gb_output_format *format,
	const struct cmp_flags *f)
{
	int code;

	if ((code = cli_output_format(format, GB_OUTPUT_COMPARE, f->format)) != 0 ||
	    (code = cli_verdict_flags_apply(o, &f->verdict)) != 0)
		return code;
	o->pattern = f->pattern;
	o->measure = f->measure;
	o->any_machine = f->any_machine;
	return 0;
}

/* The current side: results on disk, measured on the work tree. */
static int head_working(gb_check *c, cli_repo *r, const char *path)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	gb_buf where = GB_BUF_INIT;
	gb_run *run = NULL;
	git_oid head;
	int code = 0;

	if (gb_adapter_config_format(&o.format, r->config) < 0)
		return cli_error_last();
	o.config = r->config;
	if (!path && gb_adapter_results_path(&where, NULL, r->config,
			     git_repository_workdir(r->repo)) == 0)
		path = where.ptr;
	if (!path || gb_repo_resolve_commit(&head, r->repo, "HEAD") < 0 ||
	    gb_adapter_read_run(&run, path, &head, &o) < 0)
		code = cli_error_last();
	else if (gb_runlist_add(&runs, run) < 0) {
		gb_run_free(run);
		code = cli_error_last();
	} else if (gb_check_head_runs(c, &runs, path, true) < 0)
		code = cli_error_last();
	gb_runlist_dispose(&runs);
	gb_buf_dispose(&where);
	return code;
}

static const char *const compare_usage[] = {
	"git bench compare [<options>] [<baseline> [<commit>]]",
	"git bench compare [<options>] [--current <rev>] [--stepwise] <rev> <rev>...",
	"git bench compare [<options>] --working [<path>] [--baseline <rev>]",
	"git bench compare --machines[=<key>,...] [<options>] [<commit>]",
	NULL,
};

int cmd_compare(int argc, const char **argv)
{
	struct cmp_flags f = CMP_FLAGS_INIT;
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	gb_output_format format;
	int working = 0, fail = 0, stepwise = 0, code;
	const char *current = NULL, *machines = NULL;
	const struct cli_option opts[] = {
		CMP_FLAGS(f),
		OPT_BOOL(0, "fail-on-regression", &fail,
			"exit 1 when a benchmark breaks its budget"),
		OPT_BOOL(0, "working", &working,
			"compare results on disk that were not recorded"),
		OPT_STRING(0, "baseline", &f.baseline, "<rev>",
			"with --working: the baseline revision"),
		OPT_STRING(0, "current", &current, "<rev>",
			"with several revisions: the current one (default: the last)"),
		OPT_BOOL(0, "stepwise", &stepwise,
			"with several revisions: changes against the one before"),
		OPT_STRING(0, "machines", &machines, "<key>,...",
			"one commit on each machine (a bare --machines: every one)"),
		OPT_END(),
	};
	const char *base_rev, *head_rev = "HEAD";
	cli_repo r;
	gb_check c;

	if (cli_compare_wants_machines(argc, argv))
		return cli_compare_machines(argc, argv);
	argc = cli_parse_options(argc, argv, opts, compare_usage, 0);
	if (working && (current || stepwise))
		return cli_usage_error(compare_usage, opts,
			"--current and --stepwise name revisions, not --working");
	/* Several revisions: one table of baselines (compare_baselines.c). */
	if (!working && (argc > 2 || current || stepwise))
		return (code = apply_flags(&co, &format, &f)) != 0 ? code :
			cli_compare_baselines(argv, (size_t)argc, current,
				stepwise, fail, &co, format);
	if (argc > 2 || (working && argc > 1))
		return cli_usage_error(compare_usage, opts, "too many arguments");
	if ((code = apply_flags(&co, &format, &f)) != 0)
		return code;
	base_rev = working ? f.baseline : argc > 0 ? argv[0] : f.baseline;
	if (!working && argc > 1)
		head_rev = argv[1];
	if ((code = cli_check_open(&c, &r, &co)) == 0 &&
	    (code = working ? head_working(&c, &r, argc ? argv[0] : NULL)
			    : cli_check_head(&c, &r, head_rev)) == 0 &&
	    (code = cli_check_against(&c, base_rev)) == 0) {
		/* Asked for, it is shown: said plainly first. */
		if (c.base_self)
			cli_check_say_self(&c, "warning: ");
		if ((code = cli_check_print(&c, format, r.config)) == 0 && fail &&
		    gb_comparison_failures(&c.result, &c.opts))
			code = EXIT_CHECK_FAILED;
	}
	/* compare names what it compares: a revision without results is
	 * bad input, not a check with nothing to do. */
	if (code == EXIT_NOTHING_TO_COMPARE)
		code = EXIT_USAGE;
	cli_check_close(&c, &r);
	return code;
}

static const char *const check_usage[] = {
	"git bench check [<options>] [<commit>] [--baseline <rev>]",
	NULL,
};

int cmd_check(int argc, const char **argv)
{
	struct cmp_flags f = CMP_FLAGS_INIT;
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	gb_output_format format;
	int quiet = 0, code;
	const char *accept = NULL;
	const struct cli_option opts[] = {
		OPT_STRING(0, "baseline", &f.baseline, "<rev>",
			"compare with this revision (default: merge-base with bench.baseline, or the upstream)"),
		CMP_FLAGS(f),
		OPT_STRING(0, "accept", &accept, "<pattern>",
			"accept the regressions of these benchmarks (as Bench-Accept)"),
		OPT_BOOL('q', "quiet", &quiet, "print only what breaks a budget"),
		OPT_END(),
	};
	cli_repo r;
	gb_check c;

	argc = cli_parse_options(argc, argv, opts, check_usage, 0);
	if (argc > 1)
		return cli_usage_error(check_usage, opts, "too many arguments");
	if ((code = apply_flags(&co, &format, &f)) != 0)
		return code;
	if (accept) {
		co.accept = &accept;
		co.naccept = 1;
	}
	if ((code = cli_check_open(&c, &r, &co)) == 0 &&
	    (code = cli_check_head(&c, &r, argc ? argv[0] : "HEAD")) == 0 &&
	    (code = cli_check_against(&c, f.baseline)) == 0 && c.base_self) {
		/* Every change would be nil: a pass that checked nothing. */
		cli_check_say_self(&c, "error: ");
		code = EXIT_NOTHING_TO_COMPARE;
	} else if (code == 0) {
		size_t fails = gb_comparison_failures(&c.result, &c.opts);

		if (!quiet)
			code = cli_check_print(&c, format, r.config);
		else if (fails)
			code = cli_check_print_failing(&c, format, r.config);
		if (!code && fails) {
			cli_check_failed(&c);
			code = EXIT_CHECK_FAILED;
		}
	}
	cli_check_close(&c, &r);
	return code;
}
