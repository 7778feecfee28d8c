/*
 * Ruby benchmark-ips, x.json!(file): [{"name", "ips", "central_tendency",
 * "stddev", "error", "microseconds", "iterations", "cycles"}]. It measures
 * a rate only, so each benchmark is "<name> [ips]" in ops/s, higher is
 * better, with the ips deviation and the total iterations. What it prints
 * is read by benchmark_ips_console.c.
 */
#include <math.h>

#include "console.h"
#include "json.h"
#include "util.h"

static int read_one(gb_run *run, const cJSON *list, const cJSON *item,
	size_t index, const char *source)
{
	const char *name = gb_json_string(item, "name");
	double ips, stddev, iters;
	gb_result *r;
	int error;

	(void)list;
	if (!cJSON_IsObject(item) || !name)
		return gb_error_set(GB_EINVALID, "%s: item %zu has no name",
			source, index + 1);
	if ((error = gb_json_get_number(&ips, item, "ips", true, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&stddev, item, "stddev", false, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&iters, item, "iterations", false,
		     source, name)) < 0 ||
	    (error = gb_adapter_add_metric(&r, run, name, "ips", "ops/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	r->mean = ips;
	r->stddev = stddev;
	r->iterations = gb_adapter_count(iters);
	return 0;
}

static int ips_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	return gb_json_read_items(run, data, len, source, NULL,
		"not benchmark-ips JSON (not an array)", read_one);
}

static int ips_detect(const char *data, size_t len)
{
	static const char *const required[] = { "name", "ips", NULL };
	static const char *const typical[] = { "central_tendency", "stddev",
		"error", "microseconds", "iterations", "cycles", NULL };

	if (!gb_json_starts_with(data, len, '['))
		return gb_ips_console_detect(data, len);
	return gb_json_key_score(data, len, required, typical);
}

static int ips_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (!gb_json_starts_with(data, len, '['))
		return gb_ips_console_read(run, data, len, source);
	return ips_read(run, data, len, source);
}

const gb_adapter gb_adapter_benchmark_ips = {
	"benchmark-ips",
	"Ruby benchmark-ips: JSON (x.json!) or what it prints",
	NULL,
	NULL,
	ips_detect,
	ips_read_any,
};
