#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# real-tools.sh NAME SECONDS: run a real, ordinary (non-mining) program
# over and over for about SECONDS seconds, for the detection tests to
# check that it is not flagged.  NAME is one of
#
#   xz       xz -9 compressing a generated 1 MiB text file
#   gzip     gzip -9 on the same file
#   gcc      gcc -O2 -c on this directory's compress.c
#   python3  an integer arithmetic and dict loop in the interpreter
#
# Prints "NAME: threads=1 seconds=S work=N" (N runs, or loop rounds for
# python3) like the workload programs, and exits 0; exits 0 too when
# stopped by SIGTERM/SIGINT.  Exit 2 on bad usage, 77 if the tool is
# missing (the SKIP code of automake-style harnesses).  Temporary files
# live in $TMPDIR (default /tmp) and are removed at exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: $0 xz|gzip|gcc|python3 SECONDS" >&2
	exit 2
}
[ $# -eq 2 ] || usage
name=$1
seconds=$2
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage
case $name in
xz | gzip | gcc | python3) ;;
*) usage ;;
esac
if ! command -v "$name" > /dev/null; then
	echo "$name: not installed" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hg-real-tools.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
stop=0
child=
# The tools run in the background so that a signal to this script is
# seen at once (by wait) rather than after the current run.
trap 'stop=1; [ -z "$child" ] || kill "$child" 2> /dev/null || true' TERM INT

# About 1 MiB of English-like text: a deterministic word salad.
gen_text() {
	awk 'BEGIN {
		split("the of and to in is that for it as was with be by on not he " \
		      "this are or his from at which but have an they you were her " \
		      "compression kernel sample instruction detector thread", w, " ")
		n = length(w); x = 12345; out = 0
		while (out < 1048576) {
			x = (x * 1103515245 + 12345) % 2147483648
			s = w[int(x / 65536) % n + 1]
			if (x % 17 == 0) s = s ".\n"; else s = s " "
			printf "%s", s; out += length(s)
		}
	}'
}

start=$SECONDS
end=$((start + seconds))
runs=0

# run CMD...: one run, cut short at the deadline; false when time is up
# or a signal came.  Fails the script if CMD fails.
run() {
	local left=$((end - SECONDS)) rc=0
	[ "$stop" -eq 0 ] && [ "$left" -gt 0 ] || return 1
	timeout "$left" "$@" &
	child=$!
	wait "$child" || rc=$?
	child=
	[ "$stop" -eq 0 ] || return 1
	case $rc in
	0) runs=$((runs + 1)) ;;
	124) ;;	# cut short by the deadline
	*)
		echo "$name: '$*' failed with exit $rc" >&2
		exit 1
		;;
	esac
}

case $name in
xz | gzip)
	gen_text > "$tmp/text"
	while run "$name" -9 -c "$tmp/text" > /dev/null; do :; done
	;;
gcc)
	while run gcc -O2 -std=gnu11 -D_GNU_SOURCE -I"$here" -c "$here/compress.c" \
		-o "$tmp/compress.o"; do :; done
	;;
python3)
	# One interpreter for the whole time, stopping itself at the deadline.
	cat > "$tmp/loop.py" <<'PY'
import sys, time

# Half a second short of the limit so that timeout(1) never cuts it off.
end = time.monotonic() + max(int(sys.argv[1]) - 0.5, 0.1)
rounds = 0
while time.monotonic() < end:
    d = {}
    for i in range(20000):
        k = (i * 2654435761) % 100003
        d[k] = d.get(k, 0) + i * i // 7 - (i << 3)
    total = sum(v for k, v in d.items() if k & 1)
    rounds += 1
print(rounds)
PY
	run python3 "$tmp/loop.py" "$seconds" > "$tmp/rounds" || true
	runs=$(cat "$tmp/rounds")
	runs=${runs:-0}	# killed by a signal before printing
	;;
esac

echo "$name: threads=1 seconds=$((SECONDS - start)) work=$runs"
