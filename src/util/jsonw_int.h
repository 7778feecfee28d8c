/*
 * A mark in a JSON document, for a part written apart: the page of a
 * report prints each series on its own, so that the whole document is
 * never one cJSON tree beside its text.
 */
#ifndef GB_SRC_UTIL_JSONW_INT_H
#define GB_SRC_UTIL_JSONW_INT_H

#include "gitbench/jsonw.h"

/*
 * GB_JSONW_MARK, `id` in decimal, GB_JSONW_MARK where a value goes: a
 * byte that gb_jsonw_finish never writes otherwise (cJSON escapes every
 * control character inside strings), so each one in the text is a mark.
 */
#define GB_JSONW_MARK '\001'
int gb_jsonw_mark(gb_jsonw *w, const char *key, size_t id);

#endif
