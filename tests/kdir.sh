#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel build tree to build the module against (KDIR) on
# stdout, and on stderr which one and why.  Called by the Makefile when a
# target needs it, after tests/deps.sh has installed the headers, never
# when make reads the Makefile.
#
# usage: [KDIR=DIR] tests/kdir.sh
#   KDIR set and not empty: that tree (it must hold a Makefile);
#   else the running kernel's /lib/modules/$(uname -r)/build;
#   else the newest /lib/modules/*/build.
set -euo pipefail

if [ -n "${KDIR:-}" ]; then
	kdir=$KDIR
	why="set by the caller"
else
	kdir=/lib/modules/$(uname -r)/build
	why="the running kernel"
	if [ ! -f "$kdir/Makefile" ]; then
		kdir=$(find /lib/modules -mindepth 2 -maxdepth 2 -name build \
			2>/dev/null | sort -V | tail -n 1)
		why="newest installed, the running kernel has no build tree"
	fi
fi
if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
	echo "hashguard: no kernel build tree${kdir:+ in $kdir}: apt-get install linux-headers-amd64, or set KDIR" >&2
	exit 1
fi
echo "hashguard: building the module against KDIR=$kdir ($why)" >&2
echo "$kdir"
