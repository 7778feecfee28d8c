/*
 * vitest bench --outputJson, and tinybench's task results (which vitest's
 * figures come from). Times are milliseconds per iteration.
 *
 * vitest: {"files": [{"filepath", "groups": [{"fullName", "benchmarks":
 * [{"name", "mean", "median", "sd", "min", "max", "sampleCount", "hz",
 * "samples", ...}]}]}]}. A benchmark is "<group fullName> > <name>", as
 * vitest prints it: "bench/sort.bench.js > sort > normal".
 *
 * tinybench: the tasks' names and results, as
 * JSON.stringify(bench.tasks.map(({name, result}) => ({name, result}))):
 * [{"name", "result": {...}}]. tinybench 2 gives the figures in "result"
 * itself; tinybench 3 and later in "result.latency" (and the rate in
 * "result.throughput"). A task that threw ("error" in its result) is left
 * out, and so is one that tinybench 4 and later say did not finish
 * ("state" "aborted", "not-started"), each with a warning naming it; one
 * "aborted-with-statistics" is kept, with a warning that its figures are
 * partial. When no task is left, the file is refused.
 *
 * The time (mean, median or p50, sd, min, max, the samples) is the
 * benchmark's; the throughput (hz) is the measure "throughput". What
 * vitest prints is read by vitest_console.c, tinybench's table by
 * tinybench_console.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

/* A tinybench statistics object (or vitest's benchmark): its times. */
static int read_times(gb_run *run, const char *name, const cJSON *st,
	const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	static const char *const keys[] = { "mean", "median", "sd", "min",
		"max" };
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(st, "samples");
	gb_estimates e = GB_ESTIMATES_INIT;
	double v[GB_ARRAY_SIZE(keys)], n, *samples = NULL;
	size_t i, ns = 0;
	int error;

	for (i = 0; i < GB_ARRAY_SIZE(keys); i++)
		if ((error = gb_json_get_number(&v[i], st, keys[i], i == 0,
			     source, name)) < 0)
			return error;
	if (isnan(v[1]) && (error = gb_json_get_number(&v[1], st, "p50", false,
				    source, name)) < 0)
		return error;
	n = gb_json_number(st, "sampleCount");
	if (isnan(n))
		n = gb_json_number(st, "samplesCount");
	/* tinybench 2 has no count but its samples, which can be more than
	 * a record holds and are then skipped: their number is still it. */
	if (isnan(n) && cJSON_IsArray(list))
		n = cJSON_GetArraySize(list);
	if (list && !cJSON_IsNull(list) &&
	    (error = gb_json_optional_samples(&samples, &ns, list, 1e6, source,
		     name, "samples")) < 0)
		return error;
	e.mean = v[0] * 1e6;
	e.median = v[1] * 1e6;
	e.stddev = v[2] * 1e6;
	e.min = v[3] * 1e6;
	e.max = v[4] * 1e6;
	e.count = isnan(n) ? ns : gb_adapter_count(n);
	e.samples = samples;
	e.nsamples = ns;
	error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error;
}

static int read_rate(gb_run *run, const char *name, double hz)
{
	static const gb_measure m = { "throughput", "ops/s",
		GB_HIGHER_IS_BETTER, GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;

	e.mean = hz;
	return isnan(hz) ? 0 : gb_adapter_figure(run, name, &m, &e);
}

/* Benchmarks that threw: vitest writes them with neither mean nor hz. */
typedef struct {
	size_t n;
	gb_buf first;
} failures;

static bool bench_failed(const cJSON *b)
{
	return !cJSON_GetObjectItemCaseSensitive(b, "mean") &&
	       !cJSON_GetObjectItemCaseSensitive(b, "hz");
}

static int read_group(gb_run *run, const cJSON *group, const char *source,
	failures *failed)
{
	const char *full = gb_json_string(group, "fullName");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(group, "benchmarks");
	const cJSON *b;
	gb_buf name = GB_BUF_INIT;
	int error = 0;

	if (!full || !cJSON_IsArray(list))
		return gb_error_set(GB_EINVALID, "%s: a group has no %s", source,
			full ? "\"benchmarks\" array" : "fullName");
	cJSON_ArrayForEach(b, list) {
		const char *n = gb_json_string(b, "name");

		if (!n) {
			error = gb_error_set(GB_EINVALID, "%s: group '"
				GB_NAME_SHOWN "': a benchmark has no name", source,
				full);
			break;
		}
		gb_buf_clear(&name);
		if ((error = gb_buf_printf(&name, "%s > %s", full, n)) < 0)
			break;
		if (bench_failed(b)) {
			if (!failed->n++ &&
			    (error = gb_buf_puts(&failed->first, name.ptr)) < 0)
				break;
			continue;
		}
		if ((error = read_times(run, name.ptr, b, source)) < 0 ||
		    (error = read_rate(run, name.ptr, gb_json_number(b, "hz"))) < 0)
			break;
	}
	gb_buf_dispose(&name);
	return error;
}

static int vitest_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *files, *f, *groups, *g;
	cJSON *json = NULL;
	failures failed = { 0, GB_BUF_INIT };
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	files = cJSON_GetObjectItemCaseSensitive(json, "files");
	if (!cJSON_IsArray(files)) {
		error = gb_error_set(GB_EINVALID, "%s: not vitest bench JSON "
			"(expected an object with a \"files\" array)", source);
		goto cleanup;
	}
	cJSON_ArrayForEach(f, files) {
		groups = cJSON_GetObjectItemCaseSensitive(f, "groups");
		if (!cJSON_IsArray(groups)) {
			error = gb_error_set(GB_EINVALID, "%s: a file has no "
				"\"groups\" array", source);
			goto cleanup;
		}
		cJSON_ArrayForEach(g, groups)
			if ((error = read_group(run, g, source, &failed)) < 0)
				goto cleanup;
	}
	if (failed.n && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark failed "
			"('" GB_NAME_SHOWN "' has no mean and no hz)", source,
			failed.first.ptr);
	else if (failed.n)
		gb_adapter_warn_left_out(source, failed.n, "benchmark",
			"failed (no mean and no hz)", failed.first.ptr, NULL);
cleanup:
	gb_buf_dispose(&failed.first);
	cJSON_Delete(json);
	return error;
}

static int vitest_detect(const char *data, size_t len)
{
	static const char *const required[] = { "files", "groups", "benchmarks",
		NULL };
	static const char *const typical[] = { "fullName", "filepath", "hz",
		"rme", "sampleCount", "p999", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return gb_vitest_console_detect(data, len);
	return gb_json_key_score(data, len, required, typical);
}

/* The JSON, else what vitest printed. */
static int vitest_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (!gb_json_looks_like(data, len))
		return gb_vitest_console_read(run, data, len, source);
	return vitest_read(run, data, len, source);
}

const gb_adapter gb_adapter_vitest = {
	"vitest",
	"vitest bench --outputJson, or what it prints",
	NULL,
	NULL,
	vitest_detect,
	vitest_read_any,
};

/* The tasks that threw, did not finish, or stopped with partial figures. */
enum { THREW, STOPPED, PARTIAL, OUTCOMES };

typedef struct {
	size_t n[OUTCOMES];
	const char *first[OUTCOMES];    /* the first task of each */
	const char *why[OUTCOMES];      /* its error or state, or NULL */
} outcomes;

/*
 * What a task's error says. tinybench keeps the Error itself, whose
 * message JSON.stringify leaves out ({}); a script may keep the message.
 */
static const char *error_text(const cJSON *error)
{
	return cJSON_IsString(error) ? error->valuestring :
		gb_json_string(error, "message");
}

/* A state of tinybench 4 and later in which a task has no figures. */
static bool unfinished(const char *state)
{
	return state && (!strcmp(state, "aborted") ||
			 !strcmp(state, "not-started") ||
			 !strcmp(state, "started"));
}

/* One task into `run`; a task without figures is counted in `o` instead. */
static int read_task(gb_run *run, const cJSON *task, size_t i,
	const char *source, outcomes *o)
{
	const char *name = gb_json_string(task, "name");
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(task, "result");
	const cJSON *latency, *throughput, *error;
	const char *state, *why;
	int kind, e;

	if (!name)
		return gb_error_set(GB_EINVALID, "%s: task %zu has no name",
			source, i + 1);
	if (!cJSON_IsObject(result))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': no result (expected {\"name\", \"result\"})", source,
			name);
	error = cJSON_GetObjectItemCaseSensitive(result, "error");
	state = gb_json_string(result, "state");
	if (error && !cJSON_IsNull(error)) {
		kind = THREW;
		why = error_text(error);
	} else if (unfinished(state)) {
		kind = STOPPED;
		why = state;
	} else {
		kind = state && !strcmp(state, "aborted-with-statistics") ?
			PARTIAL : OUTCOMES;
		why = state;
	}
	if (kind < OUTCOMES && !o->n[kind]++) {
		o->first[kind] = name;
		o->why[kind] = why;
	}
	if (kind == THREW || kind == STOPPED)
		return 0;
	latency = cJSON_GetObjectItemCaseSensitive(result, "latency");
	throughput = cJSON_GetObjectItemCaseSensitive(result, "throughput");
	if (!cJSON_IsObject(latency))
		return (e = read_times(run, name, result, source)) < 0 ? e :
			read_rate(run, name, gb_json_number(result, "hz"));
	if ((e = read_times(run, name, latency, source)) < 0)
		return e;
	return read_rate(run, name, gb_json_number(throughput, "mean"));
}

/*
 * Warn of the tasks left out and those with partial figures; when no task
 * is left, refuse the file (tinybench_console.c says the same of its
 * table).
 */
static int tasks_outcome(const gb_run *run, const outcomes *o,
	const char *source)
{
	if (run->nresults == 0 && (o->n[THREW] || o->n[STOPPED])) {
		int k = o->n[THREW] ? THREW : STOPPED;

		return gb_error_set(GB_EINVALID, "%s: every task %s ('"
			GB_NAME_SHOWN "'%s%.200s)", source, !o->n[STOPPED] ?
			"threw an error" : !o->n[THREW] ? "was aborted" :
			"threw an error or was aborted", o->first[k],
			o->why[k] ? ": " : "", o->why[k] ? o->why[k] : "");
	}
	if (o->n[THREW])
		gb_adapter_warn_left_out(source, o->n[THREW], "task",
			"threw an error", o->first[THREW], o->why[THREW]);
	if (o->n[STOPPED])
		gb_adapter_warn_left_out(source, o->n[STOPPED], "task",
			"did not finish", o->first[STOPPED], o->why[STOPPED]);
	if (o->n[PARTIAL])
		gb_adapter_warn("%s: %zu task%s aborted and %s kept with partial "
			"figures ('" GB_NAME_SHOWN "': %s)", source, o->n[PARTIAL],
			o->n[PARTIAL] == 1 ? " was" : "s were",
			o->n[PARTIAL] == 1 ? "is" : "are", o->first[PARTIAL],
			o->why[PARTIAL]);
	return 0;
}

static int tinybench_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *task;
	cJSON *json = NULL;
	outcomes o = { { 0 }, { NULL }, { NULL } };
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	if (!cJSON_IsArray(json))
		error = gb_error_set(GB_EINVALID, "%s: not tinybench results "
			"(expected an array of {\"name\", \"result\"})", source);
	cJSON_ArrayForEach(task, (error == 0 ? json : NULL))
		if ((error = read_task(run, task, i++, source, &o)) < 0)
			break;
	if (error == 0)
		error = tasks_outcome(run, &o, source);
	cJSON_Delete(json);
	return error;
}

/* Just past the JSON string at p; NULL when there is none. */
static const char *skip_string(const char *p, const char *end)
{
	if (p == end || *p++ != '"')
		return NULL;
	for (; p < end && *p != '"'; p++)
		if (*p == '\\' && ++p == end)
			return NULL;
	return p < end ? p + 1 : NULL;
}

static const char *skip_json_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p past blanks and `token`, or NULL when `token` is not next. */
static const char *expect(const char *p, const char *end, const char *token)
{
	size_t n = strlen(token);

	if (!p || (size_t)(end - (p = skip_json_blanks(p, end))) < n ||
	    memcmp(p, token, n) != 0)
		return NULL;
	return p + n;
}

/*
 * Whether the text starts as the tasks' JSON does, [{"name": "...",
 * "result": {, in any spacing.
 */
static bool starts_as_tasks(const char *data, size_t len)
{
	const char *end = data + (len < GB_JSON_DETECT_SPAN ? len :
					 GB_JSON_DETECT_SPAN);
	const char *p = expect(data, end, "[");

	p = expect(expect(expect(p, end, "{"), end, "\"name\""), end, ":");
	if (p)
		p = skip_string(skip_json_blanks(p, end), end);
	p = expect(expect(expect(p, end, ","), end, "\"result\""), end, ":");
	return expect(p, end, "{") != NULL;
}

static int tinybench_detect(const char *data, size_t len)
{
	static const char *const required[] = { "name", "result", NULL };
	static const char *const typical[] = { "latency", "throughput", "period",
		"totalTime", "p99", "mean", NULL };

	if (!gb_json_looks_like(data, len))
		return gb_tinybench_console_detect(data, len);
	/*
	 * tinybench 3 and later write a result's keys in alphabetical order,
	 * "latency" with every sample before "period", which can be further
	 * on than detection looks; a task that threw or was aborted has
	 * neither. The array's start tells it, as "period" does when a
	 * script wrote the keys in another order.
	 */
	if (!gb_json_starts_with(data, len, '[') ||
	    !(starts_as_tasks(data, len) ||
	      gb_json_has_key(data, len, "period")))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

/* The tasks' JSON, else tinybench's table. */
static int tinybench_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (!gb_json_looks_like(data, len))
		return gb_tinybench_console_read(run, data, len, source);
	return tinybench_read(run, data, len, source);
}

const gb_adapter gb_adapter_tinybench = {
	"tinybench",
	"tinybench tasks' results as JSON, or its table",
	NULL,
	NULL,
	tinybench_detect,
	tinybench_read_any,
};
