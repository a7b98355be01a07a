// SPDX-License-Identifier: GPL-2.0
/*
 * The audit trail.
 *
 * Every line starts "audit seq=N event=KIND" after the module prefix and
 * goes on with "key=value" fields.  seq counts every line the module
 * formatted, written or not, so a reader sees a gap where a rate limit
 * held lines back; the held-back lines are counted and summarised by an
 * "event=suppressed" line as soon as the limit allows, so none is lost
 * silently.  There are two rate limits (&enum hg_audit_bucket): one for
 * the lines of detection, which a tenant can provoke in numbers, and one
 * for the lines of privileged requests and of the agent's enforcement,
 * so that a flood of the first kind cannot hold back the second.
 *
 * Values are written bare when they consist only of [A-Za-z0-9._:/+@,-]
 * and are otherwise double-quoted, with '"', '\' and bytes outside
 * printable ASCII escaped as \" \\ and \xHH: a task's comm or a tenant
 * name can never forge a field.
 *
 * The formatter (hg_audit_begin() ... hg_audit_finish()) is pure and is
 * tested by KUnit; hg_audit_emit() and the line kinds below it print.
 */

#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/ctype.h>
#include <linux/hashguard.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/workqueue.h>

#include "audit.h"
#include "info.h"
#include "names/names.h"
#include "score.h"
#include "version.h"

static atomic64_t hg_audit_seq = ATOMIC64_INIT(0);
static atomic64_t hg_audit_written = ATOMIC64_INIT(0);

/*
 * At most 20 lines of each limited bucket in any 5 s, the limit the single
 * shared one had: a flood of detection lines uses up only its own 20, and
 * both together write at most 40 (and their summaries).  The summaries say
 * what was held.
 */
static DEFINE_RATELIMIT_STATE(hg_audit_rs_detection, 5 * HZ, 20);
static DEFINE_RATELIMIT_STATE(hg_audit_rs_control, 5 * HZ, 20);

/**
 * struct hg_audit_limit - the rate limit of one bucket
 * @name: the bucket's name in its "suppressed" lines
 * @rs: the rate limit
 * @held: lines held back since load
 * @pending: lines held back since the bucket's last "suppressed" line
 */
struct hg_audit_limit {
	const char *name;
	struct ratelimit_state *rs;
	atomic64_t held;
	atomic64_t pending;
};

/* Indexed by &enum hg_audit_bucket; HG_AUDIT_ALWAYS has no limit. */
static struct hg_audit_limit hg_audit_limits[] = {
	[HG_AUDIT_DETECTION] = {
		.name = "detection",
		.rs = &hg_audit_rs_detection,
	},
	[HG_AUDIT_CONTROL] = {
		.name = "control",
		.rs = &hg_audit_rs_control,
	},
};

static void hg_audit_flush(struct work_struct *work);
static DECLARE_DELAYED_WORK(hg_audit_flush_work, hg_audit_flush);

static bool hg_audit_bare(const char *val)
{
	const char *p;

	if (!*val)
		return false;
	for (p = val; *p; p++)
		if (!isalnum(*p) && !strchr("._:/+@,-", *p))
			return false;
	return true;
}

static void hg_audit_mark(struct hg_audit_line *l)
{
	if (seq_buf_has_overflowed(&l->sb)) {
		l->truncated = true;
		l->sb.len = l->good;
	} else {
		l->good = l->sb.len;
	}
}

/**
 * hg_audit_begin() - start a line
 * @l: the line
 * @seq: its sequence number
 * @event: its kind, a bare word such as "load"
 */
void hg_audit_begin(struct hg_audit_line *l, u64 seq, const char *event)
{
	seq_buf_init(&l->sb, l->buf, sizeof(l->buf) - HG_AUDIT_TAIL);
	l->good = 0;
	l->truncated = false;
	seq_buf_printf(&l->sb, "audit seq=%llu event=%s", seq, event);
	hg_audit_mark(l);
}

/**
 * hg_audit_str() - append a string field, quoted and escaped if needed
 * @l: the line
 * @key: field name, a bare word
 * @val: value, any bytes up to a NUL; NULL is written as ""
 *
 * A field that does not fit is left out whole and the line is marked
 * truncated.
 */
void hg_audit_str(struct hg_audit_line *l, const char *key, const char *val)
{
	const unsigned char *p;

	if (!val)
		val = "";
	if (hg_audit_bare(val)) {
		seq_buf_printf(&l->sb, " %s=%s", key, val);
		hg_audit_mark(l);
		return;
	}
	seq_buf_printf(&l->sb, " %s=\"", key);
	for (p = (const unsigned char *)val; *p; p++) {
		if (*p == '"' || *p == '\\')
			seq_buf_printf(&l->sb, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			seq_buf_printf(&l->sb, "\\x%02x", *p);
		else
			seq_buf_printf(&l->sb, "%c", *p);
	}
	seq_buf_printf(&l->sb, "\"");
	hg_audit_mark(l);
}

/**
 * hg_audit_u64() - append an unsigned decimal field
 * @l: the line
 * @key: field name
 * @val: value
 */
void hg_audit_u64(struct hg_audit_line *l, const char *key, u64 val)
{
	seq_buf_printf(&l->sb, " %s=%llu", key, val);
	hg_audit_mark(l);
}

/**
 * hg_audit_s64() - append a signed decimal field
 * @l: the line
 * @key: field name
 * @val: value
 */
void hg_audit_s64(struct hg_audit_line *l, const char *key, s64 val)
{
	seq_buf_printf(&l->sb, " %s=%lld", key, val);
	hg_audit_mark(l);
}

/**
 * hg_audit_finish() - terminate a line
 * @l: the line
 *
 * Return: the text, with " truncated=1" at its end if a field was left
 * out.
 */
const char *hg_audit_finish(struct hg_audit_line *l)
{
	size_t len = l->good;

	if (l->truncated)
		len += scnprintf(l->buf + len, sizeof(l->buf) - len,
				 " truncated=1");
	l->buf[len] = '\0';
	return l->buf;
}

static u64 hg_audit_next_seq(void)
{
	return atomic64_inc_return(&hg_audit_seq);
}

static void hg_audit_print(struct hg_audit_line *l)
{
	atomic64_inc(&hg_audit_written);
	pr_info("%s\n", hg_audit_finish(l));
}

/* One "suppressed" line for each bucket that held lines back since its last. */
static void hg_audit_summarise(void)
{
	struct hg_audit_limit *lim;
	struct hg_audit_line l;
	u64 n;

	for (lim = hg_audit_limits;
	     lim < hg_audit_limits + ARRAY_SIZE(hg_audit_limits); lim++) {
		if (!lim->rs)
			continue;
		n = atomic64_xchg(&lim->pending, 0);
		if (!n)
			continue;
		hg_audit_begin(&l, hg_audit_next_seq(), "suppressed");
		hg_audit_u64(&l, "count", n);
		hg_audit_u64(&l, "total", atomic64_read(&lim->held));
		hg_audit_str(&l, "bucket", lim->name);
		hg_audit_print(&l);
	}
}

static void hg_audit_flush(struct work_struct *work)
{
	hg_audit_summarise();
}

/**
 * hg_audit_emit() - write a finished line, subject to its bucket's limit
 * @l: the line
 * @bucket: the rate limit that applies (&enum hg_audit_bucket)
 *
 * A held-back line is counted in its bucket; the count goes out in an
 * "event=suppressed" line naming the bucket before the next line of any
 * bucket that passes, or from a work item (one for both buckets) when
 * the rate limit interval has passed, whichever is first.  Process
 * context only.
 */
void hg_audit_emit(struct hg_audit_line *l, enum hg_audit_bucket bucket)
{
	struct hg_audit_limit *lim = NULL;

	/* An unknown bucket is a bug: limit it rather than index past. */
	if (bucket != HG_AUDIT_ALWAYS)
		lim = &hg_audit_limits[bucket < ARRAY_SIZE(hg_audit_limits) ?
				       bucket : HG_AUDIT_CONTROL];
	if (lim && !__ratelimit(lim->rs)) {
		atomic64_inc(&lim->held);
		atomic64_inc(&lim->pending);
		schedule_delayed_work(&hg_audit_flush_work, lim->rs->interval);
		return;
	}
	hg_audit_summarise();
	hg_audit_print(l);
}

static void hg_audit_caller(struct hg_audit_line *l)
{
	char comm[TASK_COMM_LEN];

	hg_audit_u64(l, "uid", from_kuid(&init_user_ns, current_uid()));
	hg_audit_s64(l, "pid", task_tgid_nr(current));
	hg_audit_str(l, "comm", get_task_comm(comm, current));
}

/**
 * hg_audit_module_load() - the line that opens the trail
 */
void hg_audit_module_load(void)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, hg_audit_next_seq(), "load");
	hg_audit_str(&l, "version", HASHGUARD_VERSION);
	hg_audit_str(&l, "genl_family", HASHGUARD_GENL_NAME);
	hg_audit_u64(&l, "genl_version", HASHGUARD_GENL_VERSION);
	hg_audit_caller(&l);
	hg_audit_emit(&l, HG_AUDIT_ALWAYS);
}

/**
 * hg_audit_module_unload() - the line that closes the trail
 * @uptime_ns: time since the module was loaded
 *
 * Called after everything that could write a line has stopped; any
 * pending "suppressed" summary goes out first.
 */
void hg_audit_module_unload(u64 uptime_ns)
{
	struct hg_audit_line l;

	cancel_delayed_work_sync(&hg_audit_flush_work);
	hg_audit_summarise();
	hg_audit_begin(&l, hg_audit_next_seq(), "unload");
	hg_audit_str(&l, "version", HASHGUARD_VERSION);
	hg_audit_u64(&l, "uptime_s",
		     div_u64(uptime_ns, NSEC_PER_SEC));
	/* This line itself is counted: lines = seq - suppressed. */
	hg_audit_u64(&l, "lines", atomic64_read(&hg_audit_written) + 1);
	hg_audit_u64(&l, "suppressed", hg_audit_suppressed());
	hg_audit_caller(&l);
	hg_audit_emit(&l, HG_AUDIT_ALWAYS);
}

static void hg_audit_features(struct hg_audit_line *l,
			      const struct hg_features *ft)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(hg_names_feature); i++)
		hg_audit_u64(l, hg_names_feature[i], ft->f[i]);
}

/**
 * hg_audit_task() - a verdict on a process, or a change of its cover
 * @ev: the event (&enum hashguard_event)
 * @info: the process
 *
 * Every line says whether an approval covers the process, and which:
 * approval=REF approval_id=N, or approval=none.  In the detection
 * bucket: a process can cause these lines at will.
 */
void hg_audit_task(enum hashguard_event ev, const struct hg_task_info *info)
{
	struct hg_audit_line l;

	if (ev <= HASHGUARD_EVENT_UNSPEC || ev > HASHGUARD_EVENT_MAX)
		return;
	hg_audit_begin(&l, hg_audit_next_seq(), hg_names_event[ev]);
	hg_audit_str(&l, "tenant", info->tenant);
	hg_audit_u64(&l, "tenant_id", info->tenant_id);
	hg_audit_u64(&l, "tgid", info->tgid);
	hg_audit_u64(&l, "pid", info->pid);
	hg_audit_str(&l, "comm", info->comm);
	hg_audit_u64(&l, "score", info->score);
	if (info->approval_id) {
		hg_audit_str(&l, "approval", info->approval_ref);
		hg_audit_u64(&l, "approval_id", info->approval_id);
	} else {
		hg_audit_str(&l, "approval", "none");
	}
	hg_audit_u64(&l, "threads", info->threads);
	hg_audit_features(&l, &info->feat);
	/* Last: a long path must not push the features out. */
	if (info->exe[0])
		hg_audit_str(&l, "exe", info->exe);
	hg_audit_emit(&l, HG_AUDIT_DETECTION);
}

/**
 * hg_audit_approval() - an approval granted, replaced, revoked or expired
 * @event: "approval_set", "approval_revoke" or "approval_expire"
 * @info: the approval
 * @by_caller: a request made the change: name the calling task
 *
 * Not rate limited for requests, which need privilege; expiries, made by
 * the kernel, can come in bursts and are, in the detection bucket.
 */
void hg_audit_approval(const char *event, const struct hg_approval_info *info,
		       bool by_caller)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, hg_audit_next_seq(), event);
	hg_audit_str(&l, "tenant", info->tenant);
	hg_audit_u64(&l, "tenant_id", info->tenant_id);
	hg_audit_str(&l, "ref", info->ref);
	hg_audit_u64(&l, "approval_id", info->id);
	hg_audit_str(&l, "scope", info->exe[0] ? "exe" : "tenant");
	if (info->exe[0])
		hg_audit_str(&l, "exe", info->exe);
	hg_audit_s64(&l, "not_before", info->not_before);
	hg_audit_s64(&l, "expires", info->expires);
	hg_audit_u64(&l, "granted_by", info->granted_by);
	if (info->replaced)
		hg_audit_u64(&l, "replaced", 1);
	if (by_caller)
		hg_audit_caller(&l);
	hg_audit_emit(&l, by_caller ? HG_AUDIT_ALWAYS : HG_AUDIT_DETECTION);
}

/**
 * hg_audit_action() - an action a policy agent reports having taken
 * @a: what it reported
 * @ti: the module's record of the process, or NULL if it has none
 *
 * The calling task (the agent) is named as the one who acted.  In the
 * control bucket, which detection lines cannot use up.
 */
void hg_audit_action(const struct hg_audit_action *a,
		     const struct hg_task_info *ti)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, hg_audit_next_seq(), "action");
	hg_audit_str(&l, "action", a->kind <= HASHGUARD_ACTION_MAX &&
		     hg_names_action[a->kind] ? hg_names_action[a->kind] :
		     "unknown");
	hg_audit_str(&l, "outcome",
		     hg_names_outcome[a->outcome == HASHGUARD_OUTCOME_VERIFIED ?
				      HASHGUARD_OUTCOME_VERIFIED :
				      HASHGUARD_OUTCOME_FAILED]);
	hg_audit_u64(&l, "tgid", a->tgid);
	if (ti) {
		hg_audit_str(&l, "tenant", ti->tenant);
		hg_audit_u64(&l, "tenant_id", ti->tenant_id);
		hg_audit_str(&l, "comm", ti->comm);
		hg_audit_str(&l, "approval", ti->approval_id ?
			     ti->approval_ref : "none");
	} else {
		hg_audit_str(&l, "tracked", "no");
	}
	if (a->reason)
		hg_audit_str(&l, "reason", a->reason);
	if (a->detail)
		hg_audit_str(&l, "detail", a->detail);
	hg_audit_caller(&l);
	hg_audit_emit(&l, HG_AUDIT_CONTROL);
}

/**
 * hg_audit_tenant() - a tenant added or removed, and by whom
 * @event: "tenant_add" or "tenant_del"
 * @info: the tenant
 *
 * In the control bucket.
 */
void hg_audit_tenant(const char *event, const struct hg_tenant_info *info)
{
	struct hg_audit_line l;

	hg_audit_begin(&l, hg_audit_next_seq(), event);
	hg_audit_str(&l, "tenant", info->name);
	hg_audit_u64(&l, "tenant_id", info->id);
	hg_audit_str(&l, "cgroup", info->path);
	hg_audit_caller(&l);
	hg_audit_emit(&l, HG_AUDIT_CONTROL);
}

/**
 * hg_audit_config() - the configuration changed, and by whom
 * @old: before
 * @new: after
 *
 * Names only the values that changed.  In the control bucket.
 */
void hg_audit_config(const struct hg_config *old, const struct hg_config *new)
{
	struct hg_audit_line l;

	static const struct {
		unsigned int attr;
		size_t off;
	} keys[] = {
		{ HASHGUARD_CONFIG_A_SAMPLE_HZ, offsetof(struct hg_config, sample_hz) },
		{ HASHGUARD_CONFIG_A_SAMPLE_SOURCE, offsetof(struct hg_config, sample_source) },
		{ HASHGUARD_CONFIG_A_WINDOW_MS, offsetof(struct hg_config, window_ms) },
		{ HASHGUARD_CONFIG_A_FLAG_THRESHOLD, offsetof(struct hg_config, flag_threshold) },
		{ HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, offsetof(struct hg_config, clear_threshold) },
		{ HASHGUARD_CONFIG_A_FLAG_WINDOWS, offsetof(struct hg_config, flag_windows) },
		{ HASHGUARD_CONFIG_A_CLEAR_WINDOWS, offsetof(struct hg_config, clear_windows) },
		{ HASHGUARD_CONFIG_A_MIN_SAMPLES, offsetof(struct hg_config, min_samples) },
		{ HASHGUARD_CONFIG_A_MAX_TASKS, offsetof(struct hg_config, max_tasks) },
	};
	unsigned int i;

	hg_audit_begin(&l, hg_audit_next_seq(), "config");
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		u32 a = *(const u32 *)((const char *)old + keys[i].off);
		u32 b = *(const u32 *)((const char *)new + keys[i].off);

		if (a != b)
			hg_audit_u64(&l, hg_names_config[keys[i].attr], b);
	}
	hg_audit_caller(&l);
	hg_audit_emit(&l, HG_AUDIT_CONTROL);
}

/**
 * hg_audit_lines() - lines written so far
 *
 * Return: the number of audit lines printed.
 */
u64 hg_audit_lines(void)
{
	return atomic64_read(&hg_audit_written);
}

/**
 * hg_audit_suppressed() - lines held back by the rate limits so far
 *
 * Return: the number of audit lines not printed, of both buckets.
 */
u64 hg_audit_suppressed(void)
{
	return atomic64_read(&hg_audit_limits[HG_AUDIT_DETECTION].held) +
	       atomic64_read(&hg_audit_limits[HG_AUDIT_CONTROL].held);
}

/**
 * hg_audit_init() - set up the trail
 *
 * Return: 0.
 */
int hg_audit_init(void)
{
	ratelimit_set_flags(&hg_audit_rs_detection, RATELIMIT_MSG_ON_RELEASE);
	ratelimit_set_flags(&hg_audit_rs_control, RATELIMIT_MSG_ON_RELEASE);
	return 0;
}

/**
 * hg_audit_exit() - stop the summary work
 */
void hg_audit_exit(void)
{
	cancel_delayed_work_sync(&hg_audit_flush_work);
}
