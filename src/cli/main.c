/* git-bench: dispatch to the subcommands. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "messages.h"
#include "pager.h"
#include "terminal.h"

struct cli_command {
	const char *name;
	cli_command_fn fn;
	const char *summary;
};

static const struct cli_command commands[] = {
	{ "baseline", cmd_baseline, "record results under a version label" },
	{ "bisect", cmd_bisect, "find the commit that changed a benchmark" },
	{ "bisect-check", cmd_bisect_check, "judge HEAD for 'git bisect run'" },
	{ "bundle", cmd_bundle, "results as a git bundle, for pull elsewhere" },
	{ "check", cmd_check, "fail when a commit regresses beyond budget" },
	{ "compact", cmd_compact, "fold a remote's pending pushes into its history" },
	{ "compare", cmd_compare, "compare results with a baseline" },
	{ "config", cmd_config, "list the settings, their values and origins" },
	{ "export", cmd_export, "every run of a range as CSV, JSON or OpenMetrics" },
	{ "fetch", cmd_pull, "same as pull" },
	{ "forget", cmd_forget, "remove the results of a commit" },
	{ "fsck", cmd_fsck, "check the history and the notes; --repair" },
	{ "hook", cmd_hook, "install the pre-push check, or run it" },
	{ "log", cmd_log, "trends and change points along first parents" },
	{ "names", cmd_names, "list the benchmark names recorded at a commit" },
	{ "prune", cmd_prune, "remove old runs (retention)" },
	{ "pull", cmd_pull, "fetch a remote's results and merge them" },
	{ "push", cmd_push, "pull, then send results to a remote" },
	{ "record", cmd_record, "store benchmark results for a commit" },
	{ "report", cmd_report, "write an HTML report of the history" },
	{ "run", cmd_run, "run the benchmarks, compare, and record" },
	{ "measure", cmd_measure, "measure a command: time, CPU, memory, instructions" },
	{ "show", cmd_show, "show the results recorded for a commit" },
	{ "status", cmd_status, "runs here and not on a remote, and the reverse" },
};

/*
 * Commands whose output can run long go through the pager when standard
 * output is a terminal, as git's log and show do. The check gate, record,
 * run, push and pull do not: their output is a short verdict or goes to
 * logs; report writes a file.
 */
static const char *const paged[] = {
	"compare", "config", "export", "log", "show", "status",
};

static bool is_paged(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(paged) / sizeof(paged[0]); i++)
		if (!strcmp(name, paged[i]))
			return true;
	return false;
}

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: git bench [--version] [-h | --help] [-p | --paginate | "
		     "-P | --no-pager]\n                 [--ascii] <command> [<args>]\n\n"
		     "Benchmark results kept in git.\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "    %-14s%s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "\n'git bench <command> -h' lists a command's options; "
		     "'git bench help' shows\nthe manual.\n");
}

/*
 * The manual, as git shows its own: `git help bench` (man, or what
 * help.format says); the usage when git cannot be run.
 */
static int show_manual(void)
{
	fflush(stdout);
	execlp("git", "git", "help", "bench", (char *)NULL);
	usage(stdout);
	return EXIT_CLEAN;
}

/* "'x' is not a git bench command", with the command it likely means. */
static int unknown_command(const char *name)
{
	const char *names[sizeof(commands) / sizeof(commands[0]) + 2];
	const char *hit;
	size_t i, n = 0;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		names[n++] = commands[i].name;
	names[n++] = "help";
	names[n++] = "version";
	if ((hit = cli_nearest(name, names, n)) != NULL)
		return cli_error("'%s' is not a git bench command; did you mean "
				 "'%s'?", name, hit);
	return cli_error("'%s' is not a git bench command; see 'git bench -h'",
		name);
}

/*
 * Options before the command, as git takes them: returns the index of the
 * command, or -1 - the exit code when the option was the whole job.
 */
static int global_options(int argc, const char **argv, int *paginate,
	bool *ascii)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-p") || !strcmp(a, "--paginate")) {
			*paginate = 1;
		} else if (!strcmp(a, "-P") || !strcmp(a, "--no-pager")) {
			*paginate = 0;
		} else if (!strcmp(a, "--ascii")) {
			*ascii = true;
		} else if (!strcmp(a, "-h")) {
			usage(stdout);
			return -1 - EXIT_CLEAN;
		} else if (!strcmp(a, "--help")) {
			/* As git does for its own commands: the manual page. */
			return -1 - show_manual();
		} else if (!strcmp(a, "--version")) {
			printf("git-bench version %s\n", gb_version());
			return -1 - EXIT_CLEAN;
		} else {
			cli_error("unknown option '%s'; see 'git bench -h'", a);
			return -1 - EXIT_USAGE;
		}
	}
	return i;
}

static int run(int argc, const char **argv)
{
	bool ascii = false;
	int paginate = -1, first = global_options(argc, argv, &paginate, &ascii);
	size_t i;

	if (first < 0)
		return -1 - first;
	cli_ascii_setup(ascii);
	if (first >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	argc -= first - 1;
	argv += first - 1;
	if (!strcmp(argv[1], "version")) {
		printf("git-bench version %s\n", gb_version());
		return EXIT_CLEAN;
	}
	/* git bench help [<command>], git bench <command> --help: as git's. */
	if (!strcmp(argv[1], "help") && argc > 2 && !strcmp(argv[2], "-h")) {
		printf("usage: git bench help [<command>]\n\n"
		       "Opens the manual, git-bench(1), as 'git help bench' "
		       "does.\n");
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "help") && argc > 2 && !strcmp(argv[2], "--help"))
		return show_manual();
	if (!strcmp(argv[1], "help") && argc > 2 && argv[2][0] == '-')
		return cli_error("unknown option '%s'; see 'git bench help -h'",
			argv[2]);
	if (!strcmp(argv[1], "help") && argc > 2) {
		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[2], commands[i].name))
				return show_manual();
		return unknown_command(argv[2]);
	}
	if (!strcmp(argv[1], "help"))
		return show_manual();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		if (argc > 2 && !strcmp(argv[2], "--help"))
			return show_manual();
		if (paginate == 1 || (paginate < 0 && is_paged(argv[1])))
			cli_pager_setup(paginate == 1);
		return commands[i].fn(argc - 1, argv + 1);
	}
	return unknown_command(argv[1]);
}

/* A results file read with a warning: it goes to stderr as git's do. */
static void library_warning(const char *message, void *payload)
{
	(void)payload;
	cli_warning("%s", message);
}

int main(int argc, const char **argv)
{
	int code;

#ifdef M_TRIM_THRESHOLD
	/*
	 * Keep freed heap instead of handing it back at once: every object
	 * libgit2 writes allocates and frees zlib's 256 KB of state, and
	 * giving that back to the kernel each time (and faulting in zeroed
	 * pages again for the next) was a third of record's time. Setting
	 * these fixes the threshold for mapping a block of its own, so it is
	 * set too, above the sizes a command frees and allocates again. Peak
	 * memory is unchanged; a command's process is short-lived. Not much
	 * above them: an array that grows past 512 KB gets a mapping of its
	 * own, which realloc moves with mremap. In the heap, arrays growing
	 * side by side (the series of log, one a benchmark) left each old
	 * copy a hole too small for the next: log over 100,000 runs of 10
	 * benchmarks peaked at 66 MB with 4 MB here, 60 MB with 512 KB, in
	 * the same time; record's time is the same.
	 */
	mallopt(M_TRIM_THRESHOLD, 16 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	mallopt(M_MMAP_THRESHOLD, 512 << 10);
#endif
	if (gb_init() < 0)
		return cli_error_last();
	/*
	 * Read objects as git does, without hashing each one again: the check
	 * tripled the time to read a long history, and verifying objects is
	 * git fsck's job.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/*
	 * Small pack windows: reading a long history takes one object here
	 * and there across a pack of hundreds of MB, so with 16 MB windows
	 * under the 32 MB limit every read mapped and unmapped a whole window
	 * (a quarter of log --commits' time on 100,000 runs); 1 MB windows
	 * keep 32 places of the pack mapped at once for the same memory.
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)1 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	/*
	 * libgit2 keeps up to 256 MB of parsed objects by default: over a
	 * long history, every commit and tree walked, and the report's note
	 * blobs. What a command reads again is read soon after; 16 MB holds
	 * that and bounds the rest.
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)16 << 20);
	gb_adapter_set_warning_callback(library_warning, NULL);
	gb_set_notice_callback(library_warning, NULL);
	code = run(argc, argv);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (code == EXIT_CLEAN)
			code = cli_error("cannot write output");
	}
	gb_shutdown();
	return code;
}
