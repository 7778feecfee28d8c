# Histories for the tests of log, bisect and prune, built from the two
# real Criterion.rs runs of tests/fixtures: sum_of_squares comes from the
# baseline run before the regressing commit and from the slow run from it
# on; every other benchmark, whose code never changes, from one run or the
# other (see criterion-commit.py).

# criterion_outputs FROM TO BAD: Criterion output of commits number FROM
# to TO in $TRASH/.criterion/<i>, sum_of_squares slow from BAD on.
criterion_outputs () {
	python3 "$GB_SOURCE_DIR/tests/cli/criterion-commit.py" \
		"$TRASH/.criterion" "$@"
}

# commit_n I: commit "cI: change I", tagged cI.
commit_n () {
	echo "change $1" >>file && git add file &&
	git commit -q -m "c$1: change $1" && git tag "c$1"
}

# use_output I: the output of commit number I as target/criterion.
use_output () {
	rm -rf target && mkdir target &&
	cp -r "$TRASH/.criterion/$1" target/criterion
}

# measured_history FROM TO BAD: commits cFROM..cTO on HEAD, each measured,
# sum_of_squares slow from cBAD on.
measured_history () {
	criterion_outputs "$1" "$2" "$3" || return 1
	mh_i=$1
	while [ "$mh_i" -le "$2" ]; do
		commit_n "$mh_i" && use_output "$mh_i" && git bench record -q ||
			return 1
		mh_i=$((mh_i + 1))
	done
}

# A repository "repo" whose work tree ignores target/.
history_repo () {
	git init -q -b main "$1" && (
		cd "$1" && echo target >.gitignore && git add .gitignore &&
		git commit -q -m "c0: start" && git tag c0
	)
}
