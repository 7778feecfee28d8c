/* iai and iai-callgrind (gungraun) output. */
#include "adapter_test.h"

static void test_iai(void **state)
{
	gb_run *run = at_read_fixture("iai/iai-change.txt", NULL, "iai");

	(void)state;
	at_kind(at_result(run, "parse_small [instructions]"), "instructions",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "parse_large [instructions]")->mean, 4410882,
		"with a change");
	/* Every figure a measure of its benchmark. */
	at_same(at_result(run, "parse_large [l1-accesses]")->mean, 6121930, "L1");
	at_same(at_result(run, "parse_large [l2-accesses]")->mean, 907, "L2");
	at_same(at_result(run, "parse_large [ram-accesses]")->mean, 311, "RAM");
	at_kind(at_result(run, "parse_large [estimated-cycles]"), "cycles",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "parse_large [estimated-cycles]")->mean, 6137350,
		"cycles");
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
	run = at_read_fixture("iai-callgrind/gungraun.txt", NULL, "iai-callgrind");
	/* The new count, left of "|". */
	at_same(at_result(run, "lib_bench::bench_group::bench_swap_array "
		"long:vec![9; 1000] [instructions]")->mean, 4112, "new|old");
	at_same(at_result(run, "lib_bench::bench_group::bench_swap_array "
		"long:vec![9; 1000] [ll-hits]")->mean, 1, "LL");
	at_same(at_result(run, "lib_bench::bench_group::bench_swap_array "
		"long:vec![9; 1000] [total-read-write]")->mean, 5816, "rw");
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
	run = at_read_fixture("iai-callgrind/v0.10.txt", NULL, "iai-callgrind");
	at_same(at_result(run, "my_benchmark::bench_fibonacci_group::bench_fibonacci "
		"long:30 [instructions]")->mean, 26214734, "N/A as the old");
	at_same(at_result(run, "my_benchmark::bench_fibonacci_group::bench_fibonacci "
		"long:30 [l2-hits]")->mean, 2, "L2 hits");
	gb_run_free(run);
	/* A second block of figures (another tool, a sub-process) is not
	 * this benchmark's. */
	run = at_read_text("a\n  Instructions: 12\n  L1 Hits: 3\n"
		"  Estimated Cycles: 20\n  Instructions: 99\n  L1 Hits: 98\n"
		"  Estimated Cycles: 97\n", "iai-callgrind", "iai-callgrind");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "a [l1-hits]")->mean, 3, "first block");
	gb_run_free(run);
	at_fails_str("a\n  Instructions:   12x\n  L1 Accesses: 1\n", "iai",
		"line 2: expected \"<metric>: <count>\", found \"  Instructions:   12x\"");
	at_fails_str("  Instructions: 12\n  L1 Accesses: 1\n", "iai",
		"line 1: figures with no benchmark name before them");
	at_fails_str("a\n  Instructions: 12\n  L1 Accesses: 1\nb\n", "iai",
		"line 4: benchmark 'a' has no Estimated Cycles line");
	at_truncated("iai/iai.txt", "truncated");
	at_truncated("iai-callgrind/gungraun.txt", "truncated");
	at_truncated("iai-callgrind/v0.10.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iai),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
