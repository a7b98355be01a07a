// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl monitor [--count N] [--detect | --config]: detection
 * events and changes of state, one line each.
 */

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl.h"

/**
 * event_to_json() - an event as a JSON object
 * @event: enum hashguard_event
 * @t: the process
 *
 * Return: {"type": "detection", "event": NAME, then the fields of
 * task_to_json()}, or NULL when out of memory.  An event this tool does
 * not know is "event_N".
 */
json_t *event_to_json(int event, const struct hgl_task *t)
{
	const char *name = hgl_event_name(event);
	json_t *o = json_object(), *task = task_to_json(t);
	char other[32];

	if (!name) {
		snprintf(other, sizeof(other), "event_%d", event);
		name = other;
	}
	if (!o || !task ||
	    json_object_set_new(o, "type", json_string("detection")) ||
	    json_object_set_new(o, "event", json_string(name)) ||
	    json_object_update(o, task)) {
		json_decref(o);
		json_decref(task);
		return NULL;
	}
	json_decref(task);
	return o;
}

static void put_feature(FILE *f, const struct hgl_task *t, const char *label,
			unsigned int feat)
{
	if (t->features_have & (1U << feat))
		fprintf(f, " %s %" PRIu32 ".%" PRIu32 "%%", label,
			t->features[feat] / 10, t->features[feat] % 10);
}

/**
 * event_print() - an event as one line for people (newline included)
 * @f: where
 * @event: enum hashguard_event
 * @t: the process
 */
void event_print(FILE *f, int event, const struct hgl_task *t)
{
	const char *name = hgl_event_name(event);

	if (name)
		fprintf(f, "%-7s", name);
	else
		fprintf(f, "event_%d", event);
	fprintf(f, " tgid %" PRIu32 " comm ", t->tgid);
	ctl_put_safe(f, t->comm[0] ? t->comm : "?", 0);
	fputs(" tenant ", f);
	ctl_put_safe(f, t->tenant[0] ? t->tenant : "?", 0);
	fprintf(f, " score %" PRIu32, t->score);
	put_feature(f, t, "crypto", HASHGUARD_FEATURE_CRYPTO);
	put_feature(f, t, "rotate", HASHGUARD_FEATURE_ROTATE);
	put_feature(f, t, "hash_alu", HASHGUARD_FEATURE_HASH_ALU);
	put_feature(f, t, "hash_simd", HASHGUARD_FEATURE_HASH_SIMD);
	put_feature(f, t, "cpu", HASHGUARD_FEATURE_CPU);
	if (t->have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID)) {
		fputs(" approval ", f);
		ctl_put_safe(f, t->approval_ref[0] ? t->approval_ref : "?", 0);
	}
	if (t->exe) {
		fputs(" exe ", f);
		ctl_put_safe(f, t->exe, 0);
	}
	fputc('\n', f);
}

static json_t *caller_to_json(const struct hgl_caller *c)
{
	if (!c->present)
		return json_null();
	return json_pack("{s:I, s:I, s:o}", "uid", (json_int_t)c->uid,
			 "pid", (json_int_t)c->pid, "comm", ctl_json_str(c->comm));
}

/* The name of a config notification's command, "cmd_N" if unknown. */
static const char *notif_change(const struct hgl_notif *n, char *buf,
				size_t len)
{
	const char *name = hgl_cmd_name(n->cmd);

	if (name)
		return name;
	snprintf(buf, len, "cmd_%u", n->cmd);
	return buf;
}

/* The object of a config notification: its key and its JSON value. */
static json_t *notif_object(const struct hgl_notif *n, const char **key)
{
	switch (n->cmd) {
	case HASHGUARD_CMD_NEW_TENANT:
	case HASHGUARD_CMD_DEL_TENANT:
		*key = "tenant";
		return tenant_to_json(&n->u.tenant);
	case HASHGUARD_CMD_NEW_APPROVAL:
	case HASHGUARD_CMD_DEL_APPROVAL:
		*key = "approval";
		return approval_to_json(&n->u.approval);
	case HASHGUARD_CMD_SET_CONFIG:
		*key = "config";
		return config_to_json(&n->u.config);
	default:
		*key = NULL;
		return NULL;
	}
}

/**
 * notif_to_json() - a notification as a JSON object
 * @n: the notification
 *
 * A detection event is event_to_json(); a change of state is {"type":
 * "config", "change": "new_tenant" | "del_tenant" | "new_approval" |
 * "del_approval" | "set_config", then "tenant" (tenant_to_json()),
 * "approval" (approval_to_json()) or "config" (config_to_json()), and
 * "caller": {"uid", "pid", "comm"} or null when the kernel made the change
 * (an expiry)}; lost notifications are {"type": "lost"}.
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *notif_to_json(const struct hgl_notif *n)
{
	const char *key;
	json_t *o, *obj;
	char buf[32];

	if (n->type == HGL_NOTIF_DETECTION)
		return event_to_json(n->event, &n->u.task);
	if (n->type == HGL_NOTIF_LOST)
		return json_pack("{s:s}", "type", "lost");
	o = json_pack("{s:s, s:s}", "type", "config",
		      "change", notif_change(n, buf, sizeof(buf)));
	obj = notif_object(n, &key);
	if (!o || (key && (!obj || json_object_set_new(o, key, obj))) ||
	    json_object_set_new(o, "caller", caller_to_json(&n->caller))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void notif_print_approval(FILE *f, const struct hgl_approval *a)
{
	char until[CTL_TIME_LEN];
	const char *end = hgl_approval_end_name(a->end);

	fputs(" tenant ", f);
	ctl_put_safe(f, a->tenant[0] ? a->tenant : "?", 0);
	fprintf(f, " id %" PRIu32 " ref ", a->id);
	ctl_put_safe(f, a->ref, 0);
	fputs(" exe ", f);
	ctl_put_safe(f, a->exe[0] ? a->exe : "*", 0);
	if (a->expires)
		ctl_format_time(a->expires, until, sizeof(until));
	fprintf(f, " until %s", a->expires ? until : "never");
	if (a->end)
		fprintf(f, " end %s", end ? end : "?");
}

static void notif_print_config(FILE *f, const struct hgl_config *cfg)
{
	unsigned int attr;
	const char *name;
	char val[32];

	for (attr = 1; attr <= HASHGUARD_CONFIG_A_MAX; attr++) {
		name = config_value(cfg, attr, val, sizeof(val));
		if (name)
			fprintf(f, " %s %s", name, val);
	}
}

/**
 * notif_print() - a notification as one line for people (newline included)
 * @f: where
 * @n: the notification
 *
 * A detection event is event_print(); a change of state is "config
 * CHANGE" then the object's main fields and "by uid U pid P comm C" (or
 * "by kernel").
 */
void notif_print(FILE *f, const struct hgl_notif *n)
{
	char buf[32];

	if (n->type == HGL_NOTIF_DETECTION) {
		event_print(f, n->event, &n->u.task);
		return;
	}
	if (n->type == HGL_NOTIF_LOST) {
		fputs("lost    notifications were lost (socket buffer overflow)\n", f);
		return;
	}
	fprintf(f, "config  %s", notif_change(n, buf, sizeof(buf)));
	switch (n->cmd) {
	case HASHGUARD_CMD_NEW_TENANT:
	case HASHGUARD_CMD_DEL_TENANT:
		fputs(" tenant ", f);
		ctl_put_safe(f, n->u.tenant.name, 0);
		fprintf(f, " id %" PRIu32, n->u.tenant.id);
		if (n->u.tenant.cgroup[0]) {
			fputs(" cgroup ", f);
			ctl_put_safe(f, n->u.tenant.cgroup, 0);
		}
		break;
	case HASHGUARD_CMD_NEW_APPROVAL:
	case HASHGUARD_CMD_DEL_APPROVAL:
		notif_print_approval(f, &n->u.approval);
		break;
	case HASHGUARD_CMD_SET_CONFIG:
		notif_print_config(f, &n->u.config);
		break;
	default:
		break;
	}
	if (n->caller.present) {
		fprintf(f, " by uid %" PRIu32 " pid %" PRIu32 " comm ",
			n->caller.uid, n->caller.pid);
		ctl_put_safe(f, n->caller.comm[0] ? n->caller.comm : "?", 0);
	} else {
		fputs(" by kernel", f);
	}
	fputc('\n', f);
}

static volatile sig_atomic_t monitor_stop;

static void monitor_signal(int sig)
{
	(void)sig;
	monitor_stop = 1;
}

struct monitor {
	bool json;
	unsigned long count, seen;
	bool write_err;
};

#define MONITOR_DONE	1

static int monitor_event(const struct hgl_notif *n, void *arg)
{
	struct monitor *m = arg;

	if (n->type == HGL_NOTIF_LOST) {
		ctl_err("warning: notifications lost (socket buffer overflow); read the current state with tasks, tenant list, approvals");
		if (!m->json)
			return 0;
	}
	if (m->json) {
		json_t *o = notif_to_json(n);

		if (!o || json_dumpf(o, stdout, JSON_COMPACT) < 0)
			m->write_err = true;
		json_decref(o);
	} else {
		char when[32];
		time_t now = time(NULL);
		struct tm tm;

		if (localtime_r(&now, &tm) &&
		    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm))
			printf("%s ", when);
		notif_print(stdout, n);
	}
	if (m->json && putchar('\n') == EOF)
		m->write_err = true;
	if (fflush(stdout) == EOF || ferror(stdout))
		m->write_err = true;
	if (m->write_err)
		return -EIO;
	if (n->type == HGL_NOTIF_LOST)
		return 0;
	m->seen++;
	return m->count && m->seen >= m->count ? MONITOR_DONE : 0;
}

/**
 * cmd_monitor() - hashguardctl monitor [--count N] [--detect | --config]
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Prints each notification as it comes, detection events ("detect"
 * group) and changes of state ("config" group) or, with --detect or
 * --config, only those; one line each (one JSON object per line with
 * --json, see notif_to_json()), until N were printed or SIGINT or
 * SIGTERM arrives (exit status 0 for both).  A module without the
 * "config" group gives detection events only, with a warning.
 *
 * Return: exit status.
 */
int cmd_monitor(struct ctl *c, int argc, char **argv)
{
	struct monitor m = { .json = c->json };
	struct sigaction sa = { .sa_handler = monitor_signal };
	struct sigaction old_int, old_term;
	sigset_t block, old_mask, wait_mask;
	struct monitor_opts o;
	struct hgl_nl *h;
	int ret;

	ret = monitor_parse(argc, argv, &o);
	if (ret)
		return ret;
	m.count = o.count;

	/*
	 * SIGINT and SIGTERM are blocked except while waiting for events,
	 * so that they end the wait and never cut an event's line short.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	wait_mask = old_mask;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	monitor_stop = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	ret = hgl_nl_monitor_open(&h, o.groups);
	if (ret) {
		ret = ctl_nl_fail(h);
		goto out;
	}
	if (hgl_nl_monitor_groups(h) != o.groups)
		ctl_err("warning: the loaded module has no \"%s\" group: showing %s only",
			hgl_nl_monitor_groups(h) & HGL_NL_GROUP_CONFIG ?
			HASHGUARD_MCGRP_DETECT : HASHGUARD_MCGRP_CONFIG,
			hgl_nl_monitor_groups(h) & HGL_NL_GROUP_CONFIG ?
			"changes of state" : "detection events");
	for (;;) {
		ret = hgl_nl_monitor_run(h, monitor_event, &m, &wait_mask);
		if (ret == -EINTR && !monitor_stop)
			continue;
		break;
	}
	if (ret == MONITOR_DONE || ret == -EINTR) {
		ret = CTL_OK;
	} else if (m.write_err) {
		ctl_err("writing output: %s", strerror(errno ? errno : EIO));
		ret = CTL_FAIL;
	} else {
		ctl_err("%s", hgl_nl_error(h));
		ret = CTL_FAIL;
	}
	hgl_nl_close(h);
out:
	/* Unblock first: a signal still pending meets our handler. */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}
