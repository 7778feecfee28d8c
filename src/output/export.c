/*
 * Export rows (docs/export.md): one per run, benchmark and measure, as CSV or as a
 * JSON array, written as each commit's runs come so that a long history
 * never sits in memory.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "output/output_int.h"

/* The columns, in order; the JSON objects use the same names. */
static const char *const columns[] = {
	"commit", "commit_time", "run", "run_time", "machine", "label", "format",
	"benchmark", "measure", "unit", "direction", "mean", "median", "stddev",
	"min", "max", "count", "iterations",
};
/* The first NTEXT columns are text, the NNUM after them numbers. */
#define NTEXT 11
#define NNUM 7

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
		gb_output_number(out, num[i]);
	}
	gb_buf_puts(out, "\r\n");
}

typedef struct {
	const char *const *text;
	const double *num;
} row;

static void write_row(gb_jsonw *w, const void *state)
{
	const row *r = state;
	size_t i;

	gb_jsonw_object(w, NULL);
	for (i = 0; i < NTEXT; i++)
		gb_jsonw_string(w, columns[i], r->text[i]);
	for (i = 0; i < NNUM; i++)
		gb_jsonw_number(w, columns[NTEXT + i], r->num[i]);
	gb_jsonw_end(w);
}

static int json_row(gb_buf *out, const char *const *text, const double *num,
	bool first)
{
	row r = { text, num };
	int error;

	gb_buf_puts(out, first ? "[\n" : ",\n");
	if ((error = gb_output_json(out, false, write_row, &r)) == 0)
		out->ptr[--out->size] = '\0'; /* the comma goes before the newline */
	return error;
}

static int put_result(gb_buf *out, bool json, bool first, const gb_run *run,
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
	text[8] = r->measure;
	text[9] = r->unit;
	text[10] = gb_text_direction(r->direction);
	num[0] = r->mean;
	num[1] = r->median;
	num[2] = r->stddev;
	num[3] = r->min;
	num[4] = r->max;
	num[5] = r->count ? (double)r->count : NAN;
	num[6] = r->iterations ? (double)r->iterations : NAN;
	if (!json)
		csv_row(out, text, num);
	else
		error = json_row(out, text, num, first);
	gb_buf_dispose(&run_time);
	return error;
}

/* The rows of one commit's runs. */
static int rows_of(gb_buf *out, const void *data, bool json)
{
	const gb_output_export_data *d = data;
	gb_buf when = GB_BUF_INIT;
	size_t i, k;
	int error = 0;

	gb_date_format(&when, d->commit_time, GB_DATE_ISO);
	for (i = 0; i < d->runs->count && !error; i++)
		for (k = 0; k < d->runs->runs[i]->nresults && !error; k++)
			if ((error = put_result(out, json, *d->rows == 0,
				     d->runs->runs[i], &d->runs->runs[i]->results[k],
				     when.ptr)) == 0)
				(*d->rows)++;
	gb_buf_dispose(&when);
	return error;
}

int gb_output_export_csv(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return rows_of(out, data, false);
}

int gb_output_export_json(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return rows_of(out, data, true);
}

int gb_output_export_begin(gb_buf *out, const gb_output_options *opts)
{
	size_t i;

	if (opts->format != GB_OUTPUT_CSV)
		return 0;
	for (i = 0; i < NTEXT + NNUM; i++)
		gb_buf_printf(out, "%s%s", i ? "," : "", columns[i]);
	return gb_buf_puts(out, "\r\n");
}

int gb_output_export_runs(gb_buf *out, size_t *rows, const gb_runlist *runs,
	int64_t commit_time, const gb_output_options *opts)
{
	gb_output_export_data d = { runs, commit_time, rows, NULL };

	return gb_output_render(out, GB_OUTPUT_EXPORT, &d, opts);
}

int gb_output_export_end(gb_buf *out, size_t rows,
	const gb_output_options *opts)
{
	if (opts->format != GB_OUTPUT_JSON)
		return 0;
	return gb_buf_puts(out, rows ? "\n]\n" : "[]\n");
}
