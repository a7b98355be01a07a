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

/* Builds lookup tables; -1 means the rule tables are inconsistent. */
static int hg_mod_classify(void)
{
	return hg_classify_init() ? -ENOSPC : 0;
}

/* The audit trail opens with the "load" line and closes with "unload". */
static int hg_mod_trail_open(void)
{
	hg_audit_module_load();
	return 0;
}

static void hg_mod_trail_close(void)
{
	hg_audit_module_unload(hg_status_uptime_ns());
}

/**
 * struct hg_mod_step - one step of bringing the module up
 * @up: set it up, or NULL if there is nothing to set up
 * @down: take it down, or NULL if there is nothing to take down
 */
struct hg_mod_step {
	int (*up)(void);
	void (*down)(void);
};

/*
 * Up in this order, down in reverse: Documentation/design.rst, "Init and exit order".
 */
static const struct hg_mod_step hg_mod_steps[] = {
	{ hg_status_init,	NULL },			/* load time */
	{ hg_config_init,	NULL },			/* defaults */
	{ hg_mod_classify,	NULL },
	{ hg_audit_init,	hg_audit_exit },
	{ hg_mod_trail_open,	hg_mod_trail_close },
	{ NULL,			hg_tenant_exit },	/* no setup */
	{ hg_task_init,		hg_task_exit },		/* records */
	{ hg_approval_init,	hg_approval_exit },	/* approvals held */
	{ hg_sched_init,	hg_sched_exit },	/* probes, inert */
	{ hg_sampler_init,	hg_sampler_exit },	/* sampler, inert */
	{ hg_netlink_init,	hg_netlink_exit },	/* the family */
	{ hg_approval_start,	hg_approval_stop },	/* expiry work */
	{ hg_engine_start,	hg_engine_stop },	/* tracking on */
};

/* Take down the first @n steps, last first. */
static void hg_mod_down(unsigned int n)
{
	while (n--)
		if (hg_mod_steps[n].down)
			hg_mod_steps[n].down();
}

static int __init hg_mod_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(hg_mod_steps); i++) {
		ret = hg_mod_steps[i].up ? hg_mod_steps[i].up() : 0;
		if (ret) {
			hg_mod_down(i);
			return ret;
		}
	}
	return 0;
}

static void __exit hg_mod_exit(void)
{
	hg_mod_down(ARRAY_SIZE(hg_mod_steps));
}

module_init(hg_mod_init);
module_exit(hg_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Detection of cryptographic-hash-heavy (crypto-mining) tasks");
MODULE_AUTHOR("The hashguard developers");
MODULE_VERSION(HASHGUARD_VERSION);
MODULE_ALIAS_GENL_FAMILY(HASHGUARD_GENL_NAME);
