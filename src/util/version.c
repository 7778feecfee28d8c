#include <git2.h>

#include "common.h"

const char *gb_version(void)
{
	return GB_VERSION_STRING;
}

int gb_init(void)
{
	if (git_libgit2_init() < 0)
		return gb_error_set(GB_ERROR, "cannot initialise libgit2");
	return 0;
}

void gb_shutdown(void)
{
	git_libgit2_shutdown();
}
