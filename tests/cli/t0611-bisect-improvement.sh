#!/bin/sh
# bisect of a change for the better: sum_of_squares 24% faster from c6
# (the real slow run before, the real baseline run from c6 on). The
# commit is named in bisect's terms for it, as git bisect names the terms
# it is given: the first better commit, the last unchanged one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-history.sh"

test_setup 'c1..c10 measured, sum_of_squares faster from c6' '
	history_repo repo && cd repo &&
	criterion_outputs 1 10 1 && mv "$TRASH/.criterion" "$TRASH/.slow" &&
	criterion_outputs 1 10 11 &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		commit_n $i || return 1
		from=.criterion
		[ $i -ge 6 ] || from=.slow
		rm -rf target && mkdir target &&
			cp -r "$TRASH/$from/$i" target/criterion &&
			git bench record -q || return 1
	done
'

test_expect_success 'an improvement: the first better commit, in 80 columns' '
	git bench bisect --bench sum_of_squares c1 HEAD >folded 2>err &&
	test_fits folded &&
	unfold folded >out &&
	echo "$(git rev-parse c6) is the first better commit" >expect &&
	head -n1 out >first &&
	test_cmp expect first &&
	! grep -qw "bad\|good" out &&
	grep -q "^sum_of_squares: 2.0[0-9] ms, the level up to $(git rev-parse --short c5) (last unchanged) → 1.5[0-9] ms, the level from $(git rev-parse --short c6) (first better), -2[34].[0-9]*%$" out &&
	grep -q "^Against the earlier side $(git rev-parse --short c1) (2.0[0-9] ms): -2[34].[0-9]*%, IMPROVED, noise judged from the series" out
'

test_expect_success 'the same in JSON: the hunt was for the better' '
	git bench bisect --bench sum_of_squares --format json c1 HEAD >out.json 2>/dev/null &&
	python3 - out.json "$(git rev-parse c6)" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["hunt"] == "better", d["hunt"]
	assert d["first_bad"]["commit"] == sys.argv[2], d["first_bad"]
	PY
'

test_done
