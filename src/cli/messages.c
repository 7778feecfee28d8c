/* What the command line says when something goes wrong. */
#include <stdarg.h>
#include <stdio.h>
#include <gitbench.h>

#include "messages.h"
#include "terminal.h"

static void message(const char *prefix, const char *fmt, va_list ap)
{
	gb_buf raw = GB_BUF_INIT, esc = GB_BUF_INIT;

	gb_buf_vprintf(&raw, fmt, ap);
	/* Messages quote names from data: never let them reach the terminal
	 * raw. */
	gb_buf_puts(&esc, prefix);
	gb_escape_text(&esc, raw.ptr ? raw.ptr : "");
	gb_buf_putc(&esc, '\n');
	cli_write_err(&esc);
	gb_buf_dispose(&raw);
	gb_buf_dispose(&esc);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("error: ", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("warning: ", fmt, ap);
	va_end(ap);
}

void cli_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("hint: ", fmt, ap);
	va_end(ap);
}

int cli_error_last(void)
{
	const char *msg = gb_error_last()->message;

	return cli_error("%s", *msg ? msg : "unknown error");
}

const char *cli_nearest(const char *name, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t i, d, best_d = 3;

	for (i = 0; i < n; i++)
		if ((d = gb_names_distance(name, names[i])) < best_d) {
			best = names[i];
			best_d = d;
		}
	return best;
}
