/*
 * Google Benchmark JSON (--benchmark_format=json, --benchmark_out):
 * {"context": {...}, "benchmarks": [rows]}. An "iteration" row is one
 * repetition of a benchmark: its real_time and cpu_time (per iteration, in
 * the row's time_unit) and counters as members of their own. Repetitions
 * of a benchmark are its samples; the "aggregate" rows mean, median and
 * stddev are its estimates; cv, BigO, RMS and user statistics are not
 * results of their own. Files of 1.4 and older have no run_type: their
 * aggregates are known by their names (row_names).
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

/*
 * Google Benchmark before run_type (1.4 and older) tells a benchmark's
 * rows apart by their names alone: its aggregates are "<name>_mean",
 * "_median", "_stddev" (and "_cv"), and its complexity "<family>_BigO"
 * and "<family>_RMS", the family being the name up to its first '/'. The
 * names and families of a file's rows, indexed: a row is known by a few
 * look-ups, so the cost stays linear whatever the file holds.
 */
typedef struct {
	char **keys;          /* the names and families, owned */
	size_t nkeys;
	gb_index names;       /* positions in keys */
	gb_index families;
} row_names;

typedef struct {
	gb_run *run;
	gb_name_index index;
	const char *source;
	const char *failed;     /* the first benchmark that reported an error */
	const char *failure;
	size_t nfailed;
	row_names old;          /* of a file without run_type; else empty */
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
	const char *unit, gb_direction dir, double v, const cJSON *row,
	const char *aggregate)
{
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

static int read_counters(gbench *g, const cJSON *row, const char *group,
	const char *aggregate)
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
			m->valuedouble, row, aggregate);
		gb_buf_dispose(&unit);
		if (error < 0)
			return error;
	}
	return 0;
}

static int read_values(gbench *g, const cJSON *row, const char *group,
	const char *name, const char *aggregate)
{
	const char *tu = gb_json_string(row, "time_unit");
	double f, real, cpu, iters;
	int error;

	/* The earliest versions (2015) wrote times in ns and no
	 * time_unit; it came with ->Unit(), long before run_type. */
	if (!tu && !gb_json_string(row, "run_type"))
		tu = "ns";
	f = gb_adapter_time_factor(tu);

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
		     real * f, row, aggregate)) < 0)
		return error;
	if (!isnan(cpu))
		error = add_value(g, group, "cpu_time", "ns", GB_LOWER_IS_BETTER,
			cpu * f, row, aggregate);
	return error < 0 ? error : read_counters(g, row, group, aggregate);
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

static gb_index_key key_at(const void *items, size_t pos)
{
	return gb_index_name(((char *const *)items)[pos]);
}

static bool in(const row_names *k, const gb_index *ix, const char *key)
{
	size_t pos;

	return gb_index_find(&pos, ix, gb_index_name(key), key_at, k->keys);
}

/* Keep `key` (NULL: out of memory), indexed in `ix` unless it is there. */
static int add_key(row_names *k, gb_index *ix, char *key)
{
	size_t pos = k->nkeys;

	if (!key)
		return GB_ERROR;
	k->keys[k->nkeys++] = key;
	return in(k, ix, key) ? 0 : gb_index_add(ix, gb_index_name(key), pos,
		key_at, k->keys);
}

/* The names and families of `n` rows, when one of them has no run_type. */
static int index_names(row_names *k, const cJSON *rows, size_t n)
{
	const cJSON *row;
	const char *name, *slash;
	bool old = false;
	int error = 0;

	cJSON_ArrayForEach(row, rows)
		if (cJSON_IsObject(row) && !gb_json_string(row, "run_type"))
			old = true;
	if (!old)
		return 0;
	if (!(k->keys = gb_calloc(2 * n + 1, sizeof(char *))))
		return GB_ERROR;
	cJSON_ArrayForEach(row, rows) {
		name = gb_json_string(row, "name");
		if (!cJSON_IsObject(row) || !name)
			continue;
		if ((error = add_key(k, &k->names, gb_strdup(name))) < 0)
			break;
		if ((slash = strchr(name, '/')) &&
		    (error = add_key(k, &k->families, gb_strndup(name,
			     (size_t)(slash - name)))) < 0)
			break;
	}
	return error;
}

static void row_names_dispose(row_names *k)
{
	size_t i;

	for (i = 0; i < k->nkeys; i++)
		free(k->keys[i]);
	free(k->keys);
	gb_index_dispose(&k->names);
	gb_index_dispose(&k->families);
}

/*
 * What a row of a file without run_type is: *kind the aggregate it is of
 * another row's benchmark ("mean", "median", "stddev", "cv"), "BigO" for
 * complexity (with big_o or rms, or so named after a family), or NULL for
 * a benchmark's own row. Only the aggregates are there when they alone
 * are reported (ReportAggregatesOnly): "<name>_mean" and "<name>_stddev"
 * both are rows then.
 */
static int old_aggregate(const char **kind, const gbench *g,
	const cJSON *row, const char *name)
{
	static const char *const kinds[] = { "mean", "median", "stddev", "cv",
		"BigO", "RMS" };
	const row_names *k = &g->old;
	size_t n = strlen(name), i, len;
	gb_buf stem = GB_BUF_INIT, other = GB_BUF_INIT;
	bool yes = false;
	int error = 0;

	*kind = NULL;
	if (cJSON_GetObjectItemCaseSensitive(row, "big_o") ||
	    cJSON_GetObjectItemCaseSensitive(row, "rms")) {
		*kind = "BigO";
		return 0;
	}
	for (i = 0; i < GB_ARRAY_SIZE(kinds) && !yes && !error; i++) {
		len = strlen(kinds[i]);
		if (n <= len + 1 || name[n - len - 1] != '_' ||
		    strcmp(name + n - len, kinds[i]) != 0)
			continue;
		gb_buf_clear(&stem);
		gb_buf_clear(&other);
		if (gb_buf_put(&stem, name, n - len - 1) < 0 ||
		    gb_buf_printf(&other, "%s_mean", stem.ptr) < 0) {
			error = GB_ERROR;
		} else if (i >= 4) {
			yes = in(k, &k->families, stem.ptr) ||
			      in(k, &k->names, stem.ptr);
		} else if (!(yes = in(k, &k->names, stem.ptr)) &&
			   in(k, &k->names, other.ptr)) {
			gb_buf_clear(&other);
			if (gb_buf_printf(&other, "%s_stddev", stem.ptr) < 0)
				error = GB_ERROR;
			else
				yes = in(k, &k->names, other.ptr);
		}
		if (yes)
			*kind = kinds[i];
	}
	gb_buf_dispose(&stem);
	gb_buf_dispose(&other);
	return error;
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
	} else if (!type) {
		if ((error = old_aggregate(&aggregate, g, row, name)) < 0)
			return error;
		if (aggregate && (strcmp(aggregate, "mean") != 0 &&
				  strcmp(aggregate, "median") != 0 &&
				  strcmp(aggregate, "stddev") != 0))
			return 0;
	}
	if ((error = group_name(&group, row, name, aggregate)) == 0)
		error = read_values(g, row, group.ptr, name, aggregate);
	gb_buf_dispose(&group);
	return error;
}

static int gbench_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gbench g = { run, GB_NAME_INDEX_INIT, source, NULL, NULL, 0,
		{ NULL, 0, GB_INDEX_INIT, GB_INDEX_INIT } };
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
	if ((error = index_names(&g.old, rows,
		     (size_t)cJSON_GetArraySize(rows))) < 0)
		goto cleanup;
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
	row_names_dispose(&g.old);
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
