/*
 * The library's one clock, alone in its file so that a test can link a
 * fake one in its place.
 */
#include <sys/time.h>

#include "gitbench/date.h"

int64_t gb_date_now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}
