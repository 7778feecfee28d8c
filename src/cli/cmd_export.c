/*
 * git bench export: every run of a range as flat rows, one per run and
 * benchmark, in CSV or JSON (docs/export.md). Rows are written as each
 * commit is read, so a long history never sits in memory. OpenMetrics
 * gathers its families over the range and writes them at the end; a push
 * sends the newest run to a Pushgateway.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "range.h"
#include "repo.h"
#include "terminal.h"

static const char *const export_usage[] = {
	"git bench export [<options>] [<range>]",
	"git bench export --push-gateway <url> [<options>] [<range>]",
	NULL,
};

struct export_ctx {
	gb_output_options o;
	const char *pattern, *machine, *measure;
	gb_selector sel;
	cli_repo *r;
	gb_buf out;
	size_t rows;
	size_t machine_runs;   /* runs of --machine read (all without it) */
	size_t selected;       /* results --bench and --measure kept */
	gb_metrics *metrics;   /* --format openmetrics */
	gb_run *newest;        /* --push-gateway: the run to send */
};

static bool want_selected(const char *name, size_t len, void *payload)
{
	(void)len;
	return gb_selector_name(payload, name);
}

/*
 * The runs of commit `id` that the options select. 1 when its results
 * cannot be read: said in a warning, and the command goes on.
 */
static int read_runs(gb_runlist *runs, struct export_ctx *x, const git_oid *id)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	size_t i;

	dopts.skip_samples = true;
	if (x->pattern) {
		dopts.want = want_selected;
		dopts.payload = &x->sel;
	}
	if (gb_store_read(runs, x->r->store, id, &dopts) < 0) {
		cli_warning("%s", gb_error_last()->message);
		return 1;
	}
	gb_runlist_keep_machine(runs, x->machine);
	x->machine_runs += runs->count;
	gb_selector_keep(&x->sel, runs);
	for (i = 0; i < runs->count; i++)
		x->selected += runs->runs[i]->nresults;
	return 0;
}

/* The rows of one commit, then out to stdout when enough have gathered. */
static int export_commit(struct export_ctx *x, const git_oid *id)
{
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	int code = 0;

	if (read_runs(&runs, x, id) != 0)
		goto done;
	if (git_commit_lookup(&c, x->r->repo, id) < 0) {
		code = cli_error("cannot read a measured commit: %s",
			gb_repo_git_error());
		goto done;
	}
	if (x->metrics ? gb_metrics_add(x->metrics, &runs) < 0
		       : gb_output_export_runs(&x->out, &x->rows, &runs,
			       git_commit_time(c), &x->o) < 0)
		code = cli_error_last();
	if (!code && x->out.size > 65536) {
		if (!cli_write(&x->out))
			code = cli_error("cannot write output");
		gb_buf_clear(&x->out);
	}
done:
	git_commit_free(c);
	gb_runlist_dispose(&runs);
	return code;
}

typedef struct {
	git_oid *ids;
	size_t n, alloc;
} id_list;

static int add_id(const gb_measured_commit *mc, void *payload)
{
	id_list *l = payload;

	if (l->n == l->alloc) {
		size_t alloc = l->alloc ? l->alloc * 2 : 256;
		git_oid *p = realloc(l->ids, alloc * sizeof(*p));

		if (!p)
			return gb_error_set(GB_ERROR, "out of memory");
		l->ids = p;
		l->alloc = alloc;
	}
	git_oid_cpy(&l->ids[l->n++], mc->commit);
	return 0;
}

/* The measured commits of a range, newest first. */
static int range_ids(id_list *l, struct export_ctx *x, const char *spec)
{
	gb_walk_options wo;
	cli_range range;
	int code;

	if ((code = cli_parse_range(&range, x->r->store, spec)) != 0)
		return code;
	cli_range_walk(&wo, &range);
	if (gb_store_measured_foreach(x->r->store, &range.start, &wo, add_id,
		    l) < 0)
		return cli_error_last();
	return 0;
}

/*
 * Nothing exported for --machine, --bench or --measure: a machine with no
 * run anywhere, a pattern that matches no benchmark recorded near the
 * range's newest measured commit, or a measure none of them has, is an
 * error, as for log and compare (a typo must not read as an empty
 * history). A range with nothing in it, or a store with nothing recorded,
 * is empty, not an error.
 */
static int check_selection(struct export_ctx *x, const id_list *l)
{
	gb_names names = { NULL, 0, 0, NULL }, measures = { NULL, 0, 0, NULL };
	int error = 0;

	if (x->machine && !x->machine_runs &&
	    (error = gb_names_machines(&names, x->r->store)) == 0 && names.n)
		error = gb_names_match_machine(&names, x->machine);
	gb_names_dispose(&names);
	if (!error && (x->pattern || x->measure) && !x->selected && l->n &&
	    (error = gb_names_near_measures(&names, &measures, x->r->store,
		     &l->ids[0], 20)) == 0 && names.n &&
	    (error = gb_names_match(&names, x->pattern)) == 0)
		error = gb_names_match_measure(&measures, x->measure);
	gb_names_dispose(&names);
	gb_names_dispose(&measures);
	return error < 0 ? cli_error_last() : 0;
}

static int export_range(struct export_ctx *x, const char *spec)
{
	id_list l = { NULL, 0, 0 };
	size_t i;
	int code;

	/* The walk goes newest first; a spreadsheet reads a history oldest
	 * first: the ids alone are kept, then read back in turn. */
	if ((code = range_ids(&l, x, spec)) == 0 &&
	    gb_output_export_begin(&x->out, &x->o) < 0)
		code = cli_error_last();
	for (i = l.n; i > 0 && !code; i--)
		code = export_commit(x, &l.ids[i - 1]);
	if (!code)
		code = check_selection(x, &l);
	if (!code && (x->metrics
			     ? gb_output_metrics(&x->out, x->metrics, &x->o)
			     : gb_output_export_end(&x->out, x->rows, &x->o)) < 0)
		code = cli_error_last();
	if (!code && !cli_write(&x->out))
		code = cli_error("cannot write output");
	free(l.ids);
	return code;
}

/* The newest run of commit `id` that the options select, if any. */
static int newest_of(struct export_ctx *x, const git_oid *id)
{
	gb_runlist runs = { 0 };
	size_t i, best = 0;

	if (read_runs(&runs, x, id) != 0)
		return 0;
	for (i = 1; i < runs.count; i++)
		if (runs.runs[i]->time >= runs.runs[best]->time)
			best = i;
	if (runs.count) {
		x->newest = runs.runs[best];
		runs.runs[best] = NULL;
	}
	gb_runlist_dispose(&runs);
	return 0;
}

static void say_pushed(cli_repo *r, const gb_run *run)
{
	gb_buf line = GB_BUF_INIT;

	gb_buf_printf(&line, "pushed run %s of ", run->id);
	gb_repo_short_id_buf(&line, r->repo, &run->commit);
	gb_buf_puts(&line, " for machine ");
	gb_escape_text(&line, run->machine);
	gb_buf_putc(&line, '\n');
	cli_write(&line);
	gb_buf_dispose(&line);
}

/* The newest run of the range to the Pushgateway at `url`. */
static int push_range(struct export_ctx *x, const char *spec, const char *url,
	const gb_pushgateway_options *po)
{
	id_list l = { NULL, 0, 0 };
	size_t i;
	int code;

	code = range_ids(&l, x, spec);
	for (i = 0; i < l.n && !x->newest && !code; i++)
		code = newest_of(x, &l.ids[i]);
	if (!code && !x->newest)
		code = cli_error("no runs%s%s in this range to push",
			x->machine ? " of machine " : "",
			x->machine ? x->machine : "");
	if (!code && gb_pushgateway_push(url, x->newest, po) < 0)
		code = cli_error_last();
	if (!code)
		say_pushed(x->r, x->newest);
	free(l.ids);
	return code;
}

/*
 * The branch a range's tip names: "main" for HEAD on main, "topic" for
 * v1..topic; none for a detached HEAD, a tag or a commit id.
 */
static char *range_branch(git_repository *repo, const char *spec)
{
	const char *dots = spec ? strstr(spec, "..") : NULL;
	const char *tip = !spec ? "HEAD" : dots ? dots + 2 : spec;
	git_reference *ref = NULL, *resolved = NULL;
	git_object *obj = NULL;
	char *name = NULL;

	if (git_revparse_ext(&obj, &ref, repo, *tip ? tip : "HEAD") == 0 &&
	    ref && git_reference_resolve(&resolved, ref) == 0 &&
	    (git_reference_is_branch(resolved) ||
	     git_reference_is_remote(resolved)))
		name = strdup(git_reference_shorthand(resolved));
	git_reference_free(resolved);
	git_reference_free(ref);
	git_object_free(obj);
	return name;
}

struct export_args {
	const char *format, *url, *job, *branch;
};

static int check_args(const struct export_args *a, const gb_output_options *o,
	const char *const *usage, const struct cli_option *opts)
{
	if (a->url && a->format)
		return cli_usage_error(usage, opts,
			"--push-gateway sends metrics: it takes no --format");
	if (a->job && !a->url)
		return cli_usage_error(usage, opts, "--job needs --push-gateway");
	if (a->branch && !a->url && o->format != GB_OUTPUT_OPENMETRICS)
		return cli_usage_error(usage, opts,
			"--branch is for --format openmetrics or --push-gateway");
	return 0;
}

/* What a metric says: the estimate compared and the branch of the range. */
static int metrics_setup(gb_estimator *est, char **branch, cli_repo *r,
	const struct export_args *a, const char *spec)
{
	if (gb_estimator_parse(est, gb_config_get(r->config, "bench.estimator",
					  NULL)) < 0)
		return cli_error_last();
	*branch = a->branch ? strdup(a->branch) : range_branch(r->repo, spec);
	return 0;
}

static int run_export(struct export_ctx *x, const struct export_args *a,
	const char *spec)
{
	gb_pushgateway_options po = GB_PUSHGATEWAY_OPTIONS_INIT;
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	char *branch = NULL;
	int code;

	if (!a->url && x->o.format != GB_OUTPUT_OPENMETRICS)
		return export_range(x, spec);
	if ((code = metrics_setup(&mo.estimator, &branch, x->r, a, spec)) != 0)
		return code;
	mo.branch = po.branch = branch;
	po.estimator = mo.estimator;
	if (a->job)
		po.job = a->job;
	if (a->url)
		code = push_range(x, spec, a->url, &po);
	else if (gb_metrics_new(&x->metrics, &mo) < 0)
		code = cli_error_last();
	else
		code = export_range(x, spec);
	free(branch);
	return code;
}

int cmd_export(int argc, const char **argv)
{
	struct export_args a = { NULL, NULL, NULL, NULL };
	struct export_ctx x = { GB_OUTPUT_OPTIONS_INIT, NULL, NULL, NULL,
				GB_SELECTOR_INIT, NULL, GB_BUF_INIT, 0, 0, 0,
				NULL, NULL };
	const struct cli_option opts[] = {
		OPT_STRING(0, "format", &a.format, "<format>",
			cli_format_help(GB_OUTPUT_EXPORT)),
		CLI_BENCH_FLAG(x.pattern),
		CLI_MEASURE_FLAG(x.measure),
		OPT_STRING(0, "machine", &x.machine, "<key>",
			"only runs of this machine"),
		OPT_STRING(0, "push-gateway", &a.url, "<url>",
			"send the newest run to this Prometheus Pushgateway"),
		OPT_STRING(0, "job", &a.job, "<name>",
			"the push's job (default: git-bench)"),
		OPT_STRING(0, "branch", &a.branch, "<name>",
			"the metrics' branch label (default: the range's)"),
		OPT_END(),
	};
	cli_repo r;
	char *key = NULL;
	int code;

	argc = cli_parse_options(argc, argv, opts, export_usage, 0);
	if (argc > 1)
		return cli_usage_error(export_usage, opts, "too many arguments");
	if (gb_output_format_parse(&x.o.format, GB_OUTPUT_EXPORT, a.format) < 0)
		return cli_usage_error(export_usage, opts, "%s",
			gb_error_last()->message);
	if ((code = check_args(&a, &x.o, export_usage, opts)) != 0)
		return code;
	if (gb_selector_init(&x.sel, x.pattern, x.measure) < 0)
		return cli_error_last();
	if ((code = cli_repo_open(&r)) != 0) {
		gb_selector_dispose(&x.sel);
		return code;
	}
	x.r = &r;
	/* An alias (bench.machine.<key>.alias) stands for its key. */
	if (x.machine && gb_machine_resolve(&key, r.config, x.machine) < 0)
		code = cli_error_last();
	else if (key)
		x.machine = key;
	if (code == 0)
		code = run_export(&x, &a, argc ? argv[0] : NULL);
	free(key);
	gb_metrics_free(x.metrics);
	gb_run_free(x.newest);
	gb_selector_dispose(&x.sel);
	gb_buf_dispose(&x.out);
	cli_repo_close(&r);
	return code;
}
