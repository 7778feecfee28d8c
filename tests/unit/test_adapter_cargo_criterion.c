/*
 * The cargo-criterion adapter. No run of cargo-criterion is among the
 * fixtures: these messages follow its documented format (the Criterion.rs
 * book, "External Tools"), with cargo's and the group messages around.
 */
#include "adapter_test.h"

static const char messages[] =
	"{\"reason\":\"compiler-artifact\",\"package_id\":\"x 0.1.0\"}\n"
	"{\"reason\":\"benchmark-complete\",\"id\":\"norm\","
	"\"report_directory\":\"target/criterion/reports/norm\","
	"\"iteration_count\":[30,60,90],\"measured_values\":[124200.0,250000.0,369000.0],"
	"\"unit\":\"ns\",\"throughput\":[{\"per_iteration\":1024,\"unit\":\"elements\"}],"
	"\"typical\":{\"estimate\":4130.2,\"lower_bound\":4100.0,\"upper_bound\":4160.0,\"unit\":\"ns\"},"
	"\"mean\":{\"estimate\":4135.5,\"lower_bound\":4101.0,\"upper_bound\":4170.0,\"unit\":\"ns\"},"
	"\"median\":{\"estimate\":4140.0,\"lower_bound\":4110.0,\"upper_bound\":4150.0,\"unit\":\"ns\"},"
	"\"median_abs_dev\":{\"estimate\":20.5,\"lower_bound\":10.0,\"upper_bound\":30.0,\"unit\":\"ns\"},"
	"\"slope\":{\"estimate\":4130.2,\"lower_bound\":4100.0,\"upper_bound\":4160.0,\"unit\":\"ns\"},"
	"\"change\":null}\n"
	"benchmark printing to stdout\n"
	"{\"reason\":\"benchmark-complete\",\"id\":\"group/flat\","
	"\"report_directory\":\"target/criterion/reports/group/flat\","
	"\"iteration_count\":[1000,1000],\"measured_values\":[2.5,3.5],\"unit\":\"us\","
	"\"throughput\":[],"
	"\"typical\":{\"estimate\":3.0,\"lower_bound\":2.5,\"upper_bound\":3.5,\"unit\":\"us\"},"
	"\"mean\":{\"estimate\":3.0,\"lower_bound\":2.5,\"upper_bound\":3.5,\"unit\":\"us\"},"
	"\"median\":{\"estimate\":3.0,\"lower_bound\":2.5,\"upper_bound\":3.5,\"unit\":\"us\"},"
	"\"median_abs_dev\":{\"estimate\":0.5,\"lower_bound\":0.1,\"upper_bound\":0.9,\"unit\":\"us\"},"
	"\"slope\":null,"
	"\"change\":{\"mean\":{\"estimate\":0.01,\"lower_bound\":-0.01,\"upper_bound\":0.03,\"unit\":\"%\"},"
	"\"median\":{\"estimate\":0.0,\"lower_bound\":-0.01,\"upper_bound\":0.01,\"unit\":\"%\"},"
	"\"change\":\"NoChange\"}}\n"
	"{\"reason\":\"group-complete\",\"group_name\":\"group\",\"benchmarks\":[\"group/flat\"],"
	"\"report_directory\":\"target/criterion/reports/group\"}\n";

static void test_documented_messages(void **state)
{
	gb_run *run = at_read_text(messages, NULL, "cargo-criterion");
	const gb_result *r;
	const double norm[] = { 124200.0 / 30, 250000.0 / 60, 369000.0 / 90 };
	const double flat[] = { 2.5e3 / 1000, 3.5e3 / 1000 };

	(void)state;
	assert_int_equal(run->nresults, 3);
	r = at_result(run, "norm");
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, 4135.5, "mean");
	at_same(r->median, 4140.0, "median");
	at_same(r->slope, 4130.2, "slope");
	at_samples(r, norm, 3, 1);
	assert_int_equal(r->iterations, 180);
	assert_int_equal(r->count, 3);
	assert_false(isnan(r->stddev));
	/* 1024 elements an iteration: the rate of each sample, higher better. */
	r = at_result(run, "norm [throughput]");
	at_kind(r, "elem/s", GB_HIGHER_IS_BETTER);
	at_same(r->mean, 1024 * 1e9 / 4135.5, "rate of the mean");
	at_same(r->median, 1024 * 1e9 / 4140.0, "rate of the median");
	assert_int_equal(r->nsamples, 3);
	at_same(r->samples[0], 1024 * 1e9 / norm[0], "rate of a sample");
	r = at_result(run, "group/flat");
	at_same(r->mean, 3000, "us to ns");
	assert_true(isnan(r->slope));
	at_samples(r, flat, 2, 1);
	gb_run_free(run);
}

/*
 * A custom measurement (cycles) is no time: its throughput is no rate per
 * second, and is passed over with a warning, not in silence.
 */
static void test_throughput_of_other_measure(void **state)
{
	gb_run *run = at_read_warned("{\"reason\":\"benchmark-complete\","
		"\"id\":\"hash/1024\",\"iteration_count\":[10,20],"
		"\"measured_values\":[31000.0,62500.0],\"unit\":\"cycles\","
		"\"throughput\":[{\"per_iteration\":1024,\"unit\":\"bytes\"}],"
		"\"mean\":{\"estimate\":3108.3,\"lower_bound\":3095.0,"
		"\"upper_bound\":3120.0,\"unit\":\"cycles\"},\"slope\":null}\n",
		"cargo-criterion", "benchmark 'hash/1024' is measured in "
		"\"cycles\", not a time: its throughput is not read");

	(void)state;
	assert_int_equal(run->nresults, 1);
	at_kind(at_result(run, "hash/1024 [cycles]"), "cycles",
		GB_LOWER_IS_BETTER);
	gb_run_free(run);
}

static void test_bad(void **state)
{
	size_t len = strlen(messages);
	gb_buf bad = GB_BUF_INIT;

	(void)state;
	at_fails(messages, len / 2, NULL, "line 4: not valid JSON (truncated: the file ends inside it)");
	gb_buf_puts(&bad, messages);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"mean\":{\"estimate\":\"slow\"}}\n");
	at_fails(bad.ptr, bad.size, NULL, "benchmark 'x': estimate is not a number");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"median\":{\"estimate\":1}}\n");
	at_fails(bad.ptr, bad.size, "cargo-criterion", "benchmark 'x': missing mean");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"unit\":\"ns\","
		"\"mean\":{\"estimate\":1,\"unit\":\"ns\"},\"iteration_count\":[1,0],"
		"\"measured_values\":[1,2]}\n");
	at_fails(bad.ptr, bad.size, NULL, "benchmark 'x': iteration_count 2 is not positive");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"unit\":\"ns\","
		"\"mean\":{\"estimate\":1,\"unit\":\"ns\"},"
		"\"throughput\":[{\"per_iteration\":8,\"unit\":\"furlongs\"}]}\n");
	at_fails(bad.ptr, bad.size, NULL, "benchmark 'x': a throughput in \"furlongs\", not elements or bytes");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"unit\":\"ns\","
		"\"mean\":{\"estimate\":1,\"unit\":\"ns\"},"
		"\"throughput\":[{\"per_iteration\":-8,\"unit\":\"bytes\"}]}\n");
	at_fails(bad.ptr, bad.size, NULL, "benchmark 'x': throughput per_iteration is not a positive count");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"id\":\"x\",\"unit\":\"ns\","
		"\"mean\":{\"estimate\":1,\"unit\":\"ns\"},\"iteration_count\":[1],"
		"\"measured_values\":[1,2]}\n");
	at_fails(bad.ptr, bad.size, NULL, "measured_values and iteration_count differ in length");
	gb_buf_clear(&bad);
	gb_buf_puts(&bad, "{\"reason\":\"benchmark-complete\",\"mean\":{\"estimate\":1}}\n");
	at_fails(bad.ptr, bad.size, NULL, "line 1: benchmark-complete without an id");
	at_fails_str("{\"reason\":\"group-complete\",\"group_name\":\"g\"}\n", NULL,
		"no benchmark results in it");
	gb_buf_dispose(&bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documented_messages),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_throughput_of_other_measure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
