// SPDX-License-Identifier: GPL-2.0
/*
 * ynl-check: check that a YNL netlink spec (genetlink / genetlink-c) and
 * the uapi header it describes agree.
 *
 *   ynl-check SPEC HEADER OUT.c
 *
 * From the spec it derives every C name the YNL C code generator would
 * render (enumerators of the attribute sets, value enums and commands,
 * their MAX and count members, the constants, the family and multicast
 * group defines) with the value the spec gives it.  It then checks, on
 * the text of the header:
 *
 *   spec-refs      the spec's own references resolve (sets, attributes,
 *                  enums, groups, operations) and no C name is derived twice
 *   names          every derived name exists in the header
 *   enum-types     each derived enumerator sits in the header enum the
 *                  spec names (enum-name)
 *   header-enums   every enum hashguard_* of the header, and each of its
 *                  enumerators, is derived from the spec
 *   header-defines every #define HASHGUARD_* of the header is derived
 *   attr-types     the type the header's kernel-doc gives each attribute
 *                  (u8/u32/u64/string/flag/nested &enum X/padding/unused)
 *                  matches the spec's type, nested set and enum
 *   attr-ranges    the header's documented ranges "(MIN-MAX" (or "at
 *                  least MIN") match the
 *                  spec's checks min/max
 *
 * and writes OUT.c, a program to build against the header that compares
 * the values (groups values, constants, check-exprs).  Exit status: 0 all
 * agree, 1 disagreement, 2 usage or unreadable input.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __printf(a, b) __attribute__((format(printf, a, b)))

/* ---- small helpers ---------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("ynl-check");
		exit(2);
	}
	return p;
}

static __printf(1, 2) char *fmt(const char *f, ...);
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, f);
	r = vasprintf(&s, f, ap);
	va_end(ap);
	if (r < 0) {
		perror("ynl-check");
		exit(2);
	}
	return s;
}

/* YNL's c_upper() of a + b: upper case, '-' becomes '_' */
static char *c_upper(const char *a, const char *b)
{
	char *s = fmt("%s%s", a, b);

	for (char *p = s; *p; p++)
		*p = *p == '-' ? '_' : toupper((unsigned char)*p);
	return s;
}

static char *c_lower(const char *a, const char *b)
{
	char *s = fmt("%s%s", a, b);

	for (char *p = s; *p; p++)
		*p = *p == '-' ? '_' : tolower((unsigned char)*p);
	return s;
}

static bool to_ll(const char *s, long long *v)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtoll(s, &end, 0);
	return !errno && !*end;
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A growable array of pointers. */
struct vec {
	void **v;
	size_t n, cap;
};

static void *push(struct vec *a, void *p)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = p;
	return p;
}

static void vec_free(struct vec *a, void (*fn)(void *))
{
	for (size_t i = 0; i < a->n; i++)
		fn(a->v[i]);
	free(a->v);
}

static struct vec strs;		/* strings to free at exit */

static char *keep(char *s)
{
	return push(&strs, s);
}

/* ---- check groups ----------------------------------------------------- */

static struct vec problems;	/* messages of the current group */
static int failed_groups;

static __printf(1, 2) void problem(const char *f, ...);
static void problem(const char *f, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, f);
	r = vasprintf(&s, f, ap);
	va_end(ap);
	if (r < 0)
		exit(2);
	push(&problems, s);
}

static void group_end(const char *group, const char *okmsg)
{
	if (!problems.n) {
		printf("ok   %-15s %s\n", group, okmsg);
	} else {
		printf("FAIL %-15s %zu disagreement%s\n", group, problems.n,
		       problems.n > 1 ? "s" : "");
		for (size_t i = 0; i < problems.n; i++)
			printf("       - %s\n", (char *)problems.v[i]);
		failed_groups++;
	}
	for (size_t i = 0; i < problems.n; i++)
		free(problems.v[i]);
	problems.n = 0;
}

/* ---- YAML access ------------------------------------------------------ */

static yaml_document_t doc;

static yaml_node_t *get(yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((char *)k->data.scalar.value, key))
			return yaml_document_get_node(&doc, p->value);
	}
	return NULL;
}

static const char *str(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (char *)n->data.scalar.value : NULL;
}

static const char *sget(yaml_node_t *map, const char *key)
{
	return str(get(map, key));
}

static size_t seq_len(yaml_node_t *n)
{
	return n && n->type == YAML_SEQUENCE_NODE ?
		(size_t)(n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

static yaml_node_t *seq_at(yaml_node_t *n, size_t i)
{
	return yaml_document_get_node(&doc, n->data.sequence.items.start[i]);
}

/* the item of a sequence of mappings whose "name" is @name */
static yaml_node_t *find_named(yaml_node_t *seq, const char *name)
{
	for (size_t i = 0; name && i < seq_len(seq); i++) {
		const char *n = sget(seq_at(seq, i), "name");

		if (n && !strcmp(n, name))
			return seq_at(seq, i);
	}
	return NULL;
}

static bool is_true(const char *s)
{
	return s && (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes"));
}

/* ---- what the spec derives -------------------------------------------- */

enum kind { K_ENUMERATOR, K_DEFINE_INT, K_DEFINE_STR, K_EXPR };

struct name {
	char *cname;		/* C name; for K_EXPR a label */
	char *where;		/* where in the spec */
	const char *enum_c;	/* C enum an enumerator belongs to, or NULL */
	enum kind kind;
	long long val;
	char *sval;		/* string value, or C expression */
	bool in_header;
	bool optional;		/* implied by YNL rules; the header may omit it */
};

struct attr {
	char *cname;
	const char *set;
	const char *type, *nest, *enum_ref;
	yaml_node_t *checks;
};

static struct vec names, attrs;
static yaml_node_t *root, *defs, *sets, *ops, *groups;
static const char *family;
static const char *fam_;		/* "family-" */

static void free_name(void *p)
{
	struct name *n = p;

	free(n->cname);
	free(n->where);
	free(n->sval);
	free(n);
}

static void free_attr(void *p)
{
	free(((struct attr *)p)->cname);
	free(p);
}

static void add_name(enum kind k, char *cname, char *where, const char *enum_c,
		     long long val, const char *sval)
{
	struct name *n = xrealloc(NULL, sizeof(*n));

	for (size_t i = 0; k != K_EXPR && i < names.n; i++)
		if (!strcmp(((struct name *)names.v[i])->cname, cname))
			problem("%s: C name %s is already derived by %s", where,
				cname, ((struct name *)names.v[i])->where);
	*n = (struct name){ cname, where, enum_c, k, val,
			    sval ? strdup(sval) : NULL, false, false };
	push(&names, n);
}

/* enum-name: absent gives @dflt, empty or null gives an anonymous enum */
static const char *enum_name(yaml_node_t *map, const char *dflt)
{
	const char *s = sget(map, "enum-name");

	if (!get(map, "enum-name"))
		return dflt;
	if (!s || !*s || !strcmp(s, "~") || !strcmp(s, "null"))
		return NULL;
	return s;
}

/* the MAX and count members rendered after the last value */
static void add_max(const char *pfx, const char *max, const char *cnt,
		    const char *where, const char *enum_c, long long last)
{
	char *m = max ? c_upper(max, "") : c_upper(pfx, "max");

	add_name(K_ENUMERATOR, m, fmt("%s (max)", where), enum_c, last, NULL);
	add_name(K_ENUMERATOR, cnt ? c_upper(cnt, "") : c_upper("__", m),
		 fmt("%s (count)", where), enum_c, last + 1, NULL);
}

/* value of an entry: explicit "value:", else one more than the last */
static long long next_value(yaml_node_t *item, long long dflt, const char *where)
{
	const char *v = sget(item, "value");
	long long x;

	if (!v)
		return dflt;
	if (!to_ll(v, &x))
		problem("%s: value \"%s\" is not an integer", where, v);
	return to_ll(v, &x) ? x : dflt;
}

static void walk_definitions(void)
{
	for (size_t i = 0; i < seq_len(defs); i++) {
		yaml_node_t *d = seq_at(defs, i), *ents = get(d, "entries");
		const char *type = sget(d, "type"), *nm = sget(d, "name");
		const char *pfx, *ec, *v;
		bool flags = type && !strcmp(type, "flags");
		long long val, x, mask;

		if (!type || !nm) {
			problem("definitions[%zu]: no type or name", i);
			continue;
		}
		if (!strcmp(type, "const")) {
			v = sget(d, "value");
			if (!v)
				problem("definitions/%s: const without a value", nm);
			else if (to_ll(v, &x))
				add_name(K_DEFINE_INT, c_upper(fam_, nm),
					 fmt("definitions/%s", nm), NULL, x, NULL);
			else
				add_name(K_DEFINE_STR, c_upper(fam_, nm),
					 fmt("definitions/%s", nm), NULL, 0, v);
			continue;
		}
		if (strcmp(type, "enum") && !flags) {
			problem("definitions/%s: unknown type %s", nm, type);
			continue;
		}
		pfx = sget(d, "name-prefix");
		if (!pfx)
			pfx = keep(fmt("%s-%s-", family, nm));
		ec = enum_name(d, keep(c_lower(fam_, nm)));
		val = 0;
		mask = 0;
		if (sget(d, "value-start") && !to_ll(sget(d, "value-start"), &val))
			problem("definitions/%s: bad value-start", nm);
		for (size_t j = 0; j < seq_len(ents); j++) {
			yaml_node_t *e = seq_at(ents, j);
			const char *en = str(e) ? str(e) : sget(e, "name");
			char *where = fmt("definitions/%s/%s", nm, en ? en : "?");

			if (!en) {
				problem("%s: entry without a name", where);
				free(where);
				continue;
			}
			if (flags)
				val = 1LL << j;
			val = next_value(e, val, where);
			add_name(K_ENUMERATOR, c_upper(pfx, en), where, ec, val, NULL);
			mask |= val;
			val++;
		}
		/* YNL renders PREFIX_MASK, every flag, for flags. */
		if (is_true(sget(d, "render-max")) && flags)
			add_name(K_ENUMERATOR, c_upper(pfx, "mask"),
				 fmt("definitions/%s (mask)", nm), ec, mask, NULL);
		else if (is_true(sget(d, "render-max")))
			add_max(pfx, NULL, sget(d, "enum-cnt-name"),
				keep(fmt("definitions/%s", nm)), ec, val - 1);
	}
}

static void walk_attribute_sets(void)
{
	for (size_t i = 0; i < seq_len(sets); i++) {
		yaml_node_t *s = seq_at(sets, i), *list = get(s, "attributes");
		const char *nm = sget(s, "name"), *pfx, *ec;
		char *where = NULL;
		long long val = 1;

		if (!nm) {
			problem("attribute-sets[%zu]: no name", i);
			continue;
		}
		if (get(s, "subset-of"))
			continue;	/* renders nothing of its own */
		pfx = sget(s, "name-prefix");
		if (!pfx)
			pfx = keep(fmt("%s%s-a-", fam_, nm));
		ec = enum_name(s, NULL);
		for (size_t j = 0; j < seq_len(list); j++) {
			yaml_node_t *a = seq_at(list, j);
			const char *an = sget(a, "name");
			struct attr *at;

			where = fmt("attribute-sets/%s/%s", nm, an ? an : "?");
			if (!an || !sget(a, "type")) {
				problem("%s: attribute without a name or type", where);
				free(where);
				continue;
			}
			val = next_value(a, val, where);
			at = xrealloc(NULL, sizeof(*at));
			*at = (struct attr){ c_upper(pfx, an), nm, sget(a, "type"),
					     sget(a, "nested-attributes"),
					     sget(a, "enum"), get(a, "checks") };
			push(&attrs, at);
			add_name(K_ENUMERATOR, c_upper(pfx, an), where, ec, val, NULL);
			val++;
		}
		add_max(pfx, sget(s, "attr-max-name"), sget(s, "attr-cnt-name"),
			keep(fmt("attribute-sets/%s", nm)), ec, val - 1);
	}
}

static void walk_operations(void)
{
	yaml_node_t *list = get(ops, "list");
	const char *pfx = sget(ops, "name-prefix"), *ec = enum_name(ops, NULL);
	long long val = 1;

	if (!pfx)
		pfx = keep(fmt("%scmd-", fam_));
	if (sget(ops, "enum-model") && strcmp(sget(ops, "enum-model"), "unified"))
		problem("operations: only the unified enum-model is supported");
	for (size_t i = 0; i < seq_len(list); i++) {
		yaml_node_t *o = seq_at(list, i);
		const char *on = sget(o, "name");
		char *where = fmt("operations/%s", on ? on : "?");

		if (!on) {
			problem("%s: operation without a name", where);
			free(where);
			continue;
		}
		val = next_value(o, val, where);
		add_name(K_ENUMERATOR, c_upper(pfx, on), where, ec, val, NULL);
		val++;
	}
	/* YNL numbers commands from 1: 0 is the header's UNSPEC, if it has one */
	if (seq_len(list) && next_value(seq_at(list, 0), 1, "operations") > 0) {
		add_name(K_ENUMERATOR, c_upper(pfx, "unspec"),
			 fmt("operations (implicit 0)"), ec, 0, NULL);
		((struct name *)names.v[names.n - 1])->optional = true;
	}
	add_max(pfx, sget(root, "cmd-max-name"), sget(root, "cmd-cnt-name"),
		"operations", ec, val - 1);
}

static void walk_globals(void)
{
	const char *cf = sget(root, "c-family-name"), *cv = sget(root, "c-version-name");
	const char *ver = sget(root, "version");
	long long v = 1;

	if (ver && !to_ll(ver, &v))
		problem("version: \"%s\" is not an integer", ver);
	add_name(K_DEFINE_STR, cf ? c_upper(cf, "") : c_upper(fam_, "family-name"),
		 fmt("name"), NULL, 0, family);
	add_name(K_DEFINE_INT, cv ? c_upper(cv, "") : c_upper(fam_, "family-version"),
		 fmt("version"), NULL, v, NULL);

	for (size_t i = 0; i < seq_len(get(groups, "list")); i++) {
		yaml_node_t *g = seq_at(get(groups, "list"), i);
		const char *gn = sget(g, "name"), *cd = sget(g, "c-define-name");

		if (!gn) {
			problem("mcast-groups[%zu]: no name", i);
			continue;
		}
		char *cn = cd ? c_upper(cd, "") : c_upper(fam_, keep(fmt("mcgrp-%s", gn)));

		add_name(K_DEFINE_STR, cn, fmt("mcast-groups/%s", gn), NULL, 0, gn);
	}
}

/*
 * Checks that are not plain integers (a const name, "NAME - 1", a C
 * define) become expressions that must compile against the header.
 */
static void walk_check_exprs(void)
{
	static const char *const keys[] = { "min", "max", "min-len", "max-len", "exact-len" };

	for (size_t i = 0; i < attrs.n; i++) {
		struct attr *a = attrs.v[i];

		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			const char *v = sget(a->checks, keys[k]);
			char ident[128], *expr;
			long long x;
			size_t n;

			if (!v || to_ll(v, &x))
				continue;
			if (strchr("su", v[0]) && strstr(v, "-m") && strlen(v) <= 7)
				continue;	/* u32-max and friends */
			for (n = 0; n < sizeof(ident) - 1 && (is_ident(v[n]) || v[n] == '-'); n++)
				ident[n] = v[n];
			ident[n] = 0;
			/* a spec const is referred to by its spec name */
			expr = islower((unsigned char)ident[0]) ?
				fmt("%s%s", keep(c_upper(fam_, ident)), v + n) : fmt("%s", v);
			add_name(K_EXPR, fmt("%s %s", a->cname, keys[k]),
				 fmt("%s checks", a->cname), NULL, 0, expr);
			free(expr);
		}
	}
}

/* spec-refs: the spec's own references resolve */
static bool set_has(const char *set, const char *attr)
{
	return find_named(get(find_named(sets, set), "attributes"), attr);
}

static void check_attr_list(yaml_node_t *msg, const char *set, const char *where)
{
	yaml_node_t *l = get(msg, "attributes");

	for (size_t i = 0; i < seq_len(l); i++)
		if (!str(seq_at(l, i)) || !set_has(set, str(seq_at(l, i))))
			problem("%s: attribute %s is not in set %s", where,
				str(seq_at(l, i)) ? str(seq_at(l, i)) : "?", set);
}

static void check_refs(void)
{
	yaml_node_t *list = get(ops, "list");

	for (size_t i = 0; i < attrs.n; i++) {
		struct attr *a = attrs.v[i];

		if (a->nest && !find_named(sets, a->nest))
			problem("%s: nested-attributes %s: no such set", a->cname, a->nest);
		if (!strcmp(a->type, "nest") && !a->nest)
			problem("%s: nest without nested-attributes", a->cname);
		if (a->enum_ref && !find_named(defs, a->enum_ref))
			problem("%s: enum %s: no such definition", a->cname, a->enum_ref);
	}
	for (size_t i = 0; i < seq_len(list); i++) {
		yaml_node_t *o = seq_at(list, i);
		const char *on = sget(o, "name"), *set = sget(o, "attribute-set");
		const char *mc = sget(o, "mcgrp"), *nt = sget(o, "notify");
		static const char *const parts[][2] = {
			{ "do", "request" }, { "do", "reply" },
			{ "dump", "request" }, { "dump", "reply" },
		};
		char *where;

		if (!on)
			continue;
		if (set && !find_named(sets, set))
			problem("operations/%s: attribute-set %s: no such set", on, set);
		if (mc && !find_named(get(groups, "list"), mc))
			problem("operations/%s: mcgrp %s: no such group", on, mc);
		if (nt && !find_named(list, nt))
			problem("operations/%s: notify %s: no such operation", on, nt);
		if (!set)
			continue;
		for (size_t p = 0; p < 4; p++) {
			where = fmt("operations/%s/%s/%s", on, parts[p][0], parts[p][1]);
			check_attr_list(get(get(o, parts[p][0]), parts[p][1]), set, where);
			free(where);
		}
		where = fmt("operations/%s/event", on);
		check_attr_list(get(o, "event"), set, where);
		free(where);
	}
}

/* ---- the header, as text ---------------------------------------------- */

struct hname {
	char *name;
	const char *enum_c;	/* the enum it is in; NULL: a #define */
};

struct kdoc {			/* one kernel-doc line: "@NAME: text" or "enum NAME - text" */
	char *name, *text;
};

static struct vec hnames, henums, kdocs;

static void free_hname(void *p)
{
	free(((struct hname *)p)->name);
	free(p);
}

static void free_kdoc(void *p)
{
	free(((struct kdoc *)p)->name);
	free(((struct kdoc *)p)->text);
	free(p);
}

static char *ident_dup(const char *p)
{
	size_t n = 0;

	while (is_ident(p[n]))
		n++;
	return strndup(p, n);
}

static struct hname *hfind(const char *name)
{
	for (size_t i = 0; i < hnames.n; i++)
		if (!strcmp(((struct hname *)hnames.v[i])->name, name))
			return hnames.v[i];
	return NULL;
}

static const char *kdoc_find(const char *name)
{
	for (size_t i = 0; name && i < kdocs.n; i++)
		if (!strcmp(((struct kdoc *)kdocs.v[i])->name, name))
			return ((struct kdoc *)kdocs.v[i])->text;
	return NULL;
}

static void add_hname(const char *p, const char *enum_c)
{
	struct hname *h = xrealloc(NULL, sizeof(*h));

	*h = (struct hname){ ident_dup(p), enum_c };
	push(&hnames, h);
}

static struct kdoc *add_kdoc(char *name, const char *text)
{
	struct kdoc *k = xrealloc(NULL, sizeof(*k));

	*k = (struct kdoc){ name, strdup(text) };
	return push(&kdocs, k);
}

static void parse_header(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *p, *q;
	const char *in_enum = NULL;
	struct kdoc *cur = NULL;
	bool in_kdoc = false, is_enum;
	size_t cap = 0;

	if (!f) {
		fprintf(stderr, "ynl-check: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		for (p = line; isspace((unsigned char)*p); p++)
			;
		if (!in_kdoc && !strncmp(p, "/**", 3)) {
			in_kdoc = true;
			cur = NULL;
		} else if (in_kdoc) {
			if (!strncmp(p, "*/", 2)) {
				in_kdoc = false;
				continue;
			}
			for (p += *p == '*'; isspace((unsigned char)*p); p++)
				;
			is_enum = !strncmp(p, "enum ", 5);
			q = is_enum ? strstr(p, " - ") : *p == '@' ? strchr(p, ':') : NULL;
			if (q && is_enum) {
				cur = add_kdoc(ident_dup(p + 5), q + 3);
			} else if (q) {
				cur = add_kdoc(strndup(p + 1, q - p - 1), q + 1 + (q[1] == ' '));
			} else if (*p && cur) {
				q = fmt("%s %s", cur->text, p);
				free(cur->text);
				cur->text = q;
			} else {
				cur = NULL;
			}
		} else if (!strncmp(p, "enum ", 5) && strchr(p, '{')) {
			in_enum = push(&henums, ident_dup(p + 5));
		} else if (in_enum && !strncmp(p, "};", 2)) {
			in_enum = NULL;
		} else if (in_enum && is_ident(*p)) {
			add_hname(p, in_enum);
		} else if (!strncmp(p, "#define", 7) && isspace((unsigned char)p[7])) {
			for (p += 7; isspace((unsigned char)*p); p++)
				;
			add_hname(p, NULL);
		}
	}
	free(line);
	fclose(f);
}

/* ---- spec against header text ----------------------------------------- */

static struct name *spec_find(const char *cname)
{
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];

		if (n->kind != K_EXPR && !strcmp(n->cname, cname))
			return n;
	}
	return NULL;
}

static void check_names(void)
{
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];
		struct hname *h;

		if (n->kind == K_EXPR)
			continue;
		h = hfind(n->cname);
		if (!h && n->optional)
			continue;
		if (!h)
			problem("%s (from %s): the header has no such name", n->cname, n->where);
		else if (!h->enum_c != (n->kind != K_ENUMERATOR))
			problem("%s (from %s): the spec renders it as %s, the header as %s",
				n->cname, n->where,
				n->kind == K_ENUMERATOR ? "an enumerator" : "a #define",
				h->enum_c ? "an enumerator" : "a #define");
		else
			n->in_header = true;
	}
}

static void check_enum_types(void)
{
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];
		struct hname *h = hfind(n->cname);

		if (!n->in_header || n->kind != K_ENUMERATOR)
			continue;
		if (!n->enum_c)
			problem("%s (from %s): in enum %s in the header, anonymous in the spec",
				n->cname, n->where, h->enum_c);
		else if (strcmp(n->enum_c, h->enum_c))
			problem("%s (from %s): in enum %s in the header, in enum %s in the spec",
				n->cname, n->where, h->enum_c, n->enum_c);
	}
}

static void check_header_enums(const char *pfx)
{
	for (size_t i = 0; i < henums.n; i++) {
		const char *e = henums.v[i];
		bool described = false;

		if (strncmp(e, pfx, strlen(pfx)))
			continue;
		for (size_t j = 0; j < names.n && !described; j++)
			described = ((struct name *)names.v[j])->enum_c &&
				    !strcmp(((struct name *)names.v[j])->enum_c, e);
		if (!described)
			problem("enum %s: no set, enum or operations of the spec render it", e);
	}
	for (size_t i = 0; i < hnames.n; i++) {
		struct hname *h = hnames.v[i];

		if (h->enum_c && !strncmp(h->enum_c, pfx, strlen(pfx)) && !spec_find(h->name))
			problem("%s (enum %s): not derived from the spec", h->name, h->enum_c);
	}
}

static void check_header_defines(const char *pfx)
{
	for (size_t i = 0; i < hnames.n; i++) {
		struct hname *h = hnames.v[i];

		if (!h->enum_c && !strncmp(h->name, pfx, strlen(pfx)) && !spec_find(h->name))
			problem("#define %s: not derived from the spec", h->name);
	}
}

/* the type the kernel-doc gives: first word, or first word after a '(' */
static const char *doc_type(const char *t)
{
	static const char *const types[][2] = {
		{ "u8", "u8" }, { "u16", "u16" }, { "u32", "u32" }, { "u64", "u64" },
		{ "s8", "s8" }, { "s16", "s16" }, { "s32", "s32" }, { "s64", "s64" },
		{ "string", "string" }, { "flag", "flag" }, { "binary", "binary" },
		{ "nested", "nest" }, { "padding", "pad" }, { "unused", "unused" },
	};

	for (const char *p = t; p; p = strchr(p, '(') ? strchr(p, '(') + 1 : NULL)
		for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
			size_t n = strlen(types[i][0]);

			if (!strncmp(p, types[i][0], n) && !is_ident(p[n]))
				return types[i][1];
		}
	return NULL;
}

/* the first "N-M" of the kernel-doc */
static bool doc_range(const char *t, long long *lo, long long *hi)
{
	for (const char *p = t; *p; p++) {
		char *e;

		if (!isdigit((unsigned char)*p) || (p > t && is_ident(p[-1])))
			continue;
		*lo = strtoll(p, &e, 10);
		if (*e != '-' || !isdigit((unsigned char)e[1]))
			continue;
		*hi = strtoll(e + 1, &e, 10);
		if (!is_ident(*e))
			return true;
	}
	return false;
}

static bool is_int_type(const char *t)
{
	return (t[0] == 'u' || t[0] == 's') && (isdigit((unsigned char)t[1]) ||
						!strcmp(t + 1, "int"));
}

static void check_attr_types(void)
{
	for (size_t i = 0; i < attrs.n; i++) {
		struct attr *a = attrs.v[i];
		struct hname *h = hfind(a->cname);
		const char *text = kdoc_find(a->cname), *dt, *sum, *de, *se = NULL;
		char *denum = NULL;

		if (!h || !h->enum_c)
			continue;	/* reported by "names" */
		if (!text) {
			problem("%s: no kernel-doc line in the header", a->cname);
			continue;
		}
		dt = doc_type(text);
		sum = kdoc_find(h->enum_c);
		if (!dt && sum && strstr(sum, "(all "))
			dt = doc_type(strstr(sum, "(all ") + 5);
		if (!dt)
			problem("%s: the header's kernel-doc gives no type", a->cname);
		else if (strcmp(dt, a->type))
			problem("%s: type %s in the spec, %s in the header's kernel-doc",
				a->cname, a->type, dt);

		de = strstr(text, "&enum ");
		if (de) {
			denum = ident_dup(de + 6);
			de = denum;
		}
		if (!strcmp(a->type, "nest"))
			se = enum_name(find_named(sets, a->nest), NULL);
		else if (a->enum_ref && find_named(defs, a->enum_ref))
			se = enum_name(find_named(defs, a->enum_ref),
				       keep(c_lower(fam_, a->enum_ref)));
		if ((de || se) && (!de || !se || strcmp(de, se)))
			problem("%s: %s enum %s in the spec, &enum %s in the header's kernel-doc",
				a->cname, strcmp(a->type, "nest") ? "value" : "nested",
				se ? se : "(none)", de ? de : "(none)");
		free(denum);
	}
}

static bool check_int(struct attr *a, const char *key, long long *v)
{
	return to_ll(sget(a->checks, key), v);
}

static void check_attr_ranges(void)
{
	for (size_t i = 0; i < attrs.n; i++) {
		struct attr *a = attrs.v[i];
		const char *text = kdoc_find(a->cname);
		long long lo, hi, min, max;
		bool hmin, hmax;

		if (!text || !is_int_type(a->type))
			continue;
		hmin = check_int(a, "min", &min);
		hmax = check_int(a, "max", &max);
		if (strstr(text, "at least ")) {
			/* A lower bound only: "at least N". */
			lo = strtoll(strstr(text, "at least ") + 9, NULL, 10);
			if (!hmin || hmax || min != lo)
				problem("%s: the header documents at least %lld, the spec %s-%s",
					a->cname, lo,
					hmin ? sget(a->checks, "min") : "(none)",
					hmax ? sget(a->checks, "max") : "(none)");
		} else if (doc_range(text, &lo, &hi)) {
			if (!hmin || !hmax || min != lo || max != hi)
				problem("%s: the header documents %lld-%lld, the spec %s-%s",
					a->cname, lo, hi,
					hmin ? sget(a->checks, "min") : "(none)",
					hmax ? sget(a->checks, "max") : "(none)");
		} else if (hmin || hmax) {
			problem("%s: the spec checks min %s max %s, the header documents no range",
				a->cname, hmin ? sget(a->checks, "min") : "(none)",
				hmax ? sget(a->checks, "max") : "(none)");
		}
	}
}

/* ---- the generated program -------------------------------------------- */

static void cstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++)
		fprintf(f, strchr("\"\\", *s) ? "\\%c" : isprint((unsigned char)*s) ?
			"%c" : "\\%03o", (unsigned char)*s);
	fputc('"', f);
}

static const char gen_types[] =
	"struct ival { const char *name, *where; long long hdr, spec; };\n"
	"struct sval { const char *name, *where, *hdr, *spec; };\n"
	"struct eval { const char *label, *expr; long long v; };\n\n";

static const char gen_main[] =
	"\nstatic int failed;\n\n"
	"static void line(const char *group, int bad, int n, const char *what)\n"
	"{\n"
	"\tif (bad)\n"
	"\t\tprintf(\"FAIL %-15s %d disagreement%s\\n\", group, bad, bad > 1 ? \"s\" : \"\");\n"
	"\telse\n"
	"\t\tprintf(\"ok   %-15s %d %s\\n\", group, n, what);\n"
	"\tfailed += !!bad;\n"
	"}\n\n"
	"int main(void)\n"
	"{\n"
	"\tconst struct ival *v;\n"
	"\tconst struct sval *s;\n"
	"\tconst struct eval *e;\n"
	"\tint n = 0, bad = 0;\n\n"
	"\tfor (v = values; v->name; v++, n++)\n"
	"\t\tbad += v->hdr != v->spec;\n"
	"\tline(\"values\", bad, n, \"enumerators have the value the spec gives\");\n"
	"\tfor (v = values; v->name; v++)\n"
	"\t\tif (v->hdr != v->spec)\n"
	"\t\t\tprintf(\"       - %s: %lld in the spec (%s), %lld in the header\\n\",\n"
	"\t\t\t       v->name, v->spec, v->where, v->hdr);\n\n"
	"\tn = bad = 0;\n"
	"\tfor (v = constants; v->name; v++, n++)\n"
	"\t\tbad += v->hdr != v->spec;\n"
	"\tfor (s = strings; s->name; s++, n++)\n"
	"\t\tbad += !!strcmp(s->hdr, s->spec);\n"
	"\tline(\"constants\", bad, n, \"#defines have the value the spec gives\");\n"
	"\tfor (v = constants; v->name; v++)\n"
	"\t\tif (v->hdr != v->spec)\n"
	"\t\t\tprintf(\"       - %s: %lld in the spec (%s), %lld in the header\\n\",\n"
	"\t\t\t       v->name, v->spec, v->where, v->hdr);\n"
	"\tfor (s = strings; s->name; s++)\n"
	"\t\tif (strcmp(s->hdr, s->spec))\n"
	"\t\t\tprintf(\"       - %s: \\\"%s\\\" in the spec (%s), \\\"%s\\\" in the header\\n\",\n"
	"\t\t\t       s->name, s->spec, s->where, s->hdr);\n\n"
	"\tn = bad = 0;\n"
	"\tfor (e = exprs; e->label; e++, n++)\n"
	"\t\tbad += strstr(e->label, \"-len\") && e->v <= 0;\n"
	"\tline(\"check-exprs\", bad, n, \"checks expressions compile against the header\");\n"
	"\tfor (e = exprs; e->label; e++)\n"
	"\t\tif (strstr(e->label, \"-len\") && e->v <= 0)\n"
	"\t\t\tprintf(\"       - %s: %s is %lld, not a length\\n\", e->label, e->expr, e->v);\n"
	"\treturn !!failed;\n"
	"}\n";

static void write_ints(FILE *f, const char *table, enum kind k)
{
	fprintf(f, "static const struct ival %s[] = {\n", table);
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];

		if (n->kind != k || !n->in_header)
			continue;
		fprintf(f, "\t{ \"%s\", ", n->cname);
		cstr(f, n->where);
		fprintf(f, ", %s, %lldLL },\n", n->cname, n->val);
	}
	fprintf(f, "\t{ .name = NULL }\n};\n\n");
}

static void write_program(const char *out, const char *spec, const char *header)
{
	FILE *f = fopen(out, "w");

	if (!f) {
		fprintf(stderr, "ynl-check: %s: %s\n", out, strerror(errno));
		exit(2);
	}
	fprintf(f, "// SPDX-License-Identifier: GPL-2.0\n"
		"/* Generated by ynl-check from %s: do not edit. */\n"
		"#include <stdio.h>\n#include <string.h>\n#include \"%s\"\n\n%s",
		spec, header, gen_types);
	write_ints(f, "values", K_ENUMERATOR);
	write_ints(f, "constants", K_DEFINE_INT);
	fprintf(f, "static const struct sval strings[] = {\n");
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];

		if (n->kind != K_DEFINE_STR || !n->in_header)
			continue;
		fprintf(f, "\t{ \"%s\", ", n->cname);
		cstr(f, n->where);
		fprintf(f, ", %s, ", n->cname);
		cstr(f, n->sval);
		fprintf(f, " },\n");
	}
	fprintf(f, "\t{ .name = NULL }\n};\n\nstatic const struct eval exprs[] = {\n");
	for (size_t i = 0; i < names.n; i++) {
		struct name *n = names.v[i];

		if (n->kind != K_EXPR)
			continue;
		fprintf(f, "\t{ \"%s\", ", n->cname);
		cstr(f, n->sval);
		fprintf(f, ", (%s) },\n", n->sval);
	}
	fprintf(f, "\t{ .label = NULL }\n};\n%s", gen_main);
	if (fclose(f)) {
		fprintf(stderr, "ynl-check: %s: %s\n", out, strerror(errno));
		exit(2);
	}
}

/* ---- main ------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const char *proto;
	yaml_parser_t parser;
	char msg[200], *fpfx, *epfx;
	size_t n = 0;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: ynl-check SPEC.yaml HEADER.h OUT.c\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		fprintf(stderr, "ynl-check: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		fprintf(stderr, "ynl-check: %s:%zu:%zu: %s\n", argv[1],
			parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			parser.problem ? parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		fclose(f);
		return 2;
	}
	root = yaml_document_get_root_node(&doc);
	family = sget(root, "name");
	if (!family) {
		fprintf(stderr, "ynl-check: %s: not a netlink spec (no name)\n", argv[1]);
		return 2;
	}
	fam_ = keep(fmt("%s-", family));
	defs = get(root, "definitions");
	sets = get(root, "attribute-sets");
	ops = get(root, "operations");
	groups = get(root, "mcast-groups");

	proto = sget(root, "protocol");
	if (proto && strcmp(proto, "genetlink") && strcmp(proto, "genetlink-c"))
		problem("protocol %s: only genetlink and genetlink-c are supported", proto);
	walk_globals();
	walk_definitions();
	walk_attribute_sets();
	walk_operations();
	walk_check_exprs();
	check_refs();
	for (size_t i = 0; i < names.n; i++)
		n += ((struct name *)names.v[i])->kind != K_EXPR;
	snprintf(msg, sizeof(msg), "%zu C names derived from the spec, its references resolve", n);
	group_end("spec-refs", msg);

	parse_header(argv[2]);
	check_names();
	n = 0;
	for (size_t i = 0; i < names.n; i++)
		n += ((struct name *)names.v[i])->in_header;
	snprintf(msg, sizeof(msg), "%zu spec names exist in the header", n);
	group_end("names", msg);
	check_enum_types();
	group_end("enum-types", "enumerators are in the enum the spec names");
	epfx = c_lower(family, "_");
	fpfx = c_upper(family, "_");
	check_header_enums(epfx);
	snprintf(msg, sizeof(msg), "every enum %s* of the header, and its entries, is in the spec",
		 epfx);
	group_end("header-enums", msg);
	check_header_defines(fpfx);
	snprintf(msg, sizeof(msg), "every #define %s* of the header is in the spec", fpfx);
	group_end("header-defines", msg);
	check_attr_types();
	snprintf(msg, sizeof(msg), "%zu attributes: type, nest and enum as the header documents",
		 attrs.n);
	group_end("attr-types", msg);
	check_attr_ranges();
	group_end("attr-ranges", "checks min/max are the ranges the header documents");

	write_program(argv[3], argv[1], argv[2]);

	free(epfx);
	free(fpfx);
	vec_free(&names, free_name);
	vec_free(&attrs, free_attr);
	vec_free(&hnames, free_hname);
	vec_free(&henums, free);
	vec_free(&kdocs, free_kdoc);
	vec_free(&strs, free);
	free(problems.v);
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return failed_groups ? 1 : 0;
}
