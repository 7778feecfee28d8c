/*
 * The "bencher" text of Criterion's --output-format bencher, which is also
 * what libtest's #[bench] prints:
 *
 *   test sort/1000 ... bench:        5232 ns/iter (+/- 233)
 *   test parse     ... bench:       1,234 ns/iter (+/- 56) = 830 MB/s
 *
 * The value is recorded as the mean and the "+/-" figure as the standard
 * deviation (Criterion writes its std_dev there; libtest its max-min
 * spread). A throughput after "=" is "<name> [MB/s]" in B/s. Any other
 * line (warnings, cargo's progress, test results) is not a benchmark.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MARK " ... bench:"

static int line_error(const char *source, const gb_line *l, const char *what)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: %s", source, l->number,
		what);
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "<number> <unit>/iter (+/- <number>)": value in ns, spread. */
static int parse_time(double *value, double *spread, const char **rest,
	const char *p)
{
	const char *unit;
	char u[16];
	size_t n;
	double f;

	if (gb_adapter_parse_number(value, skip_blanks(p), &p, true) < 0 ||
	    *p != ' ')
		return GB_EINVALID;
	unit = skip_blanks(p);
	if (!(p = strstr(unit, "/iter")) || (n = (size_t)(p - unit)) >= sizeof(u))
		return GB_EINVALID;
	memcpy(u, unit, n);
	u[n] = '\0';
	if ((f = gb_adapter_time_factor(u)) == 0)
		return GB_EINVALID;
	*value *= f;
	p = skip_blanks(p + 5);
	if (strncmp(p, "(+/-", 4) != 0 ||
	    gb_adapter_parse_number(spread, skip_blanks(p + 4), &p, true) < 0 ||
	    *p != ')')
		return GB_EINVALID;
	*spread *= f;
	*rest = skip_blanks(p + 1);
	return 0;
}

static int read_line(gb_run *run, const gb_line *l, char *s,
	const char *source)
{
	char *mark = strstr(s + 4, MARK), *name = s + 5, *end = mark;
	const char *rest;
	double value, spread, mbs;
	gb_result *r;
	int error;

	/* A NUL in the line hides the rest of it. */
	if (!mark)
		return line_error(source, l, "not a result line");
	if (end < name)
		end = name;
	while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (parse_time(&value, &spread, &rest, mark + strlen(MARK)) < 0)
		return line_error(source, l,
			"not a \"<n> ns/iter (+/- <n>)\" result (cut short?)");
	if ((error = gb_run_add_result(&r, run, name, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		return error;
	r->mean = value;
	r->stddev = spread;
	if (!*rest)
		return 0;
	if (*rest != '=' ||
	    gb_adapter_parse_number(&mbs, skip_blanks(rest + 1), &rest, true) < 0 ||
	    strcmp(skip_blanks(rest), "MB/s") != 0)
		return line_error(source, l, "unreadable throughput after '='");
	if ((error = gb_adapter_add_metric(&r, run, name, "MB/s", "B/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	r->mean = mbs * 1e6;
	return 0;
}

static bool is_bench_line(const gb_line *l)
{
	size_t m = strlen(MARK), i;

	if (!gb_line_starts(l, "test "))
		return false;
	for (i = 5; i + m <= l->len; i++)
		if (memcmp(l->text + i, MARK, m) == 0)
			return true;
	return false;
}

static int bencher_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		if (!is_bench_line(&l))
			continue;
		gb_buf_clear(&copy);
		if ((error = gb_buf_put(&copy, l.text, l.len)) == 0)
			error = read_line(run, &l, copy.ptr, source);
	}
	gb_buf_dispose(&copy);
	return error;
}

static int bencher_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;

	while (gb_line_next(&l, data, len))
		if (is_bench_line(&l))
			return 90;
	return 0;
}

const gb_adapter gb_adapter_bencher = {
	"bencher",
	"bencher text: Criterion --output-format bencher, libtest #[bench]",
	NULL,
	NULL,
	bencher_detect,
	bencher_read,
};
