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
