/*
 * Valgrind's cachegrind output file (cachegrind.out.<pid>):
 *
 *   desc: I1 cache:         32768 B, 64 B, 8-way associative
 *   cmd: ./prog --size 10
 *   events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw
 *   fl=prog.c
 *   fn=main
 *   12 4 1 1 ...
 *   summary: 9130372 1248 1230 1029530 1147 1001 1010589 372 348
 *
 * One benchmark, named by the cmd: line, whose measures are the totals of
 * the summary: (or totals:) line. Its instruction count (Ir) is the
 * measure "instructions"; with the cache simulation's events (--cache-sim=
 * yes) also the hits in L1 and the last level and the accesses that went
 * to RAM, and the cycles estimated from them as iai and iai-callgrind
 * estimate them (L1 hits + 5 LL hits + 35 RAM hits), under the names
 * iai-callgrind gives them. The per-line counts are not read.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The events a file can have, where the summary gives them. */
enum { IR, I1MR, ILMR, DR, D1MR, DLMR, DW, D1MW, DLMW, NEVENTS };

static const char *const event_names[NEVENTS] = {
	"Ir", "I1mr", "ILmr", "Dr", "D1mr", "DLmr", "Dw", "D1mw", "DLmw",
};

typedef struct {
	const char *source;
	gb_buf cmd;
	int column[NEVENTS];     /* the event's position in events:, or -1 */
	double total[NEVENTS];
	bool have_events, have_summary;
} cachegrind;

/* "events: Ir I1mr ...": which column is which event. */
static int read_events(cachegrind *c, const gb_line *l, const char *s)
{
	int col = 0, i;

	for (i = 0; i < NEVENTS; i++)
		c->column[i] = -1;
	while (*(s = gb_adapter_skip_blanks(s))) {
		size_t n = strcspn(s, " \t");

		for (i = 0; i < NEVENTS; i++)
			if (strlen(event_names[i]) == n && !strncmp(s, event_names[i], n))
				c->column[i] = col;
		col++;
		s += n;
	}
	if (c->column[IR] < 0)
		return gb_adapter_bad_line(c->source, l, "\"events:\" with Ir");
	c->have_events = true;
	return 0;
}

static int read_summary(cachegrind *c, const gb_line *l, const char *s)
{
	double v;
	int col, i;

	if (!c->have_events)
		return gb_error_set(GB_EINVALID, "%s: line %zu: totals before "
			"the events: line", c->source, l->number);
	for (col = 0; *(s = gb_adapter_skip_blanks(s)); col++) {
		if (gb_adapter_parse_number(&v, s, &s, false) < 0 || v < 0 ||
		    (*s && *s != ' ' && *s != '\t'))
			return gb_adapter_bad_line(c->source, l,
				"\"summary: <count>...\"");
		for (i = 0; i < NEVENTS; i++)
			if (c->column[i] == col)
				c->total[i] = v;
	}
	if (col <= c->column[IR])
		return gb_adapter_bad_line(c->source, l, "a total for each event");
	c->have_summary = true;
	return 0;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	cachegrind *c = ctx;

	if (!strncmp(s, "cmd:", 4)) {
		gb_buf_clear(&c->cmd);
		return gb_buf_puts(&c->cmd, gb_adapter_skip_blanks(s + 4));
	}
	if (!strncmp(s, "events:", 7))
		return read_events(c, l, s + 7);
	if (!strncmp(s, "summary:", 8) && !c->have_summary)
		return read_summary(c, l, s + 8);
	if (!strncmp(s, "totals:", 7) && !c->have_summary)
		return read_summary(c, l, s + 7);
	return 0;
}

static int figure(gb_run *run, const char *bench, const char *measure,
	const char *unit, double value)
{
	const gb_measure m = { measure, unit, GB_LOWER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;

	e.mean = value;
	e.count = 1;
	return gb_adapter_figure(run, bench, &m, &e);
}

/* The cache simulation's figures, when every event of it is there. */
static int cache_figures(gb_run *run, const char *bench, const double *t,
	const int *column)
{
	double accesses, l1_miss, ll_miss;
	int error, i;

	for (i = 0; i < NEVENTS; i++)
		if (column[i] < 0)
			return 0;
	accesses = t[IR] + t[DR] + t[DW];
	l1_miss = t[I1MR] + t[D1MR] + t[D1MW];
	ll_miss = t[ILMR] + t[DLMR] + t[DLMW];
	if ((error = figure(run, bench, "l1-hits", "accesses",
		     accesses - l1_miss)) < 0 ||
	    (error = figure(run, bench, "ll-hits", "accesses",
		     l1_miss - ll_miss)) < 0 ||
	    (error = figure(run, bench, "ram-hits", "accesses", ll_miss)) < 0)
		return error;
	return figure(run, bench, "estimated-cycles", "cycles",
		accesses - l1_miss + 5 * (l1_miss - ll_miss) + 35 * ll_miss);
}

static int cachegrind_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	cachegrind c = { source, GB_BUF_INIT, { 0 }, { 0 }, false, false };
	int error;

	if ((error = gb_adapter_read_lines(run, data, len, source, read_line,
		     &c)) < 0)
		goto cleanup;
	if (!c.have_summary) {
		error = gb_error_set(GB_EINVALID, "%s: no summary: line (a "
			"cachegrind run cut short?)", source);
		goto cleanup;
	}
	if (!c.cmd.size && (error = gb_buf_puts(&c.cmd, "command")) < 0)
		goto cleanup;
	if ((error = figure(run, c.cmd.ptr, "instructions", "instructions",
		     c.total[IR])) == 0)
		error = cache_figures(run, c.cmd.ptr, c.total, c.column);
cleanup:
	gb_buf_dispose(&c.cmd);
	return error;
}

static int cachegrind_detect(const char *data, size_t len)
{
	size_t span = len < GB_DETECT_SPAN ? len : GB_DETECT_SPAN;

	return gb_text_contains(data, span, "\nevents: ", span) &&
	       (gb_text_contains(data, span, "desc: ", 6) ||
		gb_text_contains(data, span, "cmd: ", span)) ? 90 : 0;
}

const gb_adapter gb_adapter_cachegrind = {
	"cachegrind",
	"Valgrind's cachegrind.out.<pid> file: totals per event",
	NULL,
	NULL,
	cachegrind_detect,
	cachegrind_read,
};
