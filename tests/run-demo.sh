#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: load hashguard and the agent and show them at work (see
# tests/vm/guest-demo.sh).  Where the running kernel can load the module
# built by "make", the demonstration runs here.
# Where it cannot (another kernel release, module loading disabled, or no
# privilege), Debian's stock kernel boots in a VM and the same
# demonstration runs there.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
ko=kmod/hashguard.ko
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
	exec tests/vm/guest-demo.sh "$ko"
fi

vmlinuz=/boot/vmlinuz-$target
[ -f "$vmlinuz" ] || {
	echo "run: $reason, and $vmlinuz is missing to boot it in a VM" >&2
	echo "run: apt-get install linux-image-amd64 (and rebuild against its headers)" >&2
	exit 1
}
echo "run: $reason: booting $vmlinuz in a qemu VM"
exec tests/vm/run-vm.sh --kernel stock --timeout 600 -- \
	tests/vm/guest-demo.sh "$ko"
