// SPDX-License-Identifier: GPL-2.0
/*
 * Stable names, for tables and JSON, and the module's rules for names.
 * The words themselves are the module's (kmod/names/, shared with it).
 */

#include <errno.h>
#include <string.h>

#include "names/names.h"
#include "nl_internal.h"

const char *hg_name(const char *const *names, size_t n, unsigned int i)
{
	return i < n ? names[i] : NULL;
}

int hg_lookup(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -EINVAL;
}

#define HG_NAME(table, i)	hg_name(table, HG_ARRAY_SIZE(table), i)
#define HG_LOOKUP(table, s)	hg_lookup(table, HG_ARRAY_SIZE(table), s)

/**
 * hg_counter_name() - the stable name of a counter, for tables and JSON
 * @counter: an enum hashguard_counter value
 *
 * Return: the name, or NULL for a counter this tool does not know.
 */
const char *hg_counter_name(unsigned int counter)
{
	return HG_NAME(hg_names_counter, counter);
}

/**
 * hg_config_name() - the key of a configuration attribute
 * @attr: an enum hashguard_config_attr value
 *
 * Return: e.g. "sample_hz", or NULL for an attribute this tool does not know.
 */
const char *hg_config_name(unsigned int attr)
{
	return HG_NAME(hg_names_config, attr);
}

/**
 * hg_config_attr() - the configuration attribute of a key
 * @name: a key as hg_config_name() gives it
 *
 * Return: the enum hashguard_config_attr value, or -ENOENT.
 */
int hg_config_attr(const char *name)
{
	int i = HG_LOOKUP(hg_names_config, name);

	return i < 0 ? -ENOENT : i;
}

/**
 * hg_config_field() - the field of struct hg_config for an attribute
 * @cfg: the configuration
 * @attr: an enum hashguard_config_attr value
 *
 * Return: the field, or NULL for an attribute this tool does not know.
 */
uint32_t *hg_config_field(struct hg_config *cfg, unsigned int attr)
{
	switch (attr) {
	case HASHGUARD_CONFIG_A_SAMPLE_HZ:
		return &cfg->sample_hz;
	case HASHGUARD_CONFIG_A_SAMPLE_SOURCE:
		return &cfg->sample_source;
	case HASHGUARD_CONFIG_A_WINDOW_MS:
		return &cfg->window_ms;
	case HASHGUARD_CONFIG_A_FLAG_THRESHOLD:
		return &cfg->flag_threshold;
	case HASHGUARD_CONFIG_A_CLEAR_THRESHOLD:
		return &cfg->clear_threshold;
	case HASHGUARD_CONFIG_A_FLAG_WINDOWS:
		return &cfg->flag_windows;
	case HASHGUARD_CONFIG_A_CLEAR_WINDOWS:
		return &cfg->clear_windows;
	case HASHGUARD_CONFIG_A_MIN_SAMPLES:
		return &cfg->min_samples;
	case HASHGUARD_CONFIG_A_MAX_TASKS:
		return &cfg->max_tasks;
	default:
		return NULL;
	}
}

/**
 * hg_source_name() - the name of a sampling source
 * @source: an enum hashguard_sample_source value
 *
 * Return: "cpu-clock" or "cycles", or NULL for a source this tool does
 * not know.
 */
const char *hg_source_name(unsigned int source)
{
	return HG_NAME(hg_names_source, source);
}

/**
 * hg_source_parse() - the sampling source of a name
 * @name: as hg_source_name() gives it
 *
 * Return: the enum hashguard_sample_source value, or -EINVAL.
 */
int hg_source_parse(const char *name)
{
	return HG_LOOKUP(hg_names_source, name);
}

/**
 * hg_state_name() - the name of a process state
 * @state: an enum hashguard_state value
 *
 * Return: "normal", "suspect", "flagged" or "cleared"; NULL if unknown.
 */
const char *hg_state_name(unsigned int state)
{
	return HG_NAME(hg_names_state, state);
}

/**
 * hg_event_name() - the name of a detection event
 * @event: an enum hashguard_event value, or HG_NL_EVENTS_LOST
 *
 * Return: "flagged", "cleared", "exited", "covered", "uncovered" or
 * "lost"; NULL if unknown.
 */
const char *hg_event_name(int event)
{
	if (event == HG_NL_EVENTS_LOST)
		return "lost";
	if (event < 0)
		return NULL;
	return HG_NAME(hg_names_event, event);
}

/**
 * hg_feature_name() - the name of a feature
 * @feature: an enum hashguard_feature value
 *
 * Return: e.g. "crypto", or NULL for a feature this tool does not know.
 */
const char *hg_feature_name(unsigned int feature)
{
	return HG_NAME(hg_names_feature, feature);
}

/**
 * hg_action_name() - the name of an action a policy agent reports
 * @kind: an enum hashguard_action value
 *
 * Return: "audit", "throttle", "idle", "freeze", "kill" or "restore";
 * NULL if unknown.
 */
const char *hg_action_name(unsigned int kind)
{
	return HG_NAME(hg_names_action, kind);
}

/**
 * hg_action_parse() - the action of a name
 * @name: as hg_action_name() gives it
 *
 * Return: the enum hashguard_action value, or -EINVAL.
 */
int hg_action_parse(const char *name)
{
	return HG_LOOKUP(hg_names_action, name);
}

/**
 * hg_outcome_name() - the name of an action's outcome
 * @outcome: an enum hashguard_outcome value
 *
 * Return: "verified" or "failed"; NULL if unknown.
 */
const char *hg_outcome_name(unsigned int outcome)
{
	return HG_NAME(hg_names_outcome, outcome);
}

/**
 * hg_outcome_parse() - the outcome of a name
 * @name: as hg_outcome_name() gives it
 *
 * Return: the enum hashguard_outcome value, or -EINVAL.
 */
int hg_outcome_parse(const char *name)
{
	return HG_LOOKUP(hg_names_outcome, name);
}

/**
 * hg_approval_state_name() - the name of an approval's state
 * @state: an enum hashguard_approval_state value
 *
 * Return: "pending" or "active"; NULL if unknown.
 */
const char *hg_approval_state_name(unsigned int state)
{
	return HG_NAME(hg_names_approval_state, state);
}

/**
 * hg_approval_end_name() - why an approval was removed, as a name
 * @end: an enum hashguard_approval_end value
 *
 * Return: "revoked" or "expired"; NULL if unknown (or 0: not removed).
 */
const char *hg_approval_end_name(unsigned int end)
{
	return HG_NAME(hg_names_approval_end, end);
}

/**
 * hg_cmd_name() - the name of a command, as config notifications carry
 * @cmd: an enum hashguard_cmd value
 *
 * Return: e.g. "new_approval", "set_config"; NULL if unknown.
 */
const char *hg_cmd_name(unsigned int cmd)
{
	return HG_NAME(hg_names_cmd, cmd);
}

/**
 * hg_approval_ref_valid() - whether the module would accept a reference
 * @ref: the reference of an approval
 *
 * Return: true for 1 to HASHGUARD_APPROVAL_REF_MAX - 1 bytes without
 * control characters (below 0x20, and 0x7f).
 */
bool hg_approval_ref_valid(const char *ref)
{
	size_t i;

	if (!ref || !*ref)
		return false;
	for (i = 0; ref[i]; i++) {
		unsigned char ch = (unsigned char)ref[i];

		if (i >= HASHGUARD_APPROVAL_REF_MAX - 1 || ch < 0x20 ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

/**
 * hg_tenant_name_valid() - whether the module would accept a tenant name
 * @name: the name
 *
 * Return: true for 1 to HASHGUARD_TENANT_NAME_MAX - 1 characters of
 * [A-Za-z0-9_.-] not starting with '.' or '-'.
 */
bool hg_tenant_name_valid(const char *name)
{
	size_t i;

	if (!name || !*name || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; name[i]; i++) {
		char ch = name[i];

		if (i >= HASHGUARD_TENANT_NAME_MAX - 1)
			return false;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
		      ch == '-'))
			return false;
	}
	return true;
}
