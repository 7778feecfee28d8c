/* Colours and column widths for terminal output. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

/* "auto": a terminal, or a pager that shows colours (color.pager). */
static int color_auto(const gb_config *cfg, int fd)
{
	const char *term = getenv("TERM");
	bool pager_color = true;

	if (term && !strcmp(term, "dumb"))
		return 0;
	if (isatty(fd))
		return 1;
	if (fd != STDOUT_FILENO || !cli_pager_in_use())
		return 0;
	if (cfg && gb_config_get_bool(&pager_color, cfg, "color.pager") < 0) {
		gb_error_clear();
		pager_color = true;
	}
	return pager_color;
}

static int color_setting(const gb_config *cfg, const char *v, int fd)
{
	if (!v || !strcasecmp(v, "auto"))
		return color_auto(cfg, fd);
	if (!strcasecmp(v, "always") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "on") || !strcasecmp(v, "yes") || !strcmp(v, "1"))
		return 1;
	return 0;
}

bool cli_use_color(const gb_config *cfg, int fd)
{
	const char *v;
	const char *no = getenv("NO_COLOR");

	/* https://no-color.org: any non-empty value turns colours off. */
	if (no && *no)
		return false;
	v = cfg ? gb_config_get(cfg, "color.bench", NULL) : NULL;
	if (!v && cfg)
		v = gb_config_get(cfg, "color.ui", NULL);
	return color_setting(cfg, v, fd);
}

static const char *sgr(enum cli_color c)
{
	switch (c) {
	case CLI_RED: return "\033[31m";
	case CLI_BOLD_RED: return "\033[1;31m";
	case CLI_YELLOW: return "\033[33m";
	case CLI_GREEN: return "\033[32m";
	case CLI_CYAN: return "\033[36m";
	case CLI_BOLD: return "\033[1m";
	case CLI_DIM: return "\033[2m";
	default: return "";
	}
}

void cli_color_put(gb_buf *out, bool on, enum cli_color c, const char *text)
{
	if (on && c != CLI_PLAIN)
		gb_buf_printf(out, "%s%s\033[m", sgr(c), text);
	else
		gb_buf_puts(out, text);
}

size_t cli_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xc0) == 0x80)
			continue;
		/* Emoji (4-byte sequences) take two cells. */
		w += c >= 0xf0 ? 2 : 1;
	}
	return w;
}

void cli_pad(gb_buf *out, size_t n)
{
	while (n--)
		gb_buf_putc(out, ' ');
}

void cli_escape_fit(gb_buf *out, const char *s, size_t max)
{
	gb_buf esc = GB_BUF_INIT;
	size_t w = 0;
	const char *p;

	gb_escape_text(&esc, s);
	if (cli_width(esc.ptr ? esc.ptr : "") <= max) {
		gb_buf_puts(out, esc.ptr ? esc.ptr : "");
		gb_buf_dispose(&esc);
		return;
	}
	/* Cut on a character boundary and say so. */
	for (p = esc.ptr; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c & 0xc0) != 0x80 && ++w > max - 1)
			break;
		gb_buf_putc(out, *p);
	}
	gb_buf_puts(out, "\xe2\x80\xa6");
	gb_buf_dispose(&esc);
}
