/* iai and iai-callgrind (gungraun) output. */
#include "adapter_test.h"

static void test_iai(void **state)
{
	gb_run *run = at_read_fixture("iai/iai-change.txt", NULL, "iai");

	(void)state;
	at_kind(at_result(run, "parse_small"), "instructions", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "parse_large")->mean, 4410882, "with a change");
	assert_int_equal(run->nresults, 2);
	gb_run_free(run);
	run = at_read_fixture("iai-callgrind/gungraun.txt", NULL, "iai-callgrind");
	/* The new count, left of "|". */
	at_same(at_result(run, "lib_bench::bench_group::bench_swap_array "
		"long:vec![9; 1000]")->mean, 4112, "new|old");
	gb_run_free(run);
	run = at_read_fixture("iai-callgrind/v0.10.txt", NULL, "iai-callgrind");
	at_same(at_result(run, "my_benchmark::bench_fibonacci_group::bench_fibonacci "
		"long:30")->mean, 26214734, "N/A as the old");
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
