/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run hashguardctl's ctl_main() in-process with stderr captured, for the
 * cmocka suites.  Include after <cmocka.h> and "ctl.h".
 */
#ifndef HG_TEST_CLI_CAPTURE_H
#define HG_TEST_CLI_CAPTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

/* Run the CLI on @argv (NULL-terminated, @argc entries); return its exit
 * status, with what it wrote to stderr in @err. */
static inline int run_cli_argv(char *err, size_t errlen, int argc,
			       char **argv)
{
	FILE *tmp = tmpfile();
	int saved, ret;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(tmp), 2);
	ret = ctl_main(argc, argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	errlen = fread(err, 1, errlen - 1, tmp);
	err[errlen] = '\0';
	fclose(tmp);
	return ret;
}

/* run_cli_argv() with the arguments listed. */
static inline int run_cli(char *err, size_t errlen, int argc, ...)
{
	char *argv[16];
	va_list ap;
	int i;

	assert_true(argc < 16);
	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	return run_cli_argv(err, errlen, argc, argv);
}

#endif /* HG_TEST_CLI_CAPTURE_H */
