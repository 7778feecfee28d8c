/*
 * libtest's JSON events: the same run as libtest/ns.txt, read as the
 * bencher reader reads the text; a suite cut short, a bench that failed,
 * a bench event without its figure.
 */
#include "adapter_test.h"

/* The events say what the text says, figure for figure. */
static void test_as_the_text(void **state)
{
	gb_run *json = at_read_fixture("libtest/bench.json", NULL,
		"libtest-json");
	gb_run *text = at_read_fixture("libtest/ns.txt", NULL, "bencher");
	const gb_result *r;
	size_t i;

	(void)state;
	assert_int_equal(json->nresults, text->nresults);
	for (i = 0; i < text->nresults; i++) {
		const gb_result *t = &text->results[i];

		r = at_counterpart(json, text, i);
		at_same(r->mean, t->mean, t->name);
		at_same(r->median, t->median, t->name);
		at_same(r->stddev, t->stddev, t->name);
	}
	r = at_result(json, "bench::parse_config [MB/s]");
	at_kind(r, "B/s", GB_HIGHER_IS_BETTER);
	at_same(r->mean, 830e6, "MB/s");
	at_kind(at_result(json, "bench::fib_10"), "ns", GB_LOWER_IS_BETTER);
	gb_run_free(json);
	gb_run_free(text);
}

static void test_cut_and_failed(void **state)
{
	gb_run *run;

	(void)state;
	at_fails_str("{ \"type\": \"suite\", \"event\": \"started\", "
		"\"test_count\": 2 }\n"
		"{ \"type\": \"bench\", \"name\": \"a\", \"median\": 5, "
		"\"deviation\": 1 }\n", "libtest-json",
		"truncated: the suite started at line 1 has no end event");
	at_fails_str("{ \"type\": \"suite\", \"event\": \"started\", "
		"\"test_count\": 1 }\n"
		"{ \"type\": \"bench\", \"name\": \"a\", \"deviation\": 1 }\n"
		"{ \"type\": \"suite\", \"event\": \"ok\" }\n", "libtest-json",
		"benchmark 'a': missing median");
	run = at_read_warned("{ \"type\": \"suite\", \"event\": \"started\", "
		"\"test_count\": 2 }\n"
		"{ \"type\": \"bench\", \"name\": \"a\", \"median\": 5, "
		"\"deviation\": 1 }\n"
		"{ \"type\": \"test\", \"name\": \"b\", \"event\": \"failed\", "
		"\"stdout\": \"panicked\" }\n"
		"{ \"type\": \"suite\", \"event\": \"failed\", \"passed\": 0, "
		"\"failed\": 1 }\n", "libtest-json",
		"1 test failed ('b'): a failed benchmark has no figure");
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_as_the_text),
		cmocka_unit_test(test_cut_and_failed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
