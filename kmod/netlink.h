/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands of the "hashguard" generic netlink family: the top of the
 * module, called only by main.c.
 */
#ifndef _HG_NETLINK_H
#define _HG_NETLINK_H

int hg_netlink_init(void);
void hg_netlink_exit(void);

#endif /* _HG_NETLINK_H */
