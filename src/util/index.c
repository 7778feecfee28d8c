/* FNV-1a, and the index of names built on it. */
#include <stdlib.h>
#include <string.h>

#include "util/index.h"

uint32_t gb_fnv1a32(uint32_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

uint64_t gb_fnv1a64(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211u;
	return h;
}

static bool same(gb_index_key a, gb_index_key b)
{
	if (strcmp(a.name, b.name))
		return false;
	if (!a.measure || !b.measure)
		return a.measure == b.measure;
	return !strcmp(a.measure, b.measure);
}

/* Where `key` is, or the empty slot where it would go. */
static size_t *slot_of(const gb_index *ix, gb_index_key key,
	gb_index_key_fn key_at, const void *items)
{
	uint64_t h = gb_fnv1a64(GB_FNV64_BASIS, key.name, strlen(key.name));
	size_t i;

	/* The NUL between them keeps ("ab", "c") from ("a", "bc"). */
	if (key.measure)
		h = gb_fnv1a64(h, key.measure, strlen(key.measure) + 1);
	i = (size_t)h & (ix->cap - 1);
	while (ix->slots[i] && !same(key_at(items, ix->slots[i] - 1), key))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

int gb_index_find(size_t *pos, const gb_index *ix, gb_index_key key,
	gb_index_key_fn key_at, const void *items)
{
	size_t *slot;

	if (!ix->cap)
		return 0;
	slot = slot_of(ix, key, key_at, items);
	if (!*slot)
		return 0;
	*pos = *slot - 1;
	return 1;
}

/* Twice the slots, each key moved to its place in them. */
static int grow(gb_index *ix, gb_index_key_fn key_at, const void *items)
{
	gb_index bigger = { NULL, ix->cap ? ix->cap * 2 : 64, ix->used };
	size_t i;

	if (!(bigger.slots = gb_calloc(bigger.cap, sizeof(size_t))))
		return GB_ERROR;
	for (i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			*slot_of(&bigger, key_at(items, ix->slots[i] - 1), key_at,
				items) = ix->slots[i];
	free(ix->slots);
	*ix = bigger;
	return 0;
}

int gb_index_add(gb_index *ix, gb_index_key key, size_t pos,
	gb_index_key_fn key_at, const void *items)
{
	/* At most half full: probes stay short. */
	if ((ix->used + 1) * 2 > ix->cap && grow(ix, key_at, items) < 0)
		return GB_ERROR;
	*slot_of(ix, key, key_at, items) = pos + 1;
	ix->used++;
	return 0;
}

void gb_index_dispose(gb_index *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}
