/*
 * Running the user's benchmark command and git, and the signals that must
 * not leave a temporary work tree behind.
 */
#ifndef GB_CLI_SPAWN_H
#define GB_CLI_SPAWN_H

#include <gitbench.h>
#include <stdint.h>

/*
 * Run a benchmark command: argv when given, else `shell` with sh -c. Its
 * standard output goes to our standard error, so what git bench prints
 * stays clean. Returns the exit status; CLI_SPAWN_NOT_RUN when it could
 * not start, said by gb_error ("cannot run x: No such file or
 * directory"); for a command killed by a signal, CLI_SPAWN_KILLED(sig).
 * cli_spawn_failure says which.
 */
#define CLI_SPAWN_NOT_RUN (-1)
#define CLI_SPAWN_KILLED(sig) (-256 - (sig))
int cli_spawn_benchmark(const char *shell, const char *const *argv);
/* The same, in directory `dir` (NULL: here). */
int cli_spawn_in(const char *dir, const char *shell, const char *const *argv);
/*
 * cli_spawn_in, and what the command cost (usage, unless NULL): wall-clock
 * time, and from wait4's rusage the user and system CPU time of it and the
 * descendants it waited for, and the peak memory of the largest of them.
 */
int cli_spawn_measured(gb_usage *usage, const char *dir, const char *shell,
	const char *const *argv);
/*
 * cli_spawn_measured, and, when `out` is not NULL, the command's standard
 * output kept in it (bench.results "-") as well as passed to our standard
 * error. CLI_SPAWN_TOO_MUCH when it was more than GB_INPUT_MAX_BYTES,
 * said by gb_error.
 */
#define CLI_SPAWN_TOO_MUCH (-2)
int cli_spawn_captured(gb_usage *usage, const char *dir, const char *shell,
	const char *const *argv, gb_buf *out);

/*
 * What became of a command `what` (such as "the benchmark command") whose
 * status was not 0, on one line: "<what> failed (exit 3)", "<what> was
 * killed by signal 11 (SIGSEGV)", or why it did not run or was cut off.
 */
void cli_spawn_failure(gb_buf *out, const char *what, int status);
/* The same without `what`: "exit 3", "killed by signal 11 (SIGSEGV)". */
void cli_spawn_why(gb_buf *out, int status);

/*
 * Now, as the time files written by a command started now are not older
 * than (seconds since the epoch; a second early, for file systems whose
 * clock lags or rounds down).
 */
int64_t cli_start_time(void);

/*
 * Run the benchmark command at the top of the work tree `top`, as git runs
 * an alias that runs a shell command: GIT_PREFIX, for the commands run
 * from now on, is where git bench was started, relative to `top` ("sub/",
 * or "" at the top). Started at the top by such an alias, the GIT_PREFIX
 * git gave stays. 0, or -1 with the error set.
 */
int cli_spawn_export_prefix(const char *top);

/* Catch SIGINT, SIGTERM and SIGHUP so a work tree can be removed first. */
void cli_catch_signals(void);
/* The signal caught, or 0. */
int cli_interrupted(void);

#endif
