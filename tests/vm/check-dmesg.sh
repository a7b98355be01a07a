#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Look for kernel problems in kernel logs (a serial console log, dmesg
# output, a /sys/kernel/debug/kmemleak dump).
#
# usage: tests/vm/check-dmesg.sh [--allow ERE]... LOGFILE...
#
# Exit status 0 if no problem was found, 1 if one was (each finding is
# printed as FILE:LINE: with 3 lines before and the report after it, up to
# its end marker or 80 lines), 2 on a usage error or an unreadable file.
#
# A problem is a line with any of: Oops, BUG: (KASAN, sleeping function
# called from invalid context, scheduling while atomic, ...), "BUG <cache>
# (...):" (SLUB), kernel BUG at, WARNING: (WARN*(), and most lockdep
# reports), general protection fault, Kernel panic, the lockdep reports
# (circular/recursive locking, inconsistent lock state, irq lock inversion,
# bad unlock balance, held lock freed, suspicious RCU usage, lock held when
# returning, DEBUG_LOCKS_WARN_ON), ODEBUG:, UBSAN:, list_add/list_del
# corruption, refcount_t:, hung tasks, soft/hard lockups, RCU stalls, a
# disabled kmemleak, kmemleak's "unreferenced object" and "N new suspected
# memory leaks", and any Call Trace: that is not part of one of these
# reports (header within the 100 lines before it).
#
# In a file that has printk timestamps ("[    1.234567] "), only the text
# after a timestamp is looked at, so that a guest program printing, say,
# "WARNING:" on the console is not taken for the kernel.  A file without any
# timestamp (kmemleak dump, kernel without CONFIG_PRINTK_TIME) is looked at
# whole.
#
# Lines matching an allow pattern (--allow, or the built-in list below of
# known boot noise of the stock and the test kernel) are ignored, and so is
# a Call Trace belonging to them.
set -euo pipefail

# Built-in allow list: extended regexps matched against the kernel text of a
# line (after the timestamp).  Keep each entry justified.  Empty: booting
# Debian's 6.1.0-56-amd64 and the test kernel (KASAN, lockdep, kmemleak,
# DEBUG_OBJECTS) under qemu TCG, q35, -cpu max, logs nothing that matches;
# their notes that look alarming ("tsc: Unable to calibrate against PIT",
# "PCI: ... report a bug", "AMD-Vi: ... This is not a bug.") do not match.
builtin_allow=(
)

usage() { sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

allow=("${builtin_allow[@]}")
files=()
while [ $# -gt 0 ]; do
	case $1 in
	--allow) [ $# -ge 2 ] || { usage >&2; exit 2; }; allow+=("$2"); shift 2 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; files+=("$@"); break ;;
	-*) echo "check-dmesg: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) files+=("$1"); shift ;;
	esac
done
[ ${#files[@]} -gt 0 ] || { usage >&2; exit 2; }

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() { :; }
trap cleanup EXIT

allow_re=''
for a in "${allow[@]}"; do
	allow_re="${allow_re:+$allow_re|}($a)"
done

bad_re='Oops[: ]|BUG:|^BUG [^ ]+ \(|kernel BUG at|WARNING:|general protection fault'
bad_re+='|Kernel panic|possible circular locking|inconsistent lock state'
bad_re+='|possible recursive locking|irq lock inversion|bad unlock balance'
bad_re+='|held lock freed|suspicious RCU usage|lock held when returning'
bad_re+='|DEBUG_LOCKS_WARN_ON|ODEBUG:|UBSAN:|list_(add|del) corruption'
bad_re+='|refcount_t:|blocked for more than [0-9]+ seconds|soft lockup'
bad_re+='|hard LOCKUP|detected stall|kmemleak:.*(disabled|[Ee]rror)'
bad_re+='|unreferenced object|suspected memory leak'
trace_re='Call Trace:'

found=0
for f in "${files[@]}"; do
	if [ ! -r "$f" ]; then
		echo "check-dmesg: cannot read $f" >&2
		exit 2
	fi
	echo "check-dmesg: checking $f"
	if ! tr -d '\r' < "$f" | awk -v file="$f" -v bad="$bad_re" \
		-v trace="$trace_re" -v allow="$allow_re" '
	{ raw[NR] = $0 }
	END {
		ts = "\\[ *[0-9]+\\.[0-9]+\\]( \\[ *[CT][0-9]+\\])? "
		stamped = 0
		for (i = 1; i <= NR; i++)
			if (raw[i] ~ ts) { stamped = 1; break }
		nfind = 0; last_hdr = -1000; last_ok = 0
		for (i = 1; i <= NR; i++) {
			t = raw[i]
			if (stamped) {
				if (!match(t, ts)) continue
				t = substr(t, RSTART + RLENGTH)
			}
			is_bad = (t ~ bad); is_trace = (t ~ trace)
			if (!is_bad && !is_trace) continue
			if (allow != "" && t ~ allow) { last_hdr = i; last_ok = 1; continue }
			if (is_bad) {
				last_hdr = i; last_ok = 0
				find[++nfind] = i
			} else if (i - last_hdr > 100) {
				find[++nfind] = i
			}
		}
		if (nfind == 0) exit 0
		printed = 0
		for (k = 1; k <= nfind; k++) {
			i = find[k]
			if (i <= printed) continue
			lo = i - 3; if (lo <= printed) lo = printed + 1; if (lo < 1) lo = 1
			hi = i + 80; if (hi > NR) hi = NR
			if (printed && lo > printed + 1) print "  ..."
			print "check-dmesg: " file ":" i ": kernel problem:"
			for (j = lo; j <= hi; j++) {
				print "  " raw[j]
				# end of a WARN, of a KASAN/lockdep/... report
				if (j > i && raw[j] ~ /---\[ end trace|==========/) break
			}
			printed = j
			if (k >= 20) { print "  ... (" nfind - k " more)"; break }
		}
		printf "check-dmesg: %s: %d problem line(s)\n", file, nfind
		exit 1
	}'; then
		found=1
	fi
done
if [ $found -eq 0 ]; then
	echo "check-dmesg: no kernel problem found"
fi
exit $found
