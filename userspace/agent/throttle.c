// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's throttle: cgroup v2 cpu.max of a cgroup (the process's
 * own or one above it, enforce.c's hg_enf_place()), the cpu controller
 * enabled above it where it is not; checked by reading cpu.max back and
 * seeing cpu.stat's nr_throttled grow, then held by reading cpu.max
 * again; lifted by writing back the cpu.max it had.  See enforce.h.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/hashguard.h>

#include "cgroup.h"
#include "mechanism.h"

/* cpu.max period: quotas are in percent of one CPU, so 1% is 1 ms. */
#define HG_ENF_PERIOD_US	100000ULL
#define HG_ENF_QUOTA_MAX	100000U		/* 1,000 CPUs */

/* The cpu.max that @e's quota (percent of one CPU) stands for. */
static void throttle_want(const struct hg_enf *e, char *want, size_t len)
{
	snprintf(want, len, "%llu %llu",
		 (unsigned long long)e->quota * 1000ULL, HG_ENF_PERIOD_US);
}

/* Enable the cpu controller in one ancestor's subtree, if it is not. */
static int enable_cpu_in(const char *anc, char *d, size_t len, bool *done)
{
	char buf[512], nm[HG_ENF_NAME_BUF];
	int ret;

	*done = false;
	ret = hgl_cgroup_read(anc, "cgroup.subtree_control", buf, sizeof(buf));
	if (ret) {
		hg_enf_det(d, len,
			   "cannot read cgroup.subtree_control of %s: %s",
			   hg_enf_shown(anc, nm, sizeof(nm)), hg_enf_err(ret));
		return ret;
	}
	if (hgl_cgroup_has_word(buf, "cpu"))
		return 0;
	if (!hgl_cgroup_read(anc, "cgroup.controllers", buf, sizeof(buf)) &&
	    !hgl_cgroup_has_word(buf, "cpu")) {
		hg_enf_det(d, len, "the cpu controller is not available in %s "
			   "(cgroup.controllers: %s)",
			   hg_enf_shown(anc, nm, sizeof(nm)),
			   *buf ? buf : "none");
		return -EOPNOTSUPP;
	}
	ret = hgl_cgroup_write(anc, "cgroup.subtree_control", "+cpu");
	if (ret == -EBUSY && !hgl_cgroup_is_root(anc) &&
	    !hgl_cgroup_read(anc, "cgroup.procs", buf, sizeof(buf)) && *buf) {
		hg_enf_det(d, len, "cannot enable the cpu controller in %s: it "
			   "has processes of its own, and cgroup v2 enables "
			   "controllers only for cgroups without (no internal "
			   "processes)", hg_enf_shown(anc, nm, sizeof(nm)));
		return ret;
	}
	if (ret) {
		hg_enf_det(d, len, "cannot enable the cpu controller in %s: %s",
			   hg_enf_shown(anc, nm, sizeof(nm)), hg_enf_err(ret));
		return ret;
	}
	*done = true;
	return 0;
}

/*
 * cpu.max is missing in @cg: enable the cpu controller in the
 * subtree_control of each ancestor, from the root down to the parent.
 * @n_done counts the cgroups where it was enabled.
 */
static int enable_cpu(const char *cg, char *d, size_t len, int *n_done)
{
	char anc[HG_ENF_CGROUP_MAX];
	size_t i, n = strlen(cg);
	bool done;
	int ret;

	while (n > 1 && cg[n - 1] == '/')
		n--;
	*n_done = 0;
	ret = enable_cpu_in("/", d, len, &done);
	*n_done += done;
	for (i = 1; !ret && i < n; i++) {
		if (cg[i] != '/' || cg[i - 1] == '/')
			continue;
		memcpy(anc, cg, i);
		anc[i] = '\0';
		ret = enable_cpu_in(anc, d, len, &done);
		*n_done += done;
	}
	return ret;
}

static int throttle_apply(struct hg_enf *e, char *d, size_t len)
{
	char want[64], cur[HG_ENF_PREV_MAX], nm[HG_ENF_NAME_BUF];
	char path[PATH_MAX], enabled[64] = "";
	const char *name = hg_enf_shown(e->cgroup, nm, sizeof(nm));
	int ret, n_done = 0;

	if (e->quota < 1 || e->quota > HG_ENF_QUOTA_MAX) {
		hg_enf_det(d, len, "quota %u%% is out of range (1%% to %u%%)",
			   e->quota, HG_ENF_QUOTA_MAX);
		return -EINVAL;
	}
	if (hgl_cgroup_is_root(e->cgroup)) {
		hg_enf_det(d, len, "process %d is in the root cgroup, which "
			   "has no cpu.max", (int)e->tgid);
		return -EPERM;
	}
	ret = hgl_cgroup_exists(e->cgroup);
	if (ret) {
		hg_enf_det(d, len, "cgroup %s: %s", name, hg_enf_err(ret));
		return ret;
	}
	ret = hgl_cgroup_file(path, sizeof(path), e->cgroup, "cpu.max");
	if (ret) {
		hg_enf_det(d, len, "cgroup path too long");
		return ret;
	}
	if (access(path, F_OK)) {
		ret = enable_cpu(e->cgroup, d, len, &n_done);
		if (ret)
			return ret;
		if (access(path, F_OK)) {
			ret = -errno;
			hg_enf_det(d, len, "no cpu.max in %s (%s), though the "
				   "cpu controller is enabled above it", name,
				   hg_enf_err(ret));
			return ret;
		}
		if (n_done)
			snprintf(enabled, sizeof(enabled),
				 "; cpu controller enabled in %d cgroup%s",
				 n_done, n_done > 1 ? "s" : "");
	}
	if (!e->already) {
		ret = hgl_cgroup_read(e->cgroup, "cpu.max", cur, sizeof(cur));
		if (ret) {
			hg_enf_det(d, len, "cannot read cpu.max of %s: %s",
				   name, hg_enf_err(ret));
			return ret;
		}
		memcpy(e->prev, cur, sizeof(e->prev));
	}
	ret = hg_enf_record(e, d, len);
	if (ret)
		return ret;
	throttle_want(e, want, sizeof(want));
	ret = hgl_cgroup_write(e->cgroup, "cpu.max", want);
	if (ret) {
		hg_enf_det(d, len, "writing '%s' to cpu.max of %s: %s", want,
			   name, hg_enf_err(ret));
		return ret;
	}
	ret = hgl_cgroup_read(e->cgroup, "cpu.max", cur, sizeof(cur));
	if (!ret && strcmp(cur, want)) {
		hgl_cgroup_write(e->cgroup, "cpu.max", e->prev);
		hg_enf_det(d, len, "cpu.max of %s reads '%s' after '%s' was "
			   "written", name, cur, want);
		return -EIO;
	}
	if (ret) {
		hg_enf_det(d, len, "cannot read back cpu.max of %s: %s", name,
			   hg_enf_err(ret));
		return ret;
	}
	e->nr_throttled = 0;
	hgl_cgroup_read_key(e->cgroup, "cpu.stat", "nr_throttled",
			   &e->nr_throttled);
	hg_enf_det(d, len, "cpu.max %s (was %s) in %s; nr_throttled %llu%s",
		   want, e->prev, name, (unsigned long long)e->nr_throttled,
		   enabled);
	return 0;
}

static int throttle_check(struct hg_enf *e, uint64_t now_ms, char *d,
			  size_t len)
{
	char want[64], nm[HG_ENF_NAME_BUF];
	uint64_t ms = hg_enf_elapsed(now_ms, e->started_ms), nr = 0;
	const char *name = hg_enf_shown(e->cgroup, nm, sizeof(nm));

	throttle_want(e, want, sizeof(want));
	if (hg_enf_still_written(e->cgroup, "cpu.max", want, name, "", d, len))
		return HG_ENF_FAILED;
	hgl_cgroup_read_key(e->cgroup, "cpu.stat", "nr_throttled", &nr);
	if (nr > e->nr_throttled) {
		hg_enf_det(d, len, "cpu.max %s (was %s); nr_throttled %llu -> "
			   "%llu in %llu ms", want, e->prev,
			   (unsigned long long)e->nr_throttled,
			   (unsigned long long)nr, (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		hg_enf_det(d, len, "cpu.max set to %s, but no throttling seen "
			   "in %d s (the process may be idle)", want,
			   HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	hg_enf_det(d, len,
		   "cpu.max %s; waiting for nr_throttled to grow from %llu",
		   want, (unsigned long long)e->nr_throttled);
	return HG_ENF_PENDING;
}

static int throttle_hold(const struct hg_enf *e, char *d, size_t len)
{
	char want[64], nm[HG_ENF_NAME_BUF];
	const char *name = hg_enf_shown(e->cgroup, nm, sizeof(nm));
	int ret;

	throttle_want(e, want, sizeof(want));
	ret = hg_enf_still_written(e->cgroup, "cpu.max", want, name, "", d,
				   len);
	if (ret == -ENOENT && !hgl_cgroup_exists(e->cgroup)) {
		hg_enf_det(d, len, "cpu.max of %s gone: the cpu controller "
			   "was disabled above it", name);
		return -ESTALE;
	}
	return ret;
}

static int throttle_lift(const char *cg, const char *prev, char *d, size_t len)
{
	char cur[HG_ENF_PREV_MAX], back[HG_ENF_PREV_MAX];
	char nm[HG_ENF_NAME_BUF];
	const char *name = hg_enf_shown(cg, nm, sizeof(nm));
	int ret;

	if (!prev || !*prev || hgl_cgroup_is_root(cg)) {
		hg_enf_det(d, len, "nothing to restore cpu.max of %s to", name);
		return -EINVAL;
	}
	ret = hgl_cgroup_read(cg, "cpu.max", cur, sizeof(cur));
	if (ret == -ENOENT) {
		if (hgl_cgroup_exists(cg) == -ENOENT)
			hg_enf_det(d, len, "cgroup %s gone", name);
		else
			hg_enf_det(d, len,
				   "cpu controller no longer enabled for %s",
				   name);
		return 0;
	}
	if (ret) {
		hg_enf_det(d, len, "cannot read cpu.max of %s: %s", name,
			   hg_enf_err(ret));
		return ret;
	}
	ret = hgl_cgroup_write(cg, "cpu.max", prev);
	if (ret == -ENOENT) {
		hg_enf_det(d, len, "cgroup %s gone", name);
		return 0;
	}
	if (ret) {
		hg_enf_det(d, len, "writing '%s' to cpu.max of %s: %s", prev,
			   name, hg_enf_err(ret));
		return ret;
	}
	ret = hgl_cgroup_read(cg, "cpu.max", back, sizeof(back));
	if (!ret && strcmp(back, prev)) {
		hg_enf_det(d, len, "cpu.max of %s reads '%s' after '%s' was "
			   "written", name, back, prev);
		return -EIO;
	}
	if (ret && ret != -ENOENT) {
		hg_enf_det(d, len, "cannot read back cpu.max of %s: %s", name,
			   hg_enf_err(ret));
		return ret;
	}
	hg_enf_det(d, len, "cpu.max %s restored in %s (was %s)", prev, name,
		   cur);
	return 0;
}

const struct hg_enf_ops hg_enf_throttle_ops = {
	.kind = HASHGUARD_ACTION_THROTTLE, .apply = throttle_apply,
	.check = throttle_check, .hold = throttle_hold,
	.lift_cgroup = throttle_lift,
};
