#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: build the Debian packages hashguard and hashguard-dkms from
# the tree, with dpkg-buildpackage, in a copy of the tree under build/deb/,
# so that the tree itself gets no build products; the packages, .buildinfo
# and .changes end up in build/deb/.  The copy holds the files git knows
# (tracked, or new and not ignored), as they are in the working tree, or,
# outside a git checkout, everything but build/.  Then lintian, if it is
# installed, checks the .changes and fails on an error.
#
# usage: debian/make-deb.sh [OUTDIR]   (default build/deb)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out=${1:-$repo/build/deb}

die() { echo "make-deb: error: $*" >&2; exit 1; }

version=$(sed -n 's/^#define HASHGUARD_VERSION "\(.*\)"$/\1/p' kmod/version.h)
[ -n "$version" ] || die "no HASHGUARD_VERSION in kmod/version.h"
deb_version=$(dpkg-parsechangelog -S Version)
[ "${deb_version%%-*}" = "$version" ] ||
	die "debian/changelog is at $deb_version, kmod/version.h at $version: add a changelog entry (dch -v $version)"

src=$out/hashguard-$version
rm -rf "$out"
mkdir -p "$src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"
		done | tar --null -T - -cf - | tar -xf - -C "$src"
else
	tar --exclude=./build -cf - . | tar -xf - -C "$src"
fi
echo "make-deb: hashguard $deb_version, source copied to $src"

(cd "$src" && dpkg-buildpackage -us -uc -b)
rm -rf "$src"

changes=$out/hashguard_${deb_version}_$(dpkg-architecture -qDEB_HOST_ARCH).changes
[ -f "$changes" ] || die "no $changes"
if command -v lintian >/dev/null; then
	echo "make-deb: lintian $changes"
	lintian --fail-on error --info --display-info "$changes"
fi
echo "make-deb: built:"
ls -l "$out"/*.deb
