#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the KUnit run (test kernel only): load the KUnit test
# module, whose suites run at load, and save the KTAP they print into
# $HG_RESULTS/kunit.tap for the host to parse with kunit.py.  A module's
# suites print no top-level KTAP header, so one is added here.
#
# usage (in the VM): tests/vm/guest-kunit.sh PATH/TO/hashguard_test.ko
set -uo pipefail

ko=$1
out=${HG_RESULTS:-/tmp}

[ -d /sys/kernel/debug/kunit ] || {
	echo "guest-kunit: no KUnit in this kernel" >&2
	exit 1
}
before=$(dmesg | wc -l)
insmod "$ko" || { echo "guest-kunit: insmod $ko failed" >&2; exit 1; }
# The suites' output, without the lines the code under test logged.
dmesg --notime | tail -n +"$((before + 1))" |
	grep -v '^hashguard_test: ' > "$out/kunit.dmesg"
suites=$(grep -cE '^(not )?ok [0-9]+ ' "$out/kunit.dmesg")
{
	echo "KTAP version 1"
	echo "1..$suites"
	cat "$out/kunit.dmesg"
} > "$out/kunit.tap"
cat "$out/kunit.tap"
rmmod hashguard_test || { echo "guest-kunit: rmmod failed" >&2; exit 1; }
[ "$suites" -gt 0 ]
