// SPDX-License-Identifier: GPL-2.0
/*
 * cmocka tests of "hashguardctl inspect" (userspace/ctl/inspect.c): exact
 * counts on an object with known content (text and JSON), and clean
 * failures on a non-ELF file, truncated copies of /bin/true and an ELF
 * whose section headers point past the end of the file.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <elf.h>
#include <jansson.h>

#include "inspect.h"

#ifndef INSPECT_SAMPLE
#error "build with -DINSPECT_SAMPLE=\"path/to/inspect_sample.o\""
#endif

/* Output of one inspect_main() call. */
struct run {
	int ret;
	char out[65536];
	char err[4096];
};

static void slurp(int fd, char *buf, size_t size)
{
	ssize_t n;

	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = 0;
}

/* Run inspect_main() with stdout and stderr captured. */
static void run_inspect(struct run *r, const char *path, bool json)
{
	char *argv[] = { "inspect", (char *)path, NULL };
	FILE *out = tmpfile(), *err = tmpfile();
	int saved_out = dup(1), saved_err = dup(2);

	assert_non_null(out);
	assert_non_null(err);
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(out), 1);
	dup2(fileno(err), 2);
	r->ret = inspect_main(2, argv, json);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	slurp(fileno(out), r->out, sizeof(r->out));
	slurp(fileno(err), r->err, sizeof(r->err));
	fclose(out);
	fclose(err);
}

/* Write @n bytes of @src (a file) or of @data to a new temporary file. */
static char *make_file(const char *src, const void *data, size_t n)
{
	static char path[64];
	char *buf = NULL;
	int fd;

	strcpy(path, "/tmp/hg-inspect-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	if (src) {
		FILE *f = fopen(src, "rb");

		assert_non_null(f);
		buf = malloc(n);
		assert_non_null(buf);
		n = fread(buf, 1, n, f);
		fclose(f);
		data = buf;
	}
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
	free(buf);
	return path;
}

static void expect_not_elf(const char *path)
{
	struct run *r = malloc(sizeof(*r));
	char want[256];

	assert_non_null(r);
	run_inspect(r, path, false);
	snprintf(want, sizeof(want), "hashguardctl: inspect: %s: not an ELF file",
		 path);
	assert_int_equal(r->ret, 1);
	if (strncmp(r->err, want, strlen(want)))
		fail_msg("stderr: \"%s\", want \"%s...\"", r->err, want);
	free(r);
}

static void test_not_elf(void **state)
{
	static const char text[] = "#!/bin/sh\necho not an ELF file\n";
	char *path = make_file(NULL, text, sizeof(text) - 1);

	(void)state;
	expect_not_elf(path);
	unlink(path);
	path = make_file(NULL, "", 0);
	expect_not_elf(path);
	unlink(path);
}

static void test_truncated(void **state)
{
	static const size_t sizes[] = { 4, 16, 63, 64, 100, 1000, 4096, 20000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *path = make_file("/bin/true", NULL, sizes[i]);

		expect_not_elf(path);
		unlink(path);
	}
}

static void test_corrupt_shoff(void **state)
{
	char *path = make_file("/bin/true", NULL, 1 << 20);
	Elf64_Ehdr eh;
	int fd = open(path, O_RDWR);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &eh, sizeof(eh), 0), sizeof(eh));
	eh.e_shoff = 0x7fffffff0ull;
	assert_int_equal(pwrite(fd, &eh, sizeof(eh), 0), sizeof(eh));
	close(fd);
	expect_not_elf(path);
	unlink(path);
}

static void test_sample_text(void **state)
{
	struct run *r = malloc(sizeof(*r));

	(void)state;
	assert_non_null(r);
	run_inspect(r, INSPECT_SAMPLE, false);
	assert_int_equal(r->ret, 0);
	assert_string_equal(r->err, "");
	assert_non_null(strstr(r->out, ": 82 instructions in 1 executable section"));
	assert_non_null(strstr(r->out, "aes_fn"));
	assert_non_null(strstr(r->out, "hash_fn"));
	assert_null(strstr(r->out, "tiny_fn"));	/* under 16 instructions */
	free(r);
}

static void test_sample_json(void **state)
{
	struct run *r = malloc(sizeof(*r));
	json_t *root, *classes, *crypto, *hash;
	json_error_t jerr;

	(void)state;
	assert_non_null(r);
	run_inspect(r, INSPECT_SAMPLE, true);
	assert_int_equal(r->ret, 0);
	root = json_loads(r->out, 0, &jerr);
	if (!root)
		fail_msg("bad JSON: %s: %s", jerr.text, r->out);
	assert_int_equal(json_integer_value(json_object_get(root, "instructions")), 82);
	classes = json_object_get(root, "classes");
	assert_true(json_is_object(classes));
	assert_int_equal(json_integer_value(json_object_get(classes, "aes")), 17);
	assert_int_equal(json_integer_value(json_object_get(classes, "hash_alu")), 40);
	assert_int_equal(json_integer_value(json_object_get(classes, "rotate")), 20);
	assert_int_equal(json_integer_value(json_object_get(classes, "mul")), 0);
	assert_int_equal(json_integer_value(json_object_get(classes, "other")), 4);
	assert_int_equal(json_integer_value(json_object_get(classes, "invalid")), 1);
	assert_int_equal(json_integer_value(json_object_get(classes, "sha")), 0);
	assert_true(json_is_object(json_object_get(root, "densities")));

	crypto = json_object_get(json_object_get(root, "functions"), "crypto");
	assert_true(json_is_array(crypto));
	assert_int_equal(json_array_size(crypto), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(crypto, 0),
							      "name")), "aes_fn");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(crypto, 0),
							    "instructions")), 17);
	hash = json_object_get(json_object_get(root, "functions"), "hash_round");
	assert_true(json_array_size(hash) >= 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(hash, 0),
							      "name")), "hash_fn");
	json_decref(root);
	free(r);
}

static void test_usage(void **state)
{
	char *argv[] = { "inspect", NULL };

	(void)state;
	fflush(stderr);
	assert_int_equal(inspect_main(1, argv, false), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt_shoff),
		cmocka_unit_test(test_sample_text),
		cmocka_unit_test(test_sample_json),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests_name("inspect", tests, NULL, NULL);
}
