#!/bin/sh
# A pull request from a fork, in the two workflows of docs/examples
# (github-fork-measure.yml, github-fork-report.yml) run as GitHub runs
# them: the fork's job, with a read-only token, measures and uploads its
# runs as a bundle; the base repository's workflow_run job pulls the
# bundle as an untrusted remote, compares and comments. Two bare remotes
# (the project and the fork) and their clones; a bundle with damaged or
# hostile records, and lying metadata, are reported and merge nothing bad.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ci.sh"

EXAMPLES="$GB_SOURCE_DIR/docs/examples"
ART="$TRASH/artifacts"

# wr_event N: the payload of the workflow_run event that follows the
# measuring run of pull request N, in wr-N.json.
wr_event () {
	cat >"wr-$1.json" <<-EOF
	{"action": "completed",
	 "workflow_run": {"id": 9000$1, "event": "pull_request",
	  "head_sha": "$(git -C origin.git rev-parse "refs/pull/$1/head")",
	  "head_repository": {"full_name": "someone/project"},
	  "conclusion": "failure", "pull_requests": []},
	 "repository": {"full_name": "octo/project", "default_branch": "main"}}
	EOF
}

# measure N: the fork's job of pull request N, with a read-only token.
measure () {
	me_merge=$(git -C origin.git rev-parse "refs/pull/$1/merge") &&
	CI_HEAD_REPO=someone/project JOB_TOKEN=read-only run_job "measure-$1" \
		"$EXAMPLES/github-fork-measure.yml" measure pull_request \
		"pr-$1.json" "refs/pull/$1/merge" "$me_merge" --artifacts "$ART"
}

# report NAME N: the workflow_run job after pull request N's, with the
# artifacts there are, in ws-NAME and log-NAME.
report () {
	wr_event "$2" &&
	run_job "$1" "$EXAMPLES/github-fork-report.yml" report workflow_run \
		"wr-$2.json" refs/heads/main "$(git -C origin.git rev-parse main)" \
		--artifacts "$ART"
}

# results_refs: where the project's results refs are (none pushed from a
# pull request, whoever's job it is).
results_refs () {
	git -C origin.git for-each-ref --format="%(refname) %(objectname)" \
		refs/benchmarks refs/notes
}

test_setup 'the project, main measured, a fork with a slower branch' '
	ci_project && ci_push_event main && start_api &&
	run_job main "$EXAMPLES/github-actions.yml" benchmarks push push-main.json \
		refs/heads/main "$(git -C origin.git rev-parse main)" &&
	git clone -q --bare origin.git fork.git &&
	git clone -q fork.git fork 2>/dev/null &&
	(cd fork && git checkout -q -b slower && echo slow >bench-run &&
	 git commit -q -am "Slower sum_of_squares" && git push -q origin slower) &&
	git -C seed fetch -q ../fork.git slower:slower &&
	CI_HEAD_REPO=someone/project ci_pull_request 5 slower >/dev/null &&
	results_refs >refs-before
'

test_expect_success 'the fork job measures, fails on the regression, uploads a bundle' '
	api_config "{\"read_only_token\": \"read-only\"}" &&
	test_expect_code 1 measure 5 &&
	grep -q "REGRESSION" summary-measure-5.md &&
	test -f "$ART/git-bench/results.bundle" &&
	git -C ws-measure-5 bundle verify "$ART/git-bench/results.bundle" >/dev/null 2>&1 &&
	"$CI_PYTHON" -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d[\"number\"] == 5 and d[\"merge_sha\"] == sys.argv[2], d" \
		"$ART/git-bench/pull-request.json" \
		"$(git -C origin.git rev-parse refs/pull/5/merge)" &&
	test_must_be_empty api/requests.log &&
	results_refs >refs && test_cmp refs-before refs
'

test_expect_success 'the workflow_run job pulls it, compares, comments, fails' '
	api_config "{}" &&
	test_expect_code 1 report report-5 5 &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" summary-report-5.md &&
	test "$(job_output result-report-5.json bench regressions)" = 1 &&
	api_threads >threads &&
	grep -q "^-- .* /repos/octo/project/issues/5$" threads &&
	grep -q "REGRESSION" threads &&
	! grep -q "^::warning" log-report-5 &&
	merge=$(git -C origin.git rev-parse refs/pull/5/merge) &&
	git -C ws-report-5 bench show "$merge" >shown &&
	grep -q "sum_of_squares" shown &&
	results_refs >refs && test_cmp refs-before refs
'

test_expect_success 'a second report updates the one comment' '
	api_config "{}" &&
	test_expect_code 1 report report-5b 5 &&
	api_requests >requests &&
	grep -q "^PATCH /repos/octo/project/issues/comments/" requests &&
	! grep -q "^POST" requests
'

# The fork's bundle with its history rewritten by hand with git: its good
# run, a record that does not decode, a name with an escape sequence.
test_setup 'a hostile bundle in the artifact' '
	mkdir evil && git -C evil init -q --bare &&
	git -C evil fetch -q "$ART/git-bench/results.bundle" \
		"refs/benchmarks/history:refs/benchmarks/history" &&
	path=$(git -C evil ls-tree -r --name-only refs/benchmarks/history |
		head -n 1) &&
	junk=$(printf "\\223\\001 not a record" | git -C evil hash-object -w --stdin) &&
	day=$({ git -C evil ls-tree -r refs/benchmarks/history |
		sed "s|	.*/|	|" &&
		printf "%s\t%s\n%s\t%s\n" \
		"100644 blob $junk" "20261204T000000.000001Z-0badc0de" \
		"100644 blob $junk" "$(printf "evil\\033]0;pwned\\007")"; } |
		git -C evil mktree) &&
	root=$(cd evil && tree_at "${path%/*}" "$day") &&
	commit=$(echo "Record 5 runs" | git -C evil commit-tree "$root") &&
	git -C evil update-ref refs/benchmarks/history "$commit" &&
	git -C evil bundle create -q "$ART/git-bench/results.bundle" \
		refs/benchmarks/history 2>/dev/null
'

test_expect_success 'the hostile bundle: bad entries said and left out, the run compared' '
	api_config "{}" &&
	test_expect_code 1 report evil 5 &&
	grep "^::warning title=git-bench::" log-evil >warning &&
	test_one_line warning &&
	grep -q "the bundle of pull request #5 had 2 entries left out" warning &&
	grep -q "0badc0de from .*results.bundle: cannot decode" log-evil &&
	grep -q "evil\\\\x1b\]0;pwned\\\\x07 .*: not a valid run id" log-evil &&
	! grep -q "$(printf "\\033")" log-evil &&
	grep -q "2 entries of the bundle were left out" summary-evil.md &&
	grep -q "REGRESSION" summary-evil.md &&
	git -C ws-evil ls-tree -r --name-only refs/benchmark-history >runs &&
	! grep -q "0badc0de\\|evil" runs &&
	git -C ws-evil bench fsck >/dev/null &&
	results_refs >refs && test_cmp refs-before refs
'

# lie FIELD VALUE: the artifact's pull-request.json with FIELD changed.
lie () {
	"$CI_PYTHON" - "$ART/git-bench/pull-request.json" "$1" "$2" <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	d[sys.argv[2]] = sys.argv[3]
	json.dump(d, open(sys.argv[1], "w"))
	EOF
}

test_expect_success 'lying metadata: refused with one clear error, nothing done' '
	cp "$ART/git-bench/pull-request.json" pr.json.orig &&
	api_config "{}" &&
	lie number "5; rm -rf /" &&
	test_expect_code 1 report lie-number 5 &&
	grep -q "^git-bench: error: .*pull-request.json: not a pull request number: 5; rm -rf /$" log-lie-number &&
	cp pr.json.orig "$ART/git-bench/pull-request.json" &&
	lie head_sha "$(git -C origin.git rev-parse main)" &&
	test_expect_code 1 report lie-head 5 &&
	grep -q "^git-bench: error: the bundle is of .*, but the workflow run measured " log-lie-head &&
	cp pr.json.orig "$ART/git-bench/pull-request.json" &&
	lie base "--upload-pack=evil" &&
	test_expect_code 1 report lie-base 5 &&
	grep -q "^git-bench: error: .*: not a branch name: --upload-pack=evil$" log-lie-base &&
	cp pr.json.orig "$ART/git-bench/pull-request.json" &&
	test_must_be_empty api/requests.log &&
	results_refs >refs && test_cmp refs-before refs
'

stop_api
test_done
