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
 * threw, the file is refused (tinybench 6 then prints no column of
 * figures: only "Task name", "Error" and "Stack"). Empty figures with no
 * error are damage.
 *
 * tinybench 4 and later print a task that did not finish (aborted, or
 * never started) with 'N/A' in every figure's cell and its state under
 * "Remarks"; it is left out too, with a warning. One aborted after it had
 * samples ('aborted-with-statistics' under "Remarks") is kept, with a
 * warning that its figures are partial.
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
enum { NAME, MEAN, MEDIAN, RATE, COUNT, MESSAGE, REMARK, ROLES };

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

/* The value of the `n` hex digits at s, or -1. */
static long hex(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (c | 0x20) - 'a' + 10;
		else
			return -1; /* the string's end too */
	}
	return v;
}

/* Code point `c` in UTF-8 at w; the bytes written. */
static size_t utf8(char *w, long c)
{
	if (c < 0x80) {
		w[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		w[0] = (char)(0xc0 | c >> 6);
		w[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		w[0] = (char)(0xe0 | c >> 12);
		w[1] = (char)(0x80 | (c >> 6 & 0x3f));
		w[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	w[0] = (char)(0xf0 | c >> 18);
	w[1] = (char)(0x80 | (c >> 12 & 0x3f));
	w[2] = (char)(0x80 | (c >> 6 & 0x3f));
	w[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * The character of the escape at r (a backslash) into w: *len the bytes
 * of the escape, the return the bytes written, 0 when it is not one to
 * decode. util.inspect escapes the quote, the backslash and control
 * characters, as \b \t \n \f \r or \xHH (C0, DEL and C1), and a lone
 * surrogate as \uHHHH. Each decodes to fewer bytes than it takes. \x00
 * stays as written, for a NUL would end the name, and so does a lone
 * surrogate, which UTF-8 cannot hold.
 */
static size_t unescape(char *w, const char *r, size_t *len)
{
	static const char simple[] = "\\\\''\"\"``b\bt\tn\nf\fr\rv\v";
	long c, low;
	size_t i;

	for (i = 0; r[1] && i < sizeof(simple) - 1; i += 2)
		if (r[1] == simple[i]) {
			*w = simple[i + 1];
			*len = 2;
			return 1;
		}
	if (r[1] == 'x' && (c = hex(r + 2, 2)) > 0) {
		*len = 4;
		return utf8(w, c);
	}
	if (r[1] != 'u' || (c = hex(r + 2, 4)) <= 0 ||
	    (c >= 0xdc00 && c <= 0xdfff))
		return 0;
	*len = 6;
	if (c < 0xd800 || c > 0xdbff)
		return utf8(w, c);
	/* A pair, which Node prints as it is, but decoded all the same. */
	if (r[6] != '\\' || r[7] != 'u' || (low = hex(r + 8, 4)) < 0xdc00 ||
	    low > 0xdfff)
		return 0;
	*len = 12;
	return utf8(w, 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00));
}

/*
 * Node's quoted string ('a', "it's", `'"`, 'new\nline') unquoted and
 * unescaped in place, as the name it stands for; as is if not quoted.
 */
static char *unquote(char *s)
{
	size_t n = strlen(s), len, k;
	char *r, *w;

	if (n < 2 || closing_quote(s) != s + n - 1)
		return s;
	s[n - 1] = '\0';
	for (r = w = ++s; *r;) {
		if (*r == '\\' && (k = unescape(w, r, &len))) {
			w += k;
			r += len;
		} else {
			*w++ = *r++;
		}
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
	size_t nstopped;        /* the rows of tasks that did not finish */
	gb_buf stopped, state;  /* the first of them and its remark */
	size_t npartial;        /* the rows of tasks aborted with statistics */
	gb_buf partial;         /* the first of them */
} tb;

#define TB_INIT(run, source) { run, source, 0, \
	{ -1, -1, -1, -1, -1, -1, -1 }, { 0, 0, 0, 0, 0, 0, 0 }, 0, false, \
	0, GB_BUF_INIT, GB_BUF_INIT, 0, GB_BUF_INIT, GB_BUF_INIT, 0, \
	GB_BUF_INIT }

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
		{ "Remarks", REMARK },
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
	/* When every task threw, tinybench 6 prints no figures at all. */
	if (t->at[NAME] < 0 || (t->at[MEAN] < 0 && t->at[MESSAGE] < 0) ||
	    (t->at[MEAN] >= 0 && t->factor[MEAN] == 0) ||
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

/* A task that did not finish: 'N/A' in every figure's cell. */
static bool stopped(const tb *t, char **c)
{
	int k;

	for (k = MEAN; k <= COUNT; k++)
		if (t->at[k] >= 0 && strcmp(c[t->at[k]], "'N/A'") != 0)
			return false;
	return t->at[MEAN] >= 0;
}

/* Counts a row of its kind; the first's task name and `what` (or none). */
static int first_of(size_t *n, gb_buf *first, gb_buf *about,
	const char *name, char *what)
{
	if ((*n)++)
		return 0;
	if (gb_buf_puts(first, name) < 0 ||
	    (about && what && gb_buf_puts(about, unquote(what)) < 0))
		return GB_ERROR;
	return 0;
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
		return first_of(&t->nfailed, &t->failed, &t->why,
			unquote(c[t->at[NAME]]), c[t->at[MESSAGE]]);
	if (stopped(t, c))
		return first_of(&t->nstopped, &t->stopped, &t->state,
			unquote(c[t->at[NAME]]),
			t->at[REMARK] < 0 ? NULL : c[t->at[REMARK]]);
	if (t->at[MEAN] < 0)
		return gb_adapter_bad_line(t->source, l,
			"an error in every row of a table without figures");
	name = unquote(c[t->at[NAME]]);
	if (t->at[REMARK] >= 0 &&
	    !strcmp(unquote(c[t->at[REMARK]]), "aborted-with-statistics") &&
	    first_of(&t->npartial, &t->partial, NULL, name, NULL) < 0)
		return GB_ERROR;
	for (k = MEAN; k <= COUNT; k++)
		if (t->at[k] >= 0 && !figure(&v[k], c[t->at[k]]))
			return gb_adapter_bad_line(t->source, l,
				"a number in every column of figures");
	e.mean = gb_adapter_scaled(v[MEAN], t->factor[MEAN]);
	if (t->at[MEDIAN] >= 0)
		e.median = gb_adapter_scaled(v[MEDIAN], t->factor[MEDIAN]);
	if (t->at[COUNT] >= 0) {
		if (!(v[COUNT] >= 1 && v[COUNT] <= 1e15 &&
		      v[COUNT] == (double)(uint64_t)v[COUNT]))
			return gb_adapter_bad_line(t->source, l,
				"a whole number of samples");
		e.count = (uint64_t)v[COUNT];
	}
	r.mean = v[RATE];
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

/*
 * Warn of the tasks left out and those with partial figures; when no task
 * is left, refuse the file. The same words as for the tasks' JSON
 * (vitest.c).
 */
static int outcome(const tb *t, const gb_run *run)
{
	const gb_buf *first = t->nfailed ? &t->failed : &t->stopped;
	const gb_buf *why = t->nfailed ? &t->why : &t->state;

	if (run->nresults == 0 && (t->nfailed || t->nstopped))
		return gb_error_set(GB_EINVALID, "%s: every task %s ('"
			GB_NAME_SHOWN "'%s%.200s)", t->source, !t->nstopped ?
			"threw an error" : !t->nfailed ? "was aborted" :
			"threw an error or was aborted", first->ptr,
			why->size ? ": " : "", why->size ? why->ptr : "");
	if (t->nfailed)
		gb_adapter_warn_left_out(t->source, t->nfailed, "task",
			"threw an error", t->failed.ptr,
			t->why.size ? t->why.ptr : NULL);
	if (t->nstopped)
		gb_adapter_warn_left_out(t->source, t->nstopped, "task",
			"did not finish", t->stopped.ptr,
			t->state.size ? t->state.ptr : NULL);
	if (t->npartial)
		gb_adapter_warn("%s: %zu task%s aborted and %s kept with partial "
			"figures ('" GB_NAME_SHOWN "': aborted-with-statistics)",
			t->source, t->npartial,
			t->npartial == 1 ? " was" : "s were",
			t->npartial == 1 ? "is" : "are", t->partial.ptr);
	return 0;
}

int gb_tinybench_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	tb t = TB_INIT(run, source);
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &t);

	if (error == 0 && t.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the table "
			"started on line %zu has no closing line", source, t.top);
	else if (error == 0)
		error = outcome(&t, run);
	gb_buf_dispose(&t.failed);
	gb_buf_dispose(&t.why);
	gb_buf_dispose(&t.stopped);
	gb_buf_dispose(&t.state);
	gb_buf_dispose(&t.partial);
	return error;
}

int gb_tinybench_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	tb t = TB_INIT(NULL, NULL);
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
