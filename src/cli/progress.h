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

#include <stdbool.h>
#include <stdint.h>
#include <gitbench.h>

typedef struct cli_progress cli_progress;

cli_progress *cli_progress_start(const char *title, uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t n);
void cli_progress_break(cli_progress *p);
void cli_progress_stop(cli_progress **p);

/*
 * Whether to show progress, as git decides: --progress (1) or
 * --no-progress (0) say; unsaid (-1), on a terminal unless --quiet.
 */
bool cli_progress_wanted(int flag, bool quiet);

/*
 * Another program's progress (git's), relayed to standard error as it
 * comes: each piece up to a '\r' or '\n' escaped, for a server's messages
 * are data, and ended as the program ended it. A gb_sync_progress_cb;
 * cli_relay_end writes what is left and frees it.
 */
typedef struct {
	gb_buf line;
} cli_relay;

void cli_relay_progress(const char *text, size_t len, void *payload);
void cli_relay_end(cli_relay *r);

#endif
