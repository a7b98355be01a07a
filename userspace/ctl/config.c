// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl config get | set KEY VALUE [KEY VALUE...] | keys
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

/**
 * config_parse_set() - the KEY VALUE pairs of "config set"
 * @argc: arguments, "set" first
 * @argv: arguments
 * @cfg: the values, @cfg->have the keys given
 *
 * Numbers are decimal, without sign or spaces; sample_source takes
 * "cpu-clock" or "cycles".  Ranges are the kernel's to check.
 *
 * Return: CTL_OK, or CTL_USAGE (reported).
 */
int config_parse_set(int argc, char **argv, struct hgl_config *cfg)
{
	int i;

	memset(cfg, 0, sizeof(*cfg));
	if (argc < 2)
		return ctl_usage_err("config", "set: no KEY VALUE given");
	for (i = 1; i < argc; i += 2) {
		const char *key = argv[i], *val;
		int attr = hgl_config_attr(key);
		uint32_t *field;
		int ret;

		if (attr < 0)
			return ctl_usage_err("config",
					     "unknown key '%s' (see hashguardctl --help)",
					     key);
		if (i + 1 >= argc)
			return ctl_usage_err("config", "no value given for %s",
					     key);
		if (cfg->have & HGL_CONFIG_BIT(attr))
			return ctl_usage_err("config", "%s given twice", key);
		val = argv[i + 1];
		field = hgl_config_field(cfg, attr);
		if (attr == HASHGUARD_CONFIG_A_SAMPLE_SOURCE) {
			ret = hgl_source_parse(val);
			if (ret < 0)
				return ctl_usage_err("config",
						     "sample_source: '%s' is not cpu-clock or cycles",
						     val);
			*field = ret;
		} else {
			ret = ctl_parse_u32(val, field);
			if (ret == -ERANGE)
				return ctl_usage_err("config",
						     "%s: '%s' is too large",
						     key, val);
			if (ret)
				return ctl_usage_err("config",
						     "%s: '%s' is not a non-negative decimal number",
						     key, val);
		}
		cfg->have |= HGL_CONFIG_BIT(attr);
	}
	return CTL_OK;
}

/**
 * config_to_json() - the configuration as a JSON object
 * @cfg: the configuration; only the fields in @cfg->have appear
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *config_to_json(const struct hgl_config *cfg)
{
	struct hgl_config c = *cfg;
	json_t *o = json_object();
	unsigned int attr;

	if (!o)
		return NULL;
	for (attr = 1; attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		const char *name = hgl_config_name(attr);
		const uint32_t *field = hgl_config_field(&c, attr);
		const char *src;
		json_t *v;

		if (!name || !field || !(c.have & HGL_CONFIG_BIT(attr)))
			continue;
		src = attr == HASHGUARD_CONFIG_A_SAMPLE_SOURCE ?
		      hgl_source_name(*field) : NULL;
		v = src ? json_string(src) : json_integer(*field);
		if (json_object_set_new(o, name, v)) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/**
 * config_value() - one key of a configuration, as text
 * @cfg: the configuration
 * @attr: a %HASHGUARD_CONFIG_A_* value
 * @buf: set to the value: a number, or the name of a sampling source
 * @len: its size
 *
 * Return: the key's name, or NULL if @cfg does not hold that key.
 */
const char *config_value(const struct hgl_config *cfg, unsigned int attr,
			 char *buf, size_t len)
{
	struct hgl_config c = *cfg;
	const char *name = hgl_config_name(attr);
	const uint32_t *field = hgl_config_field(&c, attr);
	const char *src;

	if (!name || !field || !(c.have & HGL_CONFIG_BIT(attr)))
		return NULL;
	src = attr == HASHGUARD_CONFIG_A_SAMPLE_SOURCE ?
	      hgl_source_name(*field) : NULL;
	if (src)
		snprintf(buf, len, "%s", src);
	else
		snprintf(buf, len, "%" PRIu32, *field);
	return name;
}

/**
 * config_print() - the configuration as a KEY VALUE table
 * @f: where
 * @cfg: the configuration; only the fields in @cfg->have appear
 */
void config_print(FILE *f, const struct hgl_config *cfg)
{
	unsigned int attr;
	const char *name;
	char val[32];

	fprintf(f, "%-18s %s\n", "KEY", "VALUE");
	for (attr = 1; attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		name = config_value(cfg, attr, val, sizeof(val));
		if (name)
			fprintf(f, "%-18s %s\n", name, val);
	}
}

/* config keys: the keys "config set" takes, one a line (for completion). */
static int config_keys(const struct ctl *c, int argc, char **argv)
{
	json_t *arr = c->json ? json_array() : NULL;
	unsigned int attr;

	if (argc > 2)
		return ctl_bad_arg("config", argv[2]);
	for (attr = 1; attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		const char *name = hgl_config_name(attr);

		if (!name)
			continue;
		if (!c->json)
			printf("%s\n", name);
		else if (arr && json_array_append_new(arr, json_string(name)))
			arr = (json_decref(arr), NULL);
	}
	if (c->json)
		return ctl_print_json(stdout, arr);
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}

/**
 * cmd_config() - hashguardctl config get | set KEY VALUE [KEY VALUE...] | keys
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_config(struct ctl *c, int argc, char **argv)
{
	struct hgl_config set, now;
	struct hgl_nl *h;
	bool get;
	int ret;

	if (argc < 2)
		return ctl_usage_err("config",
				     "no subcommand given (get, set or keys)");
	if (!strcmp(argv[1], "keys"))
		return config_keys(c, argc, argv);
	get = !strcmp(argv[1], "get");
	if (get) {
		if (argc > 2)
			return ctl_usage_err("config", "unexpected argument '%s'",
					     argv[2]);
	} else if (!strcmp(argv[1], "set")) {
		ret = config_parse_set(argc - 1, argv + 1, &set);
		if (ret)
			return ret;
	} else {
		return ctl_usage_err("config", "unknown subcommand '%s'",
				     argv[1]);
	}

	ret = hgl_nl_open(&h);
	if (!ret)
		ret = get ? hgl_nl_get_config(h, &now) :
			    hgl_nl_set_config(h, &set, &now);
	if (ret)
		return ctl_nl_fail(h);
	hgl_nl_close(h);
	if (c->json)
		return ctl_print_json(stdout, config_to_json(&now));
	config_print(stdout, &now);
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}
