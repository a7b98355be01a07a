/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardd's Prometheus metrics: a text-format file for node_exporter's
 * textfile collector (Documentation/admin-guide/agent.rst, "Metrics"),
 * written to a temporary file in the same directory and renamed over the
 * old one, so that a scrape never reads half a file.
 *
 * Split in three: hg_metrics_collect() gathers a snapshot (the module's
 * status, its flagged processes and approvals, the enforcements in the
 * ledger, the agent's counts), hg_metrics_format() turns a snapshot into
 * text and nothing else (the unit tests call it with made-up snapshots),
 * hg_metrics_write_file() puts the text in place.  Every series is
 * labelled by tenant, action kind, outcome, state or record kind at most:
 * never by pid, comm or exe, which would make one series per process.
 */
#ifndef HG_METRICS_H
#define HG_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "hgnl.h"

struct hg_agent;

/* Seconds between two writes when --metrics-interval is not given. */
#define HG_METRICS_INTERVAL_S	10
/* Distinct (tenant, kind, outcome) action counters kept at most. */
#define HG_METRICS_MAX_ACTIONS	1024

/* The record kinds of the ledger, as hashguard_ledger_records_total has them. */
enum hg_metrics_record {
	HG_MREC_DETECTION,
	HG_MREC_ACTION,
	HG_MREC_APPROVAL,
	HG_MREC_TENANT,
	HG_MREC_AGENT,
	HG_MREC_MAX
};

/**
 * struct hg_metrics_action - one action counter
 * @tenant: the tenant of the process acted on
 * @kind: "throttle", "kill", ... as in the ledger
 * @outcome: "verified" or "failed"
 * @n: records seen since the agent started
 */
struct hg_metrics_action {
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char kind[16];
	char outcome[16];
	uint64_t n;
};

/**
 * struct hg_metrics_tenant - the gauges of one tenant
 * @name: its name ("host" for processes outside every tenant)
 * @processes: processes the module has flagged now
 * @cgroups: distinct cgroups (v2) those processes are in
 * @approvals: approvals the module holds, by enum hashguard_approval_state
 * @enforced: enforcements in place (the ledger's), by enum hashguard_action
 */
struct hg_metrics_tenant {
	char name[HASHGUARD_TENANT_NAME_MAX];
	uint64_t processes;
	uint64_t cgroups;
	uint64_t approvals[2];
	uint64_t enforced[HASHGUARD_ACTION_RESTORE];
};

/**
 * struct hg_metrics_snapshot - what one write of the file shows
 * @module_up: the module answered GET_STATUS
 * @status: its answer (valid when @module_up)
 * @tenants: per-tenant gauges, every tenant the module or the ledger knows
 * @ntenants: how many
 * @actions: action counters since the agent started
 * @nactions: how many
 * @records: ledger records written since the agent started, by kind
 * @tamper: enforcements found undone since the agent started
 * @ledger_bytes: size of the ledger's files (database and WAL)
 * @start_time: when the agent started, seconds since the epoch
 * @stats: the agent's own counts (struct hg_agent_stats, copied)
 */
struct hg_metrics_snapshot {
	bool module_up;
	struct hgl_status status;
	struct hg_metrics_tenant *tenants;
	size_t ntenants;
	const struct hg_metrics_action *actions;
	size_t nactions;
	uint64_t records[HG_MREC_MAX];
	uint64_t tamper;
	uint64_t ledger_bytes;
	uint64_t start_time;
	struct {
		uint64_t events, resyncs, overflows, actions, failed, lifts,
			 restored;
	} stats;
};

/**
 * struct hg_metrics - the metrics writer of one agent
 * @path: the file to write; NULL: no metrics
 * @ledger_path: the ledger, whose size is shown
 * @interval_ms: milliseconds between two writes
 * @next_ms: when the next write is due (hg_enf_now_ms() clock)
 * @failing: the last write failed (said once, until one succeeds)
 * @start_time: when the agent started
 * @actions: the action counters, fed by hg_metrics_record()
 * @nactions: how many
 * @records: records by kind, likewise
 * @tamper: tamper records (action "tamper") seen, fed likewise
 */
struct hg_metrics {
	const char *path;
	const char *ledger_path;
	uint64_t interval_ms;
	uint64_t next_ms;
	bool failing;
	uint64_t start_time;
	struct hg_metrics_action *actions;
	size_t nactions;
	uint64_t records[HG_MREC_MAX];
	uint64_t tamper;
};

void hg_metrics_init(struct hg_metrics *m, const char *path,
		     const char *ledger_path, unsigned int interval_s);
void hg_metrics_fini(struct hg_metrics *m);
void hg_metrics_record(struct hg_metrics *m, json_t *rec);
int hg_metrics_format(FILE *f, const struct hg_metrics_snapshot *s);
int hg_metrics_write_file(const char *path, const char *text, size_t len);
int hg_metrics_collect(struct hg_metrics *m, struct hg_agent *a,
		       struct hg_metrics_snapshot *s);
void hg_metrics_snapshot_free(struct hg_metrics_snapshot *s);
int hg_metrics_write(struct hg_metrics *m, struct hg_agent *a);
void hg_metrics_tick(struct hg_agent *a, void *arg);

#endif /* HG_METRICS_H */
