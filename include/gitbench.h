/*
 * libgitbench: benchmark results kept in git.
 *
 * Include this header for the whole public API; link with
 * `pkg-config --cflags --libs gitbench`. Call gb_init() before anything
 * else and gb_shutdown() at the end.
 */
#ifndef GITBENCH_H
#define GITBENCH_H

#include "gitbench/common.h"
#include "gitbench/run.h"
#include "gitbench/codec.h"
#include "gitbench/store.h"
#include "gitbench/sync.h"
#include "gitbench/machine.h"
#include "gitbench/adapter.h"
#include "gitbench/repo.h"
#include "gitbench/units.h"
#include "gitbench/stats.h"
#include "gitbench/changepoint.h"
#include "gitbench/escape.h"
#include "gitbench/config.h"
#include "gitbench/jsonw.h"
#include "gitbench/series.h"
#include "gitbench/noise.h"
#include "gitbench/baseline.h"
#include "gitbench/compare.h"
#include "gitbench/report.h"
#include "gitbench/fsck.h"
#include "gitbench/trend.h"
#include "gitbench/bisect.h"
#include "gitbench/prune.h"
#include "gitbench/date.h"
#include "gitbench/check.h"
#include "gitbench/waiver.h"
#include "gitbench/output.h"
#include "gitbench/metrics.h"
#include "gitbench/revision.h"
#include "gitbench/names.h"
#include "gitbench/deprecated.h"

#endif
