/* JSON output: any string from data gives a document that parses back to
 * it and holds nothing a terminal would act on. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "common.h"
#include "helpers.h"

/* ESC, a newline, DEL, U+009B (CSI), U+202E (right-to-left override), a
 * byte that is not UTF-8, and a quote and backslash for good measure. */
static const char hostile[] = "a\x1b[31mb\nc\x7f" "d\xc2\x9b" "2J"
			      "e\xe2\x80\xae" "f\xff" "g\"\\";

static char *finish(gb_jsonw *w, bool pretty)
{
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(gb_jsonw_finish(w, &out, pretty), 0);
	return gb_buf_detach(&out);
}

static void assert_terminal_safe(const char *text, bool pretty)
{
	const unsigned char *s = (const unsigned char *)text;

	for (; *s; s++) {
		/* Layout, and the newline that ends the document. */
		if ((pretty && *s == '\t') || (*s == '\n' && (pretty || !s[1])))
			continue;
		assert_true(*s >= 0x20 && *s != 0x7f);
		/* No C1 control and no U+202x override, UTF-8 encoded. */
		assert_false(s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f);
		assert_false(s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0xaa &&
			     s[2] <= 0xae);
	}
}

static void test_hostile_strings(void **state)
{
	gb_jsonw *w = NULL;
	cJSON *doc;
	char *text;
	int pretty;

	(void)state;
	for (pretty = 0; pretty < 2; pretty++) {
		assert_int_equal(gb_jsonw_new(&w), 0);
		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "name", hostile);
		gb_jsonw_number(w, hostile, 1.5);
		gb_jsonw_end(w);
		text = finish(w, pretty);
		assert_terminal_safe(text, pretty);
		doc = cJSON_Parse(text);
		assert_non_null(doc);
		/* C0 controls and DEL come back as they were; C1 and bidi
		 * controls and bytes that are not UTF-8 are shown as \xNN. */
		assert_string_equal(cJSON_GetObjectItemCaseSensitive(doc,
			"name")->valuestring, "a\x1b[31mb\nc\x7f" "d\\xc2\\x9b"
			"2J" "e\\xe2\\x80\\xae" "f\\xff" "g\"\\");
		assert_non_null(doc->child->next);
		assert_string_equal(doc->child->next->string,
			cJSON_GetObjectItemCaseSensitive(doc, "name")->valuestring);
		cJSON_Delete(doc);
		free(text);
		gb_jsonw_free(w);
	}
}

static const double some[] = { 0.1, 1e300, -0.0, 113.875, 0.30000000000000004,
	NAN, 7 };

static double some_at(const void *p, size_t i)
{
	return ((const double *)p)[i];
}

/* An array written at once is the document written number by number. */
/* What gb_number_text wrote before its shortcut: printf, read back. */
static void reference_text(char text[32], double value)
{
	int digits;

	for (digits = 15; digits <= 17; digits++) {
		snprintf(text, 32, "%.*g", digits, value);
		if (strtod(text, NULL) == value)
			break;
	}
}

static void check_text(double v)
{
	char got[32], want[32];

	gb_number_text(got, v);
	reference_text(want, v);
	if (strcmp(got, want))
		fail_msg("%.17g: '%s', printf's '%s'", v, got, want);
}

/*
 * Numbers as text, byte for byte as printf gives them: decimals of every
 * length of places and digits, on either side of where %g turns to an
 * exponent (1e-4, 1e15), whole numbers, neighbours of the decimals one
 * ulp away, and doubles of 17 digits.
 */
static void test_number_text(void **state)
{
	static const double edges[] = { 0, -0.0, 1e-4, 9.9999e-5, 1e-5, 0.1,
		0.3, 0.1 + 0.2, 1e15, 999999999999999.0, 99999999999999.9,
		1e15 - 0.5, 123456789012345.6, 1e16, 1e300, 5e-324, -1037.25,
		4503599627370495.5, 0.000123456, 1.0000005, 2.5e-4 };
	unsigned seed = 4242;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_text(edges[i]);
	for (i = 0; i < 200000; i++) {
		double m, v;

		seed = seed * 1103515245u + 12345u;
		m = (double)(seed >> 4) * (double)(i % 7 + 1) * pow(10, (double)(i % 9));
		k = (int)(i % 12);
		v = m / pow(10, k) * (i % 2 ? 1 : -1);
		check_text(v);
		check_text(nextafter(v, INFINITY));
		check_text(nextafter(v, 0));
		check_text((double)(seed >> 1) / 3.0);
	}
}

static void test_numbers_as_one_item(void **state)
{
	gb_jsonw *w = NULL;
	char *one, *each;
	size_t i, n = sizeof(some) / sizeof(some[0]);

	(void)state;
	assert_int_equal(gb_jsonw_new(&w), 0);
	gb_jsonw_object(w, NULL);
	gb_jsonw_numbers(w, "v", n, some_at, some);
	gb_jsonw_numbers(w, "none", 0, some_at, some);
	gb_jsonw_end(w);
	one = finish(w, false);
	gb_jsonw_free(w);
	assert_int_equal(gb_jsonw_new(&w), 0);
	gb_jsonw_object(w, NULL);
	gb_jsonw_array(w, "v");
	for (i = 0; i < n; i++)
		gb_jsonw_number(w, NULL, some[i]);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "none");
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	each = finish(w, false);
	gb_jsonw_free(w);
	assert_string_equal(one, each);
	assert_non_null(strstr(one, "0.30000000000000004,null,7]"));
	free(one);
	free(each);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_numbers_as_one_item),
		cmocka_unit_test(test_number_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
