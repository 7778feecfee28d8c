/*
 * A note: the concatenation of run records for one commit, as fetched from
 * anywhere. The stream reader must stop cleanly at the first bad record
 * and keep the runs before it.
 */
#include <string.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keep every other benchmark, as a filtered read would. */
static bool want_some(const char *name, size_t len, void *payload)
{
	(void)payload;
	return len == 0 || (name[0] & 1) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_runlist all = { 0 }, some = { 0 };
	size_t i;
	int a, b;

	fuzz_init();
	a = gb_codec_decode_stream(&all, data, size, NULL);
	FUZZ_ASSERT(a == 0 || gb_error_last()->message[0]);
	FUZZ_ASSERT(all.count <= size);
	for (i = 0; i < all.count; i++)
		fuzz_check_run_output(all.runs[i]);
	opts.skip_samples = true;
	opts.want = want_some;
	b = gb_codec_decode_stream(&some, data, size, &opts);
	/* Filtered reads check less (skipped results are not mapped), so
	 * whatever reads in full also reads filtered. */
	FUZZ_ASSERT(a != 0 || (b == 0 && all.count == some.count));
	for (i = 0; i < some.count && i < all.count; i++) {
		FUZZ_ASSERT(some.runs[i]->nresults <= all.runs[i]->nresults);
		FUZZ_ASSERT(strcmp(some.runs[i]->id, all.runs[i]->id) == 0);
	}
	gb_runlist_dispose(&all);
	gb_runlist_dispose(&some);
	return 0;
}
