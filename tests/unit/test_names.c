/* Benchmark names: a pattern that matches none, and the nearest names. */
#include <stdio.h>
#include <string.h>

#include "helpers.h"

static const char *const recorded[] = { "sum_of_squares", "sort/1000",
	"sort/10000", "fibonacci/recursive/10", "fibonacci/iterative/10" };

static void fill(gb_names *names)
{
	size_t i;

	for (i = 0; i < sizeof(recorded) / sizeof(recorded[0]); i++)
		assert_int_equal(gb_names_add(names, recorded[i]), 0);
}

static void test_add_keeps_one_of_each(void **state)
{
	gb_names names = { NULL, 0, 0, NULL };
	gb_buf list = GB_BUF_INIT;

	(void)state;
	fill(&names);
	assert_int_equal(gb_names_add(&names, "sort/1000"), 0);
	assert_int_equal(names.n, 5);
	assert_int_equal(gb_names_list(&list, &names, 2), 0);
	assert_string_equal(list.ptr, "sum_of_squares, sort/1000 and 3 more");
	gb_buf_dispose(&list);
	gb_names_dispose(&names);
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(gb_names_distance("sort", "sort"), 0);
	assert_int_equal(gb_names_distance("Sort", "sort"), 0);
	assert_int_equal(gb_names_distance("sortt", "sort"), 1);
	assert_int_equal(gb_names_distance("srot", "sort"), 2);
	assert_int_equal(gb_names_distance("", "abc"), 3);
}

static void test_match(void **state)
{
	gb_names names = { NULL, 0, 0, NULL };

	(void)state;
	fill(&names);
	assert_int_equal(gb_names_match(&names, NULL), 0);
	assert_int_equal(gb_names_match(&names, ""), 0);
	assert_int_equal(gb_names_match(&names, "sum_of_squares"), 0);
	assert_int_equal(gb_names_match(&names, "fibonacci/*"), 0);
	assert_int_equal(gb_names_match(&names, "recursive"), 0);
	assert_int_equal(gb_names_match(&names, "sortt"), GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message,
		"no benchmark matches 'sortt'; did you mean sort/1000 or "
		"sort/10000?");
	/* A glob's wildcards are left out of the comparison. */
	assert_int_equal(gb_names_match(&names, "fibonaci/*"), GB_ENOTFOUND);
	assert_true(strstr(gb_error_last()->message,
		"did you mean fibonacci/iterative/10") != NULL);
	gb_names_dispose(&names);
}

static void test_match_nothing_recorded(void **state)
{
	gb_names names = { NULL, 0, 0, NULL };

	(void)state;
	assert_int_equal(gb_names_match(&names, "zzz"), GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message,
		"no benchmark matches 'zzz' (none is recorded)");
}

static void test_match_machine(void **state)
{
	gb_names machines = { NULL, 0, 0, NULL };

	(void)state;
	assert_int_equal(gb_names_add(&machines, "ci-linux"), 0);
	assert_int_equal(gb_names_add(&machines, "laptop"), 0);
	assert_int_equal(gb_names_match_machine(&machines, NULL), 0);
	assert_int_equal(gb_names_match_machine(&machines, "laptop"), 0);
	/* Whole keys, not patterns. */
	assert_int_equal(gb_names_match_machine(&machines, "ci"), GB_ENOTFOUND);
	assert_int_equal(gb_names_match_machine(&machines, "lpatop"),
		GB_ENOTFOUND);
	assert_true(strncmp(gb_error_last()->message,
		"unknown machine 'lpatop'; did you mean laptop", 44) == 0);
	gb_names_dispose(&machines);
}

static void test_suggest_fits_a_line(void **state)
{
	gb_names names = { NULL, 0, 0, NULL };
	gb_buf out = GB_BUF_INIT;
	char name[80];
	int i;

	(void)state;
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "a_rather_long_benchmark_name_%d", i);
		assert_int_equal(gb_names_add(&names, name), 0);
	}
	assert_int_equal(gb_names_suggest(&out, &names, "a_rather", 5), 0);
	assert_non_null(out.ptr);
	assert_true(out.size < 80);
	assert_true(strstr(out.ptr, "a_rather_long_benchmark_name_0") == out.ptr);
	gb_buf_dispose(&out);
	gb_names_dispose(&names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_keeps_one_of_each),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_match_nothing_recorded),
		cmocka_unit_test(test_match_machine),
		cmocka_unit_test(test_suggest_fits_a_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
