/*
 * Catch2's console reporter (the default), v2 and v3: after a heading
 * "benchmark name  samples  iterations  estimated" (v3: "est run time"),
 * three lines per benchmark:
 *
 *   fib 20                                         100             1    3.9418 ms
 *                                           39.8516 us    39.6637 us    40.1203 us
 *                                           1.14389 us    892.158 ns    1.47837 us
 *
 * the name (wrapped over several lines when it is longer than its column,
 * joined back with spaces), the samples and iterations per sample; the
 * mean and its bounds; the standard deviation and its bounds. Times are
 * stored in ns. A benchmark that failed prints no figures and is left out.
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define FIRST "\"<name> <samples> <iterations> <estimated time>\""
#define TIMES "three times: \"<n> <unit> <n> <unit> <n> <unit>\""

typedef struct {
	gb_run *run;
	const char *source;
	int state;          /* 0: outside, 1: in a heading, 2: after a
			     * first line, 3: after the mean line, 4: in a
			     * table */
	gb_buf name;
	double samples, iterations, mean;
} catch2con;

/* "<n> <unit> <n> <unit> <n> <unit>", all times; the first in *first. */
static int three_times(double *first, const char *s)
{
	double v;
	int i;

	for (i = 0; i < 3; i++) {
		if (gb_adapter_parse_time(&v, gb_adapter_skip_blanks(s), &s,
			    false) < 0)
			return GB_EINVALID;
		if (i == 0)
			*first = v;
	}
	return *gb_adapter_skip_blanks(s) ? GB_EINVALID : 0;
}

/* Where "<samples> <iterations> <n> <unit>" starts at the end of s. */
static char *first_line_figures(char *s, double *samples, double *iters)
{
	char *end = s + strlen(s), *p = end;
	const char *q;
	double est;
	int k;

	while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	/* Back over four fields: unit, time, iterations, samples. */
	for (k = 0; k < 4; k++) {
		while (p > s && p[-1] != ' ' && p[-1] != '\t')
			p--;
		if (k < 3)
			while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
				p--;
	}
	if (gb_adapter_parse_number(samples, p, &q, false) < 0 ||
	    (*q != ' ' && *q != '\t') ||
	    gb_adapter_parse_number(iters, gb_adapter_skip_blanks(q), &q,
		    false) < 0 ||
	    gb_adapter_parse_time(&est, gb_adapter_skip_blanks(q), &q, false) < 0 ||
	    *gb_adapter_skip_blanks(q))
		return NULL;
	return p;
}

static bool is_heading(const char *s)
{
	return strncmp(s, "benchmark name", 14) == 0 && strstr(s, "samples") &&
	       strstr(s, "iterations");
}

static bool blank(const char *s)
{
	return !*gb_adapter_skip_blanks(s);
}

static int name_part(gb_buf *name, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (name->size && gb_buf_putc(name, ' ') < 0)
		return GB_ERROR;
	return gb_buf_put(name, s, n);
}

static int add(catch2con *c, double stddev)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;

	e.mean = c->mean;
	e.stddev = stddev;
	e.count = gb_adapter_count(c->samples);
	e.iterations = gb_adapter_count(c->samples * c->iterations);
	return gb_adapter_figure(c->run, c->name.ptr, &m, &e);
}

static int in_table(catch2con *c, const gb_line *l, char *s)
{
	char *fig;

	if (s[0] == '-' || s[0] == '=') {
		/* A rule: another test case, or the end. */
		gb_buf_clear(&c->name);
		c->state = 0;
		return 0;
	}
	if (blank(s)) {
		gb_buf_clear(&c->name);
		return 0;
	}
	if (!(fig = first_line_figures(s, &c->samples, &c->iterations)))
		return name_part(&c->name, s, strlen(s));
	if (name_part(&c->name, s, (size_t)(fig - s)) < 0)
		return GB_ERROR;
	if (!c->name.size)
		return gb_adapter_bad_line(c->source, l, FIRST);
	c->state = 2;
	return 0;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	catch2con *c = ctx;
	double v;
	int error;

	if (is_heading(s)) {
		gb_buf_clear(&c->name);
		c->state = 1;
		return 0;
	}
	switch (c->state) {
	case 1:
		/* The heading's other lines, then its rule. */
		if (s[0] == '-')
			c->state = 4;
		return 0;
	case 4:
		return in_table(c, l, s);
	case 2:
		if (three_times(&c->mean, s) < 0)
			return gb_adapter_bad_line(c->source, l, "the mean line, "
				TIMES);
		c->state = 3;
		return 0;
	case 3:
		if (three_times(&v, s) < 0)
			return gb_adapter_bad_line(c->source, l,
				"the standard deviation line, " TIMES);
		error = add(c, v);
		gb_buf_clear(&c->name);
		c->state = 4;
		return error;
	}
	return 0;
}

int gb_catch2_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	catch2con c = { run, source, 0, GB_BUF_INIT, 0, 0, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &c);

	if (error == 0 && c.state == 4)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the last "
			"table has no rule after it (the reporter ends with "
			"\"====\")", source);
	if (error == 0 && (c.state == 2 || c.state == 3))
		error = gb_error_set(GB_EINVALID, "%s: truncated: benchmark '"
			GB_NAME_SHOWN "' has no %s line", source, c.name.ptr,
			c.state == 2 ? "mean" : "standard deviation");
	gb_buf_dispose(&c.name);
	return error;
}

/* The heading, and "std dev" on one of the two lines after it. */
int gb_catch2_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	size_t heading = 0;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		if (gb_line_starts(&l, "benchmark name") &&
		    gb_text_contains(l.text, l.len, "samples", l.len) &&
		    gb_text_contains(l.text, l.len, "iterations", l.len))
			heading = l.number;
		else if (heading && l.number <= heading + 2 &&
			 gb_text_contains(l.text, l.len, "std dev", l.len))
			return 90;
	}
	return 0;
}
