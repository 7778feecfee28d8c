/*
 * Writing JSON documents (for --format json). Strings are made valid UTF-8
 * (bytes that are not are shown as \xNN) and escaped by the encoder; NAN
 * numbers are written as null.
 */
#ifndef GITBENCH_JSONW_H
#define GITBENCH_JSONW_H

#include <stdbool.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_jsonw gb_jsonw;

GB_EXTERN(int) gb_jsonw_new(gb_jsonw **out);
GB_EXTERN(void) gb_jsonw_free(gb_jsonw *w);

/*
 * `key` names the member inside an object and must be NULL inside an array
 * or for the document itself.
 */
GB_EXTERN(int) gb_jsonw_object(gb_jsonw *w, const char *key);
GB_EXTERN(int) gb_jsonw_array(gb_jsonw *w, const char *key);
/* Close the innermost open object or array. */
GB_EXTERN(int) gb_jsonw_end(gb_jsonw *w);
GB_EXTERN(int) gb_jsonw_string(gb_jsonw *w, const char *key,
	const char *value);
GB_EXTERN(int) gb_jsonw_number(gb_jsonw *w, const char *key, double value);
/*
 * An array of n numbers, the i-th at(payload, i), NAN as null: the same
 * document as gb_jsonw_array and n gb_jsonw_number, in far less memory
 * (written without spaces even when pretty).
 */
GB_EXTERN(int) gb_jsonw_numbers(gb_jsonw *w, const char *key, size_t n,
	double (*at)(const void *payload, size_t i), const void *payload);
GB_EXTERN(int) gb_jsonw_bool(gb_jsonw *w, const char *key, bool value);
GB_EXTERN(int) gb_jsonw_null(gb_jsonw *w, const char *key);

/* Append the document (all containers closed) to `out`, with a newline. */
GB_EXTERN(int) gb_jsonw_finish(gb_jsonw *w, gb_buf *out, bool pretty);

#ifdef __cplusplus
}
#endif
#endif
