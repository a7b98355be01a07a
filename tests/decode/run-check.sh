#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Runs the decode sub-tests for "make -C tests/decode check".  Arguments are
# the binaries for the objdump cross-check.  One TAP line per sub-test is
# appended to $HG_TAP when set; the exit status is non-zero if any failed.
# Expects B (build dir) and FUZZ_SECONDS in the environment.

: "${B:?}" "${FUZZ_SECONDS:=60}"
fail=0

tap() {
	echo "$1"
	if [ -n "$HG_TAP" ]; then
		echo "$1" >> "$HG_TAP"
	fi
}

run() {	# name command...
	name=$1
	shift
	echo "=== decode: $name"
	if "$@"; then
		tap "ok - decode: $name"
	else
		tap "not ok - decode: $name"
		fail=1
	fi
}

run cmocka "$B/test_decode"
run "inspect cmocka" "$B/test_inspect"

# objdump cross-check: one TAP line per binary, written by odcheck itself
if ! command -v objdump > /dev/null; then
	tap "ok - decode: objdump # SKIP objdump not installed"
else
	present=
	for bin in "$@"; do
		if [ -r "$bin" ]; then
			present="$present $bin"
		else
			tap "ok - decode: objdump $(basename "$bin") # SKIP not found"
		fi
	done
	echo "=== decode: objdump cross-check"
	# shellcheck disable=SC2086
	if ! "$B/odcheck" $present; then
		fail=1
	fi
fi

if [ -x "$B/fuzz_decode" ]; then
	mkdir -p "$B/corpus"
	echo "=== decode: libFuzzer, $FUZZ_SECONDS s"
	if "$B/fuzz_decode" -max_total_time="$FUZZ_SECONDS" -max_len=256 \
		-print_final_stats=1 "$B/corpus" > "$B/fuzz.log" 2>&1; then
		grep -E '^(stat::number_of_executed_units|Done)' "$B/fuzz.log"
		tap "ok - decode: libfuzzer"
	else
		tail -40 "$B/fuzz.log"
		tap "not ok - decode: libfuzzer"
		fail=1
	fi
else
	tap "ok - decode: libfuzzer # SKIP clang-14 libFuzzer unavailable"
fi

exit $fail
