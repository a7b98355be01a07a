// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl: global options and the command table.
 */

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "util.h"
#include "inspect.h"
#include "version.h"

static const struct ctl_cmd ctl_cmds[] = {
	{ "status", cmd_status, "",
	  "show the module's version, uptime and counters" },
	{ "config", cmd_config, "get | set KEY VALUE [KEY VALUE...] | keys",
	  "show or change the run-time configuration, or list its keys" },
	{ "tenant", cmd_tenant, "add NAME CGROUP | del NAME | list",
	  "register, remove or list tenants (cgroup v2 subtrees)" },
	{ "tasks", cmd_tasks, "[--tenant NAME] [--flagged] | --pid PID",
	  "list the tracked processes, their state, score, features and approval" },
	{ "approve", cmd_approve,
	  "TENANT --ref REF [--exe PATH] [--from TIME] [--until TIME] [--no-replace]",
	  "record a written approval to mine: the whole tenant or one executable" },
	{ "revoke", cmd_revoke, "TENANT --ref REF",
	  "revoke an approval" },
	{ "approvals", cmd_approvals, "[TENANT]",
	  "list the approvals, of every tenant or of one" },
	{ "report", cmd_report,
	  "--tenant NAME | --summary [--since TIME] [--ledger FILE]",
	  "a tenant's transparency report, or counts per tenant, from the agent's ledger" },
	{ "monitor", cmd_monitor, "[--count N] [--detect | --config]",
	  "print detection events and changes of state as they happen" },
	{ "inspect", cmd_inspect, "FILE",
	  "classify the instructions of an ELF file (offline)" },
	{ NULL, NULL, NULL, NULL },
};

/**
 * ctl_err() - report an error on stderr, prefixed with the program name
 * @fmt: printf format
 */
void ctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("hashguardctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void ctl_usage(FILE *f)
{
	const struct ctl_cmd *c;

	fprintf(f, "usage: hashguardctl [--json] COMMAND [ARGS]\n"
		   "       hashguardctl --help | --version\n\n"
		   "commands:\n");
	for (c = ctl_cmds; c->name; c++)
		fprintf(f, "  %s%s%s\n        %s\n", c->name,
			*c->args ? " " : "", c->args, c->help);
	fprintf(f,
		"\n--json prints JSON for scripts instead of tables (monitor: one\n"
		"  object per line).\n"
		"\nconfig keys: sample_hz, sample_source (cpu-clock|cycles), window_ms,\n"
		"  flag_threshold, clear_threshold, flag_windows, clear_windows,\n"
		"  min_samples, max_tasks\n"
		"tenant CGROUP: a cgroup v2 directory, e.g. /sys/fs/cgroup/tenants/acme\n"
		"tenant NAME: 1 to %d characters of A-Z a-z 0-9 _ . -, not starting\n"
		"  with '.' or '-'\n"
		"approve REF: the written approval's identifier, 1 to %d bytes, no\n"
		"  control characters; PATH: the executable's absolute path as\n"
		"  /proc/PID/exe shows it; without --exe the whole tenant is covered\n"
		"TIME: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] with an optional Z or +HH:MM\n"
		"  (no zone: local time), or +N[smhd] from now, e.g. +2h, +30d;\n"
		"  times are printed in UTC, e.g. 2026-11-23T10:00:00Z\n"
		"\nexit status:\n"
		"  0  done\n"
		"  1  failed: the kernel refused, the module is not loaded, no\n"
		"     privilege, ... (the message says which)\n"
		"  2  bad usage: nothing was sent to the kernel\n"
		"\nsee hashguardctl(8)\n",
		HASHGUARD_TENANT_NAME_MAX - 1, HASHGUARD_APPROVAL_REF_MAX - 1);
}

/**
 * ctl_parse_u32() - a decimal number, strictly
 * @s: the text: digits only, no sign, no spaces
 * @v: the value
 *
 * Return: 0, -EINVAL when @s is not a number, -ERANGE above UINT32_MAX.
 */
int ctl_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || n > UINT32_MAX)
		return -ERANGE;
	*v = (uint32_t)n;
	return 0;
}

/**
 * ctl_opt_match() - an option of a subcommand
 * @cmd: the subcommand, for messages
 * @argc: arguments
 * @argv: arguments
 * @i: index of the argument to look at; moved past the value when the
 *	value is the next argument
 * @name: the option, e.g. "--ref"
 * @has_val: whether it takes a value ("--NAME VALUE" or "--NAME=VALUE")
 * @val: the value, NULL for a flag
 *
 * Return: 1 if argv[*i] is the option, 0 if not, -1 if its value is
 * missing or a flag was given one (reported as a usage error).
 */
int ctl_opt_match(const char *cmd, int argc, char **argv, int *i,
		  const char *name, bool has_val, const char **val)
{
	const char *a = argv[*i];
	size_t len = strlen(name);

	if (strncmp(a, name, len) || (a[len] && a[len] != '='))
		return 0;
	*val = NULL;
	if (!has_val) {
		if (a[len] == '=') {
			ctl_usage_err(cmd, "%s takes no value", name);
			return -1;
		}
		return 1;
	}
	if (a[len] == '=') {
		*val = a + len + 1;
	} else if (*i + 1 < argc) {
		*val = argv[++*i];
	} else {
		ctl_usage_err(cmd, "%s needs a value", name);
		return -1;
	}
	return 1;
}

/**
 * ctl_bad_arg() - report an argument a subcommand does not take
 * @cmd: the subcommand
 * @arg: the argument
 *
 * Return: CTL_USAGE.
 */
int ctl_bad_arg(const char *cmd, const char *arg)
{
	if (arg[0] == '-')
		return ctl_usage_err(cmd, "unknown option '%s'", arg);
	return ctl_usage_err(cmd, "unexpected argument '%s'", arg);
}

/**
 * ctl_put_safe() - print a string from the kernel for a terminal
 * @f: where
 * @s: the string (a comm or a path: anyone may choose them)
 * @width: pad with spaces to this many characters (0: no padding)
 *
 * Control characters and bytes outside ASCII become '?', so that a
 * process cannot forge table lines or terminal escapes by its name.
 */
void ctl_put_safe(FILE *f, const char *s, int width)
{
	int n = 0;

	for (; *s; s++, n++)
		fputc(*s >= 0x20 && *s < 0x7f ? *s : '?', f);
	for (; n < width; n++)
		fputc(' ', f);
}

/**
 * ctl_json_str() - a JSON string of any bytes from the kernel
 * @s: the string (a comm or a path need not be UTF-8)
 *
 * Return: a new JSON string, see hgl_json_str(); NULL when out of memory.
 */
json_t *ctl_json_str(const char *s)
{
	return hgl_json_str(s);
}

/**
 * ctl_nl_fail() - report a failed netlink call and close the handle
 * @h: handle (may be NULL)
 *
 * Return: CTL_FAIL.
 */
int ctl_nl_fail(struct hgl_nl *h)
{
	ctl_err("%s", hgl_nl_error(h));
	hgl_nl_close(h);
	return CTL_FAIL;
}

/**
 * ctl_usage_err() - report a usage error of a command
 * @cmd: the command, or NULL for the global options
 * @fmt: printf format
 *
 * Return: CTL_USAGE.
 */
int ctl_usage_err(const char *cmd, const char *fmt, ...)
{
	const struct ctl_cmd *c = cmd ? ctl_find(cmd) : NULL;
	va_list ap;

	fputs("hashguardctl: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: hashguardctl [--json] %s %s\n",
			c->name, c->args);
	else
		fprintf(stderr, "try 'hashguardctl --help'\n");
	return CTL_USAGE;
}

/**
 * cmd_inspect() - hashguardctl inspect FILE (offline, no netlink)
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_inspect(struct ctl *c, int argc, char **argv)
{
	if (argc < 2)
		return ctl_usage_err("inspect", "no FILE given");
	if (argc > 2)
		return ctl_usage_err("inspect", "unexpected argument '%s'",
				     argv[2]);
	return inspect_main(argc, argv, c->json) ? CTL_FAIL : CTL_OK;
}

/**
 * ctl_find() - look a command up by name
 * @name: the command
 *
 * Return: the table entry, or NULL.
 */
const struct ctl_cmd *ctl_find(const char *name)
{
	const struct ctl_cmd *c;

	for (c = ctl_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/**
 * ctl_commands() - the command table
 *
 * Return: the commands, ended by an entry whose @name is NULL.
 */
const struct ctl_cmd *ctl_commands(void)
{
	return ctl_cmds;
}

/**
 * ctl_print_json() - print a JSON value and free it
 * @f: where
 * @obj: the value (reference stolen); NULL means allocation failed
 *
 * Return: CTL_OK or CTL_FAIL.
 */
int ctl_print_json(FILE *f, json_t *obj)
{
	int ret;

	if (!obj) {
		ctl_err("out of memory");
		return CTL_FAIL;
	}
	ret = json_dumpf(obj, f, JSON_INDENT(2));
	json_decref(obj);
	if (ret < 0 || fputc('\n', f) == EOF || fflush(f) == EOF) {
		ctl_err("writing output: %m");
		return CTL_FAIL;
	}
	return CTL_OK;
}

/**
 * ctl_main() - the whole command line
 * @argc: as for main()
 * @argv: as for main()
 *
 * Return: the exit status.
 */
int ctl_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .json = false };
	const struct ctl_cmd *cmd;
	int opt;

	/* '+': options stop at the command; its own options are its own. */
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+jhV", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = true;
			break;
		case 'h':
			ctl_usage(stdout);
			return CTL_OK;
		case 'V':
			printf("hashguardctl %s\n", HASHGUARD_VERSION);
			return CTL_OK;
		default:
			return ctl_usage_err(NULL, "unknown option '%s'",
					     argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return ctl_usage_err(NULL, "no command given");
	cmd = ctl_find(argv[optind]);
	if (!cmd)
		return ctl_usage_err(NULL, "unknown command '%s'",
				     argv[optind]);
	return cmd->fn(&c, argc - optind, argv + optind);
}
