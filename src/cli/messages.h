/*
 * What the command line says when something goes wrong, and the exit
 * codes documented in git-bench(1): 0 ok, 1 the check failed, 2 usage or
 * bad input, 3 nothing to compare (check).
 */
#ifndef GB_CLI_MESSAGES_H
#define GB_CLI_MESSAGES_H

#include <stddef.h>

#define EXIT_CLEAN 0
#define EXIT_CHECK_FAILED 1
#define EXIT_USAGE 2
/* check: no baseline results, or the baseline is the commit itself. */
#define EXIT_NOTHING_TO_COMPARE 3

/* "error: <msg>" on stderr, escaped; returns EXIT_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "hint: <msg>": what to do about the warning or error above, as git says. */
void cli_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "error: <the library's last error>"; returns EXIT_USAGE. */
int cli_error_last(void);
/*
 * The nearest of `names` to `name`, for a "did you mean": when close
 * enough to be a typo (at most two edits, case ignored), else NULL.
 */
const char *cli_nearest(const char *name, const char *const *names, size_t n);

#endif
