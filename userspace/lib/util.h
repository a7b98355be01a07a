/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers that hashguardctl, hashguardd and the ledger share:
 * JSON strings of untrusted bytes.  (The mount table is cgroup.h's.)
 */
#ifndef HGL_UTIL_H
#define HGL_UTIL_H

#include <jansson.h>

json_t *hgl_json_str(const char *s);

#endif /* HGL_UTIL_H */
