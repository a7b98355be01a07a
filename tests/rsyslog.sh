#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The rsyslog configurations shipped in userspace/rsyslog/: each one
# passes rsyslogd's own check (rsyslogd -N1, which loads the modules it
# names: imjournal, omkafka from rsyslog-kafka) and filters on the
# HASHGUARD_RECORD journal field; and the check is shown to catch a
# broken copy (an unknown parameter), so that a pass means something.
#
# usage: tests/rsyslog.sh
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"
tmp=$(mktemp -d /tmp/hg-rsyslog.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if ! command -v rsyslogd > /dev/null; then
	tap_result "not ok" "rsyslog: rsyslogd not found (tests/deps.sh installs rsyslog rsyslog-kafka)"
	exit 1
fi
n=0
for f in "$repo"/userspace/rsyslog/*.conf; do
	b=$(basename "$f")
	n=$((n + 1))
	if rsyslogd -N1 -f "$f" > "$tmp/out" 2>&1; then
		tap_result ok "rsyslog: $b passes rsyslogd -N1"
	else
		tap_result "not ok" "rsyslog: $b passes rsyslogd -N1" "$(cat "$tmp/out")"
	fi
	check "rsyslog: $b selects by the HASHGUARD_RECORD field" \
		grep -q '^if \$!HASHGUARD_RECORD != "" then' "$f"
	# The same file with one parameter misspelt must be refused.
	sed 's/^\([[:space:]]*\)template=/\1templat=/' "$f" > "$tmp/$b"
	if cmp -s "$f" "$tmp/$b"; then
		tap_result "not ok" "rsyslog: $b has a template= to break"
	else
		expect_fail "rsyslog: a misspelt copy of $b fails rsyslogd -N1" \
			rsyslogd -N1 -f "$tmp/$b"
	fi
done
check "rsyslog: the Kafka configuration is shipped" \
	test -f "$repo/userspace/rsyslog/hashguard-kafka.conf"
check "rsyslog: the RFC 5424 file configuration is shipped" \
	test -f "$repo/userspace/rsyslog/hashguard-file.conf"
grep -q 'template="RSYSLOG_SyslogProtocol23Format"' \
	"$repo/userspace/rsyslog/hashguard-file.conf" &&
	tap_result ok "rsyslog: the file is written in RFC 5424 form" ||
	tap_result "not ok" "rsyslog: the file is written in RFC 5424 form"
[ "$n" -ge 2 ] && [ "$(tap_failed)" = 0 ]
