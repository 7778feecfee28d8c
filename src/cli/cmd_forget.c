/* git bench forget: remove the results of one commit. */
#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const forget_usage[] = {
	"git bench forget <rev>",
	NULL,
};

int cmd_forget(int argc, const char **argv)
{
	const struct cli_option opts[] = { OPT_END() };
	gb_buf out = GB_BUF_INIT;
	size_t removed = 0;
	cli_repo r;
	git_oid commit;
	int code;

	argc = cli_parse_options(argc, argv, opts, forget_usage, 0);
	if (argc != 1)
		return cli_usage_error(forget_usage, opts,
			argc ? "too many arguments" : "which commit? name a revision");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_revision_resolve(&commit, r.store, argv[0]) < 0 ||
	    gb_store_forget(r.store, &commit, &removed) < 0) {
		code = cli_error_last();
	} else {
		gb_buf_printf(&out, "Forgot %zu run%s of ", removed,
			removed == 1 ? "" : "s");
		gb_repo_short_id_buf(&out, r.repo, &commit);
		gb_buf_putc(&out, '\n');
		cli_write(&out);
	}
	gb_buf_dispose(&out);
	cli_repo_close(&r);
	return code;
}
