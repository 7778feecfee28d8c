/*
 * Escaping for every output: what reaches a terminal, a markdown comment,
 * an HTML page or a spreadsheet from data that came from anywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef int (*escape_fn)(gb_buf *, const char *);

static void assert_escapes(escape_fn fn, const char *in, const char *want)
{
	gb_buf out = GB_BUF_INIT;

	assert_int_equal(fn(&out, in), 0);
	assert_string_equal(out.ptr ? out.ptr : "", want);
	gb_buf_dispose(&out);
}

static void test_text_keeps_utf8(void **state)
{
	(void)state;
	assert_escapes(gb_escape_text, "BM_Sort/1024", "BM_Sort/1024");
	assert_escapes(gb_escape_text, "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x94\xb4",
		"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x94\xb4");
	assert_escapes(gb_escape_text, "", "");
	assert_escapes(gb_escape_text, NULL, "");
}

/* No escape sequence from data ever reaches a terminal. */
static void test_text_escapes_controls(void **state)
{
	(void)state;
	assert_escapes(gb_escape_text, "a\x1b[31mred", "a\\x1b[31mred");
	assert_escapes(gb_escape_text, "line\nnext\ttab\rcr", "line\\nnext\\ttab\\rcr");
	assert_escapes(gb_escape_text, "del\x7f", "del\\x7f");
	/* C1 controls in UTF-8 (U+009B, the one-byte CSI), bidi overrides. */
	assert_escapes(gb_escape_text, "\xc2\x9b" "2J", "\\xc2\\x9b2J");
	assert_escapes(gb_escape_text, "abc\xe2\x80\xae" "fed", "abc\\xe2\\x80\\xaefed");
	assert_escapes(gb_escape_text, "\xe2\x81\xa6x", "\\xe2\\x81\\xa6x");
}

static void test_text_escapes_bad_utf8(void **state)
{
	(void)state;
	assert_escapes(gb_escape_text, "\xff\xfe", "\\xff\\xfe");
	/* Cut short, overlong, a surrogate, beyond U+10FFFF. */
	assert_escapes(gb_escape_text, "x\xe2\x82", "x\\xe2\\x82");
	assert_escapes(gb_escape_text, "\xc0\xaf", "\\xc0\\xaf");
	assert_escapes(gb_escape_text, "\xed\xa0\x80", "\\xed\\xa0\\x80");
	assert_escapes(gb_escape_text, "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
}

static void test_markdown(void **state)
{
	(void)state;
	assert_escapes(gb_escape_markdown, "a|b`c*d_e[f]#", "a\\|b\\`c\\*d\\_e\\[f\\]\\#");
	assert_escapes(gb_escape_markdown, "<img src=x onerror=y>&",
		"&lt;img src=x onerror=y&gt;&amp;");
	assert_escapes(gb_escape_markdown, "back\\slash", "back\\\\slash");
	assert_escapes(gb_escape_markdown, "a\x1b" "b", "a\\x1bb");
	/* A name from a remote mentions no one and links nowhere. */
	assert_escapes(gb_escape_markdown, "@team see https://x.example",
		"@&#8203;team see https:&#8203;//x.example");
	assert_escapes(gb_escape_markdown, "WWW.x.example ~~s~~ $x$",
		"WWW&#8203;.x.example \\~\\~s\\~\\~ \\$x\\$");
}

static void test_html(void **state)
{
	(void)state;
	assert_escapes(gb_escape_html, "<script>alert('x') & \"y\"</script>",
		"&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
	assert_escapes(gb_escape_html, "\xe2\x80\xae", "\\xe2\\x80\\xae");
}

/* RFC 4180 quoting, and nothing a spreadsheet would split or trim. */
static void test_csv(void **state)
{
	(void)state;
	assert_escapes(gb_escape_csv, "plain", "plain");
	assert_escapes(gb_escape_csv, "a,b", "\"a,b\"");
	assert_escapes(gb_escape_csv, "say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_escapes(gb_escape_csv, "semi;colon", "\"semi;colon\"");
	assert_escapes(gb_escape_csv, " padded ", "\" padded \"");
	assert_escapes(gb_escape_csv, "", "\"\"");
	assert_escapes(gb_escape_csv, "two\nlines", "two\\nlines");
	/* Escape and its spelling stay apart. */
	assert_escapes(gb_escape_csv, "a\x1b" "b", "a\\x1bb");
	assert_escapes(gb_escape_csv, "a\\x1bb", "a\\\\x1bb");
	/* Read as text, not as a formula, by a spreadsheet. */
	assert_escapes(gb_escape_csv, "=HYPERLINK(\"x\")",
		"\"'=HYPERLINK(\"\"x\"\")\"");
	assert_escapes(gb_escape_csv, "+1", "\"'+1\"");
	assert_escapes(gb_escape_csv, "-O2", "\"'-O2\"");
	assert_escapes(gb_escape_csv, "@SUM(A1)", "\"'@SUM(A1)\"");
	assert_escapes(gb_escape_csv, "a=b", "a=b");
	assert_escapes(gb_escape_csv, "\t=x", "\\t=x");
}

/* Valid UTF-8 for a JSON encoder, which escapes controls itself. */
static void test_utf8(void **state)
{
	(void)state;
	assert_escapes(gb_escape_utf8, "tab\there", "tab\there");
	assert_escapes(gb_escape_utf8, "bad\xff", "bad\\xff");
	assert_escapes(gb_escape_utf8, "\xc3\xa9", "\xc3\xa9");
}

/* A unit is shown the same in every format: nothing any of them reads. */
static void test_unit(void **state)
{
	(void)state;
	assert_escapes(gb_escape_unit, "ns", "ns");
	assert_escapes(gb_escape_unit, "\xc2\xb5s", "\xc2\xb5s");
	assert_escapes(gb_escape_unit, "ops/s (x1.5) 10^3 % l1_hits",
		"ops/s (x1.5) 10^3 % l1_hits");
	assert_escapes(gb_escape_unit, "\x1b]0;PWN\x07",
		"\\x1b\\x5d0\\x3bPWN\\x07");
	assert_escapes(gb_escape_unit, "ns\r\nFAKE", "ns\\r\\nFAKE");
	assert_escapes(gb_escape_unit, "<b>|,\"`*[]#&\\",
		"\\x3cb\\x3e\\x7c\\x2c\\x22\\x60\\x2a\\x5b\\x5d"
		"\\x23\\x26\\x5c");
	assert_escapes(gb_escape_unit, "b\xe2\x80\xae", "b\\xe2\\x80\\xae");
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(gb_escape_text_width("abc"), 3);
	assert_int_equal(gb_escape_text_width("\xc2\xb5s"), 2);
	assert_int_equal(gb_escape_text_width("a\nb"), 4);
	assert_int_equal(gb_escape_text_width("\xff"), 4);
	assert_int_equal(gb_escape_text_width(NULL), 0);
}

/*
 * An OpenMetrics label value: backslash, quote and line feed as the format
 * escapes them; what it has no escape for as \xNN text, backslash escaped.
 */
static void test_openmetrics(void **state)
{
	(void)state;
	assert_escapes(gb_escape_openmetrics, "BM_Sort/1024 [cpu]",
		"BM_Sort/1024 [cpu]");
	assert_escapes(gb_escape_openmetrics, "a \"b\" \\c",
		"a \\\"b\\\" \\\\c");
	assert_escapes(gb_escape_openmetrics, "one\ntwo", "one\\ntwo");
	assert_escapes(gb_escape_openmetrics, "tab\there\r", "tab\\\\x09here\\\\x0d");
	assert_escapes(gb_escape_openmetrics, "\x1b[2J \xc2\x9b \xe2\x80\xae",
		"\\\\x1b[2J \\\\xc2\\\\x9b \\\\xe2\\\\x80\\\\xae");
	assert_escapes(gb_escape_openmetrics, "bad \xff\xfe \xc3",
		"bad \\\\xff\\\\xfe \\\\xc3");
	assert_escapes(gb_escape_openmetrics, "caf\xc3\xa9 {x=\"1\"},",
		"caf\xc3\xa9 {x=\\\"1\\\"},");
	assert_escapes(gb_escape_openmetrics, NULL, "");
}

/* relay: feed pieces, read back what reached the stream. */
static char *relayed(bool keep_cr, const char *const *pieces, size_t n)
{
	char *text = NULL;
	size_t size = 0, i;
	FILE *f = open_memstream(&text, &size);
	gb_buf line = GB_BUF_INIT;

	assert_non_null(f);
	for (i = 0; i < n; i++)
		gb_escape_relay(&line, f, keep_cr, pieces[i], strlen(pieces[i]));
	gb_escape_relay_end(&line, f);
	assert_int_equal(line.size, 0);
	fclose(f);
	return text;
}

static void test_relay(void **state)
{
	const char *progress[] = { "Counting: 5", "0%\r", "Counting: 100%\rdone\n",
		"remote: \033]8;;http://x\033\\hi\n", "tail" };
	const char *messages[] = { "a\r\n", "\nb\x7f", "c\r" };
	char *long_line = malloc(5000), *text;

	(void)state;
	text = relayed(true, progress, 5);
	assert_string_equal(text, "Counting: 50%\rCounting: 100%\rdone\n"
		"remote: \\x1b]8;;http://x\\x1b\\hi\ntail\n");
	free(text);
	/* Without keep_cr: lines, empty ones left out. */
	text = relayed(false, messages, 3);
	assert_string_equal(text, "a\nb\\x7fc\n");
	free(text);
	/* A piece without an end is cut at 4096 bytes. */
	assert_non_null(long_line);
	memset(long_line, 'x', 4999);
	long_line[4999] = '\0';
	{
		const char *one[] = { long_line };

		text = relayed(true, one, 1);
		assert_int_equal(strlen(text), 5001);
		assert_int_equal(text[4096], '\n');
		assert_int_equal(text[5000], '\n');
		free(text);
	}
	free(long_line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_keeps_utf8),
		cmocka_unit_test(test_text_escapes_controls),
		cmocka_unit_test(test_text_escapes_bad_utf8),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_openmetrics),
		cmocka_unit_test(test_unit),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_relay),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
