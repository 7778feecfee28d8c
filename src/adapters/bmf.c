/*
 * Bencher Metric Format (BMF) JSON: benchmarks by name, each with one or
 * more measures by slug, each a value with optional bounds:
 *
 *   {"sort/1000": {"latency": {"value": 88.0, "lower_value": 87.4,
 *                              "upper_value": 88.9},
 *                  "throughput": {"value": 11363.6}}}
 *
 * Every measure is a measure of the benchmark, by its slug, except that
 * latency is its time (schema 1 stored latency under the benchmark's name
 * and the others as "sort/1000/throughput"). latency is in ns and
 * build-time in seconds (both stored in ns), throughput in operations per
 * second (higher is better), file-size in bytes; other measures keep no
 * unit and are lower-is-better. The bounds are not a spread and are not
 * recorded.
 */
#include <string.h>

#include "json.h"
#include "util.h"

static void measure_of(gb_measure *m, double *factor, const char *slug)
{
	m->name = slug;
	m->unit = "";
	m->direction = GB_LOWER_IS_BETTER;
	m->role = GB_FIGURE_METRIC;
	*factor = 1;
	if (strcmp(slug, "latency") == 0) {
		m->role = GB_FIGURE_PRIMARY;
		m->unit = "ns";
	} else if (strcmp(slug, "build-time") == 0) {
		m->unit = "ns";
		*factor = 1e9;
	} else if (strcmp(slug, "throughput") == 0) {
		m->unit = "ops/s";
		m->direction = GB_HIGHER_IS_BETTER;
	} else if (strcmp(slug, "file-size") == 0) {
		m->unit = "B";
	}
}

static int read_measure(gb_run *run, const char *bench, const cJSON *v,
	const char *source)
{
	gb_estimates e = GB_ESTIMATES_INIT;
	gb_measure m;
	double factor;
	int error;

	measure_of(&m, &factor, v->string);
	if (!cJSON_IsObject(v))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': measure %s is not an object with a value", source,
			bench, v->string);
	if ((error = gb_json_get_number(&e.mean, v, "value", true, source,
		     bench)) < 0)
		return error;
	e.mean *= factor;
	return gb_adapter_figure(run, bench, &m, &e);
}

static int bmf_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *bench, *measure;
	cJSON *json = NULL;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	if (!cJSON_IsObject(json)) {
		error = gb_error_set(GB_EINVALID, "%s: not Bencher Metric Format "
			"(expected an object of benchmarks)", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(bench, json) {
		if (!cJSON_IsObject(bench) || !bench->child) {
			error = gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': expected an object of measures",
				source, bench->string);
			goto cleanup;
		}
		cJSON_ArrayForEach(measure, bench)
			if ((error = read_measure(run, bench->string, measure,
				     source)) < 0)
				goto cleanup;
	}
cleanup:
	cJSON_Delete(json);
	return error;
}

/* '{' "name" ':' '{' "measure" ':' '{': the shape of BMF. */
static bool bmf_shape(const char *p, const char *end)
{
	static const char shape[] = "{s:{s:{";
	size_t i;

	for (i = 0; shape[i]; i++) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
				   *p == '\r'))
			p++;
		if (p == end)
			return false;
		if (shape[i] != 's') {
			if (*p++ != shape[i])
				return false;
			continue;
		}
		if (*p++ != '"')
			return false;
		while (p < end && *p != '"')
			p += *p == '\\' ? 2 : 1;
		if (p++ >= end)
			return false;
	}
	return true;
}

static int bmf_detect(const char *data, size_t len)
{
	static const char *const required[] = { "value", NULL };
	static const char *const typical[] = { "latency", "throughput",
		"lower_value", "upper_value", NULL };

	if (!bmf_shape(data, data + len))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_bmf = {
	"bmf",
	"Bencher Metric Format JSON",
	NULL,
	NULL,
	bmf_detect,
	bmf_read,
};
