/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "hashguard" generic netlink family.
 */
#ifndef _HG_NETLINK_H
#define _HG_NETLINK_H

#include <linux/types.h>

int hg_netlink_init(void);
void hg_netlink_exit(void);
u64 hg_netlink_requests(void);

#endif /* _HG_NETLINK_H */
