/*
 * Criterion.rs: a target/criterion tree. Every benchmark is a directory
 * holding new/benchmark.json (its id), new/estimates.json (point estimates
 * in ns) and new/sample.json (total time and iterations per sample); the
 * directory may be nested (group/function/value), and one benchmark's
 * directory may hold another's: bench_function("coll") beside a group
 * "coll", or "g/f" beside "g/f/5". Names are the user's, so any of them
 * may be "report", "new" or start with a dot: a directory is a benchmark
 * when it holds new/benchmark.json, whatever it is called, and the rest
 * (report/, base/, change/, saved baselines) are walked through and give
 * nothing. A file is what `cargo bench` printed, read by
 * criterion_console.c.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adapter_int.h"
#include "console.h"
#include "json.h"
#include "util.h"

#define MAX_DEPTH 12

static int is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * When the benchmark in `dir` was last measured: Criterion rewrites its
 * new/ files at each run of it, and leaves them alone when a run leaves it
 * out (`cargo bench -- sort`).
 */
static int64_t written_at(const char *dir)
{
	static const char *const files[] = { "benchmark.json", "estimates.json",
		"sample.json" };
	gb_buf path = GB_BUF_INIT;
	struct stat st;
	int64_t newest = 0;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		gb_buf_clear(&path);
		gb_buf_printf(&path, "%s/new/%s", dir, files[i]);
		if (stat(path.ptr, &st) == 0 && st.st_mtime > newest)
			newest = st.st_mtime;
	}
	gb_buf_dispose(&path);
	return newest;
}

static int load_json(cJSON **out, const char *path)
{
	gb_buf data = GB_BUF_INIT;
	int error;

	if ((error = gb_read_file(&data, path, GB_INPUT_MAX_BYTES)) == 0)
		error = gb_json_parse(out, data.ptr ? data.ptr : "", data.size,
			path);
	gb_buf_dispose(&data);
	return error;
}

/* The estimate's point_estimate, NAN when the estimate is absent or null. */
static int estimate(double *out, const cJSON *est, const char *key,
	const char *path, bool required)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(est, key);
	char what[64];

	*out = NAN;
	if (!e || cJSON_IsNull(e)) {
		if (required)
			return gb_error_set(GB_EINVALID, "%s: missing %s", path, key);
		return 0;
	}
	if (!cJSON_IsObject(e))
		return gb_error_set(GB_EINVALID, "%s: %s is not an object", path,
			key);
	snprintf(what, sizeof(what), "%s.point_estimate", key);
	return gb_json_need_number(out, e, "point_estimate", path, what);
}

static int read_samples(gb_result *r, const char *path)
{
	const cJSON *iters, *times;
	cJSON *json = NULL;
	double *samples = NULL, total = 0;
	size_t i, n;
	int error;

	if ((error = load_json(&json, path)) < 0)
		return error;
	iters = cJSON_GetObjectItemCaseSensitive(json, "iters");
	times = cJSON_GetObjectItemCaseSensitive(json, "times");
	if (!cJSON_IsArray(iters) || !cJSON_IsArray(times)) {
		error = gb_error_set(GB_EINVALID, "%s: iters and times must be arrays",
			path);
		goto cleanup;
	}
	n = (size_t)cJSON_GetArraySize(iters);
	if (n != (size_t)cJSON_GetArraySize(times) || n == 0) {
		error = gb_error_set(GB_EINVALID,
			"%s: iters and times differ in length or are empty", path);
		goto cleanup;
	}
	if (!(samples = gb_malloc(n * sizeof(double)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		const cJSON *it = cJSON_GetArrayItem(iters, (int)i);
		const cJSON *t = cJSON_GetArrayItem(times, (int)i);

		if (!cJSON_IsNumber(it) || !cJSON_IsNumber(t) ||
		    !(it->valuedouble > 0) || !isfinite(it->valuedouble) ||
		    !(t->valuedouble >= 0) || !isfinite(t->valuedouble)) {
			error = gb_error_set(GB_EINVALID,
				"%s: sample %zu is not a positive count and a time",
				path, i + 1);
			goto cleanup;
		}
		samples[i] = t->valuedouble / it->valuedouble;
		total += it->valuedouble;
	}
	gb_result_set_samples(r, samples, n);
	samples = NULL;
	r->count = n;
	r->iterations = total < 1.8e19 ? (uint64_t)total : UINT64_MAX;
cleanup:
	free(samples);
	cJSON_Delete(json);
	return error;
}

int gb_criterion_rate(gb_run *run, const char *name, const char *measure,
	const char *unit, double per_iter, const gb_result *t)
{
	const gb_measure m = { measure, unit, GB_HIGHER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	double *samples = NULL, f = per_iter * 1e9;
	size_t i;
	int error;

#define RATE(x) (isfinite(x) && (x) > 0 ? f / (x) : NAN)
	e.mean = RATE(t->mean);
	e.median = RATE(t->median);
	e.min = RATE(t->max);
	e.max = RATE(t->min);
	/* The spread of f/x near the mean: f * sd / mean^2. */
	e.stddev = isnan(e.mean) ? NAN : f * t->stddev / (t->mean * t->mean);
	e.count = t->count;
	e.iterations = t->iterations;
	for (i = 0; i < t->nsamples && !isnan(RATE(t->samples[i])); i++)
		;
	if (t->nsamples && i == t->nsamples) {
		if (!(samples = gb_malloc(t->nsamples * sizeof(double))))
			return GB_ERROR;
		for (i = 0; i < t->nsamples; i++)
			samples[i] = RATE(t->samples[i]);
		e.samples = samples;
		e.nsamples = t->nsamples;
	}
#undef RATE
	if (isnan(e.mean) && !e.nsamples)
		return 0; /* a time of zero has no rate */
	error = gb_adapter_figure(run, name, &m, &e);
	free(samples);
	return error;
}

const char *gb_criterion_rate_measure(bool bytes, int had)
{
	if (!had)
		return "throughput";
	return bytes ? "throughput-bytes" : "throughput-elements";
}

/*
 * One count of a "throughput" object, a number of no less than zero. A
 * size loop often starts at Throughput::Elements(0): that benchmark's
 * time is good, but it has no rate to record (0 per second whatever the
 * time), so *out is 0 and the caller leaves the rate out.
 */
static int per_iteration(double *out, const cJSON *v, const char *key,
	const char *path)
{
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) ||
	    !isfinite(v->valuedouble))
		return gb_error_set(GB_EINVALID,
			"%s: throughput %s is not a count", path, key);
	*out = v->valuedouble;
	return 0;
}

/* The rate of `n` per iteration, or a warning when there is none. */
static int rate(gb_run *run, const char *name, const char *measure,
	const char *unit, double n, const gb_result *t, const char *path)
{
	if (n == 0) {
		gb_adapter_warn("%s: benchmark '" GB_NAME_SHOWN "' has a "
			"throughput of 0 per iteration: its time is read, its "
			"rate (0 %s) left out", path, name, unit);
		return 0;
	}
	return gb_criterion_rate(run, name, measure, unit, n, t);
}

/*
 * The "throughput" of benchmark.json, {"Elements": n}, {"Bytes": n},
 * {"BytesDecimal": n} or {"ElementsAndBytes": {"elements": n, "bytes": m}},
 * as results beside the time `t`; null or absent, none.
 */
static int read_throughput(gb_run *run, const char *name, const cJSON *bench,
	const gb_result *t, const char *path)
{
	const cJSON *tp = cJSON_GetObjectItemCaseSensitive(bench, "throughput");
	const cJSON *kind, *both;
	double n = 0, m = 0;
	int error;

	if (!tp || cJSON_IsNull(tp))
		return 0;
	kind = cJSON_IsObject(tp) ? tp->child : NULL;
	if (!kind || kind->next)
		return gb_error_set(GB_EINVALID, "%s: throughput is not an object "
			"with one kind (\"Elements\": n, \"Bytes\": n ...)", path);
	if (!strcmp(kind->string, "Elements"))
		return (error = per_iteration(&n, kind, kind->string, path)) < 0 ?
			error :
			rate(run, name, "throughput", "elem/s", n, t, path);
	if (!strcmp(kind->string, "Bytes") ||
	    !strcmp(kind->string, "BytesDecimal"))
		return (error = per_iteration(&n, kind, kind->string, path)) < 0 ?
			error : rate(run, name, "throughput", "B/s", n, t, path);
	if (!strcmp(kind->string, "ElementsAndBytes")) {
		both = kind;
		if ((error = per_iteration(&n, cJSON_GetObjectItemCaseSensitive(
			     both, "elements"), "elements", path)) < 0 ||
		    (error = per_iteration(&m, cJSON_GetObjectItemCaseSensitive(
			     both, "bytes"), "bytes", path)) < 0 ||
		    (error = rate(run, name, "throughput", "elem/s", n, t,
			     path)) < 0)
			return error;
		/* Named as the second of the two, as the console has it. */
		return rate(run, name, gb_criterion_rate_measure(true, 1), "B/s",
			m, t, path);
	}
	gb_adapter_warn("%s: throughput \"%.40s\" is not a kind Criterion.rs "
		"0.5 writes; the time is read alone", path, kind->string);
	return 0;
}

/* The benchmark's full id: full_id, else group/function/value. */
static int full_name(gb_buf *out, const cJSON *bench, const char *path)
{
	const char *parts[3];
	size_t i;

	if (gb_json_string(bench, "full_id"))
		return gb_buf_puts(out, gb_json_string(bench, "full_id"));
	parts[0] = gb_json_string(bench, "group_id");
	parts[1] = gb_json_string(bench, "function_id");
	parts[2] = gb_json_string(bench, "value_str");
	if (!parts[0])
		return gb_error_set(GB_EINVALID, "%s: missing full_id and group_id",
			path);
	for (i = 0; i < 3; i++)
		if (parts[i])
			gb_buf_printf(out, "%s%s", i ? "/" : "", parts[i]);
	return 0;
}

static int read_benchmark(gb_run *run, const char *dir)
{
	gb_buf path = GB_BUF_INIT, name = GB_BUF_INIT;
	cJSON *bench = NULL, *est = NULL;
	gb_result *r, time;
	double v[4];
	int error;

	gb_buf_printf(&path, "%s/new/benchmark.json", dir);
	if ((error = load_json(&bench, path.ptr)) < 0)
		goto cleanup;
	if (!cJSON_IsObject(bench)) {
		error = gb_error_set(GB_EINVALID, "%s: not an object", path.ptr);
		goto cleanup;
	}
	if ((error = full_name(&name, bench, path.ptr)) < 0)
		goto cleanup;
	gb_buf_clear(&path);
	gb_buf_printf(&path, "%s/new/estimates.json", dir);
	if ((error = load_json(&est, path.ptr)) < 0)
		goto cleanup;
	if (!cJSON_IsObject(est)) {
		error = gb_error_set(GB_EINVALID, "%s: not an object", path.ptr);
		goto cleanup;
	}
	if ((error = estimate(&v[0], est, "mean", path.ptr, true)) < 0 ||
	    (error = estimate(&v[1], est, "median", path.ptr, false)) < 0 ||
	    (error = estimate(&v[2], est, "std_dev", path.ptr, false)) < 0 ||
	    (error = estimate(&v[3], est, "slope", path.ptr, false)) < 0)
		goto cleanup;
	if ((error = gb_run_add_result(&r, run, name.ptr, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		goto cleanup;
	r->mean = v[0];
	r->median = v[1];
	r->stddev = v[2];
	r->slope = v[3];
	gb_buf_clear(&path);
	gb_buf_printf(&path, "%s/new/sample.json", dir);
	if (is_file(path.ptr)) {
		if ((error = read_samples(r, path.ptr)) < 0)
			goto cleanup;
		gb_result_fill_from_samples(r);
	}
	/* A copy: adding a result may move the run's results. */
	time = *r;
	gb_buf_clear(&path);
	gb_buf_printf(&path, "%s/new/benchmark.json", dir);
	if ((error = read_throughput(run, name.ptr, bench, &time, path.ptr)) < 0)
		goto cleanup;
	gb_adapter_written(name.ptr, written_at(dir));
cleanup:
	cJSON_Delete(bench);
	cJSON_Delete(est);
	gb_buf_dispose(&path);
	gb_buf_dispose(&name);
	return error;
}

static int has_new(const char *dir)
{
	gb_buf path = GB_BUF_INIT;
	int yes;

	gb_buf_printf(&path, "%s/new/benchmark.json", dir);
	yes = is_file(path.ptr);
	gb_buf_dispose(&path);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Subdirectory names of dir, sorted so results come in a stable order. */
static int list_dirs(char ***out, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	gb_buf path = GB_BUF_INIT;
	char **names = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d)
		return gb_error_set(GB_ERROR, "cannot read %s", dir);
	while ((de = readdir(d))) {
		/* Not by name: "report" and ".gitignore" may be benchmarks. */
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* The entry's type when the file system gives it (a symbolic
		 * link is not followed either way), else lstat. */
		if (de->d_type != DT_DIR) {
			if (de->d_type != DT_UNKNOWN)
				continue;
			gb_buf_clear(&path);
			gb_buf_printf(&path, "%s/%s", dir, de->d_name);
			if (!is_dir(path.ptr))
				continue;
		}
		if (*n == alloc) {
			char **p;

			alloc = alloc ? alloc * 2 : 16;
			if (!(p = gb_realloc(names, alloc * sizeof(*p))))
				break;
			names = p;
		}
		if (!(names[*n] = gb_strdup(de->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	gb_buf_dispose(&path);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	*out = names;
	return 0;
}

static int walk(gb_run *run, const char *dir, int depth, size_t *found)
{
	char **names = NULL;
	size_t i, n = 0;
	int error;

	/* And on below it: another benchmark's directory may be inside. */
	if (has_new(dir)) {
		(*found)++;
		if ((error = read_benchmark(run, dir)) < 0)
			return error;
	}
	if (depth >= MAX_DEPTH)
		return 0;
	if ((error = list_dirs(&names, &n, dir)) < 0)
		return error;
	for (i = 0; i < n && error == 0; i++) {
		gb_buf sub = GB_BUF_INIT;

		gb_buf_printf(&sub, "%s/%s", dir, names[i]);
		error = walk(run, sub.ptr, depth + 1, found);
		gb_buf_dispose(&sub);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return error;
}

/* Whether a name ends in ".cbor". */
static bool cbor_name(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && strcmp(name + n - 5, ".cbor") == 0;
}

/*
 * Whether dir, or a directory below it up to `depth` down, has a .cbor:
 * cargo-criterion keeps its measurements so, in
 * target/criterion/data/<timeline>/<benchmark>/, not as Criterion.rs's
 * JSON. Looked for only when no results were found.
 */
static bool has_cbor(const char *dir, int depth)
{
	char **names = NULL;
	size_t i, n = 0;
	bool yes = false;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return false;
	while (!yes && (de = readdir(d)))
		yes = cbor_name(de->d_name);
	closedir(d);
	if (yes || depth <= 0 || list_dirs(&names, &n, dir) < 0)
		return yes;
	for (i = 0; i < n; i++) {
		gb_buf sub = GB_BUF_INIT;

		if (!yes && gb_buf_printf(&sub, "%s/%s", dir, names[i]) == 0)
			yes = has_cbor(sub.ptr, depth - 1);
		gb_buf_dispose(&sub);
		free(names[i]);
	}
	free(names);
	return yes;
}

int gb_criterion_none_found(int code, const char *dir, const char *what)
{
	if (has_cbor(dir, 6))
		return gb_error_set(code, "%s: %s: cargo-criterion wrote "
			"this tree (CBOR under data/), which is not read; "
			"record what `cargo criterion --message-format=json` "
			"prints instead", dir, what);
	return gb_error_set(code, "%s: %s", dir, what);
}

static int criterion_read_dir(gb_run *run, const char *dir)
{
	size_t found = 0;
	int error = walk(run, dir, 0, &found);

	if (error == 0 && found == 0)
		return gb_criterion_none_found(GB_ENOTFOUND, dir, "no "
			"Criterion.rs results (no */new/benchmark.json)");
	return error;
}

static int find_any(const char *dir, int depth)
{
	char **names = NULL;
	size_t i, n = 0;
	int yes = 0;

	if (has_new(dir))
		return 1;
	if (depth >= 4 || list_dirs(&names, &n, dir) < 0)
		return 0;
	for (i = 0; i < n; i++) {
		gb_buf sub = GB_BUF_INIT;

		if (!yes) {
			gb_buf_printf(&sub, "%s/%s", dir, names[i]);
			yes = find_any(sub.ptr, depth + 1);
			gb_buf_dispose(&sub);
		}
		free(names[i]);
	}
	free(names);
	return yes;
}

static int criterion_detect_dir(const char *dir)
{
	return find_any(dir, 0) ? 90 : 0;
}

const gb_adapter gb_adapter_criterion = {
	"criterion",
	"Criterion.rs: target/criterion, or what cargo bench printed",
	criterion_detect_dir,
	criterion_read_dir,
	gb_criterion_console_detect,
	gb_criterion_console_read,
};
