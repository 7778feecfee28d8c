/*
 * Options as data: each command's table of options, parsed by one routine
 * in the manner of git's parse-options, with its usage text made from it.
 */
#ifndef GB_CLI_OPTIONS_H
#define GB_CLI_OPTIONS_H

#include <stdio.h>

enum cli_opt_type {
	CLI_OPT_END = 0,
	CLI_OPT_BOOL,     /* int *, set to 1 (0 with --no-) */
	CLI_OPT_STRING,   /* const char **, the argument */
	CLI_OPT_INT,      /* long * */
	CLI_OPT_DOUBLE,   /* double * */
	CLI_OPT_GROUP,    /* a heading in the usage text */
};

/*
 * Every boolean also takes --no-<name>; -h shows it as --[no-]<name> for
 * one whose default is not off (on a terminal, say), where --no- says
 * something.
 */
#define CLI_OPT_SHOW_NEG 1u
/*
 * Parsed, but not shown by -h: an option of a sibling form of the command
 * that this form refuses with a message of its own, not as unknown.
 */
#define CLI_OPT_HIDDEN 2u

struct cli_option {
	enum cli_opt_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argh;   /* "<rev>" */
	const char *help;
	unsigned flags;     /* CLI_OPT_SHOW_NEG */
};

#define OPT_BOOL(s, l, v, h) OPT_BOOL_F(s, l, v, h, 0)
#define OPT_BOOL_F(s, l, v, h, f) { CLI_OPT_BOOL, s, l, v, NULL, h, f }
#define OPT_STRING(s, l, v, a, h) OPT_STRING_F(s, l, v, a, h, 0)
#define OPT_STRING_F(s, l, v, a, h, f) { CLI_OPT_STRING, s, l, v, a, h, f }
#define OPT_INT(s, l, v, a, h) { CLI_OPT_INT, s, l, v, a, h, 0 }
#define OPT_DOUBLE(s, l, v, a, h) { CLI_OPT_DOUBLE, s, l, v, a, h, 0 }
#define OPT_GROUP(h) { CLI_OPT_GROUP, 0, NULL, NULL, NULL, h, 0 }
#define OPT_END() { CLI_OPT_END, 0, NULL, NULL, NULL, NULL, 0 }

/* Stop at the first argument that is not an option. */
#define CLI_STOP_AT_NON_OPTION 1u
/* Leave "--" in the arguments returned (for commands that run commands). */
#define CLI_KEEP_DASHDASH 2u
/* Exit 128 on bad usage, not 2: for commands 'git bisect run' calls. */
#define CLI_USAGE_FATAL 4u

/*
 * Parse options in argv[1..]; returns how many arguments are left, moved
 * to argv[0..]. -h prints usage to stdout and exits 0; a bad option prints
 * an error and usage to stderr and exits 2.
 */
int cli_parse_options(int argc, const char **argv,
	const struct cli_option *opts, const char *const *usage,
	unsigned flags);
void cli_usage(FILE *out, const char *const *usage,
	const struct cli_option *opts);
/* Print an error and the usage to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *const *usage, const struct cli_option *opts,
	const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The items of an option's comma-separated `list` ("v1.0,main"): *items
 * points into *storage (both the caller's to free()). An empty item is an
 * error naming `flag` and calling it `what` ("revision"; exit 2); 0 when
 * split.
 */
int cli_split_list(char ***items, size_t *n, char **storage,
	const char *flag, const char *what, const char *list);

#endif
