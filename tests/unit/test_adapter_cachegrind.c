/* Valgrind's cachegrind.out files. */
#include "adapter_test.h"

static void test_cachegrind(void **state)
{
	gb_run *run = at_read_fixture("cachegrind/cachegrind.out.prog", NULL,
		"cachegrind");
	const double ir = 9130440, i1 = 1256, il = 1238, dr = 1029551,
		     d1r = 1150, dlr = 1003, dw = 1010595, d1w = 374, dlw = 349;
	const double l1_miss = i1 + d1r + d1w, ll_miss = il + dlr + dlw;
	const double l1_hits = ir + dr + dw - l1_miss;

	(void)state;
	/* One benchmark, the command, in the measures of the summary. */
	at_kind(at_result(run, "./prog [instructions]"), "instructions",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "./prog [instructions]")->mean, ir, "Ir");
	at_same(at_result(run, "./prog [l1-hits]")->mean, l1_hits, "L1 hits");
	at_same(at_result(run, "./prog [ll-hits]")->mean, l1_miss - ll_miss,
		"LL hits");
	at_same(at_result(run, "./prog [ram-hits]")->mean, ll_miss, "RAM");
	at_kind(at_result(run, "./prog [estimated-cycles]"), "cycles",
		GB_LOWER_IS_BETTER);
	at_same(at_result(run, "./prog [estimated-cycles]")->mean,
		l1_hits + 5 * (l1_miss - ll_miss) + 35 * ll_miss, "iai's cycles");
	assert_int_equal(run->nresults, 5);
	gb_run_free(run);
	/* Without the cache simulation: the instructions alone. */
	run = at_read_fixture("cachegrind/cachegrind.out.nosim", NULL,
		"cachegrind");
	at_same(at_result(run, "./prog [instructions]")->mean, 9130426, "Ir");
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
	/* Newer files say totals:, and events in any order. */
	run = at_read_text("desc: x\ncmd: a b\nevents: Dr Ir\ntotals: 5 7\n",
		"cachegrind", "cachegrind");
	at_same(at_result(run, "a b [instructions]")->mean, 7, "by column");
	gb_run_free(run);
	at_fails_str("desc: x\ncmd: a\nevents: Dr\nsummary: 1\n", "cachegrind",
		"line 3: expected \"events:\" with Ir");
	at_fails_str("desc: x\ncmd: a\nsummary: 1\n", "cachegrind",
		"line 3: totals before the events: line");
	at_fails_str("desc: x\ncmd: a\nevents: Ir\nsummary: 1x\n", "cachegrind",
		"line 4: expected \"summary: <count>...\"");
	at_fails_str("desc: x\ncmd: a\nevents: Ir Dr\nsummary:\n", "cachegrind",
		"line 4: expected a total for each event");
	at_fails_str("desc: x\ncmd: a\nevents: Ir\n", "cachegrind",
		"no summary: line");
	at_truncated("cachegrind/cachegrind.out.prog", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cachegrind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
