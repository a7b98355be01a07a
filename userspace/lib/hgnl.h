/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one layer of the hashguard tools that speaks netlink (libnl-genl-3):
 * typed calls in, plain structs out, errors turned into one message.
 *
 * Every call returns 0 or a negative errno; after an error,
 * hg_nl_error() gives a message for a person: the kernel's extended-ack
 * text as "kernel reports: ..." when it sent one, or a sentence naming
 * the usual causes (module not loaded, missing privilege).
 */
#ifndef HG_NL_H
#define HG_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#include <linux/hashguard.h>

struct nlmsghdr;
struct nlattr;
struct hg_nl;

/**
 * struct hg_status - the reply to HASHGUARD_CMD_GET_STATUS
 * @version: module version
 * @genl_version: version of the netlink family
 * @uptime_ns: nanoseconds since the module loaded
 * @load_time: load time, seconds since the epoch
 * @counters: counter values, indexed by enum hashguard_counter
 * @have: which @counters the module sent (bit n for counter n)
 */
struct hg_status {
	char version[32];
	unsigned int genl_version;
	uint64_t uptime_ns;
	uint64_t load_time;
	uint64_t counters[64];
	uint64_t have;
};

/* Bit of @have in struct hg_config for enum hashguard_config_attr @a. */
#define HG_CONFIG_BIT(a)	(1U << (a))

/**
 * struct hg_config - the run-time configuration (HASHGUARD_A_CONFIG)
 * @have: which fields are set: HG_CONFIG_BIT(HASHGUARD_CONFIG_A_*); in a
 *	reply the fields the module sent, for hg_nl_set_config() the ones to
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
struct hg_config {
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
 * struct hg_tenant - one tenant (HASHGUARD_A_TENANT)
 * @id: tenant id (HASHGUARD_TENANT_HOST for the host tenant)
 * @name: its name
 * @cgroup: cgroup v2 path from the root of the hierarchy; "" if not sent
 * @cgroup_id: cgroup id (inode number of its directory)
 * @processes: gauge, tracked processes
 * @flagged: gauge, flagged processes
 * @cgroup_gone: the cgroup has been removed
 */
struct hg_tenant {
	uint32_t id;
	char name[HASHGUARD_TENANT_NAME_MAX];
	char cgroup[HASHGUARD_CGROUP_PATH_MAX];
	uint64_t cgroup_id;
	uint32_t processes;
	uint32_t flagged;
	bool cgroup_gone;
};

/* Bit of @have in struct hg_task for enum hashguard_task_attr @a. */
#define HG_TASK_BIT(a)		(1U << (a))
/* Features kept, known ones and newer ones alike (see hg_feature_name()). */
#define HG_FEATURES_MAX		32

/**
 * struct hg_task - one tracked process (HASHGUARD_A_TASK)
 * @have: attributes the module sent, HG_TASK_BIT(HASHGUARD_TASK_A_*)
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
 *	and flagged processes only); hg_task_release() frees it
 * @approval_id: id of the approval covering the process (valid when
 *	@have has HG_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID))
 * @approval_ref: that approval's reference, "" if none
 */
struct hg_task {
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
	uint32_t features[HG_FEATURES_MAX];
	uint32_t features_have;
	char *exe;
	uint32_t approval_id;
	char approval_ref[HASHGUARD_APPROVAL_REF_MAX];
};

void hg_task_release(struct hg_task *t);
void hg_task_list_free(struct hg_task *tasks, size_t n);

/* Bit of @have in struct hg_approval for enum hashguard_approval_attr @a. */
#define HG_APPROVAL_BIT(a)	(1U << (a))

/**
 * struct hg_approval - one approval (HASHGUARD_A_APPROVAL)
 * @have: attributes the module sent, HG_APPROVAL_BIT(HASHGUARD_APPROVAL_A_*)
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
 * As a request (hg_nl_approval_set()), only @ref, @exe, @not_before and
 * @expires are read; 0 and "" mean "not sent".
 */
struct hg_approval {
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
 * struct hg_action - an action a policy agent took (HASHGUARD_A_ACTION)
 * @tgid: the process acted on
 * @start_time: its start time as in struct hg_task (0: not sent)
 * @kind: enum hashguard_action
 * @outcome: enum hashguard_outcome
 * @reason: on whose authority (the policy, or an approval), or NULL
 * @detail: what was done and verified, or NULL
 */
struct hg_action {
	uint32_t tgid;
	uint64_t start_time;
	uint32_t kind;
	uint32_t outcome;
	const char *reason;
	const char *detail;
};

/**
 * struct hg_caller - who made a change (HASHGUARD_A_CALLER)
 * @present: the notification named a caller (false: made by the kernel,
 *	e.g. an expiry)
 * @uid: uid, in the initial user namespace
 * @pid: process id, in the initial pid namespace
 * @comm: its comm
 */
struct hg_caller {
	bool present;
	uint32_t uid;
	uint32_t pid;
	char comm[64];
};

/* Passed in struct hg_notif @event when notifications were lost. */
#define HG_NL_EVENTS_LOST	(-1)

/* Multicast groups for hg_nl_monitor_subscribe(). */
#define HG_NL_GROUP_DETECT	(1U << 0)	/* HASHGUARD_MCGRP_DETECT */
#define HG_NL_GROUP_CONFIG	(1U << 1)	/* HASHGUARD_MCGRP_CONFIG */
#define HG_NL_GROUP_ALL		(HG_NL_GROUP_DETECT | HG_NL_GROUP_CONFIG)

/**
 * enum hg_notif_type - what a struct hg_notif holds
 * @HG_NOTIF_LOST: the socket's buffer overflowed and notifications were
 *	lost (@event is HG_NL_EVENTS_LOST); read the state again with the
 *	dumps
 * @HG_NOTIF_DETECTION: a detection event ("detect" group): @event, @u.task
 * @HG_NOTIF_CONFIG: a change of state ("config" group): @cmd, @caller and,
 *	by @cmd, @u.tenant (NEW/DEL_TENANT), @u.approval (NEW/DEL_APPROVAL)
 *	or @u.config (SET_CONFIG)
 */
enum hg_notif_type {
	HG_NOTIF_LOST,
	HG_NOTIF_DETECTION,
	HG_NOTIF_CONFIG,
};

/**
 * struct hg_notif - one notification, of either multicast group
 * @type: enum hg_notif_type
 * @event: enum hashguard_event (detection), HG_NL_EVENTS_LOST (lost)
 * @cmd: enum hashguard_cmd of a config notification
 * @caller: who made the change (config notifications)
 * @u: the object, as @type and @cmd say
 * @u.task: the process of a detection event
 * @u.tenant: the tenant added or removed
 * @u.approval: the approval granted, replaced or removed
 * @u.config: the whole new configuration
 */
struct hg_notif {
	int type;
	int event;
	unsigned int cmd;
	struct hg_caller caller;
	union {
		struct hg_task task;
		struct hg_tenant tenant;
		struct hg_approval approval;
		struct hg_config config;
	} u;
};

/**
 * typedef hg_nl_notif_fn - called by hg_nl_monitor_run() per notification
 * @n: the notification (only valid during the call)
 * @arg: the caller's argument
 *
 * Return: 0 to go on, anything else to make hg_nl_monitor_run() return it.
 */
typedef int (*hg_nl_notif_fn)(const struct hg_notif *n, void *arg);

int hg_nl_open(struct hg_nl **hp);
void hg_nl_close(struct hg_nl *h);
const char *hg_nl_error(const struct hg_nl *h);
int hg_nl_get_status(struct hg_nl *h, struct hg_status *st);
int hg_nl_send_attr(struct hg_nl *h, uint8_t cmd, uint16_t type,
		    const void *data, size_t len);

int hg_nl_get_config(struct hg_nl *h, struct hg_config *cfg);
int hg_nl_set_config(struct hg_nl *h, const struct hg_config *set,
		     struct hg_config *now);

int hg_nl_tenant_add(struct hg_nl *h, const char *name, const char *cgroup,
		     struct hg_tenant *out);
int hg_nl_tenant_del(struct hg_nl *h, const char *name);
int hg_nl_tenant_list(struct hg_nl *h, struct hg_tenant **tenants,
		      size_t *n);

int hg_nl_task_list(struct hg_nl *h, const char *tenant, uint32_t state_mask,
		    struct hg_task **tasks, size_t *n);
int hg_nl_task_get(struct hg_nl *h, uint32_t tgid, uint64_t start_time,
		   struct hg_task *t);

int hg_nl_approval_set(struct hg_nl *h, const char *tenant,
		       const struct hg_approval *req, bool excl,
		       struct hg_approval *out);
int hg_nl_approval_del(struct hg_nl *h, const char *tenant, const char *ref,
		       struct hg_approval *out);
int hg_nl_approval_get(struct hg_nl *h, const char *tenant, const char *ref,
		       struct hg_approval *out);
int hg_nl_approval_list(struct hg_nl *h, const char *tenant,
			struct hg_approval **approvals, size_t *n);

int hg_nl_action_report(struct hg_nl *h, const struct hg_action *act);

int hg_nl_monitor_open(struct hg_nl **hp, unsigned int groups);
int hg_nl_monitor_subscribe(struct hg_nl *h, unsigned int groups);
unsigned int hg_nl_monitor_groups(const struct hg_nl *h);
int hg_nl_monitor_fd(const struct hg_nl *h);
int hg_nl_monitor_run(struct hg_nl *h, hg_nl_notif_fn fn, void *arg,
		      const sigset_t *wait_mask);
int hg_nl_monitor_dispatch(struct hg_nl *h, hg_nl_notif_fn fn, void *arg);

/* Stable names, for tables and JSON; NULL for values this tool does not know. */
const char *hg_config_name(unsigned int attr);
int hg_config_attr(const char *name);
uint32_t *hg_config_field(struct hg_config *cfg, unsigned int attr);
const char *hg_source_name(unsigned int source);
int hg_source_parse(const char *name);
const char *hg_state_name(unsigned int state);
const char *hg_event_name(int event);
const char *hg_feature_name(unsigned int feature);
const char *hg_action_name(unsigned int kind);
int hg_action_parse(const char *name);
const char *hg_outcome_name(unsigned int outcome);
int hg_outcome_parse(const char *name);
const char *hg_approval_state_name(unsigned int state);
const char *hg_approval_end_name(unsigned int end);
const char *hg_cmd_name(unsigned int cmd);
bool hg_tenant_name_valid(const char *name);
bool hg_approval_ref_valid(const char *ref);

/* Parsers of the reply attributes, exposed for the unit tests. */
int hg_nl_parse_config(struct nlattr *nest, struct hg_config *cfg);
int hg_nl_parse_tenant(struct nlattr *nest, struct hg_tenant *t);
int hg_nl_parse_task(struct nlattr *nest, struct hg_task *t);
int hg_nl_parse_approval(struct nlattr *nest, struct hg_approval *a);
int hg_nl_parse_caller(struct nlattr *nest, struct hg_caller *c);
int hg_nl_parse_notif(const struct nlmsghdr *nlh, struct hg_notif *n);
void hg_notif_release(struct hg_notif *n);

/* Exposed for the unit tests and for tools that send their own requests. */
int hg_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);
int hg_nl_extack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		 char *buf, size_t len);
int hg_nl_attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf,
		    size_t len);
void hg_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len);
const char *hg_counter_name(unsigned int counter);

/**
 * typedef hg_nl_dump_fn - one attempt at a dump, for hg_nl_dump_retry()
 * @arg: the caller's argument
 * @intr: set to true when a message of the dump had NLM_F_DUMP_INTR
 *
 * Return: 0 or -errno (a failure is not retried).
 */
typedef int (*hg_nl_dump_fn)(void *arg, bool *intr);

/* Dumps that keep racing with changes are read this many times more. */
#define HG_DUMP_RETRIES	10

int hg_nl_dump_retry(hg_nl_dump_fn once, void *arg, const char *what,
		     char *err, size_t errlen);

#endif /* HG_NL_H */
