/*
 * Standard output for people: whether it gets colours (NO_COLOR,
 * color.bench, color.ui, a pager), how wide it is, and writing views the
 * library rendered to it.
 */
#ifndef GB_CLI_TERMINAL_H
#define GB_CLI_TERMINAL_H

#include <stdbool.h>
#include <stdio.h>
#include <gitbench.h>

/*
 * Colours: NO_COLOR, then color.bench, then color.ui; "auto" means fd is a
 * terminal, or fd is standard output going to a pager (ours or git's) and
 * color.pager is not false.
 */
bool cli_use_color(const gb_config *cfg, int fd);
/*
 * git's colour settings that cli_use_color reads (color.bench, color.ui,
 * color.pager) hold what they take: else an error naming the key, 2.
 */
int cli_color_check(const gb_config *cfg);
/* Columns of the terminal: COLUMNS, else the tty's, else 80. */
size_t cli_terminal_width(void);
/* Options to render a view in `format` on standard output. */
void cli_output_options(gb_output_options *out, gb_output_format format,
	const gb_config *cfg);
/*
 * The format `name` (NULL: the default) of `view`; an error naming the
 * formats there are, exit code 2, when it has no such format.
 */
int cli_output_format(gb_output_format *out, gb_output_view view,
	const char *name);
/*
 * ASCII text from now on when `forced` (--ascii) or the locale's character
 * set is not UTF-8: the marks, signs and units of the text views as ASCII
 * of the same width, other characters as '?'. Markdown, JSON, CSV and
 * files keep their UTF-8.
 */
void cli_ascii_setup(bool forced);
/* Write a buffer to stdout; false when stdout has failed. */
bool cli_write(const gb_buf *buf);
/*
 * Write a buffer to standard error, after what stdout holds: progress,
 * messages; in ASCII where cli_write writes text in ASCII.
 */
void cli_write_err(const gb_buf *buf);
/*
 * Write `data` to the file `path` (standard output for "-") through a
 * temporary file beside it, so a failed write leaves no half file; an
 * error (exit code 2) naming the path when it fails.
 */
int cli_write_file(const char *path, const gb_buf *data);

/*
 * The same written a part at a time: open (an error said, exit code 2),
 * put each part (false once a write failed: close says why), then close,
 * which with `keep` puts the file in place (an error said when any of it
 * failed), else leaves the old file as it was.
 */
typedef struct {
	const char *name;   /* as given, in messages */
	FILE *fp;
	char *final;        /* the regular file the temporary one replaces */
	gb_buf tmp;
	size_t bytes;       /* written so far */
	int failed;         /* errno of the first failure */
} cli_out_file;

int cli_file_open(cli_out_file *f, const char *path);
bool cli_file_put(cli_out_file *f, const gb_buf *data);
int cli_file_close(cli_out_file *f, bool keep);

/*
 * --format of the commands whose own lines also come as JSON (status,
 * names, config, record): "text" (or NULL) or "json"; else an error, exit
 * code 2.
 */
#define CLI_TEXT_JSON_HELP "text (default) or json"
int cli_text_or_json(bool *json, const char *name);
/* Finish the document `w` holds, indented, on stdout; frees `w`. */
int cli_write_json(gb_jsonw *w);

#endif
