// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers that hashguardctl, hashguardd and the ledger share.
 */

#include <stdlib.h>
#include <string.h>

#include "util.h"

/**
 * hgl_json_str() - a JSON string of any bytes
 * @s: the string (a comm or a path from the kernel need not be UTF-8),
 *	or NULL
 *
 * Return: a new JSON value: null for NULL, @s when it is valid UTF-8,
 * else @s with every byte outside ASCII replaced by '?'; NULL when out
 * of memory.
 */
json_t *hgl_json_str(const char *s)
{
	char *copy, *p;
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	copy = strdup(s);
	if (!copy)
		return NULL;
	for (p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j;
}

/* Undo the octal escapes (\040 for a space, ...) of a mountinfo field. */
static void hg_mi_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/**
 * hgl_mountinfo_parse() - split one mountinfo line in place
 * @line: the line (its newline, if any, is dropped)
 * @m: the fields, pointing into @line, octal escapes undone
 *
 * "ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER"
 *
 * Return: false if the line is malformed.
 */
bool hgl_mountinfo_parse(char *line, struct hgl_mount *m)
{
	char *f[6], *save = NULL, *tok;
	int i = 0;

	line[strcspn(line, "\n")] = '\0';
	for (tok = strtok_r(line, " ", &save); tok && i < 6;
	     tok = strtok_r(NULL, " ", &save))
		f[i++] = tok;
	if (i < 6)
		return false;
	/* Optional fields, then "-", then the file system type. */
	while (tok && strcmp(tok, "-"))
		tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return false;
	tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return false;
	m->root = f[3];
	m->point = f[4];
	m->fstype = tok;
	hg_mi_unescape(m->root);
	hg_mi_unescape(m->point);
	return true;
}
