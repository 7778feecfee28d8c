/*
 * The registry of output formats: the names each view takes, its default,
 * and what is said of a name it does not take; and a view rendered.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "output/output_int.h"

static void test_defaults(void **state)
{
	gb_output_format f = GB_OUTPUT_HTML;

	(void)state;
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_COMPARE, NULL), 0);
	assert_int_equal(f, GB_OUTPUT_TEXT);
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_EXPORT, NULL), 0);
	assert_int_equal(f, GB_OUTPUT_CSV);
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_REPORT, NULL), 0);
	assert_int_equal(f, GB_OUTPUT_HTML);
}

/* "table", what compare and log called their default, is "text". */
static void test_names(void **state)
{
	gb_output_format f;

	(void)state;
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_TRENDS, "table"), 0);
	assert_int_equal(f, GB_OUTPUT_TEXT);
	assert_string_equal(gb_output_format_name(f), "text");
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_TRENDS, "markdown"),
		0);
	assert_int_equal(f, GB_OUTPUT_MARKDOWN);
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_RUNS, "json"), 0);
	assert_int_equal(f, GB_OUTPUT_JSON);
}

static void test_unknown(void **state)
{
	gb_output_format f;

	(void)state;
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_COMPARE, "yaml"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"unknown format 'yaml' (text, markdown, json or csv)");
	/* A format another view has is not this one's. */
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_RUNS, "csv"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"unknown format 'csv' (text or json)");
	assert_int_equal(gb_output_format_parse(&f, GB_OUTPUT_EXPORT, "text"),
		GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"unknown format 'text' (csv, json or openmetrics)");
}

static void test_describe(void **state)
{
	gb_buf out = GB_BUF_INIT;

	(void)state;
	assert_int_equal(gb_output_formats_describe(&out, GB_OUTPUT_COMPARE), 0);
	assert_string_equal(out.ptr, "text (default), markdown, json or csv");
	gb_buf_clear(&out);
	assert_int_equal(gb_output_formats_describe(&out, GB_OUTPUT_BISECT), 0);
	assert_string_equal(out.ptr, "text (default) or json");
	gb_buf_dispose(&out);
}

/* The runs of a commit, each way the registry offers them. */
static void test_runs(void **state)
{
	gb_output_options o = GB_OUTPUT_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	gb_buf out = GB_BUF_INIT;
	git_oid commit;
	gb_run *run;

	(void)state;
	memset(&commit, 0xab, sizeof(commit));
	run = th_run_make(&commit, 1, 1500);
	assert_int_equal(gb_run_set_string(&run->results[0].name, "na\x1bme"), 0);
	assert_int_equal(gb_runlist_add(&runs, run), 0);
	o.now = run->time + 7200;
	assert_int_equal(gb_output_runs(&out, &runs, &commit, false, &o), 0);
	assert_non_null(strstr(out.ptr, "commit abababab"));
	assert_non_null(strstr(out.ptr, "Date:     2 hours ago"));
	/* Names are escaped for the terminal. */
	assert_non_null(strstr(out.ptr, "na\\x1bme - 1.50 \xc2\xb5s"));
	gb_buf_clear(&out);
	o.format = GB_OUTPUT_JSON;
	assert_int_equal(gb_output_runs(&out, &runs, &commit, false, &o), 0);
	assert_non_null(strstr(out.ptr, "\"name\":\t\"na\\u001bme\""));
	gb_buf_clear(&out);
	o.format = GB_OUTPUT_CSV;
	assert_int_equal(gb_output_runs(&out, &runs, &commit, false, &o),
		GB_EINVALID);
	o.version = 0;
	assert_int_equal(gb_output_runs(&out, &runs, &commit, false, &o),
		GB_EINVALID);
	gb_buf_dispose(&out);
	gb_runlist_dispose(&runs);
}

/* Words wrapped at the width onto indented lines; a long word kept whole. */
static void test_text_wrap(void **state)
{
	gb_buf out = GB_BUF_INIT;

	(void)state;
	gb_text_wrap(&out, "no measure of noise: re-run", 10, 2, 24);
	assert_string_equal(out.ptr, "no measure of\n  noise: re-run");
	gb_buf_clear(&out);
	/* "±" is one cell, though two bytes. */
	gb_text_wrap(&out, "\xc2\xb1" "1.5% a run", 0, 0, 11);
	assert_string_equal(out.ptr, "\xc2\xb1" "1.5% a run");
	gb_buf_clear(&out);
	gb_text_wrap(&out, "a verylongword b", 0, 1, 5);
	assert_string_equal(out.ptr, "a\n verylongword\n b");
	gb_buf_dispose(&out);
}

/*
 * Cells as a terminal counts them: CJK and emoji two, a combining-free
 * Latin letter one; a cut counts cells, and a label is cut in its name
 * so that "[cpu_time]" still tells two rows apart.
 */
static void test_text_cells(void **state)
{
	gb_buf out = GB_BUF_INIT;

	(void)state;
	assert_int_equal(gb_text_width("\xc3\xbcn \xe6\x97\xa5\xe6\x9c\xac"), 7);
	assert_int_equal(gb_text_width("\xf0\x9f\x94\xb4 x"), 4);
	assert_int_equal(gb_escape_text_width("\xe6\x97\xa5"), 2);
	gb_text_fit(&out, "ab\xe6\x97\xa5\xe6\x9c\xac", 5);
	assert_string_equal(out.ptr, "ab\xe6\x97\xa5\xe2\x80\xa6");
	assert_int_equal(gb_text_width(out.ptr), 5);
	gb_buf_clear(&out);
	gb_text_fit_label(&out, "BM_Tmpl<std::map<int, std::string>, 100>",
		"cpu_time", 30);
	assert_string_equal(out.ptr, "BM_Tmpl<std::map<i\xe2\x80\xa6 [cpu_time]");
	assert_int_equal(gb_text_width(out.ptr), 30);
	gb_buf_clear(&out);
	/* Time has no suffix: the name alone is cut. */
	gb_text_fit_label(&out, "BM_Tmpl<std::map<int, std::string>, 100>",
		GB_MEASURE_TIME, 10);
	assert_string_equal(out.ptr, "BM_Tmpl<s\xe2\x80\xa6");
	gb_buf_clear(&out);
	/* Escaped, whether cut or not. */
	gb_text_fit_label(&out, "a\x1b", "cpu_time", 40);
	assert_string_equal(out.ptr, "a\\x1b [cpu_time]");
	gb_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_text_wrap),
		cmocka_unit_test(test_text_cells),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
