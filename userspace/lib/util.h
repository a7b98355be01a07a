/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers that hashguardctl, hashguardd and the ledger share:
 * JSON strings of untrusted bytes, and lines of /proc/self/mountinfo.
 */
#ifndef HGL_UTIL_H
#define HGL_UTIL_H

#include <stdbool.h>

#include <jansson.h>

json_t *hgl_json_str(const char *s);

/**
 * struct hgl_mount - one line of /proc/PID/mountinfo, split in place
 * @root: 4th field, the mount's root within its file system
 * @point: 5th field, where it is mounted
 * @fstype: the first field after " - "
 */
struct hgl_mount {
	char *root;
	char *point;
	char *fstype;
};

bool hgl_mountinfo_parse(char *line, struct hgl_mount *m);

#endif /* HGL_UTIL_H */
