/* Values with units, as people read them, and durations they write. */
#include <math.h>

#include "helpers.h"

static void assert_format(double v, const char *unit, const char *want)
{
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(gb_units_format(&out, v, unit), 0);
	assert_string_equal(out.ptr, want);
	gb_buf_dispose(&out);
}

static void test_times_scale(void **state)
{
	(void)state;
	assert_format(45230, "ns", "45.23 \xc2\xb5s");
	assert_format(999, "ns", "999.00 ns");
	assert_format(1.5e6, "ns", "1.50 ms");
	assert_format(2.5e9, "ns", "2.50 s");
	/* Beyond seconds there is no larger unit. */
	assert_format(7200e9, "ns", "7200.00 s");
	assert_format(3, "ms", "3.00 ms");
	assert_format(0, "ns", "0 ns");
}

static void test_other_units(void **state)
{
	(void)state;
	assert_format(1.2e9, "B/s", "1.20 GB/s");
	assert_format(512, "B", "512 B");
	assert_format(2048, "allocs", "2.05 kallocs");
	/* A user counter without a unit, and a unit that is not a word. */
	assert_format(42, "", "42");
	assert_format(12000, "%", "12000 %");
	assert_format(0.05, "ops", "0.050 ops");
	/* A slow rate keeps its digits: a prefix, not 0.0000. */
	assert_format(0.0000121, "ops/s", "12.10 \xc2\xb5ops/s");
	assert_format(0.0042, "Hz", "4.20 mHz");
	assert_format(0.000012, "ops/s", "12.00 \xc2\xb5ops/s");
	assert_format(NAN, "ns", "-");
	/* A remote's absurd figure is written with an exponent, bounded. */
	assert_format(1e308, "ns", "1.00e+299 s");
	assert_format(-1e30, "B", "-1.00e+18 TB");
	assert_format(-INFINITY, "ns", "-inf s");
}

/* A change that rounds to nothing has no sign of its own. */
static void test_percent(void **state)
{
	char text[32];

	(void)state;
	snprintf(text, sizeof(text), "%+.2f%%", gb_units_percent(-0.004, 2));
	assert_string_equal(text, "+0.00%");
	snprintf(text, sizeof(text), "%+.2f%%", gb_units_percent(-0.006, 2));
	assert_string_equal(text, "-0.01%");
	assert_true(isnan(gb_units_percent(NAN, 2)));
	/* Past a billion percent: infinite, a few characters, not 300. */
	snprintf(text, sizeof(text), "%+.2f%%", gb_units_percent(2e302, 2));
	assert_string_equal(text, "+inf%");
	snprintf(text, sizeof(text), "%+.2f%%", gb_units_percent(-99.99, 2));
	assert_string_equal(text, "-99.99%");
}

/* A spread reads in the scale of its estimate. */
static void test_format_as(void **state)
{
	gb_buf out = GB_BUF_INIT;

	(void)state;
	assert_int_equal(gb_units_format_as(&out, 210, "ns", 14740), 0);
	assert_string_equal(out.ptr, "0.21 \xc2\xb5s");
	gb_buf_dispose(&out);
}

static void test_to_ns(void **state)
{
	(void)state;
	assert_true(gb_units_to_ns(2, "us") == 2000);
	assert_true(gb_units_to_ns(2, "\xce\xbcs") == 2000);
	assert_true(gb_units_to_ns(1, "s") == 1e9);
	assert_true(isnan(gb_units_to_ns(1, "B")));
	assert_true(isnan(gb_units_to_ns(1, NULL)));
	assert_true(gb_units_is_time("ms"));
	assert_false(gb_units_is_time("ops/s"));
}

/* Higher is better for every way a rate is written, in any case. */
static void test_is_rate(void **state)
{
	static const char *const rates[] = {
		"ops/s", "ops/ms", "ops/us", "ops/min", "MB/s", "GiB/s", "B/s",
		"elem/s", "req/sec", "msgs/hour", "FPS", "fps", "Hz", "GHz",
		"GFLOPS", "iops", "Mbps", "throughput", "per second",
		"rows per second", "ops_per_second", "ops", "QPS",
	};
	static const char *const not_rates[] = {
		"ns", "ms", "s", "ns/op", "us/op", "ms/iter", "B/op", "B",
		"instructions", "allocs", "score", "%", "", "/s",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		if (!gb_units_is_rate(rates[i]))
			fail_msg("'%s' is a rate", rates[i]);
	for (i = 0; i < sizeof(not_rates) / sizeof(not_rates[0]); i++)
		if (gb_units_is_rate(not_rates[i]))
			fail_msg("'%s' is no rate", not_rates[i]);
	assert_false(gb_units_is_rate(NULL));
}

static void test_parse_duration(void **state)
{
	double ns = 0;

	(void)state;
	assert_int_equal(gb_units_parse_duration(&ns, "100ms"), 0);
	assert_true(ns == 1e8);
	assert_int_equal(gb_units_parse_duration(&ns, "2.5 s"), 0);
	assert_true(ns == 2.5e9);
	assert_int_equal(gb_units_parse_duration(&ns, "750us"), 0);
	assert_true(ns == 750000);
	assert_int_equal(gb_units_parse_duration(&ns, "40"), GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"'40' has no unit (ns, us, ms or s)");
	assert_int_equal(gb_units_parse_duration(&ns, "3 hours"), GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"'3 hours': unknown unit 'hours' (ns, us, ms or s)");
	assert_int_equal(gb_units_parse_duration(&ns, "-1ms"), GB_EINVALID);
	assert_int_equal(gb_units_parse_duration(&ns, "inf s"), GB_EINVALID);
	assert_int_equal(gb_units_parse_duration(&ns, ""), GB_EINVALID);
	assert_int_equal(gb_units_parse_duration(&ns, NULL), GB_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_times_scale),
		cmocka_unit_test(test_other_units),
		cmocka_unit_test(test_format_as),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_to_ns),
		cmocka_unit_test(test_parse_duration),
		cmocka_unit_test(test_is_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
