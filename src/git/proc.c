#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git/proc.h"

extern char **environ;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The ends of the child's standard streams the parent keeps. */
typedef struct {
	int in, out, err;
} ends;

/*
 * Standard input, when bytes are given, is a socket rather than a pipe:
 * send() with MSG_NOSIGNAL then fails with EPIPE when the child exits
 * without reading it all, where a pipe would raise SIGPIPE in the caller.
 */
static int make_streams(int in[2], int out[2], int err[2], bool input,
	bool pass_stderr)
{
	if ((input && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0) ||
	    pipe2(out, O_CLOEXEC) < 0 || (!pass_stderr && pipe2(err, O_CLOEXEC) < 0))
		return gb_error_set(GB_ERROR, "cannot make a pipe: %s", strerror(errno));
	return 0;
}

static int start(pid_t *pid, ends *e, const char *const *argv,
	const gb_proc_options *opts)
{
	bool pass_stderr = opts && opts->pass_stderr, input = opts && opts->input;
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 }, rc;

	if ((rc = make_streams(in, out, err, input, pass_stderr)) < 0)
		goto cleanup;
	posix_spawn_file_actions_init(&fa);
	if (input)
		posix_spawn_file_actions_adddup2(&fa, in[1], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	if (!pass_stderr)
		posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	rc = posix_spawnp(pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		rc = gb_error_set(rc == ENOENT ? GB_ENOTFOUND : GB_ERROR,
			"cannot run %s: %s", argv[0], strerror(rc));
		goto cleanup;
	}
	e->in = in[0];
	e->out = out[0];
	e->err = err[0];
	in[0] = out[0] = err[0] = -1;
cleanup:
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&out[0]);
	close_fd(&out[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	return rc;
}

/* Keep only the tail of standard error: the end says what went wrong. */
static void keep_tail(gb_buf *err)
{
	size_t drop;

	if (err->size <= GB_PROC_STDERR_KEEP)
		return;
	drop = err->size - GB_PROC_STDERR_KEEP;
	memmove(err->ptr, err->ptr + drop, GB_PROC_STDERR_KEEP);
	err->size = GB_PROC_STDERR_KEEP;
	err->ptr[err->size] = '\0';
}

/* Where a child's standard error goes besides `err`. */
typedef struct {
	void (*fn)(const char *data, size_t len, void *payload);
	void *payload;
} err_tee;

/* Read one chunk from fd; 0 at end of file (fd closed), < 0 on error. */
static int drain(int *fd, gb_buf *into, size_t max, bool *overflow,
	const err_tee *t)
{
	char chunk[8192];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -1;
	if (n == 0) {
		close_fd(fd);
		return 0;
	}
	if (t && t->fn)
		t->fn(chunk, (size_t)n, t->payload);
	if (!into)
		return 1;
	if (max && into->size + (size_t)n > max) {
		*overflow = true; /* go on reading so the child can finish */
		return 1;
	}
	return gb_buf_put(into, chunk, (size_t)n) < 0 ? -1 : 1;
}

/* Send what is left of the input; its end is closed once all is sent. */
static int feed(int *fd, const char *data, size_t len, size_t *sent)
{
	ssize_t n = send(*fd, data + *sent, len - *sent, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n < 0 && errno != EPIPE && errno != ECONNRESET)
		return -1;
	if (n < 0 || (*sent += (size_t)n) == len)
		close_fd(fd); /* EPIPE: the child stopped reading */
	return 1;
}

static int collect(ends *e, gb_buf *out, gb_buf *err,
	const gb_proc_options *opts, bool *overflow)
{
	size_t max = opts ? opts->max_stdout : 0, sent = 0;
	err_tee t = { opts ? opts->on_stderr : NULL, opts ? opts->payload : NULL };
	struct pollfd p[3];
	int error = 0;

	if (e->in >= 0 && opts->input_len == 0)
		close_fd(&e->in);
	while ((e->out >= 0 || e->err >= 0) && error >= 0) {
		p[0].fd = e->out;
		p[0].events = POLLIN;
		p[1].fd = e->err;
		p[1].events = POLLIN;
		p[2].fd = e->in;
		p[2].events = POLLOUT;
		p[0].revents = p[1].revents = p[2].revents = 0;
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			error = -1;
			break;
		}
		if (e->in >= 0 && p[2].revents)
			error = feed(&e->in, opts->input, opts->input_len, &sent);
		if (error >= 0 && e->out >= 0 && p[0].revents)
			error = drain(&e->out, out, max, overflow, NULL);
		if (error >= 0 && e->err >= 0 && p[1].revents) {
			error = drain(&e->err, err, 0, overflow, &t);
			if (err)
				keep_tail(err);
		}
	}
	close_fd(&e->in);
	close_fd(&e->out);
	close_fd(&e->err);
	return error < 0 ? gb_error_set(GB_ERROR, "cannot read a program's output")
			 : 0;
}

int gb_proc_run(int *status, gb_buf *out, gb_buf *err, const char *const *argv,
	const gb_proc_options *opts)
{
	bool overflow = false;
	ends e = { -1, -1, -1 };
	int wstatus = 0, error;
	pid_t pid;

	*status = -1;
	if ((error = start(&pid, &e, argv, opts)) < 0)
		return error;
	error = collect(&e, out, err, opts, &overflow);
	while (waitpid(pid, &wstatus, 0) < 0) {
		if (errno != EINTR)
			return gb_error_set(GB_ERROR, "cannot wait for %s: %s",
				argv[0], strerror(errno));
	}
	if (error < 0)
		return error;
	if (overflow)
		return gb_error_set(GB_ERROR, "%s wrote more than %zu bytes",
			argv[0], opts->max_stdout);
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus)
				     : 128 + WTERMSIG(wstatus);
	return 0;
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

/*
 * The line at p (up to stop): *text and *n its words, without trailing
 * blanks or git's "fatal: " or "error: "; returns where the next begins.
 */
static const char *complaint(const char *p, const char *stop,
	const char **text, size_t *n)
{
	const char *end = memchr(p, '\n', (size_t)(stop - p));

	if (!end)
		end = stop;
	*n = (size_t)(end - p);
	while (*n && (p[*n - 1] == '\r' || p[*n - 1] == ' '))
		(*n)--;
	if (starts_with(p, *n, "fatal: ") || starts_with(p, *n, "error: ")) {
		p += 7;
		*n -= 7;
	}
	*text = p;
	return end < stop ? end + 1 : stop;
}

int gb_proc_error_line(gb_buf *out, const gb_buf *err)
{
	const char *p, *next, *text, *stop;
	size_t n;

	if (!err || !err->size)
		return 0;
	stop = err->ptr + err->size;
	/* The first complaint names the cause ("ssh: Could not resolve...");
	 * the later ones are git's general "Could not read from remote". */
	for (p = err->ptr; p < stop; p = next) {
		next = complaint(p, stop, &text, &n);
		if (!n || starts_with(p, n, "warning: ") || starts_with(p, n, "hint: "))
			continue;
		if (gb_buf_put(out, text, n) < 0)
			return GB_ERROR;
		/* "...lacks these prerequisite commits:" names them next. */
		if (text[n - 1] == ':' && next < stop) {
			complaint(next, stop, &text, &n);
			if (n && (gb_buf_putc(out, ' ') < 0 ||
				  gb_buf_put(out, text, n) < 0))
				return GB_ERROR;
		}
		return 0;
	}
	return 0;
}
