/* A table-driven option parser in the manner of git's parse-options. */
#include <stdio.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gitbench.h>

#include "messages.h"
#include "options.h"

/* Lines of -h fold at word boundaries to fit this many columns. */
#define USAGE_COLUMNS 80

/*
 * `text` from column `col` on, folded at spaces before USAGE_COLUMNS into
 * lines that start at column `indent`; a word longer than a line stays
 * whole.
 */
static void put_folded(FILE *out, size_t col, const char *text, size_t indent)
{
	const char *p = text;

	while (*p) {
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (p != text && col + 1 + n > USAGE_COLUMNS && col > indent) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (p != text) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void print_option(FILE *out, const struct cli_option *o)
{
	const char *no = o->type == CLI_OPT_BOOL &&
			 (o->flags & CLI_OPT_SHOW_NEG) ? "[no-]" : "";
	char head[64];
	int n = 0;

	if (o->short_name && o->long_name)
		n = snprintf(head, sizeof(head), "-%c, --%s%s", o->short_name,
			no, o->long_name);
	else if (o->short_name)
		n = snprintf(head, sizeof(head), "-%c", o->short_name);
	else
		n = snprintf(head, sizeof(head), "--%s%s", no, o->long_name);
	if (o->argh && n > 0 && (size_t)n < sizeof(head))
		snprintf(head + n, sizeof(head) - (size_t)n, " %s", o->argh);
	/* Two spaces at least between an option and its help, as git has. */
	if (strlen(head) > 22)
		fprintf(out, "    %s\n%28s", head, "");
	else
		fprintf(out, "    %-24s", head);
	put_folded(out, 28, o->help, 28);
}

/* "git bench cmd ": where a folded usage line goes on. */
static size_t usage_indent(const char *line, size_t prefix)
{
	const char *p = line;
	int words = 0;

	while (*p && words < 3) {
		if (*p++ == ' ')
			words++;
	}
	return words == 3 ? prefix + (size_t)(p - line) : prefix + 4;
}

void cli_usage(FILE *out, const char *const *usage,
	const struct cli_option *opts)
{
	size_t i;

	for (i = 0; usage[i]; i++) {
		fputs(i ? "   or: " : "usage: ", out);
		put_folded(out, 7, usage[i], usage_indent(usage[i], 7));
	}
	if (opts && opts[0].type != CLI_OPT_END)
		fputc('\n', out);
	for (; opts && opts->type != CLI_OPT_END; opts++) {
		if (opts->type == CLI_OPT_GROUP)
			fprintf(out, "\n%s\n", opts->help);
		else if (!(opts->flags & CLI_OPT_HIDDEN))
			print_option(out, opts);
	}
	fputc('\n', out);
}

int cli_usage_error(const char *const *usage, const struct cli_option *opts,
	const char *fmt, ...)
{
	gb_buf msg = GB_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	gb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	cli_error("%s", msg.ptr);
	gb_buf_dispose(&msg);
	cli_usage(stderr, usage, opts);
	return EXIT_USAGE;
}

static int set_value(const struct cli_option *o, const char *arg,
	const char *shown, const char *const *usage,
	const struct cli_option *opts)
{
	char *end;

	switch (o->type) {
	case CLI_OPT_STRING:
		*(const char **)o->value = arg;
		return 0;
	case CLI_OPT_INT: {
		long v;

		errno = 0;
		v = strtol(arg, &end, 10);
		if (end == arg || *end || errno)
			return cli_usage_error(usage, opts,
				"option '%s' expects a whole number, not '%s'",
				shown, arg);
		*(long *)o->value = v;
		return 0;
	}
	case CLI_OPT_DOUBLE: {
		double v;

		errno = 0;
		v = strtod(arg, &end);
		if (end == arg || *end || errno || !isfinite(v))
			return cli_usage_error(usage, opts,
				"option '%s' expects a number, not '%s'", shown,
				arg);
		*(double *)o->value = v;
		return 0;
	}
	default:
		return 0;
	}
}

static const struct cli_option *find_long(const struct cli_option *opts,
	const char *name, size_t len, int *negated)
{
	const struct cli_option *o;

	*negated = 0;
	for (o = opts; o->type != CLI_OPT_END; o++)
		if (o->long_name && strlen(o->long_name) == len &&
		    strncmp(o->long_name, name, len) == 0)
			return o;
	if (len > 3 && strncmp(name, "no-", 3) == 0) {
		for (o = opts; o->type != CLI_OPT_END; o++)
			if (o->type == CLI_OPT_BOOL && o->long_name &&
			    strlen(o->long_name) == len - 3 &&
			    strncmp(o->long_name, name + 3, len - 3) == 0) {
				*negated = 1;
				return o;
			}
	}
	return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts,
	char c)
{
	for (; opts->type != CLI_OPT_END; opts++)
		if (opts->short_name == c && opts->type != CLI_OPT_GROUP)
			return opts;
	return NULL;
}

/* Returns the number of extra argv entries consumed, or -EXIT_USAGE. */
static int parse_long(const char **argv, int i, int argc,
	const struct cli_option *opts, const char *const *usage)
{
	const char *arg = argv[i] + 2, *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	const struct cli_option *o;
	int negated;

	if (len == 4 && strncmp(arg, "help", 4) == 0 && !eq) {
		cli_usage(stdout, usage, opts);
		exit(EXIT_CLEAN);
	}
	if (!(o = find_long(opts, arg, len, &negated)))
		return -cli_usage_error(usage, opts, "unknown option '%.*s'",
			(int)len + 2, argv[i]);
	if (o->type == CLI_OPT_BOOL) {
		if (eq)
			return -cli_usage_error(usage, opts,
				"option '--%s' takes no value", o->long_name);
		*(int *)o->value = !negated;
		return 0;
	}
	if (eq)
		return set_value(o, eq + 1, argv[i], usage, opts) ? -EXIT_USAGE : 0;
	if (i + 1 >= argc)
		return -cli_usage_error(usage, opts, "option '--%s' requires a value",
			o->long_name);
	return set_value(o, argv[i + 1], argv[i], usage, opts) ? -EXIT_USAGE : 1;
}

static int parse_short(const char **argv, int i, int argc,
	const struct cli_option *opts, const char *const *usage)
{
	const char *p = argv[i] + 1;

	for (; *p; p++) {
		const struct cli_option *o;
		char shown[3] = { '-', *p, '\0' };

		if (*p == 'h') {
			cli_usage(stdout, usage, opts);
			exit(EXIT_CLEAN);
		}
		if (!(o = find_short(opts, *p)))
			return -cli_usage_error(usage, opts, "unknown switch '%c'", *p);
		if (o->type == CLI_OPT_BOOL) {
			*(int *)o->value = 1;
			continue;
		}
		if (p[1])
			return set_value(o, p + 1, shown, usage, opts) ? -EXIT_USAGE : 0;
		if (i + 1 >= argc)
			return -cli_usage_error(usage, opts,
				"switch '%c' requires a value", *p);
		return set_value(o, argv[i + 1], shown, usage, opts) ? -EXIT_USAGE : 1;
	}
	return 0;
}

int cli_parse_options(int argc, const char **argv,
	const struct cli_option *opts, const char *const *usage,
	unsigned flags)
{
	int i, out = 0, used;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			if (flags & CLI_KEEP_DASHDASH)
				argv[out++] = a;
			for (i++; i < argc; i++)
				argv[out++] = argv[i];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			argv[out++] = a;
			if (flags & CLI_STOP_AT_NON_OPTION) {
				for (i++; i < argc; i++)
					argv[out++] = argv[i];
				break;
			}
			continue;
		}
		used = a[1] == '-' ? parse_long(argv, i, argc, opts, usage)
				   : parse_short(argv, i, argc, opts, usage);
		if (used < 0)
			exit(flags & CLI_USAGE_FATAL ? 128 : -used);
		i += used;
	}
	argv[out] = NULL;
	return out;
}

int cli_split_list(char ***items, size_t *n, char **storage,
	const char *flag, const char *what, const char *list)
{
	size_t count = 1, i;
	char *p;

	*items = NULL;
	*n = 0;
	for (p = (char *)list; *p; p++)
		count += *p == ',';
	if (!(*storage = strdup(list)) ||
	    !(*items = calloc(count, sizeof(**items)))) {
		free(*storage);
		*storage = NULL;
		return cli_error("out of memory");
	}
	for (p = *storage, i = 0; i < count; i++) {
		(*items)[i] = p;
		p += strcspn(p, ",");
		if (*p)
			*p++ = '\0';
		if (!*(*items)[i])
			return cli_error("%s: an empty %s in '%s'", flag, what,
				list);
	}
	*n = count;
	return 0;
}
