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

/*
 * The Dart SDK's benchmarks print RunTimeRaw per call in "ns.": a time in
 * ns, the sentence's full stop not in its unit; alone, still detected.
 */
static void test_runtime_raw(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("FfiCall.Uint8x01(RunTime): 0.1834 us.\n"
		"FfiCall.Uint8x01(RunTimeRaw): 183.4 ns.\n", NULL,
		"benchmark-harness");
	at_kind(at_result(run, "FfiCall.Uint8x01 [RunTimeRaw]"), "ns",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "FfiCall.Uint8x01 [RunTimeRaw]")->mean, 183.4,
		"raw");
	gb_run_free(run);
	run = at_read_text("JsonDecode(RunTimeRaw): 1200.5 ns.\n", NULL,
		"benchmark-harness");
	at_kind(at_result(run, "JsonDecode [RunTimeRaw]"), "ns",
		GB_LOWER_IS_BETTER);
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dart),
		cmocka_unit_test(test_runtime_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
