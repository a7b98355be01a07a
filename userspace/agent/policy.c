// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's policy file and the decisions taken from it (see policy.h).
 *
 * The file is parsed with inih, through a reader of our own: inih hands
 * its handler neither line numbers nor sections without keys, so the
 * reader counts the lines (one reader call per line, as inih counts
 * them), sees every section header (an empty [tenant NAME] still names
 * a tenant, and a misspelt empty section is still an error) and refuses
 * lines longer than inih's buffer, which inih would otherwise split into
 * two lines.  Only the first error is kept; inih's own syntax errors come
 * back as the line ini_parse_stream() returns.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "hgnl.h"
#include "policy.h"

#define HG_AUTH_MAX	(sizeof("policy [tenant ]") + HASHGUARD_TENANT_NAME_MAX)

#define HG_KEYS_HINT	"keys: action, grace, quota, enforce_at, grace_memory"
#define HG_ACTION_HINT	"audit, throttle, idle, freeze or kill"
#define HG_GRACE_HINT	"whole seconds, 0 to 86400"
#define HG_QUOTA_HINT	"percent of one CPU, 1 to 100000, e.g. 10%"
#define HG_AT_HINT	"auto, cgroup or tenant"
#define HG_MEMORY_HINT	"whole seconds, 0 to 86400"

_Static_assert(HG_POLICY_GRACE_MAX == 86400,
	       "fix HG_GRACE_HINT and HG_MEMORY_HINT");
_Static_assert(HG_POLICY_QUOTA_MIN == 1 && HG_POLICY_QUOTA_MAX == 100000,
	       "fix HG_QUOTA_HINT");

enum hg_sect {
	HG_SECT_NONE,		/* before the first header */
	HG_SECT_DEFAULT,
	HG_SECT_TENANT,
	HG_SECT_BAD,		/* a refused header: its keys are ignored */
};

static const char *const hg_key_names[] = {
	"action", "grace", "quota", "enforce_at", "grace_memory",
};
static const char *const hg_at_names[] = {
	[HG_ENF_AT_AUTO] = "auto",
	[HG_ENF_AT_CGROUP] = "cgroup",
	[HG_ENF_AT_TENANT] = "tenant",
};
#define HG_NKEYS	(sizeof(hg_key_names) / sizeof(hg_key_names[0]))

/* The state of one parse. */
struct hg_parse {
	/* input: a FILE or a string */
	FILE *f;
	const char *s;
	char *buf;		/* getline()'s */
	size_t bufsz;
	int lineno;		/* lines handed to inih so far */
	int read_errno;		/* reading @f failed */
	bool cont;		/* inih takes the current line as a continuation */
	bool prev_key;		/* ... as a key line came since the header */

	/* what is built */
	struct hg_rule def;
	struct hg_tenant_rule *tenants;
	size_t ntenants, cap;

	/* the current section */
	enum hg_sect sect;
	char header[64];	/* as written between the brackets */
	size_t tenant;		/* index in @tenants for HG_SECT_TENANT */
	int default_line;	/* line of [default], 0 if not seen */
	int key_line[HG_NKEYS];	/* lines of the keys of this section */

	/* the first error */
	int errline;
	char msg[384];
	bool nomem;
};

static void hg_perr(struct hg_parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Keep the first error only, with the line inih is on. */
static void hg_perr(struct hg_parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->errline)
		return;
	p->errline = p->lineno;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
}

static char *hg_lskip(const char *s)
{
	while (*s && isspace((unsigned char)*s))
		s++;
	return (char *)s;
}

/* The header of the current section, for messages: "[tenant acme]". */
static const char *hg_sect_name(const struct hg_parse *p, char *out,
				size_t len)
{
	snprintf(out, len, "[%s]", p->header);
	return out;
}

static int hg_add_tenant(struct hg_parse *p, const char *name)
{
	struct hg_tenant_rule *t;

	if (p->ntenants == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;

		t = realloc(p->tenants, cap * sizeof(*t));
		if (!t) {
			p->nomem = true;
			return -ENOMEM;
		}
		p->tenants = t;
		p->cap = cap;
	}
	t = &p->tenants[p->ntenants];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->line = p->lineno;
	p->tenant = p->ntenants++;
	return 0;
}

/* A section header that inih accepts: @name is what is between [ and ]. */
static void hg_begin_section(struct hg_parse *p, const char *name)
{
	size_t i;

	snprintf(p->header, sizeof(p->header), "%s", name);
	memset(p->key_line, 0, sizeof(p->key_line));
	p->sect = HG_SECT_BAD;

	if (!strcmp(name, "default")) {
		if (p->default_line) {
			hg_perr(p, "[default] given twice (first at line %d)",
				p->default_line);
			return;
		}
		p->default_line = p->lineno;
		p->sect = HG_SECT_DEFAULT;
		return;
	}
	if (strncmp(name, "tenant", 6) || (name[6] && name[6] != ' ')) {
		hg_perr(p, "unknown section [%s] (sections: [default], [tenant NAME])",
			name);
		return;
	}
	name += 6;
	if (!*name || !name[1]) {
		hg_perr(p, "[%s] without a tenant name (write [tenant NAME])",
			p->header);
		return;
	}
	name++;
	if (!hgl_tenant_name_valid(name)) {
		hg_perr(p, "invalid tenant name '%s' in [%s] (1 to %d of A-Z a-z 0-9 _ . -, not starting with . or -, after exactly one space)",
			name, p->header, HASHGUARD_TENANT_NAME_MAX - 1);
		return;
	}
	for (i = 0; i < p->ntenants; i++) {
		if (!strcmp(p->tenants[i].name, name)) {
			hg_perr(p, "[tenant %s] given twice (first at line %d)",
				name, p->tenants[i].line);
			return;
		}
	}
	if (hg_add_tenant(p, name))
		return;
	p->sect = HG_SECT_TENANT;
}

/*
 * Look at a line as inih will (inih 55: comments first, then an indented
 * line after a key continues its value, then a header): follow the
 * headers and tell the handler about continuations.
 */
static void hg_peek_line(struct hg_parse *p, char *line)
{
	char *start = hg_lskip(line), *end, *s;
	bool was_space = false;
	size_t len;

	p->cont = false;
	if (*start == ';' || *start == '#' || !*start)
		return;
	if (start > line && p->prev_key) {
		p->cont = true;
		return;
	}
	if (*start != '[')
		return;
	/* inih's find_chars_or_comment(start + 1, "]") */
	for (end = start + 1; *end && *end != ']'; end++) {
		if (was_space && *end == ';')
			break;
		was_space = isspace((unsigned char)*end);
	}
	if (*end != ']')
		return;		/* inih reports the syntax error */
	p->prev_key = false;
	len = (size_t)(end - start - 1);
	if (len >= sizeof(p->header)) {
		snprintf(p->header, sizeof(p->header), "%.*s...", 40,
			 start + 1);
		p->sect = HG_SECT_BAD;
		hg_perr(p, "unknown section [%s] (sections: [default], [tenant NAME])",
			p->header);
		return;
	}
	*end = '\0';
	hg_begin_section(p, start + 1);
	*end = ']';
	/* inih ignores what follows the ']': we do not. */
	s = hg_lskip(end + 1);
	if (*s && !(*s == ';' && s > end + 1))
		hg_perr(p, "unexpected text after [%s]: '%.*s'", p->header,
			(int)strcspn(s, "\r\n"), s);
}

/*
 * inih's reader: one physical line per call, so that inih's line count
 * is ours.  @num is inih's buffer size (INI_MAX_LINE).
 */
static char *hg_reader(char *str, int num, void *stream)
{
	struct hg_parse *p = stream;
	const char *line;
	size_t len, text;

	if (num < 3)
		return NULL;
	if (p->f) {
		ssize_t n;

		errno = 0;
		n = getline(&p->buf, &p->bufsz, p->f);
		if (n < 0) {
			if (ferror(p->f))
				p->read_errno = errno ? errno : EIO;
			return NULL;
		}
		line = p->buf;
		len = (size_t)n;
	} else {
		const char *nl;

		if (!*p->s)
			return NULL;
		line = p->s;
		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) + 1 : strlen(line);
		p->s += len;
	}
	p->lineno++;

	text = len;
	while (text && (line[text - 1] == '\n' || line[text - 1] == '\r'))
		text--;
	if (text > (size_t)num - 2) {
		const char *c = hg_lskip(line);

		/* inih would split it into two lines: refuse but comments */
		if (*c != '#' && *c != ';')
			hg_perr(p, "line too long (at most %d characters)",
				num - 2);
		p->cont = false;
		snprintf(str, (size_t)num, "\n");
		return str;
	}
	memcpy(str, line, text);
	str[text] = '\n';
	str[text + 1] = '\0';
	/* inih skips a UTF-8 byte order mark on the first line */
	if (p->lineno == 1 && !strncmp(str, "\xef\xbb\xbf", 3))
		hg_peek_line(p, str + 3);
	else
		hg_peek_line(p, str);
	return str;
}

static int hg_parse_uint(const char *s, unsigned int max, unsigned int *out)
{
	unsigned long v = 0;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return -ERANGE;
	}
	*out = (unsigned int)v;
	return 0;
}

/* Parse @value of key @k into @r; 0 or an error recorded. */
static int hg_set_key(struct hg_parse *p, struct hg_rule *r, size_t k,
		      const char *value, const char *sect)
{
	static const char *const hints[HG_NKEYS] = {
		HG_ACTION_HINT, HG_GRACE_HINT, HG_QUOTA_HINT, HG_AT_HINT,
		HG_MEMORY_HINT,
	};
	char num[16];
	unsigned int v;
	size_t len;
	int a;

	if (!*value) {
		hg_perr(p, "empty value for '%s' in %s (%s)", hg_key_names[k],
			sect, hints[k]);
		return -EINVAL;
	}
	switch (k) {
	case 0:
		a = hgl_action_parse(value);
		if (a < HASHGUARD_ACTION_AUDIT || a > HASHGUARD_ACTION_KILL) {
			if (a > HASHGUARD_ACTION_KILL)
				hg_perr(p, "bad action '%s' in %s (%s is not a "
					"policy action; " HG_ACTION_HINT ")",
					value, sect, value);
			else
				hg_perr(p, "bad action '%s' in %s ("
					HG_ACTION_HINT ")", value, sect);
			return -EINVAL;
		}
		r->action = (unsigned int)a;
		break;
	case 1:
	case 4:
		/* grace and grace_memory: seconds, the same range */
		if (hg_parse_uint(value, HG_POLICY_GRACE_MAX, &v))
			goto bad;
		*(k == 1 ? &r->grace : &r->memory) = v;
		break;
	case 3:
		for (v = 0; v < sizeof(hg_at_names) / sizeof(hg_at_names[0]);
		     v++)
			if (!strcmp(value, hg_at_names[v]))
				break;
		if (v == sizeof(hg_at_names) / sizeof(hg_at_names[0]))
			goto bad;
		r->at = v;
		break;
	default:
		len = strlen(value);
		if (len && value[len - 1] == '%')
			len--;
		if (len >= sizeof(num))
			goto bad;
		memcpy(num, value, len);
		num[len] = '\0';
		if (hg_parse_uint(num, HG_POLICY_QUOTA_MAX, &v) ||
		    v < HG_POLICY_QUOTA_MIN)
			goto bad;
		r->quota = v;
		break;
	}
	r->set |= 1U << k;
	return 0;
bad:
	hg_perr(p, "bad %s '%s' in %s (%s)", hg_key_names[k], value, sect,
		hints[k]);
	return -EINVAL;
}

static int hg_handler(void *user, const char *section, const char *name,
		      const char *value)
{
	struct hg_parse *p = user;
	struct hg_rule *r;
	char sect[80];
	size_t k;

	p->prev_key = *name != '\0';
	if (p->sect == HG_SECT_NONE) {
		hg_perr(p, "key '%s' outside any section (put it under [default] or [tenant NAME])",
			name);
		return 0;
	}
	if (p->sect == HG_SECT_BAD)
		return 1;	/* the header was refused, and said so */
	if (strcmp(section, p->header)) {
		/* the reader and inih disagree: should not happen */
		hg_perr(p, "syntax error (expected [section] or key = value)");
		return 0;
	}
	hg_sect_name(p, sect, sizeof(sect));
	for (k = 0; k < HG_NKEYS; k++)
		if (!strcmp(name, hg_key_names[k]))
			break;
	if (p->cont) {
		/* before the key check: inih repeats the key above */
		hg_perr(p, "indented line continues the value of '%s' in %s (a value takes one line: do not indent keys or values)",
			name, sect);
		return 0;
	}
	if (k == HG_NKEYS) {
		hg_perr(p, "unknown key '%s' in %s (" HG_KEYS_HINT ")", name,
			sect);
		return 0;
	}
	if (p->key_line[k]) {
		hg_perr(p, "'%s' given twice in %s (first at line %d)", name,
			sect, p->key_line[k]);
		return 0;
	}
	p->key_line[k] = p->lineno;
	r = p->sect == HG_SECT_DEFAULT ? &p->def : &p->tenants[p->tenant].rule;
	return hg_set_key(p, r, k, value, sect) ? 0 : 1;
}

static void hg_parse_free(struct hg_parse *p)
{
	free(p->buf);
	free(p->tenants);
}

/*
 * The tenants go to one block, followed by their authority strings
 * ("policy [tenant NAME]"), so that hg_policy_rule() can return a string
 * that lives as long as the policy without a field of its own.
 */
static char *hg_auth(const struct hg_policy *pol, size_t i)
{
	return (char *)(pol->tenants + pol->ntenants) + i * HG_AUTH_MAX;
}

/* Run inih on @p; on success move the result to @pol. */
static int hg_policy_run(struct hg_parse *p, const char *name,
			 const char *path, struct hg_policy *pol, char *err,
			 size_t errlen)
{
	struct hg_tenant_rule *t = NULL;
	struct hg_policy tmp;
	size_t i;
	int ret;

	ret = ini_parse_stream(hg_reader, p, hg_handler, p);
	if (p->read_errno) {
		snprintf(err, errlen, "cannot read %s: %s", name,
			 strerror(p->read_errno));
		ret = -p->read_errno;
		goto out;
	}
	if (p->nomem || ret == -2) {
		snprintf(err, errlen, "%s: out of memory", name);
		ret = -ENOMEM;
		goto out;
	}
	if (ret > 0 && (!p->errline || ret < p->errline)) {
		snprintf(err, errlen,
			 "%s:%d: syntax error (expected [section] or key = value)",
			 name, ret);
		ret = -EINVAL;
		goto out;
	}
	if (p->errline) {
		snprintf(err, errlen, "%s:%d: %s", name, p->errline, p->msg);
		ret = -EINVAL;
		goto out;
	}
	if (ret) {
		snprintf(err, errlen, "%s: cannot parse (inih error %d)", name,
			 ret);
		ret = -EINVAL;
		goto out;
	}

	if (p->ntenants) {
		t = malloc(p->ntenants * (sizeof(*t) + HG_AUTH_MAX));
		if (!t) {
			snprintf(err, errlen, "%s: out of memory", name);
			ret = -ENOMEM;
			goto out;
		}
		memcpy(t, p->tenants, p->ntenants * sizeof(*t));
	}
	memset(&tmp, 0, sizeof(tmp));
	snprintf(tmp.path, sizeof(tmp.path), "%s", path);
	tmp.def = p->def;
	tmp.tenants = t;
	tmp.ntenants = p->ntenants;
	for (i = 0; i < tmp.ntenants; i++)
		snprintf(hg_auth(&tmp, i), HG_AUTH_MAX, "policy [tenant %s]",
			 t[i].name);

	hg_policy_free(pol);
	*pol = tmp;
	if (errlen)
		err[0] = '\0';
	ret = 0;
out:
	hg_parse_free(p);
	return ret;
}

/**
 * hg_policy_load() - read a policy file
 * @path: the file
 * @pol: the policy, replaced on success (and freed first), untouched on
 *	error; zero it (or load it) before the first call
 * @err: the message on error: "cannot open FILE: REASON" or
 *	"FILE:LINE: what is wrong (what is allowed)"
 * @errlen: size of @err
 *
 * Return: 0, -EINVAL for a bad file, -ENOMEM or the errno of opening it.
 */
int hg_policy_load(const char *path, struct hg_policy *pol,
		   char *err, size_t errlen)
{
	struct hg_parse p = { 0 };
	int ret;

	p.f = fopen(path, "re");
	if (!p.f) {
		ret = -errno;
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	ret = hg_policy_run(&p, path, path, pol, err, errlen);
	fclose(p.f);
	return ret;
}

/**
 * hg_policy_parse() - read a policy from a string
 * @text: the file's text
 * @name: what to call it in @err ("<string>" if NULL)
 * @pol: as for hg_policy_load(); its path becomes ""
 * @err: the message on error, "NAME:LINE: ..."
 * @errlen: size of @err
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int hg_policy_parse(const char *text, const char *name,
		    struct hg_policy *pol, char *err, size_t errlen)
{
	struct hg_parse p = { 0 };

	p.s = text ? text : "";
	return hg_policy_run(&p, name ? name : "<string>", "", pol, err,
			     errlen);
}

/**
 * hg_policy_free() - free a policy's tenants and zero it
 * @pol: the policy (a zeroed one is fine)
 *
 * The tenant array is one block with the authority strings: never
 * realloc() it.
 */
void hg_policy_free(struct hg_policy *pol)
{
	free(pol->tenants);
	memset(pol, 0, sizeof(*pol));
}

/* [default] with the built-in values for the keys it leaves out. */
static void hg_policy_default(const struct hg_policy *pol,
			      struct hg_rule *out)
{
	const struct hg_rule *d = &pol->def;

	out->action = d->set & HG_RULE_ACTION ? d->action :
		      HG_POLICY_ACTION_DEFAULT;
	out->grace = d->set & HG_RULE_GRACE ? d->grace :
		     HG_POLICY_GRACE_DEFAULT;
	out->quota = d->set & HG_RULE_QUOTA ? d->quota :
		     HG_POLICY_QUOTA_DEFAULT;
	out->at = d->set & HG_RULE_AT ? d->at : HG_POLICY_AT_DEFAULT;
	out->memory = d->set & HG_RULE_MEMORY ? d->memory :
		      HG_POLICY_MEMORY_DEFAULT;
	out->set = HG_RULE_ACTION | HG_RULE_GRACE | HG_RULE_QUOTA |
		   HG_RULE_AT | HG_RULE_MEMORY;
}

static const struct hg_tenant_rule *hg_policy_find(const struct hg_policy *pol,
						   const char *tenant,
						   size_t *idx)
{
	size_t i;

	for (i = 0; tenant && i < pol->ntenants; i++) {
		if (!strcmp(pol->tenants[i].name, tenant)) {
			*idx = i;
			return &pol->tenants[i];
		}
	}
	return NULL;
}

/**
 * hg_policy_rule() - the rule for a tenant, every key resolved
 * @pol: the policy
 * @tenant: the tenant's name ("host" for the host tenant)
 * @out: the rule; its @set has every key (all are resolved)
 *
 * The keys the tenant's [tenant NAME] section sets win, the others come
 * from [default], whose missing keys take the built-in values.  The host
 * tenant takes action = audit unless [tenant host] sets its action.
 *
 * Return: the authority: "policy [tenant NAME]" (owned by @pol) when the
 * tenant has a section (the host's only if it sets action), "policy host
 * default" for the host otherwise, else "policy [default]".
 */
const char *hg_policy_rule(const struct hg_policy *pol, const char *tenant,
			   struct hg_rule *out)
{
	const struct hg_tenant_rule *t;
	bool host = tenant && !strcmp(tenant, "host");
	size_t i = 0;

	hg_policy_default(pol, out);
	t = hg_policy_find(pol, tenant, &i);
	if (t) {
		if (t->rule.set & HG_RULE_ACTION)
			out->action = t->rule.action;
		if (t->rule.set & HG_RULE_GRACE)
			out->grace = t->rule.grace;
		if (t->rule.set & HG_RULE_QUOTA)
			out->quota = t->rule.quota;
		if (t->rule.set & HG_RULE_AT)
			out->at = t->rule.at;
		if (t->rule.set & HG_RULE_MEMORY)
			out->memory = t->rule.memory;
	}
	if (host && (!t || !(t->rule.set & HG_RULE_ACTION))) {
		out->action = HASHGUARD_ACTION_AUDIT;
		return "policy host default";
	}
	return t ? hg_auth(pol, i) : "policy [default]";
}

static void hg_print_key(FILE *f, const struct hg_rule *r, unsigned int bit,
			 const struct hg_rule *from, const char *where)
{
	const struct hg_rule *v = r->set & bit ? r : from;
	const char *pre = r->set & bit ? "" : "# ";
	const char *post = r->set & bit ? "" : where;

	if (bit == HG_RULE_ACTION)
		fprintf(f, "%saction = %s%s\n", pre, hgl_action_name(v->action),
			post);
	else if (bit == HG_RULE_GRACE)
		fprintf(f, "%sgrace = %u%s\n", pre, v->grace, post);
	else if (bit == HG_RULE_AT)
		fprintf(f, "%senforce_at = %s%s\n", pre, hg_at_names[v->at],
			post);
	else if (bit == HG_RULE_MEMORY)
		fprintf(f, "%sgrace_memory = %u%s\n", pre, v->memory, post);
	else
		fprintf(f, "%squota = %u%%%s\n", pre, v->quota, post);
}

/**
 * hg_policy_print() - write a policy back as a file
 * @pol: the policy
 * @f: where to
 *
 * [default] comes out with every key (the built-in values included), each
 * tenant with the keys its section sets and, as comments, the values it
 * inherits; the output parses back to the same rules.
 */
void hg_policy_print(const struct hg_policy *pol, FILE *f)
{
	static const unsigned int bits[] = {
		HG_RULE_ACTION, HG_RULE_GRACE, HG_RULE_QUOTA, HG_RULE_AT,
		HG_RULE_MEMORY,
	};
	const struct hg_tenant_rule *host;
	struct hg_rule def, eff;
	size_t i, j;

	hg_policy_default(pol, &def);
	fprintf(f, "# hashguardd policy%s%s: inherited keys as comments\n",
		pol->path[0] ? " from " : "", pol->path);
	fprintf(f, "\n[default]\n");
	for (j = 0; j < HG_NKEYS; j++)
		hg_print_key(f, &def, bits[j], &def, "");

	host = hg_policy_find(pol, "host", &i);
	if (!host || !(host->rule.set & HG_RULE_ACTION))
		fprintf(f, "\n# The host tenant: action = audit (the host default)%s\n",
			host ? "" : ", the other keys from [default]");

	for (i = 0; i < pol->ntenants; i++) {
		const struct hg_tenant_rule *t = &pol->tenants[i];

		hg_policy_rule(pol, t->name, &eff);
		fprintf(f, "\n[tenant %s]\n", t->name);
		for (j = 0; j < HG_NKEYS; j++)
			hg_print_key(f, &t->rule, bits[j], &eff,
				     bits[j] == HG_RULE_ACTION &&
				     !strcmp(t->name, "host") ?
				     "\t(host default)" : "\t(from [default])");
	}
}

struct hg_grace_ent {
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char cgroup[HASHGUARD_CGROUP_PATH_MAX];
	uint64_t first;
	uint64_t last;
};

static struct hg_grace_ent *hg_grace_find(struct hg_grace_mem *m,
					  const char *tenant,
					  const char *cgroup)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(m->ent[i].tenant, tenant) &&
		    !strcmp(m->ent[i].cgroup, cgroup))
			return &m->ent[i];
	return NULL;
}

/* Forget the entries last flagged more than @memory seconds before @now. */
static void hg_grace_prune(struct hg_grace_mem *m, uint64_t now,
			   unsigned int memory)
{
	size_t i = 0;

	while (i < m->n) {
		if (m->ent[i].last + memory < now)
			m->ent[i] = m->ent[--m->n];
		else
			i++;
	}
}

/**
 * hg_grace_since() - when the grace of a process just flagged starts
 * @m: the memory
 * @tenant: its tenant
 * @cgroup: its cgroup
 * @flagged: when it was flagged, seconds since the epoch
 * @now: now
 * @memory: the rule's grace_memory; 0: every process on its own
 *
 * Return: the first flag of @cgroup in @tenant if the cgroup had a flag
 * no more than @memory seconds before @flagged (the workers of a relay
 * share one grace), else @flagged (and the cgroup is remembered from it).
 */
uint64_t hg_grace_since(struct hg_grace_mem *m, const char *tenant,
			const char *cgroup, uint64_t flagged, uint64_t now,
			unsigned int memory)
{
	struct hg_grace_ent *e;
	size_t i, old;

	if (!memory || !cgroup || !*cgroup)
		return flagged;
	hg_grace_prune(m, now, memory);
	e = hg_grace_find(m, tenant, cgroup);
	if (e && e->last + memory >= flagged) {
		if (flagged > e->last)
			e->last = flagged;
		return e->first < flagged ? e->first : flagged;
	}
	if (!e && m->n == m->cap) {
		if (m->cap < HG_GRACE_MEM_MAX) {
			size_t cap = m->cap ? m->cap * 2 : 16;
			struct hg_grace_ent *v;

			v = realloc(m->ent, cap * sizeof(*v));
			if (!v)
				return flagged;
			m->ent = v;
			m->cap = cap;
		} else {
			for (old = 0, i = 1; i < m->n; i++)
				if (m->ent[i].last < m->ent[old].last)
					old = i;
			m->ent[old] = m->ent[--m->n];
		}
	}
	if (!e) {
		e = &m->ent[m->n++];
		snprintf(e->tenant, sizeof(e->tenant), "%s", tenant);
		snprintf(e->cgroup, sizeof(e->cgroup), "%s", cgroup);
	}
	e->first = flagged;
	e->last = flagged;
	return flagged;
}

/**
 * hg_grace_touch() - a process of @cgroup is still flagged at @now
 * @m: the memory
 * @tenant: its tenant
 * @cgroup: its cgroup
 * @now: now
 *
 * The memory counts from the last time a flagged process was seen there.
 */
void hg_grace_touch(struct hg_grace_mem *m, const char *tenant,
		    const char *cgroup, uint64_t now)
{
	struct hg_grace_ent *e = cgroup ? hg_grace_find(m, tenant, cgroup) :
				 NULL;

	if (e && now > e->last)
		e->last = now;
}

void hg_grace_mem_free(struct hg_grace_mem *m)
{
	free(m->ent);
	memset(m, 0, sizeof(*m));
}

/**
 * hg_action_liftable() - whether an action leaves something to lift
 * @action: enum hashguard_action
 *
 * Return: true for throttle, idle and freeze.
 */
bool hg_action_liftable(unsigned int action)
{
	return action == HASHGUARD_ACTION_THROTTLE ||
	       action == HASHGUARD_ACTION_IDLE ||
	       action == HASHGUARD_ACTION_FREEZE;
}

/*
 * Cleared by the enforcement, not by a change of ways: too few samples
 * since the action was verified to have been judged; or a last window
 * that still scored warm or hot but on too few samples to count (the
 * module takes such a window as cold: a throttled miner hashes on,
 * slowly).
 */
static bool hg_starved(const struct hg_view *v)
{
	if (v->samples < v->samples_at ||
	    v->samples - v->samples_at <
	    (uint64_t)v->min_samples * v->clear_windows)
		return true;
	return v->win_samples < v->min_samples && v->clear_threshold &&
	       v->win_score >= v->clear_threshold;
}

/**
 * hg_decide() - what to do about one process now
 * @rule: its tenant's rule, resolved (hg_policy_rule())
 * @v: what is known of it
 * @now: the time, seconds since the epoch
 * @when: set for HG_DECIDE_WAIT: when to decide again (may be NULL)
 *
 * With an action in force (@v->acted): lift a liftable one when the
 * process is gone or an approval now covers it; when the rule's action
 * differs, lift a liftable one (the caller then decides again with
 * @acted false), upgrade an audit of a flagged process (its grace was
 * served), leave a kill; once the process is cleared, lift a throttle
 * or an idle, unless the process had too few samples since it was taken
 * to have been judged (min_samples * clear_windows), or its last window
 * scored at or above the clear threshold on fewer than min_samples
 * samples (it still hashes, slowed down): then keep it; keep
 * a freeze (the samples a frozen process shows are stragglers).
 * Otherwise an uncovered flagged process waits out its grace from
 * @v->since, then is acted on.
 *
 * Return: the decision.
 */
enum hg_decision hg_decide(const struct hg_rule *rule, const struct hg_view *v,
			   uint64_t now, uint64_t *when)
{
	bool liftable;

	if (v->acted) {
		liftable = hg_action_liftable(v->enforced);
		if (v->gone || v->covered)
			return liftable ? HG_DECIDE_LIFT : HG_DECIDE_NONE;
		if (rule->action != v->enforced) {
			if (liftable)
				return HG_DECIDE_LIFT;
			if (v->enforced == HASHGUARD_ACTION_AUDIT &&
			    v->state == HASHGUARD_STATE_FLAGGED)
				return HG_DECIDE_ACT;
			return HG_DECIDE_NONE;
		}
		if (v->state == HASHGUARD_STATE_CLEARED ||
		    v->state == HASHGUARD_STATE_NORMAL) {
			if (!liftable)
				return HG_DECIDE_NONE;
			/* A frozen process cannot run, so cannot reform. */
			if (v->enforced == HASHGUARD_ACTION_FREEZE ||
			    hg_starved(v))
				return HG_DECIDE_KEEP;
			return HG_DECIDE_LIFT;
		}
		return HG_DECIDE_NONE;
	}
	if (v->gone || v->covered || v->state != HASHGUARD_STATE_FLAGGED)
		return HG_DECIDE_NONE;
	if (now < v->since + rule->grace) {
		if (when)
			*when = v->since + rule->grace;
		return HG_DECIDE_WAIT;
	}
	return HG_DECIDE_ACT;
}

/**
 * hg_decision_name() - the name of a decision, for logs
 * @d: the decision
 *
 * Return: "none", "wait", "act", "lift" or "keep"; "?" if unknown.
 */
const char *hg_decision_name(enum hg_decision d)
{
	switch (d) {
	case HG_DECIDE_NONE:
		return "none";
	case HG_DECIDE_WAIT:
		return "wait";
	case HG_DECIDE_ACT:
		return "act";
	case HG_DECIDE_LIFT:
		return "lift";
	case HG_DECIDE_KEEP:
		return "keep";
	}
	return "?";
}
