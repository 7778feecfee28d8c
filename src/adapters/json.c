#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

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

int gb_json_parse(cJSON **out, const char *data, size_t len,
	const char *source)
{
	const char *end = NULL;
	size_t line = 1, i;

	*out = cJSON_ParseWithLengthOpts(data, len, &end, 0);
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
