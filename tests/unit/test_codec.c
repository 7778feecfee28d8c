/* The run-record codec: round trips, and every kind of hostile input. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>

#include "helpers.h"
#include "record/codec_int.h"

static const git_oid run_commit_zero;

static gb_run *sample_run(void)
{
	git_oid commit;
	gb_run *run;
	gb_result *r;
	double *samples = malloc(3 * sizeof(double));

	git_oid_fromstr(&commit, "0123456789abcdef0123456789abcdef01234567");
	run = th_run_make(&commit, 2, 1000);
	assert_int_equal(gb_run_set_string(&run->label, "v0.1.0"), 0);
	assert_int_equal(gb_run_set_string(&run->env.host, "box"), 0);
	assert_int_equal(gb_run_set_string(&run->env.cpu, "AMD EPYC"), 0);
	run->env.cores = 2;
	assert_int_equal(gb_run_add_result(&r, run, "thrpt", "B/s",
				 GB_HIGHER_IS_BETTER), 0);
	samples[0] = 1.5;
	samples[1] = 2.25;
	samples[2] = 3.0;
	gb_result_set_samples(r, samples, 3);
	gb_result_fill_from_samples(r);
	r->slope = 2.0;
	r->iterations = 300;
	return run;
}

static void encode(gb_buf *out, const gb_run *run)
{
	assert_int_equal(gb_codec_encode(out, run), 0);
}

static void test_round_trip(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *back = NULL;
	size_t used = 0, i;

	(void)state;
	encode(&buf, run);
	assert_int_equal(gb_codec_decode(&back, &used, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(used, buf.size);
	assert_string_equal(back->id, run->id);
	assert_true(git_oid_equal(&back->commit, &run->commit));
	assert_int_equal(back->time, run->time);
	assert_string_equal(back->label, "v0.1.0");
	assert_string_equal(back->machine, "test-machine");
	assert_string_equal(back->env.host, "box");
	assert_string_equal(back->env.cpu, "AMD EPYC");
	assert_null(back->env.os);
	assert_int_equal(back->env.cores, 2);
	assert_int_equal(back->nresults, 3);
	for (i = 0; i < 2; i++) {
		assert_string_equal(back->results[i].name, run->results[i].name);
		assert_true(back->results[i].mean == run->results[i].mean);
		assert_true(back->results[i].stddev == run->results[i].stddev);
		assert_true(isnan(back->results[i].median));
		assert_int_equal(back->results[i].direction, GB_LOWER_IS_BETTER);
	}
	assert_string_equal(back->results[2].unit, "B/s");
	assert_int_equal(back->results[2].direction, GB_HIGHER_IS_BETTER);
	assert_int_equal(back->results[2].nsamples, 3);
	assert_true(back->results[2].samples[1] == 2.25);
	assert_true(back->results[2].median == 2.25);
	assert_true(back->results[2].slope == 2.0);
	assert_int_equal(back->results[2].iterations, 300);
	gb_run_free(back);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static bool want_thrpt(const char *name, size_t len, void *payload)
{
	(void)payload;
	return len == 5 && memcmp(name, "thrpt", 5) == 0;
}

/*
 * A rate written in another unit (a record from before rates were kept
 * per second, or from elsewhere) is read per second, as times in ns, so
 * that GB/s and MB/s of one benchmark compare as one figure.
 */
static void test_rate_read_per_second(void **state)
{
	static const struct {
		const char *unit, *as;
		double f;
	} cases[] = {
		{ "MB/s", "B/s", 1e6 }, { "GiB/s", "B/s", 1073741824.0 },
		{ "ops/ms", "ops/s", 1e3 }, { "Mops/s", "ops/s", 1e6 },
		{ "bytes/sec", "B/s", 1 }, { "GHz", "Hz", 1e9 },
		{ "req/min", "req/s", 1.0 / 60 }, { "elem/s", "elem/s", 1 },
		{ "GFLOPS", "GFLOPS", 1 }, { "ns/op", "ns/op", 1 },
	};
	git_oid commit;
	size_t i;

	(void)state;
	git_oid_fromstr(&commit, "0123456789abcdef0123456789abcdef01234567");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gb_buf buf = GB_BUF_INIT;
		gb_run *run = th_run_make(&commit, 1, 1), *back = NULL;
		gb_result *r;
		double *samples = malloc(2 * sizeof(double));

		assert_non_null(samples);
		samples[0] = 2;
		samples[1] = 4;
		assert_int_equal(gb_run_add_measure(&r, run, "copy", "throughput",
			cases[i].unit, GB_HIGHER_IS_BETTER), 0);
		gb_result_set_samples(r, samples, 2);
		gb_result_fill_from_samples(r);
		encode(&buf, run);
		assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size,
			NULL), 0);
		r = &back->results[1];
		assert_string_equal(r->name, "copy");
		assert_string_equal(r->unit, cases[i].as);
		assert_true(fabs(r->mean / (3 * cases[i].f) - 1) < 1e-12);
		assert_true(fabs(r->samples[1] / (4 * cases[i].f) - 1) < 1e-12);
		assert_int_equal(r->direction, GB_HIGHER_IS_BETTER);
		gb_run_free(run);
		gb_run_free(back);
		gb_buf_dispose(&buf);
	}
}

static void test_decode_options(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *back = NULL;

	(void)state;
	encode(&buf, run);
	opts.skip_samples = true;
	opts.want = want_thrpt;
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, &opts), 0);
	assert_int_equal(back->nresults, 1);
	assert_string_equal(back->results[0].name, "thrpt");
	assert_int_equal(back->results[0].nsamples, 0);
	assert_true(back->results[0].mean == run->results[2].mean);
	gb_run_free(back);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static void test_stream(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run();
	gb_runlist list = { 0 };

	(void)state;
	encode(&buf, run);
	encode(&buf, run);
	assert_int_equal(gb_codec_decode_stream(&list, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(list.count, 2);
	gb_runlist_dispose(&list);
	/* Trailing garbage after two good records names the third. */
	gb_buf_putc(&buf, (char)0xc1);
	assert_int_equal(gb_codec_decode_stream(&list, buf.ptr, buf.size, NULL),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "record 3"));
	gb_runlist_dispose(&list);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static void test_every_truncation(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *back = NULL;
	size_t len;

	(void)state;
	encode(&buf, run);
	for (len = 0; len < buf.size; len++) {
		int error = gb_codec_decode(&back, NULL, buf.ptr, len, NULL);

		assert_int_equal(error, GB_EINVALID);
		assert_null(back);
		assert_true(strstr(gb_error_last()->message, "truncated") ||
			    strstr(gb_error_last()->message, "empty"));
	}
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* Flipping bytes must give a record or a clean error, never a crash. */
static void test_random_corruption(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run();
	unsigned seed = 12345;
	int i, ok = 0, bad = 0;

	(void)state;
	encode(&buf, run);
	for (i = 0; i < 20000; i++) {
		char *copy = malloc(buf.size);
		gb_run *back = NULL;
		int k, error;

		memcpy(copy, buf.ptr, buf.size);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % buf.size] = (char)(seed >> 20);
		}
		error = gb_codec_decode(&back, NULL, copy, buf.size, NULL);
		if (error == 0) {
			assert_non_null(back);
			ok++;
		} else {
			assert_int_equal(error, GB_EINVALID);
			assert_true(strlen(gb_error_last()->message) > 0);
			bad++;
		}
		gb_run_free(back);
		free(copy);
	}
	assert_true(bad > 0);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* Pack a map with the required keys, then let `extra` add to it. */
typedef void (*packer_fn)(msgpack_packer *pk);

static void pack_str(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str_with_body(pk, s, strlen(s));
}

static void pack_record(msgpack_sbuffer *sb, size_t nkeys, packer_fn extra,
	const char *skip)
{
	msgpack_packer pk;
	unsigned char raw[20] = { 1, 2, 3 };
	size_t n = 6 + nkeys;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	if (skip)
		n--;
	msgpack_pack_map(&pk, n);
	if (!skip || strcmp(skip, "schema")) {
		pack_str(&pk, "schema");
		msgpack_pack_uint8(&pk, 1);
	}
	if (!skip || strcmp(skip, "id")) {
		pack_str(&pk, "id");
		pack_str(&pk, "20261123T000000.000000Z-00000001");
	}
	if (!skip || strcmp(skip, "commit")) {
		pack_str(&pk, "commit");
		msgpack_pack_bin_with_body(&pk, raw, 20);
	}
	if (!skip || strcmp(skip, "time")) {
		pack_str(&pk, "time");
		msgpack_pack_int64(&pk, 1763900000);
	}
	if (!skip || strcmp(skip, "machine")) {
		pack_str(&pk, "machine");
		pack_str(&pk, "m");
	}
	if (!skip || strcmp(skip, "results")) {
		pack_str(&pk, "results");
		msgpack_pack_array(&pk, 0);
	}
	if (extra)
		extra(&pk);
}

static int decode_sb(msgpack_sbuffer *sb, gb_run **out)
{
	return gb_codec_decode(out, NULL, sb->data, sb->size, NULL);
}

static void extra_unknown(msgpack_packer *pk)
{
	pack_str(pk, "future_field");
	msgpack_pack_map(pk, 1);
	pack_str(pk, "nested");
	msgpack_pack_array(pk, 2);
	msgpack_pack_nil(pk);
	msgpack_pack_true(pk);
}

static void extra_unknown_twice(msgpack_packer *pk)
{
	pack_str(pk, "machine");
	pack_str(pk, "other");
}

static void test_unknown_keys_skipped(void **state)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, extra_unknown, NULL);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_string_equal(run->machine, "m");
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
}

static void test_missing_fields(void **state)
{
	const char *fields[] = { "schema", "id", "commit", "time", "machine",
				 "results" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		msgpack_sbuffer sb;
		gb_run *run = NULL;
		char expect[64];

		msgpack_sbuffer_init(&sb);
		pack_record(&sb, 0, NULL, fields[i]);
		assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
		snprintf(expect, sizeof(expect), "missing '%s'", fields[i]);
		assert_non_null(strstr(gb_error_last()->message, expect));
		msgpack_sbuffer_destroy(&sb);
	}
}

static const char *bad_message;

static void bad_results_type(msgpack_packer *pk)
{
	pack_str(pk, "label");
	msgpack_pack_int8(pk, 3);
}

static void bad_env(msgpack_packer *pk)
{
	pack_str(pk, "env");
	pack_str(pk, "x");
}

static void bad_cores(msgpack_packer *pk)
{
	pack_str(pk, "env");
	msgpack_pack_map(pk, 1);
	pack_str(pk, "cores");
	pack_str(pk, "two");
}

static void check_bad(packer_fn extra, const char *skip, const char *expect)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, extra, skip);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_null(run);
	bad_message = gb_error_last()->message;
	if (!strstr(bad_message, expect))
		fail_msg("'%s' does not mention '%s'", bad_message, expect);
	msgpack_sbuffer_destroy(&sb);
}

static void result_with(msgpack_packer *pk, const char *key, int kind)
{
	pack_str(pk, "results");
	msgpack_pack_array(pk, 1);
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	if (kind == 3)
		msgpack_pack_str_with_body(pk, "a\0b", 3);
	else
		pack_str(pk, "bench");
	pack_str(pk, key);
	if (kind == 0)
		pack_str(pk, "fast");
	else if (kind == 1)
		msgpack_pack_int8(pk, -1);
	else
		msgpack_pack_double(pk, 1.0);
}

static void bad_mean(msgpack_packer *pk) { result_with(pk, "mean", 0); }
static void bad_count(msgpack_packer *pk) { result_with(pk, "n", 1); }
static void bad_dir(msgpack_packer *pk) { result_with(pk, "dir", 2); }
static void bad_samples(msgpack_packer *pk) { result_with(pk, "samples", 2); }
static void nul_name(msgpack_packer *pk) { result_with(pk, "mean", 3); }

static void bad_id(msgpack_packer *pk)
{
	pack_str(pk, "id");
	pack_str(pk, "../../refs/heads/main");
}

static void newer_schema(msgpack_packer *pk)
{
	pack_str(pk, "schema");
	msgpack_pack_uint8(pk, 99);
}

static void short_commit(msgpack_packer *pk)
{
	pack_str(pk, "commit");
	msgpack_pack_bin_with_body(pk, "abc", 3);
}

/* Results of schema 1: names and means, in the order given. */
static void results_of(msgpack_packer *pk, const char *const *names,
	const double *means, size_t n)
{
	size_t i;

	pack_str(pk, "results");
	msgpack_pack_array(pk, n);
	for (i = 0; i < n; i++) {
		msgpack_pack_map(pk, 2);
		pack_str(pk, "name");
		pack_str(pk, names[i]);
		pack_str(pk, "mean");
		msgpack_pack_double(pk, means[i]);
	}
}

static void name_twice(msgpack_packer *pk)
{
	static const char *const names[] = { "b", "a", "a" };
	static const double means[] = { 5, 100, 1000 };

	results_of(pk, names, means, 3);
}

static void huge_mean(msgpack_packer *pk)
{
	static const char *const names[] = { "a", "b" };
	static const double means[] = { 100, 1e160 };

	results_of(pk, names, means, 2);
}

static void infinite_mean(msgpack_packer *pk)
{
	static const char *const names[] = { "a" };
	const double means[] = { -INFINITY };

	results_of(pk, names, means, 1);
}

static void time_min(msgpack_packer *pk)
{
	pack_str(pk, "time");
	msgpack_pack_int64(pk, INT64_MIN);
}

static void time_year_10000(msgpack_packer *pk)
{
	pack_str(pk, "time");
	msgpack_pack_int64(pk, GB_TIME_MAX + 1);
}

/*
 * What no reader can use, refused where it is read: a name twice in one
 * measure (which value would a gate see?), a figure whose square
 * squared overflows the statistics, a time no date can print.
 */
static void test_out_of_range(void **state)
{
	static const char *const names[] = { "a" };
	const double big[] = { GB_VALUE_MAX };
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	check_bad(name_twice, "results", "benchmark 'a' is twice in measure");
	check_bad(huge_mean, "results", "result 2 'mean' is out of range");
	check_bad(infinite_mean, "results", "'mean' is out of range");
	check_bad(time_min, "time", "'time' is out of range");
	check_bad(time_year_10000, "time", "'time' is out of range");
	/* The largest figure allowed is read. */
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, NULL, "results");
	{
		msgpack_packer pk;

		msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
		results_of(&pk, names, big, 1);
	}
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_true(run->results[0].mean == GB_VALUE_MAX);
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
}

static void test_wrong_types(void **state)
{
	(void)state;
	check_bad(bad_results_type, NULL, "'label' is not a string");
	check_bad(bad_env, NULL, "'env' is not a map");
	check_bad(bad_cores, NULL, "'env.cores' is not a count");
	check_bad(bad_mean, "results", "result 1 'mean' is not a number");
	check_bad(bad_count, "results", "'n' is not a count");
	check_bad(bad_dir, "results", "'dir' is not a string");
	check_bad(bad_samples, "results", "'samples' is not an array");
	check_bad(nul_name, "results", "NUL byte");
	check_bad(bad_id, "id", "not a valid run id");
	check_bad(newer_schema, "schema", "schema 99 is newer");
	check_bad(short_commit, "commit", "'commit' is not a commit id");
	check_bad(extra_unknown_twice, NULL, "key 'machine' appears twice");
}

static void empty_label(msgpack_packer *pk)
{
	pack_str(pk, "label");
	pack_str(pk, "");
}

static void empty_key_twice(msgpack_packer *pk)
{
	pack_str(pk, "");
	msgpack_pack_nil(pk);
	pack_str(pk, "");
	msgpack_pack_true(pk);
}

/* msgpack-c hands empty strings over as NULL pointers. */
static void test_empty_strings(void **state)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, empty_label, NULL);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_string_equal(run->label, "");
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 2, empty_key_twice, NULL);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "key '' appears twice"));
	msgpack_sbuffer_destroy(&sb);
}

enum { MANY_KEYS = 300000 };
static int many_keys_repeat;

/* Unknown keys k0..k<n-1> in a shuffled order; the last one again if asked. */
static void many_keys(msgpack_packer *pk)
{
	char key[16];
	int i;

	for (i = 0; i < MANY_KEYS; i++) {
		snprintf(key, sizeof(key), "k%lld", (long long)i * 7919 % MANY_KEYS);
		pack_str(pk, key);
		msgpack_pack_nil(pk);
	}
	if (many_keys_repeat) {
		pack_str(pk, key);
		msgpack_pack_nil(pk);
	}
}

/*
 * A record of many keys (a hostile blob) is checked for duplicates in
 * n log n: pairwise it would take hours, and this test its time limit.
 */
static void test_many_keys(void **state)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;
	char expect[64];

	(void)state;
	msgpack_sbuffer_init(&sb);
	many_keys_repeat = 0;
	pack_record(&sb, MANY_KEYS, many_keys, NULL);
	assert_int_equal(decode_sb(&sb, &run), 0);
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_init(&sb);
	many_keys_repeat = 1;
	pack_record(&sb, MANY_KEYS + 1, many_keys, NULL);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	snprintf(expect, sizeof(expect), "key 'k%lld' appears twice",
		(long long)(MANY_KEYS - 1) * 7919 % MANY_KEYS);
	assert_non_null(strstr(gb_error_last()->message, expect));
	msgpack_sbuffer_destroy(&sb);
}

static size_t elements_given;

static void many_nils(msgpack_packer *pk)
{
	size_t i;

	pack_str(pk, "future");
	msgpack_pack_array(pk, elements_given);
	for (i = 0; i < elements_given; i++)
		msgpack_pack_nil(pk);
}

/*
 * Any container of a record is decoded in one block of about 24 bytes per
 * element: past GB_RECORD_MAX_ELEMENTS it is refused, so no input makes
 * one allocation larger than about 32 MiB, and nothing writes such a
 * record in the first place.
 */
static void test_too_many_elements(void **state)
{
	msgpack_sbuffer sb;
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = NULL;
	gb_result *r;

	(void)state;
	msgpack_sbuffer_init(&sb);
	elements_given = GB_RECORD_MAX_ELEMENTS;
	pack_record(&sb, 1, many_nils, NULL);
	assert_int_equal(decode_sb(&sb, &run), 0);
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_init(&sb);
	elements_given = GB_RECORD_MAX_ELEMENTS + 1;
	pack_record(&sb, 1, many_nils, NULL);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "1048577 elements"));
	msgpack_sbuffer_destroy(&sb);

	run = sample_run();
	r = &run->results[0];
	gb_result_set_samples(r, calloc(GB_RECORD_MAX_ELEMENTS + 1,
		sizeof(double)), GB_RECORD_MAX_ELEMENTS + 1);
	assert_int_equal(gb_codec_encode(&buf, run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "1048577 samples"));
	assert_int_equal(buf.size, 0);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static void two_big_arrays(msgpack_packer *pk)
{
	size_t i, k;

	for (k = 0; k < 2; k++) {
		pack_str(pk, k ? "future2" : "future");
		msgpack_pack_array(pk, GB_RECORD_MAX_ELEMENTS);
		for (i = 0; i < GB_RECORD_MAX_ELEMENTS; i++)
			msgpack_pack_uint8(pk, 1);
	}
}

/*
 * Containers each within their limit still add up: a record of more
 * elements in all than GB_RECORD_MAX_TOTAL is refused by the walk (32
 * results of 2^20 one-byte samples took a gigabyte to decode), and the
 * encoder refuses to write one.
 */
static void test_too_many_in_all(void **state)
{
	msgpack_sbuffer sb;
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = NULL;
	size_t i;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 2, two_big_arrays, NULL);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_null(run);
	assert_non_null(strstr(gb_error_last()->message,
		"over the limits: more than 2097152 elements in all"));
	msgpack_sbuffer_destroy(&sb);

	run = sample_run();
	for (i = 0; i < 2; i++)
		gb_result_set_samples(&run->results[i], calloc(
			GB_RECORD_MAX_ELEMENTS, sizeof(double)),
			GB_RECORD_MAX_ELEMENTS);
	assert_int_equal(gb_codec_encode(&buf, run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"more than a record holds (2097152"));
	assert_int_equal(buf.size, 0);
	/* One such result is within the limits, and reads back. */
	gb_result_set_samples(&run->results[1], NULL, 0);
	assert_int_equal(gb_codec_encode(&buf, run), 0);
	gb_run_free(run);
	run = NULL;
	assert_int_equal(gb_codec_decode(&run, NULL, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(run->results[0].nsamples, GB_RECORD_MAX_ELEMENTS);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static void long_name(msgpack_packer *pk)
{
	static char name[GB_RECORD_MAX_NAME + 2];

	memset(name, 'n', elements_given);
	name[elements_given] = '\0';
	pack_str(pk, "label");
	pack_str(pk, name);
}

/*
 * The limits of a record (docs/storage.md): a string longer than a name
 * may be, or more results than a record holds, is refused by the walk,
 * before anything is unpacked; the encoder refuses to write them.
 */
static void test_limits(void **state)
{
	msgpack_sbuffer sb;
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	elements_given = GB_RECORD_MAX_NAME + 1;
	pack_record(&sb, 1, long_name, NULL);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"over the limits: a string of 4097 bytes"));
	msgpack_sbuffer_destroy(&sb);

	run = sample_run();
	assert_int_equal(gb_run_set_string(&run->label, "v1"), 0);
	free(run->results[0].name);
	run->results[0].name = calloc(1, GB_RECORD_MAX_NAME + 2);
	memset(run->results[0].name, 'x', GB_RECORD_MAX_NAME + 1);
	assert_int_equal(gb_codec_encode(&buf, run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"a benchmark name of 4097 bytes is over the limit of 4096"));
	assert_int_equal(buf.size, 0);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

static void too_many_results(msgpack_packer *pk)
{
	uint32_t i;

	pack_str(pk, "results");
	msgpack_pack_array(pk, GB_RECORD_MAX_RESULTS + 1);
	for (i = 0; i <= GB_RECORD_MAX_RESULTS; i++) {
		msgpack_pack_map(pk, 1);
		pack_str(pk, "name");
		pack_str(pk, "x");
	}
}

/* More results than a record holds: refused by a reader of its head too. */
static void test_limits_heads(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, too_many_results, "results");
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"over the limits: 65537 results, more than 65536"));
	opts.want = gb_codec_want_none;
	assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size, &opts),
		GB_EINVALID);
	assert_null(run);
	assert_non_null(strstr(gb_error_last()->message,
		"over the limits: 65537 results, more than 65536"));
	msgpack_sbuffer_destroy(&sb);
}

/* Headers that claim far more than there is must not allocate it. */
static void test_huge_claims(void **state)
{
	static const unsigned char array32[] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0 };
	static const unsigned char map32[] = { 0xdf, 0xff, 0xff, 0xff, 0xff, 0 };
	static const unsigned char str32[] = { 0xdb, 0x80, 0, 0, 0, 'a' };
	static const unsigned char bin32[] = { 0xc6, 0xff, 0xff, 0xff, 0xf0 };
	static const unsigned char ext32[] = { 0xc9, 0x7f, 0xff, 0xff, 0xff, 1 };
	const struct {
		const unsigned char *p;
		size_t n;
	} cases[] = {
		{ array32, sizeof(array32) }, { map32, sizeof(map32) },
		{ str32, sizeof(str32) }, { bin32, sizeof(bin32) },
		{ ext32, sizeof(ext32) },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gb_run *run = NULL;

		assert_int_equal(gb_codec_decode(&run, NULL, cases[i].p, cases[i].n,
					 NULL), GB_EINVALID);
		assert_non_null(strstr(gb_error_last()->message, "truncated"));
	}
}

/* A record whose samples array claims four billion entries. */
static void test_four_billion_samples(void **state)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	gb_run *run = NULL;
	static const unsigned char claim[] = { 0xdd, 0xff, 0xff, 0xff, 0xff };

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, NULL, "results");
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	/* The map said 5 keys; the sixth is results with one result. */
	sb.data[0] = (char)0x86;
	pack_str(&pk, "results");
	msgpack_pack_array(&pk, 1);
	msgpack_pack_map(&pk, 2);
	pack_str(&pk, "name");
	pack_str(&pk, "x");
	pack_str(&pk, "samples");
	msgpack_sbuffer_write(&sb, (const char *)claim, sizeof(claim));
	msgpack_pack_float(&pk, 1.0f);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "4294967295 elements"));
	msgpack_sbuffer_destroy(&sb);
}

static void test_deep_nesting(void **state)
{
	unsigned char deep[200];
	gb_run *run = NULL;

	(void)state;
	memset(deep, 0x91, sizeof(deep)); /* [[[[...]]]] */
	deep[sizeof(deep) - 1] = 0xc0;
	assert_int_equal(gb_codec_decode(&run, NULL, deep, sizeof(deep), NULL),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "nested deeper"));
}

static void test_not_a_map(void **state)
{
	static const unsigned char one[] = { 0x01 };
	static const unsigned char never[] = { 0xc1 };
	gb_run *run = NULL;

	(void)state;
	assert_int_equal(gb_codec_decode(&run, NULL, one, 1, NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "not a map"));
	assert_int_equal(gb_codec_decode(&run, NULL, never, 1, NULL), GB_EINVALID);
	/* A byte never used is damage, not a record cut short. */
	assert_non_null(strstr(gb_error_last()->message,
		"malformed record (byte 0xc1 at offset 0)"));
	assert_int_equal(gb_codec_decode(&run, NULL, "", 0, NULL), GB_EINVALID);
}

static bool want_exact(const char *name, size_t len, void *payload)
{
	return len == strlen(payload) && memcmp(name, payload, len) == 0;
}

/*
 * A reader that wants some results gets exactly what decoding the whole
 * record and dropping the others gives, record after record of a stream.
 */
static void test_want_matches_whole(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_runlist some = { 0 }, all = { 0 };
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *big;
	git_oid commit;
	size_t i;

	(void)state;
	git_oid_fromstr(&commit, "0123456789abcdef0123456789abcdef01234567");
	big = th_run_make(&commit, 40, 7);
	for (i = 0; i < big->nresults; i += 3)
		gb_result_set_samples(&big->results[i], calloc(200, sizeof(double)),
			200);
	encode(&buf, run);
	encode(&buf, big);
	encode(&buf, run);
	opts.want = want_exact;
	opts.payload = "bench/33";
	assert_int_equal(gb_codec_decode_stream(&some, buf.ptr, buf.size, &opts), 0);
	assert_int_equal(gb_codec_decode_stream(&all, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(some.count, 3);
	assert_int_equal(some.runs[0]->nresults, 0);
	assert_int_equal(some.runs[2]->nresults, 0);
	assert_int_equal(some.runs[1]->nresults, 1);
	assert_string_equal(some.runs[1]->results[0].name, "bench/33");
	assert_true(some.runs[1]->results[0].mean == all.runs[1]->results[33].mean);
	assert_int_equal(some.runs[1]->results[0].nsamples, 200);
	for (i = 0; i < 3; i++) {
		assert_string_equal(some.runs[i]->id, all.runs[i]->id);
		assert_string_equal(some.runs[i]->env.host ? some.runs[i]->env.host : "",
			all.runs[i]->env.host ? all.runs[i]->env.host : "");
	}
	gb_runlist_dispose(&some);
	gb_runlist_dispose(&all);
	gb_run_free(run);
	gb_run_free(big);
	gb_buf_dispose(&buf);
}

/* Three results; the third, "bench", has a mean that is not a number. */
static void third_result_bad(msgpack_packer *pk)
{
	int i;

	pack_str(pk, "results");
	msgpack_pack_array(pk, 3);
	for (i = 0; i < 3; i++) {
		msgpack_pack_map(pk, 2);
		pack_str(pk, "name");
		pack_str(pk, i == 0 ? "other" : i == 1 ? "more" : "bench");
		pack_str(pk, "mean");
		if (i < 2)
			msgpack_pack_double(pk, 1.0);
		else
			pack_str(pk, "fast");
	}
}

/* Damage in a wanted result is named by its place among all of them. */
static void test_want_damage_named(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, third_result_bad, "results");
	opts.want = want_exact;
	opts.payload = "bench";
	assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size, &opts),
		GB_EINVALID);
	assert_null(run);
	assert_non_null(strstr(gb_error_last()->message,
		"result 3 'mean' is not a number"));
	/* Damage the reader does not want does not stop it. */
	opts.payload = "other";
	assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size, &opts), 0);
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
}

/* Corrupt records read with a name filter: a run or a clean error. */
static void test_want_random_corruption(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run();
	unsigned seed = 777;
	int i, bad = 0;

	(void)state;
	opts.want = want_exact;
	opts.payload = "thrpt";
	encode(&buf, run);
	for (i = 0; i < 20000; i++) {
		char *copy = malloc(buf.size);
		gb_run *back = NULL;
		size_t used = 0;
		int k, error;

		memcpy(copy, buf.ptr, buf.size);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % buf.size] = (char)(seed >> 20);
		}
		error = gb_codec_decode(&back, &used, copy, buf.size, &opts);
		if (error == 0) {
			assert_non_null(back);
			assert_true(used > 0 && used <= buf.size);
		} else {
			assert_int_equal(error, GB_EINVALID);
			assert_true(strlen(gb_error_last()->message) > 0);
			bad++;
		}
		gb_run_free(back);
		free(copy);
	}
	assert_true(bad > 0);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* What is too deep inside a wanted result is refused as it is whole. */
static void deep_result(msgpack_packer *pk)
{
	int i;

	pack_str(pk, "results");
	msgpack_pack_array(pk, 1);
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	pack_str(pk, "bench");
	pack_str(pk, "future");
	for (i = 0; i < 30; i++)
		msgpack_pack_array(pk, 1);
	msgpack_pack_nil(pk);
}

static void test_want_deep_nesting(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 1, deep_result, "results");
	opts.want = want_exact;
	opts.payload = "bench";
	assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size, &opts),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "nested deeper"));
	msgpack_sbuffer_destroy(&sb);
}

static void test_encode_refuses_bad_id(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run();

	(void)state;
	strcpy(run->id, "../x");
	assert_int_equal(gb_codec_encode(&buf, run), GB_EINVALID);
	assert_int_equal(buf.size, 0);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* The size per result is a figure of the project: keep it honest. */
static void test_size_per_result(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	git_oid commit;
	gb_run *run;
	size_t i;

	(void)state;
	memset(&commit, 0, sizeof(commit));
	run = th_run_make(&commit, 50, 1000);
	encode(&buf, run);
	/* name, unit, dir, mean, stddev, n: about 60 bytes each */
	assert_true(buf.size / 50 < 80);
	for (i = 0; i < run->nresults; i++) {
		double *s = malloc(100 * sizeof(double));
		size_t k;

		for (k = 0; k < 100; k++)
			s[k] = 1000 + (double)k;
		gb_result_set_samples(&run->results[i], s, 100);
	}
	gb_buf_clear(&buf);
	encode(&buf, run);
	/* 100 float32 samples are 500 bytes. */
	assert_true(buf.size / 50 < 600);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/*
 * Estimates are written in the fewest bytes that give the same double back:
 * every kind of value returns bit for bit, and a whole number costs less
 * than a fraction float32 cannot hold.
 */
static void test_numbers_exact(void **state)
{
	const double vals[] = { 0.0, -0.0, 1.0, 1234.0, -7.0, 0.5, 1037.25,
		1037.2500001, 4294967296.0, 9007199254740993.0 - 1.0,
		18446744073709549568.0, 18446744073709551616.0, GB_VALUE_MAX,
		-9223372036854775808.0, -9223372036854777856.0, 1e-310,
		-GB_VALUE_MAX, 3.4028234663852886e38 };
	size_t n = sizeof(vals) / sizeof(vals[0]), i, sizes[2];
	gb_buf buf = GB_BUF_INIT;
	gb_run *run, *back = NULL;
	git_oid commit;

	(void)state;
	memset(&commit, 0, sizeof(commit));
	run = th_run_make(&commit, n, 1000);
	for (i = 0; i < n; i++)
		run->results[i].mean = run->results[i].min = vals[i];
	encode(&buf, run);
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	for (i = 0; i < n; i++) {
		assert_memory_equal(&back->results[i].mean, &vals[i],
			sizeof(double));
		assert_memory_equal(&back->results[i].min, &vals[i],
			sizeof(double));
	}
	gb_run_free(back);
	for (i = 0; i < 2; i++) {
		run->results[0].mean = i ? 1234.0 : 1234.1;
		gb_buf_clear(&buf);
		encode(&buf, run);
		sizes[i] = buf.size;
	}
	/* A float64 is 9 bytes, 1234 as a uint16 3. */
	assert_int_equal(sizes[0] - sizes[1], 6);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* ---- measures, and the records of schema 1 ----------------------------- */

/* A benchmark in several measures, sharing units; the suite's usage. */
static void test_measures_round_trip(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *back = NULL;
	gb_result *r;
	size_t i;

	(void)state;
	assert_int_equal(gb_run_add_measure(&r, run, "bench/0", "cpu_time", "ns",
				 GB_LOWER_IS_BETTER), 0);
	r->mean = 900;
	assert_int_equal(gb_run_add_measure(&r, run, "bench/0", "instructions",
				 "instructions", GB_LOWER_IS_BETTER), 0);
	r->mean = 123456;
	assert_int_equal(gb_run_add_measure(&r, run, "bench/1", "instructions",
				 "instructions", GB_LOWER_IS_BETTER), 0);
	r->mean = 654321;
	run->usage.user = 1.5e9;
	run->usage.maxrss = 1 << 20;
	encode(&buf, run);
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(back->schema, GB_RUN_SCHEMA);
	assert_int_equal(back->nresults, run->nresults);
	for (i = 0; i < run->nresults; i++) {
		assert_string_equal(back->results[i].name, run->results[i].name);
		assert_string_equal(back->results[i].measure,
			run->results[i].measure);
		assert_string_equal(back->results[i].unit, run->results[i].unit);
		assert_int_equal(back->results[i].direction,
			run->results[i].direction);
		assert_true(back->results[i].mean == run->results[i].mean);
	}
	assert_string_equal(gb_run_find_measure(back, "bench/0", "time")->measure,
		"time");
	assert_true(gb_run_find_measure(back, "bench/0", "cpu_time")->mean == 900);
	assert_string_equal(back->results[2].measure, "throughput");
	assert_true(back->usage.user == 1.5e9);
	assert_true(back->usage.maxrss == 1 << 20);
	assert_true(isnan(back->usage.wall) && isnan(back->usage.system));
	gb_run_free(back);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* The measure table holds each measure once, not each result. */
static void test_measures_compact(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	git_oid commit;
	gb_run *run;
	size_t i, plain, more;

	(void)state;
	memset(&commit, 0, sizeof(commit));
	run = th_run_make(&commit, 50, 1000);
	encode(&buf, run);
	plain = buf.size;
	for (i = 0; i < 50; i++) {
		gb_result *r;
		char name[32];

		snprintf(name, sizeof(name), "bench/%zu", i);
		assert_int_equal(gb_run_add_measure(&r, run, name,
			"estimated-cycles", "cycles", GB_LOWER_IS_BETTER), 0);
		r->mean = 1000;
	}
	gb_buf_clear(&buf);
	encode(&buf, run);
	more = buf.size - plain;
	/* Schema 2 took 32 bytes a result: "name" and the name (14), "m"
	 * and its index (3), mean (14), the map's header. In columns: the
	 * name (8), its index (1), mean (3), a 0 or nil in the columns it has
	 * no value in (2). Each naming its measure and unit again would be
	 * 37 more. */
	if (more / 50 > 33)
		fail_msg("%zu bytes a result", more / 50);
	if (more / 50 > 16)
		fail_msg("%zu bytes a result in columns", more / 50);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* Schema 1's results of one rate, the second lower-is-better. */
static void v1_two_directions(msgpack_packer *pk)
{
	const char *names[] = { "copy", "fill" };
	size_t i;

	pack_str(pk, "format");
	pack_str(pk, "generic");
	pack_str(pk, "results");
	msgpack_pack_array(pk, 2);
	for (i = 0; i < 2; i++) {
		msgpack_pack_map(pk, 4);
		pack_str(pk, "name");
		pack_str(pk, names[i]);
		pack_str(pk, "unit");
		pack_str(pk, "B/s");
		pack_str(pk, "mean");
		msgpack_pack_double(pk, 1e9 + (double)i);
		pack_str(pk, "dir");
		pack_str(pk, i ? "lower" : "higher");
	}
}

/* A schema 3 record of one count in both directions; `twice` puts a
 * benchmark in both. */
static void v3_two_directions(msgpack_sbuffer *sb, bool twice)
{
	msgpack_packer pk;
	unsigned char raw[20] = { 1, 2, 3 };
	size_t i;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 7);
	pack_str(&pk, "schema");
	msgpack_pack_uint8(&pk, 3);
	pack_str(&pk, "id");
	pack_str(&pk, "20261123T000000.000000Z-00000001");
	pack_str(&pk, "commit");
	msgpack_pack_bin_with_body(&pk, raw, 20);
	pack_str(&pk, "time");
	msgpack_pack_int64(&pk, 1763900000);
	pack_str(&pk, "machine");
	pack_str(&pk, "m");
	pack_str(&pk, "measures");
	msgpack_pack_array(&pk, 2);
	for (i = 0; i < 2; i++) {
		msgpack_pack_map(&pk, 2 + i);
		pack_str(&pk, "name");
		pack_str(&pk, "count");
		pack_str(&pk, "unit");
		pack_str(&pk, "count");
		if (i) {
			pack_str(&pk, "dir");
			pack_str(&pk, "higher");
		}
	}
	pack_str(&pk, "results");
	msgpack_pack_map(&pk, 3);
	pack_str(&pk, "name");
	msgpack_pack_array(&pk, 2);
	pack_str(&pk, "hits");
	pack_str(&pk, twice ? "hits" : "misses");
	pack_str(&pk, "m");
	msgpack_pack_array(&pk, 2);
	msgpack_pack_uint8(&pk, 1);
	msgpack_pack_uint8(&pk, 0);
	pack_str(&pk, "mean");
	msgpack_pack_array(&pk, 2);
	msgpack_pack_double(&pk, 900);
	msgpack_pack_double(&pk, 100);
}

/*
 * One measure may be better higher for one benchmark and lower for
 * another (a generic file's counts): the record keeps it in the table
 * once a direction, and reads back each benchmark's. It was written so,
 * and refused by every reader as a measure twice. A benchmark in both
 * is still refused, and so is a measure in two units read as one (a
 * time in ns and in us).
 */
static void test_measure_two_directions(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	msgpack_sbuffer sb;
	gb_run *run = sample_run(), *back = NULL;
	gb_result *r;

	(void)state;
	assert_int_equal(gb_run_add_measure(&r, run, "hits", "count", "count",
				 GB_HIGHER_IS_BETTER), 0);
	r->mean = 900;
	assert_int_equal(gb_run_add_measure(&r, run, "misses", "count", "count",
				 GB_LOWER_IS_BETTER), 0);
	r->mean = 100;
	encode(&buf, run);
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(gb_run_find_measure(back, "hits", "count")->direction,
		GB_HIGHER_IS_BETTER);
	assert_int_equal(gb_run_find_measure(back, "misses", "count")->direction,
		GB_LOWER_IS_BETTER);
	assert_true(gb_run_find_measure(back, "misses", "count")->mean == 100);
	gb_run_free(back);
	back = NULL;
	gb_buf_clear(&buf);
	free(r->measure);
	r->measure = strdup("time");
	free(r->unit);
	r->unit = strdup("us");
	assert_int_equal(gb_codec_encode(&buf, run), GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"measure 'time' is in ns for 'bench/1' and in us for 'misses'");
	gb_run_free(run);
	gb_buf_dispose(&buf);

	msgpack_sbuffer_init(&sb);
	v3_two_directions(&sb, false);
	assert_int_equal(decode_sb(&sb, &back), 0);
	assert_int_equal(gb_run_find_measure(back, "hits", "count")->direction,
		GB_HIGHER_IS_BETTER);
	assert_int_equal(gb_run_find_measure(back, "misses", "count")->direction,
		GB_LOWER_IS_BETTER);
	gb_run_free(back);
	back = NULL;
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_init(&sb);
	v3_two_directions(&sb, true);
	assert_int_equal(decode_sb(&sb, &back), GB_EINVALID);
	assert_null(back);
	assert_string_equal(gb_error_last()->message, "malformed record: "
		"benchmark 'hits' is twice in measure 'count'");
	msgpack_sbuffer_destroy(&sb);

	/* Schema 1 gave each result its direction: read and written back. */
	msgpack_sbuffer_init(&sb);
	pack_record(&sb, 2, v1_two_directions, "results");
	assert_int_equal(decode_sb(&sb, &back), 0);
	assert_int_equal(gb_run_find(back, "copy")->direction,
		GB_HIGHER_IS_BETTER);
	assert_int_equal(gb_run_find(back, "fill")->direction,
		GB_LOWER_IS_BETTER);
	encode(&buf, back);
	gb_run_free(back);
	back = NULL;
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(gb_run_find(back, "fill")->direction,
		GB_LOWER_IS_BETTER);
	gb_run_free(back);
	gb_buf_dispose(&buf);
	msgpack_sbuffer_destroy(&sb);
}

/* The record of `format` in tests/fixtures/records-v<schema>/. */
static gb_run *read_schema(unsigned schema, const char *format)
{
	char rel[64];
	size_t len;
	char *data;
	gb_run *run = NULL;

	snprintf(rel, sizeof(rel), "records-v%u/%s.msgpack", schema, format);
	data = th_slurp(th_fixture(rel), &len);
	if (gb_codec_decode(&run, NULL, data, len, NULL) < 0)
		fail_msg("%s: %s", rel, gb_error_last()->message);
	free(data);
	assert_int_equal(run->schema, schema);
	assert_string_equal(run->format, format);
	return run;
}

static gb_run *read_v1(const char *format)
{
	return read_schema(1, format);
}

static const gb_result *in(const gb_run *run, const char *name,
	const char *measure)
{
	const gb_result *r = gb_run_find_measure(run, name, measure);

	if (!r)
		fail_msg("%s: no %s in %s", run->format, name, measure);
	return r;
}

/*
 * What schema 1 stored as "<name> [<metric>]" reads as the benchmark in
 * that measure, in the names and units the adapters give now.
 */
static void test_v1_records(void **state)
{
	gb_run *run;
	size_t i;

	(void)state;
	run = read_v1("google-benchmark");
	assert_int_equal(run->nresults, 29);
	for (i = 0; i < run->nresults; i++)
		assert_null(strchr(run->results[i].name, '['));
	assert_string_equal(in(run, "BM_VectorSort/512", "time")->unit, "ns");
	assert_string_equal(in(run, "BM_VectorSort/512", "cpu_time")->unit, "ns");
	assert_int_equal(in(run, "BM_VectorSort/512", "bytes_per_second")->direction,
		GB_HIGHER_IS_BETTER);
	in(run, "BM_VectorSort/512", "items_per_second");
	in(run, "BM_VectorSort/512", "elements");
	in(run, "BM_SumOfSquares", "rate");
	gb_run_free(run);
	run = read_v1("hyperfine");
	in(run, "sort", "time");
	in(run, "sort", "user");
	in(run, "noop", "system");
	gb_run_free(run);
	run = read_v1("go");
	in(run, "BenchmarkFib/n=10", "time");
	in(run, "BenchmarkFib/n=10", "B/op");
	in(run, "BenchmarkFib/n=10", "allocs/op");
	gb_run_free(run);
	run = read_v1("pytest-benchmark");
	assert_int_equal(in(run, "test_bench.py::test_fib[15]", "ops")->direction,
		GB_HIGHER_IS_BETTER);
	gb_run_free(run);
	/* Bencher's own measures were "<name>/<measure>". */
	run = read_v1("bmf");
	in(run, "parse_config", "time");
	in(run, "parse_config", "throughput");
	in(run, "binary", "file-size");
	in(run, "build", "build-time");
	in(run, "cache_sim", "instructions");
	gb_run_free(run);
	run = read_v1("criterion");
	in(run, "sort/1000", "time");
	gb_run_free(run);
}

/* Rewritten by this writer, a schema-1 record holds the very same results. */
static void test_v1_rewritten(void **state)
{
	static const char *const formats[] = { "google-benchmark", "hyperfine",
		"go", "pytest-benchmark", "bmf", "criterion" };
	size_t f, i;

	(void)state;
	for (f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		gb_run *v1 = read_v1(formats[f]), *v2 = NULL;
		gb_buf buf = GB_BUF_INIT;

		encode(&buf, v1);
		assert_int_equal(gb_codec_decode(&v2, NULL, buf.ptr, buf.size,
					 NULL), 0);
		assert_int_equal(v2->schema, GB_RUN_SCHEMA);
		assert_int_equal(v2->nresults, v1->nresults);
		for (i = 0; i < v1->nresults; i++) {
			const gb_result *a = &v1->results[i], *b = &v2->results[i];

			assert_string_equal(a->name, b->name);
			assert_string_equal(a->measure, b->measure);
			assert_string_equal(a->unit, b->unit);
			assert_int_equal(a->direction, b->direction);
			assert_true(a->mean == b->mean);
			assert_int_equal(a->nsamples, b->nsamples);
		}
		gb_run_free(v1);
		gb_run_free(v2);
		gb_buf_dispose(&buf);
	}
}

static bool want_vector_512(const char *name, size_t len, void *payload)
{
	(void)payload;
	return len == 17 && memcmp(name, "BM_VectorSort/512", 17) == 0;
}

/* A reader of one benchmark gets it in every measure, from any schema. */
static void test_v1_want(void **state)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_buf buf = GB_BUF_INIT;
	gb_run *v1 = read_v1("google-benchmark"), *back = NULL;
	size_t len;
	char *data = th_slurp(th_fixture("records-v1/google-benchmark.msgpack"),
		&len);

	(void)state;
	opts.want = want_vector_512;
	assert_int_equal(gb_codec_decode(&back, NULL, data, len, &opts), 0);
	assert_int_equal(back->nresults, 5);
	assert_string_equal(back->results[4].measure, "items_per_second");
	gb_run_free(back);
	encode(&buf, v1);
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, &opts), 0);
	assert_int_equal(back->nresults, 5);
	assert_int_equal(back->results[2].direction, GB_HIGHER_IS_BETTER);
	gb_run_free(back);
	free(data);
	data = th_slurp(th_fixture("records-v2/google-benchmark.msgpack"), &len);
	assert_int_equal(gb_codec_decode(&back, NULL, data, len, &opts), 0);
	assert_int_equal(back->schema, 2);
	assert_int_equal(back->nresults, 5);
	assert_string_equal(back->results[4].measure, "items_per_second");
	assert_int_equal(back->results[2].direction, GB_HIGHER_IS_BETTER);
	gb_run_free(back);
	gb_run_free(v1);
	gb_buf_dispose(&buf);
	free(data);
}

/* A schema-2 record whose results name measures it does not have. */
static void extra_v2_bad_index(msgpack_packer *pk)
{
	pack_str(pk, "measures");
	msgpack_pack_array(pk, 1);
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	pack_str(pk, "time");
	pack_str(pk, "unit");
	pack_str(pk, "ns");
}

static void pack_v2(msgpack_sbuffer *sb, void (*measures)(msgpack_packer *),
	void (*result)(msgpack_packer *))
{
	msgpack_packer pk;
	unsigned char raw[20] = { 1, 2, 3 };

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 7);
	pack_str(&pk, "schema");
	msgpack_pack_uint8(&pk, 2);
	pack_str(&pk, "id");
	pack_str(&pk, "20261123T000000.000000Z-00000001");
	pack_str(&pk, "commit");
	msgpack_pack_bin_with_body(&pk, raw, 20);
	pack_str(&pk, "time");
	msgpack_pack_int64(&pk, 1763900000);
	pack_str(&pk, "machine");
	pack_str(&pk, "m");
	/* The results first: readers must not rely on the order. */
	pack_str(&pk, "results");
	msgpack_pack_array(&pk, 1);
	result(&pk);
	measures(&pk);
}

static void result_m1(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 3);
	pack_str(pk, "name");
	pack_str(pk, "a");
	pack_str(pk, "m");
	msgpack_pack_uint8(pk, 1);
	pack_str(pk, "mean");
	msgpack_pack_double(pk, 2.5);
}

static void result_m0(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	pack_str(pk, "a");
	pack_str(pk, "mean");
	msgpack_pack_double(pk, 2.5);
}

static void measures_nameless(msgpack_packer *pk)
{
	pack_str(pk, "measures");
	msgpack_pack_array(pk, 1);
	msgpack_pack_map(pk, 1);
	pack_str(pk, "unit");
	pack_str(pk, "ns");
}

static void measures_bad_dir(msgpack_packer *pk)
{
	pack_str(pk, "measures");
	msgpack_pack_array(pk, 1);
	msgpack_pack_map(pk, 3);
	pack_str(pk, "name");
	pack_str(pk, "x");
	pack_str(pk, "unit");
	pack_str(pk, "ns");
	pack_str(pk, "dir");
	pack_str(pk, "sideways");
}

static void measures_not_array(msgpack_packer *pk)
{
	pack_str(pk, "measures");
	msgpack_pack_map(pk, 0);
}

/* A table of two measures of one name, in units `a` and `b`. */
static void measures_pair(msgpack_packer *pk, const char *name,
	const char *a, const char *b)
{
	int i;

	pack_str(pk, "measures");
	msgpack_pack_array(pk, 2);
	for (i = 0; i < 2; i++) {
		msgpack_pack_map(pk, 2);
		pack_str(pk, "name");
		pack_str(pk, name);
		pack_str(pk, "unit");
		pack_str(pk, i ? b : a);
	}
}

static void measures_twice(msgpack_packer *pk)
{
	measures_pair(pk, "time", "ns", "s");
}

/* Criterion's throughput in elements and in bytes: two measures. */
static void measures_two_kinds(msgpack_packer *pk)
{
	measures_pair(pk, "throughput", "elem/s", "B/s");
}

/* Times in milliseconds, as no git-bench writes them. */
static void measures_ms(msgpack_packer *pk)
{
	pack_str(pk, "measures");
	msgpack_pack_array(pk, 2);
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	pack_str(pk, "peak-memory");
	pack_str(pk, "unit");
	pack_str(pk, "B");
	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	pack_str(pk, "time");
	pack_str(pk, "unit");
	pack_str(pk, "ms");
}

static void result_ms(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 5);
	pack_str(pk, "name");
	pack_str(pk, "a");
	pack_str(pk, "m");
	msgpack_pack_uint8(pk, 1);
	pack_str(pk, "mean");
	msgpack_pack_double(pk, 2.5);
	pack_str(pk, "stddev");
	msgpack_pack_double(pk, 0.25);
	pack_str(pk, "samples");
	msgpack_pack_array(pk, 2);
	msgpack_pack_double(pk, 2.25);
	msgpack_pack_double(pk, 2.75);
}

static void result_negative_sd(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 4);
	pack_str(pk, "name");
	pack_str(pk, "a");
	pack_str(pk, "m");
	msgpack_pack_uint8(pk, 1);
	pack_str(pk, "mean");
	msgpack_pack_double(pk, 2.5);
	pack_str(pk, "stddev");
	msgpack_pack_double(pk, -1.0);
}

static void check_v2_bad(void (*measures)(msgpack_packer *),
	void (*result)(msgpack_packer *), const char *message)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	msgpack_sbuffer_init(&sb);
	pack_v2(&sb, measures, result);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_null(run);
	if (!strstr(gb_error_last()->message, message))
		fail_msg("'%s' does not say '%s'", gb_error_last()->message, message);
	msgpack_sbuffer_destroy(&sb);
}

static void test_v2_bad_measures(void **state)
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	(void)state;
	check_v2_bad(extra_v2_bad_index, result_m1,
		"result 1 measure 1 is not in 'measures'");
	check_v2_bad(measures_nameless, result_m0, "a measure has no name");
	check_v2_bad(measures_bad_dir, result_m0,
		"a measure's 'dir' is neither lower nor higher");
	check_v2_bad(measures_not_array, result_m0, "'measures' is not an array");
	check_v2_bad(measures_twice, result_m0,
		"measure 'time' in ns appears twice in 'measures'");
	msgpack_sbuffer_init(&sb);
	pack_v2(&sb, measures_two_kinds, result_m1);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_string_equal(run->results[0].measure, "throughput");
	assert_string_equal(run->results[0].unit, "B/s");
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	/* A time in another unit is read in nanoseconds, as every other. */
	msgpack_sbuffer_init(&sb);
	pack_v2(&sb, measures_ms, result_ms);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_string_equal(run->results[0].measure, "time");
	assert_string_equal(run->results[0].unit, "ns");
	assert_true(run->results[0].mean == 2.5e6);
	assert_true(run->results[0].stddev == 0.25e6);
	assert_true(isnan(run->results[0].median));
	assert_int_equal(run->results[0].nsamples, 2);
	assert_true(run->results[0].samples[0] == 2.25e6);
	assert_true(run->results[0].samples[1] == 2.75e6);
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	/* No measurement spreads below 0: such a spread is not given. */
	msgpack_sbuffer_init(&sb);
	pack_v2(&sb, measures_ms, result_negative_sd);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_true(run->results[0].mean == 2.5e6);
	assert_true(isnan(run->results[0].stddev));
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
	/* The table after the results, as any writer may put it. */
	msgpack_sbuffer_init(&sb);
	pack_v2(&sb, extra_v2_bad_index, result_m0);
	assert_int_equal(decode_sb(&sb, &run), 0);
	assert_string_equal(run->results[0].measure, "time");
	assert_string_equal(run->results[0].unit, "ns");
	gb_run_free(run);
	msgpack_sbuffer_destroy(&sb);
}

/* ---- the records of schema 2, and the columns of schema 3 -------------- */

static const char *const v2_formats[] = { "google-benchmark", "hyperfine",
	"go", "pytest-benchmark", "bmf", "criterion", "cachegrind", "iai" };

static gb_run *read_v2(const char *format)
{
	return read_schema(2, format);
}

/* Equal doubles, bit for bit; any NaN is "not given". */
static bool same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

static void assert_same_str(const char *what, const char *a, const char *b)
{
	if (!a != !b || (a && strcmp(a, b)))
		fail_msg("%s: '%s', not '%s'", what, b ? b : "(null)",
			a ? a : "(null)");
}

/* Every field of two results, figures bit for bit; samples if asked. */
static void assert_same_result(const gb_result *a, const gb_result *b,
	bool samples)
{
	const double x[] = { a->mean, a->median, a->stddev, a->min, a->max,
			     a->slope };
	const double y[] = { b->mean, b->median, b->stddev, b->min, b->max,
			     b->slope };
	size_t k;

	assert_string_equal(a->name, b->name);
	assert_string_equal(a->measure, b->measure);
	assert_string_equal(a->unit, b->unit);
	assert_int_equal(a->direction, b->direction);
	for (k = 0; k < 6; k++)
		if (!same_double(x[k], y[k]))
			fail_msg("%s [%s]: estimate %zu is %.17g, not %.17g",
				a->name, a->measure, k, y[k], x[k]);
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->iterations, b->iterations);
	if (!samples)
		return;
	assert_int_equal(a->nsamples, b->nsamples);
	for (k = 0; k < a->nsamples; k++)
		if (!same_double(a->samples[k], b->samples[k]))
			fail_msg("%s: sample %zu is %.17g, not %.17g",
				a->name, k, b->samples[k], a->samples[k]);
}

/* The head of two runs: everything but the results. */
static void assert_same_head(const gb_run *a, const gb_run *b)
{
	const double x[] = { a->usage.wall, a->usage.user, a->usage.system,
			     a->usage.maxrss };
	const double y[] = { b->usage.wall, b->usage.user, b->usage.system,
			     b->usage.maxrss };
	size_t k;

	assert_string_equal(a->id, b->id);
	assert_true(git_oid_equal(&a->commit, &b->commit));
	assert_int_equal(a->time, b->time);
	assert_same_str("label", a->label, b->label);
	assert_same_str("machine", a->machine, b->machine);
	assert_same_str("format", a->format, b->format);
	assert_same_str("env.host", a->env.host, b->env.host);
	assert_same_str("env.os", a->env.os, b->env.os);
	assert_same_str("env.arch", a->env.arch, b->env.arch);
	assert_same_str("env.cpu", a->env.cpu, b->env.cpu);
	assert_same_str("env.toolchain", a->env.toolchain, b->env.toolchain);
	assert_int_equal(a->env.cores, b->env.cores);
	for (k = 0; k < 4; k++)
		assert_true(same_double(x[k], y[k]));
}

static void assert_same_run(const gb_run *a, const gb_run *b)
{
	size_t i;

	assert_same_head(a, b);
	assert_int_equal(a->nresults, b->nresults);
	for (i = 0; i < a->nresults; i++)
		assert_same_result(&a->results[i], &b->results[i], true);
}

/*
 * The records schema 2 wrote read as they did: every result of the
 * schema-1 record of the same output, the same benchmark in the same
 * measure with the same figures (Criterion.rs's throughput is new), and
 * what only schema 2 kept (a label, the usage of a command, whole
 * numbers).
 */
static void test_v2_records(void **state)
{
	static const char *const both[] = { "google-benchmark", "hyperfine",
		"go", "pytest-benchmark", "bmf", "criterion" };
	const gb_result *r;
	gb_run *run, *v1;
	size_t f, i;

	(void)state;
	for (f = 0; f < sizeof(both) / sizeof(both[0]); f++) {
		run = read_v2(both[f]);
		v1 = read_v1(both[f]);
		assert_int_equal(run->nresults, v1->nresults +
			(strcmp(both[f], "criterion") ? 0 : 2));
		for (i = 0; i < v1->nresults; i++)
			assert_same_result(&v1->results[i], in(run,
				v1->results[i].name, v1->results[i].measure),
				false);
		gb_run_free(v1);
		gb_run_free(run);
	}
	run = read_v2("google-benchmark");
	r = in(run, "BM_VectorSort/512", "bytes_per_second");
	assert_int_equal(r->direction, GB_HIGHER_IS_BETTER);
	gb_run_free(run);
	run = read_v2("criterion");
	r = in(run, "sort/1000", "time");
	assert_true(r->nsamples > 0 && r->iterations > 0);
	for (f = 0, i = 0; i < run->nresults; i++)
		f += !isnan(run->results[i].slope);
	assert_true(f > 0);
	gb_run_free(run);
	run = read_v2("cachegrind");
	assert_string_equal(run->label, "v0.2.0");
	for (i = 0; i < run->nresults; i++)
		assert_true(run->results[i].mean == floor(run->results[i].mean));
	gb_run_free(run);
	run = read_v2("iai");
	assert_true(run->usage.wall > 0 && run->usage.maxrss > 0);
	in(run, "bench_fibonacci_short", "instructions");
	gb_run_free(run);
}

/* The msgpack object of `key` in map o, or NULL. */
static const msgpack_object *obj_key(const msgpack_object *o, const char *key)
{
	uint32_t i;

	assert_int_equal(o->type, MSGPACK_OBJECT_MAP);
	for (i = 0; i < o->via.map.size; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;

		if (k->type == MSGPACK_OBJECT_STR &&
		    k->via.str.size == strlen(key) &&
		    memcmp(k->via.str.ptr, key, k->via.str.size) == 0)
			return &o->via.map.ptr[i].val;
	}
	return NULL;
}

/*
 * The columns of an encoded record, comma-separated in their order, each
 * checked to be an array of one entry a result.
 */
static void record_columns(char *out, size_t size, const gb_buf *buf)
{
	msgpack_unpacked u;
	const msgpack_object *results, *schema;
	uint32_t i, n;

	msgpack_unpacked_init(&u);
	assert_int_equal(msgpack_unpack_next(&u, buf->ptr, buf->size, NULL),
		MSGPACK_UNPACK_SUCCESS);
	schema = obj_key(&u.data, "schema");
	assert_non_null(schema);
	assert_int_equal(schema->via.u64, 3);
	results = obj_key(&u.data, "results");
	assert_non_null(results);
	assert_int_equal(results->type, MSGPACK_OBJECT_MAP);
	n = obj_key(results, "name")->via.array.size;
	*out = '\0';
	for (i = 0; i < results->via.map.size; i++) {
		const msgpack_object_kv *kv = &results->via.map.ptr[i];

		assert_int_equal(kv->val.type, MSGPACK_OBJECT_ARRAY);
		assert_int_equal(kv->val.via.array.size, n);
		snprintf(out + strlen(out), size - strlen(out), "%s%.*s",
			i ? "," : "", (int)kv->key.via.str.size,
			kv->key.via.str.ptr);
	}
	msgpack_unpacked_destroy(&u);
}

/*
 * Every field through schema 3's columns: figures absent and given,
 * whole numbers, float32 and float64 values, samples, several measures
 * of one benchmark, the head; a column no result has a value in is left
 * out, and the changing ones come after the names.
 */
static void test_v3_round_trip(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run(), *back = NULL;
	gb_result *r;
	double *s = malloc(3 * sizeof(double));
	char cols[256];

	(void)state;
	assert_int_equal(gb_run_set_string(&run->env.os, "Linux"), 0);
	assert_int_equal(gb_run_set_string(&run->env.arch, "x86_64"), 0);
	assert_int_equal(gb_run_set_string(&run->env.toolchain, "cc 12"), 0);
	run->usage.wall = 2.5e9;
	run->usage.maxrss = 1 << 20;
	assert_int_equal(gb_run_add_measure(&r, run, "bench/0", "instructions",
				 "instructions", GB_LOWER_IS_BETTER), 0);
	r->mean = 123456789;
	r->min = 0;
	r->max = 4294967296.0;
	r->median = -7;
	r->count = 5;
	r->iterations = (uint64_t)1 << 40;
	assert_int_equal(gb_run_add_measure(&r, run, "bench/0", "cpu_time", "ns",
				 GB_LOWER_IS_BETTER), 0);
	r->mean = 0.5;
	r->median = 1037.25;
	r->stddev = 0;
	assert_int_equal(gb_run_add_result(&r, run, "f64", "ns",
				 GB_LOWER_IS_BETTER), 0);
	r->mean = 1037.2500001;
	r->max = GB_VALUE_MAX;
	r->min = -GB_VALUE_MAX;
	r->slope = 1e-310;
	s[0] = 0.25;
	s[1] = 1037.25;
	s[2] = 3.4028234663852886e38;
	gb_result_set_samples(r, s, 3);
	assert_int_equal(gb_run_add_result(&r, run, "nothing given", "ns",
				 GB_LOWER_IS_BETTER), 0);
	encode(&buf, run);
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	assert_int_equal(back->schema, 3);
	assert_same_run(run, back);
	assert_true(isnan(back->results[6].mean) && back->results[6].count == 0 &&
		    back->results[6].nsamples == 0);
	assert_true(isnan(back->results[0].median));
	record_columns(cols, sizeof(cols), &buf);
	assert_string_equal(cols, "name,m,n,mean,median,stddev,min,max,slope,"
		"iters,samples");
	gb_run_free(back);
	gb_run_free(run);
	/* A run of means, spreads and counts in one measure has no more. */
	run = th_run_make(&run_commit_zero, 3, 1000);
	gb_buf_clear(&buf);
	encode(&buf, run);
	record_columns(cols, sizeof(cols), &buf);
	assert_string_equal(cols, "name,n,mean,stddev");
	assert_int_equal(gb_codec_decode(&back, NULL, buf.ptr, buf.size, NULL), 0);
	assert_same_run(run, back);
	gb_run_free(back);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* Rewritten by this writer, a schema-2 record holds the very same run. */
static void test_v2_rewritten(void **state)
{
	size_t f;

	(void)state;
	for (f = 0; f < sizeof(v2_formats) / sizeof(v2_formats[0]); f++) {
		gb_run *v2 = read_v2(v2_formats[f]), *v3 = NULL;
		gb_buf buf = GB_BUF_INIT;
		char cols[256];

		encode(&buf, v2);
		record_columns(cols, sizeof(cols), &buf);
		assert_int_equal(gb_codec_decode(&v3, NULL, buf.ptr, buf.size,
					 NULL), 0);
		assert_int_equal(v3->schema, 3);
		assert_same_run(v2, v3);
		gb_run_free(v2);
		gb_run_free(v3);
		gb_buf_dispose(&buf);
	}
}

/*
 * What makes schema 3 smaller in git: a run whose values changed and
 * nothing else differs from the last run's record in one stretch of
 * bytes, the column of those values, not around every result.
 */
static void test_v3_values_together(void **state)
{
	gb_buf a = GB_BUF_INIT, b = GB_BUF_INIT;
	gb_run *run = th_run_make(&run_commit_zero, 50, 1000);
	size_t i, first, last;

	(void)state;
	encode(&a, run);
	for (i = 0; i < run->nresults; i++)
		run->results[i].mean += 7;
	encode(&b, run);
	assert_int_equal(a.size, b.size);
	for (first = 0; a.ptr[first] == b.ptr[first]; first++)
		;
	for (last = a.size - 1; a.ptr[last] == b.ptr[last]; last--)
		;
	/* Fifty means of 3 bytes: in schema 2 the changes spread over every
	 * result's map, about 1,800 bytes. */
	if (last - first >= 150)
		fail_msg("the changed values span %zu bytes", last - first + 1);
	gb_run_free(run);
	gb_buf_dispose(&a);
	gb_buf_dispose(&b);
}

/*
 * A schema-3 record (or another, `schema`) with the measures time (ns),
 * throughput (B/s, higher is better) and wall (ms); `columns` packs the
 * value of "results".
 */
static void pack_v3(msgpack_sbuffer *sb, unsigned schema,
	void (*columns)(msgpack_packer *))
{
	static const char *const measures[][2] = { { "time", "ns" },
		{ "throughput", "B/s" }, { "wall", "ms" } };
	msgpack_packer pk;
	unsigned char raw[20] = { 1, 2, 3 };
	int i;

	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	msgpack_pack_map(&pk, 7);
	pack_str(&pk, "schema");
	msgpack_pack_uint8(&pk, (uint8_t)schema);
	pack_str(&pk, "id");
	pack_str(&pk, "20261123T000000.000000Z-00000001");
	pack_str(&pk, "commit");
	msgpack_pack_bin_with_body(&pk, raw, 20);
	pack_str(&pk, "time");
	msgpack_pack_int64(&pk, 1763900000);
	pack_str(&pk, "machine");
	pack_str(&pk, "m");
	pack_str(&pk, "results");
	columns(&pk);
	pack_str(&pk, "measures");
	msgpack_pack_array(&pk, 3);
	for (i = 0; i < 3; i++) {
		msgpack_pack_map(&pk, 2 + (i == 1));
		pack_str(&pk, "name");
		pack_str(&pk, measures[i][0]);
		pack_str(&pk, "unit");
		pack_str(&pk, measures[i][1]);
		if (i == 1) {
			pack_str(&pk, "dir");
			pack_str(&pk, "higher");
		}
	}
}

/* "name": n names, "a", "b", "c", ... */
static void col_names(msgpack_packer *pk, uint32_t n)
{
	uint32_t i;

	pack_str(pk, "name");
	msgpack_pack_array(pk, n);
	for (i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%c%u", 'a' + (char)(i % 26),
			(unsigned)(i / 26));
		pack_str(pk, i < 26 ? (name[1] = '\0', name) : name);
	}
}

/* `key`: n numbers, 1.5, 2.5, ... */
static void col_numbers(msgpack_packer *pk, const char *key, uint32_t n)
{
	uint32_t i;

	pack_str(pk, key);
	msgpack_pack_array(pk, n);
	for (i = 0; i < n; i++)
		msgpack_pack_double(pk, 1.5 + i);
}

static void cols_short(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	col_names(pk, 3);
	col_numbers(pk, "mean", 2);
}

static void cols_not_array(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	col_names(pk, 3);
	pack_str(pk, "stddev");
	msgpack_pack_double(pk, 1.0);
}

static void cols_names_not_array(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 1);
	pack_str(pk, "name");
	pack_str(pk, "a");
}

static void cols_no_names(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 1);
	col_numbers(pk, "mean", 1);
}

static void cols_name(msgpack_packer *pk, int kind)
{
	msgpack_pack_map(pk, 1);
	pack_str(pk, "name");
	msgpack_pack_array(pk, 2);
	pack_str(pk, "a");
	if (kind == 0)
		msgpack_pack_nil(pk);
	else if (kind == 1)
		msgpack_pack_uint8(pk, 7);
	else
		msgpack_pack_str_with_body(pk, "a\0b", 3);
}

static void cols_nil_name(msgpack_packer *pk) { cols_name(pk, 0); }
static void cols_int_name(msgpack_packer *pk) { cols_name(pk, 1); }
static void cols_nul_name(msgpack_packer *pk) { cols_name(pk, 2); }

/* Names a, b, c; the column `key` 1, 2 and, third, what `kind` says. */
static void cols_third(msgpack_packer *pk, const char *key, int kind)
{
	msgpack_pack_map(pk, 2);
	col_names(pk, 3);
	pack_str(pk, key);
	msgpack_pack_array(pk, 3);
	msgpack_pack_uint8(pk, 1);
	msgpack_pack_uint8(pk, 0);
	if (kind == 0)
		pack_str(pk, "fast");
	else if (kind == 1)
		msgpack_pack_int8(pk, -1);
	else if (kind == 2)
		msgpack_pack_double(pk, 1.0);
	else
		msgpack_pack_uint8(pk, 5);
}

static void cols_bad_mean(msgpack_packer *pk) { cols_third(pk, "mean", 0); }
static void cols_bad_n(msgpack_packer *pk) { cols_third(pk, "n", 1); }
static void cols_bad_iters(msgpack_packer *pk) { cols_third(pk, "iters", 2); }
static void cols_bad_m(msgpack_packer *pk) { cols_third(pk, "m", 0); }
static void cols_m_out(msgpack_packer *pk) { cols_third(pk, "m", 3); }
static void cols_bad_samples(msgpack_packer *pk)
{
	cols_third(pk, "samples", 2);
}

static void cols_as_array(msgpack_packer *pk)
{
	msgpack_pack_array(pk, 0);
}

static void cols_names_twice(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	col_names(pk, 1);
	col_names(pk, 1);
}

static void cols_too_many(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 1);
	col_names(pk, GB_RECORD_MAX_RESULTS + 1);
}

/*
 * The record `columns` makes refused, saying `message`; by a reader of
 * the heads alone too when `heads`: damage of the columns themselves, not
 * of one result's values, which only a reader of that result meets.
 */
static void check_v3_bad(unsigned schema, void (*columns)(msgpack_packer *),
	bool heads, const char *message)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	msgpack_sbuffer_init(&sb);
	pack_v3(&sb, schema, columns);
	assert_int_equal(decode_sb(&sb, &run), GB_EINVALID);
	assert_null(run);
	if (!strstr(gb_error_last()->message, message))
		fail_msg("'%s' does not say '%s'", gb_error_last()->message,
			message);
	opts.want = gb_codec_want_none;
	if (heads) {
		assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size,
					 &opts), GB_EINVALID);
		assert_null(run);
		if (!strstr(gb_error_last()->message, message))
			fail_msg("heads: '%s' does not say '%s'",
				gb_error_last()->message, message);
	} else {
		assert_int_equal(gb_codec_decode(&run, NULL, sb.data, sb.size,
					 &opts), 0);
		gb_run_free(run);
	}
	msgpack_sbuffer_destroy(&sb);
}

/* Each damage of the columns refused, saying what is wrong. */
static void test_v3_bad_columns(void **state)
{
	(void)state;
	check_v3_bad(3, cols_short, true, "malformed record: results column "
		"'mean' has 2 entries for 3 results");
	check_v3_bad(3, cols_not_array, true,
		"malformed record: results column 'stddev' is not an array");
	check_v3_bad(3, cols_names_not_array, true,
		"malformed record: results column 'name' is not an array");
	check_v3_bad(3, cols_no_names, true,
		"malformed record: 'results' has no 'name' column");
	check_v3_bad(3, cols_nil_name, true,
		"malformed record: result 2 'name' is nil");
	check_v3_bad(3, cols_int_name, true,
		"malformed record: result 2 'name' is not a string");
	check_v3_bad(3, cols_nul_name, true,
		"malformed record: result 2 'name' contains a NUL byte");
	check_v3_bad(3, cols_bad_mean, false,
		"malformed record: result 3 'mean' is not a number");
	check_v3_bad(3, cols_bad_n, false,
		"malformed record: result 3 'n' is not a count");
	check_v3_bad(3, cols_bad_iters, false,
		"malformed record: result 3 'iters' is not a count");
	check_v3_bad(3, cols_bad_m, false,
		"malformed record: result 3 'm' is not a count");
	check_v3_bad(3, cols_m_out, false,
		"malformed record: result 3 measure 5 is not in 'measures'");
	check_v3_bad(3, cols_bad_samples, false,
		"malformed record: result 1 'samples' is not an array");
	check_v3_bad(3, cols_as_array, true,
		"malformed record: 'results' is not a map");
	check_v3_bad(2, cols_short, true,
		"malformed record: 'results' is not an array");
	check_v3_bad(1, cols_short, true,
		"malformed record: 'results' is not an array");
	check_v3_bad(3, cols_names_twice, true,
		"malformed record: key 'name' appears twice");
	check_v3_bad(3, cols_too_many, true,
		"over the limits: 65537 results, more than 65536");
	/* A record newer than this reader knows is refused as such. */
	check_v3_bad(GB_RUN_SCHEMA + 1, cols_short, true,
		"record schema 4 is newer than this git-bench reads (3)");
}

/* Columns newer writers may add; nil for a value not given. */
static void cols_unknown(msgpack_packer *pk)
{
	int i;

	msgpack_pack_map(pk, 4);
	pack_str(pk, "future");
	msgpack_pack_array(pk, 5);
	for (i = 0; i < 5; i++)
		msgpack_pack_nil(pk);
	col_names(pk, 2);
	pack_str(pk, "hint");
	pack_str(pk, "x");
	col_numbers(pk, "mean", 2);
}

static void cols_nils(msgpack_packer *pk)
{
	const char *keys[] = { "m", "n", "iters", "mean", "median", "samples" };
	size_t k;

	msgpack_pack_map(pk, 7);
	col_names(pk, 2);
	for (k = 0; k < 6; k++) {
		pack_str(pk, keys[k]);
		msgpack_pack_array(pk, 2);
		msgpack_pack_nil(pk);
		if (k == 0)
			msgpack_pack_uint8(pk, 1);
		else if (k == 1)
			msgpack_pack_uint8(pk, 4);
		else if (k == 2)
			msgpack_pack_uint8(pk, 0);
		else if (k == 5)
			msgpack_pack_array(pk, 0);
		else
			msgpack_pack_double(pk, 2.5);
	}
}

/* In ms (measure 2), with a spread below 0, and samples. */
static void cols_ms(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 5);
	col_names(pk, 1);
	pack_str(pk, "m");
	msgpack_pack_array(pk, 1);
	msgpack_pack_uint8(pk, 2);
	pack_str(pk, "mean");
	msgpack_pack_array(pk, 1);
	msgpack_pack_float(pk, 2.5f);
	pack_str(pk, "stddev");
	msgpack_pack_array(pk, 1);
	msgpack_pack_int8(pk, -1);
	pack_str(pk, "samples");
	msgpack_pack_array(pk, 1);
	msgpack_pack_array(pk, 2);
	msgpack_pack_float(pk, 2.25f);
	msgpack_pack_double(pk, 2.75);
}

static void cols_empty(msgpack_packer *pk)
{
	msgpack_pack_map(pk, 2);
	col_names(pk, 0);
	col_numbers(pk, "mean", 0);
}

static gb_run *decode_v3(void (*columns)(msgpack_packer *))
{
	msgpack_sbuffer sb;
	gb_run *run = NULL;

	msgpack_sbuffer_init(&sb);
	pack_v3(&sb, 3, columns);
	if (decode_sb(&sb, &run) < 0)
		fail_msg("%s", gb_error_last()->message);
	msgpack_sbuffer_destroy(&sb);
	return run;
}

/* What schema 3 allows: columns it does not know, nil, any order. */
static void test_v3_columns_read(void **state)
{
	gb_run *run;

	(void)state;
	run = decode_v3(cols_unknown);
	assert_int_equal(run->nresults, 2);
	assert_string_equal(run->results[1].name, "b");
	assert_true(run->results[1].mean == 2.5);
	gb_run_free(run);
	run = decode_v3(cols_nils);
	assert_int_equal(run->nresults, 2);
	assert_string_equal(run->results[0].measure, "time");
	assert_true(isnan(run->results[0].mean) && isnan(run->results[0].median));
	assert_int_equal(run->results[0].count, 0);
	assert_int_equal(run->results[0].nsamples, 0);
	assert_string_equal(run->results[1].measure, "throughput");
	assert_string_equal(run->results[1].unit, "B/s");
	assert_int_equal(run->results[1].direction, GB_HIGHER_IS_BETTER);
	assert_int_equal(run->results[1].count, 4);
	assert_int_equal(run->results[1].iterations, 0);
	assert_true(run->results[1].mean == 2.5 && run->results[1].median == 2.5);
	assert_int_equal(run->results[1].nsamples, 0);
	gb_run_free(run);
	/* Times in nanoseconds whatever their unit; no spread below 0. */
	run = decode_v3(cols_ms);
	assert_string_equal(run->results[0].measure, "wall");
	assert_string_equal(run->results[0].unit, "ns");
	assert_true(run->results[0].mean == 2.5e6);
	assert_true(isnan(run->results[0].stddev));
	assert_int_equal(run->results[0].nsamples, 2);
	assert_true(run->results[0].samples[0] == 2.25e6);
	assert_true(run->results[0].samples[1] == 2.75e6);
	gb_run_free(run);
	run = decode_v3(cols_empty);
	assert_int_equal(run->nresults, 0);
	gb_run_free(run);
}

/*
 * A reader of some benchmarks gets exactly what decoding a record whole
 * gives of them, from every schema: each name of each record asked for
 * alone, with and without samples, and none (the heads).
 */
static void check_want_each(const void *data, size_t len)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_run *all = NULL, *some = NULL;
	size_t i, k, n;

	assert_int_equal(gb_codec_decode(&all, NULL, data, len, NULL), 0);
	opts.want = gb_codec_want_none;
	assert_int_equal(gb_codec_decode(&some, &n, data, len, &opts), 0);
	assert_int_equal(n, len);
	assert_same_head(all, some);
	assert_int_equal(some->nresults, 0);
	gb_run_free(some);
	opts.want = want_exact;
	for (i = 0; i < all->nresults; i++) {
		gb_buf kept = GB_BUF_INIT;

		opts.payload = all->results[i].name;
		opts.skip_samples = i % 2;
		/* Without decoding the record whole. */
		assert_int_equal(gb_codec_filter_results(&kept, &n, data, len,
					 &opts), 0);
		assert_int_equal(n, len);
		for (k = n = 0; k < all->nresults; k++)
			n += !strcmp(all->results[k].name, opts.payload);
		assert_true(n == all->nresults || kept.size < len);
		gb_buf_dispose(&kept);
		assert_int_equal(gb_codec_decode(&some, &n, data, len, &opts), 0);
		assert_int_equal(n, len);
		assert_same_head(all, some);
		n = 0;
		for (k = 0; k < all->nresults; k++) {
			if (strcmp(all->results[k].name, opts.payload))
				continue;
			assert_true(n < some->nresults);
			assert_same_result(&all->results[k], &some->results[n++],
				!opts.skip_samples);
			if (opts.skip_samples)
				assert_int_equal(some->results[n - 1].nsamples, 0);
		}
		assert_int_equal(n, some->nresults);
		gb_run_free(some);
	}
	gb_run_free(all);
}

static void test_want_each_schema(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run;
	size_t f, len, i;
	char rel[64], *data;

	(void)state;
	for (f = 0; f < sizeof(v2_formats) / sizeof(v2_formats[0]); f++) {
		snprintf(rel, sizeof(rel), "records-v2/%s.msgpack", v2_formats[f]);
		data = th_slurp(th_fixture(rel), &len);
		check_want_each(data, len);
		run = read_v2(v2_formats[f]);
		gb_buf_clear(&buf);
		encode(&buf, run);
		check_want_each(buf.ptr, buf.size);
		gb_run_free(run);
		free(data);
		if (f >= 6)
			continue;
		snprintf(rel, sizeof(rel), "records-v1/%s.msgpack", v2_formats[f]);
		data = th_slurp(th_fixture(rel), &len);
		check_want_each(data, len);
		free(data);
	}
	run = th_run_make(&run_commit_zero, 40, 7);
	for (i = 0; i < run->nresults; i += 3)
		gb_result_set_samples(&run->results[i], calloc(200,
			sizeof(double)), 200);
	/* Of the 40 benchmarks, not of the results added here. */
	for (i = 0; i < 40; i += 4) {
		gb_result *r;

		assert_int_equal(gb_run_add_measure(&r, run, run->results[i].name,
			"instructions", "instructions", GB_LOWER_IS_BETTER), 0);
		r->mean = (double)(i * 1000);
	}
	gb_buf_clear(&buf);
	encode(&buf, run);
	check_want_each(buf.ptr, buf.size);
	gb_run_free(run);
	gb_buf_dispose(&buf);
}

/* Three results of one column; the third, "bench", damaged as `kind` says. */
static void cols_third_bad(msgpack_packer *pk, int kind)
{
	int i;

	msgpack_pack_map(pk, 2);
	pack_str(pk, "name");
	msgpack_pack_array(pk, 3);
	pack_str(pk, "more");
	pack_str(pk, "other");
	if (kind == 1)
		msgpack_pack_nil(pk);
	else
		pack_str(pk, "bench");
	if (kind == 2) {
		pack_str(pk, "samples");
		msgpack_pack_array(pk, 3);
		msgpack_pack_nil(pk);
		msgpack_pack_nil(pk);
		for (i = 0; i < 30; i++)
			msgpack_pack_array(pk, 1);
		msgpack_pack_nil(pk);
		return;
	}
	pack_str(pk, "mean");
	msgpack_pack_array(pk, kind == 3 ? 2 : 3);
	msgpack_pack_double(pk, 1.0);
	msgpack_pack_double(pk, 1.0);
	if (kind != 3)
		pack_str(pk, "fast");
}

static void cols_mean_bad(msgpack_packer *pk) { cols_third_bad(pk, 0); }
static void cols_name_nil(msgpack_packer *pk) { cols_third_bad(pk, 1); }
static void cols_deep(msgpack_packer *pk) { cols_third_bad(pk, 2); }
static void cols_mean_short(msgpack_packer *pk) { cols_third_bad(pk, 3); }

static int decode_v3_want(gb_run **run, void (*columns)(msgpack_packer *),
	const char *want)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	msgpack_sbuffer sb;
	int error;

	msgpack_sbuffer_init(&sb);
	pack_v3(&sb, 3, columns);
	opts.want = want_exact;
	opts.payload = (void *)want;
	error = gb_codec_decode(run, NULL, sb.data, sb.size, &opts);
	msgpack_sbuffer_destroy(&sb);
	return error;
}

/*
 * Damage in a wanted result of the columns is named by its place among
 * all of them; damage in the others does not stop a reader of one, but
 * damage of the columns themselves (a name unreadable, a column of
 * another length) does.
 */
static void test_v3_want_damage(void **state)
{
	gb_run *run = NULL;

	(void)state;
	assert_int_equal(decode_v3_want(&run, cols_mean_bad, "bench"),
		GB_EINVALID);
	assert_null(run);
	assert_non_null(strstr(gb_error_last()->message,
		"result 3 'mean' is not a number"));
	assert_int_equal(decode_v3_want(&run, cols_mean_bad, "other"), 0);
	assert_int_equal(run->nresults, 1);
	assert_true(run->results[0].mean == 1.0);
	gb_run_free(run);
	run = NULL;
	assert_int_equal(decode_v3_want(&run, cols_name_nil, "other"),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"result 3 'name' is nil"));
	assert_int_equal(decode_v3_want(&run, cols_mean_short, "other"),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message,
		"results column 'mean' has 2 entries for 3 results"));
	assert_int_equal(decode_v3_want(&run, cols_deep, "bench"), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "nested deeper"));
	assert_null(run);
}

/*
 * Corrupt records of schema 2 and 3 read with a name filter: a run or a
 * clean error, and whenever the whole record decodes, the very results
 * of that name it holds.
 */
static void corrupt_want(const char *data, size_t size, const char *want,
	unsigned seed)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	char *copy = malloc(size);
	int i, bad = 0, whole = 0;

	opts.want = want_exact;
	opts.payload = (void *)want;
	for (i = 0; i < 5000; i++) {
		gb_run *all = NULL, *some = NULL;
		size_t used = 0, k, n = 0;
		int error, k2;

		memcpy(copy, data, size);
		for (k2 = 0; k2 < 1 + i % 4; k2++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % size] = (char)(seed >> 20);
		}
		error = gb_codec_decode(&some, &used, copy, size, &opts);
		if (error < 0) {
			assert_int_equal(error, GB_EINVALID);
			assert_null(some);
			assert_true(strlen(gb_error_last()->message) > 0);
			bad++;
		}
		if (gb_codec_decode(&all, &used, copy, size, NULL) == 0) {
			whole++;
			if (!some)
				fail_msg("round %d: whole, not for '%s': %s",
					i, want, gb_error_last()->message);
			for (k = 0; k < all->nresults; k++)
				if (!strcmp(all->results[k].name, want)) {
					assert_true(n < some->nresults);
					assert_same_result(&all->results[k],
						&some->results[n++], true);
				}
			assert_int_equal(n, some->nresults);
		}
		gb_run_free(all);
		gb_run_free(some);
	}
	assert_true(bad > 0 && whole > 0);
	free(copy);
}

static void test_want_random_corruption_v3(void **state)
{
	gb_buf buf = GB_BUF_INIT;
	gb_run *run = sample_run();
	size_t len;
	char *data = th_slurp(th_fixture("records-v2/criterion.msgpack"), &len);

	(void)state;
	corrupt_want(data, len, "sort/1000", 99);
	encode(&buf, run);
	corrupt_want(buf.ptr, buf.size, "thrpt", 777);
	gb_buf_clear(&buf);
	gb_run_free(run);
	run = read_v2("criterion");
	encode(&buf, run);
	corrupt_want(buf.ptr, buf.size, "sort/1000", 4242);
	gb_run_free(run);
	gb_buf_dispose(&buf);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_rate_read_per_second),
		cmocka_unit_test(test_decode_options),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_every_truncation),
		cmocka_unit_test(test_random_corruption),
		cmocka_unit_test(test_unknown_keys_skipped),
		cmocka_unit_test(test_missing_fields),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_empty_strings),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_too_many_elements),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_limits_heads),
		cmocka_unit_test(test_too_many_in_all),
		cmocka_unit_test(test_huge_claims),
		cmocka_unit_test(test_four_billion_samples),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_not_a_map),
		cmocka_unit_test(test_want_matches_whole),
		cmocka_unit_test(test_want_damage_named),
		cmocka_unit_test(test_want_random_corruption),
		cmocka_unit_test(test_want_deep_nesting),
		cmocka_unit_test(test_encode_refuses_bad_id),
		cmocka_unit_test(test_size_per_result),
		cmocka_unit_test(test_numbers_exact),
		cmocka_unit_test(test_measures_round_trip),
		cmocka_unit_test(test_measures_compact),
		cmocka_unit_test(test_measure_two_directions),
		cmocka_unit_test(test_v1_records),
		cmocka_unit_test(test_v1_rewritten),
		cmocka_unit_test(test_v1_want),
		cmocka_unit_test(test_v2_bad_measures),
		cmocka_unit_test(test_v2_records),
		cmocka_unit_test(test_v2_rewritten),
		cmocka_unit_test(test_v3_round_trip),
		cmocka_unit_test(test_v3_values_together),
		cmocka_unit_test(test_v3_bad_columns),
		cmocka_unit_test(test_v3_columns_read),
		cmocka_unit_test(test_want_each_schema),
		cmocka_unit_test(test_v3_want_damage),
		cmocka_unit_test(test_want_random_corruption_v3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
