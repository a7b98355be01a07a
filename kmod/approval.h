/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Approvals: a tenant's written permission to mine, held by the kernel at
 * run time, with a scope (the whole tenant or one executable) and a time
 * of validity.  They do not change detection; they say which flagged
 * processes are covered, so that events and audit lines can name them.
 */
#ifndef _HG_APPROVAL_H
#define _HG_APPROVAL_H

#include <linux/hashguard.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "info.h"

struct netlink_ext_ack;

/**
 * struct hg_approval_req - an approval as a request gives it
 * @ref: reference, NUL-terminated
 * @exe: executable path, or NULL for the whole tenant
 * @not_before: start of validity, s since the epoch, 0 for now
 * @expires: end of validity, s since the epoch, 0 for never
 */
struct hg_approval_req {
	const char *ref;
	const char *exe;
	time64_t not_before;
	time64_t expires;
};

int hg_approval_text_valid(const char *s);
int hg_approval_set(const char *tenant, u32 tenant_id,
		    const struct hg_approval_req *req, bool excl,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack);
int hg_approval_del(const char *tenant, u32 tenant_id, const char *ref,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack);
int hg_approval_get(const char *tenant, u32 tenant_id, const char *ref,
		    struct hg_approval_info *info,
		    struct netlink_ext_ack *extack);
int hg_approval_nth(unsigned long idx, u32 tenant_id,
		    struct hg_approval_info *info);
unsigned int hg_approval_generation(void);

void hg_approval_count_begin(void);
u32 hg_approval_match(u32 tenant_id, const char *exe);
void hg_approval_count_end(void);
bool hg_approval_ref(u32 id, char *buf, size_t len);

int hg_approval_init(void);
int hg_approval_start(void);
void hg_approval_stop(void);
void hg_approval_exit(void);
u64 hg_approval_counter(unsigned int counter);

#endif /* _HG_APPROVAL_H */
