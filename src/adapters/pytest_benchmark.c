/*
 * pytest-benchmark --benchmark-json: {"machine_info", "commit_info",
 * "benchmarks": [{"fullname", "name", "stats": {"min", "max", "mean",
 * "stddev", "median", "rounds", "iterations", "ops", "data": [...]}}]}.
 * Times are seconds per iteration; each round is a sample (data, when the
 * file has it), and one round has no deviation, whatever "stddev" says.
 * "ops" is also kept, as "<fullname> [ops]" in ops/s. A sample list with
 * junk is left out, with a warning, when the statistics are whole. The
 * terminal table is read by pytest_benchmark_table.c.
 */
#include <math.h>
#include <stdlib.h>

#include "console.h"
#include "json.h"
#include "util.h"

static int read_data(gb_result *r, const cJSON *stats, const char *source)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(stats, "data");
	double *samples;
	size_t n;
	int error;

	if (!data || cJSON_IsNull(data))
		return 0;
	if ((error = gb_json_optional_samples(&samples, &n, data, 1e9, source,
		     r->name, "data")) < 0 || n == 0)
		return error;
	gb_result_set_samples(r, samples, n);
	return 0;
}

static int read_stats(gb_run *run, const cJSON *stats, const char *name,
	const char *source)
{
	static const char *const keys[] = { "mean", "median", "stddev", "min",
		"max", "rounds", "iterations", "ops" };
	double v[GB_ARRAY_SIZE(keys)];
	gb_result *r;
	size_t i;
	int error;

	for (i = 0; i < GB_ARRAY_SIZE(keys); i++)
		if ((error = gb_json_get_number(&v[i], stats, keys[i], i == 0,
			     source, name)) < 0)
			return error;
	if ((error = gb_run_add_result(&r, run, name, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		return error;
	r->mean = v[0] * 1e9;
	r->median = v[1] * 1e9;
	/* pytest-benchmark gives one round a deviation of 0: no spread. */
	r->stddev = v[5] == 1 ? NAN : v[2] * 1e9;
	r->min = v[3] * 1e9;
	r->max = v[4] * 1e9;
	r->count = gb_adapter_count(v[5]);
	/* iterations is per round; the record counts them all. */
	if (r->count)
		r->iterations = gb_adapter_count(v[5] * (isnan(v[6]) ? 1 : v[6]));
	if ((error = read_data(r, stats, source)) < 0)
		return error;
	gb_adapter_finish_result(r);
	if (isnan(v[7]))
		return 0;
	if ((error = gb_adapter_add_metric(&r, run, name, "ops", "ops/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	r->mean = v[7];
	return 0;
}

static int read_one(gb_run *run, const cJSON *item, size_t index,
	const char *source)
{
	const char *name = gb_json_string(item, "fullname");
	const cJSON *stats = cJSON_GetObjectItemCaseSensitive(item, "stats");

	if (!name)
		name = gb_json_string(item, "name");
	if (!cJSON_IsObject(item) || !name)
		return gb_error_set(GB_EINVALID,
			"%s: benchmarks[%zu] has no fullname", source, index);
	if (!cJSON_IsObject(stats))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': no stats", source, name);
	return read_stats(run, stats, name, source);
}

static int pytest_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *benchmarks, *item;
	cJSON *json = NULL;
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	benchmarks = cJSON_GetObjectItemCaseSensitive(json, "benchmarks");
	if (!cJSON_IsArray(benchmarks)) {
		error = gb_error_set(GB_EINVALID,
			"%s: not pytest-benchmark JSON (no \"benchmarks\" array)",
			source);
		goto cleanup;
	}
	cJSON_ArrayForEach(item, benchmarks)
		if ((error = read_one(run, item, i++, source)) < 0)
			goto cleanup;
cleanup:
	cJSON_Delete(json);
	return error;
}

static int pytest_detect(const char *data, size_t len)
{
	static const char *const required[] = { "benchmarks", "stats", NULL };
	static const char *const typical[] = { "machine_info", "commit_info",
		"fullname", "rounds", "iqr", "ops", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return gb_pytest_table_detect(data, len);
	return gb_json_key_score(data, len, required, typical);
}

static int pytest_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (!gb_json_starts_with(data, len, '{'))
		return gb_pytest_table_read(run, data, len, source);
	return pytest_read(run, data, len, source);
}

const gb_adapter gb_adapter_pytest_benchmark = {
	"pytest-benchmark",
	"pytest-benchmark --benchmark-json, or its terminal table",
	NULL,
	NULL,
	pytest_detect,
	pytest_read_any,
};
