/*
 * One run record, as read from a history blob: any bytes must either
 * decode or be refused with a message, within the memory caps. A record
 * that decodes is safe to print and reads back the same once re-encoded.
 */
#include <stdlib.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	gb_run *run = NULL, *again = NULL;
	gb_buf enc = GB_BUF_INIT;
	size_t used = 0;

	fuzz_init();
	if (gb_codec_decode(&run, &used, data, size, NULL) < 0) {
		FUZZ_ASSERT(run == NULL && gb_error_last()->message[0]);
		return 0;
	}
	FUZZ_ASSERT(used > 0 && used <= size);
	fuzz_check_run_output(run);
	FUZZ_ASSERT(gb_codec_encode(&enc, run) == 0);
	FUZZ_ASSERT(gb_codec_decode(&again, &used, enc.ptr, enc.size, NULL) == 0);
	FUZZ_ASSERT(used == enc.size);
	fuzz_check_same(run, again);
	gb_run_free(again);
	/* What the store's own readers ask for: the head only. */
	opts.skip_samples = true;
	FUZZ_ASSERT(gb_codec_decode(&again, &used, data, size, &opts) == 0);
	FUZZ_ASSERT(again->nresults == run->nresults);
	gb_run_free(again);
	gb_run_free(run);
	gb_buf_dispose(&enc);
	return 0;
}
