/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "hashguard" generic netlink family.
 */
#ifndef _HG_NETLINK_H
#define _HG_NETLINK_H

#include <linux/hashguard.h>
#include <linux/types.h>

struct hg_approval_info;
struct hg_task_info;

int hg_netlink_init(void);
void hg_netlink_exit(void);
u64 hg_netlink_counter(unsigned int counter);
int hg_netlink_notify_task(enum hashguard_event ev,
			   const struct hg_task_info *ti);
void hg_netlink_notify_approval(u8 cmd, const struct hg_approval_info *a,
				bool by_caller);

#endif /* _HG_NETLINK_H */
