/* Dates: what people type for one, and dates written for people and programs. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void test_parse(void **state)
{
	const int64_t now = 1767225600; /* 2026-01-01 00:00:00 UTC */
	int64_t t = 0;

	(void)state;
	assert_int_equal(gb_date_parse(&t, "2026-01-01", now), 0);
	assert_true(t == now);
	assert_int_equal(gb_date_parse(&t, "2025-12-31 12:30", now), 0);
	assert_true(t == now - 11 * 3600 - 1800);
	assert_int_equal(gb_date_parse(&t, "2025-12-31T23:59:59Z", now), 0);
	assert_true(t == now - 1);
	assert_int_equal(gb_date_parse(&t, "30 days ago", now), 0);
	assert_true(t == now - 30 * 86400);
	assert_int_equal(gb_date_parse(&t, "2.weeks", now), 0);
	assert_true(t == now - 14 * 86400);
	assert_int_equal(gb_date_parse(&t, "2.weeks.ago", now), 0);
	assert_true(t == now - 14 * 86400);
	assert_int_equal(gb_date_parse(&t, "1 year ago", now), 0);
	assert_true(t == now - 365 * 86400);
	assert_int_equal(gb_date_parse(&t, "3 months", now), 0);
	assert_true(t == now - 90 * 86400);
	assert_int_equal(gb_date_parse(&t, "12 hours ago", now), 0);
	assert_true(t == now - 12 * 3600);
	assert_int_equal(gb_date_parse(&t, "yesterday", now), 0);
	assert_true(t == now - 86400);
	assert_int_equal(gb_date_parse(&t, "now", now), 0);
	assert_true(t == now);
	assert_int_equal(gb_date_parse(&t, "@1700000000", now), 0);
	assert_true(t == 1700000000);
	assert_int_equal(gb_date_parse(&t, "last tuesday", now), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "'last tuesday' is not a date"));
	assert_int_equal(gb_date_parse(&t, "2026-13-01", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "2026-01-01x", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "1.5 days", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "-3 days", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "3 fortnights", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "3 days later", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "99999999999999999 years", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, "", now), GB_EINVALID);
	assert_int_equal(gb_date_parse(&t, NULL, now), GB_EINVALID);
}

static void assert_formats(int64_t when, gb_date_style style, const char *want)
{
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(gb_date_format(&out, when, style), 0);
	assert_string_equal(out.ptr, want);
	gb_buf_dispose(&out);
}

/* Local times are the TZ's: UTC here. */
static void test_format(void **state)
{
	const int64_t when = 1767271302; /* 2026-01-01 12:41:42 UTC */

	(void)state;
	assert_formats(when, GB_DATE_ISO, "2026-01-01T12:41:42Z");
	assert_formats(when, GB_DATE_DAY, "2026-01-01");
	assert_formats(when, GB_DATE_LOCAL, "2026-01-01 12:41:42 +0000");
	assert_formats(when, GB_DATE_UTC, "2026-01-01 12:41:42 UTC");
	assert_formats(1767225600, GB_DATE_UTC, "2026-01-01");
	/* A time no calendar holds is said as its number. */
	assert_formats(INT64_MAX, GB_DATE_ISO, "@9223372036854775807");
}

static void assert_relative(int64_t ago, const char *want)
{
	const int64_t now = 1767225600;
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(gb_date_relative(&out, now - ago, now), 0);
	assert_string_equal(out.ptr, want);
	gb_buf_dispose(&out);
}

static void test_relative(void **state)
{
	(void)state;
	assert_relative(0, "just now");
	assert_relative(1, "just now");
	assert_relative(2, "2 seconds ago");
	assert_relative(60, "1 minute ago");
	assert_relative(2 * 3600 + 5, "2 hours ago");
	assert_relative(86400, "1 day ago");
	assert_relative(14 * 86400, "2 weeks ago");
	assert_relative(65 * 86400, "2 months ago");
	assert_relative(800 * 86400, "2 years ago");
	assert_relative(-10, "in the future");
}

/* The one clock: microseconds, near the system's seconds. */
static void test_clock(void **state)
{
	int64_t a = gb_date_now_us(), b = gb_date_now_us();

	(void)state;
	assert_true(a > 1700000000LL * 1000000);
	assert_true(b >= a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_clock),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
