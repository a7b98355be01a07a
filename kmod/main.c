// SPDX-License-Identifier: GPL-2.0
/*
 * hashguard: find cryptographic-hash-heavy tasks (crypto-mining) by what
 * they execute.  This file only brings the parts up in order and down in
 * reverse; each concern lives in its own file.
 */

#include <linux/hashguard.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "approval.h"
#include "audit.h"
#include "classify/classify.h"
#include "config.h"
#include "engine.h"
#include "netlink.h"
#include "sampler.h"
#include "sched.h"
#include "status.h"
#include "task.h"
#include "tenant.h"
#include "version.h"

static int __init hg_mod_init(void)
{
	int ret;

	hg_status_init();
	hg_config_init();

	/* Builds lookup tables; -1 means the rule tables are inconsistent. */
	if (hg_classify_init())
		return -ENOSPC;

	ret = hg_audit_init();
	if (ret)
		return ret;

	ret = hg_task_init();
	if (ret)
		goto err_audit;

	ret = hg_sched_init();
	if (ret)
		goto err_task;

	ret = hg_sampler_init();
	if (ret)
		goto err_sched;

	ret = hg_netlink_init();
	if (ret)
		goto err_sampler;

	hg_engine_start();
	hg_audit_module_load();
	return 0;

err_sampler:
	hg_sampler_exit();
err_sched:
	hg_sched_exit();
err_task:
	hg_task_exit();
err_audit:
	hg_audit_exit();
	return ret;
}

static void __exit hg_mod_exit(void)
{
	hg_engine_stop();
	hg_approval_stop();
	hg_sched_exit();
	hg_sampler_exit();
	hg_netlink_exit();
	hg_approval_exit();
	hg_task_exit();
	hg_tenant_exit();
	hg_audit_module_unload();
	hg_audit_exit();
}

module_init(hg_mod_init);
module_exit(hg_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Detection of cryptographic-hash-heavy (crypto-mining) tasks");
MODULE_AUTHOR("The hashguard developers");
MODULE_VERSION(HASHGUARD_VERSION);
MODULE_ALIAS_GENL_FAMILY(HASHGUARD_GENL_NAME);
