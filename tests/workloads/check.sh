#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make -C tests/workloads check: for each workload, its --self-test
# (exit 0, at least one known-answer check reported ok), a 1-second run
# with 1 and with 2 threads (exit 0 and a well-formed summary line with
# the right thread count and some work done), and a run stopped early by
# SIGTERM (exit 0, summary line, well before its time).  One TAP line per check is appended to $HG_TAP when it is set.
# Exit 1 if any check failed.
#
#   check.sh BUILD_DIR NAME...
set -uo pipefail

dir=$1
shift
nfail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

result() {
	local r=$1 name=$2
	if [ "$r" = ok ]; then
		echo "PASS: $name"
	else
		nfail=$((nfail + 1))
		echo "FAIL: $name"
		sed 's/^/    /' "$out"
	fi
	if [ -n "${HG_TAP:-}" ]; then
		echo "$r - workload: $name" >> "$HG_TAP"
	fi
}

# summary_ok NAME THREADS [any]: the last output line is the summary, and
# work > 0 (any work count, 0 included, with "any": a run stopped after
# 0.5 s on a loaded machine may not have finished its first batch).
summary_ok() {
	local work='[1-9][0-9]*'

	[ "${3:-}" = any ] && work='[0-9]+'
	grep -Eq "^$1: threads=$2 seconds=[0-9]+\.[0-9]+ work=$work\$" \
		<(tail -n 1 "$out")
}

for w in "$@"; do
	bin=$dir/$w
	if "$bin" --self-test > "$out" 2>&1 &&
	   grep -q "^$w: self-test: .*: ok\$" "$out" &&
	   [ "$(tail -n 1 "$out")" = "$w: self-test passed" ]; then
		result ok "$w self-test"
	else
		result "not ok" "$w self-test"
	fi

	for t in 1 2; do
		if timeout 60 "$bin" --seconds 1 --threads "$t" > "$out" 2>&1 &&
		   summary_ok "$w" "$t"; then
			result ok "$w 1-second run, $t thread(s)"
		else
			result "not ok" "$w 1-second run, $t thread(s)"
		fi
	done

	start=$SECONDS
	"$bin" --seconds 600 --threads 2 > "$out" 2>&1 &
	pid=$!
	sleep 0.5
	kill -TERM "$pid" 2> /dev/null
	if wait "$pid" && summary_ok "$w" 2 any && [ $((SECONDS - start)) -lt 30 ]; then
		result ok "$w stops cleanly on SIGTERM"
	else
		result "not ok" "$w stops cleanly on SIGTERM"
	fi
done

echo "workloads: $nfail check(s) failed"
[ "$nfail" -eq 0 ]
