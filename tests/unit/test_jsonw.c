/* JSON output: any string from data gives a document that parses back to
 * it and holds nothing a terminal would act on. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
