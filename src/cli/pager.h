/* The pager, run the way git runs one. */
#ifndef GB_CLI_PAGER_H
#define GB_CLI_PAGER_H

#include <stdbool.h>
#include <gitbench.h>

/*
 * Whether a pager shows our standard output: git's GIT_PAGER_IN_USE, set
 * by git (`git -p bench`, pager.bench) or by cli_pager_start.
 */
bool cli_pager_in_use(void);
/*
 * The pager to run, as git chooses it: GIT_PAGER, pager.bench when it
 * names a command (unless `forced` by --paginate), core.pager, PAGER,
 * less. NULL for none: "cat", "", or pager.bench false.
 */
const char *cli_pager_command(const gb_config *cfg, bool forced);
/*
 * Send standard output (and standard error, when it is a terminal) to
 * `cmd` from now on, with LESS=FRX and LV=-c unless set; the pager is
 * waited for at exit. A pager that cannot start is warned about and
 * output goes on unpaged.
 */
void cli_pager_start(const char *cmd);
/*
 * Start the configured pager when standard output is a terminal and no
 * pager is in use yet; `forced` by --paginate (pager.bench not asked).
 */
void cli_pager_setup(bool forced);

#endif
