/* git bench run: run the benchmarks, compare with the baseline, record. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const run_usage[] = {
	"git bench run [<options>] [-- <command> [<args>...]]",
	NULL,
};

struct run_opts {
	const char *pattern, *format, *baseline, *results, *estimator;
	double max_regression;
	long repeat;
	int fail, record, any_machine;
};

static int measure(gb_runlist *runs, cli_repo *r, const struct run_opts *o,
	const char *const *argv, const git_oid *head)
{
	const char *shell = gb_config_get(r->config, "bench.command", NULL);
	const char *what = argv && argv[0] ? argv[0] : shell;
	gb_buf path = GB_BUF_INIT, title = GB_BUF_INIT;
	cli_progress *progress;
	gb_env env = { 0 };
	char *machine = NULL;
	long i;
	int status, code = 0;

	/* This machine's facts, once for every repetition. */
	if (cli_results_path(&path, r, o->results) < 0 ||
	    gb_env_detect(&env) < 0 ||
	    cli_machine_key(&machine, r->config, &env) < 0) {
		code = cli_error_last();
		gb_env_dispose(&env);
		gb_buf_dispose(&path);
		return code;
	}
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
		status = cli_spawn_benchmark(shell, argv);
		if (status != 0)
			code = cli_error(status < 0 ? "cannot run the benchmark command"
						    : "the benchmark command failed (exit %d)",
				status);
		else if (cli_read_results(runs, r, path.ptr, head, machine, &env) < 0)
			code = cli_error_last();
	}
	if (!code)
		cli_progress_update(progress, (uint64_t)o->repeat);
	cli_progress_stop(&progress);
	gb_env_dispose(&env);
	free(machine);
	gb_buf_dispose(&path);
	gb_buf_dispose(&title);
	return code;
}

static int record_runs(cli_cmp *c)
{
	gb_buf out = GB_BUF_INIT;

	if (gb_store_append(c->r.store, c->head.runs, c->head.count) < 0)
		return cli_error_last();
	gb_buf_printf(&out, "Recorded %zu run%s for ", c->head.count,
		c->head.count == 1 ? "" : "s");
	cli_short_id(&out, c->r.repo, &c->head_commit);
	gb_buf_putc(&out, '\n');
	fflush(stdout);
	fputs(out.ptr, stderr);
	gb_buf_dispose(&out);
	return 0;
}

static int run(cli_cmp *c, const struct run_opts *o, const char *const *argv)
{
	gb_runlist runs = { 0 };
	git_oid head;
	bool dirty = false;
	int code;

	if (gb_repo_resolve_commit(&head, c->r.repo, "HEAD") < 0)
		return cli_error_last();
	if (o->record && (gb_repo_is_dirty(&dirty, c->r.repo) < 0 || dirty))
		return dirty ? cli_error("--record needs a clean work tree: the "
					 "results would not match HEAD")
			     : cli_error_last();
	if ((code = measure(&runs, &c->r, o, argv, &head)) != 0 ||
	    (code = cli_cmp_head_runs(c, &runs)) != 0 ||
	    (code = cli_cmp_machine(c, o->any_machine)) != 0)
		goto done;
	c->quiet_base = true;
	if (cli_cmp_base(c, o->baseline) == 0) {
		if ((code = cli_cmp_run(c)) != 0 ||
		    (code = cli_cmp_print(c, o->format)) != 0)
			goto done;
	} else {
		/* The first measured commit has nothing before it: not an error. */
		cli_warning("nothing to compare with: %s", gb_error_last()->message);
	}
	if (o->record && (code = record_runs(c)) != 0)
		goto done;
	if (o->fail && c->have_base && c->result.failures)
		code = EXIT_CHECK_FAILED;
done:
	gb_runlist_dispose(&runs);
	return code;
}

int cmd_run(int argc, const char **argv)
{
	struct run_opts o = { NULL, "table", NULL, NULL, NULL, NAN, 1, 0, 0, 0 };
	const struct cli_option opts[] = {
		OPT_STRING(0, "bench", &o.pattern, "<pattern>",
			"only benchmarks matching (substring, or glob with * ? [)"),
		OPT_INT('n', "repeat", &o.repeat, "<n>",
			"run the benchmarks n times and pool the runs (default 1)"),
		OPT_STRING(0, "baseline", &o.baseline, "<rev>",
			"compare with this revision (default: merge-base with bench.baseline, or the upstream)"),
		OPT_DOUBLE(0, "max-regression", &o.max_regression, "<percent>",
			"regression threshold (default: bench.maxRegression, 10)"),
		OPT_STRING(0, "estimator", &o.estimator, "<mean|median>",
			"estimate compared (default: bench.estimator, mean)"),
		OPT_BOOL(0, "fail-on-regression", &o.fail,
			"exit 1 when a benchmark breaks its budget"),
		OPT_BOOL(0, "record", &o.record,
			"record the runs for HEAD (needs a clean work tree)"),
		OPT_STRING(0, "results", &o.results, "<path>",
			"where the command leaves results (default: bench.results)"),
		OPT_BOOL(0, "any-machine", &o.any_machine,
			"compare with results of other machines too"),
		OPT_STRING(0, "format", &o.format, "<format>",
			"table (default), markdown, json or csv"),
		OPT_END(),
	};
	cli_cmp c;
	int code;

	argc = cli_parse_options(argc, argv, opts, run_usage, CLI_KEEP_DASHDASH);
	if (argc > 0 && strcmp(argv[0], "--") != 0)
		return cli_usage_error(run_usage, opts,
			"the command goes after '--'");
	if (o.repeat < 1 || o.repeat > 1000)
		return cli_usage_error(run_usage, opts,
			"--repeat must be between 1 and 1000");
	if (strcmp(o.format, "table") && strcmp(o.format, "markdown") &&
	    strcmp(o.format, "json") && strcmp(o.format, "csv"))
		return cli_error("unknown format '%s' (table, markdown, json or csv)",
			o.format);
	if ((code = cli_cmp_open(&c)) != 0) {
		cli_cmp_close(&c);
		return code;
	}
	c.opts.pattern = o.pattern;
	if (!isnan(o.max_regression))
		c.opts.max_regression = o.max_regression;
	if (o.estimator && gb_estimator_parse(&c.opts.estimator, o.estimator) < 0)
		code = cli_error_last();
	else
		code = run(&c, &o, argc > 1 ? argv + 1 : NULL);
	cli_cmp_close(&c);
	return code;
}
