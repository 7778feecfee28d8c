/* The hyperfine adapter against real exports and what hyperfine printed. */
#include "adapter_test.h"

#define MAX_TIMES 256

static double number(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(obj, key);

	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The command, then its parameters in file order: "cmd (level=1)". */
static void expected_name(char *out, size_t size, const cJSON *item)
{
	const cJSON *params = cJSON_GetObjectItem(item, "parameters"), *p;
	size_t n = 0;
	int len;

	len = snprintf(out, size, "%s",
		cJSON_GetStringValue(cJSON_GetObjectItem(item, "command")));
	cJSON_ArrayForEach(p, params)
		len += snprintf(out + len, size - (size_t)len, "%s%s=%s",
			n++ ? ", " : " (", p->string, p->valuestring);
	if (n)
		snprintf(out + len, size - (size_t)len, ")");
}

static void check_item(const gb_run *run, const cJSON *item)
{
	const cJSON *times = cJSON_GetObjectItem(item, "times"), *t;
	double values[MAX_TIMES];
	char name[1024], metric[1100];
	const gb_result *r;
	size_t n = 0;

	expected_name(name, sizeof(name), item);
	r = at_result(run, name);
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, number(item, "mean") * 1e9, name);
	at_same(r->stddev, number(item, "stddev") * 1e9, name);
	at_same(r->median, number(item, "median") * 1e9, name);
	at_same(r->min, number(item, "min") * 1e9, name);
	at_same(r->max, number(item, "max") * 1e9, name);
	cJSON_ArrayForEach(t, times) {
		assert_true(n < MAX_TIMES);
		values[n++] = t->valuedouble;
	}
	at_samples(r, values, n, 1e9);
	assert_int_equal(r->count, n);
	snprintf(metric, sizeof(metric), "%s [user]", name);
	r = at_result(run, metric);
	at_kind(r, "ns", GB_LOWER_IS_BETTER);
	at_same(r->mean, number(item, "user") * 1e9, metric);
	snprintf(metric, sizeof(metric), "%s [system]", name);
	at_same(at_result(run, metric)->mean, number(item, "system") * 1e9, metric);
}

static void check_file(const char *rel)
{
	gb_run *run = at_read_fixture(rel, NULL, "hyperfine");
	cJSON *json = at_load_json(rel);
	const cJSON *item, *results = cJSON_GetObjectItem(json, "results");

	cJSON_ArrayForEach(item, results)
		check_item(run, item);
	assert_int_equal(run->nresults, 3 * (size_t)cJSON_GetArraySize(results));
	cJSON_Delete(json);
	gb_run_free(run);
}

static void test_commands(void **state)
{
	gb_run *run;

	(void)state;
	check_file("hyperfine/baseline/commands.json");
	/* The no-op's times are exactly 0: a real measurement, kept. */
	run = at_read_fixture("hyperfine/baseline/commands.json", "hyperfine",
		"hyperfine");
	assert_true(at_result(run, "noop")->min == 0);
	gb_run_free(run);
}

static void test_parameters(void **state)
{
	gb_run *run;

	(void)state;
	check_file("hyperfine/baseline/gzip-levels.json");
	run = at_read_fixture("hyperfine/baseline/gzip-levels.json", NULL,
		"hyperfine");
	assert_string_equal(run->results[0].name,
		"gzip -1 -c data.txt > /dev/null (level=1)");
	gb_run_free(run);
}

/* A named command whose name does not change with the parameter. */
static void test_parameters_keep_names_apart(void **state)
{
	gb_run *run;

	(void)state;
	run = at_read_text("{\"results\":["
		"{\"command\":\"gzip\",\"mean\":1,\"parameters\":{\"level\":\"1\",\"mode\":\"fast\"}},"
		"{\"command\":\"gzip\",\"mean\":2,\"stddev\":null,\"parameters\":{\"level\":\"9\",\"mode\":\"fast\"}}]}",
		NULL, "hyperfine");
	assert_int_equal(run->nresults, 2);
	at_same(at_result(run, "gzip (level=1, mode=fast)")->mean, 1e9, "level 1");
	assert_true(isnan(at_result(run, "gzip (level=9, mode=fast)")->stddev));
	gb_run_free(run);
}

/*
 * hyperfine 1.19 adds each run's peak memory, "memory_usage_byte": a
 * measure in B, the runs its samples.
 */
static void test_memory(void **state)
{
	static const char json[] =
		"{\"results\": [{\"command\": \"s4 3 files\", "
		"\"mean\": 0.347, \"stddev\": 0.0022, \"median\": 0.3467, "
		"\"user\": 0.297, \"system\": 0.441, \"min\": 0.3439, "
		"\"max\": 0.3547, \"times\": [0.3547, 0.3439, 0.3461], "
		"\"memory_usage_byte\": [138768384, 138833920, 138899456], "
		"\"exit_codes\": [0, 0, 0]}]}";
	const double mem[] = { 138768384, 138833920, 138899456 };
	gb_run *run = at_read_text(json, NULL, "hyperfine");
	const gb_result *r;

	(void)state;
	assert_int_equal(run->nresults, 4);
	r = at_result(run, "s4 3 files [memory_usage]");
	at_kind(r, "B", GB_LOWER_IS_BETTER);
	at_same(r->mean, 138833920, "mean of the runs");
	at_same(r->min, 138768384, "min");
	assert_int_equal(r->count, 3);
	at_samples(r, mem, 3, 1);
	at_same(at_result(run, "s4 3 files")->mean, 0.347e9, "time");
	gb_run_free(run);
}

static void test_truncated(void **state)
{
	(void)state;
	at_truncated("hyperfine/baseline/commands.json", "truncated");
	at_truncated("hyperfine/baseline/gzip-levels.json", "truncated");
}

static void test_malformed(void **state)
{
	const char *f = "hyperfine/baseline/commands.json";

	(void)state;
	at_damaged(f, "\"mean\": 0.050088804540000004", "\"mean\": \"slow\"", NULL,
		"benchmark 'sort': mean is not a number");
	at_damaged(f, "\"mean\": 0.050088804540000004,", "", NULL,
		"benchmark 'sort': missing mean");
	at_damaged(f, "\"command\": \"sort\",", "", NULL,
		"results[0] has no command");
	at_damaged(f, "[\n        0.05230772914,", "[-0.05,", NULL,
		"benchmark 'sort': sample 1 is negative");
	at_damaged(f, "\"mean\": 0.050088804540000004", "\"mean\": 1e300", NULL,
		"benchmark 'sort': its mean is out of range");
	at_damaged(f, "\"command\": \"checksum\"", "\"command\": \"sort\"", NULL,
		"benchmark 'sort' appears more than once");
	at_fails_str("{\"results\": {\"command\": \"x\"}}", "hyperfine",
		"no \"results\" array");
}

/* Junk among the times: the statistics are read, with a warning. */
static void test_junk_in_times(void **state)
{
	char *text = at_changed("hyperfine/baseline/commands.json",
		"[\n        0.05230772914,", "[\"x\",");
	gb_run *run;

	(void)state;
	run = at_read_warned(text, "hyperfine", "benchmark 'sort': times holds "
		"something that is not a number; read from its statistics");
	assert_int_equal(at_result(run, "sort")->nsamples, 0);
	at_same(at_result(run, "sort")->mean, 0.050088804540000004 * 1e9, "mean");
	assert_true(at_result(run, "checksum")->nsamples > 0);
	gb_run_free(run);
	free(text);
}

/* The CSV and markdown exports, named and valued as the JSON. */
static void test_csv_markdown(void **state)
{
	gb_run *json = at_read_fixture("hyperfine/baseline/commands.json", NULL,
		"hyperfine");
	gb_run *csv = at_read_fixture("hyperfine/baseline/commands.csv", NULL,
		"hyperfine");
	gb_run *md = at_read_fixture("hyperfine/baseline/commands.md", NULL,
		"hyperfine");
	size_t i;

	(void)state;
	assert_int_equal(csv->nresults, json->nresults);
	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = at_result_in(csv, j->name, j->measure);

		at_kind(c, j->unit, j->direction);
		at_same(c->mean, j->mean, j->name);
		at_same(c->stddev, j->stddev, j->name);
		at_same(c->min, j->min, j->name);
		/* The markdown table rounds to what it shows: 0.1 ms. */
		if (!strcmp(j->measure, "time"))
			assert_true(fabs(at_result(md, j->name)->mean - j->mean) <= 5e4);
	}
	assert_int_equal(md->nresults, 4);
	gb_run_free(json);
	gb_run_free(csv);
	gb_run_free(md);
	at_fails_str("command,mean,stddev,median,user,system,min,max\n"
		"a,1,2,3\n", NULL,
		"line 2: expected as many columns as the heading, found \"a,1,2,3\"");
	at_fails_str("command,mean,stddev,median,user,system,min,max\n"
		"a,1,x,1,1,1,1,1\n", NULL, "line 2: expected seconds in columns 2 to 8");
	at_fails_str("| Command | Mean [weeks] | Min | Max |\n", NULL,
		"line 1: expected a time unit in \"Mean [<unit>]\"");
	at_fails_str("| Command | Mean [ms] | Min [ms] | Max [ms] |\n|:-|-:|-:|-:|\n"
		"| `a` | 1.0 / 0.1 | 0.5 | 2 |\n", NULL,
		"line 3: expected \"| `<command>` |");
	at_fails_str("| Command | Mean [ms] | Min [ms] | Max [ms] |\n|:-|-:|-:|-:|\n"
		"| `a` | 1.0 \xc2\xb1 | 0.5 | 2 |\n", NULL,
		"line 3: expected \"| `<command>` |");
	at_truncated("hyperfine/baseline/commands.csv", "truncated");
	at_truncated("hyperfine/baseline/commands.md", "truncated");
}

/*
 * hyperfine --runs 1: the markdown prints the mean alone, without "± σ"
 * (it was refused), the CSV a σ of 0 where the JSON has null. The
 * deviation of one run is unknown, never a made-up 0.
 */
static void test_one_run_exports(void **state)
{
	const char *const files[] = { "hyperfine/exports/one-run.csv",
		"hyperfine/exports/one-run.md" };
	const double mean[] = { 0.01456438864e9, 14.6e6 };
	gb_run *run;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		const gb_result *r;

		run = at_read_fixture(files[i], NULL, "hyperfine");
		r = at_result(run, "sleep 0.01");
		at_same(r->mean, mean[i], files[i]);
		at_same(r->min, mean[i], files[i]);
		at_same(r->max, mean[i], files[i]);
		if (!isnan(r->stddev))
			fail_msg("%s: stddev %g, want unknown", files[i], r->stddev);
		gb_run_free(run);
	}
	/* Several runs keep their σ, 0 too when their times differ. */
	run = at_read_text("command,mean,stddev,median,user,system,min,max\n"
		"a,0.002,0,0.002,0.001,0.001,0.001,0.003\n", NULL, "hyperfine");
	assert_true(at_result(run, "a")->stddev == 0);
	gb_run_free(run);
	run = at_read_text("| Command | Mean [ms] | Min [ms] | Max [ms] |\n"
		"|:-|-:|-:|-:|\n| `a` | 2.0 \xc2\xb1 0.3 | 1.5 | 2.5 |\n", NULL,
		"hyperfine");
	at_same(at_result(run, "a")->stddev, 0.3e6, "md");
	gb_run_free(run);
}

/*
 * The markdown prints milliseconds with a few digits: each figure is the
 * decimal written, in ns (1001000, not 1000999.9999999999 = 1.001 * 1e6).
 * The CSV writes every double whole, as the JSON does: the same run in
 * either form is the same values (a run exported twice counts once).
 */
static void test_exports_decimal(void **state)
{
	gb_run *run, *json;
	const gb_result *r;

	(void)state;
	run = at_read_text("command,mean,stddev,median,user,system,min,max\n"
		"a,0.067,0.001,0.134,0.267,0.534,0.535,1.001\n", NULL,
		"hyperfine");
	json = at_read_text("{\"results\": [{\"command\": \"a\", "
		"\"mean\": 0.067, \"stddev\": 0.001, \"median\": 0.134, "
		"\"user\": 0.267, \"system\": 0.534, \"min\": 0.535, "
		"\"max\": 1.001, \"times\": null}]}", NULL, "hyperfine");
	assert_int_equal(run->nresults, json->nresults);
	assert_true(gb_result_same_values(at_result(run, "a"),
		at_result(json, "a")));
	assert_true(gb_result_same_values(at_result_in(run, "a", "user"),
		at_result_in(json, "a", "user")));
	gb_run_free(run);
	gb_run_free(json);
	run = at_read_text("| Command | Mean [ms] | Min [ms] | Max [ms] |\n"
		"|:-|-:|-:|-:|\n| `a` | 1.001 \xc2\xb1 1.003 | 1.005 | 1.007 |\n",
		NULL, "hyperfine");
	r = at_result(run, "a");
	assert_true(r->mean == 1001000 && r->stddev == 1003000 &&
		r->min == 1005000 && r->max == 1007000);
	gb_run_free(run);
}

/*
 * The same command twice (`hyperfine 'sleep 0.01' 'sleep 0.01'`): two
 * benchmarks of one name, refused in every form hyperfine writes, naming
 * the benchmark (not its system time, the measure that sorts first) and
 * the way to name them apart.
 */
static void test_same_command_twice(void **state)
{
	const char *const files[] = { "hyperfine/exports/twice.csv",
		"hyperfine/console/twice.txt" };
	size_t len, i;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		text = th_slurp(th_fixture(files[i]), &len);
		at_fails(text, len, NULL, "benchmark 'sleep 0.01' appears more "
			"than once: hyperfine ran two commands of that name; name "
			"them apart with --command-name");
		free(text);
	}
	at_damaged("hyperfine/baseline/commands.json", "\"command\": \"checksum\"",
		"\"command\": \"sort\"", NULL, "benchmark 'sort' appears more "
		"than once: hyperfine ran two commands of that name");
}

/*
 * hyperfine -i keeps the times of a command that failed: read, and said
 * in one warning naming it (its exit codes are in the export).
 */
static void test_ignored_failures(void **state)
{
	gb_run *run;

	(void)state;
	run = at_fixture_warned("hyperfine/baseline/ignore-failure.json",
		"hyperfine", "'false' exited non-zero in 3 of its 3 runs "
		"(hyperfine -i): its times are of a failing command");
	assert_non_null(gb_run_find(run, "false"));
	assert_non_null(gb_run_find(run, "true"));
	gb_run_free(run);
	/* What hyperfine prints of it (stderr captured too): the same. */
	run = at_fixture_warned("hyperfine/console/ignore-failure.txt",
		"hyperfine", "input: 'sh -c \"exit 3\"' exited non-zero "
		"(hyperfine -i): its times are of a failing command");
	assert_int_equal(run->nresults, 6);
	at_same(at_result(run, "sh -c \"exit 3\"")->mean, 27.7e6, "-i");
	gb_run_free(run);
}

/*
 * A command with a newline in it, as hyperfine 1.15 quotes it in its CSV
 * (RFC 4180: the field goes on over the line). It was refused as a row
 * of too few columns; a file that ends inside the quotes still is.
 */
static void test_csv_quoted_newline(void **state)
{
	gb_run *run;
	const gb_result *r;

	(void)state;
	run = at_read_text("command,mean,stddev,median,user,system,min,max\n"
		"\"new\nline\",0.0026,0.0003,0.0025,0.0016,0.0008,0.0023,0.0029\n"
		"\"quo\"\"te,comma\",0.0024,0.0003,0.0024,0.0015,0.0007,0.0022,0.0028\n",
		NULL, "hyperfine");
	assert_int_equal(run->nresults, 6);
	assert_non_null(r = at_result_in(run, "new\nline", GB_MEASURE_TIME));
	assert_true(r->mean == 0.0026 * 1e9);
	assert_non_null(at_result_in(run, "quo\"te,comma", GB_MEASURE_TIME));
	gb_run_free(run);
	at_fails_str("command,mean,stddev,median,user,system,min,max\n"
		"\"new\nline,0.0026,0.0003,0.0025,0.0016,0.0008,0.0023,0.0029\n",
		"hyperfine", "line 2: expected a whole row");
}

/*
 * What hyperfine prints, against the JSON of the same run: the figures
 * to the digits printed (0.1 ms here), the runs, user and system.
 */
static void test_console(void **state)
{
	gb_run *json = at_read_fixture("hyperfine/baseline/commands.json", NULL,
		"hyperfine");
	gb_run *out = at_read_fixture("hyperfine/baseline/commands.stdout.txt",
		NULL, "hyperfine");
	size_t i;

	(void)state;
	for (i = 0; i < json->nresults; i++) {
		const gb_result *j = &json->results[i];
		const gb_result *c = at_counterpart(out, json, i);

		assert_true(fabs(c->mean - j->mean) <= 5e4 + 1e-6);
		if (!strcmp(j->measure, "time")) {
			assert_true(fabs(c->stddev - j->stddev) <= 5e4 + 1e-6);
			assert_true(fabs(c->min - j->min) <= 5e4 + 1e-6);
			assert_true(fabs(c->max - j->max) <= 5e4 + 1e-6);
			assert_int_equal(c->count, j->count);
		}
	}
	at_same(at_result(out, "sort")->mean, 50.1e6, "sort");
	at_same(at_result(out, "sort [system]")->mean, 10.8e6, "sort system");
	gb_run_free(json);
	gb_run_free(out);
	/* A parameter scan prints the command as run, not its parameters. */
	out = at_read_fixture("hyperfine/baseline/gzip-levels.stdout.txt", NULL,
		"hyperfine");
	assert_int_equal(out->nresults, 9);
	at_same(at_result(out, "gzip -9 -c data.txt > /dev/null")->max, 117.0e6,
		"gzip -9");
	gb_run_free(out);
	/* Real runs: one run ("abs"), and colours with stderr's warning. */
	out = at_read_fixture("hyperfine/console/single-run.txt", NULL,
		"hyperfine");
	at_same(at_result(out, "sleep 0.01")->mean, 19.8e6, "abs");
	assert_int_equal(at_result(out, "sleep 0.01")->count, 1);
	gb_run_free(out);
	out = at_read_fixture("hyperfine/console/style-color.txt", NULL,
		"hyperfine");
	assert_int_equal(out->nresults, 6);
	at_same(at_result(out, "nap \"x\"")->stddev, 0.7e6, "colour");
	at_same(at_result(out, "true")->max, 1.5e6, "colour");
	gb_run_free(out);
}

/*
 * hyperfine before 1.12 named each benchmark "Benchmark #<n>:", the rest
 * as now: real outputs from projects' READMEs.
 */
static void test_console_before_1_12(void **state)
{
	gb_run *run = at_read_fixture("hyperfine/real/rsfetch-old-hash.txt",
		NULL, "hyperfine");
	const gb_result *r;

	(void)state;
	assert_int_equal(run->nresults, 12);
	r = at_result(run, "./target/release/rsfetch");
	at_same(r->mean, 1.7e6, "rsfetch");
	at_same(r->stddev, 0.5e6, "rsfetch sd");
	at_same(r->max, 4.8e6, "rsfetch max");
	assert_int_equal(r->count, 602);
	at_same(at_result(run, "ufetch [system]")->mean, 10.1e6, "ufetch");
	gb_run_free(run);
	run = at_read_fixture("hyperfine/real/pi-monte-carlo-seconds.txt",
		"hyperfine", "hyperfine");
	assert_int_equal(run->nresults, 3);
	r = at_result(run, "python python/pi-monte-carlo.py");
	at_same(r->mean, 5.666e9, "pi");
	at_same(r->min, 5.584e9, "pi min");
	assert_int_equal(r->count, 10);
	gb_run_free(run);
	at_fails_str("Benchmark #: true\n  Time (mean \xc2\xb1 \xcf\x83):"
		"  1.0 ms \xc2\xb1 0.1 ms\n", "hyperfine",
		"no benchmark results");
}

/* stderr captured with it, colours, a single run, then what is refused. */
static void test_console_variants(void **state)
{
	static const char *const mean = "  Time (mean \xc2\xb1 \xcf\x83):";
	static const char *const range = "  Range (min \xe2\x80\xa6 max):";
	gb_buf text = GB_BUF_INIT;
	gb_run *run;

	(void)state;
	gb_buf_printf(&text, "Benchmark 1: sort\n%s 50.1 ms \xc2\xb1 1.1 ms "
		"[User: 44.8 ms, System: 10.8 ms]\n \n  Warning: Statistical "
		"outliers were detected.\n%s 48.3 ms \xe2\x80\xa6 52.3 ms "
		"15 runs\n \n\x1b[1mBenchmark \x1b[0m\x1b[1m2\x1b[0m: sleep 1\n"
		"  Time (\x1b[32;1mabs\x1b[0m \xe2\x89\xa1):  \x1b[32;1m1.002 s"
		"\x1b[0m   [User: \x1b[34m1.3 ms\x1b[0m, System: 97.1 \xc2\xb5s]\n"
		" \nSummary\n  'sort' ran\n   19.99 \xc2\xb1 0.44 times faster "
		"than 'sleep 1'\n", mean, range);
	run = at_read_text(text.ptr, NULL, "hyperfine");
	assert_int_equal(run->nresults, 6);
	assert_int_equal(at_result(run, "sort")->count, 15);
	at_same(at_result(run, "sort")->min, 48.3e6, "min");
	at_same(at_result(run, "sleep 1")->mean, 1.002e9, "abs");
	assert_true(isnan(at_result(run, "sleep 1")->stddev));
	assert_int_equal(at_result(run, "sleep 1")->count, 1);
	at_same(at_result(run, "sleep 1 [system]")->mean, 97.1e3, "µs");
	gb_run_free(run);

	gb_buf_clear(&text);
	gb_buf_printf(&text, "Benchmark 1: a\n%s 5 ms \xc2\xb1 1 ms "
		"[User: 1 ms, System: 1 ms]\nBenchmark 2: b\n", mean);
	at_fails_str(text.ptr, NULL, "line 3: expected \"Range (min");
	gb_buf_clear(&text);
	gb_buf_printf(&text, "Benchmark 1: a\n%s 5 ms \xc2\xb1 1 ms "
		"[User: 1 ms, System: 1 ms]\n", mean);
	at_fails_str(text.ptr, NULL, "truncated: it ends before the Range line "
		"of benchmark 'a' (named on line 1)");
	gb_buf_clear(&text);
	gb_buf_printf(&text, "Benchmark 1: a\n%s 5 weeks \xc2\xb1 1 ms "
		"[User: 1 ms, System: 1 ms]\n", mean);
	at_fails_str(text.ptr, NULL, "line 2: expected \"Time (mean");
	gb_buf_clear(&text);
	gb_buf_printf(&text, "Benchmark 1: a\n%s 5 ms \xc2\xb1 1 ms "
		"[User: 1 ms, System: 1 ms]\n%s 4 ms \xe2\x80\xa6 6 ms 1.5 runs\n",
		mean, range);
	at_fails_str(text.ptr, NULL, "line 3: expected \"Range (min");
	at_fails_str("Benchmark 1: a\nsomething else\n", "hyperfine",
		"the run ended before the Time line of benchmark 'a' (named on "
		"line 1): hyperfine stopped (a command failed) or the output was "
		"cut");
	at_fails_str("Benchmark 1: a\nsomething else\nBenchmark 2: b\n",
		"hyperfine", "line 3: expected \"Time (mean");
	at_truncated("hyperfine/baseline/commands.stdout.txt", "truncated");
	gb_buf_dispose(&text);
}

/*
 * --show-output: what each command printed comes between its name and
 * its Time line (it was refused as a missing Time line).
 */
static void test_console_show_output(void **state)
{
	gb_run *run = at_read_fixture("hyperfine/console/show-output.txt",
		NULL, "hyperfine");
	const gb_result *r;

	(void)state;
	assert_int_equal(run->nresults, 6);
	r = at_result(run, "printf \"a\\nb\\n\"");
	at_same(r->mean, 2.3e6, "mean");
	at_same(r->max, 3.3e6, "max");
	assert_int_equal(r->count, 2);
	at_same(at_result(run, "echo some output [user]")->mean, 1.7e6, "user");
	gb_run_free(run);
}

/*
 * Captured from a terminal (script(1)): each line holds the progress
 * bar's states, each ended by "\r" and "ESC[2K", then the text, and
 * lines end in CRLF. It was not detected, nor read.
 */
static void test_console_terminal(void **state)
{
	gb_run *run = at_read_fixture("hyperfine/console/terminal.txt", NULL,
		"hyperfine");
	const gb_result *r;
	size_t len;
	char *text;

	(void)state;
	assert_int_equal(run->nresults, 6);
	r = at_result(run, "sleep 0.01");
	at_same(r->mean, 25.9e6, "mean");
	at_same(r->stddev, 12.8e6, "stddev");
	at_same(r->min, 14.4e6, "min");
	at_same(r->max, 39.6e6, "max");
	assert_int_equal(r->count, 3);
	at_same(at_result(run, "sleep 0.02")->mean, 44.7e6, "mean");
	at_same(at_result(run, "sleep 0.02 [system]")->mean, 2.2e6, "system");
	gb_run_free(run);
	/* Cut inside a line of the progress bar, before any Time line to
	 * detect it by: read as hyperfine, refused as cut. */
	text = th_slurp(th_fixture("hyperfine/console/terminal.txt"), &len);
	at_fails(text, len / 2, "hyperfine", "truncated");
	free(text);
}

/*
 * A command that failed without -i: hyperfine prints "Error: ..." under
 * its name and stops. The benchmarks measured before are kept, the
 * failed one is left out with a warning quoting the error. Without the
 * error (stdout alone) the output cannot be told from a cut one: refused,
 * saying both.
 */
static void test_console_aborted(void **state)
{
	gb_run *run;
	size_t len;
	char *text;

	(void)state;
	run = at_fixture_warned("hyperfine/console/abort.txt", "hyperfine",
		"input: 1 benchmark failed and is left out ('false': Error: "
		"Command terminated with non-zero exit code: 1. Use the");
	assert_int_equal(run->nresults, 3);
	at_same(at_result(run, "sleep 0.01")->mean, 31.3e6, "kept");
	assert_null(gb_run_find(run, "false"));
	gb_run_free(run);
	text = th_slurp(th_fixture("hyperfine/console/abort-stdout.txt"), &len);
	at_fails(text, len, NULL, "bad.input: the run ended before the Time "
		"line of benchmark 'false' (named on line 5): hyperfine stopped "
		"(a command failed) or the output was cut");
	free(text);
	at_fails_str("Benchmark 1: false\nError: Command terminated with "
		"non-zero exit code: 1.\n", "hyperfine", "every benchmark failed "
		"('false': Error: Command terminated with non-zero exit code: 1.)");
	/* An "Error:" that the command printed, its Time line after it. */
	run = at_read_warned("Benchmark 1: a\nError: x\n  Time (mean \xc2\xb1 "
		"\xcf\x83): 5 ms \xc2\xb1 1 ms [User: 1 ms, System: 1 ms]\n"
		"  Range (min \xe2\x80\xa6 max): 4 ms \xe2\x80\xa6 6 ms 2 runs\n"
		"Benchmark 2: b\nError: Command terminated\n", "hyperfine",
		"input: 1 benchmark failed and is left out ('b': Error: Command "
		"terminated)");
	at_same(at_result(run, "a")->mean, 5e6, "a");
	assert_int_equal(run->nresults, 3);
	gb_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_junk_in_times),
		cmocka_unit_test(test_csv_markdown),
		cmocka_unit_test(test_exports_decimal),
		cmocka_unit_test(test_csv_quoted_newline),
		cmocka_unit_test(test_ignored_failures),
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_console_variants),
		cmocka_unit_test(test_console_before_1_12),
		cmocka_unit_test(test_console_show_output),
		cmocka_unit_test(test_console_terminal),
		cmocka_unit_test(test_console_aborted),
		cmocka_unit_test(test_one_run_exports),
		cmocka_unit_test(test_same_command_twice),
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_parameters_keep_names_apart),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
