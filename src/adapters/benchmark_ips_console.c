/*
 * What Ruby's benchmark-ips prints:
 *
 *   Calculating -------------------------------------
 *                fib(15)     24.446k (± 1.3%) i/s   (40.91 μs/i) -     50.463k in   2.064582s
 *   Comparison:
 *               String#+: 12461834.2 i/s
 *                fib(15):    24446.1 i/s - 509.77x  slower
 *
 * Named and valued as its JSON (benchmark_ips.c): "<label> [ips]" in
 * ops/s, higher is better. The Calculating line gives the rate with a
 * k/M/B/T suffix, its deviation as a percentage of it, and the
 * iterations; the Comparison, when there is one, gives the same rate with
 * more digits and is preferred. A label longer than its column is printed
 * on a line of its own, above its figures. Warming up lines are not
 * results.
 */
#include <math.h>
#include <string.h>

#include "console.h"
#include "util.h"

#define CALC "\"<label> <n>[kMBT] (± <n>%) i/s - <n>[kMBT] in <n>s\""

/* "24.446k": 24446. */
static int scaled(double *v, const char *p, const char **end)
{
	static const char suffixes[] = "kMBTQ";
	const char *at;

	if (gb_adapter_parse_number(v, p, &p, false) < 0)
		return GB_EINVALID;
	if (*p && (at = strchr(suffixes, *p))) {
		*v *= pow(1000, (double)(at - suffixes + 1));
		p++;
	}
	*end = p;
	return 0;
}

/*
 * The figures of a Calculating line, from `p` on: rate, ± percentage,
 * iterations. 0 when they read.
 */
static int calc_figures(double *ips, double *pct, double *iters,
	const char *p)
{
	if (scaled(ips, gb_adapter_skip_blanks(p), &p) < 0)
		return GB_EINVALID;
	p = gb_adapter_skip_blanks(p);
	if (strncmp(p, "(\xc2\xb1", 3) != 0 ||
	    gb_adapter_parse_number(pct, gb_adapter_skip_blanks(p + 3), &p,
		    false) < 0 || strncmp(p, "%)", 2) != 0)
		return GB_EINVALID;
	p = gb_adapter_skip_blanks(p + 2);
	if (strncmp(p, "i/s", 3) != 0)
		return GB_EINVALID;
	p = gb_adapter_skip_blanks(p + 3);
	if (*p == '(')      /* "(40.91 μs/i)" of newer versions */
		p = gb_adapter_skip_blanks(p + strcspn(p, ")") + 1);
	if (*p != '-' || scaled(iters, gb_adapter_skip_blanks(p + 1), &p) < 0 ||
	    strncmp(gb_adapter_skip_blanks(p), "in ", 3) != 0)
		return GB_EINVALID;
	return 0;
}

/* Where the figures start: after the label, at the first "<n> (±". */
static char *figures_at(char *s)
{
	char *p = strstr(s, "(\xc2\xb1"), *q;

	if (!p)
		return NULL;
	for (q = p; q > s && (q[-1] == ' ' || q[-1] == '\t'); q--)
		;
	while (q > s && q[-1] != ' ' && q[-1] != '\t')
		q--;
	return q;
}

static int calc_line(gb_run *run, const gb_line *l, char *s, gb_buf *prev,
	const char *source)
{
	static const gb_measure m = { "ips", "ops/s", GB_HIGHER_IS_BETTER,
		GB_FIGURE_METRIC };
	gb_estimates e = GB_ESTIMATES_INIT;
	char *fig = figures_at(s), *name = s, *end;
	double pct, iters;
	int error;

	if (!fig) {
		/* A long label, alone on its line. */
		gb_buf_clear(prev);
		gb_buf_puts(prev, gb_adapter_skip_blanks(s));
		return 0;
	}
	if (calc_figures(&e.mean, &pct, &iters, fig) < 0 || !l->terminated)
		return gb_adapter_bad_line(source, l, CALC);
	for (end = fig; end > s && (end[-1] == ' ' || end[-1] == '\t'); end--)
		;
	*end = '\0';
	name = (char *)gb_adapter_skip_blanks(s);
	if (!*name && prev->size)
		name = prev->ptr;
	e.stddev = e.mean * pct / 100;
	e.iterations = gb_adapter_count(iters);
	error = gb_adapter_figure(run, name, &m, &e);
	gb_buf_clear(prev);
	return error;
}

typedef struct {
	gb_run *run;
	const char *source;
	gb_buf prev;        /* a long label, alone on the line before */
	int section;        /* 1: Calculating, 2: Comparison */
	gb_name_index index; /* the results read, by name */
	size_t indexed;
} ips;

/* "  label: 12461834.2 i/s[ - ...]": the rate of a result read before. */
static int comparison_line(ips *ctx, char *s)
{
	char *colon = s, *best = NULL;
	gb_result *r;
	const char *p;
	double v;
	int error;

	while ((colon = strstr(colon, ": "))) {
		if (gb_adapter_parse_number(&v, gb_adapter_skip_blanks(colon + 2),
			    &p, false) == 0 && strncmp(p, " i/s", 4) == 0)
			best = colon;
		colon++;
	}
	if (!best)
		return 0;
	gb_adapter_parse_number(&v, gb_adapter_skip_blanks(best + 2), &p, false);
	*best = '\0';
	if ((error = gb_adapter_index_new(&ctx->index, ctx->run,
		     &ctx->indexed)) < 0)
		return error;
	r = gb_adapter_lookup(&ctx->index, ctx->run,
		gb_adapter_skip_blanks(s), "ips");
	if (r && r->mean > 0) {
		/* The deviation was a share of the rate: keep the share. */
		r->stddev *= v / r->mean;
		r->mean = v;
	}
	return 0;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	ips *p = ctx;

	if (strncmp(s, "Calculating -", 13) == 0)
		p->section = 1;
	else if (strncmp(s, "Comparison:", 11) == 0)
		p->section = 2;
	else if (strncmp(s, "Warming up -", 12) == 0 || !l->len)
		p->section = p->section == 1 ? 1 : 0;
	else if (p->section == 1)
		return calc_line(p->run, l, s, &p->prev, p->source);
	else if (p->section == 2)
		return comparison_line(p, s);
	return 0;
}

int gb_ips_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	ips p = { run, source, GB_BUF_INIT, 0, GB_NAME_INDEX_INIT, 0 };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &p);

	gb_buf_dispose(&p.prev);
	gb_name_index_dispose(&p.index);
	return error;
}

int gb_ips_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	bool calculating = false;

	while (l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		if (gb_line_starts(&l, "Calculating -"))
			calculating = true;
		else if (calculating &&
			 gb_text_contains(l.text, l.len, "i/s", l.len) &&
			 gb_text_contains(l.text, l.len, "(\xc2\xb1", l.len))
			return 90;
	}
	return 0;
}
