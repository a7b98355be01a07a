#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-check.sh B SPEC HEADER
#
# Checks that the YNL spec SPEC and the uapi header HEADER agree (ynl-check
# on the text, then the program it generates, built against the header),
# then runs the same check on mutated copies of SPEC in B/mut-*, each of
# which must fail naming the mutated item.  Prints one line per check
# group and a summary; exits non-zero on any failure.

B=$1 SPEC=$2 HDR=$3
CC=${CC:-cc}
CFLAGS="-std=gnu11 -Wall -Wextra -Werror"
VALGRIND=${VALGRIND:-}

# line ok|FAIL GROUP TEXT: a line in the format of ynl-check's
line() {
	printf '%-4s %-15s %s\n' "$1" "$2" "$3"
}

# check SPEC DIR: the whole check of one spec, output on stdout
check() {
	mkdir -p "$2"
	$VALGRIND "$B/ynl-check" "$1" "$HDR" "$2/values.c"
	rc=$?
	[ $rc -ge 2 ] && { line FAIL ynl-check "could not check $1 (exit $rc)"; return 2; }
	if ! $CC $CFLAGS -o "$2/values" "$2/values.c" 2>"$2/cc.log"; then
		line FAIL compile "$2/values.c does not build against the header:"
		grep -E 'error|undeclared' "$2/cc.log" | sed 's/^/       - /' | head -20
		return 1
	fi
	"$2/values" || rc=1
	return $rc
}

# replace AFTER FROM TO: after the first line matching AFTER, sub() FROM by
# TO on the first line matching FROM
replace() {
	awk -v after="$1" -v from="$2" -v to="$3" '
		!done && seen && $0 ~ from { sub(from, to); done = 1 }
		!seen && $0 ~ after { seen = 1 }
		{ print }
		END { exit !done }'
}

# delete AFTER LINE: delete the YAML list item holding the line LINE
# (exactly), first found after a line matching AFTER
delete() {
	awk -v after="$1" -v target="$2" '
		{ l[NR] = $0 }
		END {
			for (i = 1; i <= NR && l[i] !~ after; i++) ;
			for (; i <= NR && l[i] != target; i++) ;
			if (i > NR) exit 1
			match(target, /^ */); ind = RLENGTH
			for (s = i; s > 0 && l[s] != sprintf("%*s-", ind - 2, ""); s--) ;
			for (e = i + 1; e <= NR; e++) {
				match(l[e], /^ */)
				if (l[e] != "" && RLENGTH < ind) break
			}
			for (j = 1; j <= NR; j++) if (j < s || j >= e) print l[j]
		}'
}

out=$B/check.log
{ check "$SPEC" "$B/spec"; echo $? > "$B/check.rc"; } | tee "$out"
status=$(cat "$B/check.rc")
ok=$(grep -c '^ok' "$out")
bad=$(grep -c '^FAIL' "$out")

# Self-test: each mutation must make the check fail, naming EXPECT.
# name | EXPECT | mutation (a function of stdin)
n=0 caught=0
while IFS='|' read -r name expect how; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	d=$B/mut-$n
	mkdir -p "$d"
	if ! eval "$how" < "$SPEC" > "$d/spec.yaml" || cmp -s "$SPEC" "$d/spec.yaml"; then
		line FAIL selftest "$name: the mutation does not apply to the spec"
		status=1
		continue
	fi
	if check "$d/spec.yaml" "$d" > "$d/check.log" 2>&1; then
		line FAIL selftest "$name: the mutated spec passes ($d/spec.yaml)"
		status=1
	elif ! grep -q -- "$expect" "$d/check.log"; then
		line FAIL selftest "$name: fails, but without naming $expect ($d/check.log)"
		status=1
	else
		caught=$((caught + 1))
		line ok selftest "$name: fails: $(grep -m1 -- "$expect" "$d/check.log" | sed 's/^ *- //')"
	fi
done <<'MUTATIONS'
command value changed|HASHGUARD_CMD_GET_STATUS|replace 'name: get-status' 'value: 1$' 'value: 2'
attribute removed|HASHGUARD_TASK_A_APPROVAL_REF|delete '^    name: task$' '        name: approval-ref'
attribute in the middle removed|HASHGUARD_CALLER_A_COMM|delete '^    name: caller$' '        name: pid'
group renamed|HASHGUARD_MCGRP_CONFIGURATION|replace '^mcast-groups:' 'name: config$' 'name: configuration'
constant changed|HASHGUARD_TENANTS_MAX|replace 'name: tenants-max$' 'value: 4096' 'value: 4095'
enum entry renamed|HASHGUARD_APPROVAL_WAITING|replace 'name: approval-state$' 'name: pending' 'name: waiting'
value enum removed|enum hashguard_outcome|delete '^definitions:' '    name: outcome'
enum-name wrong|hashguard_caller_attr|replace 'name: caller$' 'enum-name: hashguard_caller_attr' 'enum-name: hashguard_caller'
attribute type changed|HASHGUARD_TENANT_A_CGROUP_ID|replace 'name: cgroup-id' 'type: u64' 'type: u32'
range changed|HASHGUARD_CONFIG_A_WINDOW_MS|replace 'name: window-ms' 'max: 60000' 'max: 6000'
nested set changed|HASHGUARD_A_TASK|replace 'name: task$' 'nested-attributes: task' 'nested-attributes: tenant'
operation attribute misspelt|load-tme|replace 'name: get-status' 'load-time' 'load-tme'
max-len constant misspelt|HASHGUARD_TENANT_NAMES_MAX|replace 'name: name$' 'HASHGUARD_TENANT_NAME_MAX' 'HASHGUARD_TENANT_NAMES_MAX'
MUTATIONS

echo "ynl: $(basename "$SPEC") against $(basename "$HDR"): $ok check groups agree, $bad disagree;" \
	"self-test: $caught of $n mutated specs fail as they should"
if [ $status = 0 ]; then
	echo "ynl: PASS"
else
	echo "ynl: FAIL"
fi
exit $status
