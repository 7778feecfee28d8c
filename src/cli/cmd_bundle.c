/*
 * git bench bundle create: results as a git bundle, for a job that cannot
 * push (a fork's pull request); `git bench pull <file>` merges it.
 */
#include <string.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "progress.h"
#include "range.h"
#include "repo.h"
#include "terminal.h"

static const char *const bundle_usage[] = {
	"git bench bundle create [<options>] <file> [<range>]",
	NULL,
};

static void bundled_line(gb_buf *out, const gb_sync_bundle_info *info,
	const char *file)
{
	gb_buf_printf(out, "Bundled %zu run%s of %zu commit%s into ", info->runs,
		info->runs == 1 ? "" : "s", info->commits,
		info->commits == 1 ? "" : "s");
	gb_escape_text(out, file);
	gb_buf_printf(out, " (%zu objects, ", info->objects);
	gb_units_format(out, (double)info->bytes, "B");
	gb_buf_puts(out, ")\n");
}

/* The runs of `spec` (all results when NULL) into `file`. */
static int create(cli_repo *r, const char *file, const char *spec,
	const gb_sync_options *so, bool quiet)
{
	gb_sync_bundle_info info;
	gb_walk_options walk;
	gb_buf data = GB_BUF_INIT, line = GB_BUF_INIT;
	cli_range range;
	int code;

	if (spec && (code = cli_parse_range(&range, r->store, spec)) != 0)
		return code;
	if (spec)
		cli_range_walk(&walk, &range);
	if (gb_sync_bundle_create(&data, &info, r->store, spec ? &range.start
		    : NULL, spec ? &walk : NULL, so) < 0)
		code = cli_error_last();
	else if ((code = cli_write_file(file, &data)) == 0 && !quiet &&
		 strcmp(file, "-")) {
		bundled_line(&line, &info, file);
		cli_write(&line);
	}
	gb_buf_dispose(&line);
	gb_buf_dispose(&data);
	return code;
}

int cmd_bundle(int argc, const char **argv)
{
	int quiet = 0, progress = -1;
	const struct cli_option opts[] = {
		OPT_BOOL('q', "quiet", &quiet, "print no summary and no progress"),
		OPT_BOOL_F(0, "progress", &progress,
			"packing progress on stderr (default: if a terminal)",
			CLI_OPT_SHOW_NEG),
		OPT_END(),
	};
	gb_sync_options so = GB_SYNC_OPTIONS_INIT;
	cli_relay relay = { GB_BUF_INIT };
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, bundle_usage, 0);
	if (argc < 1 || strcmp(argv[0], "create"))
		return cli_usage_error(bundle_usage, opts, argc < 1
			? "a subcommand is required" : "unknown subcommand");
	if (argc < 2)
		return cli_usage_error(bundle_usage, opts, "a file is required");
	if (argc > 3)
		return cli_usage_error(bundle_usage, opts, "too many arguments");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	/* Progress on standard error, even when the bundle goes to stdout. */
	if (cli_progress_wanted(progress, quiet)) {
		so.progress = cli_relay_progress;
		so.payload = &relay;
	}
	code = create(&r, argv[1], argc > 2 ? argv[2] : NULL, &so, quiet);
	cli_relay_end(&relay);
	cli_repo_close(&r);
	return code;
}
