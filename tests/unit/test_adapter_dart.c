/* Dart's benchmark_harness output. */
#include "adapter_test.h"

static void test_dart(void **state)
{
	gb_run *run = at_read_fixture("dart/benchmark_harness.txt", NULL,
		"benchmark-harness");

	(void)state;
	at_kind(at_result(run, "Template"), "ns", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "Template")->mean, 238.6091343839542, "us");
	at_same(at_result(run, "ListSort(size: 1000)")->mean, 48912.37410071942,
		"a name with parentheses");
	at_same(at_result(run, "JsonDecode")->mean, 107.42, "exponent");
	gb_run_free(run);
	/* CpuCycles and other metrics: measures by their names. */
	run = at_read_fixture("dart/perf.txt", NULL, "benchmark-harness");
	assert_int_equal(run->nresults, 6);
	at_kind(at_result(run, "MapLookup [CpuCycles]"), "cycles",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "SetLookup [Instructions]")->mean, 70114,
		"instructions");
	gb_run_free(run);
	at_fails_str("A(RunTime): 12.5 parsecs.\n", "benchmark-harness",
		"line 1: expected \"<name>(RunTime): <n> us.\", found "
		"\"A(RunTime): 12.5 parsecs.\"");
	at_truncated("dart/benchmark_harness.txt", "truncated");
	at_truncated("dart/perf.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
