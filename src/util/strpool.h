/*
 * Strings kept until a command's work ends, packed one after another in
 * blocks of 64 KB: for the ids and paths of every run of a long history,
 * where an allocation each cost as much again in malloc's headers and
 * rounding (100,000 runs fill some 130 blocks).
 */
#ifndef GB_SRC_UTIL_STRPOOL_H
#define GB_SRC_UTIL_STRPOOL_H

#include "common.h"

typedef struct gb_strpool_block gb_strpool_block;

typedef struct {
	gb_strpool_block *head;
} gb_strpool;

#define GB_STRPOOL_INIT { NULL }

/*
 * A NUL-terminated copy of the `len` bytes at `s`, there until the pool is
 * disposed of; NULL out of memory.
 */
const char *gb_strpool_keep(gb_strpool *pool, const char *s, size_t len);

/*
 * `name`, kept: the last part of `path` (a string of the pool) when that
 * is `name`, as a run's id ends its path in the history; else a copy.
 */
const char *gb_strpool_keep_name(gb_strpool *pool, const char *path,
	const char *name);

void gb_strpool_dispose(gb_strpool *pool);

#endif
