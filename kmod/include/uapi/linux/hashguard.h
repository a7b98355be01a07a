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
 * -ENAMETOOLONG and -ENOSPC beyond HASHGUARD_TENANTS_MAX tenants.  The
 * reply describes the new tenant as GET_TENANT does.
 *
 * DEL_TENANT takes HASHGUARD_A_TENANT with the NAME or the ID.  Processes
 * of a removed tenant belong, from the next window on, to the next
 * registered ancestor or to the host tenant.
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
 * Dump only: one message per tracked process, with HASHGUARD_A_TASK
 * (enum hashguard_task_attr).  A process is tracked from the first
 * user-mode sample of one of its threads (or, for the children of a
 * suspect or flagged process, from fork) until it exits; its threads
 * are aggregated.  Optional filters: HASHGUARD_A_TENANT with NAME or ID
 * (only that tenant's processes), HASHGUARD_A_STATE_MASK (bit n set:
 * include processes in enum hashguard_state n).  A dump that raced with
 * processes coming and going has NLM_F_DUMP_INTR set on a message; the
 * reader should start it again.
 *
 * Detection events
 * ----------------
 *
 * Multicast group HASHGUARD_MCGRP_DETECT ("detect"; joining it requires
 * CAP_NET_ADMIN) receives HASHGUARD_CMD_TASK_NTF messages:
 * HASHGUARD_A_EVENT (enum hashguard_event) and HASHGUARD_A_TASK as in the
 * dump, its features those of the window that caused the event.
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
 * @HASHGUARD_A_TASK: nested &enum hashguard_task_attr (reply only)
 * @HASHGUARD_A_EVENT: &enum hashguard_event (u8, notifications only)
 * @HASHGUARD_A_STATE_MASK: u32 filter, bit n selects &enum hashguard_state n
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

	__HASHGUARD_COUNTER_MAX,
	HASHGUARD_COUNTER_MAX = __HASHGUARD_COUNTER_MAX - 1
};

#define HASHGUARD_MCGRP_DETECT		"detect"

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
 * @__HASHGUARD_EVENT_MAX: internal
 * @HASHGUARD_EVENT_MAX: highest event
 */
enum hashguard_event {
	HASHGUARD_EVENT_UNSPEC,
	HASHGUARD_EVENT_FLAGGED,
	HASHGUARD_EVENT_CLEARED,
	HASHGUARD_EVENT_EXITED,

	__HASHGUARD_EVENT_MAX,
	HASHGUARD_EVENT_MAX = __HASHGUARD_EVENT_MAX - 1
};

/**
 * enum hashguard_task_attr - attributes inside %HASHGUARD_A_TASK
 * @HASHGUARD_TASK_A_UNSPEC: unused
 * @HASHGUARD_TASK_A_PAD: padding for 64-bit attributes
 * @HASHGUARD_TASK_A_TGID: u32 process id
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

#endif /* _UAPI_LINUX_HASHGUARD_H */
