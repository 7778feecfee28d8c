/*
 * hyperfine --export-json: {"results": [{"command", "mean", "stddev",
 * "median", "user", "system", "min", "max", "times": [...],
 * "parameters": {...}}]}, all in seconds. Each command is a benchmark and
 * its times are the samples. With parameter scans (-P, -L) the parameters
 * join the name, "cmd (level=1)", so that values stay apart even when a
 * command name does not show them. hyperfine 1.19 adds "memory_usage_byte",
 * each run's peak resident memory: the measure "memory_usage" in B, its
 * runs the samples. The CSV and markdown exports are read
 * by hyperfine_text.c, what hyperfine prints by hyperfine_console.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

static int bench_name(gb_buf *out, const cJSON *item, const char *command,
	const char *source)
{
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(item, "parameters");
	const cJSON *p;
	size_t n = 0;

	gb_buf_puts(out, command);
	if (!params || cJSON_IsNull(params))
		return 0;
	if (!cJSON_IsObject(params))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': parameters is not an object", source, command);
	cJSON_ArrayForEach(p, params) {
		gb_buf_puts(out, n++ ? ", " : " (");
		if (cJSON_IsString(p))
			gb_buf_printf(out, "%s=%s", p->string, p->valuestring);
		else if (cJSON_IsNumber(p))
			gb_buf_printf(out, "%s=%.17g", p->string, p->valuedouble);
		else
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': parameter %s is not a string",
				source, command, p->string);
	}
	return n ? gb_buf_puts(out, ")") : 0;
}

/* user and system time: a mean each, lower is better. */
static int read_cpu_times(gb_run *run, const cJSON *item, const char *name,
	const char *source)
{
	static const char *const keys[] = { "user", "system" };
	gb_result *r;
	double v;
	size_t i;
	int error;

	for (i = 0; i < GB_ARRAY_SIZE(keys); i++) {
		if ((error = gb_json_get_number(&v, item, keys[i], false, source,
			     name)) < 0)
			return error;
		if (isnan(v))
			continue;
		if ((error = gb_adapter_add_metric(&r, run, name, keys[i], "ns",
			     GB_LOWER_IS_BETTER)) < 0)
			return error;
		r->mean = v * 1e9;
	}
	return 0;
}

static int read_times(gb_result *r, const cJSON *item, const char *source)
{
	const cJSON *times = cJSON_GetObjectItemCaseSensitive(item, "times");
	double *samples;
	size_t n;
	int error;

	if (!times || cJSON_IsNull(times))
		return 0;
	if ((error = gb_json_optional_samples(&samples, &n, times, 1e9, source,
		     r->name, "times")) < 0 || n == 0)
		return error;
	gb_result_set_samples(r, samples, n);
	r->count = n;
	gb_adapter_finish_result(r);
	return 0;
}

/*
 * Each run's peak resident memory in bytes (hyperfine 1.19): a measure of
 * its own, lower is better, its runs the samples and their mean the
 * figure compared.
 */
static int read_memory(gb_run *run, const cJSON *item, const char *name,
	const char *source)
{
	static const gb_measure m = { "memory_usage", "B", GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	const cJSON *mem = cJSON_GetObjectItemCaseSensitive(item,
		"memory_usage_byte");
	gb_estimates e = GB_ESTIMATES_INIT;
	double *samples;
	size_t n;
	int error;

	if (!mem || cJSON_IsNull(mem))
		return 0;
	if ((error = gb_json_optional_samples(&samples, &n, mem, 1, source,
		     name, "memory_usage_byte")) < 0 || n == 0)
		return error;
	e.samples = samples;
	e.nsamples = n;
	e.count = n;
	error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error;
}

/*
 * Runs of the command that exited non-zero (hyperfine -i): their times
 * are of a command that failed, which the comparison must not take for a
 * speed-up in silence. Said, and read all the same.
 */
static void warn_failures(const cJSON *item, const char *name,
	const char *source)
{
	const cJSON *codes = cJSON_GetObjectItemCaseSensitive(item, "exit_codes");
	const cJSON *code;
	size_t failed = 0, n = 0;

	cJSON_ArrayForEach(code, codes) {
		n++;
		failed += cJSON_IsNumber(code) && code->valuedouble != 0;
	}
	if (failed)
		gb_adapter_warn("%s: '" GB_NAME_SHOWN "' exited non-zero in %zu "
			"of its %zu runs (hyperfine -i): its times are of a "
			"failing command", source, name, failed, n);
}

static int read_one(gb_run *run, const cJSON *item, size_t index,
	const char *source)
{
	const char *command = gb_json_string(item, "command");
	gb_buf name = GB_BUF_INIT;
	const char *const keys[] = { "mean", "stddev", "median", "min", "max" };
	double v[5];
	gb_result *r;
	size_t i;
	int error;

	if (!cJSON_IsObject(item) || !command)
		return gb_error_set(GB_EINVALID,
			"%s: results[%zu] has no command", source, index);
	if ((error = bench_name(&name, item, command, source)) < 0)
		goto cleanup;
	for (i = 0; i < GB_ARRAY_SIZE(keys); i++)
		if ((error = gb_json_get_number(&v[i], item, keys[i], i == 0,
			     source, name.ptr)) < 0)
			goto cleanup;
	if ((error = gb_run_add_result(&r, run, name.ptr, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		goto cleanup;
	r->mean = v[0] * 1e9;
	r->stddev = v[1] * 1e9;
	r->median = v[2] * 1e9;
	r->min = v[3] * 1e9;
	r->max = v[4] * 1e9;
	if ((error = read_times(r, item, source)) < 0)
		goto cleanup;
	warn_failures(item, name.ptr, source);
	if ((error = read_cpu_times(run, item, name.ptr, source)) < 0)
		goto cleanup;
	error = read_memory(run, item, name.ptr, source);
cleanup:
	gb_buf_dispose(&name);
	return error;
}

static int hyperfine_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *results, *item;
	cJSON *json = NULL;
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	results = cJSON_GetObjectItemCaseSensitive(json, "results");
	if (!cJSON_IsArray(results)) {
		error = gb_error_set(GB_EINVALID,
			"%s: not a hyperfine export (no \"results\" array)", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(item, results)
		if ((error = read_one(run, item, i++, source)) < 0)
			goto cleanup;
cleanup:
	cJSON_Delete(json);
	return error;
}

static int hyperfine_detect(const char *data, size_t len)
{
	static const char *const required[] = { "results", "command", NULL };
	static const char *const typical[] = { "mean", "stddev", "median",
		"user", "system", "times", NULL };

	int text;

	if (!gb_json_starts_with(data, len, '{'))
		return (text = gb_hyperfine_text_detect(data, len)) ? text
			: gb_hyperfine_console_detect(data, len);
	return gb_json_key_score(data, len, required, typical);
}

/*
 * hyperfine names a benchmark by its command: the same command given
 * twice (to see the noise), or two given one --command-name, are two
 * benchmarks of one name, which no comparison can tell apart. Refused
 * as every format refuses it (adapter.c), with the way out said.
 */
static int check_names(const gb_run *run, const char *source)
{
	const gb_result *twice;
	int error = gb_run_find_twice(&twice, run);

	if (error < 0 || !twice || strcmp(twice->measure, GB_MEASURE_TIME))
		return error;
	return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN "' "
		"appears more than once: hyperfine ran two commands of that "
		"name; name them apart with --command-name", source,
		twice->name);
}

/* JSON, an export's heading, else what hyperfine printed. */
static int hyperfine_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	int error;

	if (gb_hyperfine_text_detect(data, len))
		error = gb_hyperfine_text_read(run, data, len, source);
	else if (!gb_json_looks_like(data, len))
		error = gb_hyperfine_console_read(run, data, len, source);
	else
		error = hyperfine_read(run, data, len, source);
	return error < 0 ? error : check_names(run, source);
}

const gb_adapter gb_adapter_hyperfine = {
	"hyperfine",
	"hyperfine --export-json, --export-csv or --export-markdown, or what it prints",
	NULL,
	NULL,
	hyperfine_detect,
	hyperfine_read_any,
};
