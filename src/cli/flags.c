/* The flag sets several commands share. */
#include "flags.h"
#include "messages.h"

int cli_verdict_flags_apply(gb_check_options *o,
	const struct cli_verdict_flags *f)
{
	if (!isnan(f->max_regression) && f->max_regression < 0)
		return cli_error("--max-regression must be 0 or more");
	o->max_regression = f->max_regression;
	o->estimator = f->estimator;
	return 0;
}

const char *cli_format_help(gb_output_view view)
{
	/* One process, one command: made once, kept until exit. */
	static gb_buf help[GB_OUTPUT_ACROSS + 1];   /* the last view */

	if ((unsigned)view > GB_OUTPUT_ACROSS)
		return "";
	if (!help[view].size)
		gb_output_formats_describe(&help[view], view);
	return help[view].ptr ? help[view].ptr : "";
}
