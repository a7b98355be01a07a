/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run hashguardctl's ctl_main() in-process with stderr (and stdout)
 * captured, and read its JSON, for the cmocka suites.  Include after
 * <cmocka.h> and "ctl.h".
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

/* run_cli_argv() with stdout captured too, in @out. */
static inline int run_cli_out(char *out, size_t outlen, char *err,
			      size_t errlen, int argc, char **argv)
{
	FILE *tmp = tmpfile();
	int saved, ret;
	size_t n;

	assert_non_null(tmp);
	fflush(stdout);
	saved = dup(1);
	dup2(fileno(tmp), 1);
	ret = run_cli_argv(err, errlen, argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	n = fread(out, 1, outlen - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return ret;
}

/* Run hashguardctl ARGS...; fail unless it exits @expect with @needle on stderr. */
#define CLI(expect, needle, ...) do {					\
	char err_[4096];						\
	char *args_[] = { "hashguardctl", __VA_ARGS__, NULL };		\
	int n_ = (int)(sizeof(args_) / sizeof(args_[0])) - 1;		\
	int r_ = run_cli_argv(err_, sizeof(err_), n_, args_);		\
	if (r_ != (expect) || !strstr(err_, needle))			\
		fail_msg("exit %d (want %d), stderr: %s (want \"%s\")",	\
			 r_, (expect), err_, needle);			\
} while (0)

/* Members of a JSON object that must be there with that type. */
static inline const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	return json_string_value(v);
}

static inline json_int_t jint(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	return json_integer_value(v);
}

#endif /* HG_TEST_CLI_CAPTURE_H */
