/* git bench run: run the benchmarks, compare with the baseline, record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "progress.h"
#include "spawn.h"
#include "terminal.h"

static const char *const run_usage[] = {
	"git bench run [<options>] [-- <command> [<args>...]]",
	NULL,
};

struct run_opts {
	const char *pattern, *format, *baseline, *results;
	struct cli_verdict_flags verdict;
	long repeat;
	int fail, record, any_machine;
};

/* Where the results are, and this machine, for every repetition. */
typedef struct {
	gb_buf path;
	gb_env env;
	char *machine;
} measuring;

/* Results written since `since` (when the command started), as a run. */
static int read_runs(gb_runlist *runs, cli_repo *r, const measuring *m,
	const git_oid *head, int64_t since)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_run *run = NULL;
	int error;

	o.format = gb_config_get(r->config, "bench.format", NULL);
	o.machine = m->machine;
	o.env = &m->env;
	o.since = since;
	if ((error = gb_adapter_read_run(&run, m->path.ptr, head, &o)) == 0 &&
	    (error = gb_runlist_add(runs, run)) < 0)
		gb_run_free(run);
	return error;
}

static int repeat(gb_runlist *runs, cli_repo *r, const struct run_opts *o,
	const char *const *argv, const git_oid *head, const measuring *m)
{
	const char *shell = gb_config_get(r->config, "bench.command", NULL);
	const char *what = argv && argv[0] ? argv[0] : shell;
	gb_buf title = GB_BUF_INIT;
	cli_progress *progress;
	int64_t since;
	long i;
	int status, code = 0;

	gb_buf_puts(&title, "Running ");
	gb_escape_text(&title, what);
	progress = cli_progress_start(title.ptr, (uint64_t)o->repeat);
	for (i = 1; i <= o->repeat && !code; i++) {
		/* On a terminal the progress line says it; logs get a line. */
		if (!progress)
			fprintf(stderr, "git bench: running %s (%ld/%ld)\n", what,
				i, o->repeat);
		cli_progress_update(progress, (uint64_t)i - 1);
		cli_progress_break(progress);
		since = cli_start_time();
		status = cli_spawn_benchmark(shell, argv);
		if (status != 0)
			code = cli_error(status < 0 ? "cannot run the benchmark command"
						    : "the benchmark command failed (exit %d)",
				status);
		else if (read_runs(runs, r, m, head, since) < 0)
			code = cli_error_last();
	}
	if (!code)
		cli_progress_update(progress, (uint64_t)o->repeat);
	cli_progress_stop(&progress);
	gb_buf_dispose(&title);
	return code;
}

static int measure(gb_runlist *runs, cli_repo *r, const struct run_opts *o,
	const char *const *argv, const git_oid *head)
{
	measuring m = { GB_BUF_INIT, { 0 }, NULL };
	int code;

	/* This machine's facts, once for every repetition. */
	if ((o->results ? gb_buf_puts(&m.path, o->results)
			: gb_adapter_results_path(&m.path, NULL, r->config,
				  git_repository_workdir(r->repo))) < 0 ||
	    gb_machine_this(&m.machine, &m.env, r->config) < 0)
		code = cli_error_last();
	else
		code = repeat(runs, r, o, argv, head, &m);
	gb_env_dispose(&m.env);
	free(m.machine);
	gb_buf_dispose(&m.path);
	return code;
}

/*
 * Record what was measured, less repetitions identical to another run
 * (results a command left behind without measuring again): those would
 * count one measurement twice.
 */
static int record_runs(gb_check *c, cli_repo *r)
{
	gb_buf out = GB_BUF_INIT;
	gb_run **keep = calloc(c->head.count + 1, sizeof(*keep));
	bool *copy = calloc(c->head.count + 1, sizeof(bool));
	size_t i, n = 0, copies = 0;
	int code = 0;

	if (!keep || !copy)
		code = cli_error("out of memory");
	else if (gb_store_mark_copies(copy, &copies, r->store,
			 (const gb_run *const *)c->head.runs, c->head.count) < 0)
		code = cli_error_last();
	for (i = 0; !code && i < c->head.count; i++)
		if (!copy[i])
			keep[n++] = c->head.runs[i];
	if (!code && n && gb_store_append(r->store, keep, n) < 0)
		code = cli_error_last();
	if (!code) {
		gb_buf_printf(&out, "Recorded %zu run%s for ", n, n == 1 ? "" : "s");
		gb_repo_short_id_buf(&out, r->repo, &c->head_commit);
		if (copies)
			gb_buf_printf(&out, " (%zu identical to another run left out: "
					    "the command did not measure again)", copies);
		gb_buf_putc(&out, '\n');
		fflush(stdout);
		fputs(out.ptr, stderr);
	}
	free(keep);
	free(copy);
	gb_buf_dispose(&out);
	return code;
}

static int run(gb_check *c, cli_repo *r, const struct run_opts *o,
	gb_output_format format, const char *const *argv)
{
	gb_runlist runs = { 0 };
	git_oid head;
	bool dirty = false;
	int code;

	if (gb_repo_resolve_commit(&head, r->repo, "HEAD") < 0)
		return cli_error_last();
	if (o->record && (gb_repo_is_dirty(&dirty, r->repo) < 0 || dirty))
		return dirty ? cli_error("--record needs a clean work tree: the "
					 "results would not match HEAD")
			     : cli_error_last();
	if ((code = measure(&runs, r, o, argv, &head)) != 0)
		goto done;
	if (gb_check_head_runs(c, &runs, "this run", false) < 0 ||
	    gb_check_machine(c) < 0) {
		code = cli_error_last();
		goto done;
	}
	if (cli_check_base(c, o->baseline, true) == 0) {
		if ((code = gb_check_compare(c) < 0 ? cli_error_last() : 0) != 0 ||
		    (code = cli_check_print(c, format, r->config)) != 0)
			goto done;
	} else {
		/* The first measured commit has nothing before it: not an error. */
		cli_warning("nothing to compare with: %s", gb_error_last()->message);
	}
	if (o->record && (code = record_runs(c, r)) != 0)
		goto done;
	if (o->fail && c->have_base &&
	    gb_comparison_failures(&c->result, &c->opts)) {
		cli_check_failed(c);
		code = EXIT_CHECK_FAILED;
	}
done:
	gb_runlist_dispose(&runs);
	return code;
}

int cmd_run(int argc, const char **argv)
{
	struct run_opts o = { NULL, NULL, NULL, NULL, CLI_VERDICT_FLAGS_INIT, 1,
			      0, 0, 0 };
	const struct cli_option opts[] = {
		CLI_BENCH_FLAG(o.pattern),
		OPT_INT('n', "repeat", &o.repeat, "<n>",
			"run the benchmarks n times and pool the runs (default 1)"),
		OPT_STRING(0, "baseline", &o.baseline, "<rev>",
			"compare with this revision (default: merge-base with bench.baseline, or the upstream)"),
		CLI_VERDICT_FLAGS(o.verdict),
		OPT_BOOL(0, "fail-on-regression", &o.fail,
			"exit 1 when a benchmark breaks its budget"),
		OPT_BOOL(0, "record", &o.record,
			"record the runs for HEAD (needs a clean work tree)"),
		OPT_STRING(0, "results", &o.results, "<path>",
			"where the command leaves results (default: bench.results)"),
		OPT_BOOL(0, "any-machine", &o.any_machine,
			"compare with results of other machines too"),
		OPT_STRING(0, "format", &o.format, "<format>",
			cli_format_help(GB_OUTPUT_COMPARE)),
		OPT_END(),
	};
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	gb_output_format format;
	cli_repo r;
	gb_check c;
	int code;

	argc = cli_parse_options(argc, argv, opts, run_usage, CLI_KEEP_DASHDASH);
	if (argc > 0 && strcmp(argv[0], "--") != 0)
		return cli_usage_error(run_usage, opts,
			"the command goes after '--'");
	if (o.repeat < 1 || o.repeat > 1000)
		return cli_usage_error(run_usage, opts,
			"--repeat must be between 1 and 1000");
	if ((code = cli_output_format(&format, GB_OUTPUT_COMPARE, o.format)) != 0 ||
	    (code = cli_verdict_flags_apply(&co, &o.verdict)) != 0)
		return code;
	co.pattern = o.pattern;
	co.any_machine = o.any_machine;
	if ((code = cli_check_open(&c, &r, &co)) == 0)
		code = run(&c, &r, &o, format, argc > 1 ? argv + 1 : NULL);
	cli_check_close(&c, &r);
	return code;
}
