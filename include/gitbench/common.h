/*
 * Common definitions of libgitbench: export macro, error codes, the
 * last-error slot and a growable byte buffer.
 */
#ifndef GITBENCH_COMMON_H
#define GITBENCH_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GB_EXTERN(type) extern __attribute__((visibility("default"))) type

/*
 * Return codes. Functions return 0 on success and one of these on failure;
 * the message is in gb_error_last(). Callers can act on the specific ones.
 */
typedef enum {
	GB_OK = 0,
	GB_ERROR = -1,      /* anything else: I/O, libgit2, out of memory */
	GB_ENOTFOUND = -3,  /* no such revision, note, result, file */
	GB_EINVALID = -4,   /* bad input: malformed data or argument */
	GB_ECONFLICT = -5,  /* a concurrent writer won too many times */
	GB_EDAMAGED = -6,   /* stored data that cannot be decoded */
	GB_EDIRTY = -7,     /* the work tree does not match the commit */
} gb_error_code;

typedef struct {
	int code;
	const char *message;
} gb_error;

/* The last error of this thread; never NULL (message "" when none). */
GB_EXTERN(const gb_error *) gb_error_last(void);
GB_EXTERN(void) gb_error_clear(void);
/* Set the last error; returns code so callers can `return gb_error_set(..)`. */
GB_EXTERN(int) gb_error_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
GB_EXTERN(int) gb_error_vset(int code, const char *fmt, va_list ap);

/*
 * What the library did on its own that the user should hear of (a lock
 * left by a killed process, taken over): one line, without a prefix, to
 * `fn` when set. The library never prints.
 */
typedef void (*gb_notice_fn)(const char *message, void *payload);
GB_EXTERN(void) gb_set_notice_callback(gb_notice_fn fn, void *payload);

/* A growable, always NUL-terminated byte buffer. GB_BUF_INIT is empty. */
typedef struct {
	char *ptr;
	size_t size;
	size_t asize;
} gb_buf;

#define GB_BUF_INIT { NULL, 0, 0 }

GB_EXTERN(int) gb_buf_grow(gb_buf *buf, size_t extra);
GB_EXTERN(int) gb_buf_put(gb_buf *buf, const void *data, size_t len);
GB_EXTERN(int) gb_buf_puts(gb_buf *buf, const char *s);
GB_EXTERN(int) gb_buf_putc(gb_buf *buf, char c);
GB_EXTERN(int) gb_buf_printf(gb_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
GB_EXTERN(int) gb_buf_vprintf(gb_buf *buf, const char *fmt, va_list ap);
GB_EXTERN(void) gb_buf_clear(gb_buf *buf);
GB_EXTERN(void) gb_buf_dispose(gb_buf *buf);
/* Hand the contents to the caller (free() them) and reset the buffer. */
GB_EXTERN(char *) gb_buf_detach(gb_buf *buf);

/*
 * Read a whole file, or all of a file descriptor, into `out`: at most `max`
 * bytes (GB_EINVALID beyond), errors naming the file (`name` for an fd).
 */
GB_EXTERN(int) gb_read_file(gb_buf *out, const char *path, size_t max);
GB_EXTERN(int) gb_read_fd(gb_buf *out, int fd, const char *name, size_t max);
/* All of `data` to `fd`, through interruptions; false when it cannot be. */
GB_EXTERN(bool) gb_write_all(int fd, const void *data, size_t len);

/* Library version, "MAJOR.MINOR.PATCH". */
GB_EXTERN(const char *) gb_version(void);

/* Initialise libgit2 for the library; pair with gb_shutdown(). */
GB_EXTERN(int) gb_init(void);
GB_EXTERN(void) gb_shutdown(void);

#ifdef __cplusplus
}
#endif
#endif
