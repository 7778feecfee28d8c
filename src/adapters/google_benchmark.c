/*
 * Google Benchmark JSON (--benchmark_format=json, --benchmark_out):
 * {"context": {...}, "benchmarks": [rows]}. An "iteration" row is one
 * repetition of a benchmark: its real_time and cpu_time (per iteration, in
 * the row's time_unit) and counters as members of their own. Repetitions
 * of a benchmark are its samples; the "aggregate" rows mean, median and
 * stddev are its estimates; cv, BigO, RMS and user statistics are not
 * results of their own.
 *
 * The time is real_time under the benchmark's name; cpu_time and every
 * counter are "<name> [<key>]". The file does not say which user counters
 * are rates: a name that says "per second" or "rate" is taken as one.
 * The console table is read by google_benchmark_console.c.
 */
#include <math.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

/* Row members that are not counters. */
static const char *const not_counters[] = {
	"family_index", "per_family_instance_index", "repetitions",
	"repetition_index", "threads", "iterations", "real_time", "cpu_time",
	"cpu_coefficient", "real_coefficient", "rms", "complexity_n",
};

typedef struct {
	gb_run *run;
	gb_name_index index;
	const char *source;
	const char *failed;     /* the first benchmark that reported an error */
	const char *failure;
	size_t nfailed;
} gbench;

static bool is_counter(const cJSON *member)
{
	size_t i;

	if (!cJSON_IsNumber(member))
		return false;
	for (i = 0; i < GB_ARRAY_SIZE(not_counters); i++)
		if (strcmp(member->string, not_counters[i]) == 0)
			return false;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

void gb_gbench_counter_unit(gb_buf *unit, gb_direction *dir, const char *key)
{
	size_t n = strlen(key);

	*dir = GB_HIGHER_IS_BETTER;
	if (strcmp(key, "bytes_per_second") == 0)
		gb_buf_puts(unit, "B/s");
	else if (strcmp(key, "items_per_second") == 0)
		gb_buf_puts(unit, "items/s");
	else if (ends_with(key, "_per_second") && n > 11)
		gb_buf_printf(unit, "%.*s/s", (int)(n - 11), key);
	else if (strcmp(key, "rate") == 0 || ends_with(key, "_rate"))
		gb_buf_puts(unit, "/s");
	else
		*dir = GB_LOWER_IS_BETTER;
	if (!unit->ptr)
		gb_buf_puts(unit, "");
}

/*
 * One value of a row: a sample of an iteration row, or the estimate an
 * aggregate row names.
 */
static int add_value(gbench *g, const char *group, const char *metric,
	const char *unit, gb_direction dir, double v, const cJSON *row)
{
	const char *aggregate = gb_json_string(row, "aggregate_name");
	uint64_t iters = gb_adapter_count(gb_json_number(row, "iterations"));
	uint64_t reps = gb_adapter_count(gb_json_number(row, "repetitions"));
	gb_result *r;
	int error;

	if ((error = gb_adapter_find_or_add(&r, &g->index, g->run, group, metric,
		     unit, dir)) < 0)
		return error;
	/* More rows than repetitions: two benchmarks registered under one
	 * name, whose rows would be pooled as one's. */
	if (!aggregate && reps && r->nsamples >= reps)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"' has more rows than its %llu repetition%s: "
			"benchmarks of one name, which cannot be told apart; "
			"name them apart", g->source, group,
			(unsigned long long)reps, reps == 1 ? "" : "s");
	return gb_gbench_take(r, v, aggregate, iters, reps);
}

int gb_gbench_take(gb_result *r, double v, const char *aggregate,
	uint64_t iters, uint64_t repetitions)
{
	if (!aggregate) {
		gb_adapter_add_count(&r->iterations, iters);
		return gb_adapter_push_sample(r, v);
	}
	if (strcmp(aggregate, "mean") == 0)
		r->mean = v;
	else if (strcmp(aggregate, "median") == 0)
		r->median = v;
	else
		r->stddev = v;
	if (!r->count)
		r->count = repetitions;
	return 0;
}

static int read_counters(gbench *g, const cJSON *row, const char *group)
{
	const cJSON *m;
	int error = 0;

	cJSON_ArrayForEach(m, row) {
		gb_buf unit = GB_BUF_INIT;
		gb_direction dir;

		if (!is_counter(m))
			continue;
		if (!isfinite(m->valuedouble))
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': %s is out of range", g->source,
				group, m->string);
		gb_gbench_counter_unit(&unit, &dir, m->string);
		error = add_value(g, group, m->string, unit.ptr, dir,
			m->valuedouble, row);
		gb_buf_dispose(&unit);
		if (error < 0)
			return error;
	}
	return 0;
}

static int read_values(gbench *g, const cJSON *row, const char *group,
	const char *name)
{
	const char *tu = gb_json_string(row, "time_unit");
	double f = gb_adapter_time_factor(tu), real, cpu, iters;
	int error;

	if (!tu || f == 0)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %s time_unit", g->source, name,
			tu ? "unknown" : "missing");
	if ((error = gb_json_get_number(&real, row, "real_time", true,
		     g->source, name)) < 0 ||
	    (error = gb_json_get_number(&cpu, row, "cpu_time", false,
		     g->source, name)) < 0 ||
	    (error = gb_json_get_number(&iters, row, "iterations", false,
		     g->source, name)) < 0)
		return error;
	if ((error = add_value(g, group, NULL, "ns", GB_LOWER_IS_BETTER,
		     real * f, row)) < 0)
		return error;
	if (!isnan(cpu))
		error = add_value(g, group, "cpu_time", "ns", GB_LOWER_IS_BETTER,
			cpu * f, row);
	return error < 0 ? error : read_counters(g, row, group);
}

/* The benchmark a row is about: run_name, or its name less "_mean". */
static int group_name(gb_buf *out, const cJSON *row, const char *name,
	const char *aggregate)
{
	const char *run_name = gb_json_string(row, "run_name");
	size_t n = strlen(name), k = aggregate ? strlen(aggregate) : 0;

	if (run_name)
		return gb_buf_puts(out, run_name);
	if (aggregate && n > k + 1 && name[n - k - 1] == '_' &&
	    strcmp(name + n - k, aggregate) == 0)
		return gb_buf_put(out, name, n - k - 1);
	return gb_buf_puts(out, name);
}

static bool reported_error(const cJSON *row)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, "error_occurred")) ||
	       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row, "skipped"));
}

static int read_row(gbench *g, const cJSON *row, size_t i)
{
	const char *name = gb_json_string(row, "name");
	const char *type = gb_json_string(row, "run_type");
	const char *aggregate = gb_json_string(row, "aggregate_name");
	gb_buf group = GB_BUF_INIT;
	int error;

	if (!cJSON_IsObject(row) || !name)
		return gb_error_set(GB_EINVALID,
			"%s: benchmarks[%zu] has no name", g->source, i);
	if (reported_error(row)) {
		/* Counted once, not once a repetition. */
		if (!(gb_json_number(row, "repetition_index") > 0))
			g->nfailed++;
		if (!g->failed) {
			g->failed = name;
			/* 1.8 writes a skip's message, or an error's, as
			 * skip_message; before, error_message. */
			g->failure = gb_json_string(row, "error_message");
			if (!g->failure)
				g->failure = gb_json_string(row,
					"skip_message");
		}
		return 0;
	}
	if (type && strcmp(type, "aggregate") == 0) {
		/* Only these describe the repetitions; cv is derived. */
		if (!aggregate || (strcmp(aggregate, "mean") != 0 &&
				   strcmp(aggregate, "median") != 0 &&
				   strcmp(aggregate, "stddev") != 0))
			return 0;
	} else if (aggregate) {
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': aggregate_name in a row that is not an aggregate",
			g->source, name);
	}
	if ((error = group_name(&group, row, name, aggregate)) == 0)
		error = read_values(g, row, group.ptr, name);
	gb_buf_dispose(&group);
	return error;
}

static int gbench_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gbench g = { run, GB_NAME_INDEX_INIT, source, NULL, NULL, 0 };
	const cJSON *rows, *row;
	cJSON *json = NULL;
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	rows = cJSON_GetObjectItemCaseSensitive(json, "benchmarks");
	if (!cJSON_IsArray(rows)) {
		error = gb_error_set(GB_EINVALID,
			"%s: not Google Benchmark JSON (no \"benchmarks\" array)",
			source);
		goto cleanup;
	}
	cJSON_ArrayForEach(row, rows)
		if ((error = read_row(&g, row, i++)) < 0)
			goto cleanup;
	for (i = 0; i < run->nresults; i++)
		gb_adapter_finish_result(&run->results[i]);
	if (run->nresults == 0 && g.failed)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark reported an "
			"error ('" GB_NAME_SHOWN "': %.200s)", source, g.failed,
			g.failure ? g.failure : "no message");
	else if (g.failed)
		gb_adapter_warn_left_out(source, g.nfailed, "benchmark",
			"reported an error or a skip", g.failed,
			g.failure ? g.failure : "no message");
cleanup:
	gb_name_index_dispose(&g.index);
	cJSON_Delete(json);
	return error;
}

static int gbench_detect(const char *data, size_t len)
{
	static const char *const required[] = { "context", "benchmarks", NULL };
	static const char *const typical[] = { "run_type", "real_time",
		"cpu_time", "time_unit", "iterations", "num_cpus", NULL };

	if (!gb_json_starts_with(data, len, '{'))
		return gb_gbench_console_detect(data, len);
	return gb_json_key_score(data, len, required, typical);
}

static int gbench_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (!gb_json_starts_with(data, len, '{'))
		return gb_gbench_console_read(run, data, len, source);
	return gbench_read(run, data, len, source);
}

const gb_adapter gb_adapter_google_benchmark = {
	"google-benchmark",
	"Google Benchmark: JSON (--benchmark_format=json) or console table",
	NULL,
	NULL,
	gbench_detect,
	gbench_read_any,
};
