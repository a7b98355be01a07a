// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardd's Prometheus metrics (see metrics.h): the snapshot, its text
 * (format 0.0.4, which node_exporter's textfile collector reads) and the
 * atomic write.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agent.h"
#include "cgroup.h"
#include "enforce.h"
#include "metrics.h"

static const char *const hg_mrec_names[HG_MREC_MAX] = {
	[HG_MREC_DETECTION]	= "detection",
	[HG_MREC_ACTION]	= "action",
	[HG_MREC_APPROVAL]	= "approval",
	[HG_MREC_TENANT]	= "tenant",
	[HG_MREC_AGENT]		= "agent",
};

/*
 * The module's counters (GET_STATUS), as hashguard_module_NAME: gauges
 * keep their name, counters get _total, nanosecond counters become
 * seconds (_seconds_total).  A counter the module does not send, or one
 * not listed here, is left out.
 */
static const struct {
	unsigned int id;
	const char *name;
	bool gauge;
	bool ns;
	const char *help;
} hg_module_counters[] = {
	{ HASHGUARD_COUNTER_SAMPLES, "samples", false, false,
	  "User-mode samples classified." },
	{ HASHGUARD_COUNTER_SAMPLES_KERNEL, "samples_kernel", false, false,
	  "Samples that hit kernel mode (ignored)." },
	{ HASHGUARD_COUNTER_SAMPLES_UNREADABLE, "samples_unreadable", false, false,
	  "User-mode samples whose code could not be read (or is 32-bit)." },
	{ HASHGUARD_COUNTER_SAMPLES_UNTRACKED, "samples_untracked", false, false,
	  "Samples of threads that had no record yet." },
	{ HASHGUARD_COUNTER_SAMPLER_NS, "sampler", false, true,
	  "Time spent in the sample handler." },
	{ HASHGUARD_COUNTER_SCHED_EVENTS, "sched_events", false, false,
	  "Scheduler tracepoint hits handled." },
	{ HASHGUARD_COUNTER_SCHED_NS, "sched", false, true,
	  "Time spent in the scheduler tracepoint probes." },
	{ HASHGUARD_COUNTER_TASKS, "tasks", true, false,
	  "Threads tracked now." },
	{ HASHGUARD_COUNTER_PROCESSES, "processes", true, false,
	  "Processes tracked now." },
	{ HASHGUARD_COUNTER_TASKS_CREATED, "tasks_created", false, false,
	  "Thread records created." },
	{ HASHGUARD_COUNTER_TASKS_FREED, "tasks_freed", false, false,
	  "Thread records freed." },
	{ HASHGUARD_COUNTER_TASKS_DROPPED, "tasks_dropped", false, false,
	  "Threads not tracked: the max_tasks limit, or memory short." },
	{ HASHGUARD_COUNTER_PENDING_DROPPED, "pending_dropped", false, false,
	  "New threads not noticed in time (a per-CPU queue was full)." },
	{ HASHGUARD_COUNTER_WINDOWS, "windows", false, false,
	  "Scoring windows completed." },
	{ HASHGUARD_COUNTER_DETECT_NS, "detect", false, true,
	  "Time spent scoring windows." },
	{ HASHGUARD_COUNTER_FLAGGED, "flagged", false, false,
	  "Processes flagged." },
	{ HASHGUARD_COUNTER_CLEARED, "cleared", false, false,
	  "Processes cleared." },
	{ HASHGUARD_COUNTER_EVENTS, "events", false, false,
	  "Detection events sent to the detect group." },
	{ HASHGUARD_COUNTER_TENANTS, "tenants", true, false,
	  "Tenants registered (host excluded)." },
	{ HASHGUARD_COUNTER_TASK_BYTES, "task_bytes", true, false,
	  "Bytes of thread and process records." },
	{ HASHGUARD_COUNTER_APPROVALS, "approvals", true, false,
	  "Approvals held." },
	{ HASHGUARD_COUNTER_APPROVALS_EXPIRED, "approvals_expired", false, false,
	  "Approvals removed on expiry." },
	{ HASHGUARD_COUNTER_ACTIONS, "actions", false, false,
	  "Actions reported to the module by agents." },
	{ HASHGUARD_COUNTER_AUDIT_LINES, "audit_lines", false, false,
	  "Audit lines written to the kernel log." },
	{ HASHGUARD_COUNTER_AUDIT_SUPPRESSED, "audit_suppressed", false, false,
	  "Audit lines the rate limit held back." },
	{ HASHGUARD_COUNTER_NL_REQUESTS, "netlink_requests", false, false,
	  "Netlink requests handled." },
	{ HASHGUARD_COUNTER_CONFIG_EVENTS, "config_events", false, false,
	  "Notifications sent to the config group." },
};

static uint64_t hg_wall_now(void)
{
	return (uint64_t)time(NULL);
}

/**
 * hg_metrics_init() - set up the writer (it writes nothing yet)
 * @m: the writer
 * @path: the .prom file; NULL for no metrics
 * @ledger_path: the ledger file, whose size is shown
 * @interval_s: seconds between writes (0: HG_METRICS_INTERVAL_S)
 */
void hg_metrics_init(struct hg_metrics *m, const char *path,
		     const char *ledger_path, unsigned int interval_s)
{
	memset(m, 0, sizeof(*m));
	m->path = path;
	m->ledger_path = ledger_path;
	m->interval_ms = (uint64_t)(interval_s ? interval_s :
				    HG_METRICS_INTERVAL_S) * 1000;
	m->start_time = hg_wall_now();
}

void hg_metrics_fini(struct hg_metrics *m)
{
	free(m->actions);
	m->actions = NULL;
	m->nactions = 0;
}

static const char *hg_jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/**
 * hg_metrics_record() - count one ledger record (a JSON line of the stream)
 * @m: the writer
 * @rec: the record's object ("record", and for actions "tenant",
 *	"action", "outcome")
 *
 * The counters are the agent's since it started: Prometheus takes a
 * restart as a counter reset.  Past HG_METRICS_MAX_ACTIONS distinct
 * (tenant, kind, outcome), new ones are not counted (the record counter
 * still is).
 */
void hg_metrics_record(struct hg_metrics *m, json_t *rec)
{
	const char *kind = hg_jstr(rec, "record");
	const char *tenant, *action, *outcome;
	struct hg_metrics_action *e;
	size_t i;

	for (i = 0; i < HG_MREC_MAX; i++)
		if (!strcmp(kind, hg_mrec_names[i]))
			break;
	if (i == HG_MREC_MAX)
		return;
	m->records[i]++;
	if (i != HG_MREC_ACTION)
		return;
	tenant = hg_jstr(rec, "tenant");
	action = hg_jstr(rec, "action");
	outcome = hg_jstr(rec, "outcome");
	if (!strcmp(action, "tamper"))
		m->tamper++;
	for (i = 0; i < m->nactions; i++) {
		e = &m->actions[i];
		if (!strcmp(e->tenant, tenant) && !strcmp(e->kind, action) &&
		    !strcmp(e->outcome, outcome)) {
			e->n++;
			return;
		}
	}
	if (m->nactions >= HG_METRICS_MAX_ACTIONS)
		return;
	e = realloc(m->actions, (m->nactions + 1) * sizeof(*e));
	if (!e)
		return;
	m->actions = e;
	e = &m->actions[m->nactions++];
	snprintf(e->tenant, sizeof(e->tenant), "%s", tenant);
	snprintf(e->kind, sizeof(e->kind), "%s", action);
	snprintf(e->outcome, sizeof(e->outcome), "%s", outcome);
	e->n = 1;
}

/* A label value, escaped as the text format wants (\\, \" and \n). */
static void hg_label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc(*s, f);
	}
	fputc('"', f);
}

static void hg_family(FILE *f, const char *name, const char *type,
		      const char *help)
{
	fprintf(f, "# HELP hashguard_%s %s\n# TYPE hashguard_%s %s\n",
		name, help, name, type);
}

static void hg_tenant_value(FILE *f, const char *name, const char *tenant,
			    const char *key2, const char *val2, uint64_t v)
{
	fprintf(f, "hashguard_%s{tenant=", name);
	hg_label(f, tenant);
	if (key2) {
		fprintf(f, ",%s=", key2);
		hg_label(f, val2);
	}
	fprintf(f, "} %" PRIu64 "\n", v);
}

static void hg_format_tenants(FILE *f, const struct hg_metrics_snapshot *s)
{
	static const char *const astate[2] = { "pending", "active" };
	size_t i;
	unsigned int k;

	hg_family(f, "flagged_processes", "gauge",
		  "Processes the module has flagged now, by tenant.");
	for (i = 0; i < s->ntenants; i++)
		hg_tenant_value(f, "flagged_processes", s->tenants[i].name,
				NULL, NULL, s->tenants[i].processes);
	hg_family(f, "flagged_cgroups", "gauge",
		  "Distinct cgroups holding flagged processes now, by tenant.");
	for (i = 0; i < s->ntenants; i++)
		hg_tenant_value(f, "flagged_cgroups", s->tenants[i].name,
				NULL, NULL, s->tenants[i].cgroups);
	hg_family(f, "approvals", "gauge",
		  "Approvals the module holds, by tenant and state (pending: before its not-before time).");
	for (i = 0; i < s->ntenants; i++)
		for (k = 0; k < 2; k++)
			hg_tenant_value(f, "approvals", s->tenants[i].name,
					"state", astate[k],
					s->tenants[i].approvals[k]);
	hg_family(f, "enforcements", "gauge",
		  "Enforcements in place (the ledger's), by tenant and kind.");
	for (i = 0; i < s->ntenants; i++)
		for (k = HASHGUARD_ACTION_THROTTLE; k < HASHGUARD_ACTION_RESTORE; k++)
			hg_tenant_value(f, "enforcements", s->tenants[i].name,
					"kind", hgl_action_name(k),
					s->tenants[i].enforced[k]);
}

static void hg_format_module(FILE *f, const struct hg_metrics_snapshot *s)
{
	const struct hgl_status *st = &s->status;
	size_t i;

	hg_family(f, "module_up", "gauge",
		  "1 if the module answered the agent's last status request.");
	fprintf(f, "hashguard_module_up %d\n", s->module_up ? 1 : 0);
	if (!s->module_up)
		return;
	hg_family(f, "module_info", "gauge",
		  "The module's version and netlink family version (always 1).");
	fputs("hashguard_module_info{version=", f);
	hg_label(f, st->version);
	fprintf(f, ",genl_version=\"%u\"} 1\n", st->genl_version);
	hg_family(f, "module_load_time_seconds", "gauge",
		  "When the module was loaded, seconds since the epoch.");
	fprintf(f, "hashguard_module_load_time_seconds %" PRIu64 "\n",
		st->load_time);
	for (i = 0; i < sizeof(hg_module_counters) / sizeof(hg_module_counters[0]); i++) {
		unsigned int id = hg_module_counters[i].id;
		char name[64];
		uint64_t v;

		if (id >= 64 || !(st->have & (1ULL << id)))
			continue;
		v = st->counters[id];
		snprintf(name, sizeof(name), "module_%s%s",
			 hg_module_counters[i].name,
			 hg_module_counters[i].gauge ? "" :
			 hg_module_counters[i].ns ? "_seconds_total" : "_total");
		hg_family(f, name, hg_module_counters[i].gauge ? "gauge" : "counter",
			  hg_module_counters[i].help);
		if (hg_module_counters[i].ns)
			fprintf(f, "hashguard_%s %" PRIu64 ".%09" PRIu64 "\n",
				name, v / 1000000000, v % 1000000000);
		else
			fprintf(f, "hashguard_%s %" PRIu64 "\n", name, v);
	}
}

static void hg_counter(FILE *f, const char *name, const char *help,
		       uint64_t v)
{
	hg_family(f, name, "counter", help);
	fprintf(f, "hashguard_%s %" PRIu64 "\n", name, v);
}

/**
 * hg_metrics_format() - the text of a snapshot
 * @f: where it goes
 * @s: the snapshot
 *
 * Every family has its HELP and TYPE lines, once, before its samples;
 * the order is fixed, tenants in the order of @s.
 *
 * Return: 0, or -EIO if @f has an error.
 */
int hg_metrics_format(FILE *f, const struct hg_metrics_snapshot *s)
{
	size_t i;

	hg_format_tenants(f, s);
	hg_family(f, "actions_total", "counter",
		  "Actions the agent took since it started, by tenant, kind and outcome.");
	for (i = 0; i < s->nactions; i++) {
		fputs("hashguard_actions_total{tenant=", f);
		hg_label(f, s->actions[i].tenant);
		fputs(",kind=", f);
		hg_label(f, s->actions[i].kind);
		fputs(",outcome=", f);
		hg_label(f, s->actions[i].outcome);
		fprintf(f, "} %" PRIu64 "\n", s->actions[i].n);
	}
	hg_counter(f, "tamper_events_total",
		   "Enforcements found undone (and applied again) since the agent started.",
		   s->tamper);
	hg_family(f, "ledger_records_total", "counter",
		  "Ledger records the agent wrote since it started, by record kind.");
	for (i = 0; i < HG_MREC_MAX; i++)
		fprintf(f, "hashguard_ledger_records_total{record=\"%s\"} %" PRIu64 "\n",
			hg_mrec_names[i], s->records[i]);
	hg_family(f, "ledger_bytes", "gauge",
		  "Size of the ledger's files (database and write-ahead log).");
	fprintf(f, "hashguard_ledger_bytes %" PRIu64 "\n", s->ledger_bytes);
	hg_family(f, "agent_start_time_seconds", "gauge",
		  "When the agent started, seconds since the epoch.");
	fprintf(f, "hashguard_agent_start_time_seconds %" PRIu64 "\n",
		s->start_time);
	hg_counter(f, "agent_notifications_total",
		   "Notifications from the module the agent handled.",
		   s->stats.events);
	hg_counter(f, "agent_resyncs_total",
		   "Resynchronisations from the module's dumps.",
		   s->stats.resyncs);
	hg_counter(f, "agent_overflows_total",
		   "Resynchronisations after the notification socket overflowed.",
		   s->stats.overflows);
	hg_counter(f, "agent_lifts_total", "Enforcements lifted.",
		   s->stats.lifts);
	hg_counter(f, "agent_restored_total",
		   "Approvals and tenants pushed back into the module.",
		   s->stats.restored);
	hg_format_module(f, s);
	if (fflush(f) == EOF || ferror(f))
		return -EIO;
	return 0;
}

/**
 * hg_metrics_write_file() - replace @path with @text, atomically
 * @path: the file
 * @text: its new content
 * @len: its length
 *
 * Writes .NAME.tmp in the same directory (node_exporter reads only
 * *.prom), mode 0644 whatever the umask (node_exporter runs as another
 * user), fsync()s it and renames it over @path.
 *
 * Return: 0 or -errno; on failure @path is left as it was.
 */
int hg_metrics_write_file(const char *path, const char *text, size_t len)
{
	const char *base = strrchr(path, '/');
	char tmp[4096];
	size_t off = 0;
	int fd, err;

	base = base ? base + 1 : path;
	if (snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp", (int)(base - path),
		     path, base) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fchmod(fd, 0644) || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail:
	err = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -err;
}

static struct hg_metrics_tenant *hg_tenant_slot(struct hg_metrics_snapshot *s,
						const char *name)
{
	struct hg_metrics_tenant *t;
	size_t i;

	for (i = 0; i < s->ntenants; i++)
		if (!strcmp(s->tenants[i].name, name))
			return &s->tenants[i];
	t = realloc(s->tenants, (s->ntenants + 1) * sizeof(*t));
	if (!t)
		return NULL;
	s->tenants = t;
	t = &s->tenants[s->ntenants++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	return t;
}

struct hg_cg {
	char tenant[HASHGUARD_TENANT_NAME_MAX];
	char path[4096];
};

static int hg_cg_cmp(const void *x, const void *y)
{
	const struct hg_cg *a = x, *b = y;
	int c = strcmp(a->tenant, b->tenant);

	return c ? c : strcmp(a->path, b->path);
}

/* Flagged processes and their distinct cgroups, per tenant. */
static int hg_collect_flagged(struct hgl_nl *nl, struct hg_metrics_snapshot *s)
{
	struct hgl_task *tasks = NULL;
	struct hg_metrics_tenant *t;
	struct hg_cg *cgs;
	size_t n = 0, i, ncg = 0;
	int ret;

	ret = hgl_nl_task_list(nl, NULL, 1U << HASHGUARD_STATE_FLAGGED,
			      &tasks, &n);
	if (ret)
		return ret;
	cgs = calloc(n ? n : 1, sizeof(*cgs));
	if (!cgs) {
		hgl_task_list_free(tasks, n);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		t = hg_tenant_slot(s, tasks[i].tenant);
		if (!t)
			continue;
		t->processes++;
		if (hgl_cgroup_of((pid_t)tasks[i].tgid, cgs[ncg].path,
				     sizeof(cgs[ncg].path)))
			continue;
		snprintf(cgs[ncg].tenant, sizeof(cgs[ncg].tenant), "%s",
			 t->name);
		ncg++;
	}
	qsort(cgs, ncg, sizeof(*cgs), hg_cg_cmp);
	for (i = 0; i < ncg; i++) {
		if (i && !hg_cg_cmp(&cgs[i - 1], &cgs[i]))
			continue;
		t = hg_tenant_slot(s, cgs[i].tenant);
		if (t)
			t->cgroups++;
	}
	free(cgs);
	hgl_task_list_free(tasks, n);
	return 0;
}

static int hg_collect_module(struct hgl_nl *nl, struct hg_metrics_snapshot *s)
{
	struct hgl_tenant *kt = NULL;
	struct hgl_approval *ap = NULL;
	size_t n = 0, i;
	int ret;

	if (hgl_nl_get_status(nl, &s->status))
		return -EIO;
	s->module_up = true;
	hg_tenant_slot(s, "host");
	if (!hgl_nl_tenant_list(nl, &kt, &n)) {
		for (i = 0; i < n; i++)
			hg_tenant_slot(s, kt[i].name);
		free(kt);
	}
	ret = hg_collect_flagged(nl, s);
	if (!hgl_nl_approval_list(nl, NULL, &ap, &n)) {
		for (i = 0; i < n; i++) {
			struct hg_metrics_tenant *t = hg_tenant_slot(s, ap[i].tenant);

			if (t && ap[i].state < 2)
				t->approvals[ap[i].state]++;
		}
		free(ap);
	}
	return ret;
}

static int hg_tenant_cmp(const void *x, const void *y)
{
	const struct hg_metrics_tenant *a = x, *b = y;

	return strcmp(a->name, b->name);
}

static uint64_t hg_file_size(const char *path, const char *suffix)
{
	char p[4096];
	struct stat sb;

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return stat(p, &sb) ? 0 : (uint64_t)sb.st_size;
}

/**
 * hg_metrics_collect() - take a snapshot
 * @m: the writer (its counters)
 * @a: the agent (its module socket, ledger and counts)
 * @s: filled; hg_metrics_snapshot_free() it.  @s->actions points into @m.
 *
 * With the module away, its series are left out (hashguard_module_up 0)
 * and the tenants are those of the ledger.  The tenants of @s are
 * sorted by name.
 *
 * Return: 0, or -errno (the snapshot is still usable).
 */
int hg_metrics_collect(struct hg_metrics *m, struct hg_agent *a,
		       struct hg_metrics_snapshot *s)
{
	struct hgl_enforcement *e = NULL;
	struct hgl_tenant *lt = NULL;
	size_t n = 0, i;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	if (a->nl)
		ret = hg_collect_module(a->nl, s);
	if (!hgl_ledger_tenants(a->ledger, &lt, &n)) {
		for (i = 0; i < n; i++)
			hg_tenant_slot(s, lt[i].name);
		free(lt);
	}
	if (!hgl_ledger_enf_list(a->ledger, &e, &n)) {
		for (i = 0; i < n; i++) {
			struct hg_metrics_tenant *t = hg_tenant_slot(s, e[i].tenant);

			if (t && e[i].kind < HASHGUARD_ACTION_RESTORE)
				t->enforced[e[i].kind]++;
		}
		free(e);
	}
	if (s->ntenants)
		qsort(s->tenants, s->ntenants, sizeof(*s->tenants),
		      hg_tenant_cmp);
	s->actions = m->actions;
	s->nactions = m->nactions;
	memcpy(s->records, m->records, sizeof(s->records));
	s->tamper = m->tamper;
	if (m->ledger_path)
		s->ledger_bytes = hg_file_size(m->ledger_path, "") +
				  hg_file_size(m->ledger_path, "-wal");
	s->start_time = m->start_time;
	s->stats.events = a->stats.events;
	s->stats.resyncs = a->stats.resyncs;
	s->stats.overflows = a->stats.overflows;
	s->stats.actions = a->stats.actions;
	s->stats.failed = a->stats.failed;
	s->stats.lifts = a->stats.lifts;
	s->stats.restored = a->stats.restored;
	return ret;
}

void hg_metrics_snapshot_free(struct hg_metrics_snapshot *s)
{
	free(s->tenants);
	s->tenants = NULL;
	s->ntenants = 0;
}

/**
 * hg_metrics_write() - take a snapshot and write the file now
 * @m: the writer (nothing is done without a path)
 * @a: the agent
 *
 * A failure is logged once, until a write succeeds again.
 *
 * Return: 0 or -errno.
 */
int hg_metrics_write(struct hg_metrics *m, struct hg_agent *a)
{
	struct hg_metrics_snapshot s;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (!m->path)
		return 0;
	hg_metrics_collect(m, a, &s);
	f = open_memstream(&text, &len);
	if (!f) {
		hg_metrics_snapshot_free(&s);
		return -ENOMEM;
	}
	ret = hg_metrics_format(f, &s);
	if (fclose(f) && !ret)
		ret = -EIO;
	hg_metrics_snapshot_free(&s);
	if (!ret)
		ret = hg_metrics_write_file(m->path, text, len);
	free(text);
	if (ret && !m->failing)
		hg_agent_log("metrics: cannot write %s: %s (tried again every %" PRIu64 " s)",
			     m->path, strerror(-ret), m->interval_ms / 1000);
	else if (!ret && m->failing)
		hg_agent_log("metrics: writing %s again", m->path);
	m->failing = ret != 0;
	return ret;
}

/**
 * hg_metrics_tick() - the agent's loop hook: write when a write is due
 * @a: the agent
 * @arg: the struct hg_metrics
 */
void hg_metrics_tick(struct hg_agent *a, void *arg)
{
	struct hg_metrics *m = arg;
	uint64_t now = hg_enf_now_ms();

	if (!m->path || now < m->next_ms)
		return;
	m->next_ms = now + m->interval_ms;
	hg_metrics_write(m, a);
}
