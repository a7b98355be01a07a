// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's enforcement: the interface of enforce.h, which hands each
 * action to its mechanism (throttle.c, idle.c, freeze.c, kill.c) through
 * its struct hg_enf_ops, and the helpers the mechanisms share (the
 * detail line, cgroup names, the intent record, pidfds).  See enforce.h
 * and mechanism.h.
 */

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/hashguard.h>

#include "cgroup.h"
#include "mechanism.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open		434
#endif

/**
 * hg_enf_det() - one line into a detail
 * @d: the detail, or NULL
 * @len: its size (at most HG_ENF_DETAIL_MAX is used)
 * @fmt: printf format
 *
 * Control characters (a newline in a path) become '?'.
 */
void hg_enf_det(char *d, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (!d || !len)
		return;
	if (len > HG_ENF_DETAIL_MAX)
		len = HG_ENF_DETAIL_MAX;
	va_start(ap, fmt);
	vsnprintf(d, len, fmt, ap);
	va_end(ap);
	for (p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

/**
 * hg_enf_err() - strerror() for a detail
 * @err: an errno, negative or not
 *
 * Return: its description, never NULL.
 */
const char *hg_enf_err(int err)
{
	const char *s = strerrordesc_np(err < 0 ? -err : err);

	return s ? s : "unknown error";
}

/**
 * hg_enf_shown() - @cg for a detail, its end only if it is long
 * @cg: the cgroup path
 * @buf: room for a shortened one, HG_ENF_NAME_BUF bytes
 * @len: its size
 *
 * Return: @cg, or @buf holding "..." and its last HG_ENF_NAME_SHOW - 3
 * bytes.
 */
const char *hg_enf_shown(const char *cg, char *buf, size_t len)
{
	size_t n = strlen(cg);

	if (n <= HG_ENF_NAME_SHOW)
		return cg;
	snprintf(buf, len, "...%s", cg + n - (HG_ENF_NAME_SHOW - 3));
	return buf;
}

/**
 * hg_enf_elapsed() - milliseconds from @started_ms to @now_ms
 * @now_ms: now
 * @started_ms: then
 *
 * Return: the difference, 0 if the clock seems to have gone back.
 */
uint64_t hg_enf_elapsed(uint64_t now_ms, uint64_t started_ms)
{
	return now_ms > started_ms ? now_ms - started_ms : 0;
}

/**
 * hg_enf_now_ms() - the monotonic clock
 *
 * Return: CLOCK_MONOTONIC in milliseconds.
 */
uint64_t hg_enf_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * hg_enf_record() - have the intent recorded before the first change
 * @e: the action, @prev filled in; its @record is called
 * @d: the detail, set on failure
 * @len: its size
 *
 * Tell the caller what is about to change (so that it can record it)
 * before the first change is made.
 *
 * Return: 0, or @record's -errno (then nothing may be changed).
 */
int hg_enf_record(struct hg_enf *e, char *d, size_t len)
{
	int ret;

	if (!e->record)
		return 0;
	ret = e->record(e, e->record_arg);
	if (ret)
		hg_enf_det(d, len, "not done: the intent could not be recorded "
			   "(%s)", hg_enf_err(ret));
	return ret;
}

/* A cgroup path as in /proc/PID/cgroup: absolute, without "..". */
static int cg_valid(const char *cg, char *d, size_t len)
{
	const char *p;
	size_t n;

	if (!cg || cg[0] != '/') {
		hg_enf_det(d, len, "cgroup path '%s' is not absolute",
			   cg ? cg : "(none)");
		return -EINVAL;
	}
	n = strnlen(cg, HG_ENF_CGROUP_MAX);
	if (n >= HG_ENF_CGROUP_MAX) {
		hg_enf_det(d, len, "cgroup path too long");
		return -ENAMETOOLONG;
	}
	for (p = cg; *p; ) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			hg_enf_det(d, len,
				   "cgroup path '%.*s' has a '..' component",
				   HG_ENF_NAME_SHOW, cg);
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

/**
 * hg_enf_still_written() - does @file of @cg still read what was written?
 * @cg: the cgroup
 * @file: its file
 * @want: what the agent wrote to it
 * @name: @cg as the detail shows it
 * @note: appended to the detail when it reads otherwise
 * @d: the detail, set on failure
 * @len: its size
 *
 * Return: 0, or -errno with @d saying what was found instead.
 */
int hg_enf_still_written(const char *cg, const char *file, const char *want,
			 const char *name, const char *note, char *d,
			 size_t len)
{
	char cur[HG_ENF_PREV_MAX];
	int ret;

	ret = hgl_cgroup_read(cg, file, cur, sizeof(cur));
	if (ret == -ENOENT) {
		hg_enf_det(d, len, "cgroup %s gone", name);
	} else if (ret) {
		hg_enf_det(d, len, "cannot read %s of %s: %s", file, name,
			   hg_enf_err(ret));
	} else if (strcmp(cur, want)) {
		hg_enf_det(d, len,
			   "%s of %s reads '%s', not the '%s' written%s", file,
			   name, cur, want, note);
		ret = -ESTALE;
	}
	return ret;
}

static int sys_pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/**
 * hg_enf_pidfd_open() - a pidfd of a process
 * @tgid: the process
 *
 * Return: the pidfd (close-on-exec), or -errno.
 */
int hg_enf_pidfd_open(pid_t tgid)
{
	int fd = tgid > 0 ? sys_pidfd_open(tgid) : -1;

	return fd >= 0 ? fd : tgid > 0 ? -errno : -EINVAL;
}

/**
 * hg_enf_pidfd_exited() - has the process of a pidfd exited?
 * @pidfd: the pidfd
 *
 * Return: true when it reads as readable (or hung up), without waiting.
 */
bool hg_enf_pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

/* A pidfd for @tgid, confirmed as the process meant; -errno with @d. */
static int open_confirmed(struct hg_enf *e, char *d, size_t len)
{
	int fd, ret;

	fd = sys_pidfd_open(e->tgid);
	if (fd < 0) {
		ret = -errno;
		if (ret == -ESRCH)
			hg_enf_det(d, len, "process %d already gone",
				   (int)e->tgid);
		else if (ret == -EINVAL)
			hg_enf_det(d, len, "%d is not a process (thread-group "
				   "leader)", (int)e->tgid);
		else
			hg_enf_det(d, len, "pidfd_open(%d): %s", (int)e->tgid,
				   hg_enf_err(ret));
		return ret;
	}
	if (e->confirm && e->confirm(e->tgid, e->confirm_arg)) {
		close(fd);
		hg_enf_det(d, len, "pid %d reused: not the process meant",
			   (int)e->tgid);
		return -ESRCH;
	}
	return fd;
}

/**
 * hg_enf_pidfd_start() - a pidfd for @e->tgid, and the intent recorded
 * @e: the action: @tgid, @confirm to call once the pidfd is open, and
 *	@record (hg_enf_record())
 * @d: the detail, set on failure
 * @len: its size
 *
 * The pidfd is opened and confirmed as the process meant, then the intent
 * is recorded: the start of a change to a process (idle, kill).
 *
 * Return: the pidfd, or -errno with @d saying why (nothing is open then).
 */
int hg_enf_pidfd_start(struct hg_enf *e, char *d, size_t len)
{
	int fd, ret;

	fd = open_confirmed(e, d, len);
	if (fd < 0)
		return fd;
	ret = hg_enf_record(e, d, len);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* ---- the interface -------------------------------------------------- */

static int audit_apply(struct hg_enf *e, char *d, size_t len)
{
	(void)e;
	hg_enf_det(d, len, "recorded only");
	return 0;
}

static int audit_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	(void)e;
	(void)now_ms;
	hg_enf_det(d, len, "recorded only");
	return HG_ENF_VERIFIED;
}

/* An audit is recorded only: verified at once, nothing to lift. */
static const struct hg_enf_ops hg_enf_audit_ops = {
	.kind = HASHGUARD_ACTION_AUDIT,
	.apply = audit_apply,
	.check = audit_check,
	.no_lift = "nothing to lift",
};

static const struct hg_enf_ops *const hg_enf_all[] = {
	&hg_enf_audit_ops,
	&hg_enf_throttle_ops,
	&hg_enf_idle_ops,
	&hg_enf_freeze_ops,
	&hg_enf_kill_ops,
};

/* The mechanism of @kind, or NULL (with @d saying so) if there is none. */
static const struct hg_enf_ops *ops_of(unsigned int kind, char *d, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(hg_enf_all) / sizeof(hg_enf_all[0]); i++)
		if (hg_enf_all[i]->kind == kind)
			return hg_enf_all[i];
	hg_enf_det(d, len, "unknown action %u", kind);
	return NULL;
}

/**
 * hg_enf_apply() - start an action
 * @e: the action: @kind, @tgid, @quota, @cgroup (throttle, freeze),
 *	@prev when @already, @confirm
 * @detail: one line, what was done or why nothing was
 * @len: its size
 *
 * Fills @e->prev (unless @e->already), @e->started_ms, @e->pidfd (kill,
 * else -1) and @e->nr_throttled.
 *
 * Return: 0 when started (check it with hg_enf_check()), or -errno.
 */
int hg_enf_apply(struct hg_enf *e, char *detail, size_t len)
{
	const struct hg_enf_ops *ops;
	int ret;

	if (detail && len)
		detail[0] = '\0';
	e->pidfd = -1;
	e->started_ms = hg_enf_now_ms();
	if (e->kind != HASHGUARD_ACTION_AUDIT && e->tgid <= 0) {
		hg_enf_det(detail, len, "no process (tgid %d)", (int)e->tgid);
		return -EINVAL;
	}
	ops = ops_of(e->kind, detail, len);
	if (!ops)
		return -EINVAL;
	if (ops->lift_cgroup) {
		ret = cg_valid(e->cgroup, detail, len);
		if (ret)
			return ret;
	}
	return ops->apply(e, detail, len);
}

/**
 * hg_enf_check() - look at the effect of a started action
 * @e: the action, started with hg_enf_apply()
 * @now_ms: hg_enf_now_ms() now
 * @detail: one line, what was seen
 * @len: its size
 *
 * Return: HG_ENF_PENDING until the effect shows or HG_ENF_VERIFY_MS have
 * passed since @e->started_ms; then HG_ENF_VERIFIED or HG_ENF_FAILED.
 */
int hg_enf_check(struct hg_enf *e, uint64_t now_ms, char *detail, size_t len)
{
	const struct hg_enf_ops *ops = ops_of(e->kind, detail, len);

	return ops ? ops->check(e, now_ms, detail, len) : HG_ENF_FAILED;
}

/**
 * hg_enf_lift() - undo an action
 * @kind: what was done: THROTTLE, FREEZE or IDLE (AUDIT: nothing to do)
 * @cgroup: the cgroup (throttle, freeze)
 * @tgid: the process (idle)
 * @prev: what hg_enf_apply() left in struct hg_enf @prev
 * @detail: one line, what was done and seen
 * @len: its size
 *
 * A process or cgroup that is gone counts as lifted.
 *
 * Return: 0, or -errno (-EINVAL for a kill, which cannot be undone).
 */
int hg_enf_lift(unsigned int kind, const char *cgroup, pid_t tgid,
		const char *prev, char *detail, size_t len)
{
	const struct hg_enf_ops *ops;
	int ret;

	if (detail && len)
		detail[0] = '\0';
	ops = ops_of(kind, detail, len);
	if (!ops)
		return -EINVAL;
	if (ops->lift_cgroup) {
		ret = cg_valid(cgroup, detail, len);
		return ret ? ret : ops->lift_cgroup(cgroup, prev, detail, len);
	}
	if (ops->lift_process)
		return ops->lift_process(tgid, prev, detail, len);
	hg_enf_det(detail, len, "%s", ops->no_lift);
	return ops->no_lift_err;
}

/**
 * hg_enf_tasks_open() - the threads of a process
 * @tgid: the process
 *
 * Return: /proc/TGID/task, for hg_enf_next_tid(); NULL with errno set.
 */
DIR *hg_enf_tasks_open(pid_t tgid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	return opendir(path);
}

/**
 * hg_enf_next_tid() - the next thread of hg_enf_tasks_open()
 * @dir: the directory
 *
 * Return: the thread id, or 0 at the end.
 */
pid_t hg_enf_next_tid(DIR *dir)
{
	struct dirent *de;
	char *end;
	long v;

	while ((de = readdir(dir))) {
		v = strtol(de->d_name, &end, 10);
		if (*end || v <= 0 || v > INT_MAX)
			continue;
		return (pid_t)v;
	}
	return 0;
}

/**
 * hg_enf_cgroup_within() - is a cgroup inside another?
 * @cg: a cgroup path from the root
 * @top: another
 *
 * Return: true when @cg is @top or below it ("/a/b" is inside "/a", not
 * inside "/a/b2"); every cgroup is inside "/".
 */
bool hg_enf_cgroup_within(const char *cg, const char *top)
{
	size_t n = strlen(top);

	while (n > 1 && top[n - 1] == '/')
		n--;
	if (n == 1 && top[0] == '/')
		return cg[0] == '/';
	return !strncmp(cg, top, n) && (cg[n] == '\0' || cg[n] == '/');
}

/*
 * Every thread of @tgid still inside @cg?  0; -ESTALE with @d naming the
 * first thread found elsewhere (threaded cgroups put threads apart, so
 * each is read); -ESRCH if the process is gone.
 */
static int threads_within(pid_t tgid, const char *cg, char *d, size_t len)
{
	char at[HG_ENF_CGROUP_MAX], nm[HG_ENF_NAME_BUF], nm2[HG_ENF_NAME_BUF];
	int ret = 0, n = 0;
	pid_t tid;
	DIR *dir;

	dir = hg_enf_tasks_open(tgid);
	if (!dir)
		return errno == ENOENT ? -ESRCH : -errno;
	while (!ret && (tid = hg_enf_next_tid(dir))) {
		if (hgl_cgroup_of_thread(tgid, tid, at, sizeof(at)))
			continue;	/* gone in between */
		n++;
		if (!hg_enf_cgroup_within(at, cg)) {
			hg_enf_det(d, len, "%s %d moved out of %s to %s",
				   tid == tgid ? "process" : "thread", (int)tid,
				   hg_enf_shown(cg, nm, sizeof(nm)),
				   hg_enf_shown(at, nm2, sizeof(nm2)));
			ret = -ESTALE;
		}
	}
	closedir(dir);
	return ret ? ret : n ? 0 : -ESRCH;
}

/**
 * hg_enf_hold() - is an enforcement still in force?
 * @e: the enforcement: @kind, @tgid, @quota and @cgroup (where it is
 *	applied) as when it was verified
 * @detail: one line, what changed (or why it cannot be told)
 * @len: its size
 *
 * For a cgroup mechanism, every thread must still be in @e->cgroup or
 * below it; then the mechanism looks at its own effect.  Audit and kill
 * hold by nature.
 *
 * Return: 0; -ESTALE when undone; -ESRCH when the process is gone; or
 * another -errno.
 */
int hg_enf_hold(const struct hg_enf *e, char *detail, size_t len)
{
	const struct hg_enf_ops *ops;
	int ret;

	if (detail && len)
		detail[0] = '\0';
	ops = ops_of(e->kind, detail, len);
	if (!ops)
		return -EINVAL;
	if (!ops->hold)
		return 0;
	if (ops->lift_cgroup) {
		ret = cg_valid(e->cgroup, detail, len);
		if (!ret)
			ret = threads_within(e->tgid, e->cgroup, detail, len);
		if (ret)
			return ret;
	}
	return ops->hold(e, detail, len);
}

/*
 * Only root may change @file of @cg: owned by uid 0, not writable by its
 * group or others.  A file that does not exist counts as safe when
 * @missing_ok (the agent creates it, as root, when it enables the
 * controller).  @who names the first one found unsafe.
 */
static bool root_only(const char *cg, const char *file, bool missing_ok,
		      char *who, size_t wlen)
{
	char path[PATH_MAX];
	struct stat st;

	if (hgl_cgroup_file(path, sizeof(path), cg, file))
		return false;
	if (stat(path, &st))
		return errno == ENOENT && missing_ok;
	if (st.st_uid == 0 && !(st.st_mode & (S_IWGRP | S_IWOTH)))
		return true;
	if (who && !*who)
		snprintf(who, wlen, "%s/%s is not root's only (uid %u, mode "
			 "%03o)", hgl_cgroup_is_root(cg) ? "" : cg, file,
			 (unsigned int)st.st_uid,
			 (unsigned int)(st.st_mode & 0777));
	return false;
}

/* Ends @cg at its parent ("/a/b" -> "/a", "/a" -> "/"); false at "/". */
static bool cg_up(char *cg)
{
	char *s = strrchr(cg, '/');

	if (!s || hgl_cgroup_is_root(cg))
		return false;
	if (s == cg)
		s[1] = '\0';
	else
		*s = '\0';
	return true;
}

/*
 * Can the holder of nothing but files under @cg (a tenant, root in its
 * container, owning the cgroups it was delegated) undo @kind applied at
 * @cg?  Not if the file that carries it, the controller above it
 * (throttle: the parent's cgroup.subtree_control) and every way out of
 * @cg's subtree (the ancestors' cgroup.procs) are root's only.
 */
static bool cg_safe(unsigned int kind, const char *cg, char *who, size_t wlen)
{
	char anc[HG_ENF_CGROUP_MAX];
	bool thr = kind == HASHGUARD_ACTION_THROTTLE;

	if (hgl_cgroup_is_root(cg))
		return false;
	if (!root_only(cg, thr ? "cpu.max" : "cgroup.freeze", thr, who, wlen))
		return false;
	snprintf(anc, sizeof(anc), "%s", cg);
	if (!cg_up(anc))
		return false;
	if (thr && !root_only(anc, "cgroup.subtree_control", false, who, wlen))
		return false;
	do {
		if (!hgl_cgroup_is_root(anc) &&
		    !root_only(anc, "cgroup.procs", false, who, wlen))
			return false;
	} while (cg_up(anc));
	return true;
}

/**
 * hg_enf_place() - where to apply a cgroup action
 * @kind: THROTTLE or FREEZE
 * @at: enum hg_enf_at, the policy's enforce_at
 * @own: the process's own cgroup
 * @top: its tenant's cgroup (the boundary a tenant's work stays in), or
 *	NULL for a process in no tenant
 * @out: the cgroup to act on
 * @len: its size
 * @why: one line, why there (for the ledger), or NULL
 * @wlen: its size
 *
 * HG_ENF_AT_CGROUP: @own.  HG_ENF_AT_TENANT: @top.  HG_ENF_AT_AUTO: the
 * nearest cgroup from @own up to @top that only root can undo the action
 * in (see cg_safe()), else @top.  Without @top (or with @own outside it),
 * always @own: nothing above a process's own cgroup is known to be its
 * alone.
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int hg_enf_place(unsigned int kind, unsigned int at, const char *own,
		 const char *top, char *out, size_t len, char *why,
		 size_t wlen)
{
	char cg[HG_ENF_CGROUP_MAX], who[HG_ENF_DETAIL_MAX] = "";
	const char *pick = own;

	if (why && wlen)
		why[0] = '\0';
	if (!top || !*top || !hg_enf_cgroup_within(own, top) ||
	    hgl_cgroup_is_root(top)) {
		if (why && top && *top && !hgl_cgroup_is_root(top))
			snprintf(why, wlen, "outside its tenant's cgroup");
	} else if (at == HG_ENF_AT_TENANT) {
		pick = top;
		if (why)
			snprintf(why, wlen, "enforce_at tenant");
	} else if (at == HG_ENF_AT_AUTO) {
		snprintf(cg, sizeof(cg), "%s", own);
		pick = top;
		do {
			if (cg_safe(kind, cg, who, sizeof(who))) {
				pick = cg;
				break;
			}
		} while (hg_enf_cgroup_within(cg, top) && strcmp(cg, top) &&
			 cg_up(cg));
		if (why && pick == cg && !*who)
			snprintf(why, wlen, "enforce_at auto");
		else if (why)
			snprintf(why, wlen, "enforce_at auto: %s", *who ?
				 who : "no cgroup below the tenant's is root's only");
	}
	if (strlen(pick) >= len)
		return -ENAMETOOLONG;
	memmove(out, pick, strlen(pick) + 1);
	return 0;
}

/**
 * hg_enf_release() - release what an action holds
 * @e: the action; its pidfd is closed and set to -1
 */
void hg_enf_release(struct hg_enf *e)
{
	if (e->pidfd >= 0)
		close(e->pidfd);
	e->pidfd = -1;
}
