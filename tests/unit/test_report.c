/*
 * The report's data: commits, machines, change points and verdicts at the
 * commits where they happen, ranges, filters, and a page that no name in
 * the data can break out of.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "helpers.h"

#define COMMITS 30
#define STEP_AT 20      /* bench/1 is 30% slower from this commit on */

typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *store;
	git_oid ids[COMMITS];
} fixture;

/* Run-to-run noise of about 1%, the same every time the test runs. */
static double jitter(size_t i, size_t k)
{
	return 1 + 0.01 * sin((double)(i * 7 + k * 3) * 1.3);
}

static void record(fixture *f, size_t i, const char *machine, double scale)
{
	gb_run *run = th_run_make(&f->ids[i], 3, 100);
	size_t k;

	for (k = 0; k < run->nresults; k++) {
		run->results[k].mean *= jitter(i, k) * scale;
		if (k == 1 && i >= STEP_AT)
			run->results[k].mean *= 1.3;
	}
	if (machine)
		assert_int_equal(gb_run_set_string(&run->machine, machine), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	gb_run_free(run);
}

/*
 * The history every test starts from, built once (recording 35 runs is
 * most of what this program would otherwise spend) and copied for each.
 */
static fixture made;

static int build(void **state)
{
	fixture *f = &made;
	size_t i;

	(void)state;
	f->store = th_store_new(&f->repo, &f->dir, &f->ids[0]);
	for (i = 1; i < COMMITS; i++) {
		char msg[32];

		snprintf(msg, sizeof(msg), "commit %zu", i);
		th_repo_commit(f->repo, msg, &f->ids[i]);
	}
	for (i = 0; i < COMMITS; i++)
		record(f, i, NULL, 1);
	/* Another machine, twice as slow, on the last five commits. */
	for (i = COMMITS - 5; i < COMMITS; i++)
		record(f, i, "other-machine", 2);
	gb_store_free(f->store);
	git_repository_free(f->repo);
	return 0;
}

static int unbuild(void **state)
{
	(void)state;
	th_tmpdir_remove(made.dir);
	return 0;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	memcpy(f->ids, made.ids, sizeof(f->ids));
	f->dir = th_tmpdir_copy(made.dir);
	assert_int_equal(git_repository_open(&f->repo, f->dir), 0);
	assert_int_equal(gb_store_open(&f->store, f->repo, NULL), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	th_store_dispose(f->store, f->repo, f->dir);
	free(f);
	return 0;
}

static cJSON *report_json(gb_report *r)
{
	gb_buf out = GB_BUF_INIT;
	cJSON *doc;

	assert_int_equal(gb_report_json(&out, r), 0);
	doc = cJSON_Parse(out.ptr);
	assert_non_null(doc);
	gb_buf_dispose(&out);
	return doc;
}

static const cJSON *machine_named(const cJSON *doc, const char *key)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, cJSON_GetObjectItem(doc, "machines")) {
		const cJSON *k = cJSON_GetObjectItem(m, "key");

		if (cJSON_IsString(k) && !strcmp(k->valuestring, key))
			return m;
	}
	fail_msg("no machine %s in the report", key);
	return NULL;
}

static const cJSON *bench_named(const cJSON *machine, const char *name)
{
	const cJSON *b;

	cJSON_ArrayForEach(b, cJSON_GetObjectItem(machine, "benchmarks"))
		if (!strcmp(cJSON_GetObjectItem(b, "name")->valuestring, name))
			return b;
	fail_msg("no benchmark %s in the report", name);
	return NULL;
}

static void test_commits_and_machines(void **state)
{
	fixture *f = *state;
	gb_report *r = NULL;
	gb_report_stats st;
	const cJSON *m, *ids;
	cJSON *doc;
	char hex[GIT_OID_HEXSZ + 1];

	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	gb_report_get_stats(&st, r);
	assert_int_equal(st.commits, COMMITS);
	assert_int_equal(st.machines, 2);
	assert_int_equal(st.benchmarks, 3);
	assert_int_equal(st.points, COMMITS * 3 + 5 * 3);
	assert_true(git_oid_equal(st.newest, &f->ids[COMMITS - 1]));
	doc = report_json(r);
	ids = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "commits"), "id");
	assert_int_equal(cJSON_GetArraySize(ids), COMMITS);
	git_oid_tostr(hex, sizeof(hex), &f->ids[0]);
	assert_string_equal(cJSON_GetArrayItem(ids, 0)->valuestring, hex);
	/* Machines in the order the newest commit's runs have them; each has
	 * its own axis of the commits it measured. */
	m = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "machines"), 0);
	assert_string_equal(cJSON_GetObjectItem(m, "key")->valuestring,
		"test-machine");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "commits")),
		COMMITS);
	m = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "machines"), 1);
	assert_string_equal(cJSON_GetObjectItem(m, "key")->valuestring,
		"other-machine");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(m, "commits")), 5);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "commits"), 0)
				 ->valueint, COMMITS - 5);
	cJSON_Delete(doc);
	gb_report_free(r);
}

static void test_change_point_and_regression_at_the_step(void **state)
{
	fixture *f = *state;
	gb_report *r = NULL;
	const cJSON *m, *b, *cp, *vd, *v;
	cJSON *doc;

	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	doc = report_json(r);
	m = machine_named(doc, "test-machine");
	b = bench_named(m, "bench/1");
	cp = cJSON_GetObjectItem(b, "cp");
	assert_int_equal(cJSON_GetArraySize(cp), 1);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetArrayItem(cp, 0), 0)->valueint,
		STEP_AT);
	assert_true(fabs(cJSON_GetArrayItem(cJSON_GetArrayItem(cp, 0), 1)->valuedouble
			 - 30) < 3);
	vd = cJSON_GetObjectItem(b, "vd");
	assert_int_equal(cJSON_GetArraySize(vd), 1);
	v = cJSON_GetArrayItem(vd, 0);
	assert_int_equal(cJSON_GetArrayItem(v, 0)->valueint, STEP_AT);
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "REGRESSION");
	assert_string_equal(cJSON_GetArrayItem(v, 3)->valuestring, "history");
	/* 1% noise elsewhere: nothing moved. */
	b = bench_named(m, "bench/0");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(b, "cp")), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(b, "vd")), 0);
	cJSON_Delete(doc);
	gb_report_free(r);
}

static void test_range_machine_and_pattern(void **state)
{
	fixture *f = *state;
	gb_report_options o = GB_REPORT_OPTIONS_INIT;
	gb_report *r = NULL;
	gb_report_stats st;

	o.hide = &f->ids[9];
	o.machine = "test-machine";
	o.pattern = "bench/[12]";
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o), 0);
	gb_report_get_stats(&st, r);
	assert_int_equal(st.commits, COMMITS - 10);
	assert_int_equal(st.machines, 1);
	assert_int_equal(st.benchmarks, 2);
	gb_report_free(r);

	o = (gb_report_options)GB_REPORT_OPTIONS_INIT;
	o.any_machine = true;
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o), 0);
	gb_report_get_stats(&st, r);
	assert_int_equal(st.machines, 1);
	assert_int_equal(st.points, COMMITS * 3 + 5 * 3);
	gb_report_free(r);

	o = (gb_report_options)GB_REPORT_OPTIONS_INIT;
	o.pattern = "nothing*";
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o),
		GB_ENOTFOUND);
	assert_true(!strncmp(gb_error_last()->message,
		"no benchmark matches 'nothing*'; did you mean ", 45));

	o = (gb_report_options)GB_REPORT_OPTIONS_INIT;
	o.machine = "nowhere";
	o.range = "HEAD";
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o),
		GB_ENOTFOUND);
	assert_null(r);
	assert_string_equal(gb_error_last()->message,
		"no results of machine 'nowhere' in HEAD");
}

static void test_nothing_measured(void **state)
{
	fixture *f = *state;
	gb_report_options o = GB_REPORT_OPTIONS_INIT;
	gb_report *r = NULL;
	git_oid later;

	th_repo_commit(f->repo, "unmeasured", &later);
	o.hide = &f->ids[COMMITS - 1];
	o.range = "a..b";
	assert_int_equal(gb_report_collect(&r, f->store, &later, &o), GB_ENOTFOUND);
	assert_string_equal(gb_error_last()->message, "no results in a..b");
}

/* Rounded as the command line prints them (1.23 µs): the data stays small. */
static void test_values_are_compact(void **state)
{
	fixture *f = *state;
	gb_report_options o = GB_REPORT_OPTIONS_INIT;
	gb_report *r = NULL;
	gb_buf out = GB_BUF_INIT;
	gb_run *run = th_run_make(&f->ids[0], 1, 1);

	assert_int_equal(gb_run_set_string(&run->results[0].name, "precise"), 0);
	run->results[0].mean = 1234.5678;
	run->results[0].stddev = 0.012345;
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	o.pattern = "precise";
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o), 0);
	assert_int_equal(gb_report_json(&out, r), 0);
	assert_non_null(strstr(out.ptr, "\"v\":[1230]"));
	assert_non_null(strstr(out.ptr, "\"sd\":[0.012]"));
	gb_buf_dispose(&out);
	gb_report_free(r);
	gb_run_free(run);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

/* A name from a harness or a remote is data: it can never become markup. */
static void test_names_cannot_break_out(void **state)
{
	fixture *f = *state;
	const char *evil = "</script><script>alert(1)</script><!--";
	gb_report_options o = GB_REPORT_OPTIONS_INIT;
	gb_report *r = NULL;
	gb_buf page = GB_BUF_INIT, json = GB_BUF_INIT;
	gb_run *run = th_run_make(&f->ids[1], 1, 1);
	cJSON *doc;

	assert_int_equal(gb_run_set_string(&run->results[0].name, evil), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	o.title = "<b>title</b>";
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], &o), 0);
	assert_int_equal(gb_report_html(&page, r), 0);
	assert_int_equal(count(page.ptr, "<script"), 2);
	assert_int_equal(count(page.ptr, "</script"), 2);
	assert_int_equal(count(page.ptr, "<!--"), 0);
	assert_null(strstr(page.ptr, "<b>"));
	assert_non_null(strstr(page.ptr, "<title>&lt;b&gt;title&lt;/b&gt;</title>"));
	assert_non_null(strstr(page.ptr, "Content-Security-Policy"));
	assert_non_null(strstr(page.ptr, "script-src 'sha256-"));
	/* Nothing to fetch: not even a URL in the page. */
	assert_null(strstr(page.ptr, "http://"));
	assert_null(strstr(page.ptr, "https://"));
	/* The data still says the name exactly. */
	assert_int_equal(gb_report_json(&json, r), 0);
	doc = cJSON_Parse(json.ptr);
	bench_named(machine_named(doc, "test-machine"), evil);
	cJSON_Delete(doc);
	gb_buf_dispose(&json);
	gb_buf_dispose(&page);
	gb_report_free(r);
	gb_run_free(run);
}

/* The JSON inside the page, parsed: "\u003c" and the like are JSON too. */
static cJSON *page_json(const char *page)
{
	const char *open = "<script type=\"application/json\" id=\"gb-data\">";
	const char *from = strstr(page, open), *to;
	char *text;
	cJSON *doc;

	assert_non_null(from);
	from += strlen(open);
	to = strstr(from, "</script>");
	assert_non_null(to);
	text = strndup(from, (size_t)(to - from));
	/* One line, as gb_report_json ends it. */
	assert_true(to > from && to[-1] == '\n');
	assert_ptr_equal(strchr(text, '\n'), text + (to - from) - 1);
	doc = cJSON_Parse(text);
	assert_non_null(doc);
	free(text);
	return doc;
}

/*
 * The page prints its data a benchmark at a time: it is the very document
 * gb_report_json writes, every benchmark of both machines in its place
 * and a name with markup in it said exactly.
 */
static void test_page_holds_the_json(void **state)
{
	fixture *f = *state;
	const char *evil = "a<b>&c</script>";
	gb_report *r = NULL;
	gb_buf page = GB_BUF_INIT, json = GB_BUF_INIT;
	gb_run *run = th_run_make(&f->ids[COMMITS - 1], 1, 1);
	cJSON *in_page, *alone;
	const cJSON *m, *b;
	size_t benchmarks = 0;

	assert_int_equal(gb_run_set_string(&run->results[0].name, evil), 0);
	assert_int_equal(gb_store_append(f->store, &run, 1), 0);
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	assert_int_equal(gb_report_html(&page, r), 0);
	assert_int_equal(gb_report_json(&json, r), 0);
	in_page = page_json(page.ptr);
	alone = cJSON_Parse(json.ptr);
	assert_non_null(alone);
	cJSON_DeleteItemFromObject(in_page, "generated");
	cJSON_DeleteItemFromObject(alone, "generated");
	assert_true(cJSON_Compare(in_page, alone, true));
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(in_page, "machines"))
		cJSON_ArrayForEach(b, cJSON_GetObjectItem(m, "benchmarks")) {
			assert_true(cJSON_IsObject(b));
			benchmarks++;
		}
	assert_int_equal(benchmarks, 7);
	bench_named(machine_named(in_page, "test-machine"), evil);
	assert_null(strchr(page.ptr, '\001'));
	cJSON_Delete(in_page);
	cJSON_Delete(alone);
	gb_buf_dispose(&json);
	gb_buf_dispose(&page);
	gb_report_free(r);
	gb_run_free(run);
}

/* gb_report_html_parts hands out the page gb_report_html makes. */
typedef struct {
	gb_buf all;
	size_t calls;
	int fail_at;    /* the call that fails (1 the first), 0 none */
} parts;

static int take_part(const gb_buf *part, void *payload)
{
	parts *p = payload;

	p->calls++;
	if (p->fail_at && p->calls == (size_t)p->fail_at)
		return GB_EDIRTY;
	assert_true(part->size > 0);
	return gb_buf_put(&p->all, part->ptr, part->size);
}

static void test_page_in_parts(void **state)
{
	fixture *f = *state;
	gb_report *r = NULL;
	gb_buf page = GB_BUF_INIT;
	parts p = { GB_BUF_INIT, 0, 0 };
	const char *gen;

	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	assert_int_equal(gb_report_html(&page, r), 0);
	assert_int_equal(gb_report_html_parts(r, take_part, &p), 0);
	assert_true(p.calls >= 1);
	/* The same page, but for the second it was made in. */
	assert_int_equal(p.all.size, page.size);
	gen = strstr(page.ptr, "\"generated\":");
	assert_non_null(gen);
	assert_memory_equal(p.all.ptr, page.ptr, (size_t)(gen - page.ptr));
	assert_string_equal(strstr(p.all.ptr, "\"version\":"),
		strstr(page.ptr, "\"version\":"));
	/* A part that cannot be taken stops the page with its error. */
	gb_buf_clear(&p.all);
	p.calls = 0;
	p.fail_at = 1;
	assert_int_equal(gb_report_html_parts(r, take_part, &p), GB_EDIRTY);
	assert_int_equal(p.calls, 1);
	assert_int_equal(gb_report_html_parts(r, NULL, NULL), GB_EINVALID);
	gb_buf_dispose(&p.all);
	gb_buf_dispose(&page);
	gb_report_free(r);
}

static void test_summary(void **state)
{
	fixture *f = *state;
	gb_compare_options co;
	gb_report *r = NULL;
	gb_report_summary s;
	gb_comparison cmp;
	gb_runlist base = { 0 }, head = { 0 };
	gb_compare_input in = { 0 };
	const cJSON *sum, *row;
	cJSON *doc;

	assert_int_equal(gb_compare_options_init(&co, NULL), 0);
	assert_int_equal(gb_store_read(&base, f->store, &f->ids[STEP_AT - 1], NULL), 0);
	assert_int_equal(gb_store_read(&head, f->store, &f->ids[STEP_AT], NULL), 0);
	in.base = (const gb_run *const *)base.runs;
	in.nbase = base.count;
	in.head = (const gb_run *const *)head.runs;
	in.nhead = head.count;
	assert_int_equal(gb_compare(&cmp, &in, &co), 0);
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	memset(&s, 0, sizeof(s));
	s.comparison = &cmp;
	s.opts = &co;
	git_oid_cpy(&s.base, &f->ids[STEP_AT - 1]);
	git_oid_cpy(&s.head, &f->ids[STEP_AT]);
	s.base_how = "the measured commit before";
	s.machine = "test-machine";
	assert_int_equal(gb_report_set_summary(r, &s), 0);
	gb_comparison_dispose(&cmp);
	doc = report_json(r);
	sum = cJSON_GetObjectItem(doc, "summary");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(sum, "head"),
				    "subject")->valuestring, "commit 20");
	row = cJSON_GetArrayItem(cJSON_GetObjectItem(sum, "rows"), 0);
	assert_string_equal(cJSON_GetObjectItem(row, "name")->valuestring, "bench/1");
	assert_string_equal(cJSON_GetObjectItem(row, "verdict")->valuestring,
		"REGRESSION");
	cJSON_Delete(doc);
	assert_int_equal(gb_report_set_summary(r, NULL), 0);
	doc = report_json(r);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(doc, "summary")));
	cJSON_Delete(doc);
	gb_report_free(r);
	gb_runlist_dispose(&base);
	gb_runlist_dispose(&head);
}

static void test_damaged_note_is_listed(void **state)
{
	fixture *f = *state;
	gb_report *r = NULL;
	gb_report_stats st;
	char hex[GIT_OID_HEXSZ + 1];
	cJSON *doc;
	const cJSON *damaged;

	git_oid_tostr(hex, sizeof(hex), &f->ids[5]);
	assert_int_equal(th_sh(f->dir, "git notes --ref=refs/notes/benchmarks "
				       "add -f -m garbage %s", hex), 0);
	assert_int_equal(gb_report_collect(&r, f->store, &f->ids[COMMITS - 1], NULL), 0);
	gb_report_get_stats(&st, r);
	assert_int_equal(st.commits, COMMITS);
	assert_int_equal(st.damaged, 1);
	doc = report_json(r);
	damaged = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "commits"), "damaged");
	assert_int_equal(cJSON_GetArraySize(damaged), 1);
	assert_int_equal(cJSON_GetArrayItem(damaged, 0)->valueint, 5);
	cJSON_Delete(doc);
	gb_report_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commits_and_machines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_point_and_regression_at_the_step,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_machine_and_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_measured, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_are_compact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names_cannot_break_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_holds_the_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_in_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_note_is_listed, setup, teardown),
	};

	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, build, unbuild);
	gb_shutdown();
	return failed;
}
