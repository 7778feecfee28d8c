/* git bench run: run the benchmarks, compare with the baseline, record. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "measure.h"
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
	const char *pattern, *format, *baseline, *results, *max_time;
	struct cli_verdict_flags verdict;
	long repeat, max_runs;
	int fail, record, any_machine, confirm, interleave;
	const char *measure;
};

/* The baseline measured now, in turns with the work tree (--interleave). */
typedef struct {
	cli_measurer m;
	git_oid commit;
	bool on;
} interleaving;

/* Where the results are, and this machine, for every repetition. */
typedef struct {
	gb_buf path;
	gb_env env;
	char *machine;
	const char *format;  /* bench.format */
	const char *shell;   /* bench.command */
	const char *top;     /* the work tree, where the command runs */
} measuring;

/*
 * Results written since `since` (when the command started), as a run;
 * or, with results "-", what the command printed (`out`).
 */
static int read_runs(gb_runlist *runs, const measuring *m,
	const git_oid *head, const gb_usage *usage, int64_t since,
	const gb_buf *out)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_run *run = NULL;
	int error;

	o.format = m->format;
	o.machine = m->machine;
	o.env = &m->env;
	o.since = since;
	if ((error = cli_read_measured(&run, m->path.ptr, out, head, &o)) == 0)
		run->usage = *usage;
	if (error == 0 && (error = gb_runlist_add(runs, run)) < 0)
		gb_run_free(run);
	return error;
}

/* Runs number `first` to `last` of at most `total`, into `runs`. */
static int repeat(gb_runlist *runs, long first, long last,
	long total, const char *const *argv, const git_oid *head,
	const measuring *m)
{
	const char *shell = m->shell;
	const char *what = argv && argv[0] ? argv[0] : shell;
	bool stdout_results = !strcmp(m->path.ptr, "-");
	gb_buf title = GB_BUF_INIT, out = GB_BUF_INIT, why = GB_BUF_INIT;
	cli_progress *progress;
	gb_usage usage;
	int64_t since;
	long i;
	int status, code = 0;

	gb_buf_puts(&title, "Running ");
	gb_escape_text(&title, what);
	progress = cli_progress_start(title.ptr, (uint64_t)total);
	for (i = first; i <= last && !code; i++) {
		/* On a terminal the progress line says it; logs get a line. */
		if (!progress)
			fprintf(stderr, "git bench: running %s (%ld/%ld)\n", what,
				i, total);
		cli_progress_update(progress, (uint64_t)i - 1);
		cli_progress_break(progress);
		since = cli_start_time();
		gb_buf_clear(&out);
		status = cli_spawn_captured(&usage, m->top, shell, argv,
			stdout_results ? &out : NULL);
		if (status != 0) {
			gb_buf_clear(&why);
			cli_spawn_failure(&why, "the benchmark command", status);
			code = cli_error("%s", why.ptr);
		} else if (read_runs(runs, m, head, &usage, since, &out) < 0)
			/* Nothing there: the command may print its results. */
			code = !stdout_results && access(m->path.ptr, F_OK) != 0
				? cli_error("%s (for results the command prints, "
					    "--results -)", gb_error_last()->message)
				: cli_error_last();
	}
	if (!code)
		cli_progress_update(progress, (uint64_t)last);
	cli_progress_stop(&progress);
	gb_buf_dispose(&title);
	gb_buf_dispose(&out);
	gb_buf_dispose(&why);
	return code;
}

/*
 * This machine's facts, where results go and the settings that read them,
 * once for every repetition; a bad setting is said before the command runs.
 */
static int measuring_open(measuring *m, cli_repo *r, const struct run_opts *o,
	const char *const *argv)
{
	m->top = git_repository_workdir(r->repo);
	if (gb_adapter_config_format(&m->format, r->config) < 0 ||
	    (!(argv && argv[0]) &&
	     gb_config_get_name(&m->shell, r->config, "bench.command") < 0) ||
	    cli_spawn_export_prefix(m->top) < 0)
		return cli_error_last();
	if ((o->results ? gb_buf_puts(&m->path, o->results)
			: gb_adapter_results_path(&m->path, NULL, r->config,
				  git_repository_workdir(r->repo))) < 0 ||
	    gb_machine_this(&m->machine, &m->env, r->config) < 0)
		return cli_error_last();
	return 0;
}

static void measuring_close(measuring *m)
{
	gb_env_dispose(&m->env);
	free(m->machine);
	gb_buf_dispose(&m->path);
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
					    "the same values count once)", copies);
		gb_buf_putc(&out, '\n');
		cli_write_err(&out);
	}
	free(keep);
	free(copy);
	gb_buf_dispose(&out);
	return code;
}

/* One run of the baseline in the temporary work tree, into `runs`. */
static int measure_base(interleaving *il, gb_runlist *runs, long i, long total)
{
	gb_buf id = GB_BUF_INIT;
	int error;

	gb_repo_short_id_buf(&id, il->m.r->repo, &il->commit);
	fflush(stdout);
	fprintf(stderr, "git bench: running the baseline %s (%ld/%ld)\n",
		id.ptr, i, total);
	gb_buf_dispose(&id);
	if ((error = cli_measure_at(&il->m, runs, &il->commit)) == 0)
		return 0;
	if (error == GB_ENOTFOUND) /* said, as bisect says it */
		return cli_error("cannot measure the baseline");
	return cli_error_last();
}

/* Seconds on a clock that only goes forward. */
static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A benchmark in a measure a confirmation follows: its label ("name",
 * "name [measure]"), first verdict and runs.
 */
typedef struct {
	char *name;
	char *measure;
	gb_verdict first;
	size_t first_runs;
} followed;

/* Whether another run of the current side can decide an UNCERTAIN row. */
static bool undecided(const gb_comparison *res, const gb_compare_options *co,
	bool both)
{
	size_t i;

	for (i = 0; i < res->nrows; i++)
		if (res->rows[i].verdict == GB_VERDICT_UNCERTAIN &&
		    gb_compare_runs_needed(&res->rows[i], co, both) != SIZE_MAX)
			return true;
	return false;
}

/*
 * What the confirmation did, on standard error (standard output may be
 * JSON or CSV): each benchmark it followed, from its first verdict to its
 * last, with the runs each rested on.
 */
static void say_confirmed(const gb_check *c, const followed *f, size_t nf,
	size_t looks, size_t max_looks, double significance,
	const char *stopped)
{
	gb_buf out = GB_BUF_INIT;
	size_t i, k;

	gb_buf_printf(&out, "Confirmation: %zu run%s of this side, %zu look%s at "
		"significance %.2g\neach (bench.significance / %zu).\n",
		c->result.head_runs, c->result.head_runs == 1 ? "" : "s", looks,
		looks == 1 ? "" : "s", significance, max_looks);
	for (i = 0; i < nf; i++) {
		const gb_compare_row *row = NULL;

		for (k = 0; k < c->result.nrows && !row; k++)
			if (!strcmp(c->result.rows[k].name, f[i].name) &&
			    !strcmp(c->result.rows[k].measure, f[i].measure))
				row = &c->result.rows[k];
		if (!row)
			continue;
		gb_buf_puts(&out, "  ");
		gb_escape_text(&out, f[i].name);
		if (strcmp(f[i].measure, GB_MEASURE_TIME)) {
			gb_buf_puts(&out, " [");
			gb_escape_text(&out, f[i].measure);
			gb_buf_putc(&out, ']');
		}
		gb_buf_printf(&out, ": %s after %zu run%s, %s after %zu\n",
			gb_verdict_name(f[i].first), f[i].first_runs,
			f[i].first_runs == 1 ? "" : "s",
			gb_verdict_name(row->verdict), row->head_runs);
	}
	if (stopped)
		gb_buf_printf(&out, "Stopped: %s.\n", stopped);
	cli_write_err(&out);
	gb_buf_dispose(&out);
}

/*
 * Measure again while a benchmark is UNCERTAIN and more runs of this side
 * can decide it, one run at a time, up to --max-runs runs and --max-time.
 * Each look judges at bench.significance divided by the most looks there
 * can be, so that the chance of a false REGRESSION over all of them stays
 * at the one-shot level (Bonferroni); the last look is the verdict.
 */
static int confirm(gb_check *c, const struct run_opts *o,
	const char *const *argv, const measuring *m, interleaving *il,
	double max_seconds)
{
	double alpha = c->opts.significance, start = now_seconds();
	size_t looks, max_looks, nf = 0, i;
	const char *stopped = NULL;
	followed *f = NULL;
	int code = 0;

	max_looks = o->max_runs > o->repeat ? (size_t)(o->max_runs - o->repeat) + 1
					    : 1;
	c->opts.significance = alpha / (double)max_looks;
	if (gb_check_compare(c) < 0)
		return cli_error_last();
	if (!(f = calloc(c->result.nrows + 1, sizeof(*f))))
		return cli_error("out of memory");
	for (i = 0; i < c->result.nrows; i++) {
		const gb_compare_row *row = &c->result.rows[i];

		if (row->verdict != GB_VERDICT_UNCERTAIN &&
		    row->verdict != GB_VERDICT_REGRESSION)
			continue;
		f[nf].first = row->verdict;
		f[nf].first_runs = row->head_runs;
		if (!(f[nf].measure = strdup(row->measure)) ||
		    !(f[nf++].name = strdup(row->name))) {
			code = cli_error("out of memory");
			goto done;
		}
	}
	for (looks = 1; undecided(&c->result, &c->opts, il->on); looks++) {
		gb_runlist more = { 0 }, base = { 0 };

		if (looks >= max_looks) {
			stopped = "at --max-runs";
			break;
		}
		if (now_seconds() - start >= max_seconds) {
			stopped = "at --max-time";
			break;
		}
		if ((!il->on || (code = measure_base(il, &base,
				 o->repeat + (long)looks, o->max_runs)) == 0) &&
		    (code = repeat(&more, o->repeat + (long)looks,
			     o->repeat + (long)looks, o->max_runs, argv,
			     &c->head_commit, m)) == 0) {
			gb_runlist_keep_machine(&more, c->machine);
			if (gb_check_base_runs(c, &c->base.commit, &base, NULL) < 0 ||
			    gb_check_head_runs(c, &more, c->head_how, false) < 0 ||
			    gb_check_compare(c) < 0)
				code = cli_error_last();
		}
		gb_runlist_dispose(&more);
		gb_runlist_dispose(&base);
		if (code)
			goto done;
	}
	if (!stopped && undecided(&c->result, &c->opts, il->on))
		stopped = "more runs of this side cannot decide the rest";
	else if (!stopped && c->result.count[GB_VERDICT_UNCERTAIN])
		stopped = "the baseline has too few runs to decide the rest; "
			  "record more of it";
	say_confirmed(c, f, nf, looks, max_looks, c->opts.significance, stopped);
done:
	for (i = 0; i <= nf && f; i++) {
		free(f[i].name);
		free(f[i].measure);
	}
	free(f);
	return code;
}

/*
 * The runs of both sides, the baseline's in a temporary work tree, in
 * turns: A B A B ..., so that a drift of the machine falls on both.
 */
static int measure_interleaved(gb_runlist *runs, gb_runlist *base,
	const struct run_opts *o, const char *const *argv,
	const git_oid *head, const measuring *m, interleaving *il)
{
	long i;
	int code = 0;

	for (i = 1; i <= o->repeat && !code; i++)
		if ((code = measure_base(il, base, i, o->repeat)) == 0)
			code = repeat(runs, i, i, o->repeat, argv, head, m);
	return code;
}

static int run(gb_check *c, cli_repo *r, const struct run_opts *o,
	gb_output_format format, const char *const *argv)
{
	measuring m = { GB_BUF_INIT, { 0 }, NULL, NULL, NULL, NULL };
	interleaving il;
	gb_runlist runs = { 0 }, base = { 0 };
	gb_buf how = GB_BUF_INIT;
	double max_seconds = INFINITY;
	git_oid head, base_commit;
	bool dirty = false, confirming;
	int code;

	memset(&il, 0, sizeof(il));
	confirming = o->confirm || c->opts.on_uncertain == GB_ON_UNCERTAIN_CONFIRM;
	if (o->max_time && gb_units_parse_duration(&max_seconds, o->max_time) < 0)
		return cli_error("--max-time: %s", gb_error_last()->message);
	if (o->max_time)
		max_seconds /= 1e9;
	/* The suite measures the work tree: a bare repository has none. */
	if (git_repository_is_bare(r->repo))
		return cli_error("this operation must be run in a work tree");
	if (gb_repo_resolve_commit(&head, r->repo, "HEAD") < 0)
		return cli_error_last();
	/* A --baseline that names nothing is a typo: said before the suite
	 * runs, and an error, as check and compare say it. */
	if (o->baseline && !o->interleave &&
	    gb_revision_resolve(&base_commit, r->store, o->baseline) < 0)
		return cli_error_last();
	if (o->record && (gb_repo_is_dirty(&dirty, r->repo) < 0 || dirty))
		return dirty ? cli_error("--record needs a clean work tree: the "
					 "results would not match HEAD")
			     : cli_error_last();
	if (o->interleave) {
		if (gb_revision_resolve(&il.commit, r->store, o->baseline) < 0)
			return cli_error_last();
		if ((code = cli_measurer_init(&il.m, r, "run", argv)) != 0)
			return code;
		il.on = true;
	}
	if ((code = measuring_open(&m, r, o, argv)) != 0 ||
	    (code = il.on ? measure_interleaved(&runs, &base, o, argv, &head,
				&m, &il)
			  : repeat(&runs, 1, o->repeat, o->repeat, argv, &head,
				&m)) != 0)
		goto done;
	if (gb_check_head_runs(c, &runs, "this run", false) < 0 ||
	    gb_check_machine(c) < 0) {
		code = cli_error_last();
		goto done;
	}
	if (il.on) {
		gb_buf_puts(&how, o->baseline);
		gb_buf_puts(&how, ", measured in turns with this run");
		if (gb_check_base_runs(c, &il.commit, &base, how.ptr) < 0) {
			code = cli_error_last();
			goto done;
		}
	}
	if (il.on || cli_check_base(c, o->baseline, true) == 0) {
		if (confirming)
			code = confirm(c, o, argv, &m, &il, max_seconds);
		else if (gb_check_compare(c) < 0)
			code = cli_error_last();
		if (code != 0 || (code = cli_check_print(c, format, r->config)) != 0)
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
	if (il.on)
		cli_measurer_dispose(&il.m);
	measuring_close(&m);
	gb_runlist_dispose(&runs);
	gb_runlist_dispose(&base);
	gb_buf_dispose(&how);
	return code;
}

int cmd_run(int argc, const char **argv)
{
	struct run_opts o = { NULL, NULL, NULL, NULL, NULL, CLI_VERDICT_FLAGS_INIT,
			      1, GB_DEFAULT_CONFIRM_MAX_RUNS, 0, 0, 0, 0, 0, NULL };
	const struct cli_option opts[] = {
		CLI_BENCH_FLAG(o.pattern),
		CLI_MEASURE_FLAG(o.measure),
		OPT_INT('n', "repeat", &o.repeat, "<n>",
			"run the benchmarks n times and pool the runs (default 1)"),
		OPT_STRING(0, "baseline", &o.baseline, "<rev>",
			"compare with this revision (default: merge-base with bench.baseline, or the upstream)"),
		CLI_VERDICT_FLAGS(o.verdict),
		OPT_BOOL(0, "fail-on-regression", &o.fail,
			"exit 1 when a benchmark breaks its budget"),
		OPT_BOOL(0, "interleave", &o.interleave,
			"measure --baseline too, in a temporary work tree, in turns"),
		OPT_BOOL(0, "confirm", &o.confirm,
			"run again while a benchmark is UNCERTAIN (bench.onUncertain=confirm)"),
		OPT_INT(0, "max-runs", &o.max_runs, "<n>",
			"runs of this side a confirmation takes at most (default "
			GB_STR(GB_DEFAULT_CONFIRM_MAX_RUNS) ")"),
		OPT_STRING(0, "max-time", &o.max_time, "<duration>",
			"no confirming run starts after this long (e.g. 300s)"),
		OPT_BOOL(0, "record", &o.record,
			"record the runs for HEAD (needs a clean work tree)"),
		OPT_STRING(0, "results", &o.results, "<path>",
			"where the command leaves results, - for what it prints "
			"(default: bench.results)"),
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
	if (o.repeat < 1 || o.repeat > GB_MAX_REPEAT)
		return cli_usage_error(run_usage, opts,
			"--repeat must be between 1 and " GB_STR(GB_MAX_REPEAT));
	if (o.interleave && !o.baseline)
		return cli_usage_error(run_usage, opts,
			"--interleave needs --baseline: the revision to measure");
	if (o.interleave && o.results)
		return cli_usage_error(run_usage, opts,
			"--interleave reads bench.results in each work tree: "
			"set it rather than --results");
	if (o.max_runs < 1 || o.max_runs > GB_MAX_REPEAT)
		return cli_usage_error(run_usage, opts,
			"--max-runs must be between 1 and " GB_STR(GB_MAX_REPEAT));
	if ((code = cli_output_format(&format, GB_OUTPUT_COMPARE, o.format)) != 0 ||
	    (code = cli_verdict_flags_apply(&co, &o.verdict)) != 0)
		return code;
	co.pattern = o.pattern;
	co.measure = o.measure;
	co.any_machine = o.any_machine;
	if ((code = cli_check_open(&c, &r, &co)) == 0)
		code = run(&c, &r, &o, format, argc > 1 ? argv + 1 : NULL);
	cli_check_close(&c, &r);
	return code;
}
