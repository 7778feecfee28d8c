/*
 * Catch2's XML reporter (-r xml): every <BenchmarkResults name samples
 * iterations ...> holds <mean value=...> and <standardDeviation value=...>
 * in nanoseconds. `iterations` is per sample, so the run's total is
 * samples x iterations. A benchmark that failed has a <failed> element
 * instead of results and is left out. Read with expat, which does not
 * expand external entities. The console reporter's text is read by
 * catch2_console.c.
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
	double samples, iterations, mean, stddev;
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
	c->mean = c->stddev = NAN;
	if ((error = number(&c->samples, c, atts, "BenchmarkResults", "samples",
		     false)) < 0)
		return error;
	return number(&c->iterations, c, atts, "BenchmarkResults",
		"iterations", false);
}

static int end_bench(catch2 *c)
{
	gb_result *r;
	int error;

	c->in_bench = false;
	if (c->failed)
		return 0;
	if (isnan(c->mean))
		return gb_error_set(GB_EINVALID, "%s: line %lu: benchmark '"
			GB_NAME_SHOWN "' has no <mean>", c->source,
			XML_GetCurrentLineNumber(c->parser), c->name.ptr);
	if ((error = gb_run_add_result(&r, c->run, c->name.ptr, "ns",
		     GB_LOWER_IS_BETTER)) < 0)
		return error;
	r->mean = c->mean;
	r->stddev = c->stddev;
	r->count = gb_adapter_count(c->samples);
	if (r->count && !isnan(c->iterations))
		r->iterations = gb_adapter_count(c->samples * c->iterations);
	return 0;
}

static int on_start(catch2 *c, const XML_Char *el, const XML_Char **atts)
{
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
	if (!c->in_bench)
		return 0;
	if (strcmp(el, "mean") == 0)
		return number(&c->mean, c, atts, el, "value", true);
	if (strcmp(el, "standardDeviation") == 0)
		return number(&c->stddev, c, atts, el, "value", true);
	if (strcmp(el, "failed") == 0)
		c->failed = true;
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

	if (strcmp(el, "BenchmarkResults") == 0 &&
	    (c->error = end_bench(c)) < 0)
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

static int catch2_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	catch2 c;
	int error = 0;

	memset(&c, 0, sizeof(c));
	c.run = run;
	c.source = source;
	if (len > (size_t)INT_MAX)
		return gb_error_set(GB_EINVALID, "%s: too large", source);
	if (!(c.parser = XML_ParserCreate("UTF-8")))
		return gb_error_oom();
	XML_SetUserData(c.parser, &c);
	XML_SetElementHandler(c.parser, start_element, end_element);
	if (XML_Parse(c.parser, data, (int)len, XML_TRUE) == XML_STATUS_ERROR)
		error = c.error < 0 ? c.error : xml_error(&c);
	XML_ParserFree(c.parser);
	gb_buf_dispose(&c.name);
	return error;
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
