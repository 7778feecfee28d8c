/*
 * git bench bisect: the first commit on the first-parent path from GOOD
 * to BAD where a benchmark differs from GOOD as BAD does, from stored
 * results, measuring the missing ones in a temporary work tree with --run.
 */
#include <stdio.h>
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

static const char *const bisect_usage[] = {
	"git bench bisect --bench <name> [<options>] [<good> [<bad>]]",
	"git bench bisect --bench <name> --run [<options>] [<good> [<bad>]] [-- <command>...]",
	NULL,
};

struct bisect_opts {
	const char *pattern, *format, *measure;
	struct cli_verdict_flags verdict;
	struct cli_machine_flags machine;
	int run;
};

typedef struct {
	cli_repo r;
	gb_check c;                   /* the settings and flags */
	struct bisect_opts o;
	gb_output_format format;
	char *machine;
	char *name;
	git_oid good, bad;
	gb_bisect_result result;
	cli_measurer m;
	bool measuring;
} bisect_ctx;

/* ---- the benchmark and the good side ---------------------------------- */

/* Measured commits whose names a typo is told against, at most. */
#define NAMES_COMMITS 20

/*
 * Nothing on the bad side's first parents matches: a typo (no benchmark
 * recorded there matches, or none has the measure), else none of the
 * machine's.
 */
static int no_match(bisect_ctx *b, const char *pattern, const char *measure)
{
	gb_names names = { NULL, 0, 0, NULL }, measures = { NULL, 0, 0, NULL };
	int code;

	if (gb_names_near_measures(&names, &measures, b->r.store, &b->bad,
		    NAMES_COMMITS) == 0 && names.n &&
	    (gb_names_match(&names, pattern) < 0 ||
	     gb_names_match_measure(&measures, measure) < 0))
		code = cli_error_last();
	else
		code = cli_error("no results for a benchmark matching '%s' on the "
				 "first parents of the bad commit%s%s", pattern,
			b->machine ? " on machine " : "",
			b->machine ? b->machine : "");
	gb_names_dispose(&names);
	gb_names_dispose(&measures);
	return code;
}

/*
 * The benchmark --bench names among the series at the bad commit, all in
 * one measure: its label ("name", "name [measure]"), as bisect takes it.
 */
static int resolve_name(char **out, bisect_ctx *b, const gb_series_set *set,
	const char *measure)
{
	char **names = calloc(set->nseries ? set->nseries : 1, sizeof(*names));
	const char *name = NULL;
	gb_buf label = GB_BUF_INIT;
	size_t i;
	int code = 0;

	if (!names)
		return cli_error("out of memory");
	for (i = 0; i < set->nseries && !code; i++) {
		gb_buf_clear(&label);
		if (gb_measure_label(&label, set->series[i].name,
			    set->series[i].measure) < 0 ||
		    !(names[i] = strdup(label.ptr)))
			code = cli_error("out of memory");
	}
	if (code)
		;
	else if (!set->nseries)
		code = no_match(b, b->o.pattern, measure);
	else if (gb_check_bisect_name(&name, (const char *const *)names,
			 set->nseries, b->o.pattern) < 0)
		code = cli_error("--bench %s", gb_error_last()->message);
	else if (!(*out = strdup(name)))
		code = cli_error("out of memory");
	for (i = 0; i < set->nseries; i++)
		free(names[i]);
	free(names);
	gb_buf_dispose(&label);
	return code;
}

/* The measure a bisection is in: --bench's label's, else --measure's. */
static char *bisect_measure(const struct bisect_opts *o)
{
	size_t name_len, len;
	const char *in;

	if (gb_measure_label_split(&name_len, &in, &len, o->pattern,
		    strlen(o->pattern)))
		return strndup(in, len);
	return strdup(o->measure ? o->measure : GB_MEASURE_TIME);
}

/*
 * The benchmark's name, and the good side when none was given: the oldest
 * commit on the bad commit's first parents with results for it.
 */
static int name_and_good(bisect_ctx *b, bool good_given)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_series_set set = { 0 };
	char *measure = bisect_measure(&b->o);
	const gb_series *s;
	int code;

	if (!measure)
		return cli_error("out of memory");
	so.machine = b->machine;
	so.pattern = b->o.pattern;
	so.measure = measure;
	code = gb_series_collect(&set, b->r.store, &b->bad, &so) < 0
		? cli_error_last() : resolve_name(&b->name, b, &set, measure);
	free(measure);
	if (code == 0 && !good_given) {
		/* One measure: the series the label names is the one of its name. */
		for (s = set.series; s < set.series + set.nseries; s++) {
			gb_buf label = GB_BUF_INIT;
			bool same = gb_measure_label(&label, s->name, s->measure) == 0 &&
				    !strcmp(label.ptr, b->name);

			gb_buf_dispose(&label);
			if (same)
				break;
		}
		git_oid_cpy(&b->good, &set.commits[s->points[0].commit].id);
		/* In a shallow clone older results may be past its edge. */
		if (git_oid_equal(&b->good, &b->bad))
			code = gb_repo_is_shallow(b->r.repo)
				? cli_error("only the bad commit has results for '%s' "
					    "here; " GB_SHALLOW_HINT, b->name)
				: cli_error("only the bad commit has results for '%s': "
					    "name a good commit to measure from (with "
					    "--run)", b->name);
		else if (gb_repo_is_shallow(b->r.repo))
			cli_warning(GB_SHALLOW_HINT);
	}
	gb_series_set_dispose(&set);
	return code;
}

/* ---- progress and the verdict -------------------------------------------- */

static void progress(const gb_bisect_event *e, void *payload)
{
	bisect_ctx *b = payload;
	gb_buf line = GB_BUF_INIT;

	gb_buf_puts(&line, "bisect: ");
	gb_output_bisect_event(&line, e, b->r.repo, b->name);
	gb_buf_putc(&line, '\n');
	cli_write_err(&line);
	gb_buf_dispose(&line);
}

/* On the progress stream: what the series of stored results showed. */
static void series_progress(bisect_ctx *b)
{
	const gb_bisect_result *r = &b->result;
	gb_buf line = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < r->nsteps; i++) {
		gb_buf_printf(&line, "bisect: %zu measured commits step from ",
			r->measured_commits);
		gb_repo_short_id_buf(&line, b->r.repo, &r->path[r->steps[i].before].id);
		gb_buf_puts(&line, " to ");
		gb_repo_short_id_buf(&line, b->r.repo, &r->path[r->steps[i].after].id);
		gb_buf_printf(&line, " (%+.2f%%, %s)\n",
			gb_units_percent(r->steps[i].change, 2),
			gb_verdict_name(r->steps[i].verdict));
	}
	cli_write_err(&line);
	gb_buf_dispose(&line);
}

/* Whether a list of candidates was shown: --run would narrow it. */
static bool shows_candidates(const gb_bisect_result *r)
{
	size_t i;

	/* A step the noise cannot place says how to narrow it itself. */
	for (i = 0; i < r->nsteps; i++)
		if (!r->steps[i].found && r->steps[i].placed)
			return true;
	return !r->nsteps && !r->found && r->bad.state == GB_BISECT_BAD;
}

static int print(bisect_ctx *b)
{
	gb_output_options o;
	gb_buf out = GB_BUF_INIT;

	if (b->format == GB_OUTPUT_TEXT)
		series_progress(b);
	cli_output_options(&o, b->format, b->r.config);
	if (gb_output_bisect(&out, &b->result, b->r.repo, b->name, b->machine,
		    &o) < 0) {
		gb_buf_dispose(&out);
		return cli_error_last();
	}
	if (b->format == GB_OUTPUT_TEXT && shows_candidates(&b->result) &&
	    !b->o.run)
		gb_buf_puts(&out, "(--run measures the commits without results)\n");
	cli_write(&out);
	gb_buf_dispose(&out);
	return gb_bisect_result_complete(&b->result) ? EXIT_CLEAN
						     : EXIT_CHECK_FAILED;
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
		if ((code = cli_measurer_init(&b->m, &b->r, "bisect", argv)) != 0)
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
	if (gb_bisect(&b->result, b->r.store, &b->good, &b->bad, &o) < 0) {
		code = cli_error_last();
		return cli_interrupted() ? 128 + cli_interrupted() : code;
	}
	return print(b);
}

/* The machine; --run measures this one, so another cannot be asked. */
static int pick_machine(bisect_ctx *b)
{
	char *mine = NULL;
	int code = 0;

	if (gb_machine_pick(&b->machine, b->o.machine.key, b->o.machine.any,
		    b->r.config) < 0)
		return cli_error_last();
	if (!b->o.run || !b->o.machine.key)
		return 0;
	/* What --run measures is this machine's: judged on another's, it
	 * would never count. */
	if (gb_machine_this(&mine, NULL, b->r.config) < 0)
		code = cli_error_last();
	else if (strcmp(mine, b->o.machine.key))
		code = cli_error("--run measures on this machine (%s), not %s",
			mine, b->o.machine.key);
	free(mine);
	return code;
}

static int resolve(bisect_ctx *b, int argc, const char **argv)
{
	if (gb_revision_resolve(&b->bad, b->r.store,
		    argc > 1 ? argv[1] : "HEAD") < 0 ||
	    (argc > 0 && gb_revision_resolve(&b->good, b->r.store, argv[0]) < 0))
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

/* The check of the settings under the flags; 0 or an exit code. */
static int open_check(bisect_ctx *b)
{
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	int code;

	if ((code = cli_output_format(&b->format, GB_OUTPUT_BISECT,
		     b->o.format)) != 0 ||
	    (code = cli_verdict_flags_apply(&co, &b->o.verdict)) != 0)
		return code;
	co.measure = b->o.measure;
	if ((code = cli_check_open(&b->c, &b->r, &co)) != 0)
		return code;
	return pick_machine(b);
}

int cmd_bisect(int argc, const char **argv)
{
	bisect_ctx b;
	const struct cli_option opts[] = {
		OPT_STRING(0, "bench", &b.o.pattern, "<name>",
			"the benchmark (a pattern must match only one)"),
		CLI_MEASURE_FLAG(b.o.measure),
		OPT_BOOL(0, "run", &b.o.run,
			"measure commits without results in a temporary work tree"),
		CLI_VERDICT_FLAGS(b.o.verdict),
		CLI_MACHINE_FLAGS(b.o.machine),
		OPT_STRING(0, "format", &b.o.format, "<format>",
			cli_format_help(GB_OUTPUT_BISECT)),
		OPT_END(),
	};
	const char *const *command;
	int nrevs, code;

	memset(&b, 0, sizeof(b));
	b.o.verdict.max_regression = NAN;
	argc = cli_parse_options(argc, argv, opts, bisect_usage, CLI_KEEP_DASHDASH);
	if (split_args(&nrevs, &command, argc, argv) < 0)
		return cli_usage_error(bisect_usage, opts, "too many revisions");
	if (!b.o.pattern || !*b.o.pattern)
		return cli_usage_error(bisect_usage, opts, "--bench is required");
	if (command && !b.o.run)
		return cli_usage_error(bisect_usage, opts, "a command is for --run");
	if ((code = open_check(&b)) == 0 && (code = resolve(&b, nrevs, argv)) == 0)
		code = search(&b, command);
	if (b.measuring)
		cli_measurer_dispose(&b.m);
	gb_bisect_result_dispose(&b.result);
	free(b.machine);
	free(b.name);
	cli_check_close(&b.c, &b.r);
	return code;
}
