/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The audit trail: one kernel log line per decision, in a stable
 * "key=value" format (Documentation/admin-guide/audit.rst).
 */
#ifndef _HG_AUDIT_H
#define _HG_AUDIT_H

#include <linux/hashguard.h>
#include <linux/seq_buf.h>
#include <linux/types.h>

/* Longest audit line, terminating NUL included. */
#define HG_AUDIT_LINE_MAX	512
/* Room kept at the end of every line for the truncation marker. */
#define HG_AUDIT_TAIL		sizeof(" truncated=1")

/**
 * struct hg_audit_line - an audit line being built
 * @sb: formatter over @buf, limited to leave %HG_AUDIT_TAIL spare
 * @good: length of the line after the last complete field
 * @truncated: a field did not fit and was left out
 * @buf: the text
 */
struct hg_audit_line {
	struct seq_buf sb;
	unsigned int good;
	bool truncated;
	char buf[HG_AUDIT_LINE_MAX];
};

void hg_audit_begin(struct hg_audit_line *l, u64 seq, const char *event);
void hg_audit_str(struct hg_audit_line *l, const char *key, const char *val);
void hg_audit_u64(struct hg_audit_line *l, const char *key, u64 val);
void hg_audit_s64(struct hg_audit_line *l, const char *key, s64 val);
const char *hg_audit_finish(struct hg_audit_line *l);

/**
 * enum hg_audit_bucket - the rate limit an audit line is subject to
 * @HG_AUDIT_ALWAYS: never limited: load, unload, and approvals set or
 *	revoked by a request
 * @HG_AUDIT_DETECTION: lines the module's own decisions make, which a
 *	tenant can provoke in numbers: flagged, cleared, covered, uncovered,
 *	and approval expiries
 * @HG_AUDIT_CONTROL: lines of privileged requests and of the agent's
 *	enforcement: action, tenant_add, tenant_del, config
 *
 * Each limited bucket has its own limit and its own "suppressed" lines,
 * so that a flood of detection lines cannot hold back a control line.
 */
enum hg_audit_bucket {
	HG_AUDIT_ALWAYS,
	HG_AUDIT_DETECTION,
	HG_AUDIT_CONTROL,
};

void hg_audit_emit(struct hg_audit_line *l, enum hg_audit_bucket bucket);

struct hg_approval_info;
struct hg_config;
struct hg_task_info;
struct hg_tenant_info;

/**
 * struct hg_audit_action - an action reported by a policy agent
 * @tgid: the process acted on
 * @kind: &enum hashguard_action
 * @outcome: &enum hashguard_outcome
 * @reason: on whose authority, or NULL
 * @detail: what was done and verified, or NULL
 */
struct hg_audit_action {
	u32 tgid;
	u8 kind;
	u8 outcome;
	const char *reason;
	const char *detail;
};

void hg_audit_task(enum hashguard_event ev, const struct hg_task_info *info);
void hg_audit_approval(const char *event, const struct hg_approval_info *info,
		       bool by_caller);
void hg_audit_action(const struct hg_audit_action *a,
		     const struct hg_task_info *ti);
void hg_audit_tenant(const char *event, const struct hg_tenant_info *info);
void hg_audit_config(const struct hg_config *old, const struct hg_config *new);

int hg_audit_init(void);
void hg_audit_exit(void);
void hg_audit_module_load(void);
void hg_audit_module_unload(u64 uptime_ns);
u64 hg_audit_lines(void);
u64 hg_audit_suppressed(void);

#endif /* _HG_AUDIT_H */
