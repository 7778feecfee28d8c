/*
 * Progress of long work on standard error ("Fetching runs:  40% (2/5)"),
 * redrawn in place, and only when standard error is a terminal:
 * cli_progress_start returns NULL otherwise and every call takes NULL,
 * so callers need no test of their own.
 *
 *     cli_progress *p = cli_progress_start("Checking runs", n);
 *     for (i = 0; i < n; i++) {
 *             cli_progress_update(p, i);
 *             ...
 *     }
 *     cli_progress_update(p, n);
 *     cli_progress_stop(&p);      // "Checking runs: 100% (n/n), done."
 *
 * `total` 0 when unknown: the count alone is shown. Before anything else
 * writes to the terminal (a child process, a warning), cli_progress_break
 * ends the line; the next update draws a new one.
 */
#ifndef GB_CLI_PROGRESS_H
#define GB_CLI_PROGRESS_H

#include <stdint.h>

typedef struct cli_progress cli_progress;

cli_progress *cli_progress_start(const char *title, uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t n);
void cli_progress_break(cli_progress *p);
void cli_progress_stop(cli_progress **p);

#endif
