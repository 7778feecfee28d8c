/* The repository a command works in. */
#include <string.h>

#include "messages.h"
#include "repo.h"
#include "terminal.h"

int cli_repo_open(cli_repo *r)
{
	memset(r, 0, sizeof(*r));
	if (gb_repo_open(&r->repo, NULL) == 0 &&
	    gb_store_open(&r->store, r->repo, NULL) == 0) {
		r->config = gb_store_config(r->store);
		if (cli_color_check(r->config) == 0)
			return 0;
		cli_repo_close(r);
		return EXIT_USAGE;
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

void cli_warn_history_cut(cli_repo *r)
{
	gb_buf why = GB_BUF_INIT;

	if (gb_revision_history_cut(&why, r->store) == 1)
		cli_warning("%s", why.ptr);
	gb_buf_dispose(&why);
}

void cli_narrow_pack_windows(void)
{
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)4 << 20);
}
