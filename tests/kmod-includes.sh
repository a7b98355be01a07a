#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The include graph of kmod/ must have no cycle: a file pair (foo.c and
# foo.h) is one node, a subdirectory (classify/, the library shared with
# userspace) is one node, and "#include "bar.h"" in a file is an edge
# from its node to bar's.  Only main.c may include netlink.h (the command handlers are the
# top of the module).  Exit 1, naming the loop or the file, otherwise 0.
#
#   tests/kmod-includes.sh           check
#   tests/kmod-includes.sh --layers  also print the nodes, lowest first,
#                                    each with what it includes
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo/kmod"

# The node of a file of kmod/: its subdirectory, or its name without .c/.h.
node_of() {
	case $1 in
	*/*) echo "${1%%/*}/" ;;
	*) echo "${1%.*}" ;;
	esac
}

# One line "from to" per edge between two nodes of kmod/, and "node node"
# for every node, so that tsort knows the ones without edges too.
edges() {
	local f dir node inc target
	while IFS= read -r f; do
		dir=$(dirname "$f")
		node=$(node_of "$f")
		echo "$node $node"
		while IFS= read -r inc; do
			target=$(realpath -m --relative-to=. "$dir/$inc")
			case $target in ../*) continue ;; esac
			[ -e "$target" ] || continue
			target=$(node_of "$target")
			[ "$target" = "$node" ] || echo "$node $target"
		done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
	done < <(find . -name '*.[ch]' ! -name '*.mod.c' -printf '%P\n' | sort)
}

graph=$(edges | sort -u)
bad=0
# tsort orders the nodes, includer first, and fails naming a loop.
if ! order=$(tsort <<< "$graph" 2> "${TMPDIR:-/tmp}/kmod-includes.$$"); then
	echo "kmod: the include graph has a cycle:"
	sed 's/^tsort: //' "${TMPDIR:-/tmp}/kmod-includes.$$"
	bad=1
fi
rm -f "${TMPDIR:-/tmp}/kmod-includes.$$"

while IFS= read -r f; do
	case $f in main.c | netlink.c) ;; *)
		echo "kmod/$f includes netlink.h: only main.c may"
		bad=1 ;;
	esac
done < <(grep -l '^#include "netlink.h"' -- *.c *.h classify/*.[ch] || true)

if [ "${1:-}" = --layers ] && [ $bad -eq 0 ]; then
	tac <<< "$order" | while IFS= read -r n; do
		printf '%-20s %s\n' "$n" "$(awk -v n="$n" '$1 == n && $2 != n { printf "%s ", $2 }' <<< "$graph")"
	done
fi
exit $bad
