/* Ruby benchmark-ips: its JSON and what it prints. */
#include "adapter_test.h"

static void test_json(void **state)
{
	gb_run *run = at_read_fixture("benchmark-ips/baseline/ips.json", NULL,
		"benchmark-ips");

	(void)state;
	at_kind(at_result(run, "fib(15) [ips]"), "ops/s", GB_HIGHER_IS_BETTER);
	gb_run_free(run);
}

/*
 * The printed rates: Comparison's digits when there is one, else the
 * Calculating line's with its suffix; the ± share of the rate as the
 * deviation.
 */
static void test_stdout(void **state)
{
	gb_run *run = at_read_fixture("benchmark-ips/compare/stdout.txt", NULL,
		"benchmark-ips");
	const gb_result *r = at_result(run, "String#+ [ips]");

	(void)state;
	at_kind(r, "ops/s", GB_HIGHER_IS_BETTER);
	at_same(r->mean, 5913358.6, "comparison");
	at_same(r->stddev, 5913358.6 * 0.051, "5.1%");
	assert_int_equal(r->iterations, 5955000);
	gb_run_free(run);
	run = at_read_text("Calculating -------------------------------------\n"
		"  a really long label for one benchmark\n"
		"                         24.446k (\xc2\xb1 1.3%) i/s   (40.91 \xce\xbcs/i)"
		" -     50.463k in   2.064582s\n", NULL, "benchmark-ips");
	at_same(at_result(run, "a really long label for one benchmark [ips]")->mean,
		24446, "no comparison, label above");
	gb_run_free(run);
	at_damaged("benchmark-ips/compare/stdout.txt", "16.646k (\xc2\xb1 3.5%) i/s",
		"16.646k (\xc2\xb1 3.5%) i/min", NULL, "line 6: expected \"<label> "
		"<n>[kMBT] (\xc2\xb1 <n>%) i/s - <n>[kMBT] in <n>s\"");
	at_truncated("benchmark-ips/compare/stdout.txt", "truncated");
	at_truncated("benchmark-ips/baseline/stdout.txt", "truncated");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_stdout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
