#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

int gb_buf_grow(gb_buf *buf, size_t extra)
{
	size_t need, alloc;
	char *p;

	if (extra > SIZE_MAX - buf->size - 1)
		return gb_error_oom();
	need = buf->size + extra + 1;
	if (need <= buf->asize)
		return 0;
	/* A first size asked for is taken as it is; growth doubles. */
	alloc = buf->asize ? buf->asize : need > 64 ? need : 64;
	while (alloc < need)
		alloc = alloc > SIZE_MAX / 2 ? need : alloc * 2;
	p = gb_realloc(buf->ptr, alloc);
	if (!p)
		return GB_ERROR;
	buf->ptr = p;
	buf->asize = alloc;
	return 0;
}

int gb_buf_put(gb_buf *buf, const void *data, size_t len)
{
	if (gb_buf_grow(buf, len) < 0)
		return GB_ERROR;
	if (len)
		memcpy(buf->ptr + buf->size, data, len);
	buf->size += len;
	buf->ptr[buf->size] = '\0';
	return 0;
}

int gb_buf_puts(gb_buf *buf, const char *s)
{
	return gb_buf_put(buf, s, strlen(s));
}

int gb_buf_putc(gb_buf *buf, char c)
{
	return gb_buf_put(buf, &c, 1);
}

int gb_buf_vprintf(gb_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return gb_error_set(GB_ERROR, "cannot format output");
	if (gb_buf_grow(buf, (size_t)n) < 0)
		return GB_ERROR;
	vsnprintf(buf->ptr + buf->size, (size_t)n + 1, fmt, ap);
	buf->size += (size_t)n;
	return 0;
}

int gb_buf_printf(gb_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int error;

	va_start(ap, fmt);
	error = gb_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return error;
}

void gb_buf_clear(gb_buf *buf)
{
	buf->size = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

void gb_buf_dispose(gb_buf *buf)
{
	if (!buf)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
}

char *gb_buf_detach(gb_buf *buf)
{
	char *p = buf->ptr;

	if (!p)
		p = gb_strdup("");
	buf->ptr = NULL;
	buf->size = buf->asize = 0;
	return p;
}

/* All `len` bytes through write() or, with `buf`, pread() at `off`. */
static bool transfer_all(int fd, const char *data, char *buf, size_t len,
	uint64_t off)
{
	while (len) {
		ssize_t n = buf ? pread(fd, buf, len, (off_t)off)
				: write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		if (buf)
			buf += n;
		else
			data += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return true;
}

bool gb_write_all(int fd, const void *data, size_t len)
{
	return transfer_all(fd, data, NULL, len, 0);
}

bool gb_pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	return transfer_all(fd, NULL, buf, len, off);
}

int gb_read_fd(gb_buf *out, int fd, const char *name, size_t max)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return gb_error_set(GB_ERROR, "cannot read %s: %s", name,
				strerror(errno));
		if (n == 0)
			return 0;
		if (out->size + (size_t)n > max)
			return gb_error_set(GB_EINVALID,
				"%s: larger than %zu MiB", name, max >> 20);
		if (gb_buf_put(out, chunk, (size_t)n) < 0)
			return GB_ERROR;
	}
}

int gb_read_file(gb_buf *out, const char *path, size_t max)
{
	struct stat st;
	int fd, error;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return gb_error_set(errno == ENOENT ? GB_ENOTFOUND : GB_ERROR,
			"cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return gb_error_set(GB_EINVALID, "%s: is a directory", path);
	}
	error = gb_read_fd(out, fd, path, max);
	close(fd);
	return error;
}

int gb_buf_base64(gb_buf *out, const void *data, size_t len, bool url)
{
	const char *b64 = url
		? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *d = data;
	size_t i;

	if (gb_buf_grow(out, (len + 2) / 3 * 4 + 1) < 0)
		return GB_ERROR;
	for (i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)d[i] << 16 |
			(i + 1 < len ? (unsigned long)d[i + 1] << 8 : 0) |
			(i + 2 < len ? d[i + 2] : 0);

		gb_buf_putc(out, b64[(v >> 18) & 63]);
		gb_buf_putc(out, b64[(v >> 12) & 63]);
		if (i + 1 < len || !url)
			gb_buf_putc(out, i + 1 < len ? b64[(v >> 6) & 63] : '=');
		if (i + 2 < len || !url)
			gb_buf_putc(out, i + 2 < len ? b64[v & 63] : '=');
	}
	return 0;
}
