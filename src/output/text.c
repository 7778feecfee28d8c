/* Text layout for terminals: colours, cell widths, fitting, sparklines. */
#include <ctype.h>
#include <math.h>
#include <string.h>

#include "gitbench/escape.h"
#include "gitbench/jsonw.h"
#include "output/output_int.h"

static const char *sgr(gb_color c)
{
	switch (c) {
	case GB_COLOR_RED: return "\033[31m";
	case GB_COLOR_BOLD_RED: return "\033[1;31m";
	case GB_COLOR_YELLOW: return "\033[33m";
	case GB_COLOR_GREEN: return "\033[32m";
	case GB_COLOR_CYAN: return "\033[36m";
	case GB_COLOR_BOLD: return "\033[1m";
	case GB_COLOR_DIM: return "\033[2m";
	default: return "";
	}
}

void gb_text_color(gb_buf *out, bool on, gb_color c, const char *text)
{
	if (on && c != GB_COLOR_PLAIN)
		gb_buf_printf(out, "%s%s\033[m", sgr(c), text);
	else
		gb_buf_puts(out, text);
}

/* Cells of the character at s (its bytes in *len); a stray byte is one. */
static size_t char_width(const char *s, size_t *len)
{
	uint32_t cp;

	if (!(*len = gb_utf8_char((const unsigned char *)s, &cp))) {
		*len = 1;
		return 1;
	}
	return gb_char_cells(cp);
}

size_t gb_text_width(const char *s)
{
	size_t w = 0, len;

	for (; *s; s += len)
		w += char_width(s, &len);
	return w;
}

void gb_text_pad(gb_buf *out, size_t n)
{
	while (n--)
		gb_buf_putc(out, ' ');
}

/* Cells taken by the first `len` bytes of `s`. */
static size_t width_of(const char *s, size_t len)
{
	size_t w = 0, i, n;

	for (i = 0; i < len; i += n)
		w += char_width(s + i, &n);
	return w;
}

void gb_text_wrap(gb_buf *out, const char *text, size_t col, size_t indent,
	size_t width)
{
	size_t start = col;

	while (*text) {
		size_t len = strcspn(text, " "), w;

		/* A figure stays with its unit: "2 cores", "193.50 Melem/s". */
		while (text[len] == ' ' && len &&
		       isdigit((unsigned char)text[len - 1]) &&
		       (isalpha((unsigned char)text[len + 1]) ||
			(unsigned char)text[len + 1] >= 0x80))
			len += 1 + strcspn(text + len + 1, " ");
		w = width_of(text, len);

		/* A word too long for any line is left whole on its own. */
		if (col > start && col + 1 + w > width) {
			gb_buf_putc(out, '\n');
			gb_text_pad(out, indent);
			col = start = indent;
		} else if (col > start) {
			gb_buf_putc(out, ' ');
			col++;
		}
		gb_buf_put(out, text, len);
		col += w;
		text += len;
		text += strspn(text, " ");
	}
}

void gb_text_fold(gb_buf *out, const char *text, size_t col, size_t indent,
	size_t width)
{
	size_t len, w;

	for (; *text; text += len) {
		w = char_width(text, &len);
		if (col + w > width && col > indent) {
			gb_buf_putc(out, '\n');
			gb_text_pad(out, indent);
			col = indent;
		}
		gb_buf_put(out, text, len);
		col += w;
	}
}

void gb_text_fit(gb_buf *out, const char *s, size_t max)
{
	gb_buf esc = GB_BUF_INIT;
	size_t w = 0, cw, len;
	const char *p;

	gb_escape_text(&esc, s);
	if (gb_text_width(esc.ptr ? esc.ptr : "") <= max) {
		gb_buf_puts(out, esc.ptr ? esc.ptr : "");
		gb_buf_dispose(&esc);
		return;
	}
	/* Cut on a character boundary, leaving a cell to say so. */
	for (p = esc.ptr; *p && max; p += len) {
		if (w + (cw = char_width(p, &len)) > max - 1)
			break;
		gb_buf_put(out, p, len);
		w += cw;
	}
	if (max)
		gb_buf_puts(out, "\xe2\x80\xa6");
	gb_buf_dispose(&esc);
}

size_t gb_text_label_least(const char *name, const char *measure,
	size_t keep)
{
	gb_buf label = GB_BUF_INIT;
	size_t whole, tail;

	gb_measure_label(&label, name, measure);
	whole = gb_escape_text_width(label.ptr ? label.ptr : "");
	tail = whole - gb_escape_text_width(name);
	gb_buf_dispose(&label);
	return whole < tail + keep + 1 ? whole : tail + keep + 1;
}

void gb_text_fit_label(gb_buf *out, const char *name, const char *measure,
	size_t max)
{
	gb_buf label = GB_BUF_INIT, tail = GB_BUF_INIT;
	size_t n = strlen(name), tw;

	gb_measure_label(&label, name, measure);
	gb_escape_text(&tail, label.ptr ? label.ptr + n : "");
	tw = gb_text_width(tail.ptr ? tail.ptr : "");
	/* What is cut is the name, so that its measures stay told apart. */
	if (gb_escape_text_width(label.ptr ? label.ptr : "") <= max ||
	    !label.ptr || strncmp(label.ptr, name, n) || !tw || tw + 2 > max) {
		gb_text_fit(out, label.ptr ? label.ptr : name, max);
	} else {
		gb_text_fit(out, name, max - tw);
		gb_buf_puts(out, tail.ptr);
	}
	gb_buf_dispose(&label);
	gb_buf_dispose(&tail);
}

void gb_text_sparkline(gb_buf *out, const double *values, size_t n,
	double span)
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
	if (span > 0 && isfinite(lo) && isfinite(hi) &&
	    hi - lo < span * fabs(lo + hi) / 2) {
		double mid = (lo + hi) / 2, half = span * fabs(mid) / 2;

		lo = mid - half;
		hi = mid + half;
	}
	for (i = 0; i < n; i++) {
		int level = hi > lo ? (int)((values[i] - lo) / (hi - lo) * 7 + 0.5) : 0;

		gb_buf_puts(out, blocks[level < 0 ? 0 : level > 7 ? 7 : level]);
	}
}

const char *gb_text_direction(gb_direction d)
{
	return d == GB_HIGHER_IS_BETTER ? "higher" : "lower";
}

const char *gb_text_label(gb_buf *scratch, const char *name,
	const char *measure)
{
	gb_buf_clear(scratch);
	gb_measure_label(scratch, name, measure);
	return scratch->ptr ? scratch->ptr : "";
}

void gb_json_oid(gb_jsonw *w, const char *key, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	gb_jsonw_string(w, key, hex);
}

void gb_output_text_fit(gb_buf *out, const char *s, size_t max)
{
	gb_text_fit(out, s, max);
}

void gb_output_text_fit_label(gb_buf *out, const char *name,
	const char *measure, size_t max)
{
	gb_text_fit_label(out, name, measure, max);
}
