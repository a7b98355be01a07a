#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a VM that ran out of time was doing, asked before it is killed:
# called by tests/vm/run-vm.sh on a timeout.  Through qemu's human
# monitor (HMP) it presses SysRq-L and SysRq-W (the guest prints every
# CPU's backtrace and the blocked tasks on its console, if it still
# takes interrupts), waits for them, then prints each vCPU's state (info
# cpus, info registers -a) and, with a System.map, the kernel symbol of
# each vCPU's RIP (the guest runs with nokaslr).
#
# usage: tests/vm/hang-dump.sh MONITOR-SOCKET [SYSTEM.MAP]
set -uo pipefail

sock=$1
map=${2:-}
[ -S "$sock" ] || { echo "hang-dump: no monitor socket $sock"; exit 1; }

hmp() {
	python3 - "$sock" "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
def drain(wait):
    out, end = b"", time.time() + wait
    while time.time() < end:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        out += chunk
        if out.endswith(b"(qemu) "):
            break
    return out
drain(2)
for cmd in sys.argv[2:]:
    s.sendall(cmd.encode() + b"\n")
    out = drain(10).decode(errors="replace").replace("\r", "")
    # HMP echoes the command with terminal escapes: keep the answer.
    lines = [l for l in out.split("\n") if not l.startswith("(qemu)")]
    print("\n".join(lines).strip("\n"))
PY
}

echo "hang-dump: SysRq-L, SysRq-W (the guest answers on its console)"
hmp "sendkey alt-sysrq-l" "sendkey alt-sysrq-w" > /dev/null
sleep 5
echo "hang-dump: info cpus"
hmp "info cpus"
regs=$(hmp "info registers -a")
echo "hang-dump: info registers -a"
echo "$regs"
# Debian's /boot/System.map is a stub (the real one is in -dbg).
if [ -n "$map" ] && [ "$(grep -c ' [tT] ' "$map" 2> /dev/null)" -lt 1000 ]; then
	echo "hang-dump: no kernel symbols in $map"
elif [ -n "$map" ]; then
	echo "hang-dump: the vCPUs' RIP in $map"
	awk '/^CPU#/ { cpu = $1 } /RIP=/ { sub(/.*RIP=/, ""); print cpu, $1 }' <<< "$regs" |
		while read -r cpu rip; do
			sym=$(awk -v r="$rip" '
				$2 ~ /^[tTwW]$/ && $1 <= r { best = $3; at = $1 }
				END { if (best != "") print best " (" at ")" }' "$map")
			echo "  $cpu $rip ${sym:-?}"
		done
fi
