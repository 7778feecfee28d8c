/* JSON output, built with cJSON so that escaping and numbers are its. */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "common.h"
#include "gitbench/escape.h"
#include "gitbench/jsonw.h"
#include "util/jsonw_int.h"

#define MAX_DEPTH 32

struct gb_jsonw {
	cJSON *root;
	cJSON *stack[MAX_DEPTH];
	int depth;
	int failed;
};

int gb_jsonw_new(gb_jsonw **out)
{
	*out = gb_calloc(1, sizeof(gb_jsonw));
	return *out ? 0 : GB_ERROR;
}

void gb_jsonw_free(gb_jsonw *w)
{
	if (!w)
		return;
	cJSON_Delete(w->root);
	free(w);
}

static int add(gb_jsonw *w, const char *key, cJSON *item)
{
	cJSON *parent = w->depth ? w->stack[w->depth - 1] : NULL;
	cJSON_bool ok;

	if (!item)
		return w->failed = gb_error_oom();
	if (!parent) {
		if (w->root) {
			cJSON_Delete(item);
			return w->failed = gb_error_set(GB_EINVALID,
				"a JSON document has one root");
		}
		w->root = item;
		return 0;
	}
	if (cJSON_IsObject(parent)) {
		gb_buf k = GB_BUF_INIT;

		if (!key) {
			cJSON_Delete(item);
			return w->failed = gb_error_set(GB_EINVALID,
				"a JSON object member needs a name");
		}
		gb_escape_utf8(&k, key);
		ok = cJSON_AddItemToObject(parent, k.ptr ? k.ptr : "", item);
		gb_buf_dispose(&k);
	} else {
		ok = cJSON_AddItemToArray(parent, item);
	}
	if (!ok) {
		cJSON_Delete(item);
		return w->failed = gb_error_oom();
	}
	return 0;
}

static int open_container(gb_jsonw *w, const char *key, cJSON *item)
{
	int error;

	if (w->depth == MAX_DEPTH) {
		cJSON_Delete(item);
		return w->failed = gb_error_set(GB_EINVALID, "JSON nested too deep");
	}
	if ((error = add(w, key, item)) < 0)
		return error;
	w->stack[w->depth++] = item;
	return 0;
}

int gb_jsonw_object(gb_jsonw *w, const char *key)
{
	return open_container(w, key, cJSON_CreateObject());
}

int gb_jsonw_array(gb_jsonw *w, const char *key)
{
	return open_container(w, key, cJSON_CreateArray());
}

int gb_jsonw_end(gb_jsonw *w)
{
	if (w->depth == 0)
		return w->failed = gb_error_set(GB_EINVALID, "no JSON container open");
	w->depth--;
	return 0;
}

int gb_jsonw_string(gb_jsonw *w, const char *key, const char *value)
{
	gb_buf v = GB_BUF_INIT;
	int error;

	if (!value)
		return gb_jsonw_null(w, key);
	gb_escape_utf8(&v, value);
	error = add(w, key, cJSON_CreateString(v.ptr ? v.ptr : ""));
	gb_buf_dispose(&v);
	return error;
}

/*
 * The text %.15g gives a value that is a decimal of at most 15 digits and
 * 6 places, m / 10^k, without printf: exports of every result spent most
 * of their time formatting. m / 10^k, both exact, is the correctly rounded
 * double of that decimal, which is what strtod reads it as; when it is the
 * value, rounding the value to 15 digits gives that decimal back (it is
 * within 2^-53 of it), so the text is %.15g's, which writes such values
 * without an exponent from 1e-4 up to 1e15.
 */
static bool short_decimal(char text[32], double value)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6 };
	double a = fabs(value), m;
	uint64_t whole, frac;
	char digits[24];
	int k, n;

	if (!(a >= 1e-4 && a < 1e15))
		return false;
	for (k = 0; k < 7; k++) {
		m = nearbyint(a * p10[k]);
		if (m >= 1e15)
			return false;
		if (m / p10[k] == a)
			break;
	}
	if (k == 7)
		return false;
	whole = (uint64_t)m / (uint64_t)p10[k];
	frac = (uint64_t)m % (uint64_t)p10[k];
	n = snprintf(text, 32, "%s%" PRIu64, value < 0 ? "-" : "", whole);
	if (k) {
		/* k places, trailing zeros dropped (a smaller k leaves none). */
		snprintf(digits, sizeof(digits), "%0*" PRIu64, k, frac);
		while (k > 0 && digits[k - 1] == '0')
			digits[--k] = '\0';
		if (k)
			snprintf(text + n, (size_t)(32 - n), ".%s", digits);
	}
	return true;
}

void gb_number_text(char text[32], double value)
{
	int digits;

	if (short_decimal(text, value))
		return;

	/* cJSON accepts a 15-digit form that is only close to the value;
	 * readers must get the very number back. */
	for (digits = 15; digits <= 17; digits++) {
		snprintf(text, 32, "%.*g", digits, value);
		if (strtod(text, NULL) == value)
			break;
	}
}

int gb_jsonw_number(gb_jsonw *w, const char *key, double value)
{
	char text[32];

	if (!isfinite(value))
		return gb_jsonw_null(w, key);
	gb_number_text(text, value);
	return add(w, key, cJSON_CreateRaw(text));
}

/*
 * One item for the whole array: as one item per number, a report of a
 * million values held 300 MB of cJSON nodes for a 12 MB page.
 */
int gb_jsonw_numbers(gb_jsonw *w, const char *key, size_t n,
	double (*at)(const void *payload, size_t i), const void *payload)
{
	gb_buf text = GB_BUF_INIT;
	char one[32];
	size_t i;
	int error;

	error = gb_buf_putc(&text, '[');
	for (i = 0; i < n && !error; i++) {
		double v = at(payload, i);

		if (isfinite(v))
			gb_number_text(one, v);
		else
			snprintf(one, sizeof(one), "null");
		if (i)
			error = gb_buf_putc(&text, ',');
		if (!error)
			error = gb_buf_puts(&text, one);
	}
	if (!error)
		error = gb_buf_putc(&text, ']');
	error = error ? (w->failed = error)
		      : add(w, key, cJSON_CreateRaw(text.ptr));
	gb_buf_dispose(&text);
	return error;
}

int gb_jsonw_mark(gb_jsonw *w, const char *key, size_t id)
{
	char text[32];

	snprintf(text, sizeof(text), "%c%zu%c", GB_JSONW_MARK, id, GB_JSONW_MARK);
	return add(w, key, cJSON_CreateRaw(text));
}

int gb_jsonw_bool(gb_jsonw *w, const char *key, bool value)
{
	return add(w, key, cJSON_CreateBool(value));
}

int gb_jsonw_null(gb_jsonw *w, const char *key)
{
	return add(w, key, cJSON_CreateNull());
}

/*
 * cJSON escapes C0 controls only, so DEL (which gb_escape_utf8 leaves to
 * the encoder, like every ASCII control) would reach a terminal showing
 * the JSON raw; so would C1 or bidirectional controls in a key or string
 * that did not pass through it. They can only be inside strings, JSON's
 * own syntax being ASCII, and there \uXXXX means the same.
 */
static int put_terminal_safe(gb_buf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	int error = 0;

	while (*s && !error) {
		uint32_t cp = 0;
		size_t n = gb_utf8_char(s, &cp);

		if (n && cp >= 0x7f && gb_is_control(cp))
			error = gb_buf_printf(out, "\\u%04x", (unsigned)cp);
		else
			error = gb_buf_put(out, s, n ? n : 1);
		s += n ? n : 1;
	}
	return error;
}

int gb_jsonw_finish(gb_jsonw *w, gb_buf *out, bool pretty)
{
	char *text;
	int error;

	if (w->failed)
		return w->failed;
	if (w->depth || !w->root)
		return gb_error_set(GB_EINVALID, "unfinished JSON document");
	text = pretty ? cJSON_Print(w->root) : cJSON_PrintUnformatted(w->root);
	if (!text)
		return gb_error_oom();
	/* The tree is done with: a report's is as large as its text. */
	cJSON_Delete(w->root);
	w->root = NULL;
	if ((error = gb_buf_grow(out, strlen(text) + 1)) == 0)
		error = put_terminal_safe(out, text);
	if (!error)
		error = gb_buf_putc(out, '\n');
	cJSON_free(text);
	return error;
}
