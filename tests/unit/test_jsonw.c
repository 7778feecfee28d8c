/* JSON output: any string from data gives a document that parses back to
 * it and holds nothing a terminal would act on. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
