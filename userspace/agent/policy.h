/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardd's policy: the configuration file (INI, parsed with inih) and
 * the pure decisions taken from it.  Nothing here touches the system, so
 * every decision is unit-tested (tests/unit/test_policy.c).
 *
 * The file has a [default] section and [tenant NAME] sections, each with
 * the keys
 *
 *	action = audit | throttle | idle | freeze | kill
 *	grace  = seconds to wait, after a process is flagged (or loses its
 *		 approval), before acting
 *	quota  = percent of one CPU for throttle, e.g. 10%
 *	grace_memory = seconds a cgroup's flag is remembered: a process
 *		 flagged in a cgroup where another was, less than this ago,
 *		 starts its grace from the first one's flag
 *	enforce_at = auto | cgroup | tenant: where throttle and freeze
 *		 start (enforce.h, enum hg_enf_at); tampering moves them to
 *		 the tenant's cgroup whatever this says
 *
 * A tenant section overrides the keys it sets and takes the others from
 * [default]; the host tenant takes "action = audit" unless a
 * [tenant host] section sets its action.
 */
#ifndef HG_POLICY_H
#define HG_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <linux/hashguard.h>

#include "enforce.h"

/* Built in, for keys that no section sets. */
#define HG_POLICY_ACTION_DEFAULT	HASHGUARD_ACTION_AUDIT
#define HG_POLICY_GRACE_DEFAULT		30
#define HG_POLICY_QUOTA_DEFAULT		10
#define HG_POLICY_AT_DEFAULT		HG_ENF_AT_AUTO
#define HG_POLICY_MEMORY_DEFAULT	600
/* Limits of the keys. */
#define HG_POLICY_GRACE_MAX		86400	/* one day */
#define HG_POLICY_QUOTA_MIN		1	/* cpu.max takes 1 ms in 100 ms */
#define HG_POLICY_QUOTA_MAX		100000	/* 1,000 CPUs */

/* Bits of struct hg_rule @set. */
#define HG_RULE_ACTION	(1U << 0)
#define HG_RULE_GRACE	(1U << 1)
#define HG_RULE_QUOTA	(1U << 2)
#define HG_RULE_AT	(1U << 3)
#define HG_RULE_MEMORY	(1U << 4)

/**
 * struct hg_rule - what to do with a flagged process that no approval covers
 * @action: enum hashguard_action, HASHGUARD_ACTION_AUDIT to _KILL
 * @grace: seconds to wait before acting
 * @quota: throttle quota, percent of one CPU
 * @at: enum hg_enf_at, where throttle and freeze start
 * @memory: grace_memory, seconds
 * @set: keys the section set (HG_RULE_*); the others are inherited
 */
struct hg_rule {
	unsigned int action;
	unsigned int grace;
	unsigned int quota;
	unsigned int at;
	unsigned int memory;
	unsigned int set;
};

/**
 * struct hg_tenant_rule - one [tenant NAME] section
 * @name: the tenant's name
 * @rule: its keys as written (resolved by hg_policy_rule())
 * @line: line of the section header, for messages
 */
struct hg_tenant_rule {
	char name[HASHGUARD_TENANT_NAME_MAX];
	struct hg_rule rule;
	int line;
};

/**
 * struct hg_policy - a whole configuration file
 * @path: the file it was read from ("" for a string)
 * @def: the [default] section, built-in values for the keys it leaves out
 * @tenants: the [tenant NAME] sections, in file order
 * @ntenants: how many
 */
struct hg_policy {
	char path[4096];
	struct hg_rule def;
	struct hg_tenant_rule *tenants;
	size_t ntenants;
};

/* Load @path; on error *@pol is untouched and @err names file and line. */
int hg_policy_load(const char *path, struct hg_policy *pol,
		   char *err, size_t errlen);
/* The same from a string (for tests; @name stands for the file in @err). */
int hg_policy_parse(const char *text, const char *name,
		    struct hg_policy *pol, char *err, size_t errlen);
void hg_policy_free(struct hg_policy *pol);

/**
 * hg_policy_rule() - the rule for a tenant, every key resolved
 * @pol: the policy
 * @tenant: the tenant's name ("host" for the host tenant)
 * @out: the rule
 *
 * Return: the authority, a static or @pol-owned string for the ledger:
 * "policy [tenant NAME]", "policy [default]" or "policy host default".
 */
const char *hg_policy_rule(const struct hg_policy *pol, const char *tenant,
			   struct hg_rule *out);

/* Write @pol back as a file (for "hashguardd --check-config"). */
void hg_policy_print(const struct hg_policy *pol, FILE *f);

/**
 * enum hg_decision - what the agent does about one flagged process now
 * @HG_DECIDE_NONE: nothing (not flagged, covered, or already enforced
 *	as the rule says)
 * @HG_DECIDE_WAIT: in its grace period; decide again at *@when
 * @HG_DECIDE_ACT: apply the rule's action
 * @HG_DECIDE_LIFT: lift the enforcement in place (restore)
 * @HG_DECIDE_KEEP: cleared, but only because the enforcement starved
 *	it of samples: keep the enforcement
 */
enum hg_decision {
	HG_DECIDE_NONE,
	HG_DECIDE_WAIT,
	HG_DECIDE_ACT,
	HG_DECIDE_LIFT,
	HG_DECIDE_KEEP,
};

/**
 * struct hg_view - what the agent knows of one process, for hg_decide()
 * @gone: the process has exited (or replaced its program)
 * @state: enum hashguard_state from the kernel
 * @covered: an approval covers it
 * @since: when it became flagged and uncovered, seconds since the epoch
 * @enforced: enum hashguard_action in force, 0 (HASHGUARD_ACTION_AUDIT
 *	counts as in force too: it was recorded) when none yet;
 *	@acted tells which
 * @acted: an action was taken (or a kill sent) and not lifted
 * @samples_at: the process's sample count when the action was taken
 * @samples: its sample count now
 * @win_score: the score of its last window
 * @win_samples: the samples of its last window
 * @min_samples: the module's min_samples
 * @clear_windows: the module's clear_windows
 * @clear_threshold: the module's clear_threshold
 */
struct hg_view {
	bool gone;
	unsigned int state;
	bool covered;
	uint64_t since;
	unsigned int enforced;
	bool acted;
	uint64_t samples_at;
	uint64_t samples;
	unsigned int win_score;
	unsigned int win_samples;
	unsigned int min_samples;
	unsigned int clear_windows;
	unsigned int clear_threshold;
};

enum hg_decision hg_decide(const struct hg_rule *rule, const struct hg_view *v,
			   uint64_t now, uint64_t *when);
const char *hg_decision_name(enum hg_decision d);

/**
 * struct hg_grace_mem - the flags of cgroups, remembered for grace_memory
 * @ent: one (tenant, cgroup) each: its first and its last flag
 * @n: how many
 * @cap: room in @ent
 *
 * A stream of short-lived workers, each flagged and gone before its
 * grace is served, is acted on as soon as the first one's grace is.
 */
struct hg_grace_mem {
	struct hg_grace_ent *ent;
	size_t n, cap;
};

/* Entries kept at most: past it, the one flagged longest ago goes. */
#define HG_GRACE_MEM_MAX	4096

uint64_t hg_grace_since(struct hg_grace_mem *m, const char *tenant,
			const char *cgroup, uint64_t flagged, uint64_t now,
			unsigned int memory);
void hg_grace_touch(struct hg_grace_mem *m, const char *tenant,
		    const char *cgroup, uint64_t now);
void hg_grace_mem_free(struct hg_grace_mem *m);

/* True for actions that leave something to lift (throttle, idle, freeze). */
bool hg_action_liftable(unsigned int action);

#endif /* HG_POLICY_H */
