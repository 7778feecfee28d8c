/*
 * OpenMetrics: which family a result goes to, which names may be metric
 * names, and the exposition of runs: families whole, label sets oldest
 * first, labels escaped, and the Pushgateway's flavour of it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void test_name_valid(void **state)
{
	(void)state;
	assert_true(gb_metrics_name_valid("gitbench_time_seconds"));
	assert_true(gb_metrics_name_valid("a:b"));
	assert_true(gb_metrics_name_valid("_x9"));
	assert_false(gb_metrics_name_valid(NULL));
	assert_false(gb_metrics_name_valid(""));
	assert_false(gb_metrics_name_valid("9lives"));
	assert_false(gb_metrics_name_valid("parse-json"));
	assert_false(gb_metrics_name_valid("a b"));
	assert_false(gb_metrics_name_valid("a\nb"));
	assert_false(gb_metrics_name_valid("caf\xc3\xa9"));
	assert_false(gb_metrics_name_valid("x{y=\"1\"}"));
}

static void assert_kind(const char *measure, const char *unit,
	const char *family, const char *om_unit, const char *label,
	double value, double sample)
{
	gb_result r = { 0 };
	gb_metrics_kind k;

	r.measure = (char *)measure;
	r.unit = (char *)unit;
	gb_metrics_kind_of(&k, &r);
	assert_string_equal(k.family, family);
	if (om_unit)
		assert_string_equal(k.unit, om_unit);
	else
		assert_null(k.unit);
	if (label)
		assert_string_equal(k.measure, label);
	else
		assert_null(k.measure);
	assert_true(gb_metrics_name_valid(k.family));
	assert_true(*k.help);
	assert_true(value * k.scale / k.divisor == sample);
}

/* A family per measure, in the unit its own unit converts to. */
static void test_kind_of(void **state)
{
	(void)state;
	assert_kind("time", "ns", "gitbench_time_seconds", "seconds", NULL,
		100, 1e-7);
	assert_kind("time", "ms", "gitbench_time_seconds", "seconds", NULL,
		1.5, 0.0015);
	assert_kind("cpu_time", "s", "gitbench_cpu_time_seconds", "seconds",
		NULL, 2, 2);
	assert_kind("memory", "B", "gitbench_memory_bytes", "bytes", NULL,
		512, 512);
	assert_kind("allocated", "MiB", "gitbench_allocated_bytes", "bytes",
		NULL, 2, 2097152);
	assert_kind("bytes", "MB", "gitbench_bytes", "bytes", NULL, 2, 2e6);
	assert_kind("bytes_per_second", "B/s", "gitbench_bytes_per_second",
		"bytes_per_second", NULL, 10, 10);
	assert_kind("throughput", "MB/s", "gitbench_throughput_bytes_per_second",
		"bytes_per_second", NULL, 3, 3e6);
	assert_kind("throughput", "ops/s", "gitbench_throughput_per_second",
		NULL, NULL, 7, 7);
	assert_kind("items_per_second", "items/s", "gitbench_items_per_second",
		NULL, NULL, 3, 3);
	assert_kind("clock", "MHz", "gitbench_clock_per_second", NULL, NULL,
		2, 2e6);
	assert_kind("instructions", "instructions", "gitbench_instructions",
		NULL, NULL, 3, 3);
	/* Spelt otherwise in a name: the measure is a label too. */
	assert_kind("estimated-cycles", "cycles", "gitbench_estimated_cycles",
		NULL, "estimated-cycles", 3, 3);
	assert_kind("allocs/op", "allocs", "gitbench_allocs_op", NULL,
		"allocs/op", 3, 3);
	assert_kind("\xc2\xb7gc.alloc.rate", "MB/sec", "gitbench_gc_alloc_rate",
		NULL, "\xc2\xb7gc.alloc.rate", 3, 3);
	/* Nothing to spell, too long, or a kind's name in another unit. */
	assert_kind("@@", "allocs", "gitbench_value", NULL, "@@", 3, 3);
	assert_kind("B/op", "B", "gitbench_size_bytes", "bytes", "B/op", 3, 3);
	assert_kind("MB/s", "B/s", "gitbench_throughput_bytes_per_second",
		"bytes_per_second", "MB/s", 3, 3);
	assert_kind("a_measure_name_far_too_long_to_be_part_of_a_metric_name",
		"ns", "gitbench_time_seconds", "seconds",
		"a_measure_name_far_too_long_to_be_part_of_a_metric_name", 1e9, 1);
	assert_kind("time_seconds", "widgets", "gitbench_value", NULL,
		"time_seconds", 3, 3);
	/* No measure: the one its unit says (gb_measure_for_unit). */
	assert_kind(NULL, "ns", "gitbench_time_seconds", "seconds", NULL, 100,
		1e-7);
	assert_kind(NULL, "", "gitbench_value", NULL, NULL, 3, 3);
	assert_kind(NULL, NULL, "gitbench_value", NULL, NULL, 3, 3);
}

static gb_run *new_run(const char *machine, const char *label, int64_t time,
	char commit_digit)
{
	char hex[GIT_OID_HEXSZ + 1];
	gb_run *run;

	memset(hex, commit_digit, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = '\0';
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(git_oid_fromstr(&run->commit, hex), 0);
	run->time = time;
	assert_int_equal(gb_run_set_string(&run->machine, machine), 0);
	assert_int_equal(gb_run_set_string(&run->label, label), 0);
	return run;
}

static void add_in(gb_run *run, const char *name, const char *measure,
	const char *unit, double mean)
{
	gb_result *r;

	assert_int_equal(gb_run_add_measure(&r, run, name, measure, unit,
				 GB_LOWER_IS_BETTER), 0);
	r->mean = mean;
}

static void add(gb_run *run, const char *name, const char *unit, double mean)
{
	add_in(run, name, GB_MEASURE_TIME, unit, mean);
}

static char *render(gb_metrics *m)
{
	gb_output_options o = GB_OUTPUT_OPTIONS_INIT;
	gb_buf out = GB_BUF_INIT;

	o.format = GB_OUTPUT_OPENMETRICS;
	assert_int_equal(gb_output_metrics(&out, m, &o), 0);
	return gb_buf_detach(&out);
}

/* Two commits of runs whose results come in different orders. */
static void fill(gb_metrics *m)
{
	gb_runlist c1 = { 0 }, c2 = { 0 };
	gb_run *a = new_run("m1", "v1", 1000, 'a');
	gb_run *b = new_run("m1", NULL, 2000, 'b');
	gb_run *b2 = new_run("m1", NULL, 1500, 'b');
	gb_run *b3 = new_run("m1", NULL, 1500, 'b');

	add(a, "sort", "ns", 100);
	add_in(a, "sort", "cpu_time", "ns", 90);
	add_in(a, "alloc", "allocs", "allocs", 3);
	add_in(a, "alloc", "allocs/op", "allocs", 24);
	add(b, "sort", "ns", 200);
	add(b, "q\"\\\n\x1b", "ns", 50);
	add(b2, "sort", "ns", 150);
	add(b2, "no value", "ns", NAN);
	add(b3, "sort", "ns", 160);  /* the same second as b2: it wins */
	assert_int_equal(gb_runlist_add(&c1, a), 0);
	assert_int_equal(gb_runlist_add(&c2, b), 0);
	assert_int_equal(gb_runlist_add(&c2, b2), 0);
	assert_int_equal(gb_runlist_add(&c2, b3), 0);
	assert_int_equal(gb_metrics_add(m, &c1), 0);
	assert_int_equal(gb_metrics_add(m, &c2), 0);
	gb_runlist_dispose(&c1);
	gb_runlist_dispose(&c2);
}

#define A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void test_exposition(void **state)
{
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	gb_metrics *m;
	char *text;

	(void)state;
	mo.branch = "main";
	assert_int_equal(gb_metrics_new(&m, &mo), 0);
	fill(m);
	assert_int_equal(gb_metrics_count(m), 7);
	text = render(m);
	assert_string_equal(text,
		"# TYPE gitbench_time_seconds gauge\n"
		"# UNIT gitbench_time_seconds seconds\n"
		"# HELP gitbench_time_seconds Time of one iteration of a benchmark.\n"
		"gitbench_time_seconds{benchmark=\"sort\",machine=\"m1\",commit=\"" A
		"\",label=\"v1\",branch=\"main\"} 1e-07 1000\n"
		"gitbench_time_seconds{benchmark=\"q\\\"\\\\\\n\\\\x1b\",machine=\"m1\","
		"commit=\"" B "\",branch=\"main\"} 5e-08 2000\n"
		"gitbench_time_seconds{benchmark=\"sort\",machine=\"m1\",commit=\"" B
		"\",branch=\"main\"} 1.6e-07 1500\n"
		"gitbench_time_seconds{benchmark=\"sort\",machine=\"m1\",commit=\"" B
		"\",branch=\"main\"} 2e-07 2000\n"
		"# TYPE gitbench_cpu_time_seconds gauge\n"
		"# UNIT gitbench_cpu_time_seconds seconds\n"
		"# HELP gitbench_cpu_time_seconds Time of one iteration of a "
		"benchmark. Measure: cpu_time.\n"
		"gitbench_cpu_time_seconds{benchmark=\"sort\",machine=\"m1\",commit=\""
		A "\",label=\"v1\",branch=\"main\"} 9e-08 1000\n"
		"# TYPE gitbench_allocs gauge\n"
		"# HELP gitbench_allocs A count a benchmark reports in its own unit: "
		"allocations, instructions. Measure: allocs.\n"
		"gitbench_allocs{benchmark=\"alloc\",machine=\"m1\",commit=\"" A
		"\",label=\"v1\",branch=\"main\"} 3 1000\n"
		"# TYPE gitbench_allocs_op gauge\n"
		"# HELP gitbench_allocs_op A count a benchmark reports in its own "
		"unit: allocations, instructions. Measure: allocs_op.\n"
		"gitbench_allocs_op{benchmark=\"alloc\",measure=\"allocs/op\","
		"machine=\"m1\",commit=\"" A "\",label=\"v1\",branch=\"main\"} "
		"24 1000\n"
		"# EOF\n");
	free(text);
	gb_metrics_free(m);
}

/*
 * Two measures of different units that would spell one family name: the
 * first keeps it, the second goes to its unit's kind with its measure.
 */
static void test_family_taken(void **state)
{
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	gb_runlist one = { 0 };
	gb_run *run = new_run("m", NULL, 1000, 'a');
	gb_metrics *m;
	char *text;

	(void)state;
	mo.push = true;
	add_in(run, "x", "x", "B", 1);
	add_in(run, "x", "x_bytes", "widgets", 2);
	assert_int_equal(gb_runlist_add(&one, run), 0);
	assert_int_equal(gb_metrics_new(&m, &mo), 0);
	assert_int_equal(gb_metrics_add(m, &one), 0);
	text = render(m);
	assert_string_equal(text,
		"# TYPE gitbench_x_bytes gauge\n"
		"# HELP gitbench_x_bytes Size a benchmark reports: memory, output. "
		"Measure: x.\n"
		"gitbench_x_bytes{benchmark=\"x\",commit=\"" A "\"} 1\n"
		"# TYPE gitbench_value gauge\n"
		"# HELP gitbench_value A count a benchmark reports in its own unit: "
		"allocations, instructions.\n"
		"gitbench_value{benchmark=\"x\",measure=\"x_bytes\",commit=\"" A
		"\"} 2\n");
	free(text);
	gb_metrics_free(m);
	gb_runlist_dispose(&one);
}

/* For a Pushgateway: no timestamps, no machine, no # UNIT and no # EOF. */
static void test_push_flavour(void **state)
{
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	gb_runlist one = { 0 };
	gb_run *run = new_run("m/1", "", 1000, 'a');
	gb_metrics *m;
	char *text;

	(void)state;
	mo.push = true;
	mo.estimator = GB_ESTIMATOR_MEDIAN;
	add(run, "sort", "ns", 100);
	run->results[0].median = 90;
	assert_int_equal(gb_runlist_add(&one, run), 0);
	assert_int_equal(gb_metrics_new(&m, &mo), 0);
	assert_int_equal(gb_metrics_add(m, &one), 0);
	text = render(m);
	assert_string_equal(text,
		"# TYPE gitbench_time_seconds gauge\n"
		"# HELP gitbench_time_seconds Time of one iteration of a benchmark.\n"
		"gitbench_time_seconds{benchmark=\"sort\",commit=\"" A "\"} 9e-08\n");
	free(text);
	gb_metrics_free(m);
	gb_runlist_dispose(&one);
}

static void test_empty(void **state)
{
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	gb_runlist none = { 0 }, empty_run = { 0 };
	gb_metrics *m;
	char *text;

	(void)state;
	assert_int_equal(gb_metrics_new(&m, &mo), 0);
	assert_int_equal(gb_metrics_add(m, &none), 0);
	assert_int_equal(gb_runlist_add(&empty_run, new_run("m", NULL, 1, 'a')), 0);
	assert_int_equal(gb_metrics_add(m, &empty_run), 0);
	gb_runlist_dispose(&empty_run);
	text = render(m);
	assert_string_equal(text, "# EOF\n");
	free(text);
	gb_metrics_free(m);
	mo.version = 0;
	assert_int_equal(gb_metrics_new(&m, &mo), GB_EINVALID);
	assert_null(m);
}

/* The format is export's, and only export's; it needs gb_metrics. */
static void test_format(void **state)
{
	gb_output_options o = GB_OUTPUT_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	gb_buf out = GB_BUF_INIT;
	size_t rows = 0;

	(void)state;
	assert_int_equal(gb_output_format_parse(&o.format, GB_OUTPUT_EXPORT,
				 "openmetrics"), 0);
	assert_int_equal(o.format, GB_OUTPUT_OPENMETRICS);
	assert_string_equal(gb_output_format_name(o.format), "openmetrics");
	assert_int_equal(gb_output_format_parse(&o.format, GB_OUTPUT_COMPARE,
				 "openmetrics"), GB_EINVALID);
	o.format = GB_OUTPUT_OPENMETRICS;
	assert_int_equal(gb_output_export_runs(&out, &rows, &runs, 0, &o),
		GB_EINVALID);
	assert_null(out.ptr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_valid),
		cmocka_unit_test(test_kind_of),
		cmocka_unit_test(test_exposition),
		cmocka_unit_test(test_push_flavour),
		cmocka_unit_test(test_family_taken),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
