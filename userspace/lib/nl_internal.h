/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the netlink half of the library, shared by its files and by no
 * one else (the tools use hgnl.h): the handle, the request machinery of
 * nl_sock.c and the attribute helpers of the per-object calls.
 *
 *   names.c      stable names (from kmod/names/) and validity rules
 *   nl_attrs.c   the tables: reply policies, attribute names
 *   nl_extack.c  extended-ack and attribute-path decoding
 *   nl_sock.c    the handle, errors, requests, dumps, the status
 *   nl_config.c, nl_tenant.c, nl_task.c, nl_approval.c, nl_action.c
 *                one object kind each: its parser and its calls
 *   nl_monitor.c multicast subscription, notifications, dispatch
 */
#ifndef HGL_NL_INTERNAL_H
#define HGL_NL_INTERNAL_H

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "hgnl.h"

#define HGL_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The handle: one socket bound to the family. */
struct hgl_nl {
	struct nl_sock *sk;
	int family;
	char err[512];
	char extack[512];	/* of the last failed request, "" if none */
	unsigned int groups;	/* HGL_NL_GROUP_* joined */
};

/* Lookups in a table of names indexed by value (names.c). */
const char *hgl_name(const char *const *names, size_t n, unsigned int i);
int hgl_lookup(const char *const *names, size_t n, const char *name);

/* Errors: each sets hgl_nl_error() and returns the -errno it is given. */
int hgl_fail(struct hgl_nl *h, int err, const char *extack, const char *what);
int hgl_failf(struct hgl_nl *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int hgl_hint(struct hgl_nl *h, int ret, int err, const char *what,
	    const char *hint);
int hgl_fail_lib(struct hgl_nl *h, int nlerr, const char *what);
int hgl_bad_name(struct hgl_nl *h, const char *what, const char *name);

/* Adds a request's attributes; 0 or -errno (-EMSGSIZE when full). */
typedef int (*hgl_put_fn)(struct nl_msg *msg, const void *arg);
/* Parses one nested object of a reply into @out; 0 or -errno. */
typedef int (*hgl_parse_fn)(struct nlattr *nest, void *out);

struct nl_msg *hgl_msg_flags(struct hgl_nl *h, uint8_t cmd, int flags);
int hgl_exchange(struct hgl_nl *h, struct nl_msg *msg, const char *what,
		int (*parse)(struct nlattr **tb, void *arg), void *arg,
		bool *intr);
int hgl_request(struct hgl_nl *h, uint8_t cmd, const char *what, hgl_put_fn put,
	       const void *put_arg, unsigned int attr, hgl_parse_fn parse,
	       void *out);

/**
 * struct hgl_dump_req - a dump: the request and where its items go
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
struct hgl_dump_req {
	uint8_t cmd;
	const char *what;
	const char *tenant;
	hgl_put_fn put;
	const void *put_arg;
	unsigned int attr;
	hgl_parse_fn parse;
	void (*release)(void *item);
	size_t size;
};

int hgl_dump(struct hgl_nl *h, const struct hgl_dump_req *d, void **items,
	    size_t *n);

/* Attribute @type of @tb, 0 when absent; bit @type of *@have when present. */
uint32_t hgl_get_u32(struct nlattr **tb, unsigned int type, uint32_t *have);
uint32_t hgl_get_u8(struct nlattr **tb, unsigned int type, uint32_t *have);
uint64_t hgl_get_u64(struct nlattr **tb, unsigned int type, uint32_t *have);
void hgl_get_str(struct nlattr **tb, unsigned int type, char *buf, size_t len,
		uint32_t *have);
int hgl_get_strdup(struct nlattr **tb, unsigned int type, size_t max,
		  char **out, uint32_t *have);
int hgl_parse_nest(struct nlattr *nest, struct nlattr **tb, unsigned int max,
		  const struct nla_policy *policy, unsigned int need1,
		  unsigned int need2);

/* Policies of the nests of replies (nl_attrs.c). */
extern const struct nla_policy hgl_tenant_policy[HASHGUARD_TENANT_A_MAX + 1];
extern const struct nla_policy hgl_task_policy[HASHGUARD_TASK_A_MAX + 1];
extern const struct nla_policy hgl_approval_policy[HASHGUARD_APPROVAL_A_MAX + 1];
extern const struct nla_policy hgl_caller_policy[HASHGUARD_CALLER_A_MAX + 1];

/* Attribute names, to say which attribute of a request the kernel refused. */
struct hgl_attr_set {
	const char *const *names;	/* by type */
	size_t n;
	const struct hgl_attr_set *const *nests;	/* by type: nested set */
	size_t nnests;
};

/* The top-level attributes, and through them every nest (nl_attrs.c). */
extern const struct hgl_attr_set hgl_attr_top;

int hgl_put_tenant(struct nl_msg *msg, const char *name, const char *cgroup);
int hgl_put_tenant_filter(struct nl_msg *msg, const void *arg);

#endif /* HGL_NL_INTERNAL_H */
