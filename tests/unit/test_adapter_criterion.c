/* The Criterion.rs adapter against the real target/criterion trees. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "adapter_test.h"

static const char *const benches[] = {
	"add_two_numbers", "fibonacci/iterative/10", "fibonacci/iterative/20",
	"fibonacci/recursive/10", "fibonacci/recursive/20", "sort/1000",
	"sort/10000", "sum_of_squares",
};

static cJSON *load(const char *tree, const char *bench, const char *file)
{
	char rel[512];
	char *text;
	cJSON *json;

	snprintf(rel, sizeof(rel), "criterion/%s/criterion/%s/new/%s", tree,
		bench, file);
	text = th_slurp(th_fixture(rel), NULL);
	json = cJSON_Parse(text);
	free(text);
	assert_non_null(json);
	return json;
}

static double point(const cJSON *est, const char *key)
{
	const cJSON *e = cJSON_GetObjectItem(est, key);

	if (!cJSON_IsObject(e))
		return NAN;
	return cJSON_GetObjectItem(e, "point_estimate")->valuedouble;
}

static void same(double a, double b)
{
	if (isnan(a) || isnan(b))
		assert_true(isnan(a) && isnan(b));
	else
		assert_true(a == b);
}

static void check_tree(const char *tree)
{
	char rel[256];
	gb_run *run = NULL;
	const char *used = NULL;
	size_t i, k;

	snprintf(rel, sizeof(rel), "criterion/%s/criterion", tree);
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read(run, th_fixture(rel), NULL, &used), 0);
	assert_string_equal(used, "criterion");
	/* Each benchmark's time, and the throughput of sort/1000 and 10000. */
	assert_int_equal(run->nresults, (sizeof(benches) / sizeof(benches[0])) + 2);
	for (i = 0; i < (sizeof(benches) / sizeof(benches[0])); i++) {
		const gb_result *r = at_result_in(run, benches[i], "time");
		cJSON *est = load(tree, benches[i], "estimates.json");
		cJSON *sample = load(tree, benches[i], "sample.json");
		const cJSON *iters = cJSON_GetObjectItem(sample, "iters");
		const cJSON *times = cJSON_GetObjectItem(sample, "times");
		double lo = INFINITY, hi = -INFINITY, total = 0;

		assert_string_equal(r->name, benches[i]);
		assert_string_equal(r->unit, "ns");
		assert_int_equal(r->direction, GB_LOWER_IS_BETTER);
		same(r->mean, point(est, "mean"));
		same(r->median, point(est, "median"));
		same(r->stddev, point(est, "std_dev"));
		same(r->slope, point(est, "slope"));
		assert_int_equal(r->nsamples, cJSON_GetArraySize(iters));
		for (k = 0; k < r->nsamples; k++) {
			double it = cJSON_GetArrayItem(iters, (int)k)->valuedouble;
			double t = cJSON_GetArrayItem(times, (int)k)->valuedouble;

			assert_true(r->samples[k] == t / it);
			lo = fmin(lo, t / it);
			hi = fmax(hi, t / it);
			total += it;
		}
		assert_true(r->min == lo);
		assert_true(r->max == hi);
		assert_int_equal(r->count, r->nsamples);
		assert_int_equal(r->iterations, (uint64_t)total);
		cJSON_Delete(est);
		cJSON_Delete(sample);
	}
	gb_run_free(run);
}

static void test_baseline_tree(void **state)
{
	(void)state;
	check_tree("baseline");
}

/* slow/ also has change/ directories and a slope that is null. */
static void test_slow_tree(void **state)
{
	(void)state;
	check_tree("slow");
}

/*
 * A benchmark.json with a "throughput" of {"Elements": n} has a result
 * in "throughput" beside its time: n per iteration over the time, in
 * elem/s, higher is better, each sample the rate of that sample.
 */
static void test_throughput(void **state)
{
	static const struct {
		const char *bench;
		double n;
	} thr[] = { { "sort/1000", 1000 }, { "sort/10000", 10000 } };
	gb_run *run = NULL;
	size_t i, k;

	(void)state;
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read(run,
		th_fixture("criterion/slow/criterion"), "criterion", NULL), 0);
	for (i = 0; i < (sizeof(thr) / sizeof(thr[0])); i++) {
		const gb_result *t = at_result_in(run, thr[i].bench, "time");
		const gb_result *r = at_result_in(run, thr[i].bench,
			"throughput");
		double lo = INFINITY, hi = -INFINITY;

		at_kind(r, "elem/s", GB_HIGHER_IS_BETTER);
		at_same(r->mean, thr[i].n * 1e9 / t->mean, "mean rate");
		at_same(r->median, thr[i].n * 1e9 / t->median, "median rate");
		at_same(r->stddev, thr[i].n * 1e9 * t->stddev /
			(t->mean * t->mean), "spread of the rate");
		assert_int_equal(r->nsamples, t->nsamples);
		for (k = 0; k < r->nsamples; k++) {
			at_same(r->samples[k], thr[i].n * 1e9 / t->samples[k],
				"sample rate");
			lo = fmin(lo, r->samples[k]);
			hi = fmax(hi, r->samples[k]);
		}
		at_same(r->min, lo, "slowest rate");
		at_same(r->max, hi, "fastest rate");
		assert_int_equal(r->iterations, t->iterations);
	}
	/* As Criterion printed it: "thrpt: [... 189.61 Melem/s ...]". */
	assert_true(fabs(at_result_in(run, "sort/1000", "throughput")->mean -
		189.61e6) < 0.01e6);
	assert_null(gb_run_find_measure(run, "sum_of_squares", "throughput"));
	gb_run_free(run);
}

/* The directory of one benchmark, or a group, reads as well. */
static void test_subtree(void **state)
{
	gb_run *run = NULL;

	(void)state;
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read(run,
				 th_fixture("criterion/baseline/criterion/fibonacci"),
				 "criterion", NULL), 0);
	assert_int_equal(run->nresults, 4);
	assert_string_equal(run->results[0].name, "fibonacci/iterative/10");
	gb_run_free(run);
}

typedef struct {
	char *dir;
	char tree[4096];
} scratch;

static int setup(void **state)
{
	scratch *s = calloc(1, sizeof(*s));

	s->dir = th_tmpdir();
	snprintf(s->tree, sizeof(s->tree), "%s/criterion", s->dir);
	assert_int_equal(th_sh(s->dir, "cp -r '%s' criterion",
				 th_fixture("criterion/baseline/criterion")), 0);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	scratch *s = *state;

	th_tmpdir_remove(s->dir);
	free(s);
	return 0;
}

/* A damaged file: one-line error naming it, nothing added to the run. */
static void expect_failure(scratch *s, const char *damage, const char *file,
	const char *problem)
{
	gb_run *run = NULL;
	gb_result *r;
	const char *msg;

	assert_int_equal(th_sh(s->tree, "%s", damage), 0);
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_run_add_result(&r, run, "kept", "ns",
				 GB_LOWER_IS_BETTER), 0);
	assert_true(gb_adapter_read(run, s->tree, NULL, NULL) < 0);
	msg = gb_error_last()->message;
	if (!strstr(msg, file) || !strstr(msg, problem))
		fail_msg("'%s' should name %s and say %s", msg, file, problem);
	assert_null(strchr(msg, '\n'));
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

static void test_truncated_estimates(void **state)
{
	expect_failure(*state,
		"f=sort/1000/new/estimates.json && head -c 100 $f > t && mv t $f",
		"sort/1000/new/estimates.json", "truncated");
}

static void test_estimates_not_json(void **state)
{
	expect_failure(*state,
		"echo 'not json' > sum_of_squares/new/estimates.json",
		"sum_of_squares/new/estimates.json", "not valid JSON");
}

static void test_mean_missing(void **state)
{
	expect_failure(*state,
		"echo '{\"median\":{\"point_estimate\":1}}' > add_two_numbers/new/estimates.json",
		"add_two_numbers/new/estimates.json", "missing mean");
}

static void test_mean_not_number(void **state)
{
	expect_failure(*state,
		"echo '{\"mean\":{\"point_estimate\":\"fast\"}}' > add_two_numbers/new/estimates.json",
		"add_two_numbers/new/estimates.json", "mean.point_estimate is not a number");
}

static void test_estimates_missing(void **state)
{
	expect_failure(*state, "rm sort/10000/new/estimates.json",
		"sort/10000/new/estimates.json", "cannot open");
}

static void test_samples_mismatch(void **state)
{
	expect_failure(*state,
		"echo '{\"iters\":[1,2],\"times\":[1]}' > sort/1000/new/sample.json",
		"sort/1000/new/sample.json", "differ in length");
}

static void test_samples_zero_iters(void **state)
{
	expect_failure(*state,
		"echo '{\"iters\":[0],\"times\":[1]}' > sort/1000/new/sample.json",
		"sort/1000/new/sample.json", "sample 1");
}

static void test_benchmark_json_empty(void **state)
{
	expect_failure(*state, ": > sort/1000/new/benchmark.json",
		"sort/1000/new/benchmark.json", "not valid JSON");
}

static void test_no_results(void **state)
{
	scratch *s = *state;
	gb_run *run = NULL;

	(void)state;
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(th_sh(s->dir, "mkdir empty"), 0);
	snprintf(s->tree, sizeof(s->tree), "%s/empty", s->dir);
	assert_true(gb_adapter_read(run, s->tree, "criterion", NULL) < 0);
	assert_non_null(strstr(gb_error_last()->message, "no Criterion.rs results"));
	assert_true(gb_adapter_read(run, s->tree, NULL, NULL) < 0);
	assert_non_null(strstr(gb_error_last()->message, "no benchmark results"));
	snprintf(s->tree, sizeof(s->tree), "%s/missing", s->dir);
	assert_int_equal(gb_adapter_read(run, s->tree, NULL, NULL), GB_ENOTFOUND);
	assert_int_equal(run->nresults, 0);
	assert_int_equal(gb_adapter_read(run, s->dir, "nonsense", NULL), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "known: criterion"));
	gb_run_free(run);
}

/*
 * A tree cargo-criterion wrote holds CBOR under data/, no
 * new/benchmark.json: the error says what to record instead, auto or not,
 * from target/ or target/criterion/; an empty tree does not.
 */
static void test_cargo_criterion_tree(void **state)
{
	static const char hint[] = "cargo-criterion wrote this tree (CBOR "
		"under data/), which is not read; record what `cargo criterion "
		"--message-format=json` prints instead";
	scratch *s = *state;
	gb_run *run = NULL;

	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(th_sh(s->dir, "mkdir -p target/criterion/reports "
		"target/criterion/data/main/hash_1024 && "
		": > target/criterion/data/main/hash_1024/benchmark.cbor && "
		": > target/criterion/data/main/hash_1024/"
		"measurement_241206120000.cbor"), 0);
	snprintf(s->tree, sizeof(s->tree), "%s/target/criterion", s->dir);
	assert_int_equal(gb_adapter_read(run, s->tree, NULL, NULL),
		GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "no benchmark results "
		"found in this directory: cargo-criterion wrote"));
	assert_non_null(strstr(gb_error_last()->message, hint));
	assert_null(strchr(gb_error_last()->message, '\n'));
	assert_int_equal(gb_adapter_read(run, s->tree, "criterion", NULL),
		GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "no Criterion.rs "
		"results (no */new/benchmark.json): cargo-criterion wrote"));
	snprintf(s->tree, sizeof(s->tree), "%s/target", s->dir);
	assert_true(gb_adapter_read(run, s->tree, NULL, NULL) < 0);
	assert_non_null(strstr(gb_error_last()->message, hint));
	snprintf(s->tree, sizeof(s->tree), "%s/target/criterion/reports",
		s->dir);
	assert_true(gb_adapter_read(run, s->tree, NULL, NULL) < 0);
	assert_null(strstr(gb_error_last()->message, "cargo-criterion"));
	assert_int_equal(run->nresults, 0);
	gb_run_free(run);
}

/*
 * What cargo bench printed: the estimate of "time:", names on their own
 * line when long, "change:" blocks and throughputs not taken as times.
 */
static void test_console(void **state)
{
	gb_run *run = at_read_fixture("criterion/console/cargo-bench-0.5.txt",
		NULL, "criterion");

	(void)state;
	at_kind(at_result(run, "parse/small"), "ns", GB_LOWER_IS_BETTER);
	at_same(at_result(run, "parse/small")->mean, 414.19, "ns");
	at_same(at_result(run, "parse/large")->mean, 41402, "\xc2\xb5s");
	at_same(at_result(run, "serialize/a_benchmark_with_a_name_longer_than_"
		"its_column")->mean, 1.0153e6, "ms, name above");
	at_same(at_result(run, "roundtrip 64 bytes")->mean, 88.406, "spaces");
	/* thrpt: its middle figure, MiB and GiB 1024-based, in B/s. */
	at_kind(at_result(run, "parse/small [throughput]"), "B/s",
		GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "parse/small [throughput]")->mean,
		221.06 * 1048576, "MiB/s");
	at_same(at_result(run, "parse/large [throughput]")->mean,
		2.2119 * 1073741824, "GiB/s");
	assert_int_equal(run->nresults, 6);
	gb_run_free(run);
	run = at_read_fixture("criterion/baseline/cargo-bench.stdout.txt", NULL,
		"criterion");
	at_same(at_result(run, "add_two_numbers")->mean, 0.51731, "ps");
	at_kind(at_result(run, "sort/1000 [throughput]"), "elem/s",
		GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "sort/1000 [throughput]")->mean, 194.31e6,
		"Melem/s");
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
	at_damaged("criterion/console/cargo-bench-0.5.txt", "[412.73 ns 414.19 ns",
		"[412.73 ns 414.19 furlongs", NULL, "line 4: expected \"time: [<n> "
		"<unit> <n> <unit> <n> <unit>]\"");
	at_fails_str("                        time:   [1 ns 2 ns 3 ns]\n", "criterion",
		"line 1: a time with no benchmark name before it");
	at_damaged("criterion/console/cargo-bench-0.5.txt", "[220.18 MiB/s",
		"[fast MiB/s", NULL, "line 5: expected \"thrpt: [<n> <unit>");
	at_damaged("criterion/console/cargo-bench-0.5.txt", "221.84 MiB/s",
		"221.84 Melem/s", NULL, "line 5: expected \"thrpt: [<n> <unit>");
	/* Bytes after elements: Throughput::ElementsAndBytes. */
	run = at_read_text("x  time:   [1 ns 2 ns 3 ns]\n"
		"   thrpt:  [0.9 Gelem/s 1 Gelem/s 1.1 Gelem/s]\n"
		"   thrpt:  [7 KB/s 8 KB/s 9 KB/s]\n", "criterion", "criterion");
	at_same(at_result(run, "x [throughput]")->mean, 1e9, "Gelem/s");
	at_kind(at_result(run, "x [throughput-bytes]"), "B/s",
		GB_HIGHER_IS_BETTER);
	at_same(at_result(run, "x [throughput-bytes]")->mean, 8e3, "KB/s");
	gb_run_free(run);
	/* A measurement of the user's own, time per element: time alone. */
	run = at_read_warned("x  time:   [1 ns 2 ns 3 ns]\n"
		"   thrpt:  [1 ns/elem 2 ns/elem 3 ns/elem]\n", "criterion",
		"line 2: a throughput in a unit other than elem/s or B/s");
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
	at_truncated("criterion/console/cargo-bench-0.5.txt", "truncated");
	at_truncated("criterion/baseline/cargo-bench.stdout.txt", "truncated");
}

/* ---- Criterion.rs 0.3.6 itself: tests/fixtures/criterion/shapes -------- */

#define SHAPES "criterion/shapes/"

/* The estimate `key` of the benchmark in `dir` of a tree of shapes/. */
static double tree_point(const char *tree, const char *dir, const char *key)
{
	char rel[512];
	cJSON *est;
	double v;

	snprintf(rel, sizeof(rel), SHAPES "%s/criterion/%s/new/estimates.json",
		tree, dir);
	est = at_load_json(rel);
	v = point(est, key);
	cJSON_Delete(est);
	return v;
}

/* Benchmark `name`, in folder `dir` of the tree, read as its files say. */
static void tree_same(const gb_run *run, const char *tree, const char *name,
	const char *dir)
{
	const gb_result *r = at_result_in(run, name, "time");

	at_same(r->mean, tree_point(tree, dir, "mean"), name);
	at_same(r->median, tree_point(tree, dir, "median"), name);
}

/*
 * A benchmark's folder may hold another's: bench_function("coll") beside
 * the group "coll" with "inner", and "g/f" beside BenchmarkId::new("f", 5).
 */
static void test_nested_benchmarks(void **state)
{
	gb_run *run = at_read_fixture(SHAPES "run1/criterion", NULL, "criterion");

	(void)state;
	tree_same(run, "run1", "coll", "coll");
	tree_same(run, "run1", "coll/inner", "coll/inner");
	tree_same(run, "run1", "g/f", "g/f");
	tree_same(run, "run1", "g/f/5", "g/f/5");
	/* 25 benchmarks, two of them with a throughput. */
	assert_int_equal(run->nresults, 27);
	gb_run_free(run);
}

/*
 * Benchmarks called "report" (at the top, and in group "gen") or starting
 * with a dot (BenchmarkId::new("parse", ".gitignore")) are read; the HTML
 * report's folders give nothing. Without sizes/0, whose throughput is 0.
 */
static void test_names_like_criterions_folders(void **state)
{
	scratch *s = *state;
	gb_run *run = NULL;

	assert_int_equal(th_sh(s->dir, "cp -r '%s' x && rm -r x/sizes/0",
				 th_fixture(SHAPES "X/criterion")), 0);
	snprintf(s->tree, sizeof(s->tree), "%s/x", s->dir);
	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_adapter_read(run, s->tree, NULL, NULL), 0);
	tree_same(run, "X", "report", "report");
	tree_same(run, "X", "gen/report", "gen/report");
	tree_same(run, "X", "files/parse/.gitignore", "files/parse/.gitignore");
	tree_same(run, "X", "files/parse/Cargo.toml", "files/parse/Cargo.toml");
	/* 7 benchmarks, 3 with a throughput. */
	assert_int_equal(run->nresults, 10);
	gb_run_free(run);
}

/*
 * Throughput::Elements(0), the first of a size loop: the time is read, the
 * rate left out with a warning naming it, in the tree and the console.
 */
static void test_throughput_of_zero(void **state)
{
	gb_run *run;
	const char *w;

	(void)state;
	at_warnings_start();
	run = at_read_fixture(SHAPES "X/criterion", NULL, "criterion");
	w = at_warnings();
	if (!strstr(w, "sizes/0/new/benchmark.json: benchmark 'sizes/0' has a "
		    "throughput of 0 per iteration: its time is read, its rate "
		    "(0 elem/s) left out\n"))
		fail_msg("warnings '%s'", w);
	tree_same(run, "X", "sizes/0", "sizes/0");
	assert_null(gb_run_find_measure(run, "sizes/0", "throughput"));
	at_kind(at_result_in(run, "sizes/16", "throughput"), "elem/s",
		GB_HIGHER_IS_BETTER);
	assert_int_equal(run->nresults, 11);
	gb_run_free(run);
	/* "thrpt:  [0.0000  elem/s 0.0000  elem/s 0.0000  elem/s]" */
	run = at_fixture_warned(SHAPES "X/cargo-bench.stdout.txt", "criterion",
		"line 10: benchmark 'sizes/0' has a throughput of 0 per "
		"iteration: its time is read, its rate (0 elem/s) left out");
	at_same(at_result(run, "sizes/0")->mean, 0.15063, "ps");
	assert_null(gb_run_find_measure(run, "sizes/0", "throughput"));
	at_same(at_result(run, "sizes/16 [throughput]")->mean, 1.5507e9,
		"Gelem/s");
	assert_int_equal(run->nresults, 12);
	gb_run_free(run);
}

/* The text with the colours taken out, as --color never prints it. */
static char *without_colours(const char *rel)
{
	char *text = th_slurp(th_fixture(rel), NULL), *r = text, *w = text;

	while (*r)
		if (r[0] == '\x1b' && r[1] == '[') {
			r += strcspn(r, "m");
			r += *r ? 1 : 0;
		} else {
			*w++ = *r++;
		}
	*w = '\0';
	return text;
}

/* `cargo bench -- --color always`, and what a terminal got. */
static void test_console_colours(void **state)
{
	const char *rel = SHAPES "B/cargo-bench.stdout.txt";
	char *plain = without_colours(rel);
	gb_run *run = at_read_fixture(rel, NULL, "criterion");
	gb_run *want = at_read_text(plain, NULL, "criterion");
	size_t i;

	(void)state;
	assert_int_equal(run->nresults, 9);
	for (i = 0; i < want->nresults; i++)
		at_same(at_counterpart(run, want, i)->mean,
			want->results[i].mean, want->results[i].name);
	at_same(at_result(run, "top_level_fast")->mean, 0.88803, "ps");
	at_same(at_result(run, "name_exactly_24_bytes___")->mean, 9.4420,
		"name above");
	gb_run_free(run);
	gb_run_free(want);
	free(plain);
	/* Progress lines rewritten with '\r', and colours. */
	run = at_read_fixture(SHAPES "H/cargo-bench.stdout.txt", NULL,
		"criterion");
	at_same(at_result(run, "top_level_fast")->mean, 0.87185, "ps");
	at_same(at_result(run, "name_exactly_24_bytes___")->mean, 7.1348,
		"name above");
	at_same(at_result(run, "thr/bytes_sum")->mean, 531.45, "ns");
	at_same(at_result(run, "thr/bytes_sum [throughput]")->mean,
		1.7945 * 1073741824, "GiB/s");
	at_same(at_result(run, "thr/elem_sum [throughput]")->mean, 1.9515e9,
		"Gelem/s");
	at_same(at_result(run, "thr/elem_sum")->mean, 512.42, "ns");
	assert_int_equal(run->nresults, 6);
	gb_run_free(run);
}

/* Criterion panicked in "coll": the output stops after it started. */
static void test_console_cut_in_a_benchmark(void **state)
{
	size_t len;
	char *text = th_slurp(th_fixture(SHAPES "G/cargo-bench.stdout.txt"),
		&len);

	(void)state;
	at_fails(text, len, NULL, "truncated: benchmark 'coll' started at "
		"line 24 and has no time");
	free(text);
}

/*
 * stable_sum of two bench binaries of one `cargo bench`: the last is kept,
 * as Criterion's folder keeps it, so the console and the tree agree.
 */
static void test_console_same_name_twice(void **state)
{
	gb_run *run = at_fixture_warned(SHAPES "run1/cargo-bench.stdout.txt",
		"criterion", "line 47: benchmark 'stable_sum' again: it replaces "
		"the earlier one");
	gb_run *tree = at_read_fixture(SHAPES "run1/criterion", NULL,
		"criterion");
	size_t i;

	(void)state;
	/* "time: [1.5008 µs 2.0161 µs 2.5361 µs]", the slope of the tree. */
	at_same(at_result(run, "stable_sum")->mean, 2016.1, "the last");
	assert_true(fabs(tree_point("run1", "stable_sum", "slope") - 2016.1) <
		0.05);
	/* Every name as the tree has it, but those Criterion cut at 100. */
	assert_int_equal(run->nresults, tree->nresults);
	for (i = 0; i < tree->nresults; i++)
		if (strncmp(tree->results[i].name, "params/long/", 12) != 0)
			at_counterpart(run, tree, i);
	gb_run_free(run);
	gb_run_free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console),
		cmocka_unit_test(test_baseline_tree),
		cmocka_unit_test(test_slow_tree),
		cmocka_unit_test(test_throughput),
		cmocka_unit_test(test_subtree),
		cmocka_unit_test_setup_teardown(test_truncated_estimates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estimates_not_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mean_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mean_not_number, setup, teardown),
		cmocka_unit_test_setup_teardown(test_estimates_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples_zero_iters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_benchmark_json_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cargo_criterion_tree,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_results, setup, teardown),
		cmocka_unit_test(test_nested_benchmarks),
		cmocka_unit_test_setup_teardown(test_names_like_criterions_folders,
			setup, teardown),
		cmocka_unit_test(test_throughput_of_zero),
		cmocka_unit_test(test_console_colours),
		cmocka_unit_test(test_console_cut_in_a_benchmark),
		cmocka_unit_test(test_console_same_name_twice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
