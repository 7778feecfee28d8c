/*
 * Catch2's XML reporter (-r xml): every <BenchmarkResults name samples
 * iterations ...> holds <mean value=...> and <standardDeviation value=...>
 * in nanoseconds. `iterations` is per sample, so the run's total is
 * samples x iterations. With --benchmark-no-analysis Catch2 writes a
 * standard deviation of 0 with a confidence interval of 0 (ci="0"): no
 * spread was estimated, so none is stored, nor from a single sample. A
 * benchmark that failed has a <failed message> element instead of results
 * and is left out with a warning, and so is one with no <mean>: an
 * assertion that failed in it (REQUIRE) ended it, and its test case, before
 * it had results; a test case that failed is named in a
 * warning, its benchmarks kept. A name measured in several test cases or
 * sections is named by where it was (gb_catch2_name_apart). Read with
 * expat, which does not expand external entities. The console reporter's
 * text is read by catch2_console.c.
 */
#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

typedef struct {
	gb_run *run;
	const char *source;
	XML_Parser parser;
	int error;
	bool seen_root;
	bool in_bench;
	bool failed;
	gb_buf name;
	gb_buf assertion;    /* "file:line" of the first that failed in it */
	double samples, iterations, mean, stddev, ci;
	size_t first;        /* the run's first result read here */
	gb_buf where;        /* test case and sections, one per result */
	gb_buf path;         /* "test case/section/..." of the element read */
	size_t *depth;       /* path's length outside each open <Section> */
	size_t ndepth, adepth;
	bool case_failed;
	size_t case_results;
	size_t nfailed, ncases_failed;
	gb_buf failed_name, failed_message, failed_case;
} catch2;

static const char *attr(const XML_Char **atts, const char *key)
{
	for (; atts[0]; atts += 2)
		if (strcmp(atts[0], key) == 0)
			return atts[1];
	return NULL;
}

/* The number in attribute `key`; NAN when absent unless required. */
static int number(double *out, catch2 *c, const XML_Char **atts,
	const char *element, const char *key, bool required)
{
	const char *v = attr(atts, key), *end;

	*out = NAN;
	if (!v && !required)
		return 0;
	if (!v)
		return gb_error_set(GB_EINVALID, "%s: line %lu: benchmark '"
			GB_NAME_SHOWN "': <%s> has no %s", c->source,
			XML_GetCurrentLineNumber(c->parser), c->name.ptr, element,
			key);
	if (gb_adapter_parse_number(out, v, &end, false) < 0 || *end ||
	    !isfinite(*out))
		return gb_error_set(GB_EINVALID, "%s: line %lu: benchmark '"
			GB_NAME_SHOWN "': <%s %s=\"%.40s\"> is not a number",
			c->source, XML_GetCurrentLineNumber(c->parser),
			c->name.ptr, element, key, v);
	return 0;
}

static int start_bench(catch2 *c, const XML_Char **atts)
{
	const char *name = attr(atts, "name");
	int error;

	if (!name)
		return gb_error_set(GB_EINVALID,
			"%s: line %lu: <BenchmarkResults> has no name", c->source,
			XML_GetCurrentLineNumber(c->parser));
	gb_buf_clear(&c->name);
	if ((error = gb_buf_puts(&c->name, name)) < 0)
		return error;
	c->in_bench = true;
	c->failed = false;
	gb_buf_clear(&c->assertion);
	c->mean = c->stddev = c->ci = NAN;
	if ((error = number(&c->samples, c, atts, "BenchmarkResults", "samples",
		     false)) < 0)
		return error;
	return number(&c->iterations, c, atts, "BenchmarkResults",
		"iterations", false);
}

/* The first benchmark that failed is named in the warning. */
static int failed_as(catch2 *c, const char *message)
{
	c->failed = true;
	if (c->nfailed++)
		return 0;
	if (gb_buf_puts(&c->failed_name, c->name.ptr) < 0 ||
	    gb_buf_puts(&c->failed_message, message) < 0)
		return GB_ERROR;
	return 0;
}

static int bench_failed(catch2 *c, const XML_Char **atts)
{
	const char *message = attr(atts, "message");

	return failed_as(c, message ? message : "");
}

/*
 * <Expression success="false">: the first assertion that failed in the
 * benchmark, which names why it has no results if it has none.
 */
static int assertion_failed(catch2 *c, const XML_Char **atts)
{
	const char *success = attr(atts, "success"), *file, *line;

	if (!success || strcmp(success, "false") != 0 || c->assertion.size)
		return 0;
	file = attr(atts, "filename");
	line = attr(atts, "line");
	return gb_buf_printf(&c->assertion, "%.200s:%.20s", file ? file : "?",
		line ? line : "?");
}

/*
 * A benchmark with no <mean> failed: a REQUIRE that failed in it ended it
 * there, unwritten (Catch2 then closes <BenchmarkResults> where its test
 * case ends, and nests the next test cases in it).
 */
static int no_mean(catch2 *c)
{
	gb_buf b = GB_BUF_INIT;
	int error;

	if (!c->assertion.size)
		return failed_as(c, "no <mean>");
	error = gb_buf_printf(&b, "no <mean>: the assertion that failed at %s "
		"ended it", c->assertion.ptr) < 0 ? GB_ERROR :
		failed_as(c, b.ptr);
	gb_buf_dispose(&b);
	return error;
}

static int end_bench(catch2 *c)
{
	gb_result *r;
	int error;

	c->in_bench = false;
	if (c->failed)
		return 0;
	if (isnan(c->mean))
		return no_mean(c);
	if ((error = gb_run_add_result(&r, c->run, c->name.ptr, "ns",
		     GB_LOWER_IS_BETTER)) < 0 ||
	    (error = gb_buf_put(&c->where, c->path.ptr ? c->path.ptr : "",
		     c->path.size + 1)) < 0)
		return error;
	c->case_results++;
	r->mean = c->mean;
	/*
	 * A ci of 0 is no analysis's placeholder, not a measured spread;
	 * one sample has none either.
	 */
	if (c->ci != 0 && !(c->samples <= 1))
		r->stddev = c->stddev;
	r->count = gb_adapter_count(c->samples);
	if (r->count && !isnan(c->iterations))
		r->iterations = gb_adapter_count(c->samples * c->iterations);
	return 0;
}

static void path_cut(gb_buf *b, size_t len)
{
	if (b->ptr) {
		b->size = len;
		b->ptr[len] = '\0';
	}
}

/* <TestCase> or <Section> `name`: the path to the benchmarks in it. */
static int path_enter(catch2 *c, const char *el, const XML_Char **atts)
{
	const char *name = attr(atts, "name");
	bool section = strcmp(el, "Section") == 0;

	if (section && GB_ARRAY_GROW(c->depth, c->ndepth, c->adepth) < 0)
		return GB_ERROR;
	if (section) {
		c->depth[c->ndepth++] = c->path.size;
		return gb_buf_printf(&c->path, "/%s", name ? name : "");
	}
	path_cut(&c->path, 0);
	c->ndepth = 0;
	c->case_failed = false;
	c->case_results = 0;
	return gb_buf_puts(&c->path, name ? name : "");
}

/* A test case that failed after (or before) its benchmarks ran. */
static int case_ended(catch2 *c)
{
	size_t end = c->path.size;

	if (!c->case_failed || !c->case_results)
		return 0;
	if (c->ndepth)
		end = c->depth[0];
	if (c->ncases_failed++)
		return 0;
	return gb_buf_put(&c->failed_case, c->path.ptr, end);
}

/* The deviation, and its confidence interval, which tells no analysis. */
static int spread(catch2 *c, const XML_Char **atts)
{
	int error = number(&c->stddev, c, atts, "standardDeviation", "value",
		true);

	return error < 0 ? error :
		number(&c->ci, c, atts, "standardDeviation", "ci", false);
}

static int on_start(catch2 *c, const XML_Char *el, const XML_Char **atts)
{
	const char *success;

	if (!c->seen_root) {
		c->seen_root = true;
		/* Catch2 v2 writes <Catch>, v3 <Catch2TestRun>. */
		if (strncmp(el, "Catch", 5) != 0)
			return gb_error_set(GB_EINVALID,
				"%s: not Catch2 XML (the root element is <%.40s>)",
				c->source, el);
	}
	if (strcmp(el, "BenchmarkResults") == 0)
		return start_bench(c, atts);
	if (strcmp(el, "TestCase") == 0 || strcmp(el, "Section") == 0)
		return path_enter(c, el, atts);
	if (strcmp(el, "OverallResult") == 0) {
		success = attr(atts, "success");
		c->case_failed = success && strcmp(success, "true") != 0;
		return 0;
	}
	if (!c->in_bench)
		return 0;
	if (strcmp(el, "mean") == 0)
		return number(&c->mean, c, atts, el, "value", true);
	if (strcmp(el, "standardDeviation") == 0)
		return spread(c, atts);
	if (strcmp(el, "failed") == 0)
		return bench_failed(c, atts);
	if (strcmp(el, "Expression") == 0)
		return assertion_failed(c, atts);
	return 0;
}

static int on_end(catch2 *c, const XML_Char *el)
{
	if (strcmp(el, "BenchmarkResults") == 0)
		return end_bench(c);
	if (strcmp(el, "Section") == 0 && c->ndepth)
		path_cut(&c->path, c->depth[--c->ndepth]);
	else if (strcmp(el, "TestCase") == 0)
		return case_ended(c);
	return 0;
}

static void XMLCALL start_element(void *data, const XML_Char *el,
	const XML_Char **atts)
{
	catch2 *c = data;

	if ((c->error = on_start(c, el, atts)) < 0)
		XML_StopParser(c->parser, XML_FALSE);
}

static void XMLCALL end_element(void *data, const XML_Char *el)
{
	catch2 *c = data;

	/* Expat still ends the element whose start stopped it. */
	if (c->error == 0 && (c->error = on_end(c, el)) < 0)
		XML_StopParser(c->parser, XML_FALSE);
}

static int xml_error(catch2 *c)
{
	enum XML_Error code = XML_GetErrorCode(c->parser);
	unsigned long line = XML_GetCurrentLineNumber(c->parser);

	/* Running out of input inside the document: the file was cut. */
	if (code == XML_ERROR_NO_ELEMENTS || code == XML_ERROR_UNCLOSED_TOKEN ||
	    code == XML_ERROR_PARTIAL_CHAR ||
	    code == XML_ERROR_UNCLOSED_CDATA_SECTION)
		return gb_error_set(GB_EINVALID,
			"%s: not valid XML (truncated: it ends at line %lu inside an element)",
			c->source, line);
	return gb_error_set(GB_EINVALID, "%s: not valid XML (line %lu: %s)",
		c->source, line, XML_ErrorString(code));
}

/* What was read whole: names kept apart, failures told. */
static int finish(catch2 *c)
{
	int error = gb_catch2_name_apart(c->run, c->first, &c->where);

	if (error == 0 && c->nfailed)
		gb_adapter_warn_left_out(c->source, c->nfailed, "benchmark",
			"failed", c->failed_name.ptr,
			c->failed_message.size ? c->failed_message.ptr : NULL);
	if (error == 0 && c->ncases_failed)
		gb_catch2_warn_failed_cases(c->source, c->ncases_failed,
			c->failed_case.ptr);
	return error;
}

static void dispose(catch2 *c)
{
	gb_buf_dispose(&c->name);
	gb_buf_dispose(&c->assertion);
	gb_buf_dispose(&c->where);
	gb_buf_dispose(&c->path);
	gb_buf_dispose(&c->failed_name);
	gb_buf_dispose(&c->failed_message);
	gb_buf_dispose(&c->failed_case);
	free(c->depth);
}

static int catch2_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	catch2 c;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.source = source;
	c.first = run->nresults;
	if (len > (size_t)INT_MAX)
		return gb_error_set(GB_EINVALID, "%s: too large", source);
	if (!(c.parser = XML_ParserCreate("UTF-8")))
		return gb_error_oom();
	XML_SetUserData(c.parser, &c);
	XML_SetElementHandler(c.parser, start_element, end_element);
	if (XML_Parse(c.parser, data, (int)len, XML_TRUE) == XML_STATUS_ERROR)
		error = c.error < 0 ? c.error : xml_error(&c);
	else
		error = finish(&c);
	XML_ParserFree(c.parser);
	dispose(&c);
	return error;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(const gb_result *const *)a)->name,
		(*(const gb_result *const *)b)->name);
}

static size_t index_of(const gb_run *run, const gb_result *r)
{
	return (size_t)(r - run->results);
}

static int qualify(gb_result *r, const char *path)
{
	gb_buf b = GB_BUF_INIT;

	if (!*path)
		return 0;
	if (gb_buf_printf(&b, "%s/%s", path, r->name) < 0)
		return GB_ERROR;
	free(r->name);
	r->name = gb_buf_detach(&b);
	return 0;
}

/*
 * Catch2 lets one benchmark name be measured in several test cases or
 * sections. Each benchmark of such a name, the first one too, is named
 * "<test case>/<section>/.../<name>" (the path Catch2's JUnit reporter
 * gives sections), so that it gets the same name in every run that
 * measures them all, whichever ran first. `where` holds the path of each
 * result from `first` on, NUL-terminated one after the other; an empty
 * path leaves the name alone.
 */
int gb_catch2_name_apart(gb_run *run, size_t first, const gb_buf *where)
{
	size_t n = run->nresults - first, i, at;
	gb_result **by_name;
	const char **path;
	bool *twice;
	int error = 0;

	if (n < 2)
		return 0;
	by_name = gb_calloc(n, sizeof(*by_name));
	path = gb_calloc(n, sizeof(*path));
	twice = gb_calloc(n, sizeof(*twice));
	if (!by_name || !path || !twice) {
		error = GB_ERROR;
		goto out;
	}
	for (i = 0, at = 0; i < n; i++) {
		by_name[i] = &run->results[first + i];
		path[i] = at < where->size ? where->ptr + at : "";
		at += strlen(path[i]) + 1;
	}
	qsort(by_name, n, sizeof(*by_name), cmp_name);
	for (i = 1; i < n; i++)
		if (!cmp_name(&by_name[i - 1], &by_name[i]))
			twice[index_of(run, by_name[i - 1]) - first] =
				twice[index_of(run, by_name[i]) - first] = true;
	for (i = 0; i < n && error == 0; i++)
		if (twice[i])
			error = qualify(&run->results[first + i], path[i]);
out:
	free(by_name);
	free(path);
	free(twice);
	return error;
}

/*
 * A failed test case's benchmarks are measurements all the same, but what
 * they measured may not have worked: say so, once.
 */
void gb_catch2_warn_failed_cases(const char *source, size_t n,
	const char *first)
{
	gb_adapter_warn("%s: %zu test case%s with benchmarks failed; %s "
		"benchmarks are kept ('" GB_NAME_SHOWN "'%s)", source, n,
		n == 1 ? "" : "s", n == 1 ? "its" : "their", first,
		n == 1 ? "" : " and others");
}

/* The end of "<!DOCTYPE ...>", internal subset "[...]" included. */
static const char *skip_doctype(const char *p)
{
	size_t n = strcspn(p, "[>");

	if (p[n] == '[') {
		/* An internal subset with no end leaves nothing to skip to. */
		p = strchr(p + n, ']');
		p = p ? strchr(p, '>') : NULL;
	} else {
		p = p[n] ? p + n : NULL;
	}
	return p ? p + 1 : NULL;
}

/*
 * Past the XML declaration, comments, doctype and blanks before the root
 * element. data[len] is a NUL, so the string functions stop at the end.
 */
static const char *skip_prolog(const char *p, const char *end)
{
	if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
				   *p == '\r'))
			p++;
		if (strncmp(p, "<?", 2) == 0)
			p = (p = strstr(p, "?>")) ? p + 2 : NULL;
		else if (strncmp(p, "<!--", 4) == 0)
			p = (p = strstr(p, "-->")) ? p + 3 : NULL;
		else if (strncmp(p, "<!DOCTYPE", 9) == 0)
			p = skip_doctype(p);
		else
			return p;
		if (!p)
			return end;
	}
}

static int catch2_detect(const char *data, size_t len)
{
	const char *root = skip_prolog(data, data + len);
	size_t rest = len - (size_t)(root - data);

	if (rest >= 6 && memcmp(root, "<Catch", 6) == 0)
		return 95;
	return gb_catch2_console_detect(data, len);
}

/* XML starts with "<" (after a byte order mark and blanks). */
static bool is_xml(const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	return gb_json_starts_with(data, len, '<');
}

static int catch2_read_any(gb_run *run, const char *data, size_t len,
	const char *source)
{
	if (is_xml(data, len))
		return catch2_read(run, data, len, source);
	return gb_catch2_console_read(run, data, len, source);
}

const gb_adapter gb_adapter_catch2 = {
	"catch2",
	"Catch2: XML reporter (-r xml) or console output",
	NULL,
	NULL,
	catch2_detect,
	catch2_read_any,
};
