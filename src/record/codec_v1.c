/*
 * Schema 1 had no measures. What a harness gave besides its time was a
 * result of its own, "<name> [<metric>]", and Bencher Metric Format's
 * measures other than latency were "<name>/<measure>". Read now, such a
 * result is benchmark <name> in measure <metric>, so that histories
 * recorded before and after measures existed line up; a plain name is in
 * the measure its unit says (gb_measure_for_unit).
 */
#include <string.h>

#include "common.h"
#include "gitbench/run.h"
#include "record/codec_int.h"

/* Bencher's own measures, which its adapter stored as "<name>/<slug>". */
static const char *const bmf_slugs[] = {
	"throughput", "build-time", "file-size", "instructions",
	"l1-accesses", "l2-accesses", "ram-accesses", "total-accesses",
	"estimated-cycles",
};

static bool bmf_split(size_t *name_len, const char **measure,
	size_t *measure_len, const char *name, size_t len)
{
	const char *slash = NULL;
	size_t i, n;

	for (i = 0; i < len; i++)
		if (name[i] == '/')
			slash = name + i;
	if (!slash || slash == name)
		return false;
	n = len - (size_t)(slash + 1 - name);
	for (i = 0; i < GB_ARRAY_SIZE(bmf_slugs); i++)
		if (strlen(bmf_slugs[i]) == n && !memcmp(slash + 1, bmf_slugs[i], n)) {
			*name_len = (size_t)(slash - name);
			*measure = slash + 1;
			*measure_len = n;
			return true;
		}
	return false;
}

bool gb_codec_v1_split(size_t *name_len, const char **measure,
	size_t *measure_len, const char *name, size_t len, const char *format)
{
	if (gb_measure_label_split(name_len, measure, measure_len, name, len))
		return true;
	return format && !strcmp(format, "bmf") &&
	       bmf_split(name_len, measure, measure_len, name, len);
}
