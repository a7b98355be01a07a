/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the netlink half of the library, shared by its files and by no
 * one else (the tools use hgnl.h): the handle, the request machinery of
 * nl_sock.c and the attribute helpers of the per-object calls.
 *
 *   names.c      stable names and validity rules (no netlink)
 *   nl_extack.c  extended-ack and attribute-path decoding
 *   nl_sock.c    the handle, errors, requests, dumps, the status
 *   nl_config.c, nl_tenant.c, nl_task.c, nl_approval.c, nl_action.c
 *                one object kind each: its parser and its calls
 *   nl_monitor.c multicast subscription, notifications, dispatch
 */
#ifndef HG_NL_INTERNAL_H
#define HG_NL_INTERNAL_H

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "hgnl.h"

#define HG_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The handle: one socket bound to the family. */
struct hg_nl {
	struct nl_sock *sk;
	int family;
	char err[512];
	char extack[512];	/* of the last failed request, "" if none */
	unsigned int groups;	/* HG_NL_GROUP_* joined */
};

/* Lookups in a table of names indexed by value (names.c). */
const char *hg_name(const char *const *names, size_t n, unsigned int i);
int hg_lookup(const char *const *names, size_t n, const char *name);

/* Errors: each sets hg_nl_error() and returns the -errno it is given. */
int hg_fail(struct hg_nl *h, int err, const char *extack, const char *what);
int hg_failf(struct hg_nl *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int hg_hint(struct hg_nl *h, int ret, int err, const char *what,
	    const char *hint);
int hg_fail_lib(struct hg_nl *h, int nlerr, const char *what);
int hg_bad_name(struct hg_nl *h, const char *what, const char *name);

/* Adds a request's attributes; 0 or -errno (-EMSGSIZE when full). */
typedef int (*hg_put_fn)(struct nl_msg *msg, const void *arg);
/* Parses one nested object of a reply into @out; 0 or -errno. */
typedef int (*hg_parse_fn)(struct nlattr *nest, void *out);

struct nl_msg *hg_msg_flags(struct hg_nl *h, uint8_t cmd, int flags);
int hg_exchange(struct hg_nl *h, struct nl_msg *msg, const char *what,
		int (*parse)(struct nlattr **tb, void *arg), void *arg,
		bool *intr);
int hg_request(struct hg_nl *h, uint8_t cmd, const char *what, hg_put_fn put,
	       const void *put_arg, unsigned int attr, hg_parse_fn parse,
	       void *out);

/**
 * struct hg_dump_req - a dump: the request and where its items go
 * @cmd: the command, sent with NLM_F_DUMP
 * @what: what is listed, for the messages
 * @tenant: the tenant the request selects by name, or NULL: checked
 *	first, and named in the message when the kernel does not know it
 * @put: adds the request's attributes, or NULL
 * @put_arg: passed to @put
 * @attr: the top-level attribute of each item
 * @parse: parses an item
 * @release: frees what an item holds, or NULL
 * @size: the size of an item
 */
struct hg_dump_req {
	uint8_t cmd;
	const char *what;
	const char *tenant;
	hg_put_fn put;
	const void *put_arg;
	unsigned int attr;
	hg_parse_fn parse;
	void (*release)(void *item);
	size_t size;
};

int hg_dump(struct hg_nl *h, const struct hg_dump_req *d, void **items,
	    size_t *n);

/* Attribute @type of @tb, 0 when absent; bit @type of *@have when present. */
uint32_t hg_get_u32(struct nlattr **tb, unsigned int type, uint32_t *have);
uint32_t hg_get_u8(struct nlattr **tb, unsigned int type, uint32_t *have);
uint64_t hg_get_u64(struct nlattr **tb, unsigned int type, uint32_t *have);
void hg_get_str(struct nlattr **tb, unsigned int type, char *buf, size_t len,
		uint32_t *have);
int hg_get_strdup(struct nlattr **tb, unsigned int type, size_t max,
		  char **out, uint32_t *have);
int hg_parse_nest(struct nlattr *nest, struct nlattr **tb, unsigned int max,
		  const struct nla_policy *policy, unsigned int need1,
		  unsigned int need2);

/* Policies of the nests of replies (nl_attrs.c). */
extern const struct nla_policy hg_tenant_policy[HASHGUARD_TENANT_A_MAX + 1];
extern const struct nla_policy hg_task_policy[HASHGUARD_TASK_A_MAX + 1];
extern const struct nla_policy hg_approval_policy[HASHGUARD_APPROVAL_A_MAX + 1];
extern const struct nla_policy hg_caller_policy[HASHGUARD_CALLER_A_MAX + 1];

/* Attribute names, to say which attribute of a request the kernel refused. */
struct hg_attr_set {
	const char *const *names;	/* by type */
	size_t n;
	const struct hg_attr_set *const *nests;	/* by type: nested set */
	size_t nnests;
};

/* The top-level attributes, and through them every nest (nl_attrs.c). */
extern const struct hg_attr_set hg_attr_top;

int hg_put_tenant(struct nl_msg *msg, const char *name, const char *cgroup);
int hg_put_tenant_filter(struct nl_msg *msg, const void *arg);

#endif /* HG_NL_INTERNAL_H */
