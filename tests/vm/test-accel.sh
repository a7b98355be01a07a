#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The accelerator choice of tests/vm/run-vm.sh (tests/vm/accel.sh), with
# qemu wrappers that fail under KVM the ways nested KVM does on cloud
# hosts: one aborts at once ("failed to set MSR 0x10a", SIGABRT), one
# starts and hangs silently.  Each must end in a TCG run that passes, say
# why in one line, and cache the verdict so the probe runs once; a forced
# KVM that fails is an error; a KVM whose first CPU model fails but whose
# second boots is used with the second (simulated: that wrapper runs TCG
# where it is asked for KVM, and says so in its log).  KVM is pretended by
# a writable file as HASHGUARD_KVM_DEV, so this runs on any machine.
#
# usage: tests/vm/test-accel.sh [WORKDIR]   (host side; records TAP lines)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/hg-accel-test.XXXXXX")}
rm -rf "$work"
mkdir -p "$work/bin"
real_qemu=$(command -v qemu-system-x86_64) || {
	tap_result "not ok" "accel: qemu-system-x86_64 installed"
	exit 1
}
# The VMs below need only the initramfs, which is shared with the real
# cache; the verdicts go to a cache of this test's own.
initrd=$("$here/mkinitramfs.sh" | tail -n 1) || exit 1
bzimage=$(printf '%s\n' /boot/vmlinuz-* | sort -V | tail -n 1)

# wrapper NAME BODY: a qemu that logs each call and runs BODY when asked
# for KVM, the real qemu otherwise.
wrapper() {
	cat > "$work/bin/$1" <<EOF
#!/bin/bash
echo "\$*" >> "$work/$1.calls"
case " \$* " in
*accel=kvm*) $2 ;;
esac
exec "$real_qemu" "\$@"
EOF
	chmod +x "$work/bin/$1"
}
wrapper qemu-abort '
	echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
	echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3229: kvm_buf_set_msrs: Assertion \`ret == cpu->kvm_msr_buf->nmsrs'"'"' failed." >&2
	kill -ABRT $$'
wrapper qemu-hang 'echo $$ >> '"$work"'/hang.pid; exec sleep 3600'
# "host" aborts, any other CPU model "works": KVM is replaced by TCG (and
# -cpu host would not exist there), which the log of calls records.
wrapper qemu-second-cpu '
	case " $* " in
	*" host "*) echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2; kill -ABRT $$ ;;
	esac
	args=()
	for a in "$@"; do args+=("${a/accel=kvm/accel=tcg}"); done
	set -- "${args[@]}"'
: > "$work/kvm"

# vm CASE QEMU [VAR=VALUE...]: run-vm.sh with that qemu and a fresh or
# kept cache ($work/cache-CASE), a trivial command; output in $work/CASE.log
vm() {
	local name=$1 q=$2
	shift 2
	env HASHGUARD_CACHE="$work/cache-$name" HASHGUARD_KVM_DEV="$work/kvm" \
		HASHGUARD_QEMU="$work/bin/$q" "$@" \
		"$here/run-vm.sh" --kernel "$bzimage" --timeout 300 --smp 1 \
		--mem 1024 --out "$work/vm-$name" -- \
		sh -c 'echo guest-ran-on-$(uname -r)' > "$work/$name.log" 2>&1
}
# accel CASE QEMU [VAR=VALUE...]: only the choice, no VM after it
accel() {
	local name=$1 q=$2
	shift 2
	env HASHGUARD_CACHE="$work/cache-$name" HASHGUARD_KVM_DEV="$work/kvm" \
		HASHGUARD_QEMU="$work/bin/$q" "$@" \
		"$here/accel.sh" --kernel "$bzimage" --initrd "$initrd" \
		> "$work/$name.out" 2> "$work/$name.log"
}
# The initramfs cache must be where mkinitramfs.sh put it for the VMs.
for c in abort hang second forced-kvm forced-tcg bad; do
	mkdir -p "$work/cache-$c"
	ln -sf "$initrd" "$work/cache-$c/"
done
ran() { grep -q "^guest-ran-on-" "$work/$1.log"; }
said() { grep -q -- "$2" "$work/$1.log"; }
calls() { grep -c 'accel=kvm' "$work/$1.calls" 2>/dev/null; }

# 1. qemu aborts under KVM: TCG, one line why, a passing run.
vm abort qemu-abort
rc=$?
grep 'run-vm' "$work/abort.log" | grep -i 'kvm\|tcg\|PASS\|FAIL'
check "accel: qemu aborting under KVM falls back, the run passes" \
	test "$rc" = 0
check "accel: the fallback says why in one line" \
	said abort 'run-vm: KVM unusable here (-cpu host: qemu aborted: failed to set MSR 0x10a to 0x69; -cpu max,-arch-capabilities: qemu aborted: failed to set MSR 0x10a to 0x69); using TCG'
ran_tcg() { ran abort && said abort "accel=tcg -cpu max -smp"; }
check "accel: the guest command ran, under TCG" ran_tcg
check "accel: both CPU models were probed" test "$(calls qemu-abort)" = 2

# 2. The verdict is cached: no probe the second time.
: > "$work/qemu-abort.calls"
accel abort qemu-abort
cat "$work/abort.log"
cached() {
	[ "$(calls qemu-abort)" = 0 ] && grep -qx "tcg max" "$work/abort.out" &&
		said abort "KVM unusable here (.*cached in .*); using TCG"
}
check "accel: the verdict is cached, the probe runs once" cached

# 3. qemu hangs under KVM: killed after the bound, TCG, a passing run.
vm hang qemu-hang HASHGUARD_KVM_PROBE_TIMEOUT=5
rc=$?
grep 'run-vm' "$work/hang.log" | grep -i 'kvm\|tcg\|PASS\|FAIL'
check "accel: qemu hanging under KVM falls back, the run passes" \
	eval "test $rc = 0 && ran hang"
check "accel: the hang is named" \
	said hang 'KVM unusable here (-cpu host: guest hung in early boot: no init on the console in 5 s; .*); using TCG'
hung_killed() {
	local p
	[ -s "$work/hang.pid" ] || return 1
	for p in $(cat "$work/hang.pid"); do
		! kill -0 "$p" 2>/dev/null || return 1
	done
}
check "accel: the hung probes are killed" hung_killed

# 4. A forced KVM that does not work is an error, before any VM.
accel forced-kvm qemu-abort HASHGUARD_ACCEL=kvm
rc=$?
cat "$work/forced-kvm.log"
forced_kvm_fails() {
	[ "$rc" = 1 ] && ! grep -q "^tcg" "$work/forced-kvm.out" &&
		said forced-kvm "error: HASHGUARD_ACCEL=kvm but KVM is unusable here (-cpu host: qemu aborted: failed to set MSR 0x10a"
}
check "accel: HASHGUARD_ACCEL=kvm that fails is an error, not a fallback" \
	forced_kvm_fails
vm forced-kvm qemu-abort HASHGUARD_ACCEL=kvm
rc=$?
check "accel: run-vm.sh stops with HASHGUARD_ACCEL=kvm that fails" \
	eval "test $rc = 125 && ! ran forced-kvm"

# 5. A forced TCG probes nothing; a bad value is refused.
: > "$work/qemu-abort.calls"
accel forced-tcg qemu-abort HASHGUARD_ACCEL=tcg
rc=$?
forced_tcg() {
	[ "$rc" = 0 ] && grep -qx "tcg max" "$work/forced-tcg.out" &&
		[ "$(calls qemu-abort)" = 0 ]
}
check "accel: HASHGUARD_ACCEL=tcg uses TCG without a probe" forced_tcg
accel bad qemu-abort HASHGUARD_ACCEL=fast
rc=$?
check "accel: HASHGUARD_ACCEL=fast is refused with a clear message" \
	eval "test $rc = 125 && said bad 'HASHGUARD_ACCEL must be kvm or tcg, not .fast.'"

# 6. KVM whose first CPU model aborts and second boots: KVM, second model.
vm second qemu-second-cpu HASHGUARD_KVM_PROBE_TIMEOUT=120
rc=$?
grep 'run-vm' "$work/second.log" | grep -i 'kvm\|tcg\|PASS\|FAIL'
second_model() {
	[ "$rc" = 0 ] && ran second &&
		said second "accelerator: KVM, -cpu max,-arch-capabilities (probe boot reached init)" &&
		grep -q "accel=kvm -cpu max,-arch-capabilities -smp 1" "$work/qemu-second-cpu.calls"
}
check "accel: a working KVM is used, with the CPU model that boots" second_model
second_cached() {
	accel second qemu-second-cpu &&
		grep -qx "kvm max,-arch-capabilities" "$work/second.out"
}
check "accel: the KVM verdict is cached with its CPU model" second_cached

[ "$(tap_failed)" = 0 ]
