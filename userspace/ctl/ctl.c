// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl: global options and the command table.
 */

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "inspect.h"
#include "version.h"

static const struct ctl_cmd ctl_cmds[] = {
	{ "status", cmd_status, "",
	  "show the module's version, uptime and counters" },
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
		fprintf(f, "  %-8s %-10s %s\n", c->name, c->args, c->help);
	fprintf(f, "\n--json prints JSON for scripts instead of tables.\n");
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
