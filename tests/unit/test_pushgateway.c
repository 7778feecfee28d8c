/*
 * The Pushgateway: the grouping key's path as its API documents it, and a
 * push through a stand-in for curl that records what it was given and
 * answers as a gateway would.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers.h"

static void assert_path(const char *job, const char *machine, const char *want)
{
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(gb_pushgateway_path(&out, job, machine), 0);
	assert_string_equal(out.ptr, want);
	gb_buf_dispose(&out);
}

static void test_path(void **state)
{
	gb_buf out = GB_BUF_INIT;

	(void)state;
	assert_path("git-bench", "ci-1-2a9c0f3e",
		"/metrics/job/git-bench/machine/ci-1-2a9c0f3e");
	/* The Pushgateway's own example: "/var/tmp" is L3Zhci90bXA. */
	assert_path("git-bench", "/var/tmp",
		"/metrics/job/git-bench/machine@base64/L3Zhci90bXA");
	assert_path("a/b", "m", "/metrics/job@base64/YS9i/machine/m");
	assert_path("git-bench", "", "/metrics/job/git-bench/machine@base64/=");
	assert_path("git-bench", "..", "/metrics/job/git-bench/machine@base64/Li4");
	/* URL-safe alphabet: '-' and '_' where base64 has '+' and '/'. */
	assert_path("j", "\xfb\xff", "/metrics/job/j/machine@base64/-_8");
	assert_path("j", "a b?", "/metrics/job/j/machine@base64/YSBiPw");
	assert_int_equal(gb_pushgateway_path(&out, "", "m"), GB_EINVALID);
	gb_buf_dispose(&out);
}

typedef struct {
	char *dir;
	char curl[4096];
	gb_run *run;
} fixture;

/* A curl that keeps its arguments and input and answers `answer`. */
static void fake_curl(fixture *f, const char *answer, int status)
{
	FILE *fp = fopen(f->curl, "w");

	assert_non_null(fp);
	fprintf(fp, "#!/bin/sh\nprintf '%%s\\n' \"$@\" >'%s/args'\n"
		"cat >'%s/body'\nprintf '%s'\necho 'curl: (7) refused' >&2\n"
		"exit %d\n", f->dir, f->dir, answer, status);
	fclose(fp);
	assert_int_equal(chmod(f->curl, 0755), 0);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	gb_result *r;

	f->dir = th_tmpdir();
	snprintf(f->curl, sizeof(f->curl), "%s/curl", f->dir);
	assert_int_equal(gb_run_new(&f->run), 0);
	f->run->time = 1000;
	gb_run_set_string(&f->run->machine, "ci/1");
	strcpy(f->run->id, "20261123T201944.163538Z-069876b9");
	assert_int_equal(gb_run_add_result(&r, f->run, "sort", "ns",
				 GB_LOWER_IS_BETTER), 0);
	r->mean = 250;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	gb_run_free(f->run);
	th_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static char *slurp(fixture *f, const char *name)
{
	char path[4200];
	gb_buf out = GB_BUF_INIT;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	assert_int_equal(gb_read_file(&out, path, 1 << 20), 0);
	return gb_buf_detach(&out);
}

static int push(fixture *f, const char *url)
{
	gb_pushgateway_options o = GB_PUSHGATEWAY_OPTIONS_INIT;

	o.curl = f->curl;
	o.branch = "main";
	return gb_pushgateway_push(url, f->run, &o);
}

static void test_push(void **state)
{
	fixture *f = *state;
	char *args, *body;

	fake_curl(f, "\\n200", 0);
	assert_int_equal(push(f, "http://[::1]:9091/"), 0);
	args = slurp(f, "args");
	assert_non_null(strstr(args, "\n--globoff\n"));
	assert_non_null(strstr(args, "\nhttp://[::1]:9091/metrics/job/"
				     "git-bench/machine@base64/Y2kvMQ\n"));
	free(args);
	assert_int_equal(push(f, "http://gw.example:9091/"), 0);
	args = slurp(f, "args");
	body = slurp(f, "body");
	assert_non_null(strstr(args, "\nPUT\n"));
	assert_non_null(strstr(args, "\n@-\n"));
	assert_non_null(strstr(args, "\nhttp://gw.example:9091/metrics/job/"
				     "git-bench/machine@base64/Y2kvMQ\n"));
	assert_string_equal(body,
		"# TYPE gitbench_time_seconds gauge\n"
		"# HELP gitbench_time_seconds Time of one iteration of a benchmark.\n"
		"gitbench_time_seconds{benchmark=\"sort\",commit=\""
		"0000000000000000000000000000000000000000\",branch=\"main\"} 2.5e-07\n");
	free(args);
	free(body);
}

/* A refusal: the status and the first line of the answer, escaped. */
static void test_refused(void **state)
{
	fixture *f = *state;

	fake_curl(f, "\\n\\033[2Jinconsistent push\\nmore\\n400", 0);
	assert_int_equal(push(f, "https://gw.example"), GB_ERROR);
	assert_string_equal(gb_error_last()->message,
		"the Pushgateway refused the push: HTTP 400: "
		"\\x1b[2Jinconsistent push");
}

static void test_unreachable(void **state)
{
	fixture *f = *state;

	fake_curl(f, "\\n000", 7);
	assert_int_equal(push(f, "http://127.0.0.1:1"), GB_ERROR);
	assert_string_equal(gb_error_last()->message,
		"cannot reach the Pushgateway: curl: (7) refused");
}

static void test_bad_url(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {
		"ftp://gw", "gw.example:9091", "http://gw/?x=1", "http://gw/#a",
		"http://g w/", "http://gw/\x1b[2J", "",
	};
	size_t i;

	fake_curl(f, "\\n200", 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(push(f, bad[i]), GB_EINVALID);
		assert_non_null(strstr(gb_error_last()->message,
			"not a Pushgateway URL"));
		assert_null(strchr(gb_error_last()->message, '\x1b'));
	}
}

static void test_no_curl(void **state)
{
	fixture *f = *state;

	strcat(f->curl, "-missing");
	assert_int_equal(push(f, "http://gw"), GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message, "curl is needed"));
}

/* A run without any value would empty the group: it is not sent. */
static void test_nothing_to_push(void **state)
{
	fixture *f = *state;

	f->run->results[0].mean = NAN;
	fake_curl(f, "\\n200", 0);
	assert_int_equal(push(f, "http://gw"), GB_EINVALID);
	assert_non_null(strstr(gb_error_last()->message, "no values to push"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test_setup_teardown(test_push, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_url, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_curl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_push, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
