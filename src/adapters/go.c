/*
 * go test -bench: the text output, or the -json event stream whose
 * "output" events carry the same text (cut anywhere, even inside a line).
 *
 *   BenchmarkSort/size=1000-2   47401   25994 ns/op   307.76 MB/s   8272 B/op   4 allocs/op
 *
 * go prints a benchmark's name, padded and then a tab, before it runs it,
 * and its figures when it is done: the iteration count, then a tab before
 * each "<value> <unit>". What the benchmark prints itself comes between,
 * on lines of its own or on the name's line, and what it printed without
 * a newline even before the next name. So a name is where "Benchmark..."
 * is followed by blanks and a tab, and its figures are what ends a line
 * from there on; a line that only starts with the name and blanks (go's
 * tabs turned into spaces) is read as a result too.
 *
 * "-N" is GOMAXPROCS, printed when it is not 1. It is taken off the names
 * when every name of the input ends in the same one (one setting for the
 * whole run, so names match across machines), and kept otherwise: with
 * -cpu 1,2,4 they are three benchmarks, and with -cpu 1 a "BenchmarkSub/n-10"
 * has no suffix to take off. ns/op is the benchmark's time; every other
 * unit is a metric "<name> [<unit>]": B/op in "B", allocs/op in "allocs",
 * MB/s in "B/s" (higher is better), custom units as written. With -count N
 * each line is a sample. Output that covers several packages qualifies
 * names with the package, "example.com/pkg.BenchmarkX". A result line must
 * end with a newline, and output with a "pkg:" header must close it with
 * PASS, FAIL or ok: that is how a file cut short is told from a whole one.
 *
 * A benchmark that failed, was skipped or panicked has no figures: it is
 * left out, and named in a warning.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gitbench/codec.h"
#include "json.h"
#include "util.h"

/* Metrics of one line: go has no limit, this bounds a line of junk. */
#define MAX_VALUES 64
#define MAX_FIELDS (1 + 2 * MAX_VALUES)

/* How the wait for a benchmark's figures ends without them. */
enum settle_how {
	NEXT_NAME,      /* another benchmark's name */
	CLOSED_PASS,    /* PASS or ok */
	CLOSED_FAIL,    /* FAIL: the test binary ended */
	ENDED,          /* the input ended */
};

typedef struct {
	gb_run *run;
	gb_name_index index;
	const char *source;
	const char *where;      /* "" for a text file, "output of <pkg>, " */
	bool qualify;
	gb_buf pkg;             /* of the last "pkg:" header */
	bool open;              /* that header's PASS/FAIL/ok is still to come */
	int deferred;           /* a verdict met while a name was pending */
	gb_buf suffix;          /* the "-N" every name ends in */
	bool mixed;             /* names end in different ones, or none */
	gb_buf pending;         /* a name whose figures are still to come */
	size_t pending_line;
	bool count_only;        /* its line had an iteration count, no more */
	gb_buf heading;         /* the last name go -v printed alone */
	gb_buf panic;           /* "panic: ..." whose run may have ended */
	gb_buf panic_name;      /* the benchmark it came from */
	gb_buf failed;          /* left out: names, each ending in a NUL */
	size_t nfailed;
	bool any_fail, any_skip, fail_seen;
	gb_buf stopped;         /* why the run ended early, if it did */
	gb_buf nonfinite;       /* the first value left out as not finite */
	size_t nnonfinite;
	gb_buf toolong;         /* the first name too long to record */
	size_t ntoolong;
} goparse;

static int line_error(goparse *g, size_t line, const char *name,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int line_error(goparse *g, size_t line, const char *name,
	const char *fmt, ...)
{
	gb_buf msg = GB_BUF_INIT;
	va_list ap;
	int error;

	gb_buf_printf(&msg, "%s: %sline %zu: benchmark '" GB_NAME_SHOWN "': ",
		g->source, g->where, line, name);
	va_start(ap, fmt);
	gb_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	error = gb_error_set(GB_EINVALID, "%s", msg.ptr ? msg.ptr : "");
	gb_buf_dispose(&msg);
	return error;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split a NUL-terminated copy of a line into blank-separated fields; the
 * count goes past MAX_FIELDS when there are more than it keeps.
 */
static size_t split(char *s, char **fields)
{
	size_t n = 0;

	while (*s) {
		while (blank(*s))
			*s++ = '\0';
		if (!*s)
			break;
		if (n < MAX_FIELDS)
			fields[n] = s;
		if (++n > MAX_FIELDS)
			break;
		while (*s && !blank(*s))
			s++;
	}
	return n;
}

/*
 * Go's rule for a benchmark function: "Benchmark", then nothing or a
 * character that is not a lowercase letter. "Benchmarking ..." is what a
 * benchmark printed.
 */
static bool go_name(const char *s)
{
	return strncmp(s, "Benchmark", 9) == 0 && !(s[9] >= 'a' && s[9] <= 'z');
}

/* An iteration count and something after it: where figures start. */
static bool starts_figures(const char *s)
{
	s = gb_adapter_skip_blanks(s);
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return blank(*s) && *gb_adapter_skip_blanks(s);
}

/* A benchmark's name on a line, NUL-terminated in place. */
typedef struct {
	const char *name;
	char *rest;             /* after it and the blanks that follow */
	bool tab;               /* go's own "<name> \t" */
	bool heading;           /* the name alone, as go -v prints it */
} found;

/*
 * Where `s` names a benchmark as go prints it: "<name><spaces>\t", at the
 * start or after what the benchmark printed without a newline. A name go
 * could not have given (a hand-made file's) is taken only at the start of
 * a line that goes on with figures.
 */
static bool find_name(char *s, found *f)
{
	char *p, *end, *r;

	for (p = s; (p = strstr(p, "Benchmark")); p++) {
		end = p + strcspn(p, " \t");
		r = end + strspn(end, " ");
		f->tab = *r == '\t';
		f->heading = p == s && !*end && go_name(p);
		if (f->heading) {
			f->rest = end;
		} else if (f->tab && (go_name(p) ||
				      (p == s && starts_figures(r + 1)))) {
			f->rest = r + 1;
		} else if (p == s && !f->tab && starts_figures(r)) {
			f->rest = r;
		} else {
			continue;
		}
		*end = '\0';
		f->name = p;
		return true;
	}
	return false;
}

/* The "-N" GOMAXPROCS suffix a name ends in, or NULL. */
static const char *procs_suffix(const char *name)
{
	size_t n = strlen(name), k = n;

	while (k > 0 && isdigit((unsigned char)name[k - 1]))
		k--;
	return k > 1 && k < n && name[k - 1] == '-' ? name + k - 1 : NULL;
}

/* Whether every name go printed in `data` ends in one "-N" (g->suffix). */
static int scan_suffix(goparse *g, const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	const char *suffix;
	found f;
	int error = 0;

	while (!g->mixed && gb_line_next(&l, data, len)) {
		if ((error = gb_line_dup(&copy, &l)) < 0)
			break;
		if (!find_name(copy.ptr, &f) || f.heading)
			continue;
		if (!(suffix = procs_suffix(f.name)))
			g->mixed = true;
		else if (!g->suffix.size)
			error = gb_buf_puts(&g->suffix, suffix);
		else
			g->mixed = strcmp(suffix, g->suffix.ptr) != 0;
		if (error < 0)
			break;
	}
	gb_buf_dispose(&copy);
	return error;
}

/* The name as stored: without the run's "-N", qualified when asked. */
static int bench_name(gb_buf *out, goparse *g, const char *name, size_t n)
{
	size_t k = g->suffix.size;

	if (!g->mixed && k && n > k && memcmp(name + n - k, g->suffix.ptr, k) == 0)
		n -= k;
	if (g->qualify && g->pkg.size)
		gb_buf_printf(out, "%s.", g->pkg.ptr);
	return gb_buf_put(out, name, n);
}

static bool listed(const gb_buf *names, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = names->ptr; p && p < names->ptr + names->size;
	     p += strlen(p) + 1)
		if (strcmp(p, name) == 0 ||
		    (strncmp(p, name, n) == 0 && p[n] == '/'))
			return true;
	return false;
}

/*
 * A benchmark go said failed or was skipped, left out; `first` when it is
 * the one that ended the run. A parent of one listed failed because of it.
 */
static int add_failed(goparse *g, const char *raw, size_t len, bool skip,
	bool first)
{
	gb_buf name = GB_BUF_INIT, all = GB_BUF_INIT;
	int error;

	if ((error = bench_name(&name, g, raw, len)) < 0 || listed(&g->failed,
								 name.ptr))
		goto cleanup;
	if (first) {
		if ((error = gb_buf_put(&all, name.ptr, name.size + 1)) < 0 ||
		    (error = gb_buf_put(&all, g->failed.ptr, g->failed.size)) < 0)
			goto cleanup;
		gb_buf_dispose(&g->failed);
		g->failed = all;
		all = (gb_buf)GB_BUF_INIT;
	} else if ((error = gb_buf_put(&g->failed, name.ptr, name.size + 1)) < 0) {
		goto cleanup;
	}
	g->nfailed++;
	if (skip)
		g->any_skip = true;
	else
		g->any_fail = true;
cleanup:
	gb_buf_dispose(&name);
	gb_buf_dispose(&all);
	return error;
}

/* "--- FAIL: <name>" or "--- SKIP: <name>" in `s`, for a benchmark. */
static int read_verdict(goparse *g, const char *s, bool *found_one)
{
	const char *fail = strstr(s, "--- FAIL: "), *skip = strstr(s, "--- SKIP: ");
	const char *name = fail ? fail + 10 : skip ? skip + 10 : NULL;

	*found_one = name != NULL;
	if (!name)
		return 0;
	g->fail_seen = g->fail_seen || fail;
	if (!go_name(name))
		return 0;
	gb_buf_clear(&g->pending);
	return add_failed(g, name, strcspn(name, " \t"), !fail, false);
}

/*
 * A panic ends the test binary: its benchmark, if the package then ends,
 * is left out and the run stopped there. A "panic:" printed by a
 * benchmark that went on is forgotten at the next figures.
 */
static int note_panic(goparse *g, const char *s)
{
	const char *name = g->pending.size ? g->pending.ptr : g->heading.ptr;

	gb_buf_clear(&g->panic);
	gb_buf_clear(&g->panic_name);
	if (gb_buf_printf(&g->panic, "%.100s", s) < 0 ||
	    (name && gb_buf_puts(&g->panic_name, name) < 0))
		return GB_ERROR;
	return 0;
}

static int stop(goparse *g, const char *why)
{
	if (g->stopped.size)
		return 0;
	return gb_buf_puts(&g->stopped, why);
}

static int commit_panic(goparse *g)
{
	int error = 0;

	if (!g->panic.size)
		return 0;
	if (g->panic_name.size)
		error = add_failed(g, g->panic_name.ptr, g->panic_name.size,
			false, true);
	if (error == 0 && g->panic_name.size &&
	    strcmp(g->panic_name.ptr, g->pending.ptr ? g->pending.ptr : "") == 0)
		gb_buf_clear(&g->pending);
	if (error == 0)
		error = gb_buf_printf(&g->stopped, "%s%s", g->stopped.size ? "; " :
			"", g->panic.ptr);
	gb_buf_clear(&g->panic);
	gb_buf_clear(&g->panic_name);
	return error;
}

/* An error at `line` about the pending benchmark, named as stored. */
static int pending_error(goparse *g, size_t line, const char *what)
{
	gb_buf name = GB_BUF_INIT;
	int error = GB_ERROR;

	if (bench_name(&name, g, g->pending.ptr, g->pending.size) == 0)
		error = line_error(g, line, name.ptr, "%s", what);
	gb_buf_dispose(&name);
	return error;
}

/* The wait for the pending name's figures ends: say why there are none. */
static int settle(goparse *g, enum settle_how how)
{
	int error = 0;

	if (how == CLOSED_FAIL || how == ENDED)
		error = commit_panic(g);
	else if (how == CLOSED_PASS)
		gb_buf_clear(&g->panic);
	if (error < 0 || !g->pending.size)
		return error;
	if (g->count_only)
		/* ns/op of 0 (b.ReportMetric, or no time at all) goes unprinted. */
		error = pending_error(g, g->pending_line, "an iteration count "
			"and no measurements (go prints no ns/op when it is 0)");
	else if (how == CLOSED_FAIL)
		error = add_failed(g, g->pending.ptr, g->pending.size, false,
			true) < 0 ? GB_ERROR : stop(g, "the test binary "
			"ended during it");
	else
		error = pending_error(g, g->pending_line, how == ENDED ?
			"no measurements after its name (the output is cut "
			"short?)" : "no measurements after its name");
	gb_buf_clear(&g->pending);
	return error;
}

/* A value go printed that is no number: "+Inf", "-Inf", "NaN". */
static bool go_nonfinite(const char *s)
{
	return strcmp(s, "+Inf") == 0 || strcmp(s, "-Inf") == 0 ||
	       strcmp(s, "NaN") == 0;
}

static int note_left_out(goparse *g, gb_buf *first, size_t *count,
	const gb_line *l, const char *name, const char *what)
{
	if ((*count)++)
		return 0;
	return gb_buf_printf(first, "%sline %zu: benchmark '" GB_NAME_SHOWN
		"': %s", g->where, l->number, name, what);
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

/*
 * The iteration count, go's "%8d". Glued to what the benchmark printed
 * without a newline it is the digits at the end, when it fills those 8
 * places; a shorter one go pads with spaces, so letters stuck to it are
 * damage.
 */
static int iterations(double *out, const char *s)
{
	const char *d = s + strlen(s);

	while (d > s && isdigit((unsigned char)d[-1]))
		d--;
	if (!*d || (d > s && strlen(d) < 8))
		return GB_EINVALID;
	return gb_adapter_parse_number(out, d, NULL, false);
}

/* Values and units after the iteration count. */
static int read_values(goparse *g, const gb_line *l, const char *name,
	char **fields, size_t n, uint64_t iters)
{
	const char *end;
	double v;
	size_t i;
	int error = 0;

	for (i = 1; error == 0 && i + 1 < n; i += 2) {
		if (go_nonfinite(fields[i])) {
			gb_buf what = GB_BUF_INIT;

			gb_buf_printf(&what, "'%s %.40s'", fields[i], fields[i + 1]);
			error = note_left_out(g, &g->nonfinite, &g->nnonfinite,
				l, name, what.ptr ? what.ptr : "");
			gb_buf_dispose(&what);
			continue;
		}
		if (gb_adapter_parse_number(&v, fields[i], &end, false) < 0 ||
		    *end)
			return line_error(g, l->number, name,
				"'%.40s' is not a number", fields[i]);
		error = add_value(g, name, fields[i + 1], v, iters);
	}
	return error;
}

/*
 * A name longer than a record holds: recording refuses it, this says
 * which line it is on.
 */
static int check_length(goparse *g, const gb_line *l, const char *name,
	size_t len)
{
	gb_buf what = GB_BUF_INIT;
	int error;

	if (len <= GB_RECORD_MAX_NAME || g->ntoolong)
		return 0;
	if ((error = gb_buf_printf(&what, "its name of %zu bytes is over the %d "
		     "a record holds", len, GB_RECORD_MAX_NAME)) == 0)
		error = note_left_out(g, &g->toolong, &g->ntoolong, l, name,
			what.ptr);
	gb_buf_dispose(&what);
	return error;
}

/* The figures of benchmark `raw_name` at `s`: iterations, then pairs. */
static int read_result(goparse *g, const gb_line *l, const char *raw_name,
	char *s)
{
	char *fields[MAX_FIELDS];
	gb_buf name = GB_BUF_INIT;
	size_t n = split(s, fields);
	double iters;
	int error;

	if ((error = bench_name(&name, g, raw_name, strlen(raw_name))) < 0)
		goto cleanup;
	/* go ends every line; one cut short can look whole ("4 allocs"). */
	if (!l->terminated)
		error = line_error(g, l->number, name.ptr,
			"truncated: the file ends inside this line");
	else if (n > MAX_FIELDS)
		error = line_error(g, l->number, name.ptr, "too many values "
			"(more than %d on one line)", MAX_VALUES);
	else if (iterations(&iters, fields[0]) < 0)
		error = line_error(g, l->number, name.ptr,
			"'%.40s' is not an iteration count", fields[0]);
	else if (n < 3 || n % 2 == 0)
		error = line_error(g, l->number, name.ptr, "%s", n < 3 ?
			"no measurements (the line is cut short?)" :
			"a value without a unit (the line is cut short?)");
	else if ((error = read_values(g, l, name.ptr, fields, n,
			  gb_adapter_count(iters))) == 0)
		error = check_length(g, l, name.ptr, name.size);
	/* Measured after it: the "panic:" was printed, the heading is done. */
	gb_buf_clear(&g->panic);
	gb_buf_clear(&g->heading);
cleanup:
	gb_buf_dispose(&name);
	return error;
}

/*
 * Where go's figures start in `s`, which they end: the iteration count,
 * then tab-separated "<value> <unit>" pairs (the last may have lost its
 * unit, to be refused). What the benchmark printed may come before the
 * count; a line it printed that happens to end so is taken for figures.
 */
static char *figures_at_end(char *s)
{
	char *end = s + strlen(s), *tab, *word;
	size_t pairs = 0, words;

	while ((tab = memrchr(s, '\t', (size_t)(end - s)))) {
		const char *p = tab + 1;
		char first = '\0';

		for (words = 0; p < end && words < 3; words++) {
			p += strspn(p, " ");
			if (p >= end)
				break;
			if (!words)
				first = *p;
			p += strcspn(p, " \t");
		}
		if (words == 0 || words > 2 || (words == 1 && (pairs ||
			     !first || !strchr("0123456789+-.", first))))
			break;
		pairs++;
		end = tab;
	}
	while (end > s && blank(end[-1]))
		end--;
	for (word = end; word > s && !blank(word[-1]); word--)
		;
	if (!pairs || word == end || !isdigit((unsigned char)end[-1]))
		return NULL;
	return word;
}

/* Nothing but digits: an iteration count with no figures after it. */
static bool count_alone(const char *s)
{
	s = gb_adapter_skip_blanks(s);
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return !*gb_adapter_skip_blanks(s);
}

/*
 * Text after the pending name, on its line (`own`) or a later one: a
 * verdict, a panic, the figures, or what the benchmark printed.
 */
static int after_name(goparse *g, const gb_line *l, char *s, bool own)
{
	char *figures;
	bool verdict;
	int error;

	if ((error = read_verdict(g, s, &verdict)) < 0 || verdict)
		return error;
	if (strncmp(gb_adapter_skip_blanks(s), "panic: ", 7) == 0)
		return note_panic(g, gb_adapter_skip_blanks(s));
	if ((figures = figures_at_end(s))) {
		error = read_result(g, l, g->pending.ptr, figures);
		gb_buf_clear(&g->pending);
		return error;
	}
	/* Printed lines after it: the count was the benchmark's too. */
	g->count_only = own && count_alone(s);
	return 0;
}

/* A line that names a benchmark: a heading, a result, or a pending name. */
static int name_line(goparse *g, const gb_line *l, found *f)
{
	int error;

	if (f->heading) {
		gb_buf_clear(&g->heading);
		return gb_buf_puts(&g->heading, f->name);
	}
	if ((error = settle(g, NEXT_NAME)) < 0)
		return error;
	/* Go's tabs turned to blanks: the figures follow the name. A line
	 * the input ends inside is refused as cut. */
	if (!f->tab || (!l->terminated && *f->rest))
		return read_result(g, l, f->name, f->rest);
	if ((error = gb_buf_puts(&g->pending, f->name)) < 0)
		return error;
	g->pending_line = l->number;
	g->count_only = false;
	return after_name(g, l, f->rest, true);
}

/*
 * go's verdict on a package: "PASS", "FAIL", "ok  \t<pkg>\t<time>" or
 * "FAIL\t<pkg>\t<time>"; 1 for a pass, 2 for a failure, 0 for any other
 * line ("ok 1 - cache warmed", "FAILOVER: ..." that a benchmark printed).
 */
static int package_verdict(const char *s)
{
	if (!strcmp(s, "PASS") || !strncmp(s, "ok\t", 3) ||
	    (!strncmp(s, "ok ", 3) && s[strspn(s + 2, " ") + 2] == '\t'))
		return 1;
	if (!strcmp(s, "FAIL") || !strncmp(s, "FAIL\t", 5))
		return 2;
	return 0;
}

/* A verdict met while a name waited for its figures, taken now. */
static int close_package(goparse *g, int verdict)
{
	g->open = false;
	g->fail_seen = g->fail_seen || verdict == 2;
	return settle(g, verdict == 2 ? CLOSED_FAIL : CLOSED_PASS);
}

static int take_deferred(goparse *g)
{
	int verdict = g->deferred;

	g->deferred = 0;
	return verdict && g->pending.size ? close_package(g, verdict) : 0;
}

static int read_line(goparse *g, const gb_line *l, char *s)
{
	int verdict;
	bool said;
	found f;
	int error;

	if (strncmp(s, "pkg: ", 5) == 0) {
		if ((error = take_deferred(g)) < 0 ||
		    (error = settle(g, ENDED)) < 0)
			return error;
		gb_buf_clear(&g->pkg);
		g->open = true;
		return gb_buf_puts(&g->pkg, s + 5);
	}
	if ((verdict = package_verdict(s))) {
		/* A benchmark may print "PASS" itself before its figures:
		 * whose it is, the next lines say. */
		if (g->pending.size) {
			g->deferred = verdict;
			return 0;
		}
		return close_package(g, verdict);
	}
	if (find_name(s, &f)) {
		if ((error = take_deferred(g)) < 0)
			return error;
		return name_line(g, l, &f);
	}
	if (g->pending.size) {
		if (!l->terminated)
			return pending_error(g, l->number,
				"truncated: the file ends inside this line");
		error = after_name(g, l, s, false);
		/* Its figures came: the verdict was the benchmark's output. */
		if (!g->pending.size)
			g->deferred = 0;
		return error;
	}
	if ((error = read_verdict(g, s, &said)) < 0 || said)
		return error;
	if (strncmp(s, "panic: ", 7) == 0)
		return note_panic(g, s);
	return 0;
}

static int read_text(goparse *g, const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	int error = 0;

	g->open = false;
	gb_buf_clear(&g->pending);
	gb_buf_clear(&g->heading);
	g->deferred = 0;
	while (error == 0 && gb_line_next(&l, data, len))
		if ((error = gb_line_dup(&copy, &l)) == 0)
			error = read_line(g, &l, copy.ptr);
	if (error == 0 && (error = take_deferred(g)) == 0)
		error = settle(g, ENDED);
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

/* The benchmarks go said failed, skipped or ended the run: one warning. */
static void warn_failed(goparse *g)
{
	gb_buf message = GB_BUF_INIT;
	const char *p, *end, *did;
	bool more = false;

	if (!g->nfailed) {
		if (g->stopped.size)
			gb_adapter_warn("%s: the run stopped early (%s): the "
				"benchmarks after the last one read did not run",
				g->source, g->stopped.ptr);
		else if (g->fail_seen)
			gb_adapter_warn("%s: go test says FAIL, though no "
				"benchmark failed: its results are kept", g->source);
		return;
	}
	if (g->stopped.size)
		gb_buf_printf(&message, "%s: the run stopped there, the "
			"benchmarks after it did not run", g->stopped.ptr);
	end = g->failed.ptr + g->failed.size;
	for (p = g->failed.ptr + strlen(g->failed.ptr) + 1; p < end;
	     p += strlen(p) + 1, more = true)
		gb_buf_printf(&message, "%s'" GB_NAME_SHOWN "'", more ? ", " :
			message.size ? "; also " : "also ", p);
	did = g->any_fail && g->any_skip ? "failed or were skipped" :
	      g->any_fail ? "failed" : g->nfailed == 1 ? "was skipped" :
	      "were skipped";
	gb_adapter_warn_left_out(g->source, g->nfailed, "benchmark", did,
		g->failed.ptr, message.size ? message.ptr : NULL);
	gb_buf_dispose(&message);
}

/*
 * A benchmark go said failed in one of its -count runs has figures from
 * the others: they are left out as the warning says, not kept.
 */
static void drop_failed(goparse *g)
{
	const char *p, *end = g->failed.ptr + g->failed.size;
	size_t i;

	for (i = g->run->nresults; i-- > 0;)
		for (p = g->failed.ptr; p && p < end; p += strlen(p) + 1)
			if (!strcmp(p, g->run->results[i].name)) {
				gb_run_remove_result(g->run, i);
				break;
			}
}

static void warn_all(goparse *g)
{
	drop_failed(g);
	warn_failed(g);
	if (g->nnonfinite)
		gb_adapter_warn("%s: %s is not a finite number and is left out%s",
			g->source, g->nonfinite.ptr, g->nnonfinite > 1 ?
			" (and the others like it)" : "");
	/* Left to recording to refuse; a file is read whatever its names. */
	if (g->ntoolong)
		gb_adapter_warn("%s: %s (docs/storage.md): it cannot be recorded",
			g->source, g->toolong.ptr);
}

static void finish(goparse *g)
{
	size_t i;

	for (i = 0; i < g->run->nresults; i++)
		gb_adapter_finish_result(&g->run->results[i]);
	gb_name_index_dispose(&g->index);
	gb_buf_dispose(&g->pkg);
	gb_buf_dispose(&g->suffix);
	gb_buf_dispose(&g->pending);
	gb_buf_dispose(&g->heading);
	gb_buf_dispose(&g->panic);
	gb_buf_dispose(&g->panic_name);
	gb_buf_dispose(&g->failed);
	gb_buf_dispose(&g->stopped);
	gb_buf_dispose(&g->nonfinite);
	gb_buf_dispose(&g->toolong);
}

static void init(goparse *g, gb_run *run, const char *source)
{
	memset(g, 0, sizeof(*g));
	g->run = run;
	g->index = (gb_name_index)GB_NAME_INDEX_INIT;
	g->source = source;
	g->where = "";
}

static int go_read_text(gb_run *run, const char *data, size_t len,
	const char *source)
{
	goparse g;
	gb_buf first = GB_BUF_INIT;
	int error;

	init(&g, run, source);
	g.qualify = several_packages(data, len, &first);
	gb_buf_dispose(&first);
	if ((error = scan_suffix(&g, data, len)) == 0 &&
	    (error = read_text(&g, data, len)) == 0)
		warn_all(&g);
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

	if ((error = gb_json_parse_line(&event, l, source)) < 0)
		return error;
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

/* Each package's text, read as go printed it. */
static int read_packages(goparse *g, packages *ps)
{
	gb_buf where = GB_BUF_INIT, first = GB_BUF_INIT;
	size_t i;
	int error = 0;

	for (i = 0; i < ps->n && !g->qualify; i++)
		g->qualify = several_packages(ps->items[i].text.ptr,
			ps->items[i].text.size, &first);
	for (i = 0; i < ps->n && error == 0; i++)
		error = scan_suffix(g, ps->items[i].text.ptr ?
			ps->items[i].text.ptr : "", ps->items[i].text.size);
	for (i = 0; i < ps->n && error == 0; i++) {
		gb_buf_clear(&where);
		gb_buf_printf(&where, "output of " GB_NAME_SHOWN ", ",
			ps->items[i].name);
		g->where = where.ptr;
		error = read_text(g, ps->items[i].text.ptr ? ps->items[i].text.ptr
							   : "",
			ps->items[i].text.size);
	}
	if (error == 0)
		warn_all(g);
	g->where = "";
	gb_buf_dispose(&where);
	gb_buf_dispose(&first);
	return error;
}

static int go_read_json(gb_run *run, const char *data, size_t len,
	const char *source)
{
	goparse g;
	packages ps = { NULL, 0 };
	gb_line l = GB_LINE_INIT;
	int error = 0;

	init(&g, run, source);
	while (error == 0 && gb_line_next(&l, data, len))
		if (l.len && l.text[0] == '{')
			error = read_event(&ps, &l, source);
	if (error == 0)
		error = read_packages(&g, &ps);
	finish(&g);
	packages_dispose(&ps);
	return error;
}

static int go_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (gb_json_starts_with(data, len, '{'))
		return go_read_json(run, data, len, source);
	return go_read_text(run, data, len, source);
}

/*
 * A benchmark's name and then its figures, on its line or (after what
 * the benchmark printed) on a later one.
 */
static bool has_result_line(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	bool found_one = false, pending = false;
	found f;

	while (!found_one && gb_line_next(&l, data, len)) {
		if (gb_line_dup(&copy, &l) < 0)
			break;
		if (find_name(copy.ptr, &f) && !f.heading) {
			pending = f.tab;
			found_one = !f.tab || figures_at_end(f.rest);
		} else if (pending) {
			found_one = figures_at_end(copy.ptr) != NULL;
		}
	}
	gb_buf_dispose(&copy);
	return found_one;
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
