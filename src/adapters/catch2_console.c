/*
 * Catch2's console reporter (the default), v2 and v3: after a heading
 * "benchmark name  samples  iterations  estimated" (v3: "est run time")
 * and its rule, three lines per benchmark:
 *
 *   fib 20                                         100             1    3.9418 ms
 *                                           39.8516 us    39.6637 us    40.1203 us
 *                                           1.14389 us    892.158 ns    1.47837 us
 *
 * the name (wrapped over several lines when it is longer than its column,
 * joined back as TextFlow wrapped it, name_part), the samples and
 * iterations per sample; the mean and its bounds; the standard deviation
 * and its bounds. With --benchmark-no-analysis the heading ends in "mean"
 * and each benchmark is one line, "<name> <samples> <iterations>
 * <mean>", with no spread. Times, in Catch2's units up to minutes ("m"),
 * are stored in ns. Figures that cannot be read are an error, never
 * passed over: a benchmark must not vanish from a run in silence. A
 * benchmark that failed prints "Benchmark failed (<message>)" in place
 * of its figures and is left out with a warning.
 *
 * Catch2 before 2.9 measured a BENCHMARK as one run of many iterations, in
 * a table "benchmark name  iters  elapsed ns  average", one line each:
 *
 *   Benchmarking with 200 particles                     1      3663900    3.6639 ms
 *
 * the iterations, their total time in ns and its average: the mean is the
 * total over the iterations, which has every digit (the average is
 * rounded), one sample with no spread.
 *
 * Each test case starts with a header between two rules: its name, then
 * the names of its sections indented by two. That path names a benchmark
 * measured in several of them (gb_catch2_name_apart), and a test case
 * that failed ("<file>:<line>: FAILED:") after measuring is told; one
 * that failed amid a benchmark's rows cuts them (cut). Colours
 * (--use-colour yes) are passed over.
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define FIRST "\"<name> <samples> <iterations> <estimated time>\""
#define TIMES "three times: \"<n> <unit> <n> <unit> <n> <unit>\""
#define FAILED "Benchmark failed ("

/*
 * Catch2's rules are a character short of its console width, 80 unless
 * built with another CATCH_CONFIG_CONSOLE_WIDTH. The name column is 43
 * characters narrower than the console (32 in the table before 2.9), and
 * its text 2 narrower again.
 */
#define RULE_WIDTH 79
#define NAME_COLUMN(rule, legacy) ((rule) + 1 - ((legacy) ? 32 : 43))
#define LEGACY_FIRST "\"<name> <iters> <elapsed ns> <average time>\""
#define UNITS " with times in ns, us, ms, s or m"
/* Shorter lines of "-" are the program's own output. */
#define HEADER_RULE 40

enum state {
	OUTSIDE,
	HEADER,         /* a test case's name and sections */
	HEADING,        /* the table's heading, up to its rule */
	TABLE,
	MEAN,           /* after a benchmark's first line */
	SPREAD,         /* after its mean line */
	MESSAGE,        /* a failed benchmark's message, over lines */
	CUT,            /* a failed assertion's text amid a benchmark's rows */
	RESUMED,        /* a table printed again, to go on with them */
};

typedef struct {
	gb_run *run;
	const char *source;
	enum state state;
	bool plain;             /* no analysis: one line per benchmark */
	bool legacy;            /* the table before 2.9: iters, elapsed ns */
	size_t rule;            /* the length of the table's rule */
	gb_buf name;
	bool hyphen;            /* name ends in a hyphen the reporter added */
	size_t piece;           /* the length of the name's last line */
	bool name_only;         /* the last line was a name column alone */
	enum state resume;      /* what is due when the table goes on */
	gb_buf cut;             /* where the assertion cutting it failed */
	size_t cut_line;
	gb_buf shifted;         /* a benchmark cut after its name alone */
	bool resuming;          /* the heading printed again after a cut */
	double samples, iterations, mean;
	size_t header_width, header_lines, last_len, case_len;
	gb_buf path;            /* "test case/section/..." */
	gb_buf test_case;       /* the test case of the benchmarks read */
	bool case_failed;
	size_t case_results;
	size_t first;           /* the run's first result read here */
	gb_buf where;           /* the path of each result, NUL after each */
	size_t nfailed, ncases_failed;
	gb_buf failed_name, failed_message, failed_case;
} catch2con;

/*
 * A time as Catch2's Duration prints it: "ns", "us", "ms", "s", or "m"
 * for minutes, which a slow benchmark's estimated time (samples x
 * iterations x mean) reaches past 60 s.
 */
static int duration(double *ns, const char *p, const char **end)
{
	const char *q;

	if (gb_adapter_parse_time(ns, p, end, false) == 0)
		return 0;
	if (gb_adapter_parse_number(ns, p, &q, false) < 0)
		return GB_EINVALID;
	q = gb_adapter_skip_blanks(q);
	if (q[0] != 'm' || (q[1] && q[1] != ' ' && q[1] != '\t'))
		return GB_EINVALID;
	*ns = gb_adapter_scaled(*ns, 60e9);
	*end = q + 1;
	return 0;
}

/* "<n> <unit> <n> <unit> <n> <unit>", all times; the first in *first. */
static int three_times(double *first, const char *s)
{
	double v;
	int i;

	for (i = 0; i < 3; i++) {
		if (duration(&v, gb_adapter_skip_blanks(s), &s) < 0)
			return GB_EINVALID;
		if (i == 0)
			*first = v;
	}
	return *gb_adapter_skip_blanks(s) ? GB_EINVALID : 0;
}

/*
 * Where "<samples> <iterations> <n> <unit>" starts at the end of s; the
 * time (the estimate, or the mean of a table without analysis) in *t.
 */
static char *first_line_figures(char *s, double *samples, double *iters,
	double *t)
{
	char *end = s + strlen(s), *p = end;
	const char *q;
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
	    duration(t, gb_adapter_skip_blanks(q), &q) < 0 ||
	    *gb_adapter_skip_blanks(q))
		return NULL;
	return p;
}

/* The length of s without its trailing blanks. */
static size_t trimmed(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

/* The table of Catch2 before 2.9, one line per benchmark. */
static bool legacy_heading(const char *s)
{
	return strncmp(s, "benchmark name", 14) == 0 && strstr(s, " iters ") &&
	       strstr(s, " elapsed ns ") && strstr(s, " average");
}

static bool is_heading(const char *s)
{
	return strncmp(s, "benchmark name", 14) == 0 && strstr(s, "samples") &&
	       strstr(s, "iterations");
}

/* --benchmark-no-analysis: the heading is one line, its last column mean. */
static bool plain_heading(const char *s)
{
	size_t n = trimmed(s, strlen(s));

	return n >= 5 && memcmp(s + n - 5, " mean", 5) == 0;
}

/* The length of s when it is a rule of `ch` alone, else 0. */
static size_t rule_of(const char *s, char ch)
{
	size_t n = 0;

	while (s[n] == ch)
		n++;
	return s[n] ? 0 : n;
}

/*
 * A rule ends a table: the length of the table's own, or of Catch2's
 * default. A name can start with "-" or "=", but a line of the name
 * column is never that long, and never only that.
 */
static bool table_rule(const catch2con *c, const char *s, char ch)
{
	size_t n = rule_of(s, ch);

	return n && (n == c->rule || n == RULE_WIDTH);
}

static bool blank(const char *s)
{
	return !*gb_adapter_skip_blanks(s);
}

/* "<file>:<line>: FAILED:", an assertion's failure. */
static bool failure_line(const char *s)
{
	size_t n = trimmed(s, strlen(s));

	return n >= 9 && memcmp(s + n - 9, ": FAILED:", 9) == 0;
}

/*
 * Catch2 v2's TextFlow wraps a name at the last boundary that fits: before
 * a blank (the blanks are dropped), before one of "[({<|", or after one of
 * "])}>.,:;*+-=&/\\" (nothing is dropped). With no boundary it cuts the
 * word a byte short of the width and adds a hyphen (cut_word).
 */
static bool break_before(char ch)
{
	return ch && strchr("[({<|", ch);
}

static bool break_after(char ch)
{
	return ch && strchr("])}>.,:;*+-=&/\\", ch);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static size_t name_column(const catch2con *c)
{
	return NAME_COLUMN(c->rule, c->legacy);
}

/* The width of the name's text: its column less the two of the gap. */
static size_t name_width(const catch2con *c)
{
	return name_column(c) - 2;
}

/*
 * Whether part `s` (n bytes) of a name ends with the hyphen the reporter
 * puts into a word too long for the column: it is cut a byte short of the
 * width, where the text before the cut offers no boundary. A name with a
 * hyphen of its own at that very place reads the same; the next part
 * tells them apart only when it shows a boundary the cut would have taken
 * (hyphen_added).
 */
static bool cut_word(const catch2con *c, const char *s, size_t n)
{
	size_t i;

	if (n != name_width(c) || s[n - 1] != '-')
		return false;
	for (i = 0; i + 1 < n; i++)
		if (break_after(s[i]) ||
		    (i && (break_before(s[i]) || is_blank(s[i]))))
			return false;
	return true;
}

/*
 * Whether the hyphen ending the last part was the reporter's, given the
 * next part `s` (n bytes): the cut was made only if neither of the next
 * two bytes of the name made a boundary at the width or a byte short.
 */
static bool hyphen_added(const char *s, size_t n)
{
	return n >= 2 && !break_before(s[0]) && !break_after(s[0]) &&
	       !is_blank(s[0]) && !break_before(s[1]) && !is_blank(s[1]);
}

/*
 * Where in part `s` (n bytes) TextFlow first finds a boundary: its end
 * when none is inside (a part ends at one, or at the name's end).
 */
static size_t first_boundary(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if ((is_blank(s[i]) && !is_blank(s[i - 1])) ||
		    break_before(s[i]) || break_after(s[i - 1]))
			return i;
	return n;
}

/*
 * Whether the part before `s` (n bytes) was wrapped at blanks, which the
 * reporter dropped. A wrap between a part ending in a break-after
 * character, or before one starting with a break-before character, took
 * nothing away: but for one blank or more there. It took blanks when
 * without them the next part's first boundary would have fitted on the
 * line above (the wrap takes the last that fits); otherwise there is no
 * telling, and none is the likelier: "size=" and "1000000".
 */
static bool wrapped_at_blank(const catch2con *c, const char *s, size_t n)
{
	if (!break_after(c->name.ptr[c->name.size - 1]) &&
	    !break_before(s[0]))
		return true;
	return c->piece + first_boundary(s, n) <= name_width(c);
}

static int name_part(catch2con *c, const char *s, size_t n)
{
	n = trimmed(s, n);
	if (c->hyphen && hyphen_added(s, n)) {
		c->name.ptr[--c->name.size] = '\0';
	} else if (c->name.size && n && wrapped_at_blank(c, s, n) &&
		   gb_buf_putc(&c->name, ' ') < 0) {
		return GB_ERROR;
	}
	c->hyphen = n && cut_word(c, s, n);
	c->piece = n;
	return gb_buf_put(&c->name, s, n);
}

static void forget(catch2con *c)
{
	gb_buf_clear(&c->name);
	c->hyphen = false;
}

static int add(catch2con *c, double stddev)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	int error;

	e.mean = c->mean;
	/* One sample has no spread: Catch2 prints 0. */
	if (c->samples > 1)
		e.stddev = stddev;
	e.count = gb_adapter_count(c->samples);
	e.iterations = gb_adapter_count(c->samples * c->iterations);
	if ((error = gb_adapter_figure(c->run, c->name.ptr, &m, &e)) < 0 ||
	    (error = gb_buf_put(&c->where, c->path.ptr ? c->path.ptr : "",
		     c->path.size + 1)) < 0)
		return error;
	c->case_results++;
	forget(c);
	return 0;
}

/* A failure's message, up to its ")", which ends it and is dropped. */
static int message_part(catch2con *c, const char *s)
{
	size_t n = trimmed(s, strlen(s));
	bool end = n && s[n - 1] == ')';

	c->state = end ? TABLE : MESSAGE;
	if (c->nfailed > 1)
		return 0;
	return gb_buf_put(&c->failed_message, s, end ? n - 1 : n);
}

/*
 * "Benchmark failed (<message>)" where the figures go: the benchmark is
 * left out, named with the first message in a warning.
 */
static int bench_failed(catch2con *c, char *s)
{
	size_t at = name_column(c);

	if (c->rule < 44 || strlen(s) <= at || s[at - 1] != ' ' ||
	    strncmp(s + at, FAILED, strlen(FAILED)) != 0)
		return 1;
	if (name_part(c, s, at) < 0)
		return GB_ERROR;
	if (!c->nfailed++ && gb_buf_puts(&c->failed_name, c->name.ptr) < 0)
		return GB_ERROR;
	forget(c);
	return message_part(c, s + at + strlen(FAILED));
}

/* A new test case header, after its first rule. */
static void header_start(catch2con *c, size_t width)
{
	gb_buf_clear(&c->path);
	c->header_width = width;
	c->header_lines = 0;
	c->case_len = 0;
	c->state = HEADER;
}

/* A rule after a table: another test case's header, or the end. */
static bool table_end(catch2con *c, const char *s)
{
	if (!table_rule(c, s, '-') && !table_rule(c, s, '='))
		return false;
	forget(c);
	if (s[0] == '-')
		header_start(c, strlen(s));
	else
		c->state = OUTSIDE;
	return true;
}

/* A message over several lines ends at its ")", or at a rule. */
static int in_message(catch2con *c, const char *s)
{
	if (table_end(c, s))
		return 0;
	if (c->nfailed == 1 && gb_buf_putc(&c->failed_message, ' ') < 0)
		return GB_ERROR;
	return message_part(c, gb_adapter_skip_blanks(s));
}

/*
 * A line of the header: the test case's name, then each section's,
 * indented by two. A name is wrapped at the rule's width: a line whose
 * first word would have fitted on the line above is not a continuation.
 */
static int header_line(catch2con *c, const char *s)
{
	const char *body = gb_adapter_skip_blanks(s);
	size_t n = trimmed(s, strlen(s)), indent = (size_t)(body - s);
	size_t len = n > indent ? n - indent : 0;
	size_t word = strcspn(body, " \t");
	bool of_case = c->case_len == c->path.size;
	int error;

	if (!c->header_lines++) {
		error = gb_buf_put(&c->path, s, n);
		c->case_len = c->path.size;
	} else if (!indent || c->last_len + 1 + word > c->header_width) {
		error = gb_buf_putc(&c->path, ' ') < 0 ? GB_ERROR :
			gb_buf_put(&c->path, body, len);
		if (of_case)
			c->case_len = c->path.size;
	} else {
		error = gb_buf_putc(&c->path, '/') < 0 ? GB_ERROR :
			gb_buf_put(&c->path, body, len);
	}
	c->last_len = n;
	return error;
}

/* A test case that failed and measured is named once, the first one. */
static int case_end(catch2con *c)
{
	if (!c->case_failed || !c->case_results || c->ncases_failed++)
		return 0;
	return gb_buf_put(&c->failed_case, c->test_case.ptr,
		c->test_case.size);
}

/* The header read: the same test case again (a section), or the next. */
static int header_end(catch2con *c)
{
	int error;

	c->state = OUTSIDE;
	if (c->test_case.size == c->case_len && c->path.ptr &&
	    memcmp(c->test_case.ptr, c->path.ptr, c->case_len) == 0)
		return 0;
	if ((error = case_end(c)) < 0)
		return error;
	c->case_failed = false;
	c->case_results = 0;
	gb_buf_clear(&c->test_case);
	return gb_buf_put(&c->test_case, c->path.ptr, c->case_len);
}

/*
 * An assertion failed amid a benchmark's rows: after its name, or after
 * its first line. Catch2 closes the table to print the failure, and opens
 * it again, heading and all, for the rest of the rows; an assertion that
 * ends the test case (REQUIRE) leaves the rows cut for good.
 */
static int cut(catch2con *c, const gb_line *l, const char *s,
	enum state resume)
{
	c->case_failed = true;
	c->name_only = false;
	c->resume = resume;
	c->state = CUT;
	c->cut_line = l->number;
	gb_buf_clear(&c->cut);
	return gb_buf_put(&c->cut, s, trimmed(s, strlen(s)) - 9);
}

/*
 * The table ended with a benchmark's rows cut: it is left out, a failed
 * benchmark. Cut after its name alone, it leaves Catch2's table printer a
 * column on: every row printed after it is out of line (in_table).
 */
static int cut_end(catch2con *c)
{
	if (c->resume == RESUMED && !c->shifted.size &&
	    gb_buf_puts(&c->shifted, c->name.ptr) < 0)
		return GB_ERROR;
	if (c->nfailed++)
		return 0;
	if (gb_buf_puts(&c->failed_name, c->name.ptr) < 0 ||
	    gb_buf_printf(&c->failed_message, "rows cut by the assertion "
		    "that failed at %s", c->cut.ptr) < 0)
		return GB_ERROR;
	return 0;
}

/* A failed assertion's text, up to the table printed again or its end. */
static int in_cut(catch2con *c, const char *s)
{
	int error;

	if (!table_rule(c, s, '-') && !table_rule(c, s, '='))
		return 0;
	if ((error = cut_end(c)) < 0)
		return error;
	table_end(c, s);
	return 0;
}

/*
 * Where a benchmark's figures start in s (NULL: none); its time in *t.
 * Before 2.9, "<iters> <elapsed ns> <average>": one sample of `iters`
 * iterations, whose mean is the total over them (the average printed is
 * rounded to a few digits).
 */
static char *row_figures(catch2con *c, char *s, double *t)
{
	char *fig = first_line_figures(s, &c->samples, &c->iterations, t);

	if (!fig || !c->legacy)
		return fig;
	if (!(c->samples >= 1) || !(c->iterations >= 0))
		return NULL;
	*t = c->iterations / c->samples;
	c->iterations = c->samples;
	c->samples = 1;
	return fig;
}

/* The first line again, without its name, printed already. */
static int resumed(catch2con *c, const gb_line *l, char *s)
{
	char *fig = row_figures(c, s, &c->mean);

	if (!fig || trimmed(s, (size_t)(fig - s)))
		return gb_error_set(GB_EINVALID, "%s: line %zu: benchmark '"
			GB_NAME_SHOWN "': a failed assertion (line %zu) cut its "
			"rows, and the table printed after it does not go on "
			"with them", c->source, l->number, c->name.ptr,
			c->cut_line);
	c->state = c->plain ? TABLE : MEAN;
	return c->plain ? add(c, NAN) : 0;
}

/*
 * Without analysis, "<name> <samples> <iterations>" padded to the mean's
 * column: the first line cut before its mean by a failed assertion.
 */
static char *cut_before_mean(catch2con *c, char *s)
{
	size_t n = strlen(s);
	const char *q;
	char *p;

	if (!c->plain || c->legacy || n != name_column(c) + 28 ||
	    s[n - 1] != ' ')
		return NULL;
	p = s + name_column(c);
	if (p[-1] != ' ' || gb_adapter_parse_number(&c->samples,
		    gb_adapter_skip_blanks(p), &q, false) < 0 ||
	    gb_adapter_parse_number(&c->iterations, gb_adapter_skip_blanks(q),
		    &q, false) < 0 || *gb_adapter_skip_blanks(q))
		return NULL;
	return p;
}

/* Past a number, or NULL when none is at p; the number in *v. */
static const char *number_at(const char *p, double *v)
{
	const char *q;

	return gb_adapter_parse_number(v, p, &q, false) < 0 ? NULL : q;
}

/* Past a word of letters and blanks after it, or NULL when none is at p. */
static const char *word_at(const char *p)
{
	const char *q = p;

	while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
	       (unsigned char)*q >= 0x80)
		q++;
	return q == p ? NULL : gb_adapter_skip_blanks(q);
}

/*
 * Whether s, which is not a row read, has the shape of one in the figures'
 * columns: "<n> <n> <n> <word>" (a first line) or "<n> <word>" three times
 * (a mean or spread line), in a unit not read. A name's lines never reach
 * those columns: it is wrapped to its own. Taking such a row for part of
 * the next name would drop its benchmark with no word.
 */
static bool unread_figures(const catch2con *c, const char *s)
{
	const char *p;
	double v;
	int i;

	if (c->rule < 44 || trimmed(s, strlen(s)) <= name_column(c))
		return false;
	p = gb_adapter_skip_blanks(s + name_column(c) - 1);
	for (i = 0; i < 3 && p; i++)
		if ((p = number_at(p, &v)))
			p = gb_adapter_skip_blanks(p);
	if (p && (p = word_at(p)) && !*p)
		return true;
	p = gb_adapter_skip_blanks(s + name_column(c) - 1);
	for (i = 0; i < 3 && p; i++)
		if ((p = number_at(p, &v)))
			p = word_at(gb_adapter_skip_blanks(p));
	return p && !*p;
}

static int in_table(catch2con *c, const gb_line *l, char *s)
{
	char *fig;
	double t;
	int error;

	if (table_end(c, s))
		return 0;
	if (failure_line(s) && c->name_only)
		return cut(c, l, s, RESUMED);
	c->name_only = false;
	if (blank(s) || failure_line(s)) {
		c->case_failed |= failure_line(s);
		forget(c);
		return 0;
	}
	if (c->shifted.size)
		return gb_error_set(GB_EINVALID, "%s: line %zu: the table is out "
			"of line: a failed assertion cut benchmark '" GB_NAME_SHOWN
			"' after its name, and Catch2 then prints every row a "
			"column off; record -r xml", c->source, l->number,
			c->shifted.ptr);
	if ((fig = cut_before_mean(c, s))) {
		c->state = MEAN;
		return name_part(c, s, (size_t)(fig - s));
	}
	if (!(fig = row_figures(c, s, &t))) {
		error = bench_failed(c, s);
		if (error > 0 && unread_figures(c, s))
			return gb_adapter_bad_line(c->source, l, c->legacy ?
				LEGACY_FIRST UNITS : FIRST UNITS);
		/* Catch2 pads a name's last line to the column, then breaks. */
		c->name_only = error > 0 &&
			       strlen(s) == name_column(c) &&
			       s[strlen(s) - 1] == ' ';
		return error <= 0 ? error : name_part(c, s, strlen(s));
	}
	if (name_part(c, s, (size_t)(fig - s)) < 0)
		return GB_ERROR;
	if (!c->name.size)
		return gb_adapter_bad_line(c->source, l, c->legacy ?
			LEGACY_FIRST : FIRST);
	c->mean = t;
	if (c->plain)
		return add(c, NAN);
	c->state = MEAN;
	return 0;
}

/* A test case's header starts with a rule, as wide as the console. */
static int outside(catch2con *c, const char *s)
{
	size_t n = rule_of(s, '-');

	if (failure_line(s))
		c->case_failed = true;
	else if (n >= HEADER_RULE)
		header_start(c, n);
	return 0;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	catch2con *c = ctx;
	double v;

	gb_adapter_strip_colours(s);
	if (is_heading(s) || legacy_heading(s)) {
		/* Printed again amid a benchmark's rows: they go on after it. */
		c->resuming = c->state == CUT;
		if (!c->resuming)
			forget(c);
		c->legacy = legacy_heading(s);
		c->plain = c->legacy || plain_heading(s);
		c->state = HEADING;
		return 0;
	}
	switch (c->state) {
	case OUTSIDE:
		return outside(c, s);
	case HEADER:
		if (rule_of(s, '-') == c->header_width)
			return header_end(c);
		return header_line(c, s);
	case HEADING:
		/* The heading's other lines, then its rule. */
		if (!(c->rule = rule_of(s, '-')))
			return 0;
		/* Without analysis the mean goes on a column off. */
		if (c->resuming && c->plain && c->resume == MEAN)
			return gb_error_set(GB_EINVALID, "%s: line %zu: the table "
				"is out of line: a failed assertion (line %zu) cut "
				"benchmark '" GB_NAME_SHOWN "' before its mean, and "
				"Catch2 then prints every row a column off; record "
				"-r xml", c->source, l->number, c->cut_line,
				c->name.ptr);
		c->state = c->resuming ? c->resume : TABLE;
		return 0;
	case TABLE:
		return in_table(c, l, s);
	case MESSAGE:
		return in_message(c, s);
	case CUT:
		return in_cut(c, s);
	case RESUMED:
		return resumed(c, l, s);
	case MEAN:
		/* The table closed for a failure: a blank line, its text. */
		if (blank(s))
			return 0;
		if (failure_line(s))
			return cut(c, l, s, MEAN);
		if (three_times(&c->mean, s) < 0)
			return gb_adapter_bad_line(c->source, l, "the mean line, "
				TIMES);
		c->state = SPREAD;
		return 0;
	case SPREAD:
		if (three_times(&v, s) < 0)
			return gb_adapter_bad_line(c->source, l,
				"the standard deviation line, " TIMES);
		c->state = TABLE;
		return add(c, v);
	}
	return 0;
}

/* What was read whole: names kept apart, failures told. */
static int finish(catch2con *c)
{
	int error;

	if (c->state == TABLE || c->state == MESSAGE || c->state == CUT ||
	    c->state == RESUMED)
		return gb_error_set(GB_EINVALID, "%s: truncated: the last "
			"table has no rule after it (the reporter ends with "
			"\"====\")", c->source);
	if (c->state == MEAN || c->state == SPREAD)
		return gb_error_set(GB_EINVALID, "%s: truncated: benchmark '"
			GB_NAME_SHOWN "' has no %s line", c->source, c->name.ptr,
			c->state == MEAN ? "mean" : "standard deviation");
	if ((error = case_end(c)) < 0 ||
	    (error = gb_catch2_name_apart(c->run, c->first, &c->where)) < 0)
		return error;
	if (c->nfailed)
		gb_adapter_warn_left_out(c->source, c->nfailed, "benchmark",
			"failed", c->failed_name.ptr,
			c->failed_message.size ? c->failed_message.ptr : NULL);
	if (c->ncases_failed)
		gb_catch2_warn_failed_cases(c->source, c->ncases_failed,
			c->failed_case.ptr);
	return 0;
}

int gb_catch2_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	catch2con c;
	int error;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.source = source;
	c.first = run->nresults;
	c.rule = RULE_WIDTH;
	error = gb_adapter_read_lines(run, data, len, source, read_line, &c);
	if (error == 0)
		error = finish(&c);
	gb_buf_dispose(&c.name);
	gb_buf_dispose(&c.path);
	gb_buf_dispose(&c.test_case);
	gb_buf_dispose(&c.where);
	gb_buf_dispose(&c.failed_name);
	gb_buf_dispose(&c.failed_message);
	gb_buf_dispose(&c.failed_case);
	gb_buf_dispose(&c.cut);
	gb_buf_dispose(&c.shifted);
	return error;
}

/*
 * The heading, colours dropped, and "std dev" on one of the two lines
 * after it, or, without analysis and before 2.9, a heading on one line
 * and its rule.
 */
int gb_catch2_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	size_t heading = 0;
	bool plain = false;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		if (gb_line_dup(&copy, &l) < 0)
			break;
		gb_adapter_strip_colours(copy.ptr);
		if (is_heading(copy.ptr) || legacy_heading(copy.ptr)) {
			heading = l.number;
			plain = legacy_heading(copy.ptr) ||
				plain_heading(copy.ptr);
		} else if (heading && plain && l.number == heading + 1 &&
			   rule_of(copy.ptr, '-')) {
			score = 90;
		} else if (heading && !plain && l.number <= heading + 2 &&
			   strstr(copy.ptr, "std dev")) {
			score = 90;
		}
	}
	gb_buf_dispose(&copy);
	return score;
}
