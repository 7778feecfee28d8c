/*
 * Names and labels come from harness output and from remotes: they are
 * stored as given and escaped whenever they are printed. Control characters
 * (C0, DEL, C1), and bytes that are not UTF-8 are shown as \xNN, so no
 * terminal ever receives an escape sequence from data.
 */
#ifndef GITBENCH_ESCAPE_H
#define GITBENCH_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* For a terminal or plain text. */
GB_EXTERN(int) gb_escape_text(gb_buf *out, const char *s);
/* For a markdown table cell: also `|`, backquotes, and HTML specials. */
GB_EXTERN(int) gb_escape_markdown(gb_buf *out, const char *s);
/* For HTML text and attribute values. */
GB_EXTERN(int) gb_escape_html(gb_buf *out, const char *s);
/*
 * One CSV field, quoted when needed (RFC 4180), controls escaped; one
 * starting with = + - or @ is written after a ' (text, not a formula, in
 * a spreadsheet).
 */
GB_EXTERN(int) gb_escape_csv(gb_buf *out, const char *s);
/*
 * Valid UTF-8 for a JSON encoder: bytes that are not UTF-8 become \xNN
 * text; controls are left for the encoder to escape.
 */
GB_EXTERN(int) gb_escape_utf8(gb_buf *out, const char *s);

/*
 * An OpenMetrics (and Prometheus text) label value, without its quotes:
 * backslash, double quote and line feed escaped as the format says; other
 * controls and bytes that are not UTF-8 as \xNN text (its backslash
 * escaped), since the format has no escape for them.
 */
GB_EXTERN(int) gb_escape_openmetrics(gb_buf *out, const char *s);

/*
 * A unit, the same in every format: beside controls, every sign that some
 * format gives a meaning (markdown, HTML, CSV) is shown as \xNN, so a unit
 * from a results file or a remote can neither forge a line nor a cell.
 */
GB_EXTERN(int) gb_escape_unit(gb_buf *out, const char *s);

/*
 * Another program's text (git's messages, a server's through it) relayed
 * to `to` as it comes, a line at a time and escaped for text: `line` keeps
 * the piece not ended yet (a gb_buf, GB_BUF_INIT at first). A piece ends at
 * '\r' or '\n', written as the program ended it, or at 4096 bytes, ended
 * by '\n'. Without `keep_cr`, each ends in '\n' and empty ones are left
 * out (a line of git's messages, as a log keeps it).
 * gb_escape_relay_end writes what is left and frees `line`.
 */
GB_EXTERN(void) gb_escape_relay(gb_buf *line, FILE *to, bool keep_cr,
	const char *text, size_t len);
GB_EXTERN(void) gb_escape_relay_end(gb_buf *line, FILE *to);

/* Display width of `s` once escaped for text (code points, not bytes). */
GB_EXTERN(size_t) gb_escape_text_width(const char *s);

#ifdef __cplusplus
}
#endif
#endif
