#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "gitbench/codec.h"
#include "adapter_int.h"
#include "json.h"
#include "util.h"

/* Whether the text stops inside a string or an open object or array. */
static bool cut_short(const char *data, size_t len)
{
	bool in_string = false;
	long depth = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = data[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return in_string || depth > 0;
}

/*
 * Whether the parse stopped at NaN or Infinity: Google Benchmark (and
 * Python's json) write them for a counter that is not a number.
 */
static bool not_a_number_at(const char *p, size_t n)
{
	static const char *const words[] = { "NaN", "Infinity", "-Infinity",
		"nan", "inf", "-inf" };
	size_t i;

	while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
		p++;
		n--;
	}
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (n >= strlen(words[i]) &&
		    !strncmp(p, words[i], strlen(words[i])))
			return true;
	return false;
}

/*
 * The line of the first \u0000 escape inside a string, or 0. cJSON keeps
 * the NUL it stands for, and every reader of the string stops there: a
 * name "a\u0000b" would be recorded as "a", and "a\u0000c" beside it as
 * the same benchmark.
 */
size_t gb_json_nul_line(const char *data, size_t len)
{
	bool in_string = false;
	size_t i, line = 1;

	if (!memmem(data, len, "u0000", 5))
		return 0;
	for (i = 0; i < len; i++) {
		char c = data[i];

		line += c == '\n';
		if (!in_string) {
			in_string = c == '"';
		} else if (c == '"') {
			in_string = false;
		} else if (c == '\\' && i + 1 < len) {
			if (len - i >= 6 && !memcmp(data + i + 1, "u0000", 5))
				return line;
			i++;
		}
	}
	return 0;
}

int gb_json_nul_error(const char *source, size_t line)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: a string holds "
		"\\u0000, a NUL character no name or unit may hold", source,
		line);
}

int gb_json_parse_line(cJSON **out, const gb_line *l, const char *source)
{
	const char *end = NULL, *stop = l->text + l->len;

	*out = cJSON_ParseWithLengthOpts(l->text, l->len, &end, 0);
	/* One document a line: what follows it is no part of it. */
	while (*out && end && end < stop &&
	       (*end == ' ' || *end == '\t' || *end == '\r'))
		end++;
	if (*out && end && end < stop) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	if (!*out)
		return gb_error_set(GB_EINVALID, "%s: line %zu: not valid JSON%s",
			source, l->number, l->terminated ? "" :
			" (truncated: the file ends inside it)");
	if (gb_json_nul_line(l->text, l->len)) {
		cJSON_Delete(*out);
		*out = NULL;
		return gb_json_nul_error(source, l->number);
	}
	return 0;
}

int gb_json_parse(cJSON **out, const char *data, size_t len,
	const char *source)
{
	const char *end = NULL;
	size_t line = 1, i;

	*out = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (*out && (line = gb_json_nul_line(data, len))) {
		cJSON_Delete(*out);
		*out = NULL;
		return gb_json_nul_error(source, line);
	}
	if (*out)
		return 0;
	if (!end || end < data || end > data + len)
		return gb_error_set(GB_EINVALID, "%s: not valid JSON", source);
	for (i = 0; data + i < end; i++)
		line += data[i] == '\n';
	if (cut_short(data, len)) {
		for (; i < len; i++)
			line += data[i] == '\n';
		return gb_error_set(GB_EINVALID,
			"%s: not valid JSON (truncated: it ends at line %zu inside a value)",
			source, line);
	}
	if (not_a_number_at(end, (size_t)(data + len - end)))
		return gb_error_set(GB_EINVALID, "%s: not valid JSON (line %zu: "
			"NaN or Infinity, which JSON has no value for)", source,
			line);
	return gb_error_set(GB_EINVALID, "%s: not valid JSON (line %zu)",
		source, line);
}

double gb_json_number(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return NAN;
	return v->valuedouble;
}

int gb_json_need_number(double *out, const cJSON *obj, const char *key,
	const char *source, const char *what)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v)
		return gb_error_set(GB_EINVALID, "%s: missing %s", source, what);
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return gb_error_set(GB_EINVALID, "%s: %s is not a number",
			source, what);
	*out = v->valuedouble;
	return 0;
}

const char *gb_json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool gb_json_starts_with(const char *data, size_t len, char c)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
		    data[i] == '\r')
			continue;
		return data[i] == c;
	}
	return false;
}

bool gb_json_looks_like(const char *data, size_t len)
{
	return gb_json_starts_with(data, len, '{') ||
	       gb_json_starts_with(data, len, '[');
}

static int bad_number(const char *source, const char *bench, const char *key,
	const char *problem)
{
	if (bench)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': %s%s", source, bench, key, problem);
	return gb_error_set(GB_EINVALID, "%s: %s%s", source, key, problem);
}

int gb_json_get_number(double *out, const cJSON *obj, const char *key,
	bool required, const char *source, const char *bench)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NAN;
	if (!v || cJSON_IsNull(v)) {
		if (!required)
			return 0;
		if (bench)
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': missing %s", source, bench, key);
		return gb_error_set(GB_EINVALID, "%s: missing %s", source, key);
	}
	if (!cJSON_IsNumber(v))
		return bad_number(source, bench, key, " is not a number");
	if (!isfinite(v->valuedouble))
		return bad_number(source, bench, key, " is out of range");
	*out = v->valuedouble;
	return 0;
}

int gb_json_get_samples(double **out, size_t *n, const cJSON *arr,
	double factor, const char *source, const char *bench, const char *key)
{
	const cJSON *v;
	double *samples;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(arr))
		return bad_number(source, bench, key, " is not an array");
	/* A fast benchmark can take more than a record keeps (tinybench 2
	 * took 2.9 million in 200 ms): its statistics are read instead. */
	if ((size_t)cJSON_GetArraySize(arr) > GB_RECORD_MAX_ELEMENTS) {
		char problem[96];

		snprintf(problem, sizeof(problem), " has %d samples, more than "
			"a record holds (%u)", cJSON_GetArraySize(arr),
			GB_RECORD_MAX_ELEMENTS);
		return bad_number(source, bench, key, problem);
	}
	if (!(samples = gb_calloc((size_t)cJSON_GetArraySize(arr) + 1,
		      sizeof(double))))
		return GB_ERROR;
	cJSON_ArrayForEach(v, arr) {
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble * factor)) {
			free(samples);
			return bad_number(source, bench, key,
				" holds something that is not a number");
		}
		samples[i++] = v->valuedouble * factor;
	}
	*out = samples;
	*n = i;
	return 0;
}

int gb_json_optional_samples(double **out, size_t *n, const cJSON *arr,
	double factor, const char *source, const char *bench, const char *key)
{
	int error = gb_json_get_samples(out, n, arr, factor, source, bench, key);

	if (error == 0 && *n == 0) {
		free(*out);
		*out = NULL;
	}
	if (error != GB_EINVALID)
		return error;
	gb_adapter_warn("%s; read from its statistics, without samples",
		gb_error_last()->message);
	gb_error_clear();
	return 0;
}

int gb_json_read_items(gb_run *run, const char *data, size_t len,
	const char *source, const char *key, const char *not_this,
	gb_json_item_fn each)
{
	const cJSON *list, *item;
	cJSON *json = NULL;
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	list = key ? cJSON_GetObjectItemCaseSensitive(json, key) : json;
	if (!cJSON_IsArray(list))
		error = gb_error_set(GB_EINVALID, "%s: %s", source, not_this);
	cJSON_ArrayForEach(item, (error == 0 ? list : NULL))
		if ((error = each(run, list, item, i++, source)) < 0)
			break;
	cJSON_Delete(json);
	return error;
}

bool gb_json_has_key(const char *data, size_t len, const char *key)
{
	size_t klen = strlen(key), i;

	if (len > GB_JSON_DETECT_SPAN)
		len = GB_JSON_DETECT_SPAN;
	for (i = 0; i + klen + 2 <= len; i++) {
		size_t j;

		if (data[i] != '"' || (i && data[i - 1] == '\\') ||
		    memcmp(data + i + 1, key, klen) != 0 ||
		    data[i + 1 + klen] != '"')
			continue;
		/* A member name, not a string value that happens to match. */
		for (j = i + klen + 2; j < len && (data[j] == ' ' ||
			     data[j] == '\t' || data[j] == '\n' || data[j] == '\r');
		     j++)
			;
		if (j < len && data[j] == ':')
			return true;
	}
	return false;
}

int gb_json_key_score(const char *data, size_t len,
	const char *const *required, const char *const *typical)
{
	size_t have = 0, total = 0;

	for (; required && *required; required++)
		if (!gb_json_has_key(data, len, *required))
			return 0;
	for (; typical && *typical; typical++, total++)
		have += gb_json_has_key(data, len, *typical);
	return 60 + (int)(total ? 40 * have / total : 40);
}

int gb_adapter_json_error(const char *data, size_t len, const char *source)
{
	cJSON *json = NULL;
	int error = gb_json_parse(&json, data, len, source);

	cJSON_Delete(json);
	return error;
}
