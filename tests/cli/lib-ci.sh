# For the tests of the CI recipes and the GitHub Action: a project on a
# bare remote whose `cargo bench` gives one of the two real Criterion runs,
# the stand-in REST API (forge-api.py), and jobs run as GitHub runs them
# (gha-runner.py). Sourced after lib.sh.

CI_LIB="$GB_SOURCE_DIR/tests/cli"
# Builds of git-bench that the Action saves, shared by the tests as
# GitHub's cache is shared by jobs (entries by key: a new source, a new
# entry).
CI_CACHE="$GB_BUILD_DIR/actions-cache"

# A python3 that reads YAML, for the job runner; else the test is skipped.
# The system's first, as on a runner: it is also the python3 the jobs find
# (a version manager's shim costs a second a call).
CI_PYTHON=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import yaml' 2>/dev/null; then
		CI_PYTHON=$(command -v "$p")
		break
	fi
done
if [ -z "$CI_PYTHON" ]; then
	say "1..0 # skip: no python3 with the yaml module (Debian: python3-yaml)"
	exit 77
fi
command -v curl >/dev/null || { say "1..0 # skip: no curl"; exit 77; }
mkdir -p "$TRASH/bin"
ln -s "$CI_PYTHON" "$TRASH/bin/python3"

# The project: `cargo bench` (a stand-in on PATH) writes the Criterion run
# that the file bench-run names (baseline or slow) to target/criterion.
cat >"$TRASH/bin/cargo" <<EOF
#!/bin/sh
[ "\$1" = bench ] || { echo "cargo: only bench here" >&2; exit 101; }
run=\$(cat bench-run) || exit 101
rm -rf target && mkdir target &&
cp -r "$GB_FIXTURES/criterion/\$run/criterion" target/criterion
EOF
chmod +x "$TRASH/bin/cargo"
export PATH="$TRASH/bin:$PATH"

# ci_project: origin.git with main, one commit measured as the baseline
# run, and a clone in seed/ to make more commits with.
ci_project () {
	git init -q --bare -b main origin.git &&
	git clone -q origin.git seed 2>/dev/null && (
		cd seed &&
		echo target >.gitignore && echo baseline >bench-run &&
		git add . && git commit -q -m "project" && git push -q origin main
	)
}

# ci_branch NAME RUN SUBJECT: a branch of main in origin.git whose commit
# makes `cargo bench` give RUN.
ci_branch () {
	(cd seed && git checkout -q main && git checkout -q -b "$1" &&
	 echo "$2" >bench-run && git commit -q --allow-empty -am "$3" &&
	 git push -q origin "$1")
}

# ci_pull_request N BRANCH: refs/pull/N/head and refs/pull/N/merge in
# origin.git as GitHub makes them (the merge of the branch into main), and
# the event payload in pr-N.json. Prints the merge commit.
ci_pull_request () {
	(cd seed && git checkout -q --detach main &&
	 git merge -q --no-ff -m "Merge $2 into main" "$2" &&
	 git push -q origin "+$2:refs/pull/$1/head" "+HEAD:refs/pull/$1/merge") &&
	cat >"pr-$1.json" <<EOF &&
{"action": "synchronize", "number": $1,
 "pull_request": {"number": $1,
  "base": {"ref": "main", "sha": "$(git -C origin.git rev-parse main)",
           "repo": {"full_name": "octo/project"}},
  "head": {"ref": "$2", "sha": "$(git -C origin.git rev-parse "refs/pull/$1/head")",
           "repo": {"full_name": "${CI_HEAD_REPO:-octo/project}"}}},
 "repository": {"full_name": "octo/project", "default_branch": "main"}}
EOF
	git -C origin.git rev-parse "refs/pull/$1/merge"
}

# ci_push_event BRANCH: the payload of a push of BRANCH in push-BRANCH.json.
ci_push_event () {
	cat >"push-$1.json" <<EOF
{"ref": "refs/heads/$1", "after": "$(git -C origin.git rev-parse "$1")",
 "repository": {"full_name": "octo/project", "default_branch": "main"}}
EOF
}

# api_config JSON: how the stand-in API misbehaves from now on (see
# forge-api.py); {} for not at all. Clears its log of requests.
api_config () {
	printf '%s\n' "$1" >api/config.json && : >api/requests.log
}

# start_api [OPTIONS...]: the stand-in API in api/, its address in API.
# Readiness is its first line on a pipe: no waiting on time.
start_api () {
	mkdir -p api && rm -f api.fifo && mkfifo api.fifo || return 1
	"$CI_PYTHON" "$CI_LIB/forge-api.py" api --seconds 500 "$@" >api.fifo &
	API_PID=$!
	read -r word API_PORT <api.fifo || :
	rm -f api.fifo
	[ "$word" = port ] && [ -n "$API_PORT" ] || {
		say "the stand-in API did not start"; return 1
	}
	API="http://127.0.0.1:$API_PORT"
}

stop_api () {
	[ -z "${API_PID:-}" ] || { kill "$API_PID" 2>/dev/null; wait "$API_PID" 2>/dev/null; }
	API_PID=
}
trap stop_api EXIT

# The requests the API got, one a line: METHOD PATH.
api_requests () {
	"$CI_PYTHON" -c '
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    print(r["method"], r["path"])' api/requests.log
}

# The bodies of the comments (notes) the API holds, separated by lines
# "-- <id> <thread>".
api_threads () {
	"$CI_PYTHON" -c '
import json, sys
for t, items in json.load(open(sys.argv[1])).items():
    for c in items:
        print("--", c["id"], t)
        print(c["body"])' api/state.json
}

# A value of the runner's result: step ID, output NAME.
job_output () {
	"$CI_PYTHON" -c '
import json, sys
print(json.load(open(sys.argv[1]))["steps"][sys.argv[2]]["outputs"].get(sys.argv[3], ""))' \
		"$1" "$2" "$3"
}

# run_job NAME WORKFLOW JOB EVENT PAYLOAD REF SHA [RUNNER OPTIONS...]: the
# job as GitHub runs it, in ws-NAME, with the job summary in
# summary-NAME.md, its log in log-NAME and its result in result-NAME.json.
# The workflow's uses: of this repository's Action run this source.
run_job () {
	rj_name=$1 rj_wf=$2 rj_job=$3 rj_event=$4 rj_payload=$5 rj_ref=$6 rj_sha=$7
	shift 7
	rj_uses=$(sed -n 's/^ *\(- \)\{0,1\}uses: *\([^ ]*git-bench@[^ ]*\).*/\2/p' "$rj_wf" | head -n 1)
	mkdir -p "temp-$rj_name" &&
	"$CI_PYTHON" "$CI_LIB/gha-runner.py" --workflow "$rj_wf" --job "$rj_job" \
		--event "$rj_event" --payload "$TRASH/$rj_payload" \
		--ref "$rj_ref" --sha "$rj_sha" --repository octo/project \
		--remote "$TRASH/origin.git" --workspace "$TRASH/ws-$rj_name" \
		--temp "$TRASH/temp-$rj_name" --cache "$CI_CACHE" \
		--api "${API_URL:-$API}" --token "${JOB_TOKEN:-test-token}" \
		--summary "$TRASH/summary-$rj_name.md" \
		--result "$TRASH/result-$rj_name.json" \
		${rj_uses:+--action "$rj_uses=$GB_SOURCE_DIR"} "$@" \
		>"$TRASH/log-$rj_name" 2>&1
}
