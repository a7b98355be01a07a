// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's core: follow the module, decide with policy.c, act with
 * enforce.c, report to the module, record in the ledger.
 *
 * The agent follows every flagged process (and every process it has
 * acted on) in a struct hg_proc.  A notification, a timer (the end of a
 * grace period) or a resynchronisation changes what is known of one; it
 * is then evaluated: hg_decide() says wait, act, lift or keep, and the
 * agent does that.  An action is recorded in the ledger's enforcements
 * table before anything is changed, so that an agent killed at any
 * moment finds, when it starts again, every change it may have made.
 *
 * Resynchronisation reads the module's state with dumps: at start, when
 * the notification socket overflowed, and when the module was loaded
 * again (its load time changed).  Against a module that has been loaded
 * all along the kernel is authoritative and the ledger catches up; a
 * module that is new (a reboot, a reload) gets the tenants and the
 * still-valid approvals of the ledger pushed back into it.
 */

#include <errno.h>
#include <poll.h>
#include <search.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "cgroup.h"
#include "enforce.h"

/**
 * struct hg_proc - one process the agent follows
 * @next: list of every process
 * @prev: list of every process
 * @tgid: process id
 * @start_time: start time (ns since boot), with @tgid its identity
 * @tenant: its tenant
 * @comm: its comm
 * @exe: its executable, "" if not known
 * @state: enum hashguard_state as last seen
 * @covered: an approval covers it
 * @approval: that approval's reference
 * @since: start of its grace period, seconds since the epoch
 * @cgroup: its cgroup when it was flagged ("" if not known), for the
 *	grace memory
 * @samples: its sample count as last seen
 * @win_score: the score of its last window, as last seen
 * @win_samples: the samples of that window
 * @gone: it exited
 * @seen: found in the dump of this resynchronisation
 * @wake: decide again at this time (0: no timer)
 * @recheck: @rec comes from the ledger of an earlier agent, which may
 *	have died before it made the change or checked it
 * @rec: the enforcement in place (also in the ledger), NULL if none
 * @enf: the action being checked, NULL if none
 * @pidfd: a pidfd of the process while @rec is in force (-1: none): its
 *	identity, exact where a tgid and a start time are not, and how an
 *	exec (the same process, a new program) is told from an exit
 * @exec_ms: the module said "exited" with the pidfd not readable: an
 *	exec, unless the pidfd turns readable before this time (the exit
 *	is reported while the process is still on its way out); 0: none
 * @quota: the throttle quota @rec was applied with (0: not known yet, so
 *	not held: an enforcement of an earlier agent, until re-applied)
 */
struct hg_proc {
	struct hg_proc *next, *prev;
	uint32_t tgid;
	uint64_t start_time;
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char comm[64];
	char exe[HASHGUARD_EXE_PATH_MAX];
	unsigned int state;
	bool covered;
	char approval[HASHGUARD_APPROVAL_REF_MAX];
	uint64_t since;
	char cgroup[HG_ENF_CGROUP_MAX];
	uint64_t samples;
	unsigned int win_score;
	unsigned int win_samples;
	bool gone;
	bool seen;
	uint64_t wake;
	bool recheck;
	struct hgl_enforcement *rec;
	struct hg_enf *enf;
	int pidfd;
	uint64_t exec_ms;
	unsigned int quota;
};

void hg_agent_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hashguardd: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static uint64_t hg_now(void)
{
	return (uint64_t)time(NULL);
}

/* The ledger failed: say so; the agent goes on (the journal has the line). */
static void hg_ledger_warn(struct hg_agent *a, int ret)
{
	if (ret)
		hg_agent_log("ledger: %s", hgl_ledger_error(a->ledger));
}

/* Release and free an action's state. */
static void hg_enf_drop(struct hg_enf *e)
{
	if (!e)
		return;
	hg_enf_release(e);
	free(e);
}

static int hg_proc_cmp(const void *x, const void *y)
{
	const struct hg_proc *a = x, *b = y;

	if (a->tgid != b->tgid)
		return a->tgid < b->tgid ? -1 : 1;
	if (a->start_time != b->start_time)
		return a->start_time < b->start_time ? -1 : 1;
	return 0;
}

static struct hg_proc *hg_proc_find(struct hg_agent *a, uint32_t tgid,
				    uint64_t start_time)
{
	struct hg_proc key = { .tgid = tgid, .start_time = start_time };
	void *r = tfind(&key, &a->tree, hg_proc_cmp);

	return r ? *(struct hg_proc **)r : NULL;
}

static struct hg_proc *hg_proc_get(struct hg_agent *a, uint32_t tgid,
				   uint64_t start_time)
{
	struct hg_proc *p = hg_proc_find(a, tgid, start_time);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tgid = tgid;
	p->start_time = start_time;
	p->pidfd = -1;
	if (!tsearch(p, &a->tree, hg_proc_cmp)) {
		free(p);
		return NULL;
	}
	p->next = a->procs;
	if (a->procs)
		a->procs->prev = p;
	a->procs = p;
	a->nprocs++;
	return p;
}

static void hg_proc_free(struct hg_agent *a, struct hg_proc *p)
{
	tdelete(p, &a->tree, hg_proc_cmp);
	if (p->prev)
		p->prev->next = p->next;
	else
		a->procs = p->next;
	if (p->next)
		p->next->prev = p->prev;
	a->nprocs--;
	hg_enf_drop(p->enf);
	if (p->pidfd >= 0)
		close(p->pidfd);
	free(p->rec);
	free(p);
}

/*
 * Take in what the module says of a process.  A module loaded again
 * knows the tenants only once the agent has pushed them back, and
 * places each process in its tenant at its next window: until then
 * (@a->settle_ms) it says "host" of every one, and the tenant of a
 * process with an enforcement stays the one it had.
 */
static void hg_proc_update(struct hg_agent *a, struct hg_proc *p,
			   const struct hgl_task *t)
{
	if (t->tenant[0] && !(p->rec && p->tenant[0] &&
			      hg_enf_now_ms() < a->settle_ms))
		snprintf(p->tenant, sizeof(p->tenant), "%s", t->tenant);
	if (t->comm[0])
		snprintf(p->comm, sizeof(p->comm), "%s", t->comm);
	if (t->exe)
		snprintf(p->exe, sizeof(p->exe), "%s", t->exe);
	p->state = t->state;
	p->samples = t->samples;
	p->win_score = t->score;
	p->win_samples = t->features_have & (1U << HASHGUARD_FEATURE_SAMPLES) ?
			 t->features[HASHGUARD_FEATURE_SAMPLES] : 0;
	p->covered = t->have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID);
	snprintf(p->approval, sizeof(p->approval), "%s",
		 p->covered ? t->approval_ref : "");
}

/*
 * The process a ledger record is about, from a struct hg_proc or the
 * struct hgl_task of a notification (the same five fields).
 */
#define HG_LEDGER_PROC(x) {					\
	.tenant = (x)->tenant, .tgid = (x)->tgid,		\
	.start_time = (x)->start_time,				\
	.comm = (x)->comm, .exe = (x)->exe,			\
}

/* Tell the module and the ledger what was done. */
static void hg_report(struct hg_agent *a, struct hg_proc *p, unsigned int kind,
		      unsigned int outcome, const char *authority,
		      const char *cgroup, const char *detail)
{
	struct hgl_action act = {
		.tgid = p->tgid,
		.start_time = p->start_time,
		.kind = kind,
		.outcome = outcome,
		.reason = authority,
		.detail = detail,
	};
	struct hgl_ledger_proc lp = HG_LEDGER_PROC(p);
	int ret;

	hg_ledger_warn(a, hgl_ledger_action(a->ledger, &lp, kind, outcome,
					   authority, cgroup, detail));
	if (!a->nl)
		return;
	/* The module audits it, with tracked=no for a process gone. */
	ret = hgl_nl_action_report(a->nl, &act);
	if (ret)
		hg_agent_log("reporting the %s of %u: %s", hgl_action_name(kind),
			     p->tgid, hgl_nl_error(a->nl));
}

/*
 * Is @p still running?  Its pidfd says so exactly.  Without one (the
 * module no longer tracks it, or it is not pinned yet), /proc/PID/stat
 * gives the state (a zombie has exited) and the start time in clock
 * ticks since boot; a pid reused since has another start time.
 */
static bool hg_proc_alive(const struct hg_proc *p)
{
	unsigned long long start;
	char path[64], buf[1024], *s;
	FILE *f;
	bool alive = false;

	if (p->pidfd >= 0)
		return !hg_enf_pidfd_exited(p->pidfd);

	snprintf(path, sizeof(path), "/proc/%u/stat", p->tgid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		/* Field 22, counted after the comm's closing parenthesis. */
		s = strrchr(buf, ')');
		if (s && (s[2] == 'Z' || s[2] == 'X'))
			s = NULL;	/* exited, not yet reaped */
		if (s && sscanf(s + 2,
				"%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
				&start) == 1) {
			long hz = sysconf(_SC_CLK_TCK);
			uint64_t ns = start * (1000000000ULL / (uint64_t)hz);

			alive = ns + 1000000000ULL > p->start_time &&
				ns < p->start_time + 1000000000ULL;
		}
	}
	fclose(f);
	return alive;
}

/*
 * Hold a pidfd of @p while an enforcement is in force: opened, then
 * checked against the start time (the pid could have been reused before
 * the open), so that from then on its identity is exact.
 */
static void hg_proc_pin(struct hg_proc *p)
{
	int fd;

	if (p->pidfd >= 0)
		return;
	fd = hg_enf_pidfd_open((pid_t)p->tgid);
	if (fd < 0)
		return;
	if (!hg_proc_alive(p)) {
		close(fd);
		return;
	}
	p->pidfd = fd;
}

/* Another process whose enforcement holds @kind on @cgroup. */
static struct hg_proc *hg_cgroup_holder(struct hg_agent *a,
					const struct hg_proc *self,
					unsigned int kind, const char *cgroup)
{
	struct hg_proc *q;

	if (kind != HASHGUARD_ACTION_THROTTLE &&
	    kind != HASHGUARD_ACTION_FREEZE)
		return NULL;
	for (q = a->procs; q; q = q->next)
		if (q != self && q->rec && q->rec->kind == kind &&
		    !strcmp(q->rec->cgroup, cgroup))
			return q;
	return NULL;
}

static void hg_rec_forget(struct hg_agent *a, struct hg_proc *p)
{
	hg_ledger_warn(a, hgl_ledger_enf_del(a->ledger, p->tgid, p->start_time));
	free(p->rec);
	p->rec = NULL;
}

/* Lift @p's enforcement, for @why. */
static void hg_lift(struct hg_agent *a, struct hg_proc *p, const char *why)
{
	struct hgl_enforcement *r = p->rec;
	char detail[HG_ENF_DETAIL_MAX];
	struct hg_proc *other;
	unsigned int outcome = HASHGUARD_OUTCOME_VERIFIED;
	int ret;

	hg_enf_drop(p->enf);
	p->enf = NULL;
	other = hg_cgroup_holder(a, p, r->kind, r->cgroup);
	if (r->kind == HASHGUARD_ACTION_IDLE && (p->gone || !hg_proc_alive(p))) {
		/* Its pid may be another process's by now: touch nothing. */
		snprintf(detail, sizeof(detail), "process %u gone", p->tgid);
	} else if (other) {
		snprintf(detail, sizeof(detail),
			 "%s of the cgroup stays for pid %u",
			 hgl_action_name(r->kind), other->tgid);
	} else {
		ret = hg_enf_lift(r->kind, r->cgroup, (pid_t)p->tgid, r->prev,
				  detail, sizeof(detail));
		if (ret)
			outcome = HASHGUARD_OUTCOME_FAILED;
	}
	a->stats.lifts++;
	hg_report(a, p, HASHGUARD_ACTION_RESTORE, outcome, why, r->cgroup,
		  detail);
	hg_rec_forget(a, p);
}

/**
 * struct hg_act_ctx - what enforce.c's callbacks need during hg_enf_apply()
 * @a: the agent
 * @p: the process acted on
 * @r: the enforcement to record before the change (NULL: recorded already)
 */
struct hg_act_ctx {
	struct hg_agent *a;
	struct hg_proc *p;
	struct hgl_enforcement *r;
};

/* Is @tgid still the process the module flagged (same start time)? */
static int hg_confirm(pid_t tgid, void *arg)
{
	struct hg_act_ctx *c = arg;
	struct hgl_task *t;
	int ret;

	if (!c->a->nl)
		return -ESRCH;
	t = malloc(sizeof(*t));
	if (!t)
		return -ENOMEM;
	ret = hgl_nl_task_get(c->a->nl, (uint32_t)tgid, c->p->start_time, t);
	if (!ret)
		hgl_task_release(t);
	free(t);
	return ret ? -ESRCH : 0;
}

/* Called by hg_enf_apply() before it changes anything: ledger first. */
static int hg_record_intent(const struct hg_enf *e, void *arg)
{
	struct hg_act_ctx *c = arg;
	int ret;

	snprintf(c->r->prev, sizeof(c->r->prev), "%s", e->prev);
	ret = hgl_ledger_enf_put(c->a->ledger, c->r);
	hg_ledger_warn(c->a, ret);
	return ret ? -EIO : 0;
}

/*
 * Apply @kind to @p (@cgroup and @prev set for a cgroup already acted
 * on); on success @p->enf holds it for hg_check().  Return: 0, or -errno
 * with @detail saying why nothing was done.
 */
static int hg_apply(struct hg_agent *a, struct hg_proc *p, unsigned int kind,
		    unsigned int quota, const char *cgroup, const char *prev,
		    struct hgl_enforcement *record, char *detail, size_t len)
{
	struct hg_act_ctx c = { .a = a, .p = p, .r = record };
	struct hg_enf *e;
	int ret;

	e = calloc(1, sizeof(*e));
	if (!e) {
		snprintf(detail, len, "out of memory");
		return -ENOMEM;
	}
	e->pidfd = -1;
	e->kind = kind;
	e->tgid = (pid_t)p->tgid;
	e->quota = quota;
	snprintf(e->cgroup, sizeof(e->cgroup), "%s", cgroup);
	if (prev) {
		e->already = true;
		snprintf(e->prev, sizeof(e->prev), "%s", prev);
	}
	e->confirm = hg_confirm;
	e->confirm_arg = &c;
	if (record) {
		e->record = hg_record_intent;
		e->record_arg = &c;
	}
	ret = hg_enf_apply(e, detail, len);
	/* The callbacks' context lives on this stack only. */
	e->confirm = NULL;
	e->record = NULL;
	if (ret) {
		hg_enf_drop(e);
		return ret;
	}
	if (record)
		snprintf(record->prev, sizeof(record->prev), "%s", e->prev);
	p->enf = e;
	return 0;
}

/* An action that did not take: counted, reported, tried again later. */
static void hg_act_failed(struct hg_agent *a, struct hg_proc *p,
			  unsigned int kind, const char *authority,
			  const char *cgroup, const char *detail)
{
	a->stats.actions++;
	a->stats.failed++;
	hg_report(a, p, kind, HASHGUARD_OUTCOME_FAILED, authority, cgroup,
		  detail);
	p->wake = hg_now() + HG_AGENT_RETRY_S;
}

/*
 * The cgroup of @tenant (the boundary its work stays in) into @buf, from
 * the module; false for the host tenant, an unknown one, or the module
 * away.
 */
static bool hg_tenant_top(struct hg_agent *a, const char *tenant, char *buf,
			  size_t len)
{
	struct hgl_tenant *kt = NULL;
	size_t i, n = 0;
	bool found = false;

	if (!a->nl || !tenant[0] || !strcmp(tenant, "host") ||
	    hgl_nl_tenant_list(a->nl, &kt, &n))
		return false;
	for (i = 0; i < n && !found; i++) {
		if (strcmp(kt[i].name, tenant) || kt[i].cgroup_gone ||
		    kt[i].id == HASHGUARD_TENANT_HOST)
			continue;
		found = strlen(kt[i].cgroup) < len;
		if (found)
			snprintf(buf, len, "%s", kt[i].cgroup);
	}
	free(kt);
	return found;
}

/*
 * Start @kind (with @quota) on @p, at @cgroup for a cgroup action; the
 * enforcement is recorded before the change.
 */
static void hg_act_at(struct hg_agent *a, struct hg_proc *p, unsigned int kind,
		      unsigned int quota, const char *authority,
		      const char *cgroup)
{
	char detail[HG_ENF_DETAIL_MAX] = "";
	const char *prev = NULL;
	struct hgl_enforcement *r;
	struct hg_proc *other;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r) {
		hg_agent_log("out of memory acting on %u", p->tgid);
		return;
	}
	r->tgid = p->tgid;
	r->start_time = p->start_time;
	snprintf(r->tenant, sizeof(r->tenant), "%s", p->tenant);
	snprintf(r->comm, sizeof(r->comm), "%s", p->comm);
	r->kind = kind;
	snprintf(r->authority, sizeof(r->authority), "%s", authority);
	r->since = hg_now();
	r->samples_at = p->samples;
	snprintf(r->cgroup, sizeof(r->cgroup), "%s", cgroup ? cgroup : "");
	other = hg_cgroup_holder(a, p, r->kind, r->cgroup);
	if (other)
		prev = other->rec->prev;
	ret = hg_apply(a, p, r->kind, quota, r->cgroup, prev, r, detail,
		       sizeof(detail));
	if (ret) {
		hg_act_failed(a, p, r->kind, authority, r->cgroup, detail);
		/* The intent may have been recorded before the change failed. */
		hgl_ledger_enf_del(a->ledger, p->tgid, p->start_time);
		free(r);
		return;
	}
	/* The ledger has had it (hg_record_intent()) since before the change. */
	p->rec = r;
	p->quota = quota;
	hg_proc_pin(p);
	if (r->kind == HASHGUARD_ACTION_AUDIT)
		hg_ledger_warn(a, hgl_ledger_enf_put(a->ledger, r));
}

/* Start the rule's action on @p, where the rule's enforce_at says. */
static void hg_act(struct hg_agent *a, struct hg_proc *p,
		   const struct hg_rule *rule, const char *authority)
{
	char own[HG_ENF_CGROUP_MAX], top[HG_ENF_CGROUP_MAX];
	char at[HG_ENF_CGROUP_MAX], detail[HG_ENF_DETAIL_MAX];
	char why[HG_ENF_DETAIL_MAX];
	bool has_top;
	int ret;

	if (rule->action != HASHGUARD_ACTION_THROTTLE &&
	    rule->action != HASHGUARD_ACTION_FREEZE) {
		hg_act_at(a, p, rule->action, rule->quota, authority, NULL);
		return;
	}
	ret = hgl_cgroup_of((pid_t)p->tgid, own, sizeof(own));
	if (ret) {
		snprintf(detail, sizeof(detail),
			 "cannot read the cgroup of %u: %s", p->tgid,
			 strerror(-ret));
		hg_act_failed(a, p, rule->action, authority, "", detail);
		return;
	}
	has_top = hg_tenant_top(a, p->tenant, top, sizeof(top));
	if (hg_enf_place(rule->action, rule->at, own, has_top ? top : NULL,
			 at, sizeof(at), why, sizeof(why)))
		snprintf(at, sizeof(at), "%s", own);
	else if (strcmp(at, own))
		hg_agent_log("%s of %u at %s, above its cgroup %s (%s)",
			     hgl_action_name(rule->action), p->tgid, at, own,
			     why);
	hg_act_at(a, p, rule->action, rule->quota, authority, at);
}

/*
 * An enforcement found in the ledger at start: make it again (the same
 * kind, on the same cgroup, with what to restore as recorded) and check
 * it, as the previous agent may have died before either.
 */
static void hg_reapply(struct hg_agent *a, struct hg_proc *p,
		       unsigned int quota)
{
	char detail[HG_ENF_DETAIL_MAX] = "";
	struct hgl_enforcement *r = p->rec;

	p->quota = quota;
	if (!hg_apply(a, p, r->kind, quota, r->cgroup, r->prev, NULL,
		      detail, sizeof(detail)))
		return;
	hg_act_failed(a, p, r->kind, r->authority, r->cgroup, detail);
	hg_lift(a, p, "the action failed its check");
}

/* An action under way: is its effect there yet? */
static void hg_check(struct hg_agent *a, struct hg_proc *p, uint64_t now_ms)
{
	char detail[HG_ENF_DETAIL_MAX] = "";
	struct hgl_enforcement *r = p->rec;
	struct hg_enf *e = p->enf;
	int ret;

	ret = hg_enf_check(e, now_ms, detail, sizeof(detail));
	if (ret == HG_ENF_PENDING)
		return;
	p->enf = NULL;
	hg_enf_drop(e);
	if (ret == HG_ENF_VERIFIED) {
		a->stats.actions++;
		hg_report(a, p, r->kind, HASHGUARD_OUTCOME_VERIFIED,
			  r->authority, r->cgroup, detail);
		/*
		 * From now on the enforcement may starve the process of
		 * samples: count from here whether a "cleared" is its doing.
		 */
		if (hg_action_liftable(r->kind) && a->nl) {
			struct hgl_task *t = malloc(sizeof(*t));

			if (t && !hgl_nl_task_get(a->nl, p->tgid, p->start_time,
						 t)) {
				hg_proc_update(a, p, t);
				r->samples_at = t->samples;
				hgl_task_release(t);
				hg_ledger_warn(a, hgl_ledger_enf_put(a->ledger,
								    r));
			}
			free(t);
		}
		if (r->kind == HASHGUARD_ACTION_KILL)
			p->gone = true;
		return;
	}
	hg_act_failed(a, p, r->kind, r->authority, r->cgroup, detail);
	/* Undo what did not work; hg_act_failed() set the retry. */
	if (hg_action_liftable(r->kind))
		hg_lift(a, p, "the action failed its check");
	else
		hg_rec_forget(a, p);
}

static const char *hg_lift_reason(const struct hg_proc *p,
				  const struct hg_rule *rule, char *buf,
				  size_t len)
{
	if (p->gone)
		return "the process exited";
	if (p->covered) {
		snprintf(buf, len, "approval %s", p->approval);
		return buf;
	}
	if (rule->action != p->rec->kind) {
		snprintf(buf, len, "policy changed to %s",
			 hgl_action_name(rule->action));
		return buf;
	}
	return "cleared by the module";
}

/*
 * Decide about @p and do it.  Return: true when @p is of no more
 * interest (it may then be freed).
 */
static bool hg_eval(struct hg_agent *a, struct hg_proc *p)
{
	struct hg_view v = {
		.gone = p->gone,
		.state = p->state,
		.covered = p->covered,
		.since = p->since,
		.acted = p->rec,
		.enforced = p->rec ? p->rec->kind : 0,
		.samples_at = p->rec ? p->rec->samples_at : 0,
		.samples = p->samples,
		.win_score = p->win_score,
		.win_samples = p->win_samples,
		.min_samples = a->kcfg.min_samples,
		.clear_windows = a->kcfg.clear_windows,
		.clear_threshold = a->kcfg.clear_threshold,
	};
	const char *authority;
	struct hg_rule rule;
	uint64_t now = hg_now(), when = 0;
	char why[256];
	int rounds;

	if (p->enf)
		return false;	/* being checked: decide when that is done */
	authority = hg_policy_rule(&a->pol, p->tenant, &rule);
	for (rounds = 0; rounds < 2; rounds++) {
		if (!p->rec && p->wake > now)
			return false;	/* retrying after a failure */
		switch (hg_decide(&rule, &v, now, &when)) {
		case HG_DECIDE_WAIT:
			p->wake = when;
			return false;
		case HG_DECIDE_ACT:
			p->wake = 0;
			if (p->rec && p->rec->kind == HASHGUARD_ACTION_AUDIT)
				hg_rec_forget(a, p);
			hg_act(a, p, &rule, authority);
			return false;
		case HG_DECIDE_LIFT:
			hg_lift(a, p, hg_lift_reason(p, &rule, why,
						     sizeof(why)));
			v.acted = false;
			v.enforced = 0;
			continue;	/* the rule may now say act */
		case HG_DECIDE_KEEP:
			if (!p->rec->kept) {
				p->rec->kept = true;
				hg_ledger_warn(a, hgl_ledger_enf_put(a->ledger,
								    p->rec));
			}
			return false;
		case HG_DECIDE_NONE:
			break;
		}
		break;
	}
	if (p->recheck) {
		p->recheck = false;
		if (p->rec && !p->gone && !p->covered &&
		    p->state == HASHGUARD_STATE_FLAGGED &&
		    hg_action_liftable(p->rec->kind)) {
			hg_reapply(a, p, rule.quota);
			return false;
		}
	}
	if (p->rec && (p->gone || p->rec->kind == HASHGUARD_ACTION_KILL) &&
	    !hg_action_liftable(p->rec->kind)) {
		/* A kill the process survived (or never got): again. */
		if (!p->gone)
			p->wake = now + 1;
		hg_rec_forget(a, p);
	}
	/* Nothing in force: follow it only while it is flagged. */
	return !p->rec && (p->gone || p->state != HASHGUARD_STATE_FLAGGED);
}

static void hg_eval_free(struct hg_agent *a, struct hg_proc *p)
{
	if (hg_eval(a, p))
		hg_proc_free(a, p);
}

/*
 * @p was flagged at @flagged: its grace starts then, or at the first
 * flag of its cgroup if that is remembered (the rule's grace_memory), so
 * that workers replaced faster than the grace share one.
 */
static void hg_grace_start(struct hg_agent *a, struct hg_proc *p,
			   uint64_t flagged)
{
	struct hg_rule rule;
	uint64_t since;

	p->since = flagged;
	if (p->covered || hgl_cgroup_of((pid_t)p->tgid, p->cgroup,
					sizeof(p->cgroup))) {
		p->cgroup[0] = '\0';
		return;
	}
	hg_policy_rule(&a->pol, p->tenant, &rule);
	since = hg_grace_since(&a->gmem, p->tenant, p->cgroup, flagged,
			       hg_now(), rule.memory);
	if (since < flagged)
		hg_agent_log("%u flagged in %s, where a process was first "
			     "flagged %llu s before: its grace counts from then",
			     p->tgid, p->cgroup,
			     (unsigned long long)(flagged - since));
	p->since = since;
}

static const char *hg_event_word(int event)
{
	return hgl_event_name(event) ?: "unknown";
}

static void hg_on_detection(struct hg_agent *a, const struct hgl_notif *n)
{
	const struct hgl_task *t = &n->u.task;
	bool covered = t->have & HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID);
	struct hgl_ledger_proc lp = HG_LEDGER_PROC(t);
	struct hg_proc *p;
	bool was_covered;

	hg_ledger_warn(a, hgl_ledger_detection(a->ledger, &lp,
					      hg_event_word(n->event), t->score,
					      covered ? t->approval_ref : NULL));
	p = hg_proc_find(a, t->tgid, t->start_time);
	if (!p) {
		/* Only a flag, or a change of cover, makes a process of interest. */
		if (n->event != HASHGUARD_EVENT_FLAGGED &&
		    n->event != HASHGUARD_EVENT_UNCOVERED &&
		    n->event != HASHGUARD_EVENT_COVERED)
			return;
		p = hg_proc_get(a, t->tgid, t->start_time);
		if (!p) {
			a->resync = true;
			a->resync_why = "out of memory";
			return;
		}
		p->since = t->flagged_time ?: hg_now();
	}
	was_covered = p->covered;
	hg_proc_update(a, p, t);
	switch (n->event) {
	case HASHGUARD_EVENT_FLAGGED:
		hg_grace_start(a, p, t->flagged_time ?: hg_now());
		break;
	case HASHGUARD_EVENT_EXITED:
		if (!p->rec || p->pidfd < 0 || hg_enf_pidfd_exited(p->pidfd)) {
			p->gone = true;
			break;
		}
		/*
		 * An exec (the same process runs a new program, which the
		 * module judges afresh), or an exit on its way: hg_hold()
		 * tells.  The enforcement stays; the samples it must earn
		 * before a "cleared" counts start from here.
		 */
		p->rec->samples_at = t->samples;
		hg_ledger_warn(a, hgl_ledger_enf_put(a->ledger, p->rec));
		p->exec_ms = hg_enf_now_ms() + 1000;
		break;
	case HASHGUARD_EVENT_UNCOVERED:
		if (was_covered || !p->since)
			p->since = hg_now();
		p->covered = false;
		break;
	}
	hg_eval_free(a, p);
}

static void hg_on_config(struct hg_agent *a, const struct hgl_notif *n)
{
	const struct hgl_caller *by = &n->caller;
	const char *ev = NULL;
	int ret = 0;

	/* What the agent itself restored is in the ledger already. */
	if (by->present && by->pid == (uint32_t)getpid())
		return;
	switch (n->cmd) {
	case HASHGUARD_CMD_NEW_APPROVAL:
		ev = hgl_ledger_approval_has(a->ledger, n->u.approval.tenant,
					    n->u.approval.ref) > 0 ?
			"replaced" : "granted";
		ret = hgl_ledger_approval(a->ledger, ev, &n->u.approval, by);
		break;
	case HASHGUARD_CMD_DEL_APPROVAL:
		ev = n->u.approval.end == HASHGUARD_APPROVAL_END_EXPIRED ?
			"expired" : "revoked";
		/* hashguardctl revoke records its own, for when we are away. */
		if (by->present && !strcmp(ev, "revoked") &&
		    hgl_ledger_approval_revoked_by(a->ledger, n->u.approval.tenant,
						   n->u.approval.ref,
						   by->pid) > 0)
			break;
		ret = hgl_ledger_approval(a->ledger, ev, &n->u.approval, by);
		break;
	case HASHGUARD_CMD_NEW_TENANT:
		ret = hgl_ledger_tenant(a->ledger, "added", &n->u.tenant, by);
		break;
	case HASHGUARD_CMD_DEL_TENANT:
		ret = hgl_ledger_tenant(a->ledger, "removed", &n->u.tenant, by);
		break;
	case HASHGUARD_CMD_SET_CONFIG:
		a->kcfg = n->u.config;
		break;
	}
	hg_ledger_warn(a, ret);
}

static int hg_on_notif(const struct hgl_notif *n, void *arg)
{
	struct hg_agent *a = arg;

	a->stats.events++;
	switch (n->type) {
	case HGL_NOTIF_LOST:
		a->stats.overflows++;
		a->resync = true;
		a->resync_why = "notifications lost (socket overflow)";
		break;
	case HGL_NOTIF_DETECTION:
		hg_on_detection(a, n);
		break;
	case HGL_NOTIF_CONFIG:
		hg_on_config(a, n);
		break;
	}
	return 0;
}

static void hg_proc_lookup(struct hg_agent *a, struct hg_proc *p,
			   struct hgl_task *t)
{
	int ret = hgl_nl_task_get(a->nl, p->tgid, p->start_time, t);

	if (!ret) {
		hg_proc_update(a, p, t);
		hgl_task_release(t);
	}
	else if (ret == -ENOENT && !hg_proc_alive(p))
		p->gone = true;
}

/* ---- resynchronisation ---- */

static bool hg_approval_same(const struct hgl_approval *x,
			     const struct hgl_approval *y)
{
	return !strcmp(x->tenant, y->tenant) && !strcmp(x->ref, y->ref);
}

static const struct hgl_approval *hg_approval_in(const struct hgl_approval *list,
						size_t n,
						const struct hgl_approval *ap)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hg_approval_same(&list[i], ap))
			return &list[i];
	return NULL;
}

static const struct hgl_tenant *hg_tenant_in(const struct hgl_tenant *list,
					    size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, name))
			return &list[i];
	return NULL;
}

/*
 * @ret from restoring what @fmt names: false if it was restored, else
 * true after saying "cannot restore WHAT: the module's error".
 */
static bool __attribute__((format(printf, 3, 4)))
hg_restore_failed(struct hg_agent *a, int ret, const char *fmt, ...)
{
	char what[HASHGUARD_CGROUP_PATH_MAX + 256];
	va_list ap;

	if (!ret)
		return false;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	hg_agent_log("cannot restore %s: %s", what, hgl_nl_error(a->nl));
	return true;
}

/* Push the ledger's tenants and valid approvals into a new module. */
static void hg_push_back(struct hg_agent *a, struct hgl_tenant *kt, size_t nkt)
{
	struct hgl_approval *la = NULL, out;
	struct hgl_tenant *lt = NULL, tout;
	size_t i, nla = 0, nlt = 0;
	uint64_t now = hg_now();
	int ret;

	if (!hgl_ledger_tenants(a->ledger, &lt, &nlt)) {
		for (i = 0; i < nlt; i++) {
			if (hg_tenant_in(kt, nkt, lt[i].name))
				continue;
			ret = hgl_nl_tenant_add(a->nl, lt[i].name, lt[i].cgroup,
					       &tout);
			if (hg_restore_failed(a, ret, "tenant %s (%s)",
					      lt[i].name, lt[i].cgroup))
				continue;
			a->stats.restored++;
			hgl_ledger_tenant(a->ledger, "restored", &tout, NULL);
		}
	}
	free(lt);
	if (hgl_ledger_approvals(a->ledger, &la, &nla))
		return;
	for (i = 0; i < nla; i++) {
		if (la[i].expires && la[i].expires <= now) {
			hgl_ledger_approval(a->ledger, "expired", &la[i], NULL);
			continue;
		}
		ret = hgl_nl_approval_set(a->nl, la[i].tenant, &la[i], false,
					 &out);
		if (hg_restore_failed(a, ret, "approval %s of %s", la[i].ref,
				      la[i].tenant))
			continue;
		/* The ledger keeps who granted it first, and when. */
		out.granted_by = la[i].granted_by;
		out.granted_time = la[i].granted_time;
		a->stats.restored++;
		hgl_ledger_approval(a->ledger, "restored", &out, NULL);
	}
	free(la);
}

/* The module has been there all along: bring the ledger up to its state. */
static void hg_catch_up(struct hg_agent *a, struct hgl_tenant *kt, size_t nkt)
{
	struct hgl_approval *la = NULL, *ka = NULL;
	struct hgl_tenant *lt = NULL;
	size_t i, nla = 0, nka = 0, nlt = 0;
	uint64_t now = hg_now();
	int ret;

	ret = hgl_nl_approval_list(a->nl, NULL, &ka, &nka);
	if (ret) {
		hg_agent_log("listing approvals: %s", hgl_nl_error(a->nl));
		return;
	}
	if (!hgl_ledger_approvals(a->ledger, &la, &nla)) {
		for (i = 0; i < nka; i++)
			if (!hg_approval_in(la, nla, &ka[i]))
				hgl_ledger_approval(a->ledger, "observed",
						   &ka[i], NULL);
		for (i = 0; i < nla; i++)
			if (!hg_approval_in(ka, nka, &la[i]))
				hgl_ledger_approval(a->ledger,
						   la[i].expires &&
						   la[i].expires <= now ?
						   "expired" : "lost",
						   &la[i], NULL);
	}
	if (!hgl_ledger_tenants(a->ledger, &lt, &nlt)) {
		for (i = 0; i < nkt; i++)
			if (kt[i].id != HASHGUARD_TENANT_HOST &&
			    !hg_tenant_in(lt, nlt, kt[i].name))
				hgl_ledger_tenant(a->ledger, "added", &kt[i],
						 NULL);
		for (i = 0; i < nlt; i++)
			if (!hg_tenant_in(kt, nkt, lt[i].name))
				hgl_ledger_tenant(a->ledger, "removed", &lt[i],
						 NULL);
	}
	free(lt);
	free(la);
	free(ka);
}

/* Read the whole state again.  Return: 0, or -errno (module away). */
static int hg_resync(struct hg_agent *a)
{
	struct hgl_tenant *kt = NULL;
	struct hgl_task *tasks = NULL, *t;
	struct hg_proc *p, *next;
	struct hgl_status st;
	char val[32], seen[32];
	size_t i, nkt = 0, ntasks = 0;
	bool fresh;
	int ret;

	ret = hgl_nl_get_status(a->nl, &st);
	if (!ret)
		ret = hgl_nl_get_config(a->nl, &a->kcfg);
	if (!ret)
		ret = hgl_nl_tenant_list(a->nl, &kt, &nkt);
	if (ret)
		return ret;
	a->stats.resyncs++;
	a->load_time = st.load_time;
	snprintf(val, sizeof(val), "%llu", (unsigned long long)st.load_time);
	/* A module the ledger has not seen: a reboot or a reload. */
	fresh = hgl_ledger_meta_get(a->ledger, "module_load_time", seen,
				   sizeof(seen)) || strcmp(seen, val);
	hgl_ledger_agent(a->ledger, "resync", a->resync_why);
	hgl_ledger_begin(a->ledger);
	if (fresh) {
		/*
		 * A module new to the ledger: give it back what it lost.  Its
		 * sample counts start from zero: those the enforcements were
		 * taken at are the old module's, and would read as starved
		 * for ever.
		 */
		a->settle_ms = hg_enf_now_ms() + 1000 +
			       2ULL * (a->kcfg.window_ms ?: 1000);
		for (p = a->procs; p; p = p->next) {
			if (!p->rec || !p->rec->samples_at)
				continue;
			p->rec->samples_at = 0;
			p->samples = 0;
			hg_ledger_warn(a, hgl_ledger_enf_put(a->ledger, p->rec));
		}
		hg_push_back(a, kt, nkt);
		free(kt);
		kt = NULL;
		ret = hgl_nl_tenant_list(a->nl, &kt, &nkt);
	}
	if (!ret)
		hg_catch_up(a, kt, nkt);
	hgl_ledger_meta_set(a->ledger, "module_load_time", val);
	hg_ledger_warn(a, hgl_ledger_commit(a->ledger));
	free(kt);
	if (ret)
		return ret;

	ret = hgl_nl_task_list(a->nl, NULL, 1U << HASHGUARD_STATE_FLAGGED,
			      &tasks, &ntasks);
	if (ret) {
		hg_agent_log("listing flagged processes: %s",
			     hgl_nl_error(a->nl));
		return ret;
	}
	for (p = a->procs; p; p = p->next)
		p->seen = false;
	for (i = 0; i < ntasks; i++) {
		t = &tasks[i];
		p = hg_proc_get(a, t->tgid, t->start_time);
		if (!p)
			continue;
		if (!p->since || p->state != HASHGUARD_STATE_FLAGGED ||
		    (p->covered && !(t->have &
				     HGL_TASK_BIT(HASHGUARD_TASK_A_APPROVAL_ID)))) {
			hg_proc_update(a, p, t);
			hg_grace_start(a, p, t->flagged_time ?: hg_now());
		} else {
			hg_proc_update(a, p, t);
		}
		p->seen = true;
	}
	hgl_task_list_free(tasks, ntasks);
	/* The others: no longer flagged, or gone. */
	t = malloc(sizeof(*t));
	for (p = a->procs; p && t; p = p->next) {
		if (p->seen || p->gone)
			continue;
		hg_proc_lookup(a, p, t);
	}
	free(t);
	for (p = a->procs; p; p = next) {
		next = p->next;
		hg_eval_free(a, p);
	}
	a->resync = false;
	return 0;
}

/* ---- the module coming and going ---- */

static void hg_disconnect(struct hg_agent *a)
{
	if (a->mon)
		hgl_nl_close(a->mon);
	if (a->nl)
		hgl_nl_close(a->nl);
	a->mon = NULL;
	a->nl = NULL;
}

static int hg_connect(struct hg_agent *a)
{
	int ret;

	ret = hgl_nl_open(&a->nl);
	if (!ret)
		ret = hgl_nl_monitor_open(&a->mon, HGL_NL_GROUP_ALL);
	if (!ret && hgl_nl_monitor_groups(a->mon) != HGL_NL_GROUP_ALL)
		ret = -EPROTO;
	if (ret) {
		if (!a->waiting_logged)
			hg_agent_log("waiting for the hashguard module: %s",
				     a->mon ? hgl_nl_error(a->mon) :
				     a->nl ? hgl_nl_error(a->nl) :
				     strerror(-ret));
		a->waiting_logged = true;
		hg_disconnect(a);
		return ret;
	}
	a->waiting_logged = false;
	a->resync = true;
	return 0;
}

/*
 * @p's enforcement was found undone (@what says how): record it, and
 * apply it again, at its tenant's cgroup when it is a cgroup action and
 * was below it (the tenant could write where it was), else where it was.
 * An escalation lifts the old one first (recorded as a restore), so that
 * the ledger always holds the one in force.
 */
static void hg_tamper(struct hg_agent *a, struct hg_proc *p, const char *what)
{
	char own[HG_ENF_CGROUP_MAX], top[HG_ENF_CGROUP_MAX];
	char at[HG_ENF_CGROUP_MAX], nm[HG_ENF_NAME_BUF];
	char detail[HG_ENF_DETAIL_MAX], why[HG_ENF_DETAIL_MAX];
	char authority[sizeof(p->rec->authority)];
	struct hgl_enforcement *r = p->rec;
	unsigned int kind = r->kind, quota = p->quota;
	bool cg = kind == HASHGUARD_ACTION_THROTTLE ||
		  kind == HASHGUARD_ACTION_FREEZE;
	bool has_top;

	a->stats.tampers++;
	snprintf(at, sizeof(at), "%s", r->cgroup);
	if (cg && !hgl_cgroup_of((pid_t)p->tgid, own, sizeof(own))) {
		has_top = hg_tenant_top(a, p->tenant, top, sizeof(top));
		if (has_top && hg_enf_cgroup_within(own, top) &&
		    !hgl_cgroup_is_root(top))
			snprintf(at, sizeof(at), "%s", top);
		else if (!hg_enf_cgroup_within(own, r->cgroup))
			/* Out of its tenant: where it is now. */
			snprintf(at, sizeof(at), "%s", own);
	}
	if (cg)
		snprintf(detail, sizeof(detail), "%s; %s again at %s", what,
			 hgl_action_name(kind), hg_enf_shown(at, nm, sizeof(nm)));
	else
		snprintf(detail, sizeof(detail), "%s; %s again", what,
			 hgl_action_name(kind));
	hg_agent_log("tampering with the %s of %u: %s", hgl_action_name(kind),
		     p->tgid, detail);
	hg_report(a, p, HASHGUARD_ACTION_TAMPER, HASHGUARD_OUTCOME_VERIFIED,
		  r->authority, r->cgroup, detail);
	if (!cg || !strcmp(at, r->cgroup)) {
		hg_reapply(a, p, quota);
		return;
	}
	snprintf(authority, sizeof(authority), "%s", r->authority);
	snprintf(why, sizeof(why), "moved to %s after tampering",
		 hg_enf_shown(at, nm, sizeof(nm)));
	hg_lift(a, p, why);
	hg_act_at(a, p, kind, quota, authority, at);
}

/*
 * Every enforcement in force, each tick: is it still there?  Undone is
 * tampering (hg_tamper()); a process gone is noticed here too.
 */
static void hg_hold(struct hg_agent *a, struct hg_proc *p)
{
	char detail[HG_ENF_DETAIL_MAX];
	struct hg_enf *e;
	int ret;

	if (!p->rec || p->enf || p->gone)
		return;
	if (p->pidfd >= 0 && hg_enf_pidfd_exited(p->pidfd)) {
		p->gone = true;
		return;
	}
	if (p->exec_ms && hg_enf_now_ms() >= p->exec_ms) {
		p->exec_ms = 0;
		hg_agent_log("%u replaced its program: its %s stays", p->tgid,
			     hgl_action_name(p->rec->kind));
	}
	if (!hg_action_liftable(p->rec->kind) ||
	    (p->rec->kind == HASHGUARD_ACTION_THROTTLE && !p->quota))
		return;
	e = calloc(1, sizeof(*e));
	if (!e)
		return;
	e->kind = p->rec->kind;
	e->tgid = (pid_t)p->tgid;
	e->quota = p->quota;
	e->pidfd = -1;
	snprintf(e->cgroup, sizeof(e->cgroup), "%s", p->rec->cgroup);
	ret = hg_enf_hold(e, detail, sizeof(detail));
	free(e);
	if (ret == -ESTALE && hg_proc_alive(p))
		hg_tamper(a, p, detail);
	else if (ret == -ESRCH && !hg_proc_alive(p))
		p->gone = true;
}

/*
 * Every HG_AGENT_HOLD_MS, module or not: hold every enforcement, and
 * keep the grace memory of the cgroups of flagged processes fresh.
 */
static void hg_hold_all(struct hg_agent *a)
{
	struct hg_proc *p, *next;
	uint64_t now = hg_now();

	for (p = a->procs; p; p = next) {
		next = p->next;
		if (p->state == HASHGUARD_STATE_FLAGGED && !p->covered &&
		    !p->gone && p->cgroup[0])
			hg_grace_touch(&a->gmem, p->tenant, p->cgroup, now);
		hg_hold(a, p);
		if (p->gone && !p->enf)
			hg_eval_free(a, p);
	}
}

/* Is there an enforcement for hg_hold_all() to look at? */
static bool hg_holding(const struct hg_agent *a)
{
	const struct hg_proc *p;

	for (p = a->procs; p; p = p->next)
		if (p->rec && !p->gone && hg_action_liftable(p->rec->kind))
			return true;
	return false;
}

/*
 * The module tells of the exit of flagged processes only: look after
 * the others that still have an enforcement (a freeze kept after a
 * "cleared", an audit record).
 */
static void hg_poll_kept(struct hg_agent *a)
{
	struct hg_proc *p, *next;
	struct hgl_task *t;

	t = malloc(sizeof(*t));
	if (!t)
		return;
	for (p = a->procs; p; p = next) {
		next = p->next;
		if (!p->rec || p->enf || p->gone ||
		    p->state == HASHGUARD_STATE_FLAGGED)
			continue;
		hg_proc_lookup(a, p, t);
		hg_eval_free(a, p);
	}
	free(t);
}

/* Is the module still the one we follow? */
static void hg_tick(struct hg_agent *a)
{
	struct hgl_status st;

	if (!a->nl) {
		/* The first connection keeps its reason, "start". */
		if (!hg_connect(a) && a->stats.resyncs)
			a->resync_why = "module loaded";
		return;
	}
	if (hgl_nl_get_status(a->nl, &st)) {
		hg_agent_log("the module went away: %s", hgl_nl_error(a->nl));
		hgl_ledger_agent(a->ledger, "module-gone", hgl_nl_error(a->nl));
		hg_disconnect(a);
		return;
	}
	if (st.load_time != a->load_time) {
		/* Reloaded between two ticks: its groups are new too. */
		hg_disconnect(a);
		if (!hg_connect(a))
			a->resync_why = "module reloaded";
		return;
	}
	hg_poll_kept(a);
}

/* ---- the policy ---- */

int hg_agent_reload(struct hg_agent *a)
{
	struct hg_policy pol = { 0 };
	struct hg_proc *p, *next;
	char err[512];
	int ret;

	ret = hg_policy_load(a->config_path, &pol, err, sizeof(err));
	if (ret) {
		hg_agent_log("reload refused, the policy in force stays: %s",
			     err);
		hgl_ledger_agent(a->ledger, "reload-refused", err);
		return ret;
	}
	hg_policy_free(&a->pol);
	a->pol = pol;
	hgl_ledger_agent(a->ledger, "reload", a->config_path);
	for (p = a->procs; p; p = next) {
		next = p->next;
		if (!p->rec)
			p->wake = 0;
		hg_eval_free(a, p);
	}
	return 0;
}

int hg_agent_init(struct hg_agent *a, const char *config_path,
		  const char *ledger_path, char *err, size_t errlen)
{
	struct hgl_enforcement *recs = NULL;
	struct hg_proc *p;
	size_t i, n = 0;
	int ret;

	memset(a, 0, sizeof(*a));
	a->config_path = config_path;
	a->resync_why = "start";
	ret = hg_policy_load(config_path, &a->pol, err, errlen);
	if (ret)
		return ret;
	ret = hgl_ledger_open(ledger_path, false, &a->ledger, err, errlen);
	if (ret) {
		hg_policy_free(&a->pol);
		return ret;
	}
	hgl_ledger_set_stream(a->ledger, stdout);
	/* The enforcements a previous agent left in place. */
	ret = hgl_ledger_enf_list(a->ledger, &recs, &n);
	if (ret) {
		snprintf(err, errlen, "ledger %s: %s", ledger_path,
			 hgl_ledger_error(a->ledger));
		hg_agent_fini(a);
		return ret;
	}
	for (i = 0; i < n; i++) {
		p = hg_proc_get(a, recs[i].tgid, recs[i].start_time);
		if (!p || p->rec)
			continue;
		p->rec = malloc(sizeof(*p->rec));
		if (!p->rec)
			continue;
		*p->rec = recs[i];
		p->recheck = true;
		snprintf(p->tenant, sizeof(p->tenant), "%s", recs[i].tenant);
		snprintf(p->comm, sizeof(p->comm), "%s", recs[i].comm);
		p->state = HASHGUARD_STATE_FLAGGED;
		p->since = recs[i].since;
		p->samples = recs[i].samples_at;
		hg_proc_pin(p);
	}
	free(recs);
	return 0;
}

void hg_agent_fini(struct hg_agent *a)
{
	while (a->procs)
		hg_proc_free(a, a->procs);
	hg_disconnect(a);
	if (a->ledger)
		hgl_ledger_close(a->ledger);
	a->ledger = NULL;
	hg_policy_free(&a->pol);
	hg_grace_mem_free(&a->gmem);
}

/* ---- the main loop ---- */

/* Milliseconds until the next thing to do (-1: none). */
static int hg_timeout(struct hg_agent *a, uint64_t next_tick_ms,
		      uint64_t next_hold_ms)
{
	uint64_t now_ms = hg_enf_now_ms(), now = hg_now(), t = next_tick_ms;
	struct hg_proc *p;

	if (next_hold_ms < t && hg_holding(a))
		t = next_hold_ms;

	for (p = a->procs; p; p = p->next) {
		if (p->enf)
			t = now_ms + 100 < t ? now_ms + 100 : t;
		else if (p->wake)
			t = p->wake <= now ? now_ms :
			    (now_ms + (p->wake - now) * 1000 < t ?
			     now_ms + (p->wake - now) * 1000 : t);
	}
	if (a->resync)
		t = now_ms;
	return t <= now_ms ? 0 : (int)(t - now_ms);
}

static void hg_timers(struct hg_agent *a)
{
	uint64_t now_ms = hg_enf_now_ms(), now = hg_now();
	struct hg_proc *p, *next;

	for (p = a->procs; p; p = next) {
		next = p->next;
		if (p->enf) {
			hg_check(a, p, now_ms);
			if (!p->enf)
				hg_eval_free(a, p);
		} else if (p->wake && p->wake <= now) {
			p->wake = 0;
			hg_eval_free(a, p);
		}
	}
}

/* Handle the signals waiting; return false to stop. */
static bool hg_signals(struct hg_agent *a, int sigfd)
{
	struct signalfd_siginfo si;

	while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			hg_agent_reload(a);
			break;
		case SIGTERM:
		case SIGINT:
			a->stop = true;
			break;
		}
	}
	return !a->stop;
}

/**
 * hg_agent_run() - the main loop, until SIGTERM or SIGINT
 * @a: the agent, from hg_agent_init()
 * @sigfd: a non-blocking signalfd for SIGHUP, SIGTERM and SIGINT
 * @ready: called once the first resynchronisation is done (or the module
 *	is found missing), with a status line; may be NULL
 *
 * Return: 0 on a clean stop.
 */
int hg_agent_run(struct hg_agent *a, int sigfd, void (*ready)(const char *))
{
	uint64_t next_tick = 0, next_hold = 0;
	int told = 0;
	int ret;

	hgl_ledger_agent(a->ledger, "start", a->config_path);
	while (!a->stop) {
		struct pollfd pfd[2] = {
			{ .fd = sigfd, .events = POLLIN },
			{ .fd = a->mon ? hgl_nl_monitor_fd(a->mon) : -1,
			  .events = POLLIN },
		};

		if (hg_enf_now_ms() >= next_tick) {
			hg_tick(a);
			next_tick = hg_enf_now_ms() + HG_AGENT_TICK_S * 1000;
			pfd[1].fd = a->mon ? hgl_nl_monitor_fd(a->mon) : -1;
		}
		if (a->resync && a->nl) {
			ret = hg_resync(a);
			if (ret) {
				hg_agent_log("resynchronising: %s",
					     hgl_nl_error(a->nl));
				hg_disconnect(a);
				pfd[1].fd = -1;
			}
		}
		/* Tell systemd (and the log) each time that changes. */
		if (ready && told != (a->nl ? 2 : 1)) {
			told = a->nl ? 2 : 1;
			ready(a->nl ? "following the module" :
				      "waiting for the hashguard module");
		}
		ret = poll(pfd, 2, hg_timeout(a, next_tick, next_hold));
		if (ret < 0 && errno != EINTR) {
			hg_agent_log("poll: %s", strerror(errno));
			break;
		}
		if (pfd[0].revents && !hg_signals(a, sigfd))
			break;
		if (pfd[1].revents && a->mon) {
			ret = hgl_nl_monitor_dispatch(a->mon, hg_on_notif, a);
			if (ret < 0) {
				hg_agent_log("notifications: %s",
					     hgl_nl_error(a->mon));
				a->resync = true;
				a->resync_why = "notification socket error";
			}
		}
		hg_timers(a);
		if (hg_enf_now_ms() >= next_hold) {
			hg_hold_all(a);
			next_hold = hg_enf_now_ms() + HG_AGENT_HOLD_MS;
		}
		if (a->loop_hook)
			a->loop_hook(a, a->loop_arg);
	}
	hgl_ledger_agent(a->ledger, "stop", a->stop ? "signal" : "error");
	return a->stop ? 0 : -EIO;
}
