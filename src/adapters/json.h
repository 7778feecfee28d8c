/* cJSON helpers for the adapters: the only modules that see cJSON. */
#ifndef GB_SRC_ADAPTERS_JSON_H
#define GB_SRC_ADAPTERS_JSON_H

#include <stdbool.h>
#include <cjson/cJSON.h>
#include "../common.h"
#include "gitbench/run.h"
#include "util.h"

/* Parse `len` bytes; on failure the message names `source` and the line. */
int gb_json_parse(cJSON **out, const char *data, size_t len,
	const char *source);

/*
 * The line (from 1) of the first \u0000 escape inside a string of JSON
 * text, or 0: cJSON keeps the NUL, and C strings end there, so a name
 * "a\u0000b" would read as "a". gb_json_parse refuses such text; readers
 * of one JSON document a line call this after parsing each, and
 * gb_json_nul_error for the message.
 */
size_t gb_json_nul_line(const char *data, size_t len);
int gb_json_nul_error(const char *source, size_t line);

/*
 * Parse line `l` of a file of one JSON document a line (go test -json,
 * cargo-criterion, libtest): GB_EINVALID naming `source` and the line when
 * it is no JSON, is cut short, or holds \u0000 in a string.
 */
int gb_json_parse_line(cJSON **out, const gb_line *l, const char *source);

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
/* Whether data starts (after blanks) as JSON does: an object or array. */
bool gb_json_looks_like(const char *data, size_t len);

/*
 * The number at obj[key] into *out: NAN when it is absent or null, unless
 * `required`. Errors name `source`, the benchmark `bench` (may be NULL)
 * and the key: "f.json: benchmark 'x': real_time is not a number".
 */
int gb_json_get_number(double *out, const cJSON *obj, const char *key,
	bool required, const char *source, const char *bench);

/*
 * The numbers of the array `arr` (obj[key] of benchmark `bench`, for
 * errors) times `factor`, in a new malloc'd array of *n values.
 */
int gb_json_get_samples(double **out, size_t *n, const cJSON *arr,
	double factor, const char *source, const char *bench, const char *key);

/*
 * The same for a sample list that sits beside whole statistics: when it
 * holds junk the file is still read, from the statistics, with a warning
 * naming the benchmark. *out is NULL when *n is 0.
 */
int gb_json_optional_samples(double **out, size_t *n, const cJSON *arr,
	double factor, const char *source, const char *bench, const char *key);

/* Reads one item of a list; `list` is the whole list. */
typedef int (*gb_json_item_fn)(gb_run *run, const cJSON *list,
	const cJSON *item, size_t index, const char *source);

/*
 * Parse `data` and call `each` on every item of its array: the whole
 * input when `key` is NULL, else its top-level member `key`. Without such
 * an array the error is "<source>: <not_this>".
 */
int gb_json_read_items(gb_run *run, const char *data, size_t len,
	const char *source, const char *key, const char *not_this,
	gb_json_item_fn each);

/* How many bytes of a file detection looks at for keys. */
#define GB_JSON_DETECT_SPAN (1024u * 1024u)

/* Whether the JSON text has an object member named `key` near its start. */
bool gb_json_has_key(const char *data, size_t len, const char *key);

/*
 * A detection score from the member names near the start of the text: 0
 * unless every one of `required` is there, then 60 to 100 by the share of
 * `typical` ones. Both lists end with NULL. A truncated file still scores,
 * so that its reader can say that it is truncated.
 */
int gb_json_key_score(const char *data, size_t len,
	const char *const *required, const char *const *typical);

#endif
