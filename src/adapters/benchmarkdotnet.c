/*
 * BenchmarkDotNet's JSON exporters (full and brief, indented or not):
 * {"Title", "HostEnvironmentInfo", "Benchmarks": [{"FullName", "Namespace",
 * "Type", "Method", "Parameters", "Statistics": {"N", "Min", "Median",
 * "Mean", "Max", "StandardDeviation", "OriginalValues"}, "Memory":
 * {"BytesAllocatedPerOperation"}, "Measurements": [...]}]}.
 *
 * The benchmark is its FullName, "Bench.Md5VsSha256.Sha256(N: 1000)", as
 * BenchmarkDotNet's --filter knows it. Statistics are nanoseconds per
 * operation; OriginalValues (or, without them, the workload result
 * measurements of the full exporter) are the samples. Allocated bytes per
 * operation are the measure "allocated" (B). A benchmark without statistics (it
 * failed) is left out, and a warning names it.
 *
 * FullName does not name the job: a run of several jobs (runtimes, say)
 * has each benchmark once per job. Then the name says the job as
 * DisplayInfo ("Json.Serialize: Job-ABCDEF(Runtime=.NET 8.0) [N=10]")
 * does, without the id BenchmarkDotNet makes up afresh for each run:
 * "Bench.Json.Serialize (Runtime=.NET 8.0)", or "(job=ShortRun)" for a
 * job known by its name alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

/* The full exporter's workload result iterations, in ns per operation. */
static int measurements(double **out, size_t *n, const cJSON *b)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(b, "Measurements");
	const cJSON *m;
	double *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(list))
		return 0;
	if (!(v = gb_calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(double))))
		return GB_ERROR;
	cJSON_ArrayForEach(m, list) {
		const char *mode = gb_json_string(m, "IterationMode");
		const char *stage = gb_json_string(m, "IterationStage");
		double ns = gb_json_number(m, "Nanoseconds");
		double ops = gb_json_number(m, "Operations");

		if (mode && stage && strcmp(mode, "Workload") == 0 &&
		    strcmp(stage, "Result") == 0 && ops > 0 && isfinite(ns / ops))
			v[k++] = ns / ops;
	}
	if (k == 0) {
		free(v);
		return 0;
	}
	*out = v;
	*n = k;
	return 0;
}

static int read_time(gb_run *run, const char *name, const cJSON *b,
	const cJSON *st, const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	static const char *const keys[] = { "Mean", "Median", "StandardDeviation",
		"Min", "Max", "N" };
	const cJSON *orig = cJSON_GetObjectItemCaseSensitive(st, "OriginalValues");
	gb_estimates e = GB_ESTIMATES_INIT;
	double v[GB_ARRAY_SIZE(keys)], *samples = NULL;
	size_t i;
	int error;

	for (i = 0; i < GB_ARRAY_SIZE(keys); i++)
		if ((error = gb_json_get_number(&v[i], st, keys[i], i == 0, source,
			     name)) < 0)
			return error;
	e.mean = v[0];
	e.median = v[1];
	e.stddev = v[2];
	e.min = v[3];
	e.max = v[4];
	e.count = gb_adapter_count(v[5]);
	if (cJSON_IsArray(orig))
		error = gb_json_optional_samples(&samples, &e.nsamples, orig, 1,
			source, name, "OriginalValues");
	else
		error = measurements(&samples, &e.nsamples, b);
	e.samples = samples;
	if (error == 0)
		error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error;
}

static int read_memory(gb_run *run, const char *name, const cJSON *b)
{
	static const gb_measure m = { "allocated", "B", GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;

	e.mean = gb_json_number(cJSON_GetObjectItemCaseSensitive(b, "Memory"),
		"BytesAllocatedPerOperation");
	return isnan(e.mean) ? 0 : gb_adapter_figure(run, name, &m, &e);
}

/* FullName, or Namespace.Type.Method(Parameters) from older exporters. */
static int bench_name(gb_buf *out, const cJSON *b)
{
	const char *full = gb_json_string(b, "FullName");
	const char *ns = gb_json_string(b, "Namespace");
	const char *type = gb_json_string(b, "Type");
	const char *method = gb_json_string(b, "Method");
	const char *params = gb_json_string(b, "Parameters");

	if (full)
		return gb_buf_puts(out, full);
	if (!type || !method)
		return GB_EINVALID;
	if (ns && *ns)
		gb_buf_printf(out, "%s.", ns);
	gb_buf_printf(out, "%s.%s", type, method);
	return params && *params ? gb_buf_printf(out, "(%s)", params) : 0;
}

/*
 * The job of DisplayInfo, "Type.Method: <job> [params]", into `out`: its
 * characteristics without a made-up "Job-XXXXXX" id, or "job=<name>";
 * empty when DisplayInfo has none.
 */
static int job_of(gb_buf *out, const cJSON *b)
{
	const char *info = gb_json_string(b, "DisplayInfo");
	const char *p = info ? strstr(info, ": ") : NULL, *end, *open;

	gb_buf_clear(out);
	if (!p)
		return gb_buf_puts(out, "");
	p += 2;
	if (!(end = strstr(p, " [")))
		end = p + strlen(p);
	open = memchr(p, '(', (size_t)(end - p));
	if (open && end > open + 1 && end[-1] == ')' &&
	    !strncmp(p, "Job-", 4) && open - p > 4)
		return gb_buf_put(out, open + 1, (size_t)(end - open - 2));
	if (open || memchr(p, '=', (size_t)(end - p)))
		return gb_buf_put(out, p, (size_t)(end - p));
	return gb_buf_printf(out, "job=%.*s", (int)(end - p), p);
}

/* Benchmarks without statistics, counted for one warning. */
typedef struct {
	size_t n;
	gb_buf first;
} bdn_failed;

/* Benchmark `b`, named `name` (NULL: it has none) by name_jobs. */
static int read_bench(gb_run *run, const cJSON *b, size_t i, gb_buf *name,
	const char *job, const char *source, bdn_failed *failed)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(b, "Statistics");
	int error;

	if (!name->ptr)
		error = gb_error_set(GB_EINVALID, "%s: Benchmarks[%zu] has no "
			"FullName (nor Type and Method)", source, i);
	else if (job && *job && (error = gb_buf_printf(name, " (%s)", job)) < 0)
		;
	else if (!st || cJSON_IsNull(st))
		error = failed->n++ ? 0 : gb_buf_puts(&failed->first, name->ptr);
	else if (!cJSON_IsObject(st))
		error = gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': Statistics is not an object", source, name->ptr);
	else if ((error = read_time(run, name->ptr, b, st, source)) == 0)
		error = read_memory(run, name->ptr, b);
	return error;
}

/* Each benchmark's name and job, to find those run in several jobs. */
static int name_jobs(bool **several, gb_buf *names, gb_buf *jobs,
	const cJSON *list, size_t n)
{
	const char **name = gb_calloc(n + 1, sizeof(*name));
	const char **job = gb_calloc(n + 1, sizeof(*job));
	const cJSON *b;
	size_t i = 0;
	int error = name && job ? 0 : GB_ERROR;

	cJSON_ArrayForEach(b, (error == 0 ? list : NULL)) {
		/* Without a name (GB_EINVALID), read_bench says so. */
		if (((error = bench_name(&names[i], b)) < 0 &&
		     error != GB_EINVALID) || (error = job_of(&jobs[i], b)) < 0)
			break;
		name[i] = names[i].ptr;
		job[i] = jobs[i].ptr;
		i++;
	}
	if (error == 0)
		error = gb_adapter_variants(several, name, job, n);
	free(name);
	free(job);
	return error;
}

static int bdn_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	const cJSON *list, *b;
	cJSON *json = NULL;
	gb_buf *names = NULL, *jobs = NULL;
	bdn_failed failed = { 0, GB_BUF_INIT };
	bool *several = NULL;
	size_t i, n = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	list = cJSON_GetObjectItemCaseSensitive(json, "Benchmarks");
	if (!cJSON_IsArray(list))
		error = gb_error_set(GB_EINVALID, "%s: not BenchmarkDotNet JSON "
			"(expected an object with a \"Benchmarks\" array)", source);
	else if (!(names = gb_calloc((n = (size_t)cJSON_GetArraySize(list)) + 1,
			   sizeof(gb_buf))) ||
		 !(jobs = gb_calloc(n + 1, sizeof(gb_buf))))
		error = GB_ERROR;
	else
		error = name_jobs(&several, names, jobs, list, n);
	i = 0;
	cJSON_ArrayForEach(b, (error == 0 ? list : NULL)) {
		if ((error = read_bench(run, b, i, &names[i], several[i] ?
			     jobs[i].ptr : NULL, source, &failed)) < 0)
			break;
		i++;
	}
	if (error == 0 && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: no benchmark has "
			"Statistics (did they all fail?)", source);
	else if (error == 0 && failed.n)
		gb_adapter_warn_left_out(source, failed.n, "benchmark",
			failed.n == 1 ? "has no Statistics (failed)" :
			"have no Statistics (failed)", failed.first.ptr, NULL);
	for (i = 0; names && jobs && i < n; i++) {
		gb_buf_dispose(&names[i]);
		gb_buf_dispose(&jobs[i]);
	}
	free(names);
	free(jobs);
	free(several);
	gb_buf_dispose(&failed.first);
	cJSON_Delete(json);
	return error;
}

static int bdn_detect(const char *data, size_t len)
{
	static const char *const required[] = { "HostEnvironmentInfo", NULL };
	static const char *const typical[] = { "Benchmarks", "FullName",
		"Statistics", "Measurements", "BenchmarkDotNetVersion", "Memory",
		NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return 0;
	return gb_json_key_score(data, len, required, typical);
}

const gb_adapter gb_adapter_benchmarkdotnet = {
	"benchmarkdotnet",
	"BenchmarkDotNet JSON exporters (full and brief)",
	NULL,
	NULL,
	bdn_detect,
	bdn_read,
};
