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
 * them, which is not kept.
 */
#include <math.h>
#include <string.h>

#include "console.h"
#include "util.h"

#define MAX_COLUMNS 16
#define HEAD "Name (time in "

enum { C_MIN, C_MAX, C_MEAN, C_STDDEV, C_MEDIAN, C_OPS, C_ROUNDS, C_ITERS,
       C_OTHER };

typedef struct {
	int kind[MAX_COLUMNS];
	size_t n;
	double unit;       /* ns per the table's time unit */
	double ops;        /* OPS (Kops/s): 1e3 */
} heading;

static int column_kind(const char *s, size_t n, double *ops)
{
	static const char *const names[] = { "Min", "Max", "Mean", "StdDev",
		"Median", "OPS", "Rounds", "Iterations" };
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && strncmp(s, names[i], n) == 0)
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
	for (p = close + 1; *(p = gb_adapter_skip_blanks(p)) &&
	     h->n < MAX_COLUMNS;) {
		size_t n = strcspn(p, " \t");

		if (*p != '(')
			h->kind[h->n++] = column_kind(p, n, &h->ops);
		p += n;
	}
	return 0;
}

/* The next field of a row: a figure and its "(ratio)", if any. */
static const char *field(const char *p, const char **start, size_t *n)
{
	p = gb_adapter_skip_blanks(p);
	*start = p;
	*n = strcspn(p, " \t");
	p = gb_adapter_skip_blanks(p + *n);
	if (*p == '(')
		p += strcspn(p, ")") + (p[strcspn(p, ")")] ? 1 : 0);
	return p;
}

static int row_figures(double *v, const heading *h, const char *p)
{
	size_t i, n;
	const char *start, *end;

	for (i = 0; i < h->n; i++) {
		p = field(p, &start, &n);
		v[i] = 0;
		if (h->kind[i] == C_OTHER)
			continue;
		if (!n || gb_adapter_parse_number(&v[i], start, &end, true) < 0 ||
		    end != start + n)
			return GB_EINVALID;
	}
	return *gb_adapter_skip_blanks(p) ? GB_EINVALID : 0;
}

static int read_row(gb_run *run, const heading *h, const gb_line *l,
	char *s, const char *source)
{
	static const int est[] = { C_MIN, C_MAX, C_MEAN, C_STDDEV, C_MEDIAN };
	gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER, GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT, ops = GB_ESTIMATES_INIT;
	double v[MAX_COLUMNS], *slot[] = { &e.min, &e.max, &e.mean, &e.stddev,
		&e.median };
	double rounds = 0, iters = 1;
	char *name_end = s + strcspn(s, " \t");
	size_t i, k;
	int error;

	if (!l->terminated || row_figures(v, h, name_end) < 0)
		return gb_adapter_bad_line(source, l,
			"a name and a figure under every heading");
	*name_end = '\0';
	for (i = 0; i < h->n; i++) {
		for (k = 0; k < GB_ARRAY_SIZE(est); k++)
			if (h->kind[i] == est[k])
				*slot[k] = v[i] * h->unit;
		if (h->kind[i] == C_ROUNDS)
			rounds = v[i];
		else if (h->kind[i] == C_ITERS)
			iters = v[i];
		else if (h->kind[i] == C_OPS)
			ops.mean = v[i] * h->ops;
	}
	e.count = gb_adapter_count(rounds);
	e.iterations = gb_adapter_count(rounds * iters);
	if ((error = gb_adapter_figure(run, s, &m, &e)) < 0 || isnan(ops.mean))
		return error;
	m.name = "ops";
	m.unit = "ops/s";
	m.direction = GB_HIGHER_IS_BETTER;
	m.role = GB_FIGURE_METRIC;
	return gb_adapter_figure(run, s, &m, &ops);
}

typedef struct {
	gb_run *run;
	const char *source;
	heading h;
	int state;         /* 1: after a heading, 2: in its rows */
} table;

static int read_line(void *ctx, const gb_line *l, char *s)
{
	table *t = ctx;

	if (strstr(s, HEAD)) {
		t->state = 1;
		if (read_heading(&t->h, s) < 0)
			return gb_adapter_bad_line(t->source, l,
				"\"Name (time in <unit>)\" and column names");
	} else if (t->state == 1) {
		t->state = s[0] == '-' ? 2 : 0;
	} else if (t->state == 2 && (!*s || s[0] == '-')) {
		t->state = 0;     /* the rule under the rows */
	} else if (t->state == 2) {
		return read_row(t->run, &t->h, l, s, t->source);
	}
	return 0;
}

int gb_pytest_table_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	table t = { run, source, { { 0 }, 0, 0, 1 }, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &t);

	if (error == 0 && t.state)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the table "
			"has no rule after its rows", source);
	return error;
}

int gb_pytest_table_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len))
		if (gb_text_contains(l.text, l.len, HEAD, l.len) &&
		    gb_text_contains(l.text, l.len, "Mean", l.len))
			return 95;
	return 0;
}
