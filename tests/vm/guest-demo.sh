#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of "make run" in a VM: what an operator would type.
set -euo pipefail

ko=$1
ctl=userspace/hashguardctl

say() { printf '\n### %s\n' "$*"; }

say "kernel $(uname -r): insmod $ko"
insmod "$ko"
say "hashguardctl status"
"$ctl" status
say "hashguardctl --json status"
"$ctl" --json status
say "rmmod hashguard"
rmmod hashguard
say "the audit trail in the kernel log (dmesg | grep 'hashguard: audit')"
dmesg | grep 'hashguard: audit '
