#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Choose qemu's accelerator and CPU model for the test VM, by proof: a
# /dev/kvm proves nothing (nested KVM on cloud hosts often aborts qemu on
# an MSR it cannot set, or hangs the guest in early boot), so KVM is used
# only after a probe boot of KERNEL with INITRD reached the initramfs'
# /init (its "hg-init: started at" line on the console) within a bound.
#
# usage: tests/vm/accel.sh --kernel BZIMAGE --initrd INITRD
#
# The last line of stdout is the verdict, "kvm CPU-MODEL" or "tcg max";
# stderr says what was chosen and why, in one line starting "run-vm:".
# The verdict is cached in ${HASHGUARD_CACHE:-$HOME/.cache/hashguard}/
# accel-KEY, KEY a hash of the qemu version, the host kernel release and
# the host CPU model, so the probe runs once per machine.
#
# Environment:
#   HASHGUARD_ACCEL=kvm|tcg  force a choice; a forced kvm that fails its
#                            probe is an error (exit 1), not a fallback
#   HASHGUARD_QEMU           the qemu binary (default qemu-system-x86_64)
#   HASHGUARD_KVM_DEV        the KVM device to look for (default /dev/kvm)
#   HASHGUARD_KVM_CPUS       CPU models to try, in order (default
#                            "host max,-arch-capabilities")
#   HASHGUARD_KVM_PROBE_TIMEOUT  seconds a probe boot may take to reach
#                            /init (default 20)
# Exit status: 0 a verdict was printed; 1 forced kvm unusable; 125 usage.
set -euo pipefail

cache=${HASHGUARD_CACHE:-$HOME/.cache/hashguard}
qemu=${HASHGUARD_QEMU:-qemu-system-x86_64}
kvm_dev=${HASHGUARD_KVM_DEV:-/dev/kvm}
cpus=${HASHGUARD_KVM_CPUS:-host max,-arch-capabilities}
bound=${HASHGUARD_KVM_PROBE_TIMEOUT:-20}
force=${HASHGUARD_ACCEL:-}
marker='hg-init: started at'

say() { echo "run-vm: $*" >&2; }
die() { echo "run-vm: error: $*" >&2; exit 125; }

kernel=''
initrd=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel|--initrd)
		[ $# -ge 2 ] || die "$1 needs an argument"
		if [ "$1" = --kernel ]; then kernel=$2; else initrd=$2; fi
		shift 2 ;;
	*) die "accel.sh: unknown argument: $1" ;;
	esac
done
[ -r "$kernel" ] || die "accel.sh: --kernel: '$kernel' not readable"
[ -r "$initrd" ] || die "accel.sh: --initrd: '$initrd' not readable"
case $force in
''|kvm|tcg) ;;
*) die "HASHGUARD_ACCEL must be kvm or tcg, not '$force'" ;;
esac
case $bound in
''|*[!0-9]*|0) die "HASHGUARD_KVM_PROBE_TIMEOUT must be a number of seconds, not '$bound'" ;;
esac
[ -n "$cpus" ] || die "HASHGUARD_KVM_CPUS is empty"
command -v "$qemu" >/dev/null || die "$qemu missing: apt-get install qemu-system-x86"

tcg() {
	echo "tcg max"
	exit 0
}

if [ "$force" = tcg ]; then
	say "accelerator: TCG, -cpu max (HASHGUARD_ACCEL=tcg)"
	tcg
fi
if [ ! -w "$kvm_dev" ]; then
	if [ "$force" = kvm ]; then
		echo "run-vm: error: HASHGUARD_ACCEL=kvm but $kvm_dev is missing or not writable" >&2
		exit 1
	fi
	say "accelerator: TCG, -cpu max (no writable $kvm_dev)"
	tcg
fi

qemu_version=$("$qemu" --version 2>/dev/null | head -n 1) ||
	die "$qemu --version failed"
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
key=$(printf '%s\n' "$qemu_version" "$(uname -r)" "$cpu_model" "$cpus" |
	sha256sum | cut -c1-16)
verdict_file=$cache/accel-$key

# A cached verdict: "kvm CPU" or "tcg REASON".
if [ -s "$verdict_file" ]; then
	read -r v rest < "$verdict_file"
	case $v in
	kvm)
		say "accelerator: KVM, -cpu $rest (proven earlier, cached in $verdict_file)"
		echo "kvm $rest"
		exit 0 ;;
	tcg)
		if [ -z "$force" ]; then
			say "KVM unusable here ($rest; cached in $verdict_file); using TCG"
			tcg
		fi ;;
	esac
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hg-accel.XXXXXX")
pid=''
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

# The first line of qemu's stderr that says what went wrong, without the
# program name: "failed to set MSR 0x10a to 0x69".
qemu_error() {
	sed -n 's/^[^ :]*qemu[^ :]*: //; s/^error: //; /./{p;q}' "$work/err"
}

# probe CPU: boot once with -cpu CPU under KVM; prints why it failed, if.
probe() {
	local cpu=$1 rc=0 t
	: > "$work/console"
	: > "$work/err"
	# shellcheck disable=SC2054  # the commas belong to qemu's options
	"$qemu" -machine q35,accel=kvm -cpu "$cpu" -smp 1 -m 512 \
		-nodefaults -display none -vga none -no-reboot -monitor none \
		-chardev "file,id=con0,path=$work/console" -serial chardev:con0 \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0,115200 panic=-1" \
		< /dev/null > /dev/null 2> "$work/err" &
	pid=$!
	for ((t = 0; t < bound * 10; t++)); do
		if grep -q "$marker" "$work/console"; then
			kill -KILL "$pid" 2>/dev/null || true
			wait "$pid" 2>/dev/null || true
			pid=''
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		pid=''
		echo "guest hung in early boot: no init on the console in ${bound} s"
		return 1
	fi
	wait "$pid" || rc=$?
	pid=''
	if [ "$rc" -gt 128 ]; then
		echo "qemu aborted: $(qemu_error)"
	elif [ "$rc" -ne 0 ]; then
		echo "qemu failed with status $rc: $(qemu_error)"
	else
		echo "qemu exited before the guest reached init"
	fi
	return 1
}

save() {
	local tmp
	mkdir -p "$cache"
	tmp=$(mktemp "$cache/.accel.XXXXXX")
	echo "$*" > "$tmp"
	mv "$tmp" "$verdict_file"
}

reasons=''
for cpu in $cpus; do
	say "probing KVM with -cpu $cpu (up to ${bound} s to reach the guest's init)"
	if why=$(probe "$cpu"); then
		save "kvm $cpu"
		say "accelerator: KVM, -cpu $cpu (probe boot reached init)"
		echo "kvm $cpu"
		exit 0
	fi
	reasons="${reasons:+$reasons; }-cpu $cpu: $why"
done
if [ "$force" = kvm ]; then
	echo "run-vm: error: HASHGUARD_ACCEL=kvm but KVM is unusable here ($reasons)" >&2
	exit 1
fi
save "tcg $reasons"
say "KVM unusable here ($reasons); using TCG"
tcg
