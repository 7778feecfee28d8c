/* cJSON helpers for the adapters: the only modules that see cJSON. */
#ifndef GB_SRC_ADAPTERS_JSON_H
#define GB_SRC_ADAPTERS_JSON_H

#include <stdbool.h>
#include <cjson/cJSON.h>
#include "../common.h"

/* Parse `len` bytes; on failure the message names `source` and the line. */
int gb_json_parse(cJSON **out, const char *data, size_t len,
	const char *source);

/* The number at obj[key], or NAN when absent or null. */
double gb_json_number(const cJSON *obj, const char *key);

/*
 * The number at obj[key] (a finite number); GB_EINVALID naming `source`
 * and `what` when it is missing or not a number.
 */
int gb_json_need_number(double *out, const cJSON *obj, const char *key,
	const char *source, const char *what);

/* The string at obj[key], or NULL. */
const char *gb_json_string(const cJSON *obj, const char *key);

/* Whether the first non-blank byte of data is `c`. */
bool gb_json_starts_with(const char *data, size_t len, char c);

#endif
