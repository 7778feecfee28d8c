/* Machines, sparklines and dates for log, bisect and prune. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "history.h"

int cli_pick_machine(char **out, cli_repo *r, bool any, const char *given)
{
	gb_env env = { 0 };
	int error;

	*out = NULL;
	if (any)
		return 0;
	if (given) {
		if (!(*out = strdup(given)))
			return cli_error("out of memory");
		return 0;
	}
	error = gb_env_detect(&env) < 0 ? GB_ERROR
					: cli_machine_key(out, r->config, &env);
	gb_env_dispose(&env);
	return error < 0 ? cli_error_last() : 0;
}

void cli_sparkline(gb_buf *out, const double *values, size_t n)
{
	static const char *const blocks[] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	double lo, hi;
	size_t i;

	if (!n)
		return;
	lo = hi = values[0];
	for (i = 1; i < n; i++) {
		lo = values[i] < lo ? values[i] : lo;
		hi = values[i] > hi ? values[i] : hi;
	}
	for (i = 0; i < n; i++) {
		int level = hi > lo ? (int)((values[i] - lo) / (hi - lo) * 7 + 0.5) : 0;

		gb_buf_puts(out, blocks[level < 0 ? 0 : level > 7 ? 7 : level]);
	}
}

size_t cli_terminal_width(void)
{
	const char *columns = getenv("COLUMNS");
	struct winsize ws;
	long n;

	if (columns && (n = strtol(columns, NULL, 10)) >= 20 && n <= 10000)
		return (size_t)n;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

