/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one layer of the hashguard tools that speaks netlink (libnl-genl-3):
 * typed calls in, plain structs out, errors turned into one message.
 *
 * Every call returns 0 or a negative errno; after an error,
 * hgl_nl_error() gives a message for a person: the kernel's extended-ack
 * text as "kernel reports: ..." when it sent one, or a sentence naming
 * the usual causes (module not loaded, missing privilege).
 *
 * The names are hgl_ / HGL_, the kernel's hg_ / HG_.  Implemented by
 * names.c (the stable names, which are the module's own: kmod/names/),
 * nl_sock.c (the handle and the request machinery), one nl_*.c file per
 * object kind, and nl_monitor.c (notifications); see nl_internal.h.
 */
#ifndef HGL_NL_H
#define HGL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#include <linux/hashguard.h>

struct nlmsghdr;
struct nlattr;
struct hgl_nl;

/**
 * struct hgl_status - the reply to HASHGUARD_CMD_GET_STATUS
 * @version: module version
 * @genl_version: version of the netlink family
 * @uptime_ns: nanoseconds since the module loaded
 * @load_time: load time, seconds since the epoch
 * @counters: counter values, indexed by enum hashguard_counter
 * @have: which @counters the module sent (bit n for counter n)
 */
struct hgl_status {
	char version[32];
	unsigned int genl_version;
	uint64_t uptime_ns;
	uint64_t load_time;
	uint64_t counters[64];
	uint64_t have;
};

/* Bit of @have in struct hgl_config for enum hashguard_config_attr @a. */
#define HGL_CONFIG_BIT(a)	(1U << (a))

/**
 * struct hgl_config - the run-time configuration (HASHGUARD_A_CONFIG)
 * @have: which fields are set: HGL_CONFIG_BIT(HASHGUARD_CONFIG_A_*); in a
 *	reply the fields the module sent, for hgl_nl_set_config() the ones to
 *	change
 * @sample_hz: HASHGUARD_CONFIG_A_SAMPLE_HZ
 * @sample_source: HASHGUARD_CONFIG_A_SAMPLE_SOURCE, enum
 *	hashguard_sample_source
 * @window_ms: HASHGUARD_CONFIG_A_WINDOW_MS
 * @flag_threshold: HASHGUARD_CONFIG_A_FLAG_THRESHOLD
 * @clear_threshold: HASHGUARD_CONFIG_A_CLEAR_THRESHOLD
 * @flag_windows: HASHGUARD_CONFIG_A_FLAG_WINDOWS
 * @clear_windows: HASHGUARD_CONFIG_A_CLEAR_WINDOWS
 * @min_samples: HASHGUARD_CONFIG_A_MIN_SAMPLES
 * @max_tasks: HASHGUARD_CONFIG_A_MAX_TASKS
 */
struct hgl_config {
	uint32_t have;
	uint32_t sample_hz;
	uint32_t sample_source;
	uint32_t window_ms;
	uint32_t flag_threshold;
	uint32_t clear_threshold;
	uint32_t flag_windows;
	uint32_t clear_windows;
	uint32_t min_samples;
	uint32_t max_tasks;
};

/**
 * struct hgl_tenant - one tenant (HASHGUARD_A_TENANT)
 * @id: tenant id (HASHGUARD_TENANT_HOST for the host tenant)
 * @name: its name
 * @cgroup: cgroup v2 path from the root of the hierarchy; "" if not sent
 * @cgroup_id: cgroup id (inode number of its directory)
 * @processes: gauge, tracked processes
 * @flagged: gauge, flagged processes
 * @cgroup_gone: the cgroup has been removed
 */
struct hgl_tenant {
	uint32_t id;
	char name[HASHGUARD_TENANT_NAME_MAX];
	char cgroup[HASHGUARD_CGROUP_PATH_MAX];
	uint64_t cgroup_id;
	uint32_t processes;
	uint32_t flagged;
	bool cgroup_gone;
};

/* Bit of @have in struct hgl_task for enum hashguard_task_attr @a. */
#define HGL_TASK_BIT(a)		(1U << (a))
/* Features kept, known ones and newer ones alike (see hgl_feature_name()). */
#define HGL_FEATURES_MAX		32

/**
 * struct hgl_task - one tracked process (HASHGUARD_A_TASK)
 * @have: attributes the module sent, HGL_TASK_BIT(HASHGUARD_TASK_A_*)
 * @tgid: process id
 * @pid: thread id of the thread with the most samples in the last window
 * @comm: the process's comm
 * @start_time: start of the process, ns since boot (CLOCK_MONOTONIC)
 * @tenant_id: tenant id
 * @tenant: tenant name
 * @state: enum hashguard_state
 * @score: score of the last window, 0 to HASHGUARD_SCORE_MAX
 * @threads: tracked threads
 * @samples: samples since tracking started
 * @flagged_time: when last flagged, seconds since the epoch (0: never)
 * @features: features of the window, indexed by enum hashguard_feature
 * @features_have: which @features the module sent (bit n for feature n)
 * @exe: path of the executable, malloc()ed, NULL if not sent (suspect
 *	and flagged processes only); hgl_task_release() frees it
 * @approval_id: id of the approval covering the process (valid when
 *	@have has HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID))
 * @approval_ref: that approval's reference, "" if none
 */
struct hgl_task {
	uint32_t have;
	uint32_t tgid;
	uint32_t pid;
	char comm[64];
	uint64_t start_time;
	uint32_t tenant_id;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	uint32_t state;
	uint32_t score;
	uint32_t threads;
	uint64_t samples;
	uint64_t flagged_time;
	uint32_t features[HGL_FEATURES_MAX];
	uint32_t features_have;
	char *exe;
	uint32_t approval_id;
	char approval_ref[HASHGUARD_APPROVAL_REF_MAX];
};

void hgl_task_release(struct hgl_task *t);
void hgl_task_list_free(struct hgl_task *tasks, size_t n);

/* Bit of @have in struct hgl_approval for enum hashguard_approval_attr @a. */
#define HGL_APPROVAL_BIT(a)	(1U << (a))

/**
 * struct hgl_approval - one approval (HASHGUARD_A_APPROVAL)
 * @have: attributes the module sent, HGL_APPROVAL_BIT(HASHGUARD_APPROVAL_A_*)
 * @id: approval id, given by the kernel
 * @tenant_id: id of its tenant
 * @tenant: name of its tenant
 * @ref: the written approval's identifier (unique within the tenant)
 * @exe: the one executable covered; "" for the whole tenant
 * @not_before: start of validity, seconds since the epoch (0: from the
 *	grant)
 * @expires: end of validity, seconds since the epoch (0: never)
 * @granted_by: uid of the caller that granted it
 * @granted_time: when it was granted, seconds since the epoch
 * @state: enum hashguard_approval_state
 * @end: enum hashguard_approval_end (removals only; 0 otherwise)
 * @covered: gauge, flagged and suspect processes it covers
 *
 * As a request (hgl_nl_approval_set()), only @ref, @exe, @not_before and
 * @expires are read; 0 and "" mean "not sent".
 */
struct hgl_approval {
	uint32_t have;
	uint32_t id;
	uint32_t tenant_id;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char ref[HASHGUARD_APPROVAL_REF_MAX];
	char exe[HASHGUARD_EXE_PATH_MAX];
	uint64_t not_before;
	uint64_t expires;
	uint32_t granted_by;
	uint64_t granted_time;
	uint32_t state;
	uint32_t end;
	uint32_t covered;
};

/**
 * struct hgl_action - an action a policy agent took (HASHGUARD_A_ACTION)
 * @tgid: the process acted on
 * @start_time: its start time as in struct hgl_task (0: not sent)
 * @kind: enum hashguard_action
 * @outcome: enum hashguard_outcome
 * @reason: on whose authority (the policy, or an approval), or NULL
 * @detail: what was done and verified, or NULL
 */
struct hgl_action {
	uint32_t tgid;
	uint64_t start_time;
	uint32_t kind;
	uint32_t outcome;
	const char *reason;
	const char *detail;
};

/**
 * struct hgl_caller - who made a change (HASHGUARD_A_CALLER)
 * @present: the notification named a caller (false: made by the kernel,
 *	e.g. an expiry)
 * @uid: uid, in the initial user namespace
 * @pid: process id, in the initial pid namespace
 * @comm: its comm
 */
struct hgl_caller {
	bool present;
	uint32_t uid;
	uint32_t pid;
	char comm[64];
};

/* Passed in struct hgl_notif @event when notifications were lost. */
#define HGL_NL_EVENTS_LOST	(-1)

/* Multicast groups for hgl_nl_monitor_subscribe(). */
#define HGL_NL_GROUP_DETECT	(1U << 0)	/* HASHGUARD_MCGRP_DETECT */
#define HGL_NL_GROUP_CONFIG	(1U << 1)	/* HASHGUARD_MCGRP_CONFIG */
#define HGL_NL_GROUP_ALL		(HGL_NL_GROUP_DETECT | HGL_NL_GROUP_CONFIG)

/**
 * enum hgl_notif_type - what a struct hgl_notif holds
 * @HGL_NOTIF_LOST: the socket's buffer overflowed and notifications were
 *	lost (@event is HGL_NL_EVENTS_LOST); read the state again with the
 *	dumps
 * @HGL_NOTIF_DETECTION: a detection event ("detect" group): @event, @u.task
 * @HGL_NOTIF_CONFIG: a change of state ("config" group): @cmd, @caller and,
 *	by @cmd, @u.tenant (NEW/DEL_TENANT), @u.approval (NEW/DEL_APPROVAL)
 *	or @u.config (SET_CONFIG)
 */
enum hgl_notif_type {
	HGL_NOTIF_LOST,
	HGL_NOTIF_DETECTION,
	HGL_NOTIF_CONFIG,
};

/**
 * struct hgl_notif - one notification, of either multicast group
 * @type: enum hgl_notif_type
 * @event: enum hashguard_event (detection), HGL_NL_EVENTS_LOST (lost)
 * @cmd: enum hashguard_cmd of a config notification
 * @caller: who made the change (config notifications)
 * @u: the object, as @type and @cmd say
 * @u.task: the process of a detection event
 * @u.tenant: the tenant added or removed
 * @u.approval: the approval granted, replaced or removed
 * @u.config: the whole new configuration
 */
struct hgl_notif {
	int type;
	int event;
	unsigned int cmd;
	struct hgl_caller caller;
	union {
		struct hgl_task task;
		struct hgl_tenant tenant;
		struct hgl_approval approval;
		struct hgl_config config;
	} u;
};

/**
 * typedef hgl_nl_notif_fn - called by hgl_nl_monitor_run() per notification
 * @n: the notification (only valid during the call)
 * @arg: the caller's argument
 *
 * Return: 0 to go on, anything else to make hgl_nl_monitor_run() return it.
 */
typedef int (*hgl_nl_notif_fn)(const struct hgl_notif *n, void *arg);

int hgl_nl_open(struct hgl_nl **hp);
void hgl_nl_close(struct hgl_nl *h);
const char *hgl_nl_error(const struct hgl_nl *h);
int hgl_nl_get_status(struct hgl_nl *h, struct hgl_status *st);
int hgl_nl_send_attr(struct hgl_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len);

int hgl_nl_get_config(struct hgl_nl *h, struct hgl_config *cfg);
int hgl_nl_set_config(struct hgl_nl *h, const struct hgl_config *set,
		     struct hgl_config *now);

int hgl_nl_tenant_add(struct hgl_nl *h, const char *name, const char *cgroup,
		     struct hgl_tenant *out);
int hgl_nl_tenant_del(struct hgl_nl *h, const char *name);
int hgl_nl_tenant_list(struct hgl_nl *h, struct hgl_tenant **tenants,
		      size_t *n);

int hgl_nl_task_list(struct hgl_nl *h, const char *tenant, uint32_t state_mask,
		    struct hgl_task **tasks, size_t *n);
int hgl_nl_task_get(struct hgl_nl *h, uint32_t tgid, uint64_t start_time,
		   struct hgl_task *t);

int hgl_nl_approval_set(struct hgl_nl *h, const char *tenant,
		       const struct hgl_approval *req, bool excl,
		       struct hgl_approval *out);
int hgl_nl_approval_del(struct hgl_nl *h, const char *tenant, const char *ref,
		       struct hgl_approval *out);
int hgl_nl_approval_get(struct hgl_nl *h, const char *tenant, const char *ref,
		       struct hgl_approval *out);
int hgl_nl_approval_list(struct hgl_nl *h, const char *tenant,
			struct hgl_approval **approvals, size_t *n);

int hgl_nl_action_report(struct hgl_nl *h, const struct hgl_action *act);

int hgl_nl_monitor_open(struct hgl_nl **hp, unsigned int groups);
int hgl_nl_monitor_subscribe(struct hgl_nl *h, unsigned int groups);
unsigned int hgl_nl_monitor_groups(const struct hgl_nl *h);
int hgl_nl_monitor_fd(const struct hgl_nl *h);
int hgl_nl_monitor_run(struct hgl_nl *h, hgl_nl_notif_fn fn, void *arg,
		      const sigset_t *wait_mask);
int hgl_nl_monitor_dispatch(struct hgl_nl *h, hgl_nl_notif_fn fn, void *arg);

/* Stable names, for tables and JSON; NULL for values this tool does not know. */
const char *hgl_config_name(unsigned int attr);
int hgl_config_attr(const char *name);
uint32_t *hgl_config_field(struct hgl_config *cfg, unsigned int attr);
const char *hgl_source_name(unsigned int source);
int hgl_source_parse(const char *name);
const char *hgl_state_name(unsigned int state);
const char *hgl_event_name(int event);
const char *hgl_feature_name(unsigned int feature);
const char *hgl_action_name(unsigned int kind);
int hgl_action_parse(const char *name);
const char *hgl_outcome_name(unsigned int outcome);
int hgl_outcome_parse(const char *name);
const char *hgl_approval_state_name(unsigned int state);
const char *hgl_approval_end_name(unsigned int end);
const char *hgl_cmd_name(unsigned int cmd);
bool hgl_tenant_name_valid(const char *name);
bool hgl_approval_ref_valid(const char *ref);

/* Parsers of the reply attributes, exposed for the unit tests. */
int hgl_nl_parse_config(struct nlattr *nest, struct hgl_config *cfg);
int hgl_nl_parse_tenant(struct nlattr *nest, struct hgl_tenant *t);
int hgl_nl_parse_task(struct nlattr *nest, struct hgl_task *t);
int hgl_nl_parse_approval(struct nlattr *nest, struct hgl_approval *a);
int hgl_nl_parse_caller(struct nlattr *nest, struct hgl_caller *c);
int hgl_nl_parse_notif(const struct nlmsghdr *nlh, struct hgl_notif *n);
void hgl_notif_release(struct hgl_notif *n);

/* Exposed for the unit tests and for tools that send their own requests. */
int hgl_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);
int hgl_nl_extack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		 char *buf, size_t len);
int hgl_nl_attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf,
		    size_t len);
void hgl_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len);
const char *hgl_counter_name(unsigned int counter);

/**
 * typedef hgl_nl_dump_fn - one attempt at a dump, for hgl_nl_dump_retry()
 * @arg: the caller's argument
 * @intr: set to true when a message of the dump had NLM_F_DUMP_INTR
 *
 * Return: 0 or -errno (a failure is not retried).
 */
typedef int (*hgl_nl_dump_fn)(void *arg, bool *intr);

/* Dumps that keep racing with changes are read this many times more. */
#define HGL_DUMP_RETRIES	10

int hgl_nl_dump_retry(hgl_nl_dump_fn once, void *arg, const char *what,
		     char *err, size_t errlen);

#endif /* HGL_NL_H */
