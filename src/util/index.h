/*
 * Hashing, and an index of names to positions in an array its user owns:
 * open addressing on FNV-1a, which keeps the position (plus one) and asks
 * the user for the name at a position when it must compare.
 */
#ifndef GB_SRC_UTIL_INDEX_H
#define GB_SRC_UTIL_INDEX_H

#include "common.h"

/* FNV-1a over `len` bytes, continuing from `h` (start at the basis). */
#define GB_FNV32_BASIS 2166136261u
#define GB_FNV64_BASIS 14695981039346656037u
uint32_t gb_fnv1a32(uint32_t h, const void *data, size_t len);
uint64_t gb_fnv1a64(uint64_t h, const void *data, size_t len);

/* The name of the element at `pos` of the user's array. */
typedef const char *(*gb_index_name_fn)(const void *items, size_t pos);

typedef struct {
	size_t *slots;     /* position + 1; 0 is empty */
	size_t cap;        /* a power of two */
	size_t used;
} gb_index;

#define GB_INDEX_INIT { NULL, 0, 0 }

/* The position of `name`: 1 and *pos when indexed, 0 when not. */
int gb_index_find(size_t *pos, const gb_index *ix, const char *name,
	gb_index_name_fn name_at, const void *items);
/* Index `name` (not indexed yet) at `pos`, growing the table first. */
int gb_index_add(gb_index *ix, const char *name, size_t pos,
	gb_index_name_fn name_at, const void *items);
void gb_index_dispose(gb_index *ix);

#endif
