#!/bin/sh
# The GitHub Actions recipe in docs/examples/github-actions.yml, run as
# written (gha-runner.py does what GitHub's runner does, the Action it
# uses is this source) against a local bare remote and the stand-in REST
# API: a push to main, then pull requests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ci.sh"

RECIPE="$GB_SOURCE_DIR/docs/examples/github-actions.yml"

test_setup 'a project on a bare remote, the stand-in API' '
	ci_project && start_api
'

test_expect_success 'push to main: built, measured, recorded, shared' '
	ci_push_event main &&
	run_job main "$RECIPE" benchmarks push push-main.json refs/heads/main \
		"$(git -C origin.git rev-parse main)" &&
	grep -q "nothing to compare with" log-main &&
	git -C origin.git ls-tree -r refs/benchmarks/history >runs &&
	# The fixture gives the same results at each repetition: one run.
	grep -q "2 identical to another run left out" log-main &&
	test $(wc -l <runs) = 1 &&
	git -C origin.git notes --ref=benchmarks list >notes &&
	test_one_line notes &&
	grep -q "$(git -C origin.git rev-parse main)" notes &&
	grep -q "Nothing to compare with yet" summary-main.md &&
	grep -q "^no results for the baseline [0-9a-f]* (HEAD) or its first-parent ancestors on machine " summary-main.md &&
	test "$(job_output result-main.json bench regressions)" = 0 &&
	test ! -s api/requests.log
'

test_expect_success 'a pull request that regresses: table, one comment, job fails' '
	ci_branch slower slow "Slower sum_of_squares" &&
	merge=$(ci_pull_request 1 slower) &&
	test_expect_code 1 run_job pr1 "$RECIPE" benchmarks pull_request \
		pr-1.json refs/pull/1/merge "$merge" &&
	grep -q "^## .*Benchmark results" summary-pr1.md &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" summary-pr1.md &&
	grep -q "1 run" summary-pr1.md &&
	grep -q "merge-base of HEAD and origin/main" summary-pr1.md &&
	test "$(job_output result-pr1.json bench regressions)" = 1 &&
	test "$(job_output result-pr1.json bench uncertain)" = 0 &&
	job_output result-pr1.json bench json >json &&
	"$CI_PYTHON" -c "import json,sys; d=json.load(open(\"json\")); assert d[\"summary\"][\"failures\"] == 1" &&
	api_requests >requests &&
	printf "%s\\n" "GET /repos/octo/project/issues/1/comments" \
		"POST /repos/octo/project/issues/1/comments" >expect &&
	test_cmp expect requests &&
	api_threads >threads &&
	grep -c "^-- " threads >count && echo 1 >one && test_cmp one count &&
	grep -q "^<!-- git-bench comment: git-bench -->" threads &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" threads &&
	grep -q "^::error title=git-bench::1 benchmark(s) over budget" log-pr1 &&
	git -C origin.git notes --ref=benchmarks list >notes &&
	test_one_line notes
'

test_expect_success 'the next run updates that comment, and nothing more' '
	: >api/requests.log &&
	(cd seed && git checkout -q slower && echo baseline >bench-run &&
	 git commit -q -am "Fix sum_of_squares" && git push -q origin slower) &&
	merge=$(ci_pull_request 1 slower) &&
	run_job pr1b "$RECIPE" benchmarks pull_request pr-1.json \
		refs/pull/1/merge "$merge" &&
	grep -q "No performance regressions" summary-pr1b.md &&
	api_requests >requests &&
	id=$(sed -n "s/^-- \\([0-9]*\\) .*/\\1/p" threads) &&
	printf "%s\\n" "GET /repos/octo/project/issues/1/comments" \
		"PATCH /repos/octo/project/issues/comments/$id" >expect &&
	test_cmp expect requests &&
	api_threads >threads &&
	grep -c "^-- " threads >count && test_cmp one count &&
	grep -q "No performance regressions" threads &&
	! grep -q REGRESSION threads &&
	test "$(job_output result-pr1b.json bench regressions)" = 0
'

stop_api
test_done
