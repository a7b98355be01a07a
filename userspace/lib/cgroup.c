// SPDX-License-Identifier: GPL-2.0
/*
 * The cgroup v2 hierarchy for hashguardctl and hashguardd: the mount
 * table, the root, the cgroup of a process, a directory as a path from
 * the root, and reading and writing the files of a cgroup.  See cgroup.h.
 *
 * The kernel names a cgroup by its path from the root of the cgroup v2
 * hierarchy ("/tenants/acme", as in /proc/PID/cgroup); people name it by
 * its directory (/sys/fs/cgroup/tenants/acme).  hgl_cgroup_rel_path()
 * turns the second into the first with the mount table.
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cgroup.h"

static char hg_root[PATH_MAX];
static bool hg_root_known;

/* Undo the octal escapes (\040 for a space, ...) of a mountinfo field. */
static void hg_mi_unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/**
 * hgl_mountinfo_parse() - split one mountinfo line in place
 * @line: the line (its newline, if any, is dropped)
 * @m: the fields, pointing into @line, octal escapes undone
 *
 * "ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER"
 *
 * Return: false if the line is malformed.
 */
bool hgl_mountinfo_parse(char *line, struct hgl_mount *m)
{
	char *f[6], *save = NULL, *tok;
	int i = 0;

	line[strcspn(line, "\n")] = '\0';
	for (tok = strtok_r(line, " ", &save); tok && i < 6;
	     tok = strtok_r(NULL, " ", &save))
		f[i++] = tok;
	if (i < 6)
		return false;
	/* Optional fields, then "-", then the file system type. */
	while (tok && strcmp(tok, "-"))
		tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return false;
	tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return false;
	m->root = f[3];
	m->point = f[4];
	m->fstype = tok;
	hg_mi_unescape(m->root);
	hg_mi_unescape(m->point);
	return true;
}

/**
 * hgl_mountinfo_next() - the next well-formed line of a mount table
 * @f: the mount table, e.g. HGL_MOUNTINFO opened
 * @line: getline()'s buffer (the caller frees it)
 * @cap: its size
 * @m: the fields of the line, as hgl_mountinfo_parse() splits them
 *
 * Malformed lines are passed over.
 *
 * Return: false at the end of @f (or on a read error: see ferror()).
 */
bool hgl_mountinfo_next(FILE *f, char **line, size_t *cap, struct hgl_mount *m)
{
	while (getline(line, cap, f) > 0)
		if (hgl_mountinfo_parse(*line, m))
			return true;
	return false;
}

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static void find_root(void)
{
	struct hgl_mount m;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	snprintf(hg_root, sizeof(hg_root), "/sys/fs/cgroup");
	f = fopen(HGL_MOUNTINFO, "re");
	if (!f)
		return;
	while (hgl_mountinfo_next(f, &line, &cap, &m)) {
		if (strcmp(m.fstype, "cgroup2"))
			continue;
		if (strlen(m.point) < sizeof(hg_root))
			strcpy(hg_root, m.point);
		break;
	}
	free(line);
	fclose(f);
}

/**
 * hgl_cgroup_set_root() - set the cgroup v2 root (for the tests)
 * @root: a directory laid out like the cgroup v2 mount; NULL or "" to
 *	find the real one in /proc/self/mountinfo again
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int hgl_cgroup_set_root(const char *root)
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
 * hgl_cgroup_root() - the cgroup v2 root
 *
 * The mount point of the first cgroup2 file system in
 * /proc/self/mountinfo, else /sys/fs/cgroup; or what hgl_cgroup_set_root()
 * set.
 *
 * Return: the directory, never NULL.
 */
const char *hgl_cgroup_root(void)
{
	if (!hg_root_known) {
		find_root();
		hg_root_known = true;
	}
	return hg_root;
}

/* The "0::" line of the cgroup file @path of /proc; -ESRCH if gone. */
static int cgroup_from(const char *path, char *buf, size_t len)
{
	char *line = NULL;
	size_t cap = 0, n;
	ssize_t got;
	int ret = -ENOENT;
	FILE *f;

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

/**
 * hgl_cgroup_of() - the cgroup v2 path of a process
 * @tgid: the process
 * @buf: filled with the path from the "0::" line of /proc/TGID/cgroup
 * @len: its size
 *
 * Return: 0; -ESRCH if the process is gone, -ENOENT if it has no cgroup
 * v2 line, -ENAMETOOLONG if @buf is too small, or another -errno.
 */
int hgl_cgroup_of(pid_t tgid, char *buf, size_t len)
{
	char path[64];

	if (tgid <= 0 || !buf || !len)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)tgid);
	return cgroup_from(path, buf, len);
}

/**
 * hgl_cgroup_of_thread() - the cgroup v2 path of one thread
 * @tgid: the process
 * @tid: one of its threads (threaded cgroups put threads apart)
 * @buf: filled as by hgl_cgroup_of()
 * @len: its size
 *
 * Return: as hgl_cgroup_of(); -ESRCH if the thread is gone.
 */
int hgl_cgroup_of_thread(pid_t tgid, pid_t tid, char *buf, size_t len)
{
	char path[96];

	if (tgid <= 0 || tid <= 0 || !buf || !len)
		return -EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/cgroup", (int)tgid,
		 (int)tid);
	return cgroup_from(path, buf, len);
}

/* Length of @point if it contains @path (at a component boundary), else 0. */
static size_t mi_contains(const char *point, const char *path)
{
	size_t len = strlen(point);

	if (!strcmp(point, "/"))
		return 1;
	if (strncmp(path, point, len) || (path[len] && path[len] != '/'))
		return 0;
	return len;
}

/**
 * hgl_cgroup_rel_path() - a cgroup's directory as a path from the cgroup v2 root
 * @mountinfo: the mount table to use, normally HGL_MOUNTINFO
 * @path: the directory, e.g. /sys/fs/cgroup/tenants/acme
 * @out: the result, e.g. "/tenants/acme" ("/" for the root itself)
 * @outlen: size of @out
 * @err: a message for a person on failure
 * @errlen: size of @err
 *
 * @path is resolved with realpath().  The mount that holds it is the one
 * with the longest mount point containing it (the last one listed among
 * equals, as later mounts hide earlier ones); it must be of type cgroup2.
 * Its root (the 4th field) is put in front when it is not "/", as in a
 * cgroup namespace or a bind mount of a subtree.
 *
 * Return: 0, -ENOENT (no such directory), -ENOTDIR, -EXDEV (not on
 * cgroup2), -ENAMETOOLONG, or another -errno from reading @mountinfo.
 */
int hgl_cgroup_rel_path(const char *mountinfo, const char *path, char *out,
		       size_t outlen, char *err, size_t errlen)
{
	char *real, *line = NULL, *best_root = NULL, *best_type = NULL;
	char *best_point = NULL;
	size_t cap = 0, best = 0;
	struct hgl_mount m;
	const char *rest;
	struct stat st;
	FILE *f;
	int ret = 0;

	real = realpath(path, NULL);
	if (!real) {
		ret = -errno;
		if (ret == -ENOENT || ret == -ENOTDIR)
			snprintf(err, errlen, "no such cgroup: %s", path);
		else
			snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "no such cgroup: %s (not a directory)",
			 path);
		free(real);
		return -ENOTDIR;
	}
	f = fopen(mountinfo, "re");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", mountinfo, strerror(-ret));
		free(real);
		return ret;
	}
	while (hgl_mountinfo_next(f, &line, &cap, &m)) {
		size_t len = mi_contains(m.point, real);

		if (!len || len < best)
			continue;
		free(best_root);
		free(best_type);
		free(best_point);
		best_root = strdup(m.root);
		best_type = strdup(m.fstype);
		best_point = strdup(m.point);
		if (!best_root || !best_type || !best_point) {
			ret = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		best = len;
	}
	if (ferror(f)) {
		ret = -EIO;
		snprintf(err, errlen, "%s: read error", mountinfo);
		goto out;
	}
	if (!best || strcmp(best_type, "cgroup2")) {
		ret = -EXDEV;
		if (best)
			snprintf(err, errlen,
				 "%s is not on a cgroup2 filesystem (it is on %s, mounted at %s)",
				 path, best_type, best_point);
		else
			snprintf(err, errlen,
				 "%s is not on a cgroup2 filesystem", path);
		goto out;
	}
	rest = best == 1 ? real : real + best;	/* best == 1: mounted at / */
	if (strcmp(best_root, "/")) {
		if (!strcmp(rest, "/"))
			rest = "";
		if ((size_t)snprintf(out, outlen, "%s%s", best_root, rest) >=
		    outlen)
			ret = -ENAMETOOLONG;
	} else {
		if ((size_t)snprintf(out, outlen, "%s", *rest ? rest : "/") >=
		    outlen)
			ret = -ENAMETOOLONG;
	}
	if (ret)
		snprintf(err, errlen, "%s: cgroup path too long", path);
out:
	fclose(f);
	free(line);
	free(best_root);
	free(best_type);
	free(best_point);
	free(real);
	return ret;
}

/**
 * hgl_cgroup_is_root() - is @cg the root of the hierarchy ("/", "//", ...)?
 * @cg: a cgroup path
 *
 * Return: true for the root.
 */
bool hgl_cgroup_is_root(const char *cg)
{
	return strspn(cg, "/") == strlen(cg);
}

/**
 * hgl_cgroup_file() - the path of a cgroup's file: ROOT/CG/FILE
 * @buf: the result
 * @len: its size
 * @cg: the cgroup, a path from the root
 * @file: its file, or NULL for the directory
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int hgl_cgroup_file(char *buf, size_t len, const char *cg, const char *file)
{
	int n;

	n = snprintf(buf, len, "%s%s%s%s", hgl_cgroup_root(), cg,
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

/**
 * hgl_cgroup_read() - the whole of a cgroup file, trailing blanks dropped
 * @cg: the cgroup
 * @file: its file
 * @buf: the contents, NUL-terminated
 * @len: its size
 *
 * Return: 0, or -errno.
 */
int hgl_cgroup_read(const char *cg, const char *file, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int ret;

	ret = hgl_cgroup_file(path, sizeof(path), cg, file);
	if (ret)
		return ret;
	n = read_all(path, buf, len);
	if (n < 0)
		return (int)n;
	trim(buf);
	return 0;
}

/**
 * hgl_cgroup_write() - write a value to a cgroup file
 * @cg: the cgroup
 * @file: its file
 * @val: the value
 *
 * One write() of @val, as the cgroup interface wants: the kernel's error
 * is write()'s.  O_TRUNC, as the shell's "echo >", does nothing to a
 * cgroup file but keeps a plain file (the tests') to what was written.
 *
 * Return: 0, or -errno.
 */
int hgl_cgroup_write(const char *cg, const char *file, const char *val)
{
	char path[PATH_MAX];
	size_t n = strlen(val);
	ssize_t w;
	int fd, ret;

	ret = hgl_cgroup_file(path, sizeof(path), cg, file);
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

/**
 * hgl_cgroup_exists() - is the directory of @cg there?
 * @cg: the cgroup
 *
 * Return: 0, or -errno (-ENOENT when it is not, -ENOTDIR).
 */
int hgl_cgroup_exists(const char *cg)
{
	char path[PATH_MAX];
	struct stat st;
	int ret;

	ret = hgl_cgroup_file(path, sizeof(path), cg, NULL);
	if (ret)
		return ret;
	if (stat(path, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

/**
 * hgl_cgroup_has_word() - is @tok one of the blank-separated words of @list?
 * @list: e.g. the contents of cgroup.controllers
 * @tok: e.g. "cpu"
 *
 * Return: true if it is.
 */
bool hgl_cgroup_has_word(const char *list, const char *tok)
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

/**
 * hgl_cgroup_read_key() - the value of "KEY VALUE" in a flat-keyed file
 * @cg: the cgroup
 * @file: its file (cpu.stat, cgroup.events)
 * @key: the key
 * @val: its value
 *
 * Return: 0, -ENODATA if @key is not there, -EINVAL if its value is not
 * a number, or -errno.
 */
int hgl_cgroup_read_key(const char *cg, const char *file, const char *key,
		       uint64_t *val)
{
	char buf[1024], *p, *end;
	size_t n = strlen(key);
	int ret;

	ret = hgl_cgroup_read(cg, file, buf, sizeof(buf));
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
