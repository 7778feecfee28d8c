/*
 * go test -bench: the text output, or the -json event stream whose
 * "output" events carry the same text (cut anywhere, even inside a line).
 *
 *   BenchmarkSort/size=1000-2   47401   25994 ns/op   307.76 MB/s   8272 B/op   4 allocs/op
 *
 * The name loses its "-N" GOMAXPROCS suffix. ns/op is the benchmark's
 * time; every other unit is a metric "<name> [<unit>]": B/op in "B",
 * allocs/op in "allocs", MB/s in "B/s" (higher is better), custom units as
 * written. With -count N each line is a sample. Output that covers several
 * packages qualifies names with the package, "example.com/pkg.BenchmarkX".
 * A result line must end with a newline, and output with a "pkg:" header
 * must close it with PASS, FAIL or ok: that is how a file cut short is
 * told from a whole one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define MAX_FIELDS 64

typedef struct {
	gb_run *run;
	gb_name_index index;
	const char *source;
	const char *where;      /* "" for a text file, "output of <pkg>, " */
	bool qualify;
	gb_buf pkg;             /* of the last "pkg:" header */
	bool open;              /* that header's PASS/FAIL/ok is still to come */
	gb_buf pending;         /* a name whose numbers come on a later line */
} goparse;

static int line_error(goparse *g, const gb_line *l, const char *fmt,
	const char *name, const char *what)
{
	gb_buf msg = GB_BUF_INIT;
	int error;

	gb_buf_printf(&msg, "%s: %sline %zu: benchmark '" GB_NAME_SHOWN "': ",
		g->source, g->where, l->number, name);
	gb_buf_printf(&msg, fmt, what);
	error = gb_error_set(GB_EINVALID, "%s", msg.ptr ? msg.ptr : "");
	gb_buf_dispose(&msg);
	return error;
}

/*
 * Split a NUL-terminated copy of a line into blank-separated fields; the
 * count goes past MAX_FIELDS when there are more than it keeps.
 */
static size_t split(char *s, char **fields)
{
	size_t n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			*s++ = '\0';
		if (!*s)
			break;
		if (n < MAX_FIELDS)
			fields[n] = s;
		if (++n > MAX_FIELDS)
			break;
		while (*s && *s != ' ' && *s != '\t')
			s++;
	}
	return n;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Name without the "-N" GOMAXPROCS suffix, qualified when asked. */
static int bench_name(gb_buf *out, goparse *g, const char *name)
{
	size_t n = strlen(name), k = n;

	while (k > 0 && isdigit((unsigned char)name[k - 1]))
		k--;
	if (k > 1 && k < n && name[k - 1] == '-')
		n = k - 1;
	if (g->qualify && g->pkg.size)
		gb_buf_printf(out, "%s.", g->pkg.ptr);
	return gb_buf_put(out, name, n);
}

static int add_value(goparse *g, const char *name, const char *unit,
	double v, uint64_t iters)
{
	const char *metric = unit, *stored = unit;
	gb_direction dir = gb_adapter_unit_direction(unit);
	gb_result *r;
	int error;

	if (strcmp(unit, "ns/op") == 0) {
		metric = NULL;
		stored = "ns";
	} else if (strcmp(unit, "B/op") == 0) {
		stored = "B";
	} else if (strcmp(unit, "allocs/op") == 0) {
		stored = "allocs";
	} else if (strcmp(unit, "MB/s") == 0) {
		/* Go's MB is 1e6 bytes; benchstat normalises it the same way. */
		stored = "B/s";
		v *= 1e6;
	}
	if ((error = gb_adapter_find_or_add(&r, &g->index, g->run, name, metric,
		     stored, dir)) < 0)
		return error;
	gb_adapter_add_count(&r->iterations, iters);
	return gb_adapter_push_sample(r, v);
}

/* fields: iterations, then value and unit pairs. */
static int read_result(goparse *g, const gb_line *l, const char *raw_name,
	char **fields, size_t n)
{
	gb_buf name = GB_BUF_INIT;
	const char *end;
	double iters, v;
	size_t i;
	int error;

	if ((error = bench_name(&name, g, raw_name)) < 0)
		goto cleanup;
	/* go ends every line; one cut short can look whole ("4 allocs"). */
	if (!l->terminated) {
		error = line_error(g, l, "%s", name.ptr,
			"truncated: the file ends inside this line");
		goto cleanup;
	}
	if (!all_digits(fields[0]) ||
	    gb_adapter_parse_number(&iters, fields[0], NULL, false) < 0) {
		error = line_error(g, l, "'%.40s' is not an iteration count",
			name.ptr, fields[0]);
		goto cleanup;
	}
	if (n >= MAX_FIELDS) {
		error = line_error(g, l, "%s", name.ptr, "too many values");
		goto cleanup;
	}
	if (n < 3 || n % 2 == 0) {
		error = line_error(g, l, "%s", name.ptr, n < 3 ?
			"no measurements (the line is cut short?)" :
			"a value without a unit (the line is cut short?)");
		goto cleanup;
	}
	for (i = 1; i + 1 < n; i += 2) {
		if (gb_adapter_parse_number(&v, fields[i], &end, false) < 0 ||
		    *end) {
			error = line_error(g, l, "'%.40s' is not a number",
				name.ptr, fields[i]);
			goto cleanup;
		}
		if ((error = add_value(g, name.ptr, fields[i + 1], v,
			     gb_adapter_count(iters))) < 0)
			goto cleanup;
	}
cleanup:
	gb_buf_dispose(&name);
	return error;
}

static bool closes_package(const char *s)
{
	return strcmp(s, "PASS") == 0 || strncmp(s, "FAIL", 4) == 0 ||
	       strncmp(s, "ok ", 3) == 0 || strncmp(s, "ok\t", 3) == 0;
}

static int read_line(goparse *g, const gb_line *l, char *s)
{
	char *fields[MAX_FIELDS];
	size_t n;

	if (strncmp(s, "pkg: ", 5) == 0) {
		gb_buf_clear(&g->pkg);
		g->open = true;
		return gb_buf_puts(&g->pkg, s + 5);
	}
	if (closes_package(s)) {
		g->open = false;
		return 0;
	}
	if (strncmp(s, "Benchmark", 9) == 0) {
		bool trailing_blank = l->len && (s[l->len - 1] == '\t' ||
						 s[l->len - 1] == ' ');

		n = split(s, fields);
		gb_buf_clear(&g->pending);
		/* "BenchmarkX-2 \t" then what the benchmark printed: its
		 * numbers come on a later line. A bare name is a -v heading. */
		if (n == 1 && !trailing_blank)
			return 0;
		if (n == 1 || !isdigit((unsigned char)fields[1][0]))
			return gb_buf_puts(&g->pending, fields[0]);
		return read_result(g, l, fields[0], fields + 1, n - 1);
	}
	if (g->pending.size && (n = split(s, fields)) > 0 &&
	    all_digits(fields[0])) {
		int error = read_result(g, l, g->pending.ptr, fields, n);

		gb_buf_clear(&g->pending);
		return error;
	}
	return 0;
}

static int read_text(goparse *g, const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int error = 0;

	g->open = false;
	gb_buf_clear(&g->pending);
	while (error == 0 && gb_line_next(&l, data, len)) {
		gb_buf_clear(&copy);
		if ((error = gb_buf_put(&copy, l.text, l.len)) == 0 && copy.ptr)
			error = read_line(g, &l, copy.ptr);
	}
	if (error == 0 && g->open)
		error = gb_error_set(GB_EINVALID,
			"%s: %struncated: no PASS, FAIL or ok line after the "
			"benchmarks of " GB_NAME_SHOWN, g->source, g->where,
			g->pkg.ptr);
	gb_buf_dispose(&copy);
	return error;
}

/* Whether the text names more than one package in "pkg:" headers. */
static bool several_packages(const char *data, size_t len, gb_buf *first)
{
	gb_line l = GB_LINE_INIT;

	while (gb_line_next(&l, data, len)) {
		if (!gb_line_starts(&l, "pkg: "))
			continue;
		if (!first->size)
			gb_buf_put(first, l.text + 5, l.len - 5);
		else if (l.len - 5 != first->size ||
			 memcmp(l.text + 5, first->ptr, first->size) != 0)
			return true;
	}
	return false;
}

static void finish(goparse *g)
{
	size_t i;

	for (i = 0; i < g->run->nresults; i++)
		gb_adapter_finish_result(&g->run->results[i]);
	gb_name_index_dispose(&g->index);
	gb_buf_dispose(&g->pkg);
	gb_buf_dispose(&g->pending);
}

static int go_read_text(gb_run *run, const char *data, size_t len,
	const char *source)
{
	goparse g = { run, GB_NAME_INDEX_INIT, source, "", false,
		GB_BUF_INIT, false, GB_BUF_INIT };
	gb_buf first = GB_BUF_INIT;
	int error;

	g.qualify = several_packages(data, len, &first);
	gb_buf_dispose(&first);
	error = read_text(&g, data, len);
	finish(&g);
	return error;
}

/* The -json stream: the output text of each package, in order. */
typedef struct {
	char *name;
	gb_buf text;
} package;

typedef struct {
	package *items;
	size_t n;
} packages;

static gb_buf *package_text(packages *ps, const char *name)
{
	package *p;
	size_t i;

	for (i = ps->n; i > 0; i--)
		if (strcmp(ps->items[i - 1].name, name) == 0)
			return &ps->items[i - 1].text;
	if (!(p = gb_realloc(ps->items, (ps->n + 1) * sizeof(*p))))
		return NULL;
	ps->items = p;
	p = &ps->items[ps->n];
	memset(p, 0, sizeof(*p));
	if (!(p->name = gb_strdup(name)))
		return NULL;
	ps->n++;
	return &p->text;
}

static void packages_dispose(packages *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++) {
		free(ps->items[i].name);
		gb_buf_dispose(&ps->items[i].text);
	}
	free(ps->items);
}

static int read_event(packages *ps, const gb_line *l, const char *source)
{
	const char *action, *output, *pkg;
	cJSON *event;
	gb_buf *text;
	int error = 0;

	if (!(event = cJSON_ParseWithLength(l->text, l->len)))
		return gb_error_set(GB_EINVALID, "%s: line %zu: not valid JSON%s",
			source, l->number, l->terminated ? "" :
			" (truncated: the file ends inside it)");
	action = gb_json_string(event, "Action");
	output = gb_json_string(event, "Output");
	pkg = gb_json_string(event, "Package");
	if (!action)
		error = gb_error_set(GB_EINVALID,
			"%s: line %zu: not a go test event (no Action)", source,
			l->number);
	else if (strcmp(action, "output") == 0 && output) {
		if (!(text = package_text(ps, pkg ? pkg : "")))
			error = GB_ERROR;
		else
			error = gb_buf_puts(text, output);
	}
	cJSON_Delete(event);
	return error;
}

static int go_read_json(gb_run *run, const char *data, size_t len,
	const char *source)
{
	goparse g = { run, GB_NAME_INDEX_INIT, source, "", false,
		GB_BUF_INIT, false, GB_BUF_INIT };
	packages ps = { NULL, 0 };
	gb_buf where = GB_BUF_INIT, first = GB_BUF_INIT;
	gb_line l = GB_LINE_INIT;
	size_t i;
	int error = 0;

	while (error == 0 && gb_line_next(&l, data, len))
		if (l.len && l.text[0] == '{')
			error = read_event(&ps, &l, source);
	for (i = 0; i < ps.n && !g.qualify; i++)
		g.qualify = several_packages(ps.items[i].text.ptr,
			ps.items[i].text.size, &first);
	for (i = 0; i < ps.n && error == 0; i++) {
		gb_buf_clear(&where);
		gb_buf_printf(&where, "output of " GB_NAME_SHOWN ", ",
			ps.items[i].name);
		g.where = where.ptr;
		error = read_text(&g, ps.items[i].text.ptr ? ps.items[i].text.ptr
							   : "",
			ps.items[i].text.size);
	}
	finish(&g);
	packages_dispose(&ps);
	gb_buf_dispose(&where);
	gb_buf_dispose(&first);
	return error;
}

static int go_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (gb_json_starts_with(data, len, '{'))
		return go_read_json(run, data, len, source);
	return go_read_text(run, data, len, source);
}

/* A "BenchmarkX-2  1000  12.5 ns/op" line anywhere in the text. */
static bool has_result_line(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	bool found = false;

	while (!found && gb_line_next(&l, data, len)) {
		char *fields[MAX_FIELDS];
		const char *end;
		double v;

		if (!gb_line_starts(&l, "Benchmark"))
			continue;
		gb_buf_clear(&copy);
		if (gb_buf_put(&copy, l.text, l.len) < 0)
			break;
		found = split(copy.ptr, fields) >= 4 && all_digits(fields[1]) &&
			gb_adapter_parse_number(&v, fields[2], &end, false) == 0 &&
			!*end;
	}
	gb_buf_dispose(&copy);
	return found;
}

static int go_detect(const char *data, size_t len)
{
	static const char *const required[] = { "Action", NULL };
	static const char *const typical[] = { "Time", "Package", "Test",
		"Output", NULL };

	if (gb_json_starts_with(data, len, '{'))
		return gb_json_key_score(data, len, required, typical);
	return has_result_line(data, len) ? 90 : 0;
}

const gb_adapter gb_adapter_go = {
	"go",
	"go test -bench output, as text or -json events",
	NULL,
	NULL,
	go_detect,
	go_read,
};
