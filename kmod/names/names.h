/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * hashguard: the stable names of the values of the uapi enums (features,
 * states, events, actions, ...), as the audit trail, the tools' tables
 * and their JSON write them.  Plain C, built into the module and into
 * the userspace library alike, so that both sides say the same word for
 * the same value.  tests/ynl checks that each table names every value of
 * its enum exactly once (UNSPEC and PAD excepted), with no gap, and that
 * its size follows the enum's *_MAX.
 *
 * Each table is indexed by the enum's value; an unnamed slot is NULL.
 */
#ifndef HG_NAMES_H
#define HG_NAMES_H

#include <linux/hashguard.h>

/* Sizes of the tables of the enums that have no *_MAX. */
#define HG_NAMES_SOURCE_N		(HASHGUARD_SOURCE_CYCLES + 1)
#define HG_NAMES_APPROVAL_STATE_N	(HASHGUARD_APPROVAL_ACTIVE + 1)
#define HG_NAMES_APPROVAL_END_N		(HASHGUARD_APPROVAL_END_EXPIRED + 1)

/* enum hashguard_counter: "audit_lines", "samples", ... */
extern const char *const hg_names_counter[HASHGUARD_COUNTER_MAX + 1];
/* enum hashguard_config_attr: the configuration keys, "sample_hz", ... */
extern const char *const hg_names_config[HASHGUARD_CONFIG_A_MAX + 1];
/* enum hashguard_sample_source: "cpu-clock", "cycles" */
extern const char *const hg_names_source[HG_NAMES_SOURCE_N];
/* enum hashguard_state: "normal", "suspect", "flagged", "cleared" */
extern const char *const hg_names_state[HASHGUARD_STATE_MAX + 1];
/* enum hashguard_event: "flagged", "cleared", "exited", ... */
extern const char *const hg_names_event[HASHGUARD_EVENT_MAX + 1];
/* enum hashguard_feature: "crypto", "rotate", ... */
extern const char *const hg_names_feature[HASHGUARD_FEATURE_MAX + 1];
/* enum hashguard_action: "audit", "throttle", ... */
extern const char *const hg_names_action[HASHGUARD_ACTION_MAX + 1];
/* enum hashguard_outcome: "verified", "failed" */
extern const char *const hg_names_outcome[HASHGUARD_OUTCOME_MAX + 1];
/* enum hashguard_approval_state: "pending", "active" */
extern const char *const hg_names_approval_state[HG_NAMES_APPROVAL_STATE_N];
/* enum hashguard_approval_end: "revoked", "expired" */
extern const char *const hg_names_approval_end[HG_NAMES_APPROVAL_END_N];
/* enum hashguard_cmd: "get_status", "new_approval", ... */
extern const char *const hg_names_cmd[HASHGUARD_CMD_MAX + 1];

#endif /* HG_NAMES_H */
