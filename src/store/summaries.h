/*
 * Summaries of notes (summaries.c): what the readers of series take from
 * each note, kept beside the notes. Internal to the library: the runs it
 * gives hold their results' strings in one block (gb_run.strings).
 */
#ifndef GB_SRC_STORE_SUMMARIES_H
#define GB_SRC_STORE_SUMMARIES_H

#include "gitbench/changepoint.h"
#include "gitbench/store.h"

/*
 * The runs of note blob `note` as a reader of series needs them: without
 * their samples, and only the results `opts->want` keeps; only machine,
 * label, usage and each result's name, measure, unit, direction and
 * estimates are set. Taken from the summaries of notes kept beside them
 * ($GIT_COMMON_DIR/bench-summaries, bench.summaries) when those hold the
 * note; else decoded from it, its summary kept for the next reader.
 * Appended to `out`; GB_EDAMAGED when the note cannot be read or decoded,
 * GB_EINVALID when bench.summaries is not a boolean.
 */
int gb_store_read_summary(gb_runlist *out, gb_store *store,
	const git_oid *note, const gb_decode_options *opts);
/* The same from the note alone, the summaries neither read nor kept. */
int gb_store_read_note_blob(gb_runlist *out, gb_store *store,
	const git_oid *note, const gb_decode_options *opts);
/*
 * Open the summaries (as gb_store_read_summary does at its first call):
 * a reader of a whole history calls it before the walk, so that the walk
 * takes its commits from them too. Opening reads every entry's head: a
 * command that reads a few notes, or a range, does without. GB_EINVALID
 * when bench.summaries is not a boolean.
 */
int gb_store_summaries_open(gb_store *store);

/*
 * A cache of trends' change points kept in the same file, for
 * gb_changepoint_options.cache, while the summaries are open (it does
 * not open them); `store` must outlive its use.
 */
void gb_store_changepoint_cache(gb_changepoint_cache *out, gb_store *store);

#endif
