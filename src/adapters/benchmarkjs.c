/*
 * benchmark.js, as JSON or as the text it prints.
 *
 * JSON: {"benchmarks": [...]} (or a bare array) of benchmark.js's
 * Benchmark objects: "name", "hz" and "stats" {"mean", "deviation",
 * "sample": [...]}, in seconds. The time per run is the benchmark; hz is
 * "<name> [hz]" in ops/s, higher is better.
 *
 * Text: "fib#10 x 2,489,777 ops/sec ±0.60% (96 runs sampled)". It only
 * has the rate: "<name> [hz]", with the number of runs as its count (the
 * ± is a relative margin of error, not a deviation, and is not kept). A
 * benchmark that threw an Error prints "<name>: " and nothing more (an
 * Error's own fields are not enumerable): it is left out with a warning.
 * One that threw something else prints what it threw after the colon,
 * which cannot be told from other output: it goes unsaid.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

static int read_stats(gb_result *r, const cJSON *stats, const char *source)
{
	const cJSON *sample = cJSON_GetObjectItemCaseSensitive(stats, "sample");
	double mean, dev, *s;
	size_t n;
	int error;

	if ((error = gb_json_get_number(&mean, stats, "mean", true, source,
		     r->name)) < 0 ||
	    (error = gb_json_get_number(&dev, stats, "deviation", false, source,
		     r->name)) < 0)
		return error;
	r->mean = mean * 1e9;
	r->stddev = dev * 1e9;
	if (!cJSON_IsArray(sample))
		return 0;
	if ((error = gb_json_optional_samples(&s, &n, sample, 1e9, source,
		     r->name, "sample")) < 0 || n == 0)
		return error;
	gb_result_set_samples(r, s, n);
	gb_adapter_finish_result(r);
	return 0;
}

/*
 * A benchmark that threw: benchmark.js stops it with hz 0 and empty stats
 * (and the script that saved it may keep its `error`). Stored, it would
 * read as infinitely fast. The Benchmark object itself, saved whole
 * (JSON.stringify(Array.from(suite))), has its `error` ({}: an Error's
 * own fields are not enumerable) and `aborted` true, and no hz at all
 * (its 0 is the prototype's).
 */
static bool failed(const cJSON *item, double hz, const cJSON *stats)
{
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(item, "error");
	const cJSON *mean = cJSON_GetObjectItemCaseSensitive(stats, "mean");

	return (error && !cJSON_IsNull(error) && !cJSON_IsFalse(error)) ||
	       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "aborted")) ||
	       ((hz == 0 || isnan(hz)) &&
		(!cJSON_IsNumber(mean) || mean->valuedouble == 0));
}

/* One benchmark into `run`; 1 when it failed and is left out. */
static int read_one(gb_run *run, const cJSON *item, size_t index,
	const char *source)
{
	const char *name = gb_json_string(item, "name");
	const cJSON *stats = cJSON_GetObjectItemCaseSensitive(item, "stats");
	gb_result *r;
	double hz;
	int error;

	if (!cJSON_IsObject(item) || !name)
		return gb_error_set(GB_EINVALID,
			"%s: benchmarks[%zu] has no name", source, index);
	if (!cJSON_IsObject(stats))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': no stats", source, name);
	/* Before hz is required: a benchmark that threw may have none. */
	if (failed(item, gb_json_number(item, "hz"), stats))
		return 1;
	if ((error = gb_json_get_number(&hz, item, "hz", true, source, name)) < 0)
		return error;
	if ((error = gb_run_add_result(&r, run, name, "ns",
		     GB_LOWER_IS_BETTER)) < 0 ||
	    (error = read_stats(r, stats, source)) < 0 ||
	    (error = gb_adapter_add_metric(&r, run, name, "hz", "ops/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	r->mean = hz;
	return 0;
}

static int read_json(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *list, *item;
	cJSON *json = NULL;
	const char *first = NULL;
	size_t i = 0, nfailed = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	list = cJSON_IsObject(json)
		       ? cJSON_GetObjectItemCaseSensitive(json, "benchmarks") : json;
	if (!cJSON_IsArray(list)) {
		error = gb_error_set(GB_EINVALID,
			"%s: not benchmark.js JSON (no \"benchmarks\" array)", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(item, list) {
		if ((error = read_one(run, item, i++, source)) < 0)
			goto cleanup;
		if (error > 0 && !nfailed++)
			first = gb_json_string(item, "name");
	}
	error = 0;
	if (nfailed && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark failed "
			"('" GB_NAME_SHOWN "' has no rate and no time)", source, first);
	else if (nfailed)
		gb_adapter_warn_left_out(source, nfailed, "benchmark",
			"failed (no rate and no time)", first, NULL);
cleanup:
	cJSON_Delete(json);
	return error;
}

/*
 * Where " x " starts in a result line, "fib#10 x 2,489,777 ops/sec ±0.60%
 * (96 runs sampled)", or NULL. A line that only begins like one is a
 * result too (to be refused as malformed) when it speaks of ops/sec or is
 * the unfinished last line of a file that was cut.
 */
static const char *result_mark(const char *s, bool cut)
{
	const char *x = NULL, *p = s;

	while ((p = strstr(p, " x ")))
		x = p++;
	if (!x || x[3] < '0' || x[3] > '9')
		return NULL;
	if (strstr(x, " ops/sec") || cut)
		return x;
	return NULL;
}

/* The numbers after " x ": 0 when the rest of the line is exactly right. */
static int parse_rest(double *hz, double *runs, const char *x)
{
	const char *p;

	if (gb_adapter_parse_number(hz, x + 3, &p, true) < 0 ||
	    strncmp(p, " ops/sec ", 9) != 0 || !(p = strchr(p, '(')) ||
	    gb_adapter_parse_number(runs, p + 1, &p, false) < 0 ||
	    (strcmp(p, " runs sampled)") != 0 && strcmp(p, " run sampled)") != 0))
		return GB_EINVALID;
	return 0;
}

static int read_text_line(gb_run *run, const gb_line *l, char *s,
	const char *x, const char *source)
{
	double hz, runs;
	gb_result *r;
	int error;

	if (parse_rest(&hz, &runs, x) < 0)
		return gb_error_set(GB_EINVALID, "%s: line %zu: not a \"<name> x "
			"<n> ops/sec ±<n>%% (<n> runs sampled)\" line%s", source,
			l->number, l->terminated ? "" : " (truncated?)");
	s[x - s] = '\0';
	if ((error = gb_adapter_add_metric(&r, run, s, "hz", "ops/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	r->mean = hz;
	r->count = gb_adapter_count(runs);
	return 0;
}

/*
 * The name of a benchmark that threw an Error, printed "<name>: " and
 * nothing more (the space kept, which little other output ends a line
 * with), in place; NULL for any other line.
 */
static const char *threw_name(char *s, size_t len)
{
	if (len < 3 || s[0] == ' ' || s[0] == '\t' ||
	    strcmp(s + len - 2, ": ") != 0)
		return NULL;
	s[len - 2] = '\0';
	return s;
}

static int read_text(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT, first = GB_BUF_INIT;
	const char *x, *name;
	size_t nthrew = 0;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		gb_buf_clear(&copy);
		if ((error = gb_buf_put(&copy, l.text, l.len)) < 0)
			break;
		if ((x = result_mark(copy.ptr, !l.terminated)))
			error = read_text_line(run, &l, copy.ptr, x, source);
		else if (l.terminated && strlen(copy.ptr) == l.len &&
			 (name = threw_name(copy.ptr, l.len)) && !nthrew++)
			error = gb_buf_puts(&first, name);
	}
	if (error == 0 && nthrew && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark threw an "
			"error ('" GB_NAME_SHOWN "')", source, first.ptr);
	else if (error == 0 && nthrew)
		gb_adapter_warn_left_out(source, nthrew, "benchmark",
			"threw an error", first.ptr, NULL);
	gb_buf_dispose(&copy);
	gb_buf_dispose(&first);
	return error;
}

static int benchmarkjs_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (gb_json_starts_with(data, len, '{') ||
	    gb_json_starts_with(data, len, '['))
		return read_json(run, data, len, source);
	return read_text(run, data, len, source);
}

static int benchmarkjs_detect(const char *data, size_t len)
{
	static const char *const required[] = { "hz", "stats", NULL };
	static const char *const typical[] = { "benchmarks", "rme", "moe",
		"sample", "deviation", "cycles", NULL };
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	const char *x;
	double hz, runs;
	int score = 0;

	if (gb_json_starts_with(data, len, '{') ||
	    gb_json_starts_with(data, len, '['))
		return gb_json_key_score(data, len, required, typical);
	while (!score && l.pos < GB_JSON_DETECT_SPAN &&
	       gb_line_next(&l, data, len)) {
		gb_buf_clear(&copy);
		if (gb_buf_put(&copy, l.text, l.len) < 0)
			break;
		x = result_mark(copy.ptr, false);
		score = x && parse_rest(&hz, &runs, x) == 0 ? 85 : 0;
	}
	gb_buf_dispose(&copy);
	return score;
}

const gb_adapter gb_adapter_benchmarkjs = {
	"benchmarkjs",
	"benchmark.js: its text output, or JSON of its Benchmark objects",
	NULL,
	NULL,
	benchmarkjs_detect,
	benchmarkjs_read,
};
