#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make lint: the kernel's own checkers on the kernel code, and strict
# compilers on everything.  Each checker is one TAP line in $HG_TAP when
# set (tests/run.sh); its findings are printed.  Exit 1 on any finding.
#
#   checkpatch.pl --strict  kmod/ and tests/kunit/ (from linux-source-6.1)
#   kernel-doc -none        every kernel-doc comment of kmod/
#   tests/kmod-includes.sh  no cycle in kmod/'s include graph
#   make W=1 C=2 (sparse)   the module against Debian's headers
#   clang -Werror           the userspace build with a second compiler
#   the scripts checked by ShellCheck, when it is installed
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo" || exit 1
work=$repo/build/lint
mkdir -p "$work"
export HG_TAP=${HG_TAP:-$work/tap}
# shellcheck source=tests/tap.sh
. tests/tap.sh
kdir=${KDIR_STOCK:-$(ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -1)}
src=$(tests/vm/testkernel.sh --source | tail -n 1)
mapfile -t kfiles < <(find kmod tests/kunit -name '*.[ch]' ! -name '*.mod.c' | sort)

run_checkpatch() {
	"$src/scripts/checkpatch.pl" --strict --no-tree --quiet --show-types \
		-f "${kfiles[@]}" > "$work/checkpatch.log" 2>&1
	local rc=$?
	cat "$work/checkpatch.log"
	# checkpatch only knows the kernel tree's SPDX rules; check ours.
	local f bad=0
	for f in "${kfiles[@]}"; do
		case $f in
		*.c) head -n 1 "$f" | grep -q '^// SPDX-License-Identifier: ' ;;
		*.h) head -n 1 "$f" | grep -q '^/\* SPDX-License-Identifier: .* \*/$' ;;
		esac || { echo "$f: no SPDX line first"; bad=1; }
	done
	[ $rc -eq 0 ] && [ $bad -eq 0 ]
}

run_kerneldoc() {
	mapfile -t cfiles < <(find kmod -name '*.[ch]' ! -name '*.mod.c' | sort)
	"$src/scripts/kernel-doc" -none "${cfiles[@]}" > "$work/kernel-doc.log" 2>&1
	cat "$work/kernel-doc.log"
	! grep -q . "$work/kernel-doc.log"
}

run_sparse() {
	command -v sparse > /dev/null || { echo "sparse not installed"; return 1; }
	tests/build-kmod.sh "$kdir" "$work/kmod" C=2 CHECK=sparse \
		> "$work/sparse.log" 2>&1
	local rc=$?
	cat "$work/sparse.log"
	[ $rc -eq 0 ] && ! grep -E 'warning:|error:' "$work/sparse.log"
}

run_clang() {
	command -v clang > /dev/null || { echo "clang not installed"; return 1; }
	make -C userspace CC=clang B="$work/clang" BIN="$work/clang" all
}

run_shellcheck() {
	mapfile -t sh < <(find tests debian -name '*.sh' | sort; echo .ci/run; echo debian/hashguard.postrm)
	shellcheck -x -S warning "${sh[@]}"
}

check "lint: checkpatch --strict" run_checkpatch
check "lint: kernel-doc" run_kerneldoc
check "lint: kmod include graph without cycles" tests/kmod-includes.sh
check "lint: make W=1 C=2 (sparse)" run_sparse
check "lint: userspace with clang -Werror" run_clang
if command -v shellcheck > /dev/null; then
	check "lint: shellcheck" run_shellcheck
else
	echo "ok - lint: shellcheck # SKIP not installed" >> "$HG_TAP"
fi
[ "$(tap_failed)" -eq 0 ]
