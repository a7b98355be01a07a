// SPDX-License-Identifier: GPL-2.0
/*
 * hashguardctl status
 */

#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "ctl.h"

/**
 * status_to_json() - the status as a JSON object
 * @st: the status
 *
 * Return: a new object, or NULL when out of memory.
 */
json_t *status_to_json(const struct hgl_status *st)
{
	json_t *counters = json_object();
	unsigned int i;
	char other[32];

	if (!counters)
		return NULL;
	for (i = 0; i < 64; i++) {
		const char *name = hgl_counter_name(i);

		if (!(st->have & (1ULL << i)))
			continue;
		if (!name) {
			snprintf(other, sizeof(other), "counter_%u", i);
			name = other;
		}
		json_object_set_new(counters, name,
				    json_integer((json_int_t)st->counters[i]));
	}
	return json_pack("{s:s, s:i, s:I, s:I, s:I, s:o}",
			 "version", st->version,
			 "genl_version", (int)st->genl_version,
			 "uptime_ns", (json_int_t)st->uptime_ns,
			 "uptime_s", (json_int_t)(st->uptime_ns / 1000000000ULL),
			 "load_time", (json_int_t)st->load_time,
			 "counters", counters);
}

static void status_print_duration(FILE *f, uint64_t s)
{
	if (s >= 86400)
		fprintf(f, "%" PRIu64 "d ", s / 86400);
	if (s >= 3600)
		fprintf(f, "%" PRIu64 "h ", s / 3600 % 24);
	if (s >= 60)
		fprintf(f, "%" PRIu64 "m ", s / 60 % 60);
	fprintf(f, "%" PRIu64 "s", s % 60);
}

/**
 * status_print() - the status as a table for people
 * @f: where
 * @st: the status
 */
void status_print(FILE *f, const struct hgl_status *st)
{
	time_t t = (time_t)st->load_time;
	char when[64] = "unknown";
	struct tm tm;
	unsigned int i;

	if (t && gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	fprintf(f, "hashguard %s (netlink family %s, version %u)\n",
		st->version, HASHGUARD_GENL_NAME, st->genl_version);
	fprintf(f, "  loaded:  %s\n  uptime:  ", when);
	status_print_duration(f, st->uptime_ns / 1000000000ULL);
	fprintf(f, "\n  counters:\n");
	for (i = 0; i < 64; i++) {
		const char *name = hgl_counter_name(i);

		if (!(st->have & (1ULL << i)))
			continue;
		if (name)
			fprintf(f, "    %-24s %" PRIu64 "\n", name,
				st->counters[i]);
		else
			fprintf(f, "    counter_%-16u %" PRIu64 "\n", i,
				st->counters[i]);
	}
}

/**
 * cmd_status() - hashguardctl status
 * @c: global options
 * @argc: arguments, the command name first
 * @argv: arguments
 *
 * Return: exit status.
 */
int cmd_status(struct ctl *c, int argc, char **argv)
{
	struct hgl_status st;
	struct hgl_nl *h;
	int ret;

	if (argc > 1)
		return ctl_usage_err("status", "unexpected argument '%s'",
				     argv[1]);
	ret = hgl_nl_open(&h);
	if (!ret)
		ret = hgl_nl_get_status(h, &st);
	if (ret) {
		ctl_err("%s", hgl_nl_error(h));
		hgl_nl_close(h);
		return CTL_FAIL;
	}
	hgl_nl_close(h);
	if (c->json)
		return ctl_print_json(stdout, status_to_json(&st));
	status_print(stdout, &st);
	return fflush(stdout) == EOF ? CTL_FAIL : CTL_OK;
}
