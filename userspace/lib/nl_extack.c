// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel says about a refused request: the extended-ack message
 * of an error, the path of the attribute it points at, and the sentence
 * for a person that every failed call leaves in hgl_nl_error().
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/netlink.h>

#include "names/names.h"
#include "nl_internal.h"

/* Append ".NAME" (or "NAME" at the start) of @type in @set to @buf. */
static void hg_path_add(char *buf, size_t len, const struct hgl_attr_set *set,
			unsigned int type)
{
	const char *name = hgl_name(set->names, set->n, type);
	size_t used = strlen(buf);

	if (used >= len - 1)
		return;
	if (name)
		snprintf(buf + used, len - used, "%s%s", used ? "." : "", name);
	else
		snprintf(buf + used, len - used, "%s%u", used ? "." : "", type);
}

/*
 * Find the attribute at @offs (from the start of the request) among the
 * attributes at @head (@rem bytes, @base bytes into the request), and
 * append its path to @buf: the innermost attribute that starts there or
 * holds it.  *@nest is set to the names inside that attribute when it
 * is a nest this tool knows.  Return: true if an attribute holds @offs.
 */
static bool hg_path_walk(const struct hgl_attr_set *set,
			 const struct nlattr *head, int rem, size_t base,
			 uint32_t offs, char *buf, size_t len,
			 const struct hgl_attr_set **nest)
{
	const struct nlattr *a = head;

	for (; nla_ok(a, rem); a = nla_next(a, &rem)) {
		size_t start = base + (size_t)((const char *)a -
					       (const char *)head);
		unsigned int type = nla_type(a);
		const struct hgl_attr_set *inner;

		if (offs < start || offs >= start + NLA_ALIGN(a->nla_len))
			continue;
		hg_path_add(buf, len, set, type);
		inner = type < set->nnests ? set->nests[type] : NULL;
		*nest = inner;
		if (offs < start + NLA_HDRLEN || !inner)
			return true;
		hg_path_walk(inner, nla_data(a), nla_len(a),
			     start + NLA_HDRLEN, offs, buf, len, nest);
		return true;
	}
	return false;
}

/* hgl_nl_attr_path(), and the names inside the attribute found. */
static int hg_attr_find(const struct nlmsghdr *req, uint32_t offs, char *buf,
			size_t len, const struct hgl_attr_set **nest)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	*nest = NULL;
	if (!len)
		return 0;
	buf[0] = '\0';
	if (!req || req->nlmsg_len < hdr || offs < hdr ||
	    offs >= req->nlmsg_len)
		return 0;
	return hg_path_walk(&hgl_attr_top,
			    (const struct nlattr *)((const char *)req + hdr),
			    (int)(req->nlmsg_len - hdr), hdr, offs, buf, len,
			    nest);
}

/**
 * hgl_nl_attr_path() - name the attribute at an offset in a request
 * @req: the request as sent: netlink header, genetlink header, attributes
 * @offs: the offset of the attribute from the start of @req, as the
 *	kernel reports it in NLMSGERR_ATTR_OFFS
 * @buf: the path, top-level and nested names joined by '.' as in
 *	"config.sample_hz"; a type this tool does not know is its number
 * @len: size of @buf
 *
 * Return: 1 if @offs falls on (or inside) an attribute, 0 if not.
 */
int hgl_nl_attr_path(const struct nlmsghdr *req, uint32_t offs, char *buf,
		    size_t len)
{
	const struct hgl_attr_set *nest;

	return hg_attr_find(req, offs, buf, len, &nest);
}

/* The extended-ack TLVs of an error or of the NLMSG_DONE of a dump. */
static bool hg_extack_tlvs(const struct nlmsghdr *nlh, struct nlattr **tb)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	/* A dump that failed ends with NLMSG_DONE: errno, then the TLVs. */
	if (nlh->nlmsg_type == NLMSG_DONE)
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len < off)
		return false;
	/* The request is echoed after the header unless it was capped. */
	if (nlh->nlmsg_type != NLMSG_DONE &&
	    !(nlh->nlmsg_flags & NLM_F_CAPPED) && e->error) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len > nlh->nlmsg_len)
			return false;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if (nlh->nlmsg_len <= off)
		return false;
	return nla_parse(tb, NLMSGERR_ATTR_MAX,
			 (struct nlattr *)((char *)nlh + off),
			 nlh->nlmsg_len - off, NULL) >= 0;
}

/* Copy the NLMSGERR_ATTR_MSG text, without a final newline or period. */
static size_t hg_extack_text(struct nlattr *msg_attr, char *buf, size_t len)
{
	const char *msg = nla_data(msg_attr);
	size_t n = strnlen(msg, nla_len(msg_attr));

	if (n >= len)
		n = len - 1;
	memcpy(buf, msg, n);
	buf[n] = '\0';
	/* The kernel's messages do not end in a newline; be sure. */
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '.'))
		buf[--n] = '\0';
	return n;
}

/**
 * hgl_nl_extack_msg() - the extended-ack message of an error
 * @nlh: the NLMSG_ERROR, or the NLMSG_DONE ending a dump, as received
 * @buf: where to copy the message
 * @len: size of @buf
 *
 * Return: 1 if the kernel sent a message (copied to @buf), 0 if not.
 */
int hgl_nl_extack_msg(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!len || !hg_extack_tlvs(nlh, tb) || !tb[NLMSGERR_ATTR_MSG])
		return 0;
	return hg_extack_text(tb[NLMSGERR_ATTR_MSG], buf, len) > 0;
}

static bool hg_tlv_u32(struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) < (int)sizeof(uint32_t))
		return false;
	*v = nla_get_u32(a);
	return true;
}

/* Append " (attribute PATH)" or " (missing attribute PATH)" to @buf. */
static void hg_extack_attrs(struct nlattr **tb, const struct nlmsghdr *req,
			    char *buf, size_t len)
{
	const struct hgl_attr_set *set = &hgl_attr_top, *nest;
	char path[128] = "";
	size_t used = strlen(buf);
	uint32_t off, type;

	if (used >= len - 1)
		return;
	if (hg_tlv_u32(tb[NLMSGERR_ATTR_OFFS], &off) &&
	    hg_attr_find(req, off, path, sizeof(path), &nest)) {
		snprintf(buf + used, len - used,
			 used ? " (attribute %s)" : "invalid attribute %s", path);
		return;
	}
	if (!hg_tlv_u32(tb[NLMSGERR_ATTR_MISS_TYPE], &type))
		return;
	/* Missing from a nest, or at the top level. */
	if (hg_tlv_u32(tb[NLMSGERR_ATTR_MISS_NEST], &off)) {
		if (!hg_attr_find(req, off, path, sizeof(path), &nest) || !nest)
			return;
		set = nest;
	}
	hg_path_add(path, sizeof(path), set, type);
	snprintf(buf + used, len - used,
		 used ? " (missing attribute %s)" : "missing attribute %s", path);
}

/**
 * hgl_nl_extack() - the extended-ack message of an error, and what it is about
 * @nlh: the NLMSG_ERROR, or the NLMSG_DONE ending a dump, as received
 * @req: the request that was sent (to name attributes), or NULL
 * @buf: the message, followed by " (attribute PATH)" when the kernel gave
 *	the offset of the attribute it refused (NLMSGERR_ATTR_OFFS) or
 *	" (missing attribute PATH)" for a required one (see
 *	hgl_nl_attr_path() for PATH)
 * @len: size of @buf
 *
 * Return: 1 if anything was written to @buf, 0 if not.
 */
int hgl_nl_extack(const struct nlmsghdr *nlh, const struct nlmsghdr *req,
		 char *buf, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!hg_extack_tlvs(nlh, tb))
		return 0;
	if (tb[NLMSGERR_ATTR_MSG])
		hg_extack_text(tb[NLMSGERR_ATTR_MSG], buf, len);
	if (req)
		hg_extack_attrs(tb, req, buf, len);
	return buf[0] != '\0';
}

/**
 * hgl_nl_describe() - the message for a failed request
 * @err: negative errno
 * @extack: the kernel's extended-ack message, or NULL
 * @what: what was asked, e.g. "status"
 * @buf: where to write the message
 * @len: size of @buf
 */
void hgl_nl_describe(int err, const char *extack, const char *what,
		    char *buf, size_t len)
{
	if (extack && *extack) {
		snprintf(buf, len, "%s: kernel reports: %s (%s)", what, extack,
			 strerror(-err));
		return;
	}
	switch (-err) {
	case ENOENT:
		snprintf(buf, len,
			 "the hashguard kernel module is not loaded (no generic netlink family \"%s\"); load it with insmod hashguard.ko",
			 HASHGUARD_GENL_NAME);
		break;
	case EPERM:
	case EACCES:
		snprintf(buf, len,
			 "%s: permission denied: hashguard needs CAP_NET_ADMIN (run as root)",
			 what);
		break;
	case EPROTONOSUPPORT:
		snprintf(buf, len,
			 "%s: this kernel has no generic netlink support",
			 what);
		break;
	default:
		snprintf(buf, len, "%s: %s", what, strerror(-err));
		break;
	}
}
