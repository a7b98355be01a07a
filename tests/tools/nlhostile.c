// SPDX-License-Identifier: GPL-2.0
/*
 * nlhostile: hostile-input test client of the hashguard netlink API.
 *
 * It speaks generic netlink over a plain AF_NETLINK socket and builds
 * every request by hand (no libnl), so that it can send what no well-behaved
 * library would: missing, mistyped, out-of-range, over-long, unterminated,
 * duplicated, unknown and reply-only attributes, truncated and oversized
 * messages, unknown commands, dumps of commands that have none.
 *
 * usage:
 *   nlhostile [--cgroup-root DIR] [--table FILE] [--verbose]
 *	Privileged run of the whole table.  It first registers its own
 *	fixtures (cgroups DIR/hg-hostile{,-d,-n}, tenants hg-hostile and
 *	hg-hostile-d, approval HOSTILE-1 of hg-hostile) so that the base of
 *	every case is a request that would succeed and change something;
 *	then it snapshots the configuration, the tenants, the approvals and
 *	the audit counters (raw dumps), runs each case, checks the error
 *	(errno, extack message, NLMSGERR_ATTR_OFFS) and that the snapshot
 *	did not change, and removes its fixtures.
 *   nlhostile --unpriv [--table FILE|fd:N]
 *	Run as an unprivileged user: every command but GET_STATUS and
 *	GET_CONFIG fails with EPERM, so does joining each multicast group;
 *	GET_STATUS and GET_CONFIG work.
 *   nlhostile listen
 *	Join both multicast groups and print one line per notification
 *	("ntf cmd=... key=value ..."), after a first line "listening".
 *   nlhostile req WHAT ARGS...
 *	Raw requests for test scripts, one line per reply message:
 *	  approve TENANT REF [exe=PATH] [not_before=T] [expires=T|+SECONDS] [excl]
 *	  revoke TENANT REF | get-approval TENANT REF | approvals [TENANT]
 *	  task TGID [START_TIME] | tasks [--once] [TENANT] | tenants | status | config
 *	  action TGID KIND OUTCOME [REASON [DETAIL]] [start=NS]
 *	  bulk-tenants add|del NAME_PREFIX CGROUP_PREFIX COUNT
 *	Dumps are restarted while NLM_F_DUMP_INTR is set (up to 50 times,
 *	then it fails; tasks --once: a single dump, printed even if
 *	interrupted); "# dump attempts=N intr=M" ends them.
 *
 * TAP lines "ok - hostile: CASE: ..." / "not ok - hostile: CASE: ..." go
 * to stdout; the table (case, expected, got errno, extack, offset) also
 * goes to FILE, by default $HG_RESULTS/hostile.txt (hostile-unpriv.txt
 * for --unpriv) when HG_RESULTS is set.  Exit status: 0 every case passed,
 * 1 a case failed, 2 usage or setup error.
 */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/hashguard.h>

#ifndef NLMSGERR_ATTR_MISS_TYPE
#define NLMSGERR_ATTR_MISS_TYPE	5
#define NLMSGERR_ATTR_MISS_NEST	6
#endif

#define MSG_CAP		(160 * 1024)
#define RECV_CAP	(1024 * 1024)
#define TIMEOUT_MS	5000

/* ------------------------------------------------------------------ */
/* Attribute descriptions, for building, naming and printing.          */

enum kind { K_NONE, K_U8, K_U32, K_U64, K_STR, K_NEST, K_FLAG };

struct nestdesc;

struct adesc {
	const char *name;
	enum kind k;
	const struct nestdesc *sub;
	bool gauge;	/* changes on its own: left out of snapshots */
};

struct nestdesc {
	const char *name;
	int max;
	const struct adesc *a;
	enum kind all;	/* K_NONE, or the kind of every attribute */
};

static const struct nestdesc counters_nd = { "counters", 63, NULL, K_U64 };
static const struct nestdesc features_nd = { "features", 63, NULL, K_U32 };

static const struct adesc config_ad[HASHGUARD_CONFIG_A_MAX + 1] = {
	[HASHGUARD_CONFIG_A_SAMPLE_HZ] = { "sample_hz", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_SAMPLE_SOURCE] = { "sample_source", K_U8, NULL, false },
	[HASHGUARD_CONFIG_A_WINDOW_MS] = { "window_ms", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_FLAG_THRESHOLD] = { "flag_threshold", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_CLEAR_THRESHOLD] = { "clear_threshold", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_FLAG_WINDOWS] = { "flag_windows", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_CLEAR_WINDOWS] = { "clear_windows", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_MIN_SAMPLES] = { "min_samples", K_U32, NULL, false },
	[HASHGUARD_CONFIG_A_MAX_TASKS] = { "max_tasks", K_U32, NULL, false },
};
static const struct nestdesc config_nd = { "config", HASHGUARD_CONFIG_A_MAX, config_ad, K_NONE };

static const struct adesc tenant_ad[HASHGUARD_TENANT_A_MAX + 1] = {
	[HASHGUARD_TENANT_A_PAD] = { "pad", K_NONE, NULL, false },
	[HASHGUARD_TENANT_A_ID] = { "id", K_U32, NULL, false },
	[HASHGUARD_TENANT_A_NAME] = { "name", K_STR, NULL, false },
	[HASHGUARD_TENANT_A_CGROUP] = { "cgroup", K_STR, NULL, false },
	[HASHGUARD_TENANT_A_CGROUP_ID] = { "cgroup_id", K_U64, NULL, false },
	[HASHGUARD_TENANT_A_PROCESSES] = { "processes", K_U32, NULL, true },
	[HASHGUARD_TENANT_A_FLAGGED] = { "flagged", K_U32, NULL, true },
	[HASHGUARD_TENANT_A_CGROUP_GONE] = { "cgroup_gone", K_FLAG, NULL, false },
};
static const struct nestdesc tenant_nd = { "tenant", HASHGUARD_TENANT_A_MAX, tenant_ad, K_NONE };

static const struct adesc task_ad[HASHGUARD_TASK_A_MAX + 1] = {
	[HASHGUARD_TASK_A_PAD] = { "pad", K_NONE, NULL, false },
	[HASHGUARD_TASK_A_TGID] = { "tgid", K_U32, NULL, false },
	[HASHGUARD_TASK_A_PID] = { "pid", K_U32, NULL, false },
	[HASHGUARD_TASK_A_COMM] = { "comm", K_STR, NULL, false },
	[HASHGUARD_TASK_A_START_TIME] = { "start_time", K_U64, NULL, false },
	[HASHGUARD_TASK_A_TENANT_ID] = { "tenant_id", K_U32, NULL, false },
	[HASHGUARD_TASK_A_TENANT_NAME] = { "tenant_name", K_STR, NULL, false },
	[HASHGUARD_TASK_A_STATE] = { "state", K_U8, NULL, false },
	[HASHGUARD_TASK_A_SCORE] = { "score", K_U32, NULL, false },
	[HASHGUARD_TASK_A_THREADS] = { "threads", K_U32, NULL, false },
	[HASHGUARD_TASK_A_SAMPLES] = { "samples", K_U64, NULL, false },
	[HASHGUARD_TASK_A_FLAGGED_TIME] = { "flagged_time", K_U64, NULL, false },
	[HASHGUARD_TASK_A_FEATURES] = { "features", K_NEST, &features_nd, false },
	[HASHGUARD_TASK_A_EXE] = { "exe", K_STR, NULL, false },
	[HASHGUARD_TASK_A_APPROVAL_ID] = { "approval_id", K_U32, NULL, false },
	[HASHGUARD_TASK_A_APPROVAL_REF] = { "approval_ref", K_STR, NULL, false },
};
static const struct nestdesc task_nd = { "task", HASHGUARD_TASK_A_MAX, task_ad, K_NONE };

static const struct adesc approval_ad[HASHGUARD_APPROVAL_A_MAX + 1] = {
	[HASHGUARD_APPROVAL_A_PAD] = { "pad", K_NONE, NULL, false },
	[HASHGUARD_APPROVAL_A_ID] = { "id", K_U32, NULL, false },
	[HASHGUARD_APPROVAL_A_TENANT_ID] = { "tenant_id", K_U32, NULL, false },
	[HASHGUARD_APPROVAL_A_TENANT_NAME] = { "tenant_name", K_STR, NULL, false },
	[HASHGUARD_APPROVAL_A_REF] = { "ref", K_STR, NULL, false },
	[HASHGUARD_APPROVAL_A_EXE] = { "exe", K_STR, NULL, false },
	[HASHGUARD_APPROVAL_A_NOT_BEFORE] = { "not_before", K_U64, NULL, false },
	[HASHGUARD_APPROVAL_A_EXPIRES] = { "expires", K_U64, NULL, false },
	[HASHGUARD_APPROVAL_A_GRANTED_BY] = { "granted_by", K_U32, NULL, false },
	[HASHGUARD_APPROVAL_A_GRANTED_TIME] = { "granted_time", K_U64, NULL, false },
	[HASHGUARD_APPROVAL_A_STATE] = { "state", K_U8, NULL, true },
	[HASHGUARD_APPROVAL_A_END] = { "end", K_U8, NULL, false },
	[HASHGUARD_APPROVAL_A_COVERED] = { "covered", K_U32, NULL, true },
};
static const struct nestdesc approval_nd = { "approval", HASHGUARD_APPROVAL_A_MAX, approval_ad, K_NONE };

static const struct adesc action_ad[HASHGUARD_ACTION_A_MAX + 1] = {
	[HASHGUARD_ACTION_A_PAD] = { "pad", K_NONE, NULL, false },
	[HASHGUARD_ACTION_A_TGID] = { "tgid", K_U32, NULL, false },
	[HASHGUARD_ACTION_A_START_TIME] = { "start_time", K_U64, NULL, false },
	[HASHGUARD_ACTION_A_KIND] = { "kind", K_U8, NULL, false },
	[HASHGUARD_ACTION_A_OUTCOME] = { "outcome", K_U8, NULL, false },
	[HASHGUARD_ACTION_A_REASON] = { "reason", K_STR, NULL, false },
	[HASHGUARD_ACTION_A_DETAIL] = { "detail", K_STR, NULL, false },
};
static const struct nestdesc action_nd = { "action", HASHGUARD_ACTION_A_MAX, action_ad, K_NONE };

static const struct adesc caller_ad[HASHGUARD_CALLER_A_MAX + 1] = {
	[HASHGUARD_CALLER_A_UID] = { "uid", K_U32, NULL, false },
	[HASHGUARD_CALLER_A_PID] = { "pid", K_U32, NULL, false },
	[HASHGUARD_CALLER_A_COMM] = { "comm", K_STR, NULL, false },
};
static const struct nestdesc caller_nd = { "caller", HASHGUARD_CALLER_A_MAX, caller_ad, K_NONE };

static const struct adesc top_ad[HASHGUARD_A_MAX + 1] = {
	[HASHGUARD_A_PAD] = { "PAD", K_NONE, NULL, false },
	[HASHGUARD_A_VERSION] = { "VERSION", K_STR, NULL, false },
	[HASHGUARD_A_UPTIME_NS] = { "UPTIME_NS", K_U64, NULL, true },
	[HASHGUARD_A_LOAD_TIME] = { "LOAD_TIME", K_U64, NULL, false },
	[HASHGUARD_A_COUNTERS] = { "COUNTERS", K_NEST, &counters_nd, true },
	[HASHGUARD_A_CONFIG] = { "CONFIG", K_NEST, &config_nd, false },
	[HASHGUARD_A_TENANT] = { "TENANT", K_NEST, &tenant_nd, false },
	[HASHGUARD_A_TASK] = { "TASK", K_NEST, &task_nd, false },
	[HASHGUARD_A_EVENT] = { "EVENT", K_U8, NULL, false },
	[HASHGUARD_A_STATE_MASK] = { "STATE_MASK", K_U32, NULL, false },
	[HASHGUARD_A_APPROVAL] = { "APPROVAL", K_NEST, &approval_nd, false },
	[HASHGUARD_A_ACTION] = { "ACTION", K_NEST, &action_nd, false },
	[HASHGUARD_A_CALLER] = { "CALLER", K_NEST, &caller_nd, false },
};
static const struct nestdesc top_nd = { "", HASHGUARD_A_MAX, top_ad, K_NONE };

static const char *const cmd_names[] = {
	[HASHGUARD_CMD_UNSPEC] = "unspec",
	[HASHGUARD_CMD_GET_STATUS] = "get_status",
	[HASHGUARD_CMD_GET_CONFIG] = "get_config",
	[HASHGUARD_CMD_SET_CONFIG] = "set_config",
	[HASHGUARD_CMD_NEW_TENANT] = "new_tenant",
	[HASHGUARD_CMD_DEL_TENANT] = "del_tenant",
	[HASHGUARD_CMD_GET_TENANT] = "get_tenant",
	[HASHGUARD_CMD_GET_TASK] = "get_task",
	[HASHGUARD_CMD_TASK_NTF] = "task_ntf",
	[HASHGUARD_CMD_NEW_APPROVAL] = "new_approval",
	[HASHGUARD_CMD_DEL_APPROVAL] = "del_approval",
	[HASHGUARD_CMD_GET_APPROVAL] = "get_approval",
	[HASHGUARD_CMD_ACTION] = "action",
};

static const char *const event_names[] = {
	"unspec", "flagged", "cleared", "exited", "covered", "uncovered",
};
static const char *const end_names[] = { "unspec", "revoked", "expired" };
static const char *const kind_names[] = {
	"unspec", "audit", "throttle", "idle", "freeze", "kill", "restore",
};
static const char *const outcome_names[] = { "unspec", "verified", "failed" };

static const char *cmd_name(unsigned int cmd)
{
	if (cmd < sizeof(cmd_names) / sizeof(cmd_names[0]) && cmd_names[cmd])
		return cmd_names[cmd];
	return "cmd?";
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e < 0 ? -e : e) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENOTDIR: return "ENOTDIR";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOBUFS: return "ENOBUFS";
	case ETIMEDOUT: return "ETIMEDOUT";
	}
	snprintf(buf, sizeof(buf), "E%d", e < 0 ? -e : e);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Socket, family and raw messages.                                     */

struct ctx {
	int fd;
	uint16_t fam;
	uint32_t grp_detect, grp_config;
	uint32_t seq;
};

static struct ctx C;
static uint8_t *rbuf;

struct msg {
	uint8_t *b;
	size_t len;
	uint32_t nlmsg_len;	/* 0: the real length */
	size_t send_len;	/* 0: the real length */
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("nlhostile: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void m_init_type(struct msg *m, uint16_t type, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *n;
	struct genlmsghdr *g;

	if (!m->b) {
		m->b = malloc(MSG_CAP);
		if (!m->b)
			die("out of memory");
	}
	memset(m->b, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	n = (struct nlmsghdr *)m->b;
	n->nlmsg_type = type;
	n->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	n->nlmsg_seq = ++C.seq;
	g = (struct genlmsghdr *)(m->b + NLMSG_HDRLEN);
	g->cmd = cmd;
	g->version = HASHGUARD_GENL_VERSION;
	m->len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlmsg_len = 0;
	m->send_len = 0;
}

static void m_init(struct msg *m, uint8_t cmd, uint16_t flags)
{
	m_init_type(m, C.fam, cmd, flags);
}

/* Append an attribute; returns its offset from the start of the message. */
static int m_put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	size_t off = m->len, tot = NLA_HDRLEN + len;
	struct nlattr *a;

	if (tot > 0xffff || off + NLA_ALIGN(tot) > MSG_CAP)
		die("attribute too big for the builder (%zu bytes)", len);
	a = (struct nlattr *)(m->b + off);
	a->nla_type = type;
	a->nla_len = (uint16_t)tot;
	if (data)
		memcpy(m->b + off + NLA_HDRLEN, data, len);
	else
		memset(m->b + off + NLA_HDRLEN, 0, len);
	memset(m->b + off + tot, 0, NLA_ALIGN(tot) - tot);
	m->len += NLA_ALIGN(tot);
	return (int)off;
}

static int m_u8(struct msg *m, uint16_t type, uint8_t v) { return m_put(m, type, &v, 1); }
static int m_u32(struct msg *m, uint16_t type, uint32_t v) { return m_put(m, type, &v, 4); }
static int m_u64(struct msg *m, uint16_t type, uint64_t v) { return m_put(m, type, &v, 8); }
static int m_str(struct msg *m, uint16_t type, const char *s) { return m_put(m, type, s, strlen(s) + 1); }
static int m_nest(struct msg *m, uint16_t type) { return m_put(m, type | NLA_F_NESTED, NULL, 0); }

static void m_end(struct msg *m, int off)
{
	struct nlattr *a = (struct nlattr *)(m->b + off);
	size_t len = m->len - (size_t)off;

	if (len > 0xffff)
		die("nest too big");
	a->nla_len = (uint16_t)len;
}

struct reply {
	int err;		/* 0, a negative errno, or -ETIMEDOUT: no answer */
	bool timeout;
	char ext[512];
	long offs;		/* -1: none */
	long miss_type, miss_nest;
	int nmsgs;
	int intr;
};

typedef void (*msg_fn)(const struct nlmsghdr *nlh, void *arg);

static void parse_tlvs(struct reply *r, const uint8_t *p, size_t len)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t alen = a->nla_len;
		const uint8_t *d = p + NLA_HDRLEN;

		if (alen < NLA_HDRLEN || alen > len)
			break;
		switch (a->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(r->ext, sizeof(r->ext), "%.*s",
				 (int)strnlen((const char *)d, alen - NLA_HDRLEN),
				 (const char *)d);
			break;
		case NLMSGERR_ATTR_OFFS:
			if (alen >= NLA_HDRLEN + 4)
				r->offs = *(const uint32_t *)d;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (alen >= NLA_HDRLEN + 4)
				r->miss_type = *(const uint32_t *)d;
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (alen >= NLA_HDRLEN + 4)
				r->miss_nest = *(const uint32_t *)d;
			break;
		}
		if (NLA_ALIGN(alen) >= len)
			break;
		len -= NLA_ALIGN(alen);
		p += NLA_ALIGN(alen);
	}
}

/*
 * Receive until the answer to @seq is complete: an error or ack, or the
 * NLMSG_DONE of a dump.  Other messages with @seq go to @fn.
 */
static void recv_answer(uint32_t seq, struct reply *r, msg_fn fn, void *arg,
			int timeout_ms)
{
	for (;;) {
		struct pollfd pfd = { .fd = C.fd, .events = POLLIN };
		struct nlmsghdr *nlh;
		ssize_t n;
		size_t left;

		if (poll(&pfd, 1, timeout_ms) <= 0) {
			r->timeout = true;
			r->err = -ETIMEDOUT;
			return;
		}
		n = recv(C.fd, rbuf, RECV_CAP, 0);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			r->err = -errno;
			snprintf(r->ext, sizeof(r->ext), "recv: %s", strerror(errno));
			return;
		}
		left = (size_t)n;
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, left);
		     nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->intr++;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);
				size_t hl = sizeof(*e);

				r->err = e->error;
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					hl += e->msg.nlmsg_len - NLMSG_HDRLEN;
				if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
				    NLMSG_HDRLEN + hl < nlh->nlmsg_len)
					parse_tlvs(r, (const uint8_t *)NLMSG_DATA(nlh) + hl,
						   nlh->nlmsg_len - NLMSG_HDRLEN - hl);
				return;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_HDRLEN + 4) {
					r->err = *(const int *)NLMSG_DATA(nlh);
					if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
						parse_tlvs(r, (const uint8_t *)NLMSG_DATA(nlh) + 4,
							   nlh->nlmsg_len - NLMSG_HDRLEN - 4);
				}
				return;
			}
			r->nmsgs++;
			if (fn)
				fn(nlh, arg);
		}
	}
}

static void transact_t(struct msg *m, struct reply *r, msg_fn fn, void *arg,
		       int timeout_ms)
{
	struct nlmsghdr *n = (struct nlmsghdr *)m->b;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	size_t len = m->send_len ? m->send_len : m->len;

	memset(r, 0, sizeof(*r));
	r->offs = r->miss_type = r->miss_nest = -1;
	n->nlmsg_len = m->nlmsg_len ? m->nlmsg_len : (uint32_t)m->len;
	if (sendto(C.fd, m->b, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r->err = -errno;
		snprintf(r->ext, sizeof(r->ext), "sendto: %s", strerror(errno));
		return;
	}
	recv_answer(n->nlmsg_seq, r, fn, arg, timeout_ms);
}

static void transact(struct msg *m, struct reply *r, msg_fn fn, void *arg)
{
	transact_t(m, r, fn, arg, TIMEOUT_MS);
}

static int sock_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, sz = 4 << 20;

	C.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (C.fd < 0)
		return -errno;
	setsockopt(C.fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(C.fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(C.fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(C.fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if (bind(C.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

struct famres {
	uint16_t id;
	uint32_t detect, config;
};

static void fam_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct famres *f = arg;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *a;

	for (a = (const struct nlattr *)p; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	     a->nla_len <= len;
	     len -= (size_t)NLA_ALIGN(a->nla_len) < len ? (size_t)NLA_ALIGN(a->nla_len) : len,
	     a = (const struct nlattr *)((const uint8_t *)a + NLA_ALIGN(a->nla_len))) {
		uint16_t t = a->nla_type & NLA_TYPE_MASK;

		if (t == CTRL_ATTR_FAMILY_ID)
			f->id = *(const uint16_t *)(a + 1);
		if (t == CTRL_ATTR_MCAST_GROUPS) {
			const struct nlattr *g = (const struct nlattr *)(a + 1);
			size_t gl = a->nla_len - NLA_HDRLEN;

			while (gl >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN && g->nla_len <= gl) {
				const struct nlattr *x = (const struct nlattr *)(g + 1);
				size_t xl = g->nla_len - NLA_HDRLEN;
				const char *name = NULL;
				uint32_t id = 0;

				while (xl >= NLA_HDRLEN && x->nla_len >= NLA_HDRLEN && x->nla_len <= xl) {
					if ((x->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_NAME)
						name = (const char *)(x + 1);
					if ((x->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
						id = *(const uint32_t *)(x + 1);
					if ((size_t)NLA_ALIGN(x->nla_len) >= xl)
						break;
					xl -= NLA_ALIGN(x->nla_len);
					x = (const struct nlattr *)((const uint8_t *)x + NLA_ALIGN(x->nla_len));
				}
				if (name && !strcmp(name, HASHGUARD_MCGRP_DETECT))
					f->detect = id;
				if (name && !strcmp(name, HASHGUARD_MCGRP_CONFIG))
					f->config = id;
				if ((size_t)NLA_ALIGN(g->nla_len) >= gl)
					break;
				gl -= NLA_ALIGN(g->nla_len);
				g = (const struct nlattr *)((const uint8_t *)g + NLA_ALIGN(g->nla_len));
			}
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
	}
}

static void connect_family(void)
{
	struct famres f = { 0, 0, 0 };
	struct msg m = { 0 };
	struct reply r;
	int err;

	rbuf = malloc(RECV_CAP);
	if (!rbuf)
		die("out of memory");
	err = sock_open();
	if (err)
		die("netlink socket: %s", strerror(-err));
	m_init_type(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	m_str(&m, CTRL_ATTR_FAMILY_NAME, HASHGUARD_GENL_NAME);
	transact(&m, &r, fam_msg, &f);
	free(m.b);
	if (r.err || !f.id)
		die("family %s not found (%s): is the module loaded?",
		    HASHGUARD_GENL_NAME, errname(r.err));
	C.fam = f.id;
	C.grp_detect = f.detect;
	C.grp_config = f.config;
}

/* ------------------------------------------------------------------ */
/* Printing replies and notifications as "key=value" lines.             */

static void put_escaped(FILE *f, const char *s, size_t max)
{
	size_t i;

	for (i = 0; i < max && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > 0x20 && c < 0x7f && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

static void print_attrs(FILE *f, const char *prefix, const uint8_t *p, size_t len,
			const struct nestdesc *nd, bool stable)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t alen = a->nla_len, dl;
		uint16_t t = a->nla_type & NLA_TYPE_MASK;
		const uint8_t *d = p + NLA_HDRLEN;
		const struct adesc *ad = NULL;
		enum kind k = nd->all;
		char name[96], key[160];

		if (alen < NLA_HDRLEN || alen > len)
			break;
		dl = alen - NLA_HDRLEN;
		if (nd->a && t <= nd->max && nd->a[t].name) {
			ad = &nd->a[t];
			k = ad->k;
		}
		if (ad)
			snprintf(name, sizeof(name), "%s", ad->name);
		else if (nd == &counters_nd && t > HASHGUARD_COUNTER_PAD)
			snprintf(name, sizeof(name), "c%u", t);
		else
			snprintf(name, sizeof(name), "t%u", t);
		if (*prefix)
			snprintf(key, sizeof(key), "%s.%s", prefix, name);
		else
			snprintf(key, sizeof(key), "%s", name);
		for (char *c = key; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if ((stable && ad && ad->gauge) || (ad && ad->k == K_NONE) ||
		    (nd == &counters_nd && t <= HASHGUARD_COUNTER_PAD))
			goto next;
		if (k == K_U8 && dl == 1) {
			unsigned int v = *d;

			if (nd == &top_nd && t == HASHGUARD_A_EVENT && v < 6)
				fprintf(f, " %s=%s", key, event_names[v]);
			else if (nd == &approval_nd && t == HASHGUARD_APPROVAL_A_END && v < 3)
				fprintf(f, " %s=%s", key, end_names[v]);
			else
				fprintf(f, " %s=%u", key, v);
		} else if (k == K_U32 && dl == 4) {
			fprintf(f, " %s=%" PRIu32, key, *(const uint32_t *)d);
		} else if (k == K_U64 && dl == 8) {
			uint64_t v;

			memcpy(&v, d, 8);
			fprintf(f, " %s=%" PRIu64, key, v);
		} else if (k == K_STR) {
			fprintf(f, " %s=", key);
			put_escaped(f, (const char *)d, dl);
		} else if (k == K_FLAG) {
			fprintf(f, " %s=1", key);
		} else if (k == K_NEST && ad && ad->sub) {
			print_attrs(f, key, d, dl, ad->sub, stable);
		} else {
			fprintf(f, " %s=len%zu", key, dl);
		}
next:
		if (NLA_ALIGN(alen) >= len)
			break;
		len -= NLA_ALIGN(alen);
		p += NLA_ALIGN(alen);
	}
}

static void print_msg(FILE *f, const struct nlmsghdr *nlh, bool stable)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return;
	fprintf(f, "cmd=%s", cmd_name(g->cmd));
	print_attrs(f, "", (const uint8_t *)g + GENL_HDRLEN,
		    nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, &top_nd, stable);
	fputc('\n', f);
}

static void print_cb(const struct nlmsghdr *nlh, void *arg)
{
	print_msg(arg ? arg : stdout, nlh, false);
}

static void print_stable_cb(const struct nlmsghdr *nlh, void *arg)
{
	print_msg(arg, nlh, true);
}

/* ------------------------------------------------------------------ */
/* State snapshots.                                                     */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines of @s in place (each ends with '\n'). */
static void sort_lines(char *s)
{
	size_t n = 0, i, cap = 64;
	char **v = malloc(cap * sizeof(*v)), *p, *out, *o;

	if (!v)
		die("out of memory");
	for (p = s; *p; ) {
		char *e = strchr(p, '\n');

		if (n == cap) {
			cap *= 2;
			v = realloc(v, cap * sizeof(*v));
			if (!v)
				die("out of memory");
		}
		v[n++] = p;
		if (!e)
			break;
		*e = 0;
		p = e + 1;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	out = malloc(strlen(s) + 1 + n + (size_t)(p - s));
	if (!out)
		die("out of memory");
	o = out;
	for (i = 0; i < n; i++)
		o += sprintf(o, "%s\n", v[i]);
	memcpy(s, out, (size_t)(o - out) + 1);
	free(out);
	free(v);
}

/* A dump, restarted while interrupted; lines into @f. Returns the errno. */
static int dump_tries = 50;

static int dump_into(uint8_t cmd, const char *tenant, FILE *f, msg_fn fn,
		     int *attempts, int *intrs)
{
	struct msg m = { 0 };
	struct reply r;
	int i;

	*intrs = 0;
	for (i = 1; i <= dump_tries; i++) {
		char *buf = NULL;
		size_t sz = 0;
		FILE *mf = open_memstream(&buf, &sz);

		if (!mf)
			die("out of memory");
		m_init(&m, cmd, NLM_F_DUMP);
		if (tenant) {
			int n = m_nest(&m, HASHGUARD_A_TENANT);

			m_str(&m, HASHGUARD_TENANT_A_NAME, tenant);
			m_end(&m, n);
		}
		transact(&m, &r, fn, mf);
		fclose(mf);
		*attempts = i;
		if (r.err || !r.intr || i == dump_tries) {
			if (!r.err)
				fputs(buf, f);
			if (!r.err && r.intr)
				(*intrs)++;
			free(buf);
			free(m.b);
			if (r.err)
				fprintf(stderr, "nlhostile: dump of %s: %s \"%s\"\n",
					cmd_name(cmd), errname(r.err), r.ext);
			return r.err;
		}
		(*intrs)++;
		free(buf);
	}
	free(m.b);
	return -EBUSY;
}

static int simple_req(uint8_t cmd, void *arg, msg_fn fn)
{
	struct msg m = { 0 };
	struct reply r;

	m_init(&m, cmd, 0);
	transact(&m, &r, fn, arg);
	free(m.b);
	return r.err;
}

struct status_vals {
	uint64_t audit_lines, audit_suppressed;
	bool have;
};

static void status_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct status_vals *sv = arg;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == HASHGUARD_A_COUNTERS) {
			const uint8_t *q = p + NLA_HDRLEN;
			size_t ql = a->nla_len - NLA_HDRLEN;

			while (ql >= NLA_HDRLEN + 8) {
				const struct nlattr *c = (const struct nlattr *)q;
				uint64_t v;

				if (c->nla_len < NLA_HDRLEN || c->nla_len > ql)
					break;
				memcpy(&v, q + NLA_HDRLEN, 8);
				if (c->nla_type == HASHGUARD_COUNTER_AUDIT_LINES)
					sv->audit_lines = v;
				if (c->nla_type == HASHGUARD_COUNTER_AUDIT_SUPPRESSED)
					sv->audit_suppressed = v;
				if ((size_t)NLA_ALIGN(c->nla_len) >= ql)
					break;
				ql -= NLA_ALIGN(c->nla_len);
				q += NLA_ALIGN(c->nla_len);
			}
			sv->have = true;
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
}

/*
 * Everything a refused request must leave alone: the configuration, the
 * tenants and approvals (without their gauges) and the audit counters.
 * @full: the tenants and approvals too (needs CAP_NET_ADMIN).
 */
static char *snapshot(bool full)
{
	char *buf = NULL, *tl = NULL, *al = NULL;
	size_t sz = 0, tsz = 0, asz = 0;
	struct status_vals sv = { 0, 0, false };
	int att, intr, e;
	FILE *f = open_memstream(&buf, &sz), *tf, *af;

	if (!f)
		die("out of memory");
	e = simple_req(HASHGUARD_CMD_GET_CONFIG, f, print_stable_cb);
	if (e)
		fprintf(f, "get_config failed: %s\n", errname(e));
	e = simple_req(HASHGUARD_CMD_GET_STATUS, &sv, status_cb);
	if (e || !sv.have)
		fprintf(f, "get_status failed: %s\n", errname(e));
	else
		fprintf(f, "audit_lines=%" PRIu64 " audit_suppressed=%" PRIu64 "\n",
			sv.audit_lines, sv.audit_suppressed);
	if (full) {
		tf = open_memstream(&tl, &tsz);
		af = open_memstream(&al, &asz);
		if (!tf || !af)
			die("out of memory");
		e = dump_into(HASHGUARD_CMD_GET_TENANT, NULL, tf, print_stable_cb, &att, &intr);
		if (e)
			fprintf(tf, "tenant dump failed: %s\n", errname(e));
		e = dump_into(HASHGUARD_CMD_GET_APPROVAL, NULL, af, print_stable_cb, &att, &intr);
		if (e)
			fprintf(af, "approval dump failed: %s\n", errname(e));
		fclose(tf);
		fclose(af);
		sort_lines(tl);
		sort_lines(al);
		fputs(tl, f);
		fputs(al, f);
		free(tl);
		free(al);
	}
	fclose(f);
	return buf;
}

/* Print the lines of @a missing from @b with @mark. */
static void show_diff(const char *a, const char *b, char mark)
{
	const char *p = a;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *q = b;
		bool found = false;

		while (*q) {
			const char *qe = strchr(q, '\n');
			size_t qn = qe ? (size_t)(qe - q) : strlen(q);

			if (qn == n && !memcmp(p, q, n)) {
				found = true;
				break;
			}
			q += qn + (qe ? 1 : 0);
		}
		if (!found)
			printf("#   %c %.*s\n", mark, (int)n, p);
		p += n + (e ? 1 : 0);
	}
}

/* ------------------------------------------------------------------ */
/* The case runner.                                                     */

#define E_MSG		0x01	/* an extack message is required */
#define E_OFFS		0x02	/* NLMSGERR_ATTR_OFFS must be off1 */
#define E_OFFS_EITHER	0x04	/* an offset, if given, must be off1 or off2 */
#define E_DROP		0x08	/* no answer at all is right too */
#define E_ANY		0x10	/* any negative errno */
#define E_OK		0x20	/* must succeed */

struct expect {
	int e[3];
	unsigned int fl;
};

static int n_ok, n_fail;
static FILE *table;
static bool verbose;
static bool full_snap;
static char *cur_snap;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - hostile: ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (ok)
		n_ok++;
	else
		n_fail++;
}

static void expect_str(const struct expect *x, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = 0;
	if (x->fl & E_OK) {
		snprintf(buf, len, "success");
		return;
	}
	if (x->fl & E_ANY)
		o += (size_t)snprintf(buf + o, len - o, "any error");
	for (i = 0; i < 3 && x->e[i] && !(x->fl & E_ANY); i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "|" : "", errname(x->e[i]));
	if (x->fl & E_DROP)
		o += (size_t)snprintf(buf + o, len - o, " or ignored");
	if (x->fl & E_MSG)
		o += (size_t)snprintf(buf + o, len - o, " +extack");
	if (x->fl & E_OFFS)
		o += (size_t)snprintf(buf + o, len - o, " +offs");
	if (x->fl & E_OFFS_EITHER)
		snprintf(buf + o, len - o, " (+offs)");
}

/* Run one case: send @m, judge the answer, check that nothing changed. */
static void run_case(const char *name, struct msg *m, struct expect x, int off1, int off2)
{
	char why[256] = "", exp[96], got[700];
	struct reply r;
	bool ok = true;
	int i;

	transact_t(m, &r, NULL, NULL, (x.fl & E_DROP) ? 1000 : TIMEOUT_MS);
	expect_str(&x, exp, sizeof(exp));
	if (r.timeout) {
		snprintf(got, sizeof(got), "no answer (ignored)");
		if (!(x.fl & E_DROP)) {
			ok = false;
			snprintf(why, sizeof(why), "no answer within %d ms", TIMEOUT_MS);
		}
	} else {
		snprintf(got, sizeof(got), "%s \"%s\" offs=%ld", errname(r.err), r.ext,
			 r.offs);
		if (r.miss_type >= 0) {
			size_t l = strlen(got);

			snprintf(got + l, sizeof(got) - l, " miss_type=%ld", r.miss_type);
		}
		if (x.fl & E_OK) {
			if (r.err) {
				ok = false;
				snprintf(why, sizeof(why), "failed");
			}
		} else if (!r.err) {
			ok = false;
			snprintf(why, sizeof(why), "ACCEPTED");
		} else if (!(x.fl & E_ANY)) {
			bool match = false;

			for (i = 0; i < 3 && x.e[i]; i++)
				match |= r.err == -x.e[i];
			if (!match) {
				ok = false;
				snprintf(why, sizeof(why), "wrong errno");
			}
		}
		if (ok && r.err && (x.fl & E_MSG) && !r.ext[0]) {
			ok = false;
			snprintf(why, sizeof(why), "no extack message");
		}
		if (ok && r.err && (x.fl & E_OFFS) && r.offs != off1) {
			ok = false;
			snprintf(why, sizeof(why), "offset %ld, the attribute is at %d", r.offs, off1);
		}
		if (ok && r.err && (x.fl & E_OFFS_EITHER) && r.offs >= 0 &&
		    r.offs != off1 && r.offs != off2) {
			ok = false;
			snprintf(why, sizeof(why), "offset %ld, the attributes are at %d and %d",
				 r.offs, off1, off2);
		}
	}
	if (cur_snap) {
		char *now = snapshot(full_snap);

		if (strcmp(now, cur_snap)) {
			printf("# state changed by case \"%s\":\n", name);
			show_diff(cur_snap, now, '-');
			show_diff(now, cur_snap, '+');
			if (ok)
				snprintf(why, sizeof(why), "STATE CHANGED");
			else
				strncat(why, ", STATE CHANGED", sizeof(why) - strlen(why) - 1);
			ok = false;
			free(cur_snap);
			cur_snap = now;
		} else {
			free(now);
		}
	}
	if (ok)
		tap(true, "%s: %s", name, got);
	else
		tap(false, "%s (expected %s; got %s: %s)", name, exp, got, why);
	if (table)
		fprintf(table, "%s\t%s\t%s\t%s\n", name, exp, got, ok ? "ok" : why);
}

static struct expect EX(int e1, int e2, unsigned int fl)
{
	struct expect x = { { e1, e2, 0 }, fl };

	return x;
}

/* ------------------------------------------------------------------ */
/* Request templates and their mutations.                               */

#define F_REQ		0x01	/* required */
#define F_ABSENT	0x02	/* not in the base request; sent only when mutated */
#define F_RANGE		0x04	/* lo..hi is the valid range */
#define F_RANGE_ONLY	0x08	/* out of range must be ERANGE (else EINVAL too) */

struct fld {
	uint16_t type;
	unsigned int flags;
	uint64_t v;
	const char *s;
	uint64_t lo, hi;
	size_t maxlen;		/* strings: most characters */
};

struct top {
	uint16_t type;
	unsigned int flags;	/* F_REQ */
	bool nest;		/* else a scalar, described by f[0] */
	struct fld f[10];
	int nf;
	uint16_t reject[20];	/* types inside that a request may not carry */
	int nreject;
};

struct tmpl {
	char name[48];
	uint8_t cmd;
	uint16_t flags;
	struct top t[2];
	int nt;
	uint16_t not_taken[8];	/* top-level types it does not take */
	int nnot;
};

enum mut { MU_NONE, MU_OMIT, MU_LEN, MU_VAL, MU_BYTES, MU_DUP, MU_ADD, MU_NOFLAG };

struct mutation {
	enum mut op;
	int ti;			/* -1: top level (MU_ADD) */
	int fi;			/* -1: the top attribute itself */
	uint64_t v;
	const void *bytes;
	size_t blen;
	uint16_t add_type;
	enum kind add_kind;
};

static const struct nestdesc *top_sub(uint16_t type)
{
	return type <= HASHGUARD_A_MAX ? top_ad[type].sub : NULL;
}

static enum kind fld_kind(const struct top *t, const struct fld *f)
{
	const struct nestdesc *nd = t->nest ? top_sub(t->type) : &top_nd;

	return nd && f->type <= nd->max && nd->a ? nd->a[f->type].k : K_NONE;
}

static const char *fld_name(const struct top *t, const struct fld *f, char *buf, size_t len)
{
	const struct nestdesc *nd = t->nest ? top_sub(t->type) : NULL;

	if (nd)
		snprintf(buf, len, "%s.%s", top_ad[t->type].name, nd->a[f->type].name);
	else
		snprintf(buf, len, "%s", top_ad[f->type].name);
	return buf;
}

static int put_kind(struct msg *m, uint16_t type, enum kind k, uint64_t v, const char *s)
{
	switch (k) {
	case K_U8: return m_u8(m, type, (uint8_t)v);
	case K_U32: return m_u32(m, type, (uint32_t)v);
	case K_U64: return m_u64(m, type, v);
	case K_STR: return m_str(m, type, s ? s : "x");
	case K_NEST: return m_put(m, type | NLA_F_NESTED, NULL, 0);
	case K_FLAG:
	case K_NONE:
		break;
	}
	return m_put(m, type, NULL, 0);
}

static int put_fld(struct msg *m, const struct top *t, const struct fld *f,
		   const struct mutation *mu, bool target)
{
	enum kind k = fld_kind(t, f);

	if (target && mu->op == MU_LEN)
		return m_put(m, f->type, &f->v, mu->blen);
	if (target && mu->op == MU_VAL)
		return put_kind(m, f->type, k, mu->v, f->s);
	if (target && mu->op == MU_BYTES)
		return m_put(m, f->type, mu->bytes, mu->blen);
	return put_kind(m, f->type, k, f->v, f->s);
}

static int emit_top(struct msg *m, const struct top *t, int ti,
		    const struct mutation *mu, int *off1, int *off2)
{
	bool me = mu->ti == ti;
	int off, j;

	if (!t->nest) {
		const struct fld *f = &t->f[0];
		bool target = me && (mu->fi == 0 || mu->fi == -1);

		if (target && mu->op == MU_OMIT)
			return -1;
		off = put_fld(m, t, f, mu, target);
		if (target) {
			*off1 = off;
			if (mu->op == MU_DUP)
				*off2 = put_fld(m, t, f, mu, true);
		}
		return off;
	}
	if (me && mu->fi == -1 && mu->op == MU_LEN) {
		off = m_put(m, t->type | NLA_F_NESTED, "\0\0\0", mu->blen);
		*off1 = off;
		return off;
	}
	off = m_put(m, t->type | (me && mu->fi == -1 && mu->op == MU_NOFLAG ? 0 : NLA_F_NESTED),
		    NULL, 0);
	for (j = 0; j < t->nf; j++) {
		const struct fld *f = &t->f[j];
		bool target = me && mu->fi == j;
		int o;

		if (target && mu->op == MU_OMIT)
			continue;
		if ((f->flags & F_ABSENT) && !(target && mu->op != MU_NONE))
			continue;
		o = put_fld(m, t, f, mu, target);
		if (target) {
			*off1 = o;
			if (mu->op == MU_DUP)
				*off2 = put_fld(m, t, f, mu, true);
		}
	}
	if (me && mu->op == MU_ADD) {
		*off1 = put_kind(m, mu->add_type, mu->add_kind, 1, "x");
	}
	m_end(m, off);
	return off;
}

static void build(struct msg *m, const struct tmpl *tp, const struct mutation *mu,
		  int *off1, int *off2)
{
	int i, o;

	*off1 = *off2 = -1;
	m_init(m, tp->cmd, tp->flags);
	for (i = 0; i < tp->nt; i++) {
		if (mu->ti == i && mu->fi == -1 && mu->op == MU_OMIT)
			continue;
		o = emit_top(m, &tp->t[i], i, mu, off1, off2);
		if (mu->ti == i && mu->fi == -1 && mu->op != MU_ADD) {
			*off1 = o;
			if (mu->op == MU_DUP) {
				struct mutation none = { .op = MU_NONE, .ti = -2 };
				int d1, d2;

				*off2 = emit_top(m, &tp->t[i], i, &none, &d1, &d2);
			}
		}
	}
	if (mu->ti == -1 && mu->op == MU_ADD)
		*off1 = put_kind(m, mu->add_type, mu->add_kind, 1, "x");
}

static void mcase(const struct tmpl *tp, const char *what, struct mutation mu, struct expect x)
{
	struct msg m = { 0 };
	char name[256];
	int o1, o2;

	build(&m, tp, &mu, &o1, &o2);
	snprintf(name, sizeof(name), "%s: %s", tp->name, what);
	run_case(name, &m, x, o1, o2);
	free(m.b);
}

static uint64_t kind_max(enum kind k)
{
	return k == K_U8 ? 0xff : k == K_U32 ? 0xffffffffULL : UINT64_MAX;
}

static void run_template(const struct tmpl *tp)
{
	static char big[8192];
	char what[200], fn[80];
	int i, j, r;

	memset(big, 'a', sizeof(big));
	for (i = 0; i < tp->nt; i++) {
		const struct top *t = &tp->t[i];
		const struct nestdesc *nd = t->nest ? top_sub(t->type) : NULL;
		const char *tn = top_ad[t->type].name;

		for (j = 0; j < t->nf; j++) {
			const struct fld *f = &t->f[j];
			enum kind k = fld_kind(t, f);
			struct mutation mu = { .ti = i, .fi = j };

			fld_name(t, f, fn, sizeof(fn));
			if (f->flags & F_REQ) {
				mu.op = MU_OMIT;
				snprintf(what, sizeof(what), "%s missing", fn);
				mcase(tp, what, mu, EX(EINVAL, 0, E_MSG));
			}
			mu.op = MU_LEN;
			if (k == K_U32) {
				mu.blen = 1;
				snprintf(what, sizeof(what), "%s as u8 (1 byte) instead of u32", fn);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
				mu.blen = 8;
				snprintf(what, sizeof(what), "%s as u64 (8 bytes) instead of u32", fn);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			} else if (k == K_U8) {
				mu.blen = 4;
				snprintf(what, sizeof(what), "%s as u32 (4 bytes) instead of u8", fn);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			} else if (k == K_U64) {
				mu.blen = 4;
				snprintf(what, sizeof(what), "%s as u32 (4 bytes) instead of u64", fn);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			} else if (k == K_STR) {
				mu.op = MU_BYTES;
				mu.bytes = "";
				mu.blen = 0;
				snprintf(what, sizeof(what), "%s empty (0 bytes)", fn);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			}
			if (f->flags & F_RANGE) {
				unsigned int fl = E_MSG | E_OFFS;
				int e2 = (f->flags & F_RANGE_ONLY) ? 0 : EINVAL;

				mu.op = MU_VAL;
				if (f->lo > 0) {
					mu.v = f->lo - 1;
					snprintf(what, sizeof(what), "%s=%" PRIu64 " below range %" PRIu64 "-%" PRIu64,
						 fn, mu.v, f->lo, f->hi);
					mcase(tp, what, mu, EX(ERANGE, e2, fl));
				}
				if (f->hi < kind_max(k)) {
					mu.v = f->hi + 1;
					snprintf(what, sizeof(what), "%s=%" PRIu64 " above range %" PRIu64 "-%" PRIu64,
						 fn, mu.v, f->lo, f->hi);
					mcase(tp, what, mu, EX(ERANGE, e2, fl));
					mu.v = kind_max(k);
					snprintf(what, sizeof(what), "%s=%" PRIu64 " (all ones)", fn, mu.v);
					mcase(tp, what, mu, EX(ERANGE, e2, fl));
				}
			}
			if (k == K_STR) {
				static char s[8200];

				mu.op = MU_BYTES;
				memset(s, 'a', f->maxlen + 1);
				s[0] = '/';
				s[f->maxlen + 1] = 0;
				mu.bytes = s;
				mu.blen = f->maxlen + 2;
				snprintf(what, sizeof(what), "%s over-long (%zu characters, limit %zu)",
					 fn, f->maxlen + 1, f->maxlen);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
				mu.bytes = f->s;
				mu.blen = strlen(f->s);
				snprintf(what, sizeof(what), "%s \"%s\" without its NUL", fn, f->s);
				mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			}
			mu.op = MU_DUP;
			snprintf(what, sizeof(what), "%s duplicated", fn);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS_EITHER));
		}
		if (!t->nest)
			continue;
		{
			struct mutation mu = { .ti = i, .fi = -1 };
			uint16_t unknown[3] = { 0, (uint16_t)(nd->max + 1), 200 };

			if (t->flags & F_REQ) {
				mu.op = MU_OMIT;
				snprintf(what, sizeof(what), "%s missing", tn);
				mcase(tp, what, mu, EX(EINVAL, 0, E_MSG));
			}
			mu.op = MU_DUP;
			snprintf(what, sizeof(what), "%s nest duplicated", tn);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS_EITHER));
			mu.op = MU_NOFLAG;
			snprintf(what, sizeof(what), "%s nest without NLA_F_NESTED", tn);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
			mu.op = MU_LEN;
			mu.blen = 2;
			snprintf(what, sizeof(what), "%s nest of 2 bytes", tn);
			mcase(tp, what, mu, EX(EINVAL, ERANGE, E_MSG | E_OFFS));
			mu.op = MU_ADD;
			mu.add_kind = K_U32;
			for (r = 0; r < 3; r++) {
				mu.add_type = unknown[r];
				snprintf(what, sizeof(what), "unknown attribute type %u inside %s",
					 unknown[r], tn);
				mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
			}
			for (r = 0; r < t->nreject; r++) {
				uint16_t ty = t->reject[r];

				mu.add_type = ty;
				mu.add_kind = nd->a[ty].k;
				snprintf(what, sizeof(what), "%s.%s (reply-only or not taken here) in a request",
					 tn, nd->a[ty].name);
				mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
			}
		}
	}
	/* Top level. */
	{
		static const uint16_t reply_only[] = {
			HASHGUARD_A_PAD, HASHGUARD_A_VERSION, HASHGUARD_A_UPTIME_NS,
			HASHGUARD_A_LOAD_TIME, HASHGUARD_A_COUNTERS, HASHGUARD_A_EVENT,
			HASHGUARD_A_CALLER,
		};
		uint16_t unknown[3] = { 0, HASHGUARD_A_MAX + 1, 0x3fff };
		struct mutation mu = { .op = MU_ADD, .ti = -1, .fi = -1, .add_kind = K_U32 };

		for (r = 0; r < 3; r++) {
			mu.add_type = unknown[r];
			snprintf(what, sizeof(what), "unknown top-level attribute type %u", unknown[r]);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
		}
		for (r = 0; r < (int)(sizeof(reply_only) / sizeof(reply_only[0])); r++) {
			mu.add_type = reply_only[r];
			mu.add_kind = top_ad[reply_only[r]].k;
			snprintf(what, sizeof(what), "reply-only HASHGUARD_A_%s in a request",
				 top_ad[reply_only[r]].name);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
		}
		for (r = 0; r < tp->nnot; r++) {
			mu.add_type = tp->not_taken[r];
			mu.add_kind = top_ad[tp->not_taken[r]].k;
			snprintf(what, sizeof(what), "HASHGUARD_A_%s, not taken by this command",
				 top_ad[tp->not_taken[r]].name);
			mcase(tp, what, mu, EX(EINVAL, 0, E_MSG | E_OFFS));
		}
	}
}

/* ------------------------------------------------------------------ */
/* The fixtures and the table.                                          */

static const char *cg_root = "/sys/fs/cgroup";
static const char *const fixture_cgroups[] = { "hg-hostile", "hg-hostile-d", "hg-hostile-n" };

struct cfg_vals {
	uint32_t v[HASHGUARD_CONFIG_A_MAX + 1];
};

static void cfg_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct cfg_vals *cv = arg;
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == HASHGUARD_A_CONFIG) {
			const uint8_t *q = p + NLA_HDRLEN;
			size_t ql = a->nla_len - NLA_HDRLEN;

			while (ql >= NLA_HDRLEN) {
				const struct nlattr *c = (const struct nlattr *)q;

				if (c->nla_len < NLA_HDRLEN || c->nla_len > ql)
					break;
				if (c->nla_type <= HASHGUARD_CONFIG_A_MAX) {
					if (c->nla_len == NLA_HDRLEN + 4)
						cv->v[c->nla_type] = *(const uint32_t *)(q + NLA_HDRLEN);
					else if (c->nla_len == NLA_HDRLEN + 1)
						cv->v[c->nla_type] = q[NLA_HDRLEN];
				}
				if ((size_t)NLA_ALIGN(c->nla_len) >= ql)
					break;
				ql -= NLA_ALIGN(c->nla_len);
				q += NLA_ALIGN(c->nla_len);
			}
		}
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
}

static void u32_cb(const struct nlmsghdr *nlh, void *arg)
{
	/* The first u32 attribute of type 2 (ID) inside the first nest. */
	const uint8_t *p = (const uint8_t *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	const struct nlattr *a = (const struct nlattr *)p;
	const struct nlattr *c = a + 1;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN + 16 && c->nla_type == 2 &&
	    c->nla_len == 8)
		*(uint32_t *)arg = *(const uint32_t *)(c + 1);
}

static int req_tenant(uint8_t cmd, const char *name, const char *cgroup, uint32_t *id)
{
	struct msg m = { 0 };
	struct reply r;
	int n;

	m_init(&m, cmd, 0);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, name);
	if (cgroup)
		m_str(&m, HASHGUARD_TENANT_A_CGROUP, cgroup);
	m_end(&m, n);
	transact(&m, &r, id ? u32_cb : NULL, id);
	free(m.b);
	if (r.err)
		printf("# %s %s: %s \"%s\"\n", cmd_name(cmd), name, errname(r.err), r.ext);
	return r.err;
}

static int req_approval(uint8_t cmd, uint16_t flags, const char *tenant, const char *ref,
			uint64_t expires, FILE *out)
{
	struct msg m = { 0 };
	struct reply r;
	int n;

	m_init(&m, cmd, flags);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, tenant);
	m_end(&m, n);
	n = m_nest(&m, HASHGUARD_A_APPROVAL);
	m_str(&m, HASHGUARD_APPROVAL_A_REF, ref);
	if (expires)
		m_u64(&m, HASHGUARD_APPROVAL_A_EXPIRES, expires);
	m_end(&m, n);
	transact(&m, &r, out ? print_cb : NULL, out);
	free(m.b);
	if (r.err)
		printf("# %s %s/%s: %s \"%s\"\n", cmd_name(cmd), tenant, ref, errname(r.err), r.ext);
	return r.err;
}

static void setup_fixtures(uint32_t *del_id)
{
	char path[512];
	size_t i;
	int e;

	for (i = 0; i < sizeof(fixture_cgroups) / sizeof(fixture_cgroups[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", cg_root, fixture_cgroups[i]);
		if (mkdir(path, 0755) && errno != EEXIST)
			tap(false, "setup: mkdir %s: %s", path, strerror(errno));
	}
	e = req_tenant(HASHGUARD_CMD_NEW_TENANT, "hg-hostile", "/hg-hostile", NULL);
	tap(!e || e == -EEXIST, "setup: tenant hg-hostile at /hg-hostile: %s", errname(e));
	e = req_tenant(HASHGUARD_CMD_NEW_TENANT, "hg-hostile-d", "/hg-hostile-d", del_id);
	if (e == -EEXIST)
		e = req_tenant(HASHGUARD_CMD_GET_TENANT, "hg-hostile-d", NULL, del_id);
	tap(!e, "setup: tenant hg-hostile-d at /hg-hostile-d (id %u): %s", *del_id, errname(e));
	e = req_approval(HASHGUARD_CMD_NEW_APPROVAL, 0, "hg-hostile", "HOSTILE-1",
			 (uint64_t)time(NULL) + 3600, NULL);
	tap(!e, "setup: approval HOSTILE-1 of hg-hostile: %s", errname(e));
}

static void remove_fixtures(void)
{
	char path[512];
	size_t i;
	int e;

	e = req_approval(HASHGUARD_CMD_DEL_APPROVAL, 0, "hg-hostile", "HOSTILE-1", 0, NULL);
	tap(!e, "cleanup: revoke HOSTILE-1: %s", errname(e));
	e = req_tenant(HASHGUARD_CMD_DEL_TENANT, "hg-hostile", NULL, NULL);
	tap(!e, "cleanup: tenant del hg-hostile: %s", errname(e));
	e = req_tenant(HASHGUARD_CMD_DEL_TENANT, "hg-hostile-d", NULL, NULL);
	tap(!e, "cleanup: tenant del hg-hostile-d: %s", errname(e));
	for (i = 0; i < sizeof(fixture_cgroups) / sizeof(fixture_cgroups[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", cg_root, fixture_cgroups[i]);
		rmdir(path);
	}
}

static struct fld FS(uint16_t type, unsigned int flags, const char *s, size_t maxlen)
{
	struct fld f = { .type = type, .flags = flags, .s = s, .maxlen = maxlen };

	return f;
}

static struct fld FI(uint16_t type, unsigned int flags, uint64_t v, uint64_t lo, uint64_t hi)
{
	struct fld f = { .type = type, .flags = flags, .v = v, .lo = lo, .hi = hi };

	return f;
}

static void set_rejects(struct top *t, const uint16_t *types, int n)
{
	memcpy(t->reject, types, (size_t)n * sizeof(*types));
	t->nreject = n;
}

static void set_not_taken(struct tmpl *tp, const uint16_t *skip, int nskip)
{
	static const uint16_t all[] = {
		HASHGUARD_A_CONFIG, HASHGUARD_A_TENANT, HASHGUARD_A_TASK,
		HASHGUARD_A_STATE_MASK, HASHGUARD_A_APPROVAL, HASHGUARD_A_ACTION,
	};
	size_t i;
	int j;

	tp->nnot = 0;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		bool skipped = false;

		for (j = 0; j < tp->nt; j++)
			skipped |= tp->t[j].type == all[i];
		for (j = 0; j < nskip; j++)
			skipped |= skip[j] == all[i];
		if (!skipped)
			tp->not_taken[tp->nnot++] = all[i];
	}
}

static const uint16_t tenant_reply_only[] = {
	HASHGUARD_TENANT_A_PAD, HASHGUARD_TENANT_A_CGROUP_ID,
	HASHGUARD_TENANT_A_PROCESSES, HASHGUARD_TENANT_A_FLAGGED,
	HASHGUARD_TENANT_A_CGROUP_GONE,
};
static const uint16_t tenant_sel_reject[] = {
	HASHGUARD_TENANT_A_PAD, HASHGUARD_TENANT_A_CGROUP_ID,
	HASHGUARD_TENANT_A_PROCESSES, HASHGUARD_TENANT_A_FLAGGED,
	HASHGUARD_TENANT_A_CGROUP_GONE, HASHGUARD_TENANT_A_CGROUP,
};
static const uint16_t approval_reply_only[] = {
	HASHGUARD_APPROVAL_A_PAD, HASHGUARD_APPROVAL_A_ID,
	HASHGUARD_APPROVAL_A_TENANT_ID, HASHGUARD_APPROVAL_A_TENANT_NAME,
	HASHGUARD_APPROVAL_A_GRANTED_BY, HASHGUARD_APPROVAL_A_GRANTED_TIME,
	HASHGUARD_APPROVAL_A_STATE, HASHGUARD_APPROVAL_A_END,
	HASHGUARD_APPROVAL_A_COVERED,
};
static const uint16_t task_req_reject[] = {
	HASHGUARD_TASK_A_PAD, HASHGUARD_TASK_A_PID, HASHGUARD_TASK_A_COMM,
	HASHGUARD_TASK_A_TENANT_ID, HASHGUARD_TASK_A_TENANT_NAME,
	HASHGUARD_TASK_A_STATE, HASHGUARD_TASK_A_SCORE, HASHGUARD_TASK_A_THREADS,
	HASHGUARD_TASK_A_SAMPLES, HASHGUARD_TASK_A_FLAGGED_TIME,
	HASHGUARD_TASK_A_FEATURES, HASHGUARD_TASK_A_EXE,
	HASHGUARD_TASK_A_APPROVAL_ID, HASHGUARD_TASK_A_APPROVAL_REF,
};
static const uint16_t action_reply_only[] = { HASHGUARD_ACTION_A_PAD };

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void tenant_top(struct top *t, bool sel, bool by_id, uint32_t id, const char *name,
		       const char *cgroup)
{
	memset(t, 0, sizeof(*t));
	t->type = HASHGUARD_A_TENANT;
	t->flags = F_REQ;
	t->nest = true;
	if (by_id)
		t->f[t->nf++] = FI(HASHGUARD_TENANT_A_ID, F_REQ, id, 0, 0);
	else
		t->f[t->nf++] = FS(HASHGUARD_TENANT_A_NAME, F_REQ, name,
				   HASHGUARD_TENANT_NAME_MAX - 1);
	if (cgroup)
		t->f[t->nf++] = FS(HASHGUARD_TENANT_A_CGROUP, F_REQ, cgroup,
				   HASHGUARD_CGROUP_PATH_MAX - 1);
	if (sel)
		set_rejects(t, tenant_sel_reject, NELEM(tenant_sel_reject));
	else
		set_rejects(t, tenant_reply_only, NELEM(tenant_reply_only));
	if (!sel) {
		t->reject[t->nreject++] = HASHGUARD_TENANT_A_ID;
	}
}

static void approval_top(struct top *t, const char *ref, bool full, uint64_t now)
{
	memset(t, 0, sizeof(*t));
	t->type = HASHGUARD_A_APPROVAL;
	t->flags = F_REQ;
	t->nest = true;
	t->f[t->nf++] = FS(HASHGUARD_APPROVAL_A_REF, F_REQ, ref, HASHGUARD_APPROVAL_REF_MAX - 1);
	if (full) {
		t->f[t->nf++] = FS(HASHGUARD_APPROVAL_A_EXE, 0, "/usr/bin/hg-hostile-miner",
				   HASHGUARD_EXE_PATH_MAX - 1);
		t->f[t->nf++] = FI(HASHGUARD_APPROVAL_A_NOT_BEFORE, 0, now - 60, 0, 0);
		t->f[t->nf++] = FI(HASHGUARD_APPROVAL_A_EXPIRES, 0, now + 7200, 0, 0);
	}
	set_rejects(t, approval_reply_only, NELEM(approval_reply_only));
}

static void raw_cases(uint32_t del_id)
{
	struct msg m = { 0 };
	uint64_t now = (uint64_t)time(NULL);
	char name[160];
	int n, o, o2, i;
	static const uint8_t nodump[] = {
		HASHGUARD_CMD_GET_STATUS, HASHGUARD_CMD_GET_CONFIG, HASHGUARD_CMD_SET_CONFIG,
		HASHGUARD_CMD_NEW_TENANT, HASHGUARD_CMD_DEL_TENANT,
		HASHGUARD_CMD_NEW_APPROVAL, HASHGUARD_CMD_DEL_APPROVAL, HASHGUARD_CMD_ACTION,
	};
	static const uint8_t unknown_cmds[] = {
		HASHGUARD_CMD_UNSPEC, HASHGUARD_CMD_TASK_NTF, HASHGUARD_CMD_MAX + 1, 200, 255,
	};

	(void)del_id;
	/* Commands. */
	for (i = 0; i < NELEM(unknown_cmds); i++) {
		m_init(&m, unknown_cmds[i], 0);
		snprintf(name, sizeof(name), "unknown command %u (%s)", unknown_cmds[i],
			 cmd_name(unknown_cmds[i]));
		run_case(name, &m, EX(EOPNOTSUPP, 0, 0), -1, -1);
		m_init(&m, unknown_cmds[i], NLM_F_DUMP);
		snprintf(name, sizeof(name), "unknown command %u as a dump", unknown_cmds[i]);
		run_case(name, &m, EX(EOPNOTSUPP, 0, 0), -1, -1);
	}
	for (i = 0; i < NELEM(nodump); i++) {
		m_init(&m, nodump[i], NLM_F_DUMP);
		snprintf(name, sizeof(name), "%s: dump request (the command has no dump)",
			 cmd_name(nodump[i]));
		run_case(name, &m, EX(EOPNOTSUPP, 0, 0), -1, -1);
	}
	m_init_type(&m, 0xfff0, HASHGUARD_CMD_GET_STATUS, 0);
	run_case("nlmsg_type 0xfff0: no such generic netlink family", &m, EX(ENOENT, 0, 0), -1, -1);

	/* Headers. */
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	((struct genlmsghdr *)(m.b + NLMSG_HDRLEN))->reserved = 0x5a5a;
	run_case("get_status: genlmsghdr.reserved not 0", &m, EX(EINVAL, 0, E_ANY), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	m.len = NLMSG_HDRLEN;
	run_case("get_status: message without its genlmsghdr", &m, EX(EINVAL, 0, 0), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	m.len = NLMSG_HDRLEN + 2;
	run_case("get_status: genlmsghdr cut to 2 bytes", &m, EX(EINVAL, 0, 0), -1, -1);

	/* Truncation: nlmsg_len beyond the data is dropped by netlink_rcv_skb. */
	m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
	n = m_nest(&m, HASHGUARD_A_CONFIG);
	m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 999);
	m_end(&m, n);
	m.nlmsg_len = (uint32_t)m.len + 64;
	run_case("set_config: nlmsg_len 64 bytes beyond the data", &m,
		 EX(EINVAL, 0, E_ANY | E_DROP), -1, -1);
	m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
	n = m_nest(&m, HASHGUARD_A_CONFIG);
	m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 999);
	m_end(&m, n);
	m.send_len = m.len - 6;
	run_case("set_config: datagram cut 6 bytes short of nlmsg_len", &m,
		 EX(EINVAL, 0, E_ANY | E_DROP), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	m.nlmsg_len = 8;
	run_case("get_status: nlmsg_len 8, below the netlink header", &m,
		 EX(EINVAL, 0, E_ANY | E_DROP), -1, -1);

	/* Attribute length beyond the message, below 4, beyond its nest. */
	m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
	n = m_nest(&m, HASHGUARD_A_CONFIG);
	m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 999);
	m_end(&m, n);
	((struct nlattr *)(m.b + n))->nla_len += 32;
	run_case("set_config: CONFIG nla_len 32 bytes beyond the message", &m,
		 EX(EINVAL, 0, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_TENANT, 0);
	o = m_u32(&m, HASHGUARD_A_STATE_MASK, 1);
	((struct nlattr *)(m.b + o))->nla_len = 2;
	run_case("get_tenant: top-level attribute with nla_len 2 (< 4)", &m,
		 EX(EINVAL, 0, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
	n = m_nest(&m, HASHGUARD_A_CONFIG);
	o = m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 999);
	m_end(&m, n);
	((struct nlattr *)(m.b + o))->nla_len = 3;
	run_case("set_config: CONFIG.min_samples with nla_len 3 (< 4)", &m,
		 EX(EINVAL, ERANGE, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_NEW_TENANT, 0);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-hostile-n");
	o = m_str(&m, HASHGUARD_TENANT_A_CGROUP, "/hg-hostile-n");
	m_end(&m, n);
	m_u32(&m, HASHGUARD_A_STATE_MASK, 0);
	((struct nlattr *)(m.b + o))->nla_len += 8;
	run_case("new_tenant: TENANT.cgroup nla_len 8 bytes beyond its nest", &m,
		 EX(EINVAL, ERANGE, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_ACTION, 0);
	n = m_nest(&m, HASHGUARD_A_ACTION);
	m_u32(&m, HASHGUARD_ACTION_A_TGID, (uint32_t)getpid());
	m_u8(&m, HASHGUARD_ACTION_A_KIND, HASHGUARD_ACTION_AUDIT);
	o = m_u8(&m, HASHGUARD_ACTION_A_OUTCOME, HASHGUARD_OUTCOME_VERIFIED);
	m_end(&m, n);
	m.len -= 4;
	((struct nlattr *)(m.b + n))->nla_len -= 4;
	run_case("action: ACTION nest ending in the middle of OUTCOME", &m,
		 EX(EINVAL, ERANGE, E_MSG), -1, -1);

	/* Oversized. */
	{
		static char path[65000];

		memset(path, 'a', sizeof(path) - 1);
		path[0] = '/';
		path[sizeof(path) - 1] = 0;
		m_init(&m, HASHGUARD_CMD_NEW_TENANT, 0);
		n = m_nest(&m, HASHGUARD_A_TENANT);
		m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-hostile-n");
		o = m_put(&m, HASHGUARD_TENANT_A_CGROUP, path, sizeof(path));
		m_end(&m, n);
		run_case("new_tenant: 65000-byte cgroup path (64 KiB message)", &m,
			 EX(EINVAL, ERANGE, E_MSG | E_OFFS), o, -1);

		m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
		n = m_nest(&m, HASHGUARD_A_CONFIG);
		m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 999);
		m_end(&m, n);
		o = -1;
		for (i = 0; i < 20; i++) {
			o2 = m_put(&m, 150 + i, path, 4000);
			if (o < 0)
				o = o2;
		}
		snprintf(name, sizeof(name), "set_config: %zu-byte message, 20 unknown 4000-byte attributes after CONFIG",
			 m.len);
		run_case(name, &m, EX(EINVAL, 0, E_MSG | E_OFFS), o, -1);

		m_init(&m, HASHGUARD_CMD_GET_TENANT, 0);
		n = m_nest(&m, HASHGUARD_A_TENANT);
		m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-hostile");
		o = m_put(&m, HASHGUARD_TENANT_A_MAX + 1, path, 65000 - 40);
		m_end(&m, n);
		n = m_nest(&m, HASHGUARD_A_TENANT);
		m_end(&m, n);
		snprintf(name, sizeof(name), "get_tenant: %zu-byte message, a 64 KiB TENANT nest with an unknown attribute",
			 m.len);
		run_case(name, &m, EX(EINVAL, 0, E_MSG | E_OFFS_EITHER), o, n);

		m_init(&m, HASHGUARD_CMD_ACTION, 0);
		n = m_nest(&m, HASHGUARD_A_ACTION);
		m_u32(&m, HASHGUARD_ACTION_A_TGID, (uint32_t)getpid());
		m_u8(&m, HASHGUARD_ACTION_A_KIND, HASHGUARD_ACTION_AUDIT);
		m_u8(&m, HASHGUARD_ACTION_A_OUTCOME, HASHGUARD_OUTCOME_VERIFIED);
		o = m_put(&m, HASHGUARD_ACTION_A_DETAIL, path, 60000);
		m_end(&m, n);
		run_case("action: 60000-byte DETAIL", &m, EX(EINVAL, ERANGE, E_MSG | E_OFFS), o, -1);
	}

	/* Semantic refusals the header names. */
#define TEN_CASE(cmd_, what_, name_, cg_, e1_, e2_, fl_) do {			\
		m_init(&m, cmd_, 0);						\
		n = m_nest(&m, HASHGUARD_A_TENANT);				\
		m_put(&m, HASHGUARD_TENANT_A_NAME, name_, sizeof(name_));	\
		if (cg_)							\
			m_str(&m, HASHGUARD_TENANT_A_CGROUP, (const char *)(cg_)); \
		m_end(&m, n);							\
		run_case(what_, &m, EX(e1_, e2_, fl_), -1, -1);			\
	} while (0)
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \"a/b\" (bad character)",
		 "a/b", "/hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \"a b\" (space)",
		 "a b", "/hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \"a\\nevent=flagged\" (newline)",
		 "a\nevent=flagged", "/hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \".hidden\" (starts with '.')",
		 ".hidden", "/hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \"-x\" (starts with '-')",
		 "-x", "/hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: cgroup \"hg-hostile-n\" (not starting with '/')",
		 "hg-hostile-n", "hg-hostile-n", EINVAL, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: cgroup that does not exist",
		 "hg-hostile-n", "/hg-hostile-no-such-cgroup", ENOENT, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: cgroup path naming a file",
		 "hg-hostile-n", "/hg-hostile-n/cgroup.procs", ENOTDIR, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name already registered",
		 "hg-hostile", "/hg-hostile-n", EEXIST, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: cgroup already registered",
		 "hg-hostile-n", "/hg-hostile", EEXIST, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_NEW_TENANT, "new_tenant: name \"host\"",
		 "host", "/hg-hostile-n", EEXIST, EINVAL, E_MSG);
	TEN_CASE(HASHGUARD_CMD_DEL_TENANT, "del_tenant: host", "host", NULL, EINVAL, 0, E_ANY);
	TEN_CASE(HASHGUARD_CMD_DEL_TENANT, "del_tenant: unknown name", "hg-no-such-tenant",
		 NULL, ENOENT, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_DEL_TENANT, "del_tenant: tenant holding an approval",
		 "hg-hostile", NULL, EBUSY, 0, E_MSG);
	TEN_CASE(HASHGUARD_CMD_GET_TENANT, "get_tenant: unknown name", "hg-no-such-tenant",
		 NULL, ENOENT, 0, E_MSG);
#undef TEN_CASE
	m_init(&m, HASHGUARD_CMD_DEL_TENANT, 0);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_u32(&m, HASHGUARD_TENANT_A_ID, HASHGUARD_TENANT_HOST);
	m_end(&m, n);
	run_case("del_tenant: id 0 (host)", &m, EX(EINVAL, 0, E_ANY), -1, -1);
	m_init(&m, HASHGUARD_CMD_DEL_TENANT, 0);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_u32(&m, HASHGUARD_TENANT_A_ID, 0xfffffff0);
	m_end(&m, n);
	run_case("del_tenant: unknown id", &m, EX(ENOENT, 0, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_DEL_TENANT, 0);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-hostile-d");
	m_u32(&m, HASHGUARD_TENANT_A_ID, del_id);
	m_end(&m, n);
	run_case("del_tenant: both NAME and ID", &m, EX(EINVAL, 0, E_MSG), -1, -1);

#define APP_CASE(cmd_, fl_, what_, ten_, ref_, reflen_, exe_, nb_, exp_, e1_, e2_, xfl_) do { \
		m_init(&m, cmd_, fl_);						\
		n = m_nest(&m, HASHGUARD_A_TENANT);				\
		m_str(&m, HASHGUARD_TENANT_A_NAME, ten_);			\
		m_end(&m, n);							\
		n = m_nest(&m, HASHGUARD_A_APPROVAL);				\
		m_put(&m, HASHGUARD_APPROVAL_A_REF, ref_, reflen_);		\
		if (exe_)							\
			m_str(&m, HASHGUARD_APPROVAL_A_EXE, (const char *)(exe_)); \
		if (nb_)							\
			m_u64(&m, HASHGUARD_APPROVAL_A_NOT_BEFORE, nb_);	\
		if (exp_)							\
			m_u64(&m, HASHGUARD_APPROVAL_A_EXPIRES, exp_);		\
		m_end(&m, n);							\
		run_case(what_, &m, EX(e1_, e2_, xfl_), -1, -1);		\
	} while (0)
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: host tenant", "host",
		 "HOSTILE-NEW", 12, NULL, 0, now + 3600, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: unknown tenant", "hg-no-such-tenant",
		 "HOSTILE-NEW", 12, NULL, 0, now + 3600, ENOENT, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: REF with a control character",
		 "hg-hostile", "HOSTILE\001NEW", 12, NULL, 0, now + 3600, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: REF with a newline (audit line injection)",
		 "hg-hostile", "X\nhashguard: audit seq=1 event=load", 36, NULL, 0, now + 3600,
		 EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: REF with DEL (0x7f)",
		 "hg-hostile", "HOSTILE\177NEW", 12, NULL, 0, now + 3600, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: REF \"\" (just the NUL)",
		 "hg-hostile", "", 1, NULL, 0, now + 3600, EINVAL, ERANGE, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: EXE relative path",
		 "hg-hostile", "HOSTILE-NEW", 12, "usr/bin/xmrig", 0, now + 3600, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: EXE \"\"",
		 "hg-hostile", "HOSTILE-NEW", 12, "", 0, now + 3600, EINVAL, ERANGE, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: EXPIRES in the past",
		 "hg-hostile", "HOSTILE-NEW", 12, NULL, 0, now - 10, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: EXPIRES equal to NOT_BEFORE",
		 "hg-hostile", "HOSTILE-NEW", 12, NULL, now + 7200, now + 7200, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, 0, "new_approval: EXPIRES before NOT_BEFORE",
		 "hg-hostile", "HOSTILE-NEW", 12, NULL, now + 7200, now + 3600, EINVAL, 0, E_MSG);
	/* The netlink core refuses the old header flag; FLAGS carries it. */
	APP_CASE(HASHGUARD_CMD_NEW_APPROVAL, NLM_F_EXCL, "new_approval: NLM_F_EXCL header flag",
		 "hg-hostile", "HOSTILE-1", 10, NULL, 0, now + 3600, EINVAL, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_DEL_APPROVAL, 0, "del_approval: unknown REF",
		 "hg-hostile", "HOSTILE-NONE", 13, NULL, 0, 0, ENOENT, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_DEL_APPROVAL, 0, "del_approval: REF of another tenant",
		 "hg-hostile-d", "HOSTILE-1", 10, NULL, 0, 0, ENOENT, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_DEL_APPROVAL, 0, "del_approval: unknown tenant",
		 "hg-no-such-tenant", "HOSTILE-1", 10, NULL, 0, 0, ENOENT, 0, E_MSG);
	APP_CASE(HASHGUARD_CMD_GET_APPROVAL, 0, "get_approval: unknown REF",
		 "hg-hostile", "HOSTILE-NONE", 13, NULL, 0, 0, ENOENT, 0, E_MSG);
#undef APP_CASE

	/* FLAGS: HASHGUARD_APPROVAL_F_EXCL with an existing REF, unknown bits. */
	{
		static const struct {
			uint32_t flags;
			int err;
			const char *what;
		} fc[] = {
			{ HASHGUARD_APPROVAL_F_EXCL, EEXIST,
			  "new_approval: FLAGS excl, REF exists" },
			{ HASHGUARD_APPROVAL_F_MASK << 1, EINVAL,
			  "new_approval: FLAGS with an unknown bit" },
		};

		for (size_t k = 0; k < sizeof(fc) / sizeof(fc[0]); k++) {
			m_init(&m, HASHGUARD_CMD_NEW_APPROVAL, 0);
			n = m_nest(&m, HASHGUARD_A_TENANT);
			m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-hostile");
			m_end(&m, n);
			n = m_nest(&m, HASHGUARD_A_APPROVAL);
			m_str(&m, HASHGUARD_APPROVAL_A_REF, "HOSTILE-1");
			m_u64(&m, HASHGUARD_APPROVAL_A_EXPIRES, now + 3600);
			m_u32(&m, HASHGUARD_APPROVAL_A_FLAGS, fc[k].flags);
			m_end(&m, n);
			run_case(fc[k].what, &m, EX(fc[k].err, 0, E_MSG), -1, -1);
		}
	}

	m_init(&m, HASHGUARD_CMD_GET_TASK, 0);
	n = m_nest(&m, HASHGUARD_A_TASK);
	m_u32(&m, HASHGUARD_TASK_A_TGID, 0x3ffffff0);
	m_end(&m, n);
	run_case("get_task: tgid not tracked", &m, EX(ENOENT, 0, 0), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_TASK, NLM_F_DUMP);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-no-such-tenant");
	m_end(&m, n);
	run_case("get_task dump: unknown tenant filter", &m, EX(ENOENT, 0, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_APPROVAL, NLM_F_DUMP);
	n = m_nest(&m, HASHGUARD_A_TENANT);
	m_str(&m, HASHGUARD_TENANT_A_NAME, "hg-no-such-tenant");
	m_end(&m, n);
	run_case("get_approval dump: unknown tenant filter", &m, EX(ENOENT, 0, E_MSG), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_TASK, NLM_F_DUMP);
	o = m_u32(&m, HASHGUARD_A_STATE_MASK, 1U << (HASHGUARD_STATE_MAX + 1));
	run_case("get_task dump: STATE_MASK with an unknown state bit", &m,
		 EX(EINVAL, ERANGE, E_MSG | E_OFFS), o, -1);
	m_init(&m, HASHGUARD_CMD_GET_TASK, NLM_F_DUMP);
	o = m_u8(&m, HASHGUARD_A_STATE_MASK, 1);
	run_case("get_task dump: STATE_MASK as u8", &m, EX(EINVAL, ERANGE, E_MSG | E_OFFS), o, -1);

	free(m.b);
}

static void run_table(void)
{
	struct cfg_vals cv;
	uint64_t now = (uint64_t)time(NULL);
	uint32_t del_id = 0;
	struct tmpl tp;
	char *before;
	int e, c;
	static const uint16_t task_dump_filters[] = { HASHGUARD_A_TENANT, HASHGUARD_A_STATE_MASK };
	static const uint16_t approval_dump_filter[] = { HASHGUARD_A_APPROVAL };

	setup_fixtures(&del_id);
	memset(&cv, 0, sizeof(cv));
	e = simple_req(HASHGUARD_CMD_GET_CONFIG, &cv, cfg_cb);
	if (e)
		die("get_config: %s", errname(e));

	full_snap = true;
	before = snapshot(true);
	cur_snap = strdup(before);
	printf("# state before the table:\n");
	for (char *p = before, *q; *p; p = q + 1) {
		q = strchr(p, '\n');
		if (!q)
			break;
		printf("#   %.*s\n", (int)(q - p), p);
	}

	/* SET_CONFIG: every value as it is but min_samples, which changes. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "set_config");
	tp.cmd = HASHGUARD_CMD_SET_CONFIG;
	tp.nt = 1;
	tp.t[0].type = HASHGUARD_A_CONFIG;
	tp.t[0].flags = F_REQ;
	tp.t[0].nest = true;
	{
		static const struct { uint16_t a; uint64_t lo, hi; } rg[] = {
			{ HASHGUARD_CONFIG_A_SAMPLE_HZ, 10, 10000 },
			{ HASHGUARD_CONFIG_A_SAMPLE_SOURCE, 0, 1 },
			{ HASHGUARD_CONFIG_A_WINDOW_MS, 100, 60000 },
			{ HASHGUARD_CONFIG_A_FLAG_THRESHOLD, 1, 1000 },
			{ HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, 0, 999 },
			{ HASHGUARD_CONFIG_A_FLAG_WINDOWS, 1, 100 },
			{ HASHGUARD_CONFIG_A_CLEAR_WINDOWS, 1, 1000 },
			{ HASHGUARD_CONFIG_A_MIN_SAMPLES, 1, 1000000 },
			{ HASHGUARD_CONFIG_A_MAX_TASKS, 16, 1048576 },
		};

		for (c = 0; c < NELEM(rg); c++) {
			uint64_t v = cv.v[rg[c].a];

			if (rg[c].a == HASHGUARD_CONFIG_A_MIN_SAMPLES)
				v = v > 1 ? v - 1 : v + 1;
			tp.t[0].f[c] = FI(rg[c].a, F_RANGE | F_RANGE_ONLY, v, rg[c].lo, rg[c].hi);
		}
		tp.t[0].nf = NELEM(rg);
	}
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	{
		struct msg m = { 0 };
		int n;

		m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
		n = m_nest(&m, HASHGUARD_A_CONFIG);
		m_u32(&m, HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, cv.v[HASHGUARD_CONFIG_A_FLAG_THRESHOLD]);
		m_end(&m, n);
		run_case("set_config: clear_threshold equal to flag_threshold", &m,
			 EX(EINVAL, 0, E_MSG), -1, -1);
		m_init(&m, HASHGUARD_CMD_SET_CONFIG, 0);
		n = m_nest(&m, HASHGUARD_A_CONFIG);
		m_u32(&m, HASHGUARD_CONFIG_A_FLAG_THRESHOLD, 10);
		m_u32(&m, HASHGUARD_CONFIG_A_CLEAR_THRESHOLD, 20);
		m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 7);
		m_end(&m, n);
		run_case("set_config: flag_threshold 10 below clear_threshold 20, with a valid min_samples",
			 &m, EX(EINVAL, 0, E_MSG), -1, -1);
		free(m.b);
	}

	/* GET_STATUS, GET_CONFIG: no attributes at all. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_status");
	tp.cmd = HASHGUARD_CMD_GET_STATUS;
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	snprintf(tp.name, sizeof(tp.name), "get_config");
	tp.cmd = HASHGUARD_CMD_GET_CONFIG;
	run_template(&tp);

	/* Tenants. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "new_tenant");
	tp.cmd = HASHGUARD_CMD_NEW_TENANT;
	tp.nt = 1;
	tenant_top(&tp.t[0], false, false, 0, "hg-hostile-n", "/hg-hostile-n");
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);

	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "del_tenant by name");
	tp.cmd = HASHGUARD_CMD_DEL_TENANT;
	tp.nt = 1;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile-d", NULL);
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	snprintf(tp.name, sizeof(tp.name), "del_tenant by id");
	tenant_top(&tp.t[0], true, true, del_id, NULL, NULL);
	run_template(&tp);

	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_tenant by name");
	tp.cmd = HASHGUARD_CMD_GET_TENANT;
	tp.nt = 1;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile", NULL);
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	snprintf(tp.name, sizeof(tp.name), "get_tenant by id");
	tenant_top(&tp.t[0], true, true, del_id, NULL, NULL);
	run_template(&tp);
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_tenant dump");
	tp.cmd = HASHGUARD_CMD_GET_TENANT;
	tp.flags = NLM_F_DUMP;
	set_not_taken(&tp, (const uint16_t[]){ HASHGUARD_A_TENANT }, 1);
	run_template(&tp);

	/* Tasks. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_task");
	tp.cmd = HASHGUARD_CMD_GET_TASK;
	tp.nt = 1;
	tp.t[0].type = HASHGUARD_A_TASK;
	tp.t[0].flags = F_REQ;
	tp.t[0].nest = true;
	tp.t[0].f[0] = FI(HASHGUARD_TASK_A_TGID, F_REQ, (uint64_t)getpid(), 0, 0);
	tp.t[0].f[1] = FI(HASHGUARD_TASK_A_START_TIME, F_ABSENT, 1, 0, 0);
	tp.t[0].nf = 2;
	set_rejects(&tp.t[0], task_req_reject, NELEM(task_req_reject));
	set_not_taken(&tp, task_dump_filters, NELEM(task_dump_filters));
	run_template(&tp);
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_task dump");
	tp.cmd = HASHGUARD_CMD_GET_TASK;
	tp.flags = NLM_F_DUMP;
	tp.nt = 2;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile", NULL);
	tp.t[0].flags = 0;
	memset(&tp.t[1], 0, sizeof(tp.t[1]));
	tp.t[1].type = HASHGUARD_A_STATE_MASK;
	tp.t[1].f[0] = FI(HASHGUARD_A_STATE_MASK, 0, 0xf, 0, 0);
	tp.t[1].nf = 1;
	set_not_taken(&tp, (const uint16_t[]){ HASHGUARD_A_TASK }, 1);
	run_template(&tp);

	/* Approvals. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "new_approval");
	tp.cmd = HASHGUARD_CMD_NEW_APPROVAL;
	tp.nt = 2;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile", NULL);
	approval_top(&tp.t[1], "HOSTILE-NEW", true, now);
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	snprintf(tp.name, sizeof(tp.name), "new_approval, tenant by id");
	tenant_top(&tp.t[0], true, true, del_id, NULL, NULL);
	tp.nt = 1;
	run_template(&tp);
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "del_approval");
	tp.cmd = HASHGUARD_CMD_DEL_APPROVAL;
	tp.nt = 2;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile", NULL);
	approval_top(&tp.t[1], "HOSTILE-1", false, now);
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);
	snprintf(tp.name, sizeof(tp.name), "get_approval");
	tp.cmd = HASHGUARD_CMD_GET_APPROVAL;
	run_template(&tp);
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "get_approval dump");
	tp.cmd = HASHGUARD_CMD_GET_APPROVAL;
	tp.flags = NLM_F_DUMP;
	tp.nt = 1;
	tenant_top(&tp.t[0], true, false, 0, "hg-hostile", NULL);
	tp.t[0].flags = 0;
	set_not_taken(&tp, approval_dump_filter, NELEM(approval_dump_filter));
	run_template(&tp);

	/* ACTION. */
	memset(&tp, 0, sizeof(tp));
	snprintf(tp.name, sizeof(tp.name), "action");
	tp.cmd = HASHGUARD_CMD_ACTION;
	tp.nt = 1;
	tp.t[0].type = HASHGUARD_A_ACTION;
	tp.t[0].flags = F_REQ;
	tp.t[0].nest = true;
	tp.t[0].f[0] = FI(HASHGUARD_ACTION_A_TGID, F_REQ, (uint64_t)getpid(), 0, 0);
	tp.t[0].f[1] = FI(HASHGUARD_ACTION_A_START_TIME, F_ABSENT, 1, 0, 0);
	tp.t[0].f[2] = FI(HASHGUARD_ACTION_A_KIND, F_REQ | F_RANGE, HASHGUARD_ACTION_AUDIT,
			  1, HASHGUARD_ACTION_MAX);
	tp.t[0].f[3] = FI(HASHGUARD_ACTION_A_OUTCOME, F_REQ | F_RANGE, HASHGUARD_OUTCOME_VERIFIED,
			  1, HASHGUARD_OUTCOME_MAX);
	tp.t[0].f[4] = FS(HASHGUARD_ACTION_A_REASON, 0, "policy hostile-test",
			  HASHGUARD_ACTION_TEXT_MAX - 1);
	tp.t[0].f[5] = FS(HASHGUARD_ACTION_A_DETAIL, 0, "nlhostile base request",
			  HASHGUARD_ACTION_TEXT_MAX - 1);
	tp.t[0].nf = 6;
	set_rejects(&tp.t[0], action_reply_only, NELEM(action_reply_only));
	set_not_taken(&tp, NULL, 0);
	run_template(&tp);

	raw_cases(del_id);

	{
		char *after = snapshot(true);

		if (strcmp(before, after)) {
			printf("# state before and after the table differ:\n");
			show_diff(before, after, '-');
			show_diff(after, before, '+');
		}
		tap(!strcmp(before, after),
		    "state (config, tenants, approvals, audit counters) the same before and after the table");
		free(after);
	}
	free(before);
	free(cur_snap);
	cur_snap = NULL;
	remove_fixtures();
}

/* ------------------------------------------------------------------ */
/* Unprivileged.                                                        */

static bool has_net_admin(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long eff = 0;

	if (!f)
		return true;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return eff & (1ULL << 12);
}

static void run_unpriv(void)
{
	struct msg m = { 0 };
	char *before, *after;
	uint64_t now = (uint64_t)time(NULL);
	int n, i, fd;
	struct {
		const char *name;
		uint8_t cmd;
		uint16_t flags;
		int what;	/* 0 none, 1 tenant, 2 tenant+approval, 3 task, 4 action, 5 config, 6 new tenant, 7 bad */
	} cases[] = {
		{ "set_config", HASHGUARD_CMD_SET_CONFIG, 0, 5 },
		{ "new_tenant", HASHGUARD_CMD_NEW_TENANT, 0, 6 },
		{ "del_tenant", HASHGUARD_CMD_DEL_TENANT, 0, 1 },
		{ "get_tenant", HASHGUARD_CMD_GET_TENANT, 0, 1 },
		{ "get_tenant dump", HASHGUARD_CMD_GET_TENANT, NLM_F_DUMP, 0 },
		{ "get_task", HASHGUARD_CMD_GET_TASK, 0, 3 },
		{ "get_task dump", HASHGUARD_CMD_GET_TASK, NLM_F_DUMP, 0 },
		{ "new_approval", HASHGUARD_CMD_NEW_APPROVAL, 0, 2 },
		{ "del_approval", HASHGUARD_CMD_DEL_APPROVAL, 0, 2 },
		{ "get_approval", HASHGUARD_CMD_GET_APPROVAL, 0, 2 },
		{ "get_approval dump", HASHGUARD_CMD_GET_APPROVAL, NLM_F_DUMP, 0 },
		{ "action", HASHGUARD_CMD_ACTION, 0, 4 },
		{ "set_config with an unknown attribute", HASHGUARD_CMD_SET_CONFIG, 0, 7 },
		{ "new_tenant dump (no such dump)", HASHGUARD_CMD_NEW_TENANT, NLM_F_DUMP, 0 },
	};

	if (geteuid() == 0 || has_net_admin())
		tap(false, "unpriv: running without root and CAP_NET_ADMIN (euid %u)", geteuid());
	else
		tap(true, "unpriv: running without root and CAP_NET_ADMIN (euid %u)", geteuid());
	before = snapshot(false);
	for (i = 0; i < NELEM(cases); i++) {
		char name[128];

		m_init(&m, cases[i].cmd, cases[i].flags);
		switch (cases[i].what) {
		case 1:
		case 2:
		case 6:
			n = m_nest(&m, HASHGUARD_A_TENANT);
			m_str(&m, HASHGUARD_TENANT_A_NAME, cases[i].what == 6 ? "hg-unpriv" : "host");
			if (cases[i].what == 6)
				m_str(&m, HASHGUARD_TENANT_A_CGROUP, "/");
			m_end(&m, n);
			if (cases[i].what == 2) {
				n = m_nest(&m, HASHGUARD_A_APPROVAL);
				m_str(&m, HASHGUARD_APPROVAL_A_REF, "UNPRIV-1");
				m_u64(&m, HASHGUARD_APPROVAL_A_EXPIRES, now + 3600);
				m_end(&m, n);
			}
			break;
		case 3:
			n = m_nest(&m, HASHGUARD_A_TASK);
			m_u32(&m, HASHGUARD_TASK_A_TGID, 1);
			m_end(&m, n);
			break;
		case 4:
			n = m_nest(&m, HASHGUARD_A_ACTION);
			m_u32(&m, HASHGUARD_ACTION_A_TGID, (uint32_t)getpid());
			m_u8(&m, HASHGUARD_ACTION_A_KIND, HASHGUARD_ACTION_KILL);
			m_u8(&m, HASHGUARD_ACTION_A_OUTCOME, HASHGUARD_OUTCOME_VERIFIED);
			m_str(&m, HASHGUARD_ACTION_A_REASON, "forged by an unprivileged user");
			m_end(&m, n);
			break;
		case 5:
			n = m_nest(&m, HASHGUARD_A_CONFIG);
			m_u32(&m, HASHGUARD_CONFIG_A_FLAG_THRESHOLD, 1000);
			m_u32(&m, HASHGUARD_CONFIG_A_MIN_SAMPLES, 1000000);
			m_end(&m, n);
			break;
		case 7:
			m_u32(&m, 200, 1);
			break;
		}
		snprintf(name, sizeof(name), "unpriv: %s refused", cases[i].name);
		run_case(name, &m, EX(EPERM, 0, 0), -1, -1);
	}
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	run_case("unpriv: get_status allowed", &m, EX(0, 0, E_OK), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_CONFIG, 0);
	run_case("unpriv: get_config allowed", &m, EX(0, 0, E_OK), -1, -1);
	m_init(&m, HASHGUARD_CMD_GET_STATUS, 0);
	m_u32(&m, 200, 1);
	run_case("unpriv: get_status with an unknown attribute still refused", &m,
		 EX(EINVAL, 0, E_MSG | E_OFFS), NLMSG_HDRLEN + GENL_HDRLEN, -1);
	free(m.b);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	for (i = 0; i < 2; i++) {
		uint32_t grp = i ? C.grp_config : C.grp_detect;
		const char *gn = i ? HASHGUARD_MCGRP_CONFIG : HASHGUARD_MCGRP_DETECT;
		int r;

		if (!grp) {
			tap(false, "unpriv: join group \"%s\" refused (group not found)", gn);
			continue;
		}
		r = setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp));
		r = r ? -errno : 0;
		tap(r == -EPERM, "unpriv: join group \"%s\" (id %u) refused: got %s", gn, grp,
		    errname(r));
		if (table)
			fprintf(table, "unpriv: join group %s\tEPERM\t%s\t%s\n", gn, errname(r),
				r == -EPERM ? "ok" : "wrong");
	}
	close(fd);
	after = snapshot(false);
	tap(!strcmp(before, after), "unpriv: configuration and audit counters unchanged");
	free(before);
	free(after);
}

/* ------------------------------------------------------------------ */
/* listen and req.                                                      */

static int run_listen(void)
{
	uint32_t grps[2] = { C.grp_detect, C.grp_config };
	int i;

	for (i = 0; i < 2; i++) {
		if (!grps[i])
			die("multicast group %s not found", i ? "config" : "detect");
		if (setsockopt(C.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grps[i], sizeof(grps[i])))
			die("join group %u: %s", grps[i], strerror(errno));
	}
	printf("listening detect=%u config=%u\n", grps[0], grps[1]);
	for (;;) {
		ssize_t n = recv(C.fd, rbuf, RECV_CAP, 0);
		struct nlmsghdr *nlh;
		size_t left;
		struct timespec ts;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				printf("ntf lost (ENOBUFS)\n");
				continue;
			}
			die("recv: %s", strerror(errno));
		}
		clock_gettime(CLOCK_BOOTTIME, &ts);
		left = (size_t)n;
		for (nlh = (struct nlmsghdr *)rbuf; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left)) {
			if (nlh->nlmsg_type != C.fam)
				continue;
			printf("ntf t=%ld.%03ld ", (long)ts.tv_sec, ts.tv_nsec / 1000000);
			print_msg(stdout, nlh, false);
		}
	}
}

static int parse_enum(const char *s, const char *const *names, int n)
{
	int i;
	char *end;
	long v;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	v = strtol(s, &end, 0);
	if (*end || v < 0 || v > 255)
		die("bad value %s", s);
	return (int)v;
}

static uint64_t parse_time(const char *s)
{
	if (*s == '+')
		return (uint64_t)time(NULL) + strtoull(s + 1, NULL, 10);
	return strtoull(s, NULL, 10);
}

static int req_done(struct reply *r, const char *what)
{
	if (r->err) {
		fprintf(stderr, "nlhostile: %s: %s (%d) extack \"%s\" offs=%ld\n", what,
			errname(r->err), r->err, r->ext, r->offs);
		printf("error=%s extack=", errname(r->err));
		put_escaped(stdout, r->ext, sizeof(r->ext));
		putchar('\n');
		return 1;
	}
	return 0;
}

static int run_dump_cmd(uint8_t cmd, const char *tenant)
{
	int att, intr, e = dump_into(cmd, tenant, stdout, print_cb, &att, &intr);

	printf("# dump attempts=%d intr=%d%s%s\n", att, intr, e ? " error=" : "",
	       e ? errname(e) : "");
	return e || (dump_tries > 1 && intr == att) ? 1 : 0;
}

static int run_req(int argc, char **argv)
{
	struct msg m = { 0 };
	struct reply r;
	const char *w;
	int n, i;

	if (argc < 1)
		die("req: what?");
	w = argv[0];
	if (!strcmp(w, "approvals"))
		return run_dump_cmd(HASHGUARD_CMD_GET_APPROVAL, argc > 1 ? argv[1] : NULL);
	if (!strcmp(w, "tasks")) {
		/* --once: one dump, printed even if NLM_F_DUMP_INTR was set. */
		if (argc > 1 && !strcmp(argv[1], "--once")) {
			dump_tries = 1;
			argc--;
			argv++;
		}
		return run_dump_cmd(HASHGUARD_CMD_GET_TASK, argc > 1 ? argv[1] : NULL);
	}
	if (!strcmp(w, "tenants"))
		return run_dump_cmd(HASHGUARD_CMD_GET_TENANT, NULL);
	if (!strcmp(w, "status") || !strcmp(w, "config")) {
		m_init(&m, w[0] == 's' ? HASHGUARD_CMD_GET_STATUS : HASHGUARD_CMD_GET_CONFIG, 0);
		transact(&m, &r, print_cb, NULL);
		return req_done(&r, w);
	}
	if ((!strcmp(w, "approve") || !strcmp(w, "revoke") || !strcmp(w, "get-approval")) &&
	    argc >= 3) {
		uint8_t cmd = w[0] == 'a' ? HASHGUARD_CMD_NEW_APPROVAL :
			      w[0] == 'r' ? HASHGUARD_CMD_DEL_APPROVAL : HASHGUARD_CMD_GET_APPROVAL;

		m_init(&m, cmd, 0);
		n = m_nest(&m, HASHGUARD_A_TENANT);
		m_str(&m, HASHGUARD_TENANT_A_NAME, argv[1]);
		m_end(&m, n);
		n = m_nest(&m, HASHGUARD_A_APPROVAL);
		m_str(&m, HASHGUARD_APPROVAL_A_REF, argv[2]);
		for (i = 3; i < argc; i++) {
			if (!strncmp(argv[i], "exe=", 4))
				m_str(&m, HASHGUARD_APPROVAL_A_EXE, argv[i] + 4);
			else if (!strncmp(argv[i], "not_before=", 11))
				m_u64(&m, HASHGUARD_APPROVAL_A_NOT_BEFORE, parse_time(argv[i] + 11));
			else if (!strncmp(argv[i], "expires=", 8))
				m_u64(&m, HASHGUARD_APPROVAL_A_EXPIRES, parse_time(argv[i] + 8));
			else if (!strcmp(argv[i], "excl"))
				m_u32(&m, HASHGUARD_APPROVAL_A_FLAGS, HASHGUARD_APPROVAL_F_EXCL);
			else
				die("req %s: unknown argument %s", w, argv[i]);
		}
		m_end(&m, n);
		transact(&m, &r, print_cb, NULL);
		return req_done(&r, w);
	}
	if (!strcmp(w, "task") && argc >= 2) {
		m_init(&m, HASHGUARD_CMD_GET_TASK, 0);
		n = m_nest(&m, HASHGUARD_A_TASK);
		m_u32(&m, HASHGUARD_TASK_A_TGID, (uint32_t)strtoul(argv[1], NULL, 10));
		if (argc >= 3)
			m_u64(&m, HASHGUARD_TASK_A_START_TIME, strtoull(argv[2], NULL, 10));
		m_end(&m, n);
		transact(&m, &r, print_cb, NULL);
		return req_done(&r, w);
	}
	if (!strcmp(w, "action") && argc >= 4) {
		m_init(&m, HASHGUARD_CMD_ACTION, 0);
		n = m_nest(&m, HASHGUARD_A_ACTION);
		m_u32(&m, HASHGUARD_ACTION_A_TGID, (uint32_t)strtoul(argv[1], NULL, 10));
		m_u8(&m, HASHGUARD_ACTION_A_KIND, (uint8_t)parse_enum(argv[2], kind_names, 7));
		m_u8(&m, HASHGUARD_ACTION_A_OUTCOME, (uint8_t)parse_enum(argv[3], outcome_names, 3));
		for (i = 4; i < argc; i++) {
			if (!strncmp(argv[i], "start=", 6))
				m_u64(&m, HASHGUARD_ACTION_A_START_TIME, strtoull(argv[i] + 6, NULL, 10));
			else if (!strncmp(argv[i], "reason=", 7))
				m_str(&m, HASHGUARD_ACTION_A_REASON, argv[i] + 7);
			else if (!strncmp(argv[i], "detail=", 7))
				m_str(&m, HASHGUARD_ACTION_A_DETAIL, argv[i] + 7);
			else
				die("req action: unknown argument %s", argv[i]);
		}
		m_end(&m, n);
		transact(&m, &r, print_cb, NULL);
		return req_done(&r, w);
	}
	if (!strcmp(w, "bulk-tenants") && argc >= 5) {
		bool add = !strcmp(argv[1], "add");
		long count = strtol(argv[4], NULL, 10), k, fails = 0;
		char name[64], cg[512];

		for (k = 0; k < count; k++) {
			snprintf(name, sizeof(name), "%s%04ld", argv[2], k);
			snprintf(cg, sizeof(cg), "%s%04ld", argv[3], k);
			m_init(&m, add ? HASHGUARD_CMD_NEW_TENANT : HASHGUARD_CMD_DEL_TENANT, 0);
			n = m_nest(&m, HASHGUARD_A_TENANT);
			m_str(&m, HASHGUARD_TENANT_A_NAME, name);
			if (add)
				m_str(&m, HASHGUARD_TENANT_A_CGROUP, cg);
			m_end(&m, n);
			transact(&m, &r, NULL, NULL);
			if (r.err && fails++ < 5)
				fprintf(stderr, "nlhostile: %s %s: %s \"%s\"\n", argv[1], name,
					errname(r.err), r.ext);
		}
		printf("bulk-tenants %s: %ld requests, %ld failed\n", argv[1], count, fails);
		return fails ? 1 : 0;
	}
	die("req: unknown request or missing arguments: %s", w);
}

int main(int argc, char **argv)
{
	const char *table_path = NULL, *res = getenv("HG_RESULTS");
	char pathbuf[512];
	bool unpriv = false;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--unpriv"))
			unpriv = true;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = true;
		else if (!strcmp(argv[i], "--table") && i + 1 < argc)
			table_path = argv[++i];
		else if (!strcmp(argv[i], "--cgroup-root") && i + 1 < argc)
			cg_root = argv[++i];
		else if (!strcmp(argv[i], "listen")) {
			connect_family();
			return run_listen();
		} else if (!strcmp(argv[i], "req")) {
			connect_family();
			return run_req(argc - i - 1, argv + i + 1);
		} else {
			fprintf(stderr, "usage: nlhostile [--unpriv] [--table FILE] [--cgroup-root DIR]\n"
					"       nlhostile listen\n"
					"       nlhostile req WHAT ARGS...\n");
			return 2;
		}
	}
	connect_family();
	if (!table_path && res && *res) {
		snprintf(pathbuf, sizeof(pathbuf), "%s/%s", res,
			 unpriv ? "hostile-unpriv.txt" : "hostile.txt");
		table_path = pathbuf;
	}
	if (table_path) {
		/* "fd:N": a descriptor the caller opened (an unprivileged run
		 * cannot open files in the results directory). */
		table = !strncmp(table_path, "fd:", 3) ? fdopen(atoi(table_path + 3), "w") :
			fopen(table_path, "w");
		if (!table)
			printf("# cannot write %s: %s (the table is in the TAP lines)\n",
			       table_path, strerror(errno));
		else
			fprintf(table, "# case\texpected\tgot (errno \"extack\" offs=attribute offset)\tverdict\n");
	}
	printf("# nlhostile: family %u, groups detect=%u config=%u, %s\n", C.fam,
	       C.grp_detect, C.grp_config, unpriv ? "unprivileged" : "privileged");
	if (unpriv)
		run_unpriv();
	else
		run_table();
	printf("# nlhostile: %d passed, %d failed\n", n_ok, n_fail);
	if (table) {
		fprintf(table, "# %d passed, %d failed\n", n_ok, n_fail);
		fclose(table);
	}
	return n_fail ? 1 : 0;
}
