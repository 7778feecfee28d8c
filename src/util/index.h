/*
 * Hashing, and an index of names (or of names and measures) to positions
 * in an array its user owns: open addressing on FNV-1a, which keeps the
 * position (plus one) and asks the user for the key at a position when it
 * must compare.
 */
#ifndef GB_SRC_UTIL_INDEX_H
#define GB_SRC_UTIL_INDEX_H

#include "common.h"

/* FNV-1a over `len` bytes, continuing from `h` (start at the basis). */
#define GB_FNV32_BASIS 2166136261u
#define GB_FNV64_BASIS 14695981039346656037u
uint32_t gb_fnv1a32(uint32_t h, const void *data, size_t len);
uint64_t gb_fnv1a64(uint64_t h, const void *data, size_t len);

/*
 * What an element is found by: a name, and a second name that may be NULL
 * (a benchmark's measure; a key that has none).
 */
typedef struct {
	const char *name;
	const char *measure;
} gb_index_key;

/* The key of a name alone. */
static inline gb_index_key gb_index_name(const char *name)
{
	gb_index_key k = { name, NULL };

	return k;
}

/* The key of the element at `pos` of the user's array. */
typedef gb_index_key (*gb_index_key_fn)(const void *items, size_t pos);

typedef struct {
	size_t *slots;     /* position + 1; 0 is empty */
	size_t cap;        /* a power of two */
	size_t used;
} gb_index;

#define GB_INDEX_INIT { NULL, 0, 0 }

/* The position of `key`: 1 and *pos when indexed, 0 when not. */
int gb_index_find(size_t *pos, const gb_index *ix, gb_index_key key,
	gb_index_key_fn key_at, const void *items);
/* Index `key` (not indexed yet) at `pos`, growing the table first. */
int gb_index_add(gb_index *ix, gb_index_key key, size_t pos,
	gb_index_key_fn key_at, const void *items);
void gb_index_dispose(gb_index *ix);

#endif
