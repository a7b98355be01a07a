# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the test scripts: record results as TAP lines in $HG_TAP (or
# $HG_RESULTS/tap in the VM), which tests/run.sh counts.
#
#   check NAME CMD...     run CMD; "ok - NAME" if it exits 0
#   expect_fail NAME CMD  run CMD; "ok - NAME" if it exits non-zero
#   tap_result ok|not\ ok NAME [WHY]
#   tap_failed            number of "not ok" recorded by this script
#   wait_for SECONDS CMD  run CMD every 0.3 s until it succeeds, for at
#                         most SECONDS; exit 1 if it never did

: "${HG_TAP:=${HG_RESULTS:-/tmp}/tap}"
tap_nfail=0

tap_result() {
	local r=$1 name=$2 why=${3:-}
	echo "$r - $name" >> "$HG_TAP"
	if [ "$r" = ok ]; then
		echo "PASS: $name"
	else
		tap_nfail=$((tap_nfail + 1))
		echo "FAIL: $name${why:+: $why}"
	fi
}

check() {
	local name=$1
	shift
	echo "+ $*"
	if "$@"; then
		tap_result ok "$name"
	else
		tap_result "not ok" "$name" "exit $?"
	fi
}

expect_fail() {
	local name=$1
	shift
	echo "+ ! $*"
	if "$@"; then
		tap_result "not ok" "$name" "succeeded, expected failure"
	else
		tap_result ok "$name"
	fi
}

tap_failed() {
	echo "$tap_nfail"
}

wait_for() {
	local end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.3
	done
}
