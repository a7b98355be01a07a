#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the module (and, for a kernel with KUnit, the KUnit test module)
# against KDIR in a private copy of the sources, so that builds for
# different kernels never share objects with each other or with the tree.
# Build products in OUTDIR are kept (rsync protects what it excludes), so
# a second build is incremental.
#
# usage: tests/build-kmod.sh KDIR OUTDIR [make arguments...]
# Leaves OUTDIR/kmod/hashguard.ko (and OUTDIR/tests/kunit/hashguard_test.ko).
set -euo pipefail

[ $# -ge 2 ] || { echo "usage: $0 KDIR OUTDIR [make args]" >&2; exit 2; }
kdir=$1
out=$2
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)

[ -f "$kdir/Makefile" ] || {
	echo "build-kmod: $kdir is not a kernel build tree" >&2
	exit 1
}
mkdir -p "$out/tests"
out=$(cd "$out" && pwd)
copy() {
	rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
		--exclude '*.mod' --exclude '*.mod.c' --exclude 'modules.order' \
		"$@"
}
cp "$repo/Kbuild" "$out/Kbuild"
copy "$repo/kmod/" "$out/kmod/"
copy "$repo/tests/kunit/" "$out/tests/kunit/"
# The decoder vectors are shared by the cmocka and the KUnit suites.
mkdir -p "$out/tests/decode"
cp "$repo/tests/decode/x86_cases.h" "$out/tests/decode/"
make -C "$kdir" M="$out" W=1 "$@" modules
