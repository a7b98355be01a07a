#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the netlink API test, run through tests/vm/run-vm.sh on
# each kernel: load the module, then
#
#  1. hostile input: userspace/build/tools/nlhostile runs its table of bad
#     requests as root (every one refused with the right errno, extack
#     message and attribute offset, nothing changed), then as nobody
#     without capabilities (--unpriv: every command but GET_STATUS and
#     GET_CONFIG, and joining either multicast group, fails with EPERM);
#  2. round trips through hashguardctl: status, config get/set, tenant
#     add/list/del, approve/approvals/revoke, tasks, tasks --pid, monitor
#     (--config and --detect), each change seen on the "config" group with
#     the caller's uid (0, and 1234 holding CAP_NET_ADMIN as an ambient
#     capability);
#  3. approvals: expiry (+3 s) and revocation each send DEL_APPROVAL (end
#     expired without a caller, end revoked with one), remove the approval
#     from the dump and write an audit line; a hash workload (sha256d)
#     flagged in an approved tenant: its FLAGGED event and audit line name
#     the approval, revocation sends UNCOVERED, a new grant (for its
#     executable) COVERED, that grant's expiry UNCOVERED again;
#  4. ACTION: an action reported by root and by uid 1234 is in the audit
#     trail with the caller's uid;
#  5. dumps: 1,000 tenants (cgroups /sys/fs/cgroup/api-many/tNNNN) listed
#     completely and exactly once, three times; a flagged process
#     (tests/workloads/build/forkhold) holding 10,000 children
#     (HG_API_CHILDREN) while it churns short-lived ones: all dumped
#     completely and exactly
#     once by `hashguardctl --json tasks` and by nlhostile's raw dump,
#     three times each;
#
# then unload it.  Deadlines on notifications are generous (15-60 s) and
# nothing times performance; the time each step took is logged.
#
# Results in $HG_RESULTS: hostile.txt and hostile-unpriv.txt (every bad
# input tried and the error it got), hostile*.log (nlhostile's output),
# ntf.log (every notification, from `nlhostile listen`),
# monitor-config.jsonl and monitor-detect.jsonl (hashguardctl monitor),
# api-times.txt (seconds per step).
#
# usage (in the VM): tests/vm/guest-api.sh PATH/TO/hashguard.ko LABEL
#
# Most functions below run through check/tap.sh:
# shellcheck disable=SC2317
set -uo pipefail

ko=$1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
hostile=$repo/userspace/build/tools/nlhostile
wl=$repo/tests/workloads/build
out=${HG_RESULTS:-/tmp}
cgr=/sys/fs/cgroup
ntf=$out/ntf.log
times=$out/api-times.txt
tmp=$(mktemp -d /tmp/hg-api.XXXXXX)
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

bg=()
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	local p
	for p in "${bg[@]}"; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

t() { echo "$label: api: $*"; }
n() { echo "$label: api: $1"; }
req() { "$hostile" req "$@"; }
now() { date +%s; }
step_start=$(now)
step() {
	local s
	s=$(now)
	printf '%s\t%d\n' "$1" "$((s - step_start))" >> "$times"
	t "step $1 took $((s - step_start)) s"
	step_start=$s
}
as_1234() {
	setpriv --reuid=1234 --regid=1234 --clear-groups --inh-caps=+net_admin \
		--ambient-caps=+net_admin "$@"
}

# Is a hashguardctl subcommand or option there?  (It is being extended.)
ctl_has() { "$ctl" --help 2>&1 | grep -q -- "$1"; }

# grep_all PATTERN...: the lines of stdin matching every extended regexp.
grep_all() {
	local l p
	l=$(cat)
	for p in "$@"; do
		l=$(grep -E -- "$p" <<< "$l") || return 1
	done
	echo "$l"
}

# ntf_mark: the line of $ntf the next notification will be on.
ntf_mark() { echo $(($(wc -l < "$ntf") + 1)); }

# ntf_wait SECONDS FROM PATTERN...: wait for a notification from line FROM
# on matching every pattern; print it.
ntf_wait() {
	local secs=$1 from=$2 end
	shift 2
	end=$(($(now) + secs))
	while :; do
		tail -n +"$from" "$ntf" | grep_all "$@" && return 0
		if [ "$(now)" -ge "$end" ]; then
			echo "no notification matching: $* (within ${secs}s); since line $from:"
			tail -n +"$from" "$ntf" | tail -n 20
			return 1
		fi
		sleep 0.2
	done
}

# audit_wait SECONDS PATTERN...: wait for a kernel audit line.
audit_wait() {
	local secs=$1 end
	shift
	end=$(($(now) + secs))
	while :; do
		dmesg | grep 'hashguard: audit ' | grep_all "$@" && return 0
		if [ "$(now)" -ge "$end" ]; then
			echo "no audit line matching: $*; the last ones:"
			dmesg | grep 'hashguard: audit ' | tail -n 10
			return 1
		fi
		sleep 0.5
	done
}

# ---------------------------------------------------------------------
t "kernel $(uname -r)"
: > "$times"
check "$(n "insmod hashguard.ko")" insmod "$ko" || exit 1

"$hostile" listen > "$ntf" 2> "$out/listen.err" &
listen_pid=$!
bg+=("$listen_pid")
for _ in $(seq 50); do
	grep -q '^listening' "$ntf" && break
	sleep 0.1
done
check "$(n "nlhostile listen joined both groups")" grep -q '^listening' "$ntf"

# hashguardctl's monitors, when it has them.
if ctl_has "--config"; then
	"$ctl" --json monitor --config > "$out/monitor-config.jsonl" 2> "$out/monitor-config.err" &
	mon_cfg=$!
	bg+=("$mon_cfg")
	"$ctl" --json monitor --detect > "$out/monitor-detect.jsonl" 2> "$out/monitor-detect.err" &
	bg+=("$!")
else
	mon_cfg=
fi
step setup

# 1. Hostile input. -------------------------------------------------------
hostile_tap() {
	local name=$1 log=$2 rc=$3 total fails
	total=$(grep -c '^\(not \)\{0,1\}ok - ' "$log")
	fails=$(grep -c '^not ok - ' "$log")
	if [ "$rc" -eq 0 ] && [ "$fails" -eq 0 ] && [ "$total" -gt 0 ]; then
		tap_result ok "$(n "$name: $total cases, all as expected")"
	else
		tap_result "not ok" "$(n "$name: $total cases")" "$fails failed, exit $rc"
		grep '^not ok - ' "$log" | while IFS= read -r l; do
			tap_result "not ok" "$(n "${l#not ok - }")"
		done
	fi
}
"$hostile" --cgroup-root "$cgr" > "$out/hostile.log" 2>&1
hostile_tap "nlhostile privileged" "$out/hostile.log" $?
setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all "$hostile" --unpriv --table fd:3 \
	> "$out/hostile-unpriv.log" 2>&1 3> "$out/hostile-unpriv.txt"
hostile_tap "nlhostile --unpriv (uid 65534, no capabilities)" "$out/hostile-unpriv.log" $?
t "hostile table: $out/hostile.txt, $out/hostile-unpriv.txt"
step hostile

# 2. Round trips. ---------------------------------------------------------
status_ok() {
	"$ctl" --json status > "$tmp/status.json" &&
		jq -e '.version and (.counters | type == "object")' "$tmp/status.json"
}
check "$(n "hashguardctl --json status")" status_ok
check "$(n "hashguardctl status (unprivileged) works")" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$ctl" status
check "$(n "hashguardctl config get (unprivileged) works")" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$ctl" config get

ms0=$("$ctl" --json config get | jq -r '.min_samples')
config_set() {
	local who=$1 val=$2 from line
	from=$(ntf_mark)
	if [ "$who" = 0 ]; then
		"$ctl" --json config set min_samples "$val" > "$tmp/cfg.json" || return 1
	else
		as_1234 "$ctl" --json config set min_samples "$val" > "$tmp/cfg.json" || return 1
	fi
	jq -e --argjson v "$val" '.min_samples == $v' "$tmp/cfg.json" > /dev/null || {
		echo "reply: $(cat "$tmp/cfg.json")"
		return 1
	}
	[ "$("$ctl" --json config get | jq -r '.min_samples')" = "$val" ] || return 1
	line=$(ntf_wait 15 "$from" '^ntf .* cmd=set_config ' "config.min_samples=$val( |$)" \
		"caller.uid=$who( |$)") || { echo "$line"; return 1; }
	echo "$line"
	# The whole configuration, not just what changed.
	grep -q 'config.sample_hz=' <<< "$line" && grep -q 'config.max_tasks=' <<< "$line"
}
if [ -n "$ms0" ] && [ "$ms0" != null ]; then
	check "$(n "config set min_samples $((ms0 + 1)) as root: reply, get, SET_CONFIG notification with uid 0")" \
		config_set 0 $((ms0 + 1))
	check "$(n "config set min_samples $((ms0 + 2)) as uid 1234 with CAP_NET_ADMIN: SET_CONFIG notification with uid 1234")" \
		config_set 1234 $((ms0 + 2))
	check "$(n "config set min_samples back to $ms0")" "$ctl" config set min_samples "$ms0"
else
	tap_result "not ok" "$(n "config get --json gives min_samples")" "got '$ms0'"
fi

mkdir -p "$cgr/api-a" "$cgr/api-w"
tenant_add() {
	local from line
	from=$(ntf_mark)
	"$ctl" tenant add "$1" "$cgr/$1" || return 1
	line=$(ntf_wait 15 "$from" '^ntf .* cmd=new_tenant ' "tenant.name=$1( |$)" \
		"tenant.cgroup=/$1( |$)" 'caller.uid=0( |$)') || { echo "$line"; return 1; }
	echo "$line"
	"$ctl" --json tenant list | jq -e --arg n "$1" 'map(select(.name == $n)) | length == 1'
}
check "$(n "tenant add api-a: NEW_TENANT notification with uid 0, listed once")" tenant_add api-a
check "$(n "tenant add api-w")" tenant_add api-w

approvals_has() { # TENANT REF: the approval is listed (JSON) exactly once
	"$ctl" --json approvals | jq -e --arg t "$1" --arg r "$2" \
		'map(select(.tenant == $t and .ref == $r)) | length == 1' > /dev/null
}
approval_gone() {
	"$ctl" --json approvals | jq -e --arg t "$1" --arg r "$2" \
		'map(select(.tenant == $t and .ref == $r)) | length == 0' > /dev/null &&
		! req approvals | grep -qE "approval.ref=$2( |$)"
}
have_approve=0
if ctl_has "approve TENANT"; then
	have_approve=1
fi
approve() { # TENANT REF [ctl options...]
	local ten=$1 ref=$2
	shift 2
	if [ "$have_approve" = 1 ]; then
		"$ctl" approve "$ten" --ref "$ref" "$@"
	else
		local args=() a
		while [ $# -gt 0 ]; do
			a=$1
			case $a in
			--until) args+=("expires=$2"); shift ;;
			--exe) args+=("exe=$2"); shift ;;
			esac
			shift
		done
		req approve "$ten" "$ref" "${args[@]}"
	fi
}
revoke() {
	if [ "$have_approve" = 1 ]; then
		"$ctl" revoke "$1" --ref "$2"
	else
		req revoke "$1" "$2"
	fi
}
[ "$have_approve" = 1 ] || t "# hashguardctl has no approve/revoke yet: using nlhostile req"

approve_revoke() {
	local from line
	from=$(ntf_mark)
	approve api-a API-1 --until +1h || return 1
	line=$(ntf_wait 15 "$from" '^ntf .* cmd=new_approval ' 'approval.ref=API-1( |$)' \
		'approval.tenant_name=api-a( |$)' 'caller.uid=0( |$)') || { echo "$line"; return 1; }
	echo "$line"
	approvals_has api-a API-1 || { echo "API-1 not listed once"; return 1; }
	"$ctl" --json approvals api-a | jq -e 'map(select(.ref == "API-1" and .granted_by == 0)) | length == 1' \
		> /dev/null || { echo "approvals api-a: no API-1 granted by 0"; return 1; }
	audit_wait 10 'event=approval_set' 'ref=API-1( |$)' || return 1
	from=$(ntf_mark)
	revoke api-a API-1 || return 1
	line=$(ntf_wait 15 "$from" '^ntf .* cmd=del_approval ' 'approval.ref=API-1( |$)' \
		'approval.end=revoked( |$)' 'caller.uid=0( |$)') || { echo "$line"; return 1; }
	echo "$line"
	approval_gone api-a API-1 || { echo "API-1 still listed"; return 1; }
	audit_wait 10 'event=approval_revoke' 'ref=API-1( |$)'
}
check "$(n "approve/approvals/revoke: NEW_APPROVAL and DEL_APPROVAL (revoked, uid 0), listed then gone, audit lines")" \
	approve_revoke

approve_1234() {
	local from line
	from=$(ntf_mark)
	if [ "$have_approve" = 1 ]; then
		as_1234 "$ctl" approve api-a --ref API-U --until +1h || return 1
	else
		as_1234 "$hostile" req approve api-a API-U expires=+3600 || return 1
	fi
	line=$(ntf_wait 15 "$from" '^ntf .* cmd=new_approval ' 'approval.ref=API-U( |$)' \
		'approval.granted_by=1234( |$)' 'caller.uid=1234( |$)') || { echo "$line"; return 1; }
	echo "$line"
	"$ctl" --json approvals | jq -e 'map(select(.ref == "API-U" and .granted_by == 1234)) | length == 1' \
		> /dev/null || return 1
	revoke api-a API-U
}
check "$(n "approval granted by uid 1234 with CAP_NET_ADMIN: granted_by and caller uid 1234")" approve_1234

expiry() {
	local from line
	from=$(ntf_mark)
	approve api-a API-EXP --until +3s || return 1
	approvals_has api-a API-EXP || { echo "API-EXP not listed"; return 1; }
	line=$(ntf_wait 20 "$from" '^ntf .* cmd=del_approval ' 'approval.ref=API-EXP( |$)' \
		'approval.end=expired( |$)') || { echo "$line"; return 1; }
	echo "$line"
	if grep -q 'caller\.' <<< "$line"; then
		echo "an expiry carries no caller"
		return 1
	fi
	approval_gone api-a API-EXP || { echo "API-EXP still listed"; return 1; }
	audit_wait 10 'event=approval_expire' 'ref=API-EXP( |$)'
}
check "$(n "approval --until +3s expires: DEL_APPROVAL end=expired without caller, gone, audit line")" expiry

tasks_ok() { "$ctl" --json tasks | jq -e 'type == "array"' > /dev/null; }
check "$(n "hashguardctl --json tasks")" tasks_ok
step roundtrips

# 3. Coverage of a flagged process. ----------------------------------------
ww=$(realpath "$wl/sha256d")
check "$(n "approve api-w W-1 (whole tenant) before the workload")" approve api-w W-1 --until +1h
from=$(ntf_mark)
(echo "$BASHPID" > "$cgr/api-w/cgroup.procs" && exec "$wl/sha256d" --seconds 600 --threads 1) \
	> "$out/wl-sha256d.log" 2>&1 &
wpid=$!
bg+=("$wpid")
t "sha256d in api-w: tgid $wpid"
if flag_line=$(ntf_wait 60 "$from" '^ntf .* cmd=task_ntf ' 'event=flagged( |$)' "task.tgid=$wpid( |$)"); then
	tap_result ok "$(n "sha256d in api-w flagged (FLAGGED event)")"
	echo "$flag_line"
	if grep -qE 'task.approval_ref=W-1( |$)' <<< "$flag_line"; then
		tap_result ok "$(n "FLAGGED event names approval W-1")"
	else
		tap_result "not ok" "$(n "FLAGGED event names approval W-1")" "$flag_line"
	fi
	check "$(n "audit line event=flagged names approval W-1")" \
		audit_wait 10 'event=flagged' "tgid=$wpid( |$)" 'approval=W-1( |$)'
	task_pid() {
		if ctl_has "--pid"; then
			"$ctl" --json tasks --pid "$wpid" | tee "$tmp/task.json" &&
				jq -e --argjson p "$wpid" '(if type == "array" then .[0] else . end) |
					.tgid == $p and (tostring | test("W-1"))' "$tmp/task.json" > /dev/null || return 1
		else
			echo "# SKIP hashguardctl has no tasks --pid: raw GET_TASK only"
		fi
		req task "$wpid" | grep -E "task.tgid=$wpid( |$)" | grep -E 'task.approval_ref=W-1( |$)'
	}
	check "$(n "tasks --pid and GET_TASK doit show the process covered by W-1")" task_pid
	from=$(ntf_mark)
	check "$(n "revoke W-1")" revoke api-w W-1
	check "$(n "revoking W-1: UNCOVERED event")" \
		ntf_wait 15 "$from" '^ntf .* cmd=task_ntf ' 'event=uncovered( |$)' "task.tgid=$wpid( |$)"
	not_covered() { ! req task "$wpid" | grep -q 'task.approval_ref='; }
	check "$(n "after revocation GET_TASK shows no approval")" not_covered
	# The path as the module sees it, from the root of the initial mount
	# namespace: the guest command runs chrooted, where /proc/PID/exe
	# gives $ww instead.
	kexe=$(req task "$wpid" | grep -oE 'task.exe=[^ ]+' | cut -d= -f2)
	t "sha256d: exe $ww here, $kexe for the module"
	from=$(ntf_mark)
	check "$(n "approve api-w W-2 --exe ${kexe:-$ww} --until +8s")" \
		approve api-w W-2 --exe "${kexe:-$ww}" --until +8s
	check "$(n "granting W-2 (its executable): COVERED event naming W-2")" \
		ntf_wait 15 "$from" '^ntf .* cmd=task_ntf ' 'event=covered( |$)' "task.tgid=$wpid( |$)" \
		'task.approval_ref=W-2( |$)'
	check "$(n "W-2 expires: DEL_APPROVAL end=expired")" \
		ntf_wait 30 "$from" '^ntf .* cmd=del_approval ' 'approval.ref=W-2( |$)' 'approval.end=expired( |$)'
	check "$(n "W-2 expired: UNCOVERED event")" \
		ntf_wait 15 "$from" '^ntf .* cmd=task_ntf ' 'event=uncovered( |$)' "task.tgid=$wpid( |$)"
	if [ -n "$mon_cfg" ]; then
		check "$(n "hashguardctl monitor --detect saw flagged/uncovered/covered")" \
			bash -c "grep -q '\"flagged\"' '$out/monitor-detect.jsonl' && grep -q '\"covered\"' '$out/monitor-detect.jsonl' && grep -q '\"uncovered\"' '$out/monitor-detect.jsonl'"
	fi

	# 4. ACTION.
	action_audit() { # UID RUNNER...
		local uid=$1
		shift
		"$@" "$hostile" req action "$wpid" throttle verified "reason=policy api-$uid" \
			"detail=cpu.max 10000 100000 set and read back" || return 1
		audit_wait 10 'event=action' "tgid=$wpid( |$)" 'action=throttle' "uid=$uid( |$)"
	}
	check "$(n "ACTION reported by root: audit line event=action with uid=0")" action_audit 0 env
	check "$(n "ACTION reported by uid 1234 (CAP_NET_ADMIN): audit line with uid=1234")" \
		action_audit 1234 as_1234
else
	tap_result "not ok" "$(n "sha256d in api-w flagged (FLAGGED event) within 60 s")" "$flag_line"
fi
kill -TERM "$wpid" 2> /dev/null
wait "$wpid" 2> /dev/null

# GET_TASK's samples count the window under way: a process frozen
# mid-window keeps the count read once it is frozen, through the fold
# of that window and the "cleared" its silence brings.  (A count of
# folded windows only grows at the next fold.)
samples_of() { req task "$1" | grep -oE 'task.samples=[0-9]+' | cut -d= -f2; }
mkdir -p "$cgr/api-frz"
from=$(ntf_mark)
(echo "$BASHPID" > "$cgr/api-frz/cgroup.procs" && exec "$wl/sha256d" --seconds 600 --threads 2) \
	> "$out/wl-frz.log" 2>&1 &
zpid=$!
if ntf_wait 60 "$from" '^ntf .* cmd=task_ntf ' 'event=flagged( |$)' "task.tgid=$zpid( |$)" > /dev/null; then
	echo 1 > "$cgr/api-frz/cgroup.freeze"
	if wait_for 30 grep -qx "frozen 1" "$cgr/api-frz/cgroup.events"; then
		from=$(ntf_mark)
		z1=$(samples_of "$zpid")
		if cl=$(ntf_wait 60 "$from" '^ntf .* cmd=task_ntf ' 'event=cleared( |$)' "task.tgid=$zpid( |$)"); then
			z2=$(samples_of "$zpid")
			zc=$(grep -oE 'task.samples=[0-9]+' <<< "$cl" | cut -d= -f2)
			if [ -n "$z1" ] && [ "$z1" -gt 0 ] && [ "$z1" = "$z2" ] && [ "$z1" = "$zc" ]; then
				tap_result ok "$(n "frozen mid-window: GET_TASK samples $z1 before and after the cleared, and in it")"
			else
				tap_result "not ok" "$(n "frozen mid-window: GET_TASK samples unchanged")" \
					"frozen: '$z1', cleared event: '$zc', after: '$z2'"
			fi
		else
			tap_result "not ok" "$(n "frozen process cleared")" "$cl"
		fi
	else
		tap_result "not ok" "$(n "api-frz frozen")" "$(cat "$cgr/api-frz/cgroup.events")"
	fi
else
	tap_result "not ok" "$(n "sha256d in api-frz flagged")"
fi
kill -KILL "$zpid" 2> /dev/null
wait "$zpid" 2> /dev/null
echo 0 > "$cgr/api-frz/cgroup.freeze"
wait_for 10 grep -qx "populated 0" "$cgr/api-frz/cgroup.events"
rmdir "$cgr/api-frz" 2> /dev/null

tenant_del() {
	local from
	from=$(ntf_mark)
	"$ctl" tenant del "$1" || return 1
	ntf_wait 15 "$from" '^ntf .* cmd=del_tenant ' "tenant.name=$1( |$)" 'caller.uid=0( |$)' &&
		"$ctl" --json tenant list | jq -e --arg n "$1" 'map(select(.name == $n)) | length == 0'
}
check "$(n "tenant del api-a: DEL_TENANT notification with uid 0, gone from the list")" tenant_del api-a
check "$(n "tenant del api-w")" tenant_del api-w
rmdir "$cgr/api-a" "$cgr/api-w" 2> /dev/null
if [ -n "$mon_cfg" ]; then
	mon_cfg_ok() {
		local c
		for c in set_config new_tenant del_tenant new_approval del_approval; do
			grep -q "\"$c\"" "$out/monitor-config.jsonl" || { echo "no $c"; return 1; }
		done
		grep -q '"expired"' "$out/monitor-config.jsonl" && grep -q '"revoked"' "$out/monitor-config.jsonl"
	}
	check "$(n "hashguardctl --json monitor --config saw every kind of change")" mon_cfg_ok
else
	t "# SKIP hashguardctl monitor --config: not in this hashguardctl"
fi
step coverage

# The many notifications below would only fill the listeners' buffers.
for p in "${bg[@]}"; do
	kill -TERM "$p" 2> /dev/null
done
wait 2> /dev/null
bg=()

# 5a. 1,000 tenants. ---------------------------------------------------------
mkdir -p "$cgr/api-many"
# One mkdir and one rmdir for all: a process each costs seconds under TCG.
mapfile -t many <<< "$(seq -f "$cgr/api-many/t%04g" 0 999)"
mkdir "${many[@]}"
check "$(n "1000 tenants registered (raw NEW_TENANT)")" \
	req bulk-tenants add api-m /api-many/t 1000
tenants_once() {
	local i
	for i in 1 2 3; do
		"$ctl" --json tenant list > "$tmp/tenants.json" || return 1
		jq -e '(map(select(.name | startswith("api-m"))) | length) == 1000 and
			(map(.name) | unique | length) == length and
			(map(.id) | unique | length) == length and .[0].name == "host"' \
			"$tmp/tenants.json" > /dev/null || {
			echo "tenant list $i: $(jq -c '[length, (map(select(.name | startswith("api-m"))) | length), (map(.name) | unique | length)]' "$tmp/tenants.json")"
			return 1
		}
		req tenants > "$tmp/tenants.raw" || return 1
		if [ "$(grep -oE 'tenant.name=api-m[0-9]+( |$)' "$tmp/tenants.raw" | sort -u | wc -l)" != 1000 ] ||
			[ "$(grep -c 'tenant.name=api-m' "$tmp/tenants.raw")" != 1000 ]; then
			echo "raw dump $i: $(grep -c 'tenant.name=api-m' "$tmp/tenants.raw") api-m lines"
			return 1
		fi
	done
}
check "$(n "1000 tenants listed completely and exactly once (hashguardctl and raw dump, 3 times each)")" \
	tenants_once
check "$(n "1000 tenants removed")" req bulk-tenants del api-m /api-many/t 1000
rmdir "${many[@]}" "$cgr/api-many"
step tenants-1000

# 5b. 10,000 tracked processes. ----------------------------------------------
nkids=${HG_API_CHILDREN:-10000}
tmax=$(cat /proc/sys/kernel/threads-max)
if [ "$tmax" -lt $((nkids * 2 + 2000)) ]; then
	echo $((nkids * 2 + 2000)) > /proc/sys/kernel/threads-max
	t "threads-max $tmax -> $(cat /proc/sys/kernel/threads-max)"
fi
"$wl/forkhold" --children "$nkids" --churn 20 --seconds 900 --pids-file "$tmp/fh.pids" \
	> "$out/wl-forkhold.log" 2>&1 &
fpid=$!
bg+=("$fpid")
flagged=0
for _ in $(seq 240); do
	if req task "$fpid" 2> /dev/null | grep -qE 'task.state=2( |$)'; then
		flagged=1
		break
	fi
	sleep 0.25
done
if [ $flagged = 1 ]; then
	tap_result ok "$(n "forkhold (tgid $fpid) flagged")"
else
	tap_result "not ok" "$(n "forkhold (tgid $fpid) flagged within 60 s")" "$(req task "$fpid" 2>&1)"
fi
drop0=$("$ctl" --json status | jq -r '.counters.pending_dropped')
# Children are tracked from fork only while the parent is suspect or
# flagged.  Forking 10,000 of them takes the parent a minute of system
# time on the KASAN kernel, in which it hashes too little to stay
# flagged with the default clear_windows (5); hold the verdict meanwhile.
clear0=$("$ctl" --json config get | jq -r '.clear_windows')
"$ctl" config set clear_windows 1000 > /dev/null
kill -USR1 "$fpid"
for _ in $(seq 600); do
	[ -s "$tmp/fh.pids" ] && break
	kill -0 "$fpid" 2> /dev/null || break
	sleep 0.5
done
cat "$out/wl-forkhold.log"
t "pending_dropped counter: $drop0 before the children, $("$ctl" --json status | jq -r '.counters.pending_dropped') after"
# The records of the children are created by a work item after their
# forks; on a slow kernel it can lag.  Wait until a dump holds every one
# of them (the processes gauge never settles while the churn goes on),
# or until three dumps in a row find no more of them (some were never
# tracked: that is reported below), at most 240 s.
missing_in_dump() {
	"$hostile" req tasks > "$tmp/settle.raw" 2> /dev/null
	grep -oE '^cmd=get_task task.tgid=[0-9]+' "$tmp/settle.raw" |
		cut -d= -f3 | sort -u > "$tmp/settle.tgids"
	sort -u "$tmp/fh.pids" | comm -23 - "$tmp/settle.tgids" | wc -l
}
if [ -s "$tmp/fh.pids" ]; then
	settle_end=$(($(now) + 240))
	best=$nkids
	stalled=0
	while [ "$(now)" -lt "$settle_end" ]; do
		miss=$(missing_in_dump)
		t "children not yet in a dump: $miss"
		[ "$miss" = 0 ] && break
		if [ "$miss" -lt "$best" ]; then
			best=$miss
			stalled=0
		else
			stalled=$((stalled + 1))
			[ $stalled -lt 3 ] || break
		fi
		sleep 1
	done
fi
procs=$("$ctl" --json status | jq -r '.counters.processes')
t "processes gauge before the dumps: $procs"
if [ "$(wc -l < "$tmp/fh.pids" 2> /dev/null)" = "$nkids" ]; then
	tap_result ok "$(n "forkhold holds $nkids children")"
	# every_once FILE: each pid of fh.pids exactly once among FILE's tgids,
	# and no tgid twice.
	# Children the module never tracked (hg_task_note_new() drops
	# requests when its per-CPU queue is full: pending_dropped) are
	# not the dump's fault: they are left out, once found untracked
	# with GET_TASK.
	untracked=$tmp/untracked
	: > "$untracked"
	every_once() {
		local p
		awk 'NR == FNR { want[$1] = 1; next }
		     { seen[$1]++ }
		     END {
			for (p in want) { if (!(p in seen)) { miss++; print p > "/dev/stderr" } else if (seen[p] > 1) dup++ }
			for (p in seen) { total++; if (seen[p] > 1) anydup++ }
			printf "%d processes dumped, stable ones missing %d, twice %d, any tgid twice %d\n",
				total, miss, dup, anydup
			exit (dup + anydup) > 0
		     }' "$tmp/fh.pids" "$1" 2> "$tmp/missing" || return 1
		# Asking for each of thousands of missing ones takes too long.
		if [ "$(wc -l < "$tmp/missing")" -gt 100 ]; then
			echo "$(wc -l < "$tmp/missing") stable children missing from the dump"
			return 1
		fi
		while read -r p; do
			grep -qx "$p" "$untracked" && continue
			if req task "$p" > /dev/null 2>&1; then
				echo "child $p is tracked (GET_TASK finds it) but the dump left it out"
				return 1
			fi
			echo "$p" >> "$untracked"
		done < "$tmp/missing"
	}
	dump_ctl() {
		local i s
		for i in $(seq "$reps"); do
			s=$(date +%s.%N)
			timeout 300 "$ctl" --json tasks > "$tmp/tasks.json" || { echo "tasks: exit $?"; return 1; }
			jq -r '.[].tgid' "$tmp/tasks.json" > "$tmp/tgids" || return 1
			t "hashguardctl tasks $i: $(awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
			every_once "$tmp/tgids" || return 1
		done
	}
	dump_raw() {
		local i s
		for i in $(seq "$reps"); do
			s=$(date +%s.%N)
			timeout 300 "$hostile" req tasks > "$tmp/tasks.raw" || { echo "req tasks: exit $?"; tail -n 2 "$tmp/tasks.raw"; return 1; }
			tail -n 1 "$tmp/tasks.raw"
			grep -oE '^cmd=get_task task.tgid=[0-9]+' "$tmp/tasks.raw" | cut -d= -f3 > "$tmp/tgids"
			t "raw dump $i: $(awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
			every_once "$tmp/tgids" || return 1
		done
	}
	# One dump, interrupted or not: what a reader that ignored
	# NLM_F_DUMP_INTR would get.
	dump_once() {
		"$hostile" req tasks --once > "$tmp/tasks.raw" || return 1
		tail -n 1 "$tmp/tasks.raw"
		grep -oE '^cmd=get_task task.tgid=[0-9]+' "$tmp/tasks.raw" | cut -d= -f3 > "$tmp/tgids"
		every_once "$tmp/tgids"
	}
	# Three rounds while churning; one once it stopped (a 10,000-entry
	# dump takes 45 s on the KASAN kernel under TCG).
	for mode in "while churning" "churn stopped"; do
		reps=3
		[ "$mode" = "churn stopped" ] && reps=1
		check "$(n "$nkids tracked children dumped completely and exactly once $mode (hashguardctl --json tasks, $reps times)")" \
			dump_ctl
		check "$(n "$nkids tracked children dumped completely and exactly once $mode (raw dump, restarted on NLM_F_DUMP_INTR, $reps times)")" \
			dump_raw
		check "$(n "$nkids tracked children in a single raw dump $mode, NLM_F_DUMP_INTR or not: each exactly once")" \
			dump_once
		kill -USR2 "$fpid"
		sleep 1
	done
	nun=$(sort -u "$untracked" | wc -l)
	if [ "$procs" -lt "$nkids" ]; then
		tap_result "not ok" "$(n "all $nkids children of the flagged process tracked from fork")" \
			"the module tracked $procs processes in all"
	elif [ "$nun" = 0 ]; then
		tap_result ok "$(n "all $nkids children of the flagged process tracked from fork")"
	else
		tap_result "not ok" "$(n "all $nkids children of the flagged process tracked from fork")" \
			"$nun never tracked (GET_TASK: not found; pending_dropped grew), e.g. $(head -n 3 "$untracked" | tr '\n' ' ')"
	fi
else
	tap_result "not ok" "$(n "forkhold holds $nkids children")" "$(tail -n 3 "$out/wl-forkhold.log")"
fi
kill -TERM "$fpid" 2> /dev/null
wait "$fpid"
"$ctl" config set clear_windows "$clear0" > /dev/null
t "forkhold: $(tail -n 1 "$out/wl-forkhold.log")"
step "tasks-$nkids"

# Unload. ------------------------------------------------------------------
for p in "${bg[@]}"; do
	kill -TERM "$p" 2> /dev/null
done
wait 2> /dev/null
bg=()
check "$(n "rmmod hashguard")" rmmod hashguard
check "$(n "module gone")" bash -c '! grep -q "^hashguard " /proc/modules'
dmesg | grep 'hashguard: audit ' > "$out/api-audit.log"
t "times (s):"
cat "$times"
exit "$(tap_failed)"
