// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's freeze: cgroup.freeze of a cgroup (the process's own or
 * one above it); checked in cgroup.events ("frozen 1"), then held by
 * reading cgroup.freeze again; lifted by writing back the cgroup.freeze
 * it had and waiting for cgroup.events to agree.  See enforce.h.
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/hashguard.h>

#include "cgroup.h"
#include "mechanism.h"

/* How long a thaw is polled for in freeze_lift(), between reads. */
#define HG_ENF_POLL_MS		5

/* Is the agent itself in @cg or below it? */
static bool self_inside(const char *cg)
{
	char own[HG_ENF_CGROUP_MAX];
	size_t n = strlen(cg);

	while (n > 1 && cg[n - 1] == '/')
		n--;
	if (hgl_cgroup_of(getpid(), own, sizeof(own)))
		return false;
	return !strncmp(own, cg, n) && (own[n] == '\0' || own[n] == '/');
}

static int freeze_apply(struct hg_enf *e, char *d, size_t len)
{
	char cur[HG_ENF_PREV_MAX], nm[HG_ENF_NAME_BUF];
	const char *name = hg_enf_shown(e->cgroup, nm, sizeof(nm));
	int ret;

	if (hgl_cgroup_is_root(e->cgroup)) {
		hg_enf_det(d, len, "process %d is in the root cgroup, which "
			   "cannot be frozen", (int)e->tgid);
		return -EPERM;
	}
	if (self_inside(e->cgroup)) {
		hg_enf_det(d, len, "hashguardd itself is in %s: freezing it "
			   "would freeze the agent", name);
		return -EDEADLK;
	}
	ret = hgl_cgroup_read(e->cgroup, "cgroup.freeze", cur, sizeof(cur));
	if (ret) {
		hg_enf_det(d, len, "cannot read cgroup.freeze of %s: %s", name,
			   hg_enf_err(ret));
		return ret;
	}
	if (!e->already)
		memcpy(e->prev, cur, sizeof(e->prev));
	ret = hg_enf_record(e, d, len);
	if (ret)
		return ret;
	ret = hgl_cgroup_write(e->cgroup, "cgroup.freeze", "1");
	if (ret) {
		hg_enf_det(d, len, "writing 1 to cgroup.freeze of %s: %s", name,
			   hg_enf_err(ret));
		return ret;
	}
	hg_enf_det(d, len, "cgroup.freeze 1 (was %s) in %s", e->prev, name);
	return 0;
}

static int freeze_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	char nm[HG_ENF_NAME_BUF];
	uint64_t ms = hg_enf_elapsed(now_ms, e->started_ms), frozen = 0;
	const char *name = hg_enf_shown(e->cgroup, nm, sizeof(nm));
	int ret;

	if (hg_enf_still_written(e->cgroup, "cgroup.freeze", "1", name,
				 ": thawed by someone else", d, len))
		return HG_ENF_FAILED;
	ret = hgl_cgroup_read_key(e->cgroup, "cgroup.events", "frozen", &frozen);
	if (ret && ret != -ENODATA) {
		hg_enf_det(d, len, "cannot read cgroup.events of %s: %s", name,
			   hg_enf_err(ret));
		return HG_ENF_FAILED;
	}
	if (frozen == 1) {
		hg_enf_det(d, len, "cgroup %s frozen (cgroup.freeze was %s) "
			   "after %llu ms", name, e->prev,
			   (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		hg_enf_det(d, len, "cgroup.freeze of %s set to 1, but no "
			   "'frozen 1' in cgroup.events in %d s (a task stuck "
			   "in the kernel?)", name, HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	hg_enf_det(d, len, "cgroup.freeze 1 in %s; waiting for 'frozen 1'",
		   name);
	return HG_ENF_PENDING;
}

static int freeze_hold(const struct hg_enf *e, char *d, size_t len)
{
	char nm[HG_ENF_NAME_BUF];

	return hg_enf_still_written(e->cgroup, "cgroup.freeze", "1",
				    hg_enf_shown(e->cgroup, nm, sizeof(nm)),
				    ": thawed by someone else", d, len);
}

static int freeze_lift(const char *cg, const char *prev, char *d, size_t len)
{
	char nm[HG_ENF_NAME_BUF];
	uint64_t start = hg_enf_now_ms(), frozen, want;
	struct timespec ts = { 0, HG_ENF_POLL_MS * 1000000L };
	const char *name = hg_enf_shown(cg, nm, sizeof(nm));
	int ret;

	if (!prev || !*prev)
		prev = "0";
	if (strcmp(prev, "0") && strcmp(prev, "1")) {
		hg_enf_det(d, len, "bad previous cgroup.freeze '%s' for %s",
			   prev, name);
		return -EINVAL;
	}
	if (hgl_cgroup_is_root(cg)) {
		hg_enf_det(d, len, "the root cgroup is never frozen");
		return -EINVAL;
	}
	want = prev[0] == '1';
	ret = hgl_cgroup_write(cg, "cgroup.freeze", prev);
	if (ret == -ENOENT) {
		hg_enf_det(d, len, "cgroup %s gone", name);
		return 0;
	}
	if (ret) {
		hg_enf_det(d, len, "writing %s to cgroup.freeze of %s: %s",
			   prev, name, hg_enf_err(ret));
		return ret;
	}
	for (;;) {
		frozen = !want;
		ret = hgl_cgroup_read_key(cg, "cgroup.events", "frozen",
					 &frozen);
		if (ret == -ENOENT && hgl_cgroup_exists(cg) == -ENOENT) {
			hg_enf_det(d, len, "cgroup %s gone", name);
			return 0;
		}
		if (ret) {
			hg_enf_det(d, len, "cannot read 'frozen' in "
				   "cgroup.events of %s: %s", name,
				   hg_enf_err(ret));
			return ret;
		}
		if (frozen == want)
			break;
		if (hg_enf_elapsed(hg_enf_now_ms(), start) >=
		    HG_ENF_VERIFY_MS) {
			hg_enf_det(d, len, "cgroup.freeze of %s set to %s, but "
				   "no 'frozen %s' in cgroup.events in %d s",
				   name, prev, prev, HG_ENF_VERIFY_MS / 1000);
			return -ETIMEDOUT;
		}
		nanosleep(&ts, NULL);
	}
	hg_enf_det(d, len,
		   "cgroup.freeze %s restored in %s; frozen %s after %llu ms",
		   prev, name, prev,
		   (unsigned long long)hg_enf_elapsed(hg_enf_now_ms(), start));
	return 0;
}

const struct hg_enf_ops hg_enf_freeze_ops = {
	.kind = HASHGUARD_ACTION_FREEZE, .apply = freeze_apply,
	.check = freeze_check, .hold = freeze_hold,
	.lift_cgroup = freeze_lift,
};
