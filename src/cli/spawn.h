/*
 * Running the user's benchmark command and git, and the signals that must
 * not leave a temporary work tree behind.
 */
#ifndef GB_CLI_SPAWN_H
#define GB_CLI_SPAWN_H

#include <stdint.h>

/*
 * Run a benchmark command: argv when given, else `shell` with sh -c. Its
 * standard output goes to our standard error, so what git bench prints
 * stays clean. Returns the exit status, or -1 when it could not start.
 */
int cli_spawn_benchmark(const char *shell, const char *const *argv);
/* The same, in directory `dir` (NULL: here). */
int cli_spawn_in(const char *dir, const char *shell, const char *const *argv);

/*
 * Now, as the time files written by a command started now are not older
 * than (seconds since the epoch; a second early, for file systems whose
 * clock lags or rounds down).
 */
int64_t cli_start_time(void);

/* Catch SIGINT, SIGTERM and SIGHUP so a work tree can be removed first. */
void cli_catch_signals(void);
/* The signal caught, or 0. */
int cli_interrupted(void);

#endif
