#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the agent test, run through tests/vm/run-vm.sh on each
# kernel: load the module, then run hashguardd (userspace/hashguardd) with
# a test policy and check, against the kernel's audit trail, the cgroup
# files and the ledger:
#
#  1. bad input: bad policy files refused by --check-config and at start
#     (message naming the line, no ledger created), bad options (exit 2),
#     a second agent refused by the lock, SIGHUP with a bad file keeping
#     the policy in force;
#  2. throttle: the same hash workload (sha256d, one thread) in two
#     tenants, one holding an approval; the other's container cgroup is
#     throttled to the 10% quota, verified, and its CPU use measured from
#     cpu.stat falls to the quota (tolerance below); the approved one is
#     left alone.  Revocation brings the throttle, a new approval lifts it
#     (cpu.max restored to what it was), an expiring approval brings it
#     back at expiry, the process's exit lifts it;
#  3. every other action: idle (SCHED_IDLE on every thread), freeze
#     (cgroup.events "frozen 1"; kept across the "cleared" the freeze
#     causes; thawed when the process is killed), kill (process gone),
#     audit (recorded only), each reported "verified" to the module;
#  4. kill -9 of the agent at HG_AGENT_KILLS (an even number, default 20)
#     random moments while approvals come and go, each followed by a
#     restart: afterwards no approval lost (the
#     ledger's approvals are the kernel's), every throttle in place has a
#     reason in the ledger and every uncovered flagged process its
#     throttle, PRAGMA integrity_check ok;
#  5. overflow: the agent stopped (SIGSTOP) while 2,000 approvals come and
#     go and three more workloads are flagged; once continued it notices
#     the overflow, resynchronises and throttles all three;
#  6. module reload: with the agent stopped (SIGTERM, a clean "stop"
#     record), the module is reloaded and the agent, started again,
#     pushes the tenants and the still-valid approvals back;
#  7. the transparency report (hashguardctl report) of each tenant and
#     the summary agree with what was done;
#  8. the agent under valgrind (leak check) throttles and lifts, and
#     stops on SIGTERM with no error and no leak (left out with
#     HG_AGENT_VALGRIND=0).
#
# Tolerance of the throttle: over 10 s, the throttled cgroup's CPU use
# (usage_usec in cpu.stat) must be at most quota + 5 points (15% of one
# CPU for a 10% quota), and the approved twin's at least 3 times the
# quota.  cpu.max is enforced by the guest's scheduler on guest time, so
# emulation slows the work but not the accounting.
#
# Results in $HG_RESULTS: agent.jsonl (the agent's JSON lines), agent.log
# (its messages), report-*.txt/json, agent-share.tsv (the CPU shares),
# agent-times.txt (seconds per part).
#
# usage (in the VM): tests/vm/guest-agent.sh PATH/TO/hashguard.ko LABEL
# shellcheck disable=SC2317
set -uo pipefail

ko=$1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
agent=$repo/userspace/hashguardd
burst=$repo/userspace/build/tools/nlburst
wl=$repo/tests/workloads/build
out=${HG_RESULTS:-/tmp}
cgr=/sys/fs/cgroup
tmp=$(mktemp -d /tmp/hg-agent.XXXXXX)
ledger=$tmp/ledger.db
nkills=${HG_AGENT_KILLS:-20}
case $nkills in
*[!0-9]* | '' | *[13579] | 0) echo "HG_AGENT_KILLS must be an even number > 0, not '$nkills'" >&2; exit 2 ;;
esac
lock=/run/hashguard/hashguardd.lock
conf=$tmp/hashguardd.conf
jsonl=$out/agent.jsonl
alog=$out/agent.log
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

apid=
bg=()
cleanup() {
	local p
	[ -n "$apid" ] && kill -KILL "$apid" 2> /dev/null
	for p in "${bg[@]}"; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

t() { echo "$label: agent: $*"; }
n() { echo "$label: agent: $1"; }
now() { date +%s; }

# phase NAME: log how long the part before took (guest wall clock, for
# finding where the time goes; nothing is asserted on it).
phase_name=setup
phase_start=$(now)
phase() {
	local s
	s=$(now)
	printf '%s\t%d\n' "$phase_name" "$((s - phase_start))" >> "$out/agent-times.txt"
	t "part $phase_name took $((s - phase_start)) s"
	phase_name=$1
	phase_start=$s
}

audit_lines() { dmesg | grep 'hashguard: audit '; }
# has_action KIND OUTCOME TGID: the module audited that action.
has_action() {
	audit_lines | grep 'event=action' | grep " action=$1 " |
		grep " outcome=$2 " | grep -q " tgid=$3 "
}
n_actions() {
	audit_lines | grep 'event=action' | grep " action=$1 " | grep -c " tgid=$2 "
}

sql() {
	python3 - "$ledger" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for row in db.execute(sys.argv[2]):
    print("\t".join("" if v is None else str(v) for v in row))
PY
}

n_ready() { grep -c "following the module" "$alog"; }
agent_start() {
	local before
	before=$(n_ready)
	"$agent" --config "$conf" --ledger "$ledger" --lock "$lock" \
		>> "$jsonl" 2>> "$alog" &
	apid=$!
	wait_for 60 ready_after "$before"
}
ready_after() { [ "$(n_ready)" -gt "$1" ]; }

agent_stop() {
	[ -n "$apid" ] || return 0
	kill -TERM "$apid" 2> /dev/null
	wait "$apid"
	local rc=$?
	apid=
	return "$rc"
}

# run_in CGROUP CMD...: start CMD in CGROUP, in the background; pid in $!.
run_in() {
	local cg=$1
	shift
	(echo "$BASHPID" > "$cg/cgroup.procs" && exec "$@") \
		>> "$out/workloads.log" 2>&1 &
	bg+=($!)
}

mkcg() {
	mkdir -p "$cgr/$1" && echo "+cpu" > "$cgr/$1/cgroup.subtree_control"
}

usage_us() { awk '$1 == "usage_usec" { print $2 }' "$cgr/$1/cpu.stat"; }
throttled() { awk '$1 == "nr_throttled" { print $2 }' "$cgr/$1/cpu.stat"; }

# share CGROUP SECONDS: CPU use of CGROUP over SECONDS, in % of one CPU.
share() {
	local u0 u1 t0 t1
	u0=$(usage_us "$1")
	t0=$(date +%s%N)
	sleep "$2"
	u1=$(usage_us "$1")
	t1=$(date +%s%N)
	echo $(((u1 - u0) * 100000 / ((t1 - t0) / 1000) / 1000))
}

write_conf() {
	cat > "$conf" <<-EOF
	# the policy of the agent test
	[default]
	action = throttle
	grace = 2
	quota = 10%

	[tenant t-idle]
	action = idle

	[tenant t-freeze]
	action = freeze

	[tenant t-kill]
	action = kill
	grace = 0

	[tenant t-audit]
	action = audit
	EOF
}

# ---------------------------------------------------------------------
t "kernel $(uname -r)"
insmod "$ko" || { tap_result "not ok" "$(n "insmod")"; exit 1; }
echo "+cpu" > "$cgr/cgroup.subtree_control"
: > "$jsonl"
: > "$alog"
write_conf

phase bad-input
# 1. Bad input ---------------------------------------------------------
bad_conf() {
	local name=$1 want=$2 f=$tmp/bad.conf
	printf '%b' "$3" > "$f"
	"$agent" --check-config "$f" > /dev/null 2> "$tmp/err"
	local rc=$?
	if [ "$rc" = 1 ] && grep -q -- "$want" "$tmp/err"; then
		tap_result ok "$(n "bad policy refused: $name ($(cat "$tmp/err"))")"
	else
		tap_result "not ok" "$(n "bad policy refused: $name")" \
			"exit $rc: $(cat "$tmp/err")"
	fi
}
bad_conf "unknown key" "bad.conf:3:" '[default]\naction = throttle\nqouta = 10%\n'
bad_conf "bad action" "bad.conf:2:" '[default]\naction = throttel\n'
bad_conf "quota out of range" "bad.conf:4:" '[default]\n\n\nquota = 0%\n'
bad_conf "unknown section" "bad.conf:1:" '[defaults]\naction = kill\n'
bad_conf "tenant given twice" "bad.conf:5:" '[tenant a]\naction = kill\n\n\n[tenant a]\naction = audit\n'
check "$(n "the shipped example policy is good")" \
	"$agent" --check-config "$repo/userspace/agent/hashguardd.conf"
check "$(n "the test policy is good")" "$agent" --check-config "$conf"

printf '[default]\naction = explode\n' > "$tmp/bad.conf"
"$agent" --config "$tmp/bad.conf" --ledger "$tmp/never.db" --lock "$lock" \
	> /dev/null 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "bad.conf:2:" "$tmp/err" && [ ! -e "$tmp/never.db" ]; then
	tap_result ok "$(n "agent refuses to start on a bad policy, no ledger made")"
else
	tap_result "not ok" "$(n "agent refuses to start on a bad policy")" "exit $rc: $(cat "$tmp/err")"
fi
"$agent" --frobnicate > /dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then
	tap_result ok "$(n "unknown option: exit 2")"
else
	tap_result "not ok" "$(n "unknown option: exit 2")" "exit $rc"
fi
"$agent" --config /nonexistent.conf --ledger "$tmp/never.db" --lock "$lock" \
	> /dev/null 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "nonexistent.conf" "$tmp/err"; then
	tap_result ok "$(n "missing policy file: exit 1, named")"
else
	tap_result "not ok" "$(n "missing policy file")" "exit $rc: $(cat "$tmp/err")"
fi

for tn in t-ok t-bad t-idle t-freeze t-kill t-audit t-flood; do
	mkcg "$tn"
	"$ctl" tenant add "$tn" "$cgr/$tn" > /dev/null ||
		tap_result "not ok" "$(n "tenant add $tn")"
done
"$ctl" approve t-ok --ref CONTRACT-1 > /dev/null
agent_start
check "$(n "agent started")" kill -0 "$apid"
"$agent" --config "$conf" --ledger "$tmp/second.db" --lock "$lock" \
	> /dev/null 2> "$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "another hashguardd is running (pid $apid" "$tmp/err"; then
	tap_result ok "$(n "a second agent is refused by the lock")"
else
	tap_result "not ok" "$(n "a second agent is refused by the lock")" "exit $rc: $(cat "$tmp/err")"
fi

# SIGHUP with a bad file keeps the policy in force; with a good one, takes it.
cp "$conf" "$tmp/good.conf"
printf '[default]\naction = throttle\ngrace = forever\n' > "$conf"
kill -HUP "$apid"
if wait_for 20 grep -q '"event":"reload-refused"' "$jsonl" && kill -0 "$apid"; then
	tap_result ok "$(n "SIGHUP with a bad policy: refused, agent runs on ($(grep -o 'reload refused.*' "$alog" | tail -n 1))")"
else
	tap_result "not ok" "$(n "SIGHUP with a bad policy: refused")" "$(tail -n 3 "$alog")"
fi
cp "$tmp/good.conf" "$conf"
kill -HUP "$apid"
check "$(n "SIGHUP with a good policy: reloaded")" \
	wait_for 20 grep -q '"event":"reload"' "$jsonl"

phase throttle
# 2. Throttle ----------------------------------------------------------
mkcg t-ok/ctr
mkcg t-bad/ctr
echo "200000 100000" > "$cgr/t-bad/ctr/cpu.max"
run_in "$cgr/t-ok/ctr" "$wl/sha256d" --seconds 900 --threads 1
okpid=$!
run_in "$cgr/t-bad/ctr" "$wl/sha256d" --seconds 900 --threads 1
badpid=$!
t0=$(now)
u0=$(usage_us t-bad/ctr)
if wait_for 120 has_action throttle verified "$badpid"; then
	t1=$(now)
	before=$((($(usage_us t-bad/ctr) - u0) / 10000 / (t1 - t0 > 0 ? t1 - t0 : 1)))
	tap_result ok "$(n "unapproved sha256d ($badpid) throttled, verified ($((t1 - t0)) s after start)")"
else
	before=0
	tap_result "not ok" "$(n "unapproved sha256d throttled within 120 s")" "$(tail -n 5 "$alog")"
fi
if [ "$(cat "$cgr/t-bad/ctr/cpu.max")" = "10000 100000" ]; then
	tap_result ok "$(n "cpu.max of the container is 10000 100000")"
else
	tap_result "not ok" "$(n "cpu.max of the container is 10000 100000")" "$(cat "$cgr/t-bad/ctr/cpu.max")"
fi
after=$(share t-bad/ctr 10)
twin=$(share t-ok/ctr 10)
printf 'label\tbefore%%\tafter%%\tapproved%%\tquota%%\n%s\t%s\t%s\t%s\t10\n' \
	"$label" "$before" "$after" "$twin" > "$out/agent-share.tsv"
t "CPU share (% of one CPU): unapproved before $before, after $after; approved twin $twin"
if [ "$after" -le 15 ]; then
	tap_result ok "$(n "throttled CPU use ${after}% <= quota 10% + 5")"
else
	tap_result "not ok" "$(n "throttled CPU use ${after}% <= quota 10% + 5")"
fi
if [ "$twin" -ge 30 ] && [ "$(throttled t-ok/ctr)" = 0 ] &&
   [ "$(cat "$cgr/t-ok/ctr/cpu.max")" = "max 100000" ] &&
   [ "$(n_actions throttle "$okpid")" = 0 ]; then
	tap_result ok "$(n "approved twin untouched: ${twin}% of a CPU, never throttled, no action")"
else
	tap_result "not ok" "$(n "approved twin untouched")" \
		"share $twin, nr_throttled $(throttled t-ok/ctr), cpu.max $(cat "$cgr/t-ok/ctr/cpu.max")"
fi

# Revocation brings the action; a new approval lifts it.
"$ctl" revoke t-ok --ref CONTRACT-1 > /dev/null
check "$(n "revocation: the approved tenant's process is throttled")" \
	wait_for 60 has_action throttle verified "$okpid"
"$ctl" approve t-ok --ref CONTRACT-2 > /dev/null
check "$(n "a new approval lifts the throttle (restore verified)")" \
	wait_for 60 has_action restore verified "$okpid"
check "$(n "cpu.max back to max 100000")" \
	wait_for 10 grep -qx "max 100000" "$cgr/t-ok/ctr/cpu.max"
# Expiry brings it back.
"$ctl" revoke t-ok --ref CONTRACT-2 > /dev/null
"$ctl" approve t-ok --ref CONTRACT-3 --until +5s > /dev/null
nthr=$(n_actions throttle "$okpid")
more_throttles() { [ "$(n_actions throttle "$okpid")" -gt "$nthr" ]; }
check "$(n "an approval's expiry brings the throttle")" \
	wait_for 60 more_throttles
"$ctl" approve t-ok --ref CONTRACT-4 > /dev/null
check "$(n "and a new approval lifts it")" \
	wait_for 60 grep -qx "max 100000" "$cgr/t-ok/ctr/cpu.max"
# Exit lifts it, restoring the cpu.max it had (2 CPUs).
kill -TERM "$badpid"
check "$(n "exit of the throttled process: restore, cpu.max 200000 100000 again")" \
	wait_for 60 grep -qx "200000 100000" "$cgr/t-bad/ctr/cpu.max"
kill -TERM "$okpid"

phase actions
# 3. Every other action ------------------------------------------------
mkcg t-freeze/ctr
run_in "$cgr/t-idle" "$wl/sha256d" --seconds 900 --threads 2
idlepid=$!
run_in "$cgr/t-freeze/ctr" "$wl/sha256d" --seconds 900 --threads 1
frzpid=$!
run_in "$cgr/t-kill" "$wl/sha256d" --seconds 900 --threads 1
killpid=$!
run_in "$cgr/t-audit" "$wl/sha256d" --seconds 900 --threads 1
audpid=$!
all_idle() {
	local tid
	for tid in /proc/"$idlepid"/task/*; do
		chrt -p "${tid##*/}" | grep -q SCHED_IDLE || return 1
	done
}
check "$(n "idle: verified")" wait_for 120 has_action idle verified "$idlepid"
check "$(n "idle: every thread SCHED_IDLE")" all_idle
check "$(n "freeze: verified")" wait_for 120 has_action freeze verified "$frzpid"
check "$(n "freeze: cgroup.events frozen 1")" grep -qx "frozen 1" "$cgr/t-freeze/ctr/cgroup.events"
check "$(n "kill: verified")" wait_for 120 has_action kill verified "$killpid"
check "$(n "kill: process gone")" wait_for 10 bash -c "! kill -0 $killpid 2>/dev/null || grep -q '^State:.*Z' /proc/$killpid/status"
check "$(n "audit: verified, process untouched")" wait_for 120 has_action audit verified "$audpid"
check "$(n "audit: still running")" kill -0 "$audpid"
# The freeze starves the process of samples, so the module clears it;
# the agent keeps the freeze, and thaws only when the process is gone.
check "$(n "freeze kept across the cleared that it caused")" \
	wait_for 60 bash -c "dmesg | grep 'hashguard: audit ' | grep event=cleared | grep -q ' tgid=$frzpid '"
sleep 3
check "$(n "still frozen after the cleared")" grep -qx "frozen 1" "$cgr/t-freeze/ctr/cgroup.events"
kill -KILL "$frzpid"
check "$(n "frozen process killed: cgroup thawed (restore)")" \
	wait_for 60 grep -qx "frozen 0" "$cgr/t-freeze/ctr/cgroup.events"
kill -TERM "$idlepid" "$audpid" 2> /dev/null

phase kill-9
# 4. kill -9 at random moments -----------------------------------------
run_in "$cgr/t-bad/ctr" "$wl/sha256d" --seconds 900 --threads 1
k9pid=$!
wait_for 120 has_action throttle verified "$k9pid" ||
	tap_result "not ok" "$(n "kill -9: workload throttled first")"
kills=0
for i in $(seq 1 "$nkills"); do
	# Approvals of t-bad come and go meanwhile: throttles come and go.
	if [ $((i % 2)) = 1 ]; then
		"$ctl" approve t-bad --ref "K9-$i" > /dev/null
	else
		"$ctl" revoke t-bad --ref "K9-$((i - 1))" > /dev/null
	fi
	# And approvals that stay, granted while the agent may be dead.
	"$ctl" approve t-idle --ref "KEEP-$i" --until +1d > /dev/null
	sleep "0.$((RANDOM % 10))$((RANDOM % 10))"
	kill -KILL "$apid" && kills=$((kills + 1))
	wait "$apid" 2> /dev/null
	apid=
	agent_start || break
done
t "kill -9: $kills kills and restarts"
# Settle: the last change was a revoke (nkills is even).
sleep 5
check "$(n "kill -9 x$nkills: $kills kills, each followed by a restart")" \
	test "$kills" = "$nkills"
ledger_apps=$(sql "select tenant, ref from approvals order by tenant, ref" | sort)
kernel_apps=$("$ctl" --json approvals | python3 -c '
import json, sys
for a in json.load(sys.stdin):
    print("%s\t%s" % (a["tenant"], a["ref"]))' | sort)
if [ "$ledger_apps" = "$kernel_apps" ] && [ "$(grep -c KEEP- <<< "$kernel_apps")" = "$nkills" ]; then
	tap_result ok "$(n "kill -9: no approval lost ($(wc -l <<< "$kernel_apps") in kernel and ledger)")"
else
	tap_result "not ok" "$(n "kill -9: no approval lost")" "ledger: $ledger_apps / kernel: $kernel_apps"
fi
check "$(n "kill -9: PRAGMA integrity_check ok")" \
	test "$(sql "pragma integrity_check")" = ok
# t-bad holds no approval now: its process must be throttled, with a reason.
check "$(n "kill -9: the uncovered process is throttled, with its enforcement in the ledger")" \
	wait_for 60 bash -c "grep -qx '10000 100000' $cgr/t-bad/ctr/cpu.max && \
		[ \"\$(python3 -c 'import sqlite3; print(sqlite3.connect(\"file:$ledger?mode=ro\", uri=True).execute(\"select count(*) from enforcements where tgid=$k9pid\").fetchone()[0])')\" = 1 ]"
kill -TERM "$k9pid"
check "$(n "kill -9: its exit lifts the throttle")" \
	wait_for 60 grep -qx "200000 100000" "$cgr/t-bad/ctr/cpu.max"

phase overflow
# 5. Overflow ----------------------------------------------------------
kill -STOP "$apid"
ovp=()
for i in 1 2 3; do
	mkcg "t-bad/o$i"
	run_in "$cgr/t-bad/o$i" "$wl/sha256d" --seconds 900 --threads 1
	ovp+=($!)
done
"$burst" t-flood 1000 flood > "$out/burst.log" 2>&1 ||
	tap_result "not ok" "$(n "overflow: nlburst")" "$(cat "$out/burst.log")"
flagged_all() {
	local p
	for p in "${ovp[@]}"; do
		"$ctl" --json tasks --pid "$p" 2> /dev/null | grep -q '"state": *"flagged"' || return 1
	done
}
wait_for 120 flagged_all || t "overflow: not all three flagged before SIGCONT"
kill -CONT "$apid"
ok=1
for p in "${ovp[@]}"; do
	wait_for 90 has_action throttle verified "$p" || ok=0
done
if [ "$ok" = 1 ]; then
	tap_result ok "$(n "overflow: all three flagged while stopped are throttled")"
else
	tap_result "not ok" "$(n "overflow: all three throttled")" "$(tail -n 5 "$alog")"
fi
check "$(n "overflow: the agent saw the overflow and resynchronised")" \
	grep -q '"event":"resync".*overflow' "$jsonl"
check "$(n "overflow: none of the 1,000 burst approvals left in the ledger")" \
	test "$(sql "select count(*) from approvals where tenant = 't-flood'")" = 0
kill -TERM "${ovp[@]}"
for p in 1 2 3; do
	wait_for 60 grep -qx "max 100000" "$cgr/t-bad/o$p/cpu.max" ||
		tap_result "not ok" "$(n "overflow: o$p throttle lifted at exit")"
done

phase reload
# 6. Module reload -----------------------------------------------------
"$ctl" approve t-bad --ref LATER --until +1h > /dev/null
check "$(n "SIGTERM: clean stop, exit 0")" agent_stop
check "$(n "the ledger records the stop")" grep -q '"event":"stop"' "$jsonl"
rmmod hashguard && insmod "$ko"
check "$(n "after reload the module has no approvals")" \
	test "$("$ctl" --json approvals)" = "[]"
agent_start
restored() {
	"$ctl" --json approvals > "$tmp/apps.json" &&
		grep -q '"LATER"' "$tmp/apps.json" && grep -q '"CONTRACT-4"' "$tmp/apps.json"
}
check "$(n "agent start after a reload: tenants and approvals pushed back")" wait_for 30 restored
check "$(n "restored approvals keep their expiry")" \
	python3 -c "
import json, sys
a = [x for x in json.load(open('$tmp/apps.json')) if x['ref'] == 'LATER'][0]
sys.exit(0 if a['until'] else 1)"
check "$(n "ledger records the restore")" grep -q '"event":"restored"' "$jsonl"

phase reports
# 7. Reports -----------------------------------------------------------
"$ctl" report --ledger "$ledger" --tenant t-bad > "$out/report-t-bad.txt" 2>&1
"$ctl" --json report --ledger "$ledger" --tenant t-bad > "$out/report-t-bad.json" 2>&1
"$ctl" report --ledger "$ledger" --summary > "$out/report-summary.txt" 2>&1
"$ctl" --json report --ledger "$ledger" --summary > "$out/report-summary.json" 2>&1
cat "$out/report-t-bad.txt" "$out/report-summary.txt"
check "$(n "report --json: detections and actions of t-bad, with time/pid/comm/action/outcome")" \
	python3 - "$out/report-t-bad.json" "$k9pid" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
pid = int(sys.argv[2])
acts = [a for a in r["actions"] if a["pid"] == pid]
assert any(a["action"] == "throttle" and a["outcome"] == "verified" for a in acts), acts
assert any(a["action"] == "restore" for a in acts), acts
assert all(k in a for a in r["actions"] for k in ("time", "pid", "comm", "action", "outcome"))
assert any(d["pid"] == pid for d in r["detections"])
assert all(k in d for d in r["detections"] for k in ("time", "pid", "comm"))
PY
check "$(n "report --summary counts t-kill's verified kill and t-ok's approvals")" \
	python3 - "$out/report-summary.json" <<'PY'
import json, sys
s = {t["tenant"]: t for t in json.load(open(sys.argv[1]))["tenants"]}
assert s["t-kill"]["actions"]["kill"]["verified"] >= 1, s["t-kill"]
assert s["t-ok"]["approvals"]["granted"] >= 3, s["t-ok"]
assert s["t-ok"]["approvals"]["revoked"] >= 2, s["t-ok"]
assert s["t-ok"]["approvals"]["expired"] >= 1, s["t-ok"]
PY

check "$(n "agent stops cleanly")" agent_stop

phase valgrind
# 8. The agent under valgrind: a throttle and its lift, then SIGTERM.
if [ "${HG_AGENT_VALGRIND:-1}" = 0 ]; then
	tap_result ok "$(n "valgrind: no errors, no leaks # SKIP HG_AGENT_VALGRIND=0 (the same binary is checked on the stock kernel)")"
elif command -v valgrind > /dev/null; then
	before=$(n_ready)
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
		--log-file="$out/valgrind.log" \
		"$agent" --config "$conf" --ledger "$ledger" --lock "$lock" \
		>> "$jsonl" 2>> "$alog" &
	apid=$!
	wait_for 180 ready_after "$before" ||
		tap_result "not ok" "$(n "valgrind: agent ready")"
	"$ctl" revoke t-bad --ref LATER > /dev/null
	run_in "$cgr/t-bad/ctr" "$wl/sha256d" --seconds 900 --threads 1
	vgpid=$!
	check "$(n "valgrind: throttle verified")" \
		wait_for 180 has_action throttle verified "$vgpid"
	kill -TERM "$vgpid"
	check "$(n "valgrind: restore at exit")" \
		wait_for 120 has_action restore verified "$vgpid"
	kill -TERM "$apid"
	wait "$apid"
	rc=$?
	apid=
	if [ "$rc" = 0 ] && [ ! -s "$out/valgrind.log" ]; then
		tap_result ok "$(n "valgrind: no errors, no leaks, exit 0")"
	else
		tap_result "not ok" "$(n "valgrind: no errors, no leaks")" \
			"exit $rc: $(head -c 2000 "$out/valgrind.log")"
	fi
else
	tap_result ok "$(n "valgrind: no errors, no leaks # SKIP no valgrind")"
fi
phase end
grep -c . "$jsonl" | sed "s/^/$label: agent: JSON lines: /"
rmmod hashguard
check "$(n "rmmod")" test ! -e /sys/module/hashguard
t "done: $(tap_failed) failed"
[ "$(tap_failed)" = 0 ]
