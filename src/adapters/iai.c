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
 * accesses. iai-callgrind shows more of callgrind's events when asked
 * (Callgrind::format, --collect-bus-events, --branch-sim): each is a
 * count, printed by its callgrind name ("Ge:", "Dr:", "I1mr:", "Bc:"),
 * and a DHAT section ("======= DHAT ===") the heap's bytes and blocks.
 * Only the first block of figures after a name counts, and only the first
 * of each figure (later tools, comparisons and sub-processes of an
 * iai-callgrind run repeat them). A figure of no kind known here (a rate,
 * a system call's time) is passed over with a warning, never in silence.
 * Estimated Cycles ends every block with Instructions: a block without it
 * was cut.
 */
#include <string.h>

#include "util.h"

typedef struct {
	const char *key;      /* with its ":" */
	const char *measure;
	const char *unit;
	bool callgrind;       /* iai-callgrind's spelling, not iai's */
} metric;

/*
 * Instructions first, Estimated Cycles last: they open and close a block.
 * The detection needs one of iai's or iai-callgrind's own after the
 * Instructions; the others (callgrind's events, DHAT's) come after.
 */
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
	/* Callgrind's events, as iai-callgrind names them. */
	{ "Ge:", "global-bus-events", "accesses", true },
	{ "Dr:", "dr", "accesses", true },
	{ "Dw:", "dw", "accesses", true },
	{ "I1mr:", "i1mr", "accesses", true },
	{ "D1mr:", "d1mr", "accesses", true },
	{ "D1mw:", "d1mw", "accesses", true },
	{ "ILmr:", "ilmr", "accesses", true },
	{ "DLmr:", "dlmr", "accesses", true },
	{ "DLmw:", "dlmw", "accesses", true },
	{ "ILdmr:", "ildmr", "accesses", true },
	{ "DLdmr:", "dldmr", "accesses", true },
	{ "DLdmw:", "dldmw", "accesses", true },
	{ "Bc:", "bc", "branches", true },
	{ "Bcm:", "bcm", "branches", true },
	{ "Bi:", "bi", "branches", true },
	{ "Bim:", "bim", "branches", true },
	/* DHAT's, in its own section. */
	{ "Total bytes:", "dhat-total-bytes", "B", true },
	{ "Total blocks:", "dhat-total-blocks", "blocks", true },
	{ "At t-gmax bytes:", "dhat-at-t-gmax-bytes", "B", true },
	{ "At t-gmax blocks:", "dhat-at-t-gmax-blocks", "blocks", true },
	{ "At t-end bytes:", "dhat-at-t-end-bytes", "B", true },
	{ "At t-end blocks:", "dhat-at-t-end-blocks", "blocks", true },
	{ "Reads bytes:", "dhat-reads-bytes", "B", true },
	{ "Writes bytes:", "dhat-writes-bytes", "B", true },
	{ "Estimated Cycles:", "estimated-cycles", "cycles", false },
};

/* Figures of the block that iai and iai-callgrind print first. */
#define FIRST_EXTRA 9

/* A benchmark's figures read are kept as bits of a uint64_t. */
_Static_assert(GB_ARRAY_SIZE(metrics) <= 64, "too many metrics for seen");

static const metric *metric_of(const char *s)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(metrics); i++)
		if (strncmp(s, metrics[i].key, strlen(metrics[i].key)) == 0)
			return &metrics[i];
	return NULL;
}

/*
 * Whether s (past its indent) is a figure of a kind not read: "<label>:"
 * then a number, as iai-callgrind prints every figure ("I1 Miss Rate:",
 * "SysTime:", "Total lifetimes:"). Its headings and "Baselines:" have
 * none.
 */
static bool other_figure(const char *s)
{
	const char *colon = strchr(s, ':'), *end, *p;
	double v;

	/* A label of words: not "## pid: 12" of a sub-process's heading. */
	if (!colon || colon - s > 40 || !((*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z')))
		return false;
	for (p = s; p < colon; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 +-./", *p))
			return false;
	if (gb_adapter_parse_number(&v, gb_adapter_skip_blanks(colon + 1), &end,
		    false) < 0)
		return false;
	return !*end || strchr(" \t|%", *end);
}

typedef struct {
	gb_run *run;
	const char *source;
	gb_buf name;
	bool have_instructions;
	bool repeated;        /* a later block of the same benchmark */
	uint64_t seen;        /* the figures of the benchmark read, by index */
	size_t open;          /* line of an Instructions with no Estimated
			       * Cycles after it yet */
	size_t nother;        /* figures of kinds not read */
	gb_buf other;         /* the first: "<label>' of '<benchmark>" */
} iai;

static int read_metric(iai *a, const gb_line *l, const metric *m,
	const char *s)
{
	gb_measure fig = { m->measure, m->unit, GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	uint64_t bit = (uint64_t)1 << (m - metrics);
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
	if (a->repeated || (a->seen & bit))
		return 0;
	a->seen |= bit;
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
		a->seen = 0;
		return gb_buf_puts(&a->name, s);
	}
	s = (char *)gb_adapter_skip_blanks(s);
	if ((m = metric_of(s)))
		return read_metric(a, l, m, s);
	if (a->name.size && !a->repeated && other_figure(s) &&
	    !a->nother++ && gb_buf_printf(&a->other, "%.*s' of '"
		    GB_NAME_SHOWN, (int)(strchr(s, ':') - s), s,
		    a->name.ptr) < 0)
		return GB_ERROR;
	return 0;
}

static int iai_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	iai a = { run, source, GB_BUF_INIT, false, false, 0, 0, 0,
		GB_BUF_INIT };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &a);

	if (error == 0 && a.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: benchmark '"
			GB_NAME_SHOWN "' has no Estimated Cycles line", source,
			a.name.ptr);
	if (error == 0 && a.nother)
		gb_adapter_warn("%s: %zu figure%s of a kind not read %s "
			"passed over (the first: '%s'); every count of "
			"callgrind and DHAT is read", source, a.nother,
			a.nother == 1 ? "" : "s", a.nother == 1 ? "is" : "are",
			a.other.ptr);
	gb_buf_dispose(&a.name);
	gb_buf_dispose(&a.other);
	return error;
}

/* Whether [p, end) is blanks, a count, then "|": "  1734|N/A". */
static bool new_old(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p < '0' || *p > '9')
		return false;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p < end && *p == '|';
}

/*
 * 90 when the text has Instructions lines in `callgrind`'s spelling: a
 * "|" after the count, or iai-callgrind's names of the figures after it.
 */
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
		/* iai-callgrind's "<new>|<old>", whatever figures it shows. */
		if (m == &metrics[0] && new_old(s + strlen(m->key),
			    l.text + l.len))
			return callgrind ? 90 : 0;
		if (m == &metrics[0])
			instructions = true;
		else if (instructions && m < &metrics[FIRST_EXTRA])
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
