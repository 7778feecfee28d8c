/* Standard output for people: colours, width, and writing views to it. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "messages.h"
#include "pager.h"
#include "terminal.h"

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

/* What color.bench and color.ui take: git's words, or a boolean. */
static bool color_word(const char *v)
{
	static const char *const words[] = {
		"auto", "always", "never", "true", "false", "yes", "no", "on",
		"off", "1", "0", "",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcasecmp(v, words[i]))
			return true;
	return false;
}

int cli_color_check(const gb_config *cfg)
{
	static const char *const keys[] = { "color.bench", "color.ui" };
	const char *v;
	bool b;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = gb_config_get(cfg, keys[i], NULL)) && !color_word(v))
			return cli_error("bad config value '%s' for '%s' (auto, "
					 "always or never)", v, keys[i]);
	if (gb_config_get_bool(&b, cfg, "color.pager") == GB_EINVALID)
		return cli_error("bad boolean config value '%s' for 'color.pager'",
			gb_config_get(cfg, "color.pager", NULL));
	gb_error_clear();
	return 0;
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

/*
 * ASCII text on standard output (--ascii, or a locale that is not UTF-8):
 * -1 until first asked, since loading the locale costs a command that
 * prints nothing (record -q, the hook) a tenth of its own time.
 */
static int ascii = -1;
/* What is written now is a format of its own (markdown, CSV...), kept. */
static bool raw;

void cli_ascii_setup(bool forced)
{
	ascii = forced ? 1 : -1;
}

static bool ascii_wanted(void)
{
	const char *set, *codeset;
	char *saved;

	if (ascii >= 0)
		return ascii;
	ascii = 0;
	if (!(set = setlocale(LC_CTYPE, NULL)) || !(saved = strdup(set)))
		return ascii;
	/* Asked, then put back: the rest of the program reads bytes. */
	if (setlocale(LC_CTYPE, "")) {
		codeset = nl_langinfo(CODESET);
		ascii = !codeset || (strcasecmp(codeset, "UTF-8") &&
				     strcasecmp(codeset, "utf8"));
	}
	setlocale(LC_CTYPE, saved);
	free(saved);
	return ascii;
}

/* The marks, units and signs of the text views, in ASCII of one width. */
static const struct {
	const char *utf8, *ascii;
} to_ascii[] = {
	{ "\xf0\x9f\x94\xb4", "!!" }, /* regression */
	{ "\xf0\x9f\x9f\xa0", "! " }, /* slower */
	{ "\xf0\x9f\x9f\xa1", "? " }, /* uncertain */
	{ "\xe2\x9a\xaa", "  " },      /* stable */
	{ "\xf0\x9f\x9f\xa2", "++" }, /* improved */
	{ "\xf0\x9f\x94\xb5", "+ " }, /* faster */
	{ "\xf0\x9f\x86\x95", "* " }, /* new */
	{ "\xe2\x9e\x96", "- " },      /* removed */
	{ "\xe2\x9c\x85", "OK" },
	{ "\xe2\x9a\xa0", "!!" },
	{ "\xf0\x9f\x93\x8a", "##" },
	{ "\xef\xb8\x8f", "" },        /* emoji presentation */
	{ "\xe2\x80\xa2", "*" },
	{ "\xe2\x86\x92", "->" },
	{ "\xe2\x80\xa6", "~" },
	{ "\xe2\x80\x94", "--" },
	{ "\xc2\xb7", "-" },
	{ "\xc2\xb5", "u" },
	{ "\xce\xbc", "u" },
	{ "\xc2\xb1", "+/-" },
	{ "\xc3\x97", "x" },
	{ "\xe2\x96\x81", "_" }, { "\xe2\x96\x82", "." },
	{ "\xe2\x96\x83", "," }, { "\xe2\x96\x84", "-" },
	{ "\xe2\x96\x85", "~" }, { "\xe2\x96\x86", "=" },
	{ "\xe2\x96\x87", "*" }, { "\xe2\x96\x88", "#" },
};

/* `buf` in ASCII: the signs above, any other character as '?'. */
#define N_TO_ASCII (sizeof(to_ascii) / sizeof(to_ascii[0]))

static int ascii_of(gb_buf *out, const gb_buf *buf)
{
	size_t i = 0, k, n = 0;
	int error = 0;

	while (i < buf->size) {
		unsigned char c = (unsigned char)buf->ptr[i];

		if (c < 0x80) {
			error |= gb_buf_putc(out, (char)c);
			i++;
			continue;
		}
		for (k = 0; k < N_TO_ASCII; k++) {
			n = strlen(to_ascii[k].utf8);
			if (n <= buf->size - i &&
			    !memcmp(buf->ptr + i, to_ascii[k].utf8, n))
				break;
		}
		if (k < N_TO_ASCII) {
			error |= gb_buf_puts(out, to_ascii[k].ascii);
			i += n;
			continue;
		}
		/* One '?' for the character: its lead byte, then continuations. */
		error |= gb_buf_putc(out, '?');
		for (i++; i < buf->size &&
			  ((unsigned char)buf->ptr[i] & 0xc0) == 0x80; i++)
			;
	}
	return error ? GB_ERROR : 0;
}

void cli_output_options(gb_output_options *out, gb_output_format format,
	const gb_config *cfg)
{
	gb_output_options defaults = GB_OUTPUT_OPTIONS_INIT;

	raw = format != GB_OUTPUT_TEXT;
	*out = defaults;
	out->format = format;
	out->color = format == GB_OUTPUT_TEXT && cli_use_color(cfg, STDOUT_FILENO);
	out->width = cli_terminal_width();
}

int cli_output_format(gb_output_format *out, gb_output_view view,
	const char *name)
{
	return gb_output_format_parse(out, view, name) < 0 ? cli_error_last() : 0;
}

static bool write_raw(const gb_buf *buf)
{
	if (buf->size && fwrite(buf->ptr, 1, buf->size, stdout) != buf->size)
		return false;
	return !ferror(stdout);
}

bool cli_write(const gb_buf *buf)
{
	gb_buf a = GB_BUF_INIT;
	bool ok;

	if (raw || !ascii_wanted())
		return write_raw(buf);
	ok = ascii_of(&a, buf) == 0 && write_raw(&a);
	gb_buf_dispose(&a);
	return ok;
}

void cli_write_err(const gb_buf *buf)
{
	gb_buf a = GB_BUF_INIT;
	size_t i;

	fflush(stdout);
	/* The locale is asked only for text that is not ASCII already. */
	for (i = 0; i < buf->size && !((unsigned char)buf->ptr[i] & 0x80); i++)
		;
	if (i < buf->size && ascii_wanted() && ascii_of(&a, buf) == 0)
		fwrite(a.ptr, 1, a.size, stderr);
	else if (buf->size)
		fwrite(buf->ptr, 1, buf->size, stderr);
	gb_buf_dispose(&a);
}

int cli_text_or_json(bool *json, const char *name)
{
	*json = name && !strcmp(name, "json");
	if (!name || *json || !strcmp(name, "text"))
		return 0;
	return cli_error("unknown format '%s' (text or json)", name);
}

int cli_write_json(gb_jsonw *w)
{
	gb_buf out = GB_BUF_INIT;
	int code = EXIT_CLEAN;

	if (gb_jsonw_finish(w, &out, true) < 0)
		code = cli_error_last();
	else
		write_raw(&out);
	gb_buf_dispose(&out);
	gb_jsonw_free(w);
	return code;
}

/*
 * A regular file is replaced whole (a new file renamed over it: a reader
 * never sees half a page, a failed write leaves the old one); through a
 * symbolic link, the file it points to is, and the link stays. Anything
 * else (/dev/null, /dev/stdout, a FIFO) is written to: renaming over it
 * would put a file where the device was.
 */
int cli_file_open(cli_out_file *f, const char *path)
{
	struct stat st;
	char *real = NULL;
	int code = 0;

	memset(f, 0, sizeof(*f));
	f->name = path;
	if (!strcmp(path, "-")) {
		f->fp = stdout;
		return 0;
	}
	/* Not a regular file (a device, a FIFO), or a link to nothing yet. */
	if (stat(path, &st) == 0 ? !S_ISREG(st.st_mode) : lstat(path, &st) == 0) {
		if (!(f->fp = fopen(path, "wb")))
			return cli_error("cannot write %s: %s", path, strerror(errno));
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!(real = realpath(path, NULL)))
			return cli_error("cannot write %s: %s", path, strerror(errno));
		path = real;
	}
	if (!(f->final = strdup(path)) ||
	    gb_buf_printf(&f->tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
		code = cli_error("out of memory");
	else if (!(f->fp = fopen(f->tmp.ptr, "wb")))
		code = cli_error("cannot write %s: %s", f->name, strerror(errno));
	free(real);
	if (code) {
		free(f->final);
		gb_buf_dispose(&f->tmp);
	}
	return code;
}

bool cli_file_put(cli_out_file *f, const gb_buf *data)
{
	if (f->failed)
		return false;
	if ((data->size && fwrite(data->ptr, 1, data->size, f->fp) != data->size) ||
	    ferror(f->fp)) {
		f->failed = errno ? errno : EIO;
		return false;
	}
	f->bytes += data->size;
	return true;
}

int cli_file_close(cli_out_file *f, bool keep)
{
	int code = 0, saved;

	if (f->fp == stdout) {
		if (keep && (f->failed || fflush(stdout) != 0 || ferror(stdout)))
			code = cli_error("cannot write output");
		return code;
	}
	if (f->fp) {
		if (!f->failed && (fflush(f->fp) != 0 || ferror(f->fp)))
			f->failed = errno ? errno : EIO;
		saved = f->failed;
		if (fclose(f->fp) != 0 && !saved)
			saved = errno ? errno : EIO;
		f->failed = saved;
	}
	if (keep && !f->failed && f->final && rename(f->tmp.ptr, f->final) != 0)
		f->failed = errno;
	if (keep && f->failed)
		code = cli_error("cannot write %s: %s", f->name, strerror(f->failed));
	if (f->final && (!keep || f->failed))
		unlink(f->tmp.ptr);
	free(f->final);
	gb_buf_dispose(&f->tmp);
	memset(f, 0, sizeof(*f));
	return code;
}

int cli_write_file(const char *path, const gb_buf *page)
{
	cli_out_file f;
	int code;

	if ((code = cli_file_open(&f, path)) != 0)
		return code;
	cli_file_put(&f, page);
	return cli_file_close(&f, true);
}
