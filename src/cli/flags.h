/*
 * Flag sets several commands share, written once: the options and what
 * they do to the settings.
 */
#ifndef GB_CLI_FLAGS_H
#define GB_CLI_FLAGS_H

#include <math.h>
#include <gitbench.h>
#include "options.h"

/* --bench: which benchmarks a view takes. */
#define CLI_BENCH_FLAG(v)                                                     \
	OPT_STRING(0, "bench", &(v), "<pattern>",                             \
		"only benchmarks matching (substring, or glob with * ? [)")

/* --measure: which measure of the benchmarks a view takes. */
#define CLI_MEASURE_FLAG(v)                                                   \
	OPT_STRING(0, "measure", &(v), "<measure>",                           \
		"only this measure (time, cpu_time, instructions, ...)")

/* --max-regression and --estimator, over the settings. */
struct cli_verdict_flags {
	double max_regression;
	const char *estimator;
};

#define CLI_VERDICT_FLAGS_INIT { NAN, NULL }
#define CLI_VERDICT_FLAGS(f)                                                  \
	OPT_DOUBLE(0, "max-regression", &(f).max_regression, "<percent>",    \
		"regression threshold (default: bench.maxRegression, "        \
		GB_STR(GB_DEFAULT_MAX_REGRESSION) ")"),                       \
	OPT_STRING(0, "estimator", &(f).estimator, "<mean|median>",          \
		"estimate compared (default: bench.estimator, "               \
		GB_DEFAULT_ESTIMATOR ")")

/* Into a check's options; an error (exit 2) for a negative threshold. */
int cli_verdict_flags_apply(gb_check_options *o,
	const struct cli_verdict_flags *f);

/* --any-machine and --machine: whose results a history view takes. */
struct cli_machine_flags {
	int any;
	const char *key;
};

#define CLI_MACHINE_FLAGS(f)                                                  \
	OPT_BOOL(0, "any-machine", &(f).any,                                  \
		"results of every machine (default: this machine's)"),       \
	OPT_STRING(0, "machine", &(f).key, "<key>",                           \
		"results of the machine with this key")

/* --format: the help line of a view's formats, from the registry. */
const char *cli_format_help(gb_output_view view);

#endif
