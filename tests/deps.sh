#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, with apt-get, the Debian 12 packages that building, running
# and testing hashguard need; do nothing when all are there.  README.md
# names the same list.
#
# usage: tests/deps.sh [--print]
set -euo pipefail

pkgs=(
	# build
	gcc make pkg-config libc6-dev binutils rsync file
	linux-headers-amd64          # Debian's kernel headers: KDIR
	libnl-3-dev libnl-genl-3-dev # netlink for the tools
	libjansson-dev               # JSON output and input
	libinih-dev                  # agent configuration files
	libsqlite3-dev               # the agent's ledger
	libelf-dev                   # hashguardctl inspect
	libsystemd-dev               # the agent's journal fields
	# tests
	libcmocka-dev                # userspace unit tests
	libyaml-dev                  # the YNL spec checker (tests/ynl)
	clang libclang-rt-14-dev     # libFuzzer, sanitizers, second compiler
	valgrind                     # callgrind instruction counts (bench)
	sparse shellcheck            # make lint
	python3                      # kunit.py parses KTAP
	util-linux                   # setpriv for the unprivileged checks
	prometheus prometheus-node-exporter # the metrics test (and promtool)
	curl jq                      # its queries of Prometheus's API
	rsyslog rsyslog-kafka        # rsyslogd -N1 of the shipped configs
	systemd                      # journald, journalctl, systemd-cat (journal test)
	# the packages (make deb) and their installed test
	debhelper dh-dkms dkms lintian dpkg-dev fakeroot
	# the VM
	linux-image-amd64            # Debian's stock kernel, booted in qemu
	linux-source-6.1             # the test kernel (KUnit, KASAN, lockdep)
	qemu-system-x86 busybox-static cpio kmod xz-utils
	bc flex bison libssl-dev     # building the test kernel
)

if [ "${1:-}" = --print ]; then
	echo "${pkgs[@]}"
	exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root: run 'apt-get install ${missing[*]}' as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
