#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The agent's records in a real journal, and through the shipped rsyslog
# file configuration: in a private mount namespace (tmpfs over
# /run/systemd, /run/log and /var/log/journal, so the host's journal, if
# any, is not touched), start Debian's systemd-journald and rsyslogd
# (userspace/rsyslog/hashguard-file.conf, its output file moved into a
# temporary directory), then run the real hashguardd (no module needed:
# it writes its start, reload-refused, reload and stop records while
# waiting for it) and check, with journalctl:
#
#  1. --journal yes, stdout a file: one entry per stdout line, MESSAGE
#     the same line; the fields HASHGUARD_RECORD, HASHGUARD_EVENT,
#     PRIORITY (6, and 4 for reload-refused), SYSLOG_IDENTIFIER, no
#     HASHGUARD_TENANT in agent records; selection by field works;
#  2. --journal auto with stdout connected to the journal (systemd-cat,
#     $JOURNAL_STREAM set as systemd sets it): the structured entries,
#     and no plain JSON line on the stdout transport;
#  3. --journal no: no entry of that agent has a HASHGUARD_ field;
#  4. rsyslogd (imjournal -> omfile, RSYSLOG_SyslogProtocol23Format) wrote
#     each record of run 1 as an RFC 5424 line, priority included.
#
# usage: tests/journal.sh   (as root: it mounts in its own namespace)
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

if [ "${HG_JOURNAL_NS:-}" != 1 ]; then
	if [ "$(id -u)" != 0 ] || ! command -v unshare > /dev/null; then
		tap_result "not ok" "journal: needs root and unshare (util-linux)"
		exit 1
	fi
	HG_JOURNAL_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

agent=$repo/userspace/hashguardd
journald=/lib/systemd/systemd-journald
tmp=$(mktemp -d /tmp/hg-journal.XXXXXX)
jpid=
rpid=
cleanup() {
	[ -n "$rpid" ] && kill "$rpid" 2> /dev/null
	[ -n "$jpid" ] && kill "$jpid" 2> /dev/null
	wait 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

for d in /run/systemd /run/log /var/log/journal; do
	[ -d "$d" ] || [ "$d" = /var/log/journal ] || mkdir -p "$d"
	[ -d "$d" ] && mount -t tmpfs tmpfs "$d"
done
mkdir -p /run/systemd/journal
"$journald" > "$tmp/journald.log" 2>&1 &
jpid=$!
if ! wait_for 20 test -S /run/systemd/journal/socket; then
	tap_result "not ok" "journal: systemd-journald started" "$(cat "$tmp/journald.log")"
	exit 1
fi
tap_result ok "journal: systemd-journald runs (in a namespace of its own)"

# rsyslogd with the shipped file configuration, writing into $tmp.
sed -e "s|/var/log/hashguard/records.log|$tmp/records.log|" \
	"$repo/userspace/rsyslog/hashguard-file.conf" > "$tmp/rsyslog.conf"
printf 'global(workDirectory="%s")\n' "$tmp" | cat - "$tmp/rsyslog.conf" > "$tmp/rsyslog2.conf"
rsyslogd -n -i "$tmp/rsyslogd.pid" -f "$tmp/rsyslog2.conf" > "$tmp/rsyslogd.log" 2>&1 &
rpid=$!

printf '[default]\naction = audit\n' > "$tmp/good.conf"
cp "$tmp/good.conf" "$tmp/policy.conf"

# run_agent MODE OUT: start an agent, make it write start, reload-refused,
# reload and stop records; $apid is its pid.
run_agent() {
	local mode=$1 outf=$2
	"$agent" --config "$tmp/policy.conf" --ledger "$tmp/ledger-$mode.db" \
		--lock "$tmp/lock" --journal "$mode" > "$outf" 2> "$tmp/err-$mode" &
	apid=$!
	agent_records "$outf" "$tmp/err-$mode"
}

# agent_records OUT ERR: the records of one agent ($apid), until it stops.
agent_records() {
	wait_for 20 grep -q "waiting for the hashguard module\|following the module" "$2"
	printf '[default]\naction = explode\n' > "$tmp/policy.conf"
	kill -HUP "$apid"
	wait_for 20 grep -q "reload refused" "$2"
	cp "$tmp/good.conf" "$tmp/policy.conf"
	kill -HUP "$apid"
	for _ in $(seq 30); do
		[ "$(grep -c "reload" "$2")" -ge 1 ] && break
		sleep 0.2
	done
	sleep 0.5
	kill -TERM "$apid"
	wait "$apid"
}

entries() { journalctl --no-pager -q "$@"; }

# 1. --journal yes ------------------------------------------------------
run_agent yes "$tmp/out-yes"
yes_pid=$apid
journalctl --sync
entries _PID="$yes_pid" HASHGUARD_RECORD=agent -o cat > "$tmp/msgs-yes"
if [ -s "$tmp/out-yes" ] && cmp -s "$tmp/out-yes" "$tmp/msgs-yes"; then
	tap_result ok "journal: yes: each stdout line is an entry's MESSAGE ($(wc -l < "$tmp/out-yes") records)"
else
	tap_result "not ok" "journal: yes: each stdout line is an entry's MESSAGE" \
		"stdout: $(cat "$tmp/out-yes"); journal: $(cat "$tmp/msgs-yes")"
fi
entries _PID="$yes_pid" HASHGUARD_EVENT=start -o json > "$tmp/start.json"
if [ "$(wc -l < "$tmp/start.json")" = 1 ] &&
   jq -e '.HASHGUARD_RECORD == "agent" and .PRIORITY == "6" and
	  .SYSLOG_IDENTIFIER == "hashguardd" and (has("HASHGUARD_TENANT") | not) and
	  (.MESSAGE | fromjson | .record == "agent" and .event == "start")' \
	  "$tmp/start.json" > /dev/null; then
	tap_result ok "journal: the start record's fields: HASHGUARD_RECORD=agent HASHGUARD_EVENT=start PRIORITY=6 SYSLOG_IDENTIFIER=hashguardd"
else
	tap_result "not ok" "journal: the start record's fields" "$(cat "$tmp/start.json")"
fi
entries _PID="$yes_pid" HASHGUARD_EVENT=reload-refused -o json > "$tmp/refused.json"
if [ "$(wc -l < "$tmp/refused.json")" = 1 ] &&
   jq -e '.PRIORITY == "4" and (.MESSAGE | fromjson | .detail | test("explode"))' \
	  "$tmp/refused.json" > /dev/null; then
	tap_result ok "journal: reload-refused has PRIORITY=4 and the error in its record"
else
	tap_result "not ok" "journal: reload-refused has PRIORITY=4" "$(cat "$tmp/refused.json")"
fi
n=$(entries _PID="$yes_pid" HASHGUARD_RECORD=agent HASHGUARD_EVENT=stop -o cat | wc -l)
check "journal: selected by two fields: HASHGUARD_RECORD=agent HASHGUARD_EVENT=stop ($n)" test "$n" = 1

# 2. --journal auto, stdout to the journal -----------------------------
# shellcheck disable=SC2016
systemd-cat -t hg-journal-test sh -c \
	'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/$$/fd/1) exec "$0" "$@"' \
	"$agent" --config "$tmp/policy.conf" --ledger "$tmp/ledger-auto.db" \
	--lock "$tmp/lock" --journal auto &
catpid=$!
wait_for 20 sh -c "journalctl --no-pager -q -t hg-journal-test -o cat | grep -q 'waiting for the hashguard module\|following the module'"
apid=$(journalctl --no-pager -q -t hg-journal-test -o json | jq -r '._PID' | head -n 1)
kill -TERM "$apid"
wait "$catpid"
journalctl --sync
ns=$(entries _PID="$apid" HASHGUARD_RECORD=agent -o cat | wc -l)
nplain=$(entries _PID="$apid" _TRANSPORT=stdout -o cat | grep -c '^{')
if [ "$ns" -ge 2 ] && [ "$nplain" = 0 ]; then
	tap_result ok "journal: auto under the journal: $ns structured entries, no plain JSON line"
else
	tap_result "not ok" "journal: auto under the journal" "$ns structured, $nplain plain"
fi

# 3. --journal no --------------------------------------------------------
run_agent no "$tmp/out-no"
journalctl --sync
n=$(entries _PID="$apid" -o json | jq -r 'select(has("HASHGUARD_RECORD")) | .MESSAGE' | wc -l)
if [ "$n" = 0 ] && [ "$(wc -l < "$tmp/out-no")" -ge 3 ]; then
	tap_result ok "journal: no: records on stdout only"
else
	tap_result "not ok" "journal: no: records on stdout only" "$n entries"
fi

# 4. rsyslog: the records of run 1 in RFC 5424 form ---------------------
want=$(wc -l < "$tmp/out-yes")
has_all() {
	local l
	while IFS= read -r l; do
		grep -qF -- "$l" "$tmp/records.log" 2> /dev/null || return 1
	done < "$tmp/out-yes"
}
if wait_for 30 has_all; then
	tap_result ok "rsyslog: imjournal -> file: the $want records of run 1 in $(basename "$tmp")/records.log"
else
	tap_result "not ok" "rsyslog: imjournal -> file: the records of run 1" \
		"$(cat "$tmp/rsyslogd.log" "$tmp/records.log" 2> /dev/null | tail -n 5)"
fi
# <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG (RFC 5424)
re='^<[0-9]{1,3}>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-Z][0-9:]* [^ ]+ hashguardd [0-9]+ - - \{"record":'
if [ -s "$tmp/records.log" ] && ! grep -vqE "$re" "$tmp/records.log"; then
	tap_result ok "rsyslog: every line is RFC 5424, APP-NAME hashguardd, the record as MSG"
else
	tap_result "not ok" "rsyslog: every line is RFC 5424" "$(grep -vE "$re" "$tmp/records.log" | head -n 3)"
fi
line=$(grep -F '"event":"reload-refused"' "$tmp/records.log" | head -n 1)
case $line in
"<12>1 "*) tap_result ok "rsyslog: reload-refused as <12> (user.warning, from PRIORITY=4)" ;;
*) tap_result "not ok" "rsyslog: reload-refused as <12>" "$line" ;;
esac
[ "$(tap_failed)" = 0 ]
