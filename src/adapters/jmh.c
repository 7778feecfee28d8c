/*
 * JMH's JSON results (-rf json): an array of runs, each {"benchmark",
 * "mode", "params", "primaryMetric": {"score", "scoreError",
 * "scorePercentiles", "scoreUnit", "rawData"}, "secondaryMetrics": {...}}.
 *
 * The benchmark is its full method name, with its @Param values when it has
 * some, "org.sample.Sort.sort (size=100, kind=random)", and its mode when
 * the file has it in more than one: "... (size=100, mode=avgt)". The score
 * is the mean; percentiles 0, 50 and 100 are min, median and max; every
 * iteration's score (rawData) is a sample. A time per operation (avgt,
 * sample, ss: "us/op") is stored in ns, lower is better; a throughput
 * (thrpt: "ops/ms") in ops/s, higher is better. scoreError is a confidence
 * half-width, not a deviation, and is not kept. Each secondary metric
 * ("·gc.alloc.rate") is a measure by its name, in its scoreUnit (a time,
 * "·gc.time" in ms, in ns); what the gc profiler counts is lower-is-better,
 * rates of allocation included, with the "·" of older JMH or without
 * it. A secondary metric JMH could not score ("score": "NaN", as a
 * profiler that saw nothing writes it) is left out with a warning; the
 * benchmark's other figures are kept.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

/* Seconds in one of JMH's time units. */
static double unit_seconds(const char *u, size_t n)
{
	static const struct {
		const char *name;
		double s;
	} units[] = { { "ns", 1e-9 }, { "us", 1e-6 }, { "ms", 1e-3 },
		{ "s", 1 }, { "min", 60 }, { "hr", 3600 }, { "day", 86400 } };
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(units); i++)
		if (strlen(units[i].name) == n && strncmp(u, units[i].name, n) == 0)
			return units[i].s;
	return 0;
}

/*
 * "us/op" to ns, "ops/ms" to ops/s, the gc profiler's "MB/sec" to B/s
 * (its MB are 1024 * 1024 bytes); anything else is kept as written.
 */
static void score_unit(gb_measure *m, double *factor, const char *unit)
{
	size_t n = strlen(unit);
	double s;

	m->unit = unit;
	m->direction = gb_adapter_unit_direction(unit);
	*factor = 1;
	if (n > 3 && strcmp(unit + n - 3, "/op") == 0 &&
	    (s = unit_seconds(unit, n - 3)) > 0) {
		m->unit = "ns";
		m->direction = GB_LOWER_IS_BETTER;
		*factor = s * 1e9;
	} else if (strncmp(unit, "ops/", 4) == 0 &&
		   (s = unit_seconds(unit + 4, n - 4)) > 0) {
		m->unit = "ops/s";
		m->direction = GB_HIGHER_IS_BETTER;
		*factor = 1 / s;
	} else if (strcmp(unit, "MB/sec") == 0) {
		m->unit = "B/s";
		*factor = 1048576.0;
	} else if ((s = gb_adapter_time_factor(unit)) > 0) {
		/* A time (the gc profiler's "ms"), in ns as every time. */
		m->unit = "ns";
		*factor = s;
	}
}

/*
 * rawData: [[iteration scores of fork 1], [of fork 2], ...]. Junk in it
 * (warned about) leaves the samples out.
 */
static int raw_data(double **out, size_t *n, const cJSON *metric,
	double factor, const char *source, const char *name)
{
	const cJSON *raw = cJSON_GetObjectItemCaseSensitive(metric, "rawData");
	const cJSON *fork;
	gb_buf flat = GB_BUF_INIT;
	int error = 0;

	*out = NULL;
	*n = 0;
	cJSON_ArrayForEach(fork, (cJSON_IsArray(raw) ? raw : NULL)) {
		double *s;
		size_t k;

		if ((error = gb_json_optional_samples(&s, &k, fork, factor,
			     source, name, "rawData")) < 0)
			break;
		if (k == 0) {
			gb_buf_clear(&flat);
			break;
		}
		error = gb_buf_put(&flat, s, k * sizeof(double));
		free(s);
		if (error < 0)
			break;
	}
	if (error == 0 && flat.size) {
		*n = flat.size / sizeof(double);
		*out = (double *)(void *)gb_buf_detach(&flat);
	}
	gb_buf_dispose(&flat);
	return error;
}

static double percentile(const cJSON *metric, const char *key)
{
	return gb_json_number(cJSON_GetObjectItemCaseSensitive(metric,
				      "scorePercentiles"), key);
}

/* Secondary metrics without a score, counted for one warning. */
typedef struct {
	size_t n;
	gb_buf first;
} jmh_unscored;

/* JMH writes a score it has not ("NaN") as a string. */
static bool unscored(const cJSON *metric)
{
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(metric, "score");

	return cJSON_IsNull(score) || (cJSON_IsString(score) &&
		(!strcmp(score->valuestring, "NaN") ||
		 !strcmp(score->valuestring, "Infinity") ||
		 !strcmp(score->valuestring, "-Infinity")));
}

/* What the gc profiler counts: "·gc.alloc.rate", or "gc.alloc.rate". */
static bool gc_metric(const char *name)
{
	if (!strncmp(name, "\xc2\xb7", 2))
		name += 2;
	return !strncmp(name, "gc.", 3);
}

static int read_metric(gb_run *run, const char *name, const cJSON *metric,
	gb_figure_role role, const char *source)
{
	const char *unit = gb_json_string(metric, "scoreUnit");
	gb_measure m = { metric->string, NULL, GB_LOWER_IS_BETTER, role };
	gb_estimates e = GB_ESTIMATES_INIT;
	double factor, *samples = NULL;
	int error;

	if (!cJSON_IsObject(metric) || !unit)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %s has no scoreUnit", source, name, metric->string);
	score_unit(&m, &factor, unit);
	/* What the gc profiler counts (allocation rates too) is a cost. */
	if (role == GB_FIGURE_METRIC && gc_metric(m.name))
		m.direction = GB_LOWER_IS_BETTER;
	if ((error = gb_json_get_number(&e.mean, metric, "score", true, source,
		     name)) < 0)
		return error;
	e.mean *= factor;
	e.min = percentile(metric, "0.0") * factor;
	e.median = percentile(metric, "50.0") * factor;
	e.max = percentile(metric, "100.0") * factor;
	if (role == GB_FIGURE_PRIMARY &&
	    (error = raw_data(&samples, &e.nsamples, metric, factor, source,
		     name)) < 0)
		return error;
	e.samples = samples;
	error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error;
}

static int param_text(gb_buf *out, const cJSON *p)
{
	if (cJSON_IsString(p))
		return gb_buf_printf(out, "%s=%s", p->string, p->valuestring);
	if (cJSON_IsNumber(p))
		return gb_buf_printf(out, "%s=%.17g", p->string, p->valuedouble);
	return GB_EINVALID;
}

/* "name (p=v, ..., mode=m)". */
static int bench_name(gb_buf *out, const cJSON *run, const char *bench,
	bool with_mode, const char *source)
{
	const cJSON *params = cJSON_GetObjectItemCaseSensitive(run, "params");
	const char *mode = gb_json_string(run, "mode");
	const cJSON *p;
	size_t n = 0;

	gb_buf_puts(out, bench);
	cJSON_ArrayForEach(p, (cJSON_IsObject(params) ? params : NULL)) {
		gb_buf_puts(out, n++ ? ", " : " (");
		if (param_text(out, p) < 0)
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': parameter %s is not a string",
				source, bench, p->string);
	}
	if (with_mode && mode)
		gb_buf_printf(out, "%smode=%s", n++ ? ", " : " (", mode);
	return n ? gb_buf_puts(out, ")") : 0;
}

static int read_run(gb_run *run, const cJSON *r, size_t i, bool with_mode,
	const char *source, jmh_unscored *left)
{
	const char *bench = gb_json_string(r, "benchmark");
	const cJSON *primary = cJSON_GetObjectItemCaseSensitive(r, "primaryMetric");
	const cJSON *secondary, *m;
	gb_buf name = GB_BUF_INIT;
	int error;

	if (!bench)
		return gb_error_set(GB_EINVALID, "%s: item %zu has no benchmark",
			source, i + 1);
	if ((error = bench_name(&name, r, bench, with_mode, source)) < 0)
		goto cleanup;
	if (!cJSON_IsObject(primary)) {
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': no primaryMetric", source, name.ptr);
		goto cleanup;
	}
	if ((error = read_metric(run, name.ptr, primary, GB_FIGURE_PRIMARY,
		     source)) < 0)
		goto cleanup;
	secondary = cJSON_GetObjectItemCaseSensitive(r, "secondaryMetrics");
	cJSON_ArrayForEach(m, (cJSON_IsObject(secondary) ? secondary : NULL)) {
		if (cJSON_IsObject(m) && unscored(m)) {
			if (left->n++ == 0)
				gb_buf_printf(&left->first, "%s %s", name.ptr,
					m->string);
			continue;
		}
		if ((error = read_metric(run, name.ptr, m, GB_FIGURE_METRIC,
			     source)) < 0)
			break;
	}
cleanup:
	gb_buf_dispose(&name);
	return error;
}

static int jmh_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	jmh_unscored left = { 0, GB_BUF_INIT };
	const char **names = NULL, **modes = NULL;
	bool *with_mode = NULL;
	const cJSON *r;
	cJSON *json = NULL;
	size_t i = 0, n = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	if (!cJSON_IsArray(json))
		error = gb_error_set(GB_EINVALID, "%s: not JMH JSON (expected an "
			"array of benchmark runs)", source);
	else if (!(names = gb_calloc((n = (size_t)cJSON_GetArraySize(json)) + 1,
			   sizeof(*names))) ||
		 !(modes = gb_calloc(n + 1, sizeof(*modes))))
		error = GB_ERROR;
	/* The mode in the name of a method the file has in several modes. */
	cJSON_ArrayForEach(r, (error == 0 ? json : NULL)) {
		names[i] = gb_json_string(r, "benchmark");
		modes[i++] = gb_json_string(r, "mode");
	}
	if (error == 0)
		error = gb_adapter_variants(&with_mode, names, modes, n);
	i = 0;
	cJSON_ArrayForEach(r, (error == 0 ? json : NULL)) {
		if ((error = read_run(run, r, i, with_mode[i], source, &left)) < 0)
			break;
		i++;
	}
	if (error == 0 && left.n)
		gb_adapter_warn_left_out(source, left.n, "secondary metric",
			left.n == 1 ? "has no score (NaN)" :
			"have no score (NaN)", left.first.ptr, NULL);
	gb_buf_dispose(&left.first);
	free(with_mode);
	free(names);
	free(modes);
	cJSON_Delete(json);
	return error;
}

static int jmh_detect(const char *data, size_t len)
{
	static const char *const required[] = { "benchmark", "primaryMetric",
		NULL };
	static const char *const typical[] = { "jmhVersion", "mode", "scoreUnit",
		"secondaryMetrics", "rawData", "forks", NULL };

	if (!gb_json_starts_with(data, len, '['))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_jmh = {
	"jmh",
	"JMH -rf json (every mode)",
	NULL,
	NULL,
	jmh_detect,
	jmh_read,
};
