// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's enforcement: cgroup v2 cpu.max and cgroup.freeze,
 * SCHED_IDLE on every thread, and SIGKILL through a pidfd; each with a
 * check of its effect and, but for kill, its undo.  See enforce.h.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/*
 * Not <sched.h>: the build's -I for kmod/ finds the module's sched.h
 * first.  sched_getattr() and sched_setattr() need no more than these.
 */
#include <linux/hashguard.h>
#include <linux/sched.h>
#include <linux/sched/types.h>

#include "enforce.h"
#include "util.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open		434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal	424
#endif
#ifndef SYS_sched_getattr
#define SYS_sched_getattr	315
#define SYS_sched_setattr	314
#endif

/* cpu.max period: quotas are in percent of one CPU, so 1% is 1 ms. */
#define HG_ENF_PERIOD_US	100000ULL
#define HG_ENF_QUOTA_MAX	100000U		/* 1,000 CPUs */
/* How long a thaw is polled for in hg_enf_lift(), between reads. */
#define HG_ENF_POLL_MS		5
/* Longest cgroup path quoted in a detail; longer ones keep their end. */
#define HG_ENF_NAME_SHOW	80

static char hg_root[PATH_MAX];
static bool hg_root_known;

/* One line into @d: control characters (a newline in a path) become '?'. */
static void __attribute__((format(printf, 3, 4)))
setdet(char *d, size_t len, const char *fmt, ...)
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

static const char *errstr(int err)
{
	const char *s = strerrordesc_np(err < 0 ? -err : err);

	return s ? s : "unknown error";
}

/* @cg for a detail, its end only if it is long. */
static const char *shown(const char *cg, char *buf, size_t len)
{
	size_t n = strlen(cg);

	if (n <= HG_ENF_NAME_SHOW)
		return cg;
	snprintf(buf, len, "...%s", cg + n - (HG_ENF_NAME_SHOW - 3));
	return buf;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static uint64_t elapsed(uint64_t now_ms, uint64_t started_ms)
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

static void find_root(void)
{
	struct hgl_mount m;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(hg_root, sizeof(hg_root), "/sys/fs/cgroup");
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (!hgl_mountinfo_parse(line, &m) || strcmp(m.fstype, "cgroup2"))
			continue;
		if (strlen(m.point) < sizeof(hg_root))
			strcpy(hg_root, m.point);
		break;
	}
	free(line);
	fclose(f);
}

/**
 * hg_enf_set_root() - set the cgroup v2 root (for the tests)
 * @root: a directory laid out like the cgroup v2 mount; NULL or "" to
 *	find the real one in /proc/self/mountinfo again
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int hg_enf_set_root(const char *root)
{
	size_t n;

	if (!root || !*root) {
		hg_root_known = false;
		return 0;
	}
	n = strlen(root);
	if (n >= sizeof(hg_root))
		return -ENAMETOOLONG;
	memcpy(hg_root, root, n + 1);
	while (n > 1 && hg_root[n - 1] == '/')
		hg_root[--n] = '\0';
	hg_root_known = true;
	return 0;
}

/**
 * hg_enf_root() - the cgroup v2 root
 *
 * The mount point of the first cgroup2 file system in
 * /proc/self/mountinfo, else /sys/fs/cgroup; or what hg_enf_set_root()
 * set.
 *
 * Return: the directory, never NULL.
 */
const char *hg_enf_root(void)
{
	if (!hg_root_known) {
		find_root();
		hg_root_known = true;
	}
	return hg_root;
}

/**
 * hg_enf_cgroup_of() - the cgroup v2 path of a process
 * @tgid: the process
 * @buf: filled with the path from the "0::" line of /proc/TGID/cgroup
 * @len: its size
 *
 * Return: 0; -ESRCH if the process is gone, -ENOENT if it has no cgroup
 * v2 line, -ENAMETOOLONG if @buf is too small, or another -errno.
 */
int hg_enf_cgroup_of(pid_t tgid, char *buf, size_t len)
{
	char path[64], *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	int ret = -ENOENT;
	FILE *f;

	if (tgid <= 0 || !buf || !len)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)tgid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((got = getline(&line, &cap, f)) > 0) {
		if (strncmp(line, "0::", 3))
			continue;
		trim(line);
		n = strlen(line + 3);
		if (n >= len) {
			ret = -ENAMETOOLONG;
		} else {
			memcpy(buf, line + 3, n + 1);
			ret = 0;
		}
		break;
	}
	if (got < 0 && ferror(f))
		ret = errno == ESRCH ? -ESRCH : -EIO;
	free(line);
	fclose(f);
	return ret;
}

/* A cgroup path as in /proc/PID/cgroup: absolute, without "..". */
static int cg_valid(const char *cg, char *d, size_t len)
{
	const char *p;
	size_t n;

	if (!cg || cg[0] != '/') {
		setdet(d, len, "cgroup path '%s' is not absolute",
		       cg ? cg : "(none)");
		return -EINVAL;
	}
	n = strnlen(cg, HG_ENF_CGROUP_MAX);
	if (n >= HG_ENF_CGROUP_MAX) {
		setdet(d, len, "cgroup path too long");
		return -ENAMETOOLONG;
	}
	for (p = cg; *p; ) {
		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			setdet(d, len, "cgroup path '%.*s' has a '..' component",
			       HG_ENF_NAME_SHOW, cg);
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

static bool cg_is_root(const char *cg)
{
	return strspn(cg, "/") == strlen(cg);
}

/* ROOT/CG/FILE; @file NULL for the directory. */
static int cg_path(char *buf, size_t len, const char *cg, const char *file)
{
	int n;

	n = snprintf(buf, len, "%s%s%s%s", hg_enf_root(), cg,
		     file ? "/" : "", file ? file : "");
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* The whole of a (cgroup) file, NUL-terminated; bytes read or -errno. */
static ssize_t read_all(const char *path, char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			close(fd);
			return err;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	return (ssize_t)got;
}

static int cg_read(const char *cg, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int ret;

	ret = cg_path(path, sizeof(path), cg, file);
	if (ret)
		return ret;
	n = read_all(path, buf, len);
	if (n < 0)
		return (int)n;
	trim(buf);
	return 0;
}

/*
 * One write() of @val, as the cgroup interface wants: the kernel's error
 * is write()'s.  O_TRUNC, as the shell's "echo >", does nothing to a
 * cgroup file but keeps a plain file (the tests') to what was written.
 */
/*
 * Tell the caller what is about to change (so that it can record it)
 * before the first change is made.
 */
static int record_intent(struct hg_enf *e, char *d, size_t len)
{
	int ret;

	if (!e->record)
		return 0;
	ret = e->record(e, e->record_arg);
	if (ret)
		setdet(d, len, "not done: the intent could not be recorded "
		       "(%s)", errstr(ret));
	return ret;
}

static int cg_write(const char *cg, const char *file, const char *val)
{
	char path[PATH_MAX];
	size_t n = strlen(val);
	ssize_t w;
	int fd, ret;

	ret = cg_path(path, sizeof(path), cg, file);
	if (ret)
		return ret;
	fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC);
	if (fd < 0)
		return -errno;
	w = write(fd, val, n);
	ret = w < 0 ? -errno : (size_t)w != n ? -EIO : 0;
	close(fd);
	return ret;
}

/* Is the directory of @cg there?  0, or -errno. */
static int cg_exists(const char *cg)
{
	char path[PATH_MAX];
	struct stat st;
	int ret;

	ret = cg_path(path, sizeof(path), cg, NULL);
	if (ret)
		return ret;
	if (stat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/* Is @tok one of the blank-separated words of @list? */
static bool has_word(const char *list, const char *tok)
{
	size_t n = strlen(tok), w;

	while (*list) {
		list += strspn(list, " \t\n");
		w = strcspn(list, " \t\n");
		if (w == n && !strncmp(list, tok, n))
			return true;
		list += w;
	}
	return false;
}

/* The value of "KEY VALUE" in a flat-keyed file (cpu.stat, cgroup.events). */
static int cg_read_key(const char *cg, const char *file, const char *key,
		       uint64_t *val)
{
	char buf[1024], *p, *end;
	size_t n = strlen(key);
	int ret;

	ret = cg_read(cg, file, buf, sizeof(buf));
	if (ret)
		return ret;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, n) || p[n] != ' ')
			continue;
		errno = 0;
		*val = strtoull(p + n + 1, &end, 10);
		if (errno || end == p + n + 1)
			return -EINVAL;
		return 0;
	}
	return -ENODATA;
}

/* ---- throttle ------------------------------------------------------- */

/* Enable the cpu controller in one ancestor's subtree, if it is not. */
static int enable_cpu_in(const char *anc, char *d, size_t len, bool *done)
{
	char buf[512], nm[HG_ENF_NAME_SHOW + 4];
	int ret;

	*done = false;
	ret = cg_read(anc, "cgroup.subtree_control", buf, sizeof(buf));
	if (ret) {
		setdet(d, len, "cannot read cgroup.subtree_control of %s: %s",
		       shown(anc, nm, sizeof(nm)), errstr(ret));
		return ret;
	}
	if (has_word(buf, "cpu"))
		return 0;
	if (!cg_read(anc, "cgroup.controllers", buf, sizeof(buf)) &&
	    !has_word(buf, "cpu")) {
		setdet(d, len, "the cpu controller is not available in %s "
		       "(cgroup.controllers: %s)", shown(anc, nm, sizeof(nm)),
		       *buf ? buf : "none");
		return -EOPNOTSUPP;
	}
	ret = cg_write(anc, "cgroup.subtree_control", "+cpu");
	if (ret == -EBUSY && !cg_is_root(anc) &&
	    !cg_read(anc, "cgroup.procs", buf, sizeof(buf)) && *buf) {
		setdet(d, len, "cannot enable the cpu controller in %s: it has "
		       "processes of its own, and cgroup v2 enables controllers "
		       "only for cgroups without (no internal processes)",
		       shown(anc, nm, sizeof(nm)));
		return ret;
	}
	if (ret) {
		setdet(d, len, "cannot enable the cpu controller in %s: %s",
		       shown(anc, nm, sizeof(nm)), errstr(ret));
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
	char want[64], cur[HG_ENF_PREV_MAX], nm[HG_ENF_NAME_SHOW + 4];
	char path[PATH_MAX], enabled[64] = "";
	const char *name;
	int ret, n_done = 0;

	ret = cg_valid(e->cgroup, d, len);
	if (ret)
		return ret;
	name = shown(e->cgroup, nm, sizeof(nm));
	if (e->quota < 1 || e->quota > HG_ENF_QUOTA_MAX) {
		setdet(d, len, "quota %u%% is out of range (1%% to %u%%)",
		       e->quota, HG_ENF_QUOTA_MAX);
		return -EINVAL;
	}
	if (cg_is_root(e->cgroup)) {
		setdet(d, len, "process %d is in the root cgroup, which has "
		       "no cpu.max", (int)e->tgid);
		return -EPERM;
	}
	ret = cg_exists(e->cgroup);
	if (ret) {
		setdet(d, len, "cgroup %s: %s", name, errstr(ret));
		return ret;
	}
	ret = cg_path(path, sizeof(path), e->cgroup, "cpu.max");
	if (ret) {
		setdet(d, len, "cgroup path too long");
		return ret;
	}
	if (access(path, F_OK)) {
		ret = enable_cpu(e->cgroup, d, len, &n_done);
		if (ret)
			return ret;
		if (access(path, F_OK)) {
			ret = -errno;
			setdet(d, len, "no cpu.max in %s (%s), though the cpu "
			       "controller is enabled above it", name,
			       errstr(ret));
			return ret;
		}
		if (n_done)
			snprintf(enabled, sizeof(enabled),
				 "; cpu controller enabled in %d cgroup%s",
				 n_done, n_done > 1 ? "s" : "");
	}
	if (!e->already) {
		ret = cg_read(e->cgroup, "cpu.max", cur, sizeof(cur));
		if (ret) {
			setdet(d, len, "cannot read cpu.max of %s: %s", name,
			       errstr(ret));
			return ret;
		}
		memcpy(e->prev, cur, sizeof(e->prev));
	}
	ret = record_intent(e, d, len);
	if (ret)
		return ret;
	snprintf(want, sizeof(want), "%llu %llu",
		 (unsigned long long)e->quota * 1000ULL, HG_ENF_PERIOD_US);
	ret = cg_write(e->cgroup, "cpu.max", want);
	if (ret) {
		setdet(d, len, "writing '%s' to cpu.max of %s: %s", want, name,
		       errstr(ret));
		return ret;
	}
	ret = cg_read(e->cgroup, "cpu.max", cur, sizeof(cur));
	if (!ret && strcmp(cur, want)) {
		cg_write(e->cgroup, "cpu.max", e->prev);
		setdet(d, len, "cpu.max of %s reads '%s' after '%s' was "
		       "written", name, cur, want);
		return -EIO;
	}
	if (ret) {
		setdet(d, len, "cannot read back cpu.max of %s: %s", name,
		       errstr(ret));
		return ret;
	}
	e->nr_throttled = 0;
	cg_read_key(e->cgroup, "cpu.stat", "nr_throttled", &e->nr_throttled);
	setdet(d, len, "cpu.max %s (was %s) in %s; nr_throttled %llu%s",
	       want, e->prev, name, (unsigned long long)e->nr_throttled,
	       enabled);
	return 0;
}

/*
 * Does @file of @cg still read @want, as the agent wrote it?  Return: 0,
 * or -errno with @d saying what was found instead (@note appended).
 */
static int still_written(const char *cg, const char *file, const char *want,
			 const char *name, const char *note, char *d,
			 size_t len)
{
	char cur[HG_ENF_PREV_MAX];
	int ret;

	ret = cg_read(cg, file, cur, sizeof(cur));
	if (ret == -ENOENT) {
		setdet(d, len, "cgroup %s gone", name);
	} else if (ret) {
		setdet(d, len, "cannot read %s of %s: %s", file, name,
		       errstr(ret));
	} else if (strcmp(cur, want)) {
		setdet(d, len, "%s of %s reads '%s', not the '%s' written%s",
		       file, name, cur, want, note);
		ret = -ESTALE;
	}
	return ret;
}

static int throttle_check(struct hg_enf *e, uint64_t now_ms, char *d,
			  size_t len)
{
	char want[64], nm[HG_ENF_NAME_SHOW + 4];
	uint64_t ms = elapsed(now_ms, e->started_ms), nr = 0;
	const char *name = shown(e->cgroup, nm, sizeof(nm));

	snprintf(want, sizeof(want), "%llu %llu",
		 (unsigned long long)e->quota * 1000ULL, HG_ENF_PERIOD_US);
	if (still_written(e->cgroup, "cpu.max", want, name, "", d, len))
		return HG_ENF_FAILED;
	cg_read_key(e->cgroup, "cpu.stat", "nr_throttled", &nr);
	if (nr > e->nr_throttled) {
		setdet(d, len, "cpu.max %s (was %s); nr_throttled %llu -> %llu "
		       "in %llu ms", want, e->prev,
		       (unsigned long long)e->nr_throttled,
		       (unsigned long long)nr, (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		setdet(d, len, "cpu.max set to %s, but no throttling seen in "
		       "%d s (the process may be idle)", want,
		       HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	setdet(d, len, "cpu.max %s; waiting for nr_throttled to grow from %llu",
	       want, (unsigned long long)e->nr_throttled);
	return HG_ENF_PENDING;
}

static int throttle_lift(const char *cg, const char *prev, char *d, size_t len)
{
	char cur[HG_ENF_PREV_MAX], back[HG_ENF_PREV_MAX];
	char nm[HG_ENF_NAME_SHOW + 4];
	const char *name;
	int ret;

	ret = cg_valid(cg, d, len);
	if (ret)
		return ret;
	name = shown(cg, nm, sizeof(nm));
	if (!prev || !*prev || cg_is_root(cg)) {
		setdet(d, len, "nothing to restore cpu.max of %s to", name);
		return -EINVAL;
	}
	ret = cg_read(cg, "cpu.max", cur, sizeof(cur));
	if (ret == -ENOENT) {
		if (cg_exists(cg) == -ENOENT)
			setdet(d, len, "cgroup %s gone", name);
		else
			setdet(d, len, "cpu controller no longer enabled for %s",
			       name);
		return 0;
	}
	if (ret) {
		setdet(d, len, "cannot read cpu.max of %s: %s", name,
		       errstr(ret));
		return ret;
	}
	ret = cg_write(cg, "cpu.max", prev);
	if (ret == -ENOENT) {
		setdet(d, len, "cgroup %s gone", name);
		return 0;
	}
	if (ret) {
		setdet(d, len, "writing '%s' to cpu.max of %s: %s", prev, name,
		       errstr(ret));
		return ret;
	}
	ret = cg_read(cg, "cpu.max", back, sizeof(back));
	if (!ret && strcmp(back, prev)) {
		setdet(d, len, "cpu.max of %s reads '%s' after '%s' was "
		       "written", name, back, prev);
		return -EIO;
	}
	if (ret && ret != -ENOENT) {
		setdet(d, len, "cannot read back cpu.max of %s: %s", name,
		       errstr(ret));
		return ret;
	}
	setdet(d, len, "cpu.max %s restored in %s (was %s)", prev, name, cur);
	return 0;
}

/* ---- freeze --------------------------------------------------------- */

/* Is the agent itself in @cg or below it? */
static bool self_inside(const char *cg)
{
	char own[HG_ENF_CGROUP_MAX];
	size_t n = strlen(cg);

	while (n > 1 && cg[n - 1] == '/')
		n--;
	if (hg_enf_cgroup_of(getpid(), own, sizeof(own)))
		return false;
	return !strncmp(own, cg, n) && (own[n] == '\0' || own[n] == '/');
}

static int freeze_apply(struct hg_enf *e, char *d, size_t len)
{
	char cur[HG_ENF_PREV_MAX], nm[HG_ENF_NAME_SHOW + 4];
	const char *name;
	int ret;

	ret = cg_valid(e->cgroup, d, len);
	if (ret)
		return ret;
	name = shown(e->cgroup, nm, sizeof(nm));
	if (cg_is_root(e->cgroup)) {
		setdet(d, len, "process %d is in the root cgroup, which cannot "
		       "be frozen", (int)e->tgid);
		return -EPERM;
	}
	if (self_inside(e->cgroup)) {
		setdet(d, len, "hashguardd itself is in %s: freezing it would "
		       "freeze the agent", name);
		return -EDEADLK;
	}
	ret = cg_read(e->cgroup, "cgroup.freeze", cur, sizeof(cur));
	if (ret) {
		setdet(d, len, "cannot read cgroup.freeze of %s: %s", name,
		       errstr(ret));
		return ret;
	}
	if (!e->already)
		memcpy(e->prev, cur, sizeof(e->prev));
	ret = record_intent(e, d, len);
	if (ret)
		return ret;
	ret = cg_write(e->cgroup, "cgroup.freeze", "1");
	if (ret) {
		setdet(d, len, "writing 1 to cgroup.freeze of %s: %s", name,
		       errstr(ret));
		return ret;
	}
	setdet(d, len, "cgroup.freeze 1 (was %s) in %s", e->prev, name);
	return 0;
}

static int freeze_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	char nm[HG_ENF_NAME_SHOW + 4];
	uint64_t ms = elapsed(now_ms, e->started_ms), frozen = 0;
	const char *name = shown(e->cgroup, nm, sizeof(nm));
	int ret;

	if (still_written(e->cgroup, "cgroup.freeze", "1", name,
			  ": thawed by someone else", d, len))
		return HG_ENF_FAILED;
	ret = cg_read_key(e->cgroup, "cgroup.events", "frozen", &frozen);
	if (ret && ret != -ENODATA) {
		setdet(d, len, "cannot read cgroup.events of %s: %s", name,
		       errstr(ret));
		return HG_ENF_FAILED;
	}
	if (frozen == 1) {
		setdet(d, len, "cgroup %s frozen (cgroup.freeze was %s) after "
		       "%llu ms", name, e->prev, (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		setdet(d, len, "cgroup.freeze of %s set to 1, but no 'frozen 1' "
		       "in cgroup.events in %d s (a task stuck in the kernel?)",
		       name, HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	setdet(d, len, "cgroup.freeze 1 in %s; waiting for 'frozen 1'", name);
	return HG_ENF_PENDING;
}

static int freeze_lift(const char *cg, const char *prev, char *d, size_t len)
{
	char nm[HG_ENF_NAME_SHOW + 4];
	uint64_t start = hg_enf_now_ms(), frozen, want;
	struct timespec ts = { 0, HG_ENF_POLL_MS * 1000000L };
	const char *name;
	int ret;

	ret = cg_valid(cg, d, len);
	if (ret)
		return ret;
	name = shown(cg, nm, sizeof(nm));
	if (!prev || !*prev)
		prev = "0";
	if (strcmp(prev, "0") && strcmp(prev, "1")) {
		setdet(d, len, "bad previous cgroup.freeze '%s' for %s", prev,
		       name);
		return -EINVAL;
	}
	if (cg_is_root(cg)) {
		setdet(d, len, "the root cgroup is never frozen");
		return -EINVAL;
	}
	want = prev[0] == '1';
	ret = cg_write(cg, "cgroup.freeze", prev);
	if (ret == -ENOENT) {
		setdet(d, len, "cgroup %s gone", name);
		return 0;
	}
	if (ret) {
		setdet(d, len, "writing %s to cgroup.freeze of %s: %s", prev,
		       name, errstr(ret));
		return ret;
	}
	for (;;) {
		frozen = !want;
		ret = cg_read_key(cg, "cgroup.events", "frozen", &frozen);
		if (ret == -ENOENT && cg_exists(cg) == -ENOENT) {
			setdet(d, len, "cgroup %s gone", name);
			return 0;
		}
		if (ret) {
			setdet(d, len, "cannot read 'frozen' in cgroup.events "
			       "of %s: %s", name, errstr(ret));
			return ret;
		}
		if (frozen == want)
			break;
		if (elapsed(hg_enf_now_ms(), start) >= HG_ENF_VERIFY_MS) {
			setdet(d, len, "cgroup.freeze of %s set to %s, but no "
			       "'frozen %s' in cgroup.events in %d s", name,
			       prev, prev, HG_ENF_VERIFY_MS / 1000);
			return -ETIMEDOUT;
		}
		nanosleep(&ts, NULL);
	}
	setdet(d, len, "cgroup.freeze %s restored in %s; frozen %s after %llu ms",
	       prev, name, prev,
	       (unsigned long long)elapsed(hg_enf_now_ms(), start));
	return 0;
}

/* ---- idle ----------------------------------------------------------- */

static const char *policy_name(int policy)
{
	switch (policy) {
	case SCHED_NORMAL:	return "SCHED_OTHER";
	case SCHED_FIFO:	return "SCHED_FIFO";
	case SCHED_RR:		return "SCHED_RR";
	case SCHED_BATCH:	return "SCHED_BATCH";
	case SCHED_IDLE:	return "SCHED_IDLE";
	case SCHED_DEADLINE:	return "SCHED_DEADLINE";
	default:		return "an unknown policy";
	}
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

struct hg_sched {
	int policy;
	int nice;
	int rtprio;
};

static int sched_read(pid_t tid, struct hg_sched *s)
{
	struct sched_attr a;

	memset(&a, 0, sizeof(a));
	if (syscall(SYS_sched_getattr, tid, &a, sizeof(a), 0))
		return -errno;
	s->policy = (int)a.sched_policy;
	s->nice = a.sched_nice;
	s->rtprio = rt_policy(s->policy) ? (int)a.sched_priority : 0;
	return 0;
}

/* "POLICY NICE", or "POLICY NICE RTPRIO" for SCHED_FIFO and SCHED_RR. */
static int sched_parse(const char *prev, struct hg_sched *s)
{
	int n;

	s->rtprio = 0;
	if (!prev)
		return -EINVAL;
	n = sscanf(prev, "%d %d %d", &s->policy, &s->nice, &s->rtprio);
	if (n < 2 || s->nice < -20 || s->nice > 19)
		return -EINVAL;
	switch (s->policy) {
	case SCHED_NORMAL:
	case SCHED_BATCH:
	case SCHED_IDLE:
		s->rtprio = 0;
		return 0;
	case SCHED_FIFO:
	case SCHED_RR:
		if (n < 3 || s->rtprio < 1 || s->rtprio > 99)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

static void sched_show(const struct hg_sched *s, char *buf, size_t len)
{
	if (rt_policy(s->policy))
		snprintf(buf, len, "%s priority %d", policy_name(s->policy),
			 s->rtprio);
	else
		snprintf(buf, len, "%s nice %d", policy_name(s->policy),
			 s->nice);
}

static DIR *open_tasks(pid_t tgid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)tgid);
	return opendir(path);
}

/* The next thread id in @dir, or 0 at the end. */
static pid_t next_tid(DIR *dir)
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

/*
 * Put @s on @tid, with the nice value of @s if @nice, else the thread's
 * own; 0 if done or the thread is gone, else -errno.  Without
 * SCHED_FLAG_RESET_ON_FORK, so that new threads and children inherit it.
 */
static int sched_set(pid_t tid, const struct hg_sched *s, bool nice)
{
	struct hg_sched cur = *s;
	struct sched_attr a;
	int ret;

	if (!nice) {
		ret = sched_read(tid, &cur);
		if (ret)
			return ret == -ESRCH ? 0 : ret;
	}
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.sched_policy = (uint32_t)s->policy;
	a.sched_nice = rt_policy(s->policy) ? 0 : cur.nice;
	a.sched_priority = (uint32_t)s->rtprio;
	if (syscall(SYS_sched_setattr, tid, &a, 0) && errno != ESRCH)
		return -errno;
	return 0;
}

/*
 * Put @s (with its nice value if @nice) on every thread of @tgid, in two
 * passes to catch threads created meanwhile.  @n_set: threads seen in the
 * last pass; @bad: the thread that refused.  Return: 0, -ESRCH if the
 * process is gone, or -errno.
 */
static int sched_set_all(pid_t tgid, const struct hg_sched *s, bool nice,
			 int *n_set, pid_t *bad)
{
	struct hg_sched cur;
	pid_t tid;
	DIR *dir;
	int pass, ret = 0;

	*n_set = 0;
	*bad = 0;
	for (pass = 0; pass < 2 && !ret; pass++) {
		dir = open_tasks(tgid);
		if (!dir)
			return errno == ENOENT ? -ESRCH : -errno;
		*n_set = 0;
		while (!ret && (tid = next_tid(dir))) {
			if (pass && !sched_read(tid, &cur) &&
			    cur.policy == s->policy &&
			    (rt_policy(s->policy) ? cur.rtprio == s->rtprio :
			     !nice || cur.nice == s->nice)) {
				(*n_set)++;
				continue;
			}
			ret = sched_set(tid, s, nice);
			if (ret)
				*bad = tid;
			else
				(*n_set)++;
		}
		closedir(dir);
	}
	return ret;
}

static int sys_pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static int sys_pidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}

static bool pidfd_exited(int pidfd)
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
			setdet(d, len, "process %d already gone", (int)e->tgid);
		else if (ret == -EINVAL)
			setdet(d, len, "%d is not a process (thread-group "
			       "leader)", (int)e->tgid);
		else
			setdet(d, len, "pidfd_open(%d): %s", (int)e->tgid,
			       errstr(ret));
		return ret;
	}
	if (e->confirm && e->confirm(e->tgid, e->confirm_arg)) {
		close(fd);
		setdet(d, len, "pid %d reused: not the process meant",
		       (int)e->tgid);
		return -ESRCH;
	}
	return fd;
}

static int idle_apply(struct hg_enf *e, char *d, size_t len)
{
	struct hg_sched was, idle = { .policy = SCHED_IDLE };
	char shw[64];
	pid_t bad;
	int fd, ret, n;

	if (e->tgid == getpid()) {
		setdet(d, len, "refusing to idle hashguardd itself");
		return -EPERM;
	}
	ret = sched_read(e->tgid, &was);
	if (ret) {
		if (ret == -ESRCH)
			setdet(d, len, "process %d already gone", (int)e->tgid);
		else
			setdet(d, len, "cannot read the policy of %d: %s",
			       (int)e->tgid, errstr(ret));
		return ret;
	}
	if (was.policy == SCHED_DEADLINE) {
		setdet(d, len, "process %d runs SCHED_DEADLINE, which could "
		       "not be restored", (int)e->tgid);
		return -EOPNOTSUPP;
	}
	if (!e->already) {
		if (rt_policy(was.policy))
			snprintf(e->prev, sizeof(e->prev), "%d %d %d",
				 was.policy, was.nice, was.rtprio);
		else
			snprintf(e->prev, sizeof(e->prev), "%d %d",
				 was.policy, was.nice);
	}
	fd = open_confirmed(e, d, len);
	if (fd < 0)
		return fd;
	ret = record_intent(e, d, len);
	if (ret) {
		close(fd);
		return ret;
	}
	/* Each thread keeps its nice value; the lift sets the main one's. */
	ret = sched_set_all(e->tgid, &idle, false, &n, &bad);
	if (!ret && pidfd_exited(fd))
		ret = -ESRCH;
	close(fd);
	sched_show(&was, shw, sizeof(shw));
	if (ret == -ESRCH) {
		setdet(d, len, "process %d exited meanwhile", (int)e->tgid);
		return ret;
	}
	if (ret && !n) {
		setdet(d, len, "SCHED_IDLE refused for thread %d: %s", (int)bad,
		       errstr(ret));
		return ret;
	}
	if (ret) {
		char und[HG_ENF_DETAIL_MAX];
		int r2 = hg_enf_lift(HASHGUARD_ACTION_IDLE, NULL, e->tgid,
				     e->prev, und, sizeof(und));

		setdet(d, len, "SCHED_IDLE refused for thread %d: %s (%d "
		       "threads set before; %s)", (int)bad, errstr(ret), n,
		       r2 ? "they stay SCHED_IDLE" : "put back");
		return ret;
	}
	setdet(d, len, "SCHED_IDLE on %d thread%s (was %s)", n,
	       n == 1 ? "" : "s", shw);
	return 0;
}

static int idle_check(struct hg_enf *e, char *d, size_t len)
{
	struct hg_sched s;
	pid_t tid, other = 0;
	int total = 0, idle = 0, other_policy = 0;
	DIR *dir;

	dir = open_tasks(e->tgid);
	if (!dir) {
		setdet(d, len, "process %d gone", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	while ((tid = next_tid(dir))) {
		if (sched_read(tid, &s))
			continue;	/* gone in between */
		total++;
		if (s.policy == SCHED_IDLE) {
			idle++;
		} else if (!other) {
			other = tid;
			other_policy = s.policy;
		}
	}
	closedir(dir);
	if (!total) {
		setdet(d, len, "process %d gone", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	if (idle < total) {
		setdet(d, len, "SCHED_IDLE on %d of %d threads (thread %d runs "
		       "%s)", idle, total, (int)other,
		       policy_name(other_policy));
		return HG_ENF_FAILED;
	}
	setdet(d, len, "SCHED_IDLE on %d of %d threads", idle, total);
	return HG_ENF_VERIFIED;
}

static int idle_lift(pid_t tgid, const char *prev, char *d, size_t len)
{
	struct hg_sched want, cur;
	char shw[64];
	int ret, n, total = 0, good = 0;
	pid_t bad, tid;
	DIR *dir;

	if (tgid <= 0 || sched_parse(prev, &want)) {
		setdet(d, len, "bad previous policy '%s' for %d",
		       prev ? prev : "", (int)tgid);
		return -EINVAL;
	}
	sched_show(&want, shw, sizeof(shw));
	ret = sched_set_all(tgid, &want, true, &n, &bad);
	if (ret == -ESRCH) {
		setdet(d, len, "process %d gone", (int)tgid);
		return 0;
	}
	if (ret == -EPERM && !sched_read(bad, &cur) &&
	    cur.policy == SCHED_IDLE && want.policy != SCHED_IDLE) {
		setdet(d, len, "cannot put thread %d back to %s: leaving "
		       "SCHED_IDLE needs CAP_SYS_NICE or RLIMIT_NICE >= %d "
		       "(it stays SCHED_IDLE)", (int)bad, shw, 20 - cur.nice);
		return ret;
	}
	if (ret) {
		setdet(d, len, "cannot put thread %d back to %s: %s", (int)bad,
		       shw, errstr(ret));
		return ret;
	}
	dir = open_tasks(tgid);
	if (!dir) {
		setdet(d, len, "process %d gone", (int)tgid);
		return 0;
	}
	while ((tid = next_tid(dir))) {
		if (sched_read(tid, &cur))
			continue;
		total++;
		good += cur.policy == want.policy;
	}
	closedir(dir);
	if (good < total) {
		setdet(d, len, "%s restored on only %d of %d threads", shw,
		       good, total);
		return -EAGAIN;
	}
	setdet(d, len, "%s restored on %d of %d threads", shw, good, total);
	return 0;
}

/* ---- kill ----------------------------------------------------------- */

static int kill_apply(struct hg_enf *e, char *d, size_t len)
{
	int fd, ret;

	if (e->tgid == getpid()) {
		setdet(d, len, "refusing to kill hashguardd itself");
		return -EPERM;
	}
	fd = open_confirmed(e, d, len);
	if (fd < 0)
		return fd;
	ret = record_intent(e, d, len);
	if (ret) {
		close(fd);
		return ret;
	}
	if (sys_pidfd_send_signal(fd, SIGKILL) && errno != ESRCH) {
		ret = -errno;
		close(fd);
		setdet(d, len, "SIGKILL to %d: %s", (int)e->tgid, errstr(ret));
		return ret;
	}
	/* ESRCH: reaped already, which the check will see. */
	e->pidfd = fd;
	setdet(d, len, "SIGKILL sent to %d through a pidfd", (int)e->tgid);
	return 0;
}

static int kill_check(struct hg_enf *e, uint64_t now_ms, char *d, size_t len)
{
	uint64_t ms = elapsed(now_ms, e->started_ms);

	if (e->pidfd < 0) {
		setdet(d, len, "no pidfd for %d", (int)e->tgid);
		return HG_ENF_FAILED;
	}
	if (pidfd_exited(e->pidfd)) {
		setdet(d, len, "SIGKILL sent; process gone after %llu ms",
		       (unsigned long long)ms);
		return HG_ENF_VERIFIED;
	}
	if (ms >= HG_ENF_VERIFY_MS) {
		setdet(d, len, "SIGKILL sent, but process %d still there after "
		       "%d s (stuck in the kernel?)", (int)e->tgid,
		       HG_ENF_VERIFY_MS / 1000);
		return HG_ENF_FAILED;
	}
	setdet(d, len, "SIGKILL sent; waiting for process %d to exit",
	       (int)e->tgid);
	return HG_ENF_PENDING;
}

/* ---- the interface -------------------------------------------------- */

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
	if (detail && len)
		detail[0] = '\0';
	e->pidfd = -1;
	e->started_ms = hg_enf_now_ms();
	if (e->kind != HASHGUARD_ACTION_AUDIT && e->tgid <= 0) {
		setdet(detail, len, "no process (tgid %d)", (int)e->tgid);
		return -EINVAL;
	}
	switch (e->kind) {
	case HASHGUARD_ACTION_AUDIT:
		setdet(detail, len, "recorded only");
		return 0;
	case HASHGUARD_ACTION_THROTTLE:
		return throttle_apply(e, detail, len);
	case HASHGUARD_ACTION_IDLE:
		return idle_apply(e, detail, len);
	case HASHGUARD_ACTION_FREEZE:
		return freeze_apply(e, detail, len);
	case HASHGUARD_ACTION_KILL:
		return kill_apply(e, detail, len);
	default:
		setdet(detail, len, "unknown action %u", e->kind);
		return -EINVAL;
	}
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
	switch (e->kind) {
	case HASHGUARD_ACTION_AUDIT:
		setdet(detail, len, "recorded only");
		return HG_ENF_VERIFIED;
	case HASHGUARD_ACTION_THROTTLE:
		return throttle_check(e, now_ms, detail, len);
	case HASHGUARD_ACTION_IDLE:
		return idle_check(e, detail, len);
	case HASHGUARD_ACTION_FREEZE:
		return freeze_check(e, now_ms, detail, len);
	case HASHGUARD_ACTION_KILL:
		return kill_check(e, now_ms, detail, len);
	default:
		setdet(detail, len, "unknown action %u", e->kind);
		return HG_ENF_FAILED;
	}
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
	if (detail && len)
		detail[0] = '\0';
	switch (kind) {
	case HASHGUARD_ACTION_AUDIT:
		setdet(detail, len, "nothing to lift");
		return 0;
	case HASHGUARD_ACTION_THROTTLE:
		return throttle_lift(cgroup, prev, detail, len);
	case HASHGUARD_ACTION_IDLE:
		return idle_lift(tgid, prev, detail, len);
	case HASHGUARD_ACTION_FREEZE:
		return freeze_lift(cgroup, prev, detail, len);
	case HASHGUARD_ACTION_KILL:
		setdet(detail, len, "a kill cannot be lifted");
		return -EINVAL;
	default:
		setdet(detail, len, "unknown action %u", kind);
		return -EINVAL;
	}
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
