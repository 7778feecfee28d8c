/*
 * What Criterion.rs prints during `cargo bench`, for projects that do not
 * keep target/criterion:
 *
 *   sort/1000               time:   [5.0979 µs 5.1463 µs 5.2339 µs]
 *                           thrpt:  [191.06 Melem/s 194.31 Melem/s 196.16 Melem/s]
 *   a/name/too/long/for/its/column
 *                           time:   [116.19 ns 117.29 ns 118.47 ns]
 *
 * The middle figure of "time:" is Criterion's estimate (the slope under
 * linear sampling, else the mean) and is stored as the mean, in ns; the
 * bounds are a confidence interval, not kept. "thrpt:" is a secondary
 * figure. A "time:" of percentages belongs to a "change:" block and is
 * not a result.
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define TIME "\"time: [<n> <unit> <n> <unit> <n> <unit>]\""

/* "time:" (or "thrpt:") in the line, or NULL. */
static char *figure_mark(char *s, const char *what)
{
	char *p = strstr(s, what);

	if (!p || (p > s && p[-1] != ' ' && p[-1] != '\t'))
		return NULL;
	return p;
}

static bool is_change(const char *after)
{
	const char *p = gb_adapter_skip_blanks(after);
	double v;

	return *p == '[' &&
	       gb_adapter_parse_number(&v, p + 1, &p, false) == 0 && *p == '%';
}

static int read_time(gb_run *run, const gb_line *l, const char *name,
	const char *p, const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	double v[3];
	int i;

	p = gb_adapter_skip_blanks(p);
	if (*p++ != '[')
		return gb_adapter_bad_line(source, l, TIME);
	for (i = 0; i < 3; i++)
		if (gb_adapter_parse_time(&v[i], gb_adapter_skip_blanks(p), &p,
			    false) < 0)
			return gb_adapter_bad_line(source, l, TIME);
	if (*p != ']')
		return gb_adapter_bad_line(source, l, TIME);
	if (!*name)
		return gb_error_set(GB_EINVALID, "%s: line %zu: a time with no "
			"benchmark name before it", source, l->number);
	e.mean = v[1];
	return gb_adapter_figure(run, name, &m, &e);
}

static void trim(gb_buf *b, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	gb_buf_clear(b);
	gb_buf_put(b, s, n);
	gb_buf_put(b, "", 0);
}

typedef struct {
	gb_run *run;
	const char *source;
	/* The line before, when it started at the first column: the name of
	 * a benchmark whose figures come on the next line. */
	gb_buf prev;
} crit;

static int read_line(void *ctx, const gb_line *l, char *s)
{
	gb_run *run = ((crit *)ctx)->run;
	const char *source = ((crit *)ctx)->source;
	gb_buf *prev = &((crit *)ctx)->prev;
	char *t = figure_mark(s, "time:");
	bool indented = s[0] == ' ' || s[0] == '\t';
	int error = 0;

	if (t && !is_change(t + 5)) {
		if (!indented)
			trim(prev, s, (size_t)(t - s));
		error = read_time(run, l, prev->ptr ? prev->ptr : "", t + 5,
			source);
		gb_buf_clear(prev);
	} else if (!indented && *s) {
		trim(prev, s, strlen(s));
	} else {
		gb_buf_clear(prev);
	}
	return error;
}

int gb_criterion_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	crit c = { run, source, GB_BUF_INIT };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &c);

	gb_buf_dispose(&c.prev);
	return error;
}

int gb_criterion_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		const char *t, *p;
		double v;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		t = figure_mark(copy.ptr, "time:");
		p = t ? gb_adapter_skip_blanks(t + 5) : NULL;
		if (p && *p == '[' &&
		    gb_adapter_parse_time(&v, p + 1, NULL, false) == 0)
			score = 85;
	}
	gb_buf_dispose(&copy);
	return score;
}
