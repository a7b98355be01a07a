// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hashguardd's enforcement (agent/enforce.c).  Throttle
 * and freeze run against a fake cgroup root: a temporary directory of
 * plain files laid out like cgroup v2, where the test plays the kernel
 * (bumping nr_throttled, writing "frozen 1").  Idle and kill act on real
 * child processes, which needs no privilege.  Nothing here touches the
 * real /sys/fs/cgroup.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cmocka.h>

/* Not <sched.h> nor <pthread.h>: -I kmod/ finds the module's sched.h. */
#include <linux/hashguard.h>
#include <linux/sched.h>

#include "cgroup.h"
#include "enforce.h"

#define MAXT	16	/* threads looked at in a child */

#ifndef SCHED_OTHER
#define SCHED_OTHER	SCHED_NORMAL
#endif

struct sparam {
	int sched_priority;
};

static int getsched(pid_t tid)
{
	return (int)syscall(SYS_sched_getscheduler, tid);
}

static int setsched(pid_t tid, int policy)
{
	struct sparam sp = { 0 };

	return (int)syscall(SYS_sched_setscheduler, tid, policy, &sp);
}

static char tree[64];	/* /tmp/hg-enforce-XXXXXX */

/* ---- the fake cgroup tree -------------------------------------------- */

static void put(const char *rel, const char *content)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	f = fopen(path, "we");
	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	fputs(content, f);
	fclose(f);
}

/* The content of a fake file, trailing newline dropped; "(missing)" if none. */
static const char *get(const char *rel)
{
	static char buf[4096];
	char path[PATH_MAX];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	f = fopen(path, "re");
	if (!f)
		return "(missing)";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

static void mkd(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	if (mkdir(path, 0755))
		fail_msg("mkdir %s: %s", path, strerror(errno));
}

/* A cgroup with the cpu controller enabled above it, not frozen. */
static void mk_cgroup(const char *rel)
{
	char f[PATH_MAX];

	mkd(rel);
#define PUT(name, val) do {						\
	snprintf(f, sizeof(f), "%s/%s", rel, name);			\
	put(f, val);							\
} while (0)
	PUT("cgroup.controllers", "cpu memory\n");
	PUT("cgroup.subtree_control", "\n");
	PUT("cgroup.procs", "4242\n");
	PUT("cpu.max", "max 100000\n");
	PUT("cpu.stat", "usage_usec 100\nuser_usec 60\nsystem_usec 40\n"
	    "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
	PUT("cgroup.freeze", "0\n");
	PUT("cgroup.events", "populated 1\nfrozen 0\n");
#undef PUT
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int count_fds(void)
{
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int fds_before;

static int setup_tree(void **state)
{
	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/hg-enforce-XXXXXX");
	if (!mkdtemp(tree))
		return -1;
	put("cgroup.controllers", "cpu memory pids\n");
	put("cgroup.subtree_control", "cpu memory\n");
	mk_cgroup("t");
	if (hgl_cgroup_set_root(tree))
		return -1;
	fds_before = count_fds();
	return 0;
}

static int teardown_tree(void **state)
{
	(void)state;
	nftw(tree, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	hgl_cgroup_set_root(NULL);
	assert_int_equal(count_fds(), fds_before);	/* no fd leaked */
	return 0;
}

static void one_line(const char *d)
{
	if (strchr(d, '\n') || strlen(d) >= HG_ENF_DETAIL_MAX || !*d)
		fail_msg("detail not one line: '%s'", d);
}

#define HAS(d, needle) do {						\
	one_line(d);							\
	if (!strstr((d), (needle)))					\
		fail_msg("detail '%s' lacks '%s'", (d), (needle));	\
} while (0)

static void init_enf(struct hg_enf *e, unsigned int kind, const char *cg)
{
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->tgid = 4242;
	e->quota = 10;
	e->pidfd = -2;		/* apply must set it */
	snprintf(e->cgroup, sizeof(e->cgroup), "%s", cg);
}

/* ---- throttle --------------------------------------------------------- */

static void throttle_sets_quota_and_verifies(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	HAS(d, "cpu.max 10000 100000 (was max 100000) in /t; nr_throttled 0");
	assert_string_equal(get("t/cpu.max"), "10000 100000");
	assert_string_equal(e.prev, "max 100000");
	assert_int_equal(e.pidfd, -1);
	assert_int_equal(e.nr_throttled, 0);

	assert_int_equal(hg_enf_check(&e, e.started_ms + 100, d, sizeof(d)),
			 HG_ENF_PENDING);
	HAS(d, "waiting");
	put("t/cpu.stat", "usage_usec 200\nnr_periods 9\nnr_throttled 3\n"
	    "throttled_usec 1234\n");
	assert_int_equal(hg_enf_check(&e, e.started_ms + 420, d, sizeof(d)),
			 HG_ENF_VERIFIED);
	assert_string_equal(d, "cpu.max 10000 100000 (was max 100000); "
			    "nr_throttled 0 -> 3 in 420 ms");
	hg_enf_release(&e);
}

/* What the record hook saw: prev, and the files not yet changed. */
struct seen {
	int calls;
	int ret;
	char prev[HG_ENF_PREV_MAX];
	char cpu_max[64];
	char freeze[8];
};

static int record_hook(const struct hg_enf *e, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	snprintf(s->prev, sizeof(s->prev), "%s", e->prev);
	snprintf(s->cpu_max, sizeof(s->cpu_max), "%s", get("t/cpu.max"));
	snprintf(s->freeze, sizeof(s->freeze), "%s", get("t/cgroup.freeze"));
	return s->ret;
}

static void record_hook_runs_before_the_change(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct seen s = { 0 };
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	e.record = record_hook;
	e.record_arg = &s;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.prev, "max 100000");
	assert_string_equal(s.cpu_max, "max 100000");
	assert_string_equal(get("t/cpu.max"), "10000 100000");
	hg_enf_release(&e);

	memset(&s, 0, sizeof(s));
	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/t");
	e.record = record_hook;
	e.record_arg = &s;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.prev, "0");
	assert_string_equal(s.freeze, "0");
	assert_string_equal(get("t/cgroup.freeze"), "1");
	hg_enf_release(&e);
}

static void record_hook_failure_changes_nothing(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct seen s = { .ret = -EIO };
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	e.record = record_hook;
	e.record_arg = &s;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EIO);
	HAS(d, "not done: the intent could not be recorded");
	assert_string_equal(get("t/cpu.max"), "max 100000");
	hg_enf_release(&e);

	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/t");
	e.record = record_hook;
	e.record_arg = &s;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EIO);
	assert_string_equal(get("t/cgroup.freeze"), "0");
	hg_enf_release(&e);
}

static void throttle_fails_after_deadline(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	e.quota = 250;		/* two and a half CPUs */
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(get("t/cpu.max"), "250000 100000");
	assert_int_equal(hg_enf_check(&e, e.started_ms + HG_ENF_VERIFY_MS - 1,
				      d, sizeof(d)), HG_ENF_PENDING);
	assert_int_equal(hg_enf_check(&e, e.started_ms + HG_ENF_VERIFY_MS,
				      d, sizeof(d)), HG_ENF_FAILED);
	assert_string_equal(d, "cpu.max set to 250000 100000, but no "
			    "throttling seen in 5 s (the process may be idle)");
}

static void throttle_fails_when_cpu_max_changes(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	put("t/cpu.max", "max 100000\n");		/* someone undid it */
	put("t/cpu.stat", "nr_throttled 7\n");
	assert_int_equal(hg_enf_check(&e, e.started_ms + 10, d, sizeof(d)),
			 HG_ENF_FAILED);
	HAS(d, "cpu.max of /t reads 'max 100000', not the '10000 100000'");

	/* The cgroup gone (the process exited). */
	put("t/cpu.max", "10000 100000\n");
	remove(strcat(strcpy(d, tree), "/t/cpu.max"));
	assert_int_equal(hg_enf_check(&e, e.started_ms + 10, d, sizeof(d)),
			 HG_ENF_FAILED);
	HAS(d, "cgroup /t gone");
}

static void throttle_already_keeps_prev(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	put("t/cpu.max", "20000 100000\n");		/* ours, earlier */
	put("t/cpu.stat", "nr_periods 50\nnr_throttled 5\n");
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	e.already = true;
	strcpy(e.prev, "max 50000");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(e.prev, "max 50000");
	assert_string_equal(get("t/cpu.max"), "10000 100000");
	assert_int_equal(e.nr_throttled, 5);
	HAS(d, "(was max 50000)");
}

static void throttle_enables_cpu_controller(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	/* /a/b/c: the root has cpu, /a has nothing, /a/b has pids. */
	mkd("a");
	put("a/cgroup.controllers", "cpu memory\n");
	put("a/cgroup.subtree_control", "\n");
	put("a/cgroup.procs", "");
	mkd("a/b");
	put("a/b/cgroup.controllers", "cpu pids\n");
	put("a/b/cgroup.subtree_control", "pids\n");
	put("a/b/cgroup.procs", "");
	mkd("a/b/c");
	put("a/b/c/cgroup.controllers", "\n");
	put("a/b/c/cgroup.subtree_control", "\n");

	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/a/b/c");
	/* Plain files: cpu.max does not appear as it would in cgroupfs. */
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ENOENT);
	HAS(d, "no cpu.max in /a/b/c");
	assert_string_equal(get("cgroup.subtree_control"), "cpu memory");
	assert_string_equal(get("a/cgroup.subtree_control"), "+cpu");
	assert_string_equal(get("a/b/cgroup.subtree_control"), "+cpu");
	assert_string_equal(get("a/b/c/cgroup.subtree_control"), "");

	/* Now play the kernel: the controller is on, cpu.max appears. */
	put("a/cgroup.subtree_control", "cpu\n");
	put("a/b/cgroup.subtree_control", "cpu pids\n");
	put("a/b/c/cpu.max", "max 100000\n");
	put("a/b/c/cpu.stat", "nr_periods 0\nnr_throttled 0\n");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(d, "cpu.max 10000 100000 (was max 100000) in "
			    "/a/b/c; nr_throttled 0");
	assert_string_equal(get("a/b/c/cpu.max"), "10000 100000");
	assert_string_equal(get("a/cgroup.subtree_control"), "cpu");
	assert_string_equal(get("a/b/cgroup.subtree_control"), "cpu pids");
}

static void throttle_cpu_controller_unavailable(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	/* cpu bound to a v1 hierarchy: the root does not offer it. */
	put("cgroup.controllers", "memory pids\n");
	put("cgroup.subtree_control", "memory\n");
	remove(strcat(strcpy(d, tree), "/t/cpu.max"));
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EOPNOTSUPP);
	assert_string_equal(d, "the cpu controller is not available in / "
			    "(cgroup.controllers: memory pids)");
	assert_string_equal(get("cgroup.subtree_control"), "memory");
	assert_string_equal(e.prev, "");
}

static void throttle_bad_quota_and_missing_cgroup(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	e.quota = 0;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EINVAL);
	HAS(d, "quota 0% is out of range");
	assert_string_equal(get("t/cpu.max"), "max 100000");

	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/nope");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ENOENT);
	HAS(d, "cgroup /nope:");
}

static void refuses_root_cgroup(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	put("cpu.max", "max 100000\n");	/* even if it were there */
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EPERM);
	assert_string_equal(d, "process 4242 is in the root cgroup, which has "
			    "no cpu.max");
	assert_string_equal(get("cpu.max"), "max 100000");

	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/");
	put("cgroup.freeze", "0\n");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EPERM);
	HAS(d, "root cgroup, which cannot be frozen");
	assert_string_equal(get("cgroup.freeze"), "0");
}

static void refuses_dotdot(void **state)
{
	static const char *const bad[] = {
		"/..", "/t/..", "/t/../t", "/../t", "//..//t", "t", "",
	};
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		init_enf(&e, HASHGUARD_ACTION_THROTTLE, bad[i]);
		assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EINVAL);
		one_line(d);
		init_enf(&e, HASHGUARD_ACTION_FREEZE, bad[i]);
		assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EINVAL);
		assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_THROTTLE, bad[i],
					     0, "max 100000", d, sizeof(d)),
				 -EINVAL);
		assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_FREEZE, bad[i],
					     0, "0", d, sizeof(d)), -EINVAL);
	}
	HAS(d, "not absolute");
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t/../t");
	hg_enf_apply(&e, d, sizeof(d));
	HAS(d, "has a '..' component");
	assert_string_equal(get("t/cpu.max"), "max 100000");
	assert_string_equal(get("t/cgroup.freeze"), "0");

	/* Dots inside a name are fine. */
	mk_cgroup("t..x");
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t..x");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(get("t..x/cpu.max"), "10000 100000");
}

static void lift_throttle_restores_prev(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	put("t/cpu.max", "50000 200000\n");
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(e.prev, "50000 200000");
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_THROTTLE, "/t", 0,
				     e.prev, d, sizeof(d)), 0);
	assert_string_equal(d, "cpu.max 50000 200000 restored in /t (was "
			    "10000 100000)");
	assert_string_equal(get("t/cpu.max"), "50000 200000");

	/* A cgroup that is gone counts as lifted. */
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_THROTTLE, "/gone", 0,
				     "max 100000", d, sizeof(d)), 0);
	assert_string_equal(d, "cgroup /gone gone");
	/* Nothing to restore to. */
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_THROTTLE, "/t", 0, "",
				     d, sizeof(d)), -EINVAL);
	one_line(d);
}

/* ---- freeze ----------------------------------------------------------- */

static void freeze_writes_and_verifies(void **state)
{
	char d[HG_ENF_DETAIL_MAX], own[HG_ENF_CGROUP_MAX], rel[PATH_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(d, "cgroup.freeze 1 (was 0) in /t");
	assert_string_equal(get("t/cgroup.freeze"), "1");
	assert_string_equal(e.prev, "0");
	assert_int_equal(e.pidfd, -1);
	assert_int_equal(hg_enf_check(&e, e.started_ms + 5, d, sizeof(d)),
			 HG_ENF_PENDING);
	HAS(d, "waiting for 'frozen 1'");
	put("t/cgroup.events", "populated 1\nfrozen 1\n");
	assert_int_equal(hg_enf_check(&e, e.started_ms + 30, d, sizeof(d)),
			 HG_ENF_VERIFIED);
	assert_string_equal(d, "cgroup /t frozen (cgroup.freeze was 0) after "
			    "30 ms");

	/* Thawed behind our back. */
	put("t/cgroup.freeze", "0\n");
	assert_int_equal(hg_enf_check(&e, e.started_ms + 40, d, sizeof(d)),
			 HG_ENF_FAILED);
	HAS(d, "thawed by someone else");

	/* The agent's own cgroup (or one above it) is never frozen. */
	if (!hgl_cgroup_of(getpid(), own, sizeof(own)) && strcmp(own, "/")) {
		char *slash = strchr(own + 1, '/');

		if (slash)
			*slash = '\0';	/* its top-level ancestor */
		snprintf(rel, sizeof(rel), "%s", own + 1);
		mk_cgroup(rel);
		init_enf(&e, HASHGUARD_ACTION_FREEZE, own);
		assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EDEADLK);
		HAS(d, "freezing it would freeze the agent");
		snprintf(rel + strlen(rel), sizeof(rel) - strlen(rel),
			 "/cgroup.freeze");
		assert_string_equal(get(rel), "0");
	}
}

static void freeze_fails_after_deadline(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	put("t/cgroup.freeze", "1\n");		/* frozen by the admin */
	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(e.prev, "1");
	assert_int_equal(hg_enf_check(&e, e.started_ms + HG_ENF_VERIFY_MS,
				      d, sizeof(d)), HG_ENF_FAILED);
	assert_string_equal(d, "cgroup.freeze of /t set to 1, but no "
			    "'frozen 1' in cgroup.events in 5 s (a task stuck "
			    "in the kernel?)");
}

static void lift_freeze_thaws(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	put("t/cgroup.events", "populated 1\nfrozen 0\n");
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_FREEZE, "/t", 0, e.prev,
				     d, sizeof(d)), 0);
	HAS(d, "cgroup.freeze 0 restored in /t; frozen 0 after ");
	assert_string_equal(get("t/cgroup.freeze"), "0");

	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_FREEZE, "/gone", 0, "0",
				     d, sizeof(d)), 0);
	assert_string_equal(d, "cgroup /gone gone");
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_FREEZE, "/t", 0, "2",
				     d, sizeof(d)), -EINVAL);
	one_line(d);
}

/* ---- details ---------------------------------------------------------- */

static void details_stay_one_line(void **state)
{
	char d[HG_ENF_DETAIL_MAX], lng[400], rel[420];
	struct hg_enf e;
	size_t i;

	(void)state;
	mk_cgroup("new\nline");
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/new\nline");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	HAS(d, "in /new?line;");

	/* Components of 99 x's: too long to show, short enough for stat. */
	memset(lng, 'x', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	for (i = 99; i < sizeof(lng) - 1; i += 100)
		lng[i] = '/';
	snprintf(rel, sizeof(rel), "/%s", lng);
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, rel);
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ENOENT);
	HAS(d, "cgroup ...xxx");

	/* A small buffer is cut, not overrun. */
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/t");
	assert_int_equal(hg_enf_apply(&e, d, 8), 0);
	assert_string_equal(d, "cpu.max");
}

static void audit_recorded_only(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_AUDIT, "");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_int_equal(e.pidfd, -1);
	assert_int_equal(hg_enf_check(&e, e.started_ms, d, sizeof(d)),
			 HG_ENF_VERIFIED);
	assert_string_equal(d, "recorded only");
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_KILL, NULL, 1, "", d,
				     sizeof(d)), -EINVAL);
	HAS(d, "cannot be lifted");
	init_enf(&e, 99, "/t");
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EINVAL);
	HAS(d, "unknown action 99");
}

/* ---- the root and /proc ----------------------------------------------- */

static void root_from_mountinfo(void **state)
{
	char want[PATH_MAX] = "/sys/fs/cgroup", line[4096];
	char f[6][PATH_MAX];
	FILE *m;

	(void)state;
	m = fopen("/proc/self/mountinfo", "re");
	assert_non_null(m);
	while (fgets(line, sizeof(line), m)) {
		if (!strstr(line, " - cgroup2 "))
			continue;
		if (sscanf(line, "%s %s %s %s %s", f[0], f[1], f[2], f[3],
			   f[4]) == 5 && !strchr(f[4], '\\'))
			snprintf(want, sizeof(want), "%s", f[4]);
		break;
	}
	fclose(m);
	assert_int_equal(hgl_cgroup_set_root(NULL), 0);
	assert_string_equal(hgl_cgroup_root(), want);
	assert_int_equal(hgl_cgroup_set_root("/x/y//"), 0);
	assert_string_equal(hgl_cgroup_root(), "/x/y");
	assert_int_equal(hgl_cgroup_set_root(tree), 0);
	assert_string_equal(hgl_cgroup_root(), tree);
}

static void cgroup_of_self_and_gone(void **state)
{
	char buf[HG_ENF_CGROUP_MAX], line[4096];
	bool v2 = false;
	pid_t pid;
	FILE *f;

	(void)state;
	f = fopen("/proc/self/cgroup", "re");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		v2 |= !strncmp(line, "0::", 3);
	fclose(f);

	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(hgl_cgroup_of(pid, buf, sizeof(buf)), -ESRCH);

	if (!v2)
		skip();
	assert_int_equal(hgl_cgroup_of(getpid(), buf, sizeof(buf)), 0);
	assert_true(buf[0] == '/');
	assert_null(strchr(buf, '\n'));
	assert_int_equal(hgl_cgroup_of(getpid(), buf, 1), -ENAMETOOLONG);
}

/* ---- real processes: idle and kill ------------------------------------ */

static int sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return 0;
}

/* A child with @threads threads, all asleep. */
static pid_t spawn(int threads)
{
	thrd_t t;
	int p[2], i;
	char c = 0;
	pid_t pid;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(p[0]);
		for (i = 1; i < threads; i++)
			if (thrd_create(&t, sleeper, NULL) != thrd_success)
				_exit(1);
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The policy of each thread of @pid; their number. */
static int policies(pid_t pid, int *pol)
{
	char path[64];
	struct dirent *de;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((de = readdir(dir)) && n < MAXT)
		if (de->d_name[0] != '.')
			pol[n++] = getsched(atoi(de->d_name));
	closedir(dir);
	return n;
}

/* May this process put a SCHED_IDLE thread back to SCHED_OTHER?  Ask. */
static bool may_leave_idle(void)
{
	int st;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		if (setsched(0, SCHED_IDLE))
			_exit(2);
		_exit(setsched(0, SCHED_OTHER) ? 1 : 0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) < 2);
	return WEXITSTATUS(st) == 0;
}

struct confirm_seen {
	pid_t tgid;
	int calls;
	int answer;
};

static int confirm(pid_t tgid, void *arg)
{
	struct confirm_seen *c = arg;

	c->tgid = tgid;
	c->calls++;
	return c->answer;
}

static void idle_all_threads(void **state)
{
	struct confirm_seen seen = { 0 };
	char d[HG_ENF_DETAIL_MAX];
	int pol[MAXT], n, i, ret;
	struct hg_enf e;
	pid_t pid;

	(void)state;
	pid = spawn(3);
	init_enf(&e, HASHGUARD_ACTION_IDLE, "");
	e.tgid = pid;
	e.confirm = confirm;
	e.confirm_arg = &seen;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	assert_string_equal(d, "SCHED_IDLE on 3 threads (was SCHED_OTHER "
			    "nice 0)");
	assert_string_equal(e.prev, "0 0");
	assert_int_equal(e.pidfd, -1);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.tgid, pid);
	n = policies(pid, pol);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_int_equal(pol[i], SCHED_IDLE);
	assert_int_equal(hg_enf_check(&e, hg_enf_now_ms(), d, sizeof(d)),
			 HG_ENF_VERIFIED);
	assert_string_equal(d, "SCHED_IDLE on 3 of 3 threads");

	/* Leaving SCHED_IDLE takes CAP_SYS_NICE or RLIMIT_NICE. */
	ret = hg_enf_lift(HASHGUARD_ACTION_IDLE, NULL, pid, e.prev, d,
			  sizeof(d));
	if (may_leave_idle()) {
		assert_int_equal(ret, 0);
		assert_string_equal(d, "SCHED_OTHER nice 0 restored on 3 of 3 "
				    "threads");
		n = policies(pid, pol);
		for (i = 0; i < n; i++)
			assert_int_equal(pol[i], SCHED_OTHER);
	} else {
		assert_int_equal(ret, -EPERM);
		HAS(d, "leaving SCHED_IDLE needs CAP_SYS_NICE or RLIMIT_NICE "
		    ">= 20");
	}
	reap(pid);

	/* Gone: lifted. */
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_IDLE, NULL, pid, "0 0",
				     d, sizeof(d)), 0);
	HAS(d, "gone");
	assert_int_equal(hg_enf_check(&e, hg_enf_now_ms(), d, sizeof(d)),
			 HG_ENF_FAILED);
	HAS(d, "gone");
	assert_int_equal(hg_enf_lift(HASHGUARD_ACTION_IDLE, NULL, pid, "7 0",
				     d, sizeof(d)), -EINVAL);
	HAS(d, "bad previous policy '7 0'");
}

static void idle_confirm_refuses(void **state)
{
	struct confirm_seen seen = { .answer = -ESRCH };
	char d[HG_ENF_DETAIL_MAX];
	int pol[MAXT], n, i;
	struct hg_enf e;
	pid_t pid;

	(void)state;
	pid = spawn(2);
	init_enf(&e, HASHGUARD_ACTION_IDLE, "");
	e.tgid = pid;
	e.confirm = confirm;
	e.confirm_arg = &seen;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ESRCH);
	HAS(d, "reused");
	assert_int_equal(e.pidfd, -1);
	n = policies(pid, pol);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		assert_int_equal(pol[i], SCHED_OTHER);
	reap(pid);
}

/* What an unprivileged agent sees, from a child that dropped root. */
struct unpriv_result {
	int apply, check, lift, n;
	int pol[MAXT];
	char d_apply[HG_ENF_DETAIL_MAX];
	char d_lift[HG_ENF_DETAIL_MAX];
};

/* Return: false if RLIMIT_NICE could not be set to @nice_lim. */
static bool unpriv_cycle(rlim_t nice_lim, struct unpriv_result *r)
{
	struct rlimit rl = { nice_lim, nice_lim };
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;
	int p[2], st;
	pid_t worker, pid;
	ssize_t n;

	memset(r, 0, sizeof(*r));
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	worker = fork();
	assert_true(worker >= 0);
	if (!worker) {
		close(p[0]);
		if (setrlimit(RLIMIT_NICE, &rl))
			_exit(3);	/* raising it takes CAP_SYS_RESOURCE */
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(1);
		pid = spawn(3);
		memset(&e, 0, sizeof(e));
		e.kind = HASHGUARD_ACTION_IDLE;
		e.tgid = pid;
		r->apply = hg_enf_apply(&e, r->d_apply, sizeof(r->d_apply));
		r->check = hg_enf_check(&e, hg_enf_now_ms(), d, sizeof(d));
		r->lift = hg_enf_lift(HASHGUARD_ACTION_IDLE, NULL, pid, e.prev,
				      r->d_lift, sizeof(r->d_lift));
		r->n = policies(pid, r->pol);
		reap(pid);
		_exit(write(p[1], r, sizeof(*r)) == sizeof(*r) ? 0 : 1);
	}
	close(p[1]);
	n = read(p[0], r, sizeof(*r));
	close(p[0]);
	assert_int_equal(waitpid(worker, &st, 0), worker);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		return false;
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		fail_msg("worker as uid 65534: status %#x", st);
	assert_int_equal(n, sizeof(*r));
	return true;
}

static void idle_lift_unprivileged(void **state)
{
	struct unpriv_result r;
	int i;

	(void)state;
	if (geteuid() != 0)
		skip();	/* idle_all_threads covered it unprivileged */

	/* RLIMIT_NICE 0, the default: SCHED_IDLE is a one-way street. */
	assert_true(unpriv_cycle(0, &r));
	assert_int_equal(r.apply, 0);
	HAS(r.d_apply, "SCHED_IDLE on 3 threads");
	assert_int_equal(r.check, HG_ENF_VERIFIED);
	assert_int_equal(r.lift, -EPERM);
	HAS(r.d_lift, "back to SCHED_OTHER nice 0: leaving SCHED_IDLE needs "
	    "CAP_SYS_NICE or RLIMIT_NICE >= 20 (it stays SCHED_IDLE)");
	assert_int_equal(r.n, 3);
	for (i = 0; i < r.n; i++)
		assert_int_equal(r.pol[i], SCHED_IDLE);

	/* RLIMIT_NICE 20 allows nice 0 again, so SCHED_OTHER at nice 0. */
	if (!unpriv_cycle(20, &r)) {
		print_message("RLIMIT_NICE 20 refused (no CAP_SYS_RESOURCE): "
			      "its half of the test skipped\n");
		return;
	}
	assert_int_equal(r.apply, 0);
	assert_int_equal(r.lift, 0);
	assert_string_equal(r.d_lift, "SCHED_OTHER nice 0 restored on 3 of 3 "
			    "threads");
	for (i = 0; i < r.n; i++)
		assert_int_equal(r.pol[i], SCHED_OTHER);
}

static void kill_verified_and_reaped(void **state)
{
	struct confirm_seen seen = { 0 };
	char d[HG_ENF_DETAIL_MAX];
	uint64_t until;
	struct hg_enf e;
	int st, r;
	pid_t pid;

	(void)state;
	pid = spawn(3);
	init_enf(&e, HASHGUARD_ACTION_KILL, "");
	e.tgid = pid;
	e.confirm = confirm;
	e.confirm_arg = &seen;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), 0);
	HAS(d, "SIGKILL sent");
	assert_true(e.pidfd >= 0);
	assert_int_equal(seen.calls, 1);
	assert_int_equal(seen.tgid, pid);
	until = hg_enf_now_ms() + 2000;
	while ((r = hg_enf_check(&e, hg_enf_now_ms(), d, sizeof(d))) ==
	       HG_ENF_PENDING && hg_enf_now_ms() < until)
		usleep(1000);
	assert_int_equal(r, HG_ENF_VERIFIED);
	HAS(d, "SIGKILL sent; process gone after ");
	/* Verified while still a zombie: reaping is the parent's part. */
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	hg_enf_release(&e);
	assert_int_equal(e.pidfd, -1);
	hg_enf_release(&e);		/* twice is harmless */
}

static void kill_confirm_refuses(void **state)
{
	struct confirm_seen seen = { .answer = -ESRCH };
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;
	pid_t pid;

	(void)state;
	pid = spawn(1);
	init_enf(&e, HASHGUARD_ACTION_KILL, "");
	e.tgid = pid;
	e.confirm = confirm;
	e.confirm_arg = &seen;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ESRCH);
	HAS(d, "reused");
	assert_int_equal(e.pidfd, -1);
	assert_int_equal(seen.calls, 1);
	usleep(20000);
	assert_int_equal(kill(pid, 0), 0);
	assert_int_equal(waitpid(pid, NULL, WNOHANG), 0);	/* alive */
	hg_enf_release(&e);
	reap(pid);
}

static void kill_gone_and_self(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	init_enf(&e, HASHGUARD_ACTION_KILL, "");
	e.tgid = pid;
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -ESRCH);
	HAS(d, "already gone");
	assert_int_equal(e.pidfd, -1);

	init_enf(&e, HASHGUARD_ACTION_KILL, "");
	e.tgid = getpid();
	assert_int_equal(hg_enf_apply(&e, d, sizeof(d)), -EPERM);
	HAS(d, "itself");
}

static void kill_fails_after_deadline(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;
	pid_t pid;

	(void)state;
	/* A process that outlives the kill: no SIGKILL sent here. */
	pid = spawn(1);
	init_enf(&e, HASHGUARD_ACTION_KILL, "");
	e.tgid = pid;
	e.pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	assert_true(e.pidfd >= 0);
	e.started_ms = hg_enf_now_ms();
	assert_int_equal(hg_enf_check(&e, e.started_ms + 10, d, sizeof(d)),
			 HG_ENF_PENDING);
	assert_int_equal(hg_enf_check(&e, e.started_ms + HG_ENF_VERIFY_MS, d,
				      sizeof(d)), HG_ENF_FAILED);
	HAS(d, "still there after 5 s");
	hg_enf_release(&e);
	reap(pid);
}

/* ---- holding an enforcement in force ----------------------------------- */

static void cgroup_within(void **state)
{
	(void)state;
	assert_true(hg_enf_cgroup_within("/a/b", "/a"));
	assert_true(hg_enf_cgroup_within("/a", "/a"));
	assert_true(hg_enf_cgroup_within("/a", "/a/"));
	assert_true(hg_enf_cgroup_within("/a/b/c", "/"));
	assert_true(hg_enf_cgroup_within("/", "/"));
	assert_false(hg_enf_cgroup_within("/a/b2", "/a/b"));
	assert_false(hg_enf_cgroup_within("/a", "/a/b"));
	assert_false(hg_enf_cgroup_within("/ab", "/a"));
}

/* The root of the fake tree holds every process, so only the files count. */
static void hold_throttle_reads_cpu_max(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/");
	e.tgid = getpid();
	put("cpu.max", "10000 100000\n");
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), 0);
	put("cpu.max", "max 100000\n");
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	assert_string_equal(d, "cpu.max of / reads 'max 100000', not the "
			    "'10000 100000' written");
	e.quota = 20;	/* the quota it was applied with counts */
	put("cpu.max", "10000 100000\n");
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	/* The controller disabled above: the file is gone. */
	assert_int_equal(unlink(strcat(strcpy(d, tree), "/cpu.max")), 0);
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	assert_string_equal(d, "cpu.max of / gone: the cpu controller was "
			    "disabled above it");
}

static void hold_freeze_reads_cgroup_freeze(void **state)
{
	char d[HG_ENF_DETAIL_MAX];
	struct hg_enf e;

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_FREEZE, "/");
	e.tgid = getpid();
	put("cgroup.freeze", "1\n");
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), 0);
	put("cgroup.freeze", "0\n");
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	HAS(d, "cgroup.freeze of / reads '0', not the '1' written: thawed");
}

/* Out of the enforced subtree is tampering too; a process gone is not. */
static void hold_sees_a_move_and_an_exit(void **state)
{
	char d[HG_ENF_DETAIL_MAX], own[HG_ENF_CGROUP_MAX], want[512];
	struct hg_enf e;
	pid_t pid;

	(void)state;
	if (hgl_cgroup_of(getpid(), own, sizeof(own)))
		skip();
	init_enf(&e, HASHGUARD_ACTION_THROTTLE, "/hg-nowhere/x");
	e.tgid = getpid();
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	snprintf(want, sizeof(want), "process %d moved out of /hg-nowhere/x to ",
		 (int)getpid());
	HAS(d, want);
	assert_int_equal(strncmp(d, want, strlen(want)), 0);
	e.kind = HASHGUARD_ACTION_FREEZE;
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);

	pid = spawn(1);
	reap(pid);
	e.tgid = pid;
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESRCH);
	/* Audit and kill have nothing a tenant could undo. */
	e.kind = HASHGUARD_ACTION_KILL;
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), 0);
	e.kind = HASHGUARD_ACTION_AUDIT;
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), 0);
}

static void hold_idle_every_thread(void **state)
{
	char d[HG_ENF_DETAIL_MAX], path[64];
	struct dirent *de;
	struct hg_enf e;
	DIR *dir;
	pid_t pid = spawn(3);

	(void)state;
	init_enf(&e, HASHGUARD_ACTION_IDLE, "");
	e.tgid = pid;
	/* Not idle yet: the first thread found not SCHED_IDLE is named. */
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESTALE);
	HAS(d, "runs SCHED_OTHER, not SCHED_IDLE");
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	assert_non_null(dir);
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			assert_int_equal(setsched(atoi(de->d_name), SCHED_IDLE), 0);
	closedir(dir);
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), 0);
	reap(pid);
	assert_int_equal(hg_enf_hold(&e, d, sizeof(d)), -ESRCH);
}

static void chmod_rel(const char *rel, mode_t mode)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	assert_int_equal(chmod(path, mode), 0);
}

static const char *place(unsigned int kind, unsigned int at, const char *own,
			 const char *top, char *why, size_t wlen)
{
	static char out[HG_ENF_CGROUP_MAX];

	assert_int_equal(hg_enf_place(kind, at, own, top, out, sizeof(out),
				      why, wlen), 0);
	return out;
}

/*
 * enforce_at: where a throttle or freeze starts.  auto climbs from the
 * process's cgroup to its tenant's until the file, the controller above
 * it and every way out of it are root's only (0644 files of uid 0 here;
 * a group- or other-writable one stands for a delegated one).
 */
static void place_follows_enforce_at(void **state)
{
	const unsigned int T = HASHGUARD_ACTION_THROTTLE;
	const unsigned int F = HASHGUARD_ACTION_FREEZE;
	char why[HG_ENF_DETAIL_MAX];

	(void)state;
	if (geteuid())
		skip();	/* the fake files must be root's */
	mk_cgroup("ten");
	mk_cgroup("ten/ctr");
	mk_cgroup("ten/ctr/sub");
	assert_string_equal(place(T, HG_ENF_AT_CGROUP, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten/ctr/sub");
	assert_string_equal(place(T, HG_ENF_AT_TENANT, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten");
	assert_string_equal(why, "enforce_at tenant");
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten/ctr/sub");
	assert_string_equal(why, "enforce_at auto");

	/* The tenant's own cpu.max: one level up. */
	chmod_rel("ten/ctr/sub/cpu.max", 0666);
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten/ctr");
	assert_string_equal(why, "enforce_at auto: /ten/ctr/sub/cpu.max is "
			    "not root's only (uid 0, mode 666)");
	/* A freeze looks at cgroup.freeze, still root's. */
	assert_string_equal(place(F, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten/ctr/sub");
	/* Controllers of ctr's children delegated: not sub, ctr still. */
	chmod_rel("ten/ctr/sub/cpu.max", 0644);
	chmod_rel("ten/ctr/cgroup.subtree_control", 0664);
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten/ctr");
	/* Processes movable between ten's children: out of ctr, so ten. */
	chmod_rel("ten/cgroup.procs", 0666);
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten");
	assert_string_equal(place(F, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten");
	/* Nothing safe at all: the tenant's cgroup all the same. */
	chmod_rel("ten/cpu.max", 0666);
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/ten",
				  why, sizeof(why)), "/ten");
	HAS(why, "enforce_at auto: ");
	/* No tenant, or outside it: the process's own, whatever at says. */
	assert_string_equal(place(T, HG_ENF_AT_TENANT, "/ten/ctr/sub", NULL,
				  why, sizeof(why)), "/ten/ctr/sub");
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten/ctr/sub", "/",
				  why, sizeof(why)), "/ten/ctr/sub");
	assert_string_equal(place(T, HG_ENF_AT_TENANT, "/ten/ctr/sub", "/other",
				  why, sizeof(why)), "/ten/ctr/sub");
	assert_string_equal(why, "outside its tenant's cgroup");
	assert_string_equal(place(T, HG_ENF_AT_AUTO, "/ten", "/ten", why,
				  sizeof(why)), "/ten");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup_tree, teardown_tree)
		T(throttle_sets_quota_and_verifies),
		T(record_hook_runs_before_the_change),
		T(record_hook_failure_changes_nothing),
		T(throttle_fails_after_deadline),
		T(throttle_fails_when_cpu_max_changes),
		T(throttle_already_keeps_prev),
		T(throttle_enables_cpu_controller),
		T(throttle_cpu_controller_unavailable),
		T(throttle_bad_quota_and_missing_cgroup),
		T(refuses_root_cgroup),
		T(refuses_dotdot),
		T(lift_throttle_restores_prev),
		T(freeze_writes_and_verifies),
		T(freeze_fails_after_deadline),
		T(lift_freeze_thaws),
		T(details_stay_one_line),
		T(audit_recorded_only),
		T(root_from_mountinfo),
		T(cgroup_of_self_and_gone),
		T(cgroup_within),
		T(hold_throttle_reads_cpu_max),
		T(hold_freeze_reads_cgroup_freeze),
		T(hold_sees_a_move_and_an_exit),
		T(hold_idle_every_thread),
		T(place_follows_enforce_at),
		T(idle_all_threads),
		T(idle_confirm_refuses),
		T(idle_lift_unprivileged),
		T(kill_verified_and_reaped),
		T(kill_confirm_refuses),
		T(kill_gone_and_self),
		T(kill_fails_after_deadline),
#undef T
	};

	return cmocka_run_group_tests_name("enforce", tests, NULL, NULL);
}
