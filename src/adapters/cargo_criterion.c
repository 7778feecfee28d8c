/*
 * cargo-criterion --message-format=json: one JSON message per line, told
 * apart by "reason". A "benchmark-complete" message has the benchmark's
 * "id", its samples as "measured_values" (total per sample, in "unit")
 * and "iteration_count", and estimates "typical", "mean", "median",
 * "median_abs_dev", "slope" (may be null), each {"estimate",
 * "lower_bound", "upper_bound", "unit"}. Other messages (group-complete,
 * cargo's own) are skipped. Written from cargo-criterion's documented
 * format: there is no captured run of the tool among the test fixtures.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

/* An estimate's value in ns (or its own unit when that is not a time). */
static int estimate(double *out, const cJSON *msg, const char *key,
	const char *unit, const char *source, const char *name)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(msg, key);
	const char *eu;
	double f = 1;
	int error;

	*out = NAN;
	if (!e || cJSON_IsNull(e))
		return 0;
	if (!cJSON_IsObject(e))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %s is not an object", source, name, key);
	if ((error = gb_json_get_number(out, e, "estimate", true, source,
		     name)) < 0)
		return error;
	eu = gb_json_string(e, "unit");
	if (eu && gb_adapter_time_factor(eu) != 0)
		f = gb_adapter_time_factor(eu);
	else if (eu && strcmp(eu, unit) != 0)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %s is in %.20s, the samples in %.20s", source, name,
			key, eu, unit);
	*out *= f;
	return 0;
}

/* Per-iteration samples: measured_values[i] / iteration_count[i]. */
static int read_samples(gb_result *r, const cJSON *msg, double f,
	const char *source)
{
	const cJSON *iters = cJSON_GetObjectItemCaseSensitive(msg, "iteration_count");
	double *values = NULL, *counts = NULL, total = 0;
	size_t n, k, i;
	int error;

	if (!cJSON_GetObjectItemCaseSensitive(msg, "measured_values") && !iters)
		return 0;
	if ((error = gb_json_get_samples(&values, &n,
		     cJSON_GetObjectItemCaseSensitive(msg, "measured_values"), f,
		     source, r->name, "measured_values")) < 0 ||
	    (error = gb_json_get_samples(&counts, &k, iters, 1, source, r->name,
		     "iteration_count")) < 0)
		goto cleanup;
	if (n != k) {
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': measured_values and iteration_count differ in length",
			source, r->name);
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		if (!(counts[i] > 0)) {
			error = gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': iteration_count %zu is not positive",
				source, r->name, i + 1);
			goto cleanup;
		}
		values[i] /= counts[i];
		total += counts[i];
	}
	gb_result_set_samples(r, values, n);
	values = NULL;
	r->iterations = gb_adapter_count(total);
	gb_adapter_finish_result(r);
cleanup:
	free(values);
	free(counts);
	return error;
}

/*
 * "throughput": [{"per_iteration": n, "unit": "elements" | "bytes"}, ...]
 * beside the time `t`: results in measure "throughput" (a second one in
 * "throughput-bytes" or "throughput-elements").
 */
static int read_throughputs(gb_run *run, const cJSON *msg, const gb_result *t,
	const char *source)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(msg, "throughput");
	const cJSON *tp;
	const char *unit;
	double n = 0;
	int had = 0, error;

	if (!list || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': throughput is not a list", source, t->name);
	cJSON_ArrayForEach(tp, list) {
		unit = gb_json_string(tp, "unit");
		if ((error = gb_json_get_number(&n, tp, "per_iteration", true,
			     source, t->name)) < 0)
			return error;
		if (!(n > 0) || !isfinite(n))
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': throughput per_iteration is "
				"not a positive count", source, t->name);
		if (!unit || (strcmp(unit, "elements") && strcmp(unit, "bytes")))
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': a throughput in \"%.20s\", not "
				"elements or bytes", source, t->name,
				unit ? unit : "");
		if ((error = gb_criterion_rate(run, t->name,
			     gb_criterion_rate_measure(*unit == 'b', had),
			     *unit == 'b' ? "B/s" : "elem/s", n, t)) < 0)
			return error;
		had++;
	}
	return 0;
}

/*
 * A throughput of a measurement that is not a time (a custom one, in
 * cycles or instructions) is no rate per second: passed over, and said,
 * as the Criterion.rs tree's reader says a throughput it does not read.
 */
static void warn_unread_throughput(const cJSON *msg, const char *name,
	const char *unit, const char *source)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(msg, "throughput");

	if (cJSON_IsArray(list) && cJSON_GetArraySize(list) > 0)
		gb_adapter_warn("%s: benchmark '" GB_NAME_SHOWN "' is measured "
			"in \"%.20s\", not a time: its throughput is not read; "
			"the %.20s are read alone", source, name, unit, unit);
}

static int read_complete(gb_run *run, const cJSON *msg, const char *source,
	size_t line)
{
	const char *name = gb_json_string(msg, "id");
	const char *unit = gb_json_string(msg, "unit");
	double f, v[3];
	gb_result *r, time;
	int error;

	if (!name)
		return gb_error_set(GB_EINVALID,
			"%s: line %zu: benchmark-complete without an id", source,
			line);
	if (!unit)
		unit = "ns";
	f = gb_adapter_time_factor(unit);
	if ((error = estimate(&v[0], msg, "mean", unit, source, name)) < 0 ||
	    (error = estimate(&v[1], msg, "median", unit, source, name)) < 0 ||
	    (error = estimate(&v[2], msg, "slope", unit, source, name)) < 0)
		return error;
	if (isnan(v[0]))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': missing mean", source, name);
	if ((error = gb_run_add_result(&r, run, name, f ? "ns" : unit,
		     f ? GB_LOWER_IS_BETTER : gb_adapter_unit_direction(unit))) < 0)
		return error;
	r->mean = v[0];
	r->median = v[1];
	r->slope = v[2];
	if ((error = read_samples(r, msg, f ? f : 1, source)) < 0)
		return error;
	if (!f) {
		warn_unread_throughput(msg, name, unit, source);
		return 0;
	}
	/* A copy: adding a result may move the run's results. */
	time = *r;
	return read_throughputs(run, msg, &time, source);
}

static int read_line(gb_run *run, const gb_line *l, const char *source)
{
	const char *reason;
	cJSON *msg;
	int error = 0;

	if ((error = gb_json_parse_line(&msg, l, source)) < 0)
		return error;
	reason = gb_json_string(msg, "reason");
	if (!reason)
		error = gb_error_set(GB_EINVALID,
			"%s: line %zu: a message without a reason", source,
			l->number);
	else if (strcmp(reason, "benchmark-complete") == 0)
		error = read_complete(run, msg, source, l->number);
	cJSON_Delete(msg);
	return error;
}

static int cargo_criterion_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT;
	int error = 0;

	/* Lines that are not JSON are the benchmarks' own printing. */
	while (error == 0 && gb_line_next(&l, data, len))
		if (l.len && l.text[0] == '{')
			error = read_line(run, &l, source);
	return error;
}

static int cargo_criterion_detect(const char *data, size_t len)
{
	static const char *const required[] = { "reason", NULL };
	static const char *const typical[] = { "id", "typical", "mean",
		"measured_values", "iteration_count", "report_directory", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_cargo_criterion = {
	"cargo-criterion",
	"cargo-criterion --message-format=json (benchmark-complete messages)",
	NULL,
	NULL,
	cargo_criterion_detect,
	cargo_criterion_read,
};
