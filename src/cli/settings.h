/*
 * The settings git takes and we do not know: git accepts any bench.* key,
 * so a typo such as bench.maxRegresion would pass in silence.
 */
#ifndef GB_CLI_SETTINGS_H
#define GB_CLI_SETTINGS_H

#include <stdbool.h>
#include <gitbench.h>

/* The names a budget subsection takes: bench.<pattern>.<name>. */
extern const char *const cli_budget_names[];
#define CLI_BUDGET_NAMES 2

/* Whether `key` is one of ours: a known key, or a budget's. */
bool cli_setting_known(const char *key);
/* The budget name `name` spells (any case), or NULL. */
const char *cli_budget_name(const char *name);
/* Warn, with a "did you mean", about each bench.* key we do not know. */
void cli_config_warn_unknown(const gb_config *cfg);

#endif
