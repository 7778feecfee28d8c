/*
 * tinybench's own table, as its README prints it (console.table(
 * bench.table()) in Node):
 *
 *   ┌─────────┬─────────────┬──────────────────┬──────────────────┬─────┬─────────┐
 *   │ (index) │ Task name   │ Latency avg (ns) │ Latency med (ns) │ ... │ Samples │
 *   ├─────────┼─────────────┼──────────────────┼──────────────────┼─────┼─────────┤
 *   │ 0       │ 'sort 1000' │ '108472 ± 9.81%' │ '87783 ± 1859.5' │ ... │ 1844    │
 *   └─────────┴─────────────┴──────────────────┴──────────────────┴─────┴─────────┘
 *
 * Named and valued as the tasks' JSON (vitest.c), to the digits printed:
 * the task's name (unquoted), the time's mean from "Latency avg" (tinybench
 * 3 and later; "Latency average" in some) or "Average Time" (tinybench 2),
 * in the unit its heading gives; the median from "Latency med(ian)"; the
 * throughput from "Throughput avg" or "ops/sec"; "Samples" the count.
 * What follows "±" (the margin, or the median's deviation) is not kept,
 * nor the throughput's median. A bar inside a quoted name is the name's.
 * A table without its closing line, or a row with more or fewer cells
 * than its heading, is refused.
 *
 * A task that threw is printed with its figures' cells empty and its
 * message and stack in two more columns, "Error" and "Stack":
 *
 *   │ 3       │ 'throws'    │                  │ ... │         │ 'boom' │ ... │
 *
 * Such a row is left out, with a warning naming the task; when every task
 * threw, the file is refused. Empty figures with no error are damage.
 */
#include <string.h>
#include <strings.h>

#include "console.h"
#include "util.h"

#define BAR "\xe2\x94\x82"          /* │ */
#define TOP "\xe2\x94\x8c"          /* ┌ */
#define BOTTOM "\xe2\x94\x94"       /* └ */
#define MAX_CELLS 32

/* The roles from MEAN to COUNT are the figures. */
enum { NAME, MEAN, MEDIAN, RATE, COUNT, MESSAGE, ROLES };

/*
 * The quote closing Node's quoted string at s ('a', "it's", `a'"b`),
 * escapes skipped; NULL when s is not quoted or the line ends first.
 */
static const char *closing_quote(const char *s)
{
	const char *r;

	if (*s != '\'' && *s != '"' && *s != '`')
		return NULL;
	for (r = s + 1; *r; r++) {
		if (r[0] == '\\' && r[1])
			r++;
		else if (*r == *s)
			return r;
	}
	return NULL;
}

/*
 * The cells between the bars of s, trimmed, in place. A task's name is
 * printed as it is, quoted: a bar inside the quotes is the name's.
 */
static size_t cells(char *s, char **c)
{
	size_t n = 0;
	char *p = strstr(s, BAR), *next, *end;
	const char *q;

	if (!p || *gb_adapter_skip_blanks(s) == '\0' ||
	    gb_adapter_skip_blanks(s) != p)
		return 0;
	while (n < MAX_CELLS) {
		char *cell = (char *)gb_adapter_skip_blanks(p + 3);

		if (!(next = strstr((q = closing_quote(cell)) ? q + 1 : p + 3, BAR)))
			break;
		p = cell;
		end = next;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		c[n++] = p;
		p = next;
	}
	return n;
}

/* Node's quoted string ('a', "it's", `'"`) unquoted in place; as is if none. */
static char *unquote(char *s)
{
	size_t n = strlen(s);
	char *r, *w;

	if (n < 2 || closing_quote(s) != s + n - 1)
		return s;
	s[n - 1] = '\0';
	for (r = w = ++s; *r; r++) {
		if (r[0] == '\\' && (r[1] == '\\' || r[1] == '\'' || r[1] == '"' ||
				      r[1] == '`'))
			r++;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

typedef struct {
	gb_run *run;
	const char *source;
	size_t ncells;          /* the heading's; 0 outside a table */
	int at[ROLES];          /* each role's cell, or -1 */
	double factor[ROLES];   /* ns per unit of the time columns */
	size_t top;             /* the line the table started on */
	bool open;              /* a table started and not yet closed */
	size_t nfailed;         /* the rows of tasks that threw */
	gb_buf failed, why;     /* the first of them and its message */
} tb;

/* The unit in "Latency avg (ns)", as ns per unit; 0 when not a time. */
static double heading_unit(const char *cell)
{
	const char *open = strrchr(cell, '(');
	char unit[16];
	size_t n;

	if (!open || !(n = strcspn(open + 1, ")")) || n >= sizeof(unit) ||
	    open[1 + n] != ')')
		return 0;
	memcpy(unit, open + 1, n);
	unit[n] = '\0';
	return gb_adapter_time_factor(unit);
}

static bool heading(tb *t, char **c, size_t n)
{
	static const struct {
		const char *prefix;
		int role;
	} known[] = {
		{ "Task name", NAME }, { "Latency avg", MEAN },
		{ "Latency average", MEAN }, { "Average Time", MEAN },
		{ "Latency med", MEDIAN }, { "Throughput avg", RATE },
		{ "Throughput average", RATE }, { "ops/sec", RATE },
		{ "Samples", COUNT }, { "Error", MESSAGE },
	};
	size_t i, k;

	if (n < 3 || strcmp(c[0], "(index)") != 0)
		return false;
	for (k = 0; k < ROLES; k++)
		t->at[k] = -1;
	for (i = 1; i < n; i++)
		for (k = 0; k < GB_ARRAY_SIZE(known); k++)
			if (!strncasecmp(c[i], known[k].prefix,
				    strlen(known[k].prefix)) &&
			    t->at[known[k].role] < 0) {
				t->at[known[k].role] = (int)i;
				t->factor[known[k].role] = heading_unit(c[i]);
			}
	if (t->at[NAME] < 0 || t->at[MEAN] < 0 || t->factor[MEAN] == 0 ||
	    (t->at[MEDIAN] >= 0 && t->factor[MEDIAN] == 0))
		return false;
	t->ncells = n;
	return true;
}

/* The first figure of a cell: 961519.06, '1,040', '108472 ± 9.81%'. */
static bool figure(double *v, char *cell)
{
	const char *end;

	cell = unquote(cell);
	if (gb_adapter_parse_number(v, cell, &end, true) < 0)
		return false;
	end = gb_adapter_skip_blanks(end);
	return !*end || !strncmp(end, "\xc2\xb1", 2);
}

/* A task that threw: its Error cell filled, every figure's cell empty. */
static bool threw(const tb *t, char **c)
{
	int k;

	if (t->at[MESSAGE] < 0 || !*c[t->at[MESSAGE]])
		return false;
	for (k = MEAN; k <= COUNT; k++)
		if (t->at[k] >= 0 && *c[t->at[k]])
			return false;
	return true;
}

static int row(tb *t, const gb_line *l, char **c, size_t n)
{
	static const gb_measure time = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	static const gb_measure rate = { "throughput", "ops/s",
		GB_HIGHER_IS_BETTER, GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT, r = GB_ESTIMATES_INIT;
	double v[ROLES] = { 0, NAN, NAN, NAN, NAN, 0 };
	const char *name;
	int k, error;

	if (n != t->ncells || !l->terminated)
		return gb_adapter_bad_line(t->source, l,
			"a row with as many cells as the table's heading");
	if (threw(t, c))
		return t->nfailed++ ||
			       (gb_buf_puts(&t->failed, unquote(c[t->at[NAME]])) == 0 &&
				gb_buf_puts(&t->why, unquote(c[t->at[MESSAGE]])) == 0)
			       ? 0 : GB_ERROR;
	for (k = MEAN; k <= COUNT; k++)
		if (t->at[k] >= 0 && !figure(&v[k], c[t->at[k]]))
			return gb_adapter_bad_line(t->source, l,
				"a number in every column of figures");
	e.mean = v[MEAN] * t->factor[MEAN];
	if (t->at[MEDIAN] >= 0)
		e.median = v[MEDIAN] * t->factor[MEDIAN];
	if (t->at[COUNT] >= 0) {
		if (!(v[COUNT] >= 1 && v[COUNT] <= 1e15 &&
		      v[COUNT] == (double)(uint64_t)v[COUNT]))
			return gb_adapter_bad_line(t->source, l,
				"a whole number of samples");
		e.count = (uint64_t)v[COUNT];
	}
	r.mean = v[RATE];
	name = unquote(c[t->at[NAME]]);
	if ((error = gb_adapter_figure(t->run, name, &time, &e)) < 0)
		return error;
	return isnan(v[RATE]) ? 0 : gb_adapter_figure(t->run, name, &rate, &r);
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	tb *t = ctx;
	const char *p = gb_adapter_skip_blanks(s);
	char *c[MAX_CELLS];
	size_t n;

	if (!strncmp(p, TOP, 3)) {
		t->open = true;
		t->ncells = 0;
		t->top = l->number;
		return 0;
	}
	if (!strncmp(p, BOTTOM, 3)) {
		t->open = false;
		return 0;
	}
	if (!t->open || !(n = cells(s, c)))
		return 0; /* between tables, and the rules inside one */
	if (!t->ncells) {
		if (!heading(t, c, n))
			return gb_adapter_bad_line(t->source, l, "the heading of "
				"tinybench's table: (index), Task name, Latency "
				"avg (ns) or Average Time (ns) ...");
		return 0;
	}
	return row(t, l, c, n);
}

int gb_tinybench_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	tb t = { run, source, 0, { -1, -1, -1, -1, -1, -1 },
		{ 0, 0, 0, 0, 0, 0 }, 0, false, 0, GB_BUF_INIT, GB_BUF_INIT };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &t);

	if (error == 0 && t.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the table "
			"started on line %zu has no closing line", source, t.top);
	else if (error == 0 && t.nfailed && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: every task threw an "
			"error ('" GB_NAME_SHOWN "': %.200s)", source, t.failed.ptr,
			t.why.ptr);
	else if (error == 0 && t.nfailed)
		gb_adapter_warn_left_out(source, t.nfailed, "task",
			"threw an error", t.failed.ptr, t.why.ptr);
	gb_buf_dispose(&t.failed);
	gb_buf_dispose(&t.why);
	return error;
}

int gb_tinybench_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	tb t = { NULL, NULL, 0, { -1, -1, -1, -1, -1, -1 },
		{ 0, 0, 0, 0, 0, 0 }, 0, false, 0, GB_BUF_INIT, GB_BUF_INIT };
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		char *c[MAX_CELLS];
		size_t n;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		if ((n = cells(copy.ptr, c)) && heading(&t, c, n))
			score = 90;
	}
	gb_buf_dispose(&copy);
	return score;
}
