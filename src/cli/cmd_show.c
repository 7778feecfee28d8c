/* git bench show: the results recorded for one commit. */
#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const show_usage[] = {
	"git bench show [--format <format>] [--bench <pattern>] [--measure <measure>] [<rev>]",
	NULL,
};

int cmd_show(int argc, const char **argv)
{
	const char *name = NULL, *pattern = NULL, *measure = NULL;
	int samples = 0;
	const struct cli_option opts[] = {
		CLI_BENCH_FLAG(pattern),
		CLI_MEASURE_FLAG(measure),
		OPT_STRING(0, "format", &name, "<format>",
			cli_format_help(GB_OUTPUT_RUNS)),
		OPT_BOOL(0, "samples", &samples,
			"with --format json, include the raw samples"),
		OPT_END(),
	};
	gb_output_format format;
	gb_output_options o;
	gb_runlist runs = { 0 };
	gb_buf out = GB_BUF_INIT;
	gb_selector sel = GB_SELECTOR_INIT;
	gb_names names = { NULL, 0, 0, NULL }, measures = { NULL, 0, 0, NULL };
	cli_repo r;
	git_oid commit;
	int code, error;

	argc = cli_parse_options(argc, argv, opts, show_usage, 0);
	if (argc > 1)
		return cli_usage_error(show_usage, opts, "too many arguments");
	if (gb_output_format_parse(&format, GB_OUTPUT_RUNS, name) < 0)
		return cli_usage_error(show_usage, opts, "%s",
			gb_error_last()->message);
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	cli_output_options(&o, format, r.config);
	if (gb_selector_init(&sel, pattern, measure) < 0 ||
	    gb_revision_resolve(&commit, r.store, argc ? argv[0] : "HEAD") < 0)
		code = cli_error_last();
	else if ((error = gb_store_read(&runs, r.store, &commit, NULL)) < 0) {
		/* Say why there is nothing, when it can be told. */
		if (error == GB_ENOTFOUND)
			gb_revision_unmeasured(r.store, &commit, NULL);
		code = cli_error_last();
	} else if ((pattern && (gb_names_add_runs(&names, &runs) < 0 ||
				gb_names_match(&names, pattern) < 0)) ||
		   (measure && (gb_names_add_measures(&measures, &runs) < 0 ||
				gb_names_match_measure(&measures, measure) < 0))) {
		/* A typo must not read as a commit with no benchmarks. */
		code = cli_error_last();
	} else {
		gb_selector_keep(&sel, &runs);
		if (gb_output_runs(&out, &runs, &commit, samples, &o) < 0)
			code = cli_error_last();
		else
			cli_write(&out);
	}
	gb_selector_dispose(&sel);
	gb_names_dispose(&names);
	gb_names_dispose(&measures);
	gb_buf_dispose(&out);
	gb_runlist_dispose(&runs);
	cli_repo_close(&r);
	return code;
}
