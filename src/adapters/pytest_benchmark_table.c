/*
 * pytest-benchmark's terminal table:
 *
 *   Name (time in us)        Min         Max        Mean  StdDev  Median  IQR  Outliers  OPS (Kops/s)  Rounds  Iterations
 *   test_sorted[100]      1.7531 (1.0)  4.0136 (1.0)  1.8750 (1.0) ...        6;7   533.3294 (1.0)    270      1000
 *
 * one heading per group, with the columns --benchmark-columns chose. The
 * table shows the test's name (its fullname with --benchmark-name=long),
 * which names the result; Min, Max, Mean, StdDev and Median are the
 * estimates, in the heading's unit (stored in ns), Rounds the count and
 * Rounds x Iterations the iterations; OPS is "<name> [ops]" in ops/s, as
 * from the JSON. Figures have thousands separators and a "(ratio)" after
 * them, which is not kept. A table without Mean compares its Median (as
 * the mean too); one with neither has no time to record and is refused.
 * One round has no deviation: its StdDev of 0 is not kept, as in the JSON.
 *
 * A name can hold blanks (parametrize ids: "test_ids[a b]") and a figure
 * cannot, so a row is read from its end: the heading says how many
 * figures there are, what is left of the row is the name. With
 * --benchmark-compare a row's name ends in the run it is from: "(NOW)"
 * for this run, read under the bare name, the saved run's file name
 * ("(0001_first)") for an earlier run, left out. --color=yes wraps
 * figures in colours, which are dropped. The table shows the test's name
 * without its module: two modules' tests of the same name are the same
 * row name, refused, as the table cannot tell which is which. A row
 * whose test pytest's short summary lists FAILED is left out, with a
 * warning: a test that raised inside its benchmark still has a row, of
 * the rounds before it raised, which the JSON leaves out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "util.h"

#define MAX_COLUMNS 16
#define HEAD "Name (time in "
#define THIS_RUN "NOW"
#define FAILED "FAILED "
/* Names kept of FAILED lines: their cuts each, and of all of them. */
#define FAILED_CUTS 8
#define FAILED_NAMES_MAX 100000

enum { C_MIN, C_MAX, C_MEAN, C_STDDEV, C_MEDIAN, C_OPS, C_ROUNDS, C_ITERS,
       C_IQR, C_OUTLIERS, C_OTHER };

/* The headings of the kinds above, in their order. */
static const char *const column_names[] = { "Min", "Max", "Mean", "StdDev",
	"Median", "OPS", "Rounds", "Iterations", "IQR", "Outliers" };

typedef struct {
	int kind[MAX_COLUMNS];
	size_t n;
	double unit;       /* ns per the table's time unit */
	double ops;        /* OPS (Kops/s): 1e3 */
	bool mean, median; /* which estimates of the time it has */
} heading;

static int column_kind(const char *s, size_t n, double *ops)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(column_names); i++)
		if (strlen(column_names[i]) == n &&
		    strncmp(s, column_names[i], n) == 0)
			break;
	if (i == C_OPS) {
		s = gb_adapter_skip_blanks(s + n);
		*ops = strncmp(s, "(Kops/s)", 8) == 0 ? 1e3 :
		       strncmp(s, "(Mops/s)", 8) == 0 ? 1e6 : 1;
	}
	return (int)i;
}

static int read_heading(heading *h, const char *s)
{
	const char *p = strstr(s, HEAD) + strlen(HEAD), *close = strchr(p, ')');
	char unit[8];

	if (!close || (size_t)(close - p) >= sizeof(unit))
		return GB_EINVALID;
	memcpy(unit, p, (size_t)(close - p));
	unit[close - p] = '\0';
	if ((h->unit = gb_adapter_time_factor(unit)) == 0)
		return GB_EINVALID;
	h->n = 0;
	h->ops = 1;
	h->mean = h->median = false;
	for (p = close + 1; *(p = gb_adapter_skip_blanks(p)) &&
	     h->n < MAX_COLUMNS;) {
		size_t n = strcspn(p, " \t");

		if (*p != '(') {
			int kind = column_kind(p, n, &h->ops);

			h->kind[h->n++] = kind;
			h->mean |= kind == C_MEAN;
			h->median |= kind == C_MEDIAN;
		}
		p += n;
	}
	return 0;
}

static char *trim_end(char *s, char *end)
{
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	return end;
}

/* Where the blank-free token ending at `end` starts. */
static char *token_start(char *s, char *end)
{
	while (end > s && end[-1] != ' ' && end[-1] != '\t')
		end--;
	return end;
}

/* Outliers are "<n>;<n>": beyond one deviation, and beyond 1.5 IQR. */
static bool is_outliers(const char *p, const char *end)
{
	size_t a = strspn(p, "0123456789"), b;

	if (!a || p + a >= end || p[a] != ';')
		return false;
	b = strspn(p + a + 1, "0123456789");
	return b && p + a + 1 + b == end;
}

static int read_figure(double *v, int kind, const char *p, const char *end)
{
	const char *stop;

	*v = 0;
	if (kind == C_OTHER)
		return 0;
	if (kind == C_OUTLIERS)
		return is_outliers(p, end) ? 0 : GB_EINVALID;
	if (gb_adapter_parse_number(v, p, &stop, true) < 0 || stop != end)
		return GB_EINVALID;
	return 0;
}

/*
 * The figures of row s, from its end, each one token with its "(ratio)"
 * after it if any; *name_end gets the end of the name before them.
 */
static int row_figures(double *v, const heading *h, char *s, char **name_end)
{
	char *end = s + strlen(s), *start;
	size_t i = h->n;

	while (i-- > 0) {
		end = trim_end(s, end);
		start = token_start(s, end);
		if (start < end && *start == '(' && end[-1] == ')')
			start = token_start(s, end = trim_end(s, start));
		if (start == end ||
		    read_figure(&v[i], h->kind[i], start, end) < 0)
			return GB_EINVALID;
		end = start;
	}
	*name_end = trim_end(s, end);
	return *name_end > s ? 0 : GB_EINVALID;
}

/*
 * The run a compared row names after its name, " (<run>)", cut off the
 * name in place; NULL when it names none. A test's name ends in its
 * parameters' "]" or in its function's name: a ")" there is the run's.
 */
static const char *compared_run(char *name, char *end)
{
	char *open = end;
	int depth = 0;

	if (end == name || end[-1] != ')')
		return NULL;
	do {
		open--;
		depth += *open == ')' ? 1 : *open == '(' ? -1 : 0;
	} while (depth && open > name);
	if (depth || open == name || open[-1] != ' ')
		return NULL;
	end[-1] = '\0';
	*trim_end(name, open) = '\0';
	return open + 1;
}

typedef struct {
	gb_run *run;
	const char *source;
	heading h;
	int state;         /* 1: after a heading, 2: in its rows */
	size_t rows;       /* of this run, read */
	size_t saved;      /* of saved runs, left out */
	char **failed;     /* names a FAILED line of the summary may give */
	size_t nfailed, afailed;
	gb_name_index index; /* the rows read, by name */
	size_t indexed;
} table;

/* The estimates of a row's time; OPS goes to *ops. */
static void row_estimates(gb_estimates *e, double *ops, const heading *h,
	const double *v)
{
	static const int est[] = { C_MIN, C_MAX, C_MEAN, C_STDDEV, C_MEDIAN };
	double *slot[] = { &e->min, &e->max, &e->mean, &e->stddev, &e->median };
	double rounds = 0, iters = 1;
	size_t i, k;

	for (i = 0; i < h->n; i++) {
		for (k = 0; k < GB_ARRAY_SIZE(est); k++)
			if (h->kind[i] == est[k])
				*slot[k] = gb_adapter_scaled(v[i], h->unit);
		if (h->kind[i] == C_ROUNDS)
			rounds = v[i];
		else if (h->kind[i] == C_ITERS)
			iters = v[i];
		else if (h->kind[i] == C_OPS)
			*ops = gb_adapter_scaled(v[i], h->ops);
	}
	if (!h->mean)
		e->mean = e->median;
	/* The deviation of one round is 0, which is no spread at all. */
	if (rounds == 1)
		e->stddev = NAN;
	e->count = gb_adapter_count(rounds);
	e->iterations = gb_adapter_count(rounds * iters);
}

static int repeated(const table *t, const gb_line *l, const char *name)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: test '" GB_NAME_SHOWN
		"' is in the table twice (tests of the same name in two "
		"modules, which the table does not tell apart): record "
		"--benchmark-json FILE, or the table of --benchmark-name=long",
		t->source, l->number, name);
}

static int read_row(table *t, const gb_line *l, char *s)
{
	gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER, GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT, ops = GB_ESTIMATES_INIT;
	double v[MAX_COLUMNS];
	const char *from;
	char *name_end;
	int error;

	if (!l->terminated || row_figures(v, &t->h, s, &name_end) < 0)
		return gb_adapter_bad_line(t->source, l,
			"a name and a figure under every heading");
	*name_end = '\0';
	if ((from = compared_run(s, name_end)) && strcmp(from, THIS_RUN)) {
		t->saved++;
		return 0;
	}
	if ((error = gb_adapter_index_new(&t->index, t->run, &t->indexed)) < 0)
		return error;
	if (gb_adapter_has(&t->index, t->run, s, GB_MEASURE_TIME))
		return repeated(t, l, s);
	row_estimates(&e, &ops.mean, &t->h, v);
	t->rows++;
	if ((error = gb_adapter_figure(t->run, s, &m, &e)) < 0 ||
	    isnan(ops.mean))
		return error;
	m.name = "ops";
	m.unit = "ops/s";
	m.direction = GB_HIGHER_IS_BETTER;
	m.role = GB_FIGURE_METRIC;
	return gb_adapter_figure(t->run, s, &m, &ops);
}

static int new_table(table *t, const gb_line *l, const char *s)
{
	t->state = 1;
	if (read_heading(&t->h, s) < 0)
		return gb_adapter_bad_line(t->source, l,
			"\"Name (time in <unit>)\" and column names");
	if (!t->h.mean && !t->h.median)
		return gb_error_set(GB_EINVALID, "%s: line %zu: the table "
			"has no Mean or Median column, no time to record: "
			"keep mean in --benchmark-columns, or record "
			"--benchmark-json FILE", t->source, l->number);
	return 0;
}

static int add_failed(table *t, const char *s, size_t len)
{
	if (t->nfailed >= FAILED_NAMES_MAX)
		return 0;
	if (GB_ARRAY_GROW(t->failed, t->nfailed, t->afailed) < 0 ||
	    !(t->failed[t->nfailed] = gb_strndup(s, len)))
		return GB_ERROR;
	t->nfailed++;
	return 0;
}

/*
 * "FAILED test_e.py::TestK::test_m[a b] - RuntimeError: ..." in pytest's
 * short summary: a test that raised, maybe after some rounds, whose row
 * holds the rounds before it did. The table names it by the node id's
 * last part (or whole, with --benchmark-name=long), and a parameter id
 * may hold " - " or "::": every prefix that ends before a " - " and every
 * suffix that starts after a "::" of it is a name it may have, a few of
 * each.
 */
static int read_failed(table *t, const char *s)
{
	const char *ends[FAILED_CUTS + 1], *starts[FAILED_CUTS + 1], *p;
	size_t nends = 0, nstarts = 0, i, k;
	int error = 0;

	starts[nstarts++] = s;
	for (p = s; (p = strstr(p, "::")) && nstarts <= FAILED_CUTS; p += 2)
		starts[nstarts++] = p + 2;
	for (p = s; (p = strstr(p, " - ")) && nends < FAILED_CUTS; p++)
		ends[nends++] = p;
	ends[nends++] = s + strlen(s);
	for (k = 0; k < nends && !error; k++)
		for (i = 0; i < nstarts && !error; i++) {
			if (starts[i] >= ends[k])
				continue;
			error = add_failed(t, starts[i],
				(size_t)(ends[k] - starts[i]));
			/* --benchmark-name=short drops the "test_". */
			if (!error && ends[k] - starts[i] > 5 &&
			    !strncmp(starts[i], "test_", 5))
				error = add_failed(t, starts[i] + 5,
					(size_t)(ends[k] - starts[i] - 5));
		}
	return error;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Leave out the rows of tests the summary says FAILED. */
static int leave_out_failed(table *t)
{
	char *first = NULL, *key;
	size_t i, n = 0;
	int error = 0;

	if (!t->nfailed)
		return 0;
	qsort(t->failed, t->nfailed, sizeof(*t->failed), cmp_str);
	for (i = t->run->nresults; i-- > 0;) {
		key = t->run->results[i].name;
		if (!bsearch(&key, t->failed, t->nfailed, sizeof(*t->failed),
			    cmp_str))
			continue;
		if (!strcmp(t->run->results[i].measure, GB_MEASURE_TIME)) {
			n++;
			free(first);
			if (!(first = gb_strdup(key)))
				return GB_ERROR;
		}
		gb_run_remove_result(t->run, i);
	}
	if (n && !t->run->nresults)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark's test "
			"failed ('" GB_NAME_SHOWN "' is FAILED in pytest's "
			"summary)", t->source, first);
	else if (n)
		gb_adapter_warn_left_out(t->source, n, "benchmark", "failed",
			first, "its test is FAILED in pytest's summary");
	free(first);
	return error;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	table *t = ctx;

	gb_adapter_strip_colours(s);
	if (!strncmp(s, FAILED, strlen(FAILED)))
		return read_failed(t, s + strlen(FAILED));
	if (strstr(s, HEAD))
		return new_table(t, l, s);
	if (t->state == 1)
		t->state = s[0] == '-' ? 2 : 0;
	else if (t->state == 2 && (!*s || s[0] == '-'))
		t->state = 0;     /* the rule under the rows */
	else if (t->state == 2)
		return read_row(t, l, s);
	return 0;
}

int gb_pytest_table_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	table t = { run, source, { { 0 }, 0, 0, 1, false, false }, 0, 0, 0,
		    NULL, 0, 0, GB_NAME_INDEX_INIT, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &t);
	size_t i;

	if (error == 0 && t.state)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the table "
			"has no rule after its rows", source);
	if (error == 0 && !t.rows && t.saved)
		error = gb_error_set(GB_EINVALID, "%s: every row of the "
			"table is a saved run's, none this run's (" THIS_RUN
			"): read the saved run's JSON instead", source);
	gb_name_index_dispose(&t.index);
	if (error == 0)
		error = leave_out_failed(&t);
	for (i = 0; i < t.nfailed; i++)
		free(t.failed[i]);
	free(t.failed);
	return error;
}

/* A heading: "Name (time in <unit>)" and a column pytest-benchmark has. */
static bool is_heading(const gb_line *l)
{
	size_t i;

	if (!gb_text_contains(l->text, l->len, HEAD, l->len))
		return false;
	for (i = 0; i < GB_ARRAY_SIZE(column_names); i++)
		if (gb_text_contains(l->text, l->len, column_names[i], l->len))
			return true;
	return false;
}

int gb_pytest_table_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len))
		if (is_heading(&l))
			return 95;
	return 0;
}
