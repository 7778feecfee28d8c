#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2/errors.h>

#include "common.h"

static _Thread_local char error_message[1024];
static _Thread_local gb_error last_error;

const gb_error *gb_error_last(void)
{
	/* A thread-local's address is not a constant initializer. */
	last_error.message = error_message;
	return &last_error;
}

void gb_error_clear(void)
{
	last_error.code = 0;
	error_message[0] = '\0';
}

int gb_error_vset(int code, const char *fmt, va_list ap)
{
	/* Format into a scratch buffer: fmt's arguments may point into the
	 * current message. */
	char tmp[sizeof(error_message)];

	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	memcpy(error_message, tmp, sizeof(tmp));
	last_error.code = code;
	return code;
}

int gb_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gb_error_vset(code, fmt, ap);
	va_end(ap);
	return code;
}

int gb_error_git(int git_code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	char ctx[512];
	int code = GB_ERROR;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	if (git_code == GIT_ENOTFOUND)
		code = GB_ENOTFOUND;
	if (e && e->message && *e->message)
		return gb_error_set(code, "%s: %s", ctx, e->message);
	return gb_error_set(code, "%s", ctx);
}

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
