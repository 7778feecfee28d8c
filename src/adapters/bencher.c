/*
 * The "bencher" text of Criterion's --output-format bencher, which is also
 * what libtest's #[bench] prints:
 *
 *   test sort/1000 ... bench:        5232 ns/iter (+/- 233)
 *   test parse     ... bench:       1,234 ns/iter (+/- 56) = 830 MB/s
 *   test rdtsc     ... bench:        2835 cycles/iter (+/- 12)
 *   test adc       ... bench:        9001 MS/s (+/- 40)
 *
 * The value is a median: Criterion prints its median point estimate (cut
 * to an integer), libtest the median of its samples (after trimming the
 * outliers). It is
 * recorded as the median, and as the mean too, which the output does not
 * give: comparisons take the mean unless told otherwise, and a run read
 * from this text must still compare with the next one, median to median.
 * The "+/-" figure is recorded as the standard deviation (Criterion
 * writes its std_dev there; libtest the max-min spread of the trimmed
 * samples). Times per iteration are in ns; other counts per iteration keep
 * their unit (lower is better); rates ("MS/s") are higher is better, MB/s
 * in B/s. A throughput after "=" is "<name> [MB/s]" in B/s. Any other
 * line (warnings, cargo's progress, test results) is not a benchmark.
 * libtest closes each "running N tests" with "test result:": without it,
 * or with a last line cut short, the output is truncated.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MARK " ... bench:"

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A figure "<n> <unit>/<per>" and its spread, in git-bench's units. */
typedef struct {
	double value;
	double spread;
	char unit[32];
	gb_direction direction;
} figure;

/*
 * "<unit>/<per>": a time per iteration ("ns/iter") becomes ns; another
 * count per iteration ("cycles/iter") keeps its unit, lower is better; a
 * rate ("MS/s", "MB/s") is higher is better, MB/s in B/s as elsewhere.
 */
static int parse_unit(figure *f, const char *unit, size_t n)
{
	const char *slash = memchr(unit, '/', n);
	char u[sizeof(f->unit)];
	size_t k;
	double factor;

	if (!slash || n >= sizeof(u) || slash == unit || slash + 1 == unit + n)
		return GB_EINVALID;
	k = (size_t)(slash - unit);
	memcpy(u, unit, n);
	u[n] = '\0';
	if (strcmp(u + k, "/iter") == 0) {
		u[k] = '\0';
		factor = gb_adapter_time_factor(u);
		f->direction = GB_LOWER_IS_BETTER;
		if (factor) {
			f->value *= factor;
			f->spread *= factor;
			strcpy(f->unit, "ns");
		} else {
			strcpy(f->unit, u);
		}
		return 0;
	}
	/* A rate is per unit of time: "ns/it" is neither. */
	if (gb_adapter_time_factor(u + k + 1) == 0)
		return GB_EINVALID;
	f->direction = GB_HIGHER_IS_BETTER;
	if (strcmp(u, "MB/s") == 0) {
		f->value *= 1e6;
		f->spread *= 1e6;
		strcpy(f->unit, "B/s");
	} else {
		strcpy(f->unit, u);
	}
	return 0;
}

static bool unit_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '\xb5' ||
	       c == '\xc2' || c == '\xce' || c == '\xbc';
}

/* "<number> <unit>/<per> (+/- <number>)"; *rest is what follows. */
static int parse_figure(figure *f, const char **rest, const char *p)
{
	const char *unit;
	size_t n;

	if (gb_adapter_parse_number(&f->value, skip_blanks(p), &p, true) < 0 ||
	    *p != ' ')
		return GB_EINVALID;
	unit = skip_blanks(p);
	for (n = 0; unit_char(unit[n]); n++)
		;
	p = skip_blanks(unit + n);
	if (strncmp(p, "(+/-", 4) != 0 ||
	    gb_adapter_parse_number(&f->spread, skip_blanks(p + 4), &p, true) < 0 ||
	    *p != ')' || parse_unit(f, unit, n) < 0)
		return GB_EINVALID;
	*rest = skip_blanks(p + 1);
	return 0;
}

/* What the line has after "bench:", for the error. */
static int bad_figure(const char *source, const gb_line *l, const char *after)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: expected \"<n> <unit>/iter "
		"(+/- <n>)\" after \"bench:\", found \"%.60s\"%s", source,
		l->number, skip_blanks(after), l->terminated ? "" :
		" (truncated: the file ends inside this line)");
}

static int read_throughput(gb_run *run, const gb_line *l, const char *name,
	const char *rest, const char *source)
{
	double mbs;
	gb_result *r;
	int error;

	if (*rest != '=' ||
	    gb_adapter_parse_number(&mbs, skip_blanks(rest + 1), &rest, true) < 0 ||
	    strcmp(skip_blanks(rest), "MB/s") != 0)
		return gb_error_set(GB_EINVALID, "%s: line %zu: expected \"= <n> "
			"MB/s\" after the figure, found \"%.60s\"", source,
			l->number, rest);
	if ((error = gb_adapter_add_metric(&r, run, name, "MB/s", "B/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	/* libtest's bytes over the median time, as the time is. */
	r->mean = r->median = mbs * 1e6;
	return 0;
}

static int read_line(gb_run *run, const gb_line *l, char *s,
	const char *source)
{
	char *mark = strstr(s + 4, MARK), *name = s + 5, *end = mark;
	const char *rest;
	figure f;
	gb_measure m = { "time", NULL, GB_LOWER_IS_BETTER, GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	int error;

	/* A NUL in the line hides the rest of it. */
	if (!mark)
		return gb_error_set(GB_EINVALID, "%s: line %zu: not a result line",
			source, l->number);
	if (end < name)
		end = name;
	while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if (parse_figure(&f, &rest, mark + strlen(MARK)) < 0)
		return bad_figure(source, l, mark + strlen(MARK));
	m.unit = f.unit;
	m.direction = f.direction;
	e.mean = e.median = f.value;
	e.stddev = f.spread;
	if ((error = gb_adapter_figure(run, name, &m, &e)) < 0)
		return error;
	return *rest ? read_throughput(run, l, name, rest, source) : 0;
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
	size_t running = 0;     /* line of a "running N tests" not yet closed */
	bool result = false;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		/* libtest closes every "running" with "test result:". */
		if (gb_line_starts(&l, "running "))
			running = l.number;
		else if (gb_line_starts(&l, "test result: "))
			running = 0;
		if (!(result = is_bench_line(&l)))
			continue;
		gb_buf_clear(&copy);
		if ((error = gb_buf_put(&copy, l.text, l.len)) == 0)
			error = read_line(run, &l, copy.ptr, source);
	}
	if (error == 0 && l.len && !l.terminated && !result)
		error = gb_adapter_cut(source, &l);
	if (error == 0 && running)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the tests "
			"started at line %zu have no \"test result:\" line",
			source, running);
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
