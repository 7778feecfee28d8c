/* Internal helpers shared by the library's modules. */
#ifndef GB_SRC_COMMON_H
#define GB_SRC_COMMON_H

#include <stdbool.h>
#include "gitbench/common.h"

#define GB_UNUSED(x) ((void)(x))
#define GB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Set the last error from libgit2's, prefixed with our context. */
int gb_error_git(int git_code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Forget libgit2's last error and errno before a call whose failure is
 * reported with gb_error_git, so that a stale message is never given.
 */
void gb_error_git_clear(void);
/* Tell the notice callback, if any. */
void gb_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The message of an out-of-memory failure. */
int gb_error_oom(void);

/* Exactly `len` bytes at `off` of `fd`: false on a short read or an error. */
bool gb_pread_all(int fd, void *buf, size_t len, uint64_t off);

/* Allocation that never returns NULL silently: NULL means set error. */
void *gb_malloc(size_t n);
void *gb_calloc(size_t n, size_t size);
void *gb_realloc(void *p, size_t n);
char *gb_strdup(const char *s);
char *gb_strndup(const char *s, size_t n);

/*
 * Make room for element `n` of the array at *items (`alloc` allocated, of
 * `size` bytes each), doubling it when full; the new part is not zeroed.
 * GB_ARRAY_GROW(v, n, alloc) is the same for `T *v`.
 */
int gb_array_grow(void *items, size_t *alloc, size_t n, size_t size);
#define GB_ARRAY_GROW(v, n, alloc) gb_array_grow(&(v), &(alloc), (n), sizeof(*(v)))

/*
 * `len` bytes of `data` in base64 (RFC 4648): padded with '=', or, when
 * `url`, in the URL and file name safe alphabet without padding.
 */
int gb_buf_base64(gb_buf *out, const void *data, size_t len, bool url);

/*
 * Length of the valid UTF-8 sequence at NUL-terminated s (0 if invalid),
 * and its code point.
 */
size_t gb_utf8_char(const unsigned char *s, uint32_t *cp);
/* Code points a terminal acts on: C0, DEL, C1, bidirectional controls. */
bool gb_is_control(uint32_t cp);
/*
 * Terminal cells a printable code point takes: 2 for East Asian wide and
 * fullwidth characters and for emoji and the other planes, else 1.
 */
size_t gb_char_cells(uint32_t cp);

/*
 * Finite `v` in the fewest of 15 to 17 significant digits that read back
 * as the very value (util/jsonw.c): what every output writes a number as.
 */
void gb_number_text(char text[32], double v);

#endif
