/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * hashguard: detection of cryptographic-hash-heavy tasks (crypto-mining)
 * from the instructions they execute.
 *
 * This header is the only one shared by the kernel module and userspace.
 * It describes the generic netlink API, which is stable: version 1 of the
 * family grows only by appending commands, attributes and counters at the
 * end of the enums below, never by renumbering or changing the type of
 * an existing one.
 *
 * Family
 * ------
 *
 * The generic netlink family is HASHGUARD_GENL_NAME ("hashguard"), version
 * HASHGUARD_GENL_VERSION (1). It exists only in the initial network
 * namespace. Every command requires CAP_NET_ADMIN (GENL_ADMIN_PERM); a
 * caller without it gets -EPERM. Requests are validated strictly: an
 * unknown attribute, or one that a command does not take, is rejected
 * with -EINVAL and an extended-ack message naming the problem (set
 * NETLINK_EXT_ACK on the socket to receive it).
 *
 * All 64-bit values are u64 attributes aligned with HASHGUARD_A_PAD.
 *
 * HASHGUARD_CMD_GET_STATUS
 * ------------------------
 *
 * Request: no attributes.
 * Reply (one message, same command):
 *
 *   HASHGUARD_A_VERSION        string  module version, e.g. "0.1.0"
 *   HASHGUARD_A_UPTIME_NS      u64     nanoseconds since the module loaded
 *                                      (CLOCK_BOOTTIME, so suspend counts)
 *   HASHGUARD_A_LOAD_TIME      u64     load time, seconds since the epoch
 *                                      (CLOCK_REALTIME when loaded)
 *   HASHGUARD_A_COUNTERS       nested  one u64 attribute per counter, type
 *                                      taken from enum hashguard_counter;
 *                                      a reader skips types it does not
 *                                      know, so counters can be added
 *
 * Counters are monotonic since load unless their description says
 * otherwise.
 */
#ifndef _UAPI_LINUX_HASHGUARD_H
#define _UAPI_LINUX_HASHGUARD_H

#define HASHGUARD_GENL_NAME	"hashguard"
#define HASHGUARD_GENL_VERSION	1

/**
 * enum hashguard_cmd - generic netlink commands
 * @HASHGUARD_CMD_UNSPEC: unused
 * @HASHGUARD_CMD_GET_STATUS: module version, uptime and counters
 * @__HASHGUARD_CMD_MAX: internal
 * @HASHGUARD_CMD_MAX: highest command number
 */
enum hashguard_cmd {
	HASHGUARD_CMD_UNSPEC,
	HASHGUARD_CMD_GET_STATUS,

	__HASHGUARD_CMD_MAX,
	HASHGUARD_CMD_MAX = __HASHGUARD_CMD_MAX - 1
};

/**
 * enum hashguard_attr - top-level attributes
 * @HASHGUARD_A_UNSPEC: unused
 * @HASHGUARD_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_A_VERSION: module version (string, reply only)
 * @HASHGUARD_A_UPTIME_NS: time since load in ns (u64, reply only)
 * @HASHGUARD_A_LOAD_TIME: load time in s since the epoch (u64, reply only)
 * @HASHGUARD_A_COUNTERS: nested &enum hashguard_counter (reply only)
 * @__HASHGUARD_A_MAX: internal
 * @HASHGUARD_A_MAX: highest attribute number
 */
enum hashguard_attr {
	HASHGUARD_A_UNSPEC,
	HASHGUARD_A_PAD,
	HASHGUARD_A_VERSION,
	HASHGUARD_A_UPTIME_NS,
	HASHGUARD_A_LOAD_TIME,
	HASHGUARD_A_COUNTERS,

	__HASHGUARD_A_MAX,
	HASHGUARD_A_MAX = __HASHGUARD_A_MAX - 1
};

/**
 * enum hashguard_counter - counters inside %HASHGUARD_A_COUNTERS (all u64)
 * @HASHGUARD_COUNTER_UNSPEC: unused
 * @HASHGUARD_COUNTER_PAD: padding for 64-bit attributes
 * @HASHGUARD_COUNTER_AUDIT_LINES: audit lines written to the kernel log
 * @HASHGUARD_COUNTER_AUDIT_SUPPRESSED: audit lines the rate limit held
 *	back; each suppression is summarised by a later "suppressed" line
 * @HASHGUARD_COUNTER_NL_REQUESTS: netlink requests handled
 * @__HASHGUARD_COUNTER_MAX: internal
 * @HASHGUARD_COUNTER_MAX: highest counter number
 */
enum hashguard_counter {
	HASHGUARD_COUNTER_UNSPEC,
	HASHGUARD_COUNTER_PAD,
	HASHGUARD_COUNTER_AUDIT_LINES,
	HASHGUARD_COUNTER_AUDIT_SUPPRESSED,
	HASHGUARD_COUNTER_NL_REQUESTS,

	__HASHGUARD_COUNTER_MAX,
	HASHGUARD_COUNTER_MAX = __HASHGUARD_COUNTER_MAX - 1
};

#endif /* _UAPI_LINUX_HASHGUARD_H */
