/*
 * What `vitest bench` prints, for runs without --outputJson:
 *
 *    ✓ bench/sort.bench.js > sort 1231ms
 *        name           hz     min     max    mean     p75 ...     rme  samples
 *      · normal   9,006.74  0.0843  6.5815  0.1110  0.0996 ...  ±5.61%     4504
 *
 * Named and valued as the JSON (vitest.c): "<file > group> > <name>",
 * the group from its ✓ line without the time it took (nor vitest 0.x's
 * "(2)" count). vitest 1.x prints a file's ✓ line, then each describe
 * inside it on a ✓ line of its own, indented deeper: the group is the
 * path of ✓ lines down to the table, "src/a.bench.js > simple.ts", as
 * vitest's summary and JSON name it. The table's times are milliseconds with four decimals,
 * which is no digit at all for a benchmark faster than 50 ns: the mean is
 * taken from hz (vitest computes hz as 1000 / mean, and prints it with
 * more digits), min and max kept only when printed with three digits or
 * more. hz is the throughput, samples the count; the percentiles and rme
 * are not kept (nor is the standard deviation, which it does not print).
 * A "fastest"/"slowest" mark after a row is passed over, and so is a
 * table vitest prints twice (the same rows again).
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define MAX_COLUMNS 32
#define ROW "\"\xc2\xb7 <name> <hz> <min> <max> <mean> ... <samples>\" " \
	"under the heading's columns"

/* Splits s at blanks, in place; returns the number of words. */
static size_t words(char *s, char **w, size_t max)
{
	size_t n = 0;

	for (;;) {
		s = (char *)gb_adapter_skip_blanks(s);
		if (!*s || n == max)
			return n;
		w[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
}

/* The group a ✓ (or ×, ↓) line names, in place; NULL when it is not one. */
static char *group_line(char *s)
{
	static const char *const marks[] = { "\xe2\x9c\x93", "\xc3\x97",
		"\xe2\x9c\x97", "\xe2\x86\x93" };
	char *p = (char *)gb_adapter_skip_blanks(s), *end, *last;
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(marks); i++)
		if (!strncmp(p, marks[i], strlen(marks[i])) &&
		    p[strlen(marks[i])] == ' ')
			break;
	if (i == GB_ARRAY_SIZE(marks))
		return NULL;
	p = (char *)gb_adapter_skip_blanks(p + strlen(marks[i]));
	end = p + strlen(p);
	/* The time it took ("1231ms", "1.23s"), then "(2)" in vitest 0.x. */
	for (i = 0; i < 2; i++) {
		double v;
		const char *after;

		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (!(last = strrchr(p, ' ')))
			break;
		if (gb_adapter_parse_number(&v, last + 1, &after, false) == 0 &&
		    (!strcmp(after, "ms") || !strcmp(after, "s")))
			end = last;
		else if (last[1] == '(' && end[-1] == ')' &&
			 gb_adapter_parse_number(&v, last + 2, &after, false) == 0 &&
			 after == end - 1)
			end = last;
	}
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	return *p ? p : NULL;
}

#define MAX_DEPTH 64

typedef struct {
	gb_run *run;
	const char *source;
	gb_buf group;       /* the ✓ lines' path down to the table */
	size_t depth;       /* ✓ lines in it */
	size_t indent[MAX_DEPTH], at[MAX_DEPTH]; /* each one's indentation, and
						    where it starts in group */
	bool in_group;
	size_t ncols;       /* the heading's columns, "name" first; 0: none */
	size_t open;        /* the line of the last row of a table not yet
			       ended by a blank line; 0: none */
	int hz, min, max, mean, samples; /* their places, -1 when absent */
	gb_buf name;
	gb_name_index index; /* the rows read, by name */
	size_t indexed;
} vt;

static int heading(vt *v, char *s)
{
	char *w[MAX_COLUMNS];
	size_t n = words(s, w, MAX_COLUMNS), i;

	if (n < 3 || strcmp(w[0], "name") != 0)
		return 0;
	v->hz = v->min = v->max = v->mean = v->samples = -1;
	for (i = 1; i < n; i++) {
		int *at = !strcmp(w[i], "hz") ? &v->hz
			: !strcmp(w[i], "min") ? &v->min
			: !strcmp(w[i], "max") ? &v->max
			: !strcmp(w[i], "mean") ? &v->mean
			: !strcmp(w[i], "samples") ? &v->samples : NULL;

		if (at)
			*at = (int)i - 1;
	}
	if (v->hz < 0 || v->mean < 0)
		return 0;
	v->ncols = n;
	return 1;
}

/* Milliseconds printed with three digits or more, else NAN. */
static double kept_ms(const char *text, double ms)
{
	size_t digits = 0;
	bool lead = true;

	for (; *text; text++) {
		if (*text < '0' || *text > '9')
			continue;
		if (lead && *text == '0')
			continue;
		lead = false;
		digits++;
	}
	return digits >= 3 ? ms * 1e6 : NAN;
}

static int row(vt *v, const gb_line *l, char *s)
{
	static const gb_measure time = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	static const gb_measure rate = { "throughput", "ops/s",
		GB_HIGHER_IS_BETTER, GB_FIGURE_METRIC };
	char *w[MAX_COLUMNS + 64], *name = s;
	gb_estimates e = GB_ESTIMATES_INIT, r = GB_ESTIMATES_INIT;
	const gb_result *had;
	double x[MAX_COLUMNS], samples;
	size_t n = words(s, w, GB_ARRAY_SIZE(w)), k = v->ncols - 1, i;
	const char *end;
	int error;

	/* A row cut short can still read as one: "74928" cut to "74". */
	if (!l->terminated)
		return gb_adapter_cut(v->source, l);
	if (n && (!strcmp(w[n - 1], "fastest") || !strcmp(w[n - 1], "slowest")))
		n--;
	if (n < k + 1)
		return gb_adapter_bad_line(v->source, l, ROW);
	for (i = 0; i < k; i++) {
		const char *t = w[n - k + i];

		x[i] = NAN;
		if ((int)i == v->hz || (int)i == v->min || (int)i == v->max ||
		    (int)i == v->mean || (int)i == v->samples)
			if (gb_adapter_parse_number(&x[i], t, &end, true) < 0 ||
			    *end)
				return gb_adapter_bad_line(v->source, l, ROW);
	}
	/* The name is every word before the figures, as printed. */
	for (i = 0; i + 1 < n - k; i++)
		w[i][strlen(w[i])] = ' ';
	gb_buf_clear(&v->name);
	if (gb_buf_printf(&v->name, "%s%s%s", v->group.ptr,
		    v->group.size ? " > " : "", name) < 0)
		return GB_ERROR;
	e.mean = x[v->hz] > 0 ? 1e9 / x[v->hz] : x[v->mean] * 1e6;
	if (v->min >= 0)
		e.min = kept_ms(w[n - k + (size_t)v->min], x[v->min]);
	if (v->max >= 0)
		e.max = kept_ms(w[n - k + (size_t)v->max], x[v->max]);
	if (v->samples >= 0) {
		samples = x[v->samples];
		if (!(samples >= 1 && samples <= 1e15 &&
		      samples == (double)(uint64_t)samples))
			return gb_adapter_bad_line(v->source, l, ROW);
		e.count = (uint64_t)samples;
	}
	/* vitest prints some tables twice. */
	if ((error = gb_adapter_index_new(&v->index, v->run, &v->indexed)) < 0)
		return error;
	had = gb_adapter_lookup(&v->index, v->run, v->name.ptr, "time");
	if (had && had->mean == e.mean && had->count == e.count)
		return 0;
	r.mean = x[v->hz];
	if ((error = gb_adapter_figure(v->run, v->name.ptr, &time, &e)) < 0)
		return error;
	return x[v->hz] > 0 ? gb_adapter_figure(v->run, v->name.ptr, &rate, &r)
			    : 0;
}

/* The path of ✓ lines cut back to its first `n` bytes. */
static void cut_group(vt *v, size_t n)
{
	if (v->group.ptr && n < v->group.size) {
		v->group.size = n;
		v->group.ptr[n] = '\0';
	}
}

/*
 * A ✓ line indented `indent` blanks, naming `g`: inside the ✓ lines above
 * it indented less, in place of the others.
 */
static int enter_group(vt *v, size_t indent, const char *g)
{
	while (v->depth && v->indent[v->depth - 1] >= indent)
		cut_group(v, v->at[--v->depth]);
	if (v->depth == MAX_DEPTH)
		cut_group(v, v->at[--v->depth]);
	v->in_group = true;
	v->ncols = 0;
	v->indent[v->depth] = indent;
	v->at[v->depth++] = v->group.size;
	if (!v->group.size)
		return gb_buf_puts(&v->group, g);
	/* A line that names its whole path already ("file > group"). */
	if (!strncmp(g, v->group.ptr, v->group.size) &&
	    !strncmp(g + v->group.size, " > ", 3))
		g += v->group.size + 3;
	return gb_buf_printf(&v->group, " > %s", g);
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	vt *v = ctx;
	char *g, *p;

	gb_adapter_strip_colours(s);
	if ((g = group_line(s)))
		return enter_group(v, (size_t)(gb_adapter_skip_blanks(s) - s), g);
	p = (char *)gb_adapter_skip_blanks(s);
	if (!strncmp(p, "\xc2\xb7 ", 3)) {
		if (!v->in_group || !v->ncols)
			return gb_adapter_bad_line(v->source, l, "a \xe2\x9c\x93 "
				"line and the table's heading before a row");
		v->open = l->number;
		return row(v, l, p + 3);
	}
	v->open = 0;
	if (v->in_group && !v->ncols && heading(v, p))
		return 0;
	/* The summary, blank lines, a test's own output. */
	return 0;
}

int gb_vitest_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	vt v = { run, source, GB_BUF_INIT, 0, { 0 }, { 0 }, false, 0, 0, -1,
		-1, -1, -1, -1, GB_BUF_INIT, GB_NAME_INDEX_INIT, 0 };
	int error;

	if (gb_buf_puts(&v.group, "") < 0)
		return GB_ERROR;
	error = gb_adapter_read_lines(run, data, len, source, read_line, &v);
	/*
	 * vitest ends each table with a blank line, then prints its summary:
	 * input that stops after a row was cut at a line's end, and the rows
	 * after it would be lost without a word.
	 */
	if (error == 0 && v.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the input ends "
			"with the table row on line %zu (vitest ends each table "
			"with a blank line)", source, v.open);
	gb_buf_dispose(&v.group);
	gb_buf_dispose(&v.name);
	gb_name_index_dispose(&v.index);
	return error;
}

int gb_vitest_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	vt v = { NULL, NULL, GB_BUF_INIT, 0, { 0 }, { 0 }, false, 0, 0, -1,
		-1, -1, -1, -1, GB_BUF_INIT, GB_NAME_INDEX_INIT, 0 };
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		const char *p;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		gb_adapter_strip_colours(copy.ptr);
		p = gb_adapter_skip_blanks(copy.ptr);
		if (group_line(copy.ptr))
			v.in_group = true;
		else if (v.in_group && v.ncols && !strncmp(p, "\xc2\xb7 ", 3))
			score = 90;
		else if (v.in_group && !v.ncols)
			heading(&v, (char *)p);
	}
	gb_buf_dispose(&copy);
	return score;
}
