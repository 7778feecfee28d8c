/*
 * Google Benchmark's console table (what it prints by default):
 *
 *   Benchmark                    Time             CPU   Iterations UserCounters...
 *   BM_VectorSort/512         2037 ns         2038 ns       340365 bytes_per_second=1.87172G/s items_per_second=251.218M/s
 *   BM_VectorSort/512_mean    2013 ns         2015 ns            5 ...
 *
 * Read as the JSON is (google_benchmark.c): the time is the benchmark,
 * "<name> [cpu_time]" and "<name> [<counter>]" are results of their own;
 * with repetitions each row is a sample and the _mean, _median and _stddev
 * rows are the estimates (_cv, BigO and RMS rows are not kept). Counters
 * are printed with SI suffixes, 1000-based except bytes_per_second (1024,
 * as SetBytesProcessed sets it). A row that reports an error is left out.
 */
#include <math.h>
#include <string.h>

#include "console.h"
#include "util.h"

#define ROW "\"<name> <time> <unit> <cpu> <unit> <iterations>\""
#define MAX_FIELDS 64

typedef struct {
	gb_run *run;
	gb_name_index index;
	const char *source;
	bool in_table;
	bool failed;
} gbcon;

static size_t split(char *s, char **f)
{
	size_t n = 0;

	while (*s && n < MAX_FIELDS) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		f[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

/* "1.87172G/s", "4.096k", "512": the value, without "/s". */
static int counter_value(double *v, const char *s, double base)
{
	static const char suffixes[] = "kMGTPE";
	const char *p, *at;

	if (gb_adapter_parse_number(v, s, &p, false) < 0)
		return GB_EINVALID;
	if (*p && (at = strchr(suffixes, *p))) {
		*v *= pow(base, (double)(at - suffixes + 1));
		p++;
	}
	if (strcmp(p, "/s") == 0)
		p += 2;
	return *p ? GB_EINVALID : 0;
}

static int add(gbcon *g, const char *name, const char *metric,
	const char *unit, gb_direction dir, double v, const char *aggregate,
	uint64_t iters)
{
	gb_result *r;
	int error;

	if ((error = gb_adapter_find_or_add(&r, &g->index, g->run, name, metric,
		     unit, dir)) < 0)
		return error;
	/* An aggregate row's Iterations is the number of repetitions. */
	return gb_gbench_take(r, v, aggregate, iters, iters);
}

static int counters(gbcon *g, const gb_line *l, const char *name,
	char **f, size_t n, const char *aggregate, uint64_t iters)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++) {
		char *eq = strchr(f[i], '=');
		gb_buf unit = GB_BUF_INIT;
		gb_direction dir;
		double v;

		if (!eq || eq == f[i])
			return gb_adapter_bad_line(g->source, l,
				"counters as \"<name>=<value>\"");
		*eq = '\0';
		if (eq[strlen(eq + 1)] == '%')
			continue;
		if (counter_value(&v, eq + 1, strcmp(f[i], "bytes_per_second") == 0 ?
			    1024 : 1000) < 0)
			return gb_adapter_bad_line(g->source, l,
				"a counter value such as \"1.5G/s\"");
		gb_gbench_counter_unit(&unit, &dir, f[i]);
		error = add(g, name, f[i], unit.ptr, dir, v, aggregate, iters);
		gb_buf_dispose(&unit);
		if (error < 0)
			return error;
	}
	return 0;
}

/* "BM_x_mean" of a benchmark "BM_x" already read: its aggregate. */
static const char *aggregate_of(gbcon *g, char *name)
{
	static const char *const kinds[] = { "mean", "median", "stddev", "cv" };
	size_t n = strlen(name), i, k;

	for (i = 0; i < GB_ARRAY_SIZE(kinds); i++) {
		k = strlen(kinds[i]);
		if (n > k + 1 && name[n - k - 1] == '_' &&
		    strcmp(name + n - k, kinds[i]) == 0) {
			name[n - k - 1] = '\0';
			if (gb_run_find(g->run, name))
				return kinds[i];
			name[n - k - 1] = '_';
		}
	}
	return NULL;
}

static int read_row(gbcon *g, const gb_line *l, char *s)
{
	char *f[MAX_FIELDS];
	size_t n = split(s, f);
	const char *aggregate, *end;
	double real, cpu, iters;
	int error;

	if (n >= 2 && strcmp(f[1], "ERROR") == 0) {
		g->failed = true;
		return 0;
	}
	if (n >= 3 && gb_adapter_time_factor(f[2]) == 0 &&
	    gb_adapter_parse_number(&real, f[1], &end, false) == 0)
		return 0;   /* BigO and RMS: not a time */
	if (!l->terminated || n < 6 ||
	    gb_adapter_parse_number(&real, f[1], &end, false) < 0 || *end ||
	    gb_adapter_time_factor(f[2]) == 0 ||
	    gb_adapter_parse_number(&cpu, f[3], &end, false) < 0 || *end ||
	    gb_adapter_time_factor(f[4]) == 0 ||
	    gb_adapter_parse_number(&iters, f[5], &end, false) < 0 || *end)
		return gb_adapter_bad_line(g->source, l, ROW);
	real *= gb_adapter_time_factor(f[2]);
	cpu *= gb_adapter_time_factor(f[4]);
	aggregate = aggregate_of(g, f[0]);
	if (aggregate && strcmp(aggregate, "cv") == 0)
		return 0;
	if ((error = add(g, f[0], NULL, "ns", GB_LOWER_IS_BETTER, real,
		     aggregate, gb_adapter_count(iters))) < 0 ||
	    (error = add(g, f[0], "cpu_time", "ns", GB_LOWER_IS_BETTER, cpu,
		     aggregate, gb_adapter_count(iters))) < 0)
		return error;
	return counters(g, l, f[0], f + 6, n - 6, aggregate,
		gb_adapter_count(iters));
}

/* A name, then a number: what is not (a date, a log line) ends the table. */
static bool looks_like_row(const gb_line *l)
{
	size_t i = 0;

	while (i < l->len && l->text[i] != ' ' && l->text[i] != '\t')
		i++;
	while (i < l->len && (l->text[i] == ' ' || l->text[i] == '\t'))
		i++;
	return i < l->len && ((l->text[i] >= '0' && l->text[i] <= '9') ||
			      l->text[i] == 'E');
}

static bool is_heading(const gb_line *l)
{
	return gb_line_starts(l, "Benchmark ") &&
	       gb_text_contains(l->text, l->len, " Time ", l->len) &&
	       gb_text_contains(l->text, l->len, " CPU ", l->len) &&
	       gb_text_contains(l->text, l->len, "Iterations", l->len);
}

int gb_gbench_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gbcon g = { run, GB_NAME_INDEX_INIT, source, false, false };
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	size_t i;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		if (g.in_table && !l.terminated && l.len)
			error = gb_adapter_cut(source, &l);
		else if (is_heading(&l))
			g.in_table = true;
		else if (!g.in_table || !l.len || l.text[0] == '-')
			continue;
		else if (!looks_like_row(&l))
			g.in_table = false;
		else if ((error = gb_line_dup(&copy, &l)) == 0)
			error = read_row(&g, &l, copy.ptr);
	}
	for (i = 0; i < run->nresults; i++)
		gb_adapter_finish_result(&run->results[i]);
	if (error == 0 && run->nresults == 0 && g.failed)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark reported "
			"an error", source);
	gb_name_index_dispose(&g.index);
	gb_buf_dispose(&copy);
	return error;
}

int gb_gbench_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len))
		if (is_heading(&l))
			return 90;
	return 0;
}
