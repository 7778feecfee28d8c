/*
 * Names of the first release that did not follow their header's prefix,
 * kept so that programs written against it still build. New code uses the
 * names on the right.
 */
#ifndef GITBENCH_DEPRECATED_H
#define GITBENCH_DEPRECATED_H

#define gb_set_string gb_run_set_string
#define gb_pattern_match gb_series_pattern_match
#define gb_result_estimate gb_series_estimate
#define gb_git_error gb_repo_git_error
#define gb_formats gb_adapter_formats

#endif
