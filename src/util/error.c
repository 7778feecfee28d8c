/* The last-error slot: one message and code per thread. */
#include <errno.h>
#include <stdio.h>
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

static gb_notice_fn notice_fn;
static void *notice_payload;

void gb_set_notice_callback(gb_notice_fn fn, void *payload)
{
	notice_fn = fn;
	notice_payload = payload;
}

void gb_notice(const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	if (!notice_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	notice_fn(text, notice_payload);
}

void gb_error_git_clear(void)
{
	git_error_clear();
	errno = 0;
}

/*
 * The system's failures that a write meets (a full disk, a read-only or
 * unwritable directory, a size limit). libgit2 does not always say them:
 * some of its paths fail on write(2) without setting an error, and then
 * its last error is an older one that has nothing to do with it.
 */
static bool system_failure(int err, const git_error *e)
{
	if (err == ENOSPC || err == EDQUOT || err == EROFS || err == EFBIG ||
	    err == EIO)
		return !e || !e->message || !strstr(e->message, strerror(err));
	/* A refused open may be one that was expected to fail: only when
	 * libgit2 says nothing, or says the system failed otherwise. */
	if (err == EACCES || err == EPERM)
		return !e || (e->klass == GIT_ERROR_OS && e->message &&
				     !strstr(e->message, strerror(err)));
	return false;
}

int gb_error_git(int git_code, const char *fmt, ...)
{
	const git_error *e = git_error_last();
	int sys = errno;
	char ctx[512];
	int code = GB_ERROR;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	if (git_code == GIT_ENOTFOUND)
		code = GB_ENOTFOUND;
	if (system_failure(sys, e))
		return gb_error_set(code, "%s: %s", ctx, strerror(sys));
	if (e && e->message && *e->message)
		return gb_error_set(code, "%s: %s", ctx, e->message);
	return gb_error_set(code, "%s", ctx);
}
