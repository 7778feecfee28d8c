/*
 * Properties the fuzz targets check beyond "no crash": decoded data must be
 * safe to print whatever it holds, and the codec must read back what it
 * writes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "check.h"

const char *__asan_default_options(void);

/*
 * AddressSanitizer keeps up to 256 MiB of freed memory in quarantine,
 * which counts against the fuzzer's -rss_limit_mb=256 though nothing of
 * ours is live: keep the quarantine small so that the limit measures us.
 */
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16:thread_local_quarantine_size_kb=256";
}

void fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

void fuzz_init(void)
{
	static int done;

	if (!done) {
		FUZZ_ASSERT(gb_init() >= 0);
		done = 1;
	}
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_ASSERT(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Strict UTF-8 decoding: the length of the character at s, 0 if invalid. */
static size_t utf8_next(const unsigned char *s, size_t left, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* What a terminal must never receive from data. */
static int dangerous(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	       c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

static void check_printable(const gb_buf *b, int controls_allowed)
{
	const unsigned char *s = (const unsigned char *)(b->ptr ? b->ptr : "");
	size_t left = b->size;

	while (left) {
		uint32_t cp = 0;
		size_t n = utf8_next(s, left, &cp);

		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(controls_allowed || !dangerous(cp));
		s += n;
		left -= n;
	}
}

/* In a markdown cell every pipe is escaped, so the table keeps its columns. */
static void check_markdown(const gb_buf *b)
{
	size_t i;

	for (i = 0; i < b->size; i++) {
		if (b->ptr[i] == '\\') {
			i++;
			continue;
		}
		FUZZ_ASSERT(b->ptr[i] != '|' && b->ptr[i] != '<' &&
			    b->ptr[i] != '`');
	}
}

/* A CSV field is one field: quoted when it holds a separator or a quote. */
static void check_csv(const gb_buf *b)
{
	size_t i;

	if (b->size && b->ptr[0] == '"') {
		FUZZ_ASSERT(b->size >= 2 && b->ptr[b->size - 1] == '"');
		for (i = 1; i + 1 < b->size; i++) {
			if (b->ptr[i] == '"') {
				FUZZ_ASSERT(b->ptr[i + 1] == '"' && i + 2 < b->size);
				i++;
			}
		}
		return;
	}
	FUZZ_ASSERT(!memchr(b->ptr ? b->ptr : "", ',', b->size));
	FUZZ_ASSERT(!memchr(b->ptr ? b->ptr : "", '"', b->size));
}

static void check_string(const char *s)
{
	gb_buf b = GB_BUF_INIT;

	if (!s)
		return;
	FUZZ_ASSERT(gb_escape_text(&b, s) == 0);
	check_printable(&b, 0);
	FUZZ_ASSERT(gb_escape_text_width(s) <= b.size);
	gb_buf_clear(&b);
	FUZZ_ASSERT(gb_escape_markdown(&b, s) == 0);
	check_printable(&b, 0);
	check_markdown(&b);
	gb_buf_clear(&b);
	FUZZ_ASSERT(gb_escape_html(&b, s) == 0);
	check_printable(&b, 0);
	FUZZ_ASSERT(!strpbrk(b.ptr ? b.ptr : "", "<>\"'"));
	gb_buf_clear(&b);
	FUZZ_ASSERT(gb_escape_csv(&b, s) == 0);
	check_printable(&b, 0);
	check_csv(&b);
	gb_buf_clear(&b);
	/* JSON strings keep controls for the encoder to escape. */
	FUZZ_ASSERT(gb_escape_utf8(&b, s) == 0);
	check_printable(&b, 1);
	gb_buf_dispose(&b);
}

static void check_json(const gb_run *run)
{
	gb_jsonw *w = NULL;
	gb_buf out = GB_BUF_INIT;
	cJSON *doc;
	size_t i;

	FUZZ_ASSERT(gb_jsonw_new(&w) == 0);
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "label", run->label);
	gb_jsonw_string(w, "machine", run->machine);
	gb_jsonw_array(w, "results");
	for (i = 0; i < run->nresults; i++) {
		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "name", run->results[i].name);
		gb_jsonw_number(w, "mean", run->results[i].mean);
		/* Names are keys too, in some outputs. */
		gb_jsonw_number(w, run->results[i].name, run->results[i].max);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	FUZZ_ASSERT(gb_jsonw_finish(w, &out, false) == 0);
	/* Whatever the strings held, all but the final newline is safe. */
	FUZZ_ASSERT(out.size && out.ptr[out.size - 1] == '\n');
	out.size--;
	check_printable(&out, 0);
	out.size++;
	doc = cJSON_ParseWithLength(out.ptr, out.size);
	FUZZ_ASSERT(doc != NULL);
	cJSON_Delete(doc);
	gb_jsonw_free(w);
	gb_buf_dispose(&out);
}

void fuzz_check_run_output(const gb_run *run)
{
	size_t i;

	check_string(run->label);
	check_string(run->machine);
	check_string(run->format);
	check_string(run->env.host);
	check_string(run->env.os);
	check_string(run->env.arch);
	check_string(run->env.cpu);
	check_string(run->env.toolchain);
	for (i = 0; i < run->nresults; i++) {
		check_string(run->results[i].name);
		check_string(run->results[i].measure);
		check_string(run->results[i].unit);
	}
	check_json(run);
}

static int same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void check_same_result(const gb_result *a, const gb_result *b)
{
	size_t k;

	FUZZ_ASSERT(strcmp(a->name, b->name) == 0);
	FUZZ_ASSERT(strcmp(a->measure, b->measure) == 0);
	FUZZ_ASSERT(strcmp(a->unit, b->unit) == 0);
	FUZZ_ASSERT(a->direction == b->direction);
	FUZZ_ASSERT(same_double(a->mean, b->mean));
	FUZZ_ASSERT(same_double(a->median, b->median));
	FUZZ_ASSERT(same_double(a->stddev, b->stddev));
	FUZZ_ASSERT(same_double(a->min, b->min));
	FUZZ_ASSERT(same_double(a->max, b->max));
	FUZZ_ASSERT(same_double(a->slope, b->slope));
	FUZZ_ASSERT(a->count == b->count && a->iterations == b->iterations);
	FUZZ_ASSERT(a->nsamples == b->nsamples);
	/* Samples are stored as float32 on purpose. */
	for (k = 0; k < a->nsamples; k++)
		FUZZ_ASSERT(same_double((float)a->samples[k],
			(float)b->samples[k]));
}

void fuzz_check_same(const gb_run *a, const gb_run *b)
{
	size_t i;

	FUZZ_ASSERT(strcmp(a->id, b->id) == 0);
	FUZZ_ASSERT(git_oid_equal(&a->commit, &b->commit));
	FUZZ_ASSERT(a->time == b->time);
	FUZZ_ASSERT(same_str(a->label, b->label));
	FUZZ_ASSERT(same_str(a->machine, b->machine));
	FUZZ_ASSERT(!a->format || same_str(a->format, b->format));
	FUZZ_ASSERT(same_str(a->env.host, b->env.host));
	FUZZ_ASSERT(same_str(a->env.cpu, b->env.cpu));
	FUZZ_ASSERT(a->env.cores == b->env.cores);
	FUZZ_ASSERT(same_double(a->usage.wall, b->usage.wall));
	FUZZ_ASSERT(same_double(a->usage.maxrss, b->usage.maxrss));
	FUZZ_ASSERT(a->nresults == b->nresults);
	for (i = 0; i < a->nresults; i++)
		check_same_result(&a->results[i], &b->results[i]);
}
