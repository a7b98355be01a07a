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
#include <time.h>

#include <jansson.h>

#include "cgroup.h"
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
const struct ctl_cmd *ctl_commands(void);
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
int cmd_approve(struct ctl *c, int argc, char **argv);
int cmd_revoke(struct ctl *c, int argc, char **argv);
int cmd_approvals(struct ctl *c, int argc, char **argv);
int cmd_report(struct ctl *c, int argc, char **argv);

json_t *status_to_json(const struct hgl_status *st);
void status_print(FILE *f, const struct hgl_status *st);

/* Helpers shared by the commands (ctl.c). */
int ctl_parse_u32(const char *s, uint32_t *v);
void ctl_put_safe(FILE *f, const char *s, int width);
json_t *ctl_json_str(const char *s);
int ctl_nl_fail(struct hgl_nl *h);
int ctl_opt_match(const char *cmd, int argc, char **argv, int *i,
		  const char *name, bool has_val, const char **val);
int ctl_bad_arg(const char *cmd, const char *arg);

/* Times (when.c) */
#define CTL_TIME_LEN	32
int ctl_parse_time(const char *s, time_t now, uint64_t *out, char *err,
		   size_t errlen);
void ctl_format_time(uint64_t t, char *buf, size_t len);
json_t *ctl_json_time(uint64_t t);

/* config */
int config_parse_set(int argc, char **argv, struct hgl_config *cfg);
json_t *config_to_json(const struct hgl_config *cfg);
void config_print(FILE *f, const struct hgl_config *cfg);
const char *config_value(const struct hgl_config *cfg, unsigned int attr,
			 char *buf, size_t len);

/* tenant */
json_t *tenant_to_json(const struct hgl_tenant *t);
void tenants_print(FILE *f, const struct hgl_tenant *t, size_t n);

/* tasks */
struct tasks_opts {
	const char *tenant;	/* NULL: every tenant */
	bool flagged;		/* only flagged processes */
	uint32_t pid;		/* only this process (GET_TASK doit); 0: all */
};

int tasks_parse(int argc, char **argv, struct tasks_opts *o);
json_t *task_to_json(const struct hgl_task *t);
void tasks_print(FILE *f, const struct hgl_task *t, size_t n);

/* monitor */
struct monitor_opts {
	unsigned long count;	/* stop after this many notifications; 0: never */
	unsigned int groups;	/* HG_NL_GROUP_* */
};

int monitor_parse(int argc, char **argv, struct monitor_opts *o);
json_t *event_to_json(int event, const struct hgl_task *t);
void event_print(FILE *f, int event, const struct hgl_task *t);
json_t *notif_to_json(const struct hgl_notif *n);
void notif_print(FILE *f, const struct hgl_notif *n);

/* approvals */
struct approve_opts {
	const char *tenant;
	const char *ref;
	const char *exe;	/* NULL: the whole tenant */
	uint64_t from;		/* 0: from the grant */
	uint64_t until;		/* 0: never */
	bool no_replace;
};

int approve_parse(int argc, char **argv, time_t now, struct approve_opts *o);
int revoke_parse(int argc, char **argv, const char **tenant, const char **ref);
bool ctl_exe_path_valid(const char *path);
json_t *approval_to_json(const struct hgl_approval *a);
void approval_print(FILE *f, const struct hgl_approval *a);
void approvals_print(FILE *f, const struct hgl_approval *a, size_t n);

#endif /* HG_CTL_H */
