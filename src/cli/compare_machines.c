/* git bench compare --machines: one commit on several machines. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "settings.h"
#include "terminal.h"
#include "gitbench/across.h"

static const char *const machines_usage[] = {
	"git bench compare --machines[=<key>,...] [<options>] [<commit>]",
	NULL,
};

/* 1 when argv asks for --machines: the command is this one. */
int cli_compare_wants_machines(int argc, const char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--machines") ||
		    !strncmp(argv[i], "--machines=", 11))
			return 1;
	return 0;
}

static int show(const gb_across *a, gb_output_format format,
	const gb_config *cfg)
{
	gb_output_options o;
	gb_buf out = GB_BUF_INIT;
	int code = 0;

	cli_output_options(&o, format, cfg);
	if (gb_output_across(&out, a, &o) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	return code;
}

/*
 * Whether a benchmark fails its check on any machine compared. A machine
 * that could not be compared passes nothing: it is said on standard error
 * too, since a gate's log may show only that.
 */
static bool failures(const gb_across *a)
{
	bool failed = false;
	size_t i;

	for (i = 0; i < a->n; i++) {
		const gb_across_machine *m = &a->machines[i];

		if (!m->measured || m->why)
			cli_warning("%s not checked: %s", m->key,
				m->why ? m->why : "not measured");
		else if (gb_comparison_failures(&m->check.result,
				 &m->check.opts))
			failed = true;
	}
	return failed;
}

/* compare's options for other forms: which one was given, if any. */
static const char *not_across(int any_machine, int working,
	const char *current, int stepwise)
{
	return any_machine ? "--any-machine" : working ? "--working"
		: current ? "--current" : stepwise ? "--stepwise" : NULL;
}

int cli_compare_machines(int argc, const char **argv)
{
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	struct cli_verdict_flags verdict = CLI_VERDICT_FLAGS_INIT;
	const char *list = NULL, *format_name = NULL, *baseline = NULL;
	const char *current = NULL, *why;
	int any_machine = 0, working = 0, stepwise = 0;
	const char **args = calloc((size_t)argc + 1, sizeof(*args));
	char **keys = NULL;
	char *copy = NULL;
	size_t nkeys = 0;
	gb_output_format format;
	gb_across a = { 0 };
	cli_repo r = { 0 };
	int i, fail = 0, code;
	const struct cli_option opts[] = {
		OPT_STRING(0, "machines", &list, "<key>,...",
			"the commit on these machines (default: every one with runs)"),
		CLI_BENCH_FLAG(co.pattern),
		CLI_MEASURE_FLAG(co.measure),
		CLI_VERDICT_FLAGS(verdict),
		OPT_STRING(0, "baseline", &baseline, "<rev>",
			"each machine against this revision (default: as compare)"),
		OPT_STRING(0, "format", &format_name, "<format>",
			cli_format_help(GB_OUTPUT_ACROSS)),
		OPT_BOOL(0, "fail-on-regression", &fail,
			"exit 1 when a benchmark breaks its budget on a machine"),
		OPT_BOOL_F(0, "any-machine", &any_machine, NULL, CLI_OPT_HIDDEN),
		OPT_BOOL_F(0, "working", &working, NULL, CLI_OPT_HIDDEN),
		OPT_STRING_F(0, "current", &current, "<rev>", NULL,
			CLI_OPT_HIDDEN),
		OPT_BOOL_F(0, "stepwise", &stepwise, NULL, CLI_OPT_HIDDEN),
		OPT_END(),
	};

	if (!args)
		return cli_error("out of memory");
	/* A bare --machines takes no value: every machine. */
	for (i = 0; i < argc; i++)
		args[i] = strcmp(argv[i], "--machines") ? argv[i] : "--machines=";
	argc = cli_parse_options(argc, args, opts, machines_usage, 0);
	why = not_across(any_machine, working, current, stepwise);
	if (argc > 1 || why) {
		free(args);
		return why ? cli_usage_error(machines_usage, opts,
				     "--machines and %s do not go together", why)
			   : cli_usage_error(machines_usage, opts,
				     "too many arguments");
	}
	if ((code = cli_output_format(&format, GB_OUTPUT_ACROSS,
		     format_name)) == 0 &&
	    (code = cli_verdict_flags_apply(&co, &verdict)) == 0 &&
	    list && *list)
		code = cli_split_list(&keys, &nkeys, &copy, "--machines",
			"machine", list);
	if (code == 0 && (code = cli_repo_open(&r)) == 0) {
		cli_config_warn_unknown(r.config);
		if (gb_across_compare(&a, r.store, argc ? args[0] : "HEAD",
			    (const char *const *)keys, nkeys, baseline, &co) < 0)
			code = cli_error_last();
		else if ((code = show(&a, format, r.config)) == 0 && fail &&
			 failures(&a))
			code = EXIT_CHECK_FAILED;
		gb_across_dispose(&a);
		cli_repo_close(&r);
	}
	free(keys);
	free(copy);
	free(args);
	return code;
}
