/*
 * The runs a history commit's message names. Every write lists what it
 * added or removed, one line a run, so that `git log` of the history reads
 * as an audit log; past GB_RUN_LINES_MAX lines it says how many more and
 * how to list them. A first pull or a prune of 100,000 runs wrote 8.5 MB of
 * message that libgit2 then held up to four times (the buffer, the commit,
 * and each parse of it), most of the command's memory.
 */
#include "store/store_int.h"

void gb_run_lines_add(gb_run_lines *l, const char *id, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (l->n++ >= GB_RUN_LINES_MAX)
		return;
	git_oid_tostr(hex, sizeof(hex), commit);
	gb_buf_printf(l->msg, "run %s commit %s\n", id, hex);
}

void gb_run_lines_end(gb_run_lines *l)
{
	size_t more = l->n > GB_RUN_LINES_MAX ? l->n - GB_RUN_LINES_MAX : 0;

	/* Two lines, each within 80 columns under git log's indent. */
	if (more)
		gb_buf_printf(l->msg, "and %zu more run%s, every one listed by\n"
				      "    git diff-tree -r --diff-filter=%c "
				      "<this commit>^ <this commit>\n",
			more, more == 1 ? "" : "s", l->removed ? 'D' : 'A');
}
