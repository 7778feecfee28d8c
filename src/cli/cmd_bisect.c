/*
 * git bench bisect: the first commit on the first-parent path from GOOD
 * to BAD where a benchmark differs from GOOD as BAD does, from stored
 * results, measuring the missing ones in a temporary work tree with --run.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

static const char *const bisect_usage[] = {
	"git bench bisect --bench <name> [<options>] [<good> [<bad>]]",
	"git bench bisect --bench <name> --run [<options>] [<good> [<bad>]] [-- <command>...]",
	NULL,
};

struct bisect_opts {
	const char *pattern, *format, *machine, *estimator;
	double max_regression;
	int run, any_machine;
};

typedef struct {
	cli_cmp c;
	struct bisect_opts o;
	char *machine;
	char *name;
	git_oid good, bad;
	gb_bisect_result result;
	cli_measurer m;
	bool measuring;
} bisect_ctx;

/* ---- the benchmark and the good side ---------------------------------- */

/* The benchmark --bench names: exactly, else the only one it matches. */
static int resolve_name(char **out, const gb_series_set *set, const char *pattern)
{
	gb_buf list = GB_BUF_INIT;
	size_t i, n = 0, found = 0;

	for (i = 0; i < set->nseries; i++) {
		const char *name = set->series[i].name;

		if (!strcmp(name, pattern))
			return (*out = strdup(name)) ? 0 : cli_error("out of memory");
		if (gb_series_pattern_match(pattern, name)) {
			gb_buf_printf(&list, "%s%s", n ? ", " : "", name);
			found = i;
			n++;
		}
	}
	if (n == 1) {
		gb_buf_dispose(&list);
		return (*out = strdup(set->series[found].name)) ? 0
								: cli_error("out of memory");
	}
	if (n)
		cli_error("--bench '%s' matches %zu benchmarks (%s): name one",
			pattern, n, list.ptr);
	else
		cli_error("no results for a benchmark matching '%s' on the first "
			  "parents of the bad commit", pattern);
	gb_buf_dispose(&list);
	return EXIT_USAGE;
}

/*
 * The benchmark's name, and the good side when none was given: the oldest
 * commit on the bad commit's first parents with results for it.
 */
static int name_and_good(bisect_ctx *b, bool good_given)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_series_set set = { 0 };
	const gb_series *s;
	int code;

	so.machine = b->machine;
	so.pattern = b->o.pattern;
	if (gb_series_collect(&set, b->c.r.store, &b->bad, &so) < 0)
		return cli_error_last();
	if ((code = resolve_name(&b->name, &set, b->o.pattern)) == 0 && !good_given) {
		s = gb_series_find(&set, b->name);
		git_oid_cpy(&b->good, &set.commits[s->points[0].commit].id);
		if (git_oid_equal(&b->good, &b->bad))
			code = cli_error("only the bad commit has results for '%s': "
					 "name a good commit to measure from (with --run)",
				b->name);
	}
	gb_series_set_dispose(&set);
	return code;
}

/* ---- progress ------------------------------------------------------------ */

static void value_in(gb_buf *out, const char *unit, double v)
{
	if (isnan(v))
		gb_buf_puts(out, "-");
	else
		gb_units_format(out, v, unit ? unit : "");
}

static void value_text(gb_buf *out, const gb_bisect_result *r, double v)
{
	value_in(out, r->unit, v);
}

static void judged_text(gb_buf *out, bisect_ctx *b, const gb_bisect_event *e)
{
	static const char *states[] = { "untested", "good", "bad", "skipped" };
	const gb_bisect_judgement *j = e->judgement;

	gb_buf_printf(out, " is %s", states[j->state]);
	if (j->state == GB_BISECT_SKIP) {
		gb_buf_puts(out, ": no results for ");
		gb_escape_text(out, b->name);
		return;
	}
	gb_buf_puts(out, ": ");
	value_in(out, e->unit, j->value);
	gb_buf_printf(out, ", %+.2f%% (%s)", j->change, gb_verdict_name(j->verdict));
}

static void progress(const gb_bisect_event *e, void *payload)
{
	bisect_ctx *b = payload;
	gb_buf line = GB_BUF_INIT;

	gb_buf_puts(&line, "bisect: ");
	if (e->kind == GB_BISECT_EVENT_MEASURE)
		gb_buf_puts(&line, "measuring ");
	else if (e->kind == GB_BISECT_EVENT_CHECK)
		gb_buf_puts(&line, "checking ");
	cli_short_id(&line, b->c.r.repo, e->commit);
	if (e->kind == GB_BISECT_EVENT_JUDGED) {
		judged_text(&line, b, e);
	} else {
		gb_buf_printf(&line, " (%s%zu candidate%s left)",
			e->kind == GB_BISECT_EVENT_CHECK ? "stored results, " : "",
			e->left, e->left == 1 ? "" : "s");
	}
	fflush(stdout);
	fprintf(stderr, "%s\n", line.ptr);
	gb_buf_dispose(&line);
}

/* ---- the report ---------------------------------------------------------- */

static void commit_block(gb_buf *out, git_repository *repo, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_commit *c = NULL;
	const git_signature *a;

	git_oid_tostr(hex, sizeof(hex), id);
	gb_buf_printf(out, "commit %s\n", hex);
	if (git_commit_lookup(&c, repo, id) < 0)
		return;
	a = git_commit_author(c);
	gb_buf_puts(out, "Author: ");
	gb_escape_text(out, a->name);
	gb_buf_puts(out, " <");
	gb_escape_text(out, a->email);
	gb_buf_puts(out, ">\nDate:   ");
	gb_date_format(out, a->when.time, GB_DATE_LOCAL);
	gb_buf_puts(out, "\n\n    ");
	gb_escape_text(out, git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_buf_puts(out, "\n\n");
	git_commit_free(c);
}

/* The value of path[i]: its own, or the good side's for the good end. */
static double value_at(const gb_bisect_result *r, size_t i)
{
	if (!isnan(r->path[i].judgement.value) && r->path[i].judgement.runs)
		return r->path[i].judgement.value;
	return r->bad.good;
}

static void id_list(gb_buf *out, bisect_ctx *b, const char *what, bool measured)
{
	const gb_bisect_result *r = &b->result;
	size_t i, n = 0;

	for (i = 0; i < r->n; i++) {
		bool take = measured ? r->path[i].measured
				     : r->path[i].judgement.state == GB_BISECT_SKIP;

		if (!take)
			continue;
		gb_buf_puts(out, n++ ? " " : what);
		cli_short_id(out, b->c.r.repo, &r->path[i].id);
	}
	if (n)
		gb_buf_putc(out, '\n');
}

static void found_text(gb_buf *out, bisect_ctx *b)
{
	const gb_bisect_result *r = &b->result;
	const gb_bisect_commit *bad = &r->path[r->first_bad];
	double before = value_at(r, r->last_good), after = bad->judgement.value;
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &bad->id);
	gb_buf_printf(out, "%s is the first bad commit\n", hex);
	commit_block(out, b->c.r.repo, &bad->id);
	gb_escape_text(out, b->name);
	gb_buf_puts(out, ": ");
	value_text(out, r, before);
	gb_buf_puts(out, " at ");
	cli_short_id(out, b->c.r.repo, &r->path[r->last_good].id);
	gb_buf_puts(out, " (last good) \xe2\x86\x92 ");
	value_text(out, r, after);
	gb_buf_puts(out, " at ");
	cli_short_id(out, b->c.r.repo, &bad->id);
	gb_buf_printf(out, " (first bad), %+.2f%%\n", 100 * (after - before) / fabs(before));
	gb_buf_puts(out, "Against the good side ");
	cli_short_id(out, b->c.r.repo, &r->good_results);
	gb_buf_puts(out, " (");
	value_text(out, r, bad->judgement.good);
	gb_buf_printf(out, "): %+.2f%%, %s, noise judged from %s\n",
		bad->judgement.change, gb_verdict_name(bad->judgement.verdict),
		gb_evidence_name(bad->judgement.evidence));
}

static void unsettled_text(gb_buf *out, bisect_ctx *b)
{
	const gb_bisect_result *r = &b->result;
	size_t i;

	if (r->bad.state != GB_BISECT_BAD) {
		gb_escape_text(out, b->name);
		gb_buf_puts(out, " does not differ between ");
		cli_short_id(out, b->c.r.repo, &r->good_results);
		gb_buf_puts(out, " and ");
		cli_short_id(out, b->c.r.repo, &r->path[r->n - 1].id);
		gb_buf_puts(out, ": ");
		value_text(out, r, r->bad.good);
		gb_buf_puts(out, " and ");
		value_text(out, r, r->bad.value);
		gb_buf_printf(out, " (%+.2f%%, %s); nothing to bisect\n",
			r->bad.change, gb_verdict_name(r->bad.verdict));
		return;
	}
	gb_buf_puts(out, "The first bad commit is one of:\n");
	for (i = r->last_good + 1; i <= r->first_bad; i++) {
		gb_buf subject = GB_BUF_INIT;
		const gb_bisect_commit *c = &r->path[i];

		cli_short_id(out, b->c.r.repo, &c->id);
		gb_repo_commit_subject(&subject, b->c.r.repo, &c->id);
		gb_buf_printf(out, " %s ", c->judgement.state == GB_BISECT_SKIP ? "skipped "
					  : c->judgement.state == GB_BISECT_BAD ? "bad     "
					  : "untested");
		gb_escape_text(out, subject.ptr ? subject.ptr : "");
		gb_buf_putc(out, '\n');
		gb_buf_dispose(&subject);
	}
	if (!b->o.run)
		gb_buf_puts(out, "(--run measures the commits without results)\n");
}

static int print_text(bisect_ctx *b)
{
	gb_buf out = GB_BUF_INIT;

	if (b->result.found)
		found_text(&out, b);
	else
		unsettled_text(&out, b);
	id_list(&out, b, "Measured and recorded: ", true);
	id_list(&out, b, "Skipped: ", false);
	cli_write(&out);
	gb_buf_dispose(&out);
	return b->result.found ? EXIT_CLEAN : EXIT_CHECK_FAILED;
}

static int print(bisect_ctx *b)
{
	gb_buf out = GB_BUF_INIT;

	if (strcmp(b->o.format, "json"))
		return print_text(b);
	if (cli_bisect_print_json(&out, &b->result, b->c.r.repo, b->name,
		    b->machine) < 0) {
		gb_buf_dispose(&out);
		return cli_error_last();
	}
	cli_write(&out);
	gb_buf_dispose(&out);
	return b->result.found ? EXIT_CLEAN : EXIT_CHECK_FAILED;
}

/* ---- the command --------------------------------------------------------- */

static int measure(const git_oid *commit, void *payload)
{
	bisect_ctx *b = payload;

	return cli_measure_worktree(commit, &b->m);
}

static int search(bisect_ctx *b, const char *const *argv)
{
	gb_bisect_options o = GB_BISECT_OPTIONS_INIT;
	int code;

	if (b->o.run) {
		if ((code = cli_measurer_init(&b->m, &b->c.r, "bisect", argv)) != 0)
			return code;
		b->measuring = true;
		cli_catch_signals();
		o.measure = measure;
	}
	o.name = b->name;
	o.machine = b->machine;
	o.compare = &b->c.opts;
	o.progress = progress;
	o.payload = b;
	if (gb_bisect(&b->result, b->c.r.store, &b->good, &b->bad, &o) < 0) {
		code = cli_error_last();
		return cli_interrupted() ? 128 + cli_interrupted() : code;
	}
	return print(b);
}

static int apply(bisect_ctx *b)
{
	int code;

	if (strcmp(b->o.format, "text") && strcmp(b->o.format, "json"))
		return cli_error("unknown format '%s' (text or json)", b->o.format);
	if (!isnan(b->o.max_regression)) {
		if (b->o.max_regression < 0)
			return cli_error("--max-regression must be 0 or more");
		b->c.opts.max_regression = b->o.max_regression;
	}
	if (b->o.estimator &&
	    gb_estimator_parse(&b->c.opts.estimator, b->o.estimator) < 0)
		return cli_error_last();
	if ((code = cli_pick_machine(&b->machine, &b->c.r, b->o.any_machine,
		     b->o.machine)) != 0)
		return code;
	if (b->o.run && b->o.machine) {
		char *mine = NULL;

		/* What --run measures is this machine's: judged on another's, it
		 * would never count. */
		if ((code = cli_pick_machine(&mine, &b->c.r, false, NULL)) == 0 &&
		    strcmp(mine, b->o.machine))
			code = cli_error("--run measures on this machine (%s), not %s",
				mine, b->o.machine);
		free(mine);
	}
	return code;
}

static int resolve(bisect_ctx *b, int argc, const char **argv)
{
	if (gb_repo_resolve_commit(&b->bad, b->c.r.repo,
		    argc > 1 ? argv[1] : "HEAD") < 0 ||
	    (argc > 0 && gb_repo_resolve_commit(&b->good, b->c.r.repo, argv[0]) < 0))
		return cli_error_last();
	return name_and_good(b, argc > 0);
}

/* Split the arguments at "--": revisions before, a command after. */
static int split_args(int *nrevs, const char *const **command, int argc,
	const char **argv)
{
	int i;

	*nrevs = argc;
	*command = NULL;
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			*nrevs = i;
			*command = argc > i + 1 ? argv + i + 1 : NULL;
			break;
		}
	return *nrevs <= 2 ? 0 : -1;
}

int cmd_bisect(int argc, const char **argv)
{
	bisect_ctx b;
	const struct cli_option opts[] = {
		OPT_STRING(0, "bench", &b.o.pattern, "<name>",
			"the benchmark (a pattern must match only one)"),
		OPT_BOOL(0, "run", &b.o.run,
			"measure commits without results in a temporary work tree"),
		OPT_DOUBLE(0, "max-regression", &b.o.max_regression, "<percent>",
			"regression threshold (default: bench.maxRegression, 10)"),
		OPT_STRING(0, "estimator", &b.o.estimator, "<mean|median>",
			"estimate compared (default: bench.estimator, mean)"),
		OPT_BOOL(0, "any-machine", &b.o.any_machine,
			"results of every machine (default: this machine's)"),
		OPT_STRING(0, "machine", &b.o.machine, "<key>",
			"results of the machine with this key"),
		OPT_STRING(0, "format", &b.o.format, "<format>", "text (default) or json"),
		OPT_END(),
	};
	const char *const *command;
	int nrevs, code;

	memset(&b, 0, sizeof(b));
	b.o.format = "text";
	b.o.max_regression = NAN;
	argc = cli_parse_options(argc, argv, opts, bisect_usage, CLI_KEEP_DASHDASH);
	if (split_args(&nrevs, &command, argc, argv) < 0)
		return cli_usage_error(bisect_usage, opts, "too many revisions");
	if (!b.o.pattern || !*b.o.pattern)
		return cli_usage_error(bisect_usage, opts, "--bench is required");
	if (command && !b.o.run)
		return cli_usage_error(bisect_usage, opts, "a command is for --run");
	if ((code = cli_cmp_open(&b.c)) == 0 && (code = apply(&b)) == 0 &&
	    (code = resolve(&b, nrevs, argv)) == 0)
		code = search(&b, command);
	if (b.measuring)
		cli_measurer_dispose(&b.m);
	gb_bisect_result_dispose(&b.result);
	free(b.machine);
	free(b.name);
	cli_cmp_close(&b.c);
	return code;
}
