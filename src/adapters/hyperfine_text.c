/*
 * hyperfine's --export-csv and --export-markdown.
 *
 *   command,mean,stddev,median,user,system,min,max[,parameter_<p>...]
 *   sort,0.0500888,0.0011417,0.0498096,0.0447941,0.0108083,0.0483172,0.0523077
 *
 *   | Command | Mean [ms] | Min [ms] | Max [ms] | Relative |
 *   |:---|---:|---:|---:|---:|
 *   | `sort` | 50.1 ± 1.1 | 48.3 | 52.3 | 34720.98 ± 134476.09 |
 *
 * Named and valued as the JSON export is (hyperfine.c): the command, with
 * the parameters of a scan, "cmd (level=1)"; the times in ns; user and
 * system (CSV only) as "<command> [user]" and "<command> [system]". The
 * markdown table has what it shows: mean ± σ, min and max, rounded. A
 * single run has no deviation (null in the JSON): the markdown prints its
 * mean alone, the CSV a σ of 0, and it is left unknown.
 */
#include <math.h>
#include <string.h>

#include "console.h"
#include "util.h"

#define CSV_HEAD "command,mean,stddev,median,user,system,min,max"
#define MD_HEAD "| Command | Mean ["
#define MAX_COLUMNS 64
#define MD_ROW "\"| `<command>` | <mean> ± <σ> | <min> | <max> |...\""

/* The fields of a CSV line, unquoted into `out` (NUL-separated). */
static size_t csv_fields(gb_buf *out, const char **f, const gb_line *l)
{
	size_t i = 0, n = 0, at[MAX_COLUMNS];
	bool quoted;

	gb_buf_clear(out);
	while (n < MAX_COLUMNS) {
		at[n++] = out->size;
		quoted = i < l->len && l->text[i] == '"';
		for (i += quoted; i < l->len; i++) {
			if (quoted && l->text[i] == '"') {
				if (i + 1 < l->len && l->text[i + 1] == '"') {
					gb_buf_putc(out, '"');
					i++;
					continue;
				}
				quoted = false;
				continue;
			}
			if (!quoted && l->text[i] == ',')
				break;
			gb_buf_putc(out, l->text[i]);
		}
		gb_buf_putc(out, '\0');
		if (i++ >= l->len)
			break;
	}
	for (i = 0; i < n; i++)
		f[i] = out->ptr + at[i];
	return n;
}

static int add_time(gb_run *run, const char *name, const char *metric,
	const gb_estimates *e)
{
	gb_measure m = { metric, "ns", GB_LOWER_IS_BETTER,
		metric ? GB_FIGURE_METRIC : GB_FIGURE_PRIMARY };

	return gb_adapter_figure(run, name, &m, e);
}

/* "cmd (p=v, ...)" from the parameter_<p> columns. */
static int csv_name(gb_buf *name, const char **head, const char **f,
	size_t n)
{
	size_t i, k = 0;

	gb_buf_puts(name, f[0]);
	for (i = 8; i < n; i++)
		if (strncmp(head[i], "parameter_", 10) == 0)
			gb_buf_printf(name, "%s%s=%s", k++ ? ", " : " (",
				head[i] + 10, f[i]);
	return k ? gb_buf_puts(name, ")") : 0;
}

static int csv_row(gb_run *run, const gb_line *l, const char **head,
	size_t nhead, gb_buf *cells, const char *source)
{
	const char *f[MAX_COLUMNS], *end;
	gb_estimates e = GB_ESTIMATES_INIT;
	gb_buf name = GB_BUF_INIT;
	double v[7];
	size_t n = csv_fields(cells, f, l), i;
	int error = 0;

	if (n != nhead || !l->terminated)
		return gb_adapter_bad_line(source, l, !l->terminated || nhead == n ?
			"a whole row" : "as many columns as the heading");
	for (i = 0; i < 7; i++)
		if (gb_adapter_parse_number(&v[i], f[i + 1], &end, false) < 0 ||
		    *end)
			return gb_adapter_bad_line(source, l,
				"seconds in columns 2 to 8");
	if ((error = csv_name(&name, head, f, n)) == 0) {
		/* Not rounded: the CSV writes each double whole, as the JSON
		 * does, and the same run in either must be the same values. */
		e.mean = v[0] * 1e9;
		e.stddev = v[1] * 1e9;
		e.median = v[2] * 1e9;
		e.min = v[5] * 1e9;
		e.max = v[6] * 1e9;
		/* The CSV has no run count, and writes a σ of 0 for a single
		 * run (its JSON has null): a spread is not made up from one
		 * time. One run is min == max; several runs of exactly the
		 * same time would say nothing of a spread either. */
		if (v[1] == 0 && v[5] == v[6])
			e.stddev = NAN;
		error = add_time(run, name.ptr, NULL, &e);
	}
	for (i = 0; i < 2 && error == 0; i++) {
		gb_estimates cpu = GB_ESTIMATES_INIT;

		cpu.mean = v[3 + i] * 1e9;
		error = add_time(run, name.ptr, i ? "system" : "user", &cpu);
	}
	gb_buf_dispose(&name);
	return error;
}

/* Whether a quoted field is still open after `len` bytes of `s`. */
static bool quote_open(const char *s, size_t len, bool open)
{
	size_t i;

	for (i = 0; i < len; i++)
		open ^= s[i] == '"';  /* "" inside a field toggles twice */
	return open;
}

/*
 * The record that starts at line `l`: a command with a newline in it is
 * quoted over two lines (RFC 4180, as hyperfine writes it). `rec` is `l`,
 * or its lines joined in `joined`, unterminated when the input ends
 * inside the quotes; `l` is left at the record's last line.
 */
static void csv_record(gb_line *rec, gb_line *l, gb_buf *joined,
	const char *data, size_t len)
{
	bool open = quote_open(l->text, l->len, false);

	*rec = *l;
	if (!open)
		return;
	gb_buf_clear(joined);
	gb_buf_put(joined, l->text, l->len);
	while (open && l->terminated && gb_line_next(l, data, len)) {
		gb_buf_putc(joined, '\n');
		gb_buf_put(joined, l->text, l->len);
		open = quote_open(l->text, l->len, open);
	}
	rec->text = joined->ptr ? joined->ptr : "";
	rec->len = joined->size;
	rec->terminated = l->terminated && !open;
}

static int read_csv(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT, rec;
	gb_buf head = GB_BUF_INIT, cells = GB_BUF_INIT, joined = GB_BUF_INIT;
	const char *h[MAX_COLUMNS];
	size_t nhead = 0;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		if (l.number == 1) {
			nhead = csv_fields(&head, h, &l);
			continue;
		}
		csv_record(&rec, &l, &joined, data, len);
		if (rec.len)
			error = csv_row(run, &rec, h, nhead, &cells, source);
	}
	gb_buf_dispose(&head);
	gb_buf_dispose(&cells);
	gb_buf_dispose(&joined);
	return error;
}

/* The cells of "| a | b |", trimmed and unescaped ("\\|") in place. */
static size_t md_cells(char *s, char **cells)
{
	size_t n = 0;
	char *p = s, *w;

	if (*p++ != '|')
		return 0;
	while (n < MAX_COLUMNS && *p) {
		p = (char *)gb_adapter_skip_blanks(p);
		cells[n] = w = p;
		while (*p && *p != '|') {
			if (*p == '\\' && p[1] == '|')
				p++;
			*w++ = *p++;
		}
		if (!*p)
			break;
		p++;
		while (w > cells[n] && (w[-1] == ' ' || w[-1] == '\t'))
			w--;
		*w = '\0';
		n++;
	}
	return n;
}

static int md_row(gb_run *run, const gb_line *l, char *s, double f,
	const char *source)
{
	char *c[MAX_COLUMNS], *name;
	const char *p;
	gb_estimates e = GB_ESTIMATES_INIT;
	size_t n = md_cells(s, c), k;

	if (n < 4 || !l->terminated)
		return gb_adapter_bad_line(source, l, MD_ROW);
	name = c[0];
	k = strlen(name);
	if (k >= 2 && name[0] == '`' && name[k - 1] == '`') {
		name[k - 1] = '\0';
		name++;
	}
	if (gb_adapter_parse_number(&e.mean, c[1], &p, false) < 0)
		return gb_adapter_bad_line(source, l, MD_ROW);
	/* A single run (--runs 1) has its mean alone, no "± σ": the
	 * deviation stays unknown, as in the JSON export. */
	p = gb_adapter_skip_blanks(p);
	if (*p && (strncmp(p, "\xc2\xb1", 2) != 0 ||
		   gb_adapter_parse_number(&e.stddev,
			   gb_adapter_skip_blanks(p + 2), &p, false) < 0 || *p))
		return gb_adapter_bad_line(source, l, MD_ROW);
	if (gb_adapter_parse_number(&e.min, c[2], &p, false) < 0 || *p ||
	    gb_adapter_parse_number(&e.max, c[3], &p, false) < 0 || *p)
		return gb_adapter_bad_line(source, l, MD_ROW);
	e.mean = gb_adapter_scaled(e.mean, f);
	e.stddev = gb_adapter_scaled(e.stddev, f);
	e.min = gb_adapter_scaled(e.min, f);
	e.max = gb_adapter_scaled(e.max, f);
	return add_time(run, name, NULL, &e);
}

static int read_markdown(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	double f = 0;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		if ((error = gb_line_dup(&copy, &l)) < 0)
			break;
		if (l.number == 1) {
			/* "| Command | Mean [ms] |": the unit of every column. */
			char *u = strstr(copy.ptr, MD_HEAD) + strlen(MD_HEAD);
			char *close = strchr(u, ']');

			if (close)
				*close = '\0';
			if (!close || (f = gb_adapter_time_factor(u)) == 0)
				error = gb_adapter_bad_line(source, &l,
					"a time unit in \"Mean [<unit>]\"");
		} else if (l.number > 2 && l.len) {
			error = md_row(run, &l, copy.ptr, f, source);
		}
	}
	gb_buf_dispose(&copy);
	return error;
}

int gb_hyperfine_text_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (len >= strlen(CSV_HEAD) && memcmp(data, CSV_HEAD, strlen(CSV_HEAD)) == 0)
		return read_csv(run, data, len, source);
	return read_markdown(run, data, len, source);
}

int gb_hyperfine_text_detect(const char *data, size_t len)
{
	if ((len >= strlen(CSV_HEAD) &&
	     memcmp(data, CSV_HEAD, strlen(CSV_HEAD)) == 0) ||
	    (len >= strlen(MD_HEAD) && memcmp(data, MD_HEAD, strlen(MD_HEAD)) == 0))
		return 95;
	return 0;
}
