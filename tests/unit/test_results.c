/*
 * Results read as a new run of a commit, the one way record, run and
 * bisect make theirs; and where results are read when no path is given.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

static void test_read_run(void **state)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	int64_t before = gb_date_now_us() / 1000000;
	gb_run *run = NULL;
	git_oid commit;

	(void)state;
	memset(&commit, 7, sizeof(commit));
	o.label = "v1.2";
	o.machine = "box";
	assert_int_equal(gb_adapter_read_run(&run,
				 th_fixture("criterion/baseline/criterion"), &commit, &o), 0);
	assert_string_equal(run->format, "criterion");
	assert_string_equal(run->label, "v1.2");
	assert_string_equal(run->machine, "box");
	assert_true(git_oid_equal(&run->commit, &commit));
	assert_true(gb_run_id_valid(run->id));
	/* No time in the file: now. */
	assert_true(run->time >= before && run->time <= before + 60);
	assert_non_null(run->env.host);
	/* Eight times, and the throughputs of sort/1000 and sort/10000. */
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
}

/* A time and a label the file gives stay, and the id says that time. */
static void test_file_facts_stay(void **state)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_env env = { 0 };
	gb_run *run = NULL;
	git_oid commit;
	char day[16];
	struct tm tm;
	time_t t;

	(void)state;
	memset(&commit, 7, sizeof(commit));
	env.host = strdup("given-host");
	env.toolchain = strdup("the machine's");
	o.env = &env;
	assert_int_equal(gb_adapter_read_run(&run,
				 th_fixture("baseline-json/baseline.json"), &commit, &o), 0);
	assert_string_equal(run->format, "baseline-json");
	assert_non_null(run->label);
	assert_string_equal(run->env.host, "given-host");
	/* The key is derived from the facts given. */
	assert_int_equal(strncmp(run->machine, "given-host-", 11), 0);
	t = (time_t)run->time;
	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y%m%d", &tm);
	assert_int_equal(strncmp(run->id, day, 8), 0);
	assert_true(run->time < gb_date_now_us() / 1000000 - 86400);
	gb_run_free(run);
	gb_env_dispose(&env);
}

static void test_read_run_fails_cleanly(void **state)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_run *run = (gb_run *)&o;
	git_oid commit;

	(void)state;
	memset(&commit, 7, sizeof(commit));
	o.format = "nonsense";
	assert_true(gb_adapter_read_run(&run,
			    th_fixture("criterion/baseline/criterion"), &commit, &o) < 0);
	assert_null(run);
	assert_non_null(strstr(gb_error_last()->message, "unknown format 'nonsense'"));
	o.format = NULL;
	o.version = 0;
	assert_int_equal(gb_adapter_read_run(&run, "x", &commit, &o), GB_EINVALID);
}

static void assert_path(const gb_config *cfg, const char *top, const char *want,
	bool want_inside)
{
	gb_buf out = GB_BUF_INIT;
	bool inside = !want_inside;

	assert_int_equal(gb_adapter_results_path(&out, &inside, cfg, top), 0);
	assert_string_equal(out.ptr, want);
	assert_true(inside == want_inside);
	gb_buf_dispose(&out);
}

static void test_results_path(void **state)
{
	gb_config *cfg = NULL;
	gb_buf out = GB_BUF_INIT;

	(void)state;
	assert_path(NULL, "/w/", "/w/target/criterion", true);
	assert_path(NULL, "/w", "/w/target/criterion", true);
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.results", "out/r.json"), 0);
	assert_path(cfg, "/w/", "/w/out/r.json", true);
	assert_int_equal(gb_config_override(cfg, "bench.results", "/abs/r.json"), 0);
	assert_path(cfg, NULL, "/abs/r.json", false);
	assert_int_equal(gb_config_override(cfg, "bench.results", "rel"), 0);
	assert_int_equal(gb_adapter_results_path(&out, NULL, cfg, NULL), GB_EINVALID);
	assert_string_equal(gb_error_last()->message,
		"no results path given and no work tree to look in");
	gb_config_free(cfg);
	gb_buf_dispose(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_run),
		cmocka_unit_test(test_file_facts_stay),
		cmocka_unit_test(test_read_run_fails_cleanly),
		cmocka_unit_test(test_results_path),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
