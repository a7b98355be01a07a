#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-names.sh B TOP: the stable names of kmod/names/ against the uapi
# header (names-check.c), then the same check on mutated copies of the
# names or of the header, each of which must fail naming what changed.

B=$1 TOP=$2
CC=${CC:-cc}
VALGRIND=${VALGRIND:-}
CFLAGS="-std=gnu11 -Wall -Wextra -Werror -Wstrict-prototypes -Wmissing-prototypes"
SRC=$TOP/tests/ynl
NAMES=$TOP/kmod/names/names.c
HDR=$TOP/kmod/include/uapi/linux/hashguard.h

line() {
	printf '%-4s %-15s %s\n' "$1" "$2" "$3"
}

# build DIR NAMES_C UAPI_DIR: names-check in DIR, from NAMES_C and UAPI_DIR
build() {
	$CC $CFLAGS -I"$3" -iquote "$TOP/kmod" -o "$1/names-check" \
		"$SRC/names-check.c" "$2" 2> "$1/cc.log"
}

mkdir -p "$B/names"
if ! build "$B/names" "$NAMES" "$TOP/kmod/include/uapi"; then
	line FAIL names "names-check does not build:"
	sed 's/^/       - /' "$B/names/cc.log" | head -20
	exit 1
fi
$VALGRIND "$B/names/names-check" "$HDR" | tee "$B/names/check.log"
status=$?
[ -s "$B/names/check.log" ] || status=1
grep -q '^FAIL' "$B/names/check.log" && status=1

# name | EXPECT | file mutated (names or header) | sed script
n=0 caught=0
while IFS='|' read -r name expect what how; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	d=$B/names/mut-$n
	mkdir -p "$d/uapi/linux"
	cp "$NAMES" "${NAMES%.c}.h" "$d/"
	cp "$HDR" "$d/uapi/linux/hashguard.h"
	if [ "$what" = names ]; then f=$d/names.c; else f=$d/uapi/linux/hashguard.h; fi
	sed "$how" "$f" > "$f.new" && mv "$f.new" "$f"
	if build "$d" "$d/names.c" "$d/uapi" &&
	   ! "$d/names-check" "$d/uapi/linux/hashguard.h" > "$d/check.log" &&
	   grep -q -- "$expect" "$d/check.log"; then
		caught=$((caught + 1))
		line ok selftest "$name: fails: $(grep -m1 -- "$expect" "$d/check.log" | sed 's/^FAIL *names *//')"
	else
		line FAIL selftest "$name: does not fail naming $expect ($d)"
		status=1
	fi
done <<'MUTATIONS'
name removed|HASHGUARD_FEATURE_INSNS (value 12) has no name|names|/\[HASHGUARD_FEATURE_INSNS\]/d
name given twice|HASHGUARD_EVENT_UNCOVERED has the name of value|names|s/"uncovered"/"covered"/
UNSPEC named|HASHGUARD_EVENT_UNSPEC has a name|names|s/^\t\[HASHGUARD_EVENT_FLAGGED\]/\t[HASHGUARD_EVENT_UNSPEC] = "unspec",\n&/
value added to the enum|HASHGUARD_STATE_EXTRA (value 4) has no name|header|s/^\tHASHGUARD_STATE_CLEARED,/&\n\tHASHGUARD_STATE_EXTRA,/
value added to an enum without MAX|hashguard_sample_source: the table has 2 slots, the enum 3 values|header|s/^\tHASHGUARD_SOURCE_CYCLES,/&\n\tHASHGUARD_SOURCE_OTHER,/
enum value made explicit|HASHGUARD_OUTCOME_FAILED has a value of its own|header|s/^\tHASHGUARD_OUTCOME_FAILED,/\tHASHGUARD_OUTCOME_FAILED = 2,/
MUTATIONS

ok=$(grep -c '^ok' "$B/names/check.log")
echo "names: $ok tables agree with $(basename "$HDR");" \
	"self-test: $caught of $n mutations fail as they should"
if [ $status = 0 ]; then echo "names: PASS"; else echo "names: FAIL"; fi
exit $status
