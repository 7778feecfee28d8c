/*
 * git bench log: each benchmark's trend along first parents, with its
 * change points; --commits lists the measured commits instead.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"

static const char *const log_usage[] = {
	"git bench log [<options>] [<range>]",
	"git bench log --commits [-n <n>] [<range>]",
	NULL,
};

struct log_opts {
	const char *pattern, *format, *machine, *estimator;
	long max;
	int commits, any_machine, changed;
};

/* ---- --commits: the listing of measured commits ---------------------- */

/* Distinct benchmark names over the runs, and the first label. */
static size_t count_results(const gb_runlist *runs, const char **label)
{
	size_t i, j, k, n = 0;

	*label = NULL;
	for (i = 0; i < runs->count; i++) {
		const gb_run *run = runs->runs[i];

		if (!*label && run->label)
			*label = run->label;
		for (j = 0; j < run->nresults; j++) {
			const char *name = run->results[j].name;
			bool seen = false;

			for (k = 0; k < i && !seen; k++)
				seen = gb_run_find(runs->runs[k], name) != NULL;
			n += !seen;
		}
	}
	return n;
}

static void log_line(gb_buf *out, cli_repo *r, git_commit *c,
	const gb_runlist *runs, bool damaged)
{
	const char *label = NULL;
	size_t n;

	cli_short_id(out, r->repo, git_commit_id(c));
	gb_buf_putc(out, ' ');
	gb_date_format(out, git_commit_time(c), GB_DATE_DAY);
	gb_buf_putc(out, ' ');
	if (damaged) {
		gb_buf_puts(out, " damaged results ");
	} else {
		n = count_results(runs, &label);
		gb_buf_printf(out, "%3zu result%s", n, n == 1 ? " " : "s");
		if (runs->count > 1)
			gb_buf_printf(out, " (%zu runs)", runs->count);
		gb_buf_putc(out, ' ');
	}
	if (label) {
		gb_buf_puts(out, " (");
		gb_escape_text(out, label);
		gb_buf_puts(out, ")");
	}
	gb_buf_putc(out, ' ');
	gb_escape_text(out, git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_buf_putc(out, '\n');
}

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
	git_commit *c = NULL;
	bool damaged = false;

	if (l->max >= 0 && l->shown >= l->max)
		return 1;
	dopts.skip_samples = true;
	if (gb_store_read(&runs, l->r->store, mc->commit, &dopts) < 0) {
		cli_warning("%s", gb_error_last()->message);
		damaged = true;
	}
	gb_runlist_keep_machine(&runs, l->machine);
	if ((damaged || runs.count) &&
	    git_commit_lookup(&c, l->r->repo, mc->commit) == 0) {
		log_line(&l->out, l->r, c, &runs, damaged);
		l->shown++;
	}
	git_commit_free(c);
	gb_runlist_dispose(&runs);
	/* Stream: a long history shows its first lines at once. */
	if (l->out.size > 8192) {
		cli_write(&l->out);
		gb_buf_clear(&l->out);
	}
	return 0;
}

static int list_commits(cli_repo *r, const cli_range *range, long max,
	const char *machine)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	listing l = { r, machine, max, 0, GB_BUF_INIT };
	int code = EXIT_CLEAN;

	wo.hide = range->has_hide ? &range->hide : NULL;
	if (gb_store_measured_foreach(r->store, &range->start, &wo, list_commit,
		    &l) < 0)
		code = cli_error_last();
	cli_write(&l.out);
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
		cli_short_id(&id, r->repo, &set->commits[i].id);
		cli_warning("cannot read results for %s: left out of the trends",
			id.ptr);
		gb_buf_dispose(&id);
	}
}

static int compute_rows(cli_log_row **out, size_t *n, const gb_series_set *set,
	const gb_changepoint_options *cp, bool changed_only)
{
	cli_log_row *rows = calloc(set->nseries ? set->nseries : 1, sizeof(*rows));
	size_t i, k = 0;

	*out = rows;
	*n = 0;
	if (!rows)
		return cli_error("out of memory");
	for (i = 0; i < set->nseries; i++) {
		rows[k].series = &set->series[i];
		if (gb_trend_compute(&rows[k].trend, &set->series[i], cp) < 0) {
			*n = k;
			return cli_error_last();
		}
		if (rows[k].trend.n == 0 || (changed_only && !rows[k].trend.nchanges))
			gb_trend_dispose(&rows[k].trend);
		else
			k++;
	}
	*n = k;
	return 0;
}

static int print_view(cli_repo *r, const gb_series_set *set,
	const cli_log_row *rows, size_t nrows, const gb_series_options *so,
	const gb_changepoint_options *cp, const char *format)
{
	gb_buf out = GB_BUF_INIT;
	cli_log_view v;
	int code = 0;

	memset(&v, 0, sizeof(v));
	v.r = r;
	v.set = set;
	v.rows = rows;
	v.nrows = nrows;
	v.machine = so->machine;
	v.estimator = so->estimator;
	v.cp = cp;
	v.color = !strcmp(format, "table") && cli_use_color(r->config, 1);
	v.width = cli_terminal_width();
	if (cli_log_print(&out, &v, format) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	return code;
}

static int show_trends(cli_repo *r, const cli_range *range,
	const struct log_opts *o, const char *machine)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	const char *est = o->estimator ? o->estimator
				       : gb_config_get(r->config, "bench.estimator", NULL);
	gb_changepoint_options cp;
	gb_series_set set = { 0 };
	cli_log_row *rows = NULL;
	size_t i, nrows = 0;
	int code;

	so.machine = machine;
	so.pattern = o->pattern;
	so.max_commits = o->max > 0 ? (size_t)o->max : 0;
	so.hide = range->has_hide ? &range->hide : NULL;
	if (gb_changepoint_options_load(&cp, r->config) < 0 ||
	    gb_estimator_parse(&so.estimator, est) < 0 ||
	    gb_series_collect(&set, r->store, &range->start, &so) < 0)
		return cli_error_last();
	warn_damaged(r, &set);
	if ((code = compute_rows(&rows, &nrows, &set, &cp, o->changed)) == 0) {
		if (!nrows && !o->changed && strcmp(o->format, "json") &&
		    strcmp(o->format, "csv"))
			code = cli_error("no results%s%s in this range%s",
				machine ? " on machine " : "", machine ? machine : "",
				machine ? " (--any-machine shows every machine's)" : "");
		else
			code = print_view(r, &set, rows, nrows, &so, &cp, o->format);
	}
	for (i = 0; i < nrows; i++)
		gb_trend_dispose(&rows[i].trend);
	free(rows);
	gb_series_set_dispose(&set);
	return code;
}

static bool known_format(const char *f)
{
	return !strcmp(f, "table") || !strcmp(f, "markdown") ||
	       !strcmp(f, "json") || !strcmp(f, "csv");
}

int cmd_log(int argc, const char **argv)
{
	struct log_opts o = { NULL, "table", NULL, NULL, -1, 0, 0, 0 };
	const struct cli_option opts[] = {
		OPT_STRING(0, "bench", &o.pattern, "<pattern>",
			"only benchmarks matching (substring, or glob with * ? [)"),
		OPT_INT('n', "max-count", &o.max, "<n>",
			"only the <n> most recent measured commits"),
		OPT_BOOL(0, "changed", &o.changed,
			"only benchmarks with change points"),
		OPT_STRING(0, "format", &o.format, "<format>",
			"table (default), markdown, json or csv"),
		OPT_STRING(0, "estimator", &o.estimator, "<mean|median>",
			"estimate shown (default: bench.estimator, mean)"),
		OPT_BOOL(0, "any-machine", &o.any_machine,
			"results of every machine (default: this machine's)"),
		OPT_STRING(0, "machine", &o.machine, "<key>",
			"results of the machine with this key"),
		OPT_BOOL(0, "commits", &o.commits,
			"list the measured commits instead of trends"),
		OPT_END(),
	};
	cli_range range;
	char *machine = NULL;
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, log_usage, 0);
	if (argc > 1)
		return cli_usage_error(log_usage, opts, "too many arguments");
	if (!known_format(o.format))
		return cli_error("unknown format '%s' (table, markdown, json or csv)",
			o.format);
	if (o.commits && (strcmp(o.format, "table") || o.pattern || o.changed))
		return cli_usage_error(log_usage, opts,
			"--commits lists commits: no --format, --bench or --changed");
	if (o.any_machine && o.machine)
		return cli_usage_error(log_usage, opts,
			"--any-machine and --machine do not go together");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	code = cli_parse_range(&range, r.repo, argc ? argv[0] : NULL);
	if (code == 0 && o.commits)
		/* The listing says which commits have results, whoever measured. */
		code = list_commits(&r, &range, o.max, o.machine);
	else if (code == 0 && (code = cli_pick_machine(&machine, &r,
				       o.any_machine, o.machine)) == 0)
		code = show_trends(&r, &range, &o, machine);
	free(machine);
	cli_repo_close(&r);
	return code;
}
