// SPDX-License-Identifier: GPL-2.0
/*
 * The run-time configuration: HASHGUARD_A_CONFIG, GET_CONFIG, SET_CONFIG.
 */

#include <errno.h>
#include <string.h>

#include "nl_internal.h"

/**
 * hgl_nl_parse_config() - HASHGUARD_A_CONFIG into a struct hgl_config
 * @nest: the attribute
 * @cfg: the result; @cfg->have says which fields were present
 *
 * Return: 0 or -EPROTO.
 */
int hgl_nl_parse_config(struct nlattr *nest, struct hgl_config *cfg)
{
	struct nlattr *a;
	uint32_t *field;
	int rem;

	memset(cfg, 0, sizeof(*cfg));
	nla_for_each_nested(a, nest, rem) {
		unsigned int type = nla_type(a);

		field = hgl_config_field(cfg, type);
		if (!field)
			continue;
		if (type == HASHGUARD_CONFIG_A_SAMPLE_SOURCE) {
			if (nla_len(a) < 1)
				return -EPROTO;
			*field = nla_get_u8(a);
		} else {
			if (nla_len(a) < (int)sizeof(uint32_t))
				return -EPROTO;
			*field = nla_get_u32(a);
		}
		cfg->have |= HGL_CONFIG_BIT(type);
	}
	return 0;
}

static int hg_parse_config_item(struct nlattr *nest, void *out)
{
	return hgl_nl_parse_config(nest, out);
}

/**
 * hgl_nl_get_config() - HASHGUARD_CMD_GET_CONFIG
 * @h: handle
 * @cfg: the configuration
 *
 * Return: 0 or -errno, with hgl_nl_error() set.
 */
int hgl_nl_get_config(struct hgl_nl *h, struct hgl_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	return hgl_request(h, HASHGUARD_CMD_GET_CONFIG, "config", NULL, NULL,
			  HASHGUARD_A_CONFIG, hg_parse_config_item, cfg);
}

/* HASHGUARD_A_CONFIG with the fields of @arg's @have. */
static int hg_put_config(struct nl_msg *msg, const void *arg)
{
	struct hgl_config copy = *(const struct hgl_config *)arg;
	struct nlattr *nest = nla_nest_start(msg, HASHGUARD_A_CONFIG);
	unsigned int attr;
	int ret = 0;

	if (!nest)
		return -EMSGSIZE;
	for (attr = 1; !ret && attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		uint32_t *field = hgl_config_field(&copy, attr);

		if (!field || !(copy.have & HGL_CONFIG_BIT(attr)))
			continue;
		if (attr == HASHGUARD_CONFIG_A_SAMPLE_SOURCE) {
			if (*field > UINT8_MAX)
				return -EINVAL;
			ret = nla_put_u8(msg, attr, (uint8_t)*field);
		} else {
			ret = nla_put_u32(msg, attr, *field);
		}
	}
	if (ret)
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * hgl_nl_set_config() - HASHGUARD_CMD_SET_CONFIG
 * @h: handle
 * @set: the values to change: only the fields in @set->have are sent
 * @now: the configuration after the change (the kernel's reply)
 *
 * The kernel checks ranges and consistency; a refused request changes
 * nothing, and hgl_nl_error() gives the kernel's reason.
 *
 * Return: 0 or -errno.
 */
int hgl_nl_set_config(struct hgl_nl *h, const struct hgl_config *set,
		     struct hgl_config *now)
{
	memset(now, 0, sizeof(*now));
	return hgl_request(h, HASHGUARD_CMD_SET_CONFIG, "config set",
			  hg_put_config, set, HASHGUARD_A_CONFIG,
			  hg_parse_config_item, now);
}
