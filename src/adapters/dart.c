/*
 * Dart's benchmark_harness: what its PrintEmitter prints for each
 * benchmark, and PerfBenchmarkBase's other metrics:
 *
 *   Template(RunTime): 0.2386 us.
 *   StringConcatenation(size: 10)(RunTime): 12.5 us.
 *   Template(CpuCycles): 871 cycles
 *   Template(RunTimeRaw): 23.86 ns.
 *
 * The name is what comes before the last "(<Metric>): ". RunTime, in
 * microseconds per exercise() (ten run() calls), is the benchmark's time
 * in ns; every other metric is a measure by its name, in the unit printed
 * without a sentence's full stop (the Dart SDK's benchmarks print
 * RunTimeRaw, per call, in "ns."). Lines that are not of this form are
 * what the benchmarks printed.
 */
#include <string.h>

#include "util.h"

#define RUNTIME "(RunTime): "
#define RUNTIME_RAW "(RunTimeRaw): "

/* Where "(<Metric>): " starts in s, or NULL. */
static char *metric_mark(char *s)
{
	char *p = s + strlen(s), *open;

	while ((p = p > s ? p - 1 : NULL)) {
		if (*p != ':' || p == s || p[-1] != ')' || p[1] != ' ')
			continue;
		for (open = p - 2; open > s && *open != '(' && *open != ')' &&
		     *open != ' '; open--)
			;
		if (open > s && *open == '(' && open + 1 < p - 1)
			return open;
	}
	return NULL;
}

static int read_runtime(gb_run *run, const gb_line *l, const char *name,
	const char *value, const char *source)
{
	static const gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER,
		GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	const char *end;

	if (gb_adapter_parse_time(&e.mean, value, &end, false) < 0 ||
	    (*end == '.' ? end[1] : *end) != '\0')
		return gb_adapter_bad_line(source, l,
			"\"<name>(RunTime): <n> us.\"");
	return gb_adapter_figure(run, name, &m, &e);
}

static int read_metric(gb_run *run, const gb_line *l, const char *name,
	char *metric, const char *source)
{
	gb_measure m = { metric, "", GB_LOWER_IS_BETTER, GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	char *value = strchr(metric, ')'), *unit;
	const char *end;
	size_t n;

	*value = '\0';
	value += 3;
	if (gb_adapter_parse_number(&e.mean, value, &end, false) < 0)
		return gb_adapter_bad_line(source, l,
			"\"<name>(<metric>): <n> [<unit>]\"");
	/* A unit cut short would be read as another: a line must end. */
	if (!l->terminated)
		return gb_adapter_cut(source, l);
	unit = (char *)gb_adapter_skip_blanks(end);
	/* "183.4 ns.": the full stop ends the sentence, not the unit. */
	if ((n = strlen(unit)) > 1 && unit[n - 1] == '.' && unit[n - 2] != '.')
		unit[n - 1] = '\0';
	m.unit = unit;
	return gb_adapter_figure(run, name, &m, &e);
}

typedef struct {
	gb_run *run;
	const char *source;
} dart;

static int read_line(void *ctx, const gb_line *l, char *s)
{
	gb_run *run = ((dart *)ctx)->run;
	const char *source = ((dart *)ctx)->source;
	char *mark = metric_mark(s);
	bool runtime = mark && strncmp(mark, RUNTIME, strlen(RUNTIME)) == 0;

	if (!mark)
		return 0;
	*mark = '\0';
	if (runtime)
		return read_runtime(run, l, s, mark + strlen(RUNTIME), source);
	return read_metric(run, l, s, mark + 1, source);
}

static int dart_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	dart d = { run, source };

	return gb_adapter_read_lines(run, data, len, source, read_line, &d);
}

static int dart_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		char *mark, *end;
		double v;
		const char *value = NULL;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		if ((mark = strstr(copy.ptr, RUNTIME)))
			value = mark + strlen(RUNTIME);
		else if ((mark = strstr(copy.ptr, RUNTIME_RAW)))
			value = mark + strlen(RUNTIME_RAW);
		if (value && mark > copy.ptr &&
		    gb_adapter_parse_time(&v, value, (const char **)&end,
			    false) == 0 && (strcmp(end, ".") == 0 || !*end))
			score = 90;
	}
	gb_buf_dispose(&copy);
	return score;
}

const gb_adapter gb_adapter_dart = {
	"benchmark-harness",
	"Dart benchmark_harness output (Name(RunTime): 12.3 us.)",
	NULL,
	NULL,
	dart_detect,
	dart_read,
};
