/* The bencher text adapter against Criterion's --output-format bencher. */
#include "adapter_test.h"

#define FIXTURE "criterion/slow/bencher.stdout.txt"

static void test_fixture(void **state)
{
	char *text = th_slurp(th_fixture(FIXTURE), NULL), *save = NULL, *l;
	gb_run *run = at_read_fixture(FIXTURE, NULL, "bencher");
	size_t n = 0;

	(void)state;
	for (l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char name[256];
		double value, spread;
		const gb_result *r;

		if (sscanf(l, "test %255s ... bench: %lf ns/iter (+/- %lf)", name,
			   &value, &spread) != 3)
			continue;
		r = at_result(run, name);
		at_kind(r, "ns", GB_LOWER_IS_BETTER);
		at_same(r->mean, value, name);
		at_same(r->stddev, spread, name);
		n++;
	}
	assert_int_equal(n, 8);
	assert_int_equal(run->nresults, n);
	free(text);
	gb_run_free(run);
}

/* libtest's own #[bench] lines: separators, a throughput. */
static void test_libtest(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("running 2 tests\n"
		"test tests::parse  ... bench:       1,234 ns/iter (+/- 56) = 830 MB/s\n"
		"test tests::encode ... bench:          12 ns/iter (+/- 1)\n"
		"test result: ok. 0 passed; 0 failed; 0 ignored; 2 measured\n",
		NULL, "bencher");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "tests::parse")->mean, 1234, "separators");
	at_kind(at_result(run, "tests::parse [MB/s]"), "B/s", GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "tests::parse [MB/s]")->mean, 830e6, "MB/s");
	gb_run_free(run);
}

static void test_bad(void **state)
{
	(void)state;
	at_truncated(FIXTURE, "line 6: not a \"<n> ns/iter (+/- <n>)\" result (cut short?)");
	at_damaged(FIXTURE, "113 ns/iter", "11x3 ns/iter", NULL,
		"line 5: not a \"<n> ns/iter (+/- <n>)\" result");
	at_damaged(FIXTURE, "(+/- 4)", "(+/- 4", NULL, "line 5: not a");
	at_damaged(FIXTURE, "113 ns/iter", "113 parsecs/iter", NULL, "line 5: not a");
	at_damaged(FIXTURE, "(+/- 4)", "(+/- 4) = lots", NULL,
		"line 5: unreadable throughput after '='");
	at_damaged(FIXTURE, "test fibonacci/iterative/10", "test fibonacci/recursive/10",
		NULL, "benchmark 'fibonacci/recursive/10' appears more than once");
	at_fails_str("test  ... bench: 5 ns/iter (+/- 1)\n", NULL,
		"a benchmark has an empty name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_libtest),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
