/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hashguardctl: the operator's command line.  One cmd_*() per subcommand;
 * each returns an exit status: 0 done, 1 failed (already reported),
 * 2 bad usage (already reported).
 */
#ifndef HG_CTL_H
#define HG_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "hgnl.h"

enum {
	CTL_OK = 0,
	CTL_FAIL = 1,
	CTL_USAGE = 2,
};

struct ctl {
	bool json;
};

struct ctl_cmd {
	const char *name;
	int (*fn)(struct ctl *c, int argc, char **argv);
	const char *args;
	const char *help;
};

int ctl_main(int argc, char **argv);
const struct ctl_cmd *ctl_find(const char *name);
void ctl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ctl_usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ctl_print_json(FILE *f, json_t *obj);

int cmd_status(struct ctl *c, int argc, char **argv);
int cmd_inspect(struct ctl *c, int argc, char **argv);
int cmd_config(struct ctl *c, int argc, char **argv);
int cmd_tenant(struct ctl *c, int argc, char **argv);
int cmd_tasks(struct ctl *c, int argc, char **argv);
int cmd_monitor(struct ctl *c, int argc, char **argv);

json_t *status_to_json(const struct hg_status *st);
void status_print(FILE *f, const struct hg_status *st);

/* Helpers shared by the commands (ctl.c). */
int ctl_parse_u32(const char *s, uint32_t *v);
void ctl_put_safe(FILE *f, const char *s, int width);
json_t *ctl_json_str(const char *s);
int ctl_nl_fail(struct hg_nl *h);

/* config */
int config_parse_set(int argc, char **argv, struct hg_config *cfg);
json_t *config_to_json(const struct hg_config *cfg);
void config_print(FILE *f, const struct hg_config *cfg);

/* tenant */
#define CTL_MOUNTINFO	"/proc/self/mountinfo"
int cgroup_rel_path(const char *mountinfo, const char *path, char *out,
		    size_t outlen, char *err, size_t errlen);
json_t *tenant_to_json(const struct hg_tenant *t);
void tenants_print(FILE *f, const struct hg_tenant *t, size_t n);

/* tasks */
struct tasks_opts {
	const char *tenant;	/* NULL: every tenant */
	bool flagged;		/* only flagged processes */
};

int tasks_parse(int argc, char **argv, struct tasks_opts *o);
json_t *task_to_json(const struct hg_task *t);
void tasks_print(FILE *f, const struct hg_task *t, size_t n);

/* monitor */
struct monitor_opts {
	unsigned long count;	/* stop after this many events; 0: never */
};

int monitor_parse(int argc, char **argv, struct monitor_opts *o);
json_t *event_to_json(int event, const struct hg_task *t);
void event_print(FILE *f, int event, const struct hg_task *t);

#endif /* HG_CTL_H */
