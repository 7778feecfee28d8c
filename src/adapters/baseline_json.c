/*
 * The baseline.json of the older baseline-file tools: {"version",
 * "timestamp", "git_commit", "results": {name: {"mean_ns", "stddev_ns",
 * "min_ns", "max_ns", "iterations", ...}}}. The version becomes the run's
 * label and the timestamp its time; git_commit is only informative, as
 * the user names the commit when importing.
 */
#include <math.h>
#include <stdint.h>

#include "json.h"
#include "util.h"

static int read_one(gb_run *run, const cJSON *item, const char *source)
{
	const char *name = item->string;
	gb_result *r;
	double v[5];
	int error;

	if (!cJSON_IsObject(item))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"' is not an object", source, name);
	if ((error = gb_json_get_number(&v[0], item, "mean_ns", true, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&v[1], item, "stddev_ns", false, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&v[2], item, "min_ns", false, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&v[3], item, "max_ns", false, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&v[4], item, "iterations", false,
		     source, name)) < 0)
		return error;
	if ((error = gb_run_add_result(&r, run, name, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		return error;
	r->mean = v[0];
	r->stddev = v[1];
	r->min = v[2];
	r->max = v[3];
	r->iterations = gb_adapter_count(v[4]);
	return 0;
}

/* What the file says of the run: its version and when it was made. */
static int read_run_facts(gb_run *run, const cJSON *json, const char *source)
{
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(json, "version");
	double t;
	int error;

	if (version && !cJSON_IsNull(version)) {
		if (!cJSON_IsString(version))
			return gb_error_set(GB_EINVALID,
				"%s: version is not a string", source);
		if (*version->valuestring &&
		    (error = gb_set_string(&run->label, version->valuestring)) < 0)
			return error;
	}
	if ((error = gb_json_get_number(&t, json, "timestamp", false, source,
		     NULL)) < 0)
		return error;
	/* Seconds since the epoch, up to the year 9999. */
	if (!isnan(t) && (t < 0 || t > 253402300799.0))
		return gb_error_set(GB_EINVALID,
			"%s: timestamp is not a time in seconds since 1970", source);
	if (!isnan(t))
		run->time = (int64_t)t;
	return 0;
}

static int baseline_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *results, *item;
	cJSON *json = NULL;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	results = cJSON_GetObjectItemCaseSensitive(json, "results");
	if (!cJSON_IsObject(json) || !cJSON_IsObject(results)) {
		error = gb_error_set(GB_EINVALID,
			"%s: not a baseline file (no \"results\" object)", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(item, results)
		if ((error = read_one(run, item, source)) < 0)
			goto cleanup;
	error = read_run_facts(run, json, source);
cleanup:
	cJSON_Delete(json);
	return error;
}

static int baseline_detect(const char *data, size_t len)
{
	static const char *const required[] = { "results", "mean_ns", NULL };
	static const char *const typical[] = { "version", "timestamp",
		"git_commit", "stddev_ns", "min_ns", "max_ns", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_baseline_json = {
	"baseline-json",
	"baseline.json of the older baseline-file tools (version, results with mean_ns)",
	NULL,
	NULL,
	baseline_detect,
	baseline_read,
};
