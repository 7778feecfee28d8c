/*
 * The string pool: every string kept is there, whole and terminated, until
 * the pool goes, across blocks and beside strings long enough for a block
 * of their own (a hostile history's path can be).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/strpool.h"

#define MANY 20000

static void name_of(char *out, size_t size, size_t i)
{
	snprintf(out, size, "runs/2026/12/%02zu/%zu-%zx", i % 28 + 1, i, i * 7919);
}

static void test_many_and_long(void **state)
{
	gb_strpool pool = GB_STRPOOL_INIT;
	const char **kept = calloc(MANY, sizeof(*kept));
	const char *longs[3];
	size_t lens[3] = { 16 * 1024, 200 * 1024, 64 * 1024 - 1 };
	char *big, name[64];
	size_t i, k;

	(void)state;
	assert_non_null(kept);
	big = malloc(200 * 1024 + 1);
	assert_non_null(big);
	for (i = 0; i < 200 * 1024; i++)
		big[i] = (char)('a' + i % 26);
	for (i = 0, k = 0; i < MANY; i++) {
		name_of(name, sizeof(name), i);
		/* Only the first len bytes: what follows is not kept. */
		assert_non_null(kept[i] = gb_strpool_keep(&pool, name, strlen(name) - 1));
		if (i % (MANY / 3) == 1000 && k < 3) {
			longs[k] = gb_strpool_keep(&pool, big, lens[k]);
			assert_non_null(longs[k]);
			k++;
		}
	}
	assert_int_equal(k, 3);
	for (i = 0; i < MANY; i++) {
		name_of(name, sizeof(name), i);
		name[strlen(name) - 1] = '\0';
		assert_string_equal(kept[i], name);
	}
	for (k = 0; k < 3; k++) {
		assert_int_equal(strlen(longs[k]), lens[k]);
		assert_memory_equal(longs[k], big, lens[k]);
	}
	/* The empty string is a string too. */
	assert_string_equal(gb_strpool_keep(&pool, "x", 0), "");
	gb_strpool_dispose(&pool);
	assert_null(pool.head);
	gb_strpool_dispose(&pool);
	free(big);
	free(kept);
}

/*
 * A block filled to exactly a string's length short of its end: the string
 * and its NUL do not fit, the next block takes it (a 64 KB block holds the
 * empty string, then 4,095 of 15 characters, then has 15 bytes left).
 */
static void test_block_edge(void **state)
{
	gb_strpool pool = GB_STRPOOL_INIT;
	const char *s = "fifteen-chars-x", *p = NULL;
	size_t i;

	(void)state;
	assert_int_equal(strlen(s), 15);
	assert_non_null(gb_strpool_keep(&pool, "", 0));
	for (i = 0; i < 4096; i++) {
		assert_non_null(p = gb_strpool_keep(&pool, s, 15));
		assert_string_equal(p, s);
	}
	gb_strpool_dispose(&pool);
}

/* A run's id is the end of its path: kept once, unless it is not there. */
static void test_keep_name(void **state)
{
	gb_strpool pool = GB_STRPOOL_INIT;
	const char *path = gb_strpool_keep(&pool, "runs/2026/12/05/id-1", 20);
	const char *id, *other;

	(void)state;
	assert_non_null(path);
	id = gb_strpool_keep_name(&pool, path, "id-1");
	assert_ptr_equal(id, path + 16);
	other = gb_strpool_keep_name(&pool, path, "d-1");
	assert_string_equal(other, "d-1");
	assert_true(other < path || other >= path + 21);
	/* A path of one part is its own last part. */
	other = gb_strpool_keep(&pool, "id-2", 4);
	assert_ptr_equal(gb_strpool_keep_name(&pool, other, "id-2"), other);
	gb_strpool_dispose(&pool);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_and_long),
		cmocka_unit_test(test_block_edge),
		cmocka_unit_test(test_keep_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
