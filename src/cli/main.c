/* git-bench: dispatch to the subcommands. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct cli_command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
};

static const struct cli_command commands[] = {
	{ "baseline", cmd_baseline, "record results under a version label" },
	{ "check", cmd_check, "fail when a commit regresses beyond budget" },
	{ "compare", cmd_compare, "compare results with a baseline" },
	{ "export", cmd_export, "every run of a range as CSV or JSON rows" },
	{ "fetch", cmd_pull, "same as pull" },
	{ "forget", cmd_forget, "remove the results of a commit" },
	{ "fsck", cmd_fsck, "check the history and the notes; --repair" },
	{ "hook", cmd_hook, "install the pre-push check, or run it" },
	{ "log", cmd_log, "list measured commits along first parents" },
	{ "pull", cmd_pull, "fetch a remote's results and merge them" },
	{ "push", cmd_push, "pull, then send results to a remote" },
	{ "record", cmd_record, "store benchmark results for a commit" },
	{ "report", cmd_report, "write an HTML report of the history" },
	{ "run", cmd_run, "run the benchmarks, compare, and record" },
	{ "show", cmd_show, "show the results recorded for a commit" },
	{ "status", cmd_status, "runs here and not on a remote, and the reverse" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: git bench [--version] [-h] <command> [<args>]\n\n"
		     "Benchmark results kept in git.\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "    %-14s%s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'git bench <command> -h' lists a command's options; "
		     "'git help bench' shows the manual.\n");
}

static int run(int argc, const char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--help")) {
		/* As git does for its own commands: the manual page. */
		execlp("git", "git", "help", "bench", (char *)NULL);
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("git-bench version %s\n", gb_version());
		return EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("'%s' is not a git bench command; see 'git bench -h'", argv[1]);
	return EXIT_USAGE;
}

int main(int argc, const char **argv)
{
	int code;

	if (gb_init() < 0)
		return cli_error_last();
	code = run(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (code == EXIT_CLEAN)
			code = cli_error("cannot write output");
	}
	gb_shutdown();
	return code;
}
