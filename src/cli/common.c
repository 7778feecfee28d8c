/* Messages, the repository context and formatting shared by commands. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void message(const char *prefix, const char *fmt, va_list ap)
{
	gb_buf raw = GB_BUF_INIT, esc = GB_BUF_INIT;

	gb_buf_vprintf(&raw, fmt, ap);
	/* Messages quote names from data: never let them reach the terminal
	 * raw. */
	gb_escape_text(&esc, raw.ptr ? raw.ptr : "");
	fflush(stdout);
	fprintf(stderr, "%s%s\n", prefix, esc.ptr ? esc.ptr : "");
	gb_buf_dispose(&raw);
	gb_buf_dispose(&esc);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("error: ", fmt, ap);
	va_end(ap);
	return EXIT_USAGE;
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message("warning: ", fmt, ap);
	va_end(ap);
}

int cli_error_last(void)
{
	const char *msg = gb_error_last()->message;

	return cli_error("%s", *msg ? msg : "unknown error");
}

int cli_repo_open(cli_repo *r)
{
	memset(r, 0, sizeof(*r));
	if (gb_repo_open(&r->repo, NULL) == 0 &&
	    gb_store_open(&r->store, r->repo, NULL) == 0) {
		r->config = gb_store_config(r->store);
		return 0;
	}
	cli_error_last();
	cli_repo_close(r);
	return EXIT_USAGE;
}

void cli_repo_close(cli_repo *r)
{
	gb_store_free(r->store);
	git_repository_free(r->repo);
	memset(r, 0, sizeof(*r));
}

int cli_machine_key(char **out, const gb_config *cfg, const gb_env *env)
{
	const char *key = gb_config_get(cfg, "bench.machine", NULL);

	if (key && *key) {
		*out = strdup(key);
		return *out ? 0 : gb_error_set(GB_ERROR, "out of memory");
	}
	return gb_machine_key(out, env);
}

void cli_short_id(gb_buf *out, git_repository *repo, const git_oid *id)
{
	char s[GIT_OID_HEXSZ + 1];

	gb_repo_short_id(s, repo, id);
	gb_buf_puts(out, s);
}

bool cli_write(const gb_buf *buf)
{
	if (buf->size && fwrite(buf->ptr, 1, buf->size, stdout) != buf->size)
		return false;
	return !ferror(stdout);
}

int cli_results_path(gb_buf *out, cli_repo *r, const char *given)
{
	const char *rel = gb_config_get(r->config, "bench.results", NULL);
	const char *top = git_repository_workdir(r->repo);

	if (given)
		return gb_buf_puts(out, given);
	if (rel && rel[0] == '/')
		return gb_buf_puts(out, rel);
	if (!top)
		return gb_error_set(GB_EINVALID,
			"no results path given and no work tree to look in");
	/* bench.results is relative to the top of the work tree. */
	return gb_buf_printf(out, "%s%s", top, rel);
}
