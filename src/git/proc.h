/*
 * Running another program: from an argv (never through a shell), standard
 * input from /dev/null or given bytes, its output collected with bounds.
 */
#ifndef GB_SRC_PROC_H
#define GB_SRC_PROC_H

#include <stdbool.h>
#include "common.h"

/* Bytes of a child's standard error kept for messages (its tail). */
#define GB_PROC_STDERR_KEEP 8192

typedef struct {
	/* Let the child's standard error through to ours instead of keeping it. */
	bool pass_stderr;
	/* Most bytes of standard output accepted; more is an error. */
	size_t max_stdout;
	/* Its standard input: these bytes (NULL: /dev/null). */
	const char *input;
	size_t input_len;
	/*
	 * Each piece of standard error as it comes (git's progress), besides
	 * its tail kept in `err`; unused with pass_stderr.
	 */
	void (*on_stderr)(const char *data, size_t len, void *payload);
	void *payload;
} gb_proc_options;

/*
 * Run argv[0] (searched on PATH) with `argv` (NULL-terminated). `out` gets
 * its standard output, `err` (may be NULL) the last GB_PROC_STDERR_KEEP
 * bytes of its standard error. `*status` is the exit code, or 128 plus the
 * signal that ended it. A program that cannot be started is an error, not
 * a status: GB_ENOTFOUND when there is no such program.
 */
int gb_proc_run(int *status, gb_buf *out, gb_buf *err, const char *const *argv,
	const gb_proc_options *opts);

/*
 * The line of `err` worth quoting in a message: the first that is not
 * empty, a warning or a hint, without a "fatal: " or "error: " prefix.
 * Appended to `out`; nothing when there is none.
 */
int gb_proc_error_line(gb_buf *out, const gb_buf *err);

#endif
