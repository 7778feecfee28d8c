/*
 * git bench hook: install the pre-push hook, and the check it runs.
 *
 * The hook is hooks/pre-push of the source tree, carried in the program. An
 * existing pre-push hook is kept under <hook>.git-bench-chained and runs
 * first; uninstall puts it back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

extern const char gb_hook_pre_push[];

#define HOOK_MARKER "git-bench pre-push hook"
#define CHAINED_SUFFIX ".git-bench-chained"

static const char *const hook_usage[] = {
	"git bench hook install",
	"git bench hook uninstall",
	"git bench hook pre-push [<remote> [<url>]]   (run by git)",
	NULL,
};

/* Where git runs hooks: core.hooksPath (relative: to the work tree), or
 * the hooks directory of the repository. */
static int hooks_dir(gb_buf *out, git_repository *repo)
{
	git_config *cfg = NULL;
	git_buf value = GIT_BUF_INIT;
	const char *top = git_repository_workdir(repo);
	int error = 0;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&value, cfg, "core.hooksPath") == 0) {
		if (value.ptr[0] == '/' || !top)
			gb_buf_puts(out, value.ptr);
		else
			gb_buf_printf(out, "%s%s", top, value.ptr);
	} else {
		gb_buf_printf(out, "%shooks", git_repository_commondir(repo));
	}
	git_buf_dispose(&value);
	git_config_free(cfg);
	if (mkdir(out->ptr, 0777) < 0 && errno != EEXIST)
		error = gb_error_set(GB_ERROR, "cannot create %s: %s", out->ptr,
			strerror(errno));
	return error;
}

/* 1 when `path` is a hook we installed, 0 when another, -1 when none. */
static int whose(const char *path)
{
	gb_buf content = GB_BUF_INIT;
	int ours;

	if (access(path, F_OK) != 0)
		return -1;
	if (gb_read_file(&content, path, 1 << 20) < 0) {
		gb_buf_dispose(&content);
		return 0;
	}
	ours = content.ptr && strstr(content.ptr, HOOK_MARKER) != NULL;
	gb_buf_dispose(&content);
	return ours;
}

static int write_hook(const char *path)
{
	gb_buf tmp = GB_BUF_INIT;
	FILE *f;
	int error = 0;

	gb_buf_printf(&tmp, "%s.tmp", path);
	if (!(f = fopen(tmp.ptr, "w")) ||
	    fputs(gb_hook_pre_push, f) == EOF || fclose(f) != 0 ||
	    chmod(tmp.ptr, 0755) < 0 || rename(tmp.ptr, path) < 0) {
		error = cli_error("cannot write %s: %s", path, strerror(errno));
		unlink(tmp.ptr);
	}
	gb_buf_dispose(&tmp);
	return error;
}

static int install(git_repository *repo)
{
	gb_buf dir = GB_BUF_INIT, path = GB_BUF_INIT, chained = GB_BUF_INIT;
	gb_buf now = GB_BUF_INIT;
	int code = 0, state;

	if (hooks_dir(&dir, repo) < 0) {
		code = cli_error_last();
		goto done;
	}
	gb_buf_printf(&path, "%s/pre-push", dir.ptr);
	gb_buf_printf(&chained, "%s%s", path.ptr, CHAINED_SUFFIX);
	state = whose(path.ptr);
	if (state == 1 && gb_read_file(&now, path.ptr, 1 << 20) == 0 &&
	    now.ptr && !strcmp(now.ptr, gb_hook_pre_push)) {
		printf("The pre-push hook is already installed in %s\n", path.ptr);
		goto done;
	}
	if (state == 0) {
		if (access(chained.ptr, F_OK) == 0) {
			code = cli_error("%s exists already: move it away first",
				chained.ptr);
			goto done;
		}
		if (rename(path.ptr, chained.ptr) < 0) {
			code = cli_error("cannot move %s: %s", path.ptr, strerror(errno));
			goto done;
		}
	}
	if ((code = write_hook(path.ptr)) != 0)
		goto done;
	printf("Installed the pre-push hook in %s\n", path.ptr);
	if (state == 0)
		printf("The hook that was there runs first; it is now %s\n",
			chained.ptr);
done:
	gb_buf_dispose(&dir);
	gb_buf_dispose(&path);
	gb_buf_dispose(&chained);
	gb_buf_dispose(&now);
	return code;
}

static int uninstall(git_repository *repo)
{
	gb_buf dir = GB_BUF_INIT, path = GB_BUF_INIT, chained = GB_BUF_INIT;
	int code = 0, state;

	if (hooks_dir(&dir, repo) < 0) {
		code = cli_error_last();
		goto done;
	}
	gb_buf_printf(&path, "%s/pre-push", dir.ptr);
	gb_buf_printf(&chained, "%s%s", path.ptr, CHAINED_SUFFIX);
	state = whose(path.ptr);
	if (state == -1) {
		printf("No pre-push hook is installed in %s\n", dir.ptr);
	} else if (state == 0) {
		code = cli_error("%s is not git-bench's hook; left as it is",
			path.ptr);
	} else if (unlink(path.ptr) < 0) {
		code = cli_error("cannot remove %s: %s", path.ptr, strerror(errno));
	} else if (access(chained.ptr, F_OK) == 0) {
		if (rename(chained.ptr, path.ptr) < 0)
			code = cli_error("cannot restore %s: %s", path.ptr,
				strerror(errno));
		else
			printf("Removed the pre-push hook; restored the one that was "
			       "there before\n");
	} else {
		printf("Removed the pre-push hook from %s\n", path.ptr);
	}
done:
	gb_buf_dispose(&dir);
	gb_buf_dispose(&path);
	gb_buf_dispose(&chained);
	return code;
}

int cmd_hook(int argc, const char **argv)
{
	const struct cli_option opts[] = { OPT_END() };
	git_repository *repo = NULL;
	int code;

	argc = cli_parse_options(argc, argv, opts, hook_usage,
		CLI_STOP_AT_NON_OPTION);
	if (argc < 1)
		return cli_usage_error(hook_usage, opts, "which? install, uninstall "
							 "or pre-push");
	if (!strcmp(argv[0], "pre-push"))
		return cli_hook_pre_push(argc, argv);
	if (strcmp(argv[0], "install") && strcmp(argv[0], "uninstall"))
		return cli_usage_error(hook_usage, opts, "unknown hook command '%s'",
			argv[0]);
	if (argc > 1)
		return cli_usage_error(hook_usage, opts, "too many arguments");
	if (gb_repo_open(&repo, NULL) < 0)
		return cli_error_last();
	code = !strcmp(argv[0], "install") ? install(repo) : uninstall(repo);
	git_repository_free(repo);
	return code;
}
