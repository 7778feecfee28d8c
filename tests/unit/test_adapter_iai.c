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

#define ACC "bench_accumulate::bench_loop_acc_group::bench_loop_accumulate "
#define MISS "file::some_group::printing cache_misses:"

/*
 * Every figure iai-callgrind shows is a measure: callgrind's other events
 * (Ge, the cache misses) and DHAT's section; a figure of a kind not read
 * is told once, not dropped in silence. Real outputs first.
 */
static void test_callgrind_events(void **state)
{
	gb_run *run = at_read_fixture("iai-callgrind/accumulate-ge.txt", NULL,
		"iai-callgrind");
	const gb_result *r;

	(void)state;
	assert_int_equal(run->nresults, 5 * 7);
	r = at_result(run, ACC "ten:10 [global-bus-events]");
	at_kind(r, "accesses", GB_LOWER_IS_BETTER);
	at_same(r->mean, 0, "Ge");
	at_same(at_result(run, ACC "hundredthousand:100000 "
		"[estimated-cycles]")->mean, 35700705, "cycles");
	gb_run_free(run);
	run = at_read_fixture("iai-callgrind/cache-misses.txt", NULL,
		"iai-callgrind");
	assert_int_equal(run->nresults, 14);
	at_same(at_result(run, MISS " [dr]")->mean, 255, "Dr");
	at_same(at_result(run, MISS " [dw]")->mean, 233, "Dw");
	at_same(at_result(run, MISS " [i1mr]")->mean, 54, "I1mr");
	at_same(at_result(run, MISS " [d1mr]")->mean, 12, "D1mr");
	at_same(at_result(run, MISS " [d1mw]")->mean, 0, "D1mw");
	at_same(at_result(run, MISS " [ilmr]")->mean, 53, "ILmr");
	at_same(at_result(run, MISS " [dlmr]")->mean, 3, "DLmr");
	at_kind(at_result(run, MISS " [dlmw]"), "accesses", GB_LOWER_IS_BETTER);
	at_same(at_result(run, MISS " [l1-hits]")->mean, 1775, "L1");
	gb_run_free(run);
	/* A DHAT section: bytes and blocks, once each (the first process). */
	run = at_read_text("b\n"
		"  ======= CALLGRIND ======\n"
		"  Instructions:     280|N/A      (*********)\n"
		"  L1 Hits:          374|N/A      (*********)\n"
		"  Estimated Cycles: 589|N/A      (*********)\n"
		"  ======= DHAT ======\n"
		"  Total bytes:       24|N/A      (*********)\n"
		"  Total blocks:       1|N/A      (*********)\n"
		"  At t-gmax bytes:   24|N/A      (*********)\n"
		"  At t-gmax blocks:   1|N/A      (*********)\n"
		"  At t-end bytes:     0|N/A      (*********)\n"
		"  At t-end blocks:    0|N/A      (*********)\n"
		"  Reads bytes:       48|N/A      (*********)\n"
		"  Writes bytes:      24|N/A      (*********)\n"
		"  ## pid: 12 ppid: 11\n"
		"  Total bytes:       99|N/A      (*********)\n", NULL,
		"iai-callgrind");
	assert_int_equal(run->nresults, 11);
	r = at_result(run, "b [dhat-total-bytes]");
	at_kind(r, "B", GB_LOWER_IS_BETTER);
	at_same(r->mean, 24, "first process");
	at_kind(at_result(run, "b [dhat-at-t-gmax-blocks]"), "blocks",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "b [dhat-reads-bytes]")->mean, 48, "reads");
	gb_run_free(run);
	/* Some figures only (Callgrind::format): detected by the "|". */
	run = at_read_text("lib_bench::g::fib short:10\n"
		"  Instructions:        1734|N/A       (*********)\n"
		"  Estimated Cycles:    2464|N/A       (*********)\n", NULL,
		"iai-callgrind");
	assert_int_equal(run->nresults, 2);
	gb_run_free(run);
	/* A rate is no count: passed over, and told. */
	run = at_read_warned("a\n  Instructions:   12|N/A\n"
		"  I1 Miss Rate:   0.5|N/A\n  LL Miss Rate:   0.1|N/A\n"
		"  Estimated Cycles: 20|N/A\nb\n  Instructions:   9|N/A\n"
		"  I1 Miss Rate:   0.2|N/A\n  Estimated Cycles: 9|N/A\n",
		"iai-callgrind", "3 figures of a kind not read are passed over "
		"(the first: 'I1 Miss Rate' of 'a')");
	assert_int_equal(run->nresults, 4);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iai),
		cmocka_unit_test(test_callgrind_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
