/* Running programs from an argv, with bounded output. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "git/proc.h"

static void test_output_and_status(void **state)
{
	const char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, &err, argv, NULL), 0);
	assert_int_equal(status, 3);
	assert_string_equal(out.ptr, "out\n");
	assert_string_equal(err.ptr, "err\n");
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
}

/* Arguments reach the program as they are: no shell sees them. */
static void test_argv_is_not_a_shell(void **state)
{
	const char *argv[] = { "printf", "%s|", "a b;c", "$(x)", "'q", NULL };
	gb_buf out = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, NULL), 0);
	assert_int_equal(status, 0);
	assert_string_equal(out.ptr, "a b;c|$(x)|'q|");
	gb_buf_dispose(&out);
}

/* Standard input is /dev/null: a program reading it ends at once. */
static void test_stdin_is_empty(void **state)
{
	const char *argv[] = { "cat", NULL };
	gb_buf out = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, NULL), 0);
	assert_int_equal(status, 0);
	assert_int_equal(out.size, 0);
	gb_buf_dispose(&out);
}

/* Given bytes reach standard input whole, more than a pipe holds at once. */
static void test_stdin_bytes(void **state)
{
	const char *argv[] = { "cat", NULL };
	gb_proc_options opts = { false, 0, NULL, 300000, NULL, NULL };
	gb_buf out = GB_BUF_INIT;
	char *input = malloc(opts.input_len);
	size_t i;
	int status;

	(void)state;
	for (i = 0; i < opts.input_len; i++)
		input[i] = (char)('a' + i % 23);
	opts.input = input;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, &opts), 0);
	assert_int_equal(status, 0);
	assert_int_equal(out.size, opts.input_len);
	assert_memory_equal(out.ptr, input, opts.input_len);
	gb_buf_dispose(&out);
	free(input);
}

/* A program that reads none of its input ends the run, not the caller. */
static void test_stdin_unread(void **state)
{
	const char *argv[] = { "sh", "-c", "exec 0<&-; echo done", NULL };
	gb_proc_options opts = { false, 0, NULL, 1 << 20, NULL, NULL };
	gb_buf out = GB_BUF_INIT;
	char *input = calloc(1, opts.input_len);
	int status;

	(void)state;
	opts.input = input;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, &opts), 0);
	assert_int_equal(status, 0);
	assert_string_equal(out.ptr, "done\n");
	gb_buf_dispose(&out);
	free(input);
}

static void test_missing_program(void **state)
{
	const char *argv[] = { "gb-no-such-program", NULL };
	gb_buf out = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, NULL),
		GB_ENOTFOUND);
	assert_non_null(strstr(gb_error_last()->message,
		"cannot run gb-no-such-program"));
	gb_buf_dispose(&out);
}

/* Too much output is an error, and the program still runs to its end. */
static void test_output_bound(void **state)
{
	const char *argv[] = { "sh", "-c", "head -c 200000 /dev/zero; "
		"head -c 100000 /dev/zero >&2", NULL };
	gb_proc_options opts = { false, 1000, NULL, 0, NULL, NULL };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, &err, argv, &opts), GB_ERROR);
	assert_non_null(strstr(gb_error_last()->message, "more than 1000 bytes"));
	assert_true(out.size <= 1000);
	assert_int_equal(err.size, GB_PROC_STDERR_KEEP);
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
}

static void collect_stderr(const char *data, size_t len, void *payload)
{
	gb_buf_put(payload, data, len);
}

/* Standard error as it comes, all of it, and its tail kept besides. */
static void test_stderr_relayed(void **state)
{
	const char *argv[] = { "sh", "-c", "printf 'a: 1%%\\r' >&2; "
		"head -c 20000 /dev/zero | tr '\\0' x >&2; echo out", NULL };
	gb_buf out = GB_BUF_INIT, err = GB_BUF_INIT, seen = GB_BUF_INIT;
	gb_proc_options opts = { false, 0, NULL, 0, collect_stderr, &seen };
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, &err, argv, &opts), 0);
	assert_int_equal(status, 0);
	assert_string_equal(out.ptr, "out\n");
	assert_int_equal(seen.size, 6 + 20000);
	assert_memory_equal(seen.ptr, "a: 1%\r", 6);
	assert_int_equal(err.size, GB_PROC_STDERR_KEEP);
	gb_buf_dispose(&out);
	gb_buf_dispose(&err);
	gb_buf_dispose(&seen);
}

static void test_killed(void **state)
{
	const char *argv[] = { "sh", "-c", "kill -9 $$", NULL };
	gb_buf out = GB_BUF_INIT;
	int status;

	(void)state;
	assert_int_equal(gb_proc_run(&status, &out, NULL, argv, NULL), 0);
	assert_int_equal(status, 128 + 9);
	gb_buf_dispose(&out);
}

static void check_line(const char *err_text, const char *want)
{
	gb_buf err = GB_BUF_INIT, line = GB_BUF_INIT;

	gb_buf_puts(&err, err_text);
	assert_int_equal(gb_proc_error_line(&line, &err), 0);
	assert_string_equal(line.ptr ? line.ptr : "", want);
	gb_buf_dispose(&err);
	gb_buf_dispose(&line);
}

static void test_error_line(void **state)
{
	(void)state;
	check_line("", "");
	check_line("\n\n", "");
	check_line("fatal: 'x' does not appear to be a git repository\n"
		   "fatal: Could not read from remote repository.\n\n"
		   "Please make sure you have the correct access rights\n",
		"'x' does not appear to be a git repository");
	check_line("warning: redirecting to https://x/\n"
		   "ssh: Could not resolve hostname nowhere\r\n"
		   "fatal: Could not read from remote repository.\n",
		"ssh: Could not resolve hostname nowhere");
	check_line("error: no newline at the end", "no newline at the end");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output_and_status),
		cmocka_unit_test(test_argv_is_not_a_shell),
		cmocka_unit_test(test_stdin_is_empty),
		cmocka_unit_test(test_stdin_bytes),
		cmocka_unit_test(test_stdin_unread),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_output_bound),
		cmocka_unit_test(test_stderr_relayed),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_error_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
