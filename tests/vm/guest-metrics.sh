#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the metrics test, run through tests/vm/run-vm.sh on the
# stock kernel: the real agent's metrics file, read by the real
# node_exporter (textfile collector) and scraped by a real Prometheus,
# both Debian's, on the guest's loopback.
#
#  1. load the module; tenants t-met (policy: idle, grace 0) and
#     t-appr (two approvals that cover nothing);
#  2. start hashguardd with --metrics FILE --metrics-interval 1 and run
#     one sha256d in a container cgroup of t-met, until its idle is
#     verified (idle, not throttle: a throttled process hashes too little
#     to stay flagged, is cleared, let go and flagged again, and the
#     counts would not hold still);
#  3. start prometheus-node-exporter (only the textfile collector) and
#     prometheus (scrape_interval 2s), and ask Prometheus's HTTP API
#     (/api/v1/query) for the hashguard series: flagged processes and
#     cgroups of t-met = 1, actions_total{t-met,idle,verified} = 1,
#     enforcements{t-met,idle} = 1, approvals{t-appr,active} = 2,
#     tampering 0, module up with samples counted, the ledger's size,
#     node_exporter's textfile scrape error 0 (it parsed the file), no
#     pid, comm or exe label on any hashguard series;
#  4. the workload killed: flagged processes and enforcements of t-met
#     fall to 0 in Prometheus;
#  5. SIGTERM: the file written at exit counts the "stop" record, is
#     mode 0644 and no temporary file is left.
#
# The answers of Prometheus are kept in $HG_RESULTS/metrics-query.txt,
# every hashguard series it held before the workload ended in
# metrics-series.txt (and .json), the last metrics file in hashguard.prom.
#
# usage (in the VM): tests/vm/guest-metrics.sh PATH/TO/hashguard.ko LABEL
set -uo pipefail

ko=$1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
ctl=$repo/userspace/hashguardctl
agent=$repo/userspace/hashguardd
wl=$repo/tests/workloads/build
out=${HG_RESULTS:-/tmp}
cgr=/sys/fs/cgroup
tmp=$(mktemp -d /tmp/hg-metrics.XXXXXX)
ledger=$tmp/ledger.db
conf=$tmp/hashguardd.conf
textdir=$tmp/node-exporter
prom=$textdir/hashguard.prom
jsonl=$out/metrics-agent.jsonl
alog=$out/metrics-agent.log
answers=$out/metrics-query.txt
papi=http://127.0.0.1:9090/api/v1
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

apid=
bg=()
cleanup() {
	local p
	for p in "${bg[@]}" $apid; do
		kill -KILL "$p" 2> /dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

t() { echo "$label: metrics: $*"; }
n() { echo "$label: metrics: $1"; }

# query PROMQL: the value of the single series PROMQL selects ("" if none
# or more than one), its answer kept in $answers.
query() {
	local body
	body=$(curl -s --max-time 5 "$papi/query" --data-urlencode "query=$1")
	printf '%s\n%s\n\n' "$1" "$body" >> "$answers"
	jq -r 'if .status == "success" and (.data.result | length) == 1
	       then .data.result[0].value[1] else "" end' <<< "$body" 2> /dev/null
}

# is PROMQL VALUE: the series has that value now.
is() { [ "$(query "$1")" = "$2" ]; }

# expect NAME PROMQL VALUE: queue a check that PROMQL gives VALUE;
# expect_run checks the queue, all queries in one curl and one jq per
# round (each program started costs a second or more under TCG), until
# all hold or 40 s (some scrapes) have passed, then says ok or not ok
# for each.
exp_name=()
exp_q=()
exp_v=()
expect() {
	exp_name+=("$1")
	exp_q+=("$2")
	exp_v+=("$3")
}

# (No process substitution: the guest has no /dev/fd.)
expect_round() {
	local urls=() q enc
	printf '%s\n' "${exp_q[@]}" | jq -Rr @uri > "$tmp/queries"
	mapfile -t enc < "$tmp/queries"
	for q in "${enc[@]}"; do
		urls+=("$papi/query?query=$q")
	done
	curl -s --max-time 20 "${urls[@]}" > "$tmp/answers"
	jq -r 'if .status == "success" and (.data.result | length) == 1
		then .data.result[0].value[1] else "(\(.data.result | length) series)" end' \
		"$tmp/answers" > "$tmp/got" 2> /dev/null
	mapfile -t got < "$tmp/got"
	[ "${#got[@]}" = "${#exp_q[@]}" ] || return 1
	for i in "${!exp_q[@]}"; do
		[ "${got[$i]}" = "${exp_v[$i]}" ] || return 1
	done
}

expect_run() {
	local i
	got=()
	wait_for 40 expect_round
	{
		printf '%s\n' "${exp_q[@]}"
		cat "$tmp/answers"
		printf '\n\n'
	} >> "$answers"
	for i in "${!exp_q[@]}"; do
		if [ "${got[$i]:-}" = "${exp_v[$i]}" ]; then
			tap_result ok "$(n "${exp_name[$i]}: ${exp_q[$i]} = ${exp_v[$i]}")"
		else
			tap_result "not ok" "$(n "${exp_name[$i]}: ${exp_q[$i]} = ${exp_v[$i]}")" \
				"got '${got[$i]:-}'"
		fi
	done
	exp_name=()
	exp_q=()
	exp_v=()
}

listening() { curl -s --max-time 2 -o /dev/null "$1"; }

# ---------------------------------------------------------------------
t0=$(date +%s)
t "kernel $(uname -r)"
ip link set lo up
insmod "$ko" || { tap_result "not ok" "$(n "insmod")"; exit 1; }
echo "+cpu" > "$cgr/cgroup.subtree_control"
mkdir -p "$textdir"
: > "$jsonl"
: > "$alog"
: > "$answers"
cat > "$conf" <<-EOF
[default]
action = idle
grace = 0
EOF
for tn in t-met t-appr; do
	mkdir -p "$cgr/$tn" && echo "+cpu" > "$cgr/$tn/cgroup.subtree_control"
	"$ctl" tenant add "$tn" "$cgr/$tn" > /dev/null ||
		tap_result "not ok" "$(n "tenant add $tn")"
done
"$ctl" approve t-appr --ref CONTRACT-A > /dev/null
"$ctl" approve t-appr --ref CONTRACT-B > /dev/null

"$agent" --config "$conf" --ledger "$ledger" --lock "$tmp/lock" \
	--metrics "$prom" --metrics-interval 1 --journal no \
	>> "$jsonl" 2>> "$alog" &
apid=$!
check "$(n "agent ready")" wait_for 60 grep -q "following the module" "$alog"
check "$(n "the metrics file is written")" wait_for 10 test -s "$prom"

# Started now, so that they come up while the workload is flagged.
# Only the textfile collector: the hashguard series and node_exporter's own.
prometheus-node-exporter --web.listen-address=127.0.0.1:9100 \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$textdir" > "$out/node-exporter.log" 2>&1 &
bg+=($!)
cat > "$tmp/prometheus.yml" <<-EOF
global:
  scrape_interval: 2s
  scrape_timeout: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:9100']
EOF
prometheus --config.file="$tmp/prometheus.yml" \
	--storage.tsdb.path="$tmp/tsdb" --web.listen-address=127.0.0.1:9090 \
	> "$out/prometheus.log" 2>&1 &
bg+=($!)
mkdir -p "$cgr/t-met/ctr"
(echo "$BASHPID" > "$cgr/t-met/ctr/cgroup.procs" &&
	exec "$wl/sha256d" --seconds 900 --threads 1) > "$out/metrics-wl.log" 2>&1 &
wpid=$!
bg+=("$wpid")
check "$(n "sha256d ($wpid) idled, verified")" wait_for 120 \
	grep -q '"record":"action".*"tenant":"t-met".*"action":"idle","outcome":"verified"' "$jsonl"

check "$(n "node_exporter listens")" wait_for 60 listening http://127.0.0.1:9100/metrics
check "$(n "prometheus is ready")" wait_for 90 listening http://127.0.0.1:9090/-/ready
check "$(n "prometheus scrapes node_exporter")" wait_for 60 is 'up{job="node"}' 1
t "$(($(date +%s) - t0)) s: Prometheus scrapes"

expect "node_exporter parsed the file" 'node_textfile_scrape_error' 0
expect "flagged processes" 'hashguard_flagged_processes{tenant="t-met"}' 1
expect "flagged cgroups" 'hashguard_flagged_cgroups{tenant="t-met"}' 1
expect "nothing flagged elsewhere" 'sum(hashguard_flagged_processes{tenant!="t-met"})' 0
expect "idle counted" 'hashguard_actions_total{tenant="t-met",kind="idle",outcome="verified"}' 1
expect "no failed action" 'count(hashguard_actions_total{outcome="failed"}) or vector(0)' 0
expect "idle in place" 'hashguard_enforcements{tenant="t-met",kind="idle"}' 1
expect "approvals active" 'hashguard_approvals{tenant="t-appr",state="active"}' 2
expect "no approval pending" 'sum(hashguard_approvals{state="pending"})' 0
expect "the module's approvals gauge" 'hashguard_module_approvals' 2
expect "tampering (none in this run)" 'hashguard_tamper_events_total' 0
expect "module up" 'hashguard_module_up' 1
expect "module samples counted" 'hashguard_module_samples_total > bool 0' 1
expect "module handler time" 'hashguard_module_sampler_seconds_total > bool 0' 1
expect "ledger size" 'hashguard_ledger_bytes > bool 4096' 1
expect "action records" 'hashguard_ledger_records_total{record="action"}' 1
expect "no pid, comm or exe label" \
	'count({__name__=~"hashguard_.+", pid!=""} or {__name__=~"hashguard_.+", comm!=""} or {__name__=~"hashguard_.+", exe!=""}) or vector(0)' 0
expect "no series without the tenant label where it belongs" \
	'count(hashguard_flagged_processes{tenant=""}) or vector(0)' 0
expect_run

# Every hashguard series as Prometheus has it now, for the record.
curl -s --max-time 5 "$papi/query" \
	--data-urlencode 'query={__name__=~"hashguard_.+"}' > "$out/metrics-series.json"
jq -r '.data.result[] | .metric as $m |
	([$m | to_entries[] | select(.key | IN("__name__", "instance", "job") | not) |
	  "\(.key)=\"\(.value)\""] | join(",")) as $l |
	"\($m.__name__)\(if $l == "" then "" else "{\($l)}" end) \(.value[1])"' \
	"$out/metrics-series.json" | sort > "$out/metrics-series.txt"
t "$(wc -l < "$out/metrics-series.txt") hashguard series in Prometheus"
check "$(n "Prometheus has the hashguard series")" \
	test "$(wc -l < "$out/metrics-series.txt")" -gt 40

# The workload ends: the gauges follow.
kill -KILL "$wpid"
expect "flagged processes after the exit" 'hashguard_flagged_processes{tenant="t-met"}' 0
expect "enforcements after the exit" 'hashguard_enforcements{tenant="t-met",kind="idle"}' 0
expect "the restore counted" 'hashguard_actions_total{tenant="t-met",kind="restore",outcome="verified"}' 1
expect_run

kill -TERM "$apid"
wait "$apid"
rc=$?
apid=
check "$(n "agent stops: exit 0 (was $rc)")" test "$rc" = 0
cp "$prom" "$out/hashguard.prom"
nagent=$(grep -c '"record":"agent"' "$jsonl")
if tail -n 1 "$jsonl" | grep -q '"record":"agent".*"event":"stop"' &&
   grep -qx "hashguard_ledger_records_total{record=\"agent\"} $nagent" "$prom"; then
	tap_result ok "$(n "the file written at exit counts every agent record, the stop included ($nagent)")"
else
	tap_result "not ok" "$(n "the file written at exit counts the stop record")" \
		"$(grep 'record="agent"' "$prom"), $nagent agent records"
fi
check "$(n "the file is mode 0644")" test "$(stat -c %a "$prom")" = 644
check "$(n "no temporary file left")" \
	test "$(find "$textdir" -name '.*' -type f | wc -l)" = 0
rmmod hashguard
check "$(n "rmmod")" test ! -e /sys/module/hashguard
t "done in $(($(date +%s) - t0)) s: $(tap_failed) failed"
[ "$(tap_failed)" = 0 ]
