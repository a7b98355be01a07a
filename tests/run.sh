#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test of hashguard, in order, each step's output shown
# and kept under build/check/.  Steps record TAP lines ("ok - NAME",
# "not ok - NAME", "ok - NAME # SKIP why") in $HG_TAP; a step that records
# none counts as one test by its exit status.  The last line is
# "N passed, N failed[, N skipped]"; the exit status is 1 if any failed.
#
# Environment: KDIR_STOCK (Debian's headers, default the newest
# /lib/modules/*/build), HG_SKIP_VM=1 to leave out the VM steps (for a
# quick run; CI never sets it), HG_VM_TIMEOUT (seconds per VM, default 900).
# The detection test (tests/vm/guest-detect.sh) and the control-plane test
# (tests/vm/guest-api.sh) and the agent test (tests/vm/guest-agent.sh)
# run in VMs of their own on each kernel, the metrics test
# (tests/vm/guest-metrics.sh) on the stock kernel; the
# detection numbers are kept in build/check/detect-LABEL.tsv.
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
out=$repo/build/check
run_t0=$(date +%s)
rm -rf "$out"
mkdir -p "$out"
export HG_TAP=$out/tap
: > "$HG_TAP"
vm_timeout=${HG_VM_TIMEOUT:-900}
KDIR_STOCK=${KDIR_STOCK:-$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -1)}

banner() { printf '\n===== %s =====\n' "$*"; }

# timed NAME START: record how long step NAME took, for the table at the end
timed() {
	printf '%s\t%d\n' "$1" $(( $(date +%s) - $2 )) >> "$out/durations"
}

# step NAME CMD...: run CMD, output to the terminal and to a log.
step() {
	local name=$1 before after rc t0
	shift
	banner "$name"
	before=$(wc -l < "$HG_TAP")
	t0=$(date +%s)
	"$@" 2>&1 | tee "$out/$(tr -c 'A-Za-z0-9_.-' _ <<< "$name").log"
	rc=${PIPESTATUS[0]}
	timed "$name" "$t0"
	after=$(wc -l < "$HG_TAP")
	if [ "$after" -eq "$before" ]; then
		if [ "$rc" -eq 0 ]; then
			echo "ok - $name" >> "$HG_TAP"
		else
			echo "not ok - $name (exit $rc)" >> "$HG_TAP"
		fi
	elif [ "$rc" -ne 0 ] && ! tail -n +"$((before + 1))" "$HG_TAP" | grep -q '^not ok'; then
		echo "not ok - $name: exited $rc" >> "$HG_TAP"
	fi
	return "$rc"
}

# bg_step NAME CMD...: step NAME in the background, beside the steps that
# follow until bg_join (for one that keeps a core busy, e.g. the fuzzer,
# while they use the other).  Its output and TAP lines are taken in at
# bg_join, so they are not interleaved with the others'.
bg_pids=()
bg_files=()
bg_step() {
	local f=$out/bg-${#bg_pids[@]}
	(
		HG_TAP=$f.tap
		: > "$HG_TAP"
		step "$@"
	) > "$f.out" 2>&1 &
	bg_pids+=($!)
	bg_files+=("$f")
	echo "(started in the background: $1)"
}

bg_join() {
	local i
	for i in "${!bg_pids[@]}"; do
		wait "${bg_pids[$i]}"
		cat "${bg_files[$i]}.out"
		cat "${bg_files[$i]}.tap" >> "$HG_TAP"
	done
	bg_pids=()
	bg_files=()
}

skip() {
	banner "$1"
	echo "skipped: $2"
	echo "ok - $1 # SKIP $2" >> "$HG_TAP"
}

# Run a guest script in a VM and take in its TAP lines and verdict.
vm_step() {
	local name=$1 kernel=$2 dir=$3 rc
	shift 3
	step "$name" tests/vm/run-vm.sh --kernel "$kernel" \
		--timeout "$vm_timeout" --out "$dir" -- "$@"
	rc=$?
	[ -f "$dir/results/tap" ] && cat "$dir/results/tap" >> "$HG_TAP"
	if [ "$rc" -eq 0 ]; then
		echo "ok - $name: kernel log clean" >> "$HG_TAP"
	else
		echo "not ok - $name: $(tail -n 1 "$out/$(tr -c 'A-Za-z0-9_.-' _ <<< "$name").log")" >> "$HG_TAP"
	fi
}

# detect_step KERNEL LABEL KO: the detection test in a VM of its own; its
# per-workload numbers (detect.tsv) are kept as $out/detect-LABEL.tsv.
detect_step() {
	local kernel=$1 label=$2 ko=$3 dir=$out/vm-$1-detect quick=0
	[ "$kernel" = stock ] || quick=1
	vm_step "vm: $kernel kernel, detection" "$kernel" "$dir" \
		env HG_DETECT_QUICK=$quick tests/vm/guest-detect.sh "$ko" "$label"
	if [ -f "$dir/results/detect.tsv" ]; then
		cp "$dir/results/detect.tsv" "$out/detect-$label.tsv"
		echo "detection numbers: $out/detect-$label.tsv"
		cat "$out/detect-$label.tsv"
	fi
}

# KUnit: kunit.py's verdict, and one TAP line per case from its JSON.
# kunit.py exits 0 on some malformed output, so every case must say PASS
# or SKIP and at least one must have run.
kunit_parse() {
	local tap=$1 json=$out/kunit.json src rc
	src=$(readlink -f "$KDIR_TEST/source")
	[ -s "$tap" ] || { echo "no KUnit output in $tap"; return 1; }
	python3 "$src/tools/testing/kunit/kunit.py" parse --json="$json" < "$tap"
	rc=$?
	python3 - "$json" "$HG_TAP" <<'PY' || rc=1
import json, sys
bad = ran = 0
out = open(sys.argv[2], "a")
def walk(g, path):
    global bad, ran
    for c in g.get("test_cases", []):
        name = "kunit: %s.%s" % (path, c["name"]) if path else "kunit: " + c["name"]
        ran += 1
        if c["status"] == "PASS":
            out.write("ok - %s\n" % name)
        elif c["status"] == "SKIP":
            out.write("ok - %s # SKIP\n" % name)
        else:
            bad += 1
            out.write("not ok - %s (%s)\n" % (name, c["status"]))
    for s in g.get("sub_groups", []):
        walk(s, s["name"] if not path else path + "." + s["name"])
walk(json.load(open(sys.argv[1])), "")
print("kunit: %d cases, %d not passed" % (ran, bad))
sys.exit(1 if bad or not ran else 0)
PY
	return "$rc"
}

step "build: userspace" make -C userspace all
if [ -n "$KDIR_STOCK" ]; then
	step "build: module against $(basename "$(dirname "$KDIR_STOCK")")" \
		tests/build-kmod.sh "$KDIR_STOCK" "$repo/build/kmod-stock"
else
	echo "not ok - build: module (no /lib/modules/*/build: install linux-headers-amd64)" >> "$HG_TAP"
fi
step "unit tests" make -C userspace check-unit
# The decoder's libFuzzer run keeps one core busy for a minute: beside
# the workloads, the YNL check and lint.
if [ -f tests/decode/Makefile ]; then
	bg_step "decoder (in the background)" make -C tests/decode check
fi
if [ -f tests/workloads/Makefile ]; then
	step "workloads" make -C tests/workloads check
fi
step "netlink spec (YNL) against the uapi header" make -C tests/ynl check
step "lint" tests/lint.sh
step "rsyslog configurations (rsyslogd -N1)" tests/rsyslog.sh
step "journal fields and rsyslog, with a real systemd-journald" tests/journal.sh
bg_join
# The Debian packages (make deb), checked by lintian; the VM step below
# installs, uses and purges them.
step "packages: make deb (dpkg-buildpackage, lintian)" debian/make-deb.sh

if [ "${HG_SKIP_VM:-0}" = 1 ]; then
	skip "vm: stock kernel" "HG_SKIP_VM=1"
	skip "vm: test kernel" "HG_SKIP_VM=1"
	skip "vm: control plane" "HG_SKIP_VM=1"
	skip "vm: agent" "HG_SKIP_VM=1"
	skip "vm: metrics" "HG_SKIP_VM=1"
	skip "vm: detection" "HG_SKIP_VM=1"
	skip "vm: packages" "HG_SKIP_VM=1"
else
	step "vm: accelerator choice and fallback" \
		tests/vm/test-accel.sh "$out/accel"

	if [ -f build/kmod-stock/kmod/hashguard.ko ]; then
		# The smoke runs take about a minute: a hang need not cost
		# the 15 minutes of the long steps.
		vm_timeout=300 vm_step "vm: stock kernel" stock "$out/vm-stock" \
			tests/vm/guest-smoke.sh build/kmod-stock/kmod/hashguard.ko stock
	else
		echo "not ok - vm: stock kernel (module not built)" >> "$HG_TAP"
	fi

	if [ -f build/kmod-stock/kmod/hashguard.ko ]; then
		vm_step "vm: stock kernel, control plane" stock "$out/vm-stock-api" \
			tests/vm/guest-api.sh build/kmod-stock/kmod/hashguard.ko stock
		vm_step "vm: stock kernel, agent" stock "$out/vm-stock-agent" \
			tests/vm/guest-agent.sh build/kmod-stock/kmod/hashguard.ko stock
		# The agent's metrics through the real node_exporter and
		# Prometheus; the series Prometheus held are kept.  The guest's own
		# waits add up to about 480 s, so they fire before run-vm's timeout.
		vm_timeout=600 vm_step "vm: stock kernel, metrics" stock "$out/vm-stock-metrics" \
			tests/vm/guest-metrics.sh build/kmod-stock/kmod/hashguard.ko stock
		if [ -f "$out/vm-stock-metrics/results/metrics-series.txt" ]; then
			cp "$out/vm-stock-metrics/results/metrics-series.txt" "$out/metrics-series.txt"
			echo "hashguard series in Prometheus: $out/metrics-series.txt"
		fi
		detect_step stock stock build/kmod-stock/kmod/hashguard.ko
	fi
	# The installed-package test (tests/vm/guest-deb.sh: dpkg -i, DKMS
	# builds the module in the guest, modprobe, the unit's agent, purge)
	# takes 13 minutes under TCG, most of it DKMS and depmod in the
	# guest: over what make check may cost.  make check-packages runs it.
	echo "ok - vm: stock kernel, packages # SKIP 13 min under TCG: make check-packages runs it" >> "$HG_TAP"

	banner "test kernel"
	t0=$(date +%s)
	KDIR_TEST=$(tests/vm/testkernel.sh | tail -n 1)
	timed "build: test kernel (or its cache)" "$t0"
	if [ -z "$KDIR_TEST" ] || [ ! -f "$KDIR_TEST/.hashguard-built" ]; then
		echo "not ok - build: test kernel" >> "$HG_TAP"
	else
		echo "ok - build: test kernel" >> "$HG_TAP"
		if step "build: modules against the test kernel" \
			tests/build-kmod.sh "$KDIR_TEST" "$repo/build/kmod-test"; then
			vm_timeout=600 vm_step "vm: test kernel" test "$out/vm-test" sh -c \
				'tests/vm/guest-kunit.sh build/kmod-test/tests/kunit/hashguard_test.ko; k=$?; tests/vm/guest-smoke.sh build/kmod-test/kmod/hashguard.ko testkernel; s=$?; [ $k = 0 ] && [ $s = 0 ]'
			step "kunit: parse" kunit_parse "$out/vm-test/results/kunit.tap"
			# The scale (10,000 processes) is tested on the stock
			# kernel; on the KASAN kernel, whose every fork and dump
			# costs five times as much, the same code paths (dumps
			# of many messages, restarted, while processes come and
			# go) run with 2,000; the agent's kill -9 loop, whose
			# subject is the agent and its ledger, with 6 kills, and
			# its valgrind run (the same binary) only on the stock
			# kernel.
			vm_timeout=$((vm_timeout * 2)) \
				vm_step "vm: test kernel, control plane" test "$out/vm-test-api" \
				env HG_API_CHILDREN=2000 \
				tests/vm/guest-api.sh build/kmod-test/kmod/hashguard.ko testkernel
			vm_timeout=$((vm_timeout * 2)) \
				vm_step "vm: test kernel, agent" test "$out/vm-test-agent" \
				env HG_AGENT_KILLS=6 HG_AGENT_VALGRIND=0 HG_TAMPER_SHARE_S=8 \
				tests/vm/guest-agent.sh build/kmod-test/kmod/hashguard.ko testkernel
			detect_step test testkernel build/kmod-test/kmod/hashguard.ko
		fi
	fi
fi

banner "durations"
awk -F '\t' '{ printf "%-60s %6d s\n", $1, $2; t += $2 }
	END { printf "%-60s %6d s\n", "sum of the steps", t }' "$out/durations"
printf '%-60s %6d s\n' "make check, wall clock" $(( $(date +%s) - run_t0 ))

banner "summary"
grep '^not ok' "$HG_TAP" || true
passed=$(grep -c '^ok' "$HG_TAP" | tr -d ' ')
skipped=$(grep -c '^ok .*# SKIP' "$HG_TAP" | tr -d ' ')
failed=$(grep -c '^not ok' "$HG_TAP" | tr -d ' ')
passed=$((passed - skipped))
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
