// SPDX-License-Identifier: GPL-2.0
/*
 * hashguard_test: the KUnit suites of hashguard.  They run when the module
 * loads; tests/run-kunit.sh parses their TAP from the kernel log.
 */

#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for hashguard");
MODULE_AUTHOR("The hashguard developers");
