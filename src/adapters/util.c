#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "gitbench/escape.h"
#include "gitbench/units.h"

int gb_adapter_figure(gb_run *run, const char *bench, const gb_measure *m,
	const gb_estimates *e)
{
	gb_result *r;
	double *copy = NULL;
	int error;

	if (e->nsamples &&
	    !(copy = gb_calloc(e->nsamples, sizeof(double))))
		return GB_ERROR;
	if (m->role == GB_FIGURE_METRIC)
		error = gb_adapter_add_metric(&r, run, bench, m->name, m->unit,
			m->direction);
	else
		error = gb_run_add_result(&r, run, bench, m->unit, m->direction);
	if (error < 0) {
		free(copy);
		return error;
	}
	r->mean = e->mean;
	r->median = e->median;
	r->stddev = e->stddev;
	r->min = e->min;
	r->max = e->max;
	r->count = e->count;
	r->iterations = e->iterations;
	if (copy) {
		memcpy(copy, e->samples, e->nsamples * sizeof(double));
		gb_result_set_samples(r, copy, e->nsamples);
		gb_adapter_finish_result(r);
	}
	return 0;
}

int gb_adapter_add_metric(gb_result **out, gb_run *run, const char *name,
	const char *metric, const char *unit, gb_direction direction)
{
	return gb_run_add_measure(out, run, name, metric, unit, direction);
}

static gb_index_key result_key(const void *items, size_t pos)
{
	const gb_result *r = &((const gb_result *)items)[pos];
	gb_index_key k = { r->name, r->measure };

	return k;
}

int gb_adapter_find_or_add(gb_result **out, gb_name_index *index,
	gb_run *run, const char *name, const char *metric, const char *unit,
	gb_direction direction)
{
	gb_index_key k = { name, metric ? metric : gb_measure_for_unit(unit) };
	size_t pos;
	int error;

	if (gb_index_find(&pos, index, k, result_key, run->results)) {
		*out = &run->results[pos];
		return 0;
	}
	if ((error = gb_run_add_measure(out, run, name, k.measure, unit,
		     direction)) < 0)
		return error;
	k.name = (*out)->name;
	k.measure = (*out)->measure;
	return gb_index_add(index, k, run->nresults - 1, result_key,
		run->results);
}

void gb_name_index_dispose(gb_name_index *index)
{
	gb_index_dispose(index);
}

gb_result *gb_adapter_lookup(const gb_name_index *index, const gb_run *run,
	const char *name, const char *measure)
{
	gb_index_key k = { name, measure };
	size_t pos;

	return gb_index_find(&pos, index, k, result_key, run->results) ?
		&run->results[pos] : NULL;
}

bool gb_adapter_has(const gb_name_index *index, const gb_run *run,
	const char *name, const char *measure)
{
	return gb_adapter_lookup(index, run, name, measure) != NULL;
}

int gb_adapter_index_new(gb_name_index *index, const gb_run *run,
	size_t *done)
{
	size_t pos;
	int error = 0;

	for (; *done < run->nresults && error == 0; (*done)++) {
		gb_index_key k = result_key(run->results, *done);

		/* A name given twice is refused once the read ends. */
		if (!gb_index_find(&pos, index, k, result_key, run->results))
			error = gb_index_add(index, k, *done, result_key,
				run->results);
	}
	return error;
}

static gb_index_key name_key(const void *items, size_t pos)
{
	return gb_index_name(((const char *const *)items)[pos]);
}

static bool same_variant(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

int gb_adapter_variants(bool **out, const char *const *names,
	const char *const *variants, size_t n)
{
	gb_index ix = GB_INDEX_INIT;
	size_t *first = gb_calloc(n + 1, sizeof(size_t)), i, pos;
	bool *several = gb_calloc(n + 1, sizeof(bool));
	int error = 0;

	*out = NULL;
	if (!first || !several)
		error = GB_ERROR;
	/* Each item's first of its name, which knows whether there are more. */
	for (i = 0; i < n && error == 0; i++) {
		first[i] = i;
		if (!names[i])
			continue;
		if (gb_index_find(&pos, &ix, gb_index_name(names[i]), name_key,
			    names)) {
			first[i] = pos;
			if (!same_variant(variants[pos], variants[i]))
				several[pos] = true;
		} else {
			error = gb_index_add(&ix, gb_index_name(names[i]), i,
				name_key, names);
		}
	}
	for (i = 0; i < n && error == 0; i++)
		several[i] = several[first[i]];
	gb_index_dispose(&ix);
	free(first);
	if (error < 0) {
		free(several);
		return error;
	}
	*out = several;
	return 0;
}

static const struct {
	const char *name;
	double ns;
} time_units[] = {
	{ "ps", 1e-3 }, { "ns", 1 }, { "nanosecond", 1 }, { "nanoseconds", 1 },
	{ "us", 1e3 }, { "\xc2\xb5s", 1e3 }, { "\xce\xbcs", 1e3 },
	{ "microsecond", 1e3 }, { "microseconds", 1e3 },
	{ "ms", 1e6 }, { "millisecond", 1e6 }, { "milliseconds", 1e6 },
	{ "s", 1e9 }, { "sec", 1e9 }, { "secs", 1e9 }, { "second", 1e9 },
	{ "seconds", 1e9 },
};

double gb_adapter_time_factor(const char *unit)
{
	size_t i;

	for (i = 0; unit && i < GB_ARRAY_SIZE(time_units); i++)
		if (strcmp(unit, time_units[i].name) == 0)
			return time_units[i].ns;
	return 0;
}

gb_direction gb_adapter_unit_direction(const char *unit)
{
	return gb_units_is_rate(unit) ? GB_HIGHER_IS_BETTER : GB_LOWER_IS_BETTER;
}

int gb_adapter_push_sample(gb_result *r, double value)
{
	double *p;

	if (r->nsamples >= SIZE_MAX / sizeof(double) - 1)
		return gb_error_oom();
	/* Doubling keeps appending linear for the long sample lists. */
	if ((r->nsamples & (r->nsamples - 1)) == 0) {
		size_t alloc = r->nsamples ? r->nsamples * 2 : 4;

		if (!(p = gb_realloc(r->samples, alloc * sizeof(double))))
			return GB_ERROR;
		r->samples = p;
	}
	r->samples[r->nsamples++] = value;
	return 0;
}

void gb_adapter_finish_result(gb_result *r)
{
	double stddev = r->stddev;

	if (r->nsamples == 0)
		return;
	gb_result_fill_from_samples(r);
	if (r->nsamples == 1)
		r->stddev = stddev;
}

uint64_t gb_adapter_count(double v)
{
	if (!(v > 0))
		return 0;
	if (v >= 18446744073709551615.0)
		return UINT64_MAX;
	return (uint64_t)v;
}

void gb_adapter_add_count(uint64_t *total, uint64_t n)
{
	*total = n > UINT64_MAX - *total ? UINT64_MAX : *total + n;
}

static const char *digits(const char *p, bool commas, size_t *n)
{
	*n = 0;
	for (;;) {
		if (*p >= '0' && *p <= '9') {
			(*n)++;
			p++;
		} else if (commas && *p == ',' && *n && p[1] >= '0' &&
			   p[1] <= '9') {
			p++;
		} else {
			return p;
		}
	}
}

int gb_adapter_parse_number(double *out, const char *s, const char **end,
	bool commas)
{
	const char *p = s, *q;
	gb_buf copy = GB_BUF_INIT;
	size_t n, frac = 0, i;

	if (*p == '+' || *p == '-')
		p++;
	p = digits(p, commas, &n);
	if (*p == '.')
		p = digits(p + 1, false, &frac);
	if (n + frac == 0)
		return GB_EINVALID;
	if (*p == 'e' || *p == 'E') {
		q = p + 1;
		if (*q == '+' || *q == '-')
			q++;
		q = digits(q, false, &n);
		if (n)
			p = q;
	}
	/* strtod would stop at a comma: parse a copy without them. */
	for (i = 0; s + i < p; i++)
		if (s[i] != ',' && gb_buf_putc(&copy, s[i]) < 0)
			return GB_ERROR;
	*out = strtod(copy.ptr, NULL);
	gb_buf_dispose(&copy);
	if (end)
		*end = p;
	return 0;
}

bool gb_line_next(gb_line *line, const char *data, size_t len)
{
	const char *start, *nl;

	if (line->pos >= len)
		return false;
	start = data + line->pos;
	nl = memchr(start, '\n', len - line->pos);
	line->text = start;
	line->len = nl ? (size_t)(nl - start) : len - line->pos;
	line->terminated = nl != NULL;
	line->pos += line->len + (nl ? 1 : 0);
	line->number++;
	if (line->len && start[line->len - 1] == '\r')
		line->len--;
	return true;
}

bool gb_line_starts(const gb_line *line, const char *prefix)
{
	size_t n = strlen(prefix);

	return line->len >= n && memcmp(line->text, prefix, n) == 0;
}

bool gb_text_contains(const char *data, size_t len, const char *needle,
	size_t limit)
{
	size_t n = strlen(needle), i;

	if (len > limit)
		len = limit;
	for (i = 0; n && i + n <= len; i++) {
		const char *p = memchr(data + i, needle[0], len - n - i + 1);

		if (!p)
			return false;
		i = (size_t)(p - data);
		if (memcmp(p, needle, n) == 0)
			return true;
	}
	return false;
}

int gb_line_dup(gb_buf *copy, const gb_line *line)
{
	gb_buf_clear(copy);
	if (gb_buf_put(copy, line->text, line->len) < 0 ||
	    gb_buf_put(copy, "", 0) < 0)
		return GB_ERROR;
	return 0;
}

/*
 * The first `max` bytes of a line, escaped: a record over several lines
 * (a quoted CSV field) or a control character must not break the one
 * line a message is.
 */
static const char *excerpt(gb_buf *out, const gb_line *line, size_t max)
{
	gb_buf raw = GB_BUF_INIT;

	gb_buf_put(&raw, line->text, line->len < max ? line->len : max);
	gb_escape_text(out, raw.ptr ? raw.ptr : "");
	gb_buf_dispose(&raw);
	return out->ptr ? out->ptr : "";
}

int gb_adapter_bad_line(const char *source, const gb_line *line,
	const char *expected)
{
	gb_buf text = GB_BUF_INIT;
	int error = gb_error_set(GB_EINVALID, "%s: line %zu: expected %s, "
		"found \"%s\"%s%s", source, line->number, expected,
		excerpt(&text, line, 80), line->len > 80 ? "..." : "",
		line->terminated ? "" :
		" (truncated: the file ends inside this line)");

	gb_buf_dispose(&text);
	return error;
}

int gb_adapter_cut(const char *source, const gb_line *line)
{
	gb_buf text = GB_BUF_INIT;
	int error = gb_error_set(GB_EINVALID, "%s: truncated: the file ends "
		"inside line %zu (\"%s%s\")", source, line->number,
		excerpt(&text, line, 60), line->len > 60 ? "..." : "");

	gb_buf_dispose(&text);
	return error;
}

int gb_adapter_read_lines(gb_run *run, const char *data, size_t len,
	const char *source, gb_line_fn each, void *ctx)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	size_t before = 0;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len)) {
		before = run->nresults;
		if ((error = gb_line_dup(&copy, &l)) == 0)
			error = each(ctx, &l, copy.ptr);
	}
	if (error == 0 && l.len && !l.terminated && run->nresults == before)
		error = gb_adapter_cut(source, &l);
	gb_buf_dispose(&copy);
	return error;
}

const char *gb_adapter_skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

double gb_adapter_scaled(double printed, double factor)
{
	double v = printed * factor;
	char text[32];

	if (!isfinite(v) || v == 0 || factor == 1)
		return v;
	snprintf(text, sizeof(text), "%.15g", v);
	return strtod(text, NULL);
}

int gb_adapter_parse_time(double *ns, const char *p, const char **end,
	bool commas)
{
	char unit[16];
	size_t n = 0;
	double f;

	if (gb_adapter_parse_number(ns, p, &p, commas) < 0)
		return GB_EINVALID;
	p = gb_adapter_skip_blanks(p);
	/* Letters, and the two spellings of the micro sign. */
	while (n + 1 < sizeof(unit) && ((*p >= 'a' && *p <= 'z') ||
		       (*p >= 'A' && *p <= 'Z') || (unsigned char)*p >= 0x80))
		unit[n++] = *p++;
	unit[n] = '\0';
	if ((f = gb_adapter_time_factor(unit)) == 0)
		return GB_EINVALID;
	*ns = gb_adapter_scaled(*ns, f);
	if (end)
		*end = p;
	return 0;
}

void gb_adapter_strip_colours(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		if (r[0] == '\x1b' && r[1] == '[') {
			r += 2;
			while (*r && !(*r >= 0x40 && *r <= 0x7e))
				r++;
			if (*r)
				r++;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

