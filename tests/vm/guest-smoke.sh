#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the end-to-end test, run by tests/run.sh through
# tests/vm/run-vm.sh on each kernel: load the module, talk to it over
# netlink as the tools do, unload it, and check the audit trail.
#
# usage (in the VM): tests/vm/guest-smoke.sh PATH/TO/hashguard.ko LABEL
set -uo pipefail

ko=$1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
probe=$repo/userspace/build/tools/nlprobe
out=${HG_RESULTS:-/tmp}
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

t() { echo "$label: $1"; }

not_loaded_is_clear() {
	local msg
	msg=$("$ctl" status 2>&1) && return 1
	echo "$msg"
	grep -q "hashguard kernel module is not loaded" <<< "$msg"
}

status_human() {
	"$ctl" status | tee "$out/status.txt" &&
		grep -q "^hashguard $(modinfo -F version "$ko") (netlink family hashguard, version 1)" "$out/status.txt" &&
		grep -q "netlink_requests" "$out/status.txt"
}

# The JSON must parse, name the module's version, and count this request.
status_json() {
	"$ctl" --json status > "$out/status.json" || return 1
	cat "$out/status.json"
	python3 - "$out/status.json" "$(modinfo -F version "$ko")" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
assert st["version"] == sys.argv[2], st
assert st["genl_version"] == 1
assert 0 <= st["uptime_s"] < 3600
assert st["counters"]["netlink_requests"] >= 2, st["counters"]
assert st["counters"]["audit_lines"] == 1, st["counters"]
assert st["counters"]["audit_suppressed"] == 0
PY
}

# The tools free what they allocate, on the success path too.
status_no_leaks() {
	valgrind --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
		-q "$ctl" --json status > /dev/null
}

# A request with a reply-only attribute is refused, with the kernel's words.
extack_shown() {
	local msg
	msg=$("$probe" 1 2 8 2>&1) && return 1
	echo "$msg"
	grep -q "kernel reports: attribute is only sent by the kernel" <<< "$msg"
}

unknown_attr_refused() {
	local msg
	msg=$("$probe" 1 200 4 2>&1) && return 1
	echo "$msg"
	grep -q "kernel reports: Unknown attribute type" <<< "$msg"
}

# Tenant data needs CAP_NET_ADMIN; status reveals none and is open.
unprivileged_refused() {
	local msg
	msg=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$ctl" tenant list 2>&1) && return 1
	echo "$msg"
	grep -q "permission denied: hashguard needs CAP_NET_ADMIN" <<< "$msg" &&
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=-all --bounding-set=-all "$ctl" status
}

# Refused settings name the problem and change nothing.
config_refused() {
	local before after msg
	before=$("$ctl" --json config get) || return 1
	msg=$("$ctl" config set clear_threshold 900 2>&1) && return 1
	echo "$msg"
	grep -q "kernel reports: clear_threshold must be below flag_threshold" <<< "$msg" || return 1
	msg=$("$ctl" config set sample_hz 5 2>&1) && return 1
	echo "$msg"
	grep -q "kernel reports: .*range" <<< "$msg" || return 1
	after=$("$ctl" --json config get) || return 1
	[ "$before" = "$after" ]
}

# The other read commands free what they allocate too.
lists_no_leaks() {
	local c
	for c in "tasks" "tenant list" "config get"; do
		# shellcheck disable=SC2086 # the command's words
		valgrind --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
			-q "$ctl" --json $c > /dev/null || return 1
	done
}

audit_lines() {
	local load unload
	dmesg | grep 'hashguard: audit ' | tee "$out/audit.log"
	load=$(grep -c 'hashguard: audit seq=1 event=load version=[^ ]* genl_family=hashguard genl_version=1 uid=0 pid=[0-9]* comm=insmod$' "$out/audit.log")
	unload=$(grep -c 'hashguard: audit seq=2 event=unload version=[^ ]* uptime_s=[0-9]* lines=2 suppressed=0 uid=0 pid=[0-9]* comm=rmmod$' "$out/audit.log")
	[ "$load" = 1 ] && [ "$unload" = 1 ]
}

t "kernel $(uname -r)"
check "$label: status without the module says it is not loaded" not_loaded_is_clear
check "$label: insmod hashguard.ko" insmod "$ko"
check "$label: family registered" grep -q hashguard /proc/modules
check "$label: hashguardctl status" status_human
check "$label: hashguardctl --json status" status_json
check "$label: hashguardctl status under valgrind: no leak" status_no_leaks
check "$label: reply-only attribute refused with extack" extack_shown
check "$label: unknown attribute refused with extack" unknown_attr_refused
check "$label: unprivileged caller refused clearly" unprivileged_refused
check "$label: bad config refused with extack, nothing changed" config_refused
check "$label: tasks, tenant list, config get under valgrind: no leak" lists_no_leaks
check "$label: rmmod hashguard" rmmod hashguard
check "$label: family gone after unload" not_loaded_is_clear
check "$label: audit lines for load and unload" audit_lines
exit "$(tap_failed)"
