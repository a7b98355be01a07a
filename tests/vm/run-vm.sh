#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run a command as root inside a throwaway qemu VM whose root file
# system is the host's /, read-only over virtio 9p, and check the kernel log.
#
# usage: tests/vm/run-vm.sh [--kernel stock|test|PATH] [--timeout SECONDS]
#                           [--out DIR] [--smp N] [--mem MB]
#                           [--env NAME=VALUE]... [--append KERNEL-ARGS]
#                           -- COMMAND [ARG...]
#
#   --kernel   stock: the newest /boot/vmlinuz-* (default), its 9p modules
#              come from the initramfs; test: the debug kernel of
#              tests/vm/testkernel.sh (built or taken from its cache);
#              PATH: any bzImage with virtio-pci and 9p built in
#   --timeout  seconds of qemu wall time before it is killed (default 600)
#   --out      where the run's files go (default: a new /tmp/hg-vm.XXXXXX);
#              an existing DIR/results is emptied first
#   --smp, --mem  guest CPUs (default 2) and memory in MB (default 2048)
#   --env      an extra variable for the guest command (repeatable)
#   --append   extra kernel command line arguments
#
# In the guest, COMMAND runs as root with cwd = the repository's root (the
# same absolute path as on the host), stdin /dev/null, and only these
# variables: PATH HOME=/root TERM=dumb LANG=C.UTF-8, HG_VM=1,
# HG_KERNEL=stock|test|PATH, HG_RESULTS=/tmp/hg-results (a writable share,
# = OUT/results on the host), HG_REPO=the repo root, plus the --env ones.
# / is read-only; /tmp /run /var/tmp /dev/shm are fresh tmpfs (so the
# host's /tmp is NOT visible, except the repository, which is shared on its
# own at its path: keep what the guest needs in the repo, e.g. under
# build/); debugfs, tracefs and cgroup2 are mounted.  The guest
# kernel's release is `uname -r`.
#
# The accelerator is chosen by proof (tests/vm/accel.sh): KVM with the
# first CPU model whose probe boot reaches the guest's init, else TCG with
# -cpu max and one line saying why.  HASHGUARD_ACCEL=kvm|tcg forces it
# (a forced kvm that does not work is an error), HASHGUARD_QEMU names
# another qemu binary.
#
# Files left in OUT: console.log (the serial console: kernel log, init and
# the command's output), qemu.log (qemu's stderr), hang.txt (after a
# timeout: the vCPUs' state, from tests/vm/hang-dump.sh) and results/: cmd (the
# script the guest ran), guest.log (the command's stdout+stderr), status
# (its exit status), uptime-start, uptime-end, dmesg, kmemleak (test kernel
# only) and whatever the command wrote to $HG_RESULTS.
#
# The console is streamed to stdout while the VM runs.  Afterwards
# tests/vm/check-dmesg.sh checks console.log, results/dmesg and
# results/kmemleak, and the last line says PASS or FAIL and why.
# Exit status: 0 the command exited 0 and the kernel logged no problem;
# 1 the command failed; 2 kernel problem (whatever the command's status);
# 3 timeout; 4 the guest died or could not run the command (3 and 4 win
# over 2, the last line names every reason); 125 usage or host error.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

t0=$(date +%s%N)
log() {
	local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	printf 'run-vm: [%d.%03d] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"
}
die() { echo "run-vm: error: $*" >&2; exit 125; }
usage() { sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

kernel=stock
timeout=600
out=''
smp=2
mem=2048
append=''
envs=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernel|--timeout|--out|--smp|--mem|--env|--append)
		[ $# -ge 2 ] || die "$1 needs an argument"
		case $1 in
		--kernel) kernel=$2 ;;
		--timeout) timeout=$2 ;;
		--out) out=$2 ;;
		--smp) smp=$2 ;;
		--mem) mem=$2 ;;
		--env) envs+=("$2") ;;
		--append) append=$2 ;;
		esac
		shift 2 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	*) usage >&2; die "unknown argument: $1" ;;
	esac
done
[ $# -gt 0 ] || { usage >&2; die "no command given (put it after --)"; }
for n in "$timeout" "$smp" "$mem"; do
	case $n in ''|*[!0-9]*) die "not a number: $n" ;; esac
done
for e in "${envs[@]}"; do
	case $e in [A-Za-z_]*=*) ;; *) die "--env wants NAME=VALUE, not $e" ;; esac
done

qemu_pid=''
tail_pid=''
mon_dir=''
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	if [ -n "$qemu_pid" ] && kill -0 "$qemu_pid" 2>/dev/null; then
		log "killing qemu (pid $qemu_pid)"
		kill -KILL "$qemu_pid" 2>/dev/null || true
	fi
	if [ -n "$tail_pid" ]; then kill "$tail_pid" 2>/dev/null || true; fi
	if [ -n "$mon_dir" ]; then rm -rf "$mon_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

qemu_bin=${HASHGUARD_QEMU:-qemu-system-x86_64}
command -v "$qemu_bin" >/dev/null || die "$qemu_bin missing: apt-get install qemu-system-x86"

case $kernel in
stock)
	bzimage=$(printf '%s\n' /boot/vmlinuz-* | sort -V | tail -n1)
	[ -e "$bzimage" ] || die "no /boot/vmlinuz-*: apt-get install linux-image-amd64"
	sysmap=/boot/System.map-${bzimage#/boot/vmlinuz-}
	;;
test)
	log "getting the test kernel from tests/vm/testkernel.sh"
	kdir=$("$here/testkernel.sh" | tail -n1) || die "tests/vm/testkernel.sh failed"
	bzimage=$kdir/arch/x86/boot/bzImage
	sysmap=$kdir/System.map
	;;
*)
	bzimage=$kernel
	sysmap=''
	;;
esac
[ -r "$bzimage" ] || die "kernel image $bzimage not readable"
log "kernel $bzimage"

log "getting the initramfs from tests/vm/mkinitramfs.sh"
initrd=$("$here/mkinitramfs.sh" | tail -n1) || die "tests/vm/mkinitramfs.sh failed"
log "initramfs $initrd"

if [ -z "$out" ]; then
	out=$(mktemp -d "${TMPDIR:-/tmp}/hg-vm.XXXXXX")
else
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	rm -rf "$out/results"
fi
res=$out/results
mkdir -p "$res"
rm -f "$out/console.log" "$out/qemu.log" "$out/qemu.pid"
: > "$out/console.log"
log "output in $out"

# The script the guest runs (with /bin/bash, inside the chroot).
{
	echo "# generated by tests/vm/run-vm.sh: the guest runs this with bash"
	printf 'export PATH=%q\n' /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	printf 'export HOME=/root TERM=dumb LANG=C.UTF-8 HG_VM=1\n'
	printf 'export HG_KERNEL=%q HG_RESULTS=/tmp/hg-results HG_REPO=%q\n' "$kernel" "$repo"
	for e in "${envs[@]}"; do
		printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"
	done
	printf 'cd %q || exit 126\n' "$repo"
	printf 'exec'
	printf ' %q' "$@"
	printf '\n'
} > "$res/cmd"
# The repository is shared on its own too: the guest's /tmp, /run and
# /var/tmp are fresh tmpfs, which would hide a clone that lives there.
echo "$repo" > "$res/repo-path"
log "guest command (cwd $repo):$(printf ' %q' "$@")"

# panic=-1: a panic reboots, which ends qemu at once.  A vCPU of TCG can
# starve for a while when the host is busy: give RCU 60 s, not 21, before it
# calls a stall (which check-dmesg.sh reports).  nokaslr and SysRq: so
# that tests/vm/hang-dump.sh can say where a guest that ran out of time
# was.  no_timer_check: the IO-APIC timer check counts ticks over a busy
# loop, and a TCG vCPU that the host delays fails it and panics at boot
# ("IO-APIC + timer doesn't work!"), as it did with five VMs on two cores.
cmdline="console=ttyS0,115200 panic=-1 mitigations=off rcupdate.rcu_cpu_stall_timeout=60 nokaslr sysrq_always_enabled no_timer_check"
[ -z "$append" ] || cmdline="$cmdline $append"
verdict=$("$here/accel.sh" --kernel "$bzimage" --initrd "$initrd" | tail -n 1) ||
	die "no accelerator (see above)"
read -r accel cpu <<< "$verdict"
# The monitor's socket, in a short path (sun_path holds 108 bytes).
mon_dir=$(mktemp -d /tmp/hg-mon.XXXXXX)
# shellcheck disable=SC2054  # the commas belong to qemu's options
qemu=("$qemu_bin"
	-machine "q35,accel=$accel" -cpu "$cpu" -smp "$smp" -m "$mem"
	-nodefaults -display none -vga none -no-reboot
	-monitor "unix:$mon_dir/hmp,server=on,wait=off"
	-chardev "file,id=con0,path=$out/console.log" -serial chardev:con0
	-kernel "$bzimage" -initrd "$initrd" -append "$cmdline"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$res,mount_tag=results,security_model=none,multidevs=remap"
	-virtfs "local,path=$repo,mount_tag=repo,security_model=none,readonly=on,multidevs=remap"
	-pidfile "$out/qemu.pid")
log "starting (timeout ${timeout}s):$(printf ' %q' "${qemu[@]}")"
start=$(date +%s%N)
"${qemu[@]}" < /dev/null 2> "$out/qemu.log" &
qemu_pid=$!
# Stream the console, without the serial line's carriage returns.
tail -n +1 -F --pid="$qemu_pid" "$out/console.log" 2>/dev/null |
	sed -u 's/\r$//' &
tail_pid=$!

timed_out=0
deadline=$(( $(date +%s) + timeout ))
while kill -0 "$qemu_pid" 2>/dev/null; do
	if [ "$(date +%s)" -ge "$deadline" ]; then
		timed_out=1
		log "timeout after ${timeout}s: asking qemu what the guest does"
		"$here/hang-dump.sh" "$mon_dir/hmp" "$sysmap" > "$out/hang.txt" 2>&1 || true
		grep -E '^hang-dump|CPU #|^  CPU#' "$out/hang.txt" | sed 's/^/  /'
		log "all of it in $out/hang.txt; killing qemu"
		kill -TERM "$qemu_pid" 2>/dev/null || true
		sleep 2
		kill -KILL "$qemu_pid" 2>/dev/null || true
		break
	fi
	sleep 0.5
done
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
qemu_pid=''
wait "$tail_pid" 2>/dev/null || true
tail_pid=''
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
elapsed=$(printf '%d.%03d' $((elapsed / 1000)) $((elapsed % 1000)))
echo
if [ $timed_out -eq 1 ]; then
	log "qemu killed after ${elapsed}s"
else
	log "qemu exited with status $qemu_rc after ${elapsed}s (boot to poweroff)"
fi
if [ -s "$out/qemu.log" ]; then
	log "qemu stderr:"
	sed 's/^/  qemu: /' "$out/qemu.log"
fi
if [ -s "$res/uptime-start" ]; then
	log "guest kernel booted to the command in $(cat "$res/uptime-start")s (guest uptime), the command ended at $(cat "$res/uptime-end" 2>/dev/null || echo '?')s"
fi

reasons=()
rc=0
if [ $timed_out -eq 1 ]; then
	reasons+=("timeout after ${timeout}s")
	rc=3
elif [ "$qemu_rc" -ne 0 ]; then
	reasons+=("qemu failed with status $qemu_rc (see $out/qemu.log)")
	rc=4
elif [ ! -s "$res/status" ]; then
	reasons+=("the guest died before the command finished (see $out/console.log)")
	rc=4
else
	status=$(cat "$res/status")
	if [ "$status" != 0 ]; then
		reasons+=("guest command exited with status $status")
		rc=1
	fi
fi

# The console has all messages up to KERN_INFO even if the guest died, the
# saved dmesg those the console dropped (flood); it is only looked at when
# the console is clean, to not show every report twice.
logs=("$out/console.log")
[ ! -f "$res/kmemleak" ] || logs+=("$res/kmemleak")
log "checking the kernel log:$(printf ' %s' "${logs[@]}")"
kernel_ok=1
"$here/check-dmesg.sh" "${logs[@]}" || kernel_ok=0
if [ $kernel_ok -eq 1 ] && [ -f "$res/dmesg" ]; then
	log "checking the kernel log: $res/dmesg"
	"$here/check-dmesg.sh" "$res/dmesg" || kernel_ok=0
fi
if [ $kernel_ok -eq 0 ]; then
	reasons+=("kernel problem found (see above)")
	[ $rc -gt 1 ] || rc=2
fi

if [ $rc -eq 0 ]; then
	log "PASS: guest command exited 0, kernel log clean ($out)"
else
	msg=$(IFS=';'; echo "${reasons[*]}")
	log "FAIL: ${msg//;/; } ($out)"
fi
exit $rc
