/*
 * git bench log: each benchmark's trend along first parents, with its
 * change points; --commits lists the measured commits instead.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "range.h"
#include "repo.h"
#include "terminal.h"
#include "gitbench/machine.h"

static const char *const log_usage[] = {
	"git bench log [<options>] [<range>]",
	"git bench log --commits [-n <n>] [<range>]",
	NULL,
};

struct log_opts {
	const char *pattern, *format, *estimator;
	struct cli_machine_flags machine;
	long max;
	int commits, changed;
	const char *measure;
	const char *window;
};

/* ---- --commits: the listing of measured commits ---------------------- */

typedef struct {
	cli_repo *r;
	const char *machine;
	long max, shown;
	gb_buf out;
} listing;

/* One measured commit's line, if it has runs of the machine. */
static int list_commit(const gb_measured_commit *mc, void *payload)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	listing *l = payload;
	gb_runlist runs = { 0 };
	bool damaged = false;
	int error = 0;

	if (l->max >= 0 && l->shown >= l->max)
		return 1;
	dopts.skip_samples = true;
	if (gb_store_read(&runs, l->r->store, mc->commit, &dopts) < 0) {
		cli_warning("%s", gb_error_last()->message);
		damaged = true;
	}
	gb_runlist_keep_machine(&runs, l->machine);
	if ((damaged || runs.count) &&
	    (error = gb_output_commit_line(&l->out, l->r->repo, mc->commit,
		     &runs, damaged, cli_terminal_width())) == 0)
		l->shown++;
	gb_runlist_dispose(&runs);
	/* Stream: a long history shows its first lines at once. */
	if (l->out.size > 8192) {
		cli_write(&l->out);
		gb_buf_clear(&l->out);
	}
	return error;
}

static int list_commits(cli_repo *r, const cli_range *range, long max,
	const char *machine)
{
	gb_walk_options wo;
	listing l = { r, machine, max, 0, GB_BUF_INIT };
	int code = EXIT_CLEAN;

	cli_range_walk(&wo, range);
	if (gb_store_measured_foreach(r->store, &range->start, &wo, list_commit,
		    &l) < 0)
		code = cli_error_last();
	cli_write(&l.out);
	if (!code)
		cli_warn_history_cut(r);
	gb_buf_dispose(&l.out);
	return code;
}

/* ---- trends ------------------------------------------------------------ */

static void warn_damaged(cli_repo *r, const gb_series_set *set)
{
	size_t i;

	for (i = 0; i < set->ncommits; i++) {
		gb_buf id = GB_BUF_INIT;

		if (!set->commits[i].damaged)
			continue;
		gb_repo_short_id_buf(&id, r->repo, &set->commits[i].id);
		cli_warning("cannot read results for %s: left out of the trends",
			id.ptr);
		gb_buf_dispose(&id);
	}
}

/* Nothing in the range: of this machine, or at all. */
static int say_none(const gb_trend_list *list)
{
	if (list->others)
		return cli_error("no results on machine %s in this range; results "
				 "there are of %s (--machine or --any-machine)",
			list->machine, list->others);
	if (list->machine)
		return cli_error("no results on machine %s in this range",
			list->machine);
	return cli_error("no results in this range");
}

static int show_trends(cli_repo *r, const cli_range *range,
	const struct log_opts *o, gb_output_format format)
{
	gb_trend_list_options to = GB_TREND_LIST_OPTIONS_INIT;
	gb_output_options oo;
	gb_trend_list list;
	gb_buf out = GB_BUF_INIT;
	int code = 0;

	to.machine = o->machine.key;
	to.any_machine = o->machine.any;
	to.pattern = o->pattern;
	to.measure = o->measure;
	to.estimator = o->estimator;
	to.max_commits = o->max > 0 ? (size_t)o->max : 0;
	to.hide = range->has_hide ? &range->hide : NULL;
	/*
	 * -n 0 walks no commit, as git log -n 0, but its options are still
	 * checked, and JSON and CSV are still a document, an empty one.
	 */
	if (o->max == 0)
		to.hide = &range->start;
	to.changed_only = o->changed;
	to.window = o->window;
	if (gb_trend_list_collect(&list, r->store, &range->start, &to) < 0)
		return cli_error_last();
	warn_damaged(r, &list.set);
	if (list.cut)
		cli_warn_history_cut(r);
	cli_output_options(&oo, format, r->config);
	/* Nothing to show is an error in every format: one exit status. */
	if (o->max != 0 && !list.nrows && !o->changed)
		code = say_none(&list);
	else if (o->max == 0 && format != GB_OUTPUT_JSON &&
		 format != GB_OUTPUT_CSV)
		code = 0;       /* -n 0: not a line of text */
	else if (gb_output_trends(&out, &list, r->repo, &oo) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	gb_trend_list_dispose(&list);
	return code;
}

int cmd_log(int argc, const char **argv)
{
	struct log_opts o = { NULL, NULL, NULL, { 0, NULL }, -1, 0, 0, NULL,
		NULL };
	char *key = NULL;
	const struct cli_option opts[] = {
		CLI_BENCH_FLAG(o.pattern),
		CLI_MEASURE_FLAG(o.measure),
		OPT_INT('n', "max-count", &o.max, "<n>",
			"only the <n> most recent measured commits"),
		OPT_BOOL(0, "changed", &o.changed,
			"only benchmarks with change points"),
		OPT_STRING(0, "window", &o.window, "<7d|30d|n>",
			"also a rolling mean (or median) over the commits of a "
			"time window or the last <n>"),
		OPT_STRING(0, "format", &o.format, "<format>",
			cli_format_help(GB_OUTPUT_TRENDS)),
		OPT_STRING(0, "estimator", &o.estimator, "<mean|median>",
			"estimate shown (default: bench.estimator, "
			GB_DEFAULT_ESTIMATOR ")"),
		CLI_MACHINE_FLAGS(o.machine),
		OPT_BOOL(0, "commits", &o.commits,
			"list the measured commits instead of trends"),
		OPT_END(),
	};
	gb_output_format format;
	gb_window window;
	cli_range range;
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, log_usage, 0);
	if (argc > 1)
		return cli_usage_error(log_usage, opts, "too many arguments");
	if ((code = cli_output_format(&format, GB_OUTPUT_TRENDS, o.format)) != 0)
		return code;
	if (o.commits && (format != GB_OUTPUT_TEXT || o.pattern || o.measure ||
			  o.changed))
		return cli_usage_error(log_usage, opts,
			"--commits lists commits: no --format, --bench, --measure or --changed");
	if (o.machine.any && o.machine.key)
		return cli_usage_error(log_usage, opts,
			"--any-machine and --machine do not go together");
	if (o.window && (o.commits || gb_window_parse(&window, o.window) < 0))
		return o.commits ? cli_usage_error(log_usage, opts,
					   "--commits lists commits: no --window")
				 : cli_error_last();
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	/* An alias (bench.machine.<key>.alias) stands for its key. */
	if (o.machine.key && gb_machine_resolve(&key, r.config, o.machine.key) < 0)
		code = cli_error_last();
	else if (key)
		o.machine.key = key;
	if (code == 0)
		code = cli_parse_range(&range, r.store, argc ? argv[0] : NULL);
	if (code == 0 && o.commits)
		/* The listing says which commits have results, whoever measured. */
		code = list_commits(&r, &range, o.max, o.machine.key);
	else if (code == 0)
		code = show_trends(&r, &range, &o, format);
	cli_repo_close(&r);
	free(key);
	return code;
}
