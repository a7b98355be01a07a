// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests that the man page and the bash completion keep up with the
 * command table: every command is documented in COMMANDS and completed,
 * the completion file parses (bash -n) and completes "ap" to approve and
 * approvals.  The files are found under HG_TOP (the source tree).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl.h"

#define MAN_PAGE	HG_TOP "/userspace/man/hashguardctl.8"
#define COMPLETION	HG_TOP "/userspace/completion/hashguardctl"

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *in = fopen(path, "r"), *out = open_memstream(&buf, &len);
	int ch;

	if (!in)
		fail_msg("cannot open %s", path);
	assert_non_null(out);
	while ((ch = fgetc(in)) != EOF)
		fputc(ch, out);
	fclose(in);
	fclose(out);
	return buf;
}

/* The output of a bash command line, trailing newline removed. */
static char *bash_out(const char *script)
{
	char *cmd, *out = NULL;
	size_t len = 0;
	FILE *p, *o;
	int ch;

	assert_true(asprintf(&cmd, "bash -c '%s' 2>&1", script) > 0);
	p = popen(cmd, "r");
	assert_non_null(p);
	o = open_memstream(&out, &len);
	assert_non_null(o);
	while ((ch = fgetc(p)) != EOF)
		fputc(ch, o);
	fclose(o);
	assert_int_equal(pclose(p), 0);
	free(cmd);
	if (len && out[len - 1] == '\n')
		out[len - 1] = '\0';
	return out;
}

/* Whether a COMMANDS entry (".TP", then a line naming it) documents @cmd. */
static bool man_documents(const char *section, const char *cmd)
{
	static const char *const macros[] = { ".B ", ".BI \"", ".BR ", ".BI " };
	size_t n = strlen(cmd);
	const char *p;
	unsigned int i;

	for (p = strstr(section, ".TP\n"); p; p = strstr(p + 1, ".TP\n")) {
		const char *line = p + 4;

		for (i = 0; i < sizeof(macros) / sizeof(macros[0]); i++) {
			size_t m = strlen(macros[i]);

			if (!strncmp(line, macros[i], m) &&
			    !strncmp(line + m, cmd, n) &&
			    strchr(" \"\n\\", line[m + n]))
				return true;
		}
	}
	return false;
}

static void man_page_documents_every_command(void **state)
{
	static const char *const sections[] = {
		".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH COMMANDS",
		".SH TIME FORMAT", ".SH JSON OUTPUT", ".SH EXIT STATUS",
		".SH EXAMPLES", ".SH SEE ALSO",
	};
	char *man = slurp(MAN_PAGE), *start, *end;
	const struct ctl_cmd *c;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strstr(man, sections[i]))
			fail_msg("the man page has no %s", sections[i]);
	start = strstr(man, ".SH COMMANDS\n");
	end = strstr(start + 1, "\n.SH ");
	assert_non_null(end);
	end[1] = '\0';
	for (c = ctl_commands(); c->name; c++)
		if (!man_documents(start, c->name))
			fail_msg("the man page does not document '%s'", c->name);
	/* Every option of approve and monitor. */
	assert_non_null(strstr(start, "\\-\\-no\\-replace"));
	assert_non_null(strstr(start, ".BI \\-\\-exe \" PATH\""));
	assert_non_null(strstr(start, "\\fB\\-\\-detect\\fR"));
	assert_non_null(strstr(start, "tasks \\-\\-pid "));
	free(man);
}

static void completion_parses_and_completes(void **state)
{
	const struct ctl_cmd *c;
	char *out;

	(void)state;
	out = bash_out("bash -n " COMPLETION " && echo ok");
	assert_string_equal(out, "ok");
	free(out);
	out = bash_out("source " COMPLETION "; COMP_WORDS=(hashguardctl ap); "
		       "COMP_CWORD=1; _hashguardctl; echo \"${COMPREPLY[*]}\"");
	assert_string_equal(out, "approve approvals");
	free(out);
	/* After --json too, and every command of the table on an empty word. */
	out = bash_out("source " COMPLETION "; COMP_WORDS=(hashguardctl --json \"\"); "
		       "COMP_CWORD=2; _hashguardctl; echo \" ${COMPREPLY[*]} \"");
	for (c = ctl_commands(); c->name; c++) {
		char word[64];

		snprintf(word, sizeof(word), " %s ", c->name);
		if (!strstr(out, word))
			fail_msg("the completion does not offer '%s': %s",
				 c->name, out);
	}
	free(out);
	out = bash_out("source " COMPLETION "; COMP_WORDS=(hashguardctl approve acme --n); "
		       "COMP_CWORD=3; _hashguardctl; echo \"${COMPREPLY[*]}\"");
	assert_string_equal(out, "--no-replace");
	free(out);
	out = bash_out("source " COMPLETION "; COMP_WORDS=(hashguardctl monitor -); "
		       "COMP_CWORD=2; _hashguardctl; echo \"${COMPREPLY[*]}\"");
	assert_string_equal(out, "--count --detect --config");
	free(out);
}

/* The config keys the completion asks for are the tool's own. */
static void config_keys_listed(void **state)
{
	char *out;

	(void)state;
	out = bash_out("source " COMPLETION "; hashguardctl() { printf \"%s\\n\" sample_hz window_ms; }; "
		       "COMP_WORDS=(hashguardctl config set w); COMP_CWORD=3; "
		       "_hashguardctl; echo \"${COMPREPLY[*]}\"");
	assert_string_equal(out, "window_ms");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(man_page_documents_every_command),
		cmocka_unit_test(completion_parses_and_completes),
		cmocka_unit_test(config_keys_listed),
	};

	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
