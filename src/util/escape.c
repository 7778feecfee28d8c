/*
 * Escaping of data for every kind of output.
 *
 * The input is split into characters: valid UTF-8 that is safe to show as
 * is, and "escapes": a control character (C0, DEL, C1, bidirectional
 * overrides) or a byte that is not UTF-8, shown as \xNN (\n, \t, \r for the
 * usual ones). Each output kind then transforms the safe characters it
 * must (markdown and HTML specials, CSV quotes).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "gitbench/escape.h"

typedef enum {
	OUT_TEXT, OUT_MARKDOWN, OUT_HTML, OUT_CSV, OUT_UTF8, OUT_OPENMETRICS,
	OUT_UNIT
} out_kind;

size_t gb_utf8_char(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t gb_char_cells(uint32_t c)
{
	/* Unicode's East Asian Width W and F, the wide blocks of it. */
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
		{ 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f }, { 0xff00, 0xff60 },
		{ 0xffe0, 0xffe6 },
	};
	size_t i;

	if (c >= 0x10000)
		return 2;
	for (i = 0; c >= 0x1100 && i < sizeof(wide) / sizeof(wide[0]); i++)
		if (c >= wide[i][0] && c <= wide[i][1])
			return 2;
	return 1;
}

bool gb_is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	       c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

static int put_escape(gb_buf *out, out_kind kind, const unsigned char *s,
	size_t n, uint32_t cp)
{
	/*
	 * In markdown a backslash before a letter is kept, so one is enough.
	 * OpenMetrics reads \n as a line break and no other letter after a
	 * backslash: the rest is \xNN text, its backslash escaped.
	 */
	const char *bs = kind == OUT_OPENMETRICS ? "\\\\" : "\\";
	bool named = n == 1 && kind != OUT_OPENMETRICS;
	size_t i;

	if (kind == OUT_UTF8 && n == 1 && cp < 0x80)
		return gb_buf_putc(out, (char)cp); /* the JSON encoder escapes */
	if (n == 1 && cp == '\n')
		return gb_buf_puts(out, "\\n");
	if (named && cp == '\t')
		return gb_buf_printf(out, "%st", bs);
	if (named && cp == '\r')
		return gb_buf_printf(out, "%sr", bs);
	for (i = 0; i < n; i++)
		if (gb_buf_printf(out, "%sx%02x", bs, s[i]) < 0)
			return GB_ERROR;
	return 0;
}

/*
 * What a unit may show as is: letters, digits and the few signs units are
 * written with. Anything else is a special of some output (markdown, HTML,
 * CSV) and is shown as \xNN, so one escaped unit fits every format.
 */
static bool unit_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr(" /%.^()+-=:_", c));
}

static int put_safe(gb_buf *out, out_kind kind, const char *s, size_t n)
{
	if (n == 1) {
		char c = s[0];

		switch (kind) {
		case OUT_UNIT:
			if (!unit_char(c))
				return gb_buf_printf(out, "\\x%02x",
					(unsigned char)c);
			break;
		case OUT_MARKDOWN:
			if (strchr("\\|`*_[]#~$", c))
				return gb_buf_printf(out, "\\%c", c);
			/*
			 * A pull request comment mentions "@user" and links
			 * "https://..." and "www.", escaped or not: a zero
			 * width space after the @ or the colon keeps them
			 * text.
			 */
			if (c == '@')
				return gb_buf_puts(out, "@&#8203;");
			/* Markdown renders inline HTML: escape it too. */
			__attribute__((fallthrough));
		case OUT_HTML:
			if (c == '<')
				return gb_buf_puts(out, "&lt;");
			if (c == '>')
				return gb_buf_puts(out, "&gt;");
			if (c == '&')
				return gb_buf_puts(out, "&amp;");
			if (kind == OUT_HTML && c == '"')
				return gb_buf_puts(out, "&quot;");
			if (kind == OUT_HTML && c == '\'')
				return gb_buf_puts(out, "&#39;");
			break;
		case OUT_CSV:
			if (c == '"')
				return gb_buf_puts(out, "\"\"");
			/* A control character is \xNN: a name spelling "\x1b"
			 * must not read as one. */
			if (c == '\\')
				return gb_buf_puts(out, "\\\\");
			break;
		case OUT_OPENMETRICS:
			if (c == '"' || c == '\\')
				return gb_buf_printf(out, "\\%c", c);
			break;
		default:
			break;
		}
	}
	return gb_buf_put(out, s, n);
}

static int escape(gb_buf *out, const char *str, out_kind kind)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		uint32_t cp = 0;
		size_t n = gb_utf8_char(s, &cp);
		int error;

		/* Not a link in a comment: see put_safe's '@'. */
		if (kind == OUT_MARKDOWN && (!strncmp((const char *)s, "://", 3) ||
			    !strncasecmp((const char *)s, "www.", 4))) {
			error = gb_buf_printf(out, "%.*s&#8203;",
				*s == ':' ? 1 : 3, (const char *)s);
			s += *s == ':' ? 1 : 3;
			if (error < 0)
				return error;
			continue;
		}
		if (n == 0)
			error = put_escape(out, kind, s, 1, 0x100);
		else if (gb_is_control(cp))
			error = put_escape(out, kind, s, n, cp);
		else
			error = put_safe(out, kind, (const char *)s, n);
		if (error < 0)
			return error;
		s += n ? n : 1;
	}
	return 0;
}

int gb_escape_text(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_TEXT);
}

int gb_escape_markdown(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_MARKDOWN);
}

int gb_escape_html(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_HTML);
}

int gb_escape_utf8(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_UTF8);
}

int gb_escape_openmetrics(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_OPENMETRICS);
}

int gb_escape_unit(gb_buf *out, const char *s)
{
	return escape(out, s, OUT_UNIT);
}

int gb_escape_csv(gb_buf *out, const char *s)
{
	gb_buf field = GB_BUF_INIT;
	bool quote, formula;
	int error;

	if ((error = escape(&field, s, OUT_CSV)) < 0 ||
	    (error = gb_buf_puts(&field, "")) < 0)
		goto cleanup;
	/*
	 * A spreadsheet evaluates a field starting with = + - or @ as a
	 * formula (=HYPERLINK(...) from a fetched remote's benchmark name):
	 * such a field is written as text, after a ' as spreadsheets take it,
	 * and quoted. Quote too when a reader could split or trim the field.
	 */
	formula = field.size && strchr("=+-@", field.ptr[0]);
	quote = formula || field.size == 0 ||
		strpbrk(field.ptr, ",\";") != NULL ||
		field.ptr[0] == ' ' || field.ptr[field.size - 1] == ' ';
	if (quote)
		error = gb_buf_printf(out, "\"%s%s\"", formula ? "'" : "",
			field.ptr);
	else
		error = gb_buf_puts(out, field.ptr);
cleanup:
	gb_buf_dispose(&field);
	return error;
}

size_t gb_escape_text_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t width = 0;

	while (*s) {
		uint32_t cp = 0;
		size_t n = gb_utf8_char(s, &cp);

		if (n == 0)
			width += 4;
		else if (gb_is_control(cp))
			width += (cp == '\n' || cp == '\t' || cp == '\r') ? 2 : 4 * n;
		else
			width += gb_char_cells(cp);
		s += n ? n : 1;
	}
	return width;
}

/* Longest piece kept waiting for its end: a line without one is junk. */
#define RELAY_MAX 4096

static void relay_piece(gb_buf *line, FILE *to, char end)
{
	gb_buf esc = GB_BUF_INIT;

	if (gb_escape_text(&esc, line->ptr ? line->ptr : "") == 0 && esc.ptr)
		fputs(esc.ptr, to);
	fputc(end, to);
	gb_buf_dispose(&esc);
	gb_buf_clear(line);
}

void gb_escape_relay(gb_buf *line, FILE *to, bool keep_cr, const char *text,
	size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n' || c == '\r') {
			if (keep_cr || line->size)
				relay_piece(line, to, keep_cr ? c : '\n');
		} else if (gb_buf_putc(line, c) < 0 || line->size >= RELAY_MAX) {
			relay_piece(line, to, '\n');
		}
	}
}

void gb_escape_relay_end(gb_buf *line, FILE *to)
{
	if (line->size)
		relay_piece(line, to, '\n');
	gb_buf_dispose(line);
}
