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
};

/* Passed to an hg_nl_event_fn instead of an enum hashguard_event. */
#define HG_NL_EVENTS_LOST	(-1)

/**
 * typedef hg_nl_event_fn - called by hg_nl_monitor_run() per event
 * @event: enum hashguard_event, or HG_NL_EVENTS_LOST when the socket's
 *	buffer overflowed and events were dropped (@t is then NULL)
 * @t: the process the event is about
 * @arg: the caller's argument
 *
 * Return: 0 to go on, anything else to make hg_nl_monitor_run() return it.
 */
typedef int (*hg_nl_event_fn)(int event, const struct hg_task *t, void *arg);

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

int hg_nl_monitor_open(struct hg_nl **hp);
int hg_nl_monitor_subscribe(struct hg_nl *h);
int hg_nl_monitor_fd(const struct hg_nl *h);
int hg_nl_monitor_run(struct hg_nl *h, hg_nl_event_fn fn, void *arg,
		      const sigset_t *wait_mask);

/* Stable names, for tables and JSON; NULL for values this tool does not know. */
const char *hg_config_name(unsigned int attr);
int hg_config_attr(const char *name);
uint32_t *hg_config_field(struct hg_config *cfg, unsigned int attr);
const char *hg_source_name(unsigned int source);
int hg_source_parse(const char *name);
const char *hg_state_name(unsigned int state);
const char *hg_event_name(int event);
const char *hg_feature_name(unsigned int feature);
bool hg_tenant_name_valid(const char *name);

/* Parsers of the reply attributes, exposed for the unit tests. */
int hg_nl_parse_config(struct nlattr *nest, struct hg_config *cfg);
int hg_nl_parse_tenant(struct nlattr *nest, struct hg_tenant *t);
int hg_nl_parse_task(struct nlattr *nest, struct hg_task *t);

/* Exposed for the unit tests and for tools that send their own requests. */
int hg_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len);
void hg_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len);
const char *hg_counter_name(unsigned int counter);

#endif /* HG_NL_H */
