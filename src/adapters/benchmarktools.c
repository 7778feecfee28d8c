/*
 * Julia's BenchmarkTools.save("results.json", results): [{"Julia",
 * "BenchmarkTools"}, [value, ...]] where a value is [type, fields]:
 *
 *   ["BenchmarkGroup", {"data": {"<key>": value, ...}, "tags": [...]}]
 *   ["Trial", {"times": [ns...], "gctimes", "memory", "allocs", "params"}]
 *   ["TrialEstimate", {"time", "gctime", "memory", "allocs", "params"}]
 *
 * Nested groups are flattened, their keys joined with "/":
 * "sort/quicksort/1000". A Trial's times (ns per evaluation) are its
 * samples, and its mean, median, min and max come from them; a
 * TrialEstimate's time is taken as the mean. memory (bytes) and allocs are
 * the measures "memory" and "allocs". A value saved outside any group is named by its
 * position in the file, "#1".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

static int read_value(gb_run *run, gb_buf *name, const cJSON *v,
	const char *source);

/* memory and allocs, when the value has them. */
static int other_measures(gb_run *run, const char *name, const cJSON *f)
{
	static const gb_measure memory = { "memory", "B", GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	static const gb_measure allocs = { "allocs", "allocs",
		GB_LOWER_IS_BETTER, GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	int error;

	e.mean = gb_json_number(f, "memory");
	if (!isnan(e.mean) &&
	    (error = gb_adapter_figure(run, name, &memory, &e)) < 0)
		return error;
	e.mean = gb_json_number(f, "allocs");
	return isnan(e.mean) ? 0 : gb_adapter_figure(run, name, &allocs, &e);
}

static int read_trial(gb_run *run, const char *name, const cJSON *f,
	bool estimate, const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	double *samples = NULL;
	int error;

	if (estimate)
		error = gb_json_get_number(&e.mean, f, "time", true, source, name);
	else if ((error = gb_json_get_samples(&samples, &e.nsamples,
			  cJSON_GetObjectItemCaseSensitive(f, "times"), 1, source,
			  name, "times")) == 0 && e.nsamples == 0)
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': times is empty", source, name);
	e.samples = samples;
	if (error == 0)
		error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error < 0 ? error : other_measures(run, name, f);
}

static int read_group(gb_run *run, gb_buf *name, const cJSON *f,
	const char *source)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(f, "data"), *v;
	size_t at = name->size;
	int error = 0;

	if (!cJSON_IsObject(data))
		return gb_error_set(GB_EINVALID, "%s: group '" GB_NAME_SHOWN
			"': no \"data\" object", source, at ? name->ptr : "");
	cJSON_ArrayForEach(v, data) {
		name->size = at;
		if ((error = gb_buf_printf(name, "%s%s", at ? "/" : "",
			     v->string)) < 0 ||
		    (error = read_value(run, name, v, source)) < 0)
			break;
	}
	name->size = at;
	if (name->ptr)
		name->ptr[at] = '\0';
	return error;
}

static int read_value(gb_run *run, gb_buf *name, const cJSON *v,
	const char *source)
{
	const char *type;
	const cJSON *fields;

	type = cJSON_IsArray(v) && cJSON_IsString(v->child) ?
		v->child->valuestring : NULL;
	fields = type ? v->child->next : NULL;
	if (!type || !cJSON_IsObject(fields))
		return gb_error_set(GB_EINVALID, "%s: '" GB_NAME_SHOWN "': expected "
			"[\"<type>\", {...}], found something else", source,
			name->ptr ? name->ptr : "");
	if (strcmp(type, "BenchmarkGroup") == 0)
		return read_group(run, name, fields, source);
	if (strcmp(type, "Trial") == 0 || strcmp(type, "TrialEstimate") == 0)
		return read_trial(run, name->ptr, fields,
			strcmp(type, "TrialEstimate") == 0, source);
	/* Ratios, judgements and other types are not results. */
	return 0;
}

static int bt_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *values, *v;
	cJSON *json = NULL;
	gb_buf name = GB_BUF_INIT;
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	values = cJSON_GetArrayItem(json, 1);
	if (!cJSON_IsArray(json) || !cJSON_IsObject(json->child) ||
	    !cJSON_IsArray(values)) {
		error = gb_error_set(GB_EINVALID, "%s: not BenchmarkTools JSON "
			"(expected [{\"Julia\", \"BenchmarkTools\"}, [...]])", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(v, values) {
		gb_buf_clear(&name);
		i++;
		if (!(cJSON_IsArray(v) && cJSON_IsString(v->child) &&
		      strcmp(v->child->valuestring, "BenchmarkGroup") == 0) &&
		    (error = gb_buf_printf(&name, "#%zu", i)) < 0)
			break;
		if ((error = read_value(run, &name, v, source)) < 0)
			break;
	}
cleanup:
	gb_buf_dispose(&name);
	cJSON_Delete(json);
	return error;
}

static int bt_detect(const char *data, size_t len)
{
	static const char *const required[] = { "BenchmarkTools", "Julia", NULL };
	static const char *const typical[] = { "data", "tags", "times",
		"gctimes", "memory", "allocs", NULL };

	if (!gb_json_starts_with(data, len, '['))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_benchmarktools = {
	"benchmarktools",
	"Julia BenchmarkTools.save JSON",
	NULL,
	NULL,
	bt_detect,
	bt_read,
};
