/* git bench compare / check: results against a baseline. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Measured commits along the baseline's first parents to learn noise from. */
#define HISTORY_COMMITS 20

int cli_cmp_open(cli_cmp *c)
{
	int code;

	memset(c, 0, sizeof(*c));
	if ((code = cli_repo_open(&c->r)) != 0)
		return code;
	/* A misspelt threshold would leave the gate at its default. */
	cli_config_warn_unknown(c->r.config);
	if (gb_compare_options_init(&c->opts, c->r.config) < 0 ||
	    gb_budgets_load(&c->budgets, &c->nbudgets, c->r.config) < 0)
		return cli_error_last();
	c->opts.budgets = c->budgets;
	c->opts.nbudgets = c->nbudgets;
	return 0;
}

void cli_cmp_close(cli_cmp *c)
{
	gb_comparison_dispose(&c->result);
	gb_series_set_dispose(&c->history);
	gb_baseline_dispose(&c->base);
	gb_runlist_dispose(&c->head);
	gb_budgets_free(c->budgets, c->nbudgets);
	free(c->machine);
	gb_buf_dispose(&c->head_label);
	gb_buf_dispose(&c->head_label_md);
	gb_buf_dispose(&c->base_spec);
	gb_buf_dispose(&c->base_label);
	gb_buf_dispose(&c->base_label_md);
	cli_repo_close(&c->r);
}

/* "3f2a1c9 (HEAD)" for the terminal, and the same for markdown. */
static void label(gb_buf *text, gb_buf *md, cli_repo *r, const git_oid *id,
	const char *how)
{
	gb_buf short_id = GB_BUF_INIT;

	cli_short_id(&short_id, r->repo, id);
	gb_buf_printf(text, "%s (", short_id.ptr);
	gb_escape_text(text, how);
	gb_buf_putc(text, ')');
	gb_buf_printf(md, "`%s` (", short_id.ptr);
	gb_escape_markdown(md, how);
	gb_buf_putc(md, ')');
	gb_buf_dispose(&short_id);
}

int cli_cmp_head_oid(cli_cmp *c, const git_oid *id, const char *how)
{
	git_oid_cpy(&c->head_commit, id);
	if (gb_store_read(&c->head, c->r.store, &c->head_commit, NULL) < 0) {
		if (gb_error_last()->code != GB_ENOTFOUND)
			return cli_error_last();
		return cli_error("%s; run the benchmarks and 'git bench record', "
				 "or compare the work tree's results with --working",
			gb_error_last()->message);
	}
	label(&c->head_label, &c->head_label_md, &c->r, &c->head_commit, how);
	return 0;
}

int cli_cmp_head_commit(cli_cmp *c, const char *rev)
{
	git_oid id;

	if (gb_repo_resolve_commit(&id, c->r.repo, rev) < 0)
		return cli_error_last();
	return cli_cmp_head_oid(c, &id, rev);
}

/* This machine's key and facts. */
static int this_machine(char **key, gb_env *env, const gb_config *cfg)
{
	if (gb_env_detect(env) < 0 || cli_machine_key(key, cfg, env) < 0)
		return GB_ERROR;
	return 0;
}

int cli_cmp_head_working(cli_cmp *c, const char *path)
{
	gb_run *run = NULL;
	const char *used = NULL;
	gb_buf where = GB_BUF_INIT;
	int code = 0;

	if (gb_repo_resolve_commit(&c->head_commit, c->r.repo, "HEAD") < 0 ||
	    cli_results_path(&where, &c->r, path) < 0 || gb_run_new(&run) < 0 ||
	    gb_adapter_read(run, where.ptr,
		    gb_config_get(c->r.config, "bench.format", NULL), &used) < 0 ||
	    gb_run_set_string(&run->format, used) < 0 ||
	    this_machine(&run->machine, &run->env, c->r.config) < 0) {
		code = cli_error_last();
		goto done;
	}
	git_oid_cpy(&run->commit, &c->head_commit);
	gb_run_id_generate(run->id, 0);
	if (gb_runlist_add(&c->head, run) < 0) {
		code = cli_error_last();
		goto done;
	}
	run = NULL;
	c->head_working = true;
	gb_buf_puts(&c->head_label, "work tree (");
	gb_escape_text(&c->head_label, path ? path : where.ptr);
	gb_buf_puts(&c->head_label, ")");
	gb_buf_puts(&c->head_label_md, "work tree");
done:
	gb_run_free(run);
	gb_buf_dispose(&where);
	return code;
}

int cli_cmp_head_runs(cli_cmp *c, gb_runlist *runs)
{
	size_t i;

	for (i = 0; i < runs->count; i++) {
		if (gb_runlist_add(&c->head, runs->runs[i]) < 0)
			return cli_error_last();
		runs->runs[i] = NULL;
	}
	runs->count = 0;
	if (c->head.count)
		git_oid_cpy(&c->head_commit, &c->head.runs[0]->commit);
	label(&c->head_label, &c->head_label_md, &c->r, &c->head_commit,
		"this run");
	return 0;
}

int cli_cmp_machine(cli_cmp *c, bool any)
{
	gb_env env = { 0 };
	char *mine = NULL;
	size_t i;

	if (any)
		return 0;
	if (this_machine(&mine, &env, c->r.config) < 0) {
		gb_env_dispose(&env);
		return cli_error_last();
	}
	gb_env_dispose(&env);
	for (i = 0; i < c->head.count; i++)
		if (!strcmp(c->head.runs[i]->machine, mine))
			break;
	if (i < c->head.count || !c->head.count) {
		c->machine = mine;
	} else {
		/* Results measured elsewhere (CI): compare on their machine. */
		free(mine);
		c->machine = strdup(c->head.runs[c->head.count - 1]->machine);
		if (!c->machine)
			return cli_error("out of memory");
	}
	gb_runlist_keep_machine(&c->head, c->machine);
	return 0;
}

/* A baseline that cannot be had: an error, or only a message to show. */
static int base_error(cli_cmp *c)
{
	if (c->quiet_base)
		return EXIT_USAGE;
	return cli_error_last();
}

int cli_cmp_base_oid(cli_cmp *c, const git_oid *start, const char *how,
	bool named)
{
	gb_buf desc = GB_BUF_INIT;

	gb_buf_clear(&c->base_spec);
	gb_buf_puts(&c->base_spec, how);
	if (gb_baseline_find(&c->base, c->r.store, start, c->machine,
		    GB_BASELINE_MAX_DISTANCE) < 0) {
		if (c->machine)
			gb_error_set(GB_ENOTFOUND, "%s (--any-machine compares "
				"across machines)", gb_error_last()->message);
		return base_error(c);
	}
	c->have_base = true;
	if (c->base.skipped)
		cli_warning("passed over %zu commit%s with damaged results looking "
			    "for the baseline", c->base.skipped,
			c->base.skipped == 1 ? "" : "s");
	if (c->base.distance == 0)
		gb_buf_puts(&desc, how);
	else if (named)
		gb_buf_printf(&desc, "%s~%zu, %zu commit%s back", how,
			c->base.distance, c->base.distance,
			c->base.distance == 1 ? "" : "s");
	else
		gb_buf_printf(&desc, "%zu commit%s before the %s", c->base.distance,
			c->base.distance == 1 ? "" : "s", how);
	label(&c->base_label, &c->base_label_md, &c->r, &c->base.commit, desc.ptr);
	gb_buf_dispose(&desc);
	return 0;
}

int cli_cmp_base(cli_cmp *c, const char *rev)
{
	gb_buf how = GB_BUF_INIT;
	git_oid start;
	int code;

	if (rev) {
		if (gb_repo_resolve_commit(&start, c->r.repo, rev) < 0)
			return base_error(c);
		return cli_cmp_base_oid(c, &start, rev, true);
	}
	if (gb_baseline_default(&start, &how, c->r.repo, &c->head_commit,
		    gb_config_get(c->r.config, "bench.baseline", NULL)) < 0)
		code = base_error(c);
	else
		code = cli_cmp_base_oid(c, &start, how.ptr, false);
	gb_buf_dispose(&how);
	return code;
}

int cli_cmp_run(cli_cmp *c)
{
	gb_series_options so = GB_SERIES_OPTIONS_INIT;
	gb_compare_input in = { 0 };

	so.machine = c->machine;
	so.pattern = c->opts.pattern;
	so.estimator = c->opts.estimator;
	so.max_commits = HISTORY_COMMITS;
	if (gb_series_collect(&c->history, c->r.store, &c->base.commit, &so) < 0)
		return cli_error_last();
	in.base = (const gb_run *const *)c->base.runs.runs;
	in.nbase = c->base.runs.count;
	in.head = (const gb_run *const *)c->head.runs;
	in.nhead = c->head.count;
	in.history = &c->history;
	if (gb_compare(&c->result, &in, &c->opts) < 0)
		return cli_error_last();
	return 0;
}

int cli_cmp_print(cli_cmp *c, const char *format)
{
	cli_compare_view v;
	gb_buf out = GB_BUF_INIT;
	int code = 0;

	memset(&v, 0, sizeof(v));
	v.c = &c->result;
	v.opts = &c->opts;
	v.base_label = c->base_label.ptr;
	v.base_label_md = c->base_label_md.ptr;
	v.head_label = c->head_label.ptr;
	v.head_label_md = c->head_label_md.ptr;
	v.machine = c->machine;
	v.base_spec = c->base_spec.ptr;
	git_oid_cpy(&v.base_commit, &c->base.commit);
	git_oid_cpy(&v.base_requested, &c->base.requested);
	git_oid_cpy(&v.head_commit, &c->head_commit);
	v.base_distance = c->base.distance;
	v.head_working = c->head_working;
	v.color = !strcmp(format, "table") && cli_use_color(c->r.config, 1);
	if (cli_print_compare(&out, &v, format) < 0)
		code = cli_error_last();
	else
		cli_write(&out);
	gb_buf_dispose(&out);
	return code;
}

static bool known_format(const char *f)
{
	return !strcmp(f, "table") || !strcmp(f, "markdown") ||
	       !strcmp(f, "json") || !strcmp(f, "csv");
}

/* Flags shared by compare and check, applied over the settings. */
struct cmp_flags {
	const char *pattern, *format, *estimator, *baseline;
	double max_regression;
	int any_machine;
};

#define CMP_FLAGS(f)                                                          \
	OPT_STRING(0, "bench", &(f).pattern, "<pattern>",                     \
		"only benchmarks matching (substring, or glob with * ? [)"),  \
	OPT_DOUBLE(0, "max-regression", &(f).max_regression, "<percent>",    \
		"regression threshold (default: bench.maxRegression, 10)"),  \
	OPT_STRING(0, "estimator", &(f).estimator, "<mean|median>",          \
		"estimate compared (default: bench.estimator, mean)"),       \
	OPT_BOOL(0, "any-machine", &(f).any_machine,                         \
		"compare with results of other machines too"),               \
	OPT_STRING(0, "format", &(f).format, "<format>",                     \
		"table (default), markdown, json or csv")

static int apply_flags(cli_cmp *c, const struct cmp_flags *f)
{
	if (!known_format(f->format))
		return cli_error("unknown format '%s' (table, markdown, json or csv)",
			f->format);
	c->opts.pattern = f->pattern;
	if (!isnan(f->max_regression)) {
		if (f->max_regression < 0)
			return cli_error("--max-regression must be 0 or more");
		c->opts.max_regression = f->max_regression;
	}
	if (f->estimator && gb_estimator_parse(&c->opts.estimator, f->estimator) < 0)
		return cli_error_last();
	return 0;
}

static const char *const compare_usage[] = {
	"git bench compare [<options>] [<baseline> [<commit>]]",
	"git bench compare [<options>] --working [<path>] [--baseline <rev>]",
	NULL,
};

int cmd_compare(int argc, const char **argv)
{
	struct cmp_flags f = { NULL, "table", NULL, NULL, NAN, 0 };
	int working = 0, fail = 0, code;
	const struct cli_option opts[] = {
		CMP_FLAGS(f),
		OPT_BOOL(0, "fail-on-regression", &fail,
			"exit 1 when a benchmark breaks its budget"),
		OPT_BOOL(0, "working", &working,
			"compare results on disk that were not recorded"),
		OPT_STRING(0, "baseline", &f.baseline, "<rev>",
			"with --working: the baseline revision"),
		OPT_END(),
	};
	const char *base_rev, *head_rev = "HEAD";
	cli_cmp c;

	argc = cli_parse_options(argc, argv, opts, compare_usage, 0);
	if (argc > 2 || (working && argc > 1))
		return cli_usage_error(compare_usage, opts, "too many arguments");
	base_rev = working ? f.baseline : argc > 0 ? argv[0] : f.baseline;
	if (!working && argc > 1)
		head_rev = argv[1];
	if ((code = cli_cmp_open(&c)) == 0 && (code = apply_flags(&c, &f)) == 0 &&
	    (code = working ? cli_cmp_head_working(&c, argc ? argv[0] : NULL)
			    : cli_cmp_head_commit(&c, head_rev)) == 0 &&
	    (code = cli_cmp_machine(&c, f.any_machine)) == 0 &&
	    (code = cli_cmp_base(&c, base_rev)) == 0 &&
	    (code = cli_cmp_run(&c)) == 0 &&
	    (code = cli_cmp_print(&c, f.format)) == 0 && fail && c.result.failures)
		code = EXIT_CHECK_FAILED;
	cli_cmp_close(&c);
	return code;
}

static const char *const check_usage[] = {
	"git bench check [<options>] [<commit>] [--baseline <rev>]",
	NULL,
};

int cmd_check(int argc, const char **argv)
{
	struct cmp_flags f = { NULL, "table", NULL, NULL, NAN, 0 };
	int quiet = 0, code;
	const struct cli_option opts[] = {
		OPT_STRING(0, "baseline", &f.baseline, "<rev>",
			"compare with this revision (default: merge-base with bench.baseline, or the upstream)"),
		CMP_FLAGS(f),
		OPT_BOOL('q', "quiet", &quiet, "print only what breaks a budget"),
		OPT_END(),
	};
	cli_cmp c;

	argc = cli_parse_options(argc, argv, opts, check_usage, 0);
	if (argc > 1)
		return cli_usage_error(check_usage, opts, "too many arguments");
	if ((code = cli_cmp_open(&c)) == 0 && (code = apply_flags(&c, &f)) == 0 &&
	    (code = cli_cmp_head_commit(&c, argc ? argv[0] : "HEAD")) == 0 &&
	    (code = cli_cmp_machine(&c, f.any_machine)) == 0 &&
	    (code = cli_cmp_base(&c, f.baseline)) == 0 &&
	    (code = cli_cmp_run(&c)) == 0) {
		if (!quiet || c.result.failures)
			code = cli_cmp_print(&c, f.format);
		if (!code && c.result.failures) {
			fprintf(stderr, "check failed: %zu benchmark%s over budget\n",
				c.result.failures, c.result.failures == 1 ? "" : "s");
			code = EXIT_CHECK_FAILED;
		}
	}
	cli_cmp_close(&c);
	return code;
}
