/*
 * airspeed velocity (asv) results: results/<machine>/<commit>-<env>.json.
 *
 * The current layout (asv 0.5 and later, "version": 2) lists the columns
 * once, "result_columns": ["result", "params", "version", "started_at",
 * "duration", "stats_ci_99_a", "stats_ci_99_b", "stats_q_25", "stats_q_75",
 * "stats_number", "stats_repeat", "samples", "profile"], and every
 * benchmark is a row of them. The old layout ("version": 1) gives each
 * benchmark a number, or {"result", "params", "stats", "samples"}.
 *
 * A parameterised benchmark has one result per combination of its
 * parameters (the last one varying fastest), named as asv shows it:
 * "benchmarks.Suite.time_sort(1000, 'random')". A null result (failed or
 * skipped; asv 0.5 and later write a row whose every combination failed
 * as one null) is left out, with a warning naming how many. The kind comes from the name, as asv's does:
 * time_ and timeraw_ are seconds (stored in ns), mem_ and peakmem_ bytes,
 * track_ as measured with no unit; all are lower-is-better. The result,
 * asv's headline figure (the median of the samples since asv 0.5), is the
 * mean git-bench compares; the samples, when saved, are kept.
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

/* Results the file has no figure for: left out, counted for one warning. */
typedef struct {
	size_t n;
	const char *first;
} asv_missing;

typedef struct {
	const cJSON *result;   /* array of values, one per combination */
	const cJSON *params;   /* array of arrays of parameter values */
	const cJSON *samples;  /* array of arrays, or NULL */
	const cJSON *stats;    /* old layout: array of objects, or NULL */
	const cJSON *number;   /* new layout: per combination */
	const cJSON *repeat;
} asv_row;

static void kind_of(gb_measure *m, double *factor, const char *bench)
{
	const char *last = strrchr(bench, '.');

	last = last ? last + 1 : bench;
	m->name = "result";
	m->unit = "";
	m->direction = GB_LOWER_IS_BETTER;
	m->role = GB_FIGURE_PRIMARY;
	*factor = 1;
	if (strncmp(last, "time_", 5) == 0 || strncmp(last, "timeraw_", 8) == 0) {
		m->unit = "ns";
		*factor = 1e9;
	} else if (strncmp(last, "mem_", 4) == 0 ||
		   strncmp(last, "peakmem_", 8) == 0) {
		m->unit = "B";
	}
}

/*
 * "bench(p1, p2)" for combination i (the last parameter varying fastest,
 * as itertools.product goes); the values are asv's repr strings.
 */
static int combo_name(gb_buf *out, const char *bench, const cJSON *params,
	size_t i)
{
	int n = cJSON_GetArraySize(params), j, m;

	gb_buf_puts(out, bench);
	for (j = 0; j < n; j++) {
		const cJSON *values = cJSON_GetArrayItem(params, j), *v;
		size_t stride = 1, k = (size_t)cJSON_GetArraySize(values);

		for (m = j + 1; m < n; m++)
			stride *= (size_t)cJSON_GetArraySize(cJSON_GetArrayItem(params, m));
		v = k ? cJSON_GetArrayItem(values, (int)(i / stride % k)) : NULL;
		if (!cJSON_IsString(v))
			return GB_EINVALID;
		gb_buf_printf(out, "%s%s", j ? ", " : "(", v->valuestring);
	}
	return gb_buf_puts(out, n ? ")" : "");
}

static size_t combinations(const cJSON *params)
{
	const cJSON *p;
	size_t n = 1;

	cJSON_ArrayForEach(p, params) {
		size_t k = cJSON_IsArray(p) ? (size_t)cJSON_GetArraySize(p) : 0;

		n = k && n <= SIZE_MAX / k ? n * k : 0;
	}
	return n;
}

static void read_stats(gb_estimates *e, const asv_row *row, size_t i,
	double factor)
{
	const cJSON *st = cJSON_GetArrayItem(row->stats, (int)i);
	double number = gb_json_number(st, "number");
	double repeat = gb_json_number(st, "repeat");
	const cJSON *n = cJSON_GetArrayItem(row->number, (int)i);
	const cJSON *r = cJSON_GetArrayItem(row->repeat, (int)i);

	if (cJSON_IsObject(st)) {
		e->min = gb_json_number(st, "min") * factor;
		e->max = gb_json_number(st, "max") * factor;
		e->stddev = gb_json_number(st, "std") * factor;
	}
	if (cJSON_IsNumber(n))
		number = n->valuedouble;
	if (cJSON_IsNumber(r))
		repeat = r->valuedouble;
	e->count = gb_adapter_count(repeat);
	if (e->count)
		e->iterations = gb_adapter_count(repeat * (number > 0 ? number : 1));
}

static int read_combo(gb_run *run, const char *bench, const asv_row *row,
	size_t i, const char *source, asv_missing *missing)
{
	const cJSON *v = cJSON_GetArrayItem(row->result, (int)i);
	const cJSON *s = cJSON_GetArrayItem(row->samples, (int)i);
	gb_estimates e = GB_ESTIMATES_INIT;
	gb_buf name = GB_BUF_INIT;
	double factor, *samples = NULL;
	gb_measure m;
	int error;

	if (cJSON_IsNull(v)) {
		if (missing->n++ == 0)
			missing->first = bench;
		return 0;
	}
	kind_of(&m, &factor, bench);
	if (combo_name(&name, bench, row->params, i) < 0)
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': a parameter value is not a string", source, bench);
	else if (!cJSON_IsNumber(v))
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': result %zu is not a number", source, name.ptr, i + 1);
	else if (cJSON_IsArray(s))
		error = gb_json_optional_samples(&samples, &e.nsamples, s, factor,
			source, name.ptr, "samples");
	else
		error = 0;
	if (error == 0) {
		e.mean = v->valuedouble * factor;
		e.samples = samples;
		read_stats(&e, row, i, factor);
		error = gb_adapter_figure(run, name.ptr, &m, &e);
	}
	free(samples);
	gb_buf_dispose(&name);
	return error;
}

static int read_row(gb_run *run, const char *bench, const asv_row *row,
	const char *source, asv_missing *missing)
{
	size_t n, i;
	int error = 0;

	if (cJSON_IsNull(row->result)) {
		if (missing->n++ == 0)
			missing->first = bench;
		return 0;
	}
	if (!cJSON_IsArray(row->result) || !cJSON_IsArray(row->params))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': expected a result list and a params list", source, bench);
	n = combinations(row->params);
	if (n != (size_t)cJSON_GetArraySize(row->result))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %d results for %zu combinations of its parameters",
			source, bench, cJSON_GetArraySize(row->result), n);
	for (i = 0; i < n && error == 0; i++)
		error = read_combo(run, bench, row, i, source, missing);
	return error;
}

/* The row of a benchmark in the current layout. */
static int column_row(asv_row *row, const cJSON *columns, const cJSON *v)
{
	const cJSON *c;
	int i = 0;

	if (!cJSON_IsArray(v))
		return GB_EINVALID;
	cJSON_ArrayForEach(c, columns) {
		const cJSON *cell = cJSON_GetArrayItem(v, i++);
		const char *name = cJSON_IsString(c) ? c->valuestring : "";

		if (strcmp(name, "result") == 0)
			row->result = cell;
		else if (strcmp(name, "params") == 0)
			row->params = cell;
		else if (strcmp(name, "samples") == 0)
			row->samples = cell;
		else if (strcmp(name, "stats_number") == 0)
			row->number = cell;
		else if (strcmp(name, "stats_repeat") == 0)
			row->repeat = cell;
	}
	return 0;
}

/* The row of a benchmark in the old layout: a number, or an object. */
static int old_row(asv_row *row, const cJSON *v, cJSON *wrap,
	const cJSON *none)
{
	if (cJSON_IsNumber(v) || cJSON_IsNull(v)) {
		if (!cJSON_AddItemReferenceToArray(wrap, (cJSON *)v))
			return GB_ERROR;
		row->result = wrap;
		row->params = none;
		return 0;
	}
	if (!cJSON_IsObject(v))
		return GB_EINVALID;
	row->result = cJSON_GetObjectItemCaseSensitive(v, "result");
	row->params = cJSON_GetObjectItemCaseSensitive(v, "params");
	row->samples = cJSON_GetObjectItemCaseSensitive(v, "samples");
	row->stats = cJSON_GetObjectItemCaseSensitive(v, "stats");
	return 0;
}

static int read_results(gb_run *run, const cJSON *json, const char *source)
{
	const cJSON *results = cJSON_GetObjectItemCaseSensitive(json, "results");
	const cJSON *columns = cJSON_GetObjectItemCaseSensitive(json,
		"result_columns");
	const cJSON *v;
	asv_missing missing = { 0, NULL };
	int error = 0;

	cJSON_ArrayForEach(v, results) {
		asv_row row = { NULL, NULL, NULL, NULL, NULL, NULL };
		cJSON *wrap = cJSON_CreateArray(), *none = cJSON_CreateArray();

		if (!wrap || !none) {
			cJSON_Delete(wrap);
			cJSON_Delete(none);
			return gb_error_oom();
		}
		if ((columns ? column_row(&row, columns, v) : old_row(&row, v,
			     wrap, none)) < 0)
			error = gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': expected %s", source, v->string,
				columns ? "a row of result_columns" :
				"a number or {\"result\", \"params\"}");
		else
			error = read_row(run, v->string, &row, source, &missing);
		cJSON_Delete(wrap);
		cJSON_Delete(none);
		if (error < 0)
			break;
	}
	if (error == 0 && missing.n)
		gb_adapter_warn_left_out(source, missing.n, "result",
			missing.n == 1 ? "has no figure (failed or skipped)" :
			"have no figure (failed or skipped)", missing.first, NULL);
	return error;
}

/*
 * asv writes with Python's json, which spells a missing float NaN (and
 * infinities Infinity): not JSON. Outside strings they become null, which
 * is what they mean here.
 */
static int without_nan(gb_buf *out, const char *data, size_t len)
{
	static const char *const words[] = { "-Infinity", "Infinity", "NaN" };
	bool in_string = false;
	size_t i, k;

	for (i = 0; i < len; i++) {
		if (in_string) {
			if (data[i] == '\\' && i + 1 < len)
				gb_buf_putc(out, data[i++]);
			else if (data[i] == '"')
				in_string = false;
		} else if (data[i] == '"') {
			in_string = true;
		} else {
			for (k = 0; k < GB_ARRAY_SIZE(words); k++)
				if (len - i >= strlen(words[k]) &&
				    memcmp(data + i, words[k], strlen(words[k])) == 0)
					break;
			if (k < GB_ARRAY_SIZE(words)) {
				gb_buf_puts(out, "null");
				i += strlen(words[k]) - 1;
				continue;
			}
		}
		if (gb_buf_putc(out, data[i]) < 0)
			return GB_ERROR;
	}
	return gb_buf_put(out, "", 0);
}

static int asv_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_buf text = GB_BUF_INIT;
	cJSON *json = NULL;
	int error;

	if ((error = without_nan(&text, data, len)) < 0 ||
	    (error = gb_json_parse(&json, text.ptr, text.size, source)) < 0)
		goto cleanup;
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(json, "results")))
		error = gb_error_set(GB_EINVALID, "%s: not asv results (expected "
			"an object with a \"results\" object)", source);
	else
		error = read_results(run, json, source);
cleanup:
	cJSON_Delete(json);
	gb_buf_dispose(&text);
	return error;
}

static int asv_detect(const char *data, size_t len)
{
	/* The old layout (asv before 0.5) has no env_name. */
	static const char *const required[] = { "results", "commit_hash",
		NULL };
	static const char *const typical[] = { "env_name", "result_columns",
		"params", "requirements", "python", "date", "version", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_asv = {
	"asv",
	"airspeed velocity results/<machine>/<commit>-<env>.json",
	NULL,
	NULL,
	asv_detect,
	asv_read,
};
