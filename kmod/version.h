/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The hashguard release version, shared by the module and the tools.
 */
#ifndef _HASHGUARD_VERSION_H
#define _HASHGUARD_VERSION_H

#define HASHGUARD_VERSION "0.1.0"

#endif /* _HASHGUARD_VERSION_H */
