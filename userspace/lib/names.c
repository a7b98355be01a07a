// SPDX-License-Identifier: GPL-2.0
/*
 * Stable names, for tables and JSON, and the module's rules for names.
 * The words themselves are the module's (kmod/names/, shared with it).
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "names/names.h"
#include "nl_internal.h"

const char *hgl_name(const char *const *names, size_t n, unsigned int i)
{
	return i < n ? names[i] : NULL;
}

int hgl_lookup(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (names[i] && !strcmp(names[i], name))
			return (int)i;
	return -EINVAL;
}

#define HG_NAME(table, i)	hgl_name(table, HGL_ARRAY_SIZE(table), i)
#define HG_LOOKUP(table, s)	hgl_lookup(table, HGL_ARRAY_SIZE(table), s)

/*
 * The name of a value of an enum, NULL for a value this tool does not
 * know, e.g. hgl_state_name(HASHGUARD_STATE_FLAGGED) is "flagged"; and
 * the value of a name, -EINVAL for a name this tool does not know.
 */
#define HG_NAME_FN(fn, table)					\
	const char *fn(unsigned int value)			\
	{							\
		return HG_NAME(table, value);			\
	}
#define HG_PARSE_FN(fn, table)					\
	int fn(const char *name)				\
	{							\
		return HG_LOOKUP(table, name);			\
	}

HG_NAME_FN(hgl_counter_name, hg_names_counter)
HG_NAME_FN(hgl_config_name, hg_names_config)
HG_NAME_FN(hgl_source_name, hg_names_source)
HG_NAME_FN(hgl_state_name, hg_names_state)
HG_NAME_FN(hgl_feature_name, hg_names_feature)
HG_NAME_FN(hgl_action_name, hg_names_action)
HG_NAME_FN(hgl_outcome_name, hg_names_outcome)
HG_NAME_FN(hgl_approval_state_name, hg_names_approval_state)
HG_NAME_FN(hgl_approval_end_name, hg_names_approval_end)
HG_NAME_FN(hgl_cmd_name, hg_names_cmd)
HG_PARSE_FN(hgl_source_parse, hg_names_source)
HG_PARSE_FN(hgl_action_parse, hg_names_action)
HG_PARSE_FN(hgl_outcome_parse, hg_names_outcome)

/**
 * hgl_config_attr() - the configuration attribute of a key
 * @name: a key as hgl_config_name() gives it
 *
 * Return: the enum hashguard_config_attr value, or -ENOENT.
 */
int hgl_config_attr(const char *name)
{
	int i = HG_LOOKUP(hg_names_config, name);

	return i < 0 ? -ENOENT : i;
}

/**
 * hgl_config_field() - the field of struct hgl_config for an attribute
 * @cfg: the configuration
 * @attr: an enum hashguard_config_attr value
 *
 * Return: the field, or NULL for an attribute this tool does not know.
 */
uint32_t *hgl_config_field(struct hgl_config *cfg, unsigned int attr)
{
	/* Offsets of the fields; 0 (that of @have) for no field. */
	static const size_t offs[HASHGUARD_CONFIG_A_MAX + 1] = {
#define HG_FIELD(a, f)	[HASHGUARD_CONFIG_A_##a] = offsetof(struct hgl_config, f)
		HG_FIELD(SAMPLE_HZ, sample_hz),
		HG_FIELD(SAMPLE_SOURCE, sample_source),
		HG_FIELD(WINDOW_MS, window_ms),
		HG_FIELD(FLAG_THRESHOLD, flag_threshold),
		HG_FIELD(CLEAR_THRESHOLD, clear_threshold),
		HG_FIELD(FLAG_WINDOWS, flag_windows),
		HG_FIELD(CLEAR_WINDOWS, clear_windows),
		HG_FIELD(MIN_SAMPLES, min_samples),
		HG_FIELD(MAX_TASKS, max_tasks),
#undef HG_FIELD
	};

	if (attr >= HGL_ARRAY_SIZE(offs) || !offs[attr])
		return NULL;
	return (uint32_t *)((char *)cfg + offs[attr]);
}

/**
 * hgl_event_name() - the name of a detection event
 * @event: an enum hashguard_event value, or HGL_NL_EVENTS_LOST
 *
 * Return: "flagged", "cleared", "exited", "covered", "uncovered" or
 * "lost"; NULL if unknown.
 */
const char *hgl_event_name(int event)
{
	if (event == HGL_NL_EVENTS_LOST)
		return "lost";
	if (event < 0)
		return NULL;
	return HG_NAME(hg_names_event, event);
}

/**
 * hgl_approval_ref_valid() - whether the module would accept a reference
 * @ref: the reference of an approval
 *
 * Return: true for 1 to HASHGUARD_APPROVAL_REF_MAX - 1 bytes without
 * control characters (below 0x20, and 0x7f).
 */
bool hgl_approval_ref_valid(const char *ref)
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
 * hgl_tenant_name_valid() - whether the module would accept a tenant name
 * @name: the name
 *
 * Return: true for 1 to HASHGUARD_TENANT_NAME_MAX - 1 characters of
 * [A-Za-z0-9_.-] not starting with '.' or '-'.
 */
bool hgl_tenant_name_valid(const char *name)
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
