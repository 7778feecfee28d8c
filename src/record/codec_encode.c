/*
 * Run records as msgpack: encoding, with msgpack-c's packer. Decoding
 * (codec_decode.c) refuses what this would not write, and this refuses
 * to write what decoding would refuse.
 */
#include <math.h>
#include <string.h>
#include <msgpack.h>

#include "common.h"
#include "gitbench/codec.h"
#include "util/index.h"

static int buf_write(void *data, const char *p, size_t len)
{
	return gb_buf_put(data, p, len) < 0 ? -1 : 0;
}

static void pack_cstr(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str_with_body(pk, s, strlen(s));
}

static void pack_kv_str(msgpack_packer *pk, const char *key, const char *v)
{
	pack_cstr(pk, key);
	pack_cstr(pk, v);
}

/*
 * An estimate in the fewest bytes that give back the same double: an
 * integer when it is one (instruction counts, Go's whole nanoseconds: 1 to
 * 5 bytes instead of 9), else a float32 when that holds it exactly, else a
 * float64. Readers take any msgpack number (docs/storage.md); git's deltas
 * of one run against the last then carry fewer changed bytes a value.
 */
static void pack_number(msgpack_packer *pk, double v)
{
	if (v == floor(v) && !signbit(v) && v < 18446744073709551616.0)
		msgpack_pack_uint64(pk, (uint64_t)v);
	else if (v == floor(v) && v < 0 && v >= -9223372036854775808.0)
		msgpack_pack_int64(pk, (int64_t)v);
	else if (isfinite(v) && (double)(float)v == v)
		msgpack_pack_float(pk, (float)v);
	else
		msgpack_pack_double(pk, v);
}

static void pack_kv_double(msgpack_packer *pk, const char *key, double v)
{
	pack_cstr(pk, key);
	pack_number(pk, v);
}

static void pack_kv_uint(msgpack_packer *pk, const char *key, uint64_t v)
{
	pack_cstr(pk, key);
	msgpack_pack_uint64(pk, v);
}

static size_t count_set(const char *const *strs, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += strs[i] != NULL;
	return k;
}

static void pack_env(msgpack_packer *pk, const gb_env *env)
{
	const char *keys[] = { "host", "os", "arch", "cpu", "toolchain" };
	const char *vals[] = { env->host, env->os, env->arch, env->cpu,
			       env->toolchain };
	size_t i;

	msgpack_pack_map(pk, count_set(vals, 5) + (env->cores ? 1 : 0));
	for (i = 0; i < 5; i++)
		if (vals[i])
			pack_kv_str(pk, keys[i], vals[i]);
	if (env->cores)
		pack_kv_uint(pk, "cores", env->cores);
}

/*
 * The record's measures: each different measure, unit and direction once,
 * which its results name by position ("m"), so that a result does not
 * repeat them. A key string per entry, for the index.
 */
typedef struct {
	char **keys;
	size_t n, alloc;
	size_t *of;       /* per result, its entry */
	size_t *first;    /* per entry, a result that has it */
	gb_index index;
} measure_table;

static gb_index_key table_key(const void *items, size_t pos)
{
	gb_index_key k = { ((char *const *)items)[pos], NULL };

	return k;
}

static void table_dispose(measure_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->of);
	free(t->first);
	gb_index_dispose(&t->index);
}

/* "<length of measure>:<measure><unit><dir>": one key per entry. */
static int table_build(measure_table *t, const gb_run *run)
{
	gb_buf key = GB_BUF_INIT;
	gb_index_key k = { NULL, NULL };
	size_t i, pos;
	int error = 0;

	if (!(t->of = gb_calloc(run->nresults + 1, sizeof(size_t))) ||
	    !(t->first = gb_calloc(run->nresults + 1, sizeof(size_t))))
		return GB_ERROR;
	for (i = 0; i < run->nresults && !error; i++) {
		const gb_result *r = &run->results[i];

		gb_buf_clear(&key);
		if ((error = gb_buf_printf(&key, "%zu:%s%s%d",
			     strlen(r->measure), r->measure, r->unit,
			     (int)r->direction)) < 0)
			break;
		k.name = key.ptr;
		if (gb_index_find(&pos, &t->index, k, table_key, t->keys)) {
			t->of[i] = pos;
			continue;
		}
		if ((error = GB_ARRAY_GROW(t->keys, t->n, t->alloc)) < 0 ||
		    !(t->keys[t->n] = gb_strdup(key.ptr))) {
			error = GB_ERROR;
			break;
		}
		t->first[t->n] = i;
		t->of[i] = t->n++;
		k.name = t->keys[t->n - 1];
		error = gb_index_add(&t->index, k, t->n - 1, table_key, t->keys);
	}
	gb_buf_dispose(&key);
	return error;
}

static void pack_measures(msgpack_packer *pk, const gb_run *run,
	const measure_table *t)
{
	size_t i;

	msgpack_pack_array(pk, t->n);
	for (i = 0; i < t->n; i++) {
		const gb_result *r = &run->results[t->first[i]];
		bool higher = r->direction == GB_HIGHER_IS_BETTER;

		msgpack_pack_map(pk, 2 + higher);
		pack_kv_str(pk, "name", r->measure);
		pack_kv_str(pk, "unit", r->unit);
		if (higher)
			pack_kv_str(pk, "dir", "higher");
	}
}

static void pack_usage(msgpack_packer *pk, const gb_usage *u)
{
	const char *keys[] = { "wall", "user", "sys", "maxrss" };
	const double vals[] = { u->wall, u->user, u->system, u->maxrss };
	size_t i, n = 0;

	for (i = 0; i < 4; i++)
		n += !isnan(vals[i]);
	pack_cstr(pk, "usage");
	msgpack_pack_map(pk, n);
	for (i = 0; i < 4; i++)
		if (!isnan(vals[i]))
			pack_kv_double(pk, keys[i], vals[i]);
}

/* The columns of estimates, in the order written. */
static const char *const estimate_keys[] = { "mean", "median", "stddev",
	"min", "max", "slope" };

/* A result's estimate in column k of estimate_keys. */
static double estimate(const gb_result *r, size_t k)
{
	switch (k) {
	case 0: return r->mean;
	case 1: return r->median;
	case 2: return r->stddev;
	case 3: return r->min;
	case 4: return r->max;
	default: return r->slope;
	}
}

/* Which columns some result has a value in; `name` always. */
typedef struct {
	bool m, n, estimate[6], iters, samples;
	size_t count;
} columns;

static void columns_present(columns *c, const gb_run *run,
	const measure_table *t)
{
	size_t i, k;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];

		c->m |= t->of[i] != 0;
		c->n |= r->count != 0;
		for (k = 0; k < 6; k++)
			c->estimate[k] |= !isnan(estimate(r, k));
		c->iters |= r->iterations != 0;
		c->samples |= r->nsamples != 0;
	}
	c->count = 1 + c->m + c->n + c->iters + c->samples;
	for (k = 0; k < 6; k++)
		c->count += c->estimate[k];
}

static void pack_samples(msgpack_packer *pk, const gb_result *r)
{
	size_t i;

	if (!r->nsamples) {
		msgpack_pack_nil(pk);
		return;
	}
	/* Samples are measurements with far fewer than 7 significant digits;
	 * float32 halves the size of a record. */
	msgpack_pack_array(pk, r->nsamples);
	for (i = 0; i < r->nsamples; i++)
		msgpack_pack_float(pk, (float)r->samples[i]);
}

/*
 * The results, column by column (schema 3): every name, then every
 * measure index and count, which change little from run to run, then
 * each estimate of every result, then the samples. Git deltas a record
 * against an earlier one; a result's own map (schema 2) made each value
 * a copy of the bytes before it and an insert, about 4.5 bytes of delta
 * instructions a value, where the values of a run now change as one
 * stretch. A column that no result has a value in is left out; in one
 * that some have, nil (0 for a count or the measure) says not given.
 */
static void pack_results(msgpack_packer *pk, const gb_run *run,
	const measure_table *t)
{
	const size_t n = run->nresults;
	columns c;
	size_t i, k;

	columns_present(&c, run, t);
	pack_cstr(pk, "results");
	msgpack_pack_map(pk, c.count);
	pack_cstr(pk, "name");
	msgpack_pack_array(pk, n);
	for (i = 0; i < n; i++)
		pack_cstr(pk, run->results[i].name);
	if (c.m) {
		pack_cstr(pk, "m");
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			msgpack_pack_uint64(pk, t->of[i]);
	}
	if (c.n) {
		pack_cstr(pk, "n");
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			msgpack_pack_uint64(pk, run->results[i].count);
	}
	for (k = 0; k < 6; k++) {
		if (!c.estimate[k])
			continue;
		pack_cstr(pk, estimate_keys[k]);
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++) {
			double v = estimate(&run->results[i], k);

			if (isnan(v))
				msgpack_pack_nil(pk);
			else
				pack_number(pk, v);
		}
	}
	if (c.iters) {
		pack_cstr(pk, "iters");
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			msgpack_pack_uint64(pk, run->results[i].iterations);
	}
	if (c.samples) {
		pack_cstr(pk, "samples");
		msgpack_pack_array(pk, n);
		for (i = 0; i < n; i++)
			pack_samples(pk, &run->results[i]);
	}
}

/* A string field over its limit, named in the error. */
static int check_string(const char *what, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n <= max)
		return 0;
	return gb_error_set(GB_EINVALID, "%s of %zu bytes is over the limit "
		"of %zu (docs/storage.md)", what, n, max);
}

/*
 * The elements the record would hold, over-counted: every key and value
 * of a result and of the record's head, and every sample.
 */
static int check_total(const gb_run *run)
{
	uint64_t total = 256;
	size_t i;

	for (i = 0; i < run->nresults; i++)
		total += 32 + (uint64_t)run->results[i].nsamples;
	if (total <= GB_RECORD_MAX_TOTAL)
		return 0;
	return gb_error_set(GB_EINVALID, "run %s: %llu samples and figures in "
		"all, more than a record holds (%u; docs/storage.md): record "
		"fewer samples or fewer benchmarks a run", run->id,
		(unsigned long long)total, GB_RECORD_MAX_TOTAL);
}

/* What decoding refuses is never written. */
static int check_sizes(const gb_run *run)
{
	const char *strings[] = { run->label, run->machine, run->format,
		run->env.host, run->env.os, run->env.arch, run->env.cpu,
		run->env.toolchain };
	const char *names[] = { "a label", "a machine key", "a format name",
		"a host name", "an OS name", "an architecture", "a CPU name",
		"a toolchain" };
	size_t i;
	int error;

	if (run->nresults > GB_RECORD_MAX_RESULTS)
		return gb_error_set(GB_EINVALID,
			"run %s has %zu results, over the limit of %u a record "
			"holds (docs/storage.md)", run->id, run->nresults,
			GB_RECORD_MAX_RESULTS);
	for (i = 0; i < GB_ARRAY_SIZE(strings); i++)
		if ((error = check_string(names[i], strings[i],
			     GB_RECORD_MAX_STRING)) < 0)
			return error;
	for (i = 0; i < run->nresults; i++)
		if ((error = check_string("a benchmark name",
			     run->results[i].name, GB_RECORD_MAX_NAME)) < 0 ||
		    (error = check_string("a unit", run->results[i].unit,
			     GB_RECORD_MAX_STRING)) < 0)
			return error;
	if ((error = check_total(run)) < 0)
		return error;
	for (i = 0; i < run->nresults; i++)
		if (!run->results[i].measure || !*run->results[i].measure)
			return gb_error_set(GB_EINVALID, "%s: a result without a "
				"measure", run->results[i].name);
		else if (run->results[i].nsamples > GB_RECORD_MAX_ELEMENTS)
			return gb_error_set(GB_EINVALID,
				"%s: %zu samples, more than a record holds (%u)",
				run->results[i].name, run->results[i].nsamples,
				GB_RECORD_MAX_ELEMENTS);
	return 0;
}

int gb_codec_encode(gb_buf *out, const gb_run *run)
{
	measure_table table = { 0 };
	msgpack_packer pk;
	size_t start = out->size, n = 9;
	int error;

	if (!gb_run_id_valid(run->id))
		return gb_error_set(GB_EINVALID, "invalid run id '%s'", run->id);
	if (!run->machine)
		return gb_error_set(GB_EINVALID, "run %s has no machine key",
			run->id);
	if ((error = check_sizes(run)) < 0 ||
	    (error = gb_run_check_measures(run)) < 0 ||
	    (error = table_build(&table, run)) < 0)
		goto cleanup;
	n += (run->label != NULL) + gb_usage_known(&run->usage);
	msgpack_packer_init(&pk, out, buf_write);
	msgpack_pack_map(&pk, n);
	pack_kv_uint(&pk, "schema", GB_RUN_SCHEMA);
	pack_kv_str(&pk, "id", run->id);
	pack_cstr(&pk, "commit");
	msgpack_pack_bin_with_body(&pk, run->commit.id, GIT_OID_RAWSZ);
	pack_cstr(&pk, "time");
	msgpack_pack_int64(&pk, run->time);
	if (run->label)
		pack_kv_str(&pk, "label", run->label);
	pack_kv_str(&pk, "machine", run->machine);
	pack_cstr(&pk, "env");
	pack_env(&pk, &run->env);
	pack_kv_str(&pk, "format", run->format ? run->format : "unknown");
	if (gb_usage_known(&run->usage))
		pack_usage(&pk, &run->usage);
	pack_cstr(&pk, "measures");
	pack_measures(&pk, run, &table);
	pack_results(&pk, run, &table);
	/* The packer cannot report a failed write except through the buffer,
	 * which is NUL-terminated whenever a write succeeded. */
	if (out->size == start || !out->ptr)
		error = gb_error_oom();
cleanup:
	table_dispose(&table);
	return error;
}
