// SPDX-License-Identifier: GPL-2.0
/*
 * names-check HEADER: the stable names of kmod/names/ against the enums
 * of the uapi header.  Built with kmod/names/names.c (or a mutated copy
 * of it, for the self-test).  For each table: the header's enum is found
 * and its enumerators counted (the __*_MAX and *_MAX aliases aside, and
 * none of them may have a value of its own: the values are 0, 1, ...);
 * the table must have exactly one slot per value (its size follows
 * *_MAX), UNSPEC and PAD must have no name, every other value exactly one
 * non-empty name, and no two values the same name.  One line per table in
 * the format of ynl-check; exit 0 when all agree, 1 if not, 2 when the
 * header cannot be read.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names/names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct table {
	const char *enum_c;
	const char *const *names;
	size_t n;
};

#define T(e, t) { e, t, ARRAY_SIZE(t) }

static const struct table tables[] = {
	T("hashguard_counter", hg_names_counter),
	T("hashguard_config_attr", hg_names_config),
	T("hashguard_sample_source", hg_names_source),
	T("hashguard_state", hg_names_state),
	T("hashguard_event", hg_names_event),
	T("hashguard_feature", hg_names_feature),
	T("hashguard_action", hg_names_action),
	T("hashguard_outcome", hg_names_outcome),
	T("hashguard_approval_state", hg_names_approval_state),
	T("hashguard_approval_end", hg_names_approval_end),
	T("hashguard_cmd", hg_names_cmd),
};

#define MAX_MEMBERS 256

static int problems;

__attribute__((format(printf, 2, 3)))
static void fail(const char *enum_c, const char *fmt, ...)
{
	va_list ap;

	problems++;
	printf("FAIL %-15s enum %s: ", "names", enum_c);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The enumerators of enum @name in @hdr, into @m; -1 if there is none. */
static int members(const char *hdr, const char *name, char m[][64],
		   const char *enum_c)
{
	char head[128];
	const char *p, *end;
	int n = 0;

	snprintf(head, sizeof(head), "enum %s {", name);
	p = strstr(hdr, head);
	if (!p)
		return -1;
	p += strlen(head);
	end = strstr(p, "};");
	if (!end)
		return -1;
	while (p < end) {
		char id[64];
		size_t len = 0;
		const char *q;

		while (p < end && !(isalpha((unsigned char)*p) || *p == '_'))
			p++;
		while (p < end && (isalnum((unsigned char)*p) || *p == '_') &&
		       len < sizeof(id) - 1)
			id[len++] = *p++;
		id[len] = '\0';
		if (!len)
			break;
		/* The rest of the enumerator, up to its comma. */
		q = p;
		while (q < end && *q != ',')
			q++;
		if (!strncmp(id, "__", 2)) {
			p = q;
			continue;
		}
		if (memchr(p, '=', (size_t)(q - p))) {
			size_t l = strlen(id);

			if (l < 4 || strcmp(id + l - 4, "_MAX"))
				fail(enum_c, "%s has a value of its own", id);
			p = q;
			continue;
		}
		if (n == MAX_MEMBERS)
			return -1;
		snprintf(m[n++], 64, "%s", id);
		p = q;
	}
	return n;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static void check(const char *hdr, const struct table *t)
{
	static char m[MAX_MEMBERS][64];
	int before = problems, n = members(hdr, t->enum_c, m, t->enum_c);
	size_t i, j;

	if (n < 0) {
		fail(t->enum_c, "not found in the header");
		return;
	}
	if ((size_t)n != t->n)
		fail(t->enum_c, "the table has %zu slots, the enum %d values",
		     t->n, n);
	for (i = 0; i < t->n && i < (size_t)n; i++) {
		int unnamed = ends_with(m[i], "_UNSPEC") ||
			      ends_with(m[i], "_PAD");

		if (unnamed && t->names[i])
			fail(t->enum_c, "%s has a name, \"%s\"", m[i],
			     t->names[i]);
		else if (!unnamed && (!t->names[i] || !t->names[i][0]))
			fail(t->enum_c, "%s (value %zu) has no name", m[i], i);
		for (j = 0; !unnamed && t->names[i] && j < i; j++)
			if (t->names[j] && !strcmp(t->names[i], t->names[j]))
				fail(t->enum_c, "%s has the name of value %zu, \"%s\"",
				     m[i], j, t->names[j]);
	}
	if (problems == before)
		printf("ok   %-15s enum %s: %d values, each named once\n",
		       "names", t->enum_c, n);
}

int main(int argc, char **argv)
{
	static char hdr[1 << 20];
	size_t len, i;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s HEADER\n", argv[0]);
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	len = fread(hdr, 1, sizeof(hdr) - 1, f);
	fclose(f);
	hdr[len] = '\0';
	/* Comments out, so that only code is read. */
	for (char *c = strstr(hdr, "/*"), *e; c; c = strstr(c, "/*")) {
		e = strstr(c + 2, "*/");
		if (!e)
			break;
		memset(c, ' ', (size_t)(e + 2 - c));
	}
	for (i = 0; i < ARRAY_SIZE(tables); i++)
		check(hdr, &tables[i]);
	return problems ? 1 : 0;
}
