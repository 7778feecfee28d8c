/*
 * Ruby's Benchmark module: the tables of Benchmark.bm and Benchmark.bmbm.
 *
 *                    user     system      total        real
 *   sort:          0.007416   0.003706   0.011122 (  0.011119)
 *
 * Each report's label is the benchmark's name as given, and its real
 * (wall-clock) seconds its time, in ns. user, system and total are
 * measures of it. bmbm prints a rehearsal table first, whose figures do
 * not count: only the table after it is read. A report has one
 * measurement, so there is no spread. Benchmark.benchmark's lines of sums
 * (its labels ">total:", ">avg:": a label starting with ">") add up the
 * reports above them: they are left out, and a warning says so.
 */
#include <string.h>

#include "util.h"

#define ROW "\"<label> <user> <system> <total> (<real>)\""

typedef struct {
	gb_run *run;
	const char *source;
	bool in_table;       /* after a "user system total real" heading */
	bool rehearsal;      /* inside bmbm's rehearsal */
	size_t rehearsal_line;
	size_t nsums;        /* lines of sums left out */
	gb_buf first_sum;
} rubybm;

static bool is_heading(const char *s)
{
	static const char *const words[] = { "user", "system", "total", "real" };
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(words); i++) {
		s = gb_adapter_skip_blanks(s);
		if (strncmp(s, words[i], strlen(words[i])) != 0)
			return false;
		s += strlen(words[i]);
	}
	return *gb_adapter_skip_blanks(s) == '\0';
}

/* The four figures at the end of a row; the label is what is before. */
static int parse_row(double *v, char *s, char **label_end)
{
	char *open = strrchr(s, '('), *p;
	const char *end;
	size_t i;

	if (!open || gb_adapter_parse_number(&v[3],
			     gb_adapter_skip_blanks(open + 1), &end, false) < 0 ||
	    *gb_adapter_skip_blanks(end) != ')' ||
	    *gb_adapter_skip_blanks(gb_adapter_skip_blanks(end) + 1))
		return GB_EINVALID;
	p = open;
	for (i = 3; i-- > 0;) {
		while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
			p--;
		while (p > s && p[-1] != ' ' && p[-1] != '\t')
			p--;
		if (gb_adapter_parse_number(&v[i], p, &end, false) < 0 ||
		    (*end != ' ' && *end != '\t' && *end != '('))
			return GB_EINVALID;
	}
	*label_end = p;
	return 0;
}

static int read_row(rubybm *b, const gb_line *l, char *s)
{
	static const gb_measure real = { "real", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	static const char *const names[] = { "user", "system", "total" };
	gb_estimates e = GB_ESTIMATES_INIT;
	char *label_end;
	double v[4];
	size_t i;
	int error;

	if (parse_row(v, s, &label_end) < 0)
		return gb_adapter_bad_line(b->source, l, ROW);
	while (label_end > s && (label_end[-1] == ' ' || label_end[-1] == '\t'))
		label_end--;
	*label_end = '\0';
	if (!*s)
		return gb_error_set(GB_EINVALID, "%s: line %zu: a report without a "
			"label (x.report(\"name\") names it)", b->source, l->number);
	if (*s == '>')
		return b->nsums++ ? 0 : gb_buf_puts(&b->first_sum, s);
	e.mean = gb_adapter_scaled(v[3], 1e9);
	e.count = 1;
	if ((error = gb_adapter_figure(b->run, s, &real, &e)) < 0)
		return error;
	for (i = 0; i < GB_ARRAY_SIZE(names); i++) {
		const gb_measure m = { names[i], "ns", GB_LOWER_IS_BETTER,
			GB_FIGURE_METRIC };

		e.mean = gb_adapter_scaled(v[i], 1e9);
		if ((error = gb_adapter_figure(b->run, s, &m, &e)) < 0)
			return error;
	}
	return 0;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	rubybm *b = ctx;

	if (strncmp(s, "Rehearsal -", 11) == 0) {
		b->rehearsal = true;
		b->rehearsal_line = l->number;
		b->in_table = false;
		return 0;
	}
	if (b->rehearsal) {
		/* "------ total: 0.028270sec" ends it. */
		if (s[0] == '-' && strstr(s, " total: "))
			b->rehearsal = false;
		return 0;
	}
	if (is_heading(s)) {
		b->in_table = true;
		return 0;
	}
	/* What the benchmarks print has no "(<real>)" at its end. */
	if (!b->in_table || (!strchr(s, '(') && l->terminated))
		return 0;
	return read_row(b, l, s);
}

static int rubybm_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	rubybm b = { run, source, false, false, 0, 0, GB_BUF_INIT };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &b);

	if (error == 0 && b.rehearsal)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the rehearsal "
			"that starts at line %zu has no total line and no results "
			"after it", source, b.rehearsal_line);
	else if (error == 0 && b.nsums)
		gb_adapter_warn_left_out(source, b.nsums, "line", b.nsums == 1 ?
			"sums up the reports (its label starts with '>')" :
			"sum up the reports (their labels start with '>')",
			b.first_sum.ptr, NULL);
	gb_buf_dispose(&b.first_sum);
	return error;
}

/* A heading (or bmbm's rehearsal), then a row that reads. */
static int rubybm_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	bool heading = false;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		double v[4];
		char *label_end;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		if (is_heading(copy.ptr) ||
		    strncmp(copy.ptr, "Rehearsal -", 11) == 0)
			heading = true;
		else if (heading && parse_row(v, copy.ptr, &label_end) == 0)
			score = 90;
	}
	gb_buf_dispose(&copy);
	return score;
}

const gb_adapter gb_adapter_ruby_benchmark = {
	"ruby-benchmark",
	"Ruby Benchmark.bm and Benchmark.bmbm tables",
	NULL,
	NULL,
	rubybm_detect,
	rubybm_read,
};
