/*
 * git bench names: the benchmark names recorded at a commit, one a line,
 * for scripts and for shell completion of --bench. Fast on purpose: one
 * note is read, the nearest measured first-parent ancestor's when the
 * commit itself has none.
 */
#include <string.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const names_usage[] = {
	"git bench names [<rev>]",
	NULL,
};

/* How far back to look: a completion must answer at once. */
#define NAMES_MAX_DISTANCE 100

static bool seen_before(const gb_runlist *runs, size_t upto, const char *name)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (gb_run_find(runs->runs[i], name))
			return true;
	return false;
}

static void print_names(gb_buf *out, const gb_runlist *runs)
{
	size_t i, j;

	for (i = 0; i < runs->count; i++)
		for (j = 0; j < runs->runs[i]->nresults; j++) {
			const char *name = runs->runs[i]->results[j].name;

			if (seen_before(runs, i, name))
				continue;
			gb_escape_text(out, name);
			gb_buf_putc(out, '\n');
		}
}

int cmd_names(int argc, const char **argv)
{
	const struct cli_option opts[] = { OPT_END() };
	gb_baseline found = { 0 };
	gb_buf out = GB_BUF_INIT;
	cli_repo r;
	git_oid start;
	int code;

	argc = cli_parse_options(argc, argv, opts, names_usage, 0);
	if (argc > 1)
		return cli_usage_error(names_usage, opts, "too many arguments");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_revision_resolve(&start, r.store, argc ? argv[0] : "HEAD") < 0) {
		code = cli_error_last();
	} else if (gb_baseline_find(&found, r.store, &start, NULL,
			   NAMES_MAX_DISTANCE) < 0) {
		/* Nothing recorded: nothing to name, as `git config --get`. */
		code = gb_error_last()->code == GB_ENOTFOUND ? EXIT_CHECK_FAILED
							     : cli_error_last();
	} else {
		print_names(&out, &found.runs);
		cli_write(&out);
	}
	gb_baseline_dispose(&found);
	gb_buf_dispose(&out);
	cli_repo_close(&r);
	return code;
}
