/* FNV-1a, and the name index built on it. */
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

/* Where `name` is, or the empty slot where it would go. */
static size_t *slot_of(const gb_index *ix, const char *name,
	gb_index_name_fn name_at, const void *items)
{
	size_t i = (size_t)gb_fnv1a64(GB_FNV64_BASIS, name, strlen(name)) &
		   (ix->cap - 1);

	while (ix->slots[i] && strcmp(name_at(items, ix->slots[i] - 1), name))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

int gb_index_find(size_t *pos, const gb_index *ix, const char *name,
	gb_index_name_fn name_at, const void *items)
{
	size_t *slot;

	if (!ix->cap)
		return 0;
	slot = slot_of(ix, name, name_at, items);
	if (!*slot)
		return 0;
	*pos = *slot - 1;
	return 1;
}

/* Twice the slots, each name moved to its place in them. */
static int grow(gb_index *ix, gb_index_name_fn name_at, const void *items)
{
	gb_index bigger = { NULL, ix->cap ? ix->cap * 2 : 64, ix->used };
	size_t i;

	if (!(bigger.slots = gb_calloc(bigger.cap, sizeof(size_t))))
		return GB_ERROR;
	for (i = 0; i < ix->cap; i++)
		if (ix->slots[i])
			*slot_of(&bigger, name_at(items, ix->slots[i] - 1), name_at,
				items) = ix->slots[i];
	free(ix->slots);
	*ix = bigger;
	return 0;
}

int gb_index_add(gb_index *ix, const char *name, size_t pos,
	gb_index_name_fn name_at, const void *items)
{
	/* At most half full: probes stay short. */
	if ((ix->used + 1) * 2 > ix->cap && grow(ix, name_at, items) < 0)
		return GB_ERROR;
	*slot_of(ix, name, name_at, items) = pos + 1;
	ix->used++;
	return 0;
}

void gb_index_dispose(gb_index *ix)
{
	free(ix->slots);
	memset(ix, 0, sizeof(*ix));
}
