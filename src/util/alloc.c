/*
 * Allocation through one shim: a failure sets the last error, so callers
 * only return GB_ERROR.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int gb_error_oom(void)
{
	return gb_error_set(GB_ERROR, "out of memory");
}

void *gb_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		gb_error_oom();
	return p;
}

void *gb_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		gb_error_oom();
	return p;
}

void *gb_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		gb_error_oom();
	return q;
}

char *gb_strdup(const char *s)
{
	return s ? gb_strndup(s, strlen(s)) : NULL;
}

char *gb_strndup(const char *s, size_t n)
{
	char *p = gb_malloc(n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int gb_array_grow(void *items, size_t *alloc, size_t n, size_t size)
{
	void *old, *grown;
	size_t want;

	if (n < *alloc)
		return 0;
	want = *alloc ? *alloc * 2 : 16;
	if (want > SIZE_MAX / size)
		return gb_error_oom();
	/* Through memcpy: `items` is the address of a pointer of any type. */
	memcpy(&old, items, sizeof(old));
	if (!(grown = gb_realloc(old, want * size)))
		return GB_ERROR;
	memcpy(items, &grown, sizeof(grown));
	*alloc = want;
	return 0;
}
