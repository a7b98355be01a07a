#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the package test, run through tests/vm/run-vm.sh on the
# stock kernel: install the packages make deb built (hashguard-dkms and
# hashguard) as an operator would, use them, purge them, and show that
# nothing is left.
#
# The guest's / is the host's, read-only: the test builds a writable root
# of its own, an overlayfs with the host's / as its lower layer and a
# tmpfs as its upper one (so the upper layer holds exactly what the test
# changed), with /proc, /sys, /dev, the results and the repository bound
# in and fresh tmpfs on /tmp and /run, and chroots into it.  There:
#
#  1. dpkg -i both packages; DKMS builds the module against the stock
#     kernel's headers (/lib/modules/$(uname -r)/build) on installation;
#     dkms status says installed; the conffile is registered;
#  2. modprobe hashguard loads the module DKMS installed (modinfo -n under
#     updates/dkms); lsmod and hashguardctl status show it;
#  3. the agent is started the way its unit says: the ExecStartPre and
#     ExecStart command lines of the installed
#     /lib/systemd/system/hashguardd.service, run as they are, after
#     making its StateDirectory and RuntimeDirectory (there is no systemd
#     in the guest); the example policy is used as shipped but for its
#     grace, cut from 30 s to 2 s as an operator may (it is a conffile);
#  4. a hash workload (sha256d) in a container cgroup of a tenant is
#     flagged and the agent throttles it (the policy's [default]): the module audits a verified throttle, cpu.max
#     is the policy's 10%, the agent's JSON names the action, the ledger
#     is written;
#  5. the agent stops on SIGTERM (exit 0), rmmod, dpkg --purge of both
#     packages (the dkms prerm runs dkms remove --all): dkms knows the
#     module no more, its source and built module are gone, /run/hashguard
#     is gone, the ledger is kept (the purge rule, debian/hashguard.postrm);
#  6. out of the chroot: every entry of the overlay's upper layer is
#     either a directory or file the host already has unchanged, or on the
#     allowed list: the kept ledger, dpkg's and debconf's bookkeeping,
#     dkms's own signing key (made on its first build, shared by every
#     DKMS module, not hashguard's), depmod's indexes when they are the
#     host's again.  Anything else is a failure, named.
#
# Times of the parts go to $HG_RESULTS/deb-times.txt, the upper layer's
# listing to $HG_RESULTS/deb-upper.txt, dpkg's and DKMS's output to
# $HG_RESULTS/deb-dpkg.log.
#
# usage (in the VM): tests/vm/guest-deb.sh DEBDIR LABEL
#        (DEBDIR holds hashguard_*.deb and hashguard-dkms_*.deb)
set -uo pipefail

# The part in the chroot is this script again, with --inside.
inside_mode=0
if [ "${1:-}" = --inside ]; then
	inside_mode=1
	shift
fi
debdir=$(cd "$1" && pwd) || exit 1
label=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${HG_RESULTS:-/tmp}
# shellcheck source=tests/tap.sh
. "$repo/tests/tap.sh"

n() { echo "$label: deb: $1"; }
t() { echo "$label: deb: $*"; }
now() { date +%s; }

phase_name=setup
phase_start=$(now)
phase() {
	local s
	s=$(now)
	printf '%s\t%d\n' "$phase_name" "$((s - phase_start))" >> "$out/deb-times.txt"
	t "part $phase_name took $((s - phase_start)) s"
	phase_name=$1
	phase_start=$s
}

# ---------------------------------------------------------------------
# Inside the chroot: steps 1-5.
inside() {
	local kver unit dpkglog=$out/deb-dpkg.log cg=/sys/fs/cgroup/hg-deb
	local apid='' wpid='' alog=$out/deb-agent.log jsonl=$out/deb-agent.jsonl
	kver=$(uname -r)
	: > "$dpkglog"
	: > "$alog"
	: > "$jsonl"

	# shellcheck disable=SC2317  # called by the trap
	stop_all() {
		[ -z "$apid" ] || kill -KILL "$apid" 2> /dev/null
		[ -z "$wpid" ] || kill -KILL "$wpid" 2> /dev/null
	}
	trap stop_all EXIT

	phase install
	t "dpkg -i (DKMS builds the module for $kver)"
	# DEBIAN_FRONTEND: debconf (sourced by the dkms postinst) asks nothing.
	if DEBIAN_FRONTEND=noninteractive dpkg -i "$debdir"/hashguard-dkms_*.deb \
		"$debdir"/hashguard_*.deb >> "$dpkglog" 2>&1; then
		tap_result ok "$(n "dpkg -i hashguard-dkms hashguard")"
	else
		tap_result "not ok" "$(n "dpkg -i hashguard-dkms hashguard")" "$(tail -n 20 "$dpkglog")"
	fi
	phase use
	for p in hashguard hashguard-dkms; do
		check "$(n "dpkg says $p is installed")" \
			sh -c "dpkg-query -W -f='\${Status}' $p | grep -qx 'install ok installed'"
	done
	local st
	st=$(dkms status hashguard 2>&1)
	t "dkms status: $st"
	if grep -q "^hashguard/[^,]*, $kver, [^:]*: installed" <<< "$st"; then
		tap_result ok "$(n "dkms status: installed for $kver")"
	else
		tap_result "not ok" "$(n "dkms status: installed for $kver")" "$st"
		cp /var/lib/dkms/hashguard/*/build/make.log "$out/deb-dkms-make.log"
	fi
	check "$(n "the policy is a conffile")" \
		sh -c "dpkg-query -W -f='\${Conffiles}' hashguard | grep -q ' /etc/hashguard/hashguardd.conf '"

	modprobe hashguard 2>&1
	local path
	path=$(modinfo -n hashguard 2>&1)
	if [[ $path = /lib/modules/$kver/updates/dkms/hashguard.ko* ]] &&
	   [ -e "$path" ]; then
		tap_result ok "$(n "modprobe finds DKMS's module ($path)")"
	else
		tap_result "not ok" "$(n "modprobe finds DKMS's module")" "$path"
	fi
	check "$(n "lsmod shows hashguard")" sh -c 'lsmod | grep -q "^hashguard "'
	st=$(/usr/sbin/hashguardctl status 2>&1)
	t "hashguardctl status: $(head -n 3 <<< "$st" | tr '\n' ' ')"
	local version
	version=$(dpkg-query -W -f='${Version}' hashguard)
	if grep -q "${version%%-*}" <<< "$st"; then
		tap_result ok "$(n "installed hashguardctl talks to the module (version ${version%%-*})")"
	else
		tap_result "not ok" "$(n "installed hashguardctl status")" "$st"
	fi

	# The agent, as its unit starts it.
	unit=/lib/systemd/system/hashguardd.service
	local pre start d
	pre=$(sed -n 's/^ExecStartPre=[-@:+!]*//p' "$unit")
	start=$(sed -n 's/^ExecStart=[-@:+!]*//p' "$unit")
	t "unit: ExecStartPre=$pre"
	t "unit: ExecStart=$start"
	case $start in
	/usr/sbin/hashguardd\ *) tap_result ok "$(n "the unit runs /usr/sbin/hashguardd")" ;;
	*) tap_result "not ok" "$(n "the unit runs /usr/sbin/hashguardd")" "$start" ;;
	esac
	# What systemd would make: StateDirectory= in /var/lib,
	# RuntimeDirectory= in /run, with StateDirectoryMode (default 0755).
	local smode
	smode=$(sed -n 's/^StateDirectoryMode=//p' "$unit")
	for d in $(sed -n 's/^StateDirectory=//p' "$unit"); do
		install -d -m "${smode:-0755}" "/var/lib/$d"
	done
	for d in $(sed -n 's/^RuntimeDirectory=//p' "$unit"); do
		install -d -m 0755 "/run/$d"
	done
	sed -i 's/^grace = 30$/grace = 2/' /etc/hashguard/hashguardd.conf
	check "$(n "the operator's edit took (grace = 2)")" \
		grep -qx 'grace = 2' /etc/hashguard/hashguardd.conf
	local -a argv
	read -ra argv <<< "$pre"
	check "$(n "ExecStartPre: ${argv[*]}")" "${argv[@]}"
	read -ra argv <<< "$start"
	"${argv[@]}" >> "$jsonl" 2>> "$alog" &
	apid=$!
	if wait_for 60 grep -q "following the module" "$alog"; then
		tap_result ok "$(n "ExecStart: the agent follows the module")"
	else
		tap_result "not ok" "$(n "ExecStart: the agent follows the module")" "$(tail -n 5 "$alog")"
	fi

	phase workload
	echo "+cpu" > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p "$cg/ctr" && echo "+cpu" > "$cg/cgroup.subtree_control"
	# A tenant: the host's own processes only get audited (the host
	# default), a tenant's get [default], which throttles.
	check "$(n "hashguardctl tenant add deb-test $cg")" \
		/usr/sbin/hashguardctl tenant add deb-test "$cg"
	(echo "$BASHPID" > "$cg/ctr/cgroup.procs" &&
		exec "$repo/tests/workloads/build/sha256d" --seconds 600 --threads 1) \
		> "$out/deb-workload.log" 2>&1 &
	wpid=$!
	# shellcheck disable=SC2317  # called by wait_for
	throttled() {
		dmesg | grep 'hashguard: audit ' | grep 'event=action' |
			grep ' action=throttle ' | grep ' outcome=verified ' |
			grep -q " tgid=$wpid "
	}
	local t0
	t0=$(now)
	if wait_for 180 throttled; then
		tap_result ok "$(n "sha256d ($wpid) flagged and throttled by the agent, verified ($(($(now) - t0)) s)")"
	else
		tap_result "not ok" "$(n "sha256d flagged and throttled within 180 s")" "$(tail -n 5 "$alog")"
	fi
	st=$(cat "$cg/ctr/cpu.max")
	if [ "$st" = "10000 100000" ]; then
		tap_result ok "$(n "cpu.max of its cgroup is the policy's 10% ($st)")"
	else
		tap_result "not ok" "$(n "cpu.max of its cgroup is the policy's 10%")" "$st"
	fi
	check "$(n "the agent's JSON records the throttle")" \
		grep -q '"throttle"' "$jsonl"
	check "$(n "the ledger is in /var/lib/hashguard")" \
		test -s /var/lib/hashguard/ledger.db

	phase purge
	kill -TERM "$apid"
	wait "$apid"
	local rc=$?
	apid=''
	if [ "$rc" = 0 ]; then
		tap_result ok "$(n "the agent stops on SIGTERM, exit 0")"
	else
		tap_result "not ok" "$(n "the agent stops on SIGTERM, exit 0")" "exit $rc: $(tail -n 3 "$alog")"
	fi
	kill -KILL "$wpid" 2> /dev/null
	wait "$wpid" 2> /dev/null
	wpid=''
	/usr/sbin/hashguardctl tenant del deb-test > /dev/null
	rmdir "$cg/ctr" "$cg"
	check "$(n "rmmod hashguard")" rmmod hashguard

	if DEBIAN_FRONTEND=noninteractive dpkg --purge hashguard hashguard-dkms \
		>> "$dpkglog" 2>&1; then
		tap_result ok "$(n "dpkg --purge hashguard hashguard-dkms")"
	else
		tap_result "not ok" "$(n "dpkg --purge hashguard hashguard-dkms")" "$(tail -n 20 "$dpkglog")"
	fi
	check "$(n "the purge said the ledger is kept and how to remove it")" \
		grep -q 'ledger /var/lib/hashguard is kept; remove it with: rm -rf /var/lib/hashguard' "$dpkglog"
	check "$(n "the dkms prerm ran dkms remove")" \
		grep -q 'Deleting module hashguard' "$dpkglog"
	st=$(dkms status hashguard 2>&1)
	if [ -z "$st" ]; then
		tap_result ok "$(n "dkms status: no hashguard")"
	else
		tap_result "not ok" "$(n "dkms status: no hashguard")" "$st"
	fi
	for p in hashguard hashguard-dkms; do
		# A purged package is gone from dpkg's status ("no packages
		# found", on stderr) or left as "purge ok not-installed".
		st=$(dpkg-query -W -f='${Status}' "$p" 2> /dev/null)
		if [ -z "$st" ] || grep -q 'not-installed' <<< "$st"; then
			tap_result ok "$(n "dpkg knows $p no more")"
		else
			tap_result "not ok" "$(n "dpkg knows $p no more")" "$st"
		fi
	done
	local left
	left=$(ls -d /usr/src/hashguard-* /var/lib/dkms/hashguard \
		/lib/modules/*/updates/dkms/hashguard.ko* /etc/hashguard \
		/run/hashguard /usr/sbin/hashguard* \
		/lib/systemd/system/hashguardd.service 2> /dev/null)
	if [ -z "$left" ]; then
		tap_result ok "$(n "source, module, programs, unit, policy, /run/hashguard: gone")"
	else
		tap_result "not ok" "$(n "source, module, programs, unit, policy, /run/hashguard: gone")" "$left"
	fi
	check "$(n "the ledger is kept")" test -s /var/lib/hashguard/ledger.db
	check "$(n "modprobe finds no hashguard any more")" \
		sh -c '! modinfo -n hashguard > /dev/null 2>&1'
	trap - EXIT
}

if [ $inside_mode = 1 ]; then
	inside
	exit "$(tap_failed)"
fi

# ---------------------------------------------------------------------
# Outside: the writable root, the chroot, step 6.
t "kernel $(uname -r)"
ls "$debdir"/hashguard_*.deb "$debdir"/hashguard-dkms_*.deb > /dev/null ||
	{ tap_result "not ok" "$(n "packages in $debdir")"; exit 1; }
w=/tmp/hg-deb
root=$w/root
upper=$w/upper
mkdir -p "$root" "$w/rw"
modprobe overlay
mount -t tmpfs -o mode=755 tmpfs "$w/rw"
mkdir -p "$w/rw/upper" "$w/rw/work"
upper=$w/rw/upper
if mount -t overlay -o "lowerdir=/,upperdir=$upper,workdir=$w/rw/work" overlay "$root"; then
	tap_result ok "$(n "writable root: overlayfs of the host's / and a tmpfs")"
else
	tap_result "not ok" "$(n "writable root: overlayfs of the host's / and a tmpfs")"
	exit 1
fi
mount --bind /proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
# The guest's /dev is a bare devtmpfs: no /dev/fd, which bash's <(...)
# needs (dkms uses it).  Make the links systemd would.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
for i in 0:stdin 1:stdout 2:stderr; do
	[ -e "/dev/${i#*:}" ] || ln -s "/proc/self/fd/${i%%:*}" "/dev/${i#*:}"
done
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mkdir -p "$root/run/lock" "$root$out" "$root$repo"
mount --bind "$out" "$root$out"
mount --bind "$repo" "$root$repo"
mounts=("$root$repo" "$root$out" "$root/run" "$root/tmp" "$root/dev" "$root/sys" "$root/proc")

t0=$(now)
env -i PATH="$PATH" HOME=/root TERM=dumb LANG=C.UTF-8 HG_RESULTS="$out" \
	HG_TAP="$HG_TAP" chroot "$root" /bin/bash "$repo/tests/vm/guest-deb.sh" \
	--inside "$debdir" "$label"
inner_failed=$?
t "the chroot part took $(($(now) - t0)) s"
phase_start=$(now)
phase_name=leftovers

for m in "${mounts[@]}"; do
	umount -R "$m" || umount -l "$m"
done
umount "$root" || umount -l "$root"

# Step 6: what the upper layer holds, against the host's /.
kver=$(uname -r)
allowed() {
	case $1 in
	var/lib/hashguard | var/lib/hashguard/ledger.db*) return 0 ;; # the kept ledger
	var/lib/dpkg/info/hashguard*) return 1 ;;
	var/lib/dpkg/*) return 0 ;;              # dpkg's status, its backups, triggers
	var/log/dpkg.log) return 0 ;;            # dpkg's log
	var/cache/debconf/*) return 0 ;;         # debconf's database (dkms postinst)
	var/cache/man | var/cache/man/*) return 0 ;; # man-db's index (its trigger)
	var/lib/dkms/mok.key | var/lib/dkms/mok.pub) return 0 ;; # dkms's own key
	esac
	return 1
}
: > "$out/deb-upper.txt"
bad=()
nent=0
while IFS= read -r -d '' e; do
	p=${e#"$upper"/}
	nent=$((nent + 1))
	desc=$(stat -c '%F %a %s' "$e")
	echo "$p	$desc" >> "$out/deb-upper.txt"
	if [ -d "$e" ] && [ ! -L "$e" ]; then
		# a directory copied up (something under it changed), or a new one
		[ -d "/$p" ] && [ ! -L "/$p" ] && continue
	elif [ -c "$e" ] && [ "$(stat -c '%t:%T' "$e")" = 0:0 ]; then
		: # a whiteout: something of the host's deleted
	elif [ -L "$e" ]; then
		[ -L "/$p" ] && [ "$(readlink "$e")" = "$(readlink "/$p")" ] && continue
	elif [ -f "$e" ]; then
		[ -f "/$p" ] && cmp -s "$e" "/$p" && continue
	fi
	allowed "$p" && continue
	bad+=("$p ($desc)")
done < <(find "$upper" -mindepth 1 -print0 | sort -z)
t "upper layer: $nent entries (listed in deb-upper.txt)"
if [ ${#bad[@]} -eq 0 ]; then
	tap_result ok "$(n "after the purge the root holds nothing new but the ledger and dpkg's, debconf's and dkms's own files ($nent entries checked)")"
else
	tap_result "not ok" "$(n "after the purge nothing is left")" "$(printf '%s; ' "${bad[@]}")"
fi
# The purge left the modules' indexes as the host has them.
if cmp -s "/lib/modules/$kver/modules.dep" "$upper/usr/lib/modules/$kver/modules.dep" ||
   [ ! -e "$upper/usr/lib/modules/$kver/modules.dep" ]; then
	tap_result ok "$(n "modules.dep is the host's again")"
else
	tap_result "not ok" "$(n "modules.dep is the host's again")" \
		"$(diff "/lib/modules/$kver/modules.dep" "$upper/usr/lib/modules/$kver/modules.dep" | head -n 5)"
fi
umount "$w/rw"
phase end
exit $(($(tap_failed) + inner_failed))
