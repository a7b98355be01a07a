#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or find in the cache) the hashguard test kernel: Debian's
# linux-source-6.1 configured with allnoconfig plus tests/vm/testkernel.config.
# The cache lives outside the tree, keyed by the fragment's hash and the
# source package version, so a changed fragment or a new source gives a new
# kernel and an unchanged one costs nothing.
#
# Prints the build directory (usable as KDIR, holds arch/x86/boot/bzImage)
# as the last line of stdout.  Progress goes to stderr.
#
# usage: tests/vm/testkernel.sh [--source]
#   --source  only extract the source tree (for checkpatch, kernel-doc and
#             kunit.py) and print its directory
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
frag=$here/testkernel.config
cache=${HASHGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hashguard}
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}

log() { echo "testkernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ -r "$tarball" ] || die "$tarball missing: apt-get install linux-source-6.1"
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) ||
	srcver=$(stat -c %s-%Y "$tarball")
key=$( { cat "$frag"; echo "source=$srcver"; } | sha256sum | cut -c1-16)
src=$cache/linux-source-$srcver
out=$cache/testkernel-$key

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [ ! -f "$src/.hashguard-extracted" ]; then
	log "extracting $tarball"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -C "$src.tmp" --strip-components=1 -xf "$tarball"
	touch "$src.tmp/.hashguard-extracted"
	mv "$src.tmp" "$src"
fi
if [ "${1:-}" = --source ]; then
	echo "$src"
	exit 0
fi

if [ -f "$out/.hashguard-built" ]; then
	log "cached kernel $out"
	echo "$out"
	exit 0
fi

mkdir -p "$out"
log "configuring $out (fragment $key, source $srcver)"
make -s -C "$src" O="$out" ARCH=x86_64 allnoconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag" \
	>"$out/merge_config.log" 2>&1 || die "merge_config failed: see $out/merge_config.log"
make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig >&2

# Every option of the fragment must have survived dependency resolution.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || {
			log "option lost in olddefconfig: $line"
			missing=1
		} ;;
	esac
done < "$frag"
[ $missing -eq 0 ] || die "the fragment does not apply cleanly"

start=$(date +%s)
log "building with $(nproc) jobs"
make -s -C "$src" O="$out" ARCH=x86_64 -j"$(nproc)" bzImage modules_prepare >&2
# Module.symvers is written by the modules step; there are no in-tree
# modules, but external modules need the file to resolve vmlinux symbols.
make -s -C "$src" O="$out" ARCH=x86_64 -j"$(nproc)" modules >&2
log "built in $(( $(date +%s) - start )) s"
touch "$out/.hashguard-built"
echo "$out"
