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
 * rows are the estimates (_cv, BigO and RMS rows are not kept), also when
 * only the aggregates are shown. Counters are printed with SI prefixes,
 * k M G ... and m u n ..., 1000-based except bytes_per_second (1024, as
 * SetBytesProcessed sets it), or since 1.8 with IEC ones, Ki Mi Gi ...,
 * 1024-based; "/s" after one marks a rate, "s" an
 * inverted rate (seconds an item). The label of SetLabel comes last and
 * is passed over; --benchmark_counters_tabular=true names the counters in
 * the heading. A row that reports an error (ERROR OCCURRED) or a skip
 * (SKIPPED, SkipWithMessage of 1.8) is left out, and so is a CPU time
 * printed as 0 (a benchmark that sleeps). Colours (--benchmark_color=true)
 * are passed over.
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
	const char *data;   /* the whole input, to look at the next row */
	size_t len;
	size_t width;       /* of the name column, from the heading; 0: unknown */
	gb_buf next;        /* the next row's name */
	bool in_table;
	bool failed;
	bool skipped;         /* some of the failed were skipped (1.8) */
	size_t nfailed;
	gb_buf first_failed;  /* the first benchmark that reported an error */
	gb_buf last_failed;   /* and the last */
	char *columns[MAX_FIELDS]; /* tabular counters' names, or none */
	size_t ncolumns;
	gb_buf heading;       /* the copy `columns` point into */
	size_t nnot_finite;   /* counters printed as inf or nan, left out */
	gb_buf not_finite;    /* the first of them */
	size_t nzero_cpu;     /* CPU times printed as 0, left out */
	gb_buf zero_cpu;      /* the first of them */
} gbcon;

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t split(char *s, char **f)
{
	size_t n = 0;

	while (*s && n < MAX_FIELDS) {
		while (blank(*s))
			*s++ = '\0';
		if (!*s)
			break;
		f[n++] = s;
		while (*s && !blank(*s))
			s++;
	}
	return n;
}

/* What a counter's value says of it after its number. */
typedef enum {
	COUNT,        /* "512", "4.096k": a plain counter */
	RATE,         /* "1.87172G/s": kIsRate, per second */
	PER_ITEM,     /* "515.278ps": kIsRate | kInvert, seconds an item */
	NOT_FINITE,   /* "inf", "nan", "-nan" */
} counter_kind;

/*
 * "1.87172G/s", "4.096k", "1.35m", "515.278ps", "512": the value. Since
 * 1.8 a 1024-based counter (kIs1024, bytes_per_second) says so with an
 * IEC prefix, "20.3428Gi/s", "4Ki": a power of 1024 whatever `base`.
 */
static int counter_value(double *v, counter_kind *kind, const char *s,
	double base)
{
	static const char big[] = "kMGTPEZY", small[] = "munpfazy";
	static const char iec[] = "KMGTPEZY";
	const char *p, *at;

	*kind = COUNT;
	if (!strcmp(s, "inf") || !strcmp(s, "-inf") || !strcmp(s, "nan") ||
	    !strcmp(s, "-nan")) {
		*kind = NOT_FINITE;
		return 0;
	}
	if (gb_adapter_parse_number(v, s, &p, false) < 0)
		return GB_EINVALID;
	if (*p && p[1] == 'i' && (at = strchr(iec, *p))) {
		*v = gb_adapter_scaled(*v, pow(1024, (double)(at - iec + 1)));
		p += 2;
	} else if (*p && (at = strchr(big, *p))) {
		*v = gb_adapter_scaled(*v, pow(base, (double)(at - big + 1)));
		p++;
	} else if (*p && (at = strchr(small, *p))) {
		*v = gb_adapter_scaled(*v, 1 / pow(base,
			(double)(at - small + 1)));
		p++;
	}
	if (strcmp(p, "/s") == 0) {
		*kind = RATE;
		p += 2;
	} else if (strcmp(p, "s") == 0) {
		*kind = PER_ITEM;
		p++;
	}
	return *p ? GB_EINVALID : 0;
}

/* The counter `text` (a row's field) is not one. */
static int bad_counter(const gbcon *g, const gb_line *l, const char *expected,
	const char *text)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: expected %s, found "
		"\"%.60s%s\"", g->source, l->number, expected, text,
		strlen(text) > 60 ? "..." : "");
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

/*
 * Counter `key` of benchmark `name` printed as `text`. The name says the
 * unit of the rates SetBytesProcessed and SetItemsProcessed make; a "/s"
 * says any other rate, higher is better, and an "s" a rate inverted
 * (kInvert), the seconds an item takes. An infinite or NaN counter is
 * left out. *bad when `text` is not a value.
 */
static int counter(gbcon *g, const char *name, const char *key,
	const char *text, const char *aggregate, uint64_t iters, bool *bad)
{
	gb_buf unit = GB_BUF_INIT;
	gb_direction dir;
	counter_kind kind;
	double v;
	int error;

	*bad = false;
	if (text[0] && text[strlen(text) - 1] == '%')
		return 0;   /* a _cv row's share */
	if (counter_value(&v, &kind, text, strcmp(key, "bytes_per_second") ?
		    1000 : 1024) < 0) {
		*bad = true;
		return 0;
	}
	if (kind == NOT_FINITE) {
		if (!g->nnot_finite++ &&
		    gb_buf_printf(&g->not_finite, "%s [%s]", name, key) < 0)
			return GB_ERROR;
		return 0;
	}
	gb_gbench_counter_unit(&unit, &dir, key);
	if (kind == RATE && dir == GB_LOWER_IS_BETTER) {
		gb_buf_clear(&unit);
		gb_buf_puts(&unit, "/s");
		dir = GB_HIGHER_IS_BETTER;
	} else if (kind == PER_ITEM) {
		gb_buf_clear(&unit);
		gb_buf_puts(&unit, "ns");
		dir = GB_LOWER_IS_BETTER;
		v = gb_adapter_scaled(v, 1e9);
	}
	error = unit.ptr ? add(g, name, key, unit.ptr, dir, v, aggregate, iters)
			 : GB_ERROR;
	gb_buf_dispose(&unit);
	return error;
}

/*
 * The counters after a row's iterations, then its label (SetLabel), which
 * Google Benchmark prints last, as it is: "bytes_per_second=1.8G/s lbl".
 * A counter's name may hold blanks ("my counter=7"): fields without "="
 * before one with it are its name, unless what follows "=" is no value,
 * and then they and the rest are the label. A label that reads as a
 * counter ("n=1000") cannot be told from one.
 */
static int counters(gbcon *g, const gb_line *l, const char *name,
	char **f, size_t n, const char *aggregate, uint64_t iters)
{
	gb_buf key = GB_BUF_INIT;
	size_t i = 0, j, k;
	char *eq;
	bool bad;
	int error = 0;

	while (i < n && !error) {
		if ((eq = strchr(f[i], '='))) {
			if (eq == f[i])
				return bad_counter(g, l, "counters as "
					"\"<name>=<value>\"", f[i]);
			*eq = '\0';
			if ((error = counter(g, name, f[i], eq + 1, aggregate,
				     iters, &bad)) == 0 && bad) {
				*eq = '=';
				error = bad_counter(g, l, "a counter value such "
					"as \"1.5G/s\"", f[i]);
			}
			i++;
			continue;
		}
		for (j = i + 1; j < n && !strchr(f[j], '='); j++)
			;
		if (j == n || (eq = strchr(f[j], '=')) == f[j])
			break;      /* the label */
		gb_buf_clear(&key);
		for (k = i; k < j; k++)
			gb_buf_printf(&key, "%s ", f[k]);
		gb_buf_put(&key, f[j], (size_t)(eq - f[j]));
		if (!key.ptr)
			error = GB_ERROR;
		else if ((error = counter(g, name, key.ptr, eq + 1, aggregate,
				  iters, &bad)) == 0 && bad)
			break;      /* "hello a=b": the label */
		i = j + 1;
	}
	gb_buf_dispose(&key);
	return error;
}

/*
 * --benchmark_counters_tabular=true: the counters' names are the
 * heading's columns after Iterations, each row's fields under them its
 * values, and what is after them the label.
 */
static int tabular_counters(gbcon *g, const gb_line *l, const char *name,
	char **f, size_t n, const char *aggregate, uint64_t iters)
{
	size_t i;
	bool bad;
	int error = 0;

	if (n < g->ncolumns)
		return gb_adapter_bad_line(g->source, l, "a value under every "
			"counter of the heading");
	for (i = 0; i < g->ncolumns && !error; i++)
		if ((error = counter(g, name, g->columns[i], f[i], aggregate,
			     iters, &bad)) == 0 && bad)
			error = bad_counter(g, l, "a counter value such as "
				"\"1.5G/s\"", f[i]);
	return error;
}

/*
 * Whether a value starts at s[i], past blanks: a number, ERROR OCCURRED
 * or, since Google Benchmark 1.8 (SkipWithMessage), SKIPPED.
 */
static bool value_at(const char *s, size_t i, size_t len)
{
	static const char skipped[] = "SKIPPED: ";

	while (i < len && blank(s[i]))
		i++;
	return i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == 'E' ||
			   (len - i >= sizeof(skipped) - 1 &&
			    !memcmp(s + i, skipped, sizeof(skipped) - 1)));
}

/*
 * Where the name of row `s` ends; 0 when it is not a row (a date, a log
 * line: the table has ended). Names are padded to the width of the
 * heading's "Benchmark" column, and a template's name has spaces in it
 * ("BM_T<std::map<int, int>>"): only that width tells where it ends. A
 * table the width is not known of is split at the first blank.
 */
static size_t name_end(const gbcon *g, const char *s, size_t len)
{
	size_t i = 0;

	if (g->width && g->width < len && !blank(s[0]) && blank(s[g->width]) &&
	    value_at(s, g->width, len))
		return g->width;
	while (i < len && !blank(s[i]))
		i++;
	return i && value_at(s, i, len) ? i : 0;
}

/* Row `s` cut after its name, which ends at `end`, padding dropped. */
static char *cut_name(char *s, size_t end)
{
	s[end] = '\0';
	while (end && blank(s[end - 1]))
		s[--end] = '\0';
	return s;
}

/* The name of the row after line `l` in g->next ("" for none). */
static int next_name(gbcon *g, const gb_line *l)
{
	gb_line n = *l;

	gb_buf_clear(&g->next);
	if (!gb_line_next(&n, g->data, g->len))
		return gb_buf_puts(&g->next, "") < 0 ? GB_ERROR : 0;
	if (gb_line_dup(&g->next, &n) < 0)
		return GB_ERROR;
	gb_adapter_strip_colours(g->next.ptr);
	cut_name(g->next.ptr, name_end(g, g->next.ptr, strlen(g->next.ptr)));
	return 0;
}

/*
 * Whether "BM_x_mean" on line `l` is the mean of "BM_x": it is when BM_x
 * was read (repetitions), or when BM_x_median follows it (only the
 * aggregates shown, --benchmark_*_aggregates_only), not a benchmark of
 * that name.
 */
static int is_mean_of(bool *yes, gbcon *g, const gb_line *l, const char *x)
{
	size_t n = strlen(x);
	int error;

	*yes = gb_adapter_has(&g->index, g->run, x, GB_MEASURE_TIME);
	if (*yes)
		return 0;
	if ((error = next_name(g, l)) < 0)
		return error;
	*yes = strncmp(g->next.ptr, x, n) == 0 &&
	       strcmp(g->next.ptr + n, "_median") == 0;
	return 0;
}

/*
 * "BM_x_mean" of a benchmark "BM_x": *kind gets its aggregate and the name
 * becomes BM_x; *kind is NULL for a benchmark's own row.
 */
static int aggregate_of(const char **kind, gbcon *g, const gb_line *l,
	char *name)
{
	static const char *const kinds[] = { "mean", "median", "stddev", "cv" };
	size_t n = strlen(name), i, k;
	bool yes;
	int error;

	*kind = NULL;
	for (i = 0; i < GB_ARRAY_SIZE(kinds); i++) {
		k = strlen(kinds[i]);
		if (n > k + 1 && name[n - k - 1] == '_' &&
		    strcmp(name + n - k, kinds[i]) == 0) {
			name[n - k - 1] = '\0';
			/* Every row's time is read first: by the index, so
			 * that a table of many aggregates costs no more. */
			yes = gb_adapter_has(&g->index, g->run, name,
				GB_MEASURE_TIME);
			if (!yes && i == 0 &&
			    (error = is_mean_of(&yes, g, l, name)) < 0)
				return error;
			if (yes) {
				*kind = kinds[i];
				return 0;
			}
			name[n - k - 1] = '_';
		}
	}
	return 0;
}

/*
 * A time printed as "0.000 s": the benchmark took under half its last
 * digit, and 0 would read as infinitely fast. A standard deviation that
 * small is left unknown rather than refused: the rest of the row is good.
 */
static int zero_time(const gbcon *g, const gb_line *l, const char *name,
	const char *value, const char *unit)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: benchmark '"
		GB_NAME_SHOWN "': its time is printed as \"%s %s\", with no "
		"significant digits; record its JSON output instead "
		"(--benchmark_out=FILE --benchmark_out_format=json)", g->source,
		l->number, name, value, unit);
}

static int add_time(gbcon *g, const char *name, const char *metric,
	double v, const char *aggregate, uint64_t iters)
{
	if (v == 0 && aggregate && strcmp(aggregate, "stddev") == 0)
		return 0;
	return add(g, name, metric, "ns", GB_LOWER_IS_BETTER, v, aggregate,
		iters);
}

/* Row `s` of line `l`, its name ending at `end`. */
static int read_row(gbcon *g, const gb_line *l, char *s, size_t end)
{
	char *f[MAX_FIELDS], *name = cut_name(s, end);
	size_t n = split(s + end + 1, f);
	const char *aggregate, *p;
	double real, cpu, iters;
	int error;

	if (n >= 1 && (!strcmp(f[0], "ERROR") || !strcmp(f[0], "SKIPPED:"))) {
		g->failed = true;
		if (f[0][0] == 'S')
			g->skipped = true;
		/* A benchmark's repetitions fail one after another: one. */
		if (g->last_failed.ptr && !strcmp(g->last_failed.ptr, name))
			return 0;
		gb_buf_clear(&g->last_failed);
		if (gb_buf_puts(&g->last_failed, name) < 0 ||
		    (!g->nfailed++ && gb_buf_puts(&g->first_failed, name) < 0))
			return GB_ERROR;
		return 0;
	}
	if (n >= 2 && gb_adapter_time_factor(f[1]) == 0 &&
	    gb_adapter_parse_number(&real, f[0], &p, false) == 0)
		return 0;   /* BigO, RMS and cv: not a time */
	if (n < 5 ||
	    gb_adapter_parse_number(&real, f[0], &p, false) < 0 || *p ||
	    gb_adapter_time_factor(f[1]) == 0 ||
	    gb_adapter_parse_number(&cpu, f[2], &p, false) < 0 || *p ||
	    gb_adapter_time_factor(f[3]) == 0 ||
	    gb_adapter_parse_number(&iters, f[4], &p, false) < 0 || *p)
		return gb_adapter_bad_line(g->source, l, ROW);
	if ((error = aggregate_of(&aggregate, g, l, name)) < 0)
		return error;
	if (aggregate && strcmp(aggregate, "cv") == 0)
		return 0;
	if ((!aggregate || strcmp(aggregate, "stddev") != 0) && real == 0)
		return zero_time(g, l, name, f[0], f[1]);
	real = gb_adapter_scaled(real, gb_adapter_time_factor(f[1]));
	cpu = gb_adapter_scaled(cpu, gb_adapter_time_factor(f[3]));
	if ((error = add_time(g, name, NULL, real, aggregate,
		     gb_adapter_count(iters))) < 0)
		return error;
	/* A benchmark that sleeps or waits, in ms or s, has a wall time and
	 * a CPU time under the last digit: that one is left out. */
	if (cpu == 0 && (!aggregate || strcmp(aggregate, "stddev") != 0)) {
		if (!g->nzero_cpu++ && gb_buf_printf(&g->zero_cpu,
			    "%s': its CPU time is printed as \"%s %s", name,
			    f[2], f[3]) < 0)
			return GB_ERROR;
	} else if ((error = add_time(g, name, "cpu_time", cpu, aggregate,
			    gb_adapter_count(iters))) < 0) {
		return error;
	}
	if (g->ncolumns)
		return tabular_counters(g, l, name, f + 5, n - 5, aggregate,
			gb_adapter_count(iters));
	return counters(g, l, name, f + 5, n - 5, aggregate,
		gb_adapter_count(iters));
}

static bool is_heading(const gb_line *l)
{
	return gb_line_starts(l, "Benchmark ") &&
	       gb_text_contains(l->text, l->len, " Time ", l->len) &&
	       gb_text_contains(l->text, l->len, " CPU ", l->len) &&
	       gb_text_contains(l->text, l->len, "Iterations", l->len);
}

/*
 * The heading is printed as "%-*s %13s", the name column's width then
 * "Time" right-aligned: the width is where " Time " starts less 9. A
 * heading not made that way (by hand) leaves it unknown.
 */
static size_t name_width(const gb_line *l)
{
	static const char time[] = " Time ";
	size_t i, w;

	for (i = 0; i + sizeof(time) - 1 <= l->len; i++)
		if (memcmp(l->text + i, time, sizeof(time) - 1) == 0)
			break;
	if (i < 9 + strlen("Benchmark") || i + sizeof(time) - 1 > l->len)
		return 0;
	w = i - 9;
	for (i = strlen("Benchmark"); i < w + 9; i++)
		if (l->text[i] != ' ')
			return 0;
	return w;
}

/* The counters' columns of a tabular heading, after "Iterations". */
static int heading_columns(gbcon *g, const char *s)
{
	char *f[MAX_FIELDS], *p;
	size_t n, i;

	g->ncolumns = 0;
	gb_buf_clear(&g->heading);
	if (gb_buf_puts(&g->heading, s) < 0)
		return GB_ERROR;
	p = strstr(g->heading.ptr, " Iterations");
	n = split(p + strlen(" Iterations"), f);
	if (n == 1 && !strcmp(f[0], "UserCounters..."))
		return 0;
	for (i = 0; i < n; i++)
		g->columns[g->ncolumns++] = f[i];
	return 0;
}

/* Line `l` of the input, `v` the same with its colours dropped. */
static int read_line(gbcon *g, const gb_line *l, gb_line *v, char *s)
{
	size_t end;

	gb_adapter_strip_colours(s);
	v->text = s;
	v->len = strlen(s);
	if (g->in_table && !l->terminated && v->len)
		return gb_adapter_cut(g->source, v);
	if (is_heading(v)) {
		g->in_table = true;
		g->width = name_width(v);
		return heading_columns(g, s);
	} else if (!g->in_table || !v->len || s[0] == '-') {
		return 0;
	} else if (!(end = name_end(g, s, v->len))) {
		g->in_table = false;
	} else {
		return read_row(g, v, s, end);
	}
	return 0;
}

/*
 * A benchmark's rows are its repetitions, and Google Benchmark prints
 * their _mean after them: a time of several rows and no _mean is two
 * benchmarks of one name (registered twice), which would be pooled.
 */
static int one_row_each(const gbcon *g)
{
	size_t i;

	for (i = 0; i < g->run->nresults; i++) {
		const gb_result *r = &g->run->results[i];

		if (r->nsamples > 1 && isnan(r->mean) &&
		    !strcmp(r->measure, GB_MEASURE_TIME))
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "' is in the table %zu times "
				"with no _mean row: benchmarks of one name, "
				"which cannot be told apart; name them apart",
				g->source, r->name, r->nsamples);
	}
	return 0;
}

int gb_gbench_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gbcon g = { run, GB_NAME_INDEX_INIT, source, data, len, 0, GB_BUF_INIT,
		false, false, false, 0, GB_BUF_INIT, GB_BUF_INIT, { NULL }, 0,
		GB_BUF_INIT, 0, GB_BUF_INIT, 0, GB_BUF_INIT };
	gb_line l = GB_LINE_INIT, v;
	gb_buf copy = GB_BUF_INIT;
	size_t i;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		v = l;
		if ((error = gb_line_dup(&copy, &l)) == 0)
			error = read_line(&g, &l, &v, copy.ptr);
	}
	if (error == 0)
		error = one_row_each(&g);
	for (i = 0; i < run->nresults; i++)
		gb_adapter_finish_result(&run->results[i]);
	if (error == 0 && g.nnot_finite)
		gb_adapter_warn_left_out(source, g.nnot_finite, "counter",
			"printed as inf or nan", g.not_finite.ptr, NULL);
	if (error == 0 && g.nzero_cpu)
		gb_adapter_warn("%s: %zu CPU time%s printed with no "
			"significant digits %s left out ('" GB_NAME_SHOWN "\"); "
			"its JSON output has them (--benchmark_out=FILE "
			"--benchmark_out_format=json)", source, g.nzero_cpu,
			g.nzero_cpu == 1 ? "" : "s", g.nzero_cpu == 1 ? "is" :
			"are", g.zero_cpu.ptr);
	if (error == 0 && run->nresults == 0 && g.failed)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark reported "
			"an error%s", source, g.skipped ? " or a skip" : "");
	else if (error == 0 && g.failed)
		gb_adapter_warn_left_out(source, g.nfailed, "benchmark",
			g.skipped ? "reported an error or a skip" :
			"reported an error", g.first_failed.ptr, NULL);
	gb_buf_dispose(&g.first_failed);
	gb_buf_dispose(&g.last_failed);
	gb_buf_dispose(&g.heading);
	gb_buf_dispose(&g.not_finite);
	gb_buf_dispose(&g.zero_cpu);
	gb_name_index_dispose(&g.index);
	gb_buf_dispose(&g.next);
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
