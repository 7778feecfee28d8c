/*
 * What Criterion.rs prints during `cargo bench`, for projects that do not
 * keep target/criterion:
 *
 *   sort/1000               time:   [5.0979 µs 5.1463 µs 5.2339 µs]
 *                           thrpt:  [191.06 Melem/s 194.31 Melem/s 196.16 Melem/s]
 *   a/name/too/long/for/its/column
 *                           time:   [116.19 ns 117.29 ns 118.47 ns]
 *
 * The middle figure of "time:" is Criterion's estimate (the slope under
 * linear sampling, else the mean) and is stored as the mean, in ns; the
 * bounds are a confidence interval, not kept. "thrpt:" after it is the
 * benchmark's throughput, its middle figure a result in measure
 * "throughput" (elem/s, or B/s from B/s, KiB/s ... or KB/s ...; a second
 * line in "throughput-bytes" or "throughput-elements"; a throughput of
 * 0, Throughput::Elements(0), is left out as the tree's is). A "time:"
 * or "thrpt:" of percentages belongs to a "change:" block and is not a
 * result.
 *
 * Colours (--color always, or a terminal) are taken out, and so is what
 * a terminal's progress line wrote before its last '\r'. A benchmark
 * that comes twice (two bench binaries of one `cargo bench`) keeps its
 * last figures, as target/criterion keeps the last run's folder. Output
 * that ends after "Benchmarking NAME" with no figures of it is cut short
 * (Criterion panicked, or the log was cut).
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define TIME "\"time: [<n> <unit> <n> <unit> <n> <unit>]\""

/* "time:" (or "thrpt:") in the line, or NULL. */
static char *figure_mark(char *s, const char *what)
{
	char *p = strstr(s, what);

	if (!p || (p > s && p[-1] != ' ' && p[-1] != '\t'))
		return NULL;
	return p;
}

static bool is_change(const char *after)
{
	const char *p = gb_adapter_skip_blanks(after);
	double v;

	return *p == '[' &&
	       gb_adapter_parse_number(&v, p + 1, &p, false) == 0 && *p == '%';
}

/*
 * The results of an earlier benchmark `name`, which are dropped: two bench
 * binaries may both have it, and Criterion's own folder of it keeps the
 * last one measured.
 */
static void forget(gb_run *run, const char *name, const gb_line *l,
	const char *source)
{
	size_t i = run->nresults, gone = 0;

	while (i-- > 0)
		if (!strcmp(run->results[i].name, name)) {
			gb_run_remove_result(run, i);
			gone++;
		}
	if (gone)
		gb_adapter_warn("%s: line %zu: benchmark '" GB_NAME_SHOWN "' "
			"again: it replaces the earlier one, as in "
			"target/criterion", source, l->number, name);
}

static int read_time(gb_run *run, const gb_line *l, const char *name,
	const char *p, const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	double v[3];
	int i;

	p = gb_adapter_skip_blanks(p);
	if (*p++ != '[')
		return gb_adapter_bad_line(source, l, TIME);
	for (i = 0; i < 3; i++)
		if (gb_adapter_parse_time(&v[i], gb_adapter_skip_blanks(p), &p,
			    false) < 0)
			return gb_adapter_bad_line(source, l, TIME);
	if (*p != ']')
		return gb_adapter_bad_line(source, l, TIME);
	if (!*name)
		return gb_error_set(GB_EINVALID, "%s: line %zu: a time with no "
			"benchmark name before it", source, l->number);
	forget(run, name, l, source);
	e.mean = v[1];
	return gb_adapter_figure(run, name, &m, &e);
}

#define THRPT "\"thrpt: [<n> <unit> <n> <unit> <n> <unit>]\" in elem/s or B/s"

/* A rate as Criterion prints it, "189.61 Melem/s", in elem/s or B/s. */
static int parse_rate(double *out, bool *bytes, const char *p,
	const char **end)
{
	static const struct {
		const char *unit;
		double factor;
		bool bytes;
	} units[] = {
		{ "elem/s", 1, false }, { "Kelem/s", 1e3, false },
		{ "Melem/s", 1e6, false }, { "Gelem/s", 1e9, false },
		{ "Telem/s", 1e12, false }, { "B/s", 1, true },
		{ "KiB/s", 1024.0, true }, { "MiB/s", 1048576.0, true },
		{ "GiB/s", 1073741824.0, true },
		{ "TiB/s", 1099511627776.0, true }, { "KB/s", 1e3, true },
		{ "MB/s", 1e6, true }, { "GB/s", 1e9, true },
		{ "TB/s", 1e12, true },
	};
	size_t i, n;

	if (gb_adapter_parse_number(out, p, &p, false) < 0)
		return -1;
	p = gb_adapter_skip_blanks(p);
	for (n = 0; p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != ']'; n++)
		;
	for (i = 0; i < GB_ARRAY_SIZE(units); i++)
		if (strlen(units[i].unit) == n && !strncmp(p, units[i].unit, n)) {
			*out *= units[i].factor;
			*bytes = units[i].bytes;
			*end = p + n;
			return 0;
		}
	return -2;
}

/* The "thrpt:" line after benchmark `name`'s time; `had` rates before. */
static int read_rate(gb_run *run, const gb_line *l, const char *name,
	const char *p, int had, const char *source)
{
	gb_measure m = { "throughput", "elem/s", GB_HIGHER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	double v[3] = { 0, 0, 0 };
	bool bytes[3] = { false, false, false };
	int i, got;

	p = gb_adapter_skip_blanks(p);
	if (*p++ != '[')
		return gb_adapter_bad_line(source, l, THRPT);
	for (i = 0; i < 3; i++) {
		got = parse_rate(&v[i], &bytes[i], gb_adapter_skip_blanks(p), &p);
		if (got == -2) {
			/* A measurement of the user's own, per element ... */
			gb_adapter_warn("%s: line %zu: a throughput in a unit "
				"other than elem/s or B/s is not read", source,
				l->number);
			return 0;
		}
		if (got < 0 || bytes[i] != bytes[0])
			return gb_adapter_bad_line(source, l, THRPT);
	}
	if (*p != ']')
		return gb_adapter_bad_line(source, l, THRPT);
	m.unit = bytes[0] ? "B/s" : "elem/s";
	m.name = gb_criterion_rate_measure(bytes[0], had);
	if (v[1] == 0) {
		gb_adapter_warn("%s: line %zu: benchmark '" GB_NAME_SHOWN "' has "
			"a throughput of 0 per iteration: its time is read, its "
			"rate (0 %s) left out", source, l->number, name, m.unit);
		return 0;
	}
	e.mean = v[1];
	return gb_adapter_figure(run, name, &m, &e);
}

static void trim(gb_buf *b, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	gb_buf_clear(b);
	gb_buf_put(b, s, n);
	gb_buf_put(b, "", 0);
}

typedef struct {
	gb_run *run;
	const char *source;
	/* The line before, when it started at the first column: the name of
	 * a benchmark whose figures come on the next line. */
	gb_buf prev;
	/* The benchmark whose time came last, while its throughput may
	 * follow; and how many throughputs it has. */
	gb_buf last;
	int rates;
	/* The benchmark started and not yet finished, and its line. */
	gb_buf started;
	size_t started_at;
} crit;

/*
 * The text a terminal shows of line `s`: colours out, and only what comes
 * after the last '\r' (a progress line rewritten in place).
 */
static char *shown(char *s)
{
	char *cr = strrchr(s, '\r');

	if (cr)
		s = cr + 1;
	gb_adapter_strip_colours(s);
	return s;
}

#define STARTED "Benchmarking "

/* "Benchmarking NAME[: Warming up ...]": NAME, started. */
static void start(crit *c, const gb_line *l, const char *s)
{
	static const char *const steps[] = { ": Warming up", ": Collecting ",
		": Analyzing", ": Profiling", ": Complete" };
	const char *name = s + strlen(STARTED), *end = NULL, *p;
	size_t i, n;

	for (i = 0; i < GB_ARRAY_SIZE(steps); i++)
		if ((p = strstr(name, steps[i])) && (!end || p < end))
			end = p;
	/* A profile (--profile-time) prints no figures: it is done. */
	if (end && !strncmp(end, ": Complete", 10)) {
		gb_buf_clear(&c->started);
		return;
	}
	n = end ? (size_t)(end - name) : strlen(name);
	while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
		n--;
	if (c->started.size == n && (!n || !memcmp(c->started.ptr, name, n)))
		return;
	trim(&c->started, name, n);
	c->started_at = l->number;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	crit *c = ctx;
	gb_buf *prev = &c->prev;
	char *t, *r;
	bool indented;
	int error = 0;

	s = shown(s);
	t = figure_mark(s, "time:");
	r = figure_mark(s, "thrpt:");
	indented = s[0] == ' ' || s[0] == '\t';
	if (!strncmp(s, STARTED, strlen(STARTED)))
		start(c, l, s);
	if (t && !is_change(t + 5)) {
		gb_buf_clear(&c->started);
		if (!indented)
			trim(prev, s, (size_t)(t - s));
		error = read_time(c->run, l, prev->ptr ? prev->ptr : "", t + 5,
			c->source);
		gb_buf_clear(&c->last);
		gb_buf_puts(&c->last, prev->ptr ? prev->ptr : "");
		c->rates = 0;
		gb_buf_clear(prev);
		return error;
	}
	if (r && indented && c->last.size && !is_change(r + 6))
		return read_rate(c->run, l, c->last.ptr, r + 6, c->rates++,
			c->source);
	gb_buf_clear(&c->last);
	if (!indented && *s)
		trim(prev, s, strlen(s));
	else
		gb_buf_clear(prev);
	return error;
}

int gb_criterion_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	crit c = { run, source, GB_BUF_INIT, GB_BUF_INIT, 0, GB_BUF_INIT, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &c);

	if (error == 0 && c.started.size)
		error = gb_error_set(GB_EINVALID, "%s: truncated: benchmark '"
			GB_NAME_SHOWN "' started at line %zu and has no time "
			"(cut short, or Criterion failed in it)", source,
			c.started.ptr, c.started_at);
	gb_buf_dispose(&c.prev);
	gb_buf_dispose(&c.last);
	gb_buf_dispose(&c.started);
	return error;
}

int gb_criterion_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		const char *t, *p;
		double v;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		t = figure_mark(shown(copy.ptr), "time:");
		p = t ? gb_adapter_skip_blanks(t + 5) : NULL;
		if (p && *p == '[' &&
		    gb_adapter_parse_time(&v, p + 1, NULL, false) == 0)
			score = 85;
	}
	gb_buf_dispose(&copy);
	return score;
}
