// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl monitor [--count N]: detection events, one line each.
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
 * Return: {"event": NAME, then the fields of task_to_json()}, or NULL
 * when out of memory.  An event this tool does not know is "event_N".
 */
json_t *event_to_json(int event, const struct hg_task *t)
{
	const char *name = hg_event_name(event);
	json_t *o = json_object(), *task = task_to_json(t);
	char other[32];

	if (!name) {
		snprintf(other, sizeof(other), "event_%d", event);
		name = other;
	}
	if (!o || !task || json_object_set_new(o, "event", json_string(name)) ||
	    json_object_update(o, task)) {
		json_decref(o);
		json_decref(task);
		return NULL;
	}
	json_decref(task);
	return o;
}

static void put_feature(FILE *f, const struct hg_task *t, const char *label,
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
void event_print(FILE *f, int event, const struct hg_task *t)
{
	const char *name = hg_event_name(event);

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

static int monitor_event(int event, const struct hg_task *t, void *arg)
{
	struct monitor *m = arg;

	if (event == HG_NL_EVENTS_LOST) {
		ctl_err("warning: events lost (socket buffer overflow)");
		return 0;
	}
	if (m->json) {
		json_t *o = event_to_json(event, t);

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
		event_print(stdout, event, t);
	}
	if (m->json && putchar('\n') == EOF)
		m->write_err = true;
	if (fflush(stdout) == EOF || ferror(stdout))
		m->write_err = true;
	if (m->write_err)
		return -EIO;
	m->seen++;
	return m->count && m->seen >= m->count ? MONITOR_DONE : 0;
}

/**
 * cmd_monitor() - hashguardctl monitor [--count N]
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Prints each detection event as it comes, one line each (one JSON
 * object per line with --json), until N events were printed or SIGINT
 * or SIGTERM arrives (exit status 0 for both).
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
	struct hg_nl *h;
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

	ret = hg_nl_monitor_open(&h);
	if (ret) {
		ret = ctl_nl_fail(h);
		goto out;
	}
	for (;;) {
		ret = hg_nl_monitor_run(h, monitor_event, &m, &wait_mask);
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
		ctl_err("%s", hg_nl_error(h));
		ret = CTL_FAIL;
	}
	hg_nl_close(h);
out:
	/* Unblock first: a signal still pending meets our handler. */
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	return ret;
}
