/* Ranges of commits as git names them, walked along first parents. */
#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "range.h"

static int resolve_side(git_oid *out, gb_store *store, const char *rev,
	size_t len)
{
	char *name = len ? strndup(rev, len) : strdup("HEAD");
	int code = 0;

	if (!name)
		return cli_error("out of memory");
	if (gb_revision_resolve(out, store, name) < 0)
		code = cli_error_last();
	free(name);
	return code;
}

int cli_parse_range(cli_range *out, gb_store *store, const char *spec)
{
	const char *dots;
	int code;

	memset(out, 0, sizeof(*out));
	if (!spec)
		spec = "HEAD";
	out->spec = spec;
	if (!(dots = strstr(spec, "..")))
		return resolve_side(&out->start, store, spec, strlen(spec));
	if (dots[2] == '.')
		return cli_error("'%s': only A..B ranges are walked (first parents "
				 "of B down to A), not A...B", spec);
	if ((code = resolve_side(&out->hide, store, spec,
		     (size_t)(dots - spec))) != 0 ||
	    (code = resolve_side(&out->start, store, dots + 2,
		     strlen(dots + 2))) != 0)
		return code;
	out->has_hide = true;
	return 0;
}

void cli_range_walk(gb_walk_options *out, const cli_range *range)
{
	gb_walk_options defaults = GB_WALK_OPTIONS_INIT;

	*out = defaults;
	out->hide = range->has_hide ? &range->hide : NULL;
}
