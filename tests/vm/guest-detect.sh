#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the detection test, run by tests/run.sh through
# tests/vm/run-vm.sh on each kernel: load the module, register two tenants
# (cgroup v2 subtrees), run the workloads of tests/workloads/ in them and
# check what hashguard makes of them, then unload it under load.
#
#  1. insmod; tenants acme and beta at /sys/fs/cgroup/tenants/{acme,beta};
#     `tenant list --json` shows both.
#  2. Each hash-heavy workload (sha256d cn_aes scrypt_salsa blake2b keccak
#     rx_fp, --threads 2, alternately in acme and beta) is flagged within
#     the deadline of guest time (from the launch, by /proc/uptime, to the
#     timestamp of its event=flagged audit line; `tasks --flagged`, polled
#     every 0.25 s, finds it) under the right tenant, with an audit line
#     event=flagged for its tenant; killed, its record is gone from `tasks`
#     within 3 s and `monitor` reported it "exited" (failing that: the
#     tasks_freed counter grew by its thread count within 3 s).
#  3. The same programs renamed (sha256d as /tmp/kworker_x, rx_fp as
#     /tmp/python3.11) are flagged the same way.
#  4. cn_aes with 4 threads is flagged with threads >= 2 in its record.
#  5. The ordinary workloads (sort_int matmul_fp memcopy sleeper io_bound
#     compress, one thread each, then real-tools.sh xz gzip gcc python3)
#     run together in beta for 20 s per batch: each has a record in beta,
#     no "flagged" event, the `flagged` counter unchanged, no record in
#     state flagged; the highest score of each (`tasks` polled every
#     second) goes into detect.tsv.
#  6. Attribution: a flagged process moved from acme's cgroup.procs to
#     beta's is attributed to beta within 3 s; after `tenant del beta` to
#     "host" within 3 s.
#  7. Two hash-heavy workloads and an ordinary one running: rmmod succeeds
#     (run-vm.sh's kernel log check catches splats and leaks afterwards).
#
# Results in $HG_RESULTS: detect.tsv (tab-separated, a "#" header, then one
# line per workload run: label, workload, tenant it ran in,
# seconds_to_flag or "none", tenant of its record, score (for ordinary
# workloads the highest seen), comm, threads, features as NAME=VALUE: the
# record when it was flagged, or at its highest score; "-" if never seen),
# events.jsonl (`hashguardctl --json monitor`), wl-*.log (workload output).
#
# Environment: HG_DETECT_DEADLINE, seconds of guest time from launch to
# flagged (default 5, for every kernel); HG_DETECT_CAP, how long to keep
# polling after the deadline to measure a late detection (default 15);
# HG_DETECT_QUICK=1: of the hash-heavy workloads only sha256d (integer
# rounds), cn_aes (AES-NI over memory) and rx_fp (floating point and
# rounding modes), and of the renamed ones only sha256d, for the debug
# kernel, where the point is KASAN and lockdep under each kind of
# sampled code, not the detection numbers of every family.
#
# usage (in the VM): tests/vm/guest-detect.sh PATH/TO/hashguard.ko LABEL
set -uo pipefail

ko=$1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
wl=$repo/tests/workloads/build
real=$repo/tests/workloads/real-tools.sh
out=${HG_RESULTS:-/tmp}
tsv=$out/detect.tsv
events=$out/events.jsonl
deadline=${HG_DETECT_DEADLINE:-5}
cap=${HG_DETECT_CAP:-15}
cg=/sys/fs/cgroup/tenants
helper=$(mktemp /tmp/hg-detect.XXXXXX.py)
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

pids=()
monitor_pid=
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	local p
	for p in "${pids[@]}" $monitor_pid; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -f "$helper"
}
trap cleanup EXIT

t() { echo "$label: detect: $*"; }
uptime_now() { cut -d' ' -f1 /proc/uptime; }
counter() { "$ctl" --json status | jq -r ".counters.$1"; }

# The pollers: one python3 process per wait, which matters under TCG.
cat > "$helper" <<'PY'
import json, os, subprocess, sys, time

ctl, cmd, a = sys.argv[1], sys.argv[2], sys.argv[3:]
FEATS = ["crypto", "rotate", "hash_alu", "hash_simd", "mul", "fp",
         "rc_changes", "rc_nondefault", "cpu", "vcsw", "samples", "insns"]


def up():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def tasks(*extra):
    r = subprocess.run([ctl, "--json", "tasks", *extra],
                       capture_output=True, text=True)
    if r.returncode:
        sys.stderr.write(r.stderr)
        return []
    return json.loads(r.stdout)


def feats(t):
    f = t.get("features", {})
    return " ".join("%s=%s" % (k, f[k]) for k in FEATS if k in f)


def row(secs, t):
    """seconds tenant score comm threads features, tab-separated"""
    if not t:
        return "\t".join([secs, "-", "-", "-", "-", "-"])
    return "\t".join([secs, t["tenant"], str(t["score"]), t["comm"],
                      str(t["threads"]), feats(t)])


def rank(t):
    """the highest score; among equal ones, the window with most samples"""
    return (t["score"], t.get("features", {}).get("samples", 0))


def find(ts, tgid):
    for t in ts:
        if t["tgid"] == tgid:
            return t
    return None


if cmd == "wait-flag":
    # TGID START DEADLINE CAP: poll the flagged processes until TGID is one.
    tgid, start, limit, cap = int(a[0]), float(a[1]), float(a[2]), float(a[3])
    while True:
        t = find(tasks("--flagged"), tgid)
        now = up()
        if t:
            print(row("%.2f" % (now - start), t))
            sys.exit(0 if now - start <= limit else 1)
        if now - start > limit + cap:
            print(row("none", find(tasks(), tgid)))
            sys.exit(1)
        time.sleep(0.25)

elif cmd == "wait-gone":
    # TGID START LIMIT: poll all processes until TGID has no record.
    tgid, start, limit = int(a[0]), float(a[1]), float(a[2])
    while True:
        t = find(tasks(), tgid)
        now = up()
        if not t:
            print("%.2f" % (now - start))
            sys.exit(0)
        if now - start > limit:
            print("still there after %.2f s: %s" % (now - start, json.dumps(t)))
            sys.exit(1)
        time.sleep(0.25)

elif cmd == "wait-tenant":
    # TGID TENANT START LIMIT: poll until TGID is attributed to TENANT.
    tgid, tenant, start, limit = int(a[0]), a[1], float(a[2]), float(a[3])
    while True:
        t = find(tasks(), tgid)
        now = up()
        if t and t["tenant"] == tenant:
            print("%.2f tenant %s" % (now - start, t["tenant"]))
            sys.exit(0)
        if now - start > limit:
            print("after %.2f s: %s" % (now - start, json.dumps(t)))
            sys.exit(1)
        time.sleep(0.25)

elif cmd == "wait-event":
    # FILE EVENT TGID START LIMIT: poll the monitor's output for the event.
    path, ev, tgid, start, limit = a[0], a[1], int(a[2]), float(a[3]), float(a[4])
    while True:
        with open(path) as f:
            for line in f:
                try:
                    e = json.loads(line)
                except ValueError:
                    continue
                if e.get("event") == ev and e.get("tgid") == tgid:
                    print("%.2f %s" % (up() - start, line.strip()))
                    sys.exit(0)
        if up() - start > limit:
            print("no %s event for %d after %.2f s" % (ev, tgid, up() - start))
            sys.exit(1)
        time.sleep(0.25)

elif cmd == "watch":
    # SECONDS TENANT LABEL NAME:COMM,COMM... : poll all processes every
    # second; print one detect.tsv line per NAME with the highest score of
    # its comms (in TENANT if seen there, else wherever it was seen); exit
    # status bit 1: a process of TENANT or with one of the comms was
    # flagged, bit 2: a NAME was never seen in TENANT (reported on stderr).
    secs, tenant, label = float(a[0]), a[1], a[2]
    names = [(x.split(":")[0], x.split(":")[1].split(",")) for x in a[3:]]
    comms = set(c for n in names for c in n[1])
    best, elsewhere, flagged, polls = {}, {}, {}, 0
    end = up() + secs
    while up() < end:
        polls += 1
        for t in tasks():
            if t["tgid"] == os.getpid():
                continue
            if t["tenant"] != tenant:
                if t["comm"] in comms:
                    elsewhere.setdefault(t["comm"], set()).add(t["tenant"])
                    if t["state"] == "flagged":
                        flagged[t["tgid"]] = t
                    b = best.get(t["comm"])
                    if b is None or (b["tenant"] != tenant and rank(t) > rank(b)):
                        best[t["comm"]] = t
                continue
            b = best.get(t["comm"])
            if b is not None and b["tenant"] != tenant:
                b = None
            if b is None or rank(t) > rank(b):
                best[t["comm"]] = t
            if t["state"] == "flagged":
                flagged[t["tgid"]] = t
        time.sleep(1)
    unseen = []
    for name, cs in names:
        cand = [best[c] for c in cs if c in best]
        t = max(cand, key=rank) if cand else None
        if not t or t["tenant"] != tenant:
            unseen.append(name)
        print("\t".join([label, name, tenant, row("none", t)]))
    for c, ts in sorted(elsewhere.items()):
        sys.stderr.write("watch: %s seen in tenant(s) %s\n" % (c, " ".join(sorted(ts))))
    if unseen:
        sys.stderr.write("watch: never seen in %s: %s\n" % (tenant, " ".join(unseen)))
    sys.stderr.write("watch: %d polls; highest score per comm: %s\n" %
                     (polls, ", ".join("%s %d" % (c, t["score"])
                                       for c, t in sorted(best.items()))))
    for t in flagged.values():
        sys.stderr.write("watch: FLAGGED: %s\n" % json.dumps(t))
    sys.exit((1 if flagged else 0) | (2 if unseen else 0))
PY
helper() { python3 "$helper" "$ctl" "$@"; }

# launch TENANT NAME CMD...: run CMD in the cgroup of TENANT (or the host
# if TENANT is "host"), output in $out/wl-NAME.log; sets lpid (its tgid)
# and lstart (the guest's uptime just before).
launch() {
	local ten=$1 name=$2
	shift 2
	lstart=$(uptime_now)
	if [ "$ten" = host ]; then
		"$@" > "$out/wl-$name.log" 2>&1 &
	else
		(echo "$BASHPID" > "$cg/$ten/cgroup.procs" && exec "$@") \
			> "$out/wl-$name.log" 2>&1 &
	fi
	lpid=$!
	pids+=("$lpid")
}

stop() {
	kill -TERM "$1" 2> /dev/null
	wait "$1" 2> /dev/null
}

# shellcheck disable=SC2317  # called through check
tenants_listed() {
	"$ctl" --json tenant list | tee "$out/tenants.json" &&
		jq -e '
			def one(n): map(select(.name == n and
				(.cgroup == "/tenants/" + n or .cgroup == "/sys/fs/cgroup/tenants/" + n) and
				.cgroup_gone == false)) | length == 1;
			one("acme") and one("beta")
		' "$out/tenants.json" > /dev/null
}

# shellcheck disable=SC2317  # called through check
audit_flagged() {
	local tenant=$1 tgid=$2
	dmesg | grep -E "hashguard: audit seq=[0-9]+ event=flagged tenant=$tenant tenant_id=[0-9]+ tgid=$tgid "
}

# counter_reaches NAME VALUE START LIMIT: wait until the status counter
# NAME is at least VALUE, at most LIMIT s of guest time after START; print it.
counter_reaches() {
	local v
	while :; do
		v=$(counter "$1")
		[ "$v" -ge "$2" ] && { echo "$v"; return 0; }
		awk -v s="$3" -v l="$4" -v n="$(uptime_now)" 'BEGIN { exit !(n - s > l) }' &&
			{ echo "$v"; return 1; }
		sleep 0.25
	done
}

# The monitor is still running and reported TGID flagged.
# shellcheck disable=SC2317  # called through check
flag_event() {
	kill -0 "$monitor_pid" 2> /dev/null || {
		echo "monitor not running: $(cat "$out/monitor.err")"
		return 1
	}
	helper wait-event "$events" flagged "$1" "$(uptime_now)" 2
}

# shellcheck disable=SC2317  # called through check
only_acme() {
	"$ctl" --json tenant list | jq -ce 'map(.name) - ["host"] == ["acme"]'
}

# detect NAME TENANT EXPECT_COMM CMD...: steps 2-4 for one process.
# Sets dpid to its tgid when it was flagged in time and left running
# (KEEP=1), else stops it.
keep=0
detect() {
	local name=$1 ten=$2 comm=$3 line secs tenant score rcomm threads feats
	local freed_before freed_after rc kstart ats
	shift 3
	launch "$ten" "$name" "$@"
	line=$(helper wait-flag "$lpid" "$lstart" "$deadline" "$cap")
	rc=$?
	IFS=$'\t' read -r secs tenant score rcomm threads feats <<< "$line"
	# The kernel's own time to flag: its audit line's timestamp (seconds
	# since boot) minus the launch.  The poll above only finds the flag;
	# on a slow kernel each hashguardctl run takes seconds, which would
	# be measured along with the detector.
	if [ "$secs" != none ] && ats=$(audit_flagged "$ten" "$lpid" | head -n 1 |
		sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p') && [ -n "$ats" ]; then
		secs=$(awk -v a="$ats" -v s="$lstart" 'BEGIN { printf "%.2f", a - s }')
		awk -v x="$secs" -v d="$deadline" 'BEGIN { exit !(x <= d) }'
		rc=$?
		line=$secs$'\t'${line#*$'\t'}
	fi
	printf '%s\t%s\t%s\t%s\n' "$label" "$name" "$ten" "$line" >> "$tsv"
	t "$name (tgid $lpid, tenant $ten): flagged after ${secs}s, tenant $tenant, score $score, comm $rcomm, threads $threads, $feats"
	if [ "$rc" -eq 0 ]; then
		tap_result ok "$label: detect: $name flagged within ${deadline}s (${secs}s)"
	else
		tap_result "not ok" "$label: detect: $name flagged within ${deadline}s" \
			"seconds_to_flag=$secs score=$score $feats"
	fi
	if [ "$secs" != none ]; then
		if [ "$tenant" = "$ten" ] && [ "$rcomm" = "$comm" ]; then
			tap_result ok "$label: detect: $name attributed to $ten, comm $comm"
		else
			tap_result "not ok" "$label: detect: $name attributed to $ten, comm $comm" \
				"tenant $tenant comm $rcomm"
		fi
		check "$label: detect: $name audit line event=flagged tenant=$ten" \
			audit_flagged "$ten" "$lpid"
		check "$label: detect: $name flagged event from monitor --json" \
			flag_event "$lpid"
	fi
	dthreads=$threads
	dpid=$lpid
	[ "$keep" = 1 ] && [ "$secs" != none ] && return 0
	freed_before=$(counter tasks_freed)
	kstart=$(uptime_now)
	stop "$lpid"
	check "$label: detect: $name record freed within 3s of its exit" \
		helper wait-gone "$lpid" "$kstart" 3
	if [ "$secs" != none ]; then
		if helper wait-event "$events" exited "$lpid" "$kstart" 3; then
			tap_result ok "$label: detect: $name exited event"
		elif freed_after=$(counter_reaches tasks_freed \
			"$((freed_before + threads))" "$kstart" 3); then
			tap_result ok "$label: detect: $name no exited event, but tasks_freed grew by >= its $threads threads ($freed_before -> $freed_after)"
		else
			tap_result "not ok" "$label: detect: $name exited event or tasks_freed growing by its $threads threads" \
				"tasks_freed $freed_before -> $freed_after"
		fi
	fi
}

t "kernel $(uname -r), deadline ${deadline}s"
printf '#%s\n' "$(printf '\t%s' label workload tenant seconds_to_flag \
	record_tenant score comm threads features | cut -c2-)" > "$tsv"
check "$label: detect: insmod hashguard.ko" insmod "$ko" || exit 1
"$ctl" config get
check "$label: detect: tenant cgroups" mkdir -p "$cg/acme" "$cg/beta"
check "$label: detect: tenant add acme" "$ctl" tenant add acme "$cg/acme"
check "$label: detect: tenant add beta" "$ctl" tenant add beta "$cg/beta"
check "$label: detect: tenant list --json shows both" tenants_listed
"$ctl" --json monitor > "$events" 2> "$out/monitor.err" &
monitor_pid=$!

# 2. Hash-heavy workloads, 2 threads, alternate tenants.
hash_wl="sha256d cn_aes scrypt_salsa blake2b keccak rx_fp"
[ "${HG_DETECT_QUICK:-0}" = 0 ] || hash_wl="sha256d cn_aes rx_fp"
ten=acme
for w in $hash_wl; do
	detect "$w" "$ten" "$w" "$wl/$w" --seconds 120 --threads 2
	if [ "$ten" = acme ]; then ten=beta; else ten=acme; fi
done

# 3. Renamed.
cp "$wl/sha256d" /tmp/kworker_x
cp "$wl/rx_fp" /tmp/python3.11
detect "sha256d-as-kworker_x" acme kworker_x /tmp/kworker_x --seconds 120 --threads 2
[ "${HG_DETECT_QUICK:-0}" = 1 ] ||
	detect "rx_fp-as-python3.11" beta python3.11 /tmp/python3.11 --seconds 120 --threads 2

# 4. More threads.
detect "cn_aes-4-threads" acme cn_aes "$wl/cn_aes" --seconds 120 --threads 4
if [ "${dthreads:-0}" -ge 2 ] 2> /dev/null; then
	tap_result ok "$label: detect: cn_aes with 4 threads: record has threads=$dthreads"
else
	tap_result "not ok" "$label: detect: cn_aes with 4 threads: record has threads >= 2" \
		"threads=${dthreads:-?}"
fi

# 5. Ordinary workloads: never flagged.
ordinary_batch() {
	local what=$1 flagged_before flagged_after ev_before p rc=0
	shift
	local batch=()
	flagged_before=$(counter flagged)
	ev_before=$(wc -l < "$events")
	t "ordinary batch $what: 20 s in beta, flagged counter $flagged_before"
	for w in "$@"; do
		# They run until stopped after the watch: on a slow kernel
		# the first poll can come many seconds after the launch.
		case $w in
		xz | gzip | gcc | python3) launch beta "$w" "$real" "$w" 600 ;;
		*) launch beta "$w" "$wl/$w" --seconds 600 --threads 1 ;;
		esac
		batch+=("$lpid")
	done
	local map=()
	for w in "$@"; do
		case $w in
		gcc) map+=("gcc:gcc,cc1,as,collect2,ld") ;;
		*) map+=("$w:$w") ;;
		esac
	done
	# For the log: what runs and what the module tracks, mid-batch.
	(sleep 8
	 for p in "${batch[@]}"; do
		echo "diag: pid $p comm $(cat "/proc/$p/comm" 2> /dev/null)" \
			"threads $(ls "/proc/$p/task" 2> /dev/null | tr '\n' ' ')" \
			"cgroup $(cat "/proc/$p/cgroup" 2> /dev/null)"
	 done
	 "$ctl" tasks
	 "$ctl" status) &
	local diag=$!
	helper watch 20 beta "$label" "${map[@]}" | tee -a "$tsv"
	rc=${PIPESTATUS[0]}
	wait "$diag"
	for p in "${batch[@]}"; do
		stop "$p"
	done
	flagged_after=$(counter flagged)
	if [ $((rc & 2)) -eq 0 ]; then
		tap_result ok "$label: detect: ordinary $what: every one has a record in beta"
	else
		tap_result "not ok" "$label: detect: ordinary $what: every one has a record in beta" \
			"see watch: above"
	fi
	if [ $((rc & 1)) -eq 0 ]; then
		tap_result ok "$label: detect: ordinary $what: no process of beta flagged"
	else
		tap_result "not ok" "$label: detect: ordinary $what: no process of beta flagged"
	fi
	if [ "$flagged_after" = "$flagged_before" ]; then
		tap_result ok "$label: detect: ordinary $what: flagged counter unchanged ($flagged_after)"
	else
		tap_result "not ok" "$label: detect: ordinary $what: flagged counter unchanged" \
			"$flagged_before -> $flagged_after"
	fi
	if ! kill -0 "$monitor_pid" 2> /dev/null; then
		tap_result "not ok" "$label: detect: ordinary $what: no flagged event" \
			"cannot tell: monitor not running: $(cat "$out/monitor.err")"
	elif tail -n +"$((ev_before + 1))" "$events" | grep '"event":"flagged"'; then
		tap_result "not ok" "$label: detect: ordinary $what: no flagged event" \
			"see above"
	else
		tap_result ok "$label: detect: ordinary $what: no flagged event"
	fi
}
ordinary_batch programs sort_int matmul_fp memcopy sleeper io_bound compress
ordinary_batch "real tools" xz gzip gcc python3

# 6. Attribution follows the cgroup and the tenant's removal.
keep=1
detect "sha256d-moved" acme sha256d "$wl/sha256d" --seconds 120 --threads 2
keep=0
if kill -0 "$dpid" 2> /dev/null; then
	mstart=$(uptime_now)
	echo "$dpid" > "$cg/beta/cgroup.procs"
	check "$label: detect: moved to beta's cgroup: tenant beta within 3s" \
		helper wait-tenant "$dpid" beta "$mstart" 3
	mstart=$(uptime_now)
	check "$label: detect: tenant del beta" "$ctl" tenant del beta
	check "$label: detect: tenant beta deleted: tenant host within 3s" \
		helper wait-tenant "$dpid" host "$mstart" 3
	check "$label: detect: tenant list without beta" only_acme
	stop "$dpid"
else
	tap_result "not ok" "$label: detect: attribution" "sha256d-moved was not flagged"
fi

# 7. Unload under load.
kill -TERM "$monitor_pid" 2> /dev/null
wait "$monitor_pid"
monitor_pid=
launch acme "unload-sha256d" "$wl/sha256d" --seconds 120 --threads 2
launch host "unload-rx_fp" "$wl/rx_fp" --seconds 120 --threads 2
launch host "unload-sort_int" "$wl/sort_int" --seconds 120 --threads 1
sleep 3
"$ctl" tasks
ustart=$(uptime_now)
check "$label: detect: rmmod under load" rmmod hashguard
t "rmmod took $(awk -v a="$ustart" -v b="$(uptime_now)" 'BEGIN { printf "%.2f", b - a }') s"
check "$label: detect: module gone" bash -c '! grep -q "^hashguard " /proc/modules'
for p in "${pids[@]}"; do
	kill -TERM "$p" 2> /dev/null
done
wait
check "$label: detect: workloads outlived the module" \
	grep -q "work=[1-9]" "$out/wl-unload-sha256d.log"
rmdir "$cg/acme" "$cg/beta" "$cg" 2> /dev/null

t "results in $tsv:"
cat "$tsv"
exit "$(tap_failed)"
