/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cgroup v2 hierarchy, as hashguardctl and hashguardd both see it:
 * the mount table, the root of the hierarchy, the cgroup of a process,
 * a cgroup directory as a path from the root, and the files of a cgroup.
 *
 * Paths of cgroups are relative to the cgroup v2 root, as in
 * /proc/PID/cgroup ("/tenant-a/ctr1") and as the kernel names them; the
 * root is found in /proc/self/mountinfo, or set with
 * hgl_cgroup_set_root() (for the tests).
 */
#ifndef HGL_CGROUP_H
#define HGL_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* The mount table hgl_cgroup_root() and hashguardctl tenant add read. */
#define HGL_MOUNTINFO	"/proc/self/mountinfo"

/**
 * struct hgl_mount - one line of /proc/PID/mountinfo, split in place
 * @root: 4th field, the mount's root within its file system
 * @point: 5th field, where it is mounted
 * @fstype: the first field after " - "
 */
struct hgl_mount {
	char *root;
	char *point;
	char *fstype;
};

bool hgl_mountinfo_parse(char *line, struct hgl_mount *m);
bool hgl_mountinfo_next(FILE *f, char **line, size_t *cap, struct hgl_mount *m);

int hgl_cgroup_set_root(const char *root);
const char *hgl_cgroup_root(void);

/* The cgroup of @tgid from /proc/TGID/cgroup ("0::PATH"); -ESRCH if gone. */
int hgl_cgroup_of(pid_t tgid, char *buf, size_t len);
/* The same for one thread @tid of @tgid (/proc/TGID/task/TID/cgroup). */
int hgl_cgroup_of_thread(pid_t tgid, pid_t tid, char *buf, size_t len);

int hgl_cgroup_rel_path(const char *mountinfo, const char *path, char *out,
		       size_t outlen, char *err, size_t errlen);

/* Files of a cgroup @cg (a path from the root), under hgl_cgroup_root(). */
bool hgl_cgroup_is_root(const char *cg);
int hgl_cgroup_file(char *buf, size_t len, const char *cg, const char *file);
int hgl_cgroup_exists(const char *cg);
int hgl_cgroup_read(const char *cg, const char *file, char *buf, size_t len);
int hgl_cgroup_read_key(const char *cg, const char *file, const char *key,
		       uint64_t *val);
int hgl_cgroup_write(const char *cg, const char *file, const char *val);
bool hgl_cgroup_has_word(const char *list, const char *tok);

#endif /* HGL_CGROUP_H */
