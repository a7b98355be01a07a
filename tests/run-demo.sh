#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: load hashguard and show it working.  Where the running kernel
# can load the module built by "make", it is loaded here and left loaded.
# Where it cannot (another kernel release, module loading disabled, or no
# privilege), Debian's stock kernel boots in a VM and the same
# demonstration runs there.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
ko=kmod/hashguard.ko
ctl=userspace/hashguardctl
[ -f "$ko" ] || { echo "run: $ko not built: run make" >&2; exit 1; }
target=$(modinfo -F vermagic "$ko" | cut -d' ' -f1)

why_not_here() {
	if [ "$target" != "$(uname -r)" ]; then
		echo "the module is built for $target, the running kernel is $(uname -r)"
	elif [ "$(id -u)" -ne 0 ]; then
		echo "loading a module needs root"
	elif [ ! -e /proc/modules ]; then
		echo "the running kernel has no module support"
	elif [ "$(cat /proc/sys/kernel/modules_disabled 2>/dev/null || echo 0)" != 0 ]; then
		echo "module loading is disabled (kernel.modules_disabled=1)"
	fi
}

reason=$(why_not_here)
if [ -z "$reason" ]; then
	echo "run: loading $ko into the running kernel $(uname -r)"
	grep -q '^hashguard ' /proc/modules && rmmod hashguard
	insmod "$ko"
	"$ctl" status
	echo
	echo "run: the audit trail so far:"
	dmesg | grep 'hashguard: audit ' | tail -n 5
	echo
	echo "run: hashguard stays loaded; 'rmmod hashguard' unloads it."
	exit 0
fi

vmlinuz=/boot/vmlinuz-$target
[ -f "$vmlinuz" ] || {
	echo "run: $reason, and $vmlinuz is missing to boot it in a VM" >&2
	echo "run: apt-get install linux-image-amd64 (and rebuild against its headers)" >&2
	exit 1
}
echo "run: $reason: booting $vmlinuz in a VM (qemu, software emulation)"
exec tests/vm/run-vm.sh --kernel stock --timeout 600 -- \
	tests/vm/guest-demo.sh "$ko"
