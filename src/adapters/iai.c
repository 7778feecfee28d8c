/*
 * What iai and iai-callgrind (now gungraun) print under `cargo bench`:
 *
 *   bench_fibonacci_short                          (iai)
 *     Instructions:                1735 (+0.000000%)
 *     L1 Accesses:                 2364
 *     L2 Accesses:                    1
 *     RAM Accesses:                   1
 *     Estimated Cycles:            2404
 *
 *   my_bench::my_group::bench_fib short:10         (iai-callgrind)
 *     Instructions:                1734|1734            (No change)
 *     L1 Hits:                     2359|2359            (No change)
 *     LL Hits:                        0|0               (No change)
 *     RAM Hits:                       3|3               (No change)
 *     Total read+write:            2362|2362            (No change)
 *     Estimated Cycles:            2464|2464            (No change)
 *
 * The benchmark is the line above its figures, as printed. Each figure
 * (the new one, left of "|") is a measure of it, lower is better: its
 * instruction count in unit "instructions" (the measure "instructions"),
 * the estimated cycles in "cycles", the cache and RAM figures counts of
 * accesses. Only the first block of figures after a name counts (later
 * tools and sub-processes of an iai-callgrind run repeat them). Estimated
 * Cycles ends every block of figures: a block without it was cut.
 */
#include <string.h>

#include "util.h"

typedef struct {
	const char *key;      /* with its ":" */
	const char *measure;
	const char *unit;
	bool callgrind;       /* iai-callgrind's spelling, not iai's */
} metric;

static const metric metrics[] = {
	{ "Instructions:", "instructions", "instructions", false },
	{ "L1 Accesses:", "l1-accesses", "accesses", false },
	{ "L2 Accesses:", "l2-accesses", "accesses", false },
	{ "RAM Accesses:", "ram-accesses", "accesses", false },
	{ "L1 Hits:", "l1-hits", "accesses", true },
	{ "L2 Hits:", "l2-hits", "accesses", true },
	{ "LL Hits:", "ll-hits", "accesses", true },
	{ "RAM Hits:", "ram-hits", "accesses", true },
	{ "Total read+write:", "total-read-write", "accesses", true },
	{ "Estimated Cycles:", "estimated-cycles", "cycles", false },
};

static const metric *metric_of(const char *s)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(metrics); i++)
		if (strncmp(s, metrics[i].key, strlen(metrics[i].key)) == 0)
			return &metrics[i];
	return NULL;
}

typedef struct {
	gb_run *run;
	const char *source;
	gb_buf name;
	bool have_instructions;
	bool repeated;        /* a later block of the same benchmark */
	size_t open;          /* line of an Instructions with no Estimated
			       * Cycles after it yet */
} iai;

static int read_metric(iai *a, const gb_line *l, const metric *m,
	const char *s)
{
	gb_measure fig = { m->measure, m->unit, GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	const char *end;

	if (gb_adapter_parse_number(&e.mean,
		    gb_adapter_skip_blanks(s + strlen(m->key)), &end, false) < 0 ||
	    (*end && *end != ' ' && *end != '|' && *end != '\t') ||
	    !l->terminated)
		return gb_adapter_bad_line(a->source, l, "\"<metric>: <count>\"");
	if (!a->name.size)
		return gb_error_set(GB_EINVALID, "%s: line %zu: figures with no "
			"benchmark name before them", a->source, l->number);
	if (m == &metrics[0]) {
		a->open = l->number;
		if (a->have_instructions)
			a->repeated = true;
		a->have_instructions = true;
		fig.role = GB_FIGURE_PRIMARY;
	}
	if (m == &metrics[GB_ARRAY_SIZE(metrics) - 1])
		a->open = 0;
	if (a->repeated)
		return 0;
	return gb_adapter_figure(a->run, a->name.ptr, &fig, &e);
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	iai *a = ctx;
	const metric *m;
	size_t n = strlen(s);

	/* Trailing blanks are not part of a name. */
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	if (!n)
		return 0;
	if (s[0] != ' ' && s[0] != '\t') {
		if (a->open)
			return gb_error_set(GB_EINVALID, "%s: line %zu: benchmark '"
				GB_NAME_SHOWN "' has no Estimated Cycles line",
				a->source, l->number, a->name.ptr);
		gb_buf_clear(&a->name);
		a->have_instructions = a->repeated = false;
		return gb_buf_puts(&a->name, s);
	}
	if (!(m = metric_of(gb_adapter_skip_blanks(s))))
		return 0;
	return read_metric(a, l, m, gb_adapter_skip_blanks(s));
}

static int iai_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	iai a = { run, source, GB_BUF_INIT, false, false, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &a);

	if (error == 0 && a.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: benchmark '"
			GB_NAME_SHOWN "' has no Estimated Cycles line", source,
			a.name.ptr);
	gb_buf_dispose(&a.name);
	return error;
}

/* 90 when the text has Instructions lines in `callgrind`'s spelling. */
static int detect(const char *data, size_t len, bool callgrind)
{
	gb_line l = GB_LINE_INIT;
	bool instructions = false;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		const char *s = l.text;
		const metric *m;

		while (s < l.text + l.len && (*s == ' ' || *s == '\t'))
			s++;
		if (s == l.text || s == l.text + l.len)
			continue;
		if (!(m = metric_of(s)))
			continue;
		if (m == &metrics[0])
			instructions = true;
		else if (instructions && m != &metrics[GB_ARRAY_SIZE(metrics) - 1])
			return m->callgrind == callgrind ? 90 : 0;
	}
	return 0;
}

static int iai_detect(const char *data, size_t len)
{
	return detect(data, len, false);
}

static int callgrind_detect(const char *data, size_t len)
{
	return detect(data, len, true);
}

const gb_adapter gb_adapter_iai = {
	"iai",
	"iai output under cargo bench",
	NULL,
	NULL,
	iai_detect,
	iai_read,
};

const gb_adapter gb_adapter_iai_callgrind = {
	"iai-callgrind",
	"iai-callgrind (gungraun) output under cargo bench",
	NULL,
	NULL,
	callgrind_detect,
	iai_read,
};
