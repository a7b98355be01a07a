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
 * namespace. GET_STATUS and GET_CONFIG are open to every user; every
 * other command changes state or reveals tenant data and requires
 * CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM); a
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
 * otherwise ("gauge": a current value).
 *
 * HASHGUARD_CMD_GET_CONFIG, HASHGUARD_CMD_SET_CONFIG
 * -------------------------------------------------
 *
 * GET_CONFIG takes no attributes and replies with HASHGUARD_A_CONFIG, a
 * nest holding every enum hashguard_config_attr value.  SET_CONFIG takes
 * HASHGUARD_A_CONFIG with any subset of them; the ranges are in the
 * policy (out of range: -ERANGE, with an extended ack whose message and
 * attribute offset point at the attribute) and the combination must stay
 * consistent (clear threshold below flag threshold: -EINVAL).  A refused request changes nothing.
 * The reply is the new configuration, as for GET_CONFIG.
 *
 * HASHGUARD_CMD_NEW_TENANT, HASHGUARD_CMD_DEL_TENANT, HASHGUARD_CMD_GET_TENANT
 * ----------------------------------------------------------------------------
 *
 * A tenant is a cgroup v2 subtree registered under a name.  A process
 * belongs to the tenant of the nearest registered ancestor of its cgroup
 * (its own cgroup included), or to the host tenant, id 0, named "host",
 * which always exists and cannot be added or removed.
 *
 * NEW_TENANT takes HASHGUARD_A_TENANT with HASHGUARD_TENANT_A_NAME (1 to
 * HASHGUARD_TENANT_NAME_MAX - 1 characters of [A-Za-z0-9_.-], not
 * starting with '.' or '-') and HASHGUARD_TENANT_A_CGROUP (the cgroup's
 * path relative to the root of the cgroup v2 hierarchy, starting with
 * '/', as in /proc/PID/cgroup of a process in the initial cgroup
 * namespace; it is resolved in the caller's cgroup namespace, and
 * replies give it from the root of the hierarchy).  It fails with
 * -EEXIST if the name or the cgroup is already registered, -ENOENT if
 * there is no such cgroup, -ENOTDIR if the path is not a directory,
 * -EINVAL for a bad name or a path not starting with '/',
 * -ENAMETOOLONG for a path too long, and -ENOSPC beyond
 * HASHGUARD_TENANTS_MAX tenants.  The reply describes the new tenant as
 * GET_TENANT does.
 *
 * DEL_TENANT takes HASHGUARD_A_TENANT with the NAME or the ID; the reply
 * describes the tenant as it was.  Processes of a removed tenant belong,
 * from the next window on, to the next registered ancestor or to the
 * host tenant.
 *
 * GET_TENANT with HASHGUARD_A_TENANT (NAME or ID) replies with one
 * tenant; as a dump (NLM_F_DUMP) it lists every tenant, host first, one
 * message each: HASHGUARD_A_TENANT with ID, NAME, CGROUP, CGROUP_ID,
 * PROCESSES and FLAGGED (gauges over tracked processes) and, once its
 * cgroup has been removed, CGROUP_GONE.  A dump that raced with tenants
 * being added or removed has NLM_F_DUMP_INTR set on a message.
 *
 * HASHGUARD_CMD_GET_TASK
 * ----------------------
 *
 * With HASHGUARD_A_TASK holding HASHGUARD_TASK_A_TGID (and optionally
 * HASHGUARD_TASK_A_START_TIME, to be sure of the process), it replies
 * with that process, or fails with -ENOENT if it is not tracked.  As a
 * dump it lists one message per tracked process, with HASHGUARD_A_TASK
 * (enum hashguard_task_attr).  A process is tracked from the first
 * user-mode sample of one of its threads (or, for the children of a
 * suspect or flagged process, from fork) until it exits; its threads
 * are aggregated.  Optional filters: HASHGUARD_A_TENANT with NAME or ID
 * (only that tenant's processes), HASHGUARD_A_STATE_MASK (bit n set:
 * include processes in enum hashguard_state n).  A dump lists every
 * process tracked throughout it exactly once (it resumes after the last
 * process it sent, and new ones are listed last); if that process is
 * gone when the dump resumes, the dump starts over and has
 * NLM_F_DUMP_INTR set on a message: the reader should start it again.
 *
 * HASHGUARD_CMD_NEW_APPROVAL, HASHGUARD_CMD_DEL_APPROVAL,
 * HASHGUARD_CMD_GET_APPROVAL
 * ------------------------------------------------------
 *
 * An approval records that a tenant holds written permission to mine:
 * flagged processes it covers are still flagged, but events and audit
 * lines name the approval, so that a policy agent leaves them alone.
 * An approval belongs to one tenant and is named within it by its
 * reference (HASHGUARD_APPROVAL_A_REF: the written approval's
 * identifier, 1 to HASHGUARD_APPROVAL_REF_MAX - 1 bytes, no control
 * characters).  Its scope is the whole tenant, or, with
 * HASHGUARD_APPROVAL_A_EXE, only processes running that executable
 * (an absolute path as /proc/PID/exe shows it in the initial mount
 * namespace; a process whose executable was deleted or replaced since
 * it started shows " (deleted)" after the path, and no longer matches).
 * It is valid from HASHGUARD_APPROVAL_A_NOT_BEFORE (default: now) until
 * HASHGUARD_APPROVAL_A_EXPIRES (default: never), both in seconds since
 * the epoch; an expired approval is removed.
 * The kernel records who granted it (the uid of the caller, in the
 * initial user namespace) and when; neither can be set by the caller.
 * Coverage is worked out for suspect and flagged processes, from their
 * tenant and executable, whenever an approval changes and every window.
 *
 * NEW_APPROVAL takes HASHGUARD_A_TENANT (NAME or ID) and
 * HASHGUARD_A_APPROVAL with REF and optionally EXE, NOT_BEFORE and
 * EXPIRES, and FLAGS.  An approval with the same reference in the same
 * tenant is replaced (its id is kept); with HASHGUARD_APPROVAL_F_EXCL in
 * FLAGS that fails with -EEXIST instead.  (Generic netlink refuses the
 * old NLM_F_EXCL header flag for strictly validated families.)  It fails
 * with -ENOENT for an unknown tenant, -EINVAL for the host tenant, a bad
 * reference or path, or an expiry not after both now and NOT_BEFORE, and
 * -ENOSPC beyond HASHGUARD_APPROVALS_MAX.
 * The reply is the approval, as GET_APPROVAL gives it.
 *
 * DEL_APPROVAL (revocation) takes HASHGUARD_A_TENANT and
 * HASHGUARD_A_APPROVAL with REF; -ENOENT if there is no such approval.
 * The reply is the approval removed, with END set to REVOKED.
 *
 * GET_APPROVAL takes HASHGUARD_A_TENANT and HASHGUARD_A_APPROVAL with
 * REF and replies with that approval; as a dump it lists every
 * approval, or those of the tenant in HASHGUARD_A_TENANT, with
 * NLM_F_DUMP_INTR as for tenants.  A tenant that has approvals cannot be
 * removed (-EBUSY): revoke them first.
 *
 * HASHGUARD_CMD_ACTION
 * --------------------
 *
 * A policy agent reports an action it took on a process, and its
 * outcome, so that the module writes it to the audit trail with the
 * caller's identity: HASHGUARD_A_ACTION with TGID, KIND and OUTCOME
 * (required), START_TIME, REASON (on whose authority: the policy or the
 * approval that led to it) and DETAIL (what was done and what was
 * verified).  If the process is tracked, the audit line takes its comm
 * and tenant from the module's own record.  There is no reply beyond
 * the acknowledgment.
 *
 * Notifications
 * -------------
 *
 * Both multicast groups require CAP_NET_ADMIN to join.
 *
 * HASHGUARD_MCGRP_DETECT ("detect") receives HASHGUARD_CMD_TASK_NTF
 * messages: HASHGUARD_A_EVENT (enum hashguard_event) and
 * HASHGUARD_A_TASK as in the dump, its features those of the window
 * that caused the event.
 *
 * HASHGUARD_MCGRP_CONFIG ("config") receives every change of state, as
 * a message with the command that made it: NEW_TENANT and DEL_TENANT
 * with HASHGUARD_A_TENANT, NEW_APPROVAL and DEL_APPROVAL with
 * HASHGUARD_A_APPROVAL (a removal has END saying whether it was revoked
 * or expired), SET_CONFIG with the whole new HASHGUARD_A_CONFIG.  A
 * change made by a request carries HASHGUARD_A_CALLER; an expiry, made
 * by the kernel, does not.
 *
 * A listener that finds its socket overflowed (ENOBUFS) has lost
 * notifications and should read the current state with the dumps.
 *
 * Scores and features
 * -------------------
 *
 * Every window (HASHGUARD_CONFIG_A_WINDOW_MS) the samples of each process
 * are turned into the features of enum hashguard_feature (densities in
 * per mille of the decoded instructions, rates as described there) and a
 * score from 0 (nothing hash-like) to 1000.  A first window at or above
 * the flag threshold makes a process a suspect; FLAG_WINDOWS such
 * windows flag it, windows between the two thresholds in between neither
 * counting nor resetting, a window below the clear threshold sending it
 * back; a flagged process whose score stays below the clear threshold
 * for CLEAR_WINDOWS windows in a row is cleared.
 * Windows with fewer than MIN_SAMPLES samples count as below the clear
 * threshold.  Documentation/design.rst explains the features and score.
 */
#ifndef _UAPI_LINUX_HASHGUARD_H
#define _UAPI_LINUX_HASHGUARD_H

#define HASHGUARD_GENL_NAME	"hashguard"
#define HASHGUARD_GENL_VERSION	1

/**
 * enum hashguard_cmd - generic netlink commands
 * @HASHGUARD_CMD_UNSPEC: unused
 * @HASHGUARD_CMD_GET_STATUS: module version, uptime and counters
 * @HASHGUARD_CMD_GET_CONFIG: the run-time configuration
 * @HASHGUARD_CMD_SET_CONFIG: change the run-time configuration
 * @HASHGUARD_CMD_NEW_TENANT: register a tenant
 * @HASHGUARD_CMD_DEL_TENANT: remove a tenant
 * @HASHGUARD_CMD_GET_TENANT: one tenant, or all of them (dump)
 * @HASHGUARD_CMD_GET_TASK: tracked processes (dump)
 * @HASHGUARD_CMD_TASK_NTF: detection event (multicast, "detect" group)
 * @HASHGUARD_CMD_NEW_APPROVAL: grant (or replace) an approval
 * @HASHGUARD_CMD_DEL_APPROVAL: revoke an approval
 * @HASHGUARD_CMD_GET_APPROVAL: one approval, or all of them (dump)
 * @HASHGUARD_CMD_ACTION: a policy agent reports an action for the audit
 *	trail
 * @__HASHGUARD_CMD_MAX: internal
 * @HASHGUARD_CMD_MAX: highest command number
 */
enum hashguard_cmd {
	HASHGUARD_CMD_UNSPEC,
	HASHGUARD_CMD_GET_STATUS,
	HASHGUARD_CMD_GET_CONFIG,
	HASHGUARD_CMD_SET_CONFIG,
	HASHGUARD_CMD_NEW_TENANT,
	HASHGUARD_CMD_DEL_TENANT,
	HASHGUARD_CMD_GET_TENANT,
	HASHGUARD_CMD_GET_TASK,
	HASHGUARD_CMD_TASK_NTF,
	HASHGUARD_CMD_NEW_APPROVAL,
	HASHGUARD_CMD_DEL_APPROVAL,
	HASHGUARD_CMD_GET_APPROVAL,
	HASHGUARD_CMD_ACTION,

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
 * @HASHGUARD_A_CONFIG: nested &enum hashguard_config_attr
 * @HASHGUARD_A_TENANT: nested &enum hashguard_tenant_attr
 * @HASHGUARD_A_TASK: nested &enum hashguard_task_attr
 * @HASHGUARD_A_EVENT: &enum hashguard_event (u8, notifications only)
 * @HASHGUARD_A_STATE_MASK: u32 filter, bit n selects &enum hashguard_state n
 * @HASHGUARD_A_APPROVAL: nested &enum hashguard_approval_attr
 * @HASHGUARD_A_ACTION: nested &enum hashguard_action_attr
 * @HASHGUARD_A_CALLER: nested &enum hashguard_caller_attr, who made a
 *	change (notifications only)
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
	HASHGUARD_A_CONFIG,
	HASHGUARD_A_TENANT,
	HASHGUARD_A_TASK,
	HASHGUARD_A_EVENT,
	HASHGUARD_A_STATE_MASK,
	HASHGUARD_A_APPROVAL,
	HASHGUARD_A_ACTION,
	HASHGUARD_A_CALLER,

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
 * @HASHGUARD_COUNTER_SAMPLES: user-mode samples classified
 * @HASHGUARD_COUNTER_SAMPLES_KERNEL: samples that hit kernel mode (ignored)
 * @HASHGUARD_COUNTER_SAMPLES_UNREADABLE: user-mode samples whose code could
 *	not be read (page not present, or no access from this context) or
 *	is 32-bit code, which is not classified
 * @HASHGUARD_COUNTER_SAMPLES_UNTRACKED: user-mode samples of threads that
 *	had no record yet (the record is created from them)
 * @HASHGUARD_COUNTER_SAMPLER_NS: nanoseconds spent in the sample handler
 * @HASHGUARD_COUNTER_SCHED_EVENTS: scheduler tracepoint hits handled
 * @HASHGUARD_COUNTER_SCHED_NS: nanoseconds spent in the tracepoint probes
 * @HASHGUARD_COUNTER_TASKS: gauge, tracked threads
 * @HASHGUARD_COUNTER_PROCESSES: gauge, tracked processes
 * @HASHGUARD_COUNTER_TASKS_CREATED: thread records created
 * @HASHGUARD_COUNTER_TASKS_FREED: thread records freed
 * @HASHGUARD_COUNTER_TASKS_DROPPED: attempts to track a thread refused
 *	because the limit (HASHGUARD_CONFIG_A_MAX_TASKS) was reached or
 *	memory was short; a thread is tried again when sampled again
 * @HASHGUARD_COUNTER_PENDING_DROPPED: new threads not noticed in time
 *	because a per-CPU queue was full (they are noticed again later)
 * @HASHGUARD_COUNTER_WINDOWS: scoring windows completed
 * @HASHGUARD_COUNTER_DETECT_NS: nanoseconds spent scoring windows
 * @HASHGUARD_COUNTER_FLAGGED: processes flagged
 * @HASHGUARD_COUNTER_CLEARED: processes cleared
 * @HASHGUARD_COUNTER_EVENTS: detection events sent to the "detect" group
 * @HASHGUARD_COUNTER_TENANTS: gauge, registered tenants (host excluded)
 * @HASHGUARD_COUNTER_TASK_BYTES: gauge, bytes of thread and process records
 * @HASHGUARD_COUNTER_APPROVALS: gauge, approvals held
 * @HASHGUARD_COUNTER_APPROVALS_EXPIRED: approvals removed on expiry
 * @HASHGUARD_COUNTER_ACTIONS: actions reported with %HASHGUARD_CMD_ACTION
 * @HASHGUARD_COUNTER_CONFIG_EVENTS: notifications sent to the "config"
 *	group
 * @__HASHGUARD_COUNTER_MAX: internal
 * @HASHGUARD_COUNTER_MAX: highest counter number
 */
enum hashguard_counter {
	HASHGUARD_COUNTER_UNSPEC,
	HASHGUARD_COUNTER_PAD,
	HASHGUARD_COUNTER_AUDIT_LINES,
	HASHGUARD_COUNTER_AUDIT_SUPPRESSED,
	HASHGUARD_COUNTER_NL_REQUESTS,
	HASHGUARD_COUNTER_SAMPLES,
	HASHGUARD_COUNTER_SAMPLES_KERNEL,
	HASHGUARD_COUNTER_SAMPLES_UNREADABLE,
	HASHGUARD_COUNTER_SAMPLES_UNTRACKED,
	HASHGUARD_COUNTER_SAMPLER_NS,
	HASHGUARD_COUNTER_SCHED_EVENTS,
	HASHGUARD_COUNTER_SCHED_NS,
	HASHGUARD_COUNTER_TASKS,
	HASHGUARD_COUNTER_PROCESSES,
	HASHGUARD_COUNTER_TASKS_CREATED,
	HASHGUARD_COUNTER_TASKS_FREED,
	HASHGUARD_COUNTER_TASKS_DROPPED,
	HASHGUARD_COUNTER_PENDING_DROPPED,
	HASHGUARD_COUNTER_WINDOWS,
	HASHGUARD_COUNTER_DETECT_NS,
	HASHGUARD_COUNTER_FLAGGED,
	HASHGUARD_COUNTER_CLEARED,
	HASHGUARD_COUNTER_EVENTS,
	HASHGUARD_COUNTER_TENANTS,
	HASHGUARD_COUNTER_TASK_BYTES,
	HASHGUARD_COUNTER_APPROVALS,
	HASHGUARD_COUNTER_APPROVALS_EXPIRED,
	HASHGUARD_COUNTER_ACTIONS,
	HASHGUARD_COUNTER_CONFIG_EVENTS,

	__HASHGUARD_COUNTER_MAX,
	HASHGUARD_COUNTER_MAX = __HASHGUARD_COUNTER_MAX - 1
};

#define HASHGUARD_MCGRP_DETECT		"detect"
#define HASHGUARD_MCGRP_CONFIG		"config"

/* Longest tenant name, terminating NUL included. */
#define HASHGUARD_TENANT_NAME_MAX	32
/* Longest cgroup path, terminating NUL included. */
#define HASHGUARD_CGROUP_PATH_MAX	4096
/* Most tenants that can be registered. */
#define HASHGUARD_TENANTS_MAX		4096
/* The host tenant. */
#define HASHGUARD_TENANT_HOST		0
/* Highest score. */
#define HASHGUARD_SCORE_MAX		1000
/* Longest approval reference, terminating NUL included. */
#define HASHGUARD_APPROVAL_REF_MAX	128
/* Longest executable path of an approval, terminating NUL included. */
#define HASHGUARD_EXE_PATH_MAX		4096
/* Most approvals held at once, all tenants together. */
#define HASHGUARD_APPROVALS_MAX		16384
/* Longest reason or detail of an action, terminating NUL included. */
#define HASHGUARD_ACTION_TEXT_MAX	256

/**
 * enum hashguard_config_attr - run-time configuration (all u32 but SOURCE)
 * @HASHGUARD_CONFIG_A_UNSPEC: unused
 * @HASHGUARD_CONFIG_A_SAMPLE_HZ: samples per second per CPU (10-10000,
 *	default 1000)
 * @HASHGUARD_CONFIG_A_SAMPLE_SOURCE: u8 &enum hashguard_sample_source
 * @HASHGUARD_CONFIG_A_WINDOW_MS: scoring window in ms (100-60000,
 *	default 1000)
 * @HASHGUARD_CONFIG_A_FLAG_THRESHOLD: score that counts toward flagging
 *	(1-1000, default 500)
 * @HASHGUARD_CONFIG_A_CLEAR_THRESHOLD: score below which a window counts
 *	toward clearing (0-999, default 250; below FLAG_THRESHOLD)
 * @HASHGUARD_CONFIG_A_FLAG_WINDOWS: windows at or above the flag
 *	threshold, none below the clear threshold in between, that flag a
 *	process (1-100, default 2)
 * @HASHGUARD_CONFIG_A_CLEAR_WINDOWS: windows in a row below the clear
 *	threshold that clear a flagged process (1-1000, default 5)
 * @HASHGUARD_CONFIG_A_MIN_SAMPLES: fewest samples in a window for its
 *	score to count (1-1000000, default 20)
 * @HASHGUARD_CONFIG_A_MAX_TASKS: most threads tracked at once (16-1048576,
 *	default 32768)
 * @__HASHGUARD_CONFIG_A_MAX: internal
 * @HASHGUARD_CONFIG_A_MAX: highest attribute number
 */
enum hashguard_config_attr {
	HASHGUARD_CONFIG_A_UNSPEC,
	HASHGUARD_CONFIG_A_SAMPLE_HZ,
	HASHGUARD_CONFIG_A_SAMPLE_SOURCE,
	HASHGUARD_CONFIG_A_WINDOW_MS,
	HASHGUARD_CONFIG_A_FLAG_THRESHOLD,
	HASHGUARD_CONFIG_A_CLEAR_THRESHOLD,
	HASHGUARD_CONFIG_A_FLAG_WINDOWS,
	HASHGUARD_CONFIG_A_CLEAR_WINDOWS,
	HASHGUARD_CONFIG_A_MIN_SAMPLES,
	HASHGUARD_CONFIG_A_MAX_TASKS,

	__HASHGUARD_CONFIG_A_MAX,
	HASHGUARD_CONFIG_A_MAX = __HASHGUARD_CONFIG_A_MAX - 1
};

/**
 * enum hashguard_sample_source - what drives sampling
 * @HASHGUARD_SOURCE_CPU_CLOCK: software cpu-clock timer (default; works
 *	everywhere, including virtual machines without a PMU)
 * @HASHGUARD_SOURCE_CYCLES: hardware CPU cycles (needs a PMU; setting it
 *	fails with -EOPNOTSUPP where there is none)
 */
enum hashguard_sample_source {
	HASHGUARD_SOURCE_CPU_CLOCK,
	HASHGUARD_SOURCE_CYCLES,
};

/**
 * enum hashguard_tenant_attr - attributes inside %HASHGUARD_A_TENANT
 * @HASHGUARD_TENANT_A_UNSPEC: unused
 * @HASHGUARD_TENANT_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_TENANT_A_ID: u32 id, given by the kernel, never reused
 * @HASHGUARD_TENANT_A_NAME: string, see %HASHGUARD_TENANT_NAME_MAX
 * @HASHGUARD_TENANT_A_CGROUP: string, cgroup v2 path from the root
 * @HASHGUARD_TENANT_A_CGROUP_ID: u64 cgroup id (inode number of its
 *	directory), reply only
 * @HASHGUARD_TENANT_A_PROCESSES: u32 gauge, tracked processes, reply only
 * @HASHGUARD_TENANT_A_FLAGGED: u32 gauge, flagged processes, reply only
 * @HASHGUARD_TENANT_A_CGROUP_GONE: flag, the cgroup was removed, reply only
 * @__HASHGUARD_TENANT_A_MAX: internal
 * @HASHGUARD_TENANT_A_MAX: highest attribute number
 */
enum hashguard_tenant_attr {
	HASHGUARD_TENANT_A_UNSPEC,
	HASHGUARD_TENANT_A_PAD,
	HASHGUARD_TENANT_A_ID,
	HASHGUARD_TENANT_A_NAME,
	HASHGUARD_TENANT_A_CGROUP,
	HASHGUARD_TENANT_A_CGROUP_ID,
	HASHGUARD_TENANT_A_PROCESSES,
	HASHGUARD_TENANT_A_FLAGGED,
	HASHGUARD_TENANT_A_CGROUP_GONE,

	__HASHGUARD_TENANT_A_MAX,
	HASHGUARD_TENANT_A_MAX = __HASHGUARD_TENANT_A_MAX - 1
};

/**
 * enum hashguard_state - verdict on a process
 * @HASHGUARD_STATE_NORMAL: nothing hash-like seen
 * @HASHGUARD_STATE_SUSPECT: scored at or above the flag threshold lately
 * @HASHGUARD_STATE_FLAGGED: cryptographic-hash-heavy
 * @HASHGUARD_STATE_CLEARED: was flagged, has stopped
 * @__HASHGUARD_STATE_MAX: internal
 * @HASHGUARD_STATE_MAX: highest state
 */
enum hashguard_state {
	HASHGUARD_STATE_NORMAL,
	HASHGUARD_STATE_SUSPECT,
	HASHGUARD_STATE_FLAGGED,
	HASHGUARD_STATE_CLEARED,

	__HASHGUARD_STATE_MAX,
	HASHGUARD_STATE_MAX = __HASHGUARD_STATE_MAX - 1
};

/**
 * enum hashguard_event - detection events
 * @HASHGUARD_EVENT_UNSPEC: unused
 * @HASHGUARD_EVENT_FLAGGED: a process was flagged
 * @HASHGUARD_EVENT_CLEARED: a flagged process was cleared
 * @HASHGUARD_EVENT_EXITED: a flagged process exited, or replaced its
 *	program with execve()
 * @HASHGUARD_EVENT_COVERED: a flagged process is now covered by an
 *	approval (granted, or become valid), or by another one
 * @HASHGUARD_EVENT_UNCOVERED: a flagged process lost its approval's
 *	cover (revoked or expired)
 * @__HASHGUARD_EVENT_MAX: internal
 * @HASHGUARD_EVENT_MAX: highest event
 */
enum hashguard_event {
	HASHGUARD_EVENT_UNSPEC,
	HASHGUARD_EVENT_FLAGGED,
	HASHGUARD_EVENT_CLEARED,
	HASHGUARD_EVENT_EXITED,
	HASHGUARD_EVENT_COVERED,
	HASHGUARD_EVENT_UNCOVERED,

	__HASHGUARD_EVENT_MAX,
	HASHGUARD_EVENT_MAX = __HASHGUARD_EVENT_MAX - 1
};

/**
 * enum hashguard_task_attr - attributes inside %HASHGUARD_A_TASK
 * @HASHGUARD_TASK_A_UNSPEC: unused
 * @HASHGUARD_TASK_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_TASK_A_TGID: u32 process id (the one attribute, with
 *	START_TIME, that a GET_TASK request may carry; at least 1)
 * @HASHGUARD_TASK_A_PID: u32 thread id of the thread with the most
 *	samples in the last window
 * @HASHGUARD_TASK_A_COMM: string, the process's comm
 * @HASHGUARD_TASK_A_START_TIME: u64 start of the process, ns since boot
 *	(CLOCK_MONOTONIC); with TGID it names the process unambiguously
 * @HASHGUARD_TASK_A_TENANT_ID: u32 tenant id
 * @HASHGUARD_TASK_A_TENANT_NAME: string, tenant name
 * @HASHGUARD_TASK_A_STATE: u8 &enum hashguard_state
 * @HASHGUARD_TASK_A_SCORE: u32 score of the last window, 0-1000
 * @HASHGUARD_TASK_A_THREADS: u32 tracked threads
 * @HASHGUARD_TASK_A_SAMPLES: u64 samples since tracking started
 * @HASHGUARD_TASK_A_FLAGGED_TIME: u64 when last flagged, s since the epoch
 * @HASHGUARD_TASK_A_FEATURES: nested &enum hashguard_feature
 * @HASHGUARD_TASK_A_EXE: string, path of the executable (from the
 *	initial mount namespace), sent for suspect and flagged processes
 * @HASHGUARD_TASK_A_APPROVAL_ID: u32 id of the approval covering the
 *	process; absent when none does
 * @HASHGUARD_TASK_A_APPROVAL_REF: string, that approval's reference
 * @__HASHGUARD_TASK_A_MAX: internal
 * @HASHGUARD_TASK_A_MAX: highest attribute number
 */
enum hashguard_task_attr {
	HASHGUARD_TASK_A_UNSPEC,
	HASHGUARD_TASK_A_PAD,
	HASHGUARD_TASK_A_TGID,
	HASHGUARD_TASK_A_PID,
	HASHGUARD_TASK_A_COMM,
	HASHGUARD_TASK_A_START_TIME,
	HASHGUARD_TASK_A_TENANT_ID,
	HASHGUARD_TASK_A_TENANT_NAME,
	HASHGUARD_TASK_A_STATE,
	HASHGUARD_TASK_A_SCORE,
	HASHGUARD_TASK_A_THREADS,
	HASHGUARD_TASK_A_SAMPLES,
	HASHGUARD_TASK_A_FLAGGED_TIME,
	HASHGUARD_TASK_A_FEATURES,
	HASHGUARD_TASK_A_EXE,
	HASHGUARD_TASK_A_APPROVAL_ID,
	HASHGUARD_TASK_A_APPROVAL_REF,

	__HASHGUARD_TASK_A_MAX,
	HASHGUARD_TASK_A_MAX = __HASHGUARD_TASK_A_MAX - 1
};

/**
 * enum hashguard_feature - features of one window (all u32)
 * @HASHGUARD_FEATURE_UNSPEC: unused
 * @HASHGUARD_FEATURE_CRYPTO: AES, SHA, carry-less multiply and GFNI
 *	instructions, per mille of decoded instructions
 * @HASHGUARD_FEATURE_ROTATE: scalar and vector rotates, per mille
 * @HASHGUARD_FEATURE_HASH_ALU: scalar add, xor, shift, not, per mille
 * @HASHGUARD_FEATURE_HASH_SIMD: vector add, xor, shift, shuffle, per mille
 * @HASHGUARD_FEATURE_MUL: integer multiplies, per mille
 * @HASHGUARD_FEATURE_FP: floating-point arithmetic, per mille
 * @HASHGUARD_FEATURE_RC_CHANGES: changes of the SSE rounding mode between
 *	consecutive observations of a thread, per mille of observations
 * @HASHGUARD_FEATURE_RC_NONDEFAULT: observations with a rounding mode other
 *	than round-to-nearest, per mille
 * @HASHGUARD_FEATURE_CPU: CPU time, per mille of one CPU
 * @HASHGUARD_FEATURE_VCSW: voluntary context switches per CPU-second
 * @HASHGUARD_FEATURE_SAMPLES: samples in the window
 * @HASHGUARD_FEATURE_INSNS: instructions decoded in the window
 * @__HASHGUARD_FEATURE_MAX: internal
 * @HASHGUARD_FEATURE_MAX: highest attribute number
 */
enum hashguard_feature {
	HASHGUARD_FEATURE_UNSPEC,
	HASHGUARD_FEATURE_CRYPTO,
	HASHGUARD_FEATURE_ROTATE,
	HASHGUARD_FEATURE_HASH_ALU,
	HASHGUARD_FEATURE_HASH_SIMD,
	HASHGUARD_FEATURE_MUL,
	HASHGUARD_FEATURE_FP,
	HASHGUARD_FEATURE_RC_CHANGES,
	HASHGUARD_FEATURE_RC_NONDEFAULT,
	HASHGUARD_FEATURE_CPU,
	HASHGUARD_FEATURE_VCSW,
	HASHGUARD_FEATURE_SAMPLES,
	HASHGUARD_FEATURE_INSNS,

	__HASHGUARD_FEATURE_MAX,
	HASHGUARD_FEATURE_MAX = __HASHGUARD_FEATURE_MAX - 1
};

/**
 * enum hashguard_approval_attr - attributes inside %HASHGUARD_A_APPROVAL
 * @HASHGUARD_APPROVAL_A_UNSPEC: unused
 * @HASHGUARD_APPROVAL_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_APPROVAL_A_ID: u32 id, given by the kernel, never reused
 *	(reply only)
 * @HASHGUARD_APPROVAL_A_TENANT_ID: u32 tenant id (reply only; requests
 *	name the tenant with %HASHGUARD_A_TENANT)
 * @HASHGUARD_APPROVAL_A_TENANT_NAME: string, tenant name (reply only)
 * @HASHGUARD_APPROVAL_A_REF: string, the written approval's identifier,
 *	see %HASHGUARD_APPROVAL_REF_MAX
 * @HASHGUARD_APPROVAL_A_EXE: string, absolute path of the one executable
 *	covered; absent: the whole tenant
 * @HASHGUARD_APPROVAL_A_NOT_BEFORE: u64 start of validity, s since the
 *	epoch (0-253402300799, the end of year 9999; 0 or absent: from the
 *	grant, and replies then give the grant time; a past time is
 *	accepted)
 * @HASHGUARD_APPROVAL_A_EXPIRES: u64 end of validity, s since the epoch
 *	(0-253402300799; 0 or absent: never)
 * @HASHGUARD_APPROVAL_A_GRANTED_BY: u32 uid of the caller that granted
 *	it, in the initial user namespace (reply only)
 * @HASHGUARD_APPROVAL_A_GRANTED_TIME: u64 when it was granted, s since
 *	the epoch (reply only)
 * @HASHGUARD_APPROVAL_A_STATE: u8 &enum hashguard_approval_state (reply
 *	only)
 * @HASHGUARD_APPROVAL_A_END: u8 &enum hashguard_approval_end, why it was
 *	removed (DEL_APPROVAL replies and notifications only)
 * @HASHGUARD_APPROVAL_A_COVERED: u32 gauge, flagged and suspect
 *	processes it covers (reply only)
 * @HASHGUARD_APPROVAL_A_FLAGS: u32 &enum hashguard_approval_flag bits
 *	(NEW_APPROVAL requests only; unknown bits are refused)
 * @__HASHGUARD_APPROVAL_A_MAX: internal
 * @HASHGUARD_APPROVAL_A_MAX: highest attribute number
 */
enum hashguard_approval_attr {
	HASHGUARD_APPROVAL_A_UNSPEC,
	HASHGUARD_APPROVAL_A_PAD,
	HASHGUARD_APPROVAL_A_ID,
	HASHGUARD_APPROVAL_A_TENANT_ID,
	HASHGUARD_APPROVAL_A_TENANT_NAME,
	HASHGUARD_APPROVAL_A_REF,
	HASHGUARD_APPROVAL_A_EXE,
	HASHGUARD_APPROVAL_A_NOT_BEFORE,
	HASHGUARD_APPROVAL_A_EXPIRES,
	HASHGUARD_APPROVAL_A_GRANTED_BY,
	HASHGUARD_APPROVAL_A_GRANTED_TIME,
	HASHGUARD_APPROVAL_A_STATE,
	HASHGUARD_APPROVAL_A_END,
	HASHGUARD_APPROVAL_A_COVERED,
	HASHGUARD_APPROVAL_A_FLAGS,

	__HASHGUARD_APPROVAL_A_MAX,
	HASHGUARD_APPROVAL_A_MAX = __HASHGUARD_APPROVAL_A_MAX - 1
};

/**
 * enum hashguard_approval_flag - flags of a grant
 * @HASHGUARD_APPROVAL_F_EXCL: fail with -EEXIST rather than replace an
 *	approval with the same reference
 * @HASHGUARD_APPROVAL_F_MASK: every flag
 */
enum hashguard_approval_flag {
	HASHGUARD_APPROVAL_F_EXCL = 1U << 0,

	HASHGUARD_APPROVAL_F_MASK = HASHGUARD_APPROVAL_F_EXCL
};

/**
 * enum hashguard_approval_state - where an approval stands
 * @HASHGUARD_APPROVAL_PENDING: its NOT_BEFORE time has not come yet
 * @HASHGUARD_APPROVAL_ACTIVE: valid now
 */
enum hashguard_approval_state {
	HASHGUARD_APPROVAL_PENDING,
	HASHGUARD_APPROVAL_ACTIVE,
};

/**
 * enum hashguard_approval_end - why an approval was removed
 * @HASHGUARD_APPROVAL_END_UNSPEC: unused
 * @HASHGUARD_APPROVAL_END_REVOKED: revoked with %HASHGUARD_CMD_DEL_APPROVAL
 * @HASHGUARD_APPROVAL_END_EXPIRED: its expiry time passed
 */
enum hashguard_approval_end {
	HASHGUARD_APPROVAL_END_UNSPEC,
	HASHGUARD_APPROVAL_END_REVOKED,
	HASHGUARD_APPROVAL_END_EXPIRED,
};

/**
 * enum hashguard_action_attr - attributes inside %HASHGUARD_A_ACTION
 * @HASHGUARD_ACTION_A_UNSPEC: unused
 * @HASHGUARD_ACTION_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_ACTION_A_TGID: u32 process acted on (required, at least 1)
 * @HASHGUARD_ACTION_A_START_TIME: u64 its start time, as in
 *	%HASHGUARD_TASK_A_START_TIME
 * @HASHGUARD_ACTION_A_KIND: u8 &enum hashguard_action (required)
 * @HASHGUARD_ACTION_A_OUTCOME: u8 &enum hashguard_outcome (required)
 * @HASHGUARD_ACTION_A_REASON: string, the authority for the action (the
 *	policy, or the approval whose end led to it), see
 *	%HASHGUARD_ACTION_TEXT_MAX
 * @HASHGUARD_ACTION_A_DETAIL: string, what was done and verified
 * @__HASHGUARD_ACTION_A_MAX: internal
 * @HASHGUARD_ACTION_A_MAX: highest attribute number
 */
enum hashguard_action_attr {
	HASHGUARD_ACTION_A_UNSPEC,
	HASHGUARD_ACTION_A_PAD,
	HASHGUARD_ACTION_A_TGID,
	HASHGUARD_ACTION_A_START_TIME,
	HASHGUARD_ACTION_A_KIND,
	HASHGUARD_ACTION_A_OUTCOME,
	HASHGUARD_ACTION_A_REASON,
	HASHGUARD_ACTION_A_DETAIL,

	__HASHGUARD_ACTION_A_MAX,
	HASHGUARD_ACTION_A_MAX = __HASHGUARD_ACTION_A_MAX - 1
};

/**
 * enum hashguard_action - what a policy agent did
 * @HASHGUARD_ACTION_UNSPEC: unused
 * @HASHGUARD_ACTION_AUDIT: recorded only
 * @HASHGUARD_ACTION_THROTTLE: cgroup v2 cpu.max quota on its cgroup
 * @HASHGUARD_ACTION_IDLE: SCHED_IDLE on every thread
 * @HASHGUARD_ACTION_FREEZE: cgroup.freeze of its cgroup
 * @HASHGUARD_ACTION_KILL: SIGKILL
 * @HASHGUARD_ACTION_RESTORE: an earlier throttle, idle or freeze lifted
 * @HASHGUARD_ACTION_TAMPER: an enforcement in force found undone (its
 *	cgroup file rewritten, the process moved out of the cgroup, a thread
 *	out of SCHED_IDLE); the detail names what changed and where the
 *	enforcement is applied again
 * @__HASHGUARD_ACTION_MAX: internal
 * @HASHGUARD_ACTION_MAX: highest action
 */
enum hashguard_action {
	HASHGUARD_ACTION_UNSPEC,
	HASHGUARD_ACTION_AUDIT,
	HASHGUARD_ACTION_THROTTLE,
	HASHGUARD_ACTION_IDLE,
	HASHGUARD_ACTION_FREEZE,
	HASHGUARD_ACTION_KILL,
	HASHGUARD_ACTION_RESTORE,
	HASHGUARD_ACTION_TAMPER,

	__HASHGUARD_ACTION_MAX,
	HASHGUARD_ACTION_MAX = __HASHGUARD_ACTION_MAX - 1
};

/**
 * enum hashguard_outcome - the outcome of an action
 * @HASHGUARD_OUTCOME_UNSPEC: unused
 * @HASHGUARD_OUTCOME_VERIFIED: done, and its effect checked
 * @HASHGUARD_OUTCOME_FAILED: not done, or its effect not seen
 * @__HASHGUARD_OUTCOME_MAX: internal
 * @HASHGUARD_OUTCOME_MAX: highest outcome
 */
enum hashguard_outcome {
	HASHGUARD_OUTCOME_UNSPEC,
	HASHGUARD_OUTCOME_VERIFIED,
	HASHGUARD_OUTCOME_FAILED,

	__HASHGUARD_OUTCOME_MAX,
	HASHGUARD_OUTCOME_MAX = __HASHGUARD_OUTCOME_MAX - 1
};

/**
 * enum hashguard_caller_attr - attributes inside %HASHGUARD_A_CALLER
 * @HASHGUARD_CALLER_A_UNSPEC: unused
 * @HASHGUARD_CALLER_A_UID: u32 uid, in the initial user namespace
 * @HASHGUARD_CALLER_A_PID: u32 process id, in the initial pid namespace
 * @HASHGUARD_CALLER_A_COMM: string, its comm
 * @__HASHGUARD_CALLER_A_MAX: internal
 * @HASHGUARD_CALLER_A_MAX: highest attribute number
 */
enum hashguard_caller_attr {
	HASHGUARD_CALLER_A_UNSPEC,
	HASHGUARD_CALLER_A_UID,
	HASHGUARD_CALLER_A_PID,
	HASHGUARD_CALLER_A_COMM,

	__HASHGUARD_CALLER_A_MAX,
	HASHGUARD_CALLER_A_MAX = __HASHGUARD_CALLER_A_MAX - 1
};

#endif /* _UAPI_LINUX_HASHGUARD_H */
