#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make run": the whole story, as an operator would see it.  Runs in the
# VM that tests/run-demo.sh boots, or on the host when its kernel can
# load the module.
#
#  1. load the module; start hashguardd with a demo policy (throttle to
#     10% of a CPU after a 10 s grace period);
#  2. two tenants, "alpha" and "beta", each a cgroup with a container
#     cgroup inside; alpha holds an approval (reference MSA-2026-001);
#  3. the same hash-heavy workload (sha256d) in each container;
#  4. the detection of both, the throttle of beta only, and each one's
#     CPU share (cpu.stat usage_usec) before and after;
#  5. the audit trail in the kernel log, the agent's JSON lines, and the
#     transparency report of beta and the summary;
#  6. clean up: stop the workloads and the agent, remove the tenants and
#     cgroups, unload the module.
set -euo pipefail

ko=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
agent=$repo/userspace/hashguardd
wl=$repo/tests/workloads/build/sha256d
cgr=/sys/fs/cgroup
tmp=$(mktemp -d /tmp/hg-demo.XXXXXX)
pids=()
apid=

say() { printf '\n### %s\n' "$*"; }
now() { date +%s; }
usage_us() { awk '$1 == "usage_usec" { print $2 }' "$cgr/$1/cpu.stat"; }

cleanup() {
	set +e
	# "wait" with no pid would wait for the agent too.
	for p in "${pids[@]}"; do
		kill -KILL "$p" 2> /dev/null
		wait "$p" 2> /dev/null
	done
	if [ -n "$apid" ]; then
		kill -TERM "$apid"
		wait "$apid"
	fi
	if grep -q '^hashguard ' /proc/modules; then
		"$ctl" revoke alpha --ref MSA-2026-001 > /dev/null 2>&1
		"$ctl" tenant del alpha > /dev/null 2>&1
		"$ctl" tenant del beta > /dev/null 2>&1
		rmmod hashguard
	fi
	for t in alpha beta; do
		rmdir "$cgr/$t/web" "$cgr/$t" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

# share A B SECONDS: CPU use of cgroups A and B over SECONDS, % of a CPU.
share() {
	local a0 b0 a1 b1 t0 t1 us
	a0=$(usage_us "$1")
	b0=$(usage_us "$2")
	t0=$(date +%s%N)
	sleep "$3"
	a1=$(usage_us "$1")
	b1=$(usage_us "$2")
	t1=$(date +%s%N)
	us=$(((t1 - t0) / 1000))
	echo "$(((a1 - a0) * 100 / us)) $(((b1 - b0) * 100 / us))"
}

if [ ! -x "$agent" ] || [ ! -x "$wl" ]; then
	echo "run: build first (make, make -C tests/workloads)" >&2
	exit 1
fi
say "kernel $(uname -r): insmod $ko"
insmod "$ko"
"$ctl" status | head -n 3

say "tenants alpha and beta, each a cgroup with a container (web) inside"
echo "+cpu" > "$cgr/cgroup.subtree_control"
for t in alpha beta; do
	mkdir -p "$cgr/$t/web"
	echo "+cpu" > "$cgr/$t/cgroup.subtree_control"
	"$ctl" tenant add "$t" "$cgr/$t"
done
"$ctl" approve alpha --ref MSA-2026-001 --until +30d
"$ctl" approvals

say "hashguardd with the demo policy"
cat > "$tmp/hashguardd.conf" <<'EOF'
# demo: throttle unapproved mining to 10% of one CPU after 10 s
[default]
action = throttle
grace = 10
quota = 10%
EOF
cat "$tmp/hashguardd.conf"
"$agent" --config "$tmp/hashguardd.conf" --ledger "$tmp/ledger.db" \
	--lock "$tmp/hashguardd.lock" > "$tmp/agent.jsonl" 2> "$tmp/agent.log" &
apid=$!
for _ in $(seq 1 100); do
	grep -q "following the module" "$tmp/agent.log" && break
	sleep 0.2
done
cat "$tmp/agent.log"

say "the same SHA-256d miner in alpha/web and beta/web"
for t in alpha beta; do
	(echo "$BASHPID" > "$cgr/$t/web/cgroup.procs" &&
		exec "$wl" --seconds 600 --threads 1) > /dev/null 2>&1 &
	pids+=($!)
	echo "$t/web: sha256d pid $!"
done
start=$(now)
read -r a_before b_before <<< "$(share alpha/web beta/web 6)"
echo "CPU share in the first 6 s: alpha $a_before%, beta $b_before% of one CPU"

say "detection and action (waiting for the throttle of beta)"
for _ in $(seq 1 120); do
	dmesg | grep 'hashguard: audit ' | grep 'event=action' |
		grep -q " tgid=${pids[1]} " && break
	sleep 0.5
done
echo "beta throttled $(($(now) - start)) s after the start"
"$ctl" tasks
echo "alpha/web cpu.max: $(cat "$cgr/alpha/web/cpu.max")"
echo "beta/web  cpu.max: $(cat "$cgr/beta/web/cpu.max")"
read -r a_after b_after <<< "$(share alpha/web beta/web 8)"

say "CPU share (% of one CPU, from cpu.stat usage_usec)"
printf '%-8s %-10s %8s %8s\n' tenant approval before after
printf '%-8s %-10s %7s%% %7s%%\n' alpha MSA-2026-001 "$a_before" "$a_after"
printf '%-8s %-10s %7s%% %7s%%\n' beta none "$b_before" "$b_after"
echo "beta's quota: 10%; nr_throttled $(awk '$1 == "nr_throttled" { print $2 }' "$cgr/beta/web/cpu.stat")"

say "the audit trail (dmesg | grep 'hashguard: audit')"
dmesg | grep 'hashguard: audit ' | grep -v 'event=summary' | tail -n 12

say "the agent's ledger records, one JSON line each (journal, log pipelines)"
grep -E '"record":"(action|detection)"' "$tmp/agent.jsonl" | head -n 6

say "hashguardctl report --tenant beta"
kill -TERM "${pids[@]}"
wait "${pids[@]}" 2> /dev/null || true
pids=()
sleep 2
"$ctl" report --ledger "$tmp/ledger.db" --tenant beta
say "hashguardctl report --summary"
"$ctl" report --ledger "$tmp/ledger.db" --summary
