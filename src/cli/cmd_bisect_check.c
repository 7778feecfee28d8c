/*
 * git bench bisect-check: judge HEAD for `git bisect run`. Its stored
 * results, or results measured in the work tree now, against the good
 * commit's: exit 0 like the good side, 1 changed as hunted, 125 when it
 * cannot tell. Errors exit 128, which stops `git bisect run` rather than
 * count as "bad" as exit 2 would.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "measure.h"
#include "messages.h"
#include "options.h"
#include "spawn.h"
#include "terminal.h"

#define EXIT_BISECT_SKIP 125
#define EXIT_BISECT_ERROR 128

static const char *const check_usage[] = {
	"git bench bisect-check --bench <name> --good <rev> [<options>] [-- <command>...]",
	NULL,
};

struct check_opts {
	const char *pattern, *good;
	struct cli_verdict_flags verdict;
	struct cli_machine_flags machine;
	int no_run, better;
};

typedef struct {
	cli_repo r;
	gb_check c;                /* the settings and flags */
	struct check_opts o;
	char *machine;
	git_oid good, head;
	gb_check_bisect *step;
	gb_runlist runs;
} check_ctx;

/* Measure HEAD in the work tree and record it, unless the tree is dirty. */
static int measure_head(check_ctx *k, const char *const *argv)
{
	const char *top = git_repository_workdir(k->r.repo);
	cli_measurer m;
	bool dirty = false;
	int code, error;

	if (!top)
		return cli_error("no work tree to measure HEAD in");
	if ((code = cli_measurer_init(&m, &k->r, "bisect-check", argv)) != 0)
		return code;
	cli_catch_signals();
	error = cli_measure_in(&m, &k->runs, top, &k->head, false);
	cli_measurer_dispose(&m);
	if (error == GB_ENOTFOUND)
		return EXIT_BISECT_SKIP;
	if (error < 0)
		return cli_error_last();
	if (gb_repo_is_dirty(&dirty, k->r.repo) < 0)
		return cli_error_last();
	if (dirty) {
		cli_warning("the work tree has uncommitted changes: results not recorded");
		return 0;
	}
	if (gb_store_append(k->r.store, k->runs.runs, k->runs.count) < 0)
		return cli_error_last();
	return 0;
}

static void report(check_ctx *k, const gb_bisect_judgement *j)
{
	gb_buf out = GB_BUF_INIT;

	gb_output_bisect_judgement(&out, j, k->r.repo, &k->head,
		gb_check_bisect_benchmark(k->step), gb_check_bisect_judge(k->step));
	cli_write(&out);
	gb_buf_dispose(&out);
}

static int judge_head(check_ctx *k, const char *const *argv)
{
	gb_bisect_judgement j;
	int code;

	if (gb_store_read(&k->runs, k->r.store, &k->head, NULL) < 0 &&
	    gb_error_last()->code != GB_ENOTFOUND)
		cli_warning("%s", gb_error_last()->message);
	if (gb_check_bisect_judge_runs(&j, k->step, &k->runs) < 0)
		return cli_error_last();
	if (j.state == GB_BISECT_SKIP && !k->o.no_run) {
		gb_runlist_dispose(&k->runs);
		if ((code = measure_head(k, argv)) != 0)
			return code;
		if (gb_check_bisect_judge_runs(&j, k->step, &k->runs) < 0)
			return cli_error_last();
	}
	report(k, &j);
	return j.state == GB_BISECT_GOOD ? EXIT_CLEAN
	       : j.state == GB_BISECT_BAD ? EXIT_CHECK_FAILED : EXIT_BISECT_SKIP;
}

/* The settings, the commits, the machine and the judge of HEAD. */
static int open_step(check_ctx *k)
{
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	int code;

	if ((code = cli_verdict_flags_apply(&co, &k->o.verdict)) != 0 ||
	    (code = cli_check_open(&k->c, &k->r, &co)) != 0)
		return code;
	if (gb_revision_resolve(&k->good, k->r.store, k->o.good) < 0 ||
	    gb_repo_resolve_commit(&k->head, k->r.repo, "HEAD") < 0 ||
	    gb_machine_pick(&k->machine, k->o.machine.key, k->o.machine.any,
		    k->r.config) < 0)
		return cli_error_last();
	if (gb_check_bisect_open(&k->step, k->r.store, &k->good, &k->head,
		    k->o.pattern, k->machine,
		    k->o.better ? GB_BISECT_BETTER : GB_BISECT_WORSE,
		    &k->c.opts) == 0)
		return 0;
	if (gb_error_last()->code == GB_EINVALID)
		return cli_error("--bench %s", gb_error_last()->message);
	return cli_error_last();
}

int cmd_bisect_check(int argc, const char **argv)
{
	check_ctx k;
	const struct cli_option opts[] = {
		OPT_STRING(0, "bench", &k.o.pattern, "<name>",
			"the benchmark (a pattern must match only one)"),
		OPT_STRING(0, "good", &k.o.good, "<rev>", "a commit known to be good"),
		OPT_BOOL(0, "no-run", &k.o.no_run,
			"never measure: exit 125 when HEAD has no results"),
		OPT_BOOL(0, "improvement", &k.o.better,
			"hunt an improvement: bad is faster, not slower"),
		CLI_VERDICT_FLAGS(k.o.verdict),
		CLI_MACHINE_FLAGS(k.o.machine),
		OPT_END(),
	};
	int code;

	memset(&k, 0, sizeof(k));
	k.o.verdict.max_regression = NAN;
	argc = cli_parse_options(argc, argv, opts, check_usage,
		CLI_KEEP_DASHDASH | CLI_USAGE_FATAL);
	if (argc > 0 && strcmp(argv[0], "--")) {
		cli_usage_error(check_usage, opts, "the command goes after '--'");
		return EXIT_BISECT_ERROR;
	}
	if (!k.o.pattern || !k.o.good) {
		cli_usage_error(check_usage, opts, "--bench and --good are required");
		return EXIT_BISECT_ERROR;
	}
	if ((code = open_step(&k)) == 0)
		code = judge_head(&k, argc > 1 ? argv + 1 : NULL);
	gb_runlist_dispose(&k.runs);
	gb_check_bisect_free(k.step);
	free(k.machine);
	cli_check_close(&k.c, &k.r);
	if (cli_interrupted())
		return EXIT_BISECT_ERROR;
	return code == EXIT_USAGE ? EXIT_BISECT_ERROR : code;
}
