#!/bin/sh
# The GitLab recipe in docs/examples/gitlab-ci.yml, run as written
# (gitlab-job.py does what GitLab's runner does; this machine is the
# Debian 12 the recipe names, its packages installed beforehand) against a
# local bare remote, this source as the git-bench repository, and the
# stand-in REST API: the default branch, then a merge request, twice.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-ci.sh"

RECIPE="$GB_SOURCE_DIR/docs/examples/gitlab-ci.yml"
# GitLab's cache of .git-bench/, kept between the runs of this test as
# between pipelines (the build in it is checked against the source).
GL_CACHE="$GB_BUILD_DIR/gitlab-cache"

# gl_job NAME SHA (--branch B | --mr IID:SOURCE:TARGET) [OPTIONS]: the job
# in gl-NAME, its log in log-NAME; its exit code.
gl_job () {
	gj_name=$1 gj_sha=$2
	shift 2
	mkdir -p "tmp-$gj_name" &&
	TMPDIR="$TRASH/tmp-$gj_name" "$CI_PYTHON" "$CI_LIB/gitlab-job.py" \
		--file "$RECIPE" --job benchmarks --remote "$TRASH/origin.git" \
		--workspace "$TRASH/gl-$gj_name" --sha "$gj_sha" \
		--cache "$GL_CACHE" --api "$API/api/v4" \
		--var "GIT_BENCH_REPO=$TRASH/git-bench.git" \
		--var "GIT_BENCH_TOKEN=${GL_TOKEN-test-token}" \
		--skip "apt-get " "$@" >"log-$gj_name" 2>&1
}

test_setup 'a project on a bare remote, git-bench as a repository, the API' '
	ci_project && start_api &&
	git init -q --bare git-bench.git &&
	git -C git-bench.git config core.bare false &&
	GIT_DIR=git-bench.git GIT_WORK_TREE="$GB_SOURCE_DIR" git add -A &&
	GIT_DIR=git-bench.git git commit -q -m "git-bench as it is here" &&
	GIT_DIR=git-bench.git git branch v0
'

test_expect_success 'the default branch: built, measured, recorded, shared' '
	gl_job main "$(git -C origin.git rev-parse main)" --branch main &&
	# The fixture gives the same results at each repetition: one run.
	grep -q "Recorded 1 run for .* (2 identical to another run left out" log-main &&
	grep -q "^. .*/scripts/ci-bench. gitlab$" log-main &&
	git -C origin.git ls-tree -r refs/benchmarks/history >runs &&
	test $(wc -l <runs) = 1 &&
	git -C origin.git notes --ref=benchmarks list >notes &&
	test_one_line notes &&
	grep -q "Nothing to compare with yet" gl-main/bench-comparison.md &&
	test -x "$GL_CACHE/git-bench-v0/.git-bench/bin/git-bench" &&
	test ! -s api/requests.log
'

test_expect_success 'the lines not run are the package installation' '
	grep "^skipped: " log-main >skipped &&
	test $(wc -l <skipped) = 2 &&
	for pkg in $(sed -n "s/^skipped: apt-get update.* --no-install-recommends \\([^>]*\\)>.*/\\1/p" skipped); do
		dpkg-query -W -f="\${Status}\\n" "$pkg" | grep -q "ok installed" ||
			{ say "$pkg is not installed"; return 1; }
	done &&
	grep -q "^skipped: apt-get install .* cargo " skipped
'

test_expect_success 'a merge request that regresses: one note, the job fails' '
	ci_branch slower slow "Slower sum_of_squares" &&
	test_expect_code 1 gl_job mr1 "$(git -C origin.git rev-parse slower)" \
		--mr 1:slower:main &&
	grep -q "using the build in" log-mr1 &&
	grep -q "sum\\\\_of\\\\_squares .* \\*\\*REGRESSION\\*\\*" gl-mr1/bench-comparison.md &&
	grep -q "merge-base of HEAD and origin/main" gl-mr1/bench-comparison.md &&
	"$CI_PYTHON" -c "import json; assert json.load(open(\"gl-mr1/bench-comparison.json\"))[\"summary\"][\"failures\"] == 1" &&
	api_requests >requests &&
	printf "%s\\n" "GET /api/v4/projects/42/merge_requests/1/notes" \
		"POST /api/v4/projects/42/merge_requests/1/notes" >expect &&
	test_cmp expect requests &&
	! grep -v "\"auth\": \"ok\"" api/requests.log &&
	api_threads >threads &&
	test $(grep -c "^-- " threads) = 1 &&
	grep -q "^<!-- git-bench comment: git-bench -->" threads &&
	grep -q "REGRESSION" threads &&
	grep -q "gitlab.invalid/octo/project/-/jobs/77" threads
'

test_expect_success 'the next pipeline updates that note' '
	: >api/requests.log &&
	(cd seed && git checkout -q slower && echo baseline >bench-run &&
	 git commit -q -am "Fix sum_of_squares" && git push -q origin slower) &&
	gl_job mr1b "$(git -C origin.git rev-parse slower)" --mr 1:slower:main &&
	api_requests >requests &&
	id=$(sed -n "s/^-- \\([0-9]*\\) .*/\\1/p" threads) &&
	printf "%s\\n" "GET /api/v4/projects/42/merge_requests/1/notes" \
		"PUT /api/v4/projects/42/merge_requests/1/notes/$id" >expect &&
	test_cmp expect requests &&
	api_threads >threads &&
	test $(grep -c "^-- " threads) = 1 &&
	grep -q "No performance regressions" threads &&
	! grep -q REGRESSION threads
'

test_expect_success 'no token: the note is skipped with a word, the check stands' '
	: >api/requests.log &&
	GL_TOKEN= test_expect_code 1 gl_job notoken \
		"$(git -C origin.git rev-parse slower~1)" --mr 2:slower:main &&
	grep -q "^git-bench: warning: note not posted: no token" log-notoken &&
	grep -q REGRESSION gl-notoken/bench-comparison.md &&
	test_must_be_empty api/requests.log
'

test_expect_success 'other branches are not the job'"'"'s' '
	test_expect_code 4 gl_job other "$(git -C origin.git rev-parse slower)" \
		--branch slower
'

stop_api
test_done
