#!/bin/sh
# The GitHub Actions recipe in docs/examples/github-actions.yml, run as
# written against a local bare remote: its run steps, with GitHub's
# expressions filled in, for a push to main and for pull requests.
. "$(dirname "$0")/lib.sh"

RECIPE="$GB_SOURCE_DIR/docs/examples/github-actions.yml"

# The run block of the step named $1, GitHub's expressions filled in.
step () {
	awk -v name="$1" '
		$0 ~ "- name: " name "$" { found = 1; next }
		found && /^ *- name: / { exit }
		found && /^ *run: \|/ { block = 1; indent = -1; next }
		found && /^ *run: / { sub(/^ *run: /, ""); print; exit }
		block {
			if ($0 ~ /^ *$/) { print ""; next }
			match($0, /^ */)
			if (indent < 0) indent = RLENGTH
			if (RLENGTH < indent) exit
			print substr($0, indent + 1)
		}
	' "$RECIPE" |
	sed -e 's/\${{ github.base_ref }}/main/g' \
	    -e 's/\${{ runner.os }}/Linux/g' -e 's/\${{ runner.arch }}/X64/g'
}

# Run the named steps in the current directory as GitHub does (bash -e).
run_steps () {
	for s in "$@"; do
		step "$s" >"$TRASH/step.sh" &&
		test -s "$TRASH/step.sh" || { say "no step '$s' in the recipe"; return 2; }
		GITHUB_STEP_SUMMARY="$TRASH/summary.md" \
			bash --noprofile --norc -eo pipefail "$TRASH/step.sh" || return $?
	done
}

IDENTITY="Identity for the commits git-bench writes, and the machine key"
FETCH="Fetch the recorded results"
PR="Compare the pull request with its merge-base"
MAIN="Record the results of main and share them"

# The project: a benchmark command giving one of the two real Criterion runs.
test_setup 'a project on a bare remote' '
	git init -q --bare -b main origin.git &&
	git clone -q origin.git seed 2>/dev/null && (
		cd seed &&
		echo target >.gitignore &&
		printf "%s\\n" "rm -rf target && mkdir target" \
			"cp -r \"\$FIXTURE\" target/criterion" >bench.sh &&
		git add . && git commit -q -m "project" && git push -q origin main
	)
'

test_expect_success 'the recipe has the steps this test runs' '
	for s in "$IDENTITY" "$FETCH" "$PR" "$MAIN"; do
		step "$s" | grep -q . || return 1
	done &&
	step "$PR" | grep -q "git bench run .*--fail-on-regression" &&
	step "$MAIN" | grep -q "git bench push origin"
'

test_expect_success 'push to main: measured, recorded, shared' '
	git clone -q origin.git main-job && (
		cd main-job &&
		git config bench.command "FIXTURE=$CRITERION_BASE sh bench.sh" &&
		run_steps "$IDENTITY" "$FETCH" "$MAIN"
	) 2>err &&
	grep -q "nothing to compare with" err &&
	test $(git -C origin.git ls-tree -r refs/benchmarks/history | wc -l) = 3 &&
	git -C origin.git notes --ref=benchmarks list >notes &&
	test_one_line notes
'

test_expect_success 'a pull request that regresses: table in the summary, job fails' '
	(cd seed && git checkout -q -b slower &&
	 echo "# slower" >>bench.sh && git commit -qam "Slower sum_of_squares" &&
	 git push -q origin slower) &&
	git clone -q -b slower origin.git pr-job && (
		cd pr-job &&
		git config bench.command "FIXTURE=$CRITERION_SLOW sh bench.sh" &&
		: >"$TRASH/summary.md" &&
		test_expect_code 1 run_steps "$IDENTITY" "$FETCH" "$PR"
	) >out 2>&1 &&
	grep -q "^## .*Benchmark results" summary.md &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" summary.md &&
	grep -q "3 runs" summary.md
'

test_expect_success 'a pull request that does not regress passes' '
	(cd seed && git checkout -q main && git checkout -q -b docs &&
	 echo docs >README && git add README && git commit -qm "Docs" &&
	 git push -q origin docs) &&
	git clone -q -b docs origin.git docs-job && (
		cd docs-job &&
		git config bench.command "FIXTURE=$CRITERION_BASE sh bench.sh" &&
		: >"$TRASH/summary.md" &&
		run_steps "$IDENTITY" "$FETCH" "$PR"
	) >out 2>&1 &&
	grep -q "No performance regressions" summary.md &&
	grep -q "merge-base of HEAD and origin/main" summary.md
'

test_done
