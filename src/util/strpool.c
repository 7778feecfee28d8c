/* Strings packed in blocks, freed together. */
#include <stdlib.h>
#include <string.h>

#include "util/strpool.h"

#define STRPOOL_BLOCK (64u * 1024u)

struct gb_strpool_block {
	gb_strpool_block *next;
	size_t used, size;
	char data[];
};

/* A block of its own for a long string, kept behind the one being filled. */
static char *own_block(gb_strpool *pool, size_t len)
{
	gb_strpool_block *b = gb_malloc(sizeof(*b) + len + 1);

	if (!b)
		return NULL;
	b->used = b->size = len + 1;
	if (pool->head) {
		b->next = pool->head->next;
		pool->head->next = b;
	} else {
		b->next = NULL;
		pool->head = b;
	}
	return b->data;
}

const char *gb_strpool_keep(gb_strpool *pool, const char *s, size_t len)
{
	gb_strpool_block *b = pool->head;
	char *p;

	if (len >= STRPOOL_BLOCK / 4) {
		p = own_block(pool, len);
	} else {
		if (!b || b->size - b->used <= len) {
			if (!(b = gb_malloc(sizeof(*b) + STRPOOL_BLOCK)))
				return NULL;
			b->used = 0;
			b->size = STRPOOL_BLOCK;
			b->next = pool->head;
			pool->head = b;
		}
		p = b->data + b->used;
		b->used += len + 1;
	}
	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

const char *gb_strpool_keep_name(gb_strpool *pool, const char *path,
	const char *name)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strcmp(base, name) == 0 ? base
				       : gb_strpool_keep(pool, name, strlen(name));
}

void gb_strpool_dispose(gb_strpool *pool)
{
	while (pool->head) {
		gb_strpool_block *next = pool->head->next;

		free(pool->head);
		pool->head = next;
	}
}
