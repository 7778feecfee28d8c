/*
 * git bench bisect-check: judge HEAD for `git bisect run`. Its stored
 * results, or results measured in the work tree now, against the good
 * commit's: exit 0 like the good side, 1 changed as hunted, 125 when it
 * cannot tell. Errors exit 128, which stops `git bisect run` rather than
 * count as "bad" as exit 2 would.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

#define EXIT_BISECT_SKIP 125
#define EXIT_BISECT_ERROR 128

static const char *const check_usage[] = {
	"git bench bisect-check --bench <name> --good <rev> [<options>] [-- <command>...]",
	NULL,
};

struct check_opts {
	const char *pattern, *good, *machine, *estimator;
	double max_regression;
	int no_run, better, any_machine;
};

typedef struct {
	cli_cmp c;
	struct check_opts o;
	char *machine;
	char *name;
	git_oid good, head;
	gb_bisect_judge *judge;
	gb_runlist runs;
} check_ctx;

/* The benchmark named: exactly, else the only one the good side has. */
static int resolve_name(check_ctx *k)
{
	gb_baseline base;
	size_t i, j, n = 0;
	const char *one = NULL;
	int code = 0;

	if (gb_baseline_find(&base, k->c.r.store, &k->good, k->machine,
		    GB_BASELINE_MAX_DISTANCE) < 0)
		return cli_error_last();
	for (i = 0; i < base.runs.count && !k->name; i++)
		for (j = 0; j < base.runs.runs[i]->nresults; j++) {
			const char *name = base.runs.runs[i]->results[j].name;

			if (!strcmp(name, k->o.pattern)) {
				k->name = strdup(name);
				break;
			}
			if (gb_series_pattern_match(k->o.pattern, name) && (!one || strcmp(one, name))) {
				one = name;
				n++;
			}
		}
	if (!k->name && n == 1 && !(k->name = strdup(one)))
		code = cli_error("out of memory");
	else if (!k->name && n != 1)
		code = cli_error(n ? "--bench '%s' matches several benchmarks: name one"
				   : "no results for a benchmark matching '%s' at the good commit",
			k->o.pattern);
	gb_baseline_dispose(&base);
	return code;
}

/*
 * Judged as bisect judges: noise learned from the bad side of the git
 * bisect under way, when there is one, and a commit bad only when also
 * nearer the bad side's value than the good side's, when it has results.
 */
static int open_judge(check_ctx *k)
{
	gb_bisect_judgement j;
	git_oid bad;
	bool known = git_reference_name_to_id(&bad, k->c.r.repo,
		"refs/bisect/bad") == 0;

	if (gb_bisect_judge_new(&k->judge, k->c.r.store, &k->good,
		    known ? &bad : &k->head, k->name, k->machine, &k->c.opts) < 0 ||
	    (known && gb_bisect_judge_commit(&j, k->judge, &bad,
			      k->o.better ? GB_BISECT_BETTER : GB_BISECT_WORSE) < 0))
		return cli_error_last();
	if (known && j.state == GB_BISECT_BAD)
		gb_bisect_judge_set_bad(k->judge, j.value);
	return 0;
}

/* Measure HEAD in the work tree and record it, unless the tree is dirty. */
static int measure_head(check_ctx *k, const char *const *argv)
{
	const char *top = git_repository_workdir(k->c.r.repo);
	cli_measurer m;
	bool dirty = false;
	int code, error;

	if (!top)
		return cli_error("no work tree to measure HEAD in");
	if ((code = cli_measurer_init(&m, &k->c.r, "bisect-check", argv)) != 0)
		return code;
	cli_catch_signals();
	error = cli_measure_in(&m, &k->runs, top, &k->head, false);
	cli_measurer_dispose(&m);
	if (error == GB_ENOTFOUND)
		return EXIT_BISECT_SKIP;
	if (error < 0)
		return cli_error_last();
	if (gb_repo_is_dirty(&dirty, k->c.r.repo) < 0)
		return cli_error_last();
	if (dirty) {
		cli_warning("the work tree has uncommitted changes: results not recorded");
		return 0;
	}
	if (gb_store_append(k->c.r.store, k->runs.runs, k->runs.count) < 0)
		return cli_error_last();
	return 0;
}

static void report(check_ctx *k, const gb_bisect_judgement *j)
{
	static const char *states[] = { "untested", "good", "bad", "skipped" };
	const char *unit = gb_bisect_judge_unit(k->judge);
	gb_buf out = GB_BUF_INIT;

	cli_short_id(&out, k->c.r.repo, &k->head);
	gb_buf_printf(&out, " is %s: ", states[j->state]);
	gb_escape_text(&out, k->name);
	if (j->state == GB_BISECT_SKIP) {
		gb_buf_puts(&out, " has no results here\n");
	} else {
		gb_buf_putc(&out, ' ');
		gb_units_format(&out, j->value, unit);
		gb_buf_puts(&out, " against ");
		gb_units_format(&out, j->good, unit);
		gb_buf_puts(&out, " at ");
		cli_short_id(&out, k->c.r.repo, gb_bisect_judge_good(k->judge));
		gb_buf_printf(&out, " (%+.2f%%, %s)\n", j->change,
			gb_verdict_name(j->verdict));
	}
	cli_write(&out);
	gb_buf_dispose(&out);
}

static int judge_head(check_ctx *k, const char *const *argv)
{
	gb_bisect_hunt hunt = k->o.better ? GB_BISECT_BETTER : GB_BISECT_WORSE;
	gb_bisect_judgement j;
	int code;

	if (gb_store_read(&k->runs, k->c.r.store, &k->head, NULL) < 0 &&
	    gb_error_last()->code != GB_ENOTFOUND)
		cli_warning("%s", gb_error_last()->message);
	if (gb_bisect_judge_runs(&j, k->judge, &k->runs, hunt) < 0)
		return cli_error_last();
	if (j.state == GB_BISECT_SKIP && !k->o.no_run) {
		gb_runlist_dispose(&k->runs);
		if ((code = measure_head(k, argv)) != 0)
			return code;
		if (gb_bisect_judge_runs(&j, k->judge, &k->runs, hunt) < 0)
			return cli_error_last();
	}
	report(k, &j);
	return j.state == GB_BISECT_GOOD ? EXIT_CLEAN
	       : j.state == GB_BISECT_BAD ? EXIT_CHECK_FAILED : EXIT_BISECT_SKIP;
}

static int apply(check_ctx *k)
{
	if (!isnan(k->o.max_regression)) {
		if (k->o.max_regression < 0)
			return cli_error("--max-regression must be 0 or more");
		k->c.opts.max_regression = k->o.max_regression;
	}
	if (k->o.estimator &&
	    gb_estimator_parse(&k->c.opts.estimator, k->o.estimator) < 0)
		return cli_error_last();
	if (gb_repo_resolve_commit(&k->good, k->c.r.repo, k->o.good) < 0 ||
	    gb_repo_resolve_commit(&k->head, k->c.r.repo, "HEAD") < 0)
		return cli_error_last();
	return cli_pick_machine(&k->machine, &k->c.r, k->o.any_machine,
		k->o.machine);
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
		OPT_DOUBLE(0, "max-regression", &k.o.max_regression, "<percent>",
			"regression threshold (default: bench.maxRegression, 10)"),
		OPT_STRING(0, "estimator", &k.o.estimator, "<mean|median>",
			"estimate compared (default: bench.estimator, mean)"),
		OPT_BOOL(0, "any-machine", &k.o.any_machine,
			"results of every machine (default: this machine's)"),
		OPT_STRING(0, "machine", &k.o.machine, "<key>",
			"results of the machine with this key"),
		OPT_END(),
	};
	int code;

	memset(&k, 0, sizeof(k));
	k.o.max_regression = NAN;
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
	if ((code = cli_cmp_open(&k.c)) == 0 && (code = apply(&k)) == 0 &&
	    (code = resolve_name(&k)) == 0 && (code = open_judge(&k)) == 0)
		code = judge_head(&k, argc > 1 ? argv + 1 : NULL);
	gb_runlist_dispose(&k.runs);
	gb_bisect_judge_free(k.judge);
	free(k.machine);
	free(k.name);
	cli_cmp_close(&k.c);
	if (cli_interrupted())
		return EXIT_BISECT_ERROR;
	return code == EXIT_USAGE ? EXIT_BISECT_ERROR : code;
}
