/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardd's core: it follows the module (notifications, and dumps when
 * they were lost), keeps what it knows of each flagged process, asks the
 * policy what to do, has enforce.c do it and check it, reports the
 * outcome to the module and writes every step to the ledger.
 */
#ifndef HG_AGENT_H
#define HG_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hgnl.h"
#include "ledger.h"
#include "policy.h"

/* Seconds between looks at the module (is it still the same one?). */
#define HG_AGENT_TICK_S		2
/* Milliseconds between looks at every enforcement in force (is it still there?). */
#define HG_AGENT_HOLD_MS	500
/* Seconds before a failed action is tried again. */
#define HG_AGENT_RETRY_S	30

/**
 * struct hg_agent_stats - what the agent has done since it started
 * @events: notifications handled
 * @resyncs: resynchronisations from the dumps
 * @overflows: of which after the socket overflowed
 * @actions: actions taken (verified or not)
 * @failed: of which failed
 * @lifts: enforcements lifted
 * @restored: approvals and tenants pushed back into the kernel
 * @tampers: enforcements found undone (and applied again)
 */
struct hg_agent_stats {
	uint64_t events;
	uint64_t resyncs;
	uint64_t overflows;
	uint64_t actions;
	uint64_t failed;
	uint64_t lifts;
	uint64_t restored;
	uint64_t tampers;
};

struct hg_proc;

/**
 * struct hg_agent - the agent's state
 * @config_path: the policy file
 * @pol: the policy in force (the last good one)
 * @ledger: the ledger
 * @nl: request socket, NULL while the module is away
 * @mon: notification socket
 * @kcfg: the module's configuration (min_samples, clear_windows)
 * @load_time: the module's load time, to notice a reload
 * @gmem: the flags of cgroups, for grace_memory
 * @settle_ms: until then (hg_enf_now_ms()), a module loaded again has
 *	not placed the processes in their tenants yet
 * @procs: every process the agent follows (flagged, or acted on)
 * @tree: the same, by tgid and start time (tsearch())
 * @nprocs: how many
 * @resync: a resynchronisation is due; @resync_why says why
 * @resync_why: "start", "overflow", "module loaded", ...
 * @stop: SIGTERM or SIGINT arrived
 * @waiting_logged: "module not loaded" was said once
 * @stats: counts
 * @loop_hook: called at each turn of the main loop (at least every
 *	HG_AGENT_TICK_S), with @loop_arg; NULL: none.  The metrics use it.
 * @loop_arg: its argument
 */
struct hg_agent {
	const char *config_path;
	struct hg_policy pol;
	struct hgl_ledger *ledger;
	struct hgl_nl *nl;
	struct hgl_nl *mon;
	struct hgl_config kcfg;
	uint64_t load_time;
	uint64_t settle_ms;
	struct hg_grace_mem gmem;
	struct hg_proc *procs;
	void *tree;
	size_t nprocs;
	bool resync;
	const char *resync_why;
	bool stop;
	bool waiting_logged;
	struct hg_agent_stats stats;
	void (*loop_hook)(struct hg_agent *a, void *arg);
	void *loop_arg;
};

int hg_agent_init(struct hg_agent *a, const char *config_path,
		  const char *ledger_path, char *err, size_t errlen);
void hg_agent_fini(struct hg_agent *a);
int hg_agent_reload(struct hg_agent *a);
int hg_agent_run(struct hg_agent *a, int sigfd, void (*ready)(const char *));

void hg_agent_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* HG_AGENT_H */
