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

static void pack_kv_double(msgpack_packer *pk, const char *key, double v)
{
	pack_cstr(pk, key);
	msgpack_pack_double(pk, v);
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

static void pack_result(msgpack_packer *pk, const gb_result *r)
{
	const char *keys[] = { "mean", "median", "stddev", "min", "max",
			       "slope" };
	const double vals[] = { r->mean, r->median, r->stddev, r->min, r->max,
				r->slope };
	size_t i, n = 3;

	for (i = 0; i < 6; i++)
		n += !isnan(vals[i]);
	n += (r->count != 0) + (r->iterations != 0) + (r->nsamples != 0);
	msgpack_pack_map(pk, n);
	pack_kv_str(pk, "name", r->name);
	pack_kv_str(pk, "unit", r->unit);
	pack_kv_str(pk, "dir",
		r->direction == GB_HIGHER_IS_BETTER ? "higher" : "lower");
	for (i = 0; i < 6; i++)
		if (!isnan(vals[i]))
			pack_kv_double(pk, keys[i], vals[i]);
	if (r->count)
		pack_kv_uint(pk, "n", r->count);
	if (r->iterations)
		pack_kv_uint(pk, "iters", r->iterations);
	if (r->nsamples) {
		/* Samples are measurements with far fewer than 7 significant
		 * digits; float32 halves the size of a record. */
		pack_cstr(pk, "samples");
		msgpack_pack_array(pk, r->nsamples);
		for (i = 0; i < r->nsamples; i++)
			msgpack_pack_float(pk, (float)r->samples[i]);
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
	for (i = 0; i < run->nresults; i++)
		if (run->results[i].nsamples > GB_RECORD_MAX_ELEMENTS)
			return gb_error_set(GB_EINVALID,
				"%s: %zu samples, more than a record holds (%u)",
				run->results[i].name, run->results[i].nsamples,
				GB_RECORD_MAX_ELEMENTS);
	return 0;
}

int gb_codec_encode(gb_buf *out, const gb_run *run)
{
	msgpack_packer pk;
	size_t start = out->size, i, n = 8;
	int error;

	if (!gb_run_id_valid(run->id))
		return gb_error_set(GB_EINVALID, "invalid run id '%s'", run->id);
	if (!run->machine)
		return gb_error_set(GB_EINVALID, "run %s has no machine key",
			run->id);
	if ((error = check_sizes(run)) < 0)
		return error;
	n += run->label != NULL;
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
	pack_cstr(&pk, "results");
	msgpack_pack_array(&pk, run->nresults);
	for (i = 0; i < run->nresults; i++)
		pack_result(&pk, &run->results[i]);
	/* The packer cannot report a failed write except through the buffer,
	 * which is NUL-terminated whenever a write succeeded. */
	if (out->size == start || !out->ptr)
		return gb_error_oom();
	return 0;
}
