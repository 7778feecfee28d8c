/* Ruby's Benchmark tables: bm, bmbm, labels, bad rows. */
#include "adapter_test.h"

static void test_ruby(void **state)
{
	gb_run *run = at_read_fixture("ruby-benchmark/bm.txt", NULL,
		"ruby-benchmark");

	(void)state;
	/* real, the wall clock, in ns; user, system, total measures of it. */
	at_kind(at_result(run, "sort:"), "ns", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "fib(20)")->mean, 0.000395e9, "real");
	at_same(at_result(run, "upto:")->mean, 0.002163e9, "second table");
	at_kind(at_result(run, "sort: [user]"), "ns", GB_LOWER_IS_BETTER);
	at_result(run, "sort: [system]");
	at_result(run, "sort: [total]");
	assert_int_equal(run->nresults, 20);
	gb_run_free(run);
	/* bmbm: the rehearsal does not count. */
	run = at_read_fixture("ruby-benchmark/bmbm.txt", NULL, "ruby-benchmark");
	at_same(at_result(run, "sort:")->mean, 0.009711e9, "after the rehearsal");
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
	at_fails_str("      user     system      total        real\n"
		"   0.004270   0.000177   0.004447 (  0.004448)\n", "ruby-benchmark",
		"line 2: a report without a label (x.report(\"name\") names it)");
	at_fails_str("      user     system      total        real\n"
		"a   0.1   x   0.2 (  0.3)\n", "ruby-benchmark",
		"line 2: expected \"<label> <user> <system> <total> (<real>)\", "
		"found \"a   0.1   x   0.2 (  0.3)\"");
	at_fails_str("Rehearsal ----\na   0.1   0.1   0.2 (  0.3)\n", "ruby-benchmark",
		"truncated: the rehearsal that starts at line 1");
	at_truncated("ruby-benchmark/bm.txt", "truncated");
	at_truncated("ruby-benchmark/bmbm.txt", "truncated");
}

/*
 * Benchmark.benchmark with ">total:" and ">avg:" (as Ruby's documentation
 * shows it): those lines add up the reports, and are not benchmarks. The
 * seconds printed are the nanoseconds stored, to the digit.
 */
static void test_sums_and_decimals(void **state)
{
	static const char text[] =
		"              user     system      total        real\n"
		"for:      1.010000   0.000000   1.010000 (  1.015688)\n"
		"times:    0.980000   0.000000   0.980000 (  0.984938)\n"
		">total:   1.990000   0.000000   1.990000 (  2.000626)\n"
		">avg:     0.995000   0.000000   0.995000 (  1.000313)\n";
	gb_run *run;

	(void)state;
	run = at_read_warned(text, "ruby-benchmark", "2 lines sum up the "
		"reports (their labels start with '>') and are left out "
		"('>total:')");
	assert_true(at_result(run, "for:")->mean == 1015688000.0);
	assert_true(at_result(run, "times: [user]")->mean == 980000000.0);
	assert_null(gb_run_find(run, ">total:"));
	assert_null(gb_run_find(run, ">avg:"));
	assert_int_equal(run->nresults, 8);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ruby),
		cmocka_unit_test(test_sums_and_decimals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
