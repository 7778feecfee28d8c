/*
 * git bench export: every run of a range as flat rows, one per run and
 * benchmark, in CSV or JSON (docs/export.md). Rows are written as each
 * commit is read, so a long history never sits in memory.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char *const export_usage[] = {
	"git bench export [<options>] [<range>]",
	NULL,
};

/* The columns, in order; the JSON objects use the same names. */
static const char *const columns[] = {
	"commit", "commit_time", "run", "run_time", "machine", "label", "format",
	"benchmark", "unit", "direction", "mean", "median", "stddev", "min",
	"max", "count", "iterations",
};
/* The first NTEXT columns are text, the NNUM after them numbers. */
#define NTEXT 10
#define NNUM 7

struct export_ctx {
	bool json;
	const char *pattern, *machine;
	gb_buf out;
	size_t rows;
};

/* The shortest text that reads back as the same double; empty for NaN. */
static void csv_number(gb_buf *out, double v)
{
	char text[32];
	int digits;

	if (!isfinite(v))
		return;
	for (digits = 15; digits <= 17; digits++) {
		snprintf(text, sizeof(text), "%.*g", digits, v);
		if (strtod(text, NULL) == v)
			break;
	}
	gb_buf_puts(out, text);
}

static void csv_row(gb_buf *out, const char *const *text, const double *num)
{
	size_t i;

	for (i = 0; i < NTEXT; i++) {
		if (i)
			gb_buf_putc(out, ',');
		if (text[i])
			gb_escape_csv(out, text[i]);
	}
	for (i = 0; i < NNUM; i++) {
		gb_buf_putc(out, ',');
		csv_number(out, num[i]);
	}
	gb_buf_puts(out, "\r\n");
}

static int json_row(gb_buf *out, const char *const *text, const double *num,
	bool first)
{
	gb_jsonw *w = NULL;
	size_t i;
	int error;

	if ((error = gb_jsonw_new(&w)) < 0)
		return error;
	gb_jsonw_object(w, NULL);
	for (i = 0; i < NTEXT; i++)
		gb_jsonw_string(w, columns[i], text[i]);
	for (i = 0; i < NNUM; i++)
		gb_jsonw_number(w, columns[NTEXT + i], num[i]);
	gb_jsonw_end(w);
	gb_buf_puts(out, first ? "[\n" : ",\n");
	if ((error = gb_jsonw_finish(w, out, false)) == 0)
		out->ptr[--out->size] = '\0'; /* the comma goes before the newline */
	gb_jsonw_free(w);
	return error;
}

static int put_result(struct export_ctx *x, const gb_run *run,
	const gb_result *r, const char *commit_time)
{
	char commit[GIT_OID_HEXSZ + 1];
	gb_buf run_time = GB_BUF_INIT;
	const char *text[NTEXT];
	double num[NNUM];
	int error = 0;

	git_oid_tostr(commit, sizeof(commit), &run->commit);
	gb_date_format(&run_time, run->time, GB_DATE_ISO);
	text[0] = commit;
	text[1] = commit_time;
	text[2] = run->id;
	text[3] = run_time.ptr;
	text[4] = run->machine;
	text[5] = run->label;
	text[6] = run->format;
	text[7] = r->name;
	text[8] = r->unit;
	text[9] = r->direction == GB_HIGHER_IS_BETTER ? "higher" : "lower";
	num[0] = r->mean;
	num[1] = r->median;
	num[2] = r->stddev;
	num[3] = r->min;
	num[4] = r->max;
	num[5] = r->count ? (double)r->count : NAN;
	num[6] = r->iterations ? (double)r->iterations : NAN;
	if (!x->json)
		csv_row(&x->out, text, num);
	else
		error = json_row(&x->out, text, num, x->rows == 0);
	gb_buf_dispose(&run_time);
	return error;
}

static bool want_pattern(const char *name, size_t len, void *payload)
{
	(void)len;
	return gb_series_pattern_match(payload, name);
}

/* The rows of one commit, then out to stdout when enough have gathered. */
static int export_commit(struct export_ctx *x, cli_repo *r, const git_oid *id)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	gb_buf when = GB_BUF_INIT;
	size_t i, k;
	int code = 0;

	dopts.skip_samples = true;
	if (x->pattern) {
		dopts.want = want_pattern;
		dopts.payload = (void *)x->pattern;
	}
	if (gb_store_read(&runs, r->store, id, &dopts) < 0) {
		cli_warning("%s", gb_error_last()->message);
		goto done;
	}
	if (git_commit_lookup(&c, r->repo, id) < 0) {
		code = cli_error("cannot read a measured commit: %s", gb_repo_git_error());
		goto done;
	}
	gb_date_format(&when, git_commit_time(c), GB_DATE_ISO);
	gb_runlist_keep_machine(&runs, x->machine);
	for (i = 0; i < runs.count && !code; i++)
		for (k = 0; k < runs.runs[i]->nresults && !code; k++, x->rows++)
			if (put_result(x, runs.runs[i], &runs.runs[i]->results[k], when.ptr) < 0)
				code = cli_error_last();
	if (!code && x->out.size > 65536) {
		if (!cli_write(&x->out))
			code = cli_error("cannot write output");
		gb_buf_clear(&x->out);
	}
done:
	gb_buf_dispose(&when);
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
		git_oid *p = realloc(l->ids, (l->alloc = l->alloc ? l->alloc * 2 : 256) *
			sizeof(*p));

		if (!p)
			return gb_error_set(GB_ERROR, "out of memory");
		l->ids = p;
	}
	git_oid_cpy(&l->ids[l->n++], mc->commit);
	return 0;
}

/* The measured commits of the range, newest first: ids only. */
static int measured_commits(git_oid **out, size_t *n, cli_repo *r,
	const cli_range *range)
{
	gb_walk_options wo = GB_WALK_OPTIONS_INIT;
	id_list l = { NULL, 0, 0 };
	int code = 0;

	wo.hide = range->has_hide ? &range->hide : NULL;
	if (gb_store_measured_foreach(r->store, &range->start, &wo, add_id,
		    &l) < 0) {
		code = cli_error_last();
		free(l.ids);
		l.ids = NULL;
		l.n = 0;
	}
	*out = l.ids;
	*n = l.n;
	return code;
}

static int export_range(struct export_ctx *x, cli_repo *r, const char *spec)
{
	cli_range range;
	git_oid *ids = NULL;
	size_t n = 0, i;
	int code;

	if ((code = cli_parse_range(&range, r->repo, spec)) != 0 ||
	    (code = measured_commits(&ids, &n, r, &range)) != 0)
		return code;
	if (!x->json) {
		for (i = 0; i < NTEXT + NNUM; i++)
			gb_buf_printf(&x->out, "%s%s", i ? "," : "", columns[i]);
		gb_buf_puts(&x->out, "\r\n");
	}
	/* Oldest first, as a spreadsheet reads a history. */
	for (i = n; i > 0 && !code; i--)
		code = export_commit(x, r, &ids[i - 1]);
	if (!code && x->json)
		gb_buf_puts(&x->out, x->rows ? "\n]\n" : "[]\n");
	if (!code && !cli_write(&x->out))
		code = cli_error("cannot write output");
	free(ids);
	return code;
}

int cmd_export(int argc, const char **argv)
{
	const char *format = "csv";
	struct export_ctx x = { false, NULL, NULL, GB_BUF_INIT, 0 };
	const struct cli_option opts[] = {
		OPT_STRING(0, "format", &format, "<format>", "csv (default) or json"),
		OPT_STRING(0, "bench", &x.pattern, "<pattern>",
			"only benchmarks matching (substring, or glob with * ? [)"),
		OPT_STRING(0, "machine", &x.machine, "<key>",
			"only runs of this machine"),
		OPT_END(),
	};
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, export_usage, 0);
	if (argc > 1)
		return cli_usage_error(export_usage, opts, "too many arguments");
	if (strcmp(format, "csv") && strcmp(format, "json"))
		return cli_usage_error(export_usage, opts,
			"unknown format '%s' (csv or json)", format);
	x.json = !strcmp(format, "json");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	code = export_range(&x, &r, argc ? argv[0] : NULL);
	gb_buf_dispose(&x.out);
	cli_repo_close(&r);
	return code;
}
